"""The circulated PDF imports exactly like the same bulletin as text (and .docx): item for item, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from bulletin.cli import main
from bulletin.importer.pdf import read_pdf

from .conftest import REPO, SEED, TEST_ARCHIVE, issue_files
from .pdfmaker import Layout, make_pdf

FIXTURE = REPO / "tests" / "fixtures" / "bulletin-2021-012.txt"
LAYOUTS = {
    "seed": (SEED, "2020-008", Layout()),
    # another office layout: smaller type, a long running header, "第 N 页", short pages (paragraphs cross pages)
    "variant": (FIXTURE, "2021-012", Layout(size=10.5, margin=56, right_margin=90, footer="第 {n} 页",
                                            header="重庆市“无废城市”建设工作简报", page_height=500)),
}


def _import(source: Path, into: Path) -> Path:
    if not into.exists():
        shutil.copytree(TEST_ARCHIVE, into, ignore=shutil.ignore_patterns("20*"))
    assert main(["import", str(source), "--into", str(into)]) == 0
    return into


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_pdf_imports_exactly_like_the_text(tmp_path, name):
    text_source, issue, layout = LAYOUTS[name]
    pdf = make_pdf(text_source.read_text("utf-8"), tmp_path / f"{name}.pdf", layout)
    from_text = _import(text_source, tmp_path / "text") / issue
    from_pdf = _import(pdf, tmp_path / "pdf") / issue
    ours, theirs = issue_files(from_pdf), issue_files(from_text)  # all but the source files and their record
    assert sorted(ours) == sorted(theirs) and len(ours) >= 5
    for file in ours:  # titles, sections, dates, districts, tags, slugs, bodies, footer
        assert ours[file].decode("utf-8") == theirs[file].decode("utf-8"), file
    assert (from_pdf / "source.pdf").read_bytes() == pdf.read_bytes()  # the circulated file, kept as it was


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_running_headers_and_page_numbers_are_gone(tmp_path, name):
    text_source, _, layout = LAYOUTS[name]
    pdf = make_pdf(text_source.read_text("utf-8"), tmp_path / "x.pdf", layout)
    text = read_pdf(pdf).text()
    assert text.count(layout.header) == text_source.read_text("utf-8").count(layout.header)  # the header: gone
    assert "- 2 -" not in text and "第 2 页" not in text
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert max(len(line) for line in lines) > 150  # wrapped lines were joined back into paragraphs


def test_a_scanned_pdf_is_refused_clearly(tmp_path, capsys):
    scan = tmp_path / "扫描件.pdf"
    pdf = canvas.Canvas(str(scan))
    pdf.rect(100, 100, 300, 500, fill=1)  # a page with a picture of text, and no text layer
    pdf.save()
    assert main(["import", str(scan), "--into", str(tmp_path / "issues")]) == 1
    err = capsys.readouterr().err
    assert "没有文字层" in err and "Traceback" not in err


def test_a_broken_pdf_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "坏文件.pdf"
    bad.write_bytes(b"%PDF-1.4\nnot really a pdf\n")
    assert main(["import", str(bad), "--into", str(tmp_path / "issues")]) == 1
    err = capsys.readouterr().err
    assert "坏文件.pdf:1: 文件:" in err and "Traceback" not in err
