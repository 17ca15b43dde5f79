"""`mkdocs serve --dirty` rebuilds only what changed — and ends byte for byte where a fresh build of the same
archive ends, after every kind of edit staff make: title, body, date, districts, tags, an added and a deleted item."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import make_project, plugin_options

DRIVER = Path(__file__).with_name("preview_driver.py")
EDITOR = plugin_options("editor:", "  local_backend: http://127.0.0.1:9/api/v1")  # a fixed address: no server started


class Preview:
    """A long-lived preview process that rebuilds on request."""

    def __init__(self, config: Path, site: Path, mode: str):
        self.proc = subprocess.Popen([sys.executable, str(DRIVER), str(config), str(site), mode],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def build(self) -> None:
        self.proc.stdin.write("build\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        assert answer == "ok", answer

    def close(self) -> str:
        self.proc.stdin.close()
        self.proc.wait(60)
        return self.proc.stderr.read()


def snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def fresh(config: Path, site: Path) -> dict[str, bytes]:
    preview = Preview(config, site, "clean")
    try:
        preview.build()
    finally:
        preview.close()
    return snapshot(site)


NEW_ITEM = ("---\ntitle: 北碚区开展垃圾分类入户宣传\nsection: 区县动态\ndate: 2020-07-30\ndate_precision: day\n"
            "districts: [北碚区]\ntags: [生活垃圾分类]\nslug: beibei-laji-fenlei-ruhu\n---\n\n"
            "7月30日，北碚区开展入户宣传。\n")


def edits(issue: Path) -> list[tuple[str, callable]]:
    def item(prefix: str) -> Path:
        return next(issue.glob(f"{prefix}-*.md"))

    def replace(prefix: str, old: str, new: str):
        def change():
            path = item(prefix)
            text = path.read_text("utf-8")
            assert old in text, (path.name, old)
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return change

    return [
        ("title", replace("15", "title: 沙坪坝区", "title: （更新）沙坪坝区")),
        ("body", replace("16", "南岸区", "南岸区组织")),
        ("date", replace("07", "date: 2020-06-30", "date: 2020-05-12")),  # moves between month listings
        ("districts", replace("14", "districts: [九龙坡区]", "districts: [九龙坡区, 巴南区]")),
        ("tags", replace("13", "tags: [", "tags: [宣传教育, ")),
        ("added", lambda: (issue / "23-beibei-laji-fenlei-ruhu.md").write_text(NEW_ITEM, encoding="utf-8")),
        ("deleted", lambda: item("20").unlink()),
    ]


def test_every_incremental_rebuild_equals_a_fresh_build(tmp_path):
    config = make_project(tmp_path, site_url=None, extra=EDITOR)
    issue = config.parent / "issues" / "2020-008"
    site = tmp_path / "preview-site"
    preview = Preview(config, site, "dirty")
    try:
        preview.build()
        for what, change in edits(issue):
            before = snapshot(site)
            change()
            preview.build()
            after = snapshot(site)
            expected = fresh(config, tmp_path / f"fresh-{what}")
            assert sorted(after) == sorted(expected), (what, set(after) ^ set(expected))
            differing = [p for p in expected if after[p] != expected[p]]
            assert differing == [], (what, differing)
            rewritten = [p for p in after if p.endswith("index.html") and before.get(p) != after[p]]
            assert rewritten, what  # the edit did reach the pages
    finally:
        log = preview.close()
    rebuilt = [int(line.split("bulletin: ")[1].split(" of ")[0]) for line in log.splitlines()
               if " pages to rebuild" in line]
    assert len(rebuilt) == 8 and rebuilt[0] == max(rebuilt)  # the first build is whole, the others are not
    assert all(n < rebuilt[0] / 2 for n in rebuilt[1:]), rebuilt


@pytest.mark.parametrize("mode", ["dirty"])
def test_a_failed_rebuild_is_not_trusted(tmp_path, mode):
    """A broken item mid-session: the preview shows its problem, and once fixed the site equals a fresh build."""
    config = make_project(tmp_path, site_url=None, extra=EDITOR)
    item = next((config.parent / "issues" / "2020-008").glob("15-*.md"))
    site = tmp_path / "preview-site"
    preview = Preview(config, site, mode)
    try:
        preview.build()
        original = item.read_text("utf-8")
        item.write_text(original.replace("districts: [沙坪坝区]", "districts: [沙坪坝区"), encoding="utf-8")
        preview.build()
        assert "bl-preview-problems" in (site / "index.html").read_text("utf-8")
        item.write_text(original.replace("丰富多彩", "丰富多彩（修订）"), encoding="utf-8")
        preview.build()
    finally:
        preview.close()
    expected = fresh(config, tmp_path / "fresh")
    after = snapshot(site)
    assert sorted(after) == sorted(expected)
    assert [p for p in expected if after[p] != expected[p]] == []


@pytest.mark.parametrize("site_url", ["http://127.0.0.1:8000/", "https://example.org/archive/",
                                      "https://example.org/sub/archive", None])
@pytest.mark.parametrize("src_uri", ["issues/2020-008/shapingba-wufei-xuexiao.md", "districts/page/2/index.md"])
def test_a_kept_page_gives_the_sitemap_what_mkdocs_own_page_would(tmp_path, site_url, src_uri):
    """Pages a dirty build leaves alone are `KeptPage`s (no URL joins, no build date): their sitemap addresses
    must be MkDocs' own, for any site URL a publisher sets (a subpath, with or without its final slash)."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    from bulletin.preview.incremental import KeptPage

    (tmp_path / "docs").mkdir()
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "site_url": site_url, "docs_dir": str(tmp_path / "docs"),
                      "site_dir": str(tmp_path / "site")})
    assert config.validate() == ([], [])
    def file() -> File:
        return File(src_uri, config.docs_dir, config.site_dir, use_directory_urls=True)

    real = Page(None, file(), config)
    kept = KeptPage(file(), real.url, config.site_url)
    assert (kept.canonical_url, kept.abs_url, kept.url) == (real.canonical_url, real.abs_url, real.url)
    assert not kept.file.is_modified() and not kept.is_link and kept.file.page is kept


def test_the_issue_original_follows_every_rebuild(tmp_path):
    """The original published beside the issue page: added, replaced by another type, removed from issue.yml — each
    preview rebuild ends as a fresh build does (a dirty build cleans nothing: a gone original must be deleted)."""
    from bulletin.cli import main

    from .pdfmaker import make_pdf
    from .test_original import make_docx

    config = make_project(tmp_path, site_url=None, extra=EDITOR)
    archive, site = config.parent / "issues", tmp_path / "preview-site"
    seed = (archive / "2020-008" / "source.txt").read_text("utf-8")
    docx, pdf = make_docx(tmp_path / "第8期.docx", seed), make_pdf(seed, tmp_path / "第8期.pdf")
    meta = archive / "2020-008" / "issue.yml"

    def drop_record():
        text = meta.read_text("utf-8")
        meta.write_text(text[: text.index("original:")], encoding="utf-8")
        (archive / "2020-008" / "source.pdf").unlink()

    steps = [("docx", lambda: main(["import", str(docx), "--into", str(archive)])),
             ("pdf", lambda: main(["import", str(pdf), "--into", str(archive), "--force"])),
             ("none", drop_record)]
    preview = Preview(config, site, "dirty")
    try:
        preview.build()
        for what, change in steps:
            change()
            preview.build()
            after = snapshot(site)
            expected = fresh(config, tmp_path / f"fresh-{what}")
            assert sorted(after) == sorted(expected), (what, set(after) ^ set(expected))
            assert [p for p in expected if after[p] != expected[p]] == [], what
            assert sorted(p for p in after if "/source." in p) == {
                "docx": ["issues/2020-008/source.docx"], "pdf": ["issues/2020-008/source.pdf"], "none": []}[what]
    finally:
        preview.close()
