"""`jixiao summarize` over 15 and over 150 copies of one form, as whole commands: deduplication is linear,
so ten times the copies take about ten times the time, not a hundred (the issue measured 1.2 s and 70 s).
tests/test_dedupe.py holds the same claim by counting operations.

    python benchmarks/bench_dedupe.py [SMALL] [LARGE]      (defaults 15 and 150)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import alternate

SAMPLE = Path(__file__).resolve().parents[1] / "templates" / "samples" / "seed001_部门整体支出绩效自评表.xlsx"


def main(small: int = 15, large: int = 150) -> None:
    jx = [sys.executable, "-m", "jixiao.addin.cli", "summarize"]
    with tempfile.TemporaryDirectory() as d:
        folders = []
        for n in (small, large):
            folder = Path(d) / f"copies{n}"
            folder.mkdir()
            for i in range(n):
                shutil.copy(SAMPLE, folder / f"副本{i:03d}.xlsx")
            folders.append(folder)
        a, b = alternate([*jx, str(folders[0]), "-o", str(Path(d) / "a.xlsx")],
                         [*jx, str(folders[1]), "-o", str(Path(d) / "b.xlsx")])
        print(f"summarize {small} copies of one form {a:.2f} s, {large} copies {b:.2f} s: ×{b / a:.1f} "
              f"for ×{large / small:g} the files (linear: about ×{large / small:g}; quadratic: ×{(large / small) ** 2:g})")


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:3]]
    main(*args)
