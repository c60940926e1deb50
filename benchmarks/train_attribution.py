"""Fit the attribution-confidence model (src/newsweave/data/attribution.json) on PolNeAR train, reproducibly.

Usage: python benchmarks/train_attribution.py [--target 0.87] [--out src/newsweave/data/attribution.json]

Each quote newsweave finds in the 840 train articles (read in place from ../shared/eval/polnear/train) is an
example; its label is whether the corpus's scorer counts it right with its source (at least half of its
characters inside gold attribution content, and its speaker matching the source of the gold attribution it
overlaps most). Features: newsweave.nlp.confidence.features. A logistic regression (scikit-learn, L2, C=C) is
fitted; cue lemmas seen fewer than MIN_LEMMA times become "other". The trust threshold is the lowest whose
kept quotes reach ``--target`` content+source precision under the scorer, judged on 5-fold cross-validated
probabilities so the threshold is not set on the examples the weights saw. Dev is never read here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from quotes_polnear import POLNEAR, _readable_split, load_scorer  # noqa: E402

MIN_LEMMA = 5
# L2 strength: 0.3 over 1.0 once pairs of features were added (about 2,000 weights; on 5-fold cross-validation by
# article, content+source precision at recall 0.50 0.826 against 0.820 at C=1).
C = 0.3
DUMP: list | None = None  # --dump FILE: every example with its words, for reading the errors
THRESHOLDS = [round(0.05 * i, 2) for i in range(2, 19)]


def examples(docs, scorer):
    from newsweave.nlp import load
    from newsweave.nlp.confidence import features

    nlp = load()
    rows = []  # (doc index, quote content span, speaker span, features, label)
    for i, ((_, text, gold), doc) in enumerate(zip(docs, nlp.pipe([t for _, t, _ in docs], batch_size=16))):
        gold_chars = set().union(*[g["chars"] for g in gold]) if gold else set()
        found = doc._.quotes or []
        for q in found:
            if q.content[1] <= q.content[0]:
                continue
            chars = set(range(*q.content))
            right = len(chars & gold_chars) >= 0.5 * len(chars)
            if right:
                owner = max(gold, key=lambda g: len(chars & g["chars"]))
                right = scorer.source_ok(owner["source"], q.speaker)
            rows.append((i, q.content, q.speaker, q.direct, features(q, doc, found), int(right)))
            if DUMP is not None:
                DUMP.append((text[q.content[0]:q.content[1]], text[q.speaker[0]:q.speaker[1]] if q.speaker else None,
                             text[q.cue[0]:q.cue[1]] if q.cue else None, q.how, int(right),
                             text[max(0, q.content[0] - 150):q.content[1] + 30]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", type=float, default=0.85)
    parser.add_argument("--dump", help="also write (words, speaker, cue, how, right, context, probability) rows "
                                       "as a pickle, for reading the errors")
    parser.add_argument("--out", default=str(ROOT / "src" / "newsweave" / "data" / "attribution.json"))
    args = parser.parse_args(argv)
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold, cross_val_predict

    global DUMP
    DUMP = [] if args.dump else None
    scorer = load_scorer()
    docs = list(scorer.load_split(str(_readable_split(POLNEAR / "train"))))
    rows = examples(docs, scorer)
    counts: dict[str, int] = {}
    for *_, feats, _ in rows:
        for name in feats:
            counts[name] = counts.get(name, 0) + 1
    def kept(feats):
        out = {k: v for k, v in feats.items() if not k.startswith("cue=") or counts[k] >= MIN_LEMMA}
        if len(out) < len(feats):
            out["cue=other"] = 1.0
        return out
    vec = DictVectorizer()
    x = vec.fit_transform([kept(f) for *_, f, _ in rows])
    y = np.array([label for *_, label in rows])
    groups = [r[0] for r in rows]
    lr = LogisticRegression(C=C, max_iter=3000, fit_intercept=False)
    probs = cross_val_predict(lr, x, y, cv=GroupKFold(5), groups=groups, method="predict_proba")[:, 1]

    def score_at(threshold: float) -> dict:
        by_doc: dict[int, list[dict]] = {}
        for (i, content, speaker, direct, _, _), p in zip(rows, probs):
            if p >= threshold:
                by_doc.setdefault(i, []).append({"content": content, "source": speaker, "direct": direct})
        index = {text: i for i, (_, text, _) in enumerate(docs)}
        return scorer.score(docs, lambda text: by_doc.get(index[text], []))

    print(f"PolNeAR train: {len(docs)} articles, {len(rows)} quotes, {y.mean():.3f} right with their source")
    print(f"{'threshold':>9}  {'all c+s P':>9} {'R':>6}  {'direct c+s F1':>13}")
    chosen = None
    for t in [0.0] + THRESHOLDS:
        s = score_at(t)
        p, r, _ = s["all_both"]
        print(f"{t:9.2f}  {p:9.3f} {r:6.3f}  {s['direct_both'][2]:13.3f}")
        if chosen is None and t > 0 and p >= args.target:
            chosen = t
    if args.dump:
        import pickle

        with open(args.dump, "wb") as f:
            pickle.dump([(*row, float(p)) for row, p in zip(DUMP, probs)], f)
    lr.fit(x, y)
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), lr.coef_[0])}
    out = {"about": "attribution confidence (newsweave.nlp.confidence); fitted by benchmarks/train_attribution.py "
                    f"on PolNeAR train ({len(rows)} quotes), threshold for content+source precision "
                    f">= {args.target} on 5-fold cross-validated probabilities",
           "threshold": chosen if chosen is not None else THRESHOLDS[-1], "weights": weights}
    Path(args.out).write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"threshold {out['threshold']}; {len(weights)} weights written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
