"""`bulletin inbox`: an uploaded PDF becomes the issue folder, committed, with a summary for the reviewers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bulletin.cli import main

from .conftest import REPO, SEED
from .pdfmaker import make_pdf


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=测试", "-c", "user.email=t@example.org", *args], cwd=cwd,
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository as on the upload branch: the archive, and the circulated PDF in inbox/."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "issues", root / "issues")
    (root / "inbox").mkdir()
    make_pdf(SEED.read_text("utf-8"), root / "inbox" / "渝环简报第8期.pdf")
    _git(root, "init", "-q")
    _git(root, "config", "user.name", "测试")
    _git(root, "config", "user.email", "t@example.org")
    return root


def _run(root: Path, *extra: str) -> tuple[int, str]:
    summary = root.parent / "summary.md"
    code = main(["inbox", "--inbox", str(root / "inbox"), "--archive", str(root / "issues"), "--summary",
                 str(summary), *extra])
    return code, summary.read_text("utf-8")


def test_an_uploaded_pdf_becomes_the_issue_with_a_summary(repo, tmp_path):
    shutil.rmtree(repo / "issues" / "2020-008")  # a new issue
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "upload")
    code, summary = _run(repo, "--commit")
    assert code == 0
    assert not (repo / "inbox" / "渝环简报第8期.pdf").exists()
    assert _git(repo, "status", "--porcelain") == ""  # everything committed
    assert "导入简报：第8期" in _git(repo, "log", "-1", "--format=%s")
    # the same files as importing the text of the same bulletin
    text_into = tmp_path / "text"
    shutil.copytree(REPO / "issues", text_into, ignore=shutil.ignore_patterns("20*"))
    assert main(["import", str(SEED), "--into", str(text_into)]) == 0
    ours = sorted(p.name for p in (repo / "issues" / "2020-008").iterdir())
    assert ours == sorted(p.name for p in (text_into / "2020-008").iterdir())
    for name in set(ours) - {"source.txt"}:
        assert (repo / "issues/2020-008" / name).read_bytes() == (text_into / "2020-008" / name).read_bytes()
    assert main(["check", "--archive", str(repo / "issues")]) == 0
    rows = [line for line in summary.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == 22
    assert ("| 15 | 沙坪坝区“无废学校”创建活动丰富多彩 | 区县动态 | 2020-08-03（未写日期，取印发日期） | 沙坪坝区 |"
            in summary)
    assert "| 19 | 永川区政府赴徐州市考察学习“无废城市”试点经验 | 区县动态 | 2020-07-22（多日，取首日） |" in summary
    assert summary.count("- 第 ") == 3 and "采用正文的顺序" in summary  # the three importer warnings


def test_a_new_upload_of_the_same_issue_keeps_hand_edits(repo):
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "re-upload")
    before = {p.name: p.read_bytes() for p in (repo / "issues" / "2020-008").iterdir() if p.suffix == ".md"}
    code, summary = _run(repo, "--commit")
    assert code == 0
    after = {p.name: p.read_bytes() for p in (repo / "issues" / "2020-008").iterdir() if p.suffix == ".md"}
    assert after == before  # same file names (slugs kept); reviewed tags were edited by hand, so kept
    assert "已有手工修改，没有覆盖" in summary


def test_a_file_that_cannot_be_imported_is_reported_and_stays(repo):
    (repo / "inbox" / "旧格式.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64)
    (repo / "inbox" / "渝环简报第8期.pdf").unlink()
    code, summary = _run(repo)
    assert code == 1
    assert "### ❌ `旧格式.doc`" in summary and "另存为 .docx" in summary
    assert (repo / "inbox" / "旧格式.doc").exists()


def test_an_empty_inbox_says_so(tmp_path):
    (tmp_path / "inbox").mkdir()
    summary = tmp_path / "s.md"
    assert main(["inbox", "--inbox", str(tmp_path / "inbox"), "--archive", str(REPO / "issues"),
                 "--summary", str(summary)]) == 0
    assert "没有要导入的文件" in summary.read_text("utf-8")
