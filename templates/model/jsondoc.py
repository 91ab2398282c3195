"""What each key of jixiao's ``--json`` documents means, declared beside the code that writes it.

Every class that turns itself into JSON (a form's body, an indicator, a check result, a summary row …)
carries a :class:`Doc`: a table of its keys, each with its JSON type, its unit and its meaning, and, for an
object or an array of objects, the document that value is. docs/json.md is generated from these tables
(``python -m jixiao.addin.docs``) and the tests walk real output against them with :func:`walk`: every key
written is documented, every key documented is written somewhere, every value has its documented type.

A form's document (:data:`FORM_DOC`, ``by_kind``) is its common keys joined by its body's keys: the body
is the one its ``"kind"`` names in the kind registry.
"""

from __future__ import annotations

from dataclasses import dataclass

# the types a key may have; "|null" after one: it may also be null (docs/json.md: "或 null")
TYPES = {
    "string": "文本", "number": "数字", "integer": "整数", "boolean": "true / false", "object": "对象", "array": "数组",
    "cell": "单元格的值，按表中所填：数字、文本、true / false 或 null",
}


@dataclass(frozen=True)
class Key:
    name: str
    type: str  # one of TYPES, "|null" after it where it may be null
    meaning: str
    unit: str = ""
    of: str = ""  # the document this object (or each object of this array) is; for an array of plain
    # values, their type (one of TYPES)
    when: str = ""  # written only when … (empty: always)


def K(name: str, type: str, meaning: str, unit: str = "", of: str = "", when: str = "") -> Key:
    return Key(name, type, meaning, unit, of, when)


@dataclass(frozen=True)
class Doc:
    name: str  # how a key's ``of`` names it, and the anchor in docs/json.md
    title: str  # what one such object is, in Chinese
    keys: tuple[Key, ...]
    by_kind: bool = False  # a form: joined by the keys of its kind's body (``Kind.body.JSON``)

    def key(self, name: str) -> Key | None:
        return next((k for k in self.keys if k.name == name), None)


DOCS: dict[str, Doc] = {}


def doc(name: str, title: str, *keys: Key, by_kind: bool = False) -> Doc:
    """Declare (or replace) a document's key table."""
    names = [k.name for k in keys]
    if len(set(names)) != len(names):
        raise ValueError(f"{name}: a key declared twice")
    for k in keys:
        if k.type.removesuffix("|null") not in TYPES:
            raise ValueError(f"{name}.{k.name}: unknown type {k.type!r}")
        if k.of in TYPES and not k.type.startswith("array"):
            raise ValueError(f"{name}.{k.name}: a plain type for the items of what is not an array")
    d = Doc(name, title, tuple(keys), by_kind)
    DOCS[name] = d
    return d


def body_docs() -> dict[str, tuple[Doc, tuple[str, ...]]]:
    """Each body's document and the kinds that have that body, in the registry's order."""
    from .kinds import KINDS

    out: dict[str, tuple[Doc, tuple[str, ...]]] = {}
    for k in KINDS.values():
        d = k.body.JSON
        out[d.name] = (d, (*out.get(d.name, (d, ()))[1], k.id))
    return out


def keys_of(d: Doc, value: dict) -> dict[str, tuple[str, Key]]:
    """The keys an object of document ``d`` may have, each with the document that declares it."""
    keys = {k.name: (d.name, k) for k in d.keys}
    if d.by_kind:
        from .kinds import KINDS

        kind = KINDS.get(value.get("kind"))
        if kind is not None:
            body = kind.body.JSON
            keys.update({k.name: (body.name, k) for k in body.keys})
    return keys


def _is(v, t: str) -> bool:
    base, nullable = t.removesuffix("|null"), t.endswith("|null")
    if v is None:
        return nullable or base == "cell"
    if base == "cell":
        return isinstance(v, (str, int, float, bool))
    if base == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if base == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    return isinstance(v, {"string": str, "boolean": bool, "object": dict, "array": list}[base])


def walk(value: dict, name: str, seen: set[tuple[str, str]], wrong: list[str], path: str = "$") -> None:
    """Check ``value`` (one object of document ``name``) and everything below it against the key tables:
    each key used is added to ``seen`` as (document, key); what does not fit is added to ``wrong``."""
    keys = keys_of(DOCS[name], value)
    for k, v in value.items():
        if k not in keys:
            wrong.append(f"{path}.{k}: not documented in {name}")
            continue
        owner, key = keys[k]
        seen.add((owner, k))
        if not _is(v, key.type):
            wrong.append(f"{path}.{k}: {type(v).__name__} {v!r:.40} is not {key.type}")
        if key.of in TYPES:
            bad = [x for x in v if not _is(x, key.of)] if isinstance(v, list) else []
            if bad:
                wrong.append(f"{path}.{k}: items {bad[:2]!r:.60} are not {key.of}")
        elif key.of:
            items = v if isinstance(v, list) else [v] if isinstance(v, dict) else []
            for i, item in enumerate(items):
                if isinstance(item, dict):
                    walk(item, key.of, seen, wrong, f"{path}.{k}[{i}]" if isinstance(v, list) else f"{path}.{k}")
                else:
                    wrong.append(f"{path}.{k}: an item is not an object of {key.of}")


def declared() -> set[tuple[str, str]]:
    """Every (document, key) declared."""
    return {(d.name, k.name) for d in DOCS.values() for k in d.keys}


__all__ = ["DOCS", "TYPES", "Doc", "K", "Key", "body_docs", "declared", "doc", "keys_of", "walk"]
