"""项目支出 / 部门整体 自评表 from a :class:`~jixiao.templates.specs.ProjectFormSpec`: header lines, the funds
block with native 执行率 and 执行率得分 formulas, the indicator table with dropdowns for the levels and the
指标方向, 总分 and 等级 formulas.

Indicator scores need text parsing: recompute, the ribbon or =JX_SCORE fill them.
"""

from __future__ import annotations

from jixiao.udfs import Profile, get_profile
from jixiao.udfs.errors import InputError
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from ..formulas import grade_formula, rate_score_formula, rows_above
from ..labels import LABELS, strip_weight
from ..specs import ProjectFormSpec
from .common import BOX, COMPUTED, FONT, INPUT, cell, default_year, footer, lines, page, text_value

WIDTHS = {"A": 6, "B": 14, "C": 16, "D": 26, "E": 16, "F": 16, "G": 8, "H": 10, "I": 14, "J": 14}
# with 指标方向 in E: 实际完成值 moves to G and needs room; the reason column is J alone
WIDTHS_WITH_DIRECTION = {"A": 5, "B": 15, "C": 17, "D": 22, "E": 11, "F": 15, "G": 13, "H": 9, "I": 10, "J": 24}
DIRECTIONS = ("正向", "反向", "等于", "定性")  # what the recogniser and the scorer read in a 指标方向 column
DIRECTIONS_PROMPT = ("正向：越高越好（≥）；反向：越低越好（≤，如成本）；等于：须恰好达到；定性：文字描述的效果。"
                     "留空时按年度指标值中的比较符计分。")
# indicator-table headers: the official spelling, first in the recogniser's label table
HEADS = {key: LABELS[field][0] for key, field in (
    ("level1", "level1"), ("level2", "level2"), ("name", "level3"), ("target", "target"), ("actual", "actual"),
    ("weight", "weight"), ("score", "score"), ("reason", "reason"))}
HEADS["direction"] = "指标方向"  # one of LABELS["comparator"]; the spec round-trip test reads it back
TARGET_NOTE = ("年度指标值：写比较符、数值和单位，如 ≥90%、=3 次、≤44.80万元、2023年12月31日前；"
               "定性指标写预期效果，如 显著提高。完成值写实际数值，如 95%、3 次。")
PROJECT_COLUMNS = ("项目名称", "主管部门", "实施单位", "年初预算数", "全年预算数", "全年执行数")


def write_project_form(ws, spec: ProjectFormSpec, project: dict | None = None,
                       profile: str | Profile | None = None) -> dict:
    """One 项目支出绩效自评表 on ``ws``; returns the addresses of its parts (for tests and callers)."""
    profile = profile or spec.profile
    project = project or {}
    style = {"font": Font(name=FONT, size=10), "alignment": Alignment(horizontal="center", vertical="center",
                                                                         wrap_text=True)}

    def put(ref, value=None, fill=None, bold=False, left=False, locked=True):
        text = value is not None and fill is INPUT  # what a project list holds is text, never a formula
        c = cell(ws, ref, None if text else value, fill, bold, left, locked, border=False)  # box() draws borders
        if text:
            text_value(c, value)
        return c

    def box(rng):
        for row in ws[rng]:
            for c in row:
                c.border = BOX
                if c.font.name != FONT:
                    c.font, c.alignment = style["font"], style["alignment"]

    r = 1
    if spec.attachment:
        ws.merge_cells("A1:C1")
        put("A1", spec.attachment, left=True)
        r += 1
    ws.merge_cells(f"A{r}:J{r}")
    title = put(f"A{r}", spec.title)
    title.font = Font(name=FONT, size=16, bold=True)
    ws.row_dimensions[r].height = 30
    r += 1
    ws.merge_cells(f"A{r}:J{r}")
    put(f"A{r}", f"（{project.get('年度') or default_year(spec.kind)}年度）")
    top = r + 1
    r = top
    ws.merge_cells(f"A{r}:B{r}")
    put(f"A{r}", spec.name_label, bold=True)
    ws.merge_cells(f"C{r}:J{r}")
    put(f"C{r}", project.get("项目名称"), INPUT, left=True, locked=False)
    r += 1
    if spec.dept_unit_row:
        ws.merge_cells(f"A{r}:B{r}")
        put(f"A{r}", "主管部门", bold=True)
        ws.merge_cells(f"C{r}:E{r}")
        put(f"C{r}", project.get("主管部门"), INPUT, left=True, locked=False)
        ws.merge_cells(f"F{r}:G{r}")
        put(f"F{r}", "实施单位", bold=True)
        ws.merge_cells(f"H{r}:J{r}")
        put(f"H{r}", project.get("实施单位"), INPUT, left=True, locked=False)
        r += 1
    box(f"A{top}:J{r - 1}")  # 项目名称 / 主管部门 lines sit inside the form's frame, as on the official form
    for rr in range(top, r):
        ws.row_dimensions[rr].height = 22
    head = r
    n_fund_rows = 1 + len(spec.fund_rows)
    ws.merge_cells(f"A{head}:B{head + n_fund_rows}")
    put(f"A{head}", spec.funds_label, bold=True)
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
    native = rate_score_formula(profile, f"H{r}", f"G{r}", spec.rate_weight)
    score = put(f"I{r}", native[0] if native else None, COMPUTED)
    score.number_format = "0.00"
    if native is None:
        score.comment = Comment("本规则的执行率得分无法写成 Excel 公式：请点“重算得分”或运行 jixiao recompute 填写。", "jixiao")
    else:
        for name, value in native[1].items():  # the ties where the rule rounds the other way, once per workbook
            if name not in ws.parent.defined_names:
                ws.parent.defined_names[name] = DefinedName(name, attr_text=value)
    widths = WIDTHS_WITH_DIRECTION if spec.direction_column else WIDTHS
    for lab in spec.fund_rows:
        r += 1
        put(f"C{r}", lab)
        n = lines(lab, widths["C"])
        if n > 1:
            ws.row_dimensions[r].height = 14 * n
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
    put(f"C{r + 1}", project.get("年度目标"), INPUT, left=True, locked=False)  # the declared goal, when made from one
    ws.merge_cells(f"G{r + 1}:J{r + 1}")
    put(f"G{r + 1}", None, INPUT, left=True, locked=False)
    ws.row_dimensions[r + 1].height = 60
    box(f"A{r}:J{r + 1}")
    r += 2
    hrow = r
    cols = _indicator_columns(spec)
    for key, col in cols.items():
        put(f"{col}{hrow}", HEADS[key], bold=True)
    reason_span = f"{cols['reason']}{{r}}:J{{r}}" if cols["reason"] != "J" else None
    if reason_span:
        ws.merge_cells(reason_span.format(r=hrow))
    ws[f"{cols['target']}{hrow}"].comment = Comment(TARGET_NOTE, "jixiao")
    inputs = [cols[k] for k in ("name", "direction", "target", "actual", "weight") if k in cols]
    first = hrow + 1
    r = first
    level2_names = []
    by_level = {}
    for ind in project.get("indicators", []):
        key = (strip_weight(ind.get("level1", "")), strip_weight(ind.get("level2", "")))
        by_level.setdefault(key, []).append(ind)
    for g in spec.groups:
        g_start = r
        for l2 in g.level2:
            filled = by_level.pop((g.level1, l2), [])
            n = max(spec.rows_per_level2, len(filled))
            if n > 1:
                ws.merge_cells(f"C{r}:C{r + n - 1}")
            put(f"C{r}", l2)
            level2_names.append(l2)
            for k in range(n):
                for col in inputs:
                    put(f"{col}{r + k}", None, INPUT, left=col == cols["name"], locked=False)
                put(f"{cols['score']}{r + k}", None, COMPUTED).number_format = "0.00"
                if reason_span:
                    ws.merge_cells(reason_span.format(r=r + k))
                put(f"{cols['reason']}{r + k}", None, INPUT, left=True, locked=False)
                if k < len(filled):
                    _fill_indicator(ws, r + k, filled[k], cols)
            r += n
        ws.merge_cells(f"B{g_start}:B{r - 1}")
        put(f"B{g_start}", f"{g.level1}（{g.weight:g}分）" if g.weight else g.level1, bold=True)
    if by_level:
        raise InputError("模板中没有这些指标层级：{levels}", levels="、".join(f"{a}/{b}" for a, b in by_level))
    last = r - 1
    ws.merge_cells(f"A{hrow}:A{last}")
    put(f"A{hrow}", "绩\n效\n指\n标", bold=True)
    total = r
    wcol, scol = cols["weight"], cols["score"]
    ws.merge_cells(f"A{total}:{_prev(wcol)}{total}")
    put(f"A{total}", "总分", bold=True)
    # 分值合计 and 总分 take in rows inserted anywhere in the table (the sheet lets staff insert rows)
    weights, scores = rows_above(wcol, hrow), rows_above(scol, hrow)
    put(f"{wcol}{total}", f"=G{total_row}+SUM({weights})", COMPUTED)
    total_formula = (f'=IF(OR(I{total_row}="",COUNT({scores})=0),"",'
                     f"ROUND(I{total_row}+SUM({scores}),{get_profile(profile).digits}))")
    put(f"{scol}{total}", total_formula, COMPUTED).number_format = "0.00"
    gcol = _next(scol)
    if gcol != "J":
        ws.merge_cells(f"{gcol}{total}:J{total}")
    put(f"{gcol}{total}", grade_formula(profile, f"{scol}{total}"), COMPUTED, bold=True)
    box(f"A{hrow}:J{total}")
    put(f"A{total + 1}", spec.note, left=True)
    ws.merge_cells(f"A{total + 1}:J{total + 1}")
    footer(ws, total + 2, "J")
    # dropdowns for the indicator levels; staff may rename a row's 二级 within the official list
    lists = [("level1", [g.level1 for g in spec.groups], None), ("level2", list(dict.fromkeys(level2_names)), None)]
    if "direction" in cols:
        lists.append(("direction", list(DIRECTIONS), DIRECTIONS_PROMPT))
    for key, items, prompt in lists:
        col, title = cols[key], HEADS[key]
        dv = DataValidation(type="list", formula1='"' + ",".join(items) + '"', allow_blank=True,
                            showErrorMessage=True, errorStyle="warning")  # warns, still accepts the form's own wording
        dv.error, dv.errorTitle = "不在下拉列表中：请从列表中选择，或确认这样填写", title
        dv.prompt, dv.promptTitle, dv.showInputMessage = prompt, title, prompt is not None
        ws.add_data_validation(dv)
        dv.add(f"{col}{first}:{col}{last}")
    # any value, with the spelling hint shown as soon as a 年度指标值 / 实际完成值 cell is selected
    hint = DataValidation(allow_blank=True, showInputMessage=True, promptTitle="填写方法", prompt=TARGET_NOTE)
    ws.add_data_validation(hint)
    hint.add(f"{cols['target']}{first}:{cols['actual']}{last}")
    page(ws, widths, landscape=False, title_rows=f"{hrow}:{hrow}")
    reason_width = sum(widths[c] for c in "IJ") if reason_span else widths["J"]
    for rr in range(first, last + 1):  # tall enough for the longest wrapped text typed into the row
        n = max(lines(ws[f"{cols['name']}{rr}"].value, widths[cols["name"]]),
                lines(ws[f"{cols['reason']}{rr}"].value, reason_width))
        ws.row_dimensions[rr].height = max(30, 14 * n + 4)
    where = {"funds_row": total_row, "rate": f"H{total_row}", "rate_score": f"I{total_row}",
             "header_row": hrow, "first": first, "last": last, "total": f"{scol}{total}", "grade": f"{gcol}{total}",
             "total_weight": f"{wcol}{total}", "name": f"C{top}", "columns": cols}
    if spec.dept_unit_row:
        where.update(department=f"C{top + 1}", unit=f"H{top + 1}")
    return where


def _indicator_columns(spec: ProjectFormSpec) -> dict[str, str]:
    """Where each indicator field goes. With a 指标方向 column the reason keeps J alone instead of I:J."""
    keys = ["level1", "level2", "name", "direction", "target", "actual", "weight", "score", "reason"]
    if not spec.direction_column:
        keys.remove("direction")
    return dict(zip(keys, "BCDEFGHIJ", strict=False))


def _prev(col: str) -> str:
    return chr(ord(col) - 1)


def _next(col: str) -> str:
    return chr(ord(col) + 1)


def _fill_indicator(ws, row: int, ind: dict, cols: dict[str, str]) -> None:
    for key in ("name", "direction", "target", "actual", "weight", "reason"):
        if key not in cols:
            continue
        text_value(ws[f"{cols[key]}{row}"], ind.get(key) or None)  # "=3 次" is what staff typed, not a formula


