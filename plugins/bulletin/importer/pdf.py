"""A circulated PDF → the bulletin's plain text, one paragraph a line, for the same parser as .txt and .docx.

pdfminer.six reads the text layer with each line's position. What the page added is taken away again: running
headers and footers (the same text at the top or bottom of most pages, page numbers included) are dropped, lines
wrapped by the page width are joined back into their paragraph (a line that reaches the right edge continues on
the next, unless that one starts a paragraph with an indent, a 【section】 or a ※ entry), and a paragraph cut by a
page break is joined across it the same way. A PDF without a text layer (a scan) is refused with a clear message.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

PAGE_NUMBER = re.compile(r"^[-—–_\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*/\s*(?:共\s*)?\d{1,4}\s*页?)?[-—–_\s]*$")
STARTS_PARAGRAPH = ("【", "[", "※", "*", "＊", "·", "•")


@dataclass(frozen=True)
class Line:
    page: int
    x0: float
    x1: float
    top: float  # distance from the page's top: smaller is higher
    text: str

    @property
    def char_width(self) -> float:
        return (self.x1 - self.x0) / max(1, len(self.text))


class NoTextLayer(ValueError):
    """The PDF has pages but no text to read: a scan or a picture."""


def pdf_text(path: Path) -> str:
    pages = _read_lines(path)
    if not any(pages):
        raise NoTextLayer(str(path))
    pages = _drop_running_lines(pages)
    return "\n".join(_paragraphs([line for page in pages for line in page])) + "\n"


def _read_lines(path: Path) -> list[list[Line]]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer, LTTextLine

    pages = []
    for number, page in enumerate(extract_pages(str(path), laparams=LAParams(line_margin=0.3)), 1):
        lines = []
        for element in page:
            if not isinstance(element, LTTextContainer):
                continue
            for line in element:
                text = line.get_text().rstrip("\n") if isinstance(line, LTTextLine) else ""
                if text.strip():
                    lines.append(Line(number, line.x0, line.x1, page.height - line.y1, text.rstrip()))
        pages.append(sorted(lines, key=lambda ln: (round(ln.top), ln.x0)))
    return pages


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s", "", text))


def _drop_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Page numbers, and text repeated at the top or bottom of most pages (headers, footers)."""
    edges = Counter()
    for lines in pages:
        for line in {*lines[:2], *lines[-2:]}:
            edges[_shape(line.text)] += 1
    running = {shape for shape, count in edges.items() if len(pages) >= 2 and count >= max(2, len(pages) / 2)}
    kept = []
    for lines in pages:
        edge = {*lines[:2], *lines[-2:]}
        kept.append([ln for ln in lines if not (ln in edge and (_shape(ln.text) in running
                                                                 or PAGE_NUMBER.match(ln.text.strip())))])
    return kept


def _paragraphs(lines: list[Line]) -> list[str]:
    if not lines:
        return []
    left = min(ln.x0 for ln in lines)
    right = sorted(ln.x1 for ln in lines)[int(len(lines) * 0.9)]  # the text block's right edge
    paragraphs: list[str] = []
    previous: Line | None = None
    for line in lines:
        if previous is not None and _continues(previous, line, left, right):
            paragraphs[-1] += line.text.strip()
        else:
            paragraphs.append(line.text)
        previous = line
    return paragraphs


def _continues(previous: Line, line: Line, left: float, right: float) -> bool:
    """Was `line` wrapped onto its own line from `previous` by the page width?"""
    reached_edge = previous.x1 >= right - 2 * previous.char_width
    indented = line.text.startswith(("\u3000", "  ")) or line.x0 > left + 1.5 * line.char_width
    return reached_edge and not indented and not line.text.strip().startswith(STARTS_PARAGRAPH)
