"""Fit the cross-language merge decision of newsweave/stories.py (ML_WEIGHTS, ML_BIAS, ML_SAME) on rated pairs.

Usage: python benchmarks/calibrate_languages.py --store ml.db [--pairs ../shared/eval/multilingual/pairs.jsonl]

The store is every article of the pairs file ingested with annotation (``benchmarks/multilingual.py --keep
ml.db`` makes it). Each labelled pair with a report in a language other than English gives one row: the
evidence the real clusterer weighs when one article meets the event the other opened (``Clusterer.pair``:
multilingual cosine, TF-IDF cosine, days apart), labelled by the raters' "same event". Pairs that time rules
out (more than EVENT_MAX_GAP_DAYS apart) cannot be joined and count as "not same". A logistic regression is
fitted on all rows and its weights printed, to be copied into stories.py; a five-fold cross-validation by
rated pair (an article and its translations stay in one fold) prints pairwise precision, recall and F1 per
group at a range of probability thresholds, from models that did not see the pairs they score.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

import newsweave
from newsweave.stories import Clusterer

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT.parent / "shared" / "eval" / "multilingual" / "pairs.jsonl"
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def rows(corpus, pairs: list[dict]) -> tuple[list[tuple[float, ...] | None], list[dict]]:
    """Evidence for each labelled pair with a non-English report (None when time rules the pair out)."""
    clusterer = Clusterer(corpus.store)
    by_external = {a.external_id: a.id for a in corpus.articles()}
    out, kept = [], []
    for pair in pairs:
        if pair["same_event"] is None or pair["lang_pair"] == "en-en":
            continue
        a, b = by_external.get(pair["a"]["id"]), by_external.get(pair["b"]["id"])
        if a is None or b is None:
            continue
        c = clusterer.pair(clusterer.features(a), clusterer.features(b))
        out.append(c.features if c is not None and c.crosslingual else None)
        kept.append(pair)
    return out, kept


def scores(probabilities: np.ndarray, pairs: list[dict]) -> None:
    groups = ("cross-lingual", "mono-other", "all")
    print("threshold  " + "  ".join(f"{g:>22}" for g in groups) + "   (P / R / F1 of 'same event', pairwise)")
    for t in THRESHOLDS:
        cells = []
        for g in groups:
            m = [g == "all" or p["group"] == g for p in pairs]
            gold = np.array([p["same_event"] for p, keep in zip(pairs, m) if keep])
            pred = probabilities[np.array(m)] >= t
            tp = int((pred & gold).sum())
            precision = tp / max(1, pred.sum())
            recall = tp / max(1, gold.sum())
            f1 = 2 * precision * recall / max(1e-9, precision + recall)
            cells.append(f"{precision:.3f} / {recall:.3f} / {f1:.3f}")
        print(f"{t:>9}  " + "  ".join(f"{c:>22}" for c in cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    args = parser.parse_args(argv)
    if not args.store.exists():
        sys.exit(f"{args.store} is absent: make it with benchmarks/multilingual.py --keep {args.store}")
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    pairs = [json.loads(line) for line in args.pairs.open(encoding="utf-8")]
    with newsweave.open(args.store) as corpus:
        evidence, kept = rows(corpus, pairs)
    usable = np.array([e is not None for e in evidence])
    x = np.array([e for e in evidence if e is not None])
    y = np.array([p["same_event"] for p, e in zip(kept, evidence) if e is not None])
    groups = np.array([p["base_pair_id"].split("_")[0] for p, e in zip(kept, evidence) if e is not None])
    print(f"{len(kept)} labelled pairs with a non-English report; {len(x)} within the time window "
          f"({int(y.sum())} same event); {int((~usable).sum())} ruled out by time, of them "
          f"{sum(p['same_event'] for p, u in zip(kept, usable) if not u)} same event")
    model = LogisticRegression(C=1.0, max_iter=1000).fit(x, y)
    print("ML_WEIGHTS = (" + ", ".join(f"{w:.1f}" for w in model.coef_[0]) + f")\nML_BIAS = {model.intercept_[0]:.1f}")
    held = np.zeros(len(x))
    for train, test in GroupKFold(5).split(x, y, groups):
        held[test] = LogisticRegression(C=1.0, max_iter=1000).fit(x[train], y[train]).predict_proba(x[test])[:, 1]
    probabilities = np.zeros(len(kept))
    probabilities[usable] = held
    print("five-fold cross-validation by rated pair:")
    scores(probabilities, kept)
    return 0


if __name__ == "__main__":
    sys.exit(main())
