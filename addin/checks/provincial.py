"""Review checks the provincial finance systems run on submission (../shared/reference C-rules), each
switched on by a field of the rule profile, never by the province's name. Messages follow the systems'
wording where the reference gives it, so a clerk sees what the system would say."""

from __future__ import annotations

from jixiao.udfs import JixiaoError, scoring
from jixiao.udfs.values import is_blank

from .base import ERROR, TOLERANCE, rule


@rule("JX027", ERROR, "分值须大于 0", "“{name}”的分值为 {weight:pt}：权重值需大于0！",
      "每个三级指标的分值应大于 0；不考核的指标请删去该行", covers=("C9",),
      example={"name": "培训次数", "weight": 0}, reads=("weight_must_be_positive",))
def weight_positive(form, hit):
    if not form.profile.weight_must_be_positive:
        return
    for ind in form.body.indicators:
        if ind.weight_value is not None and ind.weight_value <= 0:
            yield hit(ind.weight.cell, name=ind.name, weight=ind.weight_value)


_BAND = "{level2}指标：{name}指标的实际得分区间为[{lo:pt}（含）-{hi:pt}%s]，请调整后再保存。"


@rule("JX028", ERROR, "定性指标得分不在其档次的区间内", {"": _BAND % "", "inclusive": _BAND % "（含）"},
      "定性指标按档次给分：达成 80%–100%、部分达成 60%–80%、未达成 0–60%（均为分值的比例）", covers=("C10", "R7"),
      example={"level2": "社会效益指标", "name": "干部履职能力", "lo": 12, "hi": 16}, reads=("qualitative_band_check", "qualitative_bands"))
def qualitative_band(form, hit):
    p = form.profile
    if not p.qualitative_band_check:
        return
    for ind in form.body.indicators:
        tier = ind.result.tier if ind.result else None
        if tier is None or ind.stated is None or ind.weight_value is None:
            continue
        try:
            inside = scoring.in_qualitative_band(ind.stated, tier, ind.weight_value, p)
            lo, hi, inclusive = scoring.qualitative_band(tier, ind.weight_value, p)
        except JixiaoError:
            continue
        if not inside:
            group = (ind.level2.name or ind.level1.name).removesuffix("指标")  # the message adds 指标 itself
            yield hit(ind.score_cell.cell, "inclusive" if inclusive else "", level2=group,
                      name=ind.name.removesuffix("指标"), lo=lo, hi=hi)


def _is_default_cost(ind) -> bool:
    """The 成本指标 row a system adds when a project states none (its 指标值 未填报 or empty)."""
    in_cost = "成本" in ind.level1.name + ind.level2.name
    t = ind.target.value
    return in_cost and (is_blank(t) or (isinstance(t, str) and "未填报" in t))


@rule("JX030", ERROR, "未填报成本指标的项目，成本指标得分超限", "未填报成本指标的项目，成本指标得分不得超过{limit:pt}分",
      "未设定成本指标的项目，系统添加的成本指标得分不超过规定分数", covers=("C2",),
      example={"limit": 5}, reads=("default_cost_indicator_max",))
def default_cost_indicator(form, hit):
    limit = form.profile.default_cost_indicator_max
    if limit is None:
        return
    for ind in form.body.indicators:
        pts = ind.stated if ind.stated is not None else ind.score
        if _is_default_cost(ind) and pts is not None and pts - limit >= TOLERANCE:
            yield hit((ind.score_cell or ind.weight).cell, limit=limit)


@rule("JX031", ERROR, "定性指标缺少完成情况简要描述", "第{n}行的完成情况简要描述为必录项，必须有值。",
      "定性指标须简要描述完成情况（写在偏差原因/完成情况说明栏）", covers=("C3", "C11"), example={"n": 5}, reads=("qualitative_needs_description",))
def qualitative_description(form, hit):
    if not form.profile.qualitative_needs_description:
        return
    for n, ind in enumerate(form.body.indicators, 1):
        if ind.result is not None and ind.result.tier and (ind.reason is None or is_blank(ind.reason.value)):
            yield hit((ind.reason or ind.actual).cell, n=n)


@rule("JX032", ERROR, "总分偏低却未填存在的问题和整改措施",
      {"problems": "总分在{limit:pt}分以下时[存在的问题]必填！", "measures": "总分在{limit:pt}分以下时[整改措施]必填！"},
      "总分低于规定分数时，须写明存在的问题及原因和整改措施", covers=("C19",), example={"limit": 80}, reads=("low_total_needs_problems_below",))
def low_total_notes(form, hit):
    limit = form.profile.low_total_needs_problems_below
    if limit is None or form.total_value is None or form.total_value >= limit:
        return
    for key in ("problems", "measures"):
        f = form.body.notes.get(key)
        if f is None or is_blank(f.value):
            yield hit(f.cell if f is not None else (form.body.totals.total.cell if form.body.totals.total else ""), key, limit=limit)


@rule("JX038", ERROR, "预算调整率超限而总分过高",
      "预算调整率超{limit:%},自评总得分不能超过{cap:pt}分，请调整自评得分或在预算调整超{limit:%}原因说明中填写原因！",
      "预算调整幅度较大时，总分不得超过规定分数，或须说明调整原因", covers=("C20",),
      example={"limit": 0.3, "cap": 90}, reads=("budget_adjust_limit", "total_cap_when_exceeded"))
def budget_adjustment(form, hit):
    p = form.profile
    f = form.funds.figures if form.funds else None
    if p.budget_adjust_limit is None or p.total_cap_when_exceeded is None or f is None:
        return
    if not f.budget_initial or f.budget is None or form.total_value is None:
        return
    rate = abs(f.budget - f.budget_initial) / f.budget_initial
    reason = form.body.notes.get("adjust_reason")
    if rate >= p.budget_adjust_limit and form.total_value > p.total_cap_when_exceeded and (
            reason is None or is_blank(reason.value)):
        yield hit(form.body.totals.total.cell if form.body.totals.total else form.funds.budget.cell, limit=p.budget_adjust_limit,
                  cap=p.total_cap_when_exceeded)


@rule("JX039", ERROR, "原因说明填写不符合规范", "“{name}”的原因说明“{text}”填报不符合规范，请重新填写。",
      "原因说明应写明具体原因，不用 *、_、- 等符号占位", covers=("C21",), example={"name": "培训次数", "text": "-"}, reads=("remark_forbidden_chars",))
def forbidden_chars(form, hit):
    chars = form.profile.remark_forbidden_chars
    if not chars:
        return
    for ind in form.body.indicators:
        v = ind.reason.value if ind.reason is not None else None
        if isinstance(v, str) and v.strip() and any(ch in v for ch in chars):
            yield hit(ind.reason.cell, name=ind.name, text=v.strip()[:20])
