"""Claim comparison: each fact of a story, labelled by how the outlets that state it agree.

Claims (numbers with what they count, places where things happened, dates) are linked across articles when
they are about the same subject: the same unit, and subject phrases that mean the same ("rounds of talks" /
"negotiation rounds"; "met twice" is read as a count of meetings) in sentences about the same thing. Linked
claims are then labelled:

- corroborated: their values agree and two or more independent outlets state them (a syndicated copy counts
  with its original, however many outlets carry it);
- single-source: one independent outlet states it;
- contradicted: incompatible values for the same time (reports of the same event, or the same explicit date);
- changed-over-time: the value differs between times (an earlier event of the storyline, an earlier explicit
  date, or a value its sentence gives as superseded: "had previously said 6 feet", the 6 of "from 6 feet to 3
  feet"), which is not a contradiction: "the first two rounds" in July and "three rounds" in September;
- disputed: one outlet states something another independent outlet reports denied, rejected or disputed
  (``disputes``): disagreement that is not a value.

Places are never contradicted: talks happen in more than one city. Ordinals and dates are not compared.
Every label carries its values with their sentences, outlets, dates and languages. A claim in another language
than English (found by ``newsweave.nlp.foreign_claims``) is compared on the multilingual embedding of its
subject and sentence wherever an English pair is compared on MiniLM and on shared words: the subjects by their
cosine's margin over their neighbours (ML_SUBJECT_MARGIN), the sentences by their cosine (ML_CONTEXT_SAME).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from dataclasses import dataclass, replace

import numpy as np

from .. import embed_wide
from ..embed import DIMENSIONS, embed_cached
from ..measures import is_unit, measure
from ..model import Claim, ClaimComparison, ClaimValue, StoredClaim
from ..nlp.numbers import ADVERB_COUNTS, HEDGES, NUMBER_WORDS, split_hedge
from ..stories import content_words
from .disputes import find_disputes
from .scope import Material

# Subject phrases that mean the same: cosine of their embeddings at least SUBJECT_SAME, or SUBJECT_SAME_HEAD
# when their head nouns are the same word. Set on hand-checked pairs: "rounds of talks"/"negotiation rounds"
# 0.66, "meetings"/"rounds of talks" 0.60; "prisoner swaps"/"rounds of talks" 0.28, "people killed or
# injured"/"people arrested" below 0.5 (the unit test table pins these).
SUBJECT_SAME = 0.55
SUBJECT_SAME_HEAD = 0.5
# Counts below SMALL_COUNT corroborate each other only with the same head noun or near-identical subjects:
# "Cruz's two Senate colleagues" and "two of his rivals" are two facts, however alike the nouns.
SMALL_COUNT = 10
SMALL_SUBJECT_SAME = 0.8
# A percentage is of some population: "17 percent of likely Democratic voters" and "40% of Sanders' voters"
# are two facts. Percent claims link only when their of-phrases nearly match.
PERCENT_SUBJECT_SAME = 0.8
# The two sentences must also be about the same thing: they share at least this many content words besides
# the subject's (the seeds' "the sides met twice so far this year, which resulted from ..." / "three rounds of
# talks ... which resulted in agreements": "resulted"). Place claims need PLACE_SHARED_WORDS and a noun in
# common (head or "of" noun: "talks" and "rounds of peace talks"): "<anything> in Iowa" is common in a
# campaign's news. Shares of a population (percentages, "half of voters") link only within one event.
LINK_SHARED_WORDS = 1
PLACE_SHARED_WORDS = 2
# Two values contradict (or one changed into the other) only when claims on each side, in different articles,
# are about the same thing: their masked sentences have cosine at least this. Set on the seeds ("met twice so
# far this year" / "three rounds of talks hosted in Istanbul" 0.52) and PolNeAR, where different numbers in
# different contexts that share a subject word ("Clinton leads him by more than 300 delegates" / "Trump gets 58 of
# the 98 delegates") score below 0.5; see docs/benchmarks.md for the labelled sample.
CONFLICT_CONTEXT = 0.5
# A change over time is claimed only for the same head noun or a near-identical subject (phrase cosine at least
# CHANGE_SUBJECT) in close contexts (CHANGE_CONTEXT), and the same holder: across the months of a storyline many
# counts share a word ("two states", "nine states") without being one quantity. Seeds: "rounds" in July and
# "rounds of talks" in September, contexts 0.58.
CHANGE_SUBJECT = 0.8
CHANGE_CONTEXT = 0.55
# ... and their sentences must share at least this many content words besides the subject's: news of one
# domain all embeds alike ("Trump leads with 221 delegates" / "he would need 159 delegates" 0.55+), while two
# reports of one quantity name the same surroundings (the seeds' rounds: Russia, Ukraine, Istanbul; pause, result).
SHARED_WORDS = 2
# ... and one of the two must be a count its sentence ties to a span of time ("so far", "the first two", "the
# past seven"), looked for this many words either side of the number: on PolNeAR's storylines, changes
# claimed without that were nearly all two different quantities (poll sample sizes, different states).
TIME_WINDOW = 8
# Numbers written without a hedge agree within this relative difference (rounding: 1.2 million / 1.23 million).
EXACT_TOLERANCE = 0.02
# Two values agree (corroborate each other) when within this relative difference and one is hedged
# ("roughly 54,000" / "55,000 pages"); a hedge widens what is compatible more (APPROX_TOLERANCE) than what agrees.
AGREE_APPROX = 0.05
# "about", "roughly", "some" ... widen a value by this much either way.
APPROX_TOLERANCE = 0.15

# Units compared across articles (with durations). Ordinals ("the first debate", "a third round") and dates
# are left out: the same word in two articles is rarely the same fact, and they never contradict.
COMPARED_UNITS = ("count", "percent", "money", "place")
# Claims of different events (of one storyline) are one fact only when their sentences are this close.
CROSS_STORY_CONTEXT = 0.5
# Claims in two languages, or both in one other than English, are compared on the multilingual embedding
# (newsweave.embed_multilingual) of their subjects and of their sentences with the number masked (words of two
# languages are not shared). A subject of a word or two is judged by its cosine's margin over its neighbours
# (Artetxe & Schwenk 2019, "Margin-based parallel corpus mining", where cross-lingual cosines crowd the same way):
# the cosine over the mean of the NEIGHBOURS highest cosines each claim has with the subjects of the same unit in
# the other claim's article, at least ML_SUBJECT_MARGIN, and the cosine itself at least ML_SUBJECT_FLOOR; the
# sentences at least ML_CONTEXT_SAME. Set by benchmarks/claims_multilingual.py on the English articles of
# ../shared/eval/multilingual and their machine translations (see docs/benchmarks.md): the margin tells the same
# fact from another fact of the two articles with AUC 0.861, the cosine 0.788; at these bars 54.7% of the agreeing
# pairs pass and 4.4% of the differing ones (the cosine at 0.5, the rule before: 47.5% and 5.1%).
NEIGHBOURS = 2
# Added to a margin before it is compared: two claims each alone of their unit in their article have a margin of
# exactly 1 (each is the other's only neighbour), which the float32 arithmetic of a dot product may put a hair under.
MARGIN_ROUNDING = 1e-5
ML_SUBJECT_MARGIN = 0.95
ML_SUBJECT_FLOOR = 0.3
ML_CONTEXT_SAME = 0.6
# ... and when one of the two is in a language that model lacks (Ukrainian: newsweave.embed_wide), whose short
# texts its map carries worst (a subject of a word or two: "суден" / "ships" 0.08). There the subjects are compared
# on e5 itself (both claims embedded there) by the same margin, and the sentences on the map. e5's cosines of short
# phrases sit high and close together (0.84 between other facts' subjects, 0.89 for the same fact). Set by the same
# script with --wide (the translations embedded that way; the data holds no Ukrainian, those languages stand in):
# the margin tells the same fact from another with AUC 0.860, the cosine 0.765; at these bars 54.2% of the agreeing
# pairs pass and 4.2% of the differing ones (the cosine at 0.88 with the sentence at 0.5, the rule before: 39.4% and
# 4.7%; a margin of 0.98: 68.6% and 11.7%).
WIDE_SUBJECT_MARGIN = 1.0
WIDE_SUBJECT_FLOOR = 0.8
WIDE_CONTEXT_SAME = 0.5
CONTRADICTABLE = re.compile(r"^(count|percent|money|duration-.*|measure-.*)$")
# Words of a measure's subject that name no thing measured: its unit and the unit's power ("sq miles").
_UNIT_POWERS = frozenset({"sq", "square", "cubic", "cu"})
# A measure that names no thing measured is read by the words after it ("52 miles off the coast", "60 metres from
# the river"): up to this many, to the end of the clause.
RELATION_WORDS = 5
_CLAUSE_END = re.compile(r"[,;:.()\[\]—–]|\s-+\s")
_LOWER = {"more than", "at least", "over", "upwards of", "as many as"}
_UPPER = {"less than", "fewer than", "at most", "up to", "under", "as few as"}
_NEAR_BELOW = {"nearly", "almost", "close to"}


@dataclass
class _Near:
    """A claim's subject's neighbourhood in each article of its unit (:func:`neighbourhoods`): the mean of its
    NEIGHBOURS highest cosines with that article's subjects, on the multilingual model (``ml``) and, beside a claim
    in a language only e5 reads, on e5 (``wide``); ``column`` maps an article to its place in those rows (one dict
    shared by the unit's claims)."""

    column: dict[int, int]
    ml: np.ndarray
    wide: np.ndarray | None = None


@dataclass
class _Claim:
    stored: StoredClaim
    slice: tuple
    when: tuple[dt.date, dt.date] | None
    phrase: str
    context: np.ndarray | None = None
    subject: np.ndarray | None = None
    holder: int | None = None      # the entity named nearest before the number in its sentence
    words: frozenset[str] = frozenset()  # content words of its sentence, less the subject's
    nouns: frozenset[str] = frozenset()  # stems of the nouns its subject names (:func:`_nouns`)
    story: int = 0
    language: str = "en"
    ml_subject: np.ndarray | None = None   # multilingual embeddings, for comparing with other languages
    ml_context: np.ndarray | None = None
    wide_subject: np.ndarray | None = None  # e5's own vector of the subject, beside a claim in such a language
    near: _Near | None = None  # its subject's neighbourhoods in each article of its unit (multilingual claims)
    # a measure that does not say of what ("52 miles", "1,300 feet"): the content words of what follows it
    # ("off the Valmora coast"), which must meet another's for the two to be one quantity (:func:`_one_measure`)
    unnamed: bool = False
    relation: frozenset[str] = frozenset()

    @property
    def wide(self) -> bool:
        """Whether it is in a language the multilingual model lacks (newsweave.embed_wide embeds it)."""
        return embed_wide.needed(self.language)


def compare_claims(material: Material) -> list[ClaimComparison]:
    """Every fact stated in the scope, labelled; contradicted, disputed and changed-over-time first, then
    corroborated, then single-source."""
    claims = [_prepare(material, c) for c in material.claims if c.claim.subject and c.article in material.by_id]
    claims = [c for c in claims if c is not None]
    if not claims:
        return find_disputes(material)
    _set_holders(material, claims)
    for c in claims:
        c.words = content_words(masked(c.stored.claim)) - content_words(c.stored.claim.subject + " " + c.phrase)
        c.nouns = _nouns(c)
    _embed_multilingual(claims)
    # embedding is the costly part: subjects only of claims that could link (a claim of the same unit in another
    # article shares a word of their sentences), sentences only where linked values disagree
    phrases = np.zeros((len(claims), DIMENSIONS), dtype=np.float32)
    linkable = _linkable(claims)
    if linkable:
        phrases[linkable] = embed_cached([claims[i].phrase for i in linkable])
    for c, subject in zip(claims, phrases):
        c.subject = subject
    # which claims of each unit link on all but their sentences' meaning (unit -> its claims, their links)
    links = {unit: (idx, _links(claims, idx, phrases[idx] @ phrases[idx].T)) for unit, idx in _by_unit(claims).items()}
    # claims of different events link only in close contexts: embed the sentences of those that could
    across = sorted(_cross_story_candidates(claims, links))
    if across:
        for i, vector in zip(across, embed_cached([masked(claims[i].stored.claim) for i in across])):
            claims[i].context = vector
    groups = _link(claims, links)
    disputed = sorted({i for g in groups for i in _disputed([claims[j] for j in g], g)
                       if claims[i].context is None})
    if disputed:
        for i, vector in zip(disputed, embed_cached([masked(claims[i].stored.claim) for i in disputed])):
            claims[i].context = vector
    out: list[ClaimComparison] = []
    for members in groups:
        out.extend(_label(material, [claims[i] for i in members]))
    out.extend(find_disputes(material))
    order = {"contradicted": 0, "disputed": 1, "changed-over-time": 2, "corroborated": 3, "single-source": 4}
    out.sort(key=lambda c: (order[c.status], -len(c.values), c.subject))
    return [ClaimComparison(f"c{n}", c.status, c.subject, c.unit, c.values, c.sides, c.summary)
            for n, c in enumerate(out, 1)]


def _prepare(material: Material, c: StoredClaim) -> _Claim | None:
    k = c.claim
    unit = measure(k.head, k.number.text, k.subject) if k.unit == "count" else None
    if unit is not None:  # a measure, in its dimension's base unit: "1,000 barrels" and "42,000 gallons" compare
        k = replace(k, value=float(k.value) * unit.factor, unit=f"measure-{unit.dimension}")
        c = replace(c, claim=k)
    if k.unit not in COMPARED_UNITS and not k.unit.startswith(("duration-", "measure-")) or _denominator(k) or \
            _hypothetical(k):
        return None
    article = material.by_id[c.article]
    explicit = k.as_of is not None and (article.when is None or not (article.when[0] <= k.as_of <= article.when[1]))
    when = (k.as_of, k.as_of) if explicit else article.when
    slice_ = ("date", k.as_of.isoformat()) if explicit else ("story", article.story)
    if k.earlier:  # a value the sentence gives as superseded ("had previously said 6 feet") held before
        slice_ = ("earlier", slice_)
    phrase = subject_phrase(k.subject, k.head, k.number.text)
    unnamed = unit is not None and all(is_unit(w) or w in _UNIT_POWERS for w in k.subject.lower().split())
    return _Claim(c, slice_, when, phrase, story=article.story, language=article.language or "en", unnamed=unnamed,
                  relation=_relation(k) if unnamed else frozenset())


def _relation(k: Claim) -> frozenset[str]:
    """Content words of what follows a measure in its clause ("off the Valmora coast": valmora, coast)."""
    after = k.sentence.text[k.number.end - k.sentence.start:]
    after = _CLAUSE_END.split(after, maxsplit=1)[0]
    return frozenset(w for w in content_words(" ".join(after.split()[:RELATION_WORDS])) if not is_unit(w))


def _one_measure(x: _Claim, y: _Claim) -> bool:
    """Whether two claims can be one quantity as far as their units say: any two that are not measures of
    nothing named, and two such measures only when what follows them shares a word ("60 metres from the river" /
    "30 metres from the river", not "52 miles off the coast" / "20 miles offshore")."""
    return not (x.unnamed or y.unnamed) or bool(x.relation & y.relation)


def _embed_multilingual(claims: list[_Claim]) -> None:
    """Multilingual embeddings of subject and masked sentence for the claims that may be compared across
    languages: those of a unit stated in another language than English by some article."""
    units = {c.stored.claim.unit for c in claims if c.language != "en"}
    chosen = [c for c in claims if c.stored.claim.unit in units]
    if len({c.stored.article for c in chosen}) < 2:
        return
    from .. import embed_multilingual  # loaded only for stories with reports in other languages

    language = {t: c.language for c in chosen for t in (c.phrase, masked(c.stored.claim))}
    texts = sorted(language)
    vectors = dict(zip(texts, embed_multilingual.embed(texts, languages=[language[t] for t in texts])))
    for c in chosen:
        c.ml_subject, c.ml_context = vectors[c.phrase], vectors[masked(c.stored.claim)]
    if any(c.wide for c in chosen):  # subjects beside one in a language the multilingual model lacks: on e5 too
        phrases = sorted({c.phrase for c in chosen})
        wide = dict(zip(phrases, embed_wide.e5(phrases, threads=0)))
        for c in chosen:
            c.wide_subject = wide[c.phrase]
    for members in _by_unit(chosen).values():
        _set_near([chosen[i] for i in members])


def _set_near(claims: list[_Claim]) -> None:
    """:attr:`_Claim.near` of one unit's claims."""
    articles = [c.stored.article for c in claims]
    column, ml = neighbourhoods(np.stack([c.ml_subject for c in claims]), articles)
    wide = neighbourhoods(np.stack([c.wide_subject for c in claims]), articles)[1] \
        if any(c.wide for c in claims) else None
    for i, c in enumerate(claims):
        c.near = _Near(column, ml[i], wide[i] if wide is not None else None)


def neighbourhoods(subjects: np.ndarray, articles: list[int]) -> tuple[dict[int, int], np.ndarray]:
    """For the claims of one unit (their subjects' unit vectors and articles): each article's column, and per claim
    and article, the mean of its NEIGHBOURS highest cosines with that article's subjects (all of them, when it has
    fewer)."""
    cos = subjects @ subjects.T
    article_ids = np.array(articles)
    column = {int(a): k for k, a in enumerate(np.unique(article_ids))}
    near = np.zeros((len(articles), len(column)), dtype=np.float32)
    for article, k in column.items():
        own = cos[:, article_ids == article]
        near[:, k] = np.sort(own, axis=1)[:, -min(NEIGHBOURS, own.shape[1]):].mean(axis=1)
    return column, near


def margins(cos: np.ndarray, near: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Each pair's cosine (``cos``, claims by claims) over the mean of the two claims' neighbourhoods in each other's
    article (``near`` and ``columns``: :func:`neighbourhoods`' rows of the claims and their articles' columns), plus
    MARGIN_ROUNDING."""
    across = near[:, columns]  # [i, j]: claim i's neighbourhood in claim j's article
    return _margin(cos, across, across.T)


def _margin(cos, near_x, near_y):
    """A cosine's margin over two neighbourhoods (numbers or arrays of them), plus MARGIN_ROUNDING."""
    return cos / np.maximum((near_x + near_y) / 2, 1e-9) + MARGIN_ROUNDING


def _multilingual(x: _Claim, y: _Claim) -> bool:
    """Whether two claims are compared on the multilingual embedding (one is not in English)."""
    return x.language != "en" or y.language != "en"


def _ml_alike(claims: list[_Claim]) -> np.ndarray:
    """For each two of one unit's ``claims`` (each with multilingual vectors), whether their subjects and masked
    sentences are alike on the multilingual embedding (ML_SUBJECT_MARGIN, ML_SUBJECT_FLOOR, ML_CONTEXT_SAME), or
    for a pair with a claim in a language newsweave.embed_wide embeds, the subjects on e5 itself (WIDE_SUBJECT_MARGIN,
    WIDE_SUBJECT_FLOOR) and the sentences against WIDE_CONTEXT_SAME."""
    subjects = np.stack([c.ml_subject for c in claims])
    contexts = np.stack([c.ml_context for c in claims])
    columns = np.array([c.near.column[c.stored.article] for c in claims])
    cos = subjects @ subjects.T
    subject = (cos >= ML_SUBJECT_FLOOR) & \
        (margins(cos, np.stack([c.near.ml for c in claims]), columns) >= ML_SUBJECT_MARGIN)
    is_wide = np.array([c.wide for c in claims])
    wide = is_wide[:, None] | is_wide[None, :]
    if wide.any():
        own = np.stack([c.wide_subject for c in claims])
        cos = own @ own.T
        alike = (cos >= WIDE_SUBJECT_FLOOR) & \
            (margins(cos, np.stack([c.near.wide for c in claims]), columns) >= WIDE_SUBJECT_MARGIN)
        subject = np.where(wide, alike, subject)
    return subject & (contexts @ contexts.T >= np.where(wide, WIDE_CONTEXT_SAME, ML_CONTEXT_SAME))


def _ml_subjects_alike(x: _Claim, y: _Claim) -> bool:
    """Whether two claims' subjects are alike by their cosine's margin over their neighbourhoods (as :func:`_ml_alike`
    judges them), on e5 when one of the two is in a language newsweave.embed_wide embeds."""
    if x.near is None or y.near is None or y.stored.article not in x.near.column:
        return False
    wide = x.wide or y.wide
    vx, vy = (x.wide_subject, y.wide_subject) if wide else (x.ml_subject, y.ml_subject)
    near_x, near_y = (x.near.wide, y.near.wide) if wide else (x.near.ml, y.near.ml)
    cos = float(vx @ vy)
    margin = _margin(cos, near_x[x.near.column[y.stored.article]], near_y[y.near.column[x.stored.article]])
    floor, bar = (WIDE_SUBJECT_FLOOR, WIDE_SUBJECT_MARGIN) if wide else (ML_SUBJECT_FLOOR, ML_SUBJECT_MARGIN)
    return cos >= floor and margin >= bar


def _alike(x: _Claim, y: _Claim, subject: float | None = None, context: float | None = None) -> bool:
    """Subjects at least ``subject`` and masked sentences at least ``context`` alike (each when given): on
    MiniLM for two English claims, else on the multilingual embedding, as :func:`_ml_alike` says (the subjects by
    their margin, the sentences against ML_CONTEXT_SAME or WIDE_CONTEXT_SAME)."""
    if _multilingual(x, y):
        if x.ml_subject is None or y.ml_subject is None:
            return False
        if subject is not None and not _ml_subjects_alike(x, y):
            return False
        bar = WIDE_CONTEXT_SAME if x.wide or y.wide else ML_CONTEXT_SAME
        return context is None or float(x.ml_context @ y.ml_context) >= bar
    if context is not None and (x.context is None or y.context is None):
        return False
    return (subject is None or float(x.subject @ y.subject) >= subject) and \
        (context is None or float(x.context @ y.context) >= context)


_CONDITION = re.compile(r"\b(?:if|unless)\b", re.I)
_MODAL = re.compile(r"\b(?:would|could|might)\b", re.I)


def _before(k: Claim) -> str:
    """The words of a claim's sentence before its number."""
    return k.sentence.text[:max(0, k.number.start - k.sentence.start)]


def _hypothetical(k: Claim) -> bool:
    """'if Sanders follows it up with a win in New Hampshire': a condition or a possibility, not a fact ("if" or
    "unless" before the number in its sentence, "would", "could", "might" in the twelve words before it)."""
    before = _before(k)
    return bool(_CONDITION.search(before) or _MODAL.search(" ".join(before.split()[-12:])))


def _denominator(k: Claim) -> bool:
    """The 10 of "four in 10 voters": a ratio's base, not a count of anything."""
    before = _before(k).split()
    return len(before) >= 2 and before[-1].lower() == "in" and (before[-2][0].isdigit()
                                                                  or before[-2].lower() in NUMBER_WORDS)


def subject_phrase(subject: str, head: str, number: str) -> str:
    """The phrase compared across outlets: the subject, or for a verb counted by "once"/"twice"/"N times"
    the event it counts ("met twice" -> "meeting")."""
    if (number.lower() in ADVERB_COUNTS or subject.startswith("times ")) and head:
        return gerund(head) + "s"
    return subject


def gerund(verb: str) -> str:
    """English -ing form of a verb lemma (meet -> meeting, vote -> voting, stop -> stopping)."""
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    if re.search(r"[^aeiou][aeiou][bdgmnprt]$", verb) and len(verb) <= 4:
        return verb + verb[-1] + "ing"
    return verb + "ing"


def masked(k: Claim) -> str:
    """The claim's sentence with its number replaced by "N": what the number is said of."""
    a, b = k.number.start - k.sentence.start, k.number.end - k.sentence.start
    return k.sentence.text[:a] + "N" + k.sentence.text[b:]


def _cross_story_candidates(claims: list[_Claim], links: dict[str, tuple[list[int], np.ndarray]]) -> set[int]:
    """Claims linked to a claim of another event (whose sentences must then be compared)."""
    out: set[int] = set()
    for idx, ok in links.values():
        stories = np.array([claims[i].story for i in idx])
        out |= {idx[a] for a in np.nonzero((ok & (stories[:, None] != stories[None, :])).any(axis=1))[0]}
    return out


def _by_unit(claims: list[_Claim]) -> dict[str, list[int]]:
    by_unit: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        by_unit.setdefault(c.stored.claim.unit, []).append(i)
    return by_unit


def _linkable(claims: list[_Claim]) -> list[int]:
    """Claims that share a word with a claim of the same unit in another article. Through a word index: a
    word whose claims come from two or more articles makes every one of them linkable (each has a partner in
    another article), in time linear in the words rather than quadratic in the claims."""
    out: set[int] = set()
    for idx in _by_unit(claims).values():
        holders: dict[str, list[int]] = {}
        for i in idx:
            for word in claims[i].words:
                holders.setdefault(word, []).append(i)
        for members in holders.values():
            if len({claims[i].stored.article for i in members}) >= 2:
                out.update(members)
    return sorted(out)


def _disputed(group: list[_Claim], ids: list[int]) -> list[int]:
    """Claims of a group with a differing value elsewhere in it that the cheap tests do not already set apart."""
    out = set()
    for a, x in enumerate(group):
        for b in range(a + 1, len(group)):
            y = group[b]
            if not compatible(x.stored, y.stored) and _plausible(x, y):
                out |= {ids[a], ids[b]}
    return list(out)


def _plausible(x: _Claim, y: _Claim) -> bool:
    """The cheap half of "one quantity, two values": different articles, neither a bare "one" nor a count of
    "other" members, the same holder and enough shared words (for two languages, which share none, sentences
    close on the multilingual embedding)."""
    if x.stored.article == y.stored.article or _vague(x) or _vague(y) or _others(x) or _others(y) or \
            not _same_holder(x, y):
        return False
    if _multilingual(x, y) and x.language != y.language:  # no words in common: the sentences must be alike
        return _alike(x, y, context=ML_CONTEXT_SAME)
    return len(x.words & y.words) >= SHARED_WORDS


def _others(c: _Claim) -> bool:
    """A count of the rest of a group ("McConnell and 43 other Republicans"): it leaves out whom the sentence
    names, so it counts a different set from a plain count of the same noun ("six Republican senators")."""
    k = c.stored.claim
    return k.sentence.text[k.number.end - k.sentence.start:].lstrip().lower().startswith(("other ", "others"))


def _link(claims: list[_Claim], links: dict[str, tuple[list[int], np.ndarray]]) -> list[list[int]]:
    """Groups of claims about one subject: the same unit, and each claim linked (similar subject and context,
    different articles) to at least half of its group. Majority rather than single linkage, so that a chain of
    loosely alike claims ("two candidates", "two states", "two debates", ...) does not become one subject."""
    groups: list[list[int]] = []
    for idx, linked in links.values():
        linked = _in_close_contexts(claims, idx, linked)
        mine: list[list[int]] = []   # positions in idx
        group_of: list[int] = []     # position -> its group in mine
        for a in range(len(idx)):
            best, best_n = None, 0
            # only groups holding a claim linked to this one can take it: count its links per group
            counts = Counter(group_of[b] for b in np.nonzero(linked[a, :a])[0])
            for k in sorted(counts):
                g, n = mine[k], counts[k]
                if n * 2 >= len(g) and n > best_n and not _shares_article(claims, idx, a, g):
                    best, best_n = k, n
            if best is None:
                group_of.append(len(mine))
                mine.append([a])
            else:
                group_of.append(best)
                mine[best].append(a)
        groups.extend([idx[a] for a in g] for g in mine)
    return groups


def _shares_article(claims: list[_Claim], idx: list[int], a: int, group: list[int]) -> bool:
    """Whether the group holds a claim of the same article in the same :func:`_slot` already."""
    article, slot = claims[idx[a]].stored.article, _slot(claims[idx[a]])
    return any(claims[idx[b]].stored.article == article and _slot(claims[idx[b]]) == slot for b in group)


def _slot(c: _Claim) -> str:
    """Which of an article's values of one subject a claim is: the value it states (""), or one it gives as
    superseded ("earlier": the 6 of "from 6 feet to 3 feet"). A group takes one claim per article and slot.
    (The two ends of a range stay apart: letting an article's "at least" and "up to" share a group let its
    other hedged counts in too, "more than 2 million" beside "almost 140,000".)"""
    return "earlier" if c.stored.claim.earlier else ""


# Pairs of sentences compared in one array operation (20,000 pairs of vectors: 60 MB).
PAIRS_AT_ONCE = 20_000


def _links(claims: list[_Claim], idx: list[int], subj: np.ndarray) -> np.ndarray:
    """Which pairs of claims (of one unit) may be about the same subject: similar subjects, in sentences that
    share some content words besides the subject's, in different articles (for claims of different events,
    :func:`_in_close_contexts` then asks for sentences close in meaning too)."""
    unit = claims[idx[0]].stored.claim.unit
    heads = _codes([claims[i].stored.claim.head for i in idx])  # integers: comparing strings pairwise is slow
    articles = np.array([claims[i].stored.article for i in idx])
    slots = _codes([_slot(claims[i]) for i in idx])
    same_head = heads[:, None] == heads[None, :]
    if unit == "percent":
        ok = subj >= PERCENT_SUBJECT_SAME
    else:
        ok = (subj >= SUBJECT_SAME) | (same_head & (subj >= SUBJECT_SAME_HEAD))
    # two numbers of one article are two facts, unless one supersedes the other ("from 6 feet to 3 feet")
    ok &= (articles[:, None] != articles[None, :]) | (slots[:, None] != slots[None, :])
    need = PLACE_SHARED_WORDS if unit == "place" else LINK_SHARED_WORDS
    ml = np.array([claims[i].ml_subject is not None for i in idx])
    english = np.array([claims[i].language == "en" for i in idx])
    if ml.any():  # pairs with a claim in another language: on the multilingual embedding
        pairs = ~(english[:, None] & english[None, :])
        ok &= ~pairs
        alike = np.zeros_like(ok)
        alike[np.ix_(ml, ml)] = _ml_alike([claims[i] for i, m in zip(idx, ml) if m])
        ok |= pairs & alike & (articles[:, None] != articles[None, :])
    first, second = np.nonzero(np.triu(ok, 1))
    if not len(first):
        return ok
    story = np.array([claims[i].story for i in idx])
    measured = np.array([_measurement(claims[i]) for i in idx])
    other_story = story[first] != story[second]
    # two polls months apart agreeing is a coincidence, not a corroboration (in any language)
    drop = other_story & (measured[first] | measured[second])
    in_english = english[first] & english[second]  # the rest were judged on the multilingual embedding above
    words, nouns = [claims[i].words for i in idx], [claims[i].nouns for i in idx]
    rest = np.nonzero(in_english & ~drop)[0]
    drop[rest] = [unit == "place" and nouns[a].isdisjoint(nouns[b])
                  or (words[a].isdisjoint(words[b]) if need == 1 else len(words[a] & words[b]) < need)
                  for a, b in zip(first[rest].tolist(), second[rest].tolist())]
    ok[first[drop], second[drop]] = ok[second[drop], first[drop]] = False
    return ok


def _in_close_contexts(claims: list[_Claim], idx: list[int], links: np.ndarray) -> np.ndarray:
    """The links (of :func:`_links`) less those between claims of different events in English whose sentences
    are not close in meaning (CROSS_STORY_CONTEXT; a claim whose sentence was not embedded links to no other
    event's). Claims in two languages were compared on their sentences already."""
    first, second = np.nonzero(np.triu(links, 1))
    story = np.array([claims[i].story for i in idx])
    english = np.array([claims[i].language == "en" for i in idx])
    asked = english[first] & english[second] & (story[first] != story[second])
    if not asked.any():
        return links
    has = np.array([claims[i].context is not None for i in idx])
    sentences = np.stack([claims[i].context if claims[i].context is not None else np.zeros(DIMENSIONS,
                          dtype=np.float32) for i in idx])
    near = np.zeros(len(first), dtype=bool)
    both = np.nonzero(asked & has[first] & has[second])[0]
    for chunk in range(0, len(both), PAIRS_AT_ONCE):  # (all pairs at once: gigabytes for 4,000 claims)
        n = both[chunk:chunk + PAIRS_AT_ONCE]
        near[n] = np.einsum("ij,ij->i", sentences[first[n]], sentences[second[n]]) >= CROSS_STORY_CONTEXT
    drop = asked & ~near
    out = links.copy()
    out[first[drop], second[drop]] = out[second[drop], first[drop]] = False
    return out


def _codes(values: list[str]) -> np.ndarray:
    """One integer per distinct value, in an array: equal codes are equal values."""
    code: dict[str, int] = {}
    return np.array([code.setdefault(v, len(code)) for v in values], dtype=np.int64)


def interval(value: float, qualifier: str | None) -> tuple[float, float]:
    """The values a number with its hedge allows: "over 1.2 million" is [1.2e6, inf)."""
    q = (qualifier or "").lower()
    if q in _LOWER:
        return value, math.inf
    if q in _UPPER:
        return 0.0, value
    if q in _NEAR_BELOW:
        return value * (1 - APPROX_TOLERANCE), value
    if q:
        return value * (1 - APPROX_TOLERANCE), value * (1 + APPROX_TOLERANCE)
    return value * (1 - EXACT_TOLERANCE), value * (1 + EXACT_TOLERANCE)


def compatible(a: StoredClaim, b: StoredClaim) -> bool:
    ka, kb = a.claim, b.claim
    if isinstance(ka.value, str) or isinstance(kb.value, str):
        return _norm(ka.value) == _norm(kb.value)
    lo_a, hi_a = interval(float(ka.value), qualifier(a))
    lo_b, hi_b = interval(float(kb.value), qualifier(b))
    return lo_a <= hi_b and lo_b <= hi_a


def agree(a: StoredClaim, b: StoredClaim) -> bool:
    """Two claims state the same value: equal within rounding (and a hedge's width), not merely compatible
    ("at least four" is compatible with 52,000 but does not corroborate it)."""
    ka, kb = a.claim, b.claim
    if isinstance(ka.value, str) or isinstance(kb.value, str):
        return _norm(ka.value) == _norm(kb.value)
    va, vb = float(ka.value), float(kb.value)
    qa, qb = (qualifier(a) or "").lower(), (qualifier(b) or "").lower()
    if {qa, qb} & _LOWER and {qa, qb} & (_UPPER | _NEAR_BELOW):
        return False  # "more than half" and "fewer than half" say opposite things
    hedged = qa or qb
    return abs(va - vb) <= (AGREE_APPROX if hedged else EXACT_TOLERANCE) * max(abs(va), abs(vb))


_HEDGES_LONGEST_FIRST = sorted(HEDGES, key=len, reverse=True)
# Characters before a number in which a hedge is looked for: more than the longest hedge and the space before it
_HEDGE_REACH = 2 * len(_HEDGES_LONGEST_FIRST[0]) + 2
# A hedge ending the words before a number, after a space or alone: the longest of those that do (the match that
# starts first)
_HEDGE_AT_END = re.compile(r"(?:^| )(" + "|".join(map(re.escape, _HEDGES_LONGEST_FIRST)) + r")\Z")


def qualifier(c: StoredClaim) -> str | None:
    """The claim's hedge, or one written just before its number ("more than eight hours of questioning")."""
    k = c.claim
    if k.qualifier:
        return k.qualifier
    m = _HEDGE_AT_END.search(_before(k).rstrip()[-_HEDGE_REACH:].lower())  # (only the end can hold it)
    return m.group(1) if m else None


def _norm(value) -> str:
    return re.sub(r"\W+", " ", str(value)).strip().lower()


def _value(material: Material, c: _Claim) -> ClaimValue:
    s, k = c.stored, c.stored.claim
    a = material.by_id[s.article]
    shown, hedge = k.number.text, qualifier(s)
    if hedge and hedge.lower() not in shown.lower():  # one end of a range ("between 300 and 400": "at least 300")
        shown = f"{hedge} {shown}"
    return ClaimValue(shown, k.value, s.article, s.source, s.outlet, c.when, k.sentence.text.strip(),
                      _mid_sentence(k.source), a.story, a.copy_of, c.language, k.earlier)


def _mid_sentence(phrase: str | None) -> str | None:
    """A speaker phrase as it reads after "according to": a sentence's capital article lowered ("the regional
    water board"), a name's kept ("The New York Times")."""
    words = (phrase or "").split(maxsplit=2)
    if len(words) >= 2 and words[0] in ("The", "A", "An") and words[1][:1].islower():
        return phrase[0].lower() + phrase[1:]
    return phrase


def _sides(claims: list[_Claim]) -> list[list[int]]:
    """Indexes of claims grouped by agreeing value (first-come: a claim joins the first side it agrees with)."""
    sides: list[list[int]] = []
    for i, c in enumerate(claims):
        for side in sides:
            if all(agree(c.stored, claims[j].stored) for j in side):
                side.append(i)
                break
        else:
            sides.append([i])
    return sides


def _label(material: Material, claims: list[_Claim]) -> list[ClaimComparison]:
    claims.sort(key=lambda c: (c.when or (dt.date.max, dt.date.max), c.stored.article, c.stored.id))
    unit = claims[0].stored.claim.unit
    subject = _subject_name(claims)
    if not CONTRADICTABLE.match(unit):  # places, dates, ordinals: one fact per value
        return [c for side in _sides(claims) for c in _agreeing(material, [claims[i] for i in side], unit)]
    sides = _sides(claims)
    if len(sides) == 1:
        return _agreeing(material, claims, unit)
    slices: dict[tuple, list[_Claim]] = {}
    for c in claims:
        slices.setdefault(c.slice, []).append(c)
    out = []
    ordered = sorted(slices.values(), key=lambda cs: _slice_order(cs, slices))
    for part in ordered:
        part_sides = [[part[i] for i in side] for side in _sides(part)]
        for group in _conflicts(material, part_sides, independent=True):
            if len(group) == 1:
                out.extend(_agreeing(material, group[0], unit))
            else:
                flat = [c for side in group for c in side]
                out.append(_comparison(material, "contradicted", flat, _index(group), subject, unit))
    for earlier, later in zip(ordered, ordered[1:]):
        first = [[earlier[i] for i in side] for side in _sides(earlier)]
        second = [[later[i] for i in side] for side in _sides(later)]
        best = _mutual_best(earlier, later)
        changed = [(a, b) for a in first for b in second
                   if not compatible(a[0].stored, b[0].stored) and _changed(a, b)
                   and any((id(x), id(y)) in best for x in a for y in b)]
        if changed:
            before = [a for a in first if any(a is x for x, _ in changed)]
            after = [b for b in second if any(b is y for _, y in changed)]
            flat = [c for side in before + after for c in side]
            out.append(_comparison(material, "changed-over-time", flat, _index(before + after), subject, unit,
                                   split=len(before)))
    return out


def _slice_order(claims: list[_Claim], slices: dict[tuple, list[_Claim]]) -> tuple:
    """Slices in time order; the values given as superseded come just before those of their time."""
    kind, of = claims[0].slice
    later = slices.get(of, []) if kind == "earlier" else []
    return min(c.when or (dt.date.max, dt.date.max) for c in claims + later), kind != "earlier"


def _index(sides: list[list[_Claim]]) -> list[list[int]]:
    out, n = [], 0
    for side in sides:
        out.append(list(range(n, n + len(side))))
        n += len(side)
    return out


def _in_conflict(material: Material, a: list[_Claim], b: list[_Claim], independent: bool) -> bool:
    """Two sides truly disagree when some pair of their claims has incompatible values, passes the cheap tests
    (:func:`_plausible`), comes from independent outlets (for a contradiction) and is about the same thing by
    context (cosine of the masked sentences at least CONFLICT_CONTEXT)."""
    for x in a:
        for y in b:
            if compatible(x.stored, y.stored) or not _one_measure(x, y) or not _plausible(x, y):
                continue
            if independent and material.independent([x.stored.article, y.stored.article]) < 2:
                continue
            if _alike(x, y, context=CONFLICT_CONTEXT):
                return True
    return False


_TIME_BOUNDED = re.compile(r"\b(?:so far|to date|until now|by now|as of|since|first|past|total|already|"
                           r"earlier this|this year|running)\b", re.I)


def _time_bounded(c: _Claim) -> bool:
    """A count its sentence ties to a span of time ("met twice so far this year", "the first two rounds",
    "six of the past seven contests"): the kind of quantity that grows, so a later report may differ."""
    k = c.stored.claim
    a, b = k.number.start - k.sentence.start, k.number.end - k.sentence.start
    window = " ".join(k.sentence.text[:a].split()[-TIME_WINDOW:] + k.sentence.text[b:].split()[:TIME_WINDOW])
    return bool(_TIME_BOUNDED.search(window))


def _changed(a: list[_Claim], b: list[_Claim]) -> bool:
    """An earlier and a later value of one quantity: some pair with near-identical subjects in close contexts,
    one of them tied to a span of time or given as superseded by its sentence."""
    return any(_changed_pair(x, y) for x in a for y in b)


def _changed_pair(x: _Claim, y: _Claim) -> bool:
    superseded = x.stored.claim.earlier or y.stored.claim.earlier  # the text itself gives one value as earlier
    return (superseded or _one_measure(x, y) and (_time_bounded(x) or _time_bounded(y))) \
        and (_alike(x, y, subject=CHANGE_SUBJECT) or x.stored.claim.head == y.stored.claim.head) \
        and _plausible(x, y) and _alike(x, y, context=CHANGE_CONTEXT)


def _mutual_best(earlier: list[_Claim], later: list[_Claim]) -> set[tuple[int, int]]:
    """Pairs (earlier, later) that are each other's closest claim of the other time (subject plus context
    cosine): a later value replaces the earlier value it is closest to, not any value of the same noun."""
    def score(x: _Claim, y: _Claim) -> float:
        if _multilingual(x, y):
            return float(x.ml_subject @ y.ml_subject) + float(x.ml_context @ y.ml_context) \
                if x.ml_subject is not None and y.ml_subject is not None else 0.0
        context = float(x.context @ y.context) if x.context is not None and y.context is not None else 0.0
        return float(x.subject @ y.subject) + context

    out = set()
    for x in earlier:
        y = max(later, key=lambda y: score(x, y))
        if max(earlier, key=lambda z: score(z, y)) is x:
            out.add((id(x), id(y)))
    return out


def _same_holder(x: _Claim, y: _Claim) -> bool:
    """False when the two numbers belong to different named holders ("Clinton leads with 1,428" / "Sanders,
    who had 1,401"): then they are two quantities, whatever their subject."""
    return x.holder is None or y.holder is None or x.holder == y.holder


def _set_holders(material: Material, claims: list[_Claim]) -> None:
    by_article: dict[int, list[tuple[int, int]]] = {}
    for article, entity, _, _, start in material.mentions:
        by_article.setdefault(article, []).append((start, entity))
    for c in claims:
        k = c.stored.claim
        before = [e for start, e in by_article.get(c.stored.article, ()) if k.sentence.start <= start < k.number.start]
        c.holder = before[-1] if before else None


def _nouns(c: _Claim) -> frozenset[str]:
    """Stems of the nouns a subject names: its head and its "of" noun ("rounds of peace talks": round, talk)."""
    words = [c.stored.claim.head] + c.stored.claim.subject.lower().split(" of ")[1:]
    return frozenset(re.sub(r"(?<=[a-z])s$", "", w.split()[-1].lower()) for w in words if w.strip())


def _measurement(c: _Claim) -> bool:
    """A share of a population (a percentage, "half of voters"): it is measured, and each poll measures anew."""
    k = c.stored.claim
    return k.unit == "percent" or isinstance(k.value, (int, float)) and 0 < float(k.value) < 1


def _small(c: _Claim) -> bool:
    """A small count ("two rivals", "four states"): news is full of them, so only the same noun links them."""
    k = c.stored.claim
    return k.unit == "count" and isinstance(k.value, (int, float)) and float(k.value) < SMALL_COUNT


# A round number in the plural, without a numeral ("dozens", "hundreds of thousands", "thousands and thousands"):
# a size, not a value that another report's figure can contradict.
_PLURAL_ROUND = re.compile(r"^(?:(?:tens|dozens|scores|hundreds|thousands|millions|billions)(?:\s+(?:of|and))?\s*)+"
                           r"(?:\s+\w+)?$")


def _vague(c: _Claim) -> bool:
    """A bare "one" or "a" (more often a determiner than a count), or a round number in the plural."""
    text = c.stored.claim.number.text.lower()
    return text in ("one", "a", "an") or bool(_PLURAL_ROUND.match(split_hedge(text)[1]))


def _conflicts(material: Material, sides: list[list[_Claim]], independent: bool) -> list[list[list[_Claim]]]:
    """Sides grouped by real disagreement: a group of one side agrees within itself and disagrees with no one."""
    parent = list(range(len(sides)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for i in range(len(sides)):
        for j in range(i + 1, len(sides)):
            if _in_conflict(material, sides[i], sides[j], independent):
                parent[find(j)] = find(i)
    groups: dict[int, list[list[_Claim]]] = {}
    for i, side in enumerate(sides):
        groups.setdefault(find(i), []).append(side)
    return list(groups.values())


def _agreeing(material: Material, claims: list[_Claim], unit: str) -> list[ClaimComparison]:
    out = []
    for part in _strict_parts(claims):
        status = "corroborated" if material.independent([c.stored.article for c in part]) >= 2 else "single-source"
        out.append(_comparison(material, status, part, [list(range(len(part)))], _subject_name(part), unit))
    return out


def _strict_parts(claims: list[_Claim]) -> list[list[_Claim]]:
    """Agreeing small counts corroborate each other only with the same head noun or near-identical subjects
    (SMALL_SUBJECT_SAME): "Cruz's two Senate colleagues" and "two of his rivals" agree on a number, not a fact."""
    if not all(_small(c) for c in claims):
        return [claims]
    parts: list[list[_Claim]] = []
    for c in claims:
        for part in parts:
            if any(c.stored.claim.head == o.stored.claim.head or _alike(c, o, subject=SMALL_SUBJECT_SAME)
                   for o in part):
                part.append(c)
                break
        else:
            parts.append([c])
    return parts


def _comparison(material: Material, status: str, claims: list[_Claim], sides: list[list[int]], subject: str,
                unit: str, split: int = 0) -> ClaimComparison:
    """``split``: for a change over time, how many of ``sides`` are the earlier time's."""
    values = tuple(_value(material, c) for c in claims)
    if status == "changed-over-time":
        summary = " → ".join(" / ".join(_side_text(values, side) for side in part)
                             for part in (sides[:split], sides[split:]))
    else:
        summary = " vs ".join(_side_text(values, side) for side in sides)
    return ClaimComparison("", status, subject, unit, values, tuple(tuple(s) for s in sides), summary)


def _side_text(values: tuple[ClaimValue, ...], side: list[int]) -> str:
    shown = values[side[0]].value
    shown = shown.lower() if shown[:1].isupper() and shown.split()[0].lower() in NUMBER_WORDS else shown
    outlets = sorted({values[i].outlet for i in side})
    whens = [values[i].as_of for i in side if values[i].as_of]
    when = ""
    if whens:
        lo, hi = min(w[0] for w in whens), max(w[1] for w in whens)
        before = "before " if all(values[i].earlier for i in side) else ""  # a superseded value held before
        when = f", {before}{lo.isoformat()}" if lo == hi else f", {before}{lo.isoformat()}..{hi.isoformat()}"
    return f"{shown} ({', '.join(outlets)}{when})"


def _subject_name(claims: list[_Claim]) -> str:
    """The most common subject wording of the group (the longest among equals), in English where some claim
    of the group is."""
    counts: dict[str, int] = {}
    for c in [c for c in claims if c.language == "en"] or claims:
        counts[c.stored.claim.subject] = counts.get(c.stored.claim.subject, 0) + 1
    return max(counts, key=lambda s: (counts[s], len(s)))
