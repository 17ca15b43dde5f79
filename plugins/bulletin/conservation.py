"""Nothing lost: prove every item reached its page, its listings and the search index, or fail naming it."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from mkdocs.exceptions import PluginError

from .model import Archive
from .pages import PageSpec

HREF = re.compile(r'href="([^"#?]+)')


def _links(site: Path, url: str) -> set[str]:
    """Site-root-relative URLs linked from the built page at `url`."""
    page = site / url / "index.html"
    if not page.exists():
        return set()
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


def check_conservation(archive: Archive, pages: dict[str, PageSpec], site: Path, search) -> int:
    """Each item: one page, listed in its issue, every district, tag and month; one index document and fragment."""
    listed: dict[str, set[str]] = defaultdict(set)
    for spec in pages.values():
        if spec.template in ("bulletin/listing.html", "bulletin/issue.html"):
            listed[spec.context.get("kind", "issue")] |= _links(site, spec.url)
    missing = []
    documents = set(search.documents)
    for item in archive.items:
        checks = {
            "page": (site / item.url / "index.html").exists(),
            "issue page": item.url in listed["issue"],
            "district listing": item.url in listed["district"],
            "tag listing": not item.tags or item.url in listed["tag"],
            "month listing": item.url in listed["month"],
            "search index": item.key in documents,
            "search fragment": item.key in search.fragments,
        }
        missing += [f"{item.path}: {what} missing" for what, ok in checks.items() if not ok]
    if missing:
        raise PluginError("bulletin: items did not reach every output:\n" + "\n".join(missing))
    return len(archive.items)
