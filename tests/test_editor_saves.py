"""What a save in the web editor may and may not do: never overwrite another item or reuse a file number,
refuse in Chinese what `bulletin check` refuses, local dates, and files that come back byte for byte.

Driven in Chromium against decap-server in `fs` mode (saves go straight into issues/, as under `./dev serve`) and,
for two staff at once, in `git` mode (every save a branch, as on a Git host)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import build
from .test_editor import choose, replace_text, start_backend, until

pytestmark = pytest.mark.browser
ISSUE = "issue-2020-008"


@pytest.fixture
def site(tmp_path):
    """(repo, the admin URL of the seed issue) with decap-server in fs mode and the site served."""
    from .browser import serve

    keeper, repo, _ = start_backend(tmp_path, "fs")
    try:
        config = build(repo / "mkdocs.yml")
        with serve(Path(config.site_dir), tmp_path) as base:
            yield repo, base + f"admin/#/collections/{ISSUE}"
    finally:
        keeper.terminate()
        keeper.wait(10)


@pytest.fixture
def browser(chromium):
    return chromium


def open_editor(browser, url: str, **context):
    page = browser.new_context(viewport={"width": 1280, "height": 900}, **context).new_page()
    page.set_default_timeout(90_000)  # the 5 MB editor on a busy machine: every wait is on a condition
    page.on("dialog", lambda d: d.accept())
    page.goto(url, wait_until="commit")
    page.get_by_role("button", name="登录").click()
    return page


def fill_new(page, title: str, slug: str, body: str, date: str = "2020-07-30") -> None:
    """Fill a fresh new-item form (reached without reloading the page)."""
    page.locator("[id^=title-field]").wait_for()
    replace_text(page, "title", title)
    page.locator("[id^=date-field]").fill(date)
    choose(page, "districts", "江北")
    if slug:
        replace_text(page, "slug", slug)
    page.locator("[data-slate-editor]").click()
    page.keyboard.type(body)


def publish_now(page) -> None:
    """fs mode: no workflow, 发布 → 立即发布 writes the file."""
    page.get_by_role("button", name="发布", exact=True).click()
    menu = page.get_by_role("menuitem", name="立即发布")
    menu.wait_for()
    names = [m.inner_text().strip() for m in page.get_by_role("menuitem").all()]
    assert "发布，然后新建内容" not in names and "发布，然后复制内容" not in names, names
    menu.click()


def click_at_the_end_of_the_body(page) -> None:
    """Put the caret after the body's last character as a person does, by clicking there. Not a click in the
    middle and then Ctrl+End: Slate takes the DOM selection into its own a moment later (it throttles
    selectionchange), so keys typed at machine speed right after Ctrl+End land at the end once and then at the
    click's place when Slate re-renders with its older selection."""
    last = page.locator("[data-slate-editor] > *").last
    box = last.bounding_box()
    last.click(position={"x": box["width"] - 2, "y": box["height"] - 4})


def items(repo: Path) -> list[str]:
    return sorted(p.name for p in (repo / "issues" / "2020-008").glob("*.md"))


def test_two_new_items_without_reloading_get_their_own_numbers(site, browser):
    repo, admin = site
    before = items(repo)
    page = open_editor(browser, admin + "/new")
    fill_new(page, "江北区开展餐厨垃圾专项检查", "jiangbei-canchu-jiancha", "7月30日，江北区开展检查。")
    publish_now(page)
    until(lambda: "23-jiangbei-canchu-jiancha.md" in items(repo), "the first new item on disk")
    first = whole(repo / "issues" / "2020-008" / "23-jiangbei-canchu-jiancha.md")
    page.wait_for_url(re.compile("/entries/23-jiangbei-canchu-jiancha$"))  # Decap opened the saved item
    page.evaluate(f"location.hash = '#/collections/{ISSUE}/new'")  # the ＋ button's address: no reload
    until(lambda: page.locator("[id^=title-field]").input_value() == "", "an empty form")
    fill_new(page, "江北区开展餐厨垃圾第二次检查", "", "7月31日，再次检查。")  # no 网址名: made from the title
    publish_now(page)
    until(lambda: len(items(repo)) == len(before) + 2, "the second new item on disk")
    second = (set(items(repo)) - set(before) - {"23-jiangbei-canchu-jiancha.md"}).pop()
    whole(repo / "issues" / "2020-008" / second)
    assert re.fullmatch(r"24-jiangbei-kaizhan-[a-z0-9-]+\.md", second), second  # pinyin of the title
    assert f"\nslug: {second[3:-3]}\n" in (repo / "issues" / "2020-008" / second).read_text("utf-8")
    assert (repo / "issues" / "2020-008" / "23-jiangbei-canchu-jiancha.md").read_bytes() == first  # untouched
    assert first.decode("utf-8") == (
        "---\ntitle: 江北区开展餐厨垃圾专项检查\nsection: 工作动态\ndate: 2020-07-30\ndate_precision: day\n"
        "districts: [江北区]\ntags: []\nslug: jiangbei-canchu-jiancha\n---\n\n7月30日，江北区开展检查。\n")


def test_a_date_after_the_issue_is_refused_before_saving(site, browser):
    repo, admin = site
    before = items(repo)
    page = open_editor(browser, admin + "/new")
    fill_new(page, "江北区开展餐厨垃圾专项检查", "jiangbei-canchu-jiancha", "8月5日，江北区开展检查。",
             date="2020-08-05")
    publish_now(page)
    page.get_by_text(re.compile("没有保存：发生日期 2020-08-05 晚于本期印发日期 2020-08-03")).wait_for()
    assert items(repo) == before


def test_two_staff_adding_at_once_on_the_git_host_get_their_own_numbers(tmp_path, browser):
    """git mode: each save is a branch (a pull request). The second staff member's form was opened before the
    first saved; the number is taken at saving, so the second item gets the next number, not the same one."""
    from .browser import serve
    from .test_editor import branches, saved_branches

    keeper, repo, _ = start_backend(tmp_path, "git")
    try:
        config = build(repo / "mkdocs.yml")
        with serve(Path(config.site_dir), tmp_path) as base:
            admin = base + f"admin/#/collections/{ISSUE}/new"
            first, second = open_editor(browser, admin), open_editor(browser, admin)
            fill_new(first, "江北区开展餐厨垃圾专项检查", "jiangbei-canchu-jiancha", "7月30日，江北区开展检查。")
            fill_new(second, "南岸区开展餐厨垃圾专项检查", "nanan-canchu-jiancha", "7月30日，南岸区开展检查。")
            first.get_by_role("button", name="保存").click()
            until(lambda: saved_branches(repo) == [f"cms/{ISSUE}/23-jiangbei-canchu-jiancha"],
                  "the first staff member's branch", seen=lambda: branches(repo))
            second.get_by_role("button", name="保存").click()
            until(lambda: len(saved_branches(repo)) == 2, "the second staff member's branch",
                  seen=lambda: branches(repo))
            assert branches(repo) == [f"cms/{ISSUE}/23-jiangbei-canchu-jiancha", f"cms/{ISSUE}/24-nanan-canchu-jiancha"]
    finally:
        keeper.terminate()
        keeper.wait(10)


def test_today_is_the_date_in_chongqing(site, browser):
    """At 01:30 in Chongqing it is still yesterday in UTC: 今天 must give the Chongqing date, with no UTC label."""
    repo, admin = site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.set_default_timeout(90_000)
    # only the date moves (timers keep real time, so the page loads as usual)
    page.add_init_script("""(() => {
      const Real = Date, offset = Real.parse("2026-03-10T01:30:00+08:00") - Real.now();
      class Moved extends Real {
        constructor(...args) { if (args.length) super(...args); else super(Real.now() + offset); }
        static now() { return Real.now() + offset; }
      }
      window.Date = Moved;
    })();""")
    page.goto(admin + "/new", wait_until="commit")
    page.get_by_role("button", name="登录").click()
    date = page.locator("[id^=date-field]")
    date.wait_for()
    page.get_by_role("button", name="今天").click()
    until(lambda: date.input_value() == "2026-03-10", "the Chongqing date")
    assert "UTC" not in page.locator("body").inner_text()


def test_a_save_that_breaks_the_archive_shows_the_preview_banner_in_the_editor(tmp_path, browser):
    """HTML in the body is judged by the check, not the form: under `./dev serve` the editor shows the preview's
    banner naming the problem, and hides it once a save fixes it."""
    from .test_preview import preview

    with preview(tmp_path) as (base, item, _log):
        page = open_editor(browser, f"{base}admin/#/collections/{ISSUE}/entries/{item.stem}")
        page.get_by_text("沙坪坝区（沙坪坝、沙区）").wait_for()
        page.wait_for_load_state("networkidle")
        banner = page.locator("#bl-problems")
        assert banner.is_hidden()
        click_at_the_end_of_the_body(page)
        page.keyboard.type("<b>加粗</b>")
        publish_now(page)
        until(lambda: "<b>" in item.read_text("utf-8"), "the save on disk", timeout=90)  # a busy machine
        banner.wait_for(timeout=90_000)
        until(lambda: "正文中不能有网页代码" in banner.inner_text() and item.name in banner.inner_text(),
              "the banner naming the problem", timeout=90)


CRLF_ITEM = ("---\r\n# 原件第 3 页\r\ntitle: '北碚区“无废城市”宣传进社区'\r\nsection: 区县动态\r\ndate: 2020-07-21\r\n"
             "date_precision: day\r\ndistricts: [北碚区]  # 原件只写了北碚\r\ntags:\r\n  - 宣传教育\r\n"
             "slug: beibei-wufei-chengshi-xuanchuan-jinshe\r\n---\r\n\r\n第一段。\r\n\r\n第二段。\r\n")


def test_a_save_in_the_browser_changes_only_the_edited_line(site, browser):
    repo, admin = site
    path = repo / "issues" / "2020-008" / "12-beibei-wufei-chengshi-xuanchuan-jinshe.md"
    path.write_bytes(CRLF_ITEM.encode("utf-8"))
    page = open_editor(browser, admin + f"/entries/{path.stem}")
    page.get_by_text("北碚区（北碚）").wait_for()
    page.wait_for_load_state("networkidle")
    page.locator("[id^=districts-field]").click()
    page.keyboard.press("Backspace")  # in the empty box: nothing is removed
    assert page.get_by_role("button", name="移除“北碚区（北碚）”").is_visible()
    choose(page, "districts", "沙区")
    publish_now(page)
    until(lambda: path.read_bytes() not in (CRLF_ITEM.encode("utf-8"), b""), "the save on disk")  # not mid-write
    assert path.read_bytes() == CRLF_ITEM.replace("[北碚区]  #", "[北碚区, 沙坪坝区]  #").encode("utf-8")


def whole(path: Path) -> bytes:
    """An item file the local backend is writing, once it is whole (it creates or truncates the file, then writes)."""
    until(lambda: path.read_bytes().endswith(b"\n") and path.read_bytes().count(b"---") >= 2, f"{path.name} written")
    return path.read_bytes()


def ime_type(page, pinyin: str, text: str) -> None:
    """Type as a pinyin input method does, through Chromium's IME entry point: the composition grows letter by
    letter, then the chosen characters are committed."""
    cdp = page.context.new_cdp_session(page)
    for end in range(1, len(pinyin) + 1):
        cdp.send("Input.imeSetComposition", {"text": pinyin[:end], "selectionStart": end, "selectionEnd": end})
    cdp.send("Input.insertText", {"text": text})


def test_pinyin_input_lands_once_in_the_title_and_the_body(site, browser):
    """Regression: committed text lands once, no pinyin left behind, the caret stays at its end."""
    repo, admin = site
    page = open_editor(browser, admin + "/new")
    title = page.locator("[id^=title-field]")
    title.click()
    ime_type(page, "beibei", "北碚")
    ime_type(page, "kaizhan", "开展")
    until(lambda: title.input_value() == "北碚开展", "the title as committed")
    body = page.locator("[data-slate-editor]")
    body.click()
    until(lambda: page.evaluate("document.activeElement.matches('[data-slate-editor]')"), "the caret in the body")
    for pinyin, word, shown in (("laji", "垃圾", "垃圾"), ("", "，", "垃圾，"), ("fenlei", "分类", "垃圾，分类")):
        if pinyin:
            ime_type(page, pinyin, word)
        else:
            page.keyboard.type(word)
        # each word on the screen before the next is typed, as a person sees it
        until(lambda text=shown: body.inner_text().strip() == text, f"the body as committed: {shown}",
              seen=body.inner_text)


ALLOWED_LATIN = ("beibei-kaizhan-laji-fenlei", "127.0.0.1/archive/")  # an example 网址名; the site's address


def test_the_new_item_form_speaks_plain_chinese(site, browser, tmp_path):
    """Every visible text and every name a screen reader reads on the new-item form, at phone width: no English,
    no "UTC", half-width brackets gone; the screenshot is kept for a person to look at."""
    _repo, admin = site
    page = open_editor(browser, admin + "/new")
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator("[id^=date-field]").wait_for()
    page.locator("[id^=districts-field]").click()
    page.keyboard.type("江北")
    page.keyboard.press("Enter")  # a value chosen: its remove button and the screen reader's sentence
    until(lambda: "已选定" in " ".join(e.inner_text() for e in page.locator("[aria-live]").all()), "Chinese speech")
    said = page.evaluate("""() => [document.body.innerText,
        ...[...document.querySelectorAll('[aria-label], [title], [placeholder]')].flatMap(
          (e) => [e.getAttribute('aria-label'), e.getAttribute('title'), e.getAttribute('placeholder')]),
        ...[...document.querySelectorAll('[aria-live]')].map((e) => e.textContent)].filter(Boolean).join('\\n')""")
    for allowed in ALLOWED_LATIN:
        said = said.replace(allowed, "")
    assert not re.findall(r"[A-Za-z]{2,}", said), re.findall(r"[^\n]*[A-Za-z]{2,}[^\n]*", said)
    assert " (" not in said and "（可不填）" in said
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    page.screenshot(path=str(tmp_path / "new-item-390.png"), full_page=True)
