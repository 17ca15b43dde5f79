"""The built site through checkers nobody here wrote: the Nu Html Checker (vnu) on every page."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import REPO

VNU = REPO / ".venv" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# Material's own markup, not ours, set aside by exact message and the element it names. Material 9.8 writes
# `autocomplete="off"` on its hidden drawer and search checkboxes (base.html) so browsers do not restore their
# state on back navigation; HTML allows autocomplete on text-like inputs only. Everything else vnu reports fails.
MATERIAL_KNOWN = [
    (re.compile(r"^Attribute “autocomplete” is only allowed when the input type is “color”, “date”, .*"),
     re.compile(r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)"'
                r' autocomplete="off">')),
]

# A page with the markup vnu found here before (issue 28): the checker must still see it, or it checks nothing.
BROKEN = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>坏</title></head><body>
<div role="list"><a role="listitem" href="a/">渝中</a></div>
<figure role="group"><figcaption>图</figcaption></figure>
<label for="nowhere">目录</label>
</body></html>
"""


def vnu(files: list[Path]) -> list[dict]:
    """vnu's errors for all `files` in one run (the JVM takes seconds to start: one start for the whole site)."""
    assert VNU.exists(), "run ./dev test (it installs vnu-jar into .venv/vnu and Debian's Java)"
    run = subprocess.run(["java", "-Xss2m", "-jar", str(VNU), "--format", "json", "--errors-only", "--exit-zero-always",
                          *map(str, files)], capture_output=True, text=True, timeout=600)
    return [m for m in json.loads(run.stderr)["messages"] if m["type"] in ("error", "non-document-error")]


def material_known(message: dict) -> bool:
    return any(text.match(message["message"]) and where.search(message.get("extract", ""))
               for text, where in MATERIAL_KNOWN)


@pytest.mark.skipif(shutil.which("java") is None, reason="vnu runs on Java (./dev test installs Debian's)")
def test_every_page_passes_vnu(seed_site, tmp_path):
    pages = sorted(seed_site.rglob("*.html"))
    broken = tmp_path / "broken.html"
    broken.write_text(BROKEN, encoding="utf-8")
    errors = vnu([*pages, broken])
    ours = [m for m in errors if not material_known(m)]
    on_site = [f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}" for m in ours
               if not m["url"].endswith("/broken.html")]
    assert on_site == []
    caught = {m["message"][:40] for m in ours if m["url"].endswith("/broken.html")}
    assert caught == {"Attribute “href” not allowed on element ", "A “figure” element with a “figcaption” d",
                      "The value of the “for” attribute of the "}, caught
    # every page was read, and Material's set-aside errors are the two checkboxes on each page, nothing more
    assert {m["url"].rsplit("/site/", 1)[-1] for m in errors if material_known(m)} == {
        str(p.relative_to(seed_site)) for p in pages if "md-toggle" in p.read_text(encoding="utf-8")}
    assert len(pages) >= 75
