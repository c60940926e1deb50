"""The SQLite connection the store speaks through (:mod:`.postgres` has its PostgreSQL twin): every error that
is about the database file rather than about a query (locked, corrupt, read-only, full, unreadable) leaves it
as a :class:`~newsweave.errors.StoreError` with a stable code and a sentence a user can act on, never as a
``sqlite3`` traceback.

A query error (a constraint, a syntax error in a user's full-text query) stays a ``sqlite3`` exception for the
store method that expects it.
"""

from __future__ import annotations

import sqlite3

from ..errors import StoreCorrupt, StoreError, StoreFull, StoreLocked, StoreReadOnly

# SQLite's primary result codes (https://sqlite.org/rescode.html) for trouble with the file itself.
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB = 5, 6, 8, 10, 11, 13, 14, 26


def translate(e: sqlite3.Error, path: str, lock_timeout: float) -> Exception:
    """The :class:`StoreError` that says what ``e`` means for the database at ``path``; ``e`` itself when it
    is about a query rather than the file."""
    code = getattr(e, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary in (_BUSY, _LOCKED):
        return StoreLocked(f"{path} is locked by another process (waited {lock_timeout:g} s; raise the wait with "
                           "--lock-timeout or NEWSWEAVE_LOCK_TIMEOUT)")
    if primary in (_CORRUPT, _NOTADB):
        return StoreCorrupt(f"{path} is not a newsweave database or is damaged ({e}); restore it from a backup "
                            "or ingest into a new file")
    if primary == _READONLY:
        return StoreReadOnly(f"{path} is read-only ({e}); check the file's and its folder's permissions")
    if primary == _FULL:
        return StoreFull(f"{path}: the disk is full ({e}); the last batch was not written, free some space and "
                         "run the same command again")
    if primary in (_IOERR, _CANTOPEN):
        return StoreError(f"{path}: cannot read or write the database ({e})")
    return e


class Cursor(sqlite3.Cursor):
    """A cursor whose statements and fetches translate file errors (a damaged page can be met while reading
    rows). About 0.9 µs per statement above a plain cursor (one more Python layer), which no store method
    notices."""

    def _call(self, method, *args):
        try:
            return method(*args)
        except sqlite3.Error as e:
            conn = self.connection
            raise translate(e, conn.path, conn.lock_timeout) from None

    def execute(self, *args):
        return self._call(super().execute, *args)

    def executemany(self, *args):
        return self._call(super().executemany, *args)

    def executescript(self, *args):
        return self._call(super().executescript, *args)

    def fetchone(self):
        return self._call(super().fetchone)

    def fetchmany(self, *args):
        return self._call(super().fetchmany, *args)

    def fetchall(self):
        return self._call(super().fetchall)

    def __next__(self):
        return self._call(super().__next__)


class Connection(sqlite3.Connection):
    """A connection whose statements run on :class:`Cursor`. ``path`` and ``lock_timeout`` name the file and the
    wait in messages."""

    path = "?"
    lock_timeout = 0.0
    dialect = "sqlite"

    def begin(self) -> None:
        """Start a write transaction, taking the write lock now (waiting up to the lock timeout for it)."""
        self.execute("BEGIN IMMEDIATE")

    def data_version(self) -> int:
        """A value that changes whenever another connection commits a change."""
        return self.execute("PRAGMA data_version").fetchone()[0]

    def reopen(self, wait: float = 0.0) -> None:
        """Nothing to re-open: a file does not drop its connection (the PostgreSQL connection's counterpart)."""

    def cursor(self, factory=None):
        return super().cursor(factory or Cursor)

    def execute(self, sql, parameters=()):
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, parameters):
        return self.cursor().executemany(sql, parameters)

    def executescript(self, script):
        return self.cursor().executescript(script)


def connect(path: str, lock_timeout: float) -> Connection:
    """Open ``path`` in autocommit mode (the store issues its own BEGIN/COMMIT), waiting up to ``lock_timeout``
    seconds whenever another process holds the lock."""
    try:
        conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, factory=Connection,
                               timeout=lock_timeout)
    except sqlite3.Error as e:
        raise StoreError(f"cannot open database {path}: {e}") from None
    conn.path, conn.lock_timeout = path, lock_timeout
    return conn
