"""Issue 26, point by point: writes that fail leave the target as it was and say why in Chinese; one reading of
fractions and percentages for the engine and the JX_ functions (with a property test feeding both the same
typed values); input ranges; sheet names Excel accepts; control characters and long names."""

from __future__ import annotations

import copy
import errno
import gc
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jixiao.addin.ooxml import package as P
from jixiao.udfs import functions as F
from jixiao.udfs import scoring as S
from jixiao.udfs import values as V

# --- writes -------------------------------------------------------------------------------------------------


class _FullDisk(io.FileIO):
    """A file on a disk with ``room`` bytes left: the write that passes it fails with ENOSPC."""

    room = 3000

    def write(self, b):
        if len(b) > _FullDisk.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        _FullDisk.room -= len(b)
        return super().write(b)


@pytest.fixture
def full_disk(monkeypatch):
    """Every file the atomic writer opens sits on a nearly full disk; collects destructor complaints."""
    _FullDisk.room = 3000
    monkeypatch.setattr(P, "open", lambda path, mode: _FullDisk(path, "w"), raising=False)
    complaints = []
    monkeypatch.setattr(sys, "unraisablehook", complaints.append)
    yield complaints
    gc.collect()


def _temps(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if P.is_temp(p)]


def test_new_force_on_a_full_disk_keeps_the_file_it_would_replace(tmp_path, full_disk):
    from jixiao.templates.build import new_workbook

    out = tmp_path / "自评表.xlsx"
    out.write_bytes(b"the user's filled form")
    with pytest.raises(OSError) as e:
        new_workbook("project", out)
    gc.collect()
    assert e.value.errno == errno.ENOSPC and P.why(e.value) == "磁盘空间不足"
    assert out.read_bytes() == b"the user's filled form" and not _temps(tmp_path)
    assert full_disk == []  # no "Exception ignored in ZipFile.__del__"


def test_report_and_package_writes_on_a_full_disk(tmp_path, full_disk):
    """python-docx and the package patcher go through the same writer: ENOSPC, target unchanged, no noise."""
    from docx import Document

    out = tmp_path / "报告.docx"
    out.write_bytes(b"old")
    doc = Document()
    for _ in range(200):
        doc.add_paragraph("绩效自评报告" * 20)
    with pytest.raises(OSError) as e:
        P.atomic_write(out, doc.save)
    infos = []
    parts = {}
    for i in range(20):
        info = zipfile.ZipInfo(f"p{i}.xml")
        infos.append(info)
        parts[info.filename] = os.urandom(1000)
    with pytest.raises(P.PackageError, match="磁盘空间不足"):
        P.write_package(tmp_path / "x.xlsx", infos, parts)
    gc.collect()
    assert e.value.errno == errno.ENOSPC and out.read_bytes() == b"old"
    assert not _temps(tmp_path) and not (tmp_path / "x.xlsx").exists() and full_disk == []


def _limited(args, cwd, limit=4096):
    """Run ``jixiao args`` with the process's file-size limit at ``limit`` bytes (a full disk, for real)."""
    code = (f"import resource, sys; resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}));"
            "from jixiao.addin.cli import main; sys.exit(main(sys.argv[1:]))")
    return subprocess.run([sys.executable, "-c", code, *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_commands_out_of_space_say_so_without_a_traceback(tmp_path):
    import corpus
    from builders import Variant, project_workbook

    kept = tmp_path / "t.xlsx"
    kept.write_bytes(b"filled form")
    form = tmp_path / "form.xlsx"
    project_workbook(form, [copy.deepcopy(corpus.CLEAN)], Variant())
    runs = {"new": (["new", "project", "-o", kept, "--force"], 2),
            "summarize": (["summarize", form, "-o", tmp_path / "汇总.xlsx"], 2),
            "report": (["report", form, "-o", tmp_path / "报告.docx"], 1),
            "recompute": (["recompute", form, "-o", tmp_path / "重算.xlsx"], 2),
            "check": (["check", form, "--report-sheet", "--jobs", "1"], 2)}
    for name, (args, want) in runs.items():
        r = _limited(args, tmp_path)
        said = r.stdout + r.stderr
        assert r.returncode == want, (name, said)
        assert "Traceback" not in said and "Exception ignored" not in said and "内部错误" not in said, (name, said)
        assert "文件过大" in said, (name, said)
    assert kept.read_bytes() == b"filled form"
    assert not (tmp_path / "汇总.xlsx").exists() and not (tmp_path / "报告.docx").exists() and not _temps(tmp_path)
    assert not (tmp_path / "重算.xlsx").exists() and not (tmp_path / "form_校验结果.xlsx").exists()


@pytest.mark.parametrize(("code", "said"), [
    (errno.ENOSPC, "磁盘空间不足"), (errno.EACCES, "没有权限"), (errno.ENAMETOOLONG, "文件名或路径过长"),
    (errno.EROFS, "只读"), (errno.EFBIG, "文件过大"), (errno.EDQUOT, "配额"), (errno.EIO, "读写出错"),
    (errno.ENOENT, "不存在"), (9999, "系统错误 9999"),
])
def test_os_errors_are_said_in_chinese_in_one_place(code, said):
    e = OSError(code, "English strerror")
    assert said in P.why(e) and "English" not in P.why(e)


def test_an_lxml_io_error_is_the_os_error_it_stands_for():
    from lxml.etree import SerialisationError

    assert P.as_os_error(SerialisationError("IO_ENOSPC")).errno == errno.ENOSPC
    assert P.as_os_error(ValueError("x")) is None


def test_a_backup_that_cannot_be_made_is_said_in_chinese(tmp_path, monkeypatch):
    from jixiao.addin.ooxml import patcher

    src = tmp_path / "form.xlsx"
    with zipfile.ZipFile(src, "w") as z:
        z.writestr("a.txt", "x")

    def denied(*_a, **_k):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(patcher.shutil, "copy2", denied)
    with pytest.raises(P.PatchError) as e:
        patcher.patch_in_place(src, [])
    assert str(e.value) == "form.xlsx：无法创建备份 form.xlsx.bak（没有权限（文件可能正被 Excel 或 Word 打开，或文件夹只读））"


def test_a_zip_naming_one_part_twice_is_refused_naming_the_part(tmp_path):
    import warnings

    path = tmp_path / "dup.xlsx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("xl/workbook.xml", "<a/>")
            z.writestr("xl/workbook.xml", "<b/>")
    with pytest.raises(P.PackageError, match=r"“xl/workbook\.xml”"):
        P.Package(path)


@pytest.mark.parametrize("stem", ["甲" * 90, "a" * 300, "项目" * 40 + "x", "🙂" * 70])
def test_names_are_cut_to_fit_the_file_system(tmp_path, stem):
    path = tmp_path / f"{stem}_校验结果.xlsx"
    fitted = P.fit_name(path)
    assert len(fitted.name.encode()) <= 255 and fitted.suffix == ".xlsx" and fitted.parent == tmp_path
    assert fitted.name[:10] == path.name[:10]
    fitted.write_bytes(b"ok")  # the file system takes it
    tmp = P.temp_path(path)
    assert len(tmp.name.encode()) <= 255 and P.is_temp(tmp)
    assert P.fit_name(tmp_path / f"{stem}_重算.xlsx") != fitted  # two long names stay apart
    assert P.fit_name(tmp_path / "short.xlsx") == tmp_path / "short.xlsx"


def test_an_atomic_write_without_replace_never_replaces(tmp_path):
    out = tmp_path / "报告.docx"
    out.write_bytes(b"old")
    with pytest.raises(FileExistsError):
        P.atomic_write(out, lambda f: f.write(b"new"), replace=False)
    assert out.read_bytes() == b"old" and not _temps(tmp_path)


# --- sheet names and the project list ------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "taken", "want"), [
    ("History", [], "History_1"), ("history", [], "history_1"), ("'引号项目'", [], "引号项目"),
    ("'", [], "项目1"), ("a" * 40, [], "a" * 31), ("甲[1]:乙*?/\\", [], "甲1乙"), ("铃\x07声", [], "铃声"),
    ("甲", ["甲"], "甲_1"), ("甲", ["甲", "甲_1"], "甲_2"), ("ABC", ["abc"], "ABC_1"),
    ("x" * 30 + "'", [], "x" * 30), ("x" * 31, ["x" * 31], "x" * 29 + "_1"),
])
def test_sheet_names_excel_accepts(name, taken, want):
    from jixiao.templates.build import sheet_title

    got = sheet_title(name, 1, taken)
    assert got == want
    assert len(got) <= 31 and not set(got) & set("[]:*?/\\") and got[0] != "'" and got[-1] != "'"
    assert got.lower() != "history" and got.lower() not in {t.lower() for t in taken}


def test_new_with_hostile_project_names_makes_a_workbook_excel_opens(tmp_path, capsys):
    from jixiao.addin.cli import main
    from openpyxl import load_workbook

    lst = tmp_path / "清单.csv"
    lst.write_text("项目名称,主管部门\nHistory,甲\n'引号',甲\nhistory,甲\n" + "很长的项目名称" * 6 + ",甲\n",
                   encoding="utf-8")
    assert main(["new", "project", "-o", str(tmp_path / "t.xlsx"), "--projects", str(lst)]) == 0
    names = load_workbook(tmp_path / "t.xlsx").sheetnames
    assert len({n.lower() for n in names}) == 4 and all(len(n) <= 31 and n[0] != "'" for n in names)
    assert "history" not in {n.lower() for n in names}, names
    capsys.readouterr()


def test_a_control_character_in_the_project_list_is_named_at_its_cell(tmp_path, capsys):
    from jixiao.addin.cli import main
    from openpyxl import Workbook

    lst = tmp_path / "清单.csv"
    lst.write_text("项目名称,主管部门\n甲\a项目,乙\n", encoding="utf-8")
    assert main(["new", "project", "-o", str(tmp_path / "a.xlsx"), "--projects", str(lst)]) == 2
    err = capsys.readouterr().err
    assert "清单.csv A2" in err and "U+0007（响铃符）" in err and "内部错误" not in err
    wb = Workbook()
    wb.active.title = "项目"
    wb.active.append(["项目名称", "主管部门"])
    wb.active.append(["甲", "乙_x0007_"])  # Excel's own spelling of a BEL in the file
    wb.save(tmp_path / "清单.xlsx")
    from jixiao.addin.app.project_list import read_projects

    try:  # read back as BEL it must be refused at B2; kept as the literal text it is harmless
        got = read_projects(tmp_path / "清单.xlsx")
        assert got[0]["主管部门"] in ("乙_x0007_",)
    except ValueError as e:
        assert "清单.xlsx 工作表“项目” B2" in str(e)
    assert not (tmp_path / "a.xlsx").exists()


# --- fractions and percentages: one reading ------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "points"), [
    (0.9993, 99.93), ("0.9993", 99.93), (1.8, 180.0), ("1.8", 180.0), (2, 200.0), (2.5, 2.5), (99.93, 99.93),
    ("99.93", 99.93), ("99.93%", 99.93), ("0.5%", 0.5), (0, 0.0), ("180%", 180.0),
])
def test_percent_points_is_the_one_rule(typed, points):
    assert V.percent_points(V.parse(typed)) == pytest.approx(points)


@pytest.mark.parametrize("actual", [0.9993, "0.9993", "99.93%", 99.93, "99.93"])
def test_issue_cases_fraction_against_a_percent_target(actual):
    """0.9993 (General or text) against 100% is 99.93% → 9.99: in the engine's scorer and in JX_SCORE."""
    assert S.score_indicator("100%", actual, 10).score == 9.99
    assert F.jx_score("100%", actual, 10) == 9.99
    assert F.jx_completion("100%", actual) == pytest.approx(0.9993)


def test_issue_cases_of_the_jx_functions():
    assert F.jx_rate_score(1.8, 10) == 10  # 180%, capped at the weight (it gave 0.18)
    assert F.jx_rate_score("180%", 10) == 10 and F.jx_rate_score(0.95, 10) == 9.5 and F.jx_rate_score(95, 10) == 9.5
    assert F.jx_rate(-5, 10) == "错误：全年执行数 -5 为负数，无法计算执行率"
    assert F.jx_rate(5, -10) == "错误：全年预算数 -10 为负数，无法计算执行率"
    assert F.jx_score("≤10万元", "-5万元", 10) == "错误：实际完成值“-5万元”为负数：金额和数量不能小于 0"
    assert F.jx_score("≥3次", "-1次", 10).startswith("错误：实际完成值“-1次”为负数")
    assert F.jx_score("≥5%", "-3%", 10) == 0  # a growth rate may be negative: scored, not refused
    assert F.jx_completion("≥90%", "#N/A") == "错误：单元格显示错误值 #N/A（公式出错），不是可用的数值"
    assert F.jx_score("≥90%", "#DIV/0!", 10).startswith("错误：单元格显示错误值 #DIV/0!")
    assert F.jx_grade(-5) == "错误：总分 -5 为负数，总分不能小于 0"
    assert F.jx_grade(1e308) == "错误：数值 1.0×10^308 过大，超出可计算范围（应小于 10^15）"
    assert F.jx_rate_score(0.95, 1e308).startswith("错误：分值：数值 1.0×10^308 过大")
    assert F.jx_rate_score(-0.5, 10) == "错误：执行率“-0.5”为负数，执行率不能小于 0"
    assert F.jx_rate_score(float("inf"), 10) == "错误：数值无效（NaN 或无穷大）"
    assert F.jx_total(9.5, -1) == "错误：得分 -1 为负数，得分不能小于 0"
    assert F.jx_score("≥90%", "1e400", 10).startswith("错误：")


@pytest.mark.parametrize(("x", "said"), [
    (1e308, "1.0×10^308"), (-2.5e20, "-2.5×10^20"), (float("inf"), "无穷大"), (float("nan"), "非数值"), (12.5, "12.5"),
    (10**30, "1.0×10^30"),
])
def test_numbers_in_messages_are_written_short(x, said):
    from jixiao.addin.render.findings import amount, percent, points
    from jixiao.udfs.errors import number

    assert number(x) == said
    for f in (amount, points, percent):
        assert len(f(x)) < 20


# The property: what a clerk types in a General cell, fed to the engine (recognise + score of a real form) and
# to the JX_ functions, is read the same way.

TARGETS = ["≥90%", "100%", "=100%", "≤5%", "≥95%", "≤10万元", "≥4次", "0.95", "≥0.9"]


def _typed_numbers():
    fraction = st.decimals(min_value=0, max_value=3, places=4).map(float)
    points = st.decimals(min_value=0, max_value=200, places=2).map(float)
    number = st.one_of(fraction, points, st.integers(-5, 150).map(float), st.sampled_from([1e16, -0.5, 2.0, 2.0001]))
    return st.one_of(number, number.map(lambda x: format(x, "g")), number.map(lambda x: f"{x:g}%"),
                     number.map(lambda x: f"{x:g}万元"), number.map(lambda x: f"{x:g}次"),
                     st.sampled_from(["#N/A", "已完成", "", "—"]))


@pytest.fixture(scope="module")
def form_grid(tmp_path_factory):
    import corpus
    from builders import Variant, project_workbook
    from jixiao.addin.ooxml import read_workbook

    path = tmp_path_factory.mktemp("prop") / "form.xlsx"
    project_workbook(path, [copy.deepcopy(corpus.CLEAN)], Variant())
    return read_workbook(path)


def _engine(data, cells: dict):
    from jixiao.addin.app import pipeline
    from jixiao.addin.ooxml.grid import Cell, Grid, WorkbookData, parse_address

    g = data.sheets[0]
    grid = Grid(g.name, dict(g.cells), list(g.merges))
    for ref, value in cells.items():
        grid.cells[parse_address(ref)] = Cell(None if value == "" else value)
    (form,) = pipeline.analyze(WorkbookData(data.path, [grid])).forms
    return form


@settings(max_examples=150, deadline=None, derandomize=True)
@given(target=st.sampled_from(TARGETS), actual=_typed_numbers())
def test_engine_and_jx_score_agree_on_typed_values(form_grid, target, actual):
    form = _engine(form_grid, {"E14": target, "F14": actual, "G14": 10})
    ind = form.body.indicators[2]
    udf = F.jx_score(target, actual, 10, "national")
    if ind.error is not None or ind.result is None:
        assert isinstance(udf, str) and udf.startswith("错误："), (target, actual, udf, ind.error)
        assert ind.score is None
    else:
        assert udf == ind.score, (target, actual, udf, ind.score)
        completion = F.jx_completion(target, actual)
        assert (completion if completion != "" else None) == pytest.approx(ind.result.completion)


@settings(max_examples=100, deadline=None, derandomize=True)
@given(spent=_typed_numbers(), budget=st.one_of(st.sampled_from([100.0, "100", 0.5, 1e16, -3.0]), _typed_numbers()))
def test_engine_and_jx_rate_agree_on_typed_values(form_grid, spent, budget):
    form = _engine(form_grid, {"G6": spent, "F6": budget})
    fig = form.body.funds.figures
    rate, score = F.jx_rate(spent, budget, "national"), None
    if isinstance(rate, float):
        score = F.jx_rate_score(rate, 10, "national")
    if fig is None or fig.rate is None:
        assert isinstance(rate, str) or rate is None, (spent, budget, rate)
    else:
        assert rate == fig.rate and score == fig.score, (spent, budget, rate, fig)
