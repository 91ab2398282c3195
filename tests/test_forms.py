"""The other four kinds recognised and scored through `jixiao score --json`."""

import json

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
    assert three["values"] == {"2022年决算数": 1.32, "2023年预算数": 2.77, "2023年决算数": 2.77}
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
