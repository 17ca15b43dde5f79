"""Bytes of a query that finds nothing, with its alternatives (the residents' search help; budget ≤ 120 KiB at
10,000 items, docs/benchmarks.md): typos a pinyin input method makes in district and topic names (a character
swapped for a homophone) and Latin letters (a district's pinyin in full or by initials), on the synthetic archive
of bench.search_bytes, in Chromium on a static server on 127.0.0.1.

usage: python -m bench.search_help [--items 10000] [--seed 1] [--queries 24] [--work DIR] [--no-write]
                                   [--keystrokes-against REV]

Counted at gzip -9 as in bench.search_bytes: the engine (a fresh blank page calling the search API: search.js,
meta.json, shards, then search-help.js, suggest.json, pinyin parts and the alternatives' own searches) and the
resident (home page, then the search page with the query, until the status and alternatives are rendered).
With --keystrokes-against REV, also keystroke → results on the search page with this tree's search.js and
search-page.js against REV's (served in place of them), alternating in one run: on a shared machine only the ratio
means something.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright
from pypinyin import lazy_pinyin

from bench.common import REPO, project, served, stats, synth, write_section
from bench.search_bytes import ENGINE_SCRIPTS, OURS_HARNESS, keystrokes, measure, queries, resident
from bulletin.archive.load import load_archive
from bulletin.archive.problems import Problems
from bulletin.search.suggest import gb2312

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.browser import launch  # noqa: E402

HELP_QUERY = """async q => { const t = performance.now();
  const r = await window.bulletinSearch.search({q, limit: 10});
  return {ms: performance.now() - t, total: r.total, urls: r.results.map(x => x.url),
          alternatives: r.alternatives.map(a => a.label)}; }"""


def typo_queries(archive, count: int, seed: int) -> list[str]:
    """Names with one character swapped for another read the same (toneless): what a pinyin IME offers."""
    rng = random.Random(seed)
    by_sound: dict[str, list[str]] = {}
    for char in sorted(gb2312()):
        by_sound.setdefault(lazy_pinyin(char)[0], []).append(char)
    names = [d.name for d in archive.districts if d.kind != "外地"] + [t.name for t in archive.tags]
    found: list[str] = []
    while len(found) < count:
        name = rng.choice(names)
        k = rng.randrange(len(name))
        others = [c for c in by_sound.get(lazy_pinyin(name[k])[0], []) if c != name[k]]
        if others:
            typo = name[:k] + rng.choice(others) + name[k + 1:]
            if typo not in found:
                found.append(typo)
    return found


def latin_queries(archive, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    districts = [d for d in archive.districts if d.kind == "区"]
    out = []
    for district in rng.sample(districts, min(count, len(districts))):
        syllables = lazy_pinyin(district.aliases[0] if district.aliases else district.name)
        out.append("".join(syllables) if len(out) % 2 == 0 else "".join(s[0] for s in syllables))
    return out


SCRIPTS = (*ENGINE_SCRIPTS, "search-page.js")


def typing(browser, base: str, qs: list[str], scripts: dict[str, bytes] | None) -> list[float]:
    """bench.search_bytes.keystrokes, with `scripts` (name → body) served instead of the built ones."""
    return keystrokes(browser, base, qs, scripts=scripts)


def keystrokes_against(browser, base: str, qs: list[str], rev: str, rounds: int = 2) -> dict[str, float]:
    before = {name: subprocess.run(["git", "-C", str(REPO), "show", f"{rev}:overrides/assets/bulletin/{name}"],
                                   capture_output=True).stdout for name in SCRIPTS}  # empty: not in REV yet
    assert before["search.js"], rev
    mine: list[float] = []
    theirs: list[float] = []
    for _ in range(rounds):
        mine += typing(browser, base, qs, None)
        theirs += typing(browser, base, qs, before)
    return {"this": statistics.median(mine), "before": statistics.median(theirs), "n": len(mine)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=24)
    parser.add_argument("--work", default=None, help="the folder bench.search_bytes used (archive and build)")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--keystrokes-against", default=None, metavar="REV")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="bench-search-")) / f"n{args.items}-s{args.seed}"
    archive_dir = synth(args.items, args.seed, work)
    archive = load_archive(archive_dir, Problems())
    site = work / "site"
    if not (site / "search" / "suggest.json.gz").exists():
        config = project(work / "project", archive_dir)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)],
                       check=True)
    typos = typo_queries(archive, args.queries * 2 // 3, args.seed)
    qs = typos + latin_queries(archive, args.queries - len(typos), args.seed)
    (site / "bench.html").write_text(OURS_HARNESS, encoding="utf-8")
    with sync_playwright() as p:
        browser = launch(p)
        with served(site) as base:
            rows = measure(browser, base, site, HELP_QUERY, qs)
            empty = [q for q, r in zip(qs, rows) if r["total"] == 0]
            visits = resident(browser, base, site, empty)
            ab = None
            if args.keystrokes_against:
                ab = keystrokes_against(browser, base, queries(archive, 40, args.seed), args.keystrokes_against)
        browser.close()
    (work / "search_help.json").write_text(json.dumps({"rows": rows, "visits": visits, "ab": ab}, ensure_ascii=False))
    report(args, archive, qs, rows, visits, ab)


def report(args, archive, qs: list[str], rows: list[dict], visits: list[dict], ab: dict | None) -> None:
    zero = [r for r in rows if r["total"] == 0]
    engine, page = stats([r["bytes"] / 1024 for r in zero]), stats([v["bytes"] / 1024 for v in visits])
    helped = [r for r in zero if r["alternatives"]]
    command = (f"python -m bench.search_help --items {args.items} --seed {args.seed} --queries {args.queries}"
               + (f" --keystrokes-against {args.keystrokes_against}" if ab else ""))
    lines = [
        f"## Search: a query that finds nothing, with alternatives ({len(archive.items):,} synthetic items)",
        "",
        f"Command: `{command}` (after `bench.search_bytes` with the same `--work`; Chromium, fresh context per",
        "query, static server on 127.0.0.1, gzip -9). Queries: district and topic names with one character",
        "swapped for a toneless homophone, and districts' pinyin in full or by initials.",
        "",
        f"{len(zero)} of {len(rows)} queries found nothing; {len(helped)} of those got at least one alternative.",
        f"Engine (search API in a blank page, everything the query and its alternatives fetched): median "
        f"{engine['median']:.1f} KiB, p90 {engine['p90']:.1f} KiB, max {engine['max']:.1f} KiB; "
        f"cold median {stats([r['cold_ms'] for r in zero])['median']:.0f} ms.",
        f"Resident (home page, then the search page with the query, until status and alternatives render): "
        f"median {page['median']:.1f} KiB, p90 {page['p90']:.1f} KiB, max {page['max']:.1f} KiB "
        f"(budget: ≤ 120 KiB).",
        "",
        *([f"Keystroke → results rendered on the search page (bench.search_bytes' measure, the queries of "
           f"bench.search_bytes), this tree's search.js and search-page.js against {args.keystrokes_against}'s, "
           f"alternating in one run, median of {ab['n']} each: {ab['this']:.1f} ms against {ab['before']:.1f} ms "
           f"(ratio {ab['this'] / ab['before']:.2f}).", ""] if ab else []),
        "Per query (engine KiB, first alternative): "
        + "; ".join(f"{r['q']} {r['bytes'] / 1024:.0f} ({r['alternatives'][0] if r['alternatives'] else '–'})"
                    for r in zero),
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(f"search-help-{args.items}" if args.items != 10000 else "search-help", text)
    print(json.dumps({"engine": engine, "resident": page, "keystrokes": ab}))


if __name__ == "__main__":
    main()
