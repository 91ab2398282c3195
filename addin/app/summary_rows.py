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
from dataclasses import asdict, dataclass, field

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
from jixiao.udfs.errors import InternalError, JixiaoError
from jixiao.udfs.profile_docs import light_bands
from jixiao.udfs.profile_schema import LIGHTS

from ..checks import Finding, check_form
from ..render import findings as F
from . import pipeline
from .form_year import form_year

SCHEMA = 1  # the version of every --json document's shape (docs/json.md)
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

    def as_json(self) -> dict:
        r, k = self.row, self.kept
        return {"project": r.project, "unit": r.unit, "year": r.year, "kind": r.kind, "kind_name": r.kind_name,
                "file": r.file, "sheet": r.sheet, "counted_file": k.file, "counted_sheet": k.sheet,
                "basis": self.basis, "data": self.data, "reason": self.why}


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

    def as_json(self) -> dict:
        return {"schema": SCHEMA, "output": self.output, "totals": self.totals, "counts": self.counts,
                "rows": [r.as_json() for r in self.counted], "by_unit": list(self.by_unit),
                "grades": [{"grade": g, "forms": n} for g, n in self.grades],
                "duplicates": [d.as_json() for d in self.duplicates],
                "unreadable": [x.as_json() for x in self.unreadable],
                "unrecognised": [x.as_json() for x in self.unrecognised],
                "skipped": [x.as_json() for x in self.skipped]}


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
    return FileResult(path, mtime, forms=tuple(form_row(path, form, order, form_year(form, grids.get(form.sheet)),
                                                        cycle.get(form.sheet, ()))
                                               for order, form in enumerate(wb.forms)))


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
    row = dict(file=path, sheet=form.sheet, unit=_text(form.header_value("dept_name", "department", "unit")),
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
