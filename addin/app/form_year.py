"""The year a form is about, as its title or a 年度 field says: one reading for the summary and the report."""

from __future__ import annotations

import re
import unicodedata

from jixiao.addin.ooxml.grid import Grid
from jixiao.templates.model import Form

_YEAR = re.compile(r"((?:19|20)\d\d)\s*年\s*度")


def form_year(form: Form, grid: Grid | None) -> int | None:
    """The year the form is about: "（2023年度）" / "2023年度项目支出绩效自评表" above it, or a 年度 label's value
    (监控年度 2024) in its header rows."""
    if grid is None:
        return None
    top = _first_row(form)
    rows = range(max(1, top - 6), top + 3)
    for r in rows:
        for c in range(1, min(grid.max_col, 40) + 1):
            v = grid.value(r, c)
            if isinstance(v, str):
                m = _YEAR.search(unicodedata.normalize("NFKC", v))
                if m:
                    return int(m.group(1))
                if v.strip().endswith("年度") and len(v.strip()) <= 6:  # 年度 / 监控年度 / 评价年度: the value beside
                    for cc in range(c + 1, min(c + 4, grid.max_col) + 1):
                        y = grid.value(r, cc)
                        if isinstance(y, (int, float)) and 1990 <= y <= 2099 and y == int(y):
                            return int(y)
                        if isinstance(y, str) and re.fullmatch(r"\s*(?:19|20)\d\d\s*年?\s*", y):
                            return int(re.search(r"\d{4}", y).group())
    return None


def _first_row(form: Form) -> int:
    rows = [f.row for f in form.header.values()]
    if form.funds is not None:
        rows += [f.row for f in (form.funds.budget, form.funds.spent, form.funds.budget_initial) if f is not None]
    rows += [f.row for _what, f in form.body.cells()][:1]  # the body's first cell (its table starts there)
    rows = [r for r in rows if r]
    return min(rows) if rows else 1
