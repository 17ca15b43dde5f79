"""Nothing lost on import: every line of the source bulletin went to exactly one place, or to a warning.

The parser records where each source line went (`RawBulletin.placed`: the TOC, a section marker, item N, the
footer, the masthead). This module checks that record against the result: an item line's characters must stand,
in order, inside that item's title, body and credit; a TOC line inside the TOC; a footer line's characters among
the footer's fields. A line that went nowhere must carry a warning with its line number. `unaccounted()` lists the
lines for which none of this holds — empty for every bulletin the importer accepts (a property test checks it).
"""

from __future__ import annotations

import re

from bulletin.importer.parse import SECTION, TOC_ENTRY, RawBulletin, normalize

FOOTER_LABELS = set("报发抄送：:，,、。；;（）()第期年月日印发号 ")


def _squash(text: str) -> str:
    return re.sub(r"\s", "", text)


def _footer_chars(bulletin: RawBulletin) -> set[str]:
    fields = [bulletin.series, str(bulletin.number or ""), bulletin.issuer, *bulletin.report_to,
              *bulletin.distribute_to]
    if bulletin.published:
        fields += [str(bulletin.published.year), str(bulletin.published.month), str(bulletin.published.day)]
    return set("".join(fields)) | FOOTER_LABELS


def _held(line: str, place: str, bulletin: RawBulletin) -> bool:
    squashed = _squash(line)
    if place.startswith("item:"):
        item = bulletin.items[int(place[5:]) - 1]
        return squashed in _squash(item.title + "".join(item.paragraphs) + item.credit)
    if place == "toc":
        marker, entry = SECTION.match(line.strip()), TOC_ENTRY.match(line.strip())
        if marker:
            return marker.group(1) in {s for s, _, _ in bulletin.toc} | set(bulletin.sections)
        text = _squash(entry.group(1)) if entry else squashed
        return text in "".join(_squash(title) for _, title, _ in bulletin.toc)
    if place == "section":
        marker = SECTION.match(line.strip())
        return bool(marker) and marker.group(1) in bulletin.sections
    if place == "heading":
        return squashed == "本期要目"
    if place in ("footer", "masthead"):
        return set(squashed) <= _footer_chars(bulletin)
    return False


def unaccounted(text: str, bulletin: RawBulletin) -> list[tuple[int, str]]:
    """Source lines (number, text) that reached no place and no warning, or not the place recorded for them."""
    warned = {line for line, _ in bulletin.warnings + bulletin.errors}
    lost = []
    for number, line in enumerate(normalize(text), 1):
        if not line.strip():
            continue
        place = bulletin.placed.get(number)
        if (place is None and number not in warned) or (place is not None and not _held(line, place, bulletin)):
            lost.append((number, line))
    return lost
