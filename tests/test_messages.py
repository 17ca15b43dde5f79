"""Every text staff or residents read lives in messages.py: no other module of the plugin holds Chinese words.

The plugin is walked with `ast`: a string constant with a Chinese character (Han) outside messages.py fails the
test unless it is a docstring (a bare string statement: modules', classes', functions' and options' docs) or it
belongs to one of the data listed below, each with the reason it is data and not a message. Punctuation alone
(、 ： （ ）) is not looked for: it joins values that messages.py's sentences hold. A new Chinese sentence goes into
messages.py (`msg` for what staff read, in their language; `zh` for the site, the editor and the archive's files).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from bulletin import messages
from bulletin.messages import MESSAGES, msg, set_language, zh

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "bulletin"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")

# module → the top-level names (constants, functions, classes) whose Chinese strings are data, with why
DATA: dict[str, dict[str, str]] = {
    "archive/places.py": {  # China's divisions: the table the importer and the check recognise places by
        "MUNICIPALITY": "a division's name", "PREFECTURE_TYPES": "division suffixes", "ETHNIC": "a regex",
        "_AUTONOMOUS": "a regex", "_LEVEL_WORD": "a regex", "SPECIAL": "divisions' names",
        "gazetteer": "division suffixes", "_NOT_PLACE_AFTER": "a regex", "COMMON_WORDS": "words that are no place",
        "_VISITED": "a regex", "Proposal": "districts.yml's kind/region value 外地", "propose": "division suffixes",
    },
    "archive/slugs.py": {"DOMAIN_WORDS": "the vocabulary's pinyin table"},
    "archive/vocabulary.py": {"DISTRICT_KINDS": "districts.yml's values", "REGIONS": "districts.yml's values"},
    "importer/accounting.py": {"FOOTER_LABELS": "characters of a bulletin's footer",
                               "_held": "the heading 本期要目 as a bulletin prints it"},
    "importer/cli.py": {"cmd_new": "the default district, 重庆市 (a vocabulary name)"},
    "importer/infer.py": {  # how a bulletin's text names dates and places
        "_DAY": "a regex", "DATE_RANGE": "a regex", "MONTH_SINCE": "a regex", "RECENT": "a regex",
        "CITY_LEVEL": "a regex", "OTHER_PLACES": "a regex", "_COME": "a regex", "VISITING_US": "a regex",
        "infer_places": "vocabulary names (重庆市, 外地, 市级) and sections", "_known_codes": "the kind 外地",
    },
    "importer/parse.py": {  # a bulletin's own layout, as printed
        "FOOTER_ID": "a regex", "PRINTED": "a regex", "RECIPIENTS": "a regex", "CREDIT": "a regex",
        "_find_toc": "the heading 本期要目", "_parse_footer": "the labels 报 and 发",
        "split_recipients": "a regex and its characters", "_parse_masthead": "characters of the masthead",
    },
    "importer/pdf.py": {"PAGE_NUMBER": "a regex", "check_readable": "the bounds of the Han block"},
    "importer/source.py": {"is_han": "the bounds of the Han blocks"},
    "search/tokenize.py": {"HAN": "a regex character class"},
    "site/footer.py": {  # the compliance footer's formats and the examples its messages show
        "PROVINCES": "provinces' abbreviations", "ICP": "a regex", "POLICE": "a regex", "PHONE": "a regex",
        "Footer": "the extension word 转 in a phone number", "read_footer": "example values for the messages",
    },
    "site/taxonomy.py": {"Taxonomy": "the district name 重庆市"},
    "tools/synth.py": {  # the synthetic archive's word lists: what it writes is archive text, not a message
        "SECTIONS": "word list", "ACTIONS": "word list", "SUFFIXES": "word list", "Writer": "word list",
        "_date_phrase": "dates as bulletins write them", "synthesize": "word lists",
    },
}


def _docstrings(tree: ast.AST) -> set[int]:
    """Bare string statements: docstrings of modules, classes and functions, and the options' attribute docs."""
    return {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)}


def _owner(node: ast.stmt) -> str:
    """The top-level name a statement defines: a constant, a function or a class."""
    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
        return node.targets[0].id
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.target.id
    return getattr(node, "name", type(node).__name__)


def chinese_strings(source: str) -> list[tuple[str, int, str]]:
    """(owner, line, text) of every string constant with a Han character that is not a docstring."""
    tree = ast.parse(source)
    docs = _docstrings(tree)
    found = []
    for top in tree.body:
        for node in ast.walk(top):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
                    and HAN.search(node.value)):
                found.append((_owner(top), node.lineno, node.value))
    return found


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name != "messages.py")


def test_no_chinese_text_outside_messages():
    wrong = []
    for path in _modules():
        module = path.relative_to(PACKAGE).as_posix()
        allowed = DATA.get(module, {})
        wrong += [f"{module}:{line} ({owner}): {text[:40]!r}"
                  for owner, line, text in chinese_strings(path.read_text("utf-8")) if owner not in allowed]
    assert wrong == [], "move these to plugins/bulletin/messages.py (or list them in DATA if they are data)"


def test_every_data_entry_still_holds_chinese():
    """A stale entry would let a message in unnoticed under a name that no longer holds data."""
    stale = []
    for module, names in DATA.items():
        owners = {owner for owner, _, _ in chinese_strings((PACKAGE / module).read_text("utf-8"))}
        stale += [f"{module}: {name}" for name in names if name not in owners]
    assert stale == []


@pytest.mark.parametrize("source", [
    'def report():\n    print("新消息")\n',
    'import logging\nlog = logging.getLogger(__name__)\nlog.warning(f"bulletin：出错了 {1}")\n',
    'TITLE = "全部期刊"\n',
    'class Page:\n    """Docs may say 本期要目."""\n    title = "按时间"\n',
])
def test_the_walk_finds_a_new_chinese_message(source):
    assert [text for _, _, text in chinese_strings(source)] != []


def test_docstrings_and_punctuation_are_not_messages():
    source = '"""模块说明."""\nclass C:\n    """类."""\n    x = 1\n    """选项说明."""\nSEP = "、"\n'
    assert chinese_strings(source) == []


def test_the_site_speaks_chinese_on_an_english_machine(monkeypatch):
    """`zh` is for what residents read and what the archive's files hold: the build machine's locale never
    changes it, while `msg` follows the staff's language."""
    monkeypatch.setenv("BULLETIN_LANG", "en")
    set_language(None)
    try:
        assert messages.language() == "en"
        assert zh("page_search") == "搜索" and zh("cn_date", year=2020, month=7, day=16) == "2020年7月16日"
        assert msg("check_help") == MESSAGES["check_help"][1]
    finally:
        set_language(None)
