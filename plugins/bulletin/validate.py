"""Field-by-field checks of issue.yml and item front matter; every problem names its line and suggests a fix."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

from .model import PRECISIONS
from .problems import Problems
from .vocabulary import SLUG_RE, Vocabulary
from .yamlio import Document

ITEM_REQUIRED = ("title", "section", "date", "districts", "slug")
ITEM_FIELDS = (*ITEM_REQUIRED, "date_precision", "tags", "source")
ISSUE_REQUIRED = ("series", "number", "published", "issuer", "sections")
ISSUE_FIELDS = (*ISSUE_REQUIRED, "report_to", "distribute_to")

PLACEHOLDER = "（在此填写正文。）"
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9-]*(?:[\s/>]|$)|<!--|<!\[CDATA|<\?")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1")
_EVENT = re.compile(r"\bon[a-z]+\s*=", re.I)
_JS_URL = re.compile(r"(?:javascript|vbscript|data)\s*:", re.I)
_EXTERNAL_IMAGE = re.compile(r"!\[[^\]]*\]\(\s*<?(?:[a-z]+:)?//", re.I)
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")


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
            self.problems.error(self.rel, self.doc.first_line, "front matter",
                                "expected `field: value` lines", f"fields: {', '.join(known)}")
            return False
        for key in self.data:
            if key not in known:
                close = difflib.get_close_matches(str(key), known, n=1)
                hint = f"did you mean {close[0]}?" if close else f"allowed fields: {', '.join(known)}"
                self.error(str(key), "unknown field", hint)
        for key in required:
            if self.data.get(key) in (None, "", []):
                self.problems.error(self.rel, self.doc.first_line, key, "required field is missing or empty",
                                    f"add a line `{key}: …`")
        return True

    def text(self, key: str, default: str | None = None) -> str | None:
        value = self.data.get(key, default)
        if value is None:
            return None
        if isinstance(value, (dict, list)):
            self.error(key, f"expected text, found a {type(value).__name__}", "write it on one line")
            return None
        return str(value).strip()

    def integer(self, key: str) -> int | None:
        value = self.data.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            if value is not None:
                self.error(key, f"expected a whole number, found {value!r}", "e.g. 8")
            return None
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            hint = "that day does not exist" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value).strip()) else ""
            self.error(key, f"{value!r} is not a valid date", hint or "write YYYY-MM-DD, e.g. 2020-07-16")
            return None

    def names(self, key: str) -> tuple[str, ...] | None:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            self.error(key, "expected a list", f"write [{value}]")
            return None
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
            self.error(key, "expected a list of names", "write [名称一, 名称二]")
            return None
        return tuple(str(v).strip() for v in value)


def check_body(body: str, body_line: int, rel: str, problems: Problems) -> None:
    """Raw HTML is not published: it is where script injection hides."""
    if not body.strip():
        problems.error(rel, body_line, "body", "the item has no text", "write the item's paragraphs after the ---")
        return
    if PLACEHOLDER in body:
        problems.error(rel, body_line + body[: body.index(PLACEHOLDER)].count("\n"), "body",
                       "the placeholder from `bulletin new` is still there", "replace it with the item's text")
    fenced = False
    for offset, raw in enumerate(body.split("\n")):
        where = body_line + offset
        if raw.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
            continue
        if fenced:
            continue  # Markdown shows code as text
        line = _CODE_SPAN.sub("", raw)
        if _TAG.search(line):
            problems.error(rel, where, "body", "raw HTML is not allowed in an item",
                           "remove the <…> tag; write plain text or Markdown")
        elif _EVENT.search(line) and "<" in line:
            problems.error(rel, where, "body", "an HTML event handler (on…=) is not allowed", "remove it")
        if _EXTERNAL_IMAGE.search(line):
            problems.error(rel, where, "body", "an image from another site would be loaded by every reader",
                           "save the image next to the item and link it by its file name")
        for url in _MD_LINK.findall(line):
            if _JS_URL.match(url.strip()):
                problems.error(rel, where, "body", f"link to {url[:30]!r} is not allowed",
                               "links must be http(s):// or relative")


def check_names(fields: Fields, key: str, vocab: Vocabulary, kind: str) -> tuple[str, ...]:
    """Resolve names and aliases to canonical names; unknown ones get a did-you-mean."""
    names = fields.names(key) or ()
    if kind in vocab.broken:
        return names
    resolved = []
    for name in names:
        entry = vocab.resolve_district(name) if kind == "district" else vocab.resolve_tag(name)
        if entry is None:
            hint = vocab.suggest_district(name) if kind == "district" else vocab.suggest_tag(name)
            file = "issues/districts.yml" if kind == "district" else "issues/tags.yml"
            fields.error(key, f"unknown {kind} {name!r}", hint or f"add it to {file} first")
        elif entry.name not in resolved:
            resolved.append(entry.name)
    return tuple(resolved)


def check_slug(fields: Fields) -> str | None:
    slug = fields.text("slug")
    if slug is not None and not SLUG_RE.match(slug):
        fields.error("slug", f"slug {slug!r} must be lowercase ASCII letters and digits joined by -",
                     "e.g. shapingba-wufei-xuexiao")
        return None
    if slug in ("index", "page", "feeds"):
        fields.error("slug", f"slug {slug!r} is reserved for the site's own pages", f"e.g. {slug}-1")
        return None
    return slug


def check_precision(fields: Fields) -> str:
    precision = fields.text("date_precision", "day") or "day"
    if precision not in PRECISIONS:
        fields.error("date_precision", f"unknown precision {precision!r}", f"one of {', '.join(PRECISIONS)}")
        return "day"
    return precision
