"""Which form a sheet holds: by its title where it has one, else by the labels it carries.

Each kind of the registry names a ``detect`` function; the ones here are the built-in kinds'. They are
asked in the registry's detection order (the more specific labels first)."""

from __future__ import annotations

from ..labels import kind_from_title
from ..model import IndicatorTable, Kind, detection_order, kind_of
from .index import Index

TITLE_ROWS = 6  # a title sits in the first rows of a form ("附件4" may come first)


def is_assessment(idx: Index) -> bool:
    if idx.first("assess_content") and (idx.first("assess_standard") or idx.first("assess_self")):
        return True
    # an 评价指标体系 score sheet: 一级/二级/三级指标, 分值, 评分标准, 自评得分 — and no 指标值
    return bool((idx.first("level3") or idx.first("level1")) and idx.first("weight") and not idx.first("target")
                and (idx.first("assess_standard") or idx.first("assess_self")))


def is_monitor(idx: Index) -> bool:
    # mid-year figures with a forecast: a 1-12月执行数 column alone is a 自评表's
    return bool((idx.first("h1_spent") or idx.first("h1_rate")) and any(
        idx.first(f) for f in ("h1_done", "forecast_done", "can_complete", "year_forecast")))


def is_basic_data(idx: Index) -> bool:
    return bool(idx.first("staff_quota") and (idx.first("three_public") or idx.first("staff_actual")))


def is_target(idx: Index) -> bool:
    """A target table: 指标值/目标值 under levels or a name, and no 实际完成值 or mid-year figures — what is
    declared before the year, not what was done in it."""
    if any(idx.first(f) for f in ("actual", "h1_spent", "h1_rate", "h1_done", "forecast_done")):
        return False
    named = any(idx.first(f) for f in ("level3", "indicator_col", "level2"))
    return bool(named and idx.first("target"))


def _indicator_form(idx: Index) -> bool:
    return bool((idx.first("level3") or idx.first("indicator_col")) and idx.first("target"))


def is_overall_form(idx: Index) -> bool:
    return _indicator_form(idx) and not idx.first("project_name") and bool(idx.first("dept_name"))


def is_project_form(idx: Index) -> bool:
    return _indicator_form(idx) and not is_overall_form(idx)


def title_kind(idx: Index) -> Kind | None:
    top = idx.texts[0][0] if idx.texts else 1  # a band of a sheet keeps its row numbers: count from its top
    for r, _c, t in idx.texts:
        if r - top >= TITLE_ROWS:
            break
        k = kind_from_title(t)
        if k:
            return kind_of(k)
    return None


def label_kind(idx: Index) -> Kind | None:
    return next((k for k in detection_order() if k.load("detect")(idx)), None)


def _indicator_kind(k: Kind | None) -> bool:
    return k is not None and k.body is IndicatorTable


def decide(idx: Index) -> Kind | None:
    """The kind the labels show; where labels and title both name an indicator form (项目 or 部门整体, whose
    labels differ little), the title's."""
    by_labels, by_title = label_kind(idx), title_kind(idx)
    if by_title is not None and by_title.id == "monitor" and any(idx.first(f) for f in ("h1_spent", "h1_rate", "h1_done")):
        return by_title  # titled 监控表 with its mid-year columns, forecast columns or not
    if _indicator_kind(by_labels) and _indicator_kind(by_title):
        return by_title
    return by_labels or by_title
