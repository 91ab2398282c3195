"""Find the form in a sheet by its labels, never by fixed addresses.

:func:`recognize` takes a :class:`~jixiao.templates.grid.Grid` and returns a :class:`~jixiao.templates.model.Form`:
which kind of form it is, and for every field the cell that holds it (value + A1 address). It tolerates
what real files do: a title row above the form, labels broken over lines or padded with spaces, 一级/二级
labels merged down or repeated on every row, a label over two merged columns, weights in group labels.
A sheet that is no form raises :class:`NotAForm` with the reason.

One module per concern: :mod:`.index` (label index, geometry), :mod:`.kinds` (which form), one module per
form kind, :mod:`.compose` (targets split over columns).
"""

from __future__ import annotations

from ..grid import Grid
from ..labels import kind_from_title
from ..model import Form, FormKind
from .assessment import recognize_assessment
from .basic_data import recognize_basic_data
from .index import Index, NotAForm, is_blank
from .indicator_form import recognize_indicator_form
from .kinds import decide, detect_kind
from .monitor import recognize_monitor

__all__ = ["NotAForm", "detect_kind", "is_blank", "recognize", "recognize_all"]

_STARTERS = ("project_name", "dept_name", "funds_anchor")


def recognize(grid: Grid, idx: Index | None = None) -> Form:
    idx = idx or Index(grid)
    if not idx.texts:
        raise NotAForm("工作表为空")
    kind = decide(idx)
    if kind is None:
        raise NotAForm("没有找到自评表的标签（如 三级指标、年度指标值、全年预算数、考核内容）")
    if kind.has_indicators:
        return recognize_indicator_form(idx, kind)
    if kind == FormKind.BASIC_DATA:
        return recognize_basic_data(idx)
    if kind == FormKind.MONITOR:
        return recognize_monitor(idx)
    return recognize_assessment(idx)


def recognize_all(grid: Grid) -> list[Form]:
    """Every form on a sheet: departments often stack one project table under another."""
    idx = Index(grid)
    heads = sorted({r for r, _c in idx.find("level3")})
    if len(heads) <= 1:
        return [recognize(grid, idx)]
    bands, start = [], 1
    for i, h in enumerate(heads):
        end = grid.max_row
        if i + 1 < len(heads):
            between = range(h + 1, heads[i + 1])
            firsts = [r for f in _STARTERS for r, _c in idx.find(f, between)]
            firsts += [r for r, _c, t in idx.texts if r in between and kind_from_title(t)]
            end = (min(firsts) if firsts else heads[i + 1]) - 1
        bands.append((start, end))
        start = end + 1
    return [recognize(grid.band(r1, r2)) for r1, r2 in bands]
