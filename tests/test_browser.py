"""The built seed site in Chromium under /archive/: browsing, search, facets, URL state, escaping, phones."""

from __future__ import annotations

import gzip
import json
import random
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bench.queries import SEED_QUERIES, relevant, relevant_expanded, score
from bulletin.archive.load import load_archive
from bulletin.archive.problems import Problems
from bulletin.search.fold import fold
from bulletin.search.index import build_index
from bulletin.search.tokenize import query_units, units

from .browser import Watch, serve
from .conftest import TEST_ARCHIVE, build, make_project

ENGINE = ("search-text.js", "search-match.js", "gunzip.js", "search.js")  # the search page's engine, in its order

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base(seed_site, tmp_path_factory):
    with serve(seed_site, tmp_path_factory.mktemp("www")) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium):
    return chromium


@pytest.fixture
def page(browser, base):
    context = browser.new_context(bypass_csp=True)  # Playwright's wait_for_function evaluates strings
    pg = context.new_page()
    pg.watch = Watch(pg, base.split("/archive/")[0])
    yield pg
    context.close()


@pytest.fixture(scope="module")
def archive():
    return load_archive(TEST_ARCHIVE, Problems())


def api(page, **options):
    return page.evaluate("o => window.bulletinSearch.search(o)", options)


def test_walk_home_district_item_issue_tag_archive(page, base):
    """A resident's walk by links. Each check waits for its page (`expect` retries): after a click the previous
    page can still be the one in the window for a moment."""
    page.goto(base)
    expect(page.locator("h2", has_text="最新一期")).to_have_count(1)
    page.click(".bl-home a[href='districts/shapingba/']")
    expect(page.locator("h1")).to_have_text("沙坪坝区")
    page.click("text=沙坪坝区“无废学校”创建活动丰富多彩")
    expect(page.locator("article").first).to_contain_text("第一批申报创建的14个")
    page.click(".bl-article__meta a")
    expect(page).to_have_url(base + "issues/2020-008/")
    expect(page.locator(".bl-issue__toc li")).to_have_count(22)
    page.locator(".bl-chip--tag", has_text="医疗废物").first.click()
    expect(page.locator("h1")).to_have_text("医疗废物")
    page.goto(base + "archive/")
    page.click("text=2020年7月")
    expect(page).to_have_url(base + "archive/2020/07/")
    expect(page.locator(".bl-list .bl-item")).to_have_count(8)
    page.goto(base + "about/")
    assert "关于本站" in page.inner_text("h1")
    assert page.watch.clean(), page.watch.report()


def test_quality_on_resident_queries(page, base, archive):
    page.goto(base + "search/")
    page.wait_for_function("window.bulletinSearch")
    for expand, truth_of in ((False, relevant),  # exactly what was typed: the substring truth
                             (True, lambda i, q: relevant_expanded(i, q, archive.synonyms))):  # or an equivalent
        found, truth = {}, {}
        for query in SEED_QUERIES:
            result = api(page, q=query, limit=100, expand=expand)
            found[query] = {r["url"] for r in result["results"]}
            truth[query] = {i.url for i in archive.items if truth_of(i, query)}
            assert result["total"] == len(found[query])
        recall, precision = score(found, truth)
        misses = {q: (found[q] ^ truth[q]) for q in truth if found[q] != truth[q]}
        assert (recall, precision) == (1.0, 1.0), (expand, misses)
    assert archive.synonyms and any(relevant_expanded(i, "危废", archive.synonyms) and not relevant(i, "危废")
                                    for i in archive.items)  # the second pass is not the first again
    assert page.watch.clean(), page.watch.report()


def test_phrases_match_exactly(page, base, archive):
    """Phrases of 3–9 characters cut from the seed, and near misses — every bigram in one item, the phrase
    not: the engine finds exactly the items containing the phrase (trigram positions)."""
    assert check_phrases(page, base, archive) == {}


def test_frequent_phrases_match_exactly(tmp_path, monkeypatch, browser, base, archive):
    """Every trigram and 4-character phrase in 2+ items gets postings of its own, and every term in 2+ items its
    facet counts (phrases.py): the same exact phrases, and the very answers of the default build — totals,
    counts, order, scores — while 无废城市 reads no positions and no facet source."""
    from bulletin.search import phrases

    monkeypatch.setattr(phrases, "MIN_DOCS", 2)
    site = Path(build(make_project(tmp_path)).site_dir)
    queries = [{"q": q, "limit": 50} for q in ("无废城市", "城市", "无废城市细胞", "垃圾分类", "学校", "亮点工作",
                                               "试点工作", "学校 宣传", "碚", "2020")]
    queries += [{"q": "无废城市", "districts": ["沙坪坝区"]}, {"q": "学校", "from": "2020-07-01"}, {"q": ""}]
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.goto(base + "search/")
    page.wait_for_function("window.bulletinSearch")
    expected = [api(page, **q) for q in queries]
    fetched = []
    with serve(site, tmp_path / "www") as url:
        page = context.new_page()
        assert check_phrases(page, url, archive) == {}
        page = context.new_page()
        page.on("request", lambda r: fetched.append(r.url))
        page.goto(url + "search/")
        page.wait_for_function("window.bulletinSearch")
        fetched.clear()
        assert api(page, q="无废城市")["total"] == sum(relevant(i, "无废城市") for i in archive.items) > 10
        assert not any(f"/search/{kind}/" in u for u in fetched for kind in "pkm"), fetched
        assert [api(page, **q) for q in queries] == expected
    context.close()


def watched_search_page(context, base: str) -> tuple:
    """The search page, its engine loaded, and the list of every URL it requests from then on."""
    page = context.new_page()
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(base + "search/")
    page.wait_for_function("window.bulletinSearch")
    return page, fetched


def test_archive_names_answer_as_their_bigrams_do(tmp_path, monkeypatch, browser, base, archive):
    """A district's or a topic's name is a phrase of its own (phrases.vocabulary_phrases): one lookup and no
    positions, and exactly the answers of a build without such phrases — totals, counts, order, scores."""
    from bulletin.search import writer

    names = sorted({d.name for d in archive.districts if len(d.name) >= 3
                    and any(d.name in i.title + i.body for i in archive.items)})
    assert "沙坪坝区" in names and len(names) > 6
    queries = [{"q": n, "limit": 50} for n in names[:8]]
    queries += [{"q": "沙坪坝区 学校"}, {"q": "无废学校"}, {"q": "沙坪坝区", "tags": ["无废学校"]}]
    context = browser.new_context(bypass_csp=True)
    page, fetched = watched_search_page(context, base)
    fetched.clear()
    first = api(page, q="沙坪坝区")
    assert first["total"] > 0 and not any("/search/p/" in u for u in fetched), fetched
    assert sum("/search/s/" in u for u in fetched) == 1, fetched
    expected = [api(page, **q) for q in queries]
    monkeypatch.setattr(writer, "vocabulary_phrases", lambda *_: {})
    site = Path(build(make_project(tmp_path)).site_dir)
    with serve(site, tmp_path / "www") as url:
        page = context.new_page()
        page.goto(url + "search/")
        page.wait_for_function("window.bulletinSearch")
        assert [api(page, **q) for q in queries] == expected
    context.close()


def test_typing_on_after_a_rare_phrase_skips_a_lookup_it_rules_out(browser, base, seed_site):
    """A frequent 4-character phrase is two frequent trigrams (phrases.py): once 垃圾分's shard showed it is not
    frequent, typing 垃圾分类 goes straight to its bigrams — no request for its own shard, the same answer (not a
    name of the archive's: those are asked for as phrases whatever their frequency)."""
    from bulletin.search.writer import fnv1a

    shards = json.loads((seed_site / "search" / "meta.json").read_text("utf-8"))["shards"]
    prefix, phrase = "垃圾分", "垃圾分类"
    own = f"/search/s/{fnv1a(phrase) % shards}.json.gz"
    context = browser.new_context(bypass_csp=True)
    page, fetched = watched_search_page(context, base)
    api(page, q=prefix)
    assert not any(u.endswith(own) for u in fetched)  # else the test proves nothing: that shard is cached
    typed = api(page, q=phrase)
    assert typed["total"] > 0 and not any(u.endswith(own) for u in fetched), fetched
    fresh = context.new_page()
    fresh.goto(base + "search/")
    fresh.wait_for_function("window.bulletinSearch")
    assert api(fresh, q=phrase) == typed
    context.close()


def test_shards_load_while_the_folding_map_does(browser, base):
    """A query's term shards are requested with the parts of the traditional → simplified map, not after them:
    on a phone's network each stage of requests costs a round trip (40 ms emulated here)."""
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 40, "downloadThroughput": -1,
                                                  "uploadThroughput": -1})
    page.goto(base + "search/")
    page.wait_for_function("window.bulletinSearch")
    assert api(page, q="垃圾分类")["total"] > 0
    timing = page.evaluate("""() => performance.getEntriesByType('resource').map(
        e => [e.name.split('/search/')[1] || '', e.startTime, e.responseEnd])""")
    folds = [t for t in timing if t[0].startswith("fold/")]
    shards = [t for t in timing if t[0].startswith("s/")]
    assert folds and shards
    assert min(t[1] for t in shards) < min(t[2] for t in folds), timing
    context.close()


def check_phrases(page, base, archive) -> dict[str, tuple[int, int]]:
    rng = random.Random(8)
    runs = [run for item in archive.items for run in re.findall(r"[\u4e00-\u9fff]{3,}", item.title + "。" + item.body)]
    phrases = set()
    while len(phrases) < 60:
        run = rng.choice(runs)
        size = rng.randint(3, min(9, len(run)))
        start = rng.randrange(len(run) - size + 1)
        phrases.add(run[start:start + size])
    near = 0
    for _ in range(20000):  # walks over one item's bigrams: every bigram is in the item, the phrase is not
        item = rng.choice(archive.items)
        following: dict[str, list[str]] = {}
        for run in re.findall(r"[\u4e00-\u9fff]{2,}", item.body):
            for a, b in zip(run, run[1:]):
                following.setdefault(a, []).append(b)
        walk = rng.choice(list(following))
        while len(walk) < rng.randint(4, 7) and walk[-1] in following:
            walk += rng.choice(following[walk[-1]])
        if len(walk) >= 4 and walk not in item.body and walk not in phrases:
            phrases.add(walk)
            near += 1
            if near == 40:
                break
    texts = [fold(i.title + "\n" + i.body) for i in archive.items]
    for phrase in {run[k:k + n] for t in texts for run in re.findall(r"[\u4e00-\u9fff]{3,}", t)
                   for n in (3, 4) for k in range(len(run) - n + 1)}:  # in 2+ items; another has its bigrams
        pairs = [phrase[i:i + 2] for i in range(len(phrase) - 1)]
        if sum(phrase in t for t in texts) >= 2 and any(all(b in t for b in pairs) and phrase not in t
                                                        for t in texts):
            phrases.add(phrase)
    page.goto(base + "search/")
    page.wait_for_function("window.bulletinSearch")
    wrong = {}
    for phrase in sorted(phrases):
        if not re.fullmatch(r"[\u4e00-\u9fff]+", phrase):
            continue
        result = api(page, q=phrase, limit=100)
        found = {r["url"] for r in result["results"]}
        truth = {i.url for i in archive.items if relevant(i, phrase)}
        if found != truth or result["total"] != len(truth):
            wrong[phrase] = (len(found), len(truth))
    assert near == 40
    return wrong


def test_pages_of_results_are_slices_of_the_full_ranking(page, base):
    """A short page is picked from the hits without sorting them all: it must be exactly that slice."""
    page.goto(base + "search/")
    page.wait_for_function("window.bulletinSearch")
    for q in ("无废城市", "城市", "工作", "废"):
        full = [r["url"] for r in api(page, q=q, limit=100)["results"]]
        assert len(full) > 12, q
        for offset, limit in ((0, 1), (0, 3), (2, 2), (1, 1), (5, 3), (0, 0)):
            got = [r["url"] for r in api(page, q=q, offset=offset, limit=limit)["results"]]
            assert got == full[offset:offset + limit], (q, offset, limit)


def expected_scores(index, query: str) -> dict[str, int]:
    """url → score×100 as search.js should compute it: per unit, in each field where the unit occurs (every bigram,
    and for 3+ characters the whole run), the sum of its terms' weights×100; units add up, all must match."""
    total: dict[int, int] | None = None
    for run, terms in zip(units(query), query_units(query)):
        unit: dict[int, int] = {}
        for name, text_of in (("t", lambda i: i.title), ("b", lambda i: i.body)):
            weights = [dict(zip(index.documents(t, name), (round(w * 100) for w in index.weights(t, name))))
                       if t in index.entries[name] else {} for t in terms]
            for doc in set(weights[0]).intersection(*weights[1:]):
                if len(run) < 3 or run in fold(text_of(index.docs[doc])):
                    unit[doc] = unit.get(doc, 0) + sum(w[doc] for w in weights)
        total = unit if total is None else {d: total[d] + unit[d] for d in total.keys() & unit.keys()}
    return {index.docs[doc].url: score for doc, score in (total or {}).items()}


def test_scores_are_sums_of_the_index_weights(page, base, archive):
    """The browser's score of every result is the sum of the lunr weights of the query's terms in the fields
    where each unit matches, for bigrams, single characters, phrases and several units."""
    index = build_index(archive.items)
    page.goto(base + "search/")
    page.wait_for_function("window.bulletinSearch")
    for q in ("城市", "废", "无废城市", "无废城市细胞", "南岸 无废", "学校 工作 城市"):
        expected = expected_scores(index, q)
        result = api(page, q=q, limit=100, expand=False)  # the typed words' own weights (无废城市细胞 ≡ 无废细胞)
        assert result["total"] == len(expected) > 0, q
        assert {r["url"]: round(r["score"] * 100) for r in result["results"]} == expected, q


def test_ranking_puts_title_matches_first(page, base):
    page.goto(base + "search/")
    page.wait_for_function("window.bulletinSearch")
    result = api(page, q="无废学校")
    titles = [r["title"] for r in result["results"]]
    in_title = [t for t in titles if "无废学校" in t]
    assert titles[: len(in_title)] == in_title and len(in_title) == 2


def test_facets_and_dates(page, base, archive):
    page.goto(base + "search/")
    page.wait_for_function("window.bulletinSearch")
    everything = api(page, limit=100)
    assert everything["total"] == 22 and everything["facets"]["year"] == {"2020": 22}
    assert everything["facets"]["district"]["重庆市"] == 6
    both = api(page, districts=["沙坪坝区", "南岸区"])
    assert both["total"] == 2
    assert both["facets"]["district"]["巴南区"] == 1  # counts ignore the facet's own filter (OR within)
    assert api(page, districts=["南岸区"], tags=["无废学校"])["total"] == 1
    assert api(page, districts=["南岸区"], tags=["危险废物"])["total"] == 0
    july = api(page, **{"from": "2020-07-01", "to": "2020-07-31"}, limit=100)
    day_items = {i.url for i in archive.items if i.date.month == 7}
    assert day_items <= {r["url"] for r in july["results"]}
    assert "issues/2020-008/diaoyan-wufei-chengshi-jianshe-shidian/" in {r["url"] for r in july["results"]}  # 5月以来
    june_only = api(page, **{"from": "2020-06-01", "to": "2020-06-20"}, limit=100)
    assert {r["url"] for r in june_only["results"]} == {"issues/2020-008/shizheng-fuzhao-kai-wufei-chengshi/",
                                                        "issues/2020-008/diaoyan-wufei-chengshi-jianshe-shidian/"}
    aliases = api(page, districts=["沙坪坝"])
    assert aliases["total"] == 1


def test_search_page_url_state_and_back(page, base):
    page.goto(base + "search/?q=无废学校&district=南岸区")
    page.wait_for_selector(".bl-search__results li")
    assert page.locator(".bl-search__results li").count() == 1
    assert page.input_value("#bl-q") == "无废学校"
    page.uncheck("#bl-f-district-nanan")
    page.wait_for_function("document.querySelectorAll('.bl-search__results li').length === 6")
    assert "district=" not in page.url
    page.go_back()
    page.wait_for_function("document.querySelectorAll('.bl-search__results li').length === 1")
    assert "district=%E5%8D%97%E5%B2%B8%E5%8C%BA" in page.url
    page.click("#bl-f-tag-wufei-xuexiao")
    page.wait_for_function("location.search.includes('tag=')")
    assert page.watch.clean(), page.watch.report()


def test_keyboard_only_search_with_highlight(page, base):
    page.goto(base)
    assert page.locator("input[type=search]").count() == 1  # one search box per page
    page.focus("#bl-home-q")
    page.keyboard.type("九龍坡區")
    page.keyboard.press("Enter")
    page.wait_for_selector(".bl-search__results li")
    assert "q=%E4%B9%9D%E9%BE%8D" in page.url
    assert page.locator(".bl-search__results li").count() == 1
    assert page.locator(".bl-search__results mark").first.inner_text() == "九龙坡区"
    page.fill("#bl-q", "")
    page.keyboard.type("垃圾分类")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.bl-search__status').textContent.includes('找到 3 条')")


def test_no_results_says_which_filter_to_drop(page, base):
    page.goto(base + "search/?q=验收&district=渝北区")
    page.wait_for_function("document.querySelector('.bl-search__status').textContent.includes('没有找到')")
    assert "去掉“渝北区”筛选可找到 7 条" in page.inner_text(".bl-search__help")
    page.goto(base + "search/?q=火星探测")
    page.wait_for_function("document.querySelector('.bl-search__status').textContent.includes('没有找到')")


def test_phone_width_has_no_horizontal_scroll(browser, base):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True,
                                  bypass_csp=True)
    pg = context.new_page()
    for path in ("", "search/?q=无废学校", "issues/2020-008/", "districts/"):
        pg.goto(base + path)
        pg.wait_for_load_state("networkidle")
        assert pg.evaluate("document.documentElement.scrollWidth") <= 360, path
    context.close()


def test_hostile_content_is_inert_in_pages_and_results(browser, tmp_path):
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    item = sorted((archive / "2020-008").glob("15-*.md"))[0]
    text = item.read_text("utf-8")
    # markup in a title is refused by check; quotes may stay, and a code span may show a tag as text
    text = re.sub(r"^title: .*$", "title: '沙坪坝\" onmouseover=alert(2) x=\"'", text, count=1, flags=re.M)
    extra = "\n编号甲乙 `<img src=x onerror=alert(1)>` 与 &lt;b&gt; [链接](https://example.org \"t\") 1 < 2\n"
    item.write_text(text + extra, encoding="utf-8")
    site = Path(build(make_project(tmp_path, archive)).site_dir)
    with serve(site, tmp_path) as base:
        context = browser.new_context()
        pg = context.new_page()
        watch = Watch(pg, base.split("/archive/")[0])
        for path in ("", "issues/2020-008/", "issues/2020-008/shapingba-wufei-xuexiao-chuangjian-huodong/",
                     "districts/shapingba/", "tags/wufei-xuexiao/", "search/?q=编号甲乙"):
            pg.goto(base + path)
            pg.wait_for_load_state("networkidle")
        pg.wait_for_selector(".bl-search__results li")
        assert "<img src=x onerror=alert(1)>" in pg.inner_text(".bl-search__results")
        assert pg.locator(".bl-search__results img, .bl-search__results svg").count() == 0
        assert watch.dialogs == [] and watch.errors == [], watch.report()
        assert not [u for u in watch.foreign if "example.org" not in u]
        context.close()


def test_api_shape(page, base):
    page.goto(base + "search/")
    page.wait_for_function("window.bulletinSearch")
    result = api(page, q="无废学校", limit=2)
    assert result["total"] == 6 and len(result["results"]) == 2
    first = result["results"][0]
    assert set(first) >= {"url", "title", "date", "districts", "tags", "excerpt"}
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", first["date"])
    assert json.dumps(result["facets"], ensure_ascii=False).count("南岸区") == 1


def test_content_security_policy_holds_and_blocks_injection(browser, base):
    """No bypass here: every page kind works under its own CSP, and an injected inline script is refused."""
    context = browser.new_context()
    pg = context.new_page()
    watch = Watch(pg, base.split("/archive/")[0])
    violations = []
    pg.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
    for path in ("", "issues/2020-008/", "issues/2020-008/nanan-kaizhan-wufei-xuexiao-xianchang/",
                 "districts/nanan/", "tags/wufei-xuexiao/", "archive/2020/07/", "about/", "contribute/"):
        pg.goto(base + path)
        pg.wait_for_load_state("networkidle")
        # Material's storage helpers come from assets/bulletin/head.js, their scope the site root at every depth
        assert pg.evaluate("() => [__md_scope.href, typeof __md_get, typeof __md_set]") == [
            base, "function", "function"], path
    pg.goto(base + "search/?q=无废学校&district=南岸区")
    pg.wait_for_selector(".bl-search__results li")
    assert pg.locator(".bl-search__results li").count() == 1
    assert violations == [] and watch.errors == [] and watch.foreign == [], (violations, watch.report())
    csp = pg.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    # no inline script to allow: the theme's (storage helpers, palette, 大字) are files of the site's own
    assert csp.endswith("; script-src 'self'") and "sha256-" not in csp, csp
    pg.evaluate("""() => { const s = document.createElement('script');
                   s.textContent = 'window.__injected = 1'; document.body.appendChild(s); }""")
    assert pg.evaluate("() => window.__injected === undefined")
    assert any("Content Security Policy" in v for v in violations)
    context.close()


def prefer_facets_from(context, source: str) -> None:
    """Steer the engine to one facet source from outside it, by the index it reads: meta.json's cost of the other
    source made prohibitive, and the common words' counts dropped from the term shards (they answer without any
    facet source). The engine itself has no switch for it."""
    def meta(route):
        data = route.fetch().json()
        if source == "fragments":  # as if every result set were few (writer.FEW_DOCS)
            data["few"] = 10 ** 9
        else:
            data["cost"]["k" if source == "chunks" else "m"] = 10 ** 9
            data["few"] = 0  # a facet list for every term: the seed's terms are nearly all in few items
        route.fulfill(json=data)

    def shard(route):
        data = json.loads(gzip.decompress(route.fetch().body()))
        route.fulfill(body=gzip.compress(json.dumps({term: {f: v for f, v in entry.items() if f != "c"}
                                                     for term, entry in data.items()}).encode()))

    context.route("**/search/meta.json", meta)
    context.route("**/search/s/*.json.gz", shard)


def test_results_do_not_depend_on_where_the_facets_come_from(tmp_path, monkeypatch, browser, page, base):
    """Chunks of 4 documents (6 chunks for the seed, dates restarting in each), the rarest term's facet list,
    the fragments of the matches and the archive-wide counts answer exactly like one chunk: same totals, facet
    counts, order, dates, districts and tags."""
    from bulletin.search import writer

    monkeypatch.setattr(writer, "CHUNK", 4)
    monkeypatch.setattr(writer, "FEW_DOCS", 0)  # every term's facet list written, so each source can answer
    site = Path(build(make_project(tmp_path)).site_dir)
    assert len(list((site / "search" / "m").glob("*.json.gz"))) == 6
    (site / "engine.html").write_text('<!doctype html><meta charset="utf-8">'  # the engine alone: the search
                                      + "".join(f'<script src="assets/bulletin/{name}"></script>'  # page runs
                                                for name in ENGINE))
    queries = [{"q": "无废城市", "limit": 50}, {"q": "验收"}, {"q": "", "districts": ["沙坪坝区"]},
               {"q": "学校", "from": "2020-07-01", "to": "2020-07-31"}, {"q": "", "tags": ["会议部署"], "limit": 50},
               {"q": "学校 宣传", "limit": 50}, {"q": "垃圾", "districts": ["渝北区", "北碚区"], "limit": 50},
               {"q": ""}, {"q": "", "offset": 20}]  # the last two: the whole archive, counts from meta.json
    page.goto(base + "search/")
    page.wait_for_function("() => window.bulletinSearch")
    expected = [api(page, **q) for q in queries]  # one chunk; common words' counts; meta.json's for everything
    # the whole archive counted from the chunks: a date filter that keeps every document
    steered = [q if q["q"] or q.get("districts") or q.get("tags") else {**q, "from": "1900-01-01"} for q in queries]
    with serve(site, tmp_path / "chunked") as chunked:
        answers = {}
        for source in ("chunks", "terms", "fragments"):
            context = browser.new_context(bypass_csp=True)
            prefer_facets_from(context, source)
            other = context.new_page()
            fetched = []
            other.on("request", lambda r, fetched=fetched: fetched.append(r.url))
            other.goto(chunked + "engine.html")
            other.wait_for_function("() => window.bulletinSearch")
            answers[source] = [api(other, **q) for q in steered[:2]]  # in a fresh page: from `source` alone
            if source == "fragments":
                assert not any(f"/search/{kind}/" in u for u in fetched for kind in "km"), fetched
            else:
                assert any(f"/search/{'m' if source == 'chunks' else 'k'}/" in u for u in fetched)
                assert not any(f"/search/{'k' if source == 'chunks' else 'm'}/" in u for u in fetched), source
            answers[source] += [api(other, **q) for q in steered[2:]]
            context.close()
    assert [r["total"] for r in expected] == [r["total"] for r in answers["terms"]]
    assert all(r["total"] for r in expected)
    assert answers["chunks"] == expected
    assert answers["terms"] == expected
    assert answers["fragments"] == expected


STALE = "网站刚刚更新过，这个页面还是更新前的版本，无法继续搜索。请重新加载页面。"


@pytest.mark.parametrize("shift", [1, -1])
def test_a_page_meeting_an_index_of_another_format_reloads_and_says_so(browser, base, shift):
    """A search page cached from one build meets meta.json of another (the site rebuilt since, or a lagging
    cache the other way): it reloads once, and if it is still the old page, says so in Chinese with a button
    to reload — and reads nothing else of that index, so it shows no results at all."""
    from bulletin.search.writer import FORMAT

    context = browser.new_context()
    context.route("**/search/meta.json",
                  lambda route: route.fulfill(json={**route.fetch().json(), "format": FORMAT + shift}))
    pg = context.new_page()
    watch = Watch(pg, base.split("/archive/")[0])
    loads = []
    pg.on("load", lambda: loads.append(pg.url))
    pg.goto(base + "search/?q=无废城市")
    status = pg.locator(".bl-search__status")
    expect(status).to_have_text(STALE)
    assert len(loads) == 2, loads  # one reload on its own, then the message
    button = pg.locator(".bl-search__reload")
    expect(button).to_be_visible()
    expect(button).to_have_text("重新加载页面")
    with pg.expect_navigation():
        button.click()
    expect(status).to_have_text(STALE)
    assert len(loads) == 3, loads
    assert pg.locator(".bl-search__results li").count() == 0
    assert pg.locator(".bl-search__facets *").count() == 0
    index = [u for u in watch.fetched if "/archive/search/" in u and "/search/?" not in u]
    assert index and all(u.endswith("/search/meta.json") for u in index), index  # no shard, fold part, fragment
    assert watch.clean(), watch.report()
    context.close()


def test_a_browser_without_decompression_streams_inflates_the_index_with_pako(browser, base):
    """Safari before 16.4 (WeChat on an older iPhone) has no DecompressionStream: the vendored pako is fetched once,
    from this site, and every answer is the one the browser's own inflater gives."""
    queries = [{"q": "无废学校"}, {"q": "垃圾分类", "limit": 50}, {"q": "", "districts": ["沙坪坝区"]},
               {"q": "九龍坡區"}]
    answers = {}
    for kind in ("native", "pako"):
        context = browser.new_context()
        if kind == "pako":
            context.add_init_script("delete window.DecompressionStream")
        page, fetched = watched_search_page(context, base)
        answers[kind] = [api(page, **q) for q in queries]
        inflaters = [u for u in fetched if "pako_inflate" in u]
        assert inflaters == ([base + "assets/bulletin/vendor/pako_inflate-2.1.0.es5.min.js"] if kind == "pako"
                             else []), inflaters
        assert any(u.endswith(".json.gz") for u in fetched)
        context.close()
    assert answers["pako"] == answers["native"]
    assert all(answer["total"] > 0 for answer in answers["native"])


def test_a_page_of_this_format_searches_without_reloading(browser, base):
    context = browser.new_context()
    pg = context.new_page()
    loads = []
    pg.on("load", lambda: loads.append(pg.url))
    pg.goto(base + "search/?q=无废城市")
    expect(pg.locator(".bl-search__results li").first).to_be_visible()
    expect(pg.locator(".bl-search__reload")).to_be_hidden()
    assert len(loads) == 1, loads
    context.close()
