"""执行率 (:func:`rate`) and 执行率得分 (:func:`rate_score`) under a profile's rule."""

from __future__ import annotations

from decimal import Decimal

from . import values as V
from .errors import ScoringError
from .figures import _about, _percent, weight_of
from .profiles import Profile, get_profile
from .rounding import round_to

# --- 执行率 ---------------------------------------------------------------------------------------

def rate(spent, budget, profile: Profile | str | None = None) -> float:
    """执行率 = 全年执行数 / 全年预算数, a fraction rounded as the profile shows rates (0.9938), returned
    as a :class:`~.values.Share` so that :func:`rate_score` reads 3.0 as 300%, not 3%.

    ``rate.percent_rounding`` says how: Excel's ROUND of the fraction (national), or the pages'
    ``(amt4/amt3*100).toFixed(2)`` (R16). A 全年预算数 of 0 is an error unless ``rate.zero_budget`` says
    what the system shows (R16/R17: 0; 浙江: 100% when nothing was spent either)."""
    p = get_profile(profile)
    with _about("budget"):
        b = V.parse_amount(budget, "全年预算数")
    with _about("spent"):
        s = V.parse_amount(spent, "全年执行数")
    if b is None or (b == 0 and p.rate_zero_budget == "error"):
        raise ScoringError("全年预算数为空或为 0，无法计算执行率", role="budget")
    if s is None:
        raise ScoringError("全年执行数为空", role="spent")
    if b < 0:
        raise ScoringError("全年预算数 {value} 为负数，无法计算执行率", value=b, role="budget")
    if s < 0:
        raise ScoringError("全年执行数 {value} 为负数，无法计算执行率", value=s, role="spent")
    if b == 0:
        return V.Share(1.0 if p.rate_zero_budget == "full_if_unspent" and s == 0 else 0.0)
    if p.rate_percent_digits is None:
        return V.Share(s / b)
    if p.rate_percent_rounding == "half_up_decimal":
        return V.Share(round_to(s / b, p.rate_percent_digits + 2, "half_up_decimal"))  # 0.9938, not 0.99379999…
    pct = round_to(s / b * 100, p.rate_percent_digits, p.rate_percent_rounding)
    return V.Share(float(Decimal(repr(pct)).scaleb(-2)))  # 99.38 → 0.9938 (not 0.9937999999999999)


def _rate_percent(p: Profile, r: float) -> float:
    """The 执行率 in percent points as the rule scores it (99.38), rounded as the profile shows rates."""
    if p.rate_percent_digits is None:
        return r * 100
    if p.rate_percent_rounding == "half_up_decimal":
        return _percent(r, p.rate_percent_digits)
    return round_to(r * 100, p.rate_percent_digits, p.rate_percent_rounding)


def rate_score(rate_value, weight, profile: Profile | str | None = None) -> float:
    """执行率得分 under the profile's rate rule (proportional with a cap, a floor line, or a tier
    table), in the profile's arithmetic, rounded as the profile rounds 执行率得分."""
    p = get_profile(profile)
    with _about("rate"):
        r = V.parse_rate(rate_value)
    if r is None:
        raise ScoringError("执行率为空", role="rate")
    w = weight_of(weight)
    pct = _rate_percent(p, r)
    cap = p.rate_cap
    if p.rate_method == "proportional":
        if p.rate_arithmetic == "percent_divided":  # the pages' bgtget/10: percent ÷ (100/分值)
            s = 0.0 if w == 0 else cap * w if cap is not None and pct > cap * 100 else pct / (100 / w)
        else:
            frac = r if p.rate_percent_digits is None else pct / 100
            s = (frac if cap is None else min(frac, cap)) * w
    elif p.rate_method == "tiers":  # 江西: = 100% → 10, [80, 100) → 7, [60, 80) → 5, else 0
        s = next((t.share for t in p.rate_tiers if t.contains(pct)), 0.0) * w
    else:  # threshold: (执行率 − 起算线) / (1 − 起算线) × 分值, in percent points as the systems do
        floor = p.rate_floor * 100
        s = 0.0 if pct < floor else (pct - floor) / (100 - floor) * w
        s = s if cap is None else min(s, cap * w)
    return round_to(max(s, 0.0), p.rate_score_digits, p.rate_score_rounding)
