/* Material's content script (its partials/javascripts/content.html, unchanged): opens the tab of a content tab set
   (pymdownx.tabbed) that the address names, and the tab a reader last chose (feature content.tabs.link). Loaded
   only where those can exist (partials/javascripts/content.html): this site's pages have no tab sets, and inline
   it was ~0.15 KB of every page and a hash in every page's Content-Security-Policy. */
var tabs = __md_get("__tabs");
if (Array.isArray(tabs)) e: for (var set of document.querySelectorAll(".tabbed-set")) {
  var labels = set.querySelector(".tabbed-labels");
  for (var tab of tabs) for (var label of labels.getElementsByTagName("label")) if (label.innerText.trim() === tab) {
    var input = document.getElementById(label.htmlFor);
    input.checked = !0;
    continue e;
  }
}
var target = document.getElementById(location.hash.slice(1));
target && target.name && (target.checked = target.name.startsWith("__tabbed_"));
