"""Nothing lost: prove every item reached its page, its listings and the search index, or fail naming it."""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path

from bulletin.archive.model import Archive
from bulletin.cache import FileCache
from bulletin.engine import PluginError
from bulletin.messages import msg
from bulletin.site.pages import PageSpec

HREF = re.compile(r'href="([^"#?]+)')
FEED_ID = re.compile(r"<id>(?:https?://[^/<]+)?/?([^<]*)</id>")


def _links(site: Path, url: str, cache: FileCache | None) -> set[str]:
    """Site-root-relative URLs linked from the built page at `url`; with the preview's `cache` (keyed by the page
    file's size and time), a dirty rebuild rereads only the pages it wrote."""
    page = site / url / "index.html"
    if not page.exists():
        return set()
    found = cache.get(page, url) if cache is not None else None
    if found is None:
        found = _read_links(page, url)
        if cache is not None:
            cache.put(page, found, url)
    return found


def _read_links(page: Path, url: str) -> set[str]:
    base = url.rstrip("/").split("/") if url else []
    found = set()
    for href in HREF.findall(page.read_text(encoding="utf-8")):
        if "://" in href or href.startswith(("/", "mailto:")):
            continue
        parts = list(base)
        for segment in href.split("/"):
            if segment == "..":
                parts = parts[:-1]
            elif segment not in (".", ""):
                parts.append(segment)
        found.add("/".join(parts) + ("/" if href.endswith("/") else ""))
    return found


def _feed_entries(site: Path, feeds) -> dict[str, set[str]]:
    """Entry ids read back from each written feed, as site-relative item URLs."""
    found = {}
    for spec in feeds:
        text = (site / spec.path).read_text(encoding="utf-8")
        found[spec.path] = set(FEED_ID.findall(text))
    return found


def check_conservation(archive: Archive, pages: dict[str, PageSpec], site: Path, search, feeds,
                       originals: set[str] | None = None, links: FileCache | None = None) -> int:
    """Each item: one page, listed in its issue, every district, tag and month; one index document and fragment;
    an entry in every feed it belongs to (feeds hold each listing's newest items). Each issue's original (those
    in `originals`, the site paths the plugin copied; all when None): in the site, whole, linked from its page.
    `links`: the preview's cache of links read back from pages."""
    listed: dict[str, set[str]] = defaultdict(set)
    for spec in pages.values():
        if spec.template in ("bulletin/listing.html", "bulletin/issue.html"):
            listed[spec.context.get("kind", "issue")] |= _links(site, spec.url, links)
    missing = []
    documents = set(search.documents) if search is not None else set()
    root = str(site)
    for item in archive.items:
        checks = {
            "page": os.path.isfile(os.path.join(root, item.url, "index.html")),  # 10,000 stats: no Path objects
            "issue page": item.url in listed["issue"],
            "district listing": item.url in listed["district"],
            "tag listing": not item.tags or item.url in listed["tag"],
            "month listing": item.url in listed["month"],
            "search index": search is None or item.key in documents,  # None: still being written (serve)
            "search fragment": search is None or item.key in search.fragments,
        }
        missing += [f"{item.path}: {what} missing" for what, ok in checks.items() if not ok]
    for issue in archive.issues:  # the circulated file: in the site, whole, and offered on the issue page
        if issue.original and (originals is None or issue.original_url in originals):
            copied = os.path.join(root, issue.original_url)
            if not os.path.isfile(copied) or os.path.getsize(copied) != issue.original.bytes:
                missing.append(f"{issue.url}issue.yml: original {issue.original.file} missing from the site")
            if issue.original_url not in listed["issue"]:
                missing.append(f"{issue.url}: link to original {issue.original.file} missing")
    entries = _feed_entries(site, feeds)
    for spec in feeds:
        lost = {item.url for item in spec.items} - {_tail(e) for e in entries[spec.path]}
        missing += [f"{spec.path}: entry for {url} missing" for url in sorted(lost)]
    if missing:
        raise PluginError(msg("not_conserved") + "\n" + "\n".join(missing))
    return len(archive.items)


def _tail(entry_id: str) -> str:
    """`archive/issues/2020-008/x/` (an id under a subpath) → `issues/2020-008/x/`."""
    marker = entry_id.find("issues/")
    return entry_id[marker:] if marker >= 0 else entry_id
