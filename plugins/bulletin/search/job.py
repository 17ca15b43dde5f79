"""Build the search index beside page rendering: on a large archive it runs in a second process.

MkDocs renders pages on one core; the index (tokenising, weighting, thousands of small files) is independent of
them, so on a 2-core machine it costs almost no wall time when started in `on_files` and collected in
`on_post_build`. Small archives build it inline: a process start would cost more than it saves.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.connection import wait
from pathlib import Path

from bulletin.archive.model import Archive
from bulletin.lifecycle import GRACE, adopt, disown, watch_parent
from bulletin.search.writer import AUTO, SearchOutput, write_search_index

PARALLEL_FROM = 1000  # items


class SearchJob:
    def __init__(self, archive: Archive, site: Path, shards: int, parallel: bool | None = None,
                 layout: str = AUTO, file_budget: int | None = None):
        self.archive, self.site, self.shards, self.layout = archive, Path(site), shards, layout
        self.file_budget = file_budget
        if parallel is None:
            parallel = len(archive.items) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1
        self.executor: ProcessPoolExecutor | None = None
        self.future: Future | None = None
        if parallel:
            # before the pool exists: a signal while it starts up must find it (lifecycle.py)
            adopt(self, self._terminate)
            # spawn, not fork: `mkdocs serve` runs threads, and forking a threaded process can deadlock
            # the writer watches this process and exits with it, however it ends (see lifecycle.py)
            self.executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                initializer=watch_parent, initargs=(os.getpid(),))
            self.future = self.executor.submit(write_search_index, archive, self.site, shards, layout, file_budget)

    @property
    def parallel(self) -> bool:
        return self.future is not None

    def result(self) -> SearchOutput:
        if self.future is None:
            return write_search_index(self.archive, self.site, self.shards, self.layout, self.file_budget)
        try:
            return self.future.result()
        finally:
            self.executor.shutdown()
            disown(self)

    def _processes(self) -> list:
        executor = getattr(self, "executor", None)
        return list((getattr(executor, "_processes", None) or {}).values())  # None: shut down

    def _terminate(self) -> None:
        """SIGTERM to the writer, returning at once (called from a signal handler too)."""
        for process in self._processes():
            with contextlib.suppress(OSError, ValueError):  # exited, or already closed
                process.terminate()

    def cancel(self, grace: float = GRACE) -> None:
        """Stop at once: a newer build will write the index again, or the preview is ending. The writer has
        `grace` s after SIGTERM, then SIGKILL; none is left running when this returns."""
        if self.executor is not None:
            processes = self._processes()
            self._terminate()
            ended = wait([p.sentinel for p in processes], grace) if processes else []
            for process in processes:
                if process.sentinel not in ended:  # SIGTERM ignored or not yet handled: no more waiting
                    process.kill()
                    process.join()
            # the manager thread sees the pool broken and ends: nothing is left for Python's exit to wait on
            self.executor.shutdown(wait=True, cancel_futures=True)
        disown(self)
