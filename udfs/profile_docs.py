"""docs/profiles.md, generated from the profiles and the file format's declared keys.

:func:`profiles_markdown` lists every profile (province, source, each rule it applies with the reference
rule id), the keys a rule file may hold, and the coverage of the vendor reference: each rule id (R1…R28,
M1…M13, C1…C31) → the profile field or core function that implements it, or, through ``check_codes``
(which the checks package passes), the review check code; with the counts of R, M and C covered.
"""

from __future__ import annotations

from collections.abc import Callable

from .profile_model import SCHEMA, keys_for
from .profile_schema import LIGHT_TEXT as LIGHT_NAMES
from .profiles import PROFILES, Profile
from .rounding import MODE_NAMES

# The vendor reference's rules (../shared/reference/finance-system-rules.md), in short.
REFERENCE: dict[str, str] = {
    "R1": "正向指标 a ≥ i 满分，否则 ROUND(a/i·w, 2)", "R2": "等于指标（i ≠ 0 同 R1，i = 0 见 R3，i < 0 不计分）",
    "R3": "等于 0 的指标：a ≤ 0 满分，否则 0", "R4": "反向指标线性递减，2 倍指标值时 0 分",
    "R5": "河北 ≤ 指标（SQL 未找到）", "R6": "定性指标自动计分（SQL 未找到）", "R7": "定性指标三档得分区间",
    "R8": "何时自动计分", "R9": "扣分，不低于 0", "R10": "比较前截取两位小数（getPointNum）",
    "R11": "三级→二级→一级得分小计", "R12": "分值小计", "R13": "合计行", "R14": "超额（≥ 120%）标红",
    "R15": "得分能否手改；山西 年度指标值为空得 0", "R16": "行执行率 toFixed(2)，预算为 0", "R17": "执行率得分（通用）",
    "R18": "执行率得分（湖北 20 分）", "R19": "执行率得分（江西按档）", "R20": "执行率得分（合肥不先取整）",
    "R21": "固化指标「预算执行率」", "R22": "湖北权重比例模式（SQL 未找到）", "R23": "自评总分",
    "R24": "自评等级", "R25": "自评预警", "R26": "河北资金行（SQL 未找到）", "R27": "宁夏不加载固化指标",
    "R28": "页面数值运算（floatAdd/floatMul）",
    "M1": "序时进度预警（v1/v2）", "M2": "等于 0 的指标", "M3": "＜ 指标", "M4": "≤ 指标", "M5": "定性指标",
    "M6": "预算执行预警", "M7": "目标执行预警（最差的灯）", "M8": "合肥 支出进度预警", "M9": "指标完成率",
    "M10": "监控执行率", "M11": "河北 偏离度", "M12": "天津 完成可能性", "M13": "1-X月执行与全年预计（SQL 未找到）",
    "C1": "必填列", "C2": "山西 默认成本指标 ≤ 5 分", "C3": "广西 定性指标须描述", "C4": "二级分值合计",
    "C5": "一级分值合计", "C6": "分值总和", "C7": "广西 超额 30% 须说明", "C8": "得分低于分值须填偏差原因",
    "C9": "分值须大于 0", "C10": "定性得分须在档次区间内", "C11": "定性指标说明列必填", "C12": "得分不得超过分值",
    "C13": "定量指标值须为数值", "C14": "服务器审核定义", "C15": "必填页签", "C16": "执行率不能超过 100%",
    "C17": "山西 资金来源与方向一致", "C18": "合肥 完成情况 ≤ 1000 字", "C19": "宁夏 总分 80 分以下须填问题与整改",
    "C20": "广西 预算调整超 30% 总分 ≤ 90", "C21": "广西 原因说明不得含特殊字符", "C22": "指标导入校验",
    "C23": "安徽/合肥 自评导入校验", "C24": "湖北 计量单位必填", "C25": "监控指标必填列",
    "C26": "监控 红黄灯须填偏差原因", "C27": "宁夏 监控红灯原因与原因说明", "C28": "天津 完成可能性须说明",
    "C29": "河北 偏离度超 15% 须说明", "C30": "监控资金必填列；山西 来源与方向一致", "C31": "计量单位与指标值说明必填",
}

# Rules implemented by core functions (beside, or instead of, profile fields).
FUNCTIONS: dict[str, str] = {
    "R1": "score_indicator", "R2": "score_indicator", "R3": "score_indicator", "R4": "score_indicator",
    "R7": "qualitative_band / in_qualitative_band / qualitative_default", "R9": "score_indicator(deduction=)",
    "R10": "rounding.truncate_points", "R11": "total", "R12": "rounding.add", "R13": "total",
    "R14": "scoring.over_achieved", "R16": "rate", "R17": "rate_score", "R18": "rate_score", "R19": "rate_score",
    "R20": "rate_score", "R23": "total", "R24": "grade", "R25": "monitoring.self_evaluation_light",
    "R28": "rounding.add", "M1": "monitoring.indicator_light", "M2": "monitoring.indicator_light",
    "M3": "monitoring.indicator_light", "M4": "monitoring.indicator_light", "M5": "monitoring.indicator_light",
    "M6": "monitoring.funds_light", "M7": "monitoring.goal_light", "M8": "monitoring.expected_progress_light",
    "M9": "monitoring.indicator_light (completion)", "M10": "monitoring.funds_rate",
    "M11": "monitoring.indicator_light (deviation)", "M12": "monitoring.possibility_of / forecast_needs_reason",
    "C7": "scoring.over_achieved", "C10": "in_qualitative_band", "C26": "monitoring.light_needs_reason",
    "C27": "monitoring.light_needs_reason", "C28": "monitoring.forecast_needs_reason",
}

# Which profiles a rule is in force for, where the fields alone do not say it (a method's name, a switch).
_ACTIVE: dict[str, Callable[[Profile], bool]] = {
    "R1": lambda p: p.method_for("positive") == "proportional",
    "R2": lambda p: p.method_for("equal") == "equal", "R3": lambda p: p.method_for("equal") == "equal",
    "R4": lambda p: p.method_for("reverse") == "relative_excess",
    "R5": lambda p: p.note("R5") is not None,
    "R7": lambda p: p.qualitative_band_check, "R10": lambda p: p.compare_truncated,
    "R14": lambda p: p.over_achievement_reason_above is not None and p.over_achievement_inclusive,
    "R15": lambda p: p.empty_target == "zero",
    "R16": lambda p: p.rate_percent_rounding == "js_tofixed" or p.rate_zero_budget != "error",
    "R17": lambda p: p.rate_arithmetic == "percent_divided" and p.rate_method == "proportional" and p.rate_weight == 10,
    "R18": lambda p: p.rate_arithmetic == "percent_divided" and p.rate_weight == 20,
    "R19": lambda p: p.rate_method == "tiers", "R20": lambda p: p.rate_percent_digits is None,
    "C2": lambda p: p.default_cost_indicator_max is not None, "C3": lambda p: p.qualitative_needs_description,
    "C4": lambda p: p.weight_sums_must_match, "C5": lambda p: p.weight_sums_must_match,
    "C6": lambda p: p.weight_sums_must_match,
    "C7": lambda p: p.over_achievement_reverse or p.over_achievement_zero_target is not None,
    "C8": lambda p: p.score_below_weight_needs_reason, "C9": lambda p: p.weight_must_be_positive,
    "C10": lambda p: p.qualitative_band_check, "C11": lambda p: p.qualitative_needs_description,
    "C12": lambda p: p.score_above_weight, "C16": lambda p: p.max_rate is not None,
    "C17": lambda p: p.funds_sources_must_match, "C18": lambda p: p.description_max_length is not None,
    "C19": lambda p: p.low_total_needs_problems_below is not None, "C20": lambda p: p.budget_adjust_limit is not None,
    "C21": lambda p: bool(p.remark_forbidden_chars), "C24": lambda p: p.unit_required,
    "C26": lambda p: bool(p.monitor_reason_for), "C27": lambda p: p.monitor_explanation_with_reason,
    "C28": lambda p: p.monitor_forecast_reason or p.completion_possibility,
    "C29": lambda p: p.deviation_limit is not None, "C30": lambda p: p.funds_sources_must_match,
    "C31": lambda p: p.unit_required, "M8": lambda p: p.expected_progress_light,
    "M11": lambda p: p.monitor_deviation, "M12": lambda p: p.completion_possibility,
}

DIRECTION_NAMES = {"positive": "正向（≥、>、未写比较符）", "reverse": "反向（≤、<）", "equal": "等于（=）",
                   "cost": "成本指标（一级/二级含“成本”，≤ 或未写比较符）", "range": "区间（90%-95%）"}
METHOD_TEXT = {
    "proportional": ("min(完成值/指标值, 1) × 分值；指标值为 0 满分", "R1"),
    "threshold": ("完成率（两位小数百分数）< 起算线 → 0；否则 (完成率 − 起算线)/(100% − 起算线) × 分值，不超过分值", ""),
    "within_limit": ("完成值 ≤ 指标值 → 满分；否则 指标值/完成值 × 分值", ""),
    "relative_excess": ("完成值 ≤ 指标值 → 满分；否则 (1 − (完成值 − 指标值)/指标值) × 分值，完成值 ≥ 2×指标值 时 0 分", "R4"),
    "range": ("在区间内 → 满分；低于下限 完成值/下限 × 分值；高于上限 上限/完成值 × 分值", ""),
    "equal": ("指标值为 0：完成值 ≤ 0 满分，否则 0；指标值 > 0：同正向；指标值 < 0 不计分", "R2、R3"),
}


def _pct(x: float) -> str:
    return f"{x * 100:g}%"


def _rate_rule(p: Profile) -> tuple[str, str]:
    cap = "不封顶" if p.rate_cap is None else f"执行率超过 {_pct(p.rate_cap)} 按 {_pct(p.rate_cap)} 计"
    if p.rate_method == "tiers":
        return "按档：" + "；".join(t.describe() for t in p.rate_tiers) + "；其余 0", "R19"
    if p.rate_method == "threshold":
        return (f"执行率 < {_pct(p.rate_floor)} 得 0；否则 (执行率 − {_pct(p.rate_floor)})/{_pct(1 - p.rate_floor)} × 分值，"
                f"{cap}，按百分点以双精度计算"), ""
    if p.rate_arithmetic == "percent_divided":
        rule = "R18" if p.rate_weight == 20 else "R17"
        return f"执行率百分数 ÷ (100/分值)（页面算式 bgtget/10），{cap}", rule
    rule = "R20" if p.rate_percent_digits is None else ""
    return f"执行率 × 分值，{cap}", rule


def _profile_section(p: Profile) -> list[str]:
    rate_text, rate_rule = _rate_rule(p)
    digits = "不先取整（原始比值）" if p.rate_percent_digits is None else (
        f"取 {p.rate_percent_digits} 位小数的百分数，{MODE_NAMES[p.rate_percent_rounding]}")
    zero = {"error": "无法计算（报错）", "zero": "执行率 0、得分 0",
            "full_if_unspent": "执行数也为 0 时执行率 100%，否则 0"}[p.rate_zero_budget]
    rows = [
        ("执行率", f"{digits}；全年预算数为 0 时{zero}", "R16"),
        ("执行率得分", f"{rate_text}；分值默认 {p.rate_weight:g}；{p.rate_score_digits} 位小数，"
                       f"{MODE_NAMES[p.rate_score_rounding]}", rate_rule),
    ]
    for d, m in p.methods:
        text, rule = METHOD_TEXT[m]
        if m == "relative_excess" and p.reverse_zero_at != 2:
            text = text.replace("2×", f"{p.reverse_zero_at:g}×")
        rows.append((DIRECTION_NAMES[d], f"`{m}`：{text}", rule))
    if p.completion_percent_digits is not None:
        rows.append(("完成率", f"先取 {p.completion_percent_digits} 位小数的百分数", ""))
    if p.empty_target == "zero":
        rows.append(("年度指标值为空", "得 0 分", "R15"))
    bands = {t: (lo, hi) for t, lo, hi in p.qualitative_bands}
    rows += [
        ("定性指标", "得分区间 " + "，".join(
            f"{t} [{_pct(lo)}, {_pct(hi)}{']' if t == '达成' else ')'}" for t, (lo, hi) in bands.items())
            + f" × 分值（区间端点取两位小数）；未填得分时 达成 {_pct(p.qualitative_met)}、部分达成 "
              f"{_pct(p.qualitative_partial)}、未达成 {_pct(p.qualitative_unmet)}；无法判断档次的文字按"
              f"{'达成' if p.qualitative_unknown == 'met' else '未达成'}", "R7"),
        ("扣分", "得分减去扣分，不低于 0（十进制精确相减）", "R9"),
        ("时效指标", f"按期满分，逾期 {_pct(p.date_late)} × 分值", ""),
        ("取整", f"指标得分与总分 {p.digits} 位小数{'（整分）' if p.digits == 0 else ''}，{MODE_NAMES[p.rounding]}",
         "R1、R23"),
        ("等级", "，".join(f"{g.grade} {g.describe()}" for g in p.grades[:-1]) + f"，其余 {p.grades[-1].grade}", "R24"),
        ("运行监控", _monitor_text(p), "M1、M6"),
    ]
    checks = _checks_text(p)
    out = [f"## `{p.id}` — {p.name}", "", f"地区：{p.province or '—'}", "", f"依据：{p.document}", "",
           f"别名：{'、'.join(p.aliases) or '无'}" + (f"；沿用 `{p.extends}`，只写不同之处" if p.extends else ""), "",
           "| 项目 | 规则 | 规则号 |", "|---|---|---|"]
    out += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    out += ["", "校验：" + ("；".join(checks) if checks else "无省级开关"), ""]
    if p.notes:
        out += ["说明（参考资料未找到公式或与本规则不同之处）：", ""]
        out += [f"- {rule}：{text}" for rule, text in sorted(p.notes, key=lambda n: _order(n[0]))]
        out.append("")
    return out


def light_bands(p: Profile) -> str:
    """The lights' thresholds in words, as the docs and the summary's 监控预警 sheet state them."""
    if p.monitor_version == "v2":
        return (f"当前完成值 ≥ {_pct(p.monitor_blue_at)} 年度指标值 蓝；否则序时进度完成比 < {_pct(p.monitor_red_below)} 红、"
                f"< {_pct(p.monitor_yellow_below)} 黄、其余 绿")
    return (f"序时进度完成比 < {_pct(p.monitor_red_below)} 红、< {_pct(p.monitor_yellow_below)} 黄、"
            f"< {_pct(p.monitor_blue_at)} 绿、其余 蓝")


def _monitor_text(p: Profile) -> str:
    bands = f"{light_bands(p)}（{p.monitor_version}）"
    reason = "、".join(LIGHT_NAMES[c] for c in p.monitor_reason_for) or "不要求"
    extra = []
    if p.monitor_deviation:
        extra.append("计算偏离度")
    if p.completion_possibility:
        extra.append("完成可能性（确定能/有可能/完全不可能）")
    if p.expected_progress_light:
        extra.append("按是否达到预计支出进度亮灯")
    return (f"{bands}；资金 < {_pct(p.funds_red_below)} 红、< {_pct(p.funds_yellow_below)} 黄；监控月份默认 "
            f"{p.monitor_month}；须填偏差原因的灯：{reason}" + ("；" + "、".join(extra) if extra else ""))


def _checks_text(p: Profile) -> list[str]:
    out = [f"分值合计 {p.weight_total:g}"]
    if p.over_achievement_reason_above is not None:
        s = (f"完成值 {'≥' if p.over_achievement_inclusive else '>'} {p.over_achievement_reason_above:g} × 指标值"
             f"须说明原因{'（含反向指标）' if p.over_achievement_reverse else ''}")
        if p.over_achievement_zero_target is not None:
            s += f"，指标值为 0 时完成值 ≥ {p.over_achievement_zero_target:g}"
        out.append(s)
    if p.low_rate_reason_below is not None:
        out.append(f"执行率低于 {_pct(p.low_rate_reason_below)} 须说明原因")
    out.append(f"须有满意度指标：{'是' if p.expects_satisfaction else '否'}")
    switches = [
        (p.max_rate is not None, f"执行率不超过 {_pct(p.max_rate or 0)}（C16）"),
        (p.weight_must_be_positive, "分值须大于 0（C9）"),
        (p.qualitative_band_check, "定性得分须在档次区间内（C10）"),
        (p.compare_truncated, "比较前截取两位小数（R10）"),
        (not p.weight_sums_must_match, "不校验下级分值合计（C4–C6 不适用）"),
        (p.weight_basis == "set", "分值取设定权重"),
        (p.low_total_needs_problems_below is not None,
         f"总分低于 {p.low_total_needs_problems_below or 0:g} 须填存在的问题和整改措施（C19）"),
        (p.default_cost_indicator_max is not None, f"默认成本指标得分不超过 {p.default_cost_indicator_max or 0:g}（C2）"),
        (p.qualitative_needs_description, "定性指标须填完成情况简要描述（C3）"),
        (p.budget_adjust_limit is not None,
         f"预算调整率 ≥ {_pct(p.budget_adjust_limit or 0)} 时总分不超过 {p.total_cap_when_exceeded or 0:g}，否则须说明（C20）"),
        (bool(p.remark_forbidden_chars), f"原因说明不得含“{p.remark_forbidden_chars}”中的字符（C21）"),
        (p.deviation_limit is not None, f"监控偏离度超过 {_pct(p.deviation_limit or 0)} 须填偏差分析和说明（C29）"),
        (p.description_max_length is not None, f"完成情况不超过 {p.description_max_length} 字（C18）"),
        (p.funds_sources_must_match, "资金来源与资金方向合计须一致（C17、C30）"),
        (p.unit_required, "定量指标须填计量单位（C24、C31）"),
    ]
    return out + [text for on, text in switches if on] + [_review_text(p)]


def _review_text(p: Profile) -> str:
    """The 目标审核 switches of a profile, in one line."""
    parts = [f"至少 {p.review_min_indicators} 个三级指标"
             + (f"（{p.review_large_amount:g} 万元及以上 {p.review_min_indicators_large} 个）"
                if p.review_large_amount is not None else ""),
             f"年度目标不少于 {p.review_goal_min_length} 字"]
    if p.review_name_max_length is not None:
        parts.append(f"指标名称不超过 {p.review_name_max_length} 字")
    if p.review_public_satisfaction:
        parts.append("面向公众的项目须设满意度指标")
    if p.review_core_indicators:
        parts.append("须标明核心指标")
    if p.review_off:
        parts.append(f"不查 {'、'.join(p.review_off)}")
    return "目标审核：" + "；".join(parts)


def _order(rule: str) -> tuple[int, int]:
    return ("RMC".index(rule[0]), int(rule[1:]))


def coverage(check_codes: dict[str, str] | None = None) -> list[dict]:
    """One entry per reference rule: its fields, functions, check code, notes and the profiles it is in force for."""
    codes = check_codes or {}
    out = []
    for rule in sorted(REFERENCE, key=_order):
        keys = [k.path for k in keys_for(rule)]
        noted = [p.id for p in PROFILES.values() if p.note(rule) and not (p.extends and _inherited(p, rule))]
        active = _ACTIVE.get(rule)
        if active is not None:
            used = [p.id for p in PROFILES.values() if active(p)]
        elif keys or rule in FUNCTIONS:
            used = list(PROFILES)
        else:
            used = []
        # a review check (C…) is implemented by a check that covers it, not by its switch alone
        implemented = bool(rule in codes or rule in FUNCTIONS or (keys and not rule.startswith("C")))
        status = "实现" if implemented else "说明" if noted else "未覆盖"
        out.append({"rule": rule, "title": REFERENCE[rule], "keys": keys, "function": FUNCTIONS.get(rule),
                    "code": codes.get(rule), "noted": noted, "profiles": used, "implemented": implemented,
                    "status": status})
    return out


def coverage_counts(rows: list[dict] | None = None) -> dict[str, dict[str, int]]:
    """Per family (R, M, C): how many rules are 实现 (a field, a function or a check code), 说明 (only
    documented: formula not found, default used), 未覆盖, of 总数."""
    rows = coverage() if rows is None else rows
    out = {}
    for family in "RMC":
        mine = [r for r in rows if r["rule"][0] == family]
        out[family] = {s: sum(r["status"] == s for r in mine) for s in ("实现", "说明", "未覆盖")} | {"总数": len(mine)}
    return out


def _inherited(p: Profile, rule: str) -> bool:
    parent = next((q for q in PROFILES.values() if q.id == p.extends), None)
    if parent is None:  # extends a base (``_pmkpi``): its notes are listed under each profile once
        return False
    return parent.note(rule) == p.note(rule)


def profiles_markdown(check_codes: dict[str, str] | None = None) -> str:
    """docs/profiles.md: the profiles, the file's keys, and the reference coverage table."""
    out = ["# 计分规则 (rule profiles)", "",
           "由 `python -m jixiao.addin.docs` 从 udfs/profiles/*.toml 生成，请勿手改。规则号 R1…R28、M1…M13、C1…C31 "
           "指预算绩效管理系统（厂商 pmkpi 代码）的规则整理（finance-system-rules.md）。", "",
           "| 规则 | 名称 | 地区 | 依据 |", "|---|---|---|---|"]
    out += [f"| `{p.id}` | {p.name} | {p.province or '—'} | {p.document} |" for p in PROFILES.values()]
    out.append("")
    for p in PROFILES.values():
        out += _profile_section(p)
    out += ["## 规则文件的键", "",
            "文件中出现未列出的键即报错（指明键名与文件）。`extends` 沿用另一规则（含以“_”开头、只供沿用的 `_pmkpi.toml`），"
            "`[notes]` 以规则号为键写明公式未找到等说明。", "", "| 键 | 含义 | 规则号 |", "|---|---|---|"]
    out += [f"| `{k.path}` | {k.label} | {'、'.join(k.rules)} |" for k in SCHEMA]
    out.append("")
    rows = coverage(check_codes)
    counts = coverage_counts(rows)
    out += ["## 覆盖（参考规则 → 实现）", "",
            "实现：" + "，".join(f"{c} {n['实现']}/{n['总数']}" for c, n in counts.items())
            + "；只写有说明（公式未找到，用默认算法）：" + "，".join(f"{c} {n['说明']}" for c, n in counts.items())
            + "；未覆盖：" + "，".join(f"{c} {n['未覆盖']}" for c, n in counts.items())
            + "。“说明”一列是对该规则写有说明的规则。", "",
            "| 规则号 | 内容 | 状态 | 规则字段 | 函数 | 校验码 | 适用规则 | 说明 |", "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        profiles = "全部" if len(r["profiles"]) == len(PROFILES) else "、".join(r["profiles"]) or "—"
        keys = "、".join(f"`{k}`" for k in r["keys"]) or "—"
        function = f"`{r['function']}`" if r["function"] else "—"
        noted = "、".join(r["noted"]) or "—"
        out.append(f"| {r['rule']} | {r['title']} | {r['status']} | {keys} | {function} | {r['code'] or '—'} | "
                   f"{profiles} | {noted} |")
    out.append("")
    return "\n".join(out)
