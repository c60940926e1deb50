"""Fit the map that carries e5 vectors into the multilingual USE's space (newsweave/embed_wide.py) and measure it.

Usage: python benchmarks/fit_wide_map.py [--cache vectors.npz] [--write]

Texts that both models embed: every article of ``../shared/eval/multilingual/pairs.jsonl`` as newsweave embeds an
article (headline and lead) and two of its sentences (news in ten languages, machine translations among them),
and 1,500 passages and 1,500 sentences of the English news of ``../shared/eval/timelines`` and
``../shared/eval/stories``. The map is a ridge regression from e5's 384 dimensions to USE's 512 (RIDGE).

Measured before it is written: the rated pairs of the pairs file whose two reports are in two languages, one
report's USE vector replaced by its mapped e5 vector, as a report in a language USE lacks would be (each side in
turn). A fold holds whole groups of pairs that share an article (an article and its translations), and the map
that scores a fold was fitted without that fold's texts (the English texts are in every fit). Printed: AUC of
the cosine for "same event", the best F1 at one threshold and where it lies, the F1 at USE's own best threshold,
and how the mapped cosines follow USE's own (correlation, mean difference). ``--write`` then fits on every text
and writes ``src/newsweave/data/e5-use-map.npy`` (float16). Embedding the ~12,000 texts on e5 (each cut as
``embed_wide.MAX_CHARS`` cuts it) takes ~8 minutes on two cores; ``--cache`` keeps the vectors for the next run.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import zlib
from pathlib import Path
from types import SimpleNamespace

import numpy as np

from newsweave import embed, embed_multilingual, embed_wide

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
PAIRS = EVAL / "multilingual" / "pairs.jsonl"
ENGLISH = [EVAL / "timelines" / t / "articles.jsonl" for t in ("bpoil", "egypt", "finan")] + [
    EVAL / "stories" / "articles.jsonl"]
OUT = ROOT / "src" / "newsweave" / embed_wide.MAP_FILE
# Ridge penalty of the map: 0.03, 0.1 and 0.3 gave the same cross-validated figures within 0.03 (2026-12-03,
# docs/benchmarks.md); 0.1 is the middle.
RIDGE = 0.1
FOLDS = 5
ENGLISH_SAMPLE = 1_500
SENTENCES_PER_ARTICLE = 2
_SENTENCE = re.compile(r"(?<=[.!?。！？])\s*")


def passage(title: str | None, text: str) -> str:
    """:func:`newsweave.embed.passage` of a record (it reads only an article's title and text)."""
    return embed.passage(SimpleNamespace(title=title, text=text))


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text.replace("\n", " ")) if 20 <= len(s) <= 300]


def texts(pairs: list[dict]) -> tuple[list[str], list[str | None], list[str]]:
    """(texts, the pairs-file article each comes from or None for the English ones, article ids in order)."""
    articles = {r[side]["id"]: r[side] for r in pairs for side in ("a", "b")}
    ids = sorted(articles)
    rng = random.Random(2)
    out, source = [], []
    for i in ids:
        a = articles[i]
        out.append(passage(a["title"], a["text"] or ""))
        source.append(i)
    for i in ids:
        found = sentences(articles[i]["text"] or "")
        for s in rng.sample(found, min(SENTENCES_PER_ARTICLE, len(found))):
            out.append(s)
            source.append(i)
    english = [json.loads(line) for f in ENGLISH for line in f.open(encoding="utf-8")]
    rng = random.Random(1)
    for a in rng.sample(english, ENGLISH_SAMPLE):
        out.append(passage(a.get("title"), a.get("text") or ""))
        source.append(None)
    for a in rng.sample(english, ENGLISH_SAMPLE):
        found = [s for s in sentences(a.get("text") or "") if 6 <= len(s.split()) <= 40]
        if found:
            out.append(rng.choice(found))
            source.append(None)
    return out, source, ids


def ridge(x: np.ndarray, y: np.ndarray, penalty: float) -> np.ndarray:
    return np.linalg.solve(x.T @ x + penalty * np.eye(x.shape[1]), x.T @ y)


def unit(m: np.ndarray) -> np.ndarray:
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)


def auc(score: np.ndarray, same: np.ndarray) -> float:
    pos, neg = score[same], score[~same]
    return float(((pos[:, None] > neg[None, :]).sum() + 0.5 * (pos[:, None] == neg[None, :]).sum())
                 / (len(pos) * len(neg)))


def best_f1(score: np.ndarray, same: np.ndarray) -> tuple[float, float]:
    order = np.argsort(-score)
    hits = np.cumsum(same[order])
    precision, recall = hits / np.arange(1, len(order) + 1), hits / same.sum()
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    k = int(f1.argmax())
    return float(f1[k]), float(score[order][k])


def f1_at(score: np.ndarray, same: np.ndarray, threshold: float) -> float:
    chosen = score >= threshold
    hits = (chosen & same).sum()
    precision, recall = hits / max(chosen.sum(), 1), hits / same.sum()
    return float(2 * precision * recall / max(precision + recall, 1e-12))


def groups(pairs: list[dict], ids: list[str]) -> dict[str, int]:
    """Each article's fold: pairs that share an article are one group, and a group one fold."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in pairs:
        parent[find(r["a"]["id"])] = find(r["b"]["id"])
    return {i: zlib.crc32(find(i).encode()) % FOLDS for i in ids}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="keep (or read) the two models' vectors here")
    parser.add_argument("--write", action="store_true", help=f"write the map fitted on every text to {OUT}")
    args = parser.parse_args()
    if not PAIRS.exists():
        print(f"skipped: {PAIRS} is not here (../shared/eval is needed)")
        return 0
    pairs = [json.loads(line) for line in PAIRS.open(encoding="utf-8")]
    corpus, source, ids = texts(pairs)
    if args.cache and args.cache.exists():
        kept = np.load(args.cache)
        use, e5 = kept["use"], kept["e5"]
    else:
        use = embed_multilingual.embed(corpus)
        e5 = embed_wide.e5(corpus, threads=0)
        if args.cache:
            np.savez(args.cache, use=use, e5=e5)
    print(f"{len(corpus)} texts: {sum(s is not None for s in source)} from the pairs file's {len(ids)} articles, "
          f"{sum(s is None for s in source)} English")
    fold_of = groups(pairs, ids)
    row = {i: k for k, i in enumerate(ids)}  # an article's passage is its row (passages come first)
    fold = np.array([fold_of[s] if s is not None else -1 for s in source])
    rated = [r for r in pairs if r["same_event"] is not None and r["a"]["lang"] != r["b"]["lang"]]
    same = np.array([bool(r["same_event"]) for r in rated])
    a = np.array([row[r["a"]["id"]] for r in rated])
    b = np.array([row[r["b"]["id"]] for r in rated])
    native = np.sum(use[a] * use[b], axis=1)
    native_f1, native_at = best_f1(native, same)
    print(f"\n{len(rated)} rated pairs across languages ({same.sum()} same event)")
    print(f"{'compared':<34} {'AUC':>6} {'best F1':>8} {'at':>6} {'F1 at USE best':>15} {'corr':>6} {'diff':>6}")
    print(f"{'USE, both reports':<34} {auc(native, same):6.3f} {native_f1:8.3f} {native_at:6.3f} "
          f"{native_f1:15.3f} {1:6.3f} {0:6.3f}")
    mapped_a, mapped_b = np.zeros(len(rated)), np.zeros(len(rated))
    for k in range(FOLDS):
        mapped = unit(e5 @ ridge(e5[fold != k], use[fold != k], RIDGE))
        here = fold[a] == k
        mapped_a[here] = np.sum(mapped[a[here]] * use[b[here]], axis=1)
        mapped_b[here] = np.sum(use[a[here]] * mapped[b[here]], axis=1)
    for name, score in (("e5 mapped for the first report", mapped_a), ("e5 mapped for the second report", mapped_b)):
        f1, at = best_f1(score, same)
        print(f"{name:<34} {auc(score, same):6.3f} {f1:8.3f} {at:6.3f} {f1_at(score, same, native_at):15.3f} "
              f"{np.corrcoef(score, native)[0, 1]:6.3f} {float(np.mean(score - native)):+6.3f}")
    e5_alone = np.sum(e5[a] * e5[b], axis=1)
    f1, at = best_f1(e5_alone, same)
    print(f"{'e5 alone, both reports':<34} {auc(e5_alone, same):6.3f} {f1:8.3f} {at:6.3f}")
    if args.write:
        OUT.parent.mkdir(parents=True, exist_ok=True)
        np.save(OUT, ridge(e5, use, RIDGE).astype(np.float16))
        print(f"\nwrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
