"""Workbooks built from seed 003 in drifting layouts: recognised, and every figure reproduced
through `jixiao score --json`, `recompute` and `check`."""

import json
import zipfile

import pytest
from builders import VARIANTS, Variant, project_workbook
from conftest import run_cli
from openpyxl import load_workbook


@pytest.fixture(scope="module", params=list(VARIANTS))
def variant_book(request, tmp_path_factory, seed003):
    path = tmp_path_factory.mktemp("s3") / f"seed003_{request.param}.xlsx"
    wheres = project_workbook(path, seed003["projects"], VARIANTS[request.param], profile="xinjiang")
    return path, wheres


def test_score_json_reproduces_seed003(variant_book, seed003, capsys):
    path, wheres = variant_book
    code, out = run_cli(capsys, "score", path, "--json")
    assert code == 0
    (f,) = json.loads(out)["files"]
    assert f["error"] is None
    assert len(f["sheets"]) == 12
    if VARIANTS_BY_PATH(path).cover:
        assert f["skipped"] == [{"sheet": "填表说明", "reason": f["skipped"][0]["reason"]}]
    for sheet, proj, where in zip(f["sheets"], seed003["projects"], wheres, strict=True):
        assert sheet["kind"] == "project" and sheet["profile"] == "xinjiang"
        assert sheet["header"] == {"project_name": proj["name"], "department": proj["department"], "unit": proj["unit"]}
        fu = sheet["funds"]
        assert (fu["budget_initial"], fu["budget"], fu["spent"]) == (
            proj["funds"]["budget_initial"], proj["funds"]["budget"], proj["funds"]["spent"])
        assert f"{fu['rate'] * 100:.2f}%" == proj["funds"]["rate"]
        assert fu["score"] == proj["funds"]["score"] and fu["cell"] == where["funds_score"]
        assert [i["name"] for i in sheet["indicators"]] == [i["name"] for i in proj["indicators"]]
        assert [i["level1"] for i in sheet["indicators"]] == [i["level1"] for i in proj["indicators"]]
        assert [i["level2"] for i in sheet["indicators"]] == [i["level2"] for i in proj["indicators"]]
        assert [i["score"] for i in sheet["indicators"]] == [i["score"] for i in proj["indicators"]]
        assert [i["cell"] for i in sheet["indicators"]] == where["indicators"]
        assert sheet["total"] == proj["total"]
        assert sheet["header"]["project_name"] == proj["name"]


def VARIANTS_BY_PATH(path):
    return VARIANTS[path.stem.removeprefix("seed003_")]


def test_seed003_totals_across_files(tmp_path, seed003, capsys):
    """One file per project, mixed layouts, plus a corrupt file: 12 forms, the published sums."""
    names = list(VARIANTS)
    for i, proj in enumerate(seed003["projects"]):
        project_workbook(tmp_path / f"p{proj['no']:02d}.xlsx", [proj], VARIANTS[names[i % len(names)]], "xinjiang")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    code, out = run_cli(capsys, "score", tmp_path, "--json")
    assert code == 2  # the bad file is reported, the rest is scored
    files = json.loads(out)["files"]
    bad = [f for f in files if f["error"]]
    assert len(bad) == 1 and "broken.xlsx" in bad[0]["error"]
    sheets = [s for f in files for s in f["sheets"]]
    assert len(sheets) == 12
    assert round(sum(s["funds"]["budget"] for s in sheets), 2) == 2813.15
    assert round(sum(s["funds"]["spent"] for s in sheets), 2) == 1287.37


def test_profile_flag_overrides_workbook(variant_book, capsys):
    path, _ = variant_book
    _, out = run_cli(capsys, "score", path, "--json", "--profile", "national")
    p3 = json.loads(out)["files"][0]["sheets"][2]
    assert p3["profile"] == "national" and p3["funds"]["score"] == 9.94


def test_recompute_fills_empty_scores(tmp_path, seed003, capsys):
    src = tmp_path / "blank.xlsx"
    wheres = project_workbook(src, seed003["projects"], Variant(stated=False, title_rows=1), "xinjiang")
    before = src.read_bytes()
    out = tmp_path / "out.xlsx"
    code, _ = run_cli(capsys, "recompute", src, "-o", out)
    assert code == 0 and src.read_bytes() == before  # input untouched
    wb = load_workbook(out)
    for proj, where in zip(seed003["projects"], wheres, strict=True):
        ws = wb[f"项目{proj['no']}"]
        assert ws[where["funds_score"]].value == proj["funds"]["score"]
        assert ws[where["funds_score"]].number_format == "0.00"
        assert f"{ws[where['rate']].value * 100:.2f}%" == proj["funds"]["rate"]
        assert ws[where["rate"]].number_format == "0.00%"
        assert [ws[c].value for c in where["indicators"]] == [i["score"] for i in proj["indicators"]]
        assert ws[where["total"]].value == proj["total"]
    # and the recomputed file now checks clean of score mismatches
    code, out_json = run_cli(capsys, "check", out, "--json")
    codes = {f["code"] for f in json.loads(out_json)["files"][0]["findings"]}
    assert not codes & {"JX000", "JX004", "JX005", "JX006", "JX008"}


def test_recompute_in_place_keeps_backup(tmp_path, seed003, capsys):
    src = tmp_path / "p.xlsx"
    project_workbook(src, seed003["projects"][:1], Variant(stated=False), "xinjiang")
    before = src.read_bytes()
    code, _ = run_cli(capsys, "recompute", src, "--in-place")
    assert code == 0
    assert (tmp_path / "p.xlsx.bak").read_bytes() == before
    assert load_workbook(src)["项目1"]["J6"].value == 10
    done = src.read_bytes()
    code, text = run_cli(capsys, "recompute", src, "--in-place")  # again: nothing to change
    assert code == 0 and "已写入 0 个单元格" in text and "备份" not in text
    assert src.read_bytes() == done and not (tmp_path / "p.xlsx.bak1").exists()


def test_recompute_leaves_formulas_alone(tmp_path, seed003, capsys):
    src = tmp_path / "f.xlsx"
    wheres = project_workbook(src, seed003["projects"][2:3], Variant(stated=False), "xinjiang")
    wb = load_workbook(src)
    wb["项目3"][wheres[0]["funds_score"]] = "=ROUND(MAX(0,(I6*100-60)/40*10),2)"
    wb.save(src)
    out = tmp_path / "o.xlsx"
    code, text = run_cli(capsys, "recompute", src, "-o", out)
    assert code == 0 and f"项目3!{wheres[0]['funds_score']}" in text and "保留公式" in text
    assert load_workbook(out)["项目3"][wheres[0]["funds_score"]].value.startswith("=ROUND")


def test_patched_package_is_otherwise_identical(tmp_path, seed003, capsys):
    src = tmp_path / "a.xlsx"
    project_workbook(src, seed003["projects"][:2], Variant(stated=False), "xinjiang")
    out = tmp_path / "b.xlsx"
    run_cli(capsys, "recompute", src, "-o", out)
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        assert a.namelist() == b.namelist()
        changed = [n for n in a.namelist() if a.read(n) != b.read(n)]
    assert set(changed) <= {"xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/styles.xml"}


def test_bundled_sample_scores_as_published(seed003, capsys):
    from pathlib import Path

    sample = Path(__file__).parents[1] / "templates/samples/seed003_项目支出绩效自评表.xlsx"
    code, out = run_cli(capsys, "score", sample, "--json")
    sheets = json.loads(out)["files"][0]["sheets"]
    assert code == 0 and [s["total"] for s in sheets] == [p["total"] for p in seed003["projects"]]


def test_single_file_check_does_not_import_pandas(tmp_path, seed003):
    import subprocess
    import sys

    path = tmp_path / "one.xlsx"
    project_workbook(path, seed003["projects"][:1], Variant(), "xinjiang")
    err = subprocess.run([sys.executable, "-X", "importtime", "-m", "jixiao.addin.cli", "check", str(path)],
                         capture_output=True, text=True).stderr
    mods = {line.split("|")[-1].strip().split(".")[0] for line in err.splitlines() if "|" in line}
    assert "jixiao" in mods and "pandas" not in mods and "openpyxl" not in mods


def test_forms_stacked_on_one_sheet(tmp_path, seed003, capsys):
    """Three project tables one under another on a single sheet, each with its own title."""
    from openpyxl import Workbook

    parts = tmp_path / "parts.xlsx"
    project_workbook(parts, seed003["projects"][:3], Variant(title_rows=2), "xinjiang")
    src = load_workbook(parts)
    wb = Workbook()
    ws = wb.active
    ws.title = "全部项目"
    offset = 0
    for sheet in src.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                if c.value is not None:
                    ws.cell(c.row + offset, c.column, c.value).data_type = c.data_type
        for m in sheet.merged_cells.ranges:
            ws.merge_cells(start_row=m.min_row + offset, start_column=m.min_col,
                           end_row=m.max_row + offset, end_column=m.max_col)
        offset += sheet.max_row + 2
    path = tmp_path / "stacked.xlsx"
    wb.save(path)
    _, out = run_cli(capsys, "score", path, "--json", "--profile", "xinjiang")
    sheets = json.loads(out)["files"][0]["sheets"]
    assert [s["sheet"] for s in sheets] == ["全部项目"] * 3
    assert [s["total"] for s in sheets] == [p["total"] for p in seed003["projects"][:3]]
    assert [s["header"]["project_name"] for s in sheets] == [p["name"] for p in seed003["projects"][:3]]
    assert len({i["cell"] for s in sheets for i in s["indicators"]}) == sum(
        len(p["indicators"]) for p in seed003["projects"][:3])


def test_official_label_spellings(tmp_path, capsys, seed003):
    """年度指标值（A） / 实际完成值（B） / 执行率(B/A) as the 财预〔2020〕10号 form prints them; 分值 typed "10分"."""
    path = tmp_path / "official.xlsx"
    project_workbook(path, seed003["projects"][2:3], Variant(), "xinjiang")
    wb = load_workbook(path)
    ws = wb["项目3"]
    for row in ws.iter_rows():
        for c in row:
            if c.value in ("年度指标值", "实际完成值", "执行率"):
                c.value = {"年度指标值": "年度指标值（A）", "实际完成值": "实际完成值（B）", "执行率": "执行率(B/A)"}[c.value]
    ws["G12"] = "15分"
    wb.save(path)
    _, out = run_cli(capsys, "score", path, "--json")
    s = json.loads(out)["files"][0]["sheets"][0]
    assert s["funds"]["score"] == 9.84 and s["indicators"][0]["weight"] == 15 and s["total"] == 99.07


@pytest.mark.parametrize("at_most", ["≤", "不超过", "≦", "不高于"])
def test_split_comparator_and_unit_columns(tmp_path, capsys, at_most):
    """Newer forms: 指标性质 | 指标值 | 度量单位 as separate columns, 完成值 a bare number or a %-cell; a 小计 row.
    The 指标性质 is read in every spelling the value parser knows (a dropped 不超过 scored a limit as a goal)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "项目"
    rows = [
        ["项目支出绩效自评表"],
        ["项目名称", "示例项目"],
        ["主管部门", "示例局", None, "实施单位", "示例中心"],
        [None, None, "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "年度资金总额", 50, 50, 45, 10, None, None],
        ["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
        ["产出指标", "数量指标", "培训人次", "≥", 200, "人次", 180, 30, None, "部分学员请假"],
        ["产出指标", "质量指标", "合格率", "≥", 0.95, "%", 0.97, 30, None, None],
        ["产出指标小计", None, None, None, None, None, None, 60, None, None],
        ["产出指标", "时效指标", "人均培训成本", at_most, 2500, "元", 2600, 20, None, "物价上涨"],  # no 成本 level: the comparator alone says it is a limit
        ["效益指标", "社会效益指标", "能力提升", "定性", "明显提升", None, "明显提升", 10, None, None],
        ["总分", None, None, None, None, None, None, 100, None],
    ]
    for r, vals in enumerate(rows, 1):
        for c, v in enumerate(vals, 1):
            if v is not None:
                ws.cell(r, c, v)
    for r in (8,):
        ws.cell(r, 5).number_format = ws.cell(r, 7).number_format = "0.00%"
    path = tmp_path / "split.xlsx"
    wb.save(path)
    _, out = run_cli(capsys, "score", path, "--json")
    s = json.loads(out)["files"][0]["sheets"][0]
    ind = {i["name"]: i for i in s["indicators"]}
    assert list(ind) == ["培训人次", "合格率", "人均培训成本", "能力提升"]
    assert ind["培训人次"]["target"] == "≥200人次" and ind["培训人次"]["score"] == 27.0
    assert ind["合格率"]["target"] == "≥95%" and ind["合格率"]["actual"] == "97%" and ind["合格率"]["score"] == 30
    assert ind["人均培训成本"]["score"] == 19.23  # 2500/2600 × 20, reverse
    assert ind["能力提升"]["score"] == 10
    assert s["funds"]["score"] == 9 and s["total"] == 95.23


def test_funds_without_total_label_and_other_spellings(tmp_path, capsys):
    """No 年度资金总额 label: the amounts row is found under its headers; 指标名称 for 三级指标; 实际得分."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    rows = [
        ["项目支出绩效自评表"],
        ["项目名称", "示例项目"],
        ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
        [None, "80.00", "100.00", "93.16", 10],
        ["一级指标", "二级指标", "指标名称", "年度指标值", "实际完成值", "权重", "实际得分", "偏差原因"],
        ["产出指标", "数量指标", "解决就业人数", "100人", "52人", 15, None, "就业形势"],
        ["满意度指标", "服务对象满意度指标", "受益人员满意度", "≥95%", "99%", 75, None, None],
        ["合计", None, None, None, None, 100, None],
    ]
    for r, vals in enumerate(rows, 1):
        for c, v in enumerate(vals, 1):
            if v is not None:
                ws.cell(r, c, v)
    path = tmp_path / "nofunds.xlsx"
    wb.save(path)
    _, out = run_cli(capsys, "score", path, "--json")
    s = json.loads(out)["files"][0]["sheets"][0]
    assert s["funds"]["budget"] == 100 and s["funds"]["rate"] == 0.9316 and s["funds"]["score"] == 9.32
    assert s["funds"]["cell"] == "G4"
    assert [i["score"] for i in s["indicators"]] == [7.8, 75]
    assert s["total"] == 92.12 and s["grade"] == "优"


def test_department_spellings(tmp_path, capsys):
    """A form as a department types it: 分值 "10分", 执行率(%) as 92.75, amounts as text, 0.9 in a 0% cell,
    scores with 分: every figure read, nothing reported but the one real gap (a deduction without reason)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in (["项目支出绩效自评表"], ["项目名称", "乡村道路养护"],
                ["主管部门", "某县交通局", None, None, "实施单位", "某县公路站"],
                ["项目资金（万元）", None, "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（%）", "得分"],
                [None, "年度资金总额", 200, "200.00", "185.5", "10分", 92.75, "9.28分"],
                ["绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
                [None, "产出指标", "数量指标", "养护里程", "≥120公里", "125公里", "25分", "25分"],
                [None, None, "质量指标", "优良路率", 0.9, 0.88, "25", "24.44"],
                [None, "效益指标", "社会效益指标", "通行条件", "明显改善", "明显改善", 30, 30],
                [None, "满意度指标", "服务对象满意度指标", "群众满意度", "≥90%", "93%", 10, 10],
                ["总分", None, None, None, None, None, 100, "98.72"]):
        ws.append(row)
    ws["E8"].number_format = ws["F8"].number_format = "0%"
    path = tmp_path / "v.xlsx"
    wb.save(path)
    _, out = run_cli(capsys, "score", path, "--json")
    s = json.loads(out)["files"][0]["sheets"][0]
    assert (s["funds"]["weight"], s["funds"]["rate"], s["funds"]["score"]) == (10, 0.9275, 9.28)
    assert [i["score"] for i in s["indicators"]] == [25, 24.44, 30, 10] and s["total"] == 98.72
    assert "problems" not in s
    _, out = run_cli(capsys, "check", path, "--json")
    assert [(f["code"], f["cell"]) for f in json.loads(out)["files"][0]["findings"]] == [("JX011", "I8")]


def _heading_rows_form(claim=50):
    """No 一级/二级 columns: "一、产出指标" and "（一）数量指标" rows head the indicators below them."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "自评"
    for row in (["项目支出绩效自评表"], ["项目名称", "干部培训经费", None, "主管部门", "某市委组织部"],
                ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
                ["年度资金总额", 100, 100, 95, 10, None, None],
                ["绩效指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"],
                [f"一、产出指标（{claim}分）", None, None, None, None, None],
                ["（一）数量指标", None, None, None, None, None],
                ["培训人次", "≥100人次", "120人次", 20, None, None],
                ["（二）质量指标", None, None, None, None, None],
                ["培训合格率", "≥95%", "90%", 30, None, "个别学员补考"],
                ["二、效益指标", None, None, 30, None, None],
                ["干部能力提升", "明显提升", "明显提升", 30, None, None],
                ["满意度指标", None, None, 10, None, None],
                ["学员满意度", "≥90%", "92%", 10, None, None],
                ["总分", None, None, 100, None, None]):
        ws.append(row)
    return wb


def test_heading_rows_carry_the_levels(tmp_path, capsys):
    path = tmp_path / "h.xlsx"
    _heading_rows_form().save(path)
    out = tmp_path / "r.xlsx"
    code, text = run_cli(capsys, "recompute", path, "-o", out, "--json")
    s = json.loads(text)["files"][0]["sheets"][0]
    assert code == 0 and s["kind"] == "project"
    assert [(i["level1"], i["level2"], i["name"], i["score"], i["cell"]) for i in s["indicators"]] == [
        ("产出指标", "数量指标", "培训人次", 20, "E8"), ("产出指标", "质量指标", "培训合格率", 28.42, "E10"),
        ("效益指标", "", "干部能力提升", 30, "E12"), ("满意度指标", "", "学员满意度", 10, "E14")]
    assert s["total"] == 97.92
    ws = load_workbook(out).active
    assert [ws[f"E{r}"].value for r in (6, 7, 9, 11, 13)] == [None] * 5  # heading rows get no score
    _heading_rows_form(claim=60).save(path)
    _, text = run_cli(capsys, "check", path, "--json")
    jx2 = [f for f in json.loads(text)["files"][0]["findings"] if f["code"] == "JX002"]
    assert [f["cell"] for f in jx2] == ["A6"] and "60" in jx2[0]["message"] and "50" in jx2[0]["message"]


def test_funds_block_without_points_does_not_score_the_rate(tmp_path, capsys):
    """Some forms show 执行率 without 分值/得分: the indicators carry all 100 points, the rate adds none."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in (["项目支出绩效自评表"], ["项目名称", "干部培训经费"],
                ["项目资金（万元）", "年初预算数", "全年预算数", "全年执行数", "执行率"],
                ["年度资金总额", 100, 100, 95, None],
                ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"],
                ["产出指标", "数量指标", "培训人次", "≥100人次", "120人次", 60, 60],
                ["效益指标", "社会效益指标", "能力提升", "明显提升", "明显提升", 30, 30],
                ["满意度指标", "服务对象满意度指标", "学员满意度", "≥90%", "92%", 10, 10],
                ["总分", None, None, None, None, 100, 100]):
        ws.append(row)
    path = tmp_path / "f.xlsx"
    wb.save(path)
    _, text = run_cli(capsys, "score", path, "--json")
    s = json.loads(text)["files"][0]["sheets"][0]
    assert (s["funds"]["rate"], s["funds"]["weight"], s["funds"]["score"], s["total"]) == (0.95, None, None, 100)
    _, text = run_cli(capsys, "check", path, "--json")
    assert json.loads(text)["files"][0]["findings"] == []
