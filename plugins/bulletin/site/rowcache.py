"""Render each item's listing row once per page depth and reuse it.

An item shows up in ~10 listings (its district, tags, year and month pages, related items on other items).
Its row differs between pages only by the `../` prefix of its relative links, which depends only on how deep
the page is; caching by (item, depth) turns ~100,000 template renders of a 10,000-item archive into ~20,000.
The row builds its links from that prefix itself: MkDocs' `url` filter would write a link to the page being
rendered as "./", which is wrong on every other page of the same depth that reuses the row.
An item page's related items are rows without the district/topic chips (`chips=False`): five rows of chips were
~3 KB of every item page, and they belong to those other items' own pages. A district's or a topic's own page
leaves out the chip every one of its rows would repeat (`omit`: the district or the topic it lists).
"""

from __future__ import annotations

from jinja2 import Environment, pass_context
from markupsafe import Markup


class RowCache:
    def __init__(self, env: Environment, template: str = "bulletin/row.html"):
        self.template = env.get_template(template)
        self.rows: dict[tuple[str, int, bool, bool, str, str], Markup] = {}

    @pass_context
    def __call__(self, context, item, excerpt: bool = True, chips: bool = True, omit_district: str = "",
                 omit_tag: str = "") -> Markup:
        page = context.get("page")
        depth = page.url.count("/") if page is not None else 0
        key = (item.key, depth, excerpt, chips, omit_district, omit_tag)
        row = self.rows.get(key)
        if row is None:
            row = self.rows[key] = Markup(self.template.render(
                **context.get_all(), item=item, show_excerpt=excerpt, show_chips=chips, bl_root="../" * depth,
                omit_district=omit_district, omit_tag=omit_tag))
        return row
