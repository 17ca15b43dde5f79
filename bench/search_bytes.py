"""Bytes and time of a first search query: this archive's sharded index against Pagefind-extended, same items,
same queries, same run, in Chromium on a static server on 127.0.0.1.

usage: python -m bench.search_bytes [--items 10000] [--seed 1] [--queries 40] [--work DIR] [--no-write]

Two measures, text counted at gzip -9 size:
- engine (against Pagefind): everything a fresh context fetched for one query through the search API — ours =
  search.js + meta.json + term shards (+ positions for phrases) + facet chunks + fragments of the first 10
  results; Pagefind = pagefind.js + wasm + entry/meta + index chunks + filters + fragments of the first 10;
- resident (what the first-search budgets apply to: median ≤ 60 / p90 ≤ 100 / max ≤ 160 KiB at 10,000 items,
  median ≤ 80 / p90 ≤ 140 KiB at 100,000; docs/benchmarks.md, "Targets"): a fresh visitor opens the home page,
  then the search page with the query; every file fetched after the home page has loaded (search page, scripts
  and styles it had not loaded, index files, fragments) until the results are rendered.
The second baseline, Hugo + Pagefind (bench/hugo_baseline.py, Debian's `hugo`): the same items as a Hugo site whose
search page is Pagefind's own UI (10 results a page, as ours), measured both ways too; `--no-hugo` leaves it out.
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from playwright.sync_api import sync_playwright

from bench.common import REPO, project, served, stats, synth, transfer_size, write_section
from bench.hugo_baseline import build as hugo_build
from bench.hugo_baseline import items_from_archive
from bench.hugo_baseline import lay_out as hugo_lay_out
from bulletin.archive.load import load_archive
from bulletin.archive.problems import Problems

sys.path.insert(0, str(REPO))
from tests.browser import launch  # noqa: E402

ENGINE_SCRIPTS = ("search-text.js", "search-match.js", "gunzip.js", "search.js")  # as the search page orders them
OURS_HARNESS = '<!doctype html><meta charset="utf-8">' + "".join(
    f'<script src="assets/bulletin/{name}"></script>' for name in ENGINE_SCRIPTS)
PF_HARNESS = ('<!doctype html><meta charset="utf-8"><script type="module">'
              'import * as pf from "./pagefind/pagefind.js"; await pf.init(); window.pf = pf;</script>')
OURS_QUERY = """async q => { const t = performance.now();
  const r = await window.bulletinSearch.search({q, limit: 10});
  return {ms: performance.now() - t, total: r.total, urls: r.results.map(x => x.url)}; }"""
PF_QUERY = """async q => { const t = performance.now();
  const r = await window.pf.search(q);
  const data = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
  return {ms: performance.now() - t, total: r.results.length, urls: data.map(d => d.url)}; }"""


def queries(archive, count: int, seed: int) -> list[str]:
    """Resident-style queries from the archive itself: places, topics, phrases from titles and text, two words."""
    rng = random.Random(seed)
    items = archive.items
    found = [rng.choice([d.name for d in archive.districts if d.kind != "外地"]) for _ in range(count // 8)]
    found += [rng.choice([t.name for t in archive.tags]) for _ in range(count // 8)]
    while len(found) < count:
        item = rng.choice(items)
        runs = re.findall(r"[\u4e00-\u9fff]{2,}", item.body if rng.random() < 0.7 else item.title)
        run = rng.choice(runs)
        size = min(len(run), rng.choice((2, 2, 3, 4, 4)))
        start = rng.randrange(len(run) - size + 1)
        phrase = run[start:start + size]
        if rng.random() < 0.15:
            phrase += " " + rng.choice([d.name[:2] for d in archive.districts if d.kind == "区"])
        if phrase not in found:
            found.append(phrase)
    return found


def pagefind_site(archive, root: Path) -> Path:
    """One minimal page per item (Pagefind's best case: nothing but the item), then index it."""
    site = root / "pf"
    if not (site / "pagefind").exists():
        for n, item in enumerate(archive.items):
            page = site / "items" / str(n) / "index.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            body = "".join(f"<p>{html.escape(p)}</p>" for p in item.body.split("\n\n"))
            page.write_text(f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>'
                            f"{html.escape(item.title)}</title></head><body><main><h1>{html.escape(item.title)}"
                            f"</h1>{body}</main></body></html>", encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site)], check=True,
                       stdout=subprocess.DEVNULL)
        (site / "pagefind.seconds").write_text(f"{time.perf_counter() - start:.1f}")
    return site


def hugo_site(archive, root: Path) -> Path:
    """The same items as a Hugo site with Pagefind's UI on its search page (bench/hugo_theme)."""
    out = root / "hugo"
    if not (out / "public" / "pagefind").exists():
        hugo_lay_out(items_from_archive(archive), out)
        (out / "seconds").write_text(json.dumps(hugo_build(out)))
    return out / "public"


HUGO_RENDERED = ("() => { const m = document.querySelector('.pagefind-ui__message');"
                 " return m && m.textContent.trim() && !/正在|[Ss]earching/.test(m.textContent); }")


def resident_hugo(browser, base: str, site: Path, qs: list[str]) -> list[dict]:
    """Home page, then the search page with the query, until Pagefind's UI says how many it found and the network
    is quiet (its first 10 results' fragments loaded): bytes fetched after the home page."""
    def rendered(page) -> None:
        page.wait_for_function(HUGO_RENDERED, timeout=60_000)
        page.wait_for_load_state("networkidle")

    rows = []
    for q in qs:
        paths = _fetched_after_home(browser, base, q, rendered)
        size = sum(transfer_size(_local(site, p)) for p in paths if "/archive/" in p and _local(site, p).is_file())
        rows.append({"q": q, "bytes": size, "requests": len(paths)})
    return rows


def _fetched_after_home(browser, base: str, q: str, rendered) -> set[str]:
    """The paths a resident's browser fetches for query `q` after the home page: a fresh context, the home page,
    then the search page until `rendered(page)` returns."""
    context = browser.new_context(bypass_csp=True)  # wait_for_function evaluates a string
    page = context.new_page()
    page.goto(base, wait_until="load")
    home = {unquote(urlsplit(u).path) for u in _urls(page, base)} | {urlsplit(base).path}
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(base + "search/?q=" + quote(q))
    rendered(page)
    context.close()
    return {unquote(urlsplit(u).path) for u in fetched} - home


def measure(browser, base: str, site: Path, script: str, qs: list[str]) -> list[dict]:
    rows = []
    for n, q in enumerate(qs):
        rows.append(_one_query(browser, base, site, script, q, qs[(n + 1) % len(qs)]))
    return rows


def _one_query(browser, base: str, site: Path, script: str, q: str, next_q: str) -> dict:
    """A fresh context: bytes and time of query `q`, then the time of `next_q` once warm."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "bench.html")
    page.wait_for_function("window.bulletinSearch || window.pf")
    fetched = list(_urls(page, base))
    page.on("request", lambda r: fetched.append(r.url))
    cold = page.evaluate(script, q)
    paths = {unquote(urlsplit(u).path) for u in fetched}
    warm = page.evaluate(script, q)  # the same query again: everything cached, compute only
    following = page.evaluate(script, next_q)  # another query in a warm page: its own shards are fetched
    context.close()
    size = sum(transfer_size(site / p.split("/archive/", 1)[1]) for p in paths
               if "/archive/" in p and not p.endswith("bench.html"))
    return {"q": q, "bytes": size, "requests": len(paths), "cold_ms": cold["ms"], "warm_ms": warm["ms"],
            "next_ms": following["ms"], "total": cold["total"], "alternatives": cold.get("alternatives")}


RENDERED = ("() => { const s = document.querySelector('.bl-search__status');"
            " return s && s.textContent && !s.textContent.startsWith('正在'); }")


def resident(browser, base: str, site: Path, qs: list[str]) -> list[dict]:
    """Home page, then the search page with the query: bytes of what was fetched after the home page."""
    rows = []
    for q in qs:
        paths = _fetched_after_home(browser, base, q, lambda page: page.wait_for_function(RENDERED))
        size = sum(transfer_size(_local(site, p)) for p in paths if "/archive/" in p)
        rows.append({"q": q, "bytes": size, "requests": len(paths)})
    return rows


def _local(site: Path, path: str) -> Path:
    rel = path.split("/archive/", 1)[1]
    return site / rel / "index.html" if rel == "" or rel.endswith("/") else site / rel


PHONE_RTT = 40  # ms added to every request in the second keystroke measure
KEYSTROKE = """() => { window.__typing = new Promise(resolve => {
  const status = document.querySelector('.bl-search__status');
  let typed = null;
  document.querySelector('#bl-q').addEventListener('keydown', () => { typed = performance.now(); }, {once: true});
  let emptied = false;
  new MutationObserver((changes, observer) => {
    if (typed === null) return;
    if (status.textContent.startsWith('正在')) { emptied = true; return; }
    if (emptied) { observer.disconnect(); resolve(performance.now() - typed); }
  }).observe(status, {childList: true, characterData: true, subtree: true});
}); }"""


def _serving(body: bytes):
    return lambda route: route.fulfill(body=body, content_type="text/javascript")


def keystrokes(browser, base: str, qs: list[str], latency: float = 0,
               scripts: dict[str, bytes] | None = None) -> list[float]:
    """On the real search page: the last character of a query typed → its results rendered (shards cached
    for the prefix, as when a resident types). `latency`: a round trip in ms added to every request (Chromium's
    network emulation), as on a phone, where each stage of requests costs one. `scripts` (name → body): served
    instead of the built assets/bulletin/ files, to compare two versions of the page's code in one run."""
    times = []
    page = browser.new_context(bypass_csp=True).new_page()  # wait_for_function evaluates a string
    for name, body in (scripts or {}).items():
        page.route(f"**/assets/bulletin/{name}", _serving(body))
    if latency:
        cdp = page.context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": latency,
                                                      "downloadThroughput": -1, "uploadThroughput": -1})
    for q in [q for q in qs if len(q) >= 3][:15]:
        page.goto(base + "search/?q=" + q[:-1])
        page.wait_for_function("!document.querySelector('.bl-search__status').textContent.startsWith('正在')")
        page.wait_for_timeout(100)
        page.evaluate(KEYSTROKE)
        page.focus("#bl-q")
        page.keyboard.press("End")
        page.keyboard.type(q[-1])
        times.append(page.evaluate("window.__typing"))
    page.context.close()
    return times


def _urls(page, base: str) -> list[str]:
    """Resources the harness already loaded (the script itself counts towards the query)."""
    return page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--work", default=None, help="reuse this folder between runs (synthetic archive, builds)")
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--no-pagefind", action="store_true", help="ours only (Pagefind at 100,000 items is slow)")
    parser.add_argument("--no-hugo", action="store_true", help="without the Hugo + Pagefind baseline")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="bench-search-")) / f"n{args.items}-s{args.seed}"
    archive_dir = synth(args.items, args.seed, work)
    archive = load_archive(archive_dir, Problems())
    ours = work / "site"
    if not (ours / "search" / "meta.json").exists():
        config = project(work / "project", archive_dir)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(ours)],
                       check=True)
    pf = None if args.no_pagefind else pagefind_site(archive, work)
    hugo = None if args.no_hugo else hugo_site(archive, work)
    qs = queries(archive, args.queries, args.seed)
    (ours / "bench.html").write_text(OURS_HARNESS, encoding="utf-8")
    theirs, hugo_rows, hugo_visits = [], [], []
    with sync_playwright() as p:
        browser = launch(p)
        with served(ours) as base:
            mine = measure(browser, base, ours, OURS_QUERY, qs)
            visits = resident(browser, base, ours, qs)
            typing = keystrokes(browser, base, qs)
            typing_phone = keystrokes(browser, base, qs, latency=PHONE_RTT)
        if pf is not None:
            (pf / "bench.html").write_text(PF_HARNESS, encoding="utf-8")
            with served(pf) as base:
                theirs = measure(browser, base, pf, PF_QUERY, qs)
        if hugo is not None:
            (hugo / "bench.html").write_text(PF_HARNESS, encoding="utf-8")
            with served(hugo) as base:
                hugo_rows = measure(browser, base, hugo, PF_QUERY, qs)
                hugo_visits = resident_hugo(browser, base, hugo, qs)
        browser.close()
    report(args, archive, mine, theirs, ours, pf, typing, visits, typing_phone)
    if hugo_rows:
        hugo_report(args, mine, visits, hugo_rows, hugo_visits, ours, hugo)


def report(args, archive, mine, theirs, ours: Path, pf: Path | None, typing: list[float], visits,
           typing_phone: list[float]) -> None:
    kib = lambda rows, key: stats([r[key] / 1024 for r in rows])  # noqa: E731
    ms = lambda rows, key: stats([r[key] for r in rows])  # noqa: E731
    a, v = kib(mine, "bytes"), kib(visits, "bytes")
    shards = len(list((ours / "search" / "s").glob("*.json.gz")))
    index_bytes = sum(p.stat().st_size for p in (ours / "search").rglob("*.json*"))
    command = (f"python -m bench.search_bytes --items {args.items} --seed {args.seed} --queries {args.queries}"
               + (" --no-pagefind" if pf is None else ""))
    head = [
        f"## Search: bytes and time of a first query ({len(archive.items):,} synthetic items, {len(mine)} queries)",
        "",
        f"Command: `{command}`",
        "(Chromium, fresh context per query, static server on 127.0.0.1; text counted at gzip -9 size).",
        "",
        "A resident's first search (home page loaded, then the search page with the query; everything fetched",
        "after the home page until results render): "
        f"median {v['median']:.1f} KiB, p90 {v['p90']:.1f} KiB, max {v['max']:.1f} KiB; "
        f"keystroke → results rendered, median of {len(typing)}: {stats(typing)['median']:.1f} ms "
        f"(p90 {stats(typing)['p90']:.1f}; includes the 30 ms typing pause); with a phone's "
        f"{PHONE_RTT} ms round trip emulated on every request: median {stats(typing_phone)['median']:.1f} ms "
        f"(p90 {stats(typing_phone)['p90']:.1f}).",
        "",
    ]
    if pf is None:
        lines = head + [
            f"Engine only (search API in a blank page): median {a['median']:.1f} KiB, p90 {a['p90']:.1f} KiB, "
            f"max {a['max']:.1f} KiB; cold first query median {ms(mine, 'cold_ms')['median']:.0f} ms; "
            f"next query in a warm page median {ms(mine, 'next_ms')['median']:.1f} ms; "
            f"index on disk {index_bytes / 2**20:.1f} MiB in {shards} shards + chunks + fragments.",
            "",
            "Per query (resident KiB / engine KiB, results): "
            + ", ".join(f"{w['q']} {w['bytes'] / 1024:.0f}/{m['bytes'] / 1024:.0f} ({m['total']})"
                        for w, m in zip(visits, mine)),
        ]
        _emit(args, lines, {"ours": a, "resident": v})
        return
    b = kib(theirs, "bytes")
    pf_bytes = sum(p.stat().st_size for p in (pf / "pagefind").rglob("*") if p.is_file())
    lines = head + [
        "The engines side by side (search API in a blank page, as Pagefind is used):",
        "",
        "| | this archive | Pagefind-extended | ratio |",
        "|---|---|---|---|",
        f"| bytes, median | {a['median']:.1f} KiB | {b['median']:.1f} KiB | {a['median'] / b['median']:.2f} |",
        f"| bytes, p90 | {a['p90']:.1f} KiB | {b['p90']:.1f} KiB | {a['p90'] / b['p90']:.2f} |",
        f"| bytes, max | {a['max']:.1f} KiB | {b['max']:.1f} KiB | {a['max'] / b['max']:.2f} |",
        f"| cold first query, median | {ms(mine, 'cold_ms')['median']:.0f} ms | "
        f"{ms(theirs, 'cold_ms')['median']:.0f} ms | "
        f"{ms(mine, 'cold_ms')['median'] / ms(theirs, 'cold_ms')['median']:.2f} |",
        f"| warm query (same query, cached), median | {ms(mine, 'warm_ms')['median']:.1f} ms | "
        f"{ms(theirs, 'warm_ms')['median']:.1f} ms"
        f" | {ms(mine, 'warm_ms')['median'] / max(ms(theirs, 'warm_ms')['median'], 0.01):.2f} |",
        f"| next query in a warm page, median | {ms(mine, 'next_ms')['median']:.1f} ms | "
        f"{ms(theirs, 'next_ms')['median']:.1f} ms | "
        f"{ms(mine, 'next_ms')['median'] / max(ms(theirs, 'next_ms')['median'], 0.01):.2f} |",
        f"| keystroke → results rendered on the search page, median of {len(typing)} | "
        f"{stats(typing)['median']:.1f} ms (p90 {stats(typing)['p90']:.1f}; includes the 30 ms typing pause) | – | |",
        f"| requests, median | {stats([r['requests'] for r in mine])['median']} | "
        f"{stats([r['requests'] for r in theirs])['median']} | |",
        f"| index on disk | {index_bytes / 2**20:.1f} MiB in {shards} shards + fragments | "
        f"{pf_bytes / 2**20:.1f} MiB | |",
        "",
        "Per query (KiB resident / engine / Pagefind, results ours / Pagefind): "
        + ", ".join(f"{w['q']} {w['bytes'] / 1024:.0f}/{m['bytes'] / 1024:.0f}/{t['bytes'] / 1024:.0f} "
                    f"({m['total']}/{t['total']})" for w, m, t in zip(visits, mine, theirs)),
    ]
    _emit(args, lines, {"ours": a, "resident": v, "pagefind": b})


STATS = ("median", "p90", "max")


def hugo_report(args, mine, visits, hugo_rows, hugo_visits, ours: Path, hugo: Path) -> None:
    """The second baseline beside this archive, in its own section of benchmarks.md."""
    kib = lambda rows: stats([r["bytes"] / 1024 for r in rows])  # noqa: E731
    files = lambda root: sum(1 for p in root.rglob("*") if p.is_file())  # noqa: E731
    a, v, h, hv = kib(mine), kib(visits), kib(hugo_rows), kib(hugo_visits)
    lines = [
        f"## Search: a first query against Hugo + Pagefind ({args.items:,} synthetic items, {len(mine)} queries)",
        "",
        f"Command: `python -m bench.search_bytes --items {args.items} --seed {args.seed} --queries {args.queries}`",
        "(same run and queries as the section above; Hugo + Pagefind = bench/hugo_baseline.py: Debian's hugo, "
        "bench/hugo_theme, Pagefind-extended's UI with 10 results a page).",
        "",
        "| | this archive | Hugo + Pagefind | ratio |",
        "|---|---|---|---|",
        *(f"| resident, {k} | {v[k]:.1f} KiB | {hv[k]:.1f} KiB | {v[k] / hv[k]:.2f} |" for k in STATS),
        *(f"| engine, {k} | {a[k]:.1f} KiB | {h[k]:.1f} KiB | {a[k] / h[k]:.2f} |" for k in STATS),
        f"| search files on disk | {files(ours / 'search'):,} | {files(hugo / 'pagefind'):,} | |",
        f"| site files | {files(ours):,} | {files(hugo):,} | |",
    ]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(f"search-hugo-{args.items}", text)


def _emit(args, lines: list[str], numbers: dict) -> None:
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(f"search-bytes-{args.items}" if args.items != 10000 else "search-bytes", text)
    print(json.dumps(numbers))


if __name__ == "__main__":
    main()
