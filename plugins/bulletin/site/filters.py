"""How values read to a Chinese reader: dates by their precision, months, counts. Used as Jinja filters."""

from __future__ import annotations

import datetime as dt

from bulletin.archive.model import Item, Original


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def item_date(item: Item) -> str:
    """2020年7月16日 · 2020年7月15日起 · 2020年5月以来 · 2020年8月（近日）."""
    day = item.date
    if item.date_precision == "days":
        return f"{cn_date(day)}起"
    if item.date_precision == "month":
        return f"{day.year}年{day.month}月以来"
    if item.date_precision == "issue":
        return f"{day.year}年{day.month}月（近日）"
    return cn_date(day)


def month_label(month: str) -> str:
    year, mon = month.split("-")
    return f"{year}年{int(mon)}月"


def excerpt(text: str, size: int = 90) -> str:
    """The first characters of plain text, for listings and meta descriptions."""
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[:size].rstrip() + "…"


# an original's type as readers know it (Word 97-2003 and .docx are both "Word" to them)
FILE_KINDS = {"pdf": "PDF", "docx": "Word", "doc": "Word", "wps": "WPS", "odt": "ODT", "rtf": "RTF", "ofd": "OFD"}


def file_kind(original: Original) -> str:
    return FILE_KINDS.get(original.type, original.type.upper())


def file_size(size: int) -> str:
    """856 字节 · 4.2 KB · 43 KB · 1.2 MB (binary units, as the reader's file manager shows them)."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        kb = size / 1024
        return f"{kb:.1f} KB" if kb < 10 else f"{round(kb)} KB"
    return f"{size / 1024 / 1024:.1f} MB"


FILTERS = {"cn_date": cn_date, "item_date": item_date, "month_label": month_label, "excerpt": excerpt,
           "file_kind": file_kind, "file_size": file_size}
