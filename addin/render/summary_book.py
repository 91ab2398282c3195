"""The summary workbook of `jixiao summarize` and the ribbon's 汇总文件夹, written to print as an official table.

Every sheet prints on A4 landscape with its header row repeated on each page and 第 n 页，共 m 页 below,
in one font family (宋体, the templates' font: cells, 合计 row, footer and charts), with thin borders round
every cell of a table, widths fitted to the content (long text wraps; a table wider than the page is
scaled to its width) and row heights set for the wrapped lines, so Excel, WPS and LibreOffice break the
pages alike. Columns with no value at all (1-6月 when there is no 监控表) and sheets with no rows (an
empty 无法读取) are left out. Charts sit on rows of known height that start a page, each smaller than a
page, so no page break cuts one; the 各表总分 bars are split into charts of at most :data:`BARS` bars, each
bar labelled (once: names made unique), its 总分 at its end.

Every string that comes from the input (file, sheet, unit and project names, finding texts) is written as
text: never a formula, with a quote prefix where it starts with = + - @ or a tab, as Excel marks typed text.
The workbook carries the defined name :data:`MARKER`, by which a later summary of the same folder knows it.
"""

from __future__ import annotations

import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .findings import label as severity_label

MARKER = "jixiao_summary"  # a defined name: "this workbook is a jixiao summary", not a submission
LEGACY_SHEETS = ("汇总", "按单位")  # how a summary written before the marker is known
FONT = "宋体"  # as templates/build/common.py: the forms and their summary print in one family
SIZE = 10
MONEY, PCT, SCORE, INT = "#,##0.00", "0.00%", "0.00", "0"
PAGE_WIDTH = 138  # column-width units between the margins of an A4 landscape page at 100 %
PAGE_HEIGHT = 500.0  # points between the top and bottom margins of an A4 landscape page
LINE = 14.0  # points per line of 10-point text (Noto CJK in LibreOffice takes 14.5, SimSun in Excel 13.5)
CHART_ROW = 15.0  # points per row under a chart
BARS = 20  # bars per 各表总分 chart: one chart fits a page and every bar keeps its label
RISKY = ("=", "+", "-", "@", "\t")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class SummaryBook:
    """What the summary shows. ``rows`` … ``findings`` are pandas frames as :mod:`jixiao.addin.app.summarize`
    builds them; the lists hold plain dicts with Chinese keys; file names are paths."""

    rows: object
    by_unit: object
    grades: object
    findings: object
    duplicates: list[dict] = field(default_factory=list)
    monitor: list[dict] = field(default_factory=list)  # per 监控表: the count of each light
    red: list[dict] = field(default_factory=list)  # the red indicators, each with its cell
    unrecognised: list[dict] = field(default_factory=list)
    unreadable: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    totals: dict = field(default_factory=dict)
    out_dir: Path = Path(".")  # the summary's folder: links are relative to it
    root: Path | None = None  # the folder summarised: files are named by their path below it


def counts_line(counts: dict) -> str:
    """读取 5 个文件，跳过 1 个 jixiao 生成的文件，1 个无法读取，1 个未识别到自评表"""
    parts = [f"读取 {counts.get('read', 0)} 个文件"]
    if counts.get("skipped"):
        parts.append(f"跳过 {counts['skipped']} 个 jixiao 生成的文件")
    parts.append(f"{counts.get('unreadable', 0)} 个无法读取")
    if counts.get("unrecognised"):
        parts.append(f"{counts['unrecognised']} 个未识别到自评表")
    return "，".join(parts)


# --- text, widths, heights ----------------------------------------------------------------------------

def width(s: str) -> int:
    """Display width: a CJK or full-width character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def shorten(s: str, n: int) -> str:
    out = ""
    for ch in s:
        if width(out + ch) > n - 1:
            return out + "…"
        out += ch
    return out


def _clean(v):
    """A frame's value as a cell takes it: None for NaN / NA, numpy scalars as Python numbers."""
    if v is None:
        return None
    if hasattr(v, "item") and not isinstance(v, (str, bytes)):
        v = v.item()
    try:
        if v != v:  # NaN
            return None
    except TypeError:  # pandas.NA
        return None
    return v


def _shown(v, fmt: str | None) -> str:
    if v is None:
        return ""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return str(v)
    if fmt == MONEY:
        return f"{v:,.2f}"
    if fmt == PCT:
        return f"{v * 100:.2f}%"
    if fmt == SCORE:
        return f"{v:.2f}"
    return f"{v:g}"


def _lines(text: str, cols: float) -> int:
    """Lines a text takes wrapped in a column ``cols`` wide (a width unit is 7 px; a CJK character 13⅓ px
    at 10 points, two display units), with a little to spare for breaks at word ends."""
    room = max(cols - 0.8, 1.0)
    return sum(max(1, math.ceil(width(part) / room)) for part in text.split("\n"))


def put(ws, row: int, col: int, value, fmt: str | None = None):
    """Write one cell; a string always as text (never a formula), quote-prefixed where Excel would read
    it as one."""
    value = _clean(value)
    cell = ws.cell(row, col)
    if isinstance(value, str):
        value = _ILLEGAL.sub("", value)
        cell.value = value
        cell.data_type = "s"
        if value.startswith(RISKY):
            cell.quotePrefix = True
    else:
        cell.value = value
        if fmt and value is not None:
            cell.number_format = fmt
    return cell


@dataclass(frozen=True)
class Col:
    name: str
    fmt: str | None = None  # a number column (never shrunk, right-aligned)
    lo: float = 5
    hi: float = 30
    center: bool = False
    link: bool = False  # a hyperlink: one line (LibreOffice never wraps one), so never narrower than its text


@dataclass
class Row:
    values: list
    links: dict[int, str] = field(default_factory=dict)  # column index → hyperlink target
    bold: dict[int, str] = field(default_factory=dict)  # column index → font colour of a bold cell


def fit_widths(cols: list[Col], rows: list[Row], page: float = PAGE_WIDTH) -> list[float]:
    need = []
    for i, c in enumerate(cols):
        head = width(c.name)
        head = head if head <= 6 else max(6, math.ceil(head / 2) + 1)  # a longer header takes two lines
        body = max((width(_shown(_clean(r.values[i]), c.fmt)) for r in rows), default=0)
        w = max(head, body) + 2
        need.append(float(min(max(w, c.lo), c.hi if c.fmt is None else max(c.hi, w))))
    excess = sum(need) - page
    if excess > 0:  # wrapping text columns give way, down to their floor; beyond that the page is scaled
        floor = [max(c.lo, 8.0) if c.fmt is None and not c.link else need[i] for i, c in enumerate(cols)]
        room = sum(n - f for n, f in zip(need, floor, strict=True) if n > f)
        if room > 0:
            k = min(1.0, excess / room)
            need = [n - (n - f) * k if n > f else n for n, f in zip(need, floor, strict=True)]
    return [round(n, 1) for n in need]


# --- sheets -----------------------------------------------------------------------------------------

class _Styles:
    def __init__(self):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.font = Font(name=FONT, size=SIZE)
        self.bold = Font(name=FONT, size=SIZE, bold=True)
        self.title = Font(name=FONT, size=16, bold=True)
        self.note = Font(name=FONT, size=SIZE)
        self.link = Font(name=FONT, size=SIZE, color="0563C1", underline="single")
        self.head_fill = PatternFill("solid", fgColor="F2F2F2")
        self.Font, self.Alignment = Font, Alignment

    def align(self, horizontal="left", wrap=True):
        return self.Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap)


class Sheet:
    """One printed table: a title, an optional note line, a header row, the rows, a 合计 row, notes."""

    def __init__(self, wb, name: str, st: _Styles):
        self.ws = wb.create_sheet(name)
        self.st = st
        self.r = 1
        self.header_row = 0

    def table(self, title: str, cols: list[Col], rows: list[Row], *, note: str = "", total: Row | None = None,
              after: list[str] = (), page: float = PAGE_WIDTH, filter: bool = False) -> list[float]:
        from openpyxl.utils import get_column_letter

        ws, st = self.ws, self.st
        widths = fit_widths(cols, rows + ([total] if total else []), page)
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w
        n = len(cols)
        span = sum(widths)
        self._line(title, n, st.title, 28, "center")
        if note:
            self._line(note, n, st.note, max(18, _lines(note, span) * LINE + 5), "left")
        self.header_row = self.r
        for i, c in enumerate(cols, 1):
            cell = put(ws, self.r, i, c.name)
            cell.font, cell.fill, cell.border = st.bold, st.head_fill, st.border
            cell.alignment = st.align("center")
        ws.row_dimensions[self.r].height = max(_lines(c.name, w) for c, w in zip(cols, widths, strict=True)) * LINE + 6
        self.r += 1
        for row in rows + ([total] if total else []):
            self._row(row, cols, widths, bold=row is total)
        if filter and rows:
            ws.auto_filter.ref = f"A{self.header_row}:{get_column_letter(n)}{self.header_row + len(rows)}"
        ws.freeze_panes = f"A{self.header_row + 1}"
        ws.print_title_rows = f"{self.header_row}:{self.header_row}"
        for text in after:
            self._line(text, n, st.note, max(18, _lines(text, span) * LINE + 5), "left")
        page_setup(ws)
        return widths

    def _line(self, text: str, n: int, font, height: float, horizontal: str) -> None:
        ws = self.ws
        cell = put(ws, self.r, 1, text)
        cell.font, cell.alignment = font, self.st.align(horizontal)
        if n > 1:
            ws.merge_cells(start_row=self.r, start_column=1, end_row=self.r, end_column=n)
        ws.row_dimensions[self.r].height = height
        self.r += 1

    def _row(self, row: Row, cols: list[Col], widths: list[float], bold: bool) -> None:
        ws, st = self.ws, self.st
        lines = 1
        for i, (c, v) in enumerate(zip(cols, row.values, strict=True)):
            cell = put(ws, self.r, i + 1, v, c.fmt)
            cell.border = st.border
            number = c.fmt is not None and isinstance(_clean(v), (int, float))
            cell.alignment = st.align("right" if number else "center" if c.center else "left", wrap=not number)
            if i in row.links:
                if c.link and isinstance(cell.value, str) and width(cell.value) > widths[i] - 1:
                    put(ws, self.r, i + 1, shorten(cell.value, int(widths[i] - 1)))  # the link keeps the name
                cell.hyperlink = row.links[i]
                cell.font = st.link
                cell.alignment = st.align("center" if c.center else "left", wrap=False)
                continue
            elif bold or i in row.bold:
                cell.font = st.Font(name=FONT, size=SIZE, bold=True, color=row.bold.get(i))
            else:
                cell.font = st.font
            if not number:
                lines = max(lines, _lines(_shown(_clean(v), c.fmt), widths[i]))
        ws.row_dimensions[self.r].height = lines * LINE + 5
        self.r += 1


def page_setup(ws, fit: bool = True) -> None:
    from openpyxl.worksheet.page import PageMargins

    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if fit:  # one page wide, as many pages down as it takes
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.6, bottom=0.6, header=0.3, footer=0.3)
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.oddFooter.center.font = f"{FONT},常规"
    ws.oddFooter.center.size = 9


# --- links and names ---------------------------------------------------------------------------------

def _rel(path: str, out_dir: Path) -> str:
    try:
        return os.path.relpath(path, out_dir)
    except ValueError:  # another drive (Windows): the absolute path
        return str(Path(path).resolve())


def link(path: str, out_dir: Path, sheet: str | None = None, cell: str | None = None) -> str:
    target = _rel(path, out_dir)
    if sheet:
        target += "#'" + sheet.replace("'", "''") + "'!" + (cell or "A1")
    return target


def file_label(path: str, root: Path) -> str:
    """A file as the summary names it: its path below the folder summarised, else its name."""
    try:
        rel = os.path.relpath(Path(path).resolve(), root)
    except ValueError:
        rel = ".."
    return Path(rel).as_posix() if not rel.startswith("..") and not os.path.isabs(rel) else Path(path).name


def _empty(v) -> bool:
    v = _clean(v)
    return v is None or v == ""


# --- the workbook ------------------------------------------------------------------------------------

NO = Col("序号", INT, lo=5, center=True, link=True)  # links to the form: LibreOffice never wraps a link cell
SUMMARY_COLS = [
    NO, Col("文件", hi=24), Col("工作表", hi=18), Col("单位", hi=22), Col("项目名称", hi=24), Col("表格类型", lo=10, hi=14),
    Col("年度", INT, lo=6, center=True), Col("全年预算数", MONEY, lo=10), Col("全年执行数", MONEY, lo=10),
    Col("执行率", PCT, lo=8), Col("执行率得分", SCORE, lo=7), Col("总分", SCORE, lo=7), Col("等级", lo=5, center=True),
    Col("错误数", INT, lo=5), Col("提示数", INT, lo=5), Col("1-6月执行数", MONEY, lo=10), Col("1-6月执行率", PCT, lo=8),
    Col("预计不能完成指标数", INT, lo=8), Col("原表金额单位", lo=6, center=True), Col("原表全年预算数", MONEY, lo=12),
    Col("原表全年执行数", MONEY, lo=12),
]
ALWAYS = {"序号", "文件", "工作表", "表格类型"}  # kept even when empty: where each row comes from


def write_summary(out: Path, book: SummaryBook) -> None:
    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName

    wb = Workbook()
    wb.remove(wb.active)
    st = _Styles()
    _summary(wb, st, book)
    _by_unit(wb, st, book)
    _grades(wb, st, book)
    _scores(wb, st, book)
    _monitor(wb, st, book)
    _findings(wb, st, book)
    _duplicates(wb, st, book)
    _files(wb, st, book, "无法识别", "未识别到自评表的文件", "说明", book.unrecognised)
    _files(wb, st, book, "无法读取", "无法读取的文件", "原因", book.unreadable)
    _files(wb, st, book, "已跳过", "未汇总的 jixiao 生成文件", "原因", book.skipped)
    if "图表数据" in wb.sheetnames:
        wb.move_sheet("图表数据", len(wb.sheetnames) - 1 - wb.sheetnames.index("图表数据"))
    wb.defined_names[MARKER] = DefinedName(MARKER, attr_text='"jixiao"')
    wb.properties.title, wb.properties.creator = "绩效自评汇总表", "jixiao"
    wb.save(out)


def _year_title(rows, what: str) -> str:
    years = {int(y) for y in rows["年度"].dropna()} if len(rows) else set()
    return f"{years.pop()}年度{what}" if len(years) == 1 else what


def _summary(wb, st, book: SummaryBook) -> None:
    rows, out_dir, t = book.rows, book.out_dir, book.totals
    root = book.root or out_dir
    cols = [c for c in SUMMARY_COLS if c.name in ALWAYS or not all(_empty(v) for v in rows[c.name])]
    records = rows.to_dict("records")
    body = []
    for n, rec in enumerate(records, 1):
        rec = {**rec, "序号": n, "文件": file_label(rec["文件"], root), "path": rec["文件"]}
        r = Row([rec[c.name] for c in cols])
        r.links[0] = link(rec["path"], out_dir, rec["工作表"])
        body.append(r)
    names = [c.name for c in cols]
    total = [None] * len(cols)
    total[0] = "合计"
    total[names.index("表格类型")] = f"{t['forms']} 张表"
    for name, key in (("全年预算数", "budget"), ("全年执行数", "spent"), ("执行率", "rate")):
        if name in names:
            total[names.index(name)] = t[key]
    for name in ("错误数", "提示数"):
        if name in names:
            total[names.index(name)] = int(rows[name].sum())
    monitors = rows[rows["1-6月执行数"].notna()]
    if "1-6月执行数" in names and len(monitors):
        h1, budget = float(monitors["1-6月执行数"].sum()), float(monitors["全年预算数"].sum())
        total[names.index("1-6月执行数")] = round(h1, 2)
        if "1-6月执行率" in names and budget:
            total[names.index("1-6月执行率")] = round(h1 / budget, 4)
    c = book.counts
    note = f"共 {t['forms']} 张表（{counts_line(c)}"
    if book.duplicates:
        note += f"；重复提交的 {len(book.duplicates)} 张未计入，见“重复”工作表"
    errors = int(rows["错误数"].sum()) if len(rows) else 0
    warnings = int(rows["提示数"].sum()) if len(rows) else 0
    note += f"）。校验：{errors} 个错误，{warnings} 个提示" + ("，见“问题清单”" if errors or warnings else "")
    note += "。点击序号打开该表。"
    after = []
    if (rows["全年预算数"].notna() & rows["全年执行数"].isna()).any():
        after.append("注：合计只计有全年执行数的表；监控表的执行数是 1-6 月的，其预算数不计入全年合计。")
    Sheet(wb, "汇总", st).table(_year_title(rows, "绩效自评汇总表"), cols, body, note=note, total=Row(total),
                               after=after, filter=True)


def _by_unit(wb, st, book: SummaryBook) -> None:
    df = book.by_unit
    if not len(df):
        return
    cols = [Col("单位", hi=40), Col("表格数", INT, lo=7), Col("全年预算数", MONEY, lo=12), Col("全年执行数", MONEY, lo=12),
            Col("执行率", PCT, lo=9), Col("平均总分", SCORE, lo=9)]
    body = [Row([r["单位"] or "（未填写单位）", r["表格数"], r["全年预算数"], r["全年执行数"], r["执行率"], r["平均总分"]])
            for r in df.to_dict("records")]
    t = book.totals
    scores = book.rows["总分"].dropna()
    total = Row(["合计", int(df["表格数"].sum()), t["budget"], t["spent"], t["rate"],
                 round(float(scores.mean()), 2) if len(scores) else None])
    Sheet(wb, "按单位", st).table(_year_title(book.rows, "绩效自评汇总表（按单位）"), cols, body, total=total,
                                page=110)


def _data_sheet(wb):
    """The charts' own figures (the grades given at least once, the 总分 in bar order) on a hidden sheet:
    nothing of them prints."""
    if "图表数据" not in wb.sheetnames:
        ws = wb.create_sheet("图表数据")
        ws.sheet_state = "hidden"
    return wb["图表数据"]


def _rows_height(ws, upto: int) -> float:
    return sum(ws.row_dimensions[r].height or 15.0 for r in range(1, upto))


def _grades(wb, st, book: SummaryBook) -> None:
    from openpyxl.chart import BarChart, PieChart, Reference
    from openpyxl.chart.label import DataLabelList

    df = book.grades
    counts = [int(n) for n in df["表格数"]]
    graded = sum(counts)
    if not graded:
        return
    sheet = Sheet(wb, "等级分布", st)
    cols = [Col("等级", lo=10, center=True), Col("表格数", INT, lo=10), Col("占比", PCT, lo=10)]
    body = [Row([g, n, n / graded]) for g, n in zip(df["等级"], counts, strict=True)]
    sheet.table("等级分布", cols, body, total=Row(["合计", graded, 1.0]), page=60)
    ws = sheet.ws
    # both charts below the table, side by side, on the page that holds the table
    top = _rows_height(ws, sheet.r) + 12
    height = min(300.0, PAGE_HEIGHT - top - 12)

    data = _data_sheet(wb)
    put(data, 1, 1, "等级")
    put(data, 1, 2, "表格数")
    shown = [(g, n) for g, n in zip(df["等级"], counts, strict=True) if n]  # a zero slice piles its label on another's
    for i, (g, n) in enumerate(shown, 2):
        put(data, i, 1, g)
        put(data, i, 2, n)
    pie = PieChart()
    pie.title = _title("等级分布")
    pie.add_data(Reference(data, min_col=2, min_row=1, max_row=len(shown) + 1), titles_from_data=True)
    pie.set_categories(Reference(data, min_col=1, min_row=2, max_row=len(shown) + 1))
    pie.dataLabels = DataLabelList(showCatName=True, showVal=True, showPercent=True, showLegendKey=False,
                                   showSerName=False)
    pie.dataLabels.txPr = _rich(10)
    pie.legend.position = "r"
    pie.legend.txPr = _rich(10)
    _place(ws, pie, 0.0, top, 12.6, height)

    bar = BarChart()
    bar.title = _title("各等级表格数")
    first = sheet.header_row + 1
    bar.add_data(Reference(ws, min_col=2, min_row=first, max_row=first + 3), titles_from_data=False)
    bar.set_categories(Reference(ws, min_col=1, min_row=first, max_row=first + 3))
    bar.legend = None
    bar.dataLabels = DataLabelList(showVal=True, showCatName=False, showSerName=False, showLegendKey=False,
                                   showPercent=False)
    bar.dataLabels.txPr = _rich(10)
    _axes(bar, title_y="表格数")
    bar.y_axis.majorUnit = max(1, math.ceil(max(counts) / 5))
    bar.y_axis.scaling.min = 0
    bar.y_axis.number_format = "0"
    bar.series[0].graphicalProperties.solidFill = "4472C4"
    _place(ws, bar, 13.4, top, 12.6, height)


def _scores(wb, st, book: SummaryBook) -> None:
    """各表总分: horizontal bars, best on top, at most BARS to a chart and one chart to a page."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabelList
    from openpyxl.worksheet.pagebreak import Break

    rows = book.rows[book.rows["总分"].notna()]
    if not len(rows):
        return
    items = []
    seen: dict[str, int] = {}
    for rec in rows.to_dict("records"):
        name = rec["项目名称"] or rec["单位"] or rec["工作表"]
        short = shorten(str(name), 30)
        seen[short] = seen.get(short, 0) + 1  # one label per bar: a name met twice gets a number
        items.append([short if seen[short] == 1 else f"{short}（{seen[short]}）", float(rec["总分"])])
    items.sort(key=lambda x: -x[1])
    ws = wb.create_sheet("图表")
    data = _data_sheet(wb)
    groups = [items[i:i + BARS] for i in range(0, len(items), BARS)]
    r = 1  # the chart's first row on this sheet
    d = 1  # its figures' first row on the data sheet
    for gi, group in enumerate(groups):
        height = max(200.0, 75.0 + 19.0 * len(group))  # points: title and axis, then a bar each
        nrows = math.ceil(height / CHART_ROW) + 1
        for rr in range(r, r + nrows):
            ws.row_dimensions[rr].height = CHART_ROW
        put(data, d, 4, "表格")
        put(data, d, 5, "总分")
        for i, (name, score) in enumerate(reversed(group), 1):  # bars are drawn bottom-up: the best on top
            put(data, d + i, 4, name)
            put(data, d + i, 5, score, SCORE)
        chart = BarChart()
        chart.type = "bar"
        chart.title = _title("各表总分" + (f"（{gi + 1}/{len(groups)}）" if len(groups) > 1 else ""))
        chart.add_data(Reference(data, min_col=5, min_row=d, max_row=d + len(group)), titles_from_data=True)
        chart.set_categories(Reference(data, min_col=4, min_row=d + 1, max_row=d + len(group)))
        chart.legend = None
        chart.gapWidth = 60
        chart.dataLabels = DataLabelList(showVal=True, showCatName=False, showSerName=False, showLegendKey=False,
                                         showPercent=False)
        chart.dataLabels.txPr = _rich(9)
        chart.dataLabels.numFmt = "0.00"
        chart.dataLabels.position = "outEnd"
        _axes(chart, title_y="总分")
        chart.y_axis.scaling.min, chart.y_axis.scaling.max, chart.y_axis.majorUnit = 0, 100, 10
        chart.y_axis.number_format = "0"
        chart.series[0].graphicalProperties.solidFill = "4472C4"
        # a row's gap above each chart: a chart touching the page above would be drawn there too, clipped
        _place(ws, chart, 0.0, r * CHART_ROW, 25.0, height)
        r += nrows
        d += len(group) + 2
        if gi < len(groups) - 1:
            ws.row_breaks.append(Break(id=r - 1))  # the next chart starts a page
    page_setup(ws, fit=False)


LIGHT_COLOURS = {"红灯": "C00000", "黄灯": "FFC000", "绿灯": "00B050", "蓝灯": "4472C4"}


def _monitor(wb, st, book: SummaryBook) -> None:
    """监控预警: each 监控表's lights counted, a stacked bar per project, then every red indicator with a link."""
    from openpyxl.chart import BarChart, Reference

    if not book.monitor:
        return
    sheet = Sheet(wb, "监控预警", st)
    names = ["红灯", "黄灯", "绿灯", "蓝灯"]
    cols = [NO, Col("单位", hi=24), Col("项目名称", hi=30), Col("监控月份", INT, lo=6, center=True),
            *(Col(n, INT, lo=5, center=True) for n in names), Col("无法判断", INT, lo=6, center=True),
            Col("资金预警", lo=6, center=True)]
    body = [Row([i, m["单位"], m["项目名称"] or m["工作表"], m["监控月份"], *(m[n] for n in names), m["无法判断"],
                 m["资金预警"]], {0: link(m["文件"], book.out_dir, m["工作表"])})
            for i, m in enumerate(book.monitor, 1)]
    total = Row(["合计", "", f"{len(book.monitor)} 张监控表", "", *(sum(m[n] for m in book.monitor) for n in names),
                 sum(m["无法判断"] for m in book.monitor), ""])
    sheet.table("运行监控预警（各项目指标亮灯数）", cols, body, total=total, page=80,
                note="按序时进度：完成进度低于 60% 红灯、60%–80% 黄灯、80% 以上绿灯，达到全年指标值 120% 以上蓝灯")
    ws = sheet.ws
    data = _data_sheet(wb)
    base = data.max_row + 2
    put(data, base, 1, "项目")
    for j, n in enumerate(names, 2):
        put(data, base, j, n)
    shown = book.monitor[:20]  # a chart a page: at most 20 projects
    for i, m in enumerate(shown, base + 1):
        put(data, i, 1, shorten(m["项目名称"] or m["工作表"], 16))
        for j, n in enumerate(names, 2):
            put(data, i, j, m[n])
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
    chart.title = _title("各项目指标亮灯数")
    chart.add_data(Reference(data, min_col=2, max_col=5, min_row=base, max_row=base + len(shown)), titles_from_data=True)
    chart.set_categories(Reference(data, min_col=1, min_row=base + 1, max_row=base + len(shown)))
    for series, n in zip(chart.series, names, strict=True):
        series.graphicalProperties.solidFill = LIGHT_COLOURS[n]
    chart.gapWidth = 60
    _axes(chart, title_y="指标数")
    most = max(sum(m[n] for n in names) for m in shown)
    chart.y_axis.scaling.min, chart.y_axis.majorUnit = 0, max(1, math.ceil(most / 10))
    chart.y_axis.number_format = "0"
    chart.legend.position = "b"
    chart.legend.txPr = _rich(9)
    top = _rows_height(ws, sheet.r) + 12  # below the table, on its page: never across a page break
    _place(ws, chart, 0.0, top, 24.0, min(PAGE_HEIGHT - top - 12, max(200.0, 100.0 + 22.0 * len(shown))))
    if book.red:
        reds = Sheet(wb, "红灯指标", st)
        rcols = [NO, Col("单位", hi=22), Col("项目名称", hi=26), Col("指标", hi=30), Col("年度指标值", hi=14),
                 Col("完成情况", hi=14), Col("序时进度完成比", PCT, lo=9)]
        rbody = [Row([i, r["单位"], r["项目名称"] or r["工作表"], r["指标"], _clean(r["年度指标值"]), _clean(r["完成情况"]),
                      r["序时进度完成比"]], {0: link(r["文件"], book.out_dir, r["工作表"], r["单元格"])})
                 for i, r in enumerate(book.red, 1)]
        reds.table("红灯指标（须填写偏差原因）", rcols, rbody, page=80)


def _findings(wb, st, book: SummaryBook) -> None:
    df = book.findings
    if not len(df):
        return
    out_dir = book.out_dir
    root = book.root or out_dir
    cols = [NO, Col("文件", hi=22), Col("工作表", hi=16), Col("单元格", lo=7, center=True, link=True), Col("级别", lo=6, center=True),
            Col("代码", lo=7, center=True), Col("问题", lo=30, hi=72)]
    body = []
    for n, f in enumerate(df.to_dict("records"), 1):
        r = Row([n, file_label(f["文件"], root), f["sheet"], f["cell"], severity_label(f["severity"]), f["code"],
                 f["message"]])
        r.links[0] = link(f["文件"], out_dir, f["sheet"])
        if f["cell"]:
            r.links[3] = link(f["文件"], out_dir, f["sheet"], f["cell"])
        if f["severity"] == "error":
            r.bold[4] = "C00000"
        body.append(r)
    errors = int((df["severity"] == "error").sum())
    note = f"共 {errors} 个错误，{len(df) - errors} 个提示。点击序号打开该表，点击单元格转到问题所在的格。"
    Sheet(wb, "问题清单", st).table(_year_title(book.rows, "问题清单"), cols, body, note=note, filter=True)


def _duplicates(wb, st, book: SummaryBook) -> None:
    """Each group of one project's forms: the one counted, then the ones left out, each linked."""
    if not book.duplicates:
        return
    out_dir = book.out_dir
    root = book.root or out_dir
    cols = [NO, Col("组", INT, lo=4, center=True), Col("项目名称", hi=24), Col("单位", hi=20), Col("年度", INT, lo=6),
            Col("表格类型", lo=10, hi=12), Col("文件", hi=24), Col("工作表", hi=16),
            Col("处理", lo=7, center=True), Col("说明", lo=16, hi=30)]
    groups: dict[tuple, list[dict]] = {}
    for d in book.duplicates:
        groups.setdefault((d["计入的文件"], d["计入的工作表"]), []).append(d)
    body = []
    for n, ((kept_file, kept_sheet), dups) in enumerate(groups.items(), 1):
        d0 = dups[0]
        r = Row([len(body) + 1, n, d0["项目名称"], d0["单位"], d0["年度"], d0["表格类型"], file_label(kept_file, root),
                 kept_sheet, "计入", {"修改时间最新": "修改时间最新的一份", "问题最少": "同时保存的几份中校验问题最少的一份"}.get(
                     d0.get("计入原因", ""), "最先找到的一份")])
        r.links[0] = link(kept_file, out_dir, kept_sheet)
        r.bold[8] = "000000"
        body.append(r)
        for d in dups:
            r = Row([len(body) + 1, n, d["项目名称"], d["单位"], d["年度"], d["表格类型"], file_label(d["文件"], root),
                     d["工作表"], "未计入", f"{d['判定依据']}；{d['数据']}"])
            r.links[0] = link(d["文件"], out_dir, d["工作表"])
            body.append(r)
    note = (f"同一项目提交了不止一份（项目名称、单位、年度相同，或填报内容相同）：{len(groups)} 组中每组只计入一份"
            f"（修改时间最新的；同时保存的几份中校验问题最少的），其余 {len(book.duplicates)} 张表未计入汇总。点击序号打开该表。")
    Sheet(wb, "重复", st).table("重复提交", cols, body, note=note)


def _files(wb, st, book: SummaryBook, name: str, title: str, why: str, records: list[dict]) -> None:
    if not records:
        return
    cols = [NO, Col("文件", lo=20, hi=48), Col(why, lo=30, hi=80)]
    root = book.root or book.out_dir
    body = []
    for n, rec in enumerate(records, 1):
        r = Row([n, file_label(rec["文件"], root), rec["原因"]])
        if Path(rec["文件"]).is_file():
            r.links[0] = link(rec["文件"], book.out_dir)
        body.append(r)
    Sheet(wb, name, st).table(title, cols, body, note=f"共 {len(body)} 个文件。")


# --- charts ------------------------------------------------------------------------------------------

def _cp(size: float, bold: bool = False):
    from openpyxl.drawing.text import CharacterProperties, Font

    return CharacterProperties(latin=Font(typeface=FONT), ea=Font(typeface=FONT), cs=Font(typeface=FONT),
                               sz=int(size * 100), b=bold)


def _rich(size: float, bold: bool = False):
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import Paragraph, ParagraphProperties

    cp = _cp(size, bold)
    return RichText(p=[Paragraph(pPr=ParagraphProperties(defRPr=cp), endParaRPr=cp)])


def _title(text: str, size: float = 12):
    from openpyxl.chart.text import RichText, Text
    from openpyxl.chart.title import Title
    from openpyxl.drawing.text import Paragraph, ParagraphProperties, RegularTextRun

    cp = _cp(size, True)
    para = Paragraph(pPr=ParagraphProperties(defRPr=cp), r=[RegularTextRun(rPr=cp, t=text)])
    return Title(tx=Text(rich=RichText(p=[para])), overlay=False)


def _axes(chart, title_y: str) -> None:
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.x_axis.txPr = _rich(9)
    chart.y_axis.txPr = _rich(9)
    chart.x_axis.tickLblSkip = 1  # every bar its label
    chart.x_axis.tickMarkSkip = 1
    chart.y_axis.title = _title(title_y, 9)


def _place(ws, chart, x_cm: float, y_pt: float, w_cm: float, h_pt: float) -> None:
    """Put a chart at a fixed place and size: rows have fixed heights and column widths differ between
    Excel and LibreOffice, so neither the place nor the size is left to the columns."""
    from openpyxl.drawing.spreadsheet_drawing import AbsoluteAnchor
    from openpyxl.drawing.xdr import XDRPoint2D, XDRPositiveSize2D

    emu_cm, emu_pt = 360000, 12700
    chart.anchor = AbsoluteAnchor(pos=XDRPoint2D(x=int(x_cm * emu_cm), y=int(y_pt * emu_pt)),
                                  ext=XDRPositiveSize2D(cx=int(w_cm * emu_cm), cy=int(h_pt * emu_pt)))
    ws.add_chart(chart)


__all__ = ["LEGACY_SHEETS", "MARKER", "SummaryBook", "counts_line", "put", "write_summary"]
