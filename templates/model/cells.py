"""What every form is made of: a value and the cell it sits in, a figure that could not be read, a group
label, a computed value and the cell it goes to."""

from __future__ import annotations

from dataclasses import dataclass

from jixiao.addin.ooxml.grid import address
from jixiao.udfs import JixiaoError

from .jsondoc import K, doc


def plain(v):
    """A cell value as JSON has it (dates as their text)."""
    if v is None or isinstance(v, (int, float, str, bool)):
        return v
    return str(v)


@dataclass(frozen=True)
class Field:
    """A value and the cell it sits in (col 0: the form has no such cell)."""

    value: object
    row: int
    col: int

    @property
    def cell(self) -> str:
        return address(self.row, self.col) if self.col else ""


@dataclass(frozen=True)
class Problem:
    """A figure that could not be read, at its cell (an amount typed as 三十万…)."""

    cell: str
    error: JixiaoError
    what: str = ""  # the label of the figure: 全年预算数, 编制数 …

    JSON = doc("problem", "无法读取的数字（一张表的 problems[]）",
               K("cell", "string", "单元格，如 E7"),
               K("message", "string", "原因（中文），如“金额无法识别：三十万”"))

    def as_json(self) -> dict:
        return {"cell": self.cell, "message": str(self.error)}


@dataclass(frozen=True)
class GroupLabel:
    """An 一级/二级 label as the form prints it: name, the points it claims (产出指标(50分) → 50), its cell."""

    name: str = ""
    claimed: float | None = None
    cell: str = ""


NO_GROUP = GroupLabel()

PERCENT, POINTS = "0.00%", "0.00"  # number formats of a computed rate and a computed score


@dataclass(frozen=True)
class Write:
    """A computed value and the cell of its form it goes to (recompute turns these into workbook writes)."""

    cell: str
    value: object
    number_format: str | None = None


def writes(*items: tuple[Field | str | None, object, str | None]) -> list[Write]:
    """The writes among (cell, value, format) that have both a cell and a value."""
    out = []
    for cell, value, fmt in items:
        where = cell.cell if isinstance(cell, Field) else cell
        if where and value is not None:
            out.append(Write(where, value, fmt))
    return out
