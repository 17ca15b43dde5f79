"""The search index: folding, tokens, lunr-identical weights, and the shard encoding the browser decodes."""

from __future__ import annotations

import json

import lunr
from lunr.builder import Builder

from bulletin.archive.load import load_archive
from bulletin.archive.problems import Problems
from bulletin.search.fold import fold
from bulletin.search.index import FIELDS, build_index, field_texts
from bulletin.search.phrases import frequent_phrases, phrase_postings, vocabulary_phrases
from bulletin.search.tokenize import field_terms, query_units, trigram_cover
from bulletin.search.writer import (
    FEW_DOCS,
    FORMAT,
    encode_places,
    encode_term,
    fnv1a,
    read_search_file,
    write_search_index,
)

from .conftest import TEST_ARCHIVE


def archive():
    return load_archive(TEST_ARCHIVE, Problems())


def test_fold_traditional_fullwidth_and_case():
    assert fold("九龍坡區") == "九龙坡区"
    assert fold("垃圾分類") == "垃圾分类"
    assert fold("ＡＢＣ１２３") == "abc123"
    assert fold("沙坪坝区") == "沙坪坝区"


def test_terms_are_bigrams_unigrams_and_words():
    terms, unigrams, trigrams = field_terms("无废城市，4S店，垃圾分类")
    assert terms == ["无废", "废城", "城市", "4s", "垃圾", "圾分", "分类"]
    assert unigrams == ["无", "废", "城", "市", "店", "垃", "圾", "分", "类"]
    assert trigrams == [(0, "无废城"), (1, "废城市"), (7, "垃圾分"), (8, "圾分类")]  # first bigram + runs before
    assert query_units("垃圾分类 碚 2020") == [["垃圾", "圾分", "分类"], ["#碚"], ["2020"]]
    assert trigram_cover("垃圾分类") == [(0, "垃圾分"), (1, "圾分类")]
    assert trigram_cover("秀山土家族苗族自治县") == [(0, "秀山土"), (3, "家族苗"), (6, "族自治"), (7, "自治县")]
    assert trigram_cover("点工作") == [(0, "点工作")]


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
            terms, unigrams, _ = field_terms(text)
            fields[name] = terms + ["#" + c for c in unigrams]
        builder.add({"id": str(doc_id), **fields})
    reference = builder.build()
    ours = build_index(archive().items)
    vocabulary = {term: data["_index"] for term, data in reference.inverted_index.items()}
    checked = 0
    for term in ours.terms():
        for name in ours.term_fields(term):
            for doc, weight in zip(ours.documents(term, name), ours.weights(term, name)):
                vector = reference.field_vectors[f"{name}/{doc}"]
                elements = dict(zip(vector.elements[::2], vector.elements[1::2]))
                assert elements[vocabulary[term]] == weight, (term, name, doc)
                checked += 1
    assert checked > 5_000
    assert lunr.__name__ == "lunr"


def test_encoding_round_trip_and_positions():
    """Postings are (doc delta, weight) pairs; trigram positions (doc delta, count, deltas) per field."""
    index = build_index(archive().items)
    flat, doc, decoded = encode_term(index, "无废")["b"], 0, {}
    for i in range(0, len(flat), 2):
        doc += flat[i]
        decoded[doc] = flat[i + 1]
    weights = zip(index.documents("无废", "b"), index.weights("无废", "b"))
    assert decoded == {doc: round(w * 100) for doc, w in weights}
    flat, i, doc, places = encode_places(index, "无废城")["b"], 0, 0, {}
    while i < len(flat):
        doc, count, p = doc + flat[i], flat[i + 1], 0
        places[doc] = [p := p + delta for delta in flat[i + 2: i + 2 + count]]
        i += 2 + count
    assert places == dict(index.positions("无废城", "b")) and len(places) > 10
    for doc, positions in places.items():  # each position is one of the trigram's in that field
        _, _, trigrams = field_terms(index.docs[doc].body)
        assert all((p, "无废城") in trigrams for p in positions)


def test_fnv1a_matches_the_reference_values():
    assert fnv1a("") == 0x811C9DC5
    assert fnv1a("a") == 0xE40C292C
    assert fnv1a("无废") == fnv1a("无废") and fnv1a("无废") != fnv1a("废无")


def test_written_files_are_deterministic(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    out = write_search_index(archive(), first)
    write_search_index(archive(), second)
    files = sorted(p.relative_to(first) for p in first.rglob("*.json*"))
    assert files == sorted(p.relative_to(second) for p in second.rglob("*.json*"))
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files)
    meta = json.loads((first / "search" / "meta.json").read_text("utf-8"))
    assert meta["n"] == 22 == len(out.documents) and meta["shards"] == out.shards
    assert meta["format"] == FORMAT
    assert set(meta) == {"format", "shards", "kshards", "pshards", "n", "few", "folds", "chunk", "cost",  # no per-doc
                         "all", "districts", "tags", "epoch", "dw", "tw", "syn"}
    chunks = sorted((first / "search" / "m").glob("*.json.gz"))
    assert len(chunks) == -(-22 // meta["chunk"])
    chunk = read_search_file(chunks[0])
    assert len(chunk["d"].split(",")) == 22 and len(chunk["p"]) == 22 and len(chunk["date"]) == 22
    assert len(list((first / "search" / "p").glob("*.json.gz"))) == meta["pshards"]
    assert len(list((first / "search" / "k").glob("*.json.gz"))) == meta["kshards"]
    part = read_search_file(first / "search" / "fold" / f"{ord('龍') % meta['folds']}.json.gz")
    assert part["龍"] == "龙"
    assert len(list((first / "search" / "fold").glob("*.json.gz"))) == meta["folds"]


def test_frequent_phrases_list_exactly_the_items_holding_them():
    """Per field, the documents listed for a frequent 3- or 4-character phrase are those whose text holds it, and
    its weight there is the sum of its bigrams' weights (the browser's score on the bigram path)."""
    index = build_index(archive().items)
    listed = frequent_phrases(index, min_docs=2)
    assert {"无废城", "无废城市"} <= set(listed)
    postings = phrase_postings(index, listed)
    for phrase, fields in listed.items():
        for name, text_of in (("t", lambda i: i.title), ("b", lambda i: i.body)):
            truth = [d for d, item in enumerate(index.docs) if phrase in fold(text_of(item))]
            assert list(fields.get(name, [])) == truth, (phrase, name)
        assert len(set().union(*fields.values())) >= 2
    assert len(listed) > 100
    flat, doc, scores = postings["无废城市"]["b"], 0, {}
    for i in range(0, len(flat), 2):
        doc += flat[i]
        scores[doc] = flat[i + 1]
    for bigram in ("无废", "废城", "城市"):
        weights = dict(zip(index.documents(bigram, "b"), index.weights(bigram, "b")))
        for doc in scores:
            scores[doc] -= round(weights[doc] * 100)
    assert set(scores.values()) == {0}
    assert frequent_phrases(index) == {}  # the seed's 22 items: nothing reaches 50 documents


def test_archive_names_list_exactly_the_items_holding_them():
    """Every district name, other name and topic of three characters or more is a phrase of its own, whatever its
    frequency: per field the documents whose folded text holds it, weighted as the bigram path scores it."""
    data = archive()
    index = build_index(data.items)
    names = [name for d in data.districts for name in (d.name, *d.aliases, *d.former)] + [t.name for t in data.tags]
    listed = vocabulary_phrases(index, names, {})
    long_names = {fold(n) for n in names if len(n) >= 3}
    assert "沙坪坝区" in listed and set(listed) <= long_names
    for name, fields in listed.items():
        for field, text_of in (("t", lambda i: i.title), ("b", lambda i: i.body)):
            truth = [d for d, item in enumerate(index.docs) if name in fold(text_of(item))]
            assert list(fields.get(field, [])) == truth, (name, field)
    found = {n for n in long_names if any(n in fold(i.title + i.body) for i in data.items)}
    assert set(listed) == found  # none missing that an item holds
    assert vocabulary_phrases(index, names, {"沙坪坝区": {}}).keys() == found - {"沙坪坝区"}  # known: not again


def test_terms_in_few_documents_have_no_facet_list(tmp_path):
    """A term in FEW_DOCS documents or fewer has no facet list (its matches take their facets from their
    fragments, search.js); every other term's list is in its shard."""
    write_search_index(archive(), tmp_path)
    search = tmp_path / "search"
    meta = json.loads((search / "meta.json").read_text("utf-8"))
    assert meta["few"] == FEW_DOCS
    lists = {}
    for path in (search / "k").glob("*.json.gz"):
        for term, table in read_search_file(path).items():
            assert fnv1a(term) % meta["kshards"] == int(path.name.split(".")[0])
            lists[term] = len(table["p"])
    seen = few = 0
    for path in (search / "s").glob("*.json.gz"):
        for term, entry in read_search_file(path).items():
            docs: set[int] = set()
            for name, flat in entry.items():
                if name in FIELDS:  # (doc-id delta, weight) pairs
                    docs |= {sum(flat[0:i + 1:2]) for i in range(0, len(flat), 2)}
            seen += 1
            if len(docs) <= FEW_DOCS:
                few += 1
                assert term not in lists, term
            else:
                assert lists[term] == len(docs), term
    assert few and seen > few  # both kinds present in the seed
