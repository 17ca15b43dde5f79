/* The navigation drawer by keyboard. Below 76.25em (a phone, or a desktop at 200% zoom) Material's only
   navigation is a drawer opened by a <label> — not focusable — while the closed drawer's links still take Tab
   stops off-screen. Here the label becomes a button (Enter / Space open it, Escape closes it and returns focus)
   and readers.css hides the closed drawer from Tab. */
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var button = document.querySelector('.md-header label[for="__drawer"]');
  if (!toggle || !button) return;
  var drawer = document.querySelector(".md-sidebar--primary");

  function sync() {
    button.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
    button.setAttribute("aria-label", toggle.checked ? "关闭导航菜单" : "打开导航菜单");
  }

  function focusWhenShown(link, frames) {  /* a hidden link takes no focus: wait for readers.css to show it */
    if (!link || !toggle.checked) return;
    if (getComputedStyle(link).visibility === "visible") { link.focus(); return; }
    if (frames > 0) requestAnimationFrame(function () { focusWhenShown(link, frames - 1); });
  }

  button.tabIndex = 0;
  button.setAttribute("role", "button");
  sync();
  button.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    event.preventDefault();
    toggle.checked = !toggle.checked;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
  });
  toggle.addEventListener("change", function () {
    sync();
    if (toggle.checked && drawer) focusWhenShown(drawer.querySelector(".md-nav__link[href]"), 30);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !toggle.checked) return;
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change", { bubbles: true }));
    button.focus();
  });
})();
