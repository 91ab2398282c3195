"""A worksheet as plain data: what recognition and scoring need, nothing of any Excel library.

The file backends (jixiao.addin.xlsx_reader for .xlsx/.xlsm, xlrd for .xls, xlwings for the live
workbook) fill these; recognition in this package reads them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass
class Cell:
    value: object = None  # str | float | int | bool | datetime | None (a formula cell: its cached value)
    number_format: str = "General"
    formula: str | None = None  # without the leading "="

    @property
    def is_percent(self) -> bool:
        return "%" in self.number_format.replace("\\%", "").replace('"%"', "")


@dataclass
class Grid:
    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)  # (row, col), 1-based
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r1, c1, r2, c2)
    hidden: bool = False

    @property
    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=0)

    @property
    def max_col(self) -> int:
        return max((c for _, c in self.cells), default=0)

    def cell(self, row: int, col: int) -> Cell | None:
        return self.cells.get((row, col))

    def value(self, row: int, col: int):
        c = self.cells.get((row, col))
        return None if c is None else c.value

    def merge_at(self, row: int, col: int) -> tuple[int, int, int, int] | None:
        for m in self.merges:
            if m[0] <= row <= m[2] and m[1] <= col <= m[3]:
                return m
        return None


@dataclass
class WorkbookData:
    path: str
    sheets: list[Grid]
    defined_names: dict[str, str] = field(default_factory=dict)  # name → refers_to text
    fmt: str = "xlsx"  # xlsx | xlsm | xls
    notes: list[str] = field(default_factory=list)


_COL_RE = re.compile(r"^([A-Z]{1,3})(\d+)$")


def col_letter(col: int) -> str:
    s = ""
    while col:
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
