"""Excel 2003 XML workbooks (what budget systems export through XML templates, often under an .xls name)
are read like any workbook: the samples, written out as SpreadsheetML the way Excel saves it (gaps by
ss:Index, merges by MergeAcross/MergeDown, percent cells by a named style), score exactly as the .xlsx do;
a DTD is refused; recompute carries the figures into a new .xlsx."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from conftest import run_cli, run_cli_streams
from jixiao.addin.ooxml import read_workbook

SAMPLES = Path(__file__).parent.parent / "templates" / "samples"
HEAD = ('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:html="http://www.w3.org/TR/REC-html40">\n')


def _data(v) -> str:
    if isinstance(v, bool):
        return f'<Data ss:Type="Boolean">{int(v)}</Data>'
    if isinstance(v, (int, float)):
        return f'<Data ss:Type="Number">{v!r}</Data>'
    if isinstance(v, dt.datetime):
        return f'<Data ss:Type="DateTime">{v:%Y-%m-%dT%H:%M:%S}.000</Data>'
    return f'<Data ss:Type="String">{escape(str(v))}</Data>'


def to_spreadsheetml(path: Path) -> bytes:
    """A workbook as Excel's "XML 电子表格 2003" save writes it."""
    data = read_workbook(path)
    out = [HEAD, '<Styles><Style ss:ID="Default" ss:Name="Normal"/><Style ss:ID="pct"><NumberFormat ss:Format="Percent"/>'
                 '</Style></Styles>\n']
    if data.defined_names:
        out.append("<Names>" + "".join(f"<NamedRange ss:Name={quoteattr(n)} ss:RefersTo={quoteattr('=' + v)}/>"
                                       for n, v in data.defined_names.items()) + "</Names>\n")
    for g in data.sheets:
        merges = {(m[0], m[1]): m for m in g.merges}
        covered = {(r, c) for m in g.merges for r in range(m[0], m[2] + 1) for c in range(m[1], m[3] + 1)} - set(merges)
        out.append(f"<Worksheet ss:Name={quoteattr(g.name)}><Table>\n")
        last_row = 0
        for r in sorted({r for r, _c in g.cells} | {m[0] for m in g.merges}):
            out.append(f'<Row ss:Index="{r}">' if r != last_row + 1 else "<Row>")
            last_col = 0
            for c in sorted({c for rr, c in g.cells if rr == r} | {m[1] for m in g.merges if m[0] == r}):
                if (r, c) in covered:
                    continue
                cell = g.cells.get((r, c))
                attrs = f' ss:Index="{c}"' if c != last_col + 1 else ""
                m = merges.get((r, c))
                if m:
                    attrs += (f' ss:MergeAcross="{m[3] - m[1]}"' if m[3] > m[1] else "") + (
                        f' ss:MergeDown="{m[2] - m[0]}"' if m[2] > m[0] else "")
                if cell is not None and cell.is_percent:
                    attrs += ' ss:StyleID="pct"'
                if cell is not None and cell.formula:  # (Excel writes R1C1; the text is kept, not evaluated)
                    attrs += f" ss:Formula={quoteattr('=' + cell.formula)}"
                value = "" if cell is None or cell.value in (None, "") else _data(cell.value)
                out.append(f"<Cell{attrs}>{value}</Cell>")
                last_col = c + (m[3] - m[1] if m else 0)
            out.append("</Row>\n")
            last_row = r
        out.append("</Table>")
        if g.hidden:
            out.append('<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible>'
                       "</WorksheetOptions>")
        out.append("</Worksheet>\n")
    out.append("</Workbook>\n")
    return "".join(out).encode("utf-8")


def _sheets(capsys, path) -> list[dict]:
    code, text = run_cli(capsys, "score", path, "--json")
    assert code == 0, text
    return json.loads(text)["files"][0]["sheets"]


@pytest.mark.parametrize("sample", ["seed003_项目支出绩效自评表.xlsx", "seed004_部门整体支出绩效自评表.xlsx",
                                    "seed001_基础数据表.xlsx"])
def test_a_2003_xml_export_scores_as_the_workbook_does(tmp_path, capsys, sample):
    xml = tmp_path / (Path(sample).stem + ".xls")  # as systems name them
    xml.write_bytes(to_spreadsheetml(SAMPLES / sample))
    assert read_workbook(xml).fmt == "xls"
    assert _sheets(capsys, xml) == _sheets(capsys, SAMPLES / sample)


def test_gaps_merges_types_and_named_formats(tmp_path):
    f = tmp_path / "t.xls"
    f.write_text(HEAD + '<Styles><Style ss:ID="p"><NumberFormat ss:Format="Percent"/></Style></Styles>'
                 '<Names><NamedRange ss:Name="jixiao_profile" ss:RefersTo="=&quot;xinjiang&quot;"/></Names>'
                 '<Worksheet ss:Name="表"><Table><Row><Cell ss:MergeAcross="1"><Data ss:Type="String">项目'
                 '<html:B>名称</html:B></Data></Cell><Cell><Data ss:Type="Number">12.5</Data></Cell></Row>'
                 '<Row ss:Index="4"><Cell ss:Index="3" ss:StyleID="p" ss:Formula="=R[-3]C/100">'
                 '<Data ss:Type="Number">0.125</Data></Cell><Cell><Data ss:Type="DateTime">2023-12-10T00:00:00.000</Data>'
                 '</Cell><Cell><Data ss:Type="Error">#N/A</Data></Cell></Row></Table>'
                 '<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible>'
                 "</WorksheetOptions></Worksheet></Workbook>", encoding="utf-8")
    data = read_workbook(f)
    (g,) = data.sheets
    assert g.hidden and g.merges == [(1, 1, 1, 2)] and data.defined_names["jixiao_profile"] == '"xinjiang"'
    assert g.value(1, 1) == "项目名称" and g.value(1, 3) == 12.5
    pct = g.cell(4, 3)
    assert (pct.value, pct.is_percent, pct.formula) == (0.125, True, "R[-3]C/100")
    assert g.value(4, 4) == dt.datetime(2023, 12, 10) and g.cell(4, 5).error


def test_a_dtd_in_an_xml_workbook_is_refused(tmp_path, capsys):
    f = tmp_path / "恶意.xls"
    f.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                 '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="a" '
                 'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Table><Row><Cell><Data ss:Type="String">&e;'
                 "</Data></Cell></Row></Table></Worksheet></Workbook>", encoding="utf-8")
    code, _out, err = run_cli_streams(capsys, "score", f)
    assert code == 2 and "恶意.xls" in err and "DTD" in err and "root:" not in err


def test_recompute_of_an_xml_export_writes_a_new_xlsx(tmp_path, capsys):
    src = tmp_path / "待重算.xls"
    src.write_bytes(to_spreadsheetml(SAMPLES / "seed003_待重算.xlsx"))
    code, _ = run_cli(capsys, "recompute", src)
    out = tmp_path / "待重算_重算.xlsx"
    assert code == 0 and out.exists()
    ref = tmp_path / "ref.xlsx"
    assert run_cli(capsys, "recompute", SAMPLES / "seed003_待重算.xlsx", "-o", ref)[0] == 0
    totals = [s["total"] for s in _sheets(capsys, out)]
    assert totals == [s["total"] for s in _sheets(capsys, ref)] and None not in totals and len(totals) == 12
