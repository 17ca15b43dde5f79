"""The site's own scripts shipped without their comments and spaces (rjsmin), the sources left as they are.

The scripts under overrides/assets/bulletin/ are written to be read: long comments explain the index format and
the rules each function mirrors from Python, and Node's unit tests (tests/*.cjs) load those sources. A resident
does not read them: on a first search the search page's four scripts were ~19 KiB of the ~52 KiB fetched
(docs/decisions.md, "The site's own scripts minified"). rjsmin only removes comments and whitespace — it renames
nothing and rewrites no expression — so what runs is the same program.

The minified text replaces the file's content as MkDocs copies it (`File.content_bytes`, MkDocs' documented way to
give a file other bytes), so every build, `mkdocs serve`'s and a `--dirty` preview's included, writes the same
bytes, and the precompressed `.gz` is made from what ships. A content-backed file counts as modified in a dirty
build, so an edited script is never left stale; the twenty files take about a millisecond.
Kept: `/*! … */` comments (rjsmin's `keep_bang_comments`), and a leading comment block that carries a copyright or
licence notice (the vendored QR encoder's MIT notice is a run of `//` lines, which rjsmin would drop). A file that
would not get smaller ships as it is.
"""

from __future__ import annotations

import re

import rjsmin

from bulletin.engine import Files

FOLDER = "assets/bulletin/"  # the site's own scripts (overrides/assets/bulletin/, vendor/ included)
LEADING_COMMENTS = re.compile(r"\A(?:\s*(?://[^\n]*|/\*.*?\*/))+", re.DOTALL)
NOTICE = re.compile(r"copyright|licen[cs]e|\(c\)|©", re.IGNORECASE)


def minify(source: str) -> str:
    """The script without comments and whitespace; `/*! … */` comments and a leading licence notice stay."""
    header = LEADING_COMMENTS.match(source)
    if header is not None and NOTICE.search(header.group(0)):
        body = rjsmin.jsmin(source[header.end():], keep_bang_comments=True)
        return header.group(0).strip() + "\n" + body
    return rjsmin.jsmin(source, keep_bang_comments=True)


def minify_scripts(files: Files) -> list[str]:
    """Give every `.js` file under assets/bulletin/ (from the theme's folders or docs/, not one a plugin generated)
    its minified text, unless that is no smaller. Returns the src_uris minified."""
    done = []
    for file in files:
        if file.generated_by is not None or not file.src_uri.startswith(FOLDER) or not file.src_uri.endswith(".js"):
            continue
        source = file.content_bytes
        shipped = minify(source.decode("utf-8")).encode("utf-8")
        if len(shipped) < len(source):
            file.content_bytes = shipped
            done.append(file.src_uri)
    return done
