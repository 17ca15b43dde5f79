"""Infer an item's date, districts, tags and slug from its text: suggestions a person reviews before committing."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from bulletin.archive import places
from bulletin.archive.model import District
from bulletin.archive.vocabulary import Vocabulary

_DAY = r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
DATE_RANGE = re.compile(_DAY + r"(?P<more>\s*(?:[、,，和及]\s*(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日)+|\s*[-－—–~～至到]\s*"
                        r"(?:\d{1,2}\s*月\s*)?\d{1,2}\s*日)?")
MONTH_SINCE = re.compile(r"(?P<m>\d{1,2})\s*月(?:份)?以来")
RECENT = re.compile(r"近日|近期|日前")
CITY_LEVEL = re.compile(r"^(?:市|全市|我市|重庆市(?!.{0,6}[区县]))|市长|市政府|市无废办|市级")


def infer_date(text: str, published: dt.date) -> tuple[dt.date, str]:
    """The event date the first sentence states; month after the issue's month means the previous year."""
    first = re.split(r"[。！？]", text, maxsplit=1)[0]
    day, since = DATE_RANGE.search(first), MONTH_SINCE.search(first)
    if day and (not since or day.start() < since.start()):
        month, dom = int(day.group("m")), int(day.group("d"))
        try:
            return _in_year(published, month, dom), "days" if day.group("more") else "day"
        except ValueError:
            pass
    if since:
        return _in_year(published, int(since.group("m")), 1), "month"
    return published, "issue"


def _in_year(published: dt.date, month: int, day: int) -> dt.date:
    year = published.year - 1 if month > published.month else published.year
    return dt.date(year, month, day)


def find_districts(text: str, vocab: Vocabulary) -> list[str]:
    """Canonical names of every spelling found, longest match first at each position, in order of appearance."""
    spellings = vocab.district_index
    longest = max(map(len, spellings), default=0)
    found, i = [], 0
    while i < len(text):
        for size in range(min(longest, len(text) - i), 1, -1):
            district = spellings.get(text[i: i + size])
            if district is not None:
                if district.name not in found:
                    found.append(district.name)
                i += size
                break
        else:
            i += 1
    return found


@dataclass
class Places:
    """Where an item is: `names` for its `districts:`; `proposed`, the districts.yml lines for the places
    elsewhere among them that districts.yml does not have yet; `unsure`, no place found for an item of a section
    about other places (its names are then 重庆市, to be checked)."""

    names: list[str]
    proposed: list[places.Proposal] = field(default_factory=list)
    unsure: bool = False


OTHER_PLACES = re.compile(r"借鉴|他山|外地|外省|兄弟|各地|全国|国内")  # sections about other places (他山之石…)


def infer_districts(title: str, body: str, section: str, vocab: Vocabulary) -> list[str]:
    return infer_places(title, body, section, vocab).names


def infer_places(title: str, body: str, section: str, vocab: Vocabulary) -> Places:
    """The item's subject: Chongqing's districts named in the headline; else 重庆市 when the headline is the
    city's (市无废办…); else the places elsewhere it names (not where someone went: 赴徐州); else the same in the
    first sentence; else, in a section about other places, the first place elsewhere the text names."""
    local = {s: d for s, d in vocab.district_index.items() if d.kind != "外地"}
    known = {s: d for s, d in vocab.district_index.items() if d.kind == "外地"}
    whole = title + "。" + body
    context = places.scan(whole, local, known)  # what the item names anywhere, to tell 朝阳区 from 朝阳区
    first = re.split(r"[。！？]", body, maxsplit=1)[0]
    (masked, hits, came), (masked_first, hits_first, came_first) = (_places_in(t, local, known) for t in (title, first))
    ours = [h.local.name for h in hits if h.local and h.local.kind != "市级"]
    if ours:
        return Places(list(dict.fromkeys(ours)))
    if CITY_LEVEL.search(masked):
        return Places(["重庆市"])
    visitors = came or came_first  # places elsewhere that come here are not the subject
    found = None if visitors else _filed([h for h in hits if h.outside and places.usable(h, title)], context, vocab)
    if found:
        return found
    if CITY_LEVEL.search(masked_first) or section in ("工作动态", "市级动态"):
        return Places(["重庆市"])
    for hit in hits_first:
        if (hit.outside and not visitors or hit.local and hit.local.kind != "市级") and places.usable(hit, first):
            found = _filed([hit], context, vocab)
            if found:
                return found
    if OTHER_PLACES.search(section) and not visitors:  # about another place: the first the text names
        for loose in (False, True):
            for hit in context:
                if hit.outside and places.usable(hit, whole, loose):
                    found = _filed([hit], context, vocab)
                    if found:
                        return found
        return Places(["重庆市"], unsure=True)
    return Places(["重庆市"])


_COME = r"(?:来|到|莅临|莅|走进)"
VISITING_US = re.compile(_COME + r"(?:渝|重庆|我市|我区|我县)")


def _places_in(text: str, local: dict, known: dict) -> tuple[str, list[places.Hit], bool]:
    """The places `text` names; the text with the places elsewhere blanked out (深圳市政府 is not 市政府); and
    whether it says someone came here (四川省生态环境厅来渝调研, 成都市武侯区代表团到沙坪坝区考察)."""
    hits = places.scan(text, local, known)
    masked = list(text)
    for hit in hits:
        if hit.outside:
            masked[hit.start: hit.end] = "□" * (hit.end - hit.start)
    came = bool(VISITING_US.search(text)) or any(h.local and re.search(_COME + "$", text[: h.start]) for h in hits)
    return "".join(masked), hits, came


def _filed(hits: list[places.Hit], context: list[places.Hit], vocab: Vocabulary) -> Places | None:
    known = _known_codes(vocab)
    names, proposed = [], []
    for hit in hits:
        if hit.local is not None:
            names.append(hit.local.name)
            continue
        where = places.place_of(hit, context, known)
        if where is None:
            continue
        if isinstance(where, str):
            proposal = places.propose(where, {d.slug for d in vocab.districts}, set(vocab.district_index))
            where = proposal.name
            if proposal not in proposed:
                proposed.append(proposal)
        else:
            where = where.name
        names.append(where)
    names = list(dict.fromkeys(names))
    return Places(names, proposed) if names else None


def _known_codes(vocab: Vocabulary) -> dict[str, District]:
    """Code → the 外地 entry of districts.yml that spells it (by name, alias or former name)."""
    gaz, found = places.gazetteer(), {}
    for d in vocab.districts:
        if d.kind == "外地":
            for spelling in (d.name, *d.aliases, *d.former):
                codes = gaz.candidates(spelling)
                if len(codes) == 1:
                    found.setdefault(codes[0], d)
    return found


def infer_tags(title: str, body: str, vocab: Vocabulary, limit: int = 4) -> list[str]:
    """Tags whose keywords occur: a title hit counts thrice; weak single body hits are left out."""
    scored = []
    for rank, tag in enumerate(vocab.tags):
        score = sum(3 * title.count(k) + body.count(k) for k in tag.keywords)
        if score >= 2:
            scored.append((-score, rank, tag.name))
    return [name for _, _, name in sorted(scored)[:limit]]
