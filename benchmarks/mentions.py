"""How well pronouns and role nouns are resolved to the person they stand for.

Usage: python benchmarks/mentions.py [--sample 30]

Two measures, printed in one run:
1. Seeds (../shared/corpus/seeds + seeds-gold.json): for every gold quote we find whose speaker mention is a
   pronoun or a role noun ("he", "the spokesman"), is the resolved speaker the gold speaker?
2. PolNeAR dev: a fixed random sample of quotes whose speaker mention is "he" or "she", printed with the
   text before it and our resolved speaker, for reading by hand (verdicts are in docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
PRONOUNS = {"he", "she", "him", "her"}


def seeds() -> None:
    gold_path = SHARED / "corpus" / "seeds-gold.json"
    if not gold_path.exists():
        print("seeds: skipped (../shared/corpus is absent)")
        return
    import newsweave

    gold = json.loads(gold_path.read_text())
    corpus = newsweave.open(":memory:")
    corpus.ingest([str(SHARED / "corpus" / "seeds")])
    ids = {a.outlet: a.id for a in corpus.articles()}
    norm = lambda t: " ".join(t.replace("\u2019", "'").split())  # noqa: E731
    right = total = 0
    for g in gold["quotes"]:
        for q in corpus.quotes(article=ids[g["article"]]):
            mention = q.speaker_mention.text if q.speaker_mention else ""
            if norm(g["starts"]) in norm(q.content.text) and (mention.lower() in PRONOUNS or
                                                             mention.lower().startswith("the ")):
                total += 1
                right += q.speaker_id == corpus.entity(g["speaker"]).id
                print(f"  seeds: {mention!r:18} -> {q.speaker!r:24} gold {g['speaker']!r}")
                break
    print(f"seeds: {right} of {total} quotes whose speaker is a pronoun or role noun resolved to the gold speaker")


def polnear_sample(n: int) -> None:
    texts = sorted((SHARED / "eval" / "polnear" / "dev" / "text").glob("*.txt"))
    if not texts:
        print("polnear: skipped (../shared/eval is absent)")
        return
    from newsweave.nlp import annotate_many

    docs = [t.read_text(encoding="utf-8") for t in texts]
    items = []
    for path, text, ann in zip(texts, docs, annotate_many([(t, None, None) for t in docs])):
        for q in ann.quotes:
            if q.speaker_mention and q.speaker_mention.text.lower() in PRONOUNS:
                items.append((path.name, text, q))
    random.Random(0).shuffle(items)
    resolved = sum(1 for *_, q in items if q.speaker and q.speaker.lower() not in PRONOUNS)
    print(f"polnear dev: {len(items)} quotes with a pronoun speaker, {resolved} resolved to a name; "
          f"sample of {min(n, len(items))} (seed 0) to check by hand:")
    for i, (name, text, q) in enumerate(items[:n], 1):
        before = " ".join(text[max(0, q.speaker_mention.start - 300):q.speaker_mention.end].split())
        print(f"{i:2}. {name}: ...{before[-300:]}  => {q.speaker}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=30)
    args = parser.parse_args(argv)
    seeds()
    polnear_sample(args.sample)
    return 0


if __name__ == "__main__":
    sys.exit(main())
