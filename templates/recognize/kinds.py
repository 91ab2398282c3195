"""Which form a sheet holds: by its title where it has one, else by the labels it carries."""

from __future__ import annotations

from ..labels import kind_from_title
from ..model import FormKind
from .index import Index

TITLE_ROWS = 6  # a title sits in the first rows of a form ("附件4" may come first)


def title_kind(idx: Index) -> FormKind | None:
    top = idx.texts[0][0] if idx.texts else 1  # a band of a sheet keeps its row numbers: count from its top
    for r, _c, t in idx.texts:
        if r - top >= TITLE_ROWS:
            break
        k = kind_from_title(t)
        if k:
            return FormKind(k)
    return None


def label_kind(idx: Index) -> FormKind | None:
    if idx.first("assess_content") and (idx.first("assess_standard") or idx.first("assess_self")):
        return FormKind.ASSESSMENT
    if (idx.first("h1_spent") or idx.first("h1_rate")) and any(
            idx.first(f) for f in ("h1_done", "forecast_done", "can_complete", "year_forecast")):
        return FormKind.MONITOR  # mid-year figures with a forecast: a 1-12月执行数 column alone is a 自评表's
    if idx.first("staff_quota") and (idx.first("three_public") or idx.first("staff_actual")):
        return FormKind.BASIC_DATA
    if ((idx.first("level3") or idx.first("level1")) and idx.first("weight") and not idx.first("target")
            and (idx.first("assess_standard") or idx.first("assess_self"))):
        return FormKind.ASSESSMENT  # an 评价指标体系 score sheet: 一级/二级/三级指标, 分值, 评分标准, 自评得分
    if (idx.first("level3") or idx.first("indicator_col")) and idx.first("target"):
        if idx.first("project_name"):
            return FormKind.PROJECT
        return FormKind.OVERALL if idx.first("dept_name") else FormKind.PROJECT
    return None


def decide(idx: Index) -> FormKind | None:
    """The kind the labels show; where labels and title both name an indicator form (项目 or 部门整体, whose
    labels differ little), the title's."""
    by_labels, by_title = label_kind(idx), title_kind(idx)
    if by_title is FormKind.MONITOR and any(idx.first(f) for f in ("h1_spent", "h1_rate", "h1_done")):
        return by_title  # titled 监控表 with its mid-year columns, forecast columns or not
    if by_labels is not None and by_labels.has_indicators and by_title is not None and by_title.has_indicators:
        return by_title
    return by_labels or by_title
