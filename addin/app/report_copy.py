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
from ..render.report_sheet import REPORT_SHEET, report_sheet_xml
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
    parts[part] = report_sheet_xml(findings).encode("utf-8")
    write_package(dst, infos, parts, extra=extra)


def write_report_copy(path, findings, out=None) -> str:
    path = Path(path)
    if path.suffix.lower() == ".xls":
        raise InputError("{name} 是 .xls 旧格式，无法附加校验结果工作表；请先另存为 .xlsx", file=path.name)
    out = Path(out) if out else path.with_name(f"{path.stem}{REPORT_SUFFIX}{path.suffix}")
    add_report_sheet(path, out, findings)
    return str(out)
