"""paths → read → recognise → score → check, assembled once.

The CLI, the ribbon's actions, recompute, summarize and the report call :func:`analyze_file` /
:func:`run`; none of them reads, recognises or scores on its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from jixiao.addin.ooxml.grid import WorkbookData, address
from jixiao.templates.model import HiddenValue, Skipped, Workbook
from jixiao.templates.recognize import NotAForm, recognize_all
from jixiao.udfs import Profile, get_profile
from jixiao.udfs.errors import JixiaoError
from jixiao.udfs.profiles import WORKBOOK_NAME, profile_from_defined_name

from ..checks import Finding, check_workbook
from ..ooxml import read_workbook
from ..ooxml.package import is_temp, remove_stale_temps
from ..score import score_forms
from ..score.monitor import with_month
from .form_year import form_year

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xltx", ".xltm")
REPORT_SUFFIX = "_校验结果"  # `check --report-sheet` writes its copy beside the original under this name


def stored_profile(data: WorkbookData) -> str | None:
    return profile_from_defined_name(data.defined_names.get(WORKBOOK_NAME))


def resolve_profile(explicit, data: WorkbookData | None) -> Profile:
    """The call's profile, else the one stored in the workbook, else the default."""
    if explicit:
        return get_profile(explicit)
    return get_profile(stored_profile(data) if data else None)


def analyze(data: WorkbookData, profile=None, month=None) -> Workbook:
    """Recognise and score every form of a workbook already read (``month``: a 监控表's month, over the form's)."""
    p = resolve_profile(profile, data)
    skipped = [Skipped("", note) for note in data.notes]  # notes: errors the reader met and went on
    forms = []
    for grid in data.sheets:
        try:
            forms.extend(replace(f, year=form_year(f, grid)) for f in recognize_all(grid))
        except NotAForm as e:
            skipped.append(Skipped(grid.name, e))
    return Workbook(data.path, tuple(score_forms(with_month(forms, month), p)), tuple(skipped), None, data.fmt,
                    hidden_values(data, forms))


def hidden_values(data: WorkbookData, forms) -> tuple[HiddenValue, ...]:
    """Values hidden under a merged range that holds a cell a form reads (E6:F6 merged, 4637.81 in F6)."""
    grids = {g.name: g for g in data.sheets}
    out = []
    for form in forms:
        grid = grids.get(form.sheet)
        hidden = grid.hidden_under_merges() if grid is not None else []
        if not hidden:
            continue
        read = {(f.row, f.col) for _what, f in form.cells() if f is not None and f.row}
        for r, c, (r1, c1, r2, c2) in hidden:
            if any(r1 <= fr <= r2 and c1 <= fc <= c2 for fr, fc in read):
                out.append(HiddenValue(form.sheet, address(r, c), f"{address(r1, c1)}:{address(r2, c2)}",
                                       grid.value(r, c), grid.value(r1, c1)))
    return tuple(dict.fromkeys(out))


def read(path: str | os.PathLike) -> WorkbookData | JixiaoError:
    """The workbook's grids, or the error that says why it cannot be read."""
    try:
        return read_workbook(path)
    except JixiaoError as e:
        return e


def analyze_file(path: str | os.PathLike, profile=None, month=None) -> Workbook:
    data = read(path)
    if isinstance(data, JixiaoError):
        return Workbook(str(path), error=data)
    return analyze(data, profile, month)


@dataclass(frozen=True)
class Result:
    """One file through the whole pipeline."""

    workbook: Workbook
    findings: tuple[Finding, ...] = field(default=())
    data: WorkbookData | None = None  # the grids, kept only when a caller asks (recompute of an .xls)


def run(path: str | os.PathLike, profile=None, *, check: bool = True, keep_data: bool = False,
        month=None) -> Result:
    data = read(path)
    if isinstance(data, JixiaoError):
        return Result(Workbook(str(path), error=data))
    wb = analyze(data, profile, month)
    return Result(wb, tuple(check_workbook(wb)) if check else (), data if keep_data else None)


def expand_paths(paths: Iterable) -> list[Path]:
    """Files as given; folders searched recursively for workbooks. Skipped there: Excel's ~$ lock files,
    our own temp files, and the 校验结果 copies `check --report-sheet` leaves beside each original."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = list(p.rglob("*"))  # one walk of the tree
            for d in {f.parent for f in found if is_temp(f)}:
                remove_stale_temps(d)
            out.extend(sorted(f for f in found
                              if f.is_file() and f.suffix.lower() in WORKBOOK_SUFFIXES
                              and not f.name.startswith("~$") and not is_temp(f)
                              and not f.stem.endswith(REPORT_SUFFIX)))
        else:
            out.append(p)
    return out
