"""A deterministic synthetic archive for benchmarks: issues of ~20 items over years, every district and tag,
Chinese text whose vocabulary grows with the number of items (words drawn by frequency from jieba's dictionary,
mixed with the vocabularies and the seed bulletin's own phrasing)."""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
import re
from itertools import accumulate
from pathlib import Path

from bulletin.archive.slugs import make_slug
from bulletin.archive.vocabulary import Vocabulary
from bulletin.archive.yamlio import dump

SECTIONS = (("工作动态", 0.25), ("区县动态", 0.65), ("经验借鉴", 0.10))
ACTIONS = ("召开", "推进", "开展", "部署", "调研", "完成", "启动", "深化", "组织开展", "全面推进", "扎实推进")
SUFFIXES = ("工作", "现场会", "推进会", "专项行动", "评估验收", "宣传活动", "试点工作", "座谈会", "培训", "经验交流")
PRECISION_WEIGHTS = (("day", 0.55), ("days", 0.1), ("month", 0.1), ("issue", 0.25))


def jieba_words() -> tuple[list[str], list[int]]:
    """Words of two or more Han characters from jieba's dictionary, most frequent first, with frequencies."""
    try:
        import jieba
    except ImportError as exc:  # a bench extra, not a runtime dependency
        raise SystemExit("bulletin synth needs jieba: pip install -e '.[bench]'") from exc
    path = Path(jieba.__file__).parent / "dict.txt"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        word, freq, *_ = line.split(" ")
        if len(word) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", word):
            rows.append((int(freq), word))
    rows.sort(key=lambda r: (-r[0], r[1]))
    return [w for _, w in rows], [f for f, _ in rows]


class Writer:
    """Sentences from a frequency-weighted word pool that widens with the archive (Heaps' law, roughly)."""

    def __init__(self, rng: random.Random, items: int, seed_sentences: list[str]):
        words, freqs = jieba_words()
        size = min(len(words), 3000 + int(60 * items ** 0.85))
        self.words, self.cumulative = words[:size], list(accumulate(freqs[:size]))
        self.rng, self.seed_sentences = rng, seed_sentences

    def word(self) -> str:
        return self.words[bisect.bisect(self.cumulative, self.rng.random() * self.cumulative[-1])]

    def sentence(self, district: str, topic: str) -> str:
        if self.seed_sentences and self.rng.random() < 0.3:
            return self.rng.choice(self.seed_sentences)
        parts = [self.word() for _ in range(self.rng.randint(6, 16))]
        parts.insert(self.rng.randrange(len(parts)), self.rng.choice((district, topic, "“无废城市”", "无废城市建设")))
        text, out = "", []
        for k, part in enumerate(parts):
            text += part
            if k % 5 == 4 and k + 1 < len(parts):
                out.append(text)
                text = ""
        out.append(text)
        return "，".join(out) + "。"


def _weighted(rng: random.Random, pairs) -> str:
    names, weights = zip(*pairs)
    return rng.choices(names, weights)[0]


def _date_phrase(day: dt.date, precision: str, rng: random.Random) -> str:
    if precision == "day":
        return f"{day.month}月{day.day}日，"
    if precision == "days":
        return f"{day.month}月{day.day}日-{day.day + rng.randint(1, 3)}日，"
    if precision == "month":
        return f"{day.month}月以来，"
    return "近日，"


def seed_sentences(seed_file: Path | None) -> list[str]:
    if not seed_file or not seed_file.exists():
        return []
    text = seed_file.read_text(encoding="utf-8")
    return [s + "。" for s in re.split(r"[。\n]", text) if 12 <= len(s) <= 80 and "※" not in s]


def synthesize(vocab: Vocabulary, items: int, seed: int, out: Path, seed_file: Path | None = None,
               jsonl: Path | None = None) -> int:
    """Write `items` items as issues under `out` (plus the vocabularies); return the number of issues."""
    rng = random.Random(seed)
    writer = Writer(rng, items, seed_sentences(seed_file))
    local = [d for d in vocab.districts if d.kind not in ("市级", "外地")]
    elsewhere = [d for d in vocab.districts if d.kind == "外地"]
    out.mkdir(parents=True, exist_ok=True)
    rows, made, number, year, issues, published = [], 0, 0, 0, 0, dt.date(2019, 1, 10)
    while made < items:
        published += dt.timedelta(days=rng.randint(10, 20))
        number = number + 1 if published.year == year else 1
        issues += 1
        year = published.year
        count = min(items - made, rng.randint(15, 25))
        folder = out / f"{published.year}-{number:03d}"
        folder.mkdir(exist_ok=True)
        (folder / "issue.yml").write_text(dump({
            "series": "渝环简报", "number": number, "published": published,
            "issuer": "重庆市“无废城市”建设工作领导小组办公室", "sections": [s for s, _ in SECTIONS],
            "report_to": ["“无废城市”建设部际协调小组办公室"], "distribute_to": ["市级有关部门", "各区县无废办"],
        }), encoding="utf-8")
        taken: set[str] = set()
        entries = []
        for _ in range(count):
            section = _weighted(rng, SECTIONS)
            district = ("重庆市" if section == "工作动态" else
                        rng.choice(elsewhere).name if section == "经验借鉴" else rng.choice(local).name)
            tags = sorted(rng.sample([t.name for t in vocab.tags], rng.randint(1, 3)),
                          key=[t.name for t in vocab.tags].index)
            precision = _weighted(rng, PRECISION_WEIGHTS)
            day = published - dt.timedelta(days=rng.randint(3, 40))
            if precision == "month":
                day = day.replace(day=1)
            elif precision == "issue":
                day = published
            topic = tags[0]
            head = "" if district == "重庆市" else district
            title = f"{head}{rng.choice(ACTIONS)}“{topic}”{rng.choice(SUFFIXES)}"
            paragraphs = [" ".join(writer.sentence(district, topic) for _ in range(rng.randint(2, 4)))
                          .replace(" ", "") for _ in range(rng.randint(1, 3))]
            paragraphs[0] = _date_phrase(day, precision, rng) + paragraphs[0]
            slug = make_slug(title, vocab, taken)
            entries.append((section, {"title": title, "section": section, "date": day,
                                      "date_precision": precision, "districts": [district], "tags": tags,
                                      "slug": slug}, paragraphs))
        entries.sort(key=lambda e: [s for s, _ in SECTIONS].index(e[0]))
        for order, (_, front, paragraphs) in enumerate(entries, 1):
            body = "\n\n".join(paragraphs)
            (folder / f"{order:02d}-{front['slug']}.md").write_text(f"---\n{dump(front)}---\n\n{body}\n", "utf-8")
            rows.append({"title": front["title"], "body": body, "date": front["date"].isoformat(),
                         "districts": front["districts"], "tags": front["tags"]})
        made += count
    if jsonl:
        jsonl.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return issues
