"""Where a row or a cell of a worksheet is: the one addressing rule that the reader and the patcher follow.

Some writers leave ``r`` off ``<row>`` and ``<c>``: such a row is the one after the previous row, such a cell
the one after the previous cell of its row. A cell's own ``r`` wins over its row's.
"""

from __future__ import annotations

import functools
import re

_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})$")


@functools.lru_cache(maxsize=4096)
def col_number(letters: str) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return col


@functools.lru_cache(maxsize=1 << 16)
def split_ref(ref: str) -> tuple[int, int] | None:
    """"B12" → (12, 2); None for anything else. Cached: every form uses the same few hundred addresses."""
    m = _REF.match(ref)
    if not m:
        return None
    return int(m.group(2)), col_number(m.group(1))


def row_number(r: str | None, previous: int) -> int:
    return int(r) if r and r.isdigit() else previous + 1


def cell_position(r: str | None, row: int, previous_col: int) -> tuple[int, int]:
    pos = split_ref(r) if r else None
    return pos if pos else (row, previous_col + 1)
