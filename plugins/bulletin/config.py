"""The plugin's options in mkdocs.yml (`plugins: - bulletin: {archive: issues, page_size: 50}`)."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


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


class PluginConfig(Config):
    archive = c.Type(str, default="issues")
    """The archive folder, relative to mkdocs.yml."""
    page_size = c.Type(int, default=50)
    """Items per listing page (district, tag, year, month)."""
    search_shards = c.Type(int, default=0)
    """Number of search index shards; 0 picks one from the archive's size."""
    search_layout = c.Choice(("standard", "compact"), default="standard")
    """How the search index is cut into files (search/writer.py, LAYOUTS): `compact` writes about a quarter as many
    (fragments four to a file, larger facet and position shards), so a 10,000-item site stays under Cloudflare
    Pages' 20,000 files, for more bytes a first query (docs/benchmarks.md)."""
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
