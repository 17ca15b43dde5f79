"""The same items as an off-the-shelf Material for MkDocs blog: the baseline a publisher would pick instead.

usage: python -m bench.material_baseline ITEMS.jsonl OUTDIR

ITEMS.jsonl holds one JSON object per line: {"title", "body", "date" (YYYY-MM-DD), "districts": [...], "tags": [...]}
(`bulletin synth --jsonl` writes it). OUTDIR receives mkdocs.yml and docs/: the blog plugin (districts as
categories), the tags plugin and the built-in search (zh, jieba). The layout follows the project's agreed Material
anchor so figures stay comparable with earlier runs; it lives here so the benchmarks need nothing outside the repo.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

MKDOCS_YML = """site_name: 简报档案
theme:
  name: material
  language: zh
plugins:
  - search:
      lang: zh
  - blog
  - tags
"""


def lay_out(items_path: Path, out: Path) -> int:
    posts = out / "docs" / "blog" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    with open(items_path, encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    for i, item in enumerate(items):
        front = ["---", f"date: {item['date']}", "categories:"]
        front += [f"  - {d}" for d in item.get("districts") or ["未分类"]]
        front += ["tags:"] + [f"  - {t}" for t in item.get("tags") or ["未分类"]]
        front += [f"slug: item-{i:06d}", "---", ""]
        text = "\n".join(front) + f"\n# {item['title']}\n\n{item['body']}\n"
        (posts / f"{i:06d}.md").write_text(text, encoding="utf-8")
    (out / "docs" / "index.md").write_text("# 简报档案\n", encoding="utf-8")
    (out / "docs" / "blog" / "index.md").write_text("# 动态\n", encoding="utf-8")
    (out / "docs" / "tags.md").write_text("# 标签\n\n<!-- material/tags -->\n", encoding="utf-8")
    (out / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    return len(items)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(f"{lay_out(Path(sys.argv[1]), Path(sys.argv[2]))} items laid out under {sys.argv[2]}")
