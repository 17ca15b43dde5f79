"""Hostile content from pull requests: rejected by `bulletin check` where it must not be published, and shown
as inert text everywhere else — pages, feeds, search files and search results, under the site's CSP."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest
from playwright.sync_api import sync_playwright

from bulletin.cli import main
from bulletin.search.writer import read_search_file

from .browser import Watch, launch, serve
from .conftest import TEST_ARCHIVE, build, make_project

pytestmark = pytest.mark.browser

PAYLOADS = ['<script>alert(1)</script>', '<img src=x onerror=alert(2)>', '"><svg onload=alert(3)>',
            "javascript:alert(4)", "&lt;b&gt;&amp;", "[x](javascript:alert(5))", "'><iframe src=//evil>"]
TITLE = 'T1 " onmouseover="alert(1)" x=\'{{7*7}}\' ${alert(2)} 1 < 2 > 0'  # markup itself is refused by check
REJECTED = {  # body lines that `bulletin check` must refuse
    "script": "<script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(2)>",
    "svg-onload": '"><svg onload=alert(3)>',
    "js-link": "[点我](javascript:alert(5))",
    "js-link-spaced": "[点我]( JavaScript:alert(6))",
    "data-link": "[点我](data:text/html;base64,PHNjcmlwdD4=)",
    "iframe": "'><iframe src=//evil>",
    "comment": "<!-- <script>x</script> -->",
    "style": "<style>body{display:none}</style>",
    "split-tag": "文字<script",
    "object": "<object data=x>",
    "event-attr": '<a href="#" onclick="alert(7)">x</a>',
    "external-image": "![图](https://evil.example/x.png)",
}


def hostile_archive(tmp_path: Path) -> Path:
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    districts = archive / "districts.yml"
    districts.write_text(districts.read_text("utf-8").replace(
        "aliases: [南岸]", "aliases: [南岸, '<script>alert(8)</script>南岸']"), encoding="utf-8")
    tags = archive / "tags.yml"
    tags.write_text(tags.read_text("utf-8") + "- {name: '<img src=x onerror=alert(9)>专题', slug: xss-tag, "
                    "description: '\"><svg onload=alert(10)>'}\n", encoding="utf-8")
    item = sorted((archive / "2020-008").glob("16-*.md"))[0]
    text = item.read_text("utf-8")
    text = re.sub(r"^title: .*$", "title: '" + TITLE.replace("'", "''") + "'", text, count=1, flags=re.M)
    text = text.replace("tags: [", "tags: ['<img src=x onerror=alert(9)>专题', ")
    text = text.replace("slug: ", "source: '<script>alert(11)</script>局'\nslug: ")
    text += ("\n编号 &lt;b&gt; &amp; &#60;script&#62; 与 [正常链接](https://example.org/a?b=1&c=<2>) "
             "及 `<script>alert(12)</script>` 1 < 2 > 0\n\n```\n<script>alert(13)</script>\n```\n")
    item.write_text(text, encoding="utf-8")
    return archive


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_check_rejects_what_must_not_be_published(name, tmp_path, capsys):
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    item = sorted((archive / "2020-008").glob("16-*.md"))[0]
    item.write_text(item.read_text("utf-8") + "\n" + REJECTED[name] + "\n", encoding="utf-8")
    assert main(["check", "--archive", str(archive)]) == 1
    assert f"{item.name}:" in capsys.readouterr().out


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    archive = hostile_archive(tmp)
    assert main(["check", "--archive", str(archive)]) == 0  # what remains is publishable, and must stay inert
    return Path(build(make_project(tmp, archive, site_url="http://127.0.0.1/archive/")).site_dir)


class LiveMarkup(HTMLParser):
    """Elements and attributes a browser would act on: event handlers, script URLs, frames, payload scripts."""

    def __init__(self):
        super().__init__()
        self.live: list[str] = []
        self.in_script = False
        self.data_block = False

    def handle_starttag(self, tag, attrs):
        self.in_script = tag == "script"
        self.data_block = tag == "script" and dict(attrs).get("type") == "application/ld+json"  # JSON-LD: not run
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.live.append(f"<{tag} {name}={value}>")
        if tag in ("iframe", "object", "embed") or (tag == "img" and dict(attrs).get("src") == "x"):
            self.live.append(f"<{tag}>")

    def handle_data(self, data):
        if self.in_script and self.data_block:  # payload text may sit in it as data, but can never end it
            if "<" in data:
                self.live.append(data[:60])
        elif self.in_script and "alert(" in data:
            self.live.append(data[:60])

    def handle_endtag(self, tag):
        self.in_script = False


def test_no_page_or_feed_carries_live_markup(hostile_site):
    checked = 0
    for path in hostile_site.rglob("*.html"):
        parser = LiveMarkup()
        parser.feed(path.read_text(encoding="utf-8"))
        assert parser.live == [], path
        checked += 1
    for path in hostile_site.rglob("*.xml"):  # XML: the payload may only appear escaped
        assert "<script>alert" not in path.read_text(encoding="utf-8"), path
        checked += 1
    assert checked > 150
    page = (hostile_site / "issues/2020-008/nanan-kaizhan-wufei-xuexiao-xianchang/index.html").read_text("utf-8")
    assert "onmouseover=&#34;alert(1)&#34;" in page and "&lt;script&gt;alert(11)&lt;/script&gt;局" in page
    feed = feedparser.parse((hostile_site / "feeds/districts/nanan.xml").read_bytes())
    assert not feed.bozo and feed.entries[0].title == TITLE


def test_search_files_keep_payloads_as_data(hostile_site):
    fragments = [read_search_file(p) for p in (hostile_site / "search" / "f").glob("*.json.gz")]
    assert any(f["t"] == TITLE for f in fragments)
    meta = json.loads((hostile_site / "search" / "meta.json").read_text("utf-8"))
    assert ["<img src=x onerror=alert(9)>专题", "xss-tag"] in meta["tags"]


def test_every_page_kind_and_search_run_nothing(hostile_site, tmp_path):
    with serve(hostile_site, tmp_path) as base, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_context().new_page()
        watch = Watch(page, base.split("/archive/")[0])
        paths = ["", "issues/", "issues/2020-008/", "issues/2020-008/nanan-kaizhan-wufei-xuexiao-xianchang/",
                 "districts/", "districts/nanan/", "tags/", "tags/xss-tag/", "archive/2020/07/", "stats/",
                 "search/?q=alert", "search/?q=南岸", "search/?tag=%3Cimg%20src%3Dx%20onerror%3Dalert(9)%3E专题",
                 "search/?q=%3Cscript%3E"]
        for path in paths:
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
        page.goto(base + "search/?q=alert")
        page.wait_for_selector(".bl-search__results li")
        assert '" onmouseover="alert(1)"' in page.inner_text(".bl-search__results")
        assert page.locator(".bl-search__results script, .bl-search__results img, .bl-search__results svg").count() == 0
        assert page.locator("label", has_text="<img src=x onerror=alert(9)>专题").count() == 1
        assert page.evaluate("() => window.__pwned === undefined")
        assert watch.dialogs == [] and watch.errors == [] and not watch.foreign, watch.report()
        browser.close()


def test_payload_count_and_the_detector_itself():
    assert len(PAYLOADS) + len(REJECTED) >= 15
    parser = LiveMarkup()
    parser.feed('<p>ok &lt;img src=x onerror=alert(2)&gt;</p><img src=x onerror=alert(2)><a href="javascript:x">')
    assert len(parser.live) == 3  # the escaped copy is text; the live ones are caught
