"""Model → inverted index with lunr's BM25 weights (k1=1.2, b=0.75, field boosts); trigram positions for phrases.

lunr.py computes the same numbers (tests/test_search_index.py proves it on a real archive); the builder is
written out here because the plugin needs per-term postings in its own compact layout, and lunr.py's
general-purpose pipeline costs several times longer on a 10,000-item archive.
"""

from __future__ import annotations

import math
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from bulletin.archive.model import Item
from bulletin.search.tokenize import field_terms

K1, B = 1.2, 0.75
FIELDS = {"t": 10.0, "b": 1.0}  # title boosted over body, as MkDocs' own search does

Place = tuple[int, list[int]]  # document id, positions


Ints = array  # of C ints ("i"): 4 bytes a number, where a list spends 8 on the pointer alone


@dataclass
class Index:
    """Postings as flat arrays of C ints, not lists of tuples: a tuple per posting cost ~60 bytes, a list slot
    8 bytes plus the number's own object, and at 100,000 items there are 30 million postings and 14 million
    trigram places (docs/decisions.md)."""

    docs: list[Item]
    # Both field first: most terms and nine trigrams in ten occur in one field only (and the trigrams once in the
    # whole archive), so a dict of fields for each would weigh more than its postings. Fields in name order
    # (build_index), the order the files list them in, so a term's fields need no sorting.
    entries: dict[str, dict[str, Ints]]  # field → term → [doc, tf, doc, tf, …], ascending docs
    places: dict[str, dict[str, Ints]]  # field → trigram → [doc, n, position × n, doc, …], ascending docs
    norms: dict[str, list[float]]  # field → lunr's length normalisation k1·(1 − b + b·len/avg) per document

    def documents(self, term: str, name: str) -> Ints:
        return self.entries[name][term][0::2]

    def terms(self) -> list[str]:
        return sorted(set().union(*self.entries.values()))

    def term_fields(self, term: str) -> list[str]:
        """The fields a term occurs in, by name."""
        return [name for name, table in self.entries.items() if term in table]

    def positions(self, trigram: str, name: str) -> list[Place]:
        """(document, positions) of a trigram in one field."""
        return [(doc, positions.tolist()) for doc, positions in unpack_places(self.places[name][trigram])]

    def trigrams(self) -> list[str]:
        return sorted(set().union(*self.places.values()))

    def place_fields(self, trigram: str) -> dict[str, Ints]:
        """field → places of one trigram, for the fields it occurs in, by field name."""
        return {name: table[trigram] for name, table in self.places.items() if trigram in table}

    def idf(self, term: str) -> float:
        df = sum(len(t[term]) for t in self.entries.values() if term in t) // 2  # a document once per field
        return math.log(1 + abs((len(self.docs) - df + 0.5) / (df + 0.5)))

    def weights(self, term: str, name: str) -> list[float]:
        """lunr's field weights, operation for operation, so that rounding to 3 decimals agrees too."""
        term_idf, norms, boost, flat = self.idf(term), self.norms[name], FIELDS[name], self.entries[name][term]
        return [round(term_idf * ((K1 + 1) * tf) / (norms[doc] + tf) * boost, 3)
                for doc, tf in zip(flat[0::2], flat[1::2])]


def unpack_places(flat: Ints) -> Iterator[tuple[int, Ints]]:
    """(document, positions) from a field's flat `[doc, n, position × n, …]`."""
    i = 0
    while i < len(flat):
        doc, count = flat[i], flat[i + 1]
        yield doc, flat[i + 2:i + 2 + count]
        i += 2 + count


def doc_order(items) -> list[Item]:
    """Oldest first: a document id grows with time, so 'newer first' is 'larger id first'."""
    return sorted(items, key=lambda i: (i.date, i.issue_id, i.order))


def field_texts(item: Item) -> dict[str, str]:
    return {"t": item.title, "b": item.text}


def build_index(items) -> Index:
    docs = doc_order(items)
    by_field: dict[str, defaultdict[str, Ints]] = {name: defaultdict(_ints) for name in sorted(FIELDS)}
    places_by_field: dict[str, defaultdict[str, Ints]] = {name: defaultdict(_ints) for name in sorted(FIELDS)}
    lengths: dict[str, list[int]] = {name: [] for name in FIELDS}
    for doc_id, item in enumerate(docs):
        for name, text in field_texts(item).items():
            terms, unigrams, trigrams = field_terms(text)
            lengths[name].append(len(terms) + len(unigrams))
            entries, places = by_field[name], places_by_field[name]  # one lookup per term, not two
            for term, tf in Counter(terms).items():
                entries[term].extend((doc_id, tf))
            for char, tf in Counter(unigrams).items():
                entries["#" + char].extend((doc_id, tf))
            where: defaultdict[str, list[int]] = defaultdict(list)
            for position, trigram in trigrams:
                where[trigram].append(position)
            for trigram, positions in where.items():
                places[trigram].extend((doc_id, len(positions), *positions))
    norms = {}
    for name, values in lengths.items():
        average = (sum(values) / len(values) if values else 1.0) or 1.0
        norms[name] = [K1 * (1 - B + B * (length / average)) for length in values]
    for table in (*by_field.values(), *places_by_field.values()):
        table.default_factory = None  # a lookup of a term absent from a field must not add it
    return Index(docs=docs, entries=by_field, places=places_by_field, norms=norms)


def _ints() -> Ints:
    return array("i")
