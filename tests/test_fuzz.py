"""Property tests: whatever text arrives, the importer and the validator answer with a result or a clear
problem, never a traceback."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulletin.archive.load import load_archive
from bulletin.archive.problems import Problems
from bulletin.archive.vocabulary import load_vocabulary
from bulletin.cli import main
from bulletin.importer.infer import infer_date, infer_districts, make_slug
from bulletin.importer.parse import parse_bulletin

from .conftest import REPO, SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
VOCAB = load_vocabulary(REPO / "issues", Problems())
PIECES = st.sampled_from([
    "本 期 要 目", "【工作动态】", "【区县动态】 ", "【】", "※", "※沙坪坝区开展工作",
    "沙坪坝区开展工作  7月16日，会议召开。",
    "（渝环简报008）", "（渝环简报）", "报：某某。", "发：市级有关部门，", "区、江津区生态环境局。", "2020年8月3日印发",
    "2020年2月30日印发", "近日，", "5月以来", "7月15日、16日", "12月", "\u3000", "  ", "\t", "", "（某局供稿）",
    "<script>alert(1)</script>", "九龍坡區", "ＡＢＣ", "\ufeff", "\x00", "𠀀", "😀",
])
LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def bulletins(draw):
    lines = draw(st.lists(st.one_of(PIECES, st.text(max_size=40)), max_size=40))
    return draw(LINE_ENDS).join(lines)


@FUZZ
@given(bulletins())
def test_parser_never_raises(text):
    bulletin = parse_bulletin(text)
    assert bulletin.items or bulletin.errors


@FUZZ
@given(st.integers(min_value=0, max_value=len(SEED_TEXT)), LINE_ENDS)
def test_truncated_seed_never_raises(cut, end):
    parse_bulletin(SEED_TEXT[:cut].replace("\n", end))


@FUZZ
@given(st.text(max_size=60), st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_inference_never_raises(text, published):
    day, precision = infer_date(text, published)
    assert precision in ("day", "days", "month", "issue") and day <= published
    assert infer_districts(text, text, "区县动态", VOCAB)
    assert make_slug(text, VOCAB, set()).isascii()


VALUES = st.one_of(st.text(max_size=20), st.integers(), st.booleans(), st.none(), st.lists(st.text(max_size=8)),
                   st.sampled_from(["2020-07-16", "2020-02-30", "沙坪坝区", "[沙坪坝区]", "{a: 1}", "'", ": x",
                                    "- a", "&anchor", "*alias", "!!python/object:os.system", "@"]))
KEYS = st.sampled_from(["title", "section", "date", "date_precision", "districts", "tags", "slug", "source", "x"])


@st.composite
def items(draw):
    fields = draw(st.dictionaries(KEYS, VALUES, max_size=9))
    front = "".join(f"{k}: {v}\n" for k, v in fields.items())
    body = draw(st.one_of(st.text(max_size=80), PIECES))
    wrapper = draw(st.sampled_from(["---\n{f}---\n\n{b}", "{f}{b}", "---\n{f}", "---\n{f}---\n{b}\r\n"]))
    raw = wrapper.format(f=front, b=body)
    return raw.encode("utf-8", "surrogatepass") if draw(st.booleans()) else raw.encode("gb18030", "replace")


ARCHIVE = Path(tempfile.mkdtemp(prefix="fuzz-")) / "issues"
shutil.copytree(REPO / "issues", ARCHIVE)


@FUZZ
@given(items())
def test_validator_never_raises(data):
    path = ARCHIVE / "2020-008" / "30-fuzz.md"
    path.write_bytes(data)
    problems = Problems()
    archive = load_archive(ARCHIVE, problems)
    fuzzed = [i for i in archive.items if i.path.endswith("30-fuzz.md")]
    mine = [p for p in problems.items if p.path.endswith("30-fuzz.md")]
    assert fuzzed or mine  # either it loaded, or we said why
    assert all(p.line >= 1 and p.field and p.message for p in mine)


@settings(max_examples=40, deadline=None)
@given(bulletins())
def test_import_command_never_raises(text):
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "x.txt"
        source.write_text(text, encoding="utf-8", errors="surrogatepass")
        into = Path(tmp) / "issues"
        shutil.copytree(REPO / "issues", into, ignore=shutil.ignore_patterns("20*"))
        assert main(["import", str(source), "--into", str(into)]) in (0, 1)
