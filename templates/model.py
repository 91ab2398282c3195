"""The one model every layer shares: what a form is, where each of its figures sits, and what scoring made
of them.

Recognition (:mod:`.recognize`) returns a :class:`Form` holding cells (:class:`Field`); scoring
(``jixiao.addin.score``) returns the same form with its figures filled (``dataclasses.replace``); the
checks, recompute, the summary, the report, the add-in and the JSON renderer only read it. ``as_json()``
gives the shapes `jixiao score --json` prints, which other tools parse: they are a contract.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from jixiao.udfs import IndicatorScore, JixiaoError, Profile
from jixiao.udfs.values import is_blank

from .grid import address

if TYPE_CHECKING:  # annotations only: the monitoring rules load with the 监控表's scorer
    from jixiao.udfs.monitoring import Light


class FormKind(StrEnum):
    PROJECT = "project"
    OVERALL = "overall"
    BASIC_DATA = "basic_data"
    MONITOR = "monitor"
    ASSESSMENT = "assessment"

    @property
    def title(self) -> str:
        from .labels import KIND_NAMES

        return KIND_NAMES[self.value]

    @property
    def has_indicators(self) -> bool:
        """The two 自评表 with 年度指标值 / 实际完成值 rows."""
        return self in (FormKind.PROJECT, FormKind.OVERALL)


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

    def as_json(self) -> dict:
        return {"cell": self.cell, "message": str(self.error)}


# --- the funds row ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class FundsFigures:
    """The funds row as numbers, after scoring."""

    budget_initial: float | None = None
    budget: float | None = None
    spent: float | None = None
    rate: float | None = None  # a fraction, rounded as the profile shows rates
    weight: float | None = None  # None: the form does not score the rate
    score: float | None = None
    budget_adjust: float | None = None  # 监控表: 年中预算调整数
    from_parts: bool = False  # the total row was empty or 0: the amounts are the sum of its 其中 rows
    parts_budget_initial: float | None = None  # the 其中 rows' sums, where the form lists them
    parts_budget: float | None = None
    parts_spent: float | None = None


@dataclass(frozen=True)
class FundsPart:
    """A 其中 row under the funds total (其中：本年财政拨款, 上年结转资金, 其他资金)."""

    label: str
    row: int
    budget_initial: Field | None = None
    budget: Field | None = None
    spent: Field | None = None


@dataclass(frozen=True)
class Funds:
    """The 年度资金总额 row (监控表: its 1-6月 columns) and the cells of each figure."""

    budget_initial: Field | None = None
    budget: Field | None = None
    spent: Field | None = None
    weight: Field | None = None
    rate: Field | None = None
    score: Field | None = None
    budget_adjust: Field | None = None
    forecast: Field | None = None
    declared_weight: float | None = None  # points a heading or the score header gives: 预算执行情况（20分）
    unit: str = "万元"  # the amounts' unit as the form states it: 项目资金（元）, 金额单位：元
    parts: tuple[FundsPart, ...] = ()
    figures: FundsFigures | None = None  # filled by scoring

    @property
    def scored(self) -> bool:
        """Does the form give the rate points (a 分值 or 得分 column, or points in its heading)?"""
        return self.weight is not None or self.score is not None or self.declared_weight is not None

    def as_json(self, monitor: bool = False) -> dict | None:
        f = self.figures or FundsFigures()
        out = {"budget_initial": f.budget_initial, "budget": f.budget, "spent": f.spent, "rate": f.rate,
               "weight": f.weight, "score": f.score, "cell": self.score.cell if self.score else None,
               "rate_cell": self.rate.cell if self.rate else None, "unit": self.unit}
        if monitor:
            out = {"budget_initial": f.budget_initial, "budget_adjust": f.budget_adjust, **out}
        return out


# --- indicator rows ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class GroupLabel:
    """An 一级/二级 label as the form prints it: name, the points it claims (产出指标(50分) → 50), its cell."""

    name: str = ""
    claimed: float | None = None
    cell: str = ""


NO_GROUP = GroupLabel()


@dataclass(frozen=True)
class Indicator:
    row: int
    level1: GroupLabel
    level2: GroupLabel
    name: str
    target: Field
    actual: Field
    weight: Field
    score_cell: Field | None
    reason: Field | None
    direction: str | None = None  # from a 指标性质/指标方向 column: 正向, 反向, 等于, 定性
    direction_cell: str = ""
    block: GroupLabel = NO_GROUP  # a block of goals above the levels: 年度绩效目标1（40分）
    # filled by scoring
    weight_value: float | None = None
    result: IndicatorScore | None = None
    error: JixiaoError | None = None
    stated: float | None = None  # the 得分 the form states
    completion_value: float | None = None  # 完成率 where the row carries no points of its own
    full: bool | None = None  # does the actual reach the target (full marks under the rule)?

    @property
    def cell(self) -> str:
        """Where this row's 得分 goes."""
        return self.score_cell.cell if self.score_cell else address(self.row, self.weight.col + 1)

    @property
    def score(self) -> float | None:
        return None if self.result is None else self.result.score

    def cell_of(self, role: str | None) -> str:
        """The cell holding the input an error is about."""
        if role == "target":
            return self.target.cell
        if role == "actual":
            return self.actual.cell
        if role == "direction":
            return self.direction_cell or self.target.cell
        return self.weight.cell

    def as_json(self) -> dict:
        out = {"cell": self.cell, "level1": self.level1.name, "level2": self.level2.name, "name": self.name,
               "target": plain(self.target.value), "actual": plain(self.actual.value), "weight": self.weight_value,
               "completion": None if self.completion_value is None else round(self.completion_value, 4), "score": None}
        if self.result is not None:
            out["score"] = self.result.score
            out["completion"] = None if self.result.completion is None else round(self.result.completion, 4)
            if self.result.notes:
                out["notes"] = list(self.result.notes)
        if self.error is not None:
            out["error"] = f"{self.weight.cell}：{self.error}" if self.error.role == "weight" else str(self.error)
        return out


# --- 基础数据表 ------------------------------------------------------------------------------------

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

    def as_json(self) -> dict:
        return {"staff_quota": self.staff_quota, "staff_actual": self.staff_actual,
                "control_rate": self.control_rate_value,
                "control_rate_cell": self.control_rate.cell if self.control_rate else None,
                "columns": list(self.columns),
                "funds_control": [{"label": r.label, "values": dict(r.amounts),
                                   "cells": {c: f.cell for c, f in r.cells}} for r in self.rows]}


# --- 监控表 ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class MonitorRow:
    row: int
    level1: str
    level2: str
    name: str
    type: str | None  # 指标类型 as typed
    direction: str | None
    target: Field
    h1: Field  # 1-6月完成情况 (or whichever months the form watches)
    forecast: Field  # 全年预计完成情况
    causes: tuple[str, ...]  # 偏差原因 categories ticked
    cause_note: Field | None
    remark: Field | None
    can_complete: bool | None  # 全年预计能否完成: True 是, False 否, None 有可能 / not said
    can_complete_cell: str
    both_ticked: bool
    answer: str | None = None  # 全年预计能否完成 as ticked or typed: 是, 否, 确定能, 有可能, 完全不可能
    cause_cell: str = ""  # where a 偏差原因 goes: the first ticked-category cell, else the 原因说明 cell
    cause_ticks: bool = False  # the form ticks 偏差原因 by category (经费保障 … 其他)
    light_cell: Field | None = None  # the 预警 column's cell, where the form has one
    ordinal: int = 0  # 1-based place among the form's indicators: the 第{n}行 of the systems' messages
    # filled by scoring
    forecast_met: bool | None = None  # does the forecast reach the target?
    light: Light | None = None  # 红/黄/绿/蓝 against 序时进度 (M1–M5), with progress and 完成率 (M9)

    @property
    def reason_given(self) -> bool:
        """A 偏差原因 ticked or written (原因说明; 备注 only where the form has no 偏差原因 column at all)."""
        if self.causes or (self.cause_note is not None and not is_blank(self.cause_note.value)):
            return True
        return not self.cause_cell and self.remark is not None and not is_blank(self.remark.value)

    def as_json(self) -> dict:
        lt = self.light
        return {"row": self.row, "level1": self.level1, "level2": self.level2, "name": self.name, "type": self.type,
                "target": plain(self.target.value), "h1": plain(self.h1.value), "forecast": plain(self.forecast.value),
                "forecast_cell": self.forecast.cell, "forecast_met": self.forecast_met, "causes": list(self.causes),
                "cause_note": plain(self.cause_note.value) if self.cause_note else None,
                "remark": plain(self.remark.value) if self.remark else None,
                "can_complete": self.can_complete, "can_complete_cell": self.can_complete_cell,
                "both_ticked": self.both_ticked,
                "progress": None if lt is None or lt.progress is None else round(lt.progress, 4),
                "light": None if lt is None else lt.light,
                "completion": None if lt is None or lt.completion is None else round(lt.completion / 100, 4),
                "deviation": None if lt is None or lt.deviation is None else round(lt.deviation / 100, 4),
                "light_cell": self.light_cell.cell if self.light_cell else None}


# --- 考核内容 / 评价指标体系 表 ----------------------------------------------------------------------

@dataclass(frozen=True)
class AssessmentItem:
    """A row of a 考核内容/计分标准 form, or of an 评价指标体系 score sheet."""

    row: int
    content: str
    weight: Field
    standard: Field | None
    self_score: Field
    level1: GroupLabel = NO_GROUP
    level2: GroupLabel = NO_GROUP


@dataclass(frozen=True)
class AssessmentRow:
    """A scored line of an assessment form: a section or 一级 group (``group``) or one of its items."""

    cell: str | None
    level1: str
    level2: str
    name: str
    target: object  # the 计分标准 text
    weight: float | None
    score: float | None
    stated: float | None
    label_cell: str | None = None  # a 一级 group's own label cell
    items_weight: float | None = None  # what a group's rows are worth together
    group: bool = False

    def as_json(self) -> dict:
        out = {"cell": self.cell, "level1": self.level1, "level2": self.level2, "name": self.name,
               "target": plain(self.target), "actual": None, "weight": self.weight, "completion": None,
               "score": self.score, "stated": self.stated}
        if self.label_cell is not None or self.items_weight is not None:
            out.update(label_cell=self.label_cell, items_weight=self.items_weight)
        return out


# --- the form -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Form:
    kind: FormKind
    sheet: str
    header: Mapping[str, Field] = field(default_factory=dict)  # project_name, department, unit, dept_name
    funds: Funds | None = None
    indicators: tuple[Indicator, ...] = ()
    total: Field | None = None  # the 总分 row's 得分 cell
    total_weight: Field | None = None  # the 总分 row's 分值 cell
    grade: Field | None = None
    grade_inline: bool = False  # "等级：优" in one cell rather than a value beside a label
    grade_prefix: str = "等级："  # the inline label as the form spells it: "评价等级：", "等级:"
    basic: BasicData | None = None
    notes: Mapping[str, Field] = field(default_factory=dict)  # problems, measures, adjust_reason: text fields
    monitor_rows: tuple[MonitorRow, ...] = ()
    month: Field | None = None  # 监控表: the month the form states (1-7月, 截至9月底, 监控期), and where
    month_option: int | None = None  # 监控表: `--month`, over what the form states
    funds_light_cell: Field | None = None  # 监控表: the funds row's 预警 cell
    items: tuple[AssessmentItem, ...] = ()
    assessment_style: str = "sections"  # sections (一、二、…) | levels (一级/二级/三级)
    # filled by scoring
    profile: Profile | None = None
    total_value: float | None = None
    grade_value: str | None = None
    assessment_rows: tuple[AssessmentRow, ...] = ()
    project_average: float | None = None
    problems: tuple[Problem, ...] = ()
    month_value: int | None = None  # 监控表: the month its lights are computed for
    month_source: str | None = None  # "option" (--month), "form" or "profile" (the profile's default)
    funds_light: Light | None = None  # 监控表: M6, with the 执行进度 (rate ÷ month/12)
    goal_light: str | None = None  # 监控表: M7, the worst of the indicators' lights

    @property
    def kind_name(self) -> str:
        return self.kind.title

    def cells(self):
        """Every cell the form was read from, as (what it holds, Field): for checks over all of them."""
        from .labels import HEADER_NAMES

        for k, f in self.header.items():
            yield HEADER_NAMES.get(k, k), f
        if self.funds is not None:
            for what, f in (("年初预算数", self.funds.budget_initial), ("全年预算数", self.funds.budget),
                            ("执行数", self.funds.spent), ("分值", self.funds.weight), ("执行率", self.funds.rate),
                            ("得分", self.funds.score), ("年中预算调整数", self.funds.budget_adjust),
                            ("全年预计执行数", self.funds.forecast)):
                if f is not None:
                    yield what, f
        for i in self.indicators:
            yield from (("年度指标值", i.target), ("实际完成值", i.actual), ("分值", i.weight))
            if i.score_cell is not None:
                yield "得分", i.score_cell
        if self.basic is not None:
            yield from (("编制数", self.basic.quota), ("实际在职人数", self.basic.actual))
            if self.basic.control_rate is not None:
                yield "控制率", self.basic.control_rate
            for r in self.basic.rows:
                for _col, f in r.cells:
                    yield r.label, f
        for m in self.monitor_rows:
            yield from (("年度指标值", m.target), ("完成情况", m.h1), ("全年预计完成情况", m.forecast))
        for it in self.items:
            yield from (("分值", it.weight), ("自评分数", it.self_score))
        for what, f in (("总分", self.total), ("等级", self.grade)):
            if f is not None:
                yield what, f

    def header_value(self, *keys: str):
        return next((self.header[k].value for k in keys if k in self.header and self.header[k].value), None)

    def as_json(self) -> dict:
        out = {"sheet": self.sheet, "kind": self.kind.value, "kind_name": self.kind_name,
               "profile": self.profile.id if self.profile else None,
               "header": {k: plain(f.value) for k, f in self.header.items()},
               "funds": None, "indicators": [i.as_json() for i in self.indicators],
               "total": self.total_value, "total_cell": self.total.cell if self.total else None,
               "grade": self.grade_value, "grade_cell": self.grade.cell if self.grade else None}
        if self.funds is not None and (self.funds.figures is not None or self.kind == FormKind.MONITOR):
            out["funds"] = self.funds.as_json(monitor=self.kind == FormKind.MONITOR)
        if self.kind == FormKind.BASIC_DATA and self.basic is not None:
            out["basic"] = self.basic.as_json()
        if self.kind == FormKind.MONITOR:
            out["monitor_indicators"] = [m.as_json() for m in self.monitor_rows]
            fl = self.funds_light
            out.update(month=self.month_value, month_source=self.month_source,
                       funds_light=None if fl is None else fl.light,
                       funds_progress=None if fl is None or fl.progress is None else round(fl.progress, 4),
                       goal_light=self.goal_light)
        if self.kind == FormKind.ASSESSMENT:
            out["indicators"] = [r.as_json() for r in self.assessment_rows]
            if self.assessment_style == "sections":
                out["project_average"] = self.project_average
        if self.problems:
            out["problems"] = [p.as_json() for p in self.problems]
        return out


@dataclass(frozen=True)
class Skipped:
    """A sheet that is not a form (or a part the reader left out), and why."""

    sheet: str
    error: JixiaoError

    @property
    def reason(self) -> str:
        return str(self.error)

    def __str__(self) -> str:
        return f"工作表“{self.sheet}”：{self.error}" if self.sheet else str(self.error)

    def as_json(self) -> dict:
        return {"sheet": self.sheet, "reason": self.reason}


@dataclass(frozen=True)
class Workbook:
    """One file: its forms, the sheets that are not forms, or why it could not be read at all."""

    file: str
    forms: tuple[Form, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    error: JixiaoError | None = None
    fmt: str = "xlsx"

    def as_json(self) -> dict:
        return {"file": self.file, "error": None if self.error is None else str(self.error), "skipped": [s.as_json() for s in self.skipped],
                "sheets": [f.as_json() for f in self.forms]}
