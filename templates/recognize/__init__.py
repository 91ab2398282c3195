"""Find the form in a sheet by its labels, never by fixed addresses.

:func:`recognize` takes a :class:`~jixiao.addin.ooxml.grid.Grid` and returns a :class:`~jixiao.templates.model.Form`:
which kind of form it is, and for every field the cell that holds it (value + A1 address). It tolerates
what real files do: a title row above the form, labels broken over lines or padded with spaces, 一级/二级
labels merged down or repeated on every row, a label over two merged columns, weights in group labels.
A sheet that is no form raises :class:`NotAForm` with the reason.

One module per concern: :mod:`.index` (label index, geometry), :mod:`.kinds` (which form), one module per
form kind, :mod:`.compose` (targets split over columns).
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from jixiao.addin.ooxml.grid import Grid

from ..labels import kind_from_title
from ..model import Form
from .index import Index, NotAForm, is_blank
from .kinds import decide

__all__ = ["NotAForm", "is_blank", "recognize", "recognize_all"]

_STARTERS = ("project_name", "dept_name", "funds_anchor")


def recognize(grid: Grid, idx: Index | None = None) -> Form:
    idx = idx or Index(grid)
    if not idx.texts:
        raise NotAForm("工作表为空")
    kind = decide(idx)
    if kind is None:
        raise NotAForm("没有找到自评表的标签（如 三级指标、年度指标值、全年预算数、考核内容）")
    form = kind.load("recognise")(idx, kind)
    return replace(form, family=idx.family())


def recognize_all(grid: Grid) -> list[Form]:
    """Every form on a sheet: departments often stack one project table under another."""
    idx = Index(grid)
    heads = sorted({r for r, _c in idx.find("level3")})
    if len(heads) <= 1:
        return [recognize(grid, idx)]
    # a new form starts where a 项目名称 / 部门名称 / 年度资金总额 line or a title comes between two indicator
    # headers; a header repeated without one belongs to the same form (湖北's 年度绩效目标1, 2 … blocks)
    starts = []
    for h, nxt in pairwise(heads):
        between = range(h + 1, nxt)
        firsts = [r for f in _STARTERS for r, _c in idx.find(f, between)]
        firsts += [r for r, _c, t in idx.texts if r in between and kind_from_title(t)]
        if firsts:
            starts.append(min(firsts))
    if not starts:
        return [recognize(grid, idx)]
    bounds = [1, *starts, grid.max_row + 1]
    return [recognize(grid.band(a, b - 1)) for a, b in pairwise(bounds)]
