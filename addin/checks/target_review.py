"""目标审核: a 绩效目标申报表 reviewed as bureaus review declarations, by the four criteria of the published
审核 tables — 完整性 (is everything declared), 可测性 (can each target be measured), 可行性 (do the figures
hold together), 相关性 (do the indicators fit the project). Each rule is switched off per profile
(``[review] off``) and takes its limits from the profile's ``[review]`` table. A blank declaration is one
finding (JX101) and nothing else."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from jixiao.templates.labels import norm
from jixiao.templates.model import TargetTable
from jixiao.udfs import JixiaoError
from jixiao.udfs import values as V

from .base import ERROR, TOLERANCE, WARNING, rule

COMPLETE, MEASURABLE, FEASIBLE, RELEVANT = "完整性", "可测性", "可行性", "相关性"
GROUPS = (COMPLETE, MEASURABLE, FEASIBLE, RELEVANT)
TARGETS = (TargetTable,)

# 指标 categories a declaration must cover, and the words of the levels that name them
CATEGORIES = (("数量", ("数量",)), ("质量", ("质量",)), ("时效", ("时效",)), ("成本", ("成本",)),
              ("效益", ("效益", "效果", "可持续影响")))
_VAGUE_POLICY = ("相关文件", "有关文件", "相关规定", "有关规定", "上级要求", "上级文件", "按规定", "按要求", "工作需要",
                 "领导要求", "相关政策", "有关政策", "国家政策", "文件精神")
_VAGUE_CALC = ("按实际", "据实", "实际发生", "按需", "参照往年", "同上年", "按上年")
_VAGUE_GOALS = ("完成年度任务", "完成全年任务", "完成年度目标", "完成年度工作", "完成相关工作", "做好相关工作",
                "按要求完成", "保障正常运转", "确保工作顺利开展", "完成工作任务", "完成各项工作", "圆满完成任务",
                "按时完成", "顺利完成")
_PUBLIC = ("居民", "群众", "市民", "村民", "农户", "农民", "学生", "患者", "公众", "社区", "服务对象", "老人", "老年",
           "儿童", "用户", "学员", "游客", "困难", "家庭", "残疾", "群体", "职工", "师生", "企业")
_TIME_UNITS = ("天", "日", "个月", "月", "工作日", "小时", "年", "周", "%")
_MONEY = re.compile(r"(\d+(?:,\d{3})*(?:\.\d+)?)\s*(亿元|万元|千元|元)")
_UNIT_IN_NAME = re.compile(r"[(（]\s*([^()（）]{1,6})\s*[)）]\s*$")
_DOC = re.compile(r"[《〈<].+[》〉>]|〔\d{4}〕|\[\d{4}\]|\d{4}\s*[)）]?\s*\d+\s*号")
_PUNCT = re.compile(r"[\s,，。.;；:：、!！]")


def review(code, severity, title, message, advice, group, example, reads=(), **kw):
    """A 目标审核 rule: it applies to declarations, skips a blank one (its one finding is JX101's) and any
    rule the form's profile switches off (``review.off``)."""

    def deco(fn):
        def check(form, hit):
            if code in form.profile.review_off or form.body.blank:
                return
            yield from fn(form, hit)

        check.__doc__ = fn.__doc__
        rule(code, severity, title, message, advice, bodies=TARGETS, example=example, group=group,
             reads=("review_off", *reads), **kw)(check)
        return fn

    return deco


def _category_text(i) -> str:
    return i.level1.name + i.level2.name


def _has(form, words) -> bool:
    return any(any(w in _category_text(i) for w in words) for i in form.body.indicators)


def _wan(form, value: float | None) -> float | None:
    """An amount of the form in 万元."""
    if value is None:
        return None
    return value * V.MONEY_UNITS.get(form.body.unit, 1e4) / 1e4


def _serves_public(form) -> str | None:
    """The word that shows the project serves people (居民, 学生 …) in its name, goals or indicators."""
    texts = [str(form.header_value("project_name") or ""), form.body.text("year_goal"), form.body.text("mid_goal"),
             *(i.name for i in form.body.indicators)]
    return next((w for w in _PUBLIC for t in texts if w in t), None)


# --- 完整性 ---------------------------------------------------------------------------------------------

@rule("JX101", WARNING, "绩效目标申报表未填写", "申报表尚未填写：没有年度目标，也没有绩效指标",
      "填写年度目标，并按 产出（数量、质量、时效、成本）、效益、满意度 设置三级指标及其指标值后再报送",
      bodies=TARGETS, example={}, group=COMPLETE, reads=("review_off",))
def blank(form, hit):
    if form.body.blank and "JX101" not in form.profile.review_off:
        yield hit(form.body.table_cell)


@rule("JX117", ERROR, "项目编码以数字保存，已丢失位数",
      "项目编码以数字保存（{number}），超过 15 位的部分已被 Excel 改为 0，现为“{code}”，与系统中的编码对不上",
      "把该单元格设为“文本”格式后按系统编码重新输入（或在编码前加英文单引号 '），再报送",
      bodies=TARGETS, example={"number": "4.4010123E+20", "code": "440101230000000000000"}, group=COMPLETE, reads=("review_off",))
def code_digits(form, hit):
    n = form.body.code_as_number
    if n is not None and abs(n) >= 1e15 and "JX117" not in form.profile.review_off:
        yield hit(form.header["project_code"].cell, number=f"{n:.10G}",
                  code=form.header["project_code"].value)


def _text_box(form, hit, key: str, vague) -> Iterator:
    """A box of words the declaration asks for (政策依据, 测算依据, 年度目标): empty, or ``vague(text)``; nothing
    where the layout has no such box."""
    f = form.body.texts.get(key)
    if f is None:
        return
    text = form.body.text(key)
    if not text:
        yield hit(f.cell)
    elif vague(text):
        yield hit(f.cell, "vague", text=text)


@review("JX102", WARNING, "政策依据缺失或笼统",
        {"": "政策依据未填写", "vague": "政策依据“{text}”过于笼统，看不出依据哪份文件"},
        "写明立项所依据的文件名称和文号（如《某某实施办法》（某府发〔2023〕5号）第几条）",
        COMPLETE, {"text": "按上级相关文件要求"})
def policy_basis(form, hit):
    yield from _text_box(form, hit, "policy_basis", lambda text: not _DOC.search(text) and (
        len(_PUNCT.sub("", text)) < 6 or any(w in text for w in _VAGUE_POLICY)))


@review("JX103", WARNING, "测算依据缺失或笼统",
        {"": "测算依据未填写", "vague": "测算依据“{text}”没有写出数量和标准，无法核对金额"},
        "按“数量 × 标准 = 金额”写明资金测算过程（如 培训 12 次 × 每次 3 万元 = 36 万元）",
        COMPLETE, {"text": "据实列支"})
def calc_basis(form, hit):
    yield from _text_box(form, hit, "calc_basis", lambda text: not re.search(r"\d", unicodedata.normalize("NFKC", text))
                         or any(w == _PUNCT.sub("", text) for w in _VAGUE_CALC))


@review("JX104", WARNING, "年度目标缺失或空泛",
        {"": "年度目标未填写", "vague": "年度目标“{text}”过于空泛，看不出当年要做成什么、做到什么程度"},
        "年度目标应写明当年完成的主要任务、数量和预期效果（如 开展社区服务活动 12 次，居民满意度达到 90% 以上），"
        "并与绩效指标相对应", COMPLETE, {"text": "完成年度任务"}, reads=("review_goal_min_length",))
def year_goal(form, hit):
    name = _PUNCT.sub("", str(form.header_value("project_name") or ""))

    def vague(text: str) -> bool:
        bare = _PUNCT.sub("", text)
        return len(bare) < form.profile.review_goal_min_length or bare in _VAGUE_GOALS or bare == name

    yield from _text_box(form, hit, "year_goal", vague)


@review("JX105", WARNING, "缺少某类绩效指标", "没有设置{what}指标",
        "产出指标应包括数量、质量、时效、成本指标，并设置效益指标；确不适用的请在该行写明“不适用”",
        COMPLETE, {"what": "时效"})
def categories(form, hit):
    body = form.body
    if not body.indicators:
        return
    level2_known = any(i.level2.name for i in body.indicators)
    declared_na = "".join(body.not_applicable_levels)  # a category marked 不适用 is accounted for
    for what, words in CATEGORIES:
        if what != "效益" and not level2_known:
            continue  # levels not given: nothing to tell the category by
        if not _has(form, words) and not any(w in declared_na for w in words):
            yield hit(body.table_cell, what=what)


@review("JX116", WARNING, "分值合计不等于规定总分", "申报表各指标分值合计 {total:pt}，不等于 {expected:pt}",
        "调整各指标分值，使合计等于规定总分", COMPLETE, {"total": 90, "expected": 100}, reads=("weight_total",))
def weights(form, hit):
    ws = [i.weight_value for i in form.body.indicators]
    if not any(w is not None for w in ws):
        return
    total = sum(w or 0 for w in ws)
    if abs(total - form.profile.weight_total) >= TOLERANCE:
        first = next(i for i in form.body.indicators if i.weight is not None)
        yield hit(first.weight.cell, total=total, expected=form.profile.weight_total)


# --- 可测性 ---------------------------------------------------------------------------------------------

@review("JX106", WARNING, "指标值未量化或写法不规范",
        {"": "“{name}”的指标值未填写", "unreadable": "“{name}”的指标值：{error}",
         "comparator": "“{name}”的指标值“{target}”缺少比较符，看不出是下限、上限还是须恰好达到",
         "unit": "“{name}”的指标值“{target}”没有计量单位",
         "qualitative": "“{name}”是{what}指标，指标值“{target}”却是文字，无法衡量"},
        {"": "按“比较符 + 数值 + 单位”填写指标值，如 ≥12 次、≥95%、≤36 万元；确实无法量化的写明可衡量的预期效果",
         "comparator": "在数值前写明比较符：越多越好写“≥”，越少越好写“≤”，须恰好达到写“=”",
         "unit": "在数值后写明计量单位（如 次、人、%、万元）",
         "qualitative": "数量、成本指标应填写数值（如 ≥12 次、≤36 万元）"},
        MEASURABLE, {"name": "活动完成率", "target": "100%"})
def measurable(form, hit):
    for i in form.body.indicators:
        p = i.parsed
        target = V.normalize(str(i.target.value)) if i.target.value is not None else ""
        if p is None:
            yield hit(i.target.cell, name=i.name)
        elif isinstance(p, JixiaoError):
            yield hit(i.target.cell, "unreadable", name=i.name, error=p)
        elif isinstance(p, V.Quantity) and p.comparator is None and i.direction is None:
            yield hit(i.target.cell, "comparator", name=i.name, target=target)
        elif isinstance(p, V.Quantity) and not p.unit and not _UNIT_IN_NAME.search(i.name):
            yield hit(i.target.cell, "unit", name=i.name, target=target)
        elif isinstance(p, V.Qualitative) and (what := next(
                (w for w in ("数量", "成本") if w in i.level2.name), None)):
            yield hit(i.target.cell, "qualitative", name=i.name, target=target, what=what)


@review("JX107", WARNING, "指标解释未填写", "“{name}”没有指标解释",
        "写明指标的含义、计算方法和数据来源（如 完成率 = 实际完成次数 ÷ 计划次数，以活动台账为准）",
        MEASURABLE, {"name": "居民参与率"})
def explanation(form, hit):
    for i in form.body.indicators:
        if i.explanation is not None and V.is_blank(i.explanation.value):
            yield hit(i.explanation.cell, name=i.name)


@review("JX108", WARNING, "时效指标没有完成时限", "时效指标“{name}”的指标值“{target}”没有写明完成时限",
        "时效指标写明完成的时间节点（如 2024年12月31日前）、期限（如 ≤30 天）或及时率（如 ≥95%）",
        MEASURABLE, {"name": "完成时间", "target": "按时完成"})
def deadline(form, hit):
    for i in form.body.indicators:
        if "时效" not in i.level2.name:
            continue
        p = i.parsed
        if p is None or isinstance(p, JixiaoError) or isinstance(p, V.DateValue):
            continue  # empty or unreadable: JX106 says so
        if isinstance(p, V.Quantity) and (p.unit in _TIME_UNITS or _UNIT_IN_NAME.search(i.name)):
            continue
        yield hit(i.target.cell, name=i.name, target=V.normalize(str(i.target.value)))


@review("JX109", WARNING, "指标名称过长", "指标名称“{name}”有 {length} 个字，超过 {limit} 个字",
        "指标名称应简明（只写衡量什么），数值写在指标值中、说明写在指标解释中", MEASURABLE,
        {"name": "组织开展社区居民文化体育活动并确保全年活动场次达到计划要求", "length": 29, "limit": 20}, reads=("review_name_max_length",))
def name_length(form, hit):
    limit = form.profile.review_name_max_length
    if limit is None:
        return
    for i in form.body.indicators:
        n = len(_PUNCT.sub("", i.name))
        if n > limit:
            yield hit(i.name_cell, name=i.name, length=n, limit=limit)


# --- 可行性 ---------------------------------------------------------------------------------------------

def _mentions(text: str) -> list[float]:
    """Money figures written in a text, in 元."""
    t = unicodedata.normalize("NFKC", text)
    return [float(m.group(1).replace(",", "")) * V.MONEY_UNITS[m.group(2)] for m in _MONEY.finditer(t)]


def _ten_thousand(ratio: float) -> bool:
    return 5e3 <= ratio <= 2e4


@review("JX112", ERROR, "申报金额与测算依据或成本指标相差约一万倍",
        {"": "{what} {amount:amt}{unit}约为测算依据中 {basis:amt} 元的一万倍：金额可能按元填在了以万元为单位的格中",
         "small": "{what} {amount:amt}{unit}只有测算依据中 {basis:amt} 元的约万分之一：金额单位可能填错",
         "cost": "{what} {amount:amt}{unit}约为成本指标“{target}”的一万倍：金额可能按元填在了以万元为单位的格中",
         "zero": "{what}为 0，却申报了 {count} 个绩效指标"},
        {"": "核对金额单位：以万元为单位的格中，按元算出的金额要除以 10000 后填写（两位小数）",
         "zero": "填写申报的资金金额；没有资金安排的项目不需申报绩效目标"},
        FEASIBLE, {"what": "本年度项目金额", "amount": 360000.0, "unit": "万元", "basis": 360000.0})
def amount_plausible(form, hit):
    body = form.body
    keys = [k for k in ("year_amount", "total_amount") if body.amount(k) is not None]
    from jixiao.templates.model.target import AMOUNT_NAMES

    mentions = _mentions(body.text("calc_basis"))
    costs = [(V.normalize(str(i.target.value)), p.value * V.MONEY_UNITS[p.unit]) for i in body.indicators
             if "成本" in _category_text(i) and isinstance(p := i.parsed, V.Quantity) and p.unit in V.MONEY_UNITS
             and p.value > 0]
    scale = V.MONEY_UNITS.get(body.unit, 1e4)
    for key in keys:
        value, cell, what = body.amount(key), body.amounts[key].cell, AMOUNT_NAMES[key]
        params = {"what": what, "amount": value, "unit": body.unit}
        if value == 0 and body.indicators:
            yield hit(cell, "zero", what=what, count=len(body.indicators))
            return
        if not value or value < 0:
            continue
        yuan = value * scale
        if mentions and not any(abs(yuan - m) <= 0.01 * m for m in mentions) and not (
                abs(yuan - sum(mentions)) <= 0.01 * sum(mentions)):
            top = max(mentions)
            if _ten_thousand(yuan / top):
                yield hit(cell, **params, basis=top)
                return
            if _ten_thousand(top / yuan):
                yield hit(cell, "small", **params, basis=top)
                return
        for text, c in costs:
            if _ten_thousand(yuan / c):
                yield hit(cell, "cost", **params, target=text)
                return


@review("JX111", WARNING, "绩效指标偏少", "{amount:amt}万元的项目只设了 {count} 个绩效指标，至少应有 {need} 个",
        "按项目内容细化产出、效益、满意度指标，资金量大的项目应相应多设指标", FEASIBLE,
        {"amount": 360.0, "count": 3, "need": 6}, reads=("review_min_indicators", "review_large_amount", "review_min_indicators_large"))
def enough(form, hit):
    p, body = form.profile, form.body
    amount = _wan(form, body.year_amount)
    large = p.review_large_amount is not None and amount is not None and amount >= p.review_large_amount
    need = p.review_min_indicators_large if large else p.review_min_indicators
    if body.indicators and len(body.indicators) < need:
        yield hit(body.table_cell, amount=amount or 0.0, count=len(body.indicators), need=need)


# --- 相关性 ---------------------------------------------------------------------------------------------

@review("JX114", WARNING, "指标重复", "“{name}”与 {first} 的指标重复", "合并重复的指标，或改写名称说明两者衡量的不同内容",
        RELEVANT, {"name": "居民满意度", "first": "D20"})
def duplicates(form, hit):
    seen: dict[str, str] = {}
    for i in form.body.indicators:
        key = _PUNCT.sub("", norm(i.name))
        if not key:
            continue
        if key in seen:
            yield hit(i.name_cell, name=i.name, first=seen[key])
        else:
            seen[key] = i.name_cell


@review("JX110", WARNING, "面向公众的项目缺少满意度指标", "项目服务{who}，却没有设置满意度指标",
        "设置服务对象满意度指标（如 居民满意度 ≥90%），并写明调查方式", RELEVANT, {"who": "居民"}, reads=("review_public_satisfaction",))
def satisfaction(form, hit):
    if not form.profile.review_public_satisfaction or not form.body.indicators:
        return
    if any("满意" in _category_text(i) + i.name for i in form.body.indicators):
        return
    who = _serves_public(form)
    if who:
        yield hit(form.body.table_cell, who=who)


@review("JX115", WARNING, "未标明核心指标", "申报表没有标明核心绩效指标",
        "按财预〔2021〕101号，在“是否核心指标”一栏标明反映项目主要产出和效果的核心指标", RELEVANT, {}, reads=("review_core_indicators",))
def core(form, hit):
    if form.profile.review_core_indicators and form.body.indicators and not any(
            i.is_core for i in form.body.indicators):
        yield hit(form.body.table_cell)
