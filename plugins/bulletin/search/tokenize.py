"""Text → search terms. Han runs become overlapping bigrams (plus every single character, for one-character
queries); Latin letters and digits become lower-cased words. Mirrored exactly by `search.js`."""

from __future__ import annotations

import re

from bulletin.search.fold import fold

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
UNIT = re.compile(f"[{HAN}]+|[a-z0-9]+")
HAN_RUN = re.compile(f"^[{HAN}]+$")


def units(text: str) -> list[str]:
    """The runs of a folded text: each Han run and each Latin/digit word."""
    return UNIT.findall(fold(text))


def field_terms(text: str) -> tuple[list[str], list[str], list[tuple[int, str]]]:
    """(positional terms, unigrams, trigrams) of one field.

    Positional terms are bigrams of Han runs and Latin words; their index in the list is their position, so a
    phrase is a run of consecutive positions. Unigrams are every Han character, kept without positions so that
    a single typed character finds every item containing it. Trigrams are (position, trigram): a phrase of
    three characters is its trigram, a longer one trigrams at their offsets from one position — and trigrams
    are rare where bigrams are common (无废城市 is in almost every item; 无废景 is not), so checking a phrase reads
    far fewer positions than with bigrams.

    A trigram's position is its first bigram's plus the number of runs before it: one unused position between
    runs, so that trigrams of two runs never line up as one phrase (甲乙丙丁，丁戊己 holds 甲乙丙 and 丁戊己 three
    positions apart, as 甲乙丙丁戊己 does; the gap keeps it from matching that query).
    """
    terms: list[str] = []
    unigrams: list[str] = []
    trigrams: list[tuple[int, str]] = []
    for number, run in enumerate(units(text)):
        if HAN_RUN.match(run):
            unigrams.extend(run)
            start = len(terms) + number
            terms.extend(run[i: i + 2] for i in range(len(run) - 1))
            trigrams.extend((start + i, run[i: i + 3]) for i in range(len(run) - 2))
        else:
            terms.append(run)
    return terms, unigrams, trigrams


def trigram_cover(run: str) -> list[tuple[int, str]]:
    """(offset, trigram) pairs that together spell a Han run of 3+ characters: every third, and the last."""
    offsets = list(range(0, len(run) - 2, 3))
    if offsets[-1] != len(run) - 3:
        offsets.append(len(run) - 3)
    return [(k, run[k: k + 3]) for k in offsets]


def query_units(query: str) -> list[list[str]]:
    """Each unit of a query as the terms that must occur at consecutive positions (one term: anywhere)."""
    result = []
    for run in units(query):
        if HAN_RUN.match(run):
            result.append(["#" + run] if len(run) == 1 else [run[i: i + 2] for i in range(len(run) - 1)])
        else:
            result.append([run])
    return result
