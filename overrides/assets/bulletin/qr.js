/* 手机扫码: a QR code of this page's address, drawn in the browser when the reader opens it (no build cost and
   no bytes on pages where nobody asks; decisions.md, "Item page QR code"). The encoder, qrcode-generator
   (MIT, vendor/), is fetched from the site on the first opening only; the code is drawn as one SVG path. */
(function () {
  "use strict";
  var box = document.querySelector("[data-bl-qr]");
  if (!box || !window.SVGElement) return;
  var target = box.querySelector("[data-bl-qr-code]");
  var SVG = "http://www.w3.org/2000/svg";
  var encoder = box.getAttribute("data-bl-qr-encoder");
  var drawn = false;

  function draw() {
    var address = location.href.split("#")[0];
    var code = window.qrcode(0, "M");
    code.addData(address, "Byte");
    code.make();
    var n = code.getModuleCount(), quiet = 4, path = [];
    for (var y = 0; y < n; y++) {
      for (var x = 0; x < n; x++) {
        if (!code.isDark(y, x)) continue;
        var run = 1;
        while (x + run < n && code.isDark(y, x + run)) run++;
        path.push("M" + (x + quiet) + " " + (y + quiet + 0.5) + "h" + run);
        x += run - 1;
      }
    }
    var size = n + 2 * quiet;
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("viewBox", "0 0 " + size + " " + size);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "本页网址的二维码：" + address);
    svg.setAttribute("class", "bl-qr__svg");
    var back = document.createElementNS(SVG, "rect");
    back.setAttribute("width", size);
    back.setAttribute("height", size);
    back.setAttribute("fill", "#fff");
    var dark = document.createElementNS(SVG, "path");
    dark.setAttribute("d", path.join(""));
    dark.setAttribute("stroke", "#000");
    dark.setAttribute("stroke-width", "1");
    dark.setAttribute("shape-rendering", "crispEdges");
    svg.appendChild(back);
    svg.appendChild(dark);
    target.textContent = "";
    target.appendChild(svg);
    drawn = true;
  }

  function load() {
    if (drawn) return;
    if (window.qrcode) { draw(); return; }
    target.textContent = "正在生成二维码…";
    var script = document.createElement("script");
    script.src = encoder;
    script.onload = draw;
    script.onerror = function () { target.textContent = "二维码没有生成（网络中断），请稍后再试"; };
    document.head.appendChild(script);
  }

  box.hidden = false;
  box.addEventListener("toggle", function () { if (box.open) load(); });
})();
