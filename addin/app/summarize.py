"""A folder of submissions into one summary workbook for the finance bureau (`jixiao summarize`).

Each file is read, scored and checked in a worker process (work spread over the cores, memory bounded
per file, a bad file only ever produces a row in 无法读取). pandas groups and totals; openpyxl writes a
new workbook with native charts.
"""

from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from jixiao.templates.model import FormKind

from ..checks import check_form
from ..render import findings as F
from . import pipeline

COLUMNS = ["文件", "工作表", "单位", "项目名称", "表格类型", "全年预算数", "全年执行数", "执行率", "执行率得分",
           "总分", "等级", "错误数", "提示数", "1-6月执行数", "1-6月执行率", "预计不能完成指标数"]
MONEY, PCT, SCORE = "#,##0.00", "0.00%", "0.00"
FORMATS = {"全年预算数": MONEY, "全年执行数": MONEY, "执行率": PCT, "执行率得分": SCORE, "总分": SCORE,
           "1-6月执行数": MONEY, "1-6月执行率": PCT}
GRADES = ("优", "良", "中", "差")


def summarize_file(path: str, profile: str | None = None) -> dict:
    """Plain rows for one file (runs in a worker; returns only JSON-able data)."""
    wb = pipeline.analyze_file(path, profile)
    if wb.error:
        return {"file": path, "error": wb.error, "rows": [], "findings": []}
    rows, findings = [], []
    for form in wb.forms:
        fs = check_form(form)
        findings += [{"文件": path, **F.as_json(x)} for x in fs]
        f = form.funds.figures if form.funds and form.funds.figures else None
        row = {
            "文件": path, "工作表": form.sheet, "单位": str(form.header_value("dept_name", "department", "unit") or ""),
            "项目名称": str(form.header_value("project_name") or ""),
            "表格类型": form.kind_name, "全年预算数": f.budget if f else None, "全年执行数": f.spent if f else None,
            "执行率": f.rate if f else None, "执行率得分": f.score if f else None, "总分": form.total_value,
            "等级": form.grade_value or "",
            "错误数": sum(x.severity == "error" for x in fs), "提示数": sum(x.severity == "warning" for x in fs),
        }
        if form.kind == FormKind.MONITOR:  # a mid-year table: its 执行数 is 1-6月, not the year's
            row.update({"全年执行数": None, "执行率": None, "1-6月执行数": f.spent if f else None,
                        "1-6月执行率": f.rate if f else None,
                        "预计不能完成指标数": sum(m.can_complete is False for m in form.monitor_rows)})
        rows.append(row)
    return {"file": path, "error": None, "rows": rows, "findings": findings}


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r汇总中 [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def collect(paths, profile: str | None = None, workers: int | None = None) -> list[dict]:
    files = [str(p) for p in pipeline.expand_paths(paths)]
    workers = workers or min(os.cpu_count() or 1, 8)
    out: list[dict] = []
    if workers <= 1 or len(files) < 8:
        for i, f in enumerate(files, 1):
            out.append(_safe(f, profile))
            _progress(i, len(files))
        return out
    with ProcessPoolExecutor(max_workers=workers) as ex:
        for i, r in enumerate(ex.map(_safe, files, [profile] * len(files), chunksize=8), 1):
            out.append(r)
            _progress(i, len(files))
    return out


def _safe(path: str, profile: str | None) -> dict:
    try:
        return summarize_file(path, profile)
    except Exception as e:  # a bad file never stops the run
        return {"file": path, "error": f"{Path(path).name}：处理失败（{type(e).__name__}: {e}）", "rows": [], "findings": []}


def frames(results: list[dict]):
    import pandas as pd

    rows = pd.DataFrame([r for res in results for r in res["rows"]], columns=COLUMNS)
    rows = rows.sort_values(["单位", "文件", "工作表"], kind="stable").reset_index(drop=True)
    findings = pd.DataFrame([f for res in results for f in res["findings"]],
                            columns=["文件", "sheet", "cell", "severity", "code", "message"])
    bad = pd.DataFrame([{"文件": r["file"], "原因": r["error"]} for r in results if r["error"]], columns=["文件", "原因"])
    scored = rows[rows["全年预算数"].notna() & rows["全年执行数"].notna()]
    by_unit = scored.groupby("单位", dropna=False).agg(
        表格数=("工作表", "count"), 全年预算数=("全年预算数", "sum"), 全年执行数=("全年执行数", "sum"),
        平均总分=("总分", "mean")).reset_index()
    by_unit["执行率"] = by_unit["全年执行数"] / by_unit["全年预算数"]
    grades = rows[rows["等级"] != ""]["等级"].value_counts().reindex(GRADES, fill_value=0)
    grade_df = pd.DataFrame({"等级": list(GRADES), "表格数": [int(grades[g]) for g in GRADES]})
    return rows, by_unit, grade_df, findings, bad


def totals(rows) -> dict:
    year = rows[rows["全年执行数"].notna()]  # a year's budget only beside a year's spending
    budget = round(float(year["全年预算数"].sum()), 2)
    spent = round(float(year["全年执行数"].sum()), 2)
    return {"forms": len(rows), "budget": budget, "spent": spent, "rate": round(spent / budget, 4) if budget else None}


def write_workbook(out: Path, rows, by_unit, grade_df, findings, bad, out_dir: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, PieChart, Reference
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    head_font, head_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")

    def table(ws, df, widths):
        ws.append(list(df.columns))
        for row in df.itertuples(index=False):
            ws.append([None if (isinstance(v, float) and v != v) else v for v in row])
        for c, col in enumerate(df.columns, 1):
            ws.cell(1, c).font, ws.cell(1, c).fill = head_font, head_fill
            ws.column_dimensions[get_column_letter(c)].width = widths.get(col, 12)
            if col in FORMATS:
                for r in range(2, ws.max_row + 1):
                    ws.cell(r, c).number_format = FORMATS[col]
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(df.columns))}{max(ws.max_row, 1)}"

    ws = wb.active
    ws.title = "汇总"
    table(ws, rows, {"文件": 30, "工作表": 12, "单位": 28, "项目名称": 36, "表格类型": 22})
    for r in range(2, ws.max_row + 1):  # file names link to the submission
        cell = ws.cell(r, 1)
        cell.hyperlink = os.path.relpath(cell.value, out_dir)
        cell.value = Path(cell.value).name
    t = totals(rows)
    n = ws.max_row + 1
    ws.cell(n, 1, "合计").font = head_font
    ws.cell(n, 5, f"{t['forms']} 张表")
    for col, key in (("全年预算数", "budget"), ("全年执行数", "spent"), ("执行率", "rate")):
        c = COLUMNS.index(col) + 1
        ws.cell(n, c, t[key]).number_format = FORMATS[col]
        ws.cell(n, c).font = head_font
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{n - 1}"

    wu = wb.create_sheet("按单位")
    table(wu, by_unit, {"单位": 30})
    for r in range(2, wu.max_row + 1):
        wu.cell(r, 5).number_format = SCORE
    wg = wb.create_sheet("等级分布")
    table(wg, grade_df, {})
    pie = PieChart()
    pie.title = "等级分布"
    pie.add_data(Reference(wg, min_col=2, min_row=1, max_row=5), titles_from_data=True)
    pie.set_categories(Reference(wg, min_col=1, min_row=2, max_row=5))
    wg.add_chart(pie, "D2")
    bar_g = BarChart()
    bar_g.title = "各等级表格数"
    bar_g.add_data(Reference(wg, min_col=2, min_row=1, max_row=5), titles_from_data=True)
    bar_g.set_categories(Reference(wg, min_col=1, min_row=2, max_row=5))
    wg.add_chart(bar_g, "D18")

    wf = wb.create_sheet("问题清单")
    fdf = findings.rename(columns={"sheet": "工作表", "cell": "单元格", "severity": "级别", "code": "代码", "message": "问题"})
    table(wf, fdf, {"文件": 30, "工作表": 12, "问题": 90})
    for r in range(2, wf.max_row + 1):
        f, sheet, cell = wf.cell(r, 1).value, wf.cell(r, 2).value, wf.cell(r, 3).value
        wf.cell(r, 3).hyperlink = f"{os.path.relpath(f, out_dir)}#'{sheet}'!{cell}"
        wf.cell(r, 1).value = Path(f).name
        wf.cell(r, 4).value = F.label(wf.cell(r, 4).value)

    wb_bad = wb.create_sheet("无法读取")
    table(wb_bad, bad, {"文件": 40, "原因": 90})

    wc = wb.create_sheet("图表")
    scored = rows[rows["总分"].notna()]
    wc.append(["表格", "总分"])
    for row in scored.itertuples(index=False):
        wc.append([row.项目名称 or row.工作表, row.总分])
    chart = BarChart()
    chart.type = "bar"
    chart.title = "各表总分"
    chart.y_axis.title = "总分"
    chart.height = max(7.5, 0.6 * len(scored))
    chart.width = 22
    chart.add_data(Reference(wc, min_col=2, min_row=1, max_row=len(scored) + 1), titles_from_data=True)
    chart.set_categories(Reference(wc, min_col=1, min_row=2, max_row=len(scored) + 1))
    wc.add_chart(chart, "D2")
    wc.column_dimensions["A"].width = 36
    for sheet in wb.worksheets:  # A4 landscape, one page wide, header row repeated
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.print_title_rows = "1:1"
    wb.save(out)


def summarize(paths, out, profile=None, csv=None, workers=None) -> dict:
    out = Path(out)
    results = collect(paths, profile, workers)
    rows, by_unit, grade_df, findings, bad = frames(results)
    write_workbook(out, rows, by_unit, grade_df, findings, bad, out.resolve().parent)
    if csv:
        rows.to_csv(csv, index=False, encoding="utf-8-sig")
    return {"output": str(out), "totals": totals(rows),
            "rows": rows.astype(object).where(rows.notna(), None).to_dict("records"),
            "by_unit": by_unit.astype(object).where(by_unit.notna(), None).to_dict("records"),
            "grades": dict(zip(grade_df["等级"], grade_df["表格数"], strict=True)),
            "unreadable": bad.to_dict("records")}
