"""Scoring: a recognised form in, the same form with its figures out (no I/O, no text for people).

Each kind names its scorer in the kind registry (:mod:`jixiao.templates.model.kinds`); :func:`score_forms`
scores a workbook's forms together: a kind marked ``after`` is scored last and also given the others
(a 考核内容 form's 项目评价 is the average of the workbook's project forms).
"""

from __future__ import annotations

from collections.abc import Iterable

from jixiao.templates.model import Form
from jixiao.udfs import Profile


def score_form(form: Form, profile: Profile, others: tuple[Form, ...] = ()) -> Form:
    scorer = form.kind.load("score")
    if scorer is None:
        return form
    return scorer(form, profile, others) if form.kind.after else scorer(form, profile)


def score_forms(forms: Iterable[Form], profile: Profile) -> list[Form]:
    """Score every form; the kinds scored ``after`` last, once the others are known."""
    forms = list(forms)
    first = {i: score_form(f, profile) for i, f in enumerate(forms) if not f.kind.after}
    done = tuple(first.values())
    return [first[i] if i in first else score_form(f, profile, done) for i, f in enumerate(forms)]


__all__ = ["score_form", "score_forms"]
