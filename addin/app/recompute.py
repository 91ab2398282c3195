"""Write the computed figures into the cells where they belong, touching nothing else.

.xlsx/.xlsm are patched in their bytes (:mod:`jixiao.addin.ooxml.patcher`): charts, images, comments,
validation, VBA… stay byte-identical. An .xls cannot be patched: its values are carried into a new
.xlsx (formatting beyond merges and number formats is not kept) and the outcome says so.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.addin.ooxml.grid import WorkbookData, col_letter, parse_address
from jixiao.templates.labels import fields_of, norm
from jixiao.templates.model import Form, Workbook
from jixiao.templates.model.jsondoc import K, doc
from jixiao.udfs.errors import InputError
from jixiao.udfs.profiles import WORKBOOK_NAME
from jixiao.udfs.values import text_number

from ..ooxml import CellWrite, PatchReport, patch_in_place, patch_workbook
from ..ooxml.package import atomic_write, content_suffix, fit_name
from ..ooxml.xmlsafe import control_characters, excel_escape
from . import pipeline


@dataclass
class RecomputeOutcome:
    source: str
    output: str | None
    result: Workbook
    report: PatchReport | None = None
    backup: str | None = None
    notes: list[str] = field(default_factory=list)

    JSON = doc(
        "recompute_file", "recompute 的文件（files[] 的一项）：score 的各键，加上写入的情况",
        K("file", "string", "原文件路径，按命令行所给"),
        K("error", "string|null", "无法读取的原因（中文）；否则为 null"),
        K("skipped", "array", "未识别为表的工作表", of="skipped_sheet"),
        K("sheets", "array", "识别出的表及其计算结果，同 score", of="form"),
        K("output", "string|null", "写入的文件；没有写入（未识别到表、无法读取）为 null"),
        K("backup", "string|null", "--in-place 时原文件的备份；否则为 null"),
        K("notes", "array", "关于输出的说明：另存为 .xlsx、名称已缩短等", of="string"),
        K("written", "array", "写入了计算结果的单元格（工作表!单元格）", of="string"),
        K("skipped_formulas", "array", "保留了公式、未改写的单元格（工作表!单元格）", of="string"),
        K("cached", "array", "其中存入了计算结果作为公式缓存值的单元格（工作表!单元格）", of="string"),
        K("unchanged", "array", "原本就是正确结果、未改动的单元格（工作表!单元格）", of="string"),
        K("formula_errors", "array", "公式结果是错误值（#DIV/0! 等）的单元格，jixiao 未改写", of="formula_error"))
    FORMULA_ERROR = doc("formula_error", "公式结果为错误值的单元格（formula_errors[]）",
                        K("cell", "string", "工作表!单元格"),
                        K("value", "string", "错误值，如 #DIV/0!"))

    def as_json(self) -> dict:
        r = self.report
        return {**self.result.as_json(), "output": self.output, "backup": self.backup, "notes": list(self.notes),
                "written": list(r.written) if r else [], "skipped_formulas": list(r.skipped_formulas) if r else [],
                "cached": list(r.cached) if r else [], "unchanged": list(r.unchanged) if r else [],
                "formula_errors": [{"cell": c, "value": v} for c, v in r.formula_errors] if r else []}


def form_writes(form: Form) -> list[CellWrite]:
    """Every computed figure of one form and the cell it goes to (the form's body says which)."""
    return [CellWrite(form.sheet, w.cell, w.value, w.number_format) for w in form.writes()]


def planned_writes(wb: Workbook, only_sheet: str | None = None) -> list[CellWrite]:
    """Every computed figure and the cell it goes to, in sheet order."""
    return [w for form in wb.forms if only_sheet in (None, form.sheet) for w in form_writes(form)]


def text_number_writes(wb: Workbook) -> tuple[list[CellWrite], list[str]]:
    """--fix-text-numbers: the number each number cell holding text means ("12.3万元" → 12.3), and a note per
    cell quoting the text it replaces."""
    writes, notes = [], []
    for form in wb.forms:
        cells = getattr(form.body, "number_cells", None)
        for what, f in cells() if cells else ():
            n = text_number(f.value)
            if n is not None and f.cell:
                writes.append(CellWrite(form.sheet, f.cell, n, None))
                notes.append(f"工作表“{form.sheet}” {f.cell}：{what}原为文字“{f.value.strip()}”，已改为数字 {n:g}")
    return writes, notes


def label_cells(data: WorkbookData | None, writes: list[CellWrite]) -> list[CellWrite]:
    """The writes that would land on a label of the form (年度总体目标, 预期目标 …): recognition must never
    plan one; this is the last guard before the bytes. (A grade written inline, 等级：优, goes into its label's
    cell by design: only figures are guarded.)"""
    if data is None:
        return []
    grids = {g.name: g for g in data.sheets}
    out = []
    for w in writes:
        g = grids.get(w.sheet)
        if not isinstance(w.value, (int, float)):
            continue
        v = g.value(*parse_address(w.address)) if g is not None else None
        if isinstance(v, str) and fields_of(norm(v)):
            out.append(w)
    return out


def default_output(path: Path) -> Path:
    """原名_重算 beside the original, with the extension its content calls for (a macro workbook named .xlsx is
    written as .xlsm: Excel opens neither mismatch), cut to fit the file system's 255 bytes per name."""
    suffix = ".xlsx" if path.suffix.lower() == ".xls" else (content_suffix(path) or path.suffix)
    return fit_name(path.with_name(f"{path.stem}_重算{suffix}"))


def output_notes(path: Path, target: Path) -> list[str]:
    """What the user is told about a name jixiao chose differently from the obvious one."""
    notes = []
    if target.suffix.lower() != path.suffix.lower() and path.suffix.lower() != ".xls":
        notes.append(f"{path.name} 的内容是{'启用宏的工作簿' if target.suffix.lower() == '.xlsm' else '工作簿'}，"
                     f"扩展名与内容不符：输出按内容另存为 {target.suffix}")
    if target.name != f"{path.stem}_重算{target.suffix}":
        notes.append(f"文件名超出系统限制（每个名称最多 255 字节，汉字每字 3 字节），输出文件名已缩短为 {target.name}")
    return notes


def _xls_to_xlsx(data: WorkbookData, writes: list[CellWrite], out: Path, notes: list[str]) -> PatchReport:
    from openpyxl import Workbook as OpenpyxlBook

    wb = OpenpyxlBook()
    wb.remove(wb.active)
    report = PatchReport()
    for grid in data.sheets:
        ws = wb.create_sheet(grid.name[:31])
        for (r, c), cell in grid.cells.items():
            value = cell.value
            if control_characters(value):  # an .xls cell may hold BEL; the .xlsx keeps it as Excel spells it
                notes.append(f"{Path(data.path).name} 工作表“{grid.name}” {col_letter(c)}{r}：含控制字符 "
                             f"{control_characters(value)}，已按 Excel 的写法（_x0007_ 形式）保存")
                value = excel_escape(value)
            x = ws.cell(r, c, value)
            if isinstance(cell.value, str) and cell.value.startswith("="):
                x.data_type = "s"  # text as typed, never a live formula
            x.number_format = cell.number_format
        for r1, c1, r2, c2 in grid.merges:
            ws.merge_cells(f"{col_letter(c1)}{r1}:{col_letter(c2)}{r2}")
        if grid.hidden:
            ws.sheet_state = "hidden"
    if WORKBOOK_NAME in data.defined_names:  # the rule the workbook was scored under stays with it
        from openpyxl.workbook.defined_name import DefinedName

        wb.defined_names[WORKBOOK_NAME] = DefinedName(WORKBOOK_NAME, attr_text=data.defined_names[WORKBOOK_NAME])
    for w in writes:
        r, c = parse_address(w.address)
        x = wb[w.sheet[:31]].cell(r, c)
        x.value = w.value
        if w.number_format:
            x.number_format = w.number_format
        report.written.append(f"{w.sheet}!{w.address}")
    atomic_write(out, wb.save)
    return report


def recompute_file(path, out=None, in_place: bool = False, profile=None, month=None,
                   fix_text_numbers: bool = False) -> RecomputeOutcome:
    path = Path(path)
    res = pipeline.run(path, profile, check=False, keep_data=True, month=month)
    outcome = RecomputeOutcome(str(path), None, res.workbook)
    if res.workbook.error:
        return outcome
    if not res.workbook.forms:
        return outcome  # nothing recognised: nothing is written, no copy, no .bak
    writes = planned_writes(res.workbook)
    if fix_text_numbers:
        fixes, fixed = text_number_writes(res.workbook)
        taken = {(w.sheet, w.address) for w in writes}
        writes = [w for w in fixes if (w.sheet, w.address) not in taken] + writes
        outcome.notes.extend(fixed)
    on_labels = label_cells(res.data, writes)
    if on_labels:
        writes = [w for w in writes if w not in on_labels]
        outcome.notes.extend(f"工作表“{w.sheet}” {w.address} 是表头文字，未写入" for w in on_labels)
    if res.workbook.fmt == "xls":
        target = Path(out) if out else default_output(path)
        if target.suffix.lower() != ".xlsx":
            target = target.with_suffix(".xlsx")
        if not out:
            outcome.notes.extend(output_notes(path, target))
        outcome.report = _xls_to_xlsx(res.data, writes, target, outcome.notes)
        outcome.output = str(target)
        outcome.notes.append(f"{path.name} 是 .xls 旧格式，无法原样改写：已另存为新的 {target.name}"
                             "（保留数值、合并单元格和数字格式；原文件未改动）")
        return outcome
    if in_place:
        outcome.report, outcome.backup = patch_in_place(path, writes)
        outcome.output = str(path)
    else:
        target = Path(out) if out else default_output(path)
        if not out:
            outcome.notes.extend(output_notes(path, target))
        if target.resolve() == path.resolve():
            raise InputError("输出文件与原文件相同：{path}。要改写原文件请用 --in-place（会保留备份）", path=path)
        outcome.report = patch_workbook(path, target, writes)
        outcome.output = os.fspath(target)
    return outcome


__all__ = ["RecomputeOutcome", "default_output", "form_writes", "label_cells", "planned_writes", "recompute_file",
           "text_number_writes"]
