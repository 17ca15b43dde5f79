// What Decap draws that the editor's people should not meet, corrected as it appears on screen:
// - "发布，然后新建内容" and "发布，然后复制内容" are removed from the publish menu: after the first, Decap's form
//   still held the item just published and the next save rewrote it; a copy would share its 网址名.
//   New items are made with the ＋ button, which starts an empty form.
// - react-select names its remove buttons "Remove <value>" in English: they get Chinese names.
// - Decap hard-codes "Set date to now" as the 今天 button's name, English names for the list/grid switch, and " (可不填)" with half-width brackets.
// - react-select tells screen readers what happens in English ("option 沙坪坝区, selected.") and shows "No options":
//   its sentences are put in Chinese as they appear.
// - Backspace in an empty 区县/专题 box would silently drop the last chosen value: it does nothing there.
"use strict";
(function () {
  const GONE = ["发布，然后新建内容", "发布，然后复制内容"];
  const NAMES = { "Set date to now": "今天" }; // in case a field's label ever reaches Decap's English fallback
  const HALF = / ?\((可不填)\)/;

  const SPOKEN = [
    [/^(\d+) results? available(?: for search term (.*?))?\.?$/s,
      (m) => (m[1] === "0" ? "没有匹配的选项。" : `找到 ${m[1]} 项${m[2] ? `（“${m[2]}”）` : ""}。`)],
    [/^Use Up and Down.*$/s, () => "上下键挑选，回车选定，Esc 关闭列表。"],
    [/^Use left and right.*$/s, () => "左右键在已选的项之间切换。"],
    [/^option (.*), selected\.?$/s, (m) => `已选定：${m[1]}。`],
    [/^option (.*), deselected\.?$/s, (m) => `已移除：${m[1]}。`],
    [/^option (.*), removed\.?$/s, (m) => `已移除：${m[1]}。`],
    [/^options? (.*), (?:cleared|removed)\.?$/s, (m) => `已清除：${m[1]}。`],
    [/^option (.*) focused,(?: (\d+) of (\d+)\.)?.*$/s, (m) => `${m[1]}${m[2] ? `，第 ${m[2]} 项，共 ${m[3]} 项` : ""}。`],
    [/^value (.*) focused, (\d+) of (\d+)\..*$/s, (m) => `已选的 ${m[1]}，第 ${m[2]} 项，共 ${m[3]} 项。左右键切换。`],
    [/^Select is focused.*$/s, () => "输入文字筛选，按下键打开列表。"],
    [/^(.*) is focused, type to refine list.*$/s, (m) => `${m[1]}：输入文字筛选，按下键打开列表。`],
    [/^No options$/, () => "没有匹配的选项"],
  ];

  function speak(root) {
    for (const region of root.querySelectorAll('[aria-live], [class*="-NoOptionsMessage"], [class*="menu-notice"]')) {
      const walker = document.createTreeWalker(region, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const [pattern, say] of SPOKEN) {
          const match = pattern.exec(node.data.trim());
          if (match) {
            node.data = say(match);
            break;
          }
        }
      }
    }
  }

  function tidy(root) {
    speak(root);
    for (const item of root.querySelectorAll("[role=menuitem]")) {
      if (GONE.includes(item.textContent.trim())) item.remove();
    }
    for (const button of root.querySelectorAll('[aria-label^="Remove "]')) {
      button.setAttribute("aria-label", `移除“${button.getAttribute("aria-label").slice(7)}”`);
    }
    for (const [english, chinese] of Object.entries(NAMES)) {
      for (const element of root.querySelectorAll(`[aria-label="${english}"]`)) element.setAttribute("aria-label", chinese);
    }
    for (const control of root.querySelectorAll('[class*="-ControlContainer"][aria-label]')) {
      control.removeAttribute("aria-label"); // Decap names each field's box by its widget type ("string field")
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
