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
    if args.changed is not None:
        changed = changed_files(root, args.changed)
        if changed is None:
            print(f"--changed {args.changed}: not a git checkout, or no such revision", file=sys.stderr)
            return 1
        only = (only or set()) | changed
        if not only:
            print("no archive files changed", file=sys.stderr)
            return 0
    archive = load_archive(root, problems, only=only, quick=args.changed is not None)
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


def changed_files(root: Path, base: str) -> set[Path] | None:
    """Archive files changed since `base` (committed or not), and untracked ones: what a pre-commit run checks."""
    import subprocess

    def git(*args: str) -> list[str] | None:
        run = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        return run.stdout.splitlines() if run.returncode == 0 else None

    top = git("rev-parse", "--show-toplevel")
    diff = git("diff", "--name-only", base, "--", ".")
    untracked = git("ls-files", "--others", "--exclude-standard", "--full-name", "--", ".")
    if top is None or diff is None or untracked is None:
        return None
    return {p for name in diff + untracked if (p := Path(top[0]) / name).exists() and p.suffix in (".md", ".yml")}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bulletin", description="渝环简报 archive tools")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate the archive and print every problem")
    check.add_argument("paths", nargs="*", help="only report problems in these files")
    check.add_argument("--archive", default="issues", help="archive folder (default: issues)")
    check.add_argument("--format", choices=("text", "github", "json"), default="text")
    check.add_argument("--changed", nargs="?", const="HEAD", metavar="BASE",
                       help="only files changed since the git revision BASE (default HEAD), and untracked ones")
    check.set_defaults(func=cmd_check)
    from .importer.cli import add_import_parser, add_new_parser

    synth = sub.add_parser("synth", help="write a deterministic synthetic archive for benchmarks")
    synth.add_argument("--items", type=int, required=True)
    synth.add_argument("--seed", type=int, default=1)
    synth.add_argument("--out", required=True)
    synth.add_argument("--jsonl", help="also write the items as JSON lines (for bench/material_baseline.py)")
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
