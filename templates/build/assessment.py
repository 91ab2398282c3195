"""附表3 整体绩效自评表 (考核内容/计分标准) from an :class:`~jixiao.templates.specs.AssessmentSpec`: each section
(一、二、…) totals its items; a row whose 计分标准 awards a share of the projects' average (所有项目平均得分×80%)
computes it from an input cell, with the share read from that text as the engine reads it."""

from __future__ import annotations

from ..labels import SECTION_MARKS, average_share
from ..specs import AssessmentSpec
from .common import COMPUTED, INPUT, cell, footer, lines, page, title

NOTE = ("注：①本表是对部门预算绩效管理工作整体情况的考核；②本表第二项考核内容按项目评分，"
        "各项最后得分是每个项目具体得分的加权平均值，部门在申报该表时应另附单个项目的绩效评价表。")
FOOTER = "填报单位主要负责人（签章）：        分管领导（签字）：        填报人（签字）："


def write_assessment(ws, spec: AssessmentSpec, year: int = 2023) -> dict:
    r = title(ws, spec, "F", year)
    ws.merge_cells(f"A{r}:F{r}")
    cell(ws, f"A{r}", "填报单位名称：（盖章）                    填报日期：", left=True, border=False)
    h = r + 1
    for col, lab in zip("ABCDEF", spec.columns, strict=True):
        cell(ws, f"{col}{h}", lab, bold=True)
    rows: dict[str, int] = {}
    sections: list[tuple[int, list[int]]] = []
    for i, row in enumerate(spec.rows, h + 1):
        rows[row.content] = i
        is_section = row.content.startswith(SECTION_MARKS)
        cell(ws, f"A{i}", row.content, left=True, bold=is_section)
        cell(ws, f"B{i}", row.weight)
        cell(ws, f"C{i}", row.standard or None, left=True)
        cell(ws, f"D{i}", None, INPUT, locked=False, fmt="0.00")
        cell(ws, f"E{i}", None, INPUT, locked=False, fmt="0.00")
        cell(ws, f"F{i}", None, INPUT, locked=False)
        if is_section:
            sections.append((i, []))
        elif sections:
            sections[-1][1].append(i)
    avg_row = max(rows.values()) + 1
    cell(ws, f"A{avg_row}", spec.average_label, left=True)
    cell(ws, f"B{avg_row}", None)
    cell(ws, f"C{avg_row}", "填写各项目支出绩效自评表总分的平均值", left=True)
    cell(ws, f"D{avg_row}", None, INPUT, locked=False, fmt="0.00")
    for col in "EF":
        cell(ws, f"{col}{avg_row}", None)
    for row in spec.rows:
        share = average_share(row.standard)
        if share is not None:
            cell(ws, f"D{rows[row.content]}", f'=IF(D{avg_row}="","",ROUND(D{avg_row}*{share:g},2))', COMPUTED,
                 fmt="0.00")
    for sec, items in sections:
        if items:
            formula = f"=D{items[0]}" if len(items) == 1 else f"=SUM(D{items[0]}:D{items[-1]})"
            cell(ws, f"D{sec}", formula, COMPUTED, fmt="0.00")
    total = avg_row + 1
    cell(ws, f"A{total}", "合 计", bold=True)
    cell(ws, f"B{total}", 100)
    cell(ws, f"C{total}", None)
    cell(ws, f"D{total}", "=" + "+".join(f"N(D{sec})" for sec, _ in sections), COMPUTED, fmt="0.00")
    for col in "EF":
        cell(ws, f"{col}{total}", None)
    ws.merge_cells(f"A{total + 1}:F{total + 1}")
    cell(ws, f"A{total + 1}", NOTE, left=True, border=False)
    for rr in [*rows.values(), avg_row]:
        ws.row_dimensions[rr].height = max(20, 14 * lines(ws[f"C{rr}"].value, 60) + 4)
    ws.row_dimensions[total + 1].height = 32
    footer(ws, total + 2, "F", FOOTER)
    page(ws, {"A": 22, "B": 8, "C": 60, "D": 10, "E": 10, "F": 10}, landscape=True, title_rows=f"{h}:{h}")
    return {"total": f"D{total}", "project": f"D{rows[spec.rows[-1].content]}", "average": f"D{avg_row}",
            "rows": rows}
