"""Property-based: a valid 自评表 mutated the way files get damaged or mistyped (cell values of any type, new
merges, dropped or truncated parts) never makes a command print a traceback, never changes the input,
exits 0/1/2, and whatever recompute writes is a workbook that jixiao and LibreOffice open."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from builders import Variant, project_workbook
from corpus import CLEAN
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jixiao.addin.cli import main
from jixiao.addin.ooxml import read_workbook
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.utils.exceptions import IllegalCharacterError

CELL_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**9),
    st.floats(allow_nan=True, allow_infinity=True, width=64),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
    st.text(max_size=30), st.sampled_from(["=1/0", "=HYPERLINK(\"http://x\",\"y\")", "#DIV/0!", "三十万", "≥", "—", "/",
                                           "100%", "1,234.5", "≤2次", "2023年13月1日", "达成", "\t=SUM(A1)"]),
)
CELLS = st.tuples(st.integers(1, 22), st.integers(1, 10))
PARTS = ("xl/styles.xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/workbook.xml",
         "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "docProps/app.xml")


def _base(tmp_path_factory) -> bytes:
    p = tmp_path_factory.mktemp("base") / "base.xlsx"
    project_workbook(p, [CLEAN], Variant())
    return p.read_bytes()


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return _base(tmp_path_factory)


def _mutate(base: bytes, values, merges, drop, cut) -> bytes:
    wb = load_workbook(io.BytesIO(base))
    ws = wb.worksheets[0]
    for (r, c), v in values:
        cell = ws.cell(r, c)
        if isinstance(cell, MergedCell):  # covered by a merge: Excel keeps no value there either
            continue
        try:
            cell.value = v
        except (ValueError, TypeError, IllegalCharacterError):  # openpyxl refuses some values (control characters): a real file can't hold them
            continue
        if isinstance(v, str) and v[:1] in "=\t":
            cell.data_type = "s"
    for (r1, c1), (r2, c2) in merges:
        try:
            ws.merge_cells(start_row=min(r1, r2), start_column=min(c1, c2), end_row=max(r1, r2), end_column=max(c1, c2))
        except ValueError:
            continue
    buf = io.BytesIO()
    wb.save(buf)
    raw = buf.getvalue()
    if drop is None and cut is None:
        return raw
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == drop:
                continue
            if info.filename == (cut[0] if cut else None):
                data = data[: max(1, int(len(data) * cut[1]))]
            zout.writestr(info, data)
    return out.getvalue()


def _run(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    got = capsys.readouterr()
    return code, got.out + got.err


OUTPUTS: list[Path] = []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(values=st.lists(st.tuples(CELLS, CELL_VALUES), max_size=6),
       merges=st.lists(st.tuples(CELLS, CELLS), max_size=2),
       drop=st.one_of(st.none(), st.sampled_from(PARTS)),
       cut=st.one_of(st.none(), st.tuples(st.sampled_from(PARTS), st.floats(0.05, 0.95))))
def test_mutated_workbooks_are_handled(base, tmp_path_factory, capsys, values, merges, drop, cut):
    folder = tmp_path_factory.mktemp("m")
    src = folder / "form.xlsx"
    src.write_bytes(_mutate(base, values, merges, drop, cut))
    before = src.read_bytes()
    out = folder / "out.xlsx"
    for argv in (("score", src, "--json"), ("check", src, "--json"), ("check", src), ("recompute", src, "-o", out)):
        code, text = _run(capsys, *argv)
        assert code in (0, 1, 2), (argv, code, text)
        assert "Traceback" not in text and "内部错误" not in text, (argv, text)
    assert src.read_bytes() == before
    if out.exists():
        read_workbook(out)  # what recompute wrote reads back
        if len(OUTPUTS) < 6:
            keep = tmp_path_factory.getbasetemp() / f"lo_{len(OUTPUTS)}.xlsx"
            shutil.copy(out, keep)
            OUTPUTS.append(keep)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_what_recompute_wrote_from_mutations(tmp_path, capsys, base):
    """A few recompute outputs of mutated forms (those of the property test, else made here), converted by
    LibreOffice: each opens and gives a PDF."""
    outs = list(OUTPUTS)
    if not outs:
        for i, value in enumerate(["三十万", 12.5, "=1/0", None]):
            src = tmp_path / f"s{i}.xlsx"
            src.write_bytes(_mutate(base, [((13, 6), value)], [], None, None))
            dst = tmp_path / f"o{i}.xlsx"
            _run(capsys, "recompute", src, "-o", dst)
            if dst.exists():
                outs.append(dst)
    assert outs
    pdfs = tmp_path / "pdf"
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(pdfs), *map(str, outs)],
                   capture_output=True, timeout=300, check=False)
    assert sorted(p.stem for p in pdfs.glob("*.pdf")) == sorted(p.stem for p in outs)


@pytest.mark.parametrize(("drop", "cut"), [("[Content_Types].xml", None), (None, ("[Content_Types].xml", 0.5))])
def test_recompute_refuses_a_package_excel_cannot_open(tmp_path, capsys, base, drop, cut):
    """jixiao reads a workbook whose content-type table is missing or cut; Excel and LibreOffice do not, so a
    copy written from it would not open either: recompute says so and writes nothing."""
    src = tmp_path / "form.xlsx"
    src.write_bytes(_mutate(base, [((13, 6), "12.5")], [], drop, cut))
    out = tmp_path / "out.xlsx"
    code, text = _run(capsys, "recompute", src, "-o", out)
    assert code == 2 and "[Content_Types].xml" in text and "另存" in text and not out.exists()
    code, text = _run(capsys, "score", src, "--json")
    assert code == 0  # it still reads and scores
