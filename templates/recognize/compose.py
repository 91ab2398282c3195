"""Targets split over columns: newer forms write 年度指标值 as 指标性质 (≥ ≤ = 定性 / 正向 反向) + 指标值 +
度量单位. They are joined into the one spelling the value parser reads ("≥" "95" "%" → "≥95%"); the cells
keep their addresses."""

from __future__ import annotations

import re

from jixiao.udfs.values import is_comparator

from ..labels import norm
from ..model import Field
from .index import Index, is_blank

DIRECTION_WORDS = {"正向": "正向", "正向指标": "正向", "反向": "反向", "反向指标": "反向", "逆向": "反向",
                   "负向": "反向", "负向指标": "反向", "等于": "等于", "定性": "定性", "定性指标": "定性",
                   "定量": None, "定量指标": None}
_BARE_NUMBER = re.compile(r"\s*([≥≤><=]{1,2}|大于等于|小于等于|不低于|不高于|不超过|大于|小于|等于)?\s*[\d.,，]+\s*")


def _num_text(v, cell) -> str:
    if isinstance(v, float) and cell is not None and cell.is_percent:
        return format(v * 100, ".10g") + "%"
    return format(v, ".10g") if isinstance(v, float) else str(v)


def compose(idx: Index, r: int, cols: dict, target: Field, actual: Field) -> tuple[Field, Field, str | None]:
    comp = norm(idx.value(r, cols["comparator"].start)) if "comparator" in cols else ""
    unit = norm(idx.value(r, cols["unit_col"].start)) if "unit_col" in cols else ""
    direction = DIRECTION_WORDS.get(comp)
    if direction == "定性" or is_blank(target.value):
        return target, actual, direction
    symbol = comp if is_comparator(comp) else ""  # as typed: the value parser reads every spelling it knows

    def join(f: Field, with_symbol: bool) -> Field:
        if is_blank(f.value):
            return f
        if isinstance(f.value, str):
            m = _BARE_NUMBER.fullmatch(f.value)
            if not m:
                return f  # already carries its own unit, or is text
            text, own_symbol = f.value.strip(), bool(m.group(1))
        else:
            text, own_symbol = _num_text(f.value, idx.grid.cell(f.row, f.col)), False
        if unit and not text.endswith("%"):
            text += unit
        return Field((symbol if with_symbol and not own_symbol else "") + text, f.row, f.col)

    return join(target, True), join(actual, False), direction
