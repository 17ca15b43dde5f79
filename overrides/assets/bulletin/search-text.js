/* 渝环简报 search, text: folding, tokenising, the shard hash and highlighting — pure functions, no I/O.
 *
 * Mirrors plugins/bulletin/search/{fold,tokenize,writer}.py; tests/fixtures/search_vectors.json holds the cases
 * both sides must agree on (tests/search_engine.test.cjs runs them here under Node). A classic script (no
 * modules: the site runs in iOS 12 / Chrome 63): window.bulletinSearchText in a browser, module.exports in Node.
 */
(function (exports) {
  "use strict";

  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var UNIT = new RegExp("[" + HAN + "]+|[a-z0-9]+", "g");
  var HAN_RUN = new RegExp("^[" + HAN + "]+$");
  var VARIANTS_MAX = 8;

  /* fold.fold: NFKC, traditional → simplified by `map` (the parts of search/fold/ fetched so far), lower case. */
  function fold(text, map) {
    map = map || {};
    var out = "";
    for (var ch of String(text).normalize("NFKC")) out += map[ch] || ch;
    return out.toLowerCase();
  }

  /* Folding that keeps, for each output character, the index of the input character it came from. A common
     Han character with no entry in the map folds to itself (NFKC leaves U+4E00–U+9FFF alone): no call. */
  function foldWithOffsets(text, map) {
    map = map || {};
    var out = "", offsets = [], i = 0;
    for (var ch of String(text)) {
      var code = ch.charCodeAt(0);
      var folded = code >= 0x4e00 && code <= 0x9fff && !map[ch] ? ch : fold(ch, map);
      for (var k = 0; k < folded.length; k++) offsets.push(i);
      out += folded;
      i += ch.length;
    }
    offsets.push(i);
    return { text: out, offsets: offsets };
  }

  /* One run of a folded query (tokenize.query_units): the terms that must all occur, and for a Han run of three
     or more characters the trigrams that spell it (tokenize.trigram_cover), each at its offset. */
  function unitOf(run) {
    if (!HAN_RUN.test(run)) return { text: run, terms: [run] };
    if (run.length === 1) return { text: run, terms: ["#" + run] };
    var terms = [], cover = [];
    for (var i = 0; i + 1 < run.length; i++) terms.push(run.slice(i, i + 2));
    for (var k = 0; k + 2 < run.length; k += 3) cover.push(k);
    if (cover.length && cover[cover.length - 1] !== run.length - 3) cover.push(run.length - 3);
    var trigrams = cover.map(function (k) { return { offset: k, text: run.slice(k, k + 3) }; });
    return { text: run, terms: terms, trigrams: trigrams };
  }

  function queryUnits(q, map) {
    return (fold(q, map).match(UNIT) || []).map(unitOf);
  }

  /* The equivalents of a query word (synonyms.yml, folded in meta.syn): each group word it contains replaced by
     the group's other words — 危废 → 危险废物, 危废处置 → 危险废物处置. Each is matched exactly, like the word. */
  function variantsOf(text, groups) {
    var out = [];
    (groups || []).forEach(function (group) {
      group.forEach(function (word) {
        if (text.indexOf(word) < 0) return;
        group.forEach(function (other) {
          var variant = text.split(word).join(other);
          if (other !== word && variant !== text && out.indexOf(variant) < 0) out.push(variant);
        });
      });
    });
    return out.slice(0, VARIANTS_MAX).filter(function (v) { return (v.match(UNIT) || []).length === 1; });
  }

  /* writer.fnv1a: 32-bit FNV-1a over UTF-8 bytes, which picks a term's shard. */
  function fnv1a(term) {
    var bytes = new TextEncoder().encode(term), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h >>> 0;
  }

  /* Plain text around the first match (`size` characters, 0: all of it), with [start, length] pairs of the
     matched words in it — every place a unit's folded text occurs, the longer of two at one place, none
     overlapping an earlier one. */
  function highlight(text, units, map, size) {
    var folded = foldWithOffsets(text, map), hits = [];
    units.forEach(function (unit) {
      var at = folded.text.indexOf(unit.text);
      while (at >= 0) { hits.push([at, at + unit.text.length]); at = folded.text.indexOf(unit.text, at + 1); }
    });
    hits.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var first = hits.length ? folded.offsets[hits[0][0]] : 0;
    var start = size && text.length > size ? Math.max(0, first - 30) : 0;
    var end = size ? Math.min(text.length, start + size) : text.length;
    var prefix = start > 0 ? "…" : "", marks = [];
    hits.forEach(function (h) {
      var s = folded.offsets[h[0]], e = folded.offsets[h[1]];
      if (s >= start && e <= end && !(marks.length && s < marks[marks.length - 1][0] + marks[marks.length - 1][1])) {
        marks.push([s, e - s]);
      }
    });
    return {
      text: prefix + text.slice(start, end) + (end < text.length ? "…" : ""),
      marks: marks.map(function (m) { return [m[0] - start + prefix.length, m[1]]; })
    };
  }

  exports.UNIT = UNIT;
  exports.fold = fold;
  exports.foldWithOffsets = foldWithOffsets;
  exports.unitOf = unitOf;
  exports.queryUnits = queryUnits;
  exports.variantsOf = variantsOf;
  exports.fnv1a = fnv1a;
  exports.highlight = highlight;
})(typeof module === "object" && module.exports ? module.exports : (window.bulletinSearchText = {}));
