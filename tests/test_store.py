"""The store: migrations, transactions, full-text search and raw bytes, on real SQLite files and a real
PostgreSQL server."""

from __future__ import annotations

import pytest

from newsweave.errors import NotFound, SchemaTooNew, StoreError
from newsweave.model import Hints, Origin, RawDocument
from newsweave.pipeline import process
from newsweave.store import Store
from newsweave.store.migrations import MIGRATIONS

from .helpers import article_text


def make(n: int, outlet: str | None = None):
    raw = RawDocument(Origin(f"/in/{n}.txt", "text"), article_text(n).encode(), "text", Hints(outlet=outlet))
    return process(raw), raw


def test_migrations_run_once(db_url):
    with Store(db_url) as s:
        assert s.schema_version == max(MIGRATIONS)
    with Store(db_url) as s:
        rows = s.conn.execute("SELECT id FROM _migrations ORDER BY id").fetchall()
        assert [r[0] for r in rows] == sorted(MIGRATIONS)
        if s.dialect == "sqlite":
            assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(db_url):
    with Store(db_url) as s:
        s.conn.execute("INSERT INTO _migrations VALUES (999, 'future', 'x')")
    with pytest.raises(SchemaTooNew):
        Store(db_url)


def test_not_a_database(tmp_path):
    p = tmp_path / "junk.db"
    p.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        Store(p)


def test_add_roundtrip_and_idempotence(any_store):
    article, raw = make(1)
    article_id, added = any_store.add_article(article, raw)
    assert added
    again, added_again = any_store.add_article(*make(1))
    assert again == article_id and not added_again
    back = any_store.article(article_id)
    assert back.text == article.text and back.blocks == article.blocks and back.title == article.title
    assert any_store.raw(back.content_hash) == raw.data
    assert any_store.stored_as(raw.content_hash) == {article.outlet: article_id}


def test_atomic_rolls_back_everything(any_store):
    with pytest.raises(RuntimeError):
        with any_store.atomic():
            any_store.add_article(*make(1))
            with any_store.atomic():  # nested: a savepoint
                any_store.add_article(*make(2))
            raise RuntimeError("crash")
    assert any_store.count() == 0


def test_nested_savepoint_rolls_back_alone(any_store):
    with any_store.atomic():
        any_store.add_article(*make(1))
        with pytest.raises(RuntimeError):
            with any_store.atomic():
                any_store.add_article(*make(2))
                raise RuntimeError("inner")
    assert any_store.count() == 1


def test_search_ranks_and_escapes(any_store):
    for n in range(3):
        any_store.add_article(*make(n))
    hits = any_store.search("ferries pier")
    assert len(hits) == 3 and all("[" in h.snippet for h in hits)
    assert any_store.search('"Pier 2 is the newest"')[0].article.text.count("Pier 2") == 1
    assert any_store.search("NEAR( OR AND *")  == []  # FTS operators are taken as words, never as syntax
    with pytest.raises(StoreError):
        any_store.search("   ")


def test_not_found(any_store):
    with pytest.raises(NotFound) as e:
        any_store.article(42)
    assert e.value.status == 404


def test_failures_recorded(any_store):
    any_store.add_failure("/in/x.txt", "NW101", "empty input")
    (f,) = any_store.failures()
    assert (f.source, f.code, f.reason) == ("/in/x.txt", "NW101", "empty input")


def test_store_errors_are_translated(tmp_path):
    """A file problem met by any statement leaves the store as a StoreError with its code."""
    import newsweave
    from newsweave.errors import StoreReadOnly

    (tmp_path / "a.txt").write_text(article_text(1))
    corpus = newsweave.open(tmp_path / "ro.db")
    corpus.store.conn.execute("PRAGMA query_only = 1")  # what a read-only file does to every write
    with pytest.raises(StoreReadOnly) as raised:
        corpus.ingest([str(tmp_path / "a.txt")], annotate=False)
    assert raised.value.code == "NW204" and "read-only" in raised.value.message
    corpus.close()


def test_missing_store_is_not_created_when_asked_not_to(tmp_path):
    from newsweave.errors import StoreMissing

    with pytest.raises(StoreMissing):
        Store(tmp_path / "typo.db", create=False)
    assert not (tmp_path / "typo.db").exists()


def test_empty_postgresql_schema_is_not_a_store_unless_created(postgres_url):
    from newsweave.errors import StoreMissing

    with pytest.raises(StoreMissing) as raised:
        Store(postgres_url, create=False)
    assert "no newsweave store" in raised.value.message
    Store(postgres_url).close()
    Store(postgres_url, create=False).close()



def test_feed_states_views_and_kept_vectors_round_trip(any_store):
    import datetime as dt

    from newsweave.model import WatchedFeed

    at = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.timezone.utc)
    any_store.put_watched_feed(WatchedFeed("http://127.0.0.1/feed", etag='"v1"', polled_at=at, status="new", added=3))
    any_store.put_watched_feed(WatchedFeed("http://127.0.0.1/feed", etag='"v2"', polled_at=at, status="not modified",
                                           failures=1, added=3))
    (feed,) = any_store.watched_feeds()
    assert (feed.etag, feed.status, feed.failures, feed.polled_at) == ('"v2"', "not modified", 1, at)
    any_store.put_view("compare", "L1", "k1", '{"a": 1}', ("corroborated", "disputed"), "code 1")
    any_store.put_view("compare", "L1", "k2", '{"a": 2}', ("single-source",), "code 2")
    assert any_store.view("compare", "L1", "k1") is None and any_store.view("compare", "L1", "k2") == '{"a": 2}'
    assert any_store.compared("code 2", "single-source") == {"L1": "k2"}
    assert any_store.compared("code 2", "disputed") == {}
    assert any_store.compared("code 1", "single-source") == {}  # made by other code: not current
    assert any_store.compared("code 2") == {"L1": "k2"} and any_store.compared("code 1") == {}
    any_store.put_text_vectors([(b"\x00key", b"\x01\x02"), (b"\x00key", b"\x09")])
    assert any_store.text_vectors([b"\x00key", b"none"]) == {b"\x00key": b"\x01\x02"}
    any_store.add_failure("/in/x.txt", "NW101", "empty input")
    any_store.add_failure("/in/x.txt", "NW101", "empty input")
    assert [f.times for f in any_store.failures()] == [2]


def test_the_events_of_a_window_are_those_whose_reports_meet_it(any_store):
    """Events with a report in a window of days, latest first, read from an index range of their last day
    (events span at most ``longest`` days); with ``not_only``, those with a report in another language."""
    from newsweave.model import EventState, StorylineState

    line = any_store.add_storyline(StorylineState(0, b"\0" * 4, 0))
    spans = {"before": (80, 89, "en"), "into": (95, 101, "en"), "inside": (102, 103, "de,en"),
             "over": (99, 112, "fr"), "after": (111, 118, "en"), "undated": (100, 100, "en")}
    ids = {name: any_store.add_event(EventState(0, line, k + 1, name != "undated", lo, hi, b"\0" * 4, 1,
                                                languages=languages))
           for k, (name, (lo, hi, languages)) in enumerate(spans.items())}
    names = {v: k for k, v in ids.items()}
    # a window of days 100-110 with events of up to 14 days: every event meeting it, the latest-ending first
    assert [names[e] for e in any_store.window_events(100, 110, 10, 14)] == ["over", "inside", "into"]
    assert [names[e] for e in any_store.window_events(100, 110, 2, 14)] == ["over", "inside"]
    assert [names[e] for e in any_store.window_events(100, 110, 10, 14, "en")] == ["over", "inside"]
    assert [names[e] for e in any_store.window_events(104, 104, 10, 14)] == ["over"]


def test_stories_clustered_before_migration_20_keep_their_centroids_and_entity_weights(db_url, monkeypatch):
    """A store clustered when term centroids were kept in the event and storyline rows, and an event's entity
    weights were summed when read: opened now (migrations 20 and 21), each event and storyline has the centroid
    it had and each event the sum of its postings, kept as postings are added."""
    import newsweave.store as store_module
    from newsweave.model import EventState

    monkeypatch.setattr(store_module, "MIGRATIONS", {n: m for n, m in MIGRATIONS.items() if n < 20})
    with Store(db_url) as old, old.atomic():
        old.conn.execute("INSERT INTO storylines (id, vector_sum, size, terms, day_min, day_max) "
                         "VALUES (7, ?, 2, ?, 10, 11)", (b"\0" * 4, '{"talks": 1.5}'))
        old.conn.execute("INSERT INTO events (id, storyline_id, first_article, dated, day_min, day_max, vector_sum, "
                         "size, terms) VALUES (3, 7, 1, 1, 10, 11, ?, 2, ?)",
                         (b"\0" * 4, '{"talks": 1.5, "pause": 0.5}'))
        old.conn.execute("INSERT INTO events (id, storyline_id, first_article, dated, day_min, day_max, vector_sum, "
                         "size) VALUES (4, 7, 2, 1, 10, 10, ?, 1)", (b"\0" * 4,))
        old.conn.executemany("INSERT INTO event_entities (entity_id, event_id, weight, dated, day_min, day_max) "
                             "VALUES (?, 3, ?, 1, 10, 11)", [(1, 2.0), (2, 3.0)])
    monkeypatch.undo()
    with Store(db_url) as s:
        event, bare = s.event_states([3, 4])
        assert (event.terms, bare.terms) == ({"talks": 1.5, "pause": 0.5}, {})
        assert s.event_states([3], terms=False)[0].terms == {}
        line = s.storyline_state(7)
        assert (line.terms, line.day_min, line.day_max, line.size) == ({"talks": 1.5}, 10, 11, 2)
        assert s.event_entity_weights([3, 4], [1, 9]) == ({3: {1: 2.0}, 4: {}}, {3: 5.0, 4: 0.0})
        s.add_event_entities(EventState(3, 7, 1, True, 10, 11, b"", 2), {2: 1.0, 9: 2.5})
        assert s.event_entity_weights([3], [9]) == ({3: {9: 2.5}}, {3: 8.5})
        event.terms = {"talks": 2.0}
        s.update_event(event)
        assert s.event_state(3).terms == {"talks": 2.0}
