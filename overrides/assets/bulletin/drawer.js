/* The navigation drawer by keyboard. Below 76.25em (a phone, or a desktop at 200% zoom) Material's only
   navigation is a drawer opened by a <label> — not focusable — while the closed drawer's links still take Tab
   stops off-screen. Here a real <button> takes the label's place and its icon (a label may carry no role, so it
   cannot be made one): Enter / Space open the drawer, Escape closes it and returns focus; readers.css hides the
   closed drawer from Tab. */
(function () {
  "use strict";
  var toggle = document.getElementById("__drawer");
  var label = document.querySelector('.md-header label[for="__drawer"]');
  if (!toggle || !label) return;
  var button = document.createElement("button");
  button.type = "button";
  button.className = label.className + " bl-drawer-button";
  while (label.firstChild) button.appendChild(label.firstChild);
  label.parentNode.insertBefore(button, label);
  label.hidden = true;
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

  sync();
  button.addEventListener("click", function () {
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
