"""Lighthouse (npm `lighthouse`, pinned; Debian's chromium through CHROME_PATH), mobile, on every page kind of the
repo's archive served under /archive/ behind gzip: performance, accessibility, best practices, SEO, and CLS.

usage: python -m bench.lighthouse [--work DIR] [--runs N] [--no-write] [--plain]   (--plain: no gzip)
Each page is audited N times (default 3) and the median run is reported, as Lighthouse's own guidance on
variability advises: one run's performance score moves by ±5 on the same page.
Installs lighthouse into .venv/lighthouse on first use (npm).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import socketserver
import statistics
import subprocess
import tempfile
import threading
from pathlib import Path

from bench.common import REPO, project, write_section

os.environ.setdefault("EDITOR_REPO", "example/yuhuan-archive")  # as tests/conftest.py: the editor is configured
os.environ.setdefault("EDITOR_AUTH_URL", "https://auth.example.org")

VERSION = "13.5.0"
TOOL = REPO / ".venv" / "lighthouse"
CLI = TOOL / "node_modules" / "lighthouse" / "cli" / "index.js"
KINDS = [("首页", ""), ("期刊列表", "issues/"), ("一期", "issues/2020-008/"),
         ("条目", "issues/2020-008/nanan-kaizhan-wufei-xuexiao-xianchang/"), ("区县", "districts/"),
         ("一个区县", "districts/nanan/"), ("专题", "tags/"), ("一个专题", "tags/wufei-xuexiao/"),
         ("按时间", "archive/"), ("搜索", "search/?q=无废学校"), ("统计", "stats/"), ("关于", "about/")]
# not the 404 page: Lighthouse refuses to audit a page answered with status 404
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TEXT = (".html", ".css", ".js", ".json", ".xml", ".svg", "/")


class Gzip(http.server.SimpleHTTPRequestHandler):
    """A static host that gzips text (as publishers' hosts do) and answers a missing page with the site's 404."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        status = 200
        if not path.is_file():
            path, status = Path(self.directory) / "archive" / "404.html", 404
        body = path.read_bytes()
        kind = self.guess_type(str(path))
        self.send_response(status)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Cache-Control", "max-age=3600")
        if self.server.gzip and str(path).endswith(TEXT):
            body = gzip.compress(body, 6)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def ensure_lighthouse() -> None:
    if not CLI.exists():
        subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(TOOL),
                        f"lighthouse@{VERSION}"], check=True)


def run(url: str, out: Path) -> dict:
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    subprocess.run(["node", str(CLI), url, "--quiet", "--output=json", f"--output-path={out}",
                    f"--only-categories={','.join(CATEGORIES)}",
                    "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking"],
                   check=True, env=env, timeout=300)
    return json.loads(out.read_text(encoding="utf-8"))


def failing(report: dict) -> list[str]:
    """Audits that cost points outside performance (the ones a fix can reach)."""
    found = []
    for name in CATEGORIES[1:]:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref["weight"] and audit.get("score") is not None and audit["score"] < 1:
                found.append(ref["id"])
    return found


def audit(url: str, out: Path) -> tuple:
    """One Lighthouse run: the four scores, CLS, TBT, the machine's CPU index and the audits that cost points."""
    report = run(url, out)
    scores = [round(report["categories"][c]["score"] * 100) for c in CATEGORIES]
    cls = report["audits"]["cumulative-layout-shift"]["numericValue"]
    tbt = report["audits"]["total-blocking-time"]["numericValue"]
    index = report["environment"]["benchmarkIndex"]  # Lighthouse's CPU speed of this machine, now
    return (*scores, cls, tbt, index, failing(report))


def median_run(runs: list[tuple]) -> tuple:
    """The run with the median performance score (its other numbers with it); a lower score elsewhere is kept, as
    is the worst CLS and every audit that cost points in any run."""
    ordered = sorted(runs, key=lambda r: r[0])
    mid = ordered[(len(ordered) - 1) // 2]
    others = [min(r[i] for r in runs) for i in (1, 2, 3)]
    bad = sorted({a for r in runs for a in r[7]})
    return (mid[0], *others, max(r[4] for r in runs), statistics.median(r[5] for r in runs), mid[6], bad)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", default=None)
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--plain", action="store_true", help="serve without gzip")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    ensure_lighthouse()
    work = Path(args.work or tempfile.mkdtemp(prefix="bench-lighthouse-"))
    www = work / "www"
    shutil.rmtree(www, ignore_errors=True)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(project(work / "project", REPO / "issues")))
    build(config)
    shutil.copytree(config.site_dir, www / "archive")
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(Gzip, directory=str(www)))
    server.gzip = not args.plain
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/archive/"
    rows = []
    load = [os.getloadavg()[0]]  # Lighthouse's performance score simulates a phone from timings taken on this one
    try:
        for label, path in KINDS:
            runs = [audit(base + path, work / "report.json") for _ in range(args.runs)]
            row = median_run(runs)
            rows.append((label, path, *row, [r[0] for r in runs]))
            print(label, row, flush=True)
    finally:
        server.shutdown()
    load.append(os.getloadavg()[0])
    lines = [f"Lighthouse {VERSION}, mobile (its default: simulated slow 4G, 4× CPU slowdown), Debian chromium, the "
             f"repo's archive under /archive/ {'without gzip' if args.plain else 'behind gzip'}. "
             "Command: `.venv/bin/python -m bench.lighthouse`. Load average (1 min) at start/end: "
             f"{load[0]:.1f}/{load[1]:.1f} on {os.cpu_count()} cores — performance is measured time scaled, so a "
             "busy machine lowers it; accessibility, best practices and SEO do not depend on load.", "",
             f"Each page {args.runs} runs: performance and TBT are the median run's (every run's score beside it), "
             "accessibility, best practices and SEO the lowest, CLS the highest.", "",
             "| page | path | performance | runs | accessibility | best practices | SEO | CLS | TBT ms | CPU index | "
             "audits below 1 |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for label, path, perf, a11y, bp, seo, cls, tbt, index, bad, scores in rows:
        lines.append(f"| {label} | `{path or '/'}` | {perf} | {' '.join(map(str, scores))} | {a11y} | {bp} | {seo} | "
                     f"{cls:.3f} | {tbt:.0f} | {index} | {', '.join(bad) or '—'} |")
    lines += ["", "CPU index: Lighthouse's benchmarkIndex of the machine during the run (it calls under 1000 "
              "underpowered). Total blocking time (Material's bundle and our "
              "scripts, measured here and scaled 4×) is what a slow index turns into a low performance score."]
    if not args.no_write:
        write_section("lighthouse-plain" if args.plain else "lighthouse", "## Lighthouse\n\n" + "\n".join(lines))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
