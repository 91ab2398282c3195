"""A copy of the workbook with a 校验结果 sheet whose rows link to each finding's cell.

The sheet is added at the package level (a new worksheet part, its relationship, content type and
<sheet> entry), so the copy keeps everything the original has: charts, images, VBA, validation.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from jixiao.templates.grid import address

from .engine import REPORT_SUFFIX
from .package import read_parts, write_parts

REPORT_SHEET = "校验结果"
PART = "xl/worksheets/jixiao_report.xml"
_WS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_REL_WS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEAD = ("序号", "级别", "代码", "工作表", "单元格", "问题与修改建议")
WIDTHS = (6, 8, 8, 16, 10, 90)


def _cell(r: int, c: int, v) -> str:
    ref = address(r, c)
    if isinstance(v, (int, float)):
        return f'<c r="{ref}"><v>{v}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(v))}</t></is></c>'


def _sheet_ref(sheet: str, cell: str) -> str:
    return "'" + sheet.replace("'", "''") + "'!" + cell


def report_sheet_xml(findings) -> str:
    rows = [HEAD] + [
        (i, "错误" if f.severity == "error" else "提示", f.code, f.sheet, f.cell, f.message)
        for i, f in enumerate(findings, 1)
    ]
    if not findings:
        rows.append(("", "", "", "", "", "未发现问题"))
    data = "".join(
        f'<row r="{r}">' + "".join(_cell(r, c, v) for c, v in enumerate(row, 1)) + "</row>"
        for r, row in enumerate(rows, 1)
    )
    links = "".join(
        f'<hyperlink ref="{address(i + 1, 5)}" location={quoteattr(_sheet_ref(f.sheet, f.cell))} '
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
        f'<autoFilter ref="A1:F{len(rows)}"/>'
        + (f"<hyperlinks>{links}</hyperlinks>" if links else "")
        + "</worksheet>"
    )


def _add_sheet_entries(parts: dict[str, bytes], wb_path: str, rels_path: str) -> None:
    wb = parts[wb_path].decode("utf-8")
    rels = parts[rels_path].decode("utf-8")
    ct = parts["[Content_Types].xml"].decode("utf-8")
    existing = re.search(r'<(\w+:)?sheet\b[^>]*\bname="' + re.escape(REPORT_SHEET) + '"', wb)
    if existing:  # an earlier report in this copy: its part is simply replaced
        return
    ids = {int(x) for x in re.findall(r'sheetId="(\d+)"', wb)}
    rid = "rIdJixiaoReport"
    # declare the namespace on the element itself: writers put xmlns:r on the root or on each <sheet>
    rattr = f'xmlns:jxr="{_NS_R}" jxr:id="{rid}"'
    prefix = re.search(r"<(\w+:)?sheets\b", wb).group(1) or ""
    entry = f'<{prefix}sheet name="{REPORT_SHEET}" sheetId="{max(ids, default=0) + 1}" {rattr}/>'
    wb = wb.replace(f"</{prefix}sheets>", entry + f"</{prefix}sheets>", 1)
    target = PART.split("xl/", 1)[1]
    rels = rels.replace("</Relationships>",
                        f'<Relationship Id="{rid}" Type="{_REL_WS}" Target="{target}"/></Relationships>', 1)
    ct = ct.replace("</Types>", f'<Override PartName="/{PART}" ContentType="{_WS_TYPE}"/></Types>', 1)
    parts[wb_path], parts[rels_path] = wb.encode("utf-8"), rels.encode("utf-8")
    parts["[Content_Types].xml"] = ct.encode("utf-8")


def add_report_sheet(src, dst, findings) -> None:
    """Write ``dst``: ``src`` plus (or with a refreshed) 校验结果 sheet. Every other part is copied."""
    infos, parts = read_parts(src)
    wb_path = "xl/workbook.xml"
    rels_path = "xl/_rels/workbook.xml.rels"
    existing_target = None
    m = re.search(r'<(?:\w+:)?sheet\b[^>]*\bname="' + re.escape(REPORT_SHEET) + r'"[^>]*?\bid="(\w+)"',
                  parts[wb_path].decode("utf-8"))
    if m:
        rel = re.search(r'<Relationship\b[^>]*\bId="' + m.group(1) + r'"[^>]*\bTarget="([^"]+)"',
                        parts[rels_path].decode("utf-8"))
        if rel:
            existing_target = "xl/" + rel.group(1).lstrip("/").removeprefix("xl/")
    _add_sheet_entries(parts, wb_path, rels_path)
    parts[existing_target or PART] = report_sheet_xml(findings).encode("utf-8")
    new = () if existing_target or PART in {i.filename for i in infos} else (PART,)
    write_parts(dst, infos, parts, extra=new)


def write_report_copy(path, findings, out=None) -> str:
    path = Path(path)
    if path.suffix.lower() == ".xls":
        raise ValueError(f"{path.name} 是 .xls 旧格式，无法附加校验结果工作表；请先另存为 .xlsx")
    out = Path(out) if out else path.with_name(f"{path.stem}{REPORT_SUFFIX}{path.suffix}")
    add_report_sheet(path, out, findings)
    return str(out)
