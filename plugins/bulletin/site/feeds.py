"""Atom feeds (feedgen): the whole archive, every district, every tag, every series. Stable ids, item dates.

Each feed holds the newest `limit` items. Entry ids are permalinks (host-free tag URIs when no `site_url` is
set). Every entry and every feed names its author, the issuing office (the W3C feed validator's MissingElement
otherwise). `published`/`updated` are the day the office issued the bulletin (issue.yml `published`), the day the
entry appeared: the item's own date is the day of the event, often known only to the month. Atom needs a time of
day, which no bulletin gives; the seconds after midnight (Chongqing time) number that day's items in bulletin
order, so no two entries of a feed share an `updated` (the validator's DuplicateUpdated) and readers that sort by it
keep the bulletin's order. All derived from the archive: two builds of it write the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from feedgen.feed import FeedGenerator

from bulletin.archive.model import Archive, Item
from bulletin.cache import Memo, PageCache, fingerprint
from bulletin.messages import zh
from bulletin.site.publishing import feed_base, feed_id
from bulletin.site.taxonomy import Taxonomy, newest_first

CHONGQING = dt.timezone(dt.timedelta(hours=8))


@dataclass
class FeedSpec:
    path: str  # relative to the site root, e.g. feeds/districts/shapingba.xml
    title: str
    page: str  # the listing page the feed follows
    items: list[Item] = field(default_factory=list)
    stamps: list[dt.datetime] = field(default_factory=list)  # each item's published/updated instant
    authors: list[str] = field(default_factory=list)  # each item's issuing office
    offices: tuple[str, ...] = ()  # the feed's author(s): its items' offices, else every office in the archive


def feed_specs(archive: Archive, tax: Taxonomy, limit: int = 50) -> list[FeedSpec]:
    specs = _feed_lists(archive, tax, limit)
    issues = {issue.id: issue for issue in archive.issues}
    stamps = publication_stamps(archive)
    every_office = tuple(sorted({issue.issuer for issue in archive.issues}))
    for spec in specs:
        spec.stamps = [stamps[item.key] for item in spec.items]
        spec.authors = [issues[item.issue_id].issuer for item in spec.items]
        spec.offices = tuple(sorted(set(spec.authors))) or every_office
    return specs


def publication_stamps(archive: Archive) -> dict[str, dt.datetime]:
    """Each item's instant of publication: its issue's `published` day, plus one second per item published
    before it that day (issues in id order, items in bulletin order), so every instant is distinct."""
    stamps: dict[str, dt.datetime] = {}
    seen: dict[dt.date, int] = {}
    for issue in sorted(archive.issues, key=lambda i: i.id):
        for item in sorted(issue.items, key=lambda i: i.order):
            n = seen.get(issue.published, 0)
            seen[issue.published] = n + 1
            stamps[item.key] = _midnight(issue.published) + dt.timedelta(seconds=n)
    return stamps


def _feed_lists(archive: Archive, tax: Taxonomy, limit: int) -> list[FeedSpec]:
    specs = [FeedSpec("feeds/all.xml", zh("feed_all"), "", tax.latest[:limit])]
    for series in sorted({issue.series for issue in archive.issues}):
        items = newest_first(i for issue in archive.issues if issue.series == series for i in issue.items)
        path = f"feeds/series/{series_slug(archive, series)}.xml"
        specs.append(FeedSpec(path, series, "issues/", items[:limit]))
    for district in archive.districts:
        specs.append(FeedSpec(f"feeds/districts/{district.slug}.xml", zh("feed_of", name=district.name),
                              f"districts/{district.slug}/", tax.by_district.get(district.name, [])[:limit]))
    for tag in archive.tags:
        specs.append(FeedSpec(f"feeds/tags/{tag.slug}.xml", zh("feed_of", name=tag.name), f"tags/{tag.slug}/",
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
    fg.generator(zh("feed_generator"))
    for office in spec.offices:
        fg.author(name=office)
    fg.updated(max(spec.stamps) if spec.stamps else _midnight(dt.date(2000, 1, 1)))
    for item, stamp, office in reversed(list(zip(spec.items, spec.stamps, spec.authors, strict=True))):
        entry = fg.add_entry()  # feedgen prepends: add oldest first to keep newest on top
        entry.id(feed_id(site_url, item.url))
        entry.title(item.title)
        entry.author(name=office)
        entry.link(href=base + item.url)
        entry.updated(stamp)
        entry.published(stamp)
        entry.content(item.text, type="text")
        for name in (*item.districts, *item.tags):
            entry.category(term=name)
    return fg.atom_str(pretty=True)


def write_feeds(archive: Archive, tax: Taxonomy, site: Path, site_url: str | None, cache: PageCache | None = None,
                memo: Memo | None = None) -> list[FeedSpec]:
    """Write every feed; with the preview's `cache` (feed path → fingerprint of its items and the site URL, and
    its bytes), only the feeds whose items changed are rendered again."""
    specs = feed_specs(archive, tax)
    memo = memo if memo is not None else Memo()  # an item is in several feeds: digested once
    for spec in specs:
        path = Path(site) / spec.path
        key = fingerprint((spec, site_url), memo)
        data = cache.get(spec.path, key) if cache is not None else None
        if data is None or not path.exists():
            data = render_feed(spec, site_url)
            if cache is not None:
                cache.put(spec.path, key, data)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    return specs


def feed_files(specs: list[FeedSpec]) -> list[str]:
    """Every file `write_feeds` writes for `specs`, relative to the site (what a preview rebuild must delete when a
    fresh build would no longer write it)."""
    return [spec.path for spec in specs]
