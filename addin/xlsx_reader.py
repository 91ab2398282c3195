"""Read .xlsx/.xlsm (and .xls through xlrd) into plain grids, safely and fast.

Safety: the format is decided by content, not by extension; zip entries are checked for size and
compression ratio before anything is inflated (zip bombs); any XML part that declares a DOCTYPE is
refused (entity expansion, external entities), and ElementTree itself never fetches anything.
Every failure is one Chinese line naming the file (WorkbookReadError); the file is only read.
"""

from __future__ import annotations

import datetime as _dt
import os
import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree.ElementTree import ParseError, XMLPullParser

from jixiao.templates.grid import Cell, Grid, WorkbookData, parse_address

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_TOTAL = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 10_000
_CHUNK = 1 << 16

BUILTIN_FORMATS = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "# ?/?", 13: "# ??/??", 14: "yyyy-mm-dd", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
    18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "yyyy-mm-dd h:mm",
    37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)",
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
# Chinese-locale builtin ids are all date/time formats
BUILTIN_FORMATS.update({i: "yyyy\"年\"m\"月\"d\"日\"" for i in (*range(27, 37), *range(50, 59))})

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DATE_RE = re.compile(r"(?<![\\\"])[ymdhs]", re.I)


class WorkbookReadError(Exception):
    """One clear Chinese line naming the file."""


def _is_date_format(code: str) -> bool:
    stripped = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code)
    return bool(_DATE_RE.search(stripped)) and "General" not in code


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


class _Package:
    def __init__(self, path: Path, zf: zipfile.ZipFile):
        self.path, self.zf = path, zf
        self.names = {i.filename: i for i in zf.infolist()}

    def has(self, name: str) -> bool:
        return name in self.names

    def iterparse(self, name: str, events=("end",)):
        """Stream a part's elements; refuse DTDs before the parser sees them."""
        try:
            with self.zf.open(name) as f:
                parser = XMLPullParser(events)
                head = True
                while chunk := f.read(_CHUNK):
                    if head:
                        if b"<!DOCTYPE" in chunk[:4096] or b"<!ENTITY" in chunk[:4096]:
                            raise WorkbookReadError(f"{self.path.name}：{name} 含有 DTD/实体声明，出于安全拒绝读取")
                        head = False
                    parser.feed(chunk)
                    yield from parser.read_events()
                parser.close()
                yield from parser.read_events()
        except ParseError as e:
            raise WorkbookReadError(f"{self.path.name}：{name} 的 XML 已损坏（{e}）") from None
        except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile) as e:
            raise WorkbookReadError(f"{self.path.name}：文件已损坏，无法解压 {name}（{e}）") from None

    def root_children(self, name: str):
        return [el for _ev, el in self.iterparse(name)]


def _check_zip(path: Path, zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise WorkbookReadError(f"{path.name}：压缩包内文件多达 {len(infos):,} 个，不像是工作簿，疑似压缩炸弹")
    total = 0
    for i in infos:
        if i.flag_bits & 0x1:
            raise WorkbookReadError(f"{path.name}：文件已加密，请先在 Excel 中取消密码后再处理")
        total += i.file_size
        if i.file_size > 1_000_000 and i.compress_size and i.file_size / i.compress_size > MAX_RATIO:
            raise WorkbookReadError(f"{path.name}：{i.filename} 压缩比异常（疑似压缩炸弹），拒绝读取")
    if total > MAX_TOTAL:
        raise WorkbookReadError(f"{path.name}：解压后超过 200 MB，疑似压缩炸弹，拒绝读取")


def _rels(pkg: _Package, part: str) -> dict[str, str]:
    d, base = posixpath.split(part)
    rels_name = f"{d}/_rels/{base}.rels"
    out = {}
    if not pkg.has(rels_name):
        return out
    for el in pkg.root_children(rels_name):
        if _local(el.tag) == "Relationship" and el.get("TargetMode") != "External":
            target = el.get("Target", "")
            full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(d, target))
            out[el.get("Id")] = full
    return out


def _shared_strings(pkg: _Package, name: str | None) -> list[str]:
    if not name or not pkg.has(name):
        return []
    out: list[str] = []
    parts: list[str] = []
    in_rph = 0
    for ev, el in pkg.iterparse(name, ("start", "end")):
        tag = _local(el.tag)
        if tag == "rPh":
            in_rph += 1 if ev == "start" else -1
        elif ev == "end" and tag == "t" and not in_rph:
            parts.append(el.text or "")
        elif ev == "end" and tag == "si":
            out.append("".join(parts))
            parts = []
            el.clear()
    return out


def _styles(pkg: _Package, name: str | None) -> list[str]:
    """cellXfs index → number format code."""
    if not name or not pkg.has(name):
        return []
    fmts = dict(BUILTIN_FORMATS)
    xfs: list[str] = []
    in_cellxfs = False
    for ev, el in pkg.iterparse(name, ("start", "end")):
        tag = _local(el.tag)
        if tag == "numFmt" and ev == "end":
            fmts[int(el.get("numFmtId", "0"))] = el.get("formatCode", "General")
        elif tag == "cellXfs":
            in_cellxfs = ev == "start"
        elif tag == "xf" and ev == "end" and in_cellxfs:
            xfs.append(fmts.get(int(el.get("numFmtId", "0")), "General"))
    return xfs


def _excel_date(serial: float, date1904: bool):
    base = _dt.datetime(1904, 1, 1) if date1904 else _dt.datetime(1899, 12, 30)
    try:
        return base + _dt.timedelta(days=serial)
    except OverflowError:
        return serial


def _read_sheet(pkg, part, grid, strings, xfs, date1904, max_cells):
    count, cur_row, cur_col = 0, 0, 0
    for ev, el in pkg.iterparse(part, ("start", "end")):
        tag = _local(el.tag)
        if ev == "start":
            if tag == "row":  # some writers omit r on rows and cells: count them instead
                r = el.get("r")
                cur_row, cur_col = (int(r) if r and r.isdigit() else cur_row + 1), 0
            continue
        if tag == "c":
            count += 1
            if count > max_cells:
                raise WorkbookReadError(
                    f"{pkg.path.name}：工作表“{grid.name}”超过 {max_cells:,} 个单元格，不像是自评表")
            ref = el.get("r")
            t = el.get("t", "n")
            s = el.get("s")
            fmt = xfs[int(s)] if s is not None and s.isdigit() and int(s) < len(xfs) else "General"
            v = el.find(f"{_NS_MAIN}v")
            if v is None:
                v = next((x for x in el if _local(x.tag) == "v"), None)
            f = next((x for x in el if _local(x.tag) == "f"), None)
            raw = v.text if v is not None else None
            value = None
            if t == "s" and raw is not None:
                idx = int(raw)
                value = strings[idx] if idx < len(strings) else None
            elif t == "inlineStr":
                value = "".join(x.text or "" for x in el.iter() if _local(x.tag) == "t")
            elif t in ("str", "e"):
                value = raw
            elif t == "b" and raw is not None:
                value = raw == "1"
            elif raw is not None:
                try:
                    value = float(raw)
                except ValueError:
                    value = raw
                if isinstance(value, float) and _is_date_format(fmt):
                    value = _excel_date(value, date1904)
            formula = None if f is None else (f.text if f.text else "(shared)")
            try:
                pos = parse_address(ref) if ref else (cur_row, cur_col + 1)
            except ValueError:
                pos = (cur_row, cur_col + 1)
            cur_col = pos[1]
            if value is not None or formula is not None or fmt != "General":
                grid.cells[pos] = Cell(value, fmt, formula)
            el.clear()
        elif tag == "mergeCell":
            ref = el.get("ref", "")
            if ":" in ref:
                a, b = ref.split(":", 1)
                (r1, c1), (r2, c2) = parse_address(a), parse_address(b)
                grid.merges.append((r1, c1, r2, c2))
        elif tag == "row":
            el.clear()


def _read_xlsx(path: Path, max_cells: int) -> WorkbookData:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, EOFError) as e:
        raise WorkbookReadError(f"{path.name}：文件已损坏（无法解压：{e}）") from None
    with zf:
        _check_zip(path, zf)
        pkg = _Package(path, zf)
        root_rels = _rels(pkg, "_rels/.rels") if pkg.has("_rels/.rels") else {}
        wb_part = next((t for t in root_rels.values() if t.endswith("workbook.xml")), "xl/workbook.xml")
        if not pkg.has(wb_part):
            raise WorkbookReadError(f"{path.name}：不是 Excel 工作簿（缺少 workbook.xml）")
        rels = _rels(pkg, wb_part)
        sheets, names, date1904 = [], {}, False
        wb_dir = posixpath.dirname(wb_part)
        for el in pkg.root_children(wb_part):
            tag = _local(el.tag)
            if tag == "sheet":
                sheets.append((el.get("name"), el.get(f"{_NS_R}id"), el.get("state", "visible")))
            elif tag == "definedName":
                key = el.get("name")
                if el.get("localSheetId") is not None:
                    idx = int(el.get("localSheetId"))
                    key = f"{sheets[idx][0]}!{key}" if idx < len(sheets) else key
                names[key] = el.text or ""
            elif tag == "workbookPr":
                date1904 = el.get("date1904") in ("1", "true")
        ss_part = next((t for t in rels.values() if t.endswith("sharedStrings.xml")), None)
        st_part = next((t for t in rels.values() if t.endswith("styles.xml")), None)
        strings = _shared_strings(pkg, ss_part)
        xfs = _styles(pkg, st_part)
        data = WorkbookData(str(path), [], names, "xlsm" if pkg.has(f"{wb_dir}/vbaProject.bin") else "xlsx")
        for name, rid, state in sheets:
            part = rels.get(rid)
            if not part or not pkg.has(part):
                data.notes.append(f"工作表“{name}”的内容缺失，已跳过")
                continue
            if "/worksheets/" not in part:
                data.notes.append(f"图表工作表“{name}”不是表格，已跳过")
                continue
            grid = Grid(name, hidden=state != "visible")
            _read_sheet(pkg, part, grid, strings, xfs, date1904, max_cells)
            data.sheets.append(grid)
        return data


def _read_ole(path: Path) -> WorkbookData:
    raw = path.read_bytes()
    if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00i\x00o\x00n\x00I\x00n\x00f\x00o" in raw or \
            b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in raw:
        raise WorkbookReadError(f"{path.name}：文件已加密（设置了打开密码），请先在 Excel 中取消密码后再处理")
    try:
        import xlrd
    except ImportError:
        raise WorkbookReadError(f"{path.name}：是 .xls 旧格式，需要安装 xlrd 才能读取（pip install xlrd）") from None
    try:
        try:
            book = xlrd.open_workbook(file_contents=raw, formatting_info=True)
        except (NotImplementedError, xlrd.XLRDError):
            book = xlrd.open_workbook(file_contents=raw)
    except Exception as e:  # xlrd raises many kinds on corrupt files
        raise WorkbookReadError(f"{path.name}：.xls 文件已损坏或不是工作簿（{e}）") from None
    data = WorkbookData(str(path), [], {}, "xls")
    for sh in book.sheets():
        grid = Grid(sh.name, hidden=getattr(sh, "visibility", 0) != 0)
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
                value = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    value = bool(value)
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    value = xlrd.error_text_from_code.get(value, "#ERR")
                grid.cells[(r + 1, c + 1)] = Cell(value, fmt)
        grid.merges = [(r1 + 1, c1 + 1, r2, c2) for r1, r2, c1, c2 in getattr(sh, "merged_cells", [])]
        data.sheets.append(grid)
    return data


def read_workbook(path: str | os.PathLike, *, max_cells: int = 2_000_000) -> WorkbookData:
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except FileNotFoundError:
        raise WorkbookReadError(f"{path}：文件不存在") from None
    except IsADirectoryError:
        raise WorkbookReadError(f"{path}：是文件夹，不是工作簿") from None
    except OSError as e:
        raise WorkbookReadError(f"{path.name}：无法打开（{e.strerror}），文件可能正被 Excel 占用") from None
    if not head:
        raise WorkbookReadError(f"{path.name}：文件是空的")
    if head == OLE_MAGIC:
        return _read_ole(path)
    if head[:4] != b"PK\x03\x04":
        raise WorkbookReadError(f"{path.name}：不是 Excel 工作簿（无法识别的文件内容）")
    return _read_xlsx(path, max_cells)
