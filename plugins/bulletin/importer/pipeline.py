"""One circulated file through read → parse → account → write, shared by `bulletin import` and `bulletin inbox`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bulletin.archive.problems import Problems
from bulletin.archive.vocabulary import load_vocabulary
from bulletin.importer.accounting import Ledger, ledger, unaccounted
from bulletin.importer.convert import CONVERTED
from bulletin.importer.parse import RawBulletin, parse_bulletin
from bulletin.importer.source import Extracted, plain_text
from bulletin.importer.write import ImportResult, write_issue
from bulletin.messages import msg


class SourceError(ValueError):
    """The file cannot be read as a bulletin; `hint` says what to do instead."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def read_source(path: Path) -> Extracted:
    """The document as paragraphs with their places and its own character count, whatever its format."""
    suffix = path.suffix.lower()
    raw = path.read_bytes()
    if suffix == ".ofd" or raw[:2] == b"PK" and b"OFD.xml" in raw[:2048]:
        raise SourceError(msg("ofd_unsupported"), msg("ofd_hint"))
    if suffix in CONVERTED or raw.startswith(OLE2):  # an OLE2 compound file: .doc/.wps, whatever its name
        return _converted(path, CONVERTED.get(suffix, "Word/WPS"))
    if suffix == ".pdf" or raw[:5] == b"%PDF-":
        return _pdf(path)
    if suffix == ".docx" or raw[:2] == b"PK":
        return _docx(path, "Word")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        extracted = plain_text(text)
        extracted.as_read = text
        return extracted
    raise SourceError(msg("not_text"), msg("save_utf8"))


OLE2 = b"\xd0\xcf\x11\xe0"


def _docx(path: Path, kind: str) -> Extracted:
    from zipfile import BadZipFile

    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    from bulletin.importer.docx import read_docx

    try:
        return read_docx(path, kind)
    except (BadZipFile, KeyError, PackageNotFoundError, XMLSyntaxError, ValueError) as exc:
        raise SourceError(msg("not_docx", reason=exc)) from exc


def _converted(path: Path, kind: str) -> Extracted:
    import tempfile

    from bulletin.importer.convert import ConversionFailed, NoLibreOffice, to_docx

    with tempfile.TemporaryDirectory(prefix="bulletin-convert-") as work:
        try:
            converted = to_docx(path, Path(work))
        except NoLibreOffice as exc:
            raise SourceError(msg("needs_libreoffice", kind=kind), msg("needs_libreoffice_hint")) from exc
        except (ConversionFailed, OSError) as exc:
            raise SourceError(msg("conversion_failed", kind=kind, reason=exc), msg("old_format_hint")) from exc
        return _docx(converted, kind)


def _pdf(path: Path) -> Extracted:
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    from bulletin.importer.pdf import MAX_PAGES, NoTextLayer, TooManyPages, UnreadableText, read_pdf

    try:
        return read_pdf(path)
    except NoTextLayer as exc:
        raise SourceError(msg("pdf_no_text"), msg("pdf_no_text_hint")) from exc
    except UnreadableText as exc:
        raise SourceError(msg("pdf_unreadable"), msg("pdf_unreadable_hint")) from exc
    except TooManyPages as exc:
        raise SourceError(msg("pdf_too_many_pages", pages=MAX_PAGES)) from exc
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise SourceError(msg("not_pdf", reason=exc or type(exc).__name__), msg("pdf_hint")) from exc


@dataclass
class Imported:
    """One file through read → parse → account → write: what happened, for the CLI and the inbox to report."""

    source: Path
    bulletin: RawBulletin | None = None
    result: ImportResult | None = None
    notes: list[tuple[str, str, str]] = field(default_factory=list)  # (where, "warning"/"error"/"file", message)
    ledger: Ledger | None = None  # where every character of the document went

    @property
    def ok(self) -> bool:
        return self.result is not None


def import_file(source: Path, into: Path, force: bool = False) -> Imported:
    outcome = Imported(source)
    if not source.is_file():
        outcome.notes.append(("1", "file", msg("no_such_file", path=source.name)))
        return outcome
    try:
        extracted = read_source(source)
    except (SourceError, OSError) as exc:
        hint = f" ({exc.hint})" if getattr(exc, "hint", "") else ""
        outcome.notes.append(("1", "file", msg("cannot_read", reason=exc) + hint))
        return outcome
    problems = Problems()
    vocab = load_vocabulary(into, problems)
    text = extracted.text()
    bulletin = outcome.bulletin = parse_bulletin(text)
    lost = unaccounted(text, bulletin)
    for line, lost_text in lost:  # never expected: the guard behind "nothing lost"
        bulletin.warnings.append((line, msg("line_lost", text=lost_text.strip()[:30])))
    outcome.ledger = ledger(extracted, bulletin, {line for line, _ in lost})
    outcome.notes += [(extracted.where(line), "warning", message) for line, message in bulletin.warnings]
    outcome.notes += [(where, "warning", msg("chars_unplaced", count=len(chars), text=chars[:30]))
                      for where, chars in outcome.ledger.silent.items()]
    outcome.notes += [(extracted.where(line), "error", message) for line, message in bulletin.errors]
    outcome.notes += [(str(p.line), "error", p.as_text()) for p in problems.errors]
    if not (bulletin.errors or problems.errors):
        outcome.result = write_issue(bulletin, vocab, into, force=force, source_text=extracted.as_read or text,
                                     original=source)
        outcome.notes += [(extracted.where(line), "warning", message) for line, message in outcome.result.warnings]
    return outcome


def at_place(where: str) -> str:
    """`第 12 行：` for a line of a text file, `第2页：` / `第14段：` for a PDF's page or a document's paragraph."""
    return msg("line_no", line=where) if where.isdigit() else msg("at_where", where=where)
