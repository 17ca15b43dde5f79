"""`mkdocs serve --dirty`: rebuild only the pages whose inputs changed.

MkDocs skips a page in a dirty build when `file.is_modified()` is false, and keeps the site folder between builds.
Its own test (the source file's modification time) cannot see inputs of a generated page, so the plugin decides:
each generated page gets a key — a fingerprint of everything it shows (its context: items, pager, counts; its
title and source; the templates, mkdocs.yml and docs/) — and a page whose key equals the one it was last written
with, and whose file is still there, is left alone. An edit of one item changes the keys of its page, its issue,
its neighbours, the listings it appears on and the pages whose counts move — nothing else. Pages that no longer
exist are deleted, since a dirty build cleans nothing. Pages from docs/ are few and may show the archive (the home
page): always rebuilt. The state lives for the life of the process, like the caches in cache.py.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.structure.files import Files

_WRITTEN: dict[str, tuple[str, str]] = {}  # src_uri → (key, output path) of every generated page last written
_PENDING: dict[str, tuple[str, str]] = {}  # this build's keys, committed once the build has finished


def _unchanged() -> bool:
    return False


def _changed() -> bool:
    return True


def plan(files: Files, keys: dict[str, str]) -> tuple[int, int]:
    """Mark the files of a dirty build: generated pages with an unchanged key are skipped, every other
    documentation page is rebuilt. Deletes the output of pages that have gone. Returns (pages to build, pages)."""
    _PENDING.clear()
    building = 0
    pages = files.documentation_pages()
    for file in pages:
        key = keys.get(file.src_uri)
        if key is None:  # a page from docs/: cheap, and it may show the archive
            file.is_modified = _changed
            building += 1
            continue
        _PENDING[file.src_uri] = (key, file.abs_dest_path)
        last = _WRITTEN.get(file.src_uri)
        if last is not None and last[0] == key and os.path.isfile(file.abs_dest_path):
            file.is_modified = _unchanged
        else:
            file.is_modified = _changed
            building += 1
    for uri, (_, dest) in _WRITTEN.items():
        if uri not in _PENDING:
            _remove(Path(dest))
    return building, len(pages)


def commit() -> None:
    """The build finished: what it planned is now what the site folder holds."""
    _WRITTEN.clear()
    _WRITTEN.update(_PENDING)


def forget() -> None:
    """A build failed half-way, or was not dirty: trust nothing in the site folder next time."""
    _WRITTEN.clear()
    _PENDING.clear()


def quiet_dirty_warning(record: logging.LogRecord) -> bool:
    """Drop MkDocs' "A 'dirty' build is being performed" warning: the keys keep every page right."""
    return "'dirty' build" not in record.getMessage()


def _remove(page: Path) -> None:
    try:
        page.unlink()
    except FileNotFoundError:
        return
    folder = page.parent
    while folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
