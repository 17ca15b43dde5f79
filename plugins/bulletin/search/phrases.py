"""Frequent phrases of three and four characters, answered without positions.

A phrase is checked with the positions of the trigrams that spell it; that is cheap for nearly every phrase,
because some trigram of it is rare. Not for the archive's own vocabulary: 无废城市 is in almost every item,
and so are both of its trigrams. For trigrams and four-character phrases found in at least `min_docs`
documents, the documents holding them (per field) ride along with the postings of their first bigram, which a
query reads anyway: the answer is exact and no positions are fetched.
"""

from __future__ import annotations

from collections import defaultdict

from bulletin.search.index import Index, Place

MIN_DOCS = 50  # below this a trigram's positions cost about what its document list would
MIN_SHARE = 0.02  # …and a phrase in fewer than 2% of the documents is not worth a place in the postings


def _documents(fields: dict[str, list]) -> set[int]:
    return {entry[0] for entries in fields.values() for entry in entries}


def frequent_phrases(index: Index, min_docs: int | None = None) -> dict[str, dict[str, dict[str, list[int]]]]:
    """first bigram → the rest of the phrase (1 or 2 characters) → field → documents, ascending."""
    if min_docs is None:
        min_docs = max(MIN_DOCS, round(MIN_SHARE * len(index.docs)))
    frequent = {t: fields for t, fields in index.places.items() if len(_documents(fields)) >= min_docs}
    out: dict[str, dict[str, dict[str, list[int]]]] = defaultdict(dict)
    starting: dict[str, list[str]] = defaultdict(list)
    for trigram, fields in sorted(frequent.items()):
        out[trigram[:2]][trigram[2]] = {name: [doc for doc, _ in places] for name, places in sorted(fields.items())}
        starting[trigram[:2]].append(trigram)
    for first, fields in sorted(frequent.items()):
        for second in starting.get(first[1:], []):
            adjacent = {name: docs for name in sorted(fields)
                        if (docs := _adjacent(fields[name], frequent[second].get(name, [])))}
            if len(set().union(*adjacent.values())) >= min_docs:
                out[first[:2]][first[2] + second[2]] = adjacent
    return dict(out)


def _adjacent(first: list[Place], second: list[Place]) -> list[int]:
    """Documents where the second trigram sits one position after the first: the four characters in a row."""
    after = {doc: set(positions) for doc, positions in second}
    return [doc for doc, positions in first if doc in after and any(p + 1 in after[doc] for p in positions)]
