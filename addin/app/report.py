"""`jixiao report`: the forms in the files → the pipeline → grouped by unit → the 自评报告 draft (.docx).

A 部门整体支出绩效自评表 gets the 基础数据表 of its unit (the same file, or the only one given); a 项目支出
(or 部门整体) 自评表 gets the 监控表 of the same project (by name, or the only one in its file). The
document is written through the one atomic writer (a temp file beside the output, moved into place); an
existing output is kept unless ``force``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.templates.model import BasicData, Form, FormKind, IndicatorTable, Kind, kind_of
from jixiao.udfs.errors import ReportError

from ..checks import Finding
from ..ooxml.package import atomic_write, why
from ..render.report_docx import Draft, Subject
from ..render.report_outline import build
from . import pipeline
from .form_year import form_year


@dataclass(frozen=True)
class Entry:
    """A recognised form, the file it came from, its findings and the year its sheet names."""

    file: str
    form: Form
    findings: tuple[Finding, ...]
    year: int | None


@dataclass(frozen=True)
class Outcome:
    output: Path
    drafts: tuple[Draft, ...]
    notes: tuple[str, ...] = field(default=())  # files that could not be read

    @property
    def summary(self) -> str:
        overall = sum(d.kind == FormKind.OVERALL for d in self.drafts)
        projects = sum(len(d.subjects) for d in self.drafts if d.kind == FormKind.PROJECT)
        parts = ([f"部门整体支出绩效自评报告 {overall} 份"] if overall else []) + \
            ([f"项目支出绩效自评报告，{projects} 个项目"] if projects else [])
        units = len({d.unit for d in self.drafts})
        return "；".join(parts) + (f"（{units} 个单位）" if units > 1 else "")


_COLUMN_YEAR = re.compile(r"(20\d{2})\s*年\s*预算")


def _basic_year(form: Form) -> int | None:
    for col in form.body.columns if isinstance(form.body, BasicData) else ():
        m = _COLUMN_YEAR.search(col)
        if m:
            return int(m.group(1))
    return None


def collect(paths, profile=None) -> tuple[list[Entry], list[str]]:
    entries, notes = [], []
    for path in pipeline.expand_paths(paths):
        res = pipeline.run(path, profile, keep_data=True)
        if res.workbook.error:
            notes.append(res.workbook.error)
            continue
        grids = {g.name: g for g in res.data.sheets} if res.data else {}
        for form in res.workbook.forms:
            year = _basic_year(form) or form_year(form, grids.get(form.sheet))
            entries.append(Entry(str(path), form, tuple(f for f in res.findings if f.sheet == form.sheet), year))
    return entries, notes


def _norm(v) -> str:
    return re.sub(r"\s+", "", str(v or ""))


def unit_of(form: Form) -> str:
    return str(form.header_value("dept_name", "department", "unit") or "")


def _monitor_for(e: Entry, monitors: list[Entry], subjects: list[Entry]) -> Entry | None:
    names = {_norm(e.form.header_value("project_name", "dept_name"))} - {""}
    named = [m for m in monitors if _norm(m.form.header_value("project_name")) in names]
    if named:
        return named[0]
    same_file = [m for m in monitors if m.file == e.file]
    alone = sum(s.file == e.file for s in subjects) == 1
    return same_file[0] if alone and len(same_file) == 1 else None


def _basic_for(e: Entry, basics: list[Entry], subjects: list[Entry]) -> Entry | None:
    same_file = [b for b in basics if b.file == e.file]
    if len(same_file) == 1:
        return same_file[0]
    return basics[0] if len(basics) == 1 and len(subjects) == 1 else None


def drafts(entries: list[Entry], kind: str | Kind | None = None) -> list[Draft]:
    """The report(s) the entries make, unit by unit in the order the files give them: a 部门整体 report per
    整体表 and one project report per unit's project tables. ``kind`` keeps one of the two; without it a
    project workbook given beside a 部门整体 workbook gets its report too (nothing dropped). Forms of more
    than one unit are said in every report's 校验说明 box."""
    tables = [e for e in entries if isinstance(e.form.body, IndicatorTable)]
    if not tables:
        raise ReportError("所给文件中没有识别到项目支出绩效自评表或部门整体支出绩效自评表，未生成报告")
    kinds = [kind_of(kind) if isinstance(kind, str) else kind] if kind else [FormKind.OVERALL, FormKind.PROJECT]
    subjects = [e for e in tables if e.form.kind in kinds]
    if not subjects:
        raise ReportError("所给文件中没有识别到{title}，未生成报告", title=kinds[0].title)
    monitors = [e for e in entries if e.form.kind == FormKind.MONITOR]
    basics = [e for e in entries if e.form.kind == FormKind.BASIC_DATA]
    overall = [e for e in subjects if e.form.kind == FormKind.OVERALL]
    units = list(dict.fromkeys(_norm(unit_of(e.form)) for e in subjects))
    named = [u for u in units if u]
    notes = ()
    if len(named) > 1:
        shown = "、".join(dict.fromkeys(unit_of(e.form) for e in subjects if unit_of(e.form)))
        notes = (f"所给表格来自 {len(named)} 个单位（{shown}），报告按单位分别成篇，请核对是否应一并报送",)
    made = []
    for u in units:
        mine = [e for e in subjects if _norm(unit_of(e.form)) == u]
        for e in (x for x in mine if x.form.kind == FormKind.OVERALL):
            b = _basic_for(e, basics, overall)
            m = _monitor_for(e, monitors, subjects)
            found = e.findings + (b.findings if b else ()) + (m.findings if m else ())
            s = Subject(e.form, found, b.form if b else None, m.form if m else None)
            made.append(Draft(FormKind.OVERALL, (s,), unit_of(e.form) or None, e.year or (b.year if b else None),
                              notes))
        projects = [e for e in mine if e.form.kind == FormKind.PROJECT]
        if projects:
            ss = []
            for e in projects:
                m = _monitor_for(e, monitors, projects)
                ss.append(Subject(e.form, e.findings + (m.findings if m else ()), None, m.form if m else None))
            years = Counter(e.year for e in projects if e.year)
            made.append(Draft(FormKind.PROJECT, tuple(ss), unit_of(projects[0].form) or None,
                              years.most_common(1)[0][0] if years else None, notes))
    return made


def _save(doc, out: Path, force: bool) -> None:
    """Through the one atomic writer; without ``force`` an output that appeared meanwhile stays."""
    try:
        atomic_write(out, doc.save, replace=force)
    except FileExistsError:
        raise ReportError("{file} 已存在：未覆盖（要覆盖请加 --force）", file=out) from None
    except OSError as e:
        raise ReportError("{file}：无法写入（{reason}）", file=out.name, reason=why(e)) from None


def write_report(paths, out, profile=None, kind=None, force: bool = False) -> Outcome:
    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise ReportError("输出文件“{name}”应以 .docx 结尾", name=out.name)
    if out.exists() and not force:
        raise ReportError("{file} 已存在：未覆盖（要覆盖请加 --force）", file=out)
    if not out.parent.is_dir():
        raise ReportError("输出文件夹“{parent}”不存在", parent=out.parent)
    entries, notes = collect(paths, profile)
    try:
        made = drafts(entries, kind)
    except ReportError as e:
        raise ReportError("{error}；{notes}", error=e, notes=notes) if notes else e from None
    _save(build(made), out, force)
    return Outcome(out, tuple(made), tuple(notes) + made[0].notes)
