"""Processes started beside `mkdocs serve` end with it however it ends, and the preview ends within seconds.

An editor's stop button or a service manager sends SIGTERM, a closed terminal SIGHUP; Python's default for both
kills the process on the spot, without `finally` blocks, and a `spawn` child (the search-index writer) would live
on as an orphan, writing into a folder nobody serves. Three layers:
- the preview turns SIGTERM and SIGHUP into the same orderly shutdown as Ctrl-C (MkDocs' `on_shutdown` runs, the
  children are stopped, the temporary site is put away), and at the signal itself tells every child it started
  (`adopt`) to stop: nothing MkDocs or Python does on the way out then waits for one (at exit Python joins every
  process pool's manager thread, which waits for the task it was given). A deadline ends the preview `DEADLINE` s
  after the first signal whatever it is still doing, and a second signal ends it at once;
- `stop` gives a child `GRACE` s after SIGTERM, then SIGKILL, and reaps it, so none is left when the preview exits;
- every child watches its parent and exits by itself when the parent is gone — this also covers SIGKILL, where
  no handler can run.
And the temporary site folder, which MkDocs deletes file by file on the way out: on a busy disk an unlink takes
milliseconds (1,702 files took 5.1 s to delete beside other builds), so a 10,000-item site kept the preview alive
for minutes. `discard_site` moves it aside at once, deletes for `DISCARD_BUDGET` s, and what is left the next
preview deletes in the background (`sweep_discarded`). Last, Python's own teardown frees the heap object by
object (1.9 s at 1,200 items on a busy machine, more the larger the archive) for nothing: after a signal, once
MkDocs' and the plugin's shutdown is done, `leave` runs the exit handlers and ends the process.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

DISCARD_BUDGET = 1.0  # seconds the preview spends deleting its site folder on the way out
DISCARDED = ".discarded-"  # <site folder>.discarded-<pid of the preview that left it>
GRACE = 2.0  # seconds a child has between SIGTERM and SIGKILL
DEADLINE = 4.0  # seconds from the first signal to the preview's exit at the latest (the promise: within 5 s)

_adopted: dict[int, Callable[[], None]] = {}  # id → "stop now" (non-blocking: runs inside a signal handler)
_signalled: list[int] = []


def watch_parent(parent_pid: int, interval: float = 0.2) -> None:
    """Call in a child process: a daemon thread exits the child as soon as `parent_pid` has gone. Ctrl-C is left to
    the parent, which stops its children itself (a KeyboardInterrupt here would only print a traceback)."""
    with contextlib.suppress(ValueError):  # not the child's main thread
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if os.name != "posix":  # Windows gives no re-parenting signal; the pool's broken pipe ends the child there
        return

    def loop() -> None:
        while os.getppid() == parent_pid:
            time.sleep(interval)
        os._exit(0)

    threading.Thread(target=loop, name="watch-parent", daemon=True).start()


def adopt(owner: object, terminate: Callable[[], None]) -> None:
    """`terminate` (which must return at once) is called when the preview is signalled to stop, until `disown`."""
    _adopted[id(owner)] = terminate


def disown(owner: object) -> None:
    _adopted.pop(id(owner), None)


def terminate_adopted() -> None:
    for terminate in list(_adopted.values()):
        with contextlib.suppress(Exception):  # gone already; the others must still be told
            terminate()


def stop(process: subprocess.Popen | None, grace: float = GRACE, group: bool = False) -> None:
    """SIGTERM, up to `grace` s to exit, then SIGKILL; reaped either way. `group`: the process leads its own
    process group (`process_group=0`), and the signals go to the whole group — its own children too."""
    if process is None:
        return
    kill, send = getattr(signal, "SIGKILL", signal.SIGTERM), signal_group if group else _signal
    if process.poll() is None:
        send(process, signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            send(process, kill)
            process.wait()
    if group:  # the leader is gone; a child of it that ignored SIGTERM must not outlive it
        signal_group(process, kill)


def signal_group(process: subprocess.Popen, number: int) -> None:
    """Signal the process group `process` leads; returns at once (safe in a signal handler)."""
    if not hasattr(os, "killpg"):
        return _signal(process, number)
    with contextlib.suppress(OSError):  # the group has ended
        os.killpg(process.pid, number)


def _signal(process: subprocess.Popen, number: int) -> None:
    with contextlib.suppress(OSError):  # exited meanwhile
        process.send_signal(number)


def orderly_shutdown_on_signals() -> None:
    """SIGTERM and SIGHUP end the preview like Ctrl-C does (KeyboardInterrupt), where nothing else handles them;
    Ctrl-C itself (SIGINT) gets the same prompt stop of the children and the same deadline."""
    if threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGTERM", "SIGHUP", "SIGINT"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) in (signal.SIG_DFL, None, signal.default_int_handler):
            signal.signal(number, _interrupt)


def _interrupt(signum, frame) -> None:
    terminate_adopted()
    if _signalled:  # a second signal: the person (or the service manager) will not wait
        _exit_now(signum)
    _signalled.append(signum)
    timer = threading.Timer(DEADLINE, _exit_now, (signum,))
    timer.daemon = True
    timer.start()
    raise KeyboardInterrupt(f"signal {signum}")


def _exit_now(signum: int) -> None:
    """The last resort: whatever still runs after the deadline (a C call that holds the interpreter, a thread
    joined at exit) does not keep the preview alive. The children are told again, and watch their parent."""
    terminate_adopted()
    os._exit(128 + signum)


def discard_site(site: str | Path | None, budget: float = DISCARD_BUDGET) -> bool:
    """The preview is ending: move its site folder aside (one rename; MkDocs then finds none to delete) and delete
    the moved one for at most `budget` s. True when it is all gone."""
    if not site or not Path(site).is_dir():
        return True
    site = Path(site)
    aside = site.with_name(f"{site.name}{DISCARDED}{os.getpid()}")
    try:
        site.rename(aside)
    except OSError:  # MkDocs deletes it as it always has
        return False
    return _delete(aside, time.monotonic() + budget)


def leave() -> None:
    """Call last in the preview's shutdown: after a signal, and unless an exception is on its way out (its
    traceback is Python's to print), run the exit handlers, flush, and end the process without the teardown."""
    if not _signalled or sys.exc_info()[0] is not None:
        return
    run_exit_handlers = getattr(atexit, "_run_exitfuncs", None)  # CPython's, as at a normal exit
    if run_exit_handlers is not None:
        run_exit_handlers()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(0)  # what `mkdocs serve` returns after Ctrl-C


def sweep_discarded(folder: str | Path | None = None) -> threading.Thread | None:
    """A preview starts: delete, in a background thread, the site folders of previews that have ended (their own
    deletion ran out of time). A folder whose preview still runs is that preview's to delete."""
    ended = [p for p in Path(folder or tempfile.gettempdir()).glob(f"mkdocs_*{DISCARDED}*")
             if p.is_dir() and not _running(p.name.rsplit("-", 1)[-1])]
    if not ended:
        return None
    thread = threading.Thread(target=lambda: [shutil.rmtree(p, ignore_errors=True) for p in ended],
                              name="sweep-discarded", daemon=True)
    thread.start()
    return thread


def _running(pid: str) -> bool:
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process
        return True
    return True


def _delete(tree: Path, deadline: float) -> bool:
    """Delete `tree` bottom-up until `deadline`; True when it is gone."""
    for top, folders, files in os.walk(tree, topdown=False):
        for name in files:
            if time.monotonic() > deadline:
                return False
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(top, name))
        for name in folders:
            with contextlib.suppress(OSError):
                os.rmdir(os.path.join(top, name))
    with contextlib.suppress(OSError):
        os.rmdir(tree)
    return not tree.exists()
