"""The summary workbook's charts: 等级分布 (pie and bars), 各表总分 (horizontal bars, at most :data:`BARS` to a
chart, one chart to a page) and 监控预警 (stacked lights per project). Each chart sits at a fixed place on rows
of known height below its table, smaller than a page, so no page break cuts one; the figures they draw are on
a hidden 图表数据 sheet."""

from __future__ import annotations

import math

from .summary_table import (
    FONT,
    INT,
    NO,
    PAGE_HEIGHT,
    PCT,
    SCORE,
    Col,
    Row,
    Sheet,
    SummaryBook,
    clean,
    link,
    page_setup,
    put,
    shorten,
)

CHART_ROW = 15.0  # points per row under a chart
BARS = 20  # bars per 各表总分 chart: one chart fits a page and every bar keeps its label


def _data_sheet(wb):
    """The charts' own figures (the grades given at least once, the 总分 in bar order) on a hidden sheet:
    nothing of them prints."""
    if "图表数据" not in wb.sheetnames:
        ws = wb.create_sheet("图表数据")
        ws.sheet_state = "hidden"
    return wb["图表数据"]


def _rows_height(ws, upto: int) -> float:
    return sum(ws.row_dimensions[r].height or 15.0 for r in range(1, upto))


def grades_sheet(wb, st, book: SummaryBook) -> None:
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


def scores_sheet(wb, st, book: SummaryBook) -> None:
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


def monitor_sheet(wb, st, book: SummaryBook) -> None:
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
                note="亮灯规则：" + "；".join(dict.fromkeys(m["rule"] for m in book.monitor)))  # each form's profile
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
        rbody = [Row([i, r["单位"], r["项目名称"] or r["工作表"], r["指标"], clean(r["年度指标值"]), clean(r["完成情况"]),
                      r["序时进度完成比"]], {0: link(r["文件"], book.out_dir, r["工作表"], r["单元格"])})
                 for i, r in enumerate(book.red, 1)]
        reds.table("红灯指标（须填写偏差原因）", rcols, rbody, page=80)


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
