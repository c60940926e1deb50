"""Where the per-article work runs: in this process, or in worker processes on every core.

The work is the same function in both places, :func:`prepare`: a batch of raw documents becomes articles
(read, clean, date: the pipeline's stages), their annotations (one spaCy pass) and their embeddings. It is a
pure function of its batch, so batches can run anywhere; what they return is written to the store by one
writer, the caller, in input order, which keeps ingest idempotent and the corpus stages (dedupe, events,
storylines) incremental and ordered. Each worker loads its models once, on its first batch.

Workers start only for work of more than one batch (a handful of files is done sooner in this process than
a worker takes to load spaCy and the embedding model), with the ``spawn`` method (a forked copy of a process
whose model threads are running can deadlock).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain

import numpy as np

from . import errors
from .errors import InputError
from .model import Annotation, Article, RawDocument
from .settings import Options

log = logging.getLogger(__name__)

# Batches in flight per worker: enough to keep every worker busy while the writer stores the last one.
IN_FLIGHT_PER_WORKER = 2


@dataclass
class Prepared:
    """What one raw document became: its article, annotation and vector, or the error that stopped it."""

    raw: RawDocument
    article: Article | None = None
    annotation: Annotation | None = None
    vector: np.ndarray | None = None
    error: tuple[str, str, str] | None = None   # (error class, source, reason): rebuilt by :meth:`failure`
    warnings: list[str] = field(default_factory=list)

    def failure(self) -> InputError | None:
        if self.error is None:
            return None
        kind, source, reason = self.error
        cls = getattr(errors, kind, InputError)
        return (cls if isinstance(cls, type) and issubclass(cls, InputError) else InputError)(source, reason)


def default_workers() -> int:
    """The machine's cores (those this process may use)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def annotate_articles(articles: list[Article]) -> tuple[list[Annotation | None], list[str]]:
    """Annotate a batch in one spaCy pass; an article that breaks the pass is redone alone, and one that fails
    alone gets no annotation and a warning (``newsweave annotate`` retries it)."""
    from .nlp import annotate_many

    items = [(a.text, a.published, a.times) for a in articles]
    try:
        return list(annotate_many(items)), []
    except Exception:  # one bad article must not lose the batch: redo one by one
        log.exception("batch annotation failed; annotating articles one by one")
    out: list[Annotation | None] = []
    warnings = []
    for article, item in zip(articles, items):
        try:
            out.append(next(annotate_many([item])))
        except Exception as e:
            log.exception("annotation failed for %s", article.source)
            warnings.append(f"{article.source}: annotation failed ({type(e).__name__}: {e}); "
                            "run `newsweave annotate` to retry")
            out.append(None)
    return out, warnings


def prepare(raws: list[RawDocument], options: Options, today: dt.date | None, annotate: bool) -> list[Prepared]:
    """The per-article work on one batch: the pipeline's stages, then (with ``annotate``) one annotation pass
    and the embeddings. Never raises for a bad document: its error is in its :class:`Prepared`."""
    from .embed import embed_articles
    from .pipeline import process

    out = []
    for raw in raws:
        try:
            out.append(Prepared(raw, process(raw, options, today=today)))
        except InputError as e:
            out.append(Prepared(raw, error=(type(e).__name__, e.source, e.reason)))
        except Exception as e:  # a bug in a stage must not stop the batch; record it with its input
            log.exception("processing failed for %s", raw.origin.label)
            out.append(Prepared(raw, error=("InputError", raw.origin.label,
                                            f"processing failed ({type(e).__name__}: {e})")))
    done = [p for p in out if p.article is not None]
    if annotate and done:
        annotations, failures = annotate_articles([p.article for p in done])
        vectors = embed_articles([p.article for p in done])
        for p, ann, vector in zip(done, annotations, vectors):
            p.annotation, p.vector = ann, vector
            # its annotation's own warnings (not English...), or why it failed (in order: one per None)
            p.warnings = [f"{p.article.source}: {w}" for w in ann.warnings] if ann is not None else [failures.pop(0)]
    return out


# How often a worker checks that the process that started it is alive.
PARENT_CHECK_S = 1.0


def _start_worker() -> None:
    """Each worker uses one core (two workers of two model threads each on two cores only fight), and leaves
    when its parent is gone: a driver killed mid-ingest (SIGKILL gives it no chance to stop its pool) must not
    leave workers blocked forever on a pipe nobody reads, each holding its models' memory."""
    from .embed import set_threads

    set_threads(1)
    parent = os.getppid()

    def watch_parent() -> None:
        while True:
            time.sleep(PARENT_CHECK_S)
            if os.getppid() != parent:  # re-parented: the driver died
                os._exit(1)

    threading.Thread(target=watch_parent, name="newsweave-parent-watch", daemon=True).start()


class Engine:
    """Runs :func:`prepare` over batches in this process (``workers`` 1) or in a pool of worker processes,
    yielding each batch's result in input order."""

    def __init__(self, workers: int, options: Options, today: dt.date | None, annotate: bool):
        self.workers = max(1, workers)
        self.options, self.today, self.annotate = options, today, annotate
        self.pool: ProcessPoolExecutor | None = None

    def map(self, batches: Iterable[list[RawDocument]]) -> Iterator[list[Prepared]]:
        batches = iter(batches)
        first = next(batches, None)
        if first is None:
            return
        second = next(batches, None)
        if self.workers == 1 or second is None:  # one batch: sooner here than a worker can load its models
            for batch in chain([first], [second] if second is not None else [], batches):
                yield prepare(batch, self.options, self.today, self.annotate)
            return
        import multiprocessing

        self.pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=_start_worker)
        try:
            window: deque = deque()
            for batch in chain([first, second], batches):
                window.append(self.pool.submit(prepare, batch, self.options, self.today, self.annotate))
                if len(window) >= IN_FLIGHT_PER_WORKER * self.workers:
                    yield window.popleft().result()
            while window:
                yield window.popleft().result()
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
