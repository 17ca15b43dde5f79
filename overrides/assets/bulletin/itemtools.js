/* 打印 and 复制链接 on an item page. Print opens the browser's dialog (readers.css has the print stylesheet);
   copy uses the Clipboard API, and where that is missing or refused (an http:// page, an old browser) selects
   the address in a text field with execCommand("copy"), and failing that leaves it selected for the reader to
   copy by hand. Both buttons stay hidden without this script. */
(function () {
  "use strict";
  var status = document.querySelector("[data-bl-tools-status]");
  var printButton = document.querySelector("[data-bl-print]");
  var copyButton = document.querySelector("[data-bl-copy]");
  var field = document.querySelector("[data-bl-link]");

  function say(text) { if (status) status.textContent = text; }

  if (printButton && typeof window.print === "function") {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }
  if (!copyButton || !field) return;
  var address = location.href.split("#")[0];

  function byHand() {
    field.value = address;
    field.hidden = false;
    field.focus();
    field.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    say(copied ? "已复制本页链接" : "请按 Ctrl+C（手机上长按）复制上面选中的链接");
  }

  copyButton.hidden = false;
  copyButton.addEventListener("click", function () {
    if (navigator.clipboard && typeof navigator.clipboard.writeText === "function") {
      navigator.clipboard.writeText(address).then(function () { say("已复制本页链接"); }, byHand);
    } else {
      byHand();
    }
  });
})();
