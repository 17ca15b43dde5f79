"""Model → virtual pages: every generated page's address, title, template and the objects it renders."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any

from bulletin.archive.model import Archive, Item
from bulletin.messages import zh
from bulletin.site.filters import month_label
from bulletin.site.regions import map_tiles, region_groups
from bulletin.site.stats import compute_stats
from bulletin.site.taxonomy import Taxonomy


@dataclass
class PageSpec:
    src_uri: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    markdown: str = ""
    description: str = ""
    updated: str = ""  # the sitemap's lastmod: a date from the archive, never the build's clock

    @property
    def url(self) -> str:
        return self.src_uri.removesuffix("index.md")

    def source(self, sources: dict[tuple[str, str, str, str], str] | None = None) -> str:
        """Front matter as JSON (valid YAML, and far quicker to write than YAML for 10,000 pages). A preview passes
        `sources` (preview/state.py), remembered across rebuilds, where nearly every page's source is the last's."""
        key = (self.title, self.template, self.description, self.markdown)
        text = sources.get(key) if sources is not None else None
        if text is None:
            meta = {"title": html.escape(self.title), "template": self.template, "hide": ["navigation", "toc"]}
            if self.description:
                meta["description"] = html.escape(self.description)
            lines = "\n".join(f"{k}: {json.dumps(value, ensure_ascii=False)}" for k, value in meta.items())
            text = f"---\n{lines}\n---\n\n{self.markdown}\n"
            if sources is not None:
                if len(sources) > MAX_SOURCES:
                    sources.clear()
                sources[key] = text
        return text


MAX_SOURCES = 100_000


@dataclass
class Pager:
    number: int
    count: int
    urls: list[str]
    total: int

    @property
    def prev(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


def paginate(base: str, title: str, template: str, items: list[Item], size: int, **context) -> list[PageSpec]:
    """`base/index.md`, `base/page/2/index.md`, …: each page carries only its own slice (linear overall)."""
    chunks = [items[i: i + size] for i in range(0, len(items), size)] or [[]]
    year_counts: dict[int, int] = {}
    for item in items:
        year_counts[item.date.year] = year_counts.get(item.date.year, 0) + 1
    context = {**context, "year_counts": year_counts}
    uris = [f"{base}index.md" if n == 1 else f"{base}page/{n}/index.md" for n in range(1, len(chunks) + 1)]
    urls = [u.removesuffix("index.md") for u in uris]
    pages = []
    for n, (uri, chunk) in enumerate(zip(uris, chunks), 1):
        suffix = zh("page_number", number=n) if n > 1 else ""
        pager = Pager(n, len(chunks), urls, len(items))
        pages.append(PageSpec(uri, title + suffix, template, {**context, "items": chunk, "pager": pager},
                              updated=str(max((i.date for i in chunk), default=""))))
    return pages


def build_pages(archive: Archive, tax: Taxonomy, page_size: int) -> dict[str, PageSpec]:
    specs: list[PageSpec] = []
    for issue in archive.issues:
        specs.append(PageSpec(f"issues/{issue.id}/index.md", issue.title, "bulletin/issue.html", {"issue": issue},
                              updated=str(issue.published)))
        for item in issue.items:
            specs.append(item_page(item, tax))
    specs.append(PageSpec("issues/index.md", zh("page_issues"), "bulletin/issues.html",
                          {"issues": list(reversed(archive.issues))}))
    specs.append(PageSpec("districts/index.md", zh("page_districts"), "bulletin/districts.html", district_context(tax)))
    specs.append(PageSpec("tags/index.md", zh("page_tags"), "bulletin/tags.html", {"tag_counts": tax.tags_in_use()}))
    specs.append(PageSpec("archive/index.md", zh("page_archive"), "bulletin/archive.html",
                          {"years": [(y, len(i), tax.months_of(y)) for y, i in tax.by_year.items()]}))
    specs.append(PageSpec("search/index.md", zh("page_search"), "bulletin/search.html", {}))
    specs.append(PageSpec("stats/index.md", zh("page_stats"), "bulletin/stats.html",
                          {"stats": compute_stats(tax), "tiles": map_tiles(tax)}))
    listing = "bulletin/listing.html"
    for district, _ in tax.districts_in_use():
        specs += paginate(f"districts/{district.slug}/", district.name, listing, tax.by_district.get(district.name, []),
                          page_size, kind="district", district=district,
                          predecessors=[d for d in archive.districts if district.name in d.successors],
                          feed=f"feeds/districts/{district.slug}.xml")
    for tag, _ in tax.tags_in_use():
        specs += paginate(f"tags/{tag.slug}/", tag.name, listing, tax.by_tag.get(tag.name, []), page_size,
                          kind="tag", tag=tag, feed=f"feeds/tags/{tag.slug}.xml")
    for year, items in tax.by_year.items():
        specs += paginate(f"archive/{year}/", zh("year_label", year=year), listing, items, page_size, kind="year",
                          year=year, months=tax.months_of(year))
    for month, items in tax.by_month.items():
        specs += paginate(f"archive/{month.replace('-', '/')}/", month_label(month), listing, items, page_size,
                          kind="month", month=month)
    return {spec.src_uri: spec for spec in specs}


def original_files(archive: Archive) -> dict[str, str]:
    """Site path → path under the archive folder of each issue's original, published beside its issue page
    (a file, not a page: no sitemap entry, no search document, no feed entry)."""
    return {issue.original_url: f"{issue.id}/{issue.original.file}" for issue in archive.issues if issue.original}


def item_page(item: Item, tax: Taxonomy) -> PageSpec:
    prev, nxt = tax.neighbours(item)
    context = {"item": item, "issue": tax.issue_of(item), "prev": prev, "next": nxt, "related": tax.related(item)}
    description = item.text.split("。", 1)[0][:120]
    return PageSpec(f"issues/{item.issue_id}/{item.slug}.md", item.title, "bulletin/item.html", context,
                    markdown=item.body, description=description, updated=str(item.date))


def district_context(tax: Taxonomy) -> dict[str, Any]:
    groups, empty = region_groups(tax)
    return {"region_groups": groups, "empty_districts": empty, "tiles": map_tiles(tax)}


def home_context(archive: Archive, tax: Taxonomy, recent: int = 7) -> dict[str, Any]:
    """What the home page shows: the latest issue's 本期要目, recent items, districts, topics and years."""
    return {
        **district_context(tax),
        "latest_issue": archive.issues[-1] if archive.issues else None,
        "recent": tax.latest[:recent],
        "district_counts": tax.districts_in_use(),
        "tag_counts": [(t, n) for t, n in tax.tags_in_use() if n],
        "years": [(y, len(items)) for y, items in tax.by_year.items()],
        "stats": compute_stats(tax),
        "total": len(archive.items),
    }
