"""基础数据表: 控制率 from the staff counts; every 经费控制情况 amount read."""

from __future__ import annotations

from dataclasses import replace

from jixiao.templates.model import Form
from jixiao.udfs import Profile

from .readers import Problems


def score_basic_data(form: Form, p: Profile) -> Form:
    b = form.body
    probs = Problems()
    quota = probs.count(b.quota, "编制数")
    actual = probs.count(b.actual, "实际在职人数")
    control = round(actual / quota, 4) if quota and actual is not None else None
    rows = tuple(replace(r, amounts=tuple((col, probs.amount(f, r.label)) for col, f in r.cells)) for r in b.rows)
    basic = replace(b, staff_quota=quota, staff_actual=actual, control_rate_value=control, rows=rows)
    return replace(form, profile=p, body=basic, problems=tuple(probs))
