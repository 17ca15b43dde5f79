"""“Did you mean …?” for names typed with a pinyin input method.

A pinyin IME makes homophone mistakes (北倍区 for 北碚区, 黔将区 for 黔江区), near-homophones (垃圾分理 for 垃圾分类),
dropped suffixes (沙坪坝 for 沙坪坝区), traditional characters and stray spaces. Candidates are ranked by how alike
the toneless pinyin is *and* how alike the characters are, so a same-sounding name beats one that only shares
characters (渝北区 shares 北 and 区 with 北倍区, but sounds different).
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from functools import lru_cache

from pypinyin import lazy_pinyin

from bulletin.messages import msg

_SPACES = re.compile(r"\s+")
THRESHOLD = 0.55
MAX_TYPED = 40  # characters: no name is longer, and comparing costs ~0.65 ms per character (100,000 hung check)
# comparisons for one reading of the archive (~0.2 ms each): a vocabulary of 9,000 made-up districts and three
# items naming 200 unknown ones took check more than 5 minutes; past the budget, problems come without a suggestion
COMPARISONS = 15_000
_left = [COMPARISONS]


def new_run(comparisons: int = COMPARISONS) -> None:
    """A fresh budget of comparisons: called once per reading of the archive."""
    _left[0] = comparisons


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """Full-width → half-width, no spaces, simplified characters, lower case."""
    text = _SPACES.sub("", unicodedata.normalize("NFKC", str(text))).lower()
    return _t2s().convert(text) if any(ord(c) > 0x2E80 for c in text) else text


@lru_cache(maxsize=4096)
def sound(text: str) -> str:
    """Toneless pinyin, syllables separated by spaces (ASCII stays as it is)."""
    return " ".join(lazy_pinyin(text))


def likeness(typed: str, spelling: str) -> float:
    """0..1: how likely `spelling` is what was meant by `typed` (both normalized)."""
    if typed == spelling:
        return 1.0
    chars = SequenceMatcher(None, typed, spelling).ratio()
    sounds = SequenceMatcher(None, sound(typed), sound(spelling)).ratio()
    contained = 0.15 if typed and (typed in spelling or spelling in typed) else 0.0
    return min(0.99, 0.6 * sounds + 0.4 * chars + contained)


def best_match(typed: str, spellings: dict[str, str]) -> str | None:
    """The canonical name (value of `spellings`, keyed by every accepted spelling) closest to `typed`."""
    if len(typed) > MAX_TYPED:
        return None
    wanted = normalize(typed)
    if not wanted or len(spellings) > _left[0]:
        return None
    _left[0] -= len(spellings)
    scored = [(likeness(wanted, normalize(spelling)), -len(spelling), canonical)
              for spelling, canonical in spellings.items()]
    score, _, canonical = max(scored, default=(0.0, 0, None))
    return canonical if score >= THRESHOLD else None


def suggest(typed: str, spellings: dict[str, str] | list[str]) -> str:
    """`did you mean X?` in the user's language, or '' when nothing is close enough."""
    if isinstance(spellings, list):
        spellings = {s: s for s in spellings}
    found = best_match(typed, spellings)
    return msg("did_you_mean", name=found) if found else ""
