"""The workbook an action works on, in its two backends:

- :class:`FileBook` — a file on disk (the CLI's engine; what the tests exercise);
- :class:`XlwingsBook` — the live workbook in Excel (``xw.Book.caller()``), which reads through a saved copy
  and writes through xlwings ranges, unprotecting a sheet around its writes and protecting it again with
  every option it had (:mod:`.protection`).
"""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from jixiao.templates.model import Workbook
from jixiao.udfs import JixiaoError
from jixiao.udfs.profiles import WORKBOOK_NAME

from ..app.finalize import finalize_copy
from ..app.pipeline import analyze_file
from ..app.report_copy import add_report_sheet
from ..checks import Finding
from ..ooxml import CellWrite, PatchReport, patch_in_place
from ..ooxml import workbook as W
from ..ooxml.package import Package, write_package
from ..render import findings as F
from .protection import (
    Locks,
    is_protected,
    passworded_sheet_note,
    passworded_structure_note,
    read_locks,
    structure_unlocked,
    unprotected,
)


class FileBook:
    """A workbook file. Changes are written in place atomically, with a .bak of the original."""

    def __init__(self, path, active_sheet: str | None = None):
        self.path = Path(path)
        self.active_sheet = active_sheet
        self.messages: list[str] = []
        self.notes: list[str] = []  # a file has no protection to get past: always empty

    def result(self, profile=None) -> Workbook:
        return analyze_file(self.path, profile)

    def write(self, writes: list[CellWrite]) -> PatchReport:
        report, _backup = patch_in_place(self.path, writes)
        return report

    def show_findings(self, findings: list[Finding]) -> None:
        add_report_sheet(self.path, self.path, findings)  # written atomically

    def export_copy(self, out: Path):
        return finalize_copy(self.path, out)

    def draft_report(self, out: Path, profile=None):
        from ..app.report import write_report

        return write_report([self.path], out, profile)

    def store_profile(self, profile_id: str) -> None:
        _store_profile_in_file(self.path, profile_id)

    def selected_cell(self):
        return None  # a file has no selection: 增加指标行 is for the live workbook

    def say(self, text: str) -> None:
        self.messages.append(text)

    def open(self, path: Path) -> None:
        self.messages.append(f"打开 {path}")


def _store_profile_in_file(path: Path, profile_id: str) -> None:
    """Set the defined name jixiao_profile in the workbook part (the only part that changes)."""
    with Package(path) as pkg:
        infos, parts = pkg.infos, pkg.read_all()
    wb_part = W.locate(parts.get("_rels/.rels"))
    parts[wb_part] = W.set_defined_name(parts[wb_part], WORKBOOK_NAME, f'"{profile_id}"')
    write_package(path, infos, parts)


class XlwingsBook:
    """The live workbook (Windows Excel through xlwings); tested on Linux against a strict stand-in of Excel
    (tests/standin.py) on every template and sample.

    Reads go through ``SaveCopyAs`` into a temporary folder that is removed again at once, so the user's file
    and its unsaved state stay as they are and no copy is left behind; writes go through ranges, each sheet
    unprotected around them and protected again as it was (:mod:`jixiao.addin.excel.protection`).
    What could not be done (a sheet with a password) is said in ``notes``, added to the action's message.
    """

    SAVE_FILTER = "Excel 工作簿 (*.xlsx),*.xlsx,Excel 启用宏的工作簿 (*.xlsm),*.xlsm"
    XLSX_FORMAT = 51  # xlOpenXMLWorkbook

    def __init__(self, book):
        self.book = book
        self.active_sheet = book.sheets.active.name
        self.path = Path(book.fullname)
        self.notes: list[str] = []
        self._locks: Locks | None = None

    # --- the file behind the workbook ---

    @property
    def saved(self) -> bool:
        """Whether the workbook is a file on this PC (not a new Book1, nor only a web address)."""
        import os
        from pathlib import PureWindowsPath

        name = str(self.book.fullname)
        return os.path.isabs(name) or PureWindowsPath(name).is_absolute()

    def ensure_saved(self, what: str) -> bool:
        """Ask to save a workbook that has no folder yet; True once it has one."""
        if self.saved:
            return True
        answer = self.book.app.alert(
            f"“{self.book.name}”还没有保存。{what}的结果放在工作簿所在的文件夹，请先保存工作簿。\n现在保存吗？",
            title="绩效自评", buttons="ok_cancel")
        if answer != "ok":
            return False
        chosen = self.book.app.api.GetSaveAsFilename(InitialFileName=f"{self.book.name}.xlsx",
                                                     FileFilter=self.SAVE_FILTER)
        if not isinstance(chosen, str) or not chosen:
            return False
        self.book.save(chosen)
        self.path = Path(self.book.fullname)
        return self.saved

    @contextmanager
    def _copy(self, ooxml: bool = False):
        """A saved copy of the live workbook, deleted when the block ends.

        ``SaveCopyAs`` keeps the workbook's own format (a workbook opened from .xls gives BIFF bytes whatever
        the name); with ``ooxml`` such a copy is opened in Excel and saved again as .xlsx, since the package
        surgery of 定稿导出 and the protection read work on OOXML only."""
        import zipfile

        with tempfile.TemporaryDirectory(prefix="jixiao-", ignore_cleanup_errors=True) as d:
            suffix = Path(str(self.book.name)).suffix.lower()
            p = Path(d) / ("副本" + (suffix if suffix in (".xlsx", ".xlsm", ".xls", ".xlsb") else ".xlsx"))
            self.book.api.SaveCopyAs(str(p))  # the user's file and its unsaved state stay as they are
            if ooxml and not zipfile.is_zipfile(p):
                p = self._as_xlsx(p, Path(d) / "副本_转换.xlsx")
            if self._locks is None and zipfile.is_zipfile(p):
                self._locks = read_locks(p)
            yield p

    def _as_xlsx(self, src: Path, out: Path) -> Path:
        """Excel itself converts the legacy copy (it alone reads every BIFF record); the copy, not the user's
        workbook, is opened, saved as .xlsx and closed again."""
        app = self.book.app
        alerts = app.api.DisplayAlerts
        app.api.DisplayAlerts = False  # no compatibility questions for a temporary file
        try:
            tmp = app.books.open(str(src), update_links=False, read_only=True)
            try:
                tmp.api.SaveAs(str(out), FileFormat=self.XLSX_FORMAT)
            finally:
                tmp.close()
        finally:
            app.api.DisplayAlerts = alerts
        return out

    def locks(self) -> Locks:
        if self._locks is None:
            with self._copy(ooxml=True):
                pass
        return self._locks or Locks()

    def result(self, profile=None) -> Workbook:
        with self._copy() as copy:
            res = analyze_file(copy, profile)
        error = res.error.where(str(self.book.name)) if res.error else None  # the user's workbook, not the copy
        return replace(res, file=str(self.path), error=error)

    def _open_sheet(self, name: str, what: str):
        """The sheet to change, or None (with a note) when a password keeps jixiao out."""
        sheet = self.book.sheets[name]
        if is_protected(sheet.api) and name in self.locks().passworded:
            self.notes.append(passworded_sheet_note(name, what))
            return None
        return sheet

    def write(self, writes: list[CellWrite]) -> PatchReport:
        report = PatchReport()
        by_sheet: dict[str, list[CellWrite]] = {}
        for w in writes:
            by_sheet.setdefault(w.sheet, []).append(w)
        for name, ws_writes in by_sheet.items():
            sheet = self._open_sheet(name, f"其中 {len(ws_writes)} 个计算结果未写入")
            if sheet is None:
                continue
            with unprotected(sheet.api):
                for w in ws_writes:
                    rng = sheet.range(w.address)
                    if str(rng.formula).startswith("="):
                        report.skipped_formulas.append(f"{w.sheet}!{w.address}")
                        continue
                    rng.value = w.value
                    if w.number_format:
                        rng.number_format = w.number_format
                    report.written.append(f"{w.sheet}!{w.address}")
        return report

    def show_findings(self, findings: list[Finding]) -> None:
        """The 校验结果 sheet with links; error cells tinted until the next check, which restores their colour."""
        from ..render.report_sheet import HEAD, REPORT_SHEET

        names = [s.name for s in self.book.sheets]
        if REPORT_SHEET in names:
            ws = self.book.sheets[REPORT_SHEET]
            self._restore_tints(ws)
        else:
            if self.book.api.ProtectStructure and self.locks().structure_password:
                self.notes.append(passworded_structure_note())
                return
            with structure_unlocked(self.book.api):
                ws = self.book.sheets.add(REPORT_SHEET, after=self.book.sheets[-1])
        errors = {}
        for f in findings:
            if f.cell and f.severity == "error":
                errors.setdefault(f.sheet, []).append(f.cell)
        tinted = []
        for sheet_name, cells in errors.items():
            if sheet_name not in names:
                continue
            sheet = self._open_sheet(sheet_name, "出错的单元格未标红")
            if sheet is None:
                continue
            with unprotected(sheet.api):
                for cell in dict.fromkeys(cells):
                    rng = sheet.range(cell)
                    tinted.append((sheet_name, cell, rng.color))
                    rng.color = self.TINT
        with unprotected(ws.api):
            ws.clear()
            ws.range("A1").value = [list(HEAD)] + [
                [i, f.severity.label, f.code, f.sheet, f.cell, F.message(f)]
                for i, f in enumerate(findings, 1)]
            for i, f in enumerate(findings, 2):
                if f.cell:
                    ws.range(f"E{i}").add_hyperlink(f"#'{f.sheet}'!{f.cell}", f.cell)
            if tinted:  # remembered beside the report: sheet, cell, the colour it had
                col = len(HEAD) + 2
                ws.range((1, col)).value = [[self.TINT_HEAD, "", ""]] + [
                    [s, c, _hex_colour(old)] for s, c, old in tinted]

    TINT = (255, 199, 206)
    TINT_HEAD = "已标红的单元格（下次校验时恢复原底色）"

    def _restore_tints(self, ws) -> None:
        from ..render.report_sheet import HEAD

        col = len(HEAD) + 2
        if ws.range((1, col)).value != self.TINT_HEAD:
            return
        row = 2
        names = {s.name for s in self.book.sheets}
        by_sheet: dict[str, list[tuple[str, object]]] = {}
        while True:
            sheet, cell, old = (ws.range((row, col + k)).value for k in range(3))
            if not sheet or not cell:
                break
            if sheet in names:
                by_sheet.setdefault(sheet, []).append((str(cell), old))
            row += 1
        for name, cells in by_sheet.items():
            sheet = self._open_sheet(name, "上次标红的单元格未恢复原底色")
            if sheet is None:
                continue
            with unprotected(sheet.api):
                for cell, old in cells:
                    rng = sheet.range(cell)
                    if tuple(rng.color or ()) == self.TINT:  # the user has not recoloured it since
                        rng.color = _colour_from_hex(old)

    def export_copy(self, out: Path):
        with self._copy(ooxml=True) as copy:
            return finalize_copy(copy, out)

    def draft_report(self, out: Path, profile=None):
        from ..app.report import write_report

        with self._copy() as copy:
            try:
                return write_report([copy], out, profile)
            except JixiaoError as e:  # name the user's workbook, not the temporary copy
                raise e.where(str(self.book.name)) from None

    def selected_cell(self) -> tuple[str, int] | None:
        """(sheet, row) of the active cell."""
        sel = self.book.app.selection
        return (sel.sheet.name, sel.row) if sel is not None else None

    def indicator_table(self, sheet: str):
        """The rows indicators go in on ``sheet`` (below the header row naming 三级指标, above the total
        row) and the sheet's merged areas, as the saved copy has them; None when it is not such a form."""
        from ..app.pipeline import analyze, read

        with self._copy() as copy:
            data = read(copy)
        if isinstance(data, str):
            return None
        form = next((f for f in analyze(data).forms if f.sheet == sheet and _total_cell(f)), None)
        grid = next((g for g in data.sheets if g.name == sheet), None)
        return _table_rows(form, grid)

    def insert_row_below(self, sheet_name: str, row: int, table: IndicatorRows) -> int | None:
        """A row inserted under ``row``, formatted like it (Excel's CopyOrigin), its formulas copied in R1C1
        (relative references follow), the 一级/二级 labels merged over it; the number of formulas, or None
        when a password keeps the sheet closed."""
        sheet = self._open_sheet(sheet_name, "未插入新行")
        if sheet is None:
            return None
        app = self.book.app.api
        alerts = app.DisplayAlerts
        app.DisplayAlerts = False  # merging the new, empty cell asks nothing; never a dialog mid-action
        try:
            with unprotected(sheet.api):
                sheet.range((row + 1, 1)).api.EntireRow.Insert(Shift=XL_SHIFT_DOWN, CopyOrigin=XL_FORMAT_FROM_ABOVE)
                n = 0
                for col in range(1, table.last_col + 1):
                    src = sheet.range((row, col))
                    if str(src.formula).startswith("="):
                        sheet.range((row + 1, col)).formula_r1c1 = src.formula_r1c1
                        n += 1
                for r1, c1, r2, c2 in table.merges:
                    if r1 == r2 == row and c2 > c1:  # a merge inside the row: the new row gets its own
                        sheet.range((row + 1, c1), (row + 1, c2)).api.Merge()
                    elif r1 < row == r2:  # a group label ending at this row: it now covers the new row too
                        sheet.range((r1, c1), (r2 + 1, c2)).api.Merge()
        finally:
            app.DisplayAlerts = alerts
        return n

    def store_profile(self, profile_id: str) -> None:
        self.book.names.add(WORKBOOK_NAME, f'="{profile_id}"')

    def say(self, text: str) -> None:
        self.book.app.alert(text, title="绩效自评")

    def open(self, path: Path) -> None:
        self.book.app.books.open(str(path))


XL_SHIFT_DOWN = -4121  # xlShiftDown
XL_FORMAT_FROM_ABOVE = 0  # xlFormatFromLeftOrAbove: the new row is formatted (and locked) like the one above


@dataclass(frozen=True)
class IndicatorRows:
    """Where a form's indicators go: rows ``first``..``last``, the sheet's merged areas and its last column."""

    first: int
    last: int
    merges: tuple[tuple[int, int, int, int], ...]
    last_col: int


def _total_cell(form):
    """The 总分 cell of a form whose body is an indicator table (None for other kinds)."""
    return getattr(getattr(form.body, "totals", None), "total", None)


def _table_rows(form, grid) -> IndicatorRows | None:
    """The indicator table of ``form`` on ``grid``, or None."""
    from jixiao.templates.labels import LABELS

    total = _total_cell(form) if form is not None else None
    if total is None or grid is None:
        return None
    names = {t.replace(" ", "") for t in LABELS["level3"]}
    header = next((r for r in range(1, total.row)
                   if any(isinstance(grid.value(r, c), str) and grid.value(r, c).replace(" ", "").replace("\n", "")
                          in names for c in range(1, grid.max_col + 1))), None)
    if header is None:
        return None
    return IndicatorRows(header + 1, total.row - 1, tuple(grid.merges), grid.max_col)


def _hex_colour(rgb) -> str:
    """A colour as text that Excel keeps as text ("#RRGGBB"); "" for none."""
    return "" if not rgb else "#" + "".join(f"{int(x):02X}" for x in rgb)


def _colour_from_hex(text):
    text = str(text or "").strip()
    if len(text) != 7 or not text.startswith("#"):
        return None
    return tuple(int(text[k:k + 2], 16) for k in (1, 3, 5))


