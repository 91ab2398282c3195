"""Excel 2003 XML workbooks (SpreadsheetML, ``urn:schemas-microsoft-com:office:spreadsheet``) read into grids.

Budget systems and the tools around them export "Excel" files by filling an XML template (FreeMarker,
Velocity …) saved by Excel as "XML 电子表格 2003", often under an ``.xls`` name; Excel and WPS open them
like any workbook, so they arrive in a bureau's folder like any workbook. No maintained library reads them
(openpyxl, xlrd and python-calamine do not), so this module does, with the same hardened parser as every
other part (DTDs and entities refused) and the same cell limits.

What is read: each Worksheet's Table — rows and cells with their ``ss:Index`` gaps, ``ss:MergeAcross`` /
``ss:MergeDown`` merges, ``ss:Data`` of every type (numbers, text with its rich runs, dates, booleans,
errors), formulas (their cached values; R1C1 text kept), number formats of the styles (a percent cell is
known as one), hidden sheets and named ranges. Nothing is written back into such a file: recompute carries
its figures into a new .xlsx, as for .xls.
"""

from __future__ import annotations

import datetime as _dt
import re

from .grid import Cell, Grid, WorkbookData
from .xmlsafe import feed, local, new_parser, to_utf8

NAMESPACE = b"urn:schemas-microsoft-com:office:spreadsheet"
# the formats SpreadsheetML names instead of spelling them (Excel's "Percent" is 0.00%)
NAMED_FORMATS = {"General Number": "General", "Fixed": "0.00", "Standard": "#,##0.00", "Percent": "0.00%",
                 "Scientific": "0.00E+00", "Short Date": "yyyy-mm-dd", "Long Date": "yyyy年m月d日",
                 "General Date": "yyyy-mm-dd hh:mm", "Short Time": "hh:mm", "Long Time": "hh:mm:ss"}
_DATE = re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T(\d\d):(\d\d):(\d\d))?")


def is_spreadsheetml(head: bytes) -> bool:
    """Does a file starting so hold an Excel 2003 XML workbook (in UTF-8, UTF-16 or a declared encoding)?"""
    text = head.replace(b"\x00", b"")  # UTF-16 as bytes: the ASCII letters are still there
    return (b"<?xml" in text[:200] and NAMESPACE in text) or (b"<Workbook" in text and NAMESPACE in text)


class _Handler:
    def __init__(self, max_cells: int, too_many):
        self.sheets: list[Grid] = []
        self.names: dict[str, str] = {}
        self.formats: dict[str, str] = {}  # style id → number format
        self.max_cells, self.too_many = max_cells, too_many
        self.style: str | None = None
        self.grid: Grid | None = None
        self.row = self.col = 0
        self.cell: dict | None = None
        self.text: list[str] | None = None  # the Data element's characters (rich runs included)
        self.in_options = self.in_visible = False
        self.span = 0  # the columns a merged cell covers after its own

    def start(self, tag, attrs):
        name = local(tag)
        a = {local(k): v for k, v in attrs.items()}
        if name == "Style":
            self.style = a.get("ID")
        elif name == "NumberFormat" and self.style is not None:
            fmt = a.get("Format", "General")
            self.formats[self.style] = NAMED_FORMATS.get(fmt, fmt)
        elif name == "NamedRange" and a.get("Name"):
            self.names[a["Name"]] = a.get("RefersTo", "").lstrip("=")
        elif name == "Worksheet":
            self.grid = Grid(a.get("Name", f"Sheet{len(self.sheets) + 1}"))
            self.sheets.append(self.grid)
            self.row = 0
        elif name == "Row" and self.grid is not None:
            self.row = int(a["Index"]) if a.get("Index", "").isdigit() else self.row + 1
            self.col = 0
        elif name == "Cell" and self.grid is not None:
            self.col = int(a["Index"]) if a.get("Index", "").isdigit() else self.col + 1
            across, down = int(a.get("MergeAcross", 0) or 0), int(a.get("MergeDown", 0) or 0)
            if across or down:
                self.grid.merges.append((self.row, self.col, self.row + down, self.col + across))
            formula = a.get("Formula")
            self.cell = {"format": self.formats.get(a.get("StyleID", ""), "General"),
                         "formula": formula[1:] if formula and formula.startswith("=") else formula}
            self.span = across
        elif name == "Data" and self.cell is not None:
            self.cell["type"] = a.get("Type", "String")
            self.text = []
        elif name == "WorksheetOptions":
            self.in_options = True
        elif name == "Visible" and self.in_options:
            self.in_visible = True

    def data(self, text):
        if self.text is not None:
            self.text.append(text)
        elif self.in_visible and self.grid is not None and "Hidden" in text:
            self.grid.hidden = True

    def end(self, tag):
        name = local(tag)
        if name == "Style":
            self.style = None
        elif name == "Data" and self.cell is not None and self.text is not None:
            self.cell["text"] = "".join(self.text)
            self.text = None
        elif name == "Cell" and self.cell is not None:
            self._put(self.cell)
            self.col += self.span  # a merged cell covers the columns after it
            self.cell = None
        elif name == "WorksheetOptions":
            self.in_options = False
        elif name == "Visible":
            self.in_visible = False

    def _put(self, c: dict) -> None:
        if "text" not in c and not c["formula"]:
            return  # a styled empty cell
        kind, raw = c.get("type", "String"), c.get("text", "")
        error = kind == "Error"
        value = _value(kind, raw)
        grid = self.grid
        grid.cells[(self.row, self.col)] = Cell(value, c["format"], c["formula"], error)
        if len(grid.cells) > self.max_cells:
            self.too_many(grid.name)


def _value(kind: str, raw: str):
    if kind == "Number":
        try:
            x = float(raw)
        except ValueError:
            return raw
        return int(x) if x.is_integer() and abs(x) < 2**53 else x
    if kind == "Boolean":
        return raw.strip() in ("1", "true", "TRUE")
    if kind == "DateTime":
        m = _DATE.match(raw.strip())
        if m:
            y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
            try:
                return _dt.datetime(y, mo, d, h, mi, s)
            except ValueError:
                return raw
        return raw
    return raw  # String, Error (#N/A …)


def read_spreadsheetml(data: bytes, path: str, max_cells: int, too_many) -> WorkbookData:
    """The workbook's grids; XmlError for a part that cannot be parsed (a DTD among them)."""
    h = _Handler(max_cells, too_many)
    p = new_parser()
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = h.start, h.end, h.data
    feed(p, [to_utf8(data)])
    return WorkbookData(path, h.sheets, h.names, "xls")
