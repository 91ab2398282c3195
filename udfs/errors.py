"""Errors the core raises. Each carries a Chinese message fit to show a finance user as it is."""

from __future__ import annotations


class JixiaoError(ValueError):
    """Base class: ``str(err)`` is a complete Chinese sentence."""


class ValueReadError(JixiaoError):
    """A typed value (指标值, 完成值, 金额) cannot be read."""


class UnitMismatch(JixiaoError):
    """指标值 and 完成值 are in units that must not be compared silently (万元 vs 元)."""


class ScoringError(JixiaoError):
    """The inputs are readable but cannot be scored together (no weight, date vs number…)."""


class ProfileError(JixiaoError):
    """Unknown or malformed rule profile."""
