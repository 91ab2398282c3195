"""``[Content_Types].xml``: which content type each part has; overrides added, removed or retyped in place."""

from __future__ import annotations

from .xmlsafe import attrs_xml, scan, splice, start_tag, to_utf8

PART = "[Content_Types].xml"
WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_WORKBOOK = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA = "application/vnd.ms-office.vbaProject"


def declared(data: bytes | None) -> tuple[dict[str, str], dict[str, str]]:
    """(extension → content type, part → content type) as the table declares them; XmlError when it cannot
    be parsed, KeyError when it is missing."""
    if data is None:
        raise KeyError(PART)
    data = to_utf8(data)
    nodes = scan(data, lambda name, depth: name in ("Override", "Default"))
    defaults = {n.attrs.get("Extension", "").lower(): n.attrs.get("ContentType", "") for n in nodes if n.local == "Default"}
    overrides = {n.attrs.get("PartName", "").lstrip("/"): n.attrs.get("ContentType", "") for n in nodes
                 if n.local == "Override"}
    return defaults, overrides


def type_of(part: str, defaults: dict[str, str], overrides: dict[str, str]) -> str | None:
    return overrides.get(part) or defaults.get(part.rsplit(".", 1)[-1].lower())


def add_override(data: bytes, part: str, content_type: str) -> bytes:
    data = to_utf8(data)  # edits are spliced at byte offsets of the UTF-8 text
    (root,) = scan(data, lambda name, depth: depth == 0)
    entry = f"<Override{attrs_xml({'PartName': '/' + part, 'ContentType': content_type})}/>".encode()
    return splice(data, [(root.close, root.close, entry)])


def remove(data: bytes, parts: set[str] = frozenset(), default_types: set[str] = frozenset()) -> bytes:
    """Drop the overrides of ``parts`` and the Default entries whose content type is in ``default_types``."""
    data = to_utf8(data)
    nodes = scan(data, lambda name, depth: name in ("Override", "Default"))
    cut = [(n.start, n.end, b"") for n in nodes
           if (n.local == "Override" and n.attrs.get("PartName", "").lstrip("/") in parts)
           or (n.local == "Default" and n.attrs.get("ContentType") in default_types)]
    return splice(data, cut)


def retype(data: bytes, old: str, new: str) -> bytes:
    """Every entry of content type ``old`` becomes ``new`` (a macro workbook made plain)."""
    data = to_utf8(data)
    nodes = scan(data, lambda name, depth: name in ("Override", "Default"))
    return splice(data, [(n.start, n.open_end, start_tag(n, {**n.attrs, "ContentType": new}))
                         for n in nodes if n.attrs.get("ContentType") == old])
