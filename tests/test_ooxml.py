"""The file format layer: DTDs refused anywhere in any encoding; the patcher addresses cells as the reader
does (r-less rows and cells included); edits are spliced, the rest of each part stays byte for byte."""

import zipfile

import pytest
from jixiao.addin.ooxml import CellWrite, patch_workbook, read_workbook
from jixiao.addin.ooxml.reader import WorkbookReadError
from jixiao.addin.ooxml.styles import StyleSheet
from jixiao.addin.ooxml.xmlsafe import scan

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WB = (f'<workbook xmlns="{NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
      '<sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
# Target before Id, and no Id-first order anywhere: the relationship reader must not care
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Target="worksheets/sheet1.xml" Type="x/worksheet" Id="rId1"/>'
        '<Relationship Target="sharedStrings.xml" Type="x/sharedStrings" Id="rId2"/></Relationships>')


CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                 'content-types"><Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" '
                 'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override '
                 'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
                 'sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
                 'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>')


def book(path, sheet: str | bytes, sst: str | bytes | None = None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)  # what makes it a package Excel opens
        z.writestr("xl/workbook.xml", WB)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if sst is not None:
            z.writestr("xl/sharedStrings.xml", sst)
    return path


def sheet_xml(rows: str) -> str:
    return f'<worksheet xmlns="{NS}"><sheetData>{rows}</sheetData></worksheet>'


ENTITY = '<!DOCTYPE x [<!ENTITY e "展开的实体">]>'


@pytest.mark.parametrize("where", ["sheet", "sst"])
def test_dtd_after_a_long_comment_is_refused(tmp_path, where):
    late = f'<?xml version="1.0"?><!--{"x" * 6000}-->{ENTITY}'
    sheet = sheet_xml('<row r="1"><c r="A1" t="s"><v>0</v></c></row>')
    sst = f'<sst xmlns="{NS}"><si><t>ok</t></si></sst>'
    if where == "sheet":
        sheet = late + sheet.replace("<v>0</v>", "</c><c r='B1' t='inlineStr'><is><t>&e;</t></is>")
    else:
        sst = late + sst.replace("ok", "&e;")
    with pytest.raises(WorkbookReadError, match="DTD"):
        read_workbook(book(tmp_path / "late.xlsx", sheet, sst))


def test_dtd_in_a_utf16_part_is_refused(tmp_path):
    text = (f'<?xml version="1.0" encoding="UTF-16"?>{ENTITY}'
            + sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>'))
    with pytest.raises(WorkbookReadError, match="DTD"):
        read_workbook(book(tmp_path / "u16.xlsx", text.encode("utf-16")))


def test_utf16_part_without_dtd_is_read(tmp_path):
    text = '<?xml version="1.0" encoding="UTF-16"?>' + sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c></row>')
    g = read_workbook(book(tmp_path / "u16ok.xlsx", text.encode("utf-16"))).sheets[0]
    assert g.value(1, 1) == "项目名称"


R_LESS = sheet_xml('<row><c t="inlineStr"><is><t>项目名称</t></is></c><c t="inlineStr"><is><t>示例</t></is></c></row>'
                   '<row><c><v>1</v></c><c><f>A2*2</f><v>2</v></c><c><v>3</v></c></row>'
                   '<row r="5"><c><v>8</v></c></row>')


def _rows(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    return [n.attrs.get("r", "") for n in scan(xml, lambda name, depth: name == "row")]


def test_patch_into_r_less_sheet_writes_no_duplicate_row(tmp_path):
    src = book(tmp_path / "noref.xlsx", R_LESS)
    out = tmp_path / "out.xlsx"
    rep = patch_workbook(src, out, [CellWrite("S", "B2", 9.5), CellWrite("S", "C1", "等级：优"),
                                    CellWrite("S", "D2", 4), CellWrite("S", "A4", 7), CellWrite("S", "C5", 1)])
    rows = _rows(out)
    assert rows == ["", "", "4", "5"]  # the two r-less rows kept, one row added between them and row 5
    g = read_workbook(out).sheets[0]
    assert (g.value(1, 1), g.value(1, 2), g.value(1, 3)) == ("项目名称", "示例", "等级：优")
    # B2 holds a formula: kept; its neighbours A2 and C2 untouched; D2 written after them
    assert rep.skipped_formulas == ["S!B2"]
    assert (g.value(2, 1), g.value(2, 2), g.value(2, 3), g.value(2, 4)) == (1.0, 2.0, 3.0, 4.0)
    assert g.cell(2, 2).formula == "A2*2"
    assert (g.value(4, 1), g.value(5, 1), g.value(5, 3)) == (7.0, 8.0, 1.0)


def test_patch_keeps_every_other_byte(tmp_path):
    sheet = sheet_xml('<row r="1" spans="1:3"><c r="A1"><v>1</v></c><c r="C1" s="0"><v>3</v></c></row>')
    src = book(tmp_path / "a.xlsx", sheet)
    out = tmp_path / "b.xlsx"
    patch_workbook(src, out, [CellWrite("S", "B1", 2)])
    with zipfile.ZipFile(out) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert xml == sheet.replace('<c r="C1"', '<c r="B1"><v>2</v></c><c r="C1"')


def test_text_is_written_as_text_never_as_formula(tmp_path):
    src = book(tmp_path / "a.xlsx", sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>'))
    out = tmp_path / "b.xlsx"
    patch_workbook(src, out, [CellWrite("S", "B1", '=HYPERLINK("http://x","y")')])
    g = read_workbook(out).sheets[0]
    assert g.value(1, 2) == '=HYPERLINK("http://x","y")' and g.cell(1, 2).formula is None


def test_style_with_a_new_number_format_is_appended_once():
    styles = (f'<styleSheet xmlns="{NS}"><fonts count="1"><font/></fonts><cellXfs count="2">'
              '<xf numFmtId="0" fontId="0"/><xf numFmtId="2" fontId="0"><alignment wrapText="1"/></xf>'
              '</cellXfs></styleSheet>').encode()
    ss = StyleSheet(styles)
    a = ss.with_format(1, "0.00%")
    assert ss.with_format(1, "0.00%") == a == 2 and ss.with_format(1, "0.00") == 1
    assert ss.with_format(0, "#,##0.000") == 3
    again = StyleSheet(ss.to_bytes())
    assert again.cell_formats() == ["General", "0.00", "0.00%", "#,##0.000"]
    assert b"<alignment wrapText=\"1\"/></xf>" in ss.to_bytes().split(b"</cellXfs>")[0].split(b"<xf")[3]


def test_atomic_writes_sync_a_writable_handle(tmp_path, monkeypatch):
    """Windows' fsync (FlushFileBuffers) refuses a read-only handle: every write syncs the handle it wrote."""
    import fcntl
    import os

    from jixiao.addin.ooxml import package

    synced = []

    def fsync(fd):
        synced.append(fcntl.fcntl(fd, fcntl.F_GETFL) & os.O_ACCMODE)

    monkeypatch.setattr(package.os, "fsync", fsync)
    package.atomic_write(tmp_path / "a.bin", lambda f: f.write(b"x"))
    assert (tmp_path / "a.bin").read_bytes() == b"x" and synced == [os.O_WRONLY]
    assert not list(tmp_path.glob("*.tmp"))
    with pytest.raises(RuntimeError):
        package.atomic_write(tmp_path / "a.bin", lambda f: (f.write(b"half"), (_ for _ in ()).throw(RuntimeError())))
    assert (tmp_path / "a.bin").read_bytes() == b"x" and not list(tmp_path.glob("*.tmp"))


@pytest.mark.parametrize("part", ["xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                  "[Content_Types].xml"])
def test_utf16_parts_are_edited_as_text_not_bytes(tmp_path, capsys, part):
    """A part saved in UTF-16 (allowed by the format): recompute and the 校验结果 copy edit it as text, so
    the output opens and holds what was written — offsets of the UTF-8 scan are never spliced into UTF-16."""
    from builders import Variant, project_workbook
    from corpus import CLEAN
    from jixiao.addin.cli import main
    from openpyxl import load_workbook

    plain = tmp_path / "plain.xlsx"
    project_workbook(plain, [CLEAN], Variant())
    src = tmp_path / "u16.xlsx"
    with zipfile.ZipFile(plain) as z, zipfile.ZipFile(src, "w", zipfile.ZIP_DEFLATED) as o:
        for i in z.infolist():
            data = z.read(i.filename)
            if i.filename == part:
                data = data.decode("utf-8").replace("encoding='UTF-8'", "encoding='UTF-16'").replace(
                    'encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
            o.writestr(i, data)
    out = tmp_path / "out.xlsx"
    assert main(["recompute", str(src), "-o", str(out)]) == 0
    assert load_workbook(out).worksheets[0]["H13"].value is not None
    main(["check", str(src), "--report-sheet"])
    capsys.readouterr()
    assert load_workbook(tmp_path / "u16_校验结果.xlsx").sheetnames[-1] == "校验结果"


def test_removing_a_sheet_fixes_what_points_at_it_by_index():
    from jixiao.addin.ooxml.workbook import remove_sheet

    wb = (f'<workbook xmlns="{NS}"><bookViews><workbookView activeTab="2" firstSheet="2"/></bookViews>'
          '<sheets><sheet name="A" sheetId="1"/><sheet name="B" sheetId="2"/><sheet name="校验结果" sheetId="3"/></sheets>'
          '<definedNames><definedName name="_xlnm.Print_Area" localSheetId="2">x</definedName>'
          '<definedName name="_xlnm.Print_Area" localSheetId="1">B!$A$1</definedName>'
          '<definedName name="jixiao_profile">"national"</definedName></definedNames></workbook>').encode()
    got = remove_sheet(wb, "校验结果").decode()
    assert 'activeTab="0"' in got and 'firstSheet="0"' in got and "校验结果" not in got
    assert 'localSheetId="1">B!$A$1' in got and 'localSheetId="2"' not in got and "jixiao_profile" in got
    first = remove_sheet(wb, "A").decode()  # a sheet before others: their local names move down one
    assert 'localSheetId="0">B!$A$1' in first and 'localSheetId="1">x' in first
