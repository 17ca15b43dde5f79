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

Bounded before python-docx reads a byte (`check_package`): the zip's declared sizes and compression ratios, only
the methods OOXML allows (stored, deflate: a bzip2 or LZMA member is refused unread), no DTD (OPC forbids them),
and every member inflated once in small pieces to prove it holds what it declares and no more (zipfile trusts the
declared size only after inflating a whole member in one call). After parsing, each part we walk has at most
`MAX_ELEMENTS` elements. python-docx's lxml parser resolves no entities, reads no network, and keeps libxml2's
limits (no `huge_tree`).
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.importer.source import Extracted, Paragraph, set_off_headline
from bulletin.messages import msg, zh

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
NOT_SHOWN = {f"{W}del", f"{W}moveFrom", f"{MC}Fallback", f"{W}rPr", f"{W}pPr", f"{W}sectPr", f"{W}tblPr",
             f"{W}trPr", f"{W}tcPr", f"{W}instrText", f"{W}delText", f"{W}footnoteReference",
             f"{W}endnoteReference", f"{W}commentReference"}
CONTAINERS = {f"{W}{t}" for t in ("ins", "moveTo", "smartTag", "hyperlink", "sdt", "sdtContent", "fldSimple",
                                  "customXml", "bdo", "dir", "body", "txbxContent", "tbl", "tr", "tc")}
PAGE_FIELDS = ("PAGE", "NUMPAGES", "SECTIONPAGES")
HEADER_FOOTER = {"header": zh("header_label"), "footer": zh("footer_label")}


MAX_MEMBERS = 2_000  # files in the package (a bulletin's .docx has 10–30)
MAX_PART = 16 << 20  # one file unpacked (the seed's document.xml: 139 KB)
MAX_PACKAGE = 128 << 20  # all files unpacked
MAX_RATIO = 100  # unpacked/packed for a file over 1 MiB (Word's XML: about 10)
MAX_ELEMENTS = 500_000  # elements in one part we walk (the seed's body: 3,287)
ALLOWED_METHODS = {zipfile.ZIP_STORED: "stored", zipfile.ZIP_DEFLATED: "deflate"}
METHOD_NAMES = {zipfile.ZIP_BZIP2: "bzip2", zipfile.ZIP_LZMA: "LZMA"}


class PackageRefused(ValueError):
    """The package is refused before it is read; the message says which file in it and why, for staff."""


def _mb(size: int) -> str:
    return f"{size / (1 << 20):,.1f} MB"


def check_package(path: Path) -> None:
    """Refuse a zip bomb, or a package made to exhaust the reader, from the zip's own records and a bounded
    inflation of each member — before python-docx (or lxml) reads anything."""
    with zipfile.ZipFile(path) as package, open(path, "rb") as raw:
        members = package.infolist()
        if len(members) > MAX_MEMBERS:
            raise PackageRefused(msg("docx_too_many_members", count=len(members), limit=MAX_MEMBERS))
        total = 0
        for info in members:
            name = info.filename[:80]
            if info.compress_type not in ALLOWED_METHODS:
                method = METHOD_NAMES.get(info.compress_type, str(info.compress_type))
                raise PackageRefused(msg("docx_method", name=name, method=method))
            if info.file_size > MAX_PART:
                raise PackageRefused(msg("docx_part_too_big", name=name, size=_mb(info.file_size),
                                         limit=_mb(MAX_PART)))
            ratio = info.file_size // max(info.compress_size, 1)
            if info.file_size > 1 << 20 and ratio > MAX_RATIO:
                raise PackageRefused(msg("docx_ratio", name=name, ratio=f"{ratio:,}", limit=MAX_RATIO))
            total += info.file_size
            if total > MAX_PACKAGE:
                raise PackageRefused(msg("docx_package_too_big", limit=_mb(MAX_PACKAGE)))
        for info in members:
            if _inflated(raw, info) != info.file_size:
                raise PackageRefused(msg("docx_size_lies", name=info.filename[:80]))


def _inflated(raw, info: zipfile.ZipInfo) -> int:  # noqa: ANN001 (a binary file)
    """The member's real unpacked size, inflated 64 KiB at a time and never past its declared size (+1 to tell a
    lie); a DTD in an XML member is refused on the way."""
    raw.seek(info.header_offset)
    header = raw.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise PackageRefused(msg("docx_size_lies", name=info.filename[:80]))
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    raw.seek(info.header_offset + 30 + name_length + extra_length)
    xml = info.filename.lower().endswith((".xml", ".rels"))
    inflater = zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
    size, left, tail = 0, info.compress_size, b""
    while left > 0 and not (inflater and inflater.eof):
        pending = raw.read(min(left, 1 << 16))
        if not pending:
            break
        left -= len(pending)
        while pending:
            try:
                out = inflater.decompress(pending, 1 << 16) if inflater else pending
            except zlib.error:
                return -1
            pending = inflater.unconsumed_tail if inflater else b""
            size += len(out)
            if xml and b"<!DOCTYPE" in tail + out:
                raise PackageRefused(msg("docx_dtd", name=info.filename[:80]))
            tail = out[-16:]
            if size > info.file_size or (inflater and inflater.eof):
                return size
    return size


def _check_elements(root, name: str) -> None:  # noqa: ANN001 (lxml)
    count = int(root.xpath("count(//*)"))  # counted by libxml2, without a Python object per element
    if count > MAX_ELEMENTS:
        raise PackageRefused(msg("docx_too_many_elements", name=name, count=f"{count:,}", limit=f"{MAX_ELEMENTS:,}"))


def paragraph_label(number: int) -> str:
    return zh("paragraph_label", number=number)


def read_docx(path: Path, kind: str = "Word") -> Extracted:
    from docx import Document

    check_package(path)
    document = Document(str(path))
    _check_elements(document.element, "word/document.xml")
    extracted = Extracted(kind)
    reader = _Reader(bold_styles=_bold_styles(document))
    reader.block(document.element.body)
    extracted.paragraphs, extracted.furniture = reader.paragraphs, reader.furniture
    count_text_runs(document.element.body, extracted)
    for rel in document.part.rels.values():
        name = rel.reltype.rsplit("/", 1)[-1]
        if name in HEADER_FOOTER and not rel.is_external:
            root = rel.target_part.element
            _check_elements(root, str(rel.target_part.partname).lstrip("/"))
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
