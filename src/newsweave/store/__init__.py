"""The store: the only place that speaks SQL.

:class:`Store` keeps articles, their original bytes, and per-input failures in a SQLite file (WAL mode,
FTS5 full-text search) or, given a ``postgresql://`` URL, in a PostgreSQL database (tsvector and GIN
full-text search; :mod:`.postgres` bridges the two dialects). Every write goes through :meth:`Store.atomic`,
which nests as savepoints. Rows come back as :class:`~newsweave.model.Article` records, never as tuples or
dicts.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import sqlite3
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from .. import normalize
from ..errors import NotFound, SchemaTooNew, StoreCorrupt, StoreError, StoreLocked, StoreMissing, StoreReadOnly
from ..settings import LOCK_TIMEOUT_S
from ..nlp.language import READ_AS_ENGLISH
from ..model import (Annotation, Article, Block, CanonicalEntity, Claim, DateEstimate, DuplicateGroup,
                     DuplicateMember, Origin, RawDocument, RemovedLine, StoredClaim, StoredQuote, TextSpan,
                     TimeExpression, WatchedFeed)
from . import postgres
from .connection import connect
from .migrations import MIGRATIONS
from .stories import StoriesMixin, _marks, _pairs_in

__all__ = ["Store", "SearchHit", "Failure", "query_terms"]

# LIMIT for "no limit": both engines take it (SQLite refuses LIMIT NULL, PostgreSQL refuses LIMIT -1).
NO_LIMIT = 2 ** 63 - 1

# The article columns read back (every column but PostgreSQL's generated full-text vector), and the language
# its annotation detected, for articles ``a``.
ARTICLE_COLUMNS = ("id, content_hash, outlet, outlet_from, source, format, \"offset\", item, url, title, author, "
                   "external_id, published, published_earliest, published_latest, date_exact, date_confidence, "
                   "date_evidence, text, blocks, removed, times, warnings, encoding, ingested_at")


@dataclass(frozen=True)
class SearchHit:
    """A full-text search result: the article, a highlighted snippet and the BM25 rank (lower is better)."""

    article: Article
    snippet: str
    rank: float


@dataclass(frozen=True)
class Failure:
    """An input that could not be ingested: which, the error code, why, when last, and in how many runs."""

    source: str
    code: str
    reason: str
    at: str
    times: int = 1


class Store(StoriesMixin):
    """A newsweave database in a SQLite file (``":memory:"`` for a throwaway one) or a PostgreSQL database
    (``postgresql://user@host:port/database``; a schema of its own with ``?options=-csearch_path%3Dname``)."""

    def __init__(self, path: str | Path = "newsweave.db", create: bool = True, lock_timeout: float = LOCK_TIMEOUT_S):
        """Open the store at ``path``, creating it unless ``create`` is false (then a missing file or an empty
        database raises :class:`StoreMissing`). A lock held by another process is waited on for up to
        ``lock_timeout`` seconds."""
        self.commits = 0  # transactions this connection committed (with data_version: has anything changed?)
        self._depth = 0
        if postgres.is_url(str(path)):
            self.dialect = "postgresql"
            self.conn = postgres.connect(str(path), lock_timeout)
            self.path = self.conn.path
            self._set_up(lambda: self._migrate_postgres(create), StoreError)
            return
        self.dialect = "sqlite"
        self.path = str(path)
        if not create and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreMissing(f"no database at {self.path}; create one with: newsweave ingest PATH --db {self.path}")
        self.conn = connect(self.path, lock_timeout)
        self.conn.row_factory = sqlite3.Row
        self._set_up(self._migrate_sqlite, StoreCorrupt)

    def _set_up(self, prepare, unusable: type[StoreError]) -> None:
        """Configure the connection and apply missing migrations (``prepare``); on failure close it and raise a
        StoreError."""
        try:
            prepare()
        except (StoreError, sqlite3.DatabaseError) as e:
            self.conn.close()
            if isinstance(e, StoreError):
                raise
            raise unusable(f"{self.path} is not a usable newsweave database: {e}") from None

    def _migrate_sqlite(self) -> None:
        """Configure the connection (WAL, foreign keys, page cache) and apply each missing migration in a
        transaction of its own."""
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")
        # Clustering reads a few rows from all over a large file for each new article: a 64 MiB page cache
        # (SQLite's default is 2 MiB) keeps the indexes it walks in memory.
        self.conn.execute("PRAGMA cache_size=-65536")
        for number in self._missing_migrations():
            name, make_sql = MIGRATIONS[number]
            record = "INSERT INTO _migrations VALUES ({}, '{}', '{}');".format(
                number, name.replace("'", "''"), _now())
            try:  # the record first: of processes opening a new store at once, one applies it, the others skip
                self.conn.executescript(f"BEGIN IMMEDIATE;\n{record}\n{make_sql('sqlite')}\nCOMMIT;")
            except sqlite3.Error as e:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                applied = self.conn.execute("SELECT 1 FROM _migrations WHERE id = ?", (number,)).fetchone()
                if isinstance(e, sqlite3.IntegrityError) and applied:
                    continue  # another process applied it first
                raise

    # --- lifecycle ------------------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """One transaction (or a savepoint inside an outer one): all of it is written, or none."""
        outer = self._depth == 0
        name = f"sp{self._depth}"
        if outer:
            self.conn.begin()
        else:
            self.conn.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            self.conn.execute("ROLLBACK" if outer else f"ROLLBACK TO {name}")
            if not outer:
                self.conn.execute(f"RELEASE {name}")
            raise
        else:
            self._depth -= 1
            self.conn.execute("COMMIT" if outer else f"RELEASE {name}")
            if outer:
                self.commits += 1

    def reconnect(self) -> None:
        """After :class:`StoreUnavailable` (a database server restarted mid-transaction): a new connection, once
        the server answers again. The transaction was rolled back; the caller redoes it."""
        self._depth = 0
        self.conn.reopen()

    def _missing_migrations(self) -> list[int]:
        """The migrations this store has not had, in order (creating their record table when new); a store
        written by a newer newsweave raises :class:`SchemaTooNew`."""
        self.conn.execute("CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
        done = {r[0] for r in self.conn.execute("SELECT id FROM _migrations")}
        newest = max(MIGRATIONS)
        if done and max(done) > newest:
            raise SchemaTooNew(f"{self.path} was written by a newer newsweave (schema {max(done)} > {newest}); "
                               "upgrade newsweave to read it")
        return sorted(set(MIGRATIONS) - done)

    def _migrate_postgres(self, create: bool) -> None:
        """Every missing migration in one transaction, under the store's write lock: of processes opening a new
        store at once, the first applies them and the others find them applied. A store already up to date is
        opened without taking the lock, so readers never wait for a writer. An empty schema is a new store only
        when ``create``."""
        if self.conn.execute("SELECT to_regclass('_migrations')").fetchone()[0]:
            done = {r[0] for r in self.conn.execute("SELECT id FROM _migrations")}
            if set(MIGRATIONS) <= done and max(done) == max(MIGRATIONS):
                return
        elif not create:
            raise StoreMissing(f"no newsweave store in {self.path}; create one with: newsweave ingest PATH "
                               f"--db {self.path}")
        with self.atomic():
            for number in self._missing_migrations():
                name, make_sql = MIGRATIONS[number]
                self.conn.executescript(postgres.schema(make_sql("postgresql")))
                self.conn.execute("INSERT INTO _migrations VALUES (?, ?, ?)", (number, name, _now()))

    @property
    def schema_version(self) -> int:
        """Number of the newest migration applied."""
        return self.conn.execute("SELECT max(id) FROM _migrations").fetchone()[0] or 0

    # --- writes ---------------------------------------------------------------------------------------
    def stored_as(self, content_hash: str) -> dict[str, int]:
        """Outlet -> article id for every article stored from these exact bytes (empty when new)."""
        return dict(self.conn.execute("SELECT outlet, id FROM articles WHERE content_hash = ? ORDER BY id",
                                      (content_hash,)).fetchall())

    def add_article(self, article: Article, raw: RawDocument) -> tuple[int, bool]:
        """Store an article and its raw bytes. Returns ``(id, added)``; ``added`` is False when already there.

        Call inside :meth:`atomic` to batch many articles into one transaction.
        """
        with self.atomic():
            self.conn.execute("INSERT INTO raw_documents (hash, data, size) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                              (raw.content_hash, zlib.compress(raw.data, 6), len(raw.data)))
            row = _article_row(article)
            cols = ", ".join(f'"{c}"' for c in row)
            marks = ", ".join("?" for _ in row)
            added = self.conn.execute(f"INSERT INTO articles ({cols}) VALUES ({marks}) ON CONFLICT DO NOTHING "
                                      "RETURNING id", list(row.values())).fetchone()
            if added:
                article.id = added[0]
                return added[0], True
            existing = self.conn.execute("SELECT id FROM articles WHERE content_hash = ? AND outlet = ?",
                                         (article.content_hash, article.outlet)).fetchone()
            article.id = existing[0]
            return existing[0], False

    def add_failure(self, source: str, code: str, reason: str) -> None:
        """Record that an input could not be ingested, so a failure is never only a line on a terminal. The
        same input failing the same way again updates its row (``times``, ``at``) rather than adding one."""
        with self.atomic():
            self.conn.execute("INSERT INTO failures (source, code, reason, at) VALUES (?, ?, ?, ?) "
                              "ON CONFLICT (source, code, reason) DO UPDATE SET at = excluded.at, "
                              "times = failures.times + 1",
                              (normalize.meta(source) or "?", code, normalize.meta(reason) or "?", _now()))

    # --- reads ----------------------------------------------------------------------------------------
    def count(self) -> int:
        """Number of articles."""
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def article(self, article_id: int) -> Article:
        """One article by id. Raises :class:`NotFound`."""
        row = self.conn.execute(f"SELECT {_article_columns()} FROM articles a WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id} in {self.path}")
        return _article(row)

    def articles(self, limit: int | None = None, offset: int = 0, since: dt.date | None = None,
                 outlet: str | None = None, language: str | None = None) -> list[Article]:
        """Articles in id order, optionally published (at the latest) on or after ``since``, from one outlet,
        or in one language (as annotation detected it)."""
        return list(self.iter_articles(limit, offset, since, outlet, language))

    def iter_articles(self, limit: int | None = None, offset: int = 0, since: dt.date | None = None,
                      outlet: str | None = None, language: str | None = None) -> Iterator[Article]:
        """Like :meth:`articles`, streamed: memory stays flat on large stores."""
        where, args = _article_filter(since, outlet, language)
        sql = f"SELECT {_article_columns()} FROM articles a{where} ORDER BY id LIMIT ? OFFSET ?"
        for row in self.conn.execute(sql, [*args, NO_LIMIT if limit is None else limit, offset]):
            yield _article(row)

    def count_articles(self, since: dt.date | None = None, outlet: str | None = None,
                       language: str | None = None) -> int:
        """How many articles :meth:`articles` would give with no limit."""
        where, args = _article_filter(since, outlet, language)
        return self.conn.execute(f"SELECT count(*) FROM articles a{where}", args).fetchone()[0]

    def search(self, query: str, limit: int = 20, outlet: str | None = None, since: dt.date | None = None,
               until: dt.date | None = None, synonyms: dict[str, list[str]] | None = None) -> list[SearchHit]:
        """Full-text search over titles and text (SQLite: FTS5, BM25 ranking; PostgreSQL: tsvector, ts_rank_cd).
        Plain words; quotes for phrases; a word
        with ``synonyms`` (other spellings of the same entity) matches any of them. Optionally only one outlet's
        articles, or those that may have been published between ``since`` and ``until``."""
        postgresql = self.dialect == "postgresql"
        where, args = ["a.fts @@ q.q" if postgresql else "articles_fts MATCH ?"], []
        if outlet is not None:
            where.append("a.outlet = ?")
            args.append(outlet)
        if since is not None:
            where.append("a.published_latest >= ?")
            args.append(since.isoformat())
        if until is not None:
            where.append("a.published_earliest <= ?")
            args.append(until.isoformat())
        if postgresql:  # ts_rank_cd: higher is better, so negated to rank as BM25 does
            tsquery, query_args = self._tsquery(query, synonyms)
            sql = (f"SELECT {_article_columns()}, ts_headline('simple', a.text, q.q, "
                   "'StartSel=[, StopSel=], MaxWords=12, "
                   "MinWords=6, MaxFragments=1, FragmentDelimiter=\" … \"') AS snip, -ts_rank_cd(a.fts, q.q) AS rank "
                   f"FROM articles a, (SELECT {tsquery} AS q) q WHERE {' AND '.join(where)} "
                   "ORDER BY rank, a.id LIMIT ?")
            args = [*query_args, *args]
        else:
            sql = (f"SELECT {_article_columns()}, snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snip, "
                   "bm25(articles_fts) AS "
                   "rank FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
                   f"WHERE {' AND '.join(where)} ORDER BY rank LIMIT ?")
            args = [_fts_query(query, synonyms), *args]
        try:
            rows = self.conn.execute(sql, (*args, limit)).fetchall()
        except sqlite3.OperationalError as e:
            raise StoreError(f"cannot search for {query!r}: {e}") from None
        return [SearchHit(_article(r), r["snip"], r["rank"]) for r in rows]

    def _tsquery(self, query: str, synonyms: dict[str, list[str]] | None = None) -> tuple[str, list[str]]:
        terms = query_terms(query)
        if not terms:
            raise StoreError(f"nothing to search for in {query!r}")
        return postgres.tsquery(terms, synonyms or {})

    def search_ids(self, query: str, synonyms: dict[str, list[str]] | None = None) -> list[int]:
        """Ids of every article matching a full-text query (as :meth:`search`), best first."""
        if self.dialect == "postgresql":
            tsquery, args = self._tsquery(query, synonyms)
            sql = (f"SELECT a.id FROM articles a, (SELECT {tsquery} AS q) q WHERE a.fts @@ q.q "
                   "ORDER BY ts_rank_cd(a.fts, q.q) DESC, a.id")
        else:
            sql, args = ("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts)",
                         [_fts_query(query, synonyms)])
        try:
            return [r[0] for r in self.conn.execute(sql, args)]
        except sqlite3.OperationalError as e:
            raise StoreError(f"cannot search for {query!r}: {e}") from None

    def raw(self, content_hash: str) -> bytes:
        """The original bytes of an article, exactly as ingested."""
        row = self.conn.execute("SELECT data FROM raw_documents WHERE hash = ?", (content_hash,)).fetchone()
        if row is None:
            raise NotFound(f"no raw document {content_hash}")
        return zlib.decompress(row[0])

    def failures(self) -> list[Failure]:
        """Inputs that could not be ingested, oldest first."""
        return [Failure(*r) for r in self.conn.execute("SELECT source, code, reason, at, times FROM failures "
                                                        "ORDER BY id")]


    # --- annotations: canonical entities ----------------------------------------------------------------
    def entity_for_key(self, key: str, types: tuple[str, ...]) -> int | None:
        """The entity a spelling-independent key names, trying ``types`` in order."""
        for etype in types:
            row = self.conn.execute("SELECT entity_id FROM entity_keys WHERE key = ? AND type = ?",
                                    (key, etype)).fetchone()
            if row:
                return row[0]
        return None

    def entities_with_surname(self, surname: str) -> list[tuple[int, str]]:
        """(id, name) of person entities with a multi-word name ending in ``surname`` (folded)."""
        return [tuple(r) for r in self.conn.execute(
            "SELECT id, name FROM entities WHERE surname = ? AND type = 'person' AND instr(name, ' ') > 0",
            (surname,))]

    def entity_name(self, entity_id: int) -> str:
        row = self.conn.execute("SELECT name FROM entities WHERE id = ?", (entity_id,)).fetchone()
        if row is None:
            raise NotFound(f"no entity with id {entity_id}")
        return row[0]

    def add_entity(self, name: str, etype: str, surname: str | None) -> int:
        with self.atomic():
            return self.conn.execute("INSERT INTO entities (name, type, surname) VALUES (?, ?, ?) RETURNING id",
                                     (name, etype, surname)).fetchone()[0]

    def rename_entity(self, entity_id: int, name: str) -> None:
        with self.atomic():
            self.conn.execute("UPDATE entities SET name = ? WHERE id = ?", (name, entity_id))
            self.conn.execute("UPDATE quotes SET speaker = ? WHERE speaker_id = ?", (name, entity_id))

    def set_entity_type(self, entity_id: int, etype: str) -> None:
        with self.atomic():
            self.conn.execute("UPDATE entities SET type = ? WHERE id = ?", (etype, entity_id))

    def set_entity_surname(self, entity_id: int, surname: str | None) -> None:
        with self.atomic():
            self.conn.execute("UPDATE entities SET surname = ? WHERE id = ?", (surname, entity_id))

    def add_entity_key(self, key: str, etype: str, entity_id: int) -> None:
        with self.atomic():
            self.conn.execute("INSERT INTO entity_keys (key, type, entity_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                              (key, etype, entity_id))

    def entity_by_mention(self, text: str) -> int | None:
        """The entity most often meant by mentions written exactly ``text`` ("the spokesman")."""
        row = self.conn.execute("SELECT entity_id, count(*) AS n FROM mentions WHERE text = ? AND kind != 'pronoun' "
                                "GROUP BY entity_id ORDER BY n DESC LIMIT 1", (text,)).fetchone()
        return row[0] if row else None

    # --- annotations: per article ---------------------------------------------------------------------
    def add_annotation(self, article_id: int, ann: Annotation, entity_ids: list[int]) -> None:
        """Store what annotation found in one article; ``entity_ids[i]`` is the entity of ``ann.entities[i]``.

        Replaces an earlier annotation of the same article, so re-annotating never duplicates.
        """
        ids = {e.name: i for e, i in zip(ann.entities, entity_ids)}
        with self.atomic():
            self.clear_annotation(article_id)
            self.conn.execute("INSERT INTO annotations (article_id, language, warnings, annotated_at) VALUES (?, ?, ?, ?)",
                              (article_id, ann.language, json.dumps(list(ann.warnings)), _now()))
            self.conn.executemany(
                'INSERT INTO mentions (article_id, entity_id, start, "end", text, kind) VALUES (?, ?, ?, ?, ?, ?)',
                [(article_id, eid, m.span.start, m.span.end, m.span.text, m.kind)
                 for e, eid in zip(ann.entities, entity_ids) for m in e.mentions])
            rows = []
            for q in ann.quotes:
                sid = ids.get(q.speaker) if q.speaker else None
                speaker = self.entity_name(sid) if sid else q.speaker
                rows.append((article_id, *_span_row(q.content), *_span_row(q.cue), *_span_row(q.speaker_mention),
                             sid, speaker, int(q.direct), q.how, q.confidence))
            self.conn.executemany(
                "INSERT INTO quotes (article_id, content_start, content_end, content, cue_start, cue_end, cue, "
                "speaker_start, speaker_end, speaker_mention, speaker_id, speaker, direct, how, confidence) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
            self.conn.executemany(
                "INSERT INTO claims (article_id, sentence_start, sentence_end, sentence, number_start, number_end, "
                "number, subject, head, value, unit, qualifier, as_of, source, earlier) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(article_id, *_span_row(c.sentence), *_span_row(c.number), c.subject, c.head,
                  json.dumps(c.value), c.unit, c.qualifier, _iso(c.as_of), c.source, int(c.earlier))
                 for c in ann.claims])

    def clear_annotation(self, article_id: int) -> None:
        with self.atomic():
            for table in ("mentions", "quotes", "claims", "annotations"):
                self.conn.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))

    # --- cached views -----------------------------------------------------------------------------------
    def view(self, kind: str, ref: str, key: str) -> str | None:
        """A cached result (JSON text) of ``kind`` for a story or storyline, if it was computed from ``key``."""
        row = self.conn.execute("SELECT data FROM views WHERE kind = ? AND ref = ? AND key = ?",
                                (kind, ref, key)).fetchone()
        return row[0] if row else None

    def has_view(self, kind: str, ref: str, key: str) -> bool:
        """Whether a result computed from ``key`` is cached (without reading it)."""
        return self.conn.execute("SELECT 1 FROM views WHERE kind = ? AND ref = ? AND key = ?",
                                 (kind, ref, key)).fetchone() is not None

    def put_view(self, kind: str, ref: str, key: str, data: str, labels: tuple[str, ...], code: str) -> None:
        """Cache a result (and, for a comparison, the labels of its facts) made by ``code`` (a digest of the
        code that made it), replacing what was cached for the same view. A cache, as the text vectors are: a
        read-only store (a read-only file or database role), or one another process keeps locked past the wait,
        keeps nothing and the result is still answered."""
        marks = "," + ",".join(labels) + "," if labels else ""
        self._write_cache(lambda: self.conn.execute(
            "INSERT INTO views (kind, ref, key, data, labels, code) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (kind, ref) "
            "DO UPDATE SET key = excluded.key, data = excluded.data, labels = excluded.labels, code = excluded.code",
            (kind, ref, key, data, marks, code)))

    def _write_cache(self, write: Callable[[], object]) -> None:
        """Run ``write`` in one transaction that fills a cache (views, text vectors): a read-only store, or one
        another process keeps locked past the wait (even at BEGIN), writes nothing and the caller goes on."""
        try:
            with self.atomic():
                write()
        except (StoreReadOnly, StoreLocked):
            pass

    def compared(self, code: str, label: str | None = None) -> dict[str, str]:
        """Ref -> key of the stories and storylines whose comparison is cached by ``code``; with ``label``, of
        those whose comparison has a fact so labelled."""
        sql = "SELECT ref, key FROM views WHERE kind = 'compare' AND code = ?"
        args: tuple = (code,)
        if label is not None:
            sql, args = sql + " AND instr(labels, ?) > 0", (code, f",{label},")
        return dict(self.conn.execute(sql, args).fetchall())

    def clear_views(self) -> None:
        """Forget every cached result (after annotations or clusters are recomputed)."""
        with self.atomic():
            self.conn.execute("DELETE FROM views")

    def article_ids(self) -> list[int]:
        """Ids of every article, in id order (without reading the articles)."""
        return [r[0] for r in self.conn.execute("SELECT id FROM articles ORDER BY id")]

    def unannotated(self) -> list[int]:
        """Ids of articles that have no annotation yet."""
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM annotations) ORDER BY id")]

    def has_other_languages(self) -> bool:
        """Whether an article annotated in another language than English is stored."""
        return self.conn.execute(f"SELECT 1 FROM annotations WHERE language NOT IN ({_marks(READ_AS_ENGLISH)}) "
                                 "LIMIT 1", READ_AS_ENGLISH).fetchone() is not None

    def annotation_status(self, article_id: int) -> tuple[str, list[str]] | None:
        row = self.conn.execute("SELECT language, warnings FROM annotations WHERE article_id = ?",
                                (article_id,)).fetchone()
        return (row[0], json.loads(row[1])) if row else None

    def quotes(self, speaker_ids: list[int] | None = None, speaker_text: str | None = None,
               article_id: int | None = None, direct: bool | None = None,
               limit: int | None = None, article_ids: list[int] | None = None,
               since: dt.date | None = None, containing: str | None = None,
               outlet: str | None = None) -> list[StoredQuote]:
        """Stored quotes in article and text order, filtered by speaker entity, speaker words, article(s), the
        date their article may have been published on or after, words their content holds, and outlet."""
        where, args = [], []
        if outlet is not None:
            where.append("a.outlet = ?")
            args.append(outlet)
        if containing:
            where.append("q.content LIKE ? ESCAPE '\\'")
            args.append(_like(containing))
        if since is not None:
            where.append("a.published_latest >= ?")
            args.append(since.isoformat())
        if speaker_ids is not None or speaker_text is not None:
            parts = []
            if speaker_ids:
                parts.append(f"q.speaker_id IN ({', '.join('?' for _ in speaker_ids)})")
                args += speaker_ids
            if speaker_text:
                parts.append("lower(q.speaker) = lower(?)")
                args.append(speaker_text)
            where.append("(" + " OR ".join(parts or ["1 = 0"]) + ")")
        if article_id is not None:
            article_ids = [article_id]
        if article_ids is not None:
            where.append(f"q.article_id IN ({', '.join('?' for _ in article_ids) or 'NULL'})")
            args += article_ids
        if direct is not None:
            where.append("q.direct = ?")
            args.append(int(direct))
        sql = ("SELECT q.*, a.source, a.outlet, a.published FROM quotes q JOIN articles a ON a.id = q.article_id"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY q.article_id, q.content_start LIMIT ?")
        return [_quote(r) for r in self.conn.execute(sql, [*args, NO_LIMIT if limit is None else limit])]

    def claims(self, article_id: int | None = None, head: str | None = None,
               limit: int | None = None, article_ids: list[int] | None = None) -> list[StoredClaim]:
        where, args = [], []
        if article_id is not None:
            article_ids = [article_id]
        if article_ids is not None:
            where.append(f"c.article_id IN ({', '.join('?' for _ in article_ids) or 'NULL'})")
            args += article_ids
        if head is not None:
            where.append("c.head = ?")
            args.append(head)
        sql = ("SELECT c.*, a.source AS article_source, a.outlet FROM claims c JOIN articles a ON a.id = c.article_id"
               + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY c.article_id, c.number_start LIMIT ?")
        return [_claim(r) for r in self.conn.execute(sql, [*args, NO_LIMIT if limit is None else limit])]

    def entities(self, entity_ids: list[int] | None = None, etype: str | None = None,
                 min_mentions: int = 1, limit: int | None = None) -> list[CanonicalEntity]:
        """Canonical entities with their aliases and per-outlet alias counts, most mentioned first; the first
        ``limit`` of them."""
        where, args = [], []
        if entity_ids is not None:
            where.append(f"e.id IN ({', '.join('?' for _ in entity_ids) or 'NULL'})")
            args += entity_ids
        if etype:
            where.append("e.type = ?")
            args.append(etype)
        sql = ("SELECT e.id, e.name, e.type, count(m.id) AS n, count(DISTINCT m.article_id) AS na FROM entities e "
               "JOIN mentions m ON m.entity_id = e.id" + (" WHERE " + " AND ".join(where) if where else "")
               + " GROUP BY e.id HAVING count(m.id) >= ? ORDER BY n DESC, e.name LIMIT ?")
        heads = self.conn.execute(sql, [*args, min_mentions, NO_LIMIT if limit is None else limit]).fetchall()
        if not heads:
            return []
        marks = ", ".join("?" for _ in heads)
        usage: dict[int, dict[str, dict[str, int]]] = {}
        for r in self.conn.execute(
                f"SELECT m.entity_id, a.outlet, m.text, count(*) FROM mentions m JOIN articles a ON a.id = m.article_id "
                f"WHERE m.entity_id IN ({marks}) AND m.kind != 'pronoun' GROUP BY m.entity_id, a.outlet, m.text",
                [h[0] for h in heads]):
            usage.setdefault(r[0], {}).setdefault(r[1], {})[r[2]] = r[3]
        out = []
        for eid, name, etype_, n, na in heads:
            outlets = usage.get(eid, {})
            aliases = sorted({alias for counts in outlets.values() for alias in counts})
            out.append(CanonicalEntity(eid, name, etype_, tuple(aliases), outlets, n, na))
        return out


    def entities_named(self, text: str, limit: int = 10) -> list[int]:
        """Ids of entities whose canonical name or a name they are mentioned by holds ``text``, most mentioned
        first."""
        pattern = _like(text)
        return [r[0] for r in self.conn.execute(
            "SELECT m.entity_id FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "WHERE m.kind = 'name' AND (e.name LIKE ? ESCAPE '\\' OR m.text LIKE ? ESCAPE '\\') "
            "GROUP BY m.entity_id ORDER BY count(*) DESC LIMIT ?", (pattern, pattern, limit))]

    def outlet_names(self, outlet: str, limit: int = 50) -> list[tuple[int, str, str, bool, int]]:
        """(entity, canonical name, spelling, whether ``outlet`` used it, mentions) for the ``limit`` entities
        the outlet names most, with every spelling it and the other outlets use for them."""
        return [(r[0], r[1], r[2], bool(r[3]), r[4]) for r in self.conn.execute(
            "SELECT m.entity_id, e.name, m.text, a.outlet = ? AS here, count(*) FROM mentions m "
            "JOIN articles a ON a.id = m.article_id JOIN entities e ON e.id = m.entity_id "
            "WHERE m.kind = 'name' AND m.entity_id IN (SELECT m2.entity_id FROM mentions m2 JOIN articles a2 "
            "ON a2.id = m2.article_id WHERE a2.outlet = ? AND m2.kind = 'name' GROUP BY m2.entity_id "
            "ORDER BY count(*) DESC LIMIT ?) GROUP BY m.entity_id, e.name, m.text, here ORDER BY e.name",
            (outlet, outlet, limit))]

    def entity_articles(self, entity_id: int) -> list[int]:
        """Ids of the articles that mention an entity (by name, role or pronoun), in id order."""
        return [r[0] for r in self.conn.execute(
            "SELECT DISTINCT article_id FROM mentions WHERE entity_id = ? ORDER BY article_id", (entity_id,))]

    def outlets(self) -> list[tuple[str, int]]:
        """(outlet, articles) of every outlet, most articles first."""
        return [tuple(r) for r in self.conn.execute(
            "SELECT outlet, count(*) AS n FROM articles GROUP BY outlet ORDER BY n DESC, outlet")]

    def name_mentions(self, article_ids: list[int]) -> list[tuple[int, int, str, str, int]]:
        """(article, entity, canonical name, mention words, start) of every mention by name in the articles."""
        marks = ", ".join("?" for _ in article_ids) or "NULL"
        return [tuple(r) for r in self.conn.execute(
            f"SELECT m.article_id, m.entity_id, e.name, m.text, m.start FROM mentions m "
            f"JOIN entities e ON e.id = m.entity_id WHERE m.article_id IN ({marks}) AND m.kind = 'name' "
            f"ORDER BY m.article_id, m.start", article_ids)]

    # --- text vectors (newsweave.embed.persisted) ---------------------------------------------------------
    def text_vectors(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """The stored vectors of those ``keys`` that have one."""
        return _pairs_in(self.conn, "SELECT key, vector FROM text_vectors WHERE key IN", keys)

    def put_text_vectors(self, items: list[tuple[bytes, bytes]]) -> None:
        """Keep vectors for the next comparison. They are a cache: a read-only store, or one another process
        keeps locked past the wait, keeps none and the comparison goes on."""
        self._write_cache(lambda: self.conn.executemany(
            "INSERT INTO text_vectors (key, vector) VALUES (?, ?) ON CONFLICT DO NOTHING", items))

    # --- watched feeds ---------------------------------------------------------------------------------
    _FEED_COLUMNS = "url, etag, last_modified, polled_at, next_poll_at, status, error, failures, added"

    def watched_feed(self, url: str) -> WatchedFeed | None:
        """What ``newsweave watch`` knows of a feed, if it has polled it."""
        row = self.conn.execute(f"SELECT {self._FEED_COLUMNS} FROM watched_feeds WHERE url = ?", (url,)).fetchone()
        return _watched_feed(row) if row else None

    def watched_feeds(self) -> list[WatchedFeed]:
        """Every feed ever watched, by URL."""
        return [_watched_feed(r) for r in self.conn.execute(
            f"SELECT {self._FEED_COLUMNS} FROM watched_feeds ORDER BY url")]

    def put_watched_feed(self, feed: WatchedFeed) -> None:
        """Record a feed's state after a poll (replacing the last)."""
        with self.atomic():
            self.conn.execute(
                f"INSERT INTO watched_feeds ({self._FEED_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in
                                                              self._FEED_COLUMNS.split(", ")[1:]),
                (feed.url, feed.etag, feed.last_modified, _iso(feed.polled_at), _iso(feed.next_poll_at),
                 feed.status, feed.error, feed.failures, feed.added))

    # --- duplicates ------------------------------------------------------------------------------------
    def lsh_candidates(self, keys: tuple[int, ...], exclude: int | None = None) -> list[int]:
        """Articles sharing at least one MinHash band key, oldest first."""
        if not keys:
            return []
        rows = self.conn.execute(f"SELECT DISTINCT article_id FROM lsh_bands WHERE key IN ({_marks(keys)}) "
                                 "ORDER BY article_id", keys).fetchall()
        return [r[0] for r in rows if r[0] != exclude]

    def article_text(self, article_id: int) -> str:
        row = self.conn.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id} in {self.path}")
        return row[0]

    def add_fingerprint(self, article_id: int, keys: tuple[int, ...]) -> None:
        with self.atomic():
            self.conn.execute("DELETE FROM lsh_bands WHERE article_id = ?", (article_id,))
            self.conn.executemany("INSERT INTO lsh_bands (key, article_id) VALUES (?, ?)",
                                  [(k, article_id) for k in keys])

    def duplicate_canonical(self, article_id: int) -> int:
        """The canonical member of the article's duplicate group (itself when it has none)."""
        row = self.conn.execute("SELECT canonical_id FROM duplicates WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else article_id

    def duplicate_canonicals(self, article_ids: list[int]) -> dict[int, int]:
        """The canonical member of each article's duplicate group (the article itself when it has none)."""
        return {i: i for i in article_ids} | _pairs_in(
            self.conn, "SELECT article_id, canonical_id FROM duplicates WHERE article_id IN", article_ids)

    def duplicate_members(self, article_id: int) -> list[int]:
        """Every article in the same duplicate group, in id order."""
        canonical = self.duplicate_canonical(article_id)
        rows = self.conn.execute("SELECT article_id FROM duplicates WHERE canonical_id = ? ORDER BY article_id",
                                 (canonical,)).fetchall()
        return [r[0] for r in rows] or [article_id]

    def set_duplicate_group(self, members: list[int], canonical: int) -> None:
        with self.atomic():
            self.conn.executemany(
                "INSERT INTO duplicates (article_id, canonical_id) VALUES (?, ?) "
                "ON CONFLICT (article_id) DO UPDATE SET canonical_id = excluded.canonical_id",
                [(m, canonical) for m in members])

    def set_duplicate_match(self, article_id: int, match_id: int | None, jaccard: float | None) -> None:
        with self.atomic():
            self.conn.execute("UPDATE duplicates SET match_id = ?, jaccard = ? WHERE article_id = ?",
                              (match_id, jaccard, article_id))

    def undeduplicated(self) -> list[int]:
        """Ids of articles not yet fingerprinted for duplicates."""
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM duplicates) ORDER BY id")]

    def duplicate_groups(self, min_size: int = 2) -> list[DuplicateGroup]:
        """Groups of at least ``min_size`` articles, largest first."""
        rows = self.conn.execute(
            "SELECT d.canonical_id, d.article_id, d.match_id, d.jaccard, a.outlet, a.source FROM duplicates d "
            "JOIN articles a ON a.id = d.article_id WHERE d.canonical_id IN (SELECT canonical_id FROM duplicates "
            "GROUP BY canonical_id HAVING count(*) >= ?) ORDER BY d.canonical_id, d.article_id", (min_size,))
        groups: dict[int, list[DuplicateMember]] = {}
        for canonical, article, match, jaccard, outlet, source in rows:
            groups.setdefault(canonical, []).append(DuplicateMember(article, outlet, source, match, jaccard))
        out = [DuplicateGroup(c, tuple(m)) for c, m in groups.items()]
        return sorted(out, key=lambda g: (-len(g.members), g.canonical))


# --- row mapping ---------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _article_filter(since: dt.date | None, outlet: str | None, language: str | None) -> tuple[str, list]:
    """The WHERE clause (with its leading space, or empty) and arguments of an article list's filters."""
    where, args = [], []
    if since:
        where.append("published_latest >= ?")
        args.append(since.isoformat())
    if outlet:
        where.append("outlet = ?")
        args.append(outlet)
    if language:
        where.append("id IN (SELECT article_id FROM annotations WHERE language = ?)")
        args.append(language.lower())
    return (" WHERE " + " AND ".join(where) if where else ""), args


def _article_columns() -> str:
    """The columns :func:`_article` reads, of articles ``a``: its own and its annotation's language."""
    return (", ".join(f"a.{c.strip()}" for c in ARTICLE_COLUMNS.split(","))
            + ", (SELECT language FROM annotations n WHERE n.article_id = a.id) AS language")


def _span_row(span: TextSpan | None) -> tuple:
    return (span.start, span.end, span.text) if span else (None, None, None)


def _span(row: sqlite3.Row, prefix: str, text_col: str) -> TextSpan | None:
    start = row[f"{prefix}_start"]
    return None if start is None else TextSpan(start, row[f"{prefix}_end"], row[text_col])


def _quote(r: sqlite3.Row) -> StoredQuote:
    return StoredQuote(r["id"], r["article_id"], r["source"], r["outlet"], _date(r["published"]),
                       _span(r, "content", "content"), _span(r, "cue", "cue"),
                       _span(r, "speaker", "speaker_mention"), r["speaker"], r["speaker_id"], bool(r["direct"]),
                       r["how"], r["confidence"])


def _claim(r: sqlite3.Row) -> StoredClaim:
    claim = Claim(_span(r, "sentence", "sentence"), _span(r, "number", "number"), r["subject"],
                  json.loads(r["value"]), r["unit"], r["qualifier"], _date(r["as_of"]), r["source"], r["head"],
                  bool(r["earlier"]))
    return StoredClaim(r["id"], r["article_id"], r["article_source"], r["outlet"], claim)

def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _iso(d: dt.date | dt.datetime | None) -> str | None:
    return d.isoformat() if d else None


def _article_row(a: Article) -> dict:
    d = a.date
    return {
        "content_hash": a.content_hash, "outlet": a.outlet, "outlet_from": a.outlet_from,
        "source": a.origin.source, "format": a.origin.format, "offset": a.origin.offset, "item": a.origin.item,
        "url": a.url, "title": a.title, "author": a.author, "external_id": a.external_id,
        "published": _iso(a.published),
        "published_earliest": _iso(d.earliest) if d else None,
        "published_latest": _iso(d.latest) if d else None,
        "date_exact": int(d.exact) if d else None,
        "date_confidence": d.confidence if d else None,
        "date_evidence": json.dumps(list(d.evidence)) if d else "[]",
        "text": a.text,
        "blocks": json.dumps([asdict(b) for b in a.blocks]),
        "removed": json.dumps([asdict(r) for r in a.removed]),
        "times": json.dumps([{**asdict(t), "earliest": _iso(t.earliest), "latest": _iso(t.latest)} for t in a.times]),
        "warnings": json.dumps(a.warnings),
        "encoding": a.encoding,
        "ingested_at": _now(),
    }


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _date_estimate(earliest: str | None, latest: str | None, exact: int | None, confidence: float | None,
                   evidence: str) -> DateEstimate | None:
    if not earliest:
        return None
    return DateEstimate(_date(earliest), _date(latest), bool(exact), confidence, tuple(json.loads(evidence)))


def _article(row: sqlite3.Row) -> Article:
    date = _date_estimate(row["published_earliest"], row["published_latest"], row["date_exact"],
                          row["date_confidence"], row["date_evidence"])
    return Article(
        id=row["id"],
        origin=Origin(row["source"], row["format"], row["offset"], row["item"]),
        content_hash=row["content_hash"],
        outlet=row["outlet"],
        outlet_from=row["outlet_from"],
        title=row["title"],
        url=row["url"],
        author=row["author"],
        external_id=row["external_id"],
        blocks=[Block(**b) for b in json.loads(row["blocks"])],
        removed=[RemovedLine(**r) for r in json.loads(row["removed"])],
        date=date,
        times=[TimeExpression(**{**t, "earliest": _date(t["earliest"]), "latest": _date(t["latest"])})
               for t in json.loads(row["times"])],
        warnings=json.loads(row["warnings"]),
        encoding=row["encoding"],
        language=row["language"],
    )


_FTS_WORD = re.compile(r'"[^"]+"|[\w\-\']+', re.UNICODE)


def query_terms(query: str) -> list[str]:
    """The words and "quoted phrases" of a search query, in order."""
    return [t for t in (t.strip('"').strip() for t in _FTS_WORD.findall(query)) if t]


def _fts_query(query: str, synonyms: dict[str, list[str]] | None = None) -> str:
    """Turn user words into a safe FTS5 query: each word or "quoted phrase" a quoted term, all required; a term
    with synonyms matches any of them."""
    terms = query_terms(query)
    if not terms:
        raise StoreError(f"nothing to search for in {query!r}")

    def quoted(t: str) -> str:
        return '"' + t.replace('"', '""') + '"'

    synonyms = synonyms or {}
    # FTS5 has no implicit AND next to a parenthesised group: every term is joined with an explicit AND
    return " AND ".join("(" + " OR ".join(quoted(x) for x in dict.fromkeys([t, *synonyms[t]])) + ")"
                        if synonyms.get(t) else quoted(t) for t in terms)


def _like(text: str) -> str:
    """A LIKE pattern (with ``ESCAPE '\\'``) matching any value that holds ``text``."""
    return "%" + re.sub(r"([%_\\])", r"\\\1", text) + "%"


def _watched_feed(row) -> WatchedFeed:
    url, etag, modified, polled, due, status, error, failures, added = row
    return WatchedFeed(url, etag, modified, dt.datetime.fromisoformat(polled) if polled else None,
                       dt.datetime.fromisoformat(due) if due else None, status, error, failures, added)
