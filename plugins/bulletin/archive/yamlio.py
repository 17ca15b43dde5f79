"""Reading YAML and front matter with the line of every key, so each problem can name its line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bulletin.archive.problems import Problems
from bulletin.messages import msg

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 5× faster on a large archive


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader that keeps dates as text: `2020-02-30` must become a clear problem, not a crash."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Document:
    """A parsed YAML document (or front matter) with the 1-based file line of each top-level key (and of the keys
    of a mapping under one, as `key.sub`)."""

    data: Any
    lines: dict[str, int] = field(default_factory=dict)
    first_line: int = 1
    body: str = ""
    body_line: int = 1

    def line(self, key: str) -> int:
        return self.lines.get(key, self.first_line)


def read_text(path: Path, rel: str, problems: Problems) -> str | None:
    """UTF-8 text with BOM and CRLF accepted; None (and a problem) when the bytes are not UTF-8."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(rel, line, "encoding", msg("not_utf8", offset=exc.start), msg("save_utf8"))
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(text: str, rel: str, problems: Problems, line_offset: int = 0) -> Document | None:
    """Parse one YAML document; a syntax error becomes a problem at the YAML's own line."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
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
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key, line = str(key_node.value), key_node.start_mark.line + 1 + line_offset
            if key in lines:  # YAML keeps the last one silently: a value someone typed would vanish
                problems.error(rel, line, key, msg("duplicate_key", name=key, first=lines[key], second=line),
                               msg("keep_one_key"))
                continue
            lines[key] = line
            if isinstance(value_node, yaml.MappingNode):  # `original:`'s fields: `original.sha256`
                for sub_node, _ in value_node.value:
                    lines.setdefault(f"{key}.{sub_node.value}", sub_node.start_mark.line + 1 + line_offset)
    return Document(data=data, lines=lines, first_line=1 + line_offset)


_REASONS = {  # what PyYAML / libyaml say → our message key
    "expected ',' or ']'": "flow", "expected ',' or '}'": "flow_map", "expected key": "key",
    "mapping values are not allowed": "colon", "tab character": "tab", "'\\t'": "tab",
    "unexpected end of stream": "end", "expected <block end>": "indent", "expected <document start>": "indent",
    "expected ':'": "no_colon",
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
