"""What offices really circulate imports exactly like the bulletin's text: .docx laid out as GB/T 9704 templates
build them (masthead table, contents in a text box, run-in headlines, smart tags, tracked changes, fields), their
PDF, .doc, .odt, .rtf and .wps made by LibreOffice headless — every file byte for byte, every character placed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bulletin.cli import main
from bulletin.importer import convert
from bulletin.importer.pipeline import import_file

from .conftest import REPO, SEED, TEST_ARCHIVE, issue_files
from .officedocs import office_set  # noqa: F401 (the session fixture)

ISSUES = {"seed": "2020-008", "2021-012": "2021-012"}
KINDS = ("docx", "docx_extras", "pdf", "pdf_fallback", "doc", "odt", "rtf", "wps")

pytestmark = pytest.mark.skipif(convert.soffice() is None, reason="LibreOffice makes these fixtures")


def _archive(into: Path) -> Path:
    shutil.copytree(TEST_ARCHIVE, into, ignore=shutil.ignore_patterns("20*"))
    return into


@pytest.fixture(scope="module")
def from_text(tmp_path_factory) -> dict[str, dict[str, bytes]]:
    """Each bulletin imported from its plain text: what every office file must give."""
    into = _archive(tmp_path_factory.mktemp("text") / "issues")
    files = {}
    for name, issue in ISSUES.items():
        source = SEED if name == "seed" else REPO / "tests" / "fixtures" / "bulletin-2021-012.txt"
        assert import_file(source, into).ok
        files[name] = issue_files(into / issue)
    return files


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", sorted(ISSUES))
def test_office_files_import_exactly_like_their_text(tmp_path, office_set, from_text, name, kind):  # noqa: F811
    source = getattr(office_set[name], kind)
    outcome = import_file(source, _archive(tmp_path / "issues"))
    assert outcome.ok, outcome.notes
    book = outcome.ledger
    print(f"{name} {kind}: {book.line()}")
    assert book.unplaced == 0 and book.extra == 0 and not book.silent, book
    assert book.total == book.filed + book.front + book.furniture
    assert book.filed == sum(len("".join(p.split())) for p in _item_texts(from_text[name]))
    ours = issue_files(outcome.result.folder)
    assert sorted(ours) == sorted(from_text[name])
    for file, data in from_text[name].items():
        assert ours[file].decode() == data.decode(), file
    warnings = [text for _, kind_, text in outcome.notes if kind_ == "warning"]
    assert not any("没有导入" in w or "跳过" in w for w in warnings), warnings


def _item_texts(files: dict[str, bytes]) -> list[str]:
    """Title, body and credit of each item file — what 入档 counts."""
    import yaml

    texts = []
    for name, data in files.items():
        if name.endswith(".md"):
            _, front, body = data.decode().split("---\n", 2)
            fields = yaml.safe_load(front)
            credit = f"（{fields['source']}供稿）" if fields.get("source") else ""
            texts += [fields["title"], body, credit]
    return texts


def test_a_pdf_whose_fonts_carry_no_unicode_map_is_refused_with_one_clear_message(office_set, tmp_path,  # noqa: F811
                                                                                    capsys):
    assert main(["import", str(office_set["seed"].unreadable_pdf), "--into", str(_archive(tmp_path / "i"))]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err  # one message, not a warning per line
    assert "文字无法读取" in err and ".docx" in err and "Traceback" not in err


def test_without_libreoffice_a_doc_gets_a_clear_message(office_set, tmp_path, capsys, monkeypatch):  # noqa: F811
    monkeypatch.setattr(convert, "soffice", lambda: None)
    assert main(["import", str(office_set["seed"].doc), "--into", str(_archive(tmp_path / "i"))]) == 1
    err = capsys.readouterr().err
    assert "需要 LibreOffice" in err and "apt-get install libreoffice-writer-nogui" in err and "Traceback" not in err


def test_the_import_prints_the_accounting_line(office_set, tmp_path, capsys):  # noqa: F811
    assert main(["import", str(office_set["seed"].pdf), "--into", str(_archive(tmp_path / "i"))]) == 0
    out = capsys.readouterr().out
    assert out.startswith("原文 ") and "入档" in out and "页眉页脚" in out and "未归属 0" in out


@pytest.mark.parametrize("kind", ["odt", "rtf", "wps"])
def test_the_upload_inbox_takes_every_office_format(office_set, tmp_path, kind):  # noqa: F811
    from bulletin.importer.inbox import run_inbox

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    upload = inbox / f"渝环简报第8期.{kind}"
    shutil.copy(getattr(office_set["seed"], kind), upload)
    run = run_inbox(inbox, _archive(tmp_path / "issues"))
    assert run.ok and not upload.exists()  # imported, and moved into its issue as the original
    assert (tmp_path / "issues" / "2020-008" / f"source.{'wps' if kind == 'wps' else kind}").is_file()
    assert "原文 " in run.summary and "未归属 0" in run.summary
