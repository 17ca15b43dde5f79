"""Hostile uploads and file names: the inbox's git calls read every path literally, names
with control characters or that are not UTF-8 are refused, one file fails alone and the summary is always written;
`bulletin check --format github` escapes workflow commands as GitHub documents."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bulletin.archive.problems import Problem, Problems, github_data, github_property
from bulletin.cli import main
from bulletin.importer import inbox as inbox_module
from bulletin.importer.inbox import name_problem, run_inbox

from .conftest import REPO, TEST_ARCHIVE

TEXT = REPO / "tests" / "fixtures" / "bulletin-2021-012.txt"  # a new issue (2021-012) beside the tracked 2020-008
ISSUE = "2021-012"


def _git(cwd: Path, *args: str) -> str:
    identity = ["-c", "user.name=测试", "-c", "user.email=t@example.org", "-c", "core.quotePath=false"]
    return subprocess.run(["git", *identity, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def _tracked(root: Path) -> set[str]:
    return set(_git(root, "ls-files", "-z").split("\0")) - {""}


@pytest.fixture
def repo(tmp_path) -> Path:
    """A committed repository as on the upload branch, with .txt files an unquoted pathspec would match."""
    root = tmp_path / "repo"
    shutil.copytree(TEST_ARCHIVE, root / "issues")
    (root / "inbox").mkdir()
    shutil.copy(REPO / "inbox" / "README.md", root / "inbox" / "README.md")
    (root / "notes.txt").write_text("decoy\n", "utf-8")
    (root / "docs").mkdir()
    (root / "docs" / "guide.txt").write_text("decoy\n", "utf-8")
    _git(root, "init", "-q")
    _git(root, "config", "user.name", "测试")
    _git(root, "config", "user.email", "t@example.org")
    return root


def _commit_all(root: Path) -> None:
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "upload")


def _run(root: Path, *extra: str) -> tuple[int, str]:
    summary = root.parent / "summary.md"
    summary.unlink(missing_ok=True)
    code = main(["inbox", "--inbox", str(root / "inbox"), "--archive", str(root / "issues"), "--summary",
                 str(summary), *extra])
    return code, summary.read_text("utf-8")


def _rows(summary: str) -> list[str]:
    """The overview: one line per entry of the inbox."""
    return [line for line in summary.splitlines() if line.startswith(("- ✅ ", "- ⚠️ ", "- ❌ ", "- ⏭️ "))]


# --- git: every path literal, after `--` -------------------------------------------------------------------------

@pytest.mark.parametrize("name", [":(top)*.txt", ":(top,icase)*.TXT", "*.txt", "--all.txt", "-r.txt",
                                  "--ignore-unmatch.txt", ":!README.md.txt", "[st]*.txt"])
def test_a_name_that_is_pathspec_magic_or_an_option_is_only_itself(repo, name):
    """`:(top)*.txt` given to the old `git rm` unstaged every tracked .txt (issues/2020-008/source.txt too) in the
    bot's commit; `--all.txt` was read as an option. Now each is that one file, moved into its issue."""
    shutil.copy(TEXT, repo / "inbox" / name)
    _commit_all(repo)
    before = _tracked(repo)
    code, summary = _run(repo, "--commit")
    assert code == 0
    after = _tracked(repo)
    assert before - after == {f"inbox/{name}"}  # the upload moved; no other tracked file deleted
    assert {"issues/2020-008/source.txt", "notes.txt", "docs/guide.txt", "inbox/README.md"} <= after
    assert f"issues/{ISSUE}/source.txt" in after and not (repo / "inbox" / name).exists()
    assert _git(repo, "status", "--porcelain") == ""
    assert "导入简报：第12期" in _git(repo, "log", "-1", "--format=%s")
    assert _rows(summary) == [f"- ✅ `{name}`：已导入为第12期（`{ISSUE}`），上传的文件已移入期刊文件夹，详见下方"]


# --- names refused before anything reads them ---------------------------------------------------------------------

@pytest.mark.parametrize(("name", "shown"), [
    ("第12期\n::stop-commands::x.txt", "第12期\\x0a::stop-commands::x.txt"),
    ("第12期\r.txt", "第12期\\x0d.txt"),
    ("\x1b[31m红\x1b[0m.txt", "\\x1b[31m红\\x1b[0m.txt"),
    ("del\x7f.txt", "del\\x7f.txt"),
    ("txt.\u202efdp", "txt.\\u202efdp"),  # shows as "pdf.txt" reversed
    ("第12期\u2028.txt", "第12期\\u2028.txt"),
    ("bad\x85.txt", "bad\\x85.txt"),  # C1 NEL
])
def test_a_name_with_a_control_character_is_refused_alone(repo, name, shown):
    shutil.copy(TEXT, repo / "inbox" / name)
    shutil.copy(TEXT, repo / "inbox" / "第12期.txt")  # a good upload in the same run
    _commit_all(repo)
    before = _tracked(repo)
    code, summary = _run(repo, "--commit")
    assert code == 1  # the refused name fails the run ...
    assert before - _tracked(repo) == {"inbox/第12期.txt"}  # ... but the good upload was imported and committed
    assert (repo / "inbox" / name).read_bytes() == TEXT.read_bytes()  # the refused one untouched
    assert f"- ❌ `{shown}`：文件名含有控制字符" in summary and "请改名后重新上传" in summary
    assert "- ✅ `第12期.txt`：已导入为第12期" in summary
    assert not any(c in summary for c in "\r\x1b\x7f\x85\u202e\u2028")  # the raw name appears nowhere
    assert "\n::" not in summary


def test_a_name_that_is_not_utf8_is_refused_and_the_summary_is_still_written(repo):
    raw = os.fsencode(repo / "inbox") + b"/\xb5\xda12\xc6\xda.txt"  # 第12期 in GBK, as an old Windows zip keeps it
    with open(raw, "wb") as out:
        out.write(TEXT.read_bytes())
    shutil.copy(TEXT, repo / "inbox" / "第12期.txt")
    code, summary = _run(repo)
    assert code == 1
    assert "- ❌ `\\xb5\\xda12\\xc6\\xda.txt`：文件名不是有效的 UTF-8 编码" in summary
    assert "- ✅ `第12期.txt`：已导入为第12期" in summary
    assert os.path.exists(raw)


def test_name_problems():
    assert name_problem("渝环简报第9期（修改稿）.pdf") is None
    assert name_problem("--force :(top) *?[].pdf") is None  # odd, but safe once git reads it literally
    for bad in ("a\0b.pdf", "a\tb.pdf", "a\nb", "\x1b.pdf", "a\u200fb.pdf", "a\u2066b.pdf", "a\ufffe.pdf",
                "a\U0001ffff.pdf", "a\ufdd0.pdf"):
        assert name_problem(bad) == "control", repr(bad)
    assert name_problem("a\udcff.pdf") == "not_utf8"


def test_a_name_with_markdown_stays_a_name(repo):
    name = "a`b`[点我](javascript:alert(1))<img src=x>@everyone.txt"
    shutil.copy(TEXT, repo / "inbox" / name)
    code, summary = _run(repo)
    assert code == 0
    assert f"- ✅ ``{name}``：已导入为第12期" in summary  # one code span: no link, no HTML, no mention
    assert f"← ``{name}``" in summary


# --- one file fails alone; the summary is always written -----------------------------------------------------------

def test_an_unexpected_exception_fails_that_file_alone(repo, monkeypatch, capsys):
    real = inbox_module.import_file

    def import_file(path, archive, *args):
        if path.name == "坏.txt":
            raise RuntimeError("内部错误\n::error file=issues/districts.yml,line=1::injected")
        return real(path, archive, *args)

    monkeypatch.setattr(inbox_module, "import_file", import_file)
    for name in ("坏.txt", "第12期.txt"):
        shutil.copy(TEXT, repo / "inbox" / name)
    _commit_all(repo)
    before = _tracked(repo)
    code, summary = _run(repo, "--commit")
    assert code == 1
    assert before - _tracked(repo) == {"inbox/第12期.txt"}
    assert (repo / "inbox" / "坏.txt").exists()
    assert ("- ❌ `坏.txt`：导入时出现意外错误（RuntimeError: 内部错误\\\\x0a::error file=issues/districts.yml,"
            "line=1::injected），这个文件没有导入，留在 inbox/ 中；其他文件不受影响") in summary
    assert "Traceback" not in summary and "inbox.py" not in summary
    err = capsys.readouterr().err  # the CI log has the traceback, with the message on one line
    assert "import_file" in err and "内部错误\\x0a::error" in err
    assert not any(line.lstrip().startswith("::") for line in err.splitlines())


def test_when_git_fails_nothing_leaves_the_inbox_and_the_summary_is_written(repo):
    shutil.copy(TEXT, repo / "inbox" / "第12期.txt")
    _commit_all(repo)
    head, before = _git(repo, "rev-parse", "HEAD"), _tracked(repo)
    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'hook says no' >&2\nexit 1\n", "utf-8")
    hook.chmod(0o755)
    code, summary = _run(repo, "--commit")
    assert code == 1
    assert (repo / "inbox" / "第12期.txt").read_bytes() == TEXT.read_bytes()  # not removed: nothing committed
    assert _git(repo, "rev-parse", "HEAD") == head and _tracked(repo) == before
    assert _git(repo, "diff", "--cached", "--name-only") == ""  # the index left as it was
    assert "- ❌ `第12期.txt`：已导入为第12期（`2021-012`），但提交失败（git commit: hook says no）" in summary
    assert "| 6 | 杭州市推进“无废城市”数字化管理 |" in summary  # what was imported, for the reviewers
    hook.unlink()  # the next run (git working again) commits it
    code, summary = _run(repo, "--commit")
    assert code == 0 and not (repo / "inbox" / "第12期.txt").exists()
    assert before - _tracked(repo) == {"inbox/第12期.txt"}


def test_without_a_repository_the_commit_fails_and_the_summary_is_written(tmp_path, monkeypatch):
    root = tmp_path / "plain"
    shutil.copytree(TEST_ARCHIVE, root / "issues")
    (root / "inbox").mkdir()
    shutil.copy(TEXT, root / "inbox" / "第12期.txt")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # (no repository above it either)
    code, summary = _run(root, "--commit")
    assert code == 1 and (root / "inbox" / "第12期.txt").exists()
    assert "但提交失败（git " in summary and "上传的文件留在 inbox/ 中" in summary


def test_staged_changes_of_someone_else_are_not_committed_with_the_upload(repo):
    shutil.copy(TEXT, repo / "inbox" / "第12期.txt")
    _commit_all(repo)
    (repo / "notes.txt").write_text("staged by hand\n", "utf-8")
    _git(repo, "add", "notes.txt")
    code, summary = _run(repo, "--commit")
    assert code == 1 and (repo / "inbox" / "第12期.txt").exists()
    assert "暂存区里已有与本次导入无关的改动" in summary
    assert _git(repo, "diff", "--cached", "--name-only") == "notes.txt\n"


# --- what is not a regular file is never read, and is named ---------------------------------------------------------

def test_links_folders_fifos_and_other_types_are_named_never_read(repo, tmp_path):
    secret = tmp_path / "token.txt"
    secret.write_text("TOKEN=ghp_notarealtoken1234567890\n" * 3, "utf-8")
    (repo / "inbox" / "第12期.txt").symlink_to(secret)
    (repo / "inbox" / "dangling.pdf").symlink_to(tmp_path / "missing.pdf")
    (repo / "inbox" / "loop.pdf").symlink_to(repo / "inbox" / "loop.pdf")
    (repo / "inbox" / "上传的文件夹").mkdir()
    os.mkfifo(repo / "inbox" / "pipe.txt")  # opened, it would block forever
    (repo / "inbox" / "照片.jpg").write_bytes(b"\xff\xd8")
    code, summary = _run(repo)
    assert code == 0 and "没有要导入的文件" in summary
    assert "ghp_" not in summary and "TOKEN" not in summary
    assert sorted(_rows(summary)) == sorted([
        "- ⏭️ `第12期.txt`：是符号链接，没有读取也没有导入（只导入直接上传的文件）",
        "- ⏭️ `dangling.pdf`：是符号链接，没有读取也没有导入（只导入直接上传的文件）",
        "- ⏭️ `loop.pdf`：是符号链接，没有读取也没有导入（只导入直接上传的文件）",
        "- ⏭️ `上传的文件夹`：是文件夹，没有处理：请把简报文件直接上传到 inbox/ 中",
        "- ⏭️ `pipe.txt`：不是普通文件，没有读取也没有导入",
        "- ⏭️ `照片.jpg`：不是可导入的文件类型（.pdf、.docx、.txt、.doc、.wps、.rtf、.odt、.wpt、.dot、.ofd），"
        "没有处理，留在 inbox/ 中",
    ])
    assert not (repo / "issues" / ISSUE).exists()


def test_an_inbox_that_is_a_link_is_not_read(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(TEXT, elsewhere / "第12期.txt")
    (tmp_path / "inbox").symlink_to(elsewhere)
    run = run_inbox(tmp_path / "inbox", tmp_path / "issues")
    assert not run.ok and "inbox/ 是一个符号链接，没有读取" in run.summary
    assert (elsewhere / "第12期.txt").exists() and not (tmp_path / "issues").exists()


# --- workflow commands ---------------------------------------------------------------------------------------------

def _unescape(text: str) -> str:
    return text.replace("%3A", ":").replace("%2C", ",").replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _commands(output: str) -> list[tuple[str, dict[str, str], str]]:
    """What the Actions runner reads: every line that starts with `::` (after blanks) is a command."""
    commands = []
    for line in re.split(r"\r\n|\r|\n", output):
        line = line.lstrip()
        if not line.startswith("::"):
            continue
        head, _, data = line[2:].partition("::")
        name, _, props = head.partition(" ")
        fields = dict(pair.split("=", 1) for pair in props.split(",") if "=" in pair)
        commands.append((name, {k: _unescape(v) for k, v in fields.items()}, _unescape(data)))
    return commands


def test_github_escaping_is_as_documented():
    assert github_data("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext: a,b"
    assert github_property("100% done\r\nnext: a,b") == "100%25 done%0D%0Anext%3A a%2Cb"
    assert github_property("%0A") == "%250A"  # an escape already in the text stays text


HOSTILE_PATHS = [
    "issues/2020-008/15-x\n::stop-commands::pause\n::error file=README.md,line=1::forged.md",
    "issues/2020-008/a,line=99,title=forged.md",
    "issues/2020-008/a::b.md",
    "issues/2020-008/%0A::error::forged.md",
    "issues/2020-008/a\r::warning::forged.md",
]


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_an_annotation_is_one_command_on_its_own_file(path):
    problems = Problems()
    problems.error(path, 6, "districts,x\n::error::y", "未知的区县“a\n::stop-commands::t”", "hint%0A\r\nz")
    problems.warning(path, 7, "title", "ok")
    output = problems.render("github")
    commands = _commands(output)
    assert [c[0] for c in commands] == ["error", "warning"]  # no stop-commands, nothing forged
    (_, error, message), (_, warning, _) = commands
    assert error == {"file": path, "line": "6", "title": "districts,x\n::error::y"}  # exactly what the runner gets back
    assert message == "未知的区县“a\n::stop-commands::t” (hint%0A\r\nz)"
    assert warning["file"] == path
    text = problems.render("text")  # the text format (build logs) is one line per problem too
    assert len(text.splitlines()) == 2 and not _commands(text) and "\r" not in text


def test_a_problem_printed_as_text_shows_control_characters():
    assert Problem("a\x1b[2Jb.md", 1, "title", "x\u202ey").as_text() == "a\\x1b[2Jb.md:1: title: x\\u202ey"


def test_check_with_a_hostile_file_name_annotates_only_real_files(tmp_path, capsys):
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    item = sorted((archive / "2020-008").glob("15-*.md"))[0]
    text = item.read_text("utf-8").replace("[沙坪坝区]", "[沙平坝区]")
    item.write_text(text, encoding="utf-8")
    for hostile in HOSTILE_PATHS:
        (archive / "2020-008" / hostile.rsplit("/", 1)[1]).write_text(text, encoding="utf-8")
    main(["check", "--archive", str(archive), "--format", "github"])
    output = capsys.readouterr().out
    commands = _commands(output)
    assert commands and {name for name, _, _ in commands} <= {"error", "warning"}
    real = {f"issues/{p.relative_to(archive).as_posix()}" for p in archive.rglob("*")} | {"issues"}
    for _, fields, data in commands:
        assert fields["file"] in real, fields  # an annotation on a file that exists: none forged
        assert fields["line"] != "99" and data != "forged.md"
    assert len(output.strip().splitlines()) == len(commands)  # every line of the output is one whole command


def test_changed_never_takes_an_option_for_a_revision(tmp_path, capsys):
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "archive")
    out = tmp_path / "written-by-git"
    assert main(["check", "--archive", str(archive), f"--changed=--output={out}"]) == 1
    assert not out.exists() and "--changed --output=" in capsys.readouterr().err
    named = archive / "2020-008" / "30-换行\n名字.md"  # a new file with an odd name is still found and checked
    named.write_text("---\ntitle: x\n---\n", "utf-8")
    assert main(["check", "--archive", str(archive), "--changed", "--format", "github"]) == 1
    assert "30-换行%0A名字.md" in capsys.readouterr().out
