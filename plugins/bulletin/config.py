"""The plugin's options in mkdocs.yml (`plugins: - bulletin: {archive: issues, page_size: 50}`)."""

from __future__ import annotations

from bulletin.engine import Config
from bulletin.engine import config_options as c


class EditorConfig(Config):
    """The web editor at /admin/ (Decap CMS): where its saves go. See the guide, section 网页编辑."""

    enabled = c.Type(bool, default=True)
    backend = c.Choice(("github", "gitlab", "gitea"), default="github")
    repo = c.Type(str, default="")
    """owner/name of the repository that holds this archive; unset: $EDITOR_REPO, else $GITHUB_REPOSITORY
    (set by GitHub Actions, so the deploy workflow needs no setting)."""
    branch = c.Type(str, default="main")
    base_url = c.Type(str, default="")
    """GitHub: the OAuth server's address (unset: $EDITOR_AUTH_URL); GitLab/Gitea: the host."""
    api_root = c.Type(str, default="")
    """Self-hosted GitLab/Gitea: the API address (https://git.example.org/api/v1)."""
    app_id = c.Type(str, default="")
    """GitLab/Gitea: the OAuth application id (login without a server of your own, PKCE)."""
    local_backend = c.Type(str, default="")
    """A decap-server address; `mkdocs serve` starts one on the local archive and fills this by itself."""
    media = c.Type(str, default="")
    """Uploads in the editor: a folder inside docs/ for them (`media: uploads`). Unset: no uploads, and the editor
    has no media tab. Set, only PNG, JPEG, GIF and WebP images (told by their bytes) may be in it: anything else,
    SVG and HTML above all, fails the build naming the file (editor/media.py)."""


class Verbatim(c.BaseConfigOption):
    """A value kept as YAML gave it (text, or a number where a phone number was left unquoted), so that
    site/footer.py can refuse a wrong one with a Chinese message that names the option, not MkDocs' English type
    error."""

    def __init__(self) -> None:
        super().__init__()
        self.default = ""

    def run_validation(self, value: object) -> object:
        return "" if value is None else value


class FooterScriptsConfig(Config):
    """Scripts a government web platform requires on every page, each an https address; loaded only when set, and
    the pages' Content-Security-Policy then allows exactly their origins (site/csp.py)."""

    error_report = Verbatim()
    """“我为政府网站找错”: the platform's script address (its `sitecode` attribute is the site_code above)."""
    badge = Verbatim()
    """党政机关网站标识 (the red badge): the script address the registration gave this site."""


class FooterConfig(Config):
    """The footer a public government site in China must show (site/footer.py checks every format). All empty by
    default: an unset footer shows nothing of it."""

    sponsor = Verbatim()
    """主办单位."""
    organizer = Verbatim()
    """承办单位."""
    phone = Verbatim()
    """联系电话 (quote it in YAML: 023-12345678)."""
    email = Verbatim()
    """联系邮箱."""
    site_code = Verbatim()
    """网站标识码: ten letters or digits."""
    icp = Verbatim()
    """ICP备案号 (渝ICP备12345678号-1), linked to https://beian.miit.gov.cn/."""
    police = Verbatim()
    """公安机关备案号 (渝公网安备 50010302000000号), linked to its record on beian.gov.cn."""
    scripts = c.SubConfig(FooterScriptsConfig)


class PluginConfig(Config):
    archive = c.Type(str, default="issues")
    """The archive folder, relative to mkdocs.yml."""
    page_size = c.Type(int, default=50)
    """Items per listing page (district, tag, year, month)."""
    search_shards = c.Type(int, default=0)
    """Number of search index shards; 0 picks one from the archive's size."""
    search_layout = c.Choice(("auto", "standard", "compact"), default="auto")
    """How the search index is cut into files (search/writer.py, LAYOUTS): `compact` writes about a quarter as many
    (fragments four to a file, larger facet shards), so a 10,000-item site stays under Cloudflare Pages' 20,000
    files, for a few more bytes a first query (docs/benchmarks.md); `auto` writes `standard` while the whole site
    fits that limit, else `compact`. A publisher on a host without a file limit may choose `standard`."""
    parallel_index = c.Optional(c.Type(bool))
    """Build the search index in a second process; unset: only for archives of 1,000 items or more."""
    parallel_pages = c.Optional(c.Type(bool))
    """Render half the pages in a forked second process (POSIX); unset: with 3 or more cores and 1,000 items or
    more (on 2 cores the search index already uses the second one, and a forked renderer made 10,000 items slower:
    docs/benchmarks.md)."""
    precompress = c.Choice(("none", "gzip"), default="none")
    """`gzip`: write a .gz beside every text file of the built site, for a server's `gzip_static`
    (docs/publish/nginx.conf). Off by default: the .gz files count against a static host's file limit."""
    editor = c.SubConfig(EditorConfig)
    """The web editor for staff at /admin/."""
    footer = c.SubConfig(FooterConfig)
    """The compliance footer of a government site (主办单位, 备案号, the platform's scripts); empty by default."""
