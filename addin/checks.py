"""Checks before sending: each rule one declared object with a stable code, registered here.

A rule is a function over a scored sheet (:class:`~.engine.SheetResult`) yielding ``(cell, message)``;
the :func:`rule` decorator gives it its code, severity and Chinese title, and puts it in
:data:`RULES`. ``jixiao check --rules-doc`` prints the reference table that docs/checks.md holds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from jixiao.udfs import JixiaoError, scoring
from jixiao.udfs import values as V
from jixiao.udfs.rounding import add, round_to

from .engine import SheetResult, WorkbookResult

ERROR, WARNING = "error", "warning"
TOLERANCE = 0.005  # a stated figure differs from ours once it is off by half a cent or more


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    title: str  # Chinese, one line: what is wrong
    advice: str  # Chinese: what to do
    kinds: tuple[str, ...]
    check: Callable[[SheetResult], Iterable[tuple[str, str]]]


@dataclass(frozen=True)
class Finding:
    sheet: str
    cell: str
    severity: str
    code: str
    message: str

    def as_json(self) -> dict:
        return {"sheet": self.sheet, "cell": self.cell, "severity": self.severity, "code": self.code,
                "message": self.message}


RULES: dict[str, Rule] = {}
FORMS = ("project", "overall")


def rule(code: str, severity: str, title: str, advice: str, kinds=FORMS):
    def deco(fn):
        assert code not in RULES, code
        RULES[code] = Rule(code, severity, title, advice, tuple(kinds), fn)
        return fn
    return deco


def _num(v) -> float | None:
    try:
        return V.parse_amount(v)
    except JixiaoError:
        return None


def _stated_score(v) -> float | None:
    """A stated 得分 such as 9.84, "9.84", "100分", "99.07 分"."""
    try:
        return scoring.points_of(v)
    except JixiaoError:
        return None


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if x == int(x) else f"{x:.2f}"


def _pct(x: float) -> str:
    return f"{x * 100:.2f}%"


def _empty(v) -> bool:
    return v is None or (isinstance(v, str) and not V.normalize(v))


def needs_recompute(sr: SheetResult) -> bool:
    """Score cells still empty: the sheet is not wrong, it has not been scored yet."""
    lay = sr.layout
    cells = [i.score.value for i in lay.indicators if i.score is not None]
    if lay.funds and "score" in lay.funds:
        cells.append(lay.funds["score"].value)
    return bool(cells) and all(_empty(v) for v in cells)


# --- the rules ----------------------------------------------------------------------------------

@rule("JX000", WARNING, "尚未计分", "请先点“重算得分”（或运行 jixiao recompute），再校验")
def _not_scored(sr):
    if needs_recompute(sr):
        lay = sr.layout
        first = lay.indicators[0].score.cell if lay.indicators and lay.indicators[0].score else lay.funds["score"].cell
        filled = any(not _empty(i.actual.value) for i in lay.indicators) or (
            lay.funds is not None and "spent" in lay.funds and not _empty(lay.funds["spent"].value))
        if filled:
            yield first, "得分单元格都还是空的：这张表需要重算，不是填错"
        else:
            yield first, "这张表还没有填写实际完成值和执行数，填好后再重算"


@rule("JX001", ERROR, "分值合计不是 100", "核对执行率和各三级指标的分值，使合计为 100")
def _weights_total(sr):
    weights = [i["weight"] for i in sr.indicators if i.get("weight") is not None]
    if not weights:
        return
    if sr.funds is not None and sr.funds["weight"] is not None:
        weights.append(sr.funds["weight"])
    got, want = add(weights), sr.profile.weight_total
    if abs(got - want) >= TOLERANCE:
        cell = sr.layout.total_weight.cell if sr.layout.total_weight else sr.indicators[0]["cell"]
        yield cell, f"执行率与各指标分值合计 {_fmt(got)} 分，应为 {_fmt(want)} 分"


def _group_weights(sr: SheetResult, level: str) -> Iterator[tuple[str, str]]:
    groups: dict[tuple[str, str], list] = {}
    for ind in sr.layout.indicators:
        stated = getattr(ind, f"{level}_weight")
        key = (getattr(ind, level), getattr(ind, f"{level}_cell"))
        if stated is not None:
            groups.setdefault(key, [stated, []])[1].append(ind)
    for (name, cell), (stated, rows) in groups.items():
        weights = [_num(r.weight.value) for r in rows]
        got = add(w for w in weights if w is not None)
        if abs(got - stated) >= TOLERANCE:
            yield cell, f"“{name}”标注 {_fmt(stated)} 分，其下 {len(rows)} 个三级指标分值合计 {_fmt(got)} 分"


@rule("JX002", ERROR, "一级指标标注的分值与其下指标不符", "改正一级指标标签中的分值，或调整其下三级指标的分值")
def _level1_weights(sr):
    yield from _group_weights(sr, "level1")


@rule("JX003", ERROR, "二级指标标注的分值与其下三级指标不符", "改正二级指标标签中的分值，或调整其下三级指标的分值")
def _level2_weights(sr):
    yield from _group_weights(sr, "level2")


@rule("JX004", ERROR, "得分高于分值", "得分不能超过该项分值")
def _score_above_weight(sr):
    for lay, res in zip(sr.layout.indicators, sr.indicators, strict=False):
        stated, w = (_stated_score(lay.score.value) if lay.score else None), res.get("weight")
        if stated is not None and w is not None and stated - w >= TOLERANCE:
            yield lay.score.cell, f"“{res['name']}”得分 {_fmt(stated)} 高于分值 {_fmt(w)}"
    f = sr.layout.funds
    if f and "score" in f and sr.funds:
        stated = _stated_score(f["score"].value)
        if stated is not None and stated - sr.funds["weight"] >= TOLERANCE:
            yield f["score"].cell, f"执行率得分 {_fmt(stated)} 高于分值 {_fmt(sr.funds['weight'])}"


@rule("JX005", ERROR, "填写的得分与计算结果不符", "按本规则重算该项得分（点“重算得分”）")
def _score_differs(sr):
    if needs_recompute(sr):
        return
    f = sr.layout.funds
    if f and "score" in f and sr.funds and sr.funds["score"] is not None:
        stated = _stated_score(f["score"].value)
        if stated is not None and abs(stated - sr.funds["score"]) >= TOLERANCE:
            yield f["score"].cell, (f"执行率得分填的是 {_fmt(stated)}，按规则“{sr.profile.name}”"
                                    f"执行率 {_pct(sr.funds['rate'])} 应得 {_fmt(sr.funds['score'])}")
    for lay, res in zip(sr.layout.indicators, sr.indicators, strict=False):
        stated = _stated_score(lay.score.value) if lay.score else None
        if stated is not None and res.get("score") is not None and abs(stated - res["score"]) >= TOLERANCE:
            yield lay.score.cell, (f"“{res['name']}”得分填的是 {_fmt(stated)}，"
                                   f"按规则“{sr.profile.name}”应得 {_fmt(res['score'])}")


@rule("JX006", ERROR, "总分与各项得分之和不符", "总分应等于执行率得分与各指标得分之和")
def _total_differs(sr):
    t = sr.layout.total
    if t is None or sr.total is None or needs_recompute(sr):
        return
    stated = _stated_score(t.value)
    if stated is not None and abs(stated - sr.total) >= TOLERANCE:
        yield t.cell, f"总分填的是 {_fmt(stated)}，按规则计算应为 {_fmt(sr.total)}（等级{sr.grade}）"


@rule("JX007", ERROR, "全年执行数超过全年预算数", "核对全年执行数与全年预算数")
def _overspent(sr):
    f = sr.funds
    if f and f.get("budget") is not None and f.get("spent") is not None and f["spent"] - f["budget"] >= TOLERANCE:
        yield sr.layout.funds["spent"].cell, f"全年执行数 {f['spent']:.2f} 万元超过全年预算数 {f['budget']:.2f} 万元"


@rule("JX008", ERROR, "执行率与金额不符", "执行率应为 全年执行数 ÷ 全年预算数（监控表：1-6月执行数 ÷ (年初预算数 + 年中调整数)）",
      kinds=("project", "overall", "monitor"))
def _rate_differs(sr):
    f = sr.funds
    cell = f.get("rate_cell") if f else None
    if not cell or f.get("rate") is None:
        return
    fields = sr.layout.funds if sr.layout.kind != "monitor" else sr.layout.extra["monitor_funds"]
    field = fields.get("rate") or fields.get("h1_rate")
    try:
        stated = V.parse_rate(field.value)
    except JixiaoError:
        yield cell, f"执行率“{field.value}”无法识别，应为百分数"
        return
    if stated is not None and abs(stated - f["rate"]) >= 0.00005:
        yield cell, f"执行率填的是 {_pct(stated)}，按金额计算应为 {_pct(f['rate'])}"


@rule("JX009", ERROR, "实际完成值或指标值缺失、无法识别", "填写可识别的值，如 ≥90%、=3 次、2023年12月10日前、已完成")
def _unreadable(sr):
    for lay, res in zip(sr.layout.indicators, sr.indicators, strict=False):
        err = res.get("error")
        if not err or "单位" in err:
            continue
        cell = lay.actual.cell if "完成值" in err else lay.target.cell if "指标值" in err else lay.weight.cell
        yield cell, f"“{res['name']}”：{err}"


@rule("JX010", ERROR, "指标值与完成值单位不一致", "统一单位（如都用万元）后再计分")
def _units(sr):
    for lay, res in zip(sr.layout.indicators, sr.indicators, strict=False):
        err = res.get("error")
        if err and "单位" in err:
            yield lay.actual.cell, f"“{res['name']}”：{err}"
        for note in res.get("notes", ()):
            if "单位" in note:
                yield lay.actual.cell, f"“{res['name']}”：{note}"


@rule("JX011", WARNING, "未满分却没有写偏差原因", "在“偏差原因分析及改进措施”中说明原因和改进措施")
def _missing_reason(sr):
    for lay, res in zip(sr.layout.indicators, sr.indicators, strict=False):
        if lay.reason is None or res.get("score") is None or res.get("weight") is None:
            continue
        if res["score"] < res["weight"] and _empty(lay.reason.value):
            yield lay.reason.cell, f"“{res['name']}”得 {_fmt(res['score'])} 分（满分 {_fmt(res['weight'])}），偏差原因未填写"


_RATE_INDICATORS = ("预算成本控制率", "成本控制率", "预算执行率", "资金执行率", "资金支出率", "预算资金执行率")


@rule("JX012", WARNING, "成本控制率等指标与执行率不符", "这类指标的完成值应等于资金执行率（全年执行数 ÷ 全年预算数）")
def _rate_indicator(sr):
    if not sr.funds or sr.funds.get("rate") is None:
        return
    for lay, res in zip(sr.layout.indicators, sr.indicators, strict=False):
        if not any(k in res["name"] for k in _RATE_INDICATORS) or "项目" in res["name"][:2]:
            continue
        try:
            a = V.parse(lay.actual.value)
        except JixiaoError:
            continue
        if isinstance(a, V.Quantity) and (a.is_percent or a.from_number):
            got = a.value / 100 if a.is_percent or abs(a.value) > 1.5 else a.value
            if abs(got - sr.funds["rate"]) >= 0.00005:
                yield lay.actual.cell, (f"“{res['name']}”完成值 {_pct(got)}，而资金执行率为 "
                                        f"{_pct(sr.funds['rate'])}（{sr.funds['spent']:.2f} ÷ {sr.funds['budget']:.2f}）")


def _target_actual(lay):
    try:
        return V.parse(lay.target.value), V.parse(lay.actual.value)
    except JixiaoError:
        return None, None


@rule("JX013", WARNING, "完成值超出“≤”上限", "确认指标方向：越多越好的指标应写“≥”，确为上限的请说明超出原因")
def _beyond_limit(sr):
    for lay, res in zip(sr.layout.indicators, sr.indicators, strict=False):
        t, a = _target_actual(lay)
        if (isinstance(t, V.Quantity) and isinstance(a, V.Quantity) and t.comparator in (V.LE, V.LT)
                and t.unit == a.unit and a.value > t.value):
            yield lay.actual.cell, f"“{res['name']}”指标值“{t.text}”是上限，完成值“{a.text}”超出了它：指标方向是否写反？"


@rule("JX014", WARNING, "大幅超额完成却没有说明原因", "超额完成较多时应在偏差原因中说明（目标是否定得过低）")
def _over_achievement(sr):
    limit = sr.profile.over_achievement_reason_above
    if not limit:
        return
    for lay, res in zip(sr.layout.indicators, sr.indicators, strict=False):
        t, _a = _target_actual(lay)
        c = res.get("completion")
        if (c is not None and c > limit and isinstance(t, V.Quantity) and t.comparator not in (V.LE, V.LT)
                and (lay.reason is None or _empty(lay.reason.value))):
            yield (lay.reason or lay.actual).cell, (f"“{res['name']}”完成率 {_pct(c)}，超过 {_pct(limit)}，"
                                                    "偏差原因未填写")


@rule("JX015", WARNING, "缺少满意度指标", "按本规则应设置满意度指标（如 服务对象满意度 ≥90%）")
def _satisfaction(sr):
    if not sr.profile.expects_satisfaction or not sr.layout.indicators:
        return
    if not any("满意" in (i.level1 + i.level2 + i.name) for i in sr.layout.indicators):
        last = sr.layout.indicators[-1]
        yield last.target.cell, "指标表中没有满意度指标"


_HEADER_NAMES = {"project_name": "项目名称", "department": "主管部门", "unit": "实施单位", "dept_name": "部门名称"}


@rule("JX016", WARNING, "表头信息未填", "填写项目名称、主管部门、实施单位（部门整体表：部门名称）")
def _empty_header(sr):
    for key, f in sr.layout.header.items():
        if _empty(f.value):
            yield f.cell, f"{_HEADER_NAMES[key]}未填写"


@rule("JX017", ERROR, "三公经费与其明细不符", "三公经费应等于 公务用车购置和运行维护 + 出国(境) + 公务接待；公务用车经费等于其购置与运行维护之和",
      kinds=("basic_data",))
def _three_public(sr):
    b = sr.extra.get("basic")
    if not b:
        return
    rows = b["funds_control"]
    total = next((r for r in rows if "三公" in r["label"]), None)
    if total is None:
        return
    i = rows.index(total)
    parts, car_parts = [], []
    for r in rows[i + 1:]:
        lab = r["label"]
        if re.match(r"\d[、.]", lab):
            if parts and lab[0] == "1":  # numbering restarts: the next block (项目支出) has begun
                break
            parts.append(r)
        elif parts and "车" in parts[-1]["label"]:  # 其中：公车购置 / 公车运行维护
            car_parts.append(r)
        else:
            break
    car = next((p for p in parts if "车" in p["label"]), None)
    for col in b["columns"]:
        vals = [p["values"].get(col) for p in parts]
        if total["values"].get(col) is not None and parts and None not in vals:
            s = round_to(add(vals), 2)
            if abs(s - total["values"][col]) >= TOLERANCE:
                yield total["cells"][col], f"{col}：三公经费填 {total['values'][col]:.2f}，明细合计 {s:.2f}"
        if car and car_parts and car["values"].get(col) is not None:
            cv = [p["values"].get(col) for p in car_parts]
            if None not in cv:
                s = round_to(add(cv), 2)
                if abs(s - car["values"][col]) >= TOLERANCE:
                    yield car["cells"][col], f"{col}：公务用车经费填 {car['values'][col]:.2f}，购置与运行维护合计 {s:.2f}"


@rule("JX018", ERROR, "控制率与人数不符", "控制率应为 实际在职人数 ÷ 编制数", kinds=("basic_data",))
def _control_rate(sr):
    b = sr.extra.get("basic")
    if not b or b["control_rate"] is None or not b["control_rate_cell"]:
        return
    f = sr.layout.extra["staff"]["control_rate"]
    try:
        stated = V.parse_rate(f.value)
    except JixiaoError:
        yield f.cell, f"控制率“{f.value}”无法识别"
        return
    if stated is not None and abs(stated - b["control_rate"]) >= 0.00005:
        yield f.cell, f"控制率填的是 {_pct(stated)}，按人数计算应为 {_pct(b['control_rate'])}"


@rule("JX019", WARNING, "执行率偏低未说明原因", "本规则要求执行率低于规定比例时说明原因")
def _low_rate(sr):
    limit = sr.profile.low_rate_reason_below
    if not limit or not sr.funds or sr.funds.get("rate") is None or sr.funds["rate"] >= limit:
        return
    if not any(i.reason is not None and not _empty(i.reason.value) for i in sr.layout.indicators):
        yield sr.funds.get("rate_cell") or sr.funds.get("cell"), (
            f"执行率 {_pct(sr.funds['rate'])} 低于 {_pct(limit)}，表中没有任何偏差原因说明")


@rule("JX020", ERROR, "考核表自评分数与计算不符",
      "分项之和、项目评价（所有项目平均得分 × 80%）、一级指标标注的分值与合计应一致",
      kinds=("assessment",))
def _assessment(sr):
    for row in sr.indicators:
        if row["stated"] is not None and row["score"] is not None and abs(row["stated"] - row["score"]) >= TOLERANCE:
            yield row["cell"], f"“{row['name']}”自评 {_fmt(row['stated'])} 分，计算应为 {_fmt(row['score'])} 分"
        if row["stated"] is not None and row["weight"] is not None and row["stated"] - row["weight"] >= TOLERANCE:
            yield row["cell"], f"“{row['name']}”自评 {_fmt(row['stated'])} 分，高于分值 {_fmt(row['weight'])}"
        worth = row.get("items_weight")
        if worth is not None and row["weight"] is not None and abs(worth - row["weight"]) >= TOLERANCE:
            yield row["label_cell"], f"一级指标“{row['name']}”标注 {_fmt(row['weight'])} 分，其下各项分值合计 {_fmt(worth)} 分"
    t = sr.layout.total
    stated = _stated_score(t.value) if t else None
    if stated is not None and sr.total is not None and abs(stated - sr.total) >= TOLERANCE:
        yield t.cell, f"合计填的是 {_fmt(stated)}，各部分之和为 {_fmt(sr.total)}"


_CONTRARY = {"正向": (V.LE, V.LT), "反向": (V.GE, V.GT), "等于": (V.LE, V.LT, V.GE, V.GT, V.RANGE)}


@rule("JX021", ERROR, "指标方向与年度指标值的比较符矛盾",
      "指标方向与“≥/≤/=”应一致：越高越好选“正向”并写“≥”，越低越好选“反向”并写“≤”")
def _direction_contradicts(sr):
    for lay, res in zip(sr.layout.indicators, sr.indicators, strict=False):
        t, _a = _target_actual(lay)
        if isinstance(t, V.Quantity) and t.comparator in _CONTRARY.get(lay.direction, ()):
            yield (lay.direction_cell or lay.target.cell,
                   f"“{res['name']}”指标方向是“{lay.direction}”，年度指标值却是“{t.text}”：得分按“{lay.direction}”计算，请核对")


@rule("JX022", WARNING, "监控表：预计全年不能完成却未分析偏差原因",
      "预计不能完成的指标应勾选偏差原因（经费、制度、人员、硬件条件或其他）并写明原因及拟采取的措施",
      kinds=("monitor",))
def _monitor_no_cause(sr):
    for m in sr.extra.get("monitor_indicators", []):
        if m["can_complete"] is False and not m["causes"] and not m["cause_note"] and not m["remark"]:
            yield m["can_complete_cell"], f"“{m['name']}”预计全年不能完成，没有勾选偏差原因，也没有说明"


@rule("JX023", WARNING, "监控表：能否完成与预计完成值不符",
      "核对“全年预计完成情况”与“全年预计能否完成”：预计值达不到年度指标值时应选“否”，达到时选“是”",
      kinds=("monitor",))
def _monitor_forecast(sr):
    for m in sr.extra.get("monitor_indicators", []):
        if m["both_ticked"]:
            yield m["can_complete_cell"], f"“{m['name']}”的“全年预计能否完成”勾选了不止一项"
        elif m["forecast_met"] is not None and m["can_complete"] is not None and m["forecast_met"] != m["can_complete"]:
            said = "能" if m["can_complete"] else "不能"
            yield (m["can_complete_cell"], f"“{m['name']}”预计全年完成“{m['forecast']}”，年度指标值“{m['target']}”，"
                   f"{'达到' if m['forecast_met'] else '达不到'}指标值，却填了{said}完成")


# --- running ------------------------------------------------------------------------------------

def check_sheet(sr: SheetResult) -> list[Finding]:
    out = []
    for r in RULES.values():
        if sr.layout.kind not in r.kinds:
            continue
        for cell, msg in r.check(sr):
            sep = "" if msg.endswith(("。", "？", "！")) else "。"
            out.append(Finding(sr.layout.sheet, cell or "", r.severity, r.code, f"{msg}{sep}{r.advice}。"))
    return out


def check_workbook(res: WorkbookResult) -> list[Finding]:
    findings: list[Finding] = []
    for sr in res.sheets:
        findings.extend(check_sheet(sr))
    return findings


def rules_markdown() -> str:
    """The reference table of every rule (docs/checks.md is generated from this)."""
    kinds = {"project": "项目", "overall": "整体", "basic_data": "基础数据", "monitor": "监控", "assessment": "考核"}
    lines = [
        "# 校验规则 (jixiao check)",
        "",
        "由 `jixiao check --rules-doc` 生成，请勿手改。error 使 `jixiao check` 以 1 退出。",
        "",
        "| 代码 | 级别 | 问题 | 怎么改 | 适用表 |",
        "|---|---|---|---|---|",
    ]
    for r in RULES.values():
        lines.append(f"| {r.code} | {r.severity} | {r.title} | {r.advice} | {'、'.join(kinds[k] for k in r.kinds)} |")
    return "\n".join(lines) + "\n"

