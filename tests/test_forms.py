"""The other four kinds recognised and scored through `jixiao score --json`."""

import json

import pytest
from builders import (
    Variant,
    overall_from_seed001,
    write_assessment,
    write_basic_data,
    write_monitor,
    write_project,
)
from conftest import FIX, run_cli
from openpyxl import Workbook


def score(tmp_path, capsys, wb, *extra):
    path = tmp_path / "book.xlsx"
    wb.save(path)
    code, out = run_cli(capsys, "score", path, "--json", *extra)
    assert code == 0
    return json.loads(out)["files"][0]


def test_seed001_overall_and_basic_data(tmp_path, capsys, seed001):
    wb = Workbook()
    write_project(wb.active, overall_from_seed001(seed001), Variant(title_rows=1, levels="repeat"),
                  title="2023年度部门（单位）整体支出绩效自评表")
    bd = write_basic_data(wb.create_sheet("附件2"), seed001["basic_data"])
    wb.create_sheet("说明")["A1"] = "说明：“项目支出”需要填报基本支出以外的所有项目支出情况。"
    f = score(tmp_path, capsys, wb)
    overall, basic = f["sheets"]
    assert overall["kind"] == "overall" and overall["header"]["dept_name"] == "中共株洲市直属机关工作委员会"
    assert overall["funds"]["rate"] == 1.0 and overall["funds"]["score"] == 10
    assert len(overall["indicators"]) == 28 and all(i["score"] == i["weight"] for i in overall["indicators"])
    assert overall["indicators"][0]["level1"] == "产出指标"
    assert (overall["total"], overall["grade"]) == (100, "优")
    assert basic["kind"] == "basic_data"
    b = basic["basic"]
    assert (b["staff_quota"], b["staff_actual"], b["control_rate"], b["control_rate_cell"]) == (20, 20, 1.0, bd["control_rate"])
    three = next(r for r in b["funds_control"] if r["label"] == "三公经费")
    assert {v["column"]: v["value"] for v in three["values"]} == {"2022年决算数": 1.32, "2023年预算数": 2.77, "2023年决算数": 2.77}
    assert f["skipped"][0]["sheet"] == "说明"


def test_monitor_rate(tmp_path, capsys):
    wb = Workbook()
    where = write_monitor(wb.active, {"initial": 100.0, "adjust": 20.0, "h1": 45.6})
    m = score(tmp_path, capsys, wb)["sheets"][0]
    assert m["kind"] == "monitor"
    assert m["funds"]["budget"] == 120 and m["funds"]["rate"] == 0.38 and m["funds"]["rate_cell"] == where["rate"]


def test_seed002_assessment_as_published(tmp_path, capsys):
    a = json.loads((FIX / "seed002_overall.json").read_text("utf-8"))
    wb = Workbook()
    where = write_assessment(wb.active, a)
    s = score(tmp_path, capsys, wb)["sheets"][0]
    assert s["kind"] == "assessment"
    rows = {i["name"]: i for i in s["indicators"]}
    assert rows["一、基本支出评价"]["score"] == 20 and rows["项目支出评价"]["score"] == 70
    assert (s["total"], s["grade"], s["total_cell"]) == (90, "优", where["合 计"])


def test_seed002_project_share_from_project_sheets(tmp_path, capsys, seed003):
    """项目评价 = 所有项目平均得分 × 80%: two projects averaging 87.5 give 70."""
    a = json.loads((FIX / "seed002_overall.json").read_text("utf-8"))
    wb = Workbook()
    write_assessment(wb.active, a)
    p1, p5 = seed003["projects"][0], seed003["projects"][4]  # 100 and 83.18 under xinjiang
    p5 = {**p5, "funds": {**p5["funds"]}}
    write_project(wb.create_sheet("项目1"), p1, Variant())
    write_project(wb.create_sheet("项目5"), p5, Variant())
    s = score(tmp_path, capsys, wb, "--profile", "xinjiang")["sheets"][0]
    assert s["project_average"] == (100 + 83.18) / 2
    rows = {i["name"]: i for i in s["indicators"]}
    assert rows["项目支出评价"]["score"] == round((100 + 83.18) / 2 * 0.8, 2) == 73.27


def _score_sheet(total="95.5"):
    """A 评价指标体系 style 整体绩效自评表 as departments send it: merged 一级/二级 with their points,
    评分标准 and 自评得分, a 合计 row; no 年度指标值 or 实际完成值."""
    wb = Workbook()
    ws = wb.active
    ws.title = "整体评价"
    ws.append(["2023年度部门整体支出绩效自评表"])
    ws.append(["部门名称：示例市某某局"])
    ws.append(["一级指标", "二级指标", "三级指标", "分值", "指标解释", "评分标准", "自评得分", "扣分原因"])
    rows = [("投入\n（20分）", "预算编制（10分）", "预算编制合理性", 5, "…", "合理得5分", 5, None),
            (None, None, "绩效目标合理性", 5, "…", "目标明确细化得5分", 4, "目标不够细化"),
            (None, "预算执行（10分）", "预算执行率", 10, "…", "执行率×10", 9.5, None),
            ("过程（20分）", "财务管理（20分）", "资金使用合规性", 20, "…", "合规得20分", 20, None),
            ("产出（40分）", "产出数量（40分）", "重点工作完成率", 40, "…", "完成率×40", 38, None),
            ("效益（20分）", "社会效益（20分）", "服务对象满意度", 20, "…", "≥90%得满分", 19, None)]
    for r in rows:
        ws.append(list(r))
    ws.merge_cells("A4:A6")
    ws.merge_cells("B4:B5")
    ws.append(["合计", None, None, 100, None, None, total, None])
    ws.append(["评价等级：", None, None, None, None, None, None, None])
    return wb


def test_score_sheet_style_assessment(tmp_path, capsys):
    f = score(tmp_path, capsys, _score_sheet())
    (s,) = f["sheets"]
    assert s["kind"] == "assessment" and (s["total"], s["grade"], s["total_cell"]) == (95.5, "优", "G10")
    groups = [(i["name"], i["weight"], i["score"]) for i in s["indicators"] if not i["level1"]]
    assert groups == [("投入", 20, 18.5), ("过程", 20, 20), ("产出", 40, 38), ("效益", 20, 19)]
    items = [(i["level1"], i["level2"], i["name"], i["score"], i["cell"]) for i in s["indicators"] if i["level1"]]
    assert items[:2] == [("投入", "预算编制", "预算编制合理性", 5, "G4"), ("投入", "预算编制", "绩效目标合理性", 4, "G5")]
    assert items[2][:2] == ("投入", "预算执行") and len(items) == 6


def test_score_sheet_style_checks_and_recompute(tmp_path, capsys):
    wb = _score_sheet(total=97)
    wb.active["A7"] = "过程（25分）"  # the label claims 25 over rows worth 20
    path = tmp_path / "s.xlsx"
    wb.save(path)
    _, out = run_cli(capsys, "check", path, "--json")
    fs = {(x["code"], x["cell"]): x["message"] for x in json.loads(out)["files"][0]["findings"]}
    assert set(fs) == {("JX020", "A7"), ("JX020", "G10")}
    assert "标注 25 分" in fs[("JX020", "A7")] and "95.50" in fs[("JX020", "G10")]
    wb = _score_sheet(total=None)
    wb.save(path)
    out_path = tmp_path / "r.xlsx"
    code, _ = run_cli(capsys, "recompute", path, "-o", out_path)
    from openpyxl import load_workbook

    ws = load_workbook(out_path).active
    assert code == 0 and ws["G10"].value == 95.5 and ws["A11"].value == "评价等级：优"
    assert [ws[f"G{r}"].value for r in range(4, 10)] == [5, 4, 9.5, 20, 38, 19]  # stated scores untouched


def test_a_name_that_starts_with_the_grade_label_is_not_the_grade(tmp_path, capsys):
    """An indicator named 等级公路里程 stays an indicator: recompute writes the grade into the form's own
    等级 cell and never over the name."""
    from jixiao.addin.cli import main
    from jixiao.templates.build import new_workbook
    from openpyxl import load_workbook

    inds = [{"level1": "产出指标", "level2": "数量指标", "name": "等级公路里程", "target": "≥10公里", "actual": "10公里",
             "weight": 20}]
    src = tmp_path / "g.xlsx"
    new_workbook("project", src, projects=[{"项目名称": "路", "年初预算数": 10, "全年预算数": 10, "全年执行数": 9,
                                            "indicators": inds}])
    out = tmp_path / "o.xlsx"
    assert main(["recompute", str(src), "-o", str(out)]) == 0
    ws = load_workbook(out).active
    names = [c.value for row in ws.iter_rows() for c in row if c.value == "等级公路里程"]
    assert names == ["等级公路里程"]
    capsys.readouterr()
    assert main(["score", str(src), "--json"]) == 0
    sheet = json.loads(capsys.readouterr().out)["files"][0]["sheets"][0]
    assert sheet["grade_cell"] == "J32" and [i["name"] for i in sheet["indicators"]] == ["等级公路里程"]


def test_a_full_year_execution_column_does_not_make_a_monitoring_form(tmp_path):
    """A 自评表 whose funds column reads 1-12月执行数 stays a 项目支出 form (no forecast columns, titled so)."""
    from jixiao.addin.ooxml import read_workbook
    from jixiao.addin.ooxml.grid import Cell
    from jixiao.templates.build import new_workbook
    from jixiao.templates.recognize import recognize

    src = tmp_path / "p.xlsx"
    inds = [{"level1": "产出指标", "level2": "数量指标", "name": "公路里程", "target": "≥10公里", "actual": "10公里",
             "weight": 20}]
    new_workbook("project", src, projects=[{"项目名称": "路", "年初预算数": 10, "全年预算数": 10, "全年执行数": 9,
                                            "indicators": inds}])
    grid = read_workbook(src).sheets[0]
    (pos,) = [k for k, c in grid.cells.items() if c.value == "全年执行数"]
    grid.cells[pos] = Cell("1-12月执行数")
    form = recognize(grid)
    assert form.kind == "project" and not getattr(form.body, "rows", ()) and [i.name for i in form.body.indicators] == ["公路里程"]


def test_end_of_table_is_judged_left_of_the_table_not_at_fixed_columns(tmp_path):
    """A 监控表 moved three columns right keeps its row count (the 注 line below is not a row); a 评分表 item
    named 填报及时性 under blank 一级/二级 cells is an item, not the end of the table."""
    from jixiao.addin.ooxml import read_workbook
    from jixiao.addin.ooxml.grid import Cell, Grid
    from jixiao.templates.build import new_workbook
    from jixiao.templates.recognize import recognize

    (w,) = new_workbook("monitor", tmp_path / "m.xlsx")
    g = read_workbook(tmp_path / "m.xlsx").sheets[0]
    for r in range(w["first"], w["last"] + 1):
        g.cells[(r, 4)] = Cell(f"指标{r}")
        g.cells[(r, 6)] = Cell("≥10次")
    base = len(recognize(g).body.rows)
    moved = Grid(g.name, {(r, c + 3): v for (r, c), v in g.cells.items()}, [(a, b + 3, c, d + 3) for a, b, c, d in g.merges])
    assert len(recognize(moved).body.rows) == base == w["last"] - w["first"] + 1

    rows = [["2023年度部门整体支出绩效自评表"], ["部门名称：示例局"],
            ["一级指标", "二级指标", "三级指标", "分值", "评分标准", "自评得分"],
            ["投入（20分）", "预算编制（20分）", "预算编制合理性", 10, "合理得10分", 10],
            [None, None, "填报及时性", 10, "按时填报得10分", 9],
            ["过程（80分）", "财务管理（80分）", "资金使用合规性", 80, "合规得80分", 80],
            ["合计", None, None, 100, None, 99], ["评价等级：优"]]
    grid = Grid("s", {(r, c): Cell(v) for r, row in enumerate(rows, 1) for c, v in enumerate(row, 1) if v is not None})
    form = recognize(grid)
    assert [i.content for i in form.body.items] == ["预算编制合理性", "填报及时性", "资金使用合规性"]
    assert form.body.totals.total.value == 99


def test_a_second_form_below_the_first_is_known_by_its_own_title(tmp_path):
    """Two 部门整体 forms stacked on one sheet, the unit typed inline (部门（单位）名称：某局): both 部门整体 —
    the title is looked for in the first rows of each form, not of the sheet."""
    from jixiao.addin.ooxml import read_workbook
    from jixiao.addin.ooxml.grid import Cell, Grid
    from jixiao.templates.build import new_workbook
    from jixiao.templates.recognize import recognize_all

    inds = [{"level1": "产出指标", "level2": "数量指标", "name": "培训次数", "target": "≥10次", "actual": "10次", "weight": 20}]
    new_workbook("overall", tmp_path / "o.xlsx", projects=[{"项目名称": "某局", "年初预算数": 10, "全年预算数": 10,
                                                              "全年执行数": 9, "indicators": inds}])
    g = read_workbook(tmp_path / "o.xlsx").sheets[0]
    g.cells[(4, 1)] = Cell("部门（单位）名称：某局")
    g.cells.pop((4, 3), None)
    n = g.max_row
    stacked = Grid("s", {**g.cells, **{(r + n, c): v for (r, c), v in g.cells.items()}},
                   [*g.merges, *[(a + n, b, c + n, d) for a, b, c, d in g.merges]])
    assert [f.kind for f in recognize_all(stacked)] == ["overall", "overall"]


def test_staff_counts_read_as_counts_and_scores_as_points(tmp_path, capsys, seed001):
    """编制数 “20人” is a count (not “不是金额…万元”); a 自评得分 typed in words is said to be no score."""
    import copy

    b = copy.deepcopy(seed001["basic_data"])
    b["staffing"]["authorized"], b["staffing"]["actual"] = "20人", "若干人"
    wb = Workbook()
    write_basic_data(wb.active, b)
    path = tmp_path / "b.xlsx"
    wb.save(path)
    code, out = run_cli(capsys, "check", path, "--json")
    msgs = [x["message"] for x in json.loads(out)["files"][0]["findings"] if x["code"] == "JX024"]
    assert len(msgs) == 1 and msgs[0].startswith("实际在职人数“若干人”不是人数，应填写数字（如 20）"), msgs
    assert code == 1 and score(tmp_path, capsys, wb)["sheets"][0]["basic"]["staff_quota"] == 20
    from jixiao.udfs.scoring import points_of

    with pytest.raises(ValueError, match="不是分数"):
        points_of("八分", "自评分数")
