"""Lay a spec out as a ready-to-fill workbook: labels, merges, borders, 宋体, widths, A4 print setup,
dropdowns, notes, input cells marked, computed cells protected and carrying native formulas.

Native formulas cover what Excel can compute by itself (执行率, 执行率得分, 分值合计, 总分, 等级), so the
template works without the add-in and in WPS. Indicator scores need text parsing: recompute, the
ribbon or =JX_SCORE fill them.
"""

from __future__ import annotations

from datetime import date

from jixiao.udfs import Profile, get_profile
from jixiao.udfs.profiles import WORKBOOK_NAME, workbook_ref
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from .formulas import grade_formula, rate_score_formula
from .labels import LABELS, strip_weight
from .specs import MONITOR_CAUSES, MONITOR_COLUMNS, SPECS, FormSpec, ProjectFormSpec

FONT = "宋体"
INPUT = PatternFill("solid", fgColor="FFF2CC")  # light yellow: type here
COMPUTED = PatternFill("solid", fgColor="E7E6E6")  # grey: computed, protected
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
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


def list_templates() -> list[tuple[str, str]]:
    return [(s.id, s.title + ("（新疆）" if s.profile == "xinjiang" else "")) for s in SPECS.values()]


def write_project_form(ws, spec: ProjectFormSpec, project: dict | None = None,
                       profile: str | Profile | None = None) -> dict:
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
        lines = _lines(lab, widths["C"])
        if lines > 1:
            ws.row_dimensions[r].height = 14 * lines
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
        raise ValueError("模板中没有这些指标层级：" + "、".join(f"{a}/{b}" for a, b in by_level))
    last = r - 1
    ws.merge_cells(f"A{hrow}:A{last}")
    put(f"A{hrow}", "绩\n效\n指\n标", bold=True)
    total = r
    wcol, scol = cols["weight"], cols["score"]
    ws.merge_cells(f"A{total}:{_prev(wcol)}{total}")
    put(f"A{total}", "总分", bold=True)
    put(f"{wcol}{total}", f"=G{total_row}+SUM({wcol}{first}:{wcol}{last})", COMPUTED)
    total_formula = (f'=IF(OR(I{total_row}="",COUNT({scol}{first}:{scol}{last})=0),"",'
                     f"ROUND(I{total_row}+SUM({scol}{first}:{scol}{last}),2))")
    put(f"{scol}{total}", total_formula, COMPUTED).number_format = "0.00"
    gcol = _next(scol)
    if gcol != "J":
        ws.merge_cells(f"{gcol}{total}:J{total}")
    put(f"{gcol}{total}", grade_formula(profile, f"{scol}{total}"), COMPUTED, bold=True)
    box(f"A{hrow}:J{total}")
    put(f"A{total + 1}", spec.note, left=True)
    ws.merge_cells(f"A{total + 1}:J{total + 1}")
    ws.merge_cells(f"A{total + 2}:J{total + 2}")
    put(f"A{total + 2}", "填表人：            填报日期：            联系电话：            单位负责人签字：", left=True)
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
    for col, w in widths.items():
        ws.column_dimensions[col].width = w
    reason_width = sum(widths[c] for c in "IJ") if reason_span else widths["J"]
    for rr in range(first, last + 1):  # tall enough for the longest wrapped text typed into the row
        lines = max(_lines(ws[f"{cols['name']}{rr}"].value, widths[cols["name"]]),
                    _lines(ws[f"{cols['reason']}{rr}"].value, reason_width))
        ws.row_dimensions[rr].height = max(30, 14 * lines + 4)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = f"{hrow}:{hrow}"
    ws.print_options.horizontalCentered = True
    ws.protection.sheet = True  # no password: protection guards formulas from slips, not from people
    ws.protection.formatRows = ws.protection.formatColumns = False
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


def _lines(text, width: float) -> int:
    """Wrapped lines of 10-point text in a column ``width`` wide (a CJK character takes two units)."""
    if not isinstance(text, str) or not text:
        return 1
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return max(1, -(-units // max(int(width) - 3, 1)))  # a little slack: Excel wraps at whole characters


def _prev(col: str) -> str:
    return chr(ord(col) - 1)


def _next(col: str) -> str:
    return chr(ord(col) + 1)


def _fill_indicator(ws, row: int, ind: dict, cols: dict[str, str]) -> None:
    for key in ("name", "direction", "target", "actual", "weight", "reason"):
        if key not in cols:
            continue
        c = ws[f"{cols[key]}{row}"]
        c.value = ind.get(key) or None
        if isinstance(c.value, str) and c.value.startswith("="):
            c.data_type = "s"  # "=3 次" is what staff typed, not a formula


def _cell(ws, ref, value=None, fill=None, bold=False, left=False, locked=True, fmt=None, size=10):
    c = ws[ref]
    if value is not None:
        c.value = value
    c.font = Font(name=FONT, size=size, bold=bold)
    c.alignment = Alignment(horizontal="left" if left else "center", vertical="center", wrap_text=True)
    c.border = BOX
    if fill is not None:
        c.fill = fill
    if fmt:
        c.number_format = fmt
    c.protection = Protection(locked=locked)
    return c


def _title(ws, spec, last_col: str, year: str) -> int:
    _cell(ws, "A1", spec.attachment, left=True).border = Border()
    ws.merge_cells(f"A2:{last_col}2")
    t = _cell(ws, "A2", f"{year}年度{spec.title}", size=16, bold=True)
    t.border = Border()
    ws.row_dimensions[2].height = 30
    return 3


def _footer(ws, row: int, last_col: str, text: str = "填表人：          填报日期：          联系电话：          单位负责人签字：") -> None:
    ws.merge_cells(f"A{row}:{last_col}{row}")
    _cell(ws, f"A{row}", text, left=True).border = Border()


def _page(ws, widths: dict, landscape: bool, title_rows: str | None = None) -> None:
    for col, w in widths.items():
        ws.column_dimensions[col].width = w
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    if title_rows:
        ws.print_title_rows = title_rows
    ws.print_options.horizontalCentered = True
    ws.protection.sheet = True
    ws.protection.formatRows = ws.protection.formatColumns = False


BASIC_ROWS = ("三公经费", "1、公务用车购置和维护经费", "其中：公车购置", "公车运行维护", "2、出国经费", "3、公务接待",
              "项目支出：", "1、业务工作经费", "2、运行维护经费", "公用经费", "其中：办公经费", "水费、电费、差旅费",
              "会议费、培训费", "政府采购金额", "部门基本支出预算调整")


def write_basic_data(ws, spec, year: int = 2023) -> dict:
    """附件2: 财政供养人员 (控制率 computed) and 经费控制情况 (三公经费 and 公务用车 computed from their parts)."""
    r = _title(ws, spec, "D", str(year))
    for col, lab in zip("ABCD", ("财政供养人员情况（人）", "编制数", f"{year}年实际在职人数", "控制率"), strict=True):
        _cell(ws, f"{col}{r}", lab, bold=True)
    v = r + 1
    _cell(ws, f"A{v}", None)
    _cell(ws, f"B{v}", None, INPUT, locked=False, fmt="0")
    _cell(ws, f"C{v}", None, INPUT, locked=False, fmt="0")
    _cell(ws, f"D{v}", f'=IF(OR(B{v}="",B{v}=0,C{v}=""),"",ROUND(C{v}/B{v},4))', COMPUTED, fmt="0.00%")
    h = v + 1
    for col, lab in zip("ABCD", ("经费控制情况（万元）", f"{year - 1}年决算数", f"{year}年预算数", f"{year}年决算数"),
                        strict=True):
        _cell(ws, f"{col}{h}", lab, bold=True)
    rows = {lab: h + 1 + i for i, lab in enumerate(BASIC_ROWS)}
    for lab, rr in rows.items():
        _cell(ws, f"A{rr}", lab, left=True)
        for col in "BCD":
            _cell(ws, f"{col}{rr}", None, INPUT, locked=False, fmt="#,##0.00")
    car, three = rows["1、公务用车购置和维护经费"], rows["三公经费"]
    for col in "BCD":
        _cell(ws, f"{col}{car}", f"={col}{car + 1}+{col}{car + 2}", COMPUTED, fmt="#,##0.00")
        _cell(ws, f"{col}{three}", f"={col}{car}+{col}{rows['2、出国经费']}+{col}{rows['3、公务接待']}", COMPUTED,
              fmt="#,##0.00")
    end = max(rows.values()) + 1
    _cell(ws, f"A{end}", "厉行节约保障措施", bold=True)
    ws.merge_cells(f"B{end}:D{end}")
    _cell(ws, f"B{end}", None, INPUT, left=True, locked=False)
    ws.merge_cells(f"A{end + 1}:D{end + 1}")
    _cell(ws, f"A{end + 1}", "说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的一般商品和服务支出。",
          left=True).border = Border()
    _footer(ws, end + 2, "D")
    _page(ws, {"A": 34, "B": 16, "C": 16, "D": 16}, landscape=False)
    return {"control_rate": f"D{v}", "quota": f"B{v}", "actual": f"C{v}", "rows": rows}


def write_monitor(ws, spec, year: int = 2024, project: dict | None = None) -> dict:
    """附件5: funds with 1-6月执行率 = 1-6月执行数 / (年初预算数 + 年中预算调整数), and the indicator grid as
    seed 001 has it: 偏差原因分析 ticked (√) by category with a 原因说明, 全年预计能否完成 ticked under 是 or 否."""
    project = project or {}
    last_col = "R"
    r = _title(ws, spec, last_col, str(year))
    _cell(ws, f"A{r}", "项目名称", bold=True)
    ws.merge_cells(f"B{r}:H{r}")
    _cell(ws, f"B{r}", project.get("项目名称"), INPUT, left=True, locked=False)
    _cell(ws, f"I{r}", "监控年度", bold=True)
    _cell(ws, f"J{r}", year)
    r += 1
    _cell(ws, f"A{r}", "主管部门及代码", bold=True)
    ws.merge_cells(f"B{r}:H{r}")
    _cell(ws, f"B{r}", project.get("主管部门"), INPUT, left=True, locked=False)
    _cell(ws, f"I{r}", "实施单位", bold=True)
    ws.merge_cells(f"J{r}:{last_col}{r}")
    _cell(ws, f"J{r}", project.get("实施单位"), INPUT, left=True, locked=False)
    r += 1
    head = r
    ws.merge_cells(f"A{head}:A{head + 3}")
    _cell(ws, f"A{head}", "项目资金\n（万元）", bold=True)
    for col, lab in zip("BCDEFG", ("项目资金", "年初预算数", "年中预算调整数", "1-6月执行数", "1-6月执行率", "全年预计执行数"),
                        strict=True):
        _cell(ws, f"{col}{head}", lab, bold=True)
    initial, budget = project.get("年初预算数"), project.get("全年预算数")
    listed = {"C": initial, "D": round(budget - initial, 2) if None not in (initial, budget) else None}
    for i, lab in enumerate(("年度资金总额", "其中：本年一般公共预算拨款", "其他资金"), 1):
        rr = head + i
        _cell(ws, f"B{rr}", lab)
        for col in "CDEG":
            _cell(ws, f"{col}{rr}", listed.get(col) if i == 1 else None, INPUT, locked=False, fmt="#,##0.00")
        _cell(ws, f"F{rr}", f'=IF(OR(N(C{rr})+N(D{rr})=0,E{rr}=""),"",ROUND(E{rr}/(N(C{rr})+N(D{rr})),4))',
              COMPUTED, fmt="0.00%")
    r = head + 4
    _cell(ws, f"A{r}", "年度总体目标", bold=True)
    ws.merge_cells(f"B{r}:{last_col}{r}")
    _cell(ws, f"B{r}", None, INPUT, left=True, locked=False)
    r += 1
    h1, h2 = r, r + 1
    for col, lab in zip("BCDEFGHI", ("一级指标", "二级指标", "三级指标", *MONITOR_COLUMNS), strict=True):
        ws.merge_cells(f"{col}{h1}:{col}{h2}")
        _cell(ws, f"{col}{h1}", lab, bold=True)
    ws.merge_cells(f"J{h1}:O{h1}")
    _cell(ws, f"J{h1}", "偏差原因分析", bold=True)
    for col, lab in zip("JKLMNO", (*MONITOR_CAUSES, "原因说明"), strict=True):
        _cell(ws, f"{col}{h2}", lab, bold=True)
    ws.merge_cells(f"P{h1}:Q{h1}")
    _cell(ws, f"P{h1}", "全年预计能否完成", bold=True)
    _cell(ws, f"P{h2}", "是", bold=True)
    _cell(ws, f"Q{h2}", "否", bold=True)
    ws.merge_cells(f"R{h1}:R{h2}")
    _cell(ws, f"R{h1}", "备注", bold=True)
    r = first = h2 + 1
    for g in spec.groups:
        start = r
        for l2 in g.level2:
            _cell(ws, f"C{r}", l2)
            for col in "DEFGHIJKLMNOPQR":
                _cell(ws, f"{col}{r}", None, INPUT, left=col in "DOR", locked=False)
            r += 1
        ws.merge_cells(f"B{start}:B{r - 1}")
        _cell(ws, f"B{start}", g.level1, bold=True)
    last = r - 1
    ws.merge_cells(f"A{h1}:A{last}")
    _cell(ws, f"A{h1}", "绩\n效\n指\n标", bold=True)
    for formula, cols, title in (('"√"', ("J", "N"), "偏差原因"), ('"√"', ("P", "Q"), "全年预计能否完成"),
                                 ('"正向,反向,定性"', ("E", "E"), "指标类型")):  # 指标类型 = direction
        dv = DataValidation(type="list", formula1=formula, allow_blank=True)
        dv.error, dv.errorTitle = "请从下拉列表中选择", title
        ws.add_data_validation(dv)
        dv.add(f"{cols[0]}{first}:{cols[1]}{last}")
    ws.merge_cells(f"A{r}:{last_col}{r}")
    _cell(ws, f"A{r}", "注：1.“偏差原因分析”“全年预计能否完成”在对应列打“√”，并在“原因说明”写明偏差原因及拟采取的措施；"
          "“备注”可说明其他需要说明的事项；2.政策和其他支出的预算绩效运行监控表参照此表设计。", left=True).border = Border()
    ws.row_dimensions[r].height = 28
    _footer(ws, r + 1, last_col, "填报单位（盖章）：          填报人及联系电话：          填报日期：     年    月    日")
    for rr in range(3, last + 1):
        ws.row_dimensions[rr].height = 30 if head <= rr <= head + 3 or rr in (h1, h2) else 22
    ws.row_dimensions[head + 4].height = 40
    _page(ws, {"A": 12, "B": 13, "C": 15, "D": 20, "E": 10, "F": 11, "G": 10, "H": 11, "I": 11,
               **{c: 7 for c in "JKLMN"}, "O": 18, "P": 5, "Q": 5, "R": 14}, landscape=True, title_rows=f"{h1}:{h2}")
    return {"rate": f"F{head + 1}", "initial": f"C{head + 1}", "adjust": f"D{head + 1}", "h1": f"E{head + 1}",
            "forecast": f"G{head + 1}", "name": f"B{head - 2}", "department": f"B{head - 1}", "unit": f"J{head - 1}",
            "first": first, "last": last}


ASSESSMENT_ROWS = (
    ("一、基本支出评价", 20, ""),
    ("1、财务管理", 8, "财务主管及经办人员岗位设置合规得2分，否则不得分；资金使用有完整的审批程序得2分，否则不得分；"
                   "按照规定进行政府采购得2分，否则不得分；实行国库集中支付得2分，否则不得分。"),
    ("2、会计信息质量", 3, "财务会计信息是否真实规范得3分，否则不得分；"),
    ("3、绩效目标设定", 2, "编制部门预算时同步设定单位绩效目标并报送县财政局得2分；未设定不得分。"),
    ("4、三公经费", 3, "每项符合规定（未超预算、比上年下降，按时报送及公开）各得1分，否则不得分。"),
    ("5、预决算公开", 2, "预决算按规定时间内容公开得2分，只公开预算或决算得1分，否则不得分。"),
    ("6、财务报表及资料报送", 2, "按要求报送得2分，否则不得分。"),
    ("二、项目评价", 80, ""),
    ("项目支出评价", 80, "按照预算单位当年所有被评价项目的平均得分评定，自评（评定）分数计算为：所有项目平均得分×80%。"),
)


def write_assessment(ws, spec, year: int = 2023) -> dict:
    """seed 002 附表3: sections total their items; 项目评价 = 所有项目平均得分 × 80% from an input cell."""
    r = _title(ws, spec, "F", str(year))
    ws.merge_cells(f"A{r}:F{r}")
    _cell(ws, f"A{r}", "填报单位名称：（盖章）                    填报日期：", left=True).border = Border()
    h = r + 1
    for col, lab in zip("ABCDEF", ("考核内容", "分值", "计分标准", "自评分数", "评定分数", "备注"), strict=True):
        _cell(ws, f"{col}{h}", lab, bold=True)
    rows = {}
    for i, (content, weight, std) in enumerate(ASSESSMENT_ROWS, h + 1):
        rows[content] = i
        _cell(ws, f"A{i}", content, left=True, bold=content[:2] in ("一、", "二、"))
        _cell(ws, f"B{i}", weight)
        _cell(ws, f"C{i}", std or None, left=True)
        _cell(ws, f"D{i}", None, INPUT, locked=False, fmt="0.00")
        _cell(ws, f"E{i}", None, INPUT, locked=False, fmt="0.00")
        _cell(ws, f"F{i}", None, INPUT, locked=False)
    s1, items = rows["一、基本支出评价"], [rows[c] for c, _w, _s in ASSESSMENT_ROWS[1:7]]
    _cell(ws, f"D{s1}", f"=SUM(D{items[0]}:D{items[-1]})", COMPUTED, fmt="0.00")
    avg_row = max(rows.values()) + 1
    _cell(ws, f"A{avg_row}", "所有项目平均得分", left=True)
    _cell(ws, f"B{avg_row}", None)
    _cell(ws, f"C{avg_row}", "填写各项目支出绩效自评表总分的平均值", left=True)
    _cell(ws, f"D{avg_row}", None, INPUT, locked=False, fmt="0.00")
    for col in "EF":
        _cell(ws, f"{col}{avg_row}", None)
    proj = rows["项目支出评价"]
    _cell(ws, f"D{proj}", f'=IF(D{avg_row}="","",ROUND(D{avg_row}*0.8,2))', COMPUTED, fmt="0.00")
    _cell(ws, f"D{rows['二、项目评价']}", f"=D{proj}", COMPUTED, fmt="0.00")
    total = avg_row + 1
    _cell(ws, f"A{total}", "合 计", bold=True)
    _cell(ws, f"B{total}", 100)
    _cell(ws, f"C{total}", None)
    _cell(ws, f"D{total}", f"=N(D{s1})+N(D{rows['二、项目评价']})", COMPUTED, fmt="0.00")
    for col in "EF":
        _cell(ws, f"{col}{total}", None)
    ws.merge_cells(f"A{total + 1}:F{total + 1}")
    _cell(ws, f"A{total + 1}", "注：①本表是对部门预算绩效管理工作整体情况的考核；②本表第二项考核内容按项目评分，"
          "各项最后得分是每个项目具体得分的加权平均值，部门在申报该表时应另附单个项目的绩效评价表。", left=True).border = Border()
    for rr in [*rows.values(), avg_row]:
        lines = _lines(ws[f"C{rr}"].value, 60)
        ws.row_dimensions[rr].height = max(20, 14 * lines + 4)
    ws.row_dimensions[total + 1].height = 32
    _footer(ws, total + 2, "F", "填报单位主要负责人（签章）：        分管领导（签字）：        填报人（签字）：")
    _page(ws, {"A": 22, "B": 8, "C": 60, "D": 10, "E": 10, "F": 10}, landscape=True, title_rows=f"{h}:{h}")
    return {"total": f"D{total}", "project": f"D{proj}", "average": f"D{avg_row}", "rows": rows}


WRITERS = {"basic_data": write_basic_data, "monitor": write_monitor, "assessment": write_assessment}


def default_year(kind: str, today: date | None = None) -> int:
    """The year a new form is for: a 监控表 watches the current year; a self-evaluation, made in spring,
    looks back on the year before (from July on, the year under way, which is the next one to evaluate)."""
    today = today or date.today()
    if kind == "monitor":
        return today.year
    return today.year - 1 if today.month <= 6 else today.year


def new_workbook(template_id: str | ProjectFormSpec | FormSpec, out, profile: str | None = None,
                 projects: list[dict] | None = None, year: int | None = None) -> list[dict]:
    """A workbook from a template id (or a spec of one's own, e.g. the official layout without group points)."""
    if isinstance(template_id, str) and template_id not in SPECS:
        known = "、".join(SPECS)
        raise ValueError(f"未知的模板“{template_id}”，可选：{known}")
    spec = SPECS[template_id] if isinstance(template_id, str) else template_id
    profile = get_profile(profile or spec.profile)
    year = year or default_year(spec.kind)
    wb = Workbook()
    wb.remove(wb.active)
    wheres = []
    per_project = not isinstance(spec, FormSpec) or spec.kind == "monitor"
    if projects is not None and not per_project:
        raise ValueError(f"“{spec.title}”不按项目分表：--projects 只用于项目支出自评表、部门整体自评表和监控表")
    for i, proj in enumerate([{}] if projects is None else projects, 1):
        name = str(proj.get("项目名称") or spec.title)
        title = "".join(ch for ch in name if ch not in "[]:*?/\\")[:28] or f"项目{i}"
        if title in wb.sheetnames:
            title = f"{title[:25]}_{i}"
        ws = wb.create_sheet(title)
        if isinstance(spec, FormSpec):
            wheres.append(write_monitor(ws, spec, year, project=proj) if spec.kind == "monitor"
                          else WRITERS[spec.kind](ws, spec, year))
        else:
            wheres.append(write_project_form(ws, spec, {"年度": year, **proj}, profile))
    wb.defined_names[WORKBOOK_NAME] = DefinedName(WORKBOOK_NAME, attr_text=f'"{workbook_ref(profile)}"')
    wb.save(out)
    return wheres
