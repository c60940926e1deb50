"""One exception hierarchy, with stable codes and messages a user can act on.

Every error newsweave raises on purpose is a :class:`NewsweaveError`. Each carries a stable ``code``
(``NW1xx`` input, ``NW2xx`` store, ``NW3xx`` lookup) so scripts and bug reports can refer to it, and, for
web-facing use, an HTTP ``status``. The CLI turns them into one-line messages; the library never prints.
"""

from __future__ import annotations


class NewsweaveError(Exception):
    """Base class of every newsweave error."""

    code = "NW000"
    status = 500

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class InputError(NewsweaveError):
    """An input could not be read or turned into an article. ``source`` names the input."""

    code = "NW100"
    status = 400

    def __init__(self, source: str, reason: str):
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class EmptyInput(InputError):
    code = "NW101"


class BinaryInput(InputError):
    code = "NW102"


class TooLarge(InputError):
    code = "NW103"


class MalformedInput(InputError):
    code = "NW104"


class UnsafeInput(InputError):
    """XML with entity declarations or other constructs we refuse to expand (billion laughs and kin)."""

    code = "NW105"


class FetchError(InputError):
    code = "NW106"
    retry_after: float | None = None   # seconds the server asked us to wait before trying again (Retry-After)


class NoText(InputError):
    code = "NW107"


class NotRegularFile(InputError):
    """A FIFO, device or socket that cannot be read the way its format needs (a WARC archive needs seeking)."""

    code = "NW108"


class Skipped(InputError):
    """Not an article by design (a feed teaser without --fetch-links, a FIFO or a symbolic link out of a folder
    being walked): reported, but not a failure."""

    code = "NW109"


class StoreError(NewsweaveError):
    code = "NW200"


class SchemaTooNew(StoreError):
    code = "NW201"


class StoreLocked(StoreError):
    """Another process held the write lock for longer than the lock timeout."""

    code = "NW202"


class StoreCorrupt(StoreError):
    """The file is not a SQLite database, or its pages are damaged."""

    code = "NW203"


class StoreReadOnly(StoreError):
    code = "NW204"


class StoreFull(StoreError):
    """The disk (or the database's size limit) is full."""

    code = "NW205"


class StoreMissing(StoreError):
    """A read command was pointed at a database file that does not exist."""

    code = "NW206"


class StoreUnavailable(StoreError):
    """The database server cannot be reached, or dropped the connection in the middle of a transaction (which
    was rolled back: nothing of it was written)."""

    code = "NW207"


class NotFound(NewsweaveError):
    code = "NW300"
    status = 404


class UsageError(NewsweaveError):
    code = "NW400"
    status = 400
