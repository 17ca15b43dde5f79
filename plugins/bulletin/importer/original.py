"""The circulated file itself, kept with its issue: its real type (from its bytes) and what issue.yml records of it.

The uploaded name comes from a pull request, so it is never a path: the file is written as `source.<type>` in the
issue folder, and the name is kept only as text in issue.yml's `original` (control characters removed).
"""

from __future__ import annotations

import hashlib
import unicodedata
import zipfile
from pathlib import Path

from bulletin.archive.model import ORIGINAL_TYPES

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 and WPS files are both OLE2 compound files
_ODT = b"application/vnd.oasis.opendocument.text"


def original_type(path: Path) -> str | None:
    """`pdf`, `docx`, `doc`, `wps`, `odt`, `rtf` or `ofd` by the file's content; None for text (its text is kept
    as source.txt, which is the original) and for anything that is not one of these documents."""
    with open(path, "rb") as stream:
        head = stream.read(1024)
    if b"%PDF-" in head:  # readers accept the header anywhere in the first KiB
        return "pdf"
    if head.startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(_OLE2):  # the two differ only inside; the office's own suffix tells them apart
        return "wps" if path.suffix.lower() == ".wps" else "doc"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as package:
                names = set(package.namelist())
                if "word/document.xml" in names:
                    return "docx"
                if "mimetype" in names and _small_member(package, "mimetype").strip() == _ODT:
                    return "odt"
                if "OFD.xml" in names:
                    return "ofd"
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
    return None


def _small_member(package: zipfile.ZipFile, name: str, limit: int = 256) -> bytes:
    """A short member's bytes, or b"" when it is not short or not packed as office files are: a zip bomb
    (bzip2 or LZMA, or a huge declared size) is never inflated to find out what it is."""
    info = package.getinfo(name)
    if info.file_size > limit or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        return b""
    with package.open(info) as member:
        return member.read(limit + 1)  # read in small steps: never more than a few KiB inflated


def original_record(path: Path, data: bytes, kind: str) -> dict:
    """What issue.yml says of the kept file: the fixed name, the uploaded name as text, SHA-256 and size."""
    assert kind in ORIGINAL_TYPES
    name = "".join(c for c in path.name if unicodedata.category(c) != "Cc").strip() or f"source.{kind}"
    return {"file": f"source.{kind}", "name": name, "sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
