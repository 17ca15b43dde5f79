"""Lay a parsed bulletin out as an issue folder; never overwrite a file someone edited unless forced.

The folder may come from a pull request, so nothing is written or read through a link: a symbolic link, or
anything but a regular file or a folder, in the issue folder (or the issue folder or archive being one) refuses the
import before a byte is written (`UnsafeFolder`), and every file is then opened with O_NOFOLLOW (and O_NONBLOCK: a
pipe put there later cannot make the import wait). Without the refusal, `source.txt` → a virtualenv's `.pth` file
ran the attacker's line at the next Python start.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bulletin.archive.model import ORIGINAL_TYPES
from bulletin.archive.names import ITEM_FILE
from bulletin.archive.problems import Problems
from bulletin.archive.slugs import make_slug
from bulletin.archive.vocabulary import Vocabulary
from bulletin.archive.yamlio import dump, parse_yaml
from bulletin.importer.infer import infer_date, infer_places, infer_tags
from bulletin.importer.markdown_escape import escape_paragraph
from bulletin.importer.original import original_record, original_type
from bulletin.importer.parse import RawBulletin
from bulletin.messages import msg

_NO_LINKS = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(
    os, "O_CLOEXEC", 0)
SLUG_HEAD = 64 * 1024  # bytes of an item file read for its slug (the front matter is at its top)


class UnsafeFolder(OSError):
    """The issue folder holds a link or a special file, or is one: nothing is written; the message says which."""


def check_folder(folder: Path, into: Path) -> None:
    """Refuse a link or a special file where the import would write, before anything is written."""
    for path in (Path(into), folder):
        if path.is_symlink():
            raise UnsafeFolder(msg("import_link", path=path))
    if not folder.exists():
        return
    for entry in os.scandir(folder):
        if entry.is_symlink():
            raise UnsafeFolder(msg("import_link", path=folder / entry.name))
        if not (entry.is_file(follow_symlinks=False) or entry.is_dir(follow_symlinks=False)):
            raise UnsafeFolder(msg("import_special", path=folder / entry.name))


def _open(path: Path, flags: int) -> int:
    """A descriptor of the regular file `path`, never through a link; a link or special file is `UnsafeFolder`."""
    try:
        fd = os.open(path, flags | _NO_LINKS, 0o644)
    except OSError as exc:
        if os.path.islink(path):
            raise UnsafeFolder(msg("import_link", path=path)) from exc
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UnsafeFolder(msg("import_special", path=path))
    return fd


def read_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file in the folder (at most `limit`), never read through a link."""
    with os.fdopen(_open(path, os.O_RDONLY), "rb") as file:
        return file.read() if limit is None else file.read(limit)


def same_file(path: Path, data: bytes) -> bool:
    """Whether `path` holds exactly `data` (its size compared first: a huge planted file is not read)."""
    with os.fdopen(_open(path, os.O_RDONLY), "rb") as file:
        return os.fstat(file.fileno()).st_size == len(data) and file.read(len(data) + 1) == data


def write_file(path: Path, data: bytes) -> None:
    """Write `data` to `path` in the folder, never through a link."""
    with os.fdopen(_open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), "wb") as file:
        file.write(data)


def _exists(path: Path) -> bool:
    return os.path.lexists(path)


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
        head = read_file(path, SLUG_HEAD).decode("utf-8", errors="replace")
        match, slug = ITEM_FILE.match(path.name), _SLUG_LINE.search(head)
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
    check_folder(folder, into)
    folder.mkdir(parents=True, exist_ok=True)
    check_folder(folder, into)  # made just now, or there before: a folder, not a link
    record = _keep_original(original, folder, force, result) if original is not None else None
    items = item_files(bulletin, vocab, existing_slugs(folder), result.warnings)
    outputs = {"issue.yml": issue_yaml(bulletin, record), **items}
    if source_text is not None:
        outputs["source.txt"] = source_text
    for name, text in outputs.items():
        path, data = folder / name, text.encode("utf-8")
        if _exists(path):
            if same_file(path, data):
                result.unchanged.append(path)
                continue
            if not force:
                # hand edits stay; the record follows the file beside it (and may have been all that differed)
                if name == "issue.yml" and record is not None and _update_record(path, record) == data:
                    result.written.append(path)
                    continue
                result.kept.append(path)
                continue
        write_file(path, data)
        result.written.append(path)
    return result


_RECORD = re.compile(r"^original:.*\n(?:(?:[ \t]+.*|[ \t]*)\n)*", re.M)


def _update_record(path: Path, record: dict) -> bytes:
    """An issue.yml kept for its hand edits still describes the original beside it: its `original:` section
    (wherever it stands) is replaced by `record`, or added at the end; nothing else in the file changes. Returns
    the file's bytes after."""
    raw = read_file(path)
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
    write_file(path, updated)
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
    others = [p for p in (folder / f"source.{t}" for t in ORIGINAL_TYPES) if p != target and _exists(p)]
    same = _exists(target) and same_file(target, data)
    if same and not others:  # the same file again, whatever it is called now: issue.yml keeps its first name
        result.unchanged.append(target)
        return _recorded(folder, target, source.name)
    if not force and (others or _exists(target)):
        kept = target if _exists(target) and not same else others[0]
        result.kept.append(kept)
        return _recorded(folder, kept)
    if not same:
        write_file(target, data)
        result.written.append(target)
    for other in others:
        other.unlink()
        result.removed.append(other)
    return original_record(source, data, kind)


def _recorded(folder: Path, kept: Path, name: str | None = None) -> dict:
    """issue.yml's record of an original that stays: as issue.yml has it when it describes this very file,
    else read from the file itself."""
    data = read_file(kept)
    fresh = original_record(Path(name or kept.name), data, kept.suffix[1:])
    try:  # read as the archive reads YAML: no alias expanded, plain values only
        parsed = parse_yaml(read_file(folder / "issue.yml", 1 << 20).decode("utf-8"), "issue.yml", Problems())
        recorded = parsed.data.get("original") if parsed is not None and isinstance(parsed.data, dict) else None
    except (OSError, UnicodeDecodeError):
        recorded = None
    if isinstance(recorded, dict) and all(recorded.get(k) == fresh[k] for k in ("file", "sha256", "bytes")):
        return {**fresh, "name": str(recorded.get("name") or fresh["name"])}
    return fresh
