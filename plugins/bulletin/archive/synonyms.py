"""Equivalent words kept by the staff (issues/synonyms.yml): a search for one word also finds the others.

Government text and residents write 危废 and 危险废物, 固废 and 固体废物 interchangeably; a resident who types
one expects the items that use the other. The file is optional (an archive without it has no equivalents) and
is checked like the other vocabularies: every problem at its own line, in Chinese, with what to write instead.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from bulletin.archive.problems import Problems
from bulletin.archive.yamlio import VOCABULARY_LIMIT, parse_yaml, read_text
from bulletin.messages import msg

FILE = "synonyms.yml"
WORD_MAX = 20  # characters: an equivalent is a word or a short term, never a sentence
GROUP_MAX = 10  # words in one group: a query expands to at most this many phrases for one word
GROUPS_MAX = 2000
# one word as search.js splits a query: a run of Chinese characters, or of Latin letters and digits
_ONE_WORD = re.compile(r"^(?:[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+)$")


def load_synonyms(root: Path, problems: Problems) -> tuple[tuple[str, ...], ...]:
    """Groups of equivalent words, in file order; () when the file is absent or cannot be read."""
    path = root / FILE
    name = f"{root.name}/{FILE}"
    if not os.path.lexists(path):
        return ()
    text = read_text(path, name, problems, VOCABULARY_LIMIT, "what_vocabulary")
    doc = parse_yaml(text or "", name, problems) if text is not None else None
    if doc is None or doc.data is None:
        return ()
    if not isinstance(doc.data, list):
        problems.error(name, 1, "synonyms", msg("synonyms_expected_groups"), msg("synonyms_example"))
        return ()
    if len(doc.data) > GROUPS_MAX:
        problems.error(name, 1, "synonyms", msg("too_many", count=len(doc.data), limit=GROUPS_MAX))
        return ()
    groups: list[tuple[str, ...]] = []
    seen: dict[str, int] = {}  # word → line of the group holding it
    for i, raw in enumerate(doc.data):
        line = doc.line(f"#{i}")
        group = _group(raw, name, line, problems)
        if group is None:
            continue
        fresh = []
        for word in group:
            if word in seen:
                problems.error(name, line, "synonyms", msg("synonyms_twice", word=word, line=seen[word]),
                               msg("synonyms_twice_hint"))
            else:
                seen[word] = line
                fresh.append(word)
        if len(fresh) >= 2:
            groups.append(tuple(fresh))
    return tuple(groups)


def _group(raw, name: str, line: int, problems: Problems) -> tuple[str, ...] | None:
    """One group: a list of two or more distinct words, each one searchable word."""
    if not isinstance(raw, list) or not all(isinstance(w, (str, int)) and not isinstance(w, bool) for w in raw):
        problems.error(name, line, "synonyms", msg("synonyms_expected_list"), msg("synonyms_example"))
        return None
    words = list(dict.fromkeys(str(w).strip() for w in raw))
    if len(raw) > GROUP_MAX:
        problems.error(name, line, "synonyms", msg("too_many", count=len(raw), limit=GROUP_MAX))
        return None
    for word in words:
        if len(word) > WORD_MAX:
            problems.error(name, line, "synonyms", msg("too_long", length=len(word), limit=WORD_MAX),
                           msg("too_long_hint"))
            return None
        if not _ONE_WORD.match(word):
            problems.error(name, line, "synonyms", msg("synonyms_not_a_word", word=word[:WORD_MAX]),
                           msg("synonyms_not_a_word_hint"))
            return None
    if len(words) < 2:
        problems.error(name, line, "synonyms", msg("synonyms_too_few"), msg("synonyms_example"))
        return None
    return tuple(words)
