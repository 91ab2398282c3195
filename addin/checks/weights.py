"""Points: the weights add to 100, and each 一级/二级 label's claimed points to what its rows are worth."""

from __future__ import annotations

from jixiao.udfs import JixiaoError
from jixiao.udfs import values as V
from jixiao.udfs.rounding import add

from .base import ERROR, TOLERANCE, rule


@rule("JX001", ERROR, "分值合计不是 100", "执行率与各指标分值合计 {got:pt} 分，应为 {want:pt} 分",
      "核对执行率和各三级指标的分值，使合计为 100", example={"got": 95, "want": 100}, covers=("C6",))
def weights_total(form, hit):
    weights = [i.weight_value for i in form.indicators if i.weight_value is not None]
    if not weights:
        return
    if form.funds is not None and form.funds.figures is not None and form.funds.figures.weight is not None:
        weights.append(form.funds.figures.weight)
    got, want = add(weights), form.profile.weight_total
    if abs(got - want) >= TOLERANCE:
        cell = form.total_weight.cell if form.total_weight else form.indicators[0].cell
        yield hit(cell, got=got, want=want)


def _amount(v) -> float | None:
    try:
        return V.parse_amount(v)
    except JixiaoError:
        return None


def _group_weights(form, hit, level: str):
    groups: dict[tuple[str, str], tuple[float, list]] = {}
    for ind in form.indicators:
        g = getattr(ind, level)
        if g.claimed is not None:
            groups.setdefault((g.name, g.cell), (g.claimed, []))[1].append(ind)
    for (name, cell), (stated, rows) in groups.items():
        got = add(w for w in (_amount(r.weight.value) for r in rows) if w is not None)
        if abs(got - stated) >= TOLERANCE:
            yield hit(cell, name=name, stated=stated, count=len(rows), got=got)


_GROUP_MESSAGE = "“{name}”标注 {stated:pt} 分，其下 {count} 个三级指标分值合计 {got:pt} 分"


@rule("JX002", ERROR, "一级指标标注的分值与其下指标不符", _GROUP_MESSAGE,
      "改正一级指标标签中的分值，或调整其下三级指标的分值", example={"name": "产出指标", "stated": 50, "count": 9, "got": 65},
      covers=("C5",))
def level1_weights(form, hit):
    yield from _group_weights(form, hit, "level1")


@rule("JX003", ERROR, "二级指标标注的分值与其下三级指标不符", _GROUP_MESSAGE,
      "改正二级指标标签中的分值，或调整其下三级指标的分值", example={"name": "数量指标", "stated": 10, "count": 1, "got": 20},
      covers=("C4",))
def level2_weights(form, hit):
    yield from _group_weights(form, hit, "level2")
