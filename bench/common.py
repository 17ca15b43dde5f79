"""Helpers shared by the benchmarks: synthetic archives, real builds, a static server, results in benchmarks.md."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seed" / "000_6c66ccd4dd403cea.txt"
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


def project(root: Path, archive: Path, site_url: str = "http://127.0.0.1/archive/") -> Path:
    """An MkDocs project for `archive` using this repo's templates and docs; returns mkdocs.yml."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "docs", root / "docs", dirs_exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    config = config.replace("archive: issues", f"archive: {archive}")
    (root / "mkdocs.yml").write_text(f"site_url: {site_url}\n" + config, encoding="utf-8")
    return root / "mkdocs.yml"


def timed_build(config_file: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of `mkdocs build` in a child process."""
    start = time.perf_counter()
    run = subprocess.run(["/usr/bin/time", "-f", "%M", sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                          str(config_file)], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if run.returncode:
        raise SystemExit(run.stderr[-3000:])
    rss = int(run.stderr.strip().splitlines()[-1])
    return elapsed, rss


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
