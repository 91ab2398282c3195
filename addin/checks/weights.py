"""Points: the weights add to 100, and each 一级/二级 label's claimed points to what its rows are worth."""

from __future__ import annotations

from jixiao.templates.model import indicator_points
from jixiao.udfs.rounding import add

from .base import ERROR, TOLERANCE, rule


@rule("JX001", ERROR, "分值合计不是 100", "执行率与各指标分值合计 {got:pt} 分，应为 {want:pt} 分",
      "核对执行率和各三级指标的分值，使合计为 100", example={"got": 95, "want": 100}, covers=("C6",), reads=("weight_sums_must_match", "weight_total"))
def weights_total(form, hit):
    if not form.profile.weight_sums_must_match:  # 浙江 (C4–C6 do not apply)
        return
    weights = [i.weight_value for i in form.body.indicators if i.weight_value is not None]
    if not weights:
        return
    if form.funds is not None and form.funds.figures is not None and form.funds.figures.weight is not None:
        weights.append(form.funds.figures.weight)
    got, want = add(weights), form.profile.weight_total
    if abs(got - want) >= TOLERANCE:
        cell = form.body.totals.total_weight.cell if form.body.totals.total_weight else form.body.indicators[0].cell
        yield hit(cell, got=got, want=want)


def _claimed_groups(form, levels: tuple[str, ...]) -> dict[tuple[str, str], tuple[float, list]]:
    """(name, cell) of each group label that claims points → (its points, the indicator rows under it)."""
    groups: dict[tuple[str, str], tuple[float, list]] = {}
    for ind in form.body.indicators:
        for g in (getattr(ind, level) for level in levels):
            if g.claimed is not None:
                groups.setdefault((g.name, g.cell), (g.claimed, []))[1].append(ind)
    return groups


def _group_weights(form, hit, level: str):
    if not form.profile.weight_sums_must_match:
        return
    if not any(i.weight.col for i in form.body.indicators):
        return  # rows carry no points of their own: JX041 checks the groups against their scores instead
    for (name, cell), (stated, rows) in _claimed_groups(form, (level,)).items():
        got = add(r.weight_value for r in rows if r.weight_value is not None)  # as the scorer read them
        if abs(got - stated) >= TOLERANCE:
            yield hit(cell, name=name, stated=stated, count=len(rows), got=got)


_GROUP_MESSAGE = "“{name}”标注 {stated:pt} 分，其下 {count} 个三级指标分值合计 {got:pt} 分"


@rule("JX002", ERROR, "一级指标标注的分值与其下指标不符", _GROUP_MESSAGE,
      "改正一级指标标签中的分值，或调整其下三级指标的分值", example={"name": "产出指标", "stated": 50, "count": 9, "got": 65},
      covers=("C5",), reads=("weight_sums_must_match",))
def level1_weights(form, hit):
    yield from _group_weights(form, hit, "level1")


@rule("JX003", ERROR, "二级指标标注的分值与其下三级指标不符", _GROUP_MESSAGE,
      "改正二级指标标签中的分值，或调整其下三级指标的分值", example={"name": "数量指标", "stated": 10, "count": 1, "got": 20},
      covers=("C4",), reads=("weight_sums_must_match",))
def level2_weights(form, hit):
    yield from _group_weights(form, hit, "level2")


def _falls_short(rows) -> object:
    """The row a shortfall belongs to when every row is complete: the first whose stated score is not a whole
    point (98% of 20 → 19.6), else the group's last scored row."""
    scored = [r for r in rows if r.stated is not None]
    return next((r for r in scored if r.stated != int(r.stated)), scored[-1])


@rule("JX041", ERROR, "全部完成的指标组得分合计不足其分值",
      "“{name}”标注 {claimed:pt} 分，其下 {count} 个指标都已完成，得分合计却只有 {got:pt} 分",
      "指标都已完成时，得分合计应等于该组（年度绩效目标、一级或二级指标）的分值；核对少给分的指标",
      example={"name": "年度绩效目标1", "claimed": 40, "count": 3, "got": 39.6})
def complete_group_short(form, hit):
    """Forms whose rows carry no 分值 (湖北's 年度绩效目标 blocks): a group's points are in its label."""

    if any(i.weight.col for i in form.body.indicators):
        return
    for (name, _cell), (claimed, rows) in _claimed_groups(form, ("block", "level1", "level2")).items():
        if not all(r.full for r in rows) or (rows[0].score_cell is not None and rows[0].stated is None):
            continue
        points = [x for x in indicator_points(rows, stated_only=True) if x is not None]
        got = add(points)
        if points and claimed - got >= TOLERANCE:
            short = _falls_short(rows)
            yield hit(short.score_cell.cell if short.score_cell else short.cell, name=name, claimed=claimed,
                      count=len(rows), got=got)
