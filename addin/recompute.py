"""Write the computed figures into the cells where they belong, touching nothing else.

.xlsx/.xlsm are patched at the XML level (jixiao.addin.xlsx_patch): charts, images, comments,
validation, VBA… stay byte-identical. An .xls cannot be patched: its values are carried into a new
.xlsx (formatting beyond merges and number formats is not kept) and the outcome says so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.templates.grid import WorkbookData, parse_address

from .engine import WorkbookResult, analyze_file
from .xlsx_patch import CellWrite, PatchReport, patch_in_place, patch_workbook

PERCENT, SCORE = "0.00%", "0.00"


@dataclass
class RecomputeOutcome:
    source: str
    output: str | None
    result: WorkbookResult
    report: PatchReport | None = None
    backup: str | None = None
    notes: list[str] = field(default_factory=list)


def planned_writes(res: WorkbookResult) -> list[CellWrite]:
    """Every computed figure and the cell it goes to, in sheet order."""
    writes: list[CellWrite] = []
    for sr in res.sheets:
        name = sr.layout.sheet

        def put(cell, value, fmt, name=name):
            if cell and value is not None:
                writes.append(CellWrite(name, cell, value, fmt))

        if sr.funds:
            put(sr.funds.get("rate_cell"), sr.funds.get("rate"), PERCENT)
            put(sr.funds.get("cell"), sr.funds.get("score"), SCORE)
        basic = sr.extra.get("basic")
        if basic:
            put(basic["control_rate_cell"], basic["control_rate"], PERCENT)
        for ind in sr.indicators:
            if sr.layout.kind == "assessment" and ind.get("score") == ind.get("stated"):
                continue
            put(ind.get("cell"), ind.get("score"), SCORE)
        if sr.total is not None and sr.layout.total is not None:
            put(sr.layout.total.cell, sr.total, SCORE)
        if sr.grade and sr.layout.grade is not None:
            put(sr.layout.grade.cell, f"{sr.layout.grade_prefix}{sr.grade}" if sr.layout.grade_inline else sr.grade, None)
    return writes


def default_output(path: Path) -> Path:
    suffix = ".xlsx" if path.suffix.lower() == ".xls" else path.suffix
    return path.with_name(f"{path.stem}_重算{suffix}")


def _xls_to_xlsx(data: WorkbookData, writes: list[CellWrite], out: Path) -> PatchReport:
    from jixiao.templates.grid import col_letter
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    report = PatchReport(written=[], skipped_formulas=[], unchanged=[])
    for grid in data.sheets:
        ws = wb.create_sheet(grid.name[:31])
        for (r, c), cell in grid.cells.items():
            x = ws.cell(r, c, cell.value)
            x.number_format = cell.number_format
        for r1, c1, r2, c2 in grid.merges:
            ws.merge_cells(f"{col_letter(c1)}{r1}:{col_letter(c2)}{r2}")
        if grid.hidden:
            ws.sheet_state = "hidden"
    for w in writes:
        r, c = parse_address(w.address)
        x = wb[w.sheet[:31]].cell(r, c)
        x.value = w.value
        if w.number_format:
            x.number_format = w.number_format
        report.written.append(f"{w.sheet}!{w.address}")
    wb.save(out)
    return report


def recompute_file(path, out=None, in_place: bool = False, profile=None) -> RecomputeOutcome:
    path = Path(path)
    res = analyze_file(path, profile)
    outcome = RecomputeOutcome(str(path), None, res)
    if res.error:
        return outcome
    writes = planned_writes(res)
    data = res.data
    if data.fmt == "xls":
        target = Path(out) if out else default_output(path)
        if target.suffix.lower() != ".xlsx":
            target = target.with_suffix(".xlsx")
        outcome.report = _xls_to_xlsx(data, writes, target)
        outcome.output = str(target)
        outcome.notes.append(f"{path.name} 是 .xls 旧格式，无法原样改写：已另存为新的 {target.name}"
                             "（保留数值、合并单元格和数字格式；原文件未改动）")
        return outcome
    if in_place:
        outcome.report, outcome.backup = patch_in_place(path, writes)
        outcome.output = str(path)
    else:
        target = Path(out) if out else default_output(path)
        if target.resolve() == path.resolve():
            raise ValueError(f"输出文件与原文件相同：{path}。要改写原文件请用 --in-place（会保留备份）")
        outcome.report = patch_workbook(path, target, writes)
        outcome.output = os.fspath(target)
    return outcome
