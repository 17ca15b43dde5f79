"""Hostile content on the web side: `bulletin check` judges a body as the build renders
it; only the site's own scripts run on its pages; the editor publishes no uploaded script; search facets take any
district name."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from playwright.sync_api import expect

from bulletin.archive.markup import audit
from bulletin.cli import main
from bulletin.editor.cmsconfig import NO_UPLOADS
from bulletin.importer.markdown_escape import escape_paragraph
from bulletin.site.csp import inline_scripts, script_hash

from .browser import Watch, serve
from .conftest import REPO, TEST_ARCHIVE, build, make_project, plugin_options
from .test_editor import editor_repo  # noqa: F401  (a fixture: decap-server on a Git copy of the project)
from .test_markdown_escape import PARAGRAPHS

ITEM_GLOB = "16-*.md"
# (id, text appended to an item's body, the line of it that check must name (1 = the first appended line))
REFUSED = [
    ("indented-fence", "    ```\n<script>alert(1)</script>\n", 2),
    ("indented-fence-later", "正文一段。\n\n    ```\n\n另一段。\n\n<img src=x onerror=alert(2)>\n", 7),
    ("reference-link", "[点我][1]\n\n[1]: javascript:alert(1)\n", 3),
    ("reference-link-shortcut", "见[附件]。\n\n[附件]: JavaScript:alert(1)\n", 3),
    ("reference-link-angle", "[点我][a]\n\n[a]: <javascript:alert(1)>\n", 3),
    ("entity-scheme", "[点我](jav&#x61;script:alert(1))\n", 1),
    ("entity-colon", "[点我](javascript&colon;alert(1))\n", 1),
    ("entity-decimal", "[点我](&#106;avascript:alert(1))\n", 1),
    ("newline-in-scheme", "[点我]( java\nscript:alert(1))\n", 1),
    ("vbscript", "[点我](vbscript:msgbox(1))\n", 1),
    ("unknown-scheme", "[点我](file:///etc/passwd)\n", 1),
    ("reference-image", "![图][i]\n\n[i]: //evil.example/x.png\n", 3),
    ("backslash-image", "![图](\\\\/evil.example/x.png)\n", 1),
    ("image-data", "![图](data:image/svg+xml,%3Csvg%20onload%3Dalert(1)%3E)\n", 1),
    ("multiline-tag", "文字<script\nsrc=//evil.example/x.js></script>\n", 1),
    ("html-block-after-text", "第一段。\n\n<div>\n<a href=\"javascript:alert(1)\">x</a>\n</div>\n", 3),
    ("autolink-script", "<javascript:alert(1)>\n", 1),
    ("unclosed-fence", "```\n<script>alert(1)</script>\n", 2),  # no closing fence: Markdown sees no code
]
ACCEPTED = [
    "达标率 a < b，且 c > d；PM2.5<35。",
    "编号 &lt;b&gt; &amp; &#60;script&#62; 与 [正常链接](https://example.org/a?b=1&c=<2>)",
    "及 `<script>alert(12)</script>` 1 < 2 > 0\n\n```\n<script>alert(13)</script>\n```",
    "    <b>缩进的代码</b>",
    "[注]：见附件。[1] 文件",
    "见[通知](../../2020-008/)和[邮件](mailto:hb@example.org)、[电话](tel:023-12345678)。",
    "![现场](xianchang.png)",
    "\\<script\\>",
]


def _archive(tmp_path: Path) -> tuple[Path, Path]:
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    return archive, sorted((archive / "2020-008").glob(ITEM_GLOB))[0]


@pytest.mark.parametrize("case", REFUSED, ids=[c[0] for c in REFUSED])
def test_check_refuses_what_markdown_would_publish(case, tmp_path, capsys):
    _, text, line = case
    archive, item = _archive(tmp_path)
    before = item.read_text("utf-8").rstrip("\n") + "\n\n"
    item.write_text(before + text, encoding="utf-8")
    assert main(["check", "--archive", str(archive)]) == 1
    out = capsys.readouterr().out
    expected = before.count("\n") + line
    assert f"{item.name}:{expected}: body:" in out, out


@pytest.mark.parametrize("text", ACCEPTED)
def test_check_accepts_text_and_code(text, tmp_path, capsys):
    archive, item = _archive(tmp_path)
    item.write_text(item.read_text("utf-8").rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")
    assert main(["check", "--archive", str(archive)]) == 0, capsys.readouterr().out


@settings(max_examples=300, deadline=None)
@given(PARAGRAPHS)
def test_whatever_the_importer_writes_passes_the_check(paragraph):
    """The importer escapes markup-like text (`<b>` as `&lt;b>`, `[x](y)` as `\\[x](y)`): the check never refuses it
    (20,000 examples passed once by hand)."""
    assert audit(escape_paragraph(paragraph)) == []


def test_audit_reads_as_markdown_does():
    assert audit("纯文字，没有任何标记。") == []
    assert [f.kind for f in audit("<b>x</b> 与 <i>y</i>")] == ["raw_html"] * 4  # check reports a line once
    assert [(f.kind, f.url) for f in audit("[x]( java\nscript:1)")] == [("bad_link", "java script:1")]
    found = audit("一\n\n二 [x][r]\n\n[r]: jav&#x61;script:1\n")
    assert [(f.kind, f.offset) for f in found] == [("bad_link", len("一\n\n二 [x][r]\n\n[r]: "))]


# A docs/ page with scripts (raw HTML is allowed there by MkDocs), and districts whose names are the properties
# every JavaScript object inherits.
EVIL_PAGE = """# 说明

<script>window.__pwned = 1; alert("docs");</script>

<img src="x.png" onerror="window.__pwned = 2">

<a id="evil-link" href="javascript:window.__pwned=3">点我</a>
"""
ODD_DISTRICTS = ("__proto__", "constructor", "toString", "hasOwnProperty")


@pytest.fixture(scope="module")
def hostile_web_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile-web")
    archive = tmp / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    with (archive / "districts.yml").open("a", encoding="utf-8") as vocabulary:
        for n, name in enumerate(ODD_DISTRICTS):
            vocabulary.write(f"- {{name: {name}, slug: odd{n}, kind: 外地, region: 外地}}\n")
    for name, districts in (("20-*.md", "[__proto__, constructor]"), ("21-*.md", "[constructor, toString]"),
                            ("22-*.md", "[hasOwnProperty]")):
        item = sorted((archive / "2020-008").glob(name))[0]
        text = item.read_text("utf-8")
        item.write_text(re.sub(r"^districts: .*$", "districts: " + districts, text, count=1, flags=re.M), "utf-8")
    assert main(["check", "--archive", str(archive)]) == 0
    config = make_project(tmp, archive, site_url="http://127.0.0.1/archive/")
    (config.parent / "docs" / "evil.md").write_text(EVIL_PAGE, encoding="utf-8")
    return Path(build(config).site_dir)




@pytest.mark.browser
def test_every_inline_script_of_the_theme_is_listed_and_nothing_else(hostile_web_site):
    """The policy of each page lists the theme's scripts for its place; the docs page's script is not listed."""
    pages = 0
    for path in hostile_web_site.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        found = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
        if path.parent.name == "admin":
            continue  # the editor's own policy: no inline script at all (tests/test_editor.py)
        assert found, path
        listed = set(re.findall(r"'sha256-[^']+'", found.group(1)))
        present = {script_hash(body) for body in inline_scripts(page)}
        if path.parent.name == "evil":
            assert len(present - listed) == 1 and "__pwned" in page
            present -= present - listed
        assert present == listed, path
        pages += 1
    assert pages > 100


def test_the_theme_scripts_a_configuration_adds_are_files_too(tmp_path, hostile_web_site):
    """Content tabs (pymdownx.tabbed) bring Material's content script, and Material's `extra.scope` its storage
    scope: both from the site's files (assets/bulletin/content.js, head.js), so still no inline script, no hash."""
    config = build(make_project(tmp_path, extra="markdown_extensions:\n  - pymdownx.tabbed\nextra:\n  scope: /\n"))
    site = Path(config.site_dir)
    about = (site / "about" / "index.html").read_text("utf-8")
    assert '<script src="../assets/bulletin/content.js"></script>' in about
    assert '<script src="../assets/bulletin/head.js" data-md-scope="/"></script>' in about
    for path in (site / "index.html", site / "about" / "index.html", site / "issues" / "2020-008" / "index.html"):
        page = path.read_text("utf-8")
        assert inline_scripts(page) == [] and "sha256-" not in page, path
    # without tabs, no content script at all (this site's own configuration)
    assert "content.js" not in (hostile_web_site / "about" / "index.html").read_text("utf-8")


@pytest.mark.browser
def test_a_script_in_a_docs_page_never_runs_and_the_site_still_works(hostile_web_site, chromium, tmp_path):
    with serve(hostile_web_site, tmp_path) as base:
        context = chromium.new_context()  # no bypass: the page's own policy
        context.add_init_script("window.__violations = [];"
                                "document.addEventListener('securitypolicyviolation', e => window.__violations.push("
                                "[e.violatedDirective, e.blockedURI]));")
        page = context.new_page()
        watch = Watch(page, base.split("/archive/")[0])
        console = []
        page.on("console", lambda m: console.append(m.text))
        page.goto(base + "evil/")
        page.wait_for_load_state("networkidle")
        page.click("#evil-link")
        page.wait_for_timeout(200)
        assert page.evaluate("() => window.__pwned") is None and watch.dialogs == []
        violations = page.evaluate("() => window.__violations")
        directives = {v[0] for v in violations}
        assert {"script-src-elem", "script-src-attr"} <= directives, violations
        assert any("Content Security Policy" in text for text in console), console
        # the theme's own inline scripts ran (storage helpers, palette), and Material's bundle did
        assert page.evaluate("() => typeof __md_get === 'function' && typeof __md_scope === 'object'")
        scheme = page.get_attribute("body", "data-md-color-scheme")
        page.locator("label.bl-palette:visible").first.click()
        expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
        page.reload()  # the choice was stored and is restored by Material's palette script, from head.js
        expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
        page.fill("#bl-header-q", "医疗废物")
        page.press("#bl-header-q", "Enter")
        page.wait_for_selector(".bl-search__results li")
        assert page.locator(".bl-search__results li").count() >= 1
        context.close()


@pytest.mark.browser
def test_facets_take_district_names_objects_inherit(hostile_web_site, chromium, tmp_path):
    """`__proto__`, `constructor`, `toString`, `hasOwnProperty` as districts: listed with their counts, in the API
    and in the filter list, whichever way the counts were made (per document, a common term's, the archive's)."""
    expected = {"__proto__": 1, "constructor": 2, "toString": 1, "hasOwnProperty": 1}
    with serve(hostile_web_site, tmp_path) as base:
        context = chromium.new_context(bypass_csp=True)  # evaluate() takes strings
        page = context.new_page()
        watch = Watch(page, base.split("/archive/")[0])
        page.goto(base + "search/")
        page.wait_for_function("() => window.bulletinSearch")
        for query in ({"q": ""}, {"q": "", "tags": ["医疗废物", "工业固废", "快递包装", "考察交流"]}, {"q": "固废"},
                      {"q": "", "districts": ["constructor"]}, {"q": "", "from": "2020-01-01"}):
            facets = json.loads(page.evaluate(  # as JSON: Playwright's own serializer drops a `__proto__` key
                "o => window.bulletinSearch.search(o).then(r => JSON.stringify(r.facets.district))", query))
            shown = {name: facets[name] for name in ODD_DISTRICTS if name in facets}
            assert all(isinstance(n, int) for n in shown.values()), (query, shown)
            if query.get("q") == "" and len(query) == 1 or "from" in query:
                assert shown == expected, (query, facets)
        page.goto(base + "search/?district=__proto__&district=constructor")
        page.wait_for_selector(".bl-search__results li")
        rows = page.locator(".bl-facet__row label").all_text_contents()  # the filter sheet may be closed
        counts = dict(row.rsplit(" ", 1) for row in rows)
        assert counts.get("__proto__") == "1" and counts.get("constructor") == "2", rows
        assert page.locator(".bl-search__results li").count() == 2
        chips = page.locator(".bl-search__results .bl-chip--district", has_text="__proto__")
        assert chips.first.get_attribute("href").endswith("districts/odd0/")
        page.goto(base + "search/?district=toString")
        page.wait_for_selector(".bl-search__results li")
        assert page.locator(".bl-search__results li").count() == 1
        assert "function" not in page.text_content(".bl-search__facets")
        assert watch.errors == [], watch.report()
        context.close()


# --- the editor's uploads ------------------------------------------------------------------------------------------

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")  # a PNG's first bytes
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"
HOSTILE_UPLOADS = {
    "logo.svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>',
    "page.html": b"<!doctype html><script>alert(localStorage.getItem('decap-cms-user'))</script>",
    "photo.png": b"\n <script>alert(1)</script>",  # named as an image, is markup
    "scan.pdf": b"%PDF-1.4\n",
    "picture.png": JPEG,  # an image, under another type's name
}


def upload_project(tmp_path: Path, files: dict[str, bytes], *options: str) -> Path:
    config = make_project(tmp_path, extra=plugin_options("editor:", *(f"  {o}" for o in options)) if options else "")
    folder = config.parent / "docs" / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return config


def admin_config(config) -> dict:
    return json.loads((Path(config.site_dir) / "admin" / "config.json").read_text("utf-8"))["config"]


def test_uploads_are_off_unless_configured(tmp_path):
    config = build(make_project(tmp_path))
    settings = admin_config(config)
    assert "media_folder" not in settings and settings["media_library"] == {"name": NO_UPLOADS}
    assert f'name: "{NO_UPLOADS}"' in (REPO / "overrides" / "assets" / "bulletin" / "admin.js").read_text("utf-8")


def test_configured_uploads_take_images_only(tmp_path):
    config = build(upload_project(tmp_path, {"photo.png": PNG, "scan.jpg": JPEG, ".gitkeep": b""}, "media: uploads"))
    settings = admin_config(config)
    assert settings["media_folder"] == "docs/uploads" and settings["public_folder"] == "/archive/uploads"
    assert "media_library" not in settings
    site = Path(config.site_dir)
    assert (site / "uploads" / "photo.png").read_bytes() == PNG and (site / "uploads" / "scan.jpg").is_file()


@pytest.mark.parametrize("options", [("media: uploads",), ("enabled: false",), ()],
                         ids=["uploads-on", "editor-off", "uploads-off"])
def test_a_script_in_the_upload_folder_fails_the_build_naming_it(options, tmp_path, caplog):
    from mkdocs.exceptions import Abort

    config = upload_project(tmp_path, {"ok.png": PNG, **HOSTILE_UPLOADS}, *options)
    with pytest.raises(Abort):  # (a symbolic link in docs/ is refused before, by the loader's own check)
        build(config, strict=False)  # not a warning: an error, whatever --strict says
    text = caplog.text[caplog.text.index("bulletin："):]
    assert text.startswith("bulletin：上传文件夹中有 5 个文件不能发布") and "ok.png:" not in text
    for line in ("docs/uploads/logo.svg: 只能发布 PNG、JPEG、GIF 或 WebP 图片，这个文件是SVG 图像",
                 "docs/uploads/page.html: 只能发布 PNG、JPEG、GIF 或 WebP 图片，这个文件是网页（HTML）",
                 "docs/uploads/photo.png: 只能发布 PNG、JPEG、GIF 或 WebP 图片，这个文件是网页（HTML）",
                 "docs/uploads/scan.pdf: 只能发布 PNG、JPEG、GIF 或 WebP 图片，这个文件是其他类型的文件（.pdf）",
                 "docs/uploads/picture.png: 文件内容是 JPEG 图片，扩展名却是“.png” (把扩展名改为 .jpg)"):
        assert line in text, text
    assert "SVG 图像和网页文件可以带脚本" in text


@pytest.mark.parametrize("value", ["/etc", "../outside", ".git", "a/../../b"])
def test_the_upload_folder_stays_inside_docs(value, tmp_path, caplog):
    from mkdocs.exceptions import Abort

    with pytest.raises(Abort):
        build(make_project(tmp_path, extra=plugin_options("editor:", f"  media: '{value}'")), strict=False)
    assert f"editor.media 应为 docs 文件夹里的一个子文件夹名，如 uploads，这里是“{value}”" in caplog.text


@pytest.mark.browser
@pytest.mark.parametrize("media", ["", "uploads"], ids=["uploads-off", "uploads-on"])
def test_the_media_tab_shows_only_when_uploads_are_on(media, editor_repo, chromium, tmp_path):  # noqa: F811
    """Decap against decap-server: no 媒体 tab without `editor: {media: …}`, and its /media address opens nothing;
    with it, the tab is there (the same page, so the first check is not vacuous)."""
    from .test_editor import login

    repo, _ = editor_repo
    if media:
        text = (repo / "mkdocs.yml").read_text(encoding="utf-8")
        (repo / "mkdocs.yml").write_text(text.replace("      editor:\n", f"      editor:\n        media: {media}\n", 1),
                                         encoding="utf-8")
    config = build(repo / "mkdocs.yml")
    with serve(Path(config.site_dir), tmp_path) as base:
        page = chromium.new_page(viewport={"width": 1280, "height": 900})
        errors = []
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        login(page, base + "admin/#/collections/issue-2020-008")
        page.get_by_role("link", name="内容", exact=True).wait_for()
        page.wait_for_load_state("networkidle")
        assert page.get_by_role("link", name="工作流", exact=True).is_visible()
        assert page.get_by_role("button", name="媒体", exact=True).count() == (1 if media else 0)
        if not media:
            page.goto(base + "admin/#/media")
            page.get_by_role("link", name="内容", exact=True).wait_for()
            page.wait_for_timeout(500)
            assert page.get_by_text("上传").count() == 0 and page.locator("input[type=file]").count() == 0
        assert not [e for e in errors if "Content Security Policy" in e or "media" in e.lower()], errors
        page.close()


def test_a_link_in_the_upload_folder_is_not_published(tmp_path):
    from bulletin.editor.media import check_uploads

    folder = tmp_path / "docs" / "uploads"
    folder.mkdir(parents=True)
    (folder / "ok.png").write_bytes(PNG)
    (folder / "link.png").symlink_to(folder / "ok.png")
    (folder / "sub").symlink_to(tmp_path)
    assert [line for _, line in check_uploads(tmp_path / "docs", "uploads")] == [
        "docs/uploads/link.png: 不是普通文件（符号链接或特殊文件），不能发布",
        "docs/uploads/sub: 不是普通文件（符号链接或特殊文件），不能发布"]


@pytest.mark.parametrize("text", ["[" * 8000 + "x](y)", "<a" * 100_000, "[x](y) " * 60_000],
                         ids=["nested-links", "many-tags", "many-links"])
def test_markup_that_would_make_markdown_crawl_is_refused_at_once(text, tmp_path, capsys):
    """Python-Markdown is quadratic in nested brackets (8,000 levels took 35 s, 100,000 `<a` over a minute):
    a body with more brackets than any item needs is refused before it renders, in the check and so the build."""
    import time

    archive, item = _archive(tmp_path)
    item.write_text(item.read_text("utf-8").rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")
    started = time.perf_counter()
    assert main(["check", "--archive", str(archive)]) == 1
    assert time.perf_counter() - started < 10
    out = capsys.readouterr().out
    assert f"{item.name}:" in out and "括号" in out and "Traceback" not in out
