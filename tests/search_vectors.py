"""The test vectors the Python index and the browser engine must agree on: tests/fixtures/search_vectors.json.

Expected values come from plugins/bulletin/search/ (folding, tokenising, trigram positions, weights) or, where the
browser alone computes something (the phrase check from positions, highlighting, ranking), from the plain rule it
implements, written here over Python's folding: a phrase matches where its folded text occurs in the folded
field; a highlight marks every place a word's folded text occurs. tests/test_search_vectors.py checks that the
file is what this module generates and that the index's positions answer phrases as the rule does;
tests/search_engine.test.cjs runs the same file against search-text.js and search-match.js under Node.

Regenerate after a deliberate change: `python -m tests.search_vectors`.
"""

from __future__ import annotations

import datetime
import json
import unicodedata
from pathlib import Path
from types import SimpleNamespace

from bulletin.search.fold import fold, t2s_map
from bulletin.search.index import build_index
from bulletin.search.tokenize import HAN_RUN, field_terms, query_units, trigram_cover, units
from bulletin.search.writer import encode_places, encode_term, fnv1a

FILE = Path(__file__).parent / "fixtures" / "search_vectors.json"

FOLDS = ["九龍坡區", "垃圾分類", "ＡＢＣ１２３", "沙坪坝区", "無廢城市 ２０２０年", "ＰＭ２．５", "Ⅻ号文件", "ﬁle",
         "㎏", "豈", "㐀䶵", "Straße", "İ", "  空格  ", "", "𠀀扩展B", "\u3000全角空格"]
QUERIES = ["垃圾分类", "碚", "2020", "无废城市 4S店", "秀山土家族苗族自治县", "點工作", "PM2.5 空气", "a,b;c",
           "无废城市，市民", "", "　", "第1批14个", "𠀀𠀁"]
# (field text, phrase): the phrase check from trigram positions, including runs that only line up across a
# break (甲乙丙丁，丁戊己 holds the trigrams of 甲乙丙丁戊己 at their offsets but not the phrase)
PHRASES = [("无废城市建设试点工作", "无废城市"), ("无废城市建设试点工作", "城市建设试点"), ("无废，城市", "无废城"),
           ("甲乙丙丁，丁戊己", "甲乙丙丁戊己"), ("甲乙丙丁戊己", "甲乙丙丁戊己"),
           ("秀山土家族苗族自治县", "秀山土家族苗族自治县"), ("秀山土家族 苗族自治县", "秀山土家族苗族自治县"),
           ("城市城市城市", "市城市城"), ("废城市 abc 无废城市", "无废城市"), ("一二三四五六七", "二三四五六"),
           ("一二三四，四五六七", "一二三四五六七"), ("ab无废城cd无废城市", "无废城市")]
HIGHLIGHTS = [("重庆市南岸区“无废城市”建设", ["无废城市"], 0), ("無廢城市建設", ["无废城市"], 0),
              ("ＡＢＣ无废abc", ["abc"], 0), ("无废城市无废城市", ["无废", "无废城市"], 0),
              ("学校开展垃圾分类宣传，学校", ["学校", "分类"], 0), ("没有匹配的文字", ["学校"], 0),
              ("前" * 80 + "无废学校" + "后" * 80, ["无废学校"], 120), ("无废学校" + "后" * 150, ["学校"], 120),
              ("ﬁle 城市", ["file"], 0), ("𠀀城市", ["城市"], 0)]
DOCS = [("南岸区无废城市建设", "南岸区推进无废城市建设，学校开展宣传。"),
        ("无废学校", "沙坪坝区无废学校创建活动丰富多彩，学校工作扎实。"),
        ("工作简报", "全市无废城市建设试点工作推进会召开，城市工作。"),
        ("学校宣传", "各学校开展垃圾分类宣传，无废城市。"),
        ("甲乙丙丁", "甲乙丙丁，丁戊己。"),
        ("城市", "无废城市无废城市，城市建设。")]
RANKED = ["城市", "无废城市", "学校", "学校 宣传", "无废城市建设", "甲乙丙丁戊己", "工作 城市", "废"]


def fold_map(*texts: str) -> dict[str, str]:
    """The entries of the traditional → simplified map the browser would have fetched for these texts."""
    table = t2s_map()
    chars = {ch for text in texts for ch in unicodedata.normalize("NFKC", text) + text}
    return {ch: table[ch] for ch in sorted(chars) if ch in table}


def unit_vector(run: str) -> dict:
    unit: dict = {"text": run, "terms": query_units(run)[0]}
    if HAN_RUN.match(run) and len(run) >= 3:
        unit["trigrams"] = [[offset, text] for offset, text in trigram_cover(run)]
    return unit


def phrase_vector(text: str, phrase: str) -> dict:
    """The places of the phrase's trigram cover in one field, as writer.encode_places writes them for document
    0 (field "b"), and whether the folded field contains the folded phrase."""
    where: dict[str, list[int]] = {}
    for position, trigram in field_terms(text)[2]:
        where.setdefault(trigram, []).append(position)
    cover = trigram_cover(fold(phrase))
    places = {}
    for _, trigram in cover:
        positions = where.get(trigram, [])
        places[trigram] = [0, len(positions), *(b - a for a, b in zip([0, *positions], positions))] if positions \
            else []
    return {"text": text, "phrase": phrase, "cover": [[o, t] for o, t in cover], "places": places,
            "contains": fold(phrase) in fold(text)}


def highlight(text: str, words: list[str], size: int) -> dict:
    """The rule search-text.js's highlight implements: every place a folded word occurs in the folded text,
    mapped back to the characters it came from; the longer of two at one place; none overlapping an earlier one;
    with `size`, `size` characters from 30 before the first, an ellipsis where text was cut."""
    folded, offsets, i = "", [], 0
    for ch in text:  # per code point; JavaScript counts UTF-16 units, hence `width`
        out = fold(ch)
        offsets += [i] * len(out)
        folded += out
        i += 2 if ord(ch) > 0xFFFF else 1
    offsets.append(i)
    hits = []
    for word in words:
        at = folded.find(word)
        while at >= 0:
            hits.append((at, at + len(word)))
            at = folded.find(word, at + 1)
    hits.sort(key=lambda h: (h[0], -h[1]))
    length = i
    first = offsets[hits[0][0]] if hits else 0
    start = max(0, first - 30) if size and length > size else 0
    end = min(length, start + size) if size else length
    prefix, marks = ("…" if start > 0 else ""), []
    for a, b in hits:
        s, e = offsets[a], offsets[b]
        if s >= start and e <= end and not (marks and s < marks[-1][0] + marks[-1][1]):
            marks.append((s, e - s))
    units16 = text.encode("utf-16-le")
    cut = units16[2 * start: 2 * end].decode("utf-16-le")
    return {"text": prefix + cut + ("…" if end < length else ""),
            "marks": [[s - start + len(prefix), n] for s, n in marks]}


def ranking_vectors() -> dict:
    """A six-document index: per query, each unit's encoded postings and trigram places (as the shards hold
    them), and the ranked hits — doc, score×100, title match — by the rule of tests/test_browser.expected_scores:
    per unit, in each field holding all its terms (and for 3+ characters the folded phrase), the sum of their
    weights×100; every unit must match; title matches first, then the score, then the newer (larger) doc."""
    items = [SimpleNamespace(date=datetime.date(2020, 1, 1 + n), issue_id="2020-001", order=n, title=t, text=b,
                             url=f"d{n}/") for n, (t, b) in enumerate(DOCS)]
    index = build_index(items)
    queries = []
    for query in RANKED:
        total: dict[int, tuple[int, bool]] | None = None
        unit_inputs = []
        for run, terms in zip(units(query), query_units(query)):
            cover = trigram_cover(run) if HAN_RUN.match(run) and len(run) >= 3 else []
            unit_inputs.append({"text": run, "terms": {t: encode_term(index, t) for t in terms},
                                "trigrams": [[o, t, encode_places(index, t)] for o, t in cover]})
            unit: dict[int, tuple[int, bool]] = {}
            for name, text_of in (("t", lambda i: i.title), ("b", lambda i: i.text)):
                weights = [dict(zip(index.documents(t, name), (round(w * 100) for w in index.weights(t, name))))
                           if t in index.entries[name] else {} for t in terms]
                for doc in set(weights[0]).intersection(*weights[1:]):
                    if len(run) < 3 or run in fold(text_of(index.docs[doc])):
                        score, title = unit.get(doc, (0, False))
                        unit[doc] = (score + sum(w[doc] for w in weights), title or name == "t")
            total = unit if total is None else {d: (total[d][0] + unit[d][0], total[d][1] and unit[d][1])
                                                for d in total.keys() & unit.keys()}
        hits = sorted(([doc, score, title] for doc, (score, title) in (total or {}).items()),
                      key=lambda h: (not h[2], -h[1], -h[0]))
        queries.append({"q": query, "units": unit_inputs, "hits": hits})
    return {"docs": [[i.title, i.text] for i in index.docs], "queries": queries}


def vectors() -> dict:
    return {
        "about": "Generated by tests/search_vectors.py (python -m tests.search_vectors); read by "
                 "tests/test_search_vectors.py and tests/search_engine.test.cjs. Offsets and lengths in "
                 "highlights count UTF-16 units, as JavaScript strings do (Python counts code points: the "
                 "generator converts). Folding in the browser uses only the parts of the traditional → "
                 "simplified map it fetched: each case lists them in `map`.",
        "fold": [{"input": text, "map": fold_map(text), "folded": fold(text)} for text in FOLDS],
        "tokenise": [{"query": q, "map": fold_map(q), "units": [unit_vector(run) for run in units(q)]}
                     for q in QUERIES],
        "fnv1a": [[term, fnv1a(term)] for term in ["", "a", "无废", "#碚", "无废城市", "𠀀", "pm2"]],
        "phrases": [phrase_vector(text, phrase) for text, phrase in PHRASES],
        "highlight": [{"text": text, "words": words, "size": size, "map": fold_map(text),
                       **highlight(text, [fold(w) for w in words], size)} for text, words, size in HIGHLIGHTS],
        "ranking": ranking_vectors(),
    }


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


if __name__ == "__main__":
    FILE.write_text(dumps(vectors()), encoding="utf-8")
    print(f"wrote {FILE}")
