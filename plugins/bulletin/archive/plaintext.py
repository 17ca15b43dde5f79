"""An item's Markdown body as the text a reader sees: what every output besides the item page shows.

The item page renders the body as Markdown (MkDocs); the issue page, feeds, search and descriptions show text. To
agree with the item page that text is the rendered Markdown's, block by block, paragraphs separated by a blank
line. Nearly every body has none of Markdown's special characters, and such a body is its own text: `plain_text`
returns it as it is, after one regex search, and renders only the rest.
"""

from __future__ import annotations

import re
import threading
from html.parser import HTMLParser

import markdown

# MkDocs enables these three whatever mkdocs.yml says, and this project's mkdocs.yml adds none (a test holds the
# two together): rendering with them reads a body as the item page does.
EXTENSIONS = ("toc", "tables", "fenced_code")

# Anything that could make the rendered text differ from the source: inline markup and references anywhere,
# block syntax at a line's start, whitespace Markdown drops or expands, paragraph breaks other than one blank line,
# and the two characters Python-Markdown strips (its placeholders' delimiters).
NEEDS_RENDERING = re.compile(r"[\\`*_\[<&|\t\r\x02\x03]|^(?:[^\S\n]|[#>+\-=~]|\d+\.[ ])|[^\S\n]$|\n\n\n", re.M)

_BLOCKS = frozenset(("address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt", "figcaption",
                     "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
                     "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"))
_local = threading.local()  # one converter per thread: the search index is written beside page rendering


def plain_text(body: str) -> str:
    """The text of `body` as rendered: one paragraph (or heading, list entry, …) per block, "\\n\\n" between."""
    if NEEDS_RENDERING.search(body) is None:
        return body
    return rendered_text(body)


def rendered_text(body: str) -> str:
    """Render `body` with the site's Markdown and take its text (the path `plain_text` skips when it can)."""
    converter = getattr(_local, "markdown", None)
    if converter is None:
        converter = _local.markdown = markdown.Markdown(extensions=list(EXTENSIONS))
    html = converter.reset().convert(body)
    reader = _TextReader()
    reader.feed(html)
    reader.close()
    reader.flush()
    return "\n\n".join(reader.blocks)


class _TextReader(HTMLParser):
    """Text of each block element; character references are read back (`&lt;` → `<`), images and tags dropped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.parts: list[str] = []

    def flush(self) -> None:
        text = "".join(self.parts).strip()
        if text:
            self.blocks.append(text)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self.flush()
        elif tag == "br":
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self.flush()

    def handle_data(self, data):
        self.parts.append(data)
