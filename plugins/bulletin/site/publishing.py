"""What a published site needs from its publisher: the address it lives at (`site_url`).

Without it MkDocs cannot write absolute links, so feeds fall back to relative links, the sitemap stays empty and
the 404 page (served at any depth) cannot find its styles under a subpath. The build says so loudly, once.

And what a deployment uploads: every build ends with one line of files, bytes and the largest file, and a warning
for each limit of a common static host the site exceeds (a strict build fails on it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from posixpath import relpath

from bulletin.messages import msg


def feed_base(site_url: str | None, feed_path: str) -> str:
    """The prefix every link in the feed at `feed_path` starts with: the site's address, or (no `site_url`)
    the relative way from the feed's folder back to the site root, which feed readers resolve against the
    feed's own address."""
    if site_url:
        return site_url if site_url.endswith("/") else site_url + "/"
    up = relpath(".", feed_path.rsplit("/", 1)[0])
    return "" if up == "." else up + "/"


def feed_id(site_url: str | None, path: str) -> str:
    """An Atom id must be an absolute IRI: the permalink when the address is known, else a host-free tag URI."""
    if site_url:
        return feed_base(site_url, "") + path
    return f"tag:yuhuan-bulletin-archive,2020:/{path}"


# ---- the publishing report: what a deploy uploads, against the limits of the common static hosts ----

MIB = 1024 * 1024


@dataclass(frozen=True)
class HostLimit:
    """One published limit of a static host. `kind`: "files" (per deployment), "file" (bytes of one file) or
    "total" (bytes of the whole site)."""

    host: str
    kind: str
    limit: int
    label: str  # the limit as the host states it ("20,000", "25 MiB", "1 GB")


# Cloudflare Pages refuses a deployment of more than 20,000 files or with a file over 25 MiB
# (developers.cloudflare.com/pages/platform/limits); GitHub Pages sites "may be no larger than 1 GB"
# (docs.github.com/pages/getting-started-with-github-pages/github-pages-limits), read as 10^9 bytes: the warning
# comes early rather than late.
HOST_LIMITS: tuple[HostLimit, ...] = (
    HostLimit("Cloudflare Pages", "files", 20_000, "20,000"),
    HostLimit("Cloudflare Pages", "file", 25 * MIB, "25 MiB"),
    HostLimit("GitHub Pages", "total", 1_000_000_000, "1 GB"),
)


SEARCH_MARGIN = 500  # files written after the search index is cut (feeds, the editor, sitemap, 404) and more


def search_file_budget(other_files: int, limits: tuple[HostLimit, ...] | None = None) -> int:
    """Files the search index may take so that the whole site stays under the strictest host file limit:
    `search_layout: auto` writes the standard layout within it, the compact one beyond (search/writer.py)."""
    strictest = min(limit.limit for limit in (HOST_LIMITS if limits is None else limits) if limit.kind == "files")
    return strictest - other_files - SEARCH_MARGIN


@dataclass(frozen=True)
class Footprint:
    """What a deployment of `site_dir` uploads: every regular file in it."""

    files: int
    bytes: int
    largest: str  # path inside the site, "/" separated; "" when the site is empty
    largest_bytes: int


def footprint(site: Path) -> Footprint:
    """One walk with os.scandir: at 10,000 items the site holds tens of thousands of files, and a Path per file
    (rglob + stat) costs several times as long."""
    files = total = largest_bytes = 0
    largest = ""
    stack = [str(site)]
    while stack:
        folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    size = entry.stat(follow_symlinks=False).st_size
                    files += 1
                    total += size
                    if size > largest_bytes or not largest:
                        largest_bytes, largest = size, entry.path
    if largest:
        largest = Path(largest).relative_to(site).as_posix()
    return Footprint(files, total, largest, largest_bytes)


def size_text(size: int) -> str:
    """Bytes for a person: 812 B, 3.4 KiB, 12.3 MiB, 1.02 GiB."""
    if size < 1024:
        return f"{size} B"
    for unit, scale in (("KiB", 1024), ("MiB", MIB), ("GiB", 1024 * MIB)):
        if size < 1024 * scale or unit == "GiB":
            return f"{size / scale:.1f} {unit}" if unit != "GiB" else f"{size / scale:.2f} {unit}"
    raise AssertionError("unreachable")


def report_line(site: Footprint) -> str:
    return msg("publish_report", files=f"{site.files:,}", size=size_text(site.bytes), largest=site.largest or "-",
               largest_size=size_text(site.largest_bytes))


def over_limits(site: Footprint, limits: tuple[HostLimit, ...] | None = None, layout: str = "compact") -> list[str]:
    """A warning per host limit the site exceeds, naming the host, the limit and what the site has.
    `limits`: HOST_LIMITS unless given (read at call time, so a test may lower them). `layout`: the search layout
    written; over the file limit with the standard one, the fix is the compact one."""
    warnings = []
    for limit in HOST_LIMITS if limits is None else limits:
        if limit.kind == "files" and site.files > limit.limit:
            key = "publish_too_many_files_standard" if layout == "standard" else "publish_too_many_files"
            warnings.append(msg(key, host=limit.host, limit=limit.label, files=f"{site.files:,}"))
        elif limit.kind == "file" and site.largest_bytes > limit.limit:
            warnings.append(msg("publish_file_too_large", host=limit.host, limit=limit.label,
                                path=site.largest, size=size_text(site.largest_bytes)))
        elif limit.kind == "total" and site.bytes > limit.limit:
            warnings.append(msg("publish_site_too_large", host=limit.host, limit=limit.label,
                                size=size_text(site.bytes)))
    return warnings
