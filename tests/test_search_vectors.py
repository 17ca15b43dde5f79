"""One set of vectors for the Python index and the browser engine (tests/fixtures/search_vectors.json): the file
is what plugins/bulletin/search/ gives today, the index's trigram positions answer phrases as the folded text
does, and search-text.js / search-match.js agree with all of it under Node's test runner."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bulletin.search.fold import fold
from bulletin.search.tokenize import field_terms, trigram_cover

from .search_vectors import FILE, dumps, vectors

NODE_TESTS = Path(__file__).parent / "search_engine.test.cjs"


def test_the_vectors_file_is_what_the_python_index_gives():
    assert FILE.read_text("utf-8") == dumps(vectors()), "regenerate: python -m tests.search_vectors"


def phrase_at(text: str, phrase: str) -> bool:
    """The browser's phrase check over the index's own positions: the cover's trigrams at their offsets from one
    position of the field."""
    where: dict[str, set[int]] = {}
    for position, trigram in field_terms(text)[2]:
        where.setdefault(trigram, set()).add(position)
    cover = trigram_cover(fold(phrase))
    return any(all(start + offset in where.get(trigram, ()) for offset, trigram in cover)
               for start in where.get(cover[0][1], ()))


def test_trigram_positions_answer_phrases_as_the_text_does():
    cases = json.loads(FILE.read_text("utf-8"))["phrases"]
    assert any(not c["contains"] and all(c["places"].values()) for c in cases)  # every trigram there, no phrase
    for case in cases:
        assert phrase_at(case["text"], case["phrase"]) == case["contains"], case["text"]


def test_runs_do_not_line_up_across_a_break():
    """甲乙丙丁，丁戊己 holds 甲乙丙 and 丁戊己, and with positions counted straight through the comma they would sit
    three apart, as in 甲乙丙丁戊己: the gap between runs keeps that query from matching."""
    assert phrase_at("甲乙丙丁戊己", "甲乙丙丁戊己")
    assert not phrase_at("甲乙丙丁，丁戊己", "甲乙丙丁戊己")
    assert not phrase_at("一二三四 abc 四五六七", "一二三四五六七")


def test_the_browser_modules_agree_under_node():
    node = shutil.which("node")
    if node is None:
        pytest.fail("Node.js is not installed: run ./dev test")
    done = subprocess.run([node, "--test", str(NODE_TESTS)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    passed = re.search(r"^# pass (\d+)$", done.stdout, re.M)
    assert passed and int(passed.group(1)) >= 10 and "# fail 0" in done.stdout, done.stdout[-2000:]
