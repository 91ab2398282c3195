"""考核内容 / 评价指标体系 表: stated 自评分数 against the sections' sums, the 80% project share, the group
labels and the 合计."""

from __future__ import annotations

from jixiao.templates.model import Assessment

from .base import ERROR, TOLERANCE, rule
from .common import stated_points


@rule("JX020", ERROR, "考核表自评分数与计算不符",
      {"differs": "“{name}”自评 {stated:pt} 分，计算应为 {score:pt} 分",
       "above": "“{name}”自评 {stated:pt} 分，高于分值 {weight:pt}",
       "group": "一级指标“{name}”标注 {weight:pt} 分，其下各项分值合计 {worth:pt} 分",
       "total": "合计填的是 {stated:pt}，各部分之和为 {total:pt}"},
      "分项之和、项目评价（所有项目平均得分 × 80%）、一级指标标注的分值与合计应一致",
      bodies=(Assessment,), example={"name": "项目支出评价", "stated": 75, "score": 70})
def assessment(form, hit):
    for row in form.body.rows:
        if row.stated is not None and row.score is not None and abs(row.stated - row.score) >= TOLERANCE:
            yield hit(row.cell, "differs", name=row.name, stated=row.stated, score=row.score)
        if row.stated is not None and row.weight is not None and row.stated - row.weight >= TOLERANCE:
            yield hit(row.cell, "above", name=row.name, stated=row.stated, weight=row.weight)
        if row.items_weight is not None and row.weight is not None and abs(row.items_weight - row.weight) >= TOLERANCE:
            yield hit(row.label_cell, "group", name=row.name, weight=row.weight, worth=row.items_weight)
    t = form.body.totals.total
    stated = stated_points(t.value) if t else None
    if stated is not None and form.total_value is not None and abs(stated - form.total_value) >= TOLERANCE:
        yield hit(t.cell, "total", stated=stated, total=form.total_value)
