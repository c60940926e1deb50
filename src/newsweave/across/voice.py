"""Whose voice a sentence speaks in: the reporter's account of what happened, or an outlet's own judgement.

A brief repeats what happened and who said what; it does not carry one outlet's verdict ("what most observers
should consider obvious", "a disastrous summit"). Two signals, both read only in the outlet's own words (the
sentence less what it puts in quotation marks, which is the speaker's and attributed as such):

- evaluative words: adjectives a subjectivity lexicon marks as both subjective and polar. The lexicon is the
  one TextBlob ships (``textblob/en/en-sentiment.xml``, De Smedt & Daelemans' adjective lexicon from Pattern,
  PDDL; hand-tagged per word sense), read as data with defusedxml: TextBlob itself is never imported;
- opinion markers: the writer's own stance ("obviously", "of course", "most observers", "we", "our"; and
  "should consider", "clearly" in a sentence that attributes nothing to anyone).

The stance of a report of someone's words (:func:`stance`) is read from the same sentence: the verb that
attributes it (neutral "said", distancing "claimed", endorsing "pointed out") and a dispute in the outlet's
own words ("..., a claim the ministry denied").
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from defusedxml import ElementTree

from ..nlp.quotemarks import find_quoted

LEXICON_PACKAGE = "textblob"
LEXICON_FILE = ("en", "en-sentiment.xml")
# A word is evaluative when its senses average at least this subjectivity and at least this polarity either
# way. Set by reading the lexicon's news vocabulary: subjectivity alone marks plain words ("possible" 1.0,
# "key" 1.0, "final" 1.0, "only" 1.0, "likely" 1.0, "total" 0.75), all of polarity 0; requiring polarity too
# keeps the judging ones ("horrible", "disastrous", "ridiculous", "great", "wrong", "serious", "brutal").
EVALUATIVE_SUBJECTIVITY = 0.6
EVALUATIVE_POLARITY = 0.3

_WORD = re.compile(r"[A-Za-z][a-z]+(?:-[a-z]+)*")
# The writer's own stance: adverbs of certainty and opinion, the first person, "should"/"must" + verb of
# judgement. News reports use none of these in their own voice.
_OPINION = re.compile(r"\b(?:(?:should|must) (?:\w+ )?(?:consider|recogni[sz]e|admit|realise|realize|accept|know)|"
                      r"clearly)\b", re.I)
# ... and markers nobody is reported to say: the writer's, even in a sentence that reports someone ("The
# Kremlin confirmed what most observers should consider obvious").
_WRITER = re.compile(r"\b(?:obvious(?:ly)?|of course|undoubtedly|unquestionably|needless to say|frankly|sadly|"
                     r"thankfully|fortunately|unfortunately|ironically|laughably|shamefully|most observers|"
                     r"it is (?:clear|evident) that)\b", re.I)
_FIRST_PERSON = re.compile(r"(?<![\w'])(?:[Ww]e|[Oo]ur|us|I|[Mm]y)\b")  # case-sensitive: "US" is a country
# Words that credit someone with what follows. Inflected forms only, and none that is also a common noun
# ("talks", "claims", "calls", "reports"): the brief's sentences are not parsed.
_ATTRIBUTION = re.compile(r"\b(?:according to|(?:said|says|told|tells|added|adds|stated|declared|announced|argued|"
                          r"insisted|wrote|writes|noted|warned|explained|testified|alleged|acknowledged|admitted|"
                          r"denied|denies|confirmed|contended|asserted|maintained|stressed|emphasi[sz]ed|"
                          r"reiterated|believes|believed|thinks|suggested|predicted|accused|complained))\b", re.I)


@lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[float, float]]:
    """Word -> (polarity, subjectivity), averaged over the word's senses; empty when TextBlob is absent."""
    spec = importlib.util.find_spec(LEXICON_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return {}
    path = Path(next(iter(spec.submodule_search_locations))).joinpath(*LEXICON_FILE)
    if not path.is_file():
        return {}
    senses: dict[str, list[tuple[float, float]]] = {}
    for word in ElementTree.parse(path).getroot().iter("word"):
        form = (word.get("form") or "").lower()
        try:
            senses.setdefault(form, []).append((float(word.get("polarity")), float(word.get("subjectivity"))))
        except (TypeError, ValueError):
            continue
    return {w: (sum(p for p, _ in v) / len(v), sum(s for _, s in v) / len(v)) for w, v in senses.items()}


@lru_cache(maxsize=1)
def evaluative_lexicon() -> frozenset[str]:
    """The words judged evaluative (see EVALUATIVE_SUBJECTIVITY)."""
    return frozenset(w for w, (p, s) in lexicon().items()
                     if s >= EVALUATIVE_SUBJECTIVITY and abs(p) >= EVALUATIVE_POLARITY)


def own_words(sentence: str) -> str:
    """The sentence less what it quotes (each quotation replaced by a space)."""
    out, last = [], 0
    for q in find_quoted(sentence):
        out.append(sentence[last:q.start])
        last = q.end
    return " ".join(out + [sentence[last:]])


def evaluative_words(text: str) -> list[str]:
    """The evaluative words of a text, in order (all of it: pass :func:`own_words` for the outlet's). Forms in
    -ed and -ing are left out: the lexicon lists adjectives, and unparsed such forms are mostly verbs ("officials
    confirmed", "winning the primary")."""
    judged = evaluative_lexicon()
    return [w for w in _WORD.findall(text) if w.lower() in judged and not w.lower().endswith(("ed", "ing"))]


# Attribution verbs that keep the reporter's distance from what is said ("claimed", "alleged"), and those that
# present it as so ("pointed out", "revealed"): the usual classes of reporting verbs in news-language studies.
DISTANCING_VERBS = frozenset("claim claims claimed alleged alleges insisted insists purported purports "
                             "maintained maintains asserted asserts contended contends".split())
ENDORSING_VERBS = frozenset("noted notes pointed revealed reveals explained explains showed shows demonstrated "
                            "demonstrates confirmed confirms acknowledged acknowledges".split())


def stance(sentence: str, evidence: str = "") -> str:
    """How a sentence reports someone's words: ``disputing`` (its own words dispute them: "a claim the ministry
    denied", "called the report false"), ``distancing`` ("claimed", "alleged"), ``endorsing`` ("pointed out",
    "revealed") or ``neutral`` ("said", "told"). ``evidence`` is the attributing words ("Peskov told")."""
    from .disputes import dispute_cue  # disputes reads sentences as this module does

    own = own_words(sentence)
    if dispute_cue(own) is not None:
        return "disputing"
    cue = {w.lower() for w in _WORD.findall(evidence)}
    if cue & DISTANCING_VERBS:
        return "distancing"
    if cue & ENDORSING_VERBS:
        return "endorsing"
    return "neutral"


def writer_markers(text: str) -> list[str]:
    """The markers in a text that only a writer uses in their own voice ("most observers", "obviously"): reported
    words holding one are the writer's framing, whoever the sentence names ("The Kremlin confirmed what most
    observers should consider obvious ...")."""
    return [m.group(0) for m in _WRITER.finditer(own_words(text))]


def editorial(sentence: str) -> list[str]:
    """Why a sentence speaks in its outlet's voice: its evaluative words, opinion markers (only where the
    sentence attributes nothing) and first-person words outside quotation marks; empty for a neutral report."""
    own = own_words(sentence)
    found = evaluative_words(own)
    if not _ATTRIBUTION.search(own):
        found += [m.group(0) for m in _OPINION.finditer(own)]
    found += writer_markers(own)
    return found + [m.group(0) for m in _FIRST_PERSON.finditer(own)]  # outside quotes, "we" is the outlet
