"""Read .xlsx/.xlsm (and .xls through xlrd) into plain grids, safely and fast.

The format is decided by content, not by extension. The zip is checked before anything is inflated
(:mod:`.package`); every XML part goes through the hardened parser (:mod:`.xmlsafe`), which refuses a DTD
anywhere in it. Worksheets are streamed through expat callbacks straight into cells: no element tree, no
per-cell address parsing beyond the one rule of :mod:`.sheet`. Every failure is one Chinese line naming
the file (:class:`WorkbookReadError`); the file is only read.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

from jixiao.udfs.errors import NotAForm, ReadError

from . import rels as R
from . import shared_strings, workbook
from .grid import Cell, Grid, WorkbookData
from .package import MAX_TOTAL, Package, why
from .sheet import cell_position, row_number, split_ref
from .spreadsheetml import is_spreadsheetml, read_spreadsheetml
from .styles import cell_formats, is_date_format
from .xmlsafe import XmlError, feed, new_parser

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_CELLS = 2_000_000
MAX_STRINGS = 2_000_000


WorkbookReadError = ReadError  # the name this module's callers know

def _excel_date(serial: float, date1904: bool):
    base = _dt.datetime(1904, 1, 1) if date1904 else _dt.datetime(1899, 12, 30)
    try:
        return base + _dt.timedelta(days=serial)
    except OverflowError:
        return serial


class _SheetHandler:
    """expat callbacks that turn a worksheet part into cells and merges."""

    def __init__(self, name, strings, formats, date1904, max_cells, where):
        self.name, self.strings, self.formats, self.date1904 = name, strings, formats, date1904
        self.max_cells, self.where = max_cells, where
        self._formats = {str(i): f for i, f in enumerate(formats)}  # s attribute → number format
        self.cells: dict[tuple[int, int], Cell] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.row = 0
        self.col = 0
        self.count = 0
        self.cell = None  # [pos, t, fmt]
        self.text: list[str] | None = None
        self.v = self.f = None
        self.inline: list[str] = []
        self.in_is = False
        self.rph = 0

    def start(self, name, a):
        n = name[name.index(":") + 1:] if ":" in name else name
        if n == "c":
            self.count += 1
            if self.count > self.max_cells:
                raise WorkbookReadError("{file}：工作表“{name}”超过 {max_cells:,} 个单元格，不像是自评表", file=self.where, name=self.name, max_cells=self.max_cells)
            pos = cell_position(a.get("r"), self.row, self.col)
            self.col = pos[1]
            s = a.get("s")
            fmt = "General" if s is None else self._formats.get(s, "General")
            self.cell = [pos, a.get("t", "n"), fmt]
            self.v = self.f = None
            self.inline = []
        elif n == "row":
            self.row, self.col = row_number(a.get("r"), self.row), 0
        elif self.cell is not None:
            if n == "v" or n == "f":
                self.text = []
            elif n == "is":
                self.in_is = True
            elif n == "rPh":
                self.rph += 1
            elif n == "t" and self.in_is and not self.rph:
                self.text = []
        elif n == "mergeCell":
            ref = a.get("ref", "")
            if ":" in ref:
                a1, b1 = (split_ref(x) for x in ref.split(":", 1))
                if a1 and b1:
                    self.merges.append((a1[0], a1[1], b1[0], b1[1]))

    def data(self, text):
        if self.text is not None:
            self.text.append(text)

    def end(self, name):
        n = name[name.index(":") + 1:] if ":" in name else name
        if n == "c":
            self._finish()
            self.cell = None
        elif self.cell is None:
            return
        elif n == "v":
            self.v, self.text = "".join(self.text), None
        elif n == "f":
            self.f, self.text = "".join(self.text) or "(shared)", None  # a shared formula's other cells
        elif n == "t" and self.text is not None:
            self.inline.append("".join(self.text))
            self.text = None
        elif n == "rPh":
            self.rph -= 1
        elif n == "is":
            self.in_is = False

    def _finish(self):
        pos, t, fmt = self.cell
        raw, value = self.v, None
        if t == "s" and raw is not None:
            try:
                i = int(raw)
                value = self.strings[i] if 0 <= i < len(self.strings) else None
            except ValueError:
                value = None
        elif t == "inlineStr":
            value = "".join(self.inline)
        elif t in ("str", "e"):
            value = raw
        elif t == "b" and raw is not None:
            value = raw.strip() == "1"
        elif raw is not None:
            try:
                value = float(raw)
            except ValueError:
                value = raw
            if isinstance(value, float) and fmt != "General" and is_date_format(fmt):
                value = _excel_date(value, self.date1904)
        if value is not None or self.f is not None or fmt != "General":
            self.cells[pos] = Cell(value, fmt, self.f, error=t == "e")


def _parse(where: str, part: str, run):
    try:
        return run()
    except XmlError as e:
        if e.unsafe:
            raise WorkbookReadError("{file}：{part} 含有 DTD/实体声明，出于安全拒绝读取", file=where, part=part) from None
        if e.params.get("encoding"):  # OOXML parts are UTF-8 or UTF-16; Excel does not open others either
            raise WorkbookReadError("{file}：{part} 声明的文字编码是 {encoding}，工作簿只能用 UTF-8 或 UTF-16，无法读取"
                                    "（文件可能由其他程序导出，请在 Excel 或 WPS 中打开后另存为 .xlsx）", file=where,
                                    part=part, encoding=e.params["encoding"]) from None
        raise WorkbookReadError("{file}：{part} 的 XML 已损坏（{detail}）", file=where, part=part, detail=e) from None
    except OverflowError:
        raise WorkbookReadError("{file}：{part} 条目过多，疑似恶意文件，拒绝读取", file=where, part=part) from None


def _read_sheet(pkg: Package, part: str, name: str, hidden: bool, strings, formats, date1904, max_cells) -> Grid:
    h = _SheetHandler(name, strings, formats, date1904, max_cells, pkg.path.name)
    p = new_parser()
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = h.start, h.end, h.data
    _parse(pkg.path.name, part, lambda: feed(p, pkg.chunks(part)))
    return Grid(name, h.cells, h.merges, hidden)


def _read_xlsx(path: Path, max_cells: int) -> WorkbookData:
    with Package(path) as pkg:  # a PackageError (bad CRC, over the size limits) is a read error itself
        return _read_package(pkg, path, max_cells)


def _read_package(pkg: Package, path: Path, max_cells: int) -> WorkbookData:
    where = path.name
    root_rels = pkg.read("_rels/.rels") if pkg.has("_rels/.rels") else None
    wb_part = _parse(where, "_rels/.rels", lambda: workbook.locate(root_rels))
    if not pkg.has(wb_part):
        raise WorkbookReadError("{file}：不是 Excel 工作簿（缺少 workbook.xml）", file=where)
    rels_part = R.rels_part(wb_part)
    rels_data = pkg.read(rels_part) if pkg.has(rels_part) else None
    info = _parse(where, wb_part, lambda: workbook.read_info(wb_part, pkg.read(wb_part), rels_data))
    ss_part = info.related("/sharedStrings")
    st_part = info.related("/styles")
    strings = []
    if ss_part and pkg.has(ss_part):
        strings = _parse(where, ss_part, lambda: shared_strings.read(pkg.chunks(ss_part), MAX_STRINGS))
    formats = []
    if st_part and pkg.has(st_part):
        formats = _parse(where, st_part, lambda: cell_formats(pkg.read(st_part)))
    has_vba = any(r.type == R.VBA_PROJECT for r in info.rels) or pkg.has(wb_part.rsplit("/", 1)[0] + "/vbaProject.bin")
    data = WorkbookData(str(path), [], info.defined_names, "xlsm" if has_vba else "xlsx")
    for s in info.sheets:
        if not s.part or not pkg.has(s.part):
            data.notes.append(NotAForm("工作表“{sheet}”的内容缺失，已跳过", sheet=s.name))
            continue
        if "/worksheets/" not in s.part:
            data.notes.append(NotAForm("图表工作表“{sheet}”不是表格，已跳过", sheet=s.name))
            continue
        data.sheets.append(_read_sheet(pkg, s.part, s.name, s.state != "visible", strings, formats,
                                       info.date1904, max_cells))
    return data


def _read_spreadsheetml(path: Path, max_cells: int) -> WorkbookData:
    if path.stat().st_size > MAX_TOTAL:
        raise WorkbookReadError("{file}：文件超过 {value} MB，不像是自评表", file=path.name, value=MAX_TOTAL // 1024 // 1024)

    def too_many(sheet: str):
        raise WorkbookReadError("{file}：工作表“{sheet}”超过 {max_cells:,} 个单元格，不像是自评表", file=path.name,
                                sheet=sheet, max_cells=max_cells)

    return _parse(path.name, "XML 工作簿", lambda: read_spreadsheetml(path.read_bytes(), str(path), max_cells, too_many))


def _read_ole(path: Path, max_cells: int) -> WorkbookData:
    if path.stat().st_size > MAX_TOTAL:
        raise WorkbookReadError("{file}：文件超过 {value} MB，不像是自评表", file=path.name, value=MAX_TOTAL // 1024 // 1024)
    raw = path.read_bytes()
    if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in raw or \
            b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in raw:
        raise WorkbookReadError("{file}：文件已加密（设置了打开密码），请先在 Excel 中取消密码后再处理", file=path.name)
    try:
        import xlrd
    except ImportError:
        raise WorkbookReadError("{file}：是 .xls 旧格式，需要安装 xlrd 才能读取（pip install xlrd）", file=path.name) from None
    try:
        try:
            book = xlrd.open_workbook(file_contents=raw, formatting_info=True)
        except (NotImplementedError, xlrd.XLRDError):
            book = xlrd.open_workbook(file_contents=raw)
    except Exception as e:  # xlrd raises many kinds on corrupt files
        raise WorkbookReadError("{file}：.xls 文件已损坏或不是工作簿（{kind}）", file=path.name, kind=type(e).__name__) from None
    data = WorkbookData(str(path), [], {}, "xls")
    for sh in book.sheets():
        if sh.nrows * sh.ncols > max_cells:
            raise WorkbookReadError("{file}：工作表“{sh_name}”超过 {max_cells:,} 个单元格，不像是自评表", file=path.name, sh_name=sh.name, max_cells=max_cells)
        cells = {}
        for r in range(sh.nrows):
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    continue
                fmt = "General"
                if book.formatting_info:
                    xf = book.xf_list[cell.xf_index]
                    f = book.format_map.get(xf.format_key)
                    fmt = f.format_str if f else "General"
                value, error = cell.value, False
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(value)
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    value, error = xlrd.error_text_from_code.get(value, "#ERR"), True
                cells[(r + 1, c + 1)] = Cell(value, fmt, error=error)
        merges = [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in getattr(sh, "merged_cells", [])]
        data.sheets.append(Grid(sh.name, cells, merges, getattr(sh, "visibility", 0) != 0))
    return data


def read_workbook(path: str | os.PathLike, *, max_cells: int = MAX_CELLS) -> WorkbookData:
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(2048)
    except OSError as e:  # the one reading of an OS error (不存在, 是文件夹, 没有权限 …)
        whole = isinstance(e, (FileNotFoundError, IsADirectoryError))  # the path as given says where it is not
        raise WorkbookReadError("{file}：无法打开（{reason}）", file=path if whole else path.name, reason=why(e)) from None
    if not head:
        raise WorkbookReadError("{file}：文件是空的", file=path.name)
    if head[:8] == OLE_MAGIC:
        return _read_ole(path, max_cells)
    if is_spreadsheetml(head):  # an "Excel 2003 XML" export, often under an .xls name
        return _read_spreadsheetml(path, max_cells)
    if head[:4] != b"PK\x03\x04":
        raise WorkbookReadError("{file}：不是 Excel 工作簿（无法识别的文件内容）", file=path.name)
    return _read_xlsx(path, max_cells)
