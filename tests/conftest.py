"""Shared fixtures: stores on real SQLite files and on a real PostgreSQL server, the examples corpus, and
../shared when present."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

import newsweave
from newsweave.store import Store

from . import pgserver

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SEEDS_GOLD = SHARED / "corpus" / "seeds-gold.json"
EXAMPLES = ROOT / "examples"
# The examples corpus is dated 2025; pin "today" so estimates do not drift as the calendar moves.
TODAY = dt.date(2026, 11, 24)

sys._called_from_test = True  # entry-point plugins are not loaded under test

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} is absent: the seed corpus lives in ../shared")


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL 15 server started for this test session on 127.0.0.1 (Debian's, as the postgres user)."""
    reason = pgserver.unavailable()
    if reason:
        pytest.skip(reason)
    server = pgserver.LocalPostgres().start()
    yield server
    server.cleanup()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A new, empty store on the session's PostgreSQL server (a schema of its own)."""
    return postgres_server.new_url()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path: Path) -> str:
    """A new store on each backend: a SQLite file, then a PostgreSQL schema."""
    if request.param == "sqlite":
        return str(tmp_path / "test.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def any_store(db_url: str):
    s = Store(db_url)
    yield s
    s.close()


@pytest.fixture
def corpus(store_path: Path):
    c = newsweave.open(store_path)
    yield c
    c.close()


@pytest.fixture
def fresh_store():
    s = Store(":memory:")
    yield s
    s.close()


@pytest.fixture(scope="session")
def examples_corpus(tmp_path_factory):
    """The examples corpus ingested once (with its metadata sidecar) into a real SQLite file."""
    path = tmp_path_factory.mktemp("examples") / "examples.db"
    c = newsweave.open(path)
    report = c.ingest([str(EXAMPLES / "corpus")], meta=EXAMPLES / "meta.csv", today=TODAY)
    yield c, report
    c.close()


@pytest.fixture(scope="session")
def seeds_corpus(tmp_path_factory):
    """The five seed articles ingested (and annotated) once into a real SQLite file."""
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent: the seed corpus lives in ../shared")
    c = newsweave.open(tmp_path_factory.mktemp("seeds") / "seeds.db")
    c.ingest([str(SEEDS)], today=TODAY)
    yield c
    c.close()
