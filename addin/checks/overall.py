"""The form as a whole: a satisfaction indicator where the rule expects one, the header filled in."""

from __future__ import annotations

from jixiao.templates.model import HEADER_NAMES
from jixiao.udfs.values import is_blank

from .base import WARNING, rule


@rule("JX015", WARNING, "缺少满意度指标", "指标表中没有满意度指标", "按本规则应设置满意度指标（如 服务对象满意度 ≥90%）", reads=("expects_satisfaction",))
def satisfaction(form, hit):
    if not form.profile.expects_satisfaction or not form.body.indicators:
        return
    if not any("满意" in (i.level1.name + i.level2.name + i.name) for i in form.body.indicators):
        yield hit(form.body.indicators[-1].target.cell)


@rule("JX016", WARNING, "表头信息未填", "{field}未填写", "填写项目名称、主管部门、实施单位（部门整体表：部门名称）",
      example={"field": "主管部门"})
def empty_header(form, hit):
    for key, f in form.header.items():
        if is_blank(f.value):
            yield hit(f.cell, field=HEADER_NAMES[key])
