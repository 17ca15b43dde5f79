"""The archive's file names: what the loader reads and the importer writes, in one place both may import."""

from __future__ import annotations

import re

from bulletin.archive.model import ORIGINAL_TYPES

ISSUE_DIR = re.compile(r"^(\d{4})-(\d{3})$")
ITEM_FILE = re.compile(r"^(\d{2,3})-([^/]+)\.md$")
# the circulated bulletin the issue was imported from: its text, and the document itself (issue.yml's `original`)
SOURCE_FILE = re.compile(rf"^source\.(txt|{'|'.join(ORIGINAL_TYPES)})$")
VOCABULARY_FILES = ("districts.yml", "tags.yml", "synonyms.yml")
QUIET_FILES = (".gitkeep", ".gitignore", ".DS_Store", "Thumbs.db", "desktop.ini")  # skipped without a word
