"""Clean: remove page furniture from extracted lines, by general rules, and mark section headings.

Each rule has a name that goes into the audit trail (:class:`~newsweave.model.RemovedLine`), so a user can
see what was removed and why (``newsweave show ID --removed``). Rules look at the *shape* of a line (a run
of one-to-three-word lines, a line that starts with a link prompt, a trailing ``— Name (@handle) Date``
credit) and at the generic vocabulary of web page chrome (comment, subscribe, share), never at phrases of
particular articles.

Rules that take whole lines run first; then share-widget runs are found among what is left; then the
remaining short lines without closing punctuation that introduce body text are marked as headings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from .dates import FULL_MONTHS
from .model import BlockKind, RemovedLine
from .normalize import fold_case
from .settings import HEADING_MAX_WORDS, LINK_LINE_MAX_WORDS, WIDGET_MAX_WORDS, WIDGET_MIN_RUN


@dataclass
class _Line:
    index: int
    kind: str
    text: str
    removed: str | None = None  # rule name once removed


# --- whole-line rules --------------------------------------------------------------------------------
_LINK_PROMPT = re.compile(
    r"^(?:see also|read more|read also|also read|related(?: stories| articles| coverage| content)?|more on this"
    r"(?: story)?|recommended(?: reading)?|further reading|more from \w+|must read|don'?t miss|watch|listen"
    r"|continue reading|click here to read)\b\s*(?:[:|>»\-–—]|$)",
    re.I,
)
# A count of comments, or the word alone ("12 Comments", "Comments (3)").
_COMMENT_COUNT = r"(?:\d+\s+)?comments?(?:\s*\(\d+\))?$"
_COMMENT = re.compile(
    r"^" + _COMMENT_COUNT +
    r"|^(?:post|leave|add|write|view|show|load|read|see)\s+(?:a|the|all|our|\d+)?\s*comments?\b.{0,20}$"
    r"|^join the (?:conversation|discussion)\b.{0,40}$"
    r"|^comments? (?:are|is) (?:closed|disabled)\b.{0,40}$"
    r"|^be the first to comment\b.{0,20}$"
    r"|^(?:you must be )?log(?:ged)? in to (?:post a )?comment\b.{0,20}$"
    r"|^comments? (?:are|is) not (?:pre-?screened|moderated|reviewed)\b.{0,60}$"
    r"|^(?:by posting|you agree that (?:anything|what) you post)\b.{0,250}$",
    re.I,
)
_NEWSLETTER_VERB = re.compile(r"^(?:sign up|subscribe|get|join|follow|download|click|never miss|enter|want|"
                              r"stay (?:informed|up to date)|don'?t miss)\b", re.I)
_NEWSLETTER_WORD = re.compile(r"\b(?:newsletters?|subscribe|subscription|sign up|inbox|mailing list|"
                              r"follow us|our app)\b", re.I)
_ADVERT = re.compile(r"^(?:advertisement|advertising|sponsored(?: content)?|skip advertisement|ad|"
                     r"story continues (?:below|after (?:the )?advertisement)|scroll to continue.{0,20})$", re.I)
# The buttons of a share bar, in English and in the other languages newsweave reads (de, fr, es, it, ru, uk,
# tr, pl): a line that is only one of them is furniture, and so is a run of three or more inside a line
# ("Teilen Teilen Weiterleiten Tweeten Drucken" where a page's buttons were flattened into its text).
_SHARE_WORDS = ("share|tweet|email|e-mail|print|teilen|weiterleiten|tweeten|twittern|drucken|partager|imprimer|"
                "envoyer|compartir|imprimir|enviar|condividi|stampa|invia|поделиться|распечатать|печать|"
                "поділитися|друк|paylaş|yazdır|gönder|udostępnij|drukuj|wyślij")
_SHARE = re.compile(r"^(?:" + _SHARE_WORDS + r"|copy link|get link|link kopieren|copier le lien|copiar (?:el )?"
                    r"enlace|share (?:this|on \w+|via \w+)(?: article| story| page)?)\s*:?$", re.I)
_SHARE_RUN = re.compile(r"(?<!\w)(?:(?:" + _SHARE_WORDS + r")\s+){2,}(?:" + _SHARE_WORDS + r")(?!\w)", re.I)


# An item of an embedded social feed, flattened into the page: its link, time, date and buttons ("ly/U6vgfT 6:30
# pm ET February 11, 2013 RETWEET ..."). The date is when the feed was crawled, not anything the article says.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_FEED_BUTTONS = ("RETWEET", "REPLY", "FAVORITE", "LIKE")
_FEED_ITEM = re.compile(r"\b\d{1,2}:\d{2}\s*[ap]\.?m\.?\s+[A-Z]{2,4}\s+" + _MONTH +
                        r"\s+\d{1,2},?\s+\d{4}\s+(?:" + "|".join(_FEED_BUTTONS) + r")\b")


# A site's legal notice: its copyright line ("Copyright 2017 The Associated Press. All rights reserved. This material
# may not be published ...", "\u00a9 2024 Example Media") or a licence or registration number shown on every page
# ("License for publishing multimedia online 0108263", "Registration Number: 130349", "ICP No. 12345678"). A line
# of prose about copyright neither opens with the mark nor says "all rights reserved"; a notice is short: at most
# LEGAL_MAX_WORDS (the longest of the 11 notices in ../shared/eval/stories' 180 pages has 58 words, a site's terms of
# republishing after its copyright), a number's line at most HEADING_MAX_WORDS.
_COPYRIGHT = re.compile(r"^(?:\u00a9|\(c\)\s*(?:\d|copyright\b)|copyright\s*(?:\u00a9|\(c\)|\d{4}))"
                        r"|\ball rights reserved\b", re.I)
_REGISTRATION = re.compile(r"^(?:\D{0,60}?\b(?:licen[cs]e|registration|icp)\b\D{0,60}\d{5,}\W*)+$", re.I)
LEGAL_MAX_WORDS = 80


def _legal(line: _Line) -> bool:
    text = line.text.strip(" -\u2022*")
    n = _words(text)
    return n <= LEGAL_MAX_WORDS and bool(_COPYRIGHT.search(text)) \
        or n <= HEADING_MAX_WORDS and bool(_REGISTRATION.match(text))


def _link_prompt(line: _Line) -> bool:
    return bool(_LINK_PROMPT.match(line.text)) and _words(line.text) <= LINK_LINE_MAX_WORDS


def _comment_prompt(line: _Line) -> bool:
    return bool(_COMMENT.match(line.text.strip(" -•*")))


def _newsletter(line: _Line) -> bool:
    t = line.text.strip(" -•*")
    return _words(t) <= LINK_LINE_MAX_WORDS and bool(_NEWSLETTER_VERB.match(t)) and bool(_NEWSLETTER_WORD.search(t))


def _advert(line: _Line) -> bool:
    return bool(_ADVERT.match(line.text.strip(" -•*")))


def _share(line: _Line) -> bool:
    return bool(_SHARE.match(line.text.strip(" -•*")))


def _feed_item(line: _Line) -> bool:
    text = line.text  # (the pattern is tried only where a time and one of its button words could be)
    return ":" in text and any(b in text for b in _FEED_BUTTONS) and bool(_FEED_ITEM.search(text))


LINE_RULES: list[tuple[str, Callable[[_Line], bool]]] = [
    ("see_also", _link_prompt),
    ("comment_prompt", _comment_prompt),
    ("newsletter", _newsletter),
    ("advert", _advert),
    ("share_widget", _share),
    ("social_feed", _feed_item),
    ("legal_notice", _legal),
]

# --- fragment rules: page furniture at the end of a line that also holds real text --------------------
# "— Name (@handle) September 12, 2025": the credit line an embedded post leaves in copied text.
_EMBED_CREDIT = re.compile(
    r"(?:\s*pic\.twitter\.com/\w+)?\s*[—–]\s*[^\n()—–]{1,80}?\s*\(@\w{1,30}\)\s*(?:on\s+)?"
    + _MONTH + r"\s+\d{1,2},?\s+\d{4}\s*$"
)
_EMBED_LINK = re.compile(r"\s*\bpic\.twitter\.com/\w+")
_POST_SHARED = re.compile(r"^A (?:post|photo|video) shared by .{1,80}\(@[\w.]{1,30}\)", re.I)


_SHARE_FORMS = frozenset(fold_case(w) for w in _SHARE_WORDS.split("|"))


def _share_words(text: str) -> bool:
    """Could the line hold a run of share buttons? (A quick test before the pattern, which is slow to try at every
    position of every line.) A run of three or more has a middle word with spaces on both sides, so one of the
    line's space-separated words must be a share word."""
    return not _SHARE_FORMS.isdisjoint(fold_case(text).split())


# Each with a quick test a line must pass before its pattern is searched (a word or literal every match holds).
FRAGMENT_RULES: list[tuple[str, re.Pattern, Callable[[str], bool]]] = [
    ("share_widget", _SHARE_RUN, _share_words),
    ("embed_credit", _EMBED_CREDIT, lambda text: "(@" in text),
    ("embed_link", _EMBED_LINK, lambda text: "pic.twitter.com" in text),
    ("embed_credit", _POST_SHARED, lambda text: "shared by" in text.lower()),
]


def clean(lines: list[tuple[str, str]]) -> tuple[list[tuple[BlockKind, str]], list[RemovedLine]]:
    """Remove furniture from ``(kind, text)`` lines. Returns kept ``(kind, text)`` blocks and what was removed.

    Kinds in: ``line`` (unclassified), ``heading`` (known from markup) or ``body``. Kinds out: ``heading``
    or ``body``. Blank lines separate nothing here: every non-blank line is a block of its own.
    """
    work = [_Line(i, k, t.strip()) for i, (k, t) in enumerate(lines) if t.strip()]
    removed: list[RemovedLine] = []
    for line in work:
        _strip_fragments(line, removed)
        if line.removed or line.kind == "heading":
            continue
        for name, rule in LINE_RULES:
            if rule(line):
                line.removed = name
                break
    _widget_runs([x for x in work if not x.removed])
    _comment_thread([x for x in work if not x.removed])
    removed.extend(RemovedLine(x.text, x.removed, x.index) for x in work if x.removed and x.removed != "fragment")
    removed.sort(key=lambda r: r.line)
    kept = [x for x in work if not x.removed]
    _mark_headings(kept)
    return [("heading" if x.kind == "heading" else "body", x.text) for x in kept], removed


# A line that opens a page's comment thread ("We welcome comments that advance the story ...", "Views expressed in
# the comments do not represent those of ...", "Comments are moderated", "Reader comments"): it and every line
# after it are readers' words, not the report's; taken so only after THREAD_AFTER_PARAGRAPHS paragraphs of the
# report (of at least THREAD_PARAGRAPH_WORDS words), so that a comment count above the report cuts nothing.
_THREAD_START = re.compile(
    r"^(?:we (?:welcome|encourage|invite) (?:your )?comments\b|views expressed in (?:the |these )?comments\b"
    r"|comments? (?:are|is) (?:moderated|pre-?moderated|reviewed)\b|reader(?:s'|s)? comments\b"
    r"|" + _COMMENT_COUNT + ")", re.I)
THREAD_AFTER_PARAGRAPHS = 3
THREAD_PARAGRAPH_WORDS = 10
# A comment's own byline, which no report holds: a blog's comment stamp opening a line ("February 3, 2011 at 6:19 pm
# | Not gonna happen."), or a reader's name with "Report abuse" after the comment's words ("... Posted by: name |
# April 30, 2010 12:27 PM | Report abuse", "Posted by name | Report as abusive"). It opens the thread after one
# paragraph of the report: the comments of Timeline17's CNN live blogs and Washington Post and Reuters blogs (31,
# 36 and 19 texts) start within the first tenth of some of them.
_COMMENT_BYLINE = re.compile(
    r"^(?:" + "|".join(m.capitalize() for m in FULL_MONTHS) + r")\s+\d{1,2},\s+\d{4}\s+at\s+\d{1,2}:\d\d\s*"
    r"[ap]\.?m\.?\s*\|"
    r"|\bPosted\s+by:?\s+[^|\n]{1,60}\|\s*(?:[A-Z][a-z]+\s+\d{1,2},\s+\d{4}\s+\d{1,2}:\d\d\s*[AP]M\s*\|\s*)?"
    r"Report\s+(?:abuse|as\s+abusive)\b", re.I)
BYLINE_AFTER_PARAGRAPHS = 1


def _comment_thread(lines: list[_Line]) -> None:
    """Remove a comment thread: from a line that opens one to the end (:data:`_THREAD_START`,
    :data:`_COMMENT_BYLINE`)."""
    paragraphs = 0
    for n, line in enumerate(lines):
        text = line.text.strip(" -•*")
        if paragraphs >= THREAD_AFTER_PARAGRAPHS and _THREAD_START.match(text) \
                or paragraphs >= BYLINE_AFTER_PARAGRAPHS and _COMMENT_BYLINE.search(text):
            for rest in lines[n:]:
                rest.removed = "comment_thread"
            return
        paragraphs += _words(line.text) >= THREAD_PARAGRAPH_WORDS


def _strip_fragments(line: _Line, removed: list[RemovedLine]) -> None:
    for name, pattern, may_hold in FRAGMENT_RULES:
        m = pattern.search(line.text) if may_hold(line.text) else None
        if not m:
            continue
        removed.append(RemovedLine(m.group(0).strip(), name, line.index))
        line.text = (line.text[: m.start()].rstrip() + " " + line.text[m.end():].lstrip()).strip()
        if not line.text:
            line.removed = "fragment"  # recorded above with the rule that removed it
            return


def _widget_runs(lines: list[_Line]) -> None:
    """Mark runs of very short lines without sentence punctuation (share bars, app links) as widgets.

    A run right after a line ending with a colon is a list the text introduces, and is kept.
    """
    run: list[_Line] = []

    def close(prev: _Line | None) -> None:
        if len(run) >= WIDGET_MIN_RUN and not (prev and prev.text.endswith(":")):
            for x in run:
                x.removed = "share_widget"
        run.clear()

    prev: _Line | None = None
    before_run: _Line | None = None
    for line in lines:
        if line.kind != "heading" and _is_widget(line.text):
            if not run:
                before_run = prev
            run.append(line)
        else:
            close(before_run)
        prev = line
    close(before_run)


def _is_widget(text: str) -> bool:
    t = text.lstrip("-•*· ").strip()
    return 0 < _words(t) <= WIDGET_MAX_WORDS and t[-1] not in '.!?:;,"”’' and not t[0].isdigit()


def _mark_headings(lines: list[_Line]) -> None:
    """Mark short lines with no closing punctuation that are followed by body text as headings."""
    next_is_text = False
    for line in reversed(lines):
        if line.kind == "line":
            line.kind = "heading" if next_is_text and _heading_shape(line.text) else "body"
        # a heading may stand over a sub-heading, which itself stands over body text
        next_is_text = line.kind == "body" and _words(line.text) > 3 or (line.kind == "heading" and next_is_text)


def _heading_shape(text: str) -> bool:
    return (
        _words(text) <= HEADING_MAX_WORDS
        and text[-1] not in ".,;:!\"'”’)]"
        and text[0].isalnum()
        and not re.search(r"[,.]\s*[\"”’]", text)  # a closed quote with attribution is prose
    )


def _words(text: str) -> int:
    return len(text.split())
