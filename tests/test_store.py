"""The store: migrations, transactions, full-text search and raw bytes, on real SQLite files."""

from __future__ import annotations

import sqlite3

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


def test_migrations_run_once(store_path):
    with Store(store_path) as s:
        assert s.schema_version == max(MIGRATIONS)
    with Store(store_path) as s:
        rows = s.conn.execute("SELECT id FROM _migrations").fetchall()
        assert [r[0] for r in rows] == sorted(MIGRATIONS)
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused(store_path):
    Store(store_path).close()
    with sqlite3.connect(store_path) as conn:
        conn.execute("INSERT INTO _migrations VALUES (999, 'future', 'x')")
    with pytest.raises(SchemaTooNew):
        Store(store_path)


def test_not_a_database(tmp_path):
    p = tmp_path / "junk.db"
    p.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        Store(p)


def test_add_roundtrip_and_idempotence(fresh_store):
    article, raw = make(1)
    article_id, added = fresh_store.add_article(article, raw)
    assert added
    again, added_again = fresh_store.add_article(*make(1))
    assert again == article_id and not added_again
    back = fresh_store.article(article_id)
    assert back.text == article.text and back.blocks == article.blocks and back.title == article.title
    assert fresh_store.raw(back.content_hash) == raw.data
    assert fresh_store.stored_as(raw.content_hash) == {article.outlet: article_id}


def test_atomic_rolls_back_everything(fresh_store):
    with pytest.raises(RuntimeError):
        with fresh_store.atomic():
            fresh_store.add_article(*make(1))
            with fresh_store.atomic():  # nested: a savepoint
                fresh_store.add_article(*make(2))
            raise RuntimeError("crash")
    assert fresh_store.count() == 0


def test_nested_savepoint_rolls_back_alone(fresh_store):
    with fresh_store.atomic():
        fresh_store.add_article(*make(1))
        with pytest.raises(RuntimeError):
            with fresh_store.atomic():
                fresh_store.add_article(*make(2))
                raise RuntimeError("inner")
    assert fresh_store.count() == 1


def test_search_ranks_and_escapes(fresh_store):
    for n in range(3):
        fresh_store.add_article(*make(n))
    hits = fresh_store.search("ferries pier")
    assert len(hits) == 3 and all("[" in h.snippet for h in hits)
    assert fresh_store.search('"Pier 2 is the newest"')[0].article.text.count("Pier 2") == 1
    assert fresh_store.search("NEAR( OR AND *")  == []  # FTS operators are taken as words, never as syntax
    with pytest.raises(StoreError):
        fresh_store.search("   ")


def test_not_found(fresh_store):
    with pytest.raises(NotFound) as e:
        fresh_store.article(42)
    assert e.value.status == 404


def test_failures_recorded(fresh_store):
    fresh_store.add_failure("/in/x.txt", "NW101", "empty input")
    (f,) = fresh_store.failures()
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
