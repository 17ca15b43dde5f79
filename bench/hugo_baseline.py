"""The same items as a Hugo site indexed by Pagefind: the second baseline, the static-site pair a publisher would
pick outside MkDocs.

usage: python -m bench.hugo_baseline ITEMS.jsonl OUTDIR   (then `hugo -s OUTDIR` and `pagefind --site OUTDIR/public`)

Debian's `hugo` (`apt-get install hugo`; the benchmarks need it, the test suite does not) and the `pagefind` bench
extra. The theme is bench/hugo_theme/: item pages (Pagefind indexes only their `data-pagefind-body`, with district
and tag filters), district and tag taxonomies with paginated term pages (50 a page, as this archive's), a home page
of the newest items and a search page with Pagefind's own UI. Nothing else: Hugo's best case.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable
from pathlib import Path

THEME = Path(__file__).resolve().parent / "hugo_theme"
HUGO = shutil.which("hugo") or "/usr/bin/hugo"
CONFIG = """baseURL = "http://127.0.0.1/archive/"
languageCode = "zh-cn"
defaultContentLanguage = "zh"
hasCJKLanguage = true
title = "简报档案"
theme = "bench"
themesDir = "themes"
paginate = 50
disableKinds = ["RSS"]
buildFuture = true      # the synthetic archive runs into the 2030s
[taxonomies]
  district = "districts"
  tag = "tags"
"""


def items_from_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def items_from_archive(archive) -> list[dict]:
    return [{"title": i.title, "body": i.body, "date": str(i.date), "districts": list(i.districts),
             "tags": list(i.tags)} for i in archive.items]


def lay_out(items: Iterable[dict], out: Path) -> int:
    """content/items/NNNNNN.md with front matter, the theme, hugo.toml; returns the number of items."""
    content = out / "content" / "items"
    content.mkdir(parents=True, exist_ok=True)
    count = 0
    for count, item in enumerate(items, 1):
        front = {"title": item["title"], "date": item["date"], "districts": item.get("districts") or [],
                 "tags": item.get("tags") or [], "slug": f"item-{count:06d}"}
        (content / f"{count:06d}.md").write_text(json.dumps(front, ensure_ascii=False) + "\n\n" + item["body"] + "\n",
                                                 encoding="utf-8")  # Hugo reads JSON front matter as is
    (out / "content" / "items" / "_index.md").write_text('{"title": "动态"}\n', encoding="utf-8")
    (out / "content" / "search.md").write_text('{"title": "搜索", "layout": "search", "url": "/search/"}\n',
                                               encoding="utf-8")
    shutil.copytree(THEME, out / "themes" / "bench", dirs_exist_ok=True)
    (out / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    return count


def build(out: Path) -> dict[str, float]:
    """Hugo, then Pagefind over its output: wall seconds of each."""
    shutil.rmtree(out / "public", ignore_errors=True)
    start = time.perf_counter()
    subprocess.run([HUGO, "--quiet", "-s", str(out), "-d", str(out / "public")], check=True)
    hugo = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(out / "public")], check=True,
                   stdout=subprocess.DEVNULL)
    return {"hugo": hugo, "pagefind": time.perf_counter() - start}


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(f"{lay_out(items_from_jsonl(Path(sys.argv[1])), Path(sys.argv[2]))} items laid out under {sys.argv[2]}")
