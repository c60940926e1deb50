"""Disagreement between outlets on ClaimDiff dev (../shared/eval/claims: 1,116 sentence pairs from two outlets'
reports of one issue, labelled differ / agree / none; its README says how it was built and scored).

Usage: python benchmarks/claimdiff.py [--store claimdiff.db] [--grid]

Every sentence is ingested as an article of its outlet, dated with its topic's date (JSONL through the normal
pipeline: cleaning, dating, annotation). Each pair is then compared as two reports of one event
(``Corpus.claims_between``), and mapped as the README says: ``differ`` when a fact stated in both is
contradicted, changed-over-time or disputed, else ``agree`` when one is corroborated, else ``none``. Scored with
the corpus's own claims_score.py, beside its numbers-differ baseline. --grid also prints the dispute rule's
precision and recall over its two thresholds (newsweave.across.disputes), read from the texts directly.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLAIMS = ROOT.parent / "shared" / "eval" / "claims"
DIFFER = ("contradicted", "changed-over-time", "disputed")


def scorer():
    spec = importlib.util.spec_from_file_location("claims_score", CLAIMS / "claims_score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def texts(pairs) -> dict[tuple[str, str], dict]:
    """One article per distinct (outlet, sentence)."""
    out = {}
    for p in pairs:
        for side in ("a", "b"):
            key = (p[side]["outlet"], p[side]["text"])
            out.setdefault(key, {"id": f"t{len(out)}", "outlet": p[side]["outlet"], "title": p[side]["article"],
                                 "published": p["date"], "text": p[side]["text"]})
    return out


def predict(corpus, pairs, ids) -> dict[str, str]:
    out = {}
    for p in pairs:
        a, b = ids.get((p["a"]["outlet"], p["a"]["text"])), ids.get((p["b"]["outlet"], p["b"]["text"]))
        if a is None or b is None or a == b:
            continue  # a sentence cleaning dropped (page furniture)
        # a fact stated in both texts (a change one sentence states, "from 6 feet to 3 feet", is not a difference)
        statuses = {c.status for c in corpus.claims_between([a, b]) if {v.article for v in c.values} >= {a, b}}
        out[p["id"]] = "differ" if statuses & set(DIFFER) else "agree" if "corroborated" in statuses else "none"
    return out


def grid(pairs, score) -> None:
    from newsweave.across import disputes
    from newsweave.embed import embed

    sentences = sorted({p[s]["text"] for p in pairs for s in "ab"})
    vectors = dict(zip(sentences, embed(sentences)))
    print("\ndispute rule alone, by thresholds (shared stems, cosine): differ P / R / F1 (predicted)")
    saved = disputes.DISPUTE_SHARED_STEMS, disputes.DISPUTE_SIMILAR
    for stems in (1, 2):
        for similar in (0.3, 0.4, 0.5):
            disputes.DISPUTE_SHARED_STEMS, disputes.DISPUTE_SIMILAR = stems, similar
            found = {}
            for p in pairs:
                a, b = p["a"]["text"], p["b"]["text"]
                for x, y in ((a, b), (b, a)):
                    cue = disputes.disputing_cue(x)
                    if cue and disputes.dispute_cue(y) is None and \
                            disputes.about_same(cue, y, float(vectors[x] @ vectors[y])):
                        found[p["id"]] = "differ"
            d = score.score(pairs, found)["differ"]
            print(f"  {stems} {similar:.1f}: {d['p']:.3f} / {d['r']:.3f} / {d['f1']:.3f} ({d['predicted']})")
    disputes.DISPUTE_SHARED_STEMS, disputes.DISPUTE_SIMILAR = saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="the ingested sentences: reused when it exists, else kept here")
    parser.add_argument("--grid", action="store_true")
    args = parser.parse_args()
    if not (CLAIMS / "pairs.jsonl").exists():
        print(f"skipped: {CLAIMS / 'pairs.jsonl'} is absent")
        return 0
    import newsweave

    score = scorer()
    pairs = score.load_pairs(CLAIMS / "pairs.jsonl")
    table = texts(pairs)
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or Path(tmp) / "claimdiff.db"
        with newsweave.open(store) as corpus:
            if not len(corpus):
                source = Path(tmp) / "sentences.jsonl"
                source.write_text("".join(json.dumps(r) + "\n" for r in table.values()), encoding="utf-8")
                t = time.perf_counter()
                corpus.ingest([str(source)])
                print(f"ingested {len(table)} sentences in {time.perf_counter() - t:.0f} s", file=sys.stderr)
            by_external = {a.external_id: a.id for a in corpus.articles()}
            ids = {key: by_external.get(r["id"]) for key, r in table.items()}
            t = time.perf_counter()
            predictions = predict(corpus, pairs, ids)
            took = time.perf_counter() - t
    ours = score.score(pairs, predictions)
    base = score.score(pairs, {p["id"]: score.baseline(p["a"]["text"], p["b"]["text"]) for p in pairs})
    print(f"ClaimDiff dev, {len(pairs)} pairs ({len(predictions)} compared in {took:.0f} s)")
    print(f"{'':<22} {'differ P':>8} {'R':>6} {'F1':>6} {'(pred)':>7} {'agree P':>8} {'R':>6} {'F1':>6}")
    for name, s in (("baseline, all", base), ("newsweave, all", ours), ("baseline, numeric", base["numeric"]),
                    ("newsweave, numeric", ours["numeric"])):
        d, a = s["differ"], s["agree"]
        print(f"{name:<22} {d['p']:>8.3f} {d['r']:>6.3f} {d['f1']:>6.3f} {d['predicted']:>7} {a['p']:>8.3f} "
              f"{a['r']:>6.3f} {a['f1']:>6.3f}")
    print("confusion (gold by predicted):", json.dumps(ours["confusion_gold_by_predicted"]))
    if args.grid:
        grid(pairs, score)
    return 0


if __name__ == "__main__":
    sys.exit(main())
