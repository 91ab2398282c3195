"""整体支出绩效评价基础数据表's body: staff counts and 控制率, 经费控制情况 by year column."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .cells import PERCENT, Field, Write, writes
from .funds import RATE
from .jsondoc import K, doc


@dataclass(frozen=True)
class ControlRow:
    """One 经费控制情况 row: its label and a cell per year column."""

    label: str
    row: int
    cells: tuple[tuple[str, Field], ...]  # (column title, cell)
    amounts: tuple[tuple[str, float | None], ...] = ()  # filled by scoring

    def amount(self, column: str) -> float | None:
        return dict(self.amounts).get(column)

    def cell(self, column: str) -> str:
        return dict(self.cells)[column].cell


_NUMBERED = re.compile(r"\d[、.]")


@dataclass(frozen=True)
class ThreePublic:
    """Indexes into :attr:`BasicData.rows`: the 三公经费 row, its numbered parts, the 公务用车 part and its own."""

    total: int
    parts: tuple[int, ...]
    car: int | None
    car_parts: tuple[int, ...]


@dataclass(frozen=True)
class BasicData:
    quota: Field
    actual: Field
    control_rate: Field | None
    columns: tuple[str, ...] = ()
    rows: tuple[ControlRow, ...] = ()
    # filled by scoring
    staff_quota: float | None = None
    staff_actual: float | None = None
    control_rate_value: float | None = None

    JSON = doc(
        "basic_data", "基础数据表（kind 为 basic_data）",
        K("basic", "object", "人员与经费控制情况", of="basic"))
    BASIC = doc(
        "basic", "基础数据表的内容（basic）",
        K("staff_quota", "number|null", "编制数", "人"),
        K("staff_actual", "number|null", "实际在职人数", "人"),
        K("control_rate", "number|null", "控制率 = 实际在职人数 ÷ 编制数", RATE),
        K("control_rate_cell", "string|null", "控制率所在单元格"),
        K("columns", "array", "经费控制情况各列的标题，如“2022年决算数”", of="string"),
        K("funds_control", "array", "经费控制情况各行", of="control_row"))
    ROW = doc(
        "control_row", "经费控制情况的一行（basic.funds_control[]）",
        K("label", "string", "行标题，如“三公经费”"),
        K("values", "array", "该行各列", of="control_value"))
    VALUE = doc(
        "control_value", "经费控制情况一行中的一格（funds_control[].values[]）",
        K("column", "string", "列标题，同 basic.columns"),
        K("value", "number|null", "金额", "万元（表头所写）"),
        K("cell", "string", "单元格"))

    def three_public(self) -> ThreePublic | None:
        """Where the 三公经费 row and its parts are: its numbered rows (1、公务用车… 2、出国… 3、公务接待) up to
        the next block (numbering restarting at 1), and the 其中 rows under the 公务用车 part."""
        rows = self.rows
        total = next((i for i, r in enumerate(rows) if "三公" in r.label), None)
        if total is None:
            return None
        parts: list[int] = []
        car, car_parts = None, []
        for i in range(total + 1, len(rows)):
            label = rows[i].label.strip()
            if _NUMBERED.match(label):
                if parts and label[0] == "1":
                    break
                parts.append(i)
                car = i if "车" in label else car
            elif parts and car == parts[-1]:  # 其中：公车购置 / 公车运行维护
                car_parts.append(i)
            else:
                break
        return ThreePublic(total, tuple(parts), car, tuple(car_parts))

    def cells(self):
        yield from (("编制数", self.quota), ("实际在职人数", self.actual))
        if self.control_rate is not None:
            yield "控制率", self.control_rate
        for r in self.rows:
            for _col, f in r.cells:
                yield r.label, f

    def as_json(self) -> dict:
        return {"staff_quota": self.staff_quota, "staff_actual": self.staff_actual,
                "control_rate": self.control_rate_value,
                "control_rate_cell": self.control_rate.cell if self.control_rate else None,
                "columns": list(self.columns),
                "funds_control": [{"label": r.label,
                                   "values": [{"column": c, "value": r.amount(c), "cell": f.cell} for c, f in r.cells]}
                                  for r in self.rows]}

    def form_json(self) -> dict:
        return {"basic": self.as_json()}

    def writes(self) -> list[Write]:
        return writes((self.control_rate, self.control_rate_value, PERCENT))
