"""Claims in text of another language, found without a parser (issue 17).

A number is a claim when a word follows it: "40 судов", "40 Schiffe", "1,5 Mio. Euro", "20 Prozent der
Fläche", "yüzde 20", "doce escuelas". Digits are read the language's way (:func:`newsweave.nlp.numbers.
parse_digits`: decimal comma, thousands grouped by points or spaces); scale words multiply ("12 тыс.", "mil
millones"); number words of 2..12 and the tens count too (:data:`newsweave.lexicon.FOREIGN_NUMBER_WORDS`).
The unit is a share when a percent sign or word goes with it, money when a currency does, a duration when a
unit of time follows ("35 Stunden"), else a count; a hedge before it ("более", "mehr als", "casi") is kept as
the English hedge it means, which the comparison reads, and a range ("de 1 a 3 pulgadas", "от 10 до 20 тыс.",
"zwischen 300 und 400") is two claims: at least its first number and up to its second. Years, the day of a
date, times of day, ordinals ("3.", "3º", "1er") and numbers inside words ("COVID-19") are not claims; an age
("11-летняя", "37enne") is a duration in years.

The subject is the word after the number (after an article or preposition: "20 % der Fläche"), the head
that word in lower case; the source is the speaker of the quote the number stands in, else the person named
nearest a speech verb of the sentence ("Фидан сообщил, что ... 40 судов"); ``as_of`` a past date the
sentence names, else the article's date.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re

from ..dates import FOREIGN_MONTHS, MONTHS
from ..lexicon import (FOREIGN_CURRENCIES, FOREIGN_DURATIONS, FOREIGN_HEDGES, FOREIGN_NUMBER_WORDS,
                       FOREIGN_PERCENT_AFTER, FOREIGN_PERCENT_BEFORE, FOREIGN_SCALES, FOREIGN_SPEECH_VERBS,
                       VERB_FINAL)
from ..model import Claim, Quote, TextSpan, TimeExpression
from ..normalize import fold_case
from .numbers import DECIMAL_COMMA, parse_digits


_CURRENCY_SIGNS = "$€£₽₺₴"
_DIGITS = re.compile(rf"(?<![\w.,:/#№])(?<![^\W\d]-)(?P<sign>[{_CURRENCY_SIGNS}]\s?|%\s?)?"
                     r"(?P<num>\d{1,3}(?:[.,\u00a0\u202f '’]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
                     r"(?![\w°º])(?![.,:/]\d)(?!-[^\W\d])")
# An age written as one word with its number ("35-летняя", "11-річний", "37enne", "80-jährige", "35 yaşındaki"):
# a duration in years, as the English "35-year-old".
_AGE = re.compile(r"(?<![\w.,-])(?P<num>\d{1,3})(?:-|\s)?(?:летн|річн|jährig|enne\b|letni|yaşında)[\w]*", re.I)
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s+[\"«„“‘(]?[A-ZÀ-ÖØ-ÞА-ЯЁІЇЄҐ0-9])|\n|$")
# Words ending in a point that do not end a sentence ("1,5 Mio. Euro", "2024 г. в", "ca. 20"): scale words,
# single letters and these.
_ABBREVIATIONS = frozenset("ca. bzw. z.b. nr. no. art. ok. ok proc. г. гг. ул. им. т.е. etc. vs. sr. sra. dr. "
                           "prof. mme. m. st.".split())
# Words between a number and what it counts: articles and the prepositions of "20 % der Fläche",
# "20 % de la superficie", "40 de ellos".
_LINKS = frozenset("der die das des dem den von vom de del la le les l' l’ du d' d’ di dei degli delle della "
                   "do da dos das het van z ze из з".split())
# Words that end what a number counts before it starts: conjunctions and prepositions.
_STOPS = frozenset("und oder et ou y o e ed и или і та ve veya ile oraz lub en in im am auf bei mit zu für aus nach "
                   "dans sur pour par avec con por para su per sul в на с по для у от к w na z za".split())
# What joins the two numbers of a range: "to" words and dashes, or "and" after a "between" word.
_RANGE_TO = re.compile(r"\s*(?:[-–—]|\s(?:a|à|al|bis|до|do|ila|to|fino a)\s)\s*", re.I)
_RANGE_AND = re.compile(r"\s+(?:y|und|et|e|и|і|i|ve|en)\s+", re.I)
_RANGE_BETWEEN = frozenset("entre zwischen tra fra между між pomiędzy między tussen".split())
_TIME_OF_DAY = frozenset({"uhr", "h", "ч.", "godz.", "saat"})
_TURKISH_CASE = re.compile(r"^['’]\w+")
_ELIDED = re.compile(r"^[dl]['’]")


def find_claims(text: str, language: str, quotes: tuple[Quote, ...] = (), people: list[tuple[int, int, str]] = (),
                published: dt.date | None = None, times: list[TimeExpression] | None = None) -> list[Claim]:
    """The claims of ``text`` (in ``language``, ISO 639-1), each one number and what it counts; ``people`` are
    the spans naming a person, each with the person's full name."""
    words = _folded_number_words(language)
    word_number = _number_words(language)
    hedges = FOREIGN_HEDGES.get(language, {})
    quotes = tuple(sorted(quotes, key=lambda q: q.content.start))
    starts = ([q.content.start for q in quotes], [start for start, _, _ in people])
    speakers: dict[int, str | None] = {}  # sentence start -> the person named nearest a speech verb in it
    out: list[Claim] = []
    for s0, s1 in _sentences(text):
        found = [(m.start("num") if m.group("sign") and m.group("sign")[0] == "%" else m.start(), m.end(),
                  _digits(m, language), None) for m in _DIGITS.finditer(text, s0, s1)]
        found += [(m.start(), m.end(), float(m.group("num")), "duration-years") for m in _AGE.finditer(text, s0, s1)]
        if word_number is not None:
            found += [(m.start(), m.end(), float(words[fold_case(m.group(0))]), None)
                      for m in word_number.finditer(text, s0, s1)]
        as_of = None
        taken = s0
        found.sort(key=lambda f: f[0])
        for i, (start, end, value, age) in enumerate(found):
            if value is None or start < taken or _not_a_claim(text, start, end, value, language):
                continue
            upper = found[i + 1] if i + 1 < len(found) and found[i + 1][2] is not None and found[i + 1][2] > value \
                and _range(text, s0, start, end, found[i + 1][0]) else None  # (not a score: "3-0")
            # a range ("de 1 a 3 pulgadas", "от 10 до 20 тыс. человек") is two claims: at least its first
            # number and at most its second, both of what follows the second
            last_start, last_end, last_value, _ = upper or found[i]
            if last_value is None:
                continue
            reading = _reading(text, last_start, last_end, s1, last_value, language)
            if reading is None:
                continue
            high, unit, subject, number_end = reading
            unit = age or unit
            taken = number_end
            if as_of is None:
                as_of = _as_of(s0, s1, times or [], published)
            source = _source(text, s0, s1, start, language, quotes, people, starts, speakers)
            if upper:
                spans = [(start, end, value * high / upper[2], "at least"), (upper[0], number_end, high, "up to")]
            else:
                spans = [(start, number_end, high, _hedge(text, s0, start, hedges, language))]
            out.extend(Claim(TextSpan(s0, s1, text[s0:s1]), TextSpan(a, b, text[a:b]), subject, v, unit, hedge,
                             as_of, source, subject.split()[0].lower()) for a, b, v, hedge in spans)
    return out


@functools.lru_cache(maxsize=None)
def _folded_number_words(language: str) -> dict[str, int]:
    """The number words of ``language`` keyed as the case-blind pattern of :func:`_number_words` matches them
    ("İKİ", "İki": ``normalize.fold_case``)."""
    return {fold_case(word): value for word, value in FOREIGN_NUMBER_WORDS.get(language, {}).items()}


@functools.lru_cache(maxsize=None)
def _number_words(language: str) -> re.Pattern | None:
    """The number words of ``language`` (FOREIGN_NUMBER_WORDS) as one pattern, or None when it has none."""
    words = FOREIGN_NUMBER_WORDS.get(language)
    if not words:
        return None
    return re.compile(r"(?<![\w'’-])(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True))
                      + r")(?![\w'’-])", re.I)


def _range(text: str, sentence_start: int, start: int, end: int, next_start: int) -> bool:
    """Whether the number at ``start:end`` opens a range closed by the number at ``next_start``: "1 bis 3",
    "1 a 3", "1–3", "от 1 до 3", "entre 1 y 3", "zwischen 1 und 3"."""
    between = text[end:next_start]
    if _RANGE_TO.fullmatch(between):
        return True
    before = text[max(sentence_start, start - 12):start].split()
    return bool(_RANGE_AND.fullmatch(between)) and bool(before) and before[-1].lower() in _RANGE_BETWEEN


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: ends at a line break or at ., ! or ? before a capital, except after an
    abbreviation, a single letter or a number (a German day or ordinal)."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        word = text[max(start, m.start() - 12):m.end()].split()
        word = word[-1].lower() if word else ""
        if m.group(0).startswith(".") and (_abbreviation(word) or len(word.rstrip(".")) == 1
                                           or word.rstrip(".").isdigit()):  # "am 12. März", "der 3. Tag"
            continue
        if text[start:m.end()].strip():
            out.append((start + len(text[start:m.end()]) - len(text[start:m.end()].lstrip()), m.end()))
        start = m.end()
    return out


def _digits(m: re.Match, language: str) -> float | None:
    return parse_digits(m.group("num"), language in DECIMAL_COMMA)


def _not_a_claim(text: str, start: int, end: int, value: float, language: str) -> bool:
    """A year, the day of a date, a time of day, an ordinal, or a number that only labels something."""
    after = text[end:end + 24]
    before = text[max(0, start - 16):start].split()
    following = [w.lower().strip(".,;:") for w in after.lstrip(". ").split()]
    nxt = next((w for w in following if w not in _LINKS), "")  # "14 de marzo": the word after "de"
    if nxt in FOREIGN_MONTHS or nxt in MONTHS or (before and before[-1].lower().strip(".,") in FOREIGN_MONTHS):
        return True  # "14 марта", "14. März", "le 14 mars": a day
    if re.fullmatch(r"\d{4}", text[start:end]) and 1800 <= value <= 2100 and \
            not any(nxt.startswith(w) for w in FOREIGN_SCALES):
        return True  # a year
    if nxt in _TIME_OF_DAY or re.match(r"\s*(?:h|ч)\s*\d", after):
        return True
    if len(before) >= 2 and before[-1].lower() in _LINKS and (before[-2][0].isdigit() or
                                                              _is_number(before[-2], language)):
        return True  # the five of "vier von fünf Zügen": a ratio's base
    return bool(before) and before[-1].lower() in ("nr.", "no.", "nº", "№", "art.", "artikel", "article", "n°")


# The words after a number are read within this many characters of it: a number phrase is a few words ("1,5 Mio.
# Euro", "12 тыс. человек"), and a text without full stops would otherwise be read to its end for every number.
READ_AFTER_CHARS = 200


def _reading(text: str, start: int, end: int, limit: int, value: float, language: str):
    """(value, unit, subject, end of the number phrase) from the words after the number, or None when nothing
    follows it. Scale, percent and currency words extend the number phrase; the subject is the next one or two
    words ("40 Schiffe", "12 тыс. человек покинули"; one in a verb-final language), or the currency when the
    amount counts nothing else ("1,5 Mio. Euro bereit")."""
    sign = text[start:end].lstrip()[:1]
    unit = "money" if sign in _CURRENCY_SIGNS else "count"
    if text[max(0, start - 7):start].lower().rstrip().endswith(FOREIGN_PERCENT_BEFORE) or \
            text[max(0, start - 2):start].strip() == "%":
        unit = "percent"
    pos = end
    m = _TURKISH_CASE.match(text[pos:limit])  # "40'tan fazla gemi": the case ending of the number
    if m:
        pos += m.end()
    words = list(_WORD.finditer(text, pos, min(limit, pos + READ_AFTER_CHARS)))
    subject: list[str] = []
    currency = None
    number_end = end
    i = 0
    longest = 1 if language in VERB_FINAL else 2  # "40 geminin beklediğini": the verb follows the noun
    while i < len(words) and len(subject) < longest:
        w = words[i]
        gap = text[pos:w.start()].strip()
        if gap == "%":
            unit, number_end = "percent", text.index("%", pos) + 1
        elif gap or w.start() - pos > 3:
            break
        low = _ELIDED.sub("", w.group(0).lower())  # "d'euros"
        percent = next((p for p in FOREIGN_PERCENT_AFTER if text.startswith(p, w.start()) or
                        text[w.start():w.start() + len(p)].lower() == p), None)
        word = w.group(0) if _abbreviation(low) else w.group(0).rstrip(".")
        if low.rstrip(".") in _STOPS and not percent:
            break  # "2,3 milliards d'euros et ...": the amount counts nothing more
        if subject:
            subject.append(word)
        elif low in FOREIGN_SCALES or low.rstrip(".") in FOREIGN_SCALES:
            value *= FOREIGN_SCALES.get(low, FOREIGN_SCALES.get(low.rstrip(".")))
            number_end = w.start() + len(word)
        elif percent:
            unit = "percent"
            i += percent.count(" ")  # "pour cent": two words
            number_end = words[i].start() + len(words[i].group(0) if _abbreviation(words[i].group(0).lower())
                                                else words[i].group(0).rstrip("."))
        elif low.rstrip(".") in FOREIGN_CURRENCIES:
            unit, currency, number_end = "money", word, w.start() + len(word)
        elif low == "fazla" or low in _LINKS:
            # Turkish "more than" after the number (read by _hedge); an article or a preposition, or the
            # base of a ratio ("vier von fünf Zügen": what it counts comes after its second number)
            if low in _LINKS and i + 1 < len(words) and _is_number(words[i + 1].group(0), language):
                i += 1
        else:
            if low.rstrip(".") in FOREIGN_DURATIONS:
                unit = FOREIGN_DURATIONS[low.rstrip(".")]
            subject.append(word)
        if words[i].group(0).endswith(".") and not _abbreviation(words[i].group(0).lower()):
            break  # the end of the sentence
        pos = words[i].end()
        i += 1
    if not subject and currency:
        subject = [currency]
    if not subject:
        return None
    return value, unit, " ".join(subject), number_end


def _abbreviation(word: str) -> bool:
    """A word whose point does not end its sentence ("Mio.", "тыс.", "proc.", "ca.")."""
    return word.endswith(".") and (word in FOREIGN_SCALES or word in _ABBREVIATIONS or word in FOREIGN_PERCENT_AFTER)


def _is_number(word: str, language: str) -> bool:
    return word.lower() in FOREIGN_NUMBER_WORDS.get(language, {})


def _hedge(text: str, sentence_start: int, start: int, hedges: dict[str, str], language: str) -> str | None:
    """The English hedge for the words just before the number ("более 40" -> "more than"), or after it in
    Turkish ("40'tan fazla")."""
    before = " ".join(text[max(sentence_start, start - 30):start].lower().split())
    for phrase in sorted(hedges, key=len, reverse=True):
        if before == phrase or before.endswith(" " + phrase):
            return hedges[phrase]
    if language == "tr" and re.match(r"\S*\s+fazla\b", text[start:start + 30]):
        return "more than"
    return None


def _as_of(s0: int, s1: int, times: list[TimeExpression], published: dt.date | None) -> dt.date | None:
    """A past date the sentence names outright, else the article's date."""
    for t in times:
        if s0 <= t.start < s1 and not t.relative and t.latest is not None and \
                (published is None or t.latest <= published):
            return t.latest
    return published


def _source(text: str, s0: int, s1: int, at: int, language: str, quotes: tuple[Quote, ...],
            people: list[tuple[int, int, str]], starts: tuple[list[int], list[int]],
            speakers: dict[int, str | None]) -> str | None:
    """The speaker of the quote the number stands in, else the person named nearest a speech verb of its
    sentence (the verb may close the sentence: Turkish "Fidan, ... 40 geminin beklediğini söyledi"). ``quotes``
    and ``people`` are in the order of the text, ``starts`` where each of them starts; ``speakers`` keeps the
    person found for each sentence (the same for every number in it)."""
    quote_starts, people_starts = starts
    i = bisect.bisect_right(quote_starts, at)
    for q in quotes[max(0, i - 8):i]:  # the quotes starting at or before the number: one of the last may hold it
        if q.content.start <= at < q.content.end and q.speaker:
            return q.speaker
    if s0 not in speakers:
        speakers[s0] = _nearest_speaker(text, s0, s1, language, people, people_starts)
    return speakers[s0]


# A person is looked for within this many characters of a speech verb: the whole of any real sentence, while a
# text without full stops (one sentence of thousands of verbs and names) is not read pairwise.
SPEAKER_REACH = 2_000


def _nearest_speaker(text: str, s0: int, s1: int, language: str, people: list[tuple[int, int, str]],
                     people_starts: list[int]) -> str | None:
    """The person named nearest a speech verb of the sentence ``text[s0:s1]``, or None."""
    verbs = FOREIGN_SPEECH_VERBS.get(language, frozenset())
    lo, hi = bisect.bisect_left(people_starts, s0), bisect.bisect_left(people_starts, s1)
    best = None
    for cue in _WORD.finditer(text, s0, s1):
        if cue.group(0).lower().rstrip(".") not in verbs:
            continue
        a = bisect.bisect_left(people_starts, cue.start() - SPEAKER_REACH, lo, hi)
        b = bisect.bisect_left(people_starts, cue.end() + SPEAKER_REACH, lo, hi)
        for start, end, name in people[a:b]:
            distance = min(abs(cue.start() - end), abs(start - cue.end()))
            if best is None or distance < best[0]:
                best = (distance, name)
    return best[1] if best else None
