"""Schema migrations, registered in one place and applied in order, each exactly once.

A migration is a function returning the SQL script for it, registered with ``@migration(n, "name")``. The
``_migrations`` table records what has run; opening a store applies each missing migration and its
record in one transaction. Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

from collections.abc import Callable

MIGRATIONS: dict[int, tuple[str, Callable]] = {}


def migration(number: int, name: str):
    """Register ``func`` as migration ``number``."""

    def decorate(func: Callable) -> Callable:
        if number in MIGRATIONS:
            raise ValueError(f"migration {number} registered twice")
        MIGRATIONS[number] = (name, func)
        return func

    return decorate


@migration(1, "articles, raw documents, failures, full-text search")
def _initial() -> str:
    return """
        CREATE TABLE raw_documents (
            hash TEXT PRIMARY KEY,          -- sha256 of the original bytes
            data BLOB NOT NULL,             -- the original bytes, zlib-compressed
            size INTEGER NOT NULL
        );
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            content_hash TEXT NOT NULL REFERENCES raw_documents(hash),
            outlet TEXT NOT NULL,
            outlet_from TEXT NOT NULL,
            source TEXT NOT NULL,
            format TEXT NOT NULL,
            "offset" INTEGER,
            item TEXT,
            url TEXT,
            title TEXT,
            author TEXT,
            external_id TEXT,
            published TEXT,                 -- ISO date when exact
            published_earliest TEXT,
            published_latest TEXT,
            date_exact INTEGER,
            date_confidence REAL,
            date_evidence TEXT,             -- JSON list of strings
            text TEXT NOT NULL,             -- cleaned text, blocks joined by blank lines
            blocks TEXT NOT NULL,           -- JSON [{kind, text, start, end}]
            removed TEXT NOT NULL,          -- JSON [{text, rule, line}]
            times TEXT NOT NULL,            -- JSON [{text, start, end, earliest, latest, relative}]
            warnings TEXT NOT NULL,         -- JSON list of strings
            encoding TEXT,
            ingested_at TEXT NOT NULL,
            UNIQUE (content_hash, outlet)
        );
        CREATE INDEX articles_published ON articles (published_earliest);
        CREATE INDEX articles_outlet ON articles (outlet);
        CREATE TABLE failures (
            id INTEGER PRIMARY KEY,
            source TEXT NOT NULL,
            code TEXT NOT NULL,
            reason TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
        END;
        CREATE TRIGGER articles_fts_update AFTER UPDATE ON articles BEGIN
            INSERT INTO articles_fts (articles_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text);
            INSERT INTO articles_fts (rowid, title, text) VALUES (new.id, new.title, new.text);
        END;
        """
