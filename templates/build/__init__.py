"""Lay a spec out as a ready-to-fill workbook: labels, merges, borders, 宋体, widths, A4 print setup,
dropdowns, notes, input cells marked, computed cells protected and carrying native formulas.

Native formulas cover what Excel can compute by itself (执行率, 执行率得分, 分值合计, 总分, 等级, 控制率,
三公经费, the monitored period's 执行率, the 考核表's sections), so a template works without the add-in
and in WPS. One module per form family; :func:`new_workbook` picks the writer for a spec.
"""

from __future__ import annotations

from jixiao.udfs import get_profile
from jixiao.udfs.errors import InputError
from jixiao.udfs.profiles import WORKBOOK_NAME, workbook_ref
from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName

from ..specs import SPECS, AssessmentSpec, BasicDataSpec, FormSpec, MonitorSpec, ProjectFormSpec
from .assessment import write_assessment
from .basic_data import write_basic_data
from .common import default_year
from .monitor import write_monitor
from .project_form import PROJECT_COLUMNS, write_project_form

BASIC_ROWS = SPECS["basic_data"].rows
ASSESSMENT_ROWS = tuple((r.content, r.weight, r.standard) for r in SPECS["assessment"].rows)
PER_PROJECT = (ProjectFormSpec, MonitorSpec)  # the forms --projects makes one sheet each of

__all__ = ["ASSESSMENT_ROWS", "BASIC_ROWS", "PROJECT_COLUMNS", "default_year", "list_templates", "new_workbook",
           "write_project_form"]


def list_templates() -> list[tuple[str, str]]:
    return [(s.id, s.title + ("（新疆）" if s.profile == "xinjiang" else "")) for s in SPECS.values()]


SHEET_NAME_MAX = 31  # Excel's limit, in characters
_NOT_IN_SHEET_NAMES = set("[]:*?/\\")
_RESERVED = "history"  # Excel keeps it for the change history


def sheet_title(name: str, i: int, taken) -> str:
    """A sheet name Excel accepts for a project's name: at most 31 characters, none of []:*?/\\ or control
    characters, no apostrophe at either end, not "History", unique ignoring case (``taken``: names in use).
    Empty after that: 项目{i}."""
    title = "".join(ch for ch in name if ch not in _NOT_IN_SHEET_NAMES and ch.isprintable()).strip()
    title = title.strip("'").strip()[:SHEET_NAME_MAX].rstrip("'").strip()
    if not title or title.lower() == _RESERVED:
        title = f"{title}_{i}" if title else f"项目{i}"
    used = {t.lower() for t in taken}
    base, n = title, i
    while title.lower() in used:  # "甲_2" may be a project's own name: count on until free
        tail = f"_{n}"
        title = base[:SHEET_NAME_MAX - len(tail)].rstrip("'") + tail
        n += 1
    return title


def new_workbook(template_id: str | ProjectFormSpec | FormSpec, out, profile: str | None = None,
                 projects: list[dict] | None = None, year: int | None = None) -> list[dict]:
    """A workbook from a template id (or a spec of one's own, e.g. the official layout without group points)."""
    if isinstance(template_id, str) and template_id not in SPECS:
        known = "、".join(SPECS)
        raise InputError("未知的模板“{template_id}”，可选：{known}", template_id=template_id, known=known)
    spec = SPECS[template_id] if isinstance(template_id, str) else template_id
    profile = get_profile(profile or spec.profile)
    year = year or default_year(spec.kind)
    wb = Workbook()
    wb.remove(wb.active)
    wheres = []
    if projects is not None and not isinstance(spec, PER_PROJECT):
        raise InputError("“{title}”不按项目分表：--projects 只用于项目支出自评表、部门整体自评表和监控表", title=spec.title)
    for i, proj in enumerate([{}] if projects is None else projects, 1):
        ws = wb.create_sheet(sheet_title(str(proj.get("项目名称") or spec.title), i, wb.sheetnames))
        if isinstance(spec, MonitorSpec):
            wheres.append(write_monitor(ws, spec, year, project=proj, profile=profile))
        elif isinstance(spec, BasicDataSpec):
            wheres.append(write_basic_data(ws, spec, year))
        elif isinstance(spec, AssessmentSpec):
            wheres.append(write_assessment(ws, spec, year))
        else:
            wheres.append(write_project_form(ws, spec, {"年度": year, **proj}, profile))
    wb.defined_names[WORKBOOK_NAME] = DefinedName(WORKBOOK_NAME, attr_text=f'"{workbook_ref(profile)}"')
    if hasattr(out, "write"):
        wb.save(out)
    else:  # the project's one atomic writer: a full disk leaves the file it would replace as it was
        from jixiao.addin.ooxml.package import atomic_write

        atomic_write(out, wb.save)
    return wheres
