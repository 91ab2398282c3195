"""Write values into cells of an .xlsx/.xlsm by splicing the worksheet bytes: the lossless writer.

No library does this: openpyxl's load/save drops or rewrites charts, images, comments, validation, custom
XML and VBA. Here every zip part is copied as it is except the patched worksheets (only the written <c>
elements change, plus rows and cells created where none were) and, when a number format is needed that no
cell format has, styles.xml (entries appended, counts updated). Cells are found by the hardened parser and
addressed by the reader's own rule (:mod:`.sheet`), so an r-less row or cell is the one the reader read.
"""

from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass, field
from pathlib import Path

from . import content_types as CT
from . import rels as R
from . import shared_strings, workbook
from .content_types import type_of
from .package import Package, PatchError, fit_name, why, write_package
from .sheet import cell_position, row_number, split_ref
from .styles import StyleSheet
from .xmlsafe import Node, XmlError, attrs_xml, escape, scan, splice, to_utf8, unescape


@dataclass(frozen=True)
class CellWrite:
    sheet: str
    address: str
    value: float | str
    number_format: str | None = None


@dataclass
class PatchReport:
    written: list[str] = field(default_factory=list)
    skipped_formulas: list[str] = field(default_factory=list)  # formula cells: the formula is never replaced
    cached: list[str] = field(default_factory=list)  # of those, the ones given jixiao's figure as cached value
    unchanged: list[str] = field(default_factory=list)
    formula_errors: list[tuple[str, str]] = field(default_factory=list)  # kept formula cells showing #DIV/0! …


@dataclass
class _Cell:
    node: Node
    formula: bool = False
    f_node: Node | None = None
    v_node: Node | None = None
    t: str = "n"
    v: str | None = None
    inline: list[str] = field(default_factory=list)


def _wanted(name: str, depth: int) -> bool:
    return name in ("sheetData", "row", "c", "f", "v", "t", "is", "rPh")


def _layout(xml: bytes):
    """sheetData, its rows by number and its cells by position — as the reader numbers them."""
    nodes = scan(xml, _wanted)
    sheet_data = next((n for n in nodes if n.local == "sheetData"), None)
    rows: list[tuple[int, Node]] = []
    cells: dict[tuple[int, int], _Cell] = {}
    row_no, col, cur, rph_end = 0, 0, None, -1
    for n in nodes:
        if sheet_data is None or not sheet_data.start < n.start < sheet_data.end:
            continue
        if n.local == "row":
            row_no, col = row_number(n.attrs.get("r"), row_no), 0
            rows.append((row_no, n))
        elif n.local == "c":
            pos = cell_position(n.attrs.get("r"), row_no, col)
            col = pos[1]
            cur = cells[pos] = _Cell(n, t=n.attrs.get("t", "n"))
        elif cur is not None and cur.node.start < n.start < cur.node.end:
            if n.local == "f":
                cur.formula, cur.f_node = True, n
            elif n.local == "v":
                cur.v_node = n
                cur.v = unescape(xml[n.open_end:n.close].decode("utf-8"))
            elif n.local == "rPh":
                rph_end = n.end
            elif n.local == "t" and n.start > rph_end:
                cur.inline.append(unescape(xml[n.open_end:n.close].decode("utf-8")))
    return sheet_data, rows, cells


def _current(cell: _Cell, strings: list[str]):
    if cell.t == "inlineStr":
        return "".join(cell.inline)
    if cell.v is None:
        return None
    if cell.t == "s":
        i = int(cell.v) if cell.v.strip().isdigit() else -1
        return strings[i] if 0 <= i < len(strings) else None
    if cell.t in ("str", "e"):
        return cell.v
    try:
        return float(cell.v)
    except ValueError:
        return cell.v


def _cell_xml(p: str, ref: str, value, s: int | None) -> bytes:
    """A value as a cell: text always as an inline string (never a formula), numbers as numbers."""
    sattr = f' s="{s}"' if s is not None else ""
    if isinstance(value, str):
        sp = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<{p}c r="{ref}"{sattr} t="inlineStr"><{p}is><{p}t{sp}>{escape(value)}</{p}t></{p}is></{p}c>'.encode()
    v = float(value)
    num = str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    return f'<{p}c r="{ref}"{sattr}><{p}v>{num}</{p}v></{p}c>'.encode()


def _cached_xml(xml: bytes, cell: _Cell, value, s: int | None) -> bytes:
    """A formula cell with ``value`` as its cached result: the formula element kept byte for byte, the
    value typed (t="str" for text), so a reader that does not calculate (pandas, previews) sees the figure."""
    attrs = {k: v for k, v in cell.node.attrs.items() if k != "t"}
    if s is not None:
        attrs["s"] = str(s)
    p = cell.node.prefix
    if isinstance(value, str):
        attrs["t"] = "str"
        v = escape(value)
    else:
        f = float(value)
        v = str(int(f)) if f.is_integer() and abs(f) < 1e15 else repr(f)
    body = xml[cell.f_node.start:cell.f_node.end] if cell.f_node is not None else b""
    return f"<{cell.node.name}{attrs_xml(attrs)}>".encode() + body + f"<{p}v>{v}</{p}v></{cell.node.name}>".encode()


def _patch_sheet(xml: bytes, writes: list[CellWrite], styles: StyleSheet, strings, report: PatchReport,
                 file: str, sheet: str) -> bytes:
    try:
        xml = to_utf8(xml)
        sheet_data, rows, cells = _layout(xml)
    except XmlError as e:
        raise PatchError("{file} 工作表“{sheet}”：工作表 XML 无法解析（{value}）", file=file, sheet=sheet,
                         value="含有 DTD" if e.unsafe else e) from None
    if sheet_data is None:
        raise PatchError("{file} 工作表“{sheet}”：工作表 XML 中没有 sheetData", file=file, sheet=sheet)
    p = sheet_data.prefix
    edits: list[tuple[int, int, bytes]] = []
    row_nodes = dict(rows)
    new_in_row: dict[int, list[tuple[int, bytes]]] = {}  # row → [(col, cell xml)] for cells that do not exist
    for w in writes:
        pos = split_ref(w.address)
        ref = w.address.replace("$", "").upper()
        label = f"{w.sheet}!{ref}"
        old = cells.get(pos)
        if old is not None:
            if old.formula:
                report.skipped_formulas.append(label)
                if old.t == "e" and old.v:
                    report.formula_errors.append((label, old.v))
                elif not old.v:
                    # never calculated (a template's formula, fullCalcOnLoad): jixiao's figure becomes its
                    # cached value; a value Excel cached is Excel's and stays (a differing one is a finding)
                    s_attr = old.node.attrs.get("s")
                    s = int(s_attr) if s_attr and s_attr.isdigit() else 0
                    new_s = styles.with_format(s, w.number_format) if w.number_format else s
                    edits.append((old.node.start, old.node.end,
                                  _cached_xml(xml, old, w.value, new_s if (s_attr is not None or new_s) else None)))
                    report.cached.append(label)
                continue
            s_attr = old.node.attrs.get("s")
            s = int(s_attr) if s_attr and s_attr.isdigit() else 0
            new_s = styles.with_format(s, w.number_format) if w.number_format else s
            if _current(old, strings) == w.value and new_s == s:
                report.unchanged.append(label)
                continue
            edits.append((old.node.start, old.node.end,
                          _cell_xml(p, ref, w.value, new_s if (s_attr is not None or new_s) else None)))
        else:
            new_s = styles.with_format(0, w.number_format) if w.number_format else None
            new_in_row.setdefault(pos[0], []).append((pos[1], _cell_xml(p, ref, w.value, new_s or None)))
        report.written.append(label)
    new_rows: list[tuple[int, bytes]] = []
    for r, new in sorted(new_in_row.items()):
        new.sort()
        node = row_nodes.get(r)
        if node is None:
            new_rows.append((r, f'<{p}row r="{r}">'.encode() + b"".join(x for _c, x in new) + f"</{p}row>".encode()))
            continue
        if node.close == node.open_end:  # <row r="5"/>: open it up
            tag = f"<{node.name}{attrs_xml(node.attrs)}>".encode()
            edits.append((node.start, node.end, tag + b"".join(x for _c, x in new) + f"</{node.name}>".encode()))
            continue
        in_row = sorted((pos[1], c.node) for pos, c in cells.items() if pos[0] == r)
        for col, x in new:
            at = node.open_end
            for c, cn in in_row:
                if c < col:
                    at = cn.end
            edits.append((at, at, x))
    if new_rows:
        if sheet_data.close == sheet_data.open_end:  # <sheetData/>
            tag = f"<{sheet_data.name}{attrs_xml(sheet_data.attrs)}>".encode()
            edits.append((sheet_data.start, sheet_data.end,
                          tag + b"".join(x for _r, x in new_rows) + f"</{sheet_data.name}>".encode()))
        else:
            for r, x in new_rows:
                at = next((n.start for num, n in rows if num > r), sheet_data.close)
                edits.append((at, at, x))
    return splice(xml, edits)


def _openable(src: Path, parts: dict[str, bytes], wb_part: str, sheets: list[str]) -> None:
    """Refuse to write a package Excel cannot open however well we patch it: jixiao reads a workbook without
    its content-type table, Excel and LibreOffice do not — a copy written from it would not open."""
    try:
        defaults, overrides = CT.declared(parts.get(CT.PART))
    except KeyError:
        problem = "缺失"
    except XmlError:
        problem = "已损坏"
    else:
        missing = [p for p in (wb_part, *sheets) if p and not type_of(p, defaults, overrides)]
        if not missing:
            return
        problem = "没有登记 " + "、".join(missing)
    raise PatchError("{file}：内容类型表 [Content_Types].xml {problem}，Excel 打不开这个文件，jixiao 没有写入。"
                     "请先在 Excel 或 WPS 中打开（修复）并另存，再重算", file=src.name, problem=problem)


def patch_workbook(src, dst, writes: list[CellWrite]) -> PatchReport:
    src, dst = Path(src), Path(dst)
    with Package(src) as pkg:  # a damaged source: its PackageError says so
        infos, parts = pkg.infos, pkg.read_all()
    try:
        wb_part = workbook.locate(parts.get("_rels/.rels"))
        info = workbook.read_info(wb_part, parts[wb_part], parts.get(R.rels_part(wb_part)))
        st_part = info.related("/styles")
        ss_part = info.related("/sharedStrings")
        styles = StyleSheet(parts.get(st_part) if st_part else None)
        strings = shared_strings.read([parts[ss_part]]) if ss_part and ss_part in parts else []
    except (XmlError, KeyError) as e:
        raise PatchError("{file}：工作簿结构无法解析（{detail}）", file=src.name, detail=e) from None
    _openable(src, parts, wb_part, [info.sheet(w.sheet).part for w in writes if info.sheet(w.sheet)])
    report = PatchReport()
    by_sheet: dict[str, list[CellWrite]] = {}
    for w in writes:
        entry = info.sheet(w.sheet)
        if entry is None or not entry.part or entry.part not in parts:
            raise PatchError("{file}：找不到工作表“{sheet}”（写入 {address}）", file=src.name, sheet=w.sheet, address=w.address)
        if split_ref(w.address) is None:
            raise PatchError("{file}：工作表“{sheet}”的单元格地址“{address}”无效", file=src.name, sheet=w.sheet, address=w.address)
        by_sheet.setdefault(w.sheet, []).append(w)
    for sheet, ws in by_sheet.items():
        part = info.sheet(sheet).part
        parts[part] = _patch_sheet(parts[part], ws, styles, strings, report, src.name, sheet)
    if styles.changed:
        parts[st_part] = styles.to_bytes()
    if not report.written and not styles.changed and dst.exists() and dst.resolve() == src.resolve():
        return report  # in place with nothing to change: the file is left as it is, not rewritten
    write_package(dst, infos, parts)
    return report


def backup_path(path: Path, suffix: str = ".bak") -> Path:
    """原名.bak (then .bak1, .bak2 …), the name cut to fit the file system (255 bytes per name)."""
    backup = fit_name(Path(str(path) + suffix), 4)
    n = 1
    while backup.exists():
        backup = fit_name(Path(f"{path}{suffix}{n}"))
        n += 1
    return backup


def patch_in_place(path, writes: list[CellWrite], *, backup_suffix: str = ".bak") -> tuple[PatchReport, str]:
    """Patch ``path`` itself, atomically, after copying the original to a .bak beside it (none is kept, and
    the file is not rewritten, when there is nothing to change)."""
    path = Path(path)
    if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & stat.S_IWUSR):
        raise PatchError("{file}：文件是只读的，未改写（请取消只读属性，或用 -o 另存）", file=path.name)
    backup = backup_path(path, backup_suffix)
    try:
        shutil.copy2(path, backup)
    except OSError as e:
        raise PatchError("{file}：无法创建备份 {backup_name}（{value}）", file=path.name, backup_name=backup.name, value=why(e)) from None
    before = path.stat()
    try:
        report = patch_workbook(path, path, writes)
    except BaseException:
        backup.unlink(missing_ok=True)
        raise
    after = path.stat()
    if (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns):  # not rewritten: no backup
        backup.unlink(missing_ok=True)
        return report, ""
    return report, str(backup)


def freeze_formulas(xml: bytes, wanted) -> tuple[bytes, list[str], list[str]]:
    """Drop the formula of every cell whose formula text satisfies ``wanted`` (cells sharing such a formula
    included), keeping the cached value: (new xml, frozen cell refs, refs that had no cached value)."""
    xml = to_utf8(xml)
    nodes = scan(xml, lambda name, depth: name in ("sheetData", "row", "c", "f", "v"))
    cells: list[tuple[Node, Node | None, bool, str]] = []  # (cell, its f, has v, ref)
    row_no = col = 0
    shared_hit: set[str] = set()
    cur = None
    for n in nodes:
        if n.local == "row":
            row_no, col = row_number(n.attrs.get("r"), row_no), 0
        elif n.local == "c":
            pos = cell_position(n.attrs.get("r"), row_no, col)
            col = pos[1]
            cur = [n, None, False, n.attrs.get("r") or f"{_col(pos[1])}{pos[0]}"]
            cells.append(cur)
        elif cur is not None and cur[0].start < n.start < cur[0].end:
            if n.local == "f":
                cur[1] = n
                text = unescape(xml[n.open_end:n.close].decode("utf-8")) if n.close > n.open_end else ""
                if n.attrs.get("t") == "shared" and text and wanted(text):
                    shared_hit.add(n.attrs.get("si", ""))
            elif n.local == "v":
                cur[2] = True
    edits, frozen, uncached = [], [], []
    for _cell, f, has_v, ref in cells:
        if f is None:
            continue
        text = unescape(xml[f.open_end:f.close].decode("utf-8")) if f.close > f.open_end else ""
        if not (wanted(text) or (f.attrs.get("t") == "shared" and f.attrs.get("si", "") in shared_hit)):
            continue
        frozen.append(ref)
        if not has_v:
            uncached.append(ref)
        edits.append((f.start, f.end, b""))
    return splice(xml, edits), frozen, uncached


def _col(c: int) -> str:
    from .grid import col_letter

    return col_letter(c)
