// A new item's 网址名 from its title, when none was typed, by the importer's rules (importer/infer.py make_slug):
// the district the title starts with gives its slug, the rest is cut into words as jieba cuts it (the most probable
// path through the dictionary's words) and each word spelled in pinyin as pypinyin spells it; at most five words.
// The build writes what jieba and pypinyin know into slugs.json (editor/slugtable.py), fetched on first use.
"use strict";
(function () {
  const LONGEST = 16; // slugtable.LONGEST
  let table = null;

  async function load() {
    if (!table) {
      const response = await fetch("slugs.json");
      if (!response.ok) throw new Error("网址名没能自动生成：请在“网址名”一栏填写，如 beibei-kaizhan-laji-fenlei");
      table = await response.json();
    }
    return table;
  }

  function route(text, t) {
    const n = text.length;
    const best = new Array(n + 1).fill(null);
    best[n] = [0, 0];
    for (let start = n - 1; start >= 0; start -= 1) {
      let top = null;
      for (let end = start; end < Math.min(n, start + LONGEST); end += 1) {
        const freq = t.words[text.slice(start, end + 1)];
        if (!freq && end > start) continue;
        const score = Math.log(freq || 1) - t.log_total + best[end + 1][0];
        if (!top || score > top[0] || (score === top[0] && end > top[1])) top = [score, end];
      }
      best[start] = top;
    }
    const cut = [];
    for (let start = 0; start < n; start = best[start][1] + 1) cut.push(text.slice(start, best[start][1] + 1));
    return cut;
  }

  function parts(word, t) {
    if (word.length < 4 || word.length % 2) return [word];
    const pieces = [];
    for (let k = 0; k < word.length; k += 2) pieces.push(word.slice(k, k + 2));
    return pieces.every((p) => t.words[p]) ? pieces : [word];
  }

  function spell(word, t) {
    return t.spelled[word] || [...word].map((c) => t.chars[c] || c).join("");
  }

  function make(title, t, taken) {
    const words = [];
    let rest = title;
    const district = t.districts.find(([spelling]) => title.startsWith(spelling));
    if (district) {
      words.push(district[1]);
      rest = title.slice(district[0].length);
    }
    for (const chunk of rest.match(/[\u4e00-\u9fff]+|[A-Za-z0-9]+/g) || []) {
      if (/^[A-Za-z0-9]+$/.test(chunk)) {
        words.push(chunk.toLowerCase());
        continue;
      }
      for (const word of route(chunk, t)) for (const part of parts(word, t)) words.push(spell(part, t));
    }
    const slug = words.slice(0, 5).filter(Boolean).map((w) => w.replace(/[^a-z0-9]/g, "")).join("-") || "item";
    let candidate = slug;
    for (let n = 2; taken.has(candidate); n += 1) candidate = `${slug}-${n}`;
    return candidate;
  }

  async function fromTitle(title, taken = new Set()) {
    return make(title, await load(), taken);
  }

  window.BulletinSlug = { fromTitle, make };
})();
