"""`bulletin check` on a corpus of bad inputs: every problem names its file, line and field, and suggests a fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bulletin.cli import main

from .conftest import GOOD_ITEM, GOOD_ITEM_TEXT, REPO, TEST_ARCHIVE, new_issue

GOOD = GOOD_ITEM_TEXT
ITEM = GOOD_ITEM
ISSUE = "issues/2020-008/issue.yml"


def swap(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new)


# (case id, file to write, its text (bytes allowed), expected "path:line: field:" prefix, words in the message)
CASES = [
    ("yaml-syntax", ITEM, swap("title: 测试条目", "title: [未闭合"), f"{ITEM}:3: yaml:", "头信息格式错误（YAML）：缺少逗号或右方括号 ]（列表从第 2 行开始）"),
    ("yaml-tab", ITEM, swap("section: 区县动态", "section:\t区县动态\n\t- x"), f"{ITEM}:4: yaml:", "不能用 Tab 键缩进"),
    ("missing-title", ITEM, swap("title: 测试条目\n", ""), f"{ITEM}:2: title:", "缺少必填字段"),
    ("missing-section", ITEM, swap("section: 区县动态\n", ""), f"{ITEM}:2: section:", "缺少必填字段"),
    ("missing-date", ITEM, swap("date: 2020-07-16\n", ""), f"{ITEM}:2: date:", "缺少必填字段"),
    ("missing-districts", ITEM, swap("districts: [沙坪坝区]\n", ""), f"{ITEM}:2: districts:", "缺少必填字段"),
    ("empty-districts", ITEM, swap("districts: [沙坪坝区]", "districts: []"), f"{ITEM}:2: districts:", "缺少必填字段"),
    ("missing-slug", ITEM, swap("slug: ceshi-tiaomu\n", ""), f"{ITEM}:2: slug:", "缺少必填字段"),
    ("unknown-field", ITEM, swap("title:", "tittle: x\ntitle:"), f"{ITEM}:2: tittle:", "未知的字段“tittle” (是不是要写“title”？)"),
    ("unknown-field-2", ITEM, swap("slug:", "autor: 张三\nslug:"), f"{ITEM}:8: autor:", "未知的字段“autor” (可用的字段：title, section"),
    ("title-markup", ITEM, swap("title: 测试条目", "title: 测试<b>条目</b>"), f"{ITEM}:2: title:",
     "标题是纯文字，不能含网页代码“<b>”"),
    ("title-entity", ITEM, swap("title: 测试条目", "title: 测试&amp;条目"), f"{ITEM}:2: title:", "“&amp;”"),
    ("duplicate-key", ITEM, swap("tags: [无废学校]", "tags: [无废学校]\ntags: [宣传教育]"), f"{ITEM}:8: tags:",
     "字段“tags”写了两次（第 7 行和第 8 行）"),
    ("unclosed-front-matter", ITEM, GOOD.replace("---\n\n沙坪坝区", "\n沙坪坝区"), f"{ITEM}:1: front matter:",
     "没有结束的 --- (在最后一个字段（第 8 行）之后单独一行写 ---)"),
    ("fullwidth-colon", ITEM, swap("section: 区县动态", "section：区县动态"), f"{ITEM}:",
     "用了中文冒号“：”"),
    ("title-list", ITEM, swap("title: 测试条目", "title: [a, b]"), f"{ITEM}:2: title:", "应为一行文字，这里是列表"),
    ("districts-string", ITEM, swap("districts: [沙坪坝区]", "districts: 沙坪坝区"), f"{ITEM}:6: districts:",
     "应为列表 (写成 [沙坪坝区])"),
    ("districts-mapping", ITEM, swap("districts: [沙坪坝区]", "districts: {a: 1}"), f"{ITEM}:6: districts:",
     "应为名称列表 (写成 [名称一, 名称二])"),
    ("tags-string", ITEM, swap("tags: [无废学校]", "tags: 无废学校"), f"{ITEM}:7: tags:", "应为列表 (写成 [无废学校])"),
    ("district-typo", ITEM, swap("[沙坪坝区]", "[沙平坝区]"), f"{ITEM}:6: districts:", "(是不是要写“沙坪坝区”？)"),
    ("district-short", ITEM, swap("[沙坪坝区]", "[沙坪坝县]"), f"{ITEM}:6: districts:", "(是不是要写“沙坪坝区”？)"),
    ("district-unknown", ITEM, swap("[沙坪坝区]", "[火星基地]"), f"{ITEM}:6: districts:", "未知的区县“火星基地” (请先在 issues/districts.yml 中添加)"),
    ("tag-typo", ITEM, swap("[无废学校]", "[垃圾分类]"), f"{ITEM}:7: tags:", "未知的专题“垃圾分类” (是不是要写“生活垃圾分类”？)"),
    ("tag-unknown", ITEM, swap("[无废学校]", "[太空探索]"), f"{ITEM}:7: tags:", "未知的专题“太空探索”"),
    ("date-impossible", ITEM, swap("2020-07-16", "2020-02-30"), f"{ITEM}:4: date:", "“2020-02-30”不是有效日期 (这一天不存在)"),
    ("date-slashes", ITEM, swap("2020-07-16", "2020/07/16"), f"{ITEM}:4: date:", "写成 年-月-日，如 2020-07-16"),
    ("date-chinese", ITEM, swap("2020-07-16", "7月16日"), f"{ITEM}:4: date:", "“7月16日”不是有效日期"),
    ("date-after-issue", ITEM, swap("2020-07-16", "2020-09-01"), f"{ITEM}:4: date:", "发生日期 2020-09-01 晚于本期印发日期 2020-08-03"),
    ("precision", ITEM, swap("date_precision: day", "date_precision: week"), f"{ITEM}:5: date_precision:",
     "未知的日期精度“week” (可选：day, days, month, issue)"),
    ("slug-upper", ITEM, swap("slug: ceshi-tiaomu", "slug: Ceshi"), f"{ITEM}:8: slug:", "只能用小写英文字母和数字"),
    ("slug-han", ITEM, swap("slug: ceshi-tiaomu", "slug: 测试"), f"{ITEM}:8: slug:", "只能用小写英文字母和数字"),
    ("slug-space", ITEM, swap("slug: ceshi-tiaomu", "slug: ce shi"), f"{ITEM}:8: slug:", "只能用小写英文字母和数字"),
    ("slug-reserved", ITEM, swap("slug: ceshi-tiaomu", "slug: index"), f"{ITEM}:8: slug:", "是网站自用的"),
    ("slug-duplicate", "issues/2020-008/30-shapingba-wufei-xuexiao-chuangjian-huodong.md", swap("slug: ceshi-tiaomu", "slug: shapingba-wufei-xuexiao-chuangjian-huodong"),
     "issues/2020-008/30-shapingba-wufei-xuexiao-chuangjian-huodong.md:1: slug:", "已被 15-shapingba-wufei-xuexiao-chuangjian-huodong.md 使用"),
    ("slug-changed", ITEM, swap("slug: ceshi-tiaomu", "slug: ceshi-gaiming"), f"{ITEM}:8: slug:", "与文件名中的“ceshi-tiaomu”不一致"),
    ("order-duplicate", "issues/2020-008/15-another.md", GOOD, "issues/2020-008/15-shapingba",
     "序号 15 已被 15-another.md 使用"),
    ("section-unknown", ITEM, swap("section: 区县动态", "section: 市级动态"), f"{ITEM}:3: section:",
     "改为 工作动态、区县动态、经验借鉴 之一"),
    ("body-empty", ITEM, GOOD.split("---\n\n")[0] + "---\n\n   \n", f"{ITEM}:10: body:", "这条动态没有正文"),
    ("body-script", ITEM, GOOD + "<script>alert(1)</script>\n", f"{ITEM}:12: body:", "正文中不能有网页代码（HTML）"),
    ("body-img-onerror", ITEM, GOOD + "图 <img src=x onerror=alert(1)>\n", f"{ITEM}:12: body:", "正文中不能有网页代码（HTML）"),
    ("body-js-link", ITEM, GOOD + "[点我](javascript:alert(1))\n", f"{ITEM}:12: body:", "不允许链接到“javascript:"),
    ("body-iframe", ITEM, GOOD + "\n\n<iframe src=//evil>\n", f"{ITEM}:14: body:", "正文中不能有网页代码（HTML）"),
    ("body-comment", ITEM, GOOD + "<!-- 隐藏 -->\n", f"{ITEM}:12: body:", "正文中不能有网页代码（HTML）"),
    ("not-utf8", ITEM, GOOD.encode("gb18030"), f"{ITEM}:2: encoding:", "文件不是 UTF-8 编码"),
    ("no-front-matter", ITEM, "只有正文。\n", f"{ITEM}:1: front matter:", "文件开头没有 --- 头信息"),
    ("front-matter-list", ITEM, "---\n- a\n- b\n---\n\n正文\n", f"{ITEM}:2: front matter:", "应为一行一个“字段: 值”"),
    ("file-name", "issues/2020-008/bad.md", GOOD, "issues/2020-008/bad.md:1: file name:", "“bad.md”不是动态文件 (动态文件命名为 序号-网址名.md"),
    ("issue-number-mismatch", ISSUE, None, f"{ISSUE}:2: number:", "把文件夹改名为 2020-009"),
    ("issue-published-missing", ISSUE, "published", f"{ISSUE}:1: published:", "缺少必填字段"),
    ("issue-published-invalid", ISSUE, "2020-13-01", f"{ISSUE}:3: published:", "“2020-13-01”不是有效日期"),
    ("issue-number-text", ISSUE, "八", f"{ISSUE}:2: number:", "应为整数，这里是“八”"),
    ("issue-unknown-field", ISSUE, "seris", f"{ISSUE}:1: seris:", "(是不是要写“series”？)"),
    ("issue-yaml", ISSUE, "yaml", f"{ISSUE}:6: yaml:", "（列表从第 5 行开始）"),
    ("issue-folder-name", "issues/issue8/issue.yml", "series: x\n", "issues/issue8:1: folder:", "期刊文件夹“issue8”应命名为 年份-三位期号"),
    ("issue-yml-missing", "issues/2021-001/01-x.md", GOOD, "issues/2021-001/issue.yml:1: issue.yml:", "这一期没有 issue.yml"),
    ("district-kind", "issues/districts.yml", "kind: 市辖区, aliases: [沙坪坝", "issues/districts.yml:26: kind:",
     "未知的类型“市辖区” (可选：市级/区/县"),
    ("district-yaml", "issues/districts.yml", "kind: 区, aliases: [沙坪坝}", "issues/districts.yml:26: yaml:", "头信息格式错误（YAML）"),
    ("tag-duplicate", "issues/tags.yml", "duplicate", "issues/tags.yml:26: name:", "定义了两次"),
]


def write_case(archive: Path, rel: str, content) -> None:
    path = archive.parent / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    issue = archive / "2020-008" / "issue.yml"
    text = issue.read_text(encoding="utf-8")
    if rel == ISSUE:
        if content is None:
            text = text.replace("number: 8", "number: 9")
        elif content == "published":
            text = "\n".join(line for line in text.splitlines() if not line.startswith("published"))
        elif content == "yaml":
            text = text.replace("sections: [", "sections: [[")
        elif content in ("2020-13-01", "八"):
            text = text.replace("2020-08-03", content) if "-" in content else text.replace("number: 8", "number: 八")
        else:
            text = text.replace("series:", content + ":")
        issue.write_text(text, encoding="utf-8")
    elif rel == "issues/districts.yml":
        path.write_text(path.read_text(encoding="utf-8").replace("kind: 区, aliases: [沙坪坝", content), "utf-8")
    elif rel == "issues/tags.yml":
        first = path.read_text(encoding="utf-8").splitlines()[2]
        path.write_text(path.read_text(encoding="utf-8") + first + "\n", encoding="utf-8")
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_reported_precisely(case, tmp_path, capsys):
    _, rel, content, where, words = case
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    write_case(archive, rel, content)
    code = main(["check", "--archive", str(archive)])
    out = capsys.readouterr()
    assert code == 1, out.out
    assert "Traceback" not in out.out + out.err
    lines = [line for line in out.out.splitlines() if line.startswith(where)]
    assert lines, f"expected a line starting {where!r} in:\n{out.out}"
    assert any(words in line for line in lines), f"expected {words!r} in {lines}"
    assert len(out.out.splitlines()) <= 3, f"one mistake, one report (no cascade):\n{out.out}"


def test_corpus_is_large_enough():
    assert len(CASES) >= 40


def test_every_problem_is_reported_at_once(tmp_path, capsys):
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    bad = swap("[沙坪坝区]", "[沙平坝区]").replace("2020-07-16", "2020-02-30").replace("slug: ceshi-tiaomu", "slug: X")
    (archive / "2020-008" / "30-x.md").write_text(bad, encoding="utf-8")
    (archive / "2020-008" / "31-y.md").write_text(GOOD.replace("ceshi-tiaomu", "y") + "<script>x</script>\n", "utf-8")
    assert main(["check", "--archive", str(archive)]) == 1
    out = capsys.readouterr().out
    assert out.count("\n") + 1 >= 4
    for field in ("districts:", "date:", "slug:", "body:"):
        assert field in out


def test_bom_and_crlf_are_accepted(tmp_path, capsys):
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    (archive / "2020-008" / "30-ceshi-tiaomu.md").write_bytes("\ufeff".encode() + GOOD.replace("\n", "\r\n").encode())
    assert main(["check", "--archive", str(archive)]) == 0, capsys.readouterr().out


def test_district_abolished_before_item_date_is_a_warning(tmp_path, capsys):
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    folder = new_issue(archive, "2026-001", "2026-01-10")
    (folder / "01-ceshi-tiaomu.md").write_text(swap("2020-07-16", "2026-01-05").replace("[沙坪坝区]", "[江北区]"), "utf-8")
    assert main(["check", "--archive", str(archive)]) == 0
    out = capsys.readouterr().out
    assert "issues/2026-001/01-ceshi-tiaomu.md:6: districts: 警告：2026-01-05时江北区已不存在 (承接的区县：两江新区)" in out


def test_only_named_paths_are_reported(tmp_path, capsys):
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    (archive / "2020-008" / "30-x.md").write_text(swap("2020-07-16", "2020-02-30"), encoding="utf-8")
    ok = archive / "2020-008" / sorted(p.name for p in (archive / "2020-008").glob("01-*.md"))[0]
    assert main(["check", "--archive", str(archive), str(ok)]) == 0
    assert main(["check", "--archive", str(archive), str(archive / "2020-008" / "30-x.md")]) == 1


def test_the_repository_archive_is_clean(capsys):
    assert main(["check", "--archive", str(REPO / "issues")]) == 0, capsys.readouterr().out


def test_an_item_deleted_while_its_folder_is_read_ends_no_load(tmp_path, monkeypatch):
    """The editor or a sync tool may delete or rename an item while the preview reads its folder: the file listed
    and gone before its stat is left out (the watcher brings the next rebuild), not a traceback that stops the
    rebuild — it once ended `test_fifty_changes_in_a_row_end_where_a_fresh_preview_starts` in a full run."""
    import os

    from bulletin.archive import load
    from bulletin.archive.problems import Problems

    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    victim = sorted((archive / "2020-008").glob("*.md"))[-1]
    real_scandir = os.scandir

    def listing_then_deleting(path):
        entries = list(real_scandir(path))  # listed, not yet stat'ed
        if Path(path) == victim.parent and victim.exists():
            victim.unlink()

        class Listing(list):
            def __enter__(self):
                return self

            def __exit__(self, *exc):
                return False
        return Listing(entries)

    monkeypatch.setattr(load.os, "scandir", listing_then_deleting)
    problems = Problems()
    loaded = load.load_archive(archive, problems)
    assert not victim.exists() and loaded.issues
