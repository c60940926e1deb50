"""Feeds watched continuously (``newsweave watch``): poll, ingest what is new, keep going whatever happens.

Each feed is polled every ``every`` seconds with a conditional GET: the ETag and Last-Modified of its last
full response are kept in the store (``watched_feeds``) and sent back, so an unchanged feed costs a 304 and a
restarted watcher carries on where it stopped. A changed feed's items go through the same ingest as
``newsweave ingest`` (idempotent: items already stored are counted, not added again), so stories, events and
storylines grow incrementally. A poll that fails (no connection, a timeout, an HTTP error, a body that is not
a feed) is recorded with its reason and retried with a backoff that doubles after each consecutive failure,
from ``RETRY_FIRST_S`` (or the interval, if shorter) up to ``BACKOFF_MAX_S`` (or the interval, if longer), and
no sooner than a ``Retry-After`` the server sent. One feed's failures never delay or stop the others.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .errors import InputError, UsageError
from .model import WatchedFeed
from .readers import read_feed_data
from .readers.fetch import get, is_url
from .settings import Options

if TYPE_CHECKING:
    from .corpus import Corpus, IngestReport

log = logging.getLogger(__name__)

# The first retry after a failed poll: soon enough that a passing network error costs one minute of news,
# late enough that a feed that is down is not hammered. Shorter when the polling interval itself is shorter.
RETRY_FIRST_S = 60.0
# The longest wait between polls of a feed that keeps failing (it is still polled four times a day, so it
# comes back on its own when it is repaired). Longer when the polling interval itself is longer.
BACKOFF_MAX_S = 6 * 3600.0

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$", re.I)
_UNIT_S = {None: 1, "s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """Seconds in ``"90"``, ``"30s"``, ``"10m"``, ``"2h"`` or ``"1d"``; :class:`UsageError` otherwise."""
    match = _DURATION.match(text)
    if not match or float(match[1]) <= 0:
        raise UsageError(f"not a duration: {text!r} (write e.g. 30s, 10m, 2h or 1d)")
    return float(match[1]) * _UNIT_S[match[2].lower() if match[2] else None]


def parse_until(text: str, now: dt.datetime) -> dt.datetime:
    """When to stop: a duration from ``now`` (``"2h"``) or a date and time (``"2026-12-01T18:00"``, local time
    unless it names its zone)."""
    try:
        return now + dt.timedelta(seconds=parse_duration(text))
    except UsageError:
        pass
    try:
        when = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--until {text!r} is neither a duration (2h) nor a date and time "
                         "(2026-12-01T18:00)") from None
    return (when if when.tzinfo else when.astimezone()).astimezone(dt.timezone.utc)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True)
class Poll:
    """One poll of one feed: the feed's state after it and, when items were read, the ingest report."""

    feed: WatchedFeed
    report: IngestReport | None = None

    @property
    def failed(self) -> bool:
        return self.feed.status == "failed"


class Watcher:
    """Polls feeds into a corpus. :meth:`poll` does one feed once; :meth:`run` loops until told to stop."""

    def __init__(self, corpus: Corpus, every: float, options: Options | None = None, annotate: bool = True,
                 workers: int = 1, clock: Callable[[], dt.datetime] = _now, analyse: bool = True):
        if every <= 0:
            raise UsageError("the polling interval must be positive")
        self.corpus, self.every, self.options = corpus, every, options or Options()
        self.annotate, self.workers, self.clock, self.analyse = annotate, workers, clock, analyse

    def backoff(self, failures: int, retry_after: float | None = None) -> float:
        """Seconds to wait after the ``failures``-th consecutive failed poll."""
        first = min(RETRY_FIRST_S, self.every)
        wait = min(first * 2 ** (failures - 1), max(BACKOFF_MAX_S, self.every))
        return max(wait, retry_after or 0.0)

    def poll(self, url: str) -> Poll:
        """Poll one feed now: fetch it (conditionally), ingest its items, record how it went. Never raises for
        what the feed or the network does."""
        store = self.corpus.store
        state = store.watched_feed(url) or WatchedFeed(url)
        now = self.clock()
        try:
            response = get(url, self.options.max_bytes, self.options.fetch_timeout, state.etag,
                           state.last_modified)
        except InputError as e:
            return self._failed(state, now, e.reason, getattr(e, "retry_after", None))
        if response.status == 304:
            return self._done(replace(state, status="not modified"), now)
        report = self.corpus.ingest_documents(read_feed_data(response.body, url, self.options), self.options,
                                              annotate=self.annotate, workers=self.workers)
        feed_errors = [e for e in report.failed if e.source == url]  # the feed itself, not one of its items
        if feed_errors and not report.added and not report.existing:
            return self._failed(state, now, feed_errors[0].reason, None, report)
        state = replace(state, etag=response.etag, last_modified=response.last_modified,
                        status="new" if report.added else "unchanged", added=state.added + len(report.added))
        return self._done(state, now, report)

    def _done(self, state: WatchedFeed, now: dt.datetime, report: IngestReport | None = None) -> Poll:
        state = replace(state, polled_at=now, next_poll_at=now + dt.timedelta(seconds=self.every), error=None,
                        failures=0)
        self.corpus.store.put_watched_feed(state)
        return Poll(state, report)

    def _failed(self, state: WatchedFeed, now: dt.datetime, reason: str, retry_after: float | None,
                report: IngestReport | None = None) -> Poll:
        failures = state.failures + 1
        wait = self.backoff(failures, retry_after)
        state = replace(state, polled_at=now, next_poll_at=now + dt.timedelta(seconds=wait), status="failed",
                        error=reason, failures=failures)
        self.corpus.store.put_watched_feed(state)
        log.warning("%s: %s (failure %d; next poll in %.0f s)", state.url, reason, failures, wait)
        return Poll(state, report)

    def run(self, urls: Iterable[str], until: dt.datetime | None = None, once: bool = False,
            stop: threading.Event | None = None, on_poll: Callable[[Poll], None] | None = None) -> dict[str, Poll]:
        """Poll each feed whenever it is due (at once on the first pass, unless a backoff from an earlier run is
        still running), until ``until``, until ``stop`` is set, or (``once``) after one poll of each. Between
        polls that added articles, the stories and storylines they changed are analysed ahead (``analyse``,
        :meth:`Corpus.analyse`) until the next poll is due, so their compare, brief and timeline answer at once.
        Returns each feed's last poll."""
        urls = list(dict.fromkeys(urls))
        for url in urls:
            if not is_url(url):
                raise UsageError(f"{url}: watch takes feed URLs (http:// or https://)")
        stop = stop or threading.Event()
        last: dict[str, Poll] = {}
        states = {url: self.corpus.store.watched_feed(url) for url in urls}  # as stored; then as each poll left it
        pending = True  # the analysis may be behind the store (an earlier watcher stopped before it caught up)
        while not stop.is_set():
            now = self.clock()
            for url in urls:
                if stop.is_set():
                    break
                state = states[url]
                if once or state is None or state.next_poll_at is None or state.next_poll_at <= now:
                    last[url] = self.poll(url)
                    states[url] = last[url].feed
                    pending = pending or bool(last[url].report and last[url].report.added)
                    if on_poll:
                        on_poll(last[url])
            upcoming = [s.next_poll_at for s in states.values() if s and s.next_poll_at]
            wake = min(upcoming, default=self.clock() + dt.timedelta(seconds=self.every))
            if until:
                wake = min(wake, until)
            if pending and self.analyse:
                pending = self._analyse(lambda: stop.is_set() or (not once and self.clock() >= wake))
            if once or (until and self.clock() >= until):
                break
            stop.wait(max(0.0, (wake - self.clock()).total_seconds()))
        return last

    def _analyse(self, stop: Callable[[], bool]) -> bool:
        """Analyse what changed until ``stop`` says so; whether some is left for next time. A failure is logged,
        never raised: the watcher polls on, and the analysis is done when asked for instead."""
        try:
            self.corpus.analyse(stop=stop)
            return stop() and bool(self.corpus.unanalysed())
        except Exception:
            log.exception("analysing the stories the last polls changed failed")
            return False
