"""Same event across languages: ../shared/eval/multilingual (SemEval-2022 Task 8 pairs) through the real ingest.

Every article of the pairs file is ingested once into one fresh store (JSONL: id, outlet, title, text, url,
and `published`, else `published_est`), so the other pairs' articles are there as distractors. A pair is
predicted "same event" when newsweave puts its two articles in one story (`Corpus.stories`, as
`newsweave stories --json`). The file's own scorer (`score.py` beside it) prints precision, recall and F1 of
"same event" per language pair, per group and overall: first for newsweave as it ingests (English against
English on MiniLM, anything else on the multilingual embedding), then for the English-only baseline, the same
store re-clustered with every article compared as English text (`Clusterer(store, multilingual=False)`).
Also prints how many articles of each language were annotated and placed in a story, and the per-article
cost of the per-article work (`engine.prepare`: read, clean, date, annotate, both embeddings) on English and
on other articles, measured side by side in this process.

Usage: python benchmarks/multilingual.py [--pairs ../shared/eval/multilingual/pairs.jsonl] [--workers 2]
       [--keep FILE]   (keep the ingested store; with an existing FILE, reuse it instead of ingesting)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import newsweave
from newsweave.engine import prepare
from newsweave.settings import default_workers
from newsweave.model import RawDocument
from newsweave.readers import read
from newsweave.settings import Options
from newsweave.stories import Clusterer

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT.parent / "shared" / "eval" / "multilingual" / "pairs.jsonl"
# Articles of each kind timed through engine.prepare for the per-article cost.
COST_SAMPLE = 150


def scorer(pairs: Path):
    spec = importlib.util.spec_from_file_location("multilingual_score", pairs.parent / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load(pairs_path: Path) -> tuple[list[dict], dict[str, dict]]:
    """The pairs, and their distinct articles by id."""
    pairs = [json.loads(line) for line in pairs_path.open(encoding="utf-8")]
    articles: dict[str, dict] = {}
    for pair in pairs:
        for side in (pair["a"], pair["b"]):
            articles.setdefault(side["id"], side)
    return pairs, articles


def record(a: dict) -> dict:
    """An article of the pairs file as newsweave's JSONL reader takes it."""
    return {"id": a["id"], "outlet": a.get("outlet") or "unknown", "title": a.get("title"), "text": a["text"],
            "url": a.get("url"), "published": a.get("published") or a.get("published_est")}


def build(articles: dict[str, dict], db: Path, workers: int) -> None:
    """Ingest every article into a new store at ``db``, with annotation."""
    source = db.parent / "articles.jsonl"
    with source.open("w", encoding="utf-8") as out:
        for a in articles.values():
            out.write(json.dumps(record(a)) + "\n")
    began = time.perf_counter()
    with newsweave.open(db) as corpus:
        report = corpus.ingest([str(source)], workers=workers)
    took = time.perf_counter() - began
    print(f"ingest: {len(report.added)} added, {len(report.failed)} failed, {took:.0f} s "
          f"({took / max(1, len(report.added)) * 1000:.0f} ms an article, {workers} workers)")


def predict(corpus, pairs: list[dict], folder: Path, name: str) -> Path:
    """A predictions file: "same" when both articles of a pair are in one story."""
    by_external = {a.external_id: a.id for a in corpus.articles()}
    story_of = {a.id: story.id for story in corpus.stories() for a in story.articles}
    path = folder / f"{name}.jsonl"
    with path.open("w") as out:
        for pair in pairs:
            a, b = by_external.get(pair["a"]["id"]), by_external.get(pair["b"]["id"])
            same = a is not None and a in story_of and story_of.get(a) == story_of.get(b)
            out.write(json.dumps({"pair_id": pair["pair_id"], "same": same}) + "\n")
    return path


def coverage(corpus, articles: dict[str, dict]) -> None:
    """How many articles of each language were parsed by the English pipeline, annotated without a parser
    (nlp.foreign: quotes, speakers, places), and placed in a story."""
    by_external = {a.external_id: a.id for a in corpus.articles()}
    story_of = {a.id for story in corpus.stories() for a in story.articles}
    langs = Counter(a["lang"] for a in articles.values())
    parsed: Counter[str] = Counter()
    foreign: Counter[str] = Counter()
    placed: Counter[str] = Counter()
    for a in articles.values():
        aid = by_external.get(a["id"])
        if aid is None:
            continue
        st = corpus.store.annotation_status(aid)
        without = bool(st and any("not parsed" in w for w in st[1]))
        parsed[a["lang"]] += bool(st) and not without
        foreign[a["lang"]] += without
        placed[a["lang"]] += aid in story_of
    print("parsed as English / annotated without a parser / in a story, by language: " + ", ".join(
        f"{k} {parsed[k]}/{foreign[k]}/{placed[k]} of {v}" for k, v in langs.most_common()))
    quotes = Counter(q.article for q in corpus.quotes())
    language_of = {by_external.get(a["id"]): a["lang"] for a in articles.values()}
    with_quotes = Counter(language_of[i] for i in quotes if i in language_of)
    print("articles with an attributed quote, by language: " + ", ".join(
        f"{k} {with_quotes[k]} of {v}" for k, v in langs.most_common()))


def cost(articles: dict[str, dict]) -> None:
    """Milliseconds an article of engine.prepare (every per-article stage) on English and other articles, in
    this process, the two samples interleaved batch by batch so a busy machine weighs on both alike."""
    rng = random.Random(17)
    english = [a for a in articles.values() if a["lang"] == "en"]
    other = [a for a in articles.values() if a["lang"] != "en"]
    samples = {"English": rng.sample(english, min(COST_SAMPLE, len(english))),
               "other languages": rng.sample(other, min(COST_SAMPLE, len(other)))}
    options = Options()
    folder = Path(tempfile.mkdtemp(prefix="newsweave-cost-"))

    def raws(batch: list[dict]) -> list[RawDocument]:
        path = folder / "sample.jsonl"
        path.write_text("".join(json.dumps(record(a)) + "\n" for a in batch), encoding="utf-8")
        return [r for r in read([str(path)], options) if isinstance(r, RawDocument)]

    # load every model first: spaCy's, both embeddings, the gazetteer, the French recogniser
    warm = samples["English"][:4] + [a for a in other if a["lang"] == "fr"][:1] + samples["other languages"][:4]
    prepare(raws(warm), options, None, True)
    took = Counter()
    for start in range(0, COST_SAMPLE, 16):
        for kind, sample in samples.items():
            began = time.perf_counter()
            prepare(raws(sample[start:start + 16]), options, None, True)
            took[kind] += time.perf_counter() - began
    shutil.rmtree(folder, ignore_errors=True)
    ms = {k: took[k] / len(samples[k]) * 1000 for k in samples}
    print("per-article work (engine.prepare, one process): " + ", ".join(f"{k} {v:.0f} ms" for k, v in ms.items())
          + f"; other / English = {ms['other languages'] / ms['English']:.2f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=Path, default=PAIRS)
    ap.add_argument("--workers", type=int, default=default_workers())
    ap.add_argument("--keep", type=Path, help="keep the store here (reused when it exists)")
    args = ap.parse_args()
    if not args.pairs.exists():
        sys.exit(f"{args.pairs} is absent: the multilingual pairs live in ../shared/eval")
    pairs, articles = load(args.pairs)
    langs = Counter(a["lang"] for a in articles.values())
    print(f"{len(pairs)} pairs, {len(articles)} distinct articles: "
          + ", ".join(f"{k} {v}" for k, v in langs.most_common()))
    folder = Path(tempfile.mkdtemp(prefix="newsweave-multilingual-"))
    db = folder / "ml.db"
    if args.keep and args.keep.exists():
        shutil.copy(args.keep, db)
        with newsweave.open(db) as corpus:
            corpus.cluster(redo=True)
    else:
        build(articles, db, args.workers)
        if args.keep:
            shutil.copy(db, args.keep)
    score = scorer(args.pairs)
    gold = score.load_gold(str(args.pairs))
    with newsweave.open(db) as corpus:
        coverage(corpus, articles)
        ours = predict(corpus, pairs, folder, "newsweave")
        corpus.store.clear_stories()
        Clusterer(corpus.store, multilingual=False).cluster_new()
        baseline = predict(corpus, pairs, folder, "english-only")
    for path, title in ((ours, "newsweave (same story = same event)"),
                        (baseline, "baseline: the same store clustered as English text (MiniLM only)")):
        same, _ = score.load_pred(str(path))
        score.report(score.evaluate(gold, same), title=title)
    cost(articles)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
