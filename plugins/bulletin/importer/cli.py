"""`bulletin import` and `bulletin new`: the staff's way in."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from ..load import ITEM_FILE, load_archive
from ..problems import Problems
from ..validate import PLACEHOLDER
from ..vocabulary import load_vocabulary
from ..yamlio import dump
from .infer import make_slug
from .parse import parse_bulletin
from .write import write_issue


def read_source(path: Path) -> str:
    if path.suffix.lower() == ".docx":
        from zipfile import BadZipFile

        from docx.opc.exceptions import PackageNotFoundError

        from .docx import docx_text

        try:
            return docx_text(path)
        except (BadZipFile, KeyError, PackageNotFoundError) as exc:
            raise ValueError(f"not a readable Word (.docx) file: {exc}") from exc
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("utf-8", raw, 0, 1, "neither UTF-8 nor GB18030")


def cmd_import(args: argparse.Namespace) -> int:
    source, into = Path(args.file), Path(args.into)
    if not source.is_file():
        print(f"{source}: no such file", file=sys.stderr)
        return 1
    try:
        text = read_source(source)
    except (UnicodeDecodeError, ValueError, OSError) as exc:
        print(f"{source}:1: file: cannot read the bulletin ({exc})", file=sys.stderr)
        return 1
    problems = Problems()
    vocab = load_vocabulary(into, problems)
    bulletin = parse_bulletin(text)
    for line, message in bulletin.warnings:
        print(f"{source}:{line}: warning: {message}", file=sys.stderr)
    for line, message in bulletin.errors:
        print(f"{source}:{line}: error: {message}", file=sys.stderr)
    if bulletin.errors or problems.errors:
        print(problems.render(), file=sys.stderr)
        return 1
    result = write_issue(bulletin, vocab, into, force=args.force, source_text=text)
    for path in result.kept:
        print(f"{path}: kept: differs from the import (edited by hand?); use --force to overwrite", file=sys.stderr)
    print(f"{result.folder}: {len(bulletin.items)} items; {len(result.written)} written, "
          f"{len(result.unchanged)} unchanged, {len(result.kept)} kept")
    print("next: review titles, dates, districts and tags, then run `bulletin check`")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    root = Path(args.archive)
    folder = root / args.issue
    problems = Problems()
    archive = load_archive(root, problems)
    issue = next((i for i in archive.issues if i.id == args.issue), None)
    if issue is None:
        print(f"{folder}: no such issue (or its issue.yml has errors; run `bulletin check`)", file=sys.stderr)
        return 1
    section = args.section or issue.sections[-1]
    if section not in issue.sections:
        print(f"--section {section}: not one of {', '.join(issue.sections)}", file=sys.stderr)
        return 1
    orders = [int(m.group(1)) for p in folder.iterdir() if (m := ITEM_FILE.match(p.name))]
    taken = {p.name.split("-", 1)[1].removesuffix(".md") for p in folder.iterdir() if ITEM_FILE.match(p.name)}
    vocab = load_vocabulary(root, Problems())
    slug = make_slug(args.title, vocab, taken)
    date = dt.date.fromisoformat(args.date) if args.date else issue.published
    front = {"title": args.title, "section": section, "date": date,
             "date_precision": "day" if args.date else "issue", "districts": args.district or ["重庆市"],
             "tags": args.tag or [], "slug": slug}
    path = folder / f"{max(orders, default=0) + 1:02d}-{slug}.md"
    path.write_text(f"---\n{dump(front)}---\n\n{PLACEHOLDER}\n", encoding="utf-8")
    print(path)
    return 0


def _iso(value: str) -> str:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise argparse.ArgumentTypeError("expected YYYY-MM-DD")
    dt.date.fromisoformat(value)
    return value


def add_import_parser(sub) -> None:
    p = sub.add_parser("import", help="import a circulated bulletin (.txt or .docx) as an issue folder")
    p.add_argument("file")
    p.add_argument("--into", default="issues", help="archive folder (default: issues)")
    p.add_argument("--force", action="store_true", help="overwrite files that differ from the import")
    p.set_defaults(func=cmd_import)


def add_new_parser(sub) -> None:
    p = sub.add_parser("new", help="scaffold a new item in an issue with the next order prefix")
    p.add_argument("issue", help="issue folder name, e.g. 2020-008")
    p.add_argument("title")
    p.add_argument("--section")
    p.add_argument("--date", type=_iso)
    p.add_argument("--district", action="append")
    p.add_argument("--tag", action="append")
    p.add_argument("--archive", default="issues")
    p.set_defaults(func=cmd_new)
