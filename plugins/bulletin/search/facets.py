"""What the search page counts and filters by — each document's date, date precision, districts and tags —
encoded for the browser: per document (`DocFacets`), as tables of runs of documents (`FacetColumns`: chunks, and
each term's facet list), and as counts over a set of documents (`FacetCounter`, `facet_totals`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from itertools import chain
from operator import is_not, itemgetter, sub

from bulletin.archive.model import Archive, Item
from bulletin.search.fold import fold

EPOCH = dt.date(2000, 1, 1)
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_~"


def coverage(item: Item, published: dt.date) -> tuple[int, int]:
    """Days before and after its date that an item stands for: a few days; a month up to its issue; 近日
    (the 30 days before the issue). search.js derives the `day` and `issue` cases from the precision."""
    if item.date_precision == "days":
        return 0, max(0, min(6, (published - item.date).days))
    if item.date_precision == "month":
        return 0, (published - item.date).days
    if item.date_precision == "issue":
        return 30, 0
    return 0, 0


def _codes(ids: list[int], width: int) -> str:
    return "".join(ALPHABET[i // 64] * (width == 2) + ALPHABET[i % 64] for i in ids)


def vocabulary_table(archive: Archive) -> dict:
    return {
        "districts": [[d.name, d.slug, [*d.aliases, *d.former]] for d in archive.districts],
        "tags": [[t.name, t.slug] for t in archive.tags],
        "epoch": EPOCH.isoformat(),
        "dw": 1 if len(archive.districts) <= 64 else 2,
        "tw": 1 if len(archive.tags) <= 64 else 2,
        "syn": [[fold(word) for word in group] for group in archive.synonyms],  # equivalent words (synonyms.yml)
    }


@dataclass(frozen=True)
class DocFacets:
    """One document's facets, encoded once: a facet chunk and every term's facet list are runs of these."""

    day: int  # days since EPOCH
    precision: str  # d(ay), s (days), m(onth), i(ssue)
    after: int | None  # days covered after the date, for precisions `days` and `month` only
    districts: str  # codes, `dw` characters each
    tags: str


def doc_facets(archive: Archive, docs: list[Item], vocab: dict) -> list[DocFacets]:
    d_index = {d.name: i for i, d in enumerate(archive.districts)}
    t_index = {t.name: i for i, t in enumerate(archive.tags)}
    published = {issue.id: issue.published for issue in archive.issues}
    return [DocFacets((item.date - EPOCH).days,
                      item.date_precision[0] if item.date_precision != "days" else "s",
                      coverage(item, published[item.issue_id])[1]
                      if item.date_precision in ("days", "month") else None,
                      _codes([d_index[n] for n in item.districts], vocab["dw"]),
                      _codes([t_index[n] for n in item.tags], vocab["tw"])) for item in docs]


class FacetColumns:
    """The rows as columns, so that a table of any set of documents is a handful of C-level picks and joins: the
    writer makes one for every term (300,000 at 10,000 items), and a loop per document cost most of its time."""

    def __init__(self, rows: list[DocFacets]):
        self.day = [row.day for row in rows]
        self.precision = [row.precision for row in rows]
        self.after = [row.after for row in rows]
        self.districts = [row.districts for row in rows]
        self.tags = [row.tags for row in rows]

    def table(self, docs: Sequence[int]) -> dict:
        """Dates (the first from the epoch, then deltas), precisions, districts and tags of `docs`, ascending ids
        (search.js derives the `day` and `issue` coverage from the precision alone)."""
        days = pick(self.day, docs)
        return {
            "date": list(map(sub, days, (0, *days[:-1]))),
            "after": list(filter(_is_value, pick(self.after, docs))),
            "p": "".join(pick(self.precision, docs)),
            "d": ",".join(pick(self.districts, docs)),
            "t": ",".join(pick(self.tags, docs)),
        }


def pick(column: list, docs: Sequence[int]) -> Sequence:
    """column[doc] for each doc, as a sequence (itemgetter of one index returns the bare value)."""
    if isinstance(docs, range) and docs.step == 1:
        return column[docs.start:docs.stop]
    if len(docs) == 1:
        return (column[docs[0]],)
    return itemgetter(*docs)(column) if docs else ()


_is_value = partial(is_not, None)


def facet_totals(docs: list[Item]) -> dict[str, dict[str, int]]:
    """Counts over the whole archive: the search page without words or filters needs no per-document facets."""
    totals: dict[str, Counter] = {"district": Counter(), "tag": Counter(), "year": Counter()}
    for item in docs:
        totals["district"].update(item.districts)
        totals["tag"].update(item.tags)
        totals["year"][str(item.date.year)] += 1
    return {name: dict(sorted(counter.items())) for name, counter in totals.items()}


class FacetCounter:
    """Facet counts of a set of documents, compact: counts per district and per tag in vocabulary order, and per
    year; search.js turns them into the same {name: count} maps it computes from per-document facets."""

    def __init__(self, archive: Archive, docs: list[Item]):
        d_index = {d.name: i for i, d in enumerate(archive.districts)}
        t_index = {t.name: i for i, t in enumerate(archive.tags)}
        self.size = (len(archive.districts), len(archive.tags))
        self.districts = [[d_index[n] for n in item.districts] for item in docs]
        self.tags = [[t_index[n] for n in item.tags] for item in docs]
        self.years = [item.date.year for item in docs]

    def counts(self, docs: list[int]) -> list:
        districts = Counter(chain.from_iterable(pick(self.districts, docs)))
        tags = Counter(chain.from_iterable(pick(self.tags, docs)))
        years = Counter(pick(self.years, docs))
        return [[districts.get(i, 0) for i in range(self.size[0])], [tags.get(i, 0) for i in range(self.size[1])],
                {str(y): n for y, n in sorted(years.items())}]
