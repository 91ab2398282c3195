"""What every template shares: the official look (宋体, thin borders, yellow input and grey computed cells),
the title and footer lines, A4 page setup, and an estimate of wrapped lines for row heights."""

from __future__ import annotations

from datetime import date

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

FONT = "宋体"
INPUT = PatternFill("solid", fgColor="FFF2CC")  # light yellow: type here
COMPUTED = PatternFill("solid", fgColor="E7E6E6")  # grey: computed, protected
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FOOTER = "填表人：          填报日期：          联系电话：          单位负责人签字："


def cell(ws, ref, value=None, fill=None, bold=False, left=False, locked=True, fmt=None, size=10, border=True):
    c = ws[ref]
    if value is not None:
        c.value = value
    c.font = Font(name=FONT, size=size, bold=bold)
    c.alignment = Alignment(horizontal="left" if left else "center", vertical="center", wrap_text=True)
    c.border = BOX if border else Border()
    if fill is not None:
        c.fill = fill
    if fmt:
        c.number_format = fmt
    c.protection = Protection(locked=locked)
    return c


def title(ws, spec, last_col: str, year: int) -> int:
    """附件 line and the title; returns the first row after them."""
    cell(ws, "A1", spec.attachment, left=True, border=False)
    ws.merge_cells(f"A2:{last_col}2")
    cell(ws, "A2", f"{year}年度{spec.title}", size=16, bold=True, border=False)
    ws.row_dimensions[2].height = 30
    return 3


def footer(ws, row: int, last_col: str, text: str = FOOTER) -> None:
    ws.merge_cells(f"A{row}:{last_col}{row}")
    cell(ws, f"A{row}", text, left=True, border=False)


def page(ws, widths: dict, landscape: bool, title_rows: str | None = None) -> None:
    for col, w in widths.items():
        ws.column_dimensions[col].width = w
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    if title_rows:
        ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.protection.sheet = True  # no password: protection guards formulas from slips, not from people
    ws.protection.formatRows = ws.protection.formatColumns = False
    ws.protection.insertRows = False  # indicators outgrow the rows a template has: staff insert rows (docs/templates.md)


def lines(text, width: float) -> int:
    """Wrapped lines of 10-point text in a column ``width`` wide (a CJK character takes two units)."""
    if not isinstance(text, str) or not text:
        return 1
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return max(1, -(-units // max(int(width) - 3, 1)))  # a little slack: Excel wraps at whole characters


def text_value(c, value) -> None:
    """Put text typed by someone (a project list, a form being rebuilt) into a cell as text: "=3 次" and
    "=HYPERLINK(…)" stay what they are, never a live formula."""
    c.value = value
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t"):
        c.data_type = "s"
        c.quotePrefix = True


def default_year(kind: str, today: date | None = None) -> int:
    """The year a new form is for: a 监控表 watches the current year; a self-evaluation, made in spring,
    looks back on the year before (from July on, the year under way, which is the next one to evaluate)."""
    today = today or date.today()
    if kind == "monitor":
        return today.year
    return today.year - 1 if today.month <= 6 else today.year
