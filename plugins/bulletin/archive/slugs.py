"""An item's slug from its title: pinyin words after the district's own slug. Shared by the importer, `bulletin new`,
the web editor's slug table and the synthetic archive, so it lives with the model they all build on."""

from __future__ import annotations

import re
from functools import lru_cache

from pypinyin import lazy_pinyin

from bulletin.archive import places
from bulletin.archive.vocabulary import Vocabulary


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
    else:  # a place elsewhere, not in districts.yml yet: the slug its line is proposed with (shanghai-pudong)
        hits = places.scan(title, {}, {})
        code = places.decide(hits[0], hits) if hits and hits[0].start == 0 and places.usable(hits[0], title) else None
        if code is not None:
            proposal = places.propose(code, {d.slug for d in vocab.districts}, set(vocab.district_index))
            words.extend(proposal.slug.split("-"))
            rest = title[hits[0].end:]
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
