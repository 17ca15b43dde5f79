"""Content-Security-Policy for every page: only the site's own scripts run.

Scripts with `src` must come from the site's origin. Inline scripts run only if they are the theme's own: the
policy lists the SHA-256 of a fixed set, computed from the templates when the build starts — Material's inline
scripts that this configuration includes (`THEME_SCRIPTS`: the storage helpers, which name the page's base URL,
the palette and content restorers) and any inline script in `overrides/`, which must then be static text. The
templates are rendered as the pages see them, overrides/ first: this site's overrides/partials/javascripts/ load
those three from files (assets/bulletin/head.js, content.js), so its policy lists no hash. Nothing
is read from the page: a script that reaches a page by any route (an item, a docs/ page, an upload) has no listed
hash and is blocked, and the browser reports the violation. The policy goes in a `<meta http-equiv>` that the
templates place at the top of `<head>`.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from bulletin.site.compact import compact_html

PLACEHOLDER = "BULLETIN-CSP"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
DATA_TYPE = re.compile(r"""type=["']?application/(?:json|ld\+json)""", re.I)
BASE = ("default-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self' data:",
        "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'")


# Material's inline scripts (templates/partials/javascripts/) and when its base.html and header.html include them:
# a condition on MkDocs' config and the theme's features. A page holds the ones that apply and nothing else, which
# tests/test_hostile_web.py checks on every page of a build.
THEME_SCRIPTS = (
    ("partials/javascripts/base.html", lambda config, features: True),
    ("partials/javascripts/palette.html", lambda config, features: not isinstance(config.theme.get("palette"), dict)),
    ("partials/javascripts/content.html", lambda config, features: True),
    ("partials/javascripts/announce.html", lambda config, features: "announce.dismiss" in features),
    ("partials/javascripts/outdated.html", lambda config, features: bool(config.extra.get("version"))),
    ("partials/javascripts/consent.html", lambda config, features: bool(config.extra.get("consent"))),
)
JINJA = re.compile(r"{{|{%")


class DynamicScript(ValueError):
    """An inline script in overrides/ that Jinja fills in: its hash cannot be known before the page is written."""


def script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


def inline_scripts(html: str) -> list[str]:
    """Bodies of the executable inline scripts in `html` (JSON data blocks are not scripts)."""
    return [m.group("body") for m in INLINE_SCRIPT.finditer(html) if not DATA_TYPE.search(m.group("attrs"))]


class ThemeScripts:
    """The policy of a page, from the theme's scripts for its base URL (computed once per base URL)."""

    def __init__(self, env, config, overrides: Path | None = None, origins: tuple[str, ...] = ()):
        self.env, self.config, self.origins = env, config, origins
        self.features = list(config.theme.get("features") or [])
        self.templates = [name for name, wanted in THEME_SCRIPTS if wanted(config, self.features)]
        self.own = sorted(static_scripts(overrides)) if overrides else []
        self.policies: dict[tuple[str, bool], str] = {}

    def hashes(self, base_url: str) -> list[str]:
        found = set(self.own)
        for name in self.templates:
            html = self.env.get_template(name).render(config=self.config, features=self.features, base_url=base_url,
                                                      page=None)  # for the `url` filter of a template in overrides/
            found.update(script_hash(body) for body in inline_scripts(compact_html(html)))
        return sorted(found)

    def policy(self, base_url: str, relaxed: bool = False) -> str:
        key = (base_url, relaxed)
        text = self.policies.get(key)
        if text is None:
            text = self.policies[key] = policy(self.hashes(base_url), relaxed, self.origins)
        return text

    def apply(self, html: str, base_url: str, relaxed: bool = False) -> str:
        if PLACEHOLDER not in html:
            return html
        return html.replace(PLACEHOLDER, self.policy(base_url, relaxed), 1)


def static_scripts(overrides: Path) -> set[str]:
    """Hashes of the inline scripts written in the templates under `overrides` (as compact_html leaves them)."""
    found = set()
    for path in sorted(overrides.rglob("*.html")):
        for body in inline_scripts(path.read_text(encoding="utf-8")):
            if JINJA.search(body):
                raise DynamicScript(str(path))
            found.add(script_hash(compact_html(body)))
    return found


def policy(hashes: list[str], relaxed: bool = False, origins: tuple[str, ...] = ()) -> str:
    """The policy text. `origins`: the third-party scripts the footer options name (site/footer.py) — those
    origins, and no others, may serve scripts and the badge images those scripts show."""
    base = BASE
    if origins:
        base = tuple(" ".join(["img-src 'self' data:", *origins]) if d.startswith("img-src") else d for d in BASE)
    if relaxed:  # `mkdocs serve` injects its own live-reload script and connects back to the server
        return "; ".join((*base[:4], "connect-src 'self' ws: wss:", *base[5:],
                          " ".join(["script-src 'self' 'unsafe-inline'", *origins])))
    return "; ".join((*base, " ".join(["script-src 'self'", *hashes, *origins])))
