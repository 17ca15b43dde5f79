"""schema.org JSON-LD for every page: what a search engine or a sharing card reads about it.

An item is a NewsArticle (its date at the precision the archive knows it, the issuing office as author and
publisher, the issue it appeared in, its districts and topics); an issue a PublicationIssue of its series (a
Periodical); a district's or topic's page a CollectionPage about that place or term; the home page a WebSite; other
pages a WebPage. Plain data here; main.html writes it with `json_ld` (safe inside <script>).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup

from bulletin.archive.model import Issue, Item

CONTEXT = "https://schema.org"


def item_published(item: Item) -> str:
    """ISO 8601 at the date's precision: a day, or only the month (`month`: since that month; `issue`: 'recently',
    the month of the item's date)."""
    if item.date_precision in ("month", "issue"):
        return f"{item.date:%Y-%m}"
    return item.date.isoformat()


def _office(name: str) -> dict[str, Any]:
    return {"@type": "GovernmentOrganization", "name": name}


# An item's author and publisher are the same office: written out once as the author, with a blank node identifier
# (JSON-LD's own reference within one document, claiming nothing across pages), and the publisher refers to it —
# ~110 bytes of every item page. No `mainEntityOfPage`: it was the page's `url` again, and the page holds one article.
ISSUER = "_:issuer"


def _issue(issue: Issue, site: str) -> dict[str, Any]:
    return {"@type": "PublicationIssue", "name": issue.title, "issueNumber": str(issue.number),
            "datePublished": issue.published.isoformat(), "url": urljoin(site, issue.url),
            "isPartOf": {"@type": "Periodical", "name": issue.series}}


def _about(item: Item, site: str, districts: dict, tags: dict) -> list[dict[str, Any]]:
    about = [{"@type": "AdministrativeArea", "name": name, "url": urljoin(site, f"districts/{districts[name].slug}/")}
             for name in item.districts if name in districts]
    about += [{"@type": "DefinedTerm", "name": name, "url": urljoin(site, f"tags/{tags[name].slug}/")}
              for name in item.tags if name in tags]
    return about


def structured(bl: dict | None, page: Any, config: Any) -> dict[str, Any]:
    """The page's JSON-LD object (absolute URLs when site_url is set, else relative to the site root)."""
    site = config.site_url or "/"
    url = urljoin(site, page.url) if page is not None else site
    title = str(page.title) if page is not None and page.title else config.site_name
    data: dict[str, Any] = {"@context": CONTEXT, "inLanguage": "zh-CN"}
    if page is not None:  # the 404 page has no address of its own
        data["url"] = url
    bl = bl or {}
    item, issue = bl.get("item"), bl.get("issue")
    if item is not None and issue is not None:
        data.update({"@type": "NewsArticle", "headline": item.title, "datePublished": item_published(item),
                     "author": {"@id": ISSUER, **_office(issue.issuer)}, "publisher": {"@id": ISSUER},
                     "isPartOf": _issue(issue, site),
                     "about": _about(item, site, bl.get("districts", {}), bl.get("tags", {})),
                     "articleSection": item.section})
    elif issue is not None:
        data.update(_issue(issue, site))
        data.update({"url": url, "publisher": _office(issue.issuer)})
    elif bl.get("kind") == "district" and bl.get("district") is not None:
        data.update({"@type": "CollectionPage", "name": title,
                     "about": {"@type": "AdministrativeArea", "name": bl["district"].name}})
    elif bl.get("kind") == "tag" and bl.get("tag") is not None:
        data.update({"@type": "CollectionPage", "name": title,
                     "about": {"@type": "DefinedTerm", "name": bl["tag"].name}})
    elif page is not None and page.is_homepage:
        data.update({"@type": "WebSite", "name": config.site_name, "description": config.site_description or ""})
    else:
        data.update({"@type": "WebPage", "name": title})
    return data


def json_ld(data: dict[str, Any]) -> Markup:
    """JSON that cannot end its <script> element or open a comment: <, > and & as \\u escapes. No spaces after
    separators: it is read by crawlers, not people, and is on every page (~60 bytes of ~1.3 KB)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
