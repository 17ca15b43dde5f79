"""The search page in older engines: WeChat on an older iPhone is the system WebKit. Each API the page may use is
removed before any script runs (as an engine without it), at phone and desktop width: results, filters (the sheet
on phones, the sidebar on wide screens) and the chips of active filters still work, with no script error."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .browser import Watch, serve
from .conftest import REPO

pytestmark = pytest.mark.browser

# what each engine lacks (Safari/iOS version that added it): an own property set to undefined shadows an inherited
# method (MediaQueryList's addEventListener comes from EventTarget), as in engines where it is not there at all
HIDE = "Object.defineProperty({}.prototype, '{}', {{value: undefined}});"
MISSING = {
    "replaceChildren (iOS 14)": " ".join(HIDE.format(k, "replaceChildren")
                                         for k in ("Element", "Document", "DocumentFragment")),
    "MediaQueryList.addEventListener (iOS 14)": " ".join(HIDE.format("MediaQueryList", name)
                                                         for name in ("addEventListener", "removeEventListener")),
    "dialog show/showModal/close (iOS 15.4)": " ".join(HIDE.format("HTMLDialogElement", name)
                                                       for name in ("show", "showModal", "close")),
}
MISSING["all of them"] = " ".join(v for k, v in MISSING.items() if k != "all of them")


@pytest.fixture(scope="module")
def base(seed_site, tmp_path_factory):
    with serve(seed_site, tmp_path_factory.mktemp("www")) as url:
        yield url


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("missing", list(MISSING))
def test_search_filters_and_chips_work_without(chromium, base, missing, width):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    context.add_init_script(MISSING[missing])
    page = context.new_page()
    watch = Watch(page, base.split("/archive/")[0])
    page.goto(base + "search/?q=无废学校")
    results = page.locator(".bl-search__results > li")
    expect(results).to_have_count(6)
    assert page.evaluate("typeof Element.prototype.replaceChildren") == (
        "undefined" if "replaceChildren" in missing or missing == "all of them" else "function")
    sheet, chips = page.locator("#bl-filters"), page.locator(".bl-search__active .bl-active")
    if width < 960:
        expect(sheet).to_be_hidden()
        page.get_by_role("button", name="筛选").click()
    expect(sheet).to_be_visible()
    page.locator("#bl-f-district-nanan").check()
    expect(results).to_have_count(1)
    expect(chips).to_have_count(1)
    if width < 960:
        expect(page.locator(".bl-search__filter-toggle .bl-badge")).to_have_text("1")
        page.keyboard.press("Escape")  # as the native modal does
        expect(sheet).to_be_hidden()
    chips.first.click()
    expect(results).to_have_count(6)
    expect(chips).to_have_count(0)
    if width < 960:  # open and close by the sheet's own button
        page.get_by_role("button", name="筛选").click()
        expect(sheet).to_be_visible()
        page.get_by_role("button", name="完成").click()
        expect(sheet).to_be_hidden()
    else:
        expect(sheet).to_be_visible()  # the sidebar stays
    assert watch.clean(), watch.report()
    context.close()


def test_hover_does_not_depend_on_focus_visible(chromium, base):
    """An engine without :focus-visible (iOS < 15.4) drops any selector list naming it: hover styles must not share
    a list with it. Checked in the stylesheet, and in Chromium with :focus-visible made unknown to it."""
    css = (REPO / "overrides" / "assets" / "bulletin" / "bulletin.css").read_text(encoding="utf-8")
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    shared = [s.strip() for s in re.findall(r"([^{}]+)\{", css) if ":focus-visible" in s and "," in s]
    assert shared == []
    context = chromium.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.route("**/bulletin.css", lambda route: route.fulfill(
        body=route.fetch().text().replace(":focus-visible", ":focus-seen"), content_type="text/css"))
    page.goto(base + "stats/")
    tile = page.locator("a.bl-map__tile").first
    tile.hover()
    assert page.evaluate("e => getComputedStyle(e).outlineStyle", tile.element_handle()) == "solid"
    context.close()
