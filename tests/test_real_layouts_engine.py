"""Issue 25: the engine on workbooks laid out as real ones were seen (tests/real_layouts.py builds each with
invented figures; the real files, where the local cache holds them, are in test_real_files.py).

Each test names the case of the issue it holds the engine to and checks what the builder's `expect` says a
correct reading gives — and, for the findings, that the false ones are gone."""

from __future__ import annotations

import json

import pytest
from conftest import run_cli, run_cli_streams
from jixiao.addin.app.pipeline import run
from openpyxl import load_workbook
from real_layouts import (
    build_central_xmk_export,
    build_chongqing_overall,
    build_hubei_subheader,
    build_national_standard_in_name,
    build_ningxia_project,
    build_text_in_number_cell,
)


def _sheet(path, name):
    wb = run(path).workbook
    return next(f for f in wb.forms if f.sheet == name)


def _findings(path, sheet=None):
    res = run(path)
    from jixiao.addin.render.findings import as_json

    return [as_json(f) for f in res.findings if sheet in (None, f.sheet)]


def _score_json(capsys, path) -> dict:
    _code, out = run_cli(capsys, "score", path, "--json")
    return {s["sheet"]: s for s in json.loads(out)["files"][0]["sheets"]}


# --- a data row is told from a label row by content ----------------------------------------------------

@pytest.mark.parametrize("funds", ["absent", "blank"])
def test_missing_or_blank_funds_row_is_unfilled_once(tmp_path, capsys, funds):
    """The 项目库 export goes from its 项目资金 header straight to 年度总体目标 | 预期目标 | 实际完成情况 (or
    leaves one blank row): funds 未填写, one finding, no JX024 on the label row."""
    path = tmp_path / "central.xlsx"
    expect = build_central_xmk_export(path, selfeval_funds=funds)["项目支出绩效自评表"]
    sheet = _score_json(capsys, path)["项目支出绩效自评表"]
    assert sheet["funds"]["status"] == expect["funds"]["status"] == "未填写"
    assert sheet["funds"]["budget"] is None and sheet["funds"]["cell"] is None
    fs = _findings(path, "项目支出绩效自评表")
    assert [f["code"] for f in fs if f["code"] == "JX045"] == ["JX045"]
    assert not [f for f in fs if f["code"] == "JX024"]
    assert not [f for f in fs if f["severity"] == "error"]


@pytest.mark.parametrize("funds", ["absent", "blank", "filled"])
def test_recompute_plans_no_write_into_a_label_cell(tmp_path, funds):
    from jixiao.addin.app.recompute import label_cells, planned_writes

    path = tmp_path / "central.xlsx"
    build_central_xmk_export(path, selfeval_funds=funds)
    res = run(path, check=False, keep_data=True)
    writes = planned_writes(res.workbook)
    assert label_cells(res.data, writes) == []
    goal_row = {"absent": 7, "blank": 8, "filled": 11}[funds]
    assert not [w for w in writes if w.sheet == "项目支出绩效自评表" and w.address.endswith(str(goal_row))]


def test_filled_funds_row_with_text_stored_numbers_is_read(tmp_path, capsys):
    path = tmp_path / "central.xlsx"
    expect = build_central_xmk_export(path, selfeval_funds="filled")["项目支出绩效自评表"]["funds"]
    got = _score_json(capsys, path)["项目支出绩效自评表"]["funds"]
    for k in ("budget_initial", "budget", "spent", "rate", "weight", "score"):
        assert got[k] == pytest.approx(expect[k]), k
    assert "status" not in got


# --- text in a number cell ---------------------------------------------------------------------------

def test_text_in_a_number_cell_is_one_finding_at_that_cell(tmp_path):
    path = tmp_path / "text.xlsx"
    expect = build_text_in_number_cell(path)["项目支出绩效自评表"]["funds"]["spent_text"]
    fs = [f for f in _findings(path) if f["code"] == "JX046"]
    at = [f for f in fs if f["cell"] == expect["cell"]]
    assert len(at) == 1
    assert at[0]["message"].startswith("执行数“12.3万元”是文字，表中公式会显示 #VALUE!，请只填数字")
    assert at[0]["severity"] == "error"


def test_recompute_fix_text_numbers_writes_the_number_and_quotes_the_text(tmp_path, capsys):
    path = tmp_path / "text.xlsx"
    build_text_in_number_cell(path)
    out = tmp_path / "fixed.xlsx"
    code, _out, stderr = run_cli_streams(capsys, "recompute", path, "-o", out, "--fix-text-numbers")
    assert code == 0
    assert "12.3万元" in stderr and "F6" in stderr
    ws = load_workbook(out)["项目支出绩效自评表"]
    assert ws["F6"].value == 12.3 and ws["F7"].value == 12.3
    assert ws["H6"].value == "=F6/E6"  # the form's own formulas stay
    assert not [f for f in _findings(out) if f["code"] == "JX046"]
    # without the option the text stays as typed
    plain = tmp_path / "plain.xlsx"
    run_cli_streams(capsys, "recompute", path, "-o", plain)
    assert load_workbook(plain)["项目支出绩效自评表"]["F6"].value == "12.3万元"


def test_text_stored_plain_numbers_are_not_text_findings(tmp_path):
    """WPS and system exports store '80.00' as text: Excel's arithmetic reads them; no finding."""
    path = tmp_path / "central.xlsx"
    build_central_xmk_export(path, selfeval_funds="filled")
    assert not [f for f in _findings(path) if f["code"] == "JX046"]


# --- monitor columns in the exports' spellings ---------------------------------------------------------

def test_monitor_columns_headed_1_7_execution_and_year_forecast(tmp_path, capsys):
    """The 项目库 export heads the grid 1-7月执行数 / 全年预计执行数: read as the 1-X月 and forecast values."""
    path = tmp_path / "central.xlsx"
    expect = build_central_xmk_export(path)["项目支出绩效目标执行监控"]
    sheet = _score_json(capsys, path)["项目支出绩效目标执行监控"]
    rows = sheet["monitor_indicators"]
    assert sheet["month"] == expect["month"] == 7
    assert [(r["row"], r["name"], r["target"], r["h1"], r["forecast"]) for r in rows] == [
        (e["row"], e["name"], e["target"], e["h1"], e["forecast"]) for e in expect["monitor_indicators"]]
    assert all(r["forecast_cell"] == f"G{r['row']}" and r["can_complete"] is True for r in rows)


@pytest.mark.parametrize("h1_label,forecast_label", [
    ("1-7月执行数", "全年预计执行数"), ("1-7月执行情况", "全年预计完成情况"), ("1-7月完成情况", "全年预计完成值"),
    ("1-7月完成值", "全年预计执行情况")])
def test_monitor_column_spellings(tmp_path, capsys, h1_label, forecast_label):
    path = tmp_path / "central.xlsx"
    build_central_xmk_export(path, monitor_values="numeric")
    wb = load_workbook(path)
    ws = wb["项目支出绩效目标执行监控"]
    ws["F20"], ws["G20"] = h1_label, forecast_label
    wb.save(path)
    rows = _score_json(capsys, path)["项目支出绩效目标执行监控"]["monitor_indicators"]
    assert len(rows) == 14 and all(r["h1"] == "50%" and r["forecast"] == "100%" for r in rows)


def test_unreadable_monitor_value_is_named_never_called_empty(tmp_path, capsys):
    path = tmp_path / "central.xlsx"
    build_central_xmk_export(path)
    fs = [f for f in _findings(path) if f["code"] == "JX037"]
    assert fs and all("为空" not in f["message"] and "“一般”" in f["message"] for f in fs)
    assert all(f["cell"].startswith("F") for f in fs)  # at the value's own cell
    _code, text = run_cli(capsys, "score", path)
    assert "（）" not in text and "“一般”" in text
    # a placeholder typed in the cell is named as typed, too
    wb = load_workbook(path)
    wb["项目支出绩效目标执行监控"]["F22"] = "—"
    wb.save(path)
    f22 = [f for f in _findings(path) if f["code"] == "JX037" and f["cell"] == "F22"]
    assert f22 and "表中填的是“—”" in f22[0]["message"]


# --- the 部门整体 family with 执行率权重 and 得分系数 / 指标权重(分) / 指标得分(分) / 是否核心指标 (重庆) ---------

def test_chongqing_overall_form(tmp_path, capsys):
    path = tmp_path / "cq.xlsx"
    expect = build_chongqing_overall(path)["部门整体绩效自评表"]
    sheet = _score_json(capsys, path)["部门整体绩效自评表"]
    assert sheet["kind"] == expect["kind"] == "overall" and sheet["family"] == "chongqing"
    f = sheet["funds"]
    for k in ("budget_initial", "budget", "spent", "rate", "weight", "score"):
        assert f[k] == pytest.approx(expect["funds"][k]), k
    assert f["cell"] == expect["funds"]["cell"]
    got = [(i["name"], i["weight"], i["score"], i["coefficient"], i["core"]) for i in sheet["indicators"]]
    assert got == [(e["name"], e["weight"], e["score"], e["coefficient"], "是" if e["core"] else "否")
                   for e in expect["indicators"]]
    assert sheet["total"] == expect["total"] == 96.8
    assert sheet["stated_total"] == expect["header"]["stated_total"]
    assert not _findings(path)


def test_chongqing_printed_total_that_differs_is_a_finding(tmp_path):
    path = tmp_path / "cq.xlsx"
    build_chongqing_overall(path)
    wb = load_workbook(path)
    wb.active["J2"] = 97.6
    wb.save(path)
    fs = [f for f in _findings(path) if f["code"] == "JX047"]
    assert [f["cell"] for f in fs] == ["J2"] and "97.60" in fs[0]["message"] and "96.80" in fs[0]["message"]
    wb.active["J2"] = 101  # above what the table can reach (10 + 90)
    wb.save(path)
    fs = [f for f in _findings(path) if f["code"] == "JX047"]
    assert len(fs) == 1 and "100" in fs[0]["message"] and "达不到" in fs[0]["message"]


def test_coefficient_scores_weight_times_coefficient():
    from jixiao.udfs import scoring

    assert scoring.coefficient_score("80%", 5).score == 4.0
    assert scoring.coefficient_score(0.9, 10).score == 9.0
    with pytest.raises(Exception, match="超过 100%"):
        scoring.coefficient_score("120%", 10)


# --- the 决策/管理/产出/效益 family (宁夏) -----------------------------------------------------------------

@pytest.mark.parametrize("weight_label", ["分值", "参考分值"])
def test_ningxia_project_form(tmp_path, capsys, weight_label):
    path = tmp_path / "nx.xlsx"
    expect = build_ningxia_project(path, weight_label=weight_label)["项目支出绩效自评表"]
    sheet = _score_json(capsys, path)["项目支出绩效自评表"]
    assert sheet["family"] == "ningxia"
    f = sheet["funds"]
    for k in ("budget_initial", "budget", "spent", "rate", "weight", "score"):
        assert f[k] == (None if expect["funds"][k] is None else pytest.approx(expect["funds"][k])), k
    got = [(i["cell"][1:], i["name"], i["weight"]) for i in sheet["indicators"]]
    assert got == [(str(e["row"]), e["name"], e["weight"]) for e in expect["indicators"]]
    # rows with 指标值 "—" or blank keep their printed score; 预算执行率 is an indicator row
    by_name = {i["name"]: i for i in sheet["indicators"]}
    assert by_name["完整性"]["score"] == 4 and by_name["完整性"]["score_source"] == "printed"
    assert by_name["预算执行率"]["cell"] == f"G{expect['funds']['rate_indicator_row']}"
    assert by_name["预算执行率"]["score"] == 9
    assert sheet["stated_total"] == expect["header"]["stated_total"]
    fs = _findings(path)
    kept = [f for f in fs if f["code"] == "JX048"]
    assert len(kept) == 8 and all(f["severity"] == "warning" for f in kept)  # one per row, naming it
    assert "“完整性”" in kept[0]["message"]
    assert not [f for f in fs if f["code"] in ("JX009", "JX024", "JX026", "JX042")]
    # the printed scores add up to the header's 93; the rule gives the two rows that meet their target full
    # marks, so 95: each differing row and the header's total are findings (the rule is not bent)
    assert expect["total"] == 93.0 and sheet["total"] == 95.0
    jx47 = [f for f in fs if f["code"] == "JX047"]
    assert [f["cell"] for f in jx47] == ["F3"] and "93" in jx47[0]["message"] and "95" in jx47[0]["message"]
    assert sorted(f["cell"] for f in fs if f["code"] == "JX005") == ["G20", "G24"]


def test_printed_total_above_what_the_table_can_reach(tmp_path):
    path = tmp_path / "nx.xlsx"
    build_ningxia_project(path)
    wb = load_workbook(path)
    wb.active["F3"] = 103
    wb.save(path)
    fs = [f for f in _findings(path) if f["code"] == "JX047"]
    assert [f["cell"] for f in fs] == ["F3"] and "达不到" in fs[0]["message"]


# --- sub-header lines inside blocks (湖北) ---------------------------------------------------------------

def test_hubei_goal_lines_inside_blocks_are_not_indicators(tmp_path, capsys):
    path = tmp_path / "hb.xlsx"
    expect = build_hubei_subheader(path)["项目自评表"]
    sheet = _score_json(capsys, path)["项目自评表"]
    rows = [int(i["cell"][1:]) for i in sheet["indicators"]]
    assert rows == [e["row"] for e in expect["indicators"]]
    assert not set(rows) & set(expect["not_indicators"])
    assert sheet["total"] == expect["total"] == 98.0 and sheet["total_cell"] == expect["stated_total"]["cell"]
    assert sheet["header"]["dept_name"] == "某所"
    assert sheet["funds"]["score"] == expect["funds"]["score"]
    assert not [f for f in _findings(path) if f["severity"] == "error"]


# --- a standard embedded in the name --------------------------------------------------------------------

def test_standard_in_the_name_with_blank_target_and_actual(tmp_path, capsys):
    path = tmp_path / "std.xlsx"
    expect = build_national_standard_in_name(path)["项目支出绩效自评表"]
    sheet = _score_json(capsys, path)["项目支出绩效自评表"]
    standards = [i["target_in_name"] for i in sheet["indicators"]]
    assert standards == ["100%", "100%", "≥95%", "75元", "≥90%", "≥90%"]
    assert all(e["target_in_name"].endswith(s) for e, s in zip(expect["indicators"], standards, strict=True))
    assert [i["target"] for i in sheet["indicators"]] == [None] * 6
    assert [i["score"] for i in sheet["indicators"]] == [e["score"] for e in expect["indicators"]]
    assert sheet["total"] == expect["total"] == 96.0
    fs = _findings(path)
    named = [f for f in fs if f["code"] == "JX048"]
    assert [f["cell"] for f in named] == [f"E{13 + i}" for i in range(6)]  # one per row, at what to fill
    assert "“100%”" in named[0]["message"] and "年度指标值" in named[0]["message"]
    assert not [f for f in fs if f["code"] in ("JX009", "JX042", "JX006")]


def test_standard_in_the_name_is_the_target_when_the_actual_is_filled(tmp_path, capsys):
    path = tmp_path / "std.xlsx"
    build_national_standard_in_name(path)
    wb = load_workbook(path)
    wb.active["F13"] = "100%"  # 年度资金支付完成率100%, 实际完成值 100%
    wb.active["F15"] = "90%"  # 资金拨付及时率≥95%, 90% done
    wb.save(path)
    inds = _score_json(capsys, path)["项目支出绩效自评表"]["indicators"]
    assert inds[0]["score"] == 20 and "score_source" not in inds[0]
    assert inds[2]["score"] == pytest.approx(10 * 90 / 95, abs=0.01)
    fs = [f for f in _findings(path) if f["code"] == "JX048"]
    assert {f["cell"]: "已按指标名称中的" in f["message"] for f in fs if f["cell"] in ("E13", "E15")} == {
        "E13": True, "E15": True}


# --- far off its target with no 偏差原因, scores blank or not --------------------------------------------

def test_seed003_project5_limit_exceeded_far_while_scores_are_blank(capsys):
    """Seed 003's 项目5 published full marks for 开展干部考察工作 ≤2次 with 5 done and no reason; the 待重算
    sample has every score blank: the finding stands all the same."""
    from pathlib import Path

    samples = Path(__file__).parents[1] / "templates" / "samples"
    for name in ("seed003_待重算.xlsx", "seed003_项目支出绩效自评表.xlsx"):
        fs = [f for f in _findings(samples / name) if f["code"] == "JX049"]
        assert len(fs) == 1 and fs[0]["sheet"] == "2023年干部考察考核调研工作经费", name  # 项目5
        assert fs[0]["cell"] == "I13" and "2.5 倍" in fs[0]["message"]
        assert "<=2次" in fs[0]["message"] and "=5次" in fs[0]["message"]


def test_target_missed_far_without_reason_is_a_finding_with_scores_blank(tmp_path):
    path = tmp_path / "text.xlsx"
    build_text_in_number_cell(path)
    wb = load_workbook(path)
    ws = wb.active
    ws["F13"] = "10台"  # ≥20台, 10 done: half the target
    ws["H13"] = ws["H14"] = ws["H15"] = None  # scores not yet computed
    wb.save(path)
    fs = [f for f in _findings(path) if f["code"] == "JX049"]
    assert [f["cell"] for f in fs] == ["I13"] and "50.00%" in fs[0]["message"]
    ws["I13"] = "设备采购延期"  # a reason given: nothing to say
    wb.save(path)
    assert not [f for f in _findings(path) if f["code"] == "JX049"]


# --- the real files, where the local cache holds them ------------------------------------------------------

def _real_entries():
    import tomllib
    from pathlib import Path

    manifest = Path(__file__).parent / "fixtures" / "real" / "manifest.toml"
    return tomllib.loads(manifest.read_text(encoding="utf-8"))["file"]


@pytest.mark.parametrize("entry", _real_entries(), ids=[e["id"] for e in _real_entries()])
def test_real_file_reads_as_the_manifest_says_and_has_no_false_error(entry, capsys):
    """Every form sheet read as its kind, every figure the manifest fixes read right (benchmarks/realworld.py
    counts the same), and no error-level finding but those the manifest lists as true."""
    import sys
    from pathlib import Path

    from real_cache import cached

    path = cached(entry)
    sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
    from realworld import _allowed, _figures

    sheets = _score_json(capsys, path)
    for sh in entry["sheet"]:
        kind, got = sh.get("kind", "none"), sheets.get(sh["name"])
        if kind == "none":
            continue
        assert got is not None and got["kind"] == kind, sh["name"]
        for what, want, read in _figures(kind, sh.get("expect", {}), got):
            assert read == (pytest.approx(want) if isinstance(want, float) else want), (sh["name"], what)
    allowed = {sh["name"]: sh.get("true_errors", ()) for sh in entry["sheet"]}
    for f in _findings(path):
        if f["severity"] == "error":
            assert _allowed(f["code"], f["cell"], allowed.get(f["sheet"], entry.get("true_errors", ()))), f
