"""Work kept across `mkdocs serve` rebuilds, in this module for the life of the process.

- Parsed item files, keyed by path, size and modification time: only edited files are read again; whole
  issues (model and problems) keyed by their folder's names, sizes and times: only changed folders are loaded.
- Links read back from built pages (conservation check), keyed like item files: a dirty rebuild rereads only
  the pages it wrote.
- Rendered pages, keyed by a fingerprint of everything the page shows plus the theme and config files:
  a page whose inputs did not change is written from memory instead of being rendered by Jinja again.
Both live in this module for the life of the process; a plain `mkdocs build` fills them and exits.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

MAX_PAGES = 50_000
MAX_MEMO = 1_000_000
LONG_TEXT = 512  # characters: longer strings are digested once and remembered by identity


_MEMO: dict[int, tuple[Any, bytes]] = {}  # id(frozen value) → (value, digest): items recur on many pages
_EARLIER: dict[int, tuple[Any, bytes]] = {}  # the last build's entries, until this build has taken those it meets


def fingerprint(value: Any) -> str:
    """A stable digest of (nested) model values: dataclasses, sequences, mappings, scalars."""
    digest = hashlib.blake2b(digest_size=16)
    _feed(digest, value)
    return digest.hexdigest()


def forget() -> None:
    """A build starts: the memo's entries become the last build's. Those this build meets again (an unchanged item is
    the very object the file cache hands out again) move back; `settle` drops the rest, so the memo never keeps a
    value alive past the build after the one that used it (it held every earlier build's: +500 objects a rebuild)."""
    global _MEMO
    _EARLIER.update(_MEMO)  # (empty unless the last build never settled)
    if len(_EARLIER) > MAX_MEMO:
        _EARLIER.clear()
    _MEMO = {}


def settle() -> None:
    """A build has ended (or failed): drop what it did not fingerprint again."""
    _EARLIER.clear()


def _remembered(value: Any) -> bytes | None:
    hit = _MEMO.get(id(value))
    if hit is not None and hit[0] is value:
        return hit[1]
    hit = _EARLIER.pop(id(value), None)
    if hit is not None and hit[0] is value:
        _MEMO[id(value)] = hit
        return hit[1]
    return None


_SCALARS = {str, int, float, bool, type(None), dt.date, dt.datetime}


def _feed(digest, value: Any) -> None:
    # ordered by frequency: a preview rebuild fingerprints ~12,000 page contexts at 10,000 items
    hit = _remembered(value)
    if hit is not None:  # a frozen value seen before (an item on many listing pages)
        digest.update(hit)
        return
    kind = type(value)
    if kind is str and len(value) > LONG_TEXT:  # a page's Markdown source, the same object build after build
        inner = b"\x00long" + hashlib.blake2b(value.encode(), digest_size=16).digest()
        _MEMO[id(value)] = (value, inner)
        digest.update(inner)
    elif kind in _SCALARS:
        digest.update(repr(value).encode())
        digest.update(b"|")
    elif kind is dict:
        digest.update(b"{")
        for key in sorted(value, key=str):
            _feed(digest, key)
            _feed(digest, value[key])
        digest.update(b"}")
    elif kind is list or kind is tuple:
        digest.update(b"[")
        for element in value:
            _feed(digest, element)
        digest.update(b"]")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        inner = hashlib.blake2b(digest_size=16)
        inner.update(kind.__name__.encode())
        for f in dataclasses.fields(value):
            _feed(inner, getattr(value, f.name))
        if value.__dataclass_params__.frozen:
            _MEMO[id(value)] = (value, inner.digest())
        digest.update(inner.digest())
    elif isinstance(value, (str, int, float, dt.date)):  # subclasses (Markup, …)
        digest.update(repr(value).encode())
        digest.update(b"|")
    elif isinstance(value, dict):
        _feed(digest, dict(value))
    elif isinstance(value, (list, tuple)):
        _feed(digest, list(value))
    elif hasattr(value, "__dict__"):  # e.g. Pager
        _feed(digest, vars(value))
    else:
        digest.update(repr(value).encode())


def files_stamp(paths: list[Path]) -> str:
    """Names, sizes and mtimes of every file under `paths` (theme overrides, config, docs)."""
    parts = []
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            stat = path.stat()
            parts.append((str(path), stat.st_size, stat.st_mtime_ns))
    return fingerprint(parts)


class PageCache:
    def __init__(self):
        self.pages: dict[str, tuple[str, str]] = {}  # src_uri → (key, html)
        self.hits = 0

    def get(self, src_uri: str, key: str) -> str | None:
        hit = self.pages.get(src_uri)
        if hit and hit[0] == key:
            self.hits += 1
            return hit[1]
        return None

    def put(self, src_uri: str, key: str, html: str) -> None:
        if len(self.pages) < MAX_PAGES or src_uri in self.pages:
            self.pages[src_uri] = (key, html)


class FileCache:
    """Parsed results by (path, size, mtime): a file is parsed again only when it changed on disk."""

    def __init__(self):
        self.entries: dict[str, tuple[tuple[int, int, str], Any]] = {}

    def get(self, path: Path, context: str = "") -> Any | None:
        stat = path.stat()
        hit = self.entries.get(str(path))
        return hit[1] if hit and hit[0] == (stat.st_size, stat.st_mtime_ns, context) else None

    def put(self, path: Path, value: Any, context: str = "") -> None:
        stat = path.stat()
        self.entries[str(path)] = ((stat.st_size, stat.st_mtime_ns, context), value)


class StampCache:
    """Values by key and a stamp the caller computed (e.g. a folder's names, sizes and mtimes)."""

    def __init__(self):
        self.entries: dict[str, tuple[Any, Any]] = {}

    def get(self, key: str, stamp: Any) -> Any | None:
        hit = self.entries.get(key)
        return hit[1] if hit and hit[0] == stamp else None

    def put(self, key: str, stamp: Any, value: Any) -> None:
        self.entries[key] = (stamp, value)


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory: MkDocs makes a new Jinja environment for every build, and compiling
    Material's templates again costs a preview rebuild half a second."""

    def __init__(self):
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


PAGES = PageCache()
TEMPLATES = TemplateCache()
ITEM_FILES = FileCache()
ISSUE_FOLDERS = StampCache()  # whole issues (model and problems) by their folder's stamp
PAGE_LINKS = FileCache()  # links read back from built listing pages, for the conservation check
FEEDS = PageCache()  # feed path → (fingerprint of its items and site URL, bytes)
