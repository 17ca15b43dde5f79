"""The text as circulated: imported paragraphs are escaped so that the item page (Markdown) and everything else
(the item's plain text) show exactly that text; only what Markdown would read as markup is escaped."""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import markdown
import nh3
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config

from bulletin.archive.model import Item
from bulletin.archive.plaintext import EXTENSIONS, NEEDS_RENDERING, plain_text, rendered_text
from bulletin.cli import main
from bulletin.importer.markdown_escape import escape_paragraph
from bulletin.search.writer import FRAGMENT_CHARS, read_search_file

from .conftest import REPO, TEST_ARCHIVE, build, make_project

CONFIG = load_config(config_file=str(REPO / "mkdocs.yml"))
PROPERTY = settings(max_examples=1500, deadline=None)

HAN = ["重点区域", "建立台账", "危废", "号楼", "落实", "引自", "环境", "保护", "万吨",
       "，", "。", "；", "（", "）", "“", "”", "、"]
MARKUP = ["#", "##", "*", "**", "***", "_", "__", "___", "1.", "2. ", "10. ", "１. ", "- ", "+ ", "* ", "> ", ">", "&",
          "<", "[", "]", "(", ")", "!", "`", "``", "```", "~", "~~~", "\\", "\\\\", "|", "{", "}", ".", "=", "-",
          "---", "&lt;", "&gt;", "&amp;", "&#60;", "&#x3C;", "&#X41;", "&#65", "&copy", "&notit;", "&foo;", "<b>",
          "</p>", "<!--", "-->", "<?x?>", "<![CDATA[", "<http://a.cn>", "<zs@a.cn>", "[TOC]", "]:", "](", "![",
          "http://a.cn", "a", "x", "3", " ", "  ", "\u3000", "\t", "\u00a0"]
PIECE = st.one_of(st.sampled_from(HAN), st.sampled_from(MARKUP), st.text(alphabet="#*_`[]()<>&!\\.-+~|a1 ", max_size=3))
PARAGRAPHS = st.lists(PIECE, min_size=1, max_size=14).map("".join).map(str.strip).filter(bool)


def item_with(body: str) -> Item:
    return Item(issue_id="2020-001", order=1, path="issues/2020-001/01-x.md", title="标题", section="区县动态",
                date=dt.date(2020, 1, 1), date_precision="day", districts=("重庆市",), tags=(), slug="x", body=body)


def item_page_html(body: str) -> str:
    """The body as the item page renders it: the project's Markdown configuration, then the plugin's nh3 pass."""
    return nh3.clean(markdown.markdown(body, extensions=CONFIG.markdown_extensions,
                                       extension_configs=CONFIG.mdx_configs))


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))


def test_the_reading_side_renders_with_the_item_pages_configuration():
    """If mkdocs.yml ever enables an extension, the escaping rules and the plain text must learn it first."""
    assert sorted(CONFIG.markdown_extensions) == sorted(EXTENSIONS) and not CONFIG.mdx_configs


@PROPERTY
@given(PARAGRAPHS)
def test_an_escaped_paragraph_renders_as_its_text(paragraph):
    rendered = item_page_html(escape_paragraph(paragraph))
    assert rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1, rendered
    assert text_of(rendered) == paragraph
    assert item_with(escape_paragraph(paragraph)).text == paragraph


@settings(max_examples=300, deadline=None)
@given(st.lists(PARAGRAPHS, min_size=1, max_size=5))
def test_an_escaped_body_reads_as_its_paragraphs(paragraphs):
    body = "\n\n".join(escape_paragraph(p) for p in paragraphs)
    rendered = item_page_html(body)
    assert re.sub(r"<p>.*?</p>", "", rendered, flags=re.S).strip() == ""  # paragraphs, and nothing else
    assert paragraphs_of(rendered) == paragraphs
    assert item_with(body).text == "\n\n".join(paragraphs)


@PROPERTY
@given(st.lists(PARAGRAPHS, min_size=1, max_size=4), st.sampled_from(["\n\n", "\n"]))
def test_a_body_without_special_characters_is_its_own_text(paragraphs, between):
    """The fast path: whatever the body (escaped or not), when no character could be markup it is its text."""
    body = between.join(paragraphs)
    if NEEDS_RENDERING.search(body) is None:
        assert rendered_text(body) == body == plain_text(body)


@pytest.mark.parametrize("paragraph", [
    "7月16日，#3号楼完成改造，1.5万吨建筑垃圾就地利用，处理能力3*4吨。",
    "环境_保护_工作、5~10吨、PM2.5<35、A&B公司、（见附件1）、[注]",
    "一是建立台账。2. 落实责任。",
    "“无废城市”建设试点——重庆经验！",
])
def test_ordinary_text_is_written_as_it_reads(paragraph):
    assert escape_paragraph(paragraph) == paragraph


@pytest.mark.parametrize("paragraph,written", [
    ("#1号楼至#3号楼完成改造", "\\#1号楼至#3号楼完成改造"),
    ("*重点区域*全面覆盖", "\\*重点区域\\*全面覆盖"),
    ("1. 建立台账；2. 落实责任", "1\\. 建立台账；2. 落实责任"),
    ("> 引自《通知》", "\\> 引自《通知》"),
    ("- 一是加强宣传", "\\- 一是加强宣传"),
    ("&lt;危废&gt;规范化管理", "&amp;lt;危废&amp;gt;规范化管理"),
    ("___", "\\___"),
    ("```", "\\```"),
])
def test_markup_is_escaped_where_it_would_be_read(paragraph, written):
    assert escape_paragraph(paragraph) == written


CIRCULATED = [
    "3月2日，綦江区推进建筑垃圾规范处置工作。",
    "#1号楼至#3号楼完成拆除，建筑垃圾就地资源化利用。",
    "*重点区域*全面覆盖，处理能力达3*4吨。",
    "1. 建立台账；2. 落实责任。",
    "> 引自《綦江区建筑垃圾治理工作方案》。",
    "&lt;危废&gt;规范化管理，A&B公司参与。",
]
BULLETIN = "\n".join([
    "渝环简报", "第13期", "本期要目", "【区县动态】", "※綦江区推进建筑垃圾规范处置", "【区县动态】",
    "綦江区推进建筑垃圾规范处置\u3000" + CIRCULATED[0], *CIRCULATED[1:],
    "（渝环简报 第13期）", "报：市委办公厅。", "重庆市“无废城市”建设试点工作领导小组办公室", "2021年3月8日印发", "",
])


def paragraphs_of(page: str) -> list[str]:
    return [text_of(p) for p in re.findall(r"<p[^>]*>(.*?)</p>", page, re.S)]


def test_imported_text_shows_as_circulated_on_every_page_feed_and_index(tmp_path):
    into = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, into, ignore=shutil.ignore_patterns("20*"))
    source = tmp_path / "渝环简报第13期.txt"
    source.write_text(BULLETIN, encoding="utf-8")
    assert main(["import", str(source), "--into", str(into)]) == 0
    written = next((into / "2021-013").glob("01-*.md")).read_text(encoding="utf-8")
    assert "\n\\#1号楼至#3号楼" in written and "\n1\\. 建立台账；2. 落实" in written  # what staff see in the file
    site = Path(build(make_project(tmp_path, into)).site_dir)
    url = "issues/2021-013/qijiang-tuijin-jianzhu-laji-guifan/"
    item_page = (site / url / "index.html").read_text(encoding="utf-8")
    issue_page = (site / "issues" / "2021-013" / "index.html").read_text(encoding="utf-8")
    for page in (item_page, issue_page):
        shown = paragraphs_of(page)
        assert all(shown.count(p) == 1 for p in CIRCULATED), shown
        assert not re.search(r"<(?:em|blockquote|ol|h1)>[^<]*(?:重点区域|引自|建立台账|1号楼)", page)
    feed = ElementTree.parse(site / "feeds" / "all.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    entry = next(e for e in feed.iter(f"{atom}entry") if e.findtext(f"{atom}id").endswith(url))
    assert entry.findtext(f"{atom}content") == "\n\n".join(CIRCULATED)
    search = site / "search"
    fragments = [read_search_file(p) for p in (search / "f").glob("*.json.gz")]
    assert next(f["x"] for f in fragments if f["u"] == url) == " ".join(CIRCULATED)[:FRAGMENT_CHARS]
    terms = {term for shard in (search / "s").glob("*.json.gz") for term in read_search_file(shard)}
    assert {"lt", "gt", "1", "3", "号楼", "危废"} <= terms and "amp" not in terms  # the text, not its Markdown
