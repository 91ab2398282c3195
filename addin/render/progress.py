"""A progress bar for folder runs, on stderr, only where somebody watches it.

    from jixiao.addin.render.progress import progress

    for path in progress(files, len(files), "校验中"):
        ...

or, where the work is not a plain loop (results arriving from workers)::

    with progress(None, len(files), "汇总中") as bar:
        for result in pool.map(work, files):
            bar.advance()

The bar (rich) appears only when stderr is a terminal and the run has lasted :data:`DELAY` seconds: a quick
run, a pipe, a log file or a test sees nothing at all, and stdout is never touched, so ``--json`` output
stays clean. The bar is removed when the run ends.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import IO, Any

DELAY = 2.0  # seconds a run must last before a bar is worth showing


class progress:  # lower case: used like a function: `for x in progress(…)`, `with progress(…) as bar`)
    """Iterate ``iterable`` (or call :meth:`advance`) with a bar of ``total`` steps labelled ``label``."""

    def __init__(self, iterable: Iterable | None = None, total: int | None = None, label: str = "处理中",
                 *, stream: IO[str] | None = None, delay: float = DELAY, force: bool | None = None):
        self.iterable = iterable
        if total is None and iterable is not None and hasattr(iterable, "__len__"):
            total = len(iterable)  # type: ignore[arg-type]
        self.total, self.label = total, label
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.enabled = _is_terminal(self.stream) if force is None else force
        self.done = 0
        self._start = time.monotonic()
        self._bar: Any = None  # rich.progress.Progress once shown
        self._task: Any = None

    # --- use as a context manager -------------------------------------------------------------------
    def __enter__(self) -> progress:
        self._start = time.monotonic()
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- use as an iterator -------------------------------------------------------------------------
    def __iter__(self) -> Iterator:
        if self.iterable is None:
            raise TypeError("progress(None, …) 只能用 with … as bar: bar.advance()")
        self._start = time.monotonic()
        try:
            for item in self.iterable:
                yield item
                self.advance()
        finally:
            self.close()

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        if self._bar is None:
            if time.monotonic() - self._start < self.delay or (self.total is not None and self.done >= self.total):
                return
            self._show()
        self._bar.update(self._task, completed=self.done)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None

    @property
    def shown(self) -> bool:
        return self._bar is not None

    def _show(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        console = Console(file=self.stream, force_terminal=True if self.enabled else None)
        columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn()]
        if self.total:
            columns.append(TimeRemainingColumn())
        # lines printed meanwhile go above the bar — only when stdout is that terminal too, else a pipe
        # or a file would receive them on stderr
        self._bar = Progress(*columns, console=console, transient=True, redirect_stdout=_is_terminal(sys.stdout),
                             redirect_stderr=False)
        self._task = self._bar.add_task(self.label, total=self.total, completed=self.done)
        self._bar.start()


def _is_terminal(stream) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # a closed or a fake stream
        return False
