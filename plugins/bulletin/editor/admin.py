"""Write /admin/ into the built site: the page (overrides/bulletin/admin.html), config.json and the CMS bundle.

The admin page is not a MkDocs page: it is absent from the navigation, the sitemap, the search index, the feeds
and the conservation count by construction, and it carries its own policy: `noindex`, and a
Content-Security-Policy that lets the CMS reach the site itself and the configured Git host, nothing else.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from bulletin.archive.model import Archive
from bulletin.archive.vocabulary import Vocabulary
from bulletin.editor.bundle import BundleError, copy_bundle
from bulletin.editor.cmsconfig import Backend, editor_data
from bulletin.editor.slugtable import slug_json

FOLDER = "admin"


def policy(backend: Backend) -> str:
    """As tight as Decap allows: its styles are inserted at run time (emotion) and its config schema is
    compiled with `new Function` (ajv), hence 'unsafe-inline' styles and 'unsafe-eval'; no inline script."""
    remote = " ".join(backend.origins())
    return "; ".join((
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob: {remote}".strip(),
        "font-src 'self' data:",
        f"connect-src 'self' {remote}".strip(),
        "frame-src 'self' blob:",
        "worker-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'none'",
    ))


def repo_root(archive: Path) -> Path:
    """The repository the archive lives in (paths in the CMS config are relative to it); without Git, the
    folder holding the archive."""
    archive = archive.resolve()
    for folder in (archive, *archive.parents):
        if (folder / ".git").exists():
            return folder
    return archive.parent


def write_admin(site: Path, archive: Archive, backend: Backend, archive_in_repo: str, config, env,
                preview_problems: list[str] | None = None) -> str:
    """Write the admin folder for `config` (MkDocs' config: site_url, site_name); returns what keeps the CMS from
    loading (the bundle could not be fetched), or "". Under `mkdocs serve`, `preview_problems` (the preview
    banner's list, preview/broken.py) goes to admin/problems.json, which the editor reads after every save."""
    folder = site / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    configured = bool(backend.repo or backend.local_backend)
    problem = ""
    if configured:
        try:
            copy_bundle(folder)
        except BundleError as error:
            problem = str(error)
    ready = configured and not problem  # else the page explains itself instead of loading the CMS
    data = editor_data(archive, backend, config.site_url, archive_in_repo)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    (folder / "config.json").write_text(text, encoding="utf-8")
    slugs = slug_json(Vocabulary(archive.districts, archive.tags))  # read only when a new item needs a 网址名
    if not (folder / "slugs.json").is_file() or (folder / "slugs.json").read_bytes() != slugs:
        (folder / "slugs.json").write_bytes(slugs)
    if preview_problems is not None:  # stamped: the editor waits for the build that follows its save
        state = {"built": time.time_ns(), "problems": preview_problems}
        (folder / "problems.json").write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    html = env.get_template("bulletin/admin.html").render(
        csp=policy(backend), ready=ready, problem=problem, site_name=config.site_name, backend=backend,
        preview=preview_problems is not None)
    (folder / "index.html").write_text(html, encoding="utf-8")
    return problem
