"""The labels the official forms use, and the spellings departments drift into.

One table for recognition (find a field by any of its labels) and for the generated templates (the
first spelling is the official one). Matching is on normalised text: full-width folded, spaces and
line breaks removed ("年度\\n指标值" → "年度指标值", "项目支\\n出名称" → "项目支出名称").
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .families import VOCABULARY, on_change

# The vocabulary of every family merged (templates/families/*.toml): live views, updated in place when a
# family is registered. field → labels, official spelling first; kind id → titles.
LABELS: dict[str, tuple[str, ...]] = VOCABULARY.labels
TITLES: dict[str, tuple[str, ...]] = VOCABULARY.titles

# 偏差原因 categories a 监控表 ticks (√), by field, in the form's order
CAUSE_FIELDS = ("cause_funds", "cause_rules", "cause_staff", "cause_hardware", "cause_other")
CAUSES = {f: LABELS[f][0] for f in CAUSE_FIELDS}


def end_words(table: str) -> tuple[str, ...]:
    """The words that end a table (``indicator_table``, ``monitor_grid`` …) at the start of a row."""
    return VOCABULARY.end(table)


def note_rows() -> tuple[str, ...]:
    return VOCABULARY.notes


def total_words() -> tuple[str, ...]:
    return VOCABULARY.totals


def part_prefixes() -> tuple[str, ...]:
    return VOCABULARY.part_prefixes


def family_of(spelling: str) -> str | None:
    """The family a label spelling (normalised) came from."""
    return _ORIGIN.get(spelling)


def own_spellings() -> tuple[dict[str, str], tuple[str, ...]]:
    """(normalised spelling → family, normalised note rows) of the spellings a family other than the base
    brought: all a sheet's family is told by."""
    return _OWN, _OWN_NOTES


_WS = re.compile(r"[\s\u3000\u00a0]+")
_TRAIL = re.compile(r"[:：]+$")
_WEIGHT = re.compile(r"[(（]\s*(\d+(?:\.\d+)?)\s*分\s*[)）]")
# a short note in brackets after a label: （万元）, (A), (B/A), （%）, (10分)
_UNIT_SUFFIX = re.compile(r"[(（][^()（）]{1,8}[)）]$")


def norm(text) -> str:
    """Normalised label text: NFKC, no spaces or line breaks, no trailing colon."""
    if not isinstance(text, str):
        return ""
    return _norm(text)


@functools.lru_cache(maxsize=65536)
def _norm(text: str) -> str:
    return _TRAIL.sub("", _WS.sub("", unicodedata.normalize("NFKC", text)))


def clean(text) -> str:
    """A name as typed, minus line breaks and padding (full-width characters kept): for display."""
    if text is None:
        return ""
    if not isinstance(text, str):
        return str(text)
    return _clean(text)


_BREAKS = re.compile(r"[\r\n\t\u3000\u00a0]+")
_RUNS = re.compile(r" {2,}")


@functools.lru_cache(maxsize=65536)
def _clean(text: str) -> str:
    return _RUNS.sub(" ", _BREAKS.sub("", text)).strip()


_LEVEL1_MARK = re.compile(r"[一二三四五六七八九十]+\s*[、.．]\s*")
_LEVEL2_MARK = re.compile(r"[(（]\s*[一二三四五六七八九十]+\s*[)）]\s*[、.．]?\s*")


def heading_level(text) -> tuple[str, str] | None:
    """"一、产出指标（50分）" → ("level1", "产出指标"); "（二）质量指标" → ("level2", "质量指标"); a bare
    official name counts too; anything else is not a heading."""
    t = strip_weight(text) if isinstance(text, str) else ""
    if m := _LEVEL2_MARK.match(t):
        return "level2", t[m.end():].strip()
    if m := _LEVEL1_MARK.match(t):
        return "level1", t[m.end():].strip()
    name = norm(t)
    if name in VOCABULARY.levels.get("level1", ()):
        return "level1", name
    if name in VOCABULARY.levels.get("level2", ()):
        return "level2", name
    return None


def stated_weight(text) -> float | None:
    """The weight a group label claims: "产出指标(50分)" → 50."""
    m = _WEIGHT.search(unicodedata.normalize("NFKC", text)) if isinstance(text, str) else None
    return float(m.group(1)) if m else None


_POINTS = re.compile(r"[(（]\s*\d+(?:\.\d+)?\s*分\s*[)）]")


def strip_weight(text: str) -> str:
    """"产出指标\n(50分)" → "产出指标" (as typed otherwise)."""
    return _POINTS.sub("", clean(text))


def matches(text, field: str) -> bool:
    """Does a cell's text name this field? Exact after normalising, or with a unit/weight suffix."""
    return field in fields_of(norm(text))


_YEAR_PREFIX = re.compile(r"\d{4}年")


@functools.lru_cache(maxsize=65536)
def fields_of(t: str) -> frozenset[str]:
    """Every field a normalised text names: the label itself, the label with one short note in brackets
    after it (全年预算数(A), 执行率(B/A), 得分(20分)), or 实际在职人数 after a year (2023年实际在职人数)."""
    if not t:
        return frozenset()
    out = set(_FIELDS_BY_LABEL.get(t, ()))
    m = _UNIT_SUFFIX.search(t)
    if m and m.start():
        out.update(_FIELDS_BY_LABEL.get(t[: m.start()], ()))
    y = _YEAR_PREFIX.match(t)
    if y and "staff_actual" in _FIELDS_BY_LABEL.get(t[y.end():], ()):
        out.add("staff_actual")
    return frozenset(out)


def _matches(t: str, field: str) -> bool:
    return field in fields_of(t)


_INLINE = re.compile(r"([^:：]{1,16})[:：](.+)", re.S)
_NEXT_INLINE = re.compile(r"[\s\u3000]+(?=[^\s\u3000:：]{1,8}[:：])")


def inline_value(text, field: str) -> str | None:
    """"项目名称：2023年农村饮水工程" → the value typed after the label's colon, in one cell."""
    if not isinstance(text, str):
        return None
    m = _INLINE.match(text.strip())  # the value as typed, full-width kept
    if not m or not _matches(norm(m.group(1)), field):
        return None
    value = _NEXT_INLINE.split(m.group(2), maxsplit=1)[0]  # "某所 填报日期:…": the next label's value is not ours
    return clean(value) or None


def kind_from_title(text) -> str | None:
    t = norm(text)
    if len(t) > 60:
        return None
    # the longest title that fits wins ("整体绩效自评表" is inside "部门整体支出绩效自评表"…)
    best = None
    for kind, titles in TITLES.items():
        for title in titles:
            if norm(title) in t and (best is None or len(title) > best[1]):
                best = (kind, len(title))
    return best[0] if best else None


_FIELDS_BY_LABEL: dict[str, tuple[str, ...]] = {}
_ORIGIN: dict[str, str] = {}
_OWN: dict[str, str] = {}
_OWN_NOTES: tuple[str, ...] = ()


@on_change
def _index_labels() -> None:
    """Normalised spelling → the fields it names, and the family it came from (rebuilt with the vocabulary)."""
    _FIELDS_BY_LABEL.clear()
    _ORIGIN.clear()
    for f, labels in LABELS.items():
        for lab in labels:
            n = norm(lab)
            _FIELDS_BY_LABEL[n] = (*_FIELDS_BY_LABEL.get(n, ()), f)
    for spelling, family in VOCABULARY.origin.items():
        _ORIGIN.setdefault(norm(spelling), family)
    global _OWN_NOTES
    _OWN.clear()
    _OWN.update({s: fam for s, fam in _ORIGIN.items() if fam != VOCABULARY.families[0].id})
    _OWN_NOTES = tuple(s for s in (norm(n) for n in VOCABULARY.notes) if s in _OWN)
    fields_of.cache_clear()
    CAUSES.update({f: LABELS[f][0] for f in CAUSE_FIELDS if f in LABELS})


_index_labels()


_SHARE = re.compile(r"[×xX*]\s*(\d+(?:\.\d+)?)\s*%")
SECTION_MARKS = tuple(f"{n}、" for n in "一二三四五六七八九十")


def average_share(standard) -> float | None:
    """The share of the projects' average a 计分标准 awards: "所有项目平均得分×80%" → 0.8."""
    if not isinstance(standard, str) or "平均" not in standard:
        return None
    m = _SHARE.search(unicodedata.normalize("NFKC", standard))
    return float(m.group(1)) / 100 if m else None
