"""xlwings without the optional libraries it probes when imported.

xlwings tries ``import numpy``, ``pandas``, ``matplotlib``, ``plotly`` and ``PIL`` at import time and uses each
only for values of its type. The JX_ functions and the ribbon take and return numbers and text, so none of
them is needed there, and pandas + numpy alone cost about 0.4 s of a cold start (more on an office PC whose
antivirus scans every file opened). While xlwings is imported they are marked absent
(``sys.modules[name] = None`` makes ``import name`` raise ImportError, which xlwings catches); afterwards
the marks are removed, so an action that needs pandas (汇总文件夹) still imports it as usual.
"""

from __future__ import annotations

import sys

OPTIONAL = ("pandas", "numpy", "matplotlib", "plotly", "PIL")


def import_xlwings():
    """The xlwings module, imported without its optional libraries unless something loaded them already."""
    if "xlwings" in sys.modules:
        return sys.modules["xlwings"]
    marked = [m for m in OPTIONAL if m not in sys.modules]
    for m in marked:
        sys.modules[m] = None  # type: ignore[assignment]
    try:
        import xlwings
    finally:
        for m in marked:
            if sys.modules.get(m, 0) is None:
                del sys.modules[m]
    return xlwings
