"""Shared fixtures: the repo's paths, temporary archives and real MkDocs builds through the API."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# The web editor's repository and login server, as a publisher sets them (mkdocs.yml reads both with !ENV);
# tests of a missing setting remove them.
os.environ.setdefault("EDITOR_REPO", "example/yuhuan-archive")
os.environ.setdefault("EDITOR_AUTH_URL", "https://auth.example.org")

REPO = Path(__file__).resolve().parent.parent
# the archive tests start from: a frozen copy of 期 008 and the vocabularies, so adding real issues
# to issues/ never changes what a test sees (only test_the_repository_archive_is_clean reads issues/)
TEST_ARCHIVE = Path(__file__).resolve().parent / "fixtures" / "archive"
SEED = TEST_ARCHIVE / "2020-008" / "source.txt"  # the circulated text 期 008 was imported from


# a valid item of the seed issue, for tests that break it one field at a time
GOOD_ITEM = "issues/2020-008/30-ceshi-tiaomu.md"
GOOD_ITEM_TEXT = """---
title: 测试条目
section: 区县动态
date: 2020-07-16
date_precision: day
districts: [沙坪坝区]
tags: [无废学校]
slug: ceshi-tiaomu
---

沙坪坝区开展“无废学校”创建。
"""

ENV_SITE_URL = "site_url: !ENV SITE_URL\n"
DEFAULT_SITE_URL = "http://127.0.0.1/archive/"


def make_project(tmp: Path, archive: Path | None = None, site_url: str | None = DEFAULT_SITE_URL,
                 extra: str = "") -> Path:
    """A temporary MkDocs project using this repo's plugin, templates and docs; returns its mkdocs.yml.
    `site_url=None` leaves it unset; `site_url="!ENV"` keeps the repo's `!ENV SITE_URL` line."""
    project = tmp / "project"
    project.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "docs", project / "docs", dirs_exist_ok=True)
    if archive is None:
        archive = TEST_ARCHIVE
    if not (project / "issues").exists():
        shutil.copytree(archive, project / "issues")
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert ENV_SITE_URL in config, "mkdocs.yml should read site_url from the SITE_URL environment variable"
    config = config.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    if site_url != "!ENV":
        config = config.replace(ENV_SITE_URL, f"site_url: {site_url}\n" if site_url else "")
    (project / "mkdocs.yml").write_text(config + extra, encoding="utf-8")
    return project / "mkdocs.yml"


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path, for byte-for-byte comparisons. A preview's admin/problems.json (its
    word to the web editor) is stamped with its build's time on purpose, so it is compared without the stamp."""
    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    if "admin/problems.json" in files:
        state = json.loads(files["admin/problems.json"])
        assert isinstance(state.pop("built"), int)
        files["admin/problems.json"] = json.dumps(state, ensure_ascii=False).encode()
    return files


def plugin_options(*lines: str) -> str:
    """An `extra` for make_project: the plugin block with these option lines (e.g. "parallel_pages: true")."""
    return "\n".join(["", "plugins:", "  - bulletin:", "      archive: issues", *(f"      {x}" for x in lines), ""])


def new_issue(archive: Path, name: str, published: str, sections: str = "[区县动态]") -> Path:
    """An empty issue folder `archive/name` with its issue.yml."""
    folder = archive / name
    folder.mkdir()
    (folder / "issue.yml").write_text(f"series: 渝环简报\nnumber: 1\npublished: {published}\nissuer: 无废办\n"
                                      f"sections: {sections}\n", encoding="utf-8")
    return folder


def issue_files(folder: Path) -> dict[str, bytes]:
    """An imported issue folder minus what depends on the format it came from: source.txt (the text as that format
    gave it), the original kept beside it (source.pdf, source.docx, …) and issue.yml's record of it (`original:`,
    always its last lines). Two imports of one bulletin from different formats must agree on all the rest."""
    files = {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith("source.")}
    if "issue.yml" in files:
        files["issue.yml"] = files["issue.yml"].split(b"\noriginal:\n", 1)[0].rstrip(b"\n") + b"\n"
    return files


def build(config_file: Path, strict: bool = True):
    """Run a real `mkdocs build` through the API; returns the loaded config."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(config_file=str(config_file), strict=strict)
    mkdocs_build(config)
    return config


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The repo's own archive built once for the session (site_url under /archive/)."""
    tmp = tmp_path_factory.mktemp("seed")
    config = build(make_project(tmp, site_url="http://127.0.0.1/archive/"))
    return Path(config.site_dir)


@pytest.fixture
def archive_copy(tmp_path) -> Path:
    """A writable copy of the repo's archive."""
    target = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, target)
    return target


@pytest.fixture(scope="module")
def chromium():
    """Debian's chromium through Playwright, one per test module (the project's launch options: tests/browser.py)."""
    from playwright.sync_api import sync_playwright

    from .browser import launch

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()
