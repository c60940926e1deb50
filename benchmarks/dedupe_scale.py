"""How duplicate detection scales: time per new article and peak memory at 10k and 100k stored articles.

Usage: python benchmarks/dedupe_scale.py [--sizes 10000 100000] [--probe 200]

Articles are made from the PolNeAR texts in ../shared/eval/polnear (read in place): each synthetic article
is 3 to 6 paragraphs drawn from random PolNeAR articles plus a numbered line, so texts are distinct but
share vocabulary and topics as a real news corpus does; 5% are syndicated copies (cut, new headline) of an
earlier one. Articles are stored with the real store and fingerprinted with the real Deduper, one per
transaction batch of 500. Then ``--probe`` more articles are added one at a time and timed: that is the
incremental cost a user pays for one more article in a store of that size.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear"


def paragraphs() -> list[str]:
    out = []
    for f in sorted(POLNEAR.glob("*/text/*.txt")):
        out.extend(p.strip() for p in f.read_text(encoding="utf-8").split("\n") if len(p.split()) >= 12)
    return out


def make_article(i: int, pool: list[str], rng: random.Random, made: list[str]):
    from newsweave.model import Article, Origin, RawDocument, layout_blocks

    if made and rng.random() < 0.05:  # a syndicated copy of an earlier article
        base = rng.choice(made).split("\n\n")
        parts = [f"Copy {i}: " + base[0]] + base[1:max(2, int(len(base) * 0.8))]
    else:
        parts = rng.sample(pool, rng.randint(3, 6)) + [f"Report number {i}."]
    text = "\n\n".join(parts)
    made.append(text)
    data = text.encode()
    raw = RawDocument(Origin(f"synthetic/{i}.txt", "text"), data, "text")
    article = Article(origin=raw.origin, content_hash=hashlib.sha256(data).hexdigest(), outlet=f"outlet{i % 50}",
                      outlet_from="option", blocks=layout_blocks([("body", p) for p in parts]))
    return article, raw


def run(size: int, probe: int, pool: list[str]) -> tuple[float, float, float]:
    from newsweave.dedupe import Deduper
    from newsweave.store import Store

    rng = random.Random(size)
    made: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "scale.db")
        deduper = Deduper(store)
        t = time.perf_counter()
        for start in range(0, size, 500):
            with store.atomic():
                for i in range(start, min(size, start + 500)):
                    article, raw = make_article(i, pool, rng, made)
                    store.add_article(article, raw)
                    deduper.add(article)
        build = time.perf_counter() - t
        times = []
        for i in range(size, size + probe):
            article, raw = make_article(i, pool, rng, made)
            t = time.perf_counter()
            with store.atomic():
                store.add_article(article, raw)
                deduper.add(article)
            times.append(time.perf_counter() - t)
        store.close()
    times.sort()
    return build, times[len(times) // 2], times[int(len(times) * 0.95)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--probe", type=int, default=200)
    args = parser.parse_args(argv)
    if not POLNEAR.exists():
        print(f"skipped: {POLNEAR} is absent")
        return 0
    pool = paragraphs()
    print(f"{len(pool)} PolNeAR paragraphs to draw from")
    results = {}
    for size in args.sizes:
        build, median, p95 = run(size, args.probe, pool)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        results[size] = build
        print(f"  {size:>7,} articles: stored and deduplicated in {build:6.1f} s ({size / build:5.0f}/s); "
              f"one more article: median {median * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms; peak RSS {peak:.0f} MB")
    if len(results) == 2:
        a, b = sorted(results)
        print(f"  time ratio {b:,} / {a:,}: {results[b] / results[a]:.1f} (linear would be {b / a:.0f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
