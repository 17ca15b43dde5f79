"""Serving a built site under /archive/ on 127.0.0.1 and driving it in Debian's Chromium through Playwright."""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import socketserver
import threading
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """A static host as publishers have them: a missing address gets the site's own 404.html (status 404)."""

    mount = "archive"

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None) -> None:
        page = Path(self.directory) / self.mount / "404.html"
        if code != 404 or not page.exists():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve(site: Path, tmp: Path, mount: str = "archive"):
    """Yield the base URL (http://127.0.0.1:PORT/archive/) of a static server holding `site` at the mount."""
    root = tmp / "www"
    if not (root / mount).exists():
        shutil.copytree(site, root / mount)
    handler = functools.partial(type("_Host", (_Quiet,), {"mount": mount}), directory=str(root))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{mount}/"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright):
    from playwright.sync_api import expect

    # every `expect` waits on its condition; 5 s, Playwright's default, is short for a page that reloads itself
    # on a 2-core machine running the suite beside a build (a fresh-clone run's one failure)
    expect.set_options(timeout=20_000)
    return playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)


class Watch:
    """Console errors, failed requests, requests to other origins, dialogs, and bytes fetched (gzip size)."""

    def __init__(self, page, origin: str, site: Path | None = None, prefix: str = ""):
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        self.fetched: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: "ERR_ABORTED" not in (r.failure or "") and self.failed.append(r.url))
        page.on("response", lambda r: r.status >= 400 and self.failed.append(f"{r.status} {r.url}"))
        page.on("request", lambda r: (self.fetched.append(r.url),
                                      not r.url.startswith((origin, "data:")) and self.foreign.append(r.url)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def clean(self) -> bool:
        return not (self.errors or self.failed or self.foreign or self.dialogs)

    def report(self) -> str:
        return f"errors={self.errors} failed={self.failed} foreign={self.foreign} dialogs={self.dialogs}"


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 9, mtime=0))
