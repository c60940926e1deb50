"""Remarks across languages: quotes of English articles against the quotes of their machine translations.

``../shared/eval/multilingual`` holds English articles together with their machine translations into Russian,
Spanish, French and Italian (``text_kind: machine-translation``, ``translated_from_url`` naming the original).
The English article is annotated by the English pipeline, its translation by the parser-free one
(``newsweave.nlp.foreign``). Printed:

- how many of the English direct quotes (6 words or more) have an attributed quote in the translation (the
  parser-free annotator's recall, measured against the English pipeline's, per language);
- the multilingual cosine (``newsweave.embed_multilingual``) of each translated quote with its mutual best
  match among the original's quotes (its translation, in all likelihood) and with the original's other quotes
  (same subject, same speakers: the hardest negatives there are), and the share of each at a range of
  thresholds: what ``across.statements.CROSS_LANGUAGE_MATCH`` was set from.

With ``--wide`` the translated quotes are embedded as text in a language the multilingual model lacks would be
(e5 carried into its space, ``newsweave.embed_wide``) and the English ones on the multilingual model: whether the
threshold holds for such a language (Ukrainian; the data has none, so these languages stand in for it).

Usage: python benchmarks/statements_multilingual.py [--pairs ../shared/eval/multilingual/pairs.jsonl] [--wide]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

import numpy as np

import newsweave
from newsweave import embed_multilingual, embed_wide
from newsweave.across.statements import CROSS_LANGUAGE_MATCH, WIDE_LANGUAGE_MATCH
from newsweave.nlp.foreign import annotate

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT.parent / "shared" / "eval" / "multilingual" / "pairs.jsonl"
LANGUAGES = ("ru", "es", "fr", "it")
MIN_WORDS = 6
THRESHOLDS = (0.45, 0.5, 0.525, 0.55, 0.6, 0.65, 0.7)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=Path, default=PAIRS)
    ap.add_argument("--wide", action="store_true", help="embed the translated quotes on newsweave.embed_wide")
    args = ap.parse_args()
    if not args.pairs.exists():
        sys.exit(f"{args.pairs} is absent: the multilingual pairs live in ../shared/eval")
    articles: dict[str, dict] = {}
    for line in args.pairs.open(encoding="utf-8"):
        pair = json.loads(line)
        for side in (pair["a"], pair["b"]):
            articles.setdefault(side["id"], side)
    by_url = {a["url"]: a for a in articles.values() if a.get("url")}
    translations = [(by_url[a["translated_from_url"]], a) for a in articles.values()
                    if a.get("text_kind") == "machine-translation" and a.get("translated_from_url") in by_url
                    and a["lang"] in LANGUAGES and by_url[a["translated_from_url"]]["lang"] == "en"]
    english_quotes: Counter[str] = Counter()
    found: Counter[str] = Counter()
    best, others = [], []
    for original, translation in translations:
        lang = translation["lang"]
        mine = [q.content.text for q in newsweave.annotate(original["text"]).quotes
                if q.direct and q.speaker and len(q.content.text.split()) >= MIN_WORDS]
        theirs = [q.content.text for q in annotate(translation["text"], lang).quotes]
        english_quotes[lang] += len(mine)
        found[lang] += min(len(theirs), len(mine))
        if not mine or not theirs:
            continue
        cos = embedding(theirs, args.wide) @ embedding(mine).T
        for i in range(len(theirs)):
            j = int(cos[i].argmax())
            if int(cos[:, j].argmax()) == i:
                best.append(float(cos[i, j]))
                others.extend(float(cos[i, k]) for k in range(len(mine)) if k != j)
    print(f"{len(translations)} English articles with a machine translation ({', '.join(LANGUAGES)})")
    print("translated quotes attributed, of the English pipeline's direct quotes (6+ words, with a speaker): "
          + ", ".join(f"{k} {found[k]}/{english_quotes[k]}" for k in LANGUAGES)
          + f"; all {sum(found.values())}/{sum(english_quotes.values())}")
    b, o = np.array(best), np.array(others)
    print(f"multilingual cosine, a translated quote and its mutual best match: n={len(b)}, median {np.median(b):.3f}, "
          f"10th percentile {np.percentile(b, 10):.3f}")
    print(f"   and the original's other quotes: n={len(o)}, median {np.median(o):.3f}, "
          f"99th percentile {np.percentile(o, 99):.3f}, max {o.max():.3f}")
    print("threshold   best matches at or above   other quotes at or above")
    for t in THRESHOLDS:
        mark = ("  <- WIDE_LANGUAGE_MATCH" if t == WIDE_LANGUAGE_MATCH else "") if args.wide else (
            "  <- CROSS_LANGUAGE_MATCH" if t == CROSS_LANGUAGE_MATCH else "")
        print(f"{t:>9}   {(b >= t).mean():>24.3f}   {(o >= t).mean():>24.3f}{mark}")


def embedding(texts: list[str], wide: bool = False) -> np.ndarray:
    cut = [" ".join(t.split()[:60]) for t in texts]
    return embed_wide.embed(cut) if wide else embed_multilingual.embed(cut)


if __name__ == "__main__":
    main()
