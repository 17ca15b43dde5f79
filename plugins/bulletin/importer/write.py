"""Lay a parsed bulletin out as an issue folder; never overwrite a file someone edited unless forced."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.archive.load import ITEM_FILE
from bulletin.archive.vocabulary import Vocabulary
from bulletin.archive.yamlio import dump
from bulletin.importer.infer import infer_date, infer_districts, infer_tags, make_slug
from bulletin.importer.parse import RawBulletin


@dataclass
class ImportResult:
    folder: Path
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # differs on disk and was not overwritten


def issue_yaml(bulletin: RawBulletin) -> str:
    return dump({
        "series": bulletin.series,
        "number": bulletin.number,
        "published": bulletin.published,
        "issuer": bulletin.issuer,
        "sections": bulletin.sections,
        "report_to": bulletin.report_to,
        "distribute_to": bulletin.distribute_to,
    })


def item_files(bulletin: RawBulletin, vocab: Vocabulary, kept_slugs: dict[int, str] | None = None) -> dict[str, str]:
    """File name → full text for every item, in body order; `kept_slugs` (order → slug) are reused as they are."""
    kept_slugs = kept_slugs or {}
    files, taken = {}, set(kept_slugs.values())
    width = 3 if len(bulletin.items) >= 100 else 2
    for order, item in enumerate(bulletin.items, 1):
        body = "\n\n".join(item.paragraphs)
        date, precision = infer_date(body, bulletin.published)
        front = {
            "title": item.title,
            "section": item.section,
            "date": date,
            "date_precision": precision,
            "districts": infer_districts(item.title, body, item.section, vocab),
            "tags": infer_tags(item.title, body, vocab),
            "slug": kept_slugs.get(order) or make_slug(item.title, vocab, taken),
        }
        if item.source:
            front["source"] = item.source
        files[f"{order:0{width}d}-{front['slug']}.md"] = f"---\n{dump(front)}---\n\n{body}\n"
    return files


_SLUG_LINE = re.compile(r"^slug:\s*['\"]?([a-z0-9-]+)", re.M)


def existing_slugs(folder: Path) -> dict[int, str]:
    """Order → slug of the items already in the folder: a slug is a permanent URL, so re-importing keeps it
    (and so the file name) even when the slug rules have changed since."""
    found = {}
    for path in sorted(folder.glob("*.md")):
        match, slug = ITEM_FILE.match(path.name), _SLUG_LINE.search(path.read_text(encoding="utf-8", errors="replace"))
        if match and slug:
            found.setdefault(int(match.group(1)), slug.group(1))
    return found


def write_issue(bulletin: RawBulletin, vocab: Vocabulary, into: Path, force: bool = False,
                source_text: str | None = None) -> ImportResult:
    """Write issue.yml and the items; with `source_text`, also `source.txt`: the bulletin's text as it was
    circulated, kept beside the issue as the record of what the items were imported from."""
    folder = Path(into) / f"{bulletin.published.year}-{bulletin.number:03d}"
    result = ImportResult(folder=folder)
    folder.mkdir(parents=True, exist_ok=True)
    outputs = {"issue.yml": issue_yaml(bulletin), **item_files(bulletin, vocab, existing_slugs(folder))}
    if source_text is not None:
        outputs["source.txt"] = source_text
    for name, text in outputs.items():
        path, data = folder / name, text.encode("utf-8")
        if path.exists():
            if path.read_bytes() == data:
                result.unchanged.append(path)
                continue
            if not force:
                result.kept.append(path)
                continue
        path.write_bytes(data)
        result.written.append(path)
    return result
