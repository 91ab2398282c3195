"""Checks before sending: each rule one declared object with a stable code (:mod:`.base`), one module per
family, all registered here in code order. ``jixiao check --rules-doc`` prints the reference that
docs/checks.md holds."""

from __future__ import annotations

import importlib

from jixiao.templates.model import Form, Workbook

from . import assessment, basic, cells, funds, indicators, monitor, overall, provincial, scores, weights  # noqa: F401
from .base import ERROR, RULES, WARNING, Finding, Rule, Severity
from .common import needs_recompute


def _load_kind_rules(kind) -> None:
    """A kind's own rule modules (its registry entry names them) register their rules when first needed."""
    for module in kind.checks:
        if module not in _LOADED:
            importlib.import_module(module)
            _LOADED.add(module)


_LOADED: set[str] = set()


def load_all_rules() -> dict[str, Rule]:
    """Every rule, every kind's own modules included (the docs list them all)."""
    from jixiao.templates.model import KINDS

    for kind in KINDS.values():
        _load_kind_rules(kind)
    return RULES


def check_form(form: Form) -> list[Finding]:
    _load_kind_rules(form.kind)
    out: list[Finding] = []
    for code in sorted(RULES):
        r = RULES[code]
        if r.bodies and r.applies(form):
            out.extend(r.check(form))
    return out


def check_workbook(wb: Workbook) -> list[Finding]:
    """Every form's findings, then the rules over the whole workbook (bodies=())."""
    out = [f for form in wb.forms for f in check_form(form)]
    for code in sorted(RULES):
        if not RULES[code].bodies:
            out.extend(RULES[code].check(wb))
    return out


__all__ = ["ERROR", "RULES", "WARNING", "Finding", "Rule", "Severity", "check_form", "check_workbook",
           "load_all_rules", "needs_recompute"]
