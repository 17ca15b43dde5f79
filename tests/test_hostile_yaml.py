"""Hostile YAML, vocabularies and archive files, as a pull request from a fork could bring them: every attack ends
within seconds and a few hundred MB with a Chinese `file:line: field: message`, never a traceback, a hang or a
silent change. The corpus is generated here (small on disk); each attack runs `bulletin check` in its own process
under a time and an address-space limit, so one that still expanded or looped would fail by itself."""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from bulletin.archive.problems import Problems
from bulletin.archive.yamlio import parse_yaml

from .conftest import GOOD_ITEM, GOOD_ITEM_TEXT, TEST_ARCHIVE, build, make_project, new_issue

LIMIT_SECONDS = 20.0  # a check of the seed archive takes ~1 s; none of these may take much longer
LIMIT_MEMORY = 1 << 30  # address space: an expansion or a copy per line would hit it at once
PEAK_MEMORY = 400 << 20  # resident memory the check may reach on any attack

ITEM = GOOD_ITEM
ISSUE = "issues/2020-008/issue.yml"
DISTRICTS = "issues/districts.yml"
TAGS = "issues/tags.yml"
GOOD = GOOD_ITEM_TEXT
# the billion laughs, ~300 bytes: nine lists of nine references to the list before (9⁹ strings once expanded)
BOMB = "[&a [lol,lol,lol,lol,lol,lol,lol,lol,lol], " + ", ".join(
    f"&{b} [{','.join([f'*{a}'] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi")) + "]"
BIG_ITEM = 600_000  # bytes: over the item cap (512 KiB); the issue's attack was 50 MB, bench with ATTACK_SCALE
SCALE = int(os.environ.get("ATTACK_SCALE", "1"))


def swap(old: str, new: str) -> str:
    assert old in GOOD
    return GOOD.replace(old, new, 1)


def write(archive: Path, rel: str, text: str | bytes) -> None:
    path = archive.parent / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


def item(text: str | bytes, rel: str = ITEM) -> Callable[[Path], None]:
    return lambda archive: write(archive, rel, text)


def issue_line(old: str, new: str) -> Callable[[Path], None]:
    def plant(archive: Path) -> None:
        path = archive / "2020-008" / "issue.yml"
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return plant


def vocabulary_line(file: str, line: int, entry: str) -> Callable[[Path], None]:
    """`entry` inserted as line `line` of districts.yml / tags.yml (the first entry's line: before every other)."""
    def plant(archive: Path) -> None:
        path = archive / file
        lines = path.read_text("utf-8").split("\n")
        assert lines[line - 1].startswith("- ")
        path.write_text("\n".join([*lines[: line - 1], entry, *lines[line - 1:]]), encoding="utf-8")
    return plant


def district(entry: str) -> Callable[[Path], None]:
    return vocabulary_line("districts.yml", 9, entry)  # after the header comments, before 重庆市


def tag(entry: str) -> Callable[[Path], None]:
    return vocabulary_line("tags.yml", 2, entry)


def new_district(**fields: str) -> str:
    fields = {"name": "新设区", "slug": "xinshe", "kind": "区", "region": "市级", **fields}
    return "- {" + ", ".join(f"{k}: {v}" for k, v in fields.items()) + "}"


def both(*plants: Callable[[Path], None]) -> Callable[[Path], None]:
    return lambda archive: [plant(archive) for plant in plants]


def symlink(rel: str, target: str) -> Callable[[Path], None]:
    def plant(archive: Path) -> None:
        path = archive.parent / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() or path.is_symlink():
            path.unlink()
        path.symlink_to(target)
    return plant


def fifo(archive: Path) -> None:
    os.mkfifo(archive / "2020-008" / "30-ceshi-tiaomu.md")  # reading it would wait for a writer forever


def ten_long_names(archive: Path) -> None:
    for n in range(10):  # each name ~0.65 ms per character of did-you-mean before: ten hung the check
        write(archive, f"issues/2020-008/{30 + n}-x{n}.md",
              swap("[沙坪坝区]", "[" + "北倍" * 50_000 + "]").replace("ceshi-tiaomu", f"x{n}"))


def made_up_names(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(HAN) for _ in range(4)) for _ in range(count)]


HAN = [chr(code) for code in range(0x4E00, 0x4E00 + 3000)]


def vocabulary_and_unknown_names(archive: Path) -> None:
    """3,000 made-up districts and three items naming 200 unknown ones each: did-you-mean compared every name with
    every spelling (1.8 million comparisons)."""
    with open(archive / "districts.yml", "a", encoding="utf-8") as vocabulary:
        for n, name in enumerate(made_up_names(3000, 1)):
            vocabulary.write(f"- {{name: {name}区, slug: x{n}, kind: 外地, region: 外地}}\n")
    for n in range(3):
        names = ", ".join(made_up_names(200, 2 + n))
        text = swap("[沙坪坝区]", f"[{names}]").replace("ceshi-tiaomu", f"y{n}")
        write(archive, f"issues/2020-008/{30 + n}-y{n}.md", text)


def big_vocabulary(archive: Path) -> None:
    path = archive / "districts.yml"
    path.write_text(path.read_text("utf-8") + ("# 注释\n" * 120_000), encoding="utf-8")


def pre_1970_item(archive: Path) -> None:
    shutil.rmtree(archive / "2020-008")
    folder = new_issue(archive, "1965-001", "1965-03-01")
    (folder / "01-ceshi-tiaomu.md").write_text(swap("2020-07-16", "1965-02-20"), encoding="utf-8")


@dataclass(frozen=True)
class Attack:
    id: str
    plant: Callable[[Path], None]
    expect: tuple[tuple[str, str], ...]  # (start of a line of the report, words in that line)
    code: int = 1
    report: int = 20_000  # characters the report may take: nothing sent is quoted at length


def attack(id: str, plant, *expect: tuple[str, str], code: int = 1, report: int = 20_000) -> Attack:
    return Attack(id, plant, expect, code, report)


ALIAS, TAG, TOO_LONG = "不能使用 YAML 别名", "不能使用 YAML 标签", "太长"
BAD = "看不见的"
ATTACKS = [
    # aliases refused before anything expands them, in every file the archive reads
    attack("bomb-item-date", item(swap("date: 2020-07-16", f"date: {BOMB}")), (f"{ITEM}:4: date:", ALIAS)),
    attack("bomb-item-merge", item(swap("slug:", "x: &x {title: a}\n<<: *x\nslug:")), (f"{ITEM}:9: <<:", ALIAS)),
    attack("bomb-issue-published", issue_line("published: 2020-08-03", f"published: {BOMB}"),
           (f"{ISSUE}:3: published:", ALIAS)),
    attack("bomb-issue-number", issue_line("number: 8", f"number: {BOMB}"), (f"{ISSUE}:2: number:", ALIAS)),
    *[attack(f"bomb-district-{key}", district(new_district(**{key: BOMB})), (f"{DISTRICTS}:9: {key}:", ALIAS))
      for key in ("kind", "tile", "until", "region", "note")],
    attack("bomb-tag-description", tag(f"- {{name: 炸弹, slug: zhadan, description: {BOMB}}}"),
           (f"{TAGS}:2: description:", ALIAS)),
    # sizes: an item, a vocabulary, an issue.yml, a name, a list
    attack("big-item", item(GOOD + "很长的正文。" * (BIG_ITEM * SCALE // 18)), (f"{ITEM}:1: file:", "文件太大")),
    attack("big-vocabulary", big_vocabulary, (f"{DISTRICTS}:1: file:", "文件太大")),
    attack("big-issue-yml", issue_line("series:", "# " + "注" * 30_000 + "\nseries:"),
           (f"{ISSUE}:1: file:", "文件太大")),
    attack("ten-long-names", ten_long_names, ("issues/2020-008/30-x0.md:6: districts:", TOO_LONG)),
    attack("long-field-name", item(swap("slug:", "北" * 500 + ": x\nslug:")), (f"{ITEM}:8: yaml:", "字段名太长")),
    attack("huge-field-name", item(swap("slug:", "北" * 100_000 + ": x\nslug:")), (f"{ITEM}:8: yaml:", "格式错误")),
    attack("many-names", item(swap("[沙坪坝区]", "[" + ", ".join(f"区{n}" for n in range(20_000)) + "]")),
           (f"{ITEM}:6: districts:", "太多")),
    attack("unknown-names-big-vocabulary", vocabulary_and_unknown_names,
           ("issues/2020-008/32-y2.md:6: districts:", "未知的区县"), report=100_000),  # 600 names, one line each
    attack("many-unknown-fields", item(swap("slug:", "".join(f"x{n}: 1\n" for n in range(30_000)) + "slug:")),
           (f"{ITEM}:", "还有 29980 个未知的字段")),
    attack("long-title", item(swap("测试条目", "长" * 1000)), (f"{ITEM}:2: title:", TOO_LONG)),
    attack("long-alias", district(new_district(aliases="[" + "别" * 5000 + "]")),
           (f"{DISTRICTS}:9: aliases:", TOO_LONG)),
    # tags and scalars that crashed the loader or built values other than text, numbers and lists
    attack("timestamp", item(swap("2020-07-16", "!!timestamp 2020-13-45")),
           (f"{ITEM}:4: date:", "“2020-13-45”不是有效日期")),
    attack("int-abc", item(swap("2020-07-16", "!!int abc")), (f"{ITEM}:4: date:", "“abc”不是 !!int")),
    attack("bool-maybe", item(swap("2020-07-16", "!!bool maybe")), (f"{ITEM}:4: date:", "“maybe”不是 !!bool")),
    attack("long-number", item(swap("2020-07-16", "1" * 5000)), (f"{ITEM}:4: date:", "数字太长（5000 位）")),
    attack("long-number-issue", issue_line("number: 8", "number: " + "9" * 5000), (f"{ISSUE}:2: number:", "数字太长")),
    attack("deep-list", item(swap("2020-07-16", "[" * 999 + "]" * 999)), (f"{ITEM}:4: date:", "嵌套太深")),
    attack("deep-mapping", item(swap("2020-07-16", "{a: " * 999 + "1" + "}" * 999)), (f"{ITEM}:4: date:", "嵌套太深")),
    attack("deep-block", item(swap("2020-07-16", "\n" + "".join("  " * n + "-\n" for n in range(1, 300)))),
           (f"{ITEM}:", "嵌套太深")),
    attack("set-title", item(swap("测试条目", "!!set {甲, 乙}")), (f"{ITEM}:2: title:", f"{TAG}“!!set”")),
    attack("binary-title", item(swap("测试条目", "!!binary 5rWL6K+V")), (f"{ITEM}:2: title:", f"{TAG}“!!binary”")),
    attack("python-tag", item(swap("测试条目", "!!python/object/apply:os.system [echo pwned]")),
           (f"{ITEM}:2: title:", f"{TAG}“!!python/object/apply:os.system”")),
    attack("python-name", issue_line("series: 渝环简报", "series: !!python/name:os.system ''"),
           (f"{ISSUE}:1: series:", f"{TAG}“!!python/name:os.system”")),
    attack("custom-tag", district(new_district(aliases="!foo [甲]")), (f"{DISTRICTS}:9: aliases:", f"{TAG}“!foo”")),
    attack("omap", tag("- {name: 有序, slug: youxu, keywords: !!omap [a: 1]}"),
           (f"{TAGS}:2: keywords:", f"{TAG}“!!omap”")),
    attack("complex-key", item(swap("slug:", "? [a, b]\n: x\nslug:")), (f"{ITEM}:8: yaml:", "字段名应为文字")),
    attack("two-documents", issue_line("series:", "x: 1\n---\nseries:"), (f"{ISSUE}:2: yaml:", "只能有一份")),
    # vocabulary integrity
    attack("alias-takes-names", district(new_district(aliases="[北碚区, 渝中区]")),
           (f"{DISTRICTS}:9: aliases:", "“北碚区”已是北碚区"), (f"{DISTRICTS}:9: aliases:", "“渝中区”已是渝中区")),
    attack("alias-takes-alias", district(new_district(aliases="[沙区]")),
           (f"{DISTRICTS}:9: aliases:", "“沙区”已是沙坪坝区")),
    attack("former-takes-alias", district(new_district(former="[大渡口]")),
           (f"{DISTRICTS}:9: former:", "“大渡口”已是大渡口区")),
    attack("duplicate-key-flow", district(new_district(kind="区, kind: 县")),
           (f"{DISTRICTS}:9: kind:", "“kind”在第 9 行写了两次")),
    attack("duplicate-key-block",
           district("- name: 新设区\n  slug: xinshe\n  kind: 区\n  region: 市级\n  slug: beibei"),
           (f"{DISTRICTS}:13: slug:", "“slug”写了两次（第 10 行和第 13 行）")),
    attack("duplicate-key-original",
           issue_line("sections:", "original: {file: source.pdf, file: source.doc}\nsections:"),
           (f"{ISSUE}:5: original.file:", "“file”在第 5 行写了两次")),
    attack("unknown-successor", district(new_district(until="2010-01-01", successors="[火星区]")),
           (f"{DISTRICTS}:9: successors:", "“火星区”不在 districts.yml 中")),
    attack("note-list", district(new_district(note="[甲, 乙]")), (f"{DISTRICTS}:9: note:", "应为文字，这里是列表")),
    attack("region-list", district(new_district(region="[市级]")), (f"{DISTRICTS}:9: region:", "应为文字，这里是列表")),
    attack("since-list", district(new_district(since="[2020]")), (f"{DISTRICTS}:9: since:", "应为文字，这里是列表")),
    attack("name-number", district(new_district(name="5")), (f"{DISTRICTS}:9: name:", "须为文字")),
    attack("alias-empty", district(new_district(aliases="['']")), (f"{DISTRICTS}:9: aliases:", "名称不能为空")),
    attack("tile-bools", district(new_district(tile="[true, false]")), (f"{DISTRICTS}:9: tile:", "地图方格")),
    attack("description-mapping", tag("- {name: 有序, slug: youxu, description: {a: 1}}"),
           (f"{TAGS}:2: description:", "应为文字，这里是多个字段")),
    # invisible characters: control, bidi, zero-width, noncharacters
    attack("esc-title-escaped", item(swap("测试条目", '"测试\\e条目"')),
           (f"{ITEM}:2: title:", f"{BAD}控制字符 U+001B")),
    attack("esc-title-raw", item(swap("测试条目", "测试\x1b条目")), (f"{ITEM}:2: text:", f"{BAD}控制字符 U+001B")),
    attack("nul-body", item(GOOD + "正文\x00后面\n"), (f"{ITEM}:12: text:", f"{BAD}控制字符 U+0000")),
    attack("fffe-district", district(new_district(name='"坏\\uFFFE区"')),
           (f"{DISTRICTS}:9: name:", f"{BAD}非字符 U+FFFE")),
    attack("fffe-raw", district(new_district(name="坏\ufffe区")), (f"{DISTRICTS}:9: text:", "U+FFFE")),
    attack("bidi-series", issue_line("series: 渝环简报", "series: 渝环\u202e简报"),
           (f"{ISSUE}:1: text:", f"{BAD}文字方向控制符 U+202E")),
    attack("zero-width-title", item(swap("测试条目", "测试\u200b条目")), (f"{ITEM}:2: text:", f"{BAD}零宽字符 U+200B")),
    attack("zero-width-alias", district(new_district(aliases='["北碚\\u200d区"]')),
           (f"{DISTRICTS}:9: aliases:", "U+200D")),
    attack("esc-tag", tag('- {name: 有序, slug: youxu, description: "\\e[31m红"}'),
           (f"{TAGS}:2: description:", "U+001B")),
    # slugs Windows cannot write
    attack("slug-con", item(swap("ceshi-tiaomu", "con"), "issues/2020-008/30-con.md"),
           ("issues/2020-008/30-con.md:8: slug:", "Windows")),
    attack("slug-lpt9", item(swap("ceshi-tiaomu", "lpt9"), "issues/2020-008/30-lpt9.md"),
           ("issues/2020-008/30-lpt9.md:8: slug:", "Windows")),
    attack("district-slug-aux", district(new_district(slug="aux")), (f"{DISTRICTS}:9: slug:", "Windows")),
    attack("tag-slug-nul", tag("- {name: 空, slug: nul}"), (f"{TAGS}:2: slug:", "Windows")),
    # files the loader skipped without a word
    attack("hidden-item", item(GOOD, "issues/2020-008/.23-hidden.md"),
           ("issues/2020-008/.23-hidden.md:1: file:", "警告：没有读取"), code=0),
    attack("hidden-issue",
           both(item(GOOD, "issues/.2020-009/01-x.md"), item("series: x\n", "issues/.2020-009/issue.yml")),
           ("issues/.2020-009:1: folder:", "警告：没有读取"), code=0),
    attack("item-at-top", item(GOOD, "issues/01-ceshi-tiaomu.md"),
           ("issues/01-ceshi-tiaomu.md:1: file:", "警告：没有读取"), code=0),
    # links and other files that are not regular files of the repository
    attack("symlink-item", symlink(ITEM, "/etc/passwd"), (f"{ITEM}:1: file:", "符号链接")),
    attack("symlink-dangling", symlink(ITEM, "nowhere.md"), (f"{ITEM}:1: file:", "符号链接")),
    attack("symlink-loop", symlink(ITEM, "30-ceshi-tiaomu.md"), (f"{ITEM}:1: file:", "符号链接")),
    attack("symlink-issue-folder", symlink("issues/2020-009", "2020-008"), ("issues/2020-009:1: file:", "符号链接")),
    attack("symlink-issue-yml", both(lambda a: (a / "2020-008" / "issue.yml").rename(a / "x.yml"),
                                     symlink(ISSUE, "../x.yml")), (f"{ISSUE}:1: file:", "符号链接")),
    attack("symlink-districts", both(lambda a: (a / "districts.yml").rename(a.parent / "d.yml"),
                                     symlink(DISTRICTS, "../d.yml")), (f"{DISTRICTS}:1: file:", "符号链接")),
    attack("symlink-source", symlink("issues/2020-008/source.txt", "/etc/passwd"),
           ("issues/2020-008/source.txt:1: file:", "符号链接")),
    attack("fifo-item", fifo, (f"{ITEM}:1: file:", "不是普通文件")),
    attack("symlink-docs", symlink("docs/passwd.md", "/etc/passwd"), ("docs/passwd.md:1: file:", "符号链接")),
]


@dataclass
class Run:
    code: int | None  # None: killed at the time limit
    out: str
    seconds: float
    peak_bytes: int


# A child forked from pytest starts with pytest's resident set as its high-water mark, and Linux keeps that mark
# across exec: after a few hundred tests pytest holds ~500 MB, and every check would seem to peak there. So a fresh,
# small interpreter forks the check and reports the check's own peak.
LAUNCHER = """
import os, resource, sys
limit, out, command = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
pid = os.fork()
if pid == 0:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    os.execv(command[0], command)
_, status, usage = os.wait4(pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def run_check(project: Path, limit_seconds: float = LIMIT_SECONDS, limit_memory: int = LIMIT_MEMORY) -> Run:
    """`bulletin check --archive issues` in `project`, in its own process under the limits; its peak memory."""
    env = {**os.environ, "BULLETIN_LANG": "zh"}
    command = [sys.executable, "-m", "bulletin", "check", "--archive", "issues"]
    start = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-c", LAUNCHER, str(limit_memory), str(project / "check.out"), *command],
                            cwd=project, env=env, stdout=subprocess.PIPE, start_new_session=True)
    killer = threading.Timer(limit_seconds, lambda: os.killpg(proc.pid, signal.SIGKILL))
    killer.start()
    report, _ = proc.communicate()
    killer.cancel()
    seconds = time.monotonic() - start
    killed = proc.returncode == -signal.SIGKILL or not report.strip()
    code, peak = (None, 0) if killed else map(int, report.split())
    code = None if code == -signal.SIGKILL else code
    text = (project / "check.out").read_bytes().decode("utf-8", "replace")
    return Run(code, text, seconds, peak * 1024)


def plant_attack(case: Attack, tmp: Path) -> Path:
    archive = tmp / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    case.plant(archive)
    return tmp


@pytest.mark.parametrize("case", ATTACKS, ids=[a.id for a in ATTACKS])
def test_attack_ends_quickly_with_a_clear_chinese_error(case, tmp_path):
    run = run_check(plant_attack(case, tmp_path))
    assert run.code is not None, f"still running after {LIMIT_SECONDS} s:\n{run.out[-2000:]}"
    assert "Traceback" not in run.out and "Error:" not in run.out, run.out[-3000:]
    assert run.code == case.code, run.out[-3000:]
    assert run.peak_bytes < PEAK_MEMORY, f"{run.peak_bytes / 2**20:.0f} MB"
    lines = run.out.splitlines()
    for start, words in case.expect:
        assert any(line.startswith(start) and words in line for line in lines), \
            f"expected a line starting {start!r} with {words!r} in:\n{run.out[:3000]}"
    assert len(run.out) < case.report, "the report quotes what it was sent at length"


def test_corpus_covers_every_attack():
    assert len(ATTACKS) >= 60
    assert len(BOMB) < 320


def test_an_archive_before_1970_builds_its_sitemap(tmp_path):
    """sitemap.xml.gz's header holds the newest page date as seconds since 1970, unsigned: earlier ones crashed."""
    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    pre_1970_item(archive)
    site = Path(build(make_project(tmp_path, archive)).site_dir)
    assert (site / "sitemap.xml.gz").stat().st_size > 0
    assert "issues/1965-001/ceshi-tiaomu/" in (site / "sitemap.xml").read_text("utf-8")


def test_a_successor_written_as_an_alias_links_to_the_district(tmp_path):
    from bulletin.archive.vocabulary import load_vocabulary

    archive = tmp_path / "issues"
    shutil.copytree(TEST_ARCHIVE, archive)
    district(new_district(until="2010-01-01", successors="[北碚, 渝中区]"))(archive)
    problems = Problems()
    vocab = load_vocabulary(archive, problems)
    assert problems.items == []
    assert next(d for d in vocab.districts if d.name == "新设区").successors == ("北碚区", "渝中区")


PLAIN = (str, int, type(None))


def plain(value) -> bool:
    if isinstance(value, list):
        return all(plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and plain(v) for k, v in value.items())
    return isinstance(value, PLAIN) and not isinstance(value, bool)


@pytest.mark.parametrize("text", [
    "a: yes\nb: 1.5\nc: 0x1F\nd: 2020-07-16\ne: ~\nf: 1:30\ng: 0755\nh: .inf\ni: !!str 5\nj: =\n"
    "k: !!timestamp 2020-01-01",
    "- {a: [1, 2, {b: c}]}\n- x\n- 3",
])
def test_the_loader_builds_only_text_numbers_lists_and_mappings(text):
    problems = Problems()
    doc = parse_yaml(text, "x.yml", problems)
    assert problems.items == [] and plain(doc.data), doc.data
    if isinstance(doc.data, dict):
        assert doc.data == {"a": "yes", "b": "1.5", "c": "0x1F", "d": "2020-07-16", "e": None, "f": "1:30",
                            "g": "0755", "h": ".inf", "i": "5", "j": "=", "k": "2020-01-01"}


def test_entry_fields_keep_their_lines():
    doc = parse_yaml("- name: a\n  slug: b\n- {name: c,\n   slug: d}\n", "x.yml", Problems())
    assert (doc.line("#0"), doc.line("#0.slug"), doc.line("#1"), doc.line("#1.slug")) == (1, 2, 3, 4)


def test_dates_in_the_past_are_still_dates():
    assert dt.date.fromisoformat("1965-02-20") < dt.date(1970, 1, 1)
