"""A generated page's identity in the preview: a fingerprint of everything its templates read.

Two places need it: a dirty rebuild (preview/incremental.py) leaves a page alone whose identity equals the one it
was last written with, and a plain `mkdocs serve` rebuild serves such a page from memory (the state's `pages`).
Both call `page_identity`, so they cannot disagree about what a page depends on.

What a page's templates read:
- its spec: address, title, template, description and source (front matter and Markdown), and its context (the
  items, issue, pager and counts it shows);
- the vocabularies, outside that context: every row and chip links a district or topic named by an item through
  `bl.districts[name].slug` and `bl.tags[name].slug`, a district page its successors' addresses. Renaming a slug in
  districts.yml or tags.yml changes the links of pages whose context did not change at all (23 pages of the test's
  archive for one topic, left stale before this was part of the key). A page reads only the entries its items name,
  but the vocabularies change rarely and are small, so the whole of both is one component of the site's inputs: a
  vocabulary edit rebuilds every page, an item edit still only the pages that show that item;
- everything besides the archive (`stamp`): templates, mkdocs.yml (plugin options, the footer among them), docs/,
  the site URL and the preview's problem list — read by every page.
"""

from __future__ import annotations

from bulletin.archive.model import Archive
from bulletin.cache import Memo, fingerprint
from bulletin.site.pages import PageSpec


def site_inputs(stamp: str, archive: Archive, memo: Memo | None = None) -> str:
    """What every page may read besides its spec, as one digest: computed once per build (the vocabularies are
    a few hundred entries; fingerprinting them for each of 12,000 pages would cost a preview rebuild a second)."""
    return fingerprint((stamp, archive.districts, archive.tags), memo)


def page_identity(inputs: str, spec: PageSpec, text: str, memo: Memo | None = None) -> str:
    """The page's identity: `inputs` from `site_inputs`, its spec, and `text` — its source before rendering (a
    dirty rebuild decides before MkDocs renders anything) or its rendered Markdown (a plain serve rebuild). `memo`:
    the build's (preview/state.py), so an item shown on many pages is digested once."""
    return fingerprint((inputs, spec.src_uri, spec.title, spec.template, spec.description, spec.context, text), memo)
