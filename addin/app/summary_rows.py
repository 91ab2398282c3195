"""What a summary is made of, typed: a row per form (:class:`FormRow`, with its findings and, for a 监控表, its
lights), a :class:`FileResult` per file (what a worker returns: it pickles), the duplicates left out and the
whole :class:`Summary`. ``as_json()`` is the only place they become dicts (English keys); the summary
workbook names its own columns in Chinese.

:func:`summarize_file` is the work of one file, as a worker does it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from dataclasses import asdict, dataclass, field, replace

from jixiao.templates.model import (
    Assessment,
    BasicData,
    Form,
    IndicatorTable,
    MonitorGrid,
    Skipped,
    TargetTable,
    plain,
)
from jixiao.templates.model.jsondoc import K, doc
from jixiao.udfs.errors import InternalError, JixiaoError
from jixiao.udfs.profile_docs import light_bands
from jixiao.udfs.profile_schema import LIGHTS

from ..checks import Finding, check_form
from ..render import findings as F
from ..render.documents import SCHEMA, SCHEMA_KEY
from . import pipeline
from .form_year import form_year

WAN, RATE = "万元", "比例（0.9316 即 93.16%）"
UNIT_FIELDS = ("dept_name", "department", "unit")  # the header fields that name a form's unit, first found wins
# amounts are summed in 万元; a form kept in another unit (云南's 公开14表 in 元) is converted, its own figures beside
TO_WAN = {"万元": 1.0, "元": 1e-4, "千元": 1e-1, "亿元": 1e4}


@dataclass(frozen=True)
class RedLight:
    """A red indicator of a 监控表, at its cell."""

    indicator: str
    target: object
    current: object
    progress: float | None
    cell: str


@dataclass(frozen=True)
class Lights:
    """A 监控表's lights: how many of each, the ones that cannot be told, the funds' light, the red ones."""

    month: int | None
    counts: tuple[tuple[str, int], ...]  # (red, n) … worst first
    undetermined: int
    funds: str | None
    rule: str  # the light bands of the form's profile, in words
    red: tuple[RedLight, ...] = ()

    def count(self, light: str) -> int:
        return dict(self.counts).get(light, 0)


@dataclass(frozen=True)
class Review:
    """A 绩效目标申报表's row on the 目标审核 sheet: its findings counted by criterion, and what they are."""

    code: str
    amount: float | None
    unit: str
    indicators: int
    blank: bool
    groups: tuple[tuple[str, int], ...]  # (完整性, n) …
    problems: tuple[str, ...]  # the titles of its findings' rules


@dataclass(frozen=True)
class FormRow:
    """One recognised form as the summary counts it. Amounts in 万元; ``source_*`` the form's own where it
    keeps another unit."""

    file: str
    sheet: str
    unit: str
    project: str
    kind: str  # the kind's id
    kind_name: str
    graded: bool  # counted among the graded tables (a 基础数据表 or 监控表 is not)
    year: int | None
    budget: float | None
    spent: float | None
    rate: float | None
    rate_score: float | None
    total: float | None
    grade: str
    errors: int
    warnings: int
    h1_spent: float | None = None  # 监控表: 1-X月执行数 (its 执行数 is not the year's)
    h1_rate: float | None = None
    cannot_complete: int | None = None  # 监控表: indicators forecast not to be reached
    source_unit: str | None = None
    source_budget: float | None = None
    source_spent: float | None = None
    # what deduplication and the workbook need beside the figures
    order: int = 0  # the form's place in its file
    content: str | None = None  # digest of what was typed (names aside)
    findings: tuple[Finding, ...] = ()
    lights: Lights | None = None
    review: Review | None = None
    unit_from: str | None = None  # the sheet of the same file whose header gave ``unit`` (a 基础数据表 has none)
    unit_field: bool = True  # does the form have a unit field at all (a 基础数据表 does not)?

    JSON = doc(
        "summary_row", "汇总的一张表（files[].rows[]）",
        K("file", "string", "文件路径"),
        K("sheet", "string", "工作表名"),
        K("unit", "string", "单位（部门名称、实施单位或主管部门）；基础数据表取同一文件中部门整体表的单位；没有为空文本"),
        K("project", "string", "项目名称；没有为空文本"),
        K("kind", "string", "表的种类（同 score 的 kind）"),
        K("kind_name", "string", "种类的中文名"),
        K("graded", "boolean", "是否评分表（计入等级分布）；基础数据表、监控表、申报表不是"),
        K("year", "integer|null", "年度"),
        K("budget", "number|null", "全年预算数", WAN),
        K("spent", "number|null", "全年执行数（监控表为 null，见 h1_spent）", WAN),
        K("rate", "number|null", "执行率", RATE),
        K("rate_score", "number|null", "执行率得分", "分"),
        K("total", "number|null", "总分", "分"),
        K("grade", "string", "等级：优、良、中、差；没有为空文本"),
        K("errors", "integer", "校验错误数", "处"),
        K("warnings", "integer", "校验提示数", "处"),
        K("h1_spent", "number|null", "监控表的 1-X月执行数", WAN),
        K("h1_rate", "number|null", "监控表的 1-X月执行率", RATE),
        K("cannot_complete", "integer|null", "监控表中预计全年不能完成的指标数", "个"),
        K("source_unit", "string|null", "原表金额单位，不是万元时（如元）；是万元为 null"),
        K("source_budget", "number|null", "原表单位的全年预算数，原表不是万元时", "source_unit"),
        K("source_spent", "number|null", "原表单位的全年执行数，原表不是万元时", "source_unit"),
        K("unit_from", "string|null", "单位取自同一文件的哪张表（工作表名）；取自本表为 null"),
        K("unit_field", "boolean", "本表有没有单位栏（基础数据表没有）"),
        K("status", "string", "counted（计入）或 duplicate（重复提交，未计入，见 duplicates）"))

    def as_json(self) -> dict:
        out = {k: v for k, v in asdict(self).items() if k not in ("order", "content", "findings", "lights", "review")}
        return out


@dataclass(frozen=True)
class FileResult:
    """One file, as a worker returns it."""

    file: str
    mtime: float = 0.0
    error: JixiaoError | None = None  # unreadable
    skipped: str | None = None  # jixiao's own output
    unrecognised: tuple[Skipped, ...] | None = None  # no form: why each sheet was not one
    forms: tuple[FormRow, ...] = ()


@dataclass(frozen=True)
class Listed:
    """A file listed apart (unreadable, unrecognised, skipped) and why."""

    file: str
    reason: str

    def as_json(self) -> dict:
        return {"file": self.file, "reason": self.reason}


@dataclass(frozen=True)
class Duplicate:
    """A form left out as another submission of a form counted."""

    row: FormRow
    kept: FormRow
    basis: str  # 项目名称、单位、年度相同 | 填报内容相同
    data: str  # whether the figures agree
    why: str  # why the kept one was kept: 修改时间最新 | 问题最少 | 最先找到

    JSON = doc(
        "duplicate", "重复提交、未计入的一张表（duplicates[]）",
        K("project", "string", "项目名称"),
        K("unit", "string", "单位"),
        K("year", "integer|null", "年度"),
        K("kind", "string", "表的种类"),
        K("kind_name", "string", "种类的中文名"),
        K("file", "string", "未计入的表所在文件"),
        K("sheet", "string", "未计入的表的工作表名"),
        K("counted_file", "string", "代替它计入的表所在文件"),
        K("counted_sheet", "string", "代替它计入的表的工作表名"),
        K("basis", "string", "判定依据：项目名称、单位、年度相同，或 填报内容相同"),
        K("data", "string", "两份的填报数据是否一致（中文）"),
        K("reason", "string", "计入那一份的原因：修改时间最新、问题最少、最先找到"))

    def as_json(self) -> dict:
        r, k = self.row, self.kept
        return {"project": r.project, "unit": r.unit, "year": r.year, "kind": r.kind, "kind_name": r.kind_name,
                "file": r.file, "sheet": r.sheet, "counted_file": k.file, "counted_sheet": k.sheet,
                "basis": self.basis, "data": self.data, "reason": self.why}


STATUSES = ("counted", "duplicate", "skipped", "unreadable", "unrecognised", "missing")


@dataclass(frozen=True)
class FileStatus:
    """What became of one input file: its forms (each counted or a duplicate), or why it has none."""

    file: str
    status: str  # one of STATUSES
    reason: str | None = None
    rows: tuple[tuple[FormRow, bool], ...] = ()  # each form of the file, in its order, and whether it counts

    JSON = doc(
        "summary_file", "汇总的一个输入文件（files[] 的一项）",
        K("file", "string", "文件路径"),
        K("status", "string", "counted：有表计入；duplicate：识别出的表都是重复提交；skipped：jixiao 生成的文件"
                              "（汇总、副本），未汇总；unreadable：无法读取；unrecognised：没有识别到表；"
                              "missing：命令行给出的路径不存在"),
        K("reason", "string|null", "未计入的原因（中文）；counted 时说明其中重复的表，没有则为 null"),
        K("rows", "array", "文件中识别出的表，按工作簿中的顺序", of="summary_row"))

    def as_json(self) -> dict:
        return {"file": self.file, "status": self.status, "reason": self.reason,
                "rows": [{**r.as_json(), "status": "counted" if counted else "duplicate"} for r, counted in self.rows]}


@dataclass(frozen=True)
class KindCount:
    """How many forms of one kind were counted."""

    kind: str
    kind_name: str
    short: str  # 项目, 基础数据 … (the text line's 基础数据表 X 张)
    graded: bool
    forms: int

    JSON = doc(
        "kind_count", "一种表计入的张数（kinds[]）",
        K("kind", "string", "表的种类"),
        K("kind_name", "string", "种类的中文名"),
        K("graded", "boolean", "是否评分表"),
        K("forms", "integer", "计入的张数", "张"))

    def as_json(self) -> dict:
        return {"kind": self.kind, "kind_name": self.kind_name, "graded": self.graded, "forms": self.forms}


@dataclass(frozen=True)
class Summary:
    """A folder summarised: the forms counted, the duplicates, the files listed apart, totals and counts."""

    output: str | None
    counted: tuple[FormRow, ...]
    duplicates: tuple[Duplicate, ...]
    unreadable: tuple[Listed, ...]
    unrecognised: tuple[Listed, ...]
    skipped: tuple[Listed, ...]
    counts: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)
    by_unit: tuple[dict, ...] = ()
    grades: tuple[tuple[str, int], ...] = ()
    files: tuple[FileStatus, ...] = ()  # every input file, in the order found
    kinds: tuple[KindCount, ...] = ()

    JSON = doc(
        "summarize", "jixiao summarize --json",
        SCHEMA_KEY,
        K("files", "array", "每个输入文件一项，按找到的顺序", of="summary_file"),
        K("output", "string|null", "写入的汇总工作簿；没有可汇总的表（未写入）为 null"),
        K("totals", "object", "计入的表的合计", of="totals"),
        K("counts", "object", "文件与表的张数", of="counts"),
        K("kinds", "array", "计入的表按种类的张数", of="kind_count"),
        K("by_unit", "array", "按单位的合计，按单位名排序", of="unit_row"),
        K("grades", "array", "评分表的等级分布：优、良、中、差", of="grade_count"),
        K("duplicates", "array", "重复提交、未计入的表", of="duplicate"))
    TOTALS = doc(
        "totals", "计入的表的合计（totals）",
        K("forms", "integer", "计入的表", "张"),
        K("budget", "number", "全年预算数之和（只计有全年执行数的表；监控表不计）", WAN),
        K("spent", "number", "全年执行数之和", WAN),
        K("rate", "number|null", "执行率 = spent ÷ budget", RATE))
    COUNTS = doc(
        "counts", "文件与表的张数（counts）",
        K("files", "integer", "找到的文件（含不存在的路径）", "个"),
        K("read", "integer", "读取的文件（不含无法读取的和跳过的）", "个"),
        K("skipped", "integer", "跳过的 jixiao 生成文件", "个"),
        K("unreadable", "integer", "无法读取的文件（含不存在的路径）", "个"),
        K("unrecognised", "integer", "没有识别到表的文件", "个"),
        K("forms", "integer", "计入的表", "张"),
        K("duplicates", "integer", "重复提交、未计入的表", "张"),
        K("graded", "integer", "计入的评分表（不含基础数据表、监控表、申报表）", "张"))
    UNIT = doc(
        "unit_row", "一个单位的合计（by_unit[]）",
        K("unit", "string", "单位；没有为空文本"),
        K("unit_field", "boolean", "false：这些表没有单位栏（基础数据表，且同一文件中没有部门整体表）"),
        K("forms", "integer", "计入的表", "张"),
        K("budget", "number|null", "有全年执行数的表的全年预算数之和", WAN),
        K("spent", "number|null", "全年执行数之和", WAN),
        K("rate", "number|null", "执行率", RATE),
        K("average_total", "number|null", "评分表的平均总分", "分"))
    GRADE = doc(
        "grade_count", "一个等级的张数（grades[]）",
        K("grade", "string", "等级：优、良、中、差"),
        K("forms", "integer", "该等级的评分表", "张"))

    def as_json(self) -> dict:
        return {"schema": SCHEMA, "files": [f.as_json() for f in self.files], "output": self.output,
                "totals": self.totals, "counts": self.counts, "kinds": [k.as_json() for k in self.kinds],
                "by_unit": list(self.by_unit), "grades": [{"grade": g, "forms": n} for g, n in self.grades],
                "duplicates": [d.as_json() for d in self.duplicates]}


# --- in the worker: one file -------------------------------------------------------------------------

def summarize_file(path: str, profile: str | None = None, is_summary=None) -> FileResult:
    """One file's rows (``is_summary(data)``: a jixiao summary, skipped)."""
    mtime = _mtime(path)
    data = pipeline.read(path)
    if isinstance(data, JixiaoError):
        return FileResult(path, mtime, error=data)
    if is_summary is not None and is_summary(data):
        return FileResult(path, mtime, skipped="jixiao 生成的汇总表")
    wb = pipeline.analyze(data, profile)
    if not wb.forms:
        return FileResult(path, mtime, unrecognised=wb.skipped)
    grids = {g.name: g for g in data.sheets}
    cycle = _cycle_findings(wb)
    rows = [form_row(path, form, order, form_year(form, grids.get(form.sheet)), cycle.get(form.sheet, ()))
            for order, form in enumerate(wb.forms)]
    return FileResult(path, mtime, forms=tuple(_units_from_workbook(rows)))


# the kinds whose unit names the whole department, in the order a form without a unit field takes it from
DEPARTMENT_KINDS = ("overall", "assessment")


def _units_from_workbook(rows: list[FormRow]) -> list[FormRow]:
    """A form with no unit field (a 基础数据表) is the department's of the same workbook: it takes the unit of
    that workbook's 部门整体 form, where there is one."""
    dept = next((r for k in DEPARTMENT_KINDS for r in rows if r.kind == k and r.unit), None)
    if dept is None:
        return rows
    return [replace(r, unit=dept.unit, unit_from=dept.sheet) if not r.unit_field and not r.unit else r for r in rows]


def _cycle_findings(wb) -> dict[str, list]:
    """A workbook's cross-cycle differences (declaration vs its 监控表 / 自评表), by the later form's sheet."""
    from ..checks.cycle import workbook_differences

    out: dict[str, list] = {}
    if any(isinstance(f.body, TargetTable) for f in wb.forms):
        for f in workbook_differences(wb):
            out.setdefault(f.sheet, []).append(f)
    return out


def _review(form: Form, fs) -> Review:
    from ..checks.target_review import GROUPS

    b: TargetTable = form.body
    return Review(_text(form.header_value("project_code")), b.year_amount, b.unit, len(b.indicators), b.blank,
                  tuple((g, sum(1 for f in fs if f.rule.group == g)) for g in GROUPS),
                  tuple(dict.fromkeys(f.rule.title for f in fs)))


def form_row(path: str, form: Form, order: int, year: int | None, more=()) -> FormRow:
    fs = tuple(check_form(form)) + tuple(more)
    f = form.funds.figures if form.funds and form.funds.figures else None
    money = form.funds.unit if form.funds else "万元"
    k = TO_WAN.get(money, 1.0)

    def wan(x):
        return None if x is None else round(x * k, 6)

    own = money != "万元"
    row = dict(file=path, sheet=form.sheet, unit=_text(form.header_value(*UNIT_FIELDS)),
               unit_field=any(k in form.header for k in UNIT_FIELDS),
               project=_text(form.header_value("project_name")), kind=form.kind.id, kind_name=form.kind_name,
               graded=form.kind.graded, year=year, budget=wan(f.budget) if f else None,
               spent=wan(f.spent) if f else None, rate=f.rate if f else None, rate_score=f.score if f else None,
               total=form.total_value, grade=form.grade_value or "",
               errors=sum(x.severity == "error" for x in fs), warnings=sum(x.severity == "warning" for x in fs),
               source_unit=money if own else None, source_budget=f.budget if f and own else None,
               source_spent=f.spent if f and own else None, order=order, content=content_key(form), findings=fs)
    if isinstance(form.body, MonitorGrid):  # a mid-year table: its 执行数 is 1-X月, not the year's
        row.update(spent=None, rate=None, h1_spent=wan(f.spent) if f else None, h1_rate=f.rate if f else None,
                   cannot_complete=sum(m.can_complete is False for m in form.body.rows),
                   lights=_lights(form))
    if isinstance(form.body, TargetTable):
        row.update(review=_review(form, fs))
    return FormRow(**row)


def _lights(form: Form) -> Lights:
    b: MonitorGrid = form.body
    lights = [m.light.light for m in b.rows if m.light is not None]
    red = tuple(RedLight(m.name, m.target.value, m.h1.value, m.light.progress, (m.light_cell or m.h1).cell)
                for m in b.rows if m.light is not None and m.light.light == "red")
    return Lights(b.month_value, tuple((k, lights.count(k)) for k in LIGHTS),
                  sum(m.light is None or m.light.light is None for m in b.rows),
                  b.funds_light.light if b.funds_light is not None else None, light_bands(form.profile), red)


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def _text(v) -> str:
    return "" if v is None else str(plain(v)).strip()


def same(v) -> str:
    """Text compared as a clerk would: full-width and half-width alike, blanks ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", _text(v)))


def content_key(form: Form) -> str | None:
    """A digest of what was typed into the form (names aside): its funds and every row of its body; None
    for a form that holds nothing to compare."""
    parts: list = [form.kind.id]
    f = form.funds.figures if form.funds and form.funds.figures else None
    if f is not None:
        parts.append(["funds", f.budget_initial, f.budget, f.spent, f.budget_adjust])
    b = form.body
    if isinstance(b, IndicatorTable):
        parts += [["i", same(i.level1.name), same(i.level2.name), same(i.name), same(i.target.value),
                   same(i.actual.value), i.weight_value] for i in b.indicators]
    elif isinstance(b, MonitorGrid):
        parts += [["m", same(m.name), same(m.target.value), same(m.h1.value), same(m.forecast.value),
                   list(m.causes), m.can_complete] for m in b.rows]
    elif isinstance(b, Assessment):
        parts += [["a", same(i.content), same(i.weight.value), same(i.standard.value if i.standard else ""),
                   same(i.self_score.value)] for i in b.items]
    elif isinstance(b, BasicData):
        parts.append(["b", b.staff_quota, b.staff_actual, [[same(r.label), list(r.amounts)] for r in b.rows]])
    else:  # a kind the summary does not know: every cell it was read from
        parts += [[what, same(fl.value)] for what, fl in b.cells()]
    if len(parts) == 1:
        return None
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode()).hexdigest()


def crashed(path: str, e: Exception) -> FileResult:
    """A file that broke the worker in a way nothing foresaw: its error, and the run goes on."""
    return FileResult(path, error=InternalError("{file}：处理失败（{kind}：{detail}）", file=os.path.basename(path),
                                                kind=type(e).__name__, detail=str(e)))


def finding_json(file: str, f: Finding) -> dict:
    return {"file": file, **F.as_json(f)}
