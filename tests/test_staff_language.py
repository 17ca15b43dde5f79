"""Staff read Chinese and type with a pinyin IME: messages in Chinese, suggestions that understand homophones."""

from __future__ import annotations

import os
import shutil
import string
import subprocess
import sys

import pytest

from bulletin.archive.load import load_archive
from bulletin.archive.problems import Problems
from bulletin.archive.spelling import best_match
from bulletin.archive.validate import ITEM_FIELDS
from bulletin.cli import main
from bulletin.importer.convert import soffice
from bulletin.messages import MESSAGES, language, set_language

from .conftest import TEST_ARCHIVE

VOCAB = load_archive(TEST_ARCHIVE, Problems())
DISTRICTS = {s: d.name for d in VOCAB.districts for s in (d.name, *d.aliases, *d.former)}
TAGS = {t.name: t.name for t in VOCAB.tags}
SECTIONS = {s: s for s in ("工作动态", "区县动态", "经验借鉴")}
FIELDS = {f: f for f in ITEM_FIELDS}

TYPOS = [  # (what was typed, the vocabulary, the first suggestion expected)
    ("北倍区", DISTRICTS, "北碚区"),  # homophones: the commonest pinyin IME mistake
    ("北培区", DISTRICTS, "北碚区"),
    ("沙平坝区", DISTRICTS, "沙坪坝区"),
    ("沙平坝", DISTRICTS, "沙坪坝区"),  # homophone and no 区
    ("九龙破区", DISTRICTS, "九龙坡区"),
    ("黔将区", DISTRICTS, "黔江区"),
    ("巴难区", DISTRICTS, "巴南区"),
    ("万洲区", DISTRICTS, "万州区"),
    ("江律区", DISTRICTS, "江津区"),
    ("长受区", DISTRICTS, "长寿区"),
    ("涪林区", DISTRICTS, "涪陵区"),
    ("永穿区", DISTRICTS, "永川区"),
    ("合穿区", DISTRICTS, "合川区"),
    ("铜粱区", DISTRICTS, "铜梁区"),
    ("壁山区", DISTRICTS, "璧山区"),
    ("云杨县", DISTRICTS, "云阳县"),
    ("三压市", DISTRICTS, "三亚市"),
    ("南川县", DISTRICTS, "南川区"),  # wrong suffix
    ("梁平县", DISTRICTS, "梁平区"),
    ("綦江县", DISTRICTS, "綦江区"),
    ("两江新", DISTRICTS, "两江新区"),  # cut short
    ("渝北", DISTRICTS, "渝北区"),
    ("沙坪壩區", DISTRICTS, "沙坪坝区"),  # traditional characters
    ("九龍坡區", DISTRICTS, "九龙坡区"),
    ("沙坪坝 区", DISTRICTS, "沙坪坝区"),  # extra spaces, full-width too
    ("　渝中区　", DISTRICTS, "渝中区"),
    ("垃圾分理", TAGS, "生活垃圾分类"),  # near-homophone (li/lei) and a shorter name
    ("垃圾分类", TAGS, "生活垃圾分类"),
    ("无废学效", TAGS, "无废学校"),
    ("危险费物", TAGS, "危险废物"),
    ("建筑拉圾", TAGS, "建筑垃圾"),
    ("无废小去", TAGS, "无废小区"),
    ("医疗費物", TAGS, "医疗废物"),
    ("区县动太", SECTIONS, "区县动态"),
    ("工作动泰", SECTIONS, "工作动态"),
    ("经验借签", SECTIONS, "经验借鉴"),
    ("tittle", FIELDS, "title"),
    ("districs", FIELDS, "districts"),
    ("date_presision", FIELDS, "date_precision"),
]


@pytest.mark.parametrize("typed, vocabulary, expected", TYPOS, ids=[t[0] for t in TYPOS])
def test_typo_gets_the_right_first_suggestion(typed, vocabulary, expected):
    assert best_match(typed, vocabulary) == expected


def test_the_typo_table_is_large_and_nothing_far_is_suggested():
    assert len(TYPOS) >= 30
    assert best_match("火星基地", DISTRICTS) is None
    assert best_match("太空探索", TAGS) is None


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages_with_the_same_placeholders(key):
    zh, en = MESSAGES[key]
    assert zh and en and _placeholders(zh) == _placeholders(en), key


def test_chinese_is_the_default_and_english_is_on_request(monkeypatch):
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "BULLETIN_LANG"):
        monkeypatch.delenv(variable, raising=False)
    set_language(None)
    assert language() == "zh"
    monkeypatch.setenv("LANG", "C.UTF-8")  # CI runners: still Chinese
    assert language() == "zh"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert language() == "en"
    monkeypatch.setenv("BULLETIN_LANG", "zh")
    assert language() == "zh"
    set_language("en")
    assert language() == "en"
    set_language(None)


def _broken(tmp_path, line: str):
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    item = sorted((archive / "2020-008").glob("15-*.md"))[0]
    item.write_text(item.read_text("utf-8").replace("districts: [沙坪坝区]", line), encoding="utf-8")
    return archive


def test_check_speaks_chinese_and_english_on_request(tmp_path, capsys):
    archive = _broken(tmp_path, "districts: [北倍区]")
    assert main(["check", "--archive", str(archive)]) == 1
    out = capsys.readouterr()
    assert "districts: 未知的区县“北倍区” (是不是要写“北碚区”？)" in out.out
    assert "共 1 期 21 条动态；1 个错误，0 个警告" in out.err
    assert main(["--lang", "en", "check", "--archive", str(archive)]) == 1
    out = capsys.readouterr()
    assert "districts: unknown district '北倍区' (did you mean 北碚区?)" in out.out
    assert "21 items in 1 issues; 1 error(s), 0 warning(s)" in out.err


def test_angle_brackets_in_plain_text_are_fine(tmp_path, capsys):
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    item = sorted((archive / "2020-008").glob("15-*.md"))[0]
    item.write_text(item.read_text("utf-8") + "\n达标率 a < b，且 c > d；PM2.5<35。\n", encoding="utf-8")
    assert main(["check", "--archive", str(archive)]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("name, data, kind", [
    ("简报.doc", b"\xd0\xcf\x11\xe0" + b"\0" * 64, "Word 97-2003"),
    ("简报.wps", b"\xd0\xcf\x11\xe0" + b"\0" * 64, "WPS"),
    ("简报.txt", b"\xd0\xcf\x11\xe0" + b"\0" * 64, "Word/WPS"),  # renamed, still OLE2
])
def test_a_damaged_office_file_gets_a_specific_hint(tmp_path, capsys, name, data, kind):
    """Not a document at all (zeros after the OLE2 signature): LibreOffice cannot convert it, and staff read which
    kind of file failed and what to do; without LibreOffice, which package to install."""
    source = tmp_path / name
    source.write_bytes(data)
    assert main(["import", str(source), "--into", str(tmp_path / "issues")]) == 1
    err = capsys.readouterr().err
    expected = f"LibreOffice 无法转换这个 {kind} 文件" if soffice() else f"{kind} 文件需要 LibreOffice"
    assert expected in err and ("另存为 .docx" in err) and "Traceback" not in err


def test_python_dash_m_runs_every_staff_command(tmp_path):
    """Windows staff may have no `bulletin` on PATH: `python -m bulletin` is the same program."""
    env = {**os.environ, "PYTHONIOENCODING": "gbk"}  # a legacy console encoding: Chinese must still print
    env.pop("BULLETIN_LANG", None)
    archive = _broken(tmp_path, "districts: [沙平坝]")
    run = subprocess.run([sys.executable, "-m", "bulletin", "check", "--archive", str(archive)],
                         capture_output=True, env=env, cwd=tmp_path)
    assert run.returncode == 1
    assert "是不是要写“沙坪坝区”？" in run.stdout.decode("utf-8"), run.stdout
    run = subprocess.run([sys.executable, "-m", "bulletin", "--help"], capture_output=True, env=env)
    assert run.returncode == 0 and "检查档案" in run.stdout.decode("utf-8")
