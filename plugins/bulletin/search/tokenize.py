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


def field_terms(text: str) -> tuple[list[str], list[str]]:
    """(positional terms, unigrams) of one field.

    Positional terms are bigrams of Han runs and Latin words; their
    index in the list is their position, so a phrase is a run of consecutive positions. Unigrams are every
    Han character, kept without positions so that a single typed character finds every item containing it.
    """
    terms: list[str] = []
    unigrams: list[str] = []
    for run in units(text):
        if HAN_RUN.match(run):
            unigrams.extend(run)
            terms.extend(run[i: i + 2] for i in range(len(run) - 1))
        else:
            terms.append(run)
    return terms, unigrams


def query_units(query: str) -> list[list[str]]:
    """Each unit of a query as the terms that must occur at consecutive positions (one term: anywhere)."""
    result = []
    for run in units(query):
        if HAN_RUN.match(run):
            result.append(["#" + run] if len(run) == 1 else [run[i: i + 2] for i in range(len(run) - 1)])
        else:
            result.append([run])
    return result
