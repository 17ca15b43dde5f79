"""`mkdocs serve` as staff use it: a broken file never hangs the preview; the problem shows on the page until fixed."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from bulletin.editor.localserver import free_port  # noqa: F401 (test_lifecycle imports it from here)

from .browser import launch
from .conftest import make_project

pytestmark = pytest.mark.browser
ITEM_URL = "issues/2020-008/shapingba-wufei-xuexiao-chuangjian-huodong/"
BROKEN = ("districts: [沙坪坝区]", "districts: [沙坪坝区")  # an unclosed bracket: a YAML error on line 6


def get(url: str, timeout: float = 5.0) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


@contextmanager
def preview(tmp_path: Path, prepare=None):
    """`mkdocs serve` on a copy of the archive (`prepare(item)` runs before it starts); yields (base URL,
    the item file, the server's log file)."""
    config_file = make_project(tmp_path, site_url=None)
    item = sorted((config_file.parent / "issues" / "2020-008").glob("15-*.md"))[0]
    port, log = free_port(), tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}/"
    if prepare:
        prepare(item)
    with open(log, "wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "-a", f"127.0.0.1:{port}",
                                 "-f", str(config_file)], cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and proc.poll() is None:
                try:
                    if get(base + ITEM_URL)[0] in (200, 404):
                        break
                except OSError:
                    time.sleep(0.3)
            assert proc.poll() is None, log.read_text("utf-8")
            yield base, item, log
        finally:
            proc.terminate()
            proc.wait(timeout=20)


def test_a_broken_item_while_serving_shows_its_problem_and_the_fix_reloads(tmp_path):
    with preview(tmp_path) as (base, item, log), sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(base + ITEM_URL)
        assert "丰富多彩" in page.locator("h1").inner_text()
        original = item.read_text("utf-8")
        item.write_text(original.replace(*BROKEN), encoding="utf-8")
        started = time.monotonic()
        page.wait_for_selector(".bl-preview-problems", timeout=30_000)  # the live reload brings the banner
        banner = page.locator(".bl-preview-problems").inner_text()
        assert f"issues/2020-008/{item.name}:7: yaml: 头信息格式错误（YAML）" in banner, banner
        assert "丰富多彩" in page.locator("h1").inner_text()  # the last good page is still there
        t0 = time.monotonic()
        status, text = get(base + "issues/2020-008/", timeout=2)  # any page answers at once, with the banner
        assert status == 200 and time.monotonic() - t0 < 2 and "bl-preview-problems" in text
        page.screenshot(path=str(tmp_path / "preview-error-phone.png"), full_page=False)
        item.write_text(original.replace("丰富多彩", "丰富多彩（已改正）"), encoding="utf-8")
        page.wait_for_selector("h1:has-text('已改正')", timeout=30_000)
        assert page.locator(".bl-preview-problems").count() == 0
        assert time.monotonic() - started < 60
        browser.close()
        assert "Traceback" not in log.read_text("utf-8")


def test_starting_the_preview_with_errors_serves_them_instead_of_exiting(tmp_path):
    def typo(item: Path) -> None:
        item.write_text(item.read_text("utf-8").replace("[沙坪坝区]", "[北倍区]"), encoding="utf-8")

    with preview(tmp_path, typo) as (base, item, log):
        status, text = get(base)
        assert status == 200 and "bl-preview-problems" in text
        assert "未知的区县“北倍区” (是不是要写“北碚区”？)" in text
        assert "预览：档案中有 1 个问题" in log.read_text("utf-8")
