"""监控表: a forecast that misses without a reason, a 能否完成 tick that contradicts the forecast."""

from __future__ import annotations

from jixiao.templates.model import FormKind
from jixiao.udfs.values import is_blank

from .base import WARNING, rule


@rule("JX022", WARNING, "监控表：预计全年不能完成却未分析偏差原因", "“{name}”预计全年不能完成，没有勾选偏差原因，也没有说明",
      "预计不能完成的指标应勾选偏差原因（经费、制度、人员、硬件条件或其他）并写明原因及拟采取的措施",
      kinds=(FormKind.MONITOR,), example={"name": "培训人次"})
def no_cause(form, hit):
    for m in form.monitor_rows:
        note = m.cause_note.value if m.cause_note else None
        remark = m.remark.value if m.remark else None
        if m.can_complete is False and not m.causes and is_blank(note) and is_blank(remark):
            yield hit(m.can_complete_cell, name=m.name)


@rule("JX023", WARNING, "监控表：能否完成与预计完成值不符",
      {"both": "“{name}”的“全年预计能否完成”勾选了不止一项",
       "met_but_no": "“{name}”预计全年完成“{forecast}”，年度指标值“{target}”，达到指标值，却填了不能完成",
       "unmet_but_yes": "“{name}”预计全年完成“{forecast}”，年度指标值“{target}”，达不到指标值，却填了能完成"},
      "核对“全年预计完成情况”与“全年预计能否完成”：预计值达不到年度指标值时应选“否”，达到时选“是”",
      kinds=(FormKind.MONITOR,), example={"name": "培训人次", "forecast": "80人次", "target": "≥100人次"})
def forecast(form, hit):
    for m in form.monitor_rows:
        if m.both_ticked:
            yield hit(m.can_complete_cell, "both", name=m.name)
        elif m.forecast_met is not None and m.can_complete is not None and m.forecast_met != m.can_complete:
            yield hit(m.can_complete_cell, "met_but_no" if m.forecast_met else "unmet_but_yes", name=m.name,
                      forecast=m.forecast.value, target=m.target.value)
