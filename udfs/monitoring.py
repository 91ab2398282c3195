"""运行监控: the warning lights the finance systems show on a 项目支出绩效运行监控表 (issue 14).

Pure functions over typed values, rules M1–M13 of ../shared/reference/finance-system-rules.md:

- :func:`indicator_light` — one indicator against 序时进度 (time progress = month/12): M1 for ≥/＞ and
  ＝ targets (second version by default: current ≥ 120% of the year's target → blue; else progress
  < 60% red, [60%, 80%) yellow, ≥ 80% green; the first version's bands are ``monitor.version = "v1"``),
  M2 for ＝0, M3/M4 for ＜/≤ (green while within the target, no time progress), M5 for 定性;
  with the 指标完成率 (M9) and, where the profile asks, 河北's 偏离度 (M11).
- :func:`funds_light` — the funds (M6) with the monitoring 执行率 (M10); :func:`goal_light` — the worst
  light (M7); :func:`month_of` — the monitoring month from the form's wording.

Thresholds compare exact fractions of the typed decimals (30 of 100 by June is exactly 60%, yellow), so a
light never flips on a float's last bit; the percent figures the pages display (M9, M10, M11) follow the
pages' own JavaScript arithmetic.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from . import values as V
from .errors import JixiaoError, ScoringError
from .profile_schema import LIGHT_TEXT, LIGHTS
from .profiles import Profile, get_profile
from .rounding import round_to
from .scoring import _about, _align, _direction

_WORST_FIRST = LIGHTS  # M7: red > yellow > green > blue


@dataclass(frozen=True)
class Light:
    """A light with the figures behind it. ``light`` is None when it cannot be computed; ``reason`` says why."""

    light: str | None
    rule: str  # the reference rule that decided it: "M1", "M2"… ("" when none applies)
    progress: float | None = None  # current ÷ (target × month/12), a fraction (0.9 = 90% of time progress)
    completion: float | None = None  # 指标完成率 in percent points as the page shows it (M9; M10 for funds)
    deviation: float | None = None  # 偏离度 in percent points (M11), when the profile computes it
    over_deviation: bool = False  # C29: the 偏离度 (or an ＝ target's excess) needs 偏差分析和说明
    reason: JixiaoError | None = None  # why there is no light

    @property
    def text(self) -> str:
        """红 / 黄 / 绿 / 蓝, or "" without a light (what the template's 预警 column shows)."""
        return LIGHT_TEXT.get(self.light, "")


def _none(reason: JixiaoError | str, rule: str = "", **params) -> Light:
    """No light, and why (an error met, or a template and its parameters)."""
    return Light(None, rule, reason=reason if isinstance(reason, JixiaoError) else ScoringError(reason, **params))


def _exact(x: float) -> Fraction:
    """The decimal a cell's number stands for (0.3 is 3/10, not the double nearest it)."""
    return Fraction(Decimal(repr(float(x))))


def js_round(x: float) -> int:
    """JavaScript's Math.round: the nearest integer, ties toward +∞ (−2.5 → −2), on the double itself."""
    n = math.floor(x)
    return n + 1 if x - n >= 0.5 else n


def _js_percent(num: float, den: float) -> float:
    """Math.round(num/den·10000)/100, the pages' percent with two decimals (M9, M11)."""
    return js_round(num / den * 10000) / 100


# --- the month ------------------------------------------------------------------------------------

_DASH = r"(?:-|—|–|~|至|到)"
_MONTH_PATTERNS = (
    re.compile(rf"(?<!\d)(?:\d{{4}}年)?(\d{{1,2}})月?{_DASH}(?:\d{{4}}年)?(\d{{1,2}})月"),  # 1-6月, 1月至9月
    re.compile(r"截[至止](?:\d{4}年)?(\d{1,2})月"),  # 截至9月底, 截至2024年8月31日
    re.compile(r"(?<!\d)(?:\d{4}年)(\d{1,2})月"),  # 2024年8月31日
    re.compile(r"(?<![\d-])(\d{1,2})月(?:底|末|份)"),  # 9月底
)
_MONTH_WORDS = (("上半年", 6), ("前三季度", 9), ("一季度", 3), ("第一季度", 3), ("前两个季度", 6), ("全年", 12))


def month_of(text) -> int | None:
    """The monitoring month a form states: "1-6月" → 6, "1—7月", "1至9月", "截至9月底", "截至2024年8月31日",
    "监控期：1-6月", "上半年" → 6; a number 1–12 as it is; None when the text names no month."""
    if text is None or isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return int(text) if text == int(text) and 1 <= text <= 12 else None
    t = V.normalize(str(text))
    for pattern in _MONTH_PATTERNS:
        m = pattern.search(t)
        if m:
            month = int(m.groups()[-1])
            return month if 1 <= month <= 12 else None
    for word, month in _MONTH_WORDS:
        if word in t:
            return month
    return None


def time_progress(month: int) -> Fraction:
    """序时进度 = month/12, exact (6 → 1/2)."""
    if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
        raise ScoringError("监控月份“{month}”应为 1 到 12 的整数", month=month)
    return Fraction(month, 12)


def _month(month, p: Profile) -> int:
    if month is None:
        return p.monitor_month
    m = month_of(month)
    if m is None:
        raise ScoringError("监控月份“{month}”无法识别，应为 1 到 12（如 1-6月）", month=month)
    return m


# --- indicators -----------------------------------------------------------------------------------

def _band_light(p: Profile, ratio_of_target: Fraction, progress: Fraction, current_is_zero: bool) -> str:
    """M1: v2 (blue once the year's target is 120% met, else by time progress) or v1 (bands only)."""
    if p.monitor_version == "v1":
        if progress < _f(p.monitor_red_below):
            return "red"
        if progress < _f(p.monitor_yellow_below):
            return "yellow"
        return "green" if progress < _f(p.monitor_blue_at) else "blue"
    if current_is_zero:
        return "red"
    if ratio_of_target >= _f(p.monitor_blue_at):
        return "blue"
    if progress < _f(p.monitor_red_below):
        return "red"
    return "yellow" if progress < _f(p.monitor_yellow_below) else "green"


def _f(x: float) -> Fraction:
    return _exact(x)


def _qualitative_light(t: V.Value, a: V.Qualitative) -> Light:
    """M5: 达成 green, 部分达成 yellow, 未达成 red."""
    same = isinstance(t, V.Qualitative) and V.normalize(t.text) == V.normalize(a.text)
    tier = V.MET if same else a.tier
    if tier is None:
        return _none("完成情况“{actual}”看不出达成档次，应为 达成、部分达成 或 未达成", "M5", actual=a.text)
    return Light({V.MET: "green", V.PARTIAL: "yellow", V.UNMET: "red"}[tier], "M5")


def _typed(v) -> bool:
    return isinstance(v, str) and v.strip() != ""


def indicator_light(target, current, month=None, profile: Profile | str | None = None, direction=None) -> Light:
    """The light of one monitored indicator: 年度指标值 ``target``, 1-X月 完成值 ``current``, the month
    (a number or the form's text; None → the profile's default, 6)."""
    p = get_profile(profile)
    m = _month(month, p)
    try:
        with _about("target"):
            t = V.parse(target)
        with _about("actual"):
            a = V.parse(current)
    except JixiaoError as e:
        return _none(e)
    if t is None:  # a placeholder typed (—, /, 无数据) is named as typed, not called empty
        return _none("年度指标值为空：表中填的是“{target}”", target=str(target).strip()) if _typed(target) else \
            _none("年度指标值为空")
    if a is None:
        return _none("当前完成值为空：表中填的是“{actual}”", actual=str(current).strip()) if _typed(current) else \
            _none("当前完成值为空")
    if isinstance(a, V.Qualitative):
        if isinstance(t, V.Quantity):
            return _none("定量指标“{target}”的当前完成值“{actual}”应为数值", target=t.text, actual=a.text)
        return _qualitative_light(t, a)
    if not isinstance(t, V.Quantity):
        return _none("指标值“{target}”不是数值，完成情况“{actual}”应写 达成、部分达成 或 未达成", "M5", target=t.text, actual=a.text)
    if not isinstance(a, V.Quantity):
        return _none("定量指标“{target}”的当前完成值“{actual}”应为数值", target=t.text, actual=a.text)
    try:
        tv, av, _ = _align(t, a)
        d = _direction(t, direction, "")
    except JixiaoError as e:
        return _none(e)
    if d == "range":
        return _none("区间指标“{target}”：财政系统没有区间的监控规则", target=t.text)
    T, A = _exact(tv), _exact(av)
    progress = A / (T * time_progress(m)) if T > 0 else None
    completion = 0.0 if tv == 0 or av == 0 else _js_percent(av, tv)  # M9: 0 if either is 0
    deviation = over = None
    if p.monitor_deviation and tv != 0:
        deviation = _js_percent(av - tv, tv)
    kw = {"progress": None if progress is None else float(progress), "completion": completion,
          "deviation": deviation}
    if d in ("reverse", "cost"):  # M3 ＜ / M4 ≤: within the target, whatever the month
        if t.comparator == V.LT:
            return Light("green" if A < T else "red", "M3", **kw)
        return Light("green" if A <= T else "red", "M4", **kw)
    if d == "equal" and T == 0:  # M2
        return Light("green" if A == T else "red", "M2", **kw)
    if p.deviation_limit is not None and deviation is not None:  # C29: ≥ by 偏离度, ＝ by any excess
        if d == "equal":
            over = A > T
        elif t.comparator in (V.GE, None):
            over = _exact(deviation) > _exact(p.deviation_limit) * 100
    if T <= 0:
        return Light(None, "M1", reason=f"年度指标值“{t.text}”为 0 或负数，无法计算序时进度", **kw)
    light = _band_light(p, A / T, progress, A == 0)
    return Light(light, "M1", over_deviation=bool(over), **kw)


def goal_light(lights) -> str | None:
    """M7: the worst of the lights (red > yellow > green > blue); None when none has a light."""
    got = {x.light if isinstance(x, Light) else x for x in lights}
    return next((c for c in _WORST_FIRST if c in got), None)


def light_needs_reason(light, profile: Profile | str | None = None) -> bool:
    """C26/C27: whether this light needs a 偏差原因 under the profile (red and yellow; 宁夏 red only)."""
    c = light.light if isinstance(light, Light) else light
    return c in get_profile(profile).monitor_reason_for


# --- funds ----------------------------------------------------------------------------------------

def funds_rate(spent, budget, profile: Profile | str | None = None) -> float:
    """M10: the monitoring 执行率 in percent as the page shows it, (amt4/amt3·100).toFixed(2); 0 when either is 0."""
    with _about("budget"):
        b = V.parse_amount(budget, "全年预算数")
    with _about("spent"):
        s = V.parse_amount(spent, "执行数")
    if b is None:
        raise ScoringError("全年预算数为空", role="budget")
    if s is None:
        raise ScoringError("执行数为空", role="spent")
    if b == 0 or s == 0:
        return 0.0
    return round_to(s / b * 100, 2, "js_tofixed")


def funds_light(spent, budget, month=None, profile: Profile | str | None = None) -> Light:
    """M6: (执行数/预算数) ÷ (month/12): < 60% red, [60%, 80%) yellow, ≥ 80% green; a budget of 0 → 0 (red)."""
    p = get_profile(profile)
    m = _month(month, p)
    try:
        pct = funds_rate(spent, budget, p)
        b, s = V.parse_amount(budget), V.parse_amount(spent)
    except JixiaoError as e:
        return _none(e, "M6")
    progress = Fraction(0) if b == 0 else (_exact(s) / _exact(b)) / time_progress(m)
    if progress < _f(p.funds_red_below):
        light = "red"
    elif progress < _f(p.funds_yellow_below):
        light = "yellow"
    else:
        light = "green"
    return Light(light, "M6", progress=float(progress), completion=pct)


# --- provincial variants --------------------------------------------------------------------------

_POSSIBILITY = (("完全不可能", 3), ("不可能", 3), ("不能", 3), ("否", 3), ("有可能", 2), ("可能", 2), ("确定能", 1),
                ("能", 1), ("是", 1))


def possibility_of(answer) -> int | None:
    """M12 (天津) 完成可能性: 1 确定能, 2 有可能, 3 完全不可能; the 监控表's 是/否 read as 1/3; None when blank."""
    if isinstance(answer, int) and not isinstance(answer, bool) and answer in (1, 2, 3):
        return answer
    if not isinstance(answer, str) or V.is_blank(answer):
        return None
    t = V.normalize(answer)
    return next((code for word, code in _POSSIBILITY if word in t), None)


def forecast_needs_reason(answer, profile: Profile | str | None = None) -> bool:
    """C28: 全年预计 否 / 有可能 / 完全不可能 needs 全年预计完成情况 and a 偏差原因."""
    p = get_profile(profile)
    return (p.monitor_forecast_reason or p.completion_possibility) and possibility_of(answer) in (2, 3)


def expected_progress_light(on_track: bool, goal_reached: bool) -> str:
    """M8 (合肥): 达到预计支出进度 and 绩效目标 → green; on track only → yellow; behind → red."""
    if not on_track:
        return "red"
    return "green" if goal_reached else "yellow"


def self_evaluation_light(indicator_total, budget, spent) -> str | None:
    """R25 自评预警: None when the indicators score 0; red when indicator completion (Σs/90) outruns spending
    (bgtscore/10) by more than 5%; yellow when the budget is 0 or more than 20% is unspent; else None."""
    total = V.parse_amount(indicator_total, "指标得分合计")
    b, s = V.parse_amount(budget, "全年预算数"), V.parse_amount(spent, "全年执行数")
    if not total or b is None or s is None:
        return None
    S, B, P = _exact(total), _exact(b), _exact(s)
    bgtscore = min(P / (B if B else 1) * 10, Fraction(10))
    if (S / 90 - bgtscore / 10) / (S / 90) > Fraction(5, 100):
        return "red"
    if B == 0 or (B - P) / B > Fraction(20, 100):
        return "yellow"
    return None
