"""Feeds, sitemap, social metadata and the statistics page of the built seed site."""

from __future__ import annotations

import re

import feedparser
import pytest
from playwright.sync_api import sync_playwright

from bulletin.archive.load import load_archive
from bulletin.archive.problems import Problems

from .browser import Watch, launch, serve
from .conftest import TEST_ARCHIVE


@pytest.fixture(scope="module")
def archive():
    return load_archive(TEST_ARCHIVE, Problems())


def test_every_feed_parses_and_counts_match(seed_site, archive):
    feeds = sorted((seed_site / "feeds").rglob("*.xml"))
    feeds = [f for f in feeds if f.name != "sitemap.xml"]
    assert len(feeds) == 1 + 1 + len(archive.districts) + len(archive.tags)
    counts = {}
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.bozo_exception)
        counts[path.relative_to(seed_site / "feeds").as_posix()] = len(parsed.entries)
        for entry in parsed.entries:
            assert entry.id.startswith("http://127.0.0.1/archive/issues/2020-008/") and entry.link == entry.id
    assert counts["all.xml"] == 22 and counts["series/series-1.xml"] == 22
    assert counts["districts/chongqing.xml"] == 6 and counts["districts/nanan.xml"] == 1
    assert counts["districts/wanzhou.xml"] == 0 and counts["tags/wufei-xuexiao.xml"] == 4
    nanan = feedparser.parse((seed_site / "feeds" / "districts" / "nanan.xml").read_bytes()).entries[0]
    assert nanan.title == "南岸区开展“无废学校”现场验收工作" and nanan.updated.startswith("2020-08-03T00:00:")
    assert nanan.author == "重庆市“无废城市”建设试点工作领导小组办公室"  # the issuing office (issue.yml `issuer`)
    assert "重庆市十一中学" in nanan.content[0].value


def test_listing_pages_link_their_feed(seed_site):
    page = (seed_site / "districts" / "nanan" / "index.html").read_text(encoding="utf-8")
    assert ('<link rel="alternate feed" type="application/atom+xml" title="订阅：南岸区" '
            'href="../../feeds/districts/nanan.xml">') in page
    assert 'href="../../feeds/districts/nanan.xml">RSS/Atom 订阅本页动态</a>' in page


def test_item_pages_carry_social_metadata(seed_site):
    page = (seed_site / "issues/2020-008/nanan-kaizhan-wufei-xuexiao-xianchang/index.html").read_text("utf-8")
    assert '<meta property="og:title" content="南岸区开展“无废学校”现场验收工作">' in page
    assert '<meta property="article:published_time" content="2020-07-15">' in page
    # the sharing card's text is the meta description (the first sentence), not a second, longer excerpt
    description = re.search(r'<meta name="description" content="(7月15日、16日，南岸区[^"]+)">', page).group(1)
    assert f'<meta property="og:description" content="{description}">' in page
    assert "article:tag" not in page  # the JSON-LD's `about` names the districts and topics
    assert ('<meta property="og:url" content="http://127.0.0.1/archive/issues/2020-008/'
            'nanan-kaizhan-wufei-xuexiao-xianchang/">') in page


def test_sitemap_lists_every_page(seed_site):
    sitemap = (seed_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = set(re.findall(r"<loc>http://127\.0\.0\.1/archive/([^<]*)</loc>", sitemap))
    pages = {p.parent.relative_to(seed_site).as_posix() + "/" for p in seed_site.rglob("index.html")}
    pages = {"" if p == "./" else p for p in pages} - {"admin/"}  # the web editor is no page of the site
    assert locs == pages and "admin/" not in locs
    items = (TEST_ARCHIVE / "2020-008").glob("[0-9]*.md")
    assert {f"issues/2020-008/{p.stem.split('-', 1)[1]}/" for p in items} <= locs


def test_stats_page_charts_and_links(seed_site, tmp_path):
    page = (seed_site / "stats" / "index.html").read_text(encoding="utf-8")
    assert page.count('class="bl-chart__svg"') == 1 and page.count('class="bl-hbars"') == 2
    assert page.count('<details class="bl-data">') == 3 and 'class="bl-heat"' in page and 'class="bl-map"' in page
    with serve(seed_site, tmp_path) as base, sync_playwright() as p:
        browser = launch(p)
        pg = browser.new_context().new_page()
        watch = Watch(pg, base.split("/archive/")[0])
        pg.goto(base + "stats/")
        assert pg.locator("svg.bl-chart__svg rect.bl-chart__bar").count() == 4
        assert pg.locator(".bl-hbar").count() == 17 + 19  # every bar carries its value
        assert pg.locator(".bl-hbar__value").first.inner_text() == "6"
        ticks = pg.locator("svg.bl-chart__svg text.bl-chart__tick").all_text_contents()
        assert ticks[:5] == ["5月", "2020年", "6月", "7月", "8月"]  # every month labelled, in Chinese
        box = pg.locator("svg.bl-chart__svg").first.bounding_box()
        assert box["width"] > 100 and box["height"] > 50
        hrefs = pg.eval_on_selector_all(
            ".bl-chart a, .bl-heat a", "els => els.map(e => new URL(e.getAttribute('href'), document.baseURI).href)")
        assert len(hrefs) >= 40
        for href in sorted(set(hrefs)):
            response = pg.request.get(href)
            assert response.ok, href
        pg.click(".bl-heat a >> text=6")
        pg.wait_for_selector(".bl-search__results li")
        assert pg.locator(".bl-search__results li").count() == 6
        pg.goto(base)
        assert pg.locator(".bl-home svg.bl-chart__svg").count() == 1
        assert watch.clean(), watch.report()
        browser.close()
