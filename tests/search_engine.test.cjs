// The browser engine's pure modules under Node's test runner (`node --test`, run by tests/test_search_vectors.py),
// against tests/fixtures/search_vectors.json — the vectors tests/search_vectors.py generates from the Python index.
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("fs");
const path = require("path");

// the sources; BULLETIN_ASSETS names a built site's assets/bulletin/ instead (tests/test_minify.py: what ships)
const assets = process.env.BULLETIN_ASSETS || path.join(__dirname, "..", "overrides", "assets", "bulletin");
const text = require(path.join(assets, "search-text.js"));
const match = require(path.join(assets, "search-match.js"));
const gunzip = require(path.join(assets, "gunzip.js"));
const zlib = require("zlib");
const vectors = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "search_vectors.json"), "utf-8"));

test("folding: NFKC, traditional → simplified by the fetched map, lower case", () => {
  for (const v of vectors.fold) assert.equal(text.fold(v.input, v.map), v.folded, v.input);
  assert.equal(text.fold("無", {}), "無", "a character whose part of the map is not here stays as it is");
});

test("tokenising: runs, bigrams, single characters, words and the trigram cover", () => {
  for (const v of vectors.tokenise) {
    const units = text.queryUnits(v.query, v.map).map((u) => {
      const out = { text: u.text, terms: u.terms };
      if (u.trigrams && u.trigrams.length) out.trigrams = u.trigrams.map((t) => [t.offset, t.text]);
      return out;
    });
    assert.deepEqual(units, v.units, v.query);
  }
});

test("the shard hash is the writer's FNV-1a", () => {
  for (const [term, hash] of vectors.fnv1a) assert.equal(text.fnv1a(term), hash, term);
});

test("phrase checks: trigram positions answer as the folded text does", () => {
  for (const v of vectors.phrases) {
    const trigrams = v.cover.map(([offset, tri]) => ({
      offset, fields: match.decodePlaces(v.places[tri].length ? { b: v.places[tri] } : {})
    }));
    assert.equal(match.hasPhrase(trigrams, "b", 0), v.contains, `${v.phrase} in ${v.text}`);
  }
});

test("highlighting: every place a word occurs, mapped back to the original text", () => {
  for (const v of vectors.highlight) {
    const words = v.words.map((w) => ({ text: text.fold(w, v.map) }));
    assert.deepEqual(text.highlight(v.text, words, v.map, v.size), { text: v.text, marks: v.marks }, v.text);
  }
});

test("ranking: scores from the shards' weights, title matches first, every word matched", () => {
  for (const query of vectors.ranking.queries) {
    let matched = null;
    for (const unit of query.units) {
      const postings = Object.keys(unit.terms).map((t) => match.decodeTerm(unit.terms[t]));
      const trigrams = unit.trigrams.map(([offset, , entry]) => ({ offset, fields: match.decodePlaces(entry) }));
      const unitMatches = match.matchForms([match.matchUnit(postings, trigrams)]);
      matched = matched === null ? unitMatches : match.bothUnits(matched, unitMatches);
    }
    const hits = [];
    (matched || new Map()).forEach((m, doc) => hits.push({ doc, score: m.score, title: m.title }));
    const expected = query.hits.map(([doc, score, title]) => ({ doc, score, title }));
    assert.deepEqual(match.ranked(hits.slice(), hits.length), expected, query.q);
    for (let count = 1; count <= hits.length; count++) {  // a page is the head of the full ranking
      assert.deepEqual(match.ranked(hits.slice(), count), expected.slice(0, count), `${query.q} ${count}`);
    }
  }
});

test("a page's head is the head of the full sort, also when picked without sorting everything", () => {
  const hits = [];
  for (let doc = 0; doc < 200; doc++) hits.push({ doc, score: (doc * 37) % 23, title: doc % 7 === 0 });
  const full = hits.slice().sort(match.byRank);
  for (const count of [1, 3, 20, 49]) assert.deepEqual(match.ranked(hits.slice(), count), full.slice(0, count));
  assert.deepEqual(match.ranked(hits.slice(), 5, match.byDate).map((h) => h.doc), [199, 198, 197, 196, 195]);
  assert.deepEqual(match.ranked(hits.slice(), 0), []);
});

test("an equivalent's matches join the word's; words are ANDed", () => {
  const word = new Map([[1, { score: 5, title: false }], [2, { score: 3, title: true }]]);
  const other = new Map([[2, { score: 9, title: false }], [3, { score: 1, title: false }]]);
  assert.deepEqual(match.matchForms([word, other]), new Map([[1, { score: 5, title: false }],
    [2, { score: 9, title: true }], [3, { score: 1, title: false }]]));
  assert.deepEqual(match.bothUnits(word, other), new Map([[2, { score: 12, title: false }]]));
});

test("dates read as the search page shows them", () => {
  const day = match.toDay("2020-07-08");
  assert.equal(match.isoDay(day), "2020-07-08");
  assert.equal(match.toDay(""), null);
  assert.equal(match.toDay("2020-13-45"), null);
  assert.equal(match.dateLabel(day, "day"), "2020年7月8日");
  assert.equal(match.dateLabel(day, "days"), "2020年7月8日起");
  assert.equal(match.dateLabel(day, "month"), "2020年7月以来");
  assert.equal(match.dateLabel(day, "issue"), "2020年7月（近日）");
});

test("facet codes decode as facets.py writes them", () => {
  assert.deepEqual(match.decodeCodes("0A,,~", 1), [[0, 10], [], [63]]);
  assert.deepEqual(match.decodeCodes("0110", 2), [[1, 64]]);
});

// a search file as writer._pack stores it: gzip -9 of compact JSON
const STORED = { "垃圾": { b: [0, 3, 2, 1] }, x: "九龍坡區".repeat(50) };
const packed = new Uint8Array(zlib.gzipSync(Buffer.from(JSON.stringify(STORED)), { level: 9 }));
const loadPako = () => Promise.resolve(require(path.join(assets, "vendor", "pako_inflate-2.1.0.es5.min.js")));

test("a stored search file inflates with the browser's DecompressionStream", async () => {
  assert.equal(typeof DecompressionStream, "function");
  const never = () => { throw new Error("the fallback was loaded though DecompressionStream is there"); };
  assert.deepEqual(gunzip.parseJSON(await gunzip.gunzip(packed, never)), STORED);
});

test("without DecompressionStream (Safari before 16.4) the vendored pako inflates it, loaded once asked", async () => {
  const native = globalThis.DecompressionStream;
  let loads = 0;
  try {
    delete globalThis.DecompressionStream;
    const bytes = await gunzip.gunzip(packed, () => { loads += 1; return loadPako(); });
    assert.deepEqual(gunzip.parseJSON(bytes), STORED);
  } finally {
    globalThis.DecompressionStream = native;
  }
  assert.equal(loads, 1);
});

test("bytes a host already inflated (Content-Encoding: gzip on .gz files) are taken as they are", async () => {
  const plain = new TextEncoder().encode(JSON.stringify(STORED));
  assert.equal(gunzip.isGzip(plain), false);
  assert.equal(gunzip.isGzip(packed), true);
  assert.equal(await gunzip.gunzip(plain, loadPako), plain);
  assert.equal(gunzip.isGzip(new Uint8Array([0x1f, 0x8b])), false, "too short to be gzip: header and trailer");
});
