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
from pathlib import Path

from jixiao.udfs.errors import InputError, JixiaoError

from ..ooxml.package import is_temp
from . import pipeline
from .dedupe import deduplicate
from .summary_book import is_summary, write_summary
from .summary_rows import FileResult, FormRow, Listed, Summary, crashed, summarize_file

GRADES = ("优", "良", "中", "差")
# the copies jixiao writes beside an original, and what they are called in a message
COPIES = ((pipeline.REPORT_SUFFIX, "校验结果副本"), ("_定稿", "定稿副本"), ("_重算", "重算副本"))


def _safe(path: str, profile: str | None) -> FileResult:
    try:
        return summarize_file(path, profile, is_summary)
    except Exception as e:  # a bad file never stops the run
        return crashed(path, e)


# --- in the main process: which files, then the whole folder ------------------------------------------

def plan(paths, out: Path | None = None) -> tuple[list[str], list[Listed], list[Listed]]:
    """(files to read, files skipped as jixiao's own output, paths that do not exist)."""
    found: list[Path] = []
    missing: list[Listed] = []
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
            missing.append(Listed(str(p), f"{p}：文件或文件夹不存在"))
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
    units: dict[str, list[FormRow]] = {}
    for r in sorted(rows, key=lambda r: (r.unit, r.file)):
        units.setdefault(r.unit, []).append(r)
    out = []
    for unit, rs in units.items():
        year = [r for r in rs if r.budget is not None and r.spent is not None]
        budget = round(sum(r.budget for r in year), 6) if year else None
        spent = round(sum(r.spent for r in year), 6) if year else None
        scores = [r.total for r in rs if r.total is not None]
        out.append({"unit": unit, "forms": len(rs), "budget": budget, "spent": spent,
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
    files, skipped, missing = plan(paths, out)
    found = len(files) + len(skipped) + len(missing)
    results = collect(files, profile, workers)
    skipped += [Listed(r.file, r.skipped) for r in results if r.skipped]
    unreadable = missing + [Listed(r.file, str(r.error)) for r in results if r.error]
    unrecognised = [Listed(r.file, "；".join(map(str, r.unrecognised)) or "没有工作表")
                    for r in results if r.unrecognised is not None]
    counted, duplicates = deduplicate(results)
    counted.sort(key=lambda r: (r.unit, r.file))
    grades = [(g, sum(1 for r in counted if r.grade == g)) for g in GRADES]
    counts = {"files": found, "read": sum(1 for r in results if not r.error and not r.skipped),
              "skipped": len(skipped), "unreadable": len(unreadable), "unrecognised": len(unrecognised),
              "forms": len(counted), "duplicates": len(duplicates),
              "graded": sum(1 for r in counted if r.graded)}
    summary = Summary(None, tuple(counted), tuple(duplicates), tuple(unreadable), tuple(unrecognised),
                      tuple(skipped), counts, totals(counted), tuple(by_unit(counted)), tuple(grades))
    if counted:
        write_summary(out, summary, out.resolve().parent, _root(paths), csv)
        summary = Summary(str(out), *list(summary.__dict__.values())[1:])
    return summary
