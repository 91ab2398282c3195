"""The JX_ worksheet functions as plain Python, and the registry that describes them.

Each function takes what Excel passes (floats, None, text, dates, 2-D lists for ranges) and returns
a number, a text or a short Chinese error text starting with "错误：" — never a traceback. The
registry (:data:`REGISTRY`) holds the Chinese description and argument help; the xlwings wrappers
in :mod:`jixiao.udfs.xl` and the add-in's VBA generator read it, so the metadata is tested here on
Linux where xlwings' decorators are no-ops.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from . import scoring
from .errors import JixiaoError

CATEGORY = "绩效自评"
ERROR_PREFIX = "错误："


@dataclass(frozen=True)
class Arg:
    name: str  # Python / VBA name (ASCII: VBA source is single-byte)
    label: str  # Chinese label shown in Excel's function wizard
    help: str
    optional: bool = False


@dataclass(frozen=True)
class Udf:
    name: str
    func: Callable
    description: str
    args: tuple[Arg, ...]
    varargs: bool = False
    category: str = CATEGORY


REGISTRY: dict[str, Udf] = {}


def _scalar(v):
    """A one-cell range arrives as [[x]] or [x]; anything larger is a mistake for a scalar argument."""
    while isinstance(v, (list, tuple)):
        if len(v) != 1:
            raise JixiaoError("此参数应选择单个单元格")
        v = v[0]
    if isinstance(v, str) and v.startswith(ERROR_PREFIX):
        raise JixiaoError("引用的单元格本身有错误")
    return v


def _flatten(v):
    if isinstance(v, (list, tuple)):
        for x in v:
            yield from _flatten(x)
    else:
        yield v


def udf(name: str, description: str, *args: Arg, varargs: bool = False):
    """Register a worksheet function; wrap it so errors come back as short Chinese text."""

    def deco(fn):

        @functools.wraps(fn)
        def safe(*a, **k):
            try:
                return fn(*a, **k)
            except JixiaoError as e:
                return ERROR_PREFIX + str(e)
            except Exception as e:  # never a traceback in a cell
                return f"{ERROR_PREFIX}内部错误（{type(e).__name__}），请联系维护人员"

        REGISTRY[name] = Udf(name, safe, description, tuple(args), varargs)
        return safe

    return deco


_PROFILE = Arg("profile", "规则", "计分规则：national（全国通用）或 xinjiang（新疆）等；省略时用工作簿保存的规则", True)


@udf(
    "JX_RATE", "执行率 = 全年执行数 ÷ 全年预算数（按规则取两位小数的百分数）",
    Arg("spent", "执行数", "全年执行数（万元）"),
    Arg("budget", "预算数", "全年预算数（万元）"),
    _PROFILE,
)
def jx_rate(spent, budget, profile=None):
    return scoring.rate(_scalar(spent), _scalar(budget), _scalar(profile))


@udf(
    "JX_RATE_SCORE", "执行率得分：按规则由执行率和分值计算，不超过分值",
    Arg("rate", "执行率", "执行率，如 99.38% 或 0.9938"),
    Arg("weight", "分值", "执行率的分值，通常为 10"),
    _PROFILE,
)
def jx_rate_score(rate, weight, profile=None):
    return scoring.rate_score(_scalar(rate), _scalar(weight), _scalar(profile))


@udf(
    "JX_COMPLETION", "指标完成率 = 实际完成值 ÷ 年度指标值；定性或日期指标返回空",
    Arg("target", "年度指标值", "年度指标值，如 ≥90%、=3 次、≤44.80万元"),
    Arg("actual", "实际完成值", "实际完成值，如 99.38%、=3 次"),
)
def jx_completion(target, actual):
    c = scoring.completion(_scalar(target), _scalar(actual))
    return "" if c is None else c


@udf(
    "JX_SCORE", "指标得分：按规则由年度指标值、实际完成值和分值计算",
    Arg("target", "年度指标值", "年度指标值，如 ≥90%、=3 次、≤44.80万元、2023年12月10日前、显著加强"),
    Arg("actual", "实际完成值", "实际完成值"),
    Arg("weight", "分值", "该三级指标的分值"),
    _PROFILE,
    Arg("direction", "指标方向", "可省略：正向、反向、等于 或 成本；省略时由比较符判断", True),
)
def jx_score(target, actual, weight, profile=None, direction=None):
    r = scoring.score_indicator(_scalar(target), _scalar(actual), _scalar(weight), _scalar(profile),
                                _scalar(direction))
    return r.score


@udf(
    "JX_TOTAL", "总分：各得分之和（忽略空单元格，得分区域中有错误时返回错误）",
    Arg("scores", "得分区域", "一个或多个得分单元格或区域"),
    varargs=True,
)
def jx_total(*scores):
    cells = list(_flatten(scores))
    for c in cells:
        if isinstance(c, str) and c.startswith(ERROR_PREFIX):
            raise JixiaoError("得分区域中有错误值，请先更正")
    return scoring.total(c for c in cells if c not in (None, ""))


@udf(
    "JX_GRADE", "等级：按规则的分数线（默认 优≥90、良≥80、中≥60、差<60）",
    Arg("total", "总分", "总分"),
    _PROFILE,
)
def jx_grade(total, profile=None):
    return scoring.grade(_scalar(total), _scalar(profile))
