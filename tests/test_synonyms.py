"""issues/synonyms.yml: checked by `bulletin check` like the other vocabularies — each mistake at its
own line, in Chinese, with what to write — and written folded into search/meta.json for the browser."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bulletin.archive.load import load_archive
from bulletin.archive.problems import Problems
from bulletin.cli import main
from bulletin.search.writer import write_search_index

from .conftest import TEST_ARCHIVE

CASES = [  # (id, file text, line, words in the report)
    ("not-a-list", "危废: 危险废物\n", 1, "应为一组组同义词的列表"),
    ("one-word", "- [危废, 危险废物]\n- [医废]\n", 2, "一组至少要有两个不同的词"),
    ("same-word-twice-in-a-group", "- [医废, 医废]\n", 1, "一组至少要有两个不同的词"),
    ("two-words-in-one", "- [危 废, 危险废物]\n", 1, "“危 废”不是一个词"),
    ("punctuation", "- [危废, 危险废物。]\n", 1, "不是一个词"),
    ("a-mapping", "- [危废, 危险废物]\n\n- {危废: 危险废物}\n", 3, "这一组应写成词的列表"),
    ("in-two-groups", "- [危废, 危险废物]\n- [固废, 固体废物]\n- [危废, 有害废物]\n", 3, "“危废”已经在第 1 行的一组里"),
    ("too-long", "- [危废, " + "危" * 21 + "]\n", 1, "太长"),
    ("yaml-syntax", "- [危废, 危险废物\n", 2, "缺少逗号或右方括号"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_a_mistake_is_reported_at_its_line(case, tmp_path, capsys):
    _, text, line, words = case
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    (archive / "synonyms.yml").write_text(text, encoding="utf-8")
    assert main(["check", "--archive", str(archive)]) == 1
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    reports = [x for x in out.out.splitlines() if x.startswith("issues/synonyms.yml:")]
    assert len(reports) == 1, out.out
    assert reports[0].startswith(f"issues/synonyms.yml:{line}:"), reports
    assert words in reports[0], reports


def test_the_repos_file_is_clean_and_optional(tmp_path, capsys):
    assert main(["check", "--archive", str(TEST_ARCHIVE)]) == 0, capsys.readouterr().out
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    (archive / "synonyms.yml").unlink()
    assert main(["check", "--archive", str(archive)]) == 0, capsys.readouterr().out
    assert load_archive(archive, Problems()).synonyms == ()


def test_groups_reach_the_browser_folded(tmp_path):
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    (archive / "synonyms.yml").write_text("- [危廢, 危险废物]\n- [PVC, 聚氯乙烯]\n", encoding="utf-8")
    problems = Problems()
    loaded = load_archive(archive, problems)
    assert not problems.errors
    write_search_index(loaded, tmp_path / "site")
    meta = json.loads(Path(tmp_path / "site" / "search" / "meta.json").read_text(encoding="utf-8"))
    assert meta["syn"] == [["危废", "危险废物"], ["pvc", "聚氯乙烯"]]
