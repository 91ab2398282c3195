"""附件5 项目支出绩效运行监控表 from a :class:`~jixiao.templates.specs.MonitorSpec`: funds with the period's
执行率 = 执行数 / (年初预算数 + 年中预算调整数) computed natively, and the indicator grid with 偏差原因分析 ticked
(√) by category with a 原因说明 and 全年预计能否完成 ticked under 是 or 否. The columns come from the spec."""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..specs import MonitorSpec, label
from .common import COMPUTED, INPUT, cell, footer, page, title

NOTE = ("注：1.“偏差原因分析”“全年预计能否完成”在对应列打“√”，并在“原因说明”写明偏差原因及拟采取的措施；"
        "“备注”可说明其他需要说明的事项；2.政策和其他支出的预算绩效运行监控表参照此表设计。")
FOOTER = "填报单位（盖章）：          填报人及联系电话：          填报日期：     年    月    日"


def _letters(start: int, n: int) -> list[str]:
    return [get_column_letter(start + i) for i in range(n)]


def write_monitor(ws, spec: MonitorSpec, year: int = 2024, project: dict | None = None) -> dict:
    project = project or {}
    # the grid's columns, left to right: lead, 一级, 二级, 三级, the spec's columns, causes, 能否完成, 备注
    grid = _letters(5, len(spec.grid_columns))
    causes = _letters(5 + len(grid), len(spec.causes))
    can = _letters(5 + len(grid) + len(causes), len(spec.can_options))
    remark = get_column_letter(5 + len(grid) + len(causes) + len(can))
    last_col = remark
    r = title(ws, spec, last_col, year)
    cell(ws, f"A{r}", label("project_name"), bold=True)
    ws.merge_cells(f"B{r}:H{r}")
    cell(ws, f"B{r}", project.get("项目名称"), INPUT, left=True, locked=False)
    cell(ws, f"I{r}", "监控年度", bold=True)
    cell(ws, f"J{r}", year)
    r += 1
    cell(ws, f"A{r}", spec.department_label, bold=True)
    ws.merge_cells(f"B{r}:H{r}")
    cell(ws, f"B{r}", project.get("主管部门"), INPUT, left=True, locked=False)
    cell(ws, f"I{r}", label("unit"), bold=True)
    ws.merge_cells(f"J{r}:{last_col}{r}")
    cell(ws, f"J{r}", project.get("实施单位"), INPUT, left=True, locked=False)
    r += 1
    head = r
    n_rows = len(spec.fund_rows)
    ws.merge_cells(f"A{head}:A{head + n_rows}")
    cell(ws, f"A{head}", "项目资金\n（万元）", bold=True)
    fcols = _letters(2, len(spec.funds_columns))  # B: the row label, C 年初, D 调整, E 执行, F 执行率, G 全年预计
    for col, lab in zip(fcols, spec.funds_columns, strict=True):
        cell(ws, f"{col}{head}", lab, bold=True)
    initial, budget = project.get("年初预算数"), project.get("全年预算数")
    listed = {"C": initial, "D": round(budget - initial, 2) if None not in (initial, budget) else None}
    for i, lab in enumerate(spec.fund_rows, 1):
        rr = head + i
        cell(ws, f"B{rr}", lab)
        for col in "CDEG":
            cell(ws, f"{col}{rr}", listed.get(col) if i == 1 else None, INPUT, locked=False, fmt="#,##0.00")
        cell(ws, f"F{rr}", f'=IF(OR(N(C{rr})+N(D{rr})=0,E{rr}=""),"",ROUND(E{rr}/(N(C{rr})+N(D{rr})),4))',
             COMPUTED, fmt="0.00%")
    r = head + n_rows + 1
    cell(ws, f"A{r}", "年度总体目标", bold=True)
    ws.merge_cells(f"B{r}:{last_col}{r}")
    cell(ws, f"B{r}", None, INPUT, left=True, locked=False)
    r += 1
    h1, h2 = r, r + 1
    for col, lab in zip(["B", "C", "D", *grid], (label("level1"), label("level2"), label("level3"),
                                                  *spec.grid_columns), strict=True):
        ws.merge_cells(f"{col}{h1}:{col}{h2}")
        cell(ws, f"{col}{h1}", lab, bold=True)
    ws.merge_cells(f"{causes[0]}{h1}:{causes[-1]}{h1}")
    cell(ws, f"{causes[0]}{h1}", spec.causes_label, bold=True)
    for col, lab in zip(causes, spec.causes, strict=True):
        cell(ws, f"{col}{h2}", lab, bold=True)
    ws.merge_cells(f"{can[0]}{h1}:{can[-1]}{h1}")
    cell(ws, f"{can[0]}{h1}", label("can_complete"), bold=True)
    for col, lab in zip(can, spec.can_options, strict=True):
        cell(ws, f"{col}{h2}", lab, bold=True)
    ws.merge_cells(f"{remark}{h1}:{remark}{h2}")
    cell(ws, f"{remark}{h1}", label("remark"), bold=True)
    r = first = h2 + 1
    inputs = ["D", *grid, *causes, *can, remark]
    wide = {"D", causes[-1], remark}  # names, 原因说明 and 备注 are text: left-aligned
    for g in spec.groups:
        start = r
        for l2 in g.level2:
            cell(ws, f"C{r}", l2)
            for col in inputs:
                cell(ws, f"{col}{r}", None, INPUT, left=col in wide, locked=False)
            r += 1
        ws.merge_cells(f"B{start}:B{r - 1}")
        cell(ws, f"B{start}", g.level1, bold=True)
    last = r - 1
    ws.merge_cells(f"A{h1}:A{last}")
    cell(ws, f"A{h1}", "绩\n效\n指\n标", bold=True)
    for formula, cols, what in (('"√"', (causes[0], causes[-2]), "偏差原因"), ('"√"', (can[0], can[-1]), label("can_complete")),
                                ('"' + ",".join(spec.type_options) + '"', (grid[0], grid[0]), label("monitor_type"))):
        dv = DataValidation(type="list", formula1=formula, allow_blank=True)
        dv.error, dv.errorTitle = "请从下拉列表中选择", what
        ws.add_data_validation(dv)
        dv.add(f"{cols[0]}{first}:{cols[1]}{last}")
    ws.merge_cells(f"A{r}:{last_col}{r}")
    cell(ws, f"A{r}", NOTE, left=True, border=False)
    ws.row_dimensions[r].height = 28
    footer(ws, r + 1, last_col, FOOTER)
    for rr in range(3, last + 1):
        ws.row_dimensions[rr].height = 30 if head <= rr <= head + n_rows or rr in (h1, h2) else 22
    ws.row_dimensions[head + n_rows + 1].height = 40
    widths = {"A": 12, "B": 13, "C": 15, "D": 20, **dict(zip(grid, (10, 11, 10, 11, 11), strict=False)),
              **{c: 7 for c in causes[:-1]}, causes[-1]: 18, **{c: 5 for c in can}, remark: 14}
    page(ws, widths, landscape=True, title_rows=f"{h1}:{h2}")
    return {"rate": f"F{head + 1}", "initial": f"C{head + 1}", "adjust": f"D{head + 1}", "h1": f"E{head + 1}",
            "forecast": f"G{head + 1}", "name": f"B{head - 2}", "department": f"B{head - 1}", "unit": f"J{head - 1}",
            "first": first, "last": last, "columns": dict(zip(spec.grid_columns, grid, strict=True))}
