"""Workbooks laid out as real ones were seen, with neutral invented figures (issues 24, 25).

The real files themselves stay out of git (tests/fixtures/real/README.md); these builders rebuild each
distinct layout cell by cell — labels with their exact spellings and stray spaces, merges, column order,
blank and label rows, numbers stored as text the way WPS and the system exports store them — so CI can
run the engine on the shapes it meets in practice. Every builder names, in its docstring, the real file
or published page it follows, and returns `expect`: what a correct reading of the workbook it just wrote
gives (sheet → kind, header, funds, indicator rows, stated totals). Those expectations are for the
engine engineers' tests; nothing here asserts what the engine does today.

Figures are invented and round (no real project, unit or person is named).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

_WRAP = Alignment(wrap_text=True, vertical="center")


def _put(ws, ref: str, value) -> None:
    ws[ref] = value
    ws[ref].alignment = _WRAP


def _row(ws, r: int, values: dict) -> None:
    """values: column letter → cell value (strings stay strings: text-stored numbers are the point);
    empty values are left unwritten, as the export leaves those cells."""
    for col, v in values.items():
        if v is not None and v != "":
            _put(ws, f"{col}{r}", v)


def _merge(ws, *ranges: str) -> None:
    for rng in ranges:
        ws.merge_cells(rng)


def _save(wb: Workbook, path) -> Path:
    path = Path(path)
    wb.save(path)
    return path


# ---------------------------------------------------------------------------------------------------
# The central 项目库 export: one project, its 绩效目标申报表, 执行监控 and 自评表 in one workbook
# ---------------------------------------------------------------------------------------------------

CENTRAL_PROJECT = "2019年某校园体育推广项目"
CENTRAL_DEPT = "[105]某部"
CENTRAL_UNIT = "某大学"
CENTRAL_CODE = "100001000000190001"  # 18 digits, stored as text as the export stores it

# (一级, 二级, 三级, 年度指标值) — the real export's monitor rows, names and targets replaced
CENTRAL_MONITOR_ROWS = [
    ("产出指标", "成本指标", "成本节约率", "≥0"),
    ("产出指标", "成本指标", "成本控制率", "1"),
    ("产出指标", "时效指标", "项目完成及时率", "≥90%"),
    ("产出指标", "数量指标", "宣传播出", "5次"),
    ("产出指标", "数量指标", "完成读本出版", "10套"),
    ("产出指标", "数量指标", "完成短片制作", "20集"),
    ("产出指标", "质量指标", "播出标准", "优秀"),
    ("产出指标", "质量指标", "出版标准", "优秀"),
    ("效益指标", "可持续影响指标", "在校园普及运动技术", "作用明显"),
    ("效益指标", "可持续影响指标", "为运动普及打好基础", "作用明显"),
    ("效益指标", "社会效益指标", "提高学生运动水平", "显著提高"),
    ("效益指标", "社会效益指标", "在校园推广运动", "推广面广"),
    ("满意度指标", "校园用户满意度", "播出满意度", "很满意"),
    ("满意度指标", "校园用户满意度", "校园用户满意度", "很满意"),
]

# A filled declaration for the same layout: (中期 一级, 二级, 三级, 指标值) beside (年度 二级, 三级, 指标值).
# The real export's declaration sheet is blank; these rows show the layout filled as the system fills it.
CENTRAL_DECLARED = [
    (("产出指标", "数量指标", "完成短片制作", "40集"), ("数量指标", "完成短片制作", "20集")),
    (("产出指标", "质量指标", "播出标准", "优秀"), ("质量指标", "播出标准", "优秀")),
    (("产出指标", "时效指标", "项目完成及时率", "≥90%"), ("时效指标", "项目完成及时率", "≥90%")),
    (("产出指标", "成本指标", "成本控制率", "≤100%"), ("成本指标", "成本控制率", "≤100%")),
    (("效益指标", "社会效益指标", "提高学生运动水平", "显著提高"), ("社会效益指标", "提高学生运动水平", "显著提高")),
    (("满意度指标", "服务对象满意度指标", "校园用户满意度", "≥90%"), ("服务对象满意度指标", "校园用户满意度", "≥90%")),
]


def _central_info_sheet(ws) -> None:
    """项目基本信息 as the export writes it: section titles over A:D, label/value pairs, codes as text."""
    _merge(ws, "A2:D2", "A3:D3", "A4:D4", "A8:D8", "A14:D14", "A17:D17", "A20:D20")
    _put(ws, "A2", "项目基本信息")
    _put(ws, "A4", "项目基本信息")
    _row(ws, 5, {"A": "所属一级项目", "B": "[10500001]某专项经费", "C": "科目代码", "D": "[2059999]其他教育支出"})
    _row(ws, 6, {"A": "项目单位", "B": "[105001]" + CENTRAL_UNIT, "C": "项目代码", "D": CENTRAL_CODE})
    _row(ws, 7, {"A": "项目名称", "B": CENTRAL_PROJECT})
    _put(ws, "A8", "项目属性信息")
    _row(ws, 9, {"A": "项目类别", "B": "其他项目", "C": "基建属性", "D": "否"})
    _row(ws, 10, {"A": "计划开始执行年份", "B": "2019", "C": "项目周期", "D": "1年"})
    _row(ws, 11, {"A": "最新批复年份", "B": "2019", "C": "密级", "D": "无"})
    _put(ws, "A14", "项目管理信息")
    _put(ws, "A17", "项目其他信息")
    _row(ws, 18, {"A": "是否横向标识", "B": "否", "C": "财政审核状态", "D": "审核通过"})
    _put(ws, "A20", "统计口径设置")


def _central_declaration_sheet(ws, filled: bool) -> dict:
    """项目支出绩效目标申报表: 中期 (一级/二级/三级/指标值 in B:E) beside 年度 (二级 F, 三级 G:H, 指标值 I)."""
    _merge(ws, "A2:I2", "A3:I3", "A5:C5", "D5:I5", "A6:C6", "D6:E6", "F6:G6", "H6:I6", "A7:C7", "D7:E7",
           "F7:G7", "H7:I7", "F8:G8", "H8:I8", "A8:C11", "F9:G9", "H9:I9", "F10:G10", "H10:I10", "F11:G11",
           "H11:I11", "B12:E12", "F12:I12", "A12:A13", "B13:E13", "F13:I13", "G14:H14")
    _put(ws, "A2", f"{CENTRAL_PROJECT}绩效目标表")
    _put(ws, "A3", "( 2020年度)")
    _row(ws, 5, {"A": "项目名称", "D": CENTRAL_PROJECT})
    _row(ws, 6, {"A": "主管部门及代码", "D": CENTRAL_DEPT, "F": "实施单位", "H": CENTRAL_UNIT})
    _row(ws, 7, {"A": "项目属性", "F": "项目周期", "H": "1年"})
    mid, year = ("160.00", "80.00") if filled else ("0.00", "0.00")
    mid_fin, year_fin = ("160.0", "80.0") if filled else ("0.0", "0.0")
    _row(ws, 8, {"A": "项目资金（万元）", "D": "中期资金总额：", "E": mid, "F": "年度资金总额：", "H": year})
    _row(ws, 9, {"D": "    其中：财政拨款", "E": mid_fin, "F": "    其中：财政拨款", "H": year_fin})
    _row(ws, 10, {"D": "   上年结转资金", "E": "0.00", "F": "   上年结转资金", "H": "0.00"})
    _row(ws, 11, {"D": "          其他资金", "E": "0.00", "F": "          其他资金", "H": "0.00"})
    _row(ws, 12, {"A": "总体目标", "B": "中期目标", "F": "年度目标"})
    if filled:
        _row(ws, 13, {"B": "两年内完成短片40集并在校园推广", "F": "完成短片20集的制作与播出"})
    _row(ws, 14, {"A": "绩效指标", "B": "一级指标", "C": "二级指标", "D": "三级指标", "E": "指标值",
                  "F": "二级指标", "G": "三级指标", "I": "指标值"})
    rows = CENTRAL_DECLARED if filled else []
    for i, ((l1, l2, l3, v), (y2, y3, yv)) in enumerate(rows):
        r = 15 + i
        _row(ws, r, {"B": l1, "C": l2, "D": l3, "E": v, "F": y2, "G": y3, "I": yv})
        ws.merge_cells(f"G{r}:H{r}")
    if rows:
        ws.merge_cells(f"A14:A{14 + len(rows)}")
    return {
        "kind": "target",
        "header": {"project_name": CENTRAL_PROJECT, "department": CENTRAL_DEPT, "unit": CENTRAL_UNIT,
                   "period": "1年"},
        "funds": {"mid_total": float(mid), "year_total": float(year), "unit": "万元"},
        "indicators": [{"row": 15 + i, "level2": y2, "name": y3, "target": yv}
                       for i, (_, (y2, y3, yv)) in enumerate(rows)],
        "mid_indicators": [{"row": 15 + i, "level1": m[0], "level2": m[1], "name": m[2], "target": m[3]}
                           for i, (m, _) in enumerate(rows)],
        "blank": not filled,
    }


def _central_monitor_sheet(ws, values: str) -> dict:
    """项目支出绩效目标执行监控: funds block H/K/N/P = 年初预算数 / 1-7月执行数 / 1-7月执行率 / 全年预计执行数,
    indicator columns E/F/G = 年度指标值 / 1-7月执行数 / 全年预计执行数, 偏差原因 ticks H:L, 原因说明 M,
    完成目标可能性 N:P (✔), 备注 Q; all amounts text ('80.00', '0.00%')."""
    _merge(ws, "A2:Q2", "A3:Q3", "A5:C5", "D5:Q5", "A6:C6", "D6:F6", "H6:Q6", "D7:G7", "H7:J7", "K7:M7",
           "N7:O7", "P7:Q7", "A7:C11")
    for r in range(8, 12):
        _merge(ws, f"D{r}:G{r}", f"H{r}:J{r}", f"K{r}:M{r}", f"N{r}:O{r}", f"P{r}:Q{r}")
    _merge(ws, "A12:A19", "B12:Q19", "H20:M20", "N20:P20", "A20:A21", "B20:B21", "C20:C21", "D20:D21",
           "E20:E21", "F20:F21", "G20:G21", "Q20:Q21")
    _put(ws, "A2", "项目支出绩效目标执行监控表")
    _put(ws, "A3", "( 2019年度)")
    _row(ws, 5, {"A": "项目名称", "D": CENTRAL_PROJECT})
    _row(ws, 6, {"A": "主管部门及代码", "D": CENTRAL_DEPT, "G": "实施单位", "H": CENTRAL_UNIT})
    _row(ws, 7, {"A": "项目资金（万元）", "H": "年初预算数", "K": "1-7月执行数", "N": "1-7月执行率",
                 "P": "全年预计执行数"})
    labels = ["  年度资金总额：", "      其中：财政拨款", "        上年结转资金", "            其他资金"]
    amounts = [("80.00", "30.00", "37.50%", "80.00"), ("80.00", "30.00", "37.50%", "80.00"),
               ("0.00", "0.00", "0.00%", "0.00"), ("0.00", "0.00", "0.00%", "0.00")]
    for i, (label, (b, s, rate, fc)) in enumerate(zip(labels, amounts, strict=True)):
        _row(ws, 8 + i, {"D": label, "H": b, "K": s, "N": rate, "P": fc})
    _row(ws, 12, {"A": "年度总体目标", "B": "完成短片20集的制作与播出"})
    _row(ws, 20, {"B": "一级指标", "C": "二级指标", "D": "三级指标", "E": "年度指标值", "F": "1-7月执行数",
                  "G": "全年预计执行数", "H": "偏差原因分析", "N": "完成目标可能性", "Q": "备注"})
    _row(ws, 21, {"H": "经费保障", "I": "制度保障", "J": "人员保障", "K": "硬件条件保障", "L": "其他",
                  "M": "原因说明", "N": "确定能", "O": "有可能", "P": "完全不可能"})
    rows = []
    for i, (l1, l2, l3, target) in enumerate(CENTRAL_MONITOR_ROWS):
        r = 22 + i
        h1, fc = ("一般", "100%") if values == "as_seen" else ("50%", "100%")
        _row(ws, r, {"B": l1, "C": l2, "D": l3, "E": target, "F": h1, "G": fc,
                     "M": "上半年完成样片，下半年集中出版", "N": "✔", "Q": "前半年设计后半年审核出版。"})
        rows.append({"row": r, "level1": l1, "level2": l2, "name": l3, "target": target, "h1": h1,
                     "forecast": fc, "can_complete": True})
    return {
        "kind": "monitor", "month": 7,
        "header": {"project_name": CENTRAL_PROJECT, "department": CENTRAL_DEPT, "unit": CENTRAL_UNIT},
        "funds": {"budget_initial": 80.0, "spent": 30.0, "rate": 0.375, "forecast": 80.0, "rate_cell": "N8",
                  "unit": "万元"},
        "monitor_indicators": rows,
    }


def _central_selfeval_sheet(ws, funds: str) -> dict:
    """项目支出绩效自评表 (A:K). funds = 'absent': the 项目资金 header row is followed at once by 年度总体目标
    (the export as saved); 'blank': one empty row under the header, A6:B7 merged (the tool's rewrite);
    'filled': four funds rows with figures, as the form is meant to be filled."""
    _put(ws, "A1", "项目支出绩效自评表")
    _put(ws, "A2", "(2019年度)")
    _merge(ws, "A1:K1", "A2:K2", "A4:B4", "C4:K4", "A5:B5", "C5:E5", "G5:K5")
    _row(ws, 4, {"A": "项目名称", "C": CENTRAL_PROJECT})
    _row(ws, 5, {"A": "主管部门", "C": "某部", "F": "实施单位"})
    header = {"A": "项目资金（万元）", "E": "年初预算数", "F": "全年预算数", "G": "全年执行数", "H": "分值",
              "I": "执行率", "K": "得分"}
    if funds == "absent":
        header["C"] = "项目名称"  # the export's own stray label over C6:D6
    _row(ws, 6, header)
    _merge(ws, "C6:D6", "I6:J6")
    expect_funds: dict = {"status": "未填写", "row": None}
    r = 7
    if funds == "blank":
        _merge(ws, "A6:B7", "C7:D7", "I7:J7")
        expect_funds = {"status": "未填写", "row": 7}
        r = 8
    elif funds == "filled":
        _merge(ws, f"A6:B{6 + 4}")
        rows = [("年度资金总额", "80.00", "80.00", "76.00", "10", "95.00%", "9.5"),
                ("其中：当年财政拨款", "80.00", "80.00", "76.00", "—", "95.00%", "—"),
                ("上年结转资金", "", "", "", "—", "", "—"),
                ("其他资金", "", "", "", "—", "", "—")]
        for i, (label, b0, b, s, w, rate, sc) in enumerate(rows):
            _row(ws, 7 + i, {"C": label, "E": b0, "F": b, "G": s, "H": w, "I": rate, "K": sc})
            _merge(ws, f"C{7 + i}:D{7 + i}", f"I{7 + i}:J{7 + i}")
        expect_funds = {"status": "filled", "row": 7, "budget_initial": 80.0, "budget": 80.0, "spent": 76.0,
                        "rate": 0.95, "weight": 10.0, "score": 9.5}
        r = 11
    _row(ws, r, {"A": "年度总体目标", "B": "预期目标", "G": "实际完成情况"})
    _row(ws, r + 1, {"B": "完成短片20集的制作与播出"})
    _merge(ws, f"B{r}:F{r}", f"G{r}:K{r}", f"A{r}:A{r + 1}", f"B{r + 1}:F{r + 1}", f"G{r + 1}:K{r + 1}")
    h = r + 2
    _row(ws, h, {"A": "绩效指标", "B": "一级指标", "C": "二级指标", "D": "三级指标", "F": "年度指标值",
                 "G": "实际完成值", "H": "分值", "I": "得分", "J": "偏差原因分析及改进措施"})
    _merge(ws, f"D{h}:E{h}", f"J{h}:K{h}")
    _row(ws, h + 1, {"A": "总分", "H": "0", "I": "0"})
    _merge(ws, f"A{h + 1}:G{h + 1}", f"J{h + 1}:K{h + 1}", f"A{h + 2}:K{h + 2}")
    return {
        "kind": "project",
        "header": {"project_name": CENTRAL_PROJECT, "department": "某部", "unit": None},
        "funds": expect_funds,
        "indicators": [],
        "stated_total": {"cell": f"I{h + 1}", "value": 0.0},
        "blank": True,
    }


def build_central_xmk_export(path, *, declaration: str = "blank", monitor_values: str = "as_seen",
                             selfeval_funds: str = "absent") -> dict:
    """A central 项目库 export (one project; 项目基本信息, 绩效目标申报表, 执行监控, 自评表 in one .xls
    workbook saved by WPS), following real-cache `pku-xmk-2019` = 1751660300/DoExecl
    static/template.xls (tests/fixtures/real/manifest.toml): same sheet names, labels with their
    spaces ('( 2020年度)', '    其中：财政拨款', '  年度资金总额：'), merges, the 年度 side of the declaration
    without 一级指标, the monitor's '1-7月执行数'/'全年预计执行数' columns holding '一般' and '100%', the
    自评表 whose 项目资金 header is followed by 年度总体目标 and no funds row, 总分 '0' as text.

    declaration: 'blank' (as seen) or 'filled' (中期/年度 indicator rows side by side, 年度资金总额 80.00);
    monitor_values: 'as_seen' ('一般' / '100%') or 'numeric' ('50%' / '100%');
    selfeval_funds: 'absent' (as seen), 'blank' (as in `pku-xmk-2019-poi-root`) or 'filled'.
    """
    wb = Workbook()
    info = wb.active
    info.title = "项目基本信息"
    _central_info_sheet(info)
    expect = {
        "项目基本信息": {"kind": None, "project_code": CENTRAL_CODE},
        "项目支出绩效目标申报表": _central_declaration_sheet(wb.create_sheet("项目支出绩效目标申报表"),
                                                   declaration == "filled"),
        "项目支出绩效目标执行监控": _central_monitor_sheet(wb.create_sheet("项目支出绩效目标执行监控"),
                                                    monitor_values),
        "项目支出绩效自评表": _central_selfeval_sheet(wb.create_sheet("项目支出绩效自评表"), selfeval_funds),
    }
    review = wb.create_sheet("部门评审报告")
    _put(review, "B2", "部门评审报告")
    _row(review, 5, {"B": "项目名称", "C": "项目名称", "D": CENTRAL_PROJECT})
    _row(review, 9, {"B": "评审方式", "C": "评审方式", "D": "专家评审"})
    _save(wb, path)
    return expect


# ---------------------------------------------------------------------------------------------------
# 重庆 部门整体绩效自评表
# ---------------------------------------------------------------------------------------------------

def build_chongqing_overall(path) -> dict:
    """重庆's 部门整体绩效自评表, following the stored page https://m.yzwku.com/doc/98587.html (西部科学城融媒体中心,
    2021; OCR'd, so labels were read through it): 自评总分(分) in the header beside 主管部门/财政处室; 部门预算执行
    情况(万元) with 年初预算数 / 全年(调整)预算数 / 全年执行数 / 执行率(%) / 执行率权重 / 执行率得分(分);
    年初绩效目标 / 全年(调整)绩效目标 / 全年目标实际完成情况; indicator columns 指标名称 / 计量单位 / 指标性质 /
    年初指标值 / 调整指标值 / 全年完成值 / 得分系数(%) / 指标权重(分) / 指标得分(分) / 是否核心指标, no 一级/二级
    columns. The total is 执行率得分 + Σ 指标得分 (the page: 7.6 + 90 = 97.6)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "部门整体绩效自评表"
    _put(ws, "A1", "部门整体绩效自评表")
    _merge(ws, "A1:J1")
    _row(ws, 2, {"A": "主管部门", "B": "某区某中心", "E": "财政处室", "F": "某处", "H": "自评总分(分)", "J": 96.8})
    _merge(ws, "B2:D2", "F2:G2", "H2:I2")
    _row(ws, 3, {"A": "部门联系人", "B": "某某", "E": "联系电话", "F": "023-00000000"})
    _merge(ws, "B3:D3", "F3:J3")
    _row(ws, 4, {"A": "部门预算执行情况(万元)", "B": "年初预算数", "C": "全年(调整)预算数", "D": "全年执行数",
                 "E": "执行率(%)", "F": "执行率权重", "H": "执行率得分(分)"})
    _row(ws, 5, {"B": 1000, "C": 1000, "D": 880, "E": "88%", "F": 10, "H": 8.8})
    _merge(ws, "A4:A5", "F4:G4", "F5:G5", "H4:J4", "H5:J5")
    _row(ws, 6, {"A": "当年绩效目标", "B": "年初绩效目标", "E": "全年(调整)绩效目标", "H": "全年目标实际完成情况"})
    _row(ws, 7, {"B": "保障中心正常运转，完成全年宣传任务", "E": "无", "H": "较好完成全年宣传任务"})
    _merge(ws, "A6:A7", "B6:D6", "E6:G6", "H6:J6", "B7:D7", "E7:G7", "H7:J7")
    head = ["指标名称", "计量单位", "指标性质", "年初指标值", "调整指标值", "全年完成值", "得分系数(%)",
            "指标权重(分)", "指标得分(分)", "是否核心指标"]
    for c, label in enumerate(head, start=1):
        _put(ws, f"{get_column_letter(c)}8", label)
    # (name, unit, nature, initial, adjusted, actual, coefficient, weight, score, core)
    rows = [
        ("财政供养人员控制率", "%", "定量指标", "100%", "", "92%", "100%", 2, 2, "否"),
        ("“三公经费”变动率", "%", "定量指标", "≤0", "", "-5%", "100%", 2, 2, "否"),
        ("预算完成率", "%", "定量指标", "90%", "", "88%", "80%", 5, 4, "是"),
        ("结转结余率", "%", "定量指标", "≤2%", "", "0", "100%", 3, 3, "是"),
        ("管理制度健全性", "", "定性指标", "健全", "", "健全", "100%", 8, 8, "否"),
        ("资金使用合规性", "", "定性指标", "好", "", "较好", "90%", 10, 9, "否"),
        ("组织宣传活动次数", "次", "定量指标", "≥40次", "", "43次", "100%", 20, 20, "是"),
        ("播发稿件数量", "篇", "定量指标", "≥2000篇", "", "2100篇", "100%", 20, 20, "是"),
        ("社会公众满意度", "%", "定量指标", "≥90%", "", "95%", "100%", 20, 20, "否"),
    ]
    for i, row in enumerate(rows):
        for c, v in enumerate(row, start=1):
            _put(ws, f"{get_column_letter(c)}{9 + i}", v)
    _save(wb, path)
    return {"部门整体绩效自评表": {
        "kind": "overall",
        "header": {"department": "某区某中心", "stated_total": {"cell": "J2", "value": 96.8}},
        "funds": {"budget_initial": 1000.0, "budget": 1000.0, "spent": 880.0, "rate": 0.88, "weight": 10.0,
                  "score": 8.8, "cell": "H5"},
        "indicators": [{"row": 9 + i, "name": r[0], "target": r[3], "actual": r[5], "coefficient": r[6],
                        "weight": float(r[7]), "score": float(r[8]), "core": r[9] == "是"}
                       for i, r in enumerate(rows)],
        "total": 96.8,  # 8.8 + 88
    }}


# ---------------------------------------------------------------------------------------------------
# 宁夏 决策 / 管理 / 产出 / 效益 project form
# ---------------------------------------------------------------------------------------------------

def build_ningxia_project(path, *, weight_label: str = "分值") -> dict:
    """宁夏 (银川市本级) 部门项目支出绩效自评表, following the stored page https://m.yzwku.com/doc/476505.html
    (初中公用经费, 2021; OCR'd): 自评得分 and 财政审核评分 printed in the header; 项目资金(万元) with 年度资金总额 /
    年初预算数 / 调整预算数(A) / 全年执行数(B) / 执行率(B/A) and no 分值; 年初设定目标 / 年度总体目标完成情况;
    indicator columns 一级指标 / 二级指标 / 三级指标 / 参考分值 / 指标值(A) / 全年实际值(B) / 得分 /
    未完成原因分析及改进措施, 一级 blocks 项目决策(10分) / 项目管理(25分) / 项目产出(30分) / 项目效益(35分);
    预算执行率 is an indicator row under 项目管理; 决策/管理 rows carry '—' as 指标值 and the standard in
    全年实际值 with a printed score; placeholder rows '指标2:' stay empty. The stored page's OCR gives the
    weight column's label as '考值参分' (参考分值 read out of order); weight_label picks the spelling
    ('分值' by default, '参考分值' for the page's)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "项目支出绩效自评表"
    _put(ws, "A1", "银川市本级部门项目支出绩效自评表（2021年）")
    _merge(ws, "A1:H1")
    _row(ws, 2, {"A": "项目名称", "B": "某校公用经费", "E": "主管部门", "F": "某局"})
    _merge(ws, "B2:D2", "F2:H2")
    _row(ws, 3, {"A": "实施单位", "B": "某中学", "E": "自评得分", "F": 93, "G": "财政审核评分"})
    _merge(ws, "B3:D3")
    _row(ws, 4, {"A": "项目资金（万元）", "B": "年度资金总额", "C": "年初预算数", "D": "调整预算数(A)",
                 "E": "全年执行数(B)", "F": "执行率(B/A)"})
    _row(ws, 5, {"B": 50, "C": 50, "D": 50, "E": 45, "F": "90%"})
    _merge(ws, "A4:A5", "F4:H4", "F5:H5")
    _row(ws, 6, {"A": "年度总体目标", "B": "年初设定目标", "E": "年度总体目标完成情况"})
    _row(ws, 7, {"B": "保障学校正常运转", "E": "保障了学校正常运转"})
    _merge(ws, "A6:A7", "B6:D6", "E6:H6", "B7:D7", "E7:H7")
    _row(ws, 8, {"A": "一级指标", "B": "二级指标", "C": "三级指标", "D": weight_label, "E": "指标值(A)",
                 "F": "全年实际值(B)", "G": "得分", "H": "未完成原因分析及改进措施"})
    # (一级, 二级, 三级, 分值, 指标值, 实际值, 得分)
    rows = [
        ("项目决策(10分)", "项目目标", "完整性", 4, "—", "目标明确、内容细化、目标量化", 4),
        ("", "项目立项", "相关性", 2, "—", "按照学校管理标准管理", 2),
        ("", "", "可行性", 2, "—", "实际工作需求", 2),
        ("", "", "适当性", 2, "", "有资金测算标准", 2),
        ("项目管理(25分)", "投入管理", "预算执行率", 10, "—", "90%", 9),
        ("", "财务管理", "财务管理制度有效性", 7, "—", "制度健全，核算规范", 7),
        ("", "项目实施", "绩效监控有效性", 2, "—", "持续有效", 2),
        ("", "", "管理制度有效性", 6, "—", "严格执行管理制度", 6),
        ("项目产出(30分)", "数量指标(10分)", "保障人数", 10, "2000人", "2000人", 10),
        ("", "", "指标2:", "", "", "", ""),
        ("", "质量指标(5分)", "公用经费标准", 5, "符合相关文件要求", "符合相关文件要求", 5),
        ("", "时效指标(5分)", "公用经费完成时间", 5, "2021年12月完成", "2021年12月完成", 4),
        ("", "成本指标(10分)", "办公所需成本", 10, "10万元", "10万元", 10),
        ("项目效益(35分)", "社会效益指标", "改善学校的办学条件", 15, "效果显著", "改善了办学条件", 13),
        ("", "可持续影响指标", "社会认可的办学环境", 10, "社会认可", "社会认可", 8),
        ("", "服务对象满意度指标(10分)", "学生和老师满意度", 10, "≥90%", "95%", 9),
    ]
    for i, (l1, l2, l3, w, t, a, s) in enumerate(rows):
        _row(ws, 9 + i, {"A": l1, "B": l2, "C": l3, "D": w, "E": t, "F": a, "G": s})
    _merge(ws, "A9:A12", "A13:A16", "A17:A21", "A22:A24", "B10:B12", "B15:B16", "B17:B18")
    _save(wb, path)
    scored = [r for r in rows if r[3] != ""]
    return {"项目支出绩效自评表": {
        "kind": "project",
        "header": {"project_name": "某校公用经费", "department": "某局", "unit": "某中学",
                   "stated_total": {"cell": "F3", "value": 93.0}},
        "funds": {"budget_initial": 50.0, "budget": 50.0, "spent": 45.0, "rate": 0.9, "weight": None,
                  "score": None, "rate_indicator_row": 13},
        "indicators": [{"row": 9 + rows.index(r), "level1": r[0], "level2": r[1], "name": r[2],
                        "weight": float(r[3]), "target": r[4], "actual": r[5], "score": float(r[6])}
                       for r in scored],
        "total": float(sum(r[6] for r in scored)),  # 93: equals the header's 自评得分
    }}


# ---------------------------------------------------------------------------------------------------
# 湖北 20/40/40 with a 预期目标 | 实际完成情况 line inside a 年度绩效目标 block
# ---------------------------------------------------------------------------------------------------

def build_hubei_subheader(path) -> dict:
    """湖北's 20/40/40 form as in tests/fixtures/published/hubei_huanggang_2020_shuibao.json (预算执行情况(万元)
    (20分), 年度绩效目标1(40分) / 年度绩效目标2(40分) blocks each with its own 一级/二级/三级 header, no per-row
    分值), plus the line issue 25 reports inside a block: '预期目标 | 实际完成情况' with the goal texts under it —
    before the indicator header in block 1, after it in block 2. Those lines are not indicators."""
    wb = Workbook()
    ws = wb.active
    ws.title = "项目自评表"
    _put(ws, "A1", "2020年度某监测项目绩效自评表")
    _merge(ws, "A1:G1")
    _put(ws, "A2", "单位名称:某所 填报日期:2021年3月10日")
    _merge(ws, "A2:G2")
    _row(ws, 3, {"A": "项目名称", "B": "某监测", "C": "主管部门", "D": "某局", "E": "项目实施单位", "F": "本单位"})
    _merge(ws, "F3:G3")
    _row(ws, 4, {"A": "项目类别", "B": "1、上级专项 2、本级专项"})
    _merge(ws, "B4:G4")
    _row(ws, 5, {"A": "预算执行情况(万元)(20分)", "C": "预算数(A)", "D": "执行数(B)", "E": "执行率(B/A)",
                 "F": "得分(20分*执行率)"})
    _row(ws, 6, {"B": "年度财政资金总额", "C": 10, "D": 9, "E": "90%", "F": 18})
    _merge(ws, "A5:A6", "F5:G5", "F6:G6")
    block1 = [("产出指标", "质量指标", "监测数据合格率", "100%", "100%", 20),
              ("效益指标", "社会效益指标", "为决策提供依据", "有效", "有效", 10),
              ("满意度指标", "服务对象满意度指标", "使用单位满意度", "≥95%", "95%", 10)]
    block2 = [("产出指标", "数量指标", "完成资料整编", "2套", "2套", 20),
              ("产出指标", "时效指标", "按时上报", "12月底前", "12月底前", 20)]
    _row(ws, 7, {"A": "年度绩效目标1(40分)", "B": "预期目标", "E": "实际完成情况"})
    _row(ws, 8, {"B": "完成年度监测任务", "E": "完成年度监测任务"})
    _merge(ws, "B7:D7", "E7:G7", "B8:D8", "E8:G8")
    _row(ws, 9, {"B": "一级指标", "C": "二级指标", "D": "三级指标", "E": "年初目标值(A)", "F": "实际完成值(B)",
                 "G": "得分"})
    r = 10
    expect_rows = []
    for l1, l2, l3, t, a, s in block1:
        _row(ws, r, {"B": l1, "C": l2, "D": l3, "E": t, "F": a, "G": s})
        expect_rows.append({"row": r, "block": 1, "name": l3, "target": t, "actual": a, "score": float(s)})
        r += 1
    _merge(ws, f"A7:A{r - 1}")
    start2 = r
    _row(ws, r, {"A": "年度绩效目标2(40分)", "B": "一级指标", "C": "二级指标", "D": "三级指标",
                 "E": "年初目标值(A)", "F": "实际完成值(B)", "G": "得分"})
    # block 2 repeats the goal line under its own header: 预期目标 | 实际完成情况, then the goal texts
    _row(ws, r + 1, {"B": "预期目标", "E": "实际完成情况"})
    _row(ws, r + 2, {"B": "按时完成资料整编上报", "E": "按时完成资料整编上报"})
    _merge(ws, f"B{r + 1}:D{r + 1}", f"E{r + 1}:G{r + 1}", f"B{r + 2}:D{r + 2}", f"E{r + 2}:G{r + 2}")
    not_indicators = [7, 8, r + 1, r + 2]
    r += 3
    for l1, l2, l3, t, a, s in block2:
        _row(ws, r, {"B": l1, "C": l2, "D": l3, "E": t, "F": a, "G": s})
        expect_rows.append({"row": r, "block": 2, "name": l3, "target": t, "actual": a, "score": float(s)})
        r += 1
    _merge(ws, f"A{start2}:A{r - 1}")
    _row(ws, r, {"A": "总分", "B": 98})
    _merge(ws, f"B{r}:G{r}")
    _save(wb, path)
    return {"项目自评表": {
        "kind": "project", "family": "hubei_20_40_40",
        "funds": {"budget": 10.0, "spent": 9.0, "rate": 0.9, "weight": 20.0, "score": 18.0},
        "indicators": expect_rows, "not_indicators": not_indicators,
        "stated_total": {"cell": f"B{r}", "value": 98.0}, "total": 98.0,
    }}


# ---------------------------------------------------------------------------------------------------
# National form: standards inside the indicator names, 指标值 and 实际完成值 left blank
# ---------------------------------------------------------------------------------------------------

def build_national_standard_in_name(path) -> dict:
    """财预〔2020〕10号's 项目支出绩效自评表 as tests/fixtures/published/shanxi_yuncheng_jishan_2020_jiandang.json
    lays it out (项目资金 block A5:B9, 年度总体目标 预期目标/实际完成情况, 绩效指标 header with 年度指标值 /
    实际完成值 / 分值 / 得分 / 偏差原因分析及改进措施, 总分 row), filled the way issue 25 reports it: the
    standard written into the name ('指标1:年度资金支付完成率100%'), 年度指标值 and 实际完成值 left blank, every
    row with a printed 分值 and 得分."""
    wb = Workbook()
    ws = wb.active
    ws.title = "项目支出绩效自评表"
    _put(ws, "A1", "某县项目支出绩效自评表")
    _put(ws, "A2", "(2020年度)")
    _merge(ws, "A1:I1", "A2:I2", "B3:I3", "B4:E4", "G4:I4", "A5:B9", "B10:E10", "F10:I10", "B11:E11",
           "F11:I11", "A10:A11", "A12:A18", "B13:B16", "A19:F19")
    _row(ws, 3, {"A": "项目名称", "B": "某配套资金"})
    _row(ws, 4, {"A": "主管部门", "B": "某局", "F": "实施单位", "G": "某中心"})
    _row(ws, 5, {"A": "项目资金\n(万元)", "D": "年初预算数", "E": "全年预算数", "F": "全年执行数", "G": "分值",
                 "H": "执行率", "I": "得分"})
    _row(ws, 6, {"C": "年度资金总额", "E": 60, "F": 60, "G": 10, "H": "100%", "I": 10})
    _row(ws, 7, {"C": "其中:当年财政拨款", "E": 60, "F": 60, "G": "—", "H": "100%", "I": "—"})
    _row(ws, 8, {"C": "上年结转资金", "G": "—", "I": "—"})
    _row(ws, 9, {"C": "其他资金", "G": "—", "I": "—"})
    _row(ws, 10, {"A": "年度总\n体目标", "B": "预期目标", "F": "实际完成情况"})
    _row(ws, 11, {"B": "按时足额拨付配套资金", "F": "按时足额拨付了配套资金"})
    _row(ws, 12, {"A": "绩\n效\n指\n标", "B": "一级\n指标", "C": "二级指标", "D": "三级指标", "E": "年度\n指标值",
                  "F": "实际\n完成值", "G": "分值", "H": "得分", "I": "偏差原因分析及改进措施"})
    rows = [("产出\n指标\n(50分)", "数量指标", "指标1:年度资金支付完成率100%", 20, 20),
            ("", "质量指标", "指标1:资金足额拨付率100%", 10, 10),
            ("", "时效指标", "指标1:资金拨付及时率≥95%", 10, 9),
            ("", "成本指标", "指标1:每人补助标准75元", 10, 10),
            ("效益指\n标(30\n分)", "社会效益\n指标", "指标1:政策知晓率≥90%", 30, 28),
            ("满意度\n指标\n(10分)", "服务对象满\n意度指标", "指标1:服务对象满意度≥90%", 10, 9)]
    for i, (l1, l2, name, w, s) in enumerate(rows):
        _row(ws, 13 + i, {"B": l1, "C": l2, "D": name, "G": w, "H": s})
    _row(ws, 19, {"A": "总分", "G": 100, "H": 96})
    _save(wb, path)
    return {"项目支出绩效自评表": {
        "kind": "project", "family": "national_2020_10",
        "funds": {"budget": 60.0, "spent": 60.0, "rate": 1.0, "weight": 10.0, "score": 10.0},
        "indicators": [{"row": 13 + i, "name": n, "target_in_name": n.split(":", 1)[1], "target": None,
                        "actual": None, "weight": float(w), "score": float(s)}
                       for i, (_, _, n, w, s) in enumerate(rows)],
        "stated_total": {"cell": "H19", "value": 96.0},
        "total": 96.0,  # 10 + 86 printed scores
    }}


# ---------------------------------------------------------------------------------------------------
# Text typed into a number cell
# ---------------------------------------------------------------------------------------------------

def build_text_in_number_cell(path) -> dict:
    """The national 自评表 layout of build_national_standard_in_name with ordinary indicator rows, where 全年
    执行数 is typed as '12.3万元' (text) while the form's 执行率 and 得分 cells hold formulas on it — the case
    issue 25 reports: the form itself shows #VALUE! in Excel; a reader must name the cell and the text."""
    wb = Workbook()
    ws = wb.active
    ws.title = "项目支出绩效自评表"
    _put(ws, "A1", "项目支出绩效自评表")
    _put(ws, "A2", "(2023年度)")
    _merge(ws, "A1:I1", "A2:I2", "B3:I3", "B4:E4", "G4:I4", "A5:B9", "B10:E10", "F10:I10", "B11:E11",
           "F11:I11", "A10:A11", "A12:A15", "A16:F16")
    _row(ws, 3, {"A": "项目名称", "B": "某维护项目"})
    _row(ws, 4, {"A": "主管部门", "B": "某局", "F": "实施单位", "G": "某站"})
    _row(ws, 5, {"A": "项目资金\n(万元)", "D": "年初预算数", "E": "全年预算数", "F": "全年执行数", "G": "分值",
                 "H": "执行率", "I": "得分"})
    _row(ws, 6, {"C": "年度资金总额", "D": 15, "E": 15, "F": "12.3万元", "G": 10})
    ws["H6"] = "=F6/E6"
    ws["I6"] = "=MIN(H6,1)*G6"
    _row(ws, 7, {"C": "其中:当年财政拨款", "D": 15, "E": 15, "F": "12.3万元", "G": "—", "I": "—"})
    _row(ws, 8, {"C": "上年结转资金", "G": "—", "I": "—"})
    _row(ws, 9, {"C": "其他资金", "G": "—", "I": "—"})
    _row(ws, 10, {"A": "年度总体目标", "B": "预期目标", "F": "实际完成情况"})
    _row(ws, 11, {"B": "完成设备维护", "F": "完成了设备维护"})
    _row(ws, 12, {"A": "绩效指标", "B": "一级指标", "C": "二级指标", "D": "三级指标", "E": "年度指标值",
                  "F": "实际完成值", "G": "分值", "H": "得分", "I": "偏差原因分析及改进措施"})
    _row(ws, 13, {"B": "产出指标", "C": "数量指标", "D": "维护设备数量", "E": "≥20台", "F": "22台", "G": 50,
                  "H": 50})
    _row(ws, 14, {"B": "效益指标", "C": "社会效益指标", "D": "设备完好率", "E": "≥95%", "F": "96%", "G": 30,
                  "H": 30})
    _row(ws, 15, {"B": "满意度指标", "C": "服务对象满意度指标", "D": "使用单位满意度", "E": "≥90%", "F": "92%",
                  "G": 10, "H": 10})
    _row(ws, 16, {"A": "总分", "G": 100})
    ws["H16"] = "=I6+SUM(H13:H15)"
    _save(wb, path)
    return {"项目支出绩效自评表": {
        "kind": "project",
        "funds": {"budget": 15.0, "spent_text": {"cell": "F6", "text": "12.3万元", "number": 12.3},
                  "formula_cells_showing_value_error": ["H6", "I6", "H16"]},
        "indicators": [{"row": 13, "name": "维护设备数量", "score": 50.0},
                       {"row": 14, "name": "设备完好率", "score": 30.0},
                       {"row": 15, "name": "使用单位满意度", "score": 10.0}],
    }}


# ---------------------------------------------------------------------------------------------------
# District 二级项目支出绩效目标申报表, one sheet per project (issue 24)
# ---------------------------------------------------------------------------------------------------

def build_district_declarations(path) -> dict:
    """A district system's export of 二级项目支出绩效目标申报表, one sheet per project, laid out as issue 24
    describes it (no such file was collected: see tests/fixtures/real/notes.md): 项目编码 / 项目名称 / 申请单位
    / 实施期限 / 项目总金额 / 本年度项目金额 / 政策依据 / 测算依据 / 年度目标 / 长期目标 above a 一级指标 /
    二级指标 / 三级指标 / 目标值 / 指标解释 table, '不适用' in the rows that do not apply. The code is a
    21-digit string; on the second sheet it was stored as a number and has lost its last digits."""
    wb = Workbook()
    expect = {}
    projects = [
        ("项目A", "440101230000000000123", "某街道办事处", 36.0, "≥12次"),
        ("项目B", 4.40101230000000e20, "某街道办事处", 18.5, "≥300人"),
    ]
    for n, (name, code, unit, amount, target) in enumerate(projects):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = name
        _put(ws, "A1", "二级项目支出绩效目标申报表")
        _merge(ws, "A1:E1")
        fields = [("项目编码", code), ("项目名称", f"某社区服务{name}"), ("申请单位", unit),
                  ("实施期限", "2024年1月-2024年12月"), ("项目总金额（万元）", f"{amount:.2f}"),
                  ("本年度项目金额（万元）", f"{amount:.2f}"), ("政策依据", "《某区社区服务实施办法》"),
                  ("测算依据", f"活动经费{amount:.2f}万元，按12次、每次{amount / 12:.2f}万元测算"),
                  ("年度目标", "开展社区服务活动，提升居民获得感"), ("长期目标", "建成稳定的社区服务体系")]
        for i, (label, value) in enumerate(fields):
            r = 2 + i
            _row(ws, r, {"A": label, "B": value})
            _merge(ws, f"B{r}:E{r}")
        h = 2 + len(fields)
        _row(ws, h, {"A": "一级指标", "B": "二级指标", "C": "三级指标", "D": "目标值", "E": "指标解释"})
        rows = [("产出指标", "数量指标", "开展活动次数", target, "全年开展社区服务活动的次数"),
                ("产出指标", "质量指标", "活动完成率", "100%", "完成活动次数/计划次数"),
                ("产出指标", "时效指标", "完成时间", "2024年12月31日前", "全部活动完成的时间"),
                ("产出指标", "成本指标", "成本控制率", "≤100%", "实际支出/预算"),
                ("效益指标", "经济效益指标", "不适用", "不适用", "不适用"),
                ("效益指标", "社会效益指标", "居民参与率", "≥80%", "参与居民/邀请居民"),
                ("效益指标", "生态效益指标", "不适用", "不适用", "不适用"),
                ("满意度指标", "服务对象满意度指标", "居民满意度", "≥90%", "问卷调查满意比例")]
        for i, row in enumerate(rows):
            _row(ws, h + 1 + i, dict(zip("ABCDE", row, strict=True)))
        code_text = code if isinstance(code, str) else None
        expect[name] = {
            "kind": "target",
            "header": {"project_code": code_text, "project_code_lost_digits": code_text is None,
                       "project_name": f"某社区服务{name}", "unit": unit, "total_amount": amount,
                       "year_amount": amount},
            "indicators": [{"row": h + 1 + i, "level1": r[0], "level2": r[1], "name": r[2], "target": r[3],
                            "explanation": r[4]} for i, r in enumerate(rows) if r[2] != "不适用"],
            "not_applicable_rows": [h + 1 + i for i, r in enumerate(rows) if r[2] == "不适用"],
        }
    _save(wb, path)
    return expect



# ---------------------------------------------------------------------------------------------------
# Programme declaration template with 总体 / 第一年度 / 第二年度 target columns (two header rows)
# ---------------------------------------------------------------------------------------------------

# (一级, 二级, prescribed 三级 names) — the programme's fixed blocks, three rows per 二级 (four for 满意度)
MULTIYEAR_BLOCKS = [
    ("产出指标", [("数量指标", ["用户数（人）", "资源数量（个）"]), ("质量指标", ["活跃资源占比（%）", "活跃用户占比（%）"]),
               ("时效指标", ["任务完成及时率(%)", "任务实际完成率（%）"]), ("成本指标", [])]),
    ("效益指标", [("经济效益指标", []), ("社会效益指标", ["社会学习用户数（人）"]), ("生态效益指标", []),
               ("可持续影响", [])]),
    ("满意度指标", [("服务对象满意度指标", ["学生使用满意度（%）", "社会学习者使用满意度（%）", "教师使用满意度（%）"])]),
]

# invented targets for the filled variant: name → (总体, 第一年度, 第二年度)
MULTIYEAR_TARGETS = {
    "用户数（人）": ("≥20000", "≥8000", "≥20000"), "资源数量（个）": ("≥6000", "≥3000", "≥6000"),
    "活跃资源占比（%）": ("≥60", "≥50", "≥60"), "活跃用户占比（%）": ("≥50", "≥40", "≥50"),
    "任务完成及时率(%)": ("100", "100", "100"), "任务实际完成率（%）": ("100", "50", "100"),
    "社会学习用户数（人）": ("≥5000", "≥2000", "≥5000"), "学生使用满意度（%）": ("≥90", "≥85", "≥90"),
    "社会学习者使用满意度（%）": ("≥85", "≥80", "≥85"), "教师使用满意度（%）": ("≥90", "≥85", "≥90"),
}

_GOAL_PLACEHOLDER = "目标1\n目标2 \n目标3\n…"


def build_multiyear_declaration(path, *, filled: bool = False, placeholders: bool = False) -> dict:
    """A programme's 项目支出绩效目标申报表 template for two-year projects, following real-cache
    `zyk-jxmb-template-2017` = allForMoney/SysMng src/main/resources/downloadtemp/绩效目标模板.xlsx (Excel 2010;
    tests/fixtures/real/manifest.toml): programme line A1, title A2, 总体目标 A3 with 实施期目标 A4:C5 beside
    年度目标 D4:H4 split into 第一个年度 D5 / 第二个年度 F5; TWO header rows — 一级 A8:A9, 二级 B8:B9, 三级 C8:D9,
    指标值 E8:H8 over 总体 E9:F9 / 第一年度 G9 / 第二年度 H9; fixed 一级/二级 blocks of three rows each (四 for
    满意度) with prescribed 三级 names that carry their unit in parentheses; the programme's instructions to
    the filler in J7:J10, outside the table. Names are the template's with the programme's subject removed.

    filled=False: as seen (goal placeholders, every 指标值 empty); filled=True: invented targets in all three
    columns for the prescribed rows. placeholders=True: the developers' jxls export template made from it
    (`zyk-jxmb-jxls-2017`): goals and a single loop row 10 hold '{{…}}' / 't.…' placeholders."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    _merge(ws, "A1:H1", "A2:H2", "A3:H3", "A4:C5", "D4:H4", "D5:E5", "F5:H5", "A6:C6", "D6:E6", "F6:H6", "A7:H7",
           "A8:A9", "B8:B9", "C8:D9", "E8:H8", "E9:F9")
    _put(ws, "A1", "职业教育（{{project.majorName}}）专业教学资源库" if placeholders else "某专业教学资源库（项目名称）")
    _put(ws, "A2", "项目支出绩效目标" if placeholders else "项目支出绩效目标申报表")
    _row(ws, 3, {"A": "总体目标"})
    _row(ws, 4, {"A": "实施期目标", "D": "年度目标"})
    _row(ws, 5, {"D": "第一个年度", "F": "第二个年度"})
    if placeholders:
        goals = ("{{indicatorBase.targetImplement}}", "{{indicatorBase.targetFirstYear}}",
                 "{{indicatorBase.targetSecondYear}}")
    elif filled:
        goals = ("两年内建成资源库并推广应用", "完成一半资源建设", "完成全部资源建设并推广")
    else:
        goals = (_GOAL_PLACEHOLDER,) * 3
    _row(ws, 6, {"A": goals[0], "D": goals[1], "F": goals[2]})
    _row(ws, 7, {"A": "绩效指标"})
    _row(ws, 8, {"A": "一级指标", "B": "二级指标", "C": "三级指标", "E": "指标值"})
    _row(ws, 9, {"E": "总体", "G": "第一年度", "H": "第二年度"})
    if placeholders:
        _row(ws, 10, {"A": "{{$fe: indicatorDetails t.indicatorOneLevel", "B": "t.indicatorTowLevel",
                      "C": "t.indicatorTowLevel", "E": "t.planTotal", "G": "t.planFirstYear",
                      "H": "t.planSecondYear}}"})
        _merge(ws, "C10:D10", "E10:F10")
        _save(wb, path)
        return {"Sheet1": {"kind": "target", "blank": True, "header_rows": [8, 9], "placeholder_rows": [10],
                           "indicators": []}}
    notes = ["说明：1.不要修改表结构。绩效指标部分可以增加行，增加行时不要破坏表结构。", "2.实施期目标不允许增加行。",
             "3.一、二级指标固定不可修改，三级指标中模板中原有的行不可修改删除，可自行添加其他三级指标。",
             "4.模板中所有文字（除红色字体外）不要修改和删除。"]
    for i, text in enumerate(notes):
        _put(ws, f"J{7 + i}", text)
    r = 10
    rows = []
    for level1, blocks in MULTIYEAR_BLOCKS:
        start1 = r
        for level2, names in blocks:
            size = 4 if level1 == "满意度指标" else 3
            _merge(ws, f"B{r}:B{r + size - 1}")
            _put(ws, f"B{r}", level2)
            for k in range(size):
                _merge(ws, f"C{r + k}:D{r + k}", f"E{r + k}:F{r + k}")
                if k < len(names):
                    name = names[k]
                    _put(ws, f"C{r + k}", name)
                    total, y1, y2 = MULTIYEAR_TARGETS[name] if filled else ("", "", "")
                    _row(ws, r + k, {"E": total, "G": y1, "H": y2})
                    unit = name[name.index("（") + 1:-1] if "（" in name else name[name.index("(") + 1:-1]
                    rows.append({"row": r + k, "level1": level1, "level2": level2, "name": name, "unit": unit,
                                 "target_total": total or None, "target_year1": y1 or None,
                                 "target_year2": y2 or None})
            r += size
        _merge(ws, f"A{start1}:A{r - 1}")
        _put(ws, f"A{start1}", level1)
    _save(wb, path)
    return {"Sheet1": {
        "kind": "target", "blank": not filled, "header_rows": [8, 9],
        "target_columns": {"total": "E", "year1": "G", "year2": "H"},
        "goals": {"overall": goals[0], "year1": goals[1], "year2": goals[2], "placeholder": not filled},
        "named_rows": rows,
        "indicators": rows if filled else [],
        "not_table": ["J7", "J8", "J9", "J10"],
    }}


# ---------------------------------------------------------------------------------------------------
# WPS-saved 项目库 template (declaration only, 生成表, three funds rows, empty text cells)
# ---------------------------------------------------------------------------------------------------

def _empty_text(ws, *refs: str) -> None:
    """Cells the real file stores as TEXT of length zero (WPS writes '' records): openpyxl writes them as
    inline-string cells with no characters, the nearest .xlsx equivalent."""
    for ref in refs:
        ws[ref] = ""


def build_xmk_template_2019(path) -> dict:
    """The central 项目库 export emptied into an import template and saved by WPS, following real-cache
    `gxjzy-xmk-template-2019` = MengleiZhao/gxjzy_nk WebRoot/resource/download/2018评审项目模板.xls
    (tests/fixtures/real/manifest.toml): sheets 项目基本信息 / 项目支出立项依据 / 项目支出实施方案 / 项目支出计划 /
    项目支出明细2019 / 项目支出绩效目标申报表 (no monitor, no 自评表); the declaration titled '项目支出绩效目标申报表
    （生成表）' with '( 2019年度)', only three funds lines (中期/年度资金总额, 其中：财政拨款, 其他资金 — no 上年结转资金),
    header row 13 (中期 一级/二级/三级/指标值 B:E beside 年度 二级 F, 三级 G:H, 指标值 I), an empty indicator row 14.
    The real file's value cells are blank, but WPS wrote a zero-length TEXT record into the covered cells of
    merged ranges (B5, C5, G6, A9:C10 …) and into 项目基本信息 B13; openpyxl cannot keep a value under a merge,
    so only B13 is rebuilt that way."""
    wb = Workbook()
    info = wb.active
    info.title = "项目基本信息"
    _merge(info, "B2:E2", "B3:E3", "A4:D4", "A8:D8", "A14:D14", "A17:D17", "A20:D20")
    _put(info, "B2", "项目基本信息")
    _put(info, "A4", "项目基本信息")
    pairs = [(5, "所属一级项目", "科目代码"), (6, "项目单位", "项目代码"), (7, "项目名称", None), (9, "项目类别", "基建属性"),
             (10, "是否拼盘", "计划开始执行年份"), (11, "项目周期", "最新批复年份"), (12, "密级", "保密期限单位"),
             (13, "保密期限", None), (15, "项目负责人", "职务"), (16, "联系人电话", None), (18, "是否横向标识", "财政审核状态"),
             (19, "是否标识上报财政库", None), (21, "部门统计标识212", None)]
    for r, a, c in pairs:
        _row(info, r, {"A": a, "C": c})
    _row(info, 8, {"A": "项目属性信息"})
    _row(info, 14, {"A": "项目管理信息"})
    _row(info, 17, {"A": "项目其他信息"})
    _row(info, 20, {"A": "统计口径设置"})
    _empty_text(info, "B13")
    for title in ("项目支出立项依据", "项目支出实施方案"):
        ws = wb.create_sheet(title)
        # the real sheets also merge B5:C5 … B8:C8 yet keep the label a second time in C: a .xls can hold a value
        # under a merge, openpyxl cannot, so the stray C labels are kept and those four merges left out
        _merge(ws, "B2:F2", "B3:F3", "B4:F4", "D5:F5", "D6:F6", "C9:F9")
        _row(ws, 2, {"B": title})
        _row(ws, 3, {"B": "( 2019年度)"})
        _row(ws, 5, {"B": "项目名称", "C": "项目名称"})
        _row(ws, 6, {"B": "项目单位", "C": "项目单位"})
        _row(ws, 7, {"B": "主管单位及代码", "C": "主管单位及代码", "E": "项目类别"})
        _row(ws, 8, {"B": "项目开始年份", "C": "项目开始年份", "E": "项目周期"})
        _row(ws, 9, {"B": title})
    plan = wb.create_sheet("项目支出计划")
    # A4:A5, B4:B5, C4:C5 are merged in the real sheet with the label repeated under the merge in row 5 (see
    # the 立项依据 sheets): the labels are kept, those merges left out
    _merge(plan, "D4:F4", "G4:I4", "J4:L4", "M4:O4", "P4:R4", "S4:U4")
    _row(plan, 2, {"B": "支出计划"})
    _row(plan, 4, {"A": "序号", "B": "预算年度", "C": "支出计划", "D": "年初预算", "G": "执行调整", "J": "全年预算",
                   "M": "支出", "P": "年度剩余", "S": "实际年度剩余"})
    sub = ["小计", "财政拨款", "结转资金"] * 4 + ["小计", "结转资金", "结余资金"] * 2
    _row(plan, 5, {"A": "序号", "B": "预算年度", "C": "支出计划",
                   **{get_column_letter(4 + i): v for i, v in enumerate(sub)}})
    detail = wb.create_sheet("项目支出明细2019")
    _row(detail, 1, dict(zip("ABCDEFGHIJ", ["排序", "项目活动", "对项目活动的描述", "子活动", "对子活动的描述", "数量/频率",
                                            "分项支出", "价格/标准", "支出计划(万元)", "备注"], strict=True)))
    ws = wb.create_sheet("项目支出绩效目标申报表")
    _merge(ws, "A2:I2", "A3:I3", "A5:C5", "D5:I5", "A6:C6", "D6:E6", "F6:G6", "H6:I6", "A7:C7", "D7:E7", "F7:G7",
           "H7:I7", "A8:C10", "F8:G8", "H8:I8", "F9:G9", "H9:I9", "F10:G10", "H10:I10", "A11:A12", "B11:E11",
           "F11:I11", "D12:E12", "F12:I12", "G13:H13", "G14:H14")
    _put(ws, "A2", "项目支出绩效目标申报表（生成表）")
    _put(ws, "A3", "( 2019年度)")
    _row(ws, 5, {"A": "项目名称"})
    _row(ws, 6, {"A": "主管部门及代码", "F": "实施单位"})
    _row(ws, 7, {"A": "项目属性", "F": "项目周期"})
    _row(ws, 8, {"A": "项目资金（万元）", "D": "中期资金总额：", "F": "年度资金总额："})
    _row(ws, 9, {"D": "    其中：财政拨款", "F": "    其中：财政拨款"})
    _row(ws, 10, {"D": "          其他资金", "F": "          其他资金"})
    _row(ws, 11, {"A": "总体目标", "B": "中期目标", "F": "年度目标"})
    _row(ws, 13, {"A": "绩效指标", "B": "一级指标", "C": "二级指标", "D": "三级指标", "E": "指标值", "F": "二级指标",
                  "G": "三级指标", "I": "指标值"})
    _save(wb, path)
    return {
        "项目基本信息": {"kind": None, "empty_text_cells": ["B13"]},
        "项目支出计划": {"kind": None},
        "项目支出绩效目标申报表": {
            "kind": "target", "blank": True, "year": 2019,
            "funds": {"status": "未填写", "rows": [8, 9, 10], "labels": ["中期资金总额：", "年度资金总额："]},
            "indicator_header_row": 13, "indicators": [], "mid_indicators": [],
        },
    }


# ---------------------------------------------------------------------------------------------------
# A 内控 system's declaration exports: 指标内容 table; 项目申报明细 with a 一级/二级/指标值 target sheet
# ---------------------------------------------------------------------------------------------------

ICONTROL_TARGETS = [("产出指标", "数量指标", "培训人次", "≥300人次"), ("产出指标", "质量指标", "培训合格率", "≥95%"),
                    ("产出指标", "时效指标", "完成时间", "2021年12月底前"), ("效益指标", "社会效益指标", "技能提升", "明显提升"),
                    ("满意度指标", "服务对象满意度指标", "学员满意度", "≥90%")]


def build_icontrol_target_export(path, *, filled: bool = True) -> dict:
    """A college 内控 system's one-sheet export of a project's 绩效目标, following real-cache `gxjzy-jxmb-export`
    = MengleiZhao/gxjzy_nk WebRoot/resource/download/绩效目标申报表.xls (Excel; tests/fixtures/real/manifest.toml):
    sheet named 绩效目标台账, title A1:D1 '绩效目标申报表', header row 2 一级指标 / 二级指标 / 指标内容 / 指标值 (the name
    column headed 指标内容, no 三级指标), nothing above or beside the table. filled=False as seen; filled=True with
    invented rows as the system writes them under the header."""
    wb = Workbook()
    ws = wb.active
    ws.title = "绩效目标台账"
    _merge(ws, "A1:D1")
    _put(ws, "A1", "绩效目标申报表")
    _row(ws, 2, {"A": "一级指标", "B": "二级指标", "C": "指标内容", "D": "指标值"})
    rows = ICONTROL_TARGETS if filled else []
    for i, row in enumerate(rows):
        _row(ws, 3 + i, dict(zip("ABCD", row, strict=True)))
    _save(wb, path)
    return {"绩效目标台账": {
        "kind": "target", "blank": not filled, "indicator_header_row": 2,
        "indicators": [{"row": 3 + i, "level1": a, "level2": b, "name": c, "target": d}
                       for i, (a, b, c, d) in enumerate(rows)],
    }}


def build_icontrol_project_declaration(path, *, filled: bool = True) -> dict:
    """The same system's 项目申报明细 export, following real-cache `gxjzy-xmsb-template` = MengleiZhao/gxjzy_nk
    WebRoot/resource/download/项目申报明细模板.xls (Excel): 项目基本信息 (label/value pairs: 项目编号, 项目名称,
    预算支出类型/部门, 分类名称/代码, 项目预算金额/大写金额, 资金来源/开始执行年份, 申报部门/申报人, 立项依据,
    项目实施方案), 项目支出绩效目标 (A1 title, 总体目标 A2 with its text in B2:D2, header row 3 序号 / 一级指标 /
    二级指标 / 指标值 — no 三级 column, the 二级 cell names the indicator), 项目支出明细 (金额 in 元), 审批记录.
    filled=False as seen; filled=True with invented figures (the amount in 元 on the detail sheet, in the
    header as the system prints it)."""
    wb = Workbook()
    info = wb.active
    info.title = "项目基本信息"
    _merge(info, "A1:D1", "B2:D2", "B3:D3", "B10:D10", "B11:D11")
    _put(info, "A1", "项目基本信息")
    values = {"B2": "XM2021-0001", "B3": "某技能培训项目", "B4": "项目支出", "D4": "某学院", "B5": "教育教学",
              "D5": "01", "B6": "培训", "D6": "0101", "B7": 150000, "D7": "壹拾伍万元整", "B8": "财政拨款",
              "D8": "2021", "B9": "继续教育学院", "D9": "某某", "B10": "《某职业技能提升行动方案》",
              "B11": "分三期开展培训"} if filled else {}
    labels = [(2, "项目编号", None), (3, "项目名称", None), (4, "预算支出类型", "部门"), (5, "所属一级分类名称", "所属一级分类代码"),
              (6, "二级分类名称", "二级分类代码"), (7, "项目预算金额", "大写金额"), (8, "资金来源", "开始执行年份"),
              (9, "申报部门", "申报人"), (10, "立项依据", None), (11, "项目实施方案", None)]
    for r, a, c in labels:
        _row(info, r, {"A": a, "C": c})
    for ref, v in values.items():
        _put(info, ref, v)
    target = wb.create_sheet("项目支出绩效目标")
    _merge(target, "A1:D1", "B2:D2")
    _put(target, "A1", "项目支出绩效目标")
    _row(target, 2, {"A": "总体目标", "B": "完成三期技能培训，学员技能明显提升" if filled else None})
    _row(target, 3, {"A": "序号", "B": "一级指标", "C": "二级指标", "D": "指标值"})
    rows = [(a, c, d) for a, _, c, d in ICONTROL_TARGETS] if filled else []
    for i, (a, c, d) in enumerate(rows):
        _row(target, 4 + i, {"A": i + 1, "B": a, "C": c, "D": d})
    detail = wb.create_sheet("项目支出明细")
    _merge(detail, "A1:E1")
    _put(detail, "A1", "项目支出明细")
    _row(detail, 2, {"A": "序号", "B": "活动", "C": "经济分类科目", "D": "支出金额[元]", "E": "摘要"})
    if filled:
        _row(detail, 3, {"A": 1, "B": "培训", "C": "培训费", "D": 150000, "E": "三期"})
    approvals = wb.create_sheet("审批记录")
    _merge(approvals, "A1:E1")
    _put(approvals, "A1", "审批记录")
    _row(approvals, 2, {"A": "审批人", "B": "审批结果", "C": "审批时间", "D": "审批意见", "E": "审批附件"})
    _save(wb, path)
    return {
        "项目基本信息": {"kind": None, "project_code": values.get("B2"), "amount_yuan": values.get("B7")},
        "项目支出绩效目标": {
            "kind": "target", "blank": not filled, "goal": {"cell": "B2"}, "indicator_header_row": 3,
            "indicators": [{"row": 4 + i, "level1": a, "name": c, "target": d} for i, (a, c, d) in enumerate(rows)],
        },
    }

BUILDERS = {
    "central_xmk_export": build_central_xmk_export,
    "chongqing_overall": build_chongqing_overall,
    "ningxia_project": build_ningxia_project,
    "hubei_subheader": build_hubei_subheader,
    "national_standard_in_name": build_national_standard_in_name,
    "text_in_number_cell": build_text_in_number_cell,
    "district_declarations": build_district_declarations,
    "multiyear_declaration": build_multiyear_declaration,
    "xmk_template_2019": build_xmk_template_2019,
    "icontrol_target_export": build_icontrol_target_export,
    "icontrol_project_declaration": build_icontrol_project_declaration,
}
