"""Score recognised forms: a workbook in, plain results out (the shape `jixiao score --json` prints).

Recognition (jixiao.templates.recognize) says where each figure is; the scoring core
(jixiao.udfs) computes it under the profile the call names, the workbook stores, or the default.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.templates.grid import WorkbookData, address
from jixiao.templates.recognize import Field, Layout, NotAForm, is_blank, recognize_all
from jixiao.udfs import JixiaoError, Profile, get_profile, scoring
from jixiao.udfs.profiles import WORKBOOK_NAME, profile_from_defined_name
from jixiao.udfs.values import parse_amount

from .xlsx_reader import WorkbookReadError, read_workbook

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xltx", ".xltm")


@dataclass
class SheetResult:
    layout: Layout
    profile: Profile
    funds: dict | None = None
    indicators: list[dict] = field(default_factory=list)
    total: float | None = None
    grade: str | None = None
    extra: dict = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (cell, message) that stopped a figure

    def as_json(self) -> dict:
        out = {
            "sheet": self.layout.sheet,
            "kind": self.layout.kind,
            "kind_name": self.layout.kind_name,
            "profile": self.profile.id,
            "header": {k: _plain(f.value) for k, f in self.layout.header.items()},
            "funds": self.funds,
            "indicators": self.indicators,
            "total": self.total,
            "total_cell": self.layout.total.cell if self.layout.total else None,
            "grade": self.grade,
            "grade_cell": self.layout.grade.cell if self.layout.grade else None,
        }
        out.update(self.extra)
        if self.problems:
            out["problems"] = [{"cell": c, "message": m} for c, m in self.problems]
        return out


@dataclass
class WorkbookResult:
    file: str
    error: str | None = None
    sheets: list[SheetResult] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    data: WorkbookData | None = None

    def as_json(self) -> dict:
        return {"file": self.file, "error": self.error, "skipped": self.skipped,
                "sheets": [s.as_json() for s in self.sheets]}


def _plain(v):
    if v is None or isinstance(v, (int, float, str, bool)):
        return v
    return str(v)


def workbook_profile(data: WorkbookData) -> str | None:
    return profile_from_defined_name(data.defined_names.get(WORKBOOK_NAME))


def resolve_profile(explicit, data: WorkbookData | None) -> Profile:
    """The call's profile, else the one stored in the workbook, else the default."""
    if explicit:
        return get_profile(explicit)
    stored = workbook_profile(data) if data else None
    return get_profile(stored)


# --- per kind ------------------------------------------------------------------------------------

def _amount(f: Field | None, what: str, problems: list) -> float | None:
    if f is None:
        return None
    try:
        return parse_amount(f.value, what)
    except JixiaoError as e:
        problems.append((f.cell, str(e)))
        return None


def _weight(f: Field | None, problems: list) -> float | None:
    """A 分值 cell: 10, "10", "10分"; empty is None (the profile's weight applies)."""
    if f is None or f.value is None or (isinstance(f.value, str) and not f.value.strip()):
        return None
    try:
        return scoring.weight_of(f.value)
    except JixiaoError as e:
        problems.append((f.cell, str(e)))
        return None


def _points(f: Field | None, what: str, problems: list) -> float | None:
    """A stated score: 9.5, "9.5", "9.5分"."""
    if f is None:
        return None
    try:
        return scoring.points_of(f.value, what)
    except JixiaoError as e:
        problems.append((f.cell, str(e)))
        return None


def _score_funds(layout: Layout, p: Profile, res: SheetResult) -> None:
    f = layout.funds
    if not f:
        return
    probs = res.problems
    budget_initial = _amount(f.get("budget_initial"), "年初预算数", probs)
    budget = _amount(f.get("budget"), "全年预算数", probs)
    spent = _amount(f.get("spent"), "全年执行数", probs)
    # a funds block with neither 分值 nor 得分 does not score the rate (its indicators carry all 100 points)
    scored = "weight" in f or "score" in f
    weight = _weight(f.get("weight"), probs)
    weight = p.rate_weight if weight is None and scored else weight
    rate = score = None
    try:
        if budget is not None and spent is not None:
            rate = scoring.rate(spent, budget, p)
            score = scoring.rate_score(rate, weight, p) if scored else None
    except JixiaoError as e:
        probs.append((f["budget"].cell, str(e)))
    res.funds = {
        "budget_initial": budget_initial, "budget": budget, "spent": spent, "rate": rate,
        "weight": weight, "score": score,
        "cell": f["score"].cell if "score" in f else None,
        "rate_cell": f["rate"].cell if "rate" in f else None,
    }


def _score_indicators(layout: Layout, p: Profile, res: SheetResult) -> None:
    for ind in layout.indicators:
        row = {
            "cell": ind.score.cell if ind.score else address(ind.row, ind.weight.col + 1),
            "level1": ind.level1, "level2": ind.level2, "name": ind.name,
            "target": _plain(ind.target.value), "actual": _plain(ind.actual.value),
            "weight": None, "completion": None, "score": None,
        }
        try:
            row["weight"] = scoring.weight_of(ind.weight.value)
        except JixiaoError as e:
            row["error"] = f"{ind.weight.cell}：{e}"
            res.indicators.append(row)
            continue
        try:
            direction = ind.direction if ind.direction in ("正向", "反向", "等于") else None
            r = scoring.score_indicator(ind.target.value, ind.actual.value, row["weight"], p, direction,
                                        level1=ind.level1, level2=ind.level2)
            row["score"] = r.score
            row["completion"] = None if r.completion is None else round(r.completion, 4)
            if r.notes:
                row["notes"] = list(r.notes)
        except JixiaoError as e:
            row["error"] = str(e)
        res.indicators.append(row)


def _score_indicator_form(layout: Layout, p: Profile, res: SheetResult) -> None:
    _score_funds(layout, p, res)
    _score_indicators(layout, p, res)
    parts = [i["score"] for i in res.indicators]
    if res.funds is not None and res.funds["weight"] is not None:  # the rate is scored on this form
        parts.append(res.funds["score"])
    if res.indicators and None not in parts:  # an unfilled form has no total yet
        res.total = scoring.total(parts, p)
        res.grade = scoring.grade(res.total, p)


def _score_basic_data(layout: Layout, p: Profile, res: SheetResult) -> None:
    staff = layout.extra["staff"]
    probs = res.problems
    quota = _amount(staff["quota"], "编制数", probs)
    actual = _amount(staff["actual"], "实际在职人数", probs)
    control = None
    if quota and actual is not None:
        control = round(actual / quota, 4)
    fc = layout.extra.get("funds_control", {"columns": [], "rows": []})
    rows = []
    for r in fc["rows"]:
        vals = {}
        for col, f in r["values"].items():
            vals[col] = _amount(f, r["label"], probs)
        rows.append({"label": r["label"], "values": vals,
                     "cells": {col: f.cell for col, f in r["values"].items()}})
    res.extra["basic"] = {
        "staff_quota": quota, "staff_actual": actual, "control_rate": control,
        "control_rate_cell": staff["control_rate"].cell if "control_rate" in staff else None,
        "columns": fc["columns"], "funds_control": rows,
    }


def _score_monitor(layout: Layout, p: Profile, res: SheetResult) -> None:
    f = layout.extra["monitor_funds"]
    probs = res.problems
    initial = _amount(f.get("budget_initial"), "年初预算数", probs)
    adjust = _amount(f.get("budget_adjust"), "年中预算调整数", probs) or 0.0
    spent = _amount(f.get("h1_spent"), "1-6月执行数", probs)
    budget = None if initial is None else round(initial + adjust, 2)
    rate = None
    if budget and spent is not None:
        rate = scoring.rate(spent, budget, p)
    elif initial is not None and spent is not None:
        probs.append((f["budget_initial"].cell, "年初预算数与年中调整数之和为 0，无法计算 1-6月执行率"))
    res.funds = {"budget_initial": initial, "budget_adjust": adjust, "budget": budget, "spent": spent,
                 "rate": rate, "weight": None, "score": None, "cell": None,
                 "rate_cell": f["h1_rate"].cell if "h1_rate" in f else None}
    res.extra["monitor_indicators"] = [_monitor_row(m, p) for m in layout.extra.get("monitor_indicators", [])]


def _monitor_row(m: dict, p: Profile) -> dict:
    """One 监控表 indicator as plain values, with whether 全年预计完成情况 meets 年度指标值 (None when it
    cannot be told: text, dates, or nothing forecast)."""
    met = None
    if not is_blank(m["forecast"].value):
        try:
            direction = m["direction"] if m["direction"] in ("正向", "反向", "等于") else None
            r = scoring.score_indicator(m["target"].value, m["forecast"].value, 100, p, direction,
                                        level1=m["level1"], level2=m["level2"])
            met = None if r.method.startswith("qualitative") else r.score >= 100
        except JixiaoError:
            met = None
    f = m["cause_note"]
    return {"row": m["row"], "level1": m["level1"], "level2": m["level2"], "name": m["name"], "type": m["type"],
            "target": _plain(m["target"].value), "h1": _plain(m["h1"].value), "forecast": _plain(m["forecast"].value),
            "forecast_cell": m["forecast"].cell, "forecast_met": met, "causes": m["causes"],
            "cause_note": _plain(f.value) if f else None,
            "remark": _plain(m["remark"].value) if m["remark"] else None,
            "can_complete": m["can_complete"], "can_complete_cell": m["can_complete_cell"],
            "both_ticked": m["both_ticked"]}


def project_average(sheets: list[SheetResult]) -> float | None:
    totals = [s.total for s in sheets if s.layout.kind == "project" and s.total is not None]
    return sum(totals) / len(totals) if totals else None


def _score_assessment(layout: Layout, p: Profile, res: SheetResult, avg: float | None) -> None:
    """考核内容表: sections (一、二、…) total their items; 项目评价 = 所有项目平均得分 × 80%."""
    if layout.extra.get("style") == "levels":
        _score_levels_sheet(layout, p, res)
        return
    probs = res.problems
    sections: list[dict] = []
    for it in layout.extra["items"]:
        weight = _weight(it["weight"], probs)
        stated = _points(it["self"], "自评分数", probs)
        std = it["standard"].value if it["standard"] else None
        is_section = it["content"][:2] in {f"{n}、" for n in "一二三四五六七八九十"}
        score = stated
        share = _share(std)
        if share is not None and avg is not None:
            score = round(avg * share, 2)
        entry = {"cell": it["self"].cell, "level1": "", "level2": "", "name": it["content"],
                 "target": _plain(std), "actual": None, "weight": weight, "completion": None,
                 "score": score, "stated": stated}
        if is_section:
            entry["items"] = []
            sections.append(entry)
        elif sections:
            entry["level1"] = sections[-1]["name"]
            sections[-1]["items"].append(entry)
        else:
            sections.append(entry)
    rows = []
    for s in sections:
        items = s.pop("items", [])
        if items and all(i["score"] is not None for i in items):
            s["score"] = scoring.total([i["score"] for i in items], p)
        rows.append(s)
        rows.extend(items)
    res.indicators = rows
    top = [s["score"] for s in sections]
    if top and None not in top:
        res.total = scoring.total(top, p)
        res.grade = scoring.grade(res.total, p)
    res.extra["project_average"] = avg


def _score_levels_sheet(layout: Layout, p: Profile, res: SheetResult) -> None:
    """评价指标体系 score sheet: each 一级指标 totals the 自评得分 of its rows, the sheet totals the groups.
    A group row carries what its label claims (投入(20分)) and what its rows are worth."""
    probs = res.problems
    groups: dict[str, dict] = {}
    rows = []
    for it in layout.extra["items"]:
        l1, claimed, l1_cell = it["level1"]
        weight = _weight(it["weight"], probs)
        stated = _points(it["self"], "自评得分", probs)
        row = {"cell": it["self"].cell, "level1": l1, "level2": it["level2"][0], "name": it["content"],
               "target": _plain(it["standard"].value) if it["standard"] else None, "actual": None,
               "weight": weight, "completion": None, "score": stated, "stated": stated}
        if l1 and l1 not in groups:
            groups[l1] = {"cell": None, "label_cell": l1_cell, "level1": "", "level2": "", "name": l1,
                          "target": None, "actual": None, "weight": claimed, "completion": None, "score": None,
                          "stated": None, "items": []}
            rows.append(groups[l1])
        (groups[l1]["items"] if l1 else rows).append(row)
    out = []
    for r in rows:
        items = r.pop("items", None)
        out.append(r)
        if items is None:
            continue
        out.extend(items)
        worth = [i["weight"] for i in items]
        r["items_weight"] = scoring.total(worth, p) if None not in worth else None
        if r["weight"] is None:
            r["weight"] = r["items_weight"]
        if all(i["score"] is not None for i in items):
            r["score"] = scoring.total([i["score"] for i in items], p)
    res.indicators = out
    top = [r["score"] for r in out if not r["level1"]]
    if top and None not in top:
        res.total = scoring.total(top, p)
        res.grade = scoring.grade(res.total, p)


def _share(standard) -> float | None:
    """"所有项目平均得分×80%" → 0.8."""
    if not isinstance(standard, str) or "平均" not in standard:
        return None
    m = re.search(r"[×xX*]\s*(\d+(?:\.\d+)?)\s*%", standard)
    return float(m.group(1)) / 100 if m else None


# --- workbook level ------------------------------------------------------------------------------

def analyze_data(data: WorkbookData, profile=None) -> WorkbookResult:
    res = WorkbookResult(file=data.path, data=data)
    p = resolve_profile(profile, data)
    for note in data.notes:
        res.skipped.append({"sheet": "", "reason": note})
    pending_assessment = []
    for grid in data.sheets:
        try:
            layouts = recognize_all(grid)
        except NotAForm as e:
            res.skipped.append({"sheet": grid.name, "reason": str(e)})
            continue
        for layout in layouts:
            sr = SheetResult(layout=layout, profile=p)
            if layout.kind in ("project", "overall"):
                _score_indicator_form(layout, p, sr)
            elif layout.kind == "basic_data":
                _score_basic_data(layout, p, sr)
            elif layout.kind == "monitor":
                _score_monitor(layout, p, sr)
            else:
                pending_assessment.append(sr)
            res.sheets.append(sr)
    avg = project_average(res.sheets)
    for sr in pending_assessment:
        _score_assessment(sr.layout, p, sr, avg)
    return res


def analyze_file(path: str | os.PathLike, profile=None) -> WorkbookResult:
    try:
        data = read_workbook(path)
    except WorkbookReadError as e:
        return WorkbookResult(file=str(path), error=str(e))
    return analyze_data(data, profile)


REPORT_SUFFIX = "_校验结果"  # `check --report-sheet` writes its copy beside the original under this name


def expand_paths(paths) -> list[Path]:
    """Files as given; folders searched recursively for workbooks. Skipped there: Excel's ~$ lock files and
    the 校验结果 copies `check --report-sheet` leaves beside each original (the same form twice)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*")
                              if f.is_file() and f.suffix.lower() in WORKBOOK_SUFFIXES
                              and not f.name.startswith("~$") and not f.stem.endswith(REPORT_SUFFIX)))
        else:
            out.append(p)
    return out
