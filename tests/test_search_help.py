"""Residents' search, second generation, in Chromium on a fixture archive built for this module:
相关度 / 最新, equivalent words, alternatives when little is found (filters, typos, Latin letters) and input
methods. Every count below is of the fixture archive written here, never of the production archive."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .browser import Watch, serve
from .conftest import TEST_ARCHIVE, build, make_project, new_issue

pytestmark = pytest.mark.browser

# (issue folder, published, [(date, title, body, districts, tags)]) — in document order oldest first
ISSUES = [
    ("2020-001", "2020-06-01", [
        ("2020-03-02", "万州区推进危险废物规范化管理", "万州区开展危险废物专项检查。", ["万州区"], ["危险废物"]),
        ("2020-05-10", "沙坪坝区无废学校创建", "沙坪坝区三所学校创建无废学校。", ["沙坪坝区"], ["无废学校"]),
    ]),
    ("2021-001", "2021-07-01", [
        ("2021-01-05", "南岸区危废收运体系建成", "南岸区建成危废小型收运体系。", ["南岸区"], ["危险废物"]),
        ("2021-06-01", "大渡口区开展无废学校评估", "大渡口区对无废学校开展评估验收。", ["大渡口区"],
         ["无废学校", "评估验收"]),
    ]),
    ("2022-001", "2022-07-01", [
        ("2022-02-01", "万州区医疗废物集中处置", "万州区医废处置能力提升。", ["万州区"], ["医疗废物"]),
        ("2022-03-01", "沙坪坝区垃圾分类进小区", "沙坪坝区生活垃圾分类覆盖小区。", ["沙坪坝区"], ["生活垃圾分类"]),
        ("2022-06-01", "九龙坡区开展环境教育活动", "环境教育活动走进无废学校。", ["九龙坡区"], ["宣传教育"]),
    ]),
]
SYNONYMS = "- [危废, 危险废物]\n- [医废, 医疗废物]\n"


def write_fixture(root: Path) -> Path:
    archive = root / "issues"
    archive.mkdir(parents=True)
    for name in ("districts.yml", "tags.yml"):
        shutil.copyfile(TEST_ARCHIVE / name, archive / name)
    (archive / "synonyms.yml").write_text(SYNONYMS, encoding="utf-8")
    for folder, published, items in ISSUES:
        issue = new_issue(archive, folder, published)
        for n, (date, title, body, districts, tags) in enumerate(items, 1):
            (issue / f"{n:02d}-item-{n}.md").write_text(
                f"---\ntitle: {title}\nsection: 区县动态\ndate: {date}\ndate_precision: day\n"
                f"districts: [{', '.join(districts)}]\ntags: [{', '.join(tags)}]\nslug: item-{n}\n---\n\n{body}\n",
                encoding="utf-8")
    return archive


@pytest.fixture(scope="module")
def base(tmp_path_factory, chromium):
    tmp = tmp_path_factory.mktemp("help")
    config = build(make_project(tmp, write_fixture(tmp / "src")))
    with serve(Path(config.site_dir), tmp) as url:
        yield url


@pytest.fixture
def page(chromium, base):
    context = chromium.new_context(bypass_csp=True)  # Playwright's wait_for_function evaluates strings
    pg = context.new_page()
    pg.watch = Watch(pg, base.split("/archive/")[0])
    yield pg
    context.close()


def api(page, base, **options):
    if not page.url.startswith(base):
        page.goto(base + "search/")
        page.wait_for_function("window.bulletinSearch")
    return page.evaluate("o => window.bulletinSearch.search(o)", options)


def titles(result) -> list[str]:
    return [r["title"] for r in result["results"]]


def settled(page) -> None:
    page.wait_for_function("!document.querySelector('.bl-search__status').textContent.startsWith('正在')")


# 1. 相关度 / 最新

def test_sort_by_date_reorders_the_same_results(page, base):
    relevance = api(page, base, q="无废学校")
    newest = api(page, base, q="无废学校", sort="date")
    assert relevance["sort"] == "relevance" and newest["sort"] == "date"
    assert set(titles(relevance)[:2]) == {"大渡口区开展无废学校评估", "沙坪坝区无废学校创建"}  # title matches first
    assert titles(relevance)[2] == "九龙坡区开展环境教育活动"
    assert titles(newest) == ["九龙坡区开展环境教育活动", "大渡口区开展无废学校评估", "沙坪坝区无废学校创建"]
    assert newest["total"] == relevance["total"] == 3
    assert newest["facets"] == relevance["facets"]
    paged = [api(page, base, q="无废学校", sort="date", limit=1, offset=k)["results"][0]["title"] for k in range(3)]
    assert paged == titles(newest)
    filtered = api(page, base, q="区", sort="date", districts=["万州区"])
    assert titles(filtered) == ["万州区医疗废物集中处置", "万州区推进危险废物规范化管理"]


def test_sort_on_the_page_lives_in_the_url(page, base):
    page.goto(base + "search/?q=无废学校")
    settled(page)
    expect(page.locator("[data-bl-sort=relevance]")).to_have_attribute("aria-pressed", "true")
    page.click("[data-bl-sort=date]")
    page.wait_for_function("location.search.includes('sort=date')")
    expect(page.locator(".bl-search__results li").first).to_contain_text("九龙坡区开展环境教育活动")
    expect(page.locator("[data-bl-sort=date]")).to_have_attribute("aria-pressed", "true")
    assert "找到 3 条" in page.inner_text(".bl-search__status")
    page.go_back()
    page.wait_for_function("!location.search.includes('sort=date')")
    expect(page.locator("[data-bl-sort=relevance]")).to_have_attribute("aria-pressed", "true")
    expect(page.locator(".bl-search__results li").last).to_contain_text("九龙坡区开展环境教育活动")
    page.goto(base + "search/?q=无废学校&sort=date")
    expect(page.locator(".bl-search__results li").first).to_contain_text("九龙坡区开展环境教育活动")
    assert page.watch.clean(), page.watch.report()


# 2. Equivalent words

def test_an_equivalent_is_searched_too_and_reported(page, base):
    both = api(page, base, q="危废")
    assert both["expanded"] == [{"term": "危废", "with": ["危险废物"]}]
    assert set(titles(both)) == {"万州区推进危险废物规范化管理", "南岸区危废收运体系建成"}
    assert both["facets"]["district"] == {"万州区": 1, "南岸区": 1}
    marked = {r["title"]: r["title"][m[0]:m[0] + m[1]] for r in both["results"] for m in r["titleHighlights"]}
    assert marked == {"万州区推进危险废物规范化管理": "危险废物", "南岸区危废收运体系建成": "危废"}
    exact = api(page, base, q="危废", expand=False)
    assert titles(exact) == ["南岸区危废收运体系建成"] and exact["expanded"] == []
    assert exact["unexpanded"] == [{"term": "危废", "with": ["危险废物"]}]
    back = api(page, base, q="危险废物")  # either way round
    assert back["total"] == 2 and back["expanded"] == [{"term": "危险废物", "with": ["危废"]}]
    inside = api(page, base, q="医废处置")  # a word inside a longer one: 医疗废物处置 is not in the text
    assert inside["expanded"] == [{"term": "医废处置", "with": ["医疗废物处置"]}]
    assert titles(inside) == ["万州区医疗废物集中处置"]
    with_filter = api(page, base, q="危废", districts=["万州区"])
    assert titles(with_filter) == ["万州区推进危险废物规范化管理"]
    assert api(page, base, q="危废 南岸")["total"] == 1  # each word must still occur


def test_the_page_says_what_else_it_searched_and_searches_exactly_on_request(page, base):
    page.goto(base + "search/?q=危废")
    help_box = page.locator(".bl-search__help")
    expect(help_box).to_contain_text("同时搜索了：危险废物")
    assert page.locator(".bl-search__results li").count() == 2
    expect(page.locator(".bl-search__results mark").first).to_be_visible()
    page.click("text=只搜“危废”")
    page.wait_for_function("location.search.includes('exact=1')")
    expect(page.locator(".bl-search__results li")).to_have_count(1)
    expect(help_box).to_contain_text("没有同时搜索：危险废物")
    page.click("text=同时搜索同义词")
    page.wait_for_function("!location.search.includes('exact=1')")
    expect(page.locator(".bl-search__results li")).to_have_count(2)
    assert page.watch.clean(), page.watch.report()


# 3. Alternatives when nothing or very little is found

def alternatives(result) -> dict[str, dict]:
    return {a["label"]: a for a in result["alternatives"]}


def test_dropping_a_filter_is_offered_only_when_it_finds_something(page, base):
    result = api(page, base, q="危险废物", districts=["沙坪坝区"])
    assert result["total"] == 0
    offered = alternatives(result)
    assert "去掉“沙坪坝区”筛选可找到 2 条" in offered
    assert offered["去掉“沙坪坝区”筛选可找到 2 条"]["districts"] == []
    # neither filter alone empties this one: dropping either still finds nothing, so neither is shown
    result = api(page, base, q="无废学校", districts=["万州区"], tags=["医疗废物"])
    labels = list(alternatives(result))
    assert labels == ["去掉全部筛选可找到 3 条"], labels
    assert all(a["total"] > 0 for a in result["alternatives"])


def test_a_typo_is_corrected_from_the_archives_own_words(page, base):
    result = api(page, base, q="无废学小")  # a pinyin homophone of 无废学校
    assert result["total"] == 0
    first = result["alternatives"][0]
    assert first["label"] == "你是不是要找“无废学校”（3 条）" and first["q"] == "无废学校" and first["total"] == 3
    result = api(page, base, q="大度口")  # 大渡口, a district's alias
    assert result["alternatives"][0]["q"] == "大渡口"
    assert result["alternatives"][0]["total"] == 1
    # 无废医院 is a topic of the vocabulary and sounds like 无废医园, but no item holds it: never offered
    result = api(page, base, q="无废医园")
    assert result["total"] == 0
    assert not [a for a in result["alternatives"] if "无废医院" in a["q"]], result["alternatives"]
    assert all(a["total"] > 0 for a in result["alternatives"])


def test_latin_letters_offer_the_district_or_topic_as_a_filter(page, base):
    for typed in ("shapingba", "spb", "SPBQ"):
        result = api(page, base, q=typed)
        offered = alternatives(result)
        assert "只看区县“沙坪坝区”（2 条）" in offered, (typed, result["alternatives"])
        assert offered["只看区县“沙坪坝区”（2 条）"]["districts"] == ["沙坪坝区"]
        assert offered["只看区县“沙坪坝区”（2 条）"]["q"] == ""
    result = api(page, base, q="wfxx")
    assert "只看专题“无废学校”（2 条）" in alternatives(result)
    result = api(page, base, q="wanzhou 危废")
    assert alternatives(result)["只看区县“万州区”中的“危废”（1 条）"]["districts"] == ["万州区"]
    assert api(page, base, q="wfyy")["alternatives"] == []  # 无废医院: a topic without items


def test_the_empty_page_offers_alternatives_and_browsing(page, base):
    page.goto(base + "search/?q=无废学校&district=万州区")
    help_box = page.locator(".bl-search__help")
    expect(help_box).to_contain_text("去掉“万州区”筛选可找到 3 条")
    expect(page.locator(".bl-search__status")).to_contain_text("没有找到")
    for name, target in (("区县", "districts/"), ("专题", "tags/"), ("时间", "archive/")):
        assert help_box.get_by_role("link", name=name, exact=True).get_attribute("href").endswith(target)
    page.screenshot(path="/tmp/search-help-empty.png")
    page.goto(base + "search/?q=无废学小&district=万州区")  # nothing to offer: says so, and offers browsing
    expect(help_box).to_contain_text("试试换一个说法")
    expect(help_box.get_by_role("link", name="专题", exact=True)).to_be_visible()
    page.goto(base + "search/?q=无废学小")
    page.click("text=你是不是要找“无废学校”（3 条）")
    page.wait_for_function("new URLSearchParams(location.search).get('q') === '无废学校'")
    expect(page.locator(".bl-search__results li")).to_have_count(3)
    page.goto(base + "search/?q=shapingba")
    page.click("text=只看区县“沙坪坝区”（2 条）")
    page.wait_for_function("location.search.includes('district=')")
    expect(page.locator(".bl-search__results li")).to_have_count(2)
    assert page.watch.clean(), page.watch.report()


def test_a_query_with_results_fetches_no_help(page, base):
    page.goto(base + "search/")
    page.wait_for_function("window.bulletinSearch")
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    assert api(page, base, q="无废学校")["alternatives"] == []
    assert api(page, base, q="南岸区危废")["total"] == 1  # very little, but no filter, no Latin letters
    assert not [u for u in fetched if "suggest" in u or "/py/" in u or "search-help" in u], fetched
    api(page, base, q="火星探测")
    assert [u for u in fetched if u.endswith("search/suggest.json.gz")]


# 4. Input methods

TIMERS_PASSED = "() => new Promise(resolve => setTimeout(resolve, 31))"  # after any 30 ms typing pause set before


def test_no_search_while_an_input_method_composes(page, base):
    page.goto(base + "search/")
    settled(page)
    page.evaluate("""() => {
      window.__runs = [];
      const search = window.bulletinSearch.search;
      window.bulletinSearch.search = o => { window.__runs.push(o.q); return search(o); };
      window.__events = [];
      const box = document.querySelector('#bl-q');
      for (const type of ['compositionstart', 'compositionend', 'keydown'])
        box.addEventListener(type, e => window.__events.push(type + (e.isComposing ? ':composing' : '')));
    }""")
    history_length = page.evaluate("history.length")
    page.focus("#bl-q")
    cdp = page.context.new_cdp_session(page)
    for text in ("w", "wu", "wu'fei", "无废"):
        cdp.send("Input.imeSetComposition", {"text": text, "selectionStart": len(text), "selectionEnd": len(text)})
    page.evaluate(TIMERS_PASSED)
    assert page.evaluate("window.__runs") == []
    assert page.input_value("#bl-q") == "无废"
    cdp.send("Input.dispatchKeyEvent", {"type": "rawKeyDown", "key": "Enter", "code": "Enter",
                                        "windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13})
    cdp.send("Input.dispatchKeyEvent", {"type": "char", "key": "Enter", "text": "\r"})
    cdp.send("Input.dispatchKeyEvent", {"type": "keyUp", "key": "Enter", "code": "Enter",
                                        "windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13})
    page.evaluate(TIMERS_PASSED)
    assert page.evaluate("window.__runs") == [], page.evaluate("window.__events")
    assert page.evaluate("history.length") == history_length
    assert "q=" not in page.url
    cdp.send("Input.insertText", {"text": "无废学校"})  # the candidate chosen: the composition commits
    page.wait_for_function("window.__runs.length === 1")
    settled(page)
    page.evaluate(TIMERS_PASSED)
    assert page.evaluate("window.__runs") == ["无废学校"], page.evaluate("window.__events")
    assert "compositionend" in page.evaluate("window.__events")
    expect(page.locator(".bl-search__results li")).to_have_count(3)
    assert page.evaluate("history.length") == history_length  # typing replaces the address, Enter pushes one
    page.keyboard.press("Enter")  # no composition now: Enter searches
    page.wait_for_function("window.__runs.length === 2")
    assert page.watch.clean(), page.watch.report()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_help_passes_axe_at_phone_width(chromium, base, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = chromium.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme, bypass_csp=True)
    page = context.new_page()
    serious = {}
    for path in ("search/?q=危废&sort=date", "search/?q=无废学小", "search/?q=无废学校&district=万州区",
                 "search/?q=危废&exact=1"):
        page.goto(base + path)
        expect(page.locator(".bl-search__help")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), path
        found = [f"{v['id']}: {n['target']}" for v in Axe().run(page).response["violations"]
                 if v["impact"] in ("serious", "critical") for n in v["nodes"][:3]]
        if found:
            serious[path] = found
        page.screenshot(path=f"/tmp/search-help-{scheme}-{len(serious)}-{path.count('&')}.png")
    context.close()
    assert serious == {}, serious


def test_every_offered_count_is_what_the_search_finds(page, base):
    for options in ({"q": "无废学小"}, {"q": "大度口"}, {"q": "危废 南岸 火星"}, {"q": "spb"},
                    {"q": "无废学校", "districts": ["万州区"], "tags": ["医疗废物"]}, {"q": "医废处"}):
        for alternative in api(page, base, **options)["alternatives"]:
            query = {k: alternative[k] for k in ("q", "districts", "tags", "from", "to")}
            assert api(page, base, **query)["total"] == alternative["total"], (options, alternative)
