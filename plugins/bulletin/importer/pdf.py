"""A circulated PDF → paragraphs of running text, read from pdfminer.six's character layer.

Word and WPS export PDFs whose lines are justified, whose Chinese and digits are set apart by automatic spacing,
and whose spaces are mostly not drawn at all: gaps between glyphs are layout. So this reader takes every glyph with
its position and font and decides for itself: a gap is a space only between two Latin letters or digits; a gap of
a full character or more inside a line is a separator (a letter-spaced 本 期 要 目, the full-width space after a
run-in headline). A run-in headline is also told by its face (bold, or another font than its paragraph's body),
whatever happened to the separator at a line end. Lines are joined into paragraphs by their indents and line ends,
across pages; running heads, footers and page numbers (— 1 —, －1－, 第1页, 1/5, left or right) are set aside as
furniture. A text layer that cannot be read — (cid:N) codes, private-use glyphs, almost no Han — is refused.

Bounded: at most `MAX_PAGES` pages and `MAX_GLYPHS` glyphs, and an object that is a reference to itself (directly
or through others: pdfminer would resolve it for ever) is an error. Time and memory as a whole are bounded by the
child process the importer reads documents in (`sandbox.py`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bulletin.importer.source import Extracted, Paragraph, heading_face, set_off_headline
from bulletin.messages import zh

PAGE_NUMBER = re.compile(r"^[-－—–―_·•\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*(?:共\s*)?\d{1,4}\s*页?)?"
                         r"[-－—–―_·•\s]*$")
STARTS_PARAGRAPH = ("【", "[", "※", "*", "＊", "·", "•")
MAX_PAGES = 500
MAX_GLYPHS = 1_000_000  # a bulletin draws a few thousand; 500 full pages about a million


class NoTextLayer(ValueError):
    """The PDF has pages but no text to read: a scan or a picture."""


class UnreadableText(ValueError):
    """The PDF draws text, but its fonts carry no map back to characters: what it draws cannot be read."""


class TooManyPages(ValueError):
    """More pages than any bulletin has: refused before the reading costs minutes."""


class TooManyGlyphs(ValueError):
    """More text drawn than `MAX_GLYPHS`: a content stream made to exhaust the reader."""


class ReferenceCycle(ValueError):
    """An object that is a reference to itself, directly or through other references."""


@dataclass(frozen=True)
class Glyph:
    page: int
    x0: float
    x1: float
    top: float  # distance from the page's top: smaller is higher
    bottom: float
    size: float
    text: str
    face: str  # the font, with "+stroke" when drawn filled and stroked (a word processor's synthetic bold)

    @property
    def bold(self) -> bool:
        return heading_face(self.face)


@dataclass
class Line:
    glyphs: list[Glyph]
    text: str
    faces: list[str]  # face of each character of `text` ("" for a space put in)

    @property
    def page(self) -> int:
        return self.glyphs[0].page

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return self.glyphs[-1].x1

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def size(self) -> float:
        return Counter(round(g.size, 1) for g in self.glyphs).most_common(1)[0][0]


def read_pdf(path: Path) -> Extracted:
    pages = read_glyphs(path)
    extracted = Extracted("PDF")
    for number, glyphs in enumerate(pages, 1):
        for glyph in glyphs:
            extracted.count(page_label(number), glyph.text)
    if not any(pages):
        raise NoTextLayer(str(path))
    check_readable([g for glyphs in pages for g in glyphs])
    lines = [make_lines(glyphs) for glyphs in pages]
    kept, furniture = split_furniture(lines)
    extracted.furniture = [_paragraph([line]) for line in furniture]
    extracted.paragraphs = paragraphs([line for page in kept for line in page])
    return extracted


def preload() -> None:
    """Import pdfminer in this process, so that the child processes forked to read PDFs need not."""
    import pdfminer.converter
    import pdfminer.pdfinterp
    import pdfminer.pdfpage  # noqa: F401


def page_label(number: int) -> str:
    return zh("page_label", number=number)


def read_glyphs(path: Path) -> list[list[Glyph]]:
    """Every glyph each page draws, with the text render mode pdfminer's layout objects leave out."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LTChar, LTContainer
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    class Aggregator(PDFPageAggregator):
        stroked = False
        drawn = 0

        def render_string(self, textstate, seq, ncs, graphicstate):  # noqa: ANN001 (pdfminer's signature)
            self.stroked = textstate.render in (1, 2, 5, 6)
            super().render_string(textstate, seq, ncs, graphicstate)

        def render_char(self, *args, **kwargs):  # noqa: ANN002, ANN003
            advance = super().render_char(*args, **kwargs)
            self.cur_item._objs[-1].stroked = self.stroked
            self.drawn += 1
            if self.drawn > MAX_GLYPHS:
                raise TooManyGlyphs(str(MAX_GLYPHS))
            return advance

    def walk(item, page: int, height: float, out: list[Glyph]) -> None:  # noqa: ANN001
        for child in item:
            if isinstance(child, LTChar):
                face = child.fontname.split("+", 1)[-1] + ("+stroke" if getattr(child, "stroked", False) else "")
                out.append(Glyph(page, child.x0, child.x1, height - child.y1, height - child.y0, child.size,
                                 child.get_text(), face))
            elif isinstance(child, LTContainer):
                walk(child, page, height, out)

    device = Aggregator(PDFResourceManager(), laparams=None)
    interpreter = PDFPageInterpreter(device.rsrcmgr, device)
    pages: list[list[Glyph]] = []
    with open(path, "rb") as file:
        document = _document_class()(PDFParser(file))
        for number, page in enumerate(PDFPage.create_pages(document), 1):
            if number > MAX_PAGES:
                raise TooManyPages(str(MAX_PAGES))
            interpreter.process_page(page)
            layout = device.get_result()
            glyphs: list[Glyph] = []
            walk(layout, number, layout.height, glyphs)
            pages.append(glyphs)
    return pages


def _document_class():  # noqa: ANN202
    """pdfminer's document, whose objects never resolve for ever: following a reference that leads back to
    itself raises `ReferenceCycle` (pdfminer's `resolve1` would loop on `3 0 obj 3 0 R endobj`)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdftypes import PDFObjRef

    class Document(PDFDocument):
        def getobj(self, objid: int) -> object:
            seen, obj = {objid}, super().getobj(objid)
            while isinstance(obj, PDFObjRef):  # an object that is only a reference: follow it here, once
                if obj.objid in seen:
                    raise ReferenceCycle(str(objid))
                seen.add(obj.objid)
                obj = super().getobj(obj.objid)
            return obj

    return Document


def check_readable(glyphs: list[Glyph]) -> None:
    """Refuse a text layer made of unmapped codes: (cid:N), private-use characters, or hardly any Han."""
    drawn = [g.text for g in glyphs if g.text.strip()]
    bad = sum(1 for t in drawn if t.startswith("(cid:") or any("\ue000" <= c <= "\uf8ff" for c in t))
    han = sum(1 for t in drawn if any("\u3400" <= c <= "\u9fff" for c in t))
    if drawn and (bad > 0.02 * len(drawn) or han < 0.2 * len(drawn)):
        raise UnreadableText(f"{bad}/{han}/{len(drawn)}")


def make_lines(glyphs: list[Glyph]) -> list[Line]:
    """Glyphs sharing a baseline band, left to right; lines top to bottom. A row's mean middle is kept as a
    running sum (summing the row for every glyph made a long row quadratic)."""
    rows: list[list[Glyph]] = []
    total = 0.0  # sum of the middles of the last row's glyphs
    for glyph in sorted(glyphs, key=lambda g: (g.top + g.bottom) / 2):
        middle = (glyph.top + glyph.bottom) / 2
        if rows and abs(middle - total / len(rows[-1])) <= 0.4 * max(glyph.size, rows[-1][0].size):
            rows[-1].append(glyph)
            total += middle
        else:
            rows.append([glyph])
            total = middle
    return [_line(sorted(row, key=lambda g: g.x0)) for row in rows if any(g.text.strip() for g in row)]


def _line(glyphs: list[Glyph]) -> Line:
    """Visible glyphs left to right; what stands between two of them decided by `_gap` (drawn spaces included)."""
    visible = [g for g in glyphs if not g.text.isspace()]
    chars: list[str] = []
    faces: list[str] = []
    previous, drawn = None, ""
    for glyph in glyphs:
        if glyph.text.isspace():
            drawn += glyph.text if previous is not None else ""
            continue
        gap_text = _gap(previous, glyph, drawn) if previous is not None else ""
        chars.append(gap_text + glyph.text)
        faces += [""] * len(gap_text) + [glyph.face] * len(glyph.text)
        previous, drawn = glyph, ""
    return Line(visible, "".join(chars), faces)


def _gap(previous: Glyph, glyph: Glyph, drawn: str) -> str:
    """What the blank between two visible glyphs of a line stands for: a separator of full-width spaces where a
    character or more was left blank (a letter-spaced head, the space after a run-in headline, whatever glyph drew
    it); a space where one was drawn or between two Latin words; otherwise nothing (justification, CJK–Latin
    auto-spacing)."""
    blank, em = glyph.x0 - previous.x1, max(previous.size, glyph.size)
    if blank >= 0.8 * em:
        return "\u3000" * max(1, round(blank / em))
    if drawn:
        return drawn
    if blank > 0.15 * em and _latin(previous.text[-1]) and _latin(glyph.text[0]):
        return " "
    return ""


def _latin(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s", "", text))


def split_furniture(pages: list[list[Line]]) -> tuple[list[list[Line]], list[Line]]:
    """Page numbers, and text repeated at the top or bottom of most pages (running heads and footers)."""
    edges: Counter = Counter()
    for lines in pages:
        for line in {id(x): x for x in (*lines[:2], *lines[-2:])}.values():
            edges[_shape(line.text)] += 1
    running = {shape for shape, count in edges.items() if len(pages) >= 2 and count >= max(2, len(pages) / 2)}
    kept, dropped = [], []
    for lines in pages:
        edge = {id(x) for x in (*lines[:2], *lines[-2:])}
        page_kept = []
        for line in lines:
            furniture = id(line) in edge and (_shape(line.text) in running or PAGE_NUMBER.match(line.text.strip()))
            (dropped if furniture else page_kept).append(line)
        kept.append(page_kept)
    return kept, dropped


def paragraphs(lines: list[Line]) -> list[Paragraph]:
    """Lines wrapped by the page width joined back into their paragraphs; a run-in headline set off by a
    separator."""
    if not lines:
        return []
    left = min(line.x0 for line in lines)
    right = sorted(line.x1 for line in lines)[int(len(lines) * 0.9)]  # the text block's right edge
    groups: list[list[Line]] = []
    for previous, line in zip([None, *lines], lines):
        if previous is not None and _continues(previous, line, left, right):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [_paragraph(group) for group in groups]


def _continues(previous: Line, line: Line, left: float, right: float) -> bool:
    """Was `line` wrapped onto its own line from `previous` by the page width?"""
    em = previous.size
    reached_edge = previous.x1 >= right - 1.5 * em and previous.x0 <= left + 2.5 * em  # not set flush right
    indented = line.text.startswith("\u3000") or line.x0 > left + 1.2 * line.size
    same_page_gap = line.page == previous.page and line.top - previous.top > 2.2 * em
    new_face = line.faces[0] != previous.faces[-1] and _heading_face(line) and not _heading_face(previous)
    return (reached_edge and not indented and not same_page_gap and not new_face
            and not line.text.strip().startswith(STARTS_PARAGRAPH))


def _heading_face(line: Line) -> bool:
    return any(g.bold for g in line.glyphs[:2])


def _paragraph(lines: list[Line]) -> Paragraph:
    text, labels, faces = "", [], []
    for line in lines:
        part, part_faces = line.text, line.faces
        if text:  # a continuation line: its indent is layout
            cut = len(part) - len(part.lstrip())
            part, part_faces = part[cut:], part_faces[cut:]
        keep = len(part.rstrip())
        text += part[:keep]
        faces += part_faces[:keep]
        labels += [page_label(line.page)] * keep
    text, labels = set_off_headline(text, labels, faces)
    return Paragraph(text, tuple(labels))
