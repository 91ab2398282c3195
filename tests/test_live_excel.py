"""Every ribbon action against the strict stand-in of Excel (tests/standin.py), on every template jixiao ships
(`jixiao new --list`) and every sample: no refused call (a write to a locked cell, a tint without
AllowFormattingCells, a sheet added to a protected structure, a password prompt), and protection as it was."""

import shutil
from pathlib import Path

import pytest
import standin
from jixiao.addin.excel import actions, ribbon
from jixiao.templates.build import list_templates, new_workbook

SAMPLES = Path(__file__).resolve().parents[1] / "templates" / "samples"
WORKBOOKS = [f"template:{tid}" for tid, _title in list_templates()] + sorted(
    f"sample:{p.name}" for p in SAMPLES.glob("*.xlsx"))


def _make(which: str, folder: Path) -> Path:
    kind, name = which.split(":", 1)
    if kind == "template":
        path = folder / f"{name}.xlsx"
        new_workbook(name, path)
    else:
        path = folder / name
        shutil.copy(SAMPLES / name, path)
    return path


def _caller(monkeypatch, app):
    import xlwings as xw

    monkeypatch.setattr(xw.Book, "caller", classmethod(lambda cls: app.caller()))


def _locked_writes(app, book, before_sheets) -> int:
    """Writes that landed on locked cells of sheets protected before the action (the ones Excel refuses)."""
    n = 0
    for _b, sheet, ref in app.writes:
        if sheet in before_sheets and before_sheets[sheet][0] and book.wb[sheet][ref].protection.locked:
            n += 1
    return n


@pytest.mark.parametrize("which", WORKBOOKS)
def test_every_action_on_every_template_and_sample(which, tmp_path, monkeypatch):
    path = _make(which, tmp_path)
    app = standin.App()
    book = app.book(path, path)
    _caller(monkeypatch, app)
    before = standin.protection_state(book)
    assert any(v[0] for k, v in before.items() if k != "structure"), "the templates protect their sheets"

    def click(tag, item=None):
        msg = actions.dispatch_caller(tag) if item is None else actions.dispatch_caller(tag, item)
        assert app.alerts[-1][0] == msg
        assert not app.refusals, f"{tag}: Excel would refuse {app.refusals[:3]}"
        assert "操作失败" not in msg, msg
        after = standin.protection_state(book)
        assert {k: after[k] for k in before} == before, f"{tag} left protection changed"
        return msg

    sheets = [s.name for s in book.sheets]
    for name in sheets:  # 重算本表 on each sheet in turn
        book.active = name
        click("recompute_sheet")
    msg = click("recompute_all")
    recognised = "已重算" in msg
    if recognised:
        assert _locked_writes(app, book, {k: v for k, v in before.items() if k != "structure"}) or \
            "写入 0 个单元格" in msg
    click("check")
    click("check")  # again: the tints of the first are given back
    for name in sheets:  # 增加指标行 under the first row of each indicator table
        table = actions.XlwingsBook(book).indicator_table(name)
        if table is not None:
            book.selected = (name, f"A{table.first}")
            assert "已在工作表" in click("insert_indicator_row")
    click("choose_profile", ribbon.profile_item_id("national"))
    click("choose_profile")
    assert "已导出定稿副本" in click("finalize")
    click("report")
    click("new_project")
    click("summarize_folder")
    click("help")
    assert {c.tag for c in ribbon.controls()} <= {
        "recompute_sheet", "recompute_all", "check", "choose_profile", "finalize", "report", "new_project",
        "summarize_folder", "help", *actions.ACTIONS}
    assert not [c for c in app.calls if c[0] == "Unprotect" and before.get(c[1], (0,) * 6)[5]], \
        "Unprotect was called on a passworded sheet"


# --- protection: what the actions do around it --------------------------------------------------------------

@pytest.fixture()
def pending(tmp_path, monkeypatch):
    """seed003_待重算 open in the stand-in: twelve protected sheets whose computed cells are empty."""
    path = tmp_path / "待重算.xlsx"
    shutil.copy(SAMPLES / "seed003_待重算.xlsx", path)
    app = standin.App()
    _caller(monkeypatch, app)
    return path, app


def _sheet_names(path):
    from openpyxl import load_workbook

    return load_workbook(path, read_only=True).sheetnames


def test_protection_comes_back_with_every_option_it_had(pending):
    from openpyxl import load_workbook

    path, app = pending
    one, two = _sheet_names(path)[:2]
    wb = load_workbook(path)
    p = wb[one].protection  # unusual switches: formatting allowed, rows insertable, objects locked
    p.formatCells, p.insertRows, p.objects, p.autoFilter = False, False, True, False
    wb.save(path)
    book = app.book(path, path)
    book.sheets[one].api.EnableSelection = 1  # xlUnlockedCells
    book.sheets[two].api.Protect(UserInterfaceOnly=True, AllowSorting=True)
    before = standin.protection_state(book)
    assert before[one][4][0] and before[two][3]  # AllowFormattingCells; ProtectionMode
    msg = actions.dispatch_caller("recompute_all")
    assert "已重算 12 张表" in msg and not app.refusals
    assert standin.protection_state(book) == before
    assert ("Unprotect", one) in app.calls and ("Protect", one) in app.calls


def test_a_passworded_sheet_is_left_alone_and_named(pending):
    from openpyxl import load_workbook

    path, app = pending
    two, three = _sheet_names(path)[1:3]
    wb = load_workbook(path)
    wb[three].protection.password = "机密"
    wb.save(path)
    book = app.book(path, path)
    app.passwords[three] = "机密"
    before = standin.protection_state(book)
    msg = actions.dispatch_caller("recompute_all")
    assert "已重算 12 张表" in msg and not app.refusals, app.refusals
    assert f"工作表“{three}”设有保护密码" in msg and "撤消工作表保护" in msg
    assert not any(sheet == three for _b, sheet, _r in app.writes)
    assert any(sheet == two for _b, sheet, _r in app.writes)
    assert ("Unprotect", three) not in app.calls  # Excel would have asked for the password
    assert standin.protection_state(book) == before


def test_check_adds_its_sheet_to_a_protected_structure(pending, monkeypatch):
    from openpyxl import load_workbook
    from openpyxl.workbook.protection import WorkbookProtection

    path, app = pending
    wb = load_workbook(path)
    wb.security = WorkbookProtection(lockStructure=True)
    wb.save(path)
    book = app.book(path, path)
    assert "校验完成" in actions.dispatch_caller("check") and not app.refusals
    assert "校验结果" in book.wb.sheetnames and book.api.ProtectStructure
    assert ("Workbook.Protect", book.name) in app.calls

    wb = load_workbook(path)
    wb.security = WorkbookProtection(lockStructure=True, workbookPassword="x")
    wb.save(path)
    app2 = standin.App()
    book2 = app2.book(path, path)
    _caller(monkeypatch, app2)
    msg = actions.dispatch_caller("check")
    assert "工作簿结构设有保护密码" in msg and not app2.refusals
    assert "校验结果" not in book2.wb.sheetnames and book2.api.ProtectStructure


def test_check_tints_on_a_sheet_protected_against_formatting(pending):
    path, app = pending
    from jixiao.addin.app.pipeline import analyze_file
    from openpyxl.utils import get_column_letter

    book = app.book(path, path)
    actions.dispatch_caller("recompute_all")
    form = analyze_file(path).forms[0]
    sheet = book.sheets[form.sheet]
    cell = form.body.totals.total
    total = f"{get_column_letter(cell.col)}{cell.row}"
    sheet.ws[total] = 55  # a wrong 总分
    msg = actions.dispatch_caller("check")
    assert "个错误" in msg and not app.refusals
    assert sheet.range(total).color == actions.XlwingsBook.TINT
    assert not sheet.api.Protection.AllowFormattingCells and sheet.api.ProtectContents


# --- what Excel refuses outright ------------------------------------------------------------------------------

def test_standin_refuses_what_excel_refuses(pending):
    path, app = pending
    book = app.book(path, path)
    s = book.sheets[0]
    locked = next(c.coordinate for row in s.ws.iter_rows() for c in row
                  if c.protection.locked and type(c).__name__ == "Cell")
    with pytest.raises(standin.ComError):
        s.range(locked).value = 1
    with pytest.raises(standin.ComError):
        s.range("A1").color = (255, 0, 0)
    with pytest.raises(standin.ComError):
        s.range(locked).add_hyperlink("#A1", "x")
    book.api.Protect(Structure=True)
    with pytest.raises(standin.ComError):
        book.sheets.add("新表")
    s.api.Unprotect()
    s.api.Protect(Password="pw")
    with pytest.raises(standin.ComError):  # Excel would prompt for it
        s.api.Unprotect()
    s.api.Unprotect("pw")
    m = next(iter(s.ws.merged_cells.ranges))
    with pytest.raises(standin.ComError):
        s.range((m.min_row, m.max_col)).value = "off its top-left"
    s.range((m.min_row, m.min_col)).value = "top-left"
    assert len(app.refusals) == 6


def test_no_workbook_and_protected_view_get_one_sentence(tmp_path, monkeypatch):
    app = standin.App()
    shown = []
    monkeypatch.setattr(actions, "_alert_without_book", shown.append)
    _caller(monkeypatch, app)
    assert actions.dispatch_caller("recompute_all") == actions.NO_BOOK  # Excel with no workbook
    path = tmp_path / "附件.xlsx"
    shutil.copy(SAMPLES / "seed003_待重算.xlsx", path)
    app.book(path, path, protected_view=True)  # opened from mail: Protected View, not in Workbooks
    assert actions.dispatch_caller("check") == actions.NO_BOOK
    assert shown == [actions.NO_BOOK] * 2 and not app.writes and "启用编辑" in actions.NO_BOOK


# --- a workbook opened from .xls -----------------------------------------------------------------------------

def test_live_xls_finalize_check_and_report(tmp_path, monkeypatch):
    from openpyxl import load_workbook

    src = SAMPLES / "seed003_项目支出绩效自评表.xlsx"
    xls = tmp_path / "自评表.xls"
    app = standin.App()
    book = app.book(src, xls)  # opened from .xls: SaveCopyAs gives BIFF
    assert book.api.FileFormat == standin.XLS
    _caller(monkeypatch, app)
    msg = actions.dispatch_caller("finalize")
    assert "已导出定稿副本：自评表_定稿.xlsx" in msg, msg
    out = load_workbook(tmp_path / "自评表_定稿.xlsx")
    assert len(out.sheetnames) == 12
    assert any(c[0] == "SaveAs" and c[2] == actions.XlwingsBook.XLSX_FORMAT for c in app.calls)
    assert not [b for b in app.books if b is not book]  # the converted copy is closed again
    assert "校验完成" in actions.dispatch_caller("check") and not app.refusals
    assert "已生成自评报告草稿" in actions.dispatch_caller("report")
    assert (tmp_path / "自评表_自评报告.docx").exists()


# --- 增加指标行 ------------------------------------------------------------------------------------------------

def test_insert_indicator_row_on_a_new_template(tmp_path, monkeypatch):
    from openpyxl.utils import get_column_letter

    path = tmp_path / "新表.xlsx"
    new_workbook("project", path)
    app = standin.App()
    book = app.book(path, path)
    _caller(monkeypatch, app)
    sheet = book.sheets[0]
    table = actions.XlwingsBook(book).indicator_table(sheet.name)
    assert table is not None
    merges_before = {m.coord for m in sheet.ws.merged_cells.ranges}
    formulas = {c.column: c.value for c in sheet.ws[table.last + 1] if isinstance(c.value, str) and c.value.startswith("=")}
    assert formulas, "the total row of a template is computed"
    ends = [m for m in sheet.ws.merged_cells.ranges if m.min_row < table.first + 1 == m.max_row]
    row = ends[0].max_row  # the last row of a 二级 group: its label must grow over the new row
    before = standin.protection_state(book)
    book.selected = (sheet.name, f"E{row}")
    msg = actions.dispatch_caller("insert_indicator_row")
    assert f"第 {row} 行下面增加一行指标（第 {row + 1} 行" in msg and not app.refusals, (msg, app.refusals)
    assert standin.protection_state(book) == before
    after = {m.coord for m in sheet.ws.merged_cells.ranges}
    grown = ends[0]
    assert f"{get_column_letter(grown.min_col)}{grown.min_row}:{get_column_letter(grown.max_col)}{row + 1}" in after
    assert len(after) == len(merges_before)
    for col in range(1, 11):  # the new row is formatted and locked like the one above it
        assert sheet.ws.cell(row + 1, col).protection.locked == sheet.ws.cell(row, col).protection.locked
    total = {c.column: c.value for c in sheet.ws[table.last + 2] if isinstance(c.value, str) and c.value.startswith("=")}
    assert set(total) == set(formulas) and total != formulas  # the totals moved down one and follow the rows
    # the 一级 label grew too where the new row lies inside it; the sheet is read back as a form with it
    assert actions.XlwingsBook(book).indicator_table(sheet.name).last == table.last + 1


def test_insert_indicator_row_copies_the_rows_formulas_and_scores(tmp_path, monkeypatch):
    from jixiao.addin.app.pipeline import analyze_file

    path = tmp_path / "待重算.xlsx"
    shutil.copy(SAMPLES / "seed003_待重算.xlsx", path)
    app = standin.App()
    book = app.book(path, path)
    _caller(monkeypatch, app)
    form = analyze_file(path).forms[0]
    ind = form.body.indicators[0]
    sheet = book.sheets[form.sheet]
    src = {c.column: c.value for c in sheet.ws[ind.row] if isinstance(c.value, str) and c.value.startswith("=")}
    book.selected = (form.sheet, f"D{ind.row}")
    msg = actions.dispatch_caller("insert_indicator_row")
    assert "已在工作表" in msg and f"复制了 {len(src)} 个公式" in msg and not app.refusals, app.refusals
    new = ind.row + 1
    for col, f in src.items():  # the same formula, its relative references one row down
        assert sheet.ws.cell(new, col).value == standin.from_r1c1(standin.to_r1c1(f, ind.row, col), new, col)
    # the clerk fills the new row where the form lets them type, then recomputes
    sheet.range((new, ind.target.col)).value = ">=2 次"
    sheet.range((new, ind.actual.col)).value = "=2 次"
    sheet.range((new, ind.weight.col)).value = 5
    name_col = next(c for c in range(ind.target.col - 1, 0, -1) if not sheet.ws.cell(new, c).protection.locked)
    sheet.range((new, name_col)).value = "新增的指标"
    assert not app.refusals, app.refusals
    book.active = form.sheet
    assert "已重算 1 张表" in actions.dispatch_caller("recompute_sheet") and not app.refusals
    copy = tmp_path / "读回.xlsx"
    book.wb.save(copy)
    again = next(f for f in analyze_file(copy).forms if f.sheet == form.sheet)
    assert len(again.body.indicators) == len(form.body.indicators) + 1
    assert any(i.name == "新增的指标" and i.row == new for i in again.body.indicators)


def test_insert_indicator_row_needs_a_row_of_the_table(pending):
    path, app = pending
    book = app.book(path, path)
    book.selected = (book.active, "A1")
    msg = actions.dispatch_caller("insert_indicator_row")
    assert "不在指标表内" in msg and not app.writes
    assert "只能在 Excel 中使用" in actions.dispatch("insert_indicator_row", actions.FileBook(path))
