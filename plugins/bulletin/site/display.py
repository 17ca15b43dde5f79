"""How values read to a Chinese reader: dates by their precision, months, counts. Used as Jinja filters."""

from __future__ import annotations

import datetime as dt

from bulletin.archive.model import Item


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


FILTERS = {"cn_date": cn_date, "item_date": item_date, "month_label": month_label, "excerpt": excerpt}
