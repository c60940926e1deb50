"""Key dates: which days of a story, storyline or subject matter most, and what happened on each.

A date is scored by how many reports were published on it and how many articles refer to it (a day the text
itself names: "on 20 April 2010", or "on Tuesday" resolved against the article's date). A reference back from
a later article counts more than a mention on the day itself: outlets return to the days that mattered
(the explosion, the capping of the well) long after, and seldom to the others. This is the date-ranking of
timeline summarisation (Tran et al. 2013; Martschat & Markert 2018; Ghalandari & Ifrim 2020, "news-tls"),
where counting publications and mentions is a strong baseline.

Each chosen date is summarised by sentences from the reports: those that name the date in a report of that day or
later, then the leads of reports published that day, then those that name it ahead of time (a plan is not news of
the day); within each, sentences that read alone before those that open on someone named earlier ("He said") and
before a photo's caption, then by closeness to what all of them say (TF-IDF centroid); near-repeats, questions,
time stamps and the middle of a quotation left out. An entry of a chronology ("June 16 - BP agrees to a fund") is
told as of its own day and shown without its label. A sentence that could tell several of the dates tells one
(its best priority, then the day it names first: "... on Friday, since the unrest began Tuesday" is Friday's), and
another date uses it only when it has nothing of its own. Every summary sentence cites its article.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from .. import terms as _terms
from ..model import Article, BriefSentence, KeyDate, TimeExpression
from ..sentences import ends_as_sentence, furniture, lead_in, stamp_start, standalone, transcript_start
from .brief import dated
from .statements import quoted_sentences, sentence_spans

# How a date is scored (benchmarks/timelines.py; set on the seven gold timelines of the three Timeline17 dev
# topics in ../shared/eval/timelines, where equal weights give date F1 0.654 and these 0.701; the held-out
# topics are scored the same way by others):
# - reports published that day, beyond the average of the BURST_DAYS before (a jump in coverage; a steady
#   stream of daily reports is not news of the day), each WEIGHT_PUBLISHED;
# - each article naming the day: WEIGHT_SAME_DAY when it names its own publication day or a later one,
#   WEIGHT_REFERENCE_BACK when it looks back, WEIGHT_LATER_REFERENCE when it looks back LATER_REFERENCE_DAYS
#   or more (outlets come back to the days that mattered weeks on: the explosion, the capping);
# - each outlet naming the day, WEIGHT_OUTLET (several outlets agree it matters).
WEIGHT_PUBLISHED = 2.0
BURST_DAYS = 3
WEIGHT_SAME_DAY = 1.0
WEIGHT_REFERENCE_BACK = 2.0
WEIGHT_LATER_REFERENCE = 4.0
LATER_REFERENCE_DAYS = 14
WEIGHT_OUTLET = 1.0
# A day more than BACKGROUND_DAYS before the first report is background, not a day of the story, unless at least
# BACKGROUND_SHARE of the articles, and BACKGROUND_REPORTS of them at least (or all), name it (the blast a trial
# two years on is about). Set by reading: in Timeline17's financial crisis storyline "the Sept. 11, 2001, attacks"
# (5 of 169 articles) was a key date, and in the Las Vegas shooting's storyline of ../shared/eval/stories the
# Orlando shooting of 2016, from one report's list of earlier shootings; the scored spans of
# benchmarks/timelines.py start at the first report, so its figures are unchanged.
BACKGROUND_DAYS = 30
BACKGROUND_SHARE = 0.1
BACKGROUND_REPORTS = 2
# Sentences read per report published on a date when no sentence names it: the lead says what happened.
LEAD_SENTENCES = 3
# A summary sentence this close (word-set Jaccard) to one already chosen repeats it and is left out.
REPEAT_JACCARD = 0.5
# Sentences shorter or longer than these (words) are fragments or run-ons, not summary material.
MIN_WORDS, MAX_WORDS = 6, 60


def _publication_day(article: Article) -> dt.date | None:
    d = article.date
    return d.earliest if d is not None and d.exact else None


def score_dates(articles: Iterable[Article], since: dt.date | None = None, until: dt.date | None = None,
                copies: Mapping[int, int] | None = None) -> dict[dt.date, tuple[float, int, int, set[str]]]:
    """Date -> (score, reports published, articles naming it, outlets), for dates in [since, until]. ``copies``
    maps an article to the one its text is a copy of (a page fetched twice, an update, a syndicated report): copies
    of one text count as one report on a day."""
    copies = copies or {}
    published: dict[dt.date, set[int]] = defaultdict(set)
    named: dict[dt.date, dict[int, int]] = defaultdict(dict)   # date -> text -> days it looks back
    outlets: dict[dt.date, set[str]] = defaultdict(set)
    naming_outlets: dict[dt.date, set[str]] = defaultdict(set)
    for a in articles:
        day = _publication_day(a)
        text_id = copies.get(a.id, a.id)
        if day is not None:
            published[day].add(text_id)
            outlets[day].add(a.outlet)
        for d in filter(None, (_day_named(a.text, t) for t in a.times)):
            back = (day - d).days if day is not None else 0
            named[d][text_id] = max(named[d].get(text_id, back), back)
            outlets[d].add(a.outlet)
            naming_outlets[d].add(a.outlet)
    out = {}
    for d in set(published) | set(named):
        if (since and d < since) or (until and d > until):
            continue
        before = sum(len(published.get(d - dt.timedelta(days=i), ())) for i in range(1, BURST_DAYS + 1))
        score = WEIGHT_PUBLISHED * max(0.0, len(published[d]) - before / BURST_DAYS)
        for back in named[d].values():
            score += (WEIGHT_LATER_REFERENCE if back >= LATER_REFERENCE_DAYS else WEIGHT_REFERENCE_BACK if back >= 1
                      else WEIGHT_SAME_DAY)
        score += WEIGHT_OUTLET * len(naming_outlets[d])
        out[d] = (score, len(published[d]), len(named[d]), outlets[d])
    return out


def key_dates(articles: list[Article], k: int, sentences: int = 2, since: dt.date | None = None,
              until: dt.date | None = None, copies: Mapping[int, int] | None = None) -> list[KeyDate]:
    """The ``k`` best dates (ties: the one more reports were published on, then the earlier), in date order, each with
    a cited summary of ``sentences``; copies of one text (``copies``, as :func:`score_dates`) count once, though
    each can tell a date (a later version of a chronology holds more of its entries)."""
    scored = score_dates(articles, since, until, copies)
    first = min(filter(None, map(_publication_day, articles)), default=None)
    if first is not None:  # background ("the Sept. 11, 2001, attacks" in reports of 2008) unless many look back to it
        enough = min(len(articles), max(BACKGROUND_REPORTS, BACKGROUND_SHARE * len(articles)))  # (one report: all)
        scored = {d: v for d, v in scored.items() if (first - d).days <= BACKGROUND_DAYS or v[2] >= enough}
    best = sorted(scored, key=lambda d: (-scored[d][0], -scored[d][1], d))[:k]
    candidates = _candidates(articles, set(best))
    home = _homes(candidates)
    df = Counter(w for sents in candidates.values() for c in sents for w in set(_terms.tokens(c.text)))
    n = sum(len(s) for s in candidates.values())
    out = []
    for d in sorted(best):
        score, reports, named, outlets = scored[d]
        summary = _summarise(d, candidates.get(d, []), sentences, df, n, home)
        out.append(KeyDate(d, round(score, 3), reports, named, tuple(sorted(outlets)), tuple(summary)))
    return out


class _Candidate(NamedTuple):
    """A sentence that could tell of a date: how (``priority``: 0 named in a report of that day or later, 1 a lead
    of a report published that day, 2 named ahead of time), whether it reads alone (``fit``), and where the date
    comes in it (``order``: 0 the first day it names or a chronology entry's own, then the next; LEAD_ORDER a lead
    that does not name it)."""

    priority: int
    fit: bool
    text: str
    article: int
    order: int
    published: dt.date | None  # the article's day, which its "on Tuesday" counts from


LEAD_ORDER = 99


def _candidates(articles: list[Article], days: set[dt.date]) -> dict[dt.date, list[_Candidate]]:
    """Date -> the sentences that could tell of it: sentences naming the date told on it or later, the leads of
    reports published on it, sentences naming it ahead of time. A chronology's entry ("June 16 - BP agrees to a
    fund") is told as of its own day, and shown without that label."""
    out: dict[dt.date, list[_Candidate]] = defaultdict(list)
    for a in articles:
        day = _publication_day(a)
        if day not in days and not any(t.earliest in days and t.earliest == t.latest for t in a.times):
            continue
        text = a.text
        times = sorted(a.times, key=lambda t: t.start)
        starts = [t.start for t in times]
        lead = 0
        in_quotes: set[int] | None = None
        spoken_from: int | None = None
        spans = sentence_spans(text)  # the comparisons' sentences
        for i, (offset, end) in enumerate(spans):
            last = bisect_left(starts, end)
            is_lead = day in days and lead < LEAD_SENTENCES
            if not is_lead and not any(t.earliest in days for t in times[bisect_left(starts, offset):last]):
                continue  # (the quick test first: most sentences name none of the days)
            offset += lead_in(text[offset:end])  # "LONDON (Reuters) - ": the summary starts at its own words
            inside = times[bisect_left(starts, offset):last]
            told, label = day, _entry(inside, text, offset, end)
            if label is not None:
                told, offset = label
            named = [d for t in inside if t.start >= offset and (d := _day_named(text, t)) in days]
            if not (named or is_lead or (label is not None and told in days)):
                continue
            if in_quotes is None:
                in_quotes, spoken_from = quoted_sentences(text, spans), transcript_start(text)
            sentence = text[offset:end]
            if i in in_quotes or not MIN_WORDS <= len(sentence.split()) <= MAX_WORDS \
                    or _words_beside_times(inside, text, offset, end) < 3 \
                    or not ends_as_sentence(sentence):
                continue  # the middle of a quotation (out of its marks it reads as the outlet's), a fragment or a
                # time stamp ("-- June 02, 2010 2:43 PM"), a run-on, a question, a line that does not end as a
                # sentence does ("On Monday, the firm released a statement:", a page's heading)
            shown = " ".join(sentence.split())  # on one line, as a sentence cut by a line break ("(BP.\nL)") reads
            stamp = stamp_start(shown)
            if stamp is not None and len(shown[:stamp].split()) >= MIN_WORDS:  # a headline before its page's stamp
                shown = shown[:stamp].rstrip(" ,;:|-\u2013\u2014") + "."
            fit = standalone(shown) and not furniture(shown) \
                and (spoken_from is None or offset < spoken_from)  # (a transcript's turn is someone's words)
            if label is not None and told in days:
                out[told].append(_Candidate(0, fit, shown, a.id, 0, day))
            for d in dict.fromkeys(named):  # told after the day (or on it) first; a day ahead is a plan, not its news
                out[d].append(_Candidate(0 if told is None or told >= d else 2, fit, shown, a.id, named.index(d), day))
            if is_lead:
                out[day].append(_Candidate(1, fit, shown, a.id, named.index(day) if day in named else LEAD_ORDER,
                                           day))
                lead += 1
    return out


# A day the text says it is not ("made the remark June 1, not June 2", "on Monday rather than Tuesday").
_DENIAL = re.compile(r"\b(?:not|rather than|instead of)\s+(?:on\s+)?$", re.I)


def _day_named(text: str, t: TimeExpression) -> dt.date | None:
    """The day a time expression names: None for a week or a month ("last week"), or a day the text denies."""
    if t.earliest is None or t.earliest != t.latest or _DENIAL.search(text, max(0, t.start - 20), t.start):
        return None
    return t.earliest


# A chronology's entry: its day, then a dash or a colon ("May 29 - BP says", "April 20, 2010: The rig explodes").
_ENTRY_MARK = re.compile(r"(?:,?\s*\d{4})?\s*[-\u2013\u2014:]\s+(?=\S)")
_BULLET = re.compile(r"[\s*\u2022\u00b7\\-]*")


def _entry(inside: Sequence[TimeExpression], text: str, offset: int, end: int) -> tuple[dt.date, int] | None:
    """(its day, where its own words start) when the sentence text[offset:end] is a chronology's entry: the first
    of the time expressions ``inside`` it (in order) opens it, after a bullet at most."""
    t = inside[0] if inside else None
    day = _day_named(text, t) if t is not None else None
    if day is None or not _BULLET.fullmatch(text, offset, t.start):
        return None
    mark = _ENTRY_MARK.match(text, t.end, end)
    return (day, mark.end()) if mark else None


_WORD = re.compile(r"\S*[^\W\d_]\S*[^\W\d_]\S*")  # two letters at least: not a number, a clock time or a dash


def _words_beside_times(inside: Sequence[TimeExpression], text: str, offset: int, end: int) -> int:
    """Words of text[offset:end] outside the time expressions ``inside`` it (in order)."""
    kept, at = [], offset
    for t in inside:
        kept.append(text[at:max(at, t.start)])
        at = max(at, t.end)
    kept.append(text[at:end])
    return len(_WORD.findall(" ".join(kept)))


def _homes(candidates: dict[dt.date, list[_Candidate]]) -> dict[tuple[str, int], dt.date]:
    """(sentence, article) -> the one date it tells best, where a sentence that could tell of several goes: the
    best priority, then the day it names first ("... on Friday, since unrest began Tuesday" is Friday's), then the
    earlier."""
    home: dict[tuple[str, int], tuple[int, int, dt.date]] = {}
    for d, sents in candidates.items():
        for c in sents:
            key = (c.priority, c.order, d)
            home[c.text, c.article] = min(home.get((c.text, c.article), key), key)
    return {s: key[2] for s, key in home.items()}


def _summarise(day: dt.date, candidates: list[_Candidate], m: int, df: Counter, n: int,
               home: dict[tuple[str, int], dt.date]) -> list[BriefSentence]:
    """The ``m`` best of a date's (``day``) candidates by priority, reading alone and closeness to what all of them
    say; no near-repeats. Those whose ``home`` (:func:`_homes`) is another date only when it has none of its own: a
    timeline does not repeat a sentence under two dates. Another relative day than ``day`` is followed by its date,
    as in a brief ("since the unrest began Tuesday [25 January 2011]")."""
    candidates = [c for c in candidates if home[c.text, c.article] == day] or candidates
    if not candidates:
        return []
    vectors = []
    for c in candidates:
        counts = Counter(_terms.tokens(c.text))
        vectors.append({w: (1 + math.log(times)) * _terms.idf(df[w], n) for w, times in counts.items()})
    centroid: Counter = Counter()
    for v in vectors:
        for w, x in _terms.unit(v).items():
            centroid[w] += x
    centroid_unit = _terms.unit(dict(centroid))
    closeness = [sum(x * centroid_unit.get(w, 0.0) for w, x in _terms.unit(v).items()) for v in vectors]
    ranked = sorted(range(len(candidates)), key=lambda i: (candidates[i].priority, not candidates[i].fit,
                                                           -closeness[i], i))
    chosen: list[BriefSentence] = []
    chosen_words: list[set[str]] = []
    for i in ranked:
        c = candidates[i]
        words = set(_terms.tokens(c.text))
        if any(len(words & w) / max(len(words | w), 1) >= REPEAT_JACCARD for w in chosen_words):
            continue
        text = dated(c.text, (c.published, c.published) if c.published else None, c.published is not None, day)
        if text is None:
            continue  # "on Friday" in a report whose day is not known: out of it, no day at all
        chosen.append(BriefSentence(text, (c.article,), "fact"))  # each relative day with its date, as a brief's
        chosen_words.append(words)
        if len(chosen) >= m:
            break
    return chosen
