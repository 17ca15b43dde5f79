"""Python's cycle collector, held back where a build allocates millions of objects that are never garbage.

Each full pass of the collector walks every live container. A build holds the archive, its pages and, in the
index writer, millions of postings — so the passes grow with the archive and find almost nothing: at 10,000
items they were a quarter of the index writer's time and ~15% of page rendering (docs/decisions.md). The writer
makes no cycles worth collecting, so it runs with the collector off; page rendering does (Markdown instances),
so there the objects that live through the build are frozen out of the passes and the passes come less often.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

RENDER_THRESHOLDS = (20000, 10, 10)  # CPython 3.11 runs a gen-0 pass every 700 net allocations
_saved: list[tuple[int, int, int]] = []


@contextmanager
def collector_off() -> Iterator[None]:
    """Run a block that makes no cyclic garbage without the collector; the previous state comes back after."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def hold_back() -> None:
    """From here to `release`: what exists now (config, archive, page specs) is left out of collections, and
    collections run less often. Idempotent, so a failed build that never reached `release` does no harm."""
    if not _saved:
        _saved.append(gc.get_threshold())
    gc.freeze()
    gc.set_threshold(*RENDER_THRESHOLDS)


def release(collect_after: float | None = None) -> None:
    """Back to normal: `mkdocs serve` lives on, and what this build froze may be garbage in the next.

    A preview gives `collect_after` seconds: the next build freezes whatever is left when it starts, cycles of
    this build's garbage included (pages and files point at each other), so a full pass collects them once the
    page is served, off the path of the next edit, rather than never."""
    gc.unfreeze()
    if _saved:
        gc.set_threshold(*_saved.pop())
    if collect_after is not None:
        timer = threading.Timer(collect_after, gc.collect)
        timer.daemon = True
        timer.start()
