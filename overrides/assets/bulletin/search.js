/* 渝环简报 search engine: loads only the index shards a query needs; exposes window.bulletinSearch.
 *
 * Needs search-text.js and search-match.js loaded first (the pure parts, tested under Node on the vectors the
 * Python index's tests share); this file fetches and caches. Every typed word must occur (AND); a Han run's bigrams must all occur in one field, and
 * from three characters on the trigrams that spell it must sit at their offsets from one position of that
 * field, so an item matches only if it contains the exact phrase.
 * Nothing fetched grows with the archive: meta.json is the vocabulary; the dates, districts and tags of the
 * matched documents come from the rarest term's facet list (k/) or from chunks of documents (m/), whichever
 * costs fewer bytes; trigram positions (p/) only when a phrase must be checked.
 */
(function () {
  "use strict";

  /* The index format this engine reads (writer.FORMAT): meta.json of any other is refused, never read. */
  var FORMAT = 8;
  var PACKED = ".json.gz";  // every search file but meta.json (writer.PACKED)
  var INFLATER = "assets/bulletin/vendor/pako_inflate-2.1.0.es5.min.js";
  var textLib = window.bulletinSearchText, matchLib = window.bulletinSearchMatch;  // search-text.js, search-match.js
  var gunzipLib = window.bulletinGunzip;  // gunzip.js
  var unitOf = textLib.unitOf, fnv1a = textLib.fnv1a;
  var decodeCodes = matchLib.decodeCodes, decodeTerm = matchLib.decodeTerm, decodePlaces = matchLib.decodePlaces;
  var matchUnit = matchLib.matchUnit, matchForms = matchLib.matchForms, bothUnits = matchLib.bothUnits;
  var byRank = matchLib.byRank, byDate = matchLib.byDate, ranked = matchLib.ranked;
  var toDay = matchLib.toDay, isoDay = matchLib.isoDay, dateLabel = matchLib.dateLabel;
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

  /* A search file: meta.json as it is, every other one stored gzip (`.json.gz`, gunzip.js). */
  function fetchJSON(path) {
    return fetch(new URL(path, root)).then(function (response) {
      if (!response.ok) throw new Error("搜索索引加载失败：" + path + "（" + response.status + "）");
      if (path.slice(-PACKED.length) !== PACKED) return response.json();
      return response.arrayBuffer().then(function (buffer) {
        return gunzipLib.gunzip(new Uint8Array(buffer), loadInflater);
      }).then(gunzipLib.parseJSON);
    });
  }

  var inflater = null;
  /* pako, for a browser without DecompressionStream: one script, fetched once, from this site. */
  function loadInflater() {
    if (!inflater) {
      inflater = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = new URL(INFLATER, root).href;
        tag.onload = function () { resolve(window.pako); };
        tag.onerror = function () { inflater = null; reject(new Error("搜索索引加载失败：" + INFLATER)); };
        document.head.appendChild(tag);
      });
    }
    return inflater;
  }

  /* meta.json of another format than this script's: the page was cached from an older build and the site has
     been rebuilt since (or the reverse). Nothing is read from such an index — its shards may be numbered and
     encoded otherwise, and answers from it would be wrong; the page asks to be reloaded (search-page.js). */
  function StaleIndex(found) {
    this.name = "StaleIndex";
    this.stale = true;
    this.found = found;
    this.message = "搜索索引已更新（格式 " + found + "，本页为 " + FORMAT + "）";
  }
  StaleIndex.prototype = Object.create(Error.prototype);

  function loadMeta() {
    if (!metaPromise) {
      metaPromise = fetchJSON("search/meta.json").then(function (meta) {
        if (meta.format !== FORMAT) throw new StaleIndex(meta.format);
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
        meta.names = archiveNames(meta);
        return meta;
      });
      metaPromise.catch(function () { metaPromise = null; });
    }
    return metaPromise;
  }

  /* The archive's own names of three characters or more, as typed units: written as phrases of their own
     (phrases.vocabulary_phrases), so 秀山土家族苗族自治县 is one lookup, not nine postings and three position shards. */
  function archiveNames(meta) {
    var names = new Set();
    meta.districts.forEach(function (entry) {
      [entry[0]].concat(entry[2]).forEach(function (name) { addNameUnits(names, name, meta); });
    });
    meta.tags.forEach(function (entry) { addNameUnits(names, entry[0], meta); });
    return names;
  }

  function addNameUnits(names, name, meta) {
    queryUnits(name, meta).forEach(function (u) { if (u.trigrams && u.trigrams.length) names.add(u.text); });
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
    return cachedJSON(chunks, k, "search/m/" + k + PACKED).then(function (part) {
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
    return cachedJSON(termFacets, number, "search/k/" + number + PACKED).then(function (part) {
      var decoded = part.decoded || (part.decoded = new Set());
      if (decoded.has(term.term)) return;
      decoded.add(term.term);
      decodeFacets(part[term.term], termDocs(term), meta);
    });
  }

  /* Dates, districts and tags of every matched document, from the smaller source: the chunks they fall in, or
     the facet list of the query's rarest term (every match contains it), by meta.cost. `groups`: lists
     of terms such that every match holds all terms of one list — one list, or one per form of a word with
     equivalents — and then the rarest term of each list. */
  function loadFacetsFor(docs, groups, meta) {
    var missing = [], wanted = new Set();
    docs.forEach(function (doc) {
      if (meta.day[doc] !== undefined) return;
      missing.push(doc);
      var k = Math.floor(doc / meta.chunk);
      if (!chunks.has(k)) wanted.add(k);
    });
    if (!missing.length) return Promise.resolve();
    if (missing.length <= meta.few) return fragmentFacets(missing, meta);  // a first page reads these anyway
    var rarests = [], few = [], cost = 0;
    groups.forEach(function (terms) {
      var rarest = null;
      terms.forEach(function (t) {
        t.size = Object.keys(t.fields).reduce(function (n, f) { return Math.max(n, t.fields[f].size); }, 0);
        if (!rarest || t.size < rarest.size) rarest = t;
      });
      if (!rarest || !rarest.size) return;  // a form no document holds: none of the matches
      var held = termDocs(rarest);
      if (held.length <= meta.few) { few = few.concat(held); return; }  // no facet list written (writer._few)
      rarests.push(rarest);
      cost += termFacets.has(fnv1a(rarest.term) % meta.kshards) ? 0 : meta.cost.k;
    });
    var useTerm = (rarests.length || few.length) && cost < wanted.size * meta.cost.m;
    if (useTerm) {
      return Promise.all(rarests.map(function (t) { return loadTermFacets(t, meta); }).concat(
        [fragmentFacets(few.filter(function (doc) { return meta.day[doc] === undefined; }), meta)]));
    }
    return Promise.all(Array.from(new Set(missing.map(function (doc) { return Math.floor(doc / meta.chunk); })),
      function (k) { return loadChunk(k, meta); }));
  }

  /* The documents a term occurs in, in any field, ascending (writer.term_documents); kept on the term, which
     loadFacetsFor and then loadTermFacets both ask of the rarest term (at 100,000 items, tens of thousands). */
  function termDocs(term) {
    if (term.docs) return term.docs;
    var docs = new Set();
    Object.keys(term.fields).forEach(function (field) {
      term.fields[field].forEach(function (_, doc) { docs.add(doc); });
    });
    return (term.docs = Array.from(docs).sort(function (a, b) { return a - b; }));
  }

  /* Facets of a few documents from their fragments (each carries its own facet table). */
  function fragmentFacets(docs, meta) {
    return Promise.all(docs.map(function (doc) {
      return loadFragment(doc).then(function (f) {
        if (meta.day[doc] === undefined) decodeFacets(f.f, [doc], meta);
      });
    }));
  }

  /* Fetch the parts of the traditional → simplified map that the characters of `text` fall in. */
  function ensureFold(text, meta) {
    var wanted = [];
    for (var ch of String(text)) {
      var code = ch.codePointAt(0);
      if (code < 0x3400) continue;
      var part = code % meta.folds;
      wanted.push(cachedJSON(meta.foldParts, part, "search/fold/" + part + PACKED).then(function (map) {
        Object.assign(meta.foldMap, map);
      }));
    }
    return Promise.all(wanted);
  }

  /* search-text.js's functions with the folding map of this page's index. */
  function fold(value, meta) { return textLib.fold(value, meta && meta.foldMap); }
  function queryUnits(q, meta) { return textLib.queryUnits(q, meta.foldMap); }
  function variantsOf(word, meta) { return textLib.variantsOf(word, meta.syn); }
  function highlight(value, units, meta, size) { return textLib.highlight(value, units, meta.foldMap, size); }

  function withVariants(units, meta) {
    units.forEach(function (u) { u.variants = variantsOf(u.text, meta).map(unitOf); });
    return units;
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
    return cachedJSON(shards, number, "search/s/" + number + PACKED).then(function (part) {
      arrived.set(number, part);
      return part;
    });
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
      return cachedJSON(places, number, "search/p/" + number + PACKED).then(function (part) {
        return { offset: tri.offset, fields: decoded(part, tri.text, decodePlaces) };
      });
    }));
  }

  /* A unit's postings and what checks its phrase. A frequent phrase of 3–4 characters has postings of its own,
     stored like a term (phrases.py): no bigram postings, no positions. Otherwise its bigrams, and trigram
     positions to check that they spell the phrase. */
  function loadUnit(unit, meta) {
    var phrase = unit.trigrams && unit.trigrams.length;
    var own = phrase && (meta.names.has(unit.text) || unit.text.length <= 4 && !knownRare(unit.text, meta))
      ? loadTerms([unit.text], meta) : Promise.resolve(null);
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

  /* The year of a day number, remembered: facets count thousands of matches and a Date each cost ~12 ms. */
  var years = new Map();
  function yearOf(day) {
    var year = years.get(day);
    if (year === undefined) years.set(day, year = isoDay(day).slice(0, 4));
    return year;
  }

  function idsFor(names, index, kind, meta) {
    var ids = new Set(), unknown = [];
    (names || []).forEach(function (name) {
      var id = index.get(fold(name, meta));
      if (id === undefined) unknown.push(name); else ids.add(id);
    });
    return { ids: ids, unknown: unknown, kind: kind };
  }

  /* A document's fragment: f/<doc>.json.gz, or with `fpack` documents to a file, item doc % fpack of
     f/<doc / fpack>.json.gz (writer.Layout). */
  function loadFragment(doc) {
    return loadMeta().then(function (meta) {
      var per = meta.fpack || 1, file = Math.floor(doc / per);
      return cachedJSON(fragments, file, "search/f/" + file + PACKED).then(function (part) {
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
    fetchJSON: function (path) { return cachedJSON(helpFiles, path, path); },
    packed: PACKED  // the suffix of the files fetchJSON inflates
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
    var limit = options.limit === undefined ? 10 : options.limit, offset = options.offset || 0;
    var order = options.sort === "date" ? byDate : byRank;
    var district = idsFor(options.districts, meta.districtId, "district", meta);
    var tag = idsFor(options.tags, meta.tagId, "tag", meta);
    var from = toDay(options.from), to = toDay(options.to);

    var bare = !units.length && !(options.districts || []).length && !(options.tags || []).length &&
      from === null && to === null;
    if (bare) return newest(meta, offset, limit, units, options);
    var matched = null, loaded = [], alike = [];
    if (units.length) {
      var postings = await Promise.all(units.map(function (u) {
        return Promise.all([u].concat(u.variants || []).map(function (form) { return loadUnit(form, meta); }));
      }));
      postings.forEach(function (forms) {
        var unit = forms[0];
        if (forms.length === 1) loaded = loaded.concat(unit.terms);  // every match holds each of these terms
        else if (!alike.length) alike = forms.map(function (f) { return f.terms; });  // …each match one form's
        var unitMatches = matchForms(forms.map(function (form) {
          return matchUnit(form.terms.map(function (t) { return t.fields; }), form.trigrams);
        }));
        matched = matched === null ? unitMatches : bothUnits(matched, unitMatches);
      });
    } else {  // no words, only filters: every document (the one case that reads every chunk)
      matched = new Map();
      for (var doc = 0; doc < meta.n; doc++) matched.set(doc, { score: 0, title: false });
    }
    var unfiltered = !district.ids.size && !district.unknown.length && !tag.ids.size && !tag.unknown.length &&
      from === null && to === null;
    if (unfiltered && options.totalOnly) return { total: matched.size };  // an alternative's count (alternatives)
    if (unfiltered && loaded.length === 1 && !alike.length && loaded[0].counts) {
      return counted(meta, matched, loaded[0].counts, offset, limit, units, district, tag, options, order);
    }
    var page = null;
    if (unfiltered) {  // no filter can change the page: ranked now, its fragments load while the facets do
      page = ranked(allHits(matched), offset + limit, order).slice(offset);
      page.forEach(function (h) { loadFragment(h.doc); });
    }
    await loadFacetsFor(Array.from(matched.keys()), loaded.length ? [loaded] : alike, meta);

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
