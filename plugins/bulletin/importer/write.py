"""Lay a parsed bulletin out as an issue folder; never overwrite a file someone edited unless forced."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bulletin.archive.load import ITEM_FILE
from bulletin.archive.model import ORIGINAL_TYPES
from bulletin.archive.vocabulary import Vocabulary
from bulletin.archive.yamlio import dump
from bulletin.importer.infer import infer_date, infer_places, infer_tags, make_slug
from bulletin.importer.markdown_escape import escape_paragraph
from bulletin.importer.original import original_record, original_type
from bulletin.importer.parse import RawBulletin
from bulletin.messages import msg


@dataclass
class ImportResult:
    folder: Path
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # differs on disk and was not overwritten
    removed: list[Path] = field(default_factory=list)  # an original of another type, replaced with --force
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (source line, message): what to review


def issue_yaml(bulletin: RawBulletin, original: dict | None = None) -> str:
    """The issue's fields; `original` (the kept file's record) last, one field a line, so it reads like a card."""
    text = dump({
        "series": bulletin.series,
        "number": bulletin.number,
        "published": bulletin.published,
        "issuer": bulletin.issuer,
        "sections": bulletin.sections,
        "report_to": bulletin.report_to,
        "distribute_to": bulletin.distribute_to,
    })
    return text + _record_yaml(original) if original else text


def _record_yaml(record: dict) -> str:
    return yaml.safe_dump({"original": record}, allow_unicode=True, sort_keys=False, width=1000)


def item_files(bulletin: RawBulletin, vocab: Vocabulary, kept_slugs: dict[int, str] | None = None,
               warnings: list[tuple[int, str]] | None = None) -> dict[str, str]:
    """File name → full text for every item, in body order; `kept_slugs` (order → slug) are reused as they are.
    `warnings` gets (the item's line, message) for a place elsewhere that districts.yml does not have yet."""
    kept_slugs = kept_slugs or {}
    files, taken = {}, set(kept_slugs.values())
    width = 3 if len(bulletin.items) >= 100 else 2
    for order, item in enumerate(bulletin.items, 1):
        body = "\n\n".join(item.paragraphs)
        date, precision = infer_date(body, bulletin.published)
        where = infer_places(item.title, body, item.section, vocab)
        if warnings is not None:
            warnings += [(item.line, msg("place_proposed", title=item.title, name=p.name, line=p.line))
                         for p in where.proposed]
            if where.unsure:
                warnings.append((item.line, msg("place_unsure", title=item.title, section=item.section)))
        front = {
            "title": item.title,
            "section": item.section,
            "date": date,
            "date_precision": precision,
            "districts": where.names,
            "tags": infer_tags(item.title, body, vocab),
            "slug": kept_slugs.get(order) or make_slug(item.title, vocab, taken),
        }
        if item.source:
            front["source"] = item.source
        text = "\n\n".join(escape_paragraph(p) for p in item.paragraphs)  # shown as circulated, not as Markdown
        files[f"{order:0{width}d}-{front['slug']}.md"] = f"---\n{dump(front)}---\n\n{text}\n"
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
                source_text: str | None = None, original: Path | None = None) -> ImportResult:
    """Write issue.yml and the items; with `source_text`, also `source.txt`: the bulletin's text as it was
    circulated, kept beside the issue as the record of what the items were imported from. With `original` (the
    file imported), a document (PDF, Word, WPS, …) is copied in as `source.<type>` and recorded in issue.yml."""
    folder = Path(into) / f"{bulletin.published.year}-{bulletin.number:03d}"
    result = ImportResult(folder=folder)
    folder.mkdir(parents=True, exist_ok=True)
    record = _keep_original(original, folder, force, result) if original is not None else None
    items = item_files(bulletin, vocab, existing_slugs(folder), result.warnings)
    outputs = {"issue.yml": issue_yaml(bulletin, record), **items}
    if source_text is not None:
        outputs["source.txt"] = source_text
    for name, text in outputs.items():
        path, data = folder / name, text.encode("utf-8")
        if path.exists():
            if path.read_bytes() == data:
                result.unchanged.append(path)
                continue
            if not force:
                # hand edits stay; the record follows the file beside it (and may have been all that differed)
                if name == "issue.yml" and record is not None and _update_record(path, record) == data:
                    result.written.append(path)
                    continue
                result.kept.append(path)
                continue
        path.write_bytes(data)
        result.written.append(path)
    return result


_RECORD = re.compile(r"^original:.*\n(?:(?:[ \t]+.*|[ \t]*)\n)*", re.M)


def _update_record(path: Path, record: dict) -> bytes:
    """An issue.yml kept for its hand edits still describes the original beside it: its `original:` section
    (wherever it stands) is replaced by `record`, or added at the end; nothing else in the file changes. Returns
    the file's bytes after."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:  # `bulletin check` says what is wrong with it; not ours to rewrite
        return raw
    text = text if text.endswith("\n") else text + "\n"
    block = _record_yaml(record)
    found = _RECORD.search(text)
    if found and found.group(0) == block:
        return raw
    updated = (_RECORD.sub("", text).rstrip("\n") + "\n" + block).encode("utf-8")
    path.write_bytes(updated)
    return updated


def _keep_original(source: Path, folder: Path, force: bool, result: ImportResult) -> dict | None:
    """Copy the circulated document into the folder under its fixed name; return what issue.yml records of the
    original now in the folder. Another original already there (a different file, or another type) is kept, like
    any file that differs, unless `force` — then it is replaced, and one of another type removed."""
    kind = original_type(source)
    if kind is None:  # text: source.txt is the original
        return None
    data = source.read_bytes()
    target = folder / f"source.{kind}"
    others = [p for p in (folder / f"source.{t}" for t in ORIGINAL_TYPES) if p != target and p.exists()]
    same = target.exists() and target.read_bytes() == data
    if same and not others:  # the same file again, whatever it is called now: issue.yml keeps its first name
        result.unchanged.append(target)
        return _recorded(folder, target, source.name)
    if not force and (others or target.exists()):
        kept = target if target.exists() and not same else others[0]
        result.kept.append(kept)
        return _recorded(folder, kept)
    if not same:
        target.write_bytes(data)
        result.written.append(target)
    for other in others:
        other.unlink()
        result.removed.append(other)
    return original_record(source, data, kind)


def _recorded(folder: Path, kept: Path, name: str | None = None) -> dict:
    """issue.yml's record of an original that stays: as issue.yml has it when it describes this very file,
    else read from the file itself."""
    data = kept.read_bytes()
    fresh = original_record(Path(name or kept.name), data, kept.suffix[1:])
    try:
        recorded = yaml.safe_load((folder / "issue.yml").read_text(encoding="utf-8")).get("original")
    except (OSError, AttributeError, yaml.YAMLError, UnicodeDecodeError):
        recorded = None
    if isinstance(recorded, dict) and all(recorded.get(k) == fresh[k] for k in ("file", "sha256", "bytes")):
        return {**fresh, "name": str(recorded.get("name") or fresh["name"])}
    return fresh
