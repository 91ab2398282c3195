"""绩效目标申报表: nothing to compute — its amounts are read as numbers (an amount that cannot be read is a
problem at its cell, as on every form) and the profile its review follows is attached."""

from __future__ import annotations

from dataclasses import replace

from jixiao.templates.model import Form, Problem
from jixiao.templates.model.target import AMOUNT_NAMES
from jixiao.udfs import JixiaoError, Profile
from jixiao.udfs.values import parse_amount


def score_target(form: Form, profile: Profile) -> Form:
    values, problems = {}, []
    for key, f in form.body.amounts.items():
        try:
            values[key] = parse_amount(f.value, AMOUNT_NAMES[key])
        except JixiaoError as e:
            values[key] = None
            problems.append(Problem(f.cell, e, AMOUNT_NAMES[key]))
    form = form.with_body(amount_values=values)
    return replace(form, profile=profile, problems=(*form.problems, *problems))
