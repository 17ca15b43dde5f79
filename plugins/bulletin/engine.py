"""The one module that knows MkDocs: every other module reaches the engine through the names and helpers here.

Supported: mkdocs>=1.6.1,<2 (pyproject.toml); tests/test_engine.py pins each behaviour below to that range, so an
upgrade that changes one fails there, naming it, rather than as a wrong page somewhere else. Moving to another
engine means rewriting this module and plugin.py's event glue (docs/decisions.md, "MkDocs behind one module").

What the plugin relies on beyond MkDocs' documented plugin API:
- one plugin instance for the whole `mkdocs serve`: MkDocs caches the instance of a plugin that defines
  `on_startup` (`Plugins.plugin_cache`), so what the plugin holds (preview/state.py) lives as long as the preview;
- a dirty build skips a page whose `file.is_modified()` is false, both reading and rendering it (`mark_changed`,
  `mark_unchanged`); such a page still needs a `Page` for the sitemap, which `KeptPage` gives without running
  `Page.__init__` (URL joins, the build date, edit links: a third of a second of every edit at 10,000 items);
- `_build_page`, MkDocs' private function that renders and writes one page, called in a forked child
  (site/parallel.py: `render_page`);
- the template a page renders with is read from `page.meta["template"]` after `on_page_content`
  (`use_template`), the sitemap's date from `page.update_date` (`set_sitemap_date`);
- two log lines filtered out by their text: the warning on every dirty build, and the note on every page that
  rendered empty (the pages another process writes).
"""

from __future__ import annotations

import logging
from functools import lru_cache
from urllib.parse import urlsplit

from mkdocs.commands.build import _build_page
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url, is_error_template

__all__ = [
    "BasePlugin", "Config", "File", "Files", "InclusionLevel", "KeptPage", "MkDocsConfig", "Navigation", "Page",
    "PluginError", "config_options", "event_priority", "get_relative_url", "included_pages", "is_error_template",
    "mark_changed", "mark_unchanged", "quiet_dirty_builds", "quiet_empty_pages", "render_page", "set_sitemap_date",
    "use_template", "drop_page_text",
]

BUILD_LOG = "mkdocs.commands.build"  # the logger MkDocs' build writes to
DIRTY_WARNING = "'dirty' build"  # in MkDocs' warning on every dirty build
EMPTY_NOTE = "Generated empty output"  # in MkDocs' note on every page that rendered empty


def _unchanged() -> bool:
    return False


def _changed() -> bool:
    return True


def mark_unchanged(file: File) -> None:
    """A dirty build leaves this file's page as it is on disk (MkDocs' own test is the source's mtime)."""
    file.is_modified = _unchanged  # type: ignore[method-assign]


def mark_changed(file: File) -> None:
    """A dirty build reads and renders this file's page again."""
    file.is_modified = _changed  # type: ignore[method-assign]


class KeptPage(Page):
    """A page this build leaves as it is on disk: its addresses for the sitemap, and "not modified"."""

    def __init__(self, file: File, url: str, site_url: str | None):  # noqa: D107 (no Page.__init__: see above)
        file.page = self
        mark_unchanged(file)
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


def included_pages(files: Files) -> list[File]:
    """The documentation pages a build renders (what MkDocs hands `_build_page` as `doc_files`)."""
    return files.documentation_pages(inclusion=InclusionLevel.is_included)


def render_page(page: Page, config: MkDocsConfig, doc_files: list[File], nav: Navigation, env) -> None:
    """Render and write one page exactly as MkDocs' build does: its templates, context and plugin events."""
    _build_page(page, config, doc_files, nav, env)


def use_template(page: Page, template: str) -> None:
    """Render `page` with `template`: MkDocs reads the name after `on_page_content`, before `on_page_context`."""
    page.meta["template"] = template


def set_sitemap_date(page: Page, day: str) -> None:
    """The date sitemap.xml gives the page (MkDocs would take the build's clock or the file's)."""
    page.update_date = day


def drop_page_text(page: Page) -> None:
    """After `on_post_page`, MkDocs reads neither the Markdown nor the HTML of a page again: free them."""
    page.content = page.markdown = None


def _without(text: str):
    def keep(record: logging.LogRecord) -> bool:
        return text not in record.getMessage()
    return keep


quiet_dirty_warning = _without(DIRTY_WARNING)
quiet_empty_output = _without(EMPTY_NOTE)


def quiet_dirty_builds() -> None:
    """Drop MkDocs' "A 'dirty' build is being performed" warning: the preview's keys keep every page right."""
    logging.getLogger(BUILD_LOG).addFilter(quiet_dirty_warning)


def quiet_empty_pages() -> None:
    """Drop MkDocs' note on every page that rendered empty: the pages another process writes (site/parallel.py)."""
    logging.getLogger(BUILD_LOG).addFilter(quiet_empty_output)
