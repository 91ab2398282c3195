"""Stated scores against the rule: not yet scored, above the weight, different from the computation, 总分."""

from __future__ import annotations

from jixiao.templates.model import indicator_points
from jixiao.udfs.values import is_blank

from .base import ERROR, TOLERANCE, WARNING, rule
from .common import needs_recompute, stated_points


@rule("JX000", WARNING, "尚未计分",
      {"filled": "得分单元格都还是空的：这张表需要重算，不是填错",
       "empty": "这张表还没有填写实际完成值和执行数，填好后再重算"},
      "请先点“重算得分”（或运行 jixiao recompute），再校验")
def not_scored(form, hit):
    if not needs_recompute(form):
        return
    inds, funds = form.body.indicators, form.funds
    first = inds[0].score_cell.cell if inds and inds[0].score_cell else funds.score.cell
    filled = any(not is_blank(i.actual.value) for i in inds) or (
        funds is not None and funds.spent is not None and not is_blank(funds.spent.value))
    yield hit(first, "filled" if filled else "empty")


@rule("JX004", ERROR, "得分高于分值",
      {"indicator": "“{name}”得分 {stated:pt} 高于分值 {weight:pt}", "funds": "执行率得分 {stated:pt} 高于分值 {weight:pt}"},
      "得分不能超过该项分值", example={"name": "培训次数", "stated": 25, "weight": 20}, covers=("C12",), reads=("score_above_weight",))
def score_above_weight(form, hit):
    if not form.profile.score_above_weight:
        return
    for ind in form.body.indicators:
        stated, w = ind.stated, ind.weight_value
        if stated is not None and w is not None and stated - w >= TOLERANCE:
            yield hit(ind.score_cell.cell, "indicator", name=ind.name, stated=stated, weight=w)
    f = form.funds
    if f is not None and f.score is not None and f.figures is not None:
        stated = stated_points(f.score.value)
        if stated is not None and stated - f.figures.weight >= TOLERANCE:
            yield hit(f.score.cell, "funds", stated=stated, weight=f.figures.weight)


@rule("JX005", ERROR, "填写的得分与计算结果不符",
      {"indicator": "“{name}”得分填的是 {stated:pt}，按规则“{profile}”应得 {score:pt}",
       "funds": "执行率得分填的是 {stated:pt}，按规则“{profile}”执行率 {rate:%} 应得 {score:pt}"},
      "按本规则重算该项得分（点“重算得分”）", example={"name": "培训次数", "stated": 18, "profile": "全国通用", "score": 20}, reads=("qualitative_band_check", "qualitative_bands"))
def score_differs(form, hit):
    f = form.funds
    if f is not None and f.score is not None and f.figures is not None and f.figures.score is not None:
        stated = stated_points(f.score.value)
        if stated is not None and abs(stated - f.figures.score) >= TOLERANCE:
            yield hit(f.score.cell, "funds", stated=stated, profile=form.profile.name, rate=f.figures.rate,
                      score=f.figures.score)
    for ind in form.body.indicators:
        if form.profile.qualitative_band_check and ind.result and ind.result.tier:
            continue  # a 定性 score is checked against its tier's band (JX028)
        stated = ind.stated
        if stated is not None and ind.score is not None and abs(stated - ind.score) >= TOLERANCE:
            yield hit(ind.score_cell.cell, "indicator", name=ind.name, stated=stated, profile=form.profile.name,
                      score=ind.score)


@rule("JX006", ERROR, "总分与各项得分之和不符",
      {"": "总分填的是 {stated:pt}，按规则计算应为 {total:pt}（等级{grade}）",
       "printed": "总分填的是 {stated:pt}，表中执行率得分与各指标得分之和为 {total:pt}"},
      "总分应等于执行率得分与各指标得分之和", example={"stated": 98, "total": 99.5, "grade": "优"})
def total_differs(form, hit):
    t = form.body.totals.total
    stated = stated_points(t.value) if t is not None else None
    if stated is None:
        return
    if form.total_value is not None:
        if abs(stated - form.total_value) >= TOLERANCE:
            yield hit(t.cell, stated=stated, total=form.total_value, grade=form.grade_value)
        return
    printed = _printed_parts(form)
    if printed is not None and abs(stated - printed) >= TOLERANCE:
        yield hit(t.cell, "printed", stated=stated, total=printed)


def _printed_parts(form) -> float | None:
    """What the form's own stated scores add up to (funds score included), when every part is stated."""
    from jixiao.udfs.rounding import add

    parts = indicator_points(form.body.indicators, stated_only=True)
    if form.funds is not None and form.funds.score is not None:
        parts.append(stated_points(form.funds.score.value))
    return add(parts) if parts and None not in parts else None


@rule("JX042", WARNING, "总分无法按规则核对",
      {"": "总分填的是 {stated:pt}，但有 {count} 个指标无法计分，不能按规则核对；表中各项得分之和为 {printed:pt}",
       "partial": "总分填的是 {stated:pt}，但有 {count} 个指标无法计分，不能按规则核对"},
      "先改正无法计分的指标（见其他提示），再核对总分",
      example={"stated": 100, "count": 7, "printed": 100})
def total_unverifiable(form, hit):
    t = form.body.totals.total
    stated = stated_points(t.value) if t is not None else None
    if stated is None or form.total_value is not None or not form.body.indicators:
        return
    count = sum(1 for i in form.body.indicators if i.error is not None)
    if not count:
        return
    printed = _printed_parts(form)
    if printed is None:
        yield hit(t.cell, "partial", stated=stated, count=count)
    else:
        yield hit(t.cell, stated=stated, count=count, printed=printed)


def _reach(form) -> float | None:
    """The most the table can give: the funds' points and every row's 分值, when all are known."""
    from jixiao.udfs.rounding import add

    parts = [i.weight_value for i in form.body.indicators]
    f = form.funds.figures if form.funds is not None else None
    if f is not None and f.weight is not None:
        parts.append(f.weight)
    return add(parts) if parts and None not in parts else None


@rule("JX047", ERROR, "表头的自评得分与表中得分不符",
      {"": "表头的自评得分填的是 {stated:pt}，按规则计算应为 {total:pt}",
       "printed": "表头的自评得分填的是 {stated:pt}，表中执行率得分与各指标得分之和为 {total:pt}",
       "rule": "表头的自评得分 {stated:pt} 等于表中所填各项得分之和，但按规则计算应为 {total:pt}：有的得分与规则不符（见其他提示）",
       "beyond": "表头的自评得分填的是 {stated:pt}，而表中各项分值合计只有 {reach:pt}：表中的得分达不到这个总分"},
      "表头的自评得分应等于表中执行率得分与各指标得分之和（总分）",
      example={"stated": 93, "total": 90.5})
def stated_total_differs(form, hit):
    s = form.body.totals.stated
    stated = stated_points(s.value) if s is not None else None
    if stated is None:
        return
    reach = _reach(form)
    if reach is not None and stated - reach >= TOLERANCE:
        yield hit(s.cell, "beyond", stated=stated, reach=reach)
        return
    printed = _printed_parts(form)
    if form.total_value is not None:
        if abs(stated - form.total_value) >= TOLERANCE:
            same = printed is not None and abs(stated - printed) < TOLERANCE  # the printed scores add up to it
            yield hit(s.cell, "rule" if same else "", stated=stated, total=form.total_value, printed=printed)
        return
    if printed is not None and abs(stated - printed) >= TOLERANCE:
        yield hit(s.cell, "printed", stated=stated, total=printed)
