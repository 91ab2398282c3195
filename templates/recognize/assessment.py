"""整体绩效自评表 in its two shapes: 考核内容 / 分值 / 计分标准 / 自评分数 (sections 一、二、…), and the
评价指标体系 score sheet (一级/二级/三级指标, 分值, 评分标准, 自评得分), whose 一级 groups play the sections' part."""

from __future__ import annotations

from ..labels import clean, matches, norm, total_words
from ..model import NO_GROUP, Assessment, AssessmentItem, Form, Kind, TotalLine
from .common import ends_table, find_grade, header_fields
from .index import Index, NotAForm, is_blank


def recognize_assessment(idx: Index, kind: Kind) -> Form:
    head = idx.first("assess_content")
    if head is None:
        return _score_sheet(idx, kind)
    hrow = head[0]
    cols = idx.columns(("assess_content", "weight", "assess_standard", "assess_self", "assess_review"),
                       range(hrow, hrow + 1))
    if "weight" not in cols or "assess_self" not in cols:
        raise NotAForm("考核表缺少“分值”或“自评分数”表头")
    items, total, total_weight = [], None, None
    for r in range(hrow + 1, idx.grid.max_row + 1):
        content = idx.field_in_span(r, cols["assess_content"])
        t = norm(content.value) if isinstance(content.value, str) else ""
        if not t:
            continue
        if ends_table([t], "assessment_sections"):
            break
        weight, own = idx.field_in_span(r, cols["weight"]), idx.field_in_span(r, cols["assess_self"])
        if matches(t, "total") or t in total_words():
            total, total_weight = own, weight
            break
        items.append(AssessmentItem(r, t, weight, idx.field_in_span(r, cols["assess_standard"])
                                    if "assess_standard" in cols else None, own))
    body = Assessment(tuple(items), "sections", TotalLine(total, total_weight, **find_grade(idx, hrow)))
    return Form(kind=kind, sheet=idx.grid.name, body=body)


def _score_sheet(idx: Index, kind: Kind) -> Form:
    head = idx.first("level3") or idx.first("level1")
    if head is None:
        raise NotAForm("缺少“考核内容”或“一级指标/三级指标”表头")
    hrow = head[0]
    header = header_fields(idx, ("dept_name",), hrow)
    cols = idx.columns(("level1", "level2", "level3", "weight", "assess_standard", "assess_self", "score",
                        "assess_review"), range(hrow, hrow + 1))
    self_col = cols.get("assess_self") or cols.get("score")
    name_col = cols.get("level3") or cols.get("level2") or cols.get("level1")
    if "weight" not in cols or self_col is None:
        raise NotAForm("评分表缺少“分值”或“自评得分”表头")
    items, carry = [], {"level1": NO_GROUP, "level2": NO_GROUP}
    total = total_weight = None
    lead = range(1, max(min(c.start for c in cols.values()), 2) + 1)  # left of and at the table's first column
    for r in range(hrow + 1, idx.grid.max_row + 1):
        texts = [t for t in (norm(idx.value(r, c)) for c in range(1, name_col.stop)) if t]
        first = texts[0] if texts else ""  # a 合计 may sit in the name column
        note = next((t for t in (norm(idx.value(r, c)) for c in lead) if t), "")
        if ends_table([note], "assessment_levels"):  # an item may be named 填报及时性
            break
        for f in ("level1", "level2"):
            if f in cols and not is_blank(idx.value(r, cols[f].start)):
                carry[f] = idx.group_label(r, cols[f].start)
        weight, own = idx.field_in_span(r, cols["weight"]), idx.field_in_span(r, self_col)
        if matches(first, "total") or first in total_words():
            total, total_weight = own, weight
            break
        name = idx.field_in_span(r, name_col)
        if is_blank(name.value) and is_blank(weight.value):
            continue
        items.append(AssessmentItem(r, clean(name.value), weight,
                                    idx.field_in_span(r, cols["assess_standard"]) if "assess_standard" in cols else None,
                                    own, carry["level1"], carry["level2"]))
    body = Assessment(tuple(items), "levels", TotalLine(total, total_weight, **find_grade(idx, hrow)))
    return Form(kind=kind, sheet=idx.grid.name, header=header, body=body)
