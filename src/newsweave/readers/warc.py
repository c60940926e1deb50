"""WARC and WARC.GZ archives: the HTML responses in them, one document per record.

A malformed record must not cost the records after it. warcio cannot step over a broken record, so on an
error we report it (with its byte offset) and restart iteration at the next record boundary: the next gzip
member for compressed archives, the next ``WARC/1.x`` version line for plain ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import DecompressingBufferedReader

from ..errors import EmptyInput, InputError, MalformedInput, Skipped, TooLarge
from ..model import Hints, Origin, RawDocument
from ..settings import MAX_WARC_HEADER_BYTES

_HTML_TYPES = ("text/html", "application/xhtml+xml")


class _HeaderTooLong(Exception):
    pass


class _BoundedReader(DecompressingBufferedReader):
    """warcio's reader, with a bound on header bytes: warcio reads WARC and HTTP headers line by line with
    ``readline()`` and no limit, so one gzip member holding a 2 GB "header line" would be read into memory
    whole. Bytes read by ``readline`` since the last ``read`` (the record's headers) may not pass
    :data:`~newsweave.settings.MAX_WARC_HEADER_BYTES`."""

    _header_bytes = 0

    def readline(self, length=None):
        room = MAX_WARC_HEADER_BYTES - self._header_bytes + 1
        line = super().readline(room if length is None else min(length, room))
        self._header_bytes += len(line)
        if self._header_bytes > MAX_WARC_HEADER_BYTES:
            raise _HeaderTooLong(f"record headers longer than {MAX_WARC_HEADER_BYTES // 1024} kB")
        return line

    def read(self, length=None):
        self._header_bytes = 0
        return super().read(length)


class _ArchiveIterator(ArchiveIterator):
    """warcio's iterator with header bytes bounded (:class:`_BoundedReader`), minus its own stderr warning for
    a bad Content-Length: we report that ourselves, as an error naming the file and offset (it counts them in
    ``err_count``)."""

    INC_RECORD = ""

    def __init__(self, fileobj, **kwargs):
        super().__init__(fileobj, **kwargs)
        self.reader = _BoundedReader(self.fh, block_size=self.reader.block_size)

_PLAIN_BOUNDARY = re.compile(rb"(?:^|\r?\n)(WARC/1\.[01]\r?\n)")
_GZIP_BOUNDARY = re.compile(rb"\x1f\x8b\x08")
_SCAN_CHUNK = 1024 * 1024


def read_warc(path: Path, limit: int) -> Iterator[RawDocument | InputError]:
    """Yield the HTML responses of a WARC file, and an error for each record that cannot be read."""
    source = str(path)
    if path.stat().st_size == 0:
        yield EmptyInput(source, "empty input (no WARC records)")
        return
    yielded = False
    for item in _records(path, source, limit):
        yielded = True
        yield item
    if not yielded:
        yield Skipped(source, "no HTML pages in this archive (only other record types or content types)")


def _records(path: Path, source: str, limit: int) -> Iterator[RawDocument | InputError]:
    with open(path, "rb") as f:
        gz = f.read(2) == b"\x1f\x8b"
        start = 0
        while start is not None:
            f.seek(start)
            records = _ArchiveIterator(f)
            last_good_end = start
            try:
                for record in records:
                    seen_errors = records.err_count
                    payload = _html_payload(record, limit)  # before the offset: asking for it reads on
                    records.read_to_end(record)
                    offset = start + records.get_record_offset()
                    last_good_end = offset + records.get_record_length()
                    if records.err_count > seen_errors:
                        yield MalformedInput(f"{source}@{offset}", "malformed WARC record (its Content-Length does "
                                                                   "not match its content); skipped")
                        continue
                    if payload is None:
                        continue
                    uri, data = payload
                    if data is None:
                        yield TooLarge(f"{source}@{offset}",
                                       f"record larger than the {limit // (1024 * 1024)} MB limit")
                    else:
                        yield RawDocument(Origin(source, "warc", offset=offset, item=uri), data, "html",
                                          Hints(url=uri))
                start = None
            except _HeaderTooLong as e:
                yield TooLarge(f"{source}@{last_good_end}", f"{e}; skipped to the next record")
                start = _next_boundary(f, last_good_end + 1, gz)
            except Exception as e:  # warcio raises many kinds for a broken record; all mean the same here
                yield MalformedInput(f"{source}@{last_good_end}", f"malformed WARC record ({_why(e)}); "
                                                                  "skipped to the next record")
                start = _next_boundary(f, last_good_end + 1, gz)


def _html_payload(record, limit: int) -> tuple[str | None, bytes | None] | None:
    """``(target URI, body)`` of a successful HTML response; body ``None`` when over ``limit``; else ``None``."""
    if record.rec_type not in ("response", "resource"):
        return None
    mime = (record.http_headers.get_header("Content-Type") if record.http_headers
            else record.rec_headers.get_header("Content-Type")) or ""
    if not mime.lower().startswith(_HTML_TYPES):
        return None
    if record.http_headers and not record.http_headers.get_statuscode().startswith("2"):
        return None
    uri = record.rec_headers.get_header("WARC-Target-URI")
    data = record.content_stream().read(limit + 1)
    return uri, (data if len(data) <= limit else None)


def _next_boundary(f, pos: int, gz: bool) -> int | None:
    """Offset of the next record start at or after ``pos``, or ``None`` at the end of the file."""
    pattern = _GZIP_BOUNDARY if gz else _PLAIN_BOUNDARY
    while True:
        f.seek(pos)
        chunk = f.read(_SCAN_CHUNK + 16)
        if not chunk:
            return None
        m = pattern.search(chunk)
        if m:
            return pos + (m.start(1) if not gz else m.start())
        if len(chunk) <= 16:
            return None
        pos += _SCAN_CHUNK


def _why(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return f"{type(e).__name__}: {text[0][:120]}" if text else type(e).__name__
