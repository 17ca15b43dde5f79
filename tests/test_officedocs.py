"""The office-document builder itself (tests/officedocs.py): the .docx holds the markup offices' files hold, a
correct reader reads the bulletin from it, and LibreOffice makes .pdf, .doc, .odt, .rtf (and a .wps) of it."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from .officedocs import (
    NS,
    OFFICE_TEXTS,
    OLE2,
    bulletin_layout,
    libreoffice_convert_many,
    office_docx,
    office_paragraphs,
    office_set,  # noqa: F401  (the session fixture)
)

TEXTS = sorted(OFFICE_TEXTS)


def q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


NOT_TEXT = {q(n) for n in ("w:del", "w:moveFrom", "mc:Fallback", "w:instrText", "w:delText", "w:pPr", "w:rPr",
                           "w:sdtPr", "w:smartTagPr", "w:tblPr", "w:tcPr", "w:trPr")}


def read_docx(path: Path) -> list[str]:
    """A correct reader, written from the standard: the body's paragraphs, tables (a vMerge continuation is the
    cell above: skipped), text boxes once (the wps shape, not its VML fallback), content controls, smart tags,
    hyperlinks, insertions, moves' new places and fields' results; no deletions, old places, instructions."""
    body = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml")).find(q("w:body"))
    out: list[str] = []

    def block(element) -> None:
        for child in element:
            if child.tag == q("w:p"):
                paragraph(child)
            elif child.tag == q("w:tbl"):
                for row in child.findall(q("w:tr")):
                    for cell in row.findall(q("w:tc")):
                        merge = cell.find(f"{q('w:tcPr')}/{q('w:vMerge')}")
                        if merge is None or merge.get(q("w:val")) == "restart":
                            block(cell)
            elif child.tag == q("w:sdt"):
                block(child.find(q("w:sdtContent")))

    def paragraph(p) -> None:
        text, boxes, fields = [], [], []

        def walk(element) -> None:
            for child in element:
                if child.tag in NOT_TEXT:
                    continue
                if child.tag == q("w:fldChar"):
                    kind = child.get(q("w:fldCharType"))
                    if kind == "begin":
                        fields.append("instruction")
                    elif kind == "separate":
                        fields[-1] = "result"
                    else:
                        fields.pop()
                elif child.tag == q("w:txbxContent"):
                    boxes.append(child)
                elif child.tag == q("w:t"):
                    if not fields or fields[-1] == "result":
                        text.append(child.text or "")
                elif child.tag == q("w:tab"):
                    text.append("\t")
                else:
                    walk(child)

        walk(p)
        for box in boxes:
            block(box)
        if "".join(text).strip():
            out.append("".join(text))

    block(body)
    return out


def _xml(path: Path, part: str = "word/document.xml") -> str:
    return zipfile.ZipFile(path).read(part).decode("utf-8")


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[tuple[str, bool], Path]:
    folder = tmp_path_factory.mktemp("docx")
    return {(name, extras): office_docx(OFFICE_TEXTS[name].read_text("utf-8"),
                                        folder / f"{name}{'-extras' if extras else ''}.docx", extras=extras)
            for name in TEXTS for extras in (False, True)}


@pytest.mark.parametrize("extras", [False, True])
@pytest.mark.parametrize("name", TEXTS)
def test_a_correct_reader_reads_the_paragraphs_the_builder_promises(docs, name, extras):
    text = OFFICE_TEXTS[name].read_text("utf-8")
    assert read_docx(docs[name, extras]) == office_paragraphs(text)


@pytest.mark.parametrize("name", TEXTS)
def test_the_document_read_as_text_is_the_same_bulletin(name):
    from bulletin.importer.parse import parse_bulletin

    text = OFFICE_TEXTS[name].read_text("utf-8")
    a, b = parse_bulletin(text), parse_bulletin("\n".join(office_paragraphs(text)))

    def card(x):
        items = [(i.title, i.section, i.paragraphs, i.toc_title, i.source, i.credit) for i in x.items]
        return (x.series, x.number, x.published, x.issuer, x.report_to, x.distribute_to, x.sections,
                [(s, t) for s, t, _ in x.toc], items, sorted(m for _, m in x.warnings), x.errors)

    assert card(b) == card(a)
    assert len(a.items) >= 6 and not a.errors


@pytest.mark.parametrize("name", TEXTS)
def test_it_opens_in_python_docx_whose_naive_reading_falls_into_the_traps(docs, name):
    import docx

    plain, extras = (docx.Document(str(docs[name, e])) for e in (False, True))
    table = plain.tables[0]
    naive = [cell.text for row in table.rows for cell in row.cells]
    assert naive.count("渝环简报") == 4  # merged across two columns (gridSpan) and two rows (vMerge): read 4 times
    paragraphs = "\n".join(p.text for p in plain.paragraphs)
    assert "本期要目" not in re.sub(r"\s", "", paragraphs)  # the text box is not among python-docx's paragraphs
    text = OFFICE_TEXTS[name].read_text("utf-8")
    dates = re.findall(r"\d{1,2}月\d{1,2}日", text)
    naive_extras = "\n".join(p.text for p in extras.paragraphs)
    assert sum(d in naive_extras for d in dates) < len(set(dates)) / 2  # smart-tagged dates: gone


@pytest.mark.parametrize("name", TEXTS)
def test_the_layout_is_gbt_9704(docs, name):
    xml = _xml(docs[name, False])
    assert '<w:pgSz w:w="11906" w:h="16838"/>' in xml
    assert 'w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"' in xml  # 37, 26, 35, 28 mm
    assert xml.count('w:eastAsia="仿宋_GB2312"') > 40 and '<w:sz w:val="32"/>' in xml
    assert xml.count('w:line="560" w:lineRule="exact"') > 10 and '<w:jc w:val="both"/>' in xml
    assert 'w:firstLineChars="200" w:firstLine="640"' in xml
    assert re.search(r'w:eastAsia="黑体"[^>]*/><w:b/>', xml)  # 【section】 heads
    assert re.search(r'w:eastAsia="楷体_GB2312"[^>]*/><w:b/>', xml)  # run-in headlines
    assert 'w:color w:val="FF0000"' in xml and "方正小标宋简体" in xml  # the red masthead
    assert xml.count("<w:pBdr>") == 3  # the 版记's rules
    assert '<w:footerReference w:type="default" r:id="rIdFtr1"/>' in xml
    footer = _xml(docs[name, False], "word/footer1.xml")
    assert re.search(r'fldCharType="begin"/>.*<w:instrText[^>]*> PAGE </w:instrText>.*fldCharType="separate"/>.*'
                     r'fldCharType="end"/>', footer)
    assert "— " in footer and " —" in footer
    layout = bulletin_layout(OFFICE_TEXTS[name].read_text("utf-8"))
    runin = [p for p in layout.body if p.kind == "runin"]
    assert runin and all(p.head + "\u3000" + p.text in office_paragraphs(OFFICE_TEXTS[name].read_text("utf-8"))
                         for p in runin)
    assert len(re.findall(r"<w:r [^>]*>", xml)) > 2 * len(office_paragraphs(OFFICE_TEXTS[name].read_text("utf-8")))


@pytest.mark.parametrize("extras", [False, True])
@pytest.mark.parametrize("name", TEXTS)
def test_the_contents_box_and_the_merged_cells_are_written_as_word_writes_them(docs, name, extras):
    xml = _xml(docs[name, extras])
    assert xml.count("<w:txbxContent>") == 2
    choice = re.search(r'<mc:Choice Requires="wps">.*?(<w:txbxContent>.*?</w:txbxContent>)', xml).group(1)
    fallback = re.search(r"<mc:Fallback><w:pict>.*?(<w:txbxContent>.*?</w:txbxContent>)", xml).group(1)
    assert choice == fallback and "wp:anchor" in xml and "wps:txbx" in xml and "v:textbox" in xml
    assert '<w:gridSpan w:val="2"/>' in xml and '<w:vMerge w:val="restart"/>' in xml and "<w:vMerge/>" in xml


@pytest.mark.parametrize("name", TEXTS)
def test_extras_carry_old_office_and_review_markup(docs, name):
    xml = _xml(docs[name, True])
    assert xml.count('w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="chsdate"') >= 5
    for attr in ("Year", "Month", "Day", "IsLunarDate", "IsROCDate"):
        assert f'<w:attr w:name="{attr}"' in xml
    assert re.search(r'<w:ins w:id="\d+" w:author="[^"]+" w:date="[^"]+">', xml)
    assert re.search(r"<w:del [^>]+><w:r [^>]*>.*?<w:delText", xml)
    assert "<w:hyperlink r:id=" in xml
    rels = _xml(docs[name, True], "word/_rels/document.xml.rels")
    assert 'TargetMode="External"' in rels
    assert re.search(r"<w:instrText[^>]*> (DATE|HYPERLINK) ", xml) and "<w:fldSimple" in xml
    assert "<w:sdt><w:sdtPr>" in xml and "<w:sdtContent><w:p" in xml
    assert "<w:moveFrom " in xml and "<w:moveTo " in xml
    assert "内部资料" in _xml(docs[name, True], "word/header1.xml")
    deleted = "".join(re.findall(r"<w:delText[^>]*>([^<]*)<", xml))
    assert deleted and deleted not in "".join(read_docx(docs[name, True]))


def test_libreoffice_makes_every_format(office_set, tmp_path):  # noqa: F811
    for files in office_set.values():
        assert files.pdf.read_bytes().startswith(b"%PDF-")
        assert files.doc.read_bytes().startswith(OLE2) and files.wps.read_bytes().startswith(OLE2)
        assert files.rtf.read_bytes().startswith(b"{\\rtf1")
        assert zipfile.ZipFile(files.odt).read("mimetype") == b"application/vnd.oasis.opendocument.text"
    # each converted file still holds the bulletin: every paragraph's text, the contents box's once
    copies = []
    for name, files in office_set.items():
        for path in (files.doc, files.odt, files.rtf, files.wps, files.docx_extras):
            copy = tmp_path / f"{name}-{path.suffix[1:]}{'-x' if 'extras' in path.name else ''}{path.suffix}"
            copy.write_bytes(path.read_bytes())
            copies.append((name, copy))
    back = libreoffice_convert_many([c for _, c in copies], "docx", tmp_path / "docx")  # as the importer does
    for (name, copy), docx in zip(copies, back):
        got = re.sub(r"\s", "", "".join(read_docx(docx)))
        for paragraph in office_paragraphs(OFFICE_TEXTS[name].read_text("utf-8")):
            assert re.sub(r"\s", "", paragraph) in got, (copy.name, paragraph[:30])
        assert got.count("本期要目") == 1, copy.name


def _pdf_chars(pdf: Path) -> list[list]:
    """The PDF's text lines in reading order (page, top, left), each a list of pdfminer LTChar with `.render`,
    the text render mode it was drawn in (2: filled and stroked)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    class Device(PDFPageAggregator):
        mode = 0

        def render_string(self, textstate, seq, ncs, graphicstate):
            self.mode = textstate.render
            super().render_string(textstate, seq, ncs, graphicstate)

        def render_char(self, *args, **kwargs):
            advance = super().render_char(*args, **kwargs)
            self.cur_item._objs[-1].render = self.mode
            return advance

    manager = PDFResourceManager()
    device = Device(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    lines = []
    with pdf.open("rb") as stream:
        for n, page in enumerate(PDFPage.get_pages(stream)):
            interpreter.process_page(page)
            layout = device.get_result()
            for box in layout:
                if isinstance(box, LTTextContainer):
                    lines += [(n, layout.height - line.y1, line.x0, [c for c in line if isinstance(c, LTChar)])
                              for line in box if isinstance(line, LTTextLine)]
    return [chars for *_, chars in sorted(lines, key=lambda line: line[:3])]


def _face(char) -> str:
    return char.fontname.split("+")[-1]


@pytest.mark.parametrize("name", TEXTS)
def test_the_pdf_is_the_word_processors(office_set, name):  # noqa: F811
    from pdfminer.high_level import extract_text

    files = office_set[name]
    layout = bulletin_layout(files.text.read_text("utf-8"))
    for pdf in (files.pdf, files.pdf_fallback):
        lines = _pdf_chars(pdf)
        flat = "".join(c.get_text() for line in lines for c in line)
        for p in layout.body:  # every headline and section head is drawn (and the text box's contents once)
            assert re.sub(r"\s", "", p.head or p.text[:20]) in re.sub(r"\s", "", flat)
        assert flat.count("本 期 要 目" if name == "seed" else "本期要目") == 1
        # Han and digits are set apart by automatic spacing: no space is drawn, pdfminer reports the gap as one
        assert re.search(r"\d[年月日]", flat) and re.search(r"\d [年月日]", extract_text(str(pdf)))
    head = next(p for p in layout.body if p.kind == "runin").head
    section = next(p for p in layout.body if p.kind == "section").text

    def faces(pdf, what):
        lines = _pdf_chars(pdf)
        for line in lines:
            text = "".join(c.get_text() for c in line)
            if text.startswith(what[:6]):
                return {(_face(c), c.render) for c in line[:6]}, {(_face(c), c.render) for c in line[-4:]}
        raise AssertionError(what)

    # the office's faces, as this machine's fonts: 仿宋 → a Song face, 楷体 → a Kai face, 黑体 → a Hei face;
    # bold, which none of them has, is drawn filled and stroked (render mode 2) in the same face
    (headline, body), (heading, _) = faces(files.pdf, head), faces(files.pdf, section)
    assert {f for f, _ in headline} == {"GBZenKai-Medium"} and {r for _, r in headline} == {2}
    assert {f for f, _ in heading} == {"WenQuanYiZenHei"} and {r for _, r in heading} == {2}
    assert "BousungEG-Light-GB" in {f for f, _ in body} and 0 in {r for _, r in body}
    # without them, one fallback face for every Chinese character: the headline differs only in its render mode
    (headline, body), _ = faces(files.pdf_fallback, head), None
    assert {f for f, _ in headline} == {f for f, _ in body if f != "DejaVuSans"} and {r for _, r in headline} == {2}


def test_a_full_width_space_at_a_line_end_is_not_drawn(office_set):  # noqa: F811
    """In the seed's PDF one run-in headline (两江新区…) ends its line: LibreOffice draws no U+3000 there."""
    drawn = "".join("".join(c.get_text() for c in line) + "\n" for line in _pdf_chars(office_set["seed"].pdf))
    layout = bulletin_layout(office_set["seed"].text.read_text("utf-8"))
    found = {}
    for p in layout.body:
        if p.kind == "runin":
            pattern = "\n?".join(map(re.escape, p.head)) + r"(\n?\u3000?\n?)" + "\n?".join(map(re.escape, p.text[:3]))
            found[p.head] = re.search(pattern, drawn).group(1)
    assert set(found.values()) == {"\u3000", "\n"}, found
    assert [h for h, sep in found.items() if sep == "\n"] == ["两江新区全面完成区级“无废城市细胞”评估验收工作"]


@pytest.mark.parametrize("name", TEXTS)
def test_the_unreadable_pdf_reads_as_cid_codes(office_set, name):  # noqa: F811
    from pdfminer.high_level import extract_text

    text = extract_text(str(office_set[name].unreadable_pdf))
    assert text.count("(cid:") > 1000 and not re.search(r"[\u4e00-\u9fff]", text)
    if subprocess.run(["which", "pdftoppm"], capture_output=True).returncode == 0:  # it looks the same
        pages = [subprocess.run(["pdftoppm", "-r", "30", "-f", "2", "-l", "2", "-png", str(pdf)],
                                capture_output=True, check=True).stdout
                 for pdf in (office_set[name].pdf, office_set[name].unreadable_pdf)]
        assert pages[0] == pages[1]
