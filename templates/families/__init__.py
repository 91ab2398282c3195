"""Form families as data: each a label table (``*.toml`` in this folder) — the spellings of each field, the
titles of each kind, the words that end each table, the rows that are notes, the funds' 其中 prefixes.

They are merged into one :class:`Vocabulary` when loaded, keeping which family each spelling came from, so
a recognised form can say which family its labels matched (``family`` in `score --json`). A new layout is
a new table here (or :func:`register` of a :class:`Family` made elsewhere): no recogniser code changes, and
no other province's spellings are touched.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

BASE = "national"  # the family every other one adds to
MONTH_SEPARATORS = ("-", "至", "~", "—")


@dataclass(frozen=True)
class Family:
    id: str
    name: str = ""
    source: str = ""
    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)  # field → spellings
    titles: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kind id → titles
    ends: dict[str, tuple[str, ...]] = field(default_factory=dict)  # table → words that end it
    notes: tuple[str, ...] = ()  # rows inside a table that are notes, not indicators
    totals: tuple[str, ...] = ()  # words that close a table as its total
    part_prefixes: tuple[str, ...] = ()  # the funds' 其中 rows start so
    levels: dict[str, tuple[str, ...]] = field(default_factory=dict)  # level1/level2 → official group names


def _months(pattern: str) -> list[str]:
    if "{m}" not in pattern:
        return [pattern]
    return [pattern.format(m=m, sep=sep) for m in range(1, 13) for sep in MONTH_SEPARATORS]


def parse(data: dict) -> Family:
    """A family from its table (the TOML of this folder, as a dict)."""
    labels = {f: tuple(v) for f, v in data.get("labels", {}).items()}
    for f, patterns in data.get("month_labels", {}).items():
        labels[f] = (*labels.get(f, ()), *(s for p in patterns for s in _months(p)))
    rows = data.get("rows", {})
    return Family(
        id=data["id"], name=data.get("name", ""), source=data.get("source", ""), labels=labels,
        titles={k: tuple(v) for k, v in data.get("titles", {}).items()},
        ends={k: tuple(v) for k, v in data.get("ends", {}).items()},
        notes=tuple(rows.get("notes", ())), totals=tuple(rows.get("totals", ())),
        part_prefixes=tuple(data.get("funds", {}).get("part_prefixes", ())),
        levels={k: tuple(v) for k, v in data.get("levels", {}).items()})


def load(path: str | Path) -> Family:
    with open(path, "rb") as f:
        return parse(tomllib.load(f))


def _merge(*groups: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for g in groups:
        for k, v in g.items():
            out[k] = (*out.get(k, ()), *(x for x in v if x not in out.get(k, ())))
    return out


def _union(*groups: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for g in groups for x in g))


@dataclass
class Vocabulary:
    """Every family merged: what recognition reads. ``origin`` tells which family brought a spelling."""

    families: list[Family]
    labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    titles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ends: dict[str, tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    totals: tuple[str, ...] = ()
    part_prefixes: tuple[str, ...] = ()
    levels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)  # a spelling (as typed in a table) → family id

    def build(self) -> None:
        """Merge the families (the dicts are filled in place: modules that hold them see the change)."""
        fs = self.families
        for name in ("labels", "titles", "ends", "levels"):
            merged = _merge(*(getattr(f, name) for f in fs))
            getattr(self, name).clear()
            getattr(self, name).update(merged)
        self.notes = _union(*(f.notes for f in fs))
        self.totals = _union(*(f.totals for f in fs))
        self.part_prefixes = _union(*(f.part_prefixes for f in fs))
        self.origin = {}
        for f in fs:
            for spelling in (*(s for v in f.labels.values() for s in v), *(s for v in f.titles.values() for s in v),
                             *f.notes, *(s for v in f.levels.values() for s in v)):
                self.origin.setdefault(spelling, f.id)

    def end(self, table: str) -> tuple[str, ...]:
        return self.ends.get(table, ())


def _builtin() -> list[Family]:
    here = Path(__file__).parent
    files = sorted(here.glob("*.toml"), key=lambda p: (p.stem != BASE, p.stem))
    return [load(p) for p in files]


VOCABULARY = Vocabulary(_builtin())
VOCABULARY.build()
_LISTENERS: list[Callable[[], None]] = []  # caches built from the vocabulary, dropped when it changes


def on_change(fn: Callable[[], None]) -> Callable[[], None]:
    _LISTENERS.append(fn)
    return fn


def register(family: Family) -> Family:
    """Add a family (or replace the one of the same id) and rebuild the vocabulary."""
    VOCABULARY.families = [f for f in VOCABULARY.families if f.id != family.id] + [family]
    VOCABULARY.build()
    for fn in _LISTENERS:
        fn()
    return family


def unregister(family_id: str) -> None:
    if family_id == BASE:
        raise ValueError("the base family cannot be removed")
    VOCABULARY.families = [f for f in VOCABULARY.families if f.id != family_id]
    VOCABULARY.build()
    for fn in _LISTENERS:
        fn()


__all__ = ["BASE", "VOCABULARY", "Family", "Vocabulary", "load", "on_change", "parse", "register", "unregister"]
