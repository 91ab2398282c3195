"""监控表: the lights' reasons as the finance systems require them (C26–C29), a light that cannot be computed,
a forecast that misses without a reason, a 能否完成 tick that contradicts the forecast.

Each rule is scoped by the profile's switches (``monitor.reason_for``, ``explanation_with_reason``,
``forecast_reason`` / ``completion_possibility``, ``checks.deviation_limit``); the messages keep the systems'
wording (第{n}行的偏差原因为必录项，必须有值！), n being the indicator's place in the form."""

from __future__ import annotations

from jixiao.templates.model import MonitorGrid, MonitorRow
from jixiao.udfs import values as V
from jixiao.udfs.values import is_blank

from .base import ERROR, WARNING, rule

MONITOR = (MonitorGrid,)


def _filled(f) -> bool:
    return f is not None and not is_blank(f.value)


def note_given(m: MonitorRow) -> bool:
    """原因说明 written (备注 stands in where the form has no 原因说明 column)."""
    return _filled(m.cause_note) if m.cause_note is not None else _filled(m.remark)


def _light_unexplained(m: MonitorRow, p) -> bool:
    """JX034: a light the profile wants a reason for, and none ticked or written."""
    return m.light is not None and _monitoring().light_needs_reason(m.light, p) and not m.reason_given


def _forecast_in_scope(m: MonitorRow, p) -> bool:
    """JX036 applies: the profile wants reasons for 否 / 有可能 / 完全不可能, and this row says one of them."""
    return not m.both_ticked and bool(_monitoring().forecast_needs_reason(m.answer, p))


@rule("JX022", WARNING, "监控表：预计全年不能完成却未分析偏差原因", "“{name}”预计全年不能完成，没有勾选偏差原因，也没有说明",
      "预计不能完成的指标应勾选偏差原因（经费、制度、人员、硬件条件或其他）并写明原因及拟采取的措施",
      bodies=MONITOR, example={"name": "培训人次"}, reads=("monitor_reason_for", "monitor_forecast_reason", "completion_possibility"))
def no_cause(form, hit):
    """Where the profile makes no such reason compulsory (else JX036), and JX034 has not reported the row."""
    p = form.profile
    for m in form.body.rows:
        if _forecast_in_scope(m, p) or _light_unexplained(m, p):
            continue
        note = m.cause_note.value if m.cause_note else None
        remark = m.remark.value if m.remark else None
        if m.can_complete is False and not m.causes and is_blank(note) and is_blank(remark):
            yield hit(m.can_complete_cell, name=m.name)


@rule("JX023", WARNING, "监控表：能否完成与预计完成值不符",
      {"both": "“{name}”的“全年预计能否完成”勾选了不止一项",
       "met_but_no": "“{name}”预计全年完成“{forecast}”，年度指标值“{target}”，达到指标值，却填了不能完成",
       "unmet_but_yes": "“{name}”预计全年完成“{forecast}”，年度指标值“{target}”，达不到指标值，却填了能完成"},
      "核对“全年预计完成情况”与“全年预计能否完成”：预计值达不到年度指标值时应选“否”，达到时选“是”",
      bodies=MONITOR, example={"name": "培训人次", "forecast": "80人次", "target": "≥100人次"})
def forecast(form, hit):
    for m in form.body.rows:
        if m.both_ticked:
            yield hit(m.can_complete_cell, "both", name=m.name)
        elif m.forecast_met is not None and m.can_complete is not None and m.forecast_met != m.can_complete:
            yield hit(m.can_complete_cell, "met_but_no" if m.forecast_met else "unmet_but_yes", name=m.name,
                      forecast=m.forecast.value, target=m.target.value)


@rule("JX033", ERROR, "监控表：偏离度超过上限未填偏差分析和说明",
      {"": "第{n}行“{name}”偏离度 {deviation:%}，超过 {limit:%}：当前完成值过于大于年度指标值，需填写偏差分析和说明！",
       "equal": "第{n}行“{name}”当前完成值“{current}”大于年度指标值“{target}”，需填写偏差分析和说明！"},
      "勾选偏差原因（偏差分析）并在原因说明中写明完成值大幅超出年度指标值的原因",
      bodies=MONITOR, example={"n": 3, "name": "培训人次", "deviation": 0.2, "limit": 0.15}, covers=("C29",), reads=("deviation_limit",))
def deviation(form, hit):
    """河北 (M11): a ≥ indicator whose 偏离度 exceeds ``deviation_limit``, or an ＝ one above its target, needs
    both the 偏差分析 (a ticked category, where the form ticks them) and the 说明."""
    limit = form.profile.deviation_limit
    if limit is None:
        return
    for m in form.body.rows:
        lt = m.light
        if lt is None or not lt.over_deviation:
            continue
        analysed = bool(m.causes) if m.cause_ticks else note_given(m)
        if analysed and note_given(m):
            continue
        cell = m.cause_cell or m.h1.cell
        if _is_equal(m):
            yield hit(cell, "equal", n=m.ordinal, name=m.name, current=m.h1.value, target=m.target.value)
        else:
            yield hit(cell, n=m.ordinal, name=m.name, deviation=lt.deviation / 100, limit=limit)


def _is_equal(m: MonitorRow) -> bool:
    if m.direction == "等于":
        return True
    try:
        t = V.parse(m.target.value)
    except V.ValueReadError:
        return False
    return m.direction is None and isinstance(t, V.Quantity) and t.comparator == V.EQ


@rule("JX034", ERROR, "监控表：红灯、黄灯未填偏差原因",
      {"": "第{n}行“{name}”亮{light}灯：偏差原因为必录项，必须有值！",
       "progress": "第{n}行“{name}”序时进度完成比 {progress:%}，亮{light}灯：偏差原因为必录项，必须有值！"},
      "亮红灯、黄灯（本规则要求说明的颜色）的指标须勾选偏差原因（经费保障、制度保障、人员保障、硬件条件保障、其他）"
      "并在原因说明中写明原因及拟采取的措施",
      bodies=MONITOR, example={"n": 2, "name": "培训人次", "light": "红"}, covers=("C26",), reads=("monitor_reason_for",))
def light_without_cause(form, hit):
    """C26 (and 宁夏's C27 red-light half, by ``monitor.reason_for``): no 偏差原因 ticked and no 原因说明."""
    for m in form.body.rows:
        if not _light_unexplained(m, form.profile):
            continue
        lt = m.light
        params = {"n": m.ordinal, "name": m.name, "light": lt.text}
        if lt.rule == "M1" and lt.progress is not None:
            yield hit(m.cause_cell or m.h1.cell, "progress", progress=lt.progress, **params)
        else:
            yield hit(m.cause_cell or m.h1.cell, **params)


@rule("JX035", ERROR, "监控表：勾选了偏差原因却未写原因说明",
      "第{n}行“{name}”勾选了偏差原因“{causes}”，原因说明为必录项，必须有值！",
      "在“原因说明”中写明偏差的具体原因及拟采取的措施", bodies=MONITOR,
      example={"n": 4, "name": "场地费", "causes": "经费保障"}, covers=("C27",), reads=("monitor_explanation_with_reason",))
def cause_without_note(form, hit):
    """宁夏 C27 / 天津 C28 (``monitor.explanation_with_reason``): a ticked category needs its 原因说明."""
    if not form.profile.monitor_explanation_with_reason:
        return
    for m in form.body.rows:
        place = m.cause_note if m.cause_note is not None else m.remark
        if m.causes and place is not None and not note_given(m):
            yield hit(place.cell, n=m.ordinal, name=m.name, causes="、".join(m.causes))


@rule("JX036", ERROR, "监控表：预计不能完成未填预计完成情况或偏差原因",
      {"forecast": "第{n}行“{name}”全年预计“{answer}”，全年预计完成情况为必录项，必须有值！",
       "cause": "第{n}行“{name}”全年预计“{answer}”，偏差原因为必录项，必须有值！"},
      "预计不能完成（否、有可能、完全不可能）的指标须填写全年预计完成情况，勾选偏差原因并写明原因及拟采取的措施",
      bodies=MONITOR, example={"n": 1, "name": "培训人次", "answer": "有可能"}, covers=("C28",), reads=("monitor_forecast_reason", "completion_possibility"))
def forecast_without_reason(form, hit):
    """天津 M12/C28 (``monitor.forecast_reason`` / ``completion_possibility``): 否, 有可能 or 完全不可能 needs
    the 全年预计完成情况 and a 偏差原因 (once per row: a light JX034 reports is not reported again)."""
    p = form.profile
    for m in form.body.rows:
        if not _forecast_in_scope(m, p):
            continue
        params = {"n": m.ordinal, "name": m.name, "answer": m.answer}
        if m.forecast.col and is_blank(m.forecast.value):
            yield hit(m.forecast.cell, "forecast", **params)
        if not m.reason_given and not _light_unexplained(m, p):
            yield hit(m.cause_cell or m.can_complete_cell, "cause", **params)


@rule("JX037", WARNING, "监控表：无法计算预警灯", "第{n}行“{name}”没有预警灯：{reason}",
      "填写可识别的年度指标值与 1-X月完成情况：定量指标填数值（如 ≥100 与 45），定性指标填 达成、部分达成 或 未达成",
      bodies=MONITOR, example={"n": 5, "name": "完成时间", "reason": "完成情况“进行中”看不出达成档次，应为 达成、部分达成 或 未达成"})
def no_light(form, hit):
    for m in form.body.rows:
        if m.light is not None and m.light.light is None:
            cell = m.h1.cell if m.h1.col else m.target.cell
            yield hit(cell, n=m.ordinal, name=m.name, reason=m.light.reason)


def _monitoring():
    """The monitoring rules, loaded only when a 监控表 is met (a one-file check of a 自评表 never needs them)."""
    from jixiao.udfs import monitoring

    return monitoring
