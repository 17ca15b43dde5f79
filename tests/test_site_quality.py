"""The built site as a crawler and a screen reader see it: no broken link or asset, no serious a11y violation."""

from __future__ import annotations

import urllib.error
import urllib.request
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from .browser import launch, serve

pytestmark = pytest.mark.browser


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and (name in ("href", "src") or (tag == "form" and name == "action")):
                self.found.append(value)


@pytest.fixture(scope="module")
def base(seed_site, tmp_path_factory):
    with serve(seed_site, tmp_path_factory.mktemp("www")) as url:
        yield url


def crawl(base: str) -> tuple[set[str], list[str]]:
    """Every URL reachable from the home page under the site's subpath; (pages seen, broken 'url ← from')."""
    seen, broken, queue = set(), [], [(base, "start")]
    while queue:
        url, source = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                kind, body = response.headers.get("Content-Type", ""), response.read()
        except urllib.error.HTTPError as error:
            broken.append(f"{url} ({error.code}) ← {source}")
            continue
        if "html" not in kind:
            continue
        parser = Links()
        parser.feed(body.decode("utf-8"))
        for link in parser.found:
            target = urldefrag(urljoin(url, link))[0]
            if urlsplit(target).netloc == urlsplit(base).netloc and urlsplit(target).path.startswith("/archive/"):
                queue.append((target.split("?")[0], url))
    return seen, broken


def test_no_broken_internal_links_or_assets(base):
    seen, broken = crawl(base)
    assert broken == []
    pages = [u for u in seen if u.endswith("/")]
    # empty district pages exist but nothing links to them (indexes fold districts without items)
    assert len(pages) >= 75 and any(u.endswith(".xml") for u in seen) and any(u.endswith(".js") for u in seen)
    assert len([u for u in pages if "/issues/2020-008/" in u and not u.endswith("/2020-008/")]) == 22


@pytest.mark.parametrize("path", ["", "issues/2020-008/nanan-kaizhan-wufei-xuexiao-xianchang/", "issues/2020-008/",
                                  "districts/nanan/", "tags/wufei-xuexiao/", "search/?q=无废学校", "archive/",
                                  "stats/"])
def test_no_serious_accessibility_violations(base, path):
    with sync_playwright() as p:
        browser = launch(p)
        page = browser.new_context(bypass_csp=True).new_page()
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        results = Axe().run(page)
        browser.close()
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], results.generate_report()
