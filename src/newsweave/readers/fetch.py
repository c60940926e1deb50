"""URLs, fetched with httpx only when the user passes them (or asks for feed links to be fetched).

Timeouts and a size limit apply; being offline gives a clear error, not a traceback.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass


from .. import __version__
from ..errors import FetchError, TooLarge
from ..model import Hints, Origin, RawDocument

USER_AGENT = f"newsweave/{__version__} (+https://github.com/newsweave/newsweave)"


def is_url(text: str) -> bool:
    """True for http(s) URLs."""
    return text.startswith(("http://", "https://"))


def fetch(url: str, limit: int, timeout: float) -> tuple[bytes, str, str]:
    """GET ``url``; return ``(body, content_type, final_url)``. Raises :class:`FetchError` or :class:`TooLarge`.

    ``timeout`` bounds the whole fetch (connecting, redirects, every byte of the body), not only each read: a
    server that trickles one byte a second is given up on when the time is spent.
    """
    got = get(url, limit, timeout)
    return got.body, got.content_type, got.final_url


@dataclass(frozen=True)
class Response:
    """What a GET brought back. ``status`` 304 (not modified) has an empty body."""

    status: int
    body: bytes
    content_type: str
    final_url: str
    etag: str | None = None
    last_modified: str | None = None


def get(url: str, limit: int, timeout: float, etag: str | None = None,
        last_modified: str | None = None) -> Response:
    """GET ``url``, conditionally when a validator of the last response is given (``If-None-Match``,
    ``If-Modified-Since``): an unchanged resource comes back as status 304 with no body. Raises
    :class:`FetchError` (its ``retry_after`` set from the server's Retry-After) or :class:`TooLarge`."""
    import httpx  # (here: commands that fetch nothing need not load it)

    headers = {"User-Agent": USER_AGENT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + timeout
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True, headers=headers) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    error = FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}")
                    error.retry_after = _seconds(response.headers.get("retry-after"))
                    raise error
                body = bytearray()
                if response.status_code != 304:
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > limit:
                            raise TooLarge(url, f"response larger than the {limit // (1024 * 1024)} MB limit")
                        if time.monotonic() > deadline:
                            raise httpx.TimeoutException("deadline")
                return Response(response.status_code, bytes(body), response.headers.get("content-type", ""),
                                str(response.url), response.headers.get("etag"),
                                response.headers.get("last-modified"))
    except httpx.ConnectError as e:
        raise FetchError(url, f"cannot connect ({e}); are you offline?") from None
    except httpx.TimeoutException:
        raise FetchError(url, f"timed out after {timeout:g} s (raise it with --fetch-timeout)") from None
    except httpx.HTTPError as e:
        raise FetchError(url, f"fetch failed ({type(e).__name__}: {e})") from None


def _seconds(retry_after: str | None) -> float | None:
    """Retry-After in seconds: a number of seconds, or an HTTP date."""
    if not retry_after:
        return None
    if retry_after.strip().isdigit():
        return float(retry_after)
    try:
        when = email.utils.parsedate_to_datetime(retry_after)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - time.time())


def page(url: str, body: bytes, content_type: str, final_url: str) -> RawDocument:
    """A fetched page as a document; its host stands in for the outlet until extraction finds a site name."""
    media = "html" if "html" in content_type or body.lstrip()[:1] == b"<" else "text"
    return RawDocument(Origin(url, media), body, media, Hints(url=final_url))  # type: ignore[arg-type]
