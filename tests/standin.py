"""A stand-in for Excel as xlwings shows it, as strict as Excel where the add-in can go wrong.

The workbook lives in openpyxl (protection, locked cells and merged ranges as the file has them) and offers
the xlwings API the add-in uses (Book / Sheet / Range / Names / App and their ``.api`` COM members). It
refuses, with an error like the ``com_error`` Excel raises, what Excel documents it refuses:

- a value written to a locked cell of a protected sheet (``Protection.Locked`` / ``ProtectContents``);
- a format (colour, number format) on a protected sheet without ``AllowFormattingCells``;
- a hyperlink on a protected sheet, unless the cell is unlocked and ``AllowInsertingHyperlinks``
  ("hyperlinks can only be inserted in unlocked or unprotected cells on a protected worksheet");
- a sheet added while the workbook's structure is protected;
- ``Worksheet.Unprotect`` without the password of a passworded sheet (Excel would prompt: a dialog the
  add-in must never raise), ``Workbook.Unprotect`` without it (Excel: the method fails);
- any change to a workbook in Protected View (read-only; it is not even in ``Workbooks``);
- a value written to a merged cell other than its top-left one;
- with no active workbook, ``xw.Book.caller()`` fails.

A workbook "opened from .xls" keeps that format: ``SaveCopyAs`` writes BIFF bytes whatever the name given
(as Excel does: SaveCopyAs never converts), and only ``SaveAs(FileFormat=51)`` of an opened copy makes an
.xlsx. Every refusal is also recorded in ``app.refusals``, so a test sees it even where the caller caught it.
"""

from __future__ import annotations

import copy
import io
import re
from pathlib import Path

from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

XLSX, XLSM, XLS = 51, 52, 56
ALLOW = {  # Protection.Allow… → the sheetProtection attribute that, when true, *forbids* it
    "AllowFormattingCells": "formatCells", "AllowFormattingColumns": "formatColumns",
    "AllowFormattingRows": "formatRows", "AllowInsertingColumns": "insertColumns",
    "AllowInsertingRows": "insertRows", "AllowInsertingHyperlinks": "insertHyperlinks",
    "AllowDeletingColumns": "deleteColumns", "AllowDeletingRows": "deleteRows", "AllowSorting": "sort",
    "AllowFiltering": "autoFilter", "AllowUsingPivotTables": "pivotTables"}
LOCKED_CELL = "您试图更改的单元格或图表位于受保护的工作表中。"


class ComError(Exception):
    """What a refused COM call raises (pywintypes.com_error on Windows)."""


def _addr(a):
    if isinstance(a, tuple):
        return a
    col, row = coordinate_from_string(a.replace("$", ""))
    return row, column_index_from_string(col)


# --- ranges -------------------------------------------------------------------------------------------

class EntireRow:
    def __init__(self, rng):
        self.rng = rng

    def Insert(self, Shift=None, CopyOrigin=None):
        sheet = self.rng.sheet
        sheet.check_change(f"insert row {self.rng.row}")
        if sheet.protected and not sheet.allowed("AllowInsertingRows"):
            sheet.book.app.refuse(f"{sheet.name}: 插入行被拒绝（工作表受保护，未允许插入行）")
        sheet.insert_row(self.rng.row)


class RangeApi:
    def __init__(self, rng):
        self.rng = rng

    @property
    def EntireRow(self):
        return EntireRow(self.rng)

    @property
    def Locked(self):
        return self.rng.cell.protection.locked

    @property
    def MergeCells(self):
        return self.rng.sheet.merged_range(self.rng.row, self.rng.col) is not None

    @property
    def Row(self):
        return self.rng.row

    @property
    def Column(self):
        return self.rng.col


_REF = re.compile(r"(?<![A-Za-z_\d.!\]])(\$?)([A-Z]{1,3})(\$?)(\d+)(?![\d(A-Za-z_])")
_R1C1 = re.compile(r"R(\[-?\d+\]|\d+)?C(\[-?\d+\]|\d+)?")


def _outside_strings(text: str, fn) -> str:
    parts = text.split('"')
    return '"'.join(fn(p) if i % 2 == 0 else p for i, p in enumerate(parts))


def to_r1c1(formula: str, row: int, col: int) -> str:
    """An A1 formula as R1C1 seen from (row, col): relative parts as offsets, $ parts absolute."""
    def ref(m):
        cabs, c, rabs, r = m.group(1), column_index_from_string(m.group(2)), m.group(3), int(m.group(4))
        rr = f"R{r}" if rabs else ("R" if r == row else f"R[{r - row}]")
        cc = f"C{c}" if cabs else ("C" if c == col else f"C[{c - col}]")
        return rr + cc
    return _outside_strings(formula, lambda p: _REF.sub(ref, p))


def from_r1c1(formula: str, row: int, col: int) -> str:
    def ref(m):
        r, c = m.group(1), m.group(2)
        rr = f"{row}" if r is None else (f"{row + int(r[1:-1])}" if r.startswith("[") else f"${r}")
        cc = (get_column_letter(col) if c is None else
              get_column_letter(col + int(c[1:-1])) if c.startswith("[") else f"${get_column_letter(int(c))}")
        return cc + rr
    return _outside_strings(formula, lambda p: _R1C1.sub(ref, p))


def shift_rows(formula: str, at: int) -> str:
    """A formula after rows were inserted at ``at``: every reference to row ``at`` or below moves down one."""
    def ref(m):
        r = int(m.group(4))
        return f"{m.group(1)}{m.group(2)}{m.group(3)}{r + 1 if r >= at else r}"
    return _outside_strings(formula, lambda p: _REF.sub(ref, p))


class RangeArea:
    """A block of cells (``sheet.range(cell1, cell2)``), as far as the add-in uses one: Merge."""

    def __init__(self, sheet, a, b):
        self.sheet, (self.r1, self.c1), (self.r2, self.c2) = sheet, _addr(a), _addr(b)
        self.api = self

    def Merge(self):
        s = self.sheet
        s.check_change("merge")
        if s.protected:
            s.book.app.refuse(f"{s.name}: 受保护的工作表不能合并单元格")
        inside = [m for m in list(s.ws.merged_cells.ranges) if self.r1 <= m.min_row and m.max_row <= self.r2
                  and self.c1 <= m.min_col and m.max_col <= self.c2]
        for m in inside:  # Excel merges them into the new area (keeping the top-left value)
            s.ws.unmerge_cells(m.coord)
        if any(m for m in s.ws.merged_cells.ranges if not (m.max_row < self.r1 or m.min_row > self.r2
                                                          or m.max_col < self.c1 or m.min_col > self.c2)):
            s.book.app.refuse(f"{s.name}: 合并区域与另一合并单元格部分重叠")
        filled = [(r, c) for r in range(self.r1, self.r2 + 1) for c in range(self.c1, self.c2 + 1)
                  if s.ws.cell(r, c).value not in (None, "")]
        if len(filled) > 1 and s.book.app.api.DisplayAlerts:
            s.book.app.refuse(f"{s.name}: 合并会丢掉左上角以外的值，Excel 会弹出确认对话框")
        s.ws.merge_cells(start_row=self.r1, start_column=self.c1, end_row=self.r2, end_column=self.c2)


class Range:
    def __init__(self, sheet, address):
        self.sheet, (self.row, self.col) = sheet, _addr(address)
        self.api = RangeApi(self)

    @property
    def cell(self):
        return self.sheet.ws.cell(self.row, self.col)

    @property
    def address(self):
        return f"${get_column_letter(self.col)}${self.row}"

    @property
    def value(self):
        m = self.sheet.merged_range(self.row, self.col)
        if m is not None and (self.row, self.col) != (m.min_row, m.min_col):
            return None
        v = self.cell.value
        if isinstance(v, str) and v.startswith("="):
            return self.sheet.book.cached.get((self.sheet.name, self.row, self.col))
        return v

    @value.setter
    def value(self, v):
        rows = v if isinstance(v, list) and v and isinstance(v[0], list) else [[v]]
        for dr, row in enumerate(rows):
            for dc, x in enumerate(row):
                self.sheet.write(self.row + dr, self.col + dc, x)

    @property
    def formula(self):
        v = self.cell.value
        return v if isinstance(v, str) and v.startswith("=") else ("" if v is None else str(v))

    @formula.setter
    def formula(self, f):
        self.sheet.write(self.row, self.col, f)

    @property
    def row(self):
        return self._row

    @row.setter
    def row(self, v):
        self._row = v

    @property
    def formula_r1c1(self):
        v = self.cell.value
        return to_r1c1(v, self.row, self.col) if isinstance(v, str) and v.startswith("=") else self.formula

    @formula_r1c1.setter
    def formula_r1c1(self, f):
        self.sheet.write(self.row, self.col, from_r1c1(f, self.row, self.col) if f.startswith("=") else f)

    @property
    def number_format(self):
        return self.cell.number_format

    @number_format.setter
    def number_format(self, f):
        self.sheet.check_format(self.address)
        self.cell.number_format = f

    @property
    def color(self):
        return self.sheet.book.colors.get((self.sheet.name, self.row, self.col))

    @color.setter
    def color(self, rgb):
        self.sheet.check_format(self.address)
        key = (self.sheet.name, self.row, self.col)
        if rgb is None:
            self.sheet.book.colors.pop(key, None)
        else:
            self.sheet.book.colors[key] = tuple(rgb)

    def add_hyperlink(self, address, text_to_display=None):
        s = self.sheet
        s.check_change(f"hyperlink {self.address}")
        if s.protected and (self.cell.protection.locked or not s.allowed("AllowInsertingHyperlinks")):
            s.book.app.refuse(f"{s.name}!{self.address}: 受保护工作表上只能在未锁定的单元格插入超链接")
        s.book.links.append((s.name, self.row, self.col, address))
        s.write(self.row, self.col, text_to_display)


# --- sheets -------------------------------------------------------------------------------------------

class Protection:
    def __init__(self, sheet):
        self._sheet = sheet

    def __getattr__(self, name):
        if name not in ALLOW:
            raise AttributeError(name)
        p = self._sheet.ws.protection
        return bool(p.sheet) and not bool(getattr(p, ALLOW[name]))


class SheetApi:
    """The COM Worksheet members the add-in reads and calls."""

    def __init__(self, sheet):
        self._s = sheet

    @property
    def ProtectContents(self):
        return bool(self._s.ws.protection.sheet)

    @property
    def ProtectDrawingObjects(self):
        p = self._s.ws.protection
        return bool(p.sheet and p.objects)

    @property
    def ProtectScenarios(self):
        p = self._s.ws.protection
        return bool(p.sheet and p.scenarios)

    @property
    def ProtectionMode(self):  # UserInterfaceOnly, which files do not keep
        return bool(self._s.ws.protection.sheet and self._s.ui_only)

    @property
    def Protection(self):
        return Protection(self._s)

    @property
    def EnableSelection(self):
        return self._s.enable_selection

    @EnableSelection.setter
    def EnableSelection(self, v):
        self._s.enable_selection = v

    def Unprotect(self, Password=None):
        s = self._s
        s.check_change("Unprotect")
        p = s.ws.protection
        s.book.app.calls.append(("Unprotect", s.name))
        if not p.sheet:
            return
        if p.password or p.hashValue:
            if Password is None:
                s.book.app.refuse(f"{s.name}: Unprotect 未给密码，Excel 会弹出输入密码的对话框")
            if Password != s.book.app.passwords.get(s.name):
                s.book.app.refuse(f"{s.name}: 密码不正确")
        p.sheet = False
        p._password = None  # openpyxl's setter would hash None
        p.hashValue = None
        s.ui_only = False

    def Protect(self, Password=None, DrawingObjects=False, Contents=True, Scenarios=True,
                UserInterfaceOnly=False, **allow):
        s = self._s
        s.check_change("Protect")
        s.book.app.calls.append(("Protect", s.name))
        unknown = set(allow) - set(ALLOW)
        assert not unknown, f"Protect has no argument {unknown}"
        p = s.ws.protection
        p.sheet = bool(Contents or DrawingObjects or Scenarios)
        p.objects, p.scenarios = bool(DrawingObjects), bool(Scenarios)
        for k, attr in ALLOW.items():
            setattr(p, attr, not allow.get(k, False))
        if Password:
            p.password = Password
            s.book.app.passwords[s.name] = Password
        s.ui_only = bool(UserInterfaceOnly)


class Sheet:
    def __init__(self, book, ws):
        self.book, self.ws = book, ws
        self.api = SheetApi(self)

    # the state that lives on the sheet object, not in the openpyxl worksheet
    @property
    def ui_only(self):
        return self.book.sheet_state.setdefault(self.ws.title, {}).get("ui_only", False)

    @ui_only.setter
    def ui_only(self, v):
        self.book.sheet_state.setdefault(self.ws.title, {})["ui_only"] = v

    @property
    def enable_selection(self):
        return self.book.sheet_state.setdefault(self.ws.title, {}).get("selection", 0)  # xlNoRestrictions

    @enable_selection.setter
    def enable_selection(self, v):
        self.book.sheet_state.setdefault(self.ws.title, {})["selection"] = v

    @property
    def name(self):
        return self.ws.title

    @property
    def protected(self):
        return bool(self.ws.protection.sheet)

    def allowed(self, what: str) -> bool:
        return getattr(self.api.Protection, what)

    def range(self, address, other=None):
        return Range(self, address) if other is None else RangeArea(self, address, other)

    def merged_range(self, row, col):
        return next((m for m in self.ws.merged_cells.ranges
                     if m.min_row <= row <= m.max_row and m.min_col <= col <= m.max_col), None)

    def check_change(self, what: str):
        if self.book.protected_view:
            self.book.app.refuse(f"{self.book.name}: 受保护的视图中的工作簿是只读的（{what}）")

    def check_format(self, address):
        self.check_change(f"format {address}")
        if self.protected and not self.allowed("AllowFormattingCells"):
            self.book.app.refuse(f"{self.name}!{address}: 受保护的工作表不允许设置单元格格式")

    def write(self, row, col, value):
        ref = f"{get_column_letter(col)}{row}"
        self.check_change(f"write {ref}")
        m = self.merged_range(row, col)
        if m is not None and (row, col) != (m.min_row, m.min_col):
            self.book.app.refuse(f"{self.name}!{ref}: 不能只更改合并单元格的一部分（合并区域 {m.coord}）")
        c = self.ws.cell(row, col)
        if self.protected and c.protection.locked:
            self.book.app.refuse(f"{self.name}!{ref}: {LOCKED_CELL}")
        c.value = value
        self.book.cached.pop((self.name, row, col), None)
        self.book.app.writes.append((self.book.name, self.name, ref))

    def clear(self):
        self.check_change("clear")
        for row in self.ws.iter_rows():
            for c in row:
                if c.value is not None:
                    self.write(c.row, c.column, None)

    def insert_row(self, at):
        """Excel's EntireRow.Insert at row ``at`` (xlShiftDown, xlFormatFromLeftOrAbove): rows from ``at`` move
        down, every reference to them follows, merges below move and merges across grow, the new row takes the
        format (and Locked) of the row above and holds nothing."""
        from copy import copy as clone

        ws = self.ws
        merges = [(m.min_row, m.min_col, m.max_row, m.max_col) for m in ws.merged_cells.ranges]
        for m in list(ws.merged_cells.ranges):
            ws.unmerge_cells(m.coord)
        last_row, last_col = ws.max_row, ws.max_column
        for r in range(last_row, at - 1, -1):
            for c in range(1, last_col + 1):
                src, dst = ws.cell(r, c), ws.cell(r + 1, c)
                dst.value, dst._style = src.value, clone(src._style)
        for c in range(1, last_col + 1):
            new = ws.cell(at, c)
            new.value = None
            if at > 1:
                new._style = clone(ws.cell(at - 1, c)._style)
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    c.value = shift_rows(c.value, at)
        book = self.book
        book.cached = {(s, r + 1 if s == self.name and r >= at else r, c): v for (s, r, c), v in book.cached.items()}
        book.colors = {(s, r + 1 if s == self.name and r >= at else r, c): v for (s, r, c), v in book.colors.items()}
        for r1, c1, r2, c2 in merges:
            if r1 >= at:
                r1, r2 = r1 + 1, r2 + 1
            elif r2 >= at:
                r2 += 1
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)


class Sheets:
    def __init__(self, book):
        self.book = book

    def _all(self):
        return [Sheet(self.book, ws) for ws in self.book.wb.worksheets]

    def __iter__(self):
        return iter(self._all())

    def __len__(self):
        return len(self.book.wb.worksheets)

    def __getitem__(self, key):
        return self._all()[key] if isinstance(key, int) else Sheet(self.book, self.book.wb[key])

    @property
    def active(self):
        return Sheet(self.book, self.book.wb[self.book.active])

    def add(self, name, after=None):
        self.book.check_change(f"add sheet {name}")
        if self.book.api.ProtectStructure:
            self.book.app.refuse(f"{self.book.name}: 工作簿结构受保护，不能添加工作表")
        return Sheet(self.book, self.book.wb.create_sheet(name))


class Names:
    def __init__(self, book):
        self.book = book

    def add(self, name, refers_to):
        from openpyxl.workbook.defined_name import DefinedName

        self.book.check_change(f"name {name}")
        assert refers_to.startswith("=")
        self.book.wb.defined_names[name] = DefinedName(name, attr_text=refers_to[1:])


# --- workbooks ----------------------------------------------------------------------------------------

class BookApi:
    def __init__(self, book):
        self._b = book

    @property
    def ProtectStructure(self):
        sec = self._b.wb.security
        return bool(sec and sec.lockStructure)

    @property
    def ProtectWindows(self):
        sec = self._b.wb.security
        return bool(sec and sec.lockWindows)

    @property
    def FileFormat(self):
        return self._b.file_format

    def Unprotect(self, Password=None):
        b = self._b
        b.check_change("Workbook.Unprotect")
        b.app.calls.append(("Workbook.Unprotect", b.name))
        sec = b.wb.security
        if not sec:
            return
        if (sec.workbookPassword or sec.workbookHashValue) and Password != b.app.passwords.get(("book", b.name)):
            b.app.refuse(f"{b.name}: 工作簿保护密码不正确")
        sec.lockStructure = sec.lockWindows = False
        sec._workbook_password = sec.workbookHashValue = None  # openpyxl's setter would hash None

    def Protect(self, Password=None, Structure=True, Windows=False):
        from openpyxl.workbook.protection import WorkbookProtection

        b = self._b
        b.check_change("Workbook.Protect")
        b.app.calls.append(("Workbook.Protect", b.name))
        b.wb.security = b.wb.security or WorkbookProtection()
        b.wb.security.lockStructure, b.wb.security.lockWindows = bool(Structure), bool(Windows)
        if Password:
            b.wb.security.workbookPassword = Password

    def SaveCopyAs(self, path):  # keeps the book's own format, whatever the name says
        self._b.app.calls.append(("SaveCopyAs", str(path)))
        self._b.write_file(path)

    def SaveAs(self, Filename, FileFormat=None, **_kw):
        b = self._b
        b.app.calls.append(("SaveAs", str(Filename), FileFormat))
        b.file_format = FileFormat or b.file_format
        b.write_file(Filename)
        b.fullname, b.name = str(Filename), Path(Filename).name

    def LinkSources(self, Type=1):
        return tuple(self._b.link_sources) or None

    def ChangeLink(self, Name, NewName, Type=1):
        b = self._b
        b.check_change("ChangeLink")
        if Name not in b.link_sources:
            b.app.refuse(f"{b.name}: 没有链接 {Name}")
        b.link_sources = [NewName if s == Name else s for s in b.link_sources]


class Book:
    """A workbook open in the stand-in Excel; ``path`` None is a new, never saved Book1."""

    def __init__(self, app, source, path=None, active=None, file_format=None, protected_view=False):
        self.app = app
        self.wb = source if isinstance(source, OpenpyxlWorkbook) else load_workbook(source)
        self.cached = {}
        if not isinstance(source, OpenpyxlWorkbook):  # the formulas' cached values, as the file holds them
            values = load_workbook(source, data_only=True)
            for ws in self.wb.worksheets:
                for row in ws.iter_rows():
                    for c in row:
                        if isinstance(c.value, str) and c.value.startswith("="):
                            self.cached[(ws.title, c.row, c.column)] = values[ws.title][c.coordinate].value
        self.fullname = str(path) if path else "Book1"
        self.name = Path(path).name if path else "Book1"
        suffix = Path(self.name).suffix.lower()
        self.file_format = file_format or {".xls": XLS, ".xlsm": XLSM}.get(suffix, XLSX)
        self.active = active or self.wb.sheetnames[0]
        self.protected_view = protected_view
        self.selected = None  # (sheet, address) of the active cell; None: A1 of the active sheet
        self.colors, self.links, self.sheet_state, self.link_sources = {}, [], {}, []
        self.sheets, self.names, self.api = Sheets(self), Names(self), BookApi(self)
        self.closed = False

    def check_change(self, what: str):
        if self.protected_view:
            self.app.refuse(f"{self.name}: 受保护的视图中的工作簿是只读的（{what}）")

    def write_file(self, path):
        path = Path(path)
        if self.file_format == XLS:
            path.write_bytes(self._biff())
            self.app.files[str(path)] = self._snapshot()
        else:
            self.wb.save(path)

    def _snapshot(self):
        buf = io.BytesIO()
        self.wb.save(buf)
        return buf.getvalue(), dict(self.cached), copy.deepcopy(self.sheet_state)

    def _biff(self) -> bytes:
        """The workbook as an .xls file (values; a formula cell as its cached value)."""
        import xlwt

        out = xlwt.Workbook()
        for ws in self.wb.worksheets:
            sh = out.add_sheet(ws.title)
            for row in ws.iter_rows():
                for c in row:
                    v = c.value
                    if isinstance(v, str) and v.startswith("="):
                        v = self.cached.get((ws.title, c.row, c.column))
                    if v is not None:  # a merged range's other cells hold nothing
                        sh.write(c.row - 1, c.column - 1, v if isinstance(v, (int, float, str)) else str(v))
        buf = io.BytesIO()
        out.save(buf)
        return buf.getvalue()

    def save(self, path):
        self.check_change("save")
        self.api.SaveAs(path, XLSX if str(path).lower().endswith(".xlsx") else self.file_format)

    def close(self):
        self.closed = True
        if self in self.app.books.items:
            self.app.books.items.remove(self)


class Books:
    def __init__(self, app):
        self.app, self.items = app, []

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def open(self, fullname, update_links=None, read_only=None, **_kw):
        fullname = str(fullname)
        self.app.opened.append(fullname)
        if fullname in self.app.files:  # a file this stand-in wrote as .xls: read back whole
            data, cached, state = self.app.files[fullname]
            book = Book(self.app, load_workbook(io.BytesIO(data)), fullname, file_format=XLS)
            book.cached, book.sheet_state = dict(cached), copy.deepcopy(state)
        else:
            book = Book(self.app, fullname, fullname)
        self.items.append(book)
        return book


class AppApi:
    def __init__(self, app):
        self._a = app
        self.DisplayAlerts = True
        self.ScreenUpdating = True
        self.Ready = True

    def GetSaveAsFilename(self, InitialFileName=None, FileFilter=None):
        self._a.asked_save_as = (InitialFileName, FileFilter)
        return self._a.save_as

    @property
    def ActiveWorkbook(self):
        return self._a.active_book

    @property
    def ActiveProtectedViewWindow(self):
        return self._a.protected_view_window


class App:
    def __init__(self):
        self.alerts, self.answers, self.opened, self.save_as = [], [], [], False
        self.refusals, self.calls, self.writes = [], [], []
        self.files, self.passwords = {}, {}
        self.books = Books(self)
        self.api = AppApi(self)
        self.active_book = None
        self.protected_view_window = None

    @property
    def selection(self):
        """xlwings' App.selection: the active cell of the active workbook (``Book.selected``: sheet, address)."""
        b = self.active_book
        if b is None:
            return None
        sheet, address = b.selected or (b.active, "A1")
        return Range(Sheet(b, b.wb[sheet]), address)

    def refuse(self, text):
        self.refusals.append(text)
        raise ComError(text)

    def alert(self, prompt, title=None, buttons="ok", mode=None, callback=None):
        self.alerts.append((prompt, title, buttons))
        return self.answers.pop(0) if self.answers else "ok"

    def book(self, source, path=None, **kw) -> Book:
        """Open ``source`` (a path or an openpyxl workbook) as the active workbook."""
        b = Book(self, source, path, **kw)
        if not b.protected_view:
            self.books.items.append(b)
            self.active_book = b
        else:
            self.protected_view_window = b
        return b

    def caller(self):
        """``xw.Book.caller()``: the active workbook; Excel has none in Protected View or with no workbook."""
        if self.active_book is None or self.active_book.closed:
            raise ComError("没有活动工作簿")
        return self.active_book


def protection_state(book: Book) -> dict:
    """Everything a sheet's and the workbook's protection is, to compare before and after an action."""
    out = {"structure": (book.api.ProtectStructure, book.api.ProtectWindows)}
    for s in book.sheets:
        p = s.ws.protection
        out[s.name] = (s.api.ProtectContents, s.api.ProtectDrawingObjects, s.api.ProtectScenarios,
                       s.api.ProtectionMode, tuple(getattr(s.api.Protection, k) for k in ALLOW),
                       bool(p.password or p.hashValue), s.api.EnableSelection)
    return out
