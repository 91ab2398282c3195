"""A worksheet as plain data: what recognition and scoring need, nothing of any Excel library.

The file backends (jixiao.addin.ooxml for .xlsx/.xlsm and, through xlrd, .xls; xlwings for the live
workbook) fill these; recognition in this package reads them. A grid is built once and then only read:
its bounds and merge index are computed on first use and kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property


@dataclass
class Cell:
    value: object = None  # str | float | int | bool | datetime | None (a formula cell: its cached value)
    number_format: str = "General"
    formula: str | None = None  # without the leading "="
    error: bool = False  # the value is an Excel error (#DIV/0!, #N/A …) as cached in the file

    @property
    def is_percent(self) -> bool:
        return "%" in self.number_format.replace("\\%", "").replace('"%"', "")


@dataclass(eq=False)
class Grid:
    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)  # (row, col), 1-based
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r1, c1, r2, c2)
    hidden: bool = False

    @cached_property
    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)

    @cached_property
    def max_col(self) -> int:
        return max((c for _, c in self.cells), default=0)

    @cached_property
    def _merge_at(self) -> dict[tuple[int, int], tuple[int, int, int, int]]:
        out = {}
        for m in self.merges:
            if (m[2] - m[0] + 1) * (m[3] - m[1] + 1) > 100_000:  # a merge claiming a whole sheet: its top-left only
                out[(m[0], m[1])] = m
                continue
            for r in range(m[0], m[2] + 1):
                for c in range(m[1], m[3] + 1):
                    out[(r, c)] = m
        return out

    def cell(self, row: int, col: int) -> Cell | None:
        return self.cells.get((row, col))

    def value(self, row: int, col: int):
        c = self.cells.get((row, col))
        return None if c is None else c.value

    def merge_at(self, row: int, col: int) -> tuple[int, int, int, int] | None:
        return self._merge_at.get((row, col))

    def hidden_under_merges(self) -> list[tuple[int, int, tuple[int, int, int, int]]]:
        """(row, col, merge) of every cell inside a merged range, not its top-left, that holds a value: Excel
        shows only the top-left, so such a value is invisible (pasted into a merged area, or written by a
        program) and must not be taken or ignored without a word."""
        out = []
        for (r, c), cell in self.cells.items():
            if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
                continue
            m = self.merge_at(r, c)
            if m is not None and (r, c) != (m[0], m[1]):
                out.append((r, c, m))
        return sorted(out)

    def band(self, first_row: int, last_row: int) -> Grid:
        """The rows first_row..last_row as a grid of their own (a form stacked under another)."""
        return Grid(self.name, {k: v for k, v in self.cells.items() if first_row <= k[0] <= last_row},
                    [m for m in self.merges if first_row <= m[0] <= last_row], self.hidden)


@dataclass
class WorkbookData:
    path: str
    sheets: list[Grid]
    defined_names: dict[str, str] = field(default_factory=dict)  # name → refers_to text
    fmt: str = "xlsx"  # xlsx | xlsm | xls
    notes: list = field(default_factory=list)  # NotAForm errors: parts the reader left out, and why


_COL_RE = re.compile(r"^([A-Z]{1,3})(\d+)$")


def col_letter(col: int) -> str:
    s = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


def address(row: int, col: int) -> str:
    return f"{col_letter(col)}{row}"


def parse_address(a: str) -> tuple[int, int]:
    m = _COL_RE.match(a.replace("$", "").upper())
    if not m:
        raise ValueError(f"not an A1 address: {a!r}")
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)), col
