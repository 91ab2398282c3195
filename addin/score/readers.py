"""Reading a figure out of its cell for scoring: the number, or a Problem at that cell saying why not."""

from __future__ import annotations

from jixiao.templates.model import Field, Problem
from jixiao.udfs import JixiaoError, scoring
from jixiao.udfs.scoring import stated_points  # noqa: F401  (the scorer's and the checks' one reading)
from jixiao.udfs.values import is_blank, parse_amount, parse_count


class Problems(list):
    """The problems met while scoring one form (a list of :class:`Problem`)."""

    def _read(self, f: Field | None, what: str, reader) -> float | None:
        """``reader(value, what)``, or None with the error kept as a Problem at the cell."""
        if f is None:
            return None
        try:
            return reader(f.value, what)
        except JixiaoError as e:
            self.append(Problem(f.cell, e, what))
            return None

    def amount(self, f: Field | None, what: str) -> float | None:
        return self._read(f, what, parse_amount)

    def count(self, f: Field | None, what: str) -> float | None:
        """A head count: 20, "20人"."""
        return self._read(f, what, parse_count)

    def weight(self, f: Field | None) -> float | None:
        """A 分值 cell: 10, "10", "10分"; empty or a placeholder (—, /) is None (the profile's weight applies)."""
        if f is None or is_blank(f.value):
            return None
        try:
            return scoring.weight_of(f.value)
        except JixiaoError as e:
            self.append(Problem(f.cell, e, "分值"))
            return None

    def points(self, f: Field | None, what: str) -> float | None:
        """A stated score: 9.5, "9.5", "9.5分"."""
        if f is None or is_blank(f.value):
            return None
        try:
            return scoring.points_of(f.value, what)
        except JixiaoError as e:
            self.append(Problem(f.cell, e, what))
            return None
