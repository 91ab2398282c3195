"""The summary workbook of `jixiao summarize` and the ribbon's 汇总文件夹, written to print as an official table.

Every sheet prints on A4 landscape with its header row repeated on each page and 第 n 页，共 m 页 below,
in one font family (宋体, the templates' font: cells, 合计 row, footer and charts), with thin borders round
every cell of a table, widths fitted to the content (long text wraps; a table wider than the page is
scaled to its width) and row heights set for the wrapped lines, so Excel, WPS and LibreOffice break the
pages alike. Columns with no value at all (1-6月 when there is no 监控表) and sheets with no rows (an
empty 无法读取) are left out. Charts sit on rows of known height that start a page, each smaller than a
page, so no page break cuts one; the 各表总分 bars are split into charts of at most ``summary_charts.BARS`` bars, each
bar labelled (once: names made unique), its 总分 at its end.

Every string that comes from the input (file, sheet, unit and project names, finding texts) is written as
text: never a formula, with a quote prefix where it starts with = + - @ or a tab, as Excel marks typed text.
The workbook carries the defined name :data:`MARKER`, by which a later summary of the same folder knows it.
"""

from __future__ import annotations

from pathlib import Path

from jixiao.udfs.profile_schema import LIGHT_TEXT

from ..ooxml.package import atomic_write
from ..render.findings import as_json as finding_json
from ..render.findings import label as severity_label
from ..render.text import counts_line, kinds_line
from .summary_charts import grades_sheet, monitor_sheet, scores_sheet
from .summary_rows import FormRow, Summary
from .summary_table import (
    INT,
    MONEY,
    NO,
    PCT,
    SCORE,
    Col,
    Row,
    Sheet,
    Styles,
    SummaryBook,
    file_label,
    is_empty,
    link,
)

MARKER = "jixiao_summary"  # a defined name: "this workbook is a jixiao summary", not a submission
LEGACY_SHEETS = ("汇总", "按单位")  # how a summary written before the marker is known
# the 汇总 sheet's columns and the FormRow field each shows (the CSV has them too)
COLUMNS = {"文件": "file", "工作表": "sheet", "单位": "unit", "项目名称": "project", "表格类型": "kind_name", "年度": "year",
           "全年预算数": "budget", "全年执行数": "spent", "执行率": "rate", "执行率得分": "rate_score", "总分": "total",
           "等级": "grade", "错误数": "errors", "提示数": "warnings", "1-6月执行数": "h1_spent", "1-6月执行率": "h1_rate",
           "预计不能完成指标数": "cannot_complete", "原表金额单位": "source_unit", "原表全年预算数": "source_budget",
           "原表全年执行数": "source_spent"}
FINDING_COLUMNS = ["文件", "sheet", "cell", "severity", "code", "message"]
LIGHT_NAMES = {k: v + "灯" for k, v in LIGHT_TEXT.items()}  # red → 红灯
# a unit left blank, and the forms that have no unit field (a 基础数据表 whose workbook holds no 部门整体 form)
UNFILLED, NO_FIELD = "（未填写单位）", "（表中无单位栏）"


def is_summary(data) -> bool:
    """A summary jixiao wrote: its marker name, or (older ones) its first sheets with their header row."""
    if MARKER in data.defined_names:
        return True
    sheets = {g.name: g for g in data.sheets}
    if not set(LEGACY_SHEETS) <= set(sheets):
        return False
    g = sheets[LEGACY_SHEETS[0]]
    return any(g.value(r, 1) == "文件" and g.value(r, 5) == "表格类型" for r in range(1, 4))


def _record(r: FormRow) -> dict:
    return {col: getattr(r, name) for col, name in COLUMNS.items()}


def prepare(summary: Summary, out_dir: Path, root: Path | None) -> SummaryBook:
    """The summary as the workbook's sheets show it (pandas frames, Chinese column names)."""
    import pandas as pd

    rows = pd.DataFrame([_record(r) for r in summary.counted], columns=list(COLUMNS))
    rows["年度"] = rows["年度"].astype("Int64")
    findings = pd.DataFrame([{"文件": r.file, **finding_json(f)} for r in summary.counted for f in r.findings],
                            columns=FINDING_COLUMNS)
    by_unit = pd.DataFrame([{"单位": u["unit"] or (UNFILLED if u["unit_field"] else NO_FIELD), "表格数": u["forms"], "全年预算数": u["budget"], "全年执行数": u["spent"],
                             "执行率": u["rate"], "平均总分": u["average_total"]} for u in summary.by_unit],
                           columns=["单位", "表格数", "全年预算数", "全年执行数", "执行率", "平均总分"])
    grades = pd.DataFrame({"等级": [g for g, _n in summary.grades], "表格数": [n for _g, n in summary.grades]})
    monitor, red = [], []
    for r in summary.counted:
        if r.lights is None:
            continue
        lt = r.lights
        monitor.append({"文件": r.file, "工作表": r.sheet, "单位": r.unit, "项目名称": r.project, "监控月份": lt.month,
                        **{LIGHT_NAMES[k]: n for k, n in lt.counts}, "无法判断": lt.undetermined,
                        "资金预警": LIGHT_TEXT.get(lt.funds, ""), "rule": lt.rule})
        red += [{"文件": r.file, "工作表": r.sheet, "单元格": x.cell, "单位": r.unit, "项目名称": r.project,
                 "指标": x.indicator, "年度指标值": x.target, "完成情况": x.current, "序时进度完成比": x.progress}
                for x in lt.red]
    dups = [{"项目名称": d.row.project, "单位": d.row.unit, "年度": d.row.year, "表格类型": d.row.kind_name,
             "文件": d.row.file, "工作表": d.row.sheet, "计入的文件": d.kept.file, "计入的工作表": d.kept.sheet,
             "判定依据": d.basis, "数据": d.data, "计入原因": d.why} for d in summary.duplicates]

    review = [{"文件": r.file, "工作表": r.sheet, "项目编码": r.review.code, "项目名称": r.project, "单位": r.unit,
               "年度资金": r.review.amount, "金额单位": r.review.unit, "指标数": r.review.indicators,
               "状态": "未填写" if r.review.blank else "", **dict(r.review.groups), "问题": "；".join(r.review.problems)}
              for r in summary.counted if r.review is not None]

    def listed(xs):
        return [{"文件": x.file, "原因": x.reason} for x in xs]

    return SummaryBook(rows=rows, by_unit=by_unit, grades=grades, findings=findings, duplicates=dups,
                       monitor=monitor, red=red, review=review, unrecognised=listed(summary.unrecognised),
                       unreadable=listed(summary.unreadable), skipped=listed(summary.skipped),
                       counts=summary.counts, totals=summary.totals, out_dir=out_dir, root=root, kinds=summary.kinds)


# --- the workbook ------------------------------------------------------------------------------------

SUMMARY_COLS = [
    NO, Col("文件", hi=24), Col("工作表", hi=18), Col("单位", hi=22), Col("项目名称", hi=24), Col("表格类型", lo=10, hi=14),
    Col("年度", INT, lo=6, center=True), Col("全年预算数", MONEY, lo=10), Col("全年执行数", MONEY, lo=10),
    Col("执行率", PCT, lo=8), Col("执行率得分", SCORE, lo=7), Col("总分", SCORE, lo=7), Col("等级", lo=5, center=True),
    Col("错误数", INT, lo=5), Col("提示数", INT, lo=5), Col("1-6月执行数", MONEY, lo=10), Col("1-6月执行率", PCT, lo=8),
    Col("预计不能完成指标数", INT, lo=8), Col("原表金额单位", lo=6, center=True), Col("原表全年预算数", MONEY, lo=12),
    Col("原表全年执行数", MONEY, lo=12),
]
ALWAYS = {"序号", "文件", "工作表", "表格类型"}  # kept even when empty: where each row comes from


def write_summary(out: Path, summary: Summary, out_dir: Path, root: Path | None, csv=None) -> None:
    """The summary workbook at ``out`` (and its 汇总 sheet as CSV at ``csv``), each written whole or not at all."""
    from openpyxl import Workbook
    from openpyxl.workbook.defined_name import DefinedName

    book = prepare(summary, out_dir, root)

    wb = Workbook()
    wb.remove(wb.active)
    st = Styles()
    _summary(wb, st, book)
    _by_unit(wb, st, book)
    grades_sheet(wb, st, book)
    scores_sheet(wb, st, book)
    monitor_sheet(wb, st, book)
    _review(wb, st, book)
    _findings(wb, st, book)
    _duplicates(wb, st, book)
    _files(wb, st, book, "无法识别", "未识别到自评表的文件", "说明", book.unrecognised)
    _files(wb, st, book, "无法读取", "无法读取的文件", "原因", book.unreadable)
    _files(wb, st, book, "已跳过", "未汇总的 jixiao 生成文件", "原因", book.skipped)
    if "图表数据" in wb.sheetnames:
        wb.move_sheet("图表数据", len(wb.sheetnames) - 1 - wb.sheetnames.index("图表数据"))
    wb.defined_names[MARKER] = DefinedName(MARKER, attr_text='"jixiao"')
    wb.properties.title, wb.properties.creator = "绩效自评汇总表", "jixiao"
    atomic_write(out, wb.save)
    if csv:
        write_csv(csv, book.rows)


_CSV_RISKY = ("=", "+", "-", "@", "\t", "\r")
_CSV_FORMATS = {"执行率": "{:.2%}", "1-6月执行率": "{:.2%}", "执行率得分": "{:.2f}", "总分": "{:.2f}",
                "全年预算数": "{:.2f}", "全年执行数": "{:.2f}", "1-6月执行数": "{:.2f}", "原表全年预算数": "{:.2f}",
                "原表全年执行数": "{:.2f}"}


def _csv_cell(column: str, v):
    """A figure as the summary shows it (93.16%, 2813.15); a text Excel would run as a formula gets a leading
    apostrophe."""
    if v is None or v != v:  # None, NaN
        return ""
    if column in _CSV_FORMATS and isinstance(v, (int, float)):
        return _CSV_FORMATS[column].format(v)
    if isinstance(v, str) and v.startswith(_CSV_RISKY):
        return f"'{v}"
    return v


def write_csv(path, rows) -> None:
    import csv as csvlib
    import io

    buf = io.StringIO()
    w = csvlib.writer(buf)
    w.writerow(list(rows.columns))
    for rec in rows.to_dict("records"):
        w.writerow([_csv_cell(c, rec[c]) for c in rows.columns])
    data = buf.getvalue().encode("utf-8-sig")
    atomic_write(path, lambda f: f.write(data))


def _year_title(rows, what: str) -> str:
    years = {int(y) for y in rows["年度"].dropna()} if len(rows) else set()
    return f"{years.pop()}年度{what}" if len(years) == 1 else what


def _summary(wb, st, book: SummaryBook) -> None:
    rows, out_dir, t = book.rows, book.out_dir, book.totals
    root = book.root or out_dir
    cols = [c for c in SUMMARY_COLS if c.name in ALWAYS or not all(is_empty(v) for v in rows[c.name])]
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
    note = f"{kinds_line(book.kinds, t['forms'])}（{counts_line(c)}"
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
    body = [Row([r["单位"], r["表格数"], r["全年预算数"], r["全年执行数"], r["执行率"], r["平均总分"]])
            for r in df.to_dict("records")]
    t = book.totals
    scores = book.rows["总分"].dropna()
    total = Row(["合计", int(df["表格数"].sum()), t["budget"], t["spent"], t["rate"],
                 round(float(scores.mean()), 2) if len(scores) else None])
    Sheet(wb, "按单位", st).table(_year_title(book.rows, "绩效自评汇总表（按单位）"), cols, body, total=total,
                                page=110)


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


REVIEW_GROUPS = ("完整性", "可测性", "可行性", "相关性")


def _review(wb, st, book: SummaryBook) -> None:
    """目标审核: a row per declared project, its findings counted by criterion, linked to the sheet."""
    if not book.review:
        return
    root = book.root or book.out_dir
    cols = [NO, Col("文件", hi=22), Col("工作表", hi=16), Col("项目编码", hi=22), Col("项目名称", hi=24), Col("单位", hi=20),
            Col("年度资金", MONEY, lo=10), Col("金额单位", lo=6, center=True), Col("指标数", INT, lo=6),
            *(Col(g, INT, lo=6) for g in REVIEW_GROUPS), Col("问题", lo=20, hi=60)]
    body = []
    for n, rec in enumerate(book.review, 1):
        r = Row([n, file_label(rec["文件"], root), rec["工作表"], rec["项目编码"], rec["项目名称"], rec["单位"],
                 rec["年度资金"], rec["金额单位"], rec["指标数"], *(rec.get(g, 0) for g in REVIEW_GROUPS),
                 rec["问题"] or ("未填写" if rec["状态"] else "未发现问题")])
        r.links[0] = link(rec["文件"], book.out_dir, rec["工作表"])
        body.append(r)
    blank = sum(1 for rec in book.review if rec["状态"])
    note = (f"共 {len(body)} 张绩效目标申报表" + (f"，其中 {blank} 张尚未填写" if blank else "")
            + "。按完整性、可测性、可行性、相关性统计审核发现的问题，明细见“问题清单”。点击序号打开该表。")
    Sheet(wb, "目标审核", st).table("绩效目标审核", cols, body, note=note, filter=True)


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


__all__ = ["LEGACY_SHEETS", "MARKER", "is_summary", "prepare", "write_summary"]
