"""Rule profiles: how a region and year score 执行率, indicators, dates, totals and grades.

Each profile is one TOML file in ``profiles/`` read into a frozen :class:`Profile`. Scoring code
never branches on a profile's id: it reads the profile's fields (method names, floors, rounding,
thresholds). A regional variant is a new file, or ``derive()`` of an existing profile in tests.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .errors import ProfileError
from .rounding import MODES

DEFAULT_PROFILE = "national"

RATE_METHODS = ("proportional", "threshold")
INDICATOR_METHODS = ("proportional", "threshold", "within_limit", "relative_excess", "range")
DIRECTIONS = ("positive", "reverse", "equal", "cost", "range")


@dataclass(frozen=True)
class Grade:
    grade: str
    min: float


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    document: str
    aliases: tuple[str, ...] = ()
    # 执行率
    rate_method: str = "proportional"
    rate_floor: float = 0.0
    rate_percent_digits: int | None = 2
    # 定量指标：方向 → 方法
    methods: tuple[tuple[str, str], ...] = (
        ("positive", "proportional"), ("reverse", "within_limit"), ("equal", "proportional"),
        ("cost", "within_limit"), ("range", "range"),
    )
    indicator_floor: float = 0.6
    completion_percent_digits: int | None = None
    reverse_zero_at: float = 2.0  # relative_excess: 0 points once 完成值 ≥ 2 × 指标值
    # 定性与时效
    qualitative_met: float = 1.0
    qualitative_partial: float = 0.6
    qualitative_unmet: float = 0.0
    qualitative_unknown: str = "met"
    date_late: float = 0.0
    # 取整
    digits: int = 2
    rounding: str = "half_up_decimal"
    grades: tuple[Grade, ...] = field(
        default_factory=lambda: (Grade("优", 90), Grade("良", 80), Grade("中", 60), Grade("差", 0))
    )
    # 校验用的开关（各省财政系统的差异）
    weight_total: float = 100
    rate_weight: float = 10
    over_achievement_reason_above: float | None = None  # 如 1.2；广西 1.3
    low_rate_reason_below: float | None = None  # 如四川 0.9：执行率低于此须说明原因
    expects_satisfaction: bool = True
    source: str = ""  # file it was read from

    def method_for(self, direction: str) -> str:
        return dict(self.methods)[direction]

    def derive(self, **changes) -> Profile:
        """A variant of this profile (for regional switches and tests)."""
        if "methods" in changes and isinstance(changes["methods"], dict):
            changes["methods"] = tuple({**dict(self.methods), **changes["methods"]}.items())
        p = dataclasses.replace(self, **changes)
        _validate(p)
        return p


def _validate(p: Profile) -> None:
    if p.rate_method not in RATE_METHODS:
        raise ProfileError(f"规则 {p.id}：执行率计分方法“{p.rate_method}”未定义，可选 {'、'.join(RATE_METHODS)}")
    for direction, method in p.methods:
        if direction not in DIRECTIONS or method not in INDICATOR_METHODS:
            raise ProfileError(f"规则 {p.id}：指标方向“{direction}”的计分方法“{method}”未定义")
    if set(DIRECTIONS) - {d for d, _ in p.methods}:
        raise ProfileError(f"规则 {p.id}：缺少方向 {sorted(set(DIRECTIONS) - {d for d, _ in p.methods})} 的计分方法")
    if p.rounding not in MODES:
        raise ProfileError(f"规则 {p.id}：取整方式“{p.rounding}”未定义，可选 {'、'.join(MODES)}")
    if not p.grades or sorted(g.min for g in p.grades) != [g.min for g in reversed(p.grades)]:
        raise ProfileError(f"规则 {p.id}：等级须按分数线从高到低排列")


def _from_toml(data: dict, source: str) -> Profile:
    try:
        rate, ind = data.get("rate", {}), data.get("indicator", {})
        qual, date = data.get("qualitative", {}), data.get("date", {})
        rnd, checks = data.get("rounding", {}), data.get("checks", {})
        base = Profile(id="_", name="_", document="_")
        methods = dict(base.methods)
        methods.update({d: ind[d] for d in DIRECTIONS if d in ind})
        p = Profile(
            id=data["id"],
            name=data["name"],
            document=data.get("document", ""),
            aliases=tuple(data.get("aliases", ())),
            rate_method=rate.get("method", base.rate_method),
            rate_floor=float(rate.get("floor", base.rate_floor)),
            rate_percent_digits=rate.get("percent_digits", base.rate_percent_digits),
            methods=tuple(methods.items()),
            indicator_floor=float(ind.get("floor", base.indicator_floor)),
            completion_percent_digits=ind.get("completion_percent_digits"),
            reverse_zero_at=float(ind.get("reverse_zero_at", base.reverse_zero_at)),
            qualitative_met=float(qual.get("met", 1.0)),
            qualitative_partial=float(qual.get("partial", 0.6)),
            qualitative_unmet=float(qual.get("unmet", 0.0)),
            qualitative_unknown=qual.get("unknown", "met"),
            date_late=float(date.get("late", 0.0)),
            digits=int(rnd.get("digits", 2)),
            rounding=rnd.get("mode", "half_up_decimal"),
            grades=tuple(Grade(g["grade"], float(g["min"])) for g in data["grades"]) if "grades" in data else base.grades,
            weight_total=float(checks.get("weight_total", 100)),
            rate_weight=float(checks.get("rate_weight", 10)),
            over_achievement_reason_above=checks.get("over_achievement_reason_above"),
            low_rate_reason_below=checks.get("low_rate_reason_below"),
            expects_satisfaction=bool(checks.get("expects_satisfaction", True)),
            source=source,
        )
    except (KeyError, TypeError, ValueError) as e:
        raise ProfileError(f"规则文件 {source} 格式有误：{e}") from None
    _validate(p)
    return p


def _load_builtin() -> dict[str, Profile]:
    out = {}
    for entry in sorted(resources.files(__package__).joinpath("profiles").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            p = _from_toml(tomllib.loads(entry.read_text(encoding="utf-8")), entry.name)
            out[p.id] = p
    return out


PROFILES: dict[str, Profile] = _load_builtin()


def load_profile_file(path: str | Path) -> Profile:
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ProfileError(f"无法读取规则文件 {path}：{e}") from None
    return _from_toml(data, str(path))


def get_profile(ref: str | Profile | None = None) -> Profile:
    """A profile by id, Chinese name or alias, by path to a .toml file; None → the default."""
    if isinstance(ref, Profile):
        return ref
    if ref is None or (isinstance(ref, str) and not ref.strip()):
        return PROFILES[DEFAULT_PROFILE]
    key = str(ref).strip()
    if key in PROFILES:
        return PROFILES[key]
    for p in PROFILES.values():
        if key == p.name or key in p.aliases or key.lower() == p.id.lower():
            return p
    if key.endswith(".toml") and Path(key).is_file():
        return load_profile_file(key)
    known = "、".join(f"{p.id}（{p.name}）" for p in PROFILES.values())
    raise ProfileError(f"未知的计分规则“{key}”，可选：{known}")

# A workbook remembers its profile in this defined name (a text constant, e.g. ="xinjiang"), so the
# JX_ functions, `jixiao recompute` and the ribbon all score a file by the rules it was made for.
WORKBOOK_NAME = "jixiao_profile"


def workbook_ref(p: Profile) -> str:
    """What a workbook stores to find ``p`` again: a built-in rule's id, a rule file's absolute path."""
    if PROFILES.get(p.id) == p:
        return p.id
    return str(Path(p.source).resolve())


def profile_from_defined_name(refers_to: str | None) -> str | None:
    """'="xinjiang"' (how Excel and openpyxl show a text-constant name) → 'xinjiang'."""
    if not refers_to:
        return None
    v = refers_to.strip().lstrip("=").strip()
    if len(v) >= 2 and v[0] == v[-1] == '"':
        v = v[1:-1]
    return v or None
