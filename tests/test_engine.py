"""What the plugin relies on in MkDocs beyond its documented plugin API (plugins/bulletin/engine.py), pinned to the
supported range: an MkDocs release that changes one of these fails here, naming it."""

from __future__ import annotations

import inspect
import logging
from importlib.metadata import version
from pathlib import Path

import tomllib
from mkdocs.commands import build as mkdocs_build_module
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from packaging.specifiers import SpecifierSet

from bulletin import engine
from bulletin.engine import BasePlugin, File, KeptPage, MkDocsConfig, Page

from .conftest import REPO, make_project

SUPPORTED = ">=1.6.1,<2"


def test_the_installed_mkdocs_is_the_supported_range():
    declared = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    assert f"mkdocs{SUPPORTED}" in declared  # this file pins behaviours for exactly this range
    assert version("mkdocs") in SpecifierSet(SUPPORTED)


def test_one_plugin_instance_lives_through_every_build_of_a_serve(tmp_path):
    """preview/state.py lives on the plugin instance: MkDocs keeps it because the plugin defines on_startup
    (every `mkdocs serve` rebuild loads the config again), and makes a new one of a plugin that does not."""
    config_file = str(make_project(tmp_path))
    first, again = load_config(config_file=config_file), load_config(config_file=config_file)
    assert first.plugins["bulletin"] is again.plugins["bulletin"]
    assert first.plugins["bulletin"].state is again.plugins["bulletin"].state
    # MkDocs' test: an event method of the plugin's own (BasePlugin's placeholders are deleted at import)
    assert not hasattr(BasePlugin, "on_startup") and "on_startup" in vars(type(first.plugins["bulletin"]))


class Pin(BasePlugin):
    """Drives a plain MkDocs project through the engine's helpers."""

    keep: set[str] = set()

    def on_files(self, files, config):
        for file in files.documentation_pages():
            (engine.mark_unchanged if file.src_uri in self.keep else engine.mark_changed)(file)
        return files

    def on_env(self, env, config, files):
        for file in files.documentation_pages():
            if file.page is not None:
                engine.set_sitemap_date(file.page, "2020-07-15")
        return env

    def on_page_content(self, html, page, config, files):
        if page.file.src_uri == "b.md":
            engine.use_template(page, "pin.html")
        return html

    def on_post_page(self, output, page, config):
        engine.drop_page_text(page)
        return output


def _project(tmp_path: Path) -> MkDocsConfig:
    docs, custom = tmp_path / "docs", tmp_path / "custom"
    docs.mkdir()
    custom.mkdir()
    (docs / "index.md").write_text("# A\n", encoding="utf-8")
    (docs / "b.md").write_text("# B\n", encoding="utf-8")
    (custom / "pin.html").write_text("PINNED {{ page.title }}", encoding="utf-8")
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "site_url": "https://example.org/", "docs_dir": str(docs),
                      "site_dir": str(tmp_path / "site"), "theme": {"name": "mkdocs", "custom_dir": str(custom)},
                      "plugins": []})
    assert config.validate()[0] == []
    config.plugins["pin"] = Pin()
    return config


def test_a_dirty_build_skips_what_is_marked_unchanged_and_reads_the_template_and_date_given(tmp_path, caplog):
    config = _project(tmp_path)
    mkdocs_build(config)
    site = Path(config.site_dir)
    assert (site / "b" / "index.html").read_text("utf-8") == "PINNED B"  # use_template, read after page_content
    assert "<lastmod>2020-07-15</lastmod>" in (site / "sitemap.xml").read_text("utf-8")  # set_sitemap_date
    (site / "index.html").unlink()
    (site / "b" / "index.html").unlink()
    Pin.keep = {"index.md"}
    try:
        with caplog.at_level(logging.WARNING, logger=engine.BUILD_LOG):
            mkdocs_build(config, dirty=True)
    finally:
        Pin.keep = set()
    assert not (site / "index.html").exists()  # mark_unchanged: neither read nor written
    assert (site / "b" / "index.html").exists()  # mark_changed: built again
    dirty_warnings = [r for r in caplog.records if engine.DIRTY_WARNING in r.getMessage()]
    assert dirty_warnings and not engine.quiet_dirty_warning(dirty_warnings[0])  # the text the filter drops


def test_a_kept_page_carries_what_mkdocs_reads_of_a_skipped_page(tmp_path):
    """`KeptPage` skips Page.__init__: it must set every attribute MkDocs' own sets (what MkDocs reads of a page a
    dirty build skips: its addresses for the sitemap, "not modified"). A new attribute in a new MkDocs fails here."""
    (tmp_path / "docs").mkdir()
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "site_url": "https://example.org/a/", "docs_dir": str(tmp_path / "docs"),
                      "site_dir": str(tmp_path / "site")})
    assert config.validate() == ([], [])
    real = Page(None, File("x/index.md", config.docs_dir, config.site_dir, True), config)
    kept = KeptPage(File("x/index.md", config.docs_dir, config.site_dir, True), real.url, config.site_url)
    assert set(vars(kept)) == set(vars(real))
    assert (kept.url, kept.canonical_url, kept.abs_url) == (real.url, real.canonical_url, real.abs_url)
    assert not kept.file.is_modified() and kept.file.page is kept


def test_the_private_renderer_and_the_filtered_notes_are_where_the_engine_expects():
    parameters = list(inspect.signature(mkdocs_build_module._build_page).parameters)
    assert parameters[:5] == ["page", "config", "doc_files", "nav", "env"]  # engine.render_page's call
    source = inspect.getsource(mkdocs_build_module)
    assert engine.EMPTY_NOTE in source and engine.DIRTY_WARNING in source
    assert "page.file.is_modified()" in source  # what mark_changed / mark_unchanged answer
