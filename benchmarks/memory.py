"""Memory and time of annotating one long article, by its length: memory must stay flat (issue 13).

Usage: python benchmarks/memory.py [--sizes 5000,100000,400000,1000000]

Each size runs in a fresh process (peak RSS is per process): the text is the examples/ corpus (or the seed
articles in ../shared/corpus/seeds when present) repeated to that many characters, annotated with
:func:`newsweave.nlp.annotate_many` as ingest does. Prints characters, seconds, peak RSS in MB, and the RSS
above the 5,000-character run (the model's own share), which should not grow with the length.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


def _text(chars: int) -> str:
    files = sorted(SEEDS.glob("*.txt")) or sorted((ROOT / "examples" / "corpus").rglob("*.txt"))
    base = "\n\n".join(f.read_text(encoding="utf-8", errors="replace") for f in files)
    return ((base + "\n\n") * (chars // len(base) + 1))[:chars]


def _one(chars: int) -> None:
    from newsweave.nlp import annotate_many, load

    load()
    text = _text(chars)
    start = time.perf_counter()
    ann = next(annotate_many([(text, None, None)]))
    print(json.dumps({"chars": chars, "seconds": time.perf_counter() - start, "quotes": len(ann.quotes),
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5000,100000,400000,1000000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        _one(args.one)
        return 0
    rows = []
    for chars in (int(x) for x in args.sizes.split(",")):
        done = subprocess.run([sys.executable, __file__, "--one", str(chars)], capture_output=True, text=True,
                              check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    base = rows[0]["rss_mb"]
    print(f"{'characters':>12} {'seconds':>8} {'peak RSS MB':>12} {'above smallest':>15} {'quotes':>7}")
    for r in rows:
        print(f"{r['chars']:>12,} {r['seconds']:>8.1f} {r['rss_mb']:>12.0f} {r['rss_mb'] - base:>15.0f} "
              f"{r['quotes']:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
