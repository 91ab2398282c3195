"""Every command on every hostile or broken input (tests/corpus.py): no traceback, a Chinese message naming
the file, a non-zero exit where nothing valid came out, and the input's bytes (and mode) unchanged."""

import json
import os
import re
import shutil
import stat
import zipfile

import pytest
from corpus import NAMES, build
from jixiao.addin.cli import main


def _copy(case, tmp_path):
    """In-place writes go to a copy (the original is compared after), except a read-only file's refusal."""
    if case.read_only:
        return case.path
    dst = tmp_path / case.path.name
    shutil.copyfile(case.path, dst)
    return dst


def run_both(capsys, *argv):
    """Run `jixiao …` in-process; return (exit code, stdout + stderr)."""
    code = main([str(a) for a in argv])
    got = capsys.readouterr()
    return code, got.out + got.err


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return build(tmp_path_factory.mktemp("corpus"))


@pytest.mark.parametrize("name", NAMES)
def test_every_command_on_every_input(corpus, name, tmp_path, capsys):
    case = corpus[name]
    before = case.path.read_bytes()
    mode = stat.S_IMODE(os.stat(case.path).st_mode)
    outs = {}
    for cmd in (["score", case.path], ["score", case.path, "--json"], ["check", case.path],
                ["check", case.path, "--json"], ["recompute", case.path, "-o", tmp_path / f"{name}_out.xlsx"],
                ["recompute", _copy(case, tmp_path), "--in-place"]):
        code, text = run_both(capsys, *cmd)
        assert "Traceback" not in text and "内部错误" not in text, (cmd, text)
        assert not re.search(r"\d{20}", text), (cmd, text)  # 1e308 is written short, never as 309 digits
        assert "Errno" not in text and "Permission denied" not in text and "too long" not in text, (cmd, text)
        outs[cmd[0] + ("_json" if "--json" in cmd else "") + ("_inplace" if "--in-place" in cmd else "")] = (code, text)
    assert case.path.read_bytes() == before and stat.S_IMODE(os.stat(case.path).st_mode) == mode
    for key in ("score", "check", "recompute", "recompute_inplace"):
        code, text = outs[key]
        if not case.valid:
            assert code != 0, (key, text)
            assert case.path.name in text, (key, text)
        if case.expect and (key == "check" or (key == "score" and not case.valid)):
            assert case.expect in text, (key, text)
    if not case.valid:
        assert not (tmp_path / f"{name}_out.xlsx").exists()
        assert not list(tmp_path.glob("*.bak*")) and not list(case.path.parent.glob(case.path.name + ".bak*"))


def test_read_only_file_is_refused_in_place(corpus, capsys):
    case = corpus["read_only"]
    before = case.path.read_bytes()
    code, text = run_both(capsys, "recompute", case.path, "--in-place")
    assert code == 2 and "只读" in text
    assert case.path.read_bytes() == before and stat.S_IMODE(os.stat(case.path).st_mode) == 0o444
    assert not list(case.path.parent.glob("read_only.xlsx.bak*"))


def test_summarize_the_whole_corpus(corpus, tmp_path, capsys):
    """The bureau's folder of everything above: no traceback, every unusable file listed, inputs unchanged."""
    folder = next(iter(corpus.values())).path.parent
    before = {c.path: c.path.read_bytes() for c in corpus.values()}
    _code, text = run_both(capsys, "summarize", folder, "-o", tmp_path / "汇总.xlsx", "--json")
    assert "Traceback" not in text and "内部错误" not in text, text
    assert all(p.read_bytes() == b for p, b in before.items())
    for name, c in corpus.items():  # every file that gave no form is named in the summary's lists
        if not c.valid and c.path.suffix == ".xlsx":
            assert c.path.name in text, name


# --- issue 26: the second hostile round, class by class ---------------------------------------------------

def _in(tmp_path, case):
    dst = tmp_path / case.path.name
    shutil.copyfile(case.path, dst)
    return dst


def _sheets(path):
    from openpyxl import load_workbook

    return load_workbook(path).sheetnames


def test_a_name_too_long_for_the_file_system_is_shortened_and_said(corpus, tmp_path, capsys):
    """An 82-character Chinese name (246 bytes): 原名_重算, 原名_校验结果 and the temp names would pass 255 bytes."""
    src = _in(tmp_path, corpus["long_name"])
    code, text = run_both(capsys, "recompute", src)
    assert code == 0 and "已缩短" in text, text
    (out,) = [p for p in tmp_path.iterdir() if p != src]
    assert len(out.name.encode()) <= 255 and out.suffix == ".xlsx" and out.name in text
    out.unlink()
    code, text = run_both(capsys, "recompute", src, "--in-place")
    assert code == 0 and "备份" in text, text
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~jixiao-")]
    for p in tmp_path.glob("*.bak*"):
        p.unlink()
    code, text = run_both(capsys, "check", src, "--report-sheet")
    assert code in (0, 1) and "已缩短" in text and "未能写入" not in text, text
    (copy,) = [p for p in tmp_path.iterdir() if p != src]
    assert len(copy.name.encode()) <= 255 and "校验结果" in _sheets(copy)


def test_a_report_copy_that_cannot_be_written_fails_the_run(corpus, tmp_path, capsys, monkeypatch):
    """check --report-sheet exited 0 without its copy; now the failure is said in Chinese and the run fails."""
    import errno

    from jixiao.addin.ooxml import package

    def refused(*_a):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(package.os, "replace", refused)
    src = _in(tmp_path, corpus["long_name"])
    code, text = run_both(capsys, "check", src, "--report-sheet", "--jobs", "1")
    assert code == 2 and "未能写入校验结果副本" in text and "没有权限" in text and "Permission" not in text, text
    assert [p for p in tmp_path.iterdir()] == [src]  # no copy, no temp file


def test_a_macro_workbook_stays_xlsm(corpus, tmp_path, capsys):
    """Content decides the type: a macro workbook named .xlsx is written as .xlsm by default (and said); an
    explicit .xlsx target is refused, naming the right extension; the 校验结果 copy is .xlsm too."""
    src = _in(tmp_path, corpus["macro_named_xlsx"])
    code, text = run_both(capsys, "recompute", src)
    assert code == 0 and ".xlsm" in text, text
    assert (tmp_path / "macro_named_重算.xlsm").exists() and not (tmp_path / "macro_named_重算.xlsx").exists()
    code, text = run_both(capsys, "recompute", src, "-o", tmp_path / "out.xlsx")
    assert code == 2 and "out.xlsm" in text and "启用宏" in text, text
    assert not (tmp_path / "out.xlsx").exists()
    code, text = run_both(capsys, "check", src, "--report-sheet", "--json")
    entry = json.loads(text)["files"][0]
    assert entry["report"].endswith("macro_named_校验结果.xlsm") and ".xlsm" in entry["report_note"], entry


def test_recompute_of_a_real_xlsm_to_an_xlsx_name_is_refused(tmp_path, capsys):
    """recompute X.xlsm -o Y.xlsx exited 0 with a macro package under an .xlsx name (Excel refuses it)."""
    from builders import Variant, project_workbook
    from corpus import CLEAN

    xlsx = tmp_path / "form.xlsx"
    project_workbook(xlsx, [CLEAN], Variant(stated=False))
    xlsm = tmp_path / "form.xlsm"
    with zipfile.ZipFile(xlsx) as z, zipfile.ZipFile(xlsm, "w", zipfile.ZIP_DEFLATED) as out:
        for i in z.infolist():
            data = z.read(i.filename)
            if i.filename == "[Content_Types].xml":
                data = data.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
            out.writestr(i, data)
    code, text = run_both(capsys, "recompute", xlsm, "-o", tmp_path / "Y.xlsx")
    assert code == 2 and "Y.xlsm" in text and not (tmp_path / "Y.xlsx").exists(), text
    code, text = run_both(capsys, "recompute", xlsm, "-o", tmp_path / "Y.xlsm")
    assert code == 0 and (tmp_path / "Y.xlsm").exists(), text


def test_a_users_own_sheet_named_like_ours_is_never_overwritten(corpus, tmp_path, capsys):
    from openpyxl import load_workbook

    src = _in(tmp_path, corpus["user_report_sheet"])
    code, text = run_both(capsys, "check", src, "--report-sheet")
    assert code == 1, text
    copy = tmp_path / "user_report_sheet_校验结果.xlsx"
    wb = load_workbook(copy)
    assert wb.sheetnames[-2:] == ["校验结果", "校验结果_jixiao"], wb.sheetnames
    assert wb["校验结果"]["A1"].value == "我自己的核对记录，请勿删除"
    assert any("JX005" in str(c.value) for row in wb["校验结果_jixiao"].iter_rows() for c in row)
    from jixiao.addin.app.report_copy import add_report_sheet

    assert add_report_sheet(copy, copy, []) == "校验结果_jixiao"  # refreshed in place: still one of ours
    wb = load_workbook(copy)
    assert wb.sheetnames[-2:] == ["校验结果", "校验结果_jixiao"] and wb["校验结果"]["A1"].value.startswith("我自己")


def test_a_value_hidden_under_a_merge_is_a_finding_at_its_cell(corpus, capsys):
    code, text = run_both(capsys, "check", corpus["merged_hidden"].path, "--json")
    (hit,) = [f for f in json.loads(text)["files"][0]["findings"] if f["code"] == "JX050"]
    assert hit["cell"] == "F6" and "4637.81" in hit["message"] and "E6:F6" in hit["message"] and code == 1


def test_a_fraction_typed_as_text_against_a_percent_target_is_read_as_a_fraction(corpus, capsys):
    """0.9993 (text) against 100% is 99.93% → 9.99 of 10, and check accepts the stated 9.99 (it said 0.10)."""
    _code, text = run_both(capsys, "score", corpus["fraction_text"].path, "--json")
    (sheet,) = json.loads(text)["files"][0]["sheets"]
    assert [i["score"] for i in sheet["indicators"]][2] == 9.99
    _code, text = run_both(capsys, "check", corpus["fraction_text"].path, "--json")
    cells = {f["cell"] for f in json.loads(text)["files"][0]["findings"]}
    assert not cells & {"F14", "H14"}, cells


def test_control_characters_in_an_xls_are_kept_and_said_at_their_cell(corpus, tmp_path, capsys):
    src = _in(tmp_path, corpus["bel_xls"])
    code, text = run_both(capsys, "recompute", src)
    assert code == 0 and "工作表“项目1” C3" in text and "U+0007" in text, text
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "bel_xls_重算.xlsx").active
    assert ws["C3"].value in ("干部教育_x0007_培训经费", "干部教育\x07培训经费")
