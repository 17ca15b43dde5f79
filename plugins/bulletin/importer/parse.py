"""Parse a circulated bulletin's plain text into its table of contents, sections, items and footer.

Written for the family of layouts the office uses, not one file: headline and body may be split by two spaces,
a full-width space or a line break; page breaks split paragraphs; the 本期要目 may differ from the body.

Every step is linear in the text (a document comes from anyone who can open a pull request): the next line with
text is looked up in a table made once, text that continues over lines is joined once at the end, and fuzzy title
matching compares only strings whose lengths allow a match, within a budget of work (`MAX_COMPARED`), for at most
`MAX_TOC` contents entries and `MAX_ITEMS` items — far more than any bulletin has. A text beyond them is refused
(`RawBulletin.refused`) with one error, instead of being matched for minutes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from bulletin.messages import msg

SECTION = re.compile(r"^[【\[]\s*([^】\]]{1,20}?)\s*[】\]]\s*$")
TOC_ENTRY = re.compile(r"^[※*＊·•]\s*(.+)$")
SPLIT = re.compile(r"^(?P<head>[^。！？；]{4,70}?)(?:[ \t]{2,}|\u3000+[ \t]*)(?P<body>\S.*)$")
FOOTER_ID = re.compile(r"^[（(]\s*(?P<series>[^\d（）()]{2,20}?)\s*第?(?P<number>\d{1,4})期?\s*[）)]$")
PRINTED = re.compile(r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日\s*印发")
RECIPIENTS = re.compile(r"^(?P<kind>[报发抄送])\s*[：:]\s*(?P<rest>.*)$")
CREDIT = re.compile(r"[（(](?P<source>[^（）()]{2,40}?)(?:供稿|供图|报送|提供)[）)]\s*$")
TERMINAL = "。！？!?；;”」』）)"
MAX_TOC = 500  # contents entries, and
MAX_ITEMS = 500  # items: a bulletin has a few dozen; beyond these the text is refused, not matched pair by pair
MAX_COMPARED = 20_000_000  # fuzzy title matching: Σ max(len(a)·len(b), 400) of the pairs compared (seed: 251,000)


class _TooComplex(Exception):
    """The fuzzy matching's budget is spent."""


class _Budget:
    def __init__(self, units: int = MAX_COMPARED):
        self.left = units

    def similarity(self, a: str, b: str) -> float:
        self.left -= max(len(a) * len(b), 400)  # SequenceMatcher's worst case, and its cost for any pair
        if self.left < 0:
            raise _TooComplex
        return similarity(a, b)


@dataclass
class RawItem:
    title: str
    section: str
    line: int
    paragraphs: list[str] = field(default_factory=list)
    toc_title: str | None = None
    source: str = ""
    credit: str = ""  # the credit as printed, e.g. （石柱县生态环境局供稿）


@dataclass
class RawBulletin:
    series: str = ""
    number: int | None = None
    published: dt.date | None = None
    issuer: str = ""
    report_to: list[str] = field(default_factory=list)
    distribute_to: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    toc: list[tuple[str, str, int]] = field(default_factory=list)  # (section, title, line)
    items: list[RawItem] = field(default_factory=list)
    warnings: list[tuple[int, str]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    placed: dict[int, str] = field(default_factory=dict)  # source line → where it went: toc, item:N, footer, …
    refused: bool = False  # beyond any bulletin's size (see MAX_ITEMS): only `errors` say why; nothing else counts


def normalize(text: str) -> list[str]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    return [line.rstrip() for line in text.split("\n")]


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _could_reach(a: str, b: str, threshold: float) -> bool:
    """Whether `similarity(a, b)` can be `threshold` or more: never when their lengths differ too much (at most the
    shorter string matches, so the ratio is at most 2·min/(len a + len b)); a hair generous against rounding."""
    return 2 * min(len(a), len(b)) >= threshold * (len(a) + len(b)) - 1e-9


def _following(lines: list[str]) -> list[str]:
    """For each line, the next line with text after it, stripped ("" at the end): made once, so looking ahead
    costs nothing per line."""
    following, after = [""] * len(lines), ""
    for i in range(len(lines) - 1, -1, -1):
        following[i] = after
        after = lines[i].strip() or after
    return following


def parse_bulletin(text: str) -> RawBulletin:
    lines = normalize(text)
    following = _following(lines)
    bulletin = RawBulletin()
    body_start, body_end = _find_toc(lines, bulletin, following), _parse_footer(lines, bulletin)
    _parse_masthead(lines, body_start, bulletin)
    if len(bulletin.toc) > MAX_TOC:
        bulletin.errors.append((bulletin.toc[MAX_TOC][2], msg("too_many_toc_entries", limit=MAX_TOC)))
        bulletin.refused = True
        return bulletin
    budget = _Budget()
    try:
        _parse_body(lines, body_start, body_end, bulletin, following, budget)
        if bulletin.refused:
            return bulletin
        _reconcile(bulletin, budget)
    except _TooComplex:
        bulletin.errors.append((1, msg("too_complex")))
        bulletin.refused = True
        return bulletin
    for name in [i.section for i in bulletin.items]:
        if name not in bulletin.sections:
            bulletin.sections.append(name)
    if not bulletin.items:
        bulletin.errors.append((1, msg("no_items")))
    return bulletin


def _find_toc(lines: list[str], bulletin: RawBulletin, following: list[str]) -> int:
    """Read the 本期要目 block; return the index of the line where the body starts."""
    start = next((i for i, line in enumerate(lines) if re.sub(r"\s", "", line) == "本期要目"), None)
    if start is None:
        return 0
    bulletin.placed[start + 1] = "heading"
    wrapped: list[str] = []  # the last entry's title and the lines it wrapped onto, joined once

    def done(i: int) -> int:
        if wrapped:
            s, _, line = bulletin.toc[-1]
            bulletin.toc[-1] = (s, "".join(wrapped), line)
        return i

    section, i = "", start + 1
    while i < len(lines):
        stripped = lines[i].strip()
        marker, entry = SECTION.match(stripped), TOC_ENTRY.match(stripped)
        if marker:
            if bulletin.toc and not TOC_ENTRY.match(following[i]):
                return done(i)
            section = marker.group(1)
            bulletin.placed[i + 1] = "toc"
        elif entry:
            done(i)
            bulletin.toc.append((section, entry.group(1).strip(), i + 1))
            wrapped[:] = [bulletin.toc[-1][1]]
            bulletin.placed[i + 1] = "toc"
        elif stripped and bulletin.toc and not _looks_like_item(stripped):
            wrapped.append(stripped)  # a long TOC title wrapped onto the next line
            bulletin.placed[i + 1] = "toc"
        elif stripped and bulletin.toc:
            return done(i)
        i += 1
    return done(start + 1)


def _looks_like_item(line: str) -> bool:
    return bool(SPLIT.match(line)) or any(p in line for p in "。！？")


def _parse_footer(lines: list[str], bulletin: RawBulletin) -> int:
    """Read series/number, 报/发 lists, issuer and 印发 date from the end; return where the footer starts."""
    end = len(lines)
    for i in range(len(lines) - 1, -1, -1):
        stripped = lines[i].strip()
        ident = FOOTER_ID.match(stripped)
        if ident:
            bulletin.series, bulletin.number = ident.group("series").strip(), int(ident.group("number"))
            bulletin.placed[i + 1] = "footer"
            end = i
            break
    else:
        bulletin.errors.append((len(lines), msg("no_number")))
    recipients: dict[str, list[str]] = {}  # kind → its lines, joined once at the end
    current, unknown = None, []  # unknown: (index, text) of lines that are no recipient list nor 印发 line
    for i in range(end + 1 if bulletin.number else len(lines), len(lines)):
        stripped = lines[i].strip()
        if not stripped:
            continue
        bulletin.placed[i + 1] = "footer"
        printed, rec = PRINTED.search(stripped), RECIPIENTS.match(stripped)
        if printed:
            y, m, d = (int(printed.group(k)) for k in ("year", "month", "day"))
            try:
                bulletin.published = dt.date(y, m, d)
            except ValueError:
                bulletin.errors.append((i + 1, msg("bad_printed_date", date=f"{y}-{m}-{d}")))
            prefix = stripped[: printed.start()].strip()
            if prefix or (unknown and unknown[-1][0] == i - _blank_run(lines, i)):
                bulletin.issuer = prefix or unknown.pop()[1]  # the issuer: on the 印发 line or right above it
            current = None
        elif rec:
            current = rec.group("kind")
            recipients[current] = [rec.group("rest")]
        elif current and not next((p for p in reversed(recipients[current]) if p), "").endswith("。"):
            recipients[current].append(stripped)  # the list continues on the next line
        else:
            unknown.append((i, stripped))
    if not bulletin.issuer and unknown:
        bulletin.issuer = unknown.pop(0)[1]
    for i, text in unknown:  # anything else in the footer is reported, never dropped silently
        del bulletin.placed[i + 1]
        bulletin.warnings.append((i + 1, msg("footer_skipped", text=text[:30])))
    if bulletin.published is None:
        bulletin.errors.append((len(lines), msg("no_printed_date")))
    bulletin.report_to = split_recipients("".join(recipients.get("报", [])))
    bulletin.distribute_to = split_recipients("".join(recipients.get("发", [])))
    return end


def _blank_run(lines: list[str], i: int) -> int:
    """How far above line `i` the previous non-blank line is."""
    k = 1
    while i - k > 0 and not lines[i - k].strip():
        k += 1
    return k


def split_recipients(text: str) -> list[str]:
    """`万州区、黔江区…武隆区生态环境局` → one entry per body: the shared suffix goes to every name in the run."""
    text = text.strip().rstrip("。.;；")
    result = []
    for group in re.split(r"[，,；;]", text):
        parts = [p.strip() for p in group.split("、") if p.strip()]
        if len(parts) > 1:
            last = parts[-1]  # a match lies after its last white space: look there only (linear, same match)
            suffix = re.match(r"^.*?[区县市]((?:生态环境|无废|城市管理|环保)\S*)$", last[_last_space(last) + 1:])
            if suffix and all(len(p) <= 8 and p[-1] in "区县市" for p in parts[:-1]):
                parts = [p + suffix.group(1) for p in parts[:-1]] + [parts[-1]]
        result.extend(parts)
    return result


def _last_space(text: str) -> int:
    return max((k for k in range(len(text) - 1, -1, -1) if text[k].isspace()), default=-1)


def _parse_body(lines: list[str], start: int, end: int, bulletin: RawBulletin, following: list[str],
                budget: _Budget) -> None:
    section, current = "", None
    titles = _Titles([t for _, t, _ in bulletin.toc], budget)
    parts: dict[int, list[list[str]]] = {}  # id(item) → its paragraphs as the lines they were joined from
    for i in range(start, end):
        stripped = lines[i].strip()
        if not stripped:
            continue
        marker = SECTION.match(stripped)
        if marker:
            section = marker.group(1)
            if section not in bulletin.sections:
                bulletin.sections.append(section)
            bulletin.placed[i + 1] = "section"
            current = None
            continue
        head, rest = _split_headline(stripped, titles, following[i])
        if head is not None:
            if len(bulletin.items) == MAX_ITEMS:
                bulletin.errors.append((i + 1, msg("too_many_items", limit=MAX_ITEMS)))
                bulletin.refused = True
                return
            current = RawItem(title=head, section=section, line=i + 1)
            bulletin.items.append(current)
            parts[id(current)] = []
            if not section:
                bulletin.warnings.append((i + 1, msg("item_before_section", title=head)))
            if rest:
                _append(parts[id(current)], rest)
            bulletin.placed[i + 1] = f"item:{len(bulletin.items)}"
        elif current is not None:
            _append(parts[id(current)], stripped)
            bulletin.placed[i + 1] = f"item:{len(bulletin.items)}"
        else:
            bulletin.warnings.append((i + 1, msg("text_skipped", text=stripped[:30])))
    for item in bulletin.items:
        item.paragraphs = ["".join(pieces) for pieces in parts[id(item)]]
        _take_credit(item)


def _parse_masthead(lines: list[str], body_start: int, bulletin: RawBulletin) -> None:
    """Lines above the 本期要目 (series, number, issuer, date) repeat the footer: placed there when they do,
    reported when they hold anything else."""
    known = set(f"{bulletin.series}{bulletin.issuer}{bulletin.number or ''}第期年月日号")
    if bulletin.published:
        known |= set(f"{bulletin.published.year}{bulletin.published.month}{bulletin.published.day}")
    for i in range(body_start):
        stripped = re.sub(r"\s", "", lines[i])
        if not stripped or (i + 1) in bulletin.placed:
            continue
        if set(stripped) <= known:
            bulletin.placed[i + 1] = "masthead"
        else:
            bulletin.warnings.append((i + 1, msg("masthead_skipped", text=stripped[:30])))


class _Titles:
    """The contents' titles, looked up by their first characters (a run-in headline) and by length (a headline
    similar enough to one): the same answers as trying every title, without trying every title on every line."""

    def __init__(self, titles: list[str], budget: _Budget):
        self.titles, self.budget = titles, budget
        self.by_start: dict[str, list[str]] = {}
        for title in titles:
            if len(title) >= 4:
                self.by_start.setdefault(title[:4], []).append(title)
        self.exact = set(titles)
        self.by_length = sorted(titles, key=len)
        self.lengths = [len(t) for t in self.by_length]

    def __bool__(self) -> bool:
        return bool(self.titles)

    def run_in(self, line: str) -> str | None:
        """The first title (in contents order) that `line` starts with and goes on after."""
        return next((t for t in self.by_start.get(line[:4], ()) if line.startswith(t) and line[len(t):].strip()),
                    None)

    def similar(self, line: str, threshold: float = 0.8) -> bool:
        """Whether any title is at least `threshold` similar to `line`: only titles whose length allows it (from
        2·min/(a+b) ≥ threshold: between len·t/(2−t) and len·(2−t)/t) are compared."""
        if line in self.exact:
            return True  # similarity 1
        low, high = len(line) * threshold / (2 - threshold), len(line) * (2 - threshold) / threshold
        window = self.by_length[bisect_left(self.lengths, low - 1e-9):bisect_right(self.lengths, high + 1e-9)]
        return any(self.budget.similarity(line, t) >= threshold for t in window)


def _split_headline(line: str, titles: _Titles, following: str) -> tuple[str | None, str]:
    title = titles.run_in(line)  # a run-in headline whose separator was lost (a PDF line end draws none)
    if title is not None:
        return title, line[len(title):].strip()
    match = SPLIT.match(line)
    if match:
        return match.group("head").strip(), match.group("body").strip()
    compact = line.strip()
    if titles and titles.similar(compact):
        return compact, ""
    if (not titles and len(compact) <= 40 and not any(p in compact for p in "。！？；：:") and following
            and not SECTION.match(following)):
        return compact, ""
    return None, ""


def _append(paragraphs: list[list[str]], text: str) -> None:
    if paragraphs and paragraphs[-1][-1][-1] not in TERMINAL:
        paragraphs[-1].append(text)  # a page break cut this paragraph
    else:
        paragraphs.append([text])


def _take_credit(item: RawItem) -> None:
    if item.paragraphs:
        credit = CREDIT.search(item.paragraphs[-1])
        if credit:
            item.source, item.credit = credit.group("source").strip(), credit.group(0).strip()
            item.paragraphs[-1] = item.paragraphs[-1][: credit.start()].rstrip()
            if not item.paragraphs[-1]:
                item.paragraphs.pop()


def _reconcile(bulletin: RawBulletin, budget: _Budget) -> None:
    """Match body items to TOC entries; warn about every title, section or order difference."""
    if not bulletin.toc:
        return
    unmatched = list(range(len(bulletin.toc)))
    positions = []
    for item in bulletin.items:
        # entries whose length rules out 0.6 cannot be the match: leaving them out picks the same entry
        candidates = [k for k in unmatched if _could_reach(item.title, bulletin.toc[k][1], 0.6)]
        scores = {k: budget.similarity(item.title, bulletin.toc[k][1]) for k in candidates}
        best = max(candidates, key=scores.__getitem__, default=None)
        if best is None or scores[best] < 0.6:
            bulletin.warnings.append((item.line, msg("not_in_toc", title=item.title)))
            continue
        unmatched.remove(best)
        toc_section, toc_title, _ = bulletin.toc[best]
        item.toc_title = toc_title
        positions.append((best, item))
        if toc_title != item.title:
            bulletin.warnings.append((item.line, msg("toc_title_differs", toc=toc_title,
                                                     body=item.title)))
        if toc_section and toc_section != item.section:
            bulletin.warnings.append((item.line, msg("toc_section_differs", title=item.title, toc=toc_section,
                                                     body=item.section)))
    for k in unmatched:
        bulletin.warnings.append((bulletin.toc[k][2], msg("toc_not_in_body", title=bulletin.toc[k][1])))
    ranks = {id(item): r for r, (_, item) in enumerate(sorted(positions, key=lambda p: p[0]))}
    for body_rank, (_, item) in enumerate(positions):
        if ranks[id(item)] != body_rank:
            bulletin.warnings.append((item.line, msg("toc_order_differs", title=item.title, body=body_rank + 1,
                                                     toc=ranks[id(item)] + 1)))
