"""A form: its kind, the sheet it is on, its header fields and its typed body; a workbook of forms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from jixiao.udfs import JixiaoError, Profile

from .cells import Field, Problem, Write, plain
from .funds import Funds
from .jsondoc import K, doc
from .kinds import Kind

# what a header field is called when a check names it
HEADER_NAMES = {"project_name": "项目名称", "department": "主管部门", "unit": "实施单位", "dept_name": "部门名称",
                "project_code": "项目编码", "period": "实施期限"}

HEADER_DOC = doc("header", "表头（header）：表中有哪一栏才有哪个键",
                 *(K(k, "cell", name, when="表中有此栏时") for k, name in HEADER_NAMES.items()))


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

    JSON = doc(
        "form", "一张表（sheets[] 的一项）：下列各键，加上其种类（kind）的各键，见“各种类的键”",
        K("sheet", "string", "工作表名"),
        K("kind", "string", "表的种类（其余各键见下方“各种类的键”）"),
        K("kind_name", "string", "种类的中文名，如“项目支出绩效自评表”"),
        K("profile", "string|null", "计分规则的 id，如 national、xinjiang"),
        K("header", "object", "表头各栏", of="header"),
        K("funds", "object|null", "资金情况；该种类没有时为 null", of="funds"),
        K("indicators", "array", "指标各行；该种类没有时为 []（各项的键随种类）"),
        K("total", "number|null", "总分；该种类没有时为 null", "分"),
        K("total_cell", "string|null", "总分所在单元格"),
        K("grade", "string|null", "等级：优、良、中、差；该种类没有时为 null"),
        K("grade_cell", "string|null", "等级所在单元格"),
        K("family", "string", "表中文字所属的版式族（templates/families/ 的文件名，如 national、yunnan、xmk）",
          when="识别时认出版式族"),
        K("problems", "array", "无法读取的数字", of="problem", when="有无法读取的数字时"),
        by_kind=True)

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

    JSON = doc("skipped_sheet", "未识别为表的工作表（skipped[]）",
               K("sheet", "string", "工作表名；整个文件的原因为空文本"),
               K("reason", "string", "原因（中文）"))

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

    JSON = doc(
        "score_file", "score 的一个文件（files[] 的一项）",
        K("file", "string", "文件路径，按命令行所给"),
        K("error", "string|null", "无法读取的原因（中文）；读取成功为 null"),
        K("skipped", "array", "未识别为表的工作表", of="skipped_sheet"),
        K("sheets", "array", "识别出的表，按工作簿中的顺序", of="form"))

    def as_json(self) -> dict:
        return {"file": self.file, "error": None if self.error is None else str(self.error),
                "skipped": [s.as_json() for s in self.skipped], "sheets": [f.as_json() for f in self.forms]}
