"""The JX_ functions as xlwings UDFs — the module Excel imports (UDF Modules: jixiao.udfs.xl).

Thin wrappers: argument help and descriptions come from :data:`jixiao.udfs.functions.REGISTRY`, the
work from :mod:`jixiao.udfs.functions`. Importing this module imports xlwings but never pandas, numpy or
openpyxl, which Excel would pay for on every start (xlwings' own optional imports are held off by
:mod:`jixiao.udfs.lean_xlwings`). A ``caller`` parameter is filled by xlwings with
the calling cell (it is not an Excel argument); it lets a function default to the profile stored in
the caller's workbook.
"""

from __future__ import annotations

from . import functions as F
from .lean_xlwings import import_xlwings
from .profiles import WORKBOOK_NAME, profile_from_defined_name

xw = import_xlwings()


def _excel(name: str):
    spec = F.REGISTRY[name]

    def deco(f):
        f.__doc__ = spec.description
        f = xw.func(category=spec.category)(f)
        for a in spec.args:
            f = xw.arg(a.name, doc=f"{a.label}：{a.help}")(f)
        return f

    return deco


def _profile(profile, caller):
    """The explicit profile argument, else the one the caller's workbook stores, else the default."""
    if profile not in (None, ""):
        return profile
    try:
        return profile_from_defined_name(caller.sheet.book.names[WORKBOOK_NAME].refers_to)
    except Exception:  # no caller (tests, Linux) or no stored profile
        return None


@_excel("JX_RATE")
def JX_RATE(spent, budget, profile=None, caller=None):
    return F.jx_rate(spent, budget, _profile(profile, caller))


@_excel("JX_RATE_SCORE")
def JX_RATE_SCORE(rate, weight, profile=None, caller=None):
    return F.jx_rate_score(rate, weight, _profile(profile, caller))


@_excel("JX_COMPLETION")
def JX_COMPLETION(target, actual):
    return F.jx_completion(target, actual)


@_excel("JX_SCORE")
def JX_SCORE(target, actual, weight, profile=None, direction=None, caller=None):
    return F.jx_score(target, actual, weight, _profile(profile, caller), direction)


@_excel("JX_TOTAL")
def JX_TOTAL(*scores):
    return F.jx_total(*scores)


@_excel("JX_GRADE")
def JX_GRADE(total, profile=None, caller=None):
    return F.jx_grade(total, _profile(profile, caller))
