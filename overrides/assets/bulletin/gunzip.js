/* Search files are stored gzip-compressed, `<name>.json.gz` (writer.py): the host holds and uploads the bytes it
 * sends, not three times as many. The browser's own DecompressionStream inflates them; a browser without it
 * (Safari before 16.4 — WeChat on an older iPhone) gets pako's inflater (vendor/; MIT and Zlib), loaded
 * once, only there. A host that labels .gz files `Content-Encoding: gzip` has the browser inflate them on the
 * way: bytes that do not start with gzip's magic number are taken as they are.
 * Pure but for the two inflaters: tested under Node (tests/search_engine.test.cjs).
 */
(function (exports) {
  "use strict";

  function isGzip(bytes) {
    return bytes.length >= 18 && bytes[0] === 0x1f && bytes[1] === 0x8b;  // header 10 bytes, trailer 8
  }

  function inflateNatively(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
  }

  /* The bytes inflated, as a Promise of a Uint8Array. `loadFallback()` gives a Promise of pako (or anything with
     its `ungzip(bytes)`), asked for only where the browser has no DecompressionStream. */
  function gunzip(bytes, loadFallback) {
    if (!isGzip(bytes)) return Promise.resolve(bytes);
    if (typeof DecompressionStream === "function") return inflateNatively(bytes);
    return loadFallback().then(function (pako) { return pako.ungzip(bytes); });
  }

  function parseJSON(bytes) {
    return JSON.parse(new TextDecoder("utf-8").decode(bytes));
  }

  exports.isGzip = isGzip;
  exports.gunzip = gunzip;
  exports.parseJSON = parseJSON;
})(typeof module === "object" && module.exports ? module.exports : (window.bulletinGunzip = {}));
