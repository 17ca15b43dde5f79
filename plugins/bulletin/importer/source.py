"""A circulated document as the readers hand it to the parser: paragraphs in reading order, each character labelled
with where it stood (第2页, 第14段, 第12行), the page furniture set aside, and an independent count of every character
the document itself holds.

Each reader (`pdf.py`, `docx.py`, plain text here) fills one `Extracted`. The parser sees only `text()`, one
paragraph a line; `accounting.ledger` later matches the parser's placements against `source`, which each reader
counts by a second, simpler walk over the document (every text run, every drawn glyph) — so text that extraction
itself lost (a text box never read, a date inside a smart tag) shows up as unplaced instead of passing unseen.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from bulletin.archive.yamlio import bad_character, strip_bad_characters
from bulletin.messages import zh


def countable(text: str) -> str:
    """The characters that are counted: everything but white space (spacing is layout, not text; `str.split`
    cuts at exactly the characters `str.isspace` names) and the invisible characters archive text may not hold
    (zero-width spaces, direction marks, controls: dropped on import, see `Extracted.text`)."""
    return strip_bad_characters("".join(text.split()))


def layout_only(char: str) -> bool:
    """A character that is not counted (see `countable`)."""
    return char.isspace() or bad_character(char) is not None


def is_han(char: str) -> bool:
    return "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff" or "\U00020000" <= char <= "\U0003134f"


@dataclass
class Paragraph:
    """One paragraph of running text; `labels[k]` is where `text[k]` stood (a page or paragraph label)."""

    text: str
    labels: tuple[str, ...]

    @classmethod
    def at(cls, text: str, label: str) -> Paragraph:
        return cls(text, (label,) * len(text))

    @property
    def where(self) -> str:
        return self.labels[0] if self.labels else ""


@dataclass
class Extracted:
    """What a reader made of one document; `kind` names its format for people (PDF, Word, WPS …)."""

    kind: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    furniture: list[Paragraph] = field(default_factory=list)  # running heads, footers, page numbers: not text
    source: dict[str, str] = field(default_factory=dict)  # label → the characters the document holds there
    line_labels: bool = False  # plain text: a label is a line number, printed as `file:12:`
    as_read: str | None = None  # plain text: the file's text as it is, kept as the source.txt

    def text(self) -> str:
        """The parser's input: a paragraph a line, without the invisible characters the archive refuses."""
        return "\n".join(strip_bad_characters(p.text) for p in self.paragraphs) + "\n"

    def where(self, line: int) -> str:
        """The label of the parser's line `line` (1-based): its paragraph's first character's place."""
        if self.line_labels or not 1 <= line <= len(self.paragraphs):
            return str(line)
        return self.paragraphs[line - 1].where or str(line)

    def count(self, label: str, text: str) -> None:
        self.source[label] = self.source.get(label, "") + countable(text)


def plain_text(text: str) -> Extracted:
    """A .txt bulletin: a line is a paragraph, labelled by its number; the source count is the text itself."""
    from bulletin.importer.parse import normalize

    extracted = Extracted(zh("kind_text"), line_labels=True)
    for number, line in enumerate(normalize(text), 1):
        label = str(number)
        extracted.paragraphs.append(Paragraph.at(line, label))
        extracted.count(label, line)
    if extracted.paragraphs and not extracted.paragraphs[-1].text:
        extracted.paragraphs.pop()  # the final newline
    return extracted


def set_off_headline(text: str, labels: list[str], faces: list[str]) -> tuple[str, list[str]]:
    """A paragraph that opens with Han text in a heading face (bold, or a font its body never uses) and goes on in
    the body's face is a run-in headline and its first paragraph: make sure a separator stands between them (at a
    line end, the word processor drew none)."""
    start = next((k for k, c in enumerate(text) if not c.isspace() and faces[k]), None) if len(faces) == len(
        text) else None
    if start is None:
        return text, labels
    head_face, end = faces[start], start
    while end < len(text) and faces[end] in (head_face, ""):
        end += 1
    head, body_faces = text[start:end].rstrip(), [f for f in faces[end:] if f]
    if not body_faces or head_face in body_faces or text[end - 1].isspace():
        return text, labels
    if not (heading_face(head_face) or Counter(body_faces).most_common(1)[0][0] != head_face):
        return text, labels
    if not 4 <= len(head) <= 70 or any(p in head for p in "。！？；") or not any(is_han(c) for c in head):
        return text, labels
    return text[:end] + "\u3000" + text[end:], labels[:end] + [labels[end - 1]] + labels[end:]


def heading_face(face: str) -> bool:
    """Bold by name, or drawn stroked (how Word and LibreOffice embolden a font that has no bold face)."""
    return "+stroke" in face or bool(re.search(r"bold|black|heavy|semibold|demi", face, re.I))
