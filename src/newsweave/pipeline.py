"""The per-article pipeline: registered stages, each declaring what it requires and assigns.

Stages are pure functions of one document (``run(work, options) -> work``), so they run in any order the
requirements allow, in parallel, or on a cluster. Built-in stages register through the same decorator an
extension would use; :func:`analyze` reports a pipeline whose requirements are not met, and the runner
refuses a stage that returns the wrong type.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import PurePath

from . import clean as _clean
from . import dates as _dates
from . import extract as _extract
from . import normalize as _normalize
from .errors import NewsweaveError, NoText
from .model import Article, RawDocument, layout_blocks
from .settings import Options


@dataclass
class Work:
    """What flows between stages for one document: the raw input and what stages have made of it."""

    raw: RawDocument
    extracted: _extract.Extracted | None = None
    article: Article | None = None
    today: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class Stage:
    """A registered stage: its name, function, and the fields it reads and writes."""

    name: str
    func: Callable[[Work, Options], Work]
    requires: tuple[str, ...]
    assigns: tuple[str, ...]


_REGISTRY: dict[str, Stage] = {}
DEFAULT_PIPELINE = ("extract", "normalize", "clean", "date")
INITIAL_FIELDS = ("raw",)


class PipelineError(NewsweaveError):
    code = "NW500"


def register_stage(name: str, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()):
    """Decorator registering ``func`` as stage ``name`` (the way built-in and extension stages register)."""

    def decorate(func: Callable[[Work, Options], Work]) -> Callable[[Work, Options], Work]:
        _REGISTRY[name] = Stage(name, func, tuple(requires), tuple(assigns))
        return func

    return decorate


def names() -> list[str]:
    """Names of all registered stages."""
    return list(_REGISTRY)


def analyze(pipeline: tuple[str, ...] = DEFAULT_PIPELINE) -> list[str]:
    """Problems with a pipeline: unknown stages and requirements no earlier stage assigns. Empty when sound."""
    problems = []
    have = set(INITIAL_FIELDS)
    for name in pipeline:
        stage = _REGISTRY.get(name)
        if stage is None:
            problems.append(f"unknown stage {name!r}")
            continue
        problems.extend(f"stage {name!r} requires {r!r}, which no earlier stage assigns"
                        for r in stage.requires if r not in have)
        have.update(stage.assigns)
    return problems


class StageClock:
    """``with clock("stage"):`` adds the block's wall time to ``seconds["stage"]`` (nothing when ``seconds`` is
    None): where an ingest's time went, per stage."""

    def __init__(self, seconds: dict[str, float] | None):
        self.seconds = seconds

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            if self.seconds is not None:
                self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started


def process(raw: RawDocument, options: Options = Options(), pipeline: tuple[str, ...] = DEFAULT_PIPELINE,
            today: dt.date | None = None, seconds: dict[str, float] | None = None) -> Article:
    """Run the per-article stages on one raw document. Raises an :class:`~newsweave.errors.InputError`. With
    ``seconds``, each stage's time is added to it under the stage's name."""
    work = Work(raw, today=today or dt.date.today())
    clock = StageClock(seconds)
    for name in pipeline:
        with clock(name):
            result = _REGISTRY[name].func(work, options)
        if not isinstance(result, Work):
            raise PipelineError(f"stage {name!r} returned {type(result).__name__}, expected Work")
        work = result
    assert work.article is not None
    return work.article


@register_stage("extract", requires=("raw",), assigns=("extracted", "article.metadata"))
def extract_stage(work: Work, options: Options) -> Work:
    """Decode and extract text lines and metadata; build the article shell with its outlet."""
    raw = work.raw
    ex = _extract.extract(raw)
    hints = raw.hints
    url = hints.url or ex.url
    outlet, outlet_from = _outlet(raw, ex, url, options)
    work.extracted = ex
    work.article = Article(
        origin=raw.origin,
        content_hash=raw.content_hash,
        outlet=outlet,
        outlet_from=outlet_from,
        title=hints.title or ex.title,
        url=url,
        author=hints.author or ex.author,
        external_id=hints.external_id,
        warnings=list(ex.warnings),
        encoding=ex.encoding,
    )
    return work


_HOST = re.compile(r"^[\w-]+(?:\.[\w-]+)*:\d+$|^[\w-]+(?:\.[\w-]+)+$")  # "host:port" or "dotted.host"


def _outlet(raw: RawDocument, ex: _extract.Extracted, url: str | None, options: Options) -> tuple[str, str]:
    """Outlet by precedence: --outlet, sidecar/reader, the page's site name, the URL's host, the file."""
    if options.outlet:
        return options.outlet, "option"
    if raw.hints.outlet:
        return raw.hints.outlet, raw.hints.outlet_from or "reader"
    if ex.sitename:
        # trafilatura falls back to the URL's host, port included, when a page names no site: one host is one
        # outlet whatever port it was fetched from.
        if _HOST.match(ex.sitename):
            return _extract.host_of(f"http://{ex.sitename}") or ex.sitename, "host"
        return ex.sitename, "page"
    host = _extract.host_of(url) or _extract.host_of(raw.origin.source)
    if host:
        return host, "host"
    src = raw.origin.source
    return ("stdin" if src == "-" else PurePath(src).name.split(".")[0] or src), "file"


@register_stage("normalize", requires=("extracted", "article.metadata"), assigns=("normalized",))
def normalize_stage(work: Work, options: Options) -> Work:
    """The one normalisation step for what enters the store: text lines and every metadata field (see
    :mod:`newsweave.normalize`); a line of nothing but invisible characters becomes an empty line."""
    ex, art = work.extracted, work.article
    ex.lines = [(kind, line) for kind, line in ((k, _normalize.text(t).strip()) for k, t in ex.lines)]
    for name in ("title", "author", "url", "sitename"):
        setattr(ex, name, _normalize.meta(getattr(ex, name)))
    for name in ("outlet", "title", "url", "author", "external_id"):
        setattr(art, name, _normalize.meta(getattr(art, name)))
    art.outlet = art.outlet or "unknown"
    art.origin = replace(art.origin, source=_normalize.meta(art.origin.source) or "?",
                         item=_normalize.meta(art.origin.item))
    return work


@register_stage("clean", requires=("normalized",), assigns=("article.blocks", "article.removed"))
def clean_stage(work: Work, options: Options) -> Work:
    """Remove page furniture, keep headings as headings, and record what was removed."""
    kept, removed = _clean.clean(work.extracted.lines)
    if not kept:
        raise NoText(work.raw.origin.label, "nothing left after removing page furniture")
    work.article.blocks = layout_blocks(kept)
    work.article.removed = removed
    return work


@register_stage("date", requires=("article.blocks", "article.removed", "article.metadata"),
                assigns=("article.date", "article.times"))
def date_stage(work: Work, options: Options) -> Work:
    """Publication date (metadata > header > dateline > cues) and the time references in the text."""
    art, ex, hints = work.article, work.extracted, work.raw.hints
    meta_date, meta_from = ex.meta_date, ex.meta_date_from
    if hints.published:
        parsed = _parse_date(hints.published)
        if parsed:
            meta_date, meta_from = parsed, hints.published_from or "metadata"
        else:
            art.warnings.append(f"unreadable published date {hints.published!r}; estimated from the text")
    if meta_date and not _dates.plausible(meta_date, work.today):  # date_article passes over it; say why
        low, high = _dates.plausible_range(work.today)
        art.warnings.append(f"implausible publication date {meta_date} from the {meta_from} ignored (outside "
                            f"{low}..{high}); estimated from the text")
    art.date = _dates.date_article(art.text, meta_date, meta_from, work.today, _dates.dating_furniture(art.removed))
    art.times = _dates.resolve_times(art.text, art.date)
    return work


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        import dateparser  # imported here: it takes ~0.5 s to load and most inputs carry ISO dates

        try:
            parsed = dateparser.parse(text[:200], settings={"RETURN_AS_TIMEZONE_AWARE": False})
        except (ValueError, OverflowError):  # a date past what datetime holds ("year 99999")
            return None
        return parsed.date() if parsed else None
