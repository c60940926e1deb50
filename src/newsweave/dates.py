"""Date: an article's publication date, exact or estimated from cues, and the dates its text refers to.

Order of evidence: reader metadata (HTML meta tags, feed item dates, JSONL/sidecar fields) > a header line
> a dateline or "Published ..." line in the text > an estimate from cues in the text.

An estimate is a set of date intervals narrowed by constraints, each found by a general rule and reported
in words:

* titles of office: "President-elect X" (between X's election and inauguration), "President X" (during a
  term of X), from the terms of office in ``data/knowledge.json``;
* durations of known wars and crises: "three-and-a-half-year-long conflict" in an article about Ukraine;
* explicit dates: a past reference ("in June 2024") is a lower bound, a future one ("will end in 2025")
  an upper bound; a note the page gained after publication ("This article was amended on 19 May 2010", "A
  version appeared in print on ...") an upper bound; the time stamp of a comment or of a post the page lists
  ("Posted by: name | June 2, 2010 4:36 PM") no bound (comments come later, listed posts either side);
* months of the current year: "earlier this year, starting in May" (on or after May of that year);
* calendar cues: "end-of-year press conference earlier this month" (a December article).

Firm constraints are applied first; soft ones (journalistic habits: a year is written out only when it is
not the current one; dated references are mostly recent) only when they agree with the firm ones.
Relative references in the text ("on Friday", "last week", "in May") are resolved against the publication
date or range and kept per sentence for the timeline; those of eight other languages are found by
:mod:`newsweave.foreign_times`.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from . import foreign_times
from .foreign_times import FOLDED_FOREIGN_MONTHS, FOREIGN_MONTHS, FOREIGN_MONTHS_WITH_YEAR
from .lexicon import WEEKDAYS
from .model import DateEstimate, RemovedLine, TimeExpression
from .normalize import fold_case
from .settings import CONFIDENCE_EXACT, CONFIDENCE_FIRM, CONFIDENCE_SOFT

Interval = tuple[dt.date, dt.date]


def _from_word_start(pattern: str) -> str:
    """``pattern`` behind a test that each of its matches passes anyway (it starts where a word starts): Python's
    engine then passes over a position inside a word or between words at once, instead of trying every
    alternative there. The same matches, 1.3-1.6x faster on news (checked on the 82,349 sentences of 4,156 texts
    of ../shared/eval for each pattern that takes it)."""
    return r"\b(?=\w)(?:" + pattern + ")"


FLOOR = dt.date(1900, 1, 1)
# Earliest publication date accepted from metadata, a header or a dateline: news archives digitised from print
# reach back to the 18th century (the Times Digital Archive starts in 1785), so 1800 keeps those and refuses
# sentinel and mistyped years (0001-01-01, 0202-05-01) that would be taken as real dates.
EARLIEST_PLAUSIBLE = dt.date(1800, 1, 1)

_MONTH_NAMES = [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
                ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
                ("november", "nov"), ("december", "dec")]
MONTHS = {m: i for i, ms in enumerate(_MONTH_NAMES, 1) for m in ms}
FULL_MONTHS = [ms[0] for ms in _MONTH_NAMES]  # "january" ... "december"
_MONTH_ABBREVIATIONS = [m for ms in _MONTH_NAMES for m in ms[1:]]  # "jan" ... "dec"
_MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
             r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
_FULL_MONTH_RE = "(?:" + "|".join(m.capitalize() for m in FULL_MONTHS) + ")"
_NUM_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUM_RE = r"(?:\d{1,2}|" + "|".join(_NUM_WORDS) + r")"

_FUTURE = re.compile(r"\b(?:will|won't|shall|'ll|is (?:due|set|scheduled|expected|slated|to)|are (?:due|set|"
                     r"scheduled|expected|slated|to)|upcoming|next|plans? to|planned|aims? to|ahead of|by|until"
                     r"|before|would)\b", re.I)
_DEADLINE_WORDS = ("by", "until", "before")
_DEADLINE = re.compile(r"\b(?:" + "|".join(_DEADLINE_WORDS) + r")(?:\s+(?:early|late|mid|the end of))?\s*$", re.I)
# A weekday right after "for" is the day something is planned for ("organizing a march for Tuesday"), not the day
# of a deed ("arrested for Tuesday's attack" is possessive, and stays past).
_PLANNED_FOR = re.compile(r"\bfor\s*$", re.I)
# A verb of saying in the past right before a day: the day it was said ("officials said Monday", "a spokesman
# would not comment Friday night": declined to, which is past).
_SAID = re.compile(r"\b(?:said|told|announced|confirmed|reported|added|wrote|declared|would(?:\s+not|n't)\s+(?:comment|"
                   r"say|confirm|elaborate|discuss|disclose|specify))\s*(?:on\s*)?$", re.I)
# Lead allowed before a date the text mentions without words of the past or future around it (a day; a month or
# season; a year), since "on May 8" is often a meeting ahead and "in 2014" a plan:
# set by benchmarks/dates.py on PolNeAR, the stories dev part and Timeline17 (see docs/benchmarks.md).
PAST_REFERENCE_LEAD_DAYS = (14, 730, 1461)
# Words just before a date that make it a note the page gained after it was first published: the article is
# that old or older. (benchmarks/dates.py: Guardian correction notes dated a week after the report were read as
# past references and excluded the true date.)
_LATER_NOTE = re.compile(
    r"(?:\b(?:article|story|report|post|piece|page|caption|headline|this)\s+(?:was|has\s+been)\s+"
    r"(?:amended|corrected|updated|edited|changed)|^\W*(?:last\s+)?(?:updated|amended|corrected)\b:?"
    r"|\bcorrections?\s+(?:and\s+clarifications\s+)?column\b[^.]{0,20}"
    r"|\ba\s+version\s+(?:of\s+this\s+\w+\s+)?appeared\b[^.]{0,60}?)\s*(?:on|at)?\s*"
    r"(?:\d{1,2}[.:]\d{2}\s*\w{0,4}\s+(?:on\s+)?)?(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s*)?$", re.I)
# A byline of a comment or of a listed post: "Posted by: name | ", "Posted by name, on ".
_POSTED_BY = re.compile(r"\b[Pp]osted\s+by(?::\s*[^|\n]{1,60}\|\s*"
                        r"|\s+(?:[\"“”]?[A-Z][\w'’.-]*[\"“”]?\s*){1,6},?\s*on\s+)$")
# A reader's comment under its time and name: "At 11:12 am on 28 May 2010, James wrote: Think ..." (312 in
# Timeline17's pages of comments).
_WROTE = re.compile(r",?\s*[^\s,:]{1,40}(?:\s[^\s,:]{1,40}){0,2}\s+wrote:")
# A sentence ends at . ! or ? before a capital (of the Latin or Cyrillic alphabets: "... міністрами. Вчора ..."), but
# not in a German date ("am 3. Mai 2021": a day's ordinal dot), after a month's abbreviation ("Aug. 11") nor in a
# time of day ("at 3 p.m. Monday", "5:41 p.m. ET"). Every
# split starts at a space or a line break, which the pattern takes first (the look-behinds then see it): the engine
# passes over every other character at once.
_CAPITALS = "A-ZÀ-ÖØ-ÞĄĆĘŁŃŚŹŻČŠŽŘĚŮĞİŞŐŰĂȘȚА-ЯЁІЇЄҐ"
_SENT_SPLIT = re.compile(r"\s(?:(?:(?<=[.!?]\s)|(?<=[.!?][\"”’»]\s))(?!(?<=\d\.\s)\s*(?:Januar|Jänner|Februar|"
                         r"März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b)"
                         r"(?!(?:" + "|".join(rf"(?<=\b{m.capitalize()}\.\s)" for m in _MONTH_ABBREVIATIONS)
                         + r")\d)"
                         r"(?!(?<=[ap]\.m\.\s)\s*(?:" + "|".join(w.capitalize() for w in WEEKDAYS)
                         + r"|ET|EST|EDT|CT|CST|CDT|PT|PST|PDT|GMT|BST|UTC)\b)"
                         rf"\s*(?=[\"“‘«„]?[{_CAPITALS}0-9])|(?<=\n)\n*)")


@dataclass(frozen=True)
class Cue:
    """One constraint on the publication date, with the words it rests on."""

    text: str
    intervals: tuple[Interval, ...]
    explain: str
    firm: bool = True


# --- knowledge ---------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def knowledge() -> dict:
    """The dated general knowledge shipped in ``data/knowledge.json`` (offices, wars, calendar words)."""
    return json.loads(resources.files("newsweave").joinpath("data/knowledge.json").read_text("utf-8"))


def _d(text: str | None, default: dt.date) -> dt.date:
    return dt.date.fromisoformat(text) if text else default


@lru_cache(maxsize=1)
def _office_surnames() -> tuple[str, ...]:
    """The surnames of the office-holders the knowledge base knows, as written (every title cue names one)."""
    return tuple(sorted({s for o in knowledge()["offices"] for s in o["surnames"]}))


@lru_cache(maxsize=1)
def _office_regex() -> tuple[re.Pattern, dict]:
    k = knowledge()
    titles = sorted({t for o in k["offices"] for t in o["titles"]}, key=len, reverse=True)
    surnames = sorted(_office_surnames(), key=len, reverse=True)
    countries = sorted({c for o in k["offices"] for c in o["country"]}, key=len, reverse=True)
    index: dict[tuple[str, str], list[dict]] = {}
    for o in k["offices"]:
        for t in o["titles"]:
            for s in o["surnames"]:
                index.setdefault((fold_case(t), fold_case(s)), []).append(o)
    pattern = re.compile(
        r"(?P<pre>\b(?i:former|ex-|late|then-|then|outgoing|incoming|acting|interim|vice-|vice)\s*)?"
        r"\b(?:(?P<country>" + "|".join(map(re.escape, countries)) + r")\s+)?"
        r"(?P<title>" + "|".join(map(re.escape, titles)) + r")(?P<elect>-elect)?\s+"
        r"(?P<given>(?:[A-Z][\w'.-]*\s+){0,3}?)(?P<surname>" + "|".join(map(re.escape, surnames)) + r")\b"
    )
    return pattern, index


# --- interval arithmetic -------------------------------------------------------------------------------
def intersect(a: list[Interval], b: tuple[Interval, ...] | list[Interval]) -> list[Interval]:
    """Intersection of two sorted interval lists (inclusive bounds)."""
    out = []
    for s1, e1 in a:
        for s2, e2 in b:
            s, e = max(s1, s2), min(e1, e2)
            if s <= e:
                out.append((s, e))
    return sorted(out)


def _add_years(d: dt.date, years: float) -> dt.date:
    return d + dt.timedelta(days=round(years * 365.25))


def _period(year: int, month: int | None = None, day: int | None = None) -> Interval | None:
    try:
        if day:
            d = dt.date(year, month or 1, day)
            return d, d
        if month:
            nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
            return dt.date(year, month, 1), nxt - dt.timedelta(days=1)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None


# --- cues ----------------------------------------------------------------------------------------------
_EXPLICIT = re.compile(_from_word_start(
    r"\b(?:(?P<m1>" + _MONTH_RE + r")\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>(?:19|20)\d\d)"
    r"|(?P<d2>\d{1,2})(?:(?:st|nd|rd|th)(?:\s+of)?)?\s+(?P<m2>" + _MONTH_RE + r"),?\s+(?P<y2>(?:19|20)\d\d)"
    r"|(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)"
    r"|(?P<m3>" + _FULL_MONTH_RE + r"|Sept\.?)\s+(?:of\s+)?(?P<y3>(?:19|20)\d\d)"
    r"|(?P<season>spring|summer|fall|autumn|winter)\s+of\s+(?P<y4>(?:19|20)\d\d)"
    r"|(?P<prep>(?i:in|since|from|during|throughout|until|by|before|after|of|early|late|mid-?|end of|beginning of"
    r"|start of))\s+(?P<y5>(?:19|20)\d\d))\b(?![-,]\d)"
))
_FOREIGN_EXPLICIT = re.compile(_from_word_start(
    r"\b(?P<d>\d{1,2})(?:\.|er|º)?\s+(?:de\s+)?(?P<m>" + "|".join(sorted(FOREIGN_MONTHS, key=len, reverse=True))
    + r")\.?,?\s+(?:de\s+|del\s+)?(?P<y>(?:19|20)\d\d)(?!\d)"
    r"|\b(?P<nd>\d{1,2})\.(?P<nm>\d{1,2})\.(?P<ny>(?:19|20)\d\d)(?!\d)"
    r"|(?<!\w)(?P<om>" + "|".join(sorted(FOREIGN_MONTHS_WITH_YEAR, key=len, reverse=True))
    + r"|(?<=en\s)mars|mayo(?=\s+del?\s))\s+(?:de\s+|del\s+)?(?P<oy>(?:19|20)\d\d)(?!\d)"), re.I)
# The months of a month and a year, keyed as FOLDED_FOREIGN_MONTHS (foreign_times) keys those of a full date.
_FOLDED_WITH_YEAR = {fold_case(name): month for name, month in FOREIGN_MONTHS_WITH_YEAR.items()}


# "until" before a date in those languages (de, fr, es, it, ru/uk, pl): a deadline, maybe still ahead, so no
# bound, as with the English "until", "by", "before".
_FOREIGN_UNTIL = re.compile(r"(?:\bbis(?:\s+(?:zum|spätestens))?|\bjusqu['’]\s*(?:au|à|a)|\bhasta(?:\s+el)?|"
                            r"\bfino\s+al|(?<!\w)до|\bdo)\s+$", re.I)


def _until(sentence: str, m: re.Match) -> bool:
    return m.re is _FOREIGN_EXPLICIT and bool(_FOREIGN_UNTIL.search(sentence[max(0, m.start() - 30):m.start()]))


def _foreign_interval(m: re.Match) -> Interval | None:
    if m.group("y"):
        return _period(int(m.group("y")), FOLDED_FOREIGN_MONTHS[fold_case(m.group("m"))], int(m.group("d")))
    if m.group("om"):  # a month of a year
        return _period(int(m.group("oy")), _FOLDED_WITH_YEAR.get(fold_case(m.group("om")))
                       or FOLDED_FOREIGN_MONTHS[fold_case(m.group("om"))])
    return _period(int(m.group("ny")), int(m.group("nm")), int(m.group("nd")))


# Every explicit date, English or not, has a year of four digits: a sentence without one is not scanned (most
# sentences; the month-name alternations are the slow part of the date stage).
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")


def explicit_dates(sentence: str) -> list[tuple[re.Match, Interval]]:
    """The dates and periods a sentence names outright, in English or day first in another language, each
    with its interval, in order."""
    if not _ANY_YEAR.search(sentence):
        return []
    english = [(m, _explicit_interval(m)) for m in _EXPLICIT.finditer(sentence)]
    foreign = [(m, _foreign_interval(m)) for m in _FOREIGN_EXPLICIT.finditer(sentence)] \
        if _may_hold_foreign_date(sentence) else []
    # Where the two readings overlap the longer wins ("19. April 2020" over "April 2020"), English on a tie
    kept = [(m, p) for m, p in english if not any(_covers(f, m) for f, _ in foreign)]
    kept += [(f, p) for f, p in foreign if not any(m.start() < f.end() and f.start() < m.end() and not _covers(f, m)
                                                   for m, _ in english)]
    return sorted(((m, p) for m, p in kept if p), key=lambda mp: mp[0].start())


# Every date _FOREIGN_EXPLICIT reads ends in a year that follows a dot ("12.03.2022") or spaces after one of these
# words (optionally "de"/"del" between, and a dot or a comma after the word), the word after a space or at least not
# inside a word: the word before each year is looked at instead of searching the sentence with that pattern (3x as
# slow as the English one, and most sentences with a year are English).
_FOREIGN_MONTH_FORMS = FOLDED_FOREIGN_MONTHS.keys() | _FOLDED_WITH_YEAR.keys()  # "mars", "mayo" among them
_LAST_WORD = re.compile(r"\w+$")
# How much of the text before a year holds that word ("października de " at most, with room for spaces): reading only
# this much keeps a sentence of many years linear (the whole text before each year was read: a 240 kB line of dates
# took a minute).
_BEFORE_YEAR_CHARS = 60


def _may_hold_foreign_date(sentence: str) -> bool:
    """Could ``_FOREIGN_EXPLICIT`` match in ``sentence``? (A necessary condition.)"""
    for year in _ANY_YEAR.finditer(sentence):
        before = sentence[max(0, year.start() - _BEFORE_YEAR_CHARS):year.start()]
        if before.endswith("."):
            return True
        if not before[-1:].isspace():
            continue
        heads = [before.rstrip()]
        rest = heads[0].rsplit(maxsplit=1)
        if len(rest) == 2 and fold_case(rest[1]) in ("de", "del"):
            heads.append(rest[0])
        for head in heads:
            head = head.removesuffix(",").removesuffix(".")
            word = _LAST_WORD.search(head)
            if word and fold_case(word.group()) in _FOREIGN_MONTH_FORMS:
                return True
    return False


def _covers(a: re.Match, b: re.Match) -> bool:
    """Whether match ``a`` holds ``b`` and is longer."""
    return a.start() <= b.start() and b.end() <= a.end() and a.end() - a.start() > b.end() - b.start()


_SEASONS = {"spring": (3, 5), "summer": (6, 8), "fall": (9, 11), "autumn": (9, 11), "winter": (12, 14)}


def _explicit_interval(m: re.Match) -> Interval | None:
    g = m.groupdict()
    if g["y1"] or g["y2"]:
        month = MONTHS.get(fold_case(g["m1"] or g["m2"]).rstrip("."))
        return _period(int(g["y1"] or g["y2"]), month, int(g["d1"] or g["d2"]))
    if g["iso"]:
        y, mo, d = map(int, g["iso"].split("-"))
        return _period(y, mo, d)
    if g["y3"]:
        return _period(int(g["y3"]), MONTHS.get(fold_case(g["m3"]).rstrip(".")))
    if g["y4"]:
        first, last = _SEASONS[fold_case(g["season"])]
        year = int(g["y4"])
        start = _period(year, first)
        end = _period(year + (last > 12), (last - 1) % 12 + 1)
        return (start[0], end[1]) if start and end else None
    return _period(int(g["y5"]))


_PAST = re.compile(r"\b(?:was|were|had|did|took|began|came|went|saw|told|won|lost|fell|rose|held|left|met|since|"
                   r"last)\b|\b(?!(?:expect|schedul|plann|slat|project|predict|estimat|need|requir|propos|aim|target|"
                   r"intend|extend|delay|postpon|push|set|mov|fix|plac|lock|design|commit|offer)ed\b)\w{3,}ed\b", re.I)


# The words read around a date ("had ..."; "will ...") are looked for within this many characters of it: a few
# words, never the whole sentence, which a text without full stops makes as long as the text (read once for each
# of its dates, that was quadratic: a 1 MB line of dates took minutes).
AROUND_CHARS = 400


def _words_before(sentence: str, start: int, n: int) -> list[str]:
    """The last ``n`` words of ``sentence`` before offset ``start`` (read within AROUND_CHARS of it)."""
    return sentence[max(0, start - AROUND_CHARS):start].split()[-n:]


def _words_after(sentence: str, end: int, n: int) -> list[str]:
    """The first ``n`` words of ``sentence`` after offset ``end`` (read within AROUND_CHARS of it)."""
    return sentence[end:end + AROUND_CHARS].split()[:n]


def _is_past(sentence: str, start: int, end: int) -> bool:
    """Do the words just around a date say it is past ("opened in March 2023", "In May 2024, it had ...")?"""
    return bool(_PAST.search(" ".join(_words_before(sentence, start, 3) + _words_after(sentence, end, 3))))


def _page_stamp(text: str, at: int, m: re.Match) -> str | None:
    """Is the date ``m`` (in the sentence at ``at`` of ``text``) a stamp of the page rather than of the news:
    "note" for a later note (an amendment, a print edition), "posted" for a comment's or listed post's time?"""
    start = at + m.start()
    if _LATER_NOTE.search(m.string[max(0, m.start() - 120):m.start()]):
        return "note"
    if _WROTE.match(text, at + m.end()):
        return "posted"
    return "posted" if _POSTED_BY.search(text[max(0, start - 100):start]) else None  # across "Willis E. Elliott"


def _is_future(sentence: str, start: int, deadline_anywhere: bool = True, weekday: bool = False,
               end: int | None = None) -> bool:
    """Whether the words before ``start`` say a date is ahead in time. "by", "until" and "before" count anywhere
    among them for a bound on the publication date (where a wrong "ahead" only costs a bound), but only right before
    the date (:data:`_DEADLINE`) for a day the text names ("arrested by police on Wednesday" is the last Wednesday),
    and not when the words after the date (it ends at ``end``) say something was done by then. For a ``weekday``, a
    word of the future further back counts too (:func:`_future_further`)."""
    window = " ".join(_words_before(sentence, start, 8))
    if deadline_anywhere:
        return bool(_FUTURE.search(window))
    if _SAID.search(window):
        return False  # "the minister said Tuesday" of a plan "next week": the saying is past
    if any(m.group(0).lower() not in _DEADLINE_WORDS for m in _FUTURE.finditer(window)):
        return True
    if _DEADLINE.search(window):  # "by late Thursday", unless done by then (:func:`_done_by`, ``end``: the day's end;
        # a weekday only: "documents by June 3 into what was described as ..." read as past would be a year back)
        return end is None or not weekday or not _done_by(sentence, start, end)
    return weekday and _future_further(_words_before(sentence, start, FUTURE_REACH))


# A word of the future further back than the eight words read first still puts the day ahead when no word of the
# past or of saying comes between: "will be grilled about the disaster in the US on Thursday", "would attempt a
# 'dynamic kill' of the oil well Saturday", "will take up the topic at a two-day meeting beginning Tuesday".
# FUTURE_REACH words are read back from the day. Set by reading the weekdays of Timeline17's texts that HeidelTime
# read as ahead and we as a week back (29, of 2,716 read back; 14 after, each read again: docs/benchmarks.md).
FUTURE_REACH = 16
_FAR_FUTURE = re.compile(r"(?:will|would|shall|won't|\w+'ll)", re.I)
_FAR_STOP = re.compile(r"(?:said|says|say|told|tells|announced|reported|sent|made|gave|got|brought|bought|sold|paid|"
                       r"spent|struck|caught|led|built|kept|found|heard|ran|drove|flew|shot|thought|stood|hit)", re.I)
_BE = frozenset({"be", "been", "being", "have"})  # "will be grilled", "will have drilled": no past
_EDGE_PUNCTUATION = "\"'\u2018\u2019\u201c\u201d()[],;:"


def _future_further(words: list[str]) -> bool:
    """Whether ``words`` (those before a day, in order), read back from the day, reach a word of the future before
    any of the past (a participle after "be" or "have" is not one: "will be grilled"), of saying, or a comma or a
    colon."""
    for i in range(len(words) - 1, -1, -1):
        w = words[i].strip(_EDGE_PUNCTUATION)
        if _FAR_FUTURE.fullmatch(w):
            return True
        if words[i].endswith((",", ";", ":")) or ((_PAST.fullmatch(w) or _FAR_STOP.fullmatch(w)) and not (
                i and words[i - 1].strip(_EDGE_PUNCTUATION).lower() in _BE)):
            return False
    return False


# A clause that opens on its day and goes on in the future ("On Monday, a curfew will start an hour earlier",
# "Tuesday's march is expected to draw millions"): the day is ahead. Words of the past, or of saying, before the
# future's ("On Monday, BP said it will ...") leave it the last such day.
_FUTURE_AFTER = re.compile(r"\b(?:will|won't|shall|(?:is|are) (?:due|set|scheduled|expected|slated) to)\b|'ll\b", re.I)
_SAYING = re.compile(r"\b(?:said|says|say|told|tells|announced|announces)\b", re.I)


def _ahead_after(sentence: str, start: int, end: int) -> bool:
    """Whether a day that opens its sentence (a preposition at most before it) is said after it to be ahead."""
    if len(_words_before(sentence, start, 2)) > 1:
        return False
    after = " ".join(_words_after(sentence, end, 8))
    m = _FUTURE_AFTER.search(after)
    return m is not None and not _SAYING.search(after, 0, m.start()) and not any(
        not _ADJECTIVE_BEFORE.search(after, 0, past.start()) for past in _PAST.finditer(after, 0, m.start()))


# Before a word in -ed, what makes it an adjective rather than a verb of the past: "a state-imposed curfew", "the
# embattled president".
_ADJECTIVE_BEFORE = re.compile(r"(?:-|\b(?:a|an|the)\s+)$", re.I)


@lru_cache(maxsize=2)
def sentences(text: str) -> tuple[tuple[int, str], ...]:
    """(offset, sentence) of each sentence of ``text``, split by punctuation and line breaks (a quick split,
    offsets shared with the time expressions :func:`resolve_times` finds). Kept for the last two texts only:
    the date stage reads an undated text's sentences twice (cues, then time expressions)."""
    out, pos = [], 0
    for part in _SENT_SPLIT.split(text):
        idx = text.find(part, pos)
        if part.strip():
            out.append((idx, part))
        pos = idx + len(part)
    return tuple(out)


def find_cues(text: str, today: dt.date) -> list[Cue]:
    """All constraints on the publication date that the text supports."""
    cues: list[Cue] = []
    # Words each kind of cue needs, looked for once in the whole text: a sentence is searched for a kind of cue
    # only when the text has them (most texts name no office-holder of the knowledge base, "this year" or
    # "this month").
    low = text.lower()
    holders = [s for s in _office_surnames() if s in text]
    this_year = "this year" in low
    this_month = "this month" in low or "last month" in low
    all_sentences = sentences(text)
    scanned = range(len(all_sentences)) if this_year or this_month else \
        _sentences_holding(text, all_sentences, relative=False, names=holders)
    for i in scanned:
        at, sent = all_sentences[i]
        in_past = False  # the sentence names a past date, so titles in it may be those of that time
        for m, period in explicit_dates(sent):
            if period[0] > today:
                continue
            phrase = m.group(0)
            stamp = _page_stamp(text, at, m)
            if stamp == "note":
                cues.append(Cue(phrase, ((FLOOR, min(period[1], today)),),
                                f"'{phrase}' dates a later note on the page: on or before {period[1]}"))
                continue
            if stamp:  # a comment's or a listed post's time stamp: later or earlier than the article
                continue
            if _is_future(sent, m.start()) or fold_case(m.groupdict().get("prep") or "") in ("until", "by", "before") \
                    or _until(sent, m):
                # No bound: "is ahead in time" read from the words before a date is wrong too often ("before
                # 2009" of a past deadline, "in 2015" of a plan); benchmarks/dates.py: 3% of articles missed.
                continue
            else:
                # Reported as past, but "on May 8" may be a meeting still ahead and "in 2017" a plan: the bound
                # allows that much lead, by the precision of the reference.
                days = (period[1] - period[0]).days
                lead = 0 if _is_past(sent, m.start(), m.end()) else \
                    PAST_REFERENCE_LEAD_DAYS[0 if days == 0 else 1 if days < 100 else 2]
                start = max(FLOOR, period[0] - dt.timedelta(days=lead))
                cues.append(Cue(phrase, ((start, today),), f"'{phrase}' is in the past: on or after {start}"
                                                           + (f" (allowing {lead} days for a reference ahead)"
                                                              if lead else "")))
                in_past = True
        if holders and any(s in sent for s in holders):
            cues.extend(_office_cues(sent, in_past, today))
        if this_year:
            cues.extend(_this_year_cues(sent, today))
        if this_month:
            cues.extend(_calendar_cues(sent, today))
    cues.extend(_duration_cues(text, today))
    return cues


def _office_cues(sent: str, has_year: bool, today: dt.date) -> list[Cue]:
    pattern, index = _office_regex()
    cues = []
    for m in pattern.finditer(sent):
        pre = fold_case((m.group("pre") or "").strip())
        if pre in ("former", "ex-", "late", "then-", "then", "vice", "vice-") or (has_year and not m.group("elect")):
            continue  # a past holder, or a title used in a dated past context ("In 2010, President X ...")
        offices = index.get((fold_case(m.group("title")), fold_case(m.group("surname"))), [])
        given = m.group("given").split()
        if given:
            offices = [o for o in offices if any(g.rstrip(".") in o["name"] for g in given)] or offices
        if m.group("country"):
            offices = [o for o in offices if m.group("country") in o["country"]] or offices
        elect = bool(m.group("elect")) or pre == "incoming"
        # A term ends the day its successor's starts: that day counts for the successor only.
        last = dt.timedelta(days=0 if elect else 1)
        spans = [(_d(a, FLOOR), _d(b, today + last) - last) for o in offices
                 for a, b in o.get("elect" if elect else "terms", [])]
        if not spans:
            continue
        phrase = m.group(0).strip()
        name = offices[0]["name"]
        what = ("between election and inauguration" if elect else "in office") + " of " + name
        ranges = ", ".join(f"{a}..{b}" for a, b in spans)
        cues.append(Cue(phrase, tuple(sorted(spans)), f"'{phrase}': {what} ({ranges})"))
    return cues


_THIS_YEAR_MONTH = re.compile(
    r"\b(?P<when>earlier|later) this year\b.*?\b(?:in|since|from|starting in|beginning in|until|by)\s+"
    r"(?P<month>" + _FULL_MONTH_RE + r")\b(?!\s+\d)"
    r"|\b(?:in|since|from|starting in|beginning in)\s+(?P<month2>" + _FULL_MONTH_RE + r")\b(?!\s+\d)"
    r"[^.]*?\b(?P<when2>earlier|later) this year\b", re.I)


def _this_year_cues(sent: str, today: dt.date) -> list[Cue]:
    cues = []
    for m in _THIS_YEAR_MONTH.finditer(sent):
        month = MONTHS[fold_case(m.group("month") or m.group("month2"))]
        when = fold_case(m.group("when") or m.group("when2"))
        phrase = m.group(0)
        years = range(FLOOR.year, today.year + 1)
        if when == "earlier":
            spans = tuple((dt.date(y, month, 1), dt.date(y, 12, 31)) for y in years)
            explain = f"'{phrase}': that month was earlier in the same year, so on or after {calendar.month_name[month]}"
        else:
            spans = tuple((dt.date(y, 1, 1), _period(y, month)[1]) for y in years)
            explain = f"'{phrase}': that month is still ahead, so on or before {calendar.month_name[month]}"
        cues.append(Cue(phrase, spans, explain))
    return cues


def _calendar_cues(sent: str, today: dt.date) -> list[Cue]:
    cal = knowledge()["calendar"]
    rel = re.search(r"\b(earlier|later) this month\b|\blast month\b", sent, re.I)
    if not rel:
        return []
    cues = []
    for word, month in cal.items():
        if re.search(r"\b" + re.escape(word) + r"\b", sent, re.I):
            if fold_case(rel.group(0)) == "last month":
                month = month % 12 + 1
            spans = tuple(_period(y, month) for y in range(FLOOR.year, today.year + 1))
            cues.append(Cue(f"{word} ... {rel.group(0)}", spans,
                            f"'{word}' {rel.group(0)}: published in {calendar.month_name[month]}", firm=False))
    return cues


_DURATION_NOUNS = ("war", "conflict", "invasion", "fighting", "hostilities", "occupation", "pandemic", "crisis",
                   "offensive")
_HALF = r"(?:-and-a-half|\s+and\s+a\s+half|\.5)"
_DURATION = re.compile(
    r"\b(?P<approx>more than|over|almost|nearly|about|roughly)?\s*(?P<n>" + _NUM_RE + r")(?P<half>" + _HALF
    + r")?[- ](?P<unit>year|month)s?(?:-long|-old)?\s+(?:\w+\s+){0,2}?(?P<noun>" + "|".join(_DURATION_NOUNS)
    + r")\b"
    r"|\b(?P<n2>" + _NUM_RE + r")(?P<half2>" + _HALF + r")?\s+(?P<unit2>year|month)s?\s+(?:into|of|since the start of)"
    r"\s+(?:the\s+)?(?:\w+\s+){0,2}?(?P<noun2>war|conflict|invasion|fighting|pandemic)\b",
    re.I)


@lru_cache(maxsize=1)
def _conflict_keywords() -> list[tuple[dict, re.Pattern]]:
    return [(c, re.compile(r"\b(?:" + "|".join(map(re.escape, c["keywords"])) + r")\b"))
            for c in knowledge()["conflicts"]]


_UNIT_WORD = re.compile(r"year|month")
_NUMBER_BEFORE = re.compile(r"(?:\d|\b(?:" + "|".join(_NUM_WORDS) + r"|half))(?:-|\s+)$")


def _may_state_duration(low: str) -> bool:
    """Could the (lower-cased) text hold a _DURATION: a unit right after a number, a war-like noun soon after?
    A quick test that spares most texts the pattern, which is slow to try at every word."""
    return any(_NUMBER_BEFORE.search(low, max(0, m.start() - 40), m.start())
               and any(noun in low[m.end():m.end() + 200] for noun in _DURATION_NOUNS)
               for m in _UNIT_WORD.finditer(low))


def _duration_cues(text: str, today: dt.date) -> list[Cue]:
    if not _may_state_duration(text.lower()):
        return []
    matches = list(_DURATION.finditer(text))
    if not matches:  # most articles state no duration: skip counting keywords
        return []
    hits = [(n, c) for c, pattern in _conflict_keywords() if (n := len(pattern.findall(text)))]
    if not hits:
        return []
    hits.sort(key=lambda h: -h[0])
    cues = []
    for m in matches:
        raw_n = fold_case(m.group("n") or m.group("n2"))
        n = float(_NUM_WORDS.get(raw_n, raw_n) if not raw_n.isdigit() else raw_n)
        half = bool(m.group("half") or m.group("half2"))
        unit = fold_case(m.group("unit") or m.group("unit2"))
        approx = fold_case(m.group("approx") or "")
        # How far a rounded duration may lie from the stated one: "three-year war" is said from about
        # 2.75 years on and until 3.75; "N and a half" means N.25-N.75; "more than N" N..N+1; "nearly N" N-0.5..N.
        lo, hi = (n + 0.25, n + 0.75) if half else (n - 0.25, n + 0.75)
        if approx in ("more than", "over"):
            lo, hi = n, n + 1
        elif approx in ("almost", "nearly"):
            lo, hi = n - 0.5, n
        scale = 1.0 if unit == "year" else 1 / 12
        noun = fold_case(m.group("noun") or m.group("noun2"))
        count, conflict = next(((k, c) for k, c in hits if (noun == "pandemic") == (
            "pandemic" in c["name"].lower())), (0, None))
        if conflict is None:
            continue
        start = dt.date.fromisoformat(conflict["start"])
        span = (_add_years(start, lo * scale), _add_years(start, hi * scale))
        phrase = m.group(0).strip()
        cues.append(Cue(phrase, (span,), f"'{phrase}': {conflict['name']} began {start} "
                                         f"(named {count} times in the text), so {span[0]}..{span[1]}"))
    return cues


def _best_supported(cues: list[Cue], today: dt.date) -> tuple[list[Interval], list[Cue]]:
    """The dates that the most cues allow (and those cues): where cues disagree, a cue alone cannot overrule
    the others, and where they tie, every tied reading is kept (the hull of them)."""
    bounds = sorted({FLOOR, today + dt.timedelta(days=1)} | {d for c in cues for s, e in c.intervals
                                                             for d in (s, e + dt.timedelta(days=1))
                                                             if FLOOR <= d <= today + dt.timedelta(days=1)})
    segments = []
    for start, nxt in zip(bounds, bounds[1:]):
        end = nxt - dt.timedelta(days=1)
        support = [c for c in cues if any(s <= start and end <= e for s, e in c.intervals)]
        segments.append((len(support), start, end, support))
    top = max(n for n, *_ in segments)
    best = [(s, e, sup) for n, s, e, sup in segments if n == top]
    hull = [(min(s for s, _, _ in best), max(e for _, e, _ in best))]
    used = {id(c): c for _, _, sup in best for c in sup}
    return hull, list(used.values())


def estimate(cues: list[Cue], today: dt.date) -> DateEstimate | None:
    """Combine cues: the dates most firm cues allow (a cue contradicting the majority is ignored, and a tie keeps
    every tied reading), then narrowed by the soft ones that agree."""
    if not cues:
        return None
    # A phrase the text repeats ("President Obama" in three sentences) is one piece of evidence, not three: one
    # vote each (benchmarks/dates.py: true date inside 0.936 -> 0.938, widths unchanged).
    firm = list({(c.text.lower(), c.intervals): c for c in cues if c.firm}.values())
    current: list[Interval] = [(FLOOR, today)]
    used: list[str] = []
    if firm:
        current, support = _best_supported(firm, today)
        used = [c.explain for c in firm if any(c is k for k in support)]
        used += [f"ignored (conflicts with the rest): {c.explain}" for c in firm if not any(c is k for k in support)]
    soft_used = False
    for cue in (c for c in cues if not c.firm):
        narrowed = intersect(current, cue.intervals)
        if narrowed and narrowed != current:
            current = narrowed
            used.append(cue.explain + " [soft]")
            soft_used = True
    if current == [(FLOOR, today)]:
        return None
    earliest, latest = current[0][0], current[-1][1]
    confidence = CONFIDENCE_SOFT if soft_used else CONFIDENCE_FIRM
    return DateEstimate(earliest, latest, exact=False, confidence=confidence, evidence=tuple(used))


_PLACE_WORD = r"(?-i:[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ])[\w'’.-]*"  # a capitalised word (the pattern is case-blind)
_DATELINE = re.compile(
    r"\A\s*(?:(?:published|posted|updated|last updated|first published)(?:\s+on)?\s*:?\s*)?"
    # a place first, as news agencies write it ("ANKARA, 14 March 2024 -", "Berlin (dpa), 14. März 2024 -")
    r"(?:" + _PLACE_WORD + r"(?:\s+" + _PLACE_WORD + r"){0,2}\s*(?:\([^()\n]{1,20}\)\s*)?,\s*(?:le\s+)?)?"
    r"(?:[A-Z][A-Za-z]+day,?\s+)?"
    r"(?:(?P<m1>" + _MONTH_RE + r")\s+(?P<d1>\d{1,2}),?\s+(?P<y1>(?:19|20)\d\d)"
    r"|(?P<d2>\d{1,2})\s+(?P<m2>" + _MONTH_RE + r")\s+(?P<y2>(?:19|20)\d\d)"
    # day first in another language ("14. März 2024", "14 марта 2024 г.", "14 березня 2024 р.", "14 de marzo de
    # 2024"), with the word for "year" Russian, Ukrainian, Polish and Turkish put after it
    r"|(?P<d3>\d{1,2})(?:\.|er|º)?\s+(?:de\s+)?(?P<m3>" + "|".join(sorted(FOREIGN_MONTHS, key=len, reverse=True))
    + r")\s+(?:de\s+)?(?P<y3>(?:19|20)\d\d)(?:\s*(?:г\.|года|р\.|року|r\.|roku|yılı))?"
    r"|(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d))"
    r"(?:\s*[|,]?\s*\d{1,2}:\d\d\s*(?:[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?\s*(?:[—–|-]|$|\n)", re.I)


def dateline(text: str) -> tuple[dt.date, str] | None:
    """A publication date stated at the very start of the text ("Published 12 September 2025 ...")."""
    m = _DATELINE.match(text[:300])
    if not m:
        return None
    g = m.groupdict()
    if g["iso"]:
        y, mo, d = map(int, g["iso"].split("-"))
    elif g["m3"]:
        y, mo, d = int(g["y3"]), FOLDED_FOREIGN_MONTHS[fold_case(g["m3"])], int(g["d3"])
    else:
        y = int(g["y1"] or g["y2"])
        mo = MONTHS[fold_case(g["m1"] or g["m2"]).rstrip(".")]
        d = int(g["d1"] or g["d2"])
    try:
        return dt.date(y, mo, d), m.group(0).strip(" —–|-\n")
    except ValueError:
        return None


def plausible_range(today: dt.date) -> Interval:
    """Dates a news article can carry: from :data:`EARLIEST_PLAUSIBLE` to the end of next year."""
    return EARLIEST_PLAUSIBLE, dt.date(today.year + 1, 12, 31)


def plausible(day: dt.date, today: dt.date) -> bool:
    """Is ``day`` a date a news article can carry? A header of 9999-12-31 or 0001-01-01 is not, and would
    overflow every window computed around it."""
    low, high = plausible_range(today)
    return low <= day <= high


def date_article(text: str, meta_date: dt.date | None, meta_from: str | None,
                 today: dt.date | None = None, also: tuple[str, ...] = ()) -> DateEstimate | None:
    """The publication date of an article: exact from metadata, header or dateline, else estimated. A date
    outside :func:`plausible_range` is not taken as the publication date. ``also``: page furniture that still
    dates the page (:func:`dating_furniture`): its cues count, though its words are not the article's."""
    today = today or dt.date.today()
    if meta_date and plausible(meta_date, today):
        return DateEstimate(meta_date, meta_date, True, CONFIDENCE_EXACT, (f"{meta_from}: {meta_date}",))
    found = dateline(text)
    if found and plausible(found[0], today):
        day, words = found
        return DateEstimate(day, day, True, CONFIDENCE_EXACT, (f"dateline in the text: '{words}'",))
    return estimate(find_cues(text, today) + [c for line in also for c in find_cues(line, today)], today)


# Removed lines that still date the page: the credit of an embedded post ("— Name (@handle) January 1, 2020")
# names when the post was made, so the article that embeds it is no older.
DATING_FURNITURE = ("embed_credit",)


def dating_furniture(removed: list[RemovedLine]) -> tuple[str, ...]:
    """The texts of the lines cleaning removed that still date the page (:data:`DATING_FURNITURE`)."""
    return tuple(r.text for r in removed if r.rule in DATING_FURNITURE)


# --- time expressions inside the text --------------------------------------------------------------------
_RELATIVE = re.compile(_from_word_start(
    r"\b(?:(?P<wkmod>last|this|next|on|since|by|until|from|early|late)\s+)?(?P<weekday>" + "|".join(WEEKDAYS)
    + r")\b(?:,?\s+(?:(?P<wm>" + _MONTH_RE + r")\s+(?P<wd>\d{1,2})))?"
    r"|\b(?P<simple>today|tonight|yesterday|tomorrow|last night|this morning|this afternoon|this evening)\b"
    r"|\b(?P<mod>last|this|next|earlier this|later this)\s+(?P<unit>week|month|year)\b"
    r"|\b(?P<n>" + _NUM_RE + r"|a)\s+(?P<aunit>day|week|month|year)s?\s+(?P<dir>ago|earlier|later)\b"
    r"|(?<!in )(?<!within )(?<!over )(?<!for )\bthe\s+(?P<adj>next|following|previous)\s+day\b"
    r"|\b(?P<mprep>in|since|from|until|by|early|late|mid-?)\s+(?P<month>" + _FULL_MONTH_RE + r")\b(?!\s+\d)"
    r"|\b(?P<mdm>(?-i:" + _MONTH_RE + r"))\s+(?P<mdd>\d{1,2})(?:st|nd|rd|th)?\b(?!,?\s+(?:19|20)\d\d)(?![:.]\d)"
    r"|\b(?P<dmd>\d{1,2})(?:(?:st|nd|rd|th)(?:\s+of)?)?\s+(?P<dmm>(?-i:" + _MONTH_RE + r"))"
    r"(?!\.?,?\s+(?:19|20)\d\d)(?!\w)"),
    re.I)


# A word every match of _RELATIVE holds (lower case): a sentence without one is not scanned with the pattern.
_RELATIVE_WORDS = frozenset(WEEKDAYS) | set(MONTHS) | {
    "today", "tonight", "yesterday", "tomorrow", "night", "morning", "afternoon", "evening",
    "day", "days", "week", "weeks", "month", "months", "year", "years"}
# The look-ahead for the words' first letters lets the engine pass over most positions at once (the same matches,
# 1.9x faster over 600 Timeline17 texts).
_RELATIVE_HINT = re.compile(r"\b(?=[" + "".join(sorted({w[0] for w in _RELATIVE_WORDS})) + r"])(?:"
                            + "|".join(sorted(_RELATIVE_WORDS, key=len, reverse=True)) + r")\b")


def resolve_times(text: str, published: DateEstimate | None) -> list[TimeExpression]:
    """Find dates and relative time references in ``text``, resolved against the publication date/range."""
    out: list[TimeExpression] = []
    foreign = foreign_times.may_hold(text)  # words of other languages (newsweave.foreign_times)
    all_sentences = sentences(text)
    updates = _updates(text, published)
    update_starts = [at for at, _, _ in updates]
    for i in range(len(all_sentences)) if foreign else _sentences_holding(text, all_sentences, relative=True):
        offset, sent = all_sentences[i]
        explicit = explicit_dates(sent)
        for m, period in explicit:
            if _page_stamp(text, offset, m):
                continue  # when the page was amended or commented on, not a date of the news
            out.append(TimeExpression(m.group(0), offset + m.start(), offset + m.end(), *period, relative=False))
        relative = _RELATIVE.finditer(sent) if _RELATIVE_HINT.search(sent.lower()) else ()
        for m in relative:
            if any(e.start() - 3 <= m.end() and m.start() < e.end() for e, _ in explicit):
                continue  # the weekday of a full date ("Wednesday 19 May 2021") is part of it
            if m.group("weekday") and not m.group("wkmod") and _RECURRING.search(sent, 0, m.start()):
                continue  # "every Tuesday and Friday": no one day
            if fold_case(m.group("dir") or "") in ("later", "earlier") or m.group("adj"):  # "sank two days later",
                # "the next day": after a day told
                told = _day_told_before(out, all_sentences[i - 1][0] if i else offset, offset + m.start())
                lo = hi = _resolve(m, told, False) if told else None
            elif published and (known := _known_day(m)) is not None and known < published.earliest:
                lo = hi = (known, known)  # "the Sept. 11 attacks" in a report of 2008
            elif published and (closing := _range_closing(out, offset, m, published.latest)) is not None:
                lo = hi = (closing, closing)
            else:
                at = bisect.bisect_right(update_starts, offset + m.start()) - 1  # the update stamp over the entry
                entry = max(0, updates[at][1] - offset) if at >= 0 and updates[at][1] <= offset + m.start() else 0
                future = _is_future(sent, m.start(), False, bool(m.group("weekday")), m.end()) or bool(
                    m.group("weekday") and _PLANNED_FOR.search(sent, 0, m.start()) and sent[m.end():m.end() + 1] != "'"
                ) or _ahead_after(sent[entry:], m.start() - entry, m.end() - entry)  # (an entry opens after its stamp)
                past = not future and _is_past(sent, m.start(), m.end())
                if at >= 0 and offset + m.start() < updates[at][1]:
                    future = past = False  # the stamp's own day, or the day before it in another time zone
                earliest, latest = (updates[at][2],) * 2 if at >= 0 and updates[at][2] else \
                    (published.earliest, published.latest) if published else (None, None)
                lo = _resolve(m, earliest, future, past) if earliest else None
                hi = _resolve(m, latest, future, past) if latest else None
            out.append(TimeExpression(m.group(0), offset + m.start(), offset + m.end(),
                                      lo[0] if lo else None, hi[1] if hi else None, relative=True))
        for ref in foreign_times.references(sent) if foreign else ():
            if any(e.start() - 3 <= ref.end and ref.start < e.end() for e, _ in explicit):
                continue  # "Dienstag, 14. März 2024"
            lo = _resolve_foreign(ref, published.earliest) if published else None
            hi = _resolve_foreign(ref, published.latest) if published else None
            out.append(TimeExpression(ref.text, offset + ref.start, offset + ref.end, lo[0] if lo else None,
                                      hi[1] if hi else None, relative=True))
    out.sort(key=lambda t: t.start)
    return out


# An update stamp of a live page, naming its weekday ("(Update 5:16 a.m. Thursday in Cairo, 10:16 p.m. ET
# Wednesday)"): a live page goes on after the day it was published, so the stamp's first weekday is the first such
# day on or after that day, and the entry under the stamp counts its days from it ("Heavy gunfire reverberated early
# Thursday", in a page of a Tuesday, is two days on, not five days back). A stamp without a weekday ends the entry
# before it. Read from CNN's live pages of the Egyptian revolution in ../shared/eval/timelines (30 pages, up to 57
# stamps each).
_UPDATE_STAMP = re.compile(r"\(\s*Updated?:?\s[^()\n]{0,80}\)", re.I)
_WEEKDAY_WORD = re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r")\b", re.I)


def _updates(text: str, published: DateEstimate | None) -> list[tuple[int, int, dt.date | None]]:
    """(start, end, day) of each update stamp of a live page, in order; the day None for a stamp without a
    weekday."""
    if published is None or published.earliest != published.latest or "pdate" not in text:
        return []
    out = []
    for stamp in _UPDATE_STAMP.finditer(text):
        day = _WEEKDAY_WORD.search(stamp.group(0))
        weekday = WEEKDAYS.index(fold_case(day.group(0))) if day else None
        out.append((stamp.start(), stamp.end(),
                    _weekday(published.earliest, weekday, "", True) if weekday is not None else None))
    return out


# Weekdays that recur ("protests every Tuesday and Friday", "each Monday") name no one day.
_RECURRING = re.compile(r"\b(?:every|each)\s+(?:(?:" + "|".join(WEEKDAYS) + r")\s*(?:,|and|or|&)\s*)*$", re.I)
# A weekday that closes a range of days opened by another ("from Thursday through Saturday", "on Monday and
# Tuesday", "Wednesday night and Thursday morning") is the first such day after the opening one: in a Thursday's
# report that Saturday is two days ahead.
_RANGE_TO = re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r")(?:\s+(?:morning|afternoon|evening|night))?"
                       r"\s*(?:to|through|thru|till|until|and|-|\u2013|\u2014)\s*$", re.I)


def _range_closing(found: list[TimeExpression], offset: int, m: re.Match, published: dt.date) -> dt.date | None:
    """The day of a bare weekday ``m`` (in the sentence at ``offset``) that closes a range opened by the weekday
    right before it in ``found``, if it closes one; not after the day of publication (``published``) when the words
    around it are of the past ("officials resigned Monday and Tuesday" in a Monday's report)."""
    if not m.group("weekday") or m.group("wm") or fold_case(m.group("wkmod") or "") not in ("", "until"):
        return None
    at = m.start("weekday")
    if not found or not _RANGE_TO.search(m.string, max(0, at - 30), at):
        return None
    last = found[-1]
    if not (last.relative and last.start >= offset + max(0, at - 30) and last.end <= offset + at
            and last.earliest is not None and last.earliest == last.latest):
        return None
    day = _weekday(last.earliest, WEEKDAYS.index(fold_case(m.group("weekday"))), "next", False)
    return None if day > published and _is_past(m.string, m.start(), m.end()) else day


@lru_cache(maxsize=1)
def _named_days() -> dict[tuple[int, int], list[tuple[dt.date, frozenset[str]]]]:
    """(month, day) -> each day of ``data/knowledge.json`` known by its date alone, with the words that name it."""
    out: dict[tuple[int, int], list[tuple[dt.date, frozenset[str]]]] = {}
    for entry in knowledge()["named_days"]:
        day = dt.date.fromisoformat(entry["date"])
        out.setdefault((day.month, day.day), []).append((day, frozenset(map(fold_case, entry["words"]))))
    return out


_LETTERS = re.compile(r"[^\W\d_]+")
_OF_BEFORE = re.compile(r"([^\W\d_]+)\s+of\s+(?:the\s+)?$|\bpost-\s*$", re.I)


def _known_day(m: re.Match) -> dt.date | None:
    """The day of the past a month and day without a year name when the words beside them are of its event ("the
    Sept. 11 attacks", "a Sept. 11-style attack", "the aftermath of Sept. 11", "post-Sept. 11"): a name, not the
    nearest 11 September."""
    known = _named_days().get(_month_and_day(m)) if m.group("mdm") or m.group("dmm") else None
    if not known:
        return None
    after = {fold_case(w) for w in _LETTERS.findall(m.string, m.end(), m.end() + 40)[:2]}
    before = _OF_BEFORE.search(m.string, max(0, m.start() - 40), m.start())
    for day, words in known:
        if after & words or (before and (before.group(1) is None or fold_case(before.group(1)) in words)):
            return day
    return None


def _day_told_before(found: list[TimeExpression], since: int, before: int) -> dt.date | None:
    """The day of the last expression of one day in ``found`` between offsets ``since`` and ``before``: what "two
    days later" counts from (the story's own time, not the day of publication)."""
    days = [t for t in found if since <= t.start < before and t.earliest is not None and t.earliest == t.latest]
    return max(days, key=lambda t: t.start).earliest if days else None


def _sentences_holding(text: str, all_sentences: tuple[tuple[int, str], ...], relative: bool,
                       names: Iterable[str] = ()) -> list[int]:
    """The indexes, in order, of the sentences of ``text`` holding a four-digit year, a word of ``_RELATIVE_HINT``
    (if ``relative``) or one of ``names``: every other sentence can hold no explicit date, no English relative
    reference and none of the names, so it is not searched for them. Each pattern and name is looked for once in
    the whole text instead of once per sentence; neither pattern can match across the spaces that part two
    sentences, and a sentence begins and ends at such spaces, so each finds in the text what it finds in the
    sentences (a name could also be found across two: one more sentence searched)."""
    positions = [m.start() for m in _ANY_YEAR.finditer(text)]
    if relative:
        lowered = text.lower()
        if len(lowered) != len(text):  # a letter whose lower case is longer ("İ"): offsets would not line up
            return list(range(len(all_sentences)))
        positions += [m.start() for m in _RELATIVE_HINT.finditer(lowered)]
    for name in names:
        at = text.find(name)
        while at >= 0:
            positions.append(at)
            at = text.find(name, at + 1)
    starts = [offset for offset, _ in all_sentences]
    return sorted({bisect.bisect_right(starts, at) - 1 for at in positions} - {-1})


def _resolve_foreign(ref: foreign_times.Reference, anchor: dt.date) -> Interval | None:
    """The day or period a reference in another language means, seen from ``anchor`` (as :func:`_resolve`)."""
    if ref.kind == "day":
        day = anchor + dt.timedelta(days=ref.shift)
        return day, day
    if ref.kind in ("weekday", "weekday_mod"):
        day = _weekday(anchor, ref.weekday, {-1: "last", 1: "next"}.get(ref.shift, ""), ref.future)
        return day, day
    if ref.kind in ("ago", "ahead"):
        return _counted(anchor, ref.shift, ref.unit)
    if ref.kind == "day_month":
        return _month_day(anchor, ref.month, ref.day, ref.future)
    return _unit_period(anchor, ref.unit, ref.shift, "")


# The year a day of a month is of, said after it: "on April 20 of last year", "20 April this year".
_OF_YEAR = re.compile(r",?\s+(?:of\s+)?(last|this|next)\s+year\b", re.I)
_SHIFT = {"last": -1, "next": 1}  # "last week", "next year", "of last year": how many weeks, months or years on


def _resolve(m: re.Match, anchor: dt.date, future: bool, past: bool = False) -> Interval | None:
    g = m.groupdict()
    if g["mdm"] or g["dmm"]:  # "April 20", "20 April": the nearest such day before (or, ahead in time, after)
        month, day = _month_and_day(m)
        year = _OF_YEAR.match(m.string, m.end())
        if year:  # "April 20 of last year"
            return _period(anchor.year + _SHIFT.get(fold_case(year.group(1)), 0), month, day) if day else None
        return _month_day(anchor, month, day, future, past)
    if g["weekday"]:
        if g["wm"]:
            if re.match(r",?\s+(?:19|20)\d\d", m.string[m.end():]):
                return None  # "Friday, Sept. 12, 2025" is resolved as an explicit date
            return _month_day(anchor, MONTHS[fold_case(g["wm"]).rstrip(".")], int(g["wd"]), future)
        mod = fold_case(g["wkmod"] or "")
        ahead = future or (mod in _DEADLINE_WORDS and not _done_by(m.string, m.start(), m.end()))
        day = _weekday(anchor, WEEKDAYS.index(fold_case(g["weekday"])), mod, ahead)
        return day, day
    if g["simple"]:
        shift = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(fold_case(g["simple"]), 0)
        day = anchor + dt.timedelta(days=shift)
        return day, day
    if g["unit"]:
        mod = fold_case(g["mod"])
        return _unit_period(anchor, fold_case(g["unit"]), _SHIFT.get(mod, 0), mod)
    if g["adj"]:
        day = anchor + dt.timedelta(days=-1 if fold_case(g["adj"]) == "previous" else 1)
        return day, day
    if g["aunit"]:
        number, unit = fold_case(g["n"]), fold_case(g["aunit"])
        n = 1 if number == "a" else int(_NUM_WORDS.get(number, g["n"]) if not g["n"].isdigit() else g["n"])
        return _counted(anchor, n * (-1 if fold_case(g["dir"]) in ("ago", "earlier") else 1), unit)
    if g["month"]:
        month = MONTHS[fold_case(g["month"])]
        year = anchor.year
        if future or fold_case(g["mprep"]) in ("until", "by"):
            year += month < anchor.month
        else:
            year -= month > anchor.month
        return _period(year, month)
    return None


def _month_and_day(m: re.Match) -> tuple[int, int]:
    """The month and day of a match of _RELATIVE that names them ("April 20", "20 April", "Sept. 11th")."""
    return MONTHS[fold_case(m.group("mdm") or m.group("dmm")).rstrip(".")], int(m.group("mdd") or m.group("dmd"))


# "By Friday engineers were waiting", "By Sunday, police were gone", "had been collected by Saturday": a day by or
# until which something was done is past, unlike one by which it will be ("should be on the seabed by Saturday").
_DONE_AFTER = re.compile(r"\b(?:was|were|had)\b", re.I)
_DONE_BEFORE = re.compile(r"\bhad\b", re.I)


def _done_by(sentence: str, start: int, end: int) -> bool:
    """Do the three words after a day ("by Friday ...") say something was done by then, or the three before?"""
    return bool(_DONE_AFTER.search(" ".join(_words_after(sentence, end, 3)))
                or _DONE_BEFORE.search(" ".join(_words_before(sentence, start, 3))))


def _weekday(anchor: dt.date, target: int, mod: str, future: bool) -> dt.date:
    """The day of weekday ``target`` (0 is Monday) meant from ``anchor``: the one on or before it ("last": before
    it), the one after it for "next", on or after it when the words say it is ahead in time."""
    delta = (target - anchor.weekday()) % 7
    if mod == "next" or (future and mod not in ("last", "since")):
        return anchor + dt.timedelta(days=delta or 7 if mod == "next" else delta)
    day = anchor - dt.timedelta(days=(anchor.weekday() - target) % 7)
    return day - dt.timedelta(days=7) if mod == "last" and day == anchor else day


def _counted(anchor: dt.date, units: int, unit: str) -> Interval:
    """``units`` days, weeks, months or years from ``anchor`` (negative: ago): a day, or for months and years a
    month around it."""
    day = anchor + dt.timedelta(days=round({"day": 1, "week": 7, "month": 30.44, "year": 365.25}[unit] * units))
    return (day, day) if unit in ("day", "week") else (day - dt.timedelta(days=15), day + dt.timedelta(days=15))


def _month_day(anchor: dt.date, month: int, day: int, future: bool, past: bool = False) -> Interval | None:
    """The day ``month``/``day`` nearest ``anchor`` within a year either way, a day behind it preferred three to
    one over a day ahead (news reports what happened), the reverse when the words say it is ahead in time; when
    they say it is past ("exploded on 20 April"), never more than a day ahead (a time zone away)."""
    best, best_cost = None, None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        ahead = (d - anchor).days
        if past and ahead > 1:
            continue
        cost = (ahead if ahead >= 0 else -3 * ahead) if future else (-ahead if ahead <= 0 else 3 * ahead)
        if best_cost is None or cost < best_cost:
            best, best_cost = d, cost
    return (best, best) if best else None


def _unit_period(anchor: dt.date, unit: str, shift: int, mod: str) -> Interval:
    if unit == "week":
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=shift)
        return monday, monday + dt.timedelta(days=6)
    if unit == "month":
        y, mo = divmod(anchor.year * 12 + anchor.month - 1 + shift, 12)
        start, end = _period(y, mo + 1)
    else:
        start, end = _period(anchor.year + shift)
    if mod == "earlier this":
        end = anchor
    elif mod == "later this":
        start = anchor
    return start, end
