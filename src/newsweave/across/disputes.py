"""Disputes between outlets: one report states something, another reports it denied, rejected or disputed.

Numbers are compared as values (``claims``); most disagreement in news is not a value but a denial ("the
defence denied that he incited the riot"), a rejection ("Democrats rejected McConnell's demand"), a dispute
("the 35% figure drew condemnation") or a dismissal ("called the report fake news"). A sentence carrying such
a cue disputes a sentence of another independent outlet's report of the same event when they are about the
same matter, named in the sentence itself (not "rejected this proposal"): the words after the cue (or, for
"drew condemnation", before it) share telling word stems with the other sentence, and the two sentences are
close in meaning. The sentence that states the matter must carry no such cue itself (two reports of one
denial agree).

Each dispute is a :class:`ClaimComparison` of status ``disputed``: its first side is what is stated, its second
the disputing report, each value holding its sentence, outlet and date, and the cue as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..embed import embed_cached
from ..model import ClaimComparison, ClaimValue, ScopeArticle
from ..stories import content_words
from .scope import Material
from .statements import rare_stems, sentence_spans, words

# The disputed matter and the stating sentence share at least this many telling word stems (five-letter stems
# of lower-case content words: names are left out, since every sentence of a story names the same people) ...
DISPUTE_SHARED_STEMS = 1
# ... and the two sentences have at least this cosine (MiniLM). Both set on ClaimDiff dev
# (../shared/eval/claims, benchmarks/claimdiff.py prints the grid): disputing pairs there score 0.3-0.65, and
# two shared stems leave one pair in 1,116; (1, 0.3) flags 10 pairs, 7 of them "differ". In a story, each
# disputing sentence is paired only with its closest stating sentence of each other outlet.
DISPUTE_SIMILAR = 0.3
# A disputing sentence is compared with at most this many sentences of each other outlet: those holding most of the
# disputed matter's telling stems (then most content words of the disputing sentence). In a large event every
# outlet has dozens of sentences sharing one stem of the matter, and the closest of them by embedding is mostly
# about the story, not the matter. Read on the oil-spill storyline of benchmarks/scale.py's latency store (583
# articles, 118 disputing sentence and outlet pairs): the pick among the 8 is the pick among all in 71 pairs; of
# the 47 where it differs, it is a real dispute in three ("reported spill amounts five times higher than their
# earlier estimate" against "disputed the new estimates"; "scientists have found giant plumes of oil" against
# "dismiss the reports as scientifically unlikely") where the pick among all is none; and 772 sentences are
# embedded instead of 4,677. ClaimDiff's pairs (one sentence a side) are unchanged.
DISPUTE_CANDIDATES = 8
# Sentences of this many words or more only (a headline fragment names no matter).
MIN_WORDS = 6
# At most this many sentences per article are read for cues (news states the disputes of a story early).
SENTENCES_PER_ARTICLE = 60

# What a dispute is about: a proposition, given as a "that" clause or a noun for something said or found
# ("rejected the claim that", "disputed the figures"). Denying a request or dismissing a case is procedure,
# not a disagreement over what is so.
_SAID_NOUNS = (r"(?:claims?|allegations?|accusations?|reports?|arguments?|assertions?|suggestions?|notion|idea|"
               r"characteri[sz]ations?|charges?|accounts?|story|stories|statements?|premise|narrative|findings?|"
               r"conclusions?|figures?|numbers?|estimates?|data|version|description|demands?|proposals?|"
               r"interpretation|assessment|analysis|assertion|theory|theories|rumou?rs?)")
# What disputes what follows it: a verb of denial or rejection taking a proposition, "no evidence that",
# "is not true", "called it false" and the like.
_CUE_AFTER = re.compile(
    r"\b(?:(?:den(?:y|ies|ied|ying)|reject(?:s|ed|ing)?|disput(?:e|es|ed|ing)|refut(?:e|es|ed|ing)|"
    r"rebut(?:s|ted|ting)?|contradict(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|challeng(?:e|es|ed|ing)|"
    r"pushed back (?:on|against)|took issue with|disagreed with)(?: \w+ly)?"
    r"(?: that\b| (?:(?:the|a|an|all|any|his|her|their|its|this|these|those|such|[A-Z][\w.'’-]*|\w+'s?)"
    r" ){0,3}" + _SAID_NOUNS + r"\b)|"
    r"denials? of|no evidence (?:that|of)|(?:is|was|are|were) (?:not true|false|untrue|baseless|unfounded)"
    # as the predicate ("the report is false, she said"), not before a noun ("the theories are false statements")
    r"(?=\s*(?:[,.;:!?\"”’')]|$)|\s+(?:and|or|but|that|in|on|by|to|as|because|according)\b)|"
    r"call(?:s|ed|ing)? (?:\w+ ){0,3}(?:false|untrue|baseless|a lie|lies|fake|a hoax|fiction|nonsense))",
    re.I)
# What disputes what comes before it: "the figure drew condemnation", "the claim was widely criticised",
# "..., a claim the ministry denied".
_CUE_BEFORE = re.compile(
    r"\b(?:(?:dr(?:ew|aws|awn|awing)|spark(?:s|ed|ing)|prompt(?:s|ed|ing)|provok(?:es|ed|ing)|"
    r"(?:met|meets?|meeting) with|fac(?:es|ed|ing)) (?:\w+ ){0,2}(?:condemnation|criticism|"
    r"outrage|outcry|uproar|anger|fury|protests?|objections?|backlash|ridicule|scepticism|skepticism|denials?|"
    r"rebukes?)|"
    r"(?:was|were|has been|have been) (?:widely |sharply |roundly )?(?:critici[sz]ed|condemned|disputed|"
    r"rejected|denied|questioned|debunked)|"
    r"an? " + _SAID_NOUNS + r" (?:that |which )?(?:[\w'’-]+ ){1,4}(?:has |had |have )?"
    r"(?:denie[sd]|disputed?s?|rejecte?d?s?|dismisse[sd]|refuted?s?|called false))\b", re.I)


# What comes before a cue of _CUE_BEFORE is a disputed matter only when it names something said or a number ("the
# 35% figure drew condemnation", "the claim was widely criticised"): "BP faces growing criticism", "Both BP and the
# government have been criticised for their response" criticise an actor, not anything another outlet states, and
# their cue gets no matter. (On the oil-spill storyline of benchmarks/scale.py's latency store, 21 of 59 disputing
# sentences were of that kind, each matched with a loosely related sentence of every other outlet.)
_NAMES_A_PROPOSITION = re.compile(r"\b" + _SAID_NOUNS + r"\b|\d", re.I)


@dataclass(frozen=True)
class Cue:
    """A dispute cue in a sentence: its words, and the part of the sentence it disputes."""

    words: str
    matter: str


def dispute_cue(sentence: str) -> Cue | None:
    """The first dispute cue of a sentence and the matter it disputes, or None."""
    m = _CUE_AFTER.search(sentence)
    if m:  # the matter starts after the verb: "rejected [McConnell's filibuster demand]", "denied that [...]"
        start = m.end() if m.group(0).lower().endswith(" that") else m.start() + len(m.group(0).split()[0])
        return Cue(m.group(0), sentence[start:])
    m = _CUE_BEFORE.search(sentence)
    if m:  # criticism of an actor disputes no matter, but the sentence still states no plain fact
        return Cue(m.group(0), sentence[:m.start()] if _NAMES_A_PROPOSITION.search(sentence[:m.start()]) else "")
    return None


# A matter named only by a pointer to an earlier sentence ("rejected this proposal", "His announcement was
# condemned"): what is disputed is not in the sentence, so it cannot be matched with another outlet's.
_ANAPHORIC = re.compile(r"^\W*(?:this|these|that|those|it|its|his|her|their|such)\b(?!\s+(?:claim|allegation|"
                        r"report|idea|notion|suggestion|assertion|argument)s?\s+that\b)", re.I)


def comparable(cue: Cue) -> bool:
    """Whether a cue's matter can be compared with another sentence: named in the sentence, not pointed to."""
    return bool(rare_stems(cue.matter)) and not _ANAPHORIC.match(cue.matter)


def disputing_cue(sentence: str) -> Cue | None:
    """The dispute cue of a sentence whose matter can be compared (:func:`comparable`), or None."""
    cue = dispute_cue(sentence)
    return cue if cue is not None and comparable(cue) else None


def about_same(cue: Cue, stated: str, cosine: float) -> bool:
    """Whether a stating sentence is about the matter a cue disputes (see DISPUTE_SHARED_STEMS)."""
    return _shares(rare_stems(cue.matter), rare_stems(stated)) and cosine >= DISPUTE_SIMILAR


def _shares(matter: frozenset[str], stated: frozenset[str]) -> bool:
    """The stated sentence's stems hold DISPUTE_SHARED_STEMS of the matter's, or all of a shorter matter's ("the
    35% figure")."""
    return len(matter & stated) >= min(DISPUTE_SHARED_STEMS, len(matter))


@dataclass
class _Sentence:
    article: ScopeArticle
    text: str
    cue: Cue | None
    stems: frozenset[str] = frozenset()  # its rare_stems, found once where needed


def find_disputes(material: Material) -> list[ClaimComparison]:
    """Every statement of the scope that another independent outlet reports disputed."""
    sentences: list[_Sentence] = []
    for a in material.scope.articles:
        if a.copy_of is not None and a.copy_of in material.by_id:
            continue  # a syndicated copy says what its original says
        for start, end in sentence_spans(a.text)[:SENTENCES_PER_ARTICLE]:
            text = " ".join(a.text[start:end].split())
            if len(words(text)) >= MIN_WORDS:
                sentences.append(_Sentence(a, text, dispute_cue(text)))
    disputing = [s for s in sentences if s.cue is not None and comparable(s.cue)]
    if not disputing:
        return []
    stating: dict[int, list[_Sentence]] = {}  # event -> its sentences that dispute nothing, in order
    disputed_events = {d.article.story for d in disputing}
    for s in sentences:
        if s.cue is None and s.article.story in disputed_events:
            s.stems = rare_stems(s.text)
            stating.setdefault(s.article.story, []).append(s)
    candidates: list[tuple[_Sentence, _Sentence]] = []
    for d in disputing:
        matter, said = rare_stems(d.cue.matter), content_words(d.text)
        by_outlet: dict[str, list[tuple[int, int, int, _Sentence]]] = {}
        for n, s in enumerate(stating.get(d.article.story, ())):
            if s.article.outlet != d.article.outlet and _shares(matter, s.stems) \
                    and material.independent([s.article.id, d.article.id]) >= 2:
                by_outlet.setdefault(s.article.outlet, []).append(
                    (-len(matter & s.stems), -len(said & content_words(s.text)), n, s))
        for ranked in by_outlet.values():
            candidates.extend((s, d) for *_, s in sorted(ranked, key=lambda x: x[:3])[:DISPUTE_CANDIDATES])
    if not candidates:
        return []
    vectors = dict(zip(texts := list(dict.fromkeys(t for pair in candidates for t in (pair[0].text, pair[1].text))),
                       embed_cached(texts)))
    best: dict[tuple[int, str, str], tuple[float, _Sentence, _Sentence]] = {}
    for s, d in candidates:  # each disputing sentence: its closest stating sentence of each outlet
        cosine = float(vectors[s.text] @ vectors[d.text])  # (the stems were checked when pairing)
        key = (d.article.id, d.text, s.article.outlet)
        if cosine >= DISPUTE_SIMILAR and (key not in best or cosine > best[key][0]):
            best[key] = (cosine, s, d)
    out: list[ClaimComparison] = []
    seen: set[tuple[str, str]] = set()
    for _, s, d in sorted(best.values(), key=lambda x: -x[0]):
        if (s.text, d.text) in seen:
            continue
        seen.add((s.text, d.text))
        values = (_value(s, "states"), _value(d, d.cue.words))
        summary = f"{s.article.outlet} reports it; {d.article.outlet}: “{d.cue.words}”"
        out.append(ClaimComparison("", "disputed", _matter(d.cue), "statement", values, ((0,), (1,)), summary))
    return out


def _value(s: _Sentence, said: str) -> ClaimValue:
    a = s.article
    return ClaimValue(said, said.lower(), a.id, a.source, a.outlet, a.when, s.text, None, a.story, a.copy_of)


# The matter shown for a dispute: its first words, up to this many.
MATTER_WORDS = 12


def _matter(cue: Cue) -> str:
    text = " ".join(cue.matter.split()).strip(" ,.;:\"'\u201c\u201d")
    shown = text.split()[:MATTER_WORDS]
    return " ".join(shown) + ("…" if len(text.split()) > MATTER_WORDS else "")
