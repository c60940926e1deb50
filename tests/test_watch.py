"""newsweave watch: feeds served on 127.0.0.1 that change between polls, fail, hang or serve garbage."""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsweave
from newsweave.cli import app
from newsweave.errors import UsageError
from newsweave.settings import Options
from newsweave.watch import RETRY_FIRST_S, Watcher, parse_duration, parse_until

from .helpers import PARAGRAPH, rss

FAST = Options(fetch_timeout=1.0)


def items(n: int) -> list[tuple[str, str, str]]:
    """``n`` distinct feed items with their full text."""
    return [(f"Pier {i} opens to ferries", "Mon, 03 Mar 2025 10:00:00 GMT",
             f"<p>{PARAGRAPH} Pier {i} is the newest.</p><p>Officials expect {i + 100} ferries a week.</p>")
            for i in range(n)]


class Feeds:
    """An HTTP server on 127.0.0.1 with a feed per path; ETag and If-None-Match as a real server does them.
    Special paths: /slow hangs past any timeout, /down answers 503 with Retry-After, /garbage is not a feed."""

    def __init__(self):
        self.bodies: dict[str, bytes] = {}
        self.requests: list[tuple[str, str | None]] = []   # (path, If-None-Match)
        feeds = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                feeds.requests.append((self.path, self.headers.get("If-None-Match")))
                if self.path == "/slow":
                    time.sleep(3)
                    return self._send(200, b"<rss></rss>")
                if self.path == "/down":
                    return self._send(503, b"maintenance", {"Retry-After": "120"})
                if self.path == "/garbage":
                    return self._send(200, b"\x00\x9f<html><body>Not a feed at all</body></html>")
                body = feeds.bodies.get(self.path)
                if body is None:
                    return self._send(404, b"no such feed")
                etag = f'"{hash(body) & 0xffffffff:x}"'
                if self.headers.get("If-None-Match") == etag:
                    return self._send(304, b"", {"ETag": etag})
                self._send(200, body, {"ETag": etag, "Content-Type": "application/rss+xml"})

            def _send(self, status, body, headers=None):
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def feeds():
    with Feeds() as f:
        yield f


def test_new_items_are_ingested_and_an_unchanged_feed_costs_a_304(feeds, tmp_path):
    feeds.bodies["/news.xml"] = rss(items(2)).encode()
    url = feeds.url("/news.xml")
    with newsweave.open(tmp_path / "w.db") as corpus:
        first = corpus.watch([url], every=60, once=True, options=FAST)[url]
        assert first.feed.status == "new" and len(first.report.added) == 2
        again = corpus.watch([url], every=60, once=True, options=FAST)[url]
        assert again.feed.status == "not modified" and again.report is None
        assert feeds.requests[-1] == ("/news.xml", first.feed.etag) and first.feed.etag
        # the feed grows: only the new item is added, and it joins the stories at once
        feeds.bodies["/news.xml"] = rss(items(3)).encode()
        third = corpus.watch([url], every=60, once=True, options=FAST)[url]
        assert third.feed.status == "new" and len(third.report.added) == 1 and len(third.report.existing) == 2
        assert len(corpus) == 3 and third.feed.added == 3
        new_id = third.report.added[0]
        assert any(new_id in {a.id for a in s.articles} for s in corpus.stories())
    # a watcher started later goes on from the stored validators: its first request is conditional
    with newsweave.open(tmp_path / "w.db") as corpus:
        assert corpus.watch([url], every=60, once=True, options=FAST)[url].feed.status == "not modified"
        assert feeds.requests[-1][1] == third.feed.etag


def test_failing_feeds_back_off_and_never_stop_the_others(feeds, tmp_path):
    feeds.bodies["/good.xml"] = rss(items(2)).encode()
    urls = [feeds.url(p) for p in ("/slow", "/down", "/garbage", "/missing.xml", "/good.xml")]
    with newsweave.open(tmp_path / "f.db") as corpus:
        polls = corpus.watch(urls, every=600, once=True, options=FAST, annotate=False)
        good = polls[urls[-1]]
        assert not good.failed and len(good.report.added) == 2
        reasons = {url: polls[url].feed.error for url in urls[:-1]}
        assert "timed out after 1 s" in reasons[urls[0]]
        assert reasons[urls[1]] == "HTTP 503 Service Unavailable"
        assert reasons[urls[2]].startswith("not an RSS or Atom feed")
        assert reasons[urls[3]] == "HTTP 404 Not Found"
        assert len(corpus) == 2  # nothing of the garbage page was stored as an article
        down = polls[urls[1]].feed
        assert down.failures == 1 and (down.next_poll_at - down.polled_at).total_seconds() >= 120  # Retry-After
        missing = polls[urls[3]].feed
        assert (missing.next_poll_at - missing.polled_at).total_seconds() == pytest.approx(RETRY_FIRST_S)
        # consecutive failures double the wait; the state is in the store, for `newsweave feeds`
        again = corpus.watch([urls[3]], every=600, once=True, options=FAST)[urls[3]].feed
        assert again.failures == 2
        assert (again.next_poll_at - again.polled_at).total_seconds() == pytest.approx(2 * RETRY_FIRST_S)
        listed = {f.url: f for f in corpus.watched_feeds()}
        assert listed[urls[3]].failures == 2 and listed[urls[-1]].status == "new"


def test_backoff_doubles_up_to_its_cap_and_follows_a_short_interval():
    w = Watcher(None, every=600)  # the backoff needs no corpus
    waits = [w.backoff(n) for n in range(1, 12)]
    assert waits[:4] == [60, 120, 240, 480] and waits == sorted(waits) and waits[-1] == 6 * 3600
    assert w.backoff(1, retry_after=900) == 900
    assert [Watcher(None, every=2).backoff(n) for n in (1, 2, 3)] == [2, 4, 8]


def test_run_polls_on_schedule_until_the_deadline(feeds, tmp_path):
    feeds.bodies["/live.xml"] = rss(items(1)).encode()
    url = feeds.url("/live.xml")
    polls = []

    def grow():  # the feed changes while the watcher runs
        time.sleep(1.0)
        feeds.bodies["/live.xml"] = rss(items(2)).encode()

    threading.Thread(target=grow, daemon=True).start()
    start = time.monotonic()
    with newsweave.open(tmp_path / "r.db") as corpus:
        until = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=2.5)
        corpus.watch([url], every=0.5, until=until, options=FAST, annotate=False, on_poll=polls.append)
        assert len(corpus) == 2
    elapsed = time.monotonic() - start
    assert 2.3 < elapsed < 8
    assert 3 <= len(polls) <= 7, [p.feed.status for p in polls]
    assert [p.feed.status for p in polls].count("new") == 2 and polls[1].feed.status == "not modified"


def test_stop_event_ends_the_loop_between_polls(feeds, tmp_path):
    feeds.bodies["/a.xml"] = rss(items(1)).encode()
    stop = threading.Event()
    with newsweave.open(tmp_path / "s.db") as corpus:
        timer = threading.Timer(0.5, stop.set)
        timer.start()
        start = time.monotonic()
        corpus.watch([feeds.url("/a.xml")], every=3600, options=FAST, annotate=False, stop=stop)
        assert time.monotonic() - start < 5


def test_between_polls_the_stories_they_changed_are_analysed_ahead(feeds, tmp_path, monkeypatch):
    from newsweave import corpus as corpus_module

    monkeypatch.setattr(corpus_module, "ANALYSE_FROM", 2)  # what counts as large, for stories of two reports
    feeds.bodies["/coast.xml"] = rss(items(2)).encode()
    feeds.bodies["/bay.xml"] = rss(items(2), title="Bay News").replace("coast.example", "bay.example").encode()
    urls = [feeds.url("/coast.xml"), feeds.url("/bay.xml")]
    for analyse in (False, True):
        with newsweave.open(tmp_path / f"a{analyse}.db") as corpus:
            corpus.watch(urls, every=60, once=True, options=FAST, analyse=analyse)
            assert len(corpus) == 4 and any(len(r.outlets) == 2 for r in corpus.story_rows()), corpus.story_rows()
            left = corpus.unanalysed()
            assert bool(left) is not analyse, left  # each story both outlets report: compared, briefed, kept
            if analyse:
                assert corpus.compared() and all(corpus.view_ready("brief", r) for r in corpus.compared())


def test_durations_and_deadlines():
    assert [parse_duration(t) for t in ("90", "30s", "10m", "2h", "1d", "1.5m")] == [90, 30, 600, 7200, 86400, 90]
    for bad in ("", "soon", "-5m", "0", "10 weeks"):
        with pytest.raises(UsageError):
            parse_duration(bad)
    now = dt.datetime(2026, 3, 1, 12, tzinfo=dt.timezone.utc)
    assert parse_until("2h", now) == now + dt.timedelta(hours=2)
    assert parse_until("2026-03-02T08:00+00:00", now) == dt.datetime(2026, 3, 2, 8, tzinfo=dt.timezone.utc)
    with pytest.raises(UsageError):
        parse_until("tomorrow-ish", now)


def test_watch_rejects_what_is_not_a_feed_url(tmp_path):
    with newsweave.open(tmp_path / "u.db") as corpus, pytest.raises(UsageError):
        corpus.watch(["feeds.txt"], every=60, once=True)


def test_cli_watch_once_json_lines_feeds_list_and_exit_code(feeds, tmp_path):
    feeds.bodies["/news.xml"] = rss(items(2)).encode()
    db = str(tmp_path / "c.db")
    good, bad = feeds.url("/news.xml"), feeds.url("/garbage")
    runner = CliRunner()
    run = runner.invoke(app, ["watch", good, "--once", "--db", db, "--json", "--no-annotate"])
    assert run.exit_code == 0, run.output
    (line,) = run.stdout.splitlines()
    assert json.loads(line)["status"] == "new" and json.loads(line)["added"] == 2
    run = runner.invoke(app, ["watch", good, bad, "--once", "--db", db, "--no-annotate", "--fetch-timeout", "2"])
    assert run.exit_code == 2
    assert f"{good}: not modified" in run.stdout
    assert f"error: {bad}: not an RSS or Atom feed" in run.stderr and "next try in 1m" in run.stderr
    listed = json.loads(runner.invoke(app, ["feeds", "--db", db, "--json"]).stdout)
    assert {f["url"]: f["status"] for f in listed} == {good: "not modified", bad: "failed"}
    table = runner.invoke(app, ["feeds", "--db", db])
    assert table.exit_code == 0 and "failed 1x" in table.stdout
    bad_every = runner.invoke(app, ["watch", good, "--every", "often", "--db", db])
    assert bad_every.exit_code == 1 and "not a duration" in bad_every.stderr


@pytest.mark.slow
def test_sigterm_stops_a_running_watch_cleanly(feeds, tmp_path):
    feeds.bodies["/news.xml"] = rss(items(2)).encode()
    db = tmp_path / "t.db"
    proc = subprocess.Popen([sys.executable, "-m", "newsweave.cli", "watch", feeds.url("/news.xml"), "--every",
                             "1h", "--db", str(db), "--no-annotate"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while not any(p == "/news.xml" for p, _ in feeds.requests) and time.time() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)  # the poll's ingest ends; the watcher sleeps until the next
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "2 new, 0 already stored" in out
    with newsweave.open(Path(db)) as corpus:
        assert len(corpus) == 2 and corpus.watched_feeds()[0].status == "new"
