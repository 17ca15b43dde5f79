"""District and topic vocabularies: loading them, resolving names and aliases, suggesting the closest name."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .model import District, Tag
from .problems import Problems
from .yamlio import parse_yaml, read_text

DISTRICT_KINDS = ("市级", "区", "县", "自治县", "新区", "开发区", "外地")
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
        return suggest(name, list(self.district_index), lambda n: self.district_index[n].name)

    def suggest_tag(self, name: str) -> str:
        return suggest(name, list(self.tag_index), lambda n: n)


def suggest(name: str, candidates: list[str], canonical: Callable[[str], str]) -> str:
    """'did you mean X?' for the closest candidate, or '' when nothing is close."""
    contained = [c for c in candidates if name and (name in c or c in name)]
    close = contained or difflib.get_close_matches(name, candidates, n=1, cutoff=0.4)
    return f"did you mean {canonical(close[0])}?" if close else ""


def load_vocabulary(root: Path, problems: Problems) -> Vocabulary:
    districts = _load_entries(root, "districts.yml", problems, _district)
    tags = _load_entries(root, "tags.yml", problems, _tag)
    broken = {kind for kind, entries in (("district", districts), ("tag", tags)) if entries is None}
    return Vocabulary(districts=tuple(districts or ()), tags=tuple(tags or ()), broken=frozenset(broken))


def _load_entries(root: Path, file_name: str, problems: Problems, build):
    path = root / file_name
    name = f"{root.name}/{file_name}"
    if not path.exists():
        problems.error(name, 1, "vocabulary", f"{file_name} is missing from the archive", f"create {name}")
        return None
    text = read_text(path, name, problems)
    doc = parse_yaml(text or "", name, problems) if text is not None else None
    if doc is None:
        return None
    if not isinstance(doc.data, list):
        problems.error(name, 1, "vocabulary", "expected a list of entries (lines starting with `- `)")
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
                problems.error(name, line, "name", f"{key} is defined twice", "keep one entry")
            seen.add(key)
        entries.append(entry)
    return entries


def _entry_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.split("\n"), 1) if line.startswith("- ")]


def _common(raw, name: str, line: int, problems: Problems, allowed: set[str]) -> bool:
    if not isinstance(raw, dict):
        problems.error(name, line, "entry", "expected a mapping like {name: …, slug: …}")
        return False
    ok = True
    for key in raw:
        if key not in allowed:
            problems.error(name, line, str(key), "unknown field", f"allowed: {', '.join(sorted(allowed))}")
            ok = False
    for key in ("name", "slug"):
        if not isinstance(raw.get(key), str) or not raw.get(key):
            problems.error(name, line, key, f"{key} is required and must be text")
            ok = False
    if isinstance(raw.get("slug"), str) and not SLUG_RE.match(raw["slug"]):
        problems.error(name, line, "slug", f"slug {raw['slug']!r} must be lowercase ASCII words joined by -")
        ok = False
    return ok


def _strings(raw: dict, key: str, name: str, line: int, problems: Problems) -> tuple[str, ...]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.error(name, line, key, "expected a list of names, like [a, b]")
        return ()
    return tuple(value)


def _date(raw: dict, key: str, name: str, line: int, problems: Problems) -> dt.date | None:
    value = raw.get(key)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.error(name, line, key, f"{value!r} is not a date", "write YYYY-MM-DD")
        return None


def _district(raw, name: str, line: int, problems: Problems) -> District | None:
    allowed = {"name", "slug", "kind", "aliases", "former", "since", "until", "successors", "note"}
    if not _common(raw, name, line, problems, allowed):
        return None
    if raw.get("kind") not in DISTRICT_KINDS:
        problems.error(name, line, "kind", f"kind {raw.get('kind')!r} is unknown", f"one of {'/'.join(DISTRICT_KINDS)}")
    return District(
        name=raw["name"], slug=raw["slug"], kind=str(raw.get("kind", "")),
        aliases=_strings(raw, "aliases", name, line, problems),
        former=_strings(raw, "former", name, line, problems),
        since=_date(raw, "since", name, line, problems), until=_date(raw, "until", name, line, problems),
        successors=_strings(raw, "successors", name, line, problems), note=str(raw.get("note", "")),
    )


def _tag(raw, name: str, line: int, problems: Problems) -> Tag | None:
    if not _common(raw, name, line, problems, {"name", "slug", "description", "keywords"}):
        return None
    return Tag(name=raw["name"], slug=raw["slug"], description=str(raw.get("description", "")),
               keywords=_strings(raw, "keywords", name, line, problems))
