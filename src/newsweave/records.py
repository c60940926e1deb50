"""Plain-data views of records, for JSON output, exports and (later) the web UI's JSON twins.

One function per record type, so the CLI's ``--json``, the exports and the web pages all show the same
fields under the same names.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from .model import Article


def article_dict(a: Article, text: bool = True) -> dict[str, Any]:
    """An article as JSON-ready data. The field names are a public contract (see docs/cli.md)."""
    d = a.date
    out: dict[str, Any] = {
        "id": a.id,
        "source": a.source,
        "format": a.origin.format,
        "offset": a.origin.offset,
        "item": a.origin.item,
        "outlet": a.outlet,
        "outlet_from": a.outlet_from,
        "title": a.title,
        "url": a.url,
        "author": a.author,
        "published": a.published.isoformat() if a.published else None,
        "published_range": [d.earliest.isoformat(), d.latest.isoformat()] if d else None,
        "date_exact": d.exact if d else None,
        "date_confidence": d.confidence if d else None,
        "date_evidence": list(d.evidence) if d else [],
        "headings": a.headings,
        "removed_lines": [asdict(r) for r in a.removed],
        "times": [{**asdict(t), "earliest": t.earliest and t.earliest.isoformat(),
                   "latest": t.latest and t.latest.isoformat()} for t in a.times],
        "warnings": a.warnings,
        "content_hash": a.content_hash,
        "chars": len(a.text),
    }
    if text:
        out["text"] = a.text
        out["blocks"] = [asdict(b) for b in a.blocks]
    return out


# Columns of the flat (CSV / Parquet) export: scalars only; lists are joined or JSON-encoded.
FLAT_COLUMNS = ["id", "source", "format", "offset", "outlet", "outlet_from", "title", "url", "author", "published",
                "published_earliest", "published_latest", "date_exact", "date_confidence", "date_evidence",
                "headings", "removed_lines", "warnings", "content_hash", "chars", "text"]


def article_flat(a: Article) -> dict[str, Any]:
    """An article as one flat row (for CSV and Parquet): lists become JSON text."""
    d = article_dict(a)
    rng = d.pop("published_range") or [None, None]
    d["published_earliest"], d["published_latest"] = rng
    for key in ("date_evidence", "headings", "removed_lines", "warnings"):
        d[key] = json.dumps(d[key], ensure_ascii=False)
    return {k: d.get(k) for k in FLAT_COLUMNS}
