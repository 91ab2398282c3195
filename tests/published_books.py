"""Workbooks rebuilt from the published tables in tests/fixtures/published/ (see its README.md).

Each fixture is one department's published 自评表, transcribed cell by cell. :func:`build` lays it out
as that department's attachment: its grid, merges and column order, amounts/weights/scores as numbers
where ``number_cells`` says so, rates as %-formatted fractions where ``percent_cells`` says so, and every
other cell as the text printed (text that starts with "=" stays text, never a formula).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Side
from openpyxl.utils import get_column_letter

FIXTURES = Path(__file__).parent / "fixtures" / "published"

_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def all_fixtures() -> list[dict]:
    """Every published fixture, sorted by id."""
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.json"))]


def fixture(fid: str) -> dict:
    return json.loads((FIXTURES / f"{fid}.json").read_text(encoding="utf-8"))


def _decimals(text: str) -> int:
    m = re.search(r"\.(\d+)", text)
    return len(m.group(1)) if m else 0


def number_format(printed: str, percent: bool) -> str:
    """The cell format that shows the number as the table printed it ("1,234.50", "86.19%", "10.00")."""
    d = _decimals(printed)
    frac = "." + "0" * d if d else ""
    if percent:
        return f"0{frac}%"
    if "," in printed:
        return f"#,##0{frac}"
    return f"0{frac}" if d else "General"


def _sheet_title(fx: dict) -> str:
    bad = '[]:*?/\\'
    name = "".join("_" if ch in bad else ch for ch in fx.get("sheet") or fx["id"])
    return name[:31]


def build(fx: dict, path: Path | str) -> Path:
    """Write the fixture ``fx`` as an .xlsx at ``path``; return the path."""
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_title(fx)
    numbers = fx.get("number_cells") or {}
    percents = fx.get("percent_cells") or {}
    width = max((len(r) for r in fx["grid"]), default=0)
    for r, row in enumerate(fx["grid"], start=1):
        for c, text in enumerate(row, start=1):
            ref = f"{get_column_letter(c)}{r}"
            cell = ws[ref]
            cell.border = _BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if ref in percents:
                cell.value = percents[ref]
                cell.number_format = number_format(text, percent=True)
            elif ref in numbers:
                cell.value = numbers[ref]
                cell.number_format = number_format(text, percent=False)
            elif text != "":
                cell.value = text
                cell.data_type = "s"  # as typed: "=100%" or "=8个" is text, not a formula
    for rng in fx.get("merges", []):
        ws.merge_cells(rng)
    for c in range(1, width + 1):
        ws.column_dimensions[get_column_letter(c)].width = 14
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def build_all(folder: Path | str) -> list[tuple[dict, Path]]:
    """Build every fixture into ``folder`` (one workbook each, named by id)."""
    folder = Path(folder)
    return [(fx, build(fx, folder / f"{fx['id']}.xlsx")) for fx in all_fixtures()]


# ---------------------------------------------------------------------------------------------------------------
# Judging jixiao's output against a fixture (shared by tests/test_published.py and benchmarks/realworld.py)

RATE_TOL = 0.00005  # a rate is a fraction with four decimals (two of a percent)
SCORE_TOL = 0.005  # scores and totals carry two decimals


def form_sheet(score_json: dict) -> dict | None:
    """The recognised 自评表 in ``jixiao score --json`` output of one workbook, or None."""
    for f in score_json.get("files", []):
        if f.get("error"):
            continue
        for s in f.get("sheets", []):
            if s.get("kind") in ("project", "overall") and s.get("sheet") not in (f.get("skipped") or []):
                return s
    return None


def findings(check_json: dict, sheet: str | None = None) -> list[dict]:
    out = []
    for f in check_json.get("files", []):
        for x in f.get("findings") or []:
            if sheet is None or x.get("sheet") == sheet:
                out.append(x)
    return out


def indicator_count(fx: dict) -> int:
    """The transcribed indicator rows (placeholder, subtotal and note rows are not in the list)."""
    return len(fx["stated"].get("indicators", []))


def determined_figures(fx: dict) -> list[tuple[str, dict]]:
    """(kind, figure) for every figure the form's rule determines: rate, rate_score, total, indicator."""
    det = fx.get("determined") or {}
    out = [(k, det[k]) for k in ("rate", "rate_score", "total") if k in det]
    out += [("indicator", d) for d in det.get("indicators", [])]
    return out


def jixiao_value(sheet: dict, kind: str, cell: str):
    """What jixiao reports for a figure at ``cell`` (None when it reports nothing there)."""
    funds = sheet.get("funds") or {}
    if kind == "rate":
        return funds.get("rate") if funds.get("rate_cell") == cell else None
    if kind == "rate_score":
        return funds.get("score") if funds.get("cell") == cell else None
    if kind == "total":
        return sheet.get("total") if sheet.get("total_cell") == cell else None
    for ind in sheet.get("indicators") or []:
        if ind.get("cell") == cell:
            return ind.get("score")
    return None


def reproduced(sheet: dict, kind: str, fig: dict) -> bool:
    got = jixiao_value(sheet, kind, fig["cell"])
    if not isinstance(got, (int, float)):
        return False
    tol = RATE_TOL if kind == "rate" else SCORE_TOL
    return abs(got - fig["value"]) <= tol


def flagged(found: list[dict], cell: str, severities=("error", "warning")) -> bool:
    return any(x.get("cell") == cell and (severities is None or x.get("severity") in severities) for x in found)


def evaluate(fx: dict, score_json: dict, check_json: dict) -> dict:
    """How jixiao did on one published table: recognised, row count, each determined figure, each inconsistency."""
    sheet = form_sheet(score_json)
    res = {"id": fx["id"], "recognised": sheet is not None, "rows_expected": indicator_count(fx), "rows_found": None,
           "figures": [], "inconsistencies": []}
    if sheet is None:
        res["figures"] = [(k, f["cell"], f["value"], None, False, False) for k, f in determined_figures(fx)]
        res["inconsistencies"] = [(i["cell"], False) for i in fx.get("inconsistencies", [])]
        return res
    found = findings(check_json, sheet["sheet"])
    res["rows_found"] = len(sheet.get("indicators") or [])
    for kind, fig in determined_figures(fx):
        ok = reproduced(sheet, kind, fig)
        res["figures"].append((kind, fig["cell"], fig["value"], jixiao_value(sheet, kind, fig["cell"]), ok,
                               flagged(found, fig["cell"])))
    res["inconsistencies"] = [(i["cell"], flagged(found, i["cell"], severities=None)) for i in fx.get("inconsistencies", [])]
    return res
