"""Statement matching: the same remark as each outlet reports it, grouped across articles.

A remark is a quote (direct or reported) with its speaker. Outlets translate and trim the same words
differently ("more accurate to speak of a pause" / "to talk about a pause") or paraphrase them, so two remarks
match on meaning: the cosine of their sentence embeddings (all-MiniLM-L6-v2, installed from PyPI, run
offline), when the speaker is the same entity and the two reports are of the same event or within a few days.
Remarks reported in two languages ("Мы возобновим переговоры..." / "We will restart the talks...") match on
the multilingual embedding (:mod:`newsweave.embed_multilingual`) instead, with a threshold of their own.
Within a pair of articles each remark matches at most one other (the best first), and matches chain across
articles into one statement.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .. import embed_multilingual, embed_wide
from ..embed import embed_cached
from ..nlp.confidence import trusted_threshold
from ..nlp.quotemarks import find_quoted
from ..lexicon import BELIEF_VERBS, SPEECH_NOUNS, SPEECH_VERBS
from ..model import ScopeArticle, Statement, StoredQuote, Wording
from ..sentences import sentence_breaks
from ..stories import content_words
from .scope import Material
from .voice import stance, writer_markers

# Two renderings of one remark: their score at least this. The score is the cosine of the two remarks'
# embeddings plus LEXICAL_BONUS for each rare word stem they share (at most LEXICAL_MAX_SHARED), because a
# paraphrase keeps a few telling words ("yield ... results") where the embedding alone is unsure. Set on the
# seeds: renderings of one remark score 0.74-1.1, other remarks of the same speaker and day at most 0.59.
STATEMENT_MATCH = 0.6
LEXICAL_BONUS = 0.1
LEXICAL_MAX_SHARED = 3
# Two remarks are compared only when they share at least this many rare word stems (in one language).
CANDIDATE_STEMS = 2
# Two remarks in two languages: one remark when the cosine of their multilingual embeddings reaches this. Set by
# benchmarks/statements_multilingual.py on the machine-translated reports of ../shared/eval/multilingual (an
# English article's quotes against its Russian, Spanish, French and Italian translation's): at 0.6, 42 of the
# 45 quotes paired with their translation (mutual best match) reach it and none of the 101 other quotes of the
# same two articles (same subject, same speakers: the hardest negatives there are); at 0.5, 42 and 4 of 101;
# at 0.7, 35 and none.
CROSS_LANGUAGE_MATCH = 0.6
# ... and when one of the two is in a language that model lacks (Ukrainian: newsweave.embed_wide carries e5's
# vector into its space, and a short text's lands less close to its translation's). Set by the same script with
# ``--wide`` (the translations embedded that way; the data holds no Ukrainian, those languages stand in): the
# quotes paired with their translation have median cosine 0.575 against 0.766, the other quotes 0.135 against 0.137;
# at 0.525, 30 of 46 pairs and none of the 107 others reach it; at 0.5, 33 and one; at 0.55, 26 and none.
WIDE_LANGUAGE_MATCH = 0.525
# Reports of one remark are of one event, or of articles at most this many days apart.
STATEMENT_MAX_DAYS = 3
# A remark shorter than this many words (after stop words) is matched by the sentence that reports it.
SHORT_QUOTE_WORDS = 6
# A remark is embedded by its first this many words (the gist comes first; long quotes cost time).
EMBED_WORDS = 60
# The sentence quoted around a remark is cut at this many characters.
MAX_SENTENCE_CHARS = 400

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")


@dataclass
class Remark:
    """A unit to match: one speaker's remark in one article, as the text that carries it."""

    article: ScopeArticle
    speaker: str
    speaker_key: str
    speaker_id: int | None
    text: str
    sentence: str
    direct: bool
    quote: int
    evidence: str
    confidence: float | None
    position: bool = True    # what the speaker said or holds, to show as a position (see ``_a_position``)


def evidence(q) -> str:
    """The words that attribute a quote: the speaker as the text names them and the cue, in text order ("Peskov
    told"), or how it was attributed when the text gives no cue ("continues previous speaker")."""
    parts = sorted((s.start, s.text) for s in (q.speaker_mention, q.cue) if s is not None)
    return " … ".join(text for _, text in parts) if parts else q.how


# Characters either side of a quote searched for the sentence breaks around it: a text without a break for this
# long is not prose, and its "sentence" is cut to MAX_SENTENCE_CHARS anyway.
SENTENCE_REACH = 2000


@functools.lru_cache(maxsize=4096)
def _breaks(text: str) -> tuple[list[int], list[int]]:
    """The ends of a text's sentences and the starts of the next, each in text order: found once per text (a
    storyline's quotes ask for the sentence around each of them, many in one article)."""
    breaks = sentence_breaks(text)
    return [stop for stop, _ in breaks], [nxt for _, nxt in breaks]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a text."""
    out, left = [], 0
    stops, nexts = _breaks(text)
    for stop, nxt in [*zip(stops, nexts), (len(text), len(text))]:
        if text[left:stop].strip():
            out.append((left, stop))
        left = nxt
    return out


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) holding the characters start..end of text."""
    stops, nexts = _breaks(text)
    before = bisect_right(nexts, start) - 1  # the last break that ends before the start
    left = nexts[before] if before >= 0 and stops[before] >= start - SENTENCE_REACH else 0
    after = bisect_left(stops, end)  # the first break at or after the end
    right = stops[after] if after < len(stops) and stops[after] < end + SENTENCE_REACH else len(text)
    out = text[left:right].strip()
    return out if len(out) <= MAX_SENTENCE_CHARS else out[:MAX_SENTENCE_CHARS].rsplit(" ", 1)[0] + "…"


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


@functools.lru_cache(maxsize=32768)  # (one storyline's brief and disputes ask for the same sentences' stems)
def rare_stems(text: str) -> frozenset[str]:
    """Stems (five letters) of the longer lower-case words that are not stop words: names are left out, since
    every remark of a speaker names the same people."""
    lower = {w for w in _WORD.findall(text) if w[0].islower()}
    return frozenset(w[:5] for w in content_words(" ".join(lower)) if len(w) >= 4)


# Cues whose reported words are what the speaker rejects ("denied that", "dismissed the idea that").
_REJECTING = re.compile(r"(?:den(?:y|ie)|dismiss|reject|refut|disput|rebut)", re.I)
# Cues that only report: reported words are shown without them ("said the talks ..." reads as "the talks ...").
_NEUTRAL_CUES = frozenset("said says say told tells added adds stated states".split())


def _with_cue(text: str, q: StoredQuote) -> str:
    """Reported words, preceded by their cue when it stands right before them and is not a neutral "said", or
    when it is negated ("did not want to remain ...": the words alone would say the opposite)."""
    if q.cue is None or q.cue.end > q.content.start or text[q.cue.end:q.content.start].strip():
        return q.content.text
    negation = _negation(text, q)
    if negation:
        return f"{negation} {q.cue.text} {q.content.text}"
    return q.content.text if q.cue.text.lower() in _NEUTRAL_CUES else f"{q.cue.text} {q.content.text}"


_NEGATED = re.compile(r"(?:\b\w+\s+)?(?:not|never|n't)\s*$", re.I)


def _negation(text: str, q: StoredQuote) -> str:
    """The negation right before a quote's cue, with its auxiliary ("did not", "has never"), or ''."""
    if q.cue is None:
        return ""
    m = _NEGATED.search(text[max(0, q.cue.start - 20):q.cue.start])
    return " ".join(m.group(0).split()) if m else ""


_UTTERANCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*$")
_IRREGULAR_CUES = {"said": "say", "told": "tell", "wrote": "write", "thought": "think", "felt": "feel",
                   "knew": "know", "spoke": "speak", "swore": "swear", "understood": "understand"}


def _a_position(q: StoredQuote, text: str) -> bool:
    """Whether a quote tells what its speaker says or holds: a quotation that is a whole utterance (not a
    quoted term: "public option", "a very sad day"), or reported words with a verb of speech or belief, a
    speech noun or "according to" (not an act: "offering a bid", "refused to disclose", "decided he would
    retire"; nor "did not say that ..."). ``text`` is the quote's article text."""
    if q.direct:  # short: a whole sentence of its own ("No."), not the end of the writer's ("of bullshit.")
        content = q.content.text.strip()
        whole = content[:1].isupper() and bool(_UTTERANCE_END.search(content))
        return len(words(content)) >= SHORT_QUOTE_WORDS or whole
    if q.cue is None:
        return False
    cue = q.cue.text.lower().split()[0]
    if cue in _NEUTRAL_CUES and _negation(text, q):
        return False  # "did not say that ...": nothing said
    if cue == "according" or cue in SPEECH_NOUNS:
        return True
    candidates = {cue, _IRREGULAR_CUES.get(cue, cue), cue[:-1], cue[:-2], cue[:-3], cue[:-3] + "e", cue[:-4]}
    return bool(candidates & (SPEECH_VERBS | BELIEF_VERBS))


def remarks(material: Material) -> list[Remark]:
    """Every quote of a named speaker as a remark; the quotes of one speaker in one sentence are one remark,
    and so is a quote inside a longer one of the same speaker (the quoted words of a reported clause)."""
    out: list[Remark] = []
    trusted = trusted_threshold()
    seen: set[tuple[int, str, str]] = set()
    spans: dict[tuple[int, str], list[tuple[int, int]]] = {}
    for q in sorted(material.quotes, key=lambda q: (q.article, q.content.start, -q.content.end)):
        article = material.by_id.get(q.article)
        if article is None or not q.speaker or (q.confidence is not None and q.confidence < trusted):
            continue  # a speaker is credited only with words the text clearly gives them
        if not q.direct and q.cue is not None and _REJECTING.match(q.cue.text):
            continue  # "Peskov dismissed the idea that ...": what he rejects is not what he holds
        if not q.direct and writer_markers(q.content.text):
            continue  # "The Kremlin confirmed what most observers should consider obvious": the writer's words
        key = f"e{q.speaker_id}" if q.speaker_id is not None else q.speaker.lower()
        kept = spans.setdefault((q.article, key), [])
        if any(a <= q.content.start and q.content.end <= b for a, b in kept):
            continue
        kept.append((q.content.start, q.content.end))
        sentence = sentence_around(article.text, q.content.start, q.content.end)
        # the remark's own words, without the reporting frame ("Peskov told a briefing that ...") that every
        # sentence about the speaker shares; a quoted fragment ("impeding") is read in its sentence. Reported
        # words are never widened to their sentence (the rest is the writer's: "While Peskov claims Russia is
        # ready for diplomacy, there is no indication ..."); a cue right before them that does more than
        # report stays with them ("claims Russia is ready ...", "warned of stricter sanctions").
        if q.direct:
            text = q.content.text if len(words(q.content.text)) >= SHORT_QUOTE_WORDS else sentence
        else:
            text = _with_cue(article.text, q)
        if (q.article, key, sentence) in seen and text == sentence:
            continue
        seen.add((q.article, key, sentence))
        out.append(Remark(article, q.speaker, key, q.speaker_id, text, sentence, q.direct, q.id, evidence(q),
                          q.confidence, _a_position(q, article.text)))
    return out


def match_statements(material: Material) -> list[Statement]:
    """Remarks reported by two or more outlets, grouped; each group a :class:`Statement`, most outlets first."""
    units = remarks(material)
    articles_of: dict[str, set[int]] = {}
    for u in units:
        articles_of.setdefault(u.speaker_key, set()).add(u.article.id)
    units = [u for u in units if len(articles_of[u.speaker_key]) >= 2]  # a speaker one article quotes: no match
    stems = [rare_stems(u.text) for u in units]
    by_speaker: dict[str, list[int]] = {}
    for i, u in enumerate(units):
        by_speaker.setdefault(u.speaker_key, []).append(i)
    # candidate pairs: same speaker, other article, same time, a few telling words in common (every rendering
    # of one remark keeps some: "pause", "negotiators"; "yield ... results"); only their remarks are embedded
    # (remarks in two languages: no words in common; the multilingual embedding judges them)
    candidates = [(idx[a], idx[b]) for idx in by_speaker.values()
                  for a, b in zip(*np.nonzero(np.triu(_same_time_apart([units[i].article for i in idx]), 1)))
                  if _two_languages(units[idx[a]], units[idx[b]])
                  or len(stems[idx[a]] & stems[idx[b]]) >= CANDIDATE_STEMS]
    if not candidates:
        return []
    needed = sorted({k for i, j in candidates if not _two_languages(units[i], units[j]) for k in (i, j)})
    row = {i: n for n, i in enumerate(needed)}
    vectors = embed_cached([" ".join(units[i].text.split()[:EMBED_WORDS]) for i in needed])
    across = sorted({k for i, j in candidates if _two_languages(units[i], units[j]) for k in (i, j)})
    ml_row = {i: n for n, i in enumerate(across)}
    ml_vectors = embed_multilingual.embed([" ".join(units[i].text.split()[:EMBED_WORDS]) for i in across],
                                          languages=[units[i].article.language for i in across])
    bars = cross_language_bars(np.array([embed_wide.needed(units[i].article.language) for i in across], dtype=bool))
    parent = list(range(len(units)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    weakest: dict[int, float] = {}
    by_speaker_pairs: dict[str, list[tuple[float, int, int]]] = {}
    for i, j in candidates:
        if _two_languages(units[i], units[j]):  # scaled onto the one-language score's threshold
            score = float(ml_vectors[ml_row[i]] @ ml_vectors[ml_row[j]]) * STATEMENT_MATCH / \
                bars[ml_row[i], ml_row[j]]
        else:
            score = float(vectors[row[i]] @ vectors[row[j]]) + \
                LEXICAL_BONUS * min(LEXICAL_MAX_SHARED, len(stems[i] & stems[j]))
        if score >= STATEMENT_MATCH:
            by_speaker_pairs.setdefault(units[i].speaker_key, []).append((score, i, j))
    for pairs in by_speaker_pairs.values():
        used: set[tuple[int, int]] = set()  # (remark, other article): each remark matches once per article
        for score, i, j in sorted(pairs, reverse=True):
            ai, aj = units[i].article.id, units[j].article.id
            if (i, aj) in used or (j, ai) in used:
                continue
            used |= {(i, aj), (j, ai)}
            ri, rj = find(i), find(j)
            if ri != rj:
                parent[rj] = ri
                weakest[ri] = min(score, weakest.get(ri, score), weakest.get(rj, score))
    groups: dict[int, list[int]] = {}
    for i in range(len(units)):
        groups.setdefault(find(i), []).append(i)
    out = []
    for root, members in groups.items():
        if len({units[i].article.outlet for i in members}) < 2:
            continue  # one outlet repeating a remark (or its own page furniture) matches it across no outlets
        # one wording per article: its own words quoted directly first, then the longest
        best: dict[int, int] = {}
        for i in members:
            u, j = units[i], best.get(units[i].article.id)
            if j is None or (u.direct, u.text != u.sentence, len(u.text)) > \
                    (units[j].direct, units[j].text != units[j].sentence, len(units[j].text)):
                best[u.article.id] = i
        members = sorted(best.values(), key=lambda i: (units[i].article.when or (), units[i].article.id))
        first = units[members[0]]
        exact = [units[i].article.when for i in members if units[i].article.exact and units[i].article.when]
        whens = exact or [units[i].article.when for i in members if units[i].article.when]
        when = (min(w[0] for w in whens), min(w[1] for w in whens)) if whens else None  # the first report
        out.append(Statement(0, first.speaker, first.speaker_id, first.article.story, when,
                             tuple(Wording(units[i].article.id, units[i].article.source, units[i].article.outlet,
                                           units[i].text, units[i].sentence, units[i].direct, units[i].quote,
                                           units[i].evidence, units[i].confidence,
                                           stance(units[i].sentence, units[i].evidence), units[i].article.language)
                                   for i in members),
                             round(float(weakest.get(root, 1.0)), 3)))
    out.sort(key=lambda s: (-len({m.outlet for m in s.members}), -len(s.members), s.when or (), s.members[0].article))
    return [Statement(n, s.speaker, s.speaker_id, s.story, s.when, s.members, s.score)
            for n, s in enumerate(out, 1)]


def cross_language_bars(wide: np.ndarray) -> np.ndarray:
    """For each two texts, the multilingual cosine at which two texts in two languages say one thing:
    :data:`CROSS_LANGUAGE_MATCH`, or :data:`WIDE_LANGUAGE_MATCH` when either is in a language embedded by
    :mod:`newsweave.embed_wide` (``wide``, one flag per text)."""
    return np.where(wide[:, None] | wide[None, :], WIDE_LANGUAGE_MATCH, CROSS_LANGUAGE_MATCH)


def _two_languages(a: Remark, b: Remark) -> bool:
    """Whether two remarks are reported in two languages (English when annotation did not say)."""
    return (a.article.language or "en") != (b.article.language or "en")


def _same_time_apart(articles: list[ScopeArticle]) -> np.ndarray:
    """For each two of ``articles``, whether they are two articles that report one event, or of exact dates
    at most STATEMENT_MAX_DAYS apart (an estimated date is too loose to say two events' remarks are one)."""
    story = np.array([a.story for a in articles], dtype=np.int64)
    dated = np.array([a.when is not None and a.exact for a in articles])
    first = np.array([a.when[0].toordinal() if a.when else 0 for a in articles], dtype=np.int32)
    last = np.array([a.when[1].toordinal() if a.when else 0 for a in articles], dtype=np.int32)
    ids = np.array([a.id for a in articles])
    gap = np.maximum(first[:, None], first[None, :]) - np.minimum(last[:, None], last[None, :])
    same = (story[:, None] == story[None, :]) | (dated[:, None] & dated[None, :] & (gap <= STATEMENT_MAX_DAYS))
    return same & (ids[:, None] != ids[None, :])


def quoted_sentences(text: str, spans: Sequence[tuple[int, int]] | None = None) -> set[int]:
    """Indexes of the sentences (``spans``, default :func:`sentence_spans` of the text) that lie inside a quotation
    (the middle of a speaker's several sentences)."""
    inside = [q.inner for q in find_quoted(text)]
    return {i for i, (a, b) in enumerate(sentence_spans(text) if spans is None else spans)
            if any(lo <= a and b <= hi + 1 for lo, hi in inside)}
