"""Readings the rules share: a stated figure as a number, whether a form is still to be scored."""

from __future__ import annotations

from jixiao.templates.model import Form, Indicator
from jixiao.udfs import JixiaoError
from jixiao.udfs import values as V
from jixiao.udfs.scoring import stated_points  # noqa: F401  (the checks read stated figures as the scorer does)
from jixiao.udfs.values import is_blank


def needs_recompute(form: Form) -> bool:
    """Score cells still empty: the sheet is not wrong, it has not been scored yet."""
    cells = [i.score_cell.value for i in form.body.indicators if i.score_cell is not None]
    if form.funds is not None and form.funds.score is not None:
        cells.append(form.funds.score.value)
    return bool(cells) and all(is_blank(v) for v in cells)


def target_actual(ind: Indicator):
    try:
        return V.parse(ind.target.value), V.parse(ind.actual.value)
    except JixiaoError:
        return None, None
