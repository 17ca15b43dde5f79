"""Hostile content on the web side (issue 25, points 3 and 7): `bulletin check` judges a body as the build renders
it; only the site's own scripts run on its pages; the editor publishes no uploaded script; search facets take any
district name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bulletin.archive.markup import audit
from bulletin.cli import main

from .conftest import REPO

ITEM_GLOB = "16-*.md"
# (id, text appended to an item's body, the line of it that check must name (1 = the first appended line))
REFUSED = [
    ("indented-fence", "    ```\n<script>alert(1)</script>\n", 2),
    ("indented-fence-later", "正文一段。\n\n    ```\n\n另一段。\n\n<img src=x onerror=alert(2)>\n", 7),
    ("reference-link", "[点我][1]\n\n[1]: javascript:alert(1)\n", 3),
    ("reference-link-shortcut", "见[附件]。\n\n[附件]: JavaScript:alert(1)\n", 3),
    ("reference-link-angle", "[点我][a]\n\n[a]: <javascript:alert(1)>\n", 3),
    ("entity-scheme", "[点我](jav&#x61;script:alert(1))\n", 1),
    ("entity-colon", "[点我](javascript&colon;alert(1))\n", 1),
    ("entity-decimal", "[点我](&#106;avascript:alert(1))\n", 1),
    ("newline-in-scheme", "[点我]( java\nscript:alert(1))\n", 1),
    ("vbscript", "[点我](vbscript:msgbox(1))\n", 1),
    ("unknown-scheme", "[点我](file:///etc/passwd)\n", 1),
    ("reference-image", "![图][i]\n\n[i]: //evil.example/x.png\n", 3),
    ("backslash-image", "![图](\\\\/evil.example/x.png)\n", 1),
    ("image-data", "![图](data:image/svg+xml,%3Csvg%20onload%3Dalert(1)%3E)\n", 1),
    ("multiline-tag", "文字<script\nsrc=//evil.example/x.js></script>\n", 1),
    ("html-block-after-text", "第一段。\n\n<div>\n<a href=\"javascript:alert(1)\">x</a>\n</div>\n", 3),
    ("autolink-script", "<javascript:alert(1)>\n", 1),
    ("unclosed-fence", "```\n<script>alert(1)</script>\n", 2),  # no closing fence: Markdown sees no code
]
ACCEPTED = [
    "达标率 a < b，且 c > d；PM2.5<35。",
    "编号 &lt;b&gt; &amp; &#60;script&#62; 与 [正常链接](https://example.org/a?b=1&c=<2>)",
    "及 `<script>alert(12)</script>` 1 < 2 > 0\n\n```\n<script>alert(13)</script>\n```",
    "    <b>缩进的代码</b>",
    "[注]：见附件。[1] 文件",
    "见[通知](../../2020-008/)和[邮件](mailto:hb@example.org)、[电话](tel:023-12345678)。",
    "![现场](xianchang.png)",
    "\\<script\\>",
]


def _archive(tmp_path: Path) -> tuple[Path, Path]:
    archive = tmp_path / "issues"
    shutil.copytree(REPO / "issues", archive)
    return archive, sorted((archive / "2020-008").glob(ITEM_GLOB))[0]


@pytest.mark.parametrize("case", REFUSED, ids=[c[0] for c in REFUSED])
def test_check_refuses_what_markdown_would_publish(case, tmp_path, capsys):
    _, text, line = case
    archive, item = _archive(tmp_path)
    before = item.read_text("utf-8").rstrip("\n") + "\n\n"
    item.write_text(before + text, encoding="utf-8")
    assert main(["check", "--archive", str(archive)]) == 1
    out = capsys.readouterr().out
    expected = before.count("\n") + line
    assert f"{item.name}:{expected}: body:" in out, out


@pytest.mark.parametrize("text", ACCEPTED)
def test_check_accepts_text_and_code(text, tmp_path, capsys):
    archive, item = _archive(tmp_path)
    item.write_text(item.read_text("utf-8").rstrip("\n") + "\n\n" + text + "\n", encoding="utf-8")
    assert main(["check", "--archive", str(archive)]) == 0, capsys.readouterr().out


def test_audit_reads_as_markdown_does():
    assert audit("纯文字，没有任何标记。") == []
    assert [f.kind for f in audit("<b>x</b> 与 <i>y</i>")] == ["raw_html"] * 4  # check reports a line once
    assert [(f.kind, f.url) for f in audit("[x]( java\nscript:1)")] == [("bad_link", "java script:1")]
    found = audit("一\n\n二 [x][r]\n\n[r]: jav&#x61;script:1\n")
    assert [(f.kind, f.offset) for f in found] == [("bad_link", len("一\n\n二 [x][r]\n\n[r]: "))]
