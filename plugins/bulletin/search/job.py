"""Build the search index beside page rendering: on a large archive it runs in a second process.

MkDocs renders pages on one core; the index (tokenising, weighting, thousands of small files) is independent of
them, so on a 2-core machine it costs almost no wall time when started in `on_files` and collected in
`on_post_build`. Small archives build it inline: a process start would cost more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from bulletin.archive.model import Archive
from bulletin.lifecycle import watch_parent
from bulletin.search.writer import SearchOutput, write_search_index

PARALLEL_FROM = 1000  # items


class SearchJob:
    def __init__(self, archive: Archive, site: Path, shards: int, parallel: bool | None = None,
                 layout: str = "standard"):
        self.archive, self.site, self.shards, self.layout = archive, Path(site), shards, layout
        if parallel is None:
            parallel = len(archive.items) >= PARALLEL_FROM and (os.cpu_count() or 1) > 1
        self.executor: ProcessPoolExecutor | None = None
        self.future: Future | None = None
        if parallel:
            # spawn, not fork: `mkdocs serve` runs threads, and forking a threaded process can deadlock
            # the writer watches this process and exits with it, however it ends (see lifecycle.py)
            self.executor = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                initializer=watch_parent, initargs=(os.getpid(),))
            self.future = self.executor.submit(write_search_index, archive, self.site, shards, layout)

    @property
    def parallel(self) -> bool:
        return self.future is not None

    def result(self) -> SearchOutput:
        if self.future is None:
            return write_search_index(self.archive, self.site, self.shards, self.layout)
        try:
            return self.future.result()
        finally:
            self.executor.shutdown()

    def cancel(self) -> None:
        """Stop at once: a newer build will write the index again."""
        if self.executor is not None:
            for process in list((getattr(self.executor, "_processes", None) or {}).values()):  # None: shut down
                process.terminate()
            self.executor.shutdown(wait=True, cancel_futures=True)
