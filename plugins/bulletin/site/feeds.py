"""Atom feeds (feedgen): the whole archive, every district, every tag, every series. Stable ids, item dates.

Each feed holds the newest `limit` items. Entry ids are permalinks (host-free tag URIs when no `site_url` is
set); `updated` is the item date, so two builds of the same archive write the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from feedgen.feed import FeedGenerator

from bulletin.archive.model import Archive, Item
from bulletin.cache import FEEDS, fingerprint
from bulletin.site.publishing import feed_base, feed_id
from bulletin.site.taxonomy import Taxonomy, newest_first

CHONGQING = dt.timezone(dt.timedelta(hours=8))
EMPTY_SITEMAP = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                 '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n')


@dataclass
class FeedSpec:
    path: str  # relative to the site root, e.g. feeds/districts/shapingba.xml
    title: str
    page: str  # the listing page the feed follows
    items: list[Item] = field(default_factory=list)


def feed_specs(archive: Archive, tax: Taxonomy, limit: int = 50) -> list[FeedSpec]:
    specs = [FeedSpec("feeds/all.xml", "渝环简报：全部动态", "", tax.latest[:limit])]
    for series in sorted({issue.series for issue in archive.issues}):
        items = newest_first(i for issue in archive.issues if issue.series == series for i in issue.items)
        path = f"feeds/series/{series_slug(archive, series)}.xml"
        specs.append(FeedSpec(path, series, "issues/", items[:limit]))
    for district in archive.districts:
        specs.append(FeedSpec(f"feeds/districts/{district.slug}.xml", f"渝环简报：{district.name}",
                              f"districts/{district.slug}/", tax.by_district.get(district.name, [])[:limit]))
    for tag in archive.tags:
        specs.append(FeedSpec(f"feeds/tags/{tag.slug}.xml", f"渝环简报：{tag.name}", f"tags/{tag.slug}/",
                              tax.by_tag.get(tag.name, [])[:limit]))
    return specs


def series_slug(archive: Archive, series: str) -> str:
    names = sorted({issue.series for issue in archive.issues})
    return f"series-{names.index(series) + 1}"


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=CHONGQING)


def render_feed(spec: FeedSpec, site_url: str | None) -> bytes:
    base = feed_base(site_url, spec.path)
    fg = FeedGenerator()
    fg.id(feed_id(site_url, spec.page))
    fg.title(spec.title)
    fg.link(href=base + spec.page, rel="alternate")
    fg.link(href=base + spec.path, rel="self")
    fg.language("zh-CN")
    fg.generator("渝环简报 Archive")
    fg.updated(_midnight(spec.items[0].date) if spec.items else _midnight(dt.date(2000, 1, 1)))
    for item in reversed(spec.items):  # feedgen prepends: add oldest first to keep newest on top
        entry = fg.add_entry()
        entry.id(feed_id(site_url, item.url))
        entry.title(item.title)
        entry.link(href=base + item.url)
        entry.updated(_midnight(item.date))
        entry.published(_midnight(item.date))
        entry.content(item.text, type="text")
        for name in (*item.districts, *item.tags):
            entry.category(term=name)
    return fg.atom_str(pretty=True)


def write_feeds(archive: Archive, tax: Taxonomy, site: Path, site_url: str | None) -> list[FeedSpec]:
    specs = feed_specs(archive, tax)
    folders = set()
    for spec in specs:
        path = Path(site) / spec.path
        key = fingerprint((spec, site_url))
        data = FEEDS.get(spec.path, key)  # a preview rebuild renders only the feeds whose items changed
        if data is None or not path.exists():
            data = render_feed(spec, site_url)
            FEEDS.put(spec.path, key, data)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        folders.add(path.parent)
    for folder in folders:
        # Material fetches sitemap.xml next to every <link rel=alternate> (for language switching):
        # an empty one keeps that request from failing.
        (folder / "sitemap.xml").write_text(EMPTY_SITEMAP, encoding="utf-8")
    return specs


def feed_files(specs: list[FeedSpec]) -> list[str]:
    """Every file `write_feeds` writes for `specs`, relative to the site: the feeds and their folders' sitemap.xml
    (what a preview rebuild must delete when a fresh build would no longer write it)."""
    paths = [spec.path for spec in specs]
    return paths + sorted({f"{path.rsplit('/', 1)[0]}/sitemap.xml" for path in paths})
