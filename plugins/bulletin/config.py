"""The plugin's options in mkdocs.yml (`plugins: - bulletin: {archive: issues, page_size: 50}`)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class PluginConfig(Config):
    archive = c.Type(str, default="issues")
    """The archive folder, relative to mkdocs.yml."""
    page_size = c.Type(int, default=50)
    """Items per listing page (district, tag, year, month)."""
    search_shards = c.Type(int, default=0)
    """Number of search index shards; 0 picks one from the archive's size."""
    parallel_index = c.Optional(c.Type(bool))
    """Build the search index in a second process; unset: only for archives of 1,000 items or more."""
