"""Index → files under `site/search/`: term shards, facet chunks, one fragment per item. Deterministic bytes.

Nothing on a query's path grows with the archive: `meta.json` holds only the vocabulary and the layout; each
document's date, precision, districts and tags live in chunks of CHUNK documents (`m/<k>.json`), fetched for the
documents a query matched (facet counts stay exact); term postings (`s/`) carry no positions — a query of one
bigram needs none — and positions (`p/`, same shard numbers) are fetched only to check that a phrase's bigrams
are adjacent.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.archive.model import Archive, Item
from bulletin.search.fold import t2s_map
from bulletin.search.index import Index, build_index

EPOCH = dt.date(2000, 1, 1)
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_~"
TARGET_SHARD_GZIP = 8 * 1024
FOLD_SHARDS = 32  # traditional → simplified map, split by code point: a query fetches only its characters' parts
FRAGMENT_CHARS = 1200
CHUNK = 1024  # documents per facet chunk: ~3.5 KiB gzip (smaller chunks compress worse and a query with a few
#               hundred results touches every chunk anyway)


@dataclass
class SearchOutput:
    """What was written, for the conservation check."""

    documents: list[str] = field(default_factory=list)  # item keys in document-id order
    fragments: set[str] = field(default_factory=set)
    shards: int = 0


def fnv1a(term: str) -> int:
    """32-bit FNV-1a over UTF-8 bytes; search.js computes the same to find a term's shard."""
    h = 0x811C9DC5
    for byte in term.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def encode_term(index: Index, term: str) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Per field two flat lists: (doc-id delta, weight×100) pairs; and, for bigrams, per document in the same
    order the number of positions and their deltas."""
    postings, positions_out = {}, {}
    positional = not term.startswith("#")
    for name, entries in sorted(index.entries[term].items()):
        flat: list[int] = []
        where: list[int] = []
        previous = 0
        for (doc, _, positions), weight in zip(entries, index.weights(term, name)):
            flat.append(doc - previous)
            flat.append(round(weight * 100))
            previous = doc
            if positional:
                where.append(len(positions))
                last = 0
                for position in positions:
                    where.append(position - last)
                    last = position
        postings[name] = flat
        if positional:
            positions_out[name] = where
    return postings, positions_out


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
    }


def facet_chunk(archive: Archive, docs: list[Item], vocab: dict) -> dict:
    """Dates (the first from the epoch, then deltas), precisions, districts and tags of consecutive documents."""
    d_index = {d.name: i for i, d in enumerate(archive.districts)}
    t_index = {t.name: i for i, t in enumerate(archive.tags)}
    published = {issue.id: issue.published for issue in archive.issues}
    dates, after, previous = [], [], 0
    for item in docs:
        day = (item.date - EPOCH).days
        dates.append(day - previous)
        previous = day
        if item.date_precision in ("days", "month"):  # the others are derived from the precision alone
            after.append(coverage(item, published[item.issue_id])[1])
    return {
        "date": dates,
        "after": after,  # days covered after the date, for precision `days` and `month` items in order
        "p": "".join(item.date_precision[0] if item.date_precision != "days" else "s" for item in docs),
        "d": ",".join(_codes([d_index[n] for n in item.districts], vocab["dw"]) for item in docs),
        "t": ",".join(_codes([t_index[n] for n in item.tags], vocab["tw"]) for item in docs),
    }


def _dump(path: Path, data) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def choose_shards(encoded: dict[str, dict]) -> int:
    """A power of two so an average shard is ~8 KiB gzip, estimated from a sample's bytes per number."""
    sample = dict(list(encoded.items())[:2000])
    text = json.dumps(sample, separators=(",", ":")).encode()
    numbers = sum(len(flat) for data in sample.values() for flat in data.values()) or 1
    per_number = len(gzip.compress(text)) / numbers
    total = sum(len(flat) for data in encoded.values() for flat in data.values()) * per_number
    shards = 1
    while total / shards > TARGET_SHARD_GZIP and shards < 4096:
        shards *= 2
    return shards


def write_search_index(archive: Archive, site: Path, shards: int = 0) -> SearchOutput:
    out_dir = Path(site) / "search"
    index = build_index(archive.items)
    both = {term: encode_term(index, term) for term in index.terms}
    # sized on postings and positions together, as one file each held before: a phrase reads both halves
    count = shards or choose_shards({term: {**pair[0], **{f"{k}~": v for k, v in pair[1].items()}}
                                     for term, pair in both.items()})
    buckets: list[dict] = [{} for _ in range(count)]
    places: list[dict] = [{} for _ in range(count)]
    for term, (postings, positions) in both.items():
        buckets[fnv1a(term) % count][term] = postings
        if positions:
            places[fnv1a(term) % count][term] = positions
    for number, (bucket, place) in enumerate(zip(buckets, places)):
        _dump(out_dir / "s" / f"{number}.json", bucket)
        _dump(out_dir / "p" / f"{number}.json", place)
    folds: list[dict[str, str]] = [{} for _ in range(FOLD_SHARDS)]
    for trad, simple in _fold_for(both).items():
        folds[ord(trad) % FOLD_SHARDS][trad] = simple
    for number, part in enumerate(folds):
        _dump(out_dir / "fold" / f"{number}.json", part)
    vocab = vocabulary_table(archive)
    chunks = (len(index.docs) + CHUNK - 1) // CHUNK
    for number in range(chunks):
        _dump(out_dir / "m" / f"{number}.json",
              facet_chunk(archive, index.docs[number * CHUNK:(number + 1) * CHUNK], vocab))
    meta = {"v": 2, "shards": count, "n": len(index.docs), "folds": FOLD_SHARDS, "chunk": CHUNK, **vocab}
    _dump(out_dir / "meta.json", meta)
    result = SearchOutput(shards=count)
    for doc_id, item in enumerate(index.docs):
        _dump(out_dir / "f" / f"{doc_id}.json",
              {"u": item.url, "t": item.title, "x": item.body.replace("\n\n", " ")[:FRAGMENT_CHARS]})
        result.documents.append(item.key)
        result.fragments.add(item.key)
    _remove_beyond(out_dir / "s", count)  # a preview rebuild keeps the folder: fewer shards or documents than
    _remove_beyond(out_dir / "p", count)  # before leave files that no longer belong
    _remove_beyond(out_dir / "m", chunks)
    _remove_beyond(out_dir / "f", len(index.docs))
    return result


def _remove_beyond(folder: Path, count: int) -> None:
    for path in folder.glob("*.json"):
        if not path.stem.isdigit() or int(path.stem) >= count:
            path.unlink()


def _fold_for(encoded: dict[str, dict]) -> dict[str, str]:
    """Only the traditional characters whose simplified form occurs in the archive: any other cannot match."""
    chars = {term[1:] for term in encoded if term.startswith("#")}
    return {k: v for k, v in sorted(t2s_map().items()) if v in chars}
