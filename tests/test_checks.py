"""Each check rule on a workbook with the defect and on one without; the seeds' own flaws reported."""

import copy
import json

import pytest
from builders import (
    Variant,
    overall_from_seed001,
    project_workbook,
    write_assessment,
    write_basic_data,
    write_project,
)
from conftest import run_cli
from jixiao.addin.checks import RULES
from jixiao.addin.render.checks_doc import rules_markdown
from openpyxl import Workbook

CLEAN = {
    "no": 1, "name": "干部教育培训经费", "department": "示例市委组织部", "unit": "示例市委党校",
    "funds": {"budget_initial": 100.0, "budget": 100.0, "spent": 95.0, "weight": 10, "rate": "95.00%", "score": 9.5},
    "indicators": [
        {"level1": "产出指标(50分)", "level2": "数量指标", "name": "培训次数", "target": "≥4次", "actual": "4次",
         "weight": 20, "score": 20, "reason": ""},
        {"level1": "产出指标(50分)", "level2": "质量指标", "name": "培训合格率", "target": "≥95%", "actual": "96%",
         "weight": 20, "score": 20, "reason": ""},
        {"level1": "产出指标(50分)", "level2": "时效指标", "name": "完成时间", "target": "2023年12月31日前",
         "actual": "2023年12月20日", "weight": 10, "score": 10, "reason": ""},
        {"level1": "成本指标(10分)", "level2": "经济成本指标", "name": "培训经费", "target": "≤50万元",
         "actual": "48万元", "weight": 10, "score": 10, "reason": ""},
        {"level1": "效益指标(20分)", "level2": "社会效益指标", "name": "干部履职能力", "target": "有效提高",
         "actual": "有效提高", "weight": 20, "score": 20, "reason": ""},
        {"level1": "满意度指标(10分)", "level2": "服务对象满意度指标", "name": "参训人员满意度", "target": "≥90%",
         "actual": "95%", "weight": 10, "score": 10, "reason": ""},
    ],
    "total": 99.5, "total_text": "99.5", "grade": "优", "grade_cell": True,
}


def findings(tmp_path, capsys, proj=None, variant=None, profile=None, book=None):
    path = tmp_path / "form.xlsx"
    if book is not None:
        book.save(path)
    else:
        project_workbook(path, [proj], variant or Variant())
    args = ["check", path, "--json"] + (["--profile", profile] if profile else [])
    code, out = run_cli(capsys, *args)
    fs = json.loads(out)["files"][0]["findings"]
    assert code == (1 if any(f["severity"] == "error" for f in fs) else 0)
    return fs


def codes(fs):
    return {f["code"] for f in fs}


def test_clean_form_has_no_findings(tmp_path, capsys):
    assert findings(tmp_path, capsys, CLEAN) == []


def mutate(**changes):
    p = copy.deepcopy(CLEAN)
    for path, value in changes.items():
        obj = p
        keys = path.split("__")
        for k in keys[:-1]:
            obj = obj[int(k)] if k.isdigit() else obj[k]
        last = keys[-1]
        if isinstance(obj, list):
            obj[int(last)] = value
        else:
            obj[last] = value
    return p


CASES = {
    "JX001": mutate(indicators__0__weight=25, indicators__0__score=25, indicators__0__level1="产出指标(55分)",
                    indicators__1__level1="产出指标(55分)", indicators__2__level1="产出指标(55分)",
                    total=104.5, total_text="104.5"),
    "JX002": mutate(indicators__0__level1="产出指标(40分)", indicators__1__level1="产出指标(40分)",
                    indicators__2__level1="产出指标(40分)"),
    "JX003": mutate(indicators__0__level2="数量指标(10分)"),
    "JX004": mutate(indicators__4__score=25, total=104.5, total_text="104.5"),
    "JX005": mutate(indicators__0__score=18, total=97.5, total_text="97.5"),
    "JX006": mutate(total=98, total_text="98分"),
    "JX007": mutate(funds__spent=120.0, funds__rate="120.00%", funds__score=10, total=100, total_text="100"),
    "JX008": mutate(funds__rate="90.00%"),
    "JX009": mutate(indicators__0__actual="1x"),
    "JX010": mutate(indicators__3__actual="480000元"),
    "JX011": mutate(indicators__1__actual="90%", indicators__1__score=18.95, total=98.45, total_text="98.45"),
    "JX012": mutate(indicators__3__name="预算成本控制率", indicators__3__target="≤100%", indicators__3__actual="93%"),
    "JX013": mutate(indicators__3__target="≤2次", indicators__3__actual="5次", indicators__3__score=4,
                    total=93.5, total_text="93.5"),
    "JX014": mutate(indicators__0__actual="6次"),
    "JX015": mutate(indicators__5__name="参训人员到课率", indicators__5__level1="效果指标(10分)",
                    indicators__5__level2="到课率指标"),
    "JX016": mutate(department=""),
}


@pytest.mark.parametrize("code", list(CASES))
def test_rule_fires_on_its_defect(code, tmp_path, capsys):
    fs = findings(tmp_path, capsys, CASES[code])
    assert code in codes(fs), fs
    hit = next(f for f in fs if f["code"] == code)
    assert hit["sheet"] == "项目1" and hit["cell"] and hit["severity"] == RULES[code].severity
    assert any("\u4e00" <= ch <= "\u9fff" for ch in hit["message"])


def test_unscored_sheet_needs_recompute_not_errors(tmp_path, capsys):
    fs = findings(tmp_path, capsys, CLEAN, Variant(stated=False))
    assert codes(fs) == {"JX000"}
    assert "需要重算" in fs[0]["message"]


def test_missing_reason_is_satisfied_by_a_reason(tmp_path, capsys):
    p = copy.deepcopy(CASES["JX011"])
    p["indicators"][1]["reason"] = "个别学员补考"
    assert "JX011" not in codes(findings(tmp_path, capsys, p))


def test_low_rate_switch_comes_from_the_profile(tmp_path, capsys):
    prof = tmp_path / "strict.toml"
    prof.write_text('id = "strict"\nname = "严格"\ndocument = "示例"\n[checks]\nlow_rate_reason_below = 0.99\n'
                    "over_achievement_reason_above = 1.2\n", encoding="utf-8")
    assert "JX019" in codes(findings(tmp_path, capsys, CLEAN, profile=str(prof)))
    assert "JX019" not in codes(findings(tmp_path, capsys, CLEAN))


def _basic_book(seed001, change=None):
    b = copy.deepcopy(seed001["basic_data"])
    if change:
        change(b)
    wb = Workbook()
    write_basic_data(wb.active, b)
    return wb


def test_three_public_parts(tmp_path, capsys, seed001):
    assert findings(tmp_path, capsys, book=_basic_book(seed001)) == []

    def bad(b):
        b["expense_control"]["rows"][0]["final_2023"] = 3.0
    fs = findings(tmp_path, capsys, book=_basic_book(seed001, bad))
    assert codes(fs) == {"JX017"} and "2023年决算数" in fs[0]["message"]

    def bad_car(b):
        b["expense_control"]["rows"][3]["budget_2023"] = 2.0  # 公车运行维护 no longer adds up
    assert "JX017" in codes(findings(tmp_path, capsys, book=_basic_book(seed001, bad_car)))


def test_control_rate(tmp_path, capsys, seed001):
    def bad(b):
        b["staffing"]["control_rate"] = "95%"
    fs = findings(tmp_path, capsys, book=_basic_book(seed001, bad))
    assert codes(fs) == {"JX018"}


def test_assessment_total(tmp_path, capsys):
    a = json.loads((__import__("pathlib").Path(__file__).parent / "fixtures/seed002_overall.json").read_text("utf-8"))
    wb = Workbook()
    write_assessment(wb.active, a)
    assert findings(tmp_path, capsys, book=wb) == []
    a["rows"][-1]["self_score"] = 95
    wb = Workbook()
    write_assessment(wb.active, a)
    assert codes(findings(tmp_path, capsys, book=wb)) == {"JX020"}


# --- the seeds' own flaws -------------------------------------------------------------------------

def test_seed001_group_labels_claim_50_over_rows_worth_65(tmp_path, capsys, seed001):
    wb = Workbook()
    write_project(wb.active, overall_from_seed001(seed001), Variant(title_rows=1),
                  title="2023年度部门（单位）整体支出绩效自评表")
    fs = findings(tmp_path, capsys, book=wb)
    msgs = [f["message"] for f in fs if f["code"] == "JX002"]
    assert any("标注 50 分" in m and "合计 65 分" in m for m in msgs)
    assert any("标注 30 分" in m and "合计 15 分" in m for m in msgs)


def test_seed003_flaws(tmp_path, capsys, seed003):
    path = tmp_path / "s3.xlsx"
    project_workbook(path, seed003["projects"], Variant(), "xinjiang")
    _, out = run_cli(capsys, "check", path, "--json")
    fs = json.loads(out)["files"][0]["findings"]
    p9 = [f for f in fs if f["sheet"] == "项目9" and f["code"] == "JX012"]
    assert p9 and "56.06%" in p9[0]["message"] and "56.64%" in p9[0]["message"]
    p5 = [f for f in fs if f["sheet"] == "项目5" and f["code"] == "JX013"]
    assert p5 and "<=2次" in p5[0]["message"]
    # the published scores themselves agree with the xinjiang profile
    assert not [f for f in fs if f["code"] in ("JX005", "JX006")]


def test_seed004_budget_indicator_finding(tmp_path, capsys):
    """Seed 004 publishes 12/12 for 预算经费 ≤4135.45万元 with 4637.81 spent; the national rule gives 10.70,
    so the published 12 and the published total 81.53 are reported (computed 80.23, still 良)."""
    d = json.loads((__import__("pathlib").Path(__file__).parent / "fixtures/seed004_overall.json").read_text("utf-8"))
    proj = {"no": "整体", "name": d["unit"], "funds": d["funds"], "total": d["total"], "total_text": d["total"],
            "grade": d["grade"], "grade_cell": True,
            "indicators": [{**i, "level1": "绩效指标", "level2": "履职效能"} for i in d["indicators"]]}
    wb = Workbook()
    write_project(wb.active, proj, Variant(), title="部门整体支出绩效自评表")
    fs = findings(tmp_path, capsys, book=wb)
    jx5 = [f["message"] for f in fs if f["code"] == "JX005"]
    assert len(jx5) == 1 and "预算经费" in jx5[0] and "10.70" in jx5[0]
    jx6 = [f["message"] for f in fs if f["code"] == "JX006"]
    assert jx6 and "81.53" in jx6[0] and "80.23" in jx6[0] and "良" in jx6[0]


def test_rules_are_registered_and_documented():
    assert len(RULES) >= 20
    assert all(r.code.startswith("JX") and r.severity in ("error", "warning") for r in RULES.values())
    doc = rules_markdown()
    for r in RULES.values():
        assert f"| {r.code} | {r.severity} | {r.title} |" in doc
    committed = (__import__("pathlib").Path(__file__).parents[1] / "docs" / "checks.md").read_text("utf-8")
    assert committed == doc, "docs/checks.md is stale: run python -m jixiao.addin.docs"


def test_direction_column_against_the_comparator(tmp_path, capsys):
    """The national template's 指标方向 dropdown: a direction contradicting "≤/≥" is reported at its cell,
    and a consistent one scores as chosen."""
    from jixiao.templates.build import new_workbook
    from openpyxl import load_workbook

    def run(cost_direction):
        inds = [{"level1": "产出指标", "level2": "数量指标", "name": "培训次数", "direction": "正向", "target": "≥4次",
                 "actual": "4次", "weight": 40},
                {"level1": "产出指标", "level2": "成本指标", "name": "培训经费", "direction": cost_direction,
                 "target": "≤50万元", "actual": "48万元", "weight": 50}]
        path = tmp_path / "d.xlsx"
        (w,) = new_workbook("project", path, projects=[{"项目名称": "培训", "主管部门": "甲", "实施单位": "乙",
                                                        "年初预算数": 100, "全年预算数": 100, "全年执行数": 95,
                                                        "indicators": inds}])
        ws = load_workbook(path).active
        col = w["columns"]["direction"]
        row = next(r for r in range(w["first"], w["last"] + 1) if ws[f"D{r}"].value == "培训经费")
        _, out = run_cli(capsys, "check", path, "--json")
        fs = [f for f in json.loads(out)["files"][0]["findings"] if f["code"] == "JX021"]
        _, out = run_cli(capsys, "score", path, "--json")
        scores = [i["score"] for i in json.loads(out)["files"][0]["sheets"][0]["indicators"]]
        return fs, f"{col}{row}", scores

    fs, cell, _ = run("正向")
    assert [(f["cell"], f["severity"]) for f in fs] == [(cell, "error")] and "≤50万元" in fs[0]["message"]
    fs, _, scores = run("反向")
    assert fs == [] and scores == [40, 50]


def _monitor_template(tmp_path, rows):
    """The 监控表 template with grid rows typed in: {name, type, target, unit, h1, forecast, ticks…}."""
    from jixiao.templates.build import new_workbook
    from openpyxl import load_workbook

    path = tmp_path / "m.xlsx"
    (w,) = new_workbook("monitor", path)
    wb = load_workbook(path)
    ws = wb.active
    for r, row in zip(range(w["first"], w["last"] + 1), rows, strict=False):
        for col, v in row.items():
            ws[f"{col}{r}"] = v
    wb.save(path)
    return path, w["first"]


def test_monitor_forecast_and_causes(tmp_path, capsys):
    """JX036 (the national rule asks, C28): 否 ticked with no cause; JX023: 是 ticked though the forecast falls
    short, or 是 and 否 both."""
    ok = {"D": "培训人次", "E": "正向", "F": "≥100", "G": "人次", "H": 40, "I": 100, "P": "√"}
    short_yes = {"D": "培训合格率", "E": "正向", "F": "≥95", "G": "%", "H": 90, "I": 90, "P": "√"}
    no_cause = {"D": "培训经费", "E": "反向", "F": 50, "G": "万元", "H": 20, "I": 55, "Q": "√"}
    with_cause = {**no_cause, "D": "场地费", "J": "√", "O": "物价上涨，已压缩其他开支"}
    both = {**ok, "D": "培训班次", "Q": "√"}
    path, first = _monitor_template(tmp_path, [ok, short_yes, no_cause, with_cause, both])
    _, out = run_cli(capsys, "check", path, "--json")
    fs = json.loads(out)["files"][0]["findings"]
    assert sorted((f["code"], f["cell"]) for f in fs) == [
        ("JX023", f"P{first + 1}"), ("JX023", f"P{first + 4}"), ("JX036", f"J{first + 2}")]
    assert "达不到" in next(f["message"] for f in fs if f["cell"] == f"P{first + 1}")
    _, out = run_cli(capsys, "score", path, "--json")
    grid = json.loads(out)["files"][0]["sheets"][0]["monitor_indicators"]
    assert [(m["name"], m["target"], m["forecast"], m["forecast_met"], m["can_complete"]) for m in grid] == [
        ("培训人次", "≥100人次", "100人次", True, True), ("培训合格率", "≥95%", "90%", False, True),
        ("培训经费", "50万元", "55万元", False, False), ("场地费", "50万元", "55万元", False, False),
        ("培训班次", "≥100人次", "100人次", True, None)]
    assert grid[3]["causes"] == ["经费保障"] and grid[3]["cause_note"] == "物价上涨，已压缩其他开支"


def test_monitor_one_column_variant(tmp_path, capsys):
    """A department's 监控表 with one 偏差原因分析 column in words and 是/否 typed in one column."""
    from builders import write_monitor

    wb = Workbook()
    ws = wb.active
    write_monitor(ws, {"initial": 100.0, "adjust": 0.0, "h1": 40.0})
    rows = ([None, "产出指标", "数量指标", "培训人次", "正向", 100, "人次", 40, 80, None, "否", None],
            [None, None, "质量指标", "合格率", "正向", "≥95", "%", 96, 96, None, "是", None],
            [None, None, "时效指标", "完成时间", "定性", "年底前", None, "进行中", "年底前", None, "否", None])
    for r, row in enumerate(rows, 9):  # the builder's header is row 8
        for c, v in enumerate(row, 1):
            ws.cell(r, c, v)
    fs = findings(tmp_path, capsys, book=wb)
    # 完成时间: 否 without a reason, 否 though the forecast 年底前 meets the target 年底前, and no light (进行中)
    assert sorted((f["code"], f["cell"]) for f in fs) == [("JX023", "K11"), ("JX036", "J11"), ("JX036", "J9"),
                                                          ("JX037", "H11")]
    ws["J9"] = "师资不足，下半年增开两期"
    fs = findings(tmp_path, capsys, book=wb)
    assert sorted((f["code"], f["cell"]) for f in fs) == [("JX023", "K11"), ("JX036", "J11"), ("JX037", "H11")]


def test_monitor_through_july_with_three_likelihoods(tmp_path, capsys):
    """The central 2019 监控表: 1-7月 figures and 完成目标可能性 ticked under 确定能 / 有可能 / 完全不可能."""
    wb = Workbook()
    ws = wb.active
    rows = [["项目支出绩效目标执行监控表"], ["项目名称", "信息系统运维"],
            ["项目资金（万元）", None, "年初预算数", "1-7月执行数", "1-7月执行率", "全年预计执行数"],
            [None, "年度资金总额", 300, 150, None, 290],
            ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "1-7月执行情况", "全年预计完成情况",
             "偏差原因分析", None, None, None, None, "完成目标可能性", None, None, "备注"],
            [None, None, None, None, None, None, None, "经费保障", "制度保障", "人员保障", "硬件条件保障", "其他",
             "确定能", "有可能", "完全不可能", None],
            [None, "产出指标", "数量指标", "运维系统数", "≥12个", "12个", "12个", None, None, None, None, None,
             "√", None, None, None],
            [None, None, "质量指标", "系统可用率", "≥99%", "97%", "97%", None, None, None, "√", None,
             None, None, "√", "服务器老化"],
            [None, None, "时效指标", "故障响应时间", "≤2小时", "3小时", "3小时", None, None, None, None, None,
             None, None, "√", None]]
    for row in rows:
        ws.append(row)
    for a, b in (("H5", "L5"), ("M5", "O5")):
        ws.merge_cells(f"{a}:{b}")
    path = tmp_path / "m.xlsx"
    wb.save(path)
    _, text = run_cli(capsys, "score", path, "--json")
    s = json.loads(text)["files"][0]["sheets"][0]
    assert s["kind"] == "monitor" and (s["funds"]["rate"], s["funds"]["rate_cell"]) == (0.5, "E4")
    grid = s["monitor_indicators"]
    assert [(m["name"], m["h1"], m["can_complete"], m["causes"], m["forecast_met"]) for m in grid] == [
        ("运维系统数", "12个", True, [], True), ("系统可用率", "97%", False, ["硬件条件保障"], False),
        ("故障响应时间", "3小时", False, [], False)]
    fs = findings(tmp_path, capsys, book=wb)
    assert [(f["code"], f["cell"]) for f in fs] == [("JX034", "H9")]  # ≤2小时 done in 3: red, no cause


def test_group_points_read_as_the_scorer_reads_weights(tmp_path, capsys):
    """分值 typed “20分” is 20 for the group sums too: no JX002/JX003 on a form whose points do add up."""
    proj = mutate(indicators__0__weight="20分", indicators__1__weight="20分", indicators__2__weight="10分")
    fs = findings(tmp_path, capsys, proj)
    assert not codes(fs) & {"JX001", "JX002", "JX003"}, fs
    short = mutate(indicators__0__weight="15分", indicators__1__weight="20分", indicators__2__weight="10分")
    msgs = [f["message"] for f in findings(tmp_path, capsys, short) if f["code"] == "JX002"]
    assert msgs and "标注 50 分" in msgs[0] and "合计 45 分" in msgs[0]


def test_unit_words_that_differ_are_a_warning_not_an_error(tmp_path, capsys):
    """“≥4次” against “4场”: scored as one unit, so a 提示 (JX043) naming both words — not JX010's error."""
    fs = findings(tmp_path, capsys, mutate(indicators__0__actual="4场"))
    hit = [f for f in fs if f["code"] in ("JX010", "JX043")]
    assert [(f["code"], f["severity"]) for f in hit] == [("JX043", "warning")]
    assert "“次”" in hit[0]["message"] and "“场”" in hit[0]["message"] and hit[0]["cell"] == "F12"  # the 实际完成值 cell
