"""基础数据表: 三公经费 against its parts, 控制率 against the staff counts."""

from __future__ import annotations

from jixiao.templates.model import BasicData
from jixiao.udfs import JixiaoError
from jixiao.udfs import values as V
from jixiao.udfs.rounding import add, round_to

from .base import ERROR, RATE_TOLERANCE, TOLERANCE, rule


@rule("JX017", ERROR, "三公经费与其明细不符",
      {"total": "{column}：三公经费填 {stated:amt}，明细合计 {sum:amt}",
       "car": "{column}：公务用车经费填 {stated:amt}，购置与运行维护合计 {sum:amt}"},
      "三公经费应等于 公务用车购置和运行维护 + 出国(境) + 公务接待；公务用车经费等于其购置与运行维护之和",
      bodies=(BasicData,), example={"column": "2023年决算数", "stated": 2.77, "sum": 2.5})
def three_public(form, hit):
    b = form.body
    tp = b.three_public() if b else None
    if tp is None:
        return
    total, parts = b.rows[tp.total], [b.rows[i] for i in tp.parts]
    car, car_parts = (b.rows[tp.car] if tp.car is not None else None), [b.rows[i] for i in tp.car_parts]
    for col in b.columns:
        vals = [p.amount(col) for p in parts]
        if total.amount(col) is not None and parts and None not in vals:
            s = round_to(add(vals), 2)
            if abs(s - total.amount(col)) >= TOLERANCE:
                yield hit(total.cell(col), "total", column=col, stated=total.amount(col), sum=s)
        if car and car_parts and car.amount(col) is not None:
            cv = [p.amount(col) for p in car_parts]
            if None not in cv:
                s = round_to(add(cv), 2)
                if abs(s - car.amount(col)) >= TOLERANCE:
                    yield hit(car.cell(col), "car", column=col, stated=car.amount(col), sum=s)


@rule("JX018", ERROR, "控制率与人数不符",
      {"differs": "控制率填的是 {stated:%}，按人数计算应为 {rate:%}", "unreadable": "控制率“{value}”无法识别"},
      "控制率应为 实际在职人数 ÷ 编制数", bodies=(BasicData,), example={"stated": 0.95, "rate": 1.0})
def control_rate(form, hit):
    b = form.body
    if b is None or b.control_rate_value is None or b.control_rate is None:
        return
    f = b.control_rate
    try:
        stated = V.parse_rate(f.value)
    except JixiaoError:
        yield hit(f.cell, "unreadable", value=f.value)
        return
    if stated is not None and abs(stated - b.control_rate_value) >= RATE_TOLERANCE:
        yield hit(f.cell, "differs", stated=stated, rate=b.control_rate_value)
