"""A folder of submissions into one summary workbook (`jixiao summarize`, the ribbon's 汇总文件夹).

Each file is read, recognised, scored and checked in a worker process (work spread over the cores, memory
bounded per file, a bad file only ever produces a line under 无法读取). This module collects and counts;
:mod:`jixiao.addin.render.summary_book` writes the workbook.

What is counted — the counts must be honest:

- Not what jixiao wrote itself. Skipped: the summary being written and any earlier jixiao summary (known
  by its defined name ``jixiao_summary``, or, for summaries older than that name, by its 汇总/按单位
  sheets); a ``_校验结果``, ``_定稿`` or ``_重算`` copy whose original (the same name without the suffix,
  in the same folder) is among the files summarised. A copy whose original is absent is the only copy
  of that form there and is counted.
- A project submitted twice is counted once. Two forms of the same kind are the same submission when
  they have the same 项目名称 (部门整体 forms: 单位), 单位 and 年度, or the same content (the funds
  figures and every indicator row as typed) and no name, unit or year that tells them apart. Of each
  group the most recently saved file is counted (a resubmission replaces the earlier one); among files
  saved within a minute of each other (copies of one moment: an archive unpacked, a folder copied) the
  one with the fewest findings. The others are listed on the 重复 sheet, each group with links.
- A workbook that holds no recognised form is listed under 无法识别, an unreadable one under 无法读取.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from pathlib import Path

from jixiao.templates.model import (
    Assessment,
    BasicData,
    Form,
    IndicatorTable,
    MonitorGrid,
    TargetTable,
    plain,
)
from jixiao.udfs.errors import InputError, JixiaoError
from jixiao.udfs.profile_docs import light_bands
from jixiao.udfs.profile_schema import LIGHT_TEXT
from jixiao.udfs.profile_schema import LIGHTS as LIGHT_KEYS

from ..checks import check_form
from ..ooxml.package import atomic_write, is_temp
from ..render import findings as F
from ..render.summary_book import LEGACY_SHEETS, MARKER, SummaryBook, write_summary
from . import pipeline
from .form_year import form_year

COLUMNS = ["文件", "工作表", "单位", "项目名称", "表格类型", "年度", "全年预算数", "全年执行数", "执行率", "执行率得分",
           "总分", "等级", "错误数", "提示数", "1-6月执行数", "1-6月执行率", "预计不能完成指标数",
           "原表金额单位", "原表全年预算数", "原表全年执行数"]
# amounts are summed in 万元; a form kept in another unit (云南's 公开14表 in 元) is converted, its own figures beside
TO_WAN = {"万元": 1.0, "元": 1e-4, "千元": 1e-1, "亿元": 1e4}
FINDING_COLUMNS = ["文件", "sheet", "cell", "severity", "code", "message"]
GRADES = ("优", "良", "中", "差")
# the copies jixiao writes beside an original, and what they are called in a message
COPIES = ((pipeline.REPORT_SUFFIX, "校验结果副本"), ("_定稿", "定稿副本"), ("_重算", "重算副本"))


# --- in the worker: one file ------------------------------------------------------------------------

def summarize_file(path: str, profile: str | None = None) -> dict:
    """One file as plain data (runs in a worker; returns only what pickles and prints as JSON)."""
    out = {"file": path, "error": None, "skipped": None, "unrecognised": None, "forms": [],
           "mtime": _mtime(path)}
    data = pipeline.read(path)
    if isinstance(data, JixiaoError):
        return {**out, "error": str(data)}
    if _is_summary(data):
        return {**out, "skipped": "jixiao 生成的汇总表"}
    wb = pipeline.analyze(data, profile)
    if not wb.forms:
        reasons = [f"工作表“{s.sheet}”：{s.reason}" if s.sheet else s.reason for s in wb.skipped]
        return {**out, "unrecognised": "；".join(reasons) or "没有工作表"}
    grids = {g.name: g for g in data.sheets}
    cycle = _cycle_findings(wb)
    for order, form in enumerate(wb.forms):
        fs = check_form(form) + cycle.get(form.sheet, [])
        f = form.funds.figures if form.funds and form.funds.figures else None
        unit = _text(form.header_value("dept_name", "department", "unit"))
        name = _text(form.header_value("project_name"))
        year = form_year(form, grids.get(form.sheet))
        money = form.funds.unit if form.funds else "万元"
        k = TO_WAN.get(money, 1.0)

        def wan(x, k=k):
            return None if x is None else round(x * k, 6)

        row = {
            "文件": path, "工作表": form.sheet, "单位": unit, "项目名称": name, "表格类型": form.kind_name,
            "年度": year, "全年预算数": wan(f.budget) if f else None, "全年执行数": wan(f.spent) if f else None,
            "执行率": f.rate if f else None, "执行率得分": f.score if f else None, "总分": form.total_value,
            "等级": form.grade_value or "",
            "错误数": sum(x.severity == "error" for x in fs), "提示数": sum(x.severity == "warning" for x in fs),
            "1-6月执行数": None, "1-6月执行率": None, "预计不能完成指标数": None,
            "原表金额单位": money if money != "万元" else None,
            "原表全年预算数": f.budget if f and money != "万元" else None,
            "原表全年执行数": f.spent if f and money != "万元" else None,
        }
        if isinstance(form.body, MonitorGrid):  # a mid-year table: its 执行数 is 1-6月, not the year's
            row.update({"全年执行数": None, "执行率": None, "1-6月执行数": wan(f.spent) if f else None,
                        "1-6月执行率": f.rate if f else None,
                        "预计不能完成指标数": sum(m.can_complete is False for m in form.body.rows)})
        out["forms"].append({"row": row, "order": order, "kind": form.kind.id, "content": content_key(form),
                             "findings": [{"文件": path, **F.as_json(x)} for x in fs],
                             "lights": _lights(path, form, unit, name) if isinstance(form.body, MonitorGrid) else None,
                             "review": _review(path, form, unit, name, fs) if isinstance(form.body, TargetTable) else None})
    return out


def _cycle_findings(wb) -> dict[str, list]:
    """A workbook's cross-cycle differences (declaration vs its 监控表 / 自评表), by the later form's sheet."""
    from ..checks.cycle import workbook_differences

    out: dict[str, list] = {}
    if any(isinstance(f.body, TargetTable) for f in wb.forms):
        for f in workbook_differences(wb):
            out.setdefault(f.sheet, []).append(f)
    return out


def _review(path: str, form, unit: str, name: str, fs) -> dict:
    """A declaration's row on the 目标审核 sheet: its findings counted by criterion, and what they are."""
    from ..checks.target_review import GROUPS

    b = form.body
    groups = {g: [f for f in fs if f.rule.group == g] for g in GROUPS}
    return {"文件": path, "工作表": form.sheet, "项目编码": _text(form.header_value("project_code")), "项目名称": name,
            "单位": unit, "年度资金": b.year_amount, "金额单位": b.unit, "指标数": len(b.indicators),
            "状态": "未填写" if b.blank else "", **{g: len(v) for g, v in groups.items()},
            "问题": "；".join(dict.fromkeys(f.rule.title for f in fs))}


LIGHTS = tuple((k, LIGHT_TEXT[k] + "灯") for k in LIGHT_KEYS)  # (key, 红灯) worst first


def _lights(path: str, form, unit: str, name: str) -> dict:
    """A 监控表's lights for the 监控预警 sheet: the count of each, the funds' and the red indicators."""
    lights = [m.light.light for m in form.body.rows if m.light is not None]
    red = [{"文件": path, "工作表": form.sheet, "单元格": (m.light_cell or m.h1).cell, "单位": unit, "项目名称": name,
            "指标": m.name, "年度指标值": m.target.value, "完成情况": m.h1.value,
            "序时进度完成比": m.light.progress} for m in form.body.rows if m.light is not None and m.light.light == "red"]
    fl = form.body.funds_light.light if form.body.funds_light is not None else None
    return {"count": {"文件": path, "工作表": form.sheet, "单位": unit, "项目名称": name,
                      "监控月份": form.body.month_value, **{label: lights.count(key) for key, label in LIGHTS},
                      "无法判断": sum(m.light is None or m.light.light is None for m in form.body.rows),
                      "资金预警": dict(LIGHTS).get(fl, "")[:1], "rule": light_bands(form.profile)},
            "red": red}


def _mtime(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def _text(v) -> str:
    return "" if v is None else str(plain(v)).strip()


def _is_summary(data) -> bool:
    """A summary jixiao wrote: its marker name, or (older ones) its first sheets with their header row."""
    if MARKER in data.defined_names:
        return True
    sheets = {g.name: g for g in data.sheets}
    if not set(LEGACY_SHEETS) <= set(sheets):
        return False
    g = sheets[LEGACY_SHEETS[0]]
    return any(g.value(r, 1) == "文件" and g.value(r, 5) == "表格类型" for r in range(1, 4))


def _norm(v) -> str:
    """Text compared as a clerk would: full-width and half-width alike, blanks ignored."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", _text(v)))


def content_key(form: Form) -> str | None:
    """A digest of what was typed into the form (names aside): its funds and every indicator row; None for
    a form that holds nothing to compare."""
    parts: list = [form.kind.id]
    f = form.funds.figures if form.funds and form.funds.figures else None
    if f is not None:
        parts.append(["funds", f.budget_initial, f.budget, f.spent, f.budget_adjust])
    b = form.body
    if isinstance(b, IndicatorTable):
        parts += [["i", _norm(i.level1.name), _norm(i.level2.name), _norm(i.name), _norm(i.target.value),
                   _norm(i.actual.value), i.weight_value] for i in b.indicators]
    if isinstance(b, MonitorGrid):
        parts += [["m", _norm(m.name), _norm(m.target.value), _norm(m.h1.value), _norm(m.forecast.value),
                   list(m.causes), m.can_complete] for m in b.rows]
    if isinstance(b, Assessment):
        parts += [["a", _norm(i.content), _norm(i.weight.value), _norm(i.standard.value if i.standard else ""),
                   _norm(i.self_score.value)] for i in b.items]
    if isinstance(b, BasicData):
        parts.append(["b", b.staff_quota, b.staff_actual, [[_norm(r.label), list(r.amounts)] for r in b.rows]])
    if len(parts) == 1:
        return None
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, default=str).encode()).hexdigest()


def _safe(path: str, profile: str | None) -> dict:
    try:
        return summarize_file(path, profile)
    except Exception as e:  # a bad file never stops the run
        return {"file": path, "error": f"{Path(path).name}：处理失败（{type(e).__name__}: {e}）", "skipped": None,
                "unrecognised": None, "forms": [], "mtime": 0.0}


# --- in the main process: which files, then the whole folder ------------------------------------------

def plan(paths, out: Path | None = None) -> tuple[list[str], list[dict], list[dict]]:
    """(files to read, files skipped as jixiao's own output, paths that do not exist)."""
    found: list[Path] = []
    missing: list[dict] = []
    for p in map(Path, paths):
        if p.is_dir():
            found += pipeline.expand_paths([p])
            # expand_paths leaves out every 校验结果 copy; one whose original is not here is counted
            found += [f for f in p.rglob(f"*{pipeline.REPORT_SUFFIX}.*")
                      if f.is_file() and f.suffix.lower() in pipeline.WORKBOOK_SUFFIXES
                      and not f.name.startswith("~$") and not is_temp(f)]
        elif p.exists():
            found.append(p)
        else:
            missing.append({"文件": str(p), "原因": f"{p}：文件或文件夹不存在"})
    seen, files = set(), []
    for f in found:
        key = os.path.normcase(os.path.abspath(f))
        if key not in seen:
            seen.add(key)
            files.append(f)
    stems = {(os.path.normcase(os.path.abspath(f.parent)), f.stem): f for f in files}
    target = os.path.normcase(os.path.abspath(out)) if out is not None else None
    keep, skipped = [], []
    for f in files:
        if target is not None and os.path.normcase(os.path.abspath(f)) == target:
            skipped.append({"文件": str(f), "原因": "本次汇总的输出文件（将被覆盖）"})
            continue
        reason = None
        for suffix, what in COPIES:
            if f.stem.endswith(suffix):
                orig = stems.get((os.path.normcase(os.path.abspath(f.parent)), f.stem[: -len(suffix)]))
                if orig is not None:
                    reason = f"jixiao 生成的{what}（原表 {orig.name} 已汇总）"
                    break
        if reason:
            skipped.append({"文件": str(f), "原因": reason})
        else:
            keep.append(str(f))
    return keep, skipped, missing


def collect(files: list[str], profile: str | None = None, workers: int | None = None) -> list[dict]:
    """Every file's rows, in order, read on every core (the same batch runner as score and check)."""
    from .batch import for_each

    return list(for_each(_safe, files, workers, "汇总中", profile=profile))


def _compatible(a: dict, b: dict) -> bool:
    """Nothing typed in one form's header contradicts the other's."""
    for key in ("项目名称", "单位"):
        x, y = _norm(a[key]), _norm(b[key])
        if x and y and x != y:
            return False
    return a["年度"] is None or b["年度"] is None or a["年度"] == b["年度"]


def deduplicate(results: list[dict]) -> tuple[list[dict], list[dict]]:
    """(the forms counted, the duplicates: each with the form counted in its place)."""
    forms = []
    for fi, res in enumerate(results):
        for fm in res["forms"]:
            forms.append({**fm, "mtime": res["mtime"], "rank": (fi, fm["order"])})
    group = list(range(len(forms)))  # form → its group's id
    members: dict[int, list[int]] = {i: [i] for i in range(len(forms))}

    def join(a: int, b: int) -> None:
        ga, gb = group[a], group[b]
        if ga != gb:
            for k in members[gb]:
                group[k] = ga
            members[ga] += members.pop(gb)

    by_identity: dict[tuple, int] = {}
    by_content: dict[tuple, list[int]] = {}
    for i, fm in enumerate(forms):
        row = fm["row"]
        name, unit = _norm(row["项目名称"]), _norm(row["单位"])
        label = name or (unit if fm["kind"] not in ("project", "monitor") else "")
        if label:
            key = (fm["kind"], name, unit, row["年度"])
            if key in by_identity:
                join(by_identity[key], i)
            else:
                by_identity[key] = i
        if fm["content"]:
            bucket = by_content.setdefault((fm["kind"], fm["content"]), [])
            # the same content is the same project only if nothing typed in any form of that group says
            # otherwise (a blank name must not join two differently named projects)
            j = next((j for j in bucket if all(_compatible(forms[k]["row"], forms[m]["row"])
                                                for k in members[group[j]] for m in members[group[i]])), None)
            if j is not None:
                join(j, i)
            bucket.append(i)
    groups = {g: sorted(ms) for g, ms in members.items()}
    kept, dups = [], []
    for ms in groups.values():
        best, why = _pick(forms, ms)
        kept.append(best)
        k = forms[best]
        for i in ms:
            if i == best:
                continue
            d, kr = forms[i], k["row"]
            same_id = (_norm(d["row"]["项目名称"]), _norm(d["row"]["单位"]), d["row"]["年度"]) == (
                _norm(kr["项目名称"]), _norm(kr["单位"]), kr["年度"])
            same_content = bool(d["content"]) and d["content"] == k["content"]
            if same_content:
                data = "填报数据一致"
            else:
                a, b = d["row"]["总分"], kr["总分"]
                data = "填报数据不一致" + (f"（总分 {F.points(a)}，计入的表 {F.points(b)}）"
                                   if a is not None and b is not None and a != b else "") + "，请核对以哪份为准"
            dups.append({"项目名称": d["row"]["项目名称"], "单位": d["row"]["单位"], "年度": d["row"]["年度"],
                         "表格类型": d["row"]["表格类型"], "文件": d["row"]["文件"], "工作表": d["row"]["工作表"],
                         "计入的文件": kr["文件"], "计入的工作表": kr["工作表"],
                         "判定依据": "项目名称、单位、年度相同" if same_id and (d["row"]["项目名称"] or d["row"]["单位"])
                         else "填报内容相同", "数据": data, "计入原因": why})
    kept.sort(key=lambda i: forms[i]["rank"])
    return [forms[i] for i in kept], dups


SAME_MOMENT = 60.0  # seconds: files saved this close together are copies of one moment, not a resubmission


def _pick(forms: list[dict], members: list[int]) -> tuple[int, str]:
    """The form of a group that is counted, and why: the most recently saved file (a resubmission replaces
    the earlier one); among files of one moment, the one with the fewest errors, then warnings, then the
    first found."""
    newest = max(forms[i]["mtime"] for i in members)
    recent = [i for i in members if forms[i]["mtime"] >= newest - SAME_MOMENT]

    def findings(i):
        row = forms[i]["row"]
        return (row["错误数"], row["提示数"], forms[i]["rank"])

    best = min(recent, key=findings)
    if len(recent) < len(members):
        return best, "修改时间最新"
    if any(findings(i)[:2] != findings(best)[:2] for i in recent):
        return best, "问题最少"
    return best, "最先找到"


def frames(counted: list[dict]):
    import pandas as pd

    rows = pd.DataFrame([fm["row"] for fm in counted], columns=COLUMNS)
    rows["年度"] = rows["年度"].astype("Int64")
    rows = rows.sort_values(["单位", "文件"], kind="stable").reset_index(drop=True)
    findings = pd.DataFrame([f for fm in counted for f in fm["findings"]], columns=FINDING_COLUMNS)
    year = rows[rows["全年预算数"].notna() & rows["全年执行数"].notna()]
    money = year.groupby("单位", dropna=False).agg(全年预算数=("全年预算数", "sum"), 全年执行数=("全年执行数", "sum"))
    by_unit = rows.groupby("单位", dropna=False).agg(表格数=("工作表", "count"), 平均总分=("总分", "mean"))
    by_unit = by_unit.join(money).reset_index()
    by_unit["执行率"] = by_unit["全年执行数"] / by_unit["全年预算数"]
    by_unit = by_unit[["单位", "表格数", "全年预算数", "全年执行数", "执行率", "平均总分"]]
    grades = rows[rows["等级"] != ""]["等级"].value_counts().reindex(GRADES, fill_value=0)
    grade_df = pd.DataFrame({"等级": list(GRADES), "表格数": [int(grades[g]) for g in GRADES]})
    return rows, by_unit, grade_df, findings


def totals(rows) -> dict:
    year = rows[rows["全年执行数"].notna()]  # a year's budget only beside a year's spending
    budget = round(float(year["全年预算数"].sum()), 2)
    spent = round(float(year["全年执行数"].sum()), 2)
    return {"forms": len(rows), "budget": budget, "spent": spent, "rate": round(spent / budget, 4) if budget else None}


def _records(df) -> list[dict]:
    return df.astype(object).where(df.notna(), None).to_dict("records")


_CSV_RISKY = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(v):
    """A text value Excel would run as a formula when it opens the CSV gets a leading apostrophe."""
    return f"'{v}" if isinstance(v, str) and v.startswith(_CSV_RISKY) else v


def _root(paths) -> Path | None:
    """The folder the inputs share (files named below it in the summary)."""
    dirs = [p.resolve() if p.is_dir() else p.resolve().parent for p in map(Path, paths) if p.exists()]
    try:
        return Path(os.path.commonpath(dirs)) if dirs else None
    except ValueError:  # other drives
        return None


def summarize(paths, out, profile=None, csv=None, workers=None) -> dict:
    """Summarise ``paths`` into ``out``. Nothing is written when no form could be summarised
    (``output`` is then None): the caller says so and fails."""
    out = Path(out)
    if not out.resolve().parent.is_dir():  # said before the folder is read, not after
        raise InputError("无法写入汇总 {file}：输出文件夹不存在", file=out)
    if out.exists():  # only an earlier summary of ours is replaced: never a submitted form or the user's own file
        old = pipeline.read(out)
        if isinstance(old, JixiaoError) or not _is_summary(old):
            raise InputError("无法写入汇总 {file}：文件已存在且不是 jixiao 汇总表，未覆盖（请换一个输出文件名）", file=out)
    files, skipped, missing = plan(paths, out)
    found = len(files) + len(skipped) + len(missing)
    results = collect(files, profile, workers)
    skipped += [{"文件": r["file"], "原因": r["skipped"]} for r in results if r["skipped"]]
    unreadable = missing + [{"文件": r["file"], "原因": r["error"]} for r in results if r["error"]]
    unrecognised = [{"文件": r["file"], "原因": r["unrecognised"]} for r in results if r["unrecognised"]]
    counted, duplicates = deduplicate(results)
    rows, by_unit, grade_df, findings = frames(counted)
    t = totals(rows)
    counts = {"files": found,
              "read": sum(1 for r in results if not r["error"] and not r["skipped"]),
              "skipped": len(skipped), "unreadable": len(unreadable), "unrecognised": len(unrecognised),
              "forms": len(rows), "duplicates": len(duplicates)}
    output = None
    if len(rows):
        lights = [fm["lights"] for fm in counted if fm.get("lights")]
        write_summary(out, SummaryBook(rows=rows, by_unit=by_unit, grades=grade_df, findings=findings,
                                       monitor=[x["count"] for x in lights], red=[r for x in lights for r in x["red"]],
                                       review=[fm["review"] for fm in counted if fm.get("review")],
                                       duplicates=duplicates, unrecognised=unrecognised, unreadable=unreadable,
                                       skipped=skipped, counts=counts, totals=t, out_dir=out.resolve().parent,
                                       root=_root(paths)))
        output = str(out)
        if csv:
            text = rows.map(_csv_safe).to_csv(index=False)
            atomic_write(csv, lambda f: f.write(text.encode("utf-8-sig")))
    return {"output": output, "totals": t, "counts": counts, "rows": _records(rows), "by_unit": _records(by_unit),
            "grades": dict(zip(grade_df["等级"], (int(n) for n in grade_df["表格数"]), strict=True)),
            "duplicates": duplicates, "unreadable": unreadable, "unrecognised": unrecognised, "skipped": skipped}
