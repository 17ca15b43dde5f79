"""Hosting: the publishing report every build ends with, and the limits of the common static hosts."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from bulletin.search.writer import read_search_file
from bulletin.site import publishing
from bulletin.site.publishing import HostLimit, footprint, over_limits, size_text

from .conftest import build, make_project, plugin_options


def _walk(site: Path) -> tuple[int, int, str, int]:
    sizes = {p.relative_to(site).as_posix(): p.stat().st_size for p in site.rglob("*") if p.is_file()}
    largest = max(sizes, key=lambda name: sizes[name])
    return len(sizes), sum(sizes.values()), largest, sizes[largest]


def _messages(caplog, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == level and r.name.startswith("mkdocs")]


def test_every_build_ends_with_the_publishing_report(tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        site = Path(build(make_project(tmp_path)).site_dir)
    files, total, largest, largest_bytes = _walk(site)
    assert footprint(site) == publishing.Footprint(files, total, largest, largest_bytes)
    lines = [m for m in _messages(caplog, logging.INFO) if "发布内容共" in m]
    assert lines == [f"bulletin：发布内容共 {files:,} 个文件，合计 {size_text(total)}，最大的文件是 {largest}"
                     f"（{size_text(largest_bytes)}）"], caplog.text
    assert not [m for m in _messages(caplog, logging.WARNING) if "部署" in m]  # the seed archive fits every host
    assert not (site / "publish").exists()  # docs/publish/nginx.conf is for the server, not the site
    precompressed = [p.name for p in site.rglob("*.gz") if not p.name.endswith(".json.gz")]  # not the search files
    assert precompressed == ["sitemap.xml.gz"]  # precompress is off by default


def test_a_host_limit_exceeded_warns_and_fails_a_strict_build(tmp_path, caplog, monkeypatch):
    monkeypatch.setattr(publishing, "HOST_LIMITS", (HostLimit("Cloudflare Pages", "files", 10, "10"),
                                                    HostLimit("Cloudflare Pages", "file", 1024, "1 KiB"),
                                                    HostLimit("GitHub Pages", "total", 100_000, "100 kB")))
    config = make_project(tmp_path)
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        build(config, strict=False)
    warnings = [m for m in _messages(caplog, logging.WARNING) if m.startswith("bulletin：") and "限制" in m]
    assert len(warnings) == 3, caplog.text
    files, _, largest, _ = _walk(tmp_path / "project" / "site")
    assert "Cloudflare Pages 每次部署最多 10 个文件" in warnings[0] and f"网站有 {files:,} 个文件" in warnings[0]
    assert "Cloudflare Pages 单个文件最大 1 KiB" in warnings[1] and largest in warnings[1]
    assert "GitHub Pages 建议的网站最大 100 kB" in warnings[2]
    assert all("请" in w for w in warnings)  # each says what to do
    with pytest.raises(Abort):
        build(config, strict=True)
    assert "已自动采用" in warnings[0]  # `auto` already wrote the compact layout: another host is the fix
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        build(make_project(tmp_path / "std", extra=plugin_options("search_layout: standard")), strict=False)
    files = [m for m in _messages(caplog, logging.WARNING) if "个文件的限制" in m]
    assert len(files) == 1 and "删去" in files[0] and "search_layout: standard" in files[0], caplog.text


def test_limits_are_strictly_exceeded_and_named():
    site = publishing.Footprint(files=20_000, bytes=10**9, largest="a/b.pdf", largest_bytes=25 * 1024 * 1024)
    assert over_limits(site) == []  # at the limit is still allowed
    bigger = publishing.Footprint(files=20_001, bytes=10**9 + 1, largest="a/b.pdf", largest_bytes=25 * 2**20 + 1)
    warnings = over_limits(bigger)
    assert [w.split("超过 ")[1].split(" ")[0] for w in warnings] == ["Cloudflare", "Cloudflare", "GitHub"]
    assert "20,000 个文件" in warnings[0] and "20,001" in warnings[0]
    assert "a/b.pdf" in warnings[1] and "最大 25 MiB" in warnings[1]
    assert "最大 1 GB" in warnings[2] and "953.7 MiB" in warnings[2]


def test_sizes_read_as_people_write_them():
    assert [size_text(n) for n in (0, 1023, 1024, 1536, 25 * 2**20, 3 * 2**30)] == [
        "0 B", "1023 B", "1.0 KiB", "1.5 KiB", "25.0 MiB", "3.00 GiB"]


def test_footprint_of_an_empty_site(tmp_path):
    assert footprint(tmp_path) == publishing.Footprint(0, 0, "", 0)
    os.makedirs(tmp_path / "a" / "b")
    (tmp_path / "a" / "b" / "x.json").write_bytes(b"{}")
    assert footprint(tmp_path) == publishing.Footprint(1, 2, "a/b/x.json", 2)


def test_the_search_layout_is_compact_only_beyond_the_file_budget(tmp_path, monkeypatch, seed_site):
    """`search_layout: auto` (the default) writes the standard layout while the site fits the strictest host's
    file limit, and the compact one when the standard would not fit."""
    import json

    assert "fpack" not in json.loads((seed_site / "search" / "meta.json").read_text("utf-8"))  # 22 items fit
    files = sum(1 for p in seed_site.rglob("*") if p.is_file())
    monkeypatch.setattr(publishing, "HOST_LIMITS", (HostLimit("Cloudflare Pages", "files", files, "x"),))
    site = Path(build(make_project(tmp_path)).site_dir)  # its search files no longer fit beside the pages
    assert json.loads((site / "search" / "meta.json").read_text("utf-8"))["fpack"] == 4
    assert sum(1 for p in site.rglob("*") if p.is_file()) < files


@pytest.mark.browser
def test_compact_search_layout_answers_as_the_standard_one(seed_site, tmp_path, chromium):
    """`search_layout: compact` (fewer files for a host's file limit): fragments four to a file, the same answers."""
    import json

    from .browser import serve

    compact = Path(build(make_project(tmp_path / "c", extra=plugin_options("search_layout: compact"))).site_dir)
    meta = json.loads((compact / "search" / "meta.json").read_text(encoding="utf-8"))
    assert meta["fpack"] == 4 and "fpack" not in json.loads((seed_site / "search" / "meta.json").read_text())
    def number(path: Path) -> int:
        return int(path.name.split(".")[0])

    packs = sorted((compact / "search" / "f").glob("*.json.gz"), key=number)
    standard = sorted((seed_site / "search" / "f").glob("*.json.gz"), key=number)
    assert len(packs) == (len(standard) + 3) // 4
    assert [f for p in packs for f in read_search_file(p)] == [read_search_file(p) for p in standard]
    queries = ["无废学校", "垃圾分类", "沙坪坝", "医疗废物", "九龍坡區", "验收"]
    answers = []
    for site, where in ((seed_site, tmp_path / "s-www"), (compact, tmp_path / "c-www")):
        with serve(site, where) as base:
            page = chromium.new_page()
            page.goto(base + "search/")
            page.wait_for_function("() => window.bulletinSearch !== undefined")
            answers.append([page.evaluate("q => window.bulletinSearch.search({q})", q) for q in queries])
            page.close()
    assert answers[0] == answers[1]
    assert all(a["total"] > 0 and a["results"][0]["title"] for a in answers[1])
