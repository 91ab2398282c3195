"""The label index of a sheet and its geometry: every text cell once, normalised, in reading order;
merged blocks; the value beside or under a label."""

from __future__ import annotations

import re

from jixiao.addin.ooxml.grid import Grid, address
from jixiao.udfs.errors import NotAForm
from jixiao.udfs.values import is_blank

from ..families import BASE, on_change
from ..labels import LABELS, fields_of, matches, norm, own_spellings, stated_weight, strip_weight
from ..model import Field, GroupLabel

__all__ = ["Index", "NotAForm", "is_blank"]




# labels that end a value's search to the right: the next field's own label
_ANY_LABEL = ("project_name", "department", "unit", "dept_name", "budget_initial", "budget", "spent",
              "weight", "rate", "score", "funds_anchor")


_UNIT_NOTE = re.compile(r"[(（][^()（）]{1,8}[)）]$")
_MAX: list[int] = []


@on_change
def _forget_max() -> None:
    _MAX.clear()


def max_label() -> int:
    """The longest text a label cell holds: the longest spelling plus a short note such as （万元）or （20分）."""
    if not _MAX:
        _MAX.append(max(len(norm(lab)) for labs in LABELS.values() for lab in labs) + 12)
    return _MAX[0]


def is_label(v: str) -> bool:
    return any(matches(v, f) for f in _ANY_LABEL)


class Index:
    """Every text cell once, normalised, in reading order."""

    def __init__(self, grid: Grid):
        self.grid = grid
        self.texts = sorted(
            (r, c, norm(cell.value)) for (r, c), cell in grid.cells.items() if isinstance(cell.value, str)
        )
        self._hits: dict[str, list[tuple[int, int]]] | None = None
        self._label_cells: set[tuple[int, int]] = set()
        self._by_row: dict[int, list[tuple[int, str]]] = {}
        for r, c, t in self.texts:
            self._by_row.setdefault(r, []).append((c, t))

    def _all(self, fieldname: str) -> list[tuple[int, int]]:
        """Every cell naming the field; the sheet's label cells are indexed once, by field."""
        if self._hits is None:
            self._hits, limit = {}, max_label()
            for r, c, t in self.texts:
                if len(t) <= limit:
                    for f in fields_of(t):
                        self._hits.setdefault(f, []).append((r, c))
                        self._label_cells.add((r, c))
        return self._hits.get(fieldname, [])

    def family(self) -> str:
        """The family whose spellings this sheet's labels are: the one (other than the base) that brought the
        most of them, else the base."""
        own_labels, own_notes = own_spellings()
        if not own_labels:
            return BASE
        counts: dict[str, int] = {}
        for _r, _c, t in self.texts:
            fam = own_labels.get(t)
            if fam is None and t.endswith((")", "）")):  # 调整预算数(A), 指标权重(分), a group name 项目决策(10分)
                fam = own_labels.get(_UNIT_NOTE.sub("", t)) or own_labels.get(norm(strip_weight(t)))
            if fam is None and own_notes and t.startswith(own_notes):  # a family's own note row (云南's 其他需要说明…)
                fam = next(own_labels[n] for n in own_notes if t.startswith(n))
            if fam:
                counts[fam] = counts.get(fam, 0) + 1
        return max(counts, key=lambda f: (counts[f], f)) if counts else BASE

    def find(self, fieldname: str, rows: range | None = None) -> list[tuple[int, int]]:
        hits = self._all(fieldname)
        return hits if rows is None else [(r, c) for r, c in hits if r in rows]

    def first(self, fieldname: str, rows: range | None = None) -> tuple[int, int] | None:
        hits = self.find(fieldname, rows)
        return hits[0] if hits else None

    def columns(self, fields, rows: range) -> dict[str, range]:
        """The columns (a merged header's whole span) of each field whose label is in ``rows``: its first hit."""
        cols = {}
        for f in fields:
            hit = self.first(f, rows)
            if hit:
                cols[f] = self.span(*hit)
        return cols

    def group_label(self, r: int, c: int) -> GroupLabel:
        """The 一级/二级 (or block) label at (r, c): its name without the points, the points it states, and the
        cell it is written in (a merged block's top-left)."""
        v = str(self.value(r, c))
        return GroupLabel(strip_weight(v), stated_weight(v), address(*self.top_left(r, c)))

    def row_texts(self, r: int) -> list[tuple[int, str]]:
        return self._by_row.get(r, [])

    def merge(self, r: int, c: int):
        return self.grid.merge_at(r, c)

    def span(self, r: int, c: int) -> range:
        """Columns a (possibly merged) cell covers."""
        m = self.merge(r, c)
        return range(m[1], m[3] + 1) if m else range(c, c + 1)

    def value(self, r: int, c: int):
        """A cell's value, or the value of the merged block it sits in."""
        m = self.merge(r, c)
        if m:
            return self.grid.value(m[0], m[1])
        return self.grid.value(r, c)

    def top_left(self, r: int, c: int) -> tuple[int, int]:
        m = self.merge(r, c)
        return (m[0], m[1]) if m else (r, c)

    def field_in_span(self, r: int, cols: range) -> Field:
        """The value under a label that spans ``cols``: the first non-empty cell, else the first; a cell inside
        a merged block gives the block's value and address."""
        for c in cols:
            v = self.grid.value(r, c)
            if v not in (None, ""):
                return Field(v, r, c)
        m = self.merge(r, cols.start)
        return Field(self.grid.value(m[0], m[1]), m[0], m[1]) if m else Field(None, r, cols.start)

    def right_of(self, r: int, c: int) -> Field:
        """The value beside a label: the next cell (or merged block), or the one after it when the next
        is a lone blank cell (a spacer column); never another label."""
        start = self.span(r, c).stop
        for cc in (start, start + 1):
            v = self.grid.value(r, cc)
            if isinstance(v, str) and is_label(v):
                break
            m = self.merge(r, cc)
            if v not in (None, ""):
                return Field(v, r, cc)
            if m or cc > self.grid.max_col:  # an empty merged input block is the value's place
                break
        m = self.merge(r, start)
        return Field(None, *(m[:2] if m else (r, start)))
