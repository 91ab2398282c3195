"""Assemble jixiao.xlam on any OS, without Excel.

Route: start from xlwings' own quickstart_addin_ribbon.xlam (its VBA project is source-only: the
_VBA_PROJECT version is 0xFFFF, so Excel recompiles from source), replace the source of its ribbon
module with ours (the JixiaoRibbon callback and the JX_ wrappers from xlwings' generator), write
the compound file anew, and swap in our ribbon XML. The module keeps its name, so the dir stream
(module names, offsets) stays byte-identical; only the compressed source after the module's
offset changes.
"""

from __future__ import annotations

import math
import re
import struct
import zipfile
from pathlib import Path

MODULE = "RibbonMyAddin"  # the quickstart's ribbon module, reused under its own name
SECTOR, MINI, CUTOFF = 512, 64, 4096
FREE, END, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


# --- MS-OVBA 2.4.1 compression ---------------------------------------------------------------------

def _bit_count(pos: int) -> int:
    return max(math.ceil(math.log2(pos)), 4) if pos > 1 else 4


def _compress_chunk(chunk: bytes) -> bytes:
    out = bytearray()
    i, n = 0, len(chunk)
    while i < n:
        flag_at = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if i >= n:
                break
            bits = _bit_count(i)
            max_len = (0xFFFF >> bits) + 3
            best_len, best_off = 0, 0
            for j in range(i - 1, max(-1, i - (1 << bits) - 1), -1):
                k = 0
                while k < max_len and i + k < n and chunk[j + k] == chunk[i + k]:
                    k += 1
                if k > best_len:
                    best_len, best_off = k, i - j
                    if k == max_len:
                        break
            if best_len >= 3:
                token = ((best_off - 1) << (16 - bits)) | (best_len - 3)
                out += struct.pack("<H", token)
                flags |= 1 << bit
                i += best_len
            else:
                out.append(chunk[i])
                i += 1
        out[flag_at] = flags
    return bytes(out)


def ovba_compress(data: bytes) -> bytes:
    out = bytearray([0x01])
    for start in range(0, len(data), 4096):
        chunk = data[start:start + 4096]
        comp = _compress_chunk(chunk)
        if len(comp) <= 4096 - 2 or len(chunk) < 4096:
            out += struct.pack("<H", ((len(comp) + 2 - 3) & 0xFFF) | 0xB000) + comp
        else:  # incompressible full chunk: stored raw
            out += struct.pack("<H", (4096 + 2 - 3) | 0x3000) + chunk
    return bytes(out)


# --- a compound file (CFB v3) writer ----------------------------------------------------------------

def _chain(fat: list[int], start: int, count: int) -> None:
    for k in range(count):
        fat[start + k] = start + k + 1 if k < count - 1 else END


def cfb_write(streams: dict[str, bytes], clsids: dict[str, bytes] | None = None) -> bytes:
    """A compound file holding ``streams`` ("VBA/dir" style paths; storages are implied)."""
    clsids = clsids or {}
    # directory tree: root, storages, streams
    nodes = {"": {"name": "Root Entry", "type": 5, "children": []}}
    for path in sorted(streams):
        parts = path.split("/")
        for d in range(1, len(parts)):
            sp = "/".join(parts[:d])
            if sp not in nodes:
                nodes[sp] = {"name": parts[d - 1], "type": 1, "children": []}
                nodes["/".join(parts[:d - 1])]["children"].append(sp)
        nodes[path] = {"name": parts[-1], "type": 2, "children": []}
        nodes["/".join(parts[:-1])]["children"].append(path)
    order = list(nodes)
    sid = {p: i for i, p in enumerate(order)}

    def key(p):
        n = nodes[p]["name"]
        return (len(n), n.upper())

    left, right, child = {}, {}, {}

    def balance(items):
        if not items:
            return NOSTREAM
        items = sorted(items, key=key)
        mid = len(items) // 2
        left[items[mid]] = balance(items[:mid])
        right[items[mid]] = balance(items[mid + 1:])
        return sid[items[mid]]

    for p, node in nodes.items():
        child[p] = balance(node["children"])
    # mini stream for small streams, regular sectors for the rest
    mini, minifat, starts = bytearray(), [], {}
    big = [p for p in streams if len(streams[p]) >= CUTOFF]
    for p in streams:
        if len(streams[p]) < CUTOFF:
            first = len(mini) // MINI
            count = max(1, math.ceil(len(streams[p]) / MINI)) if streams[p] else 0
            if count:
                minifat.extend(range(first + 1, first + count))
                minifat.append(END)
                mini += streams[p] + b"\0" * (count * MINI - len(streams[p]))
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
    fat = [FREE] * (n_fat * SECTOR // 4)
    body = bytearray()
    sec = 0
    for p, b in blobs:
        count = math.ceil(len(b) / SECTOR)
        if count:
            _chain(fat, sec, count)
            starts[p] = sec
            body += b + b"\0" * (count * SECTOR - len(b))
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
            start, size = starts["__mini__"] if mini else END, len(mini)
        elif node["type"] == 2:
            start, size = starts[p], len(streams[p])
        else:
            start, size = 0, 0
        directory += struct.pack(
            "<64sHBBIII16sIQQIQ", name.ljust(64, b"\0"), len(name), node["type"], 1,
            left.get(p, NOSTREAM), right.get(p, NOSTREAM), child[p], clsids.get(p, b"\0" * 16), 0, 0, 0,
            start, size)
    directory += b"\0" * (n_dir * SECTOR - len(directory))
    for k in range(len(order), n_dir * SECTOR // 128):  # unused entries: empty, no siblings
        struct.pack_into("<III", directory, k * 128 + 68, NOSTREAM, NOSTREAM, NOSTREAM)
    mf = b"".join(struct.pack("<I", x) for x in minifat)
    mf += struct.pack("<I", FREE) * ((n_minifat * SECTOR - len(mf)) // 4)
    difat = [fat_start + k for k in range(n_fat)] + [FREE] * (109 - n_fat)
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("D0CF11E0A1B11AE1"), b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6,
        b"\0" * 6, 0, n_fat, dir_start, 0, CUTOFF, minifat_start, n_minifat, END, 0,
    ) + struct.pack("<109I", *difat)
    fat_bytes = b"".join(struct.pack("<I", x) for x in fat)
    return header + bytes(body) + bytes(directory) + mf + fat_bytes


# --- the add-in --------------------------------------------------------------------------------------

PROJECT = "jixiao"
CONF_SHEET = f"{PROJECT}.conf"


def module_source(stream: bytes) -> str:
    from oletools.olevba import decompress_stream

    return decompress_stream(bytearray(stream[_module_offset(stream):])).decode("cp1252")


def _replace_source(streams: dict, module: str, change) -> None:
    old = streams[f"VBA/{module}"]
    off = _module_offset(old)
    new = change(module_source(old)).replace("\r\n", "\n").replace("\n", "\r\n")
    streams[f"VBA/{module}"] = old[:off] + ovba_compress(new.encode("cp1252"))


def _module_offset(data: bytes) -> int:
    """Where the compressed source starts in a module stream (after its cache header)."""
    from oletools.olevba import decompress_stream

    for i in range(len(data)):
        if data[i] == 1:
            try:
                if decompress_stream(bytearray(data[i:])).startswith(b"Attribute VB_Name"):
                    return i
            except Exception:
                continue
    raise ValueError("module source not found")


def build_xlam(out, python_module: str = "jixiao.udfs.xl") -> dict:
    import olefile
    import xlwings

    from .ribbon import callback_vba, ribbon_xml
    from .vba import udf_wrappers_bas

    base = Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"
    with zipfile.ZipFile(base) as z:
        infos = z.infolist()
        parts = {i.filename: z.read(i.filename) for i in infos}
    ole = olefile.OleFileIO(parts["xl/vbaProject.bin"])
    streams = {"/".join(e): ole.openstream(e).read() for e in ole.listdir()}
    clsids = {"": bytes.fromhex(ole.root.clsid.replace("-", "")) if ole.root.clsid else b"\0" * 16}
    udfs = udf_wrappers_bas().split("\n", 1)[1]  # drop its own VB_Name line
    source = f'Attribute VB_Name = "{MODULE}"\r\n' + callback_vba() + "\r\n" + udfs
    _replace_source(streams, MODULE, lambda _old: source)
    # the runtime reads its config sheet "<PROJECT_NAME>.conf" and ~/.<PROJECT_NAME>/<PROJECT_NAME>.conf
    _replace_source(streams, "xlwings", lambda old: re.sub(
        r'Public Const PROJECT_NAME As String = "[^"]*"', f'Public Const PROJECT_NAME As String = "{PROJECT}"', old))
    parts["xl/vbaProject.bin"] = cfb_write(streams, clsids)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'name="_myaddin.conf"', f'name="{CONF_SHEET}"'.encode())
    # ribbon: the 2009 schema lives in customUI14.xml with its own relationship type
    parts.pop("customUI/customUI.xml", None)
    parts["customUI/customUI14.xml"] = ribbon_xml().encode("utf-8")
    rels = parts["_rels/.rels"].decode("utf-8")
    rels = re.sub(r'<Relationship\b[^>]*customUI/customUI\.xml"[^>]*/>', "", rels)
    rels = rels.replace("</Relationships>", '<Relationship Id="jxRibbon" Type="http://schemas.microsoft.com/office/'
                        '2007/relationships/ui/extensibility" Target="customUI/customUI14.xml"/></Relationships>')
    parts["_rels/.rels"] = rels.encode("utf-8")
    names = [i.filename for i in infos if i.filename in parts] + ["customUI/customUI14.xml"]
    out = Path(out)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for n in dict.fromkeys(names):
            z.writestr(n, parts[n])
    from .xlsx_patch import CellWrite, patch_workbook

    patch_workbook(tmp, out, [CellWrite(CONF_SHEET, "B6", python_module)])  # row 6 is "UDF Modules"
    tmp.unlink()
    return {"modules": sorted(p.split("/")[1] for p in streams if p.startswith("VBA/") and p not in (
        "VBA/dir", "VBA/_VBA_PROJECT")), "source": source}
