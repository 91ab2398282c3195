"""MS-OVBA: the compression of VBA source and the ``dir`` stream's records, as the add-in builder needs them.

- :func:`compress` implements MS-OVBA 2.4.1.3 (LZ77 copy tokens in 4096-byte chunks). A chunk whose
  tokens would not fit the 12-bit size field is stored raw, as the spec's own algorithm does: a raw
  chunk always holds 4096 bytes, so a short incompressible *last* chunk is padded with zeros (VBA
  source never gets there: text compresses; :func:`compress` with ``exact=True`` refuses instead).
- :func:`records` walks the decompressed ``dir`` stream (MS-OVBA 2.3.4.2); :func:`modules` reads each
  module's stream name and source offset from it; :func:`source_only_dir` sets every MODULEOFFSET to 0,
  the layout of a project that holds source and no compiled P-code.

Decompression is oletools' (``oletools.olevba.decompress_stream``), an independent implementation.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

CHUNK = 4096
_COMPRESSED, _RAW = 0xB000, 0x3000  # header: signature 0b011 in bits 12-14, flag in bit 15
MAX_CHUNK_DATA = CHUNK  # a chunk is at most 4098 bytes: 2 header bytes + 4096


def _bit_count(pos: int) -> int:
    """Bits of a copy token's offset at ``pos`` bytes into the chunk (MS-OVBA 2.4.1.3.19.1)."""
    bits = max((pos - 1).bit_length(), 4) if pos > 1 else 4
    return min(bits, 12)


def _tokens(chunk: bytes, limit: int) -> bytes | None:
    """The chunk as flag bytes and tokens, or None once it would exceed ``limit`` bytes."""
    out = bytearray()
    heads: dict[bytes, list[int]] = {}  # 3-byte prefix → positions, a hash chain for the match search
    i, n = 0, len(chunk)

    def remember(p: int) -> None:
        if p + 3 <= n:
            heads.setdefault(chunk[p:p + 3], []).append(p)

    while i < n:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if i >= n:
                break
            bits = _bit_count(i)
            max_len = (0xFFFF >> bits) + 3
            lowest = i - (1 << bits)
            best_len = best_off = 0
            for j in reversed(heads.get(chunk[i:i + 3], ())):
                if j < lowest:
                    break
                k = 3
                while k < max_len and i + k < n and chunk[j + k] == chunk[i + k]:
                    k += 1
                if k > best_len:
                    best_len, best_off = k, i - j
                    if k == max_len:
                        break
            if best_len >= 3:
                out += struct.pack("<H", ((best_off - 1) << (16 - bits)) | (best_len - 3))
                flags |= 1 << bit
                for p in range(i, i + best_len):
                    remember(p)
                i += best_len
            else:
                out.append(chunk[i])
                remember(i)
                i += 1
        out[flag_at] = flags
        if len(out) > limit:
            return None
    return bytes(out)


def compress(data: bytes, exact: bool = False) -> bytes:
    """A CompressedContainer for ``data``. ``exact``: refuse (ValueError) rather than pad a last raw chunk."""
    out = bytearray([0x01])
    for start in range(0, len(data), CHUNK):
        chunk = data[start:start + CHUNK]
        tokens = _tokens(chunk, MAX_CHUNK_DATA)
        if tokens is not None:
            out += struct.pack("<H", _COMPRESSED | (len(tokens) + 2 - 3)) + tokens
            continue
        if len(chunk) < CHUNK and exact:
            raise ValueError("最后一段数据无法压缩，按 MS-OVBA 须补零到 4096 字节，会改变内容")
        out += struct.pack("<H", _RAW | (CHUNK + 2 - 3)) + chunk.ljust(CHUNK, b"\0")
    return bytes(out)


def chunk_sizes(container: bytes) -> list[tuple[bool, int]]:
    """(compressed?, total bytes) of each chunk, read from the headers; raises if they do not tile the container."""
    if not container or container[0] != 0x01:
        raise ValueError("not a CompressedContainer")
    out, i = [], 1
    while i < len(container):
        (head,) = struct.unpack_from("<H", container, i)
        if (head >> 12) & 0b111 != 0b011:
            raise ValueError(f"bad chunk signature at {i}")
        size = (head & 0x0FFF) + 3
        compressed = bool(head & 0x8000)
        if not compressed and size != CHUNK + 2:
            raise ValueError(f"raw chunk of {size} bytes at {i}")
        if i + size > len(container):
            raise ValueError(f"chunk at {i} runs past the end")
        out.append((compressed, size))
        i += size
    return out


def decompress(data: bytes) -> bytes:
    from oletools.olevba import decompress_stream

    return bytes(decompress_stream(bytearray(data)))


# --- the dir stream -----------------------------------------------------------------------------------

PROJECTVERSION, MODULENAME, MODULESTREAMNAME, MODULEOFFSET, MODULE_TERMINATOR = 0x09, 0x19, 0x1A, 0x31, 0x2B


def records(d: bytes):
    """(id, data offset, data size) of every record; PROJECTVERSION's size field says 4 but 6 bytes follow."""
    i = 0
    while i + 6 <= len(d):
        rid, size = struct.unpack_from("<HI", d, i)
        if rid == PROJECTVERSION:
            size = 6
        if i + 6 + size > len(d):
            raise ValueError(f"dir record 0x{rid:04X} at {i} runs past the end")
        yield rid, i + 6, size
        i += 6 + size


@dataclass
class Module:
    name: str
    stream: str
    offset: int
    offset_at: int  # where its MODULEOFFSET value sits in the decompressed dir


def modules(d: bytes, codepage: str = "cp1252") -> list[Module]:
    out, cur = [], {}
    for rid, at, size in records(d):
        if rid == MODULENAME:
            cur = {"name": d[at:at + size].decode(codepage)}
        elif rid == MODULESTREAMNAME:
            cur["stream"] = d[at:at + size].decode(codepage)
        elif rid == MODULEOFFSET:
            cur["offset"], cur["offset_at"] = struct.unpack_from("<I", d, at)[0], at
        elif rid == MODULE_TERMINATOR and cur:
            out.append(Module(**cur))
            cur = {}
    return out


def source_only_dir(d: bytes) -> bytes:
    """The dir stream with every MODULEOFFSET 0: each module stream is its compressed source alone."""
    out = bytearray(d)
    for m in modules(d):
        struct.pack_into("<I", out, m.offset_at, 0)
    return bytes(out)


def source_only_vba_project(old: bytes) -> bytes:
    """_VBA_PROJECT (MS-OVBA 2.3.4.1) with Version 0xFFFF and no PerformanceCache: Office recompiles from source."""
    reserved3 = old[5:7] if len(old) >= 7 else b"\x00\x01"
    return b"\xcc\x61\xff\xff\x00" + reserved3
