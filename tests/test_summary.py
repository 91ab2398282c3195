"""`jixiao summarize`: seed 003's twelve projects, one file each in mixed layouts, plus a corrupt file."""

import csv
import json
import shutil
import subprocess

import pytest
from builders import VARIANTS, project_workbook
from conftest import run_cli
from openpyxl import load_workbook


@pytest.fixture(scope="module")
def folder(tmp_path_factory, seed003):
    d = tmp_path_factory.mktemp("submissions")
    names = list(VARIANTS)
    for i, p in enumerate(seed003["projects"]):
        project_workbook(d / f"p{p['no']:02d}.xlsx", [p], VARIANTS[names[i % len(names)]], "xinjiang")
    (d / "broken.xlsx").write_bytes(b"PK\x03\x04 junk")
    return d


def test_summary_rows_totals_and_bad_file(folder, tmp_path, capsys, seed003):
    out = tmp_path / "汇总.xlsx"
    code, text = run_cli(capsys, "summarize", folder, "-o", out, "--csv", tmp_path / "汇总.csv", "--json")
    assert code == 0
    res = json.loads(text)
    assert res["totals"] == {"forms": 12, "budget": 2813.15, "spent": 1287.37, "rate": 0.4576}
    assert len(res["rows"]) == 12 and len(res["unreadable"]) == 1
    assert "broken.xlsx" in res["unreadable"][0]["原因"]
    assert res["grades"] == {"优": 3, "良": 4, "中": 5, "差": 0}
    by_name = {r["项目名称"]: r for r in res["rows"]}
    for p in seed003["projects"]:
        assert by_name[p["name"]]["总分"] == p["total"]

    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "按单位", "等级分布", "问题清单", "无法读取", "图表"]
    ws = wb["汇总"]
    assert [c.value for c in ws[1]][:5] == ["文件", "工作表", "单位", "项目名称", "表格类型"]
    last = ws.max_row
    assert ws.cell(last, 1).value == "合计" and ws.cell(last, 6).value == 2813.15 and ws.cell(last, 7).value == 1287.37
    assert ws.cell(2, 6).number_format == "#,##0.00" and ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert ws.cell(2, 1).hyperlink.target.endswith(".xlsx")
    issues = wb["问题清单"]
    p9 = [r for r in issues.iter_rows(min_row=2, values_only=True) if r[4] == "JX012"]
    assert p9 and "56.06%" in p9[0][5]
    link = next(r for r in issues.iter_rows(min_row=2) if r[4].value == "JX012")[2].hyperlink.target
    assert "#'项目9'!" in link
    assert len(wb["图表"]._charts) == 1 and len(wb["等级分布"]._charts) == 2
    with open(tmp_path / "汇总.csv", encoding="utf-8-sig") as f:
        assert len(list(csv.DictReader(f))) == 12


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_renders_summary_with_charts(folder, tmp_path, capsys):
    out = tmp_path / "sum.xlsx"
    run_cli(capsys, "summarize", folder, "-o", out)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    pdf = tmp_path / "sum.pdf"
    assert pdf.stat().st_size > 10_000
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
        assert len(list(tmp_path.glob("page-*.png"))) >= 6  # one page per sheet at least


def test_monitor_table_keeps_its_mid_year_figures_apart(folder, tmp_path, capsys):
    """A 监控表 among the self-evaluations: its 1-6月 figures go to their own columns, not into the year's
    totals, and its indicators that are not expected to be met are counted."""
    from jixiao.templates.build import new_workbook

    d = tmp_path / "with_monitor"
    shutil.copytree(folder, d)
    path = d / "监控表.xlsx"
    (w,) = new_workbook("monitor", path)
    wb = load_workbook(path)
    ws = wb.active
    ws[w["initial"]], ws[w["adjust"]], ws[w["h1"]] = 100, 20, 45.6
    r = w["first"]
    ws[f"D{r}"], ws[f"F{r}"], ws[f"G{r}"], ws[f"I{r}"], ws[f"Q{r}"], ws[f"O{r}"] = "培训人次", 100, "人次", 80, "√", "师资不足"
    wb.save(path)
    code, text = run_cli(capsys, "summarize", d, "-o", tmp_path / "s.xlsx", "--json")
    res = json.loads(text)
    assert code == 0 and res["totals"] == {"forms": 13, "budget": 2813.15, "spent": 1287.37, "rate": 0.4576}
    m = next(r for r in res["rows"] if r["表格类型"] == "项目支出绩效运行监控表")
    assert (m["全年预算数"], m["全年执行数"], m["1-6月执行数"], m["1-6月执行率"], m["预计不能完成指标数"]) == (
        120, None, 45.6, 0.38, 1)


def test_report_copies_are_not_counted_twice(folder, tmp_path, capsys):
    """`check --report-sheet` leaves a 校验结果 copy beside each file; a later summary of the folder counts
    each form once."""
    d = tmp_path / "checked"
    shutil.copytree(folder, d)
    run_cli(capsys, "check", d, "--report-sheet")
    assert len(list(d.glob("*_校验结果.xlsx"))) == 12
    code, text = run_cli(capsys, "summarize", d, "-o", tmp_path / "s.xlsx", "--json")
    assert code == 0 and json.loads(text)["totals"]["forms"] == 12
