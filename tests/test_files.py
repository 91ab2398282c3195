"""Files as they come: every part of a rich workbook survives recompute; bad files get one Chinese line."""

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from builders import Variant, write_project
from conftest import lo_profile_recalculating, run_cli, run_cli_streams
from jixiao.addin.ooxml import WorkbookReadError, read_workbook
from openpyxl import Workbook, load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

XLWINGS = Path(__import__("xlwings").__file__).parent


def _png() -> bytes:
    from PIL import Image as PILImage

    buf = io.BytesIO()
    PILImage.new("RGB", (8, 8), (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def rich_workbook(path: Path, proj: dict, macro: bool) -> None:
    from openpyxl.drawing.image import Image

    wb = Workbook()
    ws = wb.active
    ws.title = "项目3"
    write_project(ws, proj, Variant(stated=False))
    ws["K12"].comment = Comment("请核对体检名单", "财务科")
    dv = DataValidation(type="list", formula1='"产出指标,效益指标,满意度指标"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add("B12:B20")
    ws.conditional_formatting.add("H12:H20", CellIsRule(operator="lessThan", formula=["5"],
                                                        fill=PatternFill("solid", fgColor="FFC7CE")))
    chart = BarChart()
    chart.add_data(Reference(ws, min_col=7, min_row=12, max_row=18))
    ws.add_chart(chart, "M2")
    ws.add_image(Image(io.BytesIO(_png())), "M20")
    hidden = wb.create_sheet("底稿")
    hidden["A1"] = "内部底稿"
    hidden.sheet_state = "hidden"
    wb.defined_names["jixiao_profile"] = DefinedName("jixiao_profile", attr_text='"xinjiang"')
    wb.defined_names["打印区域说明"] = DefinedName("打印区域说明", attr_text="'项目3'!$A$1:$J$20")
    raw = io.BytesIO()
    wb.save(raw)
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/customXml/item1.xml" '
                                    b'ContentType="application/xml"/></Types>')
                if macro:
                    data = data.replace(b"spreadsheetml.sheet.main+xml", b"")
                    data = data.replace(b"application/vnd.openxmlformats-officedocument.",
                                        b"application/vnd.openxmlformats-officedocument.", 1)
                    data = re.sub(rb'ContentType="application/vnd\.openxmlformats-officedocument\.(?=")',
                                  b'ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml', data)
                    data = data.replace(b"</Types>", b'<Default Extension="bin" '
                                        b'ContentType="application/vnd.ms-office.vbaProject"/></Types>')
            if macro and item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdVba" Type="http://schemas.'
                                    b'microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
                                    b"</Relationships>")
            zout.writestr(item, data)
        zout.writestr("customXml/item1.xml", '<?xml version="1.0"?><jixiao xmlns="urn:x">自定义</jixiao>')
        if macro:
            with zipfile.ZipFile(XLWINGS / "quickstart_standalone.xlsm") as q:
                zout.writestr("xl/vbaProject.bin", q.read("xl/vbaProject.bin"))


def _strip_cells(xml: bytes, refs: set[str]) -> bytes:
    text = xml.decode("utf-8")
    for ref in refs:
        text = re.sub(rf'<c r="{ref}"[^>]*?(?:/>|>.*?</c>)', "", text, flags=re.S)
    return re.sub(r'<row r="\d+"[^>]*?(?:/>|></row>)', "", text).encode("utf-8")


@pytest.mark.parametrize("suffix", [".xlsx", ".xlsm"])
def test_recompute_is_lossless(tmp_path, capsys, seed003, suffix):
    src = tmp_path / f"rich{suffix}"
    rich_workbook(src, seed003["projects"][2], macro=suffix == ".xlsm")
    out = tmp_path / f"out{suffix}"
    code, text = run_cli(capsys, "recompute", src, "-o", out, "--json")
    assert code == 0
    written = {c.split("!")[1] for c in json.loads(text)["files"][0]["written"]}
    assert len(written) == 10  # 执行率, 执行率得分, 7 indicator scores, 总分
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        assert a.namelist() == b.namelist()
        differ = {n for n in a.namelist() if a.read(n) != b.read(n)}
        assert differ <= {"xl/worksheets/sheet1.xml", "xl/styles.xml"}
        for part in ("xl/charts/chart1.xml", "xl/media/image1.png", "customXml/item1.xml", "xl/workbook.xml",
                     "xl/comments/comment1.xml", "xl/worksheets/sheet2.xml") + (("xl/vbaProject.bin",) if suffix == ".xlsm" else ()):
            assert a.read(part) == b.read(part), part
        assert _strip_cells(a.read("xl/worksheets/sheet1.xml"), written) == \
            _strip_cells(b.read("xl/worksheets/sheet1.xml"), written)
        old_styles, new_styles = a.read("xl/styles.xml").decode(), b.read("xl/styles.xml").decode()
        old_xfs = re.search(r"<cellXfs[^>]*>(.*)</cellXfs>", old_styles, re.S).group(1)
        assert old_xfs in new_styles  # existing formats kept in order; new ones only appended
    ws = load_workbook(out)["项目3"]
    assert ws["J6"].value == 9.84 and ws["J6"].number_format == "0.00"
    assert ws["I6"].value == 0.9938 and ws["I6"].number_format == "0.00%"
    assert ws["H19"].value == 99.07
    assert ws["K12"].comment.text == "请核对体检名单"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_recomputed_file(tmp_path, capsys, seed003):
    src = tmp_path / "rich.xlsx"
    rich_workbook(src, seed003["projects"][2], macro=False)
    out = tmp_path / "out.xlsx"
    run_cli(capsys, "recompute", src, "-o", out)
    subprocess.run(["soffice", "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=180,
                   env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    csv = (tmp_path / "out.csv").read_text(encoding="utf-8", errors="replace")
    assert "99.07" in csv and "9.84" in csv and "99.38%" in csv


SAMPLES = Path(__file__).parent.parent / "templates" / "samples"


def _cached(path: Path) -> dict[str, object]:
    """sheet!cell → the value stored in the file (openpyxl's data_only: what pandas and previews read)."""
    wb = load_workbook(path, data_only=True)
    return {f"{ws.title}!{c.coordinate}": c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row}


def test_recompute_stores_every_computed_figure(tmp_path, capsys):
    """A template's formulas (执行率, 执行率得分, 总分, 等级) keep their formula and get jixiao's figure as
    their cached value: every computed cell of seed003_待重算 reads as a figure without a calculation."""
    out = tmp_path / "重算.xlsx"
    code, text = run_cli(capsys, "recompute", SAMPLES / "seed003_待重算.xlsx", "-o", out, "--json")
    assert code == 0
    res = json.loads(text)["files"][0]
    computed = res["written"] + res["skipped_formulas"]
    assert len(computed) == 136 and len(res["cached"]) == 48 and set(res["cached"]) <= set(res["skipped_formulas"])
    stored = _cached(out)
    assert [c for c in computed if stored[c] in (None, "")] == []
    formulas = load_workbook(out)
    for ref in res["cached"]:  # the formula is still there
        sheet, cell = ref.split("!")
        assert str(formulas[sheet][cell].value).startswith("=")
    df = __import__("pandas").read_excel(out, sheet_name=0, header=None, engine="calamine")
    assert df.notna().sum().sum() > 0 and "等级：优" in set(df.astype(str).values.ravel())


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_recalculation_equals_stored_values(tmp_path, capsys):
    """LibreOffice recalculates the recomputed file (fullCalcOnLoad): every cached value jixiao stored is what
    it computes. A copy with one cached figure falsified shows the recalculation really happens."""
    out = tmp_path / "重算.xlsx"
    _code, text = run_cli(capsys, "recompute", SAMPLES / "seed003_待重算.xlsx", "-o", out, "--json")
    cached = json.loads(text)["files"][0]["cached"]
    stored = _cached(out)
    tampered = tmp_path / "改.xlsx"
    _sheet, cell = cached[0].split("!")
    with zipfile.ZipFile(out) as zin, zipfile.ZipFile(tampered, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rf'(<c r="{cell}"[^>]*>.*?<v>)[^<]*(</v>)'.encode(), rb"\g<1>12345\g<2>", data, count=1,
                              flags=re.S)
            zout.writestr(item, data)
    assert _cached(tampered)[cached[0]] == 12345
    lo = tmp_path / "lo"
    subprocess.run(["soffice", lo_profile_recalculating(tmp_path / "lo-profile"), "--headless", "--convert-to", "xlsx",
                    "--outdir", str(lo), str(out), str(tampered)],
                   check=True, capture_output=True, timeout=300, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    recalculated = _cached(lo / out.name)
    assert _cached(lo / tampered.name)[cached[0]] == stored[cached[0]] != 12345
    for ref in cached:
        got, want = recalculated[ref], stored[ref]
        assert (round(got, 6) if isinstance(got, float) else got) == (round(want, 6) if isinstance(want, float) else want), ref


def test_report_sheet_links_to_each_cell(tmp_path, capsys, seed003):
    src = tmp_path / "rich.xlsx"
    rich_workbook(src, seed003["projects"][2], macro=False)
    before = src.read_bytes()
    _code, text = run_cli(capsys, "check", src, "--report-sheet", "--json")
    entry = json.loads(text)["files"][0]
    assert src.read_bytes() == before
    wb = load_workbook(entry["report"])
    assert wb.sheetnames == ["项目3", "底稿", "校验结果"]
    rs = wb["校验结果"]
    assert [c.value for c in rs[1]] == ["序号", "级别", "代码", "工作表", "单元格", "问题与修改建议"]
    assert rs.max_row == len(entry["findings"]) + 1
    assert rs["E2"].hyperlink.location == f"'项目3'!{entry['findings'][0]['cell']}"
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(entry["report"]) as b:
        assert a.read("xl/charts/chart1.xml") == b.read("xl/charts/chart1.xml")


# --- bad files ----------------------------------------------------------------------------------

def _zip(path, parts: dict):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in parts.items():
            z.writestr(k, v)


MIN_WB = ('<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.'
          'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
          "</sheets></workbook>")
MIN_RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
            'Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
            'Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
          '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>')
XXE = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
       '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
       '<c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData></worksheet>')


def _bomb(path):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", MIN_WB)
        z.writestr("xl/_rels/workbook.xml.rels", MIN_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            block = b"\0" * (1 << 20)
            for _ in range(300):
                f.write(block)


BAD = {
    "text.xlsx": (lambda p: p.write_text("不是表格", encoding="utf-8"), "不是 Excel 工作簿"),
    "empty.xlsx": (lambda p: p.write_bytes(b""), "文件是空的"),
    "truncated.xlsx": (lambda p: p.write_bytes(b"PK\x03\x04\x14\x00\x00\x00broken"), "已损坏"),
    "noworkbook.xlsx": (lambda p: _zip(p, {"hello.txt": "x"}), "缺少 workbook.xml"),
    "laughs.xlsx": (lambda p: _zip(p, {"xl/workbook.xml": MIN_WB, "xl/_rels/workbook.xml.rels": MIN_RELS,
                                      "xl/worksheets/sheet1.xml": "<worksheet/>", "xl/sharedStrings.xml": LAUGHS}),
                    "DTD"),
    "xxe.xlsx": (lambda p: _zip(p, {"xl/workbook.xml": MIN_WB, "xl/_rels/workbook.xml.rels": MIN_RELS,
                                   "xl/worksheets/sheet1.xml": XXE}), "DTD"),
    "bomb.xlsx": (_bomb, "压缩炸弹"),
    "encrypted.xlsx": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
                                               + "EncryptionInfo".encode("utf-16-le") + b"\0" * 512), "已加密"),
    "badxml.xlsx": (lambda p: _zip(p, {"xl/workbook.xml": MIN_WB, "xl/_rels/workbook.xml.rels": MIN_RELS,
                                      "xl/worksheets/sheet1.xml": "<worksheet><sheetData><row>"}), "XML 已损坏"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_file_one_chinese_line(tmp_path, capsys, name):
    make, fragment = BAD[name]
    path = tmp_path / name
    make(path)
    before = path.read_bytes()
    with pytest.raises(WorkbookReadError) as e:
        read_workbook(path)
    msg = str(e.value)
    assert fragment in msg and name in msg and "\n" not in msg
    code, out, err = run_cli_streams(capsys, "score", path)
    assert code == 2 and fragment in err and "Traceback" not in err and out == ""  # a message, on stderr
    assert path.read_bytes() == before


def test_folder_run_goes_on_past_bad_files(tmp_path, capsys, seed003):
    for name in ("text.xlsx", "bomb.xlsx"):
        BAD[name][0](tmp_path / name)
    wb = Workbook()
    write_project(wb.active, seed003["projects"][0], Variant())
    wb.save(tmp_path / "good.xlsx")
    (tmp_path / "~$good.xlsx").write_bytes(b"lock")  # Excel's lock file is not a submission
    code, out = run_cli(capsys, "check", tmp_path, "--json")
    files = json.loads(out)["files"]
    assert [Path(f["file"]).name for f in files] == ["bomb.xlsx", "good.xlsx", "text.xlsx"]
    assert [bool(f["error"]) for f in files] == [True, False, True]
    assert code == 2


def test_xls_is_read_and_recompute_writes_new_xlsx(tmp_path, capsys, seed003):
    xlwt = pytest.importorskip("xlwt")
    proj = seed003["projects"][2]
    src = tmp_path / "p.xlsx"
    write = Workbook()
    write_project(write.active, proj, Variant(stated=False))
    write.active.title = "项目3"
    write.save(src)
    xb = xlwt.Workbook()
    sh = xb.add_sheet("项目3")
    ws = load_workbook(src)["项目3"]
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                sh.write(c.row - 1, c.column - 1, c.value)
    xls = tmp_path / "old.xls"
    xb.save(str(xls))
    code, out = run_cli(capsys, "score", xls, "--json", "--profile", "xinjiang")
    sheet = json.loads(out)["files"][0]["sheets"][0]
    assert sheet["funds"]["score"] == 9.84 and sheet["total"] == 99.07
    code, out, err = run_cli_streams(capsys, "recompute", xls, "--profile", "xinjiang")
    assert code == 0 and ".xls 旧格式" in err and "old_重算.xlsx" in out
    assert load_workbook(tmp_path / "old_重算.xlsx")["项目3"]["J6"].value == 9.84


def test_cells_without_references_are_placed_by_order(tmp_path):
    """Some writers omit r= on <row> and <c>: position follows document order."""
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row><c t="inlineStr"><is><t>项目名称</t></is></c><c t="inlineStr"><is><t>示例</t></is></c></row>'
             '<row r="3"><c><v>8</v></c><c r="D3"><v>9</v></c><c><v>10</v></c></row></sheetData></worksheet>')
    path = tmp_path / "noref.xlsx"
    _zip(path, {"xl/workbook.xml": MIN_WB, "xl/_rels/workbook.xml.rels": MIN_RELS, "xl/worksheets/sheet1.xml": sheet})
    g = read_workbook(path).sheets[0]
    assert g.value(1, 1) == "项目名称" and g.value(1, 2) == "示例"
    assert (g.value(3, 1), g.value(3, 4), g.value(3, 5)) == (8.0, 9.0, 10.0)


def test_damage_found_while_reading_and_xls_limits_are_one_chinese_message(tmp_path, capsys):
    """A bad CRC in a part read early, an .xls sheet over the cell limit, and a project list with no
    readable sheet: each a WorkbookReadError/Chinese line, never a crash."""
    import xlwt
    from builders import project_workbook
    from corpus import CLEAN

    good = tmp_path / "g.xlsx"
    project_workbook(good, [CLEAN], Variant())
    with zipfile.ZipFile(good) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    bad = tmp_path / "crc.xlsx"
    with zipfile.ZipFile(bad, "w", zipfile.ZIP_STORED) as z:  # stored: the bytes are found as written
        for name, data in parts.items():
            z.writestr(name, data)
    raw = bytearray(bad.read_bytes())
    at = raw.index(parts["_rels/.rels"][:40])
    raw[at + 30] ^= 0x01  # one bit of _rels/.rels: its CRC no longer matches
    bad.write_bytes(bytes(raw))
    code, out, err = run_cli_streams(capsys, "score", bad)
    assert code == 2 and "crc.xlsx" in err + out and "PackageError" not in err + out and "内部错误" not in err + out
    x = xlwt.Workbook()
    ws = x.add_sheet("S")
    for r in range(30):
        ws.write(r, 9, r)
    xls = tmp_path / "big.xls"
    x.save(str(xls))
    with pytest.raises(WorkbookReadError, match="超过 100 个单元格"):
        read_workbook(xls, max_cells=100)
    empty = tmp_path / "list.xlsx"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                   "<sheets/></workbook>")
    from jixiao.addin.cli import main

    assert main(["new", "project", "-o", str(tmp_path / "n.xlsx"), "--projects", str(empty)]) == 2
    assert "没有可读取的工作表" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None, reason="needs LibreOffice")
def test_report_sheet_prints_every_message_whole(tmp_path):
    """The 校验结果 sheet printed by LibreOffice: A4 landscape, one page wide, the head row on every page, the
    file name and page in the footer, every message and sheet name whole (wrapped, never cut at the edge)."""
    from jixiao.addin.app import pipeline
    from jixiao.addin.app.report_copy import add_report_sheet
    from jixiao.addin.render.findings import message

    src = SAMPLES / "seed003_待重算.xlsx"
    findings = list(pipeline.run(src).findings) * 5  # 85 rows (17 findings, 项目5's JX049 among them): several pages
    assert len({f.code for f in findings}) >= 3 and len(findings) == 85
    cover = tmp_path / "封面.xlsx"  # one small sheet before the report: page 1
    wb = Workbook()
    wb.active["A1"] = "封面"
    wb.save(cover)
    only = tmp_path / "校验结果页.xlsx"
    add_report_sheet(cover, only, findings)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(only)],
                   check=True, capture_output=True, timeout=300, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    pdf = tmp_path / "校验结果页.pdf"
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "99", str(pdf)], capture_output=True, text=True).stdout
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)
    sizes = sizes[1:]  # the cover's page
    assert len(sizes) >= 2 and all(round(float(w)) == 842 and round(float(h)) == 595 for w, h in sizes)  # A4 landscape
    def text(n: int, *mode: str) -> str:
        return subprocess.run(["pdftotext", *mode, "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout

    pages = [text(n) for n in range(2, len(sizes) + 2)]
    for n, page in enumerate(pages, 2):
        assert "问题与修改建议" in page, n  # the head row repeated
        footer = text(n, "-layout").strip().splitlines()[-1]
        assert only.name in footer and "校验结果" in footer and f"第 {n} 页，共 {len(pages) + 1} 页" in footer, n
    flat = re.sub(r"\s+", "", "".join(pages))
    names = flat  # a wrapped sheet name's lines come out around the code and cell beside it
    for token in sorted({f.code for f in findings} | {f.cell for f in findings}, key=len, reverse=True):
        names = names.replace(token, "")
    for f in findings:
        assert re.sub(r"\s+", "", message(f)) in flat
        assert re.sub(r"\s+", "", f.sheet) in names
