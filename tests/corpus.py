"""A corpus of hostile and broken inputs, each made the way it arrives in a bureau's folder.

``build(folder)`` writes every case and returns {name: Case}. A case says whether anything valid can come
out of it (``valid``), what the Chinese message must mention (``expect``), and for the defects of issue 16
what the engine must do. tests/test_corpus.py runs every command on every case.
"""

from __future__ import annotations

import io
import os
import random
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from builders import Variant, project_workbook, write_project
from openpyxl import Workbook

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WB = (f'<workbook xmlns="{NS}" xmlns:r="{NS_R}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
ENTITY = '<!DOCTYPE x [<!ENTITY e "实体展开">]>'

CLEAN = {
    "no": 1, "name": "干部教育培训经费", "department": "示例市委组织部", "unit": "示例市委党校",
    "funds": {"budget_initial": 100.0, "budget": 100.0, "spent": 95.0, "weight": 10, "rate": "95.00%", "score": 9.5},
    "indicators": [
        {"level1": "产出指标", "level2": "数量指标", "name": "培训次数", "target": "≥4次", "actual": "4次",
         "weight": 40, "score": 40, "reason": ""},
        {"level1": "效益指标", "level2": "社会效益指标", "name": "干部履职能力", "target": "有效提高",
         "actual": "有效提高", "weight": 40, "score": 40, "reason": ""},
        {"level1": "满意度指标", "level2": "服务对象满意度指标", "name": "参训人员满意度", "target": "≥90%",
         "actual": "95%", "weight": 10, "score": 10, "reason": ""},
    ],
    "total": 99.5, "total_text": "99.5", "grade": "优",
}


NAMES = ("bel_name", "bel_xls", "billion_laughs", "bomb", "csv", "deep_xml", "duplicate_entry", "empty", "encrypted",
         "error_value_actual", "formula_errors", "fraction_text", "gbk_part", "huge_sst", "huge_weight", "injection",
         "late_dtd", "long_name", "macro_named_xlsx", "merged_hidden", "million_rows_claimed", "missing_sheet_part",
         "negative_amount", "plain_zip", "r_less", "random", "read_only", "shopping_list", "text_budget", "truncated",
         "user_report_sheet", "utf16_dtd", "wrong_content_types", "xxe")
# an 82-character Chinese name: 246 bytes in UTF-8, so "_校验结果" or a temp name beside it exceeds 255
LONG_STEM = ("二〇二三年度示例市委组织部干部教育培训经费项目支出绩效自评表及附件" * 3)[:82]


@dataclass(frozen=True)
class Case:
    path: Path
    valid: bool  # does a form come out of it (score/check can say something about figures)?
    expect: str = ""  # a fragment the Chinese message must hold
    read_only: bool = False


def _zip(path: Path, parts: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for k, v in parts.items():
            z.writestr(k, v)
    return path


def _sheet(rows: str) -> str:
    return f'<worksheet xmlns="{NS}"><sheetData>{rows}</sheetData></worksheet>'


def _project(path: Path, change=None, var: Variant | None = None) -> Path:
    import copy

    proj = copy.deepcopy(CLEAN)
    if change:
        change(proj)
    project_workbook(path, [proj], var or Variant())
    return path


def _rewrite(path: Path, change) -> Path:
    """Rewrite one package part of a built workbook: change(name, data) → data."""
    with zipfile.ZipFile(path) as z:
        parts = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in parts:
            new = change(info.filename, data)
            if new is not None:
                z.writestr(info, new)
    return path


def _formula_errors(path: Path) -> Path:
    """得分 cells that are formulas Excel evaluated to #DIV/0! (the cached value in the file)."""
    _project(path, var=Variant(stated=False))

    def change(name, data):
        if name != "xl/worksheets/sheet1.xml":
            return data
        text = data.decode()
        for ref in ("H12", "H13"):
            text = re.sub(rf'<c r="{ref}"( s="\d+")?[^>]*?(?:/>|></c>)', rf'<c r="{ref}"\1 t="e"><f>1/0</f><v>#DIV/0!</v></c>',
                          text)
        return text.encode()

    return _rewrite(path, change)


def _injection(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    write_project(ws, {**CLEAN, "department": '=HYPERLINK("http://x","y")', "unit": "@SUM(1)"}, Variant())
    ws.title = "=1+1"
    for row in ws.iter_rows():
        for c in row:
            if isinstance(c.value, str) and c.value[:1] in "=@":
                c.data_type = "s"
    wb.save(path)
    return path


def _encrypted(path: Path) -> Path:
    import msoffcrypto.format.ooxml

    plain = io.BytesIO()
    _project(path)
    plain.write(path.read_bytes())
    plain.seek(0)
    out = io.BytesIO()
    msoffcrypto.format.ooxml.OOXMLFile(plain).encrypt("secret", out)
    path.write_bytes(out.getvalue())
    return path


def _bomb(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", WB)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            block = b"\0" * (1 << 20)
            for _ in range(300):
                f.write(block)
    return path


def _merged_hidden(path: Path) -> Path:
    """E6:F6 merged (年初预算数 over 全年预算数) while F6 still holds 4637.81: Excel shows only E6."""
    _project(path)

    def change(name, data):
        if name != "xl/worksheets/sheet1.xml":
            return data
        text = re.sub(r'<c r="F6"([^>]*?)(?:/>|>.*?</c>)', r'<c r="F6"\1><v>4637.81</v></c>', data.decode(), count=1)
        return text.replace('<mergeCells count="3">', '<mergeCells count="4"><mergeCell ref="E6:F6"/>').encode()

    return _rewrite(path, change)


def _duplicate_entry(path: Path) -> Path:
    """A second xl/worksheets/sheet1.xml after the first: zipfile would silently read the second."""
    import warnings

    _project(path)
    with zipfile.ZipFile(path) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name": the point of the case
        with zipfile.ZipFile(path, "a") as z:
            z.writestr("xl/worksheets/sheet1.xml", sheet.replace(b"<v>95</v>", b"<v>5</v>"))
    return path


def _bel_name(path: Path) -> Path:
    """The project name carries a BEL (U+0007), escaped as Excel writes it (_x0007_: XML cannot hold it)."""
    _project(path)
    return _rewrite(path, lambda n, d: re.sub(rb'(<c r="C3"[^>]*><is><t>)[^<]*', "\\g<1>干部教育_x0007_培训经费".encode(), d)
                    if n == "xl/worksheets/sheet1.xml" else d)


def _bel_xls(path: Path) -> Path:
    """A legacy .xls whose project name holds a raw BEL (BIFF stores any character; XML cannot)."""
    import xlwt
    from openpyxl import load_workbook

    src = _project(path.with_suffix(".src.xlsx"))
    ws = load_workbook(src).active
    book = xlwt.Workbook(encoding="utf-8")
    out = book.add_sheet(ws.title)
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                out.write(c.row - 1, c.column - 1, "干部教育\x07培训经费" if c.coordinate == "C3" else c.value)
    src.unlink()
    book.save(str(path))
    return path


def _gbk_part(path: Path) -> Path:
    """The sheet declared and encoded in GBK (a hand-rolled exporter); OOXML allows only UTF-8/UTF-16."""
    _project(path)

    def change(name, data):
        if name != "xl/worksheets/sheet1.xml":
            return data
        text = data.decode()
        text = re.sub(r"^<\?xml[^>]*\?>", "", text)
        return ('<?xml version="1.0" encoding="GBK"?>' + text).encode("gbk")

    return _rewrite(path, change)


def _macro_named_xlsx(path: Path) -> Path:
    """A macro workbook's content (macroEnabled main part) under an .xlsx name."""
    _project(path)
    return _rewrite(path, lambda n, d: d.replace(b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                                                 b"application/vnd.ms-excel.sheet.macroEnabled.main+xml")
                    if n == "[Content_Types].xml" else d)


def _user_report_sheet(path: Path) -> Path:
    """The user keeps a sheet of their own named 校验结果 (their notes): never to be overwritten."""
    import copy

    from openpyxl import load_workbook

    proj = copy.deepcopy(CLEAN)
    proj["funds"]["score"] = 9.0  # a finding for the report sheet
    project_workbook(path, [proj], Variant())
    wb = load_workbook(path)
    wb.create_sheet("校验结果")["A1"] = "我自己的核对记录，请勿删除"
    wb.save(path)
    return path


def build(folder: Path) -> dict[str, Case]:
    folder.mkdir(parents=True, exist_ok=True)
    rnd = random.Random(7)
    c: dict[str, Case] = {}

    def add(name, path, valid, expect="", read_only=False):
        c[name] = Case(path, valid, expect, read_only)

    add("empty", folder / "empty.xlsx", False, "空")
    (folder / "empty.xlsx").write_bytes(b"")
    add("random", folder / "random.xlsx", False, "不是 Excel")
    (folder / "random.xlsx").write_bytes(bytes(rnd.randrange(256) for _ in range(4096)))
    good = _project(folder / "good_source.xlsx")
    add("truncated", folder / "truncated.xlsx", False, "损坏")
    (folder / "truncated.xlsx").write_bytes(good.read_bytes()[:1500])
    good.unlink()
    add("plain_zip", _zip(folder / "plain_zip.xlsx", {"hello.txt": "你好"}), False, "workbook")
    add("bomb", _bomb(folder / "bomb.xlsx"), False, "压缩炸弹")
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
              f'<sst xmlns="{NS}"><si><t>&lol2;</t></si></sst>')
    add("billion_laughs", _zip(folder / "laughs.xlsx", {"xl/workbook.xml": WB, "xl/_rels/workbook.xml.rels": RELS,
                                                        "xl/worksheets/sheet1.xml": _sheet(""),
                                                        "xl/sharedStrings.xml": laughs}), False, "DTD")
    xxe = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           + _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>'))
    add("xxe", _zip(folder / "xxe.xlsx", {"xl/workbook.xml": WB, "xl/_rels/workbook.xml.rels": RELS,
                                          "xl/worksheets/sheet1.xml": xxe}), False, "DTD")
    late = f'<?xml version="1.0"?><!--{"注" * 3000}-->{ENTITY}' + _sheet(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>')
    add("late_dtd", _zip(folder / "late_dtd.xlsx", {"xl/workbook.xml": WB, "xl/_rels/workbook.xml.rels": RELS,
                                                    "xl/worksheets/sheet1.xml": late}), False, "DTD")
    u16 = (f'<?xml version="1.0" encoding="UTF-16"?>{ENTITY}'
           + _sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row>')).encode("utf-16")
    add("utf16_dtd", _zip(folder / "utf16_dtd.xlsx", {"xl/workbook.xml": WB, "xl/_rels/workbook.xml.rels": RELS,
                                                      "xl/worksheets/sheet1.xml": u16}), False, "DTD")
    add("encrypted", _encrypted(folder / "encrypted.xlsx"), False, "加密")
    add("csv", folder / "list.csv.xlsx", False, "不是 Excel")
    (folder / "list.csv.xlsx").write_text("项目名称,全年预算数\n示例,100\n", encoding="utf-8")
    deep = _sheet("<row r=\"1\">" + "<x>" * 20000 + "</x>" * 20000 + "</row>")
    add("deep_xml", _zip(folder / "deep.xlsx", {"xl/workbook.xml": WB, "xl/_rels/workbook.xml.rels": RELS,
                                                "xl/worksheets/sheet1.xml": deep}), False, "没有识别")
    add("missing_sheet_part", _zip(folder / "missing_part.xlsx", {"xl/workbook.xml": WB,
                                                                   "xl/_rels/workbook.xml.rels": RELS}), False, "缺失")
    big_sst = f'<sst xmlns="{NS}">' + "".join(f"<si><t>字{rnd.random()}</t></si>" for _ in range(200_000)) + "</sst>"
    add("huge_sst", _zip(folder / "huge_sst.xlsx", {"xl/workbook.xml": WB, "xl/_rels/workbook.xml.rels": RELS,
                                                     "xl/worksheets/sheet1.xml": _sheet('<row r="1"><c r="A1" t="s">'
                                                                                        '<v>199999</v></c></row>'),
                                                     "xl/sharedStrings.xml": big_sst}), False, "没有识别")
    dim = (f'<worksheet xmlns="{NS}"><dimension ref="A1:XFD1048576"/><sheetData><row r="1048576">'
           '<c r="XFD1048576" t="inlineStr"><is><t>项目名称</t></is></c></row></sheetData></worksheet>')
    add("million_rows_claimed", _zip(folder / "dim.xlsx", {"xl/workbook.xml": WB, "xl/_rels/workbook.xml.rels": RELS,
                                                            "xl/worksheets/sheet1.xml": dim}), False, "没有识别")
    add("wrong_content_types", _rewrite(_project(folder / "wrong_ct.xlsx"), lambda n, d: d.replace(
        b"spreadsheetml.worksheet+xml", b"wordprocessingml.document.main+xml") if n == "[Content_Types].xml" else d),
        True)
    r_less = _sheet(
        '<row><c t="inlineStr"><is><t>项目名称</t></is></c><c t="inlineStr"><is><t>示例项目</t></is></c></row>'
        '<row><c t="inlineStr"><is><t>三级指标</t></is></c><c t="inlineStr"><is><t>年度指标值</t></is></c>'
        '<c t="inlineStr"><is><t>实际完成值</t></is></c><c t="inlineStr"><is><t>分值</t></is></c>'
        '<c t="inlineStr"><is><t>得分</t></is></c></row>'
        '<row><c t="inlineStr"><is><t>培训次数</t></is></c><c t="inlineStr"><is><t>≥4次</t></is></c>'
        '<c t="inlineStr"><is><t>3次</t></is></c><c><v>100</v></c></row>')
    add("r_less", _zip(folder / "r_less.xlsx", {"xl/workbook.xml": WB, "xl/_rels/workbook.xml.rels": RELS,
                                                "xl/worksheets/sheet1.xml": r_less}), True)
    wb = Workbook()
    wb.active.append(["购物清单"])
    for row in (["苹果", 3], ["牛奶", 2], ["面包", 1]):
        wb.active.append(row)
    wb.save(folder / "shopping.xlsx")
    add("shopping_list", folder / "shopping.xlsx", False, "没有识别到自评表")
    add("text_budget", _project(folder / "text_budget.xlsx",
                                lambda p: p["funds"].update(budget="三十万", budget_initial="三十万")), True, "三十万")
    add("formula_errors", _formula_errors(folder / "div0.xlsx"), True, "#DIV/0!")
    add("injection", _injection(folder / "injection.xlsx"), True)
    ro = _project(folder / "read_only.xlsx", var=Variant(stated=False))
    os.chmod(ro, 0o444)
    add("read_only", ro, True, read_only=True)
    add("merged_hidden", _merged_hidden(folder / "merged_hidden.xlsx"), True, "E6:F6")
    add("duplicate_entry", _duplicate_entry(folder / "duplicate_entry.xlsx"), False, "同名")
    add("bel_name", _bel_name(folder / "bel_name.xlsx"), True)
    add("bel_xls", _bel_xls(folder / "bel_xls.xls"), True)
    add("gbk_part", _gbk_part(folder / "gbk_part.xlsx"), False, "GBK")
    add("macro_named_xlsx", _macro_named_xlsx(folder / "macro_named.xlsx"), True)
    add("user_report_sheet", _user_report_sheet(folder / "user_report_sheet.xlsx"), True)
    add("long_name", _project(folder / f"{LONG_STEM}.xlsx", var=Variant(stated=False)), True)
    add("huge_weight", _project(folder / "huge_weight.xlsx", lambda p: p["indicators"][0].update(weight=1e308)), True,
        "10^308")
    add("negative_amount", _project(folder / "negative_amount.xlsx", lambda p: p["funds"].update(spent=-95.0)), True,
        "负数")
    add("fraction_text", _project(folder / "fraction_text.xlsx", lambda p: p["indicators"][2].update(
        target="100%", actual="0.9993", score=9.99)), True)
    add("error_value_actual", _project(folder / "error_value_actual.xlsx", lambda p: p["indicators"][2].update(
        actual="#N/A")), True, "#N/A")
    assert sorted(c) == sorted(NAMES)
    return c
