"""Helpers shared by the benchmarks: synthetic archives, real builds, a static server, results in benchmarks.md."""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "issues" / "2020-008" / "source.txt"
RESULTS = REPO / "docs" / "benchmarks.md"
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def synth(items: int, seed: int, out: Path, jsonl: Path | None = None) -> Path:
    archive = out / "issues"
    if not archive.exists():
        args = [sys.executable, "-m", "bulletin.cli", "synth", "--items", str(items), "--seed", str(seed),
                "--out", str(archive), "--archive", str(REPO / "issues"), "--seed-text", str(SEED)]
        if jsonl:
            args += ["--jsonl", str(jsonl)]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return archive


def editable_copy(source: Path, copy: Path) -> Path:
    """A fresh copy of a synthetic archive for a bench that edits items (the synthesized one stays as made)."""
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(source, copy)
    return copy


def project(root: Path, archive: Path, site_url: str = "http://127.0.0.1/archive/") -> Path:
    """An MkDocs project for `archive` using this repo's templates and docs; returns mkdocs.yml."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "docs", root / "docs", dirs_exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    config = config.replace("archive: issues", f"archive: {archive}")
    config = config.replace("site_url: !ENV SITE_URL\n", f"site_url: {site_url}\n")
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    return root / "mkdocs.yml"


def _tree_rss_kib(root: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            continue
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def timed_run(args: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB, the whole process tree, sampled every 0.1 s)."""
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a build's warnings would fill a pipe and stall it
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=log)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss_kib(proc.pid))
            time.sleep(0.1)
        elapsed = time.perf_counter() - start
        if proc.returncode:
            log.seek(0)
            raise SystemExit(log.read().decode(errors="replace")[-3000:])
    return elapsed, peak


@contextlib.contextmanager
def served(site: Path):
    """`site` on the suite's static server, under /archive/, from a copy removed afterwards: the server holds a
    copy of the site, 3.3 GB at 100,000 items, and one left in /tmp per measure filled the disk."""
    from tests.browser import serve  # the suite's own server (bench/ runs from the repository's root)

    with tempfile.TemporaryDirectory(prefix="bench-www-") as tmp, serve(site, Path(tmp)) as base:
        yield base


def timed_build(config_file: Path, site: Path) -> tuple[float, int]:
    """A fresh build, as a publisher's CI runs it: a site left by an earlier run would be deleted first, inside the
    timing (MkDocs cleans site_dir), and that costs seconds at 40,000 files."""
    shutil.rmtree(site, ignore_errors=True)
    return timed_run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file), "-d", str(site)])


def transfer_size(path: Path) -> int:
    """Bytes a gzip-serving static host sends: the smaller of raw and gzip -9."""
    raw = path.read_bytes()
    return min(len(raw), len(gzip.compress(raw, 9, mtime=0)))


def write_section(name: str, text: str) -> None:
    """Replace (or append) the `<!-- bench:name -->` section of docs/benchmarks.md."""
    current = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    block = f"<!-- bench:{name} -->\n{text.strip()}\n<!-- /bench:{name} -->"
    pattern = re.compile(rf"<!-- bench:{name} -->.*?<!-- /bench:{name} -->", re.S)
    current = pattern.sub(lambda _: block, current) if pattern.search(current) else current.rstrip() + "\n\n" + block
    RESULTS.write_text(current + ("\n" if not current.endswith("\n") else ""), encoding="utf-8")


def stats(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"median": pick(0.5), "p90": pick(0.9), "max": ordered[-1]}
