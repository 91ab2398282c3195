"""绩效目标申报表's body: the amounts declared (with their unit), 政策依据 / 测算依据, 年度目标 and 长期/中期目标,
and the target table — its 年度 indicators, and the 中期 (实施期/总体) ones kept apart where a layout sets
them side by side. A declaration computes nothing and writes nothing: its figures are read, its rows
reviewed (目标审核) and carried into the 监控表 and 自评表 of the same project."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from jixiao.udfs import JixiaoError
from jixiao.udfs import values as V

from .cells import NO_GROUP, Field, GroupLabel, Write, plain

# the amounts a declaration states, and what a check calls them
AMOUNT_NAMES = {"total_amount": "项目总金额", "year_amount": "本年度项目金额", "mid_amount": "中期资金总额"}
# the texts it states
TEXT_NAMES = {"policy_basis": "政策依据", "calc_basis": "测算依据", "year_goal": "年度目标", "mid_goal": "长期目标"}


@dataclass(frozen=True)
class TargetIndicator:
    """One declared indicator: its levels, name, 目标值 (as typed, parsed on demand), 指标解释, 分值."""

    row: int
    level1: GroupLabel
    level2: GroupLabel
    name: str
    name_cell: str
    target: Field
    explanation: Field | None = None
    weight: Field | None = None
    core: Field | None = None  # 是否核心指标
    direction: str | None = None  # from a 指标性质 column
    others: tuple[tuple[str, Field], ...] = ()  # further period columns: (第二年度, cell)

    @property
    def parsed(self) -> V.Value | JixiaoError:
        """The 目标值 as the value parser reads it, or the error saying why it cannot be read."""
        try:
            return V.parse(self.target.value)
        except JixiaoError as e:
            return e

    @property
    def weight_value(self) -> float | None:
        """The 分值 as a number (10, "10", "10分"); None where there is none or it cannot be read."""
        if self.weight is None or V.is_blank(self.weight.value):
            return None
        try:
            q = V.parse(self.weight.value)
        except JixiaoError:
            return None
        ok = isinstance(q, V.Quantity) and q.comparator in (None, V.EQ) and q.unit in ("", "分")
        return q.value if ok else None

    @property
    def is_core(self) -> bool:
        return self.core is not None and str(plain(self.core.value) or "").strip() in ("是", "√", "✔", "Y", "y", "1")

    def as_json(self) -> dict:
        p = self.parsed
        out = {"row": self.row, "cell": self.target.cell, "level1": self.level1.name, "level2": self.level2.name,
               "name": self.name, "target": plain(self.target.value),
               "explanation": plain(self.explanation.value) if self.explanation else None,
               "weight": self.weight_value}
        if isinstance(p, V.Quantity):
            out["parsed"] = {"comparator": p.comparator, "value": p.value, "unit": p.unit, "high": p.high}
        elif isinstance(p, V.DateValue):
            out["parsed"] = {"date": p.text, "before": p.before}
        elif isinstance(p, JixiaoError):
            out["error"] = str(p)
        if self.core is not None:
            out["core"] = self.is_core
        if self.others:
            out["others"] = {label: plain(f.value) for label, f in self.others}
        return out


@dataclass(frozen=True)
class TargetTable:
    amounts: Mapping[str, Field] = field(default_factory=dict)  # total_amount, year_amount, mid_amount
    unit: str = "万元"  # the amounts' unit as the form states it
    texts: Mapping[str, Field] = field(default_factory=dict)  # policy_basis, calc_basis, year_goal, mid_goal
    indicators: tuple[TargetIndicator, ...] = ()  # the 年度 ones
    mid_indicators: tuple[TargetIndicator, ...] = ()  # 中期 / 实施期 / 总体, where set beside the 年度 ones
    header_row: int = 0
    table_cell: str = ""  # where the first 年度 指标值 goes (a blank declaration is reported there)
    not_applicable: tuple[int, ...] = ()  # rows marked 不适用 / 无: not indicators
    not_applicable_levels: tuple[str, ...] = ()  # and the 一级/二级 they stand for (成本指标 declared 不适用)
    placeholder_rows: tuple[int, ...] = ()  # a template's {{…}} loop rows: not indicators
    code_as_number: float | None = None  # 项目编码 stored as a number (digits beyond the 15th are lost)
    # filled by reading the figures (the kind's "scorer")
    amount_values: Mapping[str, float | None] = field(default_factory=dict)

    @property
    def blank(self) -> bool:
        """Nothing declared yet: no indicator and no goal (a template, or an export not filled in)."""
        return not self.indicators and not self.mid_indicators and all(
            V.is_blank(self.texts[k].value) for k in ("year_goal", "mid_goal") if k in self.texts)

    def amount(self, key: str) -> float | None:
        return self.amount_values.get(key)

    @property
    def year_amount(self) -> float | None:
        """The year's money: 本年度项目金额 / 年度资金总额, else the 项目总金额 of a one-year project."""
        y = self.amount("year_amount")
        return y if y is not None else self.amount("total_amount")

    @property
    def year_amount_cell(self) -> str:
        f = self.amounts.get("year_amount") or self.amounts.get("total_amount")
        return f.cell if f else ""

    def text(self, key: str) -> str:
        f = self.texts.get(key)
        return "" if f is None or V.is_blank(f.value) else str(plain(f.value)).strip()

    def cells(self):
        for key, what in AMOUNT_NAMES.items():
            if key in self.amounts:
                yield what, self.amounts[key]
        for i in self.indicators:
            yield "指标值", i.target
            if i.weight is not None:
                yield "分值", i.weight

    def form_json(self) -> dict:
        return {"amounts": {k: self.amount_values.get(k) for k in self.amounts}, "unit": self.unit,
                "amount_cells": {k: f.cell for k, f in self.amounts.items()},
                "texts": {k: plain(f.value) for k, f in self.texts.items()},
                "indicators": [i.as_json() for i in self.indicators],
                "mid_indicators": [i.as_json() for i in self.mid_indicators],
                "blank": self.blank, "not_applicable_rows": list(self.not_applicable)}

    def writes(self) -> list[Write]:
        return []  # a declaration is read and reviewed, never written into


__all__ = ["AMOUNT_NAMES", "NO_GROUP", "TEXT_NAMES", "TargetIndicator", "TargetTable"]
