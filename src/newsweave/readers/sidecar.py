"""Metadata sidecars (``--meta FILE.csv|jsonl``): per-file outlet, url, published date and title.

Each row names a file by ``path`` (as given, absolute, or just the file name) or an ``id`` (a file's stem
or a JSONL record id). Rows are matched most specific first.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace
from pathlib import Path

from ..errors import MalformedInput
from ..model import RawDocument

FIELDS = ("outlet", "url", "published", "title", "author")


class Sidecar:
    """Lookup table from path or id to metadata hints."""

    def __init__(self, rows: dict[str, dict[str, str]]):
        self.rows = rows

    @classmethod
    def load(cls, path: str | Path) -> "Sidecar":
        """Read a CSV (with a header row) or JSONL sidecar."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise MalformedInput(str(path), f"cannot read metadata file ({e})") from None
        if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
            records = []
            for n, line in enumerate(text.split("\n"), 1):  # not splitlines(): values may hold U+2028, \x1e
                if line.strip():
                    try:
                        records.append(json.loads(line))
                    except json.JSONDecodeError as e:
                        raise MalformedInput(f"{path}:{n}", f"not valid JSON ({e.msg})") from None
        else:
            records = list(csv.DictReader(io.StringIO(text, newline="")))
        rows: dict[str, dict[str, str]] = {}
        for rec in records:
            key = (rec.get("path") or rec.get("id")) if isinstance(rec, dict) else None
            if not key:
                raise MalformedInput(str(path), "each metadata row needs a 'path' or 'id'")
            rows[str(key)] = {k: str(rec[k]) for k in FIELDS if rec.get(k) not in (None, "")}
        return cls(rows)

    def lookup(self, doc: RawDocument) -> dict[str, str] | None:
        """The row for ``doc``, trying its path as given, resolved, file name, stem, then record id."""
        src = doc.origin.source
        p = Path(src)
        keys = [src, str(p.resolve()) if not src.startswith(("http:", "https:")) else src, p.name, p.stem]
        if doc.hints.external_id:
            keys.append(doc.hints.external_id)
        for key in keys:
            if key in self.rows:
                return self.rows[key]
        return None

    def apply(self, doc: RawDocument) -> RawDocument:
        """``doc`` with sidecar metadata filled in (the sidecar wins over what the reader found)."""
        row = self.lookup(doc)
        if not row:
            return doc
        changes = {k: row[k] for k in ("title", "url", "published", "author") if k in row}
        if "outlet" in row:
            changes.update(outlet=row["outlet"], outlet_from="meta")
        if "published" in row:
            changes["published_from"] = "metadata file"
        return replace(doc, hints=replace(doc.hints, **changes))
