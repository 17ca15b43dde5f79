"""How fast `mkdocs serve --dirty` (as `./dev serve` runs it) stops on a large archive, and what it leaves behind.

Each trial starts a preview of a synthetic archive, waits until it serves, and signals it at one point:
- `idle`: nothing running but the preview and the editor's local backend;
- `rebuild`: half a second into the rebuild an item's edit caused;
- `search`: right after that rebuild, while the search index is written by the second process.
SIGTERM goes to the preview's process (a service manager, an editor's stop button); SIGINT to its whole process
group, as Ctrl+C in a terminal does. A second `mkdocs build` of the same archive runs beside it the whole time, so
the machine is loaded as when staff preview while something else builds. Printed per trial: seconds from the
signal to the preview's exit, processes of its family still alive at its exit and 5 s after the signal, and
whether the temporary site folder is left.

usage: python -m bench.serve_stop [--items 10000] [--seed 1] [--runs 1] [--pythonpath DIR] [--label TEXT]
       [--section NAME] [--port 8766] [--work DIR] [--no-write]
(`--pythonpath` runs another checkout's plugin, e.g. `git archive main plugins | tar -x -C /tmp/before`, for a
before/after comparison in one run.)
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from bench.common import editable_copy, project, synth, write_section
from bench.serve import fetch as _fetch

POINTS = ["idle", "rebuild", "search"]
SIGNALS = ["SIGTERM", "SIGINT"]


def _alive(process: psutil.Process) -> bool:
    try:
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _writer(parent: psutil.Process) -> psutil.Process | None:
    """The search-index writer: a `spawn` child of the preview."""
    try:
        return next((c for c in parent.children(recursive=True) if "spawn_main" in " ".join(c.cmdline())), None)
    except psutil.Error:
        return None


def _writing(parent: psutil.Process) -> bool:
    """The index writer is at work: the pool's process stays after its task, idle, so busy means using CPU."""
    writer = _writer(parent)
    if writer is None:
        return False
    try:
        before = sum(writer.cpu_times()[:2])
        time.sleep(0.5)
        return sum(writer.cpu_times()[:2]) - before > 0.02
    except psutil.Error:
        return False


def _wait(condition, timeout: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"never {what}:\n" + log.read_text("utf-8", errors="replace")[-3000:])
        time.sleep(0.05)


class Load:
    """`mkdocs build` of the archive over and over, beside the preview."""

    def __init__(self, config: Path, site: Path, env: dict):
        self.args = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site)]
        self.env, self.proc = env, None

    def tick(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            self.proc = subprocess.Popen(self.args, env=self.env, stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL, start_new_session=True)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def trial(config: Path, item: Path, url: str, point: str, name: str, env: dict, tmp: Path, load: Load,
          port: int) -> dict:
    tmp.mkdir(parents=True, exist_ok=True)
    log = tmp / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload", "-a",
                                 f"127.0.0.1:{port}", "-f", str(config)], stdout=out, stderr=subprocess.STDOUT,
                                env={**env, "TMPDIR": str(tmp)}, start_new_session=True)
    parent = psutil.Process(proc.pid)
    text = lambda: log.read_text("utf-8", errors="replace")  # noqa: E731
    source = item.read_text("utf-8")
    try:
        load.tick()
        _wait(lambda: (load.tick(), "Serving on" in text() and "<h1>" in _fetch(url))[1], 900, "served", log)
        if point == "idle":  # the first build's index written, nothing else running
            _wait(lambda: (load.tick(), not _writing(parent))[1], 600, "idle", log)
        else:
            builds = text().count("Building documentation")
            _wait(lambda: (load.tick(), not _writing(parent))[1], 600, "idle", log)
            item.write_text(re.sub(r"^title: (.+)$", rf"title: \1（{point}{name}）", source, count=1, flags=re.M),
                            encoding="utf-8")
            _wait(lambda: (load.tick(), text().count("Building documentation") > builds)[1], 120, "rebuilt", log)
            if point == "rebuild":
                time.sleep(0.5)
                if text().count("Reloading browsers") > builds - 1:
                    print("  (the rebuild had already finished)", flush=True)
            else:
                _wait(lambda: (load.tick(), text().count("Reloading browsers") >= builds)[1], 120, "reloaded", log)
                if not _writing(parent):
                    print("  (no search writer running at the signal)", flush=True)
        load.tick()
        family = [parent, *parent.children(recursive=True)]
        start = time.monotonic()
        if name == "SIGINT":
            os.killpg(proc.pid, signal.SIGINT)  # Ctrl+C: the terminal signals the whole foreground group
        else:
            os.kill(proc.pid, signal.SIGTERM)
        while proc.poll() is None and time.monotonic() - start < 300:
            load.tick()
            time.sleep(0.02)
        seconds = time.monotonic() - start
        at_exit = [p for p in family if _alive(p)]
        while time.monotonic() - start < 5 and any(_alive(p) for p in family):
            time.sleep(0.05)
        later = [" ".join(p.cmdline()[1:])[:100] for p in family if _alive(p)]
        sites = [p.name for p in tmp.iterdir() if p.name.startswith("mkdocs_")]
        aside = [n for n in sites if ".discarded-" in n]  # moved aside, for the next preview to delete
        return {"point": point, "signal": name, "seconds": seconds, "at_exit": len(at_exit), "later": later,
                "site_left": len(sites) > len(aside), "aside": bool(aside), "code": proc.poll()}
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        for p in parent.children(recursive=True) if parent.is_running() else []:
            p.kill()
        item.write_text(source, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=1, help="trials of each point and signal")
    parser.add_argument("--points", default=",".join(POINTS))
    parser.add_argument("--signals", default=",".join(SIGNALS))
    parser.add_argument("--pythonpath", default=None, help="the plugin from another checkout's plugins/")
    parser.add_argument("--label", default="this tree")
    parser.add_argument("--section", default="serve-stop", help="the section of docs/benchmarks.md written")
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--work", default=None)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="bench-stop-")) / f"n{args.items}-s{args.seed}"
    source = synth(args.items, args.seed, work)
    archive = editable_copy(source, work / f"stop-edited-{args.port}")
    config = project(work / f"stop-project-{args.port}", archive, site_url=f"http://127.0.0.1:{args.port}/")
    load_config = project(work / f"stop-load-{args.port}", source, site_url="http://127.0.0.1/")
    item = sorted(archive.glob("*/0[1-3]-*.md"))[len(list(archive.glob("*"))) // 2]
    slug = re.search(r"^slug: (.+)$", item.read_text("utf-8"), re.M).group(1)
    url = f"http://127.0.0.1:{args.port}/issues/{item.parent.name}/{slug}/"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if args.pythonpath:
        env["PYTHONPATH"] = str(Path(args.pythonpath).resolve())
    load = Load(load_config, work / f"stop-load-site-{args.port}", env)
    results, loads = [], []
    try:
        for run in range(args.runs):
            for point in args.points.split(","):
                for name in args.signals.split(","):
                    tmp = work / f"stop-tmp-{args.port}" / f"{run}-{point}-{name}"
                    result = trial(config, item, url, point, name, env, tmp, load, args.port)
                    loads.append(os.getloadavg()[0])
                    results.append(result)
                    print(f"{args.label}: {point:8} {name:8} {result['seconds']:6.1f} s  exit code {result['code']}  "
                          f"at exit "
                          f"{result['at_exit']}  after 5 s {result['later']}  "
                          f"site left {result['site_left']} aside {result['aside']}",
                          flush=True)
    finally:
        load.stop()
    worst = max(r["seconds"] for r in results)
    rows = [f"| {r['point']} | {r['signal']} | {r['seconds']:.1f} | {r['code']} | {r['at_exit']} | {len(r['later'])} | "
            f"{'yes' if r['site_left'] else 'moved aside' if r['aside'] else 'no'} |" for r in results]
    text = "\n".join([
        f"## `mkdocs serve --dirty`: stopping on a {args.items:,}-item archive, under load",
        "",
        f"Command: `python -m bench.serve_stop --items {args.items} --seed {args.seed} --runs {args.runs}"
        + (f" --points {args.points}" if args.points != ",".join(POINTS) else "")
        + (f" --pythonpath … --label {args.label!r}" if args.pythonpath else "") + "`",
        f"(a preview as `./dev serve` runs it, signalled at: {args.points} (idle, half a second into an edit's",
        "rebuild, while the search index is written after it); SIGTERM to the process, SIGINT to its group as",
        "Ctrl+C; a second `mkdocs build` of the same archive running beside it throughout; 2-core machine,",
        f"load average at the signals {min(loads):.1f}–{max(loads):.1f}).",
        "",
        "| point | signal | seconds to exit | exit code | processes alive at exit "
        "| alive 5 s after the signal (at exit if later) | site folder left |",
        "|---|---|---|---|---|---|---|",
        *rows,
        "",
        f"Slowest: {worst:.1f} s ({args.label}).",
    ])
    print(text)
    if not args.no_write:
        write_section(args.section, text)


if __name__ == "__main__":
    main()
