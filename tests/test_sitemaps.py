"""Sitemaps past the protocol's 50,000 addresses: parts under an index, on MkDocs's own sitemap.xml."""

from __future__ import annotations

import gzip
import math
import shutil
from pathlib import Path
from xml.etree import ElementTree

from bulletin.site import sitemaps
from bulletin.site.sitemaps import split_sitemap

from .conftest import build, make_project

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
URL = "http://127.0.0.1/archive/"


def locs(path: Path) -> list[str]:
    return [e.text for e in ElementTree.parse(path).getroot().iterfind("s:url/s:loc", NS)]


def parts(site: Path) -> list[Path]:
    return sorted(site.glob("sitemap-*.xml"), key=lambda p: int(p.stem.split("-")[1]))


def test_a_sitemap_within_the_limit_is_left_as_mkdocs_wrote_it(seed_site, tmp_path):
    shutil.copy(seed_site / "sitemap.xml", tmp_path / "sitemap.xml")
    (tmp_path / "sitemap-7.xml").write_text("stale", "utf-8")  # an earlier, larger build's part
    (tmp_path / "sitemap-7.xml.gz").write_bytes(b"stale")
    assert split_sitemap(tmp_path, URL) == 0
    assert (tmp_path / "sitemap.xml").read_bytes() == (seed_site / "sitemap.xml").read_bytes()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sitemap.xml"]


def test_past_the_limit_every_address_is_in_one_part_under_the_index(seed_site, tmp_path):
    shutil.copy(seed_site / "sitemap.xml", tmp_path / "sitemap.xml")
    every = locs(tmp_path / "sitemap.xml")
    urls = ElementTree.parse(tmp_path / "sitemap.xml").getroot().iterfind("s:url", NS)
    newest = {url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS) for url in urls}
    assert len(every) > 20
    assert split_sitemap(tmp_path, URL, limit=10) == math.ceil(len(every) / 10)
    found = parts(tmp_path)
    assert [locs(p) for p in found] == [every[i:i + 10] for i in range(0, len(every), 10)]  # in order, once each
    index = ElementTree.parse(tmp_path / "sitemap.xml").getroot()
    assert index.tag == f"{{{NS['s']}}}sitemapindex"
    listed = [(e.findtext("s:loc", namespaces=NS), e.findtext("s:lastmod", namespaces=NS))
              for e in index.iterfind("s:sitemap", NS)]
    assert listed == [(f"{URL}sitemap-{n}.xml", max(newest[loc] for loc in locs(p))) for n, p in enumerate(found, 1)]
    for path in [tmp_path / "sitemap.xml", *found]:
        assert gzip.decompress(path.with_name(path.name + ".gz").read_bytes()) == path.read_bytes()


def test_a_build_past_the_limit_publishes_the_index(tmp_path, monkeypatch):
    """The plugin's own build: MkDocs's sitemap cut after it is written, before the publishing report counts."""
    monkeypatch.setattr(sitemaps, "LIMIT", 25)
    site = Path(build(make_project(tmp_path, site_url=URL)).site_dir)
    found = parts(site)
    assert len(found) >= 2 and all(len(locs(p)) <= 25 for p in found)
    pages = {p.parent.relative_to(site).as_posix() for p in site.rglob("index.html")} - {"admin"}
    assert len({loc for p in found for loc in locs(p)}) == len(pages)
    assert ElementTree.parse(site / "sitemap.xml").getroot().tag.endswith("sitemapindex")
