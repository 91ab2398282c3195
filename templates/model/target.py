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
from .jsondoc import K, doc

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

    JSON = doc(
        "target_indicator", "申报的一个指标（kind 为 target 时的 indicators[] 与 mid_indicators[]）",
        K("row", "integer", "行号"),
        K("cell", "string", "指标值所在单元格"),
        K("level1", "string", "一级指标"),
        K("level2", "string", "二级指标"),
        K("name", "string", "三级指标"),
        K("target", "cell", "指标值（目标值），按表中所填"),
        K("explanation", "cell", "指标解释"),
        K("weight", "number|null", "分值；未填或无法识别时为 null", "分"),
        K("parsed", "object", "指标值的解读", of="parsed_target", when="指标值可以解读时"),
        K("error", "string", "指标值无法解读的原因（中文）", when="指标值无法解读时"),
        K("core", "boolean", "是否核心指标", when="表中有“是否核心指标”列时"),
        K("others", "array", "其他年度列的指标值", of="period_target", when="表中按年度分列时"))
    PARSED = doc(
        "parsed_target", "指标值的解读（parsed）：数量指标有 comparator、value、unit、high；日期指标有 date、before",
        K("comparator", "string|null", "比较符：≥、>、≤、<、=；未写为 null", when="数量指标"),
        K("value", "number", "数值（区间的下限）", "见 unit", when="数量指标"),
        K("unit", "string", "计量单位，如 %、人次、万元；无单位为空文本", when="数量指标"),
        K("high", "number|null", "区间的上限；不是区间为 null", "见 unit", when="数量指标"),
        K("date", "string", "日期，按表中所写", when="日期指标"),
        K("before", "boolean", "“之前完成”式的期限", when="日期指标"))
    PERIOD = doc(
        "period_target", "其他年度列的一个指标值（others[]）",
        K("period", "string", "列标题，如“第二年度”"),
        K("target", "cell", "该列的指标值"),
        K("cell", "string", "单元格"))

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
            out["others"] = [{"period": label, "target": plain(f.value), "cell": f.cell} for label, f in self.others]
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

    JSON = doc(
        "target_table", "绩效目标申报表（kind 为 target）",
        K("amounts", "object", "申报的金额", of="target_amounts"),
        K("unit", "string", "金额单位：万元，或表中写明的元等"),
        K("amount_cells", "object", "各金额所在单元格（键同 amounts，值为单元格）", of="target_amount_cells"),
        K("texts", "object", "申报的文字内容", of="target_texts"),
        K("indicators", "array", "年度指标", of="target_indicator"),
        K("mid_indicators", "array", "中期（实施期、总体）指标，与年度指标并列时", of="target_indicator"),
        K("blank", "boolean", "尚未填写：没有指标，也没有年度目标、长期目标"),
        K("not_applicable_rows", "array", "标为“不适用”“无”的行号，不计为指标", of="integer"))
    AMOUNTS = doc("target_amounts", "申报的金额（amounts）",
                  *(K(k, "number|null", name, "unit（万元或元）", when="表中有此项时")
                    for k, name in AMOUNT_NAMES.items()))
    AMOUNT_CELLS = doc("target_amount_cells", "申报金额所在单元格（amount_cells）",
                       *(K(k, "string", f"{name}所在单元格", when="表中有此项时") for k, name in AMOUNT_NAMES.items()))
    TEXTS = doc("target_texts", "申报的文字内容（texts）",
                *(K(k, "cell", name, when="表中有此项时") for k, name in TEXT_NAMES.items()))

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
