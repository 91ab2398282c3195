"""A declared project (绩效目标申报表) as the project entry a 自评表 or 监控表 is laid out from: its header, its
year's money as 年初预算数 (in 万元) and its 年度 indicators — 指标值, and 分值 where declared — placed in
the template's 一级/二级 rows (a declared 二级 finds its row by the words that name it: 数量, 成本, 满意 …)."""

from __future__ import annotations

from jixiao.udfs.values import MONEY_UNITS

from ..labels import norm, strip_weight
from ..model import Form, TargetTable
from ..specs import Group

# the words that tell which official 二级 row an indicator belongs to, the more specific first
_KEYWORDS = ("数量", "质量", "时效", "经济成本", "社会成本", "生态环境成本", "生态成本", "成本", "经济效益", "社会效益",
             "生态效益", "可持续", "满意")


def place(level1: str, level2: str, groups: tuple[Group, ...]) -> tuple[str, str]:
    """The template's (一级, 二级) for a declared one: the same 二级, else the first whose words match, else the
    first row of the same 一级, else the template's first row."""
    rows = [(g.level1, l2) for g in groups for l2 in g.level2]
    l1, l2 = norm(strip_weight(level1)), norm(strip_weight(level2))
    for a, b in rows:
        if l2 and norm(b) == l2 and (not l1 or norm(a) == l1 or "成本" in l2):
            return a, b
    for text in (l2, l1):
        word = next((w for w in _KEYWORDS if w in text), None)
        if word:
            hit = next(((a, b) for a, b in rows if word in b), None) or next(((a, b) for a, b in rows if word in a), None)
            if hit:
                return hit
    return next(((a, b) for a, b in rows if norm(a) == l1), rows[0])


def project_from_target(form: Form, groups: tuple[Group, ...]) -> dict:
    """The project entry (项目名称, 主管部门, 实施单位, 年初预算数, 年度目标, indicators) of a declaration."""
    body: TargetTable = form.body
    amount = body.year_amount
    if amount is not None:
        amount = round(amount * MONEY_UNITS.get(body.unit, 1e4) / 1e4, 6)
    indicators = []
    for i in body.indicators:
        level1, level2 = place(i.level1.name, i.level2.name, groups)
        ind = {"level1": level1, "level2": level2, "name": i.name, "target": i.target.value}
        if i.weight_value is not None:
            ind["weight"] = i.weight_value
        indicators.append(ind)
    return {"项目名称": form.header_value("project_name"), "主管部门": form.header_value("department"),
            "实施单位": form.header_value("unit"), "年初预算数": amount, "年度目标": body.text("year_goal") or None,
            "年度": form.year, "indicators": indicators}
