"""Listings computed once per build: items by district, tag, year and month, newest first. O(n log n) in total."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from bulletin.archive.model import Archive, District, Item, Tag


def newest_first(items) -> list[Item]:
    return sorted(items, key=lambda i: (i.date, i.issue_id, -i.order), reverse=True)


@dataclass
class Taxonomy:
    archive: Archive
    by_district: dict[str, list[Item]] = field(default_factory=dict)
    by_tag: dict[str, list[Item]] = field(default_factory=dict)
    by_year: dict[int, list[Item]] = field(default_factory=dict)
    by_month: dict[str, list[Item]] = field(default_factory=dict)

    @classmethod
    def of(cls, archive: Archive) -> Taxonomy:
        districts, tags = defaultdict(list), defaultdict(list)
        years, months = defaultdict(list), defaultdict(list)
        for item in newest_first(archive.items):
            for name in item.districts:
                districts[name].append(item)
            for name in item.tags:
                tags[name].append(item)
            years[item.date.year].append(item)
            months[item.month].append(item)
        return cls(archive, dict(districts), dict(tags), dict(sorted(years.items(), reverse=True)),
                   dict(sorted(months.items(), reverse=True)))

    @cached_property
    def latest(self) -> list[Item]:
        return newest_first(self.archive.items)

    def districts_in_use(self) -> list[tuple[District, int]]:
        """Every vocabulary district with its item count, in vocabulary order (the order residents know)."""
        return [(d, len(self.by_district.get(d.name, ()))) for d in self.archive.districts]

    def tags_in_use(self) -> list[tuple[Tag, int]]:
        return [(t, len(self.by_tag.get(t.name, ()))) for t in self.archive.tags]

    def months_of(self, year: int) -> list[tuple[str, int]]:
        return [(m, len(items)) for m, items in self.by_month.items() if m.startswith(f"{year}-")]

    def related(self, item: Item, limit: int = 5) -> list[Item]:
        """Items sharing a district (other than 重庆市) or a tag, newest first; reads only the head of each list."""
        pools = [self.by_district.get(n, []) for n in item.districts if n != "重庆市"]
        pools += [self.by_tag.get(n, []) for n in item.tags]
        seen, candidates = {id(item)}, []  # items are unique objects: ids are cheaper than keys
        for pool in pools:
            taken = 0
            for other in pool:
                if taken >= limit:
                    break
                if id(other) not in seen:
                    seen.add(id(other))
                    candidates.append(other)
                    taken += 1
        return newest_first(candidates)[:limit]

    def neighbours(self, item: Item) -> tuple[Item | None, Item | None]:
        items = self.issue_of(item).items
        index = self._places[id(item)]
        return (items[index - 1] if index else None, items[index + 1] if index + 1 < len(items) else None)

    @cached_property
    def _places(self) -> dict[int, int]:
        """Each item's index in its issue, by identity (`tuple.index` would compare whole dataclasses)."""
        return {id(item): n for issue in self.archive.issues for n, item in enumerate(issue.items)}

    def issue_of(self, item: Item):
        return self._issues[item.issue_id]

    @cached_property
    def _issues(self):
        return {issue.id: issue for issue in self.archive.issues}
