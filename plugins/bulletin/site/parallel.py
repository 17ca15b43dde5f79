"""Render pages on the second core: after every page is read, a forked copy of the build writes half of them.

MkDocs renders pages one after another. Once it has read every page (`on_env`: navigation, contents and the
Jinja environment are complete), nothing a page's rendering depends on changes any more, so a `fork()`ed child
holding the very same objects renders every second generated page with MkDocs' own `_build_page` — the same
templates, context and plugin hooks, hence the same bytes — while the parent renders the others and skips the
child's (an empty template: MkDocs writes nothing for an empty page). The parent waits for the child before its
post-build checks, which read every page back. POSIX only (fork); elsewhere the build stays on one core.
"""

from __future__ import annotations

import logging
import os

from bulletin.engine import included_pages, quiet_empty_pages, render_page, use_template

SKIP_TEMPLATE = "bulletin/skip.html"


class ParallelRender:
    def __init__(self):
        self.child: int | None = None

    def start(self, files, config, nav, env, wanted) -> None:
        """Fork; the child renders the pages `wanted(file)` selects and exits, the parent skips them."""
        if not hasattr(os, "fork"):
            return
        doc_files = included_pages(files)
        mine = [f for f in doc_files if f.page is not None and wanted(f)]
        if not mine:
            return
        for handler in logging.getLogger().handlers:  # nothing half-written in a stream buffer is copied
            handler.flush()
        pid = os.fork()
        if pid == 0:  # the child: render, then leave without running the rest of the build
            code = 0
            try:
                for file in mine:
                    render_page(file.page, config, doc_files, nav, env)
            except BaseException:  # noqa: BLE001 (reported by the exit status; MkDocs logged the page)
                code = 1
            finally:
                os._exit(code)
        self.child = pid
        for file in mine:
            use_template(file.page, SKIP_TEMPLATE)
        quiet_empty_pages()  # MkDocs notes every page that rendered empty: here, the pages the child writes

    def wait(self) -> bool:
        """True when the child rendered all its pages (or there was none)."""
        if self.child is None:
            return True
        _, status = os.waitpid(self.child, 0)
        self.child = None
        return os.waitstatus_to_exitcode(status) == 0

    def cancel(self) -> None:
        if self.child is not None:
            try:
                os.kill(self.child, 9)
                os.waitpid(self.child, 0)
            except OSError:
                pass
            self.child = None
