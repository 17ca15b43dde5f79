"""The Decap CMS bundle, from the npm registry at build time: pinned version, checked against its checksum.

The site serves the CMS from its own origin (no CDN at run time). The tarball is downloaded once per machine
into the user's cache folder and verified against the sha512 `integrity` npm publishes for that version, so a
mirror (`npm_config_registry`, e.g. https://registry.npmmirror.com for readers in China) cannot change a byte.
"""

from __future__ import annotations

import base64
import hashlib
import io
import os
import shutil
import tarfile
import urllib.request
from pathlib import Path

from bulletin.messages import msg

PACKAGE = "decap-cms"
VERSION = "3.16.3"
INTEGRITY = "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw=="
DEFAULT_REGISTRY = "https://registry.npmjs.org"


class BundleError(Exception):
    """The bundle could not be fetched or did not match its checksum (the message is for people)."""


def cache_dir() -> Path:
    base = os.environ.get("BULLETIN_CACHE") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "bulletin" / f"{PACKAGE}-{VERSION}"


def wanted(name: str) -> bool:
    """The browser bundle and the chunks it loads; not the duplicate `cms.js` build nor the source maps."""
    return name == "decap-cms.js" or name.endswith((".decap-cms.js", ".wasm"))


def bundle_files() -> Path:
    """The folder holding the unpacked bundle, downloading and verifying it first when needed."""
    folder = cache_dir()
    if (folder / "decap-cms.js").is_file():
        return folder
    data = _download()
    _verify(data)
    _unpack(data, folder)
    return folder


def tarball_url() -> str:
    # npm's own setting, in the lower-case spelling npm documents
    registry = os.environ.get("npm_config_registry") or os.environ.get("NPM_CONFIG_REGISTRY") or DEFAULT_REGISTRY  # noqa: SIM112
    return f"{registry.rstrip('/')}/{PACKAGE}/-/{PACKAGE}-{VERSION}.tgz"


def _download() -> bytes:
    url = tarball_url()
    try:
        with urllib.request.urlopen(url, timeout=120) as response:  # noqa: S310 (a fixed https URL)
            return response.read()
    except OSError as error:
        raise BundleError(msg("editor_download_failed", url=url, error=error)) from None


def _verify(data: bytes) -> None:
    algorithm, _, expected = INTEGRITY.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise BundleError(msg("editor_checksum", package=f"{PACKAGE}@{VERSION}"))


def _unpack(data: bytes, folder: Path) -> None:
    partial = folder.with_name(f"{folder.name}.{os.getpid()}.partial")  # its own: another build may unpack too
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("package/dist/")
            if member.isfile() and "/" not in name and wanted(name):
                (partial / name).write_bytes(tar.extractfile(member).read())
    shutil.rmtree(folder, ignore_errors=True)
    try:
        partial.rename(folder)  # whole or not at all: a build interrupted mid-download starts over next time
    except OSError:  # another build put its (identical, verified) copy there first
        shutil.rmtree(partial, ignore_errors=True)


def copy_bundle(target: Path) -> list[str]:
    """Copy the bundle into the built site's admin folder; returns the file names."""
    source = bundle_files()
    names = sorted(p.name for p in source.iterdir() if wanted(p.name))
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        copy = target / name
        if not copy.exists() or copy.stat().st_size != (source / name).stat().st_size:  # a preview rebuild
            shutil.copyfile(source / name, copy)
    return names
