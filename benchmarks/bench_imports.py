"""Cold import times of what Excel starts: the UDF module (the UDF server's first JX_ call) and the ribbon
dispatch (every button click is a fresh Python), as the add-in's command lines import them (xlwings through
jixiao.udfs.lean_xlwings), against `import xlwings` as xlwings itself does it (pandas, numpy probed) and a
bare interpreter, each in a new process, min of N runs. Prints whether pandas or numpy got loaded.

    python benchmarks/bench_imports.py [RUNS]
"""

from __future__ import annotations

import json
import subprocess
import sys

CASES = {
    "python (bare interpreter)": "pass",
    "import xlwings (as xlwings does: pandas, numpy probed)": "import xlwings",
    "UDF module jixiao.udfs.xl": "import jixiao.udfs.lean_xlwings as l; l.import_xlwings(); import jixiao.udfs.xl",
    "ribbon dispatch jixiao.addin.excel.actions": ("import jixiao.udfs.lean_xlwings as l; l.import_xlwings(); "
                                                   "import jixiao.addin.excel.actions"),
}
PROBE = """
import sys, time, json
t = time.perf_counter()
{code}
dt = time.perf_counter() - t
print(json.dumps([dt, "pandas" in sys.modules, "numpy" in sys.modules]))
"""


def cold(code: str, runs: int) -> tuple[float, bool, bool]:
    best = None
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", PROBE.format(code=code)], capture_output=True, text=True,
                             check=True).stdout
        dt, pandas, numpy = json.loads(out.strip().splitlines()[-1])
        best = dt if best is None else min(best, dt)
    return best, pandas, numpy


def main(runs: int = 5) -> None:
    base = None
    for name, code in CASES.items():
        dt, pandas, numpy = cold(code, runs)
        if "import xlwings (" in name:
            base = dt
        ratio = f"{dt / base:5.2f}× xlwings" if base else ""
        print(f"{name:55s} {dt * 1000:7.0f} ms  pandas={'yes' if pandas else 'no ':3s} "
              f"numpy={'yes' if numpy else 'no ':3s} {ratio}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
