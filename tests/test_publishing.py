"""Publishing: a fresh clone needs nothing beside it, a missing site_url is loud, and the 404 page works."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import feedparser
import pytest
from mkdocs.exceptions import Abort
from playwright.sync_api import sync_playwright

from .browser import Watch, launch, serve
from .conftest import REPO, build, make_project

# a local address used as a link, an id or a JSON value (the guide's prose may still tell staff where the preview is)
LOCALHOST = re.compile(rb"[\"'>]\s*https?://(?:127\.0\.0\.1|localhost|\[::1\])")
IN_CLONE = "BULLETIN_FRESH_CLONE"


def _git(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)


def test_no_tracked_file_reaches_outside_the_repo():
    """Users, contributors and their CI have only the clone: nothing may read a folder beside it."""
    if _git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout")
    pattern = r"\.\./" + "shared" + r"|parent ?/ ?[\"']" + "shared"
    found = _git("grep", "-n", "-E", pattern, "--", ".")
    assert found.stdout == "", f"tracked files refer to a folder outside the repo:\n{found.stdout}"


def test_tests_start_from_their_own_archive():
    """Adding a real issue to issues/ must never break a test: tests copy the frozen tests/fixtures/archive; only
    the checks of the repository's own data (it passes check, the seed keeps its source) read issues/."""
    # `REPO / "issues"`, `REPO / "issues/2020-008/…"`, `REPO / ("issues/…" if … else …)`
    readers = _git("grep", "-l", "-E", r"REPO\s*/\s*\(?\s*[\"']issues\b", "--", "tests/*.py")
    assert readers.returncode in (0, 1), readers.stderr
    assert set(readers.stdout.split()) <= {"tests/test_check.py", "tests/test_publishing.py"}, readers.stdout


def test_seed_source_is_kept_with_its_issue():
    source = REPO / "issues" / "2020-008" / "source.txt"
    text = source.read_text(encoding="utf-8")
    assert "本 期 要 目" in text and "渝环简报" in text


def test_build_without_site_url_warns_and_writes_no_local_address(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        config = build(make_project(tmp_path, site_url=None), strict=False)
    warnings = [r.getMessage() for r in caplog.records if "site_url" in r.getMessage()]
    assert len(warnings) == 1, caplog.text
    for what in ("Atom 订阅", "sitemap.xml", "404 页面", "mkdocs.yml", "SITE_URL", "!ENV"):
        assert what in warnings[0], what
    site = Path(config.site_dir)
    third_party = set((site / "admin").glob("*.js"))  # Decap's bundle names its own local default; not a link
    offenders = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".json", ".js", ".yml")
                 and p not in third_party and LOCALHOST.search(p.read_bytes())]
    assert offenders == []
    # feed links are relative to the feed itself, and resolve to real pages
    feed = feedparser.parse((site / "feeds" / "districts" / "shapingba.xml").read_bytes(),
                            response_headers={"content-location": "https://example.org/a/feeds/districts/x.xml",
                                              "content-type": "application/atom+xml"})
    assert not feed.bozo and feed.entries
    link = feed.entries[0].link
    assert link.startswith("https://example.org/a/issues/2020-008/"), link
    assert (site / link.removeprefix("https://example.org/a/") / "index.html").exists()
    assert feed.entries[0].id.startswith("tag:")


def test_strict_build_without_site_url_fails(tmp_path):
    with pytest.raises(Abort):
        build(make_project(tmp_path, site_url=None), strict=True)


def test_quiet_strict_build_still_fails_on_our_warnings(tmp_path):
    """`-q` hides warnings from MkDocs' strict-mode counter; the plugin's own must still be seen and counted."""
    config_file = make_project(tmp_path, site_url=None)
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--strict", "-f", str(config_file)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert "site_url" in run.stderr and "Traceback" not in run.stderr


def test_site_url_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://example.org/archive/")
    site = Path(build(make_project(tmp_path, site_url="!ENV"), strict=True).site_dir)
    assert b"https://example.org/archive/issues/2020-008/" in (site / "feeds" / "all.xml").read_bytes()
    assert b"<loc>https://example.org/archive/" in (site / "sitemap.xml").read_bytes()
    assert b'href="/archive/assets/' in (site / "404.html").read_bytes()


def test_404_page_is_chinese_with_ways_back_in(seed_site):
    text = (seed_site / "404.html").read_text(encoding="utf-8")
    assert "<h1>页面不存在</h1>" in text and "<title>页面不存在" in text
    assert "404 - Not found" not in text
    for href in ("/archive/search/", "/archive/issues/", "/archive/districts/", "/archive/tags/",
                 "/archive/issues/2020-008/"):
        assert f'href="{href}"' in text or f'action="{href}"' in text, href


@pytest.mark.browser
def test_404_page_under_a_subpath_in_chromium(seed_site, tmp_path):
    with serve(seed_site, tmp_path) as base, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        watch = Watch(page, base.split("/archive/")[0])
        response = page.goto(base + "no/such/deep/page/")
        assert response.status == 404
        assert page.locator("h1").inner_text() == "页面不存在"
        # Material's stylesheet applied (a bare page would show a serif default and giant icons)
        header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).position")
        assert header in ("sticky", "relative")
        assert page.evaluate("document.styleSheets.length") >= 2
        page.screenshot(path=str(tmp_path / "404-phone.png"), full_page=True)
        hrefs = page.eval_on_selector_all(".bl-notfound a", "els => els.map(e => e.href)")
        assert len(hrefs) >= 6
        for href in hrefs:
            assert page.request.get(href).status == 200, href
        page.fill("#bl-404-q", "垃圾分类")
        page.press("#bl-404-q", "Enter")
        page.wait_for_selector(".bl-search__results li", timeout=10_000)
        assert page.url.startswith(base + "search/?q=")
        # the only failure is the missing page itself (its 404 status is also logged to the console once)
        failed = [f for f in watch.failed if "no/such/deep/page" not in f]
        errors = [e for e in watch.errors if "status of 404" not in e]
        assert len(watch.errors) - len(errors) == 1
        assert not (errors or failed or watch.foreign), watch.report()
        browser.close()


@pytest.mark.skipif(os.environ.get(IN_CLONE) == "1", reason="already running inside the fresh clone")
def test_a_fresh_clone_with_nothing_beside_it_passes(tmp_path):
    """The README's promise: a clone of HEAD in an empty folder imports, builds and browses with nothing else."""
    if _git("rev-parse", "--git-dir").returncode != 0:
        pytest.skip("not a git checkout")
    clone = tmp_path / "empty" / "clone"
    done = _git("clone", "--quiet", "--no-local", str(REPO), str(clone), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in clone.parent.iterdir()) == ["clone"]
    env = {**os.environ, IN_CLONE: "1", "PYTHONPATH": os.pathsep.join([str(clone / "plugins"), str(clone)])}
    where = subprocess.run([sys.executable, "-c", "import bulletin; print(bulletin.__file__)"], cwd=clone,
                           env=env, capture_output=True, text=True, check=True).stdout
    assert Path(where.strip()).is_relative_to(clone), where
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_importer.py",
         "tests/test_publishing.py"],
        cwd=clone, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert " passed" in run.stdout and "error" not in run.stdout.splitlines()[-1]


def test_theme_files_the_site_never_loads_are_not_published(seed_site):
    """Material's search worker, lunr's language files and source maps are left out (site/themefiles.py); the
    theme's bundle and stylesheets stay, and every script or stylesheet a page names is there."""
    assets = seed_site / "assets"
    assert not (assets / "javascripts" / "lunr").exists()
    assert not (assets / "javascripts" / "workers").exists()
    assert not list(assets.rglob("*.map"))
    assert list((assets / "javascripts").glob("bundle.*.min.js")) and list((assets / "stylesheets").glob("*.css"))
    for page in [seed_site / "index.html", *seed_site.glob("issues/*/*/index.html")]:
        text = page.read_text(encoding="utf-8")
        assert "workers/search" not in text, page  # __config no longer names Material's search worker
        for ref in re.findall(r'(?:src|href)="([^"#?]+\.(?:js|css))"', text):
            assert (page.parent / ref).resolve().is_file(), (page, ref)
