"""For older readers, in Chromium: the 大字 switch (remembered, nothing wider than a 360 px phone or a desktop at
200% zoom), the high-contrast scheme, 朗读 with the browser's own speech, a keyboard-only walk from the search box
to an item, and the item page's tools (打印, 复制链接, 手机扫码). axe at 大字 and at high contrast."""

from __future__ import annotations

import io
import json
import re

import pytest
import zxingcpp
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from .browser import Watch, serve
from .test_visual import PAGES, SHOTS

pytestmark = pytest.mark.browser

ITEM = "issues/2020-008/nanan-kaizhan-wufei-xuexiao-xianchang/"
TITLE = "南岸区开展“无废学校”现场验收工作"
LARGE = "localStorage.setItem('bulletin.textsize', 'large');"
# Elements wider than the screen (not inside what scrolls on purpose or is off-canvas), and the page's overflow.
OVERFLOW = """() => {
  const wide = [];
  for (const el of document.querySelectorAll('.md-container *, .md-header *')) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || el.closest('.md-sidebar, [hidden], .bl-visually-hidden, .bl-chart__scroll, '
        + '.bl-heat-wrap, .md-typeset__scrollwrap, .bl-search__sheet, .md-search')) continue;
    if (r.right > innerWidth + 1 || r.left < -1) wide.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
  }
  return {overflow: document.documentElement.scrollWidth - innerWidth, wide: wide.slice(0, 5)};
}"""
# Is the focused element's focus visible: an outline or a shadow of its own (or, for Material's palette radio, of
# the label that stands for it), on screen?
FOCUS = """() => {
  let el = document.activeElement;
  if (el.classList.contains('md-option')) el = el.nextElementSibling;
  const s = getComputedStyle(el), r = el.getBoundingClientRect();
  const ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none'
    || el.matches(':focus-within') && getComputedStyle(el).outlineStyle !== 'none';
  return {tag: el.tagName + '#' + el.id + '.' + el.className,
          text: (el.textContent.trim() || el.getAttribute('aria-label') || '').trim().slice(0, 12),
          ring, onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight
                          && r.right > 0 && r.left < innerWidth};
}"""


@pytest.fixture(scope="module")
def base(seed_site, tmp_path_factory):
    with serve(seed_site, tmp_path_factory.mktemp("www")) as url:
        yield url


def open_page(context, url: str, kind: str = ""):
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if kind.startswith("search"):
        page.wait_for_selector(".bl-search__results li")
    return page


def test_large_text_is_remembered_across_pages_and_switched_back(chromium, base):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = open_page(context, base + ITEM)
    size = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.bl-article__body p')).fontSize)")
    switch = page.locator("[data-bl-textsize]")
    expect(switch).to_have_text("大字")
    expect(switch).to_have_attribute("aria-pressed", "false")
    switch.click()
    expect(page.locator("html")).to_have_class(re.compile(r"\bbl-large\b"))
    expect(switch).to_have_attribute("aria-pressed", "true")
    larger = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('.bl-article__body p')).fontSize)")
    assert larger >= 1.2 * size and larger >= 19, (size, larger)
    page.screenshot(path=str(SHOTS / "item-390-large.png"), full_page=True)
    home = open_page(context, base)  # another page: large from the first paint, the switch says so
    expect(home.locator("html")).to_have_class(re.compile(r"\bbl-large\b"))
    expect(home.locator("[data-bl-textsize]")).to_have_attribute("aria-pressed", "true")
    home.screenshot(path=str(SHOTS / "home-390-large.png"), full_page=True)
    home.locator("[data-bl-textsize]").click()
    home.reload()
    expect(home.locator("[data-bl-textsize]")).to_have_attribute("aria-pressed", "false")
    assert home.evaluate("() => document.documentElement.classList.contains('bl-large')") is False
    context.close()


@pytest.mark.parametrize(("width", "height"), [(360, 800), (640, 400)])  # a phone; a 1280 × 800 screen at 200 %
def test_large_text_fits_the_screen_on_every_page_kind(chromium, base, width, height):
    context = chromium.new_context(viewport={"width": width, "height": height})
    context.add_init_script(LARGE)
    problems = {}
    for kind, path in PAGES.items():
        page = open_page(context, base + path, kind)
        assert page.evaluate("() => document.documentElement.classList.contains('bl-large')")
        found = page.evaluate(OVERFLOW)
        if found["overflow"] > 0 or found["wide"]:
            problems[kind] = found
        page.close()
    context.close()
    assert problems == {}, json.dumps(problems, ensure_ascii=False, indent=1)


def switch_to_contrast(page) -> None:
    """The header's palette button, clicked until the scheme is the high-contrast one (light → dark → contrast)."""
    for _ in range(3):
        if page.get_attribute("body", "data-md-color-scheme") == "contrast":
            return
        page.locator("label.bl-palette:visible").first.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "contrast")


def test_high_contrast_is_a_third_scheme_and_is_remembered(chromium, base):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, color_scheme="light")
    page = open_page(context, base + ITEM)
    labels = [page.locator("label.bl-palette:visible").first.inner_text()]
    page.locator("label.bl-palette:visible").first.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    labels.append(page.locator("label.bl-palette:visible").first.inner_text())
    page.locator("label.bl-palette:visible").first.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "contrast")
    labels.append(page.locator("label.bl-palette:visible").first.inner_text())
    assert labels == ["深色", "高对比", "浅色"]  # each names the scheme it switches to
    colours = page.evaluate("""() => [getComputedStyle(document.body).backgroundColor,
        getComputedStyle(document.querySelector('.bl-article__body p')).color,
        getComputedStyle(document.querySelector('.bl-article__meta a')).color]""")
    assert colours == ["rgb(0, 0, 0)", "rgb(255, 255, 255)", "rgb(255, 235, 59)"]
    page.screenshot(path=str(SHOTS / "item-390-contrast.png"), full_page=True)
    other = open_page(context, base + "search/?q=无废学校", "search")
    expect(other.locator("body")).to_have_attribute("data-md-color-scheme", "contrast")
    other.screenshot(path=str(SHOTS / "search-390-contrast.png"), full_page=True)
    context.close()


# What <body> and <html> show each time the parser or a script changes the page, with the time: the scheme and
# the 大字 class the reader saw at the first paint are the last ones recorded before it.
SHOWN = """window.__shown = [];
new MutationObserver(() => document.body && window.__shown.push([document.body.getAttribute('data-md-color-scheme')
    + (document.documentElement.classList.contains('bl-large') ? '+large' : ''), performance.now()]))
  .observe(document, {subtree: true, childList: true, attributes: true});"""


def test_the_stored_scheme_and_text_size_are_there_at_the_first_paint(chromium, base):
    """assets/bulletin/head.js restores both before the browser may paint: no flash of the default scheme or size."""
    context = chromium.new_context(viewport={"width": 390, "height": 844}, color_scheme="light")
    context.add_init_script(LARGE)
    switch_to_contrast(open_page(context, base))
    context.add_init_script(SHOWN)
    for path in (ITEM, "", "districts/nanan/"):
        page = open_page(context, base + path)
        paint, shown = page.evaluate("""() => [performance.getEntriesByName('first-paint')[0].startTime,
                                               window.__shown]""")
        before = [name for name, at in shown if at <= paint]
        assert before and before[-1] == "contrast+large", (path, paint, shown)
        page.close()
    context.close()


@pytest.mark.parametrize("mode", ["large", "contrast"])
def test_axe_finds_nothing_serious_at_large_text_and_high_contrast(chromium, base, mode):
    context = chromium.new_context(viewport={"width": 360, "height": 800}, bypass_csp=True)  # axe injects a script
    if "large" in mode:
        context.add_init_script(LARGE)
    first = open_page(context, base)
    if "contrast" in mode:
        switch_to_contrast(first)
    first.close()
    serious = {}
    for kind, path in PAGES.items():
        page = open_page(context, base + path, kind)
        expected = "contrast" if "contrast" in mode else "default"
        assert page.get_attribute("body", "data-md-color-scheme") == expected
        found = [f"{v['id']}: {n['target']}" for v in Axe().run(page).response["violations"]
                 if v["impact"] in ("serious", "critical") for n in v["nodes"][:3]]
        if found:
            serious[kind] = found
        page.close()
    context.close()
    assert serious == {}, json.dumps(serious, ensure_ascii=False, indent=1)


FAKE_SPEECH = """
window.__spoken = []; window.__cancelled = 0;
Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
  getVoices: () => [{lang: 'en-US', name: 'English'}, {lang: 'zh-HK', name: '粤语'}, {lang: 'zh-CN', name: '普通话'}],
  speak: u => window.__spoken.push(u), cancel: () => { window.__cancelled++; }, speaking: false}});
window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };  // takes a voice of the fake
"""


def test_read_aloud_speaks_the_item_in_a_chinese_voice(chromium, base):
    """The browser's speech engine stands in for a recording one here (a fake speechSynthesis, from the test):
    what the page asks it to say, in which language and voice."""
    context = chromium.new_context()
    context.add_init_script(FAKE_SPEECH)
    page = open_page(context, base + ITEM)
    button = page.locator("[data-bl-speak]")
    expect(button).to_be_visible()
    button.click()
    spoken = page.evaluate("() => window.__spoken.map(u => [u.text, u.lang, u.voice && u.voice.name, u.rate])")
    assert spoken[0] == [TITLE, "zh-CN", "普通话", 0.9]
    assert any(text.startswith("7月15日、16日，南岸区生态环境局") for text, *_ in spoken)
    assert {lang for _, lang, *_ in spoken} == {"zh-CN"} and len(spoken) >= 3
    expect(button).to_have_text("停止朗读")
    expect(button).to_have_attribute("aria-pressed", "true")
    page.evaluate("() => window.__spoken[window.__spoken.length - 1].onend()")  # the last paragraph is read
    expect(button).to_have_text("朗读")
    button.click()
    button.click()  # stop while speaking
    expect(button).to_have_text("朗读")
    assert page.evaluate("() => window.__cancelled") >= 3
    context.close()


def test_read_aloud_is_hidden_without_speech_and_shown_with_chromiums_own(chromium, base):
    context = chromium.new_context()
    context.add_init_script("Object.defineProperty(window, 'speechSynthesis', {value: undefined});")
    page = open_page(context, base + ITEM)
    expect(page.locator("[data-bl-print]")).to_be_visible()  # the other tools are there: the scripts ran
    expect(page.locator("[data-bl-speak]")).to_be_hidden()
    context.close()
    page = open_page(chromium.new_context(), base + ITEM)
    assert page.evaluate("() => typeof speechSynthesis.speak") == "function"
    expect(page.locator("[data-bl-speak]")).to_be_visible()
    page.context.close()


def tab_until(page, wanted: str, limit: int = 40) -> list[dict]:
    """Press Tab until the focused element matches the CSS selector `wanted`; every stop on the way is returned
    with whether its focus could be seen."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUS))
        if page.evaluate("s => document.activeElement.matches(s)", wanted):
            return stops
    raise AssertionError(f"{wanted} not reached by Tab: {stops}")


@pytest.mark.parametrize("width", [390, 1280])
def test_keyboard_only_from_the_search_box_to_an_item(chromium, base, width):
    context = chromium.new_context(viewport={"width": width, "height": 844})
    page = open_page(context, base + "tags/wufei-xuexiao/")
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUS)
    assert first["text"] == "跳到正文" and first["onScreen"] and first["ring"], first  # the first stop
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "bl-main"
    tab_until(page, ".md-content :is(a[href], button, input, summary)", limit=1)  # next: the content itself
    page.goto(base + "tags/wufei-xuexiao/")
    stops = tab_until(page, "#bl-header-q")
    page.keyboard.type("验收")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    page.wait_for_selector(".bl-search__results li")
    stops += tab_until(page, ".bl-search__results a[href]", limit=80)
    href = page.evaluate("() => document.activeElement.href")
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    stops += tab_until(page, "[data-bl-speak]")
    for tool in ("[data-bl-print]", "[data-bl-copy]", "summary.bl-tool"):
        stops += tab_until(page, tool, limit=1)
    page.keyboard.press("Enter")  # opens 手机扫码
    page.wait_for_selector(".bl-qr__svg")
    hidden = [s for s in stops if not (s["ring"] and s["onScreen"])]
    assert hidden == [], hidden
    context.close()


def test_the_drawer_opens_and_closes_by_keyboard_on_a_phone(chromium, base):
    page = open_page(chromium.new_context(viewport={"width": 390, "height": 844}), base + ITEM)
    stops = tab_until(page, '.md-header .bl-drawer-button')
    assert stops[-1]["text"] == "打开导航菜单" and stops[-1]["ring"]
    page.keyboard.press("Enter")
    first = page.locator(".md-sidebar--primary .md-nav__link[href]").first
    expect(first).to_be_focused()
    expect(first).to_be_in_viewport()  # once the drawer has slid in
    assert page.evaluate(FOCUS)["ring"]
    page.keyboard.press("Escape")
    expect(page.locator('.md-header .bl-drawer-button')).to_be_focused()
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    page.context.close()


def test_copy_link_with_the_clipboard_and_without_it(chromium, base):
    context = chromium.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = open_page(context, base + ITEM)
    page.locator("[data-bl-copy]").click()
    expect(page.locator("[data-bl-tools-status]")).to_have_text("已复制本页链接")
    assert page.evaluate("() => navigator.clipboard.readText()") == base + ITEM
    context.close()
    context = chromium.new_context()
    context.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});")
    page = open_page(context, base + ITEM + "#top")
    page.locator("[data-bl-copy]").click()
    field = page.locator("[data-bl-link]")
    expect(field).to_be_visible()
    expect(field).to_have_value(base + ITEM)  # the address, without the fragment
    expect(field).to_be_focused()
    assert page.evaluate("() => [document.activeElement.selectionStart, document.activeElement.selectionEnd]") == \
        [0, len(base + ITEM)]
    expect(page.locator("[data-bl-tools-status]")).to_have_text(
        re.compile(r"^(已复制本页链接|请按 Ctrl\+C（手机上长按）复制上面选中的链接)$"))
    context.close()


def test_the_qr_code_is_made_on_demand_and_reads_back_as_the_pages_address(chromium, base):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    watch = Watch(page, base.split("/archive/")[0])
    page.goto(base + ITEM)
    page.wait_for_load_state("networkidle")
    assert not any("qrcode-generator" in url for url in watch.fetched)  # nothing until asked
    page.locator("summary.bl-tool").click()
    page.wait_for_selector(".bl-qr__svg")
    assert any("qrcode-generator" in url for url in watch.fetched) and watch.clean(), watch.report()
    assert page.get_attribute(".bl-qr__svg", "aria-label") == "本页网址的二维码：" + base + ITEM
    page.locator(".bl-tools").screenshot(path=str(SHOTS / "item-390-tools.png"))
    shot = page.locator(".bl-qr__code").screenshot()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    assert [(f.format, f.text) for f in found] == [(zxingcpp.BarcodeFormat.QRCode, base + ITEM)]
    context.close()


def test_printing_an_item_shows_its_text_and_address_without_the_pages_controls(chromium, base, tmp_path):
    context = chromium.new_context()
    context.add_init_script(LARGE)  # 大字 on screen; print at the print size
    page = open_page(context, base + ITEM)
    page.emulate_media(media="print")
    for selector in (".bl-tools", ".md-header", ".md-footer", ".bl-skip", ".bl-related", ".bl-prevnext"):
        expect(page.locator(selector).first).to_be_hidden()
    expect(page.locator(".bl-print-only")).to_be_visible()
    expect(page.locator(".bl-print-only")).to_contain_text("本页网址：http://127.0.0.1/archive/" + ITEM)
    pdf = tmp_path / "item.pdf"
    page.pdf(path=str(pdf), format="A4")
    reader = PdfReader(str(pdf))
    text = "".join(p.extract_text() for p in reader.pages).replace("\n", "")
    assert len(reader.pages) == 1
    assert "南岸区开展" in text and "现场验收工作" in text and "本页网址" in text
    for control in ("朗读", "复制链接", "手机扫码", "搜索简报", "大字", "跳到正文"):
        assert control not in text, control
    context.close()
