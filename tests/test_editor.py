"""The web editor at /admin/: its configuration generated from the archive, the admin page as built, and Decap CMS
driven in Chromium against Decap's own local backend (decap-server, git mode: every save is a branch)."""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bulletin.archive.load import load_archive
from bulletin.archive.problems import Problems
from bulletin.archive.validate import ITEM_FIELDS
from bulletin.archive.vocabulary import SLUG_RE
from bulletin.cli import main
from bulletin.editor import bundle, localserver
from bulletin.editor.cmsconfig import Backend, editor_data
from bulletin.search.writer import read_search_file

from .conftest import TEST_ARCHIVE, build, make_project, plugin_options


def seed_archive():
    problems = Problems()
    archive = load_archive(TEST_ARCHIVE, problems)
    assert not problems.errors
    return archive


def test_config_mirrors_the_archive_and_its_rules():
    archive = seed_archive()
    data = editor_data(archive, Backend(repo="cq/archive"), "https://example.org/archive/")
    config = data["config"]
    assert config["locale"] == "zh_Hans" and config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["repo"] == "cq/archive" and "local_backend" not in config
    assert config["load_config_file"] is False
    (issue,) = data["issues"]
    collection = issue["collection"]
    assert collection["folder"] == "issues/2020-008"
    assert collection["slug"] == "{{fields._bulletin_number}}-{{fields.slug}}"  # numbered when saved, not built
    assert issue["width"] == 2 and collection["preview_path"] == "issues/2020-008/{{fields.slug}}/"
    assert issue["sections"] == ["工作动态", "区县动态", "经验借鉴"] and issue["published"] == "2020-08-03"
    fields = {f["name"]: f for f in data["fields"]}
    assert set(fields) == {*ITEM_FIELDS, "body"}
    assert [o["value"] for o in fields["date_precision"]["options"]] == ["day", "days", "month", "issue"]
    assert [o["value"] for o in fields["tags"]["options"]] == [t.name for t in archive.tags]
    districts = fields["districts"]["options"]
    assert sorted(o["value"] for o in districts) == sorted(d.name for d in archive.districts)
    label = {o["value"]: o["label"] for o in districts}
    assert "沙区" in label["沙坪坝区"] and "开县" in label["开州区"]  # aliases and former names are searchable
    assert "已撤销" in label["江北区"] and "两江新区" in label["江北区"] and "已撤销" not in label["北碚区"]
    gone = [i for i, o in enumerate(districts) if "已撤销" in o["label"]]
    assert gone == list(range(len(districts) - len(gone), len(districts)))  # current names first
    slug = re.compile(fields["slug"]["pattern"][0])
    for sample in ("beibei-kaizhan", "a1", "Beibei", "bei bei", "bei--bei", "-bei", "北碚"):
        assert bool(slug.match(sample)) == bool(SLUG_RE.match(sample)), sample
    title = re.compile(fields["title"]["pattern"][0])
    assert title.match("北碚区“无废城市”宣传进社区") and not title.match("标题<script>")
    assert fields["districts"]["min"] == 1 and fields["body"]["editor_components"] == []


def test_config_stays_small_as_the_archive_grows(tmp_path):
    """The vocabulary is written once, not once per issue: 500 issues must not mean 500 copies."""
    issues = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, issues)
    for number in range(9, 60):
        folder = issues / f"2020-{number:03d}"
        shutil.copytree(issues / "2020-008", folder)
        meta = folder / "issue.yml"
        meta.write_text(meta.read_text("utf-8").replace("number: 8", f"number: {number}"), "utf-8")
    archive = load_archive(issues, Problems())
    assert len(archive.issues) == 52
    text = json.dumps(editor_data(archive, Backend(repo="cq/archive"), None), ensure_ascii=False)
    one = json.dumps(editor_data(seed_archive(), Backend(repo="cq/archive"), None), ensure_ascii=False)
    assert len(text) < len(one) + 51 * 1000, (len(text), len(one))


def test_the_number_width_follows_the_issue(tmp_path):
    """The number itself is taken when saving (admin-number.js); its width is the issue's own."""
    issues = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, issues)
    (issues / "2020-008" / "22-shenzhen-chutai-cuoshi-tuidong-kuaidi.md").rename(
        issues / "2020-008" / "140-shenzhen-chutai-cuoshi-tuidong-kuaidi.md")
    archive = load_archive(issues, Problems())
    issue = editor_data(archive, Backend(), None)["issues"][0]
    assert issue["width"] == 3 and "truncate(3, '条')" in issue["collection"]["summary"]


def test_admin_page_is_built_apart_from_the_site(seed_site):
    admin = seed_site / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page and 'src="decap-cms.js"' in page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == "'self' 'unsafe-eval'"  # no inline script; ajv compiles its schema
    assert directives["connect-src"] == "'self' https://api.github.com https://auth.example.org"
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    config = json.loads((admin / "config.json").read_text(encoding="utf-8"))["config"]
    assert config["backend"]["repo"] == "example/yuhuan-archive"
    assert config["backend"]["base_url"] == "https://auth.example.org"
    assert (seed_site / "assets" / "bulletin" / "admin.js").is_file()
    assert '<script src="../assets/bulletin/admin.js">' in page
    assert (admin / "decap-cms.js").stat().st_size > 1_000_000 and list(admin.glob("*.decap-cms.js"))
    assert not list(admin.glob("*.map")) and not (admin / "cms.js").exists()
    for path in [*(seed_site / "search").rglob("*.json*"), *(seed_site / "feeds").rglob("*.xml"),
                 seed_site / "sitemap.xml"]:
        text = json.dumps(read_search_file(path)) if path.suffix == ".gz" else path.read_text(encoding="utf-8")
        assert "admin/" not in text, path


def test_editor_can_be_switched_off(tmp_path):
    config = build(make_project(tmp_path, extra=plugin_options("editor:", "  enabled: false")))
    assert not (Path(config.site_dir) / "admin").exists()


def test_a_missing_repository_is_loud(tmp_path, monkeypatch, caplog):
    monkeypatch.delenv("EDITOR_REPO", raising=False)
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    from mkdocs.exceptions import Abort
    with pytest.raises(Abort):
        build(make_project(tmp_path / "strict"))
    config = build(make_project(tmp_path / "lenient"), strict=False)
    assert "网页编辑器（/admin/）还没有设置 Git 仓库" in caplog.text
    page = (Path(config.site_dir) / "admin" / "index.html").read_text(encoding="utf-8")
    assert "网页编辑暂不可用" in page and "decap-cms.js" not in page
    monkeypatch.setenv("GITHUB_REPOSITORY", "cq/archive")  # what GitHub Actions sets: enough for the repo
    monkeypatch.delenv("EDITOR_AUTH_URL")
    caplog.clear()
    with caplog.at_level(logging.INFO):
        build(make_project(tmp_path / "noauth"))  # said, but no warning: on Netlify, Netlify logs in
    assert "需要一个 OAuth 服务的地址" in caplog.text


def test_a_tampered_bundle_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("BULLETIN_CACHE", str(tmp_path))
    monkeypatch.setattr(bundle, "_download", lambda: b"not the package npm published")
    with pytest.raises(bundle.BundleError, match="校验值不符"):
        bundle.bundle_files()
    assert not bundle.cache_dir().exists()


# --- in the browser, against decap-server ------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def start_backend(tmp_path: Path, mode: str):
    """A Git repository holding a project with the seed archive, and decap-server (`mode`: git or fs) serving it,
    the project's editor pointed at it; returns (the server's keeper process, the repository)."""
    if localserver.server_script() is None or shutil.which("node") is None:
        pytest.fail("decap-server is not installed: run ./dev test (it installs it with npm)")
    config = make_project(tmp_path)
    repo = config.parent
    (repo / ".gitignore").write_text("site/\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "staff@example.org")
    git(repo, "config", "user.name", "staff")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "archive")
    keeper, url = localserver.start(repo, mode=mode)
    try:
        assert localserver.wait_until_listening(url), "decap-server did not start"
        text = config.read_text(encoding="utf-8").replace(
            "      editor:\n", f"      editor:\n        local_backend: {url}\n", 1)
        config.write_text(text, encoding="utf-8")
        git(repo, "commit", "-q", "-am", "local backend")
    except BaseException:
        keeper.terminate()
        raise
    return keeper, repo, url


@pytest.fixture
def editor_repo(tmp_path):
    """A Git repository holding a project with the seed archive, and decap-server (git mode) serving it."""
    keeper, repo, url = start_backend(tmp_path, "git")
    try:
        yield repo, url
    finally:
        keeper.terminate()
        keeper.wait(10)


def login(page, url: str) -> None:
    page.set_default_timeout(90_000)  # the 5 MB editor on a busy machine: every wait is on a condition
    page.goto(url, wait_until="commit")
    page.get_by_role("button", name="登录").click()


def choose(page, field: str, typed: str) -> None:
    """Type into a select box (react-select) and take the first match, as a pinyin-IME user would."""
    page.locator(f"[id^={field}-field]").fill(typed)
    page.keyboard.press("Enter")


def replace_text(page, field: str, text: str) -> None:
    """Replace a field's text as staff enter it: a pinyin input method commits its words whole, one input event
    each, so the text arrives as one insertion. Typed key by key at machine speed, Decap's controlled inputs could
    drop a key on a loaded machine (南岸区测试条目 saved as 南岸测试条目), which no person at a keyboard meets."""
    from playwright.sync_api import expect

    box = page.locator(f"[id^={field}-field]")
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)
    expect(box).to_have_value(text)


def until(condition, what: str, timeout: float = 20.0, seen=None) -> None:
    """Poll `condition`; on timeout say what was awaited and, given `seen`, what there was instead."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            pytest.fail(f"timed out waiting for {what}" + (f"; saw {seen()!r}" if seen else ""))
        time.sleep(0.1)


def branches(repo: Path) -> list[str]:
    return git(repo, "branch", "--list", "cms/*", "--format=%(refname:short)").split()


def settled(repo: Path) -> bool:
    """decap-server checks out an entry's branch while it writes: done once main is back."""
    return git(repo, "branch", "--show-current").strip() == "main"


def on_main(repo: Path, name: str) -> str:
    """An item as main holds it, read from Git's objects: while the editor is open, decap-server checks an entry's
    branch out to read it (its listings and drafts), and git rewrites the working tree file by file, so a file read
    there can be the branch's, or missing for an instant (a CI run's FileNotFoundError)."""
    return git(repo, "show", f"main:issues/2020-008/{name}")


def saved_branches(repo: Path) -> list[str]:
    """The entries' branches decap-server has finished saving: each holds a commit main lacks, and main is checked
    out again after it. decap-server creates a branch while still on main, then checks it out and commits; a branch
    seen in that window, main still checked out, let a test read the working tree just as the save wrote it."""
    ahead = [b for b in branches(repo) if git(repo, "rev-list", "--count", f"main..{b}").strip() != "0"]
    return ahead if settled(repo) else []


def save(page, repo: Path, entry: str) -> None:
    """Save: in the editorial workflow that is a commit on the entry's own branch (a pull request on a Git host)."""
    page.get_by_role("button", name="保存").click()
    until(lambda: f"cms/issue-2020-008/{entry}" in saved_branches(repo), f"the branch of {entry}", timeout=90,
          seen=lambda: (branches(repo), settled(repo)))


def publish(page, repo: Path, entry: str) -> None:
    """Mark ready and publish: the branch is merged into main (the pull request merged). 发布 is chosen once the
    toolbar shows the new status, as a person sees it: chosen while the status change was still being stored, on a
    loaded machine, the publish never happened (no merge in 90 s, a fresh-clone run's one failure)."""
    page.get_by_role("button", name="状态: 草稿").click()
    page.get_by_role("menuitem", name="就绪").click()
    page.get_by_role("button", name="状态: 就绪").wait_for(timeout=90_000)
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_role("menuitem", name="立即发布").click()
    until(lambda: f"cms/issue-2020-008/{entry}" not in branches(repo) and settled(repo), f"{entry} merged",
          timeout=90)  # a merge by decap-server on a busy machine


def new_entry(page, url: str) -> None:
    """A fresh form: reloading drops whatever the previous entry left in the editor's state."""
    page.goto(url)
    page.reload()
    login_button = page.get_by_role("button", name="登录")
    title = page.locator("[id^=title-field]")
    until(lambda: login_button.is_visible() or title.is_visible(), "the new-entry form")
    if login_button.is_visible():
        login_button.click()
    title.wait_for()


@pytest.mark.browser
def test_staff_edit_and_add_items_through_the_editor(editor_repo, tmp_path, capsys):
    from playwright.sync_api import sync_playwright

    from .browser import launch, serve

    repo, backend = editor_repo
    config = build(repo / "mkdocs.yml")
    with serve(Path(config.site_dir), tmp_path) as base, sync_playwright() as p:
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests, problems = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: m.type == "error" and problems.append(m.text))
        page.on("dialog", lambda d: d.accept())  # 你确定要发布此内容吗？
        admin = base + "admin/#/collections/issue-2020-008"

        # 1. correct an item's districts and tags, then publish it (the pull request is merged)
        login(page, admin + "/entries/12-beibei-wufei-chengshi-xuanchuan-jinshe")
        page.get_by_text("北碚区（北碚）").wait_for()
        page.wait_for_load_state("networkidle")
        choose(page, "districts", "沙区")  # an alias finds 沙坪坝区
        choose(page, "tags", "垃圾分类")
        save(page, repo, "12-beibei-wufei-chengshi-xuanchuan-jinshe")
        assert branches(repo) == ["cms/issue-2020-008/12-beibei-wufei-chengshi-xuanchuan-jinshe"]  # not main
        assert "沙坪坝区" not in on_main(repo, "12-beibei-wufei-chengshi-xuanchuan-jinshe.md")
        publish(page, repo, "12-beibei-wufei-chengshi-xuanchuan-jinshe")

        # 2. a new item: a title with markup is refused by the form, nothing is saved
        new_entry(page, admin + "/new")
        replace_text(page, "title", "江北区开展<script>alert(1)</script>餐厨垃圾专项检查")
        choose(page, "section", "区县")
        page.locator("[id^=date-field]").fill("2020-07-30")
        choose(page, "districts", "江北")
        choose(page, "tags", "餐厨")
        replace_text(page, "slug", "jiangbei-canchu-laji-jiancha")
        page.locator("[data-slate-editor]").click()
        page.keyboard.type("7月30日，江北区开展餐厨垃圾收运专项检查。")
        page.get_by_role("button", name="保存").click()
        page.get_by_text("标题是纯文字，不能含尖括号").wait_for()
        assert branches(repo) == []
        replace_text(page, "title", "江北区开展餐厨垃圾专项检查")
        save(page, repo, "23-jiangbei-canchu-laji-jiancha")
        publish(page, repo, "23-jiangbei-canchu-laji-jiancha")

        # 3. a body with HTML gets through the form, but `bulletin check` refuses it in the pull request
        new_entry(page, admin + "/new")
        replace_text(page, "title", "南岸区测试条目")
        choose(page, "districts", "南岸")
        replace_text(page, "slug", "ceshi-html")
        page.locator("[data-slate-editor]").click()
        page.keyboard.type("正文<img src=x onerror=alert(1)>")
        save(page, repo, "24-ceshi-html")  # the next free number when saving: 23 was published above
        page.screenshot(path=str(tmp_path / "editor.png"))
        browser.close()

    origins = {urlsplit(u)._replace(path="", query="", fragment="").geturl() for u in requests}
    assert origins <= {base.split("/archive/")[0], backend.split("/api/")[0]}, origins
    assert not [m for m in problems if "Content Security Policy" in m], problems

    # what reached main: valid front matter, a clean check, and the pages in a rebuild, all read from a checkout
    # of main's own: decap-server may still be answering the closed editor's last requests in the repository
    edited = on_main(repo, "12-beibei-wufei-chengshi-xuanchuan-jinshe.md")
    assert "沙坪坝区" in edited and "生活垃圾分类" in edited and "宣传教育" in edited
    assert on_main(repo, "23-jiangbei-canchu-laji-jiancha.md").startswith("---\ntitle: 江北区开展餐厨垃圾专项检查\n")
    merged = tmp_path / "main"
    git(repo, "worktree", "add", "-q", "--detach", str(merged), "main")
    assert main(["check", "--archive", str(merged / "issues")]) == 0
    site = Path(build(merged / "mkdocs.yml").site_dir)
    page = (site / "issues" / "2020-008" / "jiangbei-canchu-laji-jiancha" / "index.html").read_text("utf-8")
    assert "江北区开展餐厨垃圾专项检查" in page and "7月30日，江北区开展餐厨垃圾收运专项检查。" in page
    shapingba = (site / "districts" / "shapingba" / "index.html").read_text("utf-8")
    assert "beibei-wufei-chengshi-xuanchuan-jinshe" in shapingba

    # the hostile body waits on its own branch, where the check fails and names the line
    assert branches(repo) == ["cms/issue-2020-008/24-ceshi-html"]
    worktree = tmp_path / "pull-request"
    git(repo, "worktree", "add", "-q", "--detach", str(worktree), "cms/issue-2020-008/24-ceshi-html")
    capsys.readouterr()
    assert main(["check", "--archive", str(worktree / "issues")]) == 1
    out = capsys.readouterr().out
    assert "24-ceshi-html.md:" in out and "正文中不能有网页代码" in out
    saved = (worktree / "issues" / "2020-008" / "24-ceshi-html.md").read_text("utf-8")
    assert saved.startswith("---\ntitle: 南岸区测试条目\n") and "districts: [南岸区]\n" in saved  # canonical


def shown(url: str) -> str:
    """The page, or "" while the preview is still rebuilding (MkDocs holds requests until its build is done)."""
    from .test_preview import get

    try:
        return get(url, timeout=10)[1]
    except OSError:
        return ""


@pytest.mark.browser
def test_the_preview_offers_the_editor_on_the_local_archive(tmp_path):
    """`mkdocs serve` starts the local backend: a save in /admin/ lands in issues/ and the preview shows it."""
    from playwright.sync_api import sync_playwright

    from .browser import launch
    from .test_preview import ITEM_URL, get, preview

    with preview(tmp_path) as (base, item, log), sync_playwright() as p:
        config = json.loads(get(base + "admin/config.json")[1])["config"]
        backend = config["local_backend"]["url"]
        assert backend.startswith("http://127.0.0.1:") and localserver.wait_until_listening(backend)
        assert "网页编辑：" in log.read_text("utf-8")
        browser = launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("dialog", lambda d: d.accept())
        login(page, f"{base}admin/#/collections/issue-2020-008/entries/{item.stem}")
        page.get_by_text("沙坪坝区（沙坪坝、沙区）").wait_for()
        page.wait_for_load_state("networkidle")  # the entry and its drafts are loaded: edits now stick
        source = page.locator("[id^=source-field]")
        for _ in range(5):  # on a busy machine the form may still reload the entry once: type again if it did
            replace_text(page, "source", "区生态环境局供稿")
            page.wait_for_timeout(500)
            if source.input_value() == "区生态环境局供稿":
                break
        choose(page, "tags", "宣传")
        page.get_by_role("button", name="发布", exact=True).click()  # no Git here: saves go straight to the file
        page.get_by_role("menuitem", name="立即发布").click()
        saved = lambda: item.read_text("utf-8")  # noqa: E731
        until(lambda: "宣传教育" in saved() and "source:" in saved(), "the save on disk")
        assert "source: 区生态环境局供稿" in item.read_text("utf-8")
        page.screenshot(path=str(tmp_path / "editor-local.png"))
        until(lambda: "宣传教育" in shown(base + ITEM_URL), "the preview rebuilt", timeout=120)
        browser.close()
    assert not localserver.wait_until_listening(backend, timeout=5), "decap-server outlived the preview"
