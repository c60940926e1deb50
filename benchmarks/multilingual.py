"""Same event across languages: ../shared/eval/multilingual (SemEval-2022 Task 8 pairs) through the real ingest.

Every article of the pairs file is ingested once into one fresh store (JSONL: id, outlet, title, text, url,
and `published`, else `published_est`), so the other pairs' articles are there as distractors. A pair is
predicted "same event" when newsweave puts its two articles in one story (`Corpus.story_rows` /
`newsweave stories --json`). The file's own scorer (`score.py` beside it) prints precision, recall and F1 of
"same event" per language pair, per group and overall. Also prints how many articles of each language were
annotated and placed in a story, and the ingest time per article by language group.

Usage: python benchmarks/multilingual.py [--pairs ../shared/eval/multilingual/pairs.jsonl] [--workers 2]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import newsweave
from newsweave.engine import default_workers

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT.parent / "shared" / "eval" / "multilingual" / "pairs.jsonl"


def scorer(pairs: Path):
    spec = importlib.util.spec_from_file_location("multilingual_score", pairs.parent / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=Path, default=PAIRS)
    ap.add_argument("--workers", type=int, default=default_workers())
    args = ap.parse_args()
    if not args.pairs.exists():
        sys.exit(f"{args.pairs} is absent: the multilingual pairs live in ../shared/eval")
    pairs = [json.loads(line) for line in args.pairs.open(encoding="utf-8")]
    articles: dict[str, dict] = {}
    for pair in pairs:
        for side in (pair["a"], pair["b"]):
            articles.setdefault(side["id"], side)
    folder = Path(tempfile.mkdtemp(prefix="newsweave-multilingual-"))
    source = folder / "articles.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for a in articles.values():
            out.write(json.dumps({"id": a["id"], "outlet": a.get("outlet") or "unknown", "title": a.get("title"),
                                  "text": a["text"], "url": a.get("url"),
                                  "published": a.get("published") or a.get("published_est")}) + "\n")
    langs = Counter(a["lang"] for a in articles.values())
    print(f"{len(pairs)} pairs, {len(articles)} distinct articles: "
          + ", ".join(f"{k} {v}" for k, v in langs.most_common()))
    began = time.perf_counter()
    with newsweave.open(folder / "ml.db") as corpus:
        report = corpus.ingest([str(source)], workers=args.workers)
        took = time.perf_counter() - began
        by_external = {a.external_id: a.id for a in corpus.articles()}
        story_of = {aid: story.id for story in corpus.stories() for aid in (a.id for a in story.articles)}
        status = {aid: corpus.store.annotation_status(aid) for aid in by_external.values()}
    print(f"ingest: {len(report.added)} added, {len(report.failed)} failed, {took:.0f} s "
          f"({took / max(1, len(report.added)) * 1000:.0f} ms an article, {args.workers} workers)")
    annotated: Counter[str] = Counter()
    placed: Counter[str] = Counter()
    for a in articles.values():
        aid = by_external.get(a["id"])
        if aid is None:
            continue
        st = status.get(aid)
        annotated[a["lang"]] += bool(st and not any("not annotated" in w for w in st[1]))
        placed[a["lang"]] += aid in story_of
    print("annotated / in a story, by language: " + ", ".join(
        f"{k} {annotated[k]}/{placed[k]} of {v}" for k, v in langs.most_common()))
    predictions = folder / "predictions.jsonl"
    with predictions.open("w") as out:
        for pair in pairs:
            a, b = by_external.get(pair["a"]["id"]), by_external.get(pair["b"]["id"])
            same = a is not None and b is not None and a in story_of and story_of.get(a) == story_of.get(b)
            out.write(json.dumps({"pair_id": pair["pair_id"], "same": same}) + "\n")
    score = scorer(args.pairs)
    gold = score.load_gold(str(args.pairs))
    same, _ = score.load_pred(str(predictions))
    score.report(score.evaluate(gold, same), title="newsweave (same story = same event)")


if __name__ == "__main__":
    main()
