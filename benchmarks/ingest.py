"""Ingest speed: readers + extract + clean + date, against trafilatura's extract alone on the same HTML.

Builds N HTML pages (default 2,400) from PolNeAR article texts in ../shared/eval/polnear (title and metadata
in the head, paragraphs in an <article>, navigation, share links and a footer around it), or from the
examples corpus when ../shared is absent. Then, in one process and one run:

  1. trafilatura.extract(html) over every page                     (the reference)
  2. newsweave readers + pipeline (extract, clean, date) per page  (our per-article work)
  3. newsweave ingest into a fresh SQLite store                    (the above plus storage)

and prints articles/s for each and the ratios. Usage: python benchmarks/ingest.py [--n 2400]

Steps 1 and 2 are timed page by page, alternating which goes first, after both have run over the first 20 pages
untimed: this machine's speed drifts by tens of per cent within minutes, and timing one whole pass after the
other put that drift (and trafilatura's first-call set-up) into the ratio.
"""

from __future__ import annotations

import argparse
import html
import random
import sys
import tempfile
import time
from pathlib import Path

import trafilatura

import newsweave
from newsweave.model import RawDocument
from newsweave.pipeline import process
from newsweave.readers import read

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear"


def source_texts() -> tuple[list[str], str]:
    files = sorted(POLNEAR.glob("*/text/*.txt"))
    if files:
        return [f.read_text(encoding="utf-8") for f in files], f"{len(files)} PolNeAR articles"
    texts = [p.read_text() for p in (ROOT / "examples" / "corpus").rglob("*.txt")]
    return texts, "the examples corpus (../shared absent)"


def page(text: str, n: int, rng: random.Random) -> str:
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    title = html.escape(paras[0][:120]) if paras else f"Article {n}"
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paras[1:])
    day = f"2016-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    published = f'<meta property="article:published_time" content="{day}">' if n % 3 else ""  # a third undated
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title} | Bench News</title>{published}"
            f"<meta property='og:site_name' content='Bench News {n % 7}'></head><body>"
            "<nav><a href='/'>Home</a> <a href='/politics'>Politics</a></nav>"
            f"<article><h1>{title}</h1>{body}<p>Share</p><p>Tweet</p></article>"
            "<footer>© Bench News. All rights reserved.</footer></body></html>")


WARM_UP = 20


def _ours(path: Path) -> int:
    """newsweave's per-article work on one page file: read, extract, normalize, clean, date. Returns how many
    articles it gave."""
    n = 0
    for item in read([str(path)]):
        if isinstance(item, RawDocument):
            process(item)
            n += 1
    return n


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:8.1f} articles/s ({seconds:6.2f} s)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2400)
    args = ap.parse_args()
    texts, origin = source_texts()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp) / "pages"
        d.mkdir()
        pages = []
        for i in range(args.n):
            # distinct pages: a different base text (cycled) and a number in the title
            text = texts[i % len(texts)]
            h = page(f"{i}: {text}" if i >= len(texts) else text, i, rng)
            (d / f"{i:05d}.html").write_text(h, encoding="utf-8")
            pages.append(h)
        print(f"{args.n} HTML pages from {origin}, {sum(map(len, pages)) / 1e6:.1f} MB; python {sys.version.split()[0]}")

        paths = sorted(d.glob("*.html"))
        for h, path in zip(pages[:WARM_UP], paths):  # imports, caches and first-call set-up of both, untimed
            trafilatura.extract(h)
            _ours(path)
        t_traf = t_ours = 0.0
        n_ok = 0
        for i, (h, path) in enumerate(zip(pages, paths)):
            for which in ((0, 1) if i % 2 else (1, 0)):
                t = time.perf_counter()
                if which == 0:
                    trafilatura.extract(h)
                    t_traf += time.perf_counter() - t
                else:
                    n_ok += _ours(path)
                    t_ours += time.perf_counter() - t

        t = time.perf_counter()
        with newsweave.open(Path(tmp) / "bench.db") as corpus:
            report = corpus.ingest([str(d)], annotate=False)  # annotation: benchmarks/annotate.py
        t_ingest = time.perf_counter() - t

    print(f"trafilatura.extract alone        {rate(args.n, t_traf)}")
    print(f"newsweave read+extract+clean+date {rate(n_ok, t_ours)}   ratio to trafilatura {t_traf / t_ours:.2f}")
    print(f"newsweave ingest (with SQLite)    {rate(len(report.added), t_ingest)}   ratio to trafilatura "
          f"{t_traf / t_ingest:.2f}")
    print(f"failed inputs: {len(report.failed)}")


if __name__ == "__main__":
    main()
