"""A finding's Chinese message, from its rule's template and its parameters — the one renderer used by
the CLI, the JSON, the 校验结果 sheet, the summary and the add-in."""

from __future__ import annotations

from jixiao.addin.checks.base import RULES, Finding, Severity
from jixiao.templates.model.jsondoc import K, doc
from jixiao.udfs.errors import FORMATTER, amount, percent, points

__all__ = ["amount", "as_json", "label", "message", "num", "pct", "percent", "points"]


def pct(x: float | None) -> str:
    """:func:`percent`, blank for None (table cells)."""
    return "" if x is None else percent(x)


def num(x: float | None) -> str:
    """:func:`amount`, blank for None (table cells)."""
    return "" if x is None else amount(x)


def message(f: Finding) -> str:
    """The finding's sentence followed by its rule's advice, as the clerk reads it."""
    rule = RULES[f.code]
    text = FORMATTER.vformat(rule.messages[f.variant], (), dict(f.params))
    sep = "" if text.endswith(("。", "？", "！")) else "。"
    return f"{text}{sep}{rule.advice_for(f.variant)}。"


def label(severity: Severity | str) -> str:
    return Severity(severity).label


JSON = doc(
    "finding", "校验发现的一个问题（findings[]）",
    K("sheet", "string", "工作表名；关于整个文件的问题为空文本"),
    K("cell", "string", "单元格；关于整张表的问题为空文本"),
    K("severity", "string", "级别：error（错误）或 warning（提示）"),
    K("code", "string", "规则代码，如 JX012（见 docs/checks.md）"),
    K("message", "string", "问题与改正建议（中文）"))


def as_json(f: Finding) -> dict:
    return {"sheet": f.sheet, "cell": f.cell, "severity": f.severity.value, "code": f.code, "message": message(f)}
