"""Word (.docx) bulletins → the same plain text the text importer reads, one line per paragraph."""

from __future__ import annotations

from pathlib import Path


def docx_text(path: Path) -> str:
    """Paragraph texts in document order; table cells (headers are often laid out in tables) line by line."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(str(path))
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(block, document).text)
        elif tag == "tbl":
            for row in Table(block, document).rows:
                lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines) + "\n"
