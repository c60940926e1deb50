"""Claims: sentences that state checkable facts, with each number normalised and tied to what it counts.

A claim is one number in one sentence: a count ("three rounds of talks", "met twice"), an amount
("1.2 million people killed or injured"), a share ("roughly 20% of Ukraine"), money, a duration
("three-and-a-half-year-long conflict"), an ordinal ("a third round") or a date ("in February 2022"); a
place claim is where something happened ("three rounds of talks hosted in Istanbul", unit ``place``). The
subject is the noun phrase the number quantifies (with the verb that says what happened to it, for people
and things counted by an event) or, for "twice"/"once", the verb; ``head`` is its lemma, which later stages
compare across outlets. ``as_of`` is the date of a past-dated time expression in the sentence, else the
article's date; ``source`` the attribution ("according to U.S. estimates") or the speaker when the
sentence is reported speech.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..dates import FULL_MONTHS, MONTHS, WEEKDAYS
from ..measures import CURRENCY_UNITS, measure
from ..model import TimeExpression
from .numbers import ADVERB_COUNTS, parse_number, parse_ordinal, split_hedge
from .quotes import Q
from .spans import block_sentences, doc_text

_NUMWORD = (r"(?:\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
            r"thirty|forty|fifty|hundred|thousand|a)")
_DURATION = re.compile(rf"\b(?P<num>{_NUMWORD}(?:[- ]and[- ]a[- ]half)?)[- ](?P<unit>year|month|week|day|hour)s?"
                       rf"(?:[- ](?:long|old))?\b", re.I)
_EACH_WAY = re.compile(rf"\b(?P<num>{_NUMWORD})-for-(?P=num)\b", re.I)
_NUMBER_LABELS = {"CARDINAL", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"}
_UNITS = {"PERCENT": "percent", "MONEY": "money"}  # a number entity's label -> its claim's unit (else a count)
_PLACE_LABELS = {"GPE", "LOC", "FAC"}
_PLACE_PREPS = {"in", "at"}
_YEAR = re.compile(r"^(1[89]|20)\d\d$")
_CURRENCY_SIGN = re.compile(r"[$€£¥₽₴₺]")
# Two numbers in one phrase: a range ("between 300 and 400", "1 to 3 inches", "30-35", "2 to 3 million") or a
# change ("from 6 feet to 3 feet": the first value is the earlier one, unless the words before say it is a
# spread: "ranging from", "anywhere from"). A phrase may be one entity or two joined by the separator.
_PAIR_NUMBER = (r"(?:\d[\d.,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|"
                r"forty|fifty)")
_PAIR = re.compile(rf"^(?P<lead>(?:between|from)\s+)?(?P<lo>{_PAIR_NUMBER}%?)(?P<lo_unit>\s+[^\W\d]+)?"
                   rf"(?P<sep>\s*[-\u2013\u2014]\s*|\s+to\s+|\s+and\s+)(?P<hi>(?:\d|{_PAIR_NUMBER}\b).*)$", re.I)
_JOINED = re.compile(r"\s*[-\u2013\u2014]\s*|\s+(?:to|and)\s+")
_SPREAD = re.compile(r"\b(?:rang(?:e|es|ed|ing)|anywhere|vary|varies|varied|varying|spread)\s*$", re.I)
# Words before a number that give it as superseded, read in the last EARLIER_WINDOW words of its clause: a word
# for "before" with a verb of saying or planning ("had previously said 6 feet", "initially reported 20 deaths",
# "originally asked for $1.9 billion"), a past perfect of saying ("had estimated 300"), an earlier plan or
# figure ("an earlier plan to limit refugees to 15,000"), or "down from" just before it. Not superseded: a past
# fact ("had previously given $3 million", "previously detained him for two years"), an earlier thing counted
# ("the previous two Super Bowls", "in earlier states"), a date ("earlier this week", "earlier Thursday") or a
# point of comparison ("than a week earlier").
_SAYING = (r"(?:said|say|says|reported|estimated|put|stated|announced|recommended|projected|forecast|predicted|"
           r"planned|scheduled|asked|sought|proposed|threatened|expected|counted|listed|promised|pledged|targeted|"
           r"required|allowed|capped|limited|priced|valued)")
_TIME_WORDS = "(?:" + "|".join(["this", "that", "today", "tonight", "in", "on", "last", "morning", "afternoon",
                                  "evening", "day", "week", "month", "year", *WEEKDAYS, *FULL_MONTHS]) + ")"
_EARLIER = re.compile(
    r"\b(?:(?:previously|originally|initially|formerly|at first|"
    r"(?<!day )(?<!days )(?<!week )(?<!weeks )(?<!month )(?<!months )(?<!year )(?<!years )"
    rf"earlier(?!\s+{_TIME_WORDS}\b))(?: \w+){{0,2}} {_SAYING}|"
    r"had (?:\w+ly )?(?:said|reported|estimated|put|stated|announced|recommended|projected|forecast|predicted)|"
    r"(?:previous|earlier|original|initial|prior) (?:\w+ ){0,2}?(?:plan|estimate|figure|forecast|announcement|"
    r"report|count|tally|toll|version|proposal|target|guidance|projection|statement|pledge|offer|bid|budget|goal|"
    r"limit|cap|rule|recommendation)s?|"
    r"(?:down|up) from\s*$)\b", re.I)
# ... and a number just after "from" in a clause that says something changed to another number: "fell to 6.2
# percent from 6.7".
_CHANGED_FROM = re.compile(r"\b(?:rise|rose|risen|rising|fall|fell|fallen|falling|dropp?(?:ed|ing|s)?|climb\w*|"
                           r"jump\w*|grow|grew|grown|growing|increas\w*|decreas\w*|cut|cuts|reduc\w*|rais\w*|"
                           r"lower\w*|revis\w*|chang\w*|slash\w*|boost\w*|shr[iau]nk\w*)\b"
                           r".*\bto [$\u20ac\u00a3]?\d.*\bfrom\s*$", re.I)
_CLAUSE_BREAK = re.compile(r"[;:\u2014]|,\s+(?:which|who|while|but)\b|\b(?:now|currently)\b", re.I)
EARLIER_WINDOW = 8  # about a clause: "which had previously recommended" reaches its number


@dataclass
class C:
    """A claim inside one doc (character offsets)."""

    sentence: tuple[int, int]
    number: tuple[int, int]
    subject: str
    head: str
    value: float | str
    unit: str
    qualifier: str | None
    as_of: dt.date | None
    source: str | None
    earlier: bool = False


def find_claims(doc: Doc, quotes: list[Q], published: dt.date | None,
                times: list[TimeExpression]) -> list[C]:
    out: list[C] = []
    number_ents = [e for e in doc.ents if e.label_ in _NUMBER_LABELS]  # Span.ents rescans the doc: do it once
    place_ents = [e for e in doc.ents if e.label_ in _PLACE_LABELS]
    p_i = 0
    quotes = sorted(quotes, key=lambda q: q.content)
    e_i = 0
    for sent in block_sentences(doc):
        sent_ents = []
        while e_i < len(number_ents) and number_ents[e_i].start < sent.end:
            if number_ents[e_i].start >= sent.start:
                sent_ents.append(number_ents[e_i])
            e_i += 1
        sent_places = []
        while p_i < len(place_ents) and place_ents[p_i].start < sent.end:
            if place_ents[p_i].start >= sent.start:
                sent_places.append(place_ents[p_i])
            p_i += 1
        if not any(t.is_alpha for t in sent):
            continue
        taken: list[tuple[int, int]] = []
        # (span, value, unit, hedge, anchor, earlier: True/False when the phrase says, None to read the words)
        found: list[tuple[tuple[int, int], float | str, str, str | None, Token | None, bool | None]] = []
        text = sent.text
        for m in _EACH_WAY.finditer(text):
            value = parse_number(m.group("num"))
            if value is not None:
                span = (sent.start_char + m.start(), sent.start_char + m.end())
                found.append((span, value, "count", "each way", _token_after(doc, span[1]), None))
                taken.append(span)
        for m in _DURATION.finditer(text):
            num = m.group("num")
            value = parse_number(num if num.lower() != "a" else "one")
            span = (sent.start_char + m.start(), sent.start_char + m.end())
            if value is None or _overlaps(span, taken):
                continue
            adjectival = m.group(0).lower().endswith(("long", "old")) or text[m.end():m.end() + 4] == " of "
            found.append((span, value, f"duration-{m.group('unit').lower()}s", None,
                          _token_after(doc, span[1]) if adjectival else None, None))
            taken.append(span)
        for k, ent in enumerate(sent_ents):
            if _overlaps((ent.start_char, ent.end_char), taken):
                continue
            after = sent_ents[k + 1] if k + 1 < len(sent_ents) else None
            joined = after is not None and after.label_ != "ORDINAL" and \
                bool(_JOINED.fullmatch(doc_text(doc)[ent.end_char:after.start_char]))
            end, label = (after.end_char, after.label_) if joined else (ent.end_char, ent.label_)
            pair = _pair(doc, sent, ent.start_char, end, label, ent.root) if ent.label_ != "ORDINAL" else None
            if pair:
                found.extend(pair)
                taken.append((ent.start_char, end))
                continue
            item = _number_ent(ent)
            if item is not None:
                found.append((*item, None))
                taken.append((ent.start_char, ent.end_char))
        for tok in sent:
            if tok.lower_ in ADVERB_COUNTS and tok.pos_ == "ADV" and not _overlaps((tok.idx, tok.idx + 3), taken):
                found.append(((tok.idx, tok.idx + len(tok)), ADVERB_COUNTS[tok.lower_], "count", None, tok, None))
        for t in times:
            if not t.relative and sent.start_char <= t.start < sent.end_char and t.earliest:
                value = t.earliest.isoformat() if t.earliest == t.latest else \
                    f"{t.earliest.isoformat()}/{t.latest.isoformat()}"
                found.append(((t.start, t.end), value, "date", None, None, False))
        places = [p for p in map(_place, sent_places) if p is not None]
        if not found and not places:
            continue
        as_of = _as_of(sent, times, published)
        for span, value, noun in places:
            subject, head = _noun_phrase(noun, span), noun.lemma_.lower()
            out.append(C((sent.start_char, sent.end_char), span, subject, head, value, "place", None, as_of,
                         _source(span, quotes)))
        for span, value, unit, qualifier, anchor, earlier in found:
            subject, head = _subject(doc, span, anchor, unit)
            if unit == "count" and head.rstrip(".") in MONTHS:
                continue  # "Apr. 21": a day of a month, which the date stage reads, not 21 of something
            if earlier is None:
                earlier = _stated_earlier(doc_text(doc)[sent.start_char:span[0]])
            out.append(C((sent.start_char, sent.end_char), span, subject, head, value, unit, qualifier,
                         as_of, _source(span, quotes), earlier))
    return out


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in taken)


def _token_after(doc: Doc, char: int) -> Token | None:
    """The first word token starting at or after ``char``."""
    i = bisect.bisect_left(doc.user_data.setdefault("newsweave_starts", [t.idx for t in doc]), char)
    while i < len(doc):
        if doc[i].is_alpha:
            return doc[i]
        i += 1
    return None


def _number_ent(ent: Span):
    hedge, rest = split_hedge(ent.text)
    if ent.label_ == "ORDINAL":
        value = parse_ordinal(rest)
        return ((ent.start_char, ent.end_char), value, "ordinal", None, ent.root) if value else None
    if ent.label_ == "CARDINAL" and _YEAR.match(rest.strip()):
        return None
    unit = _UNITS.get(ent.label_, "count")
    if unit == "money" and not _CURRENCY_SIGN.search(ent.text) and measure(ent.root.lemma_) is not None \
            and ent.root.lemma_.lower() not in CURRENCY_UNITS:
        unit = "count"  # "as much as 42,000 gallons", which the tagger calls money
    value, _ = _leading_number(rest)
    if value is None:
        return None
    return (ent.start_char, ent.end_char), value, unit, hedge, ent.root


def _leading_number(text: str) -> tuple[float | None, list[str]]:
    """The value of the longest run of words at the start of ``text`` that is a number ("1.2 million people"
    as a QUANTITY: trailing non-number words dropped), and those words."""
    words = text.replace("%", " %").replace("$", "").split()
    while words:
        value = parse_number(" ".join(words))
        if value is not None:
            return value, words
        words.pop()
    return None, words


def _pair(doc: Doc, sent: Span, start: int, end: int, label: str, anchor: Token) -> list | None:
    """The two values of a range or a change written at ``start:end`` (see _PAIR), as ``found`` items: a range
    is at least its first number and up to its second; a change is its first number, earlier, and its second.
    None when the phrase holds one number, or two that are no range ("won 3-2", "the 2016-17 season")."""
    text = doc_text(doc)[start:end]
    hedge, rest = split_hedge(text)
    offset = end - len(rest)
    m = _PAIR.match(rest)
    if m is None:
        return None
    before = doc_text(doc)[sent.start_char:offset]
    lead = (m.group("lead") or "").strip().lower() or \
        next((w for w in before.lower().split()[-1:] if w in ("between", "from")), "")
    sep = m.group("sep").strip().lower()
    if sep == "and" and lead != "between":
        return None
    high, words = _leading_number(m.group("hi"))
    base = parse_number(words[0]) if words else None
    low = parse_number(m.group("lo") + (m.group("lo_unit") or "")) or parse_number(m.group("lo"))
    if high is None or low is None or not base:
        return None
    if not m.group("lo_unit") and high != base:
        low *= high / base  # "2 to 3 million": the scale of the second number is the first's too
    unit = _UNITS.get(label, "count")
    first = (offset + m.start("lo"), offset + m.end("lo_unit" if m.group("lo_unit") else "lo"))
    second = (offset + m.start("hi"), end)
    last = doc.char_span(*second, alignment_mode="expand")
    anchor = last.root if last is not None and len(last) else anchor  # "400" of "between 300 and 400 schools"
    spread = _SPREAD.search(re.sub(r"\s*\b(?:from|between)\s*$", "", before, flags=re.I))
    if lead == "from" and sep == "to" and not spread and low != high:
        return [(first, low, unit, hedge, anchor, True), (second, high, unit, None, anchor, False)]
    if low >= high or sep not in ("to", "and") and not _counted_after(doc, second[1], unit):
        return None  # "2-32 in four overs", "a 14-21 loss", "a 52-48 vote": figures and scores, not ranges
    return [(first, low, unit, "at least", anchor, None), (second, high, unit, "up to", anchor, None)]


def _counted_after(doc: Doc, end: int, unit: str) -> bool:
    """Whether a hyphenated pair ending at ``end`` is a range of a count: a percentage or amount, or followed by
    a plural noun ("30-35 people")."""
    if unit != "count":
        return True
    after = _token_after(doc, end)
    return after is not None and after.tag_ in ("NNS", "NNPS")


def _stated_earlier(before: str) -> bool:
    """Whether the words before a number (in its sentence) give it as superseded: see _EARLIER."""
    window = " ".join(_CLAUSE_BREAK.split(before)[-1].split()[-EARLIER_WINDOW:])
    return bool(_EARLIER.search(window) or _CHANGED_FROM.search(window))


def _place(ent: Span) -> tuple[tuple[int, int], str, Token] | None:
    """'talks hosted in Istanbul', 'the rounds took place in Istanbul': the place and the noun for what happened
    there (the noun the "in"/"at" phrase modifies, or the subject of the verb it modifies)."""
    prep = ent.root.head
    if ent.root.dep_ != "pobj" or prep.lower_ not in _PLACE_PREPS or prep.head.i == prep.i:
        return None
    attach: Token | None = prep.head
    for _ in range(4):  # climb over "in May" and "starting" in "took place earlier, starting in May in Istanbul"
        if attach is None or attach.pos_ == "NOUN" and attach.ent_type_ != "DATE":
            break
        if attach.ent_type_ == "DATE" and attach.dep_ == "pobj" and attach.head.head.i != attach.head.i:
            attach = attach.head.head
        elif attach.pos_ == "VERB" and attach.dep_ in ("acl", "relcl") and attach.head.pos_ == "NOUN":
            attach = attach.head  # "talks hosted in Istanbul"
        elif attach.pos_ in ("VERB", "AUX"):
            subject = next((c for c in attach.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None and attach.dep_ in ("advcl", "xcomp"):
                before = attach.doc[attach.i - 1] if attach.i > attach.sent.start else None
                # a run-on sentence parsed without the subject: "... the first two rounds took place in X"
                subject = before if before is not None and before.pos_ == "NOUN" and before.dep_ != "npadvmod" \
                    else None
                attach = subject if subject is not None or attach.dep_ != "advcl" else attach.head
                continue
            attach = subject
        else:
            return None
    if attach is None or attach.pos_ != "NOUN" or attach.ent_type_:
        return None
    return (ent.start_char, ent.end_char), ent.text, attach


def _noun_phrase(noun: Token, number: tuple[int, int]) -> str:
    words = [t for t in noun.lefts if t.dep_ in ("compound", "amod") and t.idx >= number[1]] + [noun]
    phrase = " ".join(t.text for t in words)
    of = _of_phrase(noun) or _earlier_of_phrase(noun)
    return phrase + " of " + of if of else phrase


def _earlier_of_phrase(noun: Token) -> str:
    """'a third round of peace talks ... the first two rounds': a noun repeated in its sentence without its
    "of" phrase takes the one it had earlier (the second mention elides it)."""
    for t in noun.sent:
        if t.i >= noun.i:
            break
        if t.lemma_ == noun.lemma_ and t.pos_ == noun.pos_:
            of = _of_phrase(t)
            if of:
                return of
    return ""


def _subject(doc: Doc, span: tuple[int, int], anchor: Token | None, unit: str) -> tuple[str, str]:
    if unit == "date":
        sent_root = doc.char_span(span[0], span[1], alignment_mode="expand")
        verb = sent_root.root.head if sent_root is not None else None
        while verb is not None and verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        if verb is None:
            return "", ""
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")), None)
        words = [verb.lemma_] + ([obj.lemma_] if obj is not None else [])
        return " ".join(words), verb.lemma_
    if anchor is None:
        return "", ""
    if anchor.lower_ in ADVERB_COUNTS:  # "met twice": the event counted is the verb
        verb = anchor.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        return verb.text, verb.lemma_
    noun = anchor
    hops = 0
    while noun.pos_ not in ("NOUN", "PROPN") or noun.like_num or noun.idx < span[1] and noun.i != anchor.i and False:
        if noun.head.i == noun.i or hops > 3:
            break
        noun = noun.head
        hops += 1
    if noun.pos_ not in ("NOUN", "PROPN") or noun.like_num:
        return "", ""
    while noun.dep_ == "compound" and noun.head.pos_ in ("NOUN", "PROPN") and noun.head.i > noun.i:
        noun = noun.head  # "prisoner swaps": the head of the compound is what is counted
    if noun.idx < span[1] and noun.lower_ in ("%", "percent") or noun.text == "%":
        of = _of_phrase(noun)
        return (of, of.split()[-1].lower() if of else "")
    if noun.lower_ == "times" and noun.dep_ in ("npadvmod", "dobj", "advmod") and noun.head.pos_ in ("VERB", "AUX"):
        return f"times {noun.head.text}", noun.head.lemma_  # "downgraded nine times": a count of the verb's event
    phrase = _noun_phrase(noun, span)
    if noun.dep_ == "nsubjpass" and noun.head.pos_ == "VERB":  # "1.2 million people have been killed"
        verbs = [noun.head] + [c for c in noun.head.children if c.dep_ == "conj" and c.pos_ == "VERB"]
        phrase += " " + " or ".join(v.text for v in verbs)
    return phrase, noun.lemma_.lower()


def _of_phrase(noun: Token) -> str:
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            obj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if obj is not None:
                words = [t for t in obj.lefts if t.dep_ in ("compound", "amod", "poss", "case")] + [obj]
                return " ".join(t.text for t in words).replace(" 's", "'s").replace(" \u2019s", "\u2019s")
    return ""


_OPEN_ENDED = ("since", "by", "until", "till", "through", "from")


def _as_of(sent: Span, times: list[TimeExpression], published: dt.date | None) -> dt.date | None:
    """When the sentence's fact holds: a past date it names ("in June 2024"), unless that date only opens a
    period running to now ("since May") or the sentence is about the future; else the article's date."""
    future = any(t.lower_ in ("will", "'ll") for t in sent)
    for t in times:
        if not (sent.start_char <= t.start < sent.end_char) or t.latest is None or future:
            continue
        if published is not None and t.latest > published:
            continue
        if t.relative and published is None:
            continue
        before = doc_text(sent.doc)[max(sent.start_char, t.start - 8):t.start].lower().split()
        if t.text.lower().startswith(_OPEN_ENDED) or before and before[-1] in _OPEN_ENDED or \
                _in_since_clause(sent, t.start):
            continue
        return t.latest
    return published


def _in_since_clause(sent: Span, char: int) -> bool:
    """'Since Putin ordered the invasion in February 2022, ...': the date opens a period, it is not when."""
    tok = next((t for t in sent if t.idx >= char), None)
    while tok is not None:
        if any(c.lower_ == "since" and c.dep_ in ("mark", "prep") for c in tok.children) or tok.lower_ == "since":
            return True
        if tok.head.i == tok.i:
            return False
        tok = tok.head
    return False


def _source(number: tuple[int, int], quotes: list[Q]) -> str | None:
    """The speaker of the quote or reported statement the number is part of (``quotes`` sorted by start)."""
    i = bisect.bisect_right(quotes, number[0], key=lambda q: q.content[0])
    for q in reversed(quotes[max(0, i - 8):i]):  # quotes starting at or before the number, nearest first
        if q.speaker_text and q.content[0] <= number[0] < q.content[1]:
            return q.speaker_text
    return None
