"""Real files (tests/fixtures/real/manifest.toml) and the workbooks that rebuild their layouts.

The real files are not in git: where the local cache holds them (/work/real-cache, or JIXIAO_REAL_DIR)
each must be the file the manifest names (sha256, size) and must go through the whole pipeline without an
internal error. Where the cache is absent those tests skip. The layout builders (tests/real_layouts.py)
run everywhere: each writes a workbook that opens as a readable file with the sheets its expectations
name. What the engine should read from them is in the manifest and in each builder's `expect`; the tests
that hold the engine to it belong to the engine work of issues 24 and 25.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from pathlib import Path

import pytest
from openpyxl import load_workbook
from real_layouts import BUILDERS, build_central_xmk_export

MANIFEST = Path(__file__).parent / "fixtures" / "real" / "manifest.toml"
ENTRIES = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))["file"]


def _cache_dir() -> Path:
    return Path(os.environ.get("JIXIAO_REAL_DIR", "/work/real-cache"))


def _cached(entry: dict) -> Path:
    path = _cache_dir() / f"{entry['id']}.{entry['ext']}"
    if not path.is_file():
        pytest.skip(f"real file {path.name} not in the local cache {_cache_dir()} (see tests/fixtures/real/README.md)")
    return path


def test_manifest_entries_are_complete():
    ids = [e["id"] for e in ENTRIES]
    assert len(ids) == len(set(ids))
    for e in ENTRIES:
        for key in ("repository", "commit", "path", "sha256", "size", "application", "kinds"):
            assert e.get(key), (e["id"], key)
        assert len(e["commit"]) == 40 and len(e["sha256"]) == 64
        assert e.get("derived_from") in (None, *ids)
        assert e["sheet"], e["id"]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_cached_file_is_the_one_in_the_manifest(entry):
    data = _cached(entry).read_bytes()
    assert len(data) == entry["size"]
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"] for e in ENTRIES])
def test_cached_file_goes_through_the_pipeline(entry):
    from jixiao.addin.app.pipeline import run

    path = _cached(entry)
    result = run(path)  # an internal error raises here
    wb = result.workbook
    assert wb.error is None, wb.error
    seen = {f.sheet for f in wb.forms} | {s.sheet for s in wb.skipped}
    assert {s["name"] for s in entry["sheet"]} <= seen


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_builder_writes_a_readable_workbook(tmp_path, name):
    path = tmp_path / f"{name}.xlsx"
    expect = BUILDERS[name](path)
    book = load_workbook(path)
    assert set(expect) <= set(book.sheetnames)
    for sheet in expect:
        assert book[sheet].max_row > 1


@pytest.mark.parametrize("declaration", ["blank", "filled"])
@pytest.mark.parametrize("funds", ["absent", "blank", "filled"])
def test_central_export_variants_are_readable(tmp_path, declaration, funds):
    path = tmp_path / "central.xlsx"
    expect = build_central_xmk_export(path, declaration=declaration, selfeval_funds=funds)
    ws = load_workbook(path)["项目支出绩效自评表"]
    goal_row = {"absent": 7, "blank": 8, "filled": 11}[funds]
    assert ws[f"A{goal_row}"].value == "年度总体目标"
    assert expect["项目支出绩效自评表"]["funds"]["status"] == ("filled" if funds == "filled" else "未填写")
    decl = load_workbook(path)["项目支出绩效目标申报表"]
    assert decl["F14"].value == "二级指标" and decl["I14"].value == "指标值"
    assert len(expect["项目支出绩效目标申报表"]["indicators"]) == (6 if declaration == "filled" else 0)


def test_text_stored_amounts_stay_text(tmp_path):
    path = tmp_path / "central.xlsx"
    build_central_xmk_export(path)
    ws = load_workbook(path)["项目支出绩效目标执行监控"]
    assert ws["H8"].value == "80.00" and ws["N8"].value == "37.50%"
    assert ws["F22"].value == "一般" and ws["G22"].value == "100%"
