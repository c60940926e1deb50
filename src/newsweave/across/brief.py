"""Brief: a short neutral summary of a story or storyline, every sentence citing the articles it comes from.

Extractive: sentences are taken whole from the articles, chosen for how central they are to the story and
how many independent outlets carry the same content, never two saying the same thing. A sentence is cited to
every article that carries it (the same words, or a sentence close in meaning that shares most of its telling
words). Neutrality: a sentence using one side's name for a contested thing (see ``framing``) is left out, and
so is one in its outlet's own voice (an evaluative word or an opinion outside quotation marks, see ``voice``)
and one that states a contested value as fact; disagreements are written out instead, with each side's
outlets ("Outlets disagree on the rounds of talks: twice (A) vs three (B, C)").
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from html import escape

import numpy as np

from .. import embed_multilingual, embed_wide
from ..embed import embed_cached
from ..model import Brief, BriefSentence, ClaimComparison
from ..records import language_mark
from ..sentences import ends_as_sentence, furniture, lead_in, standalone, transcript_start
from ..stories import content_words
from .framing import lexicon, name_uses
from .scope import Material
from .statements import cross_language_bars, quoted_sentences, rare_stems, sentence_spans, words
from .voice import editorial

# Sentences in a brief: at most this many (fewer when the story has less to say).
MAX_SENTENCES = 8
MAX_SENTENCES_STORYLINE = 10
# Per event of a storyline, at most this many sentences.
PER_EVENT = 3
# Candidates: the first this many usable sentences of each article (news puts what matters first).
CANDIDATES_PER_ARTICLE = 5
# A candidate sentence has this many words at least and at most.
MIN_WORDS, MAX_WORDS = 8, 45
# Two sentences say the same thing when their cosine is at least this: the second is left out (on the seeds,
# three outlets' lead sentences on one remark score 0.6-0.7 with each other).
REDUNDANT = 0.6
# Another article carries a sentence when one of its sentences has cosine at least CITE_SIMILAR with it and
# shares at least CITE_STEMS of its telling word stems (set so that translations of one quote are cited
# together while merely related sentences are not; benchmarks/brief.py measures the precision).
CITE_SIMILAR = 0.8
CITE_STEMS = 0.5
# Score of a sentence: its cosine to the story's centre, plus this for each further independent outlet that
# carries it, plus LEAD_BONUS in the first LEAD_SENTENCES of its article.
SUPPORT_BONUS = 0.15
LEAD_BONUS = 0.1
LEAD_SENTENCES = 3
# In a story told in several languages, a sentence in the reader's language (newsweave's, English) gets this
# more, so that of a sentence and its translations the one the reader can read is shown, the others cited.
READER_LANGUAGE, READER_LANGUAGE_BONUS = "en", 0.1
# Contested facts written out: at most this many.
MAX_CONTESTED = 2
# Framing signals that are not one side's term (a sentence using only these is neutral).
NEUTRAL_SIGNALS = {"neutral", "war", "common term", "common name", "official name", "news style",
                   "Ukrainian transliteration", "traditional English name", "official name since 2022",
                   "traditional name"}

# A relative day ("on Friday", "yesterday") means nothing out of its article: in a brief it is followed by the
# date it stands for, as an editor's insertion in square brackets ("on Friday [12 September 2025]").
_DAY_WORDS = re.compile(r"(?<![-\w])(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|"
                        r"yesterday|tomorrow|this morning|this afternoon|this evening)\b", re.I)
_INSERTION = re.compile(r" \[\d{1,2} [A-Z][a-z]+ \d{4}\]")


def dated(sentence: str, article_date: tuple | None, exact: bool, told: dt.date | None = None) -> str | None:
    """``sentence`` with each relative day followed by its date, from the article's exact date (after a possessive:
    "Wednesday's [26 January 2011] clashes"), but for the day ``told``, which the reader is already given (a key
    date's own); ``None`` when it names a relative day that cannot be resolved (the article's date is not known
    exactly)."""
    from ..dates import resolve_times
    from ..model import DateEstimate

    if not _DAY_WORDS.search(sentence):
        return sentence
    if not exact or article_date is None:
        return None
    day = article_date[0]
    out, last, resolved = [], 0, []
    for t in resolve_times(sentence, DateEstimate(day, day, True, 1.0)):
        if t.relative and t.earliest is not None and t.earliest == t.latest and t.start >= last \
                and _DAY_WORDS.search(t.text) \
                and not _DAY_DATE.match(sentence, t.end):  # "Friday, Sept. 12, 2025" needs no insertion
            resolved.append((t.start, t.end))
            if t.earliest == told:
                continue
            end = owner.end() if (owner := _POSSESSIVE.match(sentence, t.end)) else t.end
            out.append(sentence[last:end] + f" [{t.earliest.day} {t.earliest:%B %Y}]")
            last = end
    if any(not any(a <= m.start() and m.end() <= b for a, b in resolved) for m in _undated(sentence)):
        return None  # a relative day that no date follows (but the day ``told``)
    return "".join(out) + sentence[last:]


_POSSESSIVE = re.compile(r"['\u2019]s\b")


def unresolved_days(sentence: str) -> list[str]:
    """The relative days of a (brief) sentence that no inserted date follows."""
    return [m.group(0) for m in _undated(sentence)]


def _undated(sentence: str) -> list[re.Match]:
    """The relative days of a sentence that no date follows, inserted or written out (:data:`_DAY_DATE`)."""
    return [m for m in _DAY_WORDS.finditer(sentence) if not _DAY_DATE.match(sentence, m.end())]


# What follows a relative day that dates it: an inserted date (after a possessive: "Friday's [12 September 2025]"),
# or the date written out ("Friday, Sept. 12").
_DAY_DATE = re.compile(r"(?:['\u2019]s)?,?\s*(?:\[\d{1,2} [A-Z][a-z]+ \d{4}\]|[A-Z][a-z]+\.?\s+\d{1,2}\b|"
                       r"\d{1,2}\s+[A-Z][a-z]+)")


def without_insertions(sentence: str) -> str:
    """The article's own words: a brief sentence without the dates the brief inserted."""
    return _INSERTION.sub("", sentence)


def sentences_of(text: str) -> list[tuple[int, str]]:
    """(index, sentence) of a text, in order."""
    return [(i, s) for i, s, _ in sentences_at(text)]


def sentences_at(text: str, spans: Sequence[tuple[int, int]] | None = None) -> list[tuple[int, str, int]]:
    """(index, sentence, where it starts in ``text``) of a text (its ``spans``, default :func:`sentence_spans`), in
    order."""
    out = []
    for i, (a, b) in enumerate(sentence_spans(text) if spans is None else spans):
        raw = text[a:b]
        out.append((i, raw.strip(), a + len(raw) - len(raw.lstrip())))
    return out


@lru_cache(maxsize=1)
def _signals() -> dict[str, dict[str, str]]:
    return {t.name: t.variants for t in lexicon()}


def _neutral(sentence: str) -> bool:
    signals = _signals()
    return all(quoted or signals[thing][variant] in NEUTRAL_SIGNALS for thing, variant, quoted in name_uses(sentence))


def make_brief(material: Material, claims: list[ClaimComparison], limit: int | None = None) -> Brief:
    """The brief of a scope: at most ``limit`` sentences (default MAX_SENTENCES for a story,
    MAX_SENTENCES_STORYLINE for a storyline), contested facts first among them after the lead."""
    scope = material.scope
    limit = limit or (MAX_SENTENCES if scope.kind == "story" else MAX_SENTENCES_STORYLINE)
    contested = _contested(material, claims)[:max(0, limit - 1)]
    contested_sentences = {v.sentence for c in claims if c.status in ("contradicted", "disputed") for v in c.values}
    # a sentence that only gives a superseded value ("had previously said 60 metres") is not news of the story:
    # the change itself is told among the contested facts
    contested_sentences |= ({v.sentence for c in claims for v in c.values if v.earlier}
                            - {v.sentence for c in claims for v in c.values if not v.earlier})
    contested_in = _overlapping(contested_sentences)

    cands: list[tuple[int, int, str]] = []   # (article, index, sentence)
    found_at: list[tuple[int, int, int]] = []  # (article, start, end) of each candidate in its article
    per_article: dict[int, list[tuple[int, str, int]]] = {}
    for a in scope.articles:
        spans = sentence_spans(a.text)
        sents = sentences_at(a.text, spans)
        per_article[a.id] = sents
        in_quotes = quoted_sentences(a.text, spans)
        if a.copy_of is not None and a.copy_of in material.by_id:
            continue  # a syndicated copy adds citations, not candidates
        spoken_from = transcript_start(a.text)
        taken = 0
        for i, s, start in sents:
            if i in in_quotes or (spoken_from is not None and start >= spoken_from):
                continue  # a speaker's words out of their quotation marks (or a transcript) read as the outlet's
            opening = lead_in(s)  # a wire dateline's date is the day of writing, not of the event: dropped
            s, start = s[opening:], start + opening
            n = len(words(s))
            if MIN_WORDS <= n <= MAX_WORDS and standalone(s) and ends_as_sentence(s, (".",)) \
                    and not furniture(s) and not contested_in(s) and _neutral(s) and not editorial(s):
                s = dated(s, a.when, a.exact)
                if s is None:
                    continue  # "on Friday" in an article whose day is not known
                cands.append((a.id, i, s))
                found_at.append((a.id, start, start + len(without_insertions(s))))
                taken += 1
                if taken >= CANDIDATES_PER_ARTICLE:
                    break
    if not cands:
        return Brief(scope, scope.title, tuple(contested[:limit]))
    vectors = embed_cached([s for _, _, s in cands])
    centre = vectors.mean(axis=0)
    centre /= np.linalg.norm(centre) or 1.0
    pairs_of = _possible_carriers(cands, per_article, contested_in)
    outlet = {a.id: a.outlet for a in scope.articles}
    carried: dict[int, set[int]] = {}
    carried_at: dict[int, list[tuple[int, int, int]]] = {}
    language = {a.id: a.language or "en" for a in scope.articles}
    mixed = len({language[aid] for aid, _, _ in cands}) > 1
    minilm = vectors  # carriers are found on these, also where the multilingual vectors rank and compare
    if mixed:  # a story told in several languages: translations of one sentence carry and repeat each other
        vectors = embed_multilingual.embed([s for _, _, s in cands],
                                           languages=[language[aid] for aid, _, _ in cands])
        centre = vectors.mean(axis=0)
        centre /= np.linalg.norm(centre) or 1.0
        codes = np.array([language[aid] for aid, _, _ in cands])
        wide = np.array([embed_wide.needed(c) for c in codes], dtype=bool)
        bars = cross_language_bars(wide)
        apart = codes[:, None] != codes[None, :]
        similar = (vectors @ vectors.T >= bars) & apart
        if wide.any():  # such a sentence lands less close to its translations: it also carries what the sentences
            # it matches match on the multilingual model itself (one step: "es" ~ "en" there, "uk" ~ "es")
            sure = similar & ~wide[:, None] & ~wide[None, :]
            step = (sure.astype(np.int32) @ similar.astype(np.int32)) > 0
            similar |= (step | step.T) & (wide[:, None] | wide[None, :]) & apart
        for k, j in np.argwhere(similar):
            carried.setdefault(int(k), set()).add(cands[j][0])
            carried_at.setdefault(int(k), []).append(found_at[j])

    def score(k: int, reports: int) -> float:
        """Candidate ``k``'s score when ``reports`` independent reports carry it."""
        return float(vectors[k] @ centre) + SUPPORT_BONUS * (reports - 1) \
            + (LEAD_BONUS if cands[k][1] < LEAD_SENTENCES else 0.0) \
            + (READER_LANGUAGE_BONUS if mixed and language[cands[k][0]] == READER_LANGUAGE else 0.0)

    def cited(k: int) -> set[int]:
        return {cands[k][0]} | carried.get(k, set())

    # candidate -> outlet -> the sentences of that outlet's articles that may carry it and are not embedded yet
    pending: dict[int, dict[str, list[tuple[int, str, int]]]] = {}
    for k, pairs in pairs_of.items():
        for pair in pairs:
            pending.setdefault(k, {}).setdefault(outlet[pair[0]], []).append(pair)

    def bound(k: int) -> float:
        """At least candidate ``k``'s score whichever of its possible carriers not embedded yet carry it:
        independent reports are never more than the outlets among them."""
        return score(k, len({outlet[aid] for aid in cited(k)} | pending[k].keys()))

    def exact_score(k: int) -> float:
        """Candidate ``k``'s score as its citations stand."""
        return score(k, material.independent(cited(k)))

    def carry(k: int) -> tuple[float, bool]:
        """Embed the sentences of one more outlet that may carry candidate ``k``, the outlet with the fewest of
        those that could still raise its score, or once none could, all that are left (its citations). Returns
        its bound, or its exact score and True once nothing is left."""
        have = {outlet[aid] for aid in cited(k)}
        raising = [o for o in pending[k] if o not in have]
        todo = [min(raising, key=lambda o: (len(pending[k][o]), o))] if raising else list(pending[k])
        pairs = [pair for o in todo for pair in pending[k].pop(o)]
        for (aid, other, start), vector in zip(pairs, embed_cached([s for _, s, _ in pairs])):
            if float(minilm[k] @ vector) >= CITE_SIMILAR:
                carried.setdefault(k, set()).add(aid)
                carried_at.setdefault(k, []).append((aid, start, start + len(other)))
        return (bound(k), False) if pending[k] else (exact_score(k), True)

    # best first, as if every candidate were scored, but a candidate's possible carriers are embedded only
    # while its bound is at the top, one outlet at a time: a storyline's candidates have thousands of them,
    # most carry none, and a brief takes ten
    heap = [(-bound(k), k, False) if k in pairs_of else (-exact_score(k), k, True) for k in range(len(cands))]
    heapq.heapify(heap)
    story_of = {a.id: a.story for a in scope.articles}
    chosen: list[int] = []
    per_event: dict[int, int] = {}
    while heap and len(chosen) < limit - len(contested):
        _, k, scored = heapq.heappop(heap)
        if not scored:
            value, scored = carry(k)
            heapq.heappush(heap, (-value, k, scored))
            continue
        event = story_of[cands[k][0]]
        if scope.kind == "storyline" and per_event.get(event, 0) >= PER_EVENT:
            continue
        if any((similar[k, j] or float(vectors[k] @ vectors[j]) >= bars[k, j]) if mixed else
               float(vectors[k] @ vectors[j]) >= REDUNDANT for j in chosen):
            continue
        chosen.append(k)
        per_event[event] = per_event.get(event, 0) + 1
    order = {s.id: i for i, s in enumerate(scope.stories)}
    position = {a.id: i for i, a in enumerate(scope.articles)}
    when = {a.id: a.when[0] if a.when else dt.date.max for a in scope.articles}

    def told(k: int) -> dt.date:
        """When what a sentence tells happened: the day it names (inserted above), else its article's date."""
        m = _INSERTION.search(cands[k][2])
        return dt.datetime.strptime(m.group(0).strip(" []"), "%d %B %Y").date() if m else when[cands[k][0]]

    # by event, then by when what it tells happened, then as its article tells it
    chosen.sort(key=lambda k: (order[story_of[cands[k][0]]], told(k), cands[k][1], position[cands[k][0]]))
    out = [BriefSentence(" ".join(cands[k][2].split()), tuple(sorted(cited(k))), "fact",  # one line: "(BP.\nL)"
                         spans=(found_at[k], *sorted(carried_at.get(k, ()))),
                         language=language[cands[k][0]] if mixed else None)
           for k in chosen]
    return Brief(scope, scope.title, tuple(out[:1] + contested + out[1:]))


def _possible_carriers(cands: list[tuple[int, int, str]], per_article: dict[int, list[tuple[int, str, int]]],
                       contested_in: Callable[[str], bool]) -> dict[int, list[tuple[int, str, int]]]:
    """For each candidate (article, index, sentence), the sentences of other articles that may carry it, as
    (article, sentence, where it starts): those sharing at least CITE_STEMS of its telling word stems, counted
    for all candidates at once per sentence, and not contested."""
    stems = [rare_stems(s) for _, _, s in cands]
    having: dict[str, list[int]] = {}  # stem -> the candidates that have it
    for k, candidate_stems in enumerate(stems):
        for stem in candidate_stems:
            having.setdefault(stem, []).append(k)
    holders = {stem: np.array(ks) for stem, ks in having.items()}
    need = CITE_STEMS * np.array([len(s) for s in stems])
    cand_article = np.array([aid for aid, _, _ in cands])
    out: dict[int, list[tuple[int, str, int]]] = {}
    for aid, sents in per_article.items():
        for _, other, start in sents:
            found = [holders[stem] for stem in rare_stems(other) if stem in holders]
            if not found:
                continue
            shared = np.bincount(np.concatenate(found), minlength=len(cands))
            possible = np.nonzero((shared > 0) & (shared >= need) & (cand_article != aid))[0]
            if len(possible) and contested_in(other):
                continue  # a sentence whose number others contradict does not vouch for a like sentence
            for k in possible:
                out.setdefault(int(k), []).append((aid, other, start))
    return out


# Characters of a contested sentence's start looked up in a sentence (:func:`_overlapping`): long enough that a
# run of them is rare in a sentence that does not hold the contested one.
_PREFIX = 12


def _overlapping(texts: set[str]) -> Callable[[str], bool]:
    """Whether a sentence holds one of ``texts`` or lies within one: one search for the second, and for the
    first a look-up of the sentence's every run of _PREFIX characters among the texts' first ones (a scan of
    each text per sentence took seconds for a storyline's hundreds of contested sentences)."""
    if not texts:
        return lambda sentence: False
    within = "\x00".join(texts)
    short = [t for t in texts if len(t) < _PREFIX]
    starting: dict[str, list[str]] = {}
    for t in texts:
        if len(t) >= _PREFIX:
            starting.setdefault(t[:_PREFIX], []).append(t)

    def overlapping(sentence: str) -> bool:
        if sentence in within or any(t in sentence for t in short):
            return True
        runs = {sentence[i:i + _PREFIX] for i in range(len(sentence) - _PREFIX + 1)}
        return any(t in sentence for run in runs & starting.keys() for t in starting[run])

    return overlapping


def _contested(material: Material, claims: list[ClaimComparison]) -> list[BriefSentence]:
    out = []
    for c in [c for c in claims if c.status == "contradicted"][:MAX_CONTESTED]:
        out.append(BriefSentence(f"Outlets disagree on the {c.subject}: {c.summary}.", tuple(c.articles),
                                 "contested", tuple(v.sentence for v in c.values),
                                 _located(material, c)))
    for c in [c for c in claims if c.status == "disputed"][:1]:
        disputing = material.by_id[c.values[-1].article]
        matter = dated(c.subject, disputing.when, disputing.exact)  # the matter's "on Friday", dated
        if matter is not None:
            out.append(BriefSentence(f"Disputed between outlets: {matter} ({c.summary}).", tuple(c.articles),
                                     "contested", tuple(v.sentence for v in c.values), _located(material, c)))
    for c in [c for c in claims if c.status == "changed-over-time"][:1]:
        out.append(BriefSentence(f"The {c.subject} changed over time: {c.summary}.", tuple(c.articles),
                                 "contested", tuple(v.sentence for v in c.values),
                                 _located(material, c)))
    return out


def _located(material: Material, claim: ClaimComparison) -> tuple[tuple[int, int, int], ...]:
    """(article, start, end) of each value's sentence in its article's text, where it is found word for word."""
    out = []
    for v in claim.values:
        article = material.by_id.get(v.article)
        start = article.text.find(v.sentence) if article and v.sentence else -1
        if start >= 0:
            out.append((v.article, start, start + len(v.sentence)))
    return tuple(dict.fromkeys(out))


def brief_markdown(title: str, sentences: Sequence[BriefSentence], sources: dict[int, str]) -> str:
    """A brief (its title and sentences) as Markdown: one paragraph of sentences with bracketed citations, then
    the sources (article id -> how to name it)."""
    lines = [f"# {title}", ""]
    for s in sentences:
        lines.append(f"- {s.text}{language_mark(s.language)} " + "".join(f"[{i}]" for i in s.citations))
    lines += ["", "Sources:"] + [f"[{i}] {sources[i]}" for i in sorted({i for s in sentences for i in s.citations})]
    return "\n".join(lines) + "\n"


def brief_html(title: str, sentences: Sequence[BriefSentence], sources: dict[int, str]) -> str:
    """A brief as a standalone HTML fragment; every scraped string is escaped."""
    cited = sorted({i for s in sentences for i in s.citations})
    items = "\n".join(f'  <li class="{escape(s.kind)}"{_lang(s)}>{escape(s.text)} '
                      + " ".join(f'<a href="#src-{i}">[{i}]</a>' for i in s.citations) + "</li>"
                      for s in sentences)
    srcs = "\n".join(f'  <li id="src-{i}">[{i}] {escape(sources[i])}</li>' for i in cited)
    return (f'<article class="brief">\n<h1>{escape(title)}</h1>\n<ul>\n{items}\n</ul>\n'
            f'<h2>Sources</h2>\n<ul class="sources">\n{srcs}\n</ul>\n</article>\n')


def _lang(s: BriefSentence) -> str:
    return f' lang="{escape(s.language)}"' if s.language else ""


# --- checking a brief (benchmarks/brief.py and the tests use this) -------------------------------------------
# A cited article supports a sentence when it contains it word for word, or when one of its sentences holds
# at least SUPPORT_COVERAGE of the brief sentence's content words and the article has every number the
# sentence states. Lexical on purpose: the brief picks citations by embedding similarity, and this check must
# not share that judgement.
SUPPORT_COVERAGE = 0.6
_NUMBER = re.compile(r"\d[\d,.]*")


def supports(article_text: str, sentence: BriefSentence) -> bool:
    """Whether an article contains or entails one brief sentence (see SUPPORT_COVERAGE). A sentence newsweave
    wrote about a disagreement is supported when the article holds one of its evidence sentences."""
    flat = " ".join(article_text.split())
    if sentence.kind == "contested":
        return any(" ".join(e.split()) in flat for e in sentence.evidence)
    text = " ".join(without_insertions(sentence.text).split())
    if text in flat:
        return True
    wanted = content_words(text)
    if not wanted or any(n.rstrip(".,") not in flat for n in _NUMBER.findall(text)):
        return False
    return any(len(wanted & content_words(flat[a:b])) >= SUPPORT_COVERAGE * len(wanted)
               for a, b in sentence_spans(flat))


def redundant_pairs(brief: Brief, overlap: float = 0.5) -> list[tuple[int, int]]:
    """Pairs of sentences that say the same thing: content-word Jaccard at least ``overlap``."""
    sets = [content_words(s.text) for s in brief.sentences]
    return [(i, j) for i in range(len(sets)) for j in range(i + 1, len(sets))
            if sets[i] and sets[j] and len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= overlap]
