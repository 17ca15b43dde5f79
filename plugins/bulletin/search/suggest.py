"""Data for help when a query finds nothing: `suggest.json.gz` (the archive's own words with their toneless pinyin)
and `py/<n>.json.gz` (toneless readings of characters, split by code point).

search.js fetches them only when a query needs them — nothing here is on a first query's path. Corrections come
from the archive's own words: district names, aliases and former names, topic names and keywords, the index's
frequent phrases and its most frequent two-character words, each with the number of documents holding it (a word
no document holds is never offered). The list is capped, so the file does not grow with the archive. The browser
ranks them as the staff checker does (spelling.py): toneless pinyin first, then the characters themselves.
"""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from pypinyin import Style, lazy_pinyin, pinyin

from bulletin.archive.model import Archive
from bulletin.search.fold import fold
from bulletin.search.index import Index, Ints, unpack_places
from bulletin.search.tokenize import HAN_RUN, UNIT, trigram_cover

WORDS_MAX = 1500  # candidate words in suggest.json, whatever the size of the archive (~15 KiB gzip at 10,000 items)
BIGRAMS_MAX = 600  # of them, at most this many of the most frequent two-character words
PINYIN_PARTS = 32


def _one_unit(word: str) -> str | None:
    """The folded word when it is one unit as a query splits it (a Han run, or Latin letters and digits)."""
    folded = fold(word)
    found = UNIT.findall(folded)
    return folded if len(found) == 1 and found[0] == folded else None


def documents_with(index: Index, phrases: dict[str, dict[str, Ints]], word: str) -> int:
    """How many documents a query for `word` (one unit, folded) finds: its bigrams in a row in one field."""
    if not HAN_RUN.match(word):
        return len(set().union(*(index.documents(word, name) for name in index.term_fields(word))))
    if len(word) == 1:
        return 0  # never offered: one character is not a correction
    if len(word) == 2:
        return len(set().union(*(index.documents(word, name) for name in index.term_fields(word))))
    if word in phrases:
        return len(set().union(*phrases[word].values()))
    found: set[int] = set()
    cover = trigram_cover(word)
    for table in index.places.values():
        lists = []
        for offset, trigram in cover:
            if trigram not in table:
                break
            lists.append((offset, {doc: set(pos) for doc, pos in unpack_places(table[trigram])}))
        else:
            first = lists[0][1]
            for doc, starts in first.items():
                if doc in found:
                    continue
                if all(doc in where for _, where in lists) and any(
                        all(start + offset in where[doc] for offset, where in lists) for start in starts):
                    found.add(doc)
    return len(found)


def suggestion_words(archive: Archive, index: Index, phrases: dict[str, dict[str, Ints]]) -> list[list]:
    """[word, toneless pinyin (syllables by spaces), documents, kind, target]: kind d(istrict) / t(opic) with the
    index of its district or topic in meta.json, or w(ord) with -1. Vocabulary first, then frequent words."""
    words: dict[str, list] = {}

    def add(spelling: str, kind: str, target: int) -> None:
        word = _one_unit(spelling)
        if word is None or word in words or len(words) >= WORDS_MAX:
            return
        words[word] = [word, " ".join(lazy_pinyin(word)), documents_with(index, phrases, word), kind, target]

    for i, district in enumerate(archive.districts):
        for spelling in (district.name, *district.aliases, *district.former):
            add(spelling, "d", i)
    for i, tag in enumerate(archive.tags):
        add(tag.name, "t", i)
    for tag in archive.tags:
        for keyword in tag.keywords:
            add(keyword, "w", -1)
    for group in archive.synonyms:
        for word in group:
            add(word, "w", -1)
    by_count = sorted(phrases, key=lambda p: (-len(set().union(*phrases[p].values())), p))
    for phrase in by_count:
        add(phrase, "w", -1)
    bigrams = [t for t in index.terms() if len(t) == 2 and HAN_RUN.match(t)]
    counts = {t: sum(len(table[t]) // 2 for table in index.entries.values() if t in table) for t in bigrams}
    for bigram in sorted(bigrams, key=lambda t: (-counts[t], t))[:BIGRAMS_MAX]:
        add(bigram, "w", -1)
    return [entry for entry in words.values() if entry[2] or entry[3] != "w"]


def gb2312() -> set[str]:
    """The 6,763 characters of GB 2312: what a pinyin input method offers first."""
    chars = set()
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            with suppress(UnicodeDecodeError):  # the few unassigned positions
                chars.add(bytes((high, low)).decode("gb2312"))
    return chars


def pinyin_parts(index: Index) -> list[dict[str, str]]:
    """Character → its toneless readings joined by `|` (重 → zhong|chong), GB 2312 and the archive's own
    characters, split by code point % PINYIN_PARTS: a query fetches only its characters' parts."""
    chars = gb2312() | {term[1:] for table in index.entries.values() for term in table if term.startswith("#")}
    parts: list[dict[str, str]] = [{} for _ in range(PINYIN_PARTS)]
    for char in sorted(chars):
        readings = [r for r in dict.fromkeys(pinyin(char, style=Style.NORMAL, heteronym=True)[0]) if r != char]
        if readings:
            parts[ord(char) % PINYIN_PARTS][char] = "|".join(readings)
    return parts


def write_suggestions(archive: Archive, index: Index, phrases: dict[str, dict[str, Ints]], out_dir: Path,
                      dump, suffix: str) -> None:
    """suggest<suffix> and py/<n><suffix> under the search folder (`dump` is the writer's deterministic file)."""
    dump(out_dir / f"suggest{suffix}", {"w": suggestion_words(archive, index, phrases), "parts": PINYIN_PARTS})
    for number, part in enumerate(pinyin_parts(index)):
        dump(out_dir / "py" / f"{number}{suffix}", part)
