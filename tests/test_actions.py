"""The ribbon: its XML against Microsoft's schema, and every action run on files (the file backend)."""

import zipfile
from pathlib import Path

import pytest
import standin
from builders import Variant, project_workbook
from jixiao.addin.excel import actions, ribbon
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
    from jixiao.addin.ooxml import read_workbook

    assert read_workbook(path).defined_names["jixiao_profile"] == '"national"'
    assert actions.FileBook(path).result().forms[2].profile.id == "national"
    # a rule from a file (its folder name with & in it) is stored by its path and found again
    rule = path.parent / "R&D" / "本地规则.toml"
    rule.parent.mkdir()
    rule.write_text('id = "local"\nname = "本地规则"\ndocument = "示例"\n', encoding="utf-8")
    assert "本地规则" in actions.dispatch("choose_profile", fb, profile=str(rule))
    assert read_workbook(path).defined_names["jixiao_profile"] == f'"{rule.resolve()}"'
    assert actions.FileBook(path).result().forms[2].profile.id == "local"


def test_summarize_folder_and_help(book):
    path, _ = book
    fb = actions.FileBook(path)
    msg = actions.dispatch("summarize_folder", fb, out=path.parent / "汇总.xlsx")
    assert "已汇总 3 张表" in msg and (path.parent / "汇总.xlsx").exists()
    assert "重算" in actions.dispatch("help", fb)
    assert "未知的操作" in actions.dispatch("nonsense", fb)


def test_udf_wrappers_from_xlwings_generator():
    import sys

    from jixiao.addin.excel.vba import ribbon_module_bas, udf_wrappers_bas
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
    assert actions.FileBook(made).result().forms[0].kind == "project"
    actions.dispatch("new_project", fb)
    assert (path.parent / "新建项目支出绩效自评表(1).xlsx").exists()


# --- XlwingsBook over the strict stand-in of Excel (tests/standin.py) ------------------------------------

def _standin(path, saved_as=None, active=None):
    app = standin.App()
    return app.book(path, saved_as, active=active)


@pytest.fixture()
def no_temp_left(tmp_path, monkeypatch):
    """Every temporary folder XlwingsBook makes goes here; the test checks it is empty again."""
    import tempfile

    tmp = tmp_path / "临时"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return tmp


def _caller(monkeypatch, fake):
    import xlwings as xw

    monkeypatch.setattr(xw.Book, "caller", classmethod(lambda cls: fake.app.caller()))


def test_xlwings_book_runs_every_ribbon_action(book, tmp_path, monkeypatch, no_temp_left):
    path, wheres = book
    fake = _standin(path, path, active="项目2")
    _caller(monkeypatch, fake)
    done = set()

    def click(tag, item=None):
        done.add(tag)
        msg = actions.dispatch_caller(tag) if item is None else actions.dispatch_caller(tag, item)
        assert fake.app.alerts[-1] == (msg, "绩效自评", "ok")  # every click ends in one Chinese message box
        assert not list(no_temp_left.iterdir()), "a temporary copy was left behind"
        return msg

    assert "已重算 1 张表" in click("recompute_sheet")
    assert fake.wb["项目2"][wheres[1]["total"]].value == 70 and fake.wb["项目1"][wheres[0]["total"]].value is None
    assert "已重算 3 张表" in click("recompute_all")
    assert [fake.wb[f"项目{i}"][w["total"]].value for i, w in enumerate(wheres, 1)] == [100, 70, 99.07]
    copies = [c[1] for c in fake.app.calls if c[0] == "SaveCopyAs"]
    assert copies and all(Path(c).parent.parent == no_temp_left for c in copies)

    # 规则: the dropDown's item for national, stored as the defined name and used by the next recompute
    assert "全国通用" in click("choose_profile", ribbon.profile_item_id("national"))
    assert fake.wb.defined_names["jixiao_profile"].attr_text == '"national"'
    click("recompute_all")
    national = [fake.wb[f"项目{i}"][w["total"]].value for i, w in enumerate(wheres, 1)]
    assert national != [100, 70, 99.07]  # 新疆's 60% floor no longer applies
    assert "未知的选项" in click("choose_profile", "jxProfile_ZZ")
    assert fake.wb.defined_names["jixiao_profile"].attr_text == '"national"'
    assert "可选的计分规则" in click("choose_profile")
    click("choose_profile", ribbon.profile_item_id("xinjiang"))
    click("recompute_all")
    assert [fake.wb[f"项目{i}"][w["total"]].value for i, w in enumerate(wheres, 1)] == [100, 70, 99.07]

    # 校验: a report sheet with links; an error cell is tinted, and the next check gives back its own colour
    total = wheres[0]["total"]
    fake.wb["项目1"][total] = 55  # a wrong 总分: an error finding at that cell
    fake.sheets["项目1"].range(total).color = (255, 255, 0)
    msg = click("check")
    assert "校验完成" in msg and "个错误" in msg
    assert fake.wb.sheetnames[-1] == "校验结果" and fake.wb["校验结果"]["A1"].value == "序号"
    assert any(link[3] == f"#'项目1'!{total}" for link in fake.links)
    assert fake.sheets["项目1"].range(total).color == actions.XlwingsBook.TINT
    fake.wb["项目1"][total] = 100
    click("check")
    assert fake.wb.sheetnames.count("校验结果") == 1
    assert fake.sheets["项目1"].range(total).color == (255, 255, 0)

    # 定稿导出, 新建项目表, 汇总文件夹 write beside the workbook; 帮助; a tag the add-in does not know
    assert "已导出定稿副本" in click("finalize") and (path.parent / "项目_定稿.xlsx").exists()
    assert "已新建" in click("new_project") and fake.app.opened == [str(path.parent / "新建项目支出绩效自评表.xlsx")]
    assert "已汇总" in click("summarize_folder") and (path.parent / "汇总.xlsx").exists()
    assert "已生成自评报告草稿：项目_自评报告.docx" in click("report") and (path.parent / "项目_自评报告.docx").exists()
    assert "项目_自评报告(1).docx" in click("report")  # the first draft is kept
    assert "重算" in click("help")
    table = actions.XlwingsBook(fake).indicator_table("项目1")  # 增加指标行 under the table's first row
    fake.selected = ("项目1", f"B{table.first}")
    assert f"第 {table.first} 行下面增加一行指标" in click("insert_indicator_row")
    assert "未知的操作" in click("nonsense")
    assert {c.tag for c in ribbon.controls()} <= done


def test_unsaved_workbook_is_saved_first(book, tmp_path, monkeypatch, no_temp_left):
    path, _ = book
    cwd = tmp_path / "当前目录"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    fake = _standin(path)  # Book1: no folder of its own
    _caller(monkeypatch, fake)
    xb = actions.XlwingsBook(fake)
    assert not xb.saved

    fake.app.answers = ["cancel"]  # 不保存
    msg = actions.dispatch("finalize", xb)
    assert msg == "工作簿尚未保存，未执行“定稿导出”"
    prompt, _title, buttons = fake.app.alerts[0]
    assert buttons == "ok_cancel" and "还没有保存" in prompt and "定稿导出" in prompt

    fake.app.answers, fake.app.save_as = ["ok"], False  # 保存, then the dialog is cancelled
    assert "尚未保存" in actions.dispatch("summarize_folder", xb)
    assert fake.app.asked_save_as[0] == "Book1.xlsx" and "*.xlsx" in fake.app.asked_save_as[1]

    assert "已重算 3 张表" in actions.dispatch("recompute_all", xb)  # reads need no folder: a copy, removed again
    assert not list(no_temp_left.iterdir())
    assert not list(cwd.iterdir()), "nothing may land in the current directory"

    saved = tmp_path / "另存" / "自评.xlsx"
    saved.parent.mkdir()
    fake.app.answers, fake.app.save_as = ["ok"], str(saved)
    msg = actions.dispatch_caller("finalize")
    assert "已导出定稿副本：自评_定稿.xlsx" in msg and saved.exists() and (saved.parent / "自评_定稿.xlsx").exists()
    assert xb.saved and actions.XlwingsBook(fake).path == saved  # the live book now has its folder
    assert not list(cwd.iterdir()) and not list(no_temp_left.iterdir())
