"""Thresholds and options.

Every threshold is a named constant with a comment saying how it was set. :class:`Options` is the one
frozen settings object passed through the pipeline; copy it with :func:`dataclasses.replace`, never mutate.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

# --- inputs -------------------------------------------------------------------------------------------
# Largest single document (a text/HTML file, a WARC record, a JSONL line, a fetched page) we accept.
# The longest article in PolNeAR is 41 kB and the longest HTML page in common extraction benchmarks a few
# MB; 20 MB leaves two orders of magnitude of headroom while keeping memory bounded. Files past it are
# refused with a message that names --max-bytes.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
# Largest headers of one WARC record (WARC and HTTP headers together). Real ones are a few kB (HTTP headers
# with cookies rarely pass 16 kB; servers refuse more than 8-64 kB); 1 MiB keeps any real archive readable
# while a crafted "header" of gigabytes is refused after one MiB instead of read into memory.
MAX_WARC_HEADER_BYTES = 1024 * 1024
# Share of control bytes (other than tab/newline/CR/FF) above which a decoded input is called binary.
# Text in any legacy encoding has almost none; 5% rejects images, archives and executables we tried
# (tests/test_readers.py) while letting through text with a few stray control characters.
BINARY_CONTROL_SHARE = 0.05
# Seconds a URL fetch may take in all (connect, redirects, the whole body), not per read: a slow news page
# arrives in 1-3 s; 20 s allows a slow server while a server trickling bytes cannot hold a batch for minutes.
FETCH_TIMEOUT_S = 20.0
# A feed item whose summary (description) has at least this many characters is treated as carrying the full
# article; a shorter one is a teaser and is fetched only with --fetch-links. Feed teasers in the wild are 1-3
# sentences (<600 chars); full items are paragraphs.
FEED_FULL_CONTENT_CHARS = 600
# Content in content:encoded / Atom <content> is the article itself when it has at least this many
# characters (a short news item is ~2 paragraphs, 300+ characters); shorter content is a stub.
FEED_CONTENT_MIN_CHARS = 200

# --- ingest -------------------------------------------------------------------------------------------
# Articles per store transaction. Small enough that a killed run loses little work, large enough that
# transaction overhead is <5% of ingest time on the 2,000-article benchmark (benchmarks/ingest.py).
BATCH_SIZE = 64

# Seconds a command waits for another process's write lock on the store before giving up with NW202. Each
# ingest batch holds the lock for well under a second (benchmarks/ingest.py); a minute rides out another
# process's `cluster --redo` transaction of 256 articles, and --lock-timeout / NEWSWEAVE_LOCK_TIMEOUT change it.
LOCK_TIMEOUT_S = 60.0

# --- cleaning -----------------------------------------------------------------------------------------
# A share/navigation widget line has at most this many words (e.g. "Get link", "Other Apps", "X").
WIDGET_MAX_WORDS = 3
# A run of widget lines must be at least this long: a single short line is more often a heading.
WIDGET_MIN_RUN = 2
# A heading is a short line without closing punctuation followed by body text; longer lines are prose.
# 14 words covers news section titles and sub-headlines (median 7 words in our examples).
HEADING_MAX_WORDS = 14
# "See also"/"Read more" link lines longer than this are prose that happens to start with those words.
LINK_LINE_MAX_WORDS = 30
# A first line counts as a headline (the title) when it has at most this many words and no final period.
TITLE_MAX_WORDS = 25

# --- dates --------------------------------------------------------------------------------------------
# Confidence given to date estimates: exact dates from metadata or a header line, estimates resting only on
# firm cues (office terms, elections, explicit past dates), and estimates that also needed soft cues.
CONFIDENCE_EXACT = 1.0
CONFIDENCE_FIRM = 0.8
CONFIDENCE_SOFT = 0.5


@dataclass(frozen=True)
class Options:
    """Settings for one ingest run. Build from CLI flags or code; copy with ``dataclasses.replace``."""

    outlet: str | None = None
    max_bytes: int = MAX_DOCUMENT_BYTES
    batch_size: int = BATCH_SIZE
    fetch_links: bool = False
    fetch_timeout: float = FETCH_TIMEOUT_S
    # Embed English articles on the multilingual model too, in the workers. Ingest sets it while the store holds
    # reports in other languages: English ones will then be compared across languages, and the writer would
    # otherwise embed them one at a time. A store of English news never loads that model.
    embed_english_multilingual: bool = False


def default_workers() -> int:
    """The machine's cores (those this process may use): ingest's default number of worker processes."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
