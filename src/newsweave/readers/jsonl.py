"""JSON Lines: one article per line, with ``text`` or ``html`` and optional metadata fields.

Lines are streamed, so a file of any size costs the memory of its longest line (itself bounded). Each
document keeps the byte offset of its line, so it can be re-read from the file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import EmptyInput, InputError, MalformedInput, TooLarge
from ..model import Hints, Origin, RawDocument


def read_jsonl(stream: BinaryIO, source: str, limit: int) -> Iterator[RawDocument | InputError]:
    """Yield a document per line (or an error naming ``source`` and the line)."""
    offset = 0
    lineno = 0
    records = 0
    while True:
        line = stream.readline(limit + 1)
        if not line:
            if not records:
                yield EmptyInput(source, "empty input (no JSON lines)")
            return
        lineno += 1
        start = offset
        offset += len(line)
        where = f"{source}:{lineno}"
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):  # skip the rest of the over-long line
                line = stream.readline(1024 * 1024)
                offset += len(line)
            yield TooLarge(where, f"line longer than the {limit // (1024 * 1024)} MB limit")
            continue
        if not line.strip():
            continue
        records += 1
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            yield MalformedInput(where, f"not valid JSON ({e.msg if hasattr(e, 'msg') else e})")
            continue
        if not isinstance(record, dict):
            yield MalformedInput(where, "a JSON line must be an object with a 'text' or 'html' field")
            continue
        doc = _document(record, source, start, where)
        yield doc


def _document(record: dict, source: str, offset: int, where: str) -> RawDocument | InputError:
    html = record.get("html")
    text = record.get("text")
    body, media = (html, "html") if isinstance(html, str) and html.strip() else (text, "text")
    if not isinstance(body, str) or not body.strip():
        return MalformedInput(where, "no 'text' or 'html' field with content")

    def field(name: str) -> str | None:
        value = record.get(name)
        return str(value) if value not in (None, "") else None

    outlet = field("outlet")
    hints = Hints(
        title=field("title"),
        outlet=outlet,
        outlet_from="reader" if outlet else None,
        url=field("url"),
        published=field("published"),
        published_from="jsonl 'published' field" if field("published") else None,
        author=field("author"),
        external_id=field("id"),
    )
    return RawDocument(Origin(source, "jsonl", offset=offset, item=field("id")), body.encode("utf-8"),
                       media, hints, encoding="utf-8")  # type: ignore[arg-type]
