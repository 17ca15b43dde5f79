"""Office documents made the way offices make them, from a bulletin's plain text: the importer's test fixtures.

`office_docx` writes a .docx as Word/WPS templates for GB/T 9704 documents lay a 简报 out — raw WordprocessingML
in a zip: A4 with 37/35/28/26 mm margins; 仿宋_GB2312 16 pt on exact 28 pt lines, justified, two characters of
first-line indent; a red masthead in a table (merged cells: a w:gridSpan and a w:vMerge restart/continue pair);
the whole 本期要目 in a text box written as Word 2010+ writes it (the wps shape in mc:Choice and its VML copy in
mc:Fallback: the same text twice in the XML); 【section】 heads in bold 黑体; run-in headlines in bold 楷体 followed
by U+3000 and the first paragraph (or a headline paragraph of its own where the text has it on its own line); body
text split into runs at arbitrary places; the 版记 (id, 报, 发, issuer and 印发 date) between paragraph-border
rules; "— 1 —" page numbers from PAGE fields in footer parts (odd pages right, even pages left). With
`extras=True` it adds what files that passed through older Office versions and review carry, without changing the
final text: dates in chsdate smart tags, tracked insertions, tracked deletions and a move (neither the deleted
text nor the moved-from copy is text), a hyperlink, a HYPERLINK and a locked DATE complex field, DOCPROPERTY
fldSimple issue numbers, content controls, bookmarks and proofing marks, and a running header ("内部资料").

`office_paragraphs` is what a correct reader reads from that .docx, paragraph by paragraph, in document order.
`libreoffice_convert` exports it through LibreOffice headless (.pdf, .doc, .odt, .rtf) as the office's word
processor does; `as_wps` makes a .wps; `unreadable_pdf` strips the fonts' ToUnicode maps. `office_set` is the
session fixture that makes all of these once per test session.

The layout follows the text exactly as the importer's text parser reads it (parse.py): a headline is the text
before two spaces or a full-width space, or a line of its own that matches a 本期要目 entry; a line that continues
a paragraph (no terminal punctuation before it: a page break in the text) is joined to it; 报/发 lists continue
onto the next line until one ends with "。". So the document, read paragraph by paragraph, is the same bulletin.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest

from bulletin.importer.parse import CREDIT, FOOTER_ID, PRINTED, RECIPIENTS, SECTION, SPLIT, TERMINAL, TOC_ENTRY
from bulletin.importer.parse import normalize as _lines
from bulletin.importer.parse import similarity as _similar

# --- the text, read as parse.py reads it ---------------------------------------------------------------------------
# (the parser's own patterns: the layout is built from the text as the importer will read it back)

DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
GAP = re.compile(r"\s{2,}|\u3000+")


@dataclass
class Para:
    """One paragraph of the document. kind: mast (a masthead row: `cells`), toc-head, toc-section, toc-entry,
    section, headline (a headline paragraph of its own), runin (`head` + U+3000 + `text`), body, id, recipients,
    issuer, printed (`text` may be "issuer<TAB>date印发")."""

    kind: str
    text: str = ""
    head: str = ""
    cells: list[str] = field(default_factory=list)

    @property
    def plain(self) -> str:
        return f"{self.head}\u3000{self.text}" if self.kind == "runin" else self.text


@dataclass
class Layout:
    masthead: list[Para]
    toc: list[Para]
    body: list[Para]
    footer: list[Para]
    year: int
    month: int


def bulletin_layout(text: str) -> Layout:
    """The text's masthead, 本期要目, body and 版记 as document paragraphs (see the module's docstring)."""
    lines = _lines(text)
    start = next((i for i, line in enumerate(lines) if re.sub(r"\s", "", line) == "本期要目"), None)
    toc: list[Para] = []
    body_start = 0
    if start is not None:
        toc.append(Para("toc-head", lines[start].strip()))
        body_start, i = start + 1, start + 1
        while i < len(lines):
            stripped = lines[i].strip()
            if SECTION.match(stripped):
                following = next((s.strip() for s in lines[i + 1:] if s.strip()), "")
                if len(toc) > 1 and any(p.kind == "toc-entry" for p in toc) and not TOC_ENTRY.match(following):
                    break
                toc.append(Para("toc-section", stripped))
            elif TOC_ENTRY.match(stripped):
                toc.append(Para("toc-entry", stripped))
            elif stripped and any(p.kind == "toc-entry" for p in toc):
                if SPLIT.match(stripped) or any(p in stripped for p in "。！？"):
                    break
                toc[-1].text += stripped  # a long entry wrapped onto the next line
            i += 1
            body_start = i
    titles = [TOC_ENTRY.match(p.text).group(1).strip() for p in toc if p.kind == "toc-entry"]

    end = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        if FOOTER_ID.match(lines[i].strip()):
            end = i
            break
    footer: list[Para] = []
    current = None
    for line in lines[end:]:
        stripped = line.strip()
        if not stripped:
            continue
        if not footer:
            footer.append(Para("id", stripped))
        elif PRINTED.search(stripped):
            prefix = stripped[: PRINTED.search(stripped).start()].strip()
            footer.append(Para("printed", f"{prefix}\t{stripped[len(prefix):].strip()}" if prefix else stripped))
            current = None
        elif RECIPIENTS.match(stripped):
            footer.append(Para("recipients", stripped))
            current = footer[-1]
        elif current is not None and not current.text.rstrip().endswith("。"):
            current.text += stripped
        else:
            footer.append(Para("issuer", stripped))
            current = None

    body: list[Para] = []
    item_open = False
    for i in range(body_start, end):
        stripped = lines[i].strip()
        if not stripped:
            continue
        if SECTION.match(stripped):
            body.append(Para("section", stripped))
            item_open = False
            continue
        split = SPLIT.match(stripped)
        if split:
            body.append(Para("runin", split.group("body").strip(), head=split.group("head").strip()))
            item_open = True
        elif _own_headline(stripped, titles, lines, i):
            body.append(Para("headline", stripped))
            item_open = True
        elif item_open and body[-1].kind in ("runin", "body") and body[-1].text[-1] not in TERMINAL:
            body[-1].text += stripped  # the text's line break was a page break
        else:
            body.append(Para("body", stripped))

    published = None
    for p in footer:
        found = PRINTED.search(p.text)
        if found:
            published = dt.date(*(int(found.group(k)) for k in ("year", "month", "day")))
    published = published or dt.date(2020, 1, 1)
    masthead = [Para("mast", cells=[c for c in GAP.split(lines[i].strip()) if c])
                for i in range(start or 0) if lines[i].strip()]
    if not masthead:  # the text begins at its 本期要目: the masthead every bulletin is printed with, from its 版记
        ident = FOOTER_ID.match(footer[0].text) if footer else None
        issuer = next((p.text.split("\t")[0] for p in footer if p.kind == "printed" and "\t" in p.text), "")
        issuer = issuer or next((p.text for p in footer if p.kind == "issuer"), "")
        masthead = [Para("mast", cells=[ident.group("series").strip() if ident else "渝环简报"])]
        if ident:
            masthead.append(Para("mast", cells=[f"第{int(ident.group('number'))}期"]))
        date = f"{published.year}年{published.month}月{published.day}日"
        masthead.append(Para("mast", cells=[issuer, date] if issuer else [date]))
    return Layout(masthead, toc, body, footer, published.year, published.month)


def _own_headline(line: str, titles: list[str], lines: list[str], i: int) -> bool:
    """A headline on a line of its own: like a 本期要目 entry, or (no 本期要目) short, unpunctuated, before text."""
    if titles:
        return max(_similar(line, t) for t in titles) >= 0.8
    if len(line) <= 40 and not any(p in line for p in "。！？；：:"):
        following = next((s.strip() for s in lines[i + 1:] if s.strip()), "")
        return bool(following) and not SECTION.match(following)
    return False


def office_paragraphs(text: str) -> list[str]:
    """What a correct reader reads from `office_docx(text, …)` (with or without extras): masthead cells, the text
    box's paragraphs, the body and the 版记, one string a paragraph, in document order (a tab for w:tab)."""
    layout = bulletin_layout(text)
    cells = [c for p in layout.masthead for c in p.cells]
    return cells + [p.plain for p in layout.toc + layout.body + layout.footer]


# --- WordprocessingML ----------------------------------------------------------------------------------------------

NS = {
    "wpc": "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "o": "urn:schemas-microsoft-com:office:office",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "v": "urn:schemas-microsoft-com:vml",
    "wp14": "http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "w10": "urn:schemas-microsoft-com:office:word",
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "wpg": "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup",
    "wpi": "http://schemas.microsoft.com/office/word/2010/wordprocessingInk",
    "wne": "http://schemas.microsoft.com/office/word/2006/wordml",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
XMLNS = " ".join(f'xmlns:{k}="{v}"' for k, v in NS.items()) + ' mc:Ignorable="w14 wp14"'
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORDML = "application/vnd.openxmlformats-officedocument.wordprocessingml"

FANGSONG, HEITI, KAITI, XIAOBIAOSONG, SONGTI, LATIN = (
    "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体", "Times New Roman")
RED = "FF0000"
# A4 in twips, GB/T 9704 margins: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm
PAGE_W, PAGE_H, TOP, BOTTOM, LEFT, RIGHT = 11906, 16838, 2098, 1984, 1587, 1474
TEXT_W = PAGE_W - LEFT - RIGHT  # 8845 twips, 442 pt
TEXT_H = PAGE_H - TOP - BOTTOM
EMU = 635  # EMU per twip
AUTHORS = ("市无废办 王晓", "Administrator", "李娟")
REVISED = ("2020-07-31T09:12:00Z", "2020-08-01T16:40:00Z", "2020-08-02T10:05:00Z")


def _t(text: str, tag: str = "w:t") -> str:
    return f'<{tag} xml:space="preserve">{escape(text)}</{tag}>'


def _rpr(east: str = FANGSONG, size: int = 32, bold: bool = False, color: str = "", spacing: int = 0,
         latin: str = "") -> str:
    latin = latin or east  # Chinese templates set all four fonts to the Chinese face: “” and digits in it too
    parts = [f'<w:rFonts w:ascii="{latin}" w:eastAsia="{east}" w:hAnsi="{latin}" w:hint="eastAsia"/>']
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if spacing:
        parts.append(f'<w:spacing w:val="{spacing}"/>')
    parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


BODY = _rpr()
HEADLINE = _rpr(KAITI, bold=True)
HEAD_OWN = _rpr(HEITI, bold=True)
CREDIT_RPR = _rpr(KAITI)
SMALL = _rpr(size=28)


def _ppr(jc: str = "both", first: int | None = 640, line: int = 560, rule: str = "exact", before: int = 0,
         after: int = 0, left: int = 0, right: int = 0, hanging: int = 0, extra: str = "", keep_next: bool = False,
         rpr: str = "") -> str:
    if hanging:
        ind = f'<w:ind w:left="{left}" w:right="{right}" w:hanging="{hanging}"/>'
    elif first:
        ind = f'<w:ind w:left="{left}" w:right="{right}" w:firstLineChars="200" w:firstLine="{first}"/>'
    else:
        ind = f'<w:ind w:left="{left}" w:right="{right}" w:firstLineChars="0" w:firstLine="0"/>'
    return ("<w:pPr>" + ("<w:keepNext/>" if keep_next else "") + extra
            + f'<w:spacing w:before="{before}" w:after="{after}" w:line="{line}" w:lineRule="{rule}"/>'
            + ind + f'<w:jc w:val="{jc}"/>' + rpr + "</w:pPr>")


class _Writer:
    """Writes runs the way typing and editing leave them; with extras, the review and old-Office markup."""

    def __init__(self, seed: int, extras: bool, year: int, month: int):
        self.rng = random.Random(seed)
        self.extras, self.year, self.month = extras, year, month
        self.ids = itertools.count(1)
        self.links: list[str] = []  # external hyperlink targets: rIdLink1…
        self.body_count = 0
        self.placed: set[str] = set()
        self.rsids = [f"{self.rng.getrandbits(32):08X}" for _ in range(6)]

    def runs(self, text: str, rpr: str = BODY, tag: str = "w:t") -> str:
        """`text` in runs cut at arbitrary places (an edit, a paste, a spelling mark); never an empty run."""
        if not text:
            return ""
        count = min(len(text) - 1, self.rng.randint(len(text) // 60, 1 + len(text) // 25))
        cuts = sorted(self.rng.sample(range(1, len(text)), count))
        pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
        out = []
        for piece in pieces:
            rsid = self.rng.choice(self.rsids)
            mark = self.rng.random()
            if mark < 0.08:
                out.append('<w:proofErr w:type="gramStart"/>')
            out.append(f'<w:r w:rsidR="{rsid}">{rpr}{_t(piece, tag)}</w:r>')
            if mark < 0.08:
                out.append('<w:proofErr w:type="gramEnd"/>')
        return "".join(out)

    def _rev(self, tag: str) -> str:
        k = self.rng.randrange(len(AUTHORS))
        return f'<{tag} w:id="{next(self.ids)}" w:author="{AUTHORS[k]}" w:date="{REVISED[k]}">'

    def inline(self, text: str, rpr: str = BODY, body: bool = False) -> str:
        """The runs of `text`; with extras, its dates in smart tags and (`body`) one revision or field."""
        if not self.extras:
            return self.runs(text, rpr)
        spans: list[tuple[int, int, str, str]] = []  # (start, end, kind, data); zero-length spans insert markup

        def free(a: int, b: int) -> bool:
            return all(b <= s or a >= e for s, e, _, _ in spans if e > s) and all(
                not (a < s < b) for s, e, _, _ in spans if e == s)

        if body:
            self.body_count += 1
            k = self.body_count
            sentences = [m.end() for m in re.finditer("。", text)]
            commas = [m.end() for m in re.finditer("[，；]", text)]
            quoted = re.search(r"《[^》]{4,40}》", text)
            phrase = re.search(r"“[^”]{4,20}”", text)
            if quoted and "field" not in self.placed:
                self.placed.add("field")
                spans.append((quoted.start(), quoted.end(), "field-link", "http://www.mee.gov.cn/"))
            elif phrase and k >= 3 and "link" not in self.placed:
                self.placed.add("link")
                spans.append((phrase.start(), phrase.end(), "link", "https://www.cq.gov.cn/"))
            if k % 4 == 3 and len(sentences) >= 3 and free(sentences[0], sentences[2]):
                # the second sentence was moved up: moveTo holds it here, moveFrom its old place after the third
                spans.append((sentences[0], sentences[1], "move-to", f"move{k}"))
                spans.append((sentences[2], sentences[2], "move-from", text[sentences[0]:sentences[1]]))
            elif k % 4 == 1 and len(commas) >= 2 and free(commas[0], commas[1]):
                spans.append((commas[0], commas[1], "ins", ""))
            elif k % 4 == 2 and commas and free(commas[-1], commas[-1]):
                spans.append((commas[-1], commas[-1], "del", self.rng.choice(["进一步", "认真", "切实", "全面"])))
            elif k % 4 == 0 and sentences and free(sentences[-1] - 1, sentences[-1]):
                spans.append((sentences[-1] - 1, sentences[-1], "del-ins", "；"))  # 。 typed over a ；
        for m in DATE.finditer(text):
            if not free(m.start(), m.end()):
                continue
            if body and "date-field" not in self.placed and not m.group(1):
                self.placed.add("date-field")
                spans.append((m.start(), m.end(), "date-field", ""))
            else:
                spans.append((m.start(), m.end(), "date", ""))
        spans.sort(key=lambda s: (s[0], s[1]))
        out, at = [], 0
        for s, e, kind, data in spans:
            out.append(self.runs(text[at:s], rpr))
            out.append(self._span(text[s:e], kind, data, rpr))
            at = e
        out.append(self.runs(text[at:], rpr))
        return "".join(out)

    def _span(self, text: str, kind: str, data: str, rpr: str) -> str:
        if kind == "date":
            m = DATE.fullmatch(text)
            month, day = int(m.group(2)), int(m.group(3))
            year = int(m.group(1)) if m.group(1) else self.year - (month > self.month)
            attrs = [("Year", year), ("Month", month), ("Day", day), ("IsLunarDate", "False"), ("IsROCDate", "False")]
            props = "".join(f'<w:attr w:name="{n}" w:val="{v}"/>' for n, v in attrs)
            return ('<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="chsdate">'
                    f"<w:smartTagPr>{props}</w:smartTagPr>{self.runs(text, rpr)}</w:smartTag>")
        if kind == "date-field":
            return self.complex(' DATE \\@ "M月d日" \\* MERGEFORMAT ', text, rpr, lock=True)
        if kind == "field-link":
            return self.complex(f' HYPERLINK "{data}" ', text, rpr)
        if kind == "link":
            self.links.append(data)
            return f'<w:hyperlink r:id="rIdLink{len(self.links)}" w:history="1">{self.runs(text, rpr)}</w:hyperlink>'
        if kind == "ins":
            return self._rev("w:ins") + self.runs(text, rpr) + "</w:ins>"
        if kind == "del":
            return self._rev("w:del") + self.runs(data, rpr, "w:delText") + "</w:del>"
        if kind == "del-ins":
            return (self._rev("w:del") + self.runs(data, rpr, "w:delText") + "</w:del>"
                    + self._rev("w:ins") + self.runs(text, rpr) + "</w:ins>")
        if kind in ("move-to", "move-from"):
            # moveTo: the text in its new place; moveFrom: its old place, which is no longer text
            tag, name, content = ("moveTo", data, text) if kind == "move-to" else ("moveFrom", f"move{self.body_count}",
                                                                                 data)
            mark = next(self.ids)
            k = self.rng.randrange(len(AUTHORS))
            who = f'w:author="{AUTHORS[k]}" w:date="{REVISED[k]}"'
            return (f'<w:{tag}RangeStart w:id="{mark}" {who} w:name="{name}"/><w:{tag} w:id="{next(self.ids)}" {who}>'
                    + self.runs(content, rpr) + f'</w:{tag}><w:{tag}RangeEnd w:id="{mark}"/>')
        raise ValueError(kind)

    def complex(self, instr: str, result: str, rpr: str = BODY, lock: bool = False) -> str:
        """A complex field: begin, its instruction, separate, the result's runs (the text), end."""
        locked = ' w:fldLock="1"' if lock else ""
        return (f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"{locked}/></w:r>'
                f'<w:r>{rpr}{_t(instr, "w:instrText")}</w:r>'
                f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
                + self.runs(result, rpr) + f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>')

    def number(self, text: str, rpr: str) -> str:
        """The issue number in `text` as a DOCPROPERTY fldSimple (extras), as templates fill it in."""
        m = re.search(r"\d+", text)
        if not (self.extras and m):
            return self.runs(text, rpr)
        field_xml = (f'<w:fldSimple w:instr=" DOCPROPERTY  期号  \\* MERGEFORMAT ">'
                     f"{self.runs(m.group(0), rpr)}</w:fldSimple>")
        return self.runs(text[: m.start()], rpr) + field_xml + self.runs(text[m.end():], rpr)


def _p(ppr: str, content: str, rsid: str = "") -> str:
    attr = f' w:rsidR="{rsid}" w:rsidRDefault="{rsid}"' if rsid else ""
    return f"<w:p{attr}>{ppr}{content}</w:p>"


def _masthead(layout: Layout, w: _Writer) -> str:
    """The red masthead as a two-column table: the title merged across both columns (gridSpan) and two rows
    (vMerge restart/continue), the number across both columns, issuer left and date right over a red rule."""
    half = TEXT_W - 2300  # issuer left, date right
    rows = []
    none = ('<w:tcBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="nil"/>'
            '<w:right w:val="nil"/></w:tcBorders>')
    rule = (f'<w:tcBorders><w:top w:val="nil"/><w:left w:val="nil"/><w:bottom w:val="single" w:sz="18" w:space="0" '
            f'w:color="{RED}"/><w:right w:val="nil"/></w:tcBorders>')

    def tc(content: str, width: int, span: int = 1, vmerge: str = "", borders: str = none, valign: str = "center"):
        props = f'<w:tcW w:w="{width}" w:type="dxa"/>'
        if span > 1:
            props += f'<w:gridSpan w:val="{span}"/>'
        if vmerge:
            props += '<w:vMerge w:val="restart"/>' if vmerge == "restart" else "<w:vMerge/>"
        props += borders + f'<w:vAlign w:val="{valign}"/>'
        return f"<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>"

    def tr(cells: str, height: int, rule_kind: str = "exact") -> str:
        return (f'<w:tr w:rsidR="{w.rsids[0]}"><w:trPr><w:trHeight w:val="{height}" w:hRule="{rule_kind}"/>'
                f"</w:trPr>{cells}</w:tr>")

    centred = _ppr(jc="center", first=None, line=240, rule="auto")
    title, *others = layout.masthead
    title_rpr = _rpr(XIAOBIAOSONG, size=104, color=RED, spacing=60, latin=XIAOBIAOSONG)
    rows.append(tr(tc(_p(centred, w.runs(title.cells[0], title_rpr)), TEXT_W, 2, "restart"), 700))
    rows.append(tr(tc(_p(centred, ""), TEXT_W, 2, "continue"), 700))
    for k, row in enumerate(others):
        last = k == len(others) - 1
        borders = rule if last else none
        if len(row.cells) == 1:
            rpr = _rpr(size=32)
            content = w.number(row.cells[0], rpr) if re.fullmatch(r"第\s*\d+\s*期", row.cells[0]) else w.inline(
                row.cells[0], rpr)
            cells = tc(_p(_ppr(jc="center", first=None), content), TEXT_W, 2, borders=borders)
        else:
            left, right = row.cells[0], " ".join(row.cells[1:])
            rpr = _rpr(size=28)
            cells = (tc(_p(_ppr(jc="left", first=None), w.inline(left, rpr)), half, borders=borders)
                     + tc(_p(_ppr(jc="right", first=None), w.inline(right, rpr)), TEXT_W - half, borders=borders))
        rows.append(tr(cells, 600 if not last else 640, "atLeast"))
    grid = f'<w:tblGrid><w:gridCol w:w="{half}"/><w:gridCol w:w="{TEXT_W - half}"/></w:tblGrid>'
    props = (f'<w:tblPr><w:tblW w:w="{TEXT_W}" w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/>'
             '<w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar>'
             '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
             'w:noHBand="0" w:noVBand="0"/></w:tblPr>')
    return f"<w:tbl>{props}{grid}{''.join(rows)}</w:tbl>"


TOC_SIZE = 24  # half-points: 12 pt 楷体 entries in the contents box


def _toc_box(layout: Layout, w: _Writer, masthead_twips: int) -> str:
    """The 本期要目 in a floating text box, as Word 2010+ writes it: the wps shape (mc:Choice) and its VML
    fallback (mc:Fallback) hold the same w:txbxContent."""
    lines = sum(1 + len(p.text) * TOC_SIZE * 10 // (TEXT_W - 600) for p in layout.toc[1:])
    room = TEXT_H - masthead_twips - 1800
    pitch = max(280, min(400, room // max(lines, 1)))
    paras = []
    for p in layout.toc:
        if p.kind == "toc-head":
            paras.append(_p(_ppr(jc="center", first=None, line=520, after=60), w.runs(p.text, _rpr(HEITI, 32, True))))
        elif p.kind == "toc-section":
            paras.append(_p(_ppr(jc="left", first=None, line=pitch, left=120),
                            w.runs(p.text, _rpr(HEITI, TOC_SIZE, True))))
        else:
            paras.append(_p(_ppr(jc="left", first=None, line=pitch, left=360, hanging=240),
                            w.runs(p.text, _rpr(KAITI, TOC_SIZE))))
    content = "<w:txbxContent>" + "".join(paras) + "</w:txbxContent>"
    height = 520 + 60 + lines * pitch + 2 * 72 + 120  # twips: heading, lines, insets (0.05 in), a little air
    cx, cy = TEXT_W * EMU, height * EMU
    choice = (
        '<mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{5 * EMU * 20}</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:wrapTopAndBottom/><wp:docPr id="1" name="文本框 2"/>'
        '<wp:cNvGraphicFramePr/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        '<wps:wsp><wps:cNvSpPr txBox="1"/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill>'
        '<a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/></a:solidFill><a:miter lim="800000"/></a:ln>'
        '</wps:spPr>'
        f"<wps:txbx>{content}</wps:txbx>"
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="91440" tIns="45720" rIns="91440" bIns="45720" '
        'anchor="t" anchorCtr="0"><a:spAutoFit/></wps:bodyPr>'
        '</wps:wsp></a:graphicData></a:graphic>'
        '<wp14:sizeRelH relativeFrom="margin"><wp14:pctWidth>0</wp14:pctWidth></wp14:sizeRelH>'
        '<wp14:sizeRelV relativeFrom="margin"><wp14:pctHeight>0</wp14:pctHeight></wp14:sizeRelV>'
        '</wp:anchor></w:drawing></mc:Choice>')
    fallback = (
        '<mc:Fallback><w:pict>'
        '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
        '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
        f'<v:shape id="文本框 2" o:spid="_x0000_s1026" type="#_x0000_t202" style="position:absolute;'
        f"margin-left:0;margin-top:5pt;width:{TEXT_W / 20:.1f}pt;height:{height / 20:.1f}pt;z-index:251659264;"
        'mso-position-horizontal:center;mso-position-horizontal-relative:margin;mso-position-vertical-relative:text;'
        'mso-width-relative:margin;mso-height-relative:margin;v-text-anchor:top" fillcolor="white" '
        'strokeweight=".75pt">'
        f'<v:textbox style="mso-fit-shape-to-text:t">{content}</v:textbox>'
        '<w10:wrap type="topAndBottom" anchorx="margin"/></v:shape>'
        '</w:pict></mc:Fallback>')
    run = f"<w:r><w:rPr><w:noProof/></w:rPr><mc:AlternateContent>{choice}{fallback}</mc:AlternateContent></w:r>"
    # the anchor's own paragraph is a hairline, so that it never pushes the box onto the next page
    return _p(_ppr(jc="left", first=None, line=20, rule="exact", rpr='<w:rPr><w:sz w:val="2"/></w:rPr>'), run)


def _body(layout: Layout, w: _Writer) -> str:
    out = []
    for p in layout.body:
        rsid = w.rng.choice(w.rsids)
        if p.kind == "section":
            out.append(_p(_ppr(jc="left", first=0, before=160, keep_next=True), w.runs(p.text, _rpr(HEITI, bold=True)),
                          rsid))
        elif p.kind == "headline":
            out.append(_p(_ppr(keep_next=True), w.inline(p.text, HEAD_OWN), rsid))
        else:
            text, credit = p.text, ""
            found = CREDIT.search(text)
            if found:
                text, credit = text[: found.start()], text[found.start():]
            lead = ""
            if p.kind == "runin":
                # the full-width space typed while bold was still on, or after turning it off: both happen
                if w.rng.random() < 0.5:
                    lead = w.runs(p.head + "\u3000", HEADLINE)
                else:
                    lead = w.runs(p.head, HEADLINE) + w.runs("\u3000", BODY)
            paragraph = _p(_ppr(), lead + w.inline(text, body=True) + w.runs(credit, CREDIT_RPR), rsid)
            if w.extras and w.body_count % 6 == 5 and "sdt" not in w.placed:
                w.placed.add("sdt")
                paragraph = ('<w:sdt><w:sdtPr><w:alias w:val="正文"/><w:tag w:val="body"/>'
                             f'<w:id w:val="{-1000 - next(w.ids)}"/><w:richText/></w:sdtPr>'
                             f"<w:sdtContent>{paragraph}</w:sdtContent></w:sdt>")
            out.append(paragraph)
    return "".join(out)


def _footer(layout: Layout, w: _Writer) -> str:
    """The id line, then the 版记 between rules: thick above 报, thin below the recipients, thick below 印发."""
    out = [_p(_ppr(jc="both", first=None, line=560), "")]  # a blank line above the 版记
    thick = '<w:{side} w:val="single" w:sz="8" w:space="1" w:color="auto"/>'
    thin = '<w:{side} w:val="single" w:sz="4" w:space="1" w:color="auto"/>'
    recipients = [p for p in layout.footer if p.kind == "recipients"]
    for p in layout.footer:
        if p.kind == "id":
            out.append(_p(_ppr(jc="right", first=None), w.number(p.text, BODY)))
            continue
        borders = ""
        if recipients and p is recipients[0]:
            borders += thick.format(side="top")
        if recipients and p is recipients[-1]:
            borders += thin.format(side="bottom")
        if p.kind == "printed":
            borders += thick.format(side="bottom")
        pbdr = f"<w:pBdr>{borders}</w:pBdr>" if borders else ""
        if p.kind == "recipients":
            out.append(_p(_ppr(jc="both", line=480, left=840, right=280, hanging=560, extra=pbdr),
                          w.inline(p.text, SMALL)))
        elif p.kind == "printed" and "\t" in p.text:
            # issuer left, date right on one line: a long issuer loses the indents, then is set a little tighter
            issuer, date = p.text.split("\t")
            width = sum(140 if ord(c) < 0x2000 else 280 for c in issuer + date) + 600
            inset = 280 if width + 560 <= TEXT_W else 0
            squeeze = 0 if width <= TEXT_W else -min(30, -(-(width - TEXT_W) // len(issuer + date)))
            rpr = _rpr(size=28, spacing=squeeze)
            tabs = f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_W - inset}"/></w:tabs>'
            out.append(_p(_ppr(jc="left", first=None, line=480, left=inset, right=inset, extra=pbdr + tabs),
                          _issuer(w, issuer, rpr) + f"<w:r>{rpr}<w:tab/></w:r>" + w.inline(date, rpr)))
        elif p.kind == "printed":
            out.append(_p(_ppr(jc="right", first=None, line=480, left=280, right=280, extra=pbdr),
                          w.inline(p.text, SMALL)))
        else:
            out.append(_p(_ppr(jc="left", first=None, line=480, left=280, right=280, extra=pbdr), _issuer(w, p.text)))
    return "".join(out)


def _issuer(w: _Writer, text: str, rpr: str = SMALL) -> str:
    if not w.extras:
        return w.runs(text, rpr)
    return ('<w:sdt><w:sdtPr><w:alias w:val="印发机关"/><w:tag w:val="issuer"/>'
            f'<w:id w:val="{-2000 - next(w.ids)}"/><w:text/></w:sdtPr>'
            f"<w:sdtContent>{w.runs(text, rpr)}</w:sdtContent></w:sdt>")


def _page_footer(side: str) -> str:
    """"— N —" in 4号 半角宋体, a PAGE complex field; odd pages right, even pages left, a character in."""
    rpr = _rpr(SONGTI, 28, latin=SONGTI)
    field_xml = (f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r><w:r>{rpr}{_t(" PAGE ", "w:instrText")}</w:r>'
                 f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r><w:r>{rpr}{_t("1")}</w:r>'
                 f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r>')
    ppr = (f'<w:pPr><w:pStyle w:val="a3"/><w:ind w:left="280" w:right="280"/><w:jc w:val="{side}"/>{rpr}</w:pPr>')
    return (HEAD + f"<w:ftr {XMLNS}>" + _p(ppr, f"<w:r>{rpr}{_t('— ')}</w:r>{field_xml}<w:r>{rpr}{_t(' —')}</w:r>")
            + "</w:ftr>")


def _page_header(text: str) -> str:
    ppr = '<w:pPr><w:pStyle w:val="a4"/><w:jc w:val="left"/></w:pPr>'
    return HEAD + f"<w:hdr {XMLNS}>" + _p(ppr, f"<w:r>{_rpr(size=21)}{_t(text)}</w:r>" if text else "") + "</w:hdr>"


STYLES = HEAD + f"""<w:styles {XMLNS}>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{LATIN}" w:eastAsia="{FANGSONG}" w:hAnsi="{LATIN}" \
w:cs="{LATIN}"/><w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:val="en-US" \
w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="560" \
w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="a"><w:name w:val="Normal"/><w:qFormat/><w:pPr>\
<w:widowControl w:val="0"/><w:spacing w:line="560" w:lineRule="exact"/><w:ind w:firstLineChars="200" \
w:firstLine="640"/><w:jc w:val="both"/></w:pPr><w:rPr><w:rFonts w:eastAsia="{FANGSONG}"/></w:rPr></w:style>
<w:style w:type="character" w:default="1" w:styleId="a0"><w:name w:val="Default Paragraph Font"/>\
<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>
<w:style w:type="table" w:default="1" w:styleId="a1"><w:name w:val="Normal Table"/><w:semiHidden/>\
<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" \
w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="paragraph" w:styleId="a3"><w:name w:val="footer"/><w:basedOn w:val="a"/><w:pPr>\
<w:tabs><w:tab w:val="center" w:pos="4153"/><w:tab w:val="right" w:pos="8306"/></w:tabs><w:snapToGrid \
w:val="0"/><w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc \
w:val="left"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="a4"><w:name w:val="header"/><w:basedOn w:val="a"/><w:pPr>\
<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr><w:tabs><w:tab \
w:val="center" w:pos="4153"/><w:tab w:val="right" w:pos="8306"/></w:tabs><w:snapToGrid w:val="0"/><w:spacing \
w:line="240" w:lineRule="auto"/><w:ind w:firstLineChars="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>\
<w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
</w:styles>"""

FONTS = [  # name, alternative name, panose, charset (86: GB2312), family, pitch
    (FANGSONG, "仿宋", "02010609030101010101", "86", "modern", "fixed"),
    (HEITI, "SimHei", "02010609060101010101", "86", "modern", "fixed"),
    (KAITI, "楷体", "02010609030101010101", "86", "modern", "fixed"),
    (XIAOBIAOSONG, "方正小标宋_GBK", "02000000000000000000", "86", "auto", "variable"),
    (SONGTI, "SimSun", "02010600030101010101", "86", "auto", "variable"),
    (LATIN, "", "02020603050405020304", "00", "roman", "variable"),
]
FONT_TABLE = HEAD + f"<w:fonts {XMLNS}>" + "".join(
    f'<w:font w:name="{n}">' + (f'<w:altName w:val="{a}"/>' if a else "")
    + f'<w:panose1 w:val="{p}"/><w:charset w:val="{c}"/><w:family w:val="{f}"/><w:pitch w:val="{pi}"/></w:font>'
    for n, a, p, c, f, pi in FONTS) + "</w:fonts>"


def _settings(extras: bool, rsids: list[str]) -> str:
    return (HEAD + f"<w:settings {XMLNS}>" + '<w:zoom w:percent="100"/>'
            + "<w:bordersDoNotSurroundHeader/><w:bordersDoNotSurroundFooter/>"
            + ("<w:trackRevisions/>" if extras else "")
            + '<w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
            + '<w:drawingGridHorizontalSpacing w:val="160"/><w:drawingGridVerticalSpacing w:val="579"/>'
            + '<w:displayHorizontalDrawingGridEvery w:val="0"/><w:displayVerticalDrawingGridEvery w:val="2"/>'
            + '<w:characterSpacingControl w:val="compressPunctuation"/>'
            + "<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>"
            + "<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>"
            + '<w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" '
            + 'w:val="15"/></w:compat>'
            + "<w:rsids>" + "".join(f'<w:rsid w:val="{r}"/>' for r in rsids) + "</w:rsids>"
            + '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
            + ('<w:smartTagType w:namespaceuri="urn:schemas-microsoft-com:office:smarttags" w:name="chsdate"/>'
               if extras else "")
            + '<w:decimalSymbol w:val="."/>'
            + '<w:listSeparator w:val=","/></w:settings>')


def _content_types(header: bool, extras: bool) -> str:
    parts = [("/word/document.xml", f"{WORDML}.document.main+xml"), ("/word/styles.xml", f"{WORDML}.styles+xml"),
             ("/word/settings.xml", f"{WORDML}.settings+xml"), ("/word/fontTable.xml", f"{WORDML}.fontTable+xml"),
             ("/word/footer1.xml", f"{WORDML}.footer+xml"), ("/word/footer2.xml", f"{WORDML}.footer+xml"),
             ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
             ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml")]
    if header:
        parts += [("/word/header1.xml", f"{WORDML}.header+xml"), ("/word/header2.xml", f"{WORDML}.header+xml")]
    if extras:
        parts.append(("/docProps/custom.xml", "application/vnd.openxmlformats-officedocument.custom-properties+xml"))
    return (HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in parts) + "</Types>")


def _rels(rels: list[tuple[str, str, str, bool]]) -> str:
    return (HEAD + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="{i}" Type="{t}" Target={quoteattr(target)}'
                      + (' TargetMode="External"' if external else "") + "/>" for i, t, target, external in rels)
            + "</Relationships>")


def _core(title: str, published: dt.date) -> str:
    stamp = f"{published - dt.timedelta(days=4)}T01:23:00Z"
    return (HEAD + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f"<dc:title>{escape(title)}</dc:title><dc:creator>Administrator</dc:creator>"
            "<cp:lastModifiedBy>市无废办 王晓</cp:lastModifiedBy><cp:revision>7</cp:revision>"
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{published}T08:30:00Z</dcterms:modified>'
            "</cp:coreProperties>")


APP = (HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
       'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>Normal.dotm'
       "</Template><TotalTime>95</TotalTime><Application>Microsoft Office Word</Application><DocSecurity>0"
       "</DocSecurity><Company>Microsoft</Company><AppVersion>16.0000</AppVersion></Properties>")


def _custom(number: str) -> str:
    return (HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="期号">'
            f"<vt:lpwstr>{escape(number)}</vt:lpwstr></property></Properties>")


def office_docx(text: str, path: Path, *, extras: bool = False, header: str | None = None) -> Path:
    """Write `text` (a bulletin's plain text) to `path` as the office's word processor lays it out (see the module's
    docstring); returns `path`. `extras`: smart tags, revisions, fields, content controls (same final text).
    `header`: a running head in header parts (default: none; with extras "内部资料　注意保存", which is not
    bulletin text: a reader must leave headers and footers out)."""
    layout = bulletin_layout(text)
    if header is None and extras:
        header = "内部资料　注意保存"
    w = _Writer(zlib.crc32(text.encode("utf-8")), extras, layout.year, layout.month)
    masthead = _masthead(layout, w)
    masthead_twips = 700 * 2 + 640 * (len(layout.masthead) - 1) + 300
    parts = [masthead]
    if extras:
        parts.append('<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>')
    if layout.toc:
        parts.append(_toc_box(layout, w, masthead_twips))
    parts.append(_body(layout, w))
    parts.append(_footer(layout, w))
    refs = ('<w:footerReference w:type="even" r:id="rIdFtr2"/><w:footerReference w:type="default" r:id="rIdFtr1"/>')
    if header:
        refs = ('<w:headerReference w:type="even" r:id="rIdHdr2"/><w:headerReference w:type="default" '
                'r:id="rIdHdr1"/>') + refs
    sect = (f'<w:sectPr w:rsidR="{w.rsids[0]}">{refs}<w:pgSz w:w="{PAGE_W}" w:h="{PAGE_H}"/>'
            f'<w:pgMar w:top="{TOP}" w:right="{RIGHT}" w:bottom="{BOTTOM}" w:left="{LEFT}" w:header="851" '
            'w:footer="992" w:gutter="0"/><w:pgNumType w:fmt="decimal"/><w:cols w:space="425"/>'
            '<w:docGrid w:linePitch="560"/></w:sectPr>')
    document = HEAD + f"<w:document {XMLNS}><w:body>" + "".join(parts) + sect + "</w:body></w:document>"

    rels = [("rIdStyles", f"{REL}/styles", "styles.xml", False), ("rIdSettings", f"{REL}/settings", "settings.xml",
            False), ("rIdFonts", f"{REL}/fontTable", "fontTable.xml", False),
            ("rIdFtr1", f"{REL}/footer", "footer1.xml", False), ("rIdFtr2", f"{REL}/footer", "footer2.xml", False)]
    if header:
        rels += [("rIdHdr1", f"{REL}/header", "header1.xml", False), ("rIdHdr2", f"{REL}/header", "header2.xml",
                 False)]
    rels += [(f"rIdLink{k}", f"{REL}/hyperlink", url, True) for k, url in enumerate(w.links, 1)]
    package = [("[Content_Types].xml", _content_types(bool(header), extras)),
               ("_rels/.rels", _rels([
                   ("rId1", f"{REL}/officeDocument", "word/document.xml", False),
                   ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                    "docProps/core.xml", False),
                   ("rId3", f"{REL}/extended-properties", "docProps/app.xml", False),
               ] + ([("rId4", f"{REL}/custom-properties", "docProps/custom.xml", False)] if extras else []))),
               ("word/document.xml", document),
               ("word/_rels/document.xml.rels", _rels(rels)),
               ("word/styles.xml", STYLES), ("word/settings.xml", _settings(extras, w.rsids)),
               ("word/fontTable.xml", FONT_TABLE),
               ("word/footer1.xml", _page_footer("right")), ("word/footer2.xml", _page_footer("left")),
               ("docProps/core.xml", _core(layout.masthead[0].cells[0], dt.date(layout.year, layout.month, 1))),
               ("docProps/app.xml", APP)]
    if header:
        package += [("word/header1.xml", _page_header(header)), ("word/header2.xml", _page_header(header))]
    if extras:
        ident = re.search(r"\d+", layout.footer[0].text) if layout.footer else None
        package.append(("docProps/custom.xml", _custom(ident.group(0) if ident else "")))
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in package:
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data.encode("utf-8"),
                             zipfile.ZIP_DEFLATED)
    return path


# --- LibreOffice: the office's PDF export, and the older formats -------------------------------------------------

SOFFICE_TIMEOUT = 180  # seconds for one soffice call (a cold start with a new profile takes a few)


class LibreOfficeError(RuntimeError):
    """soffice is missing, failed, timed out or wrote nothing."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


# The faces an office machine has, as the fonts this machine has (Debian's fonts-arphic-gbsn00lp, -gkai00mp and
# fonts-wqy-zenhei): without them LibreOffice sets every Chinese character in one fallback face.
OFFICE_FONTS = {FANGSONG: "AR PL SungtiL GB", "仿宋": "AR PL SungtiL GB", KAITI: "AR PL KaitiM GB",
                "楷体": "AR PL KaitiM GB", HEITI: "WenQuanYi Zen Hei", XIAOBIAOSONG: "AR PL SungtiL GB",
                SONGTI: "AR PL SungtiL GB"}


def _fontconfig(folder: Path) -> Path:
    """A fontconfig file: the system's, plus the office faces as aliases of the installed ones."""
    aliases = "".join(f'  <alias binding="same"><family>{escape(a)}</family><prefer><family>{escape(b)}</family>'
                      "</prefer></alias>\n" for a, b in OFFICE_FONTS.items())
    conf = folder / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
                    '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n' + aliases
                    + "</fontconfig>\n", encoding="utf-8")
    return conf


def libreoffice_convert_many(sources: list[Path], fmt: str, outdir: Path, *, office_fonts: bool = True,
                             timeout: float = SOFFICE_TIMEOUT) -> list[Path]:
    """Convert every file of `sources` to `fmt` ("pdf", "doc", "odt", "rtf", "docx" or "ext:FilterName…") into
    `outdir` in ONE soffice call (headless, no restore, a private temporary profile); returns the outputs in the
    order of `sources`. `office_fonts`: 仿宋_GB2312, 楷体_GB2312, 黑体… found as this machine's Song, Kai and Hei
    faces (OFFICE_FONTS, through a private fontconfig file), so a PDF names a headline's face apart from the body's
    as Word's PDFs do; False: whatever LibreOffice falls back to (one face for all Chinese text). Raises
    LibreOfficeError with soffice's output when any file was not written."""
    exe = soffice()
    if exe is None:
        raise LibreOfficeError("LibreOffice is not installed (no soffice on PATH): apt-get install -y "
                               "libreoffice-writer-nogui fonts-wqy-zenhei fonts-arphic-ukai fonts-arphic-gbsn00lp")
    outdir.mkdir(parents=True, exist_ok=True)
    ext = fmt.split(":", 1)[0]
    results = [outdir / f"{Path(s).stem}.{ext}" for s in sources]
    if len(set(results)) != len(results):
        raise ValueError(f"two sources would both be written as {ext} under one name: {sources}")
    for result in results:
        result.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="officedocs-profile-") as profile:
        command = [exe, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                   f"-env:UserInstallation={Path(profile).as_uri()}", "--convert-to", fmt, "--outdir", str(outdir),
                   *(str(s) for s in sources)]
        env = dict(os.environ)
        if office_fonts:
            env["FONTCONFIG_FILE"] = str(_fontconfig(Path(profile)))
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                   start_new_session=True)
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # soffice and the soffice.bin it started: this call's group only
            process.communicate()
            raise LibreOfficeError(f"soffice --convert-to {fmt} took more than {timeout:.0f} s: "
                                   f"{[Path(s).name for s in sources]}") from None
    missing = [r.name for r in results if not r.is_file() or r.stat().st_size == 0]
    if process.returncode or missing:
        raise LibreOfficeError(f"soffice --convert-to {fmt} failed (exit {process.returncode}), not written: "
                               f"{missing}\n{out.decode(errors='replace')}{err.decode(errors='replace')}")
    return results


def libreoffice_convert(source: Path, fmt: str, outdir: Path, *, office_fonts: bool = True) -> Path:
    """`source` converted to `fmt` by LibreOffice headless into `outdir` (see libreoffice_convert_many): its path.
    For .pdf this is how the office's PDFs are made: justified lines, spacing between Han and digits, fonts
    embedded as subsets, bold faces the font lacks drawn filled and stroked (text render mode 2)."""
    return libreoffice_convert_many([source], fmt, outdir, office_fonts=office_fonts)[0]


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def as_wps(doc: Path, out: Path) -> Path:
    """A Kingsoft WPS Writer .wps file: WPS writes an OLE2 compound file in the Word 97 binary layout (its
    WordDocument stream), which is what LibreOffice's .doc export is; so this is that .doc under a .wps name.
    WPS itself cannot be run here: this is the closest .wps that can be made."""
    data = doc.read_bytes()
    if not data.startswith(OLE2):
        raise ValueError(f"{doc.name} is not an OLE2 compound file (a Word 97 .doc)")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


def unreadable_pdf(pdf: Path, out: Path, *, cid_keyed: bool = True) -> Path:
    """`pdf` with no way back from its glyphs to characters: every font's /ToUnicode map removed (pypdf). It
    looks the same, but its text layer reads as (cid:N) codes, like PDFs whose fonts carry no Unicode map.

    LibreOffice writes simple TrueType subsets (one-byte codes, up to 255 glyphs each): without ToUnicode,
    pdfminer reads those codes through a standard encoding, half "(cid:N)", half Latin-1 junk (`cid_keyed=False`
    keeps that). By default each such font becomes what CJK producers write, a Type0 font (Identity-H, a
    CIDFontType2 with its CIDToGIDMap) whose two-byte codes the pages now use, and the embedded subset's cmap
    table (unused by a CID font) is renamed, so no reader can rebuild a map from it: every glyph is "(cid:N)".
    Returns `out`."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject

    writer = PdfWriter(clone_from=str(pdf))
    stripped: set[int] = set()
    converted: dict[int, DictionaryObject] = {}

    def strip(resources, convert: bool = True) -> None:  # form XObjects' fonts: ToUnicode only (not rewritten)
        resources = resources.get_object() if resources is not None else None
        if not isinstance(resources, DictionaryObject):
            return
        fonts = resources.get("/Font")
        for ref in (fonts.get_object().values() if fonts is not None else []):
            font = ref.get_object()
            if id(font) in stripped:
                continue
            stripped.add(id(font))
            font.pop(NameObject("/ToUnicode"), None)
            simple = font.get("/Subtype") == "/TrueType" and "/FontFile2" in font["/FontDescriptor"]
            if convert and cid_keyed and simple:
                _to_type0(writer, font)
                converted[id(font)] = font
        xobjects = resources.get("/XObject")
        for ref in (xobjects.get_object().values() if xobjects is not None else []):
            strip(ref.get_object().get("/Resources"), convert=False)

    for page in writer.pages:
        strip(page.get("/Resources"))
        if not converted:
            continue
        fonts = page["/Resources"].get_object().get("/Font")
        two_byte = {name for name, ref in (fonts.get_object().items() if fonts else [])
                    if id(ref.get_object()) in converted}
        if two_byte:
            _two_byte_codes(writer, page, two_byte)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as stream:
        writer.write(stream)
    return out


def _to_type0(writer, font) -> None:
    """A simple TrueType font dictionary rewritten in place as Type0 / Identity-H / CIDFontType2 (CID = the old
    one-byte code, mapped to its glyph through the subset's own (1,0) cmap)."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    descriptor = font["/FontDescriptor"].get_object()
    program = descriptor["/FontFile2"].get_object()
    data = bytearray(program.get_data())
    tables = {bytes(data[12 + 16 * k: 16 + 16 * k]): 12 + 16 * k for k in range(struct.unpack(">H", data[4:6])[0])}
    code_to_gid = list(range(256))
    if b"cmap" in tables:
        entry = tables[b"cmap"]
        offset = struct.unpack(">L", data[entry + 8: entry + 12])[0]
        for k in range(struct.unpack(">H", data[offset + 2: offset + 4])[0]):
            pid, eid, sub = struct.unpack(">HHL", data[offset + 4 + 8 * k: offset + 12 + 8 * k])
            if (pid, eid) == (1, 0) and struct.unpack(">H", data[offset + sub: offset + sub + 2])[0] == 0:
                code_to_gid = list(data[offset + sub + 6: offset + sub + 262])
        data[entry: entry + 4] = b"cmaq"  # still sorted between cmap's neighbours; nothing reads it now
        program.set_data(bytes(data))
    first = int(font.get("/FirstChar", 0))
    widths = [NumberObject(int(w)) for w in font.get("/Widths", [])]
    cid_to_gid = DecodedStreamObject()
    cid_to_gid.set_data(b"".join(struct.pack(">H", code_to_gid[c]) for c in range(256)))
    system = DictionaryObject({NameObject("/Registry"): TextStringObject("Adobe"),
                               NameObject("/Ordering"): TextStringObject("Identity"),
                               NameObject("/Supplement"): NumberObject(0)})
    descendant = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/CIDFontType2"),
        NameObject("/BaseFont"): font["/BaseFont"], NameObject("/CIDSystemInfo"): system,
        NameObject("/FontDescriptor"): font["/FontDescriptor"], NameObject("/DW"): NumberObject(1000),
        NameObject("/W"): ArrayObject([NumberObject(first), ArrayObject(widths)]),
        NameObject("/CIDToGIDMap"): writer._add_object(cid_to_gid)})
    for key in ("/FirstChar", "/LastChar", "/Widths", "/Encoding"):
        font.pop(NameObject(key), None)
    font[NameObject("/Subtype")] = NameObject("/Type0")
    font[NameObject("/Encoding")] = NameObject("/Identity-H")
    font[NameObject("/DescendantFonts")] = ArrayObject([writer._add_object(descendant)])


def _two_byte_codes(writer, page, fonts: set[str]) -> None:
    """Rewrite the page's text-showing operators: strings shown in `fonts` get two-byte codes (0x00, code)."""
    from pypdf.generic import ArrayObject, ByteStringObject, ContentStream, NameObject, TextStringObject

    def widen(value):
        if isinstance(value, (ByteStringObject, TextStringObject)):
            raw = value.original_bytes if isinstance(value, TextStringObject) else bytes(value)
            return ByteStringObject(b"".join(b"\x00" + bytes([c]) for c in raw))
        return value

    content = ContentStream(page.get_contents(), writer)
    current = None
    for operands, operator in content.operations:
        if operator == b"Tf":
            current = str(operands[0])
        elif current in fonts and operator in (b"Tj", b"'", b'"'):
            operands[-1] = widen(operands[-1])
        elif current in fonts and operator == b"TJ":
            operands[0] = ArrayObject([widen(v) for v in operands[0]])
    page[NameObject("/Contents")] = writer._add_object(content)


# --- the session's set -------------------------------------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent
OFFICE_TEXTS = {"seed": REPO / "tests" / "fixtures" / "archive" / "2020-008" / "source.txt",
                "2021-012": REPO / "tests" / "fixtures" / "bulletin-2021-012.txt"}
FORMATS = ("pdf", "doc", "odt", "rtf")


@dataclass(frozen=True)
class OfficeFiles:
    """One bulletin text made into every kind of file the office circulates."""

    name: str
    text: Path  # the plain text it was made from
    docx: Path
    docx_extras: Path
    pdf: Path  # LibreOffice's export of `docx`, as the word processor exports it (the office's faces)
    pdf_fallback: Path  # the same export on a machine without them: one fallback face for all Chinese text
    doc: Path
    odt: Path
    rtf: Path
    wps: Path
    unreadable_pdf: Path


def make_office_set(folder: Path, texts: dict[str, Path] | None = None) -> dict[str, OfficeFiles]:
    """Every file for each text (name → path): the .docx files, then one soffice call per format for all texts
    at once, the calls two at a time (separate profiles). Returns name → OfficeFiles."""
    from concurrent.futures import ThreadPoolExecutor

    texts = texts or OFFICE_TEXTS
    folder.mkdir(parents=True, exist_ok=True)
    plain, extra = {}, {}
    for name, source in texts.items():
        text = source.read_text("utf-8")
        plain[name] = office_docx(text, folder / f"{name}.docx")
        extra[name] = office_docx(text, folder / f"{name}-extras.docx", extras=True)
    sources = list(plain.values())
    with ThreadPoolExecutor(max_workers=2) as pool:
        jobs = {fmt: pool.submit(libreoffice_convert_many, sources, fmt, folder / fmt) for fmt in FORMATS}
        jobs["fallback"] = pool.submit(libreoffice_convert_many, sources, "pdf", folder / "fallback",
                                       office_fonts=False)
        made = {fmt: dict(zip(plain, job.result())) for fmt, job in jobs.items()}
    result = {}
    for name, source in texts.items():
        result[name] = OfficeFiles(
            name, source, plain[name], extra[name], made["pdf"][name], made["fallback"][name], made["doc"][name],
            made["odt"][name],
            made["rtf"][name], as_wps(made["doc"][name], folder / "wps" / f"{name}.wps"),
            unreadable_pdf(made["pdf"][name], folder / "unreadable" / f"{name}.pdf"))
    return result


_MADE: dict[int, tuple[object, dict[str, OfficeFiles]]] = {}


@pytest.fixture(scope="session")
def office_set(tmp_path_factory) -> dict[str, OfficeFiles]:
    """The session's office files for the seed (期 008) and 2021-012: `office_set["seed"].pdf`… Import it
    into a test module (`from .officedocs import office_set`); made once per session however many modules do
    (pytest would make a session fixture imported into two modules twice: the set is kept per session here)."""
    key = id(tmp_path_factory)
    if key not in _MADE or _MADE[key][0] is not tmp_path_factory:
        _MADE[key] = (tmp_path_factory, make_office_set(tmp_path_factory.mktemp("officedocs")))
    return _MADE[key][1]
