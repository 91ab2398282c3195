"""The funds row: 年度资金总额 (监控表: its 1-X月 columns), its 其中 rows, and the figures scoring made of them."""

from __future__ import annotations

from dataclasses import dataclass

from .cells import Field


@dataclass(frozen=True)
class FundsFigures:
    """The funds row as numbers, after scoring."""

    budget_initial: float | None = None
    budget: float | None = None
    spent: float | None = None
    rate: float | None = None  # a fraction, rounded as the profile shows rates
    weight: float | None = None  # None: the form does not score the rate
    score: float | None = None
    budget_adjust: float | None = None  # 监控表: 年中预算调整数
    from_parts: bool = False  # the total row was empty or 0: the amounts are the sum of its 其中 rows
    parts_budget_initial: float | None = None  # the 其中 rows' sums, where the form lists them
    parts_budget: float | None = None
    parts_spent: float | None = None


@dataclass(frozen=True)
class FundsPart:
    """A 其中 row under the funds total (其中：本年财政拨款, 上年结转资金, 其他资金)."""

    label: str
    row: int
    budget_initial: Field | None = None
    budget: Field | None = None
    spent: Field | None = None


# the funds cells and what a check calls them
FUNDS_CELLS = (("budget_initial", "年初预算数"), ("budget", "全年预算数"), ("spent", "执行数"), ("weight", "分值"),
               ("rate", "执行率"), ("score", "得分"), ("budget_adjust", "年中预算调整数"), ("forecast", "全年预计执行数"))


@dataclass(frozen=True)
class Funds:
    """The 年度资金总额 row (监控表: its 1-6月 columns) and the cells of each figure."""

    budget_initial: Field | None = None
    budget: Field | None = None
    spent: Field | None = None
    weight: Field | None = None
    rate: Field | None = None
    score: Field | None = None
    budget_adjust: Field | None = None
    forecast: Field | None = None
    declared_weight: float | None = None  # points a heading or the score header gives: 预算执行情况（20分）
    unit: str = "万元"  # the amounts' unit as the form states it: 项目资金（元）, 金额单位：元
    parts: tuple[FundsPart, ...] = ()
    unfilled: Field | None = None  # a funds header with no figures row under it (未填写): where that header is
    figures: FundsFigures | None = None  # filled by scoring

    @property
    def scored(self) -> bool:
        """Does the form give the rate points (a 分值 or 得分 column, or points in its heading)?"""
        return self.weight is not None or self.score is not None or self.declared_weight is not None

    def cells(self):
        for key, what in FUNDS_CELLS:
            f = getattr(self, key)
            if f is not None:
                yield what, f

    def as_json(self, monitor: bool = False) -> dict | None:
        f = self.figures or FundsFigures()
        out = {"budget_initial": f.budget_initial, "budget": f.budget, "spent": f.spent, "rate": f.rate,
               "weight": f.weight, "score": f.score, "cell": self.score.cell if self.score else None,
               "rate_cell": self.rate.cell if self.rate else None, "unit": self.unit}
        if monitor:
            out = {"budget_initial": f.budget_initial, "budget_adjust": f.budget_adjust, **out}
        if self.unfilled is not None:
            out["status"] = "未填写"
        return out
