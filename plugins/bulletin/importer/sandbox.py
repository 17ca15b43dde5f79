"""Document reading in a child process, bounded in wall-clock time and in memory.

A circulated document comes from anyone who can open a pull request, and the libraries that read it (pdfminer.six,
lxml under python-docx) set no bounds of their own: an object that refers to itself loops for ever, a 2 MB stream
inflates to 2 GiB. So the reading runs in a child process that is killed after `TIMEOUT` seconds, and whose address
space may grow by at most `MEMORY` bytes beyond what it starts with (RLIMIT_AS: an allocation past it fails as a
`MemoryError` in the child, never in the import). Where `fork` exists (Linux) the child starts in milliseconds with
everything already imported; elsewhere (Windows staff machines) it is a fresh `python -c`, and where `resource` is
missing only the timeout holds. The result, or the exception the reading raised, comes back pickled.

`BULLETIN_READ_TIMEOUT` (seconds) and `BULLETIN_READ_MEMORY` (MiB) change the bounds, e.g. for a very long document
on a slow machine.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from typing import Any

TIMEOUT = 30.0  # seconds: a bulletin reads in one or two (the seed PDF: 0.7 s), 200 pages in about 30
MEMORY = 512 << 20  # bytes the child may add to its address space: the seed PDF needs under 100 MB


class Exceeded(Exception):
    """The reading went beyond its bounds: `what` is "time", "memory" or "crash" (the child died without an
    answer: killed by the system, or a library crashed)."""

    def __init__(self, what: str, detail: str = ""):
        super().__init__(what, detail)
        self.what, self.detail = what, detail


def bounds() -> tuple[float, int]:
    """(timeout in seconds, memory in bytes), from the environment when it sets them."""
    timeout, memory = TIMEOUT, MEMORY
    try:
        timeout = float(os.environ.get("BULLETIN_READ_TIMEOUT", timeout))
        memory = int(float(os.environ.get("BULLETIN_READ_MEMORY", memory >> 20)) * (1 << 20))
    except ValueError:
        pass
    return timeout, memory


def run(function: Callable[..., Any], *args: Any, fork: bool | None = None) -> Any:
    """`function(*args)` in a child process: its result, or its exception raised here, or `Exceeded`.
    `function` must be importable by name when there is no fork (it is pickled by reference)."""
    timeout, memory = bounds()
    if fork is None:
        fork = "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"
    answer = _forked(function, args, timeout, memory) if fork else _spawned(function, args, timeout, memory)
    kind, value = answer
    if kind == "ok":
        return value
    if kind == "raise":
        raise value
    raise Exceeded(kind, value or "")


def _forked(function: Callable[..., Any], args: tuple, timeout: float, memory: int) -> tuple[str, Any]:
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(writer, memory, function, args), daemon=True)
    child.start()
    writer.close()
    try:
        if not reader.poll(timeout):
            return "time", f"{timeout:g}"
        try:
            return reader.recv()
        except (EOFError, OSError):
            child.join(5)
            return "crash", f"exit {child.exitcode}"
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        reader.close()


def _spawned(function: Callable[..., Any], args: tuple, timeout: float, memory: int) -> tuple[str, Any]:
    """No fork: a fresh interpreter reads the pickled call from stdin and writes the pickled answer to stdout."""
    command = [sys.executable, "-c", "from bulletin.importer.sandbox import serve; serve()"]
    try:
        done = subprocess.run(command, input=pickle.dumps((memory, function, args)), capture_output=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return "time", f"{timeout:g}"
    sys.stderr.write(done.stderr.decode("utf-8", "replace"))  # the libraries' own warnings, as in the parent
    try:
        return pickle.loads(done.stdout)
    except Exception:  # noqa: BLE001 (no answer at all: the child died)
        return "crash", f"exit {done.returncode}"


def serve() -> None:
    """The spawned child: read the call, answer on stdout."""
    memory, function, args = pickle.loads(sys.stdin.buffer.read())
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing but the answer on stdout
    _child(out, memory, function, args)


def _child(channel: Any, memory: int, function: Callable[..., Any], args: tuple) -> None:
    _limit_memory(memory)
    try:
        answer: tuple[str, Any] = ("ok", function(*args))
    except MemoryError:
        answer = ("memory", "")
    except Exception as exc:  # noqa: BLE001 (handed to the parent, which raises it)
        answer = ("raise", exc)
    try:
        _send(channel, answer)
    except MemoryError:
        _send(channel, ("memory", ""))
    except Exception as exc:  # noqa: BLE001 (an exception or result that does not pickle)
        _send(channel, ("crash", f"{type(exc).__name__}: {exc}"))


def _send(channel: Any, answer: tuple[str, Any]) -> None:
    if hasattr(channel, "send"):
        channel.send(answer)
    else:
        channel.write(pickle.dumps(answer))
        channel.flush()


def _limit_memory(budget: int) -> None:
    """Cap the address space at what the process has now plus `budget` (never above a limit already set)."""
    try:
        import resource
    except ImportError:  # Windows: the timeout alone
        return
    try:
        with open("/proc/self/statm", "rb") as statm:
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return  # no way to know the address space here (macOS does not enforce RLIMIT_AS anyway)
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = used + budget
    for outer in (soft, hard):
        if outer != resource.RLIM_INFINITY:
            limit = min(limit, outer)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
