"""Everything the plugin keeps from one build to the next, in one object the plugin owns.

MkDocs keeps ONE plugin instance for the whole of `mkdocs serve` when the plugin defines `on_startup` (ours does:
mkdocs/config/config_options.py, `Plugins.plugin_cache`), so the instance's `state` lives exactly as long as the
preview. `on_startup` makes a fresh one for each command; a build through the API without it (the tests) uses the
one made with the plugin. A plain `mkdocs build` fills only what one build needs (`serving` is false: no caches
are handed out) and exits.

Nothing else holds state across builds: the archive loader, the feed writer and the page checks take the caches
as arguments (and work without them: `bulletin check`, the importer), and no module keeps a cache of its own.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from bulletin import lifecycle
from bulletin.archive.load import LoadCaches
from bulletin.archive.model import Archive
from bulletin.cache import FileCache, Memo, PageCache, TemplateCache
from bulletin.preview.incremental import SiteRecord
from bulletin.search.job import SearchJob


@dataclass
class PreviewState:
    serving: bool = False  # `mkdocs serve`
    dirty: bool = False  # `mkdocs serve --dirty`: rebuild only the pages whose inputs changed (preview/incremental.py)
    loaded: LoadCaches = field(default_factory=LoadCaches)  # parsed item files and whole issues
    pages: PageCache = field(default_factory=PageCache)  # rendered pages by identity (plain `mkdocs serve`)
    feeds: PageCache = field(default_factory=PageCache)  # feed path → (fingerprint of its items, bytes)
    links: FileCache = field(default_factory=FileCache)  # links read back from built listing pages
    templates: TemplateCache = field(default_factory=TemplateCache)  # Jinja's compiled templates
    sources: dict[tuple[str, str, str, str], str] = field(default_factory=dict)  # generated pages' sources
    memo: Memo = field(default_factory=Memo)  # digests of frozen values: this build's, and the last's until settled
    last_good: dict[str, Archive] = field(default_factory=dict)  # archive folder → last archive without errors
    written: SiteRecord = field(default_factory=SiteRecord)  # what dirty builds wrote into the site folder
    search: SearchJob | None = None  # the index being written (during or after a build), stopped by the next
    editor_server: tuple[Any, str] | None = None  # the editor's local backend: (keeper process or None, URL)

    def caches(self) -> LoadCaches | None:
        """The loader's caches, for a preview only: a plain build reads everything once anyway."""
        return self.loaded if self.serving else None

    def stop_search(self) -> None:
        """Stop a search-index writer that may still be running (a newer build writes the index again)."""
        if self.search is not None:
            self.search.cancel()
            self.search = None

    def close(self) -> None:
        """The preview is closing: stop the index writer and the editor's backend."""
        self.stop_search()
        if self.editor_server is not None and self.editor_server[0] is not None:  # SIGTERM, a grace, SIGKILL
            lifecycle.stop(self.editor_server[0], group=os.name == "posix")
            lifecycle.disown(self.editor_server[0])
        self.editor_server = None
