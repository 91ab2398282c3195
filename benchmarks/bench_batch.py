"""A bureau's folder: `jixiao score DIR --json` and `jixiao check DIR` as whole commands, timed beside the
floor — a Python process reading every cell of the same files with python-calamine — and their peak memory.

    python benchmarks/bench_batch.py [N_FILES] [--rss N_FILES]     (defaults 600, and 3000 for the RSS run)

The folder: seed 003's 12 projects, each written in the builders' layouts, 50 times over (600 files of one
form each). Each command and the floor run in turn (floor, command, floor, command …), three times after a
warm-up, and the minimum of each is compared, so a machine that slows down mid-run slows both sides.
Prints each command's wall time, its ratio to the floor (target ≤ 5×), and the peak RSS of the largest
process of `score` over the RSS folder (target ≤ 150 MB). Machines here are noisy: read the ratios, not
the seconds.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_score import make_folder

# the floor as a command of its own, so both sides pay for starting Python
FLOOR = """
import sys
from pathlib import Path
from python_calamine import CalamineWorkbook
for p in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    wb = CalamineWorkbook.from_path(str(p))
    for name in wb.sheet_names:
        wb.get_sheet_by_name(name).to_python()
"""


# Python as a user's machine runs it: bytecode cached (this sandbox sets PYTHONDONTWRITEBYTECODE, which would
# make every start compile every module of the project again, and measure that instead)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _once(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, env=ENV)
    return time.perf_counter() - t0


def run_s(cmd: list[str], repeat: int = 3) -> float:
    _once(cmd)  # warm-up
    return min(_once(cmd) for _ in range(repeat))


def alternate(a: list[str], b: list[str], repeat: int = 3) -> tuple[float, float]:
    """The minimum wall time of ``a`` and of ``b``, run in turn (a b a b …) after one warm-up of each."""
    _once(a)
    _once(b)
    ta, tb = float("inf"), float("inf")
    for _ in range(repeat):
        ta, tb = min(ta, _once(a)), min(tb, _once(b))
    return ta, tb


def peak_rss_mb(cmd: list[str]) -> float:
    """The largest resident set of any process the command ran (ru_maxrss of the waited-for children)."""
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
            "stderr=subprocess.DEVNULL); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code, *cmd], capture_output=True, text=True, check=True,
                         env=ENV).stdout
    return int(out.strip()) / 1024


def main(n: int = 600, rss_n: int = 3000) -> None:
    # JX_PYTHON: another interpreter whose jixiao to time (an older checkout's venv, for before/after figures)
    jx = [os.environ.get("JX_PYTHON", sys.executable), "-m", "jixiao.addin.cli"]
    with tempfile.TemporaryDirectory() as d:
        folder = Path(d) / "forms"
        folder.mkdir()
        files = make_folder(folder, n)
        floor_cmd = [sys.executable, "-c", FLOOR, str(folder)]
        print(f"{n} files on {os.cpu_count()} cores; floor: a Python process reading every cell with calamine; "
              "min of 3 alternating runs")
        for label, cmd in (("score --json", [*jx, "score", str(folder), "--json"]),
                           ("check", [*jx, "check", str(folder)])):
            s, floor = alternate(cmd, floor_cmd)
            print(f"  jixiao {label:<13} {s:6.2f} s, floor {floor:5.2f} s  = {s / floor:4.1f}× the floor  "
                  "(target ≤ 5×)")
        one = run_s([*jx, "check", str(files[0])], 5)
        pandas = run_s([sys.executable, "-c", "import pandas"], 5)
        print(f"  one-file check {one * 1000:.0f} ms = {one / pandas:.2f}× `python -c 'import pandas'` "
              f"({pandas * 1000:.0f} ms; target < 0.33×)")
        if rss_n:
            big = Path(d) / "many"
            big.mkdir()
            make_folder(big, rss_n)
            rss = peak_rss_mb([*jx, "score", str(big), "--json"])
            print(f"  peak RSS of score --json over {rss_n} forms: {rss:.0f} MB (target ≤ 150 MB)")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rss = int(sys.argv[sys.argv.index("--rss") + 1]) if "--rss" in sys.argv else 3000
    if "--rss" in sys.argv:
        args = [a for a in args if a != str(rss)]
    main(int(args[0]) if args else 600, rss)
