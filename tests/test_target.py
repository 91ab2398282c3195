"""绩效目标申报表 (issue 24): the kind, its exact indicator rows on every declaration layout (builders always,
real files where the local cache holds them), 目标审核, the cycle's comparisons and `new --from`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jixiao.addin.app import pipeline
from jixiao.addin.checks import check_form
from jixiao.addin.cli import main
from jixiao.addin.render import findings as F
from jixiao.templates.model import TargetTable
from jixiao.udfs import get_profile
from openpyxl import Workbook, load_workbook
from real_cache import ENTRIES, cache_dir
from real_layouts import (
    build_central_xmk_export,
    build_district_declarations,
    build_icontrol_project_declaration,
    build_icontrol_target_export,
    build_multiyear_declaration,
    build_xmk_template_2019,
)


def _targets(path) -> dict:
    wb = pipeline.analyze_file(path)
    assert wb.error is None
    return {f.sheet: f for f in wb.forms if isinstance(f.body, TargetTable)}


def _rows(form, mid: bool = False) -> list[dict]:
    out = []
    for i in (form.body.mid_indicators if mid else form.body.indicators):
        row = {"row": i.row, "name": i.name, "target": i.target.value}
        if i.level1.name:
            row["level1"] = i.level1.name
        if i.level2.name:
            row["level2"] = i.level2.name
        if i.explanation is not None:
            row["explanation"] = i.explanation.value
        out.append(row)
    return out


def _codes(path, profile=None) -> list:
    return [(f.code, f.sheet, f.cell) for f in pipeline.run(path, profile).findings]


# --- reading: every builder, exact rows --------------------------------------------------------------------

def test_district_declarations_exact_rows_and_header(tmp_path):
    expect = build_district_declarations(tmp_path / "d.xlsx")
    forms = _targets(tmp_path / "d.xlsx")
    assert set(forms) == set(expect)
    for sheet, e in expect.items():
        form = forms[sheet]
        assert _rows(form) == [{k: r[k] for k in ("row", "name", "target", "level1", "level2", "explanation")}
                               for r in e["indicators"]]
        assert list(form.body.not_applicable) == e["not_applicable_rows"]
        h = e["header"]
        assert form.header_value("project_name") == h["project_name"] and form.header_value("unit") == h["unit"]
        assert form.body.amount("total_amount") == h["total_amount"] and form.body.year_amount == h["year_amount"]
        assert form.body.unit == "万元"
        code = form.header["project_code"].value
        assert isinstance(code, str)  # kept as text, never a float
        if h["project_code"]:
            assert code == h["project_code"]
        assert (form.body.code_as_number is not None) == h["project_code_lost_digits"]
        assert form.body.text("policy_basis") and form.body.text("calc_basis") and form.body.text("mid_goal")


@pytest.mark.parametrize("filled", [False, True])
def test_central_declaration_year_beside_mid(tmp_path, filled):
    expect = build_central_xmk_export(tmp_path / "c.xlsx", declaration="filled" if filled else "blank")
    e = expect["项目支出绩效目标申报表"]
    form = _targets(tmp_path / "c.xlsx")["项目支出绩效目标申报表"]
    assert _rows(form) == e["indicators"]
    assert _rows(form, mid=True) == e["mid_indicators"]
    assert form.body.blank == e["blank"]
    assert form.body.amount("year_amount") == e["funds"]["year_total"]
    assert form.body.amount("mid_amount") == e["funds"]["mid_total"]
    assert form.header_value("unit") == e["header"]["unit"] and form.header_value("period") == "1年"
    assert form.year == 2020  # its own title's year, not the 2019 of the monitor beside it
    kinds = {f.sheet: f.kind.id for f in pipeline.analyze_file(tmp_path / "c.xlsx").forms}
    assert kinds == {"项目支出绩效目标申报表": "target", "项目支出绩效目标执行监控": "monitor", "项目支出绩效自评表": "project"}


@pytest.mark.parametrize("variant", ["blank", "filled", "placeholders"])
def test_multiyear_declaration_periods(tmp_path, variant):
    expect = build_multiyear_declaration(tmp_path / "m.xlsx", filled=variant == "filled",
                                         placeholders=variant == "placeholders")["Sheet1"]
    form = _targets(tmp_path / "m.xlsx")["Sheet1"]
    got = form.body.indicators
    assert [(i.row, i.level1.name, i.level2.name, i.name) for i in got] == [
        (r["row"], r["level1"], r["level2"], r["name"]) for r in expect["indicators"]]
    # the year's target is 第一年度; the whole period's (总体) are the 中期 ones; 第二年度 kept beside
    assert [i.target.value for i in got] == [r["target_year1"] for r in expect["indicators"]]
    assert [i.target.value for i in form.body.mid_indicators] == [r["target_total"] for r in expect["indicators"]]
    assert [dict(i.others).get("第二年度").value for i in got] == [r["target_year2"] for r in expect["indicators"]]
    assert form.body.blank == expect["blank"]
    if variant == "placeholders":
        assert form.body.placeholder_rows == (10,)
    if variant == "filled":
        assert form.body.text("year_goal") == "完成一半资源建设"
        assert form.body.text("mid_goal") == "两年内建成资源库并推广应用"


def test_xmk_template_2019_blank(tmp_path):
    expect = build_xmk_template_2019(tmp_path / "x.xlsx")["项目支出绩效目标申报表"]
    form = _targets(tmp_path / "x.xlsx")["项目支出绩效目标申报表"]
    assert form.body.header_row == expect["indicator_header_row"] and form.body.blank
    assert form.body.indicators == () and form.body.mid_indicators == ()
    assert form.body.amount("year_amount") is None  # 未填写, not 0
    assert form.year == expect["year"]


@pytest.mark.parametrize("filled", [False, True])
def test_icontrol_layouts(tmp_path, filled):
    e1 = build_icontrol_target_export(tmp_path / "t.xlsx", filled=filled)["绩效目标台账"]
    form = _targets(tmp_path / "t.xlsx")["绩效目标台账"]
    assert _rows(form) == e1["indicators"] and form.body.blank == e1["blank"]
    e2 = build_icontrol_project_declaration(tmp_path / "p.xlsx", filled=filled)["项目支出绩效目标"]
    form = _targets(tmp_path / "p.xlsx")["项目支出绩效目标"]
    assert _rows(form) == e2["indicators"] and form.body.blank == e2["blank"]  # the 二级 cell names the row
    assert form.body.texts["year_goal"].cell == e2["goal"]["cell"]


def test_score_json_says_target(tmp_path, capsys):
    build_district_declarations(tmp_path / "d.xlsx")
    assert main(["score", "--json", str(tmp_path / "d.xlsx")]) == 0
    sheets = json.loads(capsys.readouterr().out)["files"][0]["sheets"]
    assert [s["kind"] for s in sheets] == ["target", "target"]
    s = sheets[0]
    assert s["header"]["project_code"] == "440101230000000000123"
    assert s["indicators"][0]["parsed"] == {"comparator": ">=", "value": 12.0, "unit": "次", "high": None}
    assert s["amounts"] == {"total_amount": 36.0, "year_amount": 36.0} and s["mid_indicators"] == []
    assert s["not_applicable_rows"] == [17, 19]


# --- check: blank is one finding, a valid declaration exits 0 ----------------------------------------------

@pytest.mark.parametrize("build", [
    lambda p: build_multiyear_declaration(p), lambda p: build_multiyear_declaration(p, placeholders=True),
    lambda p: build_xmk_template_2019(p), lambda p: build_icontrol_target_export(p, filled=False),
    lambda p: build_icontrol_project_declaration(p, filled=False)])
def test_blank_declaration_is_one_finding(tmp_path, build):
    build(tmp_path / "b.xlsx")
    codes = _codes(tmp_path / "b.xlsx")
    assert [c for c, *_ in codes] == ["JX101"]
    assert main(["check", str(tmp_path / "b.xlsx")]) == 0


def test_valid_declaration_checks_clean(tmp_path, capsys):
    build_icontrol_target_export(tmp_path / "t.xlsx")
    assert main(["check", "--json", str(tmp_path / "t.xlsx")]) == 0
    findings = json.loads(capsys.readouterr().out)["files"][0]["findings"]
    assert "JX026" not in {f["code"] for f in findings}
    assert all(f["severity"] == "warning" for f in findings)


def test_code_stored_as_number_lost_its_digits(tmp_path):
    build_district_declarations(tmp_path / "d.xlsx")
    run = pipeline.run(tmp_path / "d.xlsx")
    lost = [f for f in run.findings if f.code == "JX117"]
    assert [(f.sheet, f.cell) for f in lost] == [("项目B", "B2")]
    assert "440101230000000000000" in F.message(lost[0]) and "15 位" in F.message(lost[0])


# --- 目标审核 ------------------------------------------------------------------------------------------------

def declaration(path, *, amount="36.00", basis="《某区社区服务实施办法》（某府发〔2023〕5号）",
                calc="活动经费36.00万元，按12次、每次3.00万元测算", goal="开展社区服务活动12次，居民满意度达到90%以上",
                rows=None, weights=False, core=False, unit_note="（万元）") -> Path:
    """A district-layout declaration with the figures a test needs (one sheet)."""
    rows = rows if rows is not None else [
        ("产出指标", "数量指标", "开展活动次数", "≥12次", "全年开展的活动次数", 20),
        ("产出指标", "质量指标", "活动完成率", "≥95%", "完成次数/计划次数", 20),
        ("产出指标", "时效指标", "完成时间", "2024年12月31日前", "全部活动完成的时间", 20),
        ("产出指标", "成本指标", "活动经费", "≤36万元", "全年活动经费", 10),
        ("效益指标", "社会效益指标", "居民参与率", "≥80%", "参与居民/邀请居民", 20),
        ("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "问卷调查满意比例", 10)]
    wb = Workbook()
    ws = wb.active
    ws.title = "项目A"
    ws["A1"] = "二级项目支出绩效目标申报表"
    fields = [("项目编码", "440101230000000000123"), ("项目名称", "某社区服务项目"), ("申请单位", "某街道办事处"),
              ("实施期限", "2024年"), (f"项目总金额{unit_note}", amount), (f"本年度项目金额{unit_note}", amount),
              ("政策依据", basis), ("测算依据", calc), ("年度目标", goal), ("长期目标", "建成稳定的社区服务体系")]
    for i, (label, value) in enumerate(fields, 2):
        ws.cell(i, 1, label)
        ws.cell(i, 2, value)
    h = 2 + len(fields)
    head = ["一级指标", "二级指标", "三级指标", "目标值", "指标解释"] + (["分值"] if weights else []) + (
        ["是否核心指标"] if core else [])
    for c, v in enumerate(head, 1):
        ws.cell(h, c, v)
    for r, row in enumerate(rows, h + 1):
        values = list(row[:5]) + ([row[5]] if weights else []) + (["是" if r == h + 1 else "否"] if core else [])
        for c, v in enumerate(values, 1):
            ws.cell(r, c, v)
    wb.save(path)
    return Path(path)


def test_a_clean_declaration_has_no_review_finding(tmp_path):
    assert _codes(declaration(tmp_path / "ok.xlsx", weights=True)) == []


def test_review_rules_each_say_what_is_wrong(tmp_path):
    rows = [("产出指标", "数量指标", "开展活动次数", "12", "", None),
            ("产出指标", "数量指标", "开展活动次数", "较多", "次数", None),
            ("产出指标", "时效指标", "完成时间", "按时完成", "时间", None),
            ("产出指标", "质量指标", "组织开展社区居民文化体育活动并确保全年活动场次达到计划要求", "≥95%", "比例", None),
            ("效益指标", "社会效益指标", "居民参与率", "≥80", "参与居民/邀请居民", None)]
    path = declaration(tmp_path / "bad.xlsx", basis="按上级相关文件要求", calc="据实列支", goal="完成年度任务", rows=rows)
    run = pipeline.run(path)
    got = {(f.code, f.variant, f.cell) for f in run.findings}
    assert ("JX102", "vague", "B8") in got and ("JX103", "vague", "B9") in got and ("JX104", "vague", "B10") in got
    assert ("JX105", "", "D13") in got  # no 成本
    assert {("JX106", "comparator", "D13"), ("JX106", "qualitative", "D14"), ("JX106", "unit", "D17")} <= got
    assert ("JX107", "", "E13") in got and ("JX108", "", "D15") in got and ("JX109", "", "C16") in got
    assert ("JX114", "", "C14") in got and ("JX110", "", "D13") in got  # 居民 served, no 满意度
    assert ("JX111", "", "D13") not in got  # five indicators ≥ the three a 36 万元 project needs
    for f in run.findings:
        text = F.message(f)
        assert "{" not in text and text.endswith("。")
    groups = {f.rule.group for f in run.findings}
    assert groups == {"完整性", "可测性", "相关性"}


def test_review_limits_and_switches_come_from_the_profile(tmp_path):
    path = declaration(tmp_path / "few.xlsx", amount="360.00", calc="活动经费360.00万元，按12次、每次30.00万元测算",
                       rows=[("产出指标", "数量指标", "开展活动次数", "≥12次", "次数", None)], core=True)
    codes = {c for c, *_ in _codes(path)}
    assert {"JX111", "JX105"} <= codes and "JX115" not in codes
    strict = get_profile("national").derive(review_core_indicators=True, review_off=("JX111",),
                                            review_large_amount=None)
    wb = pipeline.analyze_file(path, strict)
    codes = {f.code for form in wb.forms for f in check_form(form)}
    assert "JX111" not in codes and "JX115" not in codes  # the first row is marked 是
    first_not_core = declaration(tmp_path / "nocore.xlsx", core=False)
    wb = pipeline.analyze_file(first_not_core, strict)
    assert "JX115" in {f.code for form in wb.forms for f in check_form(form)}


def test_weights_must_sum_to_the_total(tmp_path):
    rows = [("产出指标", "数量指标", "开展活动次数", "≥12次", "次数", 30), ("产出指标", "质量指标", "合格率", "≥95%", "比例", 30),
            ("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "比例", 30)]
    run = pipeline.run(declaration(tmp_path / "w.xlsx", rows=rows, weights=True))
    w = [f for f in run.findings if f.code == "JX116"]
    assert len(w) == 1 and w[0].params["total"] == 90 and w[0].cell == "F13"


# --- plausibility: where the figures say so, and never on clean sheets --------------------------------------

def test_amount_typed_in_yuan_under_a_wan_label(tmp_path):
    run = pipeline.run(declaration(tmp_path / "yuan.xlsx", amount="360000.00"))
    hits = [f for f in run.findings if f.code == "JX112"]
    assert [(f.cell, f.variant) for f in hits] == [("B7", "")]  # 本年度项目金额 first, once
    assert "一万倍" in F.message(hits[0])


def test_amount_against_its_cost_target(tmp_path):
    path = declaration(tmp_path / "cost.xlsx", amount="360000.00", calc="按12次活动测算")
    hits = [f for f in pipeline.run(path).findings if f.code == "JX112"]
    assert [(f.cell, f.variant) for f in hits] == [("B7", "cost")]


def test_zero_amount_with_targets(tmp_path):
    hits = [f for f in pipeline.run(declaration(tmp_path / "z.xlsx", amount="0.00", calc="按12次测算")).findings
            if f.code == "JX112"]
    assert [(f.cell, f.variant) for f in hits] == [("B7", "zero")]


def test_a_yuan_form_is_not_taken_for_ten_thousand(tmp_path):
    path = declaration(tmp_path / "y.xlsx", amount="360000.00", unit_note="（元）",
                       calc="活动经费360000元，按12次、每次30000元测算")
    assert "JX112" not in {c for c, *_ in _codes(path)}


@pytest.mark.parametrize("build", [
    build_district_declarations, lambda p: build_central_xmk_export(p, declaration="filled"),
    lambda p: build_multiyear_declaration(p, filled=True), build_icontrol_target_export,
    build_icontrol_project_declaration])
def test_no_plausibility_finding_on_clean_builders(tmp_path, build):
    build(tmp_path / "c.xlsx")
    assert "JX112" not in {c for c, *_ in _codes(tmp_path / "c.xlsx")}


# --- new --from, and the cycle --------------------------------------------------------------------------------

def test_new_project_from_declaration_round_trips(tmp_path):
    build_district_declarations(tmp_path / "d.xlsx")
    out = tmp_path / "自评表.xlsx"
    assert main(["new", "project", "--from", str(tmp_path / "d.xlsx"), "-o", str(out), "--year", "2024"]) == 0
    declared = _targets(tmp_path / "d.xlsx")
    made = {f.header_value("project_name"): f for f in pipeline.analyze_file(out).forms}
    assert len(made) == 2
    for d in declared.values():
        form = made[d.header_value("project_name")]
        assert form.kind.id == "project" and form.header_value("unit") == d.header_value("unit")
        assert [(i.name, i.target.value) for i in form.body.indicators] == [
            (i.name, i.target.value) for i in d.body.indicators]
        assert form.funds.figures.budget_initial == d.body.year_amount
    # filled in, the 自评表 it made scores
    wb = load_workbook(out)
    for form in made.values():
        ws = wb[form.sheet]
        for i in form.body.indicators:
            ws[i.actual.cell] = "已完成" if "日" in str(i.target.value) else str(i.target.value).lstrip("≥≤")
            ws[i.weight.cell] = 15
        ws[form.funds.budget.cell], ws[form.funds.spent.cell] = 36, 30
    wb.save(out)
    scored = pipeline.analyze_file(out).forms
    assert all(f.total_value is not None for f in scored)


def test_new_monitor_from_declaration(tmp_path):
    build_icontrol_target_export(tmp_path / "t.xlsx")
    out = tmp_path / "监控表.xlsx"
    assert main(["new", "monitor", "--from", str(tmp_path / "t.xlsx"), "-o", str(out)]) == 0
    (form,) = pipeline.analyze_file(out).forms
    assert form.kind.id == "monitor"
    assert sorted((m.name, m.target.value) for m in form.body.rows if m.name) == sorted(
        (r[2], r[3]) for r in __import__("real_layouts").ICONTROL_TARGETS)


def test_new_from_a_blank_declaration_is_refused(tmp_path, capsys):
    build_xmk_template_2019(tmp_path / "x.xlsx")
    assert main(["new", "project", "--from", str(tmp_path / "x.xlsx"), "-o", str(tmp_path / "o.xlsx")]) == 2
    assert "还没有填写" in capsys.readouterr().err


def _edit_selfeval(path, sheet, changes: dict):
    wb = load_workbook(path)
    for ref, v in changes.items():
        wb[sheet][ref] = v
    wb.save(path)


def test_cycle_across_a_folder_names_both_cells(tmp_path, capsys):
    """A declaration built from the central export's layout, its 自评表 made from it, then changed."""
    folder = tmp_path / "f"
    folder.mkdir()
    build_central_xmk_export(folder / "申报.xlsx", declaration="filled")
    out = folder / "自评表.xlsx"
    assert main(["new", "project", "--from", str(folder / "申报.xlsx"), "-o", str(out)]) == 0
    capsys.readouterr()
    (form,) = pipeline.analyze_file(out).forms
    assert form.year == 2020
    # nothing changed: nothing to report across the cycle
    assert main(["check", "--json", str(folder)]) in (0, 1)
    found = json.loads(capsys.readouterr().out)["files"]
    assert not [f for e in found for f in e["findings"] if f["code"].startswith("JX13")]
    first = form.body.indicators[0]
    _edit_selfeval(out, form.sheet, {first.target.cell: "15集", form.funds.budget_initial.cell: 60})
    main(["check", "--json", str(folder)])
    found = {e["file"]: e["findings"] for e in json.loads(capsys.readouterr().out)["files"]}
    cyc = [f for f in found[str(out)] if f["code"].startswith("JX13")]
    assert sorted((f["code"], f["cell"]) for f in cyc) == [("JX134", first.target.cell),
                                                             ("JX136", form.funds.budget_initial.cell)]
    text = next(f["message"] for f in cyc if f["code"] == "JX134")
    assert "申报.xlsx：项目支出绩效目标申报表!I15" in text and f"{form.sheet}!{first.target.cell}" in text
    assert "“15集”" in text and "“20集”" in text


def test_cycle_within_a_workbook(tmp_path):
    """One workbook: the declaration and the 自评表 of the same project and year, one target changed, one row
    renamed, one missing, one added, a 分值 changed."""
    path = declaration(tmp_path / "d.xlsx", weights=True)
    made = tmp_path / "made.xlsx"
    assert main(["new", "project", "--from", str(path), "-o", str(made)]) == 0
    (form,) = pipeline.analyze_file(made).forms
    ind = {i.name: i for i in form.body.indicators}
    wb = load_workbook(made)
    ws = wb[form.sheet]
    ws[ind["开展活动次数"].target.cell] = "≥10次"
    ws[ind["活动完成率"].weight.cell] = 15
    ws[ind["居民参与率"].actual.cell.replace("G", "D")] = "居民参与比例"  # renamed under the same 二级
    ws[ind["完成时间"].target.cell.replace("F", "D")] = None  # name cleared: the row is gone
    ws[ind["完成时间"].target.cell] = None
    ws[ind["活动经费"].target.cell.replace("F", "D")] = "宣传册印制数量"  # another indicator in its place
    decl = load_workbook(path)["项目A"]
    target = wb.create_sheet("申报表")
    for row in decl.iter_rows():
        for c in row:
            target[c.coordinate] = c.value
    wb.save(made)
    got = {(f.code, f.cell): f for f in pipeline.run(made).findings if f.code.startswith("JX13")}
    assert ("JX134", ind["开展活动次数"].target.cell) in got
    assert ("JX135", ind["活动完成率"].weight.cell) in got
    assert any(c == "JX133" for c, _ in got)
    assert any(c == "JX131" for c, _ in got) and any(c == "JX132" for c, _ in got)
    msg = F.message(got[("JX134", ind["开展活动次数"].target.cell)])
    assert "申报表!D13" in msg and f"{form.sheet}!{ind['开展活动次数'].target.cell}" in msg


# --- real files (skipped without the local cache) ------------------------------------------------------------

REAL_DECLARATIONS = [(e["id"], e["ext"], s) for e in ENTRIES for s in e["sheet"] if s.get("kind") == "target"]


@pytest.mark.parametrize("fid,ext,sheet", REAL_DECLARATIONS, ids=[f"{i}:{s['name']}" for i, _e, s in REAL_DECLARATIONS])
def test_real_declaration_sheets(fid, ext, sheet):
    path = cache_dir() / f"{fid}.{ext}"
    if not path.is_file():
        pytest.skip(f"{path.name} not in the local cache")
    run = pipeline.run(path)
    forms = {f.sheet: f for f in run.workbook.forms}
    assert sheet["name"] in forms and forms[sheet["name"]].kind.id == "target"
    form = forms[sheet["name"]]
    expect = sheet.get("expect", {})
    assert _rows(form) == expect.get("indicators", [])
    assert _rows(form, mid=True) == expect.get("mid_indicators", [])
    if "indicator_header_row" in expect:
        assert form.body.header_row == expect["indicator_header_row"]
    mine = [f for f in run.findings if f.sheet == sheet["name"]]
    assert "JX026" not in {f.code for f in run.findings}
    if sheet.get("filled") is False:
        assert [f.code for f in mine] == ["JX101"]  # blank: one finding, nothing else
    assert "JX112" not in {f.code for f in mine}


# --- summarize and the ribbon -------------------------------------------------------------------------------

def test_summarize_a_folder_of_declarations(tmp_path):
    from jixiao.addin.app.summarize import summarize

    folder = tmp_path / "申报"
    folder.mkdir()
    build_district_declarations(folder / "d.xlsx")
    build_multiyear_declaration(folder / "blank.xlsx")
    declaration(folder / "yuan.xlsx", amount="360000.00")
    res = summarize([folder], tmp_path / "汇总.xlsx")
    wb = load_workbook(res.output)
    assert [n for n in wb.sheetnames if n.startswith("目标审核")] == ["目标审核"]  # written once
    ws = wb["目标审核"]
    head = next(r for r in ws.iter_rows(values_only=True) if r[0] == "序号")
    rows = [dict(zip(head, r, strict=True)) for r in ws.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert [(r["工作表"], r["指标数"]) for r in rows] == [("Sheet1", 0), ("项目A", 6), ("项目B", 6), ("项目A", 6)]
    by = {(r["文件"], r["工作表"]): r for r in rows}
    assert by[("d.xlsx", "项目B")]["完整性"] == 1 and "丢失位数" in by[("d.xlsx", "项目B")]["问题"]
    assert by[("yuan.xlsx", "项目A")]["可行性"] == 1 and by[("blank.xlsx", "Sheet1")]["问题"] == "绩效目标申报表未填写"
    assert ws.cell(4, 1).hyperlink is not None  # each row opens its sheet
    codes = [r[5] for r in wb["问题清单"].iter_rows(values_only=True)]
    assert {"JX101", "JX112", "JX117"} <= set(codes)


def test_ribbon_new_project_carries_the_declaration(tmp_path):
    from jixiao.addin.excel import actions

    build_district_declarations(tmp_path / "申报.xlsx")
    msg = actions.dispatch("new_project", actions.FileBook(tmp_path / "申报.xlsx"))
    assert "带入申报表中 2 个项目" in msg
    made = actions.FileBook(tmp_path / "新建项目支出绩效自评表.xlsx").result().forms
    assert [len(f.body.indicators) for f in made] == [6, 6]
