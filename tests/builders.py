"""Workbooks built from the seed tables, laid out the way departments drift from the official forms.

Each ``Variant`` switch is one thing real files do: a title row above the form, 一级/二级 merged
down or repeated on every row, a label over two merged columns, labels broken over lines or padded
with spaces, amounts typed as text, rates as %-formatted numbers, weights in group labels, a cover
sheet, scores left empty for recompute.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Side
from openpyxl.utils import get_column_letter


@dataclass(frozen=True)
class Variant:
    title_rows: int = 0  # "附件4" and a title above the form
    levels: str = "merge"  # merge | repeat | first (first row only, rest blank)
    wide_name: bool = False  # 三级指标 over two merged columns: everything right of it shifts
    spaced_labels: bool = False  # "年度\n指标值", "分　值", " 得分 "
    text_amounts: bool = False  # "1,994.00"
    rate_as_number: bool = True  # 0.9938 with 0.00% format, else the text "99.38%"
    group_weights: bool = False  # 产出指标(50分)
    stated: bool = True  # fill the published scores; False leaves them for recompute
    cover: bool = False  # a notes sheet before the form
    lead_col: bool = True  # the vertical "绩效指标" column left of 一级指标
    inline_header: bool = False  # "项目名称：……" typed into one cell, no value cell beside the label

    def label(self, text: str) -> str:
        if not self.spaced_labels:
            return text
        if len(text) == 2:
            return text[0] + "\u3000" + text[1]
        return text[: len(text) // 2] + "\n" + text[len(text) // 2:] if len(text) > 4 else f" {text} "


THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

VARIANTS = {
    "plain": Variant(),
    "titled_repeat": Variant(title_rows=2, levels="repeat", text_amounts=True, rate_as_number=False),
    "wide_spaced": Variant(wide_name=True, spaced_labels=True, levels="first", cover=True),
    "weights_noleading": Variant(group_weights=True, lead_col=False, title_rows=1, inline_header=True),
}


def _amount(v: float, var: Variant):
    return f"{v:,.2f}" if var.text_amounts else v


def _rate(text: str, var: Variant):
    if var.rate_as_number:
        return round(float(text.rstrip("%")) / 100, 4)
    return text


def _text(ws, r, c, v):
    """Text as typed: "=3 次" is a value here, not a formula (openpyxl would write it as one)."""
    cell = ws.cell(r, c, v)
    if isinstance(v, str) and v.startswith("="):
        cell.data_type = "s"
    return cell


def _runs(keys: list) -> list[tuple[int, int]]:
    """Consecutive runs of equal keys as (first, last) indexes."""
    out = []
    for i, k in enumerate(keys):
        if out and keys[out[-1][0]] == k:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


def write_project(ws, proj: dict, var: Variant, title: str = "项目支出绩效自评表", stated_total=None) -> dict:
    """Lay one project table out on ``ws``; return where the figures went (for the tests)."""
    r = 1
    if var.title_rows:
        ws.cell(r, 1, "附件4")
        r += 1
        if var.title_rows > 1:
            ws.cell(r, 1, f"2023年度{title}")
            r += 1
    else:
        ws.cell(r, 1, title)
        r += 1
    ws.cell(r, 1, "(2023 年度)")
    r += 1
    lead = 1 if var.lead_col else 0
    c_l1 = 1 + lead
    c_l2 = c_l1 + 1
    c_name = c_l2 + 1
    shift = 1 if var.wide_name else 0
    c_target = c_name + 1 + shift
    c_actual, c_weight, c_score, c_reason = c_target + 1, c_target + 2, c_target + 3, c_target + 4
    last = c_reason

    # header fields
    name_label = "项目名称" if title.startswith("项目") else "部门名称"
    if var.inline_header:
        ws.cell(r, 1, f"{name_label}：{proj['name']}")
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=last)
    else:
        ws.cell(r, 1, var.label(name_label))
        ws.cell(r, 3, proj["name"])
        ws.merge_cells(start_row=r, start_column=3, end_row=r, end_column=last)
    r += 1
    if "department" in proj and var.inline_header:
        ws.cell(r, 1, f"主管部门：{proj['department']}")
        ws.cell(r, c_actual, f"实施单位： {proj.get('unit')}")
        r += 1
    elif "department" in proj:
        ws.cell(r, 1, var.label("主管部门"))
        ws.cell(r, 3, proj["department"])
        ws.cell(r, c_actual, var.label("实施单位"))
        ws.cell(r, c_weight, proj.get("unit"))
        r += 1

    # funds block: label row then 年度资金总额 row
    f = proj["funds"]
    ws.cell(r, 1, "项目资金\n（万元）")
    ws.merge_cells(start_row=r, start_column=1, end_row=r + 3, end_column=c_l1 if lead else 1)
    heads = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    fc = {h: c_name + 1 + i for i, h in enumerate(heads)}
    for h, c in fc.items():
        ws.cell(r, c, var.label(h))
    r += 1
    ws.cell(r, c_name, "年度资金总额")
    ws.cell(r, fc["年初预算数"], _amount(f["budget_initial"], var))
    ws.cell(r, fc["全年预算数"], _amount(f["budget"], var))
    ws.cell(r, fc["全年执行数"], _amount(f["spent"], var))
    ws.cell(r, fc["分值"], f["weight"])
    rate_cell = ws.cell(r, fc["执行率"], _rate(f["rate"], var) if var.stated else None)
    rate_cell.number_format = "0.00%"
    score_cell = ws.cell(r, fc["得分"], f["score"] if var.stated else None)
    where = {"rate": rate_cell.coordinate, "funds_score": score_cell.coordinate, "indicators": []}
    r += 1
    for row in proj.get("funds_rows", []):
        ws.cell(r, c_name, row["label"])
        for key, h in (("budget_initial", "年初预算数"), ("budget", "全年预算数"), ("spent", "全年执行数")):
            ws.cell(r, fc[h], _amount(row[key], var))
        for h in ("分值", "执行率", "得分"):
            ws.cell(r, fc[h], "—")
        r += 1
    if not proj.get("funds_rows"):
        r += 2

    ws.cell(r, 1, "年度总体目标")
    ws.cell(r, 3, "预期目标")
    ws.cell(r, c_actual, "实际完成情况")
    r += 1
    ws.cell(r, 3, proj.get("goal_expected", ""))
    ws.cell(r, c_actual, proj.get("goal_actual", ""))
    r += 1

    # indicator header
    hrow = r
    if lead:
        ws.cell(r, 1, "绩\n效\n指\n标")
    heads = [(c_l1, "一级指标"), (c_l2, "二级指标"), (c_name, "三级指标"), (c_target, "年度指标值"),
             (c_actual, "实际完成值"), (c_weight, "分值"), (c_score, "得分"), (c_reason, "偏差原因分析及改进措施")]
    for c, h in heads:
        ws.cell(r, c, var.label(h))
    if var.wide_name:
        ws.merge_cells(start_row=r, start_column=c_name, end_row=r, end_column=c_name + 1)
    r += 1
    first_ind_row = r
    inds = proj["indicators"]
    group_weights = {}
    if var.group_weights:
        for ind in inds:
            group_weights[ind["level1"]] = group_weights.get(ind["level1"], 0) + ind["weight"]
    runs = {c_l1: _runs([i["level1"] for i in inds]), c_l2: _runs([(i["level1"], i["level2"]) for i in inds])}
    for col, col_runs in runs.items():
        for start, end in col_runs:
            ind = inds[start]
            label = ind["level1"] if col == c_l1 else ind["level2"]
            if col == c_l1 and var.group_weights:
                label = f"{label}({group_weights[ind['level1']]:g}分)"
            rows = range(start, end + 1) if var.levels == "repeat" else [start]
            for k in rows:
                ws.cell(r + k, col, label)
            if var.levels == "merge" and end > start:
                ws.merge_cells(start_row=r + start, start_column=col, end_row=r + end, end_column=col)
    for ind in inds:
        ws.cell(r, c_name, ind["name"])
        if var.wide_name:
            ws.merge_cells(start_row=r, start_column=c_name, end_row=r, end_column=c_name + 1)
        _text(ws, r, c_target, ind["target"])
        _text(ws, r, c_actual, ind["actual"])
        ws.cell(r, c_weight, ind["weight"])
        sc = ws.cell(r, c_score, ind["score"] if var.stated else None)
        sc.number_format = "0.00"
        ws.cell(r, c_reason, ind.get("reason") or None)
        where["indicators"].append(sc.coordinate)
        r += 1
    ws.cell(r, c_l1, "总分")
    ws.merge_cells(start_row=r, start_column=c_l1, end_row=r, end_column=c_actual)
    ws.cell(r, c_weight, 100)
    total = ws.cell(r, c_score, (stated_total if stated_total is not None else proj.get("total_text", proj["total"]))
                    if var.stated else None)
    where["total"] = total.coordinate
    if proj.get("grade_cell"):
        g = ws.cell(r, c_reason, f"等级：{proj.get('grade', '')}" if var.stated else "等级：")
        where["grade"] = g.coordinate
    r += 1
    ws.cell(r + 1, 1, "填表人：        填报日期：           联系电话：        单位负责人签字：")
    for row in ws.iter_rows(min_row=hrow, max_row=r - 1, max_col=last):
        for cell in row:
            cell.border = BOX
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    where["first_indicator_row"] = first_ind_row
    return where


def project_workbook(path, projects: list[dict], var: Variant, profile: str | None = None) -> list[dict]:
    wb = Workbook()
    wb.remove(wb.active)
    if var.cover:
        ws = wb.create_sheet("填表说明")
        ws["A1"] = "填表说明：一个项目一张表，金额以万元为单位，保留两位小数。"
    wheres = []
    for proj in projects:
        ws = wb.create_sheet(f"项目{proj['no']}")
        wheres.append(write_project(ws, proj, var))
        for c in range(1, 12):
            ws.column_dimensions[get_column_letter(c)].width = 14
    if profile:
        from openpyxl.workbook.defined_name import DefinedName

        wb.defined_names["jixiao_profile"] = DefinedName("jixiao_profile", attr_text=f'"{profile}"')
    wb.save(path)
    return wheres


def overall_from_seed001(seed001: dict) -> dict:
    t = seed001["overall"]
    return {"no": "整体", "name": t["department"], "funds": t["funds"], "indicators": t["indicators"],
            "total": t["total"], "total_text": t["total_text"], "grade": t["grade"], "grade_cell": True}


def write_basic_data(ws, b: dict, title_row: bool = True) -> dict:
    """附件2 基础数据表: staffing block, then 经费控制情况 rows with three year columns."""
    r = 1
    if title_row:
        ws.cell(r, 1, b.get("attachment", "附件2"))
        r += 1
    ws.cell(r, 1, b["title"])
    r += 1
    s = b["staffing"]
    ws.cell(r, 1, s["label"])
    for i, col in enumerate(s["columns"]):
        ws.cell(r, 2 + i, col)
    ws.cell(r + 1, 2, s["authorized"])
    ws.cell(r + 1, 3, s["actual"])
    rate = ws.cell(r + 1, 4, s["control_rate"])
    where = {"control_rate": rate.coordinate, "rows": {}}
    r += 2
    e = b["expense_control"]
    ws.cell(r, 1, e["label"])
    for i, col in enumerate(e["columns"]):
        ws.cell(r, 2 + i, col)
    r += 1
    for row in e["rows"]:
        ws.cell(r, 1, row["label"])
        for i, key in enumerate(("final_2022", "budget_2023", "final_2023")):
            ws.cell(r, 2 + i, row[key])
        where["rows"][row["label"]] = r
        r += 1
    ws.cell(r, 1, "厉行节约保障措施")
    ws.cell(r + 1, 1, "填表人：        填报日期：          联系电话：            单位负责人签字：")
    return where


def write_monitor(ws, funds: dict) -> dict:
    """附件5 监控表 funds block: 1-6月执行率 = 1-6月执行数 / (年初预算数 + 年中预算调整数)."""
    ws.cell(1, 1, "附件5")
    ws.cell(2, 1, "2024年度项目支出绩效运行监控表")
    ws.cell(3, 1, "项目名称")
    ws.cell(3, 2, funds.get("name", "示例项目"))
    ws.cell(3, 5, "监控年度")
    ws.cell(3, 6, 2024)
    ws.cell(4, 1, "主管部门及代码")
    ws.cell(4, 2, "示例部门")
    ws.cell(4, 5, "实施单位")
    ws.cell(4, 6, "示例单位")
    ws.cell(5, 1, "项目资金\n（万元）")
    for i, h in enumerate(("项目资金", "年初预算数", "年中预算调整数", "1-6月执行数", "1-6月执行率", "全年预计执行数")):
        ws.cell(5, 2 + i, h)
    ws.cell(6, 2, "年度资金总额")
    ws.cell(6, 3, funds["initial"])
    ws.cell(6, 4, funds["adjust"])
    ws.cell(6, 5, funds["h1"])
    rate = ws.cell(6, 6, funds.get("stated_rate"))
    rate.number_format = "0.00%"
    ws.cell(6, 7, funds.get("forecast"))
    ws.cell(8, 1, "绩效指标")
    for i, h in enumerate(("一级指标", "二级指标", "三级指标", "指标类型", "年度指标值", "计量单位", "1-6月完成情况",
                           "全年预计\n完成情况", "偏差原因分析", "全年预计能否完成", "备注")):
        ws.cell(8, 2 + i, h)
    return {"rate": rate.coordinate}


def write_assessment(ws, a: dict) -> dict:
    """seed 002 附表3: 考核内容 / 分值 / 计分标准 / 自评分数 / 评定分数 / 备注."""
    ws.cell(1, 1, "附表3")
    ws.cell(2, 1, a["title"])
    ws.cell(3, 1, a["fill_unit"])
    for i, col in enumerate(a["columns"]):
        ws.cell(4, 1 + i, col)
    where = {}
    r = 5
    for row in a["rows"]:
        ws.cell(r, 1, row["content"])
        ws.cell(r, 2, row["weight"])
        ws.cell(r, 3, row["standard"] or None)
        ws.cell(r, 4, row["self_score"])
        where[row["content"]] = f"D{r}"
        r += 1
    for note in a.get("notes", []):
        ws.cell(r, 1, note)
        r += 1
    return where
