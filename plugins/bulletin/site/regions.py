"""Districts as residents think of them: grouped by region (一区两群), and placed on a schematic tile map.

Both come from `districts.yml` (`region:`, `tile:`); this module only counts items and orders what pages show.
Districts without items are kept apart, so indexes never link to empty pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from bulletin.archive.model import District
from bulletin.archive.vocabulary import REGIONS
from bulletin.site.taxonomy import Taxonomy


@dataclass(frozen=True)
class RegionGroup:
    name: str
    districts: tuple[tuple[District, int], ...]  # with items, vocabulary order


@dataclass(frozen=True)
class Tile:
    district: District
    count: int
    column: int
    row: int
    level: int  # 0 (no items) … 4 (the most)
    label: tuple[str, ...]  # the short name in lines of two characters


def region_groups(tax: Taxonomy) -> tuple[list[RegionGroup], list[District]]:
    """Regions in their official order with the districts that have items; and the districts that have none."""
    counts = tax.districts_in_use()
    groups = [RegionGroup(region, tuple((d, n) for d, n in counts if d.region == region and n))
              for region in REGIONS]
    return [g for g in groups if g.districts], [d for d, n in counts if not n and not d.until]


def short_name(district: District) -> str:
    """沙坪坝区 → 沙坪坝, 石柱土家族自治县 → 石柱: the shortest alias the name starts or ends with."""
    fitting = [a for a in district.aliases if len(a) >= 2 and (a in district.name or district.name.startswith(a))]
    return min(fitting, key=len) if fitting else district.name


def map_tiles(tax: Taxonomy) -> list[Tile]:
    counts = [(d, n) for d, n in tax.districts_in_use() if d.tile is not None]
    busiest = max((n for _, n in counts), default=0)
    tiles = []
    for district, n in counts:
        level = 0 if not n else 1 + min(3, (4 * n - 1) // max(1, busiest))
        name = short_name(district)
        label = tuple(name[k: k + 2] for k in range(0, len(name), 2)) if len(name) > 2 else (name,)
        tiles.append(Tile(district, n, district.tile[0], district.tile[1], level, label))
    return tiles
