// What Decap draws that the editor's people should not meet, corrected as it appears on screen:
// - "发布，然后新建内容" and "发布，然后复制内容" are removed from the publish menu: after the first, Decap's form
//   still held the item just published and the next save rewrote it (issue 26); a copy would share its 网址名.
//   New items are made with the ＋ button, which starts an empty form.
// - react-select names its remove buttons "Remove <value>" in English: they get Chinese names.
// - Backspace in an empty 区县/专题 box would silently drop the last chosen value: it does nothing there.
"use strict";
(function () {
  const GONE = ["发布，然后新建内容", "发布，然后复制内容"];

  function tidy(root) {
    for (const item of root.querySelectorAll("[role=menuitem]")) {
      if (GONE.includes(item.textContent.trim())) item.remove();
    }
    for (const button of root.querySelectorAll('[aria-label^="Remove "]')) {
      button.setAttribute("aria-label", `移除“${button.getAttribute("aria-label").slice(7)}”`);
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
    new MutationObserver(() => tidy(document.body)).observe(document.body, { childList: true, subtree: true });
    document.addEventListener("keydown", keepValuesOnBackspace, true);
  }

  window.BulletinUI = { start };
})();
