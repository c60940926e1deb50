"""Numbers across languages: the claims of English articles against those of their machine translations.

``../shared/eval/multilingual`` holds English articles together with their machine translations into Russian,
Spanish, French and Italian (``text_kind: machine-translation``, ``translated_from_url`` naming the original).
A translation states the same facts with the same numbers in another language's way ("1,5 millones",
"12 тыс.", "20 %"), so it tests the parser-free claim finder (``newsweave.nlp.foreign_claims``) and the
cross-language comparison (``newsweave.across.claims``) against the English pipeline. Printed, per language:

- **found**: of the English pipeline's claims with a number (count, percent, money, duration), how many have a
  claim of the same value and unit in the translation (all, and those written in digits); and of the
  translation's claims, how many have one in the original (the rest are numbers misread, or the English
  pipeline's misses);
- **cosines**: for each translated claim and each original claim of the same unit, the multilingual cosine of
  their subjects, its margin over each claim's neighbours in the other article (``newsweave.across.claims.
  neighbourhoods``), and the cosine of their sentences with the number masked, split by whether the values agree
  (the same fact, in all likelihood) or not (another fact of the same article: the hardest negatives there are),
  and the share of each passing the bars of ``newsweave.across.claims`` (``ML_SUBJECT_MARGIN``,
  ``ML_SUBJECT_FLOOR``, ``ML_CONTEXT_SAME``) and bars near them: what they were set from;
- **compared**: both articles ingested into one store as two outlets and compared as reports of one event
  (``Corpus.claims_between``): how many facts are corroborated across the two languages, and how many
  contradictions are reported (each a false alarm: a translation does not contradict its original).

With ``--wide``, only the cosines, the translation's claims compared as a claim in a language the multilingual
model lacks would be (``newsweave.embed_wide``: the sentence carried from e5 into its space, the subjects of both
claims on e5 itself, judged by the same margin): what ``WIDE_SUBJECT_MARGIN``, ``WIDE_SUBJECT_FLOOR`` and
``WIDE_CONTEXT_SAME`` were set from (the data holds no Ukrainian; these languages stand in for it).

Usage: python benchmarks/claims_multilingual.py [--pairs ../shared/eval/multilingual/pairs.jsonl] [--limit N]
       [--wide]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np

import newsweave
from newsweave import embed_multilingual, embed_wide
from newsweave.across.claims import (ML_CONTEXT_SAME, ML_SUBJECT_FLOOR, ML_SUBJECT_MARGIN, WIDE_CONTEXT_SAME,
                                     WIDE_SUBJECT_FLOOR, WIDE_SUBJECT_MARGIN, margins, masked, neighbourhoods,
                                     subject_phrase)

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT.parent / "shared" / "eval" / "multilingual" / "pairs.jsonl"
LANGUAGES = ("ru", "es", "fr", "it")
UNITS = ("count", "percent", "money")


def translations(path: Path) -> list[tuple[dict, dict]]:
    articles: dict[str, dict] = {}
    for line in path.open(encoding="utf-8"):
        pair = json.loads(line)
        for side in (pair["a"], pair["b"]):
            articles.setdefault(side["id"], side)
    by_url = {a["url"]: a for a in articles.values() if a.get("url")}
    return sorted(((by_url[a["translated_from_url"]], a) for a in articles.values()
                   if a.get("text_kind") == "machine-translation" and a.get("translated_from_url") in by_url
                   and a["lang"] in LANGUAGES and by_url[a["translated_from_url"]]["lang"] == "en"),
                  key=lambda p: p[1]["id"])


def numeric(claims) -> list:
    return [c for c in claims if (c.unit in UNITS or c.unit.startswith("duration-"))
            and isinstance(c.value, float) and c.subject]


def same(a, b) -> bool:
    return a.unit == b.unit and abs(a.value - b.value) <= 1e-6 * max(1.0, abs(a.value))


def found_and_cosines(pairs, wide: bool = False) -> None:
    found, english, theirs, matched = Counter(), Counter(), Counter(), Counter()
    found_digits, english_digits = Counter(), Counter()
    agree: list[tuple[float, float, float]] = []  # subject cosine, sentence cosine, the subject's margin
    differ: list[tuple[float, float, float]] = []
    for original, translation in pairs:
        lang = translation["lang"]
        mine = numeric(newsweave.annotate(original["text"]).claims)
        other = numeric(newsweave.annotate(translation["text"]).claims)
        english[lang] += len(mine)
        found[lang] += sum(any(same(m, o) for o in other) for m in mine)
        digits = [m for m in mine if any(ch.isdigit() for ch in m.number.text)]
        english_digits[lang] += len(digits)
        found_digits[lang] += sum(any(same(m, o) for o in other) for m in digits)
        theirs[lang] += len(other)
        matched[lang] += sum(any(same(m, o) for m in mine) for o in other)
        pairs_ = [(m, o) for m in mine for o in other if m.unit == o.unit]
        if not pairs_:
            continue
        texts = sorted({t for m, _ in pairs_ for t in (phrase(m), masked(m))})
        mine_vec = dict(zip(texts, embed_multilingual.embed(texts)))
        texts = sorted({t for _, o in pairs_ for t in (phrase(o), masked(o))})
        their_vec = dict(zip(texts, (embed_wide.embed if wide else embed_multilingual.embed)(texts)))
        if wide:  # subjects beside such a claim are compared on e5 itself (newsweave.across.claims._ml_alike)
            texts = sorted({t for m, o in pairs_ for t in (phrase(m), phrase(o))})
            e5 = dict(zip(texts, embed_wide.e5(texts, threads=0)))
            mine_subject = their_subject = e5
        else:
            mine_subject, their_subject = mine_vec, their_vec
        for unit in {m.unit for m, _ in pairs_}:  # the two articles' claims of each unit, as the comparison has them
            claims = [m for m in mine if m.unit == unit] + [o for o in other if o.unit == unit]
            sides = [0] * sum(m.unit == unit for m in mine) + [1] * sum(o.unit == unit for o in other)
            vectors = np.stack([(mine_subject if side == 0 else their_subject)[phrase(c)]
                                for c, side in zip(claims, sides)])
            column, near = neighbourhoods(vectors, sides)
            margin = margins(vectors @ vectors.T, near, np.array([column[side] for side in sides]))
            sentences = np.stack([(mine_vec if side == 0 else their_vec)[masked(c)] for c, side in zip(claims, sides)])
            for i, m in enumerate(claims[:sides.count(0)]):
                for j, o in enumerate(claims[sides.count(0):], sides.count(0)):
                    row = (float(vectors[i] @ vectors[j]), float(sentences[i] @ sentences[j]), float(margin[i, j]))
                    (agree if same(m, o) else differ).append(row)
    print(f"found: {', '.join(f'{k} {found[k]}/{english[k]}' for k in LANGUAGES)}; all "
          f"{sum(found.values())}/{sum(english.values())} of the original's numbers have their claim in the "
          f"translation; {sum(matched.values())}/{sum(theirs.values())} of the translation's claims have theirs "
          "in the original")
    print(f"   numbers in digits: {sum(found_digits.values())}/{sum(english_digits.values())} of the original's "
          "have their claim in the translation (the rest of the original's are number words, which a translation "
          "may write otherwise, and the English pipeline's own misreadings)")
    bars = (WIDE_SUBJECT_MARGIN, WIDE_SUBJECT_FLOOR, WIDE_CONTEXT_SAME) if wide else \
        (ML_SUBJECT_MARGIN, ML_SUBJECT_FLOOR, ML_CONTEXT_SAME)
    grid(agree, differ, *bars, "e5" if wide else "the multilingual model")


def grid(agree: list[tuple[float, float, float]], differ: list[tuple[float, float, float]], margin_bar: float,
         floor_bar: float, context_bar: float, model: str) -> None:
    """How well the subject cosine and its margin tell agreeing pairs from differing ones, and the share of each
    passing the bars of newsweave.across.claims and others near them."""
    from sklearn.metrics import roc_auc_score

    rows = np.array(agree + differ)
    label = np.array([1] * len(agree) + [0] * len(differ))
    print(f"subjects on {model}: AUC of the cosine {roc_auc_score(label, rows[:, 0]):.3f}, of its margin over the "
          f"neighbours {roc_auc_score(label, rows[:, 2]):.3f}; sentences {roc_auc_score(label, rows[:, 1]):.3f}")
    for name, part in (("values agree", rows[label == 1]), ("values differ", rows[label == 0])):
        def share(margin: float, context: float, floor: float = floor_bar) -> float:
            return float(((part[:, 2] >= margin) & (part[:, 0] >= floor) & (part[:, 1] >= context)).mean())

        print(f"{name}: n={len(part)}, subject median {np.median(part[:, 0]):.3f}, margin median "
              f"{np.median(part[:, 2]):.3f}, sentence median {np.median(part[:, 1]):.3f}; passing margin >= "
              f"{margin_bar}, subject >= {floor_bar} and sentence >= {context_bar}: "
              f"{share(margin_bar, context_bar):.3f}")
        for m in (margin_bar - 0.05, margin_bar - 0.02, margin_bar, margin_bar + 0.02):
            contexts = (context_bar - 0.1, context_bar, context_bar + 0.1)
            print(f"   subject >= {floor_bar}  " + "  ".join(f"margin>={m:.2f} c>={c:.2f}: {share(m, c):.3f}"
                                                           for c in contexts))
        print("   the cosine alone (no margin): " + "  ".join(
            f"s>={s:.2f} c>={context_bar}: {share(0.0, context_bar, s):.3f}"
            for s in (floor_bar + 0.1, floor_bar + 0.2, floor_bar + 0.3)))


def phrase(c) -> str:
    return subject_phrase(c.subject, c.head, c.number.text)


def compared(pairs) -> None:
    corroborated, contradicted = Counter(), Counter()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "articles.jsonl"
        with source.open("w", encoding="utf-8") as out:
            for original, translation in pairs:
                for side, outlet in ((original, "original.example"), (translation, "translation.example")):
                    out.write(json.dumps({"id": side["id"], "outlet": outlet, "title": side.get("title"),
                                          "text": side["text"], "url": f"https://{outlet}/{side['id']}",
                                          "published": side.get("published") or side.get("published_est")})
                              + "\n")
        with newsweave.open(Path(tmp) / "claims.db") as corpus:
            corpus.ingest([str(source)])
            ids = {a.url: a.id for a in corpus.articles()}
            for original, translation in pairs:
                lang = translation["lang"]
                for c in corpus.claims_between([ids[f"https://original.example/{original['id']}"],
                                                ids[f"https://translation.example/{translation['id']}"]]):
                    if c.status == "corroborated" and len({v.language for v in c.values}) > 1:
                        corroborated[lang] += 1
                    if c.status == "contradicted":
                        contradicted[lang] += 1
                        print(f"  contradicted ({lang}): " + "; ".join(f"{v.value} [{v.language}] {v.sentence[:90]!r}"
                                                                    for v in c.values))
    print("compared: " + ", ".join(f"{k} {corroborated[k]} corroborated across languages, {contradicted[k]} "
                                   "contradicted" for k in LANGUAGES)
          + f"; all {sum(corroborated.values())} corroborated, {sum(contradicted.values())} contradicted "
          "(false alarms)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=Path, default=PAIRS)
    ap.add_argument("--limit", type=int, default=None, help="only the first N translations")
    ap.add_argument("--wide", action="store_true", help="the translations' claims embedded on newsweave.embed_wide "
                    "(as text in a language the multilingual model lacks); cosines only")
    args = ap.parse_args()
    if not args.pairs.exists():
        sys.exit(f"{args.pairs} is absent: the multilingual pairs live in ../shared/eval")
    pairs = translations(args.pairs)[:args.limit]
    print(f"{len(pairs)} English articles with a machine translation ({', '.join(LANGUAGES)}): "
          + ", ".join(f"{k} {sum(t['lang'] == k for _, t in pairs)}" for k in LANGUAGES))
    found_and_cosines(pairs, args.wide)
    if not args.wide:
        compared(pairs)


if __name__ == "__main__":
    main()
