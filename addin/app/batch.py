"""A folder of files through the pipeline on every core: results come back in the order of the input, one at
a time, so a caller writes each and lets it go (memory stays flat however many files), with a progress bar
on a terminal.

Workers return only what the caller prints or keeps (a JSON entry, a scored model without its grids); a
file that breaks a worker in a way the pipeline did not foresee becomes that file's Chinese error, never the
end of the run.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from functools import partial

from jixiao.udfs.errors import InternalError

from ..render.progress import progress

MIN_PARALLEL = 8  # fewer files than this: a pool costs more than it saves


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 16))


def for_each(fn: Callable, items: Iterable, jobs: int | None = None, label: str = "处理中", **kwargs) -> Iterator:
    """``fn(item, **kwargs)`` for every item, in order; in ``jobs`` worker processes where that pays."""
    items = list(items)
    work = partial(_guarded, fn, **kwargs)
    jobs = default_jobs() if jobs is None else max(1, jobs)
    with progress(None, len(items), label) as bar:
        if jobs == 1 or len(items) < MIN_PARALLEL:
            for item in items:
                yield work(item)
                bar.advance()
            return
        from concurrent.futures import ProcessPoolExecutor  # loads multiprocessing: only for a folder

        chunk = max(1, min(16, len(items) // (jobs * 8)))
        with ProcessPoolExecutor(max_workers=min(jobs, len(items))) as ex:
            for result in ex.map(work, items, chunksize=chunk):
                yield result
                bar.advance()


def _guarded(fn: Callable, item, **kwargs):
    try:
        return fn(item, **kwargs)
    except Exception as e:  # a bad file never stops the run: it becomes that file's error
        path = str(item[0] if isinstance(item, tuple) else item)
        return Crash(path, InternalError("{file}：处理失败（{kind}：{detail}）", file=os.path.basename(path),
                                         kind=type(e).__name__, detail=str(e)))


class Crash:
    """What a worker returns for a file it could not handle at all."""

    def __init__(self, file: str, error: InternalError):
        self.file, self.error = file, error
