"""`mkdocs serve --dirty` rebuilds only what changed — and ends byte for byte where a fresh build of the same
archive ends, after every kind of edit staff make: title, body, date, districts, tags, an added and a deleted item;
a topic's or a district's slug renamed, a topic and a district removed, issue.yml, the plugin's options in mkdocs.yml
and a template edited, an issue folder deleted — every file, feeds included, and nothing left behind."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, make_project, plugin_options, site_files

DRIVER = Path(__file__).with_name("preview_driver.py")
EDITOR = plugin_options("editor:", "  local_backend: http://127.0.0.1:9/api/v1")  # a fixed address: no server started


class Preview:
    """A long-lived preview process that rebuilds on request."""

    def __init__(self, config: Path, site: Path, mode: str):
        self.proc = subprocess.Popen([sys.executable, str(DRIVER), str(config), str(site), mode],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def build(self) -> None:
        self.ask_build()
        self.built()

    def ask_build(self) -> None:
        self.proc.stdin.write("build\n")
        self.proc.stdin.flush()

    def built(self) -> None:
        answer = self.proc.stdout.readline().strip()
        assert answer == "ok", answer

    def objects(self) -> tuple[int, int]:
        """(objects the garbage collector tracks, archive items alive) in the preview process, after a collection."""
        self.proc.stdin.write("objects\n")
        self.proc.stdin.flush()
        tracked, items = self.proc.stdout.readline().split()
        return int(tracked), int(items)

    def close(self) -> str:
        self.proc.stdin.close()
        self.proc.wait(60)
        return self.proc.stderr.read()


def snapshot(site: Path) -> dict[str, bytes]:
    return site_files(site)


def fresh(config: Path, site: Path) -> dict[str, bytes]:
    return start_fresh(config, site)()


def start_fresh(config: Path, site: Path):
    """Start a fresh build of the project as it is now, in a process of its own; the returned call waits for it and
    gives its files. The builds only read the project, so one can run beside the preview's rebuild (two cores)."""
    preview = Preview(config, site, "clean")
    preview.ask_build()

    def files() -> dict[str, bytes]:
        try:
            preview.built()
        finally:
            preview.close()
        return snapshot(site)
    return files


NEW_ITEM = ("---\ntitle: 北碚区开展垃圾分类入户宣传\nsection: 区县动态\ndate: 2020-07-30\ndate_precision: day\n"
            "districts: [北碚区]\ntags: [生活垃圾分类]\nslug: beibei-laji-fenlei-ruhu\n---\n\n"
            "7月30日，北碚区开展入户宣传。\n")


SUPPLEMENT_ITEM = ("---\ntitle: 万州区推进农业废弃物资源化利用\nsection: 区县动态\ndate: 2020-09-08\n"
                   "date_precision: day\ndistricts: [万州区]\ntags: [农业废弃物]\nslug: wanzhou-nongye-feiqiwu\n---\n\n"
                   "9月8日，万州区推进秸秆综合利用。\n")


def supplement(archive: Path) -> Path:
    """A second issue, of its own series (its own feed), whose only item is the only one of its district (its own
    page and feed): deleting the folder takes all of them away."""
    folder = archive / "2020-001"
    folder.mkdir()
    (folder / "issue.yml").write_text("series: 渝环简报增刊\nnumber: 1\npublished: 2020-09-10\nissuer: 无废办\n"
                                      "sections: [区县动态]\n", encoding="utf-8")
    (folder / "01-wanzhou-nongye-feiqiwu.md").write_text(SUPPLEMENT_ITEM, encoding="utf-8")
    return folder


def own_templates(config: Path) -> Path:
    """The project's own copy of the theme overrides (a template edit must not touch the repository's)."""
    overrides = config.parent / "overrides"
    shutil.copytree(REPO / "overrides", overrides)
    text = config.read_text("utf-8")
    assert f"custom_dir: {REPO / 'overrides'}" in text
    config.write_text(text.replace(f"custom_dir: {REPO / 'overrides'}", "custom_dir: overrides"), encoding="utf-8")
    return overrides


ITEM_EDITS = ("title", "body", "date", "districts", "tags", "added", "deleted")


def edits(config: Path) -> list[tuple[str, callable]]:
    archive = config.parent / "issues"
    issue = archive / "2020-008"

    def item(prefix: str) -> Path:
        return next(issue.glob(f"{prefix}-*.md"))

    def edit(path: Path | callable, old: str, new: str) -> None:
        path = path() if callable(path) else path
        text = path.read_text("utf-8")
        assert old in text, (path.name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def replace(prefix: str, old: str, new: str):
        return lambda: edit(lambda: item(prefix), old, new)

    def drop_line(path: Path, start: str) -> None:
        lines = path.read_text("utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not line.startswith(start)]
        assert len(kept) == len(lines) - 1, (path.name, start)
        path.write_text("".join(kept), encoding="utf-8")

    def remove_topic():  # 快递包装: one item has it
        edit(lambda: item("22"), "tags: [快递包装, 制度建设]", "tags: [制度建设]")
        drop_line(archive / "tags.yml", "- {name: 快递包装,")

    def remove_district():  # 深圳市: one item has it
        edit(lambda: item("22"), "districts: [深圳市]", "districts: [重庆市]")
        drop_line(archive / "districts.yml", "- {name: 深圳市,")

    options = "      editor:\n        local_backend"  # the test's own plugin block: the last in mkdocs.yml
    return [
        ("title", replace("15", "title: 沙坪坝区", "title: （更新）沙坪坝区")),
        ("body", replace("16", "南岸区", "南岸区组织")),
        ("date", replace("07", "date: 2020-06-30", "date: 2020-05-12")),  # moves between month listings
        ("districts", replace("14", "districts: [九龙坡区]", "districts: [九龙坡区, 巴南区]")),
        ("tags", replace("13", "tags: [", "tags: [宣传教育, ")),
        ("added", lambda: (issue / "23-beibei-laji-fenlei-ruhu.md").write_text(NEW_ITEM, encoding="utf-8")),
        ("deleted", lambda: item("20").unlink()),
        ("topic slug", lambda: edit(archive / "tags.yml", "slug: xuanchuan-jiaoyu,", "slug: xuanchuan,")),
        ("district slug", lambda: edit(archive / "districts.yml", "slug: shapingba,", "slug: shapingba-qu,")),
        ("topic removed", remove_topic),
        ("district removed", remove_district),
        ("issue.yml", lambda: edit(issue / "issue.yml", "published: 2020-08-03", "published: 2020-08-05")),
        ("plugin options", lambda: edit(config, options, "      page_size: 4\n      editor:\n        enabled: false\n"
                                        + options.removeprefix("      editor:\n"))),  # pages split, no /admin/
        ("template", lambda: edit(config.parent / "overrides" / "bulletin" / "row.html",
                                  '<li class="bl-item">', '<li class="bl-item bl-item--edited">')),
        ("issue deleted", lambda: shutil.rmtree(archive / "2020-001")),
    ]


def test_every_incremental_rebuild_equals_a_fresh_build(tmp_path):
    config = make_project(tmp_path, site_url=None, extra=EDITOR)
    own_templates(config)
    supplement(config.parent / "issues")
    site = tmp_path / "preview-site"
    preview = Preview(config, site, "dirty")
    steps = edits(config)
    try:
        preview.build()
        for what, change in steps:
            before = snapshot(site)
            change()
            expected_files = start_fresh(config, tmp_path / f"fresh-{what}")  # beside the rebuild, same project
            preview.build()
            after = snapshot(site)
            expected = expected_files()
            assert "bl-preview-problems" not in expected["index.html"].decode(), what  # the archive stayed valid
            assert sorted(after) == sorted(expected), (what, set(after) ^ set(expected))
            differing = [p for p in expected if after[p] != expected[p]]
            assert differing == [], (what, differing)
            rewritten = [p for p in after if p.endswith("index.html") and before.get(p) != after[p]]
            assert rewritten, what  # the edit did reach the pages
    finally:
        log = preview.close()
    counts = [line.split("bulletin: ")[1].split(" pages to rebuild")[0].split(" of ") for line in log.splitlines()
              if " pages to rebuild" in line]
    rebuilt = [(int(building), int(total)) for building, total in counts]
    assert len(rebuilt) == len(steps) + 1 and rebuilt[0][0] == rebuilt[0][1]  # the first build is whole
    per_edit = dict(zip([what for what, _ in steps], rebuilt[1:]))
    assert all(per_edit[what][0] < per_edit[what][1] / 2 for what in ITEM_EDITS), per_edit  # an item edit: few


def test_plain_serve_reuses_no_page_across_a_vocabulary_edit(tmp_path):
    """Plain `mkdocs serve` writes unchanged pages from memory (the state's `pages`) by the same identity: after a slug
    is renamed, no page it kept may link the old address."""
    config = make_project(tmp_path, site_url=None, extra=EDITOR)
    site = tmp_path / "preview-site"
    preview = Preview(config, site, "clean")
    steps = [step for step in edits(config) if step[0] in ("topic slug", "district slug")]
    try:
        preview.build()
        for what, change in steps:
            change()
            preview.build()
            after, expected = snapshot(site), fresh(config, tmp_path / f"fresh-{what}")
            assert sorted(after) == sorted(expected), (what, set(after) ^ set(expected))
            assert [p for p in expected if after[p] != expected[p]] == [], what
    finally:
        preview.close()


@pytest.mark.parametrize("mode", ["dirty", "clean"])
def test_the_preview_keeps_nothing_from_earlier_builds(tmp_path, mode):
    """Rebuild after rebuild, each changing an item: the items alive are the archive's own, and the process holds
    no more objects after the sixth rebuild than after the second. The fingerprint memo (cache.py) once kept every
    value of every earlier build alive — about 500 objects more per rebuild of this archive."""
    config = make_project(tmp_path, site_url=None, extra=EDITOR)
    item = next((config.parent / "issues" / "2020-008").glob("15-*.md"))
    original = item.read_text("utf-8")
    preview = Preview(config, tmp_path / "preview-site", mode)
    readings = []
    try:
        for n in range(7):
            item.write_text(original.replace("丰富多彩", "丰富多彩" + "（修订）" * (n % 2)), encoding="utf-8")
            preview.build()
            readings.append(preview.objects())
    finally:
        preview.close()
    alive = len(list((config.parent / "issues").glob("*/[0-9]*.md")))  # the archive's: none from an earlier build
    assert [items for _, items in readings] == [alive] * 7, readings
    tracked = [count for count, _ in readings]
    assert tracked[-1] - tracked[2] < 100, tracked  # four rebuilds: flat (it grew by ~2,000)


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

    from bulletin.engine import KeptPage

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
            expected_files = start_fresh(config, tmp_path / f"fresh-{what}")  # beside the rebuild, same project
            preview.build()
            after = snapshot(site)
            expected = expected_files()
            assert sorted(after) == sorted(expected), (what, set(after) ^ set(expected))
            assert [p for p in expected if after[p] != expected[p]] == [], what
            assert sorted(p for p in after if "/source." in p) == {
                "docx": ["issues/2020-008/source.docx"], "pdf": ["issues/2020-008/source.pdf"], "none": []}[what]
    finally:
        preview.close()
