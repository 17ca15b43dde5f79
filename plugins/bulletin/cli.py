"""`bulletin` command line: check, import, new. User mistakes print problems and exit 1, never a traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .load import load_archive
from .problems import Problems


def cmd_check(args: argparse.Namespace) -> int:
    problems = Problems()
    root = Path(args.archive)
    if not root.is_dir():
        print(f"{root}: not a folder (expected the archive, e.g. issues/)", file=sys.stderr)
        return 1
    only = {Path(p) for p in args.paths} if args.paths else None
    archive = load_archive(root, problems, only=only)
    if problems.items:
        print(problems.render(args.format))
    if args.format == "text":
        print(f"{len(archive.items)} items in {len(archive.issues)} issues; "
              f"{len(problems.errors)} error(s), {len(problems.warnings)} warning(s)", file=sys.stderr)
    return 1 if problems.errors else 0


def cmd_synth(args: argparse.Namespace) -> int:
    import shutil

    from .synth import synthesize
    from .vocabulary import load_vocabulary

    problems = Problems()
    source, out = Path(args.archive), Path(args.out)
    vocab = load_vocabulary(source, problems)
    if problems.errors:
        print(problems.render(), file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for name in ("districts.yml", "tags.yml"):
        shutil.copyfile(source / name, out / name)
    seed_text = Path(args.seed_text) if args.seed_text else None
    issues = synthesize(vocab, args.items, args.seed, out, seed_text, Path(args.jsonl) if args.jsonl else None)
    print(f"{out}: {args.items} items in {issues} issues (seed {args.seed})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bulletin", description="渝环简报 archive tools")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the archive and print every problem")
    check.add_argument("paths", nargs="*", help="only report problems in these files")
    check.add_argument("--archive", default="issues", help="archive folder (default: issues)")
    check.add_argument("--format", choices=("text", "github", "json"), default="text")
    check.set_defaults(func=cmd_check)
    from .importer.cli import add_import_parser, add_new_parser

    synth = sub.add_parser("synth", help="write a deterministic synthetic archive for benchmarks")
    synth.add_argument("--items", type=int, required=True)
    synth.add_argument("--seed", type=int, default=1)
    synth.add_argument("--out", required=True)
    synth.add_argument("--jsonl", help="also write the items as JSON lines (for ../shared/bench/material_anchor.py)")
    synth.add_argument("--archive", default="issues", help="where districts.yml and tags.yml come from")
    synth.add_argument("--seed-text", help="a real bulletin whose sentences are mixed in")
    synth.set_defaults(func=cmd_synth)
    add_import_parser(sub)
    add_new_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
