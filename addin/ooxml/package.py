"""The zip a workbook is: opened safely, read part by part, written back atomically with every other part
(entry order, metadata, compression) as it was.

Safety before anything is inflated: the entry count, the declared sizes and compression ratios (zip bombs),
the encryption flag. A temp file for atomic writing is named ``.~jixiao-….tmp`` beside its target: folder
scans skip that pattern, and :func:`remove_stale_temps` clears what a killed run left.
"""

from __future__ import annotations

import os
import stat
import time
import zipfile
from pathlib import Path

from jixiao.udfs.errors import PackageError, PatchError, os_reason

MAX_TOTAL = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 10_000
TEMP_PREFIX = ".~jixiao-"
TEMP_SUFFIX = ".tmp"


__all__ = ["PackageError", "PatchError"]  # the error root's classes, as this layer's callers know them

def is_temp(path: Path) -> bool:
    return path.name.startswith(TEMP_PREFIX) and path.name.endswith(TEMP_SUFFIX)


class Package:
    """A workbook zip, opened for reading. Use as a context manager."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        try:
            self.zf = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, EOFError, ValueError) as e:
            raise PackageError("{file}：文件已损坏（无法解压：{detail}）", file=self.path.name, detail=e) from None
        except OSError as e:
            raise PackageError("{file}：无法打开（{value}）", file=self.path.name, value=why(e)) from None
        self.infos = self.zf.infolist()
        self.names = {i.filename: i for i in self.infos}
        self._check()

    def _check(self) -> None:
        name = self.path.name
        if len(self.infos) > MAX_ENTRIES:
            raise PackageError("{file}：压缩包内文件多达 {count:,} 个，不像是工作簿，疑似压缩炸弹", file=name, count=len(self.infos))
        total = 0
        for i in self.infos:
            if i.flag_bits & 0x1:
                raise PackageError("{file}：文件已加密，请先在 Excel 中取消密码后再处理", file=name)
            total += i.file_size
            if i.file_size > 1_000_000 and i.compress_size and i.file_size / i.compress_size > MAX_RATIO:
                raise PackageError("{file}：{filename} 压缩比异常（疑似压缩炸弹），拒绝读取", file=name, filename=i.filename)
        if total > MAX_TOTAL:
            raise PackageError("{file}：解压后超过 200 MB，疑似压缩炸弹，拒绝读取", file=name)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.zf.close()

    def has(self, part: str) -> bool:
        return part in self.names

    def read(self, part: str) -> bytes:
        try:
            return self.zf.read(part)
        except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile, KeyError) as e:
            raise PackageError("{file}：文件已损坏，无法解压 {part}（{detail}）", file=self.path.name, part=part, detail=e) from None

    def chunks(self, part: str, size: int = 1 << 16):
        """A part's bytes in chunks, inflated lazily (the sheet reader streams)."""
        try:
            with self.zf.open(part) as f:
                while chunk := f.read(size):
                    yield chunk
        except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile) as e:
            raise PackageError("{file}：文件已损坏，无法解压 {part}（{detail}）", file=self.path.name, part=part, detail=e) from None

    def read_all(self) -> dict[str, bytes]:
        return {i.filename: self.read(i.filename) for i in self.infos}


why = os_reason  # the one reading of an OSError in Chinese


def write_package(dst, infos: list[zipfile.ZipInfo], parts: dict[str, bytes], drop=(), extra=()) -> None:
    """Write ``parts`` as a zip at ``dst`` atomically: entries in the order of ``infos`` (same metadata and
    compression), minus ``drop``, then the new parts named in ``extra``. An existing ``dst`` keeps its
    permission bits; a read-only ``dst`` is refused."""
    dst = Path(dst)
    mode = None
    if dst.exists():
        mode = stat.S_IMODE(dst.stat().st_mode)
        if not os.access(dst, os.W_OK) or not mode & stat.S_IWUSR:
            raise PackageError("{file}：文件是只读的，未改写（请取消只读属性，或用 -o 另存）", file=dst.name)
    if not dst.parent.is_dir():
        raise PackageError("{file}：所在文件夹“{parent}”不存在", file=dst, parent=dst.parent)

    def fill(f) -> None:
        with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
            for i in infos:
                if i.filename not in drop:
                    z.writestr(i, parts[i.filename], compress_type=i.compress_type)
            for name in extra:
                z.writestr(name, parts[name])

    try:
        atomic_write(dst, fill, mode)
    except PermissionError:
        raise PackageError("{file}：无法写入（没有权限，文件可能正被 Excel 占用）", file=dst.name) from None
    except OSError as e:
        raise PackageError("{file}：无法写入（{value}）", file=dst.name, value=why(e)) from None


def atomic_write(dst, fill, mode: int | None = None) -> None:
    """Write a file whole or not at all: ``fill(f)`` writes into a temp file beside ``dst`` (opened for writing,
    so the fsync works on Windows too, where it needs a writable handle), which then replaces ``dst``. A
    failure leaves ``dst`` as it was and no temp file behind."""
    dst = Path(dst)
    tmp = dst.with_name(f"{TEMP_PREFIX}{os.getpid()}-{dst.name}{TEMP_SUFFIX}")
    try:
        with open(tmp, "wb") as f:
            fill(f)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def remove_stale_temps(folder: Path, older_than: float = 3600) -> list[Path]:
    """Temp files a killed run of ours left in ``folder`` (an hour old or more)."""
    gone = []
    now = time.time()
    try:
        entries = list(folder.iterdir())
    except OSError:
        return gone
    for p in entries:
        try:
            if is_temp(p) and p.is_file() and now - p.stat().st_mtime >= older_than:
                p.unlink()
                gone.append(p)
        except OSError:
            continue
    return gone
