"""The ribbon: its XML against Microsoft's schema, and every action run on files (the file backend)."""

import zipfile
from pathlib import Path

import pytest
from builders import Variant, project_workbook
from jixiao.addin import actions, ribbon
from openpyxl import load_workbook

SCHEMAS = Path(__file__).resolve().parents[2] / "shared" / "schemas"


@pytest.mark.skipif(not (SCHEMAS / "customui14.xsd").exists(), reason="shared/schemas not beside the repo")
def test_ribbon_xml_validates_against_customui14():
    xmlschema = pytest.importorskip("xmlschema")
    schema = xmlschema.XMLSchema(str(SCHEMAS / "customui14.xsd"))
    schema.validate(ribbon.ribbon_xml())
    bad = ribbon.ribbon_xml().replace('id="jxTab"', 'id="jx Tab"')
    assert not schema.is_valid(bad)


def test_every_button_has_an_action_and_ascii_vba():
    tags = [b.tag for b in ribbon.buttons()]
    assert set(tags) <= set(actions.ACTIONS)
    assert "绩效自评" in ribbon.ribbon_xml() and 'onAction="JixiaoRibbon"' in ribbon.ribbon_xml()
    vba = ribbon.callback_vba()
    assert vba.isascii() and "Sub JixiaoRibbon(control As IRibbonControl)" in vba


@pytest.fixture()
def book(tmp_path, seed003):
    path = tmp_path / "项目.xlsx"
    wheres = project_workbook(path, seed003["projects"][:3], Variant(stated=False), "xinjiang")
    return path, wheres


def test_recompute_sheet_then_all(book, seed003):
    path, wheres = book
    fb = actions.FileBook(path, active_sheet="项目2")
    msg = actions.dispatch("recompute_sheet", fb)
    assert "已重算 1 张表" in msg and (path.parent / "项目.xlsx.bak").exists()
    wb = load_workbook(path)
    assert wb["项目2"][wheres[1]["total"]].value == 70 and wb["项目1"][wheres[0]["total"]].value is None
    actions.dispatch("recompute_all", fb)
    wb = load_workbook(path)
    assert [wb[f"项目{i}"][w["total"]].value for i, w in enumerate(wheres, 1)] == [100, 70, 99.07]


def test_check_writes_report_sheet(book):
    path, _ = book
    fb = actions.FileBook(path)
    actions.dispatch("recompute_all", fb)
    msg = actions.dispatch("check", fb)
    assert "校验完成" in msg
    wb = load_workbook(path)
    assert wb.sheetnames[-1] == "校验结果" and wb["校验结果"]["A1"].value == "序号"
    actions.dispatch("check", fb)  # a second check refreshes, it does not add another sheet
    assert load_workbook(path).sheetnames.count("校验结果") == 1


def test_finalize_freezes_jx_formulas_and_drops_macros(book, tmp_path):
    path, _ = book
    wb = load_workbook(path)
    wb["项目1"]["L1"] = '=JX_GRADE(100,"xinjiang")'
    wb.save(path)
    with zipfile.ZipFile(path) as z:  # give the formula a cached value, as Excel would
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"<f>JX_GRADE(100,&quot;xinjiang&quot;)</f><v></v>", b"<f>JX_GRADE(100,&quot;xinjiang&quot;)</f><v>1</v>")
    with zipfile.ZipFile(path, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    fb = actions.FileBook(path)
    actions.dispatch("check", fb)
    out = tmp_path / "定稿.xlsx"
    msg = actions.finalize(fb, out)
    assert "1 个 JX_ 公式已转为数值" in msg
    with zipfile.ZipFile(out) as z:
        sheets = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/")]
        assert not any("JX_" in s for s in sheets)
        assert "xl/vbaProject.bin" not in z.namelist()
    assert load_workbook(out).sheetnames == ["项目1", "项目2", "项目3"]  # 校验结果 left behind


def test_choose_profile_is_stored_in_the_workbook(book):
    path, _ = book
    fb = actions.FileBook(path)
    assert "全国通用" in actions.dispatch("choose_profile", fb, profile="national")
    from jixiao.addin.xlsx_reader import read_workbook

    assert read_workbook(path).defined_names["jixiao_profile"] == '"national"'
    assert actions.FileBook(path).result().sheets[2].profile.id == "national"
    # a rule from a file (its folder name with & in it) is stored by its path and found again
    rule = path.parent / "R&D" / "本地规则.toml"
    rule.parent.mkdir()
    rule.write_text('id = "local"\nname = "本地规则"\ndocument = "示例"\n', encoding="utf-8")
    assert "本地规则" in actions.dispatch("choose_profile", fb, profile=str(rule))
    assert read_workbook(path).defined_names["jixiao_profile"] == f'"{rule.resolve()}"'
    assert actions.FileBook(path).result().sheets[2].profile.id == "local"


def test_summarize_folder_and_help(book):
    path, _ = book
    fb = actions.FileBook(path)
    msg = actions.dispatch("summarize_folder", fb, out=path.parent / "汇总.xlsx")
    assert "已汇总 3 张表" in msg and (path.parent / "汇总.xlsx").exists()
    assert "重算" in actions.dispatch("help", fb)
    assert "未知的操作" in actions.dispatch("nonsense", fb)


def test_udf_wrappers_from_xlwings_generator():
    import sys

    from jixiao.addin.vba import ribbon_module_bas, udf_wrappers_bas
    from jixiao.udfs.functions import REGISTRY

    bas = udf_wrappers_bas()
    assert bas.isascii() and bas.startswith('Attribute VB_Name = "xlwings_udfs"')
    for name, spec in REGISTRY.items():
        assert f"Function {name}(" in bas
        assert f'XLPy.CallUDF("jixiao.udfs.xl", "{name}"' in bas
        if spec.varargs:
            assert "ParamArray scores()" in bas
    assert "Function JX_SCORE(target, actual, weight, Optional profile, Optional direction)" in bas
    assert "pythoncom" not in sys.modules  # the stubs are gone again
    assert ribbon_module_bas().isascii()


def test_new_project_from_the_ribbon(book):
    path, _ = book
    fb = actions.FileBook(path)
    msg = actions.dispatch("new_project", fb)
    made = path.parent / "新建项目支出绩效自评表.xlsx"
    assert "已新建" in msg and made.exists()
    assert actions.FileBook(made).result().sheets[0].layout.kind == "project"
    actions.dispatch("new_project", fb)
    assert (path.parent / "新建项目支出绩效自评表(1).xlsx").exists()
