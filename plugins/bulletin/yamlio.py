"""Reading YAML and front matter with the line of every key, so each problem can name its line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Problems

_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 5× faster on a large archive


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader that keeps dates as text: `2020-02-30` must become a clear problem, not a crash."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class Document:
    """A parsed YAML document (or front matter) with the 1-based file line of each top-level key."""

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
        problems.error(rel, line, "encoding", f"the file is not UTF-8 (byte {exc.start})",
                       "save it as UTF-8 (in Notepad: 另存为 → 编码 UTF-8)")
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
        reason = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context_mark", None)
        started = context.line + 1 + line_offset if context else line
        where = f" (the {exc.context.split()[-1]} opened on line {started})" if context and started != line else ""
        problems.error(rel, line, "yaml", f"YAML syntax error: {reason}{where}",
                       "check quotes, brackets, colons and indentation on this line or the one before")
        return None
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            lines[str(key_node.value)] = key_node.start_mark.line + 1 + line_offset
    return Document(data=data, lines=lines, first_line=1 + line_offset)


_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.S)


def parse_front_matter(text: str, rel: str, problems: Problems) -> Document | None:
    """Split `---` front matter from the Markdown body; both keep their file line numbers."""
    match = _FRONT.match(text)
    if not match:
        problems.error(rel, 1, "front matter", "the file does not start with a `---` front matter block",
                       "start the file with ---, the fields, then --- on its own line")
        return None
    doc = parse_yaml(match.group(1) or "", rel, problems, line_offset=1)
    if doc is None:
        return None
    doc.body = text[match.end():]
    doc.body_line = text[: match.end()].count("\n") + 1
    return doc


def dump(data: dict[str, Any]) -> str:
    """Stable, readable YAML: keys in the given order, short lists inline, Chinese unescaped."""
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None, width=1000)
