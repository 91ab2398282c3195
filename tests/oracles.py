"""Independent oracles, written straight from the reference's formulas
(../shared/reference/finance-system-rules.md) and the seeds' documented rules. Nothing here imports
jixiao: each figure is recomputed from its definition, with exact fractions where the systems compute
in decimals (Oracle NUMBER, Excel's displayed value) and IEEE doubles (Python floats, the same as
JavaScript's Number) where the pages compute in JavaScript.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

HALF = Fraction(1, 2)


# --- rounding, by definition ------------------------------------------------------------------------

def tofixed(x: float, f: int) -> Fraction:
    """ECMAScript Number.prototype.toFixed(f), §21.1.3.3: if x < 0, format −x and put the sign back;
    let n be an integer for which n / 10^f − x is as close to zero as possible (x the exact value of the
    double); if there are two such n, pick the larger n. Returned as the exact decimal n / 10^f."""
    if x < 0:
        return -tofixed(-x, f)
    exact = Fraction(x)  # a float converts to its exact binary value
    scaled = exact * 10**f
    lower = math.floor(scaled)
    # candidates lower and lower + 1; the nearer wins, the larger on a tie
    n = lower + 1 if scaled - lower >= HALF else lower
    return Fraction(n, 10**f)


def half_away(value: Fraction, digits: int) -> Fraction:
    """Oracle ROUND(x, d) / Excel ROUND on an exact decimal: half away from zero."""
    scale = 10**digits
    n = math.floor(abs(value) * scale + HALF)
    return Fraction(n if value >= 0 else -n, scale)


def half_up_binary(x: float, digits: int) -> Fraction:
    """Half away from zero on the exact binary value of a double (the 新疆 system)."""
    return half_away(Fraction(x), digits)


def get_point_num(x: float) -> Fraction:
    """R10 getPointNum: the number's string (JavaScript's shortest round-trip spelling, which Python's
    repr shares for these magnitudes) cut after two decimals, toward zero."""
    text = format(Decimal(repr(float(x))), "f")  # JavaScript's String(x): no exponent from 1e-6 to 1e21
    whole, _, frac = text.partition(".")
    return Fraction(f"{whole}.{(frac + '00')[:2]}")


def js_math_round(x: float) -> int:
    """ECMAScript Math.round: the integer closest to x; on a tie, the one closer to +∞ (exact value of x)."""
    exact = Fraction(x)
    lower = math.floor(exact)
    return lower + 1 if exact - lower >= HALF else lower


def dec(text_or_number) -> Fraction:
    """The decimal a typed value stands for."""
    return Fraction(str(text_or_number))


# --- 执行率得分 per province ------------------------------------------------------------------------

def rate_national(bp: int, w: int) -> Fraction:
    """财预〔2020〕10号 practice as Excel computes it: ROUND(MIN(执行率, 100%) × 分值, 2)."""
    return half_away(Fraction(min(bp, 10000), 10000) * w, 2)


def rate_integer(bp: int, w: int) -> Fraction:
    """The national rule, scores rounded half up to whole points (86.2% × 10 → 9)."""
    return half_away(Fraction(min(bp, 10000), 10000) * w, 0)


def rate_xinjiang(bp: int, w: int) -> Fraction:
    """Seed 003's rule: percent p (two decimals) < 60 → 0; else (p − 60)/40 × 分值 in doubles, capped at
    分值, rounded half up on the binary value."""
    p = bp / 100
    if p < 60:
        return Fraction(0)
    return half_up_binary(min((p - 60) / 40 * w, w), 2)


def _bgtget(bp: int) -> float:
    """R16: bgtget = (amt4/amt3·100).toFixed(2), read back by the page as a Number."""
    return float(Fraction(bp, 100))


def rate_r17(bp: int, w: int) -> Fraction:
    """R17: bgtget > 100 → 分值; else (bgtget/10).toFixed(2) at 分值 10, i.e. bgtget ÷ (100/分值)."""
    b = _bgtget(bp)
    if b > 100:
        return Fraction(w)
    if w == 10:
        return tofixed(b / 10, 2)  # the page's literal expression
    return tofixed(b / (100 / w), 2)


def rate_r18(bp: int, w: int = 20) -> Fraction:
    """R18 湖北: bgtget > 100 → 20; else (bgtget/100·20).toFixed(2)."""
    b = _bgtget(bp)
    return Fraction(w) if b > 100 else tofixed(b / 100 * w, 2)


def rate_r19(bp: int, w: int) -> Fraction:
    """R19 江西: bgtget == 100 → 10; 80 ≤ b < 100 → 7; 60 ≤ b < 80 → 5; else 0 (above 100 too), as shares of 分值."""
    b = Fraction(bp, 100)
    if b == 100:
        share = Fraction(1)
    elif 80 <= b < 100:
        share = Fraction(7, 10)
    elif 60 <= b < 80:
        share = Fraction(1, 2)
    else:
        share = Fraction(0)
    return share * w


def rate_r20(spent_cents: int, budget_cents: int, w: int) -> Fraction:
    """R20 合肥: min(分值, Σamt4/Σamt3·分值).toFixed(2), on the unrounded ratio; Σamt3 = 0 → 0."""
    if budget_cents == 0:
        return Fraction(0)
    s, b = spent_cents / 100, budget_cents / 100
    return tofixed(min(w, s / b * w), 2)


# --- indicators -------------------------------------------------------------------------------------

def r1_positive(a: Fraction, i: Fraction, w: int, digits: int = 2) -> Fraction:
    """R1: a ≥ i → w; a < i → ROUND(a/i·w, 2); i = 0 → w; a negative a counts as 0."""
    a = max(a, Fraction(0))
    if i == 0 or a >= i:
        return Fraction(w)
    return half_away(a / i * w, digits)


def r2_equal(a: Fraction, i: Fraction, w: int, digits: int = 2) -> Fraction | None:
    """R2/R3: i = 0 → a ≤ 0 full, else 0; i > 0 as R1; i < 0 → NULL (None)."""
    if i == 0:
        return Fraction(w) if a <= 0 else Fraction(0)
    if i < 0:
        return None
    return r1_positive(a, i, w, digits)


def r4_reverse(a: Fraction, i: Fraction, w: int) -> Fraction:
    """R4: a ≤ i → w; i < a < 2i → ROUND((1 − (a − i)/i)·w, 2); a ≥ 2i → 0."""
    if a <= i:
        return Fraction(w)
    if i <= 0 or a >= 2 * i:
        return Fraction(0)
    return half_away((1 - (a - i) / i) * w, 2)


def national_reverse(a: Fraction, i: Fraction, w: int, digits: int = 2) -> Fraction:
    """The national ≤ rule (ratio): within the limit full marks, beyond it 指标值/完成值 × 分值."""
    if a <= i:
        return Fraction(w)
    return Fraction(0) if i <= 0 else half_away(i / a * w, digits)


def xinjiang_indicator(a_pct_bp: int, w: int) -> Fraction:
    """Seed 003's indicator rule on the completion a/i as a two-decimal percent (given in basis points):
    < 60 → 0, else (p − 60)/40 × 分值, capped, binary half up."""
    return rate_xinjiang(a_pct_bp, w)


def qualitative_band(tier: str, w: Fraction) -> tuple[Fraction, Fraction, bool]:
    """R7: 达成 [ROUND(w·0.8,2), w]; 部分达成 [ROUND(w·0.6,2), ROUND(w·0.8,2)); 未达成 [0, ROUND(w·0.6,2))."""
    r8, r6 = half_away(w * Fraction(8, 10), 2), half_away(w * Fraction(6, 10), 2)
    return {"达成": (r8, w, True), "部分达成": (r6, r8, False), "未达成": (Fraction(0), r6, False)}[tier]


def deduct(score: Fraction, deduction: Fraction) -> Fraction:
    """R9: s = max(0, s − deduct), exact (floatSub scales to avoid float error)."""
    return max(Fraction(0), score - deduction) if deduction > 0 else score


def grade_90_80_60(total: Fraction) -> str:
    """财预〔2020〕10号 (R24's second set): ≥ 90 优, [80, 90) 良, [60, 80) 中, < 60 差."""
    return "优" if total >= 90 else "良" if total >= 80 else "中" if total >= 60 else "差"


# --- monitoring -------------------------------------------------------------------------------------

def m1_v2(current: Fraction, target: Fraction, month: int) -> tuple[str, Fraction]:
    """M1 second version: v = current/(target/12·month)·100; current = 0 → red; current/target·100 ≥ 120 →
    blue; else v < 60 red, [60, 80) yellow, ≥ 80 green. Returns (light, v/100)."""
    v = current / (target / 12 * month) * 100
    if current == 0:
        light = "red"
    elif current / target * 100 >= 120:
        light = "blue"
    elif v < 60:
        light = "red"
    elif v < 80:
        light = "yellow"
    else:
        light = "green"
    return light, v / 100


def m1_v1(current: Fraction, target: Fraction, month: int) -> tuple[str, Fraction]:
    """M1 first version: v < 60 red, [60, 80) yellow, [80, 120) green, ≥ 120 blue."""
    v = current / (target / 12 * month) * 100
    light = "red" if v < 60 else "yellow" if v < 80 else "green" if v < 120 else "blue"
    return light, v / 100


def m3_m4(current: Fraction, target: Fraction, strict: bool) -> str:
    """M3 (＜): current < target green else red; M4 (≤): current ≤ target green else red."""
    return "green" if (current < target if strict else current <= target) else "red"


def m6(spent: Fraction, budget: Fraction, month: int) -> tuple[str, Fraction]:
    """M6: v = (Σamt4/Σamt3)/(month/12)·100 (Σamt3 = 0 → 0): < 60 red, [60, 80) yellow, ≥ 80 green."""
    v = Fraction(0) if budget == 0 else spent / budget / Fraction(month, 12) * 100
    return ("red" if v < 60 else "yellow" if v < 80 else "green"), v / 100


def m9(current: float, target: float) -> float:
    """M9: Math.round(indexval/target·10000)/100 in the page's doubles; 0 if either is 0."""
    if current == 0 or target == 0:
        return 0.0
    return js_math_round(current / target * 10000) / 100


def m11(current: float, target: float) -> float:
    """M11 河北: round((indexval − target)/target·10000)/100."""
    return js_math_round((current - target) / target * 10000) / 100


def m7(lights) -> str | None:
    """M7: the worst light, red > yellow > green > blue."""
    for c in ("red", "yellow", "green", "blue"):
        if c in lights:
            return c
    return None
