"""Where a sentence of news text ends: one rule for the comparisons (the sentence around a remark, the
sentences a brief or a dispute reads) and for the lists that show an untitled article by its first sentence."""

from __future__ import annotations

import re

# A break after ".", "!" or "?" (or one of them and a closing quote: '...a pause." Peskov said'), not after a
# quote that closes on a comma ('"... results," Peskov added'), nor inside a stock ticker ("(BP. L)", "(RIG. N)").
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"\u201d\u2019']))\s+(?=[\"\u201c\u2018'A-Z0-9])"
                           r"(?![A-Z]{1,2}\))|\n+")
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Z]\.)+|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gov|Sen|Rep|Gen|Lt|Col|Sgt|Capt|Prof|"
                           r"No|vs|Inc|Corp|Co|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec)\.)$")


def sentence_breaks(text: str) -> list[tuple[int, int]]:
    """(end of a sentence, start of the next) for each sentence break in text, not counting the full stop of an
    abbreviation ("U.S. President", "Mr. Peskov")."""
    return [(m.start(), m.end()) for m in _SENTENCE_END.finditer(text)
            if m.group(0).startswith("\n") or not _ABBREVIATION.search(text[max(0, m.start() - 12):m.start()])]


# What opens a report before its first sentence's own words. A wire dateline: the place in capitals, perhaps a
# state or a day, perhaps the agency, then a dash ("ORVANE, May 20 (AWS) - ", "KYIV (Reuters) — ", "NEW ORLEANS --
# "); the date it may hold means the day of writing, not of the event. A page's time stamp ("Thursday, April 29,
# 2010; 4:49 PM "). And a page header before a wire dateline ("LONDON | Tue Apr 27, 2010 4:08 am EDT LONDON
# (Reuters) - "), looked for in the first LEAD_IN_SEARCH characters when no words of prose come first.
LEAD_IN_SEARCH = 200
_PLACE = r"[A-Z][A-Z.'\u2019/\\ -]{1,40}(?:,\s*[A-Z][\w.]*(?:\s+[\w.]+){0,2})?"
_DASH = r"\s*[-\u2013\u2014]+\s+(?=[A-Z\"\u201c'\u2018])"
_DATELINE = re.compile(r"\A" + _PLACE + r"\s*(?:\([^()\n]{1,30}\))?" + _DASH)
_AGENCY_DATELINE = re.compile(r"\b" + _PLACE + r"\s*\([^()\n]{1,30}\)" + _DASH)
_TIME_STAMP = re.compile(r"\A(?:[A-Z][a-z]+day,?\s+)?[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}[;,]?\s+\d{1,2}:\d\d\s*"
                         r"[AaPp]\.?[Mm]\.?\s+(?=[A-Z\"\u201c])")
_PROSE = re.compile(r"(?<![\w'\u2019])[a-z]{4,}\b")  # a word of prose: lower case, four letters or more


def lead_in(text: str) -> int:
    """Where a report's (or its first sentence's) own words start: after a wire dateline, a page's time stamp, or
    a page header and the wire dateline after it; 0 when it opens with none."""
    m = _DATELINE.match(text) or _TIME_STAMP.match(text)
    if m:
        return m.end()
    m = _AGENCY_DATELINE.search(text[:LEAD_IN_SEARCH])
    return m.end() if m and not _PROSE.search(text[:m.start()]) else 0
