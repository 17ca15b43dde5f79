"""Decap CMS's configuration, generated from the archive on every build: never written by hand.

Written compactly as `admin/config.json` — the settings, the item fields once, and one small entry per issue —
and expanded in the browser by `assets/bulletin/admin.js` (one collection per issue, each with the shared fields
plus its own sections and dates) before it starts the CMS. Spelled out in YAML, the district and tag choices would
repeat in every issue's collection: 24 s to write and megabytes to download at 10,000 items.

One folder collection per issue (the issue's own sections are the section choices; a new file takes the next
number when it is saved, admin-number.js), fields mirroring the item schema, district and tag choices from
districts.yml / tags.yml, and the check's own rules and words (editor/rules.py), applied before every save.
Whatever the editor saves still goes through `bulletin check` in the pull request.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from bulletin.archive.model import Archive, District, Issue
from bulletin.archive.vocabulary import SLUG_RE
from bulletin.editor.rules import LABELS, editor_rules
from bulletin.messages import zh
from bulletin.site.filters import cn_date

PRECISION_LABELS = {precision: zh(f"cms_precision_{precision}") for precision in ("day", "days", "month", "issue")}
FORMAT = "bulletin-frontmatter"  # admin-format.js: a save patches only the edited fields in the file's own text
NUMBER_FIELD = "_bulletin_number"  # set when a new item is saved (admin-number.js), never written to the file
NO_UPLOADS = "bulletin-no-uploads"  # the media library admin.js registers when uploads are off
API_ROOTS = {"github": "https://api.github.com", "gitlab": "https://gitlab.com/api/v4"}


@dataclass(frozen=True)
class Backend:
    """Where saves go: the Git host, repository and branch from mkdocs.yml (`plugins: bulletin: editor:`)."""

    name: str = "github"
    repo: str = ""
    branch: str = "main"
    base_url: str = ""
    api_root: str = ""
    app_id: str = ""
    local_backend: str = ""  # a decap-server URL (`mkdocs serve` starts one): used only on localhost
    media_folder: str = ""  # uploads, from the repository's root (docs/uploads); "": no uploads (editor/media.py)
    public_folder: str = ""  # the same folder in the site (uploads)

    def settings(self) -> dict:
        backend: dict = {"name": self.name, "repo": self.repo, "branch": self.branch,
                         "squash_merges": True, "commit_messages": COMMIT_MESSAGES}
        if self.base_url:
            backend["base_url"] = self.base_url
        if self.api_root:
            backend["api_root"] = self.api_root
        if self.app_id:  # GitLab and Gitea log in without a server of one's own (PKCE)
            backend["app_id"] = self.app_id
            if self.name == "gitlab":
                backend["auth_type"] = "pkce"
        return backend

    def origins(self) -> list[str]:
        """Every origin the editor may talk to: the Git host's API and login, and the local backend."""
        urls = [self.api_root or API_ROOTS.get(self.name, ""), self.base_url, self.local_backend]
        return sorted({_origin(u) for u in urls if u})


COMMIT_MESSAGES = {  # Decap fills in its own {{placeholders}}
    "create": zh("cms_commit_create", slug="{{slug}}"),
    "update": zh("cms_commit_update", slug="{{slug}}"),
    "delete": zh("cms_commit_delete", slug="{{slug}}"),
    "uploadMedia": zh("cms_commit_upload", path="{{path}}"),
    "deleteMedia": zh("cms_commit_delete_media", path="{{path}}"),
    "openAuthoring": "{{message}}",
}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def editor_data(archive: Archive, backend: Backend, site_url: str | None, folder: str = "issues") -> dict:
    """What admin.js turns into Decap's config: O(issues + vocabulary), newest issue first."""
    return {
        "config": cms_settings(backend, site_url),
        "fields": item_fields(archive),
        "rules": editor_rules(archive),
        "issues": [{"collection": issue_collection(issue, folder), "sections": list(issue.sections),
                    "published": f"{issue.published:%Y-%m-%d}", "width": order_width(issue)}
                   for issue in reversed(archive.issues)],
    }


def cms_settings(backend: Backend, site_url: str | None) -> dict:
    config: dict = {
        "load_config_file": False,  # the whole configuration comes from config.json
        "locale": "zh_Hans",
        "backend": backend.settings(),
        "publish_mode": "editorial_workflow",  # every save is a branch and a pull request, checked by CI
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
    }
    if backend.media_folder:  # images only, checked at build time (editor/media.py)
        site = urlsplit(site_url or "/").path.rstrip("/")
        config["media_folder"] = backend.media_folder
        config["public_folder"] = f"{site}/{backend.public_folder}"
    else:  # no uploads: a media library that never opens (admin.js), so Decap shows no media tab either
        config["media_library"] = {"name": NO_UPLOADS}
    if backend.local_backend:
        config["local_backend"] = {"url": backend.local_backend}
    if site_url:
        config["site_url"] = config["display_url"] = site_url
    return config


def order_width(issue: Issue) -> int:
    """How many digits this issue's file prefixes have (01-…: 2; an issue of 100 items or more: 3)."""
    return max((len(item.path.rsplit("/", 1)[-1].split("-", 1)[0]) for item in issue.items), default=2)


def issue_collection(issue: Issue, folder: str = "issues") -> dict:
    """The collection of one issue, without its fields (admin.js adds them)."""
    return {
        "name": f"issue-{issue.id}",
        "label": zh("cms_collection_label", title=issue.title, published=f"{issue.published:%Y-%m-%d}"),
        "label_singular": zh("cms_collection_singular", title=issue.title),  # what 快速新建 lists: one name per issue
        "description": zh("cms_collection_description", title=issue.title, published=cn_date(issue.published),
                          count=len(issue.items)),
        "folder": f"{folder}/{issue.id}",
        "extension": "md",
        "format": FORMAT,
        "create": True,
        "delete": True,
        "slug": "{{fields." + NUMBER_FIELD + "}}-{{fields.slug}}",  # the number is taken when saving
        "identifier_field": "title",
        # entries listed by title, number and date beside (Decap's truncate needs a non-empty ending: 条)
        "summary": zh("cms_entry_summary", title="{{title}}", date="{{date}}",
                      number=f"{{{{filename | truncate({order_width(issue)}, '{zh('cms_entry_ending')}')}}}}"),
        "sortable_fields": ["title", "date"],
        "editor": {"preview": False},
        "preview_path": f"issues/{issue.id}/{{{{fields.slug}}}}/",  # 查看 opens the item's own page
    }


def item_fields(archive: Archive) -> list[dict]:
    """The item schema as Decap fields; admin.js fills in each issue's sections and dates (`section`, `date`)."""
    return [
        {"name": "title", "label": LABELS["title"], "widget": "string",
         "pattern": ["^[^<>]*$", zh("cms_title_pattern")],
         "hint": zh("cms_title_hint")},
        {"name": "section", "label": LABELS["section"], "widget": "select", "options": []},
        {"name": "date", "label": LABELS["date"], "widget": "datetime", "format": "YYYY-MM-DD",
         "date_format": "YYYY-MM-DD", "time_format": False, "picker_utc": False},
        {"name": "date_precision", "label": LABELS["date_precision"], "widget": "select", "default": "day",
         "options": [{"label": label, "value": value} for value, label in PRECISION_LABELS.items()]},
        {"name": "districts", "label": LABELS["districts"], "widget": "select", "multiple": True, "min": 1,
         "options": district_options(archive.districts),
         "hint": zh("cms_districts_hint")},
        {"name": "tags", "label": LABELS["tags"], "widget": "select", "multiple": True, "required": False,
         "options": [{"label": zh("cms_tag_option", name=tag.name, description=tag.description)
                      if tag.description else tag.name,
                      "value": tag.name} for tag in archive.tags]},
        {"name": "slug", "label": LABELS["slug"], "widget": "string", "pattern": [SLUG_RE.pattern, SLUG_HINT],
         "required": False,
         "hint": SLUG_FIELD_HINT},
        {"name": "source", "label": LABELS["source"], "widget": "string", "required": False,
         "hint": zh("cms_source_hint")},
        {"name": "body", "label": LABELS["body"], "widget": "markdown", "modes": ["raw", "rich_text"],
         "buttons": ["bold", "italic", "link", "quote", "bulleted-list", "numbered-list"],
         "editor_components": [], "hint": zh("cms_body_hint")},
    ]


SLUG_FIELD_HINT = zh("cms_slug_hint")
SLUG_HINT = zh("cms_slug_pattern")


def district_options(districts: tuple[District, ...]) -> list[dict]:
    """Current districts first; abolished ones after, marked, with what replaced them. Aliases and former names
    are part of the label, so typing 沙区 or 开县 in the box finds the district."""
    def label(d: District) -> str:
        names = zh("list_separator").join((*d.aliases, *d.former))
        text = zh("cms_district_names", name=d.name, names=names) if names else d.name
        if d.until is not None:
            after = zh("list_separator").join(d.successors)
            text += zh("cms_district_gone", until=f"{d.until:%Y-%m-%d}")
            text += zh("cms_district_successors", names=after) if after else ""
        return text

    gone_now = [d for d in districts if d.until is not None]
    current = [d for d in districts if d.until is None]
    return [{"label": label(d), "value": d.name} for d in (*current, *gone_now)]
