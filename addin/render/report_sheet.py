"""The 校验结果 sheet as values: one row per finding (its message rendered), its cell a link to the cell it is
about, the widths and heights it prints with. :mod:`jixiao.addin.ooxml.table_sheet` writes it into a workbook."""

from __future__ import annotations

from jixiao.addin.ooxml.grid import address

from . import findings as F

REPORT_SHEET = "校验结果"
HEAD = ("序号", "级别", "代码", "工作表", "单元格", "问题与修改建议")
WIDTHS = (6, 6, 8, 18, 9, 70)  # 117 characters: A4 landscape at about 90 % (fit to width)
WRAPPED = (4, 6)  # 工作表, 问题与修改建议: wrapped, never cut at the column's edge
# printed: file name left, sheet centre, page of pages right (Excel's header/footer codes)
FOOTER = "&L&F&C&A&R第 &P 页，共 &N 页"
PRINT_TITLES = "$1:$1"  # the head row on every page (the _xlnm.Print_Titles defined name)


def rows(findings) -> list[tuple]:
    """The sheet's rows as values (also what the live add-in writes through xlwings)."""
    return [HEAD] + [(i, f.severity.label, f.code, f.sheet, f.cell, F.message(f)) for i, f in enumerate(findings, 1)]


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
        room = max(int((WIDTHS[c - 1] - 2) * 0.9), 1)  # a cell's padding; CJK glyphs print a little wider than 2 units
        lines = max(lines, sum(-(-max(_units(part), 1) // room) for part in text.split("\n")))
    return lines * LINE_PT + 4  # and the cell's own top and bottom padding


def sheet_ref(sheet: str, cell: str) -> str:
    return "'" + sheet.replace("'", "''") + "'!" + cell


def links(findings) -> list[tuple[str, str, str]]:
    """(cell of the row's 单元格 column, where it leads, what it shows) for each finding that has a cell."""
    return [(address(i + 1, 5), sheet_ref(f.sheet, f.cell), f.cell) for i, f in enumerate(findings, 1) if f.cell]


def table(findings) -> tuple[list[tuple], list[float]]:
    """The sheet's rows (a line saying so when there is no finding) and each row's height."""
    body = rows(findings)
    if not findings:
        body.append(("", "", "", "", "", "未发现问题"))
    return body, [row_height(r) for r in body]
