"""Files → model: read `issues/`, validate every file, and return the Archive with every problem found."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from bulletin.archive.model import Archive, Issue, Item
from bulletin.archive.names import ISSUE_DIR, ITEM_FILE, QUIET_FILES, SOURCE_FILE, VOCABULARY_FILES
from bulletin.archive.problems import Problems
from bulletin.archive.spelling import new_run, suggest
from bulletin.archive.synonyms import load_synonyms
from bulletin.archive.validate import (
    ISSUE_FIELDS,
    ISSUE_REQUIRED,
    ITEM_FIELDS,
    ITEM_REQUIRED,
    Fields,
    check_body,
    check_names,
    check_original,
    check_precision,
    check_slug,
    check_title,
)
from bulletin.archive.vocabulary import Vocabulary, load_vocabulary
from bulletin.archive.yamlio import ISSUE_LIMIT, file_problem, parse_front_matter, parse_yaml, read_text
from bulletin.cache import FileCache, StampCache, fingerprint
from bulletin.messages import language, msg


@dataclass
class LoadCaches:
    """What a preview keeps between loads (owned by preview/state.py): whole issues (model and problems) by their
    folder's names, sizes and times, so only changed folders are loaded; parsed item files by path, size and time,
    so only edited files are read again."""

    issues: StampCache = field(default_factory=StampCache)
    items: FileCache = field(default_factory=FileCache)


def load_archive(root: Path, problems: Problems, only: set[Path] | None = None, quick: bool = False,
                 caches: LoadCaches | None = None) -> Archive:
    """Load every issue under `root`; with `only`, problems are reported just for those files, and with
    `quick` only the issue folders holding them are read (nothing in one issue depends on another). `caches`
    from an earlier load of the same process (the preview) skip what did not change; without, everything is read."""
    root = Path(root)
    caches = caches if caches is not None else LoadCaches()
    new_run()  # did-you-mean's budget: what an archive may make it compare is bounded
    vocab = load_vocabulary(root, problems)
    issues = []
    folders = _issue_folders(root, problems)
    if quick and only is not None:
        wanted_folders = {Path(p).resolve().parent for p in only} | {Path(p).resolve() for p in only}
        folders = [f for f in folders if f.resolve() in wanted_folders]
    context = fingerprint((vocab.districts, vocab.tags, language()))
    for folder in folders:
        stamp = (context, _folder_stamp(folder))
        cached = caches.issues.get(str(folder), stamp)
        if cached is None:  # a preview rebuild reads again only the folders where something changed
            mine = Problems()
            cached = (_load_issue(root, folder, vocab, mine, context, caches.items), tuple(mine.items))
            caches.issues.put(str(folder), stamp, cached)
        issue, found = cached
        problems.items.extend(found)
        if issue is not None:
            issues.append(issue)
    issues.sort(key=lambda i: (i.published, i.series, i.number))
    if only is not None:
        wanted = {_rel(root, p) for p in only}
        problems.items[:] = [p for p in problems.items if p.path in wanted or not p.path.startswith(root.name)]
    return Archive(issues=tuple(issues), districts=vocab.districts, tags=vocab.tags,
                   synonyms=load_synonyms(root, problems))


def _issue_folders(root: Path, problems: Problems) -> list[Path]:
    """The issue folders under `root`. A link is refused (its content would come from outside the repository), and
    whatever else is not read is said: a hidden folder or file, a file beside the vocabularies."""
    folders = []
    with os.scandir(root) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            rel = _rel(root, Path(entry.path))
            if entry.is_symlink() or not (entry.is_dir(follow_symlinks=False) or entry.is_file(follow_symlinks=False)):
                if entry.name not in VOCABULARY_FILES:  # the vocabulary reader says it for its own files
                    file_problem(Path(entry.path), rel, problems)
            elif entry.name in QUIET_FILES or entry.name in VOCABULARY_FILES:
                continue
            elif entry.name.startswith("."):
                kind = "folder" if entry.is_dir(follow_symlinks=False) else "file"
                problems.warning(rel, 1, kind, msg("file_skipped", why=msg("skipped_hidden")),
                                 msg("skipped_hidden_hint"))
            elif entry.is_dir(follow_symlinks=False):
                folders.append(Path(entry.path))
            else:
                problems.warning(rel, 1, "file", msg("file_skipped", why=msg("skipped_top")), msg("skipped_top_hint"))
    return folders


def check_links(folder: Path, label: str, problems: Problems) -> None:
    """A problem for every symbolic link (dangling or looping too) or other non-regular file under `folder` (e.g.
    docs/): MkDocs would publish what a link points to, such as a file from outside the repository."""
    for top, dirs, files in os.walk(folder):  # links to folders are listed, never followed
        for name in sorted(dirs + files):
            path = Path(top) / name
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if not (stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode)):
                file_problem(path, f"{label}/{path.relative_to(folder).as_posix()}", problems, info)


def _folder_stamp(folder: Path) -> tuple:
    """Names, sizes and modification times of an issue folder's files: nothing else decides how it loads.

    A file deleted or renamed between the listing and its stat (the editor or a sync tool saving while the preview
    rebuilds) is left out: the watcher has seen the change and the next rebuild reads the folder again. It once
    ended the rebuild with a traceback."""
    stamp = []
    with os.scandir(folder) as entries:
        for entry in entries:
            try:
                info = entry.stat(follow_symlinks=False)
            except FileNotFoundError:
                continue
            stamp.append((entry.name, info.st_size, info.st_mtime_ns))
    return tuple(sorted(stamp))


def _rel(root: Path, path: Path) -> str:
    prefix, text = str(root) + os.sep, str(path)
    if text.startswith(prefix) and ".." not in text:  # found under root: no need to ask the file system
        return f"{root.name}/{text[len(prefix):].replace(os.sep, '/')}"
    return f"{root.name}/{Path(path).resolve().relative_to(root.resolve()).as_posix()}"


def _load_issue(root: Path, folder: Path, vocab: Vocabulary, problems: Problems, vocab_key: str,
                item_files: FileCache) -> Issue | None:
    rel = _rel(root, folder / "issue.yml")
    match = ISSUE_DIR.match(folder.name)
    if not match:
        problems.error(_rel(root, folder), 1, "folder", msg("bad_issue_folder", name=folder.name),
                       msg("eg_issue_folder"))
        return None
    if not os.path.lexists(folder / "issue.yml"):
        problems.error(rel, 1, "issue.yml", msg("no_issue_yml"), msg("copy_issue_yml"))
        return None
    text = read_text(folder / "issue.yml", rel, problems, ISSUE_LIMIT, "what_issue")
    doc = parse_yaml(text, rel, problems) if text is not None else None
    if doc is None:
        return None
    fields = Fields(doc, rel, problems)
    if not fields.check_keys(ISSUE_REQUIRED, ISSUE_FIELDS):
        return None
    number, published = fields.integer("number"), fields.date("published")
    sections = fields.names("sections") or ()
    original = check_original(fields, folder)
    if number is not None and published is not None:
        expected = f"{published.year}-{number:03d}"
        if expected != folder.name:
            fields.error("number", msg("folder_mismatch", folder=folder.name, number=number, published=published),
                         msg("rename_folder", expected=expected))
    if number is None or published is None or not sections:
        return None
    issue = Issue(
        id=folder.name, series=fields.text("series") or "", number=number, published=published,
        issuer=fields.text("issuer") or "", sections=sections,
        report_to=fields.names("report_to") or (), distribute_to=fields.names("distribute_to") or (),
        original=original,
    )
    items = _load_items(root, folder, issue, vocab, problems, vocab_key, item_files)
    return Issue(**{**issue.__dict__, "items": tuple(items)})


def _load_items(root: Path, folder: Path, issue: Issue, vocab: Vocabulary, problems: Problems, vocab_key: str,
                item_files: FileCache) -> list[Item]:
    # what an item's checks depend on besides itself (problems are cached already worded): its issue, and
    # `vocab_key`, the fingerprint of the vocabularies and the language (computed once per load)
    context = fingerprint((issue, vocab_key))
    items: list[Item] = []
    orders: dict[int, str] = {}
    slugs: dict[str, str] = {}
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda e: e.name)
    for entry in entries:
        path = Path(entry.path)
        rel = _rel(root, path)
        if entry.is_symlink() or not (entry.is_dir(follow_symlinks=False) or entry.is_file(follow_symlinks=False)):
            if path.name != "issue.yml":  # issue.yml: said when it was read
                file_problem(path, rel, problems)
            continue
        if path.name in QUIET_FILES or path.name == "issue.yml" or SOURCE_FILE.match(path.name):
            continue
        if path.name.startswith("."):
            problems.warning(rel, 1, "file", msg("file_skipped", why=msg("skipped_hidden")), msg("skipped_hidden_hint"))
            continue
        match = ITEM_FILE.match(path.name)
        if not match:
            problems.error(rel, 1, "file name", msg("not_item_file", name=path.name), msg("item_file_hint"))
            continue
        order = int(match.group(1))
        if order in orders:
            problems.error(rel, 1, "file name", msg("order_taken", order=match.group(1), other=orders[order]),
                           msg("own_number"))
        orders.setdefault(order, path.name)
        cached = item_files.get(path, context)
        if cached is None:
            mine = Problems()
            cached = (_load_item(path, rel, issue, order, vocab, mine), mine.items)
            item_files.put(path, cached, context)
        item, found = cached
        problems.items.extend(found)
        if item is None:
            continue
        if item.slug in slugs:
            problems.error(rel, 1, "slug", msg("slug_taken", slug=item.slug, other=slugs[item.slug]),
                           msg("slug_unique"))
            continue
        slugs[item.slug] = path.name
        items.append(item)
    items.sort(key=lambda i: i.order)
    return items


def _load_item(path: Path, rel: str, issue: Issue, order: int, vocab: Vocabulary, problems: Problems) -> Item | None:
    text = read_text(path, rel, problems)
    doc = parse_front_matter(text, rel, problems) if text is not None else None
    if doc is None:
        return None
    fields = Fields(doc, rel, problems)
    if not fields.check_keys(ITEM_REQUIRED, ITEM_FIELDS):
        return None
    check_body(doc.body, doc.body_line, rel, problems)
    title, section, date = check_title(fields), fields.text("section"), fields.date("date")
    districts = check_names(fields, "districts", vocab, "district")
    tags = check_names(fields, "tags", vocab, "tag")
    slug, precision = check_slug(fields), check_precision(fields)
    prefix, named = ITEM_FILE.match(path.name).groups()
    if slug and slug != named:  # the web editor keeps file names: a changed slug would be a silent new URL
        fields.error("slug", msg("slug_not_file", slug=slug, name=named),
                     msg("slug_not_file_hint", name=named, order=prefix, slug=slug))
    if section and section not in issue.sections:
        fields.error("section", msg("section_not_in_issue", name=section),
                     " ".join(filter(None, (suggest(section, list(issue.sections)),
                                            msg("use_section", sections="、".join(issue.sections))))))
    if date and date > issue.published:
        fields.error("date", msg("date_after_issue", date=date, published=issue.published), msg("check_year_month"))
    if date:
        for name in districts:
            district = vocab.resolve_district(name)
            if district and not district.existed_on(date):
                fields.warning("districts", msg("district_gone", name=name, date=date),
                               msg("successors", names="、".join(district.successors)) if district.successors else "")
    if None in (title, section, date, slug) or not districts or not doc.body.strip():
        return None
    if len(problems.errors) and any(p.path == rel for p in problems.errors):
        return None
    return Item(issue_id=issue.id, order=order, path=rel, title=title, section=section, date=date,
                date_precision=precision, districts=districts, tags=tags, slug=slug,
                body=doc.body.strip("\n"), source=fields.text("source", "") or "")
