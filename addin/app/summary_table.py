"""The table layer of the summary workbook: cells written as text or numbers (never a live formula), columns
fitted to their content, wrapped rows with known heights, sheets that print on A4 landscape with their header
rows repeated, and links to the forms summarised."""

from __future__ import annotations

import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

FONT = "宋体"  # as templates/build/common.py: the forms and their summary print in one family
SIZE = 10
MONEY, PCT, SCORE, INT = "#,##0.00", "0.00%", "0.00", "0"
PAGE_WIDTH = 138  # column-width units between the margins of an A4 landscape page at 100 %
PAGE_HEIGHT = 500.0  # points between the top and bottom margins of an A4 landscape page
LINE = 14.0  # points per line of 10-point text (Noto CJK in LibreOffice takes 14.5, SimSun in Excel 13.5)
RISKY = ("=", "+", "-", "@", "\t")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# --- text, widths, heights ----------------------------------------------------------------------------

def width(s: str) -> int:
    """Display width: a CJK or full-width character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def shorten(s: str, n: int) -> str:
    out = ""
    for ch in s:
        if width(out + ch) > n - 1:
            return out + "…"
        out += ch
    return out


def clean(v):
    """A frame's value as a cell takes it: None for NaN / NA, numpy scalars as Python numbers."""
    if v is None:
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        v = v.item()
    try:
        if v != v:  # NaN
            return None
    except TypeError:  # pandas.NA
        return None
    return v


def _shown(v, fmt: str | None) -> str:
    if v is None:
        return ""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return str(v)
    if fmt == MONEY:
        return f"{v:,.2f}"
    if fmt == PCT:
        return f"{v * 100:.2f}%"
    if fmt == SCORE:
        return f"{v:.2f}"
    return f"{v:g}"


def _lines(text: str, cols: float) -> int:
    """Lines a text takes wrapped in a column ``cols`` wide (a width unit is 7 px; a CJK character 13⅓ px
    at 10 points, two display units), with a little to spare for breaks at word ends."""
    room = max(cols - 0.8, 1.0)
    return sum(max(1, math.ceil(width(part) / room)) for part in text.split("\n"))


def put(ws, row: int, col: int, value, fmt: str | None = None):
    """Write one cell; a string always as text (never a formula), quote-prefixed where Excel would read
    it as one."""
    value = clean(value)
    cell = ws.cell(row, col)
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)
        cell.value = value
        cell.data_type = "s"
        if value.startswith(RISKY):
            cell.quotePrefix = True
    else:
        cell.value = value
        if fmt and value is not None:
            cell.number_format = fmt
    return cell


@dataclass(frozen=True)
class Col:
    name: str
    fmt: str | None = None  # a number column (never shrunk, right-aligned)
    lo: float = 5
    hi: float = 30
    center: bool = False
    link: bool = False  # a hyperlink: one line (LibreOffice never wraps one), so never narrower than its text


@dataclass
class Row:
    values: list
    links: dict[int, str] = field(default_factory=dict)  # column index → hyperlink target
    bold: dict[int, str] = field(default_factory=dict)  # column index → font colour of a bold cell


def fit_widths(cols: list[Col], rows: list[Row], page: float = PAGE_WIDTH) -> list[float]:
    need = []
    for i, c in enumerate(cols):
        head = width(c.name)
        head = head if head <= 6 else max(6, math.ceil(head / 2) + 1)  # a longer header takes two lines
        body = max((width(_shown(clean(r.values[i]), c.fmt)) for r in rows), default=0)
        w = max(head, body) + 2
        need.append(float(min(max(w, c.lo), c.hi if c.fmt is None else max(c.hi, w))))
    excess = sum(need) - page
    if excess > 0:  # wrapping text columns give way, down to their floor; beyond that the page is scaled
        floor = [max(c.lo, 8.0) if c.fmt is None and not c.link else need[i] for i, c in enumerate(cols)]
        room = sum(n - f for n, f in zip(need, floor, strict=True) if n > f)
        if room > 0:
            k = min(1.0, excess / room)
            need = [n - (n - f) * k if n > f else n for n, f in zip(need, floor, strict=True)]
    return [round(n, 1) for n in need]


# --- sheets -----------------------------------------------------------------------------------------

class Styles:
    def __init__(self):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.font = Font(name=FONT, size=SIZE)
        self.bold = Font(name=FONT, size=SIZE, bold=True)
        self.title = Font(name=FONT, size=16, bold=True)
        self.note = Font(name=FONT, size=SIZE)
        self.link = Font(name=FONT, size=SIZE, color="0563C1", underline="single")
        self.head_fill = PatternFill("solid", fgColor="F2F2F2")
        self.Font, self.Alignment = Font, Alignment

    def align(self, horizontal="left", wrap=True):
        return self.Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap)


class Sheet:
    """One printed table: a title, an optional note line, a header row, the rows, a 合计 row, notes."""

    def __init__(self, wb, name: str, st: Styles):
        self.ws = wb.create_sheet(name)
        self.st = st
        self.r = 1
        self.header_row = 0

    def table(self, title: str, cols: list[Col], rows: list[Row], *, note: str = "", total: Row | None = None,
              after: list[str] = (), page: float = PAGE_WIDTH, filter: bool = False) -> list[float]:
        from openpyxl.utils import get_column_letter

        ws, st = self.ws, self.st
        widths = fit_widths(cols, rows + ([total] if total else []), page)
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w
        n = len(cols)
        span = sum(widths)
        self._line(title, n, st.title, 28, "center")
        if note:
            self._line(note, n, st.note, max(18, _lines(note, span) * LINE + 5), "left")
        self.header_row = self.r
        for i, c in enumerate(cols, 1):
            cell = put(ws, self.r, i, c.name)
            cell.font, cell.fill, cell.border = st.bold, st.head_fill, st.border
            cell.alignment = st.align("center")
        ws.row_dimensions[self.r].height = max(_lines(c.name, w) for c, w in zip(cols, widths, strict=True)) * LINE + 6
        self.r += 1
        for row in rows + ([total] if total else []):
            self._row(row, cols, widths, bold=row is total)
        if filter and rows:
            ws.auto_filter.ref = f"A{self.header_row}:{get_column_letter(n)}{self.header_row + len(rows)}"
        ws.freeze_panes = f"A{self.header_row + 1}"
        ws.print_title_rows = f"{self.header_row}:{self.header_row}"
        for text in after:
            self._line(text, n, st.note, max(18, _lines(text, span) * LINE + 5), "left")
        page_setup(ws)
        return widths

    def _line(self, text: str, n: int, font, height: float, horizontal: str) -> None:
        ws = self.ws
        cell = put(ws, self.r, 1, text)
        cell.font, cell.alignment = font, self.st.align(horizontal)
        if n > 1:
            ws.merge_cells(start_row=self.r, start_column=1, end_row=self.r, end_column=n)
        ws.row_dimensions[self.r].height = height
        self.r += 1

    def _row(self, row: Row, cols: list[Col], widths: list[float], bold: bool) -> None:
        ws, st = self.ws, self.st
        lines = 1
        for i, (c, v) in enumerate(zip(cols, row.values, strict=True)):
            cell = put(ws, self.r, i + 1, v, c.fmt)
            cell.border = st.border
            number = c.fmt is not None and isinstance(clean(v), (int, float))
            cell.alignment = st.align("right" if number else "center" if c.center else "left", wrap=not number)
            if i in row.links:
                if c.link and isinstance(cell.value, str) and width(cell.value) > widths[i] - 1:
                    put(ws, self.r, i + 1, shorten(cell.value, int(widths[i] - 1)))  # the link keeps the name
                cell.hyperlink = row.links[i]
                cell.font = st.link
                cell.alignment = st.align("center" if c.center else "left", wrap=False)
                continue
            elif bold or i in row.bold:
                cell.font = st.Font(name=FONT, size=SIZE, bold=True, color=row.bold.get(i))
            else:
                cell.font = st.font
            if not number:
                lines = max(lines, _lines(_shown(clean(v), c.fmt), widths[i]))
        ws.row_dimensions[self.r].height = lines * LINE + 5
        self.r += 1


def page_setup(ws, fit: bool = True) -> None:
    from openpyxl.worksheet.page import PageMargins

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if fit:  # one page wide, as many pages down as it takes
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.font = f"{FONT},常规"
    ws.oddFooter.center.size = 9


# --- links and names ---------------------------------------------------------------------------------

def _rel(path: str, out_dir: Path) -> str:
    try:
        return os.path.relpath(path, out_dir)
    except ValueError:  # another drive (Windows): the absolute path
        return str(Path(path).resolve())


def link(path: str, out_dir: Path, sheet: str | None = None, cell: str | None = None) -> str:
    target = _rel(path, out_dir)
    if sheet:
        target += "#'" + sheet.replace("'", "''") + "'!" + (cell or "A1")
    return target


def file_label(path: str, root: Path) -> str:
    """A file as the summary names it: its path below the folder summarised, else its name."""
    try:
        rel = os.path.relpath(Path(path).resolve(), root)
    except ValueError:
        rel = ".."
    return Path(rel).as_posix() if not rel.startswith("..") and not os.path.isabs(rel) else Path(path).name


def is_empty(v) -> bool:
    v = clean(v)
    return v is None or v == ""


NO = Col("序号", INT, lo=5, center=True, link=True)  # links to the form: LibreOffice never wraps a link cell


@dataclass(frozen=True)
class SummaryBook:
    """What the summary shows. ``rows`` … ``findings`` are pandas frames as :mod:`jixiao.addin.app.summarize`
    builds them; the lists hold plain dicts with Chinese keys; file names are paths."""

    rows: object
    by_unit: object
    grades: object
    findings: object
    duplicates: list[dict] = field(default_factory=list)
    monitor: list[dict] = field(default_factory=list)  # per 监控表: the count of each light
    red: list[dict] = field(default_factory=list)  # the red indicators, each with its cell
    review: list[dict] = field(default_factory=list)  # per 绩效目标申报表: its 目标审核 findings by criterion
    unrecognised: list[dict] = field(default_factory=list)
    unreadable: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)
    kinds: tuple = ()  # the forms counted by kind (summary_rows.KindCount)
    out_dir: Path = Path(".")  # the summary's folder: links are relative to it
    root: Path | None = None  # the folder summarised: files are named by their path below it
