"""Term vectors for event clustering: sublinear term frequencies of an article's words, weighted by the
inverse document frequency of the store at the time of comparison (TF-IDF as in Miranda et al. 2018,
"Multilingual Clustering of Streaming News": term counts are kept, IDF is applied when comparing, so an
event's centroid never goes stale as the corpus grows).

An article's terms are the content words of its headline (counted :data:`TITLE_WEIGHT` times: the
headline names the happening) and of its text. Each article keeps its :data:`MAX_TERMS` most frequent
terms; an event keeps the sum of its articles' unit-length term vectors, cut to :data:`CENTROID_TERMS`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable

from .lexicon import stop_words

# Terms kept per article, most frequent first. A news report of 600 words has about 250 distinct content
# words; the 150 most frequent carry what it is about, and the store's postings stay bounded.
MAX_TERMS = 150
# Terms kept in an event's centroid (the largest weights): enough for ten reports' shared vocabulary.
CENTROID_TERMS = 300
# Headline words count this many times: the headline names the happening (the TF-IDF baseline of the
# stories benchmark reads title and text together; doubling the title is Miranda et al.'s title field).
TITLE_WEIGHT = 2

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,]\d+)*")


def tokens(text: str) -> list[str]:
    """Lower-cased content words (three letters or more, not stop words) and numbers of four digits or
    more (years, large counts) of ``text``, in order."""
    stop = stop_words()
    out = []
    for w in _WORD.findall(text):
        w = w.lower().replace("’", "'")
        if w[0].isdigit():
            if len(w) >= 4:
                out.append(w)
        elif len(w) >= 3 and w not in stop:
            out.append(w.removesuffix("'s"))
    return out


def article_terms(title: str | None, text: str) -> dict[str, float]:
    """Sublinear term frequencies (1 + log tf) of an article's :data:`MAX_TERMS` most frequent terms."""
    counts = Counter(tokens(text))
    for w in tokens(title or ""):
        counts[w] += TITLE_WEIGHT
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS]
    return {w: 1.0 + math.log(n) for w, n in top}


def unit(weights: dict[str, float]) -> dict[str, float]:
    """``weights`` scaled to unit Euclidean length."""
    norm = math.sqrt(sum(v * v for v in weights.values()))
    return {w: v / norm for w, v in weights.items()} if norm else {}


def add_to_centroid(centroid: dict[str, float], terms: dict[str, float]) -> dict[str, float]:
    """A centroid (sum of unit term vectors) with one more article's terms added, cut to CENTROID_TERMS."""
    return combine(centroid, unit(terms))


def combine(a: dict[str, float], b: dict[str, float]) -> dict[str, float]:
    """The sum of two centroids, cut to its CENTROID_TERMS largest weights."""
    out = dict(a)
    for w, v in b.items():
        out[w] = out.get(w, 0.0) + v
    if len(out) > CENTROID_TERMS:
        out = dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))[:CENTROID_TERMS])
    return out


def idf(df: int, n: int) -> float:
    """Smoothed inverse document frequency (as scikit-learn's ``smooth_idf``): a term in every document
    still weighs 1, a term of one document in ``n`` weighs 1 + ln((n + 1) / 2)."""
    return math.log((n + 1) / (df + 1)) + 1.0


def weighted(terms: dict[str, float], weight: Callable[[str], float]) -> tuple[dict[str, float], float]:
    """``terms`` with each term multiplied by ``weight(term)`` (its IDF), and the result's Euclidean norm."""
    out = {w: v * weight(w) for w, v in terms.items()}
    return out, math.sqrt(sum(v * v for v in out.values()))


def tfidf_cosine(a: dict[str, float] | tuple[dict[str, float], float], b: dict[str, float],
                 weight: Callable[[str], float], b_norm: float | None = None) -> float:
    """Cosine of two term-frequency vectors once each term is multiplied by ``weight(term)`` (its IDF). ``a``
    may be given already weighted (:func:`weighted`), when it is compared with many ``b``, and ``b``'s weighted
    norm when it is known."""
    wa, na = a if isinstance(a, tuple) else weighted(a, weight)
    if not wa or not b or not na:
        return 0.0
    dot = sum(wa[w] * b[w] * weight(w) for w in sorted(wa.keys() & b.keys()))  # sorted: the same sum every run
    if not dot:
        return 0.0
    nb = b_norm if b_norm is not None else weighted(b, weight)[1]
    return dot / (na * nb)


def vocabulary(vectors: Iterable[dict[str, float]]) -> set[str]:
    """Every term of ``vectors``."""
    out: set[str] = set()
    for v in vectors:
        out.update(v)
    return out
