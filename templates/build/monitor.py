"""附件5 项目支出绩效运行监控表 from a :class:`~jixiao.templates.specs.MonitorSpec`: funds with the period's
执行率 = 执行数 / (年初预算数 + 年中预算调整数) computed natively, and the indicator grid with 偏差原因分析 ticked
(√) by category with a 原因说明 and 全年预计能否完成 ticked under 是 or 否. The columns come from the spec.

The 监控期 cell holds the month (6, shown as 1-6月); a 预警 column shows each indicator's light and the funds
row's (红/黄/绿/蓝, coloured by conditional formats), computed natively by the profile's rule (M1–M6) from
hidden helper columns, so the form lights up without the add-in and equals the engine's lights."""

from __future__ import annotations

from jixiao.udfs import get_profile
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..specs import MonitorSpec, label
from .common import COMPUTED, INPUT, cell, footer, page, text_value, title

NOTE = ("注：1.“偏差原因分析”“全年预计能否完成”在对应列打“√”，并在“原因说明”写明偏差原因及拟采取的措施；"
        "“备注”可说明其他需要说明的事项；2.政策和其他支出的预算绩效运行监控表参照此表设计。")
FOOTER = "填报单位（盖章）：          填报人及联系电话：          填报日期：     年    月    日"


def _letters(start: int, n: int) -> list[str]:
    return [get_column_letter(start + i) for i in range(n)]


def write_monitor(ws, spec: MonitorSpec, year: int = 2024, project: dict | None = None, profile=None) -> dict:
    project = project or {}
    profile = get_profile(profile or spec.profile)
    # the grid's columns, left to right: lead, 一级, 二级, 三级, the spec's columns, causes, 能否完成, 预警, 备注;
    # then the hidden helper columns of the 预警 formulas
    grid = _letters(5, len(spec.grid_columns))
    causes = _letters(5 + len(grid), len(spec.causes))
    can = _letters(5 + len(grid) + len(causes), len(spec.can_options))
    light = get_column_letter(5 + len(grid) + len(causes) + len(can))
    remark = get_column_letter(6 + len(grid) + len(causes) + len(can))
    helpers = dict(zip(HELPERS, _letters(7 + len(grid) + len(causes) + len(can), len(HELPERS)), strict=True))
    month_helper = helpers["t_txt"]  # the month the formulas use, in the helper column beside the 监控期 row
    last_col = remark
    r = title(ws, spec, last_col, year)
    cell(ws, f"A{r}", label("project_name"), bold=True)
    ws.merge_cells(f"B{r}:H{r}")
    cell(ws, f"B{r}", project.get("项目名称"), INPUT, left=True, locked=False)
    cell(ws, f"I{r}", "监控年度", bold=True)
    cell(ws, f"J{r}", year)
    month_cell, month = f"L{r}", f"${month_helper}${r}"
    cell(ws, f"K{r}", label("monitor_period"), bold=True)
    ws.merge_cells(f"L{r}:{last_col}{r}")
    cell(ws, month_cell, spec.month, INPUT, left=True, locked=False, fmt='"1-"0"月"')
    dv = DataValidation(type="whole", operator="between", formula1="1", formula2="12", allow_blank=False)
    dv.error, dv.errorTitle = "监控期填 1 到 12 的月份数（6 即 1-6月）", label("monitor_period")
    ws.add_data_validation(dv)
    dv.add(month_cell)
    ws[f"{month_helper}{r}"] = month_formula(f"$L${r}", spec.month)
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
    funds_light = get_column_letter(2 + len(fcols))  # H: 预警 beside 全年预计执行数
    cell(ws, f"{funds_light}{head}", label("light"), bold=True)
    initial, budget = project.get("年初预算数"), project.get("全年预算数")
    listed = {"C": initial, "D": round(budget - initial, 2) if None not in (initial, budget) else None}
    for i, lab in enumerate(spec.fund_rows, 1):
        rr = head + i
        cell(ws, f"B{rr}", lab)
        for col in "CDEG":
            cell(ws, f"{col}{rr}", listed.get(col) if i == 1 else None, INPUT, locked=False, fmt="#,##0.00")
        cell(ws, f"F{rr}", f'=IF(OR(N(C{rr})+N(D{rr})=0,E{rr}=""),"",ROUND(E{rr}/(N(C{rr})+N(D{rr})),4))',
             COMPUTED, fmt="0.00%")
        cell(ws, f"{funds_light}{rr}", funds_light_formula(f"C{rr}", f"D{rr}", f"E{rr}", month, profile), COMPUTED)
    colour_lights(ws, f"{funds_light}{head + 1}:{funds_light}{head + n_rows}")
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
    ws.merge_cells(f"{light}{h1}:{light}{h2}")
    cell(ws, f"{light}{h1}", label("light"), bold=True)
    ws.merge_cells(f"{remark}{h1}:{remark}{h2}")
    cell(ws, f"{remark}{h1}", label("remark"), bold=True)
    r = first = h2 + 1
    inputs = ["D", *grid, *causes, *can, remark]
    wide = {"D", causes[-1], remark}  # names, 原因说明 and 备注 are text: left-aligned
    by_level: dict[tuple[str, str], list[dict]] = {}
    for ind in project.get("indicators", []):  # declared indicators (new monitor --from): their rows filled in
        by_level.setdefault((ind["level1"], ind["level2"]), []).append(ind)
    for g in spec.groups:
        start = r
        for l2 in g.level2:
            filled = by_level.pop((g.level1, l2), [])
            for k in range(max(1, len(filled))):
                cell(ws, f"C{r}", l2)
                for col in inputs:
                    cell(ws, f"{col}{r}", None, INPUT, left=col in wide, locked=False)
                if k < len(filled):
                    text_value(ws[f"D{r}"], filled[k]["name"])
                    text_value(ws[f"{grid[1]}{r}"], filled[k].get("target"))
                h = {k: f"{c}{r}" for k, c in helpers.items()}
                for key, f in {**side_formulas(f"{grid[1]}{r}", h, "t"), "t_cmp": target_comparator(h),
                               "dir": direction_formula(f"{grid[0]}{r}", h),
                               **side_formulas(f"{grid[3]}{r}", h, "a")}.items():
                    ws[h[key]] = f
                cell(ws, f"{light}{r}", light_formula(h, month, profile), COMPUTED)
                r += 1
        ws.merge_cells(f"B{start}:B{r - 1}")
        cell(ws, f"B{start}", g.level1, bold=True)
    last = r - 1
    colour_lights(ws, f"{light}{first}:{light}{last}")
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
              **{c: 7 for c in causes[:-1]}, causes[-1]: 18, **{c: 5 for c in can}, light: 6, remark: 14}
    page(ws, widths, landscape=True, title_rows=f"{h1}:{h2}")
    for c in helpers.values():
        ws.column_dimensions[c].hidden = True
    ws.print_area = f"A1:{last_col}{r + 1}"
    return {"rate": f"F{head + 1}", "initial": f"C{head + 1}", "adjust": f"D{head + 1}", "h1": f"E{head + 1}",
            "forecast": f"G{head + 1}", "name": f"B{head - 2}", "department": f"B{head - 1}", "unit": f"J{head - 1}",
            "month": month_cell, "funds_light": f"{funds_light}{head + 1}", "light": light,
            "first": first, "last": last, "columns": dict(zip(spec.grid_columns, grid, strict=True))}


# --- the native lights (M1–M6): the same 红/黄/绿/蓝 as jixiao.udfs.monitoring, without the add-in --------
#
# Hidden helper columns read each row's 年度指标值 and 1-X月完成情况 as the value parser reads them: a number
# (a %-formatted cell in percent points), or text of comparator + number + unit (≥100, ＜5起, 不低于90%,
# 95%以上, 1,200人次), a date, a range, or words whose 达成 tier decides a 定性 light. No LET, no dynamic
# arrays: Excel 2010+, WPS and LibreOffice compute them alike. Thresholds compare ROUND(…, 9) of the ratios,
# so 30 of 100 by June is exactly 60% (yellow), as the engine's exact fractions have it.

LIGHT_FILLS = {"红": ("FF4B4B", "FFFFFF"), "黄": ("FFD966", "000000"), "绿": ("70AD47", "FFFFFF"),
               "蓝": ("5B9BD5", "FFFFFF")}
_DIGITS = "{0,1,2,3,4,5,6,7,8,9}"
_POSITIONS = "{" + ",".join(str(i) for i in range(1, 21)) + "}"
_COMPARATORS = {  # the value parser's prefix spellings (after ASC folds ＞＝ to >=)
    "GE": (">=", "=>", "≥", "≧", "⩾", "大于等于", "大于或等于", "不低于", "不少于", "不小于", "至少", "达到", "≮",
           "≥=", ">=="),
    "LE": ("<=", "=<", "≤", "≦", "⩽", "小于等于", "小于或等于", "不高于", "不超过", "不多于", "不大于", "至多", "控制在",
           "≯", "≤="),
    "GT": (">", "大于", "高于", "超过", "多于"),
    "LT": ("<", "小于", "低于", "少于"),
    "EQ": ("=", "==", "等于"),
}
_SUFFIX_COMPARATORS = (("及以上", "GE"), ("以上", "GE"), ("及以下", "LE"), ("以下", "LE"), ("以内", "LE"),
                       ("之内", "LE"), ("左右", "EQ"))
_BLANKS = ("-", "--", "—", "——", "/", "…", "……", "...", "无数据")  # is_blank's placeholders ("无" is an answer)
_YEAR_END = tuple(f"{w}{s}" for w in ("年底", "年末", "年内", "年度内", "12月底", "12月末")
                  for s in ("", "前", "之前", "以前", "完成", "前完成"))
_UNMET = ("未完成", "未达成", "未达到", "未实现", "没有完成", "未开展", "未落实", "不达标", "不合格")
_PARTIAL = ("部分完成", "部分达成", "部分实现", "基本完成", "基本达成", "基本实现", "基本达到", "部分", "基本", "有所",
            "一般", "较差")
_MET = ("已完成", "完成", "达成", "已达成", "实现", "已实现", "达到", "达标", "是", "按时", "按期", "及时", "全部")
_RANGE_MARKS = ("-", "~", "至", "到", "—")
# helper columns after 备注, per side: normalised text, text before the first digit, from the first digit on,
# the number's digits, what follows them, the value (percent points for %), the class (N number, R range,
# Q words, D date, B unreadable, "" blank); the target also its comparator
SIDE = ("txt", "pre", "body", "digits", "suffix", "num", "cls")
HELPERS = (*(f"t_{k}" for k in SIDE), "t_cmp", "dir", *(f"a_{k}" for k in SIDE))


def _arr(words) -> str:
    return "{" + ",".join(f'"{w}"' for w in words) + "}"


def _any_in(words, text: str) -> str:
    return f"SUMPRODUCT(--ISNUMBER(FIND({_arr(words)},{text})))>0"


def _one_of(text: str, words) -> str:
    return f"ISNUMBER(MATCH({text},{_arr(words)},0))"


def side_formulas(src: str, h: dict[str, str], prefix: str) -> dict[str, str]:
    """The helper formulas of one input cell ``src`` (年度指标值 or 完成情况); ``h`` maps helper → its cell."""
    txt, pre, body, digits, suffix, num = (h[f"{prefix}_{k}"] for k in SIDE[:-1])
    every_comparator = tuple(w for ws in _COMPARATORS.values() for w in ws)
    year = f'AND(LEN({digits})=4,{pre}="")'
    date = (f'OR(LEFT({suffix},1)="月",AND({year},LEFT({suffix},1)="年",OR(ISNUMBER(FIND("月",{suffix})),'
            f'{_one_of(f"MID({suffix},2,99)", _YEAR_END)})),AND({year},OR(LEFT({digits},2)="19",LEFT({digits},2)="20"),'
            f'OR(LEFT({suffix},1)="-",LEFT({suffix},1)="/")))')
    has_digit_after = f"SUMPRODUCT(--ISNUMBER(FIND({_DIGITS},{suffix})))>0"
    range_mark = f"OR({_one_of(f'LEFT({suffix},1)', _RANGE_MARKS)},{_one_of(f'MID({suffix},2,1)', _RANGE_MARKS)})"
    return {
        f"{prefix}_txt": (f'=IF(ISNUMBER({src}),"",SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(ASC(TRIM({src}&"")),'
                          f'" ",""),"　",""),",",""),CHAR(10),""))'),
        f"{prefix}_pre": f"=LEFT({txt},MIN(FIND({_DIGITS},{txt}&\"0123456789\"))-1)",
        f"{prefix}_body": f"=MID({txt},LEN({pre})+1,99)",
        f"{prefix}_digits": (f'=LEFT({body},IFERROR(MATCH(FALSE,ISNUMBER(FIND(MID({body},{_POSITIONS},1),'
                             f'"0123456789.")),0)-1,LEN({body})))'),
        f"{prefix}_suffix": f"=MID({body},LEN({digits})+1,99)",
        f"{prefix}_num": (f'=IF(ISNUMBER({src}),IF(LEFT(CELL("format",{src}),1)="P",{src}*100,{src}),'
                          f'IFERROR(VALUE({digits}),""))'),
        f"{prefix}_cls": (
            f'=IF(ISNUMBER({src}),"N",IF(OR({txt}="",{_one_of(txt, _BLANKS)}),"",'
            f'IF({digits}="",IF({_one_of(txt, _YEAR_END)},"D",'
            f'IF(OR(ISNUMBER(FIND("%",{txt})),{_one_of(f"LEFT({txt},1)", ("<", ">", "=", "≥", "≤", "≧", "≦"))}),"B","Q")),'
            f'IF(AND({pre}<>"",NOT({_one_of(pre, every_comparator)})),"B",IF({num}="",IF(LEN({digits})-LEN(SUBSTITUTE({digits},".",""))=2,"D","B"),IF({date},"D",'
            f'IF({has_digit_after},IF({range_mark},"R","B"),"N")))))))'),
    }


def target_comparator(h: dict[str, str]) -> str:
    """GE GT LE LT EQ from the target's prefix, else its suffix word (以上, 以内 …); RANGE for 90%-95%."""
    pre, txt, cls = h["t_pre"], h["t_txt"], h["t_cls"]
    out = '""'
    for word, code in reversed(_SUFFIX_COMPARATORS):
        out = f'IF(RIGHT({txt},{len(word)})="{word}","{code}",{out})'
    for code in reversed(("GE", "LE", "GT", "LT", "EQ")):
        out = f'IF({_one_of(pre, _COMPARATORS[code])},"{code}",{out})'
    return f'=IF({cls}="R","RANGE",{out})'


def direction_formula(kind: str, h: dict[str, str]) -> str:
    """P positive (M1), R reverse (M3/M4), E equal (M2 at 0, else M1), X a range with no direction (no light):
    the 指标类型 cell decides when it says 正向/反向/等于, else the target's comparator."""
    tm = h["t_cmp"]
    positive = _one_of(kind, ("正向", "正向指标"))
    reverse = _one_of(kind, ("反向", "反向指标", "逆向"))
    return (f'=IF({positive},"P",IF({reverse},"R",IF({kind}="等于","E",IF({tm}="RANGE","X",'
            f'IF(OR({tm}="LE",{tm}="LT"),"R",IF({tm}="EQ","E","P"))))))')


def _tier(txt: str) -> str:
    unmet = f'OR({_one_of(txt, ("否", "无", "没有"))},{_any_in(_UNMET, txt)})'
    return f'IF({unmet},"红",IF({_any_in(_PARTIAL, txt)},"黄",IF({_any_in(_MET, txt)},"绿","")))'


def _r9(x: str) -> str:
    return f"ROUND({x},9)"


def light_formula(h: dict[str, str], month: str, profile) -> str:
    """The 预警 text of one row from its helper cells ``h``; ``month`` the month's cell."""
    tt, tn, tc, tm, direction = h["t_txt"], h["t_num"], h["t_cls"], h["t_cmp"], h["dir"]
    at, an, ac = h["a_txt"], h["a_num"], h["a_cls"]
    p = profile
    progress = _r9(f"{an}*12/({tn}*{month})")
    if p.monitor_version == "v1":
        bands = (f'IF({progress}<{p.monitor_red_below!r},"红",IF({progress}<{p.monitor_yellow_below!r},"黄",'
                 f'IF({progress}<{p.monitor_blue_at!r},"绿","蓝")))')
    else:
        bands = (f'IF({an}=0,"红",IF({_r9(f"{an}/{tn}")}>={p.monitor_blue_at!r},"蓝",'
                 f'IF({progress}<{p.monitor_red_below!r},"红",IF({progress}<{p.monitor_yellow_below!r},"黄","绿"))))')
    numeric = (f'IF({direction}="X","",IF({direction}="R",IF({tm}="LT",IF({an}<{tn},"绿","红"),IF({an}<={tn},"绿","红")),'
               f'IF(AND({direction}="E",{tn}=0),IF({an}={tn},"绿","红"),IF({tn}<=0,"",{bands}))))')
    qualitative = f'IF({tc}="N","",IF(AND({tc}="Q",{tt}={at}),"绿",{_tier(at)}))'
    return (f'=IFERROR(IF(OR({tc}="",{ac}="",{tc}="B",{ac}="B"),"",IF({ac}="Q",IF({tc}="R","",{qualitative}),'
            f'IF(OR(AND({tc}<>"N",{tc}<>"R"),AND({ac}<>"N",{ac}<>"R")),"",{numeric}))),"")')


def funds_light_formula(initial: str, adjust: str, spent: str, month: str, profile) -> str:
    """M6: (执行数 ÷ (年初预算数 + 年中调整数)) ÷ (month/12): < 60% 红, [60%, 80%) 黄, else 绿; a budget of 0 红."""
    p = profile
    budget = f"ROUND(N({initial})+N({adjust}),2)"
    progress = _r9(f"{spent}/{budget}*12/{month}")
    return (f'=IFERROR(IF(OR({initial}="",{spent}=""),"",IF({budget}=0,"红",IF({progress}<{p.funds_red_below!r},"红",'
            f'IF({progress}<{p.funds_yellow_below!r},"黄","绿")))),"")')


def month_formula(cell: str, default: int) -> str:
    """The month the formulas use: the 监控期 cell when it holds 1–12, else the month of the column labels."""
    return f"=IF(AND(ISNUMBER({cell}),{cell}>=1,{cell}<=12),IF({cell}=INT({cell}),{cell},{default}),{default})"


def colour_lights(ws, ref: str) -> None:
    """Conditional formats: 红/黄/绿/蓝 filled in their colour."""
    for text, (fill, font) in LIGHT_FILLS.items():
        ws.conditional_formatting.add(ref, CellIsRule(operator="equal", formula=[f'"{text}"'],
                                                      fill=PatternFill("solid", fgColor=fill, bgColor=fill),
                                                      font=Font(color=font, bold=True)))
