"""绩效目标申报表: header fields (项目编码 kept as text), the amounts and their unit, 政策依据 / 测算依据 / goals,
and the target table.

The table's header row holds one group of columns (一级 / 二级 / 三级 / 指标值 / 指标解释 / 分值 …) or several
side by side (中期 beside 年度): a new group starts at the first level or name label after a group's 指标值.
Which group is the year's is told by the goal label above it (中期目标 / 年度目标), else the rightmost is. A
second header row may split 指标值 by period (总体 / 第一年度 / 第二年度): the year's column is the first
that is not the whole period. Everything is found by labels; a layout is a label table, not a branch here.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import pairwise

from jixiao.addin.ooxml.grid import address

from ..labels import clean, fields_of, heading_level, matches, norm
from ..model import NO_GROUP, Field, Form, GroupLabel, Kind, TargetIndicator, TargetTable
from .common import amount_unit, ends_table, header_fields
from .compose import compose
from .index import Index, NotAForm, is_blank
from .indicator_form import _placeholder

HEADER = ("project_code", "project_name", "department", "unit", "applicant", "period")
AMOUNTS = ("total_amount", "year_amount", "mid_amount")
GOALS = ("year_goal", "mid_goal")
NAME_FIELDS = ("level3", "indicator_col")
GROUP_FIELDS = ("level1", "level2", "level3", "indicator_col", "target", "explanation", "weight", "core",
                "comparator", "unit_col")
_STARTS_GROUP = frozenset(("level1", "level2", "level3", "indicator_col"))
_NOT_APPLICABLE = frozenset(("不适用", "不涉及", "无", "暂无", "无此项", "/"))
_TARGET_NA = frozenset(("不适用", "不涉及", "无此项"))
# a template's fields, not a department's text: jxls / EL placeholders, an export loop's t.field
_TEMPLATE = re.compile(r"\{\{|\}\}|\$\{|^t\.[A-Za-z_]")
# a goal box still holding the form's own prompt: 目标1 目标2 目标3 …
_GOAL_PROMPT = re.compile(r"^(?:目标\d+[，,;；、]?)+(?:…+|\.{3,})?$")
# the second header row's period words under 指标值, and the columns of the whole period among them
_PERIOD = re.compile(r"^(?:第[一二三四五六七八九十]个?年度|总体|中期|实施期|年度|本年度|当年|\d{4}年度?)$")
_WHOLE = re.compile(r"^(?:总体|中期|实施期)$")


def is_template_text(v) -> bool:
    return isinstance(v, str) and bool(_TEMPLATE.search(v.strip()))


def _is_label_text(v) -> bool:
    return isinstance(v, str) and bool(fields_of(norm(v)))


def _header_row(idx: Index) -> int:
    for r in sorted({r for r, _c in idx.find("target")}):
        if any(idx.find(f, range(r, r + 1)) for f in (*NAME_FIELDS, "level2")):
            return r
    raise NotAForm("没有找到目标表的表头（三级指标、指标值）")


def _groups(idx: Index, hrow: int) -> list[dict[str, range]]:
    """The column groups of the header row, left to right."""
    row = idx.row_texts(hrow)
    targets = sorted(c for _r, c in idx.find("target", range(hrow, hrow + 1)))
    starts = [1]
    for t in targets[:-1]:
        nxt = min((c for c, txt in row if c > t and fields_of(txt) & _STARTS_GROUP), default=None)
        if nxt is None:
            break
        starts.append(nxt)
    groups = []
    for a, b in pairwise([*starts, idx.grid.max_col + 1]):
        cols: dict[str, range] = {}
        for c, txt in row:
            if a <= c < b:
                for f in GROUP_FIELDS:
                    if f not in cols and matches(txt, f):
                        cols[f] = idx.span(hrow, c)
        if "target" in cols:
            groups.append(cols)
    return groups


def _name_col(cols: dict[str, range]) -> tuple[range, bool]:
    """The name column, and whether the 二级 column doubles as the name (a list of 一级/二级 only)."""
    for f in NAME_FIELDS:
        if f in cols:
            return cols[f], False
    return cols["level2"], True


def _goal_side(idx: Index, hrow: int, cols: dict[str, range]) -> str | None:
    """'mid' or 'year' when a goal label above the group's columns says so (中期目标 over B:E)."""
    c = min(r.start for r in cols.values())
    for r in range(max(1, hrow - 3), hrow):
        for cc, t in idx.row_texts(r):
            if c in idx.span(r, cc):
                if matches(t, "mid_goal"):
                    return "mid"
                if matches(t, "year_goal"):
                    return "year"
    return None


def _periods(idx: Index, hrow: int, target: range) -> list[tuple[str, range]]:
    """(period word, its columns) of a second header row splitting 指标值 (总体 / 第一年度 / 第二年度)."""
    out = []
    r = hrow + 1
    for c, t in idx.row_texts(r):
        if c in target and _PERIOD.match(t):
            out.append((clean(idx.value(r, c)), idx.span(r, c)))
    return out


def _in_header(idx: Index, r: int, hrow: int, col: int) -> bool:
    """A row whose name cell still belongs to the header (merged down from it) or holds the period words."""
    return idx.top_left(r, col)[0] <= hrow or (any(_PERIOD.match(t) for _c, t in idx.row_texts(r)) and \
        is_blank(idx.value(r, col)))


def _code(f: Field) -> tuple[Field, float | None]:
    """项目编码 as text; a code stored as a number comes back as its digits, and the number is kept (a number
    of more than 15 digits has lost the rest)."""
    v = f.value
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return (Field(clean(v), f.row, f.col) if isinstance(v, str) else f), None
    digits = format(Decimal(repr(float(v))) if isinstance(v, float) else Decimal(v), "f").split(".")[0]
    return Field(digits, f.row, f.col), float(v)


def _text_field(idx: Index, pos: tuple[int, int], below: bool) -> Field:
    """The text a goal or basis label heads: beside it, or under it where labels stand side by side (中期目标 |
    年度目标 over their boxes); a sub-label (第一个年度) in between is stepped over; a label is no value."""
    r, c = pos
    if below:
        m = idx.merge(r, c)
        rr = (m[2] if m else r) + 1
        f = idx.field_in_span(rr, idx.span(r, c))
        if isinstance(f.value, str) and _PERIOD.match(norm(f.value).replace("个", "")):
            m = idx.merge(rr, f.col)
            f = idx.field_in_span((m[2] if m else rr) + 1, idx.span(r, c))
    else:
        f = idx.right_of(r, c)
    if _is_label_text(f.value):
        return Field(None, r, c + 1)
    if isinstance(f.value, str) and (is_template_text(f.value) or _GOAL_PROMPT.match(norm(f.value))):
        return Field(None, f.row, f.col)  # the form's prompt or a template's field: nothing written yet
    return f


def _texts(idx: Index, hrow: int) -> dict[str, Field]:
    before = range(1, hrow)
    out = {}
    goal_rows = {r for g in GOALS for r, _c in idx.find(g, before)}
    for key in ("policy_basis", "calc_basis", *GOALS):
        pos = idx.first(key, before)
        if pos:
            out[key] = _text_field(idx, pos, below=key in GOALS and len(
                [1 for g in GOALS for r, _c in idx.find(g, before) if r == pos[0]]) > 1)
    if "year_goal" not in out and (pos := idx.first("overall_goal", before)):
        f = _text_field(idx, pos, below=False)
        if f.value is not None or not goal_rows:
            out["year_goal"] = f  # a one-year project's 总体目标 is its year's goal
    return out


def _amounts(idx: Index, hrow: int) -> dict[str, Field]:
    out = {}
    for key in AMOUNTS:
        pos = idx.first(key, range(1, hrow))
        if pos:
            f = idx.right_of(*pos)
            out[key] = Field(None, f.row, f.col) if _is_label_text(f.value) else f
    return out


def recognize_target(idx: Index, kind: Kind) -> Form:
    hrow = _header_row(idx)
    groups = _groups(idx, hrow)
    if not groups:
        raise NotAForm("没有找到目标表的表头（三级指标、指标值）")
    sides = [_goal_side(idx, hrow, g) for g in groups]
    year_at = next((i for i, s in enumerate(sides) if s == "year"), len(groups) - 1)
    tables = [_Table(idx, hrow, g) for g in groups]
    year = tables[year_at]
    mid = [t for i, t in enumerate(tables) if i != year_at]
    start = max(t.start for t in tables)
    placeholders, na = [], []
    first_col = min(min(r.start for r in g.values()) for g in groups)
    for r in range(start, idx.grid.max_row + 1):
        left = [norm(idx.value(r, c)) for c in range(1, first_col + 2)]
        if ends_table(left, "target_table") or any(matches(t, "total") for t in left if t):
            break
        if any(is_template_text(idx.grid.value(r, c)) for c in range(1, idx.grid.max_col + 1)):
            placeholders.append(r)
            continue
        for t in tables:
            if (levels := t.read(r)) is not None:
                na.append((r, levels["level1"].name + levels["level2"].name))
    header = header_fields(idx, HEADER, hrow - 1)
    if "unit" not in header and "applicant" in header:
        header["unit"] = header["applicant"]
    header.pop("applicant", None)
    code_number = None
    if "project_code" in header:
        header["project_code"], code_number = _code(header["project_code"])
    indicators = year.indicators()
    mids = [i for t in mid for i in t.indicators()]
    if year.whole is not None:  # one 指标值 split by period: the whole period's column is the 中期 target
        mids += year.indicators(year.whole)
    body = TargetTable(
        amounts=_amounts(idx, hrow), unit=amount_unit(idx, hrow), texts=_texts(idx, hrow),
        indicators=tuple(indicators), mid_indicators=tuple(mids), header_row=hrow,
        table_cell=address(min(year.start, idx.grid.max_row + 1), year.target.start),
        not_applicable=tuple(sorted({r for r, _l in na})), not_applicable_levels=tuple(lv for _r, lv in na),
        placeholder_rows=tuple(placeholders), code_as_number=code_number)
    return Form(kind=kind, sheet=idx.grid.name, header=header, body=body)


class _Table:
    """One column group of the target table, read row by row."""

    def __init__(self, idx: Index, hrow: int, cols: dict[str, range]):
        self.idx, self.cols = idx, cols
        self.name, self.name_is_level2 = _name_col(cols)
        periods = _periods(idx, hrow, cols["target"])
        self.target = cols["target"]
        self.whole: range | None = None
        self.others: list[tuple[str, range]] = []
        if periods:
            year = next((p for p in periods if not _WHOLE.match(norm(p[0]))), periods[0])
            self.target = year[1]
            self.whole = next((span for label, span in periods if _WHOLE.match(norm(label))), None)
            self.others = [p for p in periods if p is not year and p[1] != self.whole]
        start = hrow + 1
        while start <= idx.grid.max_row and _in_header(idx, start, hrow, self.name.start):
            start += 1
        self.start = start
        self.carry = {"level1": NO_GROUP, "level2": NO_GROUP}
        self.rows: list[tuple[int, dict]] = []

    def _field(self, r: int, key: str) -> Field | None:
        return self.idx.field_in_span(r, self.cols[key]) if key in self.cols else None

    def read(self, r: int) -> dict[str, GroupLabel] | None:
        """Read row r into this group; the row's levels when it is marked 不适用 / 无, else None."""
        idx = self.idx
        name = idx.field_in_span(r, self.name)
        target = idx.field_in_span(r, self.target)
        expl, weight = self._field(r, "explanation"), self._field(r, "weight")
        values = [f for f in (target, expl, weight) if f is not None]
        if is_blank(name.value) and all(is_blank(f.value) for f in values):
            self._levels(r)  # a merged 一级/二级 block may start on an empty slot
            return None
        if norm(name.value) in _NOT_APPLICABLE or norm(target.value) in _TARGET_NA:
            return self._levels(r)
        if _placeholder(name, values):
            return None
        heading = heading_level(name.value) if all(is_blank(f.value) for f in values) else None
        if heading and heading[0] not in self.cols and not self.name_is_level2:  # 一、产出指标 as a row
            self.carry[heading[0]] = GroupLabel(heading[1], None, name.cell)
            if heading[0] == "level1":
                self.carry["level2"] = NO_GROUP
            return None
        if norm(name.value) in ("小计", "合计"):
            return None
        levels = self._levels(r)
        self.rows.append((r, {"levels": levels, "name": name, "target": target, "explanation": expl,
                              "weight": weight, "core": self._field(r, "core")}))
        return None

    def _levels(self, r: int) -> dict[str, GroupLabel]:
        levels = {}
        for f in ("level1", "level2"):
            if f not in self.cols or (f == "level2" and self.name_is_level2):
                levels[f] = self.carry[f]
                continue
            c = self.cols[f].start
            v = self.idx.value(r, c)
            levels[f] = self.carry[f] if is_blank(v) else self.idx.group_label(r, c)
            self.carry[f] = levels[f]
        return levels

    def indicators(self, column: range | None = None) -> list[TargetIndicator]:
        """The group's indicators (under ``column``: another period's targets of the same rows). Rows naming an
        indicator with nothing else are the form's prescribed slots while no row holds a target; once one
        does, they are indicators whose 指标值 is missing."""
        idx = self.idx
        filled = any(not is_blank(x["target"].value) or (x["explanation"] is not None
                     and not is_blank(x["explanation"].value)) for _r, x in self.rows)
        out = []
        for r, x in self.rows:
            target = x["target"] if column is None else idx.field_in_span(r, column)
            if not filled:
                continue
            direction = None
            if "comparator" in self.cols or "unit_col" in self.cols:
                target, _actual, direction = compose(idx, r, self.cols, target, Field(None, r, 0))
            others = tuple((label, idx.field_in_span(r, span)) for label, span in self.others) if column is None else ()
            out.append(TargetIndicator(
                row=r, level1=x["levels"]["level1"], level2=x["levels"]["level2"], name=clean(x["name"].value),
                name_cell=x["name"].cell, target=target, explanation=x["explanation"], weight=x["weight"],
                core=x["core"], direction=direction, others=others))
        return out
