/* 渝环简报 search, matching: decoding shard entries, phrase checks, scores, ranking, dates — pure functions, no I/O.
 *
 * Decodes what plugins/bulletin/search/{writer,facets}.py encode; tests/fixtures/search_vectors.json holds the
 * cases both sides must agree on (tests/search_engine.test.cjs runs them here under Node). A classic script (no
 * modules: the site runs in iOS 12 / Chrome 63): window.bulletinSearchMatch in a browser, module.exports in Node.
 */
(function (exports) {
  "use strict";

  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_~";

  /* facets.py's id lists: groups separated by commas, each id `width` characters of ALPHABET. */
  function decodeCodes(text, width) {
    return text.split(",").map(function (group) {
      var ids = [];
      for (var i = 0; i < group.length; i += width) {
        ids.push(width === 2 ? ALPHABET.indexOf(group[i]) * 64 + ALPHABET.indexOf(group[i + 1])
                             : ALPHABET.indexOf(group[i]));
      }
      return ids;
    });
  }

  /* field → Map(doc → weight×100) for one term (writer.encode_term); integers, so that sums do not depend on
     their order. ("c" holds the facet counts of a common term.) */
  function decodeTerm(entry) {
    var fields = {};
    Object.keys(entry || {}).forEach(function (field) {
      if (field === "c") return;
      var flat = entry[field], map = new Map(), doc = 0;
      for (var i = 0; i < flat.length; i += 2) {
        doc += flat[i];
        map.set(doc, flat[i + 1]);
      }
      fields[field] = map;
    });
    return fields;
  }

  /* field → Map(doc → positions) for one trigram (writer.encode_places). */
  function decodePlaces(entry) {
    var fields = {};
    Object.keys(entry || {}).forEach(function (field) {
      var flat = entry[field], map = new Map(), doc = 0, i = 0;
      while (i < flat.length) {
        doc += flat[i];
        var n = flat[i + 1], p = 0, pos = new Array(n);
        i += 2;
        for (var k = 0; k < n; k++) { p += flat[i++]; pos[k] = p; }
        map.set(doc, pos);
      }
      fields[field] = map;
    });
    return fields;
  }

  /* Does one field of `doc` hold the trigrams at their offsets from one start, i.e. the whole phrase?
     `trigrams`: [{offset, fields: decodePlaces(…)}] for the unit's trigram cover. */
  function hasPhrase(trigrams, field, doc) {
    var lists = [];
    for (var k = 0; k < trigrams.length; k++) {
      var map = trigrams[k].fields[field], pos = map && map.get(doc);
      if (!pos) return false;
      lists.push(pos);
    }
    return lists[0].some(function (start) {
      for (var k = 1; k < lists.length; k++) {
        if (lists[k].indexOf(start + trigrams[k].offset) < 0) return false;
      }
      return true;
    });
  }

  /* doc → {score, title} for one unit: every one of its terms in one field (title "t" or body "b"), and for a
     phrase of 3+ characters the phrase itself there; the score sums the terms' weights×100 in each such field. */
  function matchUnit(postings, trigrams) {
    var matches = new Map();
    ["t", "b"].forEach(function (field) {
      var maps = postings.map(function (p) { return p[field]; });
      if (maps.some(function (m) { return !m; })) return;
      var driver = maps.reduce(function (a, b) { return b.size < a.size ? b : a; });  // walk the rarest term
      driver.forEach(function (_, doc) {
        var score = 0;  // integers: the sum does not depend on the order
        for (var k = 0; k < maps.length; k++) {
          var w = maps[k].get(doc);
          if (w === undefined) return;
          score += w;
        }
        if (trigrams.length && !hasPhrase(trigrams, field, doc)) return;
        var m = matches.get(doc) || { score: 0, title: false };
        m.score += score;
        m.title = m.title || field === "t";
        matches.set(doc, m);
      });
    });
    return matches;
  }

  /* One word's matches from those of its forms (matchUnit of the word, then of each equivalent): a document
     matched by several keeps its best score, and is a title match if any form is in its title. */
  function matchForms(perForm) {
    var out = new Map(perForm[0]);
    perForm.slice(1).forEach(function (matches) {
      matches.forEach(function (m, doc) {
        var have = out.get(doc);
        out.set(doc, have ? { score: Math.max(have.score, m.score), title: have.title || m.title } : m);
      });
    });
    return out;
  }

  /* Every word must match (AND): the documents in both, scores added, a title match only if both are. */
  function bothUnits(matched, unitMatches) {
    var next = new Map();
    matched.forEach(function (m, doc) {
      var other = unitMatches.get(doc);
      if (other) next.set(doc, { score: m.score + other.score, title: m.title && other.title });
    });
    return next;
  }

  /* 相关度: a title match first, then the higher score, then the newer document (the larger id). */
  function byRank(a, b) {
    return (b.title - a.title) || (b.score - a.score) || (b.doc - a.doc);
  }

  /* 最新: a document id grows with (date, issue, position) (index.doc_order), so newest first is the larger id. */
  function byDate(a, b) {
    return b.doc - a.doc;
  }

  /* The first `count` hits in `order`, without sorting them all: a common word matches most of the archive
     and a page shows 20 (both orders are total, so this is exactly the head of the full sort). */
  function ranked(hits, count, order) {
    order = order || byRank;
    if (count <= 0) return [];
    if (hits.length <= 4 * count) return hits.sort(order).slice(0, count);
    var top = [];
    for (var i = 0; i < hits.length; i++) {
      var h = hits[i];
      if (top.length === count && order(h, top[count - 1]) >= 0) continue;
      var lo = 0, hi = top.length;
      while (lo < hi) {
        var mid = (lo + hi) >> 1;
        if (order(h, top[mid]) < 0) hi = mid; else lo = mid + 1;
      }
      top.splice(lo, 0, h);
      if (top.length > count) top.pop();
    }
    return top;
  }

  /* "YYYY-MM-DD" → days since 1970-01-01 (UTC), or null. */
  function toDay(value) {
    if (!value) return null;
    var t = Date.parse(String(value) + "T00:00:00Z");
    return isNaN(t) ? null : t / 86400000;
  }

  function isoDay(day) {
    return new Date(day * 86400000).toISOString().slice(0, 10);
  }

  /* How a result's date reads, by its precision (facets.py): a day, from a day on, since a month, or an issue's
     month for an item dated by its issue. */
  function dateLabel(day, precision) {
    var d = new Date(day * 86400000), y = d.getUTCFullYear(), m = d.getUTCMonth() + 1;
    if (precision === "month") return y + "年" + m + "月以来";
    if (precision === "issue") return y + "年" + m + "月（近日）";
    return y + "年" + m + "月" + d.getUTCDate() + "日" + (precision === "days" ? "起" : "");
  }

  exports.decodeCodes = decodeCodes;
  exports.decodeTerm = decodeTerm;
  exports.decodePlaces = decodePlaces;
  exports.hasPhrase = hasPhrase;
  exports.matchUnit = matchUnit;
  exports.matchForms = matchForms;
  exports.bothUnits = bothUnits;
  exports.byRank = byRank;
  exports.byDate = byDate;
  exports.ranked = ranked;
  exports.toDay = toDay;
  exports.isoDay = isoDay;
  exports.dateLabel = dateLabel;
})(typeof module === "object" && module.exports ? module.exports : (window.bulletinSearchMatch = {}));
