"""Where the per-article work runs: in this process, or in worker processes on every core.

The work is the same function in both places, :func:`prepare`: a batch of raw documents becomes articles
(read, clean, date: the pipeline's stages), their annotations (one spaCy pass) and their embeddings. It is a
pure function of its batch, so batches can run anywhere; what they return is written to the store by one
writer, the caller, in input order, which keeps ingest idempotent and the corpus stages (dedupe, events,
storylines) incremental and ordered. Each worker loads its models once, on its first batch.

The same function runs on a Ray cluster (``engine="ray"``, :class:`RayPool`) for corpora past one machine:
one actor per worker, each loading its models once, results written here as above.

Worker processes start only for work of more than one batch (a handful of files is done sooner in this process than
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
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import chain
from typing import TypeVar

import numpy as np

from . import errors
from .dedupe import Fingerprint
from .errors import InputError, UsageError
from .model import Annotation, Article, RawDocument
from .net import is_loopback
from .settings import Options, default_workers

log = logging.getLogger(__name__)

T = TypeVar("T")

# Batches in flight per worker: enough to keep every worker busy while the writer stores the last one.
IN_FLIGHT_PER_WORKER = 2


@dataclass
class Prepared:
    """What one raw document became: its article, annotation and vector, or the error that stopped it."""

    raw: RawDocument
    article: Article | None = None
    annotation: Annotation | None = None
    vector: np.ndarray | None = None
    ml_vector: np.ndarray | None = None   # multilingual (newsweave.embed_multilingual), in other languages only
    fingerprint: Fingerprint | None = None  # MinHash and shingles of its text (newsweave.dedupe)
    terms: dict[str, float] | None = None   # its weighted terms (newsweave.terms), with the annotation
    error: tuple[str, str, str] | None = None   # (error class, source, reason): rebuilt by :meth:`failure`
    warnings: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # stage -> time spent on it (its share of a batch's)

    def failure(self) -> InputError | None:
        if self.error is None:
            return None
        kind, source, reason = self.error
        cls = getattr(errors, kind, InputError)
        return (cls if isinstance(cls, type) and issubclass(cls, InputError) else InputError)(source, reason)


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
    """The per-article work on one batch: the pipeline's stages and the text's MinHash fingerprint, then (with
    ``annotate``) one annotation pass, the embeddings and the weighted terms. Never raises for a bad document:
    its error is in its :class:`Prepared`."""
    from .dedupe import fingerprint
    from .embed import embed_articles
    from .nlp.language import read_as_english
    from .pipeline import StageClock, process
    from .terms import article_terms

    out = []
    for raw in raws:
        seconds: dict[str, float] = {}
        try:
            out.append(Prepared(raw, process(raw, options, today=today, seconds=seconds), seconds=seconds))
        except InputError as e:
            out.append(Prepared(raw, error=(type(e).__name__, e.source, e.reason)))
        except Exception as e:  # a bug in a stage must not stop the batch; record it with its input
            log.exception("processing failed for %s", raw.origin.label)
            out.append(Prepared(raw, error=("InputError", raw.origin.label,
                                            f"processing failed ({type(e).__name__}: {e})")))
    done = [p for p in out if p.article is not None]
    for p in done:  # the writer's corpus stages need these; computed here, they run on every worker
        with StageClock(p.seconds)("fingerprint"):
            p.fingerprint = fingerprint(p.article.text)
        if annotate:
            with StageClock(p.seconds)("terms"):
                p.terms = article_terms(p.article.title, p.article.text)
    if annotate and done:
        started = time.perf_counter()
        annotations, failures = annotate_articles([p.article for p in done])
        annotated = time.perf_counter()
        vectors = embed_articles([p.article for p in done])
        embedded = time.perf_counter()
        # the multilingual model for articles in other languages, and for English ones only in a store that has
        # such articles (else the writer embeds an English one when first compared across languages,
        # newsweave.stories): English news never loads it
        multilingual = [(p, ann.language) for p, ann in zip(done, annotations) if ann is not None and
                        (options.embed_english_multilingual or not read_as_english(ann.language))]
        if multilingual:
            from . import embed_multilingual

            made = embed_multilingual.embed_articles([p.article for p, _ in multilingual],
                                                     languages=[language for _, language in multilingual])
            for (p, _), ml_vector in zip(multilingual, made):
                p.ml_vector = ml_vector
        ml_embedded = time.perf_counter()
        for p, ann, vector in zip(done, annotations, vectors):
            p.annotation, p.vector = ann, vector
            p.seconds["annotate"] = (annotated - started) / len(done)
            p.seconds["embed"] = (embedded - annotated) / len(done)
            p.seconds["embed_multilingual"] = (ml_embedded - embedded) / len(done)
            # its annotation's own warnings (not English...), or why it failed (in order: one per None)
            p.warnings = [f"{p.article.source}: {w}" for w in ann.warnings] if ann is not None else [failures.pop(0)]
    return out


def _one_thread_each() -> None:
    """Run both embedding models on one thread in this (worker) process."""
    from . import embed, embed_multilingual

    embed.set_threads(1)
    embed_multilingual.set_threads(1)


# How often a worker checks that the process that started it is alive.
PARENT_CHECK_S = 1.0


def _start_worker() -> None:
    """Each worker uses one core (two workers of two model threads each on two cores only fight), and leaves
    when its parent is gone: a driver killed mid-ingest (SIGKILL gives it no chance to stop its pool) must not
    leave workers blocked forever on a pipe nobody reads, each holding its models' memory."""
    _one_thread_each()
    parent = os.getppid()

    def watch_parent() -> None:
        while True:
            time.sleep(PARENT_CHECK_S)
            if os.getppid() != parent:  # re-parented: the driver died
                os._exit(1)

    threading.Thread(target=watch_parent, name="newsweave-parent-watch", daemon=True).start()


ENGINES = ("processes", "ray")


class Engine:
    """Runs :func:`prepare` over batches, yielding each batch's result in input order: in this process
    (``workers`` 1), in a pool of worker processes on this machine (``engine="processes"``), or on a Ray cluster
    (``engine="ray"``: see :class:`RayPool`). Each batch is prepared with :attr:`options` as they are when it
    is submitted (ingest turns on ``embed_english_multilingual`` once the store has reports in other
    languages)."""

    def __init__(self, workers: int, options: Options, today: dt.date | None, annotate: bool,
                 engine: str = "processes", address: str | None = None):
        if engine not in ENGINES:
            raise UsageError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")
        self.workers = max(1, workers)
        self.options, self.today, self.annotate = options, today, annotate
        self.engine, self.address = engine, address

    def map(self, batches: Iterable[list[RawDocument]]) -> Iterator[list[Prepared]]:
        batches = iter(batches)
        first = next(batches, None)
        if first is None:
            return
        if self.engine == "ray":
            with RayPool(self.workers, self.address, self.today, self.annotate) as pool:
                yield from _in_order(lambda batch: pool.submit(batch, self.options), pool.result,
                                     chain([first], batches), self.depth)
            return
        second = next(batches, None)
        if self.workers == 1 or second is None:  # one batch: sooner here than a worker can load its models
            for batch in chain([first], [second] if second is not None else [], batches):
                yield prepare(batch, self.options, self.today, self.annotate)
            return
        import multiprocessing

        pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start_worker)
        try:
            submit = lambda batch: pool.submit(prepare, batch, self.options, self.today, self.annotate)  # noqa: E731
            yield from _in_order(submit, lambda future: future.result(), chain([first, second], batches), self.depth)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    @property
    def depth(self) -> int:
        """Batches in flight at once."""
        return IN_FLIGHT_PER_WORKER * self.workers


def _in_order(submit: Callable[[list[RawDocument]], T], result: Callable[[T], list[Prepared]],
              batches: Iterable[list[RawDocument]], depth: int) -> Iterator[list[Prepared]]:
    """Submit batches as they come, at most ``depth`` in flight, and yield their results in input order. The
    input is read only as fast as results are taken, so memory stays bounded whatever its length."""
    window: deque[T] = deque()
    for batch in batches:
        window.append(submit(batch))
        if len(window) >= depth:
            yield result(window.popleft())
    while window:
        yield result(window.popleft())


# Times Ray restarts a worker actor that died (a killed process, a lost node) and retries its batch there:
# prepare() is a pure function of its batch, so a retry gives the same result. Past this the ingest fails,
# having written every batch before the lost one; a re-run does the rest.
RAY_RETRIES = 3


class RayPool:
    """Worker actors on a Ray cluster, each running :func:`prepare` with its models loaded once (on its first
    batch). Batches go to the actors in turn; their results come back to this process, the one writer.

    With no ``address`` a single-node cluster is started for this run on this machine, listening on 127.0.0.1
    only, and stopped after it; with one (``auto``, ``HOST:PORT``, ``ray://HOST:PORT``) the run joins that
    cluster and leaves it running. The actors get the same code and data by pickling, so every node needs
    newsweave and its models installed (the same ``requirements.lock``)."""

    def __init__(self, workers: int, address: str | None, today: dt.date | None, annotate: bool):
        self.workers, self.address = workers, address
        self.args = (today, annotate)
        self.actors: list = []
        self.turn = 0
        self.started = False

    def __enter__(self) -> RayPool:
        local = not self.address or _is_loopback(self.address)
        if local:
            # Ray binds and advertises the machine's network address unless told it is one machine alone (read
            # when ray is imported); a cluster of this machine, or one joined on 127.0.0.1, stays on loopback
            os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
        try:
            import ray
        except ImportError:
            raise UsageError("--engine ray needs Ray: pip install 'ray==2.60.0' (or newsweave[ray])") from None
        self.ray = ray
        if not ray.is_initialized():
            quiet = {"log_to_driver": False, "configure_logging": False}
            if self.address:
                ray.init(address=self.address, **({"_node_ip_address": "127.0.0.1"} if local else {}), **quiet)
            else:  # a cluster of this machine alone, reachable from it alone
                ray.init(address="local", _node_ip_address="127.0.0.1", include_dashboard=False,
                         num_cpus=max(self.workers, default_workers()), **quiet)
            self.started = True
        actor = ray.remote(num_cpus=1, max_restarts=RAY_RETRIES, max_task_retries=RAY_RETRIES)(RayWorker)
        self.actors = [actor.remote(*self.args) for _ in range(self.workers)]
        return self

    def submit(self, batch: list[RawDocument], options: Options):
        worker = self.actors[self.turn % len(self.actors)]
        self.turn += 1
        return worker.prepare.remote(batch, options)

    def result(self, ref) -> list[Prepared]:
        return self.ray.get(ref)

    def __exit__(self, *exc) -> None:
        for worker in self.actors:
            self.ray.kill(worker)
        self.actors = []
        if self.started:
            self.ray.shutdown()


def _is_loopback(address: str) -> bool:
    """Whether a Ray address (``HOST:PORT``, ``ray://HOST:PORT``) names this machine's loopback."""
    return is_loopback(address.split("://", 1)[-1].rsplit(":", 1)[0])


class RayWorker:
    """One Ray actor: :func:`prepare` with the models of its process loaded once."""

    def __init__(self, today: dt.date | None, annotate: bool):
        _one_thread_each()  # one core per actor, as Ray counts them
        self.today, self.annotate = today, annotate

    def prepare(self, batch: list[RawDocument], options: Options) -> list[Prepared]:
        return prepare(batch, options, self.today, self.annotate)
