"""Nothing lost on import: every line of the source went to one place (title, body, credit, TOC, footer) or to a
warning — on the seed, the fixture, and bulletins generated from them with the variations the office produces."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bulletin.importer.accounting import unaccounted
from bulletin.importer.parse import parse_bulletin

from .conftest import REPO, SEED

SOURCES = [SEED.read_text("utf-8"), (REPO / "tests" / "fixtures" / "bulletin-2021-012.txt").read_text("utf-8")]
NOISE = st.text(alphabet=st.sampled_from(list("无废城市建设试点工作推进会议区县动态调研，、“”（）0123456789 ")),
                min_size=1, max_size=40)


def test_every_line_of_the_seed_and_the_fixture_is_accounted_for():
    for text in SOURCES:
        bulletin = parse_bulletin(text)
        assert unaccounted(text, bulletin) == []
        assert len(bulletin.placed) > 20


def test_the_accounting_sees_a_lost_paragraph_and_a_lost_line():
    text = SOURCES[0]
    bulletin = parse_bulletin(text)
    bulletin.items[3].paragraphs.pop()  # a parser bug that drops text
    assert unaccounted(text, bulletin)
    bulletin = parse_bulletin(text)
    del bulletin.placed[max(bulletin.placed)]  # a parser bug that skips a line without a warning
    assert unaccounted(text, bulletin)


@st.composite
def variants(draw):
    """A real bulletin changed the ways the office's files differ: line endings, headline on its own line,
    noise lines anywhere, blank lines dropped or doubled, trailing spaces, full-width separators."""
    lines = draw(st.sampled_from(SOURCES)).split("\n")
    out = []
    for line in lines:
        choice = draw(st.integers(0, 9))
        if choice == 0 and "  " in line:
            out += line.split("  ", 1)  # the headline on a line of its own
        elif choice == 1 and "  " in line:
            out.append(line.replace("  ", "\u3000", 1))
        elif choice == 2:
            out += [line, draw(NOISE)]  # a stray line (page header, note, OCR junk)
        elif choice == 3 and not line.strip():
            continue
        elif choice == 4:
            out += [line + "  ", ""]
        else:
            out.append(line)
    return draw(st.sampled_from(["\n", "\r\n"])).join(out)


@settings(max_examples=60, deadline=None)
@given(variants())
def test_nothing_is_lost_on_generated_variants(text):
    bulletin = parse_bulletin(text)
    assert unaccounted(text, bulletin) == []
