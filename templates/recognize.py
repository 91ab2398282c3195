"""Find the form in a sheet by its labels, never by fixed addresses.

:func:`recognize` takes a :class:`~.grid.Grid` and returns a :class:`Layout`: which kind of form it
is, and for every field the cell that holds it (value + A1 address). It tolerates what real files
do: a title row above the form, labels broken over lines or padded with spaces, 一级/二级 labels
merged down or repeated on every row, a label over two merged columns, weights in group labels.
A sheet that is no form raises :class:`NotAForm` with the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .grid import Grid, address
from .labels import (
    KIND_NAMES,
    clean,
    heading_level,
    inline_value,
    kind_from_title,
    matches,
    norm,
    stated_weight,
    strip_weight,
)


class NotAForm(Exception):
    """The sheet is not one of the forms; ``str()`` is the Chinese reason."""


@dataclass
class Field:
    value: object
    row: int
    col: int

    @property
    def cell(self) -> str:
        return address(self.row, self.col)


@dataclass
class IndicatorRow:
    row: int
    level1: str
    level2: str
    name: str
    target: Field
    actual: Field
    weight: Field
    score: Field | None
    reason: Field | None
    level1_weight: float | None = None  # what a group label claims: 产出指标(50分)
    level2_weight: float | None = None
    level1_cell: str = ""
    level2_cell: str = ""
    direction: str | None = None  # from a 指标性质/指标方向 column: 正向, 反向, 等于, 定性
    direction_cell: str = ""


@dataclass
class Layout:
    kind: str
    sheet: str
    header: dict[str, Field] = field(default_factory=dict)
    funds: dict[str, Field] | None = None
    indicators: list[IndicatorRow] = field(default_factory=list)
    total: Field | None = None  # the 总分 row's 得分 cell
    total_weight: Field | None = None  # the 总分 row's 分值 cell
    grade: Field | None = None
    grade_inline: bool = False  # "等级：优" in one cell rather than a value beside a label
    grade_prefix: str = "等级："  # the inline label as the form spells it: "评价等级：", "等级:"
    extra: dict = field(default_factory=dict)  # kind-specific parts (基础数据表, 监控表, 考核表)

    @property
    def kind_name(self) -> str:
        return KIND_NAMES[self.kind]


class _Index:
    """Every text cell once, normalised, in reading order."""

    def __init__(self, grid: Grid):
        self.grid = grid
        self.texts = sorted(
            (r, c, norm(cell.value)) for (r, c), cell in grid.cells.items() if isinstance(cell.value, str)
        )
        self._merge_start = {}
        for m in grid.merges:
            for r in range(m[0], m[2] + 1):
                for c in range(m[1], m[3] + 1):
                    self._merge_start[(r, c)] = m

    def find(self, fieldname: str, rows: range | None = None) -> list[tuple[int, int]]:
        return [(r, c) for r, c, t in self.texts
                if (rows is None or r in rows) and t and matches(t, fieldname)]

    def first(self, fieldname: str, rows: range | None = None) -> tuple[int, int] | None:
        hits = self.find(fieldname, rows)
        return hits[0] if hits else None

    def merge(self, r: int, c: int):
        return self._merge_start.get((r, c))

    def span(self, r: int, c: int) -> range:
        """Columns a (possibly merged) cell covers."""
        m = self.merge(r, c)
        return range(m[1], m[3] + 1) if m else range(c, c + 1)

    def value(self, r: int, c: int):
        """A cell's value, or the value of the merged block it sits in."""
        m = self.merge(r, c)
        if m:
            return self.grid.value(m[0], m[1])
        return self.grid.value(r, c)

    def field_in_span(self, r: int, cols: range) -> Field:
        """The value under a label that spans ``cols``: the first non-empty cell, else the first."""
        for c in cols:
            v = self.grid.value(r, c)
            if v not in (None, ""):
                return Field(v, r, c)
        m = self.merge(r, cols.start)
        return Field(None, m[0], m[1]) if m else Field(None, r, cols.start)

    def right_of(self, r: int, c: int) -> Field:
        """The value beside a label: the next cell (or merged block), or the one after it when the next
        is a lone blank cell (a spacer column); never another label."""
        start = self.span(r, c).stop
        for cc in (start, start + 1):
            v = self.grid.value(r, cc)
            if isinstance(v, str) and _is_label(v):
                break
            m = self.merge(r, cc)
            if v not in (None, ""):
                return Field(v, r, cc)
            if m or cc > self.grid.max_col:  # an empty merged input block is the value's place
                break
        m = self.merge(r, start)
        return Field(None, *(m[:2] if m else (r, start)))


_ANY_LABEL = ("project_name", "department", "unit", "dept_name", "budget_initial", "budget", "spent",
              "weight", "rate", "score", "funds_anchor")


def _is_label(v: str) -> bool:
    return any(matches(v, f) for f in _ANY_LABEL)


def is_blank(v) -> bool:
    return v is None or (isinstance(v, str) and norm(v) in ("", "……", "...", "…", "—", "-"))


def detect_kind(grid: Grid) -> str | None:
    idx = _Index(grid)
    for r, _c, t in idx.texts:
        if r > 6:
            break
        k = kind_from_title(t)
        if k:
            return k
    return _kind_from_labels(idx)


def _kind_from_labels(idx: _Index) -> str | None:
    if idx.first("assess_content") and (idx.first("assess_standard") or idx.first("assess_self")):
        return "assessment"
    if idx.first("h1_spent") or idx.first("h1_rate"):
        return "monitor"
    if idx.first("staff_quota") and (idx.first("three_public") or idx.first("staff_actual")):
        return "basic_data"
    if ((idx.first("level3") or idx.first("level1")) and idx.first("weight") and not idx.first("target")
            and (idx.first("assess_standard") or idx.first("assess_self"))):
        return "assessment"  # an 评价指标体系 score sheet: 一级/二级/三级指标, 分值, 评分标准, 自评得分
    if (idx.first("level3") or idx.first("indicator_col")) and idx.first("target"):
        if idx.first("project_name"):
            return "project"
        return "overall" if idx.first("dept_name") else "project"
    return None


def recognize_all(grid: Grid) -> list[Layout]:
    """Every form on a sheet: departments often stack one project table under another."""
    idx = _Index(grid)
    heads = sorted({r for r, _c in idx.find("level3")})
    if len(heads) <= 1:
        return [recognize(grid)]
    starters = ("project_name", "dept_name", "funds_anchor")
    bands, start = [], 1
    for i, h in enumerate(heads):
        end = grid.max_row
        if i + 1 < len(heads):
            between = range(h + 1, heads[i + 1])
            firsts = [r for f in starters for r, _c in idx.find(f, between)]
            firsts += [r for r, _c, t in idx.texts if r in between and kind_from_title(t)]
            end = (min(firsts) if firsts else heads[i + 1]) - 1
        bands.append((start, end))
        start = end + 1
    layouts = []
    for r1, r2 in bands:
        sub = Grid(grid.name, {k: v for k, v in grid.cells.items() if r1 <= k[0] <= r2},
                   [m for m in grid.merges if r1 <= m[0] <= r2], grid.hidden)
        layouts.append(recognize(sub))
    return layouts


def recognize(grid: Grid) -> Layout:
    idx = _Index(grid)
    if not idx.texts:
        raise NotAForm("工作表为空")
    title_kind = None
    for r, _c, t in idx.texts:
        if r > 6:
            break
        title_kind = title_kind or kind_from_title(t)
    kind = _kind_from_labels(idx)
    if kind is None and title_kind is None:
        raise NotAForm("没有找到自评表的标签（如 三级指标、年度指标值、全年预算数、考核内容）")
    # labels decide between the two indicator forms; the title decides otherwise
    if kind in ("project", "overall") and title_kind in ("project", "overall"):
        kind = title_kind
    kind = kind or title_kind
    layout = Layout(kind=kind, sheet=grid.name)
    if kind in ("project", "overall"):
        _recognize_indicator_form(idx, layout)
    elif kind == "basic_data":
        _recognize_basic_data(idx, layout)
    elif kind == "monitor":
        _recognize_monitor(idx, layout)
    else:
        _recognize_assessment(idx, layout)
    return layout


# --- 项目支出 / 部门整体 自评表 --------------------------------------------------------------------

def _header_fields(idx: _Index, layout: Layout, names: tuple[str, ...], before_row: int) -> None:
    for f in names:
        pos = idx.first(f, range(1, before_row + 1))
        if pos:
            layout.header[f] = idx.right_of(*pos)
            continue
        for r, c, _t in idx.texts:  # "项目名称：……" typed into one cell
            if r > before_row:
                break
            v = inline_value(idx.grid.value(r, c), f)
            if v:
                layout.header[f] = Field(v, r, c)
                break


def _funds(idx: _Index, layout: Layout, before_row: int) -> None:
    anchor = idx.first("funds_anchor", range(1, before_row))
    if anchor is None:
        # no 年度资金总额 label: the amounts sit in the first row under the 全年预算数 header holding a number
        head = idx.first("budget", range(1, before_row))
        if head is None:
            return
        row = next((r for r in range(head[0] + 1, min(head[0] + 4, before_row))
                    if idx.field_in_span(r, idx.span(*head)).value not in (None, "")), None)
        if row is None:
            return
        anchor = (row, 0)
    row = anchor[0]
    funds: dict[str, Field] = {}
    for f in ("budget_initial", "budget", "spent", "weight", "rate", "score"):
        for dr in (1, 2, 3):  # the nearest header row above the 年度资金总额 row
            hits = [p for p in idx.find(f, range(row - dr, row - dr + 1)) if p[1] > anchor[1] or f != "score"]
            if hits:
                funds[f] = idx.field_in_span(row, idx.span(*hits[0]))
                break
    if {"budget", "spent"} <= funds.keys():
        layout.funds = funds


def _indicator_columns(idx: _Index) -> tuple[int, dict[str, range]]:
    heads = idx.find("level3")
    cols: dict[str, range] = {}
    if not heads:  # no 三级指标: a 绩效指标 / 指标 column beside 年度指标值, with heading rows for the levels
        targets = {r for r, _c in idx.find("target")}
        heads = [(r, c) for r, c in idx.find("indicator_col") if r in targets]
        if not heads:
            raise NotAForm("没有找到“三级指标”表头")
        cols["level3"] = idx.span(*heads[0])
    hrow = heads[0][0]
    for f in ("level1", "level2", "level3", "target", "actual", "weight", "score", "reason", "comparator", "unit_col"):
        if f in cols:
            continue
        for rows in (range(hrow, hrow + 1), range(hrow - 1, hrow)):
            hits = idx.find(f, rows)
            if hits:
                cols[f] = idx.span(*hits[0])
                break
    missing = [n for f, n in (("target", "年度指标值"), ("actual", "实际完成值"), ("weight", "分值")) if f not in cols]
    if missing:
        raise NotAForm(f"指标表缺少表头：{'、'.join(missing)}")
    return hrow, cols


def _recognize_indicator_form(idx: _Index, layout: Layout) -> None:
    hrow, cols = _indicator_columns(idx)
    _header_fields(idx, layout, ("project_name", "department", "unit", "dept_name"), hrow)
    _funds(idx, layout, hrow)
    grid = idx.grid
    carry = {"level1": ("", None, ""), "level2": ("", None, "")}
    first_col = min(r.start for r in cols.values())
    score_col = cols.get("score", cols["weight"])
    r = hrow
    while r < grid.max_row:
        r += 1
        left = [norm(grid.value(r, c)) for c in range(1, score_col.start)]
        if any(matches(t, "total") for t in left if t):
            layout.total = idx.field_in_span(r, score_col)
            layout.total_weight = idx.field_in_span(r, cols["weight"])
            break
        if any(t.startswith(("填表人", "备注", "说明", "注:")) for t in left[: max(first_col, 2)] if t):
            break
        levels = {}
        for f in ("level1", "level2"):
            if f not in cols:
                levels[f] = carry[f]  # set by a heading row (一、产出指标), if the form has them
                continue
            c = cols[f].start
            v = idx.value(r, c)
            if is_blank(v):
                levels[f] = carry[f]
            else:
                m = idx.merge(r, c)
                levels[f] = (strip_weight(str(v)), stated_weight(str(v)), address(*(m[:2] if m else (r, c))))
            carry[f] = levels[f]
        name = idx.field_in_span(r, cols["level3"]) if "level3" in cols else Field(None, r, 0)
        target = idx.field_in_span(r, cols["target"])
        actual = idx.field_in_span(r, cols["actual"])
        weight = idx.field_in_span(r, cols["weight"])
        if all(is_blank(f.value) for f in (name, target, actual, weight)):
            continue
        heading = heading_level(name.value) if is_blank(target.value) and is_blank(actual.value) else None
        if heading and heading[0] not in cols:  # 一、产出指标（50分） / （一）数量指标: the rows below belong to it
            claimed = stated_weight(str(name.value))
            if claimed is None and isinstance(weight.value, (int, float)):
                claimed = float(weight.value)
            carry[heading[0]] = (heading[1], claimed, name.cell)
            if heading[0] == "level1":
                carry["level2"] = ("", None, "")
            continue
        if norm(name.value) in ("小计", "合计") or (is_blank(name.value) and (
                norm(idx.value(r, cols["level1"].start) if "level1" in cols else "").endswith("小计"))):
            continue  # a subtotal row is not an indicator
        direction, direction_cell = None, ""
        if "comparator" in cols or "unit_col" in cols:
            target, actual, direction = _compose(idx, r, cols, target, actual)
            direction_cell = address(r, cols["comparator"].start) if "comparator" in cols else ""
        layout.indicators.append(IndicatorRow(
            row=r,
            level1=levels["level1"][0], level2=levels["level2"][0],
            name=clean(name.value),
            target=target, actual=actual, weight=weight,
            score=idx.field_in_span(r, cols["score"]) if "score" in cols else None,
            reason=idx.field_in_span(r, cols["reason"]) if "reason" in cols else None,
            level1_weight=levels["level1"][1], level2_weight=levels["level2"][1],
            level1_cell=levels["level1"][2], level2_cell=levels["level2"][2], direction=direction,
            direction_cell=direction_cell,
        ))
    _grade(idx, layout, hrow)


_DIRECTION_WORDS = {"正向": "正向", "正向指标": "正向", "反向": "反向", "反向指标": "反向", "逆向": "反向",
                    "等于": "等于", "定性": "定性", "定性指标": "定性", "定量": None, "定量指标": None}
_SYMBOLS = {"≥", ">=", "≤", "<=", "=", ">", "<", "大于等于", "小于等于", "等于", "大于", "小于", "不低于", "不高于"}


def _num_text(v, cell) -> str:
    if isinstance(v, float) and cell is not None and cell.is_percent:
        return format(v * 100, ".10g") + "%"
    return format(v, ".10g") if isinstance(v, float) else str(v)


_BARE_NUMBER = re.compile(r"\s*([≥≤><=]{1,2}|大于等于|小于等于|不低于|不高于|不超过|大于|小于|等于)?\s*[\d.,，]+\s*")


def _compose(idx: _Index, r: int, cols: dict, target: Field, actual: Field):
    """Newer forms split 年度指标值 into 指标性质 (≥ ≤ = 定性 / 正向 反向) + 指标值 + 度量单位: join them
    into the one spelling the parser reads ("≥" "95" "%" → "≥95%"); cells keep their addresses."""
    comp = norm(idx.value(r, cols["comparator"].start)) if "comparator" in cols else ""
    unit = norm(idx.value(r, cols["unit_col"].start)) if "unit_col" in cols else ""
    direction = _DIRECTION_WORDS.get(comp)
    if direction == "定性" or is_blank(target.value):
        return target, actual, direction
    symbol = comp if comp in _SYMBOLS else ""  # as typed: the value parser reads every spelling

    def join(f: Field, with_symbol: bool) -> Field:
        if is_blank(f.value):
            return f
        if isinstance(f.value, str):
            m = _BARE_NUMBER.fullmatch(f.value)
            if not m:
                return f  # already carries its own unit, or is text
            text, own_symbol = f.value.strip(), bool(m.group(1))
        else:
            text, own_symbol = _num_text(f.value, idx.grid.cell(f.row, f.col)), False
        if unit and not text.endswith("%"):
            text += unit
        return Field((symbol if with_symbol and not own_symbol else "") + text, f.row, f.col)

    return join(target, True), join(actual, False), direction


def _grade(idx: _Index, layout: Layout, after_row: int) -> None:
    for r, c, t in idx.texts:
        if r < after_row:
            continue
        for lab in ("评价等级", "自评等级", "绩效等级", "等级"):
            if t.startswith(lab):
                rest = t[len(lab):].lstrip(":：")
                raw = str(idx.grid.value(r, c)).strip()
                if rest or t != lab or raw.endswith((":", "：")):  # "等级：优" or an empty "等级：" to fill
                    layout.grade, layout.grade_inline = Field(rest or None, r, c), True
                    m = re.match(r"\s*[^:：]*[:：]\s*", raw)
                    layout.grade_prefix = m.group(0).strip() if m else f"{lab}："
                else:
                    layout.grade = idx.right_of(r, c)
                return
    # a template's ="等级："&IF(…) not yet calculated (no cached value): the cell is the grade's place
    for (r, c), cell in sorted(idx.grid.cells.items()):
        if r >= after_row and cell.value in (None, "") and cell.formula and _GRADE_FORMULA.match(cell.formula):
            layout.grade, layout.grade_inline = Field(None, r, c), True
            layout.grade_prefix = _GRADE_FORMULA.match(cell.formula).group(1) + "："
            return


_GRADE_FORMULA = re.compile(r'\s*"(评价等级|自评等级|绩效等级|等级)[:：]"\s*&')


# --- 基础数据表 -----------------------------------------------------------------------------------

def _recognize_basic_data(idx: _Index, layout: Layout) -> None:
    quota = idx.first("staff_quota")
    actual = idx.first("staff_actual")
    rate = idx.first("control_rate")
    if quota is None or actual is None:
        raise NotAForm("基础数据表缺少“编制数”或“实际在职人数”")
    vrow = quota[0] + 1
    staff = {"quota": idx.field_in_span(vrow, idx.span(*quota)),
             "actual": idx.field_in_span(vrow, idx.span(*actual))}
    if rate:
        staff["control_rate"] = idx.field_in_span(vrow, idx.span(*rate))
    layout.extra["staff"] = staff
    # 经费控制情况：a label column and three year columns (上年决算数 / 本年预算数 / 本年决算数)
    head = idx.first("funds_control")
    rows: list[dict] = []
    if head:
        hr, hc = head
        year_cols = [(c, t) for r, c, t in idx.texts if r == hr and c > hc and t]
        label_col = hc
        r = hr
        while r < idx.grid.max_row:
            r += 1
            lab = idx.grid.value(r, label_col)
            if not isinstance(lab, str) or not norm(lab):
                continue
            t = norm(lab)
            if t.startswith(("楼堂馆所", "厉行节约", "说明", "填表人")):
                break
            rows.append({"label": t, "row": r,
                         "values": {ct: Field(idx.grid.value(r, c), r, c) for c, ct in year_cols}})
        layout.extra["funds_control"] = {"columns": [t for _, t in year_cols], "rows": rows}


# --- 监控表 ---------------------------------------------------------------------------------------

def _recognize_monitor(idx: _Index, layout: Layout) -> None:
    _header_fields(idx, layout, ("project_name", "department", "unit"), idx.grid.max_row)
    anchor = idx.first("funds_anchor")
    spent = idx.first("h1_spent")
    if spent is None:
        raise NotAForm("监控表缺少“1-6月执行数”")
    row = anchor[0] if anchor else spent[0] + 1
    funds = {}
    for f in ("budget_initial", "budget_adjust", "h1_spent", "h1_rate", "year_forecast"):
        for dr in (1, 2, 3):
            hits = idx.find(f, range(row - dr, row - dr + 1))
            if hits:
                funds[f] = idx.field_in_span(row, idx.span(*hits[0]))
                break
    layout.extra["monitor_funds"] = funds
    layout.extra["monitor_indicators"] = _monitor_grid(idx, row)


_CAUSES = {"cause_funds": "经费保障", "cause_rules": "制度保障", "cause_staff": "人员保障",
           "cause_hardware": "硬件条件保障", "cause_other": "其他"}
_NOT_TICKED = {"", "否", "无", "×", "x", "X", "-", "—", "/", "0"}
_CAN = {"是": True, "能": True, "能完成": True, "确定能": True, "可以": True, "√": True, "有可能": None,
        "否": False, "不能": False, "不能完成": False, "完全不可能": False, "×": False}


def _monitor_grid(idx: _Index, after_row: int) -> list[dict]:
    """The 监控表's indicator grid: one header row, or two where 偏差原因分析 and 全年预计能否完成 break
    into ticked (√) sub-columns (经费保障 … 其他, 原因说明; 是 / 否)."""
    head = idx.first("level1", range(after_row, idx.grid.max_row + 1))
    if head is None:
        return []
    hrow = head[0]
    rows2 = range(hrow, hrow + 2)
    cols = {}
    for f in ("level1", "level2", "level3", "monitor_type", "target", "unit_col", "h1_done", "forecast_done",
              "can_complete", "cause_note", "remark", "reason", *_CAUSES):
        hits = idx.find(f, rows2)
        if hits:
            cols[f] = idx.span(*hits[0])
    if "reason" in cols and "cause_note" not in cols and not any(k in cols for k in _CAUSES):
        cols["cause_note"] = cols["reason"]  # one 偏差原因分析 column, written out in words
    if "level3" not in cols or "target" not in cols:
        return []
    options: dict[int, bool | None] = {}  # ticked sub-columns: 是 / 否, or 确定能 / 有可能 / 完全不可能
    if "can_complete" in cols and len(cols["can_complete"]) > 1:
        found = {c: norm(idx.grid.value(hrow + 1, c)) for c in cols["can_complete"]}
        if all(t in _CAN for t in found.values()):  # every one a choice, else it is a data row
            options = {c: _CAN[t] for c, t in found.items()}
    sub_header = bool(options) or any(r == hrow + 1 for f in (*_CAUSES, "cause_note") for r, _c in idx.find(f, rows2))
    grid_cols = {"comparator": cols["monitor_type"]} if "monitor_type" in cols else {}
    if "unit_col" in cols:
        grid_cols["unit_col"] = cols["unit_col"]
    out, carry = [], {"level1": "", "level2": ""}
    for r in range(hrow + (2 if sub_header else 1), idx.grid.max_row + 1):
        first_text = next((norm(idx.value(r, c)) for c in range(1, 4) if norm(idx.value(r, c))), "")
        if first_text.startswith(("注", "填报", "说明", "填表")):
            break
        for f in ("level1", "level2"):
            if f in cols and not is_blank(idx.value(r, cols[f].start)):
                carry[f] = strip_weight(str(idx.value(r, cols[f].start)))
        name = idx.field_in_span(r, cols["level3"])
        target = idx.field_in_span(r, cols["target"])
        h1 = idx.field_in_span(r, cols["h1_done"]) if "h1_done" in cols else Field(None, r, 0)
        forecast = idx.field_in_span(r, cols["forecast_done"]) if "forecast_done" in cols else Field(None, r, 0)
        if all(is_blank(f.value) for f in (name, target, h1, forecast)):
            continue
        kind = norm(idx.value(r, cols["monitor_type"].start)) if "monitor_type" in cols else ""
        direction = None
        if grid_cols:
            _t, h1, _d = _compose(idx, r, grid_cols, target, h1)
            target, forecast, direction = _compose(idx, r, grid_cols, target, forecast)
        if options:
            ticked = [c for c in options if norm(idx.grid.value(r, c)) not in _NOT_TICKED]
            can = options[ticked[0]] if len(ticked) == 1 else None
            can_cell, both = address(r, ticked[0] if ticked else min(options)), len(ticked) > 1
        else:
            f = idx.field_in_span(r, cols["can_complete"]) if "can_complete" in cols else None
            can = _CAN.get(norm(f.value)) if f is not None else None
            can_cell, both = (f.cell if f is not None else ""), False
        causes = [lab for key, lab in _CAUSES.items() if key in cols
                  and norm(idx.field_in_span(r, cols[key]).value) not in _NOT_TICKED]
        note = idx.field_in_span(r, cols["cause_note"]) if "cause_note" in cols else None
        remark = idx.field_in_span(r, cols["remark"]) if "remark" in cols else None
        out.append({"row": r, "level1": carry["level1"], "level2": carry["level2"], "name": clean(name.value),
                    "type": kind or None, "direction": direction, "target": target, "h1": h1, "forecast": forecast,
                    "causes": causes, "cause_note": note, "remark": remark, "can_complete": can,
                    "can_complete_cell": can_cell, "both_ticked": both})
    return out


# --- 考核内容 / 分值 / 计分标准 / 自评分数 -------------------------------------------------------------

def _recognize_assessment(idx: _Index, layout: Layout) -> None:
    head = idx.first("assess_content")
    if head is None:
        _recognize_score_sheet(idx, layout)
        return
    hrow = head[0]
    cols = {}
    for f in ("assess_content", "weight", "assess_standard", "assess_self", "assess_review"):
        hits = idx.find(f, range(hrow, hrow + 1))
        if hits:
            cols[f] = idx.span(*hits[0])
    if "weight" not in cols or "assess_self" not in cols:
        raise NotAForm("考核表缺少“分值”或“自评分数”表头")
    items = []
    r = hrow
    while r < idx.grid.max_row:
        r += 1
        content = idx.field_in_span(r, cols["assess_content"])
        t = norm(content.value) if isinstance(content.value, str) else ""
        if not t or t.startswith(("注", "填报", "分管", "审核", "股室", "财政局")):
            if t:
                break
            continue
        item = {
            "row": r, "content": t,
            "weight": idx.field_in_span(r, cols["weight"]),
            "standard": idx.field_in_span(r, cols["assess_standard"]) if "assess_standard" in cols else None,
            "self": idx.field_in_span(r, cols["assess_self"]),
        }
        if matches(t, "total") or t.replace(" ", "") in ("合计", "总计"):
            layout.total = item["self"]
            layout.total_weight = item["weight"]
            break
        items.append(item)
    layout.extra["items"] = items
    _grade(idx, layout, hrow)


def _recognize_score_sheet(idx: _Index, layout: Layout) -> None:
    """The 评价指标体系 style of 整体绩效自评表: 一级/二级/三级指标 with 分值, 评分标准 and 自评得分; the 一级
    groups play the part the 一、二、 sections play in the 考核内容 form."""
    head = idx.first("level3") or idx.first("level1")
    if head is None:
        raise NotAForm("缺少“考核内容”或“一级指标/三级指标”表头")
    hrow = head[0]
    _header_fields(idx, layout, ("dept_name",), hrow)
    cols = {}
    for f in ("level1", "level2", "level3", "weight", "assess_standard", "assess_self", "score", "assess_review"):
        hits = idx.find(f, range(hrow, hrow + 1))
        if hits:
            cols[f] = idx.span(*hits[0])
    self_col = cols.get("assess_self") or cols.get("score")
    name_col = cols.get("level3") or cols.get("level2") or cols.get("level1")
    if "weight" not in cols or self_col is None:
        raise NotAForm("评分表缺少“分值”或“自评得分”表头")
    items, carry = [], {"level1": ("", None, ""), "level2": ("", None, "")}
    for r in range(hrow + 1, idx.grid.max_row + 1):
        first = next((norm(idx.value(r, c)) for c in range(1, name_col.stop) if norm(idx.value(r, c))), "")
        if first.startswith(("注", "填表", "填报", "说明", "审核")):
            break
        for f in ("level1", "level2"):
            if f in cols and not is_blank(idx.value(r, cols[f].start)):
                v = str(idx.value(r, cols[f].start))
                m = idx.merge(r, cols[f].start)
                carry[f] = (strip_weight(v), stated_weight(v), address(*(m[:2] if m else (r, cols[f].start))))
        weight, own = idx.field_in_span(r, cols["weight"]), idx.field_in_span(r, self_col)
        if matches(first, "total") or first in ("合计", "总计", "总分"):
            layout.total, layout.total_weight = own, weight
            break
        name = idx.field_in_span(r, name_col)
        if is_blank(name.value) and is_blank(weight.value):
            continue
        items.append({"row": r, "content": clean(name.value), "weight": weight, "self": own,
                      "standard": idx.field_in_span(r, cols["assess_standard"]) if "assess_standard" in cols else None,
                      "level1": carry["level1"], "level2": carry["level2"]})
    layout.extra["items"] = items
    layout.extra["style"] = "levels"
    _grade(idx, layout, hrow)
