/* In <head>, before the first paint, on every page (partials/javascripts/base.html loads it where Material inlined
   its own script): Material's storage helpers and the reader's 大字 choice. Inline, they were ~0.5 KB of every page
   and a hash in every page's Content-Security-Policy; as a file they are one cached request.

   Material's helpers are its partials/javascripts/base.html, unchanged but for where the scope comes from: its
   inline script named the site root relative to the page ("../../.."); this file sits at assets/bulletin/ under
   that root, so the root is "../.." from this script's own address. A site that sets Material's `extra.scope`
   passes it in data-md-scope, resolved against the page as Material does. Its bundle (palette, clipboard, tabs)
   reads and writes its choices through these globals. */
var __md_script = document.currentScript,
  __md_scope_text = __md_script.getAttribute("data-md-scope");
__md_scope = __md_scope_text ? new URL(__md_scope_text, location) : new URL("../..", __md_script.src);
__md_hash = function (e) { return [...e].reduce(function (e, _) { return (e << 5) - e + _.charCodeAt(0); }, 0); };
__md_get = function (e, _ = localStorage, t = __md_scope) { return JSON.parse(_.getItem(t.pathname + "." + e)); };
__md_set = function (e, _, t = localStorage, a = __md_scope) {
  try { t.setItem(a.pathname + "." + e, JSON.stringify(_)); } catch (e) { /* storage full or refused */ }
};
/* 大字 (assets/bulletin/textsize.js wires the button): the page opens at the reader's size, with no jump. */
try {
  "large" === localStorage.getItem("bulletin.textsize") && document.documentElement.classList.add("bl-large");
} catch (e) { /* storage refused: the standard size */ }
