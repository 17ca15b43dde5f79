"""`bulletin inbox`: the circulated files staff uploaded to `inbox/` become issue folders, with a summary to review.

Staff upload the PDF/.docx/.txt through the Git host's web page into `inbox/` and open a pull request; a workflow
runs this command on the pull request's branch. Each file is imported exactly like `bulletin import` (hand edits
already on the branch are kept), moved from the inbox into its issue folder once imported (as `source.pdf`, …: the
original the issue page offers; a text file's text is `source.txt`), and described in a Chinese Markdown summary:
one row per item with what the importer inferred, and every warning, so reviewers check it without opening files.
With `--commit` the result is committed (git add / git rm), ready for the workflow to push.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from bulletin.archive.load import load_archive
from bulletin.archive.model import ORIGINAL_TYPES
from bulletin.archive.problems import Problems
from bulletin.importer.original import original_type
from bulletin.importer.pipeline import Imported, at_place, import_file
from bulletin.messages import msg

# every format offices circulate: .doc/.wps/.rtf/.odt are converted by LibreOffice; .ofd gets its own message
ACCEPTED = (".pdf", ".docx", ".txt", ".doc", ".wps", ".rtf", ".odt", ".ofd")


@dataclass
class InboxRun:
    imported: list[Imported]
    summary: str

    @property
    def ok(self) -> bool:
        return all(outcome.ok for outcome in self.imported)


def inbox_files(inbox: Path) -> list[Path]:
    if not inbox.is_dir():
        return []
    # a symbolic link is not an upload: followed, it would copy a file from outside the repository into the archive
    return sorted(p for p in inbox.iterdir() if p.is_file() and not p.is_symlink() and p.suffix.lower() in ACCEPTED)


def run_inbox(inbox: Path, archive: Path, commit: bool = False) -> InboxRun:
    outcomes = []
    for path in inbox_files(inbox):
        outcome = import_file(path, archive)
        outcomes.append(outcome)
        if outcome.ok and not _upload_refused(outcome):  # imported: the upload now lives in its issue folder
            if commit:
                _git("rm", "-q", "--cached", "--ignore-unmatch", path.name, cwd=inbox)
            path.unlink(missing_ok=True)
    summary = "\n".join(_summary(outcomes, archive))
    if commit and any(o.ok for o in outcomes):
        for outcome in outcomes:
            if outcome.ok:
                _git("add", str(outcome.result.folder.resolve()), cwd=archive)
        numbers = "、".join(f"第{o.bulletin.number}期" for o in outcomes if o.ok)
        if _staged(archive):  # nothing, when every upload met a different original already there
            _git("commit", "-q", "-m", msg("inbox_commit", numbers=numbers), cwd=archive)
    return InboxRun(outcomes, summary)


def _upload_refused(outcome: Imported) -> bool:
    """The issue folder already holds a different original (or text) and kept it: the upload stays in the inbox,
    so nothing is lost while reviewers decide (the summary says so)."""
    kept = {path.name for path in outcome.result.kept}
    if original_type(outcome.source) is None:  # a text: its text is the original
        return "source.txt" in kept
    return any(f"source.{kind}" in kept for kind in ORIGINAL_TYPES)


class GitFailed(RuntimeError):
    """A git command of `--commit` failed; the message is git's own."""


def _git(*args: str, cwd: Path) -> None:
    run = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if run.returncode != 0:
        raise GitFailed(f"git {' '.join(args[:1])}: {(run.stderr or run.stdout).strip()}")


def _staged(cwd: Path) -> bool:
    return subprocess.run(["git", "diff", "--cached", "--quiet"], cwd=cwd, capture_output=True).returncode != 0


def _cell(text: object) -> str:
    """Table-safe and inert in a pull-request comment: no pipes, no line breaks, no HTML."""
    return (str(text).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")
            .replace("\n", " "))


def _summary(outcomes: list[Imported], archive: Path) -> list[str]:
    lines = [f"## {msg('inbox_title')}", ""]
    if not outcomes:
        return lines + [msg("inbox_empty")]
    for outcome in outcomes:
        lines += _file_summary(outcome, archive) + [""]
    return lines


def _file_summary(outcome: Imported, archive: Path) -> list[str]:
    name = _cell(outcome.source.name)
    if not outcome.ok:
        lines = [f"### ❌ `{name}`", "", msg("inbox_failed")]
        return lines + [f"- {at_place(where)}{_cell(text)}" for where, _, text in outcome.notes]
    result, bulletin = outcome.result, outcome.bulletin
    problems = Problems()
    loaded = load_archive(archive, problems, only={result.folder, *result.folder.iterdir()}, quick=True)
    issue = next((i for i in loaded.issues if i.id == result.folder.name), None)
    lines = [f"### {_cell(bulletin.series)}第{bulletin.number}期（`{result.folder.name}`）← `{name}`", "",
             msg("import_summary", folder=result.folder.name, items=len(bulletin.items), written=len(result.written),
                 unchanged=len(result.unchanged), kept=len(result.kept)), "", outcome.ledger.line(), ""]
    if issue is not None:
        lines += [msg("inbox_table_head"), "|---|---|---|---|---|---|"]
        loaded_orders = {item.order for item in issue.items}
        for item in issue.items:
            when = f"{item.date}（{msg('precision_' + item.date_precision)}）"
            lines.append(f"| {item.order} | {_cell(item.title)} | {_cell(item.section)} | {when} | "
                         f"{_cell('、'.join(item.districts))} | {_cell('、'.join(item.tags)) or '—'} |")
        for order, raw in enumerate(bulletin.items, 1):  # an item the check refused: still listed, never dropped
            if order not in loaded_orders:
                lines.append(f"| {order} | {_cell(raw.title)} | {_cell(raw.section)} | {msg('inbox_item_refused')} "
                             "| — | — |")
    warnings = [(where, text) for where, kind, text in outcome.notes if kind == "warning"]
    if warnings:
        lines += ["", f"**{msg('inbox_warnings', count=len(warnings))}**", ""]
        lines += [f"- {at_place(where)}{_cell(text)}" for where, text in warnings]
    if problems.items:
        lines += ["", f"**{msg('inbox_problems', count=len(problems.items))}**", ""]
        lines += [f"- `{_cell(p.as_text())}`" for p in problems.sorted()]
    if result.kept:
        lines += ["", msg("inbox_kept", names="、".join(f"`{_cell(p.name)}`" for p in result.kept))]
    if outcome.source.exists() and _upload_refused(outcome):  # (a moved upload is in the folder)
        lines += ["", msg("inbox_upload_stays", name=name, folder=result.folder.name)]
    return lines
