"""Rule profiles: how a region and year score 执行率, indicators, dates, totals and grades, which review
checks its finance system runs, and how its 运行监控 lights indicators.

Each profile is one TOML file in ``profiles/`` read into a frozen :class:`Profile`. Scoring code never
branches on a profile's id: it reads the profile's fields (method names, floors, rounding, tiers,
thresholds, switches). A regional variant is a new file (``extends`` another one and changes what
differs), or ``derive()`` of an existing profile in tests. Files whose name starts with ``_`` are bases
to extend, not profiles of their own.

Every key a file may hold is declared once in :data:`SCHEMA`, with the Profile field it sets, the
reference rules (R1…R28, M1…M13, C1…C31 of the vendor's finance-system code) it implements and a
Chinese label; an unknown key is an error naming the key and the file. docs/profiles.md is generated
from the same table (:mod:`.profile_docs`).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ProfileError
from .profile_schema import (
    BY_PATH,
    DIRECTIONS,
    EMPTY_TARGET,
    INDICATOR_METHODS,
    LIGHTS,
    MONITOR_VERSIONS,
    RATE_ARITHMETIC,
    RATE_METHODS,
    SCHEMA,
    TABLES,
    TIERS,
    WEIGHT_BASIS,
    ZERO_BUDGET,
    _str,
)
from .rounding import MODES

DEFAULT_PROFILE = "national"

_REF_ID = re.compile(r"^[RMC][1-9]\d?$")


@dataclass(frozen=True)
class Grade:
    """One grade band: ``min`` ≤ total (``>`` when ``strict``), and total < ``below`` when given."""

    grade: str
    min: float
    strict: bool = False
    below: float | None = None

    def contains(self, total: float) -> bool:
        low_ok = total > self.min if self.strict else total >= self.min
        return low_ok and (self.below is None or total < self.below)

    def describe(self) -> str:
        low = f"{'>' if self.strict else '≥'} {self.min:g}"
        return low if self.below is None else f"{low} 且 < {self.below:g}"


@dataclass(frozen=True)
class RateTier:
    """One step of a tier table for 执行率得分 (江西): ``min`` ≤ 执行率% ≤ ``max`` (or < ``below``) → share × 分值."""

    min: float  # percent points, inclusive
    share: float  # of 分值
    max: float | None = None  # percent points, inclusive
    below: float | None = None  # percent points, exclusive

    def contains(self, pct: float) -> bool:
        if pct < self.min:
            return False
        if self.max is not None and pct > self.max:
            return False
        return self.below is None or pct < self.below

    def describe(self) -> str:
        if self.max is not None and self.max == self.min:
            span = f"= {self.min:g}%"
        elif self.max is not None:
            span = f"[{self.min:g}%, {self.max:g}%]"
        elif self.below is not None:
            span = f"[{self.min:g}%, {self.below:g}%)"
        else:
            span = f"≥ {self.min:g}%"
        return f"{span} → {self.share:g}×分值"


_DEFAULT_GRADES = (Grade("优", 90), Grade("良", 80), Grade("中", 60), Grade("差", 0))


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    document: str
    aliases: tuple[str, ...] = ()
    province: str = ""
    # rule id (R5, M12…) → why the profile does what it does there (formula not found, default used…)
    notes: tuple[tuple[str, str], ...] = ()
    extends: str | None = None
    # 执行率与执行率得分
    rate_method: str = "proportional"
    rate_floor: float = 0.0
    rate_percent_digits: int | None = 2
    rate_percent_rounding: str = "half_up_decimal"
    rate_arithmetic: str = "fraction_times_weight"
    rate_cap: float | None = 1.0
    rate_rounding: str | None = None  # None: as ``rounding``
    rate_digits: int | None = None  # None: as ``digits``
    rate_zero_budget: str = "error"
    rate_tiers: tuple[RateTier, ...] = ()
    rate_weight: float = 10
    # 定量指标：方向 → 方法
    methods: tuple[tuple[str, str], ...] = (
        ("positive", "proportional"), ("reverse", "within_limit"), ("equal", "proportional"),
        ("cost", "within_limit"), ("range", "range"),
    )
    indicator_floor: float = 0.6
    completion_percent_digits: int | None = None
    reverse_zero_at: float = 2.0  # relative_excess: 0 points once 完成值 ≥ 2 × 指标值
    empty_target: str = "error"
    weight_basis: str = "actual"
    # 定性与时效
    qualitative_met: float = 1.0
    qualitative_partial: float = 0.6
    qualitative_unmet: float = 0.0
    qualitative_unknown: str = "met"
    qualitative_bands: tuple[tuple[str, float, float], ...] = (
        ("达成", 0.8, 1.0), ("部分达成", 0.6, 0.8), ("未达成", 0.0, 0.6),
    )
    date_late: float = 0.0
    # 取整（指标得分、总分）
    digits: int = 2
    rounding: str = "half_up_decimal"
    grades: tuple[Grade, ...] = field(default_factory=lambda: _DEFAULT_GRADES)
    # 校验用的开关（各省财政系统的差异）；the checks package reads them, this core only holds them
    weight_total: float = 100
    over_achievement_reason_above: float | None = None  # 如 1.2；广西 1.3
    over_achievement_inclusive: bool = False  # ≥ rather than >
    over_achievement_reverse: bool = False  # also ≤/< targets (广西 C7)
    over_achievement_zero_target: float | None = None  # target 0: a reason once 完成值 ≥ this (广西 30)
    low_rate_reason_below: float | None = None  # 如四川 0.9：执行率低于此须说明原因
    expects_satisfaction: bool = True
    max_rate: float | None = None  # C16: 执行率不能超过 100%
    weight_must_be_positive: bool = False  # C9
    qualitative_band_check: bool = False  # C10
    score_below_weight_needs_reason: bool = True  # C8
    compare_truncated: bool = False  # R10: compare scores cut to two decimals
    score_above_weight: bool = True  # C12
    weight_sums_must_match: bool = True  # C4–C6
    low_total_needs_problems_below: float | None = None  # C19 宁夏 80
    default_cost_indicator_max: float | None = None  # C2 山西 5
    qualitative_needs_description: bool = False  # C3 广西
    budget_adjust_limit: float | None = None  # C20 广西 0.30
    total_cap_when_exceeded: float | None = None  # C20 广西 90
    remark_forbidden_chars: str = ""  # C21 广西
    deviation_limit: float | None = None  # C29 / M11 河北 0.15
    description_max_length: int | None = None  # C18 合肥 1000
    funds_sources_must_match: bool = False  # C17 / C30 山西
    unit_required: bool = False  # C24 / C31
    # 目标审核（绩效目标申报表）
    review_off: tuple[str, ...] = ()  # codes of review rules not run
    review_name_max_length: int | None = 20
    review_goal_min_length: int = 10
    review_min_indicators: int = 3
    review_large_amount: float | None = 100.0  # 万元
    review_min_indicators_large: int = 6
    review_core_indicators: bool = False  # 财预〔2021〕101号
    review_public_satisfaction: bool = True
    # 运行监控
    monitor_version: str = "v2"
    monitor_blue_at: float = 1.2
    monitor_red_below: float = 0.6
    monitor_yellow_below: float = 0.8
    funds_red_below: float = 0.6
    funds_yellow_below: float = 0.8
    monitor_month: int = 6
    monitor_reason_for: tuple[str, ...] = ("red", "yellow")
    monitor_explanation_with_reason: bool = True
    monitor_forecast_reason: bool = True
    monitor_deviation: bool = False  # M11 河北
    completion_possibility: bool = False  # M12 天津
    expected_progress_light: bool = False  # M8 合肥
    source: str = ""  # file it was read from

    def method_for(self, direction: str) -> str:
        return dict(self.methods)[direction]

    @property
    def rate_score_rounding(self) -> str:
        """Rounding of 执行率得分 (the pages' toFixed where indicators use the server's ROUND)."""
        return self.rate_rounding or self.rounding

    @property
    def rate_score_digits(self) -> int:
        return self.digits if self.rate_digits is None else self.rate_digits

    def note(self, rule: str) -> str | None:
        return dict(self.notes).get(rule)

    def derive(self, **changes) -> Profile:
        """A variant of this profile (for regional switches and tests)."""
        if "methods" in changes and isinstance(changes["methods"], dict):
            changes["methods"] = tuple({**dict(self.methods), **changes["methods"]}.items())
        if "notes" in changes and isinstance(changes["notes"], dict):
            changes["notes"] = tuple(changes["notes"].items())
        p = dataclasses.replace(self, **changes)
        _validate(p)
        return p


def _validate(p: Profile) -> None:
    def bad(msg: str):
        raise ProfileError("规则 {id}：{msg}", id=p.id, msg=msg)

    if p.rate_method not in RATE_METHODS:
        bad(f"执行率计分方法“{p.rate_method}”未定义，可选 {'、'.join(RATE_METHODS)}")
    if p.rate_method == "tiers" and not p.rate_tiers:
        bad("执行率按档计分（tiers）须给出 [[rate.tiers]]")
    for direction, method in p.methods:
        if direction not in DIRECTIONS or method not in INDICATOR_METHODS:
            bad(f"指标方向“{direction}”的计分方法“{method}”未定义")
    if set(DIRECTIONS) - {d for d, _ in p.methods}:
        bad(f"缺少方向 {sorted(set(DIRECTIONS) - {d for d, _ in p.methods})} 的计分方法")
    for what, mode in (("取整方式", p.rounding), ("执行率得分取整方式", p.rate_score_rounding),
                       ("执行率取整方式", p.rate_percent_rounding)):
        if mode not in MODES:
            bad(f"{what}“{mode}”未定义，可选 {'、'.join(MODES)}")
    for what, v, allowed in (("执行率算式", p.rate_arithmetic, RATE_ARITHMETIC),
                             ("预算数为 0 时的执行率", p.rate_zero_budget, ZERO_BUDGET),
                             ("年度指标值为空时", p.empty_target, EMPTY_TARGET),
                             ("分值取", p.weight_basis, WEIGHT_BASIS),
                             ("监控预警版本", p.monitor_version, MONITOR_VERSIONS)):
        if v not in allowed:
            bad(f"{what}“{v}”未定义，可选 {'、'.join(allowed)}")
    if not 0 <= p.rate_floor < 1 or not 0 <= p.indicator_floor < 1:  # the score divides by 1 − floor
        bad("起算线应不小于 0 且小于 100%")
    if not p.reverse_zero_at > 1:  # the reverse rule scores 0 at this multiple of the limit and divides by it − 1
        bad("反向指标得 0 分的倍数应大于 1")
    if not 0 <= p.digits <= 6 or not 0 <= p.rate_score_digits <= 6:
        bad("小数位数应在 0 到 6 之间")
    if not p.grades or sorted(g.min for g in p.grades) != [g.min for g in reversed(p.grades)]:
        bad("等级须按分数线从高到低排列")
    bands = dict((t, (lo, hi)) for t, lo, hi in p.qualitative_bands)
    if set(bands) != set(TIERS):
        bad(f"定性指标须给出 {'、'.join(TIERS)} 三档的得分区间")
    for tier, point in zip(TIERS, (p.qualitative_met, p.qualitative_partial, p.qualitative_unmet), strict=True):
        lo, hi = bands[tier]
        if not 0 <= lo <= hi <= 1:
            bad(f"定性指标“{tier}”的得分区间 [{lo:g}, {hi:g}] 应在 0 到 1 之间")
        if not (lo <= point <= hi if tier == "达成" else lo <= point < hi or point == lo == hi):
            bad(f"定性指标“{tier}”的默认得分比例 {point:g} 不在其区间 [{lo:g}, {hi:g}{']' if tier == '达成' else ')'} 内")
    if p.qualitative_unknown not in ("met", "unmet"):
        bad(f"无法判断档次的定性文字“{p.qualitative_unknown}”应为 met 或 unmet")
    for light in p.monitor_reason_for:
        if light not in LIGHTS:
            bad(f"监控预警灯“{light}”未定义，可选 {'、'.join(LIGHTS)}")
    if not 1 <= p.monitor_month <= 12:
        bad(f"监控月份 {p.monitor_month} 应在 1 到 12 之间")
    if not p.monitor_red_below <= p.monitor_yellow_below <= p.monitor_blue_at:
        bad("监控预警的分界应为 红 < 黄 < 蓝")
    for rule, _ in p.notes:
        if not _REF_ID.match(rule):
            bad(f"说明的规则号“{rule}”应为 R1…R28、M1…M13 或 C1…C31")


def _unknown(where: str, key: str, source: str):
    raise ProfileError("规则文件 {source}：未知的键“{where}{key}”", source=source, where=where, key=key) from None


def _entries(data, table: str, source: str) -> list[dict]:
    """The entries of an array of tables ([[grades]]), each checked against its declared keys."""
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise ProfileError("规则文件 {source} 格式有误：{table} 应写成 [[{table}]] 表格数组", source=source, table=table)
    allowed = {k.key: k for k in SCHEMA if k.table == f"{table}[]"}
    out = []
    for i, e in enumerate(data, 1):
        conv = {}
        for key, v in e.items():
            if key not in allowed:
                _unknown(f"{table}[{i}].", key, source)
            conv[key] = allowed[key].convert(v)
        out.append(conv)
    return out


def _changes(data: dict, source: str, base: Profile) -> dict:
    """The Profile fields a file sets, every key checked against :data:`SCHEMA`."""
    ch: dict = {}
    methods = dict(base.methods)
    bands = {t: (lo, hi) for t, lo, hi in base.qualitative_bands}
    for top, v in data.items():
        if top in TABLES:
            if not isinstance(v, dict):
                raise ProfileError("规则文件 {source} 格式有误：{top} 应为表格 [{top}]", source=source, top=top)
            if top == "notes":
                ch["notes"] = tuple({**dict(base.notes), **{r: _str(t) for r, t in v.items()}}.items())
                continue
            for key, val in v.items():
                k = BY_PATH.get(f"{top}.{key}")
                if k is None:
                    _unknown(f"{top}.", key, source)
                if k.path == "rate.tiers":
                    ch["rate_tiers"] = tuple(RateTier(**e) for e in _entries(val, "rate.tiers", source))
                elif k.attr == "methods":
                    methods[key] = k.convert(val)
                elif k.attr == "qualitative_bands":
                    bands[{"met_band": "达成", "partial_band": "部分达成", "unmet_band": "未达成"}[key]] = k.convert(val)
                else:
                    ch[k.attr] = k.convert(val)
        elif top == "grades":
            ch["grades"] = tuple(Grade(**e) for e in _entries(v, "grades", source))
        elif top in BY_PATH and "." not in top:
            ch[BY_PATH[top].attr] = BY_PATH[top].convert(v)
        else:
            _unknown("", top, source)
    ch["methods"] = tuple(methods.items())
    ch["qualitative_bands"] = tuple((t, *bands[t]) for t in TIERS)
    if "rate" in data and "weight" in data["rate"] and "rate_weight" in data.get("checks", {}):
        if float(data["rate"]["weight"]) != float(data["checks"]["rate_weight"]):
            raise ProfileError("规则文件 {source}：rate.weight 与 checks.rate_weight 不一致", source=source)
    return ch


def _from_toml(data: dict, source: str, bases: dict[str, Profile]) -> Profile:
    """A profile from a file's data; ``extends`` names one of ``bases`` (profiles and ``_`` files by id)."""
    try:
        parent = data.get("extends")
        if parent is not None:
            if not isinstance(parent, str) or parent not in bases:
                raise ProfileError("规则文件 {source}：沿用的规则“{parent}”不存在", source=source, parent=parent)
            base = dataclasses.replace(bases[parent], aliases=(), notes=bases[parent].notes, source="")
        else:
            base = Profile(id="_", name="_", document="")
        ch = _changes(data, source, base)
        for required in ("id", "name"):
            if required not in ch:
                raise KeyError(required)
        if parent is None:
            ch.setdefault("document", "")
        p = dataclasses.replace(base, **ch, source=source)
    except ProfileError:
        raise
    except (KeyError, TypeError, ValueError) as e:
        raise ProfileError("规则文件 {source} 格式有误：{detail}", source=source, detail=e) from None
    _validate(p)
    return p


_CACHE_FORMAT = b"jixiao-profiles-1"


def _cache_dir() -> Path:
    base = os.environ.get("JIXIAO_CACHE") or os.environ.get("LOCALAPPDATA") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) / "jixiao" if base else Path.home() / ".cache" / "jixiao"


def _builtin_tables() -> dict[str, dict]:
    """file name → its TOML table, for every built-in profile file. Parsed tables are kept (as JSON) in the
    user's cache under the files' hash, so a command starts without loading the TOML parser; a changed file
    changes the hash."""
    import json
    import zlib

    files = sorted(p for p in Path(__file__).with_name("profiles").iterdir() if p.suffix == ".toml")
    texts = {p.name: p.read_bytes() for p in files}
    blob = _CACHE_FORMAT + b"".join(n.encode() + b"\0" + t + b"\0" for n, t in texts.items())
    cache = _cache_dir() / f"profiles-{zlib.crc32(blob):08x}-{len(blob)}.json"
    try:
        return json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    import tomllib

    raw = {}
    for name, text in texts.items():
        try:
            raw[name] = tomllib.loads(text.decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ProfileError("无法读取规则文件 {name}：{detail}", name=name, detail=e) from None
    try:  # a read-only home is fine: the next start parses again
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, cache)
    except (OSError, TypeError, ValueError):
        pass
    return raw


def _load_builtin() -> tuple[dict[str, Profile], dict[str, Profile]]:
    """The built-in profiles and bases, each file's ``extends`` resolved first (in any order)."""
    raw = _builtin_tables()
    done: dict[str, Profile] = {}
    by_id = {d.get("id"): name for name, d in raw.items()}

    def load(name: str, seen: tuple[str, ...] = ()) -> Profile:
        data = raw[name]
        if data.get("id") in done:
            return done[data["id"]]
        parent = data.get("extends")
        if parent in seen:
            raise ProfileError("规则文件 {name}：沿用关系成环（{items}）", name=name, items=' → '.join((*seen, parent)))
        if parent is not None and parent in by_id:
            load(by_id[parent], (*seen, data.get("id")))
        p = _from_toml(data, name, done)
        done[p.id] = p
        return p

    for name in raw:
        load(name)
    profiles = {p.id: p for name, p in ((n, done[raw[n]["id"]]) for n in raw) if not name.startswith("_")}
    # the default first, then by id: the order `jixiao profiles` lists them in
    profiles = dict(sorted(profiles.items(), key=lambda kv: (kv[0] != DEFAULT_PROFILE, kv[0])))
    bases = {p.id: p for name, p in ((n, done[raw[n]["id"]]) for n in raw) if name.startswith("_")}
    return profiles, bases


PROFILES: dict[str, Profile]
_BASES: dict[str, Profile]
PROFILES, _BASES = _load_builtin()


def load_profile_file(path: str | Path) -> Profile:
    import tomllib

    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ProfileError("无法读取规则文件 {path}：{detail}", path=path, detail=e) from None
    return _from_toml(data, str(path), {**_BASES, **PROFILES})


@functools.lru_cache(maxsize=32)
def _load_cached(path: str, mtime_ns: int) -> Profile:
    """A rule file read once per version of it (its modification time is part of the key)."""
    return load_profile_file(path)


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
        path = Path(key).resolve()
        return _load_cached(str(path), path.stat().st_mtime_ns)  # every JX_ cell of a workbook names it
    known = "、".join(PROFILES)  # the ids only: a cell shows the message, `jixiao profiles` the names
    raise ProfileError("未知的计分规则“{key}”，可选：{known}", key=key, known=known)

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
