/* 渝环简报 search engine: loads only the index shards a query needs; exposes window.bulletinSearch.
 *
 * Mirrors plugins/bulletin/search/{fold,tokenize,writer}.py: the same folding, the same bigrams, the same
 * FNV-1a shard hash. Every typed word must occur (AND); a Han run's bigrams must all occur in one field, and
 * from three characters on the trigrams that spell it must sit at their offsets from one position of that
 * field, so an item matches only if it contains the exact phrase.
 * Nothing fetched grows with the archive: meta.json is the vocabulary; the dates, districts and tags of the
 * matched documents come from the rarest term's facet list (k/) or from chunks of documents (m/), whichever
 * costs fewer bytes; trigram positions (p/) only when a phrase must be checked.
 */
(function () {
  "use strict";

  var HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  var UNIT = new RegExp("[" + HAN + "]+|[a-z0-9]+", "g");
  var HAN_RUN = new RegExp("^[" + HAN + "]+$");
  var ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_~";
  var PRECISION = { d: "day", s: "days", m: "month", i: "issue" };
  var script = document.currentScript;
  var root = new URL("../../", script ? script.src : location.href);
  var metaPromise = null;
  var shards = new Map();
  var arrived = new Map();  // term shards already here, by number
  var places = new Map();
  var chunks = new Map();
  var termFacets = new Map();
  var fragments = new Map();

  function fetchJSON(path) {
    return fetch(new URL(path, root)).then(function (response) {
      if (!response.ok) throw new Error("搜索索引加载失败：" + path + "（" + response.status + "）");
      return response.json();
    });
  }

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

  function loadMeta() {
    if (!metaPromise) {
      metaPromise = fetchJSON("search/meta.json").then(function (meta) {
        meta.foldMap = {};
        meta.foldParts = new Map();
        meta.epochDay = Date.parse(meta.epoch + "T00:00:00Z") / 86400000;
        meta.day = new Array(meta.n);
        meta.before = new Array(meta.n);
        meta.after = new Array(meta.n);
        meta.precision = new Array(meta.n);
        meta.docDistricts = new Array(meta.n);
        meta.docTags = new Array(meta.n);
        meta.districtId = new Map();
        meta.districts.forEach(function (entry, id) {
          [entry[0]].concat(entry[2]).forEach(function (name) { meta.districtId.set(fold(name, meta), id); });
        });
        meta.tagId = new Map(meta.tags.map(function (entry, id) { return [fold(entry[0], meta), id]; }));
        return meta;
      });
      metaPromise.catch(function () { metaPromise = null; });
    }
    return metaPromise;
  }

  /* A facet table (facets.FacetColumns.table) of the documents `docs`, in order, into the per-document arrays. */
  function decodeFacets(part, docs, meta) {
    var day = meta.epochDay, extra = 0;
    var districts = decodeCodes(part.d, meta.dw), tags = decodeCodes(part.t, meta.tw);
    for (var i = 0; i < docs.length; i++) {
      var doc = docs[i], p = part.p[i];
      day += part.date[i];
      meta.day[doc] = day;
      meta.precision[doc] = p;
      meta.before[doc] = p === "i" ? 30 : 0;  // days covered before/after the date (see facets.coverage)
      meta.after[doc] = p === "s" || p === "m" ? part.after[extra++] : 0;
      meta.docDistricts[doc] = districts[i];
      meta.docTags[doc] = tags[i];
    }
  }

  /* The facet chunk holding documents [k·chunk, (k+1)·chunk). */
  function loadChunk(k, meta) {
    return cachedJSON(chunks, k, "search/m/" + k + ".json").then(function (part) {
      if (part.decoded) return;
      part.decoded = true;
      var docs = [];
      for (var i = 0; i < part.p.length; i++) docs.push(k * meta.chunk + i);
      decodeFacets(part, docs, meta);
    });
  }

  /* The facet list of one term: the documents it occurs in, ascending (writer.term_documents). */
  function loadTermFacets(term, meta) {
    var number = fnv1a(term.term) % meta.kshards;
    return cachedJSON(termFacets, number, "search/k/" + number + ".json").then(function (part) {
      var decoded = part.decoded || (part.decoded = new Set());
      if (decoded.has(term.term)) return;
      decoded.add(term.term);
      var docs = new Set();
      Object.keys(term.fields).forEach(function (field) {
        term.fields[field].forEach(function (_, doc) { docs.add(doc); });
      });
      decodeFacets(part[term.term], Array.from(docs).sort(function (a, b) { return a - b; }), meta);
    });
  }

  /* Dates, districts and tags of every matched document, from the smaller source: the chunks they fall in, or
     the facet list of the query's rarest term (every match contains it). `via` forces one (tests). `groups`: lists
     of terms such that every match holds all terms of one list — one list, or one per form of a word with
     equivalents — and then the rarest term of each list. */
  function loadFacetsFor(docs, groups, meta, via) {
    var missing = [], wanted = new Set();
    docs.forEach(function (doc) {
      if (meta.day[doc] !== undefined) return;
      missing.push(doc);
      var k = Math.floor(doc / meta.chunk);
      if (!chunks.has(k)) wanted.add(k);
    });
    if (!missing.length) return Promise.resolve();
    var rarests = [], cost = 0;
    groups.forEach(function (terms) {
      var rarest = null;
      terms.forEach(function (t) {
        t.size = Object.keys(t.fields).reduce(function (n, f) { return Math.max(n, t.fields[f].size); }, 0);
        if (!rarest || t.size < rarest.size) rarest = t;
      });
      if (!rarest || !rarest.size) return;  // a form no document holds: none of the matches
      rarests.push(rarest);
      cost += termFacets.has(fnv1a(rarest.term) % meta.kshards) ? 0 : meta.cost.k;
    });
    var useTerm = rarests.length && (via === "terms" || via !== "chunks" && cost < wanted.size * meta.cost.m);
    if (useTerm) return Promise.all(rarests.map(function (t) { return loadTermFacets(t, meta); }));
    return Promise.all(Array.from(new Set(missing.map(function (doc) { return Math.floor(doc / meta.chunk); })),
      function (k) { return loadChunk(k, meta); }));
  }

  /* Fetch the parts of the traditional → simplified map that the characters of `text` fall in. */
  function ensureFold(text, meta) {
    var wanted = [];
    for (var ch of String(text)) {
      var code = ch.codePointAt(0);
      if (code < 0x3400) continue;
      var part = code % meta.folds;
      wanted.push(cachedJSON(meta.foldParts, part, "search/fold/" + part + ".json").then(function (map) {
        Object.assign(meta.foldMap, map);
      }));
    }
    return Promise.all(wanted);
  }

  function fold(text, meta) {
    var map = (meta && meta.foldMap) || {};
    var out = "";
    for (var ch of String(text).normalize("NFKC")) out += map[ch] || ch;
    return out.toLowerCase();
  }

  /* Folding that keeps, for each output character, the index of the input character it came from. A common
     Han character with no entry in the map folds to itself (NFKC leaves U+4E00–U+9FFF alone): no call. */
  function foldWithOffsets(text, meta) {
    var out = "", offsets = [], i = 0, map = (meta && meta.foldMap) || {};
    for (var ch of String(text)) {
      var code = ch.charCodeAt(0);
      var folded = code >= 0x4e00 && code <= 0x9fff && !map[ch] ? ch : fold(ch, meta);
      for (var k = 0; k < folded.length; k++) offsets.push(i);
      out += folded;
      i += ch.length;
    }
    offsets.push(i);
    return { text: out, offsets: offsets };
  }

  function queryUnits(q, meta) {
    return (fold(q, meta).match(UNIT) || []).map(unitOf);
  }

  function unitOf(run) {
    if (!HAN_RUN.test(run)) return { text: run, terms: [run] };
    if (run.length === 1) return { text: run, terms: ["#" + run] };
    var terms = [], cover = [];
    for (var i = 0; i + 1 < run.length; i++) terms.push(run.slice(i, i + 2));
    for (var k = 0; k + 2 < run.length; k += 3) cover.push(k);  // tokenize.trigram_cover
    if (cover.length && cover[cover.length - 1] !== run.length - 3) cover.push(run.length - 3);
    var trigrams = cover.map(function (k) { return { offset: k, text: run.slice(k, k + 3) }; });
    return { text: run, terms: terms, trigrams: trigrams };
  }

  /* The equivalents of a query word (synonyms.yml, folded in meta.syn): each group word it contains replaced by
     the group's other words — 危废 → 危险废物, 危废处置 → 危险废物处置. Each is matched exactly, like the word. */
  var VARIANTS_MAX = 8;
  function variantsOf(text, meta) {
    var out = [];
    (meta.syn || []).forEach(function (group) {
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

  function withVariants(units, meta) {
    units.forEach(function (u) { u.variants = variantsOf(u.text, meta).map(unitOf); });
    return units;
  }

  function fnv1a(term) {
    var bytes = new TextEncoder().encode(term), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
    return h >>> 0;
  }

  /* One request per file for the life of the page; a failed request may be tried again. */
  function cachedJSON(cache, key, path) {
    if (!cache.has(key)) {
      var promise = fetchJSON(path);
      promise.catch(function () { cache.delete(key); });
      cache.set(key, promise);
    }
    return cache.get(key);
  }

  function loadShard(number) {
    return cachedJSON(shards, number, "search/s/" + number + ".json").then(function (part) {
      arrived.set(number, part);
      return part;
    });
  }

  /* field → Map(doc → weight×100) for one term; integers, so that sums do not depend on their order.
     ("c" holds the facet counts of a common term.) */
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

  /* A file's entry decoded once for the life of the page: typing 无废城市 after 无废城 reuses the maps of the
     bigrams already decoded (at 100,000 items a common one has 90,000 documents). Read-only from here on. */
  function decoded(part, key, decode) {
    var done = part.decodedEntries || (part.decodedEntries = new Map());
    if (!done.has(key)) done.set(key, decode(part[key]));
    return done.get(key);
  }

  function loadTerms(terms, meta) {
    return Promise.all(terms.map(function (term) {
      var number = fnv1a(term) % meta.shards;
      return loadShard(number).then(function (part) {
        return { term: term, number: number, fields: decoded(part, term, decodeTerm), counts: (part[term] || {}).c };
      });
    }));
  }

  /* A phrase of three or more characters: positions of the trigrams that spell it, to check it occurs. */
  function loadPlaces(unit, meta) {
    return Promise.all(unit.trigrams.map(function (tri) {
      var number = fnv1a(tri.text) % meta.pshards;
      return cachedJSON(places, number, "search/p/" + number + ".json").then(function (part) {
        return { offset: tri.offset, fields: decoded(part, tri.text, decodePlaces) };
      });
    }));
  }

  /* A unit's postings and what checks its phrase. A frequent phrase of 3–4 characters has postings of its own,
     stored like a term (phrases.py): no bigram postings, no positions. Otherwise its bigrams, and trigram
     positions to check that they spell the phrase. */
  function loadUnit(unit, meta) {
    var phrase = unit.trigrams && unit.trigrams.length;
    var own = phrase && unit.text.length <= 4 && !knownRare(unit.text, meta) ? loadTerms([unit.text], meta)
      : Promise.resolve(null);
    return own.then(function (found) {
      if (found && Object.keys(found[0].fields).length) return { terms: found, trigrams: [] };
      return Promise.all([loadTerms(unit.terms, meta), phrase ? loadPlaces(unit, meta) : []]).then(function (parts) {
        return { terms: parts[0], trigrams: parts[1] };
      });
    });
  }

  /* A frequent four-character phrase is two frequent trigrams in a row (phrases.py). When the shard of one of
     them is already here without it — typing 无废学校 after 无废学 looked 无废学 up — the phrase is not
     frequent either, and its own lookup, one round trip before the bigrams, is skipped. */
  function knownRare(text, meta) {
    if (text.length < 4) return false;
    for (var i = 0; i + 3 <= text.length; i++) {
      var sub = text.slice(i, i + 3), part = arrived.get(fnv1a(sub) % meta.shards);
      if (part && !part[sub]) return true;
    }
    return false;
  }

  /* Does one field of `doc` hold the trigrams at their offsets from one start, i.e. the whole phrase? */
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

  /* doc → {score, title} for one unit: its bigrams in one field, and for 3+ characters the whole phrase. */
  function matchUnit(postings, trigrams) {
    var matches = new Map();
    ["t", "b"].forEach(function (field) {
      var maps = postings.map(function (p) { return p[field]; });
      if (maps.some(function (m) { return !m; })) return;
      var driver = maps.reduce(function (a, b) { return b.size < a.size ? b : a; });  // walk the rarest bigram
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

  function toDay(value) {
    if (!value) return null;
    var t = Date.parse(String(value) + "T00:00:00Z");
    return isNaN(t) ? null : t / 86400000;
  }

  function isoDay(day) {
    return new Date(day * 86400000).toISOString().slice(0, 10);
  }

  /* The year of a day number, remembered: facets count thousands of matches and a Date each cost ~12 ms. */
  var years = new Map();
  function yearOf(day) {
    var year = years.get(day);
    if (year === undefined) years.set(day, year = isoDay(day).slice(0, 4));
    return year;
  }

  function dateLabel(day, precision) {
    var d = new Date(day * 86400000), y = d.getUTCFullYear(), m = d.getUTCMonth() + 1;
    if (precision === "month") return y + "年" + m + "月以来";
    if (precision === "issue") return y + "年" + m + "月（近日）";
    return y + "年" + m + "月" + d.getUTCDate() + "日" + (precision === "days" ? "起" : "");
  }

  function idsFor(names, index, kind, meta) {
    var ids = new Set(), unknown = [];
    (names || []).forEach(function (name) {
      var id = index.get(fold(name, meta));
      if (id === undefined) unknown.push(name); else ids.add(id);
    });
    return { ids: ids, unknown: unknown, kind: kind };
  }

  /* Plain text around the first match, with [start, length] pairs of the matched words in it. */
  function highlight(text, units, meta, size) {
    var folded = foldWithOffsets(text, meta), hits = [];
    units.forEach(function (unit) {
      var at = folded.text.indexOf(unit.text);
      while (at >= 0) { hits.push([at, at + unit.text.length]); at = folded.text.indexOf(unit.text, at + 1); }
    });
    hits.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });  // the longer of two words at one place
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

  /* A document's fragment: f/<doc>.json, or with `fpack` documents to a file, item doc % fpack of
     f/<doc / fpack>.json (writer.Layout). */
  function loadFragment(doc) {
    return loadMeta().then(function (meta) {
      var per = meta.fpack || 1, file = Math.floor(doc / per);
      return cachedJSON(fragments, file, "search/f/" + file + ".json").then(function (part) {
        return per === 1 ? part : part[doc % per];
      });
    });
  }

  /* A facet table, name → count. Names come from the archive, and `__proto__` or `constructor` must count like any
     other district: a table has no prototype (a {} would drop the one and start the other at Object). */
  function table(from) {
    var t = Object.create(null);
    if (from) Object.keys(from).forEach(function (name) { t[name] = from[name]; });
    return t;
  }

  function count(target, key) { target[key] = (target[key] || 0) + 1; }

  /* Fewer results than this, and the result carries `alternatives` (search-help.js, fetched only then, with its
     data): a filter to drop, a typo corrected from the archive's own words, a district or topic spelled in Latin
     letters. Corrections only for nothing found; a filter or Latin letters also for very little. */
  var FEW = 3;
  var helpPromise = null;
  var helpFiles = new Map();
  var engine = {
    search: function (o) { return search(o); },
    loadMeta: loadMeta,
    queryUnits: queryUnits,
    variantsOf: variantsOf,
    fetchJSON: function (path) { return cachedJSON(helpFiles, path, path); }
  };

  function loadHelp() {
    if (!helpPromise) {
      helpPromise = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = new URL("assets/bulletin/search-help.js", root).href;
        tag.onload = function () { resolve(window.bulletinSearchHelp); };
        tag.onerror = function () { helpPromise = null; reject(new Error("搜索建议加载失败")); };
        document.head.appendChild(tag);
      });
    }
    return helpPromise;
  }

  async function search(options) {
    options = options || {};
    var result = await searchOnce(options);
    if (options.totalOnly) return result;
    result.alternatives = [];
    if (options.alternatives === false || result.total >= FEW) return result;
    var meta = await loadMeta();
    var filtered = (options.districts || []).length || (options.tags || []).length || options.from || options.to;
    var latin = queryUnits(options.q || "", meta).some(function (u) { return /^[a-z]+$/.test(u.text); });
    if (result.total && !filtered && !latin) return result;  // a few results, nothing to offer but corrections
    try {
      result.alternatives = await (await loadHelp())(engine, options, result);
    } catch (error) {  // help is help: the results stand without it
      result.alternatives = [];
    }
    return result;
  }

  async function searchOnce(options) {
    var meta = await loadMeta();
    var folding = ensureFold([options.q || ""].concat(options.districts || [], options.tags || []).join(""), meta);
    // While the parts of the folding map load, the shards of the query as typed load too: simplified Chinese
    // (nearly every query) folds to itself, and then the requests below are the ones already under way.
    var expand = options.expand !== false;
    queryUnits(options.q || "", meta).forEach(function (u) {
      [u].concat(expand ? variantsOf(u.text, meta).map(unitOf) : []).forEach(function (form) {
        loadUnit(form, meta).catch(function () {});
      });
    });
    await folding;
    var units = queryUnits(options.q || "", meta);
    if (expand) withVariants(units, meta);
    var limit = options.limit === undefined ? 20 : options.limit, offset = options.offset || 0;
    var order = options.sort === "date" ? byDate : byRank;
    var district = idsFor(options.districts, meta.districtId, "district", meta);
    var tag = idsFor(options.tags, meta.tagId, "tag", meta);
    var from = toDay(options.from), to = toDay(options.to);

    var bare = !units.length && !(options.districts || []).length && !(options.tags || []).length &&
      from === null && to === null;
    if (bare && options.via !== "chunks") return newest(meta, offset, limit, units, options);
    var matched = null, loaded = [], alike = [];
    if (units.length) {
      var postings = await Promise.all(units.map(function (u) {
        return Promise.all([u].concat(u.variants || []).map(function (form) { return loadUnit(form, meta); }));
      }));
      postings.forEach(function (forms) {
        var unit = forms[0];
        if (forms.length === 1) loaded = loaded.concat(unit.terms);  // every match holds each of these terms
        else if (!alike.length) alike = forms.map(function (f) { return f.terms; });  // …each match one form's
        var unitMatches = matchUnit(unit.terms.map(function (t) { return t.fields; }), unit.trigrams);
        forms.slice(1).forEach(function (form) {  // an equivalent: its exact matches join the word's
          matchUnit(form.terms.map(function (t) { return t.fields; }), form.trigrams).forEach(function (m, doc) {
            var have = unitMatches.get(doc);
            if (!have) unitMatches.set(doc, m);
            else unitMatches.set(doc, { score: Math.max(have.score, m.score), title: have.title || m.title });
          });
        });
        if (matched === null) { matched = unitMatches; return; }
        var next = new Map();
        matched.forEach(function (m, doc) {
          var other = unitMatches.get(doc);
          if (other) next.set(doc, { score: m.score + other.score, title: m.title && other.title });
        });
        matched = next;
      });
    } else {  // no words, only filters: every document (the one case that reads every chunk)
      matched = new Map();
      for (var doc = 0; doc < meta.n; doc++) matched.set(doc, { score: 0, title: false });
    }
    var unfiltered = !district.ids.size && !district.unknown.length && !tag.ids.size && !tag.unknown.length &&
      from === null && to === null;
    if (unfiltered && options.totalOnly) return { total: matched.size };  // an alternative's count (alternatives)
    if (unfiltered && loaded.length === 1 && !alike.length && loaded[0].counts && !options.via) {
      return counted(meta, matched, loaded[0].counts, offset, limit, units, district, tag, options, order);
    }
    var page = null;
    if (unfiltered) {  // no filter can change the page: ranked now, its fragments load while the facets do
      page = ranked(allHits(matched), offset + limit, order).slice(offset);
      page.forEach(function (h) { loadFragment(h.doc); });
    }
    await loadFacetsFor(Array.from(matched.keys()), loaded.length ? [loaded] : alike, meta, options.via);

    function inDistrict(doc) {
      return !district.ids.size && !district.unknown.length ||
        meta.docDistricts[doc].some(function (id) { return district.ids.has(id); });
    }
    function inTag(doc) {
      return !tag.ids.size && !tag.unknown.length ||
        meta.docTags[doc].some(function (id) { return tag.ids.has(id); });
    }
    function inDates(doc) {
      var lo = meta.day[doc] - meta.before[doc], hi = meta.day[doc] + meta.after[doc];
      return (from === null || hi >= from) && (to === null || lo <= to);
    }

    var facets = { district: table(), tag: table(), year: table() }, hits = [];
    matched.forEach(function (m, doc) {
      var d = inDistrict(doc), t = inTag(doc), y = inDates(doc);
      if (t && y) meta.docDistricts[doc].forEach(function (id) { count(facets.district, meta.districts[id][0]); });
      if (d && y) meta.docTags[doc].forEach(function (id) { count(facets.tag, meta.tags[id][0]); });
      if (d && t) count(facets.year, yearOf(meta.day[doc]));
      if (d && t && y && !page) hits.push({ doc: doc, score: m.score, title: m.title });
    });
    if (page) return answer(meta, page, matched.size, facets, units, district, tag, options);
    return answer(meta, ranked(hits, offset + limit, order).slice(offset), hits.length, facets, units, district,
                  tag, options);
  }

  function allHits(matched) {
    var hits = [];
    matched.forEach(function (m, doc) { hits.push({ doc: doc, score: m.score, title: m.title }); });
    return hits;
  }

  function byRank(a, b) {
    return (b.title - a.title) || (b.score - a.score) || (b.doc - a.doc);
  }

  /* 最新: a document id grows with (date, issue, position) (index.doc_order), so newest first is the larger id. */
  function byDate(a, b) {
    return b.doc - a.doc;
  }

  /* The first `count` hits in rank order, without sorting them all: a common word matches most of the archive
     and a page shows 20 (byRank is a total order, so this is exactly the head of the full sort). */
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

  /* One common word or frequent phrase, no filters: its counts were written with its postings, and what the
     shown results need comes with their fragments — no facet list, no chunk. */
  function counted(meta, matched, counts, offset, limit, units, district, tag, options, order) {
    var hits = allHits(matched);
    var facets = { district: table(), tag: table(), year: table(counts[2]) };  // facets.FacetCounter
    counts[0].forEach(function (n, id) { if (n) facets.district[meta.districts[id][0]] = n; });
    counts[1].forEach(function (n, id) { if (n) facets.tag[meta.tags[id][0]] = n; });
    return answer(meta, ranked(hits, offset + limit, order).slice(offset), hits.length, facets, units, district,
                  tag, options);
  }

  /* No words, no filters: the whole archive, newest first; its counts were written into meta.json, and the
     shown documents' dates, districts and tags come with their fragments. */
  async function newest(meta, offset, limit, units, options) {
    var page = [];
    for (var doc = meta.n - 1 - offset; doc >= 0 && page.length < limit; doc--) {
      page.push({ doc: doc, score: 0, title: false });
    }
    var none = { ids: new Set(), unknown: [] };
    var facets = { district: table(meta.all.district), tag: table(meta.all.tag), year: table(meta.all.year) };
    return answer(meta, page, meta.n, facets, units, none, none, { sort: options.sort });
  }

  async function answer(meta, page, total, facets, units, district, tag, options) {
    var frags = await Promise.all(page.map(function (h) { return loadFragment(h.doc); }));
    var words = [];  // what is highlighted: each word and its equivalents
    units.forEach(function (u) { words.push(u); (u.variants || []).forEach(function (v) { words.push(v); }); });
    page.forEach(function (h, i) { if (meta.day[h.doc] === undefined) decodeFacets(frags[i].f, [h.doc], meta); });
    var results = page.map(function (h, i) {
      var f = frags[i], precision = PRECISION[meta.precision[h.doc]], body = highlight(f.x, words, meta, 120);
      return {
        url: f.u,
        title: f.t,
        date: isoDay(meta.day[h.doc]),
        dateLabel: dateLabel(meta.day[h.doc], precision),
        precision: precision,
        districts: meta.docDistricts[h.doc].map(function (id) { return meta.districts[id][0]; }),
        tags: meta.docTags[h.doc].map(function (id) { return meta.tags[id][0]; }),
        excerpt: body.text,
        highlights: body.marks,
        titleHighlights: highlight(f.t, words, meta, 0).marks,
        score: h.score / 100
      };
    });
    var q = fold(options.q || "", meta).trim();
    return {
      total: total,
      sort: options.sort === "date" ? "date" : "relevance",
      expanded: units.filter(function (u) { return u.variants && u.variants.length; }).map(function (u) {
        return { term: u.text, with: u.variants.map(function (v) { return v.text; }) };
      }),
      // searching exactly what was typed (expand: false): the equivalents that were left out
      unexpanded: options.expand !== false ? [] : units.map(function (u) {
        return { term: u.text, with: variantsOf(u.text, meta) };
      }).filter(function (e) { return e.with.length; }),
      results: results,
      facets: facets,
      unknown: { districts: district.unknown, tags: tag.unknown },
      suggestions: {
        district: meta.districtId.has(q) ? meta.districts[meta.districtId.get(q)][0] : null,
        tag: meta.tagId.has(q) ? meta.tags[meta.tagId.get(q)][0] : null
      }
    };
  }

  function slugOf(kind, name) {
    return loadMeta().then(function (meta) {
      var list = kind === "district" ? meta.districts : meta.tags;
      var entry = list.find(function (e) { return e[0] === name; });
      return entry ? entry[1] : null;
    });
  }

  window.bulletinSearch = { search: search, ready: loadMeta, slugOf: slugOf, root: root.href };
})();
