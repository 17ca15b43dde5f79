"""The preview's processes end with it however it ends, and a long editing session leaves a correct site."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from .conftest import REPO, make_project

SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP", "SIGKILL"]


@pytest.fixture(scope="module")
def big_archive(tmp_path_factory) -> Path:
    """Large enough (1,200 items) that the search index is written by a second process."""
    out = tmp_path_factory.mktemp("synth") / "issues"
    subprocess.run([sys.executable, "-m", "bulletin", "synth", "--items", "1200", "--seed", "5", "--out", str(out),
                    "--archive", str(REPO / "issues"), "--seed-text", str(REPO / "issues/2020-008/source.txt")],
                   check=True, capture_output=True)
    return out


def _gone(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE  # exited; only waiting for a reaper
    except psutil.NoSuchProcess:
        return True


@pytest.mark.parametrize("name", SIGNALS)
def test_no_process_outlives_the_preview(tmp_path, big_archive, name):
    extra = "\nplugins:\n  - bulletin:\n      archive: issues\n      parallel_index: true\n"
    config = make_project(tmp_path, big_archive, site_url=None, extra=extra)
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", "127.0.0.1:0", "-f", str(config)],
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    parent = psutil.Process(proc.pid)
    try:
        writer, deadline = None, time.monotonic() + 120
        while writer is None and time.monotonic() < deadline and proc.poll() is None:
            writer = next((c for c in parent.children(recursive=True)
                           if "spawn_main" in " ".join(c.cmdline())), None)
            time.sleep(0.05)
        assert writer is not None, "the index writer never started:\n" + log.read_text("utf-8")[-2000:]
        family = [parent, *parent.children(recursive=True)]
        os.kill(proc.pid, getattr(signal, name))
        proc.wait(timeout=15)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not all(_gone(p) for p in family):
            time.sleep(0.1)
        left = [(p.pid, p.cmdline()) for p in family if not _gone(p)]
        assert left == [], f"after {name}: {left}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
