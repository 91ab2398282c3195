"""What the recognisers share: header fields above a table, the amounts' unit, the funds cells under their
labels, the grade's cell, and where a table ends (the vocabulary's words, not each recogniser's own)."""

from __future__ import annotations

import re

from jixiao.udfs.values import is_blank

from ..labels import end_words, fields_of, inline_value, part_prefixes
from ..model import Field
from .index import Index, max_label


def header_fields(idx: Index, names: tuple[str, ...], before_row: int) -> dict[str, Field]:
    out: dict[str, Field] = {}
    for f in names:
        pos = idx.first(f, range(1, before_row + 1))
        if pos:
            out[f] = idx.right_of(*pos)
            continue
        for r, c, _t in idx.texts:  # "项目名称：……" typed into one cell
            if r > before_row:
                break
            v = inline_value(idx.grid.value(r, c), f)
            if v:
                out[f] = Field(v, r, c)
                break
    return out


_UNIT_NOTE = re.compile(r"[(（]\s*(万元|元)\s*[)）]")
_UNIT_LINE = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元)")


def amount_unit(idx: Index, upto_row: int) -> str:
    """The unit the form's amounts are in: a funds label's note (项目资金（元）, 预算执行情况（万元）) or a line
    above the table (金额单位：元); 万元 where it says nothing."""
    for r, _c, t in idx.texts:
        if r > upto_row:
            break
        if m := _UNIT_LINE.search(t):
            return m.group(1)
        if (m := _UNIT_NOTE.search(t)) and any(w in t for w in ("资金", "预算", "金额", "执行")):
            return m.group(1)
    return "万元"


def funds_cells(idx: Index, row: int, fields, anchor_col: int = 0, below: tuple[int, ...] = (1, 2, 3)
                ) -> tuple[dict[str, Field], dict[str, range], int]:
    """The funds figures of ``row`` under their labels: for each field, the nearest header row above (1–3 rows)
    naming it. Returns (field → cell, field → columns, the top header row used). A 得分 label left of the
    anchor (the 年度资金总额 label) is not the funds' score."""
    found: dict[str, Field] = {}
    spans: dict[str, range] = {}
    head_row = row - 1
    for f in fields:
        for dr in below:
            hits = [p for p in idx.find(f, range(row - dr, row - dr + 1)) if p[1] > anchor_col or f != "score"]
            if hits:
                spans[f] = idx.span(*hits[0])
                found[f] = idx.field_in_span(row, spans[f])
                head_row = min(head_row, row - dr)
                break
    return found, spans, head_row


LABEL, BLANK, DATA = "label", "blank", "data"


def row_content(idx: Index, r: int, spans, own: tuple[str, ...] = ("funds_anchor",)) -> str:
    """What a row under a header holds, told by content and never by its position: ``LABEL`` when a cell of
    it is another label of the vocabulary (年度总体目标 | 预期目标 | 实际完成情况 under a funds header), ``DATA``
    when a cell under one of ``spans`` holds anything (a number as the cell holds it, a text-stored '190.00',
    '12.3万元', or text a check will call unreadable), else ``BLANK``. ``own``: fields whose labels belong in
    the row itself (the 年度资金总额 or 其中 label of a funds row)."""
    for _c, t in idx.row_texts(r):
        if len(t) <= max_label() and (fields_of(t) - set(own)) and not t.startswith(part_prefixes()):
            return LABEL
    for span in spans:
        if not is_blank(idx.field_in_span(r, span).value):
            return DATA
    return BLANK


def ends_table(texts, table: str) -> bool:
    """Does a row whose leading texts are ``texts`` end the table (填表人, 注 …)?"""
    words = end_words(table)
    return any(t.startswith(words) for t in texts if t)


_GRADE_LABELS = ("评价等级", "自评等级", "绩效等级", "等级")
_GRADE_FORMULA = re.compile(r'\s*"(评价等级|自评等级|绩效等级|等级)[:：]"\s*&')


def find_grade(idx: Index, after_row: int) -> dict:
    """The grade's cell: "等级：优" (or an empty "等级：" to fill) in one cell, or the value beside 等级."""
    for r, c, t in idx.texts:
        if r < after_row:
            continue
        for lab in _GRADE_LABELS:
            # the label itself, "等级：优" or "等级(优/良/中/差)": never a name that only starts so (等级公路里程)
            if t == lab or t.startswith((lab + ":", lab + "(")):
                rest = t[len(lab):].lstrip(":：")
                raw = str(idx.grid.value(r, c)).strip()
                if rest or t != lab or raw.endswith((":", "：")):
                    m = re.match(r"\s*[^:：]*[:：]\s*", raw)
                    return {"grade": Field(rest or None, r, c), "grade_inline": True,
                            "grade_prefix": m.group(0).strip() if m else f"{lab}："}
                return {"grade": idx.right_of(r, c)}
    # a template's ="等级："&IF(…) not yet calculated (no cached value): the cell is the grade's place
    for (r, c), cell in sorted(idx.grid.cells.items()):
        if r >= after_row and cell.value in (None, "") and cell.formula and _GRADE_FORMULA.match(cell.formula):
            return {"grade": Field(None, r, c), "grade_inline": True,
                    "grade_prefix": _GRADE_FORMULA.match(cell.formula).group(1) + "："}
    return {}
