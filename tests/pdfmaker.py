"""Lay a bulletin's text out as a real PDF (reportlab, the built-in STSong-Light CJK font): paragraphs wrapped by
the page width with a first-line indent, running headers, page numbers — what the office's PDFs look like."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"


@dataclass
class Layout:
    size: float = 12
    margin: float = 72
    right_margin: float = 72
    indent: int = 2  # characters of first-line indent
    header: str = "渝环简报"
    footer: str = "- {n} -"  # page number line; "" for none
    leading: float = 1.6
    page_height: float = A4[1]


def make_pdf(text: str, path: Path, layout: Layout | None = None) -> Path:
    layout = layout or Layout()
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    width, height = A4[0], layout.page_height
    pdf = canvas.Canvas(str(path), pagesize=(width, height), invariant=1)
    usable = width - layout.margin - layout.right_margin
    line_height = layout.size * layout.leading
    state = {"y": 0.0, "page": 0}

    def new_page() -> None:
        if state["page"]:
            pdf.showPage()
        state["page"] += 1
        pdf.setFont(FONT, 9)
        if layout.header:
            pdf.drawCentredString(width / 2, height - 40, layout.header)
        if layout.footer:
            pdf.drawCentredString(width / 2, 36, layout.footer.format(n=state["page"]))
        state["y"] = height - layout.margin

    def emit(line: str, x: float) -> None:
        if state["y"] < layout.margin:
            new_page()
        pdf.setFont(FONT, layout.size)
        pdf.drawString(x, state["y"], line)
        state["y"] -= line_height

    new_page()
    for paragraph in text.split("\n"):
        if not paragraph.strip():
            continue  # paragraph spacing comes from indents, as in the office's layout
        indent = "" if paragraph.startswith(("【", "※", "（")) else "\u3000" * layout.indent
        rest = indent + paragraph.strip()
        while rest:
            cut = len(rest)
            while pdfmetrics.stringWidth(rest[:cut], FONT, layout.size) > usable:
                cut -= 1
            emit(rest[:cut], layout.margin)
            rest = rest[cut:]
    pdf.save()
    return path
