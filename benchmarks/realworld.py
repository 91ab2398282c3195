"""How jixiao does on the published 自评表 of tests/fixtures/published/ (issue 12) and on the real files of
tests/fixtures/real/manifest.toml (issue 25) where the local cache holds them.

Builds every fixture as its department's workbook in a temporary folder, runs ``jixiao score --json`` and
``jixiao check --json`` on it in-process, and prints one line per table, then the three totals:

    forms recognised: N / M collected
    figures reproduced: N / M determinable
    inconsistencies flagged: N / M

A determinable figure (执行率, 执行率得分, 总分, an indicator's 得分 where the form's rule fixes it) counts as
reproduced when jixiao reports the same value at the same cell; a figure jixiao does not reproduce but reports
a finding (error/warning) at is counted in the per-table line as "flagged". An inconsistency counts when a
finding of any severity points at its cell.

Real files (read from /work/real-cache or $JIXIAO_REAL_DIR; the part is left out without it): each sheet the
manifest gives a form kind counts as collected, and as recognised when jixiao reads it as that kind; each
figure its `expect` fixes (funds amounts or 未填写, the month, every indicator row's name and target, the
values every monitor row holds, an empty indicator list for a blank form) counts as determinable, and as
right when jixiao reads the same; an error-level finding not among the sheet's `true_errors` is false.

    .venv/bin/python benchmarks/realworld.py [-v]
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from jixiao.addin.cli import main as jixiao
from published_books import all_fixtures, build, evaluate


def run(argv: list[str]) -> dict:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
        jixiao([str(a) for a in argv])
    return json.loads(buf.getvalue())


MANIFEST = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "real" / "manifest.toml"
_FUNDS_KEYS = {"budget_initial": "budget_initial", "budget": "budget", "spent": "spent", "weight": "weight",
               "spent_h1": "spent", "rate_h1": "rate"}


def _value(v):
    return v["value"] if isinstance(v, dict) and "value" in v else v


def _figures(kind: str, expect: dict, got: dict | None) -> list[tuple[str, object, object]]:
    """(what, expected, read) for every figure a sheet's expectation fixes."""
    out = []
    got = got or {}
    funds, want = got.get("funds") or {}, expect.get("funds")
    if want == "未填写":
        out.append(("funds", "未填写", funds.get("status")))
    elif isinstance(want, dict):
        for k, key in _FUNDS_KEYS.items():
            if k in want and isinstance(_value(want[k]), (int, float)):
                out.append((f"funds.{k}", float(_value(want[k])), funds.get(key)))
    if "month" in expect:
        out.append(("month", expect["month"], got.get("month")))
    rows = got.get("monitor_indicators") if kind == "monitor" else got.get("indicators")
    rows = rows or []
    by_row = {r.get("row") or int("".join(ch for ch in r.get("cell", "") if ch.isdigit()) or 0): r for r in rows}
    if kind == "monitor":  # a monitor row is keyed by its row; an indicator's cell is its score's
        by_row = {r["row"]: r for r in rows}
    for e in expect.get("indicators") or []:
        r = by_row.get(e["row"], {})
        out.append((f"row {e['row']}", (e["name"], e.get("target")), (r.get("name"), r.get("target"))))
    if expect.get("indicators") == []:
        out.append(("indicators", 0, len(rows)))
    for key, field in (("h1_value_all_rows", "h1"), ("forecast_value_all_rows", "forecast")):
        if key in expect:
            out.append((key, expect[key], {r.get(field) for r in rows} == {expect[key]} and expect[key]))
    return out


def _allowed(code: str, cell: str, true_errors) -> bool:
    return any(t.split("@")[0] == code and t.split("@")[1] in ("*", cell) for t in true_errors)


def real_files(verbose: bool) -> tuple[int, int, int, int, int] | None:
    """(recognised, collected, right, determinable, false errors) over the cached real files; None without cache."""
    cache = Path(os.environ.get("JIXIAO_REAL_DIR", "/work/real-cache"))
    entries = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))["file"]
    present = [e for e in entries if (cache / f"{e['id']}.{e['ext']}").is_file()]
    if not present:
        return None
    recognised = collected = right = determinable = false = 0
    for e in present:
        path = cache / f"{e['id']}.{e['ext']}"
        score = run(["score", path, "--json"])["files"][0]
        findings = run(["check", path, "--json"])["files"][0]["findings"]
        sheets = {s["sheet"]: s for s in score.get("sheets", [])}
        rec = col = ok = det = bad = 0
        notes = []
        for sh in e["sheet"]:
            kind, got = sh.get("kind", "none"), sheets.get(sh["name"])
            if kind != "none":
                col += 1
                rec += bool(got and got["kind"] == kind)
            for what, want, read in _figures(kind, sh.get("expect", {}), got) if kind != "none" else ():
                det += 1
                good = (abs(want - read) < 0.005 if isinstance(want, float) and isinstance(read, (int, float))
                        else want == read)
                ok += good
                if not good:
                    notes.append(f"      {sh['name']} {what}: manifest {want!r}, jixiao {read!r}")
            for f in findings:
                if f["sheet"] == sh["name"] and f["severity"] == "error" and not _allowed(
                        f["code"], f["cell"], sh.get("true_errors", ())):
                    bad += 1
                    notes.append(f"      false error {f['code']} {f['sheet']}!{f['cell']}")
        for f in findings:  # a finding about the whole file (JX026)
            if not f["sheet"] and f["severity"] == "error" and not _allowed(f["code"], f["cell"], e.get("true_errors", ())):
                bad += 1
                notes.append(f"      false error {f['code']} (file)")
        print(f"{'ok ' if rec == col and not bad else 'NO '}{e['id']:<28} forms {rec}/{col}  figures {ok}/{det}"
              f"  false errors {bad}")
        if verbose:
            print("\n".join(notes)) if notes else None
        recognised, collected, right, determinable, false = (recognised + rec, collected + col, right + ok,
                                                             determinable + det, false + bad)
    return recognised, collected, right, determinable, false


def main(argv: list[str] | None = None) -> int:
    verbose = "-v" in (argv if argv is not None else sys.argv[1:])
    fixtures = all_fixtures()
    recognised = figures = reproduced = incs = flagged_incs = 0
    with tempfile.TemporaryDirectory() as tmp:
        for fx in fixtures:
            path = build(fx, Path(tmp) / f"{fx['id']}.xlsx")
            res = evaluate(fx, run(["score", path, "--json"]), run(["check", path, "--json"]))
            recognised += res["recognised"]
            figures += len(res["figures"])
            ok = sum(1 for f in res["figures"] if f[4])
            reproduced += ok
            flagged_only = sum(1 for f in res["figures"] if not f[4] and f[5])
            incs += len(res["inconsistencies"])
            hit = sum(1 for _c, f in res["inconsistencies"] if f)
            flagged_incs += hit
            rows = "-" if res["rows_found"] is None else res["rows_found"]
            mark = "ok " if res["recognised"] else "NO "
            print(f"{mark}{fx['id']:<44} {fx['family']:<17} rows {rows}/{res['rows_expected']}"
                  f"  figures {ok}/{len(res['figures'])} (+{flagged_only} flagged)"
                  f"  inconsistencies {hit}/{len(res['inconsistencies'])}")
            if verbose:
                for kind, cell, want, got, good, flag in res["figures"]:
                    if not good:
                        print(f"      {kind} {cell}: rule {want}, jixiao {got}{' (flagged)' if flag else ''}")
                for cell, hitc in res["inconsistencies"]:
                    if not hitc:
                        print(f"      inconsistency at {cell}: no finding")
    print(f"forms recognised: {recognised} / {len(fixtures)} collected")
    print(f"figures reproduced: {reproduced} / {figures} determinable")
    print(f"inconsistencies flagged: {flagged_incs} / {incs}")
    real = real_files(verbose)
    if real is None:
        print("real files: none in the local cache (tests/fixtures/real/README.md)")
    else:
        rec, col, ok, det, bad = real
        print(f"real forms recognised: {rec} / {col} collected")
        print(f"real figures right: {ok} / {det} determinable")
        print(f"real false error findings: {bad}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
