"""The preview's processes end with it however it ends, and a long editing session leaves a correct site."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from bulletin.lifecycle import DISCARDED, discard_site, sweep_discarded

from .conftest import TEST_ARCHIVE, make_project
from .test_preview import free_port

SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP", "SIGKILL"]


@pytest.fixture(scope="module")
def big_archive(tmp_path_factory) -> Path:
    """Large enough (1,200 items) that the search index is written by a second process."""
    out = tmp_path_factory.mktemp("synth") / "issues"
    subprocess.run([sys.executable, "-m", "bulletin", "synth", "--items", "1200", "--seed", "5", "--out", str(out),
                    "--archive", str(TEST_ARCHIVE), "--seed-text", str(TEST_ARCHIVE / "2020-008/source.txt")],
                   check=True, capture_output=True)
    return out


def _gone(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE  # exited; only waiting for a reaper
    except psutil.NoSuchProcess:
        return True


@pytest.mark.parametrize("name", SIGNALS)
def test_no_process_outlives_the_preview(tmp_path, big_archive, name):
    extra = "\nplugins:\n  - bulletin:\n      archive: issues\n      parallel_index: true\n"
    config = make_project(tmp_path, big_archive, site_url=None, extra=extra)
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", "127.0.0.1:0", "-f", str(config)],
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    parent = psutil.Process(proc.pid)
    try:
        writer, deadline = None, time.monotonic() + 120
        while writer is None and time.monotonic() < deadline and proc.poll() is None:
            writer = next((c for c in parent.children(recursive=True)
                           if "spawn_main" in " ".join(c.cmdline())), None)
            time.sleep(0.05)
        assert writer is not None, "the index writer never started:\n" + log.read_text("utf-8")[-2000:]
        editor = None  # the web editor's local backend: a Node process under a Python keeper
        while editor is None and time.monotonic() < deadline:
            editor = next((c for c in parent.children(recursive=True) if "decap-server" in " ".join(c.cmdline())
                           and c.name().startswith("node")), None)
            time.sleep(0.05)
        assert editor is not None, "the editor's local backend never started"
        family = [parent, *parent.children(recursive=True)]
        os.kill(proc.pid, getattr(signal, name))
        proc.wait(timeout=15)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not all(_gone(p) for p in family):
            time.sleep(0.1)
        left = [(p.pid, p.cmdline()) for p in family if not _gone(p)]
        assert left == [], f"after {name}: {left}"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


STOP_WITHIN = 5.0  # seconds from SIGTERM or Ctrl-C to the preview's exit, mid-rebuild included


def _alive(family: list[psutil.Process]) -> list[psutil.Process]:
    return [p for p in family if not _gone(p)]


@pytest.mark.parametrize("point", ["idle", "rebuild"])
@pytest.mark.parametrize("name", ["SIGTERM", "SIGINT"])
def test_the_preview_stops_promptly(tmp_path, big_archive, name, point):
    """`./dev serve` (`--dirty --livereload`) exits within STOP_WITHIN s of SIGTERM to its process or of Ctrl-C
    (SIGINT to its process group, as a terminal sends it), at rest or while an edit is being rebuilt; no process of
    its family is left, and the temporary site folder is gone (the orderly way out ran to its end)."""
    config = make_project(tmp_path, big_archive, site_url=None)
    item = sorted((config.parent / "issues").glob("*/0[1-3]-*.md"))[0]
    log, tmp = tmp_path / "serve.log", tmp_path / "tmp"
    tmp.mkdir()
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "--livereload", "-a",
                                 "127.0.0.1:0", "-f", str(config)], stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "TMPDIR": str(tmp)}, start_new_session=True)
    parent = psutil.Process(proc.pid)
    text = lambda: log.read_text("utf-8", errors="replace")  # noqa: E731
    try:
        deadline = time.monotonic() + 180
        while "Serving on" not in text() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert "Serving on" in text(), text()[-3000:]
        if point == "rebuild":
            builds = text().count("Building documentation")
            item.write_text(item.read_text("utf-8").replace("title: ", "title: （改）", 1), encoding="utf-8")
            while text().count("Building documentation") == builds and time.monotonic() < deadline:
                time.sleep(0.02)  # signalled as soon as the rebuild has started
            assert text().count("Building documentation") > builds, "the edit was never rebuilt"
        family = [parent, *parent.children(recursive=True)]
        start = time.monotonic()
        if name == "SIGINT":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            os.kill(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=60)
        seconds = time.monotonic() - start
        until = time.monotonic() + 2  # multiprocessing's resource tracker ends when its pipe from the preview closes
        while _alive(family) and time.monotonic() < until:
            time.sleep(0.05)
        left = [(p.pid, p.cmdline()) for p in _alive(family)]
        rebuilding = text().count("Reloading browsers") < text().count("Building documentation") - 1
        assert seconds < STOP_WITHIN, f"{name} {point}: {seconds:.1f} s to exit\n" + text()[-3000:]
        assert left == [], f"after {name} {point}: {left}"
        served = [p.name for p in tmp.iterdir() if p.name.startswith("mkdocs_") and DISCARDED not in p.name]
        assert served == [], "the site folder is left in place"
        print(f"{name} {point}: exit after {seconds:.2f} s" + (" (mid-rebuild)" if rebuilding else ""))
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _tree(root: Path, files: int = 30) -> Path:
    for n in range(files):
        path = root / f"d{n % 3}" / f"{n}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    return root


def test_a_site_folder_is_moved_aside_and_deleted_then_or_by_the_next_preview(tmp_path):
    whole = _tree(tmp_path / "mkdocs_whole")
    assert discard_site(whole, budget=60)
    assert list(tmp_path.iterdir()) == []
    partial = _tree(tmp_path / "mkdocs_partial")
    assert not discard_site(partial, budget=0)  # out of time at once: moved aside, nothing deleted
    [aside] = list(tmp_path.iterdir())
    assert not partial.exists() and aside.name == f"mkdocs_partial{DISCARDED}{os.getpid()}"
    assert sweep_discarded(tmp_path) is None  # this process still runs: its folder is its own
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    left = aside.rename(tmp_path / f"mkdocs_partial{DISCARDED}{ended.stdout.strip()}")  # left by an ended preview
    sweeper = sweep_discarded(tmp_path)
    assert sweeper is not None
    sweeper.join(timeout=60)
    assert not left.exists()


def _start(config: Path, port: int, tmp: Path, log: Path) -> subprocess.Popen:
    """`mkdocs serve` whose temporary site folder lands in `tmp` (so the test can read what it serves)."""
    tmp.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "TMPDIR": str(tmp)}
    with open(log, "ab") as out:
        return subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}",
                                 "-f", str(config)], stdout=out, stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)


def _settled(log: Path, builds_before: int, quiet: float = 3.0, timeout: float = 180.0) -> int:
    """Wait until more than `builds_before` builds have run, the last one has finished, and the log has been quiet
    for `quiet` s; returns the number of builds. (MkDocs drops repeated identical log messages, such as
    "Documentation built in 1.34 seconds", so finished rebuilds are counted by "Reloading browsers".)"""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = log.read_text("utf-8", errors="replace")
        builds = text.count("Building documentation")
        finished = "Serving on" in text and text.count("Reloading browsers") == builds - 1
        if builds > builds_before and finished and time.time() - log.stat().st_mtime > quiet:
            return builds
        time.sleep(0.2)
    raise AssertionError("the preview never settled:\n" + log.read_text("utf-8")[-3000:])


def _site(tmp: Path) -> dict[str, bytes]:
    [site] = [p for p in tmp.iterdir() if p.name.startswith("mkdocs_")]
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()
            and p.relative_to(site).parts[0] != "admin"}  # written whole by every build; names its backend's port


def _rss(pid: int) -> int:
    process = psutil.Process(pid)
    return sum(p.memory_info().rss for p in [process, *process.children(recursive=True)])


def _children(pid: int) -> set[int]:
    return {p.pid for p in psutil.Process(pid).children(recursive=True)}


def _resting_rss(pid: int, lasting: set[int], timeout: float = 15) -> int:
    """The preview's memory at rest: once the forks a build makes (the index writer, the second page renderer)
    have exited — only `lasting` children left — and after the collection it runs a second after each build
    (the least of the readings over the next two seconds)."""
    deadline = time.monotonic() + timeout
    while _children(pid) - lasting and time.monotonic() < deadline:
        time.sleep(0.1)
    readings, until = [], time.monotonic() + 2
    while time.monotonic() < until:
        readings.append(_rss(pid))
        time.sleep(0.1)
    return min(readings)


def _editing_session(archive: Path) -> list:
    """Fifty changes as a member of staff makes them, in order."""
    issue = archive / "2020-008"
    item = lambda prefix: sorted(issue.glob(f"{prefix}-*.md"))[0]  # noqa: E731

    def edit(prefix: str, old: str, new: str):
        def change():
            path = item(prefix)
            path.write_text(path.read_text("utf-8").replace(old, new, 1), encoding="utf-8")
        return change

    def append(prefix: str, text: str):
        def change():
            path = item(prefix)
            path.write_text(path.read_text("utf-8") + text, encoding="utf-8")
        return change

    def move(old: str, new: str):
        return lambda: (archive / old).rename(archive / new)

    new_item = ("---\ntitle: 北碚区开展垃圾分类入户宣传\nsection: 区县动态\ndate: 2020-07-30\ndate_precision: day\n"
                "districts: [北碚区]\ntags: [生活垃圾分类]\nslug: beibei-laji-fenlei-ruhu\n---\n\n"
                "7月30日，北碚区开展入户宣传。\n")
    changes = [append("15", f"\n第{n}次补充。\n") for n in range(10)]  # 10 saves within 2 s
    changes += [
        lambda: (issue / "23-beibei-laji-fenlei-ruhu.md").write_text(new_item, encoding="utf-8"),
        edit("23", "入户宣传\n", "入户宣传活动\n"),
        edit("23", "tags: [生活垃圾分类]", "tags: [生活垃圾分类, 宣传教育]"),
        edit("23", "date: 2020-07-30", "date: 2020-07-31"),
        lambda: item("22").unlink(),  # an item deleted
        lambda: item("21").rename(issue / "24-baotou-qingshan-quzhua-yuantou-zhili.md"),  # moved to the end
        edit("16", "districts: [南岸区]", "districts: [南岸区, 巴南区]"),
        edit("16", "南岸区开展", "南岸区组织开展"),
        edit("14", "tags: [", "tags: [评估验收, "),
        edit("14", "[评估验收, ", "["),
        edit("15", "districts: [沙坪坝区]", "districts: [沙坪坝区"),  # a YAML error …
        edit("15", "districts: [沙坪坝区", "districts: [沙坪坝区]"),  # … and its fix
        edit("13", "districts: [渝中区]", "districts: [渝中]"),  # an alias
        lambda: (archive / "districts.yml").write_text(
            (archive / "districts.yml").read_text("utf-8").replace("aliases: [沙坪坝", "aliases: [沙区, 沙坪坝"),
            encoding="utf-8"),
        edit("15", "districts: [沙坪坝区]", "districts: [沙区]"),
        edit("12", "title: ", "title: （更新）"),
        edit("11", "date_precision: issue", "date_precision: month"),
        edit("10", "江北区环保", "江北区“环保"),
        edit("10", "江北区“环保", "江北区环保"),
        append("09", "\n补充一段。\n"),
        move("2020-008", "2020-009"),  # the issue folder renamed: number mismatch until issue.yml follows
        lambda: (archive / "2020-009" / "issue.yml").write_text(
            (archive / "2020-009" / "issue.yml").read_text("utf-8").replace("number: 8", "number: 9"), "utf-8"),
        move("2020-009", "2020-008"),
        lambda: (archive / "2020-008" / "issue.yml").write_text(
            (archive / "2020-008" / "issue.yml").read_text("utf-8").replace("number: 9", "number: 8"), "utf-8"),
        edit("08", "tags: [", "tags: [调研督导, "),
        edit("07", "date: 2020-06-30", "date: 2020-06-29"),
        edit("06", "section: 工作动态", "section: 区县动态"),
        edit("06", "section: 区县动态", "section: 工作动态"),
        append("05", "\n（市无废办）\n"),
        edit("04", "调研", "专题调研"),
        edit("03", "date_precision: day", "date_precision: days"),
        append("02", "\n会议还强调了有关要求。\n"),
        edit("01", "唐良智", "唐良智市长"),
        edit("23", "北碚区开展", "北碚区组织开展"),
        edit("16", "districts: [南岸区, 巴南区]", "districts: [南岸区]"),
        lambda: item("23").unlink(),
        lambda: (issue / "23-beibei-laji-fenlei-ruhu.md").write_text(new_item, encoding="utf-8"),  # added back
        append("15", "\n最后一次修改。\n"),
        lambda: item("24").rename(issue / "21-baotou-qingshan-quzhua-yuantou-zhili.md"),
        edit("17", "巴南区", "巴南区（试点）"),
    ]
    return changes


def test_fifty_changes_in_a_row_end_where_a_fresh_preview_starts(tmp_path):
    config = make_project(tmp_path, site_url=None)
    archive = config.parent / "issues"
    port = free_port()  # the same port for both previews: feeds carry the preview's address
    log_a, log_b = tmp_path / "a.log", tmp_path / "b.log"
    session = _start(config, port, tmp_path / "a", log_a)
    try:
        builds = _settled(log_a, 0)
        lasting = _children(session.pid)  # the editor's local server: there for the whole preview
        first_rss = _resting_rss(session.pid, lasting)
        changes = _editing_session(archive)
        assert len(changes) == 50
        peak = first_rss
        for n, change in enumerate(changes):
            change()
            time.sleep(0.15 if n < 10 else 0.6)  # ten saves within two seconds, then a person's pace
            peak = max(peak, _rss(session.pid))
        _settled(log_a, builds)
        served, last_rss = _site(tmp_path / "a"), _resting_rss(session.pid, lasting)
    finally:
        session.terminate()
        session.wait(timeout=30)
    fresh = _start(config, port, tmp_path / "b", log_b)
    try:
        _settled(log_b, 0)
        expected = _site(tmp_path / "b")
    finally:
        fresh.terminate()
        fresh.wait(timeout=30)
    assert sorted(served) == sorted(expected)
    differ = [name for name in expected if served[name] != expected[name]]
    for name in differ:  # kept for whoever has to read the failure
        for side, files in (("served", served), ("fresh", expected)):
            out = tmp_path / "differ" / side / name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(files[name])
    assert differ == []
    text = log_a.read_text("utf-8")
    assert "Traceback" not in text and "ERROR" not in text, text[-3000:]
    print(f"RSS after the first build {first_rss / 2**20:.0f} MiB, peak {peak / 2**20:.0f} MiB, "
          f"after 50 changes {last_rss / 2**20:.0f} MiB")
    # Bounded growth, not none: on a quiet 2-core machine the preview's own process grows ~1 MiB a rebuild at this
    # pace (the session-start code too: 187 → 238 MiB; 208 MiB when the machine is busy and rebuilds coalesce).
    # Twice that — a leak of a build's pages — fails.
    assert last_rss <= first_rss * 1.4
