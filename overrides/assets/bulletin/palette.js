/* Material's colour scheme restorer (its partials/javascripts/palette.html, unchanged), loaded in the header right
   after the scheme switch's inputs, as Material inlined it: it runs before the page below is parsed, so a page
   opens in the reader's stored scheme (浅色 / 深色 / 高对比). Inline it was ~0.6 KB of every page and a hash in
   every page's Content-Security-Policy. Needs head.js's __md_get. */
var palette = __md_get("__palette");
if (palette && palette.color) {
  if ("(prefers-color-scheme)" === palette.color.media) {
    var media = matchMedia("(prefers-color-scheme: light)"),
      input = document.querySelector(media.matches
        ? "[data-md-color-media='(prefers-color-scheme: light)']"
        : "[data-md-color-media='(prefers-color-scheme: dark)']");
    palette.color.media = input.getAttribute("data-md-color-media");
    palette.color.scheme = input.getAttribute("data-md-color-scheme");
    palette.color.primary = input.getAttribute("data-md-color-primary");
    palette.color.accent = input.getAttribute("data-md-color-accent");
  }
  for (var [key, value] of Object.entries(palette.color)) document.body.setAttribute("data-md-color-" + key, value);
}
