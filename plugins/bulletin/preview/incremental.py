"""`mkdocs serve --dirty`: rebuild only the pages whose inputs changed.

MkDocs skips a page in a dirty build when `file.is_modified()` is false, and keeps the site folder between builds.
Its own test (the source file's modification time) cannot see inputs of a generated page, so the plugin decides:
each generated page gets a key — its identity (preview/identity.py: everything its templates read, its context,
title and source, the vocabularies its links go through, the templates, mkdocs.yml and docs/) — and a page whose
key equals the one it was last written with, and whose file is still there, is left alone. An edit of one item
changes the keys of its page, its issue, its issue's items, its neighbours, the listings it appears on and the
pages whose counts move — nothing else. Pages that no longer exist are deleted, since a dirty build cleans nothing;
so are the feeds and editor files the last build wrote and this one did not (`written`). Pages from docs/ are few
and may show the archive (the home page): always rebuilt. What was written lives in a `SiteRecord`, one per
preview, owned by the preview's state (preview/state.py).

A page left alone still needs a `Page` (MkDocs lists every page in sitemap.xml and asks each whether to rebuild
it), but not MkDocs' own: making 11,000 of those (URL joins, the build date, edit links) took a third of a second
of every edit at 10,000 items. `engine.KeptPage` carries only what MkDocs reads of a page it skips.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from bulletin.engine import Files, KeptPage, MkDocsConfig, mark_changed, mark_unchanged


class SiteRecord:
    """What the preview's dirty builds wrote into the site folder, so the next one knows what it may leave alone
    and what it must delete. `plan` at the start of a build, `written` and `commit` at its end, `forget` when it
    failed or was not dirty."""

    def __init__(self):
        self.site_dir = ""  # the site folder the paths below were written to
        self.pages: dict[str, tuple[str, str, str]] = {}  # src_uri → (key, output path, URL) of every page written
        self.pending: dict[str, tuple[str, str, str]] = {}  # this build's, committed once the build has finished
        self.media: dict[str, str] = {}  # src_uri → output path of every file the plugin copied (issues' originals)
        self.pending_media: dict[str, str] = {}
        self.outputs: set[str] = set()  # every other file the plugin wrote (feeds, the editor): absolute paths
        self.pending_outputs: set[str] = set()

    def plan(self, files: Files, keys: dict[str, str], config: MkDocsConfig,
             media: Sequence[str] = ()) -> tuple[int, int]:
        """Mark the files of a dirty build: generated pages with an unchanged key are skipped (a `KeptPage`, or
        for the few in mkdocs.yml's nav, whose titles come from there, MkDocs' own), every other documentation
        page is rebuilt. Deletes the output of pages that have gone, and of the copied `media` files that have
        (MkDocs itself copies those only when newer). Returns (pages to build, pages)."""
        self.pending.clear()
        self.pending_media.clear()
        self.pending_outputs.clear()
        if self.site_dir != config.site_dir:  # output paths below are remembered per site folder
            self.pages.clear()
            self.media.clear()
            self.outputs.clear()
            self.site_dir = config.site_dir
        for uri in media:
            self.pending_media[uri] = files.get_file_from_path(uri).abs_dest_path
        for uri, dest in self.media.items():
            if uri not in self.pending_media:
                _remove(Path(dest))
        in_nav = set(_nav_paths(config.nav))
        building = 0
        pages = files.documentation_pages()
        for file in pages:
            key = keys.get(file.src_uri)
            if key is None:  # a page from docs/: cheap, and it may show the archive
                mark_changed(file)
                building += 1
                continue
            last = self.pages.get(file.src_uri)
            if last is not None and last[0] == key and os.path.isfile(last[1]):
                self.pending[file.src_uri] = last
                if file.src_uri in in_nav:
                    mark_unchanged(file)
                else:
                    KeptPage(file, last[2], config.site_url)
            else:
                self.pending[file.src_uri] = (key, file.abs_dest_path, file.url)
                mark_changed(file)
                building += 1
        for uri, (_, dest, _) in self.pages.items():
            if uri not in self.pending:
                _remove(Path(dest))
        return building, len(pages)

    def written(self, paths: Iterable[Path]) -> None:
        """Files this build wrote besides pages and copies (feeds, the editor): at `commit`, those the last build
        wrote and this one did not are deleted — a fresh build would not have them (a renamed topic's old feed)."""
        self.pending_outputs.update(str(path) for path in paths)

    def commit(self) -> None:
        """The build finished: what it planned is now what the site folder holds."""
        self.pages = dict(self.pending)
        self.media = dict(self.pending_media)
        for path in sorted(self.outputs - self.pending_outputs):
            _remove(Path(path))
        self.outputs = set(self.pending_outputs)

    def forget(self) -> None:
        """A build failed half-way, or was not dirty: trust nothing in the site folder next time."""
        self.pages.clear()
        self.pending.clear()
        self.media.clear()
        self.pending_media.clear()
        self.outputs.update(self.pending_outputs)  # what it may have written: the next build deletes what it does not
        self.pending_outputs.clear()


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


def _remove(page: Path) -> None:
    try:
        page.unlink()
    except FileNotFoundError:
        return
    folder = page.parent
    while folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
