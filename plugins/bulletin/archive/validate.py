"""Field-by-field checks of issue.yml and item front matter; every problem names its line and suggests a fix."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from pathlib import Path
from typing import Any

from bulletin.archive.markup import audit
from bulletin.archive.model import ORIGINAL_TYPES, PRECISIONS, Original
from bulletin.archive.places import place_line
from bulletin.archive.problems import Problems
from bulletin.archive.spelling import suggest
from bulletin.archive.vocabulary import LIST_MAX, NAME_MAX, SLUG_RE, TEXT_MAX, Vocabulary, reserved_on_windows
from bulletin.archive.yamlio import Document, file_problem
from bulletin.messages import msg, zh

ITEM_REQUIRED = ("title", "section", "date", "districts", "slug")
ITEM_FIELDS = (*ITEM_REQUIRED, "date_precision", "tags", "source")
ISSUE_REQUIRED = ("series", "number", "published", "issuer", "sections")
ISSUE_FIELDS = (*ISSUE_REQUIRED, "report_to", "distribute_to", "original")
ORIGINAL_FIELDS = ("file", "name", "sha256", "bytes")
ORIGINAL_FILES = tuple(f"source.{kind}" for kind in ORIGINAL_TYPES)

PLACEHOLDER = zh("placeholder_text")  # `bulletin new` writes it, the check refuses it
MAX_UNKNOWN = 20  # unknown fields reported one by one in a file
RESERVED_SLUGS = ("index", "page", "feeds")  # the site's own pages beside the items (the web editor refuses them too)
TITLE_MARKUP = re.compile(r"</?[a-zA-Z][^<>]*>?|<!--|&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.I)


class Fields:
    """Typed access to one document's fields that records a problem (and returns None) on a wrong value."""

    def __init__(self, doc: Document, rel: str, problems: Problems):
        self.doc, self.rel, self.problems = doc, rel, problems
        self.data: dict[str, Any] = doc.data if isinstance(doc.data, dict) else {}

    def error(self, key: str, message: str, hint: str = "") -> None:
        self.problems.error(self.rel, self.doc.line(key), key, message, hint)

    def warning(self, key: str, message: str, hint: str = "") -> None:
        self.problems.warning(self.rel, self.doc.line(key), key, message, hint)

    def check_keys(self, required: tuple[str, ...], known: tuple[str, ...]) -> bool:
        if not isinstance(self.doc.data, dict):
            fullwidth = isinstance(self.doc.data, str) and "：" in self.doc.data
            hint = msg("fullwidth_colon") if fullwidth else msg("fields_are", fields=", ".join(known))
            self.problems.error(self.rel, self.doc.first_line, "front matter", msg("expected_fields"), hint)
            return False
        unknown = [key for key in self.data if key not in known]
        for key in unknown[:MAX_UNKNOWN]:
            hint = suggest(str(key), list(known)) or msg("allowed_fields", fields=", ".join(known))
            self.error(str(key), msg("unknown_field", name=key), hint)
        if len(unknown) > MAX_UNKNOWN:  # thousands of made-up fields: one line says how many more
            key = unknown[MAX_UNKNOWN]
            self.error(str(key), msg("more_unknown_fields", count=len(unknown) - MAX_UNKNOWN))
        for key in required:
            if self.data.get(key) in (None, "", []):
                self.problems.error(self.rel, self.doc.first_line, key, msg("required_missing"),
                                    msg("add_line", key=key))
        return True

    def text(self, key: str, default: str | None = None) -> str | None:
        value = self.data.get(key, default)
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            found = msg("a_list") if isinstance(value, list) else msg("a_mapping")
            self.error(key, msg("expected_text", found=found), msg("one_line"))
            return None
        text = str(value).strip()
        if "\n" in text:
            self.error(key, msg("expected_text", found=msg("a_lines")), msg("one_line"))
            return None
        if len(text) > TEXT_MAX:
            self.error(key, msg("too_long", length=len(text), limit=TEXT_MAX), msg("too_long_hint"))
            return None
        return text

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            if value is not None:
                self.error(key, msg("expected_number", value=str(value)[:30]), msg("eg_number"))
            return None
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.text(key)
        if not value:
            return None
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            shaped = re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value).strip())
            self.error(key, msg("invalid_date", value=value), msg("day_not_exist") if shaped else msg("write_date"))
            return None

    def names(self, key: str) -> tuple[str, ...] | None:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            self.error(key, msg("expected_list"), msg("write_list", value=value[:30]))
            return None
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self.error(key, msg("expected_names"), msg("write_names"))
            return None
        if len(value) > LIST_MAX:
            self.error(key, msg("too_many", count=len(value), limit=LIST_MAX), msg("too_long_hint"))
            return None
        names = tuple(str(v).strip() for v in value)
        for name in names:
            if not name:
                self.error(key, msg("name_empty"), msg("write_names"))
                return None
            if len(name) > NAME_MAX:
                self.error(key, msg("too_long", length=len(name), limit=NAME_MAX), msg("too_long_hint"))
                return None
        return names


def check_body(body: str, body_line: int, rel: str, problems: Problems) -> None:
    """Raw HTML is not published: it is where script injection hides. Judged on the body as the build renders it
    (archive/markup.py), one problem per line and kind."""
    if not body.strip():
        problems.error(rel, body_line, "body", msg("body_empty"), msg("body_empty_hint"))
        return
    if PLACEHOLDER in body:
        problems.error(rel, body_line + body[: body.index(PLACEHOLDER)].count("\n"), "body",
                       msg("placeholder"), msg("placeholder_hint"))
    reported = set()
    for finding in audit(body):
        where = body_line + (body.count("\n", 0, finding.offset) if finding.offset > 0 else 0)
        if (where, finding.kind) in reported:
            continue
        reported.add((where, finding.kind))
        if finding.kind == "bad_link":
            problems.error(rel, where, "body", msg("bad_link", url=finding.url[:30]), msg("bad_link_hint"))
        else:
            problems.error(rel, where, "body", msg(finding.kind), msg(finding.kind + "_hint"))


def check_names(fields: Fields, key: str, vocab: Vocabulary, kind: str) -> tuple[str, ...]:
    """Resolve names and aliases to canonical names; unknown ones get a did-you-mean."""
    names = fields.names(key) or ()
    if kind in vocab.broken:
        return names
    resolved = []
    for name in names:
        entry = vocab.resolve_district(name) if kind == "district" else vocab.resolve_tag(name)
        if entry is None:
            hint = place_line(name, vocab) if kind == "district" else ""
            hint = hint or (vocab.suggest_district(name) if kind == "district" else vocab.suggest_tag(name))
            file = "issues/districts.yml" if kind == "district" else "issues/tags.yml"
            fields.error(key, msg(f"unknown_{kind}", name=name), hint or msg("add_to_vocab", file=file))
        elif entry.name not in resolved:
            resolved.append(entry.name)
    return tuple(resolved)


def check_title(fields: Fields) -> str | None:
    """A title is plain text everywhere it goes (pages, feeds, search): markup in it can only be a mistake or worse."""
    title = fields.text("title")
    found = TITLE_MARKUP.search(title or "")
    if found:
        fields.error("title", msg("title_markup", found=found.group(0)[:30]), msg("title_markup_hint"))
        return None
    return title


def check_slug(fields: Fields) -> str | None:
    slug = fields.text("slug")
    if slug is not None and not SLUG_RE.match(slug):
        fields.error("slug", msg("bad_slug", slug=slug), msg("eg_slug"))
        return None
    if slug in RESERVED_SLUGS:
        fields.error("slug", msg("reserved_slug", slug=slug), msg("eg_value", value=f"{slug}-1"))
        return None
    if slug and reserved_on_windows(slug):
        fields.error("slug", msg("windows_slug", slug=slug), msg("eg_value", value=f"{slug}-1"))
        return None
    return slug


def check_precision(fields: Fields) -> str:
    precision = fields.text("date_precision", "day") or "day"
    if precision not in PRECISIONS:
        fields.error("date_precision", msg("unknown_precision", value=precision),
                     msg("one_of", values=", ".join(PRECISIONS)))
        return "day"
    return precision


def check_original(fields: Fields, folder: Path) -> Original | None:
    """`original:` in issue.yml: the circulated file kept in the issue folder under its fixed name, whose SHA-256 and
    size are what was recorded on import (a replaced or damaged file is an error, not a different download)."""
    value = fields.data.get("original")
    if value is None:
        return None
    if not isinstance(value, dict):
        fields.error("original", msg("original_not_fields"), msg("original_fields_hint"))
        return None
    ok = True
    for key in value:
        if key not in ORIGINAL_FIELDS:
            hint = suggest(str(key), list(ORIGINAL_FIELDS)) or msg("allowed_fields", fields=", ".join(ORIGINAL_FIELDS))
            fields.error(f"original.{key}", msg("unknown_field", name=key), hint)
            ok = False
    for key in ORIGINAL_FIELDS:
        if value.get(key) in (None, ""):
            fields.error(f"original.{key}" if key in value else "original", msg("required_missing"),
                         msg("add_line", key=f"original.{key}"))
            ok = False
    file, name, sha256, size = (value.get(key) for key in ORIGINAL_FIELDS)
    if file is not None and str(file) not in ORIGINAL_FILES:
        fields.error("original.file", msg("original_bad_file", file=file, names="、".join(ORIGINAL_FILES)),
                     msg("original_bad_file_hint"))
        ok = False
    if isinstance(name, (dict, list)) or (isinstance(name, str) and ("\n" in name or "\r" in name)):
        fields.error("original.name", msg("original_bad_name"), msg("one_line"))
        ok = False
    if sha256 is not None and not re.fullmatch(r"[0-9a-f]{64}", str(sha256)):
        fields.error("original.sha256", msg("original_bad_sha256", value=str(sha256)[:20]), msg("original_reimport"))
        ok = False
    if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 0):
        fields.error("original.bytes", msg("expected_number", value=size), msg("original_reimport"))
        ok = False
    if not ok:
        return None
    path = folder / file
    if os.path.lexists(path) and file_problem(path, f"{fields.rel.rsplit('/', 1)[0]}/{file}", fields.problems):
        return None  # a link or a pipe: never read (or offered for download) through it
    if not path.is_file():
        fields.error("original.file", msg("original_missing", file=file, folder=folder.name),
                     msg("original_missing_hint", path=f"{fields.rel.rsplit('/', 1)[0]}/{file}"))
        return None
    digest, length = hashlib.sha256(), 0
    with open(path, "rb") as handle:  # in pieces: an original may be large, and memory stays flat
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            length += len(chunk)
    actual = digest.hexdigest()
    if actual != sha256:
        fields.error("original.sha256", msg("original_sha256_differs", file=file),
                     msg("original_sha256_hint", file=file, sha256=actual, bytes=length))
        return None
    if length != size:
        fields.error("original.bytes", msg("original_bytes_differ", file=file, actual=length, recorded=size),
                     msg("original_bytes_hint", actual=length))
        return None
    return Original(file=file, name=str(name).strip(), sha256=actual, bytes=size)
