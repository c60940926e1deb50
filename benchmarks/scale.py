"""Ingest throughput with annotation at 1 and more worker processes, in one run (issue 16).

N PolNeAR article texts from ../shared/eval/polnear (the examples corpus, repeated with numbered titles, when
../shared is absent) are written as one JSONL file and ingested, with annotation, into a fresh SQLite store
once per worker count. Prints articles/s for each, the speed-up over one process and the machine's cores; and
checks that every run stored the same articles.

Usage: python benchmarks/scale.py [--n 400] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import newsweave
from newsweave.engine import default_workers

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear"


def texts(n: int) -> tuple[list[str], str]:
    files = sorted(POLNEAR.glob("*/text/*.txt"))[:n]
    if files:
        return [f.read_text(encoding="utf-8") for f in files], f"{len(files)} PolNeAR articles"
    base = [p.read_text() for p in (ROOT / "examples" / "corpus").rglob("*.txt")]
    return [f"Report {i}\n\n{base[i % len(base)]}" for i in range(n)], f"{n} examples texts (../shared absent)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    items, what = texts(args.n)
    folder = Path(tempfile.mkdtemp(prefix="newsweave-scale-"))
    src = folder / "in.jsonl"
    src.write_text("\n".join(json.dumps({"id": f"a{i}", "outlet": f"Outlet {i % 7}", "text": t})
                             for i, t in enumerate(items)) + "\n", encoding="utf-8")
    print(f"{what}; {default_workers()} cores")
    rates, stored = {}, {}
    for workers in args.workers:
        began = time.perf_counter()
        with newsweave.open(folder / f"w{workers}.db") as corpus:
            report = corpus.ingest([str(src)], workers=workers)
            took = time.perf_counter() - began
            stored[workers] = [(a.outlet, a.content_hash) for a in corpus.articles()]
        rates[workers] = len(report.added) / took
        print(f"workers {workers}: {len(report.added)} articles in {took:.1f} s = {rates[workers]:.2f} articles/s"
              + (f", {rates[workers] / rates[args.workers[0]]:.2f}x" if workers != args.workers[0] else ""),
              flush=True)
    same = all(v == stored[args.workers[0]] for v in stored.values())
    print(f"same articles stored by every run: {same}")
    if not same:
        sys.exit(1)


if __name__ == "__main__":
    main()
