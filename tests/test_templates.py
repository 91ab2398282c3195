"""Templates from specs: `jixiao new`, recognition round trip, seed figures after recompute, and
LibreOffice's recalculation of the native formulas against the engine."""

import json
import re
import shutil
import subprocess

import pytest
from conftest import lo_profile_recalculating, run_cli
from jixiao.addin.ooxml import read_workbook
from jixiao.templates.build import new_workbook
from jixiao.templates.labels import norm
from jixiao.templates.recognize import recognize
from jixiao.templates.specs import SPECS
from openpyxl import load_workbook


def test_new_list(capsys):
    code, out = run_cli(capsys, "new", "--list")
    lines = out.strip().splitlines()
    assert code == 0 and [ln.split("\t")[0] for ln in lines] == list(SPECS)
    assert all(len(ln.split("\t")) == 2 and ln.endswith(("表", "表（新疆）")) for ln in lines)


def _expanded(groups, per_level2):
    return [(g.level1, g.weight, l2) for g in groups for l2 in g.level2 for _ in range(per_level2)]


@pytest.mark.parametrize("tid", [t for t, s in SPECS.items() if s.kind in ("project", "overall")])
def test_spec_to_xlsx_to_recognised_layout(tmp_path, tid):
    """Every slot of the form filled: the recogniser finds exactly the spec's groups, weights, 二级指标,
    header, funds, total and grade cells, and the 指标方向 column where the spec has one."""
    spec = SPECS[tid]
    slots = _expanded(spec.groups, spec.rows_per_level2)
    inds = [{"level1": l1, "level2": l2, "name": f"指标{k}", "target": "≥1次", "actual": "1次", "weight": 1,
             "direction": "正向"} for k, (l1, _w, l2) in enumerate(slots)]
    path = tmp_path / "t.xlsx"
    (w,) = new_workbook(tid, path, projects=[{"项目名称": "示例", "主管部门": "甲", "实施单位": "乙",
                                             "年初预算数": 10, "全年预算数": 10, "全年执行数": 9, "indicators": inds}])
    data = read_workbook(path)
    lay = recognize(data.sheets[0])
    assert lay.kind == spec.kind
    want = {"project_name" if spec.kind == "project" else "dept_name": w["name"]}
    if spec.dept_unit_row:
        want.update(department=w["department"], unit=w["unit"])
    assert {k: f.cell for k, f in lay.header.items()} == want
    assert lay.funds.rate.cell == w["rate"] and lay.funds.score.cell == w["rate_score"]
    assert lay.funds.budget.value == 10 and lay.body.totals.total.cell == w["total"] and lay.body.totals.grade.cell == w["grade"]
    assert [(i.level1.name, i.level1.claimed, i.level2.name) for i in lay.body.indicators] == slots
    assert [i.row for i in lay.body.indicators] == list(range(w["first"], w["last"] + 1))
    assert [i.name for i in lay.body.indicators] == [f"指标{k}" for k in range(len(slots))]
    cols = w["columns"]
    assert {(i.target.cell[0], i.actual.cell[0], i.weight.cell[0], i.score_cell.cell[0]) for i in lay.body.indicators} == {
        (cols["target"], cols["actual"], cols["weight"], cols["score"])}
    if spec.direction_column:
        assert {(i.direction, i.direction_cell[0]) for i in lay.body.indicators} == {("正向", cols["direction"])}
    else:
        assert "direction" not in cols and {i.direction for i in lay.body.indicators} == {None}
    assert data.defined_names["jixiao_profile"] == f'"{spec.profile}"'


def test_empty_template_has_no_indicators(tmp_path):
    for tid in ("project", "overall", "project_xinjiang"):
        new_workbook(tid, tmp_path / f"{tid}.xlsx")
        assert recognize(read_workbook(tmp_path / f"{tid}.xlsx").sheets[0]).body.indicators == ()  # slots aren't rows


def test_spec_round_trip_basic_data(tmp_path):
    from jixiao.templates.build import BASIC_ROWS

    (w,) = new_workbook("basic_data", tmp_path / "b.xlsx", year=2023)
    lay = recognize(read_workbook(tmp_path / "b.xlsx").sheets[0])
    b = lay.body
    assert (b.quota.cell, b.actual.cell, b.control_rate.cell) == (w["quota"], w["actual"], w["control_rate"])
    assert b.columns == ("2022年决算数", "2023年预算数", "2023年决算数")
    assert [(r.label, r.row) for r in b.rows] == [(norm(lab), w["rows"][lab]) for lab in BASIC_ROWS]


def test_spec_round_trip_monitor(tmp_path):
    """The 监控表: header and funds cells, and every grid row back with its 一级/二级 from the spec."""
    spec = SPECS["monitor"]
    path = tmp_path / "m.xlsx"
    (w,) = new_workbook("monitor", path)
    wb = load_workbook(path)
    ws = wb.active
    slots = _expanded(spec.groups, 1)
    for r in range(w["first"], w["last"] + 1):
        ws[f"D{r}"], ws[f"F{r}"], ws[f"G{r}"], ws[f"H{r}"], ws[f"I{r}"] = f"指标{r}", 10, "次", 4, 10
        ws[f"P{r}"] = "√"
    wb.save(path)
    lay = recognize(read_workbook(path).sheets[0])
    assert lay.kind == "monitor"
    assert {k: f.cell for k, f in lay.header.items()} == {"project_name": w["name"], "department": w["department"],
                                                          "unit": w["unit"]}
    mf = lay.funds
    assert [getattr(mf, k).cell for k in ("budget_initial", "budget_adjust", "spent", "rate", "forecast")] == [
        w["initial"], w["adjust"], w["h1"], w["rate"], w["forecast"]]
    grid = lay.body.rows
    assert [(m.level1, None, m.level2) for m in grid] == slots
    assert {(m.target.value, m.forecast.value, m.can_complete) for m in grid} == {("10次", "10次", True)}
    assert [m.can_complete_cell for m in grid] == [f"P{r}" for r in range(w["first"], w["last"] + 1)]


def test_spec_round_trip_assessment(tmp_path):
    from jixiao.templates.build import ASSESSMENT_ROWS

    (w,) = new_workbook("assessment", tmp_path / "a.xlsx")
    lay = recognize(read_workbook(tmp_path / "a.xlsx").sheets[0])
    items = lay.body.items
    assert [(i.content, i.weight.value, i.row) for i in items[:len(ASSESSMENT_ROWS)]] == [
        (c, wt, w["rows"][c]) for c, wt, _s in ASSESSMENT_ROWS]
    assert items[-1].self_score.cell == w["average"]
    assert (lay.body.totals.total.cell, lay.body.totals.total_weight.value) == (w["total"], 100)


def _as_project(p: dict) -> dict:
    return {"项目名称": p["name"], "主管部门": p["department"], "实施单位": p["unit"],
            "年初预算数": p["funds"]["budget_initial"], "全年预算数": p["funds"]["budget"],
            "全年执行数": p["funds"]["spent"], "indicators": p["indicators"]}


def test_seed003_through_the_xinjiang_template(tmp_path, capsys, seed003):
    """All twelve projects typed into the 新疆 template, recomputed: every published figure, to the cent.
    Recompute fills the indicator scores; 执行率, 执行率得分 (binary rounding ties included), 总分 and 等级 are
    native formulas, and LibreOffice (as Excel would) computes the published figures from them."""
    path = tmp_path / "s3.xlsx"
    wheres = new_workbook("project_xinjiang", path, projects=[_as_project(p) for p in seed003["projects"]])
    out = tmp_path / "out.xlsx"
    code, text = run_cli(capsys, "recompute", path, "-o", out, "--json")
    assert code == 0
    wb = load_workbook(out)
    sheets = json.loads(text)["files"][0]["sheets"]
    for ws, w, p, s in zip(wb.worksheets, wheres, seed003["projects"], sheets, strict=True):
        assert (s["funds"]["score"], s["total"]) == (p["funds"]["score"], p["total"])
        assert [i["score"] for i in s["indicators"]] == [i["score"] for i in p["indicators"]]
        assert [ws[i["cell"]].value for i in s["indicators"]] == [i["score"] for i in p["indicators"]]
        assert all(ws[w[k]].value.startswith("=IF(") for k in ("rate", "rate_score", "total"))  # Excel computes
        assert f"{s['funds']['rate'] * 100:.2f}%" == p["funds"]["rate"]
    if shutil.which("soffice"):
        lo = _lo_recalc(tmp_path, out)
        for ws, w, p, s in zip(lo.worksheets, wheres, seed003["projects"], sheets, strict=True):
            assert (ws[w["rate_score"]].value, ws[w["total"]].value, ws[w["grade"]].value) == (
                p["funds"]["score"], p["total"], f"等级：{s['grade']}")
            assert round(ws[w["rate"]].value, 4) == s["funds"]["rate"]
            assert ws[w["total_weight"]].value == 10 + sum(i["weight"] for i in p["indicators"])


from jixiao.udfs import PROFILES as _PROFILES  # noqa: E402


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
@pytest.mark.parametrize("profile", [pid for pid in _PROFILES if pid not in ("xinjiang", "national")])
def test_every_profiles_native_rate_score_equals_the_engine(tmp_path, profile):
    """`jixiao new --profile ID`: the 执行率得分 formula of every provincial profile (its own rate weight: 湖北
    20), recalculated by LibreOffice at every two-decimal rate from 50% to 120%, equals the engine; a rule
    that no formula can follow (合肥's raw-amount ratio) gets none, and recompute fills its cell."""
    from jixiao.templates.formulas import rate_score_formula
    from jixiao.udfs import scoring
    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName

    p = _PROFILES[profile]
    w = p.rate_weight
    if rate_score_formula(p, "A1", "B1", w) is None:
        assert profile == "hefei"
        return
    wb = Workbook()
    ws = wb.active
    rates = list(range(5000, 12001))
    names = {}
    for r, bp in enumerate(rates, 1):
        ws.cell(r, 1, bp / 10000)
        ws.cell(r, 2, w)
        formula, names = rate_score_formula(p, f"A{r}", f"B{r}", w)
        ws.cell(r, 3, formula)
    for name, value in names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=value)
    path = tmp_path / "rates.xlsx"
    wb.save(path)
    lo = _lo_recalc(tmp_path, path).active
    got = [lo.cell(r, 3).value for r in range(1, len(rates) + 1)]
    assert got == [scoring.rate_score(bp / 10000, w, p) for bp in rates]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
@pytest.mark.parametrize("profile", ["xinjiang", "national"])
def test_native_rate_score_equals_the_engine_at_every_rate(tmp_path, profile):
    """The 执行率得分 formula for every two-decimal rate from 55% to 105% (each binary rounding tie of the
    新疆 rule among them), recalculated by LibreOffice: equal to the engine's rate_score everywhere."""
    from jixiao.templates.formulas import rate_score_formula
    from jixiao.udfs import scoring
    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName

    wb = Workbook()
    ws = wb.active
    rates = list(range(5500, 10501))
    for r, bp in enumerate(rates, 1):
        ws.cell(r, 1, bp / 10000)
        ws.cell(r, 2, 10)
        formula, names = rate_score_formula(profile, f"A{r}", f"B{r}", 10)
        ws.cell(r, 3, formula)
    for name, value in names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=value)
    assert bool(names) == (profile == "xinjiang")
    path = tmp_path / "rates.xlsx"
    wb.save(path)
    lo = _lo_recalc(tmp_path, path).active
    got = [lo.cell(r, 3).value for r in range(1, len(rates) + 1)]
    want = [scoring.rate_score(bp / 10000, 10, profile) for bp in rates]
    assert got == want
    spot = {"xinjiang": {9938: 9.84, 7766: 4.41, 9198: 8.0}, "national": {9935: 9.94, 9938: 9.94, 5500: 5.5}}
    assert {bp: got[rates.index(bp)] for bp in spot[profile]} == spot[profile]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
@pytest.mark.parametrize("tid", ["project", "overall"])
def test_libreoffice_recalculation_equals_engine(tmp_path, capsys, tid):
    """National forms: LibreOffice computes 执行率, 执行率得分, 分值合计, 总分, 等级 natively; they equal the engine's."""
    cases = [(4978.49, 4637.81), (32.40, 32.20), (100.0, 77.66), (200.0, 183.96), (20.68, 12.02), (10, 12.5)]
    path = tmp_path / "n.xlsx"
    wheres = new_workbook(tid, path, projects=[
        {"项目名称": f"项目{i}", "全年预算数": b, "年初预算数": b, "全年执行数": s} for i, (b, s) in enumerate(cases, 1)])
    wb = load_workbook(path)
    for ws, w in zip(wb.worksheets, wheres, strict=True):  # two indicators, one scored by hand, one left to JX_
        c, r = w["columns"], w["first"]
        for key, v in (("name", "培训人次"), ("direction", "正向"), ("target", "100人"), ("actual", "52人"),
                       ("weight", 45), ("score", 23.4)):
            ws[f"{c[key]}{r}"] = v
        for key, v in (("name", "故障率"), ("direction", "反向"), ("target", "5%"), ("actual", "4%"), ("weight", 45),
                       ("score", 45)):
            ws[f"{c[key]}{r + 1}"] = v
    wb.save(path)
    lo = _lo_recalc(tmp_path, path)
    _, text = run_cli(capsys, "score", path, "--json")
    engine = json.loads(text)["files"][0]["sheets"]
    for ws, w, e in zip(lo.worksheets, wheres, engine, strict=True):
        assert [i["score"] for i in e["indicators"]] == [23.4, 45]
        assert round(ws[w["rate"]].value, 4) == e["funds"]["rate"]
        assert ws[w["rate_score"]].value == e["funds"]["score"]
        assert ws[w["total_weight"]].value == 100
        assert ws[w["total"]].value == e["total"]
        assert ws[w["grade"]].value == f"等级：{e['grade']}"


def test_projects_list_errors(tmp_path, capsys):
    bad = tmp_path / "p.csv"
    bad.write_text("名称,预算\n甲,1\n", encoding="utf-8")
    from jixiao.addin.cli import main

    code = main(["new", "project", "-o", str(tmp_path / "x.xlsx"), "--projects", str(bad)])
    assert code == 2 and "项目名称" in capsys.readouterr().err


def _lo_recalc(tmp_path, path, force: bool = False):
    """``path`` opened, recalculated and saved by LibreOffice; ``force``: every formula, cached values or not."""
    outdir = tmp_path / "lo"
    profile = [lo_profile_recalculating(tmp_path / "lo-profile")] if force else []
    subprocess.run(["soffice", *profile, "--headless", "--convert-to", "xlsx", "--outdir", str(outdir), str(path)],
                   check=True, capture_output=True, timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    return load_workbook(outdir / path.with_suffix(".xlsx").name, data_only=True)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_other_templates_recognised_and_recalculated(tmp_path, capsys, seed001):
    from jixiao.templates.build import BASIC_ROWS

    # 基础数据表 filled with seed 001's figures: LibreOffice's 控制率 and 三公经费 equal the engine's
    path = tmp_path / "basic.xlsx"
    (w,) = new_workbook("basic_data", path)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    b = seed001["basic_data"]
    ws[w["quota"]], ws[w["actual"]] = b["staffing"]["authorized"], 19
    for row in b["expense_control"]["rows"]:
        if row["label"] in w["rows"] and row["label"] not in ("三公经费", "1、公务用车购置和维护经费"):
            r = w["rows"][row["label"]]
            ws[f"B{r}"], ws[f"C{r}"], ws[f"D{r}"] = row["final_2022"], row["budget_2023"], row["final_2023"]
    wb.save(path)
    lo = _lo_recalc(tmp_path, path).worksheets[0]
    assert lo[w["control_rate"]].value == 0.95
    assert [lo[f"{c}{w['rows']['三公经费']}"].value for c in "BCD"] == pytest.approx([1.32, 2.77, 2.77])
    _, out = run_cli(capsys, "score", path, "--json")
    basic = json.loads(out)["files"][0]["sheets"][0]
    assert basic["kind"] == "basic_data" and basic["basic"]["control_rate"] == 0.95
    assert len(BASIC_ROWS) == len(w["rows"])

    # 监控表: 1-6月执行率 = 1-6月执行数 / (年初预算数 + 年中预算调整数)
    path = tmp_path / "monitor.xlsx"
    (w,) = new_workbook("monitor", path)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    ws[w["initial"]], ws[w["adjust"]], ws[w["h1"]] = 100, 20, 45.6
    wb.save(path)
    assert _lo_recalc(tmp_path, path).worksheets[0][w["rate"]].value == 0.38
    _, out = run_cli(capsys, "score", path, "--json")
    m = json.loads(out)["files"][0]["sheets"][0]
    assert m["kind"] == "monitor" and m["funds"]["rate"] == 0.38 and m["funds"]["rate_cell"] == w["rate"]

    # 考核表 with seed 002's self scores: 项目评价 87.5 × 80% = 70, 合计 90
    path = tmp_path / "assess.xlsx"
    (w,) = new_workbook("assessment", path)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    for content, score in (("1、财务管理", 8), ("2、会计信息质量", 3), ("3、绩效目标设定", 2), ("4、三公经费", 3),
                           ("5、预决算公开", 2), ("6、财务报表及资料报送", 2)):
        ws[f"D{w['rows'][content]}"] = score
    ws[w["average"]] = 87.5
    wb.save(path)
    lo = _lo_recalc(tmp_path, path).worksheets[0]
    assert (lo[w["project"]].value, lo[w["total"]].value) == (70, 90)
    _, out = run_cli(capsys, "score", path, "--json")
    a = json.loads(out)["files"][0]["sheets"][0]
    assert a["kind"] == "assessment"
    assert {i["name"]: i["score"] for i in a["indicators"]}["一、基本支出评价"] == 20


@pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("soffice") is None, reason="no LibreOffice")
@pytest.mark.parametrize("tid", list(SPECS))
def test_template_renders_on_one_page_width(tmp_path, tid):
    path = tmp_path / f"{tid}.xlsx"
    new_workbook(tid, path)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    info = subprocess.run(["pdfinfo", str(tmp_path / f"{tid}.pdf")], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+1\n", info) and "(A4)" in info  # one A4 page: nothing spills over
    landscape = SPECS[tid].kind in ("monitor", "assessment")
    assert ("841.89 x 595" in info) == landscape
    # the picture: the form spans the page width (fit to width, not shrunk to a stamp) and has Chinese ink
    from PIL import Image, ImageOps

    subprocess.run(["pdftoppm", "-png", "-r", "40", "-singlefile", str(tmp_path / f"{tid}.pdf"), str(tmp_path / tid)],
                   check=True)
    img = Image.open(tmp_path / f"{tid}.png").convert("L")
    left, top, right, bottom = ImageOps.invert(img).point(lambda v: 255 if v > 60 else 0).getbbox()
    assert (right - left) / img.width > 0.75 and bottom - top > img.height * 0.2


def test_new_with_a_profile_file(tmp_path, capsys):
    """`jixiao new --profile my.toml`: the workbook remembers the file, scoring finds it again, and the native
    执行率得分 follows that rule (LibreOffice's figures equal the engine's)."""
    rule = tmp_path / "strict.toml"
    rule.write_text('id = "strict"\nname = "严格（50% 起算线）"\ndocument = "示例"\n[rate]\nmethod = "threshold"\n'
                    'floor = 0.5\npercent_digits = 2\n[rounding]\nmode = "half_up_binary"\n', encoding="utf-8")
    projects = tmp_path / "p.csv"
    cases = [(100, 77.66), (100, 99.38), (100, 49.99), (100, 50), (100, 120)]
    projects.write_text("项目名称,全年预算数,全年执行数\n" + "".join(f"项目{i},{b},{s}\n" for i, (b, s) in enumerate(cases)),
                        encoding="utf-8")
    path = tmp_path / "n.xlsx"
    code, _ = run_cli(capsys, "new", "project", "-o", path, "--profile", rule, "--projects", projects)
    assert code == 0
    assert read_workbook(path).defined_names["jixiao_profile"] == f'"{rule.resolve()}"'
    _, text = run_cli(capsys, "score", path, "--json")
    sheets = json.loads(text)["files"][0]["sheets"]
    assert {s["profile"] for s in sheets} == {"strict"}
    assert [s["funds"]["score"] for s in sheets] == [5.53, 9.88, 0, 0, 10]
    if shutil.which("soffice"):
        lo = _lo_recalc(tmp_path, path)
        assert [ws["I7"].value for ws in lo.worksheets] == [5.53, 9.88, 0, 0, 10]


def test_templates_doc_is_generated_from_the_specs():
    from pathlib import Path

    from jixiao.addin.docs import templates_markdown

    doc = templates_markdown()
    assert all(f"## `{tid}`" in doc for tid in SPECS) and "jixiao_xinjiang_1000_down" in doc
    assert "| I7 | 年度资金总额 · 得分 | `=IF(H7=\"\",\"\",ROUND(MIN(H7,1)*G7,2))` |" in doc
    committed = (Path(__file__).parents[1] / "docs" / "templates.md").read_text("utf-8")
    assert committed == doc, "docs/templates.md is stale: run python -m jixiao.addin.docs"


def test_projects_list_as_departments_keep_it(tmp_path, capsys):
    """A project list workbook with a title line above the header, amounts as text, a blank row; a broken
    list file gets a Chinese message naming it."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["2024年度项目支出绩效自评项目清单"])
    ws.append(["序号", "项目名称", "主管部门", "实施单位", "年初预算数", "全年预算数", "全年执行数"])
    ws.append([1, "乡村道路养护", "某县交通局", "某县公路站", "200.00", "1,200.50", 1150.25])
    ws.append([None] * 7)
    ws.append([2, "农村饮水工程", "某县水利局", "某县水利站", 120, 120, 108.6])
    lst = tmp_path / "清单.xlsx"
    wb.save(lst)
    out = tmp_path / "n.xlsx"
    code, text = run_cli(capsys, "new", "project", "-o", out, "--projects", lst)
    assert code == 0 and "2 张表" in text
    _, text = run_cli(capsys, "score", out, "--json")
    sheets = json.loads(text)["files"][0]["sheets"]
    assert [(s["header"]["project_name"], s["header"]["unit"], s["funds"]["budget"], s["funds"]["rate"])
            for s in sheets] == [("乡村道路养护", "某县公路站", 1200.5, 0.9581), ("农村饮水工程", "某县水利站", 120, 0.905)]
    bad = tmp_path / "坏清单.xlsx"
    bad.write_bytes(b"PK\x03\x04 broken")
    from jixiao.addin.cli import main

    assert main(["new", "project", "-o", str(tmp_path / "x.xlsx"), "--projects", str(bad)]) == 2
    assert "坏清单.xlsx" in capsys.readouterr().err


def test_projects_list_makes_monitor_tables_too(tmp_path, capsys):
    lst = tmp_path / "p.csv"
    lst.write_text("项目名称,主管部门,实施单位,年初预算数,全年预算数\n信息系统运维,某局,信息中心,300,320\n"
                   "档案数字化,某局,档案馆,80,80\n", encoding="utf-8")
    out = tmp_path / "m.xlsx"
    code, _ = run_cli(capsys, "new", "monitor", "-o", out, "--projects", lst)
    assert code == 0
    _, text = run_cli(capsys, "score", out, "--json")
    sheets = json.loads(text)["files"][0]["sheets"]
    assert [(s["kind"], s["header"]["project_name"], s["header"]["unit"], s["funds"]["budget"]) for s in sheets] == [
        ("monitor", "信息系统运维", "信息中心", 320), ("monitor", "档案数字化", "档案馆", 80)]
    from jixiao.addin.cli import main

    assert main(["new", "assessment", "-o", str(tmp_path / "a.xlsx"), "--projects", str(lst)]) == 2
    assert "不按项目分表" in capsys.readouterr().err


def test_the_year_a_new_form_is_for(tmp_path, capsys):
    from datetime import date

    from jixiao.templates.build import default_year

    assert [default_year("project", date(2027, 3, 1)), default_year("overall", date(2026, 11, 22)),
            default_year("monitor", date(2026, 7, 1))] == [2026, 2026, 2026]
    out = tmp_path / "b.xlsx"
    code, _ = run_cli(capsys, "new", "basic_data", "-o", out, "--year", "2025")
    ws = load_workbook(out).active
    assert code == 0 and ws["A2"].value == "2025年度部门（单位）整体支出绩效评价基础数据表"
    assert [c.value for c in ws[5]] == ["经费控制情况（万元）", "2024年决算数", "2025年预算数", "2025年决算数"]
    from jixiao.addin.cli import main

    code = main(["new", "project", "-o", str(out), "--year", "2025"])
    text = capsys.readouterr().err
    assert code == 2 and "已存在" in text and "--force" in text  # a filled form is never replaced unasked
    assert load_workbook(out).active["A2"].value == "2025年度部门（单位）整体支出绩效评价基础数据表"
    run_cli(capsys, "new", "project", "-o", out, "--year", "2025", "--force")
    assert load_workbook(out).active["A3"].value == "（2025年度）"


def test_bundled_samples_show_only_the_seeds_own_flaws(capsys):
    """The samples carry what the seeds publish, so `jixiao check` on them reports the seeds' flaws
    (001's group points, 003's 56.06% and ≤2次, 004's 预算经费 over its limit) and nothing the build added."""
    from pathlib import Path

    samples = Path(__file__).parents[1] / "templates" / "samples"
    _, text = run_cli(capsys, "check", samples, "--json")
    codes = {Path(f["file"]).name: sorted({x["code"] for x in f["findings"]}) for f in json.loads(text)["files"]}
    assert codes == {"seed001_基础数据表.xlsx": [], "seed001_部门整体支出绩效自评表.xlsx": ["JX002"],
                     "seed003_待重算.xlsx": ["JX000", "JX012", "JX013", "JX014", "JX049"],
                     "seed003_项目支出绩效自评表.xlsx": ["JX012", "JX013", "JX014", "JX049"],
                     "seed004_部门整体支出绩效自评表.xlsx": ["JX013"]}


# --- templates that grow ------------------------------------------------------------------------------

_REF = re.compile(r'"[^"]*"|(?<![A-Za-z_$\d])(\$?[A-Z]{1,3}\$?)(\d+)(?![\d(A-Za-z_])')


def _insert_rows_as_excel_does(ws, idx: int, n: int) -> None:
    """Insert ``n`` rows above row ``idx`` the way Excel does it to this sheet: cells, row heights and styles move
    down; every reference to a row at or below ``idx`` moves with it (so A5:A10 widens for a row inserted at
    6..10, and not for one at 11); a merge spanning ``idx`` grows, one below it moves. (openpyxl's insert_rows
    moves the cells only.)"""
    from openpyxl.worksheet.cell_range import CellRange

    def shift(formula: str) -> str:
        def one(m):
            if m.group(1) is None:  # a string literal
                return m.group(0)
            row = int(m.group(2))
            return f"{m.group(1)}{row + n if row >= idx else row}"

        return _REF.sub(one, formula)

    merges = [CellRange(str(r)) for r in ws.merged_cells.ranges]
    for r in merges:
        ws.unmerge_cells(str(r))
    heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height}
    ws.insert_rows(idx, n)
    for r, h in heights.items():
        ws.row_dimensions[r + n if r >= idx else r].height = h
    for r in range(idx, idx + n):  # the new rows look like the one above (Excel's 'format same as above')
        ws.row_dimensions[r].height = heights.get(idx - 1)
        for c in range(1, ws.max_column + 1):
            above = ws.cell(idx - 1, c)
            if above.has_style:
                ws.cell(r, c)._style = above._style
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value.startswith("="):
                c.value = shift(c.value)
    for r in merges:
        lo, hi = r.min_row, r.max_row
        lo2 = lo + n if lo >= idx else lo
        hi2 = hi + n if hi >= idx else hi
        ws.merge_cells(start_row=lo2, start_column=r.min_col, end_row=hi2, end_column=r.max_col)


def test_row_insertion_moves_references_as_excel_does():
    from openpyxl import Workbook

    ws = Workbook().active
    ws["A40"] = "=SUM(H14:H31)+G6"
    ws["B40"] = "=SUM(H13:INDEX(H:H,ROW()-1))+G6"
    _insert_rows_as_excel_does(ws, 20, 3)  # inside the range: both widen
    assert (ws["A43"].value, ws["B43"].value) == ("=SUM(H14:H34)+G6", "=SUM(H13:INDEX(H:H,ROW()-1))+G6")
    _insert_rows_as_excel_does(ws, 35, 1)  # right under the range, above the total: only ROW()-1 takes it in
    assert ws["A44"].value == "=SUM(H14:H34)+G6"


def test_every_template_lets_rows_be_inserted(tmp_path):
    for tid in SPECS:
        path = tmp_path / f"{tid}.xlsx"
        new_workbook(tid, path)
        ws = load_workbook(path).worksheets[0]
        assert ws.protection.sheet and ws.protection.insertRows is False, tid  # protected, row insertion allowed
    assert "## 增加指标行" in (SPECS and __import__("jixiao.addin.docs", fromlist=["x"]).templates_markdown())


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_seed001s_24_output_indicators_fit_after_inserting_rows(tmp_path, capsys, seed001):
    """The 部门整体 template has 3 rows per 二级指标; seed 001 has 10 数量, 13 质量 and 1 时效 产出 indicators. Rows
    inserted inside the 数量 and 质量 blocks (and one right above 总分) are taken in by 分值合计 and 总分 as
    LibreOffice recalculates them, the recogniser reads all 28 indicators under their levels, and the total
    recompute stores is what the formula computes."""
    from jixiao.templates.labels import strip_weight

    path = tmp_path / "整体.xlsx"
    (w,) = new_workbook("overall", path, projects=[{"项目名称": seed001["overall"]["department"], "全年预算数": 100,
                                                     "年初预算数": 100, "全年执行数": 95}])
    inds = seed001["overall"]["indicators"]
    by_block: dict[tuple, list] = {}
    for ind in inds:
        by_block.setdefault((strip_weight(ind["level1"]), strip_weight(ind["level2"])), []).append(ind)
    assert sum(len(v) for (l1, _), v in by_block.items() if l1 == "产出指标") == 24
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    c = w["columns"]
    first, per = w["first"], SPECS["overall"].rows_per_level2
    blocks = [(g.level1, l2) for g in SPECS["overall"].groups for l2 in g.level2]
    rows, r = {}, first
    for block in blocks:  # from the bottom up, so the rows above keep their numbers while inserting
        rows[block] = r
        r += per
    for block in reversed(blocks):
        extra = len(by_block.get(block, [])) - per
        if extra > 0:  # inside the block: above its last row, as a clerk right-clicks a row of it
            _insert_rows_as_excel_does(ws, rows[block] + per - 1, extra)
    grown = {}
    r = first
    for block in blocks:
        n = max(per, len(by_block.get(block, [])))
        grown[block] = list(range(r, r + n))
        r += n
    total_row = r
    assert ws[f"A{total_row}"].value == "总分"
    for block, filled in by_block.items():
        for row, ind in zip(grown[block], filled, strict=False):
            for key in ("name", "target", "actual", "weight"):
                ws[f"{c[key]}{row}"] = ind[key]
    _insert_rows_as_excel_does(ws, total_row, 1)  # right above 总分: a 分值 typed there still counts
    ws[f"{c['weight']}{total_row}"] = 7
    wb.save(path)
    lo = _lo_recalc(tmp_path, path).worksheets[0]
    weights = sum(i["weight"] for i in inds)
    assert lo[f"{c['weight']}{total_row + 1}"].value == 10 + weights + 7
    # the extra 7 was a test of the range: take it out, then read, recompute and recalculate
    wb = load_workbook(path)
    wb.worksheets[0][f"{c['weight']}{total_row}"] = None
    wb.save(path)
    _, text = run_cli(capsys, "score", path, "--json")
    (sheet,) = json.loads(text)["files"][0]["sheets"]
    got = [(strip_weight(i["level1"]), strip_weight(i["level2"]), i["name"]) for i in sheet["indicators"]]
    assert got == [(strip_weight(i["level1"]), strip_weight(i["level2"]), i["name"]) for i in inds]
    assert sum(1 for g in got if g[0] == "产出指标") == 24
    out = tmp_path / "重算.xlsx"
    code, _ = run_cli(capsys, "recompute", path, "-o", out)
    assert code == 0
    lo = _lo_recalc(tmp_path, out, force=True).worksheets[0]  # the total is cached now: recalculate it anyway
    assert lo[f"{c['score']}{total_row + 1}"].value == sheet["total"]
    assert lo[f"{c['weight']}{total_row + 1}"].value == 10 + weights
