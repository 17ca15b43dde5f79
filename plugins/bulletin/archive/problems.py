"""Problems found in the archive, collected (never raised one by one) and printed as `path:line: field: message`."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from bulletin.messages import msg


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
        return f"{self.path}:{self.line}: {self.field}: {label}{self.message}{hint}"

    def as_github(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        message = f"{self.message}{hint}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        title = self.field.replace(",", "%2C").replace("::", "%3A%3A")
        return f"::{self.severity} file={self.path},line={self.line},title={title}::{message}"


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

