"""A form: its kind, the sheet it is on, its header fields and its typed body; a workbook of forms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from jixiao.udfs import JixiaoError, Profile

from .cells import Field, Problem, Write, plain
from .funds import Funds
from .kinds import Kind

# what a header field is called when a check names it
HEADER_NAMES = {"project_name": "项目名称", "department": "主管部门", "unit": "实施单位", "dept_name": "部门名称",
                "project_code": "项目编码", "period": "实施期限"}


@dataclass(frozen=True)
class Form:
    kind: Kind
    sheet: str
    header: Mapping[str, Field] = field(default_factory=dict)  # project_name, department, unit, dept_name …
    body: object = None  # the kind's body (Kind.body): IndicatorTable, MonitorGrid, BasicData, Assessment …
    family: str = ""  # the label family whose spellings the form's labels matched
    year: int | None = None  # the year it is about (its title's （2023年度）), as the pipeline reads it
    # filled by scoring
    profile: Profile | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def kind_name(self) -> str:
        return self.kind.name

    # what every kind may have, asked for without knowing the kind: None where its body has none
    @property
    def funds(self) -> Funds | None:
        return getattr(self.body, "funds", None)

    @property
    def total_value(self) -> float | None:
        totals = getattr(self.body, "totals", None)
        return None if totals is None else totals.total_value

    @property
    def grade_value(self) -> str | None:
        totals = getattr(self.body, "totals", None)
        return None if totals is None else totals.grade_value

    def with_body(self, **changes) -> Form:
        """The same form with its body's fields changed (scoring fills them so)."""
        return replace(self, body=replace(self.body, **changes))

    def cells(self):
        """Every cell the form was read from, as (what it holds, Field): for checks over all of them."""
        for k, f in self.header.items():
            yield HEADER_NAMES.get(k, k), f
        yield from self.body.cells()

    def writes(self) -> list[Write]:
        """Every computed figure of the form and the cell it goes to."""
        return self.body.writes()

    def header_value(self, *keys: str):
        return next((self.header[k].value for k in keys if k in self.header and self.header[k].value), None)

    def as_json(self) -> dict:
        out = {"sheet": self.sheet, "kind": self.kind.id, "kind_name": self.kind_name,
               "profile": self.profile.id if self.profile else None,
               "header": {k: plain(f.value) for k, f in self.header.items()},
               "funds": None, "indicators": [], "total": None, "total_cell": None, "grade": None, "grade_cell": None}
        out.update(self.body.form_json())  # the kind's own keys (those above keep their places)
        if self.family:
            out["family"] = self.family
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
class HiddenValue:
    """A value in a merged range's covered cell, where Excel does not show it (the form reads the range)."""

    sheet: str
    cell: str  # the covered cell holding the value
    merge: str  # the merged range, e.g. E6:F6
    value: object
    shown: object  # what the range's top-left shows


@dataclass(frozen=True)
class Workbook:
    """One file: its forms, the sheets that are not forms, or why it could not be read at all."""

    file: str
    forms: tuple[Form, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    error: JixiaoError | None = None
    fmt: str = "xlsx"
    hidden: tuple[HiddenValue, ...] = ()  # values under merges in the cells a form reads

    def as_json(self) -> dict:
        return {"file": self.file, "error": None if self.error is None else str(self.error),
                "skipped": [s.as_json() for s in self.skipped], "sheets": [f.as_json() for f in self.forms]}
