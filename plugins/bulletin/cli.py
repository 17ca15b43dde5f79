"""`bulletin` command line: check, import, new. User mistakes print problems and exit 1, never a traceback."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bulletin.archive.load import check_links, load_archive
from bulletin.archive.problems import Problems
from bulletin.messages import LANGUAGES, msg, set_language


def cmd_check(args: argparse.Namespace) -> int:
    problems = Problems()
    root = Path(args.archive)
    if not root.is_dir():
        print(msg("not_a_folder", path=root), file=sys.stderr)
        return 1
    only = {Path(p) for p in args.paths} if args.paths else None
    if args.changed is not None:
        changed = changed_files(root, args.changed)
        if changed is None:
            print(msg("changed_bad", base=args.changed), file=sys.stderr)
            return 1
        only = (only or set()) | changed
        if not only:
            print(msg("nothing_changed"), file=sys.stderr)
            return 0
    archive = load_archive(root, problems, only=only, quick=args.changed is not None)
    if (root.parent / "docs").is_dir():  # the site's own pages: MkDocs would publish what a link there points to
        check_links(root.parent / "docs", "docs", problems)
    if problems.items:
        print(problems.render(args.format))
    if args.format == "text":
        print(msg("check_summary", items=len(archive.items), issues=len(archive.issues),
                  errors=len(problems.errors), warnings=len(problems.warnings)), file=sys.stderr)
    return 1 if problems.errors else 0


def cmd_synth(args: argparse.Namespace) -> int:
    import shutil

    from bulletin.archive.vocabulary import load_vocabulary
    from bulletin.tools.synth import synthesize

    problems = Problems()
    source, out = Path(args.archive), Path(args.out)
    vocab = load_vocabulary(source, problems)
    if problems.errors:
        print(problems.render(), file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    for name in ("districts.yml", "tags.yml", "synonyms.yml"):
        if name != "synonyms.yml" or (source / name).exists():  # equivalent words are optional
            shutil.copyfile(source / name, out / name)
    seed_text = Path(args.seed_text) if args.seed_text else None
    issues = synthesize(vocab, args.items, args.seed, out, seed_text, Path(args.jsonl) if args.jsonl else None)
    print(f"{out}: {args.items} items in {issues} issues (seed {args.seed})")
    return 0


def changed_files(root: Path, base: str) -> set[Path] | None:
    """Archive files changed since `base` (committed or not), and untracked ones: what a pre-commit run checks."""
    import os
    import subprocess

    def git(*args: str) -> list[str] | None:  # names NUL-separated and unquoted; pathspecs literal
        run = subprocess.run(["git", "--literal-pathspecs", "-c", "core.quotePath=false", *args], cwd=root,
                             capture_output=True)
        return [os.fsdecode(name) for name in run.stdout.split(b"\0") if name] if run.returncode == 0 else None

    if base.startswith("-"):  # a revision, never an option of git diff
        return None
    top = git("rev-parse", "--show-toplevel")
    diff = git("diff", "-z", "--name-only", base, "--", ".")
    untracked = git("ls-files", "-z", "--others", "--exclude-standard", "--full-name", "--", ".")
    if top is None or diff is None or untracked is None:
        return None
    top_level = Path(top[0].removesuffix("\n"))
    return {p for name in diff + untracked if (p := top_level / name).exists() and p.suffix in (".md", ".yml")}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bulletin", description=msg("cli_description"))
    parser.add_argument("--lang", choices=LANGUAGES, help=msg("cli_lang_help"))
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help=msg("check_help"))
    check.add_argument("paths", nargs="*", help=msg("check_paths_help"))
    check.add_argument("--archive", default="issues", help=msg("cli_archive_help"))
    check.add_argument("--format", choices=("text", "github", "json"), default="text",
                       help=msg("check_format_help"))
    check.add_argument("--changed", nargs="?", const="HEAD", metavar="BASE",
                       help=msg("check_changed_help"))
    check.set_defaults(func=cmd_check)
    from bulletin.importer.cli import add_import_parser, add_inbox_parser, add_new_parser

    synth = sub.add_parser("synth", help=msg("synth_help"))
    synth.add_argument("--items", type=int, required=True)
    synth.add_argument("--seed", type=int, default=1)
    synth.add_argument("--out", required=True)
    synth.add_argument("--jsonl", help="also write the items as JSON lines (for bench/material_baseline.py)")
    synth.add_argument("--archive", default="issues", help="where districts.yml and tags.yml come from")
    synth.add_argument("--seed-text", help="a real bulletin whose sentences are mixed in")
    synth.set_defaults(func=cmd_synth)
    add_import_parser(sub)
    add_inbox_parser(sub)
    add_new_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    _utf8_console()
    args = build_parser().parse_args(argv)
    set_language(args.lang)
    return args.func(args)


def _utf8_console() -> None:
    """Windows consoles default to a legacy code page: print Chinese as UTF-8 rather than fail on it."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(encoding="utf-8", errors="replace")


if __name__ == "__main__":
    sys.exit(main())
