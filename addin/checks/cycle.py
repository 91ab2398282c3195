"""Across the cycle: a project's 运行监控表 and 自评表 against the targets it declared (绩效目标申报表). The
forms are matched by 项目编码, else by 项目名称 + 单位 + 年度; then each declared indicator by name (renamed
ones by their 二级 and a close name), and the declared 年度资金 against the 年初预算数. Each difference is one
finding at the later form's cell that also names the declaration's cell. The same comparison runs over a
workbook (its rules below) and over a folder (:func:`folder_findings`, for `jixiao check` of several files)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from jixiao.templates.labels import norm
from jixiao.templates.model import Field, Form, IndicatorTable, MonitorGrid, TargetTable
from jixiao.udfs import JixiaoError
from jixiao.udfs import values as V

from .base import ERROR, TOLERANCE, WARNING, Finding, rule

LATER_NAMES = {"monitor": "监控表", "project": "自评表", "overall": "自评表"}
_STRIP = re.compile(r"[\s()（）\[\]【】《》“”\"'、,，.。:：;；\-—_/]")
_CODE = re.compile(r"^\[?\d+\]?")
SIMILAR = 0.5  # a renamed indicator: a close name under the same 二级


@dataclass(frozen=True)
class Row:
    """An indicator of a later form, whichever kind: what the comparison needs of it."""

    name: str
    level2: str
    target: Field
    weight: float | None
    weight_cell: str


def _rows(form: Form) -> list[Row]:
    b = form.body
    if isinstance(b, MonitorGrid):
        return [Row(m.name, m.level2, m.target, None, "") for m in b.rows]
    if isinstance(b, IndicatorTable):
        return [Row(i.name, i.level2.name, i.target, i.weight_value if i.weight.col else None, i.weight.cell)
                for i in b.indicators]
    return []


def _key(text) -> str:
    return _STRIP.sub("", norm(str(text))) if text else ""


def _unit_key(text) -> str:
    return _key(_CODE.sub("", str(text).strip())) if text else ""  # [105001]某大学 → 某大学


@dataclass(frozen=True)
class ProjectKey:
    """What tells a form's project: 项目编码, else 项目名称 + 单位 + 年度 (normalised). A worker returns these for
    a folder's later forms, not the forms: the forms are read again only for a project that was declared."""

    code: str
    name: str
    unit: str
    year: int | None


def project_key(form: Form) -> ProjectKey:
    return ProjectKey(_key(form.header_value("project_code")), _key(form.header_value("project_name")),
                      _unit_key(form.header_value("unit")), form.year)


def same_project(decl: ProjectKey, later: ProjectKey) -> bool:
    if decl.code and later.code:
        return decl.code == later.code
    if not decl.name or decl.name != later.name:
        return False
    du, lu = decl.unit, later.unit
    if du and lu and du not in lu and lu not in du:
        return False
    return decl.year is None or later.year is None or decl.year == later.year


def _same_target(a, b) -> bool:
    if V.normalize(str(a if a is not None else "")) == V.normalize(str(b if b is not None else "")):
        return True
    try:
        pa, pb = V.parse(a), V.parse(b)
    except JixiaoError:
        return False
    if isinstance(pa, V.Quantity) and isinstance(pb, V.Quantity):
        ca, cb = pa.comparator or V.EQ, pb.comparator or V.EQ
        return (ca, pa.value, pa.unit, pa.high) == (cb, pb.value, pb.unit, pb.high)
    if isinstance(pa, V.DateValue) and isinstance(pb, V.DateValue):
        return (pa.year, pa.month, pa.day) == (pb.year, pb.month, pb.day)
    return False


def _text(v) -> str:
    return "" if v is None else V.normalize(str(v))


@dataclass(frozen=True)
class Side:
    """A form and how a message names where it is (the file too, across a folder)."""

    form: Form
    file: str = ""

    def at(self, cell: str) -> str:
        where = f"{self.form.sheet}!{cell}"
        return f"{Path(self.file).name}：{where}" if self.file else where


def differences(decl: Side, later: Side) -> Iterator[Finding]:
    """Every difference between a declaration and a later form of the same project."""
    body: TargetTable = decl.form.body
    if body.blank:
        return
    form, sheet = LATER_NAMES.get(later.form.kind.id, later.form.kind.short), later.form.sheet
    base = {"form": form}
    rows = _rows(later.form)
    if rows:
        declared = list(body.indicators)
        left = list(rows)
        pairs = []
        for d in list(declared):  # the same name first
            m = next((r for r in left if _key(r.name) == _key(d.name)), None)
            if m is not None:
                pairs.append((d, m, False))
                declared.remove(d)
                left.remove(m)
        for d in list(declared):  # then a close name under the same 二级
            best = max(((SequenceMatcher(None, _key(d.name), _key(r.name)).ratio(), r) for r in left
                        if _key(r.level2) == _key(d.level2.name)), default=(0, None), key=lambda x: x[0])
            if best[1] is not None and best[0] >= SIMILAR:
                pairs.append((d, best[1], True))
                declared.remove(d)
                left.remove(best[1])
        for d, r, renamed in pairs:
            p = {**base, "name": r.name, "at": later.at(r.target.cell), "declared_at": decl.at(d.target.cell)}
            if renamed:
                yield Finding("JX133", sheet, r.target.cell, {**p, "at": later.at(r.target.cell),
                                                              "declared_name": d.name, "declared_at": decl.at(d.name_cell)})
            if not _same_target(d.target.value, r.target.value):
                yield Finding("JX134", sheet, r.target.cell, {**p, "later": _text(r.target.value),
                                                              "declared": _text(d.target.value)})
            dw = d.weight_value
            if dw is not None and r.weight is not None and abs(dw - r.weight) >= TOLERANCE:
                yield Finding("JX135", sheet, r.weight_cell, {**p, "at": later.at(r.weight_cell), "later": r.weight,
                                                              "declared": dw, "declared_at": decl.at(d.weight.cell)})
        first = rows[0].target.cell
        for d in declared:
            yield Finding("JX131", sheet, first, {**base, "name": d.name, "declared": _text(d.target.value),
                                                  "declared_at": decl.at(d.target.cell), "at": later.at(first)})
        for r in left:
            yield Finding("JX132", sheet, r.target.cell, {**base, "name": r.name, "at": later.at(r.target.cell),
                                                          "declared_sheet": decl.at("").rstrip("!")})
    yield from _amounts(decl, later, base)


def _amounts(decl: Side, later: Side, base: dict) -> Iterator[Finding]:
    body: TargetTable = decl.form.body
    funds = later.form.funds
    declared = body.year_amount
    if declared is None or funds is None or funds.figures is None or funds.budget_initial is None:
        return
    got = funds.figures.budget_initial
    if got is None:
        return
    to_wan = {u: k / 1e4 for u, k in V.MONEY_UNITS.items()}
    d, g = declared * to_wan.get(body.unit, 1.0), got * to_wan.get(funds.unit, 1.0)
    if abs(d - g) >= TOLERANCE:
        yield Finding("JX136", later.form.sheet, funds.budget_initial.cell,
                      {**base, "later": g, "declared": d, "at": later.at(funds.budget_initial.cell),
                       "declared_at": decl.at(body.year_amount_cell)})


def _pairs(sides: Iterable[Side]) -> Iterator[tuple[Side, Side]]:
    sides = list(sides)
    decls = [s for s in sides if isinstance(s.form.body, TargetTable)]
    laters = [s for s in sides if s.form.kind.id in LATER_NAMES]
    for d in decls:
        for later in laters:
            if d.file == later.file and d.file:
                continue  # within one workbook: its own rules report it
            if same_project(project_key(d.form), project_key(later.form)):
                yield d, later


def workbook_differences(wb) -> list[Finding]:
    return [f for d, later in _pairs(Side(form) for form in wb.forms) for f in differences(d, later)]


def later_files(declarations: Iterable[tuple[str, Form]], laters: Iterable[tuple[str, ProjectKey]]) -> set[str]:
    """The files whose later forms (监控表, 自评表) are of a project declared in another file."""
    keys = [(file, project_key(f)) for file, f in declarations if isinstance(f.body, TargetTable)]
    return {lf for lf, lk in laters for df, dk in keys if df != lf and same_project(dk, lk)}


def folder_findings(files: Iterable[tuple[str, Iterable[Form]]]) -> dict[str, list[Finding]]:
    """Differences between forms of different files (a declaration here, its 自评表 there): file → findings."""
    sides = [Side(form, file) for file, forms in files for form in forms]
    out: dict[str, list[Finding]] = {}
    for d, later in _pairs(sides):
        if d.file != later.file:
            out.setdefault(later.file, []).extend(differences(d, later))
    return out


def _workbook_rule(code: str, severity, title: str, message: str, advice: str, example: dict):
    @rule(code, severity, title, message, advice, bodies=(), example=example, group="跨环节")
    def check(wb, hit):
        if wb.error is None and any(isinstance(f.body, TargetTable) for f in wb.forms):
            yield from (f for f in workbook_differences(wb) if f.code == code)

    return check


_ADVICE = "绩效目标经批复后原则上不作调整；确需调整的应按程序报批，并使监控表、自评表与批复的申报表一致"
_EX = {"form": "自评表", "name": "开展活动次数", "at": "项目支出绩效自评表!F12", "declared_at": "项目A!D13"}

_workbook_rule("JX131", WARNING, "申报的指标在监控表或自评表中缺失",
               "申报表 {declared_at} 的指标“{name}”（指标值“{declared}”）在{form}（{at} 起）中没有",
               "把批复的指标补入表中；已按程序调整的请附调整批复",
               {**_EX, "declared": "≥12次"})
_workbook_rule("JX132", WARNING, "监控表或自评表新增了申报时没有的指标",
               "{form} {at} 的指标“{name}”不在申报表（{declared_sheet}）批复的指标中",
               "核对该指标是否经批复新增；未经批复的应按申报表的指标填写", {**_EX, "declared_sheet": "项目A"})
_workbook_rule("JX133", WARNING, "指标名称与申报时不同",
               "{form} {at} 的指标“{name}”与申报表 {declared_at} 的“{declared_name}”名称不同",
               "指标名称应与批复的申报表一致", {**_EX, "declared_name": "开展服务活动次数"})
_workbook_rule("JX134", ERROR, "指标值与申报时不同",
               "“{name}”：{form} {at} 的指标值“{later}”与申报表 {declared_at} 批复的“{declared}”不同", _ADVICE,
               {**_EX, "later": "≥10次", "declared": "≥12次"})
_workbook_rule("JX135", WARNING, "分值与申报时不同",
               "“{name}”：{form} {at} 的分值 {later:pt} 与申报表 {declared_at} 的 {declared:pt} 不同", _ADVICE,
               {**_EX, "later": 10.0, "declared": 15.0})
_workbook_rule("JX136", ERROR, "年初预算数与申报的年度资金不一致",
               "{form} {at} 的年初预算数 {later:amt} 万元与申报表 {declared_at} 的年度资金 {declared:amt} 万元不一致",
               "年初预算数应为批复的年度资金；预算调整的填在调整数中，并说明原因",
               {**_EX, "name": "", "at": "项目支出绩效自评表!E7", "declared_at": "项目A!B7", "later": 30.0,
                "declared": 36.0})
