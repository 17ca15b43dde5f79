"""`precompress: gzip`: a `.gz` beside every text file of the built site, for a web server that serves it as it
is (nginx's `gzip_static`, docs/publish/nginx.conf) instead of compressing each response again.

Level 9 once at build time rather than nginx's level 1 on every request; the `.gz` keeps its original's
modification time so nginx's Last-Modified and ETag agree between the two. A file that would not shrink by a
tenth (very small ones) gets none: the server sends it as it is, or compresses it on the fly.
Off by default: the `.gz` files count against a host's file limit (site/publishing.py), and hosts such as
GitHub Pages or Cloudflare Pages compress by themselves.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path

TEXT = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map", ".yml", ".webmanifest"})
MIN_BYTES = 256  # below this a gzip header and trailer eat most of the gain
MIN_SAVING = 0.9  # the .gz must be at most 90% of the original


def precompress(site: Path) -> int:
    """Write `<file>.gz` beside every text file under `site` worth compressing; return how many were written."""
    written = 0
    for folder, _, names in os.walk(site):
        for name in names:
            if os.path.splitext(name)[1] not in TEXT:
                continue
            path = os.path.join(folder, name)
            stat = os.stat(path)
            if stat.st_size < MIN_BYTES:
                continue
            with open(path, "rb") as source:
                data = source.read()
            packed = gzip.compress(data, 9, mtime=0)  # mtime 0: the same site gives the same bytes
            if len(packed) > MIN_SAVING * len(data):
                continue
            with open(path + ".gz", "wb") as target:
                target.write(packed)
            os.utime(path + ".gz", ns=(stat.st_atime_ns, stat.st_mtime_ns))
            written += 1
    return written
