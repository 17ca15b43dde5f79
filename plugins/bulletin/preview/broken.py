"""`mkdocs serve` with mistakes in the archive: keep serving, and say what is wrong on every page.

A build that raises leaves MkDocs' dev server waiting for a good build before it answers any page, so a staff
member who saved a broken file saw the browser hang. Instead the preview builds the last archive that loaded
cleanly (or, at start-up, whatever loaded) and every page carries a banner listing each problem; the next good
save rebuilds, the live reload fires, and the banner is gone.
"""

from __future__ import annotations

from pathlib import Path

from bulletin.archive.model import Archive
from bulletin.archive.problems import Problems


def archive_to_preview(root: Path, loaded: Archive, problems: Problems,
                       last_good: dict[str, Archive]) -> tuple[Archive, list[str]]:
    """The archive the preview should show, and the problems its banner should list (empty when all is well).
    `last_good` (archive folder → the last archive without errors; the preview's state owns it) is updated."""
    key = str(Path(root).resolve())
    errors = [p.as_text() for p in problems.sorted() if p.severity == "error"]
    if not errors:
        last_good[key] = loaded
        return loaded, []
    return last_good.get(key, loaded), errors
