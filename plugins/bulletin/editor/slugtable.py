"""The table the web editor makes a new item's 网址名 with, in the browser, by the importer's rules (make_slug).

The importer segments a title with jieba (the archive's names in its dictionary) and spells each word with pypinyin.
Neither runs in the browser, so the build writes what they know as data — admin/slugs.json, read by
assets/bulletin/admin-slug.js only when a new item is saved without a 网址名 — and the browser repeats the rules:
the district at the start of the title gives its slug; jieba's own route (the most probable path through the
dictionary's words, by their frequencies) splits the rest; a four- or six-character word splits into its two-character
words when each is one; each word is spelled as pypinyin spells it. Left out, to keep the table small: jieba's words
rarer than RARE and longer than four characters, and its guessing of unknown words (HMM); places outside
districts.yml. docs/decisions.md records how often the result equals the importer's on the seed archive.

The general part (jieba's dictionary, pypinyin's readings) is computed once per machine and cached beside the CMS
bundle; the archive's own names are added on every build.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from pathlib import Path

from bulletin.archive.vocabulary import Vocabulary
from bulletin.editor.bundle import cache_dir

RARE = 50  # jieba frequency at or below which a word of two or more characters is left out of the table
HAN = range(0x4E00, 0xA000)
LONGEST = 16  # characters of the longest word looked up (a district's full name has at most 12)


def _general() -> dict:
    import jieba
    import pypinyin
    from pypinyin import lazy_pinyin

    cached = cache_dir().parent / f"slugs-jieba{jieba.__version__}-pypinyin{pypinyin.__version__}-{RARE}.json"
    if cached.is_file():
        return json.loads(cached.read_text("utf-8"))
    words: dict[str, int] = {}
    total = 0
    with open(Path(jieba.__file__).parent / "dict.txt", encoding="utf-8") as lines:
        for line in lines:
            word, freq = line.split(" ")[:2]
            total += int(freq)
            if len(word) == 1 or (len(word) <= 4 and int(freq) > RARE):
                words[word] = int(freq)
    chars = {chr(c): "".join(lazy_pinyin(chr(c))) for c in HAN}
    spelled = {}
    for word in words:
        if len(word) > 1:
            spelling = "".join(lazy_pinyin(word))
            if spelling != "".join(chars.get(c, c) for c in word):
                spelled[word] = spelling  # a reading of its own (银行 yinhang): only these are stored
    table = {"total": total, "words": words, "chars": chars, "spelled": spelled}
    write_whole(cached, json.dumps(table, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return table


def route(text: str, words: dict[str, int], total: int) -> list[str]:
    """jieba's cut without its guessing of unknown words (HMM=False): the most probable path through the words
    (log frequency over the total), ties to the longer word. admin-slug.js does the same."""
    n, log_total = len(text), math.log(total)
    best: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
    for start in range(n - 1, -1, -1):
        ends = [end for end in range(start, min(n, start + LONGEST)) if words.get(text[start:end + 1])] or [start]
        best[start] = max((math.log(words.get(text[start:end + 1]) or 1) - log_total + best[end + 1][0], end)
                          for end in ends)
    cut, start = [], 0
    while start < n:
        end = best[start][1]
        cut.append(text[start:end + 1])
        start = end + 1
    return cut


def slug_table(vocab: Vocabulary) -> dict:
    """The general table with the archive's names: districts (spelling → slug, longest first, as make_slug tries
    them) and the names jieba is given as words (archive/slugs.py DOMAIN_WORDS, districts, tags)."""
    from pypinyin import lazy_pinyin

    from bulletin.archive.slugs import DOMAIN_WORDS

    table = _general()
    words, spelled = dict(table["words"]), dict(table["spelled"])
    total = table["total"]
    for word in (*DOMAIN_WORDS, *vocab.district_index, *(t.name for t in vocab.tags)):
        # jieba.add_word without a frequency: suggest_freq(word), just enough to win over the pieces it cuts into
        pieces = 1.0
        for piece in route(word, words, total):
            pieces *= words.get(piece, 1) / total
        words[word] = max(int(pieces * total) + 1, words.get(word, 1))
        spelled[word] = "".join(lazy_pinyin(word))
    districts = sorted(((s, d.slug) for s, d in vocab.district_index.items()), key=lambda p: -len(p[0]))
    return {**table, "words": words, "spelled": spelled, "districts": districts,
            "log_total": math.log(table["total"])}


def slug_json(vocab: Vocabulary) -> bytes:
    """admin/slugs.json for this vocabulary, cached by the names it adds (a build only copies it)."""
    names = json.dumps([sorted(vocab.district_index), [t.name for t in vocab.tags],
                        [d.slug for d in vocab.districts]], ensure_ascii=False)
    key = hashlib.sha256(names.encode("utf-8")).hexdigest()[:16]
    cached = cache_dir().parent / f"slugs-{RARE}-{key}.json"
    if not cached.is_file():
        write_whole(cached, json.dumps(slug_table(vocab), ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return cached.read_bytes()


def write_whole(cached: Path, data: bytes) -> None:
    """Write a per-machine cache file so that a reader sees all of it or none: another build or the preview may be
    writing the same file at the same moment (a temporary name of this process's own, then one rename)."""
    cached.parent.mkdir(parents=True, exist_ok=True)
    partial = cached.with_name(f"{cached.name}.{os.getpid()}.partial")
    partial.write_bytes(data)
    partial.replace(cached)
