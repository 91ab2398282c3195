"""Published 自评表 from departments across China (tests/fixtures/published/), rebuilt as their workbooks.

For every table: jixiao recognises the form, finds exactly the transcribed indicator rows (placeholder,
subtotal and note rows excluded), reproduces every figure the form's own rule determines or reports a
finding (error/warning) at that figure's cell, and reports a finding at the cell of every inconsistency
the table prints.

Cases that fail today are listed in XFAIL with what fails (issue 12); a fix turns them into XPASS,
and then their line here goes.
"""

from __future__ import annotations

import json

import pytest
from conftest import run_cli
from published_books import (
    RATE_TOL,
    SCORE_TOL,
    all_fixtures,
    build,
    determined_figures,
    findings,
    flagged,
    form_sheet,
    indicator_count,
    jixiao_value,
)

# (check, fixture id) → what fails today. check is one of: recognised, rows, figures, inconsistencies.
# Empty: every collected table passes every check.
XFAIL: dict[tuple[str, str], str] = {}

FIXTURES = all_fixtures()


def _cases(check: str, only=lambda fx: True):
    out = []
    for fx in FIXTURES:
        if not only(fx):
            continue
        reason = XFAIL.get((check, fx["id"]))
        marks = [pytest.mark.xfail(strict=True, reason=f"issue 12: {reason}")] if reason else []
        out.append(pytest.param(fx, id=fx["id"], marks=marks))
    return out


def _run(capsys, tmp_path, fx):
    path = build(fx, tmp_path / f"{fx['id']}.xlsx")
    _, out = run_cli(capsys, "score", path, "--json")
    score = json.loads(out)
    _, out = run_cli(capsys, "check", path, "--json")
    check = json.loads(out)
    return score, check


def test_fixture_set():
    """The collected set: ≥ 19 tables, the schema's keys, every stated and determined cell inside the grid."""
    assert len(FIXTURES) >= 19
    for fx in FIXTURES:
        for key in ("source", "title", "region", "year", "family", "unit", "truncated", "notes", "grid", "merges",
                    "stated", "determined", "inconsistencies"):
            assert key in fx, (fx["id"], key)
        assert fx["family"] in {"hubei_20_40_40", "yunnan_14", "sichuan_xianjie", "national_2020_10", "xinjiang",
                                "overall_dept", "other"}
        assert fx["unit"] in {"万元", "元"}
        width = max(len(r) for r in fx["grid"])
        assert all(len(r) == width for r in fx["grid"]), fx["id"]
        for kind, fig in determined_figures(fx):
            assert _in_grid(fx, fig["cell"]), (fx["id"], kind, fig["cell"])
        for inc in fx["inconsistencies"]:
            assert _in_grid(fx, inc["cell"]), (fx["id"], inc["cell"])
        for ref in list(fx.get("number_cells", {})) + list(fx.get("percent_cells", {})):
            assert _printed(fx, ref) != "", (fx["id"], ref)


def _coords(ref: str) -> tuple[int, int]:
    letters = "".join(ch for ch in ref if ch.isalpha())
    c = 0
    for ch in letters:
        c = c * 26 + ord(ch) - 64
    return int(ref[len(letters):]), c


def _in_grid(fx, ref) -> bool:
    r, c = _coords(ref)
    return 1 <= r <= len(fx["grid"]) and 1 <= c <= len(fx["grid"][0])


def _printed(fx, ref) -> str:
    r, c = _coords(ref)
    return fx["grid"][r - 1][c - 1]


@pytest.mark.parametrize("fx", _cases("recognised"))
def test_recognised(fx, tmp_path, capsys):
    score, _ = _run(capsys, tmp_path, fx)
    f = score["files"][0]
    assert f["error"] is None
    sheet = form_sheet(score)
    assert sheet is not None, f"not recognised as a 自评表: skipped={f.get('skipped')}"
    assert sheet["kind"] in ("project", "overall")


@pytest.mark.parametrize("fx", _cases("rows"))
def test_indicator_rows(fx, tmp_path, capsys):
    score, _ = _run(capsys, tmp_path, fx)
    sheet = form_sheet(score)
    assert sheet is not None
    got = [i.get("cell") for i in sheet.get("indicators") or []]
    want = [i["cell"] for i in fx["stated"]["indicators"]]
    assert len(got) == indicator_count(fx), f"{len(got)} indicator rows {got}, the table has {len(want)} {want}"


@pytest.mark.parametrize("fx", _cases("figures", lambda fx: bool(determined_figures(fx))))
def test_determined_figures(fx, tmp_path, capsys):
    score, check = _run(capsys, tmp_path, fx)
    sheet = form_sheet(score)
    assert sheet is not None
    found = findings(check, sheet["sheet"])
    missed = []
    for kind, fig in determined_figures(fx):
        got = jixiao_value(sheet, kind, fig["cell"])
        tol = RATE_TOL if kind == "rate" else SCORE_TOL
        if isinstance(got, (int, float)) and abs(got - fig["value"]) <= tol:
            continue
        if flagged(found, fig["cell"]):
            continue
        missed.append(f"{kind} {fig['cell']}: form's rule {fig['value']}, jixiao {got}, no error/warning there")
    assert not missed, "; ".join(missed)


@pytest.mark.parametrize("fx", _cases("inconsistencies", lambda fx: bool(fx["inconsistencies"])))
def test_inconsistencies_flagged(fx, tmp_path, capsys):
    _, check = _run(capsys, tmp_path, fx)
    found = findings(check)
    silent = [f"{i['cell']}: {i['what']}" for i in fx["inconsistencies"] if not flagged(found, i["cell"], severities=None)]
    assert not silent, "no finding at " + "; ".join(silent)
