"""District and topic vocabularies: loading them, resolving names and aliases, suggesting the closest name."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from bulletin.archive.model import District, Tag
from bulletin.archive.problems import Problems
from bulletin.archive.spelling import suggest
from bulletin.archive.yamlio import parse_yaml, read_text
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
    broken = {kind for kind, entries in (("district", districts), ("tag", tags)) if entries is None}
    return Vocabulary(districts=tuple(districts or ()), tags=tuple(tags or ()), broken=frozenset(broken))


def _load_entries(root: Path, file_name: str, problems: Problems, build):
    path = root / file_name
    name = f"{root.name}/{file_name}"
    if not path.exists():
        problems.error(name, 1, "vocabulary", msg("vocab_missing", file=file_name), msg("create_file", file=name))
        return None
    text = read_text(path, name, problems)
    doc = parse_yaml(text or "", name, problems) if text is not None else None
    if doc is None:
        return None
    if not isinstance(doc.data, list):
        problems.error(name, 1, "vocabulary", msg("expected_entries"))
        return None
    node_lines = _entry_lines(text)
    entries, seen = [], set()
    for i, raw in enumerate(doc.data):
        line = node_lines[i] if i < len(node_lines) else 1
        entry = build(raw, name, line, problems)
        if entry is None:
            continue
        for key in (entry.name, entry.slug):
            if key in seen:
                problems.error(name, line, "name", msg("defined_twice", key=key), msg("keep_one_entry"))
            seen.add(key)
        entries.append(entry)
    return entries


def _entry_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.split("\n"), 1) if line.startswith("- ")]


def _common(raw, name: str, line: int, problems: Problems, allowed: set[str]) -> bool:
    if not isinstance(raw, dict):
        problems.error(name, line, "entry", msg("expected_mapping"))
        return False
    ok = True
    for key in raw:
        if key not in allowed:
            fields = sorted(allowed)
            hint = suggest(str(key), fields) or msg("allowed_fields", fields=", ".join(fields))
            problems.error(name, line, str(key), msg("unknown_field", name=key), hint)
            ok = False
    for key in ("name", "slug"):
        if not isinstance(raw.get(key), str) or not raw.get(key):
            problems.error(name, line, key, msg("key_required", key=key))
            ok = False
    if isinstance(raw.get("slug"), str) and not SLUG_RE.match(raw["slug"]):
        problems.error(name, line, "slug", msg("vocab_bad_slug", slug=raw["slug"]))
        ok = False
    return ok


def _strings(raw: dict, key: str, name: str, line: int, problems: Problems) -> tuple[str, ...]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.error(name, line, key, msg("expected_name_list"))
        return ()
    return tuple(value)


def _date(raw: dict, key: str, name: str, line: int, problems: Problems) -> dt.date | None:
    value = raw.get(key)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.error(name, line, key, msg("not_a_date", value=value), msg("write_ymd"))
        return None


def _district(raw, name: str, line: int, problems: Problems) -> District | None:
    allowed = {"name", "slug", "kind", "aliases", "former", "since", "until", "successors", "note", "region", "tile"}
    if not _common(raw, name, line, problems, allowed):
        return None
    if raw.get("kind") not in DISTRICT_KINDS:
        problems.error(name, line, "kind", msg("unknown_kind", value=raw.get("kind")),
                       msg("one_of", values="/".join(DISTRICT_KINDS)))
    region = str(raw.get("region", ""))
    if region not in REGIONS:
        problems.error(name, line, "region", msg("unknown_region", value=region),
                       suggest(region, list(REGIONS)) or msg("one_of", values="、".join(REGIONS)))
    tile = raw.get("tile")
    if tile is not None and not (isinstance(tile, list) and len(tile) == 2 and all(isinstance(v, int) for v in tile)):
        problems.error(name, line, "tile", msg("bad_tile", value=tile), msg("eg_value", value="[3, 5]"))
        tile = None
    return District(
        name=raw["name"], slug=raw["slug"], kind=str(raw.get("kind", "")),
        aliases=_strings(raw, "aliases", name, line, problems),
        former=_strings(raw, "former", name, line, problems),
        since=_date(raw, "since", name, line, problems), until=_date(raw, "until", name, line, problems),
        successors=_strings(raw, "successors", name, line, problems), note=str(raw.get("note", "")),
        region=region, tile=tuple(tile) if tile else None,
    )


def _tag(raw, name: str, line: int, problems: Problems) -> Tag | None:
    if not _common(raw, name, line, problems, {"name", "slug", "description", "keywords"}):
        return None
    return Tag(name=raw["name"], slug=raw["slug"], description=str(raw.get("description", "")),
               keywords=_strings(raw, "keywords", name, line, problems))
