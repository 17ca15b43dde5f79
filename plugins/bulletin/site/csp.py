"""Content-Security-Policy for every page: only the site's own scripts run.

Scripts with `src` must come from the site's origin; inline scripts (Material has a few small ones) are allowed
by their SHA-256 hashes, computed from the page as written, so an injected inline script has no hash and is
blocked. The policy goes in a `<meta http-equiv>` that the templates place at the top of `<head>`.
"""

from __future__ import annotations

import base64
import hashlib
import re

PLACEHOLDER = "BULLETIN-CSP"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)
DATA_TYPE = re.compile(r"""type=["']?application/(?:json|ld\+json)""", re.I)
BASE = ("default-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self' data:",
        "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'")


def policy(html: str, relaxed: bool = False) -> str:
    if relaxed:  # `mkdocs serve` injects its own live-reload script and connects back to the server
        return "; ".join((*BASE[:4], "connect-src 'self' ws: wss:", *BASE[5:], "script-src 'self' 'unsafe-inline'"))
    hashes = sorted({
        "'sha256-" + base64.b64encode(hashlib.sha256(m.group("body").encode("utf-8")).digest()).decode() + "'"
        for m in INLINE_SCRIPT.finditer(html) if not DATA_TYPE.search(m.group("attrs"))
    })
    return "; ".join((*BASE, " ".join(["script-src 'self'", *hashes])))


def apply_csp(html: str, relaxed: bool = False) -> str:
    if PLACEHOLDER not in html:
        return html
    return html.replace(PLACEHOLDER, policy(html, relaxed), 1)
