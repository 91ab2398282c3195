"""The ribbon's actions, each one Python function over a small workbook interface with two backends:

- :class:`FileBook` — a file on disk (the CLI's engine; what the tests exercise);
- :class:`XlwingsBook` — the live workbook in Excel (``xw.Book.caller()``), which reads through a
  saved copy and writes through xlwings ranges.

All user-facing text is Chinese and comes from here, never from VBA.
"""

from __future__ import annotations

import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from jixiao.templates.model import Workbook
from jixiao.udfs import JixiaoError, get_profile
from jixiao.udfs.profiles import WORKBOOK_NAME, workbook_ref

from ..app.finalize import finalize_copy
from ..app.pipeline import analyze_file
from ..app.recompute import planned_writes
from ..app.report_copy import add_report_sheet
from ..checks import Finding, check_workbook
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


# --- actions -------------------------------------------------------------------------------------

def _recompute(book, only_sheet: str | None, profile=None) -> str:
    res = book.result(profile)
    if res.error:
        book.say(res.error)
        return res.error
    forms = [f for f in res.forms if only_sheet in (None, f.sheet)]
    if not forms:
        msg = f"工作表“{only_sheet}”不是可识别的自评表" if only_sheet else "工作簿中没有识别到自评表"
        book.say(msg)
        return msg
    rep = book.write(planned_writes(res, only_sheet))
    msg = f"已重算 {len(forms)} 张表，写入 {len(rep.written)} 个单元格"
    if rep.skipped_formulas:
        msg += f"；{len(rep.skipped_formulas)} 个单元格是您自己的公式，未改动：" + "、".join(rep.skipped_formulas[:5])
    msg = _noted(book, msg)
    book.say(msg)
    return msg


def _noted(book, msg: str) -> str:
    """The action's message and, one per line, what the workbook kept it from doing (a sheet's password)."""
    notes = getattr(book, "notes", None)
    if notes:
        msg += "\n" + "\n".join(dict.fromkeys(notes))
        notes.clear()
    return msg


def recompute_sheet(book, profile=None) -> str:
    return _recompute(book, book.active_sheet, profile)


def recompute_all(book, profile=None) -> str:
    return _recompute(book, None, profile)


def check(book, profile=None) -> str:
    res = book.result(profile)
    if res.error:
        book.say(res.error)
        return res.error
    findings = check_workbook(res)
    book.show_findings(findings)
    errors = sum(f.severity == "error" for f in findings)
    msg = _noted(book, f"校验完成：{errors} 个错误，{len(findings) - errors} 个提示，详见“校验结果”工作表"
                 if findings else "校验完成：未发现问题")
    book.say(msg)
    return msg


def finalize(book, out=None, pdf: bool = False) -> str:
    out = Path(out) if out else book.path.with_name(f"{book.path.stem}_定稿.xlsx")
    rep = book.export_copy(out)
    links = "".join(f"，{r}已去掉" for r in rep.removed if "外部链接" in r)
    msg = f"已导出定稿副本：{out.name}（{rep.frozen} 个 JX_ 公式已转为数值{links}，不含宏）"
    if rep.no_cached_value:
        msg += f"；注意 {len(rep.no_cached_value)} 个公式尚无计算结果，请先重算再导出"
    if pdf:
        msg += "；" + _pdf(out)
    book.say(msg)
    return msg


def _pdf(xlsx: Path) -> str:
    import shutil
    import subprocess

    soffice = shutil.which("soffice")
    if soffice is None:
        return "未找到 LibreOffice，未生成 PDF（在 Excel 中可用 另存为 PDF）"
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(xlsx.parent), str(xlsx)],
                   check=False, capture_output=True, timeout=300)
    pdf = xlsx.with_suffix(".pdf")
    return f"已生成 {pdf.name}" if pdf.exists() else "PDF 生成失败"


def choose_profile(book, profile: str | None = None) -> str:
    if not profile:
        from jixiao.udfs import PROFILES

        msg = "可选的计分规则：" + "；".join(f"{p.id}（{p.name}）" for p in PROFILES.values())
        book.say(msg)
        return msg
    p = get_profile(profile)
    book.store_profile(workbook_ref(p))
    msg = f"本工作簿今后按“{p.name}”计分；表中已有的得分请点“重算全部”按新规则更新"
    book.say(msg)
    return msg


def new_project(book, template: str = "project", out=None) -> str:
    from jixiao.templates.build import new_workbook
    from jixiao.templates.specs import SPECS

    out = Path(out) if out else book.path.with_name(f"新建{SPECS[template].title}.xlsx")
    n = 1
    while out.exists():
        out = out.with_name(f"{out.stem.split('(')[0]}({n}).xlsx")
        n += 1
    projects = _declared(book, template)
    new_workbook(template, out, projects=projects, year=next((p["年度"] for p in projects or () if p["年度"]), None))
    book.open(out)
    msg = f"已新建 {out.name}（按“{SPECS[template].title}”官方附件）"
    if projects:
        msg += f"，带入申报表中 {len(projects)} 个项目的绩效目标"
    book.say(msg)
    return msg


def _declared(book, template: str) -> list[dict] | None:
    """The filled declarations of the workbook the button is pressed in (its saved file), as projects to carry
    into the new forms (`new project --from`); None when it holds none."""
    from jixiao.udfs.errors import JixiaoError

    from ..app.from_declaration import declared_projects

    try:
        return declared_projects(book.path, template)
    except (JixiaoError, OSError):
        return None


def summarize_folder(book, folder=None, out=None) -> str:
    from ..app.summarize import summarize

    folder = Path(folder) if folder else book.path.parent
    out = Path(out) if out else folder / "汇总.xlsx"
    from ..render.text import counts_line

    res = summarize([folder], out)  # skips its own earlier 汇总.xlsx and the copies jixiao wrote
    t, c = res.totals, res.counts
    if not res.output:
        msg = f"文件夹“{folder.name}”中没有可汇总的自评表（{counts_line(c)}），未写入汇总"
    else:
        msg = (f"已汇总 {t['forms']} 张表到 {out.name}：全年预算数 {t['budget']:,.2f} 万元，"
               f"全年执行数 {t['spent']:,.2f} 万元；{counts_line(c)}")
        if c["duplicates"]:
            msg += f"；重复提交的 {c['duplicates']} 张表未计入（见“重复”工作表）"
    book.say(msg)
    return msg


def report(book, out=None, profile=None) -> str:
    """生成自评报告: the Word draft of the workbook's report, beside it (an existing draft is kept)."""
    out = Path(out) if out else book.path.with_name(f"{book.path.stem}_自评报告.docx")
    n = 1
    while out.exists():
        out = out.with_name(f"{book.path.stem}_自评报告({n}).docx")
        n += 1
    try:
        res = book.draft_report(out, profile)
    except JixiaoError as e:
        msg = f"未生成自评报告：{e}"
        book.say(msg)
        return msg
    msg = (f"已生成自评报告草稿：{out.name}（{res.summary}）。【】内为需要填写的内容，"
           "文末“校验说明”列出表中填写的数字与计算结果不符之处")
    book.say(msg)
    return msg


def insert_indicator_row(book) -> str:
    """增加指标行: a row under the selected indicator, with the row's formulas and its 一级/二级 labels."""
    where = book.selected_cell() if hasattr(book, "selected_cell") else None
    if where is None:
        msg = "“增加指标行”只能在 Excel 中使用：请选中一个指标所在的单元格后再点"
        book.say(msg)
        return msg
    sheet, row = where
    table = book.indicator_table(sheet)
    if table is None or not table.first <= row <= table.last:
        msg = (f"请先选中指标表中的一行（工作表“{sheet}”第 {row} 行不在指标表内）：新行会插在所选指标的下面，"
               "带上它的公式")
        book.say(msg)
        return msg
    n = book.insert_row_below(sheet, row, table)
    if n is None:
        msg = _noted(book, "未增加指标行")
    else:
        msg = (f"已在工作表“{sheet}”第 {row} 行下面增加一行指标（第 {row + 1} 行，复制了 {n} 个公式）："
               "请填写三级指标、指标值、完成值和分值，再点“重算本表”")
    book.say(msg)
    return msg


def help_text(book) -> str:
    msg = ("重算本表/重算全部：计算执行率、各指标得分、总分和等级并写入表格（您自己写的公式不会被改动）。\n"
           "校验：发送前检查分值、得分、金额、单位、偏差原因等，结果写入“校验结果”工作表。\n"
           "定稿导出：另存发送用副本，JX_ 公式转为数值、不含宏。\n"
           "增加指标行：在所选指标下面插入一行，带上该行的公式，一级/二级指标合并单元格随之延伸。\n"
           "规则：选择本工作簿的计分规则（如 national 全国通用、xinjiang 新疆）。\n"
           "汇总文件夹：把文件夹内各单位的自评表汇总为一个工作簿。\n"
           "生成自评报告：按表中数据起草绩效自评报告（Word），【】内为需要填写的内容。")
    book.say(msg)
    return msg


ACTIONS = {
    "recompute_sheet": recompute_sheet,
    "recompute_all": recompute_all,
    "check": check,
    "finalize": finalize,
    "choose_profile": choose_profile,
    "new_project": new_project,
    "summarize_folder": summarize_folder,
    "report": report,
    "insert_indicator_row": insert_indicator_row,
    "help": help_text,
}


# actions whose results are files beside the workbook: a workbook not yet saved has no folder for them
NEEDS_FOLDER = {"finalize": "定稿导出", "new_project": "新建项目表", "summarize_folder": "汇总文件夹",
                "report": "生成自评报告"}


def dispatch(tag: str, book, **kwargs) -> str:
    action = ACTIONS.get(tag)
    if action is None:
        msg = f"未知的操作“{tag}”，请重新安装加载项"
        book.say(msg)
        return msg
    try:
        ensure_saved = getattr(book, "ensure_saved", None)
        if tag in NEEDS_FOLDER and ensure_saved is not None and not ensure_saved(f"“{NEEDS_FOLDER[tag]}”"):
            msg = f"工作簿尚未保存，未执行“{NEEDS_FOLDER[tag]}”"
            book.say(msg)
            return msg
        return action(book, **kwargs)
    except Exception as e:  # the user sees a sentence, not a traceback
        msg = f"操作失败：{e}"
        book.say(msg)
        return msg


NO_BOOK = ("请先打开要处理的工作簿并点一下其中的单元格；在“受保护的视图”中打开的文件，"
           "请先点黄色提示栏上的“启用编辑”")


def _alert_without_book(text: str) -> None:
    try:
        from jixiao.udfs.lean_xlwings import import_xlwings

        import_xlwings().apps.active.alert(text, title="绩效自评")
    except Exception:  # no Excel to show it in: the caller's return value is all there is
        pass


def dispatch_caller(tag: str, item: str | None = None) -> str:
    """Entry point for the ribbon's VBA callbacks (RunPython): a button's tag, and the item a dropDown chose."""
    from jixiao.udfs.lean_xlwings import import_xlwings

    xw = import_xlwings()  # pandas and numpy only if an action needs them (汇总文件夹)
    try:
        live = xw.Book.caller()
    except Exception:  # no workbook, or only one in Protected View (the VBA guard says so first)
        _alert_without_book(NO_BOOK)
        return NO_BOOK
    book = XlwingsBook(live)
    kwargs = {}
    if item is not None:
        from .ribbon import profile_from_item_id

        try:
            kwargs["profile"] = profile_from_item_id(item)
        except ValueError:
            msg = f"未知的选项“{item}”，请重新安装加载项"
            book.say(msg)
            return msg
    return dispatch(tag, book, **kwargs)
