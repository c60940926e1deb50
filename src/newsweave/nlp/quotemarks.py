"""Find quoted passages in text: every common quotation style, without a parser.

Handles straight and curly double quotes, curly and straight single quotes (told apart from apostrophes),
guillemets and low-high quotes, quotations that run over several paragraphs (the news convention: each
paragraph reopens the quote, only the last one closes it), and unbalanced marks (a quote left open at the end
of a paragraph that the next one does not continue is closed there and flagged).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# opener -> closers it accepts
_DOUBLE = {"\u201c": "\u201d\u201c\"", "\u00ab": "\u00bb", "\u201e": "\u201c\u201d", '"': '"\u201d',
           "\u00bb": "\u00ab", "\u2039": "\u203a"}
_SINGLE = {"\u2018": "\u2019", "'": "'\u2019"}
OPENERS = set(_DOUBLE) | set(_SINGLE)
QUOTE_CHARS = "\"'\u201c\u201d\u2018\u2019\u00ab\u00bb\u201e\u2039\u203a"
_PARAGRAPH = re.compile(r"[^\n]+")
_MARK = re.compile("[" + re.escape(QUOTE_CHARS) + "]")


@dataclass(frozen=True)
class Quoted:
    """A quoted passage: ``start``/``end`` include the quotation marks; ``closed`` is False when unbalanced.

    ``continues`` is True for a paragraph that reopens a quotation left open at the end of the previous one.
    """

    start: int
    end: int
    closed: bool
    continues: bool = False
    single: bool = False
    width: int = 1  # characters of each mark: 2 for the typewriter double quote ''

    @property
    def inner(self) -> tuple[int, int]:
        """Offsets of the words inside the marks."""
        end = self.end - self.width if self.closed else self.end
        return self.start + self.width, max(self.start + self.width, end)


def _opens(text: str, i: int) -> bool:
    """A straight or ambiguous mark at ``i`` opens a quote: nothing word-like before it, words after it."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not (before.isalnum() or before in ".,;!?%=") and not after.isspace()


def _closes_single(text: str, i: int) -> bool:
    """A single mark at ``i`` closes a quote only when no letter follows (not the apostrophe in don't)."""
    after = text[i + 1] if i + 1 < len(text) else " "
    before = text[i - 1] if i > 0 else " "
    return not after.isalnum() and not before.isspace()


def _scan_paragraph(text: str, start: int, end: int) -> list[Quoted]:
    found: list[Quoted] = []
    open_at = -1
    closers = ""
    single = False
    width = 1
    skip = start  # a mark before this was read as part of the one before it
    for mark in _MARK.finditer(text, start, end):  # only the marks: the characters between change nothing
        i = mark.start()
        if i < skip:
            continue
        ch = text[i]
        if text.startswith("''", i):  # two apostrophes: a typewriter double quote (''like this'')
            if open_at < 0 and _opens(text, i + 1) and (i == 0 or text[i - 1] != "'"):
                open_at, closers, single, width = i, "''", False, 2
                skip = i + 2
                continue
            if open_at >= 0 and closers == "''" and i > open_at + 2:
                found.append(Quoted(open_at, i + 2, True, width=2))
                open_at, width = -1, 1
                skip = i + 2
                continue
        if open_at < 0:
            if ch in _DOUBLE and (ch not in "\"\u00bb" or _opens(text, i)) and text[i - 1:i] != "=":
                open_at, closers, single = i, _DOUBLE[ch], False
            elif ch in _SINGLE and _opens(text, i) and (i + 1 < end and text[i + 1].isalnum()):
                open_at, closers, single = i, _SINGLE[ch], True
        elif closers != "''" and ch in closers and (not single or _closes_single(text, i)) and i > open_at + 1:
            found.append(Quoted(open_at, i + 1, True, single=single))
            open_at = -1
    if open_at >= 0 and not single and end - open_at > 2:
        found.append(Quoted(open_at, end, False, width=width))
    return found


def find_quoted(text: str) -> list[Quoted]:
    """Every quoted passage in ``text``, in order, paragraph by paragraph (a paragraph is a line)."""
    out: list[Quoted] = []
    pending = False  # the previous paragraph ended inside an open double quote
    for para in _PARAGRAPH.finditer(text):
        quotes = _scan_paragraph(text, para.start(), para.end())
        starts_quoted = bool(quotes) and quotes[0].start == para.start() + _lead(para.group())
        if pending and starts_quoted:
            quotes[0] = Quoted(quotes[0].start, quotes[0].end, quotes[0].closed, True, quotes[0].single,
                               quotes[0].width)
        pending = bool(quotes) and not quotes[-1].closed
        out.extend(quotes)
    return out


def _lead(paragraph: str) -> int:
    return len(paragraph) - len(paragraph.lstrip())


def is_quote_char(ch: str) -> bool:
    return ch in QUOTE_CHARS
