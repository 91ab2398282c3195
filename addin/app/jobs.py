"""The work of one file for a folder run, as a worker process does it: what it returns is small (a JSON
entry, or the scored model without its grids) and never an exception."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from jixiao.templates.model import Form, Workbook
from jixiao.templates.model.jsondoc import K, doc
from jixiao.udfs.errors import JixiaoError, os_reason

from ..checks import Finding
from ..render import findings as F
from . import pipeline
from .batch import Crash


def json_text(entry: dict) -> str:
    """An entry of {"files": [...]} as json.dumps(indent=2) writes it at that depth (done in the worker)."""
    from ..render.documents import entry_text

    return entry_text(entry)


def score_one(path, profile=None, month=None, as_json: bool = False):
    """`jixiao score` of one file: (its JSON text, error?, no form?), or the model for the text printer."""
    wb = pipeline.analyze_file(path, profile, month)
    return Scored(json_text(wb.as_json()), bool(wb.error), not wb.error and not wb.forms) if as_json else wb


class Scored:
    """A file's JSON entry already written as text, and the two facts the exit code needs."""

    def __init__(self, text: str, error: bool, no_form: bool):
        self.text, self.error, self.no_form = text, error, no_form


@dataclass(frozen=True)
class CheckResult:
    """`jixiao check` of one file: its findings, or why it could not be read; the 校验结果 copy written."""

    file: str
    error: JixiaoError | None = None
    findings: tuple[Finding, ...] = ()
    report: str | None = None  # the copy with a 校验结果 sheet
    report_error: JixiaoError | None = None  # why that copy could not be written
    report_note: str | None = None  # what the copy's name had to give up (its suffix, its length)
    cycle: tuple = ()  # for a folder's cross-cycle rules: its declarations, its later forms' project keys

    JSON = doc(
        "check_file", "check 的一个文件（files[] 的一项）",
        K("file", "string", "文件路径，按命令行所给"),
        K("error", "string|null", "无法读取或校验的原因（中文）；否则为 null"),
        K("findings", "array", "发现的问题，按表、单元格的顺序", of="finding"),
        K("report", "string", "带“校验结果”工作表的副本的路径", when="--report-sheet 或 --out-dir 且已写入"),
        K("report_error", "string", "副本未能写入的原因（中文）", when="副本未能写入时"),
        K("report_note", "string", "副本名称与原名不同的原因（扩展名与内容不符、名称过长）", when="有时"))

    @property
    def has_errors(self) -> bool:
        return any(f.severity == "error" for f in self.findings)

    def as_json(self) -> dict:
        out = {"file": self.file, "error": None if self.error is None else str(self.error),
               "findings": [F.as_json(f) for f in self.findings]}
        if self.report is not None:
            out["report"] = self.report
        if self.report_error is not None:
            out["report_error"] = str(self.report_error)
        if self.report_note is not None:
            out["report_note"] = self.report_note
        return out


def check_one(item, profile=None, month=None, cycle: bool = False) -> CheckResult:
    """`jixiao check` of one file (path, where its 校验结果 copy goes — False for none, None beside it).
    ``cycle``: also keep the forms the cross-cycle comparison over a folder needs (declarations and the
    监控表 / 自评表 they may match)."""
    path, target = item
    res = pipeline.run(path, profile, month=month)
    if res.workbook.error:
        return CheckResult(str(path), res.workbook.error)
    forms = cycle_forms(res.workbook.forms) if cycle else ()
    if target is False:
        return CheckResult(str(path), findings=res.findings, cycle=forms)
    from .report_copy import write_report_copy

    try:
        made = Path(write_report_copy(path, res.findings, target))
    except JixiaoError as e:
        return CheckResult(str(path), findings=res.findings, report_error=e, cycle=forms)
    except OSError as e:
        return CheckResult(str(path), findings=res.findings, cycle=forms,
                           report_error=JixiaoError("{file}：{reason}", file=Path(e.filename or path).name,
                                                    reason=os_reason(e)))
    src, notes = Path(path), []
    if target is None and made.suffix.lower() != src.suffix.lower():
        notes.append(f"{src.name} 的扩展名与内容不符，副本按内容另存为 {made.suffix}")
    if target is None and made.stem != f"{src.stem}{pipeline.REPORT_SUFFIX}":
        notes.append(f"文件名超出系统限制（每个名称最多 255 字节，汉字每字 3 字节），副本名已缩短为 {made.name}")
    return CheckResult(str(path), findings=res.findings, report=str(made), report_note="；".join(notes) or None,
                       cycle=forms)


def cycle_forms(forms) -> tuple:
    """What a folder's cross-cycle comparison needs of a workbook: its declarations whole, and of its 监控表 /
    自评表 only the key of their project (most folders declare nothing: a form is not carried back for that)."""
    from ..checks.cycle import LATER_NAMES, project_key

    return tuple(f if f.kind.id == "target" else project_key(f) for f in forms
                 if f.kind.id == "target" or f.kind.id in LATER_NAMES)


def add_folder_findings(results: list[CheckResult], profile=None, month=None) -> list[CheckResult]:
    """The differences between a declaration in one file and its project's 监控表 / 自评表 in another, added to
    the later form's file (read again for it: only files whose project was declared elsewhere)."""
    from ..checks.cycle import LATER_NAMES, ProjectKey, folder_findings, later_files

    declared = [(r.file, f) for r in results for f in r.cycle if isinstance(f, Form)]
    laters = [(r.file, k) for r in results for k in r.cycle if isinstance(k, ProjectKey)]
    again = later_files(declared, laters) if declared else set()
    forms: dict[str, list] = {}
    for file, f in declared:
        forms.setdefault(file, []).append(f)
    for file in again:
        wb = pipeline.analyze_file(file, profile, month)
        forms.setdefault(file, []).extend(f for f in wb.forms if f.kind.id in LATER_NAMES)
    found = folder_findings(forms.items()) if again else {}
    return [replace(r, findings=r.findings + tuple(found.get(r.file, ())), cycle=()) for r in results]


def score_entry(r) -> Scored:
    """A score result as its JSON text (a worker's crash becomes the file's error)."""
    if isinstance(r, Crash):
        return Scored(json_text({"file": r.file, "error": str(r.error), "skipped": [], "sheets": []}), True, False)
    return r


def as_workbook(r) -> Workbook:
    return Workbook(r.file, error=r.error) if isinstance(r, Crash) else r


def check_entry(r) -> CheckResult:
    return CheckResult(r.file, r.error) if isinstance(r, Crash) else r


__all__ = ["CheckResult", "Scored", "as_workbook", "check_entry", "check_one", "json_text", "score_entry", "score_one"]
