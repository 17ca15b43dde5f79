"""Frequent phrases of three and four characters, answered like terms: no bigram postings, no positions.

A phrase is checked with the positions of the trigrams that spell it; that is cheap for nearly every phrase,
because some trigram of it is rare. Not for the archive's own vocabulary: 无废城市 is in almost every item, and
so are its bigrams and trigrams — at 100,000 items their postings alone are hundreds of KiB. A trigram or
four-character phrase found in at least `min_docs` documents gets postings of its own, stored under the phrase
like a term: per field the documents holding it and, as weight, the sum of its bigrams' weights there — the
score the bigram path computes, so the ranking is the same either way.
"""

from __future__ import annotations

from collections import defaultdict

from bulletin.search.index import Index, Place

MIN_DOCS = 50  # below this a trigram's positions cost about what its own postings would
MIN_SHARE = 0.02  # …and a phrase in fewer than 2% of the documents is cheap to check with positions anyway


def threshold(index: Index) -> int:
    return max(MIN_DOCS, round(MIN_SHARE * len(index.docs)))


def frequent_phrases(index: Index, min_docs: int | None = None) -> dict[str, dict[str, list[int]]]:
    """phrase → field → documents holding it there, ascending."""
    if min_docs is None:
        min_docs = threshold(index)
    frequent = {t: {name: index.positions(t, name) for name in fields} for t, fields in index.places.items()
                if sum(map(len, fields.values())) >= 3 * min_docs}  # cheap bound first: most trigrams are rare
    frequent = {t: fields for t, fields in frequent.items()
                if len({doc for places in fields.values() for doc, _ in places}) >= min_docs}
    out = {t: {name: [doc for doc, _ in places] for name, places in sorted(fields.items())}
           for t, fields in sorted(frequent.items())}
    starting: dict[str, list[str]] = defaultdict(list)
    for trigram in sorted(frequent):
        starting[trigram[:2]].append(trigram)
    for first, fields in sorted(frequent.items()):
        for second in starting.get(first[1:], []):
            adjacent = {name: docs for name in sorted(fields)
                        if (docs := _adjacent(fields[name], frequent[second].get(name, [])))}
            if len(set().union(*adjacent.values())) >= min_docs:
                out[first + second[2]] = adjacent
    return out


def _adjacent(first: list[Place], second: list[Place]) -> list[int]:
    """Documents where the second trigram sits one position after the first: the four characters in a row."""
    after = {doc: set(positions) for doc, positions in second}
    return [doc for doc, positions in first if doc in after and any(p + 1 in after[doc] for p in positions)]


def phrase_postings(index: Index, phrases: dict[str, dict[str, list[int]]]) -> dict[str, dict[str, list[int]]]:
    """Per phrase and field, flat (doc-id delta, Σ bigram weight×100) pairs, as `writer.encode_term` writes."""
    containing: dict[str, list[str]] = defaultdict(list)
    for phrase in phrases:
        for i in range(len(phrase) - 1):  # a repeated bigram counts twice, as in the browser's sum
            containing[phrase[i:i + 2]].append(phrase)
    sums = {p: {name: [0] * len(docs) for name, docs in fields.items()} for p, fields in phrases.items()}
    for bigram, holders in sorted(containing.items()):
        for name in index.entries[bigram]:
            weights = {doc: round(w * 100) for doc, w in zip(index.documents(bigram, name),
                                                              index.weights(bigram, name))}
            for phrase in holders:
                total = sums[phrase].get(name)
                for k, doc in enumerate(phrases[phrase].get(name, ())):
                    total[k] += weights[doc]
    out = {}
    for phrase, fields in phrases.items():
        out[phrase] = {}
        for name, docs in fields.items():
            flat, previous = [], 0
            for doc, score in zip(docs, sums[phrase][name]):
                flat += (doc - previous, score)
                previous = doc
            out[phrase][name] = flat
    return out
