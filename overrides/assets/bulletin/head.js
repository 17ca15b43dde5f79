/* In <head>, before the first paint, on every page (partials/javascripts/base.html loads it where Material inlined
   its own script): Material's storage helpers, the reader's colour scheme and the reader's 大字 choice. Inline,
   Material's two scripts and ours were ~1.1 KB of every page and three hashes in every page's
   Content-Security-Policy; as a file they are one cached request.

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

/* The stored colour scheme (浅色 / 深色 / 高对比), Material's partials/javascripts/palette.html: it sets the scheme
   on <body>, which Material's inline script found right after the scheme switch in the header. A file loaded there
   would let the browser paint the header in the default scheme while it is fetched (Chromium does: a file held
   back 2 s, the first paint came at 0.23 s), so it runs from here, as soon as the parser has inserted what it
   needs — a mutation observer's callback runs before the browser may render again. It needs <body>, and for an
   automatic light/dark entry ("(prefers-color-scheme)") the switch's inputs, whose attributes it copies. */
(function () {
  var palette;
  try { palette = __md_get("__palette"); } catch (e) { return; }
  if (!palette || !palette.color) return;
  var automatic = "(prefers-color-scheme)" === palette.color.media;

  function apply() {
    if (!document.body) return false;
    if (automatic) {
      var media = matchMedia("(prefers-color-scheme: light)"),
        input = document.querySelector(media.matches
          ? "[data-md-color-media='(prefers-color-scheme: light)']"
          : "[data-md-color-media='(prefers-color-scheme: dark)']");
      if (!input) return false;
      palette.color.media = input.getAttribute("data-md-color-media");
      palette.color.scheme = input.getAttribute("data-md-color-scheme");
      palette.color.primary = input.getAttribute("data-md-color-primary");
      palette.color.accent = input.getAttribute("data-md-color-accent");
    }
    for (var [key, value] of Object.entries(palette.color)) document.body.setAttribute("data-md-color-" + key, value);
    return true;
  }

  if (apply()) return;
  var observer = new MutationObserver(function () { if (apply()) observer.disconnect(); });
  observer.observe(document.documentElement, { childList: true, subtree: automatic });
  document.addEventListener("DOMContentLoaded", function () { observer.disconnect(); });
})();
