"""Plain-data views of records, for JSON output, exports and (later) the web UI's JSON twins.

One function per record type, so the CLI's ``--json``, the exports and the web pages all show the same
fields under the same names.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import asdict
from typing import Any

from .model import (Article, Brief, BriefSentence, CanonicalEntity, ClaimComparison, ClaimValue, Comparison,
                    DateEstimate, DuplicateGroup, KeyDate, OutletFraming, Scope, Statement, StoredClaim, StoredQuote,
                    Story, StoryDate, Storyline, TextSpan, Timeline, WatchedFeed)


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
        "language": a.language,
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
                "headings", "removed_lines", "warnings", "language", "content_hash", "chars", "text"]


def article_flat(a: Article) -> dict[str, Any]:
    """An article as one flat row (for CSV and Parquet): lists become JSON text."""
    d = article_dict(a)
    rng = d.pop("published_range") or [None, None]
    d["published_earliest"], d["published_latest"] = rng
    for key in ("date_evidence", "headings", "removed_lines", "warnings"):
        d[key] = json.dumps(d[key], ensure_ascii=False)
    return {k: d.get(k) for k in FLAT_COLUMNS}


def _span(span: TextSpan | None) -> dict[str, Any] | None:
    return {"start": span.start, "end": span.end, "text": span.text} if span else None


def quote_dict(q: StoredQuote) -> dict[str, Any]:
    """A stored quote as JSON-ready data (a public contract, see docs/cli.md). Offsets index the article text."""
    return {
        "id": q.id, "article": q.article, "source": q.source, "outlet": q.outlet,
        "published": q.published.isoformat() if q.published else None,
        "content": _span(q.content), "cue": _span(q.cue), "speaker_mention": _span(q.speaker_mention),
        "speaker": q.speaker, "speaker_id": q.speaker_id, "direct": q.direct, "how": q.how,
        "confidence": _confidence(q.confidence),
    }


def _confidence(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def entity_dict(e: CanonicalEntity) -> dict[str, Any]:
    """A canonical entity: name, type, aliases and per-outlet alias counts."""
    return {"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases), "outlets": e.outlets,
            "mentions": e.mentions, "articles": e.articles}


def claim_dict(c: StoredClaim) -> dict[str, Any]:
    """A stored claim: the sentence, the normalised number and what it counts."""
    k = c.claim
    return {"id": c.id, "article": c.article, "source": c.source, "outlet": c.outlet,
            "sentence": _span(k.sentence), "number": _span(k.number), "subject": k.subject, "head": k.head,
            "value": k.value, "unit": k.unit, "qualifier": k.qualifier,
            "as_of": k.as_of.isoformat() if k.as_of else None, "earlier": k.earlier, "attributed_to": k.source}


def flatten(d: dict[str, Any]) -> dict[str, Any]:
    """One flat row for CSV/Parquet: spans become their text plus start/end columns, containers JSON text."""
    flat: dict[str, Any] = {}
    for key, value in d.items():
        if isinstance(value, dict) and set(value) == {"start", "end", "text"}:
            flat[key] = value["text"]
            flat[f"{key}_start"], flat[f"{key}_end"] = value["start"], value["end"]
        elif isinstance(value, (dict, list)):
            flat[key] = json.dumps(value, ensure_ascii=False)
        else:
            flat[key] = value
    return flat


QUOTE_COLUMNS = ["id", "article", "source", "outlet", "published", "content", "content_start", "content_end",
                 "cue", "cue_start", "cue_end", "speaker_mention", "speaker_mention_start", "speaker_mention_end",
                 "speaker", "speaker_id", "direct", "how", "confidence"]
ENTITY_COLUMNS = ["id", "name", "type", "aliases", "outlets", "mentions", "articles"]
CLAIM_COLUMNS = ["id", "article", "source", "outlet", "sentence", "sentence_start", "sentence_end", "number",
                 "number_start", "number_end", "subject", "head", "value", "unit", "qualifier", "as_of",
                 "earlier", "attributed_to"]


def duplicate_group_dict(g: DuplicateGroup) -> dict[str, Any]:
    """A duplicate group: its canonical article and every member with its outlet and overlap."""
    return {"canonical": g.canonical, "outlets": g.outlets,
            "members": [{"article": m.article, "outlet": m.outlet, "source": m.source,
                         "duplicate_of": None if m.article == g.canonical else g.canonical,
                         "matched": m.matched, "jaccard": m.jaccard} for m in g.members]}


def _iso(d) -> str | None:
    return d.isoformat() if d else None


def _date(d: DateEstimate | StoryDate | None) -> dict[str, Any] | None:
    if d is None:
        return None
    out = {"earliest": d.earliest.isoformat(), "latest": d.latest.isoformat(), "evidence": list(d.evidence)}
    if isinstance(d, DateEstimate):
        out["exact"] = d.exact
    return out


def language_mark(language: str | None) -> str:
    """" (ru)" after words shown in their original language other than English (CLI, Markdown), else ""."""
    return f" ({language})" if language and language != "en" else ""


def story_dict(s: Story) -> dict[str, Any]:
    """An event: its dates, outlets, storyline and every article with its outlet and duplicate group (a public
    contract, see docs/cli.md)."""
    rng = s.date_range
    return {
        "id": s.id, "title": s.title, "storyline": s.storyline,
        "first_published": _iso(s.first_published), "last_published": _iso(s.last_published),
        "date_range": [rng[0].isoformat(), rng[1].isoformat()] if rng else None, "undated": s.undated,
        "outlets": s.outlets, "languages": s.languages,
        "articles": [{"id": a.id, "source": a.source, "outlet": a.outlet, "language": a.language, "title": a.title,
                      "heading": a.heading,
                      "published": _iso(a.date.earliest) if a.date and a.date.exact else None,
                      "date": _date(a.date), "date_from_story": _date(a.date_from_story),
                      "duplicate_of": a.duplicate_of, "joined_by": a.how, "score": a.score} for a in s.articles],
    }


def storyline_dict(line: Storyline) -> dict[str, Any]:
    """A storyline: its title (main actors), its stories in date order, and its first and last report."""
    return {"id": line.id, "title": line.title, "actors": list(line.actors), "stories": list(line.stories),
            "first_published": _iso(line.first_published), "last_published": _iso(line.last_published),
            "date_range": [line.date_range[0].isoformat(), line.date_range[1].isoformat()] if line.date_range
            else None}


STORY_ARTICLE_COLUMNS = ["story", "story_title", "storyline", "article", "source", "outlet", "language", "title",
                         "published",
                         "date_from_story_earliest", "date_from_story_latest", "duplicate_of", "joined_by", "score"]


def story_article_rows(s: Story) -> list[dict[str, Any]]:
    """One flat row per article of a story (the ``export --what stories`` table)."""
    return [{"story": s.id, "story_title": s.title, "storyline": s.storyline, "article": a.id, "source": a.source,
             "outlet": a.outlet, "language": a.language, "title": a.title,
             "published": _iso(a.date.earliest) if a.date and a.date.exact else None,
             "date_from_story_earliest": _iso(a.date_from_story.earliest) if a.date_from_story else None,
             "date_from_story_latest": _iso(a.date_from_story.latest) if a.date_from_story else None,
             "duplicate_of": a.duplicate_of, "joined_by": a.how, "score": a.score} for a in s.articles]


# --- across outlets -------------------------------------------------------------------------------------------
def _range(r) -> list[str] | None:
    return [r[0].isoformat(), r[1].isoformat()] if r else None


def scope_dict(scope: Scope) -> dict[str, Any]:
    return {"ref": scope.ref, "kind": scope.kind, "id": scope.id, "title": scope.title,
            "stories": [s.id for s in scope.stories], "outlets": scope.outlets,
            "articles": [{"id": a.id, "source": a.source, "outlet": a.outlet, "title": a.title, "story": a.story,
                          "when": _range(a.when), "date_exact": a.exact, "copy_of": a.copy_of}
                         for a in scope.articles]}


def claim_comparison_dict(c: ClaimComparison) -> dict[str, Any]:
    """A labelled fact (a public contract, see docs/cli.md): ``status``, ``subject``, ``values`` with their
    article, source, outlet, as_of, sentence and language, and ``sides`` (indexes of values that agree)."""
    return {"id": c.id, "status": c.status, "subject": c.subject, "unit": c.unit, "summary": c.summary,
            "outlets": c.outlets, "sides": [list(s) for s in c.sides],
            "values": [{"value": v.value, "normalized": v.number, "article": v.article, "source": v.source,
                        "outlet": v.outlet, "as_of": _range(v.as_of), "sentence": v.sentence,
                        "attributed_to": v.attributed_to, "story": v.story, "copy_of": v.copy_of,
                        "language": v.language, "earlier": v.earlier}
                       for v in c.values]}


def claim_comparison(d: dict[str, Any]) -> ClaimComparison:
    """A labelled fact of :func:`claim_comparison_dict` (a kept comparison) as the record it was made from."""
    return ClaimComparison(d["id"], d["status"], d["subject"], d["unit"], tuple(
        ClaimValue(v["value"], v["normalized"], v["article"], v["source"], v["outlet"], date_range(v["as_of"]),
                   v["sentence"], v["attributed_to"], v["story"], v["copy_of"], v["language"], v["earlier"])
        for v in d["values"]), tuple(tuple(side) for side in d["sides"]), d["summary"])


def date_range(r: list[str] | None) -> tuple[dt.date, dt.date] | None:
    """A date range of a JSON record (two ISO dates, as :func:`_range` writes it) as dates."""
    return (dt.date.fromisoformat(r[0]), dt.date.fromisoformat(r[1])) if r else None


def statement_dict(s: Statement) -> dict[str, Any]:
    return {"id": s.id, "speaker": s.speaker, "speaker_id": s.speaker_id, "story": s.story, "when": _range(s.when),
            "outlets": s.outlets, "score": s.score,
            "members": [{"article": w.article, "source": w.source, "outlet": w.outlet, "text": w.text,
                         "sentence": w.sentence, "direct": w.direct, "quote": w.quote, "evidence": w.evidence,
                         "confidence": _confidence(w.confidence), "stance": w.stance, "language": w.language}
                        for w in s.members]}


def framing_dict(f: OutletFraming) -> dict[str, Any]:
    return {"outlet": f.outlet, "articles": list(f.articles), "first_report": _range(f.first_report),
            "names": [{"thing": n.thing, "variant": n.variant, "count": n.count, "quoted": n.quoted}
                      for n in f.names],
            "quotes": [{"speaker": s, "quotes": n, "words_quoted": w} for s, n, w in f.quoted],
            "only_here": list(f.only_here), "omits": list(f.omits)}


def comparison_dict(c: Comparison) -> dict[str, Any]:
    """``newsweave compare --json``: statements, claims, per-outlet framing and the coverage matrix."""
    outlets = c.scope.outlets
    return {"scope": scope_dict(c.scope),
            "statements": [statement_dict(s) for s in c.statements],
            "claims": [claim_comparison_dict(k) for k in c.claims],
            "framing": {f.outlet: framing_dict(f) for f in c.framing},
            "coverage": {"outlets": outlets,
                         "facts": [{"id": fact, "outlets": list(found),
                                    "row": [o in found for o in outlets]} for fact, found in c.coverage.items()]}}


def timeline_dict(t: Timeline) -> dict[str, Any]:
    return {"scope": scope_dict(t.scope),
            "events": [{**story_dict(s), "articles": [a.id for a in s.articles]} for s in t.events],
            "positions": {actor: [{"story": p.story, "when": _range(p.when), "text": p.text,
                                   "articles": list(p.articles), "outlets": list(p.outlets),
                                   "statement": p.statement, "changed": p.changed, "evidence": p.evidence,
                                   "confidence": _confidence(p.confidence), "language": p.language} for p in ps]
                          for actor, ps in t.positions.items()},
            "key_dates": [key_date_dict(d) for d in t.key_dates]}


def key_date_dict(d: KeyDate) -> dict[str, Any]:
    return {"date": d.date.isoformat(), "score": d.score, "reports": d.reports, "mentions": d.mentions,
            "outlets": list(d.outlets),
            "summary": [{"text": s.text, "citations": list(s.citations)} for s in d.summary]}


KEY_DATE_COLUMNS = ["date", "score", "reports", "mentions", "outlets", "sentence", "article", "source", "outlet",
                    "title"]


def key_date_rows(d: dict[str, Any], articles: Mapping[int, Article]) -> list[dict[str, Any]]:
    """One flat row per summary sentence of a key date (as :func:`key_date_dict` gives it) with the article it cites,
    found in ``articles``; one row without a sentence when it has none (the ``export --what key-dates`` table)."""
    head = {k: d[k] for k in ("date", "score", "reports", "mentions", "outlets")}
    rows = [{**head, "sentence": s["text"], "article": a.id, "source": a.source, "outlet": a.outlet, "title": a.title}
            for s in d["summary"] for a in (articles[i] for i in s["citations"])]
    return rows or [{**head, **dict.fromkeys(KEY_DATE_COLUMNS[5:])}]


def brief_dict(b: Brief) -> dict[str, Any]:
    return {"scope": scope_dict(b.scope), "title": b.title,
            "sentences": [{"text": s.text, "citations": list(s.citations), "kind": s.kind,
                           "evidence": list(s.evidence), "language": s.language,
                           "spans": [{"article": a, "start": start, "end": end} for a, start, end in s.spans]}
                          for s in b.sentences]}


def brief_sentence(d: dict[str, Any]) -> BriefSentence:
    """A sentence of :func:`brief_dict` (a cached brief) as the record it was made from."""
    return BriefSentence(d["text"], tuple(d["citations"]), d["kind"], tuple(d["evidence"]),
                         tuple((x["article"], x["start"], x["end"]) for x in d["spans"]), d["language"])


def watched_feed_dict(f: WatchedFeed) -> dict[str, Any]:
    """A watched feed and how its last poll went (``newsweave feeds``, ``newsweave watch --json``)."""
    return {"url": f.url, "status": f.status, "error": f.error, "failures": f.failures, "added": f.added,
            "polled_at": _iso(f.polled_at), "next_poll_at": _iso(f.next_poll_at), "etag": f.etag,
            "last_modified": f.last_modified}
