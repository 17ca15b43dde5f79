"""Material's page chrome — navigation sidebar, tabs, the `__config` script — rendered once per place, reused.

Material renders these blocks for every page, and on a generated archive page they are more than half of the
template time (measured: 1,000 items, cProfile). On a page that is not in the navigation nothing in them is
active and the table of contents is empty, so what they show depends only on where the page sits — the relative
links from it to each navigation entry and to the site root — and on which sidebars it hides: the cache key.
Every other page renders the blocks itself. `tests/test_build.py` builds the seed with and without the cache
and compares every file.
"""

from __future__ import annotations

from markupsafe import Markup

from bulletin.engine import Navigation, get_relative_url

ENABLED = True


class ChromeCache:
    def __init__(self, nav: Navigation | None):
        self.nav_pages = {id(page): page.url for page in nav.pages} if nav is not None else None
        self.parts: dict[tuple, Markup] = {}

    def key(self, page, block: str) -> tuple | None:
        """Where `page` sits, as seen by `block`; None for a page the cache must not serve."""
        if not ENABLED or self.nav_pages is None or page is None or id(page) in self.nav_pages or len(page.toc):
            return None
        return (block, str(page.meta.get("hide")), get_relative_url("", page.url),
                *(get_relative_url(url, page.url) for url in self.nav_pages.values()))

    def get(self, key: tuple) -> Markup | None:
        return self.parts.get(key)

    def put(self, key: tuple, html: str) -> Markup:
        self.parts[key] = Markup(html)
        return self.parts[key]
