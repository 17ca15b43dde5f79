"""`mkdocs serve --dirty`: rebuild only the pages whose inputs changed.

MkDocs skips a page in a dirty build when `file.is_modified()` is false, and keeps the site folder between builds.
Its own test (the source file's modification time) cannot see inputs of a generated page, so the plugin decides:
each generated page gets a key — its identity (preview/identity.py: everything its templates read, its context,
title and source, the vocabularies its links go through, the templates, mkdocs.yml and docs/) — and a page whose
key equals the one it was last written with, and whose file is still there, is left alone. An edit of one item
changes the keys of its page, its issue, its issue's items, its neighbours, the listings it appears on and the
pages whose counts move — nothing else. Pages that no longer exist are deleted, since a dirty build cleans nothing;
so are the feeds and editor files the last build wrote and this one did not (`written`). Pages from docs/ are few
and may show the archive (the home page): always rebuilt. The state lives for the life of the process, like the
caches in cache.py.

A page left alone still needs a `Page` (MkDocs lists every page in sitemap.xml and asks each whether to rebuild
it), but not MkDocs' own: making 11,000 of those (URL joins, the build date, edit links) took a third of a second
of every edit at 10,000 items. `KeptPage` carries only what MkDocs reads of a page it skips.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

_WRITTEN: dict[str, tuple[str, str, str]] = {}  # src_uri → (key, output path, URL) of every generated page written
_PENDING: dict[str, tuple[str, str, str]] = {}  # this build's, committed once the build has finished
_SITE: dict[str, str] = {}  # the site folder they were written to
_MEDIA: dict[str, str] = {}  # src_uri → output path of every file the plugin copied (issues' originals)
_PENDING_MEDIA: dict[str, str] = {}
_OUTPUTS: set[str] = set()  # every other file the plugin wrote (feeds, the editor): absolute paths
_PENDING_OUTPUTS: set[str] = set()


def _unchanged() -> bool:
    return False


def _changed() -> bool:
    return True


class KeptPage(Page):
    """A page this build leaves as it is on disk: its addresses for the sitemap, and "not modified"."""

    def __init__(self, file: File, url: str, site_url: str | None):  # noqa: D107 (no Page.__init__: see above)
        file.page = self
        file.is_modified = _unchanged
        self.file = file
        self.children = self.previous_page = self.next_page = self.edit_url = None
        self.active = False
        self.update_date = ""  # set with every other page's in the plugin's on_env
        self.markdown = self.content = self._title_from_render = None
        self.toc = []  # type: ignore[assignment]
        self.meta = {}
        if site_url:  # what Page._set_canonical_url computes, for the plain relative URLs of generated pages
            base, path = _bases(site_url)
            self.canonical_url = base + url
            self.abs_url = path + url
        else:
            self.canonical_url = self.abs_url = None


@lru_cache(maxsize=4)
def _bases(site_url: str) -> tuple[str, str]:
    """The site URL with its final slash, and its path: once per build, not once per kept page."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return base, urlsplit(base).path


def plan(files: Files, keys: dict[str, str], config: MkDocsConfig, media: Sequence[str] = ()) -> tuple[int, int]:
    """Mark the files of a dirty build: generated pages with an unchanged key are skipped (a `KeptPage`, or for
    the few in mkdocs.yml's nav, whose titles come from there, MkDocs' own), every other documentation page is
    rebuilt. Deletes the output of pages that have gone, and of the copied `media` files that have (MkDocs itself
    copies those only when newer). Returns (pages to build, pages)."""
    _PENDING.clear()
    _PENDING_MEDIA.clear()
    _PENDING_OUTPUTS.clear()
    if _SITE.get("dir") != config.site_dir:  # output paths below are remembered per site folder
        _WRITTEN.clear()
        _MEDIA.clear()
        _OUTPUTS.clear()
        _SITE["dir"] = config.site_dir
    for uri in media:
        _PENDING_MEDIA[uri] = files.get_file_from_path(uri).abs_dest_path
    for uri, dest in _MEDIA.items():
        if uri not in _PENDING_MEDIA:
            _remove(Path(dest))
    in_nav = set(_nav_paths(config.nav))
    building = 0
    pages = files.documentation_pages()
    for file in pages:
        key = keys.get(file.src_uri)
        if key is None:  # a page from docs/: cheap, and it may show the archive
            file.is_modified = _changed
            building += 1
            continue
        last = _WRITTEN.get(file.src_uri)
        if last is not None and last[0] == key and os.path.isfile(last[1]):
            _PENDING[file.src_uri] = last
            if file.src_uri in in_nav:
                file.is_modified = _unchanged
            else:
                KeptPage(file, last[2], config.site_url)
        else:
            _PENDING[file.src_uri] = (key, file.abs_dest_path, file.url)
            file.is_modified = _changed
            building += 1
    for uri, (_, dest, _) in _WRITTEN.items():
        if uri not in _PENDING:
            _remove(Path(dest))
    return building, len(pages)


def _nav_paths(nav: Any) -> Iterator[str]:
    """Every path in mkdocs.yml's nav (a list of strings and one-key mappings, nested)."""
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_paths(value)
    elif isinstance(nav, list):
        for entry in nav:
            yield from _nav_paths(entry)


def written(paths: Iterable[Path]) -> None:
    """Files this build wrote besides pages and copies (feeds, the editor): at `commit`, those the last build
    wrote and this one did not are deleted — a fresh build would not have them (a renamed topic's old feed)."""
    _PENDING_OUTPUTS.update(str(path) for path in paths)


def commit() -> None:
    """The build finished: what it planned is now what the site folder holds."""
    _WRITTEN.clear()
    _WRITTEN.update(_PENDING)
    _MEDIA.clear()
    _MEDIA.update(_PENDING_MEDIA)
    for path in sorted(_OUTPUTS - _PENDING_OUTPUTS):
        _remove(Path(path))
    _OUTPUTS.clear()
    _OUTPUTS.update(_PENDING_OUTPUTS)


def forget() -> None:
    """A build failed half-way, or was not dirty: trust nothing in the site folder next time."""
    _WRITTEN.clear()
    _PENDING.clear()
    _MEDIA.clear()
    _PENDING_MEDIA.clear()
    _OUTPUTS.update(_PENDING_OUTPUTS)  # files it may have written: the next build deletes those it does not write
    _PENDING_OUTPUTS.clear()


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
