"""The 校验结果 sheet: one row per finding, its cell a link to the cell it is about."""

from __future__ import annotations

from jixiao.templates.grid import address

from ..ooxml.xmlsafe import escape, quoteattr
from . import findings as F

REPORT_SHEET = "校验结果"
HEAD = ("序号", "级别", "代码", "工作表", "单元格", "问题与修改建议")
WIDTHS = (6, 6, 8, 18, 9, 70)  # 117 characters: A4 landscape at about 90 % (fit to width)
WRAPPED = (4, 6)  # 工作表, 问题与修改建议: wrapped, never cut at the column's edge
# printed: file name left, sheet centre, page of pages right (Excel's header/footer codes)
FOOTER = "&amp;L&amp;F&amp;C&amp;A&amp;R第 &amp;P 页，共 &amp;N 页"
PRINT_TITLES = "$1:$1"  # the head row on every page (the _xlnm.Print_Titles defined name)
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def rows(findings) -> list[tuple]:
    """The sheet's rows as values (also what the live add-in writes through xlwings)."""
    return [HEAD] + [(i, f.severity.label, f.code, f.sheet, f.cell, F.message(f)) for i, f in enumerate(findings, 1)]


def _cell(r: int, c: int, v, s: int | None) -> str:
    ref = address(r, c)
    sattr = f' s="{s}"' if s else ""
    if isinstance(v, (int, float)):
        return f'<c r="{ref}"{sattr}><v>{v}</v></c>'
    return f'<c r="{ref}"{sattr} t="inlineStr"><is><t xml:space="preserve">{escape(str(v))}</t></is></c>'


LINE_PT = 15  # one line of the default 11 pt font (CJK glyphs included)


def _units(text: str) -> int:
    """Width in column units (one "0"): a CJK or full-width character takes two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def row_height(row) -> float:
    """Points for a row whose wrapped cells show every line: Excel and LibreOffice keep a stored height and
    neither fits a row to wrapped text when it opens a file, so the height is computed here."""
    lines = 1
    for c in WRAPPED:
        text = str(row[c - 1]) if c - 1 < len(row) else ""
        room = max(WIDTHS[c - 1] - 2, 1)  # a cell's padding
        lines = max(lines, sum(-(-max(_units(part), 1) // room) for part in text.split("\n")))
    return lines * LINE_PT


def sheet_ref(sheet: str, cell: str) -> str:
    return "'" + sheet.replace("'", "''") + "'!" + cell


def report_sheet_xml(findings, top: int | None = None, wrap: int | None = None) -> str:
    """The sheet's XML; ``top`` / ``wrap`` are cell formats (top-aligned; top-aligned and wrapped) of the
    workbook's styles.xml, so it prints: A4 landscape, fit to one page width, head row repeated (the workbook's
    Print_Titles name, set by the caller), footer with file name and page."""
    table = rows(findings)
    if not findings:
        table.append(("", "", "", "", "", "未发现问题"))
    data = "".join(
        f'<row r="{r}" ht="{row_height(row):g}" customHeight="1">' + "".join(_cell(r, c, v, wrap if c in WRAPPED else top) for c, v in enumerate(row, 1))
        + "</row>"
        for r, row in enumerate(table, 1)
    )
    links = "".join(
        f'<hyperlink ref="{address(i + 1, 5)}" location={quoteattr(sheet_ref(f.sheet, f.cell))} '
        f'display={quoteattr(f.cell)}/>'
        for i, f in enumerate(findings, 1) if f.cell
    )
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(WIDTHS, 1))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{_NS_R}">'
        '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        'state="frozen"/></sheetView></sheetViews>'
        f"<cols>{cols}</cols><sheetData>{data}</sheetData>"
        f'<autoFilter ref="A1:F{len(table)}"/>'
        + (f"<hyperlinks>{links}</hyperlinks>" if links else "")
        + '<printOptions gridLines="1"/>'
        '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.7" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/>'
        f"<headerFooter><oddFooter>{FOOTER}</oddFooter></headerFooter>"
        + "</worksheet>"
    )
