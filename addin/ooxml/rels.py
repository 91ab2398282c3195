"""Relationship parts (``…/_rels/*.rels``): read in any attribute order, targets resolved, entries added or
removed without touching the rest of the part."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from .xmlsafe import attrs_xml, scan, splice, to_utf8

NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORKSHEET = f"{NS_R}/worksheet"
VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


@dataclass(frozen=True)
class Relationship:
    id: str
    type: str
    target: str  # as written
    part: str | None  # the package part it points to (None for an external target)


def rels_part(part: str) -> str:
    """"xl/workbook.xml" → "xl/_rels/workbook.xml.rels"; "" (the package) → "_rels/.rels"."""
    d, base = posixpath.split(part)
    return f"{d}/_rels/{base}.rels" if d else f"_rels/{base}.rels"


def resolve(source_part: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source_part), target))


def read(data: bytes | None, source_part: str) -> list[Relationship]:
    if not data:
        return []
    out = []
    for n in scan(data, lambda name, depth: name == "Relationship"):
        a = n.attrs
        external = a.get("TargetMode") == "External"
        target = a.get("Target", "")
        out.append(Relationship(a.get("Id", ""), a.get("Type", ""), target,
                                None if external else resolve(source_part, target)))
    return out


def by_id(rels: list[Relationship]) -> dict[str, Relationship]:
    return {r.id: r for r in rels}


def add(data: bytes | None, rel_id: str, rel_type: str, target: str) -> bytes:
    entry = f"<Relationship{attrs_xml({'Id': rel_id, 'Type': rel_type, 'Target': target})}/>".encode()
    if not data:
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{NS_PKG}">'
                ).encode() + entry + b"</Relationships>"
    data = to_utf8(data)  # edits are spliced at byte offsets of the UTF-8 text
    (root,) = scan(data, lambda name, depth: depth == 0)
    return splice(data, [(root.close, root.close, entry)])


def remove(data: bytes, ids: set[str]) -> bytes:
    data = to_utf8(data)
    nodes = scan(data, lambda name, depth: name == "Relationship")
    return splice(data, [(n.start, n.end, b"") for n in nodes if n.attrs.get("Id") in ids])


def free_id(rels: list[Relationship], stem: str = "rIdJixiao") -> str:
    taken = {r.id for r in rels}
    n = 1
    while f"{stem}{n}" in taken:
        n += 1
    return f"{stem}{n}"
