"""The 自评报告's sentences as data, and the figures they are filled with.

Each sentence is one declared :class:`Sentence`: a row of :class:`Part` s, some optional. An optional part
is left out when a field it names has no value (no 监控表 → no 年中监控 clause, no 偏差原因 → no reason
clause); the punctuation closes up around what is left. Every value a sentence receives is a figure
jixiao computed from the model (:mod:`jixiao.templates.model`), formatted here; what the tables cannot
say is a placeholder in 【】 that the document highlights.
"""

from __future__ import annotations

import datetime as _dt
import re
import string
from dataclasses import dataclass
from functools import cached_property

from jixiao.templates.model import BasicData, Indicator
from jixiao.udfs import JixiaoError
from jixiao.udfs.rounding import add, round_to
from jixiao.udfs.values import FRACTION_UP_TO, MONEY_UNITS, DateValue, Qualitative, Quantity, is_blank, parse

from .findings import amount, percent, points

# --- sentences ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    text: str  # with {fields}
    optional: bool = False  # left out when any of its fields has no value
    end: str = "，"  # what follows it when another part comes after ("" to run on)
    opens: bool = False  # begins a new sentence: the part before it then ends with 。

    @cached_property
    def fields(self) -> tuple[str, ...]:
        return tuple(f for _t, f, _s, _c in string.Formatter().parse(self.text) if f)


@dataclass(frozen=True)
class Sentence:
    id: str
    what: str  # what the sentence reports, for people reading the code
    parts: tuple[Part, ...]

    @property
    def optional_fields(self) -> set[str]:
        return {f for p in self.parts if p.optional for f in p.fields}

    def render(self, **values) -> str:
        out: list[list[str]] = []
        for part in self.parts:
            missing = [f for f in part.fields if blank(values.get(f))]
            if missing and part.optional:
                continue
            if missing:
                raise KeyError(f"句子“{self.id}”缺少 {'、'.join(missing)}")
            if out and part.opens and out[-1][1] in ("，", ""):
                out[-1][1] = "。"
            out.append([part.text.format(**{f: values[f] for f in part.fields}), part.end])
        if out and out[-1][1] in ("，", "", "；"):
            out[-1][1] = "。"
        return "".join(t + e for t, e in out)


def blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def S(id_: str, what: str, *parts: Part) -> Sentence:
    return Sentence(id_, what, parts)


def P(text: str, *, optional: bool = False, end: str = "，", opens: bool = False) -> Part:
    return Part(text, optional, end, opens)


BUDGET = S("budget", "预算安排：年初、调整、全年预算，调整率，执行数与执行率",
           P("{subject}", end=""), P("{year}年", optional=True, end=""), P("年初预算数为{initial}万元", optional=True),
           P("年中调整数{adjust}万元", optional=True), P("全年预算数{budget}万元"), P("预算调整率{adjust_rate}", optional=True),
           P("全年实际支出资金{spent}万元", opens=True), P("预算执行率为{rate}"))
FUNDS = S("funds", "资金执行及执行率得分（seed 004 三、首段）",
          P("{subject}", end=""), P("{year}年", optional=True, end=""), P("年初预算数{initial}万元", optional=True),
          P("全年预算金额为{budget}万元"), P("执行金额为{spent}万元"), P("执行率为{rate}"), P("得{score}分", optional=True))
OVERVIEW = S("overview", "指标设置：一级、二级、三级指标个数",
             P("{subject}绩效目标共设置一级指标{n1}个"), P("二级指标{n2}个"), P("三级指标{n3}个"), P("详细说明如下", end="："))
# an indicator's sentence by what its values are: a count (52 人), a percentage (99.93%), an amount (4637.81万元),
# a date (2023年12月10日) or words (已完成, 长期); seed 004 writes the count's form ("共计") for its figures
VALUE_TYPES = ("count", "percentage", "amount", "date", "qualitative")
_TARGET = {"qualitative": "{name}：该指标预期目标为“{target}”"}
_ACTUAL = {"count": "本次评价{name}共计{actual}", "percentage": "本次评价{name}为{actual}",
           "amount": "本次评价{name}金额为{actual}", "date": "本次评价{name}实际为{actual}",
           "qualitative": "本次评价{name}的完成情况为“{actual}”"}


def _indicator_sentence(vt: str) -> Sentence:
    return S(f"indicator_{vt}", f"一个三级指标（{vt}）：指标值、年中监控值、完成值、完成率、偏差原因、分值与得分（seed 004）",
             P(_TARGET.get(vt, "{name}：该指标预期指标值为{target}")), P("年中监控实际完成值为{midyear}", optional=True),
             P(_ACTUAL[vt]), P("该指标完成率为{completion}", optional=True),
             P("{reason}", optional=True, end="。"), P("该指标权重分值为 {weight} 分", opens=True),
             P("自评得分 {score} 分"))


INDICATORS = {vt: _indicator_sentence(vt) for vt in VALUE_TYPES}
INDICATOR = INDICATORS["count"]
GROUP = S("group", "一级指标小计", P("{level1}共{count}项三级指标"), P("权重分值合计 {weight} 分"),
          P("自评得分合计 {score} 分"))
CONCLUSION = S("conclusion", "评价结论：总分、等级、指标完成情况",
               P("{year}年度", optional=True, end=""), P("{subject}绩效自评综合得分 {total} 分"),
               P("评价结果为“{grade}”", end="。"), P("{count}项三级指标中", opens=True), P("全部完成{met}项"),
               P("部分完成{partial}项"), P("未完成{unmet}项"), P("无法计分{unscored}项", optional=True))
STAFF = S("staff", "财政供养人员与控制率（基础数据表）", P("财政供养人员编制数{quota}人"), P("实际在职人数{actual}人"),
          P("控制率{rate}", optional=True))
BASIC_LINE = S("basic_line", "基础数据表一行：本年预算、本年决算、上年决算（每项“为…万元”，一项也成句）",
               P("{label}", end="："), P("{budget_col}为{budget}万元", optional=True),
               P("{final_col}为{final}万元", optional=True), P("{prev_col}为{prev}万元", optional=True),
               P("执行率{rate}", optional=True))
PROJECTS = S("projects", "项目总体情况：个数、预算与执行合计、执行率、等级分布",
             P("本次共对{count}个项目开展绩效自评"), P("全年预算数合计{budget}万元"), P("全年执行数合计{spent}万元"),
             P("总体执行率为{rate}"), P("自评等级{grades}", optional=True))
PROJECT_HEAD = S("project_head", "项目的主管部门与实施单位", P("该项目主管部门为{department}", optional=True),
                 P("实施单位为{unit}", optional=True))
ISSUE = S("issue", "一个指标的偏差原因或改进措施", P("{name}", end="："), P("{text}", end="。"))

PROJECT_FUNDS = S("project_funds", "项目资金与自评结论（项目报告：一段）",
                  P("{subject}", end=""), P("{year}年", optional=True, end=""), P("全年预算数{budget}万元"),
                  P("全年执行数{spent}万元"), P("执行率{rate}"), P("执行率得分{score}分", optional=True),
                  P("自评总分{total}分", opens=True), P("等级为“{grade}”", end="。"))
DEVIATIONS = S("deviations", "项目未完全完成的指标个数", P("{count}项三级指标中"), P("全部完成{met}项"),
               P("未完全完成{missed}项", end="："), P("{missed_names}", optional=True, end="。"))

SENTENCES = {s.id: s for s in (BUDGET, FUNDS, OVERVIEW, *INDICATORS.values(), GROUP, CONCLUSION, STAFF, BASIC_LINE,
                               PROJECTS, PROJECT_HEAD, ISSUE, PROJECT_FUNDS, DEVIATIONS)}

# --- what people must write ---------------------------------------------------------------------------

PLACEHOLDERS = {
    "basic_info": "【请填写：部门单位主要职能、机构设置及人员构成】",
    "key_work": "【请填写：部门单位年度重点工作计划及预期目标】",
    "adjust_reason": "【请填写：年中预算调整的主要原因】",
    "uses": "【请填写：资金使用的主要内容及范围】",
    "management": "【请填写：预算管理制度健全性、资金使用合规性和安全性、预决算信息公开情况】",
    "no_basic": "【未提供基础数据表：请填写基本支出、项目支出和“三公”经费的预算及执行情况】",
    "spending": "【请填写：基本支出和项目支出的管理及使用情况】",
    "effect": "【请填写：{level1}完成情况的成效分析】",
    "summary": "【请填写：年度主要工作成效及评价结论的说明】",
    "problems": "【请填写：表中未列出的其他问题及原因分析】",
    "measures": "【请填写：改进措施和建议】",
    "overview": "【请填写：项目立项依据、主要内容及实施情况】",
    "date": "【　　年　　月　　日】",
    "unit": "【部门单位名称】",
    "year": "【　　】",
    "unscored": "【无法计算，见校验说明】",
    "use": "【请填写：绩效自评结果拟应用（整改、预算安排、绩效考核等）和公开情况】",
    "other": "【请填写：其他需要说明的问题；没有的写“无”】",
    "project_issues": "【请填写：存在的问题及改进措施】",
}
PLACEHOLDER_RE = re.compile(r"【[^】]*】")

# --- figures as the report prints them ----------------------------------------------------------------


def pts(x) -> str | None:
    """A score or total jixiao computed: always two decimals (100.00 beside 99.07, 7.80)."""
    return None if x is None else f"{x:.2f}"


def wts(x) -> str | None:
    """A 分值 as the form gives it (10, 2.5)."""
    return None if x is None else points(x)


def pct(x) -> str | None:
    return None if x is None else percent(x)


def amt(x) -> str | None:
    return None if x is None else amount(x)


def amt_sep(x) -> str:
    """An amount in a table: as in the text (2813.15, two decimals, no separators, as the seeds write); — for none."""
    return "—" if x is None else amount(x)


def count_of(x) -> str | None:
    return None if x is None else f"{x:g}"


_CN = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (headings 一、 … 九十九、)."""
    tens, ones = divmod(n, 10)
    if n < 10:
        return _CN[n]
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def shown(value, like=None) -> str | None:
    """A cell's 指标值 / 完成值 as the form shows it: text as typed (spaces collapsed), a date as 年月日, a
    %-formatted fraction (0.9993 beside a % target) as a percent."""
    if blank(value):
        return None
    if isinstance(value, _dt.datetime | _dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        if isinstance(like, str) and "%" in like and abs(value) <= FRACTION_UP_TO:  # values.percent_points
            return f"{value * 100:.2f}".rstrip("0").rstrip(".") + "%"
        return f"{value:.4f}".rstrip("0").rstrip(".")
    t = re.sub(r"\s+", " ", str(value)).strip()
    t = t.replace(">=", "≥").replace("<=", "≤").replace("＞＝", "≥").replace("＜＝", "≤")
    return re.sub(r"^[=＝]\s*", "", t) or None  # "=3 次" is the form's way of typing 3 次


def split_reason(text) -> tuple[str | None, str | None]:
    """A 偏差原因分析及改进措施 cell into its cause and its measures (seed 004 writes “偏差原因：… 改进措施：…”);
    a placeholder (无, —, /) is no reason, as for check JX011."""
    if is_blank(text):
        return None, None
    t = re.sub(r"\s+", " ", str(text)).strip("；;。.，, ")
    m = re.search(r"[，,；;。]?(?:改进措施|整改措施|改进方向)(?:和建议)?[:：]", t)
    cause, measure = (t[:m.start()], t[m.end():]) if m else (t, None)
    cause = re.sub(r"^(?:偏差原因(?:分析)?(?:及改进措施)?)[:：]", "", cause).strip("；;。.，, ")
    measure = measure.strip("；;。.，, ") if measure else None
    return (None if is_blank(cause) else cause or None), (None if is_blank(measure) else measure or None)


def reason_clause(text) -> str | None:
    """The reason clause of an indicator sentence: "偏差原因：…。改进措施：…"."""
    cause, measure = split_reason(text)
    if cause is None and measure is None:
        return None
    parts = ([f"偏差原因：{cause}"] if cause else []) + ([f"改进措施：{measure}"] if measure else [])
    return "。".join(parts)


def indicator_values(ind: Indicator, midyear=None) -> dict:
    """The INDICATOR sentence's fields for one scored row; ``midyear`` the 监控表's 1-6月 value, if any."""
    target = shown(ind.target.value)
    completion = ind.result.completion if ind.result is not None else None
    return {"name": ind.name, "target": target or "（未填写）", "midyear": shown(midyear, target),
            "actual": shown(ind.actual.value, target) or "（未填写）",
            "completion": pct(round(completion, 4)) if completion is not None else None,
            "reason": reason_clause(ind.reason.value if ind.reason else None),
            "weight": wts(ind.weight_value) or PLACEHOLDERS["unscored"],
            "score": pts(ind.score) or PLACEHOLDERS["unscored"]}


def value_type(ind: Indicator) -> str:
    """Which of :data:`VALUE_TYPES` the row's values are: read from its 年度指标值 (its 实际完成值 when the
    target says nothing) by the value parser the scoring uses."""
    def kind(v):
        try:
            q = parse(v)
        except JixiaoError:  # an unreadable value: its check reports it; the sentence then says it as typed
            return None
        if isinstance(q, DateValue):
            return "date"
        if isinstance(q, Qualitative):
            return "qualitative"
        if isinstance(q, Quantity):
            if q.is_percent:
                return "percentage"
            return "amount" if q.unit in MONEY_UNITS else "count"
        return None

    target, actual = kind(ind.target.value), kind(ind.actual.value)
    if target == "count" and actual == "percentage":  # "≥95" beside 0.99 formatted as a percent
        return "percentage"
    return target or actual or "qualitative"


def status(ind: Indicator) -> str | None:
    """met (full points), partial, unmet (no points); None when the row could not be scored."""
    if ind.score is None or ind.weight_value is None:
        return None
    if ind.score >= ind.weight_value:
        return "met"
    return "partial" if ind.score > 0 else "unmet"


def ratio(part: float | None, whole: float | None) -> float | None:
    """A rate jixiao computes (调整率, a basic-data 执行率): a fraction to four decimals, None without a base."""
    if part is None or not whole:
        return None
    return round_to(part / whole, 4)


def total_of(values) -> float | None:
    vals = list(values)
    return None if not vals or None in vals else round_to(add(vals), 2)


# --- 基础数据表 ----------------------------------------------------------------------------------------

_NUMBERED = re.compile(r"^\d[、.]")


def clean_label(label: str) -> str:
    """"1、公务用车购置和维护经费" → "公务用车购置和维护经费", "项目支出：" → "项目支出", 三公 quoted."""
    t = re.sub(r"^(?:\d[、.]|其中[:：])\s*", "", label.strip()).rstrip(":：")
    return "“三公”经费" if t.replace("“", "").replace("”", "").replace('"', "") == "三公经费" else t


def basic_amounts(b: BasicData) -> list[tuple[str, bool, dict[str, float | None]]]:
    """(label, top level?, amount per column) for every 经费控制情况 row; the 三公经费 and 公务用车 totals are
    the sums of their parts (a blank total — an uncalculated formula — is filled, a wrong one corrected, as JX017
    reports)."""
    out = [(r.label, _headline(r.label), dict(r.amounts)) for r in b.rows]
    tp = b.three_public()
    if tp is None:
        return out
    total, parts, car, car_parts = tp.total, tp.parts, tp.car, tp.car_parts
    for col in b.columns:
        if car is not None and car_parts:
            s = total_of(out[i][2].get(col) for i in car_parts)
            if s is not None:
                out[car][2][col] = s
        s = total_of(out[i][2].get(col) for i in parts)
        if parts and s is not None:
            out[total][2][col] = s
    return out


_HEADLINES = ("三公", "基本支出", "项目支出", "公用经费", "政府采购")


def _headline(label: str) -> bool:
    """A row the report writes a sentence for (its parts are in the table only)."""
    return not _NUMBERED.match(label) and not label.startswith("其中") and any(k in label for k in _HEADLINES)


def basic_columns(b: BasicData) -> tuple[str | None, str | None, str | None]:
    """(本年预算数, 本年决算数, 上年决算数) among the form's year columns."""
    budget = next((c for c in b.columns if "预算" in c), None)
    finals = [c for c in b.columns if "决算" in c]
    final = finals[-1] if finals else None
    prev = finals[0] if len(finals) > 1 else None
    return budget, final, prev
