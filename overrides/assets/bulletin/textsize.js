/* 标准 / 大字: one header button switches the whole site's text between the standard size and a larger one
   (html.bl-large in readers.css scales Material's rem-based type and spacing by 1.25), remembered in
   localStorage so every later page opens at the reader's size. assets/bulletin/head.js restores it before the first
   paint; this module only wires the button, which stays hidden where it cannot work. */
(function () {
  "use strict";
  var KEY = "bulletin.textsize";
  var button = document.querySelector("[data-bl-textsize]");
  if (!button) return;
  var root = document.documentElement;

  function show(large) {
    root.classList.toggle("bl-large", large);
    button.setAttribute("aria-pressed", large ? "true" : "false");
    button.title = large ? "恢复标准字号" : "切换大字显示";
  }

  function remember(large) {
    try { localStorage.setItem(KEY, large ? "large" : "standard"); } catch (e) { /* private mode: this page only */ }
  }

  show(root.classList.contains("bl-large"));
  button.hidden = false;
  button.addEventListener("click", function () {
    var large = !root.classList.contains("bl-large");
    show(large);
    remember(large);
  });
})();
