"""监控表: the monitored period's execution rate and its light (M6, M10), and for each indicator its light
against 序时进度 (M1–M5) with progress and 完成率 (M9), whether the year's forecast meets its target, and the
goal light (M7). The month is ``--month`` if given, else what the form states, else the profile's default."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from jixiao.templates.model import Form, FundsFigures, MonitorGrid, MonitorRow, Problem
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


def with_month(forms: Iterable[Form], month: int | None) -> list[Form]:
    """The 监控表 among ``forms`` told to watch ``month`` (`--month`), whatever they state; None changes nothing."""
    if month is None:
        return list(forms)
    _monitoring().time_progress(month)  # 1–12, else a ScoringError saying so
    return [f.with_body(month_option=month) if isinstance(f.body, MonitorGrid) else f for f in forms]


def monitor_month(form: Form, p: Profile) -> tuple[int, str]:
    """The month the lights are computed for, and where it came from: option, form or profile."""
    body: MonitorGrid = form.body
    if body.month_option is not None:
        return body.month_option, "option"
    if body.month is not None and isinstance(body.month.value, int) and 1 <= body.month.value <= 12:
        return body.month.value, "form"
    return p.monitor_month, "profile"


def row_light(m: MonitorRow, month: int, p: Profile):
    """The indicator's light on its 1-X月 完成情况 (a 指标类型 of 正向/反向/等于 decides the direction)."""
    direction = m.direction if m.direction in _DIRECTIONS else None
    return _monitoring().indicator_light(m.target.value, m.h1.value, month, p, direction)


def score_monitor(form: Form, p: Profile) -> Form:
    body: MonitorGrid = form.body
    f = body.funds
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
    month, source = monitor_month(form, p)
    rows = tuple(replace(m, forecast_met=forecast_met(m, p), light=row_light(m, month, p)) for m in body.rows)
    fl = _monitoring().funds_light(spent, budget, month, p) if budget is not None and spent is not None else None
    body = replace(body, funds=funds, rows=rows, month_value=month, month_source=source, funds_light=fl,
                   goal_light=_monitoring().goal_light(m.light for m in rows))
    return replace(form, profile=p, body=body, problems=tuple(probs))


def _monitoring():
    """The monitoring rules, loaded only when a 监控表 is met (a one-file check of a 自评表 never needs them)."""
    from jixiao.udfs import monitoring

    return monitoring
