"""项目支出 / 部门整体 自评表's body: the funds row, the indicator rows, 总分 and 等级, the notes below."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from jixiao.addin.ooxml.grid import address
from jixiao.udfs import IndicatorScore, JixiaoError

from .cells import NO_GROUP, PERCENT, POINTS, Field, GroupLabel, Write, plain, writes
from .funds import RATE, Funds
from .jsondoc import K, doc


@dataclass(frozen=True)
class Indicator:
    row: int
    level1: GroupLabel
    level2: GroupLabel
    name: str
    target: Field
    actual: Field
    weight: Field
    score_cell: Field | None
    reason: Field | None
    direction: str | None = None  # from a 指标性质/指标方向 column: 正向, 反向, 等于, 定性
    direction_cell: str = ""
    block: GroupLabel = NO_GROUP  # a block of goals above the levels: 年度绩效目标1（40分）
    coefficient: Field | None = None  # 得分系数: the row scores 分值 × 系数 (重庆's 部门整体 form)
    core: Field | None = None  # 是否核心指标
    named_target: str | None = None  # a standard written into the name ("…完成率100%") while 指标值 is blank
    # filled by scoring
    weight_value: float | None = None
    result: IndicatorScore | None = None
    error: JixiaoError | None = None
    stated: float | None = None  # the 得分 the form states
    completion_value: float | None = None  # 完成率 where the row carries no points of its own
    full: bool | None = None  # does the actual reach the target (full marks under the rule)?
    kept: bool = False  # the row cannot be computed (no 指标值): its printed 得分 is kept and totalled

    JSON = doc(
        "indicator", "三级指标（项目支出、部门整体自评表的 indicators[]）",
        K("cell", "string", "得分所在单元格"),
        K("level1", "string", "一级指标"),
        K("level2", "string", "二级指标"),
        K("name", "string", "三级指标"),
        K("target", "cell", "年度指标值，按表中所填"),
        K("actual", "cell", "实际完成值，按表中所填"),
        K("weight", "number|null", "分值", "分"),
        K("completion", "number|null", "完成率（实际完成值 ÷ 指标值，反向指标反之）；定性、日期指标为 null", RATE),
        K("score", "number|null", "得分（含扣分）；无法计分时为 null", "分"),
        K("notes", "array", "计分说明，如单位写法不同", of="string", when="有说明时"),
        K("error", "string", "无法计分的原因（中文，含单元格）", when="无法计分时"))

    @property
    def cell(self) -> str:
        """Where this row's 得分 goes."""
        return self.score_cell.cell if self.score_cell else address(self.row, self.weight.col + 1)

    @property
    def score(self) -> float | None:
        return None if self.result is None else self.result.score

    def cell_of(self, role: str | None) -> str:
        """The cell holding the input an error is about."""
        if role == "target":
            return self.target.cell
        if role == "actual":
            return self.actual.cell
        if role == "direction":
            return self.direction_cell or self.target.cell
        if role == "coefficient" and self.coefficient is not None:
            return self.coefficient.cell
        return self.weight.cell

    def as_json(self) -> dict:
        out = {"cell": self.cell, "level1": self.level1.name, "level2": self.level2.name, "name": self.name,
               "target": plain(self.target.value), "actual": plain(self.actual.value), "weight": self.weight_value,
               "completion": None if self.completion_value is None else round(self.completion_value, 4), "score": None}
        if self.result is not None:
            out["score"] = self.result.score
            out["completion"] = None if self.result.completion is None else round(self.result.completion, 4)
            if self.result.notes:
                out["notes"] = list(self.result.notes)
        if self.named_target is not None:
            out["target_in_name"] = self.named_target
        if self.coefficient is not None:
            out["coefficient"] = plain(self.coefficient.value)
        if self.core is not None:
            out["core"] = plain(self.core.value)
        if self.error is not None:
            out["error"] = f"{self.weight.cell}：{self.error}" if self.error.role == "weight" else str(self.error)
        if self.kept:
            out["score"], out["score_source"] = self.stated, "printed"
        return out


def indicator_points(indicators, stated_only: bool = False) -> list[float | None]:
    """Each row's points toward the total: jixiao's score; on a form whose rows carry no points of their own
    (a block's points are in its heading) the score the form states. A score cell merged over several rows
    counts once. ``stated_only``: what the form's own figures add up to."""
    seen, out = set(), []
    for i in indicators:
        cell = i.score_cell.cell if i.score_cell is not None else None
        if cell is not None and cell in seen:
            continue
        if cell is not None:
            seen.add(cell)
        if stated_only or i.kept:
            out.append(i.stated)
        elif i.weight.col or i.error is not None:
            out.append(i.score)
        else:
            out.append(i.stated)
    return out


@dataclass(frozen=True)
class TotalLine:
    """The 总分 row and the 等级, as cells, and what scoring made of them."""

    total: Field | None = None  # the 总分 row's 得分 cell
    total_weight: Field | None = None  # the 总分 row's 分值 cell
    grade: Field | None = None
    grade_inline: bool = False  # "等级：优" in one cell rather than a value beside a label
    grade_prefix: str = "等级："  # the inline label as the form spells it: "评价等级：", "等级:"
    stated: Field | None = None  # a total printed outside the 总分 row: the header's 自评得分 / 自评总分(分)
    # filled by scoring
    total_value: float | None = None
    grade_value: str | None = None

    def cells(self):
        for what, f in (("总分", self.total), ("等级", self.grade), ("自评得分", self.stated)):
            if f is not None:
                yield what, f

    def as_json(self) -> dict:
        out = {"total": self.total_value, "total_cell": self.total.cell if self.total else None,
               "grade": self.grade_value, "grade_cell": self.grade.cell if self.grade else None}
        if self.stated is not None:
            out["stated_total"] = {"cell": self.stated.cell, "value": plain(self.stated.value)}
        return out

    def writes(self) -> list[Write]:
        grade = self.grade_value
        if grade and self.grade_inline:
            grade = f"{self.grade_prefix}{grade}"
        return writes((self.total, self.total_value, POINTS), (self.grade, grade or None, None))


@dataclass(frozen=True)
class IndicatorTable:
    funds: Funds | None = None
    indicators: tuple[Indicator, ...] = ()
    totals: TotalLine = field(default_factory=TotalLine)
    notes: Mapping[str, Field] = field(default_factory=dict)  # problems, measures, adjust_reason: text fields

    JSON = doc(
        "indicator_table", "项目支出、部门整体自评表（kind 为 project、overall）",
        K("funds", "object|null", "资金情况；表中没有资金行时为 null", of="funds"),
        K("indicators", "array", "三级指标，按表中顺序", of="indicator"),
        K("total", "number|null", "总分（资金得分与各指标得分之和）", "分"),
        K("total_cell", "string|null", "总分所在单元格"),
        K("grade", "string|null", "等级：优、良、中、差"),
        K("grade_cell", "string|null", "等级所在单元格"))

    def cells(self):
        if self.funds is not None:
            yield from self.funds.cells()
        for i in self.indicators:
            yield from (("年度指标值", i.target), ("实际完成值", i.actual), ("分值", i.weight))
            if i.score_cell is not None:
                yield "得分", i.score_cell
        yield from self.totals.cells()

    def number_cells(self):
        """The input cells that must hold numbers, as (what, Field): amounts and 分值, which the form's own
        formulas compute from (a 得分 or 总分 is their result, not an input)."""
        if self.funds is not None:
            for what, f in self.funds.cells():
                if what in ("年初预算数", "全年预算数", "执行数", "分值", "年中预算调整数"):
                    yield what, f
            for p in self.funds.parts:
                for what, f in (("年初预算数", p.budget_initial), ("全年预算数", p.budget), ("全年执行数", p.spent)):
                    if f is not None:
                        yield f"{p.label}{what}", f
        for i in self.indicators:
            if i.weight.col:
                yield "分值", i.weight

    def form_json(self) -> dict:
        out = {"indicators": [i.as_json() for i in self.indicators], **self.totals.as_json()}
        if self.funds is not None and self.funds.figures is not None:
            out["funds"] = self.funds.as_json()
        return out

    def writes(self) -> list[Write]:
        out = []
        f = self.funds
        if f is not None and f.figures is not None:
            out += writes((f.rate, f.figures.rate, PERCENT), (f.score, f.figures.score, POINTS))
        out += writes(*((i.cell, i.score, POINTS) for i in self.indicators))
        return out + self.totals.writes()
