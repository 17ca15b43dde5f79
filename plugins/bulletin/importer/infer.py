"""Infer an item's date, districts, tags and slug from its text: suggestions a person reviews before committing."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from pypinyin import lazy_pinyin

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


def infer_districts(title: str, body: str, section: str, vocab: Vocabulary) -> list[str]:
    """The item's subject: districts named in the headline (Chongqing's before other cities), else city-level."""
    kinds = {d.name: d.kind for d in vocab.districts}
    in_title = [n for n in find_districts(title, vocab) if kinds[n] != "市级"]
    local = [n for n in in_title if kinds[n] != "外地"]
    if local or in_title:
        return local or in_title
    first = re.split(r"[。！？]", body, maxsplit=1)[0]
    if CITY_LEVEL.search(title) or CITY_LEVEL.search(first) or section in ("工作动态", "市级动态"):
        return ["重庆市"]
    in_body = [n for n in find_districts(first, vocab) if kinds[n] != "市级"]
    return in_body[:1] or ["重庆市"]


def infer_tags(title: str, body: str, vocab: Vocabulary, limit: int = 4) -> list[str]:
    """Tags whose keywords occur: a title hit counts thrice; weak single body hits are left out."""
    scored = []
    for rank, tag in enumerate(vocab.tags):
        score = sum(3 * title.count(k) + body.count(k) for k in tag.keywords)
        if score >= 2:
            scored.append((-score, rank, tag.name))
    return [name for _, _, name in sorted(scored)[:limit]]


def make_slug(title: str, vocab: Vocabulary, taken: set[str], max_words: int = 5) -> str:
    """Short ASCII slug from the title's pinyin, one part per word: the district's slug, then the words a
    segmenter finds (市生态环境局 → shi-shengtai-huanjing-ju, not shisheng-taihuan-jingju). A slug is a permanent
    URL, so this runs once, when an item is created; the importer keeps the slugs of files already there."""
    words: list[str] = []
    rest = title
    for spelling in sorted(vocab.district_index, key=len, reverse=True):
        if title.startswith(spelling):
            words.append(vocab.district_index[spelling].slug)
            rest = title[len(spelling):]
            break
    for chunk in re.findall(r"[\u4e00-\u9fff]+|[A-Za-z0-9]+", rest):
        if chunk.isascii():
            words.append(chunk.lower())
            continue
        for word in _segment(chunk, vocab):
            words.extend("".join(lazy_pinyin(part)) for part in _parts(word, vocab))
    slug = "-".join(re.sub(r"[^a-z0-9]", "", w) for w in words[:max_words] if w) or "item"
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


DOMAIN_WORDS = ("无废", "无废城市", "无废城市细胞", "无废细胞", "无废办", "固废", "危废", "医废")


def _segment(text: str, vocab: Vocabulary) -> list[str]:
    """Words of a Han run, by jieba with the archive's own names (districts, tags, 无废…) in its dictionary."""
    return list(_jieba(tuple(vocab.district_index), tuple(t.name for t in vocab.tags)).cut(text))


def _parts(word: str, vocab: Vocabulary) -> list[str]:
    """Long compounds read better as their two-character words (生态环境 → 生态 环境, 无废城市细胞 → 无废 城市 细胞),
    when every piece is itself a word; anything else stays whole."""
    if len(word) < 4 or len(word) % 2:
        return [word]
    pieces = [word[k: k + 2] for k in range(0, len(word), 2)]
    known = _jieba(tuple(vocab.district_index), tuple(t.name for t in vocab.tags)).FREQ
    return pieces if all(known.get(p) for p in pieces) else [word]


@lru_cache(maxsize=4)
def _jieba(districts: tuple[str, ...], tags: tuple[str, ...]):
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    for word in (*DOMAIN_WORDS, *districts, *tags):
        tokenizer.add_word(word)
    return tokenizer
