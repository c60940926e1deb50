"""Fit the event merge decision of newsweave/stories.py on labeled event clusters.

Usage: python benchmarks/calibrate_events.py --store events-dev.db [--articles ../shared/eval/stories/articles.jsonl]
       python benchmarks/calibrate_events.py --storylines --store t17-and-stories.db

The store is ``articles.jsonl`` ingested with annotation (``newsweave ingest articles.jsonl --db events-dev.db``;
made here when it does not exist). Every article is placed again in the order a re-cluster takes, by the real
clusterer (candidate events, features) but with the gold label deciding where it goes: the events are the
gold events formed so far, as Miranda et al. (2018) train their merge model. Each candidate the clusterer
scores gives one row (features, same event or not). A logistic regression is fitted on them and its weights
printed, to be copied into EVENT_WEIGHTS and EVENT_BIAS. Then the real online run is scored (BCubed) at a
range of probability thresholds with those weights, for EVENT_SAME. Last, a two-fold cross-validation by
event compares the merge model with the two single-pass baselines of benchmarks/stories.py on events that
none of them was tuned on.

With --storylines, the same for the storyline decision: the store holds the three Timeline17 dev topics and
the stories dev part (``newsweave ingest`` of each ``articles.jsonl``); a gold storyline is a Timeline17 topic
or a stories event (the two pairs of events its README calls one storyline joined). Events are made by the
real clusterer; each new event goes to the storyline of its gold subject; every storyline the clusterer
considers gives a row. Printed per threshold: each subject's share in its largest storyline, and how many
articles sit in a storyline whose main subject is another.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORIES_EVAL = ROOT.parent / "shared" / "eval" / "stories"
sys.path.insert(0, str(ROOT / "benchmarks"))


def gold_of(corpus, articles: Path) -> dict[int, str]:
    """Article id in the store -> gold event label."""
    label = {}
    for line in articles.open(encoding="utf-8"):
        rec = json.loads(line)
        label[rec["id"]] = rec["event"]
    return {a.id: label[a.origin.item] for a in corpus.articles() if a.origin.item in label}


def place(clusterer, ids: set[int] | None = None) -> None:
    """Forget all stories, then place the articles of ``ids`` (all with None) in re-cluster order."""
    store = clusterer.store
    store.clear_stories()
    if ids is None:
        clusterer.cluster_new()
        return
    with store.atomic():
        for article_id in store.cluster_order():
            if article_id in ids:
                clusterer.add(article_id)


def collect(corpus, gold: dict[int, str], ids: set[int] | None = None
            ) -> tuple[list[tuple[float, ...]], list[int], int, int]:
    """Rows of (features, label) from an oracle-driven online run over ``ids`` (all articles with None); also
    how many articles had their gold event among the candidates, of those whose gold event existed already."""
    from newsweave import stories

    rows, labels = [], []
    found = reachable = 0
    event_gold: dict[int, str] = {}

    class Oracle(stories.Clusterer):
        def choose(self, f, scored):
            nonlocal found, reachable
            mine = gold[f.article_id]
            if mine in event_gold.values():
                reachable += 1
                found += any(event_gold[c.state.id] == mine for c in scored)
            right = None
            for c in scored:
                same = event_gold[c.state.id] == mine
                if c.statement < stories.STATEMENT_SAME_EVENT:
                    rows.append(c.features)
                    labels.append(int(same))
                if same:
                    right = c
            return (right, "oracle", 1.0) if right else None

        def _open(self, f):
            decision = super()._open(f)
            event_gold[decision.event] = gold[f.article_id]
            return decision

    place(Oracle(corpus.store), ids)
    return rows, labels, found, reachable


def fit(rows, labels):
    """A logistic regression of the merge decision."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=1.0, max_iter=1000).fit(np.array(rows), np.array(labels))


THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def cross_validate(corpus, gold: dict[int, str], articles: Path) -> None:
    """Two folds by event: each side's merge model (weights and threshold) and each baseline's threshold are
    set on one half of the events and scored on the other; the predictions of both halves are scored
    together with the corpus's scorer. A fair comparison: nobody sees the events they are scored on."""
    from newsweave import stories
    from stories import BASELINE_THRESHOLDS, _line, _records, _scorer, baseline_vectors, single_pass

    scorer = _scorer()
    records = _records(articles)
    item_gold = {r["id"]: r["event"] for r in records}
    events = sorted(set(item_gold.values()))
    fold_of = {e: i % 2 for i, e in enumerate(events)}
    item = {a.id: a.origin.item for a in corpus.articles()}
    vectors = baseline_vectors(records)
    ours: dict[str, str] = {}
    theirs: dict[str, dict[str, str]] = {name: {} for name in vectors}
    saved = stories.EVENT_WEIGHTS, stories.EVENT_BIAS, stories.EVENT_SAME
    for k in (0, 1):
        train = {i for i, g in gold.items() if fold_of[g] != k}
        test = {i for i, g in gold.items() if fold_of[g] == k}
        train_gold = {item[i]: gold[i] for i in train}
        model = fit(*collect(corpus, gold, train)[:2])
        stories.EVENT_WEIGHTS = tuple(float(w) for w in model.coef_[0])
        stories.EVENT_BIAS = float(model.intercept_[0])
        best = (-1.0, None)
        for threshold in THRESHOLDS:
            stories.EVENT_SAME = threshold
            place(stories.Clusterer(corpus.store), train)
            pred = {item[a.id]: s.id for s in corpus.stories() for a in s.articles}
            best = max(best, (scorer.bcubed(train_gold, pred)[2], threshold))
        stories.EVENT_SAME = best[1]
        place(stories.Clusterer(corpus.store), test)
        ours.update({item[a.id]: f"{k}:{s.id}" for s in corpus.stories() for a in s.articles})
        print(f"  fold {k}: newsweave fitted on {len(train)} articles, threshold {best[1]} (train F1 {best[0]:.3f})")
        rows_train = [i for i, r in enumerate(records) if fold_of[r["event"]] != k]
        rows_test = [i for i, r in enumerate(records) if fold_of[r["event"]] == k]
        for name, vecs in vectors.items():
            sub = [records[i] for i in rows_train]
            t = max(BASELINE_THRESHOLDS[name], key=lambda t: scorer.bcubed(
                train_gold, single_pass(sub, vecs[rows_train], t))[2])
            pred = single_pass([records[i] for i in rows_test], vecs[rows_test], t)
            theirs[name].update({i: f"{k}:{c}" for i, c in pred.items()})
            print(f"  fold {k}: {name} threshold {t}")
    stories.EVENT_WEIGHTS, stories.EVENT_BIAS, stories.EVENT_SAME = saved
    print("  two-fold, each half scored by what was set on the other:")
    print("    newsweave: " + _line(item_gold, ours))
    for name, pred in theirs.items():
        print(f"    {name} single-pass: " + _line(item_gold, pred))


def storyline_gold(corpus, t17: Path, stories: Path) -> dict[int, str]:
    """Article id -> gold storyline: a Timeline17 topic, or an event of ../shared/eval/stories (the two pairs
    its README names as happenings of one storyline joined)."""
    label = {}
    for topic_dir in sorted(p for p in t17.iterdir() if (p / "articles.jsonl").exists()):
        for line in (topic_dir / "articles.jsonl").open(encoding="utf-8"):
            label[json.loads(line)["id"]] = topic_dir.name
    joined = {"nc-70b": "nc-70", "wcl-9": "wcl-4"}
    if stories.exists():
        for line in stories.open(encoding="utf-8"):
            rec = json.loads(line)
            label[rec["id"]] = joined.get(rec["event"], rec["event"])
    return {a.id: label[a.origin.item] for a in corpus.articles() if a.origin.item in label}


def collect_storylines(corpus, gold: dict[int, str]) -> tuple[list[tuple[float, ...]], list[int]]:
    """Rows of (storyline link features, same storyline or not): events made by the real clusterer, each new
    event put in the storyline of its gold subject by an oracle."""
    from newsweave import stories

    rows, labels = [], []
    line_gold: dict[int, str] = {}

    class Oracle(stories.Clusterer):
        def choose_storyline(self, article_id, links):
            right = None
            for link in links:
                same = line_gold.get(link.state.id) == gold.get(article_id)
                rows.append(link.features)
                labels.append(int(same))
                right = link.state if same else right
            return right

        def _storyline_for(self, f):
            state = super()._storyline_for(f)
            line_gold.setdefault(state.id, gold.get(f.article_id))
            return state

    corpus.store.clear_stories()
    Oracle(corpus.store).cluster_new()
    return rows, labels


def score_storylines(corpus, gold: dict[int, str]) -> str:
    """Per gold subject with 20 articles or more: share in its largest storyline; and storylines mixing
    subjects (weighted by articles)."""
    line_of = {a.id: s.storyline for s in corpus.stories() for a in s.articles}
    by_subject: dict[str, dict[int, int]] = {}
    by_line: dict[int, dict[str, int]] = {}
    for article_id, subject in gold.items():
        line = line_of.get(article_id)
        by_subject.setdefault(subject, {})[line] = by_subject.setdefault(subject, {}).get(line, 0) + 1
        by_line.setdefault(line, {})[subject] = by_line.setdefault(line, {}).get(subject, 0) + 1
    big = {s: (max(c.values()) / sum(c.values()), len(c)) for s, c in by_subject.items() if sum(c.values()) >= 20}
    mixed = sum(sum(c.values()) - max(c.values()) for c in by_line.values())
    lines_mixed = sum(1 for c in by_line.values() if len(c) > 1)
    return (", ".join(f"{s} {v:.0%} in its largest of {n}" for s, (v, n) in sorted(big.items())) +
            f"; articles outside their storyline's main subject: {mixed} of {len(gold)} "
            f"(in {lines_mixed} storylines of {len(by_line)})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--articles", type=Path, default=STORIES_EVAL / "articles.jsonl")
    parser.add_argument("--storylines", action="store_true",
                        help="fit the storyline decision instead, on a store holding the Timeline17 topics and "
                             "the stories dev part")
    args = parser.parse_args(argv)
    if args.storylines:
        return fit_storylines(args.store, args.articles)
    if not args.articles.exists():
        print(f"skipped: {args.articles} is absent (read from ../shared)")
        return 0
    import numpy as np

    import newsweave
    from newsweave import stories
    from stories import score_eval_stories

    if not args.store.exists():
        subprocess.run([str(Path(sys.executable).parent / "newsweave"), "ingest", str(args.articles), "--db",
                        str(args.store), "--quiet"], check=False)
    with newsweave.open(args.store) as corpus:
        gold = gold_of(corpus, args.articles)
        rows, labels, found, reachable = collect(corpus, gold)
    y = np.array(labels)
    print(f"{len(y)} candidate rows ({int(y.sum())} same event); gold event among the candidates for "
          f"{found} of {reachable} articles whose event existed")
    model = fit(rows, labels)
    names = ("cosine", "tfidf", "entity", "gap", "undated")
    print("weights: " + ", ".join(f"{n} {w:.2f}" for n, w in zip(names, model.coef_[0])) +
          f"; bias {model.intercept_[0]:.2f}")
    print(f"EVENT_WEIGHTS = ({', '.join(f'{w:.1f}' for w in model.coef_[0])})\nEVENT_BIAS = {model.intercept_[0]:.1f}")
    stories.EVENT_WEIGHTS = tuple(float(w) for w in model.coef_[0])
    stories.EVENT_BIAS = float(model.intercept_[0])
    for threshold in THRESHOLDS:
        stories.EVENT_SAME = threshold
        with newsweave.open(args.store) as corpus:
            corpus.cluster(redo=True)
            print(f"  EVENT_SAME {threshold:.1f}: " + score_eval_stories(corpus, args.articles))
    with newsweave.open(args.store) as corpus:
        cross_validate(corpus, gold, args.articles)
        corpus.cluster(redo=True)  # leave the store clustered with the settings in the code
    return 0


def fit_storylines(store: Path, articles: Path) -> int:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    import newsweave
    from newsweave import stories

    t17 = ROOT.parent / "shared" / "eval" / "timelines"
    with newsweave.open(store) as corpus:
        corpus.cluster()  # vectors and term vectors of articles that lack them
        gold = storyline_gold(corpus, t17, articles)
        rows, labels = collect_storylines(corpus, gold)
    x, y = np.array(rows), np.array(labels)
    print(f"{len(y)} storyline candidate rows ({int(y.sum())} same subject)")
    model = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    print("weights: " + ", ".join(f"{n} {w:.2f}" for n, w in zip(("cosine", "tfidf", "shared"), model.coef_[0]))
          + f"; bias {model.intercept_[0]:.2f}")
    stories.STORYLINE_WEIGHTS = tuple(float(w) for w in model.coef_[0])
    stories.STORYLINE_BIAS = float(model.intercept_[0])
    for threshold in (0.5, 0.7, 0.8, 0.9, 0.95):
        stories.STORYLINE_SAME = threshold
        with newsweave.open(store) as corpus:
            corpus.cluster(redo=True)
            print(f"  STORYLINE_SAME {threshold:.1f}: {score_storylines(corpus, gold)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
