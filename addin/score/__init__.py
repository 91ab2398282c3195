"""Scoring: a recognised form in, the same form with its figures out (no I/O, no text for people).

One scorer per form kind, registered in :data:`SCORERS`; :func:`score_forms` scores a workbook's forms
together, since a 考核内容 form's 项目评价 is the average of the workbook's project forms.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from jixiao.templates.model import Form, FormKind
from jixiao.udfs import Profile

from .assessment import score_assessment
from .basic_data import score_basic_data
from .indicator_form import score_indicator_form
from .monitor import score_monitor

SCORERS: dict[FormKind, Callable[[Form, Profile], Form]] = {
    FormKind.PROJECT: score_indicator_form,
    FormKind.OVERALL: score_indicator_form,
    FormKind.BASIC_DATA: score_basic_data,
    FormKind.MONITOR: score_monitor,
}


def project_average(forms: Iterable[Form]) -> float | None:
    totals = [f.total_value for f in forms if f.kind == FormKind.PROJECT and f.total_value is not None]
    return sum(totals) / len(totals) if totals else None


def score_forms(forms: Iterable[Form], profile: Profile) -> list[Form]:
    """Score every form; the assessment forms last, once the projects' average is known."""
    scored = [SCORERS[f.kind](f, profile) if f.kind in SCORERS else f for f in forms]
    avg = project_average(scored)
    return [score_assessment(f, profile, avg) if f.kind == FormKind.ASSESSMENT else f for f in scored]


__all__ = ["SCORERS", "project_average", "score_forms"]
