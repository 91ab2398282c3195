"""A finding's Chinese message, from its rule's template and its parameters — the one renderer used by
the CLI, the JSON, the 校验结果 sheet, the summary and the add-in."""

from __future__ import annotations

import string

from jixiao.addin.checks.base import RULES, Finding, Severity


def points(x: float) -> str:
    """9.5 → "9.50", 10.0 → "10", 99.07 → "99.07"."""
    return f"{x:.2f}".rstrip("0").rstrip(".") if x == int(x) else f"{x:.2f}"


def percent(x: float) -> str:
    """0.9316 → "93.16%"."""
    return f"{x * 100:.2f}%"


def amount(x: float) -> str:
    return f"{x:.2f}"


def pct(x: float | None) -> str:
    """:func:`percent`, blank for None (table cells)."""
    return "" if x is None else percent(x)


def num(x: float | None) -> str:
    """:func:`amount`, blank for None (table cells)."""
    return "" if x is None else amount(x)


class _Formatter(string.Formatter):
    """Format specs of the templates: ``pt`` points, ``%`` a fraction as a percent, ``amt`` an amount."""

    def format_field(self, value, spec):
        if spec == "pt":
            return points(value)
        if spec == "%":
            return percent(value)
        if spec == "amt":
            return amount(value)
        return super().format_field(value, spec)


_FMT = _Formatter()


def message(f: Finding) -> str:
    """The finding's sentence followed by its rule's advice, as the clerk reads it."""
    rule = RULES[f.code]
    text = _FMT.vformat(rule.messages[f.variant], (), dict(f.params))
    sep = "" if text.endswith(("。", "？", "！")) else "。"
    return f"{text}{sep}{rule.advice_for(f.variant)}。"


def label(severity: Severity | str) -> str:
    return Severity(severity).label


def as_json(f: Finding) -> dict:
    return {"sheet": f.sheet, "cell": f.cell, "severity": f.severity.value, "code": f.code, "message": message(f)}
