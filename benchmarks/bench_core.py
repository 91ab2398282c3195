"""Throughput of the scoring core: 100,000 indicator rows (parse + score), rows/s printed.

    python benchmarks/bench_core.py [ROWS]
"""

from __future__ import annotations

import random
import sys
import time

from jixiao.udfs import score_indicator

SPELLINGS = [
    (">=3 次", "=3 次"), ("≥90%", "=99.38%"), ("≤162 人", "=161 人"), ("<=55.20万元", "=52.49万元"),
    ("=100%", 0.9938), ("2023 年 12 月 10 日前", "=2023 年 12 月 10 日"), ("显著加强", "显著加强"),
    ("不低于95%", "96%"), ("1,994.00", "693.68"), ("100人/次", "已完成"),
]


def main(rows: int = 100_000) -> None:
    rnd = random.Random(7)
    data = [(*rnd.choice(SPELLINGS), rnd.choice((5, 10, 15, 20))) for _ in range(rows)]
    for profile in ("national", "xinjiang"):
        t0 = time.perf_counter()
        acc = 0.0
        for target, actual, weight in data:
            acc += score_indicator(target, actual, weight, profile).score
        dt = time.perf_counter() - t0
        print(f"{profile:9s} {rows:,} rows in {dt:.2f} s = {rows / dt:,.0f} rows/s (checksum {acc:.2f})")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
