"""One circulated file through read → parse → account → write, shared by `bulletin import` and `bulletin inbox`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bulletin.archive.problems import Problems
from bulletin.archive.vocabulary import load_vocabulary
from bulletin.importer.accounting import unaccounted
from bulletin.importer.parse import RawBulletin, parse_bulletin
from bulletin.importer.write import ImportResult, write_issue
from bulletin.messages import msg

OLD_FORMATS = {".doc": "Word 97-2003（.doc）", ".wps": "WPS（.wps）", ".rtf": "RTF（.rtf）", ".odt": "ODT（.odt）"}


class SourceError(ValueError):
    """The file cannot be read as a bulletin; `hint` says what to do instead."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint


def read_source(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in OLD_FORMATS:
        raise SourceError(msg("old_format", kind=OLD_FORMATS[suffix]), msg("old_format_hint"))
    raw = path.read_bytes()
    if suffix == ".pdf" or raw[:5] == b"%PDF-":
        return _pdf(path)
    if suffix == ".docx":
        from zipfile import BadZipFile

        from docx.opc.exceptions import PackageNotFoundError

        from bulletin.importer.docx import docx_text

        try:
            return docx_text(path)
        except (BadZipFile, KeyError, PackageNotFoundError) as exc:
            raise SourceError(msg("not_docx", reason=exc)) from exc
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    if raw.startswith(b"\xd0\xcf\x11\xe0"):  # an OLE2 compound file: .doc/.wps saved under another name
        raise SourceError(msg("old_format", kind="Word/WPS"), msg("old_format_hint"))
    raise SourceError(msg("not_text"), msg("save_utf8"))


def _pdf(path: Path) -> str:
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    from bulletin.importer.pdf import NoTextLayer, pdf_text

    try:
        return pdf_text(path)
    except NoTextLayer as exc:
        raise SourceError(msg("pdf_no_text"), msg("pdf_no_text_hint")) from exc
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise SourceError(msg("not_pdf", reason=exc or type(exc).__name__), msg("pdf_hint")) from exc


@dataclass
class Imported:
    """One file through read → parse → account → write: what happened, for the CLI and the inbox to report."""

    source: Path
    bulletin: RawBulletin | None = None
    result: ImportResult | None = None
    notes: list[tuple[int, str, str]] = field(default_factory=list)  # (line, "warning"/"error"/"file", message)

    @property
    def ok(self) -> bool:
        return self.result is not None


def import_file(source: Path, into: Path, force: bool = False) -> Imported:
    outcome = Imported(source)
    if not source.is_file():
        outcome.notes.append((1, "file", msg("no_such_file", path=source.name)))
        return outcome
    try:
        text = read_source(source)
    except (SourceError, OSError) as exc:
        hint = f" ({exc.hint})" if getattr(exc, "hint", "") else ""
        outcome.notes.append((1, "file", msg("cannot_read", reason=exc) + hint))
        return outcome
    problems = Problems()
    vocab = load_vocabulary(into, problems)
    bulletin = outcome.bulletin = parse_bulletin(text)
    for line, lost in unaccounted(text, bulletin):  # never expected: the guard behind "nothing lost"
        bulletin.warnings.append((line, msg("line_lost", text=lost.strip()[:30])))
    outcome.notes += [(line, "warning", message) for line, message in bulletin.warnings]
    outcome.notes += [(line, "error", message) for line, message in bulletin.errors]
    outcome.notes += [(p.line, "error", p.as_text()) for p in problems.errors]
    if not (bulletin.errors or problems.errors):
        outcome.result = write_issue(bulletin, vocab, into, force=force, source_text=text)
    return outcome
