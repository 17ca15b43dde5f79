// What Decap draws that the editor's people should not meet, corrected as it appears on screen:
// - "发布，然后新建内容" and "发布，然后复制内容" are removed from the publish menu: after the first, Decap's form
//   still held the item just published and the next save rewrote it (issue 26); a copy would share its 网址名.
//   New items are made with the ＋ button, which starts an empty form.
// - react-select names its remove buttons "Remove <value>" in English: they get Chinese names.
// - Decap hard-codes "Set date to now" as the 今天 button's name, English names for the list/grid switch, and " (可不填)" with half-width brackets.
// - Backspace in an empty 区县/专题 box would silently drop the last chosen value: it does nothing there.
"use strict";
(function () {
  const GONE = ["发布，然后新建内容", "发布，然后复制内容"];
  const NAMES = { "Set date to now": "今天" }; // in case a field's label ever reaches Decap's English fallback
  const HALF = / ?\((可不填)\)/;

  function tidy(root) {
    for (const item of root.querySelectorAll("[role=menuitem]")) {
      if (GONE.includes(item.textContent.trim())) item.remove();
    }
    for (const button of root.querySelectorAll('[aria-label^="Remove "]')) {
      button.setAttribute("aria-label", `移除“${button.getAttribute("aria-label").slice(7)}”`);
    }
    for (const [english, chinese] of Object.entries(NAMES)) {
      for (const element of root.querySelectorAll(`[aria-label="${english}"]`)) element.setAttribute("aria-label", chinese);
    }
    for (const toggle of root.querySelectorAll("[role=switch]:not([aria-label])")) {
      toggle.setAttribute("aria-label", "切换排版与原文"); // the body's mode switch has no name of its own
    }
    for (const label of root.querySelectorAll("label")) {
      const walker = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (HALF.test(node.data)) node.data = node.data.replace(HALF, "（$1）");
      }
    }
  }

  function keepValuesOnBackspace(event) {
    const box = event.target;
    if (event.key !== "Backspace" || !(box instanceof HTMLInputElement) || box.value !== "") return;
    if (box.closest("[class*=-control]") && box.getAttribute("aria-autocomplete") === "list") {
      event.stopPropagation(); // react-select listens on its container: it never sees this key
    }
  }

  function start() {
    let queued = false; // at most once a frame: typing in the body must not wait on this
    const later = () => {
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => {
        queued = false;
        tidy(document.body);
      });
    };
    new MutationObserver(later).observe(document.body, { childList: true, subtree: true, characterData: true });
    document.addEventListener("keydown", keepValuesOnBackspace, true);
  }

  window.BulletinUI = { start };
})();
