"""A workbook package as parts: read every zip member, write them back in the same order, with the
same entry metadata and compression, replacing or dropping only what the caller changed."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path


def read_parts(path) -> tuple[list[zipfile.ZipInfo], dict[str, bytes]]:
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        return infos, {i.filename: z.read(i.filename) for i in infos}


def write_parts(dst, infos: list[zipfile.ZipInfo], parts: dict[str, bytes], drop=(), extra=()) -> None:
    """Write atomically: a temp file beside ``dst``, then os.replace (the original is never half-written).
    ``extra`` names parts not in ``infos`` (new parts), appended after the originals."""
    dst = Path(dst)
    tmp = dst.with_name(f".{dst.name}.jixiao-tmp")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
            for i in infos:
                if i.filename not in drop:
                    z.writestr(i, parts[i.filename], compress_type=i.compress_type)
            for name in extra:
                z.writestr(name, parts[name])
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
