"""The MkDocs plugin: glue between MkDocs' events and the archive modules. No logic lives here.

MkDocs keeps this one instance for the whole of `mkdocs serve` (the plugin defines `on_startup`), so everything
kept from one rebuild to the next is `self.state` (preview/state.py); MkDocs' internals are reached through
engine.py only."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import urlsplit

import nh3
from markupsafe import Markup

from bulletin import gc_control
from bulletin.archive.load import check_links, load_archive
from bulletin.archive.model import Archive
from bulletin.archive.problems import Problems
from bulletin.cache import files_stamp
from bulletin.config import PluginConfig
from bulletin.editor import localserver
from bulletin.editor.admin import FOLDER as EDITOR_FOLDER
from bulletin.editor.admin import repo_root, write_admin
from bulletin.editor.cmsconfig import Backend
from bulletin.editor.media import DEFAULT_FOLDER, check_uploads, folder_problem
from bulletin.engine import (
    BasePlugin,
    File,
    Files,
    InclusionLevel,
    PluginError,
    drop_page_text,
    event_priority,
    get_relative_url,
    is_error_template,
    quiet_dirty_builds,
    set_sitemap_date,
    use_template,
)
from bulletin.lifecycle import discard_site, leave, orderly_shutdown_on_signals, sweep_discarded
from bulletin.messages import msg
from bulletin.preview.broken import archive_to_preview
from bulletin.preview.identity import page_identity, site_inputs
from bulletin.preview.state import PreviewState
from bulletin.search.job import PARALLEL_FROM, SearchJob
from bulletin.site import filters, structured
from bulletin.site.chrome import ChromeCache
from bulletin.site.compact import compact_html
from bulletin.site.conservation import check_conservation
from bulletin.site.csp import DynamicScript, ThemeScripts
from bulletin.site.feeds import feed_files, write_feeds
from bulletin.site.footer import FooterProblem, read_footer
from bulletin.site.minify import minify_scripts
from bulletin.site.pages import PageSpec, build_pages, home_context, original_files
from bulletin.site.parallel import ParallelRender
from bulletin.site.precompress import precompress
from bulletin.site.publishing import footprint, over_limits, report_line, search_file_budget
from bulletin.site.rowcache import RowCache
from bulletin.site.sitemaps import split_sitemap
from bulletin.site.taxonomy import Taxonomy
from bulletin.site.themefiles import drop_unused

log = logging.getLogger("mkdocs.plugins.bulletin")
NOT_IN_NAV = InclusionLevel.NOT_IN_NAV
AFTER_PREVIEW_BUILD = 1.0  # seconds: the collector's full pass waits until the edited page is served
# MkDocs stamps sitemap.xml.gz with the newest page date, as unsigned 32-bit seconds since 1970: outside these days
# it cannot be written (struct.error), so the sitemap's dates are held within them
GZIP_FIRST_DAY, GZIP_LAST_DAY = "1970-01-01", "2106-02-06"


class BulletinPlugin(BasePlugin[PluginConfig]):
    archive: Archive
    taxonomy: Taxonomy
    pages: dict[str, PageSpec]

    state: PreviewState  # everything kept from one build to the next (preview/state.py)

    def __init__(self):
        super().__init__()
        self.state = PreviewState()  # for builds through the API, which never call on_startup
        self.file_budget: int | None = None  # files the search index may take (on_files)

    @property
    def serving(self) -> bool:
        return self.state.serving

    @property
    def dirty(self) -> bool:
        return self.state.dirty

    def on_startup(self, command, dirty):
        """Once per `mkdocs build` or `mkdocs serve`: MkDocs keeps this one instance for the whole serve, because
        the plugin defines this event, so the state made here lives exactly as long as the preview."""
        self.state.close()
        self.state = PreviewState(serving=command == "serve", dirty=command == "serve" and dirty)
        if self.dirty:  # MkDocs warns on every dirty build that links may be stale: here the plugin keeps them right
            quiet_dirty_builds()
        if self.serving:
            orderly_shutdown_on_signals()
            sweep_discarded()

    @event_priority(-100)  # last: `leave` ends the process after a signal
    def on_shutdown(self):
        """The preview is closing: stop a search-index writer that may still be running, and the editor's backend."""
        self.state.close()
        if self.serving:  # its temporary site (a build keeps what it built), then the way out (lifecycle.py)
            discard_site(getattr(self, "site_dir", None))
            leave()

    def on_config(self, config):
        # `mkdocs -q` raises the `mkdocs` logger to ERROR, so our warnings would never reach MkDocs' strict-mode
        # counter: a missing site_url would pass `build -q --strict` unseen. Ours stay at WARNING or below.
        log.setLevel(min(logging.WARNING, logging.getLogger("mkdocs").getEffectiveLevel()))
        gc_control.hold_back()  # a build allocates ~millions of objects that outlive it or die with it (gc_control.py)
        try:  # checked before the archive loads: a mistyped 备案号 fails at once, naming the option
            self.footer = read_footer(self.config.footer)
        except FooterProblem as problem:
            raise PluginError(msg("footer_problem", problem=problem)) from None
        root = self.root = Path(config.config_file_path or ".").parent / self.config.archive
        if not root.is_dir():
            raise PluginError(msg("archive_not_found", path=root))
        problems = Problems()
        self.state.memo.begin()
        self.archive = load_archive(root, problems, caches=self.state.caches())
        check_links(Path(config.docs_dir), Path(config.docs_dir).name, problems)  # MkDocs would follow a link
        for problem in problems.warnings:
            log.warning(problem.as_text())
        self.preview_problems: list[str] = []
        if problems.errors and self.serving:  # never fail a preview build: MkDocs would hold every request
            self.archive, self.preview_problems = archive_to_preview(root, self.archive, problems,
                                                                     self.state.last_good)
            log.warning(msg("preview_broken", count=len(self.preview_problems)) + "\n"
                        + "\n".join(self.preview_problems))
        elif problems.errors:
            raise PluginError(msg("archive_problems", count=len(problems.errors)) + "\n"
                              + "\n".join(p.as_text() for p in problems.sorted() if p.severity == "error"))
        elif self.serving:
            archive_to_preview(root, self.archive, problems, self.state.last_good)
        self.taxonomy = Taxonomy.of(self.archive)
        self.pages = build_pages(self.archive, self.taxonomy, self.config.page_size)
        config.watch.append(str(root))
        self.site_dir = config.site_dir
        repo = repo_root(root)
        self.backend = self._editor_backend(repo, config)
        self.archive_in_repo = root.resolve().relative_to(repo).as_posix()
        if not config.site_url:  # `mkdocs serve` always sets its own address
            log.warning(msg("missing_site_url"))
        self.stamp = (site_inputs(self._stamp(config) + "\n".join(self.preview_problems), self.archive, self.state.memo)
                      if self.serving else "")
        return config

    def _editor_backend(self, repo: Path, config) -> Backend | None:
        options = self.config.editor
        media = options.media.rstrip("/")
        if media and folder_problem(media):
            raise PluginError(folder_problem(media))
        if not options.enabled:
            return None
        docs = Path(os.path.relpath(Path(config.docs_dir).resolve(), repo)).as_posix()
        local = options.local_backend
        if self.serving and not local:  # started once per preview, on its first build
            if self.state.editor_server is None:
                self.state.editor_server = localserver.start(repo) or (None, "")
            local = self.state.editor_server[1]
        repo = options.repo or os.environ.get("EDITOR_REPO") or os.environ.get("GITHUB_REPOSITORY", "")
        base_url = options.base_url or os.environ.get("EDITOR_AUTH_URL", "")
        return Backend(name=options.backend, repo=repo, branch=options.branch, base_url=base_url,
                       api_root=options.api_root, app_id=options.app_id, local_backend=local,
                       media_folder=f"{docs}/{media}" if media else "", public_folder=media)

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def on_env(self, env, config, files):
        self.env = env
        if self.serving:
            env.bytecode_cache = self.state.templates
        latest = str(self.archive.issues[-1].published) if self.archive.issues else "2000-01-01"
        for file in files.documentation_pages():  # every page, built this time or not (a dirty build skips some)
            spec = self.pages.get(file.src_uri)
            if file.page is not None:  # reproducible sitemap and sitemap.xml.gz (whose header holds a 32-bit time)
                day = (spec.updated if spec else "") or latest
                set_sitemap_date(file.page, min(max(day, GZIP_FIRST_DAY), GZIP_LAST_DAY))
        env.filters.update(filters.FILTERS)
        env.filters["json_ld"] = structured.json_ld
        env.globals["bl_structured"] = structured.structured
        env.globals["bl_row"] = RowCache(env)
        env.globals["bl_chrome"] = ChromeCache(self.nav)
        env.globals["bl_preview_problems"] = self.preview_problems
        env.globals["bl_footer"] = self.footer
        try:  # the only inline scripts pages may run: the theme's own, from the templates (site/csp.py)
            self.csp = ThemeScripts(env, config, Path(config.theme.custom_dir) if config.theme.custom_dir else None,
                                    self.footer.origins)
        except DynamicScript as error:
            raise PluginError(msg("csp_dynamic_script", path=error)) from None
        self.render = ParallelRender()
        gc_control.hold_back()  # pages render from here: what exists now lives through the build
        if self._parallel_pages():  # last: from here on nothing a page shows changes
            other = set(list(self.pages)[1::2])
            self.render.start(files, config, self.nav, env, lambda f: f.src_uri in other)
        return env

    def _parallel_pages(self) -> bool:
        wanted = self.config.parallel_pages
        if wanted is None:  # on two cores the search index already has the second one: measured slower there
            wanted = len(self.archive.items) >= PARALLEL_FROM and (os.cpu_count() or 1) > 2
        return bool(wanted) and not self.serving

    @staticmethod
    def _stamp(config) -> str:
        """Everything besides the archive that shapes a page: templates, mkdocs.yml, docs/, the site URL."""
        sources = [Path(config.config_file_path or "."), Path(config.docs_dir)]
        if config.theme.custom_dir:
            sources.append(Path(config.theme.custom_dir))
        return files_stamp([p for p in sources if p.exists()]) + (config.site_url or "")

    def _start_search(self, config) -> None:
        self.search_job = SearchJob(self.archive, Path(config.site_dir), self.config.search_shards,
                                    self.config.parallel_index, self.config.search_layout, self.file_budget)
        if self.serving:  # known at once, so a shutdown during this very build stops it too
            self.state.search = self.search_job

    def _refuse_uploads(self, files: Files, config) -> None:
        """Only images are published from the editor's upload folder (editor/media.py): anything else fails the
        build naming it; the preview leaves it out and says so."""
        docs = Path(config.docs_dir)
        refused = check_uploads(docs, self.config.editor.media.rstrip("/") or DEFAULT_FOLDER)
        if not refused:
            return
        text = msg("uploads_refused", count=len(refused)) + "\n" + "\n".join(line for _, line in refused)
        if not self.serving:
            raise PluginError(text)
        log.warning(text)
        for path, _ in refused:
            for file in [f for f in files if f.abs_src_path and Path(f.abs_src_path).is_relative_to(path)]:
                files.remove(file)

    def on_files(self, files: Files, config) -> Files:
        self._refuse_uploads(files, config)
        drop_unused(files, config)
        minify_scripts(files)  # the site's scripts ship without comments; the sources keep them
        circulated = original_files(self.archive)
        # the site's files besides the search index: these, a page each, the circulated originals
        self.file_budget = search_file_budget(len(files) + len(self.pages) + len(circulated))
        if not self.dirty:  # site_dir was cleaned before this event: the index can be written while pages render
            self._start_search(config)
        keys = {}
        for spec in self.pages.values():
            if files.get_file_from_path(spec.src_uri) is not None:
                raise PluginError(msg("page_clash", path=spec.src_uri))
            source = spec.source(self.state.sources if self.serving else None)
            files.append(File.generated(config, spec.src_uri, content=source, inclusion=NOT_IN_NAV))
            if self.dirty:
                keys[spec.src_uri] = page_identity(self.stamp, spec, source, self.state.memo)
        originals = []
        for uri, path in circulated.items():  # copied as they are; MkDocs skips unchanged ones
            if not (self.root / path).is_file():  # a preview of the last good archive: since deleted
                continue
            if files.get_file_from_path(uri) is not None:
                raise PluginError(msg("page_clash", path=uri))
            files.append(File.generated(config, uri, abs_src_path=os.path.abspath(self.root / path),
                                        inclusion=NOT_IN_NAV))
            originals.append(uri)
        self.originals = set(originals)
        if self.dirty:
            building, total = self.state.written.plan(files, keys, config, originals)
            log.info(f"bulletin: {building} of {total} pages to rebuild")
        else:
            self.state.written.forget()
        return files

    def on_page_content(self, html, page, config, files):
        spec = self.pages.get(page.file.src_uri)
        if spec is not None and "item" in spec.context:
            html = nh3.clean(html)  # item text comes from pull requests: whatever Markdown let through, no HTML
        # plain `mkdocs serve` re-renders every page: reuse unchanged ones. A plain build renders each page once, and
        # a dirty preview renders only pages whose key changed (on_files): neither has anything to reuse.
        if spec is not None and self.serving and not self.dirty:
            page.bl_key = page_identity(self.stamp, spec, html, self.state.memo)
            page.bl_cached = self.state.pages.get(spec.src_uri, page.bl_key)
            if page.bl_cached is not None:  # unchanged since the last `mkdocs serve` build: no Jinja render
                use_template(page, "bulletin/cached.html")  # MkDocs picks the template before page_context
        return html

    @event_priority(50)
    def on_page_context(self, context, page, config, nav):
        context["bl"] = {
            "archive": self.archive,
            "tax": self.taxonomy,
            "districts": self.archive.districts_by_name,
            "tags": self.archive.tags_by_name,
            **self._ctx(page),
        }
        if getattr(page, "bl_cached", None) is not None:
            context["bl_cached"] = Markup(page.bl_cached)
        return context

    def on_post_page(self, output, page, config):
        output = self.csp.apply(compact_html(output), get_relative_url(".", page.url), relaxed=self.serving)
        key = getattr(page, "bl_key", None)
        if key is not None and page.meta.get("template") != "bulletin/cached.html":
            self.state.pages.put(page.file.src_uri, key, output)
        drop_page_text(page)  # written next and read by nothing after: 100,000 pages' worth
        return output

    def on_template_context(self, context, template_name, config):
        if template_name == "404.html":  # a page not found still offers the way back in
            context["bl"] = home_context(self.archive, self.taxonomy)
        return context

    def on_post_template(self, output_content, template_name, config):
        if template_name.endswith(".html"):
            output_content = compact_html(output_content)
        # the base_url MkDocs gives the template (mkdocs/commands/build.py, _build_theme_template)
        error_page = is_error_template(template_name)
        base = urlsplit(config.site_url or "/").path if error_page else get_relative_url(".", template_name)
        return self.csp.apply(output_content, base, relaxed=self.serving)

    def on_pre_build(self, config):
        # `mkdocs serve`: the previous build's index may still be writing into site_dir, which is cleaned next;
        # this build writes a fresh one, so stop the old writer rather than wait for it
        self.state.stop_search()

    def on_post_build(self, config):
        gc_control.release(collect_after=AFTER_PREVIEW_BUILD if self.serving else None)
        site = Path(config.site_dir)
        if not self.render.wait():
            raise PluginError(msg("render_failed"))
        if self.dirty:  # a preview rebuild: the edited pages first, then the index (handing it over takes a while)
            self._start_search(config)
        if self.serving and self.search_job.parallel:
            # preview: pages are served now; search files land a few seconds later (checked when built)
            written = None
            log.info("bulletin: the search index is being rebuilt in the background")
        else:
            written = self.search_job.result()
            self.state.search = None
        feeds = write_feeds(self.archive, self.taxonomy, site, config.site_url,
                            self.state.feeds if self.serving else None, self.state.memo)
        check_conservation(self.archive, self.pages, site, written, feeds, self.originals,
                           self.state.links if self.serving else None)
        self._write_editor(site, config)
        split_sitemap(site, config.site_url or "")  # past 50,000 pages: parts under an index
        if self.dirty:  # a dirty build cleans nothing: what the last one wrote and this one did not must go
            editor = site / EDITOR_FOLDER
            self.state.written.written([site / path for path in feed_files(feeds)]
                                       + ([p for p in editor.rglob("*") if p.is_file()] if self.backend else []))
            self.state.written.commit()
        if not self.serving and self.config.precompress == "gzip":  # a preview is not published
            precompress(site)
        if not self.serving:  # last: what a deployment uploads
            self._report(site, written.layout)  # not serving: the index was written in this build
        self.state.memo.settle()

    @staticmethod
    def _report(site: Path, layout: str) -> None:
        found = footprint(site)
        log.info(report_line(found))
        for warning in over_limits(found, layout=layout):
            log.warning(warning)

    def _write_editor(self, site: Path, config) -> None:
        if self.backend is None:
            return
        problem = write_admin(site, self.archive, self.backend, self.archive_in_repo, config, self.env,
                              self.preview_problems if self.serving else None)
        if problem:
            log.warning(msg("editor_unavailable", problem=problem))
        elif self.serving:
            log.info(msg("editor_local", url=config.site_url or "/") if self.backend.local_backend
                     else msg("editor_no_local"))
        elif not self.backend.repo:
            log.warning(msg("editor_no_repo"))
        elif self.backend.name == "github" and not self.backend.base_url:
            log.info(msg("editor_no_auth"))  # not a warning: a site hosted on Netlify logs in through Netlify

    def on_build_error(self, error):
        gc_control.release()
        self.state.memo.settle()
        self.state.written.forget()
        render = getattr(self, "render", None)
        if render is not None:
            render.cancel()
        job = getattr(self, "search_job", None)
        if job is not None:
            job.cancel()

    def _ctx(self, page) -> dict:
        if page.is_homepage:
            return home_context(self.archive, self.taxonomy)
        spec = self.pages.get(page.file.src_uri)
        return spec.context if spec else {}
