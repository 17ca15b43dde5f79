"""Reading YAML and front matter with the line of every key, so each problem can name its line.

Archive files arrive by pull request, from anyone: a file is read only when it is a regular file of the repository
(no link, no pipe) and no larger than its kind allows, and YAML is read event by event into plain values only —
text, whole numbers, None, lists and mappings — with no alias ever expanded, no tag but the plain ones, a depth and
a number size bounded, and no invisible control character let through. Whatever is refused becomes a problem at
its line; nothing a file holds can make this raise, hang or grow without bound."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bulletin.archive.problems import Problems
from bulletin.messages import msg

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 5× faster on a large archive


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Only its parser is used: the events become values here (`_Builder`), never through PyYAML's constructor."""


KIB = 1024
ITEM_LIMIT = 512 * KIB  # an item file: the longest circulated item is a few KB; 50 MB took the build 153 s
ISSUE_LIMIT = 64 * KIB  # issue.yml
VOCABULARY_LIMIT = 1024 * KIB  # districts.yml, tags.yml (today 7 KB and 3 KB)
MAX_DEPTH = 16  # lists and mappings inside each other: the archive needs 3
MAX_DIGITS = 18  # a whole number: the archive's are issue numbers, byte counts and map squares
MAX_KEY = 100  # characters of a field name
MAX_REPORTED = 5  # problems of this kind reported per file (an alias bomb has dozens of aliases)

# what may not appear in archive text: C0/C1 control characters but tab and newline, line/paragraph separators,
# bidi controls, zero-width and other invisible format characters, Unicode tag characters and noncharacters
_NONCHARACTERS = "".join(chr(plane << 16 | low) for plane in range(1, 17) for low in (0xFFFE, 0xFFFF))
_BAD_BMP = re.compile("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f\\u061c\\u180e\\u200b-\\u200f\\u2028-\\u202e"
                      "\\u2060-\\u2064\\u2066-\\u206f\\ufeff\\ufdd0-\\ufdef\\ufff9-\\ufffb\\ufffe\\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_BAD_ASTRAL = re.compile("[\U000e0000-\U000e007f" + _NONCHARACTERS + "]")


def bad_character(text: str, start: int = 0) -> re.Match | None:
    """The first invisible character in `text` from `start` (two searches: one class with characters beyond the
    BMP makes Python's re test every character range by range, 10× slower on a large archive)."""
    found = _BAD_BMP.search(text, start)
    if _ASTRAL.search(text, start):
        beyond = _BAD_ASTRAL.search(text, start)
        if beyond is not None and (found is None or beyond.start() < found.start()):
            return beyond
    return found


def strip_bad_characters(text: str) -> str:
    """`text` without the characters archive text may not hold: what the importer writes never holds them (a
    zero-width space or a direction mark in a Word file is not text anyone reads)."""
    text = _BAD_BMP.sub("", text)
    return _BAD_ASTRAL.sub("", text) if _ASTRAL.search(text) else text


def character_kind(char: str) -> str:
    """The message key naming what kind of invisible character `char` is."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code < 0xA0 or code in (0x2028, 0x2029):
        return "char_control"
    if code in (0x061C, 0x200E, 0x200F) or 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069:
        return "char_bidi"
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return "char_noncharacter"
    return "char_invisible"


def character_message(char: str, column: int) -> str:
    return msg("bad_character", kind=msg(character_kind(char)), code=f"U+{ord(char):04X}", column=column)


def check_characters(text: str, rel: str, problems: Problems, first_line: int = 1, field_name: str = "text") -> bool:
    """True when `text` holds no invisible character; else a problem for each of the first lines holding one."""
    found = bad_character(text)
    if found is None:
        return True
    reported = 0
    while found is not None and reported < MAX_REPORTED:
        start = text.rfind("\n", 0, found.start()) + 1
        line = first_line + text.count("\n", 0, start)
        problems.error(rel, line, field_name, character_message(found.group(), found.start() - start + 1),
                       msg("bad_character_hint"))
        reported += 1
        end = text.find("\n", found.start())
        found = bad_character(text, end) if end >= 0 else None
    return False


@dataclass
class Document:
    """A parsed YAML document (or front matter) with the 1-based file line of each top-level key (and of the keys
    of a mapping under one, as `key.sub`); in a list of entries (a vocabulary), entry n's line as `#n` and the line
    of its keys as `#n.key`."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)
    first_line: int = 1
    body: str = ""
    body_line: int = 1

    def line(self, key: str) -> int:
        return self.lines.get(key, self.first_line)


def file_problem(path: Path, rel: str, problems: Problems, info: os.stat_result | None = None) -> bool:
    """A problem (and True) when `path` is not a regular file: a symbolic link (even dangling or looping), a pipe,
    a socket or a device. The archive reads nothing through a link: its content would come from outside the repo."""
    try:
        info = info or os.lstat(path)
    except OSError as exc:
        problems.error(rel, 1, "file", msg("file_unreadable", reason=exc.strerror or type(exc).__name__))
        return True
    if stat.S_ISLNK(info.st_mode):
        problems.error(rel, 1, "file", msg("file_symlink"), msg("file_symlink_hint"))
        return True
    if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        kind = "pipe" if stat.S_ISFIFO(info.st_mode) else "socket" if stat.S_ISSOCK(info.st_mode) else "device"
        problems.error(rel, 1, "file", msg("file_special", kind=msg(f"file_kind_{kind}")), msg("file_special_hint"))
        return True
    return False


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _size(count: int) -> str:
    return f"{count / KIB / KIB:.1f} MB" if count >= KIB * KIB else f"{max(1, round(count / KIB))} KB"


def read_text(path: Path, rel: str, problems: Problems, limit: int = ITEM_LIMIT, what: str = "what_item") -> str | None:
    """UTF-8 text with BOM and CRLF accepted; None (and a problem) when the file is a link or not a regular file,
    is larger than `limit` bytes, is not UTF-8, or holds an invisible control character."""
    try:  # no link followed, and no wait for a writer to a pipe
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:  # a link (dangling or looping too), a socket, or a file that cannot be opened
        if not file_problem(path, rel, problems):
            problems.error(rel, 1, "file", msg("file_unreadable", reason=exc.strerror or type(exc).__name__))
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            if stat.S_ISDIR(info.st_mode):
                problems.error(rel, 1, "file", msg("file_special", kind=msg("file_kind_folder")),
                               msg("file_special_hint"))
            else:
                file_problem(path, rel, problems, info)
            return None
        if info.st_size > limit:
            problems.error(rel, 1, "file", msg("file_too_big", size=_size(info.st_size), what=msg(what),
                                               limit=_size(limit)), msg("file_too_big_hint"))
            return None
        raw = handle.read(limit + 1)
    if len(raw) > limit:
        problems.error(rel, 1, "file", msg("file_too_big", size=_size(len(raw)), what=msg(what), limit=_size(limit)),
                       msg("file_too_big_hint"))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(rel, line, "encoding", msg("not_utf8", offset=exc.start), msg("save_utf8"))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if check_characters(text, rel, problems) else None


def parse_yaml(text: str, rel: str, problems: Problems, line_offset: int = 0) -> Document | None:
    """Parse one YAML document into plain values; a syntax error, or anything refused (an alias, a tag, too deep,
    a number too long, an invisible character), becomes a problem at the YAML's own line and gives None."""
    if not check_characters(text, rel, problems, 1 + line_offset):  # read_text checked a file already: cheap
        return None
    builder = _Builder(text, rel, problems, line_offset)
    try:
        data = builder.run()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = (mark.line + 1 if mark else 1) + line_offset
        reason = _reason(getattr(exc, "problem", None) or str(exc))
        context = getattr(exc, "context_mark", None)
        started = context.line + 1 + line_offset if context else line
        what = _what(str(getattr(exc, "context", "") or ""))
        where = msg("yaml_opened", what=what, line=started) if context and started != line else ""
        hint = msg("fullwidth_colon") if _fullwidth_colon(text, line - line_offset) else msg("yaml_hint")
        problems.error(rel, line, "yaml", msg("yaml_error", reason=reason, where=where), hint)
        return None
    except Exception as exc:  # noqa: BLE001 — whatever a file holds, a problem at its line, never a traceback
        problems.error(rel, builder.line, "yaml", msg("yaml_error", reason=type(exc).__name__, where=""),
                       msg("yaml_hint"))
        return None
    finally:
        builder.loader.dispose()
    if builder.refused:
        return None
    return Document(data=data, lines=builder.lines, first_line=1 + line_offset)


_NO_KEY, _BAD_KEY = object(), object()
_SPEC = "tag:yaml.org,2002:"
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = frozenset(w for word in ("y", "yes", "n", "no", "true", "false", "on", "off")
                   for w in (word, word.capitalize(), word.upper()))
_FLOAT = re.compile(r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?"
                    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_STARTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_ENDS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


class _Frame:
    """A list or mapping being filled: its path from the document's top (keys and entry numbers), the key waiting
    for its value, and the line of each key already in it."""

    __slots__ = ("value", "path", "key", "key_line", "key_lines")

    def __init__(self, value, path: tuple):
        self.value, self.path = value, path
        self.key, self.key_line, self.key_lines = _NO_KEY, 0, {}


class _Builder:
    """YAML events → plain values, with no alias expanded and nothing but text, whole numbers, None, lists and
    mappings built. A plain scalar is None (`~`, `null`, nothing), a whole number (decimal, at most 18 digits) or
    text as written: `yes`, `1.5`, `0x1F`, `1:30` and `2020-07-16` stay text, so no value changes with YAML 1.1's
    readings and none is of a type the archive does not expect."""

    def __init__(self, text: str, rel: str, problems: Problems, line_offset: int):
        self.loader = _Loader(text)
        self.rel, self.problems, self.offset = rel, problems, line_offset
        self.lines: dict[str, int] = {}
        self.refused = 0
        self.reported: set[tuple] = set()
        self.line = 1 + line_offset
        self.stack: list[_Frame] = []
        self.root: Any = None

    def run(self) -> Any:
        get_event, stack = self.loader.get_event, self.stack
        documents, skipping = 0, 0
        while True:
            event = get_event()
            self.line = event.start_mark.line + 1 + self.offset
            if skipping:  # inside a list or mapping already refused: nothing of it is built
                if isinstance(event, _STARTS):
                    skipping += 1
                elif isinstance(event, _ENDS):
                    skipping -= 1
                    if not skipping:
                        self._add(None)
                continue
            if isinstance(event, yaml.ScalarEvent):
                self._add(self._scalar(event))
            elif isinstance(event, _STARTS):
                mapping = isinstance(event, yaml.MappingStartEvent)
                tag = event.tag
                if len(stack) >= MAX_DEPTH:
                    self._refuse(msg("yaml_too_deep", limit=MAX_DEPTH), msg("yaml_flat_hint"))
                    skipping = 1
                elif tag not in (None, "!", _SPEC + ("map" if mapping else "seq")):
                    self._refuse(msg("yaml_tag", tag=_short_tag(tag)), msg("yaml_tag_hint", tag=_short_tag(tag)))
                    skipping = 1
                elif self._key_wanted():
                    self._refuse(msg("yaml_complex_key"), msg("yaml_hint"), where="yaml")
                    skipping = 1
                else:
                    value: Any = {} if mapping else []
                    path = self._path()
                    self._add(value)
                    stack.append(_Frame(value, path))
            elif isinstance(event, _ENDS):
                stack.pop()
            elif isinstance(event, yaml.AliasEvent):
                self._refuse(msg("yaml_alias", name=_shown(event.anchor or "")), msg("yaml_alias_hint"), kind="alias")
                self._add(None)
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise yaml.composer.ComposerError(None, None, "but found another document", event.start_mark)
            elif isinstance(event, yaml.StreamEndEvent):
                return self.root

    def _key_wanted(self) -> bool:
        return bool(self.stack) and self.stack[-1].key is _NO_KEY and isinstance(self.stack[-1].value, dict)

    def _path(self) -> tuple:
        """Where the next value goes: its parent's path and its key (or entry number)."""
        if not self.stack:
            return ()
        frame = self.stack[-1]
        if isinstance(frame.value, list):
            return (*frame.path, len(frame.value))
        return (*frame.path, frame.key) if isinstance(frame.key, str) else frame.path

    def _field(self) -> str:
        """The field a problem is about: `date`, `original.file`, an entry's `aliases` (no deeper than two)."""
        path = self._path()
        parts = [part for part in path[:2] if isinstance(part, str)]
        return ".".join(parts[:1] if len(path) > 2 and isinstance(path[0], str) else parts) or "yaml"

    def _refuse(self, message: str, hint: str, where: str | None = None, kind: str = "") -> None:
        """Record a refused construct (the document is then not used); one problem per line, field and kind."""
        self.refused += 1
        problem = (self.line, where or self._field(), kind or message)
        if len(self.reported) < MAX_REPORTED and problem not in self.reported:
            self.reported.add(problem)
            self.problems.error(self.rel, self.line, problem[1], message, hint)

    def _scalar(self, event: yaml.ScalarEvent) -> Any:
        text, tag = event.value, event.tag
        found = bad_character(text) if event.style == '"' else None  # escapes: the file itself was checked
        if found:
            self._refuse(character_message(found.group(), found.start() + 1), msg("bad_character_hint"))
            return None
        key = self._key_wanted()
        if key and len(text) > MAX_KEY:
            self._refuse(msg("yaml_long_key", length=len(text), limit=MAX_KEY), msg("yaml_hint"), where="yaml")
            return _BAD_KEY
        if tag in (None, "!"):
            if tag or not event.implicit[0] or key:  # quoted, `!`, or a field name: text as written
                return text
            if text in _NULLS:
                return None
            return self._number(text) if _INT.fullmatch(text) else text
        kind = tag[len(_SPEC):] if tag.startswith(_SPEC) else ""
        valid = {"str": True, "timestamp": True, "int": _INT.fullmatch(text), "bool": text in _BOOLS,
                 "float": _FLOAT.fullmatch(text), "null": text in _NULLS}
        if kind not in valid:
            self._refuse(msg("yaml_tag", tag=_short_tag(tag)), msg("yaml_tag_hint", tag=_short_tag(tag)))
            return None
        if not valid[kind]:
            self._refuse(msg("yaml_not_tagged", value=_shown(text), tag=_short_tag(tag)),
                         msg("yaml_tag_hint", tag=_short_tag(tag)))
            return None
        if key or kind in ("str", "timestamp", "bool", "float"):  # a date stays text: its checks name the day
            return text
        return None if kind == "null" else self._number(text)

    def _number(self, text: str) -> int | None:
        digits = len(text.lstrip("+-"))
        if digits > MAX_DIGITS:
            self._refuse(msg("number_too_long", digits=digits), msg("number_too_long_hint", limit=MAX_DIGITS))
            return None
        return int(text)

    def _add(self, value: Any) -> None:
        stack = self.stack
        if not stack:
            self.root = value
            return
        frame = stack[-1]
        if isinstance(frame.value, list):
            if len(stack) == 1:
                self.lines[f"#{len(frame.value)}"] = self.line
            frame.value.append(value)
            return
        if frame.key is _NO_KEY:  # a field name
            frame.key = value if isinstance(value, str) else _BAD_KEY
            frame.key_line = self.line
            return
        key, line = frame.key, frame.key_line
        frame.key = _NO_KEY
        if key is _BAD_KEY:
            return
        if key in frame.key_lines:  # YAML keeps one silently: a value someone typed would vanish
            first = frame.key_lines[key]
            twice = msg("duplicate_key", name=_shown(key), first=first, second=line) if first != line else \
                msg("duplicate_key_line", name=_shown(key), line=line)
            self.problems.error(self.rel, line, ".".join(p for p in (*frame.path, key) if isinstance(p, str)),
                                twice, msg("keep_one_key"))
            return
        frame.key_lines[key] = line
        frame.value[key] = value
        if len(stack) == 1:
            self.lines[key] = line
        elif len(stack) == 2:
            parent = frame.path[0]
            self.lines.setdefault(f"#{parent}.{key}" if isinstance(parent, int) else f"{parent}.{key}", line)


def _short_tag(tag: str) -> str:
    return _shown("!!" + tag[len(_SPEC):] if tag.startswith(_SPEC) else tag, 40)


def _shown(text: str, limit: int = 30) -> str:
    """A value quoted in a problem: at most `limit` characters."""
    return text if len(text) <= limit else text[:limit] + "…"


_REASONS = {  # what PyYAML / libyaml say → our message key
    "expected ',' or ']'": "flow", "expected ',' or '}'": "flow_map", "expected key": "key",
    "mapping values are not allowed": "colon", "tab character": "tab", "'\\t'": "tab",
    "unexpected end of stream": "end", "expected <block end>": "indent", "expected <document start>": "indent",
    "expected ':'": "no_colon", "found another document": "documents",
}


def _reason(problem: str) -> str:
    """PyYAML's reason in the user's language when it is one of the usual ones."""
    for words, key in _REASONS.items():
        if words in problem:
            return msg(f"yaml_reason_{key}")
    return problem


def _fullwidth_colon(text: str, line: int) -> bool:
    """A pinyin IME types “：”; YAML then reads `title：…` as text and fails a line or two later."""
    lines = text.split("\n")
    return any("：" in lines[n] and ":" not in lines[n].split("：", 1)[0]
               for n in (line - 2, line - 1) if 0 <= n < len(lines))


def _what(context: str) -> str:
    for key in ("sequence", "mapping", "scalar", "key"):
        if key in context:
            return msg(f"yaml_what_{key}")
    return context.split()[-1] if context else ""


_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


def parse_front_matter(text: str, rel: str, problems: Problems) -> Document | None:
    """Split `---` front matter from the Markdown body; both keep their file line numbers."""
    match = _FRONT.match(text)
    if not match:
        if re.match(r"---[ \t]*\n", text):
            problems.error(rel, 1, "front matter", msg("front_matter_unclosed"),
                           msg("front_matter_close_hint", line=_last_field_line(text)))
        else:
            problems.error(rel, 1, "front matter", msg("no_front_matter"), msg("front_matter_hint"))
        return None
    doc = parse_yaml(match.group(1) or "", rel, problems, line_offset=1)
    if doc is None:
        return None
    doc.body = text[match.end():]
    doc.body_line = text[: match.end()].count("\n") + 1
    return doc


def _last_field_line(text: str) -> int:
    """The line of the last `field: value` (or list item) right after the opening ---: where --- belongs."""
    last = 1
    for number, line in enumerate(text.split("\n")[1:], 2):
        if re.match(r"[A-Za-z_][\w-]*\s*[:：]|\s+-\s|\s+\S", line):
            last = number
        else:
            break
    return last


def dump(data: dict[str, Any]) -> str:
    """Stable, readable YAML: keys in the given order, short lists inline, Chinese unescaped."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
