"""The 校验结果 sheet: one row per finding, its cell a link to the cell it is about."""

from __future__ import annotations

from jixiao.templates.grid import address

from ..ooxml.xmlsafe import escape, quoteattr
from . import findings as F

REPORT_SHEET = "校验结果"
HEAD = ("序号", "级别", "代码", "工作表", "单元格", "问题与修改建议")
WIDTHS = (6, 8, 8, 16, 10, 90)
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def rows(findings) -> list[tuple]:
    """The sheet's rows as values (also what the live add-in writes through xlwings)."""
    return [HEAD] + [(i, f.severity.label, f.code, f.sheet, f.cell, F.message(f)) for i, f in enumerate(findings, 1)]


def _cell(r: int, c: int, v) -> str:
    ref = address(r, c)
    if isinstance(v, (int, float)):
        return f'<c r="{ref}"><v>{v}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(v))}</t></is></c>'


def sheet_ref(sheet: str, cell: str) -> str:
    return "'" + sheet.replace("'", "''") + "'!" + cell


def report_sheet_xml(findings) -> str:
    table = rows(findings)
    if not findings:
        table.append(("", "", "", "", "", "未发现问题"))
    data = "".join(
        f'<row r="{r}">' + "".join(_cell(r, c, v) for c, v in enumerate(row, 1)) + "</row>"
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
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        'state="frozen"/></sheetView></sheetViews>'
        f"<cols>{cols}</cols><sheetData>{data}</sheetData>"
        f'<autoFilter ref="A1:F{len(table)}"/>'
        + (f"<hyperlinks>{links}</hyperlinks>" if links else "")
        + "</worksheet>"
    )
