"""Workbooks in the form Excel stores them after a user typed JX_ functions with the add-in loaded.

Excel writes an add-in function in a cell as ``[1]!JX_SCORE(…)`` (the ``[1]`` an index into the workbook's
``<externalReferences>``) with its last result as the cached ``<v>``, and one externalLink part per
referenced file: ``<externalBook r:id=…>`` listing the names used (``<definedName name="JX_SCORE"/>``),
whose relationship ``…/externalLinkPath`` (TargetMode External) holds the add-in's path on the PC that
saved it, e.g. ``file:///C:\\Users\\张三\\AppData\\Roaming\\Microsoft\\Excel\\XLSTART\\jixiao.xlam``.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_LINK = f"{NS_R}/externalLink"
REL_PATH = f"{NS_R}/externalLinkPath"
CT_LINK = "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"
ZHANG_XLSTART = "file:///C:\\Users\\张三\\AppData\\Roaming\\Microsoft\\Excel\\XLSTART\\jixiao.xlam"


def _link_xml(names=(), sheets=(), values=None) -> str:
    body = ""
    if sheets:
        body += "<sheetNames>" + "".join(f"<sheetName val={quoteattr(s)}/>" for s in sheets) + "</sheetNames>"
    if names:
        body += "<definedNames>" + "".join(f"<definedName name={quoteattr(n)}/>" for n in names) + "</definedNames>"
    if values:
        body += "<sheetDataSet>" + "".join(
            f'<sheetData sheetId="{i}">' + "".join(
                f'<row r="{re.sub(r"[A-Z]+", "", ref)}"><cell r="{ref}"><v>{v}</v></cell></row>'
                for ref, v in cells.items()) + "</sheetData>"
            for i, cells in enumerate(values)) + "</sheetDataSet>"
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<externalLink xmlns="{NS_MAIN}" '
            f'xmlns:r="{NS_R}"><externalBook r:id="rId1">{body}</externalBook></externalLink>')


def _link_rels(target: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL_PATH}" '
            f'Target={quoteattr(target)} TargetMode="External"/></Relationships>')


def store_as_excel(src: Path, dst: Path, formulas: dict[str, str], sheet_part: str = "xl/worksheets/sheet1.xml",
                   other_book: str | None = None) -> None:
    """Copy ``src`` to ``dst`` with ``formulas`` ({cell: formula text, ``[1]!JX_…``}) put into cells of
    ``sheet_part`` that hold a value (kept as the cached result), and the externalLink parts Excel writes:
    link 1 to jixiao.xlam in 张三's XLSTART; with ``other_book``, link 2 to that workbook (its Sheet1!A1 = 5)."""
    with zipfile.ZipFile(src) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    sheet = parts[sheet_part].decode("utf-8")
    for ref, formula in formulas.items():
        pat = re.compile(rf'(<c r="{ref}"(?: [^>]*)?>)(<v>)')
        sheet, n = pat.subn(lambda m, f=formula: m.group(1) + f"<f>{escape(f)}</f>" + m.group(2), sheet, count=1)
        assert n == 1, f"{ref} has no value to keep as the cached result"
    parts[sheet_part] = sheet.encode("utf-8")
    names = sorted({m for f in formulas.values() for m in re.findall(r"\[1\]!(JX_\w+)", f)})
    links = [("xl/externalLinks/externalLink1.xml", _link_xml(names=names), ZHANG_XLSTART)]
    if other_book:
        links.append(("xl/externalLinks/externalLink2.xml",
                      _link_xml(sheets=["Sheet1"], values=[{"A1": 5}]), other_book))
    rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8")
    wb = parts["xl/workbook.xml"].decode("utf-8")
    ct = parts["[Content_Types].xml"].decode("utf-8")
    refs = ""
    for k, (part, xml, target) in enumerate(links, 1):
        parts[part] = xml.encode("utf-8")
        parts[part.replace("externalLinks/", "externalLinks/_rels/") + ".rels"] = _link_rels(target).encode("utf-8")
        rels = rels.replace("</Relationships>", f'<Relationship Id="rIdLink{k}" Type="{REL_LINK}" '
                            f'Target="externalLinks/externalLink{k}.xml"/></Relationships>')
        ct = ct.replace("</Types>", f'<Override PartName="/{part}" ContentType="{CT_LINK}"/></Types>')
        refs += f'<externalReference r:id="rIdLink{k}"/>'
    wb = re.sub(r"(</sheets>)", rf"\1<externalReferences>{refs}</externalReferences>", wb, count=1)
    parts["xl/_rels/workbook.xml.rels"] = rels.encode("utf-8")
    parts["xl/workbook.xml"] = wb.encode("utf-8")
    parts["[Content_Types].xml"] = ct.encode("utf-8")
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
