"""Processes started beside `mkdocs serve` end with it, however it ends.

An editor's stop button or a service manager sends SIGTERM, a closed terminal SIGHUP; Python's default for both
kills the process on the spot, without `finally` blocks, and a `spawn` child (the search-index writer) would live
on as an orphan, writing into a folder nobody serves. Two layers:
- the preview turns SIGTERM and SIGHUP into the same orderly shutdown as Ctrl-C (MkDocs' `on_shutdown` runs, the
  child is stopped, the temporary site is removed);
- every child watches its parent and exits by itself when the parent is gone — this also covers SIGKILL, where
  no handler can run.
"""

from __future__ import annotations

import os
import signal
import threading
import time


def watch_parent(parent_pid: int, interval: float = 0.2) -> None:
    """Call in a child process: a daemon thread exits the child as soon as `parent_pid` has gone."""
    if os.name != "posix":  # Windows gives no re-parenting signal; the pool's broken pipe ends the child there
        return

    def loop() -> None:
        while os.getppid() == parent_pid:
            time.sleep(interval)
        os._exit(0)

    threading.Thread(target=loop, name="watch-parent", daemon=True).start()


def orderly_shutdown_on_signals() -> None:
    """SIGTERM and SIGHUP end the preview like Ctrl-C does (KeyboardInterrupt), where nothing else handles them."""
    if threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) in (signal.SIG_DFL, None):
            signal.signal(number, _interrupt)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt(f"signal {signum}")
