"""The editor's local backend under `mkdocs serve`: Decap's `decap-server`, so staff try the editor on their own
copy of the archive without a Git host account.

It runs in `fs` mode: saves are written straight into issues/, where the preview picks them up; Decap switches
the editorial workflow off by itself for this backend (it has no branches). `./dev serve` installs decap-server
(pinned) with npm beside the virtual environment. The Node process is started through a small Python keeper
(`python -m bulletin.editor.localserver`) that ends it when the preview ends, however the preview ends (see
lifecycle.py): Node knows nothing of its parent.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bulletin import lifecycle

VERSION = "3.11.3"


def server_script() -> Path | None:
    """decap-server's entry point as `./dev` installs it: <venv>/decap-server/node_modules/decap-server/."""
    for base in (os.environ.get("BULLETIN_DECAP_SERVER"), Path(sys.prefix) / "decap-server"):
        if base:
            script = Path(base) / "node_modules" / "decap-server" / "dist" / "index.js"
            if script.is_file():
                return script
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(repo: Path, mode: str = "fs") -> tuple[subprocess.Popen, str] | None:
    """Start decap-server for `repo`; returns the keeper process and the backend URL, or None without Node."""
    node, script = shutil.which("node"), server_script()
    if node is None or script is None:
        return None
    port = free_port()
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "MODE": mode,
           "GIT_REPO_DIRECTORY": str(repo.resolve()), "LOG_LEVEL": "warn"}
    # its own process group, with Node in it: Ctrl-C in the terminal reaches the preview only, which stops the
    # group itself — at once when signalled, then SIGKILL after a grace period (`stop`)
    group = {"process_group": 0} if os.name == "posix" else {}
    keeper = subprocess.Popen([sys.executable, "-m", "bulletin.editor.localserver", str(os.getpid()), node,
                               str(script)], env=env, cwd=repo, **group)
    lifecycle.adopt(keeper, lambda: lifecycle.signal_group(keeper, signal.SIGTERM))
    return keeper, f"http://127.0.0.1:{port}/api/v1"


def stop(keeper: subprocess.Popen | None) -> None:
    """End the keeper and Node with it; neither is running when this returns."""
    if keeper is not None:
        lifecycle.stop(keeper, group=os.name == "posix")
        lifecycle.disown(keeper)


def wait_until_listening(url: str, timeout: float = 15.0) -> bool:
    host, port = url.split("//", 1)[1].split("/", 1)[0].split(":")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((host, int(port)), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def keep(parent_pid: int, command: list[str]) -> int:
    """Run `command` until it ends, the parent goes, or this keeper is told to stop."""
    child = subprocess.Popen(command)

    def stop(*_args) -> None:
        lifecycle.stop(child, grace=lifecycle.GRACE / 2)  # within the preview's own grace for this keeper
        sys.exit(0)

    for name in ("SIGTERM", "SIGHUP", "SIGINT"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    while child.poll() is None:
        if os.name == "posix" and os.getppid() != parent_pid:
            stop()
        time.sleep(0.2)
    return child.returncode


if __name__ == "__main__":
    sys.exit(keep(int(sys.argv[1]), sys.argv[2:]))
