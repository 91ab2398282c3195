"""Rule profiles: how a region and year score 执行率, indicators, dates, totals and grades, which review
checks its finance system runs, and how its 运行监控 lights indicators.

Each profile is one TOML file in ``profiles/`` read into a frozen :class:`Profile`. Scoring code never
branches on a profile's id: it reads the profile's fields (method names, floors, rounding, tiers,
thresholds, switches). A regional variant is a new file (``extends`` another one and changes what
differs), or ``derive()`` of an existing profile in tests. Files whose name starts with ``_`` are bases
to extend, not profiles of their own.

Every key a file may hold is declared once, on the Profile field it sets (:mod:`.profile_model`), with
the reference rules (R1…R28, M1…M13, C1…C31 of the vendor's finance-system code) it implements and a
Chinese label; an unknown key is an error naming the key and the file. docs/profiles.md is generated
from the same declarations (:mod:`.profile_docs`).
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

from .errors import ProfileError
from .profile_model import BY_PATH, SCHEMA, TABLES, Grade, Profile, RateTier, _validate
from .profile_schema import TIERS, _str

DEFAULT_PROFILE = "national"



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


def _builtin_tables() -> dict[str, dict]:
    """file name → its TOML table, for every built-in profile file. Parsed at import, every time: the 13 files
    take about 3 ms (measured against 0.2 ms for a JSON copy), too little to justify writing a cache file into
    the user's home."""
    import tomllib

    raw = {}
    for p in sorted(Path(__file__).with_name("profiles").iterdir()):
        if p.suffix != ".toml":
            continue
        try:
            raw[p.name] = tomllib.loads(p.read_bytes().decode("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ProfileError("无法读取规则文件 {name}：{detail}", name=p.name, detail=e) from None
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
