"""Write values into cells of an .xlsx/.xlsm by patching the worksheet XML bytes.

openpyxl's load/save round trip drops or rewrites charts, images, comments, validation, custom XML
and VBA. Here every zip part is copied as it is except the patched worksheets (only the written
<c> elements change, plus rows created for cells that did not exist) and, when a number format is
needed that no existing style has, styles.xml (entries appended, counts updated).
"""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from jixiao.templates.grid import parse_address

from .package import read_parts, write_parts

BUILTIN_IDS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "@": 49}


@dataclass(frozen=True)
class CellWrite:
    sheet: str
    address: str
    value: float | str
    number_format: str | None = None


@dataclass
class PatchReport:
    written: list[str] = field(default_factory=list)
    skipped_formulas: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


class PatchError(Exception):
    """One Chinese line naming file, sheet and cell."""


def _sheet_parts(parts: dict[str, bytes]) -> dict[str, str]:
    wb = parts["xl/workbook.xml"].decode("utf-8")
    rels = parts.get("xl/_rels/workbook.xml.rels", b"").decode("utf-8")
    targets = {}
    for m in re.finditer(r"<(?:\w+:)?Relationship\b([^>]*)/?>", rels):
        a = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        t = a.get("Target", "")
        targets[a.get("Id")] = t.lstrip("/") if t.startswith("/") else posixpath.normpath("xl/" + t)
    out = {}
    for m in re.finditer(r"<(?:\w+:)?sheet\b([^>]*)/?>", wb):
        attrs = m.group(1)
        name = re.search(r'\bname="([^"]*)"', attrs)
        rid = re.search(r'\b\w+:id="([^"]*)"', attrs)
        if name and rid and rid.group(1) in targets:
            out[_unescape(name.group(1))] = targets[rid.group(1)]
    return out


def _unescape(s: str) -> str:
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")


class _Styles:
    """Find or append an xf equal to a cell's xf but with another number format."""

    def __init__(self, xml: str | None):
        self.xml = xml
        self.changed = False
        if xml is None:
            return
        m = re.search(r"<(\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", xml, re.S)
        self.prefix = (m.group(1) or "") if m else ""
        self.xfs = re.findall(r"<(?:\w+:)?xf\b[^>]*?(?:/>|>.*?</(?:\w+:)?xf>)", m.group(2), re.S) if m else []
        self.fmts = {}
        for attrs in re.findall(r"<(?:\w+:)?numFmt\b([^>]*)/?>", xml):
            a = dict(re.findall(r'(\w+)="([^"]*)"', attrs))
            if "numFmtId" in a:
                self.fmts[int(a["numFmtId"])] = _unescape(a.get("formatCode", "General"))

    def fmt_of(self, s: int) -> str:
        if self.xml is None or s >= len(self.xfs):
            return "General"
        m = re.search(r'numFmtId="(\d+)"', self.xfs[s])
        fid = int(m.group(1)) if m else 0
        return self.fmts.get(fid) or {v: k for k, v in BUILTIN_IDS.items()}.get(fid, "General")

    def _fmt_id(self, code: str) -> int:
        if code in BUILTIN_IDS:
            return BUILTIN_IDS[code]
        for fid, c in self.fmts.items():
            if c == code:
                return fid
        fid = max([163, *self.fmts]) + 1
        entry = f'<{self.prefix}numFmt numFmtId="{fid}" formatCode="{escape(code, {chr(34): "&quot;"})}"/>'
        m = re.search(r"</(\w+:)?numFmts>", self.xml)
        if m:
            self.xml = self.xml[: m.start()] + entry + self.xml[m.start():]
            self.xml = re.sub(r'(<(?:\w+:)?numFmts\b[^>]*count=")(\d+)"',
                              lambda x: f'{x.group(1)}{int(x.group(2)) + 1}"', self.xml, count=1)
        else:  # numFmts comes first inside styleSheet
            m = re.search(r"<(\w+:)?styleSheet\b[^>]*>", self.xml)
            self.xml = self.xml[: m.end()] + f'<{self.prefix}numFmts count="1">{entry}</{self.prefix}numFmts>' + \
                self.xml[m.end():]
        self.fmts[fid] = code
        self.changed = True
        return fid

    def with_format(self, s: int, code: str) -> int:
        if self.xml is None or self.fmt_of(s) == code:
            return s
        fid = self._fmt_id(code)
        base = self.xfs[s] if s < len(self.xfs) else f'<{self.prefix}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        new = re.sub(r'numFmtId="\d+"', f'numFmtId="{fid}"', base, count=1) if "numFmtId=" in base else \
            base.replace("xf ", f'xf numFmtId="{fid}" ', 1)
        new = re.sub(r'applyNumberFormat="\w+"', 'applyNumberFormat="1"', new, count=1) if "applyNumberFormat" in new \
            else new.replace("xf ", 'xf applyNumberFormat="1" ', 1)
        if new in self.xfs:
            return self.xfs.index(new)
        m = re.search(r"</(\w+:)?cellXfs>", self.xml)
        self.xml = self.xml[: m.start()] + new + self.xml[m.start():]
        self.xml = re.sub(r'(<(?:\w+:)?cellXfs\b[^>]*count=")(\d+)"',
                          lambda x: f'{x.group(1)}{int(x.group(2)) + 1}"', self.xml, count=1)
        self.xfs.append(new)
        self.changed = True
        return len(self.xfs) - 1


def _cell_xml(p: str, ref: str, value, s: int | None) -> str:
    sattr = f' s="{s}"' if s is not None else ""
    if isinstance(value, str):
        sp = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<{p}c r="{ref}"{sattr} t="inlineStr"><{p}is><{p}t{sp}>{escape(value)}</{p}t></{p}is></{p}c>'
    num = str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(float(value))
    return f'<{p}c r="{ref}"{sattr}><{p}v>{num}</{p}v></{p}c>'


def _current(cell_xml: str, strings) -> tuple[object, bool]:
    if re.search(r"<(?:\w+:)?f[\s>/]", cell_xml):
        return None, True
    t = re.search(r'\bt="(\w+)"', cell_xml)
    v = re.search(r"<(?:\w+:)?v>([^<]*)<", cell_xml)
    if t and t.group(1) == "inlineStr":
        return _unescape("".join(re.findall(r"<(?:\w+:)?t[^>]*>([^<]*)<", cell_xml))), False
    if v is None:
        return None, False
    if t and t.group(1) == "s":
        i = int(v.group(1))
        return (strings[i] if i < len(strings) else None), False
    if t and t.group(1) == "str":
        return _unescape(v.group(1)), False
    try:
        return float(v.group(1)), False
    except ValueError:
        return v.group(1), False


def _patch_sheet(xml: str, writes: list[CellWrite], styles: _Styles, strings, report: PatchReport, where: str) -> str:
    sd = re.search(r"<(\w+:)?sheetData\b[^>]*?(/>|>)", xml)
    if sd is None:
        raise PatchError(f"{where}：工作表 XML 中没有 sheetData")
    p = sd.group(1) or ""
    if sd.group(2) == "/>":  # an empty sheet: open it up
        xml = xml[: sd.start()] + f"<{p}sheetData></{p}sheetData>" + xml[sd.end():]
    for w in writes:
        r, c = parse_address(w.address)
        ref = w.address.replace("$", "").upper()
        label = f"{w.sheet}!{ref}"
        cm = re.search(rf'<{p}c\b(?=[^>]*\br="{ref}")[^>]*?(?:/>|>.*?</{p}c>)', xml, re.S)
        if cm:
            old = cm.group(0)
            cur, is_formula = _current(old, strings)
            if is_formula:
                report.skipped_formulas.append(label)
                continue
            sm = re.search(r'\bs="(\d+)"', old[: old.find(">")])
            s = int(sm.group(1)) if sm else 0
            new_s = styles.with_format(s, w.number_format) if w.number_format else s
            if cur == w.value and new_s == s:
                report.unchanged.append(label)
                continue
            xml = xml[: cm.start()] + _cell_xml(p, ref, w.value, new_s if (sm or new_s) else None) + xml[cm.end():]
        else:
            new_s = styles.with_format(0, w.number_format) if w.number_format else None
            cell = _cell_xml(p, ref, w.value, new_s or None)
            rm = re.search(rf'<{p}row\b(?=[^>]*\br="{r}")[^>]*?(/>|>)', xml)
            if rm and rm.group(1) == "/>":
                open_tag = rm.group(0)[:-2] + ">"
                xml = xml[: rm.start()] + open_tag + cell + f"</{p}row>" + xml[rm.end():]
            elif rm:
                end = xml.find(f"</{p}row>", rm.end())
                body = xml[rm.end():end]
                pos = rm.end()
                for m in re.finditer(rf'<{p}c\b[^>]*\br="([A-Z]+)\d+"[^>]*?(?:/>|>.*?</{p}c>)', body, re.S):
                    if parse_address(m.group(1) + "1")[1] > c:
                        break
                    pos = rm.end() + m.end()
                xml = xml[:pos] + cell + xml[pos:]
            else:
                sd = re.search(rf"<{p}sheetData\b[^>]*>", xml)
                pos = sd.end()
                close = xml.find(f"</{p}sheetData>")
                for m in re.finditer(rf'<{p}row\b[^>]*\br="(\d+)"', xml[sd.end():close]):
                    if int(m.group(1)) > r:
                        pos = sd.end() + m.start()
                        break
                else:
                    pos = close
                xml = xml[:pos] + f'<{p}row r="{r}">{cell}</{p}row>' + xml[pos:]
        report.written.append(label)
    return xml


def _shared_strings(parts: dict[str, bytes]) -> list[str]:
    raw = parts.get("xl/sharedStrings.xml")
    if not raw:
        return []
    text = raw.decode("utf-8")
    out = []
    for si in re.findall(r"<(?:\w+:)?si>(.*?)</(?:\w+:)?si>", text, re.S):
        si = re.sub(r"<(?:\w+:)?rPh\b.*?</(?:\w+:)?rPh>", "", si, flags=re.S)
        out.append(_unescape("".join(re.findall(r"<(?:\w+:)?t(?:\s[^>]*)?>([^<]*)<", si))))
    return out


def patch_workbook(src, dst, writes: list[CellWrite]) -> PatchReport:
    src, dst = Path(src), Path(dst)
    try:
        infos, parts = read_parts(src)
    except (OSError, zipfile.BadZipFile) as e:
        raise PatchError(f"{src.name}：无法读取（{e}）") from None
    sheets = _sheet_parts(parts)
    styles = _Styles(parts["xl/styles.xml"].decode("utf-8") if "xl/styles.xml" in parts else None)
    strings = _shared_strings(parts)
    report = PatchReport()
    by_sheet: dict[str, list[CellWrite]] = {}
    for w in writes:
        if w.sheet not in sheets:
            raise PatchError(f"{src.name}：找不到工作表“{w.sheet}”（写入 {w.address}）")
        try:
            parse_address(w.address)
        except ValueError:
            raise PatchError(f"{src.name}：工作表“{w.sheet}”的单元格地址“{w.address}”无效") from None
        by_sheet.setdefault(w.sheet, []).append(w)
    new_parts = {}
    for sheet, ws in by_sheet.items():
        part = sheets[sheet]
        xml = parts[part].decode("utf-8")
        new_parts[part] = _patch_sheet(xml, ws, styles, strings, report, f"{src.name} 工作表“{sheet}”").encode("utf-8")
    if styles.changed:
        new_parts["xl/styles.xml"] = styles.xml.encode("utf-8")
    parts.update(new_parts)
    try:
        write_parts(dst, infos, parts)
    except OSError as e:
        raise PatchError(f"{dst.name}：无法写入（{e.strerror}），文件可能正被 Excel 占用") from None
    return report


def patch_in_place(path, writes: list[CellWrite], *, backup_suffix: str = ".bak") -> tuple[PatchReport, str]:
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=".jixiao-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        report = patch_workbook(path, tmp, writes)
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        backup = Path(str(path) + backup_suffix)
        n = 1
        while backup.exists():
            backup = Path(f"{path}{backup_suffix}{n}")
            n += 1
        shutil.copy2(path, backup)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return report, str(backup)
