"""`jixiao summarize`: seed 003's twelve projects, one file each in mixed layouts, plus a corrupt file.

What the summary counts (each form once, nothing jixiao wrote itself), what it writes (text as text, no
formula from the input), what it says when there is nothing to summarise, and how it prints (LibreOffice
renders it to PDF: page count, no chart cut by a page break)."""

import csv
import json
import os
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from builders import VARIANTS, project_workbook
from conftest import run_cli
from openpyxl import Workbook, load_workbook

SAMPLES = Path(__file__).parents[1] / "templates" / "samples"
HEADER = 3  # title, note line, then the header row


@pytest.fixture(scope="module")
def folder(tmp_path_factory, seed003):
    d = tmp_path_factory.mktemp("submissions")
    names = list(VARIANTS)
    for i, p in enumerate(seed003["projects"]):
        project_workbook(d / f"p{p['no']:02d}.xlsx", [p], VARIANTS[names[i % len(names)]], "xinjiang")
    (d / "broken.xlsx").write_bytes(b"PK\x03\x04 junk")
    return d


def _copy(folder, dst):
    shutil.copytree(folder, dst)
    return dst


def _headers(ws, row=HEADER):
    return [c.value for c in ws[row]]


def _column(ws, name, row=HEADER):
    return _headers(ws, row).index(name) + 1


def summarize(capsys, *argv):
    code, text = run_cli(capsys, "summarize", *argv, "--json")
    return code, json.loads(text)


def counted(res) -> list[dict]:
    """The forms counted, from every file's entry."""
    return [r for f in res["files"] for r in f["rows"] if r["status"] == "counted"]


def listed(res, *status) -> list[dict]:
    """The files of one status (unreadable, unrecognised, skipped, missing …), in the order found."""
    return [f for f in res["files"] if f["status"] in status]


def test_summary_rows_totals_and_bad_file(folder, tmp_path, capsys, seed003):
    out = tmp_path / "汇总.xlsx"
    code, res = summarize(capsys, folder, "-o", out, "--csv", tmp_path / "汇总.csv")
    assert code == 0
    assert res["totals"] == {"forms": 12, "budget": 2813.15, "spent": 1287.37, "rate": 0.4576}
    assert res["counts"] == {"files": 13, "read": 12, "skipped": 0, "unreadable": 1, "unrecognised": 0,
                             "forms": 12, "duplicates": 0, "graded": 12}
    assert len(counted(res)) == 12 and len(listed(res, "unreadable")) == 1
    assert "broken.xlsx" in listed(res, "unreadable")[0]["reason"]
    assert [f["status"] for f in res["files"]] == ["unreadable"] + ["counted"] * 12  # broken.xlsx sorts first
    assert res["grades"] == [{"grade": g, "forms": n} for g, n in (("优", 3), ("良", 4), ("中", 5), ("差", 0))]
    by_name = {r["project"]: r for r in counted(res)}
    for p in seed003["projects"]:
        assert by_name[p["name"]]["total"] == p["total"] and by_name[p["name"]]["year"] == 2023

    wb = load_workbook(out)
    assert wb.sheetnames == ["汇总", "按单位", "等级分布", "图表", "问题清单", "无法读取", "图表数据"]
    assert wb["图表数据"].sheet_state == "hidden"
    ws = wb["汇总"]
    assert ws["A1"].value == "2023年度绩效自评汇总表" and "共 12 张表" in ws["A2"].value
    assert _headers(ws)[:6] == ["序号", "文件", "工作表", "单位", "项目名称", "表格类型"]
    assert not {"1-6月执行数", "1-6月执行率", "预计不能完成指标数"} & set(_headers(ws))  # no 监控表: no such columns
    last = ws.max_row
    budget, spent = _column(ws, "全年预算数"), _column(ws, "全年执行数")
    assert ws.cell(last, 1).value == "合计" and ws.cell(last, budget).value == 2813.15
    assert ws.cell(last, spent).value == 1287.37
    assert ws.cell(last, 1).font.name == ws.cell(last, budget).font.name == ws.cell(4, 2).font.name == "宋体"
    assert ws.cell(last, budget).font.b and ws.cell(last, budget).border.top.style == "thin"
    assert ws.cell(HEADER + 1, budget).number_format == "#,##0.00" and ws.freeze_panes == f"A{HEADER + 1}"
    assert ws.auto_filter.ref and ws.print_title_rows == f"${HEADER}:${HEADER}"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
    assert re.fullmatch(r"\.\./submissions\d*/p\d\d\.xlsx#'项目\d+'!A1", ws.cell(HEADER + 1, 1).hyperlink.target)
    assert ws.cell(HEADER + 1, 2).value.endswith(".xlsx") and ws.cell(HEADER + 1, 2).alignment.wrap_text
    issues = wb["问题清单"]
    code_col, msg_col = _column(issues, "代码"), _column(issues, "问题")
    p9 = [r for r in issues.iter_rows(min_row=HEADER + 1, values_only=True) if r[code_col - 1] == "JX012"]
    assert p9 and "56.06%" in p9[0][msg_col - 1]
    row = next(r for r in issues.iter_rows(min_row=HEADER + 1) if r[code_col - 1].value == "JX012")
    assert "#'项目9'!" in row[_column(issues, "单元格") - 1].hyperlink.target
    assert len(wb["图表"]._charts) == 1 and len(wb["等级分布"]._charts) == 2
    with open(tmp_path / "汇总.csv", encoding="utf-8-sig") as f:
        assert len(list(csv.DictReader(f))) == 12


def test_summary_is_known_as_a_summary(folder, tmp_path, capsys):
    """The workbook carries the defined name a later run knows it by."""
    from jixiao.addin.ooxml import read_workbook

    out = tmp_path / "s.xlsx"
    summarize(capsys, folder, "-o", out)
    assert "jixiao_summary" in read_workbook(out).defined_names


# --- honest counts ----------------------------------------------------------------------------------

def test_same_project_twice_is_counted_once(tmp_path, capsys):
    """Seed 003's sample and its 待重算 copy hold the same twelve projects: twelve tables for the unit, not
    24; the duplicates are listed with links to both files; of copies saved at one moment the one with
    fewer findings (the scored original) is counted, a later resubmission replaces it."""
    d = tmp_path / "收件"
    (d / "补报").mkdir(parents=True)
    shutil.copy(SAMPLES / "seed003_项目支出绩效自评表.xlsx", d)
    shutil.copy(SAMPLES / "seed003_待重算.xlsx", d / "补报")
    code, res = summarize(capsys, d, "-o", tmp_path / "汇总.xlsx")
    assert code == 0 and res["totals"]["forms"] == 12 and res["counts"]["duplicates"] == 12
    assert [u["forms"] for u in res["by_unit"]] == [12]
    assert {Path(r["file"]).name for r in counted(res)} == {"seed003_项目支出绩效自评表.xlsx"}
    dup = res["duplicates"][0]
    assert Path(dup["file"]).name == "seed003_待重算.xlsx" and dup["basis"] == "项目名称、单位、年度相同"
    assert dup["data"] == "填报数据一致" and dup["reason"] == "问题最少"

    ws = load_workbook(tmp_path / "汇总.xlsx")["重复"]
    rows = list(ws.iter_rows(min_row=HEADER + 1))
    assert len(rows) == 24  # each group: the counted form, then the one left out
    assert [r[_column(ws, "处理") - 1].value for r in rows[:2]] == ["计入", "未计入"]
    assert rows[0][0].hyperlink.target.startswith("收件/seed003_项目支出绩效自评表.xlsx#'")
    assert rows[1][0].hyperlink.target.startswith("收件/补报/seed003_待重算.xlsx#'")
    assert [r[_column(ws, "文件") - 1].value for r in rows[:2]] == ["seed003_项目支出绩效自评表.xlsx",
                                                                   "补报/seed003_待重算.xlsx"]

    later = time.time() + 3600
    os.utime(d / "补报" / "seed003_待重算.xlsx", (later, later))
    _, res = summarize(capsys, d, "-o", tmp_path / "汇总2.xlsx")
    assert {Path(r["file"]).name for r in counted(res)} == {"seed003_待重算.xlsx"}
    assert res["duplicates"][0]["reason"] == "修改时间最新"


def _set(path, find, value, title=None):
    """Every cell holding ``find`` gets ``value`` as typed text; the first sheet is renamed ``title``."""
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.value == find:
                    c.value = value
                    c.data_type = "s"
    if title:
        wb.worksheets[0].title = title
    wb.save(path)


def test_same_content_without_a_name_is_a_duplicate_and_other_names_are_not(tmp_path, capsys, seed003):
    p = seed003["projects"][2]
    d = tmp_path / "d"
    d.mkdir()
    for name in ("a", "b", "c"):
        project_workbook(d / f"{name}.xlsx", [p], VARIANTS["plain"], "xinjiang")
    _set(d / "b.xlsx", p["name"], "")  # the name left blank: the same content is the same project
    _set(d / "c.xlsx", p["name"], "另一个项目")  # another name over the same figures: another project
    _, res = summarize(capsys, d, "-o", tmp_path / "s.xlsx")
    assert res["totals"]["forms"] == 2 and len(res["duplicates"]) == 1
    assert Path(res["duplicates"][0]["file"]).name == "b.xlsx"
    assert res["duplicates"][0]["basis"] == "填报内容相同"


def test_own_outputs_are_skipped(folder, tmp_path, capsys):
    """12 forms stay 12 (not 24, then 25): the summary's own earlier output, an older summary under
    another name, the 定稿 and 重算 copies beside their originals and 校验结果 copies are skipped; a copy
    whose original is gone is that form's only copy and is counted."""
    d = _copy(folder, tmp_path / "folder")
    out = d / "汇总.xlsx"
    assert summarize(capsys, d, "-o", out)[1]["totals"]["forms"] == 12
    for f in sorted(d.glob("p*.xlsx")):
        shutil.copy(f, f.with_name(f"{f.stem}_定稿.xlsx"))
    run_cli(capsys, "recompute", d / "p01.xlsx")
    run_cli(capsys, "check", d / "p02.xlsx", "--report-sheet")
    shutil.copy(out, d / "上次汇总.xlsx")
    code, res = summarize(capsys, d, "-o", out)
    assert code == 0 and res["totals"]["forms"] == 12 and not res["duplicates"]
    skipped = {Path(s["file"]).name: s["reason"] for s in listed(res, "skipped")}
    assert skipped.pop("汇总.xlsx") == "本次汇总的输出文件（将被覆盖）"
    assert skipped.pop("上次汇总.xlsx") == "jixiao 生成的汇总表"
    assert "原表 p01.xlsx" in skipped.pop("p01_重算.xlsx") and "校验结果副本" in skipped.pop("p02_校验结果.xlsx")
    assert sorted(skipped) == [f"p{n:02d}_定稿.xlsx" for n in range(1, 13)]
    assert res["counts"]["skipped"] == 16 and res["counts"]["read"] == 12

    (d / "p03.xlsx").unlink()  # its 定稿 copy is now the only one
    (d / "p02.xlsx").unlink()  # its 定稿 and 校验结果 copies: one counted, the other a duplicate
    _, res = summarize(capsys, d, "-o", out)
    files = {Path(r["file"]).name for r in counted(res)}
    assert res["totals"]["forms"] == 12 and {"p03_定稿.xlsx", "p02_定稿.xlsx"} <= files
    assert [Path(x["file"]).name for x in res["duplicates"]] == ["p02_校验结果.xlsx"]


def test_unrecognised_workbook_is_listed(folder, tmp_path, capsys):
    d = _copy(folder, tmp_path / "f")
    wb = Workbook()
    wb.active.title = "购物清单"
    wb.active.append(["品名", "数量"])
    wb.active.append(["苹果", 3])
    wb.save(d / "购物清单.xlsx")
    code, res = summarize(capsys, d, "-o", tmp_path / "s.xlsx")
    assert code == 0 and res["counts"]["unrecognised"] == 1
    (shopping,) = listed(res, "unrecognised")
    assert Path(shopping["file"]).name == "购物清单.xlsx" and "购物清单" in shopping["reason"]
    ws = load_workbook(tmp_path / "s.xlsx")["无法识别"]
    assert [c.value for c in ws[HEADER + 1]][1] == "购物清单.xlsx"  # named below the folder summarised


def test_nothing_to_summarise_fails_and_says_why(tmp_path, capsys):
    missing = tmp_path / "没有这个文件夹"
    out = tmp_path / "s.xlsx"
    from jixiao.addin.cli import main

    code = main(["summarize", str(missing), "-o", str(out)])
    got = capsys.readouterr()
    text = got.err  # nothing was written: every line is a message
    assert code == 2 and not out.exists() and got.out == ""
    assert "没有可汇总的自评表" in text and "读取 0 个文件" in text and "1 个无法读取" in text and "不存在" in text

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "a.xlsx").write_bytes(b"junk")
    Workbook().save(bad / "空白.xlsx")
    code, res = summarize(capsys, bad, "-o", out)
    assert code == 2 and res["output"] is None and not out.exists()
    assert res["counts"] == {"files": 2, "read": 1, "skipped": 0, "unreadable": 1, "unrecognised": 1, "forms": 0,
                             "duplicates": 0, "graded": 0}


def test_output_folder_missing_is_said_first(folder, tmp_path, capsys):
    from jixiao.addin.cli import main

    assert main(["summarize", str(folder), "-o", str(tmp_path / "没有" / "汇总.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "没有" in err and "文件夹不存在" in err and "Errno" not in err


def test_output_that_is_not_a_summary_is_never_overwritten(folder, tmp_path, capsys):
    """-o naming a submitted form (or any file that is not a jixiao summary) refuses and leaves it as it was;
    an earlier summary of ours is replaced."""
    from jixiao.addin.cli import main

    d = _copy(folder, tmp_path / "in")
    form = d / "p01.xlsx"
    before = form.read_bytes()
    assert main(["summarize", str(d), "-o", str(form)]) == 2
    err = capsys.readouterr().err
    assert "p01.xlsx" in err and "不是 jixiao 汇总表" in err and form.read_bytes() == before
    out = tmp_path / "汇总.xlsx"
    assert main(["summarize", str(d), "-o", str(out)]) == 0
    first = out.stat().st_mtime_ns
    assert main(["summarize", str(d), "-o", str(out)]) == 0 and out.stat().st_mtime_ns >= first
    assert "汇总" in load_workbook(out).sheetnames


def test_ribbon_summary_skips_its_own_output(folder, tmp_path):
    from jixiao.addin.excel import actions

    d = _copy(folder, tmp_path / "f")
    book = actions.FileBook(d / "p01.xlsx")
    first = actions.dispatch("summarize_folder", book)
    second = actions.dispatch("summarize_folder", book)
    assert "已汇总 12 张表" in first and "已汇总 12 张表" in second and "跳过 1 个 jixiao 生成的文件" in second
    empty = tmp_path / "空"
    empty.mkdir()
    Workbook().save(empty / "x.xlsx")
    assert "没有可汇总的自评表" in actions.summarize_folder(actions.FileBook(empty / "x.xlsx"))
    assert not (empty / "汇总.xlsx").exists()


# --- text from the input stays text -------------------------------------------------------------------

def test_input_text_is_never_a_formula(tmp_path, capsys, seed003):
    p = seed003["projects"][0]
    d = tmp_path / "d"
    d.mkdir()
    path = d / "x.xlsx"
    project_workbook(path, [p], VARIANTS["plain"], "xinjiang")
    evil = '=HYPERLINK("http://x","y")'
    _set(path, p["department"], evil, title="=1+1")
    _set(path, p["name"], "+项目")
    out = tmp_path / "s.xlsx"
    code, res = summarize(capsys, d, "-o", out, "--csv", tmp_path / "s.csv")
    assert code == 0 and counted(res)[0]["unit"] == evil and counted(res)[0]["sheet"] == "=1+1"

    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
    wb = load_workbook(out)
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", (ws.title, c.coordinate)
                if c.value in (evil, "=1+1", "+项目"):
                    assert c.quotePrefix, (ws.title, c.coordinate)
                    seen.add((ws.title, c.value))
    assert {("汇总", evil), ("汇总", "=1+1"), ("汇总", "+项目"), ("按单位", evil), ("问题清单", "=1+1")} <= seen
    row = next(csv.DictReader(open(tmp_path / "s.csv", encoding="utf-8-sig")))
    assert row["单位"] == "'" + evil and row["工作表"] == "'=1+1"


# --- 监控表 ------------------------------------------------------------------------------------------

def test_monitor_table_keeps_its_mid_year_figures_apart(folder, tmp_path, capsys):
    """A 监控表 among the self-evaluations: its 1-6月 figures go to their own columns, not into the year's
    totals, and its indicators that are not expected to be met are counted."""
    from jixiao.templates.build import new_workbook

    d = _copy(folder, tmp_path / "with_monitor")
    path = d / "监控表.xlsx"
    (w,) = new_workbook("monitor", path)
    wb = load_workbook(path)
    ws = wb.active
    ws[w["initial"]], ws[w["adjust"]], ws[w["h1"]] = 100, 20, 45.6
    r = w["first"]
    ws[f"D{r}"], ws[f"F{r}"], ws[f"G{r}"], ws[f"I{r}"], ws[f"Q{r}"], ws[f"O{r}"] = "培训人次", 100, "人次", 80, "√", "师资不足"
    wb.save(path)
    code, res = summarize(capsys, d, "-o", tmp_path / "s.xlsx")
    assert code == 0 and res["totals"] == {"forms": 13, "budget": 2813.15, "spent": 1287.37, "rate": 0.4576}
    m = next(r for r in counted(res) if r["kind_name"] == "项目支出绩效运行监控表")
    assert (m["budget"], m["spent"], m["h1_spent"], m["h1_rate"], m["cannot_complete"]) == (
        120, None, 45.6, 0.38, 1)
    ws = load_workbook(tmp_path / "s.xlsx")["汇总"]
    assert {"1-6月执行数", "1-6月执行率", "预计不能完成指标数"} <= set(_headers(ws))
    assert "监控表" in ws.cell(ws.max_row, 1).value  # the note under 合计: its budget is not in the year's total
    assert ws["A2"].value.startswith("共 13 张表，其中评分表 12 张，监控表 1 张（")
    assert res["counts"]["graded"] == 12 and sum(g["forms"] for g in res["grades"]) == 12
    assert [(k["kind"], k["graded"], k["forms"]) for k in res["kinds"]] == [("project", True, 12), ("monitor", False, 1)]


def test_forms_counted_by_kind_and_the_unit_of_a_basic_data_table(tmp_path, capsys, seed001):
    """A 基础数据表 is not a graded table (no grade, not in the grade distribution) and has no unit field: it
    takes the unit of the 部门整体 form of its workbook, and without one it is not （未填写单位）."""
    from builders import Variant, overall_from_seed001, write_basic_data, write_project

    d = tmp_path / "整体"
    d.mkdir()
    wb = Workbook()
    write_project(wb.active, overall_from_seed001(seed001), Variant(title_rows=1, levels="repeat"),
                  title="2023年度部门（单位）整体支出绩效自评表")
    write_basic_data(wb.create_sheet("附件2"), seed001["basic_data"])
    wb.save(d / "整体与基础数据.xlsx")
    shutil.copy(SAMPLES / "seed001_基础数据表.xlsx", d / "基础数据表.xlsx")
    code, res = summarize(capsys, d, "-o", tmp_path / "s.xlsx")
    assert code == 0 and res["counts"]["forms"] == 3 and res["counts"]["graded"] == 1
    got = {(Path(r["file"]).name, r["kind"]): r for r in counted(res)}
    overall = got[("整体与基础数据.xlsx", "overall")]
    basic = got[("整体与基础数据.xlsx", "basic_data")]
    alone = got[("基础数据表.xlsx", "basic_data")]
    assert overall["unit"] == "中共株洲市直属机关工作委员会" and overall["unit_from"] is None
    assert (basic["unit"], basic["unit_from"], basic["unit_field"]) == (overall["unit"], overall["sheet"], False)
    assert (alone["unit"], alone["unit_from"], alone["graded"]) == ("", None, False)
    assert [(u["unit"], u["unit_field"], u["forms"]) for u in res["by_unit"]] == [
        ("中共株洲市直属机关工作委员会", True, 2), ("", False, 1)]
    assert sum(g["forms"] for g in res["grades"]) == 1  # the 部门整体 form alone
    wb = load_workbook(tmp_path / "s.xlsx")
    assert wb["汇总"]["A2"].value.startswith("共 3 张表，其中评分表 1 张，基础数据表 2 张（")
    units = [r[0] for r in wb["按单位"].iter_rows(min_row=3, values_only=True)]
    assert units == ["中共株洲市直属机关工作委员会", "（表中无单位栏）", "合计"] and "（未填写单位）" not in units
    code, text = run_cli(capsys, "summarize", d, "-o", tmp_path / "s.xlsx")
    assert "共 3 张表，其中评分表 1 张，基础数据表 2 张" in text and "等级分布（评分表 1 张）" in text


def test_report_copies_are_not_counted_twice(folder, tmp_path, capsys):
    """`check --report-sheet` leaves a 校验结果 copy beside each file; a later summary of the folder counts
    each form once."""
    d = _copy(folder, tmp_path / "checked")
    run_cli(capsys, "check", d, "--report-sheet")
    assert len(list(d.glob("*_校验结果.xlsx"))) == 12
    code, res = summarize(capsys, d, "-o", tmp_path / "s.xlsx")
    assert code == 0 and res["totals"]["forms"] == 12


def test_check_out_dir_leaves_the_folder_clean(folder, tmp_path, capsys):
    d = _copy(folder, tmp_path / "in")
    (d / "子").mkdir()
    shutil.copy(d / "p01.xlsx", d / "子" / "p01.xlsx")
    before = sorted(p.relative_to(d) for p in d.rglob("*"))
    out = tmp_path / "校验结果"
    code, text = run_cli(capsys, "check", d, "--out-dir", out)
    assert code == 2 and sorted(p.relative_to(d) for p in d.rglob("*")) == before  # 2: broken.xlsx
    assert (out / "p01_校验结果.xlsx").exists() and (out / "子" / "p01_校验结果.xlsx").exists()
    assert len(list(out.rglob("*_校验结果.xlsx"))) == 13 and f"校验结果已写入副本：{out}" in text


# --- terminal output ------------------------------------------------------------------------------

def test_text_output_is_plain_when_piped_and_aligned(capsys):
    from rich.cells import cell_len

    code, text = run_cli(capsys, "score", SAMPLES / "seed003_项目支出绩效自评表.xlsx")
    assert code == 0 and "\x1b[" not in text and "总分 99.07  等级 优" in text and "执行率 99.38%" in text
    lines = text.splitlines()
    head = next(i for i, line in enumerate(lines) if line.strip().startswith("三级指标"))
    rows = [i for i in range(head + 1, len(lines)) if re.search(r" H\d+\s*$", lines[i])]
    table = [head, *rows[:6]]
    starts = {cell_len(lines[i][: lines[i].rindex(" H" if i != head else " 单元格") + 1]) for i in table}
    assert len(starts) == 1, [lines[i] for i in table]  # the 单元格 column starts at one display column

    code, text = run_cli(capsys, "check", SAMPLES / "seed001_基础数据表.xlsx")
    assert code == 0 and text.splitlines()[1] == "  ✓ 未发现问题"
    code, text = run_cli(capsys, "check", SAMPLES / "seed001_部门整体支出绩效自评表.xlsx")
    assert code == 1 and "  [错误 JX002] " in text and "\x1b[" not in text


def test_progress_bar_only_on_a_terminal_after_a_while():
    import io

    from jixiao.addin.render.progress import progress

    quiet = io.StringIO()
    assert list(progress(range(5), label="汇总中", stream=quiet)) == list(range(5))
    assert quiet.getvalue() == ""  # not a terminal: nothing

    tty = io.StringIO()
    with progress(None, 3, "汇总中", stream=tty, force=True, delay=0) as bar:
        bar.advance()
        assert bar.shown
        bar.advance(2)
    assert not bar.shown and "汇总中" in tty.getvalue()

    short = io.StringIO()
    with progress(None, 3, "汇总中", stream=short, force=True) as bar:  # done before the delay
        bar.advance(3)
    assert short.getvalue() == ""


def test_readme_sample_project_list(tmp_path, capsys):
    from jixiao.addin.cli import main

    out = tmp_path / "新表.xlsx"
    assert main(["new", "project", "-o", str(out), "--projects", str(SAMPLES / "项目清单.csv")]) == 0
    assert len(load_workbook(out).sheetnames) == 3


# --- printing -------------------------------------------------------------------------------------

def _pdf_words(pdf: Path) -> list[list[tuple[str, float, float, float]]]:
    """Per page: (word, xMin, yMin, xMax) of every word LibreOffice printed."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in html.split("<page ")[1:]:
        pages.append([(w, float(x), float(y), float(x1)) for x, y, x1, w in
                      re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>', page)])
    return pages


def _render(xlsx: Path, tmp_path: Path) -> Path:
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)],
                   check=True, capture_output=True, timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    return xlsx.with_suffix(".pdf")


def _lines(words) -> list[tuple[str, float]]:
    """The page's pieces of text: words on one baseline and close together joined (pdftotext splits 项目01
    into 项目 and 01); a wider gap (two chart titles side by side) starts another piece."""
    rows: dict[int, list] = {}
    for w, x, y, x1 in words:
        rows.setdefault(round(y), []).append((x, x1, w))
    out = []
    for y, ws in sorted(rows.items()):
        ws.sort()
        text, end = ws[0][2], ws[0][1]
        for x, x1, w in ws[1:]:
            if x - end > 6:
                out.append((text, y))
                text = ""
            text, end = text + w, x1
        out.append((text, y))
    return out


def _chart_on_one_page(pages, title: str, below: list[str]) -> int:
    """The page that holds the chart titled ``title`` with every word of ``below`` under its title: a chart a
    page break cut would have its lower part (axis labels, categories) on the next page."""
    holding = [i for i, words in enumerate(pages) if any(t == title for t, _ in _lines(words))]
    assert len(holding) == 1, f"{title} on pages {holding}"
    i = holding[0]
    y_title = max(y for t, y in _lines(pages[i]) if t == title)  # a sheet title of the same words sits higher
    under = {w for w, _, y, _ in pages[i] if y > y_title + 1}
    assert set(below) <= under, f"{title}: {set(below) - under} not under it on page {i + 1}"
    return i


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None, reason="needs LibreOffice")
def test_libreoffice_prints_the_summary(folder, tmp_path, capsys):
    """A4 landscape pages: 汇总 2, 按单位 1, 等级分布 1 (table and both charts), 图表 1, 问题清单 1,
    无法读取 1; no chart cut by a page break; the header row on every page of a long table."""
    out = tmp_path / "sum.xlsx"
    run_cli(capsys, "summarize", folder, "-o", out)
    pdf = _render(out, tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Page size:\s+841\.\d+ x 595\.\d+", info), info  # A4 landscape
    pages = _pdf_words(pdf)
    assert len(pages) == 7, [" ".join(w for w, *_ in p[:6]) for p in pages]
    grades = _chart_on_one_page(pages, "各等级表格数", ["优", "良", "中", "差"])
    assert _chart_on_one_page(pages, "等级分布", ["优", "良", "中"]) == grades
    scores = _chart_on_one_page(pages, "各表总分", [str(n) for n in range(0, 101, 10)])
    assert scores == grades + 1
    lines = [[t for t, _ in _lines(p)] for p in pages]
    assert lines[0][0] == "2023年度绩效自评汇总表"
    assert lines[1][:6] == ["序号", "文件", "工作表", "单位", "项目名称", "表格类型"]  # the header row again
    assert all(f"第{i}页，共7页" in page for i, page in enumerate(lines, 1))
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
        assert len(list(tmp_path.glob("page-*.png"))) == 7


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None, reason="needs LibreOffice")
def test_many_scores_split_into_charts_of_a_page_each(tmp_path, capsys, seed003):
    """45 forms: the 各表总分 bars go into three charts of at most 20 bars, one to a page, none cut."""
    d = tmp_path / "many"
    d.mkdir()
    for k in range(45):
        p = dict(seed003["projects"][k % 12], name=f"项目{k + 1:02d}", no=k + 1)
        project_workbook(d / f"x{k:02d}.xlsx", [p], VARIANTS["plain"], "xinjiang")
    out = tmp_path / "many.xlsx"
    code, res = summarize(capsys, d, "-o", out)
    assert code == 0 and res["totals"]["forms"] == 45
    assert len(load_workbook(out)["图表"]._charts) == 3
    pages = _pdf_words(_render(out, tmp_path))
    ticks = [str(n) for n in range(0, 101, 10)]
    found = [_chart_on_one_page(pages, f"各表总分（{i}/3）", ticks) for i in (1, 2, 3)]
    assert found == [found[0], found[0] + 1, found[0] + 2]
    labels = [m for t, _ in _lines(pages[found[0]]) for m in re.findall(r"项目\d\d", t)]
    assert len(labels) == len(set(labels)) == 20  # every bar labelled, no name twice


def test_monitor_warning_sheet_counts_lights_and_lists_the_red(tmp_path, capsys):
    """监控预警 (issue 14): each 监控表's lights counted, the funds' light, a stacked chart, and every red
    indicator on 红灯指标 with a link to its cell."""
    from builders import write_monitor
    from openpyxl import Workbook, load_workbook

    folder = tmp_path / "in"
    folder.mkdir()
    rows = {"a.xlsx": [["产出指标", "数量指标", "培训人次", "正向", 100, "人次", 20, 100, None, "否", None],  # 20/50 → red
                       ["产出指标", "质量指标", "合格率", "正向", 100, "%", 45, 100, None, "是", None]],  # 45/50 → green
            "b.xlsx": [["效益指标", "社会效益指标", "覆盖户数", "正向", 200, "户", 70, 200, None, "是", None]]}  # 70% yellow
    for name, grid in rows.items():
        wb = Workbook()
        write_monitor(wb.active, {"initial": 100.0, "adjust": 0.0, "h1": 30.0, "name": f"项目{name[0]}"})
        for r, row in enumerate(grid, 9):
            for c, v in enumerate(row, 2):
                wb.active.cell(r, c, v)
        wb.save(folder / name)
    out = tmp_path / "汇总.xlsx"
    code, _ = run_cli(capsys, "summarize", folder, "-o", out)
    assert code == 0
    wb = load_workbook(out)
    ws = wb["监控预警"]
    table = [[c.value for c in r] for r in ws.iter_rows() if isinstance(r[0].value, int)]
    assert [(r[2], r[4], r[5], r[6], r[7]) for r in table] == [("项目a", 1, 0, 1, 0), ("项目b", 0, 1, 0, 0)]
    assert ws._charts and ws._charts[0].grouping == "stacked"
    note = [c.value for r in ws.iter_rows() for c in r if isinstance(c.value, str) and c.value.startswith("亮灯规则")]
    assert note == ["亮灯规则：当前完成值 ≥ 120% 年度指标值 蓝；否则序时进度完成比 < 60% 红、< 80% 黄、其余 绿"]
    red = wb["红灯指标"]
    (line,) = [[c for c in r] for r in red.iter_rows() if isinstance(r[0].value, int)]
    assert line[3].value == "培训人次" and line[0].hyperlink.target.endswith("#'Sheet'!H9")
