"""A fixed sample of actors' positions, for checking by reading (issue 14): are they the actor's words?

Usage: python benchmarks/positions_sample.py [--store positions.db] [--n 60] [--seed 14] [--out sample.md]

Builds (or reuses) a store of the PolNeAR dev articles and the labelled real news of ../shared/eval/stories
(read in place; nothing copied), annotated and clustered. Positions are collected from the timeline of every
storyline with two or more articles, as `newsweave timeline` shows them, counting every quote (as before
attribution confidence existed): a fixed random sample is written with, for each, the actor, the words, the
sentence they sit in, the attributing words and the confidence, and whether the trusted filter (confidence at
or above the model's threshold, what positions use now) keeps it. A reader marks each one right (the text says
the actor said or holds it) or wrong; the verdicts and the before/after precision go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"


def build(path: Path) -> None:
    import newsweave

    with tempfile.TemporaryDirectory() as tmp:
        dev = Path(tmp) / "polnear-dev.jsonl"
        with dev.open("w", encoding="utf-8") as f:
            for p in sorted((SHARED / "polnear" / "dev" / "text").glob("*.txt")):
                f.write(json.dumps({"id": p.stem, "outlet": p.stem.split("_")[0], "text": p.read_text()}) + "\n")
        with newsweave.open(path) as corpus:
            corpus.ingest([str(dev), str(SHARED / "stories" / "articles.jsonl")])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--n", type=int, default=60)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--out", type=Path, default=Path("positions-sample.md"))
    args = parser.parse_args(argv)
    if not SHARED.exists():
        print(f"skipped: {SHARED} is absent")
        return 0
    import newsweave
    from newsweave.across import statements
    from newsweave.across.statements import sentence_around
    from newsweave.nlp import confidence

    store = args.store or Path(tempfile.mkdtemp()) / "positions.db"
    if not store.exists():
        build(store)
    threshold = confidence.trusted_threshold()
    shipped = statements.trusted_threshold
    statements.trusted_threshold = lambda: 0.0  # "before": every quote may be a position (statements asks)
    rows = []
    try:
        with newsweave.open(store) as corpus:
            texts = {}
            for line in corpus.storylines():
                if len({a for s in line.stories for a in corpus.story(s).articles}) < 2:
                    continue
                timeline = corpus.timeline(f"L{line.id}")
                for actor, positions in timeline.positions.items():
                    for p in positions:
                        article = p.articles[0]
                        if article not in texts:
                            texts[article] = corpus.article(article).text
                        rows.append((actor, p, texts[article]))
    finally:
        statements.trusted_threshold = shipped
    random.Random(args.seed).shuffle(rows)
    sample = rows[: args.n]
    with args.out.open("w", encoding="utf-8") as f:
        f.write(f"# Positions sample: {len(sample)} of {len(rows)} (seed {args.seed}); trusted at >= {threshold}\n\n")
        for k, (actor, p, text) in enumerate(sample, 1):
            start = text.find(p.text)
            sentence = sentence_around(text, start, start + len(p.text)) if start >= 0 else p.text
            kept = p.confidence is None or p.confidence >= threshold
            f.write(f"{k}. **{actor}** (article {p.articles[0]}; evidence: {p.evidence!r}; confidence "
                    f"{p.confidence if p.confidence is None else round(p.confidence, 2)}; "
                    f"{'kept' if kept else 'dropped'})\n   - position: {p.text}\n   - sentence: {sentence}\n\n")
    kept = sum(1 for _, p, _ in sample if p.confidence is None or p.confidence >= threshold)
    print(f"{len(rows)} positions in {store}; sample of {len(sample)} written to {args.out} ({kept} kept by the "
          f"trusted filter)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
