"""A compound file (MS-CFB version 3) writer for the add-in's vbaProject.bin.

Streams below 4096 bytes live in the mini stream, the rest in 512-byte sectors. Each storage's children
form a red-black tree ordered as MS-CFB 2.6.4 compares names (shorter first, then by upper case): built
balanced from the sorted names, every level black except a partial last level, which is red. Every path
from a node to a leaf then passes the same number of black nodes and no red node has a red child, for
any number of entries (see :func:`tree`, tested for many counts).
"""

from __future__ import annotations

import math
import struct

SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
RED, BLACK = 0, 1
HEADER_DIFAT = 109  # FAT sectors the header can list; more would need DIFAT sectors


def name_key(name: str) -> tuple[int, str]:
    """MS-CFB's order: by length in UTF-16 code units, then code unit by code unit in simple upper case."""
    units = name.encode("utf-16-le")
    upper = "".join(c.upper() if len(c.upper()) == 1 else c for c in name)
    return (len(units) // 2, upper)


def tree(names: list[str]) -> tuple[int | None, dict[int, tuple[int | None, int | None, int]]]:
    """A red-black tree over ``names``: (root index, {index: (left, right, colour)})."""
    order = sorted(range(len(names)), key=lambda k: name_key(names[k]))
    nodes: dict[int, tuple[int | None, int | None, int]] = {}
    height = len(names).bit_length() - 1  # depth of the deepest level of a size-balanced tree
    full = len(names) == (1 << (height + 1)) - 1

    def build(lo: int, hi: int, depth: int) -> int | None:
        if lo >= hi:
            return None
        mid = (lo + hi) // 2
        k = order[mid]
        colour = RED if depth == height and not full and depth > 0 else BLACK
        nodes[k] = (build(lo, mid, depth + 1), build(mid + 1, hi, depth + 1), colour)
        return k

    return build(0, len(order), 0), nodes


def _chain(fat: list[int], start: int, count: int) -> None:
    for k in range(count):
        fat[start + k] = start + k + 1 if k < count - 1 else END


def write(streams: dict[str, bytes], clsids: dict[str, bytes] | None = None) -> bytes:
    """A compound file holding ``streams`` ("VBA/dir" style paths; storages are implied)."""
    clsids = clsids or {}
    nodes = {"": {"name": "Root Entry", "type": 5, "children": []}}
    for path in sorted(streams):
        parts = path.split("/")
        for d in range(1, len(parts)):
            sp = "/".join(parts[:d])
            if sp not in nodes:
                nodes[sp] = {"name": parts[d - 1], "type": 1, "children": []}
                nodes["/".join(parts[:d - 1])]["children"].append(sp)
        if path in nodes:
            raise ValueError(f"{path} is both a storage and a stream")
        nodes[path] = {"name": parts[-1], "type": 2, "children": []}
        nodes["/".join(parts[:-1])]["children"].append(path)
    for node in nodes.values():
        if len(node["name"]) > 31:
            raise ValueError(f"compound-file names hold at most 31 characters: {node['name']}")
    order = list(nodes)
    sid = {p: i for i, p in enumerate(order)}
    left, right, child, colour = {}, {}, {}, {p: BLACK for p in order}
    for p, node in nodes.items():
        kids = node["children"]
        root, shape = tree([nodes[c]["name"] for c in kids])
        child[p] = NOSTREAM if root is None else sid[kids[root]]
        for k, (lt, rt, col) in shape.items():
            left[kids[k]] = NOSTREAM if lt is None else sid[kids[lt]]
            right[kids[k]] = NOSTREAM if rt is None else sid[kids[rt]]
            colour[kids[k]] = col

    # mini stream for small streams, regular sectors for the rest
    mini, minifat, starts = bytearray(), [], {}
    big = [p for p in streams if len(streams[p]) >= CUTOFF]
    for p in streams:
        if len(streams[p]) < CUTOFF:
            count = math.ceil(len(streams[p]) / MINI)
            if count:
                first = len(mini) // MINI
                minifat.extend(range(first + 1, first + count))
                minifat.append(END)
                mini += streams[p].ljust(count * MINI, b"\0")
                starts[p] = first
            else:
                starts[p] = END
    blobs = [("__mini__", bytes(mini))] + [(p, streams[p]) for p in big]
    n_dir = math.ceil(len(order) * 128 / SECTOR)
    n_minifat = math.ceil(len(minifat) * 4 / SECTOR)
    n_data = sum(math.ceil(len(b) / SECTOR) for _p, b in blobs)
    n_fat = 1
    while n_fat * (SECTOR // 4) < n_data + n_dir + n_minifat + n_fat:
        n_fat += 1
    if n_fat > HEADER_DIFAT:
        raise ValueError("compound file too large for this writer (more than 109 FAT sectors)")
    fat = [FREE] * (n_fat * SECTOR // 4)
    body = bytearray()
    sec = 0
    for p, b in blobs:
        count = math.ceil(len(b) / SECTOR)
        if count:
            _chain(fat, sec, count)
            starts[p] = sec
            body += b.ljust(count * SECTOR, b"\0")
            sec += count
        else:
            starts[p] = END
    dir_start = sec
    _chain(fat, sec, n_dir)
    sec += n_dir
    minifat_start = sec if n_minifat else END
    if n_minifat:
        _chain(fat, sec, n_minifat)
        sec += n_minifat
    fat_start = sec
    for k in range(n_fat):
        fat[fat_start + k] = FATSECT
    directory = bytearray()
    for p in order:
        node = nodes[p]
        name = node["name"].encode("utf-16-le") + b"\0\0"
        if node["type"] == 5:
            start, size = (starts["__mini__"], len(mini)) if mini else (END, 0)
        elif node["type"] == 2:
            start, size = starts[p], len(streams[p])
        else:
            start, size = 0, 0
        directory += struct.pack(
            "<64sHBBIII16sIQQIQ", name.ljust(64, b"\0"), len(name), node["type"], colour[p],
            left.get(p, NOSTREAM), right.get(p, NOSTREAM), child[p], clsids.get(p, b"\0" * 16), 0, 0, 0,
            start, size)
    directory = directory.ljust(n_dir * SECTOR, b"\0")
    for k in range(len(order), n_dir * SECTOR // 128):  # unused entries: empty, no siblings
        struct.pack_into("<III", directory, k * 128 + 68, NOSTREAM, NOSTREAM, NOSTREAM)
    mf = b"".join(struct.pack("<I", x) for x in minifat)
    mf += struct.pack("<I", FREE) * ((n_minifat * SECTOR - len(mf)) // 4)
    difat = [fat_start + k for k in range(n_fat)] + [FREE] * (HEADER_DIFAT - n_fat)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("D0CF11E0A1B11AE1"), b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6,
        b"\0" * 6, 0, n_fat, dir_start, 0, CUTOFF, minifat_start, n_minifat, END, 0,
    ) + struct.pack(f"<{HEADER_DIFAT}I", *difat)
    fat_bytes = b"".join(struct.pack("<I", x) for x in fat)
    return header + bytes(body) + bytes(directory) + mf + fat_bytes
