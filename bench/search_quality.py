"""Search quality on the seed issue: resident-style queries scored against substring truth, this archive's
search against Pagefind-extended on the same items, same run, in Chromium.

usage: python -m bench.search_quality [--no-write]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from bench.common import REPO, project, served, write_section
from bench.queries import SEED_QUERIES, relevant, score
from bench.search_bytes import OURS_HARNESS, PF_HARNESS, pagefind_site
from bulletin.archive.load import load_archive
from bulletin.archive.problems import Problems

sys.path.insert(0, str(REPO))
from tests.browser import launch  # noqa: E402

ALL_OURS = ("async q => (await window.bulletinSearch.search({q, limit: 1000, expand: false}))"  # as typed, as
            ".results.map(r => r.url)")  # Pagefind searches: equivalents (synonyms.yml) are not in the truth
ALL_PF = """async q => { const r = await window.pf.search(q);
  return (await Promise.all(r.results.map(x => x.data()))).map(d => d.url); }"""


def run(browser, site: Path, harness: str, script: str, to_url) -> dict[str, set[str]]:
    (site / "bench.html").write_text(harness, encoding="utf-8")
    with served(site) as base:
        page = browser.new_page()
        page.goto(base + "bench.html")
        page.wait_for_function("window.bulletinSearch || window.pf")
        found = {q: {to_url(u) for u in page.evaluate(script, q)} for q in SEED_QUERIES}
        page.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-quality-"))
    archive = load_archive(REPO / "issues", Problems())
    items = archive.items
    config = project(work / "project", REPO / "issues")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(work / "site")],
                   check=True)
    pf = pagefind_site(archive, work)
    truth = {q: {i.url for i in items if relevant(i, q)} for q in SEED_QUERIES}
    with sync_playwright() as p:
        browser = launch(p)
        ours = run(browser, work / "site", OURS_HARNESS, ALL_OURS, lambda u: u)
        theirs = run(browser, pf, PF_HARNESS, ALL_PF,
                     lambda u: items[int(u.strip("/").split("/")[-1])].url)
        browser.close()
    rows = []
    for name, found in (("this archive", ours), ("Pagefind-extended", theirs)):
        recall, precision = score(found, truth)
        missed = [q for q in SEED_QUERIES if truth[q] - found[q]]
        rows.append(f"| {name} | {recall:.2f} | {precision:.2f} | {', '.join(missed) or '—'} |")
    text = "\n".join([
        f"## Search quality on the seed issue ({len(items)} items, {len(SEED_QUERIES)} resident queries)",
        "",
        "Command: `python -m bench.search_quality` (Chromium; truth: the item's title or body contains every word",
        "typed, after folding traditional → simplified and full-width → half-width; micro-averaged).",
        "",
        "| engine | recall | precision | queries with misses |",
        "|---|---|---|---|",
        *rows,
        "",
        "Queries: " + "、".join(SEED_QUERIES),
    ])
    print(text)
    if not args.no_write:
        write_section("search-quality", text)


if __name__ == "__main__":
    main()
