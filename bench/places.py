"""How well the importer tells which place an item is about, on the headline lists in
tests/fixtures/place-headlines.tsv (other provinces' and municipalities' items, and Chongqing's own).

usage: python -m bench.places   (no extra dependencies)

Recall: items about another place filed under the right one. Precision: of the items filed under a place outside
Chongqing, how many are right (a Chongqing item filed elsewhere counts against it). "Asked": items of a section
about other places where no place was found, filed under 重庆市 with a warning to check.
"""

from __future__ import annotations

from pathlib import Path

from bench.common import REPO
from bulletin.archive.problems import Problems
from bulletin.archive.vocabulary import load_vocabulary
from bulletin.importer.infer import infer_places

LIST = REPO / "tests" / "fixtures" / "place-headlines.tsv"


def groups(path: Path = LIST) -> list[tuple[str, bool, list[tuple[str, str, str, str]]]]:
    """(heading, about Chongqing, rows) for each `# ---` part of the list."""
    out: list[tuple[str, bool, list]] = []
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("# ---"):
            heading = line.removeprefix("# ---").strip()
            out.append((heading, "Chongqing" in heading, []))
        elif line and not line.startswith("#"):
            out[-1][2].append(tuple(line.split("\t")))
    return out


def main() -> None:
    vocab = load_vocabulary(REPO / "issues", Problems())
    outside = lambda names: any((d := vocab.resolve_district(n)) is None or d.kind == "外地" for n in names)  # noqa: E731
    totals = {"items": 0, "right": 0, "labelled": 0, "labelled_right": 0, "about": 0, "found": 0, "asked": 0}
    for heading, ours, rows in groups():
        right = asked = 0
        for section, title, first, expected in rows:
            got = infer_places(title, f"{first}。后文从略。" if first else "正文从略。", section, vocab)
            ok = "、".join(got.names) == expected
            right += ok
            asked += got.unsure
            if outside(got.names):
                totals["labelled"] += 1
                totals["labelled_right"] += ok
            if not ours:
                totals["about"] += 1
                totals["found"] += ok
        totals["items"] += len(rows)
        totals["right"] += right
        totals["asked"] += asked
        print(f"{right:3d}/{len(rows):<3d} right, {asked} asked — {heading[:90]}")
    recall = totals["found"] / max(totals["about"], 1)
    precision = totals["labelled_right"] / max(totals["labelled"], 1)
    print(f"all: {totals['right']}/{totals['items']} right; recall {recall:.1%} ({totals['found']}/{totals['about']}), "
          f"precision {precision:.1%} ({totals['labelled_right']}/{totals['labelled']}), asked {totals['asked']}")


if __name__ == "__main__":
    main()
