/* 朗读: an item page read aloud by the browser's own speech (Web Speech API), in a Chinese voice when the device
   has one. No recording leaves the device and no service is called. The button stays hidden where the browser
   has no speechSynthesis. Paragraph by paragraph: one long utterance is cut off after some seconds in Chromium. */
(function () {
  "use strict";
  var button = document.querySelector("[data-bl-speak]");
  var speech = window.speechSynthesis;
  if (!button || !speech || typeof window.SpeechSynthesisUtterance !== "function") return;
  var article = document.querySelector(".bl-article");
  var speaking = false;

  function voice() {
    var voices = speech.getVoices() || [];
    var lang = function (v) { return (v.lang || "").replace("_", "-").toLowerCase(); };
    var exact = Array.prototype.filter.call(voices, function (v) { return lang(v) === "zh-cn"; });
    var any = Array.prototype.filter.call(voices, function (v) { return lang(v).indexOf("zh") === 0; });
    return exact[0] || any[0] || null;
  }

  function parts() {
    var found = [];
    var nodes = article.querySelectorAll("h1, .bl-article__meta time, .bl-article__body p, .bl-article__body li, " +
                                         ".bl-article__body h2, .bl-article__body h3, .bl-article__source");
    Array.prototype.forEach.call(nodes, function (node) {
      var text = node.textContent.replace(/\s+/g, " ").trim();
      if (text) found.push(text);
    });
    return found;
  }

  function show(on) {
    speaking = on;
    button.setAttribute("aria-pressed", on ? "true" : "false");
    button.textContent = on ? "停止朗读" : "朗读";
  }

  function start() {
    var chosen = voice();
    var texts = parts();
    speech.cancel();
    show(true);
    texts.forEach(function (text, i) {
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = "zh-CN";
      if (chosen) utterance.voice = chosen;
      utterance.rate = 0.9;  /* a little slower than the default: easier to follow */
      if (i === texts.length - 1) utterance.onend = function () { show(false); };
      utterance.onerror = function () { show(false); };
      speech.speak(utterance);
    });
  }

  speech.getVoices();  /* Chromium lists its voices only after a first call: ready by the time of a click */
  button.hidden = false;
  button.addEventListener("click", function () {
    if (speaking) { speech.cancel(); show(false); } else { start(); }
  });
  window.addEventListener("pagehide", function () { speech.cancel(); });
})();
