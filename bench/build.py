"""Build time, memory and output size: this archive against a stock Material blog of the same items, same run.

usage: python -m bench.build [--sizes 1000 10000] [--seed 1] [--work DIR] [--no-write]
       python -m bench.build --footprint [--sizes 10000]    (files and bytes against Hugo + Pagefind)

For each size: a synthetic archive (`bulletin synth`), built with this plugin; the same items laid out by
bench/material_baseline.py (blog + tags + search with jieba), built with stock Material. Also the
time `mkdocs serve` takes to show an edited item (one item changed, then the rebuild it triggers).
`--footprint`: what a deployment uploads — files, bytes, search files — for this archive in both search layouts
and for the second baseline, the same items as a Hugo site indexed by Pagefind (bench/hugo_baseline.py; Debian's
`hugo`), against the static hosts' limits (site/publishing.py).
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
import tempfile
from pathlib import Path

from bench.common import project, synth, timed_build, timed_run, write_section
from bench.hugo_baseline import HUGO, items_from_archive
from bench.hugo_baseline import lay_out as hugo_lay_out
from bench.material_baseline import lay_out
from bulletin.archive.load import load_archive
from bulletin.archive.problems import Problems
from bulletin.site.publishing import HOST_LIMITS, footprint


def site_stats(site: Path, index: list[Path]) -> dict[str, float]:
    pages = list(site.rglob("*.html"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    index_raw = sum(p.stat().st_size for f in index for p in ([f] if f.is_file() else f.rglob("*")) if p.is_file())
    return {"pages": len(pages), "bytes": total, "index": index_raw,
            "per_page": sum(p.stat().st_size for p in pages) / max(1, len(pages))}


def material(items: int, seed: int, work: Path) -> dict[str, float]:
    jsonl = work / "items.jsonl"
    out = work / "material"
    if not (out / "mkdocs.yml").exists():
        lay_out(jsonl, out)
    seconds, rss = timed_build(out / "mkdocs.yml", out / "site")
    index = out / "site" / "search" / "search_index.json"
    stats = site_stats(out / "site", [index])
    stats["index_gzip"] = len(gzip.compress(index.read_bytes(), 6))
    return {"seconds": seconds, "rss": rss, **stats}


def ours(items: int, seed: int, work: Path, parallel: bool | None = None) -> dict[str, float]:
    config = project(work / "project", work / "issues")
    if parallel is not None:  # --cores: this archive on one core against both cores
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("      archive: ", f"      parallel_pages: {str(parallel).lower()}\n"
                                       "      archive: ", 1), encoding="utf-8")
    seconds, rss = timed_build(config, work / "site")
    stats = site_stats(work / "site", [work / "site" / "search"])
    return {"seconds": seconds, "rss": rss, **stats}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default=None)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--no-material", action="store_true",
                        help="this archive only (time, peak RSS, pages): for sizes Material takes hours on")
    parser.add_argument("--footprint", action="store_true",
                        help="files and bytes of both search layouts against Hugo + Pagefind; no Material")
    parser.add_argument("--layouts", nargs="+", default=["standard", "auto"], choices=["standard", "compact", "auto"],
                        help="--footprint: the search layouts to build (the compact one takes several times longer)")
    parser.add_argument("--no-hugo", action="store_true", help="--footprint: without the Hugo + Pagefind baseline")
    parser.add_argument("--cores", action="store_true",
                        help="pages rendered on one core against two (parallel_pages), same run; no Material")
    args = parser.parse_args()
    root = Path(args.work or tempfile.mkdtemp(prefix="bench-build-"))
    if args.cores:
        cores(args, root)
        return
    if args.footprint:
        footprints(args, root)
        return
    if args.no_material:
        alone(args, root)
        return
    results = {}
    for n, work in _archives(args, root, jsonl=True):
        results[n] = (ours(n, args.seed, work), material(n, args.seed, work))
        a, b = results[n]
        print(f"{n}: ours {a['seconds']:.1f} s, Material {b['seconds']:.1f} s", flush=True)
    report(args, results)


def cores(args, root: Path) -> None:
    lines = _header(args, "page rendering on one core against two", "--cores",
                    ["(the same archive built with `parallel_pages: false`, then `true`, in one run; the search "
                     "index has its", "own process in both; peak RSS of the whole process tree)."],
                    ["items", "one core", "two cores", "ratio", "peak RSS, two cores", "HTML pages"])
    for n, work in _archives(args, root):
        one = ours(n, args.seed, work, parallel=False)
        two = ours(n, args.seed, work, parallel=True)
        print(f"{n}: one core {one['seconds']:.1f} s, two {two['seconds']:.1f} s", flush=True)
        lines.append(f"| {n:,} | {one['seconds']:.1f} s | {two['seconds']:.1f} s | "
                     f"{one['seconds'] / two['seconds']:.2f}× faster | {two['rss'] / 1024:.0f} MiB | "
                     f"{two['pages']:,} |")
    _emit(args, "build-cores", lines)


def with_layout(config: Path, layout: str) -> Path:
    text = config.read_text(encoding="utf-8")
    text = text.replace("      archive: ", f"      search_layout: {layout}\n      archive: ", 1)
    out = config.with_name(f"mkdocs-{layout}.yml")
    out.write_text(text, encoding="utf-8")
    return out


def deployed(site: Path, index: Path, seconds: float, rss: int) -> dict:
    found = footprint(site)
    search = footprint(index)
    return {"seconds": seconds, "rss": rss, "files": found.files, "bytes": found.bytes, "largest": found.largest,
            "largest_bytes": found.largest_bytes, "search_files": search.files, "search_bytes": search.bytes}


def hugo_pagefind(work: Path) -> dict:
    """The second baseline: the same items as a Hugo site (bench/hugo_theme), indexed by Pagefind, timed as one."""
    out = work / "hugo"
    if not (out / "hugo.toml").exists():
        hugo_lay_out(items_from_archive(load_archive(work / "issues", Problems())), out)
    shutil.rmtree(out / "public", ignore_errors=True)
    hugo_s, hugo_rss = timed_run([HUGO, "--quiet", "-s", str(out), "-d", str(out / "public")])
    pf_s, pf_rss = timed_run([sys.executable, "-m", "pagefind", "--site", str(out / "public")])
    return deployed(out / "public", out / "public" / "pagefind", hugo_s + pf_s, max(hugo_rss, pf_rss))


def footprints(args, root: Path) -> None:
    mib = 2**20
    limits = "; ".join(f"{limit.host} {limit.label}" + (" files" if limit.kind == "files" else
                                                        " a file" if limit.kind == "file" else " a site")
                       for limit in HOST_LIMITS)
    flag = "--footprint" + ("" if args.layouts == ["standard", "auto"] else " --layouts " + " ".join(args.layouts))
    flag += " --no-hugo" if args.no_hugo else ""
    lines = _header(args, "what a deployment uploads, against Hugo + Pagefind", flag,
                    ["(this archive with `search_layout: standard` and `auto`, the default; the same items as a",
                     "Hugo site with bench/hugo_theme, indexed by Pagefind-extended; one run. Hosts' limits:",
                     f"{limits}).",
                     "Build time is Hugo's plus Pagefind's for the baseline."],
                    ["items", "site", "files", "bytes", "search files", "search bytes", "largest file",
                     "build", "peak RSS"])
    for n, work in _archives(args, root):
        config = project(work / "project", work / "issues")
        rows = []
        for layout in args.layouts:
            site = work / f"site-{layout}"
            seconds, rss = timed_build(with_layout(config, layout), site)
            rows.append((f"this archive, {layout}", deployed(site, site / "search", seconds, rss)))
        if not args.no_hugo:
            rows.append(("Hugo + Pagefind", hugo_pagefind(work)))
        for name, r in rows:
            print(n, name, r, flush=True)
            lines.append(f"| {n:,} | {name} | {r['files']:,} | {r['bytes'] / mib:.0f} MiB | {r['search_files']:,} | "
                         f"{r['search_bytes'] / mib:.1f} MiB | {r['largest_bytes'] / mib:.1f} MiB | "
                         f"{r['seconds']:.1f} s | {r['rss'] / 1024:.0f} MiB |")
    _emit(args, "footprint", lines)


def alone(args, root: Path) -> None:
    lines = _header(args, "this archive alone, at sizes the Material baseline is not run at", "--no-material", [],
                    ["items", "wall time", "peak RSS", "HTML pages", "bytes per HTML page"])
    for n, work in _archives(args, root):
        a = ours(n, args.seed, work)
        lines.append(f"| {n:,} | {a['seconds']:.1f} s | {a['rss'] / 1024:.0f} MiB | {a['pages']:,} | "
                     f"{a['per_page'] / 1024:.1f} KiB |")
    _emit(args, "build-large", lines)


def _header(args, title: str, flag: str, notes: list[str], columns: list[str]) -> list[str]:
    """A section's title, the command that writes it, notes, and its table's head."""
    command = f"python -m bench.build {flag} --sizes {' '.join(map(str, args.sizes))} --seed {args.seed}"
    return [f"## Build: {title}", "", f"Command: `{command}`", *notes, "", "| " + " | ".join(columns) + " |",
            "|" + "---|" * len(columns)]


def _archives(args, root: Path, jsonl: bool = False):
    """(items, work folder) for each size, its synthetic archive written (and its JSON lines, for Material)."""
    for n in args.sizes:
        work = root / f"n{n}-s{args.seed}"
        synth(n, args.seed, work, work / "items.jsonl" if jsonl else None)
        yield n, work


def _emit(args, section: str, lines: list[str]) -> None:
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(section, text)


def report(args, results) -> None:
    mib = 2**20
    lines = [
        "## Build: this archive against a stock Material blog of the same items",
        "",
        f"Command: `python -m bench.build --sizes {' '.join(map(str, args.sizes))} --seed {args.seed}`",
        "(synthetic items from `bulletin synth`; Material = `bench/material_baseline.py`: blog + tags +",
        "search with jieba; peak RSS of the whole process tree, sampled every 0.1 s; 2-core machine).",
        "",
        "| items | | this archive | Material blog | ratio |",
        "|---|---|---|---|---|",
    ]
    for n, (a, b) in results.items():
        rows = [
            ("wall time", f"{a['seconds']:.1f} s", f"{b['seconds']:.1f} s", b["seconds"] / a["seconds"], "× faster"),
            ("peak RSS", f"{a['rss'] / 1024:.0f} MiB", f"{b['rss'] / 1024:.0f} MiB", a["rss"] / b["rss"], ""),
            ("HTML pages", f"{a['pages']:,}", f"{b['pages']:,}", None, ""),
            ("site size", f"{a['bytes'] / mib:.0f} MiB", f"{b['bytes'] / mib:.0f} MiB", a["bytes"] / b["bytes"], ""),
            ("bytes per HTML page", f"{a['per_page'] / 1024:.1f} KiB", f"{b['per_page'] / 1024:.1f} KiB",
             a["per_page"] / b["per_page"], ""),
            ("search index on disk", f"{a['index'] / mib:.1f} MiB (sharded; a query fetches a few files)",
             f"{b['index'] / mib:.1f} MiB ({b['index_gzip'] / mib:.1f} MiB gzip, loaded whole)", None, ""),
        ]
        for name, mine, theirs, ratio, note in rows:
            shown = f"{ratio:.2f}{note}" if ratio is not None else ""
            lines.append(f"| {n:,} | {name} | {mine} | {theirs} | {shown} |")
    if len(results) >= 2:
        small, large = sorted(results)[0], sorted(results)[-1]
        scale = results[large][0]["seconds"] / results[small][0]["seconds"]
        lines += ["", f"Scaling: time({large:,}) / time({small:,}) = {scale:.1f} for {large // small}× the items."]
    _emit(args, "build", lines)


if __name__ == "__main__":
    main()
