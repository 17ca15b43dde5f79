"""District and topic vocabularies: loading them, resolving names and aliases, suggesting the closest name."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from bulletin.archive.model import District, Tag
from bulletin.archive.problems import Problems
from bulletin.archive.spelling import suggest
from bulletin.archive.yamlio import VOCABULARY_LIMIT, Document, parse_yaml, read_text
from bulletin.messages import msg

DISTRICT_KINDS = ("市级", "区", "县", "自治县", "新区", "开发区", "外地")
REGIONS = (  # the order pages list them in
    "主城都市区·中心城区", "主城都市区·主城新区", "功能区", "渝东北三峡库区城镇群", "渝东南武陵山区城镇群",
    "市级", "外地",
)
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Vocabulary:
    """Names → canonical entries; aliases and former names resolve to the entry that carries them."""

    districts: tuple[District, ...]
    tags: tuple[Tag, ...]
    broken: frozenset[str] = frozenset()  # "district"/"tag" when its file could not be read: skip name checks

    @cached_property
    def district_index(self) -> dict[str, District]:
        """Every accepted spelling (name, alias, former name) → its district."""
        index: dict[str, District] = {}
        for d in self.districts:
            for spelling in (d.name, *d.aliases, *d.former):
                index.setdefault(spelling, d)
        return index

    @cached_property
    def tag_index(self) -> dict[str, Tag]:
        return {t.name: t for t in self.tags}

    def resolve_district(self, name: str) -> District | None:
        return self.district_index.get(name)

    def resolve_tag(self, name: str) -> Tag | None:
        return self.tag_index.get(name)

    def suggest_district(self, name: str) -> str:
        return suggest(name, {spelling: d.name for spelling, d in self.district_index.items()})

    def suggest_tag(self, name: str) -> str:
        return suggest(name, list(self.tag_index))


def load_vocabulary(root: Path, problems: Problems) -> Vocabulary:
    districts = _load_entries(root, "districts.yml", problems, _district)
    tags = _load_entries(root, "tags.yml", problems, _tag)
    if districts is not None:
        districts = _check_districts(districts, f"{root.name}/districts.yml", problems)
    broken = {kind for kind, entries in (("district", districts), ("tag", tags)) if entries is None}
    return Vocabulary(districts=tuple(d for d, _ in districts or ()), tags=tuple(t for t, _ in tags or ()),
                      broken=frozenset(broken))


def reserved_on_windows(slug: str) -> bool:
    """Windows cannot create a file or folder named con, prn, aux, nul, com1–com9 or lpt1–lpt9 (any case, any
    extension): a page at districts/aux/ could not be written there."""
    return slug.split(".", 1)[0].lower() in WINDOWS_NAMES


WINDOWS_NAMES = frozenset(("con", "prn", "aux", "nul", *(f"{p}{n}" for p in ("com", "lpt") for n in "0123456789")))
NAME_MAX = 60  # characters of a name, alias, former name, successor, keyword (the longest district name has 12)
TEXT_MAX = 200  # characters of a one-line field: a title, a section, the issuer
NOTE_MAX = 2000  # characters of a note or a description
LIST_MAX = 200  # names in one list
TILE_MAX = 99  # a map square's column and row


class _Entry:
    """One raw entry of a vocabulary file, with the line of each of its fields."""

    def __init__(self, raw, file: str, doc: Document, index: int, problems: Problems):
        self.raw, self.file, self.problems = raw, file, problems
        self.doc, self.index = doc, index
        self.line = doc.line(f"#{index}")
        self.ok = True

    def at(self, key: str) -> int:
        return self.doc.lines.get(f"#{self.index}.{key}", self.line)

    def error(self, key: str, message: str, hint: str = "") -> None:
        self.problems.error(self.file, self.at(key), key, message, hint)
        self.ok = False

    def text(self, key: str, limit: int = TEXT_MAX) -> str | None:
        """A field that must be text (a number is read as its digits): '' when absent, None when wrong."""
        value = self.raw.get(key)
        if value is None:
            return ""
        if isinstance(value, (list, dict)):
            self.error(key, msg("expected_string", found=msg("a_list" if isinstance(value, list) else "a_mapping")))
            return None
        value = str(value)
        if len(value) > limit:
            self.error(key, msg("too_long", length=len(value), limit=limit), msg("too_long_hint"))
            return None
        return value

    def names(self, key: str) -> tuple[str, ...]:
        value = self.raw.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(key, msg("expected_name_list"))
            return ()
        if len(value) > LIST_MAX:
            self.error(key, msg("too_many", count=len(value), limit=LIST_MAX))
            return ()
        for name in value:
            if not name.strip():
                self.error(key, msg("name_empty"), msg("expected_name_list"))
                return ()
            if len(name) > NAME_MAX:
                self.error(key, msg("too_long", length=len(name), limit=NAME_MAX), msg("too_long_hint"))
                return ()
        return tuple(value)

    def date(self, key: str) -> dt.date | None:
        value = self.text(key)
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.error(key, msg("not_a_date", value=value[:30]), msg("write_ymd"))
            return None


def _load_entries(root: Path, file_name: str, problems: Problems, build):
    """Each entry built, with the line it starts on; None when the file cannot be read at all."""
    path = root / file_name
    name = f"{root.name}/{file_name}"
    if not os.path.lexists(path):
        problems.error(name, 1, "vocabulary", msg("vocab_missing", file=file_name), msg("create_file", file=name))
        return None
    text = read_text(path, name, problems, VOCABULARY_LIMIT, "what_vocabulary")
    doc = parse_yaml(text or "", name, problems) if text is not None else None
    if doc is None:
        return None
    if not isinstance(doc.data, list):
        problems.error(name, 1, "vocabulary", msg("expected_entries"))
        return None
    entries, seen = [], set()
    for i, raw in enumerate(doc.data):
        entry = _Entry(raw, name, doc, i, problems)
        built = build(entry)
        if built is None:
            continue
        for key in (built.name, built.slug):
            if key in seen:
                problems.error(name, entry.line, "name", msg("defined_twice", key=key), msg("keep_one_entry"))
            seen.add(key)
        entries.append((built, entry))
    return entries


def _common(entry: _Entry, allowed: set[str]) -> bool:
    raw, problems, name = entry.raw, entry.problems, entry.file
    if not isinstance(raw, dict):
        problems.error(name, entry.line, "entry", msg("expected_mapping"))
        return False
    for key in raw:
        if key not in allowed:
            fields = sorted(allowed)
            hint = suggest(str(key), fields) or msg("allowed_fields", fields=", ".join(fields))
            entry.error(str(key), msg("unknown_field", name=key), hint)
    for key in ("name", "slug"):
        if not isinstance(raw.get(key), str) or not raw.get(key).strip():
            entry.error(key, msg("key_required", key=key))
        elif len(raw[key]) > NAME_MAX:
            entry.error(key, msg("too_long", length=len(raw[key]), limit=NAME_MAX), msg("too_long_hint"))
    slug = raw.get("slug")
    if isinstance(slug, str) and len(slug) <= NAME_MAX:
        if not SLUG_RE.match(slug):
            entry.error("slug", msg("vocab_bad_slug", slug=slug))
        elif reserved_on_windows(slug):
            entry.error("slug", msg("windows_slug", slug=slug), msg("eg_value", value=f"{slug}-1"))
    return entry.ok


def _district(entry: _Entry) -> District | None:
    allowed = {"name", "slug", "kind", "aliases", "former", "since", "until", "successors", "note", "region", "tile"}
    if not _common(entry, allowed):
        return None
    raw = entry.raw
    kind, region = entry.text("kind"), entry.text("region")
    if kind is not None and kind not in DISTRICT_KINDS:
        entry.error("kind", msg("unknown_kind", value=kind), msg("one_of", values="/".join(DISTRICT_KINDS)))
    if region is not None and region not in REGIONS:
        entry.error("region", msg("unknown_region", value=region),
                    suggest(region, list(REGIONS)) or msg("one_of", values="、".join(REGIONS)))
    tile = raw.get("tile")
    if tile is not None and not (isinstance(tile, list) and len(tile) == 2
                                 and all(isinstance(v, int) and 0 <= v <= TILE_MAX for v in tile)):
        entry.error("tile", msg("bad_tile", value=str(tile)[:30]), msg("eg_value", value="[3, 5]"))
        tile = None
    return District(  # kept with a wrong field (reported): its items are not reported unknown as well
        name=raw["name"], slug=raw["slug"], kind=kind or "",
        aliases=entry.names("aliases"), former=entry.names("former"),
        since=entry.date("since"), until=entry.date("until"),
        successors=entry.names("successors"), note=entry.text("note", NOTE_MAX) or "",
        region=region or "", tile=tuple(tile) if tile else None,
    )


def _tag(entry: _Entry) -> Tag | None:
    if not _common(entry, {"name", "slug", "description", "keywords"}):
        return None
    return Tag(name=entry.raw["name"], slug=entry.raw["slug"], description=entry.text("description", NOTE_MAX) or "",
               keywords=entry.names("keywords"))


def _check_districts(districts: list, file: str, problems: Problems) -> list:
    """A name, alias or former name points to one district only (a new entry listed first with `aliases: [北碚区]`
    would otherwise take 北碚区's items silently); successors name known districts, kept by their names."""
    names = {d.name: (d, entry.line) for d, entry in districts}
    holders: dict[str, list[tuple[District, _Entry, str]]] = {}
    for district, entry in districts:
        for key in ("aliases", "former"):
            for spelling in dict.fromkeys(getattr(district, key)):
                if spelling != district.name:
                    holders.setdefault(spelling, []).append((district, entry, key))
    for spelling, held in holders.items():
        owners = [names[spelling]] if spelling in names else [(d, e.line) for d, e, _ in held]
        for district, entry, key in held:
            other = next((o for o in owners if o[0] is not district), None)
            if other is not None:
                entry.error(key, msg("alias_taken", name=spelling, other=other[0].name, line=other[1]),
                            msg("alias_taken_hint"))
    known = {**{s: held[0][0] for s, held in holders.items()}, **{n: d for n, (d, _) in names.items()}}
    checked = []
    for district, entry in districts:
        successors = []
        for name in district.successors:
            found = known.get(name)
            if found is None:  # left out: a page would link to a district that has none
                entry.error("successors", msg("unknown_successor", name=name),
                            suggest(name, list(known)) or msg("add_to_vocab", file=file))
            elif found.name not in successors:
                successors.append(found.name)
        checked.append((replace(district, successors=tuple(successors)), entry))
    return checked
