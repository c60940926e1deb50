"""Timeline17: key dates and their summaries against the agencies' gold timelines, beside the date-count
baseline; and how a topic's articles fall into storylines.

Usage: python benchmarks/timelines.py --store t17.db [--topics bpoil egypt finan] [--out DIR]

The store holds every article of the topics in ../shared/eval/timelines, all in one store (made here with
``newsweave ingest`` when absent; every outlet, annotated and clustered). For each gold timeline, following
the news-tls protocol of the corpus README: the topic's articles published within the gold's span, k = the
gold's number of dates, m = its sentences per date rounded. newsweave's timeline (``Corpus.key_dates`` over
those articles) and the README's date-count baseline (``score.py --baseline``, which reads HeidelTime's dates;
newsweave finds its own) are scored by ``score.py``: date F1 and align+ m:1 ROUGE-1/2, averaged over the gold
timelines as news-tls does.

Then, per topic: the share of its articles in its largest storyline and how many storylines hold them, and
how many articles sit in a storyline whose main topic is another.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
T17 = ROOT.parent / "shared" / "eval" / "timelines"
sys.path.insert(0, str(ROOT / "benchmarks"))


def run_score(pairs: list[tuple[Path, Path]]) -> dict:
    args = [sys.executable, str(T17 / "score.py"), *[str(p) for pair in pairs for p in pair], "--json"]
    return json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)


def _mean(result: dict) -> dict:
    """score.py's average over several pairs, or the scores of the one pair."""
    return result["average"] if "average" in result else result["pairs"][0]["scores"]


def summary_line(result: dict) -> str:
    m = _mean(result)
    d, r = m["dates"], m["align_m1"]
    return (f"date P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f}; align+ m:1 ROUGE-1 F1 "
            f"{r['rouge_1']['f1']:.3f} ROUGE-2 F1 {r['rouge_2']['f1']:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--topics", nargs="+", default=["bpoil", "egypt", "finan"])
    parser.add_argument("--out", type=Path, help="write each predicted timeline here (JSON)")
    parser.add_argument("--raw", action="store_true", help="print score.py's JSON of the averages")
    args = parser.parse_args(argv)
    if not T17.is_dir():
        print(f"skipped: {T17} is absent (read from ../shared)")
        return 0
    import newsweave
    from calibrate_events import score_storylines

    if not args.store.exists():
        t = time.perf_counter()
        files = [str(T17 / topic / "articles.jsonl") for topic in args.topics]
        with newsweave.open(args.store) as corpus:
            report = corpus.ingest(files)
        elapsed = time.perf_counter() - t
        print(f"ingested {len(report.added)} articles of {', '.join(args.topics)} with annotation and clustering "
              f"in {elapsed:.0f} s ({elapsed / max(len(report.added), 1) * 1000:.0f} ms an article)")
        with newsweave.open(args.store) as corpus:
            t = time.perf_counter()
            corpus.cluster(redo=True)
            again = time.perf_counter() - t
        print(f"clustering alone (events and storylines, all {len(report.added)} again): {again:.1f} s "
              f"({again / max(len(report.added), 1) * 1000:.1f} ms an article, {again / elapsed:.1%} of ingest)")
    out = args.out or Path(tempfile.mkdtemp())
    out.mkdir(parents=True, exist_ok=True)
    ours, base = [], []
    topic_items: dict[str, set[str]] = {}
    with newsweave.open(args.store) as corpus:
        item = {a.origin.item: a for a in corpus.articles()}
        for topic in args.topics:
            meta = json.loads((T17 / topic / "topic.json").read_text())
            records = [json.loads(line) for line in (T17 / topic / "articles.jsonl").open(encoding="utf-8")]
            topic_items[topic] = {r["id"] for r in records}
            for gold in meta["gold"]:
                first, last = dt.date.fromisoformat(gold["first"]), dt.date.fromisoformat(gold["last"])
                k, m = gold["dates"], max(1, round(gold["sentences_per_date"]))
                ids = [item[r["id"]].id for r in records if r["id"] in item and r["published"]
                       and first <= dt.date.fromisoformat(r["published"]) <= last]
                t = time.perf_counter()
                dates = corpus.key_dates(articles=ids, k=k, sentences=m, since=first, until=last)
                elapsed = time.perf_counter() - t
                name = f"{topic}-{Path(gold['file']).stem}"
                pred = out / f"{name}.json"
                pred.write_text(json.dumps([{"date": d.date.isoformat(), "sentences": [s.text for s in d.summary]}
                                            for d in dates], ensure_ascii=False, indent=1))
                baseline = out / f"{name}.baseline.json"
                with baseline.open("w") as fh:
                    subprocess.run([sys.executable, str(T17 / "score.py"), "--baseline",
                                    str(T17 / topic / "articles.jsonl"), str(T17 / topic / gold["file"])],
                                   stdout=fh, check=True)
                gold_path = T17 / topic / gold["file"]
                ours.append((pred, gold_path))
                base.append((baseline, gold_path))
                print(f"{name} (k={k}, m={m}, {len(ids)} articles, {elapsed:.1f} s):")
                print(f"  newsweave: {summary_line(run_score([(pred, gold_path)]))}")
                print(f"  date-count baseline: {summary_line(run_score([(baseline, gold_path)]))}")
        mine, theirs = run_score(ours), run_score(base)
        print(f"average over {len(ours)} gold timelines:")
        print(f"  newsweave: {summary_line(mine)}")
        print(f"  date-count baseline: {summary_line(theirs)}")
        if args.raw:
            print(json.dumps({"newsweave": _mean(mine), "baseline": _mean(theirs)}, indent=1))
        topic_of = {item[r].id: topic for topic, items in topic_items.items() for r in items if r in item}
        print("storylines: " + score_storylines(corpus, topic_of))
    return 0


if __name__ == "__main__":
    sys.exit(main())
