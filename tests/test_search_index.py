"""The search index: folding, tokens, lunr-identical weights, and the shard encoding the browser decodes."""

from __future__ import annotations

import json

import lunr
from lunr.builder import Builder

from bulletin.archive.load import load_archive
from bulletin.archive.problems import Problems
from bulletin.search.fold import fold
from bulletin.search.index import FIELDS, build_index, field_texts
from bulletin.search.tokenize import field_terms, query_units
from bulletin.search.writer import encode_term, fnv1a, write_search_index

from .conftest import REPO


def archive():
    return load_archive(REPO / "issues", Problems())


def test_fold_traditional_fullwidth_and_case():
    assert fold("九龍坡區") == "九龙坡区"
    assert fold("垃圾分類") == "垃圾分类"
    assert fold("ＡＢＣ１２３") == "abc123"
    assert fold("沙坪坝区") == "沙坪坝区"


def test_terms_are_bigrams_unigrams_and_words():
    terms, unigrams = field_terms("无废城市，4S店")
    assert terms == ["无废", "废城", "城市", "4s"]
    assert unigrams == ["无", "废", "城", "市", "店"]
    assert query_units("垃圾分类 碚 2020") == [["垃圾", "圾分", "分类"], ["#碚"], ["2020"]]


def test_weights_equal_lunr_py():
    """lunr.py, fed the same tokens with an empty pipeline, computes the very weights we write."""
    docs = build_index(archive().items).docs
    builder = Builder()
    builder.pipeline.reset()
    builder.search_pipeline.reset()
    builder.ref("id")
    for name, boost in FIELDS.items():
        builder.field(name, boost=boost)
    for doc_id, item in enumerate(docs):
        fields = {}
        for name, text in field_texts(item).items():
            terms, unigrams = field_terms(text)
            fields[name] = terms + ["#" + c for c in unigrams]
        builder.add({"id": str(doc_id), **fields})
    reference = builder.build()
    ours = build_index(archive().items)
    vocabulary = {term: data["_index"] for term, data in reference.inverted_index.items()}
    checked = 0
    for term, by_field in ours.entries.items():
        for name, entries in by_field.items():
            for (doc, _, _), weight in zip(entries, ours.weights(term, name)):
                vector = reference.field_vectors[f"{name}/{doc}"]
                elements = dict(zip(vector.elements[::2], vector.elements[1::2]))
                assert elements[vocabulary[term]] == weight, (term, name, doc)
                checked += 1
    assert checked > 5_000
    assert lunr.__name__ == "lunr"


def test_encoding_round_trip_and_positions():
    """Postings (doc delta, weight) and positions (count, deltas) are separate lists in the same document order."""
    index = build_index(archive().items)
    postings, places = encode_term(index, "无废")
    flat, where, doc, decoded = postings["b"], places["b"], 0, {}
    j = 0
    for i in range(0, len(flat), 2):
        doc += flat[i]
        count = where[j]
        positions, p = [], 0
        for delta in where[j + 1: j + 1 + count]:
            p += delta
            positions.append(p)
        decoded[doc] = (flat[i + 1], positions)
        j += 1 + count
    assert j == len(where)
    expected = {doc: (round(w * 100), where)
                for (doc, _, where), w in zip(index.entries["无废"]["b"], index.weights("无废", "b"))}
    assert decoded == expected
    assert encode_term(index, "#废")[1] == {}  # single characters need no positions


def test_fnv1a_matches_the_reference_values():
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert fnv1a("无废") == fnv1a("无废") and fnv1a("无废") != fnv1a("废无")


def test_written_files_are_deterministic(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    out = write_search_index(archive(), first)
    write_search_index(archive(), second)
    files = sorted(p.relative_to(first) for p in first.rglob("*.json"))
    assert files == sorted(p.relative_to(second) for p in second.rglob("*.json"))
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    meta = json.loads((first / "search" / "meta.json").read_text("utf-8"))
    assert meta["n"] == 22 == len(out.documents) and meta["shards"] == out.shards
    assert set(meta) == {"v", "shards", "kshards", "n", "folds", "chunk", "cost", "all", "districts", "tags", "epoch", "dw", "tw"}  # no per-doc
    chunks = sorted((first / "search" / "m").glob("*.json"))
    assert len(chunks) == -(-22 // meta["chunk"])
    chunk = json.loads(chunks[0].read_text("utf-8"))
    assert len(chunk["d"].split(",")) == 22 and len(chunk["p"]) == 22 and len(chunk["date"]) == 22
    assert len(list((first / "search" / "p").glob("*.json"))) == meta["shards"]
    part = json.loads((first / "search" / "fold" / f"{ord('龍') % meta['folds']}.json").read_text("utf-8"))
    assert part["龍"] == "龙"
    assert len(list((first / "search" / "fold").glob("*.json"))) == meta["folds"]
