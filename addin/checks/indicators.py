"""Indicator rows: unreadable values, units, missing reasons, a ≤ limit exceeded, over-achievement, a
direction column against the comparator."""

from __future__ import annotations

from jixiao.udfs import scoring
from jixiao.udfs import values as V
from jixiao.udfs.rounding import truncate_points
from jixiao.udfs.values import is_blank

from .base import ERROR, WARNING, rule
from .cells import is_excel_error
from .common import target_actual


@rule("JX009", ERROR, "实际完成值或指标值缺失、无法识别",
      {"": "“{name}”：{error}", "target": "“{name}”的年度指标值：{error}", "actual": "“{name}”的实际完成值：{error}",
       "weight": "“{name}”的分值：{error}"},
      {"": "填写可识别的值，如 ≥90%、=3 次、2023年12月10日前、已完成",
       "target": "年度指标值写比较符、数值和单位，如 ≥90%、=3 次、≤44.80万元、2023年12月10日前；定性指标写预期效果",
       "actual": "实际完成值写实际数值和单位（如 95%、3 次）、完成日期，或“已完成”“部分完成”等",
       "weight": "分值填写数字，如 10"},
      example={"name": "培训次数", "error": "无法识别“1x”：应为带比较符的数值"}, covers=("C1", "C13", "C22"))
def unreadable(form, hit):
    for ind in form.body.indicators:
        e = ind.error
        if e is not None and e.code == "JX009" and not ind.kept:  # a kept printed score: JX048 names the row
            cell = ind.cell_of(e.role)
            if any(is_excel_error(f.value) for f in (ind.target, ind.actual, ind.weight) if f.cell == cell):
                continue  # an Excel error in the cell: JX025 says so
            variant = e.role if e.role in ("target", "actual", "weight") else ""
            yield hit(cell, variant, name=ind.name, error=e)


@rule("JX010", ERROR, "指标值与完成值单位不一致", "“{name}”：{error}", "统一单位（如都用万元）后再计分",
      example={"name": "培训经费", "error": "单位不一致：指标值“≤50万元”以万元计，完成值“480000元”以元计"})
def units(form, hit):
    for ind in form.body.indicators:
        e = ind.error
        if e is not None and e.code == "JX010":
            yield hit(ind.actual.cell, name=ind.name, error=e)


@rule("JX043", WARNING, "指标值与完成值的单位写法不同",
      "“{name}”：指标值单位“{target_unit}”与完成值单位“{actual_unit}”写法不同，已按同一单位计分",
      "核对两者是否同一单位；是同一单位时请用同一写法（如都写“次”）",
      example={"name": "培训次数", "target_unit": "次", "actual_unit": "场"})
def unit_wording(form, hit):
    for ind in form.body.indicators:
        if ind.result is not None and ind.result.unit_words:
            tu, au = ind.result.unit_words
            yield hit(ind.actual.cell, name=ind.name, target_unit=tu, actual_unit=au)


@rule("JX044", ERROR, "定量指标缺少计量单位", "“{name}”的年度指标值“{target}”是数值，没有计量单位",
      "在指标值后写明计量单位（如 ≥3 次、≥95%、≤50 万元）；系统要求定量指标填写计量单位",
      example={"name": "培训次数", "target": "≥3"}, covers=("C24", "C31"), reads=("unit_required",))
def unit_missing(form, hit):
    if not form.profile.unit_required:
        return
    for ind in form.body.indicators:
        t, _ = target_actual(ind)
        if isinstance(t, V.Quantity) and not t.unit:
            yield hit(ind.target.cell, name=ind.name, target=V.normalize(str(ind.target.value)))


@rule("JX011", WARNING, "未满分却没有写偏差原因", "“{name}”得 {score:pt} 分（满分 {weight:pt}），偏差原因未填写",
      "在“偏差原因分析及改进措施”中说明原因和改进措施", example={"name": "培训合格率", "score": 18.95, "weight": 20},
      covers=("C8",), reads=("score_below_weight_needs_reason", "compare_truncated"))
def missing_reason(form, hit):
    if not form.profile.score_below_weight_needs_reason:
        return
    truncate = form.profile.compare_truncated
    for ind in form.body.indicators:
        score = ind.stated if ind.stated is not None else ind.score  # the score the form will be sent with (C8)
        if ind.reason is None or score is None or ind.weight_value is None:
            continue
        s, w = (truncate_points(score), truncate_points(ind.weight_value)) if truncate else (score, ind.weight_value)
        if s < w and is_blank(ind.reason.value):
            yield hit(ind.reason.cell, name=ind.name, score=score, weight=ind.weight_value)


@rule("JX013", WARNING, "完成值超出“≤”上限", "“{name}”指标值“{target}”是上限，完成值“{actual}”超出了它：指标方向是否写反？",
      "确认指标方向：越多越好的指标应写“≥”，确为上限的请说明超出原因",
      example={"name": "体检次数", "target": "≤2次", "actual": "5次"})
def beyond_limit(form, hit):
    for ind in form.body.indicators:
        t, a = target_actual(ind)
        if (isinstance(t, V.Quantity) and isinstance(a, V.Quantity) and t.comparator in (V.LE, V.LT)
                and t.unit == a.unit and a.value > t.value):
            yield hit(ind.actual.cell, name=ind.name, target=t.text, actual=a.text)


@rule("JX014", WARNING, "大幅超额完成却没有说明原因",
      {"": "“{name}”完成率 {completion:%}，超过 {limit:%}，偏差原因未填写",
       "zero": "“{name}”指标值为 0，完成值“{actual}”达到 {zero:pt} 以上，偏差原因未填写"},
      "超额完成较多时应在偏差原因中说明（目标是否定得过低）", example={"name": "培训次数", "completion": 1.5, "limit": 1.2},
      covers=("C7",), reads=("over_achievement_reason_above", "over_achievement_inclusive", "over_achievement_reverse", "over_achievement_zero_target"))
def over_achievement(form, hit):
    p = form.profile
    if not p.over_achievement_reason_above:
        return
    for ind in form.body.indicators:
        if ind.reason is not None and not is_blank(ind.reason.value):
            continue
        direction = ind.direction if ind.direction in ("正向", "反向", "等于") else None
        if scoring.over_achieved(ind.target.value, ind.actual.value, p, direction):
            c = ind.result.completion if ind.result else ind.completion_value
            cell = (ind.reason or ind.actual).cell
            if c is None:  # a target of 0: no completion rate, the system compares the value itself
                yield hit(cell, "zero", name=ind.name, actual=V.normalize(str(ind.actual.value)),
                          zero=p.over_achievement_zero_target)
            else:
                yield hit(cell, name=ind.name, completion=round(c, 4), limit=p.over_achievement_reason_above)


_CONTRARY = {"正向": (V.LE, V.LT), "反向": (V.GE, V.GT), "等于": (V.LE, V.LT, V.GE, V.GT, V.RANGE)}


@rule("JX021", ERROR, "指标方向与年度指标值的比较符矛盾",
      "“{name}”指标方向是“{direction}”，年度指标值却是“{target}”：得分按“{direction}”计算，请核对",
      "指标方向与“≥/≤/=”应一致：越高越好选“正向”并写“≥”，越低越好选“反向”并写“≤”",
      example={"name": "培训经费", "direction": "正向", "target": "≤50万元"})
def direction_contradicts(form, hit):
    for ind in form.body.indicators:
        t, _a = target_actual(ind)
        if isinstance(t, V.Quantity) and t.comparator in _CONTRARY.get(ind.direction, ()):
            yield hit(ind.direction_cell or ind.target.cell, name=ind.name, direction=ind.direction, target=t.text)


@rule("JX048", WARNING, "指标无法按规则计分，总分按表中得分计入",
      {"": "“{name}”没有年度指标值，无法按规则计分：总分按表中填写的得分 {stated:pt} 计入",
       "named": "“{name}”的标准“{standard}”写在指标名称里，年度指标值和实际完成值都未填写：总分按表中填写的得分 {stated:pt} 计入",
       "from_name": "“{name}”的年度指标值未填写，已按指标名称中的“{standard}”计分"},
      {"": "填写年度指标值（决策、管理类指标可写评分标准），总分才能按规则核对",
       "named": "把名称中的标准填入年度指标值，实际完成值填实际达到的数值，再重算",
       "from_name": "把名称中的标准填入年度指标值，使表格与计分一致"},
      example={"name": "完整性", "stated": 4})
def printed_score_kept(form, hit):
    for ind in form.body.indicators:
        if ind.kept:
            if ind.named_target is not None:
                yield hit(ind.target.cell, "named", name=ind.name, standard=ind.named_target, stated=ind.stated)
            else:
                yield hit(ind.target.cell, name=ind.name, stated=ind.stated)
        elif ind.named_target is not None and ind.result is not None:
            yield hit(ind.target.cell, "from_name", name=ind.name, standard=ind.named_target)


@rule("JX049", WARNING, "完成值偏离目标很远却没有说明原因",
      {"limit": "“{name}”指标值“{target}”是上限，完成值“{actual}”是它的 {ratio} 倍，偏差原因未填写",
       "short": "“{name}”指标值“{target}”，完成值“{actual}”只达到 {ratio:%}，偏差原因未填写"},
      "偏差这么大时（不论得分是否已填、是否满分），应在“偏差原因分析及改进措施”中说明原因；上限指标超出很多时也请核对指标方向",
      example={"name": "开展干部考察工作", "target": "<=2次", "actual": "=5次", "ratio": 2.5},
      reads=("far_limit_reason_above", "far_shortfall_reason_below"))
def far_without_reason(form, hit):
    p = form.profile
    for ind in form.body.indicators:
        if ind.reason is None or not is_blank(ind.reason.value):
            continue
        direction = ind.direction if ind.direction in ("正向", "反向", "等于") else None
        ratio = scoring.far_deviation(ind.target.value, ind.actual.value, p, direction)
        if ratio is None:
            continue
        t, a = target_actual(ind)
        variant = "limit" if ratio > 1 else "short"
        yield hit(ind.reason.cell, variant, name=ind.name, target=t.text, actual=a.text, ratio=round(ratio, 4))
