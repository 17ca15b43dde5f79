"""Sitemaps of at most 50,000 addresses each, as the sitemap protocol (sitemaps.org) requires.

MkDocs writes one `sitemap.xml` listing every page. An archive of about 43,000 items has more than 50,000 pages, and
search engines refuse a sitemap over the limit whole, so the archive would silently stop being indexed. Past the
limit the file is cut, in MkDocs's order and with MkDocs's own markup, into `sitemap-1.xml`, `sitemap-2.xml` …,
and `sitemap.xml` becomes their index (`<sitemapindex>`), at the address publishers already submitted. Each file
gets its `.gz`, as MkDocs gives its own.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from xml.etree import ElementTree

LIMIT = 50_000  # addresses per sitemap file (sitemaps.org; Google and Baidu apply it)
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
ENTRY = re.compile(rb"<url>.*?</url>\s*", re.S)
LASTMOD = re.compile(rb"<lastmod>([^<]*)</lastmod>")
PART = re.compile(r"sitemap-\d+\.xml(\.gz)?")


def split_sitemap(site: Path, site_url: str, limit: int | None = None) -> int:
    """Cut `site/sitemap.xml` into files of at most `limit` addresses under an index; return how many files (0: it
    fitted and is left as MkDocs wrote it). Parts an earlier build left are removed either way. `limit`: LIMIT
    unless given (read at the call, so a test can lower it for a whole build)."""
    limit = limit or LIMIT
    for stale in site.glob("sitemap-*.xml*"):
        if PART.fullmatch(stale.name):
            stale.unlink()
    path = site / "sitemap.xml"
    if not path.is_file():
        return 0
    data = path.read_bytes()
    if data.count(b"<url>") <= limit:  # every build, the preview's included: count, cut only past the limit
        return 0
    entries = ENTRY.findall(data)
    head, tail = data[:data.index(b"<url>")], b"</urlset>\n"
    parts = [entries[i:i + limit] for i in range(0, len(entries), limit)]
    for number, part in enumerate(parts, 1):
        _write(site / f"sitemap-{number}.xml", head + b"".join(part) + tail)
    _write(path, _index(site_url, parts))
    return len(parts)


def _index(site_url: str, parts: list[list[bytes]]) -> bytes:
    """The `<sitemapindex>`: each part's address and its newest page date."""
    root = ElementTree.Element("sitemapindex", xmlns=NAMESPACE)
    for number, part in enumerate(parts, 1):
        entry = ElementTree.SubElement(root, "sitemap")
        ElementTree.SubElement(entry, "loc").text = f"{site_url.rstrip('/')}/sitemap-{number}.xml"
        dates = [m.group(1) for e in part for m in [LASTMOD.search(e)] if m]
        if dates:
            ElementTree.SubElement(entry, "lastmod").text = max(dates).decode("utf-8")
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _write(path: Path, data: bytes) -> None:
    """The file and its `.gz` (mtime 0: the same archive gives the same bytes)."""
    path.write_bytes(data)
    path.with_name(path.name + ".gz").write_bytes(gzip.compress(data, 9, mtime=0))
