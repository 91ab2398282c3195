"""Rules and findings as data (in the manner of frictionless-py's errors and sqlfluff's rules).

A :class:`Rule` declares its code, severity, title, message template(s) with named parameters, advice, the
form kinds it applies to, the reference checks it covers and an example; its check function yields
:class:`Finding` objects — (code, sheet, cell, params), never finished text. One renderer
(:mod:`jixiao.addin.render.findings`) writes the Chinese everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from jixiao.templates.model import KINDS, Form, IndicatorTable, Kind

TOLERANCE = 0.005  # a stated figure differs from ours once it is off by half a cent or more
RATE_TOLERANCE = 0.00005  # a stated rate differs once it is off by half a basis point


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "提示"


ERROR, WARNING = Severity.ERROR, Severity.WARNING
FORMS = (IndicatorTable,)  # the 自评表 with 年度指标值 / 实际完成值 rows


@dataclass(frozen=True)
class Finding:
    code: str
    sheet: str
    cell: str
    params: Mapping[str, object] = field(default_factory=dict)
    variant: str = ""  # which of the rule's message templates

    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    @property
    def severity(self) -> Severity:
        return self.rule.severity


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    title: str  # Chinese, one line: what is wrong
    messages: Mapping[str, str]  # variant → template with named parameters ({name}, {stated:pt}, {rate:%} …)
    advices: Mapping[str, str]  # variant → what to do ("" → the default advice)
    bodies: tuple[type, ...]  # the body types of the forms it applies to (object: all); () for the whole workbook
    check: Callable[[Form], Iterable[Finding]]
    example: Mapping[str, object] = field(default_factory=dict)  # params of a typical finding, for the docs
    covers: tuple[str, ...] = ()  # reference checks (finance-system-rules.md) this rule implements
    group: str = ""  # the review criterion it belongs to (目标审核: 完整性 / 可测性 / 可行性 / 相关性)
    reads: tuple[str, ...] = ()  # the profile switches (Profile fields) it reads: docs/checks.md lists them

    def applies(self, form: Form) -> bool:
        return isinstance(form.body, self.bodies)

    @property
    def kinds(self) -> tuple[Kind, ...]:
        """The registered kinds it applies to (for the docs)."""
        return tuple(k for k in KINDS.values() if issubclass(k.body, self.bodies)) if self.bodies else ()

    @property
    def advice(self) -> str:
        return self.advices[""]

    def advice_for(self, variant: str) -> str:
        return self.advices.get(variant, self.advices[""])


RULES: dict[str, Rule] = {}


class Hits:
    """What a check function yields: ``hit(cell, **params)`` makes a finding of the rule being run."""

    def __init__(self, code: str, sheet: str):
        self.code, self.sheet = code, sheet

    def __call__(self, cell: str | None, variant: str = "", **params) -> Finding:
        return Finding(self.code, self.sheet, cell or "", params, variant)


def rule(code: str, severity: Severity, title: str, message: str | Mapping[str, str], advice: str | Mapping[str, str],
         bodies=FORMS, example: Mapping[str, object] | None = None, covers: tuple[str, ...] = (), group: str = "",
         reads: tuple[str, ...] = ()):
    """Declare a rule; the function takes (form, hit) — or, with ``bodies=()``, (workbook, hit) — and yields
    ``hit(cell, **params)``. ``advice`` may differ by variant: {"": default, "weight": …}."""
    messages = {"": message} if isinstance(message, str) else dict(message)
    advices = {"": advice} if isinstance(advice, str) else dict(advice)
    assert "" in advices, code

    def deco(fn: Callable[[Form, Hits], Iterator[Finding]]):
        assert code not in RULES, code
        RULES[code] = Rule(code, severity, title, messages, advices, tuple(bodies),
                           lambda obj, fn=fn: fn(obj, Hits(code, getattr(obj, "sheet", ""))), dict(example or {}), covers,
                           group, tuple(reads))
        return fn

    return deco
