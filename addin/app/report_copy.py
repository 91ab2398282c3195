"""A copy of the workbook with a 校验结果 sheet (or the sheet refreshed in place for the ribbon).

The sheet is added at the package level — a new worksheet part, its relationship, content type and
<sheet> entry, each through its part's module in :mod:`jixiao.addin.ooxml` — so the copy keeps everything
the original has: charts, images, VBA, validation.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from jixiao.udfs.errors import InputError

from ..ooxml import content_types as CT
from ..ooxml import rels as R
from ..ooxml import workbook as W
from ..ooxml.package import Package, write_package
from ..ooxml.styles import StyleSheet
from ..render.report_sheet import PRINT_TITLES, REPORT_SHEET, report_sheet_xml, sheet_ref
from .pipeline import REPORT_SUFFIX

PART = "xl/worksheets/jixiao_report.xml"


def add_report_sheet(src, dst, findings) -> None:
    """Write ``dst``: ``src`` plus (or with a refreshed) 校验结果 sheet. Every other part is copied."""
    with Package(src) as pkg:
        infos, parts = pkg.infos, pkg.read_all()
    wb_part = W.locate(parts.get("_rels/.rels"))
    rels_part = R.rels_part(wb_part)
    info = W.read_info(wb_part, parts[wb_part], parts.get(rels_part))
    existing = info.sheet(REPORT_SHEET)
    extra = ()
    if existing is not None and existing.part:  # an earlier report in this copy: its part is replaced
        part = existing.part
    else:
        part = PART
        rid = R.free_id(list(info.rels))
        target = posixpath.relpath(PART, posixpath.dirname(wb_part))
        parts[wb_part] = W.add_sheet(parts[wb_part], REPORT_SHEET, rid)
        parts[rels_part] = R.add(parts.get(rels_part), rid, R.WORKSHEET, target)
        parts[CT.PART] = CT.add_override(parts[CT.PART], PART, CT.WORKSHEET)
        known = {i.filename for i in infos}
        extra = tuple(p for p in (PART, rels_part) if p not in known)
    st_part = info.related("/styles")
    top = wrap = None
    if st_part and st_part in parts:  # the cell formats the sheet prints with, appended to the workbook's own
        styles = StyleSheet(parts[st_part])
        top, wrap = styles.with_alignment(0, vertical="top"), styles.with_alignment(0, vertical="top", wrapText="1")
        if styles.changed:
            parts[st_part] = styles.to_bytes()
    parts[part] = report_sheet_xml(findings, top, wrap).encode("utf-8")
    index = next(i for i, s in enumerate(W.read_info(wb_part, parts[wb_part], parts.get(rels_part)).sheets)
                 if s.name == REPORT_SHEET)
    parts[wb_part] = W.set_defined_name(parts[wb_part], "_xlnm.Print_Titles",
                                        sheet_ref(REPORT_SHEET, PRINT_TITLES), local_sheet=index)
    write_package(dst, infos, parts, extra=extra)


def write_report_copy(path, findings, out=None) -> str:
    path = Path(path)
    if path.suffix.lower() == ".xls":
        raise InputError("{name} 是 .xls 旧格式，无法附加校验结果工作表；请先另存为 .xlsx", file=path.name)
    out = Path(out) if out else path.with_name(f"{path.stem}{REPORT_SUFFIX}{path.suffix}")
    add_report_sheet(path, out, findings)
    return str(out)
