"""Real `mkdocs build` runs on temporary projects: pages, listings, links, errors, conservation, live reload."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from bulletin import gc_control
from bulletin.site import taxonomy

from .conftest import TEST_ARCHIVE, build, make_project, new_issue, plugin_options, site_files

ITEMS = sorted(p for p in (TEST_ARCHIVE / "2020-008").glob("[0-9]*.md"))


def html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def item_urls(text: str) -> set[str]:
    return set(re.findall(r'href="(?:\.\./)*(?:issues/)?(?:2020-008/)?([a-z0-9-]+)/"', text))


def test_every_item_has_exactly_one_page(seed_site):
    pages = sorted((seed_site / "issues" / "2020-008").glob("*/index.html"))
    assert len(pages) == 22 == len(ITEMS)
    slugs = {p.name.split("-", 1)[1].removesuffix(".md") for p in ITEMS}
    assert {p.parent.name for p in pages} == slugs


def test_item_page_shows_date_chips_issue_and_neighbours(seed_site):
    page = html(seed_site, "issues/2020-008/nanan-kaizhan-wufei-xuexiao-xianchang")
    assert "<h1>南岸区开展“无废学校”现场验收工作</h1>" in page
    assert "2020年7月15日起" in page
    assert 'href="../../../districts/nanan/"' in page and 'href="../../../tags/wufei-xuexiao/"' in page
    assert 'href="../">渝环简报第8期</a>【区县动态】' in page
    assert 'rel="prev" href="../shapingba-wufei-xuexiao-chuangjian-huodong/"' in page
    assert 'rel="next" href="../banan-zuzhi-kaizhan-wufei-chengshi/"' in page
    assert "相关动态" in page
    month = html(seed_site, "issues/2020-008/diaoyan-wufei-chengshi-jianshe-shidian")
    assert "2020年5月以来" in month
    recent = html(seed_site, "issues/2020-008/liangjiang-quanmian-wancheng-quji-wufei")
    assert "2020年8月（近日）" in recent


def test_related_items_are_title_and_date_and_listings_keep_their_chips(seed_site):
    """An item page's 相关动态: five rows, each its link and date, no chips (those are on the other item's page);
    a district's listing still shows every row's chips."""
    page = html(seed_site, "issues/2020-008/banan-zuzhi-kaizhan-wufei-chengshi")
    related = re.search(r'<section class="bl-related">(.*?)</section>', page, re.S).group(1)
    rows = re.findall(r'<li class="bl-item">(.*?)</li>', related, re.S)
    assert len(rows) == 5
    for row in rows:
        assert re.fullmatch(r'\s*<a class="bl-item__title" href="(?:\.\./){3}issues/2020-008/[a-z0-9-]+/">[^<]+</a>\s*'
                            r'<div class="bl-item__meta"><time datetime="[0-9-]+">[^<]+</time></div>\s*', row), row
    listing = html(seed_site, "districts/chongqing")
    assert listing.count('class="bl-item"') == 6 == listing.count('<span class="bl-chips">')
    assert 'class="bl-chip bl-chip--tag" href="../../tags/' in listing


def test_issue_page_is_the_bulletin_as_published(seed_site):
    page = html(seed_site, "issues/2020-008")
    assert page.count("※<a href=") == 22
    sections = [page.index(f"<h2>【{s}】</h2>") for s in ("工作动态", "区县动态", "经验借鉴")]
    assert sections == sorted(sections)
    assert "报：“无废城市”建设试点部际协调小组办公室。" in page
    assert "长寿区生态环境局" in page and "2020年8月3日印发" in page
    assert "汇报及万州、黔江、涪陵等2020年新增9个试点区县" in page


def test_listings_hold_every_item(seed_site):
    assert html(seed_site, "districts/shapingba").count('class="bl-item"') == 1
    assert html(seed_site, "districts/chongqing").count('class="bl-item"') == 6
    assert html(seed_site, "tags/wufei-xuexiao").count('class="bl-item"') == 4
    months = {m: html(seed_site, f"archive/2020/{m}").count('class="bl-item"') for m in ("05", "06", "07", "08")}
    assert sum(months.values()) == 22
    year = html(seed_site, "archive/2020")
    assert year.count('class="bl-item"') == 22
    # a year is its headlines: the chips and excerpts are on its months' pages, each item once in full
    assert "bl-chip" not in year.split('class="bl-list"')[1] and "bl-item__excerpt" not in year
    assert html(seed_site, "archive/2020/07").count("bl-item__excerpt") == months["07"]
    # a district's or a topic's page does not repeat its own chip on every row; the month pages show both
    district, topic = html(seed_site, "districts/chongqing"), html(seed_site, "tags/wufei-xuexiao")
    assert 'bl-chip--district" href="../../districts/chongqing/"' not in district.split('class="bl-list"')[1]
    assert 'bl-chip--tag" href="../../tags/wufei-xuexiao/"' not in topic.split('class="bl-list"')[1]
    assert 'bl-chip--tag" href="../../tags/' in district and 'bl-chip--district" href="../../districts/' in topic
    assert 'bl-chip--tag" href="../../../tags/wufei-xuexiao/"' in "".join(
        html(seed_site, f"archive/2020/{m}") for m in months)
    home = html(seed_site, "")
    assert "最新一期" in home and home.count("<li><a href=\"issues/2020-008/") == 22
    districts = html(seed_site, "districts")  # by region: the 17 with items are links, the others folded, unlinked
    assert districts.count("<li><a href=") == 17 and "（已撤销）" in districts
    assert "暂无动态的区县（29）" in districts and 'href="wanzhou/"' not in districts.split("bl-map")[-1]
    for region in ("主城都市区·中心城区", "主城都市区·主城新区", "功能区", "市级", "外地"):
        assert f"<h2>{region}</h2>" in districts


def test_reorganised_districts_link_both_ways(seed_site):
    jiangbei = html(seed_site, "districts/jiangbei")
    assert "已于 2025年11月6日 撤销" in jiangbei and 'href="../liangjiang/"' in jiangbei
    liangjiang = html(seed_site, "districts/liangjiang")
    assert "承接：" in liangjiang and "江北区" in liangjiang and "渝北区" in liangjiang


def test_links_are_relative_and_nothing_leaves_the_origin(seed_site):
    for page in seed_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if page.name == "404.html":  # served at any depth, so MkDocs makes its links absolute (under site_url)
            continue
        assert not re.search(r'(?:href|src)="/(?!/)', text), page
        external = re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', text)
        allowed = ("http://127.0.0.1/archive/", "https://squidfunk.github.io/mkdocs-material/", "https://www.mkdocs.org/")
        assert all(url.startswith(allowed) for url in external), (page, external)
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_search_index_files(seed_site):
    meta = (seed_site / "search" / "meta.json").read_text(encoding="utf-8")
    assert '"n":22' in meta
    assert len(list((seed_site / "search" / "f").glob("*.json.gz"))) == 22
    assert (seed_site / "assets" / "bulletin" / "search.js").exists()


def test_pagination_is_linear_and_complete(tmp_path):
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    config = build(make_project(tmp_path, archive, extra=plugin_options("page_size: 4")))
    site = Path(config.site_dir)
    pages = sorted((site / "archive" / "2020" / "08" / "page").glob("*/index.html"))
    first = html(site, "archive/2020/08")
    total = first.count('class="bl-item"') + sum(p.read_text("utf-8").count('class="bl-item"') for p in pages)
    assert total == 9 and len(pages) == 2
    assert 'rel="next" href="page/2/"' in first
    assert "第 1 / 3 页（共 9 条）" in first
    assert 'rel="prev" href="../../"' in html(site, "archive/2020/08/page/2")


def test_bad_archive_fails_the_build_with_every_problem(tmp_path, caplog):
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    item = sorted((archive / "2020-008").glob("15-*.md"))[0]
    text = item.read_text(encoding="utf-8").replace("[沙坪坝区]", "[沙平坝区]").replace("2020-08-03", "2020-02-30")
    item.write_text(text, encoding="utf-8")
    config_file = make_project(tmp_path, archive)
    with pytest.raises(Abort):
        build(config_file)
    message = caplog.text
    assert "issues/2020-008/15-shapingba-wufei-xuexiao-chuangjian-huodong.md:6: districts:" in message
    assert "是不是要写“沙坪坝区”？" in message and ":4: date:" in message
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 1
    assert "是不是要写“沙坪坝区”？" in run.stderr and "Traceback" not in run.stderr


def test_a_lost_item_fails_the_build_naming_it(tmp_path, monkeypatch, caplog):
    original = taxonomy.Taxonomy.of

    def lose_one(archive):
        tax = original(archive)
        tax.by_district["南岸区"] = []
        return tax

    monkeypatch.setattr(taxonomy.Taxonomy, "of", staticmethod(lose_one))
    with pytest.raises(Abort):
        build(make_project(tmp_path))
    assert "16-nanan-kaizhan-wufei-xuexiao-xianchang.md: district listing missing" in caplog.text


def test_hostile_title_is_inert_everywhere(tmp_path):
    """Markup in a title is refused by the check; what a title may hold (quotes, braces) never escapes its text."""
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    item = sorted((archive / "2020-008").glob("15-*.md"))[0]
    hostile = "title: '\" onmouseover=\"alert(1)\" x=''{{7*7}}'' ${alert(2)}'"
    item.write_text(re.sub(r"^title: .*$", hostile, item.read_text("utf-8"), count=1, flags=re.M), "utf-8")
    site = Path(build(make_project(tmp_path, archive)).site_dir)
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert '" onmouseover="alert(1)"' not in text, page
    page = html(site, "issues/2020-008/shapingba-wufei-xuexiao-chuangjian-huodong")
    assert "{{7*7}}" in page and "&#34; onmouseover=&#34;alert(1)&#34;" in page


def test_serve_rebuilds_when_an_item_changes(tmp_path):
    config_file = make_project(tmp_path, site_url=None)  # mkdocs serve: its own address, at the root
    archive = config_file.parent / "issues"
    port = 8700 + (hash(str(tmp_path)) % 200)
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}",
                             "-f", str(config_file)], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/issues/2020-008/shapingba-wufei-xuexiao-chuangjian-huodong/"
    try:
        assert "丰富多彩" in _fetch_until(url, lambda text: "丰富多彩" in text)
        item = sorted((archive / "2020-008").glob("15-*.md"))[0]
        item.write_text(item.read_text("utf-8").replace("丰富多彩", "精彩纷呈"), encoding="utf-8")
        assert "精彩纷呈" in _fetch_until(url, lambda text: "精彩纷呈" in text)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _fetch_until(url: str, ready, timeout: float = 60.0) -> str:
    deadline, text = time.monotonic() + timeout, ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = response.read().decode("utf-8")
            if ready(text):
                return text
        except OSError:
            pass
        time.sleep(0.5)
    return text


def test_parallel_index_writes_the_same_bytes(tmp_path, seed_site):
    extra = plugin_options("parallel_index: true")
    site = Path(build(make_project(tmp_path, extra=extra)).site_dir)
    ours = sorted(p.relative_to(site) for p in (site / "search").rglob("*.json*"))
    assert ours == sorted(p.relative_to(seed_site) for p in (seed_site / "search").rglob("*.json*"))
    assert all((site / p).read_bytes() == (seed_site / p).read_bytes() for p in ours)


def test_chrome_cache_changes_no_byte(tmp_path, monkeypatch, seed_site):
    """Material's tabs, sidebar and config rendered once per place (site/chrome.py) equal rendering them on every
    page, for every file of the seed site — item pages at the same depth share them, nav pages never do."""
    from bulletin.site import chrome

    monkeypatch.setattr(chrome, "ENABLED", False)
    plain = Path(build(make_project(tmp_path, site_url="http://127.0.0.1/archive/")).site_dir)
    files = sorted(p.relative_to(seed_site) for p in seed_site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(plain) for p in plain.rglob("*") if p.is_file())
    assert [p for p in files if (seed_site / p).read_bytes() != (plain / p).read_bytes()] == []
    home = (seed_site / "index.html").read_text("utf-8")  # a nav page: its tab is the active one
    assert 'md-tabs__item md-tabs__item--active' in home


def test_two_builds_are_byte_identical(tmp_path, seed_site):
    again = Path(build(make_project(tmp_path, site_url="http://127.0.0.1/archive/")).site_dir)
    first = sorted(p.relative_to(seed_site) for p in seed_site.rglob("*") if p.is_file())
    assert first == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    differing = [p for p in first if (seed_site / p).read_bytes() != (again / p).read_bytes()]
    assert differing == []
    sitemap = (seed_site / "sitemap.xml").read_text(encoding="utf-8")
    pages = [p for p in seed_site.rglob("index.html") if p.parent != seed_site / "admin"]  # the editor: not a page
    assert sitemap.count("<loc>") == len(pages) and "/admin/" not in sitemap
    assert "<lastmod>2020-07-15</lastmod>" in sitemap
    today = dt.date.today()
    stamps = (today.isoformat(), f"{today.year}年{today.month}月{today.day}日", today.strftime("%b %d, %Y"))
    for path in first:  # nothing in the output may come from the build's clock
        data = (seed_site / path).read_bytes()
        assert not any(stamp.encode() in data for stamp in stamps), path


def test_rebuild_from_cache_writes_the_same_site_and_sees_edits(tmp_path, monkeypatch):
    """What `mkdocs serve` does on every edit: unchanged pages come from memory, changed ones are rendered."""
    from mkdocs.config import load_config

    from bulletin.preview.state import PreviewState

    config_file = make_project(tmp_path, site_url="http://127.0.0.1/archive/")
    plugin = load_config(config_file=str(config_file)).plugins["bulletin"]  # the one instance MkDocs keeps
    state = PreviewState(serving=True)
    monkeypatch.setattr(plugin, "state", state)
    site = Path(build(config_file).site_dir)
    first = site_files(site)
    hits = state.pages.hits
    build(config_file)
    assert plugin.state is state  # the same plugin instance, hence the same state, for every build
    assert state.pages.hits - hits >= 100  # every generated page came from the cache
    assert site_files(site) == first
    item = sorted((config_file.parent / "issues" / "2020-008").glob("16-*.md"))[0]
    item.write_text(item.read_text("utf-8").replace("南岸区开展", "南岸区全面开展"), encoding="utf-8")
    build(config_file)
    assert "南岸区全面开展" in html(site, "issues/2020-008/nanan-kaizhan-wufei-xuexiao-xianchang")
    for listing in ("issues/2020-008", "districts/nanan", "tags/wufei-xuexiao", "archive/2020/07",
                    "issues/2020-008/shapingba-wufei-xuexiao-chuangjian-huodong"):  # neighbours show its title
        assert "南岸区全面开展" in html(site, listing), listing


def test_compact_html_keeps_preformatted_text():
    from bulletin.site.compact import compact_html

    html = "<div>\n    <p>a\n      b</p>\n\n\n<pre>  x\n    y</pre>\n  <textarea>  t\n  u</textarea>\n </div>"
    assert compact_html(html) == "<div>\n<p>a\nb</p>\n<pre>  x\n    y</pre>\n<textarea>  t\n  u</textarea>\n</div>"


def test_listing_rows_link_to_their_own_targets_on_every_page(seed_site):
    """Rows are rendered once per depth and reused: a district chip must never become a link to the page it was
    first rendered on ("./")."""
    checked = 0
    for page in list(seed_site.glob("tags/*/index.html")) + list(seed_site.glob("districts/*/index.html")):
        text = page.read_text(encoding="utf-8")
        chips = re.findall(r'class="bl-chip bl-chip--(district|tag)" href="([^"]+)"', text)
        checked += len(chips)
        for kind, href in chips:
            folder = "districts" if kind == "district" else "tags"
            assert re.fullmatch(rf"\.\./\.\./{folder}/[a-z0-9-]+/", href), (page, kind, href)
    assert checked > 100


def test_pages_rendered_by_a_second_process_are_byte_identical(tmp_path, seed_site):
    """parallel_pages: a forked copy of the build renders every second page; the site is the same bytes."""
    extra = plugin_options("parallel_pages: true")
    site = Path(build(make_project(tmp_path, site_url="http://127.0.0.1/archive/", extra=extra)).site_dir)
    ours = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert ours == sorted(p.relative_to(seed_site) for p in seed_site.rglob("*") if p.is_file())
    assert [p for p in ours if (site / p).read_bytes() != (seed_site / p).read_bytes()] == []


def test_dates_past_2106_do_not_break_the_sitemap(tmp_path):
    """sitemap.xml.gz carries a 32-bit time: an archive dated far ahead (a typo, or a synthetic one) still builds."""
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    folder = new_issue(archive, "2150-001", "2150-01-10")
    item = next((archive / "2020-008").glob("15-*.md"))
    text = item.read_text("utf-8").replace("date: 2020-08-03", "date: 2150-01-05")
    (folder / item.name).write_text(text.replace("date_precision: issue", "date_precision: day"), encoding="utf-8")
    site = Path(build(make_project(tmp_path, archive)).site_dir)
    assert (site / "sitemap.xml.gz").stat().st_size > 0
    assert "<lastmod>2106-02-06</lastmod>" in (site / "sitemap.xml").read_text("utf-8")


def test_a_build_leaves_the_cycle_collector_as_it_found_it(tmp_path, monkeypatch):
    """Pages render with the collector held back (gc_control.py); after a build — or a build that fails while
    rendering — `mkdocs serve` goes on with the collector as before: nothing left frozen, same thresholds."""
    import gc

    from bulletin import plugin

    before = gc.get_threshold()
    config = make_project(tmp_path, extra=plugin_options("parallel_index: false"))
    seen = []
    original = plugin.compact_html

    def spy(html: str) -> str:
        seen.append((gc.get_threshold(), gc.get_freeze_count() > 0))
        return original(html)

    monkeypatch.setattr(plugin, "compact_html", spy)
    build(config)
    assert seen and all(state == (gc_control.RENDER_THRESHOLDS, True) for state in seen)
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == (before, 0, True)

    def broken(html: str) -> str:
        raise RuntimeError("a page failed")

    monkeypatch.setattr(plugin, "compact_html", broken)
    with pytest.raises(RuntimeError, match="a page failed"):
        build(config)
    assert (gc.get_threshold(), gc.get_freeze_count(), gc.isenabled()) == (before, 0, True)
    with pytest.raises(KeyError), gc_control.collector_off():
        assert not gc.isenabled()
        raise KeyError("the writer failed")
    assert gc.isenabled()


def test_a_preview_collects_each_builds_garbage_once_the_page_is_served():
    """A preview build holds the collector back from its start; the next build freezes whatever is left then —
    this build's cyclic garbage too — so `release(collect_after=…)` collects it after the page is served.
    Without that pass a preview grew by ~20 MB per edit at 10,000 items."""
    import gc
    import time
    import weakref

    class Node:
        pass

    gc_control.hold_back()
    garbage = Node()
    garbage.itself = garbage  # a cycle: only the collector frees it
    alive = weakref.ref(garbage)
    del garbage
    gc_control.release(collect_after=0.05)
    time.sleep(0.5)
    assert alive() is None
    assert gc.get_freeze_count() == 0


def test_the_credits_are_on_the_about_page_not_on_every_page(seed_site):
    """What built the site and its licence: once, on 关于本站 (linked from every footer), not on 11,000 pages."""
    about, item = html(seed_site, "about"), html(seed_site, "issues/2020-008/banan-zuzhi-kaizhan-wufei-chengshi")
    assert "MIT 许可证" in about and 'href="https://www.mkdocs.org/"' in about
    footer = item.split('<footer class="md-footer"')[1]
    assert "mkdocs.org" not in footer and "MIT" not in footer and 'href="../../../about/">关于本站</a>' in footer
