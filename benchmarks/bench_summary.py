"""`jixiao summarize` over 1,000 workbooks, seconds printed beside python-calamine's raw read of the same files.

    python benchmarks/bench_summary.py [N_FILES]      (default 1000)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_score import calamine_ms, make_folder


def main(n: int = 1000) -> None:
    from jixiao.addin.app.summarize import summarize

    with tempfile.TemporaryDirectory() as d:
        files = make_folder(Path(d), n)
        raw = calamine_ms(files) * n / 1000
        t0 = time.perf_counter()
        res = summarize([d], Path(d) / "汇总.xlsx")
        dt = time.perf_counter() - t0
        print(f"{n} workbooks summarised in {dt:.1f} s ({res.totals['forms']} forms); "
              f"calamine raw read of the same files {raw:.1f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
