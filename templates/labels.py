"""The labels the official forms use, and the spellings departments drift into.

One table for recognition (find a field by any of its labels) and for the generated templates (the
first spelling is the official one). Matching is on normalised text: full-width folded, spaces and
line breaks removed ("年度\\n指标值" → "年度指标值", "项目支\\n出名称" → "项目支出名称").
"""

from __future__ import annotations

import functools
import re
import unicodedata


def _months(what: str) -> tuple[str, ...]:
    """"1-6月执行数" and its kin: monitoring runs to June in most places, to July or later in some."""
    return tuple(f"1{sep}{m}月{what}" for m in range(1, 13) for sep in ("-", "至", "~", "—"))


# field → labels, official spelling first
LABELS: dict[str, tuple[str, ...]] = {
    # header fields
    "project_name": ("项目名称", "项目支出名称", "项目(政策)名称", "项目（政策）名称"),
    "department": ("主管部门", "主管部门及代码", "主管单位"),
    "unit": ("实施单位",),
    "dept_name": ("市级预算部门名称", "预算部门名称", "部门名称", "部门(单位)名称", "单位名称", "预算单位名称"),
    # funds block
    "funds_anchor": ("年度资金总额", "资金总额", "项目资金总额", "年度财政资金总额", "财政资金总额", "总额"),
    "budget_initial": ("年初预算数", "年初预算", "年初批复预算数"),
    "budget": ("全年预算数", "全年预算", "调整后预算数", "全年预算数(A)", "预算数"),
    "spent": ("全年执行数", "全年执行", "全年执行数(B)", "实际执行数", "全年实际执行数", "实际支出数", "执行数",
              "预算执行数"),
    "weight": ("分值", "权重", "分值(权重)"),
    "rate": ("执行率", "预算执行率", "执行率(B/A)"),
    "score": ("得分", "自评得分", "实际得分"),
    # indicator table
    "level1": ("一级指标",),
    "level2": ("二级指标",),
    "level3": ("三级指标", "三级指标名称", "指标名称", "绩效指标名称"),
    # the name column of a form without level columns, whose 一、产出指标 / （一）数量指标 are heading rows
    "indicator_col": ("绩效指标", "指标", "指标内容", "考核指标"),
    "target": ("年度指标值", "年度目标值", "指标值", "预期指标值", "全年指标值", "目标值", "年度计划值", "年初目标值"),
    "actual": ("实际完成值", "全年实际完成值", "完成值", "实际值", "全年实际值", "全年完成值", "实际完成数"),
    "reason": ("偏差原因分析及改进措施", "偏差原因及改进措施", "未完成原因分析及改进措施", "未完成原因和改进措施",
               "偏差原因和改进措施", "原因分析及改进措施", "偏差原因分析", "偏差原因"),
    "comparator": ("指标性质", "指标方向", "比较符", "运算符号", "比较符号", "符号"),
    "unit_col": ("度量单位", "计量单位", "单位"),
    "total": ("总分", "合计", "总计", "综合得分", "合计得分"),
    "grade": ("等级", "评价等级", "自评等级", "绩效等级"),
    # notes a form closes with (宁夏: 总分在80分以下时[存在的问题]/[整改措施]必填)
    "problems": ("存在问题", "存在的问题", "存在的主要问题", "偏差大或目标未完成原因分析", "主要问题"),
    "measures": ("改进措施", "整改措施", "改进措施及结果应用方案", "下一步改进措施"),
    "adjust_reason": ("预算调整超30%原因说明", "预算调整原因", "预算调整原因说明"),
    # 基础数据表
    "staff_quota": ("编制数",),
    "staff_actual": ("实际在职人数", "年实际在职人数", "实有在职人数"),
    "control_rate": ("控制率", "人员控制率"),
    "funds_control": ("经费控制情况", "经费控制情况(万元)"),
    "three_public": ("三公经费", "“三公”经费", '"三公"经费'),
    # 监控表
    "h1_spent": ("1-6月执行数", *_months("执行数")),
    "h1_rate": ("1-6月执行率", *_months("执行率")),
    "budget_adjust": ("年中预算调整数", "年中调整数", "预算调整数"),
    "year_forecast": ("全年预计执行数",),
    "monitor_type": ("指标类型",),
    "h1_done": ("1-6月完成情况", *_months("完成情况"), *_months("执行情况"), *_months("实际完成情况")),
    "forecast_done": ("全年预计完成情况", "全年预计完成值"),
    "can_complete": ("全年预计能否完成", "能否完成", "预计能否完成", "全年能否完成", "完成目标可能性"),
    "cause_note": ("原因说明", "偏差原因说明"),
    "remark": ("备注", "备注(原因说明)", "备注（原因说明）"),
    "cause_funds": ("经费保障",),
    "cause_rules": ("制度保障",),
    "cause_staff": ("人员保障",),
    "cause_hardware": ("硬件条件保障",),
    "cause_other": ("其他", "其他原因"),
    "light": ("预警", "预警灯", "预警情况", "预警结果", "亮灯情况"),  # 红/黄/绿/蓝 (M1–M6)
    "monitor_period": ("监控期", "监控期间", "监控时段", "监控时间", "监控月份", "监控期限"),  # 1-6月, 截至9月底
    # 考核内容/计分标准 表
    "assess_content": ("考核内容",),
    "assess_standard": ("计分标准", "评分标准", "评分办法", "评分细则", "计分方法"),
    "assess_self": ("自评分数", "自评得分", "自评分"),
    "assess_review": ("评定分数",),
}

# Titles identify the kind when present (a title row such as "附件4" may sit above the form)
TITLES: dict[str, tuple[str, ...]] = {
    "project": ("项目支出绩效自评表",),
    "overall": ("部门整体支出绩效自评表", "整体支出绩效自评表", "部门(单位)整体支出绩效自评表"),
    "basic_data": ("整体支出绩效评价基础数据表",),
    "monitor": ("项目支出绩效运行监控表", "绩效运行监控表"),
    "assessment": ("整体绩效自评表",),
}

KIND_NAMES = {
    "project": "项目支出绩效自评表",
    "overall": "部门整体支出绩效自评表",
    "basic_data": "部门（单位）整体支出绩效评价基础数据表",
    "monitor": "项目支出绩效运行监控表",
    "assessment": "整体绩效自评表（考核内容/计分标准）",
}

# 偏差原因 categories a 监控表 ticks (√), by field, in the form's order
CAUSES = {f: LABELS[f][0] for f in ("cause_funds", "cause_rules", "cause_staff", "cause_hardware", "cause_other")}

# what a header field is called when a check names it
HEADER_NAMES = {"project_name": "项目名称", "department": "主管部门", "unit": "实施单位", "dept_name": "部门名称"}

_WS = re.compile(r"[\s\u3000\u00a0]+")
_TRAIL = re.compile(r"[:：]+$")
_WEIGHT = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
# a short note in brackets after a label: （万元）, (A), (B/A), （%）, (10分)
_UNIT_SUFFIX = re.compile(r"[(（][^()（）]{1,8}[)）]$")


def norm(text) -> str:
    """Normalised label text: NFKC, no spaces or line breaks, no trailing colon."""
    if not isinstance(text, str):
        return ""
    return _norm(text)


@functools.lru_cache(maxsize=65536)
def _norm(text: str) -> str:
    return _TRAIL.sub("", _WS.sub("", unicodedata.normalize("NFKC", text)))


def clean(text) -> str:
    """A name as typed, minus line breaks and padding (full-width characters kept): for display."""
    if text is None:
        return ""
    if not isinstance(text, str):
        return str(text)
    return _clean(text)


_BREAKS = re.compile(r"[\r\n\t\u3000\u00a0]+")
_RUNS = re.compile(r" {2,}")


@functools.lru_cache(maxsize=65536)
def _clean(text: str) -> str:
    return _RUNS.sub(" ", _BREAKS.sub("", text)).strip()


# 一级/二级 names of the official forms: a row holding only one of these is a heading, not an indicator
LEVEL1_NAMES = ("产出指标", "成本指标", "效益指标", "满意度指标", "效果指标")
LEVEL2_NAMES = ("数量指标", "质量指标", "时效指标", "成本指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
                "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标", "满意度指标")
_LEVEL1_MARK = re.compile(r"[一二三四五六七八九十]+\s*[、.．]\s*")
_LEVEL2_MARK = re.compile(r"[(（]\s*[一二三四五六七八九十]+\s*[)）]\s*[、.．]?\s*")


def heading_level(text) -> tuple[str, str] | None:
    """"一、产出指标（50分）" → ("level1", "产出指标"); "（二）质量指标" → ("level2", "质量指标"); a bare
    official name counts too; anything else is not a heading."""
    t = strip_weight(text) if isinstance(text, str) else ""
    if m := _LEVEL2_MARK.match(t):
        return "level2", t[m.end():].strip()
    if m := _LEVEL1_MARK.match(t):
        return "level1", t[m.end():].strip()
    name = norm(t)
    if name in LEVEL1_NAMES:
        return "level1", name
    if name in LEVEL2_NAMES:
        return "level2", name
    return None


def stated_weight(text) -> float | None:
    """The weight a group label claims: "产出指标(50分)" → 50."""
    m = _WEIGHT.search(unicodedata.normalize("NFKC", text)) if isinstance(text, str) else None
    return float(m.group(1)) if m else None


_POINTS = re.compile(r"[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]")


def strip_weight(text: str) -> str:
    """"产出指标\n(50分)" → "产出指标" (as typed otherwise)."""
    return _POINTS.sub("", clean(text))


def matches(text, field: str) -> bool:
    """Does a cell's text name this field? Exact after normalising, or with a unit/weight suffix."""
    return field in fields_of(norm(text))


_YEAR_PREFIX = re.compile(r"\d{4}年")


@functools.lru_cache(maxsize=65536)
def fields_of(t: str) -> frozenset[str]:
    """Every field a normalised text names: the label itself, the label with one short note in brackets
    after it (全年预算数(A), 执行率(B/A), 得分(20分)), or 实际在职人数 after a year (2023年实际在职人数)."""
    if not t:
        return frozenset()
    out = set(_FIELDS_BY_LABEL.get(t, ()))
    m = _UNIT_SUFFIX.search(t)
    if m and m.start():
        out.update(_FIELDS_BY_LABEL.get(t[: m.start()], ()))
    y = _YEAR_PREFIX.match(t)
    if y and "staff_actual" in _FIELDS_BY_LABEL.get(t[y.end():], ()):
        out.add("staff_actual")
    return frozenset(out)


def _matches(t: str, field: str) -> bool:
    return field in fields_of(t)


_INLINE = re.compile(r"([^:：]{1,16})[:：](.+)", re.S)


def inline_value(text, field: str) -> str | None:
    """"项目名称：2023年农村饮水工程" → the value typed after the label's colon, in one cell."""
    if not isinstance(text, str):
        return None
    m = _INLINE.match(text.strip())  # the value as typed, full-width kept
    if not m or not _matches(norm(m.group(1)), field):
        return None
    return clean(m.group(2)) or None


def kind_from_title(text) -> str | None:
    t = norm(text)
    if len(t) > 60:
        return None
    # the longest title that fits wins ("整体绩效自评表" is inside "部门整体支出绩效自评表"…)
    best = None
    for kind, titles in TITLES.items():
        for title in titles:
            if norm(title) in t and (best is None or len(title) > best[1]):
                best = (kind, len(title))
    return best[0] if best else None


_NORM_LABELS = {f: tuple(norm(x) for x in labels) for f, labels in LABELS.items()}
_FIELDS_BY_LABEL: dict[str, tuple[str, ...]] = {}
for _f, _labels in _NORM_LABELS.items():
    for _lab in _labels:
        _FIELDS_BY_LABEL[_lab] = (*_FIELDS_BY_LABEL.get(_lab, ()), _f)


_SHARE = re.compile(r"[×xX*]\s*(\d+(?:\.\d+)?)\s*%")
SECTION_MARKS = tuple(f"{n}、" for n in "一二三四五六七八九十")


def average_share(standard) -> float | None:
    """The share of the projects' average a 计分标准 awards: "所有项目平均得分×80%" → 0.8."""
    if not isinstance(standard, str) or "平均" not in standard:
        return None
    m = _SHARE.search(unicodedata.normalize("NFKC", standard))
    return float(m.group(1)) / 100 if m else None
