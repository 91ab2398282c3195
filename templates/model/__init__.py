"""The one model every layer shares: what a form is, where each of its figures sits, and what scoring made
of them.

A :class:`Form` is its kind (a :class:`Kind` of the registry in :mod:`.kinds`), header fields and a typed
body — :class:`IndicatorTable`, :class:`MonitorGrid`, :class:`BasicData`, :class:`Assessment` … — that owns
its cells, its JSON and its writes. Recognition returns forms holding cells (:class:`Field`); scoring
returns the same forms with their figures filled (``dataclasses.replace``); the checks, recompute, the
summary, the report, the add-in and the JSON renderer only read them. ``as_json()`` gives the shapes
`jixiao score --json` prints, which other tools parse: they are a contract.
"""

from .assessment import Assessment, AssessmentItem, AssessmentRow
from .basic import BasicData, ControlRow, ThreePublic
from .cells import NO_GROUP, PERCENT, POINTS, Field, GroupLabel, Problem, Write, plain, writes
from .form import HEADER_NAMES, Form, HiddenValue, Skipped, Workbook
from .funds import Funds, FundsFigures, FundsPart
from .indicators import Indicator, IndicatorTable, TotalLine, indicator_points
from .kinds import KINDS, FormKind, Kind, detection_order, kind_of, register
from .monitor import MonitorGrid, MonitorRow
from .target import TargetIndicator, TargetTable

__all__ = [
    "HEADER_NAMES", "KINDS", "NO_GROUP", "PERCENT", "POINTS", "Assessment", "AssessmentItem", "AssessmentRow",
    "BasicData", "ControlRow", "Field", "Form", "FormKind", "Funds", "FundsFigures", "FundsPart", "GroupLabel",
    "HiddenValue", "Indicator", "IndicatorTable", "Kind", "MonitorGrid", "MonitorRow", "Problem", "Skipped",
    "TargetIndicator", "TargetTable", "ThreePublic",
    "TotalLine", "Workbook", "Write", "detection_order", "indicator_points", "kind_of", "plain", "register", "writes",
]
