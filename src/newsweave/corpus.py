"""The Python API: a :class:`Corpus` is a store plus the operations on it.

``newsweave.open(path)`` returns one; the CLI is a thin layer over these methods (``newsweave ingest`` calls
:meth:`Corpus.ingest`, and so on).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import export as _export
from .errors import InputError, NewsweaveError, Skipped
from .model import Article, RawDocument
from .pipeline import process
from .readers import Sidecar, read
from .settings import Options
from .store import Failure, SearchHit, Store

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

    @property
    def ok(self) -> bool:
        """True when every input was ingested (or was already there)."""
        return not self.failed


# Called after each input with (what happened, the article or error); used for progress display.
Progress = Callable[[str, "Article | InputError"], None]


class Corpus:
    """A collection of articles in a store, with ingest, listing, search and export."""

    def __init__(self, store: Store):
        self.store = store

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
               today: dt.date | None = None) -> IngestReport:
        """Read, clean and date every article in ``inputs`` (paths, globs, directories, URLs, ``-``) and store it.

        Idempotent: an article whose bytes are already stored under the same outlet is not added again.
        Articles are written one batch per transaction, so a killed run loses at most one batch, and a
        re-run completes it without duplicates. Bad inputs are reported in the result (and recorded in the
        store), never raised.
        """
        if isinstance(inputs, str):
            inputs = [inputs]
        options = options or Options()
        if outlet:
            options = replace(options, outlet=outlet)
        sidecar = Sidecar.load(meta) if meta else None
        report = IngestReport()
        batch: list[tuple[Article, RawDocument]] = []
        for item in read(inputs, options, sidecar):
            if isinstance(item, InputError):
                self._failed(item, report, progress)
                continue
            stored = self.store.stored_as(item.content_hash)
            wanted = options.outlet or item.hints.outlet  # None: the outlet follows from the bytes themselves
            if stored and (wanted is None or wanted in stored):
                report.existing.append(stored[wanted] if wanted else next(iter(stored.values())))
                if progress:
                    progress("existing", item)
                continue
            try:
                article = process(item, options, today=today)
            except InputError as e:
                self._failed(e, report, progress)
                continue
            except Exception as e:  # a bug in a stage must not stop the batch; record it with its input
                log.exception("processing failed for %s", item.origin.label)
                self._failed(InputError(item.origin.label, f"processing failed ({type(e).__name__}: {e})"),
                             report, progress)
                continue
            report.warnings.extend(f"{item.origin.label}: {w}" for w in article.warnings)
            batch.append((article, item))
            if len(batch) >= options.batch_size:
                self._flush(batch, report, progress)
        self._flush(batch, report, progress)
        return report

    def _flush(self, batch: list[tuple[Article, RawDocument]], report: IngestReport,
               progress: Progress | None) -> None:
        if not batch:
            return
        with self.store.atomic():
            results = [self.store.add_article(article, raw) for article, raw in batch]
        for (article, _), (article_id, added) in zip(batch, results):
            (report.added if added else report.existing).append(article_id)
            if progress:
                progress("added" if added else "existing", article)
        batch.clear()

    def _failed(self, error: InputError, report: IngestReport, progress: Progress | None) -> None:
        if isinstance(error, Skipped):
            report.skipped.append(error)
        else:
            report.failed.append(error)
            self.store.add_failure(error.source, error.code, error.reason)
        if progress:
            progress("skipped" if isinstance(error, Skipped) else "failed", error)

    def articles(self, limit: int | None = None, offset: int = 0, since: dt.date | None = None,
                 outlet: str | None = None) -> list[Article]:
        """Stored articles in ingest order."""
        return self.store.articles(limit, offset, since, outlet)

    def article(self, article_id: int) -> Article:
        """One article by id (raises :class:`~newsweave.errors.NotFound`)."""
        return self.store.article(article_id)

    def raw(self, article_id: int) -> bytes:
        """The original bytes of an article, exactly as read."""
        return self.store.raw(self.article(article_id).content_hash)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over titles and cleaned text."""
        return self.store.search(query, limit)

    def export(self, path: str | Path, format: str | None = None) -> int:
        """Export every article to ``path`` as ``jsonl``, ``csv`` or ``parquet``. Returns the count."""
        return _export.export(self.store.iter_articles(), path, format)

    def failures(self) -> list[Failure]:
        """Inputs that failed in any ingest into this store."""
        return self.store.failures()

    def __len__(self) -> int:
        return self.store.count()


def open(path: str | Path = "newsweave.db") -> Corpus:  # noqa: A001 - mirrors sqlite_utils.Database / builtin open
    """Open (creating if needed) the corpus database at ``path``."""
    return Corpus(Store(path))


__all__ = ["Corpus", "IngestReport", "open", "NewsweaveError"]
