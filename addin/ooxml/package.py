"""The zip a workbook is: opened safely, read part by part, written back atomically with every other part
(entry order, metadata, compression) as it was.

Safety before anything is inflated: the entry count, the declared sizes and compression ratios (zip bombs),
the encryption flag, entries named twice. A temp file for atomic writing is named ``.~jixiao-….tmp`` beside
its target: folder scans skip that pattern, and :func:`remove_stale_temps` clears what a killed run left.

:func:`atomic_write` is the one way the project writes a file (package patches, openpyxl and python-docx
saves, the summary, the report, templates); an OS error becomes Chinese in one place, :func:`why`
(``jixiao.udfs.errors.os_reason``).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import time
import zipfile
from contextlib import contextmanager
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
        try:
            self._check()
        except PackageError:
            self.zf.close()
            raise

    def _check(self) -> None:
        name = self.path.name
        if len(self.names) != len(self.infos):  # zipfile reads the last of two same-named entries, Excel refuses
            seen: set[str] = set()
            twice = next(i.filename for i in self.infos if i.filename in seen or seen.add(i.filename))
            raise PackageError("{file}：压缩包内有两个同名的部件“{part}”，无法确定哪一个有效，拒绝读取"
                               "（文件可能被篡改或由有缺陷的程序生成，请在 Excel 中打开后另存）", file=name, part=twice)
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


why = os_reason  # the one reading of an OSError in Chinese (jixiao.udfs.errors)


def as_os_error(e: BaseException) -> OSError | None:
    """The OS error behind a failed save: an OSError itself, or lxml's SerialisationError("IO_ENOSPC") that
    openpyxl's streaming writer raises when its temp file hits a full disk."""
    if isinstance(e, OSError):
        return e
    text = str(e)
    if type(e).__name__ == "SerialisationError" and text.startswith("IO_"):
        code = getattr(errno, text[3:], errno.EIO)
        return OSError(code, os.strerror(code))
    return None


NAME_MAX = 255  # bytes per path component on Linux/macOS (UTF-8: a Chinese character is 3); Windows: 255 chars


def fit_name(path: Path, reserve: int = 0) -> Path:
    """``path`` with its stem cut (at a character, never inside one) so the name has room for ``reserve``
    more bytes within :data:`NAME_MAX`; the suffix is kept. Returns ``path`` itself when it fits."""
    room = NAME_MAX - reserve
    if len(path.name.encode("utf-8")) <= room:
        return path
    suffix = path.suffix if len(path.suffix.encode("utf-8")) < 16 else ""
    stem = path.name[: len(path.name) - len(suffix)] if suffix else path.name
    import hashlib  # here, not at import: a check that reads a file never needs it

    digest = hashlib.sha1(path.name.encode("utf-8")).hexdigest()[:6]  # two long names cut alike stay apart
    keep = room - len(suffix.encode("utf-8")) - len(digest) - 1
    cut = stem.encode("utf-8")[:max(keep, 1)].decode("utf-8", "ignore")
    return path.with_name(f"{cut}~{digest}{suffix}")


# The workbook part's content type → the extension Excel insists on (it refuses to open a macro workbook
# named .xlsx, and the reverse: "the file format or extension is not valid").
_MAIN_TYPES = (
    (b"application/vnd.ms-excel.sheet.macroEnabled.main+xml", ".xlsm", "启用宏的工作簿"),
    (b"application/vnd.ms-excel.template.macroEnabled.main+xml", ".xltm", "启用宏的模板"),
    (b"application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml", ".xltx", "模板"),
    (b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", ".xlsx", "工作簿"),
)
WORKBOOK_SUFFIXES = tuple(t[1] for t in _MAIN_TYPES)


def suffix_of_types(content_types: bytes | None) -> tuple[str, str] | None:
    """(extension, what it is) the package's content calls for, from its [Content_Types].xml."""
    for mime, suffix, what in _MAIN_TYPES:
        if content_types and mime in content_types:
            return suffix, what
    return None


def content_suffix(path) -> str | None:
    """The extension a workbook file's content calls for (.xlsm for a macro workbook), None if unknown."""
    try:
        with zipfile.ZipFile(path) as z:
            found = suffix_of_types(z.read("[Content_Types].xml"))
    except (OSError, zipfile.BadZipFile, KeyError, EOFError, ValueError):
        return None
    return found[0] if found else None


def check_suffix(dst: Path, content_types: bytes | None) -> None:
    """Refuse to write a package under an extension its content contradicts (a macro workbook as .xlsx)."""
    found = suffix_of_types(content_types)
    if found is None or dst.suffix.lower() not in WORKBOOK_SUFFIXES or dst.suffix.lower() == found[0]:
        return
    raise PackageError("{file}：内容是{kind}，扩展名应为 {suffix}，Excel 不打开扩展名与内容不符的文件；未写入，请改用“{name}”",
                       file=dst.name, kind=found[1], suffix=found[0], name=f"{dst.stem}{found[0]}")


def write_package(dst, infos: list[zipfile.ZipInfo], parts: dict[str, bytes], drop=(), extra=()) -> None:
    """Write ``parts`` as a zip at ``dst`` atomically: entries in the order of ``infos`` (same metadata and
    compression), minus ``drop``, then the new parts named in ``extra``. An existing ``dst`` keeps its
    permission bits; a read-only ``dst`` is refused."""
    dst = Path(dst)
    mode = None
    try:
        exists = dst.exists()
    except OSError as e:  # a name too long for the file system
        raise PackageError("{file}：无法写入（{value}）", file=dst.name, value=why(e)) from None
    if exists:
        mode = stat.S_IMODE(dst.stat().st_mode)
        if not os.access(dst, os.W_OK) or not mode & stat.S_IWUSR:
            raise PackageError("{file}：文件是只读的，未改写（请取消只读属性，或用 -o 另存）", file=dst.name)
    if not dst.parent.is_dir():
        raise PackageError("{file}：所在文件夹“{parent}”不存在", file=dst, parent=dst.parent)
    check_suffix(dst, parts.get("[Content_Types].xml"))

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


def temp_path(dst: Path) -> Path:
    """The temp file beside ``dst``: ``.~jixiao-<pid>-<name>.tmp``, the name cut so it fits the file system."""
    head, tail = f"{TEMP_PREFIX}{os.getpid()}-", TEMP_SUFFIX
    name = fit_name(Path(dst.name), len((head + tail).encode("utf-8"))).name
    return dst.with_name(f"{head}{name}{tail}")


class _Sink:
    """The temp file as the writer sees it. After the first failed write every later write, seek and flush is
    a no-op: a library's ZipFile left open by the failure writes its central directory from ``__del__`` or
    ``__exit__`` into nothing, instead of printing "Exception ignored …" or masking the real error."""

    def __init__(self, f):
        self._f = f
        self.error: BaseException | None = None

    _pos = 0  # after a failure: where the writer believes it is, so its arithmetic stays in range

    def _guard(self, name, *a):
        if self.error is not None:
            return None
        try:
            return getattr(self._f, name)(*a)
        except OSError as e:
            self.fail(e)
            raise

    def fail(self, e: BaseException) -> None:
        if self.error is None:
            self.error = e
            try:
                self._pos = self._f.tell()
            except (OSError, ValueError):
                self._pos = 0

    def write(self, b):
        if self.error is not None:
            self._pos += len(b)
            return len(b)
        return self._guard("write", b)

    def tell(self):
        return self._pos if self.error is not None else self._guard("tell")

    def seek(self, offset, whence=0):
        if self.error is not None:
            self._pos = offset if whence == 0 else self._pos + offset if whence == 1 else self._pos
            return self._pos
        return self._guard("seek", offset, whence)

    def flush(self):
        return self._guard("flush")

    def truncate(self, *a):
        return self._guard("truncate", *a)

    def seekable(self):
        return True

    def writable(self):
        return True

    def readable(self):
        return False

    def close(self):  # the writer does not own the file
        pass

    @property
    def closed(self):
        return False


@contextmanager
def _quiet_destructors():
    """Objects a failed save leaves behind (openpyxl's worksheet streams, zip files) are freed here, their
    destructors' complaints about the same full disk swallowed: the error is reported once, in Chinese."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        yield
    finally:
        import gc  # failure paths only

        gc.collect()
        sys.unraisablehook = hook


def atomic_write(dst, fill, mode: int | None = None, *, replace: bool = True) -> None:
    """Write a file whole or not at all: ``fill(f)`` writes into a temp file beside ``dst`` (opened for writing,
    so the fsync works on Windows too, where it needs a writable handle), which then replaces ``dst``. A
    failure leaves ``dst`` as it was and no temp file behind, and surfaces as an :class:`OSError` (a full disk
    seen by lxml included) — say it with :func:`why`. ``replace=False``: an existing ``dst`` is never replaced
    (:class:`FileExistsError`, also when it appeared while writing)."""
    dst = Path(dst)
    tmp = temp_path(dst)
    sink = None
    try:
        with open(tmp, "wb") as f:
            sink = _Sink(f)
            fill(sink)
            if sink.error is not None:  # the writer swallowed it (a ZipFile's close after a failed write)
                raise sink.error
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        if replace:
            os.replace(tmp, dst)
        else:
            _place_new(tmp, dst)
    except BaseException as e:
        if sink is not None:
            sink.fail(e)  # whatever runs later writes into nothing
        with _quiet_destructors():
            _drop_frames(e)
        tmp.unlink(missing_ok=True)
        err = as_os_error(e)
        if err is None or err is e:
            raise
        raise err from None


def _drop_frames(e: BaseException) -> None:
    """Free the locals of the frames the failure went through (its whole chain of causes): what a library left
    open there is closed now, inside :func:`_quiet_destructors`, not at some later collection."""
    seen = set()
    while e is not None and id(e) not in seen:
        seen.add(id(e))
        import traceback

        traceback.clear_frames(e.__traceback__)
        e = e.__cause__ or e.__context__


def _place_new(tmp: Path, dst: Path) -> None:
    try:
        os.link(tmp, dst)  # fails if dst exists: never overwritten
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if dst.exists():
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(dst)) from None
        os.replace(tmp, dst)
        return
    tmp.unlink(missing_ok=True)


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
