"""The 监控表 as a whole (issue 14): the month it watches (read from the form, or `--month`), the JSON it gives,
`jixiao score`'s text lines, and `recompute` writing the lights where the form has a 预警 column."""

from __future__ import annotations

import json

import pytest
from builders import write_monitor as write_one_column
from conftest import run_cli
from jixiao.addin.app import pipeline
from jixiao.templates.build import new_workbook
from jixiao.templates.model import Field, Form, FormKind, Funds, IndicatorTable, MonitorGrid, MonitorRow
from jixiao.udfs import get_profile
from openpyxl import Workbook, load_workbook


def _one_column(tmp_path, rows, labels=None, top=None, name="m.xlsx"):
    """builders.write_monitor with grid rows from row 9; ``labels`` overwrite header cells; ``top`` adds cells."""
    wb = Workbook()
    ws = wb.active
    write_one_column(ws, {"initial": 100.0, "adjust": 20.0, "h1": 42.0})
    for ref, v in {**(labels or {}), **(top or {})}.items():
        ws[ref] = v
    for r, row in enumerate(rows, 9):
        for c, v in enumerate(row, 1):
            ws.cell(r, c, v)
    path = tmp_path / name
    wb.save(path)
    return path


ROW = [None, "产出指标", "数量指标", "培训人次", "正向", 100, "人次", 35, 100, None, "是", None]


def _sheet(capsys, path, *extra):
    code, out = run_cli(capsys, "score", path, "--json", *extra)
    assert code == 0
    return json.loads(out)["files"][0]["sheets"][0]


@pytest.mark.parametrize(("labels", "top", "month", "cell"), [
    ({}, {}, 6, "E5"),  # the funds' 1-6月执行数 label
    ({"E5": "1-7月执行数", "F5": "1-7月执行率", "H8": "1-7月完成情况"}, {}, 7, "E5"),
    ({"E5": "1-12月执行数", "F5": "1-12月执行率", "H8": "1-12月完成情况"}, {}, 12, "E5"),
    ({}, {"H3": "监控期", "I3": "1-9月"}, 9, "I3"),  # a 监控期 field over the labels
    ({}, {"H3": "监控期：1-8月"}, 8, "H3"),  # in one cell
    ({}, {"H3": "监控月份", "I3": 10}, 10, "I3"),
    ({}, {"A2": "2024年度项目支出绩效运行监控表（截至9月底）"}, 9, "A2"),  # the title states the period
    ({}, {"A1": "填报日期：2024年7月5日"}, 6, "E5"),  # a date of filling is not the period
])
def test_month_is_read_from_the_form(tmp_path, capsys, labels, top, month, cell):
    path = _one_column(tmp_path, [ROW], labels, top)
    s = _sheet(capsys, path)
    assert (s["month"], s["month_source"]) == (month, "form")
    form = pipeline.analyze_file(path).forms[0]
    assert form.body.month.cell == cell
    (m,) = s["monitor_indicators"]
    assert m["progress"] == round(35 / (100 * month / 12), 4)


def test_month_option_overrides_the_form(tmp_path, capsys):
    path = _one_column(tmp_path, [ROW], top={"H3": "监控期", "I3": "1-9月"})
    s = _sheet(capsys, path, "--month", "6")
    assert (s["month"], s["month_source"]) == (6, "option")
    assert (s["monitor_indicators"][0]["progress"], s["monitor_indicators"][0]["light"]) == (0.7, "yellow")
    assert _sheet(capsys, path, "--month", "1-4月")["month"] == 4
    code, out = run_cli(capsys, "check", path, "--json", "--month", "9")
    assert code == 1 and [f["code"] for f in json.loads(out)["files"][0]["findings"]] == ["JX034"]  # 35 of 75: red
    code, out = run_cli(capsys, "check", path, "--json", "--month", "4")
    assert code == 0 and json.loads(out)["files"][0]["findings"] == []  # 35 of 33.33: green
    with pytest.raises(SystemExit) as e:
        run_cli(capsys, "score", path, "--month", "13")
    assert e.value.code == 2


def test_month_option_reaches_recompute_and_leaves_other_forms_alone(tmp_path, capsys):
    path = _one_column(tmp_path, [ROW], labels={"M8": "预警"})
    out = tmp_path / "out.xlsx"
    code, text = run_cli(capsys, "recompute", path, "-o", out, "--json", "--month", "9")
    assert code == 0 and json.loads(text)["files"][0]["sheets"][0]["month"] == 9
    assert load_workbook(out).active["M9"].value == "红"
    wb = pipeline.analyze_file(path, month=9)
    assert wb.forms[0].body.month_option == 9
    from jixiao.addin.score.monitor import with_month

    project = Form(kind=FormKind.PROJECT, sheet="项目", body=IndicatorTable())
    assert with_month([project], 9) == [project]


def test_profile_default_month():
    """A 监控表 that names no month: the profile's monitor.month (6, or a province's own)."""
    from jixiao.addin.score.monitor import score_monitor

    row = MonitorRow(row=9, level1="产出指标", level2="数量指标", name="培训人次", type=None, direction=None,
                     target=Field("≥100人次", 9, 6), h1=Field("40人次", 9, 8), forecast=Field(None, 9, 9), causes=(),
                     cause_note=None, remark=None, can_complete=None, can_complete_cell="", both_ticked=False)
    form = Form(kind=FormKind.MONITOR, sheet="表", body=MonitorGrid(Funds(), (row,)))
    scored = score_monitor(form, get_profile("national"))
    assert (scored.body.month_value, scored.body.month_source, scored.body.rows[0].light.light) == (6, "profile", "green")
    p9 = get_profile("national").derive(id="m9", monitor_month=9)
    assert score_monitor(form, p9).body.rows[0].light.light == "red"  # 40 of 75
    assert scored.as_json()["funds_light"] is None and scored.as_json()["goal_light"] == "green"


def test_json_keys(tmp_path, capsys):
    """The contract's additions: sheet-level month, month_source, funds_light, funds_progress, goal_light; per
    indicator progress, light, completion (M9, a fraction), deviation (河北) and light_cell."""
    path = _one_column(tmp_path, [ROW, [None, None, "质量指标", "合格率", "正向", "≥95", "%", 96, 96, None, "是", None]])
    s = _sheet(capsys, path)
    assert (s["month"], s["month_source"], s["funds_light"], s["funds_progress"], s["goal_light"]) == (
        6, "form", "yellow", 0.7, "yellow")  # 42 of 120 by June: 70% of 序时进度
    m = s["monitor_indicators"]
    assert [(x["progress"], x["light"], x["completion"], x["deviation"], x["light_cell"]) for x in m] == [
        (0.7, "yellow", 0.35, None, None), (2.0211, "green", 1.0105, None, None)]
    for key in ("row", "name", "target", "h1", "forecast", "forecast_met", "causes", "can_complete", "both_ticked"):
        assert key in m[0]  # the keys that were there stay
    assert _sheet(capsys, path, "--profile", "hebei")["monitor_indicators"][1]["deviation"] == 0.0105


def test_score_text_lists_each_indicator(tmp_path, capsys):
    path = _one_column(tmp_path, [ROW, [None, None, "时效指标", "完成时间", "定性", "年底前", None, "进行中", "年底前",
                                        None, "是", None]],
                       labels={"E5": "1-7月执行数", "F5": "1-7月执行率", "H8": "1-7月完成情况"})
    code, out = run_cli(capsys, "score", path)
    assert code == 0
    assert "监控期 1-7月  序时进度 58.33%  资金执行进度 60.00% 黄灯  目标预警 黄灯" in out
    line = next(ln for ln in out.splitlines() if "培训人次" in ln)
    assert line.split() == ["培训人次", "100人次", "35人次", "35.00%", "60.00%", "黄灯", "H9"]
    assert any(ln.split()[:2] == ["完成时间", "年底前"] and "—" in ln for ln in out.splitlines())
    assert "！完成时间（H10）没有预警灯：完成情况“进行中”看不出达成档次" in out


def test_recompute_writes_lights_into_a_light_column(tmp_path, capsys):
    """A department's form with 预警 columns (funds and grid): recompute writes 红/黄/绿/蓝 as text; the template's
    预警 cells are formulas and stay so."""
    rows = [ROW, [None, None, "质量指标", "合格率", "正向", "≥95", "%", 96, 96, None, "是", None, "旧值"],
            [None, None, "时效指标", "完成时间", "定性", "年底前", None, "进行中", "年底前", None, "是", None]]
    path = _one_column(tmp_path, rows, labels={"M8": "预警灯", "H5": "预警"})
    out = tmp_path / "out.xlsx"
    code, text = run_cli(capsys, "recompute", path, "-o", out, "--json")
    assert code == 0
    ws = load_workbook(out).active
    assert (ws["H6"].value, ws["M9"].value, ws["M10"].value, ws["M11"].value) == ("黄", "黄", "绿", None)
    assert {"Sheet!M9", "Sheet!M10", "Sheet!H6"} <= set(json.loads(text)["files"][0]["written"])

    tpl = tmp_path / "t.xlsx"
    (w,) = new_workbook("monitor", tpl)
    wb = load_workbook(tpl)
    ws = wb.active
    ws[f"D{w['first']}"], ws[f"F{w['first']}"], ws[f"H{w['first']}"] = "培训人次", 100, 30
    wb.save(tpl)
    code, text = run_cli(capsys, "recompute", tpl, "-o", tmp_path / "t2.xlsx", "--json")
    res = json.loads(text)["files"][0]
    assert f"项目支出绩效运行监控表!{w['light']}{w['first']}" in res["skipped_formulas"]
    assert res["sheets"][0]["monitor_indicators"][0]["light"] == "yellow"
