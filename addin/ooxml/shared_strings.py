"""``xl/sharedStrings.xml``: the one reader of the shared-string table (phonetic runs left out, rich-text runs
joined), streamed."""

from __future__ import annotations

from collections.abc import Iterable

from .xmlsafe import feed, local, new_parser


def read(chunks: Iterable[bytes], limit: int = 2_000_000) -> list[str]:
    out: list[str] = []
    parts: list[str] = []
    state = {"rph": 0, "t": False}
    p = new_parser()

    def start(name, _attrs):
        n = local(name)
        if n == "rPh":
            state["rph"] += 1
        elif n == "t" and not state["rph"]:
            state["t"] = True

    def end(name):
        n = local(name)
        if n == "rPh":
            state["rph"] -= 1
        elif n == "t":
            state["t"] = False
        elif n == "si":
            out.append("".join(parts))
            parts.clear()
            if len(out) > limit:
                raise OverflowError(len(out))

    def data(text):
        if state["t"]:
            parts.append(text)

    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, data
    feed(p, chunks)
    return out
