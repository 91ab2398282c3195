"""Workbooks as Excel stores JX_ formulas (`[1]!JX_…` + an externalLink to another user's XLSTART): they are
read and scored from their cached values, and `jixiao finalize` leaves values and no link."""

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from excel_stored import ZHANG_XLSTART, store_as_excel
from jixiao.addin.app.pipeline import analyze_file
from jixiao.addin.app.recompute import recompute_file

SAMPLES = Path(__file__).resolve().parents[1] / "templates" / "samples"
SCORES = {f"H{r}": f'[1]!JX_SCORE(E{r},F{r},G{r},"xinjiang")' for r in (12, 13, 14, 16, 18, 19, 26, 32)}


@pytest.fixture(scope="module")
def computed(tmp_path_factory):
    """seed 003 after recompute: every 得分 cell holds its value."""
    d = tmp_path_factory.mktemp("stored")
    out = d / "重算.xlsx"
    recompute_file(SAMPLES / "seed003_待重算.xlsx", out)
    return out


def run_cli(capsys, *argv):
    """`jixiao …` in-process: (exit code, stdout + stderr)."""
    from jixiao.addin.cli import main

    code = main([str(a) for a in argv])
    cap = capsys.readouterr()
    return code, cap.out + cap.err


def _totals(path):
    return [(f.sheet, f.total_value, [i.score for i in f.body.indicators]) for f in analyze_file(path).forms]


def _texts(path) -> dict[str, str]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n).decode("utf-8", "replace") for n in z.namelist()}


def test_excel_stored_jx_formulas_are_read_and_scored(computed, tmp_path, capsys):
    stored = tmp_path / "张三的表.xlsx"
    store_as_excel(computed, stored, SCORES)
    texts = _texts(stored)
    assert "[1]!JX_SCORE(E12,F12,G12" in texts["xl/worksheets/sheet1.xml"].replace("&quot;", '"')
    assert "XLSTART\\jixiao.xlam" in texts["xl/externalLinks/_rels/externalLink1.xml.rels"]
    assert _totals(stored) == _totals(computed)
    wb = analyze_file(stored)
    cell = wb.forms[0].body.indicators[0].score_cell
    assert cell.value == 10  # the cached result, read as the cell's value
    code, out = run_cli(capsys, "score", stored, "--json")
    assert code == 0 and '"total": 100' in out.replace("100.0", "100")


def test_finalize_leaves_values_and_no_link(computed, tmp_path, capsys):
    stored = tmp_path / "张三的表.xlsx"
    store_as_excel(computed, stored, SCORES)
    out = tmp_path / "定稿.xlsx"
    code, printed = run_cli(capsys, "finalize", stored, "-o", out)
    assert code == 0, printed
    assert "8 个 JX_ 公式已转为数值" in printed and "jixiao.xlam 的外部链接 1 个已去掉" in printed
    texts = _texts(out)
    assert not [n for n in texts if "externalLink" in n]
    assert "externalReference" not in texts["xl/workbook.xml"]
    assert "externalLink" not in texts["xl/_rels/workbook.xml.rels"] + texts["[Content_Types].xml"]
    assert not any("JX_" in t or "[1]!" in t for n, t in texts.items() if n.startswith("xl/worksheets/"))
    assert "张三" not in "".join(texts.values())
    assert _totals(out) == _totals(computed)
    # again: an existing output is kept unless --force; the input itself is never the output
    code, _ = run_cli(capsys, "finalize", stored, "-o", out)
    assert code == 2 and "已存在" in _
    assert run_cli(capsys, "finalize", stored, "-o", out, "--force")[0] == 0
    assert run_cli(capsys, "finalize", stored, "-o", stored, "--force")[0] == 2
    assert run_cli(capsys, "finalize", stored, "-o", tmp_path / "x.xlsm")[0] == 2
    from jixiao.addin.excel import actions  # the ribbon's 定稿导出 says the same

    msg = actions.finalize(actions.FileBook(stored), tmp_path / "按钮定稿.xlsx")
    assert "8 个 JX_ 公式已转为数值，指向 jixiao.xlam 的外部链接 1 个已去掉" in msg


def test_finalize_renumbers_the_links_that_stay(computed, tmp_path, capsys):
    stored = tmp_path / "两个链接.xlsx"
    formulas = dict(SCORES)
    store_as_excel(computed, stored, formulas, other_book="file:///D:\\共享\\基础数据.xlsx")
    with zipfile.ZipFile(stored) as z:  # a formula on the other workbook, link [2]
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet, n = re.subn(r'(<c r="G12"(?: [^>]*)?>)(<v>)', r"\1<f>[2]Sheet1!$A$1*2</f>\2", sheet, count=1)
    assert n == 1
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(stored, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    out = tmp_path / "定稿.xlsx"
    assert run_cli(capsys, "finalize", stored, "-o", out)[0] == 0
    texts = _texts(out)
    assert "<f>[1]Sheet1!$A$1*2</f>" in texts["xl/worksheets/sheet1.xml"]
    assert texts["xl/workbook.xml"].count("<externalReference ") == 1 and "rIdLink2" in texts["xl/workbook.xml"]
    assert "xl/externalLinks/externalLink2.xml" in texts and "externalLink1.xml" not in "".join(texts)
    assert "基础数据.xlsx" in texts["xl/externalLinks/_rels/externalLink2.xml.rels"]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_the_finalized_copy(computed, tmp_path, capsys):
    stored = tmp_path / "张三的表.xlsx"
    store_as_excel(computed, stored, SCORES)
    out = tmp_path / "定稿.xlsx"
    assert run_cli(capsys, "finalize", stored, "-o", out)[0] == 0
    done = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to",
                           "csv", "--outdir", str(tmp_path / "csv"), str(out)],
                          capture_output=True, text=True, timeout=300, check=False)
    csv = (tmp_path / "csv" / "定稿.csv").read_text(encoding="utf-8", errors="replace")
    assert done.returncode == 0 and csv.count("\n") > 20


def test_finalize_says_what_is_wrong_with_its_input(tmp_path, capsys):
    xls = tmp_path / "旧表.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0" + bytes(100))
    code, said = run_cli(capsys, "finalize", xls)
    assert code == 2 and ".xls 旧格式" in said
    code, said = run_cli(capsys, "finalize", tmp_path / "没有.xlsx")
    assert code == 2 and "文件不存在" in said
    assert ZHANG_XLSTART.endswith("XLSTART\\jixiao.xlam")
