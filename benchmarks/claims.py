"""Claim comparison on data we did not write: every multi-outlet story and storyline the clustering finds in
PolNeAR (../shared/eval/polnear, 924 articles of 2016 US election news from seven outlets).

Usage: python benchmarks/claims.py [--store events.db] [--keep events.db] [--sample 30] [--seed 0]
                                    [--out sample.md]

Builds (or reuses, --store) the annotated seeds+PolNeAR store of benchmarks/stories.py part (b), runs the
claim comparison over every story and every storyline with articles from two or more outlets (the seed
articles' scopes are left out), prints how many facts got each label and the time taken, and writes a random
sample of up to --sample facts per label (contradicted, corroborated, changed-over-time) with their
evidence sentences as Markdown (--out), for a person to judge. docs/benchmarks.md holds the judged sample.
A fact found in both a story and its storyline is counted once (same label, same articles and values).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def facts(store: Path):
    import newsweave

    out, seen = [], set()
    with newsweave.open(store) as corpus:
        scopes = [str(s.id) for s in corpus.stories() if len(s.outlets) >= 2]
        scopes += [f"L{line.id}" for line in corpus.storylines()
                   if len({a.outlet for sid in line.stories for a in corpus.story(sid).articles}) >= 2]
        t = time.perf_counter()
        for ref in scopes:
            scope = corpus.scope(ref)
            if any(a.outlet[:3].isdigit() for a in scope.articles):  # the seed articles: ours, not PolNeAR
                continue
            for c in corpus.claim_comparisons(ref):
                key = (c.status, tuple(sorted((v.article, str(v.number)) for v in c.values)))
                if key not in seen:
                    seen.add(key)
                    out.append((ref, c))
        took = time.perf_counter() - t
    return scopes, out, took


def markdown(ref: str, n: int, c) -> str:
    lines = [f"{n}. **{c.status}** — {c.subject} ({c.unit}), scope {ref}: {c.summary}"]
    for v in c.values:
        when = "" if v.as_of is None else f", {v.as_of[0]}" if v.as_of[0] == v.as_of[1] else \
            f", {v.as_of[0]}..{v.as_of[1]}"
        sentence = " ".join(v.sentence.split())
        lines.append(f"   - `{v.value}` — {v.outlet} #{v.article}{when}: “{sentence[:300]}”")
    lines.append("   - verdict: ")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            import stories

            store = args.keep or Path(tmp) / "events.db"
            print(f"building the seeds+PolNeAR store ({stories.build_event_store(store):.0f} s)", file=sys.stderr)
        scopes, found, took = facts(store)
    counts: dict[str, int] = {}
    for _, c in found:
        counts[c.status] = counts.get(c.status, 0) + 1
    print(f"{len(scopes)} multi-outlet stories and storylines compared in {took:.1f} s")
    for status in ("contradicted", "changed-over-time", "corroborated", "single-source"):
        print(f"  {status:<18} {counts.get(status, 0):>5}")
    rng = random.Random(args.seed)
    parts = []
    for status in ("contradicted", "corroborated", "changed-over-time"):
        pool = [(ref, c) for ref, c in found if c.status == status]
        sample = rng.sample(pool, min(args.sample, len(pool)))
        parts.append(f"### {status}: {len(sample)} of {len(pool)}\n")
        parts += [markdown(ref, n, c) for n, (ref, c) in enumerate(sample, 1)]
        parts.append("")
    if args.out:
        args.out.write_text("\n".join(parts) + "\n", encoding="utf-8")
        print(f"sample written to {args.out}")


if __name__ == "__main__":
    main()
