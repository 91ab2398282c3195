"""How jixiao does on the published 自评表 of tests/fixtures/published/ (issue 12).

Builds every fixture as its department's workbook in a temporary folder, runs ``jixiao score --json`` and
``jixiao check --json`` on it in-process, and prints one line per table, then the three totals:

    forms recognised: N / M collected
    figures reproduced: N / M determinable
    inconsistencies flagged: N / M

A determinable figure (执行率, 执行率得分, 总分, an indicator's 得分 where the form's rule fixes it) counts as
reproduced when jixiao reports the same value at the same cell; a figure jixiao does not reproduce but reports
a finding (error/warning) at is counted in the per-table line as "flagged". An inconsistency counts when a
finding of any severity points at its cell.

    .venv/bin/python benchmarks/realworld.py [-v]
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from jixiao.addin.cli import main as jixiao
from published_books import all_fixtures, build, evaluate


def run(argv: list[str]) -> dict:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf), contextlib.redirect_stderr(io.StringIO()):
        jixiao([str(a) for a in argv])
    return json.loads(buf.getvalue())


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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
