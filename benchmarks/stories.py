"""Stories benchmark, part (a): near-duplicate precision and recall on real articles with syndication edits.

Usage: python benchmarks/stories.py [--copies 300] [--seed 0]

Originals: every PolNeAR article in ../shared/eval/polnear (train and dev, read in place). For a random
subset, copies are generated the way syndication changes a wire story: a new headline, the last paragraphs
cut, boilerplate added (newsletter prompts, share lines, a credit), light copy-editing (reporting verbs and
number styles changed, one sentence dropped). All of it is ingested into a fresh store (no annotation), mixed
with the untouched originals, which cover the same 2016 campaign topics and must not be folded together.

Gold pairs: each original with each of its copies, copies of one original with each other, and the seven real
duplicate pairs PolNeAR lists in near-duplicates.tsv. Every other pair is a non-duplicate (the README of the
corpus says so of the originals, after reading every pair with Jaccard > 0.3 or containment > 0.5 by hand).
Prints pair precision and recall of the duplicate groups newsweave forms, and the time per article.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear"

HEADLINES = ["BREAKING: {}", "{} (UPDATED)", "What we know: {}", "{}, officials say", "Analysis: {}"]
BOILERPLATE = ["Subscribe to our newsletter for the latest updates.", "Share this article on Facebook and Twitter.",
               "Copyright 2016 The Associated Press. All rights reserved.", "Follow us for more breaking news.",
               "Reporting by our staff; editing by the news desk.", "Click here to read more stories like this."]
EDITS = [(r"\bsaid\b", "says"), (r"\btold\b", "said to"), (r"\bpercent\b", "%"), (r"\bDonald Trump\b", "Mr. Trump"),
         (r"\bMonday\b", "Mon."), (r"\bU\.S\.", "US"), (r"\bgoing to\b", "set to")]


def syndicate(text: str, rng: random.Random) -> str:
    """One realistic copy of ``text``: 2 or 3 of the four kinds of edit."""
    paragraphs = [p for p in text.split("\n") if p.strip()]
    kinds = rng.sample(["headline", "cut", "boilerplate", "copyedit"], rng.choice([2, 3]))
    if "copyedit" in kinds:
        for pattern, repl in rng.sample(EDITS, 3):
            paragraphs = [re.sub(pattern, repl, p) for p in paragraphs]
        if len(paragraphs) > 4:
            i = rng.randrange(1, len(paragraphs) - 1)
            sentences = re.split(r"(?<=[.!?])\s+", paragraphs[i])
            if len(sentences) > 1:
                sentences.pop(rng.randrange(len(sentences)))
                paragraphs[i] = " ".join(sentences)
    if "cut" in kinds and len(paragraphs) > 5:
        keep = max(3, int(len(paragraphs) * rng.uniform(0.6, 0.85)))
        paragraphs = paragraphs[:keep]
    if "boilerplate" in kinds:
        paragraphs = paragraphs + rng.sample(BOILERPLATE, 2)
        if rng.random() < 0.5:
            paragraphs.insert(0, rng.choice(BOILERPLATE))
    if "headline" in kinds:
        first_words = " ".join(paragraphs[0].split()[:8]).rstrip(".,")
        paragraphs.insert(0, rng.choice(HEADLINES).format(first_words))
    return "\n\n".join(paragraphs) + "\n"


def _closure(pairs: set[frozenset[str]]) -> set[frozenset[str]]:
    """All pairs inside the connected groups the pairs form (copies of two real duplicates are duplicates)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b in (tuple(p) for p in pairs):
        parent[find(a)] = find(b)
    groups: dict[str, list[str]] = {}
    for x in list(parent):
        groups.setdefault(find(x), []).append(x)
    return {frozenset(p) for g in groups.values() for p in itertools.combinations(sorted(g), 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=300, help="originals that get syndicated copies")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    files = sorted(POLNEAR.glob("*/text/*.txt"))
    if not files:
        print(f"skipped: {POLNEAR} is absent (the benchmark reads PolNeAR from ../shared)")
        return 0
    import newsweave

    rng = random.Random(args.seed)
    gold: set[frozenset[str]] = set()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / "in"
        d.mkdir()
        for f in files:
            (d / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
        for f in rng.sample(files, args.copies):
            family = [f.name]
            for k in range(rng.choice([1, 2])):
                name = f"{f.stem}.copy{k}.txt"
                (d / name).write_text(syndicate(f.read_text(encoding="utf-8"), rng), encoding="utf-8")
                family.append(name)
            gold.update(frozenset(p) for p in itertools.combinations(family, 2))
        for row in csv.DictReader((POLNEAR / "near-duplicates.tsv").open(encoding="utf-8"), delimiter="\t"):
            if row["label"] == "duplicate":
                gold.add(frozenset([row["file_a"], row["file_b"]]))
        gold = _closure(gold)
        names_on_disk = sorted(p.name for p in d.iterdir())
        n = len(names_on_disk)
        meta = Path(tmp) / "meta.csv"  # one outlet per file, so byte-identical files are two articles
        with meta.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["path", "outlet"])
            w.writerows([name, Path(name).stem] for name in names_on_disk)
        t = time.perf_counter()
        with newsweave.open(Path(tmp) / "dup.db") as corpus:
            corpus.ingest([str(d)], meta=meta, annotate=False)
            elapsed = time.perf_counter() - t
            groups = corpus.duplicates()
        names = {g: [Path(m.source).name for m in grp.members] for g, grp in enumerate(groups)}
        predicted = {frozenset(p) for members in names.values() for p in itertools.combinations(members, 2)}
    right = len(predicted & gold)
    precision = right / len(predicted) if predicted else 1.0
    recall = right / len(gold) if gold else 1.0
    print(f"{n} articles: {len(files)} PolNeAR originals + syndicated copies of {args.copies}; "
          f"{len(gold)} duplicate pairs (7 of them real, from near-duplicates.tsv)")
    print(f"  near-duplicate pairs: precision {precision:.3f}  recall {recall:.3f}  "
          f"({right} right, {len(predicted) - right} wrong, {len(gold) - right} missed)")
    print(f"  ingest with duplicate detection: {n / elapsed:.0f} articles/s")
    missed = sorted(tuple(sorted(p)) for p in gold - predicted)[:5]
    wrong = sorted(tuple(sorted(p)) for p in predicted - gold)[:5]
    for label, pairs in (("missed", missed), ("wrong", wrong)):
        for a, b in pairs:
            print(f"  {label}: {a} ~ {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
