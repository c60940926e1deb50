"""RSS and Atom feeds: items with full content become articles; teasers are fetched only on request.

Scraped XML is hostile. Before feedparser sees a feed, defusedxml parses it and refuses entity
declarations and external references (billion laughs, XXE). A feed that is merely malformed (not
well-formed XML) is still handed to feedparser's lenient parser, after a plain-text check that it
declares no entities, since feedparser's fallback parser would not stop on them by itself.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import defusedxml.ElementTree as SafeET
import feedparser
from defusedxml import DefusedXmlException

from ..errors import InputError, MalformedInput, Skipped, UnsafeInput
from ..model import Hints, Origin, RawDocument
from ..settings import FEED_CONTENT_MIN_CHARS, FEED_FULL_CONTENT_CHARS

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.I)

Fetch = Callable[[str], "RawDocument | InputError"]


def looks_like_feed(data: bytes) -> bool:
    """True when the first bytes hold an RSS, Atom or RDF root element."""
    return bool(_FEED_ROOT.search(data[:2048]))


def check_safe(data: bytes, source: str) -> None:
    """Raise :class:`UnsafeInput` for XML with entity declarations or external references."""
    try:
        SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as e:
        raise UnsafeInput(source, f"feed declares XML entities or external references ({type(e).__name__}); "
                                  "refused") from None
    except SafeET.ParseError:
        if _ENTITY_DECL.search(data):
            raise UnsafeInput(source, "malformed feed that declares XML entities; refused") from None


def read_feed(data: bytes, source: str, fetch_links: bool, fetch: Fetch | None) -> Iterator[RawDocument | InputError]:
    """Yield one document per feed item with full content (or, with ``fetch_links``, per fetched link)."""
    try:
        check_safe(data, source)
    except UnsafeInput as e:
        yield e
        return
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        yield MalformedInput(source, f"no feed items found{f' ({reason})' if reason else ''}")
        return
    feed_title = (parsed.feed.get("title") or "").strip() or None
    feed_host = urlsplit(parsed.feed.get("link") or "").hostname
    for n, entry in enumerate(parsed.entries):
        link = entry.get("link")
        item = entry.get("id") or link or f"item{n + 1}"
        published = _published(entry)
        outlet = feed_title or feed_host
        hints = Hints(
            title=(entry.get("title") or "").strip() or None,
            outlet=outlet,
            outlet_from="reader" if outlet else None,
            url=link,
            published=published,
            published_from="feed item date" if published else None,
            author=entry.get("author"),
            external_id=entry.get("id"),
        )
        content, full = _content(entry)
        if full:
            yield RawDocument(Origin(source, "feed", item=item), content.encode("utf-8"), "html", hints,
                              encoding="utf-8")
        elif fetch_links and link and fetch is not None:
            fetched = fetch(link)
            if isinstance(fetched, InputError):
                yield fetched
            else:
                yield RawDocument(fetched.origin, fetched.data, fetched.media, _merge(hints, fetched.hints))
        else:
            yield Skipped(f"{source}#{item}", "feed item has only a teaser; pass --fetch-links to "
                                                     "fetch the article it links to")


def _content(entry) -> tuple[str, bool]:
    """The item's best text and whether it is the full article (not a teaser).

    Full content is what a feed puts in ``content:encoded`` / Atom ``content``; a summary counts as full
    only when it is long (some feeds put whole articles in ``description``).
    """
    contents = entry.get("content") or []
    best = max((c.get("value", "") for c in contents), key=len, default="")
    summary = entry.get("summary") or ""
    if len(best) >= FEED_CONTENT_MIN_CHARS and len(best) >= len(summary):
        return best, True
    text = best if len(best) >= len(summary) else summary
    return text, len(text) >= FEED_FULL_CONTENT_CHARS


def _published(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = dict.get(entry, key)  # the field itself: feedparser's get() maps a missing updated_parsed to
        # published_parsed with a DeprecationWarning (its issue 310)
        if value:
            return dt.datetime.fromtimestamp(calendar.timegm(value), dt.timezone.utc).date().isoformat()
    return None


def _merge(feed: Hints, page: Hints) -> Hints:
    """Feed metadata wins where it has a value; the fetched page fills the gaps."""
    return Hints(**{k: getattr(feed, k) or getattr(page, k) for k in Hints.__dataclass_fields__})
