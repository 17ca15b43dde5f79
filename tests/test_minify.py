"""The site's own scripts ship minified (site/minify.py): smaller, without comments but licence notices, and the
same programs — the Node vectors pass on what ships, and the search page answers in Chromium under its CSP."""

from __future__ import annotations

import gzip
import os
import re
import shutil
import subprocess

import pytest
from playwright.sync_api import expect

from bulletin.engine import File, Files
from bulletin.site.minify import minify, minify_scripts

from .browser import Watch, serve
from .conftest import REPO

SOURCES = REPO / "overrides" / "assets" / "bulletin"
SEARCH_PAGE = ("search-text.js", "search-match.js", "gunzip.js", "search.js", "search-page.js")  # search.html
VENDOR = "vendor/qrcode-generator-2.0.4.js"
NOTICE = "// Copyright (c) 2009 Kazuhiko Arase"


def comments_left(text: str) -> list[str]:
    """Block comments other than `/*! … */` (the shipped scripts hold no `/*` in a string or a pattern)."""
    return re.findall(r"/\*(?!!).{0,40}", text, re.S)


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, 9, mtime=0))


def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail("Node.js is not installed: run ./dev test")
    return found


def test_comments_and_spaces_go_names_and_notices_stay():
    source = ("/* long explanation */\n(function () {\n  // a note\n  var longName = 1;  /*! keep me */\n"
              "  window.x = longName + \"/* not a comment */\";\n})();\n")
    shipped = minify(source)
    assert "long explanation" not in shipped and "a note" not in shipped
    assert "/*! keep me */" in shipped and "longName" in shipped and '"/* not a comment */"' in shipped
    licensed = "// Copyright (c) 2026 Someone\n// Licensed under the MIT license\n\nvar a = 1;  // gone\n"
    assert minify(licensed) == "// Copyright (c) 2026 Someone\n// Licensed under the MIT license\nvar a=1;"


def test_a_script_that_would_not_shrink_ships_as_it_is(tmp_path):
    folder = tmp_path / "theme" / "assets" / "bulletin"
    folder.mkdir(parents=True)
    (folder / "tight.js").write_text("var a=1;", encoding="utf-8")
    (folder / "loose.js").write_text("var a = 1;  // why\n", encoding="utf-8")
    (folder / "page.css").write_text("/* a stylesheet */ a { color: red }\n", encoding="utf-8")
    files = Files([File(f"assets/bulletin/{name}", str(tmp_path / "theme"), str(tmp_path / "site"), True)
                   for name in ("tight.js", "loose.js", "page.css")])
    assert minify_scripts(files) == ["assets/bulletin/loose.js"]
    assert files.get_file_from_path("assets/bulletin/loose.js").content_bytes == b"var a=1;"
    for name in ("tight.js", "page.css"):
        file = files.get_file_from_path(f"assets/bulletin/{name}")
        assert file.abs_src_path and file.content_bytes == (folder / name).read_bytes()


def test_the_build_ships_every_script_minified(seed_site):
    shipped = sorted(p.relative_to(seed_site / "assets" / "bulletin").as_posix()
                     for p in (seed_site / "assets" / "bulletin").rglob("*.js"))
    assert shipped == sorted(p.relative_to(SOURCES).as_posix() for p in SOURCES.rglob("*.js"))
    for name in shipped:
        source, built = (SOURCES / name).read_bytes(), (seed_site / "assets" / "bulletin" / name).read_bytes()
        assert len(built) < len(source) and gzipped(built) < gzipped(source), name
        assert comments_left(built.decode("utf-8")) == [], name
        checked = subprocess.run([node(), "--check", str(seed_site / "assets" / "bulletin" / name)],
                                 capture_output=True, text=True, timeout=60)
        assert checked.returncode == 0, name + checked.stderr
    search = (seed_site / "assets" / "bulletin" / "search.js").read_text("utf-8")
    assert "window.bulletinSearch" in search and "var FORMAT=" in search  # names as written
    assert sum(gzipped((seed_site / "assets" / "bulletin" / n).read_bytes()) for n in SEARCH_PAGE) < 14_000


def test_the_vendored_encoder_keeps_its_licence_notice(seed_site):
    source = (SOURCES / VENDOR).read_text("utf-8")
    header = source[:source.index("var qrcode")].strip()
    assert NOTICE in header and "Licensed under the MIT license" in header
    assert (seed_site / "assets" / "bulletin" / VENDOR).read_text("utf-8").startswith(header + "\nvar qrcode=")


def test_the_node_vectors_pass_on_what_ships(seed_site):
    done = subprocess.run([node(), "--test", str(REPO / "tests" / "search_engine.test.cjs")], capture_output=True,
                          text=True, timeout=120,
                          env={**os.environ, "BULLETIN_ASSETS": str(seed_site / "assets" / "bulletin")})
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert re.search(r"^# pass (\d+)$", done.stdout, re.M) and "# fail 0" in done.stdout


@pytest.mark.browser
def test_the_search_page_answers_under_its_policy(seed_site, chromium, tmp_path):
    """No bypass_csp: the minified scripts run under the page's own Content-Security-Policy."""
    with serve(seed_site, tmp_path) as base:
        context = chromium.new_context()
        page = context.new_page()
        watch = Watch(page, base.split("/archive/")[0])
        page.goto(base + "search/?q=无废学校&district=南岸区")
        expect(page.locator(".bl-search__results li")).to_have_count(1)
        page.uncheck("#bl-f-district-nanan")
        expect(page.locator(".bl-search__results li")).to_have_count(6)
        page.fill("#bl-q", "垃圾分类")
        page.press("#bl-q", "Enter")
        expect(page.locator(".bl-search__status")).to_contain_text("找到 3 条")
        assert watch.clean(), watch.report()
        context.close()
