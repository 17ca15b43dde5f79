"""What Lighthouse (bench/lighthouse.py) found, checked in the suite so a regression fails here: every tap target
24 × 24 px or more (links in table cells included), no layout shift when search results arrive, and axe's rules
behind Lighthouse's accessibility audits that failed before (aria-allowed-role on the tile map, target-size)."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .browser import serve

pytestmark = pytest.mark.browser

KINDS = ["", "issues/", "issues/2020-008/", "issues/2020-008/nanan-kaizhan-wufei-xuexiao-xianchang/", "districts/",
         "districts/nanan/", "tags/", "tags/wufei-xuexiao/", "archive/", "search/?q=无废学校", "stats/", "about/"]

# WCAG 2.5.8 as axe's target-size (Lighthouse's audit) applies it: a target is 24 × 24 px or more, or its 24 px
# circle (centred on it) touches no other target and no other small target's circle; links inside running text
# are exempt. Table cells get no exemption (the stats table's numbers were 7 × 14 px, 2 px apart).
TINY = """() => {
  const skip = '.md-sidebar, .md-search, .bl-visually-hidden, [hidden], details:not([open]) > :not(summary)';
  const all = [];
  for (const el of document.querySelectorAll('a[href], button, input, select, summary, label[for]')) {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    if (!r.width || !r.height || s.visibility === 'hidden' || el.closest(skip)) continue;
    const block = el.parentElement.closest('p, li, figcaption, .bl-lead, td, th');
    const inText = s.display === 'inline' && block && block.textContent.trim() !== el.textContent.trim();
    all.push({el, r, inText, small: r.width < 24 || r.height < 24,
              x: r.left + r.width / 2, y: r.top + r.height / 2});
  }
  const gap = (t, r) => Math.hypot(Math.max(r.left - t.x, 0, t.x - r.right), Math.max(r.top - t.y, 0, t.y - r.bottom));
  const tiny = [];
  for (const t of all) {
    if (!t.small || t.inText) continue;
    const crowded = all.some(o => o !== t && !o.el.contains(t.el) && !t.el.contains(o.el) &&
      (gap(t, o.r) < 12 || (o.small && Math.hypot(o.x - t.x, o.y - t.y) < 24)));
    if (crowded) tiny.push(t.el.tagName + ':' + (t.el.textContent || t.el.id).trim().slice(0, 12) + ' ' +
                           Math.round(t.r.width) + 'x' + Math.round(t.r.height));
  }
  return tiny;
}"""

CLS = """() => new Promise(done => {
  let total = 0;
  new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })
    .observe({type: 'layout-shift', buffered: true});
  requestAnimationFrame(() => requestAnimationFrame(() => done(total)));
})"""


@pytest.fixture(scope="module")
def base(seed_site, tmp_path_factory):
    with serve(seed_site, tmp_path_factory.mktemp("www")) as url:
        yield url


@pytest.mark.parametrize("path", KINDS)
def test_tap_targets_are_24_px(chromium, base, path):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    if path == "stats/":
        for summary in page.locator("details.bl-data > summary").all():  # the data tables too
            summary.click()
    assert page.evaluate(TINY) == []
    context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_search_results_arrive_without_layout_shift(chromium, base, width):
    context = chromium.new_context(viewport={"width": width, "height": 844 if width < 600 else 900})
    page = context.new_page()
    page.goto(base + "search/?q=无废学校")
    expect(page.locator(".bl-search__results > li")).to_have_count(6)
    expect(page.locator(".bl-search__facets input").first).to_be_attached()
    shift = page.evaluate(CLS)
    assert shift <= 0.1, shift
    context.close()


@pytest.mark.parametrize("path", ["", "districts/", "stats/"])
def test_no_aria_role_or_target_size_violation(chromium, base, path):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                   bypass_csp=True)
    page = context.new_page()
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    results = Axe().run(page, options={"runOnly": ["aria-allowed-role", "target-size", "list", "listitem",
                                                   "aria-required-children", "aria-required-parent"]})
    assert [v["id"] for v in results.response["violations"]] == [], results.generate_report()
    # the tile map still lays out as a map: tiles side by side in rows, not one list item under another
    tops = page.evaluate("[...document.querySelectorAll('.bl-map__grid > li')]"
                         ".map(li => li.getBoundingClientRect().top)")
    assert not tops or len(set(tops)) < len(tops) / 3
    context.close()
