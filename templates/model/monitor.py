"""项目支出绩效运行监控表's body: the funds row's 1-X月 columns, the month watched, the indicator grid with its
ticked 偏差原因 and 全年预计能否完成, and the lights scoring gives them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jixiao.udfs.values import is_blank

from .cells import Field, Write, plain, writes
from .funds import RATE, Funds
from .jsondoc import K, doc

if TYPE_CHECKING:  # annotations only: the monitoring rules load with the 监控表's scorer
    from jixiao.udfs.monitoring import Light


@dataclass(frozen=True)
class MonitorRow:
    row: int
    level1: str
    level2: str
    name: str
    type: str | None  # 指标类型 as typed
    direction: str | None
    target: Field
    h1: Field  # 1-6月完成情况 (or whichever months the form watches)
    forecast: Field  # 全年预计完成情况
    causes: tuple[str, ...]  # 偏差原因 categories ticked
    cause_note: Field | None
    remark: Field | None
    can_complete: bool | None  # 全年预计能否完成: True 是, False 否, None 有可能 / not said
    can_complete_cell: str
    both_ticked: bool
    answer: str | None = None  # 全年预计能否完成 as ticked or typed: 是, 否, 确定能, 有可能, 完全不可能
    cause_cell: str = ""  # where a 偏差原因 goes: the first ticked-category cell, else the 原因说明 cell
    cause_ticks: bool = False  # the form ticks 偏差原因 by category (经费保障 … 其他)
    light_cell: Field | None = None  # the 预警 column's cell, where the form has one
    ordinal: int = 0  # 1-based place among the form's indicators: the 第{n}行 of the systems' messages
    # filled by scoring
    forecast_met: bool | None = None  # does the forecast reach the target?
    light: Light | None = None  # 红/黄/绿/蓝 against 序时进度 (M1–M5), with progress and 完成率 (M9)

    JSON = doc(
        "monitor_indicator", "监控表的一个指标（monitor_indicators[]）",
        K("row", "integer", "行号"),
        K("level1", "string", "一级指标"),
        K("level2", "string", "二级指标"),
        K("name", "string", "三级指标"),
        K("type", "string|null", "指标类型，按表中所填"),
        K("target", "cell", "年度指标值"),
        K("h1", "cell", "1-X月完成情况（监控月份见 month）"),
        K("forecast", "cell", "全年预计完成情况"),
        K("forecast_cell", "string", "全年预计完成情况所在单元格"),
        K("forecast_met", "boolean|null", "全年预计完成情况是否达到指标值；无法比较时为 null"),
        K("causes", "array", "勾选的偏差原因类别：经费保障、制度保障、人员保障、硬件条件保障、其他", of="string"),
        K("cause_note", "cell", "原因说明"),
        K("remark", "cell", "备注"),
        K("can_complete", "boolean|null", "全年预计能否完成：true 是，false 否，null 有可能或未填"),
        K("can_complete_cell", "string", "“能否完成”所在单元格"),
        K("both_ticked", "boolean", "“是”与“否”都勾选了"),
        K("progress", "number|null", "序时进度完成比 = 完成情况 ÷（指标值 × 监控月份/12）", RATE),
        K("light", "string|null", "预警灯：red、yellow、green、blue；无法判断时为 null"),
        K("completion", "number|null", "指标完成率", RATE),
        K("deviation", "number|null", "偏离度（规则要求计算时）", RATE),
        K("light_cell", "string|null", "预警单元格，表中有预警列时"))

    @property
    def reason_given(self) -> bool:
        """A 偏差原因 ticked or written (原因说明; 备注 only where the form has no 偏差原因 column at all)."""
        if self.causes or (self.cause_note is not None and not is_blank(self.cause_note.value)):
            return True
        return not self.cause_cell and self.remark is not None and not is_blank(self.remark.value)

    def as_json(self) -> dict:
        lt = self.light
        return {"row": self.row, "level1": self.level1, "level2": self.level2, "name": self.name, "type": self.type,
                "target": plain(self.target.value), "h1": plain(self.h1.value), "forecast": plain(self.forecast.value),
                "forecast_cell": self.forecast.cell, "forecast_met": self.forecast_met, "causes": list(self.causes),
                "cause_note": plain(self.cause_note.value) if self.cause_note else None,
                "remark": plain(self.remark.value) if self.remark else None,
                "can_complete": self.can_complete, "can_complete_cell": self.can_complete_cell,
                "both_ticked": self.both_ticked,
                "progress": None if lt is None or lt.progress is None else round(lt.progress, 4),
                "light": None if lt is None else lt.light,
                "completion": None if lt is None or lt.completion is None else round(lt.completion / 100, 4),
                "deviation": None if lt is None or lt.deviation is None else round(lt.deviation / 100, 4),
                "light_cell": self.light_cell.cell if self.light_cell else None}


@dataclass(frozen=True)
class MonitorGrid:
    funds: Funds
    rows: tuple[MonitorRow, ...] = ()
    month: Field | None = None  # the month the form states (1-7月, 截至9月底, 监控期), and where
    month_option: int | None = None  # `--month`, over what the form states
    funds_light_cell: Field | None = None  # the funds row's 预警 cell
    # filled by scoring
    month_value: int | None = None  # the month its lights are computed for
    month_source: str | None = None  # "option" (--month), "form" or "profile" (the profile's default)
    funds_light: Light | None = None  # M6, with the 执行进度 (rate ÷ month/12)
    goal_light: str | None = None  # M7, the worst of the indicators' lights

    JSON = doc(
        "monitor_grid", "运行监控表（kind 为 monitor）",
        K("funds", "object", "资金情况：年初预算数、年中调整、1-X月执行数与执行率", of="funds"),
        K("monitor_indicators", "array", "各指标的监控情况", of="monitor_indicator"),
        K("month", "integer|null", "监控月份（1-X月的 X）", "月"),
        K("month_source", "string|null", "监控月份从何而来：option（--month）、form（表中所写）、profile（规则默认）"),
        K("funds_light", "string|null", "资金执行预警灯：red、yellow、green、blue"),
        K("funds_progress", "number|null", "资金执行进度 = 执行率 ÷（监控月份/12）", RATE),
        K("goal_light", "string|null", "目标预警灯：各指标中最差的灯"))

    def cells(self):
        yield from self.funds.cells()
        for m in self.rows:
            yield from (("年度指标值", m.target), ("完成情况", m.h1), ("全年预计完成情况", m.forecast))

    def form_json(self) -> dict:
        fl = self.funds_light
        return {"funds": self.funds.as_json(monitor=True), "monitor_indicators": [m.as_json() for m in self.rows],
                "month": self.month_value, "month_source": self.month_source,
                "funds_light": None if fl is None else fl.light,
                "funds_progress": None if fl is None or fl.progress is None else round(fl.progress, 4),
                "goal_light": self.goal_light}

    def lights(self) -> list[tuple[str, str]]:
        """(cell, 红/黄/绿/蓝) for the 预警 cells the form has: the funds row's and each indicator's."""
        out = []
        if self.funds_light_cell is not None and self.funds_light is not None and self.funds_light.light:
            out.append((self.funds_light_cell.cell, self.funds_light.text))
        for m in self.rows:
            if m.light_cell is not None and m.light is not None and m.light.light:
                out.append((m.light_cell.cell, m.light.text))
        return out

    def writes(self) -> list[Write]:
        return writes(*((cell, light, None) for cell, light in self.lights()))
