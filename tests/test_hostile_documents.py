"""Hostile documents: every attack on the importer's readers and writes, generated here (small on disk), ends
within seconds and under a memory limit with a clear Chinese message — never a hang, a traceback or a write
outside the issue folder.

Each import runs as staff and CI run it, `python -m bulletin import` in a subprocess, under a wall-clock timeout
and an address-space limit (RLIMIT_AS), so an attack that got through would fail the test instead of the machine.
"""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from bulletin.importer import sandbox
from bulletin.importer.parse import parse_bulletin

from .conftest import REPO, SEED, TEST_ARCHIVE

LIMIT = 3 << 30  # address space for the whole import: parent and reading child (Python + lxml + pdfminer)
HUNG = 300  # wall-clock seconds after which an import counts as hung (a loaded machine is slow, never this slow)
CPU = 30  # CPU seconds for one import, start-up included: what the bounds are stated in, as load does not move it

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                 b'<Default Extension="xml" ContentType="application/xml"/>'
                 b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument'
                 b'.wordprocessingml.document.main+xml"/></Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'officeDocument" Target="word/document.xml"/></Relationships>')
DOC_HEAD = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="' + W_NS.encode()
            + b'"><w:body>')
DOC_TAIL = b"</w:body></w:document>"


# --- building attacks -------------------------------------------------------------------------------------------

def raw_zip(members: list[tuple[str, int, bytes, int, int]]) -> bytes:
    """A zip written by hand from (name, method, compressed data, CRC-32, declared size): what zipfile cannot
    write — data compressed elsewhere, and sizes that are declared rather than true."""
    out, central = b"", b""
    for name, method, data, crc, size in members:
        encoded = name.encode()
        header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, crc, len(data), size,
                             len(encoded), 0)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, crc, len(data), size,
                               len(encoded), 0, 0, 0, 0, 0, len(out)) + encoded
        out += header + encoded + data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    return out + central + end


def deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def flushed(data: bytes) -> bytes:
    """`data` as deflate blocks ending in a full flush: the compressor starts afresh after it, so such pieces
    concatenate, and one piece repeated stands for its data repeated — a bomb made without compressing it all."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush(zlib.Z_FULL_FLUSH)


FINAL = b"\x03\x00"  # an empty final deflate block


def docx_with(document: tuple[int, bytes, int, int]) -> bytes:
    """A minimal .docx whose word/document.xml is (method, compressed data, CRC-32, declared size)."""
    parts = [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS)]
    members = [(name, 8, deflated(data), zlib.crc32(data), len(data)) for name, data in parts]
    return raw_zip(members + [("word/document.xml", *document)])


def docx_xml(xml: bytes) -> bytes:
    return docx_with((8, deflated(xml), zlib.crc32(xml), len(xml)))


def deflate_bomb_docx(size: int = 1 << 30, declared: int | None = None) -> bytes:
    """word/document.xml: one run of `size` letters (a GiB by default) in about a MB of deflate."""
    chunk = b"a" * (1 << 20)
    head, tail = DOC_HEAD + b"<w:p><w:r><w:t>", b"</w:t></w:r></w:p>" + DOC_TAIL
    crc = zlib.crc32(head)
    for _ in range(size >> 20):
        crc = zlib.crc32(chunk, crc)
    stream = flushed(head) + flushed(chunk) * (size >> 20) + flushed(tail) + FINAL
    total = len(head) + size + len(tail)
    return docx_with((8, stream, zlib.crc32(tail, crc), total if declared is None else declared))


def bzip2_bomb_docx(blocks: int = 88) -> bytes:
    """word/document.xml as bzip2 (zip method 12): one compressed block of 45 MB of letters repeated bit for bit —
    `blocks` × 45 MB (about 4 GB) in a few KB, made in a second."""
    import bz2

    one = bz2.compress(b"a" * 45_000_000, 9)
    bits = "".join(f"{byte:08b}" for byte in one)
    end = bits.rindex(f"{0x177245385090:048b}")  # the end-of-stream magic; the block runs from bit 32 to it
    block, block_crc = bits[32:end], int(bits[80:112], 2)
    combined = 0
    for _ in range(blocks):
        combined = (((combined << 1) | (combined >> 31)) & 0xFFFFFFFF) ^ block_crc
    stream = bits[:32] + block * blocks + f"{0x177245385090:048b}" + f"{combined:032b}"
    stream += "0" * (-len(stream) % 8)
    data = int(stream, 2).to_bytes(len(stream) // 8, "big")
    return docx_with((12, data, zlib.crc32(b"a" * 45_000_000) if blocks == 1 else 0, 45_000_000 * blocks))


def empty_paragraphs_docx(count: int = 3_000_000) -> bytes:
    xml = DOC_HEAD + b"<w:p/>" * count + DOC_TAIL
    return docx_xml(xml)


def pdf_from(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF with a correct cross-reference table, from its objects' bodies (object N is objects[N-1])."""
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<</Size %d/Root %d 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref)


def self_referencing_pdf() -> bytes:
    """The page tree's Kids is an object that is a reference to itself: pdfminer resolves it for ever."""
    return pdf_from([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids 3 0 R/Count 1>>", b"3 0 R"])


def inflating_pdf(size: int = 2 << 30) -> bytes:
    """A page whose content stream is ~2 MB of FlateDecode that inflates to `size` bytes (2 GiB)."""
    chunk, adler = b" " * (1 << 20), 1
    for _ in range(size >> 20):
        adler = zlib.adler32(chunk, adler)
    stream = b"\x78\xda" + flushed(chunk) * (size >> 20) + FINAL + struct.pack(">I", adler)  # zlib's wrapper
    return pdf_from([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
                     b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>",
                     b"<</Length %d/Filter/FlateDecode>>\nstream\n" % len(stream) + stream + b"\nendstream"])


def many_lines_text(lines: int = 200_000) -> str:
    """200,000 short lines: a masthead, a section, then short headline-like lines (no TOC), then the footer."""
    return ("渝环简报\n【区县动态】\n" + "".join(f"第{n}行短句\n" for n in range(lines))
            + "（渝环简报第9期）\n2020年8月3日印发\n")


# --- running an import as staff do ------------------------------------------------------------------------------

def archive(tmp_path: Path) -> Path:
    into = tmp_path / "issues"
    into.mkdir()
    for name in ("districts.yml", "tags.yml"):
        (into / name).write_bytes((TEST_ARCHIVE / name).read_bytes())
    return into


def run_import(document: Path, into: Path, limit: int = LIMIT, wall: float = HUNG,
               **env: str) -> tuple[int, str, float]:
    """`python -m bulletin import` under an address-space limit and a timeout: (exit code, stderr, CPU seconds).

    CPU seconds of the import and its reading child (user + system, from the children's resource usage), not wall
    time: a quadratic step or a bomb costs minutes of CPU wherever it runs, while wall time on a loaded 2-core
    machine is several times the CPU's and failed these bounds with correct code. The wall-clock timeout stays
    as the guard against a hang (which costs no CPU)."""
    import resource

    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    run = subprocess.run([sys.executable, "-m", "bulletin", "import", str(document), "--into", str(into)],
                         capture_output=True, text=True, timeout=wall, preexec_fn=bounded, cwd=REPO,
                         env={**os.environ, "BULLETIN_LANG": "zh", **env})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return run.returncode, run.stderr, cpu


def refused(tmp_path: Path, name: str, data: bytes, *expected: str, within: float = 15, **env: str) -> str:
    """Import `data` as `name`: refused (exit 1) within `within` CPU seconds, the file named, every `expected` phrase
    in the message, no traceback, nothing written; returns stderr."""
    document = tmp_path / name
    document.write_bytes(data)
    into = archive(tmp_path)
    code, err, seconds = run_import(document, into, **env)
    assert code == 1, err
    assert seconds < within, (seconds, err)
    assert "Traceback" not in err and f"{name}:1: 文件: 读不出简报：" in err, err
    for phrase in expected:
        assert phrase in err, (phrase, err)
    assert sorted(p.name for p in into.iterdir()) == ["districts.yml", "tags.yml"]
    return err


pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS and fork: the bounds tested are Linux's")


# --- Word ---------------------------------------------------------------------------------------------------------

def test_a_bzip2_bomb_is_refused_from_the_zip_records_without_inflating(tmp_path):
    bomb = bzip2_bomb_docx()  # 4 GB of XML in a few KB
    assert len(bomb) < 10_000
    refused(tmp_path, "炸弹.docx", bomb, "word/document.xml", "bzip2", "压缩方式", within=8)


def test_a_deflate_bomb_is_refused_by_its_declared_size(tmp_path):
    refused(tmp_path, "炸弹.docx", deflate_bomb_docx(), "word/document.xml", "1,024.0 MB", "16.0 MB", within=8)


def test_a_bomb_that_declares_a_small_size_is_caught_while_inflating(tmp_path):
    """zipfile inflates a whole member in one call before it cuts at the declared size: the check inflates 64 KiB
    at a time and stops one byte past what is declared."""
    refused(tmp_path, "谎报.docx", deflate_bomb_docx(256 << 20, declared=5_000), "实际大小与文件记录的不符",
            within=8)


def test_a_highly_compressed_part_is_refused_by_its_ratio(tmp_path):
    xml = DOC_HEAD + b"<w:p/>" * 1_500_000 + DOC_TAIL  # 9 MB in about 10 KB: under the size cap
    refused(tmp_path, "空段落.docx", docx_xml(xml), "压缩比异常", within=8)


def test_three_million_empty_paragraphs_end_in_seconds(tmp_path):
    refused(tmp_path, "空段落.docx", empty_paragraphs_docx(), "word/document.xml", within=8)


def test_too_many_elements_are_refused_after_parsing_before_the_walk(tmp_path):
    """600,000 paragraphs that do not compress well (random revision ids): under the size and ratio caps, over
    the element cap — counted by libxml2 before our walk, which would take minutes."""
    import random

    ids = random.Random(1).getrandbits
    xml = DOC_HEAD + b"".join(b'<w:p w:rsidR="%08X"/>' % ids(32) for _ in range(600_000)) + DOC_TAIL
    refused(tmp_path, "元素.docx", docx_xml(xml), "元素", "500,000", within=15)


def test_a_dtd_with_entities_is_refused(tmp_path):
    laughs = b"".join(b'<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;">' % (n, *[n - 1] * 10)
                      for n in range(1, 10))
    xml = (b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [<!ENTITY l0 "lol">' + laughs
           + b'<!ENTITY x SYSTEM "file:///etc/passwd">]>' + DOC_HEAD.split(b"\n", 1)[1]
           + b"<w:p><w:r><w:t>&l9;&x;</w:t></w:r></w:p>" + DOC_TAIL)
    err = refused(tmp_path, "实体.docx", docx_xml(xml), "<!DOCTYPE", within=8)
    assert "root:" not in err


# --- PDF ------------------------------------------------------------------------------------------------------------

def test_a_pdf_whose_page_tree_refers_to_itself_ends_at_once(tmp_path):
    pdf = self_referencing_pdf()
    assert len(pdf) < 300
    refused(tmp_path, "循环.pdf", pdf, "循环引用", within=8)


def test_a_stream_inflating_to_two_gib_is_stopped_by_the_memory_limit(tmp_path):
    pdf = inflating_pdf()
    assert len(pdf) < 3 << 20
    # the read timeout far off: on a loaded machine its 30 s of wall clock could end the read before the memory
    # limit does, and this test is about the memory limit
    refused(tmp_path, "膨胀.pdf", pdf, "过大", "内存", within=15, BULLETIN_READ_TIMEOUT="600")


def test_a_content_stream_that_keeps_the_reader_busy_is_stopped_by_the_timeout(tmp_path):
    """Ten million operators in 19 KB: no memory to speak of, minutes of interpreting; the wall-clock bound ends
    it (2 s here, 30 s by default)."""
    ops = zlib.compress(b"q Q " * 5_000_000, 9)
    pdf = pdf_from([b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
                    b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R>>",
                    b"<</Length %d/Filter/FlateDecode>>\nstream\n" % len(ops) + ops + b"\nendstream"])
    refused(tmp_path, "忙.pdf", pdf, "读取超时", "2 秒", "BULLETIN_READ_TIMEOUT", within=10,
            BULLETIN_READ_TIMEOUT="2")


def test_a_file_over_the_size_cap_is_refused_before_reading(tmp_path):
    big = tmp_path / "大文件.pdf"
    with open(big, "wb") as file:  # sparse: 51 MB on paper, a few bytes on disk
        file.write(b"%PDF-1.4\n")
        file.truncate(51 << 20)
    into = archive(tmp_path)
    code, err, seconds = run_import(big, into, limit=1 << 30)
    assert code == 1 and seconds < 8 and "Traceback" not in err, err
    assert "大文件.pdf:1: 文件: 读不出简报：文件有 51.0 MB，超过 50.0 MB 的上限" in err


# --- text -----------------------------------------------------------------------------------------------------------

def test_two_hundred_thousand_short_lines_end_in_seconds(tmp_path):
    """The issue's file (200,000 short lines, 2 million characters) took the parser over 120 s: now refused by
    its size at once."""
    text = many_lines_text().encode("utf-8")
    refused(tmp_path, "长.txt", text, "2,088,", "500,000", within=8)


FOOTER = "（渝环简报第9期）\n报：市委。\n发：各区县。\n重庆市无废城市建设工作领导小组办公室  2020年8月3日印发\n"
HEAD = "本期要目\n【区县动态】\n※北碚区开展无废城市建设工作\n【区县动态】\n"
LINEAR = {  # 200,000 lines each, every step of the parser that used to copy or rescan the rest
    "no contents, short headline-like lines": "【区县动态】\n" + "".join(f"第{n}行短句\n" for n in range(200_000)),
    "one item of 200,000 paragraphs": "【区县动态】\n北碚区开展无废城市建设工作  正文。\n" + "。\n" * 200_000,
    "one paragraph over 200,000 lines": HEAD + "北碚区开展无废城市建设工作  正文\n" + "甲\n" * 200_000,
    "a contents entry wrapped over 200,000 lines": "本期要目\n※北碚区开展\n" + "甲\n" * 200_000,
    "a recipient list over 200,000 lines": "【区县动态】\n北碚区开展无废城市建设工作  正文。\n（渝环简报第9期）\n报："
                                            + "第区\n" * 200_000,
    "contents and 200,000 lines like headlines": HEAD + "".join(f"某区召开会议部署工作第{n}号\n"
                                                                for n in range(200_000)),
    "500 entries and 500 headlines alike": "本期要目\n【区县动态】\n"
                                            + "".join(f"※{'区县' * 15}{n:04d}\n" for n in range(500)) + "【区县动态】\n"
                                            + "".join(f"{'县区' * 15}{n:04d}  正文。\n" for n in range(500)),
}


@pytest.mark.parametrize("name", sorted(LINEAR))
def test_every_parser_step_is_linear(name):
    """Each took minutes to hours of CPU (a quadratic step); now a few seconds (CPU time: load does not move it)."""
    started = time.process_time()
    bulletin = parse_bulletin(LINEAR[name] + FOOTER)
    assert time.process_time() - started < 12
    assert bulletin.items or bulletin.errors


def test_two_hundred_thousand_lines_under_the_text_cap_import_in_seconds(tmp_path):
    document = tmp_path / "长.txt"
    document.write_text(LINEAR["one item of 200,000 paragraphs"] + FOOTER, encoding="utf-8")
    into = archive(tmp_path)
    code, err, seconds = run_import(document, into)
    assert code == 0 and "Traceback" not in err, err
    assert seconds < CPU
    assert len(list((into / "2020-009").glob("01-*.md"))) == 1


# --- writes: never through a link -----------------------------------------------------------------------------------

def _seed_into(tmp_path: Path) -> tuple[Path, Path]:
    into = archive(tmp_path)
    (into / "2020-008").mkdir()
    outside = tmp_path / "venv" / "site-packages"
    outside.mkdir(parents=True)
    return into, outside


@pytest.mark.parametrize("name", ["source.txt", "issue.yml", "01-tangliang-zhishi-zhangdui-wufei-chengshi.md"])
def test_the_import_never_writes_through_a_link_in_the_issue_folder(tmp_path, name):
    """`source.txt` → a virtualenv's .pth file ran the attacker's line at the next Python start."""
    into, outside = _seed_into(tmp_path)
    target = outside / "evil.pth"
    target.write_text("import os\n", encoding="utf-8")
    (into / "2020-008" / name).symlink_to(target)
    code, err, _ = run_import(SEED, into)
    assert code == 1 and "Traceback" not in err, err
    assert f"没有写入期刊文件夹：{into / '2020-008' / name} 是符号链接" in err
    assert target.read_text(encoding="utf-8") == "import os\n"
    assert sorted(p.name for p in (into / "2020-008").iterdir()) == [name]  # nothing else written either


def test_the_issue_folder_itself_a_link_is_refused(tmp_path):
    into, outside = _seed_into(tmp_path)
    (into / "2020-008").rmdir()
    (into / "2020-008").symlink_to(outside)
    code, err, _ = run_import(SEED, into)
    assert code == 1 and "2020-008 是符号链接" in err and "Traceback" not in err, err
    assert list(outside.iterdir()) == []


def test_a_pipe_in_the_issue_folder_is_refused_without_waiting(tmp_path):
    into, _ = _seed_into(tmp_path)
    os.mkfifo(into / "2020-008" / "source.txt")
    code, err, _ = run_import(SEED, into, wall=120)  # blocked on the pipe, it would never end
    assert code == 1 and "source.txt 不是普通文件" in err and "Traceback" not in err, err


def test_a_dangling_link_is_refused_too(tmp_path):
    into, outside = _seed_into(tmp_path)
    (into / "2020-008" / "issue.yml").symlink_to(outside / "missing.yml")
    code, err, _ = run_import(SEED, into)
    assert code == 1 and "issue.yml 是符号链接" in err, err
    assert not (outside / "missing.yml").exists()


# --- the child process ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fork", [True, False], ids=["fork", "spawn"])
def test_the_sandbox_returns_raises_and_bounds(fork, monkeypatch):
    import operator

    assert sandbox.run(operator.add, 2, 3, fork=fork) == 5
    with pytest.raises(ValueError, match="invalid literal"):
        sandbox.run(int, "x", fork=fork)
    monkeypatch.setenv("BULLETIN_READ_TIMEOUT", "1")
    started = time.monotonic()
    with pytest.raises(sandbox.Exceeded) as slow:
        sandbox.run(time.sleep, 30, fork=fork)
    assert slow.value.what == "time" and time.monotonic() - started < 10
    monkeypatch.setenv("BULLETIN_READ_TIMEOUT", "30")
    monkeypatch.setenv("BULLETIN_READ_MEMORY", "256")
    with pytest.raises(sandbox.Exceeded) as big:
        sandbox.run(bytearray, 1 << 30, fork=fork)  # a GiB, with 256 MiB to spare
    assert big.value.what == "memory"
    with pytest.raises(sandbox.Exceeded) as dead:
        sandbox.run(os._exit, 3, fork=fork)  # dies without an answer
    assert dead.value.what == "crash"


def test_a_conversion_that_outlives_its_timeout_is_killed_with_its_helpers(tmp_path, monkeypatch):
    """LibreOffice runs as a wrapper and soffice.bin: on a timeout the whole process group is killed, not just the
    wrapper (soffice.bin would go on, holding its profile and the CPU)."""
    from bulletin.importer import convert

    if convert.soffice() is None:
        pytest.skip("LibreOffice is not installed")
    monkeypatch.setattr(convert, "TIMEOUT", 0.5)
    document = tmp_path / "慢.rtf"
    document.write_bytes(b"{\\rtf1\\ansi " + b"x\\par " * 1000 + b"}")
    started = time.monotonic()
    with pytest.raises(convert.ConversionFailed, match="timeout"):
        convert.to_docx(document, tmp_path)
    assert time.monotonic() - started < 10
    left = subprocess.run(["pgrep", "-f", f"UserInstallation=file://{tmp_path}"], capture_output=True, text=True)
    assert left.stdout.strip() == "", left.stdout
