"""Typed records shared by every stage of the pipeline.

A :class:`RawDocument` is what a reader yields: the bytes of one article as they arrived, plus what the reader
learned about where they came from. The per-article stages (extract, clean, date) turn it into an
:class:`Article`, which is what the store keeps and every later stage (annotation, stories, comparison)
builds on. Records are plain dataclasses so they serialise with :func:`dataclasses.asdict`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Literal

from .sentences import glued_headline, lead_in, sentence_breaks

Format = Literal["text", "html", "feed", "warc", "jsonl"]
BlockKind = Literal["body", "heading"]


@dataclass(frozen=True)
class Origin:
    """Where a document came from: enough to find and re-read it.

    ``source`` is a file path or URL; ``offset`` is the byte offset of the record inside it for container
    formats (WARC records, JSONL lines), ``None`` for whole files; ``item`` names a feed entry or WARC
    target URI.
    """

    source: str
    format: Format
    offset: int | None = None
    item: str | None = None

    @property
    def label(self) -> str:
        """A short human name for messages: ``path``, ``path@offset`` or ``path#item``."""
        if self.offset is not None:
            return f"{self.source}@{self.offset}"
        if self.item:
            return f"{self.source}#{self.item}"
        return self.source


@dataclass(frozen=True)
class Hints:
    """Metadata a reader, a sidecar or the user supplied, before any extraction.

    Every field is optional; ``outlet_from`` says how the outlet was learned (``option``, ``meta``,
    ``reader``, ``host`` or ``file``) so that a file-name stand-in is never mistaken for a real outlet.
    """

    title: str | None = None
    outlet: str | None = None
    outlet_from: str | None = None
    url: str | None = None
    published: str | None = None
    published_from: str | None = None
    author: str | None = None
    external_id: str | None = None


@dataclass(frozen=True)
class RawDocument:
    """One article exactly as it arrived: original bytes plus origin and hints.

    ``data`` is never modified; the store keeps it so the article can always be re-read.
    ``media`` is the content kind the bytes hold (``text`` or ``html``), which may differ from the container
    format (a WARC record holds HTML).
    """

    origin: Origin
    data: bytes
    media: Literal["text", "html"]
    hints: Hints = field(default_factory=Hints)
    encoding: str | None = None

    @property
    def content_hash(self) -> str:
        """SHA-256 of the original bytes: the identity that makes re-ingest a no-op."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class Block:
    """A paragraph or heading of the cleaned text, with its character span in :attr:`Article.text`."""

    kind: BlockKind
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class RemovedLine:
    """A piece of page furniture taken out of the text, and the cleaning rule that took it."""

    text: str
    rule: str
    line: int


@dataclass(frozen=True)
class TimeExpression:
    """A date or relative time reference inside the text, resolved against the publication date.

    ``start``/``end`` are character offsets into :attr:`Article.text`; ``earliest``/``latest`` the resolved
    range (equal for a single day), ``None`` when it could not be resolved.
    """

    text: str
    start: int
    end: int
    earliest: dt.date | None
    latest: dt.date | None
    relative: bool


@dataclass(frozen=True)
class DateEstimate:
    """The publication date of an article: exact, or a range inferred from cues.

    ``evidence`` lists, in words a reader can check, what each bound rests on.
    """

    earliest: dt.date
    latest: dt.date
    exact: bool
    confidence: float
    evidence: tuple[str, ...] = ()

    @property
    def date(self) -> dt.date | None:
        """The day, when known exactly (or when the range is a single day)."""
        return self.earliest if self.exact or self.earliest == self.latest else None


@dataclass
class Article:
    """An article after the per-article stages: cleaned text in blocks, metadata, date and audit trail.

    ``id`` is assigned by the store. ``text`` is the cleaned text, blocks joined by blank lines; headings are
    blocks of their own and never merged into body paragraphs.
    """

    origin: Origin
    content_hash: str
    outlet: str
    outlet_from: str
    title: str | None = None
    url: str | None = None
    author: str | None = None
    external_id: str | None = None
    blocks: list[Block] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
    date: DateEstimate | None = None
    times: list[TimeExpression] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    encoding: str | None = None
    id: int | None = None
    language: str | None = None   # detected when annotated (ISO 639-1, "en"); None before annotation

    @property
    def text(self) -> str:
        """The cleaned text: every kept block, in order, separated by a blank line."""
        return "\n\n".join(b.text for b in self.blocks)

    @property
    def headings(self) -> list[str]:
        """The section headings kept in the text, in order."""
        return [b.text for b in self.blocks if b.kind == "heading"]

    @property
    def source(self) -> str:
        """Path or URL the article was read from."""
        return self.origin.source

    @property
    def published(self) -> dt.date | None:
        """The exact publication date, or ``None`` when only a range is known."""
        return self.date.date if self.date else None


# An untitled article (a plain-text file that starts with its lead) is shown by the start of its first sentence,
# up to this many words: about a headline's length (the headlines of ../shared/eval/stories run 6-20 words).
STAND_IN_WORDS = 14
STAND_IN_CHARS = 600  # read for it: far more than STAND_IN_WORDS words


# A section's label before a bar, opening an untitled text ("Analysis | ").
_SECTION_LABEL = re.compile(r"\A(?:[^\s|]+\s+){0,2}[^\s|]+\s+\|\s+")


def stand_in_title(title: str | None, text: str) -> str:
    """What shows an article in a list: its title, else a headline run into its dateline
    (:func:`sentences.glued_headline`), else its first sentence (:func:`sentences.sentence_breaks`), after any wire
    dateline or section label (:func:`sentences.lead_in`), or the first STAND_IN_WORDS words of it and
    "…" when it runs longer. One rule for the CLI, the web pages and story titles."""
    if title and title.strip():
        return title.strip()
    line = text.strip()[:STAND_IN_CHARS]  # its first line, but for a ticker a line break cuts ("(BP.\nL)")
    first = glued_headline(line)
    if first is None:
        start = lead_in(line)
        if not start and (label := _SECTION_LABEL.match(line)):
            start = label.end()
        if line[start:].strip():
            line = line[start:]
        breaks = sentence_breaks(line)
        first = line[:breaks[0][0]] if breaks else line
    words = first.split()
    if not words:
        return "(untitled)"
    return " ".join(words[:STAND_IN_WORDS]) + (" \u2026" if len(words) > STAND_IN_WORDS else "")


def layout_blocks(parts: list[tuple[BlockKind, str]]) -> list[Block]:
    """Give each (kind, text) part its character span in the joined text (parts joined by a blank line)."""
    blocks: list[Block] = []
    pos = 0
    for kind, text in parts:
        blocks.append(Block(kind, text, pos, pos + len(text)))
        pos += len(text) + 2
    return blocks


# --- annotation records (made by newsweave.nlp, stored per article) -------------------------------------

EntityType = Literal["person", "org", "place"]


@dataclass(frozen=True)
class TextSpan:
    """Characters ``start:end`` of the annotated text, and the words found there."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Mention:
    """One mention of an entity in one text: a name, a title-prefixed name, a role noun or a pronoun.

    ``kind`` is ``name`` (a proper name, possibly with its title: "Kremlin spokesman Dmitry Peskov"),
    ``role`` (a definite description resolved to a named mention: "the spokesman") or ``pronoun`` ("he").
    ``name`` is the bare name the mention carries or was resolved to ("Dmitry Peskov").
    """

    span: TextSpan
    kind: Literal["name", "role", "pronoun"]
    name: str


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place in one text, with every mention linked to it.

    ``name`` is the canonical name (after the corpus-wide resolution in :mod:`newsweave.resolve`),
    ``aliases`` the distinct surface forms used for it in this text.
    """

    name: str
    type: EntityType
    mentions: tuple[Mention, ...]

    @property
    def aliases(self) -> list[str]:
        return sorted({m.span.text for m in self.mentions if m.kind != "pronoun"})


@dataclass(frozen=True)
class Quote:
    """Who said what: a direct quotation or a reported (indirect) statement, with its attribution.

    Spans are offsets into the annotated text; ``cue`` and ``speaker_mention`` are ``None`` where absent (a
    paragraph that continues the previous speaker has no cue of its own). ``speaker`` is the canonical name
    of the resolved speaker, ``None`` when no speaker could be found.
    """

    content: TextSpan
    cue: TextSpan | None
    speaker_mention: TextSpan | None
    speaker: str | None
    direct: bool
    speaker_type: EntityType | None = None
    how: str = ""
    confidence: float | None = None  # probability that words and speaker are both right (nlp.confidence)


@dataclass(frozen=True)
class Claim:
    """A checkable fact in one sentence: a count, amount, share, duration or date, normalised.

    ``subject`` is what is counted (the noun the number quantifies, with its modifiers: "rounds of talks"),
    ``value`` the number (or ISO date for ``unit == "date"``), ``unit`` one of count, percent, money,
    duration-years/months/weeks/days, date, ordinal; ``qualifier`` keeps hedges that matter when comparing
    ("over", "roughly", "at least"). ``as_of`` is the date the fact is stated to hold (the article's date
    unless the sentence says otherwise), ``source`` the attribution when the sentence has one. ``earlier`` marks
    a value the sentence itself gives as superseded ("had previously said 6 feet", "down from 3.9 million",
    the 6 of "from 6 feet to 3 feet"): it held before the article's date, whatever that date was.
    """

    sentence: TextSpan
    number: TextSpan
    subject: str
    value: float | str
    unit: str
    qualifier: str | None = None
    as_of: dt.date | None = None
    source: str | None = None
    head: str = ""
    earlier: bool = False


@dataclass(frozen=True)
class Annotation:
    """Everything :func:`newsweave.annotate` finds in one text."""

    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    claims: tuple[Claim, ...]
    language: str = "en"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class StoredQuote:
    """A quote as kept in the store: the :class:`Quote`, the article it is in, and the canonical speaker."""

    id: int
    article: int
    source: str
    outlet: str
    published: dt.date | None
    content: TextSpan
    cue: TextSpan | None
    speaker_mention: TextSpan | None
    speaker: str | None
    speaker_id: int | None
    direct: bool
    how: str
    confidence: float | None = None  # None: annotated before confidences existed (`annotate --redo`)


@dataclass(frozen=True)
class CanonicalEntity:
    """One entity across the corpus: its canonical name, every alias used, and which outlet used which.

    ``outlets`` maps outlet -> alias -> number of mentions (pronouns not counted).
    """

    id: int
    name: str
    type: str
    aliases: tuple[str, ...]
    outlets: dict[str, dict[str, int]]
    mentions: int
    articles: int


@dataclass(frozen=True)
class StoredClaim:
    """A claim as kept in the store, with the article it is in."""

    id: int
    article: int
    source: str
    outlet: str
    claim: Claim


@dataclass(frozen=True)
class DuplicateMember:
    """One article of a duplicate group: its outlet and source, and the earlier copy it matched."""

    article: int
    outlet: str
    source: str
    matched: int | None
    jaccard: float | None


@dataclass(frozen=True)
class DuplicateGroup:
    """Copies of one text (wire copies, re-posts); ``canonical`` is the earliest, most complete member."""

    canonical: int
    members: tuple[DuplicateMember, ...]

    @property
    def outlets(self) -> list[str]:
        return sorted({m.outlet for m in self.members})


@dataclass
class EventState:
    """What online clustering keeps of an event: its time span, topic vector sum and storyline."""

    id: int
    storyline: int
    first_article: int
    dated: bool                 # some member has an exact date; day_min..day_max then span those dates
    day_min: int                # proleptic ordinals (dt.date.toordinal)
    day_max: int
    vector_sum: bytes           # float32 sum of the vectors of its distinct texts
    size: int
    terms: dict[str, float] = field(default_factory=dict)  # sum of its distinct texts' unit term vectors
    # float32 sum of their multilingual vectors; None until a comparison across languages first needs it
    ml_sum: bytes | None = None
    languages: str = ""         # the languages of its reports, sorted, comma-separated ("de,en")


@dataclass
class StorylineState:
    """What online clustering keeps of a storyline: the topic vector sum of its articles."""

    id: int
    vector_sum: bytes
    size: int
    actors: tuple[int, ...] = ()  # its most mentioned entities, most first
    terms: dict[str, float] = field(default_factory=dict)  # sum of its articles' unit term vectors
    day_min: int | None = None    # first and last exact publication day of its reports (ordinals), if any
    day_max: int | None = None


@dataclass(frozen=True)
class StoryDate:
    """A date range an undated article takes from the dated reports of its event, and why."""

    earliest: dt.date
    latest: dt.date
    evidence: tuple[str, ...]


@dataclass(frozen=True)
class StoryArticle:
    """One article of a story: where it came from, its date, and how it joined the story.

    ``duplicate_of`` is the canonical article of its duplicate group when it is a copy (None for the
    canonical itself and for a text of its own). ``how`` is the evidence it joined on: ``new`` (it opened the
    story), ``statement`` (it reports a remark another member reports), ``text`` (similar text, close in
    time), or ``duplicate`` (a copy of a member).
    """

    id: int
    source: str
    outlet: str
    title: str | None
    date: DateEstimate | None
    date_from_story: StoryDate | None
    duplicate_of: int | None
    how: str
    score: float | None
    language: str | None = None   # as annotation detected it (ISO 639-1)
    heading: str = ""             # what shows it in a list: its title, or stand_in_title of its first line


@dataclass(frozen=True)
class Story:
    """An event: the articles that report one happening, with their outlets and duplicate groups."""

    id: int
    title: str
    storyline: int
    articles: tuple[StoryArticle, ...]

    @property
    def dated(self) -> list[dt.date]:
        """Exact dates of its members, in order (empty for an event dated only by estimates)."""
        return sorted(a.date.earliest for a in self.articles if a.date and a.date.exact)

    @property
    def first_published(self) -> dt.date | None:
        """The first exact date among its reports (None when no report has one)."""
        return self.dated[0] if self.dated else None

    @property
    def last_published(self) -> dt.date | None:
        return self.dated[-1] if self.dated else None

    @property
    def date_range(self) -> tuple[dt.date, dt.date] | None:
        """When it happened, as far as its reports tell: the span of their exact dates, else the range every
        report's estimate allows (their union when they disagree), else None."""
        if self.dated:
            return self.dated[0], self.dated[-1]
        ranges = [(a.date.earliest, a.date.latest) for a in self.articles if a.date]
        if not ranges:
            return None
        lo, hi = max(r[0] for r in ranges), min(r[1] for r in ranges)
        return (lo, hi) if lo <= hi else (min(r[0] for r in ranges), max(r[1] for r in ranges))

    @property
    def undated(self) -> bool:
        """True when no member has an exact date: the story's dates are estimates."""
        return not self.dated

    @property
    def outlets(self) -> list[str]:
        return sorted({a.outlet for a in self.articles})

    @property
    def languages(self) -> list[str]:
        """The languages its reports are written in."""
        return sorted({a.language for a in self.articles if a.language})

    def row(self) -> "StoryRow":
        """The story as one row of a list."""
        return StoryRow(self.id, self.title, self.storyline, tuple(self.outlets), len(self.articles),
                        self.first_published, self.last_published, self.date_range)


@dataclass(frozen=True)
class StoryRow:
    """A story as one row of a list: its size and dates, not its articles (``Corpus.story_rows``). The dates
    mean what :class:`Story`'s properties of the same names mean."""

    id: int
    title: str
    storyline: int
    outlets: tuple[str, ...]
    articles: int
    first_published: dt.date | None
    last_published: dt.date | None
    date_range: tuple[dt.date, dt.date] | None

    @property
    def undated(self) -> bool:
        """True when no report has an exact date: the dates are estimates (as :attr:`Story.undated`)."""
        return self.first_published is None


@dataclass(frozen=True)
class Storyline:
    """Events that continue each other (shared main actors and topic), in date order."""

    id: int
    title: str
    stories: tuple[int, ...]
    actors: tuple[str, ...]
    first_published: dt.date | None     # first and last exact date of its reports
    last_published: dt.date | None
    date_range: tuple[dt.date, dt.date] | None  # the span of its stories' date ranges (estimates included)


# --- across outlets: one story (or storyline) compared outlet by outlet ----------------------------------------

ClaimStatus = Literal["corroborated", "single-source", "contradicted", "changed-over-time", "disputed"]


@dataclass(frozen=True)
class ScopeArticle:
    """An article of a compared story: its text, outlet, the story it belongs to and when it tells of."""

    id: int
    source: str
    outlet: str
    title: str | None
    text: str
    story: int
    when: tuple[dt.date, dt.date] | None   # its exact date, else its date from the story, else its estimate
    exact: bool
    copy_of: int | None                     # the canonical article when it is a syndicated copy
    language: str | None = None             # as annotation detected it (ISO 639-1)


@dataclass(frozen=True)
class Wording:
    """One outlet's rendering of a statement: a quote, or the sentence that reports it."""

    article: int
    source: str
    outlet: str
    text: str
    sentence: str
    direct: bool
    quote: int
    evidence: str = ""                      # the attributing words: the speaker as named and the cue
    confidence: float | None = None         # how far the attribution can be trusted (nlp.confidence)
    stance: str = "neutral"                 # how the outlet reports it: neutral, distancing, endorsing, disputing
    language: str | None = None             # the language of its article (ISO 639-1)


@dataclass(frozen=True)
class Statement:
    """One remark, as every outlet that reports it words it (a quote in one, a paraphrase in another)."""

    id: int
    speaker: str
    speaker_id: int | None
    story: int
    when: tuple[dt.date, dt.date] | None
    members: tuple[Wording, ...]
    score: float                            # the weakest similarity that holds the group together

    @property
    def outlets(self) -> list[str]:
        return sorted({m.outlet for m in self.members})

    @property
    def articles(self) -> list[int]:
        return sorted({m.article for m in self.members})


@dataclass(frozen=True)
class ClaimValue:
    """What one article says about a claim's subject: the value, where and when."""

    value: str                               # as written ("three", "Istanbul", "over 1.2 million")
    number: float | str                      # normalised (3.0, "Istanbul"; a measure in metres, litres ...)
    article: int
    source: str
    outlet: str
    as_of: tuple[dt.date, dt.date] | None
    sentence: str
    attributed_to: str | None
    story: int
    copy_of: int | None
    language: str = "en"                     # of the article's text
    earlier: bool = False                    # given as superseded ("had previously said 6"): held before as_of


@dataclass(frozen=True)
class ClaimComparison:
    """A fact across outlets, labelled: ``corroborated`` (two or more independent outlets agree),
    ``single-source``, ``contradicted`` (incompatible values for the same time), ``changed-over-time``
    (different values at different times) or ``disputed`` (one report states it, another reports it denied or
    disputed: values are the two sentences, the cue as ``value``). ``sides`` groups the values that agree, in
    time order."""

    id: str
    status: ClaimStatus
    subject: str
    unit: str
    values: tuple[ClaimValue, ...]
    sides: tuple[tuple[int, ...], ...]       # indexes into values, one tuple per distinct value
    summary: str

    @property
    def outlets(self) -> list[str]:
        return sorted({v.outlet for v in self.values})

    @property
    def articles(self) -> list[int]:
        return sorted({v.article for v in self.values})


@dataclass(frozen=True)
class NameChoice:
    """How one outlet names a contested thing: the variants it uses, how often, and how many of those uses
    are inside quotation marks (the outlet quoting somebody else's word)."""

    thing: str
    variant: str
    count: int
    quoted: int


@dataclass(frozen=True)
class OutletFraming:
    """One outlet's coverage of a story: its names for contested things, whom it quotes, what it includes."""

    outlet: str
    articles: tuple[int, ...]
    first_report: tuple[dt.date, dt.date] | None
    names: tuple[NameChoice, ...]
    quoted: tuple[tuple[str, int, int], ...]  # (speaker, quotes, words quoted), most quoted first
    only_here: tuple[str, ...]               # ids of facts and statements no other outlet reports
    omits: tuple[str, ...]                    # ids of facts and statements two or more other outlets report


@dataclass(frozen=True)
class Comparison:
    """A story (or storyline) outlet by outlet: matched statements, compared claims, framing and a coverage
    matrix (``coverage[fact id]`` is the set of outlets that report it)."""

    scope: "Scope"
    statements: tuple[Statement, ...]
    claims: tuple[ClaimComparison, ...]
    framing: tuple[OutletFraming, ...]
    coverage: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class Scope:
    """What a story id or storyline id (``L3``) refers to: its stories and their articles."""

    ref: str
    kind: Literal["story", "storyline"]
    id: int
    title: str
    stories: tuple[Story, ...]
    articles: tuple[ScopeArticle, ...]

    @property
    def outlets(self) -> list[str]:
        return sorted({a.outlet for a in self.articles})


@dataclass(frozen=True)
class Position:
    """One dated statement of an actor; ``changed`` when it says something their earlier ones did not."""

    actor: str
    story: int
    when: tuple[dt.date, dt.date] | None
    text: str
    articles: tuple[int, ...]
    outlets: tuple[str, ...]
    statement: int | None
    changed: bool
    evidence: str = ""                      # the attributing words of the wording shown ("Peskov told")
    confidence: float | None = None         # its attribution's confidence
    language: str | None = None             # the language of the wording shown (ISO 639-1)


@dataclass(frozen=True)
class Timeline:
    """The dated events of a story or storyline, each prominent actor's positions over time, and the dates that
    matter most with what happened on each."""

    scope: Scope
    events: tuple[Story, ...]
    positions: dict[str, tuple[Position, ...]]
    key_dates: tuple[KeyDate, ...] = ()


@dataclass(frozen=True)
class BriefSentence:
    """One sentence of a brief and the articles it comes from (``kind``: ``fact``, ``statement`` or
    ``contested``, a sentence newsweave wrote to state a disagreement)."""

    text: str
    citations: tuple[int, ...]
    kind: str
    evidence: tuple[str, ...] = ()
    # where the cited words are: (article, start, end) in each cited article's text, one or more per article
    spans: tuple[tuple[int, int, int], ...] = ()
    language: str | None = None  # the language the sentence is written in, when a story mixes languages


@dataclass(frozen=True)
class KeyDate:
    """One of the dates that matter in a timeline: its score, how many reports were published on it and how
    many articles name it, which outlets, and a short summary whose sentences cite their articles."""

    date: dt.date
    score: float
    reports: int
    mentions: int
    outlets: tuple[str, ...]
    summary: tuple[BriefSentence, ...]


@dataclass(frozen=True)
class Brief:
    scope: Scope
    title: str
    sentences: tuple[BriefSentence, ...]


@dataclass(frozen=True)
class WatchedFeed:
    """A feed ``newsweave watch`` polls, and what it knows of it: the validators of the last response (sent
    back so an unchanged feed costs a 304), when it was last and will next be polled, how that went, the
    consecutive failures its backoff counts, and how many articles it brought in."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    polled_at: dt.datetime | None = None
    next_poll_at: dt.datetime | None = None
    status: str | None = None          # "new", "unchanged", "not modified" or "failed"
    error: str | None = None           # why the last poll failed
    failures: int = 0
    added: int = 0
