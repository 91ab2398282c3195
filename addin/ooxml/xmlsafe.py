"""Every XML parse in the project: DTDs, entity declarations and external references refused wherever they
appear (after a 5 KB comment, in a UTF-16 part), as defusedxml refuses them.

One hardening for every part: expat with defusedxml's three refusals (DOCTYPE, entity declarations,
external references) installed as handlers, raising defusedxml's own exceptions. :func:`new_parser` streams a
sheet through callbacks; :func:`scan` returns the elements a caller wants with their byte spans. No
ElementTree is built: defusedxml's is the pure-Python parser (slow for a sheet of 50,000 cells), and the
lossless editor needs byte offsets, which no ElementTree gives.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from xml.parsers import expat

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from jixiao.udfs.errors import XmlError

__all__ = ["XmlError", "feed", "local", "new_parser", "to_utf8"]

def _doctype(name, sysid, pubid, _has_internal_subset):
    raise DTDForbidden(name, sysid, pubid)


def _entity(name, _is_pe, value, base, sysid, pubid, notation):
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation)


def _unparsed(name, base, sysid, pubid, notation):
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation)


def _external(_context, base, sysid, pubid):
    raise ExternalReferenceForbidden(_context, base, sysid, pubid)


def new_parser() -> expat.XMLParserType:
    """An expat parser that refuses DOCTYPE, entity declarations and external entity references, with
    defusedxml's own handlers' exceptions (the ones its DefusedXMLParser installs)."""
    p = expat.ParserCreate()
    p.StartDoctypeDeclHandler = _doctype
    p.EntityDeclHandler = _entity
    p.UnparsedEntityDeclHandler = _unparsed
    p.ExternalEntityRefHandler = _external
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    p.buffer_text = True
    return p


def feed(p: expat.XMLParserType, chunks: Iterable[bytes]) -> None:
    """Feed a parser, turning expat's errors into :class:`XmlError`."""
    first = None
    try:
        for chunk in chunks:
            first = chunk if first is None else first
            p.Parse(chunk, False)
        p.Parse(b"", True)
    except DefusedXmlException:
        raise XmlError("DTD", unsafe=True) from None
    except expat.ExpatError as e:
        raise XmlError("{detail}", detail=e) from None
    except ValueError:  # expat: "multi-byte encodings are not supported" — a part declared in GBK, Big5 …
        m = _DECL_ENC.match(first or b"")
        raise XmlError("encoding {encoding}", encoding=m.group(1).decode() if m else "?") from None


def local(name: str) -> str:
    """"x:row" or "{ns}row" → "row"."""
    return name.rpartition(":")[2].rpartition("}")[2]


# --- byte spans for lossless editing ---------------------------------------------------------------------

_DECL_ENC = re.compile(rb"""^<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
_TAG_END = re.compile(rb"""(?:[^>"']|"[^"]*"|'[^']*')*>""")


def to_utf8(data: bytes) -> bytes:
    """The part in UTF-8 (byte offsets are taken on it); a UTF-16 part is transcoded, its declaration kept
    true. Any DTD in it is still refused by the parse that follows."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16")
    else:
        m = _DECL_ENC.match(data)
        enc = m.group(1).decode().lower() if m else "utf-8"
        if enc in ("utf-8", "utf8"):
            return data.removeprefix(codecs.BOM_UTF8)
        try:
            text = data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            raise XmlError("encoding {enc}", enc=enc) from None
    text = re.sub(r"""^(<\?xml[^>]*?encoding\s*=\s*["'])[^"']+""", r"\g<1>UTF-8", text.lstrip("\ufeff"))
    return text.encode("utf-8")


@dataclass
class Node:
    """An element as written: its qualified name, attributes and where it lies in the bytes."""

    name: str
    attrs: dict[str, str]
    start: int  # the '<' of its start tag
    open_end: int  # just after the start tag
    close: int = -1  # the '<' of its end tag; == open_end for an empty element
    end: int = -1  # just after the element
    depth: int = 0

    @property
    def local(self) -> str:
        return local(self.name)

    @property
    def prefix(self) -> str:
        return self.name[: -len(self.local)]


def scan(data: bytes, wanted: Callable[[str, int], bool]) -> list[Node]:
    """The elements of a UTF-8 part for which ``wanted(local_name, depth)`` holds, in document order, with
    their spans. Parsed by the hardened parser: what it accepts, the reader accepts."""
    p = new_parser()
    nodes: list[Node] = []
    stack: list[Node | None] = []

    def start(name, attrs):
        depth = len(stack)
        if wanted(local(name), depth):
            at = p.CurrentByteIndex
            m = _TAG_END.match(data, at)
            node = Node(name, attrs, at, m.end(), depth=depth)
            if data[m.end() - 2:m.end()] == b"/>":
                node.close = node.end = node.open_end
            nodes.append(node)
            stack.append(node)
        else:
            stack.append(None)

    def end(_name):
        node = stack.pop()
        if node is not None and node.end < 0:
            node.close = p.CurrentByteIndex
            node.end = data.index(b">", node.close) + 1

    p.StartElementHandler = start
    p.EndElementHandler = end
    feed(p, (data,))
    return nodes


def escape(text: str) -> str:
    """Text for element content (xml.sax.saxutils would import urllib.request for this: 20 ms a start)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def quoteattr(text: str) -> str:
    """An attribute value with its quotes."""
    return '"' + escape(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;") + '"'


def unescape(text: str) -> str:
    """Entity and character references of a part's text, as the parser would resolve them."""
    import html

    return html.unescape(text) if "&" in text else text


def attrs_xml(attrs: dict[str, str]) -> str:
    return "".join(f" {k}={quoteattr(v)}" for k, v in attrs.items())


def start_tag(node: Node, attrs: dict[str, str] | None = None, empty: bool | None = None) -> bytes:
    """A node's start tag written anew with (changed) attributes."""
    empty = node.close == node.open_end if empty is None else empty
    return f"<{node.name}{attrs_xml(node.attrs if attrs is None else attrs)}{'/' if empty else ''}>".encode()


def splice(data: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    """Replace byte ranges (start, end, new) — ranges must not overlap; insertions have start == end."""
    out, pos = [], 0
    for s, e, new in sorted(edits, key=lambda x: (x[0], x[1])):
        out += [data[pos:s], new]
        pos = e
    out.append(data[pos:])
    return b"".join(out)


# Characters XML 1.0 cannot hold (tab, line feed and carriage return aside): BEL and the like, which .xls
# cells, CSV lists and pasted text carry. Excel writes them as _xHHHH_ in a part; openpyxl refuses them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CONTROL_NAMES = {"\x07": "响铃符", "\x08": "退格符", "\x0b": "垂直制表符", "\x0c": "换页符", "\x00": "空字符",
                  "\x1b": "转义符"}


def control_characters(text) -> str:
    """The control characters in ``text`` that no workbook part can hold, described: "U+0007（响铃符）"."""
    if not isinstance(text, str):
        return ""
    found = dict.fromkeys(_CONTROL.findall(text))
    return "、".join(f"U+{ord(ch):04X}" + (f"（{_CONTROL_NAMES[ch]}）" if ch in _CONTROL_NAMES else "") for ch in found)


def excel_escape(text: str) -> str:
    """Control characters spelled as Excel itself stores them (_x0007_), so the text survives the write."""
    return _CONTROL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
