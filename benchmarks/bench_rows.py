"""Scoring cost per indicator row: one form with 50, 500 and 5,000 indicator rows, timed beside
python-calamine's raw read of the same file (the floor: reading every cell and nothing else).

    python benchmarks/bench_rows.py

Prints, per size, jixiao's time, calamine's, the ratio (target ≤ 20× at 5,000 rows) and the cost per row,
which must stay flat as rows grow (linear recognition).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def make_form(path: Path, rows: int) -> None:
    from builders import Variant, project_workbook

    proj = json.loads((ROOT / "tests/fixtures/seed003_projects.json").read_text("utf-8"))["projects"][2]
    base = proj["indicators"]
    inds = [{**base[i % len(base)], "name": f"{base[i % len(base)]['name']}{i}"} for i in range(rows)]
    project_workbook(path, [{**proj, "indicators": inds}], Variant(), "xinjiang")


def best_ms(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def main() -> None:
    from jixiao.addin.app.pipeline import analyze_file
    from python_calamine import CalamineWorkbook

    def calamine(p):
        wb = CalamineWorkbook.from_path(str(p))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()

    print(f"{'rows':>6} {'jixiao ms':>10} {'calamine ms':>12} {'ratio':>7} {'µs/row':>8}")
    with tempfile.TemporaryDirectory() as d:
        for rows in (50, 500, 5000):
            p = Path(d) / f"rows{rows}.xlsx"
            make_form(p, rows)
            wb = analyze_file(p)
            assert wb.error is None and len(wb.forms[0].indicators) == rows
            repeat = 5 if rows <= 500 else 3
            ours = best_ms(lambda p=p: analyze_file(p), repeat)
            floor = best_ms(lambda p=p: calamine(p), repeat)
            print(f"{rows:>6} {ours:>10.1f} {floor:>12.1f} {ours / floor:>6.1f}× {ours * 1000 / rows:>8.1f}")


if __name__ == "__main__":
    main()
