"""`bulletin import` and `bulletin new`: the staff's way in."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from bulletin.archive.load import load_archive
from bulletin.archive.names import ITEM_FILE
from bulletin.archive.problems import Problems
from bulletin.archive.slugs import make_slug
from bulletin.archive.validate import PLACEHOLDER
from bulletin.archive.vocabulary import load_vocabulary
from bulletin.archive.yamlio import dump
from bulletin.importer.pipeline import import_file
from bulletin.messages import msg


def cmd_import(args: argparse.Namespace) -> int:
    outcome = import_file(Path(args.file), Path(args.into), args.force)
    for where, kind, message in outcome.notes:
        print(f"{outcome.source}:{where}: {msg(kind + '_field')}: {message}", file=sys.stderr)
    if not outcome.ok:
        return 1
    result, bulletin = outcome.result, outcome.bulletin
    print(outcome.ledger.line())
    for path in result.kept:
        print(msg("kept_file", path=path), file=sys.stderr)
    for path in result.removed:
        print(msg("original_replaced", path=path), file=sys.stderr)
    print(msg("import_summary", folder=result.folder, items=len(bulletin.items), written=len(result.written),
              unchanged=len(result.unchanged), kept=len(result.kept)))
    print(msg("import_next"))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    """Scaffold an item, then check it exactly as `bulletin check` would; refuse (and write nothing) on a mistake."""
    root = Path(args.archive)
    folder = root / args.issue
    archive = load_archive(root, Problems(), only={folder}, quick=True) if folder.is_dir() else None
    issue = next((i for i in archive.issues if i.id == args.issue), None) if archive else None
    if issue is None:
        print(msg("no_such_issue", folder=folder), file=sys.stderr)
        return 1
    names = [p.name for p in folder.iterdir() if ITEM_FILE.match(p.name)]
    orders = [int(ITEM_FILE.match(n).group(1)) for n in names]
    taken = {n.split("-", 1)[1].removesuffix(".md") for n in names}
    slug = make_slug(args.title, load_vocabulary(root, Problems()), taken)
    front = {"title": args.title, "section": args.section or issue.sections[-1],
             "date": _date_or_text(args.date) if args.date else issue.published,
             "date_precision": "day" if args.date else "issue", "districts": args.district or ["重庆市"],
             "tags": args.tag or [], "slug": slug}
    path = folder / f"{max(orders, default=0) + 1:02d}-{slug}.md"
    path.write_text(f"---\n{dump(front)}---\n\n{PLACEHOLDER}\n", encoding="utf-8")
    problems = Problems()
    load_archive(root, problems, only={path}, quick=True)
    mistakes = [p for p in problems.sorted() if p.severity == "error" and p.field != "body"]
    if mistakes:
        path.unlink()
        print(msg("new_refused"), file=sys.stderr)
        print("\n".join(p.as_text() for p in mistakes), file=sys.stderr)
        return 1
    print(path)  # stdout: the path alone, for scripts and editors
    print(msg("new_written"), file=sys.stderr)
    return 0


def _date_or_text(value: str) -> dt.date | str:
    """A real date is written as one; anything else is kept as typed, for the check to explain."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return value


def add_import_parser(sub) -> None:
    p = sub.add_parser("import", help=msg("import_help"))
    p.add_argument("file", help=msg("import_file_help"))
    p.add_argument("--into", default="issues", help=msg("cli_archive_help"))
    p.add_argument("--force", action="store_true", help=msg("import_force_help"))
    p.set_defaults(func=cmd_import)


def cmd_inbox(args: argparse.Namespace) -> int:
    from bulletin.importer.inbox import GitFailed, run_inbox

    try:
        run = run_inbox(Path(args.inbox), Path(args.archive), commit=args.commit)
    except (GitFailed, OSError) as exc:
        print(msg("inbox_git_failed", reason=exc), file=sys.stderr)
        return 1
    if args.summary:
        Path(args.summary).write_text(run.summary + "\n", encoding="utf-8")
    else:
        print(run.summary)
    return 0 if run.ok else 1


def add_inbox_parser(sub) -> None:
    p = sub.add_parser("inbox", help=msg("inbox_help"))
    p.add_argument("--inbox", default="inbox", help=msg("inbox_dir_help"))
    p.add_argument("--archive", default="issues", help=msg("cli_archive_help"))
    p.add_argument("--commit", action="store_true", help=msg("inbox_commit_help"))
    p.add_argument("--summary", help=msg("inbox_summary_help"))
    p.set_defaults(func=cmd_inbox)


def add_new_parser(sub) -> None:
    p = sub.add_parser("new", help=msg("new_help"))
    p.add_argument("issue", help=msg("new_issue_help"))
    p.add_argument("title", help=msg("new_title_help"))
    p.add_argument("--section", help=msg("new_section_help"))
    p.add_argument("--date", help=msg("new_date_help"))
    p.add_argument("--district", action="append", help=msg("new_district_help"))
    p.add_argument("--tag", action="append", help=msg("new_tag_help"))
    p.add_argument("--archive", default="issues", help=msg("cli_archive_help"))
    p.set_defaults(func=cmd_new)
