"""Duplicates: the same text under other headlines, with cut or extended endings, other boilerplate.

Each article's cleaned text becomes a set of word 5-gram shingles and a MinHash signature.
The signature is cut into bands whose hashes go into the store, so finding the candidates for a new
article is one indexed lookup however large the corpus is (locality-sensitive hashing). Candidates are
then checked exactly on their shingles: a duplicate shares most of its shingles with the other text
(Jaccard), or nearly all of the shorter text is inside the longer one (containment: a trimmed wire copy).

A duplicate group has one canonical member, the earliest published (ties: the longest text, then the
first stored); every member keeps its own outlet, because who ran the wire story matters for coverage.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass

import numpy as np

from .model import Article

SHINGLE_WORDS = 5
# 42 bands of 3 rows (126 permutations): a pair with Jaccard 0.45 becomes a candidate with probability
# 0.98, one with 0.30 (a copy cut to a third of the original) with 0.68, while unrelated news articles
# (5-gram Jaccard under 0.02) collide with probability under 0.0003, so a lookup in 100k articles checks a
# few dozen candidates at most.
BANDS, ROWS = 42, 3
NUM_PERM = BANDS * ROWS
SEED = 1  # fixed: signatures stored today must match signatures computed tomorrow
# Duplicate when Jaccard >= 0.45 or containment >= 0.8. Calibrated on the pairs PolNeAR lists in
# ../shared/eval/polnear/near-duplicates.tsv (every pair of its 1,008 articles with Jaccard > 0.3 or
# containment > 0.5, read by hand): the seven true duplicates have Jaccard 0.52-1.0 and containment
# 0.69-1.0; the one pair that only shares an embedded passage has Jaccard 0.12 and containment 0.51.
NEAR_DUP_JACCARD = 0.45
NEAR_DUP_CONTAINMENT = 0.8
# Containment alone counts only when the shorter text has at least this many shingles: a one-paragraph
# item fully quoted inside a long article is not a copy of it.
CONTAINMENT_MIN_SHINGLES = 40

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Fingerprint:
    """What dedupe keeps of a text: its shingles (for exact checks), MinHash signature and band keys."""

    shingles: frozenset[str]
    signature: np.ndarray
    bands: tuple[int, ...]


@dataclass(frozen=True)
class Match:
    """An earlier article this one duplicates, with the measured overlap."""

    article: int
    jaccard: float
    containment: float


def shingles(text: str) -> frozenset[str]:
    """Word 5-grams of the lower-cased words; a text shorter than five words is one shingle."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i:i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))


def fingerprint(text: str) -> Fingerprint:
    sh = shingles(text)
    sig = minhash(sh)
    bands = tuple(_band_key(b, sig[b * ROWS:(b + 1) * ROWS]) for b in range(BANDS)) if sh else ()
    return Fingerprint(sh, sig, bands)


# The MinHash signature: each shingle's 32-bit hash (the first four bytes of its SHA-1, little-endian, mixed by
# the MurmurHash3 finalizer) through NUM_PERM maps h -> a*h + b modulo 2^32 (a odd, so each map is a bijection),
# a and b drawn from numpy's RandomState(SEED); each map's smallest value over the shingles. These are the values
# of datasketch 2.0's MinHash (scheme "affine32") with this seed, which made the band keys of stores built
# before; computed here with numpy alone (datasketch imports scipy: 2.7 s in each process, 113 MB installed).
# Checked equal to it on 8,422 texts of ../shared/eval (docs/benchmarks.md) and held by tests/test_dedupe.py.
_EMPTY = np.uint32(0xFFFFFFFF)
# Shingles mapped at once (a chunk's NUM_PERM values each: 5 MB), so a long text needs no matrix of its size.
_CHUNK = 10_000


@functools.lru_cache(maxsize=1)
def _maps() -> tuple[np.ndarray, np.ndarray]:
    draw = np.random.RandomState(SEED)
    a = draw.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = draw.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _mix(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (multiplications wrap modulo 2^32)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def minhash(items: frozenset[str]) -> np.ndarray:
    """The MinHash signature of a set of strings (NUM_PERM values, as uint64; all 2^32 - 1 for no strings)."""
    a, b = _maps()
    out = np.full(NUM_PERM, _EMPTY, dtype=np.uint32)
    values = [int.from_bytes(hashlib.sha1(s.encode("utf-8")).digest()[:4], "little") for s in items]
    for start in range(0, len(values), _CHUNK):
        h = _mix(np.array(values[start:start + _CHUNK], dtype=np.uint32)).reshape(-1, 1)
        out = np.minimum(out, (h * a + b).min(axis=0))
    return out.astype(np.uint64)


def _band_key(band: int, values: np.ndarray) -> int:
    digest = hashlib.blake2b(band.to_bytes(2, "little") + values.tobytes(), digest_size=8).digest()
    return int.from_bytes(digest, "little", signed=True)  # fits SQLite's INTEGER


def overlap(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    """(Jaccard, containment of the smaller set in the larger) of two shingle sets."""
    if not a or not b:
        return 0.0, 0.0
    inter = len(a & b)
    return inter / len(a | b), inter / min(len(a), len(b))


def is_duplicate(a: frozenset[str], b: frozenset[str]) -> tuple[float, float] | None:
    """(Jaccard, containment) when the two shingle sets are copies of one text, else None."""
    jaccard, containment = overlap(a, b)
    if jaccard >= NEAR_DUP_JACCARD or (containment >= NEAR_DUP_CONTAINMENT
                                       and min(len(a), len(b)) >= CONTAINMENT_MIN_SHINGLES):
        return jaccard, containment
    return None


def canonical_key(article: Article) -> tuple:
    """Sort key of the canonical member: earliest published, then the most complete, then the first stored."""
    date = article.date.earliest.isoformat() if article.date else "9999-12-31"
    return date, -len(article.text), article.id or 0


class Deduper:
    """Assigns articles to duplicate groups, incrementally, through the store's LSH band index."""

    def __init__(self, store):
        self.store = store

    def add(self, article: Article, fp: Fingerprint | None = None) -> list[Match]:
        """Find the earlier articles ``article`` (already stored) duplicates, by its fingerprint (computed
        here unless given), and record its group. Returns the matches (empty for a text of its own)."""
        store = self.store
        fp = fp or fingerprint(article.text)
        matches: list[Match] = []
        canonicals: set[int] = set()
        candidates = store.lsh_candidates(fp.bands, exclude=article.id)
        canonical_of = store.duplicate_canonicals(candidates)  # one query, however large a group of copies
        for other_id in candidates:
            canonical = canonical_of[other_id]
            if canonical in canonicals:
                continue  # already in a group this article joins: no need to check it
            found = is_duplicate(fp.shingles, shingles(store.article_text(other_id)))
            if found:
                matches.append(Match(other_id, *found))
                canonicals.add(canonical)
        # each group's canonical is already its first member, so the new one is the first of these
        canonical = min([article, *(store.article(c) for c in canonicals)], key=canonical_key).id
        # rows to (re)write: the new member, the canonical itself, and the members of groups whose canonical
        # changes; a copy joining a large group writes one row, not the whole group again
        members = {article.id, canonical}
        for c in canonicals - {canonical}:
            members.update(store.duplicate_members(c))
        best = max(matches, key=lambda m: m.jaccard, default=None)
        with store.atomic():
            store.add_fingerprint(article.id, fp.bands)
            store.set_duplicate_group(sorted(members), canonical)
            store.set_duplicate_match(article.id, best.article if best else None, best.jaccard if best else None)
        return matches
