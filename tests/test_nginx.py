"""The site behind Debian's nginx with docs/publish/nginx.conf as it is published: under /archive/ on 127.0.0.1,
every page 200, the Chinese 404 with status 404, the build's .gz files sent by gzip_static, cache headers by kind,
and search answering in Chromium. ./dev installs nginx; run as the current user with a temporary prefix."""

from __future__ import annotations

import gzip
import http.client
import os
import shutil
import socket
import subprocess
import time
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from .browser import Watch
from .conftest import REPO, build, make_project, plugin_options

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
CONF = REPO / "docs" / "publish" / "nginx.conf"


def _free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_block(root: Path, port: int) -> str:
    """The published file with only its address and folder changed, each found exactly once."""
    text = CONF.read_text(encoding="utf-8")
    for old, new in (("listen 80;", f"listen 127.0.0.1:{port};"), ("root /var/www/bulletin;", f"root {root};")):
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


@contextmanager
def nginx(site: Path, tmp: Path):
    """nginx in the foreground (daemon off) with everything it writes under `tmp`; yields the site's base URL."""
    assert os.access(NGINX, os.X_OK), "Debian's nginx is missing: `./dev test` installs it"
    www = tmp / "www"
    shutil.copytree(site, www / "archive")
    prefix = tmp / "nginx"
    (prefix / "logs").mkdir(parents=True)
    port = _free_port()
    temp = "\n".join(f"    {name}_temp_path {prefix / name};" for name in ("client_body", "proxy", "fastcgi",
                                                                              "uwsgi", "scgi"))
    user = "user root root;\n" if os.geteuid() == 0 else ""  # as root, workers would drop to nobody: no /tmp
    (prefix / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {prefix / 'nginx.pid'};\nerror_log {prefix / 'logs/error.log'};\n"
        f"events {{ worker_connections 64; }}\nhttp {{\n    include /etc/nginx/mime.types;\n"
        f"    default_type application/octet-stream;\n    access_log {prefix / 'logs/access.log'};\n{temp}\n"
        f"{server_block(www, port)}\n}}\n", encoding="utf-8")
    process = subprocess.Popen([NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 30
        while True:  # a condition, not a pause: the port answers once nginx listens
            if process.poll() is not None:
                log = prefix / "logs" / "error.log"
                raise AssertionError(process.stdout.read().decode() + (log.read_text() if log.exists() else ""))
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}/archive/"
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("nginx-site")
    return Path(build(make_project(tmp, extra=plugin_options("precompress: gzip"))).site_dir)


@pytest.fixture(scope="module")
def base(site, tmp_path_factory):
    with nginx(site, tmp_path_factory.mktemp("nginx")) as url:
        yield url


class Client:
    """One kept-alive connection: a few hundred requests in a row."""

    def __init__(self, base: str):
        host, port = base.split("//")[1].split("/")[0].split(":")
        self.connection = http.client.HTTPConnection(host, int(port), timeout=30)

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        self.connection.request("GET", path, headers=headers)
        response = self.connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()


def test_every_page_is_200_and_a_missing_one_the_chinese_404(site, base):
    client = Client(base)
    pages = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert len(pages) > 50
    for page in pages:
        path = "/archive/" if page == "." else f"/archive/{page}/"
        status, headers, body = client.get(path)
        assert status == 200, path
        assert headers["content-type"] == "text/html; charset=utf-8", path
        assert body == (site / page / "index.html").read_bytes(), path
    for missing in ("/archive/no/such/page/", "/archive/issues/2099-001/", "/archive/search/s/999999.json.gz"):
        status, headers, body = client.get(missing)
        assert status == 404, missing
        assert body == (site / "404.html").read_bytes()
        assert "<h1>页面不存在</h1>" in body.decode("utf-8")
    status, headers, _ = client.get("/archive/tags")  # a folder without its slash: a relative redirect
    assert status == 301 and headers["location"] == "/archive/tags/"


def test_text_is_sent_precompressed_where_asked(site, base):
    client = Client(base)
    written = [p for p in site.rglob("*.gz") if p.with_suffix("").exists()]  # not the search files stored gzip
    assert (site / "index.html.gz").exists() and (site / "search" / "meta.json.gz").exists()
    assert all(p.with_suffix("").stat().st_size >= 256 for p in written)  # a small file is sent as it is
    assert not [p for p in written if p.with_suffix("").suffix in (".png", ".jpg", ".pdf", ".woff2", ".gz")]
    for name in ("index.html", "search/meta.json", "feeds/all.xml", "sitemap.xml"):
        status, headers, body = client.get(f"/archive/{name}", **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers.get("content-encoding") == "gzip", name
        # the build's own .gz, byte for byte (on-the-fly gzip would be chunked, with no length)
        assert body == (site / f"{name}.gz").read_bytes(), name
        assert int(headers["content-length"]) == len(body)
        assert gzip.decompress(body) == (site / name).read_bytes()
        assert "accept-encoding" in headers.get("vary", "").lower(), name
        status, headers, body = client.get(f"/archive/{name}")  # no Accept-Encoding: the file as it is
        assert status == 200 and "content-encoding" not in headers and body == (site / name).read_bytes(), name
    assert gzip.decompress((site / "index.html.gz").read_bytes()) == (site / "index.html").read_bytes()


def test_cache_headers_by_kind(site, base):
    client = Client(base)
    bundles = sorted((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    styles = sorted((site / "assets" / "stylesheets").glob("main.*.min.css"))
    assert bundles and styles
    for asset in (bundles[0], styles[0]):
        status, headers, _ = client.get("/archive/" + asset.relative_to(site).as_posix())
        assert status == 200 and headers["cache-control"] == "public, max-age=31536000, immutable"
        assert headers["x-content-type-options"] == "nosniff"
    for path in ("/archive/", "/archive/search/meta.json", "/archive/assets/bulletin/search.js", "/archive/nothing/"):
        _, headers, _ = client.get(path)
        assert headers["cache-control"] == "no-cache", path  # revalidated: an unchanged file costs a 304
    status, headers, _ = client.get("/archive/", **{"If-None-Match": client.get("/archive/")[1]["etag"]})
    assert status == 304


@pytest.mark.browser
def test_search_answers_through_nginx(base, chromium, tmp_path):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    watch = Watch(page, base.split("/archive/")[0])
    encodings: dict[str, str] = {}
    page.on("response", lambda r: "/search/" in r.url and r.url.endswith((".json", ".json.gz"))
            and encodings.setdefault(r.url.split("/archive/")[1], r.headers.get("content-encoding", "")))
    page.goto(base + "search/?q=无废学校")
    page.wait_for_selector(".bl-search__results li")
    assert page.locator(".bl-search__results li").count() >= 1
    assert "无废学校" in page.locator(".bl-search__results li").first.inner_text()
    page.screenshot(path=str(tmp_path / "nginx-search-phone.png"))
    assert "search/meta.json" in encodings and encodings["search/meta.json"] == "gzip", encodings
    shards = [name for name in encodings if name.startswith("search/s/")]
    assert shards and all(encodings[name] == "" for name in shards), encodings  # stored gzip: sent as they are
    assert watch.clean(), watch.report()
    context.close()
