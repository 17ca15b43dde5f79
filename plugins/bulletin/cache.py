"""What the preview keeps between rebuilds is made of these: a fingerprint of model values, and caches keyed by it
or by a file's size and modification time. This module holds none of them — `preview/state.py` owns every
instance for the life of a `mkdocs serve` (MkDocs keeps one plugin instance, hence one state, for the whole serve:
the plugin defines `on_startup`), and passes them to the archive loader, the feed writer and the page checks,
which take them as arguments and work without them (`bulletin check`, a plain build).

- `FileCache`: parsed results keyed by path, size and modification time (item files, links read back from pages);
- `StampCache`: values keyed by a stamp the caller computed (whole issues, by their folder's names, sizes, times);
- `PageCache`: text keyed by a fingerprint (rendered pages, feeds);
- `TemplateCache`: Jinja's compiled templates;
- `Memo`: digests of frozen values (an item recurs on many pages), kept for one build and the next only.
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


class Memo:
    """id(frozen value) → (value, digest). The entries of the build before stay only until this build has taken
    those it meets again (an unchanged item is the very object the file cache hands out again); `settle` drops
    the rest, so the memo never keeps a value alive past the build after the one that used it (holding every
    earlier build's cost +215 objects a rebuild on the seed archive)."""

    def __init__(self):
        self.current: dict[int, tuple[Any, bytes]] = {}
        self.earlier: dict[int, tuple[Any, bytes]] = {}

    def begin(self) -> None:
        """A build starts: this memo's entries become the last build's."""
        self.earlier.update(self.current)  # (empty unless the last build never settled)
        if len(self.earlier) > MAX_MEMO:
            self.earlier.clear()
        self.current = {}

    def settle(self) -> None:
        """A build has ended (or failed): drop what it did not fingerprint again."""
        self.earlier.clear()

    def get(self, value: Any) -> bytes | None:
        hit = self.current.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        hit = self.earlier.pop(id(value), None)
        if hit is not None and hit[0] is value:
            self.current[id(value)] = hit
            return hit[1]
        return None

    def put(self, value: Any, digest: bytes) -> None:
        self.current[id(value)] = (value, digest)


def fingerprint(value: Any, memo: Memo | None = None) -> str:
    """A stable digest of (nested) model values: dataclasses, sequences, mappings, scalars. With `memo`, frozen
    values and long strings already digested are not walked again; without, a memo lives for this call only."""
    digest = hashlib.blake2b(digest_size=16)
    _feed(digest, value, memo if memo is not None else Memo())
    return digest.hexdigest()


_SCALARS = {str, int, float, bool, type(None), dt.date, dt.datetime}


def _feed(digest, value: Any, memo: Memo) -> None:
    # ordered by frequency: a preview rebuild fingerprints ~12,000 page contexts at 10,000 items
    hit = memo.get(value)
    if hit is not None:  # a frozen value seen before (an item on many listing pages)
        digest.update(hit)
        return
    kind = type(value)
    if kind is str and len(value) > LONG_TEXT:  # a page's Markdown source, the same object build after build
        inner = b"\x00long" + hashlib.blake2b(value.encode(), digest_size=16).digest()
        memo.put(value, inner)
        digest.update(inner)
    elif kind in _SCALARS:
        digest.update(repr(value).encode())
        digest.update(b"|")
    elif kind is dict:
        digest.update(b"{")
        for key in sorted(value, key=str):
            _feed(digest, key, memo)
            _feed(digest, value[key], memo)
        digest.update(b"}")
    elif kind is list or kind is tuple:
        digest.update(b"[")
        for element in value:
            _feed(digest, element, memo)
        digest.update(b"]")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        inner = hashlib.blake2b(digest_size=16)
        inner.update(kind.__name__.encode())
        for f in dataclasses.fields(value):
            _feed(inner, getattr(value, f.name), memo)
        if value.__dataclass_params__.frozen:
            memo.put(value, inner.digest())
        digest.update(inner.digest())
    elif isinstance(value, (str, int, float, dt.date)):  # subclasses (Markup, …)
        digest.update(repr(value).encode())
        digest.update(b"|")
    elif isinstance(value, dict):
        _feed(digest, dict(value), memo)
    elif isinstance(value, (list, tuple)):
        _feed(digest, list(value), memo)
    elif hasattr(value, "__dict__"):  # e.g. Pager
        _feed(digest, vars(value), memo)
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
