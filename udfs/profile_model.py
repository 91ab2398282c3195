"""The rule profile as data: :class:`Profile` (and its :class:`Grade` and :class:`RateTier` entries), every
field that a rule file may set declared once, here, with its key(s) in the file, the converter that checks
the value, a Chinese label and the reference rules (R1…R28, M1…M13, C1…C31 of the vendor's finance-system
code) it implements. :data:`SCHEMA` — what :mod:`.profiles` reads files through and :mod:`.profile_docs`
documents — is collected from these declarations, so a switch is never declared twice.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from .errors import ProfileError
from .profile_schema import (
    DIRECTIONS,
    EMPTY_TARGET,
    INDICATOR_METHODS,
    LIGHTS,
    MONITOR_VERSIONS,
    RATE_ARITHMETIC,
    RATE_METHODS,
    TIERS,
    WEIGHT_BASIS,
    ZERO_BUDGET,
    K,
    Key,
    _band,
    _bool,
    _choice,
    _codes,
    _int,
    _lights,
    _num,
    _opt_int,
    _opt_num,
    _str,
    _str_list,
    collect,
    setting,
)
from .rounding import MODES

_REF_ID = re.compile(r"^[RMC][1-9]\d?$")
_MODE = _choice(*MODES)


@dataclass(frozen=True)
class Grade:
    """One grade band: ``min`` ≤ total (``>`` when ``strict``), and total < ``below`` when given."""

    grade: str = setting(K("grades[]", "grade", _str, "等级名称"))
    min: float = setting(K("grades[]", "min", _num, "分数线"))
    strict: bool = setting(K("grades[]", "strict", _bool, "须高于分数线（>）"), default=False)
    below: float | None = setting(K("grades[]", "below", _num, "上限（不含）"), default=None)

    def contains(self, total: float) -> bool:
        low_ok = total > self.min if self.strict else total >= self.min
        return low_ok and (self.below is None or total < self.below)

    def describe(self) -> str:
        low = f"{'>' if self.strict else '≥'} {self.min:g}"
        return low if self.below is None else f"{low} 且 < {self.below:g}"


@dataclass(frozen=True)
class RateTier:
    """One step of a tier table for 执行率得分 (江西): ``min`` ≤ 执行率% ≤ ``max`` (or < ``below``) → share × 分值."""

    min: float = setting(K("rate.tiers[]", "min", _num, "档的下限（%，含）"))  # percent points, inclusive
    share: float = setting(K("rate.tiers[]", "share", _num, "得分（分值的比例）"))  # of 分值
    max: float | None = setting(K("rate.tiers[]", "max", _num, "档的上限（%，含）"), default=None)  # percent points, inclusive
    below: float | None = setting(K("rate.tiers[]", "below", _num, "档的上限（%，不含）"), default=None)  # percent points, exclusive

    def contains(self, pct: float) -> bool:
        if pct < self.min:
            return False
        if self.max is not None and pct > self.max:
            return False
        return self.below is None or pct < self.below

    def describe(self) -> str:
        if self.max is not None and self.max == self.min:
            span = f"= {self.min:g}%"
        elif self.max is not None:
            span = f"[{self.min:g}%, {self.max:g}%]"
        elif self.below is not None:
            span = f"[{self.min:g}%, {self.below:g}%)"
        else:
            span = f"≥ {self.min:g}%"
        return f"{span} → {self.share:g}×分值"


_DEFAULT_GRADES = (Grade("优", 90), Grade("良", 80), Grade("中", 60), Grade("差", 0))


@dataclass(frozen=True)
class Profile:
    id: str = setting(K("", "id", _str, "规则编号"))
    name: str = setting(K("", "name", _str, "中文名称"))
    document: str = setting(K("", "document", _str, "依据"))
    aliases: tuple[str, ...] = setting(K("", "aliases", _str_list, "别名"), default=())
    province: str = setting(K("", "province", _str, "适用地区"), default="")
    # rule id (R5, M12…) → why the profile does what it does there (formula not found, default used…)
    notes: tuple[tuple[str, str], ...] = ()
    extends: str | None = setting(K("", "extends", _str, "沿用的规则"), default=None)
    # 执行率与执行率得分
    rate_method: str = setting(K("rate", "method", _choice(*RATE_METHODS), "执行率得分算法", ("R17", "R19")), default="proportional")
    rate_floor: float = setting(K("rate", "floor", _num, "起算线（threshold）"), default=0.0)
    rate_percent_digits: int | None = setting(K("rate", "percent_digits", _opt_int, "执行率取几位小数的百分数", ("R16", "R20")), default=2)
    rate_percent_rounding: str = setting(K("rate", "percent_rounding", _choice("half_up_decimal", "half_up_binary", "js_tofixed"), "执行率的取整", ("R16",)), default="half_up_decimal")
    rate_arithmetic: str = setting(K("rate", "arithmetic", _choice(*RATE_ARITHMETIC), "执行率得分的浮点算式", ("R17", "R18")), default="fraction_times_weight")
    rate_cap: float | None = setting(K("rate", "cap", _opt_num, "执行率封顶（1 = 100%；false 不封顶）", ("R17",)), default=1.0)
    rate_rounding: str | None = setting(K("rate", "rounding", _MODE, "执行率得分的取整", ("R17", "R18", "R20")), default=None)  # None: as ``rounding``
    rate_digits: int | None = setting(K("rate", "digits", _int, "执行率得分的小数位数"), default=None)  # None: as ``digits``
    rate_zero_budget: str = setting(K("rate", "zero_budget", _choice(*ZERO_BUDGET), "全年预算数为 0 时", ("R16", "R17")), default="error")
    rate_tiers: tuple[RateTier, ...] = setting(K("rate", "tiers", None, "执行率按档计分", ("R19",)), default=())
    rate_weight: float = setting(K("rate", "weight", _num, "执行率分值（表中未写分值时）", ("R18",)), K("checks", "rate_weight", _num, "执行率分值（旧写法，同 rate.weight）"), default=10)
    # 定量指标：方向 → 方法
    methods: tuple[tuple[str, str], ...] = setting(K("indicator", "positive", _choice(*INDICATOR_METHODS), "正向指标（≥、>）", ("R1",)), K("indicator", "reverse", _choice(*INDICATOR_METHODS), "反向指标（≤、<）", ("R4",)), K("indicator", "equal", _choice(*INDICATOR_METHODS), "等于指标（=）", ("R2", "R3")), K("indicator", "cost", _choice(*INDICATOR_METHODS), "成本指标"), K("indicator", "range", _choice(*INDICATOR_METHODS), "区间指标"), default=(
        ("positive", "proportional"), ("reverse", "within_limit"), ("equal", "proportional"),
        ("cost", "within_limit"), ("range", "range"),
    ))
    indicator_floor: float = setting(K("indicator", "floor", _num, "threshold 方法的起算线"), default=0.6)
    completion_percent_digits: int | None = setting(K("indicator", "completion_percent_digits", _opt_int, "完成率先取几位小数的百分数"), default=None)
    reverse_zero_at: float = setting(K("indicator", "reverse_zero_at", _num, "反向指标线性递减到 0 的倍数", ("R4",)), default=2.0)  # relative_excess: 0 points once 完成值 ≥ 2 × 指标值
    empty_target: str = setting(K("indicator", "empty_target", _choice(*EMPTY_TARGET), "年度指标值为空时", ("R15",)), default="error")
    weight_basis: str = setting(K("indicator", "weight_basis", _choice(*WEIGHT_BASIS), "分值取实际权重或设定权重"), default="actual")
    # 定性与时效
    qualitative_met: float = setting(K("qualitative", "met", _num, "达成的默认得分比例", ("R7",)), default=1.0)
    qualitative_partial: float = setting(K("qualitative", "partial", _num, "部分达成的默认得分比例", ("R7",)), default=0.6)
    qualitative_unmet: float = setting(K("qualitative", "unmet", _num, "未达成的默认得分比例", ("R7",)), default=0.0)
    qualitative_unknown: str = setting(K("qualitative", "unknown", _choice("met", "unmet"), "无法判断档次的文字"), default="met")
    qualitative_bands: tuple[tuple[str, float, float], ...] = setting(K("qualitative", "met_band", _band, "达成的得分区间（分值的比例，含上限）", ("R7", "C10")), K("qualitative", "partial_band", _band, "部分达成的得分区间（不含上限）", ("R7", "C10")), K("qualitative", "unmet_band", _band, "未达成的得分区间（不含上限）", ("R7", "C10")), default=(
        ("达成", 0.8, 1.0), ("部分达成", 0.6, 0.8), ("未达成", 0.0, 0.6),
    ))
    date_late: float = setting(K("date", "late", _num, "时效指标逾期的得分比例"), default=0.0)
    # 取整（指标得分、总分）
    digits: int = setting(K("rounding", "digits", _int, "得分小数位数（0 = 整分）", ("R1", "R2", "R4", "R11", "R23")), default=2)
    rounding: str = setting(K("rounding", "mode", _MODE, "指标得分与总分的取整", ("R1", "R2", "R4", "R11", "R13", "R23")), default="half_up_decimal")
    grades: tuple[Grade, ...] = setting(K("", "grades", None, "等级", ("R24",)), factory=lambda: _DEFAULT_GRADES)
    # 校验用的开关（各省财政系统的差异）；the checks package reads them, this core only holds them
    weight_total: float = setting(K("checks", "weight_total", _num, "分值合计", ("C6",)), default=100)
    over_achievement_reason_above: float | None = setting(K("checks", "over_achievement_reason_above", _opt_num, "完成值超过指标值的此倍数须说明原因", ("R14", "C7")), default=None)  # 如 1.2；广西 1.3
    over_achievement_inclusive: bool = setting(K("checks", "over_achievement_inclusive", _bool, "超额的分界含等于（≥）", ("R14", "C7")), default=False)  # ≥ rather than >
    over_achievement_reverse: bool = setting(K("checks", "over_achievement_reverse", _bool, "反向（≤）指标也查超额", ("C7",)), default=False)  # also ≤/< targets (广西 C7)
    over_achievement_zero_target: float | None = setting(K("checks", "over_achievement_zero_target", _opt_num, "指标值为 0 时完成值达到此数须说明原因", ("C7",)), default=None)  # target 0: a reason once 完成值 ≥ this (广西 30)
    low_rate_reason_below: float | None = setting(K("checks", "low_rate_reason_below", _opt_num, "执行率低于此须说明原因"), default=None)  # 如四川 0.9：执行率低于此须说明原因
    # a reviewer's reading, whatever the scores say (seed 003's 项目5: ≤2次 with 5 done, full marks, no reason):
    # a ≤ limit exceeded to this multiple, or a ≥ target reached below this share, needs a 偏差原因
    far_limit_reason_above: float | None = setting(K("checks", "far_limit_reason_above", _opt_num, "上限（≤）指标的完成值超过上限的此倍数须说明原因（不论得分）"), default=1.5)
    far_shortfall_reason_below: float | None = setting(K("checks", "far_shortfall_reason_below", _opt_num, "下限（≥）指标的完成率低于此须说明原因（不论得分）"), default=0.6)
    expects_satisfaction: bool = setting(K("checks", "expects_satisfaction", _bool, "须有满意度指标"), default=True)
    max_rate: float | None = setting(K("checks", "max_rate", _opt_num, "执行率上限（1 = 100%）", ("C16",)), default=None)  # C16: 执行率不能超过 100%
    weight_must_be_positive: bool = setting(K("checks", "weight_must_be_positive", _bool, "分值须大于 0", ("C9",)), default=False)  # C9
    qualitative_band_check: bool = setting(K("checks", "qualitative_band_check", _bool, "定性指标得分须在档次区间内", ("C10", "R7")), default=False)  # C10
    score_below_weight_needs_reason: bool = setting(K("checks", "score_below_weight_needs_reason", _bool, "得分低于分值须填偏差原因", ("C8",)), default=True)  # C8
    compare_truncated: bool = setting(K("checks", "compare_truncated", _bool, "比较前先截取两位小数", ("R10",)), default=False)  # R10: compare scores cut to two decimals
    score_above_weight: bool = setting(K("checks", "score_above_weight", _bool, "得分不得超过分值", ("C12",)), default=True)  # C12
    weight_sums_must_match: bool = setting(K("checks", "weight_sums_must_match", _bool, "下级分值合计须等于上级", ("C4", "C5", "C6")), default=True)  # C4–C6
    low_total_needs_problems_below: float | None = setting(K("checks", "low_total_needs_problems_below", _opt_num, "总分低于此须填存在的问题和整改措施", ("C19",)), default=None)  # C19 宁夏 80
    default_cost_indicator_max: float | None = setting(K("checks", "default_cost_indicator_max", _opt_num, "未填报成本指标时成本指标得分上限", ("C2",)), default=None)  # C2 山西 5
    qualitative_needs_description: bool = setting(K("checks", "qualitative_needs_description", _bool, "定性指标须填完成情况简要描述", ("C3", "C11")), default=False)  # C3 广西
    budget_adjust_limit: float | None = setting(K("checks", "budget_adjust_limit", _opt_num, "预算调整率上限", ("C20",)), default=None)  # C20 广西 0.30
    total_cap_when_exceeded: float | None = setting(K("checks", "total_cap_when_exceeded", _opt_num, "预算调整率超限时总分上限", ("C20",)), default=None)  # C20 广西 90
    remark_forbidden_chars: str = setting(K("checks", "remark_forbidden_chars", _str, "原因说明不得含的字符", ("C21",)), default="")  # C21 广西
    deviation_limit: float | None = setting(K("checks", "deviation_limit", _opt_num, "监控偏离度上限", ("C29", "M11")), default=None)  # C29 / M11 河北 0.15
    description_max_length: int | None = setting(K("checks", "description_max_length", _opt_int, "完成情况最多字数", ("C18",)), default=None)  # C18 合肥 1000
    funds_sources_must_match: bool = setting(K("checks", "funds_sources_must_match", _bool, "资金来源与资金方向合计须一致", ("C17", "C30")), default=False)  # C17 / C30 山西
    unit_required: bool = setting(K("checks", "unit_required", _bool, "定量指标须填计量单位", ("C24", "C31")), default=False)  # C24 / C31
    # 目标审核（绩效目标申报表）
    review_off: tuple[str, ...] = setting(K("review", "off", _codes, "目标审核中不查的规则（如 [\"JX109\"]）"), default=())  # codes of review rules not run
    review_name_max_length: int | None = setting(K("review", "name_max_length", _opt_int, "三级指标名称最多字数"), default=20)
    review_goal_min_length: int = setting(K("review", "goal_min_length", _int, "年度目标至少字数"), default=10)
    review_min_indicators: int = setting(K("review", "min_indicators", _int, "三级指标至少个数"), default=3)
    review_large_amount: float | None = setting(K("review", "large_amount", _opt_num, "资金达到此数（万元）的项目须更多指标"), default=100.0)  # 万元
    review_min_indicators_large: int = setting(K("review", "min_indicators_large", _int, "大额项目三级指标至少个数"), default=6)
    review_core_indicators: bool = setting(K("review", "core_indicators", _bool, "须标明核心指标（财预〔2021〕101号）"), default=False)  # 财预〔2021〕101号
    review_public_satisfaction: bool = setting(K("review", "public_satisfaction", _bool, "面向公众的项目须设满意度指标"), default=True)
    # 运行监控
    monitor_version: str = setting(K("monitor", "version", _choice(*MONITOR_VERSIONS), "序时进度预警版本", ("M1",)), default="v2")
    monitor_blue_at: float = setting(K("monitor", "blue_at", _num, "蓝灯：完成值达到年度指标值的此倍数", ("M1",)), default=1.2)
    monitor_red_below: float = setting(K("monitor", "red_below", _num, "红灯：序时进度完成比低于", ("M1",)), default=0.6)
    monitor_yellow_below: float = setting(K("monitor", "yellow_below", _num, "黄灯：序时进度完成比低于", ("M1",)), default=0.8)
    funds_red_below: float = setting(K("monitor", "funds_red_below", _num, "资金红灯：执行进度比低于", ("M6",)), default=0.6)
    funds_yellow_below: float = setting(K("monitor", "funds_yellow_below", _num, "资金黄灯：执行进度比低于", ("M6",)), default=0.8)
    monitor_month: int = setting(K("monitor", "month", _int, "监控月份（表中未写时）"), default=6)
    monitor_reason_for: tuple[str, ...] = setting(K("monitor", "reason_for", _lights, "须填偏差原因的预警灯", ("C26", "C27")), default=("red", "yellow"))
    monitor_explanation_with_reason: bool = setting(K("monitor", "explanation_with_reason", _bool, "勾选偏差原因须填原因说明", ("C27", "C28")), default=True)
    monitor_forecast_reason: bool = setting(K("monitor", "forecast_reason", _bool, "预计不能完成须说明原因", ("C28",)), default=True)
    monitor_deviation: bool = setting(K("monitor", "deviation", _bool, "计算偏离度", ("M11", "C29")), default=False)  # M11 河北
    completion_possibility: bool = setting(K("monitor", "completion_possibility", _bool, "完成可能性（确定能/有可能/完全不可能）", ("M12", "C28")), default=False)  # M12 天津
    expected_progress_light: bool = setting(K("monitor", "expected_progress_light", _bool, "按是否达到预计支出进度亮灯", ("M8",)), default=False)  # M8 合肥
    source: str = ""  # file it was read from

    def method_for(self, direction: str) -> str:
        return dict(self.methods)[direction]

    @property
    def rate_score_rounding(self) -> str:
        """Rounding of 执行率得分 (the pages' toFixed where indicators use the server's ROUND)."""
        return self.rate_rounding or self.rounding

    @property
    def rate_score_digits(self) -> int:
        return self.digits if self.rate_digits is None else self.rate_digits

    def note(self, rule: str) -> str | None:
        return dict(self.notes).get(rule)

    def derive(self, **changes) -> Profile:
        """A variant of this profile (for regional switches and tests)."""
        if "methods" in changes and isinstance(changes["methods"], dict):
            changes["methods"] = tuple({**dict(self.methods), **changes["methods"]}.items())
        if "notes" in changes and isinstance(changes["notes"], dict):
            changes["notes"] = tuple(changes["notes"].items())
        p = dataclasses.replace(self, **changes)
        _validate(p)
        return p


def _validate(p: Profile) -> None:
    def bad(msg: str):
        raise ProfileError("规则 {id}：{msg}", id=p.id, msg=msg)

    if p.rate_method not in RATE_METHODS:
        bad(f"执行率计分方法“{p.rate_method}”未定义，可选 {'、'.join(RATE_METHODS)}")
    if p.rate_method == "tiers" and not p.rate_tiers:
        bad("执行率按档计分（tiers）须给出 [[rate.tiers]]")
    for direction, method in p.methods:
        if direction not in DIRECTIONS or method not in INDICATOR_METHODS:
            bad(f"指标方向“{direction}”的计分方法“{method}”未定义")
    if set(DIRECTIONS) - {d for d, _ in p.methods}:
        bad(f"缺少方向 {sorted(set(DIRECTIONS) - {d for d, _ in p.methods})} 的计分方法")
    for what, mode in (("取整方式", p.rounding), ("执行率得分取整方式", p.rate_score_rounding),
                       ("执行率取整方式", p.rate_percent_rounding)):
        if mode not in MODES:
            bad(f"{what}“{mode}”未定义，可选 {'、'.join(MODES)}")
    for what, v, allowed in (("执行率算式", p.rate_arithmetic, RATE_ARITHMETIC),
                             ("预算数为 0 时的执行率", p.rate_zero_budget, ZERO_BUDGET),
                             ("年度指标值为空时", p.empty_target, EMPTY_TARGET),
                             ("分值取", p.weight_basis, WEIGHT_BASIS),
                             ("监控预警版本", p.monitor_version, MONITOR_VERSIONS)):
        if v not in allowed:
            bad(f"{what}“{v}”未定义，可选 {'、'.join(allowed)}")
    if not 0 <= p.rate_floor < 1 or not 0 <= p.indicator_floor < 1:  # the score divides by 1 − floor
        bad("起算线应不小于 0 且小于 100%")
    if not p.reverse_zero_at > 1:  # the reverse rule scores 0 at this multiple of the limit and divides by it − 1
        bad("反向指标得 0 分的倍数应大于 1")
    if not 0 <= p.digits <= 6 or not 0 <= p.rate_score_digits <= 6:
        bad("小数位数应在 0 到 6 之间")
    if not p.grades or sorted(g.min for g in p.grades) != [g.min for g in reversed(p.grades)]:
        bad("等级须按分数线从高到低排列")
    bands = dict((t, (lo, hi)) for t, lo, hi in p.qualitative_bands)
    if set(bands) != set(TIERS):
        bad(f"定性指标须给出 {'、'.join(TIERS)} 三档的得分区间")
    for tier, point in zip(TIERS, (p.qualitative_met, p.qualitative_partial, p.qualitative_unmet), strict=True):
        lo, hi = bands[tier]
        if not 0 <= lo <= hi <= 1:
            bad(f"定性指标“{tier}”的得分区间 [{lo:g}, {hi:g}] 应在 0 到 1 之间")
        if not (lo <= point <= hi if tier == "达成" else lo <= point < hi or point == lo == hi):
            bad(f"定性指标“{tier}”的默认得分比例 {point:g} 不在其区间 [{lo:g}, {hi:g}{']' if tier == '达成' else ')'} 内")
    if p.qualitative_unknown not in ("met", "unmet"):
        bad(f"无法判断档次的定性文字“{p.qualitative_unknown}”应为 met 或 unmet")
    for light in p.monitor_reason_for:
        if light not in LIGHTS:
            bad(f"监控预警灯“{light}”未定义，可选 {'、'.join(LIGHTS)}")
    if not 1 <= p.monitor_month <= 12:
        bad(f"监控月份 {p.monitor_month} 应在 1 到 12 之间")
    if not p.monitor_red_below <= p.monitor_yellow_below <= p.monitor_blue_at:
        bad("监控预警的分界应为 红 < 黄 < 蓝")
    for rule, _ in p.notes:
        if not _REF_ID.match(rule):
            bad(f"说明的规则号“{rule}”应为 R1…R28、M1…M13 或 C1…C31")


SCHEMA: tuple[Key, ...] = collect(Profile, RateTier, Grade)
BY_PATH = {k.path: k for k in SCHEMA}
TABLES = {k.table for k in SCHEMA if k.table and not k.table.endswith("[]")} | {"notes"}


def keys_for(rule: str) -> list[Key]:
    """The profile keys that implement a reference rule (for the docs' coverage table)."""
    return [k for k in SCHEMA if rule in k.rules]
