/* 渝环简报 search help: alternatives for a query that found nothing or very little. Loaded by search.js only
 * then, with the data it needs (search/suggest.json.gz, search/py/<n>.json.gz): nothing here is on a first query's path.
 *
 * Each alternative is a complete query {q, districts, tags, from, to} with its real total (run through the engine,
 * limit 0) and a Chinese label; one that would find nothing is never offered. Kinds, in the order shown:
 * dropping a filter; a typo corrected from the archive's own words (district and topic names and aliases,
 * keywords, frequent phrases and words), ranked like the staff checker's did-you-mean (archive/spelling.py):
 * toneless pinyin 0.6, characters 0.4, +0.15 when one contains the other, at least 0.55; Latin letters spelling a
 * district's or topic's pinyin (full, initials or its address) offered as that filter; fewer words.
 */
(function () {
  "use strict";

  var HAN_RUN = /^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$/;
  var LATIN = /^[a-z]+$/;
  var THRESHOLD = 0.55;
  var CORRECTIONS = 2;  // typo corrections tried, each a real search with shards of its own (a third cost the byte budget)
  var MARGIN = 0.1;  // corrections scoring this much below the best are not offered  // typo corrections tried (each a real search: shards of its own)
  var SHOWN = 6;

  function once(engine) {
    if (!engine.helpData) {
      engine.helpData = engine.fetchJSON("search/suggest" + engine.packed).then(function (data) {
        data.pinyin = {};
        data.parts = data.parts || 32;
        data.loaded = new Map();
        return data;
      });
      engine.helpData.catch(function () { engine.helpData = null; });
    }
    return engine.helpData;
  }

  /* The toneless readings of the characters of `text` (their parts of search/py/, fetched once each). */
  function ensurePinyin(text, data, engine) {
    var wanted = [];
    Array.from(text).forEach(function (ch) {
      var part = ch.codePointAt(0) % data.parts;
      if (!data.loaded.has(part)) {
        data.loaded.set(part, engine.fetchJSON("search/py/" + part + engine.packed).then(function (map) {
          Object.keys(map).forEach(function (k) { data.pinyin[k] = map[k].split("|"); });
        }).catch(function () { data.loaded.delete(part); }));
      }
      wanted.push(data.loaded.get(part));
    });
    return Promise.all(wanted);
  }

  /* 2·(longest common subsequence)/(both lengths): difflib's ratio on strings this short, near enough. */
  function ratio(a, b) {
    a = Array.from(a); b = Array.from(b);
    if (!a.length && !b.length) return 1;
    var previous = new Array(b.length + 1).fill(0);
    for (var i = 1; i <= a.length; i++) {
      var row = [0];
      for (var j = 1; j <= b.length; j++) {
        row.push(a[i - 1] === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], row[j - 1]));
      }
      previous = row;
    }
    return 2 * previous[b.length] / (a.length + b.length);
  }

  /* Words of the archive that `typed` (a Han run) may have been meant as, best first. */
  function corrections(typed, data) {
    var chars = Array.from(typed), scored = [];
    data.w.forEach(function (entry) {
      var word = entry[0], syllables = entry[1].split(" "), count = entry[2];
      if (!count || word === typed || !HAN_RUN.test(word)) return;
      var length = Array.from(word).length;  // a slip keeps the length or drops a suffix (沙坪坝 for 沙坪坝区):
      if (length < chars.length || length > chars.length + 2) return;  // a shorter word is not a correction
      // a character read several ways (重: zhong, chong) is read the way the candidate needs, if it can be
      var mine = chars.map(function (ch, i) {
        var readings = data.pinyin[ch] || [ch];
        return readings.indexOf(syllables[i]) >= 0 ? syllables[i] : readings[0];
      });
      var sounds = ratio(mine.join(" "), syllables.join(" ")), shape = ratio(typed, word);
      var contained = word.indexOf(typed) >= 0 || typed.indexOf(word) >= 0 ? 0.15 : 0;
      var score = Math.min(0.99, 0.6 * sounds + 0.4 * shape + contained);
      if (score >= THRESHOLD) scored.push({ word: word, score: score, count: count });
    });
    scored.sort(function (a, b) { return b.score - a.score || b.count - a.count || (a.word < b.word ? -1 : 1); });
    return scored.filter(function (c) { return c.score >= scored[0].score - MARGIN; });  // the near-best only
  }

  /* Districts and topics whose pinyin `typed` (Latin letters) spells: in full, by initials, or as its address. */
  function latinTargets(typed, data, meta) {
    var found = new Map();  // district or topic → the spelling typed, the most mentioned of those that match
    data.w.forEach(function (entry) {
      var kind = entry[3], target = entry[4];
      if (kind !== "d" && kind !== "t") return;
      var syllables = entry[1].split(" ");
      var list = kind === "d" ? meta.districts : meta.tags, name = list[target][0];
      var spellings = [syllables.join(""), syllables.map(function (s) { return s[0]; }).join(""),
                       list[target][1].replace(/-/g, "")];
      if (spellings.indexOf(typed) < 0) return;
      var key = kind + name, have = found.get(key);
      if (!have || entry[2] > have.count) found.set(key, { kind: kind, name: name, word: entry[0], count: entry[2] });
    });
    return Array.from(found.values());
  }

  function query(base, change) {
    return Object.assign({ q: base.q, districts: base.districts.slice(), tags: base.tags.slice(),
                           from: base.from, to: base.to }, change);
  }

  function words(units, skip, replace) {
    return units.filter(function (u) { return u !== skip; }).map(function (u) {
      return u === replace.unit ? replace.word : u.text;
    }).join(" ");
  }

  async function alternatives(engine, options, result) {
    var meta = await engine.loadMeta();
    var base = { q: String(options.q || "").trim(), districts: (options.districts || []).slice(),
                 tags: (options.tags || []).slice(), from: options.from || "", to: options.to || "" };
    var units = engine.queryUnits(base.q, meta), tries = [];
    var filters = base.districts.length + base.tags.length + (base.from || base.to ? 1 : 0);
    base.districts.forEach(function (d) {
      tries.push({ query: query(base, { districts: base.districts.filter(function (x) { return x !== d; }) }),
                   label: function (n) { return "去掉“" + d + "”筛选可找到 " + n + " 条"; } });
    });
    base.tags.forEach(function (t) {
      tries.push({ query: query(base, { tags: base.tags.filter(function (x) { return x !== t; }) }),
                   label: function (n) { return "去掉“" + t + "”筛选可找到 " + n + " 条"; } });
    });
    if (base.from || base.to) {
      tries.push({ query: query(base, { from: "", to: "" }),
                   label: function (n) { return "去掉日期范围可找到 " + n + " 条"; } });
    }
    if (filters > 1 && units.length) {
      tries.push({ query: query(base, { districts: [], tags: [], from: "", to: "" }),
                   label: function (n) { return "去掉全部筛选可找到 " + n + " 条"; } });
    }
    var latin = units.filter(function (u) { return LATIN.test(u.text) && u.text.length >= 2; });
    var han = result.total ? [] : units.filter(function (u) {
      var n = Array.from(u.text).length;
      return HAN_RUN.test(u.text) && n >= 2 && n <= 12;
    });
    if (latin.length || han.length) {
      var data = await once(engine);
      await ensurePinyin(han.map(function (u) { return u.text; }).join(""), data, engine);
      var fixes = [];
      han.forEach(function (u) {
        corrections(u.text, data).slice(0, CORRECTIONS).forEach(function (c) { fixes.push({ unit: u, fix: c }); });
      });
      fixes.sort(function (a, b) { return b.fix.score - a.fix.score || b.fix.count - a.fix.count; });
      fixes.slice(0, CORRECTIONS).forEach(function (f) {
        var q = words(units, null, { unit: f.unit, word: f.fix.word });
        // the word alone, no filter, no equivalent: its count in suggest.json is what the search finds (the
        // writer counts it as the engine matches), and its postings need not be fetched just to count them
        var alone = units.length === 1 && !filters &&
          (options.expand === false || !engine.variantsOf(f.fix.word, meta).length);
        tries.push({ query: query(base, { q: q }), total: alone ? f.fix.count : undefined,
                     label: function (n) { return "你是不是要找“" + q + "”（" + n + " 条）"; } });
      });
      latin.forEach(function (u) {
        latinTargets(u.text, data, meta).forEach(function (t) {
          var rest = words(units, u, {}), key = t.kind === "d" ? "districts" : "tags";
          var change = { q: rest };
          change[key] = base[key].indexOf(t.name) >= 0 ? base[key] : base[key].concat([t.name]);
          var alone = !rest && !filters;  // the filter alone: its count is in meta.json, no chunk to read
          tries.push({ query: query(base, change),
                       total: alone ? (meta.all[t.kind === "d" ? "district" : "tag"][t.name] || 0) : undefined,
                       label: function (n) {
                         return "只看" + (t.kind === "d" ? "区县" : "专题") + "“" + t.name + "”" +
                           (rest ? "中的“" + rest + "”" : "") + "（" + n + " 条）";
                       } });
          if (t.count) {  // the name as words too: items that mention it without being filed under it
            var q = words(units, null, { unit: u, word: t.word });
            tries.push({ query: query(base, { q: q }),
                         label: function (n) { return "你是不是要找“" + q + "”（" + n + " 条）"; } });
          }
        });
      });
    }
    if (!result.total && units.length > 1) {
      units.forEach(function (u) {
        var rest = words(units, u, {});
        tries.push({ query: query(base, { q: rest }), label: function (n) { return "只搜“" + rest + "”可找到 " + n + " 条"; } });
      });
    }
    var seen = new Set([JSON.stringify(base)]);
    tries = tries.filter(function (t) {
      var key = JSON.stringify(t.query);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    var totals = await Promise.all(tries.map(function (t) {
      if (t.total !== undefined) return t.total;
      return engine.search(Object.assign({}, t.query, { limit: 0, alternatives: false, totalOnly: true,
                                                        expand: options.expand, sort: options.sort }))
        .then(function (r) { return r.total; });
    }));
    var out = [];
    tries.forEach(function (t, i) {
      if (totals[i] > 0 && out.length < SHOWN) out.push(Object.assign({}, t.query, { total: totals[i], label: t.label(totals[i]) }));
    });
    return out;
  }

  window.bulletinSearchHelp = alternatives;
})();
