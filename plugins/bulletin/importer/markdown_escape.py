"""Circulated text → Markdown that renders as exactly that text: the importer writes every paragraph through it.

Python-Markdown, with the extensions MkDocs always enables (toc, tables, fenced_code; mkdocs.yml adds none:
`archive.plaintext.EXTENSIONS`, which a test holds to mkdocs.yml), interprets a character only in some places.
Each rule below escapes one construct, and only where that construct could form, so ordinary text is written as
it reads and staff can still edit it by hand: `#` mid-paragraph, `1.5万吨`, `3*4`, `环境_保护`, `5~10吨`, `a<3`
stay as they are; `#1号楼` becomes `\\#1号楼`, `1. 建立` `1\\. 建立`, `*重点区域*` `\\*重点区域\\*`.

Markdown's backslash escapes cover `\\ ` * _ { } [ ] ( ) > # + - . !` (and `|` with tables); `<`, `&`, `~`, `=`
and a tab cannot be backslash-escaped, so they become character references (`&lt;`, `&amp;`, `&#126;`, `&#61;`,
`&#9;`), which Markdown passes through and HTML reads back as the character. The rules are also safe for the
Python-Markdown versions before 3.11 (regex emphasis): where the two differ, the wider reading is escaped.

A paragraph is one line without leading or trailing whitespace, as the importer makes them (Markdown and HTML
drop such whitespace whatever is written). A line break inside one is tolerated: each line's start is escaped.
"""

from __future__ import annotations

import re

ESCAPABLE = frozenset("\\`*_{}[]()>#+-.!|")  # Python-Markdown's ESCAPED_CHARS, `|` added by the tables extension

# a reference Markdown leaves to HTML: named with its `;`, numeric even without (`&#65.` is read as `A.`)
_ENTITY = re.compile(r"&(?:#[0-9]|#x[0-9a-f]|[0-9a-z]+;)", re.I)
_TAG_START = re.compile(r"<[A-Za-z/!?]")  # a tag, comment, declaration, processing instruction or autolink
_HR = re.compile(r"[ ]{0,3}(?:(?:-+[ ]{0,2}){3,}|(?:_+[ ]{0,2}){3,}|(?:\*+[ ]{0,2}){3,})[ ]*$")
_FENCE = re.compile(r"[ ]{0,3}(?:~{3,}|`{3,})[ ]*(?:\{.*\}|\.?[\w#.+-]*[ ]*(?:hl_lines=(\"|').*?\1[ ]*)?)$")
_LIST = re.compile(r"[ ]{0,3}(?:[*+-]|(\d+)\.)[ ]")
_QUOTE_OR_HEADING = re.compile(r"[ ]{0,3}[>#]")
_REFERENCE = re.compile(r"[ ]{0,3}\[[^\]]*\]:|[ ]{0,3}\[TOC\][ ]*$")  # a link definition; the toc marker
_SETEXT = re.compile(r"[ ]{0,3}(?:=+|-+)[ ]*$")
_RUN = re.compile(r"\*+|_+|`+")
_WORD = re.compile(r"\w")
_BY_REFERENCE = {"~": "&#126;", "=": "&#61;", "<": "&lt;", "&": "&amp;", "\t": "&#9;"}


def escape_paragraph(text: str) -> str:
    """`text` as Markdown whose rendered text is `text`, escaping only what Markdown would read as markup."""
    if not text:
        return text
    marks: dict[int, str] = {}  # position → what is written for the character there

    def mark(i: int) -> None:
        marks[i] = _BY_REFERENCE.get(text[i]) or "\\" + text[i]

    _line_starts(text, mark)
    _delimiter_runs(text.replace("\t", "\x03"), mark)  # a tab is written `&#9;`: no longer a space to Markdown
    link_end, last_gt = text.rfind("]("), text.rfind(">")
    for i, ch in enumerate(text):
        if ((ch == "[" and i < link_end)  # `[…](…)` and `![…](…)`; `[注]` alone is text (see _line_starts)
                or (ch == "<" and (i < last_gt or _TAG_START.match(text, i)))  # `>` closes autolinks and tags
                or (ch == "&" and _ENTITY.match(text, i))
                or ch == "\t"  # Markdown turns a tab into spaces
                or (ch == "|" and "\n" in text)):  # a table needs two lines
            mark(i)
    # a literal backslash before anything Markdown unescapes (a mark added above starts with one) is doubled;
    # right to left, so that a run of backslashes sees what follows it
    for i in range(len(text) - 1, -1, -1):
        if text[i] == "\\" and i + 1 < len(text) and marks.get(i + 1, text[i + 1])[0] in ESCAPABLE:
            marks[i] = "\\\\"
    if not marks:
        return text
    return "".join(marks.get(i, ch) for i, ch in enumerate(text))


def _line_starts(text: str, mark) -> None:
    """Block syntax: headings, quotes, lists, rules, fences, link definitions, setext underlines. A reference
    `[注]` is read as a link only when a definition `[注]: …` starts a line, and the importer escapes those."""
    start = 0
    for number, line in enumerate(text.split("\n")):
        lead = len(line) - len(line.lstrip(" "))
        at = start + lead
        if lead <= 3 and lead < len(line):
            if (_HR.match(line) or _FENCE.match(line) or _QUOTE_OR_HEADING.match(line) or _REFERENCE.match(line)
                    or (number and _SETEXT.match(line))):
                mark(at)
            else:
                listed = _LIST.match(line)
                if listed:
                    mark(start + listed.end(1) if listed.group(1) else at)  # `1\.` — the number stays as written
        start += len(line) + 1


def _delimiter_runs(text: str, mark) -> None:
    """Emphasis and code spans: runs of `*`, `_` and backticks are escaped when they could pair."""
    runs: dict[str, list[tuple[int, int]]] = {"*": [], "_": [], "`": []}
    for run in _RUN.finditer(text):
        runs[run.group()[0]].append(run.span())
    ticks = runs["`"]
    if len(ticks) >= 2:  # a code span pairs any two runs (3.11 pairs unequal ones too)
        for a, b in ticks:
            for i in range(a, b):
                mark(i)
    for token in "*_":
        live = [(a, b) for a, b in runs[token] if not _inert(text, a, b)]
        if token == "_" and not any(b - a >= 3 for a, b in live):
            live_pairs = [(a, b) for a, b in live if _flanks_a_word_boundary(text, a, b)]
        else:
            live_pairs = live
        longest = max((b - a for a, b in live), default=0)
        if len(live_pairs) >= 2 or longest >= (5 if token == "*" else 7):  # a long run can pair with itself
            for a, b in live:
                for i in range(a, b):
                    mark(i)


def _inert(text: str, a: int, b: int) -> bool:
    """A run of at most three between spaces (or the ends) is text to every Markdown version."""
    return b - a <= 3 and (a == 0 or text[a - 1].isspace()) and (b == len(text) or text[b].isspace())


def _flanks_a_word_boundary(text: str, a: int, b: int) -> bool:
    """`_` emphasis opens and closes only at a word's edge (`\\w` is Unicode: Han characters are word characters)."""
    before, after = text[a - 1] if a else "", text[b] if b < len(text) else ""
    opens = not _word(before) and after != "" and not after.isspace()
    closes = before != "" and not before.isspace() and not _word(after)
    return opens or closes


def _word(ch: str) -> bool:
    return _WORD.match(ch) is not None
