"""Lay a spec out as a ready-to-fill workbook: labels, merges, borders, 宋体, widths, A4 print setup,
dropdowns, notes, input cells marked, computed cells protected and carrying native formulas.

Native formulas cover what Excel can compute by itself (执行率, 执行率得分, 分值合计, 总分, 等级), so the
template works without the add-in and in WPS. Indicator scores need text parsing: recompute, the
ribbon or =JX_SCORE fill them.
"""

from __future__ import annotations

import csv
from pathlib import Path

from jixiao.udfs import get_profile
from jixiao.udfs.profiles import WORKBOOK_NAME
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from .specs import SPECS, ProjectFormSpec

FONT = "宋体"
INPUT = PatternFill("solid", fgColor="FFF2CC")  # light yellow: type here
COMPUTED = PatternFill("solid", fgColor="E7E6E6")  # grey: computed, protected
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WIDTHS = {"A": 6, "B": 14, "C": 16, "D": 26, "E": 16, "F": 16, "G": 8, "H": 10, "I": 14, "J": 14}
TARGET_NOTE = ("年度指标值：写比较符、数值和单位，如 ≥90%、=3 次、≤44.80万元、2023年12月31日前；"
               "定性指标写预期效果，如 显著提高。完成值写实际数值，如 95%、3 次。")
PROJECT_COLUMNS = ("项目名称", "主管部门", "实施单位", "年初预算数", "全年预算数", "全年执行数")


def list_templates() -> list[tuple[str, str]]:
    return [(s.id, s.title + ("（新疆）" if s.profile == "xinjiang" else "")) for s in SPECS.values()]


def _rate_score_formula(profile: str, rate: str, weight: str) -> str | None:
    """None when no Excel formula can give the profile's figure: a system that rounds the binary double
    (xinjiang) gives 9.84 for 99.38% where Excel's ROUND gives 9.85; recompute fills that cell."""
    p = get_profile(profile)
    if p.rounding != "half_up_decimal":
        return None
    if p.rate_method == "proportional":
        return f'=IF({rate}="","",ROUND(MIN({rate},1)*{weight},2))'
    floor = p.rate_floor * 100
    return (f'=IF({rate}="","",IF({rate}*100<{floor:g},0,'
            f"ROUND(MIN((ROUND({rate}*100,2)-{floor:g})/{100 - floor:g}*{weight},{weight}),2)))")


def _grade_formula(profile: str, total: str) -> str:
    bands = get_profile(profile).grades
    expr = f'"{bands[-1].grade}"'
    for g in reversed(bands[:-1]):
        expr = f'IF({total}>={g.min:g},"{g.grade}",{expr})'
    return f'="等级："&IF({total}="","",{expr})'


def write_project_form(ws, spec: ProjectFormSpec, project: dict | None = None, profile: str | None = None) -> dict:
    """One 项目支出绩效自评表 on ``ws``; returns the addresses of its parts (for tests and callers)."""
    profile = profile or spec.profile
    project = project or {}
    style = {"font": Font(name=FONT, size=10), "alignment": Alignment(horizontal="center", vertical="center",
                                                                         wrap_text=True)}

    def put(cell, value=None, fill=None, bold=False, left=False, locked=True):
        c = ws[cell]
        if value is not None:
            c.value = value
        c.font = Font(name=FONT, size=10, bold=bold)
        c.alignment = Alignment(horizontal="left" if left else "center", vertical="center", wrap_text=True)
        if fill is not None:
            c.fill = fill
        c.protection = Protection(locked=locked)
        return c

    def box(rng):
        for row in ws[rng]:
            for c in row:
                c.border = BOX
                if c.font.name != FONT:
                    c.font, c.alignment = style["font"], style["alignment"]

    r = 1
    if spec.attachment:
        put("A1", spec.attachment, left=True)
        r += 1
    ws.merge_cells(f"A{r}:J{r}")
    title = put(f"A{r}", spec.title)
    title.font = Font(name=FONT, size=16, bold=True)
    ws.row_dimensions[r].height = 30
    r += 1
    ws.merge_cells(f"A{r}:J{r}")
    put(f"A{r}", f"（{project.get('年度', '2023')}年度）")
    top = r + 1
    r = top
    ws.merge_cells(f"A{r}:B{r}")
    put(f"A{r}", "项目名称", bold=True)
    ws.merge_cells(f"C{r}:J{r}")
    put(f"C{r}", project.get("项目名称"), INPUT, left=True, locked=False)
    r += 1
    ws.merge_cells(f"A{r}:B{r}")
    put(f"A{r}", "主管部门", bold=True)
    ws.merge_cells(f"C{r}:E{r}")
    put(f"C{r}", project.get("主管部门"), INPUT, left=True, locked=False)
    ws.merge_cells(f"F{r}:G{r}")
    put(f"F{r}", "实施单位", bold=True)
    ws.merge_cells(f"H{r}:J{r}")
    put(f"H{r}", project.get("实施单位"), INPUT, left=True, locked=False)
    r += 1
    head = r
    n_fund_rows = 1 + len(spec.fund_rows)
    ws.merge_cells(f"A{head}:B{head + n_fund_rows}")
    put(f"A{head}", "项目资金\n（万元）", bold=True)
    for col, lab in zip("DEFGHI", ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"), strict=True):
        put(f"{col}{head}", lab, bold=True)
    ws.merge_cells(f"I{head}:J{head}")
    r = head + 1
    total_row = r
    put(f"C{r}", "年度资金总额")
    for col, key in zip("DEF", PROJECT_COLUMNS[3:], strict=True):
        c = put(f"{col}{r}", project.get(key), INPUT, locked=False)
        c.number_format = "#,##0.00"
    put(f"G{r}", spec.rate_weight, COMPUTED)
    rate = put(f"H{r}", f'=IF(OR(E{r}="",E{r}=0,F{r}=""),"",ROUND(F{r}/E{r},4))', COMPUTED)
    rate.number_format = "0.00%"
    ws.merge_cells(f"I{r}:J{r}")
    formula = _rate_score_formula(profile, f"H{r}", f"G{r}")
    score = put(f"I{r}", formula, COMPUTED)
    score.number_format = "0.00"
    if formula is None:
        score.comment = Comment("本规则按财政系统的浮点算法取整（如 99.38% 得 9.84），Excel 的 ROUND 在半分处不同："
                                "请点“重算得分”或运行 jixiao recompute 填写。", "jixiao")
    for lab in spec.fund_rows:
        r += 1
        put(f"C{r}", lab)
        for col in "DEF":
            put(f"{col}{r}", None, INPUT, locked=False).number_format = "#,##0.00"
        for col in "GHI":
            put(f"{col}{r}", "—")
        ws.merge_cells(f"I{r}:J{r}")
    box(f"A{head}:J{r}")
    r += 1
    ws.merge_cells(f"A{r}:B{r + 1}")
    put(f"A{r}", "年度总体目标", bold=True)
    ws.merge_cells(f"C{r}:F{r}")
    put(f"C{r}", "预期目标", bold=True)
    ws.merge_cells(f"G{r}:J{r}")
    put(f"G{r}", "实际完成情况", bold=True)
    ws.merge_cells(f"C{r + 1}:F{r + 1}")
    put(f"C{r + 1}", None, INPUT, left=True, locked=False)
    ws.merge_cells(f"G{r + 1}:J{r + 1}")
    put(f"G{r + 1}", None, INPUT, left=True, locked=False)
    ws.row_dimensions[r + 1].height = 60
    box(f"A{r}:J{r + 1}")
    r += 2
    hrow = r
    for col, lab in zip("BCDEFGHI", ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
                                     "偏差原因分析及改进措施"), strict=True):
        put(f"{col}{hrow}", lab, bold=True)
    ws.merge_cells(f"I{hrow}:J{hrow}")
    ws[f"E{hrow}"].comment = Comment(TARGET_NOTE, "jixiao")
    first = hrow + 1
    r = first
    level2_names = []
    for g in spec.groups:
        g_start = r
        for l2 in g.level2:
            ws.merge_cells(f"C{r}:C{r + spec.rows_per_level2 - 1}")
            put(f"C{r}", l2)
            level2_names.append(l2)
            for k in range(spec.rows_per_level2):
                for col in "DEFG":
                    put(f"{col}{r + k}", None, INPUT, left=col == "D", locked=False)
                put(f"H{r + k}", None, COMPUTED).number_format = "0.00"
                ws.merge_cells(f"I{r + k}:J{r + k}")
                put(f"I{r + k}", None, INPUT, left=True, locked=False)
            r += spec.rows_per_level2
        ws.merge_cells(f"B{g_start}:B{r - 1}")
        put(f"B{g_start}", f"{g.level1}（{g.weight:g}分）" if g.weight else g.level1, bold=True)
    last = r - 1
    ws.merge_cells(f"A{hrow}:A{last}")
    put(f"A{hrow}", "绩\n效\n指\n标", bold=True)
    total = r
    ws.merge_cells(f"A{total}:F{total}")
    put(f"A{total}", "总分", bold=True)
    put(f"G{total}", f"=G{total_row}+SUM(G{first}:G{last})", COMPUTED)
    t = put(f"H{total}", f'=IF(COUNT(H{first}:H{last})=0,"",ROUND(N(I{total_row})+SUM(H{first}:H{last}),2))'
            if formula else None, COMPUTED)
    t.number_format = "0.00"
    ws.merge_cells(f"I{total}:J{total}")
    put(f"I{total}", _grade_formula(profile, f"H{total}") if formula else "等级：", COMPUTED, bold=True)
    box(f"A{hrow}:J{total}")
    put(f"A{total + 1}", spec.note, left=True)
    ws.merge_cells(f"A{total + 1}:J{total + 1}")
    ws.merge_cells(f"A{total + 2}:J{total + 2}")
    put(f"A{total + 2}", "填表人：            填报日期：            联系电话：            单位负责人签字：", left=True)
    # dropdowns for the indicator levels; staff may rename a row's 二级 within the official list
    dv1 = DataValidation(type="list", formula1='"' + ",".join(g.level1 for g in spec.groups) + '"', allow_blank=True)
    dv2 = DataValidation(type="list", formula1='"' + ",".join(dict.fromkeys(level2_names)) + '"', allow_blank=True)
    for dv, col in ((dv1, "B"), (dv2, "C")):
        dv.error, dv.errorTitle = "请从下拉列表中选择", "指标名称"
        ws.add_data_validation(dv)
        dv.add(f"{col}{first}:{col}{last}")
    for col, w in WIDTHS.items():
        ws.column_dimensions[col].width = w
    for rr in range(first, last + 1):
        ws.row_dimensions[rr].height = 30
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = f"{hrow}:{hrow}"
    ws.print_options.horizontalCentered = True
    ws.protection.sheet = True  # no password: protection guards formulas from slips, not from people
    ws.protection.formatRows = ws.protection.formatColumns = False
    return {"funds_row": total_row, "rate": f"H{total_row}", "rate_score": f"I{total_row}",
            "header_row": hrow, "first": first, "last": last, "total": f"H{total}", "grade": f"I{total}",
            "project_name": f"C{top}", "department": f"C{top + 1}", "unit": f"H{top + 1}"}


def read_projects(path) -> list[dict]:
    """The --projects list: .csv (UTF-8 or GBK) or .xlsx with a header row of 项目名称, 主管部门, …"""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        raw = path.read_bytes()
        for enc in ("utf-8-sig", "gbk"):
            try:
                text = raw.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValueError(f"{path.name}：无法识别文件编码（请另存为 UTF-8）")
        rows = list(csv.DictReader(text.splitlines()))
    else:
        ws = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        it = ws.iter_rows(values_only=True)
        head = [str(h).strip() if h is not None else "" for h in next(it)]
        rows = [dict(zip(head, r, strict=False)) for r in it if any(v not in (None, "") for v in r)]
    if not rows or "项目名称" not in rows[0]:
        raise ValueError(f"{path.name}：第一行应为表头，至少包含“项目名称”列")
    out = []
    for i, row in enumerate(rows, 2):
        p = {k.strip(): (v.strip() if isinstance(v, str) else v) for k, v in row.items() if k}
        for key in PROJECT_COLUMNS[3:]:
            v = p.get(key)
            if isinstance(v, str) and v:
                try:
                    p[key] = float(v.replace(",", ""))
                except ValueError:
                    raise ValueError(f"{path.name} 第 {i} 行：{key}“{v}”不是数字") from None
        out.append(p)
    return out


def new_workbook(template_id: str, out, profile: str | None = None, projects: list[dict] | None = None) -> list[dict]:
    if template_id not in SPECS:
        known = "、".join(SPECS)
        raise ValueError(f"未知的模板“{template_id}”，可选：{known}")
    spec = SPECS[template_id]
    profile = get_profile(profile or spec.profile).id
    wb = Workbook()
    wb.remove(wb.active)
    wheres = []
    for i, proj in enumerate(projects or [{}], 1):
        name = str(proj.get("项目名称") or spec.title)
        title = "".join(ch for ch in name if ch not in "[]:*?/\\")[:28] or f"项目{i}"
        if title in wb.sheetnames:
            title = f"{title[:25]}_{i}"
        wheres.append(write_project_form(wb.create_sheet(title), spec, proj, profile))
    wb.defined_names[WORKBOOK_NAME] = DefinedName(WORKBOOK_NAME, attr_text=f'"{profile}"')
    wb.save(out)
    return wheres
