"""Declarative specs of the official attachments the templates are generated from.

A spec says which labels (from :mod:`.labels`, the recogniser's own vocabulary) go where and which
indicator groups the form offers; :mod:`.build` lays it out. Recognition reads the same labels, so a
generated template and its recognition cannot drift apart (tests/test_templates.py checks it).
"""

from __future__ import annotations

from dataclasses import dataclass

from .labels import CAUSES, LABELS


@dataclass(frozen=True)
class Group:
    level1: str
    weight: float | None  # shown in the label: 产出指标(50分)
    level2: tuple[str, ...]


@dataclass(frozen=True)
class ProjectFormSpec:
    id: str
    title: str
    attachment: str
    profile: str
    groups: tuple[Group, ...]
    rows_per_level2: int = 2
    rate_weight: float = 10
    fund_rows: tuple[str, ...] = ("其中：当年财政拨款", "上年结转资金", "其他资金")
    note: str = "备注：一个一级项目支出一张表。金额单位万元，保留两位小数。"
    name_label: str = "项目名称"
    funds_label: str = "项目资金\n（万元）"
    dept_unit_row: bool = True  # 主管部门 / 实施单位 line (project forms only)
    # a 指标方向 column (正向/反向/等于/定性 dropdown) after 三级指标, as the newer forms have it; off where the
    # layout must stay as published (新疆, seed 003)
    direction_column: bool = False
    kind: str = "project"


def label(field: str) -> str:
    """The official spelling of a field's label: the first of the recogniser's own table."""
    return LABELS[field][0]


@dataclass(frozen=True)
class SumRow:
    """A row of the 基础数据表 that its template computes from other rows."""

    label: str
    parts: tuple[str, ...]


@dataclass(frozen=True)
class BasicDataSpec:
    """附件2 整体支出绩效评价基础数据表: 财政供养人员 and 经费控制情况 by year."""

    id: str
    title: str
    attachment: str
    profile: str
    staff_label: str = "财政供养人员情况（人）"
    funds_label: str = f"{label('funds_control')}（万元）"
    # year columns: offset from the form's year and what the column holds
    year_columns: tuple[tuple[int, str], ...] = ((-1, "决算数"), (0, "预算数"), (0, "决算数"))
    rows: tuple[str, ...] = (
        "三公经费", "1、公务用车购置和维护经费", "其中：公车购置", "公车运行维护", "2、出国经费", "3、公务接待",
        "项目支出：", "1、业务工作经费", "2、运行维护经费", "公用经费", "其中：办公经费", "水费、电费、差旅费",
        "会议费、培训费", "政府采购金额", "部门基本支出预算调整")
    sums: tuple[SumRow, ...] = (
        SumRow("1、公务用车购置和维护经费", ("其中：公车购置", "公车运行维护")),
        SumRow("三公经费", ("1、公务用车购置和维护经费", "2、出国经费", "3、公务接待")),
    )
    measures_label: str = "厉行节约保障措施"
    note: str = ("说明：“项目支出”需要填报基本支出以外的所有项目支出情况，“公用经费”填报基本支出中的一般商品和服务支出。")
    kind: str = "basic_data"


@dataclass(frozen=True)
class MonitorSpec:
    """附件5 项目支出绩效运行监控表 as seed 001 has it: funds through the monitored month, the indicator grid
    with 偏差原因分析 ticked (√) by category and 全年预计能否完成 ticked under 是 / 否."""

    id: str
    title: str
    attachment: str
    profile: str
    groups: tuple[Group, ...]  # one grid row per 二级指标
    month: int = 6  # the form watches 1–month
    fund_rows: tuple[str, ...] = ("年度资金总额", "其中：本年一般公共预算拨款", "其他资金")
    type_options: tuple[str, ...] = ("正向", "反向", "定性")  # 指标类型 = the indicator's direction
    department_label: str = "主管部门及代码"  # one of the recogniser's spellings of department
    causes_label: str = "偏差原因分析"  # over the ticked categories: one of the reason spellings
    can_options: tuple[str, ...] = ("是", "否")
    kind: str = "monitor"

    @property
    def months(self) -> str:
        return f"1-{self.month}月"

    @property
    def funds_columns(self) -> tuple[str, ...]:
        return ("项目资金", label("budget_initial"), label("budget_adjust"), f"{self.months}执行数",
                f"{self.months}执行率", label("year_forecast"))

    @property
    def grid_columns(self) -> tuple[str, ...]:
        """The columns after 三级指标, up to the 偏差原因 block."""
        return (label("monitor_type"), label("target"), LABELS["unit_col"][1], f"{self.months}完成情况",
                label("forecast_done"))

    @property
    def causes(self) -> tuple[str, ...]:
        return (*CAUSES.values(), label("cause_note"))


@dataclass(frozen=True)
class AssessmentRow:
    content: str
    weight: float | None
    standard: str = ""


@dataclass(frozen=True)
class AssessmentSpec:
    """seed 002 附表3: 考核内容 / 分值 / 计分标准 / 自评分数 / 评定分数 / 备注; sections total their items and the
    项目评价 share is the one its 计分标准 states (所有项目平均得分×80%)."""

    id: str
    title: str
    attachment: str
    profile: str
    rows: tuple[AssessmentRow, ...]
    columns: tuple[str, ...] = (label("assess_content"), label("weight"), label("assess_standard"),
                                label("assess_self"), label("assess_review"), "备注")
    average_label: str = "所有项目平均得分"
    kind: str = "assessment"


FormSpec = BasicDataSpec | MonitorSpec | AssessmentSpec

SPECS: dict[str, ProjectFormSpec | FormSpec] = {
    "project": ProjectFormSpec(
        id="project",
        title="项目支出绩效自评表",
        attachment="附件4",
        profile="national",
        groups=(
            Group("产出指标", 50, ("数量指标", "质量指标", "时效指标", "成本指标")),
            Group("效益指标", 30, ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")),
            Group("满意度指标", 10, ("服务对象满意度指标",)),
        ),
        direction_column=True,
    ),
    "project_xinjiang": ProjectFormSpec(
        id="project_xinjiang",
        title="项目支出绩效自评表",
        attachment="",
        profile="xinjiang",
        groups=(
            Group("产出指标", None, ("数量指标", "质量指标", "时效指标")),
            Group("成本指标", None, ("经济成本指标", "社会成本指标", "生态环境成本指标")),
            Group("效益指标", None, ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标")),
            Group("满意度指标", None, ("满意度指标",)),
        ),
        fund_rows=("其中：当年财政拨款", "其他资金"),
    ),
    "overall": ProjectFormSpec(
        id="overall",
        title="部门（单位）整体支出绩效自评表",
        attachment="附件1-2",
        profile="national",
        groups=(
            Group("产出指标", 50, ("数量指标", "质量指标", "时效指标")),
            Group("效益指标", 30, ("经济效益指标", "社会效益指标")),
            Group("满意度指标", 10, ("服务对象满意度指标",)),
        ),
        rows_per_level2=3,
        fund_rows=("其中：一般公共预算", "政府性基金拨款", "纳入专户管理的非税收入拨款", "其他资金"),
        note="说明：部门整体支出按收入性质填列；金额单位万元，保留两位小数。",
        name_label="部门（单位）名称",
        funds_label="年度预算申请\n（万元）",
        dept_unit_row=False,
        direction_column=True,
        kind="overall",
    ),
    "basic_data": BasicDataSpec("basic_data", "部门（单位）整体支出绩效评价基础数据表", "附件2", "national"),
    "monitor": MonitorSpec("monitor", "项目支出绩效运行监控表", "附件5", "national", groups=(
        Group("成本指标", None, ("经济成本指标", "社会成本指标", "生态环境成本指标")),
        Group("产出指标", None, ("数量指标", "质量指标", "时效指标")),
        Group("效益指标", None, ("经济效益指标", "社会效益指标", "生态效益指标")),
        Group("满意度指标", None, ("服务对象满意度指标",)),
    )),
    "assessment": AssessmentSpec("assessment", "部门（单位）整体绩效自评表", "附表3", "national", rows=(
        AssessmentRow("一、基本支出评价", 20),
        AssessmentRow("1、财务管理", 8, "财务主管及经办人员岗位设置合规得2分，否则不得分；资金使用有完整的审批程序得2分，"
                      "否则不得分；按照规定进行政府采购得2分，否则不得分；实行国库集中支付得2分，否则不得分。"),
        AssessmentRow("2、会计信息质量", 3, "财务会计信息是否真实规范得3分，否则不得分；"),
        AssessmentRow("3、绩效目标设定", 2, "编制部门预算时同步设定单位绩效目标并报送县财政局得2分；未设定不得分。"),
        AssessmentRow("4、三公经费", 3, "每项符合规定（未超预算、比上年下降，按时报送及公开）各得1分，否则不得分。"),
        AssessmentRow("5、预决算公开", 2, "预决算按规定时间内容公开得2分，只公开预算或决算得1分，否则不得分。"),
        AssessmentRow("6、财务报表及资料报送", 2, "按要求报送得2分，否则不得分。"),
        AssessmentRow("二、项目评价", 80),
        AssessmentRow("项目支出评价", 80, "按照预算单位当年所有被评价项目的平均得分评定，自评（评定）分数计算为："
                      "所有项目平均得分×80%。"),
    )),
}
