"""A copy of the workbook with a 校验结果 sheet (or the sheet refreshed in place for the ribbon).

The sheet is added at the package level — a new worksheet part, its relationship, content type and
<sheet> entry, each through its part's module in :mod:`jixiao.addin.ooxml` — so the copy keeps everything
the original has: charts, images, VBA, validation. A sheet of the user's that happens to be called 校验结果
is never overwritten: ours is recognised by its part, not by its name.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from jixiao.udfs.errors import InputError

from ..ooxml import content_types as CT
from ..ooxml import rels as R
from ..ooxml import workbook as W
from ..ooxml.package import Package, content_suffix, fit_name, write_package
from ..ooxml.styles import StyleSheet
from ..ooxml.table_sheet import Table, table_sheet_xml
from ..render import report_sheet as RS
from ..render.report_sheet import PRINT_TITLES, REPORT_SHEET, sheet_ref
from .pipeline import REPORT_SUFFIX

PART = "xl/worksheets/jixiao_report.xml"


def report_sheet_name(info: W.WorkbookInfo) -> tuple[str, W.SheetEntry | None]:
    """Where the findings go: our own sheet (the one whose part is ours) is refreshed, whatever its name; a
    user's sheet called 校验结果 is never touched — ours is then 校验结果_jixiao (or _jixiao2 …)."""
    ours = next((s for s in info.sheets if s.part == PART), None)
    if ours is not None:
        return ours.name, ours
    taken = {s.name.lower() for s in info.sheets}
    name, n = REPORT_SHEET, 1
    while name.lower() in taken:
        name = f"{REPORT_SHEET}_jixiao" + (str(n) if n > 1 else "")
        n += 1
    return name, None


def add_report_sheet(src, dst, findings) -> str:
    """Write ``dst``: ``src`` plus (or with a refreshed) 校验结果 sheet; returns the sheet's name. Every other
    part is copied."""
    with Package(src) as pkg:
        infos, parts = pkg.infos, pkg.read_all()
    wb_part = W.locate(parts.get("_rels/.rels"))
    rels_part = R.rels_part(wb_part)
    info = W.read_info(wb_part, parts[wb_part], parts.get(rels_part))
    name, existing = report_sheet_name(info)
    extra = ()
    if existing is None:
        rid = R.free_id(list(info.rels))
        target = posixpath.relpath(PART, posixpath.dirname(wb_part))
        parts[wb_part] = W.add_sheet(parts[wb_part], name, rid)
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
    part = existing.part if existing is not None else PART
    rows, heights = RS.table(findings)
    sheet = Table(rows, RS.WIDTHS, heights, RS.WRAPPED, RS.links(findings), RS.FOOTER, top, wrap)
    parts[part] = table_sheet_xml(sheet).encode("utf-8")
    index = next(i for i, s in enumerate(W.read_info(wb_part, parts[wb_part], parts.get(rels_part)).sheets)
                 if s.name == name)
    parts[wb_part] = W.set_defined_name(parts[wb_part], "_xlnm.Print_Titles",
                                        sheet_ref(name, PRINT_TITLES), local_sheet=index)
    write_package(dst, infos, parts, extra=extra)
    return name


def copy_path(path: Path) -> Path:
    """Where `check --report-sheet` puts the copy: 原名_校验结果 beside it, with the extension its content
    calls for (a macro workbook stays .xlsm), the name cut to fit the file system."""
    suffix = content_suffix(path) or path.suffix
    return fit_name(path.with_name(f"{path.stem}{REPORT_SUFFIX}{suffix}"))


def write_report_copy(path, findings, out=None) -> str:
    path = Path(path)
    if path.suffix.lower() == ".xls":
        raise InputError("{file} 是 .xls 旧格式，无法附加校验结果工作表；请先另存为 .xlsx", file=path.name)
    out = Path(out) if out else copy_path(path)
    add_report_sheet(path, out, findings)
    return str(out)
