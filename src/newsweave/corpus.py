"""The Python API: a :class:`Corpus` is a store plus the operations on it.

``newsweave.open(path)`` returns one; the CLI is a thin layer over these methods (``newsweave ingest`` calls
:meth:`Corpus.ingest`, and so on).
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from typing import TYPE_CHECKING

from . import export as _export
from . import normalize
from .across.scope import (Material, load_articles, load_scope, parse_ref, scope_stories, story_order,
                           storyline_title, title_actors)
from .errors import InputError, NewsweaveError, NotFound, Skipped, StoreUnavailable, UsageError
from .model import (Annotation, Article, Brief, CanonicalEntity, ClaimComparison, Comparison, DuplicateGroup,
                    KeyDate, RawDocument, Scope, StoredClaim, StoredQuote, Story, StoryRow, Storyline, Timeline,
                    WatchedFeed)
from .resolve import Resolver
from .settings import LOCK_TIMEOUT_S, Options
from .store import Failure, SearchHit, Store, query_terms
from .terms import article_terms

if TYPE_CHECKING:
    from .engine import Prepared
    from .watch import Poll

# Ingest's parts (readers, extraction, the engine, clustering, the embedding models) are imported where they are
# used: a command that reads the store (stories, compare, brief, serve) starts without them.

# Times a batch is written before a lost database connection stops the run: each attempt first waits (up to
# store.postgres.RECONNECT_WAIT_S) for the server to answer again. A restart costs one attempt.
WRITE_ATTEMPTS = 3
# Articles whose quotes (or claims) an export reads at a time: memory stays flat on a large store (all the quotes
# of 15,000 articles at once took 420 MB).
EXPORT_ARTICLES = 1000
# :meth:`Corpus.analyse` computes ahead the analysis of stories and storylines of at least this many articles
# (reported by two or more outlets; `newsweave ingest` does it for those its articles are in): below it a first
# `compare`, `brief` or `timeline` answers in a second or two anyway (the median story of benchmarks/scale.py's
# latency store, 5 articles: 0.6-1.4 s), above it the wait grows with the size (a first comparison of Timeline17
# stories of 10, 20 and 40 articles took 6, 11 and 32 s on 2 cores under load, web.views.ANALYSE_AT_ONCE; a
# 583-article storyline 47.5 s).
ANALYSE_FROM = 10
# The key dates a story's or storyline's timeline holds (as `newsweave timeline --dates` without a number): the
# web page of a storyline shows them above its events.
TIMELINE_KEY_DATES = 10

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())


@dataclass
class IngestReport:
    """What an ingest run did. ``failed`` lists input errors; ``skipped`` notices that are not failures."""

    added: list[int] = field(default_factory=list)
    existing: list[int] = field(default_factory=list)
    failed: list[InputError] = field(default_factory=list)
    skipped: list[InputError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Where the time went, in seconds summed over workers: the per-article stages (extract, normalize, clean,
    # date, fingerprint, terms, annotate, embed: in the workers, side by side) and the writer's (store, dedupe,
    # annotations, stories: one after another in this process).
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every input was ingested (or was already there)."""
        return not self.failed


# Called with (what happened, the article or error) after each article: "added", "existing", "failed" or
# "skipped"; and with ("input", path or URL) as each input file starts (progress over readers.count_inputs).
Progress = Callable[[str, "Article | InputError | str"], None]


@dataclass(frozen=True)
class _Rows:
    """Story rows kept between calls: as of a data version of the store and a mark of its story changes."""

    version: tuple[int, int]
    mark: int
    rows: list[StoryRow]


def _stored_vectors(method):
    """Run a comparison with the store's text vectors (``embed.persisted``): what it embeds is kept for the
    next call, in this process or another."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        from .embed import persisted

        with persisted(self.store):
            return method(self, *args, **kwargs)

    return wrapper


class Corpus:
    """A collection of articles in a store, with ingest, listing, search and export."""

    def __init__(self, store: Store):
        self.store = store
        self._rows: _Rows | None = None  # story_rows() as of a data version
        self._keys: tuple[tuple[int, int], dict[str, str | None]] | None = None  # current view keys, ditto

    @property
    def path(self) -> str:
        """The database path."""
        return self.store.path

    def close(self) -> None:
        """Close the underlying store."""
        self.store.close()

    def __enter__(self) -> "Corpus":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def ingest(self, inputs: Iterable[str] | str, outlet: str | None = None, meta: str | Path | None = None,
               options: Options | None = None, progress: Progress | None = None,
               today: dt.date | None = None, annotate: bool = True, workers: int = 1, engine: str = "processes",
               address: str | None = None) -> IngestReport:
        """Read, clean and date every article in ``inputs`` (paths, globs, directories, URLs, ``-``) and store it.

        Idempotent: an article whose bytes are already stored under the same outlet is not added again.
        Articles are written one batch per transaction, so a killed run loses at most the batches in flight,
        and a re-run completes them without duplicates. Bad inputs are reported in the result (and recorded in
        the store), never raised. With ``workers`` above 1, the per-article work (stages, annotation,
        embedding) runs in that many processes (see :mod:`newsweave.engine`); this process alone writes. With
        ``engine="ray"`` it runs in that many Ray actors, on a cluster started for the run on this machine or
        on the one at ``address``.
        """
        from .readers import Sidecar, read

        if isinstance(inputs, str):
            inputs = [inputs]
        options = options or Options()
        if outlet:
            options = replace(options, outlet=outlet)
        sidecar = Sidecar.load(meta) if meta else None
        on_input = (lambda source: progress("input", source)) if progress else None
        return self.ingest_documents(read(inputs, options, sidecar, on_input), options, progress, today, annotate,
                                     workers, engine, address)

    def ingest_documents(self, items: Iterable[RawDocument | InputError], options: Options | None = None,
                         progress: Progress | None = None, today: dt.date | None = None, annotate: bool = True,
                         workers: int = 1, engine: str = "processes", address: str | None = None) -> IngestReport:
        """:meth:`ingest` of documents already read (the items of a fetched feed, a reader of your own); an
        :class:`InputError` among them is reported as a failed input."""
        options = options or Options()
        report = IngestReport()
        in_flight: Counter[str] = Counter()   # content hashes of documents being prepared, not yet written
        held: list[RawDocument] = []          # the same bytes met again meanwhile: checked once those are written

        def batches(items: Iterable[RawDocument | InputError]) -> Iterator[list[RawDocument]]:
            batch: list[RawDocument] = []
            for item in items:
                if isinstance(item, InputError):
                    self._failed(item, report, progress)
                    continue
                if in_flight[item.content_hash] or any(r.content_hash == item.content_hash for r in batch):
                    held.append(item)
                    continue
                stored = self.store.stored_as(item.content_hash)
                # None: the outlet follows from the bytes themselves; compared as stored, normalised
                wanted = normalize.meta(options.outlet or item.hints.outlet)
                if stored and (wanted is None or wanted in stored):
                    report.existing.append(stored[wanted] if wanted else next(iter(stored.values())))
                    if progress:
                        progress("existing", item)
                    continue
                batch.append(item)
                if len(batch) >= options.batch_size:
                    in_flight.update(r.content_hash for r in batch)
                    yield batch
                    batch = []
            if batch:
                in_flight.update(r.content_hash for r in batch)
                yield batch

        from .engine import Engine
        from .nlp.language import read_as_english

        options = replace(options, embed_english_multilingual=self.store.has_other_languages())
        while True:
            run = Engine(workers, options, today, annotate, engine, address)
            for prepared in run.map(batches(items)):
                self._write(prepared, report, progress, annotate)
                in_flight.subtract(p.raw.content_hash for p in prepared)
                if not options.embed_english_multilingual and any(
                        p.annotation is not None and not read_as_english(p.annotation.language) for p in prepared):
                    options = run.options = replace(options, embed_english_multilingual=True)
            if not held:
                return report
            items, held = list(held), []

    def _write(self, batch: list[Prepared], report: IngestReport, progress: Progress | None,
               annotate: bool) -> None:
        """Store one prepared batch in one transaction: articles, duplicates, annotations, vectors, stories.
        The same bytes twice (in one batch, or in batches prepared side by side) are stored once."""
        for p in batch:
            failure = p.failure()
            if failure is not None:
                self._failed(failure, report, progress)
        done = [p for p in batch if p.article is not None]
        if not done:
            return
        for p in done:
            for stage, s in p.seconds.items():
                report.seconds[stage] = report.seconds.get(stage, 0.0) + s
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                results = self._store_batch(done, annotate, report.seconds)
                break
            except StoreUnavailable:  # a database server restarted mid-batch: the batch was rolled back
                if attempt == WRITE_ATTEMPTS:
                    raise
                self.store.reconnect()
        for p, (article_id, added) in zip(done, results):
            report.warnings.extend(f"{p.raw.origin.label}: {w}" for w in p.article.warnings)
            if added:
                report.warnings.extend(p.warnings)
            (report.added if added else report.existing).append(article_id)
            if progress:
                progress("added" if added else "existing", p.article)

    def _store_batch(self, done: list[Prepared], annotate: bool, seconds: dict[str, float]) -> list[tuple[int, bool]]:
        """One transaction: the batch's articles, then (for those new) duplicates, annotations, vectors and
        stories. Returns (article id, whether it was added) for each; adds each step's time to ``seconds``."""
        from .dedupe import Deduper
        from .pipeline import StageClock
        from .stories import Clusterer

        took: dict[str, float] = {}
        clock = StageClock(took)
        with self.store.atomic():
            with clock("store"):
                results = [self.store.add_article(p.article, p.raw) for p in done]
            with clock("dedupe"):
                deduper = Deduper(self.store)
                for p, (_, added) in zip(done, results):
                    if added:
                        deduper.add(p.article, p.fingerprint)
            if annotate:
                clusterer = Clusterer(self.store)
                for p, (article_id, added) in zip(done, results):
                    if added and p.annotation is not None:
                        with clock("annotations"):
                            self._store_annotation(article_id, p.annotation)
                            ml = p.ml_vector.tobytes() if p.ml_vector is not None else None
                            self.store.add_vectors([(article_id, p.vector.tobytes(), ml)])
                            self.store.add_terms([(article_id, p.terms)])  # made with the annotation
                        with clock("stories"):
                            clusterer.add(article_id)
        for stage, s in took.items():  # counted once the batch is written (a rolled-back attempt is not)
            seconds[stage] = seconds.get(stage, 0.0) + s
        return results

    def _store_annotation(self, article_id: int, ann: Annotation) -> None:
        resolver = Resolver(self.store)
        ids = [resolver.resolve(e.name, e.type, tuple(m.span.text for m in e.mentions if m.kind == "name"))
               for e in ann.entities]
        self.store.add_annotation(article_id, ann, ids)

    def annotate(self, redo: bool = False, progress: Callable[[int], None] | None = None,
                 batch_size: int = 32) -> IngestReport:
        """Annotate stored articles that have no annotation yet (all of them with ``redo``).

        Returns a report whose ``added`` lists the annotated article ids and ``warnings`` what went wrong
        (non-English text, an article whose annotation failed: it stays unannotated for the next run). Each
        batch is written in one transaction, so an interrupted run resumes where it stopped.
        """
        from .engine import annotate_articles

        ids = self.store.article_ids() if redo else self.store.unannotated()
        if redo:
            self.store.clear_views()
        report = IngestReport()
        for i in range(0, len(ids), batch_size):
            articles = [self.store.article(j) for j in ids[i:i + batch_size]]
            anns, warnings = annotate_articles(articles)
            report.warnings.extend(warnings)
            with self.store.atomic():
                for article, ann in zip(articles, anns):
                    if ann is not None:
                        self._store_annotation(article.id, ann)
                        report.added.append(article.id)
                        report.warnings.extend(f"{article.source}: {w}" for w in ann.warnings)
            if progress:
                progress(len(articles))
        return report

    def dedupe(self) -> int:
        """Fingerprint stored articles not yet checked for duplicates (ingest does this for new ones).
        Returns how many were checked."""
        from .dedupe import Deduper

        deduper = Deduper(self.store)
        ids = self.store.undeduplicated()
        for i in range(0, len(ids), 256):
            with self.store.atomic():
                for article_id in ids[i:i + 256]:
                    deduper.add(self.store.article(article_id))
        return len(ids)

    def cluster(self, redo: bool = False, progress: Callable[[int], None] | None = None) -> IngestReport:
        """Put every article not yet in a story into an event and a storyline (ingest does this for new
        articles). With ``redo``, forget all events and storylines and cluster the whole corpus again, for when
        settings change. Articles not yet annotated are annotated first, and missing vectors computed.
        Returns a report whose ``added`` lists the articles placed."""
        from . import embed_multilingual
        from .embed import embed_articles
        from .nlp.language import read_as_english
        from .stories import Clusterer

        report = self.annotate() if self.store.unannotated() else IngestReport()
        report.added = []
        missing = self.store.unembedded()
        for i in range(0, len(missing), 64):
            articles = [self.store.article(j) for j in missing[i:i + 64]]
            foreign = [a for a in articles if not read_as_english(a.language)]  # as ingest: English when needed
            ml = dict(zip((a.id for a in foreign), embed_multilingual.embed_articles(foreign))) if foreign else {}
            self.store.add_vectors([(a.id, v.tobytes(), ml[a.id].tobytes() if a.id in ml else None)
                                    for a, v in zip(articles, embed_articles(articles))])
        missing = self.store.unindexed_terms()
        for i in range(0, len(missing), 256):
            articles = [self.store.article(j) for j in missing[i:i + 256]]
            self.store.add_terms([(a.id, article_terms(a.title, a.text)) for a in articles])
        if redo:
            self.store.clear_stories()
            self.store.clear_views()
        report.added = self.store.unclustered()
        Clusterer(self.store).cluster_new(progress)
        return report

    def stories(self, since: dt.date | None = None, storyline: int | None = None,
                min_articles: int = 1, limit: int | None = None) -> list[Story]:
        """Events (one happening, its reports from every outlet), oldest first (an undated event by the start
        of its estimated range, one with no date estimate at all last); the first ``limit`` of them, whose
        articles alone are read."""
        if limit is not None:
            rows = [r for r in self.story_rows(since=since, storyline=storyline) if r.articles >= min_articles][:limit]
            by_id = {s.id: s for s in self.store.stories(event_ids=[r.id for r in rows])} if rows else {}
            return [by_id[r.id] for r in rows]
        stories = [s for s in self.store.stories(storyline=storyline) if len(s.articles) >= min_articles]
        if since:
            stories = [s for s in stories if s.date_range and s.date_range[1] >= since]
        return sorted(stories, key=story_order)

    def story_rows(self, since: dt.date | None = None, until: dt.date | None = None, outlet: str | None = None,
                   entity: str | int | None = None, storyline: int | None = None,
                   label: str | None = None) -> list[StoryRow]:
        """Stories as rows (title, storyline, outlets, number of articles, dates) without their articles, for
        lists of any length: those that may have happened between ``since`` and ``until``, that ``outlet``
        reported, whose reports mention ``entity`` (a name in any spelling, or an entity id), of one
        storyline, or whose comparison (as cached by :meth:`view`, and current) has a fact labelled ``label``;
        in date order, as :meth:`stories`. After a change to the store only the stories it changed are read
        again."""
        version = self.store.data_version()
        if self._rows is None or self._rows.version != version:
            self._rows = self._story_rows_now(version)
        rows = self._rows.rows
        if storyline is not None:
            rows = [r for r in rows if r.storyline == storyline]
        if outlet is not None:
            rows = [r for r in rows if outlet in r.outlets]
        if entity is not None:
            events = self.store.entity_events(self.entity(entity).id)
            rows = [r for r in rows if r.id in events]
        if label is not None:
            _check_status(label)
            refs = self._current(self.store.compared(code_digest(), label))
            rows = [r for r in rows if str(r.id) in refs]
        if since:
            rows = [r for r in rows if r.date_range and r.date_range[1] >= since]
        if until:
            rows = [r for r in rows if r.date_range and r.date_range[0] <= until]
        return list(rows)

    def _story_rows_now(self, version: tuple[int, int]) -> _Rows:
        """The story rows as of ``version``: those kept from before, but for stories changed since (by their
        mark, read first: a change made while reading is read again next time) and stories gone."""
        mark = self.store.story_mark()
        if self._rows is None:
            by_id = {r.id: r for r in self.store.story_rows()}
        else:
            changed = self.store.events_changed_since(self._rows.mark)
            now, stale = self.store.event_ids(), set(changed)
            by_id = {r.id: r for r in self._rows.rows if r.id in now and r.id not in stale}
            if changed:  # PostgreSQL's version moves with any WAL written (autovacuum too), not only with ours
                by_id.update((r.id, r) for r in self.store.story_rows(event_ids=changed))
        return _Rows(version, mark, sorted(by_id.values(), key=story_order))

    def compared(self) -> set[str]:
        """Refs ("12", "L3") of the stories and storylines whose comparison is cached (see :meth:`view`) and
        current: made by this code from the articles they have now."""
        return self._current(self.store.compared(code_digest()))

    def _current(self, cached: dict[str, str]) -> set[str]:
        """Those of the refs (with the key their view was cached under) whose view is current. The current
        keys are worked out once per change to the store (the home page asks on every load)."""
        version = self.store.data_version()
        if self._keys is None or self._keys[0] != version:
            self._keys = (version, {})
        keys = self._keys[1]
        stories = [int(ref) for ref in cached if ref.isdigit() and ref not in keys]
        for event, members in self.store.events_members(stories).items():
            keys[str(event)] = view_key(members)
        for ref in cached:
            if ref not in keys:  # a storyline, or a story with no articles left
                keys[ref] = self._view_key(ref)
        return {ref for ref, key in cached.items() if key == keys[ref]}

    def _view_key(self, ref: str | int) -> str | None:
        """The key a current view of a story or storyline has (None if it has no articles)."""
        kind, number = parse_ref(ref)
        members = self.store.scope_members(event_id=number) if kind == "story" else \
            self.store.scope_members(storyline=number)
        return view_key(members) if members else None

    def compare_all(self) -> int:
        """Compare (and cache, see :meth:`view`) every story that two or more outlets reported, the latest
        first, so that stories can be filtered by the labels of their facts. Returns how many were computed
        now."""
        done, known = 0, self.compared()
        for row in sorted(self.story_rows(), key=lambda r: (r.last_published or dt.date.min, r.id), reverse=True):
            if len(row.outlets) >= 2 and str(row.id) not in known:
                self.view("compare", row.id)
                done += 1
        return done

    def unanalysed(self, min_articles: int | None = None, articles: Iterable[int] | None = None) -> list[str]:
        """Refs ("12", "L3") of the stories and storylines of ``min_articles`` articles or more (default
        :data:`ANALYSE_FROM`), reported by two or more outlets, whose compare, brief or timeline is not cached and
        current (see :meth:`view`): what :meth:`analyse` would compute. The latest reported first, then the
        largest. Given ``articles`` (ids), only those holding one of them: what an ingest of them changed."""
        min_articles = ANALYSE_FROM if min_articles is None else min_articles
        events = None if articles is None else set(self.store.event_of(list(articles)).values())
        sizes: list[tuple[str, int, set[str], dt.date]] = []
        for line, rows in self._storyline_rows(1):
            if events is not None and events.isdisjoint(r.id for r in rows):
                continue
            last = max(r.last_published or dt.date.min for r in rows)
            sizes.append((f"L{line}", sum(r.articles for r in rows), {o for r in rows for o in r.outlets}, last))
            sizes.extend((str(r.id), r.articles, set(r.outlets), r.last_published or dt.date.min) for r in rows
                         if events is None or r.id in events)
        chosen = [(ref, n, last) for ref, n, outlets, last in sizes if n >= min_articles and len(outlets) >= 2]
        chosen.sort(key=lambda x: (x[2], x[1]), reverse=True)
        return [ref for ref, _, _ in chosen if self._not_ready(ref)]

    def _not_ready(self, ref: str) -> list[str]:
        """The views (:data:`VIEWS`) of a story or storyline not cached and current; all of them when it has no
        articles (:meth:`view` then says it is not found). Its key is worked out once for all three."""
        key, name = self._view_key(ref), _view_name(ref)
        return [kind for kind in self.VIEWS if key is None or not self.store.has_view(kind, name, key)]

    def analyse(self, refs: Iterable[str | int] | None = None, stop: Callable[[], bool] | None = None,
                progress: Callable[[str], None] | None = None) -> int:
        """Compute and cache the compare, brief and timeline (:meth:`view`) of the given stories and storylines,
        by default of every one :meth:`unanalysed` lists, so the first call of each answers from the cache and a
        later one that a new article made stale finds the sentence vectors kept. ``stop`` is asked before each
        view (a watcher stops when its next poll is due); ``progress`` is called with each ref done. Returns
        how many views were computed (those already current are skipped)."""
        done = 0
        for ref in self.unanalysed() if refs is None else [str(r) for r in refs]:
            for kind in self._not_ready(ref):
                if stop is not None and stop():
                    return done
                self.view(kind, ref)
                done += 1
            if progress:
                progress(ref)
        return done

    def story(self, story_id: int) -> Story:
        """One event with its articles, their outlets and duplicate groups (raises NotFound)."""
        found = self.store.stories(event_ids=[story_id])
        if not found:
            raise NotFound(f"no story {story_id} in {self.path}; `newsweave stories` lists them")
        return found[0]

    def story_of(self, article_id: int) -> Story | None:
        """The story an article is in (None before it is clustered)."""
        event = self.store.event_of([article_id]).get(article_id)
        return self.story(event) if event is not None else None

    def storylines(self, min_stories: int = 1, limit: int | None = None) -> list[Storyline]:
        """Storylines (events that continue each other), the longest-running first; at most ``limit``."""
        return [self._storyline(sid, rows) for sid, rows in self._storyline_rows(min_stories)[:limit]]

    def count_storylines(self, min_stories: int = 1) -> int:
        """How many storylines :meth:`storylines` gives with no limit."""
        return len(self._storyline_rows(min_stories))

    def _storyline_rows(self, min_stories: int) -> list[tuple[int, list[StoryRow]]]:
        """Each storyline of ``min_stories`` stories or more with its story rows, in :meth:`storylines` order."""
        by_line: dict[int, list[StoryRow]] = {}
        for s in self.story_rows():
            by_line.setdefault(s.storyline, []).append(s)
        return sorted(((sid, rows) for sid, rows in by_line.items() if len(rows) >= min_stories),
                      key=lambda kv: (-len(kv[1]), min((r.first_published for r in kv[1] if r.first_published),
                                                       default=dt.date.max), kv[0]))

    def storyline(self, storyline_id: int) -> Storyline:
        """One storyline with its events in date order (raises NotFound)."""
        stories = self.story_rows(storyline=storyline_id)
        if not stories:
            raise NotFound(f"no storyline L{storyline_id} in {self.path}; `newsweave storylines` lists them")
        return self._storyline(storyline_id, stories)

    def storylines_of(self, article_ids: Iterable[int]) -> list[tuple[int, int]]:
        """(storyline id, how many of these articles it holds) for each storyline holding any of them, most first:
        where a subject's articles lie, so a user sees which storylines belong together."""
        line_of = {r.id: r.storyline for r in self.story_rows()}
        held = Counter(line_of[e] for e in self.store.event_of(list(article_ids)).values() if e in line_of)
        return sorted(held.items(), key=lambda kv: (-kv[1], kv[0]))

    def _storyline(self, storyline_id: int, stories: list[StoryRow]) -> Storyline:
        stories = sorted(stories, key=story_order)
        actors = tuple(title_actors(self.store, storyline_id))
        firsts = [s.first_published for s in stories if s.first_published]
        lasts = [s.last_published for s in stories if s.last_published]
        ranges = [s.date_range for s in stories if s.date_range]
        title = storyline_title(actors, stories)
        return Storyline(storyline_id, title, tuple(s.id for s in stories), actors,
                         min(firsts) if firsts else None, max(lasts) if lasts else None,
                         (min(r[0] for r in ranges), max(r[1] for r in ranges)) if ranges else None)

    def duplicates(self, min_size: int = 2) -> list[DuplicateGroup]:
        """Groups of copies of one text (exact and near duplicates), largest first; each member keeps its
        outlet, and the group's canonical article is the earliest, most complete one."""
        return self.store.duplicate_groups(min_size)

    def quotes(self, speaker: str | int | None = None, article: int | None = None, direct: bool | None = None,
               limit: int | None = None, since: dt.date | None = None,
               containing: str | None = None, outlet: str | None = None) -> list[StoredQuote]:
        """Stored quotes, optionally by one speaker (any alias or spelling of their name, or an entity id), in
        one article or one outlet's articles, in articles published on or after ``since``, or holding the words
        ``containing``."""
        ids = [article] if article is not None else None
        speaker_ids, speaker_text = None, None
        if isinstance(speaker, int):
            speaker_ids = [speaker]
        elif speaker is not None:
            entity = Resolver(self.store).find(speaker)
            speaker_ids, speaker_text = ([entity] if entity else []), speaker
        return self.store.quotes(speaker_ids=speaker_ids, speaker_text=speaker_text, article_ids=ids, direct=direct,
                                 limit=limit, since=since, containing=containing, outlet=outlet)

    def entities(self, type: str | None = None, min_mentions: int = 1,  # noqa: A002
                 limit: int | None = None) -> list[CanonicalEntity]:
        """Canonical entities with aliases and which outlet used which, most mentioned first; at most ``limit``."""
        return self.store.entities(etype=type, min_mentions=min_mentions, limit=limit)

    def entity(self, name: str | int) -> CanonicalEntity:
        """The canonical entity a name refers to, however it is spelled ("Kiev" -> Kyiv; "the spokesman"), or
        the entity with that id (an int)."""
        entity_id = name if isinstance(name, int) else Resolver(self.store).find(name)
        found = self.store.entities([entity_id]) if entity_id is not None else []
        if not found:
            raise NotFound(f"no entity {'with id' if isinstance(name, int) else 'named'} {name!r} in {self.path}")
        return found[0]

    def find_entities(self, text: str, limit: int = 10) -> list[CanonicalEntity]:
        """Entities a search for ``text`` finds: the one the name refers to in any spelling first, then those
        whose names hold the words, most mentioned first."""
        ids = [i for i in [Resolver(self.store).find(text)] if i is not None]
        ids += [i for i in self.store.entities_named(text, limit) if i not in ids]
        found = {e.id: e for e in self.store.entities(ids[:limit])} if ids else {}
        return [found[i] for i in ids[:limit] if i in found]

    def mentions(self, article: int) -> list[tuple[int, str, str, int]]:
        """(entity id, canonical name, words, start) of every mention by name in one article, in text order."""
        return [(eid, name, words, start) for _, eid, name, words, start in self.store.name_mentions([article])]

    def outlet_names(self, outlet: str, limit: int = 50) -> list[tuple[int, str, dict[str, int], dict[str, int]]]:
        """The names an outlet uses for the ``limit`` entities it names most, beside the other outlets' names
        for them: (entity id, canonical name, {spelling: mentions here}, {spelling: mentions elsewhere})."""
        out: dict[int, tuple[int, str, dict[str, int], dict[str, int]]] = {}
        for eid, name, spelling, here, n in self.store.outlet_names(outlet, limit):
            entry = out.setdefault(eid, (eid, name, {}, {}))
            counts = entry[2] if here else entry[3]
            counts[spelling] = counts.get(spelling, 0) + n
        return list(out.values())

    def annotation_status(self, article_id: int) -> tuple[str, list[str]] | None:
        """(language, warnings) of an article's annotation; None before it is annotated."""
        return self.store.annotation_status(article_id)

    def outlets(self) -> list[tuple[str, int]]:
        """(outlet, number of articles) of every outlet in the store, most articles first."""
        return self.store.outlets()

    def claims(self, article: int | None = None, limit: int | None = None) -> list[StoredClaim]:
        """Stored claims (numbers with what they count), in article order."""
        return self.store.claims(article_id=article, limit=limit)

    # --- across outlets: a story (id ``12``) or storyline (id ``L3``) compared outlet by outlet -------------
    def scope(self, ref: str | int) -> Scope:
        """What a story id (``12``) or storyline id (``L3``) refers to: its stories and articles."""
        return load_scope(self.store, ref).scope

    @_stored_vectors
    def compare(self, ref: str | int) -> Comparison:
        """A story or storyline outlet by outlet: the statements several outlets report (with each one's
        wording), every fact labelled corroborated / single-source / contradicted / changed-over-time /
        disputed, each outlet's framing (names for contested things, whom it quotes, what it alone includes or
        omits) and a coverage matrix of outlets by facts."""
        from .across.claims import compare_claims  # the embedding runtime: loaded on use
        from .across.framing import compare_framing
        from .across.statements import match_statements

        material = load_scope(self.store, ref)
        statements = match_statements(material)
        claims = compare_claims(material)
        framing, coverage = compare_framing(material, statements, claims)
        return Comparison(material.scope, tuple(statements), tuple(claims), tuple(framing), coverage)

    @_stored_vectors
    def claim_comparisons(self, ref: str | int, status: str | None = None) -> list[ClaimComparison]:
        """The facts of a story or storyline, labelled (see :meth:`compare`), optionally of one status; read
        from its kept comparison when that is current (:meth:`view`)."""
        _check_status(status)
        return [c for c in self._claims(ref) if status is None or c.status == status]

    def _claims(self, ref: str | int, material: Material | None = None) -> list[ClaimComparison]:
        """The labelled facts of a story or storyline: those of its kept comparison when that is current (the
        same records a computation gives), else computed from ``material`` (by default its scope, loaded)."""
        from . import records
        from .across.claims import compare_claims

        if self.view_ready("compare", ref):
            return [records.claim_comparison(d) for d in self.view("compare", ref)["claims"]]
        return compare_claims(material or load_scope(self.store, ref))

    @_stored_vectors
    def claims_between(self, article_ids: Iterable[int], status: str | None = None) -> list[ClaimComparison]:
        """The facts of the given articles compared as reports of one event, whatever story each is in (see
        :meth:`compare`), optionally of one status."""
        from .across.claims import compare_claims

        _check_status(status)
        claims = compare_claims(load_articles(self.store, list(article_ids)))
        return [c for c in claims if status is None or c.status == status]

    @_stored_vectors
    def timeline(self, ref: str | int) -> Timeline:
        """The events of a story or storyline in date order, each prominent actor's positions over time, and its
        ``TIMELINE_KEY_DATES`` key dates (:meth:`key_dates`)."""
        from .across.statements import match_statements
        from .across.timeline import make_timeline

        material = load_scope(self.store, ref)
        timeline = make_timeline(material, match_statements(material))
        return replace(timeline, key_dates=tuple(self.key_dates(articles=[a.id for a in material.scope.articles])))

    @_stored_vectors
    def key_dates(self, ref: str | int | None = None, k: int = TIMELINE_KEY_DATES, sentences: int = 2,
                  query: str | None = None, storylines: Iterable[str | int] = (), articles: Iterable[int] = (),
                  since: dt.date | None = None, until: dt.date | None = None) -> list[KeyDate]:
        """The ``k`` dates that matter most in a story or storyline (``ref``), or in a subject: the storylines
        given, the articles matching ``query`` (as :meth:`search`: any spelling of a name) or the articles given,
        all together. Dates are ranked by the reports published on them and the articles that name them
        (references back count more); each comes with a summary of ``sentences`` sentences from the reports, each
        citing its article. Only dates in [``since``, ``until``] are considered. Copies of one text (a page
        fetched twice, an update, a syndicated report: :meth:`duplicates`) count as one report."""
        from .across.keydates import key_dates

        if k < 1 or sentences < 0:
            raise UsageError("the number of dates must be at least 1 and of sentences at least 0")
        ids: dict[int, None] = dict.fromkeys(articles)
        refs = ([ref] if ref is not None else []) + [r if str(r)[:1] in "Ll" else f"L{r}" for r in storylines]
        for r in refs:
            ids.update(dict.fromkeys(a.id for s in scope_stories(self.store, r)[2] for a in s.articles))
        if not (refs or ids or query):
            raise UsageError("give a story or storyline id, --storyline, --query or articles to build a timeline of")
        if query:
            found = self.matching(query)
            if not (found or ids):
                raise NotFound(f"no article in {self.path} matches {query!r}")
            ids.update(dict.fromkeys(found))
        chosen = [self.store.article(i) for i in ids]
        return key_dates(chosen, k, sentences, since, until, self.store.duplicate_canonicals(list(ids)))

    @_stored_vectors
    def brief(self, ref: str | int, sentences: int | None = None) -> Brief:
        """A short neutral summary of a story or storyline; every sentence cites its articles, and contested
        facts are stated as contested. ``sentences`` caps its length (default: 8 for a story, 10 for a
        storyline)."""
        from .across.brief import make_brief

        if sentences is not None and sentences < 1:
            raise UsageError(f"a brief needs at least one sentence, not {sentences}")
        material = load_scope(self.store, ref)
        return make_brief(material, self._claims(ref, material), sentences)  # a kept comparison's, when current

    VIEWS = ("compare", "brief", "timeline")

    def view(self, kind: str, ref: str | int) -> dict:
        """The JSON-ready record of :meth:`compare`, :meth:`brief` or :meth:`timeline` (``kind``) of a story or
        storyline, computed once and cached in the store: it is recomputed only when the articles it was made
        from change (an article joins, or a copy is found), so a new article invalidates only what it touches,
        or when the code that made it changes (see :func:`view_key`).
        The last few are also kept parsed in memory; the data returned is shared, so treat it as read-only."""
        import json

        from . import records

        if kind not in self.VIEWS:
            raise UsageError(f"unknown view {kind!r}; choose one of {', '.join(self.VIEWS)}")
        name = _view_name(ref)
        key = self._view_key(ref)
        if key is None:
            scope_stories(self.store, ref)  # raises NotFound with its message
        found = _PARSED.get((self.path, kind, name, key))
        if found is not None and self.store.has_view(kind, name, key):  # (not cleared since: annotate --redo)
            return found
        cached = self.store.view(kind, name, key)
        if cached is not None:
            data = json.loads(cached)
        else:
            build = {"compare": lambda: records.comparison_dict(self.compare(name)),
                     "brief": lambda: records.brief_dict(self.brief(name)),
                     "timeline": lambda: records.timeline_dict(self.timeline(name))}[kind]
            data = build()
            labels = tuple(sorted({c["status"] for c in data["claims"]})) if kind == "compare" else ()
            self.store.put_view(kind, name, key, json.dumps(data, ensure_ascii=False), labels, code_digest())
        _PARSED.put((self.path, kind, name, key), data)
        return data

    def view_ready(self, kind: str, ref: str | int) -> bool:
        """Whether :meth:`view` would answer from its cache, computing nothing."""
        key = self._view_key(ref)
        return key is not None and self.store.has_view(kind, _view_name(ref), key)

    def _failed(self, error: InputError, report: IngestReport, progress: Progress | None) -> None:
        if isinstance(error, Skipped):
            report.skipped.append(error)
        else:
            report.failed.append(error)
            self.store.add_failure(error.source, error.code, error.reason)
        if progress:
            progress("skipped" if isinstance(error, Skipped) else "failed", error)

    def articles(self, limit: int | None = None, offset: int = 0, since: dt.date | None = None,
                 outlet: str | None = None, language: str | None = None) -> list[Article]:
        """Stored articles in ingest order; ``language`` (ISO 639-1, "ru") keeps those annotation found in it."""
        return self.store.articles(limit, offset, since, outlet, language)

    def iter_articles(self, limit: int | None = None, offset: int = 0, since: dt.date | None = None,
                      outlet: str | None = None, language: str | None = None) -> Iterator[Article]:
        """Like :meth:`articles`, streamed: memory stays flat on a large store."""
        return self.store.iter_articles(limit, offset, since, outlet, language)

    def count_articles(self, since: dt.date | None = None, outlet: str | None = None,
                       language: str | None = None) -> int:
        """How many articles :meth:`articles` gives with these filters and no limit."""
        return self.store.count_articles(since, outlet, language)

    def article(self, article_id: int) -> Article:
        """One article by id (raises :class:`~newsweave.errors.NotFound`)."""
        return self.store.article(article_id)

    def raw(self, article_id: int) -> bytes:
        """The original bytes of an article, exactly as read."""
        return self.store.raw(self.article(article_id).content_hash)

    def search(self, query: str, limit: int = 20, outlet: str | None = None, since: dt.date | None = None,
               until: dt.date | None = None) -> list[SearchHit]:
        """Full-text search over titles and cleaned text, best first. A word or phrase that names an entity
        matches every spelling of its name the corpus has ("Kiev" finds articles that write "Kyiv")."""
        return self.store.search(query, limit, outlet=outlet, since=since, until=until,
                                 synonyms=self._spellings(query_terms(query)))

    def matching(self, query: str) -> list[int]:
        """Ids of every article matching a full-text query, best first, as :meth:`search` finds them (a name in any
        of its spellings)."""
        return self.store.search_ids(query, self._spellings(query_terms(query)))

    def _spellings(self, terms: list[str]) -> dict[str, list[str]]:
        """For each term that names an entity, the other names the corpus uses for it (proper names only: not
        descriptions such as "the spokesman", which would match every spokesman)."""
        resolver = Resolver(self.store)
        out: dict[str, list[str]] = {}
        for term in terms:
            if not term[:1].isupper():
                continue
            entity_id = resolver.find(term)
            found = self.store.entities([entity_id]) if entity_id is not None else []
            if found:
                names = [found[0].name, *found[0].aliases]
                out[term] = [a for a in names if a[:1].isupper() and not a.lower().startswith("the ")]
        return out

    def export(self, path: str | Path, format: str | None = None, what: str = "articles",
               story: str | int | None = None) -> int:
        """Export every article (or quote, entity, claim, story article: ``what``) to ``path`` as ``jsonl``, ``csv``
        or ``parquet``; with ``story`` (a story id or a storyline id such as ``L3``), only what belongs to it, and
        its key dates (``key-dates``, as its timeline holds them). Returns the number of rows written (for
        ``stories``, one per story and article; for ``key-dates``, one per date and summary sentence)."""
        from . import records

        if what == "key-dates":  # as the timeline holds them: no need of the scope's texts
            if story is None:
                raise UsageError("key dates are a story's or storyline's: give one (--story L1)")
            return _export.export_rows(self._key_date_rows(story), records.KEY_DATE_COLUMNS, path, format)
        scope = self.scope(story) if story is not None else None
        ids = sorted(a.id for a in scope.articles) if scope else None
        if what == "articles":
            articles = (self.store.article(i) for i in ids) if ids is not None else self.store.iter_articles()
            return _export.export(articles, path, format)
        stories = (lambda: list(scope.stories)) if scope else self.stories
        tables = {"quotes": (lambda: map(records.quote_dict, self._per_articles(self.store.quotes, ids)),
                             records.QUOTE_COLUMNS),
                  "entities": (lambda: map(records.entity_dict, self.entities()), records.ENTITY_COLUMNS),
                  "claims": (lambda: map(records.claim_dict, self._per_articles(self.store.claims, ids)),
                             records.CLAIM_COLUMNS),
                  "stories": (lambda: (row for s in stories() for row in records.story_article_rows(s)),
                              records.STORY_ARTICLE_COLUMNS)}
        if what not in tables:
            raise UsageError(f"cannot export {what!r}; choose one of articles, {', '.join(tables)}, key-dates")
        if what == "entities" and scope:
            raise UsageError("entities are corpus-wide; --story applies to articles, quotes, claims, stories and "
                             "key dates")
        rows, columns = tables[what]
        return _export.export_rows(rows(), columns, path, format)

    def _key_date_rows(self, ref: str | int) -> Iterator[dict]:
        """The key dates of a story or storyline as its timeline holds them (kept in the store), one row per summary
        sentence with the article it cites."""
        from . import records

        key_dates = self.view("timeline", ref)["key_dates"]
        cited = {i: self.store.article(i) for d in key_dates for s in d["summary"] for i in s["citations"]}
        return (row for d in key_dates for row in records.key_date_rows(d, cited))

    def _per_articles(self, fetch: Callable[..., list], ids: list[int] | None) -> Iterator:
        """What ``fetch(article_ids=...)`` gives for ``ids`` (every article when None), in article order, read
        :data:`EXPORT_ARTICLES` articles at a time: an export never holds a large store's quotes or claims at once."""
        ids = self.store.article_ids() if ids is None else ids
        for start in range(0, len(ids), EXPORT_ARTICLES):
            yield from fetch(article_ids=ids[start:start + EXPORT_ARTICLES])

    def failures(self) -> list[Failure]:
        """Inputs that failed in any ingest into this store."""
        return self.store.failures()

    def watch(self, feeds: Iterable[str], every: float, until: dt.datetime | None = None, once: bool = False,
              options: Options | None = None, annotate: bool = True, workers: int = 1,
              stop: threading.Event | None = None, on_poll: Callable[[Poll], None] | None = None,
              analyse: bool = True) -> dict[str, Poll]:
        """Poll ``feeds`` every ``every`` seconds and ingest their new items, until ``until``, until ``stop`` is
        set, or (``once``) after one poll of each (see :mod:`newsweave.watch`); with ``analyse``, between polls
        the large stories and storylines they changed are analysed ahead (:meth:`analyse`). Returns each feed's
        last poll; failures are in it, never raised."""
        from .watch import Watcher

        return Watcher(self, every, options, annotate=annotate, workers=workers, analyse=analyse).run(
            feeds, until=until, once=once, stop=stop, on_poll=on_poll)

    def watched_feeds(self) -> list[WatchedFeed]:
        """Every feed ``watch`` has polled into this store, with how its last poll went."""
        return self.store.watched_feeds()

    def __len__(self) -> int:
        return self.store.count()


def _view_name(ref: str | int) -> str:
    """How the view cache names a story ("12") or a storyline ("L3")."""
    kind, number = parse_ref(ref)
    return str(number) if kind == "story" else f"L{number}"


class _Recent:
    """The last ``size`` values put, by key, shared by the threads of one process (the web app's)."""

    def __init__(self, size: int):
        self.size, self.items, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key, value) -> None:
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.size:
                self.items.popitem(last=False)


# Views kept parsed in memory, by (store, kind, ref, what they were computed from): a page visited again skips
# reading and parsing its JSON (a storyline's timeline is up to a megabyte).
_PARSED = _Recent(64)


def view_key(members: list) -> str:
    """The key a cached view is stored under: the articles it was made from (``Store.scope_members``) and the
    code that made it (:func:`code_digest`). Another key means the cached view is stale."""
    import hashlib

    return hashlib.sha1(f"{code_digest()}:{members}".encode()).hexdigest()


# The package's files whose content can change what a view holds: its code and the data the code reads.
_CODE_SUFFIXES = (".py", ".json", ".gz")


@functools.cache
def code_digest() -> str:
    """A digest of this installation's version, code and data (read once per process, a few milliseconds): a
    view cached by other code, a release or an edit of a development install, is not shown as current."""
    import hashlib

    from . import __version__

    digest = hashlib.sha1(__version__.encode())
    root = Path(__file__).parent
    for path in sorted(p for p in root.rglob("*") if p.suffix in _CODE_SUFFIXES and "__pycache__" not in p.parts):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


CLAIM_STATUSES = ("corroborated", "single-source", "contradicted", "changed-over-time", "disputed")


def _check_status(status: str | None) -> None:
    if status is not None and status not in CLAIM_STATUSES:
        raise UsageError(f"unknown claim status {status!r}; choose one of {', '.join(CLAIM_STATUSES)}")


def open(path: str | Path = "newsweave.db", create: bool = True,  # noqa: A001 - mirrors sqlite_utils.Database
         lock_timeout: float = LOCK_TIMEOUT_S) -> Corpus:
    """Open the corpus database at ``path``, creating it if needed unless ``create`` is false (then a missing
    file raises :class:`~newsweave.errors.StoreMissing`). A store locked by another process is waited on for up
    to ``lock_timeout`` seconds before :class:`~newsweave.errors.StoreLocked` is raised."""
    return Corpus(Store(path, create=create, lock_timeout=lock_timeout))


__all__ = ["Corpus", "IngestReport", "open", "NewsweaveError"]
