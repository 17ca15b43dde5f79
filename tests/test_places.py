"""Places outside Chongqing: items about other cities get that place — matched in districts.yml, or proposed with
the line to add — never 重庆市 by default; Chongqing's own names win unless another place's name stands before them."""

from __future__ import annotations

import re
import shutil

import pytest

from bulletin.archive.load import load_archive
from bulletin.archive.places import place_line
from bulletin.archive.problems import Problems
from bulletin.archive.vocabulary import load_vocabulary
from bulletin.cli import main
from bulletin.importer.infer import infer_places

from .conftest import REPO, TEST_ARCHIVE

VOCAB = load_vocabulary(TEST_ARCHIVE, Problems())
FIXTURE = REPO / "tests" / "fixtures" / "bulletin-2021-012.txt"
SUZHOU = "- {name: 苏州市, slug: suzhou, kind: 外地, aliases: [苏州], region: 外地}"
PUDONG = "- {name: 上海市浦东新区, slug: shanghai-pudong, kind: 外地, aliases: [浦东新区, 浦东], region: 外地}"
HANGZHOU = "- {name: 杭州市, slug: hangzhou, kind: 外地, aliases: [杭州], region: 外地}"


def headlines() -> list[tuple[str, str, str, str, bool]]:
    """(section, title, first sentence, expected, about Chongqing) from tests/fixtures/place-headlines.tsv."""
    rows, ours = [], False
    for line in (REPO / "tests" / "fixtures" / "place-headlines.tsv").read_text("utf-8").splitlines():
        if line.startswith("# ---"):
            ours = "Chongqing" in line
        elif line and not line.startswith("#"):
            section, title, first, expected = line.split("\t")
            rows.append((section, title, first, expected, ours))
    return rows


HEADLINES = headlines()
OUTSIDE = [row for row in HEADLINES if not row[4]]


def test_the_lists_are_as_large_as_the_decision_says():
    assert len(OUTSIDE) >= 30 and len(HEADLINES) - len(OUTSIDE) >= 20
    provinces = {row[3] for row in OUTSIDE}
    assert {"上海市浦东新区", "北京市朝阳区", "天津市", "苏州市", "三亚市", "包头市", "深圳市"} <= provinces


@pytest.mark.parametrize("section, title, first, expected, ours", HEADLINES, ids=[row[1][:14] for row in HEADLINES])
def test_headline_gets_its_place(section, title, first, expected, ours):
    got = infer_places(title, f"{first}。后文从略。" if first else "正文从略。", section, VOCAB)
    assert "、".join(got.names) == expected
    assert not got.unsure
    in_vocab = {n for n in got.names if VOCAB.resolve_district(n)}
    assert {p.name for p in got.proposed} == set(got.names) - in_vocab  # every name is known or proposed
    assert ours == all(VOCAB.resolve_district(n) and VOCAB.resolve_district(n).kind != "外地" for n in got.names)


def test_seed_items_about_other_cities_keep_their_entries():
    """The seed's 三亚/包头市青山区/深圳 items, whole: matched in districts.yml, nothing proposed."""
    archive = load_archive(TEST_ARCHIVE, Problems())
    items = [i for i in archive.items if i.section == "经验借鉴"]
    assert [i.districts for i in items] == [("三亚市",), ("包头市",), ("深圳市",)]
    for item in items:
        got = infer_places(item.title, item.body, item.section, VOCAB)
        assert (got.names, got.proposed, got.unsure) == (list(item.districts), [], False)


def test_the_proposed_line():
    got = infer_places("苏州工业园区打造“无废园区”", "近日，苏州工业园区印发实施方案。", "经验借鉴", VOCAB)
    assert [p.line for p in got.proposed] == [SUZHOU]
    got = infer_places("上海市浦东新区推行垃圾分类", "浦东新区全面推行。", "经验借鉴", VOCAB)
    assert [p.line for p in got.proposed] == [PUDONG]


@pytest.mark.parametrize("title, expected", [
    ("江北区推进“无废小区”建设", "江北区"),  # Chongqing's
    ("宁波市江北区推进垃圾分类", "宁波市"),  # the prefix says which 江北区
    ("浙江省宁波市江北区推进垃圾分类", "宁波市"),
    ("宁波江北推进垃圾分类", "宁波市"),  # an alias of a Chongqing name after a city elsewhere
    ("西安高新区推进“无废园区”建设", "西安市"),  # 高新区 is 重庆高新区's alias, not after 西安
    ("万州区学习宁波市江北区经验", "万州区"),
])
def test_chongqing_names_win_unless_a_place_elsewhere_stands_before_them(title, expected):
    assert infer_places(title, "正文。", "经验借鉴", VOCAB).names == [expected]


def test_a_proposal_never_takes_a_chongqing_name_or_slug():
    line = place_line("宁波市江北区", VOCAB)
    assert "- {name: 宁波市江北区, slug: ningbo-jiangbei, kind: 外地, region: 外地}" in line
    assert "aliases" not in line  # 江北区 / 江北 are Chongqing's spellings


def test_a_name_several_places_share_is_not_guessed():
    got = infer_places("朝阳区推进生活垃圾分类", "近日，朝阳区召开推进会。", "经验借鉴", VOCAB)
    assert got.names == ["重庆市"] and got.unsure  # 北京 or 长春: asked, not guessed
    got = infer_places("朝阳区推进生活垃圾分类", "近日，朝阳区召开推进会。据悉，长春市……", "经验借鉴", VOCAB)
    assert got.names == ["长春市朝阳区"]


def test_an_item_of_an_other_places_section_with_no_place_is_flagged():
    got = infer_places("推行生活垃圾“桶长制”", "近日，有关部门出台工作方案。", "经验借鉴", VOCAB)
    assert got.names == ["重庆市"] and got.unsure
    assert not infer_places("推行生活垃圾“桶长制”", "近日，有关部门出台工作方案。", "区县动态", VOCAB).unsure


@pytest.mark.parametrize("name, expected", [
    ("苏州市", SUZHOU),
    ("浦东新区", PUDONG),
    ("恩施州", "- {name: 恩施土家族苗族自治州, slug: enshi, kind: 外地, aliases: [恩施州, 恩施], region: 外地}"),
    ("三压市", ""),  # not a place: the did-you-mean (三亚市) stays
    ("朝阳区", ""),  # two places: no line to guess
])
def test_check_names_the_line_to_add(name, expected):
    hint = place_line(name, VOCAB)
    assert (expected in hint) if expected else hint == ""


ADDED_TOC = "※苏州工业园区打造“无废园区”\n※上海市浦东新区推行生活垃圾“定时定点”分类投放\n"
ADDED = ("【经验借鉴】\n"
         "苏州工业园区打造“无废园区”  近日，苏州工业园区印发《“无废园区”建设实施方案》，提出到2025年园区一般工业固体"
         "废物综合利用率保持在百分之九十五以上，危险废物安全处置率保持百分之百。\n"
         "上海市浦东新区推行生活垃圾“定时定点”分类投放  浦东新区在全区居住区推行生活垃圾“定时定点”分类投放，"
         "湿垃圾分出量明显提升。\n")


def test_import_proposes_the_line_and_check_is_clean_once_it_is_added(tmp_path, capsys):
    into = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, into, ignore=shutil.ignore_patterns("20*"))
    text = FIXTURE.read_text("utf-8")
    last = "※杭州市推进“无废城市”数字化管理\n"
    text = text.replace(last, f"{last}【经验借鉴】\n{ADDED_TOC}")
    text = text.replace("（渝环简报 第12期）", ADDED + "（渝环简报 第12期）")
    source = tmp_path / "渝环简报第12期.txt"
    source.write_text(text, encoding="utf-8")
    assert main(["import", str(source), "--into", str(into)]) == 0
    err = capsys.readouterr().err
    lines = text.split("\n")
    expected = {  # the item's headline → the line to add
        "杭州市推进": HANGZHOU,
        "苏州工业园区": SUZHOU,
        "上海市浦东新区": PUDONG,
    }
    warned = [w for w in err.splitlines() if "districts.yml" in w]
    assert len(warned) == 3 and "Traceback" not in err
    for head, line in expected.items():
        number = next(n for n, x in enumerate(lines, 1) if x.startswith(head) and "。" in x)  # the body's line
        ours = [w for w in warned if line in w]
        assert len(ours) == 1 and ours[0].startswith(f"{source}:{number}: 警告: "), (head, warned)
    items = {i.title: i for i in load_archive(into, Problems()).items}
    assert items["綦江区推进农村生活垃圾分类"].districts == ("綦江区",)
    names = sorted(p.name for p in (into / "2021-012").glob("0[678]-*.md"))  # slugs start as the proposed lines'
    assert names == ["06-hangzhou-tuijin-wufei-chengshi-shuzihua.md", "07-suzhou-gongye-yuanqu-dazao-wufei.md",
                     "08-shanghai-pudong-tuixing-shenghuo-laji.md"]

    assert main(["check", "--archive", str(into)]) == 1  # not in districts.yml yet: the same line, as the fix
    out = capsys.readouterr().out
    for line in expected.values():
        assert out.count(line) == 1
    assert "Traceback" not in out and not re.search(r"是不是要写", out)  # 苏州市 is no typo of 徐州市

    with (into / "districts.yml").open("a", encoding="utf-8") as file:
        file.write("".join(f"{line}\n" for line in expected.values()))
    assert main(["check", "--archive", str(into)]) == 0, capsys.readouterr().out
    archive = load_archive(into, Problems())
    by_title = {i.title: i.districts for i in archive.items}
    assert by_title["苏州工业园区打造“无废园区”"] == ("苏州市",)
    assert by_title["上海市浦东新区推行生活垃圾“定时定点”分类投放"] == ("上海市浦东新区",)
    assert by_title["杭州市推进“无废城市”数字化管理"] == ("杭州市",)

    assert main(["import", str(source), "--into", str(into)]) == 0  # once added: matched, nothing to warn
    assert "districts.yml" not in capsys.readouterr().err
