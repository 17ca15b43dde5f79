/* The search page: state lives in the URL (?q=&district=&tag=&from=&to=&page=), rendered with DOM text
 * nodes only (never innerHTML), so archive text stays inert. Uses window.bulletinSearch. */
(function () {
  "use strict";

  // Ten a page: a phone shows four or five; each shown result costs its fragment on a first search
  // (docs/decisions.md, "A footprint that fits").
  var PAGE_SIZE = 10;
  var box = document.querySelector("[data-bl-search]");
  if (!box || !window.bulletinSearch) return;
  var form = box.querySelector("form");
  var input = box.querySelector("#bl-q");
  var fromInput = box.querySelector("#bl-from");
  var toInput = box.querySelector("#bl-to");
  var monthInput = box.querySelector("#bl-month");
  var status = box.querySelector(".bl-search__status");
  var help = box.querySelector(".bl-search__help");
  var sheet = box.querySelector("#bl-filters");
  var toggle = box.querySelector(".bl-search__filter-toggle");
  var badge = toggle.querySelector(".bl-badge");
  var activeList = box.querySelector(".bl-search__active");
  var wide = window.matchMedia("(min-width: 60em)");
  var facetsBox = box.querySelector(".bl-search__facets");
  var list = box.querySelector(".bl-search__results");
  var root = new URL(window.bulletinSearch.root);
  var sortButtons = Array.prototype.slice.call(box.querySelectorAll("[data-bl-sort]"));
  var reloadButton = box.querySelector(".bl-search__reload");
  reloadButton.addEventListener("click", function () { location.reload(); });
  var runId = 0;
  var debounce = null;

  /* Older engines (WeChat on older iPhones is the system WebKit): iOS < 14 has no Element.replaceChildren or
     MediaQueryList.addEventListener, iOS < 15.4 no <dialog> methods. Feature-detected stand-ins, no polyfill. */
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function onMediaChange(query, listener) {
    if (query.addEventListener) query.addEventListener("change", listener); else query.addListener(listener);
  }
  var nativeDialog = typeof sheet.showModal === "function" && typeof sheet.close === "function";
  var sheetModal = false;  // whether the sheet is open as a modal (kept here: no :modal in older engines)
  function openSheet(modal) {
    sheetModal = modal;
    if (nativeDialog) { if (modal) sheet.showModal(); else sheet.show(); return; }
    sheet.setAttribute("open", "");
    sheet.classList.toggle("bl-search__sheet--modal", modal);
    if (modal) {
      sheet.setAttribute("aria-modal", "true");
      var first = sheet.querySelector("button, input, summary, a[href]");
      if (first) first.focus();
    }
  }
  function closeSheet() {
    if (!sheet.open && !sheet.hasAttribute("open")) return;
    sheetModal = false;
    if (nativeDialog) { sheet.close(); return; }
    sheet.removeAttribute("open");
    sheet.removeAttribute("aria-modal");
    sheet.classList.remove("bl-search__sheet--modal");
    sheet.dispatchEvent(new Event("close"));
  }

  function readState() {
    var params = new URLSearchParams(location.search);
    return {
      q: params.get("q") || "",
      districts: params.getAll("district"),
      tags: params.getAll("tag"),
      from: params.get("from") || "",
      to: params.get("to") || "",
      page: Math.max(1, parseInt(params.get("page") || "1", 10) || 1),
      sort: params.get("sort") === "date" ? "date" : "relevance",
      exact: params.get("exact") === "1"
    };
  }

  function writeState(state, replace) {
    var url = urlOf(state);
    if (url !== location.pathname + location.search) {
      (replace ? history.replaceState : history.pushState).call(history, null, "", url);
    }
  }

  function urlOf(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    state.districts.forEach(function (d) { params.append("district", d); });
    state.tags.forEach(function (t) { params.append("tag", t); });
    if (state.from) params.set("from", state.from);
    if (state.to) params.set("to", state.to);
    if (state.sort === "date") params.set("sort", "date");
    if (state.exact) params.set("exact", "1");
    if (state.page > 1) params.set("page", String(state.page));
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function marked(text, marks) {
    var frag = document.createDocumentFragment(), at = 0;
    (marks || []).forEach(function (m) {
      frag.appendChild(document.createTextNode(text.slice(at, m[0])));
      frag.appendChild(el("mark", { text: text.slice(m[0], m[0] + m[1]) }));
      at = m[0] + m[1];
    });
    frag.appendChild(document.createTextNode(text.slice(at)));
    return frag;
  }

  function href(path) { return new URL(path, root).href; }

  function chip(kind, name, slug) {
    return el("a", { class: "bl-chip bl-chip--" + kind, href: href((kind === "district" ? "districts/" : "tags/") + slug + "/"), text: name });
  }

  /* `counts` and `slugs` are keyed by names from the archive: only their own entries count (`constructor` is a
     district name here, not Object). */
  function own(table, name) { return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined; }

  /* Names of equal count in pinyin order by their slugs (the build spells them in pinyin), not by
     `localeCompare(b, "zh")`: loading ICU's Chinese collation cost the search page ~25 ms of main thread (100 ms on
     Lighthouse's phone), a third of its blocking time. */
  function byPinyin(slugs) {
    return function (a, b) {
      var x = own(slugs, a) || a, y = own(slugs, b) || b;
      return x < y ? -1 : x > y ? 1 : 0;
    };
  }

  function facetGroup(title, kind, counts, selected, state, slugs) {
    var tie = byPinyin(slugs);
    var names = Object.keys(counts).sort(function (a, b) { return counts[b] - counts[a] || tie(a, b); });
    selected.forEach(function (name) { if (names.indexOf(name) < 0) names.unshift(name); });
    if (!names.length) return null;
    var group = el("fieldset", { class: "bl-facet" }, [el("legend", { text: title })]);
    names.forEach(function (name) {
      var id = "bl-f-" + kind + "-" + (own(slugs, name) || encodeURIComponent(name));
      var box = el("input", { type: "checkbox", id: id, value: name });
      box.checked = selected.indexOf(name) >= 0;
      box.addEventListener("change", function () {
        var next = readState(), key = kind === "district" ? "districts" : "tags";
        next[key] = box.checked ? next[key].concat([name]) : next[key].filter(function (n) { return n !== name; });
        next.page = 1;
        go(next);
      });
      group.appendChild(el("div", { class: "bl-facet__row" }, [
        box, el("label", { for: id }, [document.createTextNode(name + " "), el("span", { class: "bl-count", text: String(own(counts, name) || 0) })])
      ]));
    });
    return group;
  }

  function yearGroup(counts, state) {
    var years = Object.keys(counts).sort().reverse();
    if (!years.length) return null;
    var group = el("fieldset", { class: "bl-facet" }, [el("legend", { text: "年份" })]);
    years.forEach(function (year) {
      var active = state.from === year + "-01-01" && state.to === year + "-12-31";
      var button = el("button", { type: "button", class: "bl-facet__year" + (active ? " is-active" : ""), "aria-pressed": String(active) },
        [document.createTextNode(year + "年 "), el("span", { class: "bl-count", text: String(counts[year]) })]);
      button.addEventListener("click", function () {
        var next = readState();
        if (active) { next.from = ""; next.to = ""; } else { next.from = year + "-01-01"; next.to = year + "-12-31"; }
        next.page = 1;
        go(next);
      });
      group.appendChild(button);
    });
    return group;
  }

  /* A link to another search: a real address (it opens in a new tab too), followed here without a reload. */
  function searchLink(next, text) {
    var link = el("a", { href: urlOf(next), text: text });
    link.addEventListener("click", function (event) {
      if (event.button || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      go(next);
    });
    return link;
  }

  function browseLinks() {
    return el("p", {}, [document.createTextNode("也可以按"), el("a", { href: href("districts/"), text: "区县" }),
      document.createTextNode("、"), el("a", { href: href("tags/"), text: "专题" }), document.createTextNode("或"),
      el("a", { href: href("archive/"), text: "时间" }), document.createTextNode("浏览全部动态。")]);
  }

  /* Under the status: the equivalents searched too (and searching only what was typed), alternatives when little
     was found, and never a dead end — browsing by district, topic and time when nothing was. */
  function renderHelp(state, result) {
    clear(help);
    function also(entries) {
      var names = [];
      entries.forEach(function (e) { e.with.forEach(function (w) { if (names.indexOf(w) < 0) names.push(w); }); });
      return names.join("、");
    }
    if ((result.expanded || []).length) {
      help.appendChild(el("p", {}, [document.createTextNode("同时搜索了：" + also(result.expanded) + "。"),
        searchLink(Object.assign({}, state, { exact: true, page: 1 }), "只搜“" + state.q.trim() + "”")]));
    } else if (state.exact && (result.unexpanded || []).length) {
      help.appendChild(el("p", {}, [document.createTextNode("没有同时搜索：" + also(result.unexpanded) + "。"),
        searchLink(Object.assign({}, state, { exact: false, page: 1 }), "同时搜索同义词")]));
    }
    var alternatives = result.alternatives || [];
    if (alternatives.length) {
      var items = el("ul", { class: "bl-search__alternatives" });
      alternatives.forEach(function (a) {
        var next = { q: a.q, districts: a.districts, tags: a.tags, from: a.from, to: a.to, page: 1,
                     sort: state.sort, exact: state.exact };
        items.appendChild(el("li", {}, [searchLink(next, a.label)]));
      });
      help.appendChild(el("p", { text: result.total ? "结果不多，还可以试试：" : "可以试试：" }));
      help.appendChild(items);
    }
    if (!result.total) {
      if (!alternatives.length) {
        help.appendChild(el("p", { text: state.q.trim().split(/\s+/).length > 1 ? "试试减少关键词，或换一个说法。" : "试试换一个说法。" }));
      }
      help.appendChild(browseLinks());
    }
    help.hidden = !help.childNodes.length;
  }

  /* Filters: a sidebar on wide screens; on phones a sheet (a modal <dialog>: focus stays inside, Esc closes)
     opened by the 筛选 button, which shows how many filters are on. Active filters are chips above the results. */
  function layout() {
    var open = sheet.hasAttribute("open");
    if (wide.matches) {
      if (open && sheetModal) closeSheet();
      if (!sheet.hasAttribute("open")) openSheet(false);
    } else if (open && !sheetModal) {
      closeSheet();
    }
  }

  function iso(day) { return day.toISOString().slice(0, 10); }

  function dateLabel(state) {
    if (state.from && state.to && state.from.slice(0, 4) === state.to.slice(0, 4) && state.from.endsWith("-01-01") && state.to.endsWith("-12-31")) {
      return state.from.slice(0, 4) + "年";
    }
    if (state.from && state.to && state.from.slice(0, 7) === state.to.slice(0, 7) && state.from.endsWith("-01")) {
      return state.from.slice(0, 4) + "年" + parseInt(state.from.slice(5, 7), 10) + "月";
    }
    return (state.from ? state.from + " 起" : "") + (state.from && state.to ? "，" : "") + (state.to ? "至 " + state.to : "");
  }

  function renderActive(state) {
    clear(activeList);
    function add(label, change) {
      var button = el("button", { type: "button", class: "bl-active", "aria-label": "去掉筛选：" + label }, [
        document.createTextNode(label + " "), el("span", { "aria-hidden": "true", text: "×" })]);
      button.addEventListener("click", function () { var next = readState(); change(next); next.page = 1; go(next); });
      activeList.appendChild(el("li", {}, [button]));
    }
    state.districts.forEach(function (d) { add(d, function (s) { s.districts = s.districts.filter(function (x) { return x !== d; }); }); });
    state.tags.forEach(function (t) { add(t, function (s) { s.tags = s.tags.filter(function (x) { return x !== t; }); }); });
    if (state.from || state.to) add(dateLabel(state), function (s) { s.from = ""; s.to = ""; });
    var count = state.districts.length + state.tags.length + (state.from || state.to ? 1 : 0);
    badge.hidden = !count;
    badge.textContent = count ? String(count) : "";
    toggle.setAttribute("aria-label", count ? "筛选（已选 " + count + " 项）" : "筛选");
  }

  /* The site was rebuilt with another index format than this (cached) page's scripts read: reload once, which
     brings the scripts of the new build; if the page is still the old one (a cache that keeps it), say so and
     offer the reload. No results are shown meanwhile: the engine reads nothing from such an index. */
  function staleIndex(error) {
    var key = "bl-search-reloaded", reloaded = null;
    try { reloaded = sessionStorage.getItem(key); } catch (e) { reloaded = "unavailable"; }
    clear(list);
    clear(facetsBox);
    help.hidden = true;
    if (reloaded !== String(error.found)) {
      try { sessionStorage.setItem(key, String(error.found)); } catch (e) { /* then the message below */ }
      if (reloaded !== "unavailable") { location.reload(); return; }
    }
    status.textContent = status.getAttribute("data-bl-stale");
    reloadButton.hidden = false;
  }

  async function render() {
    var state = readState(), mine = ++runId;
    var focused = document.activeElement && document.activeElement.id;
    input.value = state.q;
    fromInput.value = state.from;
    toInput.value = state.to;
    monthInput.value = state.from && state.to && state.from.slice(0, 7) === state.to.slice(0, 7) ? state.from.slice(0, 7) : "";
    renderActive(state);
    sortButtons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.blSort === state.sort)); });
    document.title = (state.q ? state.q + " - " : "") + "搜索 - " + document.title.split(" - ").pop();
    status.textContent = "正在搜索…";
    var result, meta;
    try {
      meta = await window.bulletinSearch.ready();
      result = await window.bulletinSearch.search({
        q: state.q, districts: state.districts, tags: state.tags, from: state.from, to: state.to,
        limit: PAGE_SIZE, offset: (state.page - 1) * PAGE_SIZE, sort: state.sort, expand: !state.exact
      });
    } catch (error) {
      if (error.stale) return staleIndex(error);
      status.textContent = "搜索出错：" + error.message;
      return;
    }
    if (mine !== runId) return;
    var slugs = { district: Object.create(null), tag: Object.create(null) };
    meta.districts.forEach(function (d) { slugs.district[d[0]] = d[1]; });
    meta.tags.forEach(function (t) { slugs.tag[t[0]] = t[1]; });

    clear(facetsBox);
    [facetGroup("区县", "district", result.facets.district, state.districts, state, slugs.district),
     facetGroup("专题", "tag", result.facets.tag, state.tags, state, slugs.tag),
     yearGroup(result.facets.year, state)].forEach(function (g) { if (g) facetsBox.appendChild(g); });
    if (focused && sheet.contains(document.getElementById(focused))) document.getElementById(focused).focus();

    clear(list);
    result.results.forEach(function (r) {
      var chips = el("span", { class: "bl-chips" });
      r.districts.forEach(function (d) { chips.appendChild(chip("district", d, slugs.district[d])); });
      r.tags.forEach(function (t) { chips.appendChild(chip("tag", t, slugs.tag[t])); });
      list.appendChild(el("li", { class: "bl-item" }, [
        el("a", { class: "bl-item__title", href: href(r.url) }, [marked(r.title, r.titleHighlights)]),
        el("div", { class: "bl-item__meta" }, [el("time", { datetime: r.date, text: r.dateLabel }), document.createTextNode(" "), chips]),
        el("p", { class: "bl-item__excerpt" }, [marked(r.excerpt, r.highlights)])
      ]));
    });

    var parts = [];
    var suggestion = result.suggestions.district || result.suggestions.tag;
    renderHelp(state, result);
    if (!result.total) {
      status.textContent = "没有找到符合条件的动态。";
    } else {
      var first = (state.page - 1) * PAGE_SIZE + 1, last = first + result.results.length - 1;
      parts.push("找到 " + result.total + " 条动态" + (result.total > PAGE_SIZE ? "，显示第 " + first + "–" + last + " 条" : ""));
      status.textContent = parts.join("");
    }
    if (suggestion) {
      var kind = result.suggestions.district ? "district" : "tag";
      var selected = kind === "district" ? state.districts : state.tags;
      if (selected.indexOf(suggestion) < 0) {
        var link = el("button", { type: "button", class: "bl-suggest", text: "只看" + (kind === "district" ? "区县" : "专题") + "“" + suggestion + "”" });
        link.addEventListener("click", function () {
          var next = readState();
          next[kind === "district" ? "districts" : "tags"].push(suggestion);
          next.q = "";
          next.page = 1;
          go(next);
        });
        status.appendChild(document.createTextNode(" "));
        status.appendChild(link);
      }
    }
    renderPager(state, result.total);
  }

  function renderPager(state, total) {
    var old = box.querySelector(".bl-pager");
    if (old) old.remove();
    var pages = Math.ceil(total / PAGE_SIZE);
    if (pages < 2) return;
    var nav = el("nav", { class: "bl-pager", "aria-label": "分页" });
    function link(label, page, rel) {
      var button = el("button", { type: "button", text: label });
      if (rel) button.setAttribute("rel", rel);
      button.addEventListener("click", function () { var next = readState(); next.page = page; go(next); window.scrollTo(0, 0); });
      return button;
    }
    if (state.page > 1) nav.appendChild(link("上一页", state.page - 1, "prev"));
    nav.appendChild(el("span", { text: "第 " + state.page + " / " + pages + " 页" }));
    if (state.page < pages) nav.appendChild(link("下一页", state.page + 1, "next"));
    list.after(nav);
  }

  function go(state, replace) {
    writeState(state, replace);
    render();
  }

  function fromForm() {
    var state = readState();
    state.q = input.value.trim();
    state.from = fromInput.value;
    state.to = toInput.value;
    state.page = 1;
    return state;
  }

  /* An input method (pinyin, wubi, handwriting) composes before it commits: while it does, the box holds letters
     or a candidate not yet chosen, so nothing is searched and Enter (which commits the candidate) submits
     nothing; the committed text is searched once. */
  var composing = false;
  function typed() {
    clearTimeout(debounce);
    debounce = setTimeout(function () {
      var next = fromForm();
      if (next.q !== readState().q) go(next, true);  // committed text already searched: not again
    }, 30);
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!composing) go(fromForm());
  });
  input.addEventListener("compositionstart", function () { composing = true; clearTimeout(debounce); });
  input.addEventListener("compositionend", function () { composing = false; typed(); });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (composing || event.isComposing || event.keyCode === 229)) event.preventDefault();
  });
  input.addEventListener("input", function (event) {
    if (!composing && !event.isComposing) typed();
  });
  [fromInput, toInput].forEach(function (field) {
    field.addEventListener("change", function () { go(fromForm()); });
  });
  monthInput.addEventListener("change", function () {
    var next = readState(), value = monthInput.value;
    if (value) {
      var last = new Date(Date.UTC(+value.slice(0, 4), +value.slice(5, 7), 0));
      next.from = value + "-01";
      next.to = iso(last);
    } else { next.from = ""; next.to = ""; }
    next.page = 1;
    go(next);
  });
  box.querySelector("[data-bl-range=year-back]").addEventListener("click", function () {
    var next = readState(), day = new Date();
    day.setUTCFullYear(day.getUTCFullYear() - 1);
    next.from = iso(day);
    next.to = "";
    next.page = 1;
    go(next);
  });
  sortButtons.forEach(function (button) {
    button.addEventListener("click", function () {  // 相关度 / 最新: the same results, counts and facets, reordered
      var next = readState();
      if (next.sort === button.dataset.blSort) return;
      next.sort = button.dataset.blSort;
      next.page = 1;
      go(next);
    });
  });
  toggle.addEventListener("click", function () { openSheet(true); });
  box.querySelector(".bl-search__close").addEventListener("click", function () { closeSheet(); layout(); toggle.focus(); });
  sheet.addEventListener("close", function () { sheetModal = false; if (wide.matches) layout(); });
  sheet.addEventListener("keydown", function (event) {  // Esc closes the sheet (native modal dialogs do it themselves)
    if (!nativeDialog && sheetModal && event.key === "Escape") { closeSheet(); toggle.focus(); }
  });
  onMediaChange(wide, layout);
  window.addEventListener("popstate", render);
  render().then(layout, layout);  // the sidebar opens with its facets in it: nothing in it moves (layout shift)
})();
