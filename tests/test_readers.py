"""The readers on tiny documents: every text Word shows read once, what it does not show never, and the ledger
sees what a reader lost — counted against the document's own text runs, not against what the reader extracted."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from docx.oxml import parse_xml

from bulletin.importer.accounting import ledger, unaccounted
from bulletin.importer.docx import read_docx
from bulletin.importer.parse import parse_bulletin
from bulletin.importer.pdf import PAGE_NUMBER
from bulletin.importer.source import Paragraph, plain_text, set_off_headline

from .conftest import SEED

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:v="urn:schemas-microsoft-com:vml" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')


def docx_with(tmp_path: Path, *blocks: str) -> Path:
    """A real .docx whose body is these WordprocessingML blocks (before the section properties)."""
    document = Document()
    body = document.element.body
    for block in blocks:
        body.insert(len(body) - 1, parse_xml(f'<w:wrap {NS}>{block}</w:wrap>')[0])
    path = tmp_path / "t.docx"
    document.save(str(path))
    return path


def p(*runs: str) -> str:
    return f"<w:p>{''.join(runs)}</w:p>"


def r(text: str, bold: bool = False) -> str:
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{text}</w:t></w:r>'


def texts(path: Path) -> list[str]:
    return [para.text for para in read_docx(path).paragraphs if para.text.strip()]


def test_a_text_box_is_read_once_and_not_its_vml_fallback(tmp_path):
    box = "<w:txbxContent>" + p(r("本期要目")) + p(r("※甲区开展工作")) + "</w:txbxContent>"
    anchor = (f"<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor><a:graphic>"
              f"<a:graphicData><wps:wsp><wps:txbx>{box}</wps:txbx></wps:wsp></a:graphicData></a:graphic>"
              f"</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{box}</v:textbox>"
              f"</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>")
    path = docx_with(tmp_path, p(r("渝环简报")), p(anchor), p(r("正文")))
    assert texts(path) == ["渝环简报", "本期要目", "※甲区开展工作", "正文"]
    extracted = read_docx(path)
    assert sum(len(v) for v in extracted.source.values()) == len("渝环简报本期要目※甲区开展工作正文")


def test_smart_tags_fields_links_controls_and_tracked_changes(tmp_path):
    smart = ('<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="chsdate">'
             '<w:smartTagPr><w:attr w:name="Year" w:val="2020"/></w:smartTagPr>' + r("7月16日") + "</w:smartTag>")
    field = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DATE \\@ "M月d日" </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + r("8月3日") +
             '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    tracked = ('<w:ins w:id="1" w:author="a" w:date="2020-08-01T00:00:00Z">' + r("新增的") + "</w:ins>"
               '<w:del w:id="2" w:author="a" w:date="2020-08-01T00:00:00Z"><w:r><w:delText>删去的</w:delText></w:r>'
               "</w:del>")
    link = '<w:hyperlink r:id="rId99">' + r("链接文字") + "</w:hyperlink>"
    control = "<w:sdt><w:sdtContent>" + p(r("控件里的段落")) + "</w:sdtContent></w:sdt>"
    page = '<w:fldSimple w:instr=" PAGE ">' + r("3") + "</w:fldSimple>"
    path = docx_with(tmp_path, p(smart, r("，会议"), field, tracked, link, page), control)
    assert texts(path) == ["7月16日，会议8月3日新增的链接文字", "控件里的段落"]
    extracted = read_docx(path)
    assert [f.text for f in extracted.furniture] == ["3"]  # a page number is furniture, not text
    assert "删" not in "".join(extracted.source.values())  # deleted text is not the document's


def test_merged_cells_are_read_once(tmp_path):
    cell = "<w:tc><w:tcPr>{}</w:tcPr>{}</w:tc>"
    table = ("<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
             "<w:tr>" + cell.format('<w:gridSpan w:val="2"/>', p(r("渝环简报"))) + "</w:tr>"
             "<w:tr>" + cell.format('<w:vMerge w:val="restart"/>', p(r("第8期"))) + cell.format("", p(r("甲"))) +
             "</w:tr><w:tr>" + cell.format("<w:vMerge/>", p()) + cell.format("", p(r("乙"))) + "</w:tr></w:tbl>")
    assert texts(docx_with(tmp_path, table)) == ["渝环简报", "第8期", "甲", "乙"]


def test_a_bold_run_in_headline_gets_its_separator(tmp_path):
    path = docx_with(tmp_path, p(r("甲区开展无废城市宣传", bold=True), r("7月1日，甲区开展宣传。")))
    assert texts(path) == ["甲区开展无废城市宣传\u3000" + "7月1日，甲区开展宣传。"]
    text, labels = set_off_headline("2020年甲区开展宣传。", ["x"] * 12, ["latin"] * 4 + ["han"] * 8)
    assert text == "2020年甲区开展宣传。"  # digits in another font are no headline


def test_a_line_break_starts_a_new_line(tmp_path):
    path = docx_with(tmp_path, p(r("标题"), "<w:r><w:br/></w:r>", r("正文。"), '<w:r><w:br w:type="page"/></w:r>'))
    assert texts(path) == ["标题", "正文。"]


def test_the_ledger_balances_on_the_seed_and_sees_a_reader_that_lost_text():
    text = SEED.read_text("utf-8")
    extracted = plain_text(text)
    bulletin = parse_bulletin(extracted.text())
    book = ledger(extracted, bulletin, set())
    assert book.unplaced == 0 and book.extra == 0 and book.silent == {}
    assert book.total == book.filed + book.front == len("".join(text.split()))
    assert book.line().startswith(f"原文 {book.total:,} 字：入档 {book.filed:,}，目录与版头 {book.front:,}")
    # a reader that dropped a paragraph (a text box never read): the parser never saw it, the ledger does
    k = next(i for i, para in enumerate(extracted.paragraphs) if "蒲公英" in para.text)
    lost = extracted.paragraphs.pop(k)
    extracted.paragraphs.insert(k, Paragraph.at("", lost.where))
    bulletin = parse_bulletin(extracted.text())
    assert unaccounted(extracted.text(), bulletin) == []  # invisible to the line check
    book = ledger(extracted, bulletin, set())
    assert book.unplaced == len("".join(lost.text.split())) and list(book.silent) == [lost.where]
    assert book.silent[lost.where].startswith("江北区环保音乐沙龙") and "蒲公英" in book.silent[lost.where]


def test_the_ledger_sees_text_read_twice():
    extracted = plain_text(SEED.read_text("utf-8"))
    k = next(i for i, para in enumerate(extracted.paragraphs) if "蒲公英" in para.text)
    extracted.paragraphs.insert(k, extracted.paragraphs[k])  # a merged cell read once per column
    book = ledger(extracted, parse_bulletin(extracted.text()), set())
    twice = len("".join(extracted.paragraphs[k].text.split()))
    assert book.extra == twice and f"重复读取 {twice:,}" in book.line()


@pytest.mark.parametrize("number", ["— 1 —", "－1－", "- 12 -", "第1页", "第 3 页", "1/5", "2 / 5", "第2页/共5页", "7"])
def test_page_number_shapes_are_furniture(number):
    assert PAGE_NUMBER.match(number)


@pytest.mark.parametrize("text", ["2020年", "第8期", "1.5万吨", "（渝环简报008）"])
def test_text_is_no_page_number(text):
    assert not PAGE_NUMBER.match(text)


def test_invisible_characters_from_word_are_dropped_and_not_counted(tmp_path):
    """A zero-width space, a BOM and a direction mark typed or pasted in Word are not text: the import drops them
    (the archive refuses them) and the ledger counts neither side of them."""
    path = docx_with(tmp_path, p(r("正文\u200b里有\ufeff看不见的\u200e字符。")))
    extracted = read_docx(path)
    assert extracted.text().strip() == "正文里有看不见的字符。"
    assert "".join(extracted.source.values()) == "正文里有看不见的字符。"
