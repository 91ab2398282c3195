"""Figures as the forms write them, read the one way every part of the core reads them: points (9.5,
"9.5分"), 分值, and the roles an error is about; rounding to the profile's digits."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from . import values as V
from .errors import JixiaoError, ScoringError, ValueReadError
from .profiles import Profile
from .rounding import round_to


@contextmanager
def _about(role: str) -> Iterator[None]:
    """Any JixiaoError raised inside is about ``role`` (unless a more precise role is already set)."""
    try:
        yield
    except JixiaoError as e:
        e.about(role)
        raise


def _r(p: Profile, x: float) -> float:
    return round_to(x, p.digits, p.rounding)


def _percent(fraction: float, digits: int | None) -> float:
    """A fraction as percent points, rounded to ``digits`` decimals of a percent (99.38)."""
    pct = fraction * 100
    return pct if digits is None else round_to(pct, digits, "half_up_decimal")


def points_of(value, what: str = "得分", role: str | None = "score") -> float | None:
    """Points as forms write them: 9.5, "9.5", "9.5分", "10 分"; None when empty. An unreadable value
    raises :class:`ValueReadError` about ``role``."""
    shown = value
    if isinstance(value, str):
        value = V.normalize(value).removesuffix("分")
    try:
        if V.is_blank(value):
            return None
        q = V.parse(value)  # refuses TRUE, NaN and dates in its own words
        if not (isinstance(q, V.Quantity) and q.comparator in (None, V.EQ) and q.unit == ""):
            raise ValueReadError("{what}“{shown}”不是分数，应填写数字（如 9.5）", what=what, shown=shown)
        return q.value
    except JixiaoError as e:
        if role is not None:
            e.about(role)
        raise


def weight_of(weight) -> float:
    """分值 as a number ≥ 0; every error is about the ``weight``."""
    try:
        w = points_of(weight, "分值", None)
    except ValueReadError as e:
        if isinstance(weight, (int, float)):  # 1e308, NaN: the reading's own reason
            raise ScoringError("分值：{error}", error=e, role="weight") from None
        raise ScoringError("分值“{weight}”不是数字", weight=weight, role="weight") from None
    if w is None:
        raise ScoringError("分值为空", role="weight")
    if w < 0:
        raise ScoringError("分值 {w} 不能为负数", w=w, role="weight")
    return w


def _not_negative(q: V.Value, what: str, role: str) -> None:
    """Money and counts are never below 0 (a percentage or a temperature may be: 增长率 −3%)."""
    if isinstance(q, V.Quantity) and (q.unit in V.MONEY_UNITS or q.unit in V.COUNT_UNITS) and (
            q.value < 0 or (q.high is not None and q.high < 0)):
        raise ScoringError("{what}“{text}”为负数：金额和数量不能小于 0", what=what, text=q.text, role=role)


def stated_points(v) -> float | None:
    """A stated 得分 such as 9.84, "9.84", "100分", "99.07 分"; None when blank or unreadable (the checks
    report an unreadable one at its cell)."""
    if V.is_blank(v):
        return None
    try:
        return points_of(v)
    except JixiaoError:
        return None
