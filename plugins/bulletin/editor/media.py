"""The editor's uploads: off unless mkdocs.yml names a folder (`editor: {media: uploads}`), and then images only.

Whatever lands in the folder is published on the site's own origin, where Decap keeps the staff member's login in
localStorage: an SVG or HTML file opened there runs its scripts with that login at hand. So every file in it must
be a PNG, JPEG, GIF or WebP image — told by its first bytes, and named with that type's extension (a static host
picks the Content-Type by the name) — or the build fails naming it. The same holds for `docs/uploads` when uploads
are off (the folder the editor wrote to before they were), so nothing an earlier upload left is published.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

from bulletin.messages import msg

DEFAULT_FOLDER = "uploads"
# type → (extensions, a test on the file's first 16 bytes)
IMAGES = {
    "PNG": ((".png",), lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "JPEG": ((".jpg", ".jpeg"), lambda head: head.startswith(b"\xff\xd8\xff")),
    "GIF": ((".gif",), lambda head: head[:6] in (b"GIF87a", b"GIF89a")),
    "WebP": ((".webp",), lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
}
MARKUP = (b"<svg", b"<!doctype", b"<html", b"<script", b"<?xml", b"<body", b"<head", b"<iframe", b"<!--")
SNIFF = 1024  # bytes read to tell markup: browsers sniff about as far


def folder_problem(value: str) -> str:
    """"" when `value` (the `media` option) names a folder inside docs/, else why not."""
    path = PurePosixPath(value.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or not path.parts or path.parts[0].startswith("."):
        return msg("media_folder_bad", value=value)
    return ""


def image_type(head: bytes) -> str | None:
    return next((name for name, (_, test) in IMAGES.items() if test(head)), None)


def what_it_is(path: Path, head: bytes) -> str:
    """The kind of a file that is not an image, for the message: SVG, a web page, or something else."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if path.suffix.lower() in (".svg", ".svgz") or b"<svg" in text:
        return msg("upload_kind_svg")
    if path.suffix.lower() in (".html", ".htm", ".xhtml", ".shtml", ".xml") or text.startswith(MARKUP):
        return msg("upload_kind_html")
    return msg("upload_kind_other", suffix=path.suffix or msg("upload_no_suffix"))


def check_uploads(docs_dir: Path, folder: str) -> list[tuple[Path, str]]:
    """Every file under docs_dir/folder that may not be published, with `path: message (hint)` in the staff's
    language (the path from the project folder); hidden files are skipped (MkDocs does not publish them)."""
    root = docs_dir / folder
    if root.is_symlink():
        return [(root, f"{root.relative_to(docs_dir.parent).as_posix()}: {msg('upload_not_regular')}")]
    if not root.is_dir():
        return []
    problems = []
    for top, dirs, names in os.walk(root):  # does not follow links to folders: reported below instead
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for entry in [*sorted(names), *(d for d in dirs if (Path(top) / d).is_symlink())]:
            if entry.startswith("."):
                continue
            path = Path(top) / entry
            rel = path.relative_to(docs_dir.parent).as_posix()
            info = path.lstat()
            if not stat.S_ISREG(info.st_mode):
                problems.append((path, f"{rel}: {msg('upload_not_regular')}"))
                continue
            with path.open("rb") as file:
                head = file.read(SNIFF)
            kind = image_type(head)
            if kind is None:
                problems.append((path, f"{rel}: {msg('upload_not_image', kind=what_it_is(path, head))} "
                                       f"({msg('upload_not_image_hint')})"))
            elif path.suffix.lower() not in IMAGES[kind][0]:
                problems.append((path, f"{rel}: {msg('upload_wrong_suffix', kind=kind, suffix=path.suffix or '—')} "
                                       f"({msg('upload_wrong_suffix_hint', suffix=IMAGES[kind][0][0])})"))
    return problems
