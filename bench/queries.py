"""Resident-style queries on the seed issue and the substring truth they are scored against."""

from __future__ import annotations

from bulletin.archive.model import Item
from bulletin.search.fold import fold

SEED_QUERIES = [
    "垃圾分类", "无废学校", "无废城市细胞", "验收", "医疗废物", "快递包装", "沙坪坝", "两江新区", "唐良智", "试点",
    "危险废物", "建筑垃圾", "宣传", "调研", "推进会", "光盘行动", "餐厨垃圾", "秸秆", "渝北区", "高新区",
    "九龙坡", "无废小区", "生活垃圾", "志愿者", "社区", "培训", "徐州", "三亚", "固废", "学校 宣传",
    "无废 医院", "评估验收", "生态环境局", "音乐", "胶带", "北碚", "南岸区 学校", "2020", "4S店", "碚",
    "九龍坡區", "垃圾分類", "渝中区 观摩", "无废", "城市", "座谈会", "资源化利用", "试点工作",
]


def relevant(item: Item, query: str) -> bool:
    """Substring truth: the item's title or body contains every whitespace-separated word typed (folded)."""
    text = fold(item.title + "\n" + item.body)
    return all(fold(word) in text for word in query.split())


def score(found: dict[str, set[str]], truth: dict[str, set[str]]) -> tuple[float, float]:
    """Micro-averaged recall and precision over all queries."""
    hits = sum(len(found[q] & truth[q]) for q in truth)
    return hits / max(1, sum(len(t) for t in truth.values())), hits / max(1, sum(len(f) for f in found.values()))


def equivalents(word: str, groups) -> list[str]:
    """The word and its equivalents as search.js forms them (variantsOf): each group word it contains replaced by
    each other word of the group (folded)."""
    word = fold(word)
    forms = [word]
    for group in groups:
        folded = [fold(w) for w in group]
        for w in folded:
            if w in word:
                forms += [word.replace(w, o) for o in folded if o != w and word.replace(w, o) not in forms]
    return forms


def relevant_expanded(item: Item, query: str, groups) -> bool:
    """Substring truth with equivalent words: every word typed, or one of its equivalents, occurs."""
    text = fold(item.title + "\n" + item.body)
    return all(any(form in text for form in equivalents(word, groups)) for word in query.split())
