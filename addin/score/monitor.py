"""监控表: the 1-6月 execution rate, and for each indicator whether the year's forecast meets its target."""

from __future__ import annotations

from dataclasses import replace

from jixiao.templates.model import Form, FundsFigures, MonitorRow, Problem
from jixiao.udfs import JixiaoError, Profile, scoring
from jixiao.udfs.values import is_blank

from .indicator_form import _DIRECTIONS
from .readers import Problems


def forecast_met(m: MonitorRow, p: Profile) -> bool | None:
    """Does 全年预计完成情况 meet 年度指标值? None when it cannot be told (text, dates, nothing forecast)."""
    if is_blank(m.forecast.value):
        return None
    try:
        direction = m.direction if m.direction in _DIRECTIONS else None
        r = scoring.score_indicator(m.target.value, m.forecast.value, 100, p, direction,
                                    level1=m.level1, level2=m.level2)
    except JixiaoError:
        return None
    return None if r.method.startswith("qualitative") else r.score >= 100


def score_monitor(form: Form, p: Profile) -> Form:
    f = form.funds
    probs = Problems()
    initial = probs.amount(f.budget_initial, "年初预算数")
    adjust = probs.amount(f.budget_adjust, "年中预算调整数") or 0.0
    spent = probs.amount(f.spent, "1-6月执行数")
    budget = None if initial is None else round(initial + adjust, 2)
    rate = None
    if budget and spent is not None:
        rate = scoring.rate(spent, budget, p)
    elif initial is not None and spent is not None:
        probs.append(Problem(f.budget_initial.cell, JixiaoError("年初预算数与年中调整数之和为 0，无法计算 1-6月执行率",
                                                               role="budget"), "年初预算数"))
    funds = replace(f, figures=FundsFigures(initial, budget, spent, rate, None, None, adjust))
    rows = tuple(replace(m, forecast_met=forecast_met(m, p)) for m in form.monitor_rows)
    return replace(form, profile=p, funds=funds, monitor_rows=rows, problems=tuple(probs))
