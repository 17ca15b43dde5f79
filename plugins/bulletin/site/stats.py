"""Counts behind the statistics page: per month, district, tag, and district × year. Linear in the archive."""

from __future__ import annotations

from dataclasses import dataclass

from bulletin.site.taxonomy import Taxonomy


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    url: str


@dataclass(frozen=True)
class Stats:
    months: list[Bar]
    districts: list[Bar]
    tags: list[Bar]
    years: list[int]
    heat: list[tuple[Bar, list[Bar]]]  # district → one cell per year (url: a search for that district and year)
    total: int

    @property
    def month_max(self) -> int:
        return max((b.count for b in self.months), default=1)

    @property
    def heat_max(self) -> int:
        return max((c.count for _, row in self.heat for c in row), default=1)


def compute_stats(tax: Taxonomy) -> Stats:
    months = [Bar(month, len(items), f"archive/{month.replace('-', '/')}/")
              for month, items in sorted(tax.by_month.items())]
    districts = sorted((Bar(d.name, n, f"districts/{d.slug}/") for d, n in tax.districts_in_use() if n),
                       key=lambda b: -b.count)
    tags = sorted((Bar(t.name, n, f"tags/{t.slug}/") for t, n in tax.tags_in_use() if n), key=lambda b: -b.count)
    years = sorted(tax.by_year)
    heat = []
    for bar in districts:
        per_year = {year: 0 for year in years}
        for item in tax.by_district[bar.label]:
            per_year[item.date.year] += 1
        heat.append((bar, [Bar(str(y), n, f"search/?district={bar.label}&from={y}-01-01&to={y}-12-31")
                           for y, n in per_year.items()]))
    return Stats(months, districts, tags, years, heat, len(tax.archive.items))
