"""What a published site needs from its publisher: the address it lives at (`site_url`).

Without it MkDocs cannot write absolute links, so feeds fall back to relative links, the sitemap stays empty and
the 404 page (served at any depth) cannot find its styles under a subpath. The build says so loudly, once.
"""

from __future__ import annotations

from posixpath import relpath

MISSING_SITE_URL = (
    "bulletin: 未设置 site_url（网站的发布地址），发布出去的网站会有三处问题："
    "Atom 订阅里的链接只能写成相对地址（部分阅读器打不开），sitemap.xml 为空（搜索引擎收录不到），"
    "404 页面放在子路径（如 https://example.org/archive/）下时加载不到样式。"
    "请在 mkdocs.yml 中写 `site_url: https://example.org/archive/`，或在构建前设置环境变量 SITE_URL"
    "（mkdocs.yml 里的 `site_url: !ENV SITE_URL` 会读取它，部署工作流会自动填写）。"
    "预览（mkdocs serve）不需要设置。"
)


def feed_base(site_url: str | None, feed_path: str) -> str:
    """The prefix every link in the feed at `feed_path` starts with: the site's address, or (no `site_url`)
    the relative way from the feed's folder back to the site root, which feed readers resolve against the
    feed's own address."""
    if site_url:
        return site_url if site_url.endswith("/") else site_url + "/"
    up = relpath(".", feed_path.rsplit("/", 1)[0])
    return "" if up == "." else up + "/"


def feed_id(site_url: str | None, path: str) -> str:
    """An Atom id must be an absolute IRI: the permalink when the address is known, else a host-free tag URI."""
    if site_url:
        return feed_base(site_url, "") + path
    return f"tag:yuhuan-bulletin-archive,2020:/{path}"
