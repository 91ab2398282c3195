"""The funds row: overspending, a stated 执行率 against the amounts, rate-like indicators, a low rate."""

from __future__ import annotations

from jixiao.templates.model import IndicatorTable, MonitorGrid
from jixiao.udfs import JixiaoError
from jixiao.udfs import values as V
from jixiao.udfs.values import is_blank

from .base import ERROR, RATE_TOLERANCE, TOLERANCE, WARNING, rule
from .common import target_actual


@rule("JX007", ERROR, "全年执行数超过全年预算数", "全年执行数 {spent:amt} {unit}超过全年预算数 {budget:amt} {unit}",
      "核对全年执行数与全年预算数：预算执行率不能超过100%", example={"spent": 120, "budget": 100, "unit": "万元"}, covers=("C16",), reads=("max_rate",))
def overspent(form, hit):
    f = form.funds.figures if form.funds else None
    if form.profile.max_rate is None:  # the rule lets execution pass 100% (浙江 since 2024-04-01)
        return
    if f and f.budget is not None and f.spent is not None and f.spent - f.budget * form.profile.max_rate >= TOLERANCE:
        yield hit(form.funds.spent.cell, spent=f.spent, budget=f.budget, unit=form.funds.unit)


@rule("JX008", ERROR, "执行率与金额不符",
      {"differs": "执行率填的是 {stated:%}，按金额计算应为 {rate:%}", "unreadable": "执行率“{value}”无法识别，应为百分数"},
      "执行率应为 全年执行数 ÷ 全年预算数（监控表：1-6月执行数 ÷ (年初预算数 + 年中调整数)）",
      bodies=(IndicatorTable, MonitorGrid), example={"stated": 0.9, "rate": 0.95})
def rate_differs(form, hit):
    funds = form.funds
    if funds is None or funds.rate is None or funds.figures is None or funds.figures.rate is None:
        return
    try:
        stated = V.parse_rate(funds.rate.value)
    except JixiaoError:
        yield hit(funds.rate.cell, "unreadable", value=funds.rate.value)
        return
    if stated is not None and abs(stated - funds.figures.rate) >= RATE_TOLERANCE:
        yield hit(funds.rate.cell, "differs", stated=stated, rate=funds.figures.rate)


_RATE_INDICATORS = ("预算成本控制率", "成本控制率", "预算执行率", "资金执行率", "资金支出率", "预算资金执行率")


@rule("JX012", WARNING, "成本控制率等指标与执行率不符",
      "“{name}”完成值 {got:%}，而资金执行率为 {rate:%}（{spent:amt} ÷ {budget:amt}）",
      "这类指标的完成值应等于资金执行率（全年执行数 ÷ 全年预算数）",
      example={"name": "预算成本控制率", "got": 0.5606, "rate": 0.5664, "spent": 56.64, "budget": 100})
def rate_indicator(form, hit):
    f = form.funds.figures if form.funds else None
    if f is None or f.rate is None:
        return
    for ind in form.body.indicators:
        if not any(k in ind.name for k in _RATE_INDICATORS) or "项目" in ind.name[:2]:
            continue
        _t, a = target_actual(ind)
        if isinstance(a, V.Quantity) and a.unit in ("%", ""):
            got = V.fraction_of(a)  # the one reading of a bare number as a percentage
            if abs(got - f.rate) >= RATE_TOLERANCE:
                yield hit(ind.actual.cell, name=ind.name, got=got, rate=f.rate, spent=f.spent, budget=f.budget)


@rule("JX019", WARNING, "执行率偏低未说明原因", "执行率 {rate:%} 低于 {limit:%}，表中没有任何偏差原因说明",
      "本规则要求执行率低于规定比例时说明原因", example={"rate": 0.8, "limit": 0.9}, reads=("low_rate_reason_below",))
def low_rate(form, hit):
    limit = form.profile.low_rate_reason_below
    f = form.funds.figures if form.funds else None
    if not limit or f is None or f.rate is None or f.rate >= limit:
        return
    if not any(i.reason is not None and not is_blank(i.reason.value) for i in form.body.indicators):
        funds = form.funds
        yield hit((funds.rate or funds.score).cell if (funds.rate or funds.score) else "", rate=f.rate, limit=limit)


_PART_COLUMNS = (("budget_initial", "年初预算数"), ("budget", "全年预算数"), ("spent", "全年执行数"))


@rule("JX040", ERROR, "资金总额与其中各项之和不符",
      {"": "年度资金总额的{column}填 {stated:amt}，其中各项合计 {sum:amt}",
       "zero": "年度资金总额的{column}填 {stated:amt}，其中各项合计 {sum:amt}：执行率按各项合计计算"},
      "年度资金总额应等于其中各项（本年财政拨款、上年结转、其他资金）之和", covers=("C30",),
      example={"column": "全年预算数", "stated": 0, "sum": 89.974})
def funds_parts(form, hit):
    funds = form.funds
    f = funds.figures if funds else None
    if f is None or not funds.parts:
        return
    for key, column in _PART_COLUMNS:
        total_cell = getattr(funds, key)
        parts_sum = getattr(f, f"parts_{key}")
        if total_cell is None or parts_sum is None:
            continue
        try:
            stated = V.parse_amount(total_cell.value) or 0.0
        except JixiaoError:
            continue  # JX024 says the total is unreadable
        if abs(stated - parts_sum) >= TOLERANCE:
            yield hit(total_cell.cell, "zero" if f.from_parts else "", column=column, stated=stated, sum=parts_sum)


@rule("JX045", WARNING, "项目资金未填写",
      "项目资金表头下没有填写金额的行：年初预算数、全年预算数、全年执行数都未填写",
      "在项目资金表头下的“年度资金总额”行填写年初预算数、全年预算数和全年执行数（万元）；执行率和得分由“重算得分”计算",
      example={})
def funds_unfilled(form, hit):
    if form.funds is not None and form.funds.unfilled is not None:
        yield hit(form.funds.unfilled.cell)
