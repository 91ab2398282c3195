"""整体绩效自评表: sections (一、二、…) or 一级 groups total their items; the 项目评价 share of the 考核内容
form (所有项目平均得分 × 80%) comes from the average of the workbook's project forms."""

from __future__ import annotations

from dataclasses import replace

from jixiao.templates.labels import SECTION_MARKS, average_share
from jixiao.templates.model import Assessment, AssessmentRow, Form, TotalLine
from jixiao.udfs import Profile, scoring

from .readers import Problems


def _totals(body: Assessment, p: Profile, rows: list[AssessmentRow]) -> TotalLine:
    top = [r.score for r in rows if r.group or not r.level1]
    total = grade = None
    if top and None not in top:
        total = scoring.total(top, p)
        grade = scoring.grade(total, p)
    return replace(body.totals, total_value=total, grade_value=grade)


def _sections(body: Assessment, p: Profile, average: float | None, probs: Problems) -> list[AssessmentRow]:
    sections: list[tuple[AssessmentRow, list[AssessmentRow]]] = []
    for it in body.items:
        weight = probs.weight(it.weight)
        stated = probs.points(it.self_score, "自评分数")
        std = it.standard.value if it.standard else None
        share = average_share(std)
        score = round(average * share, 2) if share is not None and average is not None else stated
        row = AssessmentRow(it.self_score.cell, "", "", it.content, std, weight, score, stated)
        if it.content.startswith(SECTION_MARKS) or not sections:
            sections.append((replace(row, group=it.content.startswith(SECTION_MARKS)), []))
        else:
            sections[-1][1].append(replace(row, level1=sections[-1][0].name))
    rows: list[AssessmentRow] = []
    for head, items in sections:
        if items and all(i.score is not None for i in items):
            head = replace(head, score=scoring.total([i.score for i in items], p))
        rows.append(head)
        rows.extend(items)
    return rows


def _levels(body: Assessment, p: Profile, probs: Problems) -> list[AssessmentRow]:
    """Each 一级指标 totals the 自评得分 of its rows; a group row carries what its label claims (投入(20分))
    and what its rows are worth."""
    groups: dict[str, tuple[AssessmentRow, list[AssessmentRow]]] = {}
    order: list[str | AssessmentRow] = []
    for it in body.items:
        weight = probs.weight(it.weight)
        stated = probs.points(it.self_score, "自评得分")
        l1 = it.level1
        row = AssessmentRow(it.self_score.cell, l1.name, it.level2.name, it.content,
                            it.standard.value if it.standard else None, weight, stated, stated)
        if not l1.name:
            order.append(row)
            continue
        if l1.name not in groups:
            groups[l1.name] = (AssessmentRow(None, "", "", l1.name, None, l1.claimed, None, None,
                                             label_cell=l1.cell, group=True), [])
            order.append(l1.name)
        groups[l1.name][1].append(row)
    rows: list[AssessmentRow] = []
    for entry in order:
        if isinstance(entry, AssessmentRow):
            rows.append(entry)
            continue
        head, items = groups[entry]
        worth = [i.weight for i in items]
        items_weight = scoring.total(worth, p) if None not in worth else None
        score = scoring.total([i.score for i in items], p) if all(i.score is not None for i in items) else None
        rows.append(replace(head, items_weight=items_weight, weight=head.weight if head.weight is not None
                            else items_weight, score=score))
        rows.extend(items)
    return rows


def project_average(forms) -> float | None:
    """The average 总分 of the workbook's project forms (what 所有项目平均得分 refers to)."""
    totals = [f.total_value for f in forms if f.kind.id == "project" and f.total_value is not None]
    return sum(totals) / len(totals) if totals else None


def score_assessment(form: Form, p: Profile, others=()) -> Form:
    probs = Problems()
    body: Assessment = form.body
    average = None
    if body.style == "levels":
        rows = _levels(body, p, probs)
    else:
        average = project_average(others)
        rows = _sections(body, p, average, probs)
    body = replace(body, rows=tuple(rows), project_average=average, totals=_totals(body, p, rows))
    return replace(form, body=body, profile=p, problems=tuple(probs))
