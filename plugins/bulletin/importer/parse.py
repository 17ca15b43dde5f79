"""Parse a circulated bulletin's plain text into its table of contents, sections, items and footer.

Written for the family of layouts the office uses, not one file: headline and body may be split by two spaces,
a full-width space or a line break; page breaks split paragraphs; the 本期要目 may differ from the body.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
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


def normalize(text: str) -> list[str]:
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    return [line.rstrip() for line in text.split("\n")]


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def parse_bulletin(text: str) -> RawBulletin:
    lines = normalize(text)
    bulletin = RawBulletin()
    body_start, body_end = _find_toc(lines, bulletin), _parse_footer(lines, bulletin)
    _parse_masthead(lines, body_start, bulletin)
    _parse_body(lines, body_start, body_end, bulletin)
    _reconcile(bulletin)
    for name in [i.section for i in bulletin.items]:
        if name not in bulletin.sections:
            bulletin.sections.append(name)
    if not bulletin.items:
        bulletin.errors.append((1, msg("no_items")))
    return bulletin


def _find_toc(lines: list[str], bulletin: RawBulletin) -> int:
    """Read the 本期要目 block; return the index of the line where the body starts."""
    start = next((i for i, line in enumerate(lines) if re.sub(r"\s", "", line) == "本期要目"), None)
    if start is None:
        return 0
    bulletin.placed[start + 1] = "heading"
    section, i = "", start + 1
    while i < len(lines):
        stripped = lines[i].strip()
        marker, entry = SECTION.match(stripped), TOC_ENTRY.match(stripped)
        if marker:
            following = next((s.strip() for s in lines[i + 1:] if s.strip()), "")
            if bulletin.toc and not TOC_ENTRY.match(following):
                return i
            section = marker.group(1)
            bulletin.placed[i + 1] = "toc"
        elif entry:
            bulletin.toc.append((section, entry.group(1).strip(), i + 1))
            bulletin.placed[i + 1] = "toc"
        elif stripped and bulletin.toc and not _looks_like_item(stripped):
            s, title, line = bulletin.toc[-1]  # a long TOC title wrapped onto the next line
            bulletin.toc[-1] = (s, title + stripped, line)
            bulletin.placed[i + 1] = "toc"
        elif stripped and bulletin.toc:
            return i
        i += 1
    return start + 1


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
    recipients: dict[str, str] = {}
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
            recipients[current] = rec.group("rest")
        elif current and not recipients[current].rstrip().endswith("。"):
            recipients[current] += stripped  # the list continues on the next line
        else:
            unknown.append((i, stripped))
    if not bulletin.issuer and unknown:
        bulletin.issuer = unknown.pop(0)[1]
    for i, text in unknown:  # anything else in the footer is reported, never dropped silently
        del bulletin.placed[i + 1]
        bulletin.warnings.append((i + 1, msg("footer_skipped", text=text[:30])))
    if bulletin.published is None:
        bulletin.errors.append((len(lines), msg("no_printed_date")))
    bulletin.report_to = split_recipients(recipients.get("报", ""))
    bulletin.distribute_to = split_recipients(recipients.get("发", ""))
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
            suffix = re.match(r"^.*?[区县市]((?:生态环境|无废|城市管理|环保)\S*)$", parts[-1])
            if suffix and all(len(p) <= 8 and p[-1] in "区县市" for p in parts[:-1]):
                parts = [p + suffix.group(1) for p in parts[:-1]] + [parts[-1]]
        result.extend(parts)
    return result


def _parse_body(lines: list[str], start: int, end: int, bulletin: RawBulletin) -> None:
    section, current = "", None
    toc_titles = [t for _, t, _ in bulletin.toc]
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
        head, rest = _split_headline(stripped, toc_titles, lines, i)
        if head is not None:
            current = RawItem(title=head, section=section, line=i + 1)
            bulletin.items.append(current)
            if not section:
                bulletin.warnings.append((i + 1, msg("item_before_section", title=head)))
            if rest:
                _append(current, rest)
            bulletin.placed[i + 1] = f"item:{len(bulletin.items)}"
        elif current is not None:
            _append(current, stripped)
            bulletin.placed[i + 1] = f"item:{len(bulletin.items)}"
        else:
            bulletin.warnings.append((i + 1, msg("text_skipped", text=stripped[:30])))
    for item in bulletin.items:
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


def _split_headline(line: str, toc_titles: list[str], lines: list[str], i: int) -> tuple[str | None, str]:
    for title in toc_titles:  # a run-in headline whose separator was lost (a PDF line end draws none)
        if len(title) >= 4 and line.startswith(title) and line[len(title):].strip():
            return title, line[len(title):].strip()
    match = SPLIT.match(line)
    if match:
        return match.group("head").strip(), match.group("body").strip()
    compact = line.strip()
    if toc_titles and max((similarity(compact, t) for t in toc_titles), default=0) >= 0.8:
        return compact, ""
    if not toc_titles and len(compact) <= 40 and not any(p in compact for p in "。！？；：:"):
        following = next((s.strip() for s in lines[i + 1:] if s.strip()), "")
        if following and not SECTION.match(following):
            return compact, ""
    return None, ""


def _append(item: RawItem, text: str) -> None:
    if item.paragraphs and item.paragraphs[-1][-1] not in TERMINAL:
        item.paragraphs[-1] += text  # a page break cut this paragraph
    else:
        item.paragraphs.append(text)


def _take_credit(item: RawItem) -> None:
    if item.paragraphs:
        credit = CREDIT.search(item.paragraphs[-1])
        if credit:
            item.source, item.credit = credit.group("source").strip(), credit.group(0).strip()
            item.paragraphs[-1] = item.paragraphs[-1][: credit.start()].rstrip()
            if not item.paragraphs[-1]:
                item.paragraphs.pop()


def _reconcile(bulletin: RawBulletin) -> None:
    """Match body items to TOC entries; warn about every title, section or order difference."""
    if not bulletin.toc:
        return
    unmatched = list(range(len(bulletin.toc)))
    positions = []
    for item in bulletin.items:
        best = max(unmatched, key=lambda k: similarity(item.title, bulletin.toc[k][1]), default=None)
        if best is None or similarity(item.title, bulletin.toc[best][1]) < 0.6:
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
