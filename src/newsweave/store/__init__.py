"""The store: the only place that speaks SQL.

:class:`Store` keeps articles, their original bytes, and per-input failures in a SQLite file (WAL mode,
FTS5 full-text search). Every write goes through :meth:`Store.atomic`, which nests as savepoints. Rows come
back as :class:`~newsweave.model.Article` records, never as tuples or dicts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from ..errors import NotFound, SchemaTooNew, StoreError
from ..model import Article, Block, DateEstimate, Origin, RawDocument, RemovedLine, TimeExpression
from .migrations import MIGRATIONS

__all__ = ["Store", "SearchHit", "Failure"]


@dataclass(frozen=True)
class SearchHit:
    """A full-text search result: the article, a highlighted snippet and the BM25 rank (lower is better)."""

    article: Article
    snippet: str
    rank: float


@dataclass(frozen=True)
class Failure:
    """An input that could not be ingested: which, the error code, why, and when."""

    source: str
    code: str
    reason: str
    at: str


class Store:
    """A newsweave database in a SQLite file (``":memory:"`` for a throwaway one)."""

    def __init__(self, path: str | Path = "newsweave.db"):
        self.path = str(path)
        try:
            self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as e:
            raise StoreError(f"cannot open database {self.path}: {e}") from None
        self.conn.row_factory = sqlite3.Row
        self._depth = 0
        try:
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA busy_timeout=10000")
            self._migrate()
        except sqlite3.DatabaseError as e:
            self.conn.close()
            raise StoreError(f"{self.path} is not a usable newsweave database: {e}") from None

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
        self.conn.execute("BEGIN IMMEDIATE" if outer else f"SAVEPOINT {name}")
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

    def _migrate(self) -> None:
        self.conn.execute("CREATE TABLE IF NOT EXISTS _migrations (id INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)")
        done = {r[0] for r in self.conn.execute("SELECT id FROM _migrations")}
        newest = max(MIGRATIONS)
        if done and max(done) > newest:
            raise SchemaTooNew(f"{self.path} was written by a newer newsweave (schema {max(done)} > {newest}); "
                               "upgrade newsweave to read it")
        for number in sorted(set(MIGRATIONS) - done):
            name, make_sql = MIGRATIONS[number]
            record = "INSERT INTO _migrations VALUES ({}, '{}', '{}');".format(
                number, name.replace("'", "''"), _now())
            try:
                self.conn.executescript(f"BEGIN IMMEDIATE;\n{make_sql()}\n{record}\nCOMMIT;")
            except sqlite3.Error:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise

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
            self.conn.execute("INSERT OR IGNORE INTO raw_documents (hash, data, size) VALUES (?, ?, ?)",
                              (raw.content_hash, zlib.compress(raw.data, 6), len(raw.data)))
            row = _article_row(article)
            cols = ", ".join(f'"{c}"' for c in row)
            marks = ", ".join("?" for _ in row)
            cur = self.conn.execute(f"INSERT OR IGNORE INTO articles ({cols}) VALUES ({marks})", list(row.values()))
            if cur.rowcount:
                article.id = cur.lastrowid
                return cur.lastrowid, True
            existing = self.conn.execute("SELECT id FROM articles WHERE content_hash = ? AND outlet = ?",
                                         (article.content_hash, article.outlet)).fetchone()
            article.id = existing[0]
            return existing[0], False

    def add_failure(self, source: str, code: str, reason: str) -> None:
        """Record that an input could not be ingested, so a failure is never only a line on a terminal."""
        with self.atomic():
            self.conn.execute("INSERT INTO failures (source, code, reason, at) VALUES (?, ?, ?, ?)",
                              (source, code, reason, _now()))

    # --- reads ----------------------------------------------------------------------------------------
    def count(self) -> int:
        """Number of articles."""
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def article(self, article_id: int) -> Article:
        """One article by id. Raises :class:`NotFound`."""
        row = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise NotFound(f"no article with id {article_id} in {self.path}")
        return _article(row)

    def articles(self, limit: int | None = None, offset: int = 0, since: dt.date | None = None,
                 outlet: str | None = None) -> list[Article]:
        """Articles in id order, optionally published (at the latest) on or after ``since`` or from one outlet."""
        return list(self.iter_articles(limit, offset, since, outlet))

    def iter_articles(self, limit: int | None = None, offset: int = 0, since: dt.date | None = None,
                      outlet: str | None = None) -> Iterator[Article]:
        """Like :meth:`articles`, streamed: memory stays flat on large stores."""
        where, args = [], []
        if since:
            where.append("published_latest >= ?")
            args.append(since.isoformat())
        if outlet:
            where.append("outlet = ?")
            args.append(outlet)
        sql = "SELECT * FROM articles" + (" WHERE " + " AND ".join(where) if where else "")
        sql += " ORDER BY id LIMIT ? OFFSET ?"
        args += [-1 if limit is None else limit, offset]
        for row in self.conn.execute(sql, args):
            yield _article(row)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Full-text search over titles and text (FTS5, BM25 ranking). Plain words; quotes for phrases."""
        sql = ("SELECT a.*, snippet(articles_fts, 1, '[', ']', ' … ', 12) AS snip, bm25(articles_fts) AS rank "
               "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
               "WHERE articles_fts MATCH ? ORDER BY rank LIMIT ?")
        try:
            rows = self.conn.execute(sql, (_fts_query(query), limit)).fetchall()
        except sqlite3.OperationalError as e:
            raise StoreError(f"cannot search for {query!r}: {e}") from None
        return [SearchHit(_article(r), r["snip"], r["rank"]) for r in rows]

    def raw(self, content_hash: str) -> bytes:
        """The original bytes of an article, exactly as ingested."""
        row = self.conn.execute("SELECT data FROM raw_documents WHERE hash = ?", (content_hash,)).fetchone()
        if row is None:
            raise NotFound(f"no raw document {content_hash}")
        return zlib.decompress(row[0])

    def failures(self) -> list[Failure]:
        """Inputs that could not be ingested, oldest first."""
        return [Failure(*r) for r in self.conn.execute("SELECT source, code, reason, at FROM failures ORDER BY id")]


# --- row mapping ---------------------------------------------------------------------------------------
def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _iso(d: dt.date | None) -> str | None:
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


def _article(row: sqlite3.Row) -> Article:
    date = None
    if row["published_earliest"]:
        date = DateEstimate(_date(row["published_earliest"]), _date(row["published_latest"]),
                            bool(row["date_exact"]), row["date_confidence"], tuple(json.loads(row["date_evidence"])))
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
    )


_FTS_WORD = re.compile(r'"[^"]+"|[\w\-\']+', re.UNICODE)


def _fts_query(query: str) -> str:
    """Turn user words into a safe FTS5 query: each word or "quoted phrase" a quoted term, all required."""
    terms = [t.strip('"') for t in _FTS_WORD.findall(query)]
    if not terms:
        raise StoreError(f"nothing to search for in {query!r}")
    return " ".join('"' + t.replace('"', '""') + '"' for t in terms if t)
