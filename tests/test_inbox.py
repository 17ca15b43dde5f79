"""`bulletin inbox`: an uploaded PDF becomes the issue folder (the PDF moved into it), committed, with a summary."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from bulletin.cli import main

from .conftest import REPO, SEED, TEST_ARCHIVE, issue_files
from .pdfmaker import make_pdf


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=测试", "-c", "user.email=t@example.org", *args], cwd=cwd,
                          check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path) -> Path:
    """A repository as on the upload branch: the archive, and the circulated PDF in inbox/."""
    root = tmp_path / "repo"
    shutil.copytree(TEST_ARCHIVE, root / "issues")
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
    upload = (repo / "inbox" / "渝环简报第8期.pdf").read_bytes()
    code, summary = _run(repo, "--commit")
    assert code == 0
    assert not (repo / "inbox" / "渝环简报第8期.pdf").exists()
    assert _git(repo, "status", "--porcelain") == ""  # everything committed
    assert "导入简报：第8期" in _git(repo, "log", "-1", "--format=%s")
    # moved, not deleted: the upload is the issue's original, committed in its folder under the fixed name
    moved = _git(repo, "-c", "core.quotePath=false", "show", "--name-status", "-M", "--format=", "HEAD").splitlines()
    assert "R100\tinbox/渝环简报第8期.pdf\tissues/2020-008/source.pdf" in moved
    assert (repo / "issues/2020-008/source.pdf").read_bytes() == upload
    assert "  name: 渝环简报第8期.pdf\n" in (repo / "issues/2020-008/issue.yml").read_text("utf-8")
    # the same files as importing the text of the same bulletin (but the original and its record)
    text_into = tmp_path / "text"
    shutil.copytree(TEST_ARCHIVE, text_into, ignore=shutil.ignore_patterns("20*"))
    assert main(["import", str(SEED), "--into", str(text_into)]) == 0
    assert issue_files(repo / "issues" / "2020-008") == issue_files(text_into / "2020-008")
    assert main(["check", "--archive", str(repo / "issues")]) == 0
    rows = [line for line in summary.splitlines() if line.startswith("| ") and line[2].isdigit()]
    assert len(rows) == 22
    assert ("| 15 | 沙坪坝区“无废学校”创建活动丰富多彩 | 区县动态 | 2020-08-03（未写日期，取印发日期） | 沙坪坝区 |"
            in summary)
    assert "| 19 | 永川区政府赴徐州市考察学习“无废城市”试点经验 | 区县动态 | 2020-07-22（多日，取首日） |" in summary
    assert summary.count("\n- 第") == 3 and "采用正文的顺序" in summary  # the three importer warnings, by page
    ledger = next(line for line in summary.splitlines() if line.startswith("原文 "))  # every character counted
    assert ledger.endswith("未归属 0") and "入档 4,807" in ledger and "页眉页脚" in ledger


def test_a_new_upload_of_the_same_issue_keeps_hand_edits(repo):
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "re-upload")
    meta = repo / "issues" / "2020-008" / "issue.yml"
    before = {p.name: p.read_bytes() for p in (repo / "issues" / "2020-008").iterdir() if p.suffix == ".md"}
    fields = meta.read_text("utf-8")
    code, summary = _run(repo, "--commit")
    assert code == 0
    after = {p.name: p.read_bytes() for p in (repo / "issues" / "2020-008").iterdir() if p.suffix == ".md"}
    assert after == before  # same file names (slugs kept); reviewed tags were edited by hand, so kept
    assert "已有手工修改，没有覆盖" in summary
    # the issue had no original yet: the upload becomes it, and the kept issue.yml gains only its record
    assert meta.read_text("utf-8").startswith(fields) and "original:\n  file: source.pdf\n" in meta.read_text("utf-8")
    assert not (repo / "inbox" / "渝环简报第8期.pdf").exists()
    assert main(["check", "--archive", str(repo / "issues")]) == 0


def test_a_different_original_for_the_same_issue_stays_in_the_inbox(repo):
    make_pdf(SEED.read_text("utf-8"), repo / "issues" / "2020-008" / "source.pdf")  # an earlier upload
    assert main(["import", str(repo / "issues" / "2020-008" / "source.pdf"), "--into", str(repo / "issues"),
                 "--force"]) == 0
    first = (repo / "issues" / "2020-008" / "source.pdf").read_bytes()
    make_pdf(SEED.read_text("utf-8").replace("唐良智", "唐良智 "), repo / "inbox" / "渝环简报第8期.pdf")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "another upload")
    code, summary = _run(repo, "--commit")
    assert code == 0
    assert (repo / "issues" / "2020-008" / "source.pdf").read_bytes() == first  # kept, like any differing file
    assert (repo / "inbox" / "渝环简报第8期.pdf").exists()  # and the upload is not lost
    assert "`source.pdf`" in summary and "留在 inbox/ 中" in summary
    assert main(["check", "--archive", str(repo / "issues")]) == 0


def test_a_symbolic_link_in_the_inbox_is_not_imported(repo, tmp_path):
    secret = tmp_path / "secret.pdf"
    shutil.move(repo / "inbox" / "渝环简报第8期.pdf", secret)
    (repo / "inbox" / "渝环简报第8期.pdf").symlink_to(secret)
    code, summary = _run(repo)
    assert code == 0 and "没有要导入的文件" in summary
    assert "- ⏭️ `渝环简报第8期.pdf`：是符号链接，没有读取也没有导入" in summary  # said, not silently skipped
    assert not (repo / "issues" / "2020-008" / "source.pdf").exists()


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
    assert main(["inbox", "--inbox", str(tmp_path / "inbox"), "--archive", str(TEST_ARCHIVE),
                 "--summary", str(summary)]) == 0
    assert "没有要导入的文件" in summary.read_text("utf-8")


def test_an_item_the_check_refuses_is_still_listed_with_its_problem(repo):
    """2021-012's 他山之石 item is about 杭州市, not yet in districts.yml: its row and the check's problem (with the
    line to add) are in the summary, not dropped with the item."""
    (repo / "inbox" / "渝环简报第8期.pdf").unlink()
    shutil.copy(REPO / "tests" / "fixtures" / "bulletin-2021-012.txt", repo / "inbox" / "第12期.txt")
    code, summary = _run(repo)
    assert code == 0
    assert "| 6 | 杭州市推进“无废城市”数字化管理 | 他山之石 | ⚠ 有问题" in summary
    assert "06-hangzhou-tuijin-wufei-chengshi-shuzihua.md:6: districts: 未知的区县“杭州市”" in summary
    assert "- {name: 杭州市, slug: hangzhou, kind: 外地, aliases: [杭州], region: 外地}" in summary


def test_one_bad_upload_fails_alone_and_every_file_is_named(repo):
    """The good upload is imported and committed, the damaged one stays (tracked) in inbox/, and the summary has
    one line for each entry of the inbox but its README."""
    shutil.rmtree(repo / "issues" / "2020-008")
    (repo / "inbox" / "坏文件.docx").write_bytes(b"PK\x03\x04 not a document")
    (repo / "inbox" / "README.md").write_text("说明\n", "utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "two uploads")
    code, summary = _run(repo, "--commit")
    assert code == 1  # the workflow marks the run failed, after pushing what was imported
    tracked = _git(repo, "-c", "core.quotePath=false", "ls-files").splitlines()
    assert "inbox/坏文件.docx" in tracked and "issues/2020-008/source.pdf" in tracked
    assert "inbox/渝环简报第8期.pdf" not in tracked and _git(repo, "status", "--porcelain") == ""
    rows = [line for line in summary.splitlines() if line.startswith("- ") and "`：" in line]
    assert rows == ["- ❌ `坏文件.docx`：没有导入，文件留在 inbox/ 中，原因见下方",
                    "- ✅ `渝环简报第8期.pdf`：已导入为第8期（`2020-008`），上传的文件已移入期刊文件夹，详见下方"]
    assert "### ❌ `坏文件.docx`" in summary and "### 渝环简报第8期（`2020-008`）← `渝环简报第8期.pdf`" in summary
