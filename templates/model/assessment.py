"""整体绩效自评表's body in its two shapes: 考核内容 / 分值 / 计分标准 / 自评分数 (sections 一、二、…), and the
评价指标体系 score sheet (一级/二级/三级指标, 分值, 评分标准, 自评得分)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .cells import NO_GROUP, POINTS, Field, GroupLabel, Write, plain, writes
from .indicators import TotalLine
from .jsondoc import K, doc


@dataclass(frozen=True)
class AssessmentItem:
    """A row of a 考核内容/计分标准 form, or of an 评价指标体系 score sheet."""

    row: int
    content: str
    weight: Field
    standard: Field | None
    self_score: Field
    level1: GroupLabel = NO_GROUP
    level2: GroupLabel = NO_GROUP


@dataclass(frozen=True)
class AssessmentRow:
    """A scored line of an assessment form: a section or 一级 group (``group``) or one of its items."""

    cell: str | None
    level1: str
    level2: str
    name: str
    target: object  # the 计分标准 text
    weight: float | None
    score: float | None
    stated: float | None
    label_cell: str | None = None  # a 一级 group's own label cell
    items_weight: float | None = None  # what a group's rows are worth together
    group: bool = False

    JSON = doc(
        "assessment_row", "整体绩效自评表的一行（kind 为 assessment 时的 indicators[]）",
        K("cell", "string|null", "自评分数（得分）所在单元格"),
        K("level1", "string", "一级指标或考核内容的部分（一、二、…）"),
        K("level2", "string", "二级指标"),
        K("name", "string", "考核内容或三级指标"),
        K("target", "cell", "计分标准（评分标准）文本"),
        K("actual", "cell", "总为 null（与 indicator 同形）"),
        K("weight", "number|null", "分值", "分"),
        K("completion", "number|null", "总为 null（与 indicator 同形）"),
        K("score", "number|null", "jixiao 计算的得分", "分"),
        K("stated", "number|null", "表中填写的自评分数", "分"),
        K("label_cell", "string|null", "一级分组自身标签所在单元格", when="一级分组行"),
        K("items_weight", "number|null", "该组各行分值之和", "分", when="一级分组行"))

    def as_json(self) -> dict:
        out = {"cell": self.cell, "level1": self.level1, "level2": self.level2, "name": self.name,
               "target": plain(self.target), "actual": None, "weight": self.weight, "completion": None,
               "score": self.score, "stated": self.stated}
        if self.label_cell is not None or self.items_weight is not None:
            out.update(label_cell=self.label_cell, items_weight=self.items_weight)
        return out


@dataclass(frozen=True)
class Assessment:
    items: tuple[AssessmentItem, ...] = ()
    style: str = "sections"  # sections (一、二、…) | levels (一级/二级/三级)
    totals: TotalLine = field(default_factory=TotalLine)
    # filled by scoring
    rows: tuple[AssessmentRow, ...] = ()
    project_average: float | None = None  # sections: the workbook's project forms' average (项目评价)

    JSON = doc(
        "assessment", "整体绩效自评表（kind 为 assessment：考核内容/计分标准，或 一级/二级/三级指标 评分表）",
        K("indicators", "array", "各行（分组行与其下各行）", of="assessment_row"),
        K("total", "number|null", "总分", "分"),
        K("total_cell", "string|null", "总分所在单元格"),
        K("grade", "string|null", "等级：优、良、中、差"),
        K("grade_cell", "string|null", "等级所在单元格"),
        K("project_average", "number|null", "同一工作簿中项目支出自评表的平均分（项目评价一节按此计分）", "分",
          when="考核内容/计分标准式"))

    def cells(self):
        for it in self.items:
            yield from (("分值", it.weight), ("自评分数", it.self_score))
        yield from self.totals.cells()

    def form_json(self) -> dict:
        out = {"indicators": [r.as_json() for r in self.rows], **self.totals.as_json()}
        if self.style == "sections":
            out["project_average"] = self.project_average
        return out

    def writes(self) -> list[Write]:
        changed = writes(*((r.cell, r.score, POINTS) for r in self.rows if r.score != r.stated))
        return changed + self.totals.writes()
