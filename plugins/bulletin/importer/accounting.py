"""Nothing lost on import: every line of the source bulletin went to exactly one place, or to a warning.

The parser records where each source line went (`RawBulletin.placed`: the TOC, a section marker, item N, the
footer, the masthead). This module checks that record against the result: an item line's characters must stand,
in order, inside that item's title, body and credit; a TOC line inside the TOC; a footer line's characters among
the footer's fields. A line that went nowhere must carry a warning with its line number. `unaccounted()` lists the
lines for which none of this holds — empty for every bulletin the importer accepts (a property test checks it).

`ledger()` then counts characters against the document itself: each reader counts what the document holds by its
own walk (every text run, every drawn glyph), and each character is found a place — an item, the contents and
masthead, the page furniture — or counted unplaced, by page or paragraph. That is the line staff read after an
import: 原文 5,812 字：入档 5,604，目录与版头 168，页眉页脚 40，未归属 0.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import groupby
from operator import itemgetter

from bulletin.importer.parse import SECTION, TOC_ENTRY, RawBulletin, normalize
from bulletin.importer.source import Extracted, countable, is_han, layout_only
from bulletin.messages import msg

FOOTER_LABELS = set("报发抄送：:，,、。；;（）()第期年月日印发号 ")


def _squash(text: str) -> str:
    return re.sub(r"\s", "", text)


def _footer_chars(bulletin: RawBulletin) -> set[str]:
    fields = [bulletin.series, str(bulletin.number or ""), bulletin.issuer, *bulletin.report_to,
              *bulletin.distribute_to]
    if bulletin.published:
        fields += [str(bulletin.published.year), str(bulletin.published.month), str(bulletin.published.day)]
    return set("".join(fields)) | FOOTER_LABELS


class _Texts:
    """Each place's squashed text, made once, and where in it the last line was found: a place's lines stand in
    it in order, so each is looked for from there first (linear in the bulletin), then anywhere (the same answer
    as looking anywhere)."""

    def __init__(self, bulletin: RawBulletin):
        self.bulletin, self.texts, self.found, self.footer = bulletin, {}, {}, None

    def text(self, place: str) -> str:
        if place not in self.texts:
            if place == "toc":
                self.texts[place] = "".join(_squash(title) for _, title, _ in self.bulletin.toc)
            else:
                item = self.bulletin.items[int(place[5:]) - 1]
                self.texts[place] = _squash(item.title + "".join(item.paragraphs) + item.credit)
        return self.texts[place]

    def holds(self, place: str, part: str) -> bool:
        text, start = self.text(place), self.found.get(place, 0)
        at = text.find(part, start)
        if at < 0:
            return part in text
        self.found[place] = at
        return True


def _held(line: str, place: str, bulletin: RawBulletin, texts: _Texts | None = None) -> bool:
    squashed = _squash(line)
    texts = texts or _Texts(bulletin)
    if place.startswith("item:"):
        return texts.holds(place, squashed)
    if place == "toc":
        marker, entry = SECTION.match(line.strip()), TOC_ENTRY.match(line.strip())
        if marker:
            return marker.group(1) in {s for s, _, _ in bulletin.toc} | set(bulletin.sections)
        return texts.holds(place, _squash(entry.group(1)) if entry else squashed)
    if place == "section":
        marker = SECTION.match(line.strip())
        return bool(marker) and marker.group(1) in bulletin.sections
    if place == "heading":
        return squashed == "本期要目"
    if place in ("footer", "masthead"):
        texts.footer = texts.footer or _footer_chars(bulletin)
        return set(squashed) <= texts.footer
    return False


def unaccounted(text: str, bulletin: RawBulletin) -> list[tuple[int, str]]:
    """Source lines (number, text) that reached no place and no warning, or not the place recorded for them."""
    warned = {line for line, _ in bulletin.warnings + bulletin.errors}
    lost, texts = [], _Texts(bulletin)
    for number, line in enumerate(normalize(text), 1):
        if not line.strip():
            continue
        place = bulletin.placed.get(number)
        if (place is None and number not in warned) or (place is not None and not _held(line, place, bulletin,
                                                                                             texts)):
            lost.append((number, line))
    return lost


FRONT_PLACES = ("toc", "heading", "section", "masthead", "footer")


@dataclass
class Ledger:
    """Where every character the document holds went, counted against the document's own count (`Extracted.source`).

    `filed`: into an item's title, body or credit; `front`: the contents, masthead, section heads and the 版记
    (报/发/印发 lines); `furniture`: running heads, footers, page numbers; `unplaced`: nowhere; `extra`: read
    more often than the document holds it (a merged table cell read twice). `silent` lists, by page or paragraph,
    the Han characters unplaced without a warning of the parser's about their line."""

    total: int = 0
    filed: int = 0
    front: int = 0
    furniture: int = 0
    unplaced: int = 0
    extra: int = 0
    silent: dict[str, str] = field(default_factory=dict)

    def line(self) -> str:
        text = msg("ledger_line", total=f"{self.total:,}", filed=f"{self.filed:,}", front=f"{self.front:,}",
                   furniture=f"{self.furniture:,}", unplaced=f"{self.unplaced:,}")
        return text + (msg("ledger_extra", extra=f"{self.extra:,}") if self.extra else "")


def ledger(extracted: Extracted, bulletin: RawBulletin, lost_lines: set[int]) -> Ledger:
    """Count each character of the document into the place the parser put its line (a line whose place does not
    hold it, in `lost_lines`, counts as unplaced); what is left of the document's own count is unplaced."""
    book = Ledger(total=sum(len(chars) for chars in extracted.source.values()))
    placed: dict[str, Counter] = {}
    warned: dict[str, Counter] = {}
    warned_lines = {line for line, _ in bulletin.warnings + bulletin.errors}
    for number, paragraph in enumerate(extracted.paragraphs, 1):
        place = bulletin.placed.get(number)
        held = place is not None and number not in lost_lines
        target = placed if held else warned if number in warned_lines else None
        labels = paragraph.labels
        if labels and labels.count(labels[0]) == len(labels):  # one label (a line, a paragraph): counted at once
            runs = [(labels[0], countable(paragraph.text))]
        else:  # a paragraph across pages: one run of characters a label
            counted = [(char, label) for char, label in zip(paragraph.text, labels) if not layout_only(char)]
            runs = [(label, "".join(c for c, _ in run)) for label, run in groupby(counted, key=itemgetter(1))]
        count = sum(len(chars) for _, chars in runs)
        if held:
            book.filed += count * place.startswith("item:")
            book.front += count * (place in FRONT_PLACES)
        if target is not None and count:
            for label, chars in runs:
                target.setdefault(label, Counter()).update(chars)
    for paragraph in extracted.furniture:
        for char, label in zip(paragraph.text, paragraph.labels):
            if not layout_only(char):
                book.furniture += 1
                placed.setdefault(label, Counter())[char] += 1
    for label in extracted.source.keys() | placed.keys():
        own = Counter(extracted.source.get(label, ""))
        here = placed.get(label, Counter())
        if dict.__eq__(own, here):
            continue  # every character in its place (most labels): nothing missing, nothing extra
        missing = own - here
        book.unplaced += sum(missing.values())
        book.extra += sum((here - own).values())
        silent = missing - warned.get(label, Counter())
        if any(is_han(c) for c in silent):
            book.silent[label] = _in_order(extracted.source.get(label, ""), silent)
    return book


def _in_order(chars: str, wanted: Counter) -> str:
    """The Han characters of `wanted`, in the order the document holds them."""
    left, out = Counter(wanted), []
    for char in chars:
        if left[char] > 0 and is_han(char):
            out.append(char)
            left[char] -= 1
    return "".join(out)
