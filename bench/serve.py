"""`mkdocs serve --dirty` on a large archive: time from saving an edited item to the page showing the edit,
against the first (full) build in the same run.

usage: python -m bench.serve [--items 10000] [--seed 1] [--work DIR] [--no-write]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.common import editable_copy, project, synth, write_section


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float = 900) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in fetch(url):
            return time.perf_counter() - start
        time.sleep(0.2)
    raise SystemExit(f"{url} never showed {text!r}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--work", default=None)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="bench-serve-")) / f"serve-n{args.items}-s{args.seed}"
    source = synth(args.items, args.seed, work)
    archive = editable_copy(source, work / "edited")
    config = project(work / "project", archive, site_url="http://127.0.0.1:8765/")
    item = sorted(archive.glob("*/0[1-3]-*.md"))[len(list(archive.glob("*"))) // 2]
    slug = re.search(r"^slug: (.+)$", item.read_text("utf-8"), re.M).group(1)
    url = f"http://127.0.0.1:8765/issues/{item.parent.name}/{slug}/"
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload", "-a",
                             "127.0.0.1:8765", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        first = wait_for(url, "<h1>")
        edits = []
        for n in range(args.edits):
            marker = f"（第{n + 1}次修改）"
            text = item.read_text("utf-8")
            item.write_text(re.sub(r"^title: (.+?)(（第\d+次修改）)?$", rf"title: \1{marker}", text, flags=re.M),
                            encoding="utf-8")
            edits.append(wait_for(url, marker))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    median = sorted(edits)[len(edits) // 2]
    text = "\n".join([
        f"## `mkdocs serve`: an edit on a {args.items:,}-item archive",
        "",
        f"Command: `python -m bench.serve --items {args.items} --seed {args.seed} --edits {args.edits}`",
        "(`mkdocs serve --dirty`, as `./dev serve` runs it; time from saving an item's title to its page",
        "serving the new title, which includes MkDocs' file watcher; same run, same machine).",
        "",
        "| | seconds |",
        "|---|---|",
        f"| first build (start → page served) | {first:.1f} |",
        f"| edit → page updated, median of {len(edits)} | {median:.1f} |",
        f"| edit → page updated, each | {', '.join(f'{e:.1f}' for e in edits)} |",
        f"| ratio | {median / first:.2f} of the first build |",
    ])
    print(text)
    if not args.no_write:
        write_section("serve", text)


if __name__ == "__main__":
    main()
