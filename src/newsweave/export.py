"""Exports: articles as JSON Lines, CSV or Parquet, streamed so memory stays flat on large stores."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

from .errors import UsageError
from .model import Article
from .records import FLAT_COLUMNS, article_dict, article_flat

FORMATS = ("jsonl", "csv", "parquet")
_PARQUET_BATCH = 1000


# First characters that make a spreadsheet (Excel, LibreOffice, Google Sheets) read a CSV cell as a formula:
# "=HYPERLINK(...)", "+1", "-2+3", "@SUM(...)", and a leading tab or carriage return before one; also their
# full-width forms, which some spreadsheets fold. Such a text cell is written with a leading apostrophe, the
# spreadsheet convention for "this is text" (OWASP, "CSV Injection").
_FORMULA_START = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")


def _defused(row: dict) -> dict:
    return {k: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v for k, v in row.items()}


def _csv_writer(f, columns: list[str], **kwargs) -> csv.DictWriter:
    """A CSV writer for ``columns`` whose text cells can never run as spreadsheet formulas."""

    class Writer(csv.DictWriter):
        def writerow(self, rowdict):
            return super().writerow(_defused(rowdict))

    writer = Writer(f, fieldnames=columns, **kwargs)
    writer.writeheader()
    return writer


def _format(path: Path, format: str | None) -> str:
    fmt = (format or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return fmt


@contextmanager
def _written(path: Path) -> Iterator[Path]:
    """A temporary file beside ``path`` to write, put in its place once complete: a half-written export never takes
    the place of a good one, and one that fails leaves nothing behind."""
    tmp = path.with_name(path.name + ".part")
    try:
        yield tmp
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(path)


def export(articles: Iterable[Article], path: str | Path, format: str | None = None) -> int:
    """Write ``articles`` to ``path`` in ``format`` (default: from the file suffix). Returns the count."""
    path = Path(path)
    writer = {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[_format(path, format)]
    with _written(path) as tmp:
        return writer(iter(articles), tmp)


# Parquet columns that hold numbers or truth values (the rest are text): typed, as JSONL keeps them. (A claim's
# ``value`` is a number or a name, "Istanbul": text.)
_INTEGERS = frozenset({"id", "article", "story", "storyline", "duplicate_of", "mentions", "articles", "reports"})
_FLOATS = frozenset({"score", "confidence"})
_BOOLEANS = frozenset({"direct", "earlier"})


def export_rows(rows: Iterable[dict], columns: list[str], path: str | Path, format: str | None = None) -> int:
    """Write JSON-ready records (quotes, entities, claims) to ``path``: JSONL as they are, CSV and Parquet
    flattened to ``columns`` (spans as text plus offsets), as they come (Parquet a batch at a time): memory stays
    flat whatever their number. Returns the count."""
    path = Path(path)
    fmt = _format(path, format)
    with _written(path) as tmp:
        return _write_rows(rows, columns, tmp, fmt)


def _write_rows(rows: Iterable[dict], columns: list[str], tmp: Path, fmt: str) -> int:
    from .records import flatten

    n = 0
    if fmt == "jsonl":
        with open(tmp, "w", encoding="utf-8") as f:
            for n, r in enumerate(rows, 1):
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        with open(tmp, "w", encoding="utf-8", newline="") as f:
            w = _csv_writer(f, columns, extrasaction="ignore")
            for n, r in enumerate(rows, 1):
                w.writerow(flatten(r))
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        types = {c: pa.int64() if c in _INTEGERS or c.endswith(("_start", "_end", "_id")) else
                 pa.float64() if c in _FLOATS else pa.bool_() if c in _BOOLEANS else pa.string() for c in columns}
        schema = pa.schema(list(types.items()))
        rows = iter(rows)
        with pq.ParquetWriter(tmp, schema) as w:
            while batch := list(islice(rows, _PARQUET_BATCH)):
                flat = [{c: f.get(c) for c in columns} for f in map(flatten, batch)]
                for row in flat:
                    for c, t in types.items():
                        if t == pa.string() and row[c] is not None and not isinstance(row[c], str):
                            row[c] = json.dumps(row[c])
                w.write_table(pa.Table.from_pylist(flat, schema=schema))
                n += len(batch)
            if n == 0:
                w.write_table(schema.empty_table())
    return n


def _jsonl(articles: Iterator[Article], path: Path) -> int:
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for a in articles:
            f.write(json.dumps(article_dict(a), ensure_ascii=False) + "\n")
            n += 1
    return n


def _csv(articles: Iterator[Article], path: Path) -> int:
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = _csv_writer(f, FLAT_COLUMNS)
        for a in articles:
            w.writerow(article_flat(a))
            n += 1
    return n


def _parquet(articles: Iterator[Article], path: Path) -> int:
    import pyarrow as pa  # imported on demand: pyarrow adds ~0.3 s to start-up
    import pyarrow.parquet as pq

    schema = pa.schema([
        ("id", pa.int64()), ("source", pa.string()), ("format", pa.string()), ("offset", pa.int64()),
        ("outlet", pa.string()), ("outlet_from", pa.string()), ("title", pa.string()), ("url", pa.string()),
        ("author", pa.string()), ("published", pa.string()), ("published_earliest", pa.string()),
        ("published_latest", pa.string()), ("date_exact", pa.bool_()), ("date_confidence", pa.float64()),
        ("date_evidence", pa.string()), ("headings", pa.string()), ("removed_lines", pa.string()),
        ("warnings", pa.string()), ("language", pa.string()), ("content_hash", pa.string()), ("chars", pa.int64()),
        ("text", pa.string()),
    ])
    assert schema.names == FLAT_COLUMNS
    n = 0
    with pq.ParquetWriter(path, schema) as w:
        while batch := list(islice(articles, _PARQUET_BATCH)):
            w.write_table(pa.Table.from_pylist([article_flat(a) for a in batch], schema=schema))
            n += len(batch)
        if n == 0:
            w.write_table(schema.empty_table())
    return n
