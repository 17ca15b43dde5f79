"""What the web editor refuses before it saves, taken from `bulletin check`'s own rules and words.

The editor's browser code (assets/bulletin/admin-rules.js) applies these to an item before Decap writes it: the
same patterns, limits and vocabulary the check applies (archive/validate.py, archive/load.py, vocabulary.py), and
the check's own Chinese messages (messages.py) with their `{placeholders}` left for the browser to fill. The check
still runs on every pull request: what cannot be judged in the browser (the body's HTML, file-level problems) is
refused there, and under `./dev serve` the preview's banner shows it in the editor too (admin.js).
"""

from __future__ import annotations

from bulletin.archive.model import Archive
from bulletin.archive.validate import ITEM_REQUIRED, PLACEHOLDER, RESERVED_SLUGS, TITLE_MARKUP
from bulletin.archive.vocabulary import LIST_MAX, NAME_MAX, SLUG_RE, TEXT_MAX, WINDOWS_NAMES
from bulletin.messages import MESSAGES, zh

FIELDS = ("title", "section", "date", "date_precision", "districts", "tags", "slug", "source", "body")
LABELS = {name: zh(f"field_{name}") for name in FIELDS}  # the field names staff read, in the editor and its refusals
WORDS = ("required_missing", "date_after_issue", "check_year_month", "unknown_district", "unknown_tag",
         "title_markup", "title_markup_hint", "bad_slug", "eg_slug", "reserved_slug", "windows_slug", "too_long",
         "too_many", "slug_not_file", "section_not_in_issue", "body_empty", "placeholder", "invalid_date", "slug_taken")


def editor_rules(archive: Archive) -> dict:
    """The rules as plain data for config.json (JavaScript regular expressions as source and flags)."""
    districts = sorted({spelling for d in archive.districts for spelling in (d.name, *d.aliases, *d.former)})
    return {
        "required": list(ITEM_REQUIRED),
        "labels": LABELS,
        "title_markup": {"source": TITLE_MARKUP.pattern, "flags": "i"},
        "slug": SLUG_RE.pattern,
        "reserved_slugs": list(RESERVED_SLUGS),
        "windows_names": sorted(WINDOWS_NAMES),
        "text_max": TEXT_MAX,
        "list_max": LIST_MAX,
        "name_max": NAME_MAX,
        "placeholder": PLACEHOLDER,
        "districts": districts,
        "tags": [tag.name for tag in archive.tags],
        "messages": {key: MESSAGES[key][0] for key in WORDS},  # the check's Chinese wording, placeholders kept
    }
