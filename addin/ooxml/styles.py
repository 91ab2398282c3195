"""``xl/styles.xml``: number formats (one table for reading and writing) and the cell formats (cellXfs)
that point at them; a cell format with another number format appended when a write needs one."""

from __future__ import annotations

import functools
import re

from .xmlsafe import Node, attrs_xml, scan, splice, start_tag, to_utf8

BUILTIN_FORMATS: dict[int, str] = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00",
    12: "# ?/?", 13: "# ??/??", 14: "yyyy-mm-dd", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
    18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "yyyy-mm-dd h:mm",
    37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)", 39: "#,##0.00;(#,##0.00)", 40: "#,##0.00;[Red](#,##0.00)",
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
# Chinese-locale builtin ids are all date/time formats
BUILTIN_FORMATS.update({i: 'yyyy"年"m"月"d"日"' for i in (*range(27, 37), *range(50, 59))})
# the ids a writer may use without declaring a numFmt
WRITABLE_BUILTINS = {"General": 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "@": 49}
FIRST_CUSTOM_ID = 164

_DATE_RE = re.compile(r"(?<![\\\"])[ymdhs]", re.I)


@functools.lru_cache(maxsize=1024)
def is_date_format(code: str) -> bool:
    stripped = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code)
    return bool(_DATE_RE.search(stripped)) and "General" not in code


def cell_formats(data: bytes) -> list[str]:
    """cellXfs index → number format code, read in one expat pass (what the reader needs; the editor below
    keeps spans, which reading does not)."""
    from .xmlsafe import feed, new_parser

    formats = dict(BUILTIN_FORMATS)
    xf_ids: list[str] = []
    depth = {"cellXfs": 0}

    def start(name, a):
        n = name.rpartition(":")[2]
        if n == "numFmt":
            fid = a.get("numFmtId", "0")
            formats[int(fid) if fid.isdigit() else 0] = a.get("formatCode", "General")
        elif n == "cellXfs":
            depth["cellXfs"] += 1
        elif n == "xf" and depth["cellXfs"]:
            xf_ids.append(a.get("numFmtId", "0"))

    def end(name):
        if name.rpartition(":")[2] == "cellXfs":
            depth["cellXfs"] -= 1

    p = new_parser()
    p.StartElementHandler, p.EndElementHandler = start, end
    feed(p, (data,))
    return [formats.get(int(f) if f.isdigit() else 0, "General") for f in xf_ids]


def _wanted(name: str, depth: int) -> bool:
    return name in ("styleSheet", "numFmts", "numFmt", "cellXfs", "xf")


class StyleSheet:
    """The parts of styles.xml that number formats need; edits are spliced into the original bytes."""

    def __init__(self, data: bytes | None):
        data = None if data is None else to_utf8(data)  # edits are spliced at byte offsets of the UTF-8 text
        self.data = data
        self.changed = False
        self.formats: dict[int, str] = dict(BUILTIN_FORMATS)
        self.xfs: list[Node] = []
        self._new_fmts: list[bytes] = []
        self._new_xfs: list[bytes] = []
        self._new_xf_keys: dict[tuple, int] = {}
        self.root = self.num_fmts = self.cell_xfs = None
        if data is None:
            return
        parent = None
        for n in scan(data, _wanted):
            if n.local == "styleSheet" and n.depth == 0:
                self.root = n
            elif n.local == "numFmts":
                self.num_fmts = n
            elif n.local == "numFmt":
                self.formats[int(n.attrs.get("numFmtId", "0") or 0)] = n.attrs.get("formatCode", "General")
            elif n.local == "cellXfs":
                self.cell_xfs, parent = n, n
            elif n.local == "xf" and parent is not None and parent.start < n.start < parent.end:
                self.xfs.append(n)

    def format_of(self, s: int) -> str:
        """The number format of cell format ``s``."""
        if 0 <= s < len(self.xfs):
            fid = self.xfs[s].attrs.get("numFmtId", "0")
            return self.formats.get(int(fid) if fid.isdigit() else 0, "General")
        return "General"

    def cell_formats(self) -> list[str]:
        """cellXfs index → number format code (what the reader needs)."""
        return [self.format_of(i) for i in range(len(self.xfs))]

    def _format_id(self, code: str) -> int:
        if code in WRITABLE_BUILTINS:
            return WRITABLE_BUILTINS[code]
        for fid, c in self.formats.items():
            if c == code and fid >= FIRST_CUSTOM_ID:
                return fid
        fid = max([FIRST_CUSTOM_ID - 1, *self.formats]) + 1
        self.formats[fid] = code
        prefix = self.root.prefix if self.root else ""
        self._new_fmts.append(f"<{prefix}numFmt{attrs_xml({'numFmtId': str(fid), 'formatCode': code})}/>".encode())
        return fid

    def with_format(self, s: int, code: str) -> int:
        """A cell format like ``s`` but with number format ``code``: ``s`` itself when it already has it."""
        if self.data is None or self.cell_xfs is None or self.format_of(s) == code:
            return s
        key = (s, code)
        if key in self._new_xf_keys:
            return self._new_xf_keys[key]
        fid = self._format_id(code)
        base = self.xfs[s] if 0 <= s < len(self.xfs) else None
        attrs = dict(base.attrs) if base else {"fontId": "0", "fillId": "0", "borderId": "0", "xfId": "0"}
        attrs = {"numFmtId": str(fid), **{k: v for k, v in attrs.items() if k != "numFmtId"}}
        attrs["applyNumberFormat"] = "1"
        prefix = self.cell_xfs.prefix
        if base is not None and base.close != base.open_end:  # keep its alignment / protection children
            inner = self.data[base.open_end:base.close]
            xml = f"<{prefix}xf{attrs_xml(attrs)}>".encode() + inner + f"</{prefix}xf>".encode()
        else:
            xml = f"<{prefix}xf{attrs_xml(attrs)}/>".encode()
        self._new_xfs.append(xml)
        index = len(self.xfs) + len(self._new_xfs) - 1
        self._new_xf_keys[key] = index
        self.changed = True
        return index

    def with_alignment(self, s: int, **alignment: str) -> int:
        """A cell format like ``s`` whose <alignment> has ``alignment`` (wrapText="1", vertical="top" …); its
        other children (protection) are kept. ``s`` itself when the workbook has no styles part."""
        if self.data is None or self.cell_xfs is None:
            return s
        key = (s, "alignment", tuple(sorted(alignment.items())))
        if key in self._new_xf_keys:
            return self._new_xf_keys[key]
        base = self.xfs[s] if 0 <= s < len(self.xfs) else None
        attrs = dict(base.attrs) if base else {"numFmtId": "0", "fontId": "0", "fillId": "0", "borderId": "0", "xfId": "0"}
        attrs["applyAlignment"] = "1"
        prefix = self.cell_xfs.prefix
        inner = b""
        if base is not None and base.close != base.open_end:  # its own alignment merged, protection kept
            body = b"<x>" + self.data[base.open_end:base.close] + b"</x>"
            for n in scan(body, lambda name, depth: depth == 1):
                if n.local == "alignment":
                    alignment = {**n.attrs, **alignment}
                else:
                    inner += body[n.start:n.end]
        tag = f"<{prefix}alignment{attrs_xml(alignment)}/>".encode()
        xml = f"<{prefix}xf{attrs_xml(attrs)}>".encode() + tag + inner + f"</{prefix}xf>".encode()
        self._new_xfs.append(xml)
        index = len(self.xfs) + len(self._new_xfs) - 1
        self._new_xf_keys[key] = index
        self.changed = True
        return index

    def to_bytes(self) -> bytes:
        if not self.changed:
            return self.data
        edits = []
        prefix = self.root.prefix if self.root else ""
        if self._new_fmts:
            if self.num_fmts is not None:
                n = self.num_fmts
                count = int(n.attrs.get("count", "0") or 0) + len(self._new_fmts)
                edits.append((n.start, n.open_end, start_tag(n, {**n.attrs, "count": str(count)}, empty=False)))
                if n.close == n.open_end:  # <numFmts/>: give it a body and an end tag
                    edits.append((n.end, n.end, b"".join(self._new_fmts) + f"</{n.name}>".encode()))
                else:
                    edits.append((n.close, n.close, b"".join(self._new_fmts)))
            else:  # numFmts comes first inside styleSheet
                block = (f'<{prefix}numFmts count="{len(self._new_fmts)}">'.encode() + b"".join(self._new_fmts)
                         + f"</{prefix}numFmts>".encode())
                edits.append((self.root.open_end, self.root.open_end, block))
        n = self.cell_xfs
        count = len(self.xfs) + len(self._new_xfs)
        edits.append((n.start, n.open_end, start_tag(n, {**n.attrs, "count": str(count)}, empty=False)))
        if n.close == n.open_end:
            edits.append((n.end, n.end, b"".join(self._new_xfs) + f"</{n.name}>".encode()))
        else:
            edits.append((n.close, n.close, b"".join(self._new_xfs)))
        return splice(self.data, edits)
