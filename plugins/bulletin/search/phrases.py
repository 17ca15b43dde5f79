"""Frequent phrases of three and four characters, answered like terms: no bigram postings, no positions.

A phrase is checked with the positions of the trigrams that spell it; that is cheap for nearly every phrase,
because some trigram of it is rare. Not for the archive's own vocabulary: 无废城市 is in almost every item, and
so are its bigrams and trigrams — at 100,000 items their postings alone are hundreds of KiB. A trigram or
four-character phrase found in at least `min_docs` documents gets postings of its own, stored under the phrase
like a term: per field the documents holding it and, as weight, the sum of its bigrams' weights there — the
score the bigram path computes, so the ranking is the same either way.
"""

from __future__ import annotations

from array import array
from collections import defaultdict

from bulletin.search.index import Index, Ints, unpack_places
from bulletin.search.tokenize import HAN_RUN, units

MIN_DOCS = 50  # below this a trigram's positions cost about what its own postings would
MIN_SHARE = 0.02  # …and a phrase in fewer than 2% of the documents is cheap to check with positions anyway


def threshold(index: Index) -> int:
    return max(MIN_DOCS, round(MIN_SHARE * len(index.docs)))


def frequent_phrases(index: Index, min_docs: int | None = None) -> dict[str, dict[str, Ints]]:
    """phrase → field → documents holding it there, ascending. Trigrams first, then four-character phrases, each
    in order. Positions are read from the index's flat arrays as needed, never copied out whole: at 100,000 items
    the frequent trigrams' positions as Python lists took a gigabyte."""
    if min_docs is None:
        min_docs = threshold(index)
    # cheap bound first, most trigrams being rare: in min_docs documents a trigram has ≥ 3·min_docs numbers
    # (document, count, position), so at least their share in one of the fields
    least = 3 * min_docs / max(1, len(index.places))
    out: dict[str, dict[str, Ints]] = {}
    for trigram in sorted({t for table in index.places.values() for t, flat in table.items() if len(flat) >= least}):
        fields = {name: array("i", (doc for doc, _ in unpack_places(flat)))
                  for name, flat in index.place_fields(trigram).items()}
        if len(set().union(*fields.values())) >= min_docs:
            out[trigram] = fields
    ending: dict[str, list[str]] = defaultdict(list)
    starting: dict[str, list[str]] = defaultdict(list)
    for trigram in out:
        ending[trigram[1:]].append(trigram)
        starting[trigram[:2]].append(trigram)
    fours = {}
    for middle in sorted(ending.keys() & starting.keys()):  # x+middle followed by middle+y: x+middle+y
        for second in starting[middle]:
            after = {name: _after(flat) for name, flat in index.place_fields(second).items()}  # one at a time
            for first in ending[middle]:
                adjacent = {name: docs for name, flat in index.place_fields(first).items()
                            if (docs := _adjacent(flat, after.get(name, {})))}
                if len(set().union(*adjacent.values())) >= min_docs:
                    fours[first + second[2]] = adjacent
    return out | dict(sorted(fours.items()))


def vocabulary_phrases(index: Index, names: list[str], known: dict) -> dict[str, dict[str, Ints]]:
    """The archive's own names of three characters or more (districts, their other names, topics) that occur,
    answered like frequent phrases whatever their frequency: a resident types 秀山土家族苗族自治县 whole, and as
    bigrams and trigram positions it read nine postings and three position shards (the worst first search).
    search.js asks for a typed word as a phrase when it is one of these names. Exact: the documents where every
    trigram of the name sits at consecutive positions, as the trigram-position check of search.js decides."""
    out: dict[str, dict[str, Ints]] = {}
    for name in sorted({run for given in names for run in units(given)}):
        if len(name) < 3 or not HAN_RUN.match(name) or name in known or name in out:
            continue
        first, *rest = [index.place_fields(name[i:i + 3]) for i in range(len(name) - 2)]
        fields = {}
        for field in sorted(first):
            later = [_after(places.get(field, array("i"))) for places in rest]
            docs = array("i", (doc for doc, positions in unpack_places(first[field])
                               if any(all(p + k in after.get(doc, ()) for k, after in enumerate(later, 1))
                                      for p in positions)))
            if docs:
                fields[field] = docs
        if fields:
            out[name] = fields
    return out


def _after(flat: Ints) -> dict[int, set[int]]:
    return {doc: set(positions) for doc, positions in unpack_places(flat)}


def _adjacent(first: Ints, after: dict[int, set[int]]) -> Ints:
    """Documents where the second trigram sits one position after the first: the four characters in a row."""
    return array("i", (doc for doc, positions in unpack_places(first)
                       if doc in after and any(p + 1 in after[doc] for p in positions)))


def phrase_postings(index: Index, phrases: dict[str, dict[str, Ints]]) -> dict[str, dict[str, Ints]]:
    """Per phrase and field, flat (doc-id delta, Σ bigram weight×100) pairs, as `writer.encode_term` writes —
    in C ints: they are kept until their shard is written, and at 100,000 items they are tens of millions."""
    containing: dict[str, list[str]] = defaultdict(list)
    for phrase in phrases:
        for i in range(len(phrase) - 1):  # a repeated bigram counts twice, as in the browser's sum
            containing[phrase[i:i + 2]].append(phrase)
    sums = {p: {name: array("i", [0]) * len(docs) for name, docs in fields.items()} for p, fields in phrases.items()}
    for bigram, holders in sorted(containing.items()):
        for name in index.term_fields(bigram):
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
            flat, previous = array("i"), 0
            for doc, score in zip(docs, sums[phrase][name]):
                flat.extend((doc - previous, score))
                previous = doc
            out[phrase][name] = flat
    return out
