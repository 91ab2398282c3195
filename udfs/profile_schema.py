"""The profile file format: every key a rule file may hold, declared once.

Each :class:`Key` names the Profile field it sets, the converter that checks its value, a Chinese label
for the docs and the reference rules (R1…R28, M1…M13, C1…C31 of the vendor's finance-system code) it
implements. :mod:`.profiles` reads files through it (an unknown key is an error naming the key and the
file) and :mod:`.profile_docs` renders docs/profiles.md and the coverage table from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .rounding import MODES

RATE_METHODS = ("proportional", "threshold", "tiers")
RATE_ARITHMETIC = ("fraction_times_weight", "percent_divided")
ZERO_BUDGET = ("error", "zero", "full_if_unspent")
INDICATOR_METHODS = ("proportional", "threshold", "within_limit", "relative_excess", "range", "equal")
DIRECTIONS = ("positive", "reverse", "equal", "cost", "range")
EMPTY_TARGET = ("error", "zero")
WEIGHT_BASIS = ("actual", "set")
MONITOR_VERSIONS = ("v2", "v1")
LIGHTS = ("red", "yellow", "green", "blue")  # worst first, as M7 ranks them
LIGHT_TEXT = {"red": "红", "yellow": "黄", "green": "绿", "blue": "蓝"}
TIERS = ("达成", "部分达成", "未达成")  # the values' MET / PARTIAL / UNMET


@dataclass(frozen=True)
class Key:
    """One key a profile file may hold."""

    table: str  # "" for top level, "rate", "checks"… ; "grades[]"/"rate.tiers[]" for array entries
    key: str
    attr: str  # the Profile field it sets
    convert: Callable  # raw TOML value → field value (raises ValueError/TypeError)
    label: str  # Chinese, for the docs
    rules: tuple[str, ...] = ()  # reference rules it implements

    @property
    def path(self) -> str:
        return f"{self.table}.{self.key}" if self.table else self.key


def _str(v) -> str:
    if not isinstance(v, str):
        raise TypeError(f"应为文字，却是 {v!r}")
    return v


def _choice(*allowed: str) -> Callable:
    def conv(v):
        if _str(v) not in allowed:
            raise ValueError(f"“{v}”未定义，可选 {'、'.join(allowed)}")
        return v
    return conv


def _num(v) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise TypeError(f"应为数字，却是 {v!r}")
    return float(v)


def _opt_num(v) -> float | None:
    """A number, or false for “none” (TOML has no null)."""
    return None if v is False else _num(v)


def _int(v) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError(f"应为整数，却是 {v!r}")
    return v


def _opt_int(v) -> int | None:
    return None if v is False or v == "none" else _int(v)


def _bool(v) -> bool:
    if not isinstance(v, bool):
        raise TypeError(f"应为 true 或 false，却是 {v!r}")
    return v


def _str_list(v) -> tuple[str, ...]:
    if not isinstance(v, list):
        raise TypeError(f"应为文字列表，却是 {v!r}")
    return tuple(_str(x) for x in v)


def _codes(v) -> tuple[str, ...]:
    out = _str_list(v)
    for x in out:
        if not (len(x) == 5 and x.startswith("JX") and x[2:].isdigit()):
            raise ValueError(f"“{x}”不是规则代码（如 JX109）")
    return out


def _lights(v) -> tuple[str, ...]:
    out = _str_list(v)
    for x in out:
        _choice(*LIGHTS)(x)
    return out


def _band(v) -> tuple[float, float]:
    if not isinstance(v, list) or len(v) != 2:
        raise TypeError(f"应为 [下限, 上限]，却是 {v!r}")
    return (_num(v[0]), _num(v[1]))


_MODE = _choice(*MODES)

SCHEMA: tuple[Key, ...] = (
    Key("", "id", "id", _str, "规则编号"),
    Key("", "name", "name", _str, "中文名称"),
    Key("", "document", "document", _str, "依据"),
    Key("", "aliases", "aliases", _str_list, "别名"),
    Key("", "province", "province", _str, "适用地区"),
    Key("", "extends", "extends", _str, "沿用的规则"),
    # 执行率
    Key("rate", "method", "rate_method", _choice(*RATE_METHODS), "执行率得分算法", ("R17", "R19")),
    Key("rate", "floor", "rate_floor", _num, "起算线（threshold）"),
    Key("rate", "percent_digits", "rate_percent_digits", _opt_int, "执行率取几位小数的百分数", ("R16", "R20")),
    Key("rate", "percent_rounding", "rate_percent_rounding", _choice("half_up_decimal", "half_up_binary", "js_tofixed"), "执行率的取整", ("R16",)),
    Key("rate", "arithmetic", "rate_arithmetic", _choice(*RATE_ARITHMETIC), "执行率得分的浮点算式", ("R17", "R18")),
    Key("rate", "cap", "rate_cap", _opt_num, "执行率封顶（1 = 100%；false 不封顶）", ("R17",)),
    Key("rate", "weight", "rate_weight", _num, "执行率分值（表中未写分值时）", ("R18",)),
    Key("rate", "rounding", "rate_rounding", _MODE, "执行率得分的取整", ("R17", "R18", "R20")),
    Key("rate", "digits", "rate_digits", _int, "执行率得分的小数位数"),
    Key("rate", "zero_budget", "rate_zero_budget", _choice(*ZERO_BUDGET), "全年预算数为 0 时", ("R16", "R17")),
    Key("rate", "tiers", "rate_tiers", None, "执行率按档计分", ("R19",)),
    Key("rate.tiers[]", "min", "min", _num, "档的下限（%，含）"),
    Key("rate.tiers[]", "max", "max", _num, "档的上限（%，含）"),
    Key("rate.tiers[]", "below", "below", _num, "档的上限（%，不含）"),
    Key("rate.tiers[]", "share", "share", _num, "得分（分值的比例）"),
    # 指标
    Key("indicator", "positive", "methods", _choice(*INDICATOR_METHODS), "正向指标（≥、>）", ("R1",)),
    Key("indicator", "reverse", "methods", _choice(*INDICATOR_METHODS), "反向指标（≤、<）", ("R4",)),
    Key("indicator", "equal", "methods", _choice(*INDICATOR_METHODS), "等于指标（=）", ("R2", "R3")),
    Key("indicator", "cost", "methods", _choice(*INDICATOR_METHODS), "成本指标"),
    Key("indicator", "range", "methods", _choice(*INDICATOR_METHODS), "区间指标"),
    Key("indicator", "floor", "indicator_floor", _num, "threshold 方法的起算线"),
    Key("indicator", "completion_percent_digits", "completion_percent_digits", _opt_int, "完成率先取几位小数的百分数"),
    Key("indicator", "reverse_zero_at", "reverse_zero_at", _num, "反向指标线性递减到 0 的倍数", ("R4",)),
    Key("indicator", "empty_target", "empty_target", _choice(*EMPTY_TARGET), "年度指标值为空时", ("R15",)),
    Key("indicator", "weight_basis", "weight_basis", _choice(*WEIGHT_BASIS), "分值取实际权重或设定权重"),
    # 定性、时效
    Key("qualitative", "met", "qualitative_met", _num, "达成的默认得分比例", ("R7",)),
    Key("qualitative", "partial", "qualitative_partial", _num, "部分达成的默认得分比例", ("R7",)),
    Key("qualitative", "unmet", "qualitative_unmet", _num, "未达成的默认得分比例", ("R7",)),
    Key("qualitative", "unknown", "qualitative_unknown", _choice("met", "unmet"), "无法判断档次的文字"),
    Key("qualitative", "met_band", "qualitative_bands", _band, "达成的得分区间（分值的比例，含上限）", ("R7", "C10")),
    Key("qualitative", "partial_band", "qualitative_bands", _band, "部分达成的得分区间（不含上限）", ("R7", "C10")),
    Key("qualitative", "unmet_band", "qualitative_bands", _band, "未达成的得分区间（不含上限）", ("R7", "C10")),
    Key("date", "late", "date_late", _num, "时效指标逾期的得分比例"),
    # 取整与等级
    Key("rounding", "digits", "digits", _int, "得分小数位数（0 = 整分）", ("R1", "R2", "R4", "R11", "R23")),
    Key("rounding", "mode", "rounding", _MODE, "指标得分与总分的取整", ("R1", "R2", "R4", "R11", "R13", "R23")),
    Key("", "grades", "grades", None, "等级", ("R24",)),
    Key("grades[]", "grade", "grade", _str, "等级名称"),
    Key("grades[]", "min", "min", _num, "分数线"),
    Key("grades[]", "strict", "strict", _bool, "须高于分数线（>）"),
    Key("grades[]", "below", "below", _num, "上限（不含）"),
    # 校验
    Key("checks", "weight_total", "weight_total", _num, "分值合计", ("C6",)),
    Key("checks", "rate_weight", "rate_weight", _num, "执行率分值（旧写法，同 rate.weight）"),
    Key("checks", "over_achievement_reason_above", "over_achievement_reason_above", _opt_num,
        "完成值超过指标值的此倍数须说明原因", ("R14", "C7")),
    Key("checks", "over_achievement_inclusive", "over_achievement_inclusive", _bool, "超额的分界含等于（≥）", ("R14", "C7")),
    Key("checks", "over_achievement_reverse", "over_achievement_reverse", _bool, "反向（≤）指标也查超额", ("C7",)),
    Key("checks", "over_achievement_zero_target", "over_achievement_zero_target", _opt_num,
        "指标值为 0 时完成值达到此数须说明原因", ("C7",)),
    Key("checks", "low_rate_reason_below", "low_rate_reason_below", _opt_num, "执行率低于此须说明原因"),
    Key("checks", "expects_satisfaction", "expects_satisfaction", _bool, "须有满意度指标"),
    Key("checks", "max_rate", "max_rate", _opt_num, "执行率上限（1 = 100%）", ("C16",)),
    Key("checks", "weight_must_be_positive", "weight_must_be_positive", _bool, "分值须大于 0", ("C9",)),
    Key("checks", "qualitative_band_check", "qualitative_band_check", _bool, "定性指标得分须在档次区间内", ("C10", "R7")),
    Key("checks", "score_below_weight_needs_reason", "score_below_weight_needs_reason", _bool,
        "得分低于分值须填偏差原因", ("C8",)),
    Key("checks", "compare_truncated", "compare_truncated", _bool, "比较前先截取两位小数", ("R10",)),
    Key("checks", "score_above_weight", "score_above_weight", _bool, "得分不得超过分值", ("C12",)),
    Key("checks", "weight_sums_must_match", "weight_sums_must_match", _bool, "下级分值合计须等于上级", ("C4", "C5", "C6")),
    Key("checks", "low_total_needs_problems_below", "low_total_needs_problems_below", _opt_num,
        "总分低于此须填存在的问题和整改措施", ("C19",)),
    Key("checks", "default_cost_indicator_max", "default_cost_indicator_max", _opt_num,
        "未填报成本指标时成本指标得分上限", ("C2",)),
    Key("checks", "qualitative_needs_description", "qualitative_needs_description", _bool,
        "定性指标须填完成情况简要描述", ("C3", "C11")),
    Key("checks", "budget_adjust_limit", "budget_adjust_limit", _opt_num, "预算调整率上限", ("C20",)),
    Key("checks", "total_cap_when_exceeded", "total_cap_when_exceeded", _opt_num, "预算调整率超限时总分上限", ("C20",)),
    Key("checks", "remark_forbidden_chars", "remark_forbidden_chars", _str, "原因说明不得含的字符", ("C21",)),
    Key("checks", "deviation_limit", "deviation_limit", _opt_num, "监控偏离度上限", ("C29", "M11")),
    Key("checks", "description_max_length", "description_max_length", _opt_int, "完成情况最多字数", ("C18",)),
    Key("checks", "funds_sources_must_match", "funds_sources_must_match", _bool, "资金来源与资金方向合计须一致",
        ("C17", "C30")),
    Key("checks", "unit_required", "unit_required", _bool, "定量指标须填计量单位", ("C24", "C31")),
    # 目标审核（绩效目标申报表）
    Key("review", "off", "review_off", _codes, "目标审核中不查的规则（如 [\"JX109\"]）"),
    Key("review", "name_max_length", "review_name_max_length", _opt_int, "三级指标名称最多字数"),
    Key("review", "goal_min_length", "review_goal_min_length", _int, "年度目标至少字数"),
    Key("review", "min_indicators", "review_min_indicators", _int, "三级指标至少个数"),
    Key("review", "large_amount", "review_large_amount", _opt_num, "资金达到此数（万元）的项目须更多指标"),
    Key("review", "min_indicators_large", "review_min_indicators_large", _int, "大额项目三级指标至少个数"),
    Key("review", "core_indicators", "review_core_indicators", _bool, "须标明核心指标（财预〔2021〕101号）"),
    Key("review", "public_satisfaction", "review_public_satisfaction", _bool, "面向公众的项目须设满意度指标"),
    # 运行监控
    Key("monitor", "version", "monitor_version", _choice(*MONITOR_VERSIONS), "序时进度预警版本", ("M1",)),
    Key("monitor", "blue_at", "monitor_blue_at", _num, "蓝灯：完成值达到年度指标值的此倍数", ("M1",)),
    Key("monitor", "red_below", "monitor_red_below", _num, "红灯：序时进度完成比低于", ("M1",)),
    Key("monitor", "yellow_below", "monitor_yellow_below", _num, "黄灯：序时进度完成比低于", ("M1",)),
    Key("monitor", "funds_red_below", "funds_red_below", _num, "资金红灯：执行进度比低于", ("M6",)),
    Key("monitor", "funds_yellow_below", "funds_yellow_below", _num, "资金黄灯：执行进度比低于", ("M6",)),
    Key("monitor", "month", "monitor_month", _int, "监控月份（表中未写时）"),
    Key("monitor", "reason_for", "monitor_reason_for", _lights, "须填偏差原因的预警灯", ("C26", "C27")),
    Key("monitor", "explanation_with_reason", "monitor_explanation_with_reason", _bool, "勾选偏差原因须填原因说明",
        ("C27", "C28")),
    Key("monitor", "forecast_reason", "monitor_forecast_reason", _bool, "预计不能完成须说明原因", ("C28",)),
    Key("monitor", "deviation", "monitor_deviation", _bool, "计算偏离度", ("M11", "C29")),
    Key("monitor", "completion_possibility", "completion_possibility", _bool, "完成可能性（确定能/有可能/完全不可能）",
        ("M12", "C28")),
    Key("monitor", "expected_progress_light", "expected_progress_light", _bool, "按是否达到预计支出进度亮灯", ("M8",)),
)
BY_PATH = {k.path: k for k in SCHEMA}
TABLES = {k.table for k in SCHEMA if k.table and not k.table.endswith("[]")} | {"notes"}


def keys_for(rule: str) -> list[Key]:
    """The profile keys that implement a reference rule (for the docs' coverage table)."""
    return [k for k in SCHEMA if rule in k.rules]
