"""The work of one file for a folder run, as a worker process does it: what it returns is small (a JSON
entry, or the scored model without its grids) and never an exception."""

from __future__ import annotations

from jixiao.templates.model import Workbook

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


CYCLE_KEY = "_cycle"  # an entry's forms for the folder's cross-cycle rules (taken out before printing)


def check_one(item, profile=None, month=None, cycle: bool = False) -> dict:
    """`jixiao check` of one file (path, where its 校验结果 copy goes — False for none, None beside it).
    ``cycle``: also return the forms the cross-cycle comparison over a folder needs (declarations and the
    监控表 / 自评表 they may match), under :data:`CYCLE_KEY`."""
    path, target = item
    res = pipeline.run(path, profile, month=month)
    entry = {"file": str(path), "error": None if res.workbook.error is None else str(res.workbook.error),
             "findings": []}
    if res.workbook.error:
        return entry
    entry["findings"] = [F.as_json(f) for f in res.findings]
    if cycle:
        entry[CYCLE_KEY] = cycle_forms(res.workbook.forms)
    if target is not False:
        from pathlib import Path

        from jixiao.udfs.errors import JixiaoError, os_reason

        from .report_copy import write_report_copy

        try:
            entry["report"] = write_report_copy(path, res.findings, target)
        except JixiaoError as e:
            entry["report_error"] = str(e)
        except OSError as e:
            entry["report_error"] = f"{Path(e.filename or path).name}：{os_reason(e)}"
        else:
            made, src = Path(entry["report"]), Path(path)
            notes = []
            if target is None and made.suffix.lower() != src.suffix.lower():
                notes.append(f"{src.name} 的扩展名与内容不符，副本按内容另存为 {made.suffix}")
            if target is None and made.stem != f"{src.stem}{pipeline.REPORT_SUFFIX}":
                notes.append(f"文件名超出系统限制（每个名称最多 255 字节，汉字每字 3 字节），副本名已缩短为 {made.name}")
            if notes:
                entry["report_note"] = "；".join(notes)
    return entry


def cycle_forms(forms) -> list:
    """The forms of a workbook a folder's cross-cycle rules compare (none unless it holds one of each side's)."""
    from ..checks.cycle import LATER_NAMES

    return [f for f in forms if f.kind.id == "target" or f.kind.id in LATER_NAMES]


def add_folder_findings(entries: list[dict]) -> list[dict]:
    """The differences between a declaration in one file and its project's 监控表 / 自评表 in another, added to
    the later form's file; the forms carried for it are dropped."""
    from ..checks.cycle import folder_findings

    found = folder_findings((e["file"], e.pop(CYCLE_KEY, ())) for e in entries)
    for e in entries:
        e["findings"] += [F.as_json(f) for f in found.get(e["file"], ())]
    return entries


def score_entry(r) -> Scored:
    """A score result as its JSON text (a worker's crash becomes the file's error)."""
    if isinstance(r, Crash):
        return Scored(json_text({"file": r.file, "error": r.error, "skipped": [], "sheets": []}), True, False)
    return r


def as_workbook(r) -> Workbook:
    return Workbook(r.file, error=r.error) if isinstance(r, Crash) else r


def check_entry(r) -> dict:
    if isinstance(r, Crash):
        return {"file": r.file, "error": r.error, "findings": []}
    return r


__all__ = ["Scored", "as_workbook", "check_entry", "check_one", "json_text", "score_entry", "score_one"]
