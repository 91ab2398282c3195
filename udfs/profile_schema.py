"""The profile file format: what a key is (:class:`Key`), the converters that check values, and how a Profile
field declares its keys (:func:`setting`; :func:`collect` gathers them into the schema). The fields
themselves, each declared once with its keys, are in :mod:`.profile_model`."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

RATE_METHODS = ("proportional", "threshold", "tiers")
RATE_ARITHMETIC = ("fraction_times_weight", "percent_divided")
ZERO_BUDGET = ("error", "zero", "full_if_unspent")
INDICATOR_METHODS = ("proportional", "threshold", "within_limit", "relative_excess", "range", "equal")
DIRECTIONS = ("positive", "reverse", "equal", "cost", "range")
EMPTY_TARGET = ("error", "zero")
WEIGHT_BASIS = ("actual", "set")
MONITOR_VERSIONS = ("v2", "v1")
LIGHTS = ("red", "yellow", "green", "blue")  # worst first, as M7 ranks them
LIGHT_TEXT = {"red": "红", "yellow": "黄", "green": "绿", "blue": "蓝"}
TIERS = ("达成", "部分达成", "未达成")  # the values' MET / PARTIAL / UNMET


@dataclass(frozen=True)
class Key:
    """One key a profile file may hold."""

    table: str  # "" for top level, "rate", "checks"… ; "grades[]"/"rate.tiers[]" for array entries
    key: str
    attr: str  # the Profile field it sets
    convert: Callable  # raw TOML value → field value (raises ValueError/TypeError)
    label: str  # Chinese, for the docs
    rules: tuple[str, ...] = ()  # reference rules it implements

    @property
    def path(self) -> str:
        return f"{self.table}.{self.key}" if self.table else self.key


def _str(v) -> str:
    if not isinstance(v, str):
        raise TypeError(f"应为文字，却是 {v!r}")
    return v


def _choice(*allowed: str) -> Callable:
    def conv(v):
        if _str(v) not in allowed:
            raise ValueError(f"“{v}”未定义，可选 {'、'.join(allowed)}")
        return v
    return conv


def _num(v) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise TypeError(f"应为数字，却是 {v!r}")
    return float(v)


def _opt_num(v) -> float | None:
    """A number, or false for “none” (TOML has no null)."""
    return None if v is False else _num(v)


def _int(v) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError(f"应为整数，却是 {v!r}")
    return v


def _opt_int(v) -> int | None:
    return None if v is False or v == "none" else _int(v)


def _bool(v) -> bool:
    if not isinstance(v, bool):
        raise TypeError(f"应为 true 或 false，却是 {v!r}")
    return v


def _str_list(v) -> tuple[str, ...]:
    if not isinstance(v, list):
        raise TypeError(f"应为文字列表，却是 {v!r}")
    return tuple(_str(x) for x in v)


def _codes(v) -> tuple[str, ...]:
    out = _str_list(v)
    for x in out:
        if not (len(x) == 5 and x.startswith("JX") and x[2:].isdigit()):
            raise ValueError(f"“{x}”不是规则代码（如 JX109）")
    return out


def _lights(v) -> tuple[str, ...]:
    out = _str_list(v)
    for x in out:
        _choice(*LIGHTS)(x)
    return out


def _band(v) -> tuple[float, float]:
    if not isinstance(v, list) or len(v) != 2:
        raise TypeError(f"应为 [下限, 上限]，却是 {v!r}")
    return (_num(v[0]), _num(v[1]))


def K(table: str, key: str, convert: Callable | None, label: str, rules: tuple[str, ...] = ()) -> Key:
    """A key of a field's declaration (the field it sets is filled in when the schema is collected)."""
    return Key(table, key, "", convert, label, rules)


def setting(*keys: Key, default=dataclasses.MISSING, factory=dataclasses.MISSING):
    """A Profile field and the key(s) of a rule file that set it: the one place a switch is declared."""
    return dataclasses.field(default=default, default_factory=factory, metadata={"keys": keys})


def collect(*classes) -> tuple[Key, ...]:
    """Every key declared on the fields of ``classes``, each knowing the field it sets."""
    return tuple(dataclasses.replace(k, attr=f.name) for cls in classes for f in dataclasses.fields(cls)
                 for k in f.metadata.get("keys", ()))
