"""The kinds of form, as a registry: one :class:`Kind` entry each.

An entry names everything a kind needs — its Chinese name, its body type (which owns its cells, JSON and
writes), its recogniser, how its labels give it away, its scorer, and the modules of its checks (rules
apply to a body type; a kind's own rule modules are loaded through its entry). Functions of higher layers
are named as ``"module:function"`` and imported on first use, so this model layer never imports them:
adding a kind is one :func:`register` call and its modules, with no edit elsewhere.

Title spellings are vocabulary, not kind: they live in the label families (:mod:`jixiao.templates.families`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

from .assessment import Assessment
from .basic import BasicData
from .indicators import IndicatorTable
from .monitor import MonitorGrid
from .target import TargetTable


@dataclass(frozen=True, eq=False)
class Kind:
    id: str  # the "kind" of `score --json`
    name: str  # the Chinese name shown to people
    short: str  # and its short form (the docs' tables): 项目, 监控 …
    body: type  # the form's body: IndicatorTable, MonitorGrid, BasicData, Assessment …
    recognise: str  # "module:function" (Index, Kind) -> Form
    detect: str | None = None  # "module:function" (Index) -> bool: its labels give this kind away
    order: int = 50  # detection order: the more specific labels first
    score: str | None = None  # "module:function" (Form, Profile) -> Form; None: nothing to compute
    after: bool = False  # scored once the workbook's other forms are (its scorer also takes them)
    checks: tuple[str, ...] = ()  # modules of rules that are this kind's own (imported with the checks)
    graded: bool = True  # counted among the graded tables of a summary
    extra: dict = field(default_factory=dict, compare=False, hash=False)  # a kind's own settings

    def __str__(self) -> str:
        return self.id

    # a kind is its id: equal to its entry and to the id's text ("project"), as the JSON spells it
    def __eq__(self, other) -> bool:
        if isinstance(other, Kind):
            return other.id == self.id
        return isinstance(other, str) and other == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def title(self) -> str:
        return self.name

    def load(self, what: str) -> Callable | None:
        """The function an entry names (``recognise``, ``detect``, ``score``), imported on first use."""
        ref = getattr(self, what)
        return None if ref is None else _resolve(ref)


@cache
def _resolve(ref: str) -> Callable:
    module, _, name = ref.partition(":")
    return getattr(importlib.import_module(module), name)


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    """Add a kind (or replace the entry of the same id); returns it."""
    KINDS[kind.id] = kind
    return kind


def kind_of(kind_id: str) -> Kind:
    try:
        return KINDS[kind_id]
    except KeyError:
        raise ValueError(f"unknown kind {kind_id!r}; known: {', '.join(KINDS)}") from None


def detection_order() -> list[Kind]:
    return sorted((k for k in KINDS.values() if k.detect), key=lambda k: k.order)


_R = "jixiao.templates.recognize"
_S = "jixiao.addin.score"
_C = "jixiao.addin.checks"


class FormKind:
    """The built-in kinds, by name."""

    PROJECT = register(Kind(
        "project", "项目支出绩效自评表", "项目", IndicatorTable, f"{_R}.indicator_form:recognize_indicator_form",
        f"{_R}.kinds:is_project_form", 40, f"{_S}.indicator_form:score_indicator_form"))
    OVERALL = register(Kind(
        "overall", "部门整体支出绩效自评表", "整体", IndicatorTable, f"{_R}.indicator_form:recognize_indicator_form",
        f"{_R}.kinds:is_overall_form", 40, f"{_S}.indicator_form:score_indicator_form"))
    BASIC_DATA = register(Kind(
        "basic_data", "部门（单位）整体支出绩效评价基础数据表", "基础数据", BasicData, f"{_R}.basic_data:recognize_basic_data",
        f"{_R}.kinds:is_basic_data", 30, f"{_S}.basic_data:score_basic_data", graded=False))
    MONITOR = register(Kind(
        "monitor", "项目支出绩效运行监控表", "监控", MonitorGrid, f"{_R}.monitor:recognize_monitor",
        f"{_R}.kinds:is_monitor", 20, f"{_S}.monitor:score_monitor", graded=False))
    ASSESSMENT = register(Kind(
        "assessment", "整体绩效自评表（考核内容/计分标准）", "考核", Assessment, f"{_R}.assessment:recognize_assessment",
        f"{_R}.kinds:is_assessment", 10, f"{_S}.assessment:score_assessment", after=True))
    TARGET = register(Kind(
        "target", "项目支出绩效目标申报表", "申报", TargetTable, f"{_R}.target:recognize_target",
        f"{_R}.kinds:is_target", 35, f"{_S}.target:score_target",
        checks=(f"{_C}.target_review", f"{_C}.cycle"), graded=False))
