"""Declarative specs of the official attachments the templates are generated from.

A spec says which labels (from :mod:`.labels`, the recogniser's own vocabulary) go where and which
indicator groups the form offers; :mod:`.build` lays it out. Recognition reads the same labels, so a
generated template and its recognition cannot drift apart (tests/test_templates.py checks it).
"""

from __future__ import annotations

from dataclasses import dataclass

from .labels import CAUSES


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


@dataclass(frozen=True)
class FormSpec:
    """A form laid out by its own writer in build.py (基础数据表, 监控表, 考核表)."""

    id: str
    title: str
    attachment: str
    profile: str
    kind: str
    groups: tuple[Group, ...] = ()  # the 监控表's indicator grid, one row per 二级指标


# 附件5 of seed 001: the indicator grid's columns after 三级指标, and the 偏差原因 categories ticked with √
MONITOR_COLUMNS = ("指标类型", "年度指标值", "计量单位", "1-6月完成情况", "全年预计完成情况")
MONITOR_CAUSES = tuple(CAUSES.values())


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
    "basic_data": FormSpec("basic_data", "部门（单位）整体支出绩效评价基础数据表", "附件2", "national", "basic_data"),
    "monitor": FormSpec("monitor", "项目支出绩效运行监控表", "附件5", "national", "monitor", groups=(
        Group("成本指标", None, ("经济成本指标", "社会成本指标", "生态环境成本指标")),
        Group("产出指标", None, ("数量指标", "质量指标", "时效指标")),
        Group("效益指标", None, ("经济效益指标", "社会效益指标", "生态效益指标")),
        Group("满意度指标", None, ("服务对象满意度指标",)),
    )),
    "assessment": FormSpec("assessment", "部门（单位）整体绩效自评表", "附表3", "national", "assessment"),
}
