"""Folding applied identically at index and query time.

NFKC (full-width → half-width), traditional → simplified, lower case.

The traditional → simplified table is OpenCC's character table (shipped by opencc-python-reimplemented),
reduced to one character each way so that JavaScript can apply the very same map to a query.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import opencc


def _table(name: str) -> dict[str, list[str]]:
    path = Path(opencc.__file__).parent / "dictionary" / name
    table = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, values = line.partition("\t")
        if len(key) == 1 and values:
            table[key] = values.split()
    return table


@lru_cache(maxsize=1)
def t2s_map() -> dict[str, str]:
    """Traditional → simplified for characters that are not themselves simplified characters in use."""
    simplified_in_use = set(_table("STCharacters.txt"))
    return {k: v[0] for k, v in _table("TSCharacters.txt").items()
            if len(v[0]) == 1 and v[0] != k and k not in simplified_in_use}


@lru_cache(maxsize=1)
def _translation() -> dict[int, str]:
    return {ord(k): v for k, v in t2s_map().items()}


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_translation()).lower()
