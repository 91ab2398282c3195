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

import os
from dataclasses import replace
from pathlib import Path

from jixiao.udfs.errors import InputError, JixiaoError

from ..ooxml.package import is_temp
from . import pipeline
from .dedupe import deduplicate
from .summary_book import is_summary, write_summary
from .summary_rows import FileResult, FileStatus, FormRow, KindCount, Listed, Summary, crashed, summarize_file

GRADES = ("优", "良", "中", "差")
# the copies jixiao writes beside an original, and what they are called in a message
COPIES = ((pipeline.REPORT_SUFFIX, "校验结果副本"), ("_定稿", "定稿副本"), ("_重算", "重算副本"))


def _safe(path: str, profile: str | None) -> FileResult:
    try:
        return summarize_file(path, profile, is_summary)
    except Exception as e:  # a bad file never stops the run
        return crashed(path, e)


# --- in the main process: which files, then the whole folder ------------------------------------------

def plan(paths, out: Path | None = None, order: list[str] | None = None) -> tuple[list[str], list[Listed], list[Listed]]:
    """(files to read, files skipped as jixiao's own output, paths that do not exist); ``order`` is given
    every one of them, in the order found."""
    found: list[Path] = []
    missing: list[Listed] = []
    places: list[Path | str] = []  # the files found and, in their places, the paths that do not exist
    for p in map(Path, paths):
        if p.is_dir():
            here = pipeline.expand_paths([p])
            # expand_paths leaves out every 校验结果 copy; one whose original is not here is counted
            here += [f for f in p.rglob(f"*{pipeline.REPORT_SUFFIX}.*")
                     if f.is_file() and f.suffix.lower() in pipeline.WORKBOOK_SUFFIXES
                     and not f.name.startswith("~$") and not is_temp(f)]
            found += here
            places += here
        elif p.exists():
            found.append(p)
            places.append(p)
        else:
            missing.append(Listed(str(p), f"{p}：文件或文件夹不存在"))
            places.append(str(p))
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
            skipped.append(Listed(str(f), "本次汇总的输出文件（将被覆盖）"))
            continue
        reason = None
        for suffix, what in COPIES:
            if f.stem.endswith(suffix):
                orig = stems.get((os.path.normcase(os.path.abspath(f.parent)), f.stem[: -len(suffix)]))
                if orig is not None:
                    reason = f"jixiao 生成的{what}（原表 {orig.name} 已汇总）"
                    break
        if reason:
            skipped.append(Listed(str(f), reason))
        else:
            keep.append(str(f))
    if order is not None:
        listed = set(keep) | {x.file for x in skipped} | {x.file for x in missing}
        order += [x for x in dict.fromkeys(map(str, places)) if x in listed]
    return keep, skipped, missing


def collect(files: list[str], profile: str | None = None, workers: int | None = None) -> list[FileResult]:
    """Every file's rows, in order, read on every core (the same batch runner as score and check)."""
    from .batch import for_each

    return list(for_each(_safe, files, workers, "汇总中", profile=profile))


def totals(rows: list[FormRow]) -> dict:
    year = [r for r in rows if r.spent is not None]  # a year's budget only beside a year's spending
    budget = round(sum(r.budget or 0.0 for r in year), 2)
    spent = round(sum(r.spent for r in year), 2)
    return {"forms": len(rows), "budget": budget, "spent": spent, "rate": round(spent / budget, 4) if budget else None}


def by_unit(rows: list[FormRow]) -> list[dict]:
    """A line per unit; forms without a unit are apart from forms that have no unit field (a 基础数据表 whose
    workbook holds no 部门整体 form): the one left blank, the other could not be filled."""
    units: dict[tuple[str, bool], list[FormRow]] = {}
    for r in sorted(rows, key=lambda r: (not r.unit, r.unit, not r.unit_field, r.file)):  # units named first
        units.setdefault((r.unit, bool(r.unit) or r.unit_field), []).append(r)
    out = []
    for (unit, field), rs in units.items():
        year = [r for r in rs if r.budget is not None and r.spent is not None]
        budget = round(sum(r.budget for r in year), 6) if year else None
        spent = round(sum(r.spent for r in year), 6) if year else None
        scores = [r.total for r in rs if r.total is not None]
        out.append({"unit": unit, "unit_field": field, "forms": len(rs), "budget": budget, "spent": spent,
                    "rate": spent / budget if budget else None,
                    "average_total": sum(scores) / len(scores) if scores else None})
    return out


def _root(paths) -> Path | None:
    """The folder the inputs share (files named below it in the summary)."""
    dirs = [p.resolve() if p.is_dir() else p.resolve().parent for p in map(Path, paths) if p.exists()]
    try:
        return Path(os.path.commonpath(dirs)) if dirs else None
    except ValueError:  # other drives
        return None


def summarize(paths, out, profile=None, csv=None, workers=None) -> Summary:
    """Summarise ``paths`` into ``out``. Nothing is written when no form could be summarised
    (``output`` is then None): the caller says so and fails."""
    out = Path(out)
    if not out.resolve().parent.is_dir():  # said before the folder is read, not after
        raise InputError("无法写入汇总 {file}：输出文件夹不存在", file=out)
    if out.exists():  # only an earlier summary of ours is replaced: never a submitted form or the user's own file
        old = pipeline.read(out)
        if isinstance(old, JixiaoError) or not is_summary(old):
            raise InputError("无法写入汇总 {file}：文件已存在且不是 jixiao 汇总表，未覆盖（请换一个输出文件名）", file=out)
    order: list[str] = []
    files, skipped, missing = plan(paths, out, order)
    found = len(files) + len(skipped) + len(missing)
    results = collect(files, profile, workers)
    skipped += [Listed(r.file, r.skipped) for r in results if r.skipped]
    unreadable = missing + [Listed(r.file, str(r.error)) for r in results if r.error]
    unrecognised = [Listed(r.file, "；".join(map(str, r.unrecognised)) or "没有工作表")
                    for r in results if r.unrecognised is not None]
    counted, duplicates = deduplicate(results)
    counted.sort(key=lambda r: (r.unit, r.file))
    grades = [(g, sum(1 for r in counted if r.graded and r.grade == g)) for g in GRADES]
    counts = {"files": found, "read": sum(1 for r in results if not r.error and not r.skipped),
              "skipped": len(skipped), "unreadable": len(unreadable), "unrecognised": len(unrecognised),
              "forms": len(counted), "duplicates": len(duplicates),
              "graded": sum(1 for r in counted if r.graded)}
    summary = Summary(None, tuple(counted), tuple(duplicates), tuple(unreadable), tuple(unrecognised),
                      tuple(skipped), counts, totals(counted), tuple(by_unit(counted)), tuple(grades),
                      file_statuses(order, results, duplicates, skipped, missing, unrecognised), kinds(counted))
    if counted:
        write_summary(out, summary, out.resolve().parent, _root(paths), csv)
        summary = replace(summary, output=str(out))
    return summary


def kinds(rows: list[FormRow]) -> tuple[KindCount, ...]:
    """The forms counted by kind: the graded ones first, then in the registry's order."""
    from jixiao.templates.model import KINDS

    n = {}
    for r in rows:
        n[r.kind] = n.get(r.kind, 0) + 1
    out = [KindCount(k.id, k.name, k.short, k.graded, n[k.id]) for k in KINDS.values() if k.id in n]
    return tuple(sorted(out, key=lambda k: not k.graded))


def file_statuses(order: list[str], results: list[FileResult], duplicates, skipped: list[Listed],
                  missing: list[Listed], unrecognised: list[Listed]) -> tuple[FileStatus, ...]:
    """What became of each input file, in the order found."""
    left_out = {(d.row.file, d.row.sheet, d.row.order): d for d in duplicates}
    apart = {x.file: ("skipped", x.reason) for x in skipped}
    apart.update({x.file: ("missing", x.reason) for x in missing})
    apart.update({x.file: ("unrecognised", x.reason) for x in unrecognised})
    read = {r.file: r for r in results}
    out = []
    for f in order:
        r = read.get(f)
        if r is not None and r.error is not None:
            out.append(FileStatus(f, "unreadable", str(r.error)))
        elif r is not None and r.forms:
            rows = tuple((row, (f, row.sheet, row.order) not in left_out) for row in r.forms)
            dups = [left_out[(f, row.sheet, row.order)] for row, counted in rows if not counted]
            kept = "、".join(dict.fromkeys(Path(d.kept.file).name for d in dups))
            if all(not counted for _row, counted in rows):
                out.append(FileStatus(f, "duplicate", f"识别出的 {len(rows)} 张表都与已计入的表重复（计入的在 {kept}）", rows))
            else:
                out.append(FileStatus(f, "counted", f"其中 {len(dups)} 张与已计入的表重复（计入的在 {kept}）"
                                      if dups else None, rows))
        else:
            status, reason = apart.get(f, ("unrecognised", "没有识别到表"))
            out.append(FileStatus(f, status, reason))
    return tuple(out)
