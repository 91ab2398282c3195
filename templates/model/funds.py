"""The funds row: 年度资金总额 (监控表: its 1-X月 columns), its 其中 rows, and the figures scoring made of them."""

from __future__ import annotations

from dataclasses import dataclass

from .cells import Field
from .jsondoc import K, doc

AMOUNT = "funds.unit（万元或元）"
RATE = "比例（0.9316 即 93.16%）"


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

    JSON = doc(
        "funds", "资金情况（年度资金总额一行；监控表为其 1-X月 各列）",
        K("budget_initial", "number|null", "年初预算数", AMOUNT),
        K("budget_adjust", "number|null", "年中预算调整数", AMOUNT, when="监控表"),
        K("budget", "number|null", "全年预算数（监控表：年初预算数 + 年中预算调整数）", AMOUNT),
        K("spent", "number|null", "执行数（监控表：1-X月执行数）", AMOUNT),
        K("rate", "number|null", "执行率 = 执行数 ÷ 全年预算数，按规则的位数取整", RATE),
        K("weight", "number|null", "执行率的分值；null：本表执行率不计分", "分"),
        K("score", "number|null", "执行率得分", "分"),
        K("cell", "string|null", "执行率得分所在单元格"),
        K("rate_cell", "string|null", "执行率所在单元格"),
        K("unit", "string", "本表金额单位：万元，或表中写明的元、千元、亿元"),
        K("status", "string", "“未填写”：有资金表头而其下没有金额行（各金额为 null）", when="资金行未填写时"))

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
