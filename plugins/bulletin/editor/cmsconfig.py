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
from bulletin.editor.rules import editor_rules

PRECISION_LABELS = {
    "day": "具体到日（7月16日）",
    "days": "几天（7月16日至18日，取第一天）",
    "month": "只知道月份（“5月以来”，取当月1日）",
    "issue": "没写日期或“近日”（取本期印发日期）",
}
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


COMMIT_MESSAGES = {
    "create": "新增简报条目 {{slug}}（网页编辑）",
    "update": "修改简报条目 {{slug}}（网页编辑）",
    "delete": "删除简报条目 {{slug}}（网页编辑）",
    "uploadMedia": "上传 {{path}}（网页编辑）",
    "deleteMedia": "删除 {{path}}（网页编辑）",
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
        "label": f"{issue.title}（{issue.published:%Y-%m-%d}）",
        "label_singular": f"{issue.title}条目",  # what 快速新建 lists: one name per issue
        "description": f"{issue.title}，{issue.published:%Y年%-m月%-d日}印发，共 {len(issue.items)} 条。",
        "folder": f"{folder}/{issue.id}",
        "extension": "md",
        "format": FORMAT,
        "create": True,
        "delete": True,
        "slug": "{{fields." + NUMBER_FIELD + "}}-{{fields.slug}}",  # the number is taken when saving
        "identifier_field": "title",
        # entries listed by title, number and date beside (Decap's truncate needs a non-empty ending: 条)
        "summary": f"{{{{title}}}}（第{{{{filename | truncate({order_width(issue)}, '条')}}}} · {{{{date}}}}）",
        "sortable_fields": ["title", "date"],
        "editor": {"preview": False},
        "preview_path": f"issues/{issue.id}/{{{{fields.slug}}}}/",  # 查看 opens the item's own page
    }


def item_fields(archive: Archive) -> list[dict]:
    """The item schema as Decap fields; admin.js fills in each issue's sections and dates (`section`, `date`)."""
    return [
        {"name": "title", "label": "标题", "widget": "string",
         "pattern": ["^[^<>]*$", "：标题是纯文字，不能含尖括号 < >"],
         "hint": "与原件一致，纯文字"},
        {"name": "section", "label": "栏目", "widget": "select", "options": []},
        {"name": "date", "label": "发生日期", "widget": "datetime", "format": "YYYY-MM-DD",
         "date_format": "YYYY-MM-DD", "time_format": False, "picker_utc": False},
        {"name": "date_precision", "label": "日期精度", "widget": "select", "default": "day",
         "options": [{"label": label, "value": value} for value, label in PRECISION_LABELS.items()]},
        {"name": "districts", "label": "区县", "widget": "select", "multiple": True, "min": 1,
         "options": district_options(archive.districts),
         "hint": "可选多个；市级工作选“重庆市”。可输入简称或旧名查找"},
        {"name": "tags", "label": "专题", "widget": "select", "multiple": True, "required": False,
         "options": [{"label": f"{tag.name}（{tag.description}）" if tag.description else tag.name,
                      "value": tag.name} for tag in archive.tags]},
        {"name": "slug", "label": "网址名", "widget": "string", "pattern": [SLUG_RE.pattern, SLUG_HINT],
         "required": False,
         "hint": SLUG_FIELD_HINT},
        {"name": "source", "label": "来源", "widget": "string", "required": False,
         "hint": "可不填；如 区生态环境局供稿"},
        {"name": "body", "label": "正文", "widget": "markdown", "modes": ["raw", "rich_text"],
         "buttons": ["bold", "italic", "link", "quote", "bulleted-list", "numbered-list"],
         "editor_components": [], "hint": "每段一行，段与段之间空一行；不要粘贴网页代码"},
    ]


SLUG_FIELD_HINT = ("网址的一部分。新条目可不填：保存时按标题自动生成（与导入时的规则相同）；"
                   "自己填写时用小写拼音，用 - 连接，如 beibei-kaizhan-laji-fenlei。"
                   "保存后不要再改，否则已分享的链接会失效")
SLUG_HINT = "：网址名只能用小写英文字母和数字，用 - 连接，如 beibei-kaizhan-laji-fenlei"


def district_options(districts: tuple[District, ...]) -> list[dict]:
    """Current districts first; abolished ones after, marked, with what replaced them. Aliases and former names
    are part of the label, so typing 沙区 or 开县 in the box finds the district."""
    def label(d: District) -> str:
        names = "、".join((*d.aliases, *d.former))
        text = f"{d.name}（{names}）" if names else d.name
        if d.until is not None:
            after = "、".join(d.successors)
            text += f" · 已撤销（{d.until:%Y-%m-%d}）" + (f"，现属{after}" if after else "")
        return text

    gone_now = [d for d in districts if d.until is not None]
    current = [d for d in districts if d.until is None]
    return [{"label": label(d), "value": d.name} for d in (*current, *gone_now)]
