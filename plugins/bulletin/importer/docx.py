"""Word (.docx) bulletins → paragraphs of running text, every text the document shows, in document order.

python-docx opens the package (parts, relationships, styles); the walk over WordprocessingML is ours, because
python-docx's `Paragraph.text` reads neither text boxes nor the runs inside smart tags, content controls and
fields, and its `row.cells` repeats a merged cell once per grid column. What Word shows is read once: paragraphs,
table cells (one `w:tc` however many columns it spans), text boxes (the `mc:Choice`, never also its VML
`mc:Fallback`), content controls, smart tags, hyperlinks, fields' results (their instructions never; PAGE numbers
go to the furniture), tracked insertions (deletions and moved-from text never). Headers and footers are
furniture. A manual line break starts a new line for the parser; a tab is a separator.

The document's own count is a second, plain walk: every `w:t` outside deletions and fallbacks, labelled by the
paragraph (`第N段`, counting every `w:p` in document order, text boxes and cells included) that holds it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bulletin.importer.source import Extracted, Paragraph, set_off_headline

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
NOT_SHOWN = {f"{W}del", f"{W}moveFrom", f"{MC}Fallback", f"{W}rPr", f"{W}pPr", f"{W}sectPr", f"{W}tblPr",
             f"{W}trPr", f"{W}tcPr", f"{W}instrText", f"{W}delText", f"{W}footnoteReference",
             f"{W}endnoteReference", f"{W}commentReference"}
CONTAINERS = {f"{W}{t}" for t in ("ins", "moveTo", "smartTag", "hyperlink", "sdt", "sdtContent", "fldSimple",
                                  "customXml", "bdo", "dir", "body", "txbxContent", "tbl", "tr", "tc")}
PAGE_FIELDS = ("PAGE", "NUMPAGES", "SECTIONPAGES")
HEADER_FOOTER = {"header": "页眉", "footer": "页脚"}


def paragraph_label(number: int) -> str:
    return f"第{number}段"


def read_docx(path: Path, kind: str = "Word") -> Extracted:
    from docx import Document

    document = Document(str(path))
    extracted = Extracted(kind)
    reader = _Reader(bold_styles=_bold_styles(document))
    reader.block(document.element.body)
    extracted.paragraphs, extracted.furniture = reader.paragraphs, reader.furniture
    count_text_runs(document.element.body, extracted)
    for rel in document.part.rels.values():
        name = rel.reltype.rsplit("/", 1)[-1]
        if name in HEADER_FOOTER and not rel.is_external:
            root = rel.target_part.element
            label = HEADER_FOOTER[name]
            extracted.furniture += [Paragraph.at(text, label) for text in _all_text(root)]
            count_text_runs(root, extracted, label)
    return extracted


def count_text_runs(root, extracted: Extracted, fixed_label: str | None = None) -> None:  # noqa: ANN001 (lxml)
    """The document's own count: every `w:t` Word shows, by the paragraph that holds it."""
    number = 0

    def walk(element, label: str) -> None:  # noqa: ANN001
        nonlocal number
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in (f"{W}del", f"{W}moveFrom", f"{MC}Fallback"):
                continue
            if tag == f"{W}p":
                number += 1
                walk(child, fixed_label or paragraph_label(number))
            elif tag == f"{W}t":
                extracted.count(label, child.text or "")
            else:
                walk(child, label)

    walk(root, fixed_label or "")


def _all_text(root) -> list[str]:  # noqa: ANN001
    lines = []
    for p in root.iter(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t") if not _under(t, p, (f"{W}del", f"{MC}Fallback")))
        if text.strip():
            lines.append(text)
    return lines


def _under(element, stop, tags: tuple[str, ...]) -> bool:  # noqa: ANN001
    parent = element.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def _bold_styles(document) -> set[str]:  # noqa: ANN001
    """Character and paragraph styles that make text bold (a headline style applied instead of direct bold)."""
    bold = set()
    for style in document.styles:
        try:
            if style.font.bold:
                bold.add(style.style_id)
        except (AttributeError, ValueError):
            continue
    return bold


@dataclass
class _Field:
    instruction: str = ""
    in_result: bool = False

    @property
    def page_number(self) -> bool:
        words = self.instruction.split()
        return bool(words) and words[0].upper() in PAGE_FIELDS


@dataclass
class _Reader:
    bold_styles: set[str]
    paragraphs: list[Paragraph] = field(default_factory=list)
    furniture: list[Paragraph] = field(default_factory=list)
    number: int = 0
    fields: list[_Field] = field(default_factory=list)

    def block(self, element) -> None:  # noqa: ANN001
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in NOT_SHOWN:
                continue
            if tag == f"{W}p":
                self.paragraph(child)
            elif tag == f"{MC}AlternateContent":
                self.block(_choice(child))
            elif tag in CONTAINERS or tag == f"{MC}Choice":
                self.block(child)

    def paragraph(self, p) -> None:  # noqa: ANN001
        self.number += 1
        label = paragraph_label(self.number)
        pieces: list[tuple[str, str]] = []  # (text, face) with face "" for separators and line breaks
        anchor: list[int] = []  # how many pieces stood before the first text box
        start = len(self.paragraphs)
        self.inline(p, pieces, anchor, _style(p, "pStyle") in self.bold_styles, label)
        box_paragraphs, self.paragraphs[start:] = self.paragraphs[start:], []
        text_first = any(text.strip() for text, _ in pieces[: anchor[0] if anchor else 0])
        for line in _lines(pieces):
            text, faces = "".join(t for t, _ in line), [f for t, f in line for _ in t]
            text, labels = set_off_headline(text, [label] * len(text), faces)
            if text.strip() or not line:
                self.paragraphs.append(Paragraph(text, tuple(labels)))
        if text_first:
            self.paragraphs += box_paragraphs
        else:
            self.paragraphs[start:start] = box_paragraphs

    def inline(self, element, pieces: list, anchor: list[int], bold: bool, label: str) -> None:  # noqa: ANN001
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in NOT_SHOWN:
                continue
            if tag == f"{W}r":
                self.run(child, pieces, anchor, bold, label)
            elif tag == f"{W}fldSimple":
                self.fields.append(_Field(child.get(f"{W}instr", ""), in_result=True))
                self.inline(child, pieces, anchor, bold, label)
                self.fields.pop()
            elif tag == f"{W}p":  # a paragraph inside a text box: a paragraph of its own
                anchor[:] = anchor or [len(pieces)]
                self.paragraph(child)
            elif tag == f"{MC}AlternateContent":
                self.inline(_choice(child), pieces, anchor, bold, label)
            else:
                self.inline(child, pieces, anchor, bold, label)

    def run(self, r, pieces: list, anchor: list[int], bold: bool, label: str) -> None:  # noqa: ANN001
        face = "bold" if bold or _run_bold(r, self.bold_styles) else "regular"
        for child in r:
            tag = child.tag
            if tag == f"{W}t":
                self.text(child.text or "", face, pieces, label)
            elif tag in (f"{W}tab", f"{W}ptab"):
                pieces.append(("\u3000", ""))
            elif tag in (f"{W}br", f"{W}cr") and child.get(f"{W}type") not in ("page", "column"):
                pieces.append(("\n", ""))
            elif tag == f"{W}noBreakHyphen":
                pieces.append(("-", face))
            elif tag == f"{W}fldChar":
                self.field_char(child.get(f"{W}fldCharType"))
            elif tag == f"{W}instrText" and self.fields:
                self.fields[-1].instruction += child.text or ""
            elif isinstance(tag, str) and tag not in NOT_SHOWN:
                self.inline(child, pieces, anchor, bold, label)  # a drawing or picture: its text boxes

    def text(self, text: str, face: str, pieces: list, label: str) -> None:
        if self.fields and not self.fields[-1].in_result:
            return  # never shown: a field's code
        if any(f.page_number for f in self.fields):
            self.furniture.append(Paragraph.at(text, label))
        else:
            pieces.append((text, face))

    def field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields:
            self.fields[-1].in_result = True
        elif kind == "end" and self.fields:
            self.fields.pop()


def _choice(alternate):  # noqa: ANN001, ANN202
    """The content Word shows of an `mc:AlternateContent`: its first Choice (text boxes as Word 2010+ writes
    them); the Fallback (the same box as VML, for older readers) only when there is no Choice."""
    for child in alternate:
        if child.tag == f"{MC}Choice":
            return child
    return next((c for c in alternate if c.tag == f"{MC}Fallback"), [])


def _style(element, kind: str) -> str | None:  # noqa: ANN001
    found = element.find(f"{W}pPr/{W}{kind}") if kind == "pStyle" else element.find(f"{W}rPr/{W}{kind}")
    return found.get(f"{W}val") if found is not None else None


def _run_bold(r, bold_styles: set[str]) -> bool:  # noqa: ANN001
    for tag in ("b", "bCs"):
        found = r.find(f"{W}rPr/{W}{tag}")
        if found is not None:
            return found.get(f"{W}val", "true").lower() not in ("0", "false", "off")
    return _style(r, "rStyle") in bold_styles


def _lines(pieces: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """A paragraph's pieces cut at its manual line breaks."""
    lines: list[list[tuple[str, str]]] = [[]]
    for text, face in pieces:
        if text == "\n":
            lines.append([])
        else:
            lines[-1].append((text, face))
    return lines
