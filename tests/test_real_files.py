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
import zipfile

import pytest
from openpyxl import load_workbook
from real_cache import ENTRIES
from real_cache import cached as _cached
from real_layouts import (
    BUILDERS,
    build_central_xmk_export,
    build_icontrol_project_declaration,
    build_icontrol_target_export,
    build_multiyear_declaration,
    build_xmk_template_2019,
)


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


@pytest.mark.parametrize("filled", [False, True])
def test_multiyear_declaration_has_two_header_rows_and_fixed_blocks(tmp_path, filled):
    path = tmp_path / "multiyear.xlsx"
    expect = build_multiyear_declaration(path, filled=filled)["Sheet1"]
    ws = load_workbook(path)["Sheet1"]
    assert (ws["C8"].value, ws["E8"].value) == ("三级指标", "指标值")
    assert (ws["E9"].value, ws["G9"].value, ws["H9"].value) == ("总体", "第一年度", "第二年度")
    assert "C8:D9" in {str(m) for m in ws.merged_cells.ranges}
    assert [r["row"] for r in expect["named_rows"]] == [10, 11, 13, 14, 16, 17, 25, 34, 35, 36]
    assert {r["unit"] for r in expect["named_rows"]} == {"人", "个", "%"}
    assert ws["J9"].value.startswith("3.一、二级指标固定")
    assert len(expect["indicators"]) == (10 if filled else 0)
    assert (ws["E10"].value is None) is (not filled)


def test_multiyear_export_template_keeps_its_placeholders(tmp_path):
    path = tmp_path / "jxls.xlsx"
    expect = build_multiyear_declaration(path, placeholders=True)["Sheet1"]
    ws = load_workbook(path)["Sheet1"]
    assert ws["A10"].value.startswith("{{$fe:") and ws["H10"].value.endswith("}}")
    assert expect["indicators"] == [] and expect["placeholder_rows"] == [10]


def test_xmk_template_2019_declaration_has_three_funds_rows_and_empty_text_cells(tmp_path):
    path = tmp_path / "xmk2019.xlsx"
    expect = build_xmk_template_2019(path)
    book = load_workbook(path)
    assert book.sheetnames[-2:] == ["项目支出明细2019", "项目支出绩效目标申报表"]
    ws = book["项目支出绩效目标申报表"]
    assert ws["A2"].value == "项目支出绩效目标申报表（生成表）" and ws["A3"].value == "( 2019年度)"
    assert [ws[f"D{r}"].value.strip() for r in (8, 9, 10)] == ["中期资金总额：", "其中：财政拨款", "其他资金"]
    assert ws["F13"].value == "二级指标" and ws["I13"].value == "指标值"
    assert ws["E8"].value is None and ws["G8"].value is None
    assert expect["项目支出绩效目标申报表"]["funds"]["status"] == "未填写"
    # 项目基本信息 B13 is a text cell of length zero, as WPS wrote it: present in the file, not a blank
    sheet_xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert '<c r="B13" t="inlineStr"' in sheet_xml
    assert expect["项目基本信息"]["empty_text_cells"] == ["B13"]


@pytest.mark.parametrize("filled", [False, True])
def test_icontrol_exports_name_the_indicator_by_their_own_columns(tmp_path, filled):
    target = tmp_path / "target.xlsx"
    expect = build_icontrol_target_export(target, filled=filled)["绩效目标台账"]
    ws = load_workbook(target)["绩效目标台账"]
    assert [ws[f"{c}2"].value for c in "ABCD"] == ["一级指标", "二级指标", "指标内容", "指标值"]
    assert len(expect["indicators"]) == (5 if filled else 0)
    project = tmp_path / "project.xlsx"
    expect = build_icontrol_project_declaration(project, filled=filled)
    ws = load_workbook(project)["项目支出绩效目标"]
    assert [ws[f"{c}3"].value for c in "ABCD"] == ["序号", "一级指标", "二级指标", "指标值"]
    names = [r["name"] for r in expect["项目支出绩效目标"]["indicators"]]
    assert names == ([ws[f"C{4 + i}"].value for i in range(5)] if filled else [])
