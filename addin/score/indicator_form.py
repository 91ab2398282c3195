"""项目支出 / 部门整体 自评表: 执行率 and its points, each indicator's 得分, 总分 and 等级."""

from __future__ import annotations

from dataclasses import replace

from jixiao.templates.model import (
    Form,
    Funds,
    FundsFigures,
    Indicator,
    IndicatorTable,
    Problem,
    indicator_points,
)
from jixiao.udfs import JixiaoError, Profile, scoring
from jixiao.udfs.errors import ScoringError
from jixiao.udfs.rounding import add
from jixiao.udfs.values import is_blank

from .readers import Problems, stated_points

_DIRECTIONS = ("正向", "反向", "等于")  # what a 指标方向 column may impose on the scorer


def _parts_sum(funds: Funds, probs: Problems, key: str, what: str) -> float | None:
    vals = [probs.amount(getattr(p, key), f"{p.label}{what}") for p in funds.parts if getattr(p, key) is not None]
    vals = [v for v in vals if v is not None]
    return round(add(vals), 6) if vals else None


def score_funds(funds: Funds, p: Profile, probs: Problems) -> Funds:
    budget_initial = probs.amount(funds.budget_initial, "年初预算数")
    budget = probs.amount(funds.budget, "全年预算数")
    spent = probs.amount(funds.spent, "全年执行数")
    parts = {k: _parts_sum(funds, probs, k, w) for k, w in (("budget_initial", "年初预算数"), ("budget", "全年预算数"),
                                                            ("spent", "全年执行数"))}
    # a total row left at 0 (or empty) while its 其中 rows are filled: the amounts are what the rows add up to
    from_parts = not budget and not spent and bool(parts["budget"])
    if from_parts:
        budget, spent = parts["budget"], parts["spent"] or 0.0
    # the rate's points: a 分值 cell, else what a heading or the score header states, else the rule's
    # default — and none at all when the form neither states nor scores them
    weight = probs.weight(funds.weight)
    if weight is None:
        weight = funds.declared_weight
    weight = p.rate_weight if weight is None and funds.scored else weight
    rate = score = None
    try:
        if budget is not None and spent is not None:
            rate = scoring.rate(spent, budget, p)
            score = scoring.rate_score(rate, weight, p) if funds.scored else None
    except JixiaoError as e:  # at the cell the error is about (a negative 全年执行数 at its own cell)
        at = funds.spent if e.role == "spent" and funds.spent is not None else funds.budget
        probs.append(Problem(at.cell, e, "全年执行数" if at is funds.spent else "全年预算数"))
    return replace(funds, figures=FundsFigures(budget_initial, budget, spent, rate, weight, score,
                                               from_parts=from_parts, parts_budget_initial=parts["budget_initial"],
                                               parts_budget=parts["budget"], parts_spent=parts["spent"]))


def _full(ind: Indicator, p: Profile, direction) -> bool | None:
    """Does the actual reach the target? (Full marks at 100 points under the rule.)"""
    try:
        r = scoring.score_indicator(ind.target.value, ind.actual.value, 100, p, direction,
                                    level1=ind.level1.name, level2=ind.level2.name)
    except JixiaoError:
        return None
    return r.score >= 100


def score_indicator(ind: Indicator, p: Profile) -> Indicator:
    if ind.named_target is not None and is_blank(ind.target.value) and not is_blank(ind.actual.value):
        # the standard the name carries is the target; the row keeps its own blank cell (a finding says so)
        scored = _score_indicator(replace(ind, target=replace(ind.target, value=ind.named_target)), p)
        return replace(scored, target=ind.target)
    out = _score_indicator(ind, p)
    # a row the rule cannot compute for want of a 指标值 (决策/管理 rows print "—"; a standard written into the
    # name) keeps the score the form prints, so the total still adds up; a finding names the row
    if out.error is not None and out.stated is not None and is_blank(ind.target.value):
        return replace(out, kept=True)
    return out


def _score_indicator(ind: Indicator, p: Profile) -> Indicator:
    stated = stated_points(ind.score_cell.value) if ind.score_cell else None
    direction = ind.direction if ind.direction in _DIRECTIONS else None
    if is_blank(ind.target.value) and is_blank(ind.actual.value):  # one finding for the row, saying what to fill
        err = ScoringError("“{name}”的年度指标值和实际完成值都未填写", name=ind.name, role="target")
        return replace(ind, stated=stated, error=err, weight_value=_weight_or_none(ind))
    if not ind.weight.col:  # the form gives rows no points of their own: completion only
        try:
            completion = scoring.completion(ind.target.value, ind.actual.value)
        except JixiaoError as e:
            return replace(ind, stated=stated, error=e)
        return replace(ind, stated=stated, completion_value=completion, full=_full(ind, p, direction))
    try:
        weight = scoring.weight_of(ind.weight.value)
    except JixiaoError as e:
        return replace(ind, stated=stated, error=e.about("weight"))
    if ind.coefficient is not None and not is_blank(ind.coefficient.value):  # 指标权重 × 得分系数
        try:
            return replace(ind, stated=stated, weight_value=weight,
                           result=scoring.coefficient_score(ind.coefficient.value, weight, p))
        except JixiaoError as e:
            return replace(ind, stated=stated, weight_value=weight, error=e)
    try:
        result = scoring.score_indicator(ind.target.value, ind.actual.value, weight, p, direction,
                                         level1=ind.level1.name, level2=ind.level2.name)
    except JixiaoError as e:
        return replace(ind, stated=stated, weight_value=weight, error=e)
    if stated is not None and p.qualitative_band_check and result.tier and _in_band(stated, result.tier, weight, p):
        result = replace(result, score=stated)  # a 定性 score the evaluator gave within its tier's band stands
    return replace(ind, stated=stated, weight_value=weight, result=result, full=result.score >= weight)


def _in_band(stated: float, tier: str, weight: float, p: Profile) -> bool:
    try:
        return scoring.in_qualitative_band(stated, tier, weight, p)
    except JixiaoError:
        return False


def _weight_or_none(ind: Indicator) -> float | None:
    try:
        return scoring.weight_of(ind.weight.value) if ind.weight.col else None
    except JixiaoError:
        return None


def score_indicator_form(form: Form, p: Profile) -> Form:
    probs = Problems()
    body: IndicatorTable = form.body
    funds = score_funds(body.funds, p, probs) if body.funds else None
    indicators = tuple(score_indicator(i, p) for i in body.indicators)
    parts = indicator_points(indicators)
    if funds is not None and funds.figures.weight is not None:  # the rate is scored on this form
        parts.append(funds.figures.score)
    total = grade = None
    if indicators and None not in parts:  # an unfilled form has no total yet
        total = scoring.total(parts, p)
        grade = scoring.grade(total, p)
    body = replace(body, funds=funds, indicators=indicators,
                   totals=replace(body.totals, total_value=total, grade_value=grade))
    return replace(form, profile=p, body=body, problems=tuple(probs))
