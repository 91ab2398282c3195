"""项目支出 / 部门整体 自评表: header fields, the funds row, the indicator table, 总分 and 等级."""

from __future__ import annotations

import re

from jixiao.addin.ooxml.grid import address
from jixiao.udfs.values import standard_in_name

from ..labels import clean, heading_level, matches, norm, note_rows, part_prefixes, stated_weight
from ..model import (
    NO_GROUP,
    Field,
    Form,
    Funds,
    FundsPart,
    GroupLabel,
    Indicator,
    IndicatorTable,
    Kind,
    TotalLine,
)
from .common import DATA, LABEL, amount_unit, ends_table, find_grade, funds_cells, header_fields, row_content
from .compose import compose
from .index import Index, NotAForm, is_blank

HEADER_FIELDS = ("project_name", "department", "unit", "dept_name")
NOTE_FIELDS = ("problems", "measures", "adjust_reason")
FUNDS_FIELDS = ("budget_initial", "budget", "spent", "weight", "rate", "score")
COLUMN_FIELDS = ("level1", "level2", "level3", "target", "actual", "weight", "score", "reason", "comparator", "unit_col",
                 "coefficient", "core")


_POINTS_IN_NOTE = re.compile(r"(\d+(?:\.\d+)?)\s*分\s*[*×xX]")  # 得分（20分*执行率）


def _declared_weight(idx: Index, head_row: int, anchor: tuple[int, int], found: dict[str, Field]) -> float | None:
    """Points the funds block states outside a 分值 cell: its heading (预算执行情况（万元）（20分）) or the score
    header's own formula (得分（20分*执行率）)."""
    first_col = min([f.col for f in found.values()] + [anchor[1] or 99])
    for r in range(head_row, anchor[0] + 1):
        for c, _t in idx.row_texts(r):
            if c < first_col and (w := stated_weight(idx.grid.value(r, c))) is not None:
                return w
    for _c, t in idx.row_texts(head_row):
        if matches(t, "score") and (m := _POINTS_IN_NOTE.search(t)):
            return float(m.group(1))
    return None


_AMOUNTS = ("budget_initial", "budget", "spent")


def _figures_row(idx: Index, head: tuple[int, int], before_row: int) -> tuple[int | None, int | None]:
    """The row of figures under a funds header row, told by content (the header row's amount labels give the
    columns): (data row, None), or (None, the first blank row or None) when a label row or the table comes
    first — the export that goes from its 项目资金 header straight to 年度总体目标 has no funds row at all."""
    spans = [idx.span(r, c) for f in _AMOUNTS for r, c in idx.find(f, range(head[0], head[0] + 1))]
    blank = None
    for r in range(head[0] + 1, min(head[0] + 4, before_row)):
        content = row_content(idx, r, spans)
        if content == DATA:
            return r, None
        if content == LABEL:
            break
        blank = blank or r
    return None, blank


def funds_row(idx: Index, before_row: int) -> Funds | None:
    anchor = idx.first("funds_anchor", range(1, before_row))
    if anchor is not None and any(idx.find(f, range(anchor[0], anchor[0] + 1)) for f in ("budget", "spent")):
        anchor = None  # 年度资金总额 heads a column beside 年初预算数 …: the header row, not the funds row
    if anchor is None:
        # no 年度资金总额 row label: the amounts sit in the first row of figures under the 全年预算数 header
        head = idx.first("budget", range(1, before_row))
        if head is None:
            return None
        row, blank = _figures_row(idx, head, before_row)
        if row is None:  # a header and no figures under it: 未填写, and no cell of another row taken for it
            return Funds(unfilled=Field(None, blank or head[0], head[1]), unit=amount_unit(idx, head[0]))
        anchor, below = (row, 0), tuple(range(1, row - head[0] + 1))  # the labels of that header, no higher
    else:
        below = (1, 2, 3)
    row = anchor[0]
    found, spans, head_row = funds_cells(idx, row, FUNDS_FIELDS, anchor[1], below)
    if not {"budget", "spent"} <= found.keys():
        return None
    parts = []
    if anchor[1]:  # the 其中 rows under the total, labelled in the anchor's column
        for r in range(row + 1, min(row + 6, before_row)):
            lab = norm(idx.value(r, anchor[1]))
            if not lab or not lab.startswith(part_prefixes()):
                break
            parts.append(FundsPart(clean(idx.value(r, anchor[1])), r,
                                   *(idx.field_in_span(r, spans[f]) if f in spans else None
                                     for f in ("budget_initial", "budget", "spent"))))
    return Funds(**found, declared_weight=_declared_weight(idx, head_row, anchor, found), parts=tuple(parts),
                 unit=amount_unit(idx, anchor[0]))


def indicator_columns(idx: Index) -> tuple[int, dict[str, range]]:
    heads = idx.find("level3")
    cols: dict[str, range] = {}
    if not heads:  # no 三级指标: a 绩效指标 / 指标 column beside 年度指标值, with heading rows for the levels
        targets = {r for r, _c in idx.find("target")}
        heads = [(r, c) for r, c in idx.find("indicator_col") if r in targets]
        if not heads:
            raise NotAForm("没有找到“三级指标”表头")
        cols["level3"] = idx.span(*heads[0])
    hrow = heads[0][0]
    rest = [f for f in COLUMN_FIELDS if f not in cols]
    above = idx.columns(rest, range(hrow - 1, hrow))  # a two-row header: some labels sit on the row above
    cols |= above | idx.columns(rest, range(hrow, hrow + 1))  # the header row's own label wins
    # rows may carry no points of their own when a 得分 column does (a block's points are in its heading)
    needed = (("target", "年度指标值"), ("actual", "实际完成值"), ("weight" if "score" not in cols else "score", "分值"))
    missing = [n for f, n in needed if f not in cols]
    if missing:
        raise NotAForm("指标表缺少表头：{items}", items='、'.join(missing))
    return hrow, cols


def _points_like(v) -> bool:
    """A number, or text that reads as points (98.5, "98.5分"), not a grade or a note."""
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return True
    return isinstance(v, str) and re.fullmatch(r"\s*\d+(?:\.\d+)?\s*分?\s*", v) is not None


_ORDINAL = re.compile(r"^(?:指标\s*\d+|\d+|[（(]\d+[)）])\s*[:：.、．]?\s*")
_CN_ORDINAL = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]")
_ARABIC_ORDINAL = re.compile(r"^\d+\s*[、.．]")


def _placeholder(name: Field, values: list[Field]) -> bool:
    """A slot left from the blank form: 指标2：, ……, 指标1：/ with no values (or only "/")."""
    rest = _ORDINAL.sub("", norm(name.value)) if isinstance(name.value, str) else name.value
    return is_blank(rest) and all(is_blank(f.value) for f in values)


def _is_header_row(idx: Index, r: int, cols: dict[str, range]) -> bool:
    """A header repeated above the next block of goals (一级指标 | … | 三级指标 | 年初目标值 …)."""
    return any(matches(idx.value(r, cols[f].start), f) for f in ("level3", "target", "actual") if f in cols)


def _spans_levels(idx: Index, r: int, cols: dict[str, range]) -> bool:
    """Is the name cell of row ``r`` one text written across the level columns (a line of text, not a row of
    the table)?"""
    m = idx.merge(r, cols["level3"].start) if "level3" in cols else None
    others = [cols[f].start for f in ("level1", "level2", "target") if f in cols]
    return m is not None and m[0] == m[2] and any(m[1] <= c <= m[3] for c in others)


def _block_of(idx: Index, r: int, before_col: int) -> GroupLabel | None:
    """A block label left of the level columns that states points: 年度绩效目标1（40分）, 绩效指标（90分）."""
    for c in range(1, before_col):
        v = idx.value(r, c)
        if isinstance(v, str) and stated_weight(v) is not None:
            return idx.group_label(r, c)
    return None


def recognize_indicator_form(idx: Index, kind: Kind) -> Form:
    hrow, cols = indicator_columns(idx)
    header = header_fields(idx, HEADER_FIELDS, hrow)
    funds = funds_row(idx, hrow)
    grid = idx.grid
    carry = {"level1": NO_GROUP, "level2": NO_GROUP}
    first_col = min(r.start for r in cols.values())
    score_col = cols.get("score", cols.get("weight"))
    level_col = min(cols[f].start for f in ("level1", "level2", "level3") if f in cols)
    block = _block_of(idx, hrow, level_col) or NO_GROUP
    rows: list[tuple[int, Field, Field, Field, Field, dict]] = []
    total = total_weight = None
    goal_lines = False
    for r in range(hrow + 1, grid.max_row + 1):
        left = [norm(grid.value(r, c)) for c in range(1, score_col.start)]
        if any(matches(t, "total") for t in left if t):
            total = idx.field_in_span(r, score_col)  # under 得分, or the merged block 总分 is written in
            if not is_blank(total.value) and not _points_like(total.value):  # 总分 | 100 | 自评等级 | 优
                label = next(c for c in range(1, score_col.start) if matches(norm(grid.value(r, c)), "total"))
                beside = idx.right_of(r, label)
                total = beside if _points_like(beside.value) else total
            total_weight = idx.field_in_span(r, cols["weight"]) if "weight" in cols else None
            break
        if ends_table(left[: max(first_col, 2)], "indicator_table"):
            break
        if note_rows() and any(t.startswith(note_rows()) for t in left if t):
            continue  # a note row inside the table (云南's 其他需要说明): not an indicator
        if any(matches(t, f) for t in left if t for f in ("goal_expected", "goal_actual")):
            goal_lines = True  # 预期目标 | 实际完成情况 inside a block: the goal's own header, not an indicator
            continue
        if goal_lines and _spans_levels(idx, r, cols):
            continue  # the goal texts under it, written across the level columns
        goal_lines = False
        if _is_header_row(idx, r, cols):
            block = _block_of(idx, r, level_col) or block
            carry = {"level1": NO_GROUP, "level2": NO_GROUP}
            continue
        block = _block_of(idx, r, level_col) or block
        levels = {}
        for f in ("level1", "level2"):
            if f not in cols:
                levels[f] = carry[f]  # set by a heading row (一、产出指标), if the form has them
                continue
            c = cols[f].start
            v = idx.value(r, c)
            levels[f] = carry[f] if is_blank(v) else idx.group_label(r, c)
            carry[f] = levels[f]
        name = idx.field_in_span(r, cols["level3"]) if "level3" in cols else Field(None, r, 0)
        target = idx.field_in_span(r, cols["target"])
        actual = idx.field_in_span(r, cols["actual"])
        weight = idx.field_in_span(r, cols["weight"]) if "weight" in cols else Field(None, r, 0)
        score = idx.field_in_span(r, cols["score"]) if "score" in cols else None
        if all(is_blank(f.value) for f in (name, target, actual, weight)):
            continue
        heading = heading_level(name.value) if is_blank(target.value) and is_blank(actual.value) else None
        if heading and heading[0] not in cols:  # 一、产出指标（50分） / （一）数量指标: the rows below belong to it
            claimed = stated_weight(str(name.value))
            if claimed is None and isinstance(weight.value, (int, float)):
                claimed = float(weight.value)
            carry[heading[0]] = GroupLabel(heading[1], claimed, name.cell)
            if heading[0] == "level1":
                carry["level2"] = NO_GROUP
            continue
        if norm(name.value) in ("小计", "合计") or (is_blank(name.value) and (
                norm(idx.value(r, cols["level1"].start) if "level1" in cols else "").endswith("小计"))):
            continue  # a subtotal row is not an indicator
        if _placeholder(name, [target, actual, weight, *([score] if score else [])]):
            continue
        if "weight" in cols and is_blank(weight.value) and norm(name.value).startswith("其中"):
            continue  # a breakdown of the row above (其中桃树种植面积), without points of its own
        rows.append((r, name, target, actual, weight, {"levels": levels, "block": block, "score": score}))
    indicators = []
    for k, (r, name, target, actual, weight, extra) in enumerate(rows):
        nxt = rows[k + 1][1].value if k + 1 < len(rows) else None
        if (isinstance(name.value, str) and _CN_ORDINAL.match(norm(name.value))
                and isinstance(nxt, str) and _ARABIC_ORDINAL.match(norm(nxt))):
            continue  # 一、示范区建立 over 1、… 2、…: a heading that repeats its rows' sum
        direction, direction_cell = None, ""
        if "comparator" in cols or "unit_col" in cols:
            target, actual, direction = compose(idx, r, cols, target, actual)
            direction_cell = address(r, cols["comparator"].start) if "comparator" in cols else ""
        levels = extra["levels"]
        indicators.append(Indicator(
            row=r, level1=levels["level1"], level2=levels["level2"], name=clean(name.value),
            target=target, actual=actual, weight=weight, score_cell=extra["score"],
            reason=idx.field_in_span(r, cols["reason"]) if "reason" in cols else None,
            direction=direction, direction_cell=direction_cell, block=extra["block"],
            coefficient=idx.field_in_span(r, cols["coefficient"]) if "coefficient" in cols else None,
            core=idx.field_in_span(r, cols["core"]) if "core" in cols else None,
            named_target=standard_in_name(name.value) if is_blank(target.value) else None,
        ))
    grade = find_grade(idx, hrow)
    stated = header_fields(idx, ("stated_total",), hrow).get("stated_total")
    if stated is not None and not _points_like(stated.value):
        stated = None  # a column label (自评得分 over the funds' score), not a printed total
    notes = {}
    for key in NOTE_FIELDS:  # 存在的问题 / 整改措施 written below the table
        pos = idx.first(key, range(hrow + 1, grid.max_row + 1))
        if pos:
            notes[key] = idx.right_of(*pos)
    body = IndicatorTable(funds, tuple(indicators), TotalLine(total, total_weight, **grade, stated=stated), notes)
    return Form(kind=kind, sheet=grid.name, header=header, body=body)
