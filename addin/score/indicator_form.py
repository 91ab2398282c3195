"""项目支出 / 部门整体 自评表: 执行率 and its points, each indicator's 得分, 总分 and 等级."""

from __future__ import annotations

from dataclasses import replace

from jixiao.templates.model import Form, Funds, FundsFigures, Indicator, Problem
from jixiao.udfs import JixiaoError, Profile, scoring

from .readers import Problems

_DIRECTIONS = ("正向", "反向", "等于")  # what a 指标方向 column may impose on the scorer


def score_funds(funds: Funds, p: Profile, probs: Problems) -> Funds:
    budget_initial = probs.amount(funds.budget_initial, "年初预算数")
    budget = probs.amount(funds.budget, "全年预算数")
    spent = probs.amount(funds.spent, "全年执行数")
    # a funds block with neither 分值 nor 得分 does not score the rate (its indicators carry all 100 points)
    weight = probs.weight(funds.weight)
    weight = p.rate_weight if weight is None and funds.scored else weight
    rate = score = None
    try:
        if budget is not None and spent is not None:
            rate = scoring.rate(spent, budget, p)
            score = scoring.rate_score(rate, weight, p) if funds.scored else None
    except JixiaoError as e:
        probs.append(Problem(funds.budget.cell, e, "全年预算数"))
    return replace(funds, figures=FundsFigures(budget_initial, budget, spent, rate, weight, score))


def score_indicator(ind: Indicator, p: Profile) -> Indicator:
    try:
        weight = scoring.weight_of(ind.weight.value)
    except JixiaoError as e:
        return replace(ind, error=e.about("weight"))
    try:
        direction = ind.direction if ind.direction in _DIRECTIONS else None
        result = scoring.score_indicator(ind.target.value, ind.actual.value, weight, p, direction,
                                         level1=ind.level1.name, level2=ind.level2.name)
    except JixiaoError as e:
        return replace(ind, weight_value=weight, error=e)
    return replace(ind, weight_value=weight, result=result)


def score_indicator_form(form: Form, p: Profile) -> Form:
    probs = Problems()
    funds = score_funds(form.funds, p, probs) if form.funds else None
    indicators = tuple(score_indicator(i, p) for i in form.indicators)
    parts = [i.score for i in indicators]
    if funds is not None and funds.figures.weight is not None:  # the rate is scored on this form
        parts.append(funds.figures.score)
    total = grade = None
    if indicators and None not in parts:  # an unfilled form has no total yet
        total = scoring.total(parts, p)
        grade = scoring.grade(total, p)
    return replace(form, profile=p, funds=funds, indicators=indicators, total_value=total, grade_value=grade,
                   problems=tuple(probs))
