"""Where a sentence of news text ends: one rule for the comparisons (the sentence around a remark, the
sentences a brief or a dispute reads) and for the lists that show an untitled article by its first sentence."""

from __future__ import annotations

import re

# A break after ".", "!" or "?" (or one of them and a closing quote: '...a pause." Peskov said'), not after a
# quote that closes on a comma ('"... results," Peskov added').
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"\u201d\u2019']))\s+(?=[\"\u201c\u2018'A-Z0-9])|\n+")
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Z]\.)+|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gov|Sen|Rep|Gen|Lt|Col|Sgt|Capt|Prof|"
                           r"No|vs|Inc|Corp|Co|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec)\.)$")


def sentence_breaks(text: str) -> list[tuple[int, int]]:
    """(end of a sentence, start of the next) for each sentence break in text, not counting the full stop of an
    abbreviation ("U.S. President", "Mr. Peskov")."""
    return [(m.start(), m.end()) for m in _SENTENCE_END.finditer(text)
            if m.group(0).startswith("\n") or not _ABBREVIATION.search(text[max(0, m.start() - 12):m.start()])]
