"""Residents' search, second generation (issue 27), in Chromium on a fixture archive built for this module:
相关度 / 最新, equivalent words, alternatives when little is found (filters, typos, Latin letters) and input
methods. Every count below is of the fixture archive written here, never of the production archive."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .browser import Watch, serve
from .conftest import REPO, build, make_project, new_issue

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
        shutil.copyfile(REPO / "issues" / name, archive / name)
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
