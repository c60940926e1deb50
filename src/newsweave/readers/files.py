"""Whole-file inputs: plain text and HTML pages, optionally gzip-compressed, and bounded in size."""

from __future__ import annotations

import gzip
import io
import os
import stat
from pathlib import Path
from typing import BinaryIO

from ..errors import MalformedInput, TooLarge
from ..model import Hints, Origin, RawDocument

GZIP_MAGIC = b"\x1f\x8b"


def read_bounded(stream: BinaryIO, limit: int, source: str) -> bytes:
    """Read at most ``limit`` bytes; raise :class:`TooLarge` (without reading on) when there is more."""
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(source, f"larger than the {limit // (1024 * 1024)} MB limit per document "
                               f"(raise it with --max-bytes)")
    return data


def open_file(path: Path, limit: int) -> tuple[bytes, str]:
    """Return a file's bytes (decompressed when gzip) and its name without ``.gz``.

    A regular file's size is checked before reading, so a huge file costs no memory; anything else a user
    names (a FIFO, ``/dev/stdin``, a device such as ``/dev/zero``) is read up to ``limit`` bytes and no further.
    """
    source = str(path)
    st = path.stat()
    if stat.S_ISREG(st.st_mode) and st.st_size > limit:
        raise TooLarge(source, f"{st.st_size / (1024 * 1024):.0f} MB is larger than the "
                               f"{limit // (1024 * 1024)} MB limit per document (raise it with --max-bytes)")
    with open(path, "rb") as f:
        data = read_bounded(f, limit, source)
    gz = data.startswith(GZIP_MAGIC)
    return gunzip_bounded(data, limit, source), path.name.removesuffix(".gz") if gz else path.name


def kind_of(mode: int) -> str:
    """What a non-regular file is, in words: "FIFO", "device", "socket" or "special file"."""
    if stat.S_ISFIFO(mode):
        return "FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def whole_file(source: str, data: bytes, media: str, hints: Hints) -> RawDocument:
    """A document that is a whole file (or stdin): its format is its media type."""
    return RawDocument(Origin(source, media), data, media, hints)  # type: ignore[arg-type]


def _gunzip(fileobj: BinaryIO, limit: int, source: str) -> bytes:
    """Decompress a gzip stream, never past ``limit`` bytes of output (a gzip bomb stops there)."""
    try:
        with gzip.GzipFile(fileobj=fileobj) as g:
            return read_bounded(g, limit, source)
    except (OSError, EOFError) as e:
        raise MalformedInput(source, f"corrupt gzip data ({e})") from None


def gunzip_bounded(data: bytes, limit: int, source: str) -> bytes:
    """``data`` decompressed when it is gzip (stdin, a fetched body), bounded like a file; else unchanged."""
    return _gunzip(io.BytesIO(data), limit, source) if data.startswith(GZIP_MAGIC) else data


def stdin_bytes(limit: int) -> bytes:
    """Standard input, bounded like a file, decompressed when gzip."""
    return gunzip_bounded(read_bounded(os.fdopen(os.dup(0), "rb"), limit, "-"), limit, "-")
