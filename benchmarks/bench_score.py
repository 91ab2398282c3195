"""`jixiao score` over a folder of workbooks, ms/file beside python-calamine's raw read of the same files,
and one-file `jixiao check` beside `python -c "import pandas"`.

    python benchmarks/bench_score.py [N_FILES]      (default 500)
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def make_folder(folder: Path, n: int) -> list[Path]:
    from builders import VARIANTS, project_workbook

    projects = json.loads((ROOT / "tests/fixtures/seed003_projects.json").read_text("utf-8"))["projects"]
    names = list(VARIANTS)
    out = []
    for i in range(n):
        p = folder / f"submission_{i:04d}.xlsx"
        project_workbook(p, [projects[i % len(projects)]], VARIANTS[names[i % len(names)]], "xinjiang")
        out.append(p)
    return out


def calamine_ms(files: list[Path]) -> float:
    from python_calamine import CalamineWorkbook

    t0 = time.perf_counter()
    for p in files:
        wb = CalamineWorkbook.from_path(str(p))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()
    return (time.perf_counter() - t0) * 1000 / len(files)


def score_ms(files: list[Path]) -> float:
    from jixiao.addin.app.pipeline import analyze_file

    t0 = time.perf_counter()
    for p in files:
        r = analyze_file(p)
        assert r.error is None and r.forms
    return (time.perf_counter() - t0) * 1000 / len(files)


def wall(cmd: list[str], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=False)
        best = min(best, time.perf_counter() - t0)
    return best * 1000


def main(n: int = 500) -> None:
    with tempfile.TemporaryDirectory() as d:
        files = make_folder(Path(d), n)
        cal = calamine_ms(files)
        ours = score_ms(files)
        print(f"{n} workbooks: jixiao score {ours:.2f} ms/file, calamine raw read {cal:.2f} ms/file, "
              f"ratio {ours / cal:.1f}× (target ≤ 20×)")
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "jixiao.addin.cli", "score", d, "--json"], capture_output=True, check=True)
        print(f"`jixiao score {n} files --json` as a command: {(time.perf_counter() - t0) * 1000 / n:.2f} ms/file")
        check = wall([sys.executable, "-m", "jixiao.addin.cli", "check", str(files[0])])
        pandas = wall([sys.executable, "-c", "import pandas"])
        print(f"one-file jixiao check {check:.0f} ms vs python -c 'import pandas' {pandas:.0f} ms "
              f"({'faster' if check < pandas else 'SLOWER'})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 500)
