"""Index → files under `site/search/`: term shards, trigram positions, facet lists and chunks, one fragment per
item. Deterministic bytes.

Nothing on a query's path grows with the archive: `meta.json` holds only the vocabulary and the layout. Facet
counts stay exact because the browser knows the date, precision, districts and tags of every matched document,
from whichever source is smaller for the query: the facet list of its rarest term (`k/`, own shard count — every
result contains every term, so that list covers them all), or chunks of CHUNK consecutive documents (`m/`: a
query with filters and no words, or whose few results sit in one chunk); a word in more than FEW_DOCS documents
carries its facet counts in its postings, and the matches of a rarer one take theirs from their fragments. Term
postings (`s/`) carry no positions — a query of one bigram needs none; a phrase of three or more characters is
checked with trigram positions (`p/`, own shard count), fetched only then, and a frequent phrase or one of the
archive's names has postings of its own (phrases.py). Facet encodings are in facets.py.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from operator import sub
from pathlib import Path

from bulletin.archive.model import Archive
from bulletin.gc_control import collector_off
from bulletin.search.facets import FacetColumns, FacetCounter, doc_facets, facet_totals, vocabulary_table
from bulletin.search.fold import t2s_map
from bulletin.search.index import Index, build_index, unpack_places
from bulletin.search.phrases import frequent_phrases, phrase_postings, vocabulary_phrases
from bulletin.search.suggest import PINYIN_PARTS, write_suggestions

FORMAT = 8  # meta.json's "format": search.js reads only the format it was written for (its FORMAT), so a page
#            cached from another build asks to be reloaded instead of misreading the files. Raise it whenever
#            what a file holds or means changes (6: trigram positions leave a gap between runs, tokenize.py;
#            7: no facet list for a term in FEW_DOCS documents or fewer, the archive's names are phrases;
#            8: every file but meta.json stored gzip, `<name>.json.gz`).
TARGET_SHARD_GZIP = 8 * 1024  # postings (or trigram positions) of a shard
TARGET_FACETS_GZIP = 2 * 1024  # facet lists of a shard: a query reads one, for its rarest term (8 KiB: 4 times fewer
#                                files, but 168 KiB for the worst first search: docs/decisions.md, "Fewer search files")
FEW_DOCS = 10  # a term in this many documents or fewer has no facet list (k/): its matches, as few, take their
#               facets from their fragments, which a first page of ten results reads anyway. 38% of the facet
#               lists' bytes at 10,000 items were such terms (docs/decisions.md, "A footprint that fits").
PACKED = ".json.gz"  # the suffix of every search file but meta.json (_pack)
MAX_SHARDS = 65536
FOLD_SHARDS = 32  # traditional → simplified map, split by code point: a query fetches only its characters' parts
FRAGMENT_CHARS = 1200
CHUNK = 1024  # documents per facet chunk: ~3.5 KiB gzip (smaller chunks compress worse and a query with a few
#               hundred results touches every chunk anyway)


@dataclass(frozen=True)
class Layout:
    """How the index is cut into files: the gzip size each kind of shard aims at, and fragments per file. More,
    smaller files cost a query fewer bytes; fewer, larger ones fit a static host's file limit (site/publishing.py)."""

    shard: int = TARGET_SHARD_GZIP  # term postings (s/)
    places: int = TARGET_SHARD_GZIP  # trigram positions (p/)
    facets: int = TARGET_FACETS_GZIP  # facet lists (k/)
    fragments: int = 1  # documents per fragment file (f/): 1 keeps f/<doc>.json.gz, one object


LAYOUTS = {
    "standard": Layout(),
    # ≤ 20,000 files at 10,000 items with the pages (Cloudflare Pages' limit), for more bytes a first query
    "compact": Layout(facets=16 * 1024, fragments=4),
}
AUTO = "auto"  # the standard layout while the site fits its file budget, else the compact one


@dataclass
class SearchOutput:
    """What was written, for the conservation check."""

    documents: list[str] = field(default_factory=list)  # item keys in document-id order
    fragments: set[str] = field(default_factory=set)
    shards: int = 0
    layout: str = "standard"  # the one written (AUTO chooses)


def fnv1a(term: str) -> int:
    """32-bit FNV-1a over UTF-8 bytes; search.js computes the same to find a term's shard."""
    h = 0x811C9DC5
    for byte in term.encode("utf-8"):
        h = ((h ^ byte) * 0x01000193) & 0xFFFFFFFF
    return h


def encode_term(index: Index, term: str) -> dict:
    """Per field one flat list of (doc-id delta, weight×100) pairs."""
    postings: dict = {}
    for name in index.term_fields(term):
        postings[name] = interleave(deltas(index.documents(term, name)),
                                    [round(w * 100) for w in index.weights(term, name)])
    return postings


def encode_places(index: Index, trigram: str) -> dict[str, list[int]]:
    """Per field one flat list: per document its id delta, its number of positions, and their deltas."""
    out = {}
    for name, places in index.place_fields(trigram).items():
        flat: list[int] = []
        previous = 0
        for doc, positions in unpack_places(places):
            if len(positions) == 1:  # most trigrams occur once in an item
                flat += (doc - previous, 1, positions[0])
            else:
                flat += (doc - previous, len(positions), *deltas(positions))
            previous = doc
        out[name] = flat
    return out


def deltas(values: list[int]) -> list[int]:
    """Ascending numbers as differences from the previous one (the first from 0)."""
    return list(map(sub, values, (0, *values[:-1])))


def interleave(first: list[int], second: list[int]) -> list[int]:
    """[a0, b0, a1, b1, …] from two lists of the same length."""
    flat = [0] * (2 * len(first))
    flat[0::2], flat[1::2] = first, second
    return flat


def term_documents(index: Index, term: str) -> list[int]:
    """The documents a term occurs in, in any field, ascending: the order of its facet list."""
    names = index.term_fields(term)
    if len(names) == 1:
        return index.documents(term, names[0])
    return sorted(set(chain.from_iterable(index.documents(term, name) for name in names)))


def _encode(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")


def _dump(path: Path, data) -> None:
    """meta.json, as it is: the first file a query reads, and the one a page from another build must be able to
    read to learn that its format differs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_encode(data))


def _pack(path: Path, data) -> int:
    """Every other search file, stored gzip (`<name>.json.gz`): search.js inflates it, so the host holds and
    uploads the bytes it sends, 44% of the raw JSON. Level 6, zlib's default: at 10,000 items 0.2% larger than
    level 9 in about two thirds of its time (docs/decisions.md, "Search files stored gzip"). Deterministic: no
    name, mtime 0. Returns the bytes written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    packed = gzip.compress(_encode(data), 6, mtime=0)
    path.write_bytes(packed)
    return len(packed)


def read_search_file(path: Path):
    """A search file's JSON, packed or not (for the tests and bench/, which read what a browser reads)."""
    path = Path(path)
    raw = path.read_bytes()
    return json.loads(gzip.decompress(raw) if path.name.endswith(PACKED) else raw)


def _pack_numbered(folder: Path, parts: Iterable, count: int) -> int:
    """Write `count` parts as folder/<n>.json.gz; return the average size of ~32 evenly spaced ones, by which
    search.js weighs one facet source against the other."""
    step, sizes = max(1, count // 32), []
    for number, part in enumerate(parts):
        size = _pack(folder / f"{number}{PACKED}", part)
        if number % step == 0:
            sizes.append(size)
    return round(sum(sizes) / max(1, len(sizes)))


def choose_shards(names: list[str], table, target: int) -> int:
    """A power of two so an average file is ~`target` bytes gzip, estimated from an evenly spread sample of
    `table(name)`."""
    sample = names[:: max(1, len(names) // 2000)]
    text = json.dumps({n: table(n) for n in sample}, ensure_ascii=False, separators=(",", ":")).encode()
    total = len(gzip.compress(text, 6, mtime=0)) * len(names) / max(1, len(sample))
    shards = 1
    while total / shards > target and shards < MAX_SHARDS:
        shards *= 2
    return shards


def write_search_index(archive: Archive, site: Path, shards: int = 0, layout: str = AUTO,
                       file_budget: int | None = None) -> SearchOutput:
    """`layout`: a name of LAYOUTS, or AUTO: the standard layout unless its files would exceed `file_budget`
    (the files a static host takes, less the site's other files: site/publishing.py), then the compact one."""
    with collector_off():  # millions of postings, no cycles among them (gc_control.py)
        return _write(archive, Path(site) / "search", shards, layout, file_budget)


def _write(archive: Archive, out_dir: Path, shards: int, layout_name: str, file_budget: int | None) -> SearchOutput:
    index = build_index(archive.items)
    vocab = vocabulary_table(archive)
    columns = FacetColumns(doc_facets(archive, index.docs, vocab))
    phrases = frequent_phrases(index)
    names = [name for entry in vocab["districts"] for name in (entry[0], *entry[2])]
    phrases |= vocabulary_phrases(index, names + [entry[0] for entry in vocab["tags"]], phrases)
    phrase_entries = phrase_postings(index, phrases)  # answered like terms (phrases.py)
    terms = sorted([*index.terms(), *phrase_entries])

    def documents(term: str) -> list[int]:
        if term in phrases:
            return sorted(set().union(*phrases[term].values()))
        return term_documents(index, term)

    counter = FacetCounter(archive, index.docs)
    common = FEW_DOCS + 1  # every term with a facet list carries its counts too: a query of one word reads no list

    def posting(term: str) -> dict:
        """Encoded when its shard is written, never all at once: at 100,000 items they would fill gigabytes."""
        own = phrase_entries.get(term)
        entry = {name: flat.tolist() for name, flat in own.items()} if own else encode_term(index, term)
        if sum(len(flat) // 2 for flat in entry.values()) >= common:  # cheap bound first
            docs = documents(term)
            if len(docs) >= common:  # a query of this one word or phrase: counts without per-document facets
                entry = {**entry, "c": counter.counts(docs)}
        return entry

    def facets(term: str) -> dict:
        return columns.table(documents(term))

    def few(term: str) -> bool:
        """In FEW_DOCS documents or fewer: no facet list (search.js reads the fragments instead)."""
        if term not in phrases:  # the union of the fields' lists is at least the longest, at most their sum
            sizes = [len(index.documents(term, name)) for name in index.term_fields(term)]
            if max(sizes) > FEW_DOCS or sum(sizes) <= FEW_DOCS:
                return sum(sizes) <= FEW_DOCS
        return len(documents(term)) <= FEW_DOCS

    listed = [term for term in terms if not few(term)]  # terms with a facet list
    trigrams = index.trigrams()

    def shard_counts(layout: Layout) -> tuple[int, int, int]:
        return (shards or choose_shards(terms, posting, layout.shard),
                shards or choose_shards(listed, facets, layout.facets),
                shards or choose_shards(trigrams, lambda t: encode_places(index, t), layout.places))

    chosen, (count, facet_count, place_count) = _chosen(layout_name, shard_counts, len(index.docs), file_budget)
    layout = LAYOUTS[chosen]
    posting_terms: list[list[str]] = [[] for _ in range(count)]
    facet_terms: list[list[str]] = [[] for _ in range(facet_count)]
    for term in terms:
        posting_terms[fnv1a(term) % count].append(term)
    for term in listed:
        facet_terms[fnv1a(term) % facet_count].append(term)
    for number, part in enumerate(posting_terms):
        _pack(out_dir / "s" / f"{number}{PACKED}", {term: posting(term) for term in part})
    del posting_terms
    places: list[list[str]] = [[] for _ in range(place_count)]
    for trigram in trigrams:
        places[fnv1a(trigram) % place_count].append(trigram)
    for number, part in enumerate(places):
        _pack(out_dir / "p" / f"{number}{PACKED}", {t: encode_places(index, t) for t in part})
    del places
    facet_cost = _pack_numbered(out_dir / "k", ({term: facets(term) for term in part} for part in facet_terms),
                                facet_count)  # one shard's tables at a time: memory
    folds: list[dict[str, str]] = [{} for _ in range(FOLD_SHARDS)]
    for trad, simple in _fold_for(index).items():
        folds[ord(trad) % FOLD_SHARDS][trad] = simple
    for number, part in enumerate(folds):
        _pack(out_dir / "fold" / f"{number}{PACKED}", part)
    chunks = (len(index.docs) + CHUNK - 1) // CHUNK
    chunk_cost = _pack_numbered(out_dir / "m", (columns.table(range(number * CHUNK, min(len(index.docs),
                                                                                         (number + 1) * CHUNK)))
                                                for number in range(chunks)), chunks)
    meta = {"format": FORMAT, "shards": count, "kshards": facet_count, "pshards": place_count, "n": len(index.docs),
            "few": FEW_DOCS, "folds": FOLD_SHARDS, "chunk": CHUNK, "cost": {"m": chunk_cost, "k": facet_cost},
            "all": facet_totals(index.docs), **vocab}
    if layout.fragments > 1:  # absent: one fragment a file (search.js reads `fpack || 1`)
        meta["fpack"] = layout.fragments
    _dump(out_dir / "meta.json", meta)
    write_suggestions(archive, index, phrases, out_dir, _pack, PACKED)  # read when a query finds (almost) nothing
    result = SearchOutput(shards=count, layout=chosen)
    per_file = layout.fragments
    pack: list[dict] = []
    for doc_id, item in enumerate(index.docs):
        fragment = {"u": item.url, "t": item.title, "x": item.text.replace("\n\n", " ")[:FRAGMENT_CHARS],
                    "f": columns.table([doc_id])}  # shown with the result when no facet source was read
        if per_file == 1:
            _pack(out_dir / "f" / f"{doc_id}{PACKED}", fragment)
        else:  # documents [n·per_file, (n+1)·per_file) in f/<n>.json.gz, a list in document order
            pack.append(fragment)
            if len(pack) == per_file or doc_id == len(index.docs) - 1:
                _pack(out_dir / "f" / f"{doc_id // per_file}{PACKED}", pack)
                pack = []
        result.documents.append(item.key)
        result.fragments.add(item.key)
    _remove_beyond(out_dir / "s", count)  # a preview rebuild keeps the folder: fewer shards or documents than
    _remove_beyond(out_dir / "p", place_count)  # before leave files that no longer belong
    _remove_beyond(out_dir / "k", facet_count)
    _remove_beyond(out_dir / "m", chunks)
    _remove_beyond(out_dir / "f", (len(index.docs) + per_file - 1) // per_file)
    _remove_beyond(out_dir / "fold", FOLD_SHARDS)
    _remove_beyond(out_dir / "py", PINYIN_PARTS)
    return result


def _chosen(name: str, shard_counts, documents: int, budget: int | None) -> tuple[str, tuple[int, int, int]]:
    """The name of the layout to write and its shard counts: AUTO takes the standard one while it fits the budget."""
    if name != AUTO:
        return name, shard_counts(LAYOUTS[name])
    standard = shard_counts(LAYOUTS["standard"])
    if budget is None or _files(LAYOUTS["standard"], standard, documents) <= budget:
        return "standard", standard
    return "compact", shard_counts(LAYOUTS["compact"])


def _files(layout: Layout, counts: tuple[int, int, int], documents: int) -> int:
    """Files under search/ for these shard counts: shards, fragment files, chunks, the folding map's parts, the
    pinyin parts, meta.json and suggest.json."""
    return (sum(counts) + -(-documents // layout.fragments) + -(-documents // CHUNK) + FOLD_SHARDS + PINYIN_PARTS
            + 2)


def _remove_beyond(folder: Path, count: int) -> None:
    """Files numbered `count` or more, and any not packed (an index of format 7 or older, before a rebuild)."""
    for path in folder.glob("*.json*"):
        number = path.name.removesuffix(PACKED)
        if not path.name.endswith(PACKED) or not number.isdigit() or int(number) >= count:
            path.unlink()


def _fold_for(index: Index) -> dict[str, str]:
    """Only the traditional characters whose simplified form occurs in the archive: any other cannot match."""
    chars = {term[1:] for table in index.entries.values() for term in table if term.startswith("#")}
    return {k: v for k, v in sorted(t2s_map().items()) if v in chars}
