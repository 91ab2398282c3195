"""监控表 checks C26–C29 (JX034, JX035, JX036, JX033) and JX037, each with and without its defect, per profile:
the national rule, the vendor default (合肥, which changes none of them), 河北, 宁夏, 天津 and 广西 switch them as the reference says."""

from __future__ import annotations

import dataclasses
import json

import pytest
from builders import write_monitor as write_one_column
from conftest import run_cli
from jixiao.templates.build import new_workbook
from jixiao.templates.build.common import text_value
from jixiao.templates.specs import SPECS
from openpyxl import Workbook, load_workbook

MONITOR_CODES = {"JX022", "JX023", "JX033", "JX034", "JX035", "JX036", "JX037"}


def _template(tmp_path, rows, spec="monitor", name="m.xlsx"):
    """The 监控表 template with grid rows typed in by column letter (D 三级指标 … I 全年预计, J–N 偏差原因,
    O 原因说明, then the 能否完成 options)."""
    path = tmp_path / name
    (w,) = new_workbook(spec, path)
    wb = load_workbook(path)
    ws = wb.active
    for r, row in zip(range(w["first"], w["last"] + 1), rows, strict=False):
        for col, v in row.items():
            if v is not None:
                text_value(ws[f"{col}{r}"], v)
    wb.save(path)
    return path, w["first"]


def _findings(capsys, path, profile):
    code, out = run_cli(capsys, "check", path, "--json", "--profile", profile)
    fs = [f for f in json.loads(out)["files"][0]["findings"] if f["code"] in MONITOR_CODES]
    assert code == (1 if any(f["severity"] == "error" for f in json.loads(out)["files"][0]["findings"]) else 0)
    return fs


def _where(fs):
    return sorted((f["code"], f["cell"]) for f in fs)


RED = {"D": "培训人次", "E": "正向", "F": "≥100", "G": "人次", "H": 20, "I": 100, "P": "√"}  # 40% of 序时进度
YELLOW = {**RED, "D": "培训班次", "H": 35}  # 70%
EXPLAINED_RED = {**RED, "D": "培训课时", "J": "√", "O": "师资不足，下半年补课"}
NOTED_YELLOW = {**YELLOW, "D": "培训学员", "O": "报名推迟，7月开班"}  # a 原因说明 alone is a reason
TICKED_GREEN = {"D": "培训场次", "E": "正向", "F": "≥10", "G": "场", "H": 5, "I": 10, "P": "√", "K": "√"}  # no 说明
NO_GREEN = {"D": "培训经费", "E": "反向", "F": 50, "G": "万元", "H": 20, "I": 55, "Q": "√"}  # 否, no reason
NO_FORECAST = {"D": "培训设备", "E": "正向", "F": "≥4", "G": "台", "H": 2, "Q": "√", "J": "√", "O": "采购延期"}
ROWS = [RED, YELLOW, EXPLAINED_RED, NOTED_YELLOW, TICKED_GREEN, NO_GREEN, NO_FORECAST]


def _expected(profile, r):
    """r = the first grid row; rows as in ROWS."""
    c26 = {"national": [0, 1], "hefei": [0, 1], "hebei": [0, 1], "ningxia": [0], "tianjin": [], "guangxi": []}
    out = [("JX034", f"J{r + i}") for i in c26[profile]]
    if profile in ("national", "ningxia", "tianjin"):  # C27: a tick needs its 原因说明
        out.append(("JX035", f"O{r + 4}"))
    if profile in ("national", "tianjin"):  # C28: 否 needs a reason and a 全年预计完成情况
        out += [("JX036", f"J{r + 5}"), ("JX036", f"I{r + 6}")]
    else:  # no such rule: the generic warning
        out.append(("JX022", f"Q{r + 5}"))
    return sorted(out)


@pytest.mark.parametrize("profile", ["national", "hefei", "hebei", "ningxia", "tianjin", "guangxi"])
def test_reasons_for_lights_and_forecasts_per_profile(tmp_path, capsys, profile):
    path, r = _template(tmp_path, ROWS)
    fs = _findings(capsys, path, profile)
    assert _where(fs) == _expected(profile, r)
    by_cell = {f["cell"]: f for f in fs}
    if profile == "national":
        assert by_cell[f"J{r}"]["message"].startswith("第1行“培训人次”序时进度完成比 40.00%，亮红灯：偏差原因为必录项，必须有值！")
        assert "第2行“培训班次”序时进度完成比 70.00%，亮黄灯" in by_cell[f"J{r + 1}"]["message"]
        assert by_cell[f"O{r + 4}"]["message"].startswith("第5行“培训场次”勾选了偏差原因“制度保障”，原因说明为必录项")
        assert by_cell[f"J{r + 5}"]["message"].startswith("第6行“培训经费”全年预计“否”，偏差原因为必录项，必须有值！")
        assert "全年预计完成情况为必录项" in by_cell[f"I{r + 6}"]["message"]
        assert {f["severity"] for f in fs} == {"error"}
    assert all(f["severity"] == "warning" for f in fs if f["code"] == "JX022")


@pytest.mark.parametrize("profile", ["national", "hefei", "ningxia", "tianjin"])
def test_without_the_defects_nothing_is_reported(tmp_path, capsys, profile):
    fixed = [{**RED, "J": "√", "O": "师资不足"}, {**YELLOW, "L": "√", "O": "报名推迟"}, EXPLAINED_RED, NOTED_YELLOW,
             {**TICKED_GREEN, "O": "场地调整"}, {**NO_GREEN, "J": "√", "O": "物价上涨"}, {**NO_FORECAST, "I": "3台"}]
    path, _r = _template(tmp_path, fixed)
    assert _findings(capsys, path, profile) == []


def test_one_red_light_missing_its_reason_is_reported_once(tmp_path, capsys):
    """A red light with 否 and no reason: JX034 (C26) only, not C28 and JX022 over again."""
    path, r = _template(tmp_path, [{**RED, "P": None, "Q": "√", "I": 60}])
    assert _where(_findings(capsys, path, "national")) == [("JX034", f"J{r}")]
    assert _where(_findings(capsys, path, "hefei")) == [("JX034", f"J{r}")]
    assert _where(_findings(capsys, path, "tianjin")) == [("JX036", f"J{r}")]


def test_tianjin_likelihoods(tmp_path, capsys):
    """天津 M12: 完成可能性 ticked under 确定能 / 有可能 / 完全不可能; 有可能 and 完全不可能 need a reason (C28)."""
    spec = dataclasses.replace(SPECS["monitor"], can_options=("确定能", "有可能", "完全不可能"))
    rows = [{"D": "培训人次", "E": "正向", "F": "≥100", "G": "人次", "H": 50, "I": 90, "Q": "√"},  # 有可能
            {"D": "培训班次", "E": "正向", "F": "≥10", "G": "期", "H": 5, "I": 6, "R": "√"},  # 完全不可能
            {"D": "培训课时", "E": "正向", "F": "≥10", "G": "课时", "H": 5, "I": 10, "P": "√"},  # 确定能
            {"D": "培训学员", "E": "正向", "F": "≥10", "G": "人", "H": 5, "I": 8, "Q": "√", "J": "√", "O": "延期"}]
    path, r = _template(tmp_path, rows, spec)
    want = [("JX036", f"J{r}"), ("JX036", f"J{r + 1}")]
    fs = _findings(capsys, path, "tianjin")
    assert _where(fs) == want
    assert "全年预计“有可能”" in fs[0]["message"] and "全年预计“完全不可能”" in fs[1]["message"]
    _, out = run_cli(capsys, "score", path, "--json", "--profile", "tianjin")
    grid = json.loads(out)["files"][0]["sheets"][0]["monitor_indicators"]
    assert [m["can_complete"] for m in grid] == [None, False, True, None]
    # the vendor default asks nothing for 有可能; 完全不可能 is the generic 否 (JX022)
    assert _where(_findings(capsys, path, "hefei")) == [("JX022", f"R{r + 1}")]


HEBEI_OVER = {"D": "培训人次", "E": "正向", "F": "≥100", "G": "人次", "H": 120, "I": 130, "P": "√"}  # 偏离度 20%


def test_hebei_deviation_c29(tmp_path, capsys):
    rows = [HEBEI_OVER,
            {**HEBEI_OVER, "D": "培训班次", "H": 115},  # 15%: not more than the limit
            {"D": "检查次数", "F": "=100", "G": "次", "H": 101, "I": 101, "P": "√"},  # ＝: any excess
            {**HEBEI_OVER, "D": "培训课时", "J": "√", "O": "需求增加，已报调整"},  # 偏差分析 and 说明
            {**HEBEI_OVER, "D": "培训学员", "J": "√"},  # no 说明
            {**HEBEI_OVER, "D": "培训场次", "O": "需求增加"}]  # no 偏差分析 ticked
    path, r = _template(tmp_path, rows)
    fs = _findings(capsys, path, "hebei")
    assert _where(fs) == [("JX033", f"J{r}"), ("JX033", f"J{r + 2}"), ("JX033", f"J{r + 4}"), ("JX033", f"J{r + 5}")]
    assert fs[0]["message"].startswith("第1行“培训人次”偏离度 20.00%，超过 15.00%：当前完成值过于大于年度指标值，需填写偏差分析和说明！")
    assert fs[1]["message"].startswith("第3行“检查次数”当前完成值“101次”大于年度指标值“=100次”，需填写偏差分析和说明！")
    assert {f["severity"] for f in fs} == {"error"}
    _, out = run_cli(capsys, "score", path, "--json", "--profile", "hebei")
    grid = json.loads(out)["files"][0]["sheets"][0]["monitor_indicators"]
    assert [m["deviation"] for m in grid] == [0.2, 0.15, 0.01, 0.2, 0.2, 0.2]
    for profile in ("national", "hefei", "tianjin"):
        assert not [f for f in _findings(capsys, path, profile) if f["code"] == "JX033"]


def _one_column(tmp_path, h1_done, forecast):
    """A 监控表 whose 偏差原因分析 is one column, with one 培训人次 row (target 100) on row 9."""
    wb = Workbook()
    ws = wb.active
    write_one_column(ws, {"initial": 100.0, "adjust": 0.0, "h1": 50.0})
    for c, v in enumerate([None, "产出指标", "数量指标", "培训人次", "正向", 100, "人次", h1_done, forecast, None, "是"], 1):
        ws.cell(9, c, v)
    path = tmp_path / "one.xlsx"
    wb.save(path)
    return wb, ws, path


def test_hebei_deviation_in_a_one_column_form(tmp_path, capsys):
    """Where 偏差原因分析 is one column written in words, it is both the 偏差分析 and the 说明."""
    wb, ws, path = _one_column(tmp_path, 130, 150)
    assert _where(_findings(capsys, path, "hebei")) == [("JX033", "J9")]
    ws["J9"] = "需求增加，已申请调整指标"
    wb.save(path)
    assert _findings(capsys, path, "hebei") == []


def test_one_column_form_red_light_c26(tmp_path, capsys):
    wb, ws, path = _one_column(tmp_path, 10, 100)
    fs = _findings(capsys, path, "national")
    assert _where(fs) == [("JX034", "J9")] and "序时进度完成比 20.00%" in fs[0]["message"]
    ws["J9"] = "师资不足，下半年补课"
    wb.save(path)
    assert _findings(capsys, path, "national") == []


def test_no_light_says_why_jx037(tmp_path, capsys):
    rows = [{"D": "完成时间", "E": "定性", "F": "年底前", "H": "进行中", "I": "年底前", "P": "√"},
            {"D": "服务质量", "E": "定性", "F": "有效提高", "H": "达成年度指标", "I": "达成年度指标", "P": "√"},
            {"D": "培训人次", "E": "正向", "F": "≥100", "G": "人次", "I": 100, "P": "√"}]
    path, r = _template(tmp_path, rows)
    fs = _findings(capsys, path, "national")
    assert _where(fs) == [("JX037", f"H{r}"), ("JX037", f"H{r + 2}")]
    assert {f["severity"] for f in fs} == {"warning"}
    assert "进行中" in fs[0]["message"] and "当前完成值为空" in fs[1]["message"]


def test_rules_are_declared_with_their_reference_checks():
    from jixiao.addin.checks import RULES

    covers = {code: RULES[code].covers for code in ("JX033", "JX034", "JX035", "JX036")}
    assert covers == {"JX033": ("C29",), "JX034": ("C26",), "JX035": ("C27",), "JX036": ("C28",)}
    assert {RULES[c].severity for c in covers} == {"error"} and RULES["JX037"].severity == "warning"
    assert all(RULES[c].kinds == (RULES[c].kinds[0],) and RULES[c].kinds[0] == "monitor" for c in [*covers, "JX037"])
