"""The W3C Feed Validation Service's Atom (RFC 4287) rules, as its code applies them to feeds shaped like ours.

The validator (github.com/w3c/feedvalidator, src/feedvalidator/{feed,entry,author,link,validators}.py) is not on
PyPI and CI cannot fetch it, so this module restates the rules it applies to the elements our feeds use; each
problem is named by the validator's own event class (MissingElement, DuplicateUpdated, …) so a failure reads like
the service's report. Warnings the service shows count as problems here too (DuplicateUpdated, MissingSelf).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RFC3339 = re.compile(r"^\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d*)?(Z|([+-]\d\d:\d\d))$")  # validators.rfc3339
FULL_URI = re.compile(r"^(https?://[^\s]+|tag:[a-z0-9.\-]+,\d{4}(-\d\d(-\d\d)?)?:\S*)$")  # canonicaluri / rfc3987_full
LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")  # validators.iso639 (BCP 47 form)
TEXT_TYPES = {"text", "html", "xhtml"}  # validators.TextConstruct: InvalidTextType
SINGLE = ("id", "title", "updated", "published", "rights", "subtitle", "summary", "content", "generator", "icon",
          "logo")  # noduplicates(): DuplicateElement
FEED_CHILDREN = {"author", "category", "contributor", "generator", "icon", "id", "link", "logo", "rights",
                 "subtitle", "title", "updated", "entry"}
ENTRY_CHILDREN = {"author", "category", "content", "contributor", "id", "link", "published", "rights", "source",
                  "summary", "title", "updated"}


def atom_problems(data: bytes, location: str) -> list[str]:
    """Every rule broken by the Atom document `data` published at `location`, as 'Rule: where (value)'."""
    root = ET.fromstring(data)
    problems: list[str] = []
    if root.tag != ATOM + "feed":
        return [f"UndefinedElement: root {root.tag}"]
    lang = root.get(XML_LANG)
    if lang is not None and not LANGUAGE.match(lang):
        problems.append(f"InvalidLanguage: feed xml:lang ({lang})")
    entries = root.findall(ATOM + "entry")
    problems += _common(root, "feed", FEED_CHILDREN)
    seen_entry = False
    for child in root:  # feed.metadata(): feed-level elements after the first entry
        if child.tag == ATOM + "entry":
            seen_entry = True
        elif seen_entry:
            problems.append(f"MisplacedMetadata: feed {child.tag.removeprefix(ATOM)} after an entry")
    links = root.findall(ATOM + "link")
    selfs = [link.get("href") for link in links if link.get("rel") == "self"]
    if not selfs:
        problems.append("MissingSelf: feed has no link rel=self")
    elif location not in selfs:
        problems.append(f"SelfDoesntMatchLocation: {selfs} ≠ {location}")
    feed_author = root.find(ATOM + "author") is not None
    ids, updated = set(), set()
    for n, entry in enumerate(entries, 1):
        where = f"entry {n}"
        problems += _common(entry, where, ENTRY_CHILDREN)
        if not feed_author and entry.find(ATOM + "author") is None:
            problems.append(f"MissingElement: {where} author (and the feed has none)")
        content = entry.find(ATOM + "content")
        alternates = [link for link in entry.findall(ATOM + "link") if link.get("rel", "alternate") == "alternate"]
        if content is None and not alternates:
            problems.append(f"MissingContentOrAlternate: {where}")
        if content is None and entry.find(ATOM + "summary") is None:
            problems.append(f"MissingTextualContent: {where}")
        entry_id = (entry.findtext(ATOM + "id") or "").strip()
        if entry_id in ids:
            problems.append(f"DuplicateEntries: {where} id {entry_id}")
        ids.add(entry_id)
        stamp = entry.findtext(ATOM + "updated")
        if stamp in updated:
            problems.append(f"DuplicateUpdated: {where} ({stamp})")
        updated.add(stamp)
    return problems


def _common(node: ET.Element, where: str, allowed: set[str]) -> list[str]:
    """The rules feed and entry share: required and single children, dates, ids, links, authors, text types."""
    problems = []
    for child in node:
        name = child.tag.removeprefix(ATOM)
        if not child.tag.startswith(ATOM) or name not in allowed:
            problems.append(f"UndefinedElement: {where} {child.tag}")
    for name in ("id", "title", "updated"):
        if node.find(ATOM + name) is None:
            problems.append(f"MissingElement: {where} {name}")
    for name in SINGLE:
        if len(node.findall(ATOM + name)) > 1:
            problems.append(f"DuplicateElement: {where} {name}")
    for name in ("updated", "published"):
        for stamp in node.findall(ATOM + name):
            if not RFC3339.match(stamp.text or ""):
                problems.append(f"InvalidRFC3339Date: {where} {name} ({stamp.text})")
    for ident in node.findall(ATOM + "id"):
        if not FULL_URI.match((ident.text or "").strip()):
            problems.append(f"InvalidFullLink: {where} id ({ident.text})")
    for title in node.findall(ATOM + "title"):
        if not (title.text or "").strip():
            problems.append(f"NotBlank: {where} title")
    for name in ("title", "content", "summary", "rights", "subtitle"):
        for text in node.findall(ATOM + name):
            if text.get("type", "text") not in TEXT_TYPES and name != "content":
                problems.append(f"InvalidTextType: {where} {name} ({text.get('type')})")
    alternates: set[tuple[str | None, str | None]] = set()
    for link in node.findall(ATOM + "link"):
        if not link.get("href"):
            problems.append(f"MissingAttribute: {where} link href")
        if link.get("rel", "alternate") == "alternate":
            key = (link.get("type"), link.get("hreflang"))
            if key in alternates:
                problems.append(f"DuplicateAtomLink: {where} alternate {key}")
            alternates.add(key)
    for person in node.findall(ATOM + "author"):
        if not (person.findtext(ATOM + "name") or "").strip():
            problems.append(f"MissingElement: {where} author name")
    for category in node.findall(ATOM + "category"):
        if not category.get("term"):
            problems.append(f"MissingAttribute: {where} category term")
    return problems
