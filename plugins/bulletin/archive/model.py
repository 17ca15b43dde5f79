"""The archive as immutable values: what every output (pages, search, feeds) is computed from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from bulletin.archive.plaintext import plain_text
from bulletin.messages import zh

PRECISIONS = ("day", "days", "month", "issue")
# the circulated document an issue was imported from is kept in its folder as source.<type>, by the file's real type
ORIGINAL_TYPES = ("pdf", "docx", "doc", "wps", "odt", "rtf", "ofd")


@dataclass(frozen=True)
class District:
    name: str
    slug: str
    kind: str
    aliases: tuple[str, ...] = ()
    former: tuple[str, ...] = ()
    since: dt.date | None = None
    until: dt.date | None = None
    successors: tuple[str, ...] = ()
    note: str = ""
    region: str = ""  # 一区两群 region (or 功能区 / 市级 / 外地), for grouping on pages
    tile: tuple[int, int] | None = None  # (column, row) on the schematic district map

    def existed_on(self, day: dt.date) -> bool:
        return (self.since is None or day >= self.since) and (self.until is None or day < self.until)


@dataclass(frozen=True)
class Tag:
    name: str
    slug: str
    description: str = ""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    """One news item; `issue_id` and `order` come from its folder and file prefix, never from front matter."""

    issue_id: str
    order: int
    path: str
    title: str
    section: str
    date: dt.date
    date_precision: str
    districts: tuple[str, ...]
    tags: tuple[str, ...]
    slug: str
    body: str
    source: str = ""

    @property
    def key(self) -> str:
        return f"{self.issue_id}/{self.slug}"

    @property
    def url(self) -> str:
        return f"issues/{self.issue_id}/{self.slug}/"

    @property
    def month(self) -> str:
        return f"{self.date:%Y-%m}"

    @cached_property
    def text(self) -> str:
        """The body as readers see it (Markdown rendered, tags dropped; paragraphs apart by a blank line): what the
        issue page, feeds, search and descriptions show. Only the item page renders `body` itself."""
        return plain_text(self.body)


@dataclass(frozen=True)
class Original:
    """The circulated file an issue was imported from, kept beside it under a fixed name (`source.pdf`, …)."""

    file: str  # source.<one of ORIGINAL_TYPES>: the only name it is ever written or published under
    name: str  # the name it was uploaded under, as text (shown, never used as a path)
    sha256: str
    bytes: int

    @property
    def type(self) -> str:
        return self.file.rsplit(".", 1)[1]


@dataclass(frozen=True)
class Issue:
    id: str
    series: str
    number: int
    published: dt.date
    issuer: str
    sections: tuple[str, ...]
    report_to: tuple[str, ...] = ()
    distribute_to: tuple[str, ...] = ()
    items: tuple[Item, ...] = field(default=(), compare=False)
    original: Original | None = None

    @property
    def url(self) -> str:
        return f"issues/{self.id}/"

    @property
    def original_url(self) -> str | None:
        """Where the site publishes the original: beside the issue page, under its fixed name."""
        return f"issues/{self.id}/{self.original.file}" if self.original else None

    @property
    def title(self) -> str:
        return zh("issue_title", series=self.series, number=self.number)

    def items_in(self, section: str) -> list[Item]:
        return [item for item in self.items if item.section == section]


@dataclass(frozen=True)
class Archive:
    issues: tuple[Issue, ...]
    districts: tuple[District, ...]
    tags: tuple[Tag, ...]
    synonyms: tuple[tuple[str, ...], ...] = ()  # groups of equivalent words (synonyms.yml): search expands them

    @cached_property
    def items(self) -> tuple[Item, ...]:
        """All items, issue by issue in publication order, each issue's items in their printed order."""
        return tuple(item for issue in self.issues for item in issue.items)

    @cached_property
    def districts_by_name(self) -> dict[str, District]:
        return {d.name: d for d in self.districts}

    @cached_property
    def tags_by_name(self) -> dict[str, Tag]:
        return {t.name: t for t in self.tags}
