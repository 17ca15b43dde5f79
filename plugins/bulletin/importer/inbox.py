"""`bulletin inbox`: the circulated files staff uploaded to `inbox/` become issue folders, with a summary to review.

Staff upload the PDF/.docx/.txt through the Git host's web page into `inbox/` and open a pull request; a workflow
runs this command on the pull request's branch. Each file is imported exactly like `bulletin import` (hand edits
already on the branch are kept), moved from the inbox into its issue folder once imported (as `source.pdf`, …: the
original the issue page offers; a text file's text is `source.txt`), and described in a Chinese Markdown summary:
one row per item with what the importer inferred, and every warning, so reviewers check it without opening files.
With `--commit` each imported upload is committed with its issue folder (git add / git rm, every path after `--`
and read literally) before it leaves the inbox, ready for the workflow to push.

Uploads come from pull requests, so every file stands alone: one that cannot be imported, whose name is not UTF-8
or holds a control character, or that makes the importer raise, is listed with the reason and stays in the inbox;
the others go on, and the summary is always written, with one line for every entry of the inbox. Symbolic links,
folders and other non-regular files are never opened, only listed.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import subprocess
import sys
import traceback
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bulletin.archive.load import load_archive
from bulletin.archive.model import ORIGINAL_TYPES
from bulletin.archive.problems import INVISIBLE, Problems, visible
from bulletin.importer.convert import CONVERTED
from bulletin.importer.original import original_type
from bulletin.importer.pipeline import Imported, at_place, import_file
from bulletin.messages import msg

ACCEPTED = (".pdf", ".docx", ".txt", *CONVERTED, ".ofd")  # old formats and OFD get their own message if need be
OWN_FILES = ("README.md", ".gitkeep")  # the folder's own files, not uploads
# What became of an entry of inbox/. The first group does not fail the run: nothing was uploaded to import there.
SKIPPED = ("symlink", "folder", "special", "type")
FINE = ("imported", "stays", *SKIPPED)
FAILED = ("failed", "crashed", "uncommitted", "not_utf8", "control")


@dataclass
class Upload:
    """One entry of inbox/ and what became of it; every entry gets a line in the summary."""

    path: Path
    status: str  # "upload" until processed, then one of FINE or FAILED
    outcome: Imported | None = None
    reason: str = ""  # crashed / uncommitted: one line, never a traceback

    @property
    def ok(self) -> bool:
        return self.status in FINE


@dataclass
class InboxRun:
    uploads: list[Upload]
    summary: str
    refused: str = ""  # the inbox itself could not be read

    @property
    def imported(self) -> list[Imported]:
        return [u.outcome for u in self.uploads if u.outcome is not None]

    @property
    def ok(self) -> bool:
        return not self.refused and all(u.ok for u in self.uploads)


def name_problem(name: str) -> str | None:
    """Why an uploaded file's name is refused before it reaches git, a command line or a summary: not UTF-8
    ("not_utf8"), or a control character, line separator, bidi control or noncharacter ("control")."""
    try:
        name.encode("utf-8")  # os.listdir gives the bytes that are not UTF-8 as lone surrogates
    except UnicodeEncodeError:
        return "not_utf8"
    for c in name:
        code = ord(c)
        if code in INVISIBLE or unicodedata.category(c) == "Cc" or code & 0xFFFE == 0xFFFE or 0xFDD0 <= code <= 0xFDEF:
            return "control"
    return None


def shown(name: str) -> str:
    """A file name as the summary may show it: bytes that are not UTF-8 as `\\xff`, control characters as `\\x0a`."""
    return visible("".join(f"\\x{ord(c) - 0xDC00:02x}" if 0xDC80 <= ord(c) <= 0xDCFF  # os.listdir's escaped bytes
                           else f"\\u{ord(c):04x}" if 0xD800 <= ord(c) <= 0xDFFF else c for c in name))


def inbox_entries(inbox: Path) -> list[Upload]:
    """Every entry of inbox/ but its own README, each with what it is: an upload to import, or why not."""
    if not inbox.is_dir():
        return []
    return [Upload(inbox / name, _kind(inbox / name, name)) for name in sorted(os.listdir(inbox))
            if name not in OWN_FILES]


def inbox_files(inbox: Path) -> list[Path]:
    return [u.path for u in inbox_entries(inbox) if u.status == "upload"]


def _kind(path: Path, name: str) -> str:
    problem = name_problem(name)
    if problem:
        return problem
    try:
        mode = os.lstat(path).st_mode
    except OSError:  # gone while listed, or unreadable: named, not opened
        return "special"
    if stat.S_ISLNK(mode):  # not an upload: followed, it would copy a file from outside the repository
        return "symlink"
    if stat.S_ISDIR(mode):
        return "folder"
    if not stat.S_ISREG(mode):  # a FIFO or a device: never opened (reading one could block or leak)
        return "special"
    return "upload" if path.suffix.lower() in ACCEPTED else "type"


def run_inbox(inbox: Path, archive: Path, commit: bool = False) -> InboxRun:
    """Import every upload, each on its own: one that fails (or raises) is reported and the others go on. With
    `commit`, each imported upload is committed with its issue folder before it leaves inbox/. Never raises for an
    upload; the summary names every entry."""
    uploads, refused = [], ""
    try:
        if inbox.is_symlink():
            refused = msg("inbox_is_link")
        else:
            uploads = inbox_entries(inbox)
    except OSError as exc:
        refused = msg("inbox_unreadable", reason=_reason(exc))
    for upload in uploads:
        if upload.status == "upload":
            _process(upload, inbox, archive, commit)
    try:
        summary = "\n".join(_summary(uploads, archive, refused))
    except Exception as exc:  # never expected (each file's part is guarded): still a summary, naming every file
        _log("summary", exc)
        summary = "\n".join([f"## {msg('inbox_title')}", "", msg("inbox_summary_failed", reason=_reason(exc)), "",
                             *(_row(u) for u in uploads)])
    return InboxRun(uploads, summary, refused)


def _process(upload: Upload, inbox: Path, archive: Path, commit: bool) -> None:
    try:
        outcome = upload.outcome = import_file(upload.path, archive)
        if not outcome.ok:
            upload.status = "failed"
            return
        stays = _upload_refused(outcome)
        if commit:
            try:
                _commit(outcome, None if stays else inbox.resolve() / upload.path.name, archive)
            except GitFailed as exc:  # imported, not committed: the upload stays in inbox/ for the next run
                upload.status, upload.reason = "uncommitted", str(exc)
                return
        if not stays:  # imported (and committed): the upload now lives in its issue folder
            upload.path.unlink(missing_ok=True)
        upload.status = "stays" if stays else "imported"
    except Exception as exc:  # a bug or an attack the importer did not foresee: this file alone fails
        _log(shown(upload.path.name), exc)
        upload.status, upload.reason = "crashed", _reason(exc)


def _reason(exc: BaseException) -> str:
    """An exception as one line of the summary: its kind and message, shortened, no traceback."""
    text = visible(str(exc)).strip()
    text = text if len(text) <= 200 else text[:200] + "…"
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _log(what: str, exc: BaseException) -> None:
    """The traceback for maintainers, in the CI log only: our code's frames, then the message made one line."""
    print("".join(traceback.format_tb(exc.__traceback__)), end="", file=sys.stderr)
    print(visible(f"bulletin inbox: {what}: {type(exc).__name__}: {exc}"), file=sys.stderr)


def _commit(outcome: Imported, upload: Path | None, archive: Path) -> None:
    """Commit the issue folder and the upload's removal from inbox/ (its move into the folder), nothing else;
    on failure leave the index as it was."""
    folder = outcome.result.folder.resolve()
    if _staged(archive):
        raise GitFailed(msg("inbox_index_busy"))
    paths = [str(folder)] + ([str(upload)] if upload else [])
    try:
        _git("add", "--", str(folder), cwd=archive)
        if upload:
            _git("rm", "-q", "--cached", "--ignore-unmatch", "--", str(upload), cwd=archive)
        if _staged(archive):  # nothing, when the upload met the same original already there
            number = msg("issue_no", number=outcome.bulletin.number)
            _git("commit", "-q", "-m", msg("inbox_commit", numbers=number), cwd=archive)
    except GitFailed:
        with contextlib.suppress(GitFailed):  # (an empty repository has nothing to restore from: the next upload
            _git("restore", "--staged", "--", *paths, cwd=archive)  # then finds the index busy and says so)
        raise


def _upload_refused(outcome: Imported) -> bool:
    """The issue folder already holds a different original (or text) and kept it: the upload stays in the inbox,
    so nothing is lost while reviewers decide (the summary says so)."""
    kept = {path.name for path in outcome.result.kept}
    if original_type(outcome.source) is None:  # a text: its text is the original
        return "source.txt" in kept
    return any(f"source.{kind}" in kept for kind in ORIGINAL_TYPES)


class GitFailed(RuntimeError):
    """A git command of `--commit` failed; the message is git's own."""


# Every path is given after `--` and read literally: an upload named `:(top)*.txt` is that file, not every .txt
# of the repository, and one named `--force.pdf` is not an option.
_PATHSPEC_MAGIC = ("GIT_GLOB_PATHSPECS", "GIT_NOGLOB_PATHSPECS", "GIT_ICASE_PATHSPECS")


def _git(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in _PATHSPEC_MAGIC} | {"GIT_LITERAL_PATHSPECS": "1"}
    try:
        run = subprocess.run(["git", "--literal-pathspecs", "-c", "core.quotePath=false", *args], cwd=cwd, env=env,
                             capture_output=True, stdin=subprocess.DEVNULL)
    except OSError as exc:  # no git at all
        raise GitFailed(f"git {args[0]}: {_reason(exc)}") from exc
    if run.returncode not in (0, 1) or run.returncode == 1 and args[:1] != ("diff",):
        said = visible((run.stderr or run.stdout).decode("utf-8", "replace").strip())
        raise GitFailed(f"git {args[0]}: {said[-300:] or run.returncode}")
    return run


def _staged(cwd: Path) -> bool:
    return _git("diff", "--cached", "--quiet", cwd=cwd).returncode == 1


def _cell(text: object) -> str:
    """Table-safe and inert in a pull-request comment: no pipes, no line breaks, no HTML."""
    return (visible(str(text)).replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;")
            .replace(">", "&gt;"))


def _code(name: str) -> str:
    """A file name as inline code, whatever it holds: a fence longer than any run of backticks in it, so
    nothing in the name becomes a link, a mention or HTML in the comment."""
    text = shown(name)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text[:1] in ("`", " ") or text[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _summary(uploads: list[Upload], archive: Path, refused: str = "") -> list[str]:
    lines = [f"## {msg('inbox_title')}", ""]
    if refused:
        return lines + [refused]
    if all(u.status in SKIPPED for u in uploads):
        lines += [msg("inbox_empty"), ""]
    if not uploads:
        return lines
    lines += [msg("inbox_files", count=len(uploads)), "", *(_row(u) for u in uploads), ""]
    for upload in uploads:
        if upload.outcome is None:  # (nothing read, or the import raised: its line above says so)
            continue
        try:
            lines += _file_summary(upload, archive) + [""]
        except Exception as exc:  # the import is done (its row says how); only its details are missing
            _log(shown(upload.path.name), exc)
            lines += [f"### ⚠️ {_code(upload.path.name)}", "", msg("inbox_details_failed", reason=_cell(_reason(exc))),
                      ""]
    return lines


ICONS = {"imported": "✅", "stays": "⚠️", "failed": "❌", "crashed": "❌", "uncommitted": "❌", "not_utf8": "❌",
         "control": "❌", "symlink": "⏭️", "folder": "⏭️", "special": "⏭️", "type": "⏭️"}


def _row(upload: Upload) -> str:
    """One line of the overview: the file and what became of it."""
    outcome, status = upload.outcome, upload.status
    issue = {}
    if outcome is not None and outcome.ok:
        issue = {"number": outcome.bulletin.number, "folder": outcome.result.folder.name}
    if status == "type":
        text = msg("inbox_row_type", types="、".join(ACCEPTED))
    elif status in ("crashed", "uncommitted"):
        text = msg(f"inbox_row_{status}", reason=_cell(upload.reason), **issue)
    else:
        text = msg(f"inbox_row_{status}", **issue)
    return f"- {ICONS.get(status, '❌')} {_code(upload.path.name)}：{text}"


def _file_summary(upload: Upload, archive: Path) -> list[str]:
    outcome = upload.outcome
    name = _code(upload.path.name)
    if not outcome.ok:
        lines = [f"### ❌ {name}", "", msg("inbox_failed")]
        return lines + [f"- {at_place(where)}{_cell(text)}" for where, _, text in outcome.notes]
    result, bulletin = outcome.result, outcome.bulletin
    problems = Problems()
    loaded = load_archive(archive, problems, only={result.folder, *result.folder.iterdir()}, quick=True)
    issue = next((i for i in loaded.issues if i.id == result.folder.name), None)
    heading = msg("inbox_file_heading", series=_cell(bulletin.series), number=bulletin.number,
                  folder=result.folder.name, name=name)
    lines = [f"### {heading}", "",
             msg("import_summary", folder=result.folder.name, items=len(bulletin.items), written=len(result.written),
                 unchanged=len(result.unchanged), kept=len(result.kept)), "", outcome.ledger.line(), ""]
    if issue is not None:
        lines += [msg("inbox_table_head"), "|---|---|---|---|---|---|"]
        loaded_orders = {item.order for item in issue.items}
        for item in issue.items:
            when = msg("inbox_when", date=item.date, precision=msg("precision_" + item.date_precision))
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
        lines += ["", msg("inbox_kept", names="、".join(_code(p.name) for p in result.kept))]
    if upload.status == "stays":  # (a moved upload is in the folder)
        lines += ["", msg("inbox_upload_stays", name=name, folder=result.folder.name)]
    if upload.status in ("uncommitted", "crashed"):
        lines += ["", msg(f"inbox_row_{upload.status}", reason=_cell(upload.reason), number=bulletin.number,
                          folder=result.folder.name)]
    return lines
