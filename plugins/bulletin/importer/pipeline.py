"""One circulated file through read → parse → account → write, shared by `bulletin import` and `bulletin inbox`.

A document is bounded before and while it is read: `MAX_BYTES` on disk (checked before reading), PDF and Word
reading in a child process under a time and memory limit (`sandbox.py`; LibreOffice converts in its own process
under its own timeout, then the .docx it made is read the same way), and `MAX_TEXT` characters of text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bulletin.archive.problems import Problems
from bulletin.archive.vocabulary import load_vocabulary
from bulletin.importer import sandbox
from bulletin.importer.accounting import Ledger, ledger, unaccounted
from bulletin.importer.convert import CONVERTED
from bulletin.importer.parse import RawBulletin, parse_bulletin
from bulletin.importer.source import Extracted, plain_text
from bulletin.importer.write import ImportResult, UnsafeFolder, write_issue
from bulletin.messages import msg


class SourceError(ValueError):
    """The file cannot be read as a bulletin; `hint` says what to do instead."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


MAX_BYTES = 50 << 20  # on disk: a bulletin is well under 5 MB, even with its pictures
MAX_TEXT = 500_000  # characters of text: a hundred bulletins' worth (the seed: 5,500)


def _size(size: int) -> str:
    return f"{size / (1 << 20):,.1f} MB"


def read_source(path: Path) -> Extracted:
    """The document as paragraphs with their places and its own character count, whatever its format."""
    suffix = path.suffix.lower()
    _check_size(path.stat().st_size)  # before reading a byte
    with open(path, "rb") as file:
        raw = file.read(MAX_BYTES + 1)
    _check_size(len(raw))  # it may have grown since
    if suffix == ".ofd" or raw[:2] == b"PK" and b"OFD.xml" in raw[:2048]:
        raise SourceError(msg("ofd_unsupported"), msg("ofd_hint"))
    if suffix in CONVERTED or raw.startswith(OLE2):  # an OLE2 compound file: .doc/.wps, whatever its name
        return _converted(path, CONVERTED.get(suffix, "Word/WPS"))
    if suffix == ".pdf" or raw[:5] == b"%PDF-":
        return _bounded(_pdf, path, kind="PDF")
    if suffix == ".docx" or raw[:2] == b"PK":
        return _bounded(_docx, path, "Word", kind="Word")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        check_length(text)
        extracted = plain_text(text)
        extracted.as_read = text
        return extracted
    raise SourceError(msg("not_text"), msg("save_utf8"))


OLE2 = b"\xd0\xcf\x11\xe0"


def _check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise SourceError(msg("document_too_big", size=_size(size), limit=_size(MAX_BYTES)),
                          msg("document_too_big_hint"))


def check_length(text: str) -> None:
    if len(text) > MAX_TEXT:
        raise SourceError(msg("text_too_long", count=f"{len(text):,}", limit=f"{MAX_TEXT:,}"),
                          msg("document_too_big_hint"))


def _bounded(reader, *args, kind: str) -> Extracted:  # noqa: ANN001 (one of the readers below)
    """`reader(*args)` in the child process; its bounds exceeded become one message that says which."""
    timeout, memory = sandbox.bounds()
    if reader is _pdf:
        from bulletin.importer.pdf import preload

        preload()  # imported once here, not again in every child
    try:
        extracted = sandbox.run(_guarded, reader, *args)
    except sandbox.Exceeded as exc:
        if exc.what == "time":
            raise SourceError(msg("read_timeout", kind=kind, seconds=f"{timeout:g}"), msg("read_limits_hint")) from exc
        if exc.what == "memory":
            raise SourceError(msg("read_memory", kind=kind, limit=_size(memory)), msg("read_limits_hint")) from exc
        raise SourceError(msg("read_crashed", kind=kind, reason=exc.detail), msg("read_limits_hint")) from exc
    check_length(extracted.text())
    return extracted


def _guarded(reader, *args) -> Extracted:  # noqa: ANN001
    """In the child: a reader's unforeseen exception (a library tripping over a malformed file) becomes a message
    that names it, never a traceback; running out of memory is left to the sandbox to report."""
    try:
        return reader(*args)
    except (SourceError, OSError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001
        kind = "PDF" if reader is _pdf else args[-1]
        raise SourceError(msg("reader_failed", kind=kind, reason=f"{type(exc).__name__}: {exc}"[:200]),
                          msg("read_limits_hint")) from exc


def _docx(path: Path, kind: str) -> Extracted:
    from zipfile import BadZipFile

    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    from bulletin.importer.docx import PackageRefused, read_docx

    try:
        return read_docx(path, kind)
    except PackageRefused as exc:
        raise SourceError(str(exc), msg("package_refused_hint")) from exc
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
        return _bounded(_docx, converted, kind, kind=kind)


def _pdf(path: Path) -> Extracted:
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    from bulletin.importer.pdf import (
        MAX_GLYPHS,
        MAX_PAGES,
        NoTextLayer,
        ReferenceCycle,
        TooManyGlyphs,
        TooManyPages,
        UnreadableText,
        read_pdf,
    )

    try:
        return read_pdf(path)
    except ReferenceCycle as exc:
        raise SourceError(msg("pdf_cycle"), msg("read_limits_hint")) from exc
    except TooManyGlyphs as exc:
        raise SourceError(msg("pdf_too_many_glyphs", limit=f"{MAX_GLYPHS:,}")) from exc
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
    if bulletin.refused:  # more than any bulletin holds: the one error that says so, not a warning per line
        outcome.notes += [(extracted.where(line), "error", message) for line, message in bulletin.errors]
        return outcome
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
        try:
            outcome.result = write_issue(bulletin, vocab, into, force=force, source_text=extracted.as_read or text,
                                         original=source)
        except OSError as exc:  # a link or special file in the issue folder (UnsafeFolder), a full disk, …
            reason = str(exc) if isinstance(exc, UnsafeFolder) else f"{exc.filename}: {exc.strerror or exc}"
            outcome.notes.append(("1", "error", msg("cannot_write", reason=reason)))
            return outcome
        outcome.notes += [(extracted.where(line), "warning", message) for line, message in outcome.result.warnings]
    return outcome


def at_place(where: str) -> str:
    """`第 12 行：` for a line of a text file, `第2页：` / `第14段：` for a PDF's page or a document's paragraph."""
    return msg("line_no", line=where) if where.isdigit() else msg("at_where", where=where)
