"""The compliance footer of a government site: 主办单位, contact, 网站标识码, the two 备案号 and the platform's scripts.

Read from the plugin's `footer:` options (config.py) and checked here, so that a wrong value fails the build with
a Chinese message naming the option, what was expected and an example, before any page is written. Every value
is plain text that the footer template (overrides/partials/copyright.html) escapes; the two third-party scripts
are https addresses whose origins, and only theirs, the Content-Security-Policy then allows (site/csp.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from bulletin.messages import msg

# the one-character abbreviations of the 31 provinces, regions and municipalities that lead a 备案号
PROVINCES = "京津沪渝冀晋蒙辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川蜀贵黔云滇藏陕秦甘陇青宁新"
ICP = re.compile(rf"[{PROVINCES}]ICP[备证]\d{{5,12}}号(?:-\d{{1,3}})?")
POLICE = re.compile(rf"[{PROVINCES}]公网安备 ?(?P<code>\d{{14}})号")
SITE_CODE = re.compile(r"[0-9A-Za-z]{10}")
PHONE = re.compile(r"[0-9+()（） \-－—转]{5,40}")
EMAIL = re.compile(r"[^@\s<>\"']+@[^@\s<>\"']+\.[A-Za-z]{2,}")
MIIT = "https://beian.miit.gov.cn/"
POLICE_RECORD = "https://www.beian.gov.cn/portal/registerSystemInfo?recordcode={code}"
MAX_NAME = 80
BADGE_EXAMPLE = "https://dcs.conac.cn/js/23/000/0000/60000000/CA230000000600000000000.js"


class FooterProblem(ValueError):
    """A footer option with a wrong value; the text says which, what was expected and an example."""


@dataclass(frozen=True)
class Footer:
    """What the footer shows; empty strings are left out. `origins` are those the CSP must allow for scripts."""

    sponsor: str = ""
    organizer: str = ""
    phone: str = ""
    email: str = ""
    site_code: str = ""
    icp: str = ""
    police: str = ""
    police_url: str = ""
    error_report: str = ""
    badge: str = ""

    miit_url = MIIT

    @property
    def shown(self) -> bool:
        return any((self.sponsor, self.organizer, self.phone, self.email, self.site_code, self.icp, self.police,
                    self.error_report, self.badge))

    @property
    def tel(self) -> str:
        """The phone number as a tel: address (digits and a leading +; an extension after 转 is left out)."""
        number = self.phone.split("转")[0]
        return "tel:" + re.sub(r"[^0-9+]", "", number)

    @property
    def origins(self) -> tuple[str, ...]:
        return tuple(sorted({origin(url) for url in (self.error_report, self.badge) if url}))


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _text(option: str, value: object, example: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise FooterProblem(msg("footer_not_text", option=option, example=example))
    if isinstance(value, int):  # an unquoted number: YAML may already have dropped a leading 0
        raise FooterProblem(msg("footer_quote", option=option, value=value, example=example))
    return value.strip()


def _digits(value: object) -> object:
    """An unquoted 网站标识码 of ten digits is the code itself (one written with a leading 0 is no longer ten)."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _name(option: str, value: object, example: str) -> str:
    text = _text(option, value, example)
    if "\n" in text or len(text) > MAX_NAME or re.search(r"[<>]", text):
        raise FooterProblem(msg("footer_name_bad", option=option, value=text[:40], limit=MAX_NAME, example=example))
    return text


def _match(option: str, value: object, pattern: re.Pattern, expected: str, example: str) -> str:
    text = _text(option, value, example)
    if text and not pattern.fullmatch(text):
        raise FooterProblem(msg("footer_format", option=option, value=text[:60], expected=expected, example=example))
    return text


def _script(option: str, value: object, example: str) -> str:
    text = _text(option, value, example)
    if not text:
        return ""
    parts = urlsplit(text)
    if (parts.scheme != "https" or not parts.hostname or parts.username or parts.password
            or re.search(r"[\s\"'<>\\]", text)):
        raise FooterProblem(msg("footer_script_bad", option=option, value=text[:80], example=example))
    return text


def read_footer(options) -> Footer:
    """The footer from the plugin's `footer:` options; raises FooterProblem on the first wrong value."""
    scripts = options["scripts"]
    police = _match("footer.police", options["police"], POLICE, msg("footer_police_expected"),
                    "渝公网安备 50010302000000号")
    code = POLICE.fullmatch(police).group("code") if police else ""
    footer = Footer(
        sponsor=_name("footer.sponsor", options["sponsor"], "重庆市生态环境局"),
        organizer=_name("footer.organizer", options["organizer"], "重庆市“无废城市”建设工作领导小组办公室"),
        phone=_match("footer.phone", options["phone"], PHONE, msg("footer_phone_expected"), '"023-12345678"'),
        email=_match("footer.email", options["email"], EMAIL, msg("footer_email_expected"), "wfb@example.gov.cn"),
        site_code=_match("footer.site_code", _digits(options["site_code"]), SITE_CODE,
                         msg("footer_site_code_expected"), '"5000000001"'),
        icp=_match("footer.icp", options["icp"], ICP, msg("footer_icp_expected"), "渝ICP备12345678号-1"),
        police=police,
        police_url=POLICE_RECORD.format(code=quote(code)) if code else "",
        error_report=_script("footer.scripts.error_report", scripts["error_report"],
                             "https://zfwzgl.www.gov.cn/exposure/jiucuo.js"),
        badge=_script("footer.scripts.badge", scripts["badge"], BADGE_EXAMPLE),
    )
    if footer.error_report and not footer.site_code:  # the 找错 script names the site by its code
        raise FooterProblem(msg("footer_needs_site_code"))
    if footer.phone and sum(ch.isdigit() for ch in footer.phone) < 5:
        raise FooterProblem(msg("footer_format", option="footer.phone", value=footer.phone,
                                expected=msg("footer_phone_expected"), example='"023-12345678"'))
    return footer
