"""The scoring core: plain values in, plain values out.

执行率 (:func:`rate`), 执行率得分 (:func:`rate_score`), an indicator's 完成率 and 得分
(:func:`completion`, :func:`score_indicator`), 总分 (:func:`total`) and 等级 (:func:`grade`). Every rule
that differs by region comes from the :class:`~.profiles.Profile`; the methods below are the
arithmetic the profiles name.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
from dataclasses import dataclass
from decimal import Decimal

from . import values as V
from .errors import JixiaoError, ScoringError, UnitMismatch
from .figures import _about, _not_negative, _percent, _r, points_of, stated_points, weight_of  # noqa: F401
from .profiles import Profile, get_profile
from .rates import rate, rate_score  # noqa: F401  (the 执行率 half of the core, as callers know it)
from .rounding import add, round_to

_DIRECTION_WORDS = {
    "positive": "positive", "正向": "positive", "正": "positive", "越高越好": "positive", ">=": "positive",
    "reverse": "reverse", "反向": "reverse", "逆向": "reverse", "负向": "reverse", "越低越好": "reverse",
    "<=": "reverse",
    "equal": "equal", "等于": "equal", "=": "equal", "持平": "equal",
    "cost": "cost", "成本": "cost", "成本指标": "cost",
}


@dataclass(frozen=True)
class IndicatorScore:
    score: float
    completion: float | None  # 完成值/指标值 as a fraction; None for qualitative and dates
    method: str  # which rule scored it, e.g. "threshold" or "qualitative:达成"
    notes: tuple[str, ...] = ()  # warnings for the reader (units that differ in wording…), as shown in JSON
    deduction: float = 0.0  # 扣分 subtracted (R9)
    unit_words: tuple[str, str] | None = None  # (指标值's unit, 完成值's) where they differ in wording only

    @property
    def tier(self) -> str | None:
        """The 定性 tier a qualitative row was scored in (达成 / 部分达成 / 未达成), else None."""
        return self.method.split(":", 1)[1] if self.method.startswith("qualitative:") else None


# --- 指标 ----------------------------------------------------------------------------------------

def _align(t: V.Quantity, a: V.Quantity) -> tuple[float, float, tuple[str, str] | None]:
    """Bring target and actual to one unit; refuse scaled money units; return the two words where they differ
    in wording only (scored as one unit)."""
    tv, av, words = t.value, a.value, None
    tu, au = t.unit, a.unit
    if tu == "%" and au == "":  # one reading of a bare number against a percentage (values.percent_points)
        av = V.percent_points(a)
    elif au == "%" and tu == "":
        tv = V.percent_points(t)
    elif tu and au and tu != au:
        if tu in V.MONEY_UNITS and au in V.MONEY_UNITS:
            raise UnitMismatch("单位不一致：指标值“{text}”以{tu}计，完成值“{a_text}”以{au}计，请统一单位后再计分", text=t.text, tu=tu, a_text=a.text, au=au,
                               role="actual")
        if "%" in (tu, au):
            raise UnitMismatch("单位不一致：指标值“{text}”与完成值“{a_text}”一个是百分比，一个是{value}", text=t.text, a_text=a.text, value=tu if tu != '%' else au,
                               role="actual")
        words = (tu, au)
    return tv, av, words


def _direction(t: V.Quantity, direction, level: str) -> str:
    if direction not in (None, ""):
        d = _DIRECTION_WORDS.get(str(direction).strip())
        if d is None:
            raise ScoringError("指标方向“{direction}”无法识别，应为 正向、反向、等于 或 成本", direction=direction, role="direction")
        return d
    if t.comparator == V.RANGE:
        return "range"
    if "成本" in level and t.comparator in (None, V.LE, V.LT):
        return "cost"
    if t.comparator in (V.LE, V.LT):
        return "reverse"
    if t.comparator == V.EQ:
        return "equal"
    return "positive"


def _method_score(method: str, p: Profile, t: V.Quantity, tv: float, av: float, w: float) -> float:
    if method == "proportional":
        return w if tv == 0 else min(max(av / tv, 0.0), 1.0) * w
    if method == "threshold":
        if tv == 0:
            return w if av == 0 or t.comparator in (None, V.GE, V.GT) else 0.0
        pct = _percent(av / tv, p.completion_percent_digits)
        floor = p.indicator_floor * 100
        return 0.0 if pct < floor else min((pct - floor) / (100 - floor) * w, w)
    if method == "equal":  # R2/R3: a target of 0 is met only by 0; otherwise as the positive rule R1
        if tv == 0:
            return w if av <= 0 else 0.0
        if tv < 0:
            raise ScoringError("等于指标的年度指标值“{text}”为负数，无法计分（财政系统对此不计分）", text=t.text, role="target")
        return min(max(av / tv, 0.0), 1.0) * w
    if method == "within_limit":
        if av <= tv:
            return w
        return 0.0 if tv <= 0 else tv / av * w
    if method == "relative_excess":  # (1 − (B − A) / A) × w, 0 once B ≥ zero_at × A
        if av <= tv:
            return w
        if tv <= 0:
            return 0.0
        return max(0.0, 1 - (av - tv) / tv / (p.reverse_zero_at - 1)) * w
    if method == "range":
        lo, hi = tv, t.high if t.high is not None else tv
        if lo <= av <= hi:
            return w
        if av < lo:
            return 0.0 if lo == 0 else max(av / lo, 0.0) * w
        return hi / av * w
    raise ScoringError("计分方法“{method}”未定义", method=method)


def _parse_pair(target, actual) -> tuple[V.Value, V.Value]:
    with _about("target"):
        t = V.parse(target)
    with _about("actual"):
        a = V.parse(actual)
    _not_negative(t, "年度指标值", "target")
    _not_negative(a, "实际完成值", "actual")
    return t, a


def completion(target, actual) -> float | None:
    """完成率 = 完成值 / 指标值 (fraction); None when either side is qualitative or a date."""
    t, a = _parse_pair(target, actual)
    if t is None:
        raise ScoringError("年度指标值为空", role="target")
    if a is None:
        raise ScoringError("实际完成值为空", role="actual")
    if not (isinstance(t, V.Quantity) and isinstance(a, V.Quantity)):
        return None
    tv, av, _ = _align(t, a)
    if tv == 0:
        return 1.0 if av == 0 else None
    return av / tv


_TIER_WORDS = {"met": V.MET, "partial": V.PARTIAL, "unmet": V.UNMET, 1: V.MET, 2: V.PARTIAL, 3: V.UNMET,
               "1": V.MET, "2": V.PARTIAL, "3": V.UNMET}


def tier_of(tier) -> str:
    """A 定性 tier from its name (达成 / 部分达成 / 未达成), its code (1/2/3, PMKPISELFINDEXVAL), an
    English alias (met/partial/unmet) or the systems' full wording (部分达成年度指标并具有一定效果…)."""
    if tier in _TIER_WORDS:
        return _TIER_WORDS[tier]
    if isinstance(tier, str):
        t = V.normalize(tier)
        if t in (V.MET, V.PARTIAL, V.UNMET):
            return t
        try:
            found = V.parse(t) if t else None
        except JixiaoError:
            found = None
        if isinstance(found, V.Qualitative) and found.tier is not None:
            return found.tier
    raise ScoringError("定性指标档次“{tier}”无法识别，应为 达成、部分达成 或 未达成", tier=tier, role="actual")


def qualitative_band(tier, weight, profile: Profile | str | None = None) -> tuple[float, float, bool]:
    """The scores a 定性 tier allows (R7, C10, 财预〔2020〕10号): ``(lo, hi, hi_inclusive)`` in points.

    达成 [ROUND(0.8w, 2), w], 部分达成 [ROUND(0.6w, 2), ROUND(0.8w, 2)), 未达成 [0, ROUND(0.6w, 2)) by
    default; the shares come from the profile, the bounds are rounded to the cent as the system does."""
    p = get_profile(profile)
    t = tier_of(tier)
    w = weight_of(weight)
    lo, hi = next((lo, hi) for name, lo, hi in p.qualitative_bands if name == t)
    return round_to(w * lo, 2, "half_up_decimal"), round_to(w * hi, 2, "half_up_decimal"), t == V.MET


def in_qualitative_band(score, tier, weight, profile: Profile | str | None = None) -> bool:
    """Whether a stated 定性 得分 lies in its tier's band (C10)."""
    lo, hi, inclusive = qualitative_band(tier, weight, profile)
    s = points_of(score)
    if s is None:
        raise ScoringError("得分为空", role="score")
    return lo <= s <= hi if inclusive else lo <= s < hi


def qualitative_default(tier, weight, profile: Profile | str | None = None) -> float:
    """The point a 定性 tier gets when no score is stated: the profile's share of 分值 (达成 100%…)."""
    p = get_profile(profile)
    return _qualitative(p, tier_of(tier), weight_of(weight), "").score


def _qualitative(p: Profile, tier: str | None, w: float, why: str) -> IndicatorScore:
    tier = tier or (V.MET if p.qualitative_unknown == "met" else V.UNMET)
    frac = {V.MET: p.qualitative_met, V.PARTIAL: p.qualitative_partial, V.UNMET: p.qualitative_unmet}[tier]
    return IndicatorScore(_r(p, frac * w), None, f"qualitative:{tier}", (why,) if why else ())


def _date_score(p: Profile, t: V.DateValue, a, w: float) -> IndicatorScore:
    if isinstance(a, V.Quantity) and a.is_percent:  # "100%" typed as 及时率 against a deadline
        met = a.value >= 100
        return IndicatorScore(_r(p, w if met else p.date_late * w), None, "date:percent")
    if not isinstance(a, V.DateValue):
        raise ScoringError("指标值“{text}”是日期，完成值“{value}”应为日期或“按时完成”", text=t.text, value=getattr(a, 'text', a),
                           role="actual")
    year = t.year or a.year or _dt.date.today().year
    deadline = t.as_date(year)
    done = a.as_date(a.year or year)
    on_time = done <= deadline
    return IndicatorScore(_r(p, w if on_time else p.date_late * w), None, "date:on_time" if on_time else "date:late")


def score_indicator(
    target, actual, weight, profile: Profile | str | None = None, direction=None, level1: str = "",
    level2: str = "", deduction=None,
) -> IndicatorScore:
    """得分 of one indicator row. Raises a :class:`~.errors.JixiaoError` subclass on bad input.

    ``deduction`` (扣分, R9) is subtracted from the rule's score, exactly, never below 0."""
    p = get_profile(profile)
    w = weight_of(weight)
    r = _score(p, target, actual, w, direction, f"{level1}{level2}")
    d = points_of(deduction, "扣分", "deduction") if deduction is not None else None
    if not d:
        return r
    if d < 0:
        raise ScoringError("扣分 {d} 不能为负数", d=d, role="deduction")
    left = max(Decimal(repr(r.score)) - Decimal(repr(d)), Decimal(0))
    return dataclasses.replace(r, score=_r(p, float(left)), deduction=d)


def coefficient_score(coefficient, weight, profile: Profile | str | None = None) -> IndicatorScore:
    """得分 = 分值 × 得分系数, where a form scores its rows so (重庆's 得分系数(%)): the evaluator judges the
    coefficient, the form multiplies. 100% → full marks; a coefficient above 100% is refused."""
    p = get_profile(profile)
    w = weight_of(weight)
    with _about("coefficient"):
        c = V.parse_rate(coefficient, "得分系数")
    if c is None:
        raise ScoringError("得分系数为空", role="coefficient")
    if c > 1:
        raise ScoringError("得分系数“{value}”超过 100%", value=coefficient, role="coefficient")
    return IndicatorScore(_r(p, float(Decimal(repr(w)) * Decimal(repr(c)))), c, "coefficient")


def _score(p: Profile, target, actual, w: float, direction, level: str) -> IndicatorScore:
    t, a = _parse_pair(target, actual)
    if t is None and p.empty_target == "zero":  # 山西 R15: an empty 年度指标值 scores 0
        return IndicatorScore(0.0, None, "empty_target", ("年度指标值为空，按规则得 0 分",))
    if t is None:
        raise ScoringError("年度指标值为空", role="target")
    if a is None:
        raise ScoringError("实际完成值为空，无法计分", role="actual")
    if isinstance(a, V.Qualitative):
        if isinstance(t, V.Quantity) and a.tier is None:
            raise ScoringError("指标值“{text}”是数值，完成值“{a_text}”应填写数值（或“已完成”）", text=t.text, a_text=a.text, role="actual")
        same = isinstance(t, V.Qualitative) and V.normalize(t.text) == V.normalize(a.text)
        return _qualitative(p, V.MET if same else a.tier, w, "")
    if isinstance(t, V.Qualitative):
        return _qualitative(p, V.MET, w, f"指标值“{t.text}”是定性描述，完成值“{a.text}”按达成计分")
    if isinstance(t, V.DateValue):
        return _date_score(p, t, a, w)
    if isinstance(a, V.DateValue):
        raise ScoringError("指标值“{text}”是数值，完成值“{a_text}”却是日期", text=t.text, a_text=a.text, role="actual")
    tv, av, words = _align(t, a)
    d = _direction(t, direction, level)
    method = p.method_for(d)
    s = _method_score(method, p, t, tv, av, w)
    comp = (1.0 if av == 0 else None) if tv == 0 else av / tv
    notes = (f"指标值单位“{words[0]}”与完成值单位“{words[1]}”写法不同，已按同一单位计分",) if words else ()
    return IndicatorScore(_r(p, min(max(s, 0.0), w)), comp, method, notes, unit_words=words)


# --- 总分与等级 -----------------------------------------------------------------------------------

def total(scores, profile: Profile | str | None = None) -> float:
    """总分: the exact sum of the (already rounded) scores, rounded as the profile says."""
    p = get_profile(profile)
    nums = []
    for s in scores:
        if s is None:
            continue
        v = points_of(s)  # "9.5分" read, TRUE, NaN and dates refused, as every score the forms hold
        if v is not None and v < 0:
            raise ScoringError("得分 {value} 为负数，得分不能小于 0", value=v, role="score")
        if v is not None:
            nums.append(v)
    return _r(p, add(nums))


def grade(total_score, profile: Profile | str | None = None) -> str:
    """等级 for a 总分 by the profile's bands (优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 below by default; R24's
    “> 90” and 80/70/60 variants are other band tables). A total in no band (90 under “> 90 优,
    [80, 90) 良”) is an error, as the system gives no grade; below every band it is the lowest grade."""
    p = get_profile(profile)
    with _about("total"):
        v = V.parse_amount(total_score, "总分")
    if v is None:
        raise ScoringError("总分为空", role="total")
    if v < 0:
        raise ScoringError("总分 {value} 为负数，总分不能小于 0", value=v, role="total")
    for g in p.grades:
        if g.contains(v):
            return g.grade
    if all(v < g.min or (g.strict and v == g.min) for g in p.grades):
        return p.grades[-1].grade
    raise ScoringError("总分 {value} 不在规则“{name}”的任何等级区间内，系统不给出等级", value=v, name=p.name, role="total")


# --- what the review checks compare -----------------------------------------------------------------

def far_deviation(target, actual, profile: Profile | str | None = None, direction=None) -> float | None:
    """How far 完成值 departs from 指标值 where a reviewer asks for a reason whatever the score: a ≤/＜ limit
    exceeded to ``far_limit_reason_above`` times it or more (≤2次, 5 done: 2.5), a ≥ target reached below
    ``far_shortfall_reason_below`` of it (≥100人, 40 done: 0.4). Returns 完成值 ÷ 指标值, else None."""
    p = get_profile(profile)
    try:
        t, a = _parse_pair(target, actual)
        if not (isinstance(t, V.Quantity) and isinstance(a, V.Quantity)) or t.comparator == V.RANGE:
            return None
        tv, av, _ = _align(t, a)
        d = _direction(t, direction, "")
    except JixiaoError:
        return None
    if tv <= 0 or av < 0:
        return None
    ratio = float(Decimal(repr(av)) / Decimal(repr(tv)))
    if d in ("reverse", "cost") and t.comparator in (V.LE, V.LT):
        limit = p.far_limit_reason_above
        return ratio if limit is not None and ratio >= limit else None
    if d in ("positive", "equal"):
        floor = p.far_shortfall_reason_below
        return ratio if floor is not None and ratio < floor else None
    return None


def over_achieved(target, actual, profile: Profile | str | None = None, direction=None) -> bool:
    """Whether 完成值 exceeds 指标值 by the profile's over-achievement share, so a reason is due (R14, C7):
    完成值 ≥ 1.2 × 指标值 (``over_achievement_inclusive``; > otherwise), ≤ targets only where the profile
    says so (广西), and for a target of 0 once 完成值 reaches ``over_achievement_zero_target`` (广西 30).
    Compared exactly on the decimals, as the pages' floatMul does (80 × 1.2 = 96). Values that are not two
    comparable quantities are never over-achieved."""
    p = get_profile(profile)
    limit = p.over_achievement_reason_above
    if limit is None:
        return False
    try:
        t, a = _parse_pair(target, actual)
        if not (isinstance(t, V.Quantity) and isinstance(a, V.Quantity)):
            return False
        tv, av, _ = _align(t, a)
        d = _direction(t, direction, "")
    except JixiaoError:
        return False
    if d == "range" or (d in ("reverse", "cost") and not p.over_achievement_reverse):
        return False
    T, A = Decimal(repr(tv)), Decimal(repr(av))
    if T == 0:
        z = p.over_achievement_zero_target
        return z is not None and A >= Decimal(repr(z))
    if T < 0:
        return False
    bound = T * Decimal(repr(limit))
    return A >= bound if p.over_achievement_inclusive else A > bound
