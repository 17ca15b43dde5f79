"""Model → inverted index with lunr's BM25 weights (k1=1.2, b=0.75, field boosts), positions delta-coded.

lunr.py computes the same numbers (tests/test_search_index.py proves it on a real archive); the builder is
written out here because the plugin needs per-term postings in its own compact layout, and lunr.py's
general-purpose pipeline costs several times longer on a 10,000-item archive.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from ..model import Item
from .tokenize import field_terms

K1, B = 1.2, 0.75
FIELDS = {"t": 10.0, "b": 1.0}  # title boosted over body, as MkDocs' own search does


@dataclass
class Posting:
    doc: int
    weight: float
    positions: list[int] = field(default_factory=list)


@dataclass
class Index:
    docs: list[Item]
    postings: dict[str, dict[str, list[Posting]]]  # term → field → postings in doc order

    @property
    def terms(self) -> list[str]:
        return sorted(self.postings)


def doc_order(items) -> list[Item]:
    """Oldest first: a document id grows with time, so 'newer first' is 'larger id first'."""
    return sorted(items, key=lambda i: (i.date, i.issue_id, i.order))


def field_texts(item: Item) -> dict[str, str]:
    return {"t": item.title, "b": item.body}


def idf(df: int, n: int) -> float:
    return math.log(1 + abs((n - df + 0.5) / (df + 0.5)))


def bm25(term_idf: float, tf: int, length: int, average: float, boost: float) -> float:
    """lunr's field weight, operation for operation (so the rounding to 3 decimals agrees too)."""
    score = term_idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (length / average)) + tf)
    return round(score * boost, 3)


def build_index(items) -> Index:
    docs = doc_order(items)
    raw: dict[str, dict[str, list[tuple[int, int, list[int]]]]] = defaultdict(lambda: defaultdict(list))
    lengths: dict[str, list[int]] = {f: [] for f in FIELDS}
    for doc_id, item in enumerate(docs):
        for name, text in field_texts(item).items():
            terms, unigrams = field_terms(text)
            lengths[name].append(len(terms) + len(unigrams))
            positions: dict[str, list[int]] = defaultdict(list)
            for pos, term in enumerate(terms):
                positions[term].append(pos)
            for char in unigrams:
                positions["#" + char].append(-1)
            for term, where in positions.items():
                raw[term][name].append((doc_id, len(where), [] if where[0] < 0 else where))
    n = len(docs)
    average = {f: (sum(v) / len(v) if v else 1.0) or 1.0 for f, v in lengths.items()}
    postings: dict[str, dict[str, list[Posting]]] = {}
    for term, by_field in raw.items():
        term_idf = idf(sum(len(p) for p in by_field.values()), n)
        postings[term] = {
            name: [Posting(doc, bm25(term_idf, tf, lengths[name][doc], average[name], FIELDS[name]), where)
                   for doc, tf, where in entries]
            for name, entries in by_field.items()
        }
    return Index(docs=docs, postings=postings)
