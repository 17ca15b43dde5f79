"""The importer on the real seed bulletin and on layout variants the office produces."""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest

from bulletin.archive.load import load_archive
from bulletin.archive.problems import Problems
from bulletin.cli import main
from bulletin.importer.infer import infer_date
from bulletin.importer.parse import parse_bulletin, split_recipients

from .conftest import SEED, TEST_ARCHIVE

EXPECTED = [  # title, section, date, precision, districts — reviewed by hand against the seed
    ("唐良智市长对“无废城市”建设提出要求", "工作动态", "2020-07-16", "day", ["重庆市"]),
    ("市政府召开“无废城市”建设试点工作推进会", "工作动态", "2020-06-19", "day", ["重庆市"]),
    ("召开“无废城市”建设试点半年工作调度会", "工作动态", "2020-07-01", "day", ["重庆市"]),
    ("调研“无废城市”建设试点工作推进情况", "工作动态", "2020-05-01", "month", ["重庆市"]),
    ("召开“无废城市细胞”创建工作座谈会", "工作动态", "2020-07-16", "day", ["重庆市"]),
    ("赴市城市管理局调研座谈凝练“无废城市”建设试点典型经验", "工作动态", "2020-07-17", "day", ["重庆市"]),
    ("渝北区领导调研“无废城市”建设试点推进情况", "区县动态", "2020-06-30", "day", ["渝北区"]),
    ("重庆高新区专题研究“无废城市”建设试点工作", "区县动态", "2020-06-28", "day", ["重庆高新区"]),
    ("两江新区全面完成区级“无废城市细胞”评估验收工作", "区县动态", "2020-08-03", "issue", ["两江新区"]),
    ("江北区环保音乐沙龙奏响“无废城市”最美声音", "区县动态", "2020-08-03", "issue", ["江北区"]),
    ("大渡口区“五措并举”开展“无废城市”创建工作", "区县动态", "2020-08-03", "issue", ["大渡口区"]),
    ("北碚区“无废城市”宣传进社区", "区县动态", "2020-07-21", "day", ["北碚区"]),
    ("渝中区组织召开“无废城市”建设试点现场观摩推进会", "区县动态", "2020-06-23", "day", ["渝中区"]),
    ("九龙坡区全面开展“无废细胞”验收工作", "区县动态", "2020-08-03", "issue", ["九龙坡区"]),
    ("沙坪坝区“无废学校”创建活动丰富多彩", "区县动态", "2020-08-03", "issue", ["沙坪坝区"]),
    ("南岸区开展“无废学校”现场验收工作", "区县动态", "2020-07-15", "days", ["南岸区"]),
    ("巴南区组织开展“无废城市细胞”创建评估验收工作", "区县动态", "2020-08-03", "issue", ["巴南区"]),
    ("涪陵区高位启动“无废城市”建设试点工作", "区县动态", "2020-08-03", "issue", ["涪陵区"]),
    ("永川区政府赴徐州市考察学习“无废城市”试点经验", "区县动态", "2020-07-22", "days", ["永川区"]),
    ("三亚市开展医疗废物规范化管理培训", "经验借鉴", "2020-07-21", "day", ["三亚市"]),
    ("包头市青山区抓源头治理，整治固废污染", "经验借鉴", "2020-08-03", "issue", ["包头市"]),
    ("深圳出台措施推动快递包装“瘦身”", "经验借鉴", "2020-08-03", "issue", ["深圳市"]),
]


def import_seed(tmp_path, *extra):
    into = tmp_path / "issues"
    if not into.exists():
        shutil.copytree(TEST_ARCHIVE, into, ignore=shutil.ignore_patterns("20*"))
    return main(["import", str(SEED), "--into", str(into), *extra]), into


def test_seed_header_and_footer(seed_text):
    b = parse_bulletin(seed_text)
    assert (b.series, b.number, b.published) == ("渝环简报", 8, dt.date(2020, 8, 3))
    assert b.issuer == "重庆市“无废城市”建设试点工作领导小组办公室"
    assert b.sections == ["工作动态", "区县动态", "经验借鉴"]
    assert b.report_to == ["“无废城市”建设试点部际协调小组办公室"]
    assert b.distribute_to[:3] == ["市级有关部门", "中心城区无废办", "万州区生态环境局"]
    assert "长寿区生态环境局" in b.distribute_to  # 长寿 / 区 split across a line break
    assert len(b.distribute_to) == 11


def test_seed_items_are_exact(tmp_path):
    code, into = import_seed(tmp_path)
    assert code == 0
    problems = Problems()
    archive = load_archive(into, problems)
    assert not problems.errors, problems.render()
    items = archive.items
    assert len(items) == 22
    got = [(i.title, i.section, i.date.isoformat(), i.date_precision, list(i.districts)) for i in items]
    assert got == EXPECTED


def test_page_break_continuations_join_the_previous_item(seed_text):
    items = {i.title: i for i in parse_bulletin(seed_text).items}
    dispatch = items["召开“无废城市”建设试点半年工作调度会"]
    assert "汇报及万州、黔江、涪陵等2020年新增9个试点区县" in "".join(dispatch.paragraphs)
    assert any(p.startswith("三是加强危险废物") for p in items["大渡口区“五措并举”开展“无废城市”创建工作"].paragraphs)


def test_seed_warnings_name_toc_differences(seed_text):
    warnings = [m for _, m in parse_bulletin(seed_text).warnings]
    assert len(warnings) == 3
    assert "赴市城市管理局调研座谈“无废城市”建设试点典型经验凝练" in warnings[0]
    assert any("北碚区" in w and "本期要目" in w for w in warnings)
    assert any("渝中区" in w and "本期要目" in w for w in warnings)


def test_reimport_is_byte_identical_and_keeps_edits(tmp_path, capsys):
    _, into = import_seed(tmp_path)
    snapshot = {p: p.read_bytes() for p in sorted((into / "2020-008").iterdir())}
    code, _ = import_seed(tmp_path)
    assert code == 0
    assert {p: p.read_bytes() for p in sorted((into / "2020-008").iterdir())} == snapshot
    edited = sorted((into / "2020-008").glob("15-*.md"))[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("丰富多彩", "丰富多彩（校对）"), encoding="utf-8")
    import_seed(tmp_path)
    assert "校对" in edited.read_text(encoding="utf-8")
    assert "与导入结果不同（可能已手工修改），已保留" in capsys.readouterr().err
    import_seed(tmp_path, "--force")
    assert "校对" not in edited.read_text(encoding="utf-8")


def test_committed_seed_matches_importer_except_reviewed_tags_and_older_slugs(tmp_path):
    """A fresh import equals the committed issue, except the tags reviewed by hand and the slugs (permanent URLs
    made by the first importer, before slugs followed words)."""
    _, into = import_seed(tmp_path)
    fresh = {p.name[:3]: p for p in (into / "2020-008").glob("*.md")}
    committed = sorted((TEST_ARCHIVE / "2020-008").glob("*.md"))
    assert sorted(fresh) == [p.name[:3] for p in committed]
    for path in committed:
        keep = lambda lines: [x for x in lines if not x.startswith(("tags:", "slug:"))]  # noqa: E731
        assert keep(fresh[path.name[:3]].read_text("utf-8").splitlines()) == \
               keep(path.read_text("utf-8").splitlines()), path.name


def test_reimport_over_the_archive_keeps_every_slug_and_file_name(tmp_path, capsys):
    into = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, into)
    before = {p.name: p.read_bytes() for p in (into / "2020-008").iterdir()}
    assert main(["import", str(SEED), "--into", str(into)]) == 0
    assert {p.name: p.read_bytes() for p in (into / "2020-008").iterdir()} == before
    assert main(["import", str(SEED), "--into", str(into), "--force"]) == 0  # even forced: same names, same slugs
    assert sorted(p.name for p in (into / "2020-008").iterdir()) == sorted(before)
    assert main(["check", "--archive", str(into)]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("title, slug", [
    ("市生态环境局召开无废城市建设推进会", "shi-shengtai-huanjing-ju-zhaokai"),
    ("市无废办组织开展无废细胞评估", "shi-wufeiban-zuzhi-kaizhan-wufei"),
    ("唐良智市长对“无废城市”建设提出要求", "tangliangzhi-shizhang-dui-wufei-chengshi"),
    ("赴市城市管理局调研座谈凝练“无废城市”建设试点典型经验", "fushi-chengshi-guanliju-diaoyan-zuotan"),
    ("北碚区“无废城市”宣传进社区", "beibei-wufei-chengshi-xuanchuan-jinshequ"),
    ("永川区政府赴徐州市考察学习“无废城市”试点经验", "yongchuan-zhengfu-fu-xuzhoushi-kaocha"),
])
def test_slugs_follow_words(title, slug):
    from bulletin.archive.slugs import make_slug
    from bulletin.archive.vocabulary import load_vocabulary

    assert make_slug(title, load_vocabulary(TEST_ARCHIVE, Problems()), set()) == slug


VARIANT = """渝环简报
第12期
本期要目
【市级动态】
※市无废办召开年度总结会
※綦江区推进农村生活垃圾分类
【区县动态】
※石柱县开展“无废景区”创建
市级动态
【市级动态】
市无废办召开年度总结会
12月28日，市无废办召开年度总结会。会议强调（见附件）。
【区县动态】
綦江区推进农村生活垃圾分类\u3000今年1月以来，綦江区推进农村生活垃圾分类。
石柱县开展“无废景区”创建  1月3日、4日，石柱县组织对黄水景区开展评估。（石柱县生态环境局供稿）
（渝环简报 第12期）
报：市委办公厅，市政府办公厅。
重庆市“无废城市”建设试点工作领导小组办公室
2021年1月8日印发
"""


def test_layout_variants(tmp_path):
    b = parse_bulletin(VARIANT.replace("\n", "\r\n"))
    assert (b.series, b.number, b.published) == ("渝环简报", 12, dt.date(2021, 1, 8))
    titles = [i.title for i in b.items]
    assert titles == ["市无废办召开年度总结会", "綦江区推进农村生活垃圾分类", "石柱县开展“无废景区”创建"]
    assert b.items[2].source == "石柱县生态环境局"
    assert b.items[2].paragraphs[-1].endswith("开展评估。")
    assert b.issuer == "重庆市“无废城市”建设试点工作领导小组办公室"
    assert b.report_to == ["市委办公厅", "市政府办公厅"]
    assert infer_date("12月28日，市无废办召开", b.published) == (dt.date(2020, 12, 28), "day")  # year boundary
    code, into = import_seed(tmp_path)
    source = tmp_path / "variant.txt"
    source.write_text(VARIANT, encoding="utf-8")
    assert main(["import", str(source), "--into", str(into)]) == 0
    problems = Problems()
    archive = load_archive(into, problems)
    assert not problems.errors, problems.render()
    issue = [i for i in archive.issues if i.id == "2021-012"][0]
    assert [i.districts for i in issue.items] == [("重庆市",), ("綦江区",), ("石柱土家族自治县",)]
    assert issue.items[0].date == dt.date(2020, 12, 28)
    assert issue.items[1].date_precision == "month"


@pytest.mark.parametrize("text,expected", [
    ("7月16日，会议召开", ("2020-07-16", "day")),
    ("7月15日、16日，南岸区", ("2020-07-15", "days")),
    ("7月22日-24日，永川区", ("2020-07-22", "days")),
    ("7月21日上午，来自北碚区", ("2020-07-21", "day")),
    ("5月以来，市无废办", ("2020-05-01", "month")),
    ("近日，两江新区", ("2020-08-03", "issue")),
    ("沙坪坝区教育资源丰富", ("2020-08-03", "issue")),
    ("11月2日，某区", ("2019-11-02", "day")),
    ("2月30日，无此日", ("2020-08-03", "issue")),
])
def test_dates(text, expected):
    day, precision = infer_date(text, dt.date(2020, 8, 3))
    assert (day.isoformat(), precision) == expected


def test_recipient_suffix_is_distributed():
    assert split_recipients("市级有关部门，万州区、黔江区生态环境局。") == [
        "市级有关部门", "万州区生态环境局", "黔江区生态环境局"]


def test_import_of_garbage_is_a_clear_error(tmp_path, capsys):
    source = tmp_path / "x.txt"
    source.write_text("这不是简报。\n只有两行。\n", encoding="utf-8")
    into = tmp_path / "issues"  # a copy: a regression that wrote anything must not touch the frozen fixture
    shutil.copytree(TEST_ARCHIVE, into)
    code = main(["import", str(source), "--into", str(into)])
    assert code == 1
    assert sorted(p.name for p in into.iterdir()) == sorted(p.name for p in TEST_ARCHIVE.iterdir())
    err = capsys.readouterr().err
    assert "没有找到期号" in err and "x.txt:" in err


@pytest.mark.parametrize("name", ["第9期.ofd", "第9期.docx"])
def test_an_ofd_is_refused_with_what_to_send_instead(tmp_path, capsys, name):
    """OFD is refused, not half read (docs/decisions.md, "OFD"): by its suffix, and by its OFD.xml under any name."""
    source = tmp_path / name
    with zipfile.ZipFile(source, "w") as package:
        package.writestr("OFD.xml", "<ofd:OFD/>")
    into = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, into)
    assert main(["import", str(source), "--into", str(into)]) == 1
    err = capsys.readouterr().err
    assert "暂不支持 OFD 版式文件" in err and "另存为 PDF" in err and f"{name}:" in err, err
    assert sorted(p.name for p in into.iterdir()) == sorted(p.name for p in TEST_ARCHIVE.iterdir())


def test_new_scaffolds_the_next_item(tmp_path, capsys):
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    code = main(["new", "2020-008", "北碚区开展垃圾分类入户宣传", "--archive", str(archive), "--section", "区县动态",
                 "--date", "2020-07-30", "--district", "北碚区", "--tag", "生活垃圾分类"])
    assert code == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.name == "23-beibei-kaizhan-laji-fenlei-ruhu.md"
    text = path.read_text(encoding="utf-8")
    assert "date: 2020-07-30\n" in text and "districts: [北碚区]" in text
    assert main(["check", "--archive", str(archive)]) == 1  # the placeholder is not publishable
    path.write_text(text.replace("（在此填写正文。）", "7月30日，北碚区开展入户宣传。"), encoding="utf-8")
    assert main(["check", "--archive", str(archive)]) == 0
    assert main(["new", "2020-099", "x", "--archive", str(archive)]) == 1
    assert "没有这一期" in capsys.readouterr().err


@pytest.mark.parametrize("args, words", [
    (["--district", "北倍区"], ":6: districts: 未知的区县“北倍区” (是不是要写“北碚区”？)"),
    (["--tag", "垃圾分理"], ":7: tags: 未知的专题“垃圾分理” (是不是要写“生活垃圾分类”？)"),
    (["--section", "区县动太"], ":3: section: 栏目“区县动太”不是本期的栏目 (是不是要写“区县动态”？"),
    (["--date", "2020-02-30"], ":4: date: “2020-02-30”不是有效日期 (这一天不存在)"),
    (["--date", "2020-09-01"], ":4: date: 发生日期 2020-09-01 晚于本期印发日期 2020-08-03"),
])
def test_new_checks_its_arguments_like_check_and_writes_nothing(tmp_path, capsys, args, words):
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    before = sorted(p.name for p in (archive / "2020-008").iterdir())
    assert main(["new", "2020-008", "北碚区开展入户宣传", "--archive", str(archive), *args]) == 1
    err = capsys.readouterr().err
    assert "参数有误，没有新建文件" in err and words in err, err
    assert sorted(p.name for p in (archive / "2020-008").iterdir()) == before
