"""What an item's body would publish, read from the body as the build renders it: raw HTML, links and images.

The item page renders the body with Python-Markdown and MkDocs' extensions (`plaintext.EXTENSIONS`, which a test
holds to mkdocs.yml), then nh3. `bulletin check` must refuse what that pipeline would let through or silently
remove, so it asks the same renderer rather than reading lines: a fence Markdown does not see as one, a reference
link whose `javascript:` sits in a definition further down, an entity-encoded scheme (`jav&#x61;script:`) are all
judged as Markdown reads them. A small extension records what the renderer itself takes as raw HTML (its block and
inline HTML processors; entities and fenced code blocks, which it stores the same way, are not raw HTML), and a
tree processor that runs after inline parsing reads every link and image URL (decoded as a browser decodes an
attribute) and the text outside code (a `<script` that Markdown leaves as text is still pasted code).

Markdown keeps no source positions, so each finding is located by searching its source text in the body: exact
for raw HTML and URLs, the first occurrence for the rest, the body's first line when nothing matches.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass
from xml.etree.ElementTree import Element

import markdown
import nh3
from markdown import util
from markdown.extensions import Extension
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from bulletin.archive.plaintext import EXTENSIONS

# Without one of these no tag, link or image can form: raw HTML and autolinks start with `<` and a letter, `/`, `!`
# or `?` (`PM2.5<35` cannot), inline links and images have `](`, reference links need a definition `]:` (and may be
# written `][`). Nearly every body has none.
NEEDS_AUDIT = re.compile(r"<[a-zA-Z/!?]|\]\s*[(\[:]")
# a tag starts with `<` right before its name (`a < b`, `PM2.5<35` are text to browsers and to Markdown alike)
TAG_TEXT = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:[\s/>]|$)|<!--|<!\[CDATA|<\?")
SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
LINK_SCHEMES = frozenset(nh3.ALLOWED_URL_SCHEMES)  # what nh3 keeps on the published page
_URL_NOISE = re.compile(r"[\t\n\r]")  # browsers drop these anywhere in a URL
_ESCAPED = re.compile(f"{util.STX}(\\d+){util.ETX}")  # as markdown.treeprocessors.UnescapeTreeprocessor
_local = threading.local()


@dataclass(frozen=True)
class Finding:
    kind: str  # "raw_html", "bad_link", "external_image" or "too_much_markup"
    source: str  # the text to look for in the body
    url: str = ""
    offset: int = -1  # where in the body (character offset), once located


def normalized_url(value: str) -> str:
    """An attribute value as a browser reads it: references decoded, surrounding controls and spaces stripped, tabs
    and line breaks removed, backslashes as slashes (`\\\\evil` is `//evil`), lower case."""
    text = _URL_NOISE.sub("", html.unescape(value)).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                            "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c"
                                                            "\x1d\x1e\x1f ")
    return text.replace("\\", "/").lower()


def url_problem(url: str, image: bool) -> str:
    """"" when `url` may be published as a link (image: as an image source), else the finding's kind."""
    seen = normalized_url(url)
    scheme = SCHEME.match(seen)
    if scheme and scheme.group(1) not in LINK_SCHEMES:
        return "bad_link"
    if image and (scheme or seen.startswith("//")):
        return "external_image"
    return ""


class _RawBlocks(Preprocessor):
    """Markdown's HTML block preprocessor, recording what it takes as raw HTML."""

    def __init__(self, inner: Preprocessor, audit: _Audit):
        super().__init__(inner.md)
        self.inner, self.audit = inner, audit

    def run(self, lines):
        stash = self.md.htmlStash.rawHtmlBlocks
        before = len(stash)
        lines = self.inner.run(lines)
        self.audit.found.extend(Finding("raw_html", str(block)) for block in stash[before:])
        return lines


class _RawInline(HtmlInlineProcessor):
    """Markdown's inline HTML processor (tags, comments; not entities), recording each match."""

    def __init__(self, pattern: str, md, audit: _Audit):
        super().__init__(pattern, md)
        self.audit = audit

    def handleMatch(self, m, data):
        self.audit.found.append(Finding("raw_html", m.group(1)))
        return super().handleMatch(m, data)


class _Published(Treeprocessor):
    """After inline parsing: every link and image URL, and text outside code that reads as a tag."""

    def __init__(self, md, audit: _Audit):
        super().__init__(md)
        self.audit = audit

    def run(self, root: Element):
        found = self.audit.found
        for element in root.iter():
            if element.tag in ("a", "img"):
                url = element.get("href" if element.tag == "a" else "src")
                if url is not None:  # backslash escapes, restored by Markdown's last tree processor
                    url = _ESCAPED.sub(lambda m: chr(int(m.group(1))), url)
                kind = url_problem(url, element.tag == "img") if url is not None else ""
                if kind:
                    found.append(Finding(kind, url, " ".join(url.split())))
            texts = (element.tail,) if element.tag in ("code", "pre") else (element.text, element.tail)
            for text in texts:
                if text and "<" in text:
                    found.extend(Finding("raw_html", _around(text, m)) for m in TAG_TEXT.finditer(text))


def _around(text: str, match: re.Match) -> str:
    """The match with what precedes it on its line (up to 8 characters): enough to find that spot in the body."""
    start = max(text.rfind("\n", 0, match.start()) + 1, match.start() - 8)
    return text[start:match.end()]


class _Audit(Extension):
    def __init__(self):
        super().__init__()
        self.found: list[Finding] = []

    def extendMarkdown(self, md):
        block = md.preprocessors["html_block"]
        md.preprocessors.register(_RawBlocks(block, self), "html_block", 20)
        md.inlinePatterns.register(_RawInline(HTML_RE, md, self), "html", 90)
        md.treeprocessors.register(_Published(md, self), "bulletin_audit", 15)  # right after inline parsing (20)


def _converter() -> tuple[markdown.Markdown, _Audit]:
    pair = getattr(_local, "pair", None)
    if pair is None:
        audit = _Audit()
        pair = _local.pair = (markdown.Markdown(extensions=[*EXTENSIONS, audit]), audit)
    return pair


MARKUP_MAX = 1_000  # `[` and `<` in one body: a bulletin item has a handful; Markdown's cost grows faster
NESTING_MAX = 16  # brackets open at once: Python-Markdown's link parsing is quadratic in the nesting


def too_much_markup(body: str) -> bool:
    """More brackets than any item needs, or nested deeper than any link: refused before Markdown runs (8,000
    nested `[` took it 35 s; 100,000 `<a` over a minute)."""
    if body.count("[") + body.count("<") > MARKUP_MAX:
        return True
    depth = 0
    for char in body:
        if char == "[":
            depth += 1
            if depth > NESTING_MAX:
                return True
        elif char == "]":
            depth = max(0, depth - 1)
    return False


def audit(body: str) -> list[Finding]:
    """What `body` would publish that an item may not: raw HTML, script or unknown-scheme links, outside images —
    each located (its `offset` in the body, or -1), in body order."""
    if NEEDS_AUDIT.search(body) is None:
        return []
    if too_much_markup(body):
        return [Finding("too_much_markup", "", offset=-1)]
    md, recorder = _converter()
    recorder.found = []
    md.reset()
    lines = body.split("\n")  # Markdown.convert's first three steps, up to this audit: the rest (toc ids,
    for preprocessor in md.preprocessors:  # serializing, restoring raw HTML) changes no tag, link or image
        lines = preprocessor.run(lines)
    root = md.parser.parseDocument(lines).getroot()
    for treeprocessor in md.treeprocessors:
        root = treeprocessor.run(root) or root
        if isinstance(treeprocessor, _Published):
            break
    found, recorder.found = recorder.found, []
    return sorted((_locate(body, f) for f in found), key=lambda f: f.offset)


def _locate(body: str, finding: Finding) -> Finding:
    for needle in (finding.source, finding.source.strip().split("\n", 1)[0]):
        if needle and (at := body.find(needle)) >= 0:
            return Finding(finding.kind, finding.source, finding.url, at)
    return Finding(finding.kind, finding.source, finding.url, -1)
