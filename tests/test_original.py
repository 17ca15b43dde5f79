"""The circulated file stays with its issue: copied in under a fixed name, recorded in issue.yml (SHA-256, size,
the uploaded name as text), checked, published beside the issue page and offered there — never in feeds, the sitemap
or search, and inert whatever it was called."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from bulletin.cli import main
from bulletin.importer.original import original_type
from bulletin.search.writer import read_search_file
from bulletin.site.filters import file_size

from .conftest import SEED, TEST_ARCHIVE, build, make_project
from .pdfmaker import make_pdf

ISSUE = "2020-008"


def make_docx(path: Path, text: str | None = None) -> Path:
    from docx import Document

    document = Document()
    for line in (text or SEED.read_text("utf-8")).splitlines():
        document.add_paragraph(line)
    document.save(str(path))
    return path


def empty_archive(where: Path) -> Path:
    shutil.copytree(TEST_ARCHIVE, where, ignore=shutil.ignore_patterns("20*"))
    return where


def imported(tmp: Path, source: Path, *extra: str) -> Path:
    """A temporary archive with `source` imported; returns the archive folder."""
    into = tmp / "issues"
    if not into.exists():
        empty_archive(into)
    assert main(["import", str(source), "--into", str(into), *extra]) == 0
    return into


@pytest.fixture(scope="module")
def docx_site(tmp_path_factory):
    """The seed bulletin imported from a .docx, then built: (archive, site, the .docx)."""
    tmp = tmp_path_factory.mktemp("original")
    docx = make_docx(tmp / "渝环简报第8期.docx")
    archive = imported(tmp / "work", docx)
    config = build(make_project(tmp / "work", archive=archive))
    return archive, Path(config.site_dir), docx


def test_the_original_is_kept_recorded_published_and_offered(docx_site):
    archive, site, docx = docx_site
    data = docx.read_bytes()
    kept = archive / ISSUE / "source.docx"
    assert kept.read_bytes() == data
    meta = yaml.safe_load((archive / ISSUE / "issue.yml").read_text("utf-8"))
    assert meta["original"] == {"file": "source.docx", "name": "渝环简报第8期.docx",
                                "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
    assert (site / "issues" / ISSUE / "source.docx").read_bytes() == data  # beside the issue page, as it was
    page = (site / "issues" / ISSUE / "index.html").read_text("utf-8")
    assert 10 * 1024 < len(data) < 1024 * 1024
    label = f"{round(len(data) / 1024)} KB"
    assert (f'<a href="source.docx" download="渝环简报第8期.docx">下载原件（Word，{label}）</a>' in page)
    assert "原文件名：渝环简报第8期.docx" in page
    item = next((site / "issues" / ISSUE).glob("*/index.html")).read_text("utf-8")
    assert "source.docx" not in item and "下载原件" not in item  # the issue page offers it, not each item


def test_feeds_sitemap_and_search_do_not_list_it(docx_site):
    archive, site, _ = docx_site
    assert "source." not in (site / "sitemap.xml").read_text("utf-8")
    for feed in site.joinpath("feeds").rglob("*.xml"):
        assert "source." not in feed.read_text("utf-8"), feed
    searched = [p for p in (site / "search").rglob("*.json*")
                if "source.docx" in (json.dumps(read_search_file(p), ensure_ascii=False))]
    assert searched == []
    assert json.loads((site / "search" / "meta.json").read_text("utf-8"))["n"] == 22  # the items, nothing else
    assert [p.name for p in site.rglob("source.*")] == ["source.docx"]  # no copy of source.txt either


def test_reimporting_the_same_file_changes_nothing(tmp_path, capsys):
    docx = make_docx(tmp_path / "渝环简报第8期.docx")
    archive = imported(tmp_path, docx)
    before = {p.name: p.read_bytes() for p in (archive / ISSUE).iterdir()}
    renamed = shutil.copy(docx, tmp_path / "第8期（重传）.docx")  # the same bytes under another name: the same file
    for source in (docx, renamed):
        capsys.readouterr()
        assert main(["import", str(source), "--into", str(archive)]) == 0
        assert "新写入 0 个文件，25 个未变，0 个保留" in capsys.readouterr().out
    assert {p.name: p.read_bytes() for p in (archive / ISSUE).iterdir()} == before


def test_a_different_original_is_kept_unless_forced(tmp_path, capsys):
    docx = make_docx(tmp_path / "渝环简报第8期.docx")
    archive = imported(tmp_path, docx)
    folder = archive / ISSUE
    record = (folder / "issue.yml").read_text("utf-8")
    pdf = make_pdf(SEED.read_text("utf-8"), tmp_path / "渝环简报第8期.pdf")
    capsys.readouterr()
    assert main(["import", str(pdf), "--into", str(archive)]) == 0
    out = capsys.readouterr()
    assert f"{folder / 'source.docx'}：与导入结果不同（可能已手工修改），已保留" in out.err
    assert not (folder / "source.pdf").exists() and (folder / "source.docx").read_bytes() == docx.read_bytes()
    assert (folder / "issue.yml").read_text("utf-8") == record  # still describes the file beside it
    assert main(["import", str(pdf), "--into", str(archive), "--force"]) == 0
    assert f"{folder / 'source.docx'}：已由新导入的原件取代，删除" in capsys.readouterr().err
    assert not (folder / "source.docx").exists() and (folder / "source.pdf").read_bytes() == pdf.read_bytes()
    meta = yaml.safe_load((folder / "issue.yml").read_text("utf-8"))["original"]
    assert meta["file"] == "source.pdf" and meta["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()
    assert main(["check", "--archive", str(archive)]) == 0


def test_a_text_import_keeps_its_text_as_the_original(tmp_path, capsys):
    archive = imported(tmp_path, SEED)
    meta = archive / ISSUE / "issue.yml"
    fields = meta.read_text("utf-8")
    assert "original" not in fields
    assert sorted(p.name for p in (archive / ISSUE).glob("source.*")) == ["source.txt"]
    # the document arrives later: it becomes the original, and issue.yml gains its record (and nothing else)
    meta.write_text(fields.replace("issuer: ", "issuer: （核对过）"), encoding="utf-8")  # a hand edit, kept
    capsys.readouterr()
    assert main(["import", str(make_docx(tmp_path / "第8期.docx")), "--into", str(archive)]) == 0
    assert "新写入 1 个文件" in capsys.readouterr().out  # source.docx; issue.yml is kept, with the record added
    text = meta.read_text("utf-8")
    assert text.startswith(fields.replace("issuer: ", "issuer: （核对过）")) and text.endswith(
        f"  bytes: {(tmp_path / '第8期.docx').stat().st_size}\n")
    assert main(["check", "--archive", str(archive)]) == 0


def test_hostile_uploaded_names_stay_inert(tmp_path):
    """The uploaded name comes from a pull request: text in issue.yml and on the page, never a path."""
    hostile = "<script>alert(1)<script><img src=x onerror=alert(2)>\"'&amp;.docx"  # ("/" cannot be in a name)
    (tmp_path / "inbox").mkdir()
    (tmp_path / "elsewhere").mkdir()
    make_docx(tmp_path / "inbox" / hostile)
    traversal = tmp_path / "elsewhere" / ".." / "inbox" / hostile  # a path with .. in it: only its last part counts
    archive = imported(tmp_path / "work", traversal)
    folder = archive / ISSUE
    assert sorted(p.name for p in folder.glob("source.*")) == ["source.docx", "source.txt"]
    assert yaml.safe_load((folder / "issue.yml").read_text("utf-8"))["original"]["name"] == hostile
    config = build(make_project(tmp_path / "work", archive=archive))
    site, archive = Path(config.site_dir), Path(config.config_file_path).parent / "issues"  # the project's copy
    page = (site / "issues" / ISSUE / "index.html").read_text("utf-8")
    assert ("原文件名：&lt;script&gt;alert(1)&lt;script&gt;&lt;img src=x onerror=alert(2)&gt;&#34;&#39;&amp;amp;.docx"
            in page)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert 'download="渝环简报第8期.docx"' in page  # the name a download is saved under comes from the archive
    # a hand-edited record: a name like a path is still only text (a file name like a path is refused: below)
    meta = archive / ISSUE / "issue.yml"
    meta.write_text(re.sub(r"(?m)^  name: .*$", "  name: ../../etc/passwd.pdf", meta.read_text("utf-8")), "utf-8")
    assert main(["check", "--archive", str(archive)]) == 0
    build(Path(config.config_file_path))
    assert "原文件名：../../etc/passwd.pdf</span>" in (site / "issues" / ISSUE / "index.html").read_text("utf-8")
    assert [p for p in tmp_path.rglob("*passwd*")] == []  # nothing written under that name, anywhere
    assert sorted(p.name for p in site.rglob("source.*")) == ["source.docx"]


@pytest.mark.parametrize(("change", "where", "message"), [
    ("missing", "issue.yml:9: original.file:",
     "issue.yml 记录的原件 source.docx 不在 2020-008 文件夹里 (把原件放回 issues/2020-008/source.docx"),
    ("replaced", "issue.yml:11: original.sha256:",
     "source.docx 的 SHA-256 与 issue.yml 记录的不同：原件被替换或改动过 (从 Git 历史恢复原来的 source.docx；"),
    ("bad-sha256", "issue.yml:11: original.sha256:", "不是 SHA-256（应为 64 位小写十六进制数字）"),
    ("wrong-bytes", "issue.yml:12: original.bytes:", "issue.yml 记录的是 1 (把 bytes 改为"),
    ("path", "issue.yml:9: original.file:", "原件的文件名只能是 source.pdf、source.docx、"),
    ("typo", "issue.yml:11: original.sha265:", "未知的字段“sha265” (是不是要写“sha256”？)"),
    ("not-fields", "issue.yml:8: original:", "original 应为 file、name、sha256、bytes 四个字段"),
])
def test_a_wrong_record_is_a_clear_problem(tmp_path, capsys, change, where, message):
    archive = imported(tmp_path, make_docx(tmp_path / "渝环简报第8期.docx"))
    folder = archive / ISSUE
    meta = folder / "issue.yml"
    text = meta.read_text("utf-8")
    assert text.splitlines()[7:12][0] == "original:" and text.splitlines()[10].startswith("  sha256: ")
    if change == "missing":
        (folder / "source.docx").unlink()
    elif change == "replaced":
        with open(folder / "source.docx", "ab") as stream:
            stream.write(b"\0")
    elif change == "bad-sha256":
        meta.write_text(re.sub(r"sha256: \w+", "sha256: 12345", text), encoding="utf-8")
    elif change == "wrong-bytes":
        meta.write_text(re.sub(r"bytes: \d+", "bytes: 1", text), encoding="utf-8")
    elif change == "path":
        meta.write_text(text.replace("file: source.docx", "file: ../../etc/passwd"), encoding="utf-8")
    elif change == "typo":
        meta.write_text(text.replace("sha256:", "sha265:"), encoding="utf-8")
    else:
        meta.write_text(re.sub(r"(?s)original:.*", "original: source.docx\n", text), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", "--archive", str(archive)]) == 1
    out = capsys.readouterr().out
    assert f"issues/2020-008/{where} " in out and message in out, out


def test_file_sizes_read_as_a_file_manager_shows_them():
    assert [file_size(n) for n in (856, 4300, 43094, 1024 * 1024 - 1, 1258291, 25 * 1024 * 1024)] == [
        "856 字节", "4.2 KB", "42 KB", "1024 KB", "1.2 MB", "25.0 MB"]


def test_the_type_comes_from_the_bytes(tmp_path):
    def write(name: str, data: bytes) -> Path:
        (tmp_path / name).write_bytes(data)
        return tmp_path / name

    def package(name: str, members: dict[str, bytes]) -> Path:
        with zipfile.ZipFile(tmp_path / name, "w") as archive:
            for member, data in members.items():
                archive.writestr(member, data)
        return tmp_path / name

    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100
    assert original_type(make_pdf("x", tmp_path / "a.docx")) == "pdf"  # a PDF named .docx is a PDF
    assert original_type(make_docx(tmp_path / "b.pdf", "x")) == "docx"
    assert original_type(write("c.doc", ole2)) == "doc" and original_type(write("c.wps", ole2)) == "wps"
    assert original_type(write("d.rtf", b"{\\rtf1\\ansi x}")) == "rtf"
    assert original_type(package("e.odt", {"mimetype": b"application/vnd.oasis.opendocument.text"})) == "odt"
    assert original_type(package("f.ofd", {"OFD.xml": b"<ofd:OFD/>"})) == "ofd"
    assert original_type(package("g.zip", {"x.txt": b"x"})) is None
    assert original_type(write("h.txt", "渝环简报".encode())) is None  # text: source.txt is its original


@pytest.mark.browser
def test_a_phone_offers_the_original_and_downloads_it(docx_site, tmp_path):
    """390 × 844: the link under the masthead, readable, a tap target, nothing wider than the screen, no English
    but the format's name; tapping it saves the file under the issue's name, byte for byte."""
    from playwright.sync_api import sync_playwright

    from .browser import Watch, launch, serve
    from .test_visual import ALLOWED_LATIN, LATIN, MEASURE, SHOTS

    _, site, docx = docx_site
    with serve(site, tmp_path) as base, sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                      accept_downloads=True)
        page = context.new_page()
        watch = Watch(page, base.split("/archive/")[0])
        page.goto(base + "issues/2020-008/")
        page.wait_for_load_state("networkidle")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "issue-original-390.png"))
        link = page.locator(".bl-issue__original a")
        box = link.bounding_box()
        assert link.inner_text() == f"下载原件（Word，{round(docx.stat().st_size / 1024)} KB）"
        assert box["y"] + box["height"] <= 844 and box["height"] >= 24 and box["width"] >= 24  # on the first screen
        found = page.evaluate(MEASURE)
        assert found["overflow"] <= 0 and found["small"] == [] and found["tiny"] == [], found
        latin = {word for word in page.evaluate(LATIN) if not ALLOWED_LATIN.match(word)}
        assert latin <= {"Word", "KB", "docx"}, latin  # the format as readers call it, the unit, the file's name
        with page.expect_download() as download:
            link.click()
        saved = tmp_path / "saved"
        download.value.save_as(saved)
        assert download.value.suggested_filename == "渝环简报第8期.docx"
        assert saved.read_bytes() == docx.read_bytes()
        assert watch.clean(), (watch.errors, watch.failed, watch.foreign)
        browser.close()
