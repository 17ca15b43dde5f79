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
from bulletin.archive.slugs import make_slug
from bulletin.archive.vocabulary import load_vocabulary
from bulletin.archive.yamlio import parse_yaml
from bulletin.cli import main
from bulletin.importer.infer import infer_date, infer_districts
from bulletin.importer.parse import parse_bulletin

from .conftest import SEED, TEST_ARCHIVE

SEED_TEXT = SEED.read_text(encoding="utf-8")
VOCAB = load_vocabulary(TEST_ARCHIVE, Problems())
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
                                    "- a", "&anchor", "*alias", "!!python/object:os.system", "@", "&a [*a]",
                                    "!!set {甲, 乙}", "!!binary 5rWL", "!!timestamp 2020-13-45", "!!int abc",
                                    "!!bool maybe", "1" * 40, "[" * 40 + "]" * 40, '"\\e"', '"\\u202e"', "\u200b",
                                    "con", "!foo x", "<<: {a: 1}"]))
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
shutil.copytree(TEST_ARCHIVE, ARCHIVE)


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
        shutil.copytree(TEST_ARCHIVE, into, ignore=shutil.ignore_patterns("20*"))
        assert main(["import", str(source), "--into", str(into)]) in (0, 1)


# YAML documents as a pull request may send them: anchors, aliases and merges, tags, flow and block nesting,
# escapes for invisible characters, long numbers, odd keys, several documents
SCALARS = st.one_of(st.sampled_from([
    "x", "沙坪坝区", "2020-07-16", "2020-13-45", "yes", "~", "null", "0x1F", "1:30", "0755", ".inf", "1.5", "-0", "+7",
    "1" * 19, "9" * 5000, "''", '""', '"\\e"', '"\\x00"', '"\\uFFFE"', '"\\u202e"', '"\\U000e0041"', "'it''s'",
    "|\n  a\n  b", ">-\n  a", "*a", "*nowhere", "&a x", "!!str 1", "!!int abc", "!!int 12", "!!bool maybe",
    "!!bool yes", "!!null x", "!!float 1.5", "!!float x", "!!timestamp 2020-01-01", "!!binary 5rWL", "!!set {a}",
    "!!omap [a: 1]", "!!python/object/apply:os.system [x]", "!foo x", "!<tag:x> y", "! z", "@", "`", "%", "#c",
]), st.text(st.characters(blacklist_categories=("Cc", "Cs", "Cf")), max_size=12))
KEY_TEXTS = st.one_of(st.sampled_from(["title", "date", "a", "<<", "=", "? [a]", "1", "~", "'q'", "k" * 120]),
                      st.text(alphabet="abc北", min_size=1, max_size=5))


@st.composite
def yaml_values(draw, depth=0):
    kind = draw(st.sampled_from(["scalar", "flow_list", "flow_map", "block_list", "block_map", "anchored"]
                                if depth < 4 else ["scalar"]))
    if kind == "scalar":
        return draw(SCALARS)
    if kind == "anchored":
        return f"&{draw(st.sampled_from('ab'))} {draw(yaml_values(depth + 1))}"
    items = draw(st.lists(yaml_values(depth + 1), max_size=4))
    if kind == "flow_list":
        return "[" + ", ".join(v.replace("\n", " ") for v in items) + "]"
    if kind == "flow_map":
        return "{" + ", ".join(f"{draw(KEY_TEXTS)}: {v.replace(chr(10), ' ')}" for v in items) + "}"
    pad = "  " * (depth + 1)
    if kind == "block_list":
        return "".join(f"\n{pad}- {v.replace(chr(10), chr(10) + pad + '  ')}" for v in items) or "[]"
    return "".join(f"\n{pad}{draw(KEY_TEXTS)}: {v.replace(chr(10), chr(10) + pad)}" for v in items) or "{}"


@st.composite
def yaml_documents(draw):
    fields = draw(st.lists(st.tuples(KEY_TEXTS, yaml_values()), max_size=6))
    text = "".join(f"{k}: {v}\n" for k, v in fields)
    return draw(st.sampled_from(["{t}", "{t}---\n{t}", "- {t}", "{t}\t"])).format(t=text)


def plain(value) -> bool:
    """Only what the archive's model is made of: text, whole numbers, None, lists and text-keyed mappings."""
    if isinstance(value, list):
        return all(plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v) for k, v in value.items())
    return value is None or isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


@FUZZ
@given(yaml_documents())
def test_yaml_gives_plain_values_or_problems_and_the_same_each_time(text):
    first, again = Problems(), Problems()
    doc = parse_yaml(text, "x.yml", first)
    assert doc is not None or first.errors  # refused only with a reason
    assert all(p.line >= 1 and p.field and p.message for p in first.items)
    assert all(len(p.message) < 400 for p in first.items)  # nothing quoted at length
    if doc is not None:
        assert plain(doc.data), doc.data
        assert all(line >= 1 for line in doc.lines.values())
    second = parse_yaml(text, "x.yml", again)
    assert (second and second.data) == (doc and doc.data) and again.items == first.items
