"""The templates' Jinja filters: how values read to a Chinese reader (dates by their precision, months, sizes).

The words (年, 起, 以来, 字节…) are in messages.py, always in Chinese (`zh`): the site is for Chinese readers
whatever the language of the machine that builds it."""

from __future__ import annotations

import datetime as dt

from bulletin.archive.model import Item, Original
from bulletin.messages import zh


def cn_date(day: dt.date) -> str:
    return zh("cn_date", year=day.year, month=day.month, day=day.day)


def item_date(item: Item) -> str:
    """2020年7月16日 · 2020年7月15日起 · 2020年5月以来 · 2020年8月（近日）."""
    day = item.date
    if item.date_precision == "days":
        return zh("date_from", date=cn_date(day))
    if item.date_precision == "month":
        return zh("month_since", year=day.year, month=day.month)
    if item.date_precision == "issue":
        return zh("month_recent", year=day.year, month=day.month)
    return cn_date(day)


def month_label(month: str) -> str:
    year, mon = month.split("-")
    return zh("month_label", year=year, month=int(mon))


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
        return zh("bytes", size=size)
    if size < 1024 * 1024:
        kb = size / 1024
        return f"{kb:.1f} KB" if kb < 10 else f"{round(kb)} KB"
    return f"{size / 1024 / 1024:.1f} MB"


FILTERS = {"cn_date": cn_date, "item_date": item_date, "month_label": month_label, "excerpt": excerpt,
           "file_kind": file_kind, "file_size": file_size}
