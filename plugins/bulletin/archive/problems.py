"""Problems found in the archive, collected (never raised one by one) and printed as `path:line: field: message`."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from bulletin.messages import msg

# Characters that end a line, move the cursor or reorder text on a terminal, a CI log or a review page.
INVISIBLE = frozenset((*range(0x20), *range(0x7F, 0xA0), 0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F),
                        *range(0x2066, 0x206A)))


def visible(text: str) -> str:
    """Control characters (and line/paragraph separators, bidi controls) written as `\\x1b`/`\\u202e`: one line
    on a terminal or in a CI log, where a raw newline could start a GitHub workflow command."""
    if not any(ord(c) in INVISIBLE for c in text):
        return text
    return "".join((f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}") if ord(c) in INVISIBLE else c
                   for c in text)


def github_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub documents (actions/toolkit `escapeData`)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A workflow command's property value (file, title), escaped as GitHub documents (`escapeProperty`)."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    severity: str = "error"  # or "warning"

    def as_text(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        label = "" if self.severity == "error" else msg("warning_label")
        return visible(f"{self.path}:{self.line}: {self.field}: {label}{self.message}{hint}")

    def as_github(self) -> str:
        """A workflow command, one line whatever the text holds: a file name with a newline cannot start a command
        of its own (`::stop-commands::`, an annotation on another file)."""
        hint = f" ({self.hint})" if self.hint else ""
        kind = self.severity if self.severity in ("error", "warning", "notice") else "error"
        return (f"::{kind} file={github_property(self.path)},line={int(self.line)},"
                f"title={github_property(self.field)}::{github_data(self.message + hint)}")


@dataclass
class Problems:
    """A collector handed to every loader and validator, so one run reports every problem at once."""

    items: list[Problem] = field(default_factory=list)

    def error(self, path: str, line: int, field_name: str, message: str, hint: str = "") -> None:
        self.items.append(Problem(path, line, field_name, message, hint, "error"))

    def warning(self, path: str, line: int, field_name: str, message: str, hint: str = "") -> None:
        self.items.append(Problem(path, line, field_name, message, hint, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def sorted(self) -> list[Problem]:
        return sorted(set(self.items))

    def render(self, fmt: str = "text") -> str:
        problems = self.sorted()
        if fmt == "json":
            return json.dumps([asdict(p) for p in problems], ensure_ascii=False, indent=2)
        if fmt == "github":
            return "\n".join(p.as_github() for p in problems)
        return "\n".join(p.as_text() for p in problems)

