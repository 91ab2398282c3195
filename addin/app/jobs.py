"""The work of one file for a folder run, as a worker process does it: what it returns is small (a JSON
entry, or the scored model without its grids) and never an exception."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jixiao.templates.model import Workbook
from jixiao.udfs.errors import JixiaoError, os_reason

from ..checks import Finding
from ..render import findings as F
from . import pipeline
from .batch import Crash


def json_text(entry: dict) -> str:
    """An entry of {"files": [...]} as json.dumps(indent=2) writes it at that depth (done in the worker)."""
    import json

    return "    " + json.dumps(entry, ensure_ascii=False, indent=2).replace("\n", "\n    ")


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


def check_one(item, profile=None, month=None) -> CheckResult:
    """`jixiao check` of one file (path, where its 校验结果 copy goes — False for none, None beside it)."""
    path, target = item
    res = pipeline.run(path, profile, month=month)
    if res.workbook.error:
        return CheckResult(str(path), res.workbook.error)
    if target is False:
        return CheckResult(str(path), findings=res.findings)
    from .report_copy import write_report_copy

    try:
        made = Path(write_report_copy(path, res.findings, target))
    except JixiaoError as e:
        return CheckResult(str(path), findings=res.findings, report_error=e)
    except OSError as e:
        return CheckResult(str(path), findings=res.findings,
                           report_error=JixiaoError("{file}：{reason}", file=Path(e.filename or path).name,
                                                    reason=os_reason(e)))
    src, notes = Path(path), []
    if target is None and made.suffix.lower() != src.suffix.lower():
        notes.append(f"{src.name} 的扩展名与内容不符，副本按内容另存为 {made.suffix}")
    if target is None and made.stem != f"{src.stem}{pipeline.REPORT_SUFFIX}":
        notes.append(f"文件名超出系统限制（每个名称最多 255 字节，汉字每字 3 字节），副本名已缩短为 {made.name}")
    return CheckResult(str(path), findings=res.findings, report=str(made), report_note="；".join(notes) or None)


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
