"""The 自评报告 draft as a Word document: the outline of 附件4 (seeds 000/004) for a 部门整体 report, one
section per project for a project report, in the official look (GB/T 9704: A4, 37/35/28/26 mm margins,
title in 小标宋, body 仿宋_GB2312 三号 at 22 lines a page, headings 黑体 / 楷体 / 仿宋 by level, page numbers
"— 1 —" outside, a cover page). Every figure comes from the scored model through :mod:`.report_text`;
what the tables cannot say is a highlighted 【】 placeholder; a 校验说明 box lists where the form's stated
figures differ from jixiao's (the checks' findings, in :func:`.findings.message`'s words).
"""

from __future__ import annotations

from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from jixiao.addin.checks import Finding
from jixiao.templates.model import Form, Kind

from .report_text import PLACEHOLDER_RE, cn_number


@dataclass(frozen=True)
class CJKFont:
    """A font the document names (w:eastAsia) and the fonts that stand in for it where it is missing: Word
    reads the first from the font table's w:altName, fontconfig (LibreOffice on Linux) from
    :func:`fontconfig_aliases`."""

    name: str
    fallbacks: tuple[str, ...]
    family: str = "roman"  # the font table's w:family: roman (serif) or swiss (sans)


FONTS = {
    "title": CJKFont("方正小标宋简体", ("华文中宋", "宋体", "Noto Serif CJK SC")),
    "body": CJKFont("仿宋_GB2312", ("仿宋", "FangSong", "Noto Serif CJK SC")),
    "hei": CJKFont("黑体", ("SimHei", "Noto Sans CJK SC"), "swiss"),
    "kai": CJKFont("楷体_GB2312", ("楷体", "KaiTi", "Noto Serif CJK SC")),
    "song": CJKFont("宋体", ("SimSun", "Noto Serif CJK SC")),
}
LATIN = "Times New Roman"
MARGINS = {"top": 37, "bottom": 35, "left": 28, "right": 26}  # mm, GB/T 9704-2012: 版心 156 × 225 mm
PAGE = (210, 297)
FOOTER_MM = 22  # the page number's line sits about 7 mm under the text block
BODY_PT, LINE_PT = 16, 28.95  # 三号; 225 mm / 22 lines
TEXT_WIDTH_MM = PAGE[0] - MARGINS["left"] - MARGINS["right"]


@dataclass(frozen=True)
class Subject:
    """One 自评表 the report speaks of, with the forms of the same unit that feed it."""

    form: Form  # a scored 项目支出 or 部门整体 自评表
    findings: tuple[Finding, ...] = ()  # the checks' findings on it and on its basic / monitor forms
    basic: Form | None = None  # the unit's 基础数据表
    monitor: Form | None = None  # the 监控表 of the same project (its 1-6月 values)


@dataclass(frozen=True)
class Draft:
    """One report: a 部门整体 report of one unit, or a project report of one or more projects."""

    kind: Kind
    subjects: tuple[Subject, ...]
    unit: str | None = None
    year: int | None = None
    notes: tuple[str, ...] = ()  # about the inputs as a whole (forms of several units), for the 校验说明 box


def fontconfig_aliases() -> str:
    """A fontconfig file giving each declared font its fallbacks (for ~/.config/fontconfig/fonts.conf)."""
    aliases = "".join(f"<alias binding=\"same\"><family>{f.name}</family><prefer>"
                      + "".join(f"<family>{x}</family>" for x in f.fallbacks) + "</prefer></alias>"
                      for f in FONTS.values())
    return f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>{aliases}</fontconfig>'


# --- the look ------------------------------------------------------------------------------------------

def _fonts(rpr, font: CJKFont, latin: str = LATIN) -> None:
    rf = rpr.get_or_add_rFonts()
    for a in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rf.attrib.pop(qn(a), None)
    for a, v in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", font.name), ("w:cs", latin),
                 ("w:hint", "eastAsia")):
        rf.set(qn(a), v)


def _style(doc, name: str, font: CJKFont, size: float, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True,
           line: float | None = LINE_PT, bold: bool = False, outline: int | None = None, before: float = 0):
    try:
        st = doc.styles[name]
    except KeyError:
        st = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = doc.styles["Normal"]
    for tag in ("w:pPr", "w:rPr"):  # the template's own (theme fonts, blue headings) go
        old = st.element.find(qn(tag))
        if old is not None:
            st.element.remove(old)
    st.font.size, st.font.bold, st.font.italic = Pt(size), bold, False
    st.font.color.rgb = RGBColor(0, 0, 0)
    _fonts(st.element.get_or_add_rPr(), font, font.name if font is FONTS["song"] else LATIN)
    pf = st.paragraph_format
    pf.alignment = align
    if line is None:
        pf.line_spacing = 1.0
    else:
        pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(line)
    pf.space_before, pf.space_after = Pt(before), Pt(0)
    pf.first_line_indent = Pt(2 * size) if indent else Pt(0)
    pf.widow_control = True
    ind = st.element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), "200" if indent else "0")
    if outline is not None:
        pf.keep_with_next = True
        lvl = OxmlElement("w:outlineLvl")
        lvl.set(qn("w:val"), str(outline))
        st.element.get_or_add_pPr().append(lvl)
    return st


def _font_table(doc) -> None:
    """The declared fonts in word/fontTable.xml with their first fallback (w:altName) and GB2312 charset."""
    from lxml import etree

    part = next(r.target_part for r in doc.part.rels.values() if r.reltype.endswith("/fontTable"))
    root = etree.fromstring(part.blob)
    for f in FONTS.values():
        el = etree.SubElement(root, qn("w:font"), {qn("w:name"): f.name})
        for tag, val in (("altName", f.fallbacks[0]), ("charset", "86"), ("family", f.family), ("pitch", "variable")):
            etree.SubElement(el, qn(f"w:{tag}"), {qn("w:val"): val})
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


class Writer:
    """The document being written: styles once, then sections, headings, paragraphs and tables."""

    def __init__(self):
        self.doc = Document()
        d = self.doc
        defaults = d.styles.element.find(qn("w:docDefaults"))
        rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
        _fonts(rpr, FONTS["body"])
        lang = rpr.find(qn("w:lang")) if rpr.find(qn("w:lang")) is not None else OxmlElement("w:lang")
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")
        rpr.append(lang)
        _style(d, "Normal", FONTS["body"], BODY_PT)
        _style(d, "Title", FONTS["title"], 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=36)
        for lvl, font, bold in ((1, "hei", False), (2, "kai", False), (3, "body", True), (4, "body", False)):
            _style(d, f"Heading {lvl}", FONTS[font], BODY_PT, bold=bold, outline=lvl - 1)
        _style(d, "JX Cover Title", FONTS["title"], 26, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=44)
        _style(d, "JX Cover Year", FONTS["kai"], BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
        _style(d, "JX Cover", FONTS["body"], BODY_PT, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False)
        _style(d, "JX Table", FONTS["body"], 10.5, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=None)
        _style(d, "JX Caption", FONTS["hei"], 14, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, line=24,
               before=6).paragraph_format.keep_with_next = True
        _style(d, "JX Box", FONTS["body"], 14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=False, line=22)
        _style(d, "JX Page Number", FONTS["song"], 14, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False, line=None)
        _font_table(d)
        d.settings.odd_and_even_pages_header_footer = True
        cp = d.core_properties  # the document is the unit's: no program named in it
        cp.author = cp.last_modified_by = cp.comments = cp.title = cp.subject = cp.keywords = cp.category = ""
        self.counters = [0, 0, 0, 0]
        self.tables = 0
        self.first_section = True

    # sections: a cover without a number, then the body numbered from 1
    def _section(self, numbered: bool):
        sec = self.doc.sections[0] if self.first_section else self.doc.add_section(WD_SECTION.NEW_PAGE)
        self.first_section = False
        sec.page_width, sec.page_height = Mm(PAGE[0]), Mm(PAGE[1])
        sec.top_margin, sec.bottom_margin = Mm(MARGINS["top"]), Mm(MARGINS["bottom"])
        sec.left_margin, sec.right_margin = Mm(MARGINS["left"]), Mm(MARGINS["right"])
        sec.header_distance, sec.footer_distance, sec.gutter = Mm(15), Mm(FOOTER_MM), Mm(0)
        for footer, align in ((sec.footer, WD_ALIGN_PARAGRAPH.RIGHT), (sec.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]
            if numbered:  # 单页码居右空一字，双页码居左空一字
                p.style, p.alignment = self.doc.styles["JX Page Number"], align
                pf = p.paragraph_format
                pf.right_indent, pf.left_indent = (Pt(14), Pt(0)) if align == WD_ALIGN_PARAGRAPH.RIGHT else (Pt(0), Pt(14))
                _page_field(p)
        for f in (sec.header, sec.even_page_header):
            f.is_linked_to_previous = False
        if numbered:
            pg = OxmlElement("w:pgNumType")
            pg.set(qn("w:start"), "1")
            sec._sectPr.insert_element_before(pg, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                                              "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid")
        return sec

    def cover(self, title: str, year: str, unit: str, date: str) -> None:
        self._section(numbered=False)
        self.para(title, "JX Cover Title").paragraph_format.space_before = Mm(55)
        self.para(f"（{year}年度）", "JX Cover Year").paragraph_format.space_before = Mm(6)
        for i, (label, value) in enumerate((("部门单位名称（公章）：", unit), ("填报时间：", date))):
            p = self.para(label + value, "JX Cover")
            p.paragraph_format.left_indent = Pt(BODY_PT * len(label))
            p.paragraph_format.first_line_indent = -Pt(BODY_PT * len(label))
            p.paragraph_format.space_before = Mm(70) if i == 0 else Mm(4)
        self._section(numbered=True)
        self.counters = [0, 0, 0, 0]

    def title(self, text: str, sub: str) -> None:
        self.para(text, "Title")
        self.para(sub, "JX Cover Year")
        self.para("", "Normal")

    def heading(self, level: int, text: str) -> None:
        self.counters[level - 1] += 1
        for i in range(level, len(self.counters)):
            self.counters[i] = 0
        n = self.counters[level - 1]
        mark = {1: f"{cn_number(n)}、", 2: f"（{cn_number(n)}）", 3: f"{n}.", 4: f"（{n}）"}[level]
        self.para(mark + text, f"Heading {level}")

    def para(self, text: str, style: str = "Normal"):
        """A paragraph; every 【…】 in it is highlighted as a placeholder to fill."""
        p = self.doc.add_paragraph(style=self.doc.styles[style])
        self._runs(p, text)
        return p

    @staticmethod
    def _runs(p, text: str) -> None:
        pos = 0
        for m in PLACEHOLDER_RE.finditer(text):
            if m.start() > pos:
                p.add_run(text[pos:m.start()])
            p.add_run(m.group()).font.highlight_color = WD_COLOR_INDEX.YELLOW
            pos = m.end()
        if pos < len(text):
            p.add_run(text[pos:])

    def _grid(self, rows: int, widths_mm: list[float]):
        """A fixed-width table across the text block, 1 mm cell margins, rows never split."""
        assert abs(sum(widths_mm) - TEXT_WIDTH_MM) < 0.5, "a table spans the text block exactly"
        t = self.doc.add_table(rows=rows, cols=len(widths_mm))
        t.style, t.alignment, t.autofit = self.doc.styles["Table Grid"], WD_TABLE_ALIGNMENT.CENTER, False
        pr = t._tbl.tblPr
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        mar = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            m = OxmlElement(f"w:{side}")
            m.set(qn("w:w"), str(int(Mm(1).twips)))
            m.set(qn("w:type"), "dxa")
            mar.append(m)
        pr.append(layout)
        pr.append(mar)
        for i, w in enumerate(widths_mm):
            t.columns[i].width = Mm(w)
        for row in t.rows:
            row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for c, cell in enumerate(row.cells):
                cell.width = Mm(widths_mm[c])
        return t

    def table(self, caption: str, head: list[str], rows: list[list[str]], widths_mm: list[float],
              merge: int = 0) -> None:
        """A captioned table; the head repeats on each page; the first ``merge`` columns' runs of equal
        values share one cell (一级, then 二级 within it)."""
        self.para(caption, "JX Caption")
        t = self._grid(1 + len(rows), widths_mm)
        for r, values in enumerate([head, *rows]):
            for c, v in enumerate(values):
                cell = t.cell(r, c)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
                p = cell.paragraphs[0]
                p.style = self.doc.styles["JX Table"]
                p.paragraph_format.keep_with_next = r < 2 or len(rows) - 2 <= r < len(rows)  # no lone head or 合计
                run = p.add_run(v)
                if r == 0:
                    _fonts(run._r.get_or_add_rPr(), FONTS["hei"])
        t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for c in range(merge):
            key = [tuple(row[:c + 1]) for row in rows]
            start = 0
            for r in range(1, len(rows) + 1):
                if r == len(rows) or key[r] != key[start] or not rows[start][c]:
                    if r - 1 > start and rows[start][c]:
                        merged = t.cell(start + 1, c).merge(t.cell(r, c))
                        for extra in merged.paragraphs[1:]:
                            extra._p.getparent().remove(extra._p)
                    start = r
        self.para("", "JX Table")

    def box(self, title: str, lines: list[str]) -> None:
        """A shaded, framed box: a title row, then a row per line (so a long box breaks between lines)."""
        self.para("", "JX Table")
        t = self._grid(1 + len(lines), [TEXT_WIDTH_MM])
        borders = t._tbl.tblPr.find(qn("w:tblBorders"))
        if borders is None:
            borders = OxmlElement("w:tblBorders")
            t._tbl.tblPr.append(borders)
        for side, val in (("top", "single"), ("left", "single"), ("bottom", "single"), ("right", "single"),
                          ("insideH", "nil"), ("insideV", "nil")):
            b = OxmlElement(f"w:{side}")
            b.set(qn("w:val"), val)
            if val == "single":
                b.set(qn("w:sz"), "8")
                b.set(qn("w:color"), "000000")
            borders.append(b)
        for r, text in enumerate([title, *lines]):
            cell = t.cell(r, 0)
            shade = OxmlElement("w:shd")
            for a, v in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "F2F2F2")):
                shade.set(qn(a), v)
            cell._tc.get_or_add_tcPr().append(shade)
            p = cell.paragraphs[0]
            p.style = self.doc.styles["JX Caption" if r == 0 else "JX Box"]
            self._runs(p, text)


def _page_field(p) -> None:
    """"— 7 —": the PAGE field between two em dashes."""
    p.add_run("— ")
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("text", "1"), ("end", None)):
        run = p.add_run()
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        elif kind == "text":
            run.text = text
            continue
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
    p.add_run(" —")
