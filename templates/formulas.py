"""Native Excel formulas that give the engine's figures to the cent, so a template computes by itself
(without the add-in, in WPS too).

执行率得分 is the delicate one. Where the rule rounds the decimal value (Excel's ROUND does the same),
a plain ROUND formula is exact. A system that rounds the binary double instead (新疆: 99.38% → 9.84,
where the decimal 9.845 would give 9.85) differs from any decimal rounding at some half-cent ties. The
rate has two decimals of a percent, so there are only 10,001 rates up to 100%: the formula computes the
exact decimal in integers (basis points × 分值 in cents) and corrects the ties where the rule goes the
other way, listed once in a workbook name. The list is computed here by the engine itself, so the
formula and the engine cannot disagree.
"""

from __future__ import annotations

import functools
import re

from jixiao.udfs import Profile, get_profile, scoring


def _exact_cents(bp: int, weight_cents: int, floor: int | None) -> int:
    """执行率得分 in cents for a rate in basis points, half up on the exact decimal value."""
    if floor is None:
        num, den = min(bp, 10000) * weight_cents, 10000
    else:
        if bp < floor * 100:
            return 0
        num, den = (bp - floor * 100) * weight_cents, (100 - floor) * 100
    return min((2 * num + den) // (2 * den), weight_cents)


@functools.lru_cache(maxsize=32)
def _ties(profile: Profile, weight: float, floor: int | None) -> dict[int, list[int]]:
    """Rates (basis points, up to 100%) where the rule's 执行率得分 is a cent off the exact decimal."""
    weight_cents = round(weight * 100)
    off: dict[int, list[int]] = {}
    for bp in range(0, 10001):
        d = round(scoring.rate_score(bp / 10000, weight, profile) * 100) - _exact_cents(bp, weight_cents, floor)
        if d:
            off.setdefault(d, []).append(bp)
    return off


def rate_score_formula(profile: str | Profile, rate: str, weight_cell: str, weight: float) -> tuple[str, dict[str, str]] | None:
    """The formula for the 执行率得分 cell and the workbook names it needs; None when the profile's rule
    cannot be written natively (then recompute fills the cell)."""
    p = get_profile(profile)
    if p.rate_method == "tiers":
        return _tier_formula(p, rate, weight_cell, weight)
    if p.rate_method == "proportional" and p.rate_score_digits != 2:
        return _rounded_formula(p, rate, weight_cell, weight)
    threshold = p.rate_method != "proportional"
    floor = p.rate_floor * 100 if threshold else None
    weight_cents = round(weight * 100)
    if (p.rate_percent_digits != 2 or p.digits != 2 or abs(weight_cents - weight * 100) > 1e-9
            or (floor is not None and floor != int(floor))):
        return None
    floor = None if floor is None else int(floor)
    off = _ties(p, weight, floor)
    if set(off) - {-1, 1}:
        return None
    if not off and p.rounding == "half_up_decimal":  # Excel's ROUND is the rule: keep the formula readable
        if floor is None:
            return f'=IF({rate}="","",ROUND(MIN({rate},1)*{weight_cell},2))', {}
        return (f'=IF({rate}="","",IF({rate}*100<{floor},0,'
                f"ROUND(MIN((ROUND({rate}*100,2)-{floor})/{100 - floor}*{weight_cell},{weight_cell}),2)))"), {}
    bp = f"ROUND({rate}*10000,0)"
    wc = f"ROUND({weight_cell}*100,0)"
    names, ties = {}, ""
    for d, word in ((-1, "down"), (1, "up")):
        if off.get(d):
            safe_id = re.sub(r"[^0-9A-Za-z_.\u4e00-\u9fff]", "_", p.id)  # Excel names: no "-" or spaces
            name = f"jixiao_{safe_id}_{weight_cents}_{word}"
            names[name] = "{" + ",".join(map(str, off[d])) + "}"
            ties += f"{'-' if d < 0 else '+'}IF(ISNUMBER(MATCH({bp},{name},0)),1,0)"
    if floor is None:
        cents = f"INT((2*MIN({bp},10000)*{wc}+10000)/20000){ties}"
        return f'=IF({rate}="","",MIN({wc},{cents})/100)', names
    den = (100 - floor) * 100
    cents = f"INT((2*({bp}-{floor * 100})*{wc}+{den})/{2 * den}){ties}"
    return f'=IF({rate}="","",IF({bp}<{floor * 100},0,MIN({wc},{cents})/100))', names


def rows_above(col: str, top: int) -> str:
    """``col`` from row ``top`` down to the row above the formula's own: a range that takes in every row
    inserted anywhere between ``top`` and the formula (Excel widens A5:A10 for a row inserted at 6..10, never
    for one inserted at 11, right above a 合计). ``top`` is the header row: its text is not a number, so
    SUM and COUNT pass over it, and a row inserted right under it is taken in too."""
    return f"{col}{top}:INDEX({col}:{col},ROW()-1)"


def grade_formula(profile: str | Profile, total: str) -> str:
    bands = get_profile(profile).grades
    expr = f'"{bands[-1].grade}"'
    for g in reversed(bands[:-1]):
        expr = f'IF({total}>={g.min:g},"{g.grade}",{expr})'
    return f'="等级："&IF({total}="","",{expr})'


_RATES = range(0, 15001)  # every two-decimal rate up to 150%, in basis points


@functools.lru_cache(maxsize=64)
def _agrees(p: Profile, weight: float, kind: str) -> bool:
    """Does the formula of ``kind`` (tiers | rounded), evaluated as Excel would, give the engine's 执行率得分 at
    every rate? Checked once per rule and weight."""
    value = _tier_value if kind == "tiers" else _rounded_value
    return all(scoring.rate_score(bp / 10000, weight, p) == value(p, weight, bp) for bp in _RATES)


def _tier_value(p: Profile, weight: float, bp: int) -> float:
    pc = round(bp / 100, 2)
    share = next((t.share for t in p.rate_tiers if t.contains(pc)), 0.0)
    return _excel_round(share * weight, p.rate_score_digits)


def _rounded_value(p: Profile, weight: float, bp: int) -> float:
    frac = round(bp / 10000, 4)
    cap = p.rate_cap
    return _excel_round((frac if cap is None else min(frac, cap)) * weight, p.rate_score_digits)


def _excel_round(x: float, digits: int) -> float:
    from jixiao.udfs.rounding import round_to

    return round_to(x, digits, "half_up_decimal")  # Excel's ROUND, on the 15 digits Excel keeps


def _tier_formula(p: Profile, rate: str, weight_cell: str, weight: float):
    """A tier table (江西: = 100% → 10, [80%, 100%) → 7, [60%, 80%) → 5, else 0) as nested IFs on the rate in
    percent points; None unless it agrees with the engine at every rate."""
    d = p.rate_score_digits
    pct = f"ROUND({rate}*100,2)"
    expr = "0"
    for t in reversed(p.rate_tiers):
        cond = [f"{pct}>={t.min:g}"]
        if t.max is not None:
            cond.append(f"{pct}<={t.max:g}")
        if t.below is not None:
            cond.append(f"{pct}<{t.below:g}")
        expr = f"IF(AND({','.join(cond)}),{t.share:g}*{weight_cell},{expr})"
    formula = f'=IF({rate}="","",ROUND({expr},{d}))'
    return (formula, {}) if _agrees(p, weight, "tiers") else None


def _rounded_formula(p: Profile, rate: str, weight_cell: str, weight: float):
    """执行率 × 分值 rounded to whole points (or another precision than cents); None unless exact."""
    cap = p.rate_cap
    capped = rate if cap is None else f"MIN({rate},{cap:g})"
    formula = f'=IF({rate}="","",ROUND({capped}*{weight_cell},{p.rate_score_digits}))'
    return (formula, {}) if _agrees(p, weight, "rounded") else None
