"""The command line: each command parses its arguments and calls one library method.

``newsweave ingest`` calls :meth:`Corpus.ingest`, ``articles`` :meth:`Corpus.articles`, and so on. Library
errors (:class:`~newsweave.errors.NewsweaveError`) become a one-line message and exit code 1 here, and only
here. Scraped text is printed as plain text, never interpreted as terminal markup.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn,
                           TimeRemainingColumn)
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from . import __version__
from . import open as open_corpus
from .corpus import ANALYSE_FROM, TIMELINE_KEY_DATES, Corpus
from .errors import InputError, NewsweaveError, Skipped, UsageError
from .export import FORMATS
from .normalize import json_safe, printable
from .across.scope import parse_ref, storyline_ref
from .model import Article, Story, stand_in_title
from .records import (article_dict, brief_dict, brief_sentence, claim_comparison_dict, date_range,
                      duplicate_group_dict, entity_dict, key_date_dict, language_mark, quote_dict, story_dict,
                      storyline_dict)
from .settings import BATCH_SIZE, FETCH_TIMEOUT_S, LOCK_TIMEOUT_S, MAX_DOCUMENT_BYTES, Options, default_workers


def _plain_usage() -> None:
    """Help in the conventions users know from other tools: ``INPUT...`` in the usage line rather than Typer's
    ``{INPUT...}...``, and no Python type (``<list[str]>``) beside a parameter whose metavar already says what
    it takes."""
    from typer.core import TyperArgument

    def usage_name(self) -> str:
        name = self.display_name_raw
        name = name if self.required else f"[{name}]"
        return name if self.nargs == 1 or name.endswith("...") else name + "..."

    def type_label(self, ctx):
        return None if self.metavar else type(self).display_type(self, ctx)

    TyperArgument._usage_display_name = usage_name
    TyperArgument.display_type_rich = type_label  # (an option with a metavar already shows only the metavar)


_plain_usage()

app = typer.Typer(
    name="newsweave",
    help="Turn news articles from many outlets into stories, events, quotes and cited briefs.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
)


class _SafeConsole(Console):
    """A console that shows, rather than obeys, control characters in what it prints: every text segment of
    every renderable (plain lines, table cells, progress descriptions) passes :func:`normalize.printable`, so a
    title holding ``\\x1b[2J`` or U+202E cannot clear or reorder the user's terminal, whichever command prints
    it. Rich's own control segments (cursor moves of a live progress bar) pass unchanged."""

    def render(self, renderable, options=None):
        for segment in super().render(renderable, options):
            if segment.control or not segment.text:
                yield segment
            else:
                yield Segment(printable(segment.text), segment.style)


out = _SafeConsole(highlight=False, soft_wrap=True)
err = _SafeConsole(stderr=True, highlight=False, soft_wrap=True)

EXIT_ERROR = 1
EXIT_SOME_INPUTS_FAILED = 2
# Skip notices printed per input and reason before the rest are counted in one line (a feed of 20,000 teasers
# would otherwise print 20,000 lines; every skip is still in --json and `newsweave failures` has the failures).
SKIPS_SHOWN = 3

DbOption = Annotated[str, typer.Option("--db", envvar="NEWSWEAVE_DB", metavar="FILE|URL",
                                       help="Database: a SQLite file, or a postgresql:// URL (env NEWSWEAVE_DB).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]
FetchLinksOption = Annotated[bool, typer.Option("--fetch-links", help="Fetch the linked article for feed items "
                                                                      "that carry only a teaser.")]
FetchTimeoutOption = Annotated[float, typer.Option(min=0.1, metavar="SECONDS", help="Longest a URL may take to "
                                                                                    "fetch in all.")]
DEFAULT_DB = "newsweave.db"
# Rows a list command prints as text when --limit is not given. A store of 100,000 articles would otherwise take
# minutes to draw (rich lays out every cell of a table: 17 s for 4,800 articles here) before the prompt returns;
# --json prints every row unless --limit is given, since a script wants them all.
TEXT_ROWS = 100
LimitOption = Annotated[Optional[int], typer.Option(min=0, metavar="N", help=f"Show at most N (0: all). Text "
                                                    f"shows the first {TEXT_ROWS} unless told; --json every one.")]


def _version(value: bool) -> None:
    if value:
        out.print(f"newsweave {__version__}")
        raise typer.Exit()


_lock_timeout = LOCK_TIMEOUT_S


@app.callback()
def main(version: Annotated[Optional[bool], typer.Option("--version", callback=_version, is_eager=True,
                                                         help="Show the version and exit.")] = None,
         lock_timeout: Annotated[float, typer.Option(
             "--lock-timeout", envvar="NEWSWEAVE_LOCK_TIMEOUT", min=0, metavar="SECONDS",
             help="Wait this long for another process's lock on the database before giving up.")] = LOCK_TIMEOUT_S,
         ) -> None:
    """newsweave: turn news articles from many outlets into stories, events, quotes and cited briefs."""
    global _lock_timeout
    _lock_timeout = lock_timeout


@contextmanager
def _corpus(db: str, create: bool = False) -> Iterator[Corpus]:
    """Open the corpus (only ``ingest`` creates one: a mistyped ``--db`` elsewhere is an error, not a new empty
    store); turn library errors into a one-line message and exit code 1 (the CLI boundary)."""
    try:
        with open_corpus(db, create=create, lock_timeout=_lock_timeout) as corpus:
            yield corpus
    except NewsweaveError as e:
        err.print(Text(f"error: {e}"))
        raise typer.Exit(EXIT_ERROR) from None


def _print_json(data) -> None:
    """Print ``data`` as indented JSON. A list (or an iterator) of records is written a record at a time, the
    same text as one ``json.dumps`` of the list: the articles of a large store never sit in memory as one string."""
    if not isinstance(data, (list, Iterator)):
        sys.stdout.write(json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n")
        return
    first = True
    for item in data:
        # (a JSON string holds no line break, so indenting each line of the record indents the record)
        text = json_safe(json.dumps(item, ensure_ascii=False, indent=2)).replace("\n", "\n  ")
        sys.stdout.write(("[\n  " if first else ",\n  ") + text)
        first = False
    sys.stdout.write("[]\n" if first else "\n]\n")


def _write(text: str) -> None:
    """Write a rendered document (a Markdown or HTML brief) with control characters shown, not obeyed."""
    sys.stdout.write(printable(text))


def _date_label(a: Article) -> str:
    if a.date is None:
        return "unknown"
    if a.date.exact:
        return a.date.earliest.isoformat()
    return f"~{a.date.earliest.isoformat()}..{a.date.latest.isoformat()}"


def _title_cell(a: Article) -> Text:
    """The title, or the start of the text in italics when the article has none."""
    return Text(stand_in_title(a.title, a.text), style="" if a.title else "italic dim")


def _rows_to_show(limit: int | None, json_out: bool) -> int | None:
    """How many rows a list prints (None: all): ``--limit`` as given (0: all), else all for --json and
    :data:`TEXT_ROWS` for text."""
    if limit is not None:
        return limit or None
    return None if json_out else TEXT_ROWS


def _more_note(shown: int, what: str, total: int | None = None) -> None:
    """On stderr, under a list that was cut short: how much is left out and how to see it (``total`` when known,
    else "the first N")."""
    counted = f"{shown:,} of {total:,}" if total is not None else f"the first {shown:,}"
    err.print(Text(f"{counted} {what} shown; --limit N for another number, --limit 0 for all"))


def _table(columns: list[tuple[str, str]], wrap: dict[str, int] | None = None) -> Table:
    """A borderless table. Columns named in ``wrap`` share the width left in the given ratios and wrap their
    text (breaking a long word if they must); the others keep their content on one line."""
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name, justify in columns:
        if wrap and name in wrap:
            table.add_column(name, justify=justify, overflow="fold", ratio=wrap[name])
        else:
            table.add_column(name, justify=justify, no_wrap=True)
    return table


@app.command("ingest")
def ingest_cli(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT...",
                                                help="Files, directories, globs, URLs, or - for stdin.")],
    db: DbOption = DEFAULT_DB,
    outlet: Annotated[Optional[str], typer.Option(help="Outlet name for every article of this run.")] = None,
    meta: Annotated[Optional[Path], typer.Option(help="Metadata sidecar (CSV or JSONL): path or id -> outlet, "
                                                      "url, published, title.")] = None,
    fetch_links: FetchLinksOption = False,
    max_bytes: Annotated[int, typer.Option(min=1, metavar="BYTES", help="Largest single document (file, WARC "
                                                                        "record, JSONL line, fetched page) accepted.")
                         ] = MAX_DOCUMENT_BYTES,
    fetch_timeout: FetchTimeoutOption = FETCH_TIMEOUT_S,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per transaction: a killed run redoes at most "
                                                        "one batch.")] = BATCH_SIZE,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary; errors only.")] = False,
    no_annotate: Annotated[bool, typer.Option("--no-annotate", help="Skip entities, quotes and claims (faster; "
                                                                     "run `newsweave annotate` later).")] = False,
    workers: Annotated[int, typer.Option(min=1, help="Processes for the per-article work (cleaning, dates, "
                                                    "annotation, embedding; default: the machine's cores). Work "
                                                    "of one batch runs in this process.")] = default_workers(),
    engine: Annotated[str, typer.Option(help="Where the per-article work runs: 'processes' on this machine, or "
                                             "'ray' (a Ray cluster: started on this machine for the run, or the "
                                             "one at --address).")] = "processes",
    address: Annotated[Optional[str], typer.Option(help="The Ray cluster to join with --engine ray: auto, "
                                                        "HOST:PORT or ray://HOST:PORT.")] = None,
    analyse: AnalyseOption = True,
    json_out: JsonOption = False,
) -> None:
    """Read, clean, date, annotate and store articles, then analyse ahead the large stories and storylines they are
    in. Exit code 2 when some inputs failed."""
    from .readers import count_inputs

    options = Options(outlet=outlet, max_bytes=max_bytes, fetch_links=fetch_links, batch_size=batch_size,
                      fetch_timeout=fetch_timeout)
    show_progress = not quiet and err.is_terminal
    with _corpus(db, create=True) as corpus:
        with _progress(show_progress, inputs=count_inputs(inputs) if show_progress else None) as tick:
            skips: dict[tuple[str, str], int] = {}

            def on_item(what: str, item) -> None:
                if isinstance(item, InputError) and what != "skipped":
                    err.print(Text(f"error: {item.source}: {item.reason} [{item.code}]"))
                elif isinstance(item, InputError):  # a feed of teasers: the first few, then one line for the rest
                    key = (item.source.split("#", 1)[0], item.reason)
                    skips[key] = skips.get(key, 0) + 1
                    if skips[key] <= SKIPS_SHOWN:
                        err.print(Text(f"skipped: {item.source}: {item.reason} [{item.code}]"))
                tick(what)

            report = corpus.ingest(inputs, meta=meta, options=options, progress=on_item, annotate=not no_annotate,
                                   workers=workers, engine=engine, address=address)
        # what the inputs' articles are in, stored now or before (a run killed before its analysis, run again)
        stored = report.added + report.existing
        changed = corpus.unanalysed(articles=stored) if analyse and stored else []
        analysed = _analyse(corpus, changed, show_progress) if changed else None
        for (source, reason), n in skips.items():
            if n > SKIPS_SHOWN:
                err.print(Text(f"skipped: {source}: {n - SKIPS_SHOWN} more items: {reason} [{Skipped.code}]"))
        if not quiet:
            for w in report.warnings:
                err.print(Text(f"warning: {w}"))
        if json_out:
            _print_json({"added": report.added, "existing": sorted(set(report.existing)),
                         "failed": [{"source": e.source, "code": e.code, "reason": e.reason} for e in report.failed],
                         "skipped": [{"source": e.source, "reason": e.reason} for e in report.skipped],
                         "seconds": {stage: round(s, 3) for stage, s in report.seconds.items()}}
                        | ({"analysed": analysed.refs, "views": analysed.views,
                           "analyse_seconds": round(analysed.seconds, 3)} if analysed else {}))
        elif not quiet:  # the counts stay the last line
            if analysed:
                err.print(Text(analysed.summary()))
            elif report.added and (waiting := corpus.unanalysed()):
                err.print(Text(f"hint: {_count(len(waiting), 'large story or storyline')} without a kept analysis: "
                               "`newsweave analyse` computes it ahead (else the first compare or brief of each does)"))
            err.print(Text(f"{len(report.added)} added, {len(report.existing)} already in {corpus.path}, "
                           f"{len(report.failed)} failed" + (f", {len(report.skipped)} skipped"
                                                            if report.skipped else "")))
    if report.failed:
        raise typer.Exit(EXIT_SOME_INPUTS_FAILED)


@contextmanager
def _progress(enabled: bool, inputs: int | None = None):
    """A live bar on a terminal, nothing when piped or quiet. The description counts articles added, already
    stored, failed and skipped. Given ``inputs`` (how many files ingest will open), the bar counts the
    ``"input"`` ticks against it and shows the time remaining; otherwise it counts articles."""
    if not enabled:
        yield lambda what: None
        return
    counts = {"added": 0, "existing": 0, "failed": 0, "skipped": 0}
    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=None), MofNCompleteColumn(),
               TextColumn("articles" if inputs is None else "inputs"), TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("working", total=inputs)

        def tick(what: str) -> None:
            if what == "input":
                progress.advance(task)
                return
            counts[what] += 1
            progress.update(task, advance=1 if inputs is None else 0,
                            description=", ".join(f"{v} {k}" for k, v in counts.items() if v))

        yield tick


AnalyseOption = Annotated[bool, typer.Option(
    "--analyse/--no-analyse", help="Then compute ahead the compare, brief and timeline of the stories and "
                                   f"storylines of {ANALYSE_FROM} articles or more that the articles are in, "
                                   "as `newsweave analyse` does, so each answers at once. --no-analyse for a bulk "
                                   "load: each is computed on its first call instead.")]


@dataclass
class _Analysed:
    refs: list[str]
    views: int
    seconds: float
    min_articles: int = ANALYSE_FROM

    def summary(self) -> str:
        if not self.refs:
            return (f"nothing to analyse: every story and storyline of {self.min_articles} articles or more from two "
                    "or more outlets has its analysis kept")
        return (f"analysed {_count(len(self.refs), 'story or storyline')} "
                f"({_count(self.views, 'answer')} kept) in {self.seconds:.1f} s")


def _analyse(corpus: Corpus, refs: list[str] | None, show_progress: bool,
             min_articles: int | None = None) -> _Analysed:
    """:meth:`Corpus.analyse` of ``refs`` (default: every one of ``min_articles`` or more it would choose), with a
    bar on a terminal."""
    began = time.perf_counter()
    todo = refs or corpus.unanalysed(min_articles)
    size = ANALYSE_FROM if min_articles is None else min_articles
    if not show_progress or not todo:
        return _Analysed(todo, corpus.analyse(todo), time.perf_counter() - began, size)
    columns = [SpinnerColumn(), TextColumn("analysing"), BarColumn(bar_width=None), MofNCompleteColumn(),
               TextColumn("stories and storylines"), TimeElapsedColumn(), TimeRemainingColumn()]
    with Progress(*columns, console=err, transient=True) as progress:
        task = progress.add_task("analysing", total=len(todo))
        views = corpus.analyse(todo, progress=lambda ref: progress.advance(task))
    return _Analysed(todo, views, time.perf_counter() - began, size)


@contextmanager
def _working(what: str):
    """A spinner on stderr while a long computation runs (on a terminal only)."""
    if not err.is_terminal:
        yield
        return
    with err.status(what):
        yield


@app.command("articles")
def articles_cli(
    db: DbOption = DEFAULT_DB,
    limit: LimitOption = None,
    since: Annotated[Optional[str], typer.Option(help="Only articles published on or after DATE (YYYY-MM-DD).")] = None,
    outlet: Annotated[Optional[str], typer.Option(help="Only articles from this outlet.")] = None,
    lang: Annotated[Optional[str], typer.Option("--lang", metavar="CODE",
                                                help="Only articles in this language (ISO 639-1: en, ru, de).")] = None,
    json_out: JsonOption = False,
) -> None:
    """List stored articles: outlet, language, title, date (exact or estimated range) and size."""
    with _corpus(db) as corpus:
        day, shown = _parse_date(since), _rows_to_show(limit, json_out)
        if json_out:  # streamed: every article of a large store, never all at once
            _print_json(map(article_dict, corpus.iter_articles(limit=shown, since=day, outlet=outlet, language=lang)))
            return
        items = corpus.articles(limit=shown, since=day, outlet=outlet, language=lang)
        # Long cells wrap within their column: nothing is cut, at any terminal width or when piped.
        table = _table([("id", "right"), ("outlet", "left"), ("lang", "left"), ("title", "left"),
                        ("published", "left"), ("chars", "right")], wrap={"outlet": 1, "title": 3})
        for a in items:
            table.add_row(str(a.id), Text(a.outlet), a.language or "-", _title_cell(a), _date_label(a),
                          f"{len(a.text):,}")
        out.print(table)
        if shown is not None and len(items) == shown and (total := corpus.count_articles(day, outlet, lang)) > shown:
            _more_note(shown, "articles", total)
        if not items and (since or outlet or lang):
            err.print(f"no articles in {corpus.path} match --since/--outlet/--lang as given")
        elif not items:
            err.print(f"no articles in {corpus.path}; add some with: newsweave ingest PATH --db {corpus.path}")


def _parse_date(text: str | None) -> dt.date | None:
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        err.print(Text(f"error: {UsageError(f'not a date (YYYY-MM-DD): {text!r}')}"))
        raise typer.Exit(EXIT_ERROR) from None


@app.command("show")
def show_cli(
    article_id: Annotated[int, typer.Argument(metavar="ID", help="Article id (see: newsweave articles).")],
    db: DbOption = DEFAULT_DB,
    removed: Annotated[bool, typer.Option("--removed", help="Also list the lines cleaning removed, with the "
                                                             "rule that removed each.")] = False,
    raw: Annotated[bool, typer.Option("--raw", help="Print the original bytes exactly as ingested.")] = False,
    json_out: JsonOption = False,
) -> None:
    """Show one article: metadata, date evidence, headings and cleaned text."""
    with _corpus(db) as corpus:
        a = corpus.article(article_id)
        if raw:
            data = corpus.raw(article_id)
            if sys.stdout.isatty():  # exact bytes when piped; on a terminal, shown rather than obeyed
                _write(data.decode("utf-8", errors="replace"))
            else:
                sys.stdout.buffer.write(data)
            return
        if json_out:
            _print_json([article_dict(a)])
            return
        out.print(Text(f"#{a.id}  {stand_in_title(a.title, a.text)}", style="bold"))
        for label, value in [("outlet", f"{a.outlet} (from {a.outlet_from})"), ("source", a.source),
                             ("url", a.url), ("author", a.author), ("published", _date_label(a))]:
            if value:
                out.print(Text(f"{label:>10}: {value}"))
        if a.date:
            for ev in a.date.evidence:
                out.print(Text(f"{'':>10}  - {ev}", style="dim"))
        story = corpus.story_of(a.id)
        if story:
            member = next(m for m in story.articles if m.id == a.id)
            out.print(Text(f"{'story':>10}: #{story.id} {story.title} "
                           f"({_count(len(story.articles), 'article')}, "
                           f"storyline L{story.storyline})"))
            if member.date_from_story:
                d = member.date_from_story
                out.print(Text(f"{'':>10}  dated from its story: ~{d.earliest}..{d.latest}"))
                for ev in d.evidence:
                    out.print(Text(f"{'':>10}  - {ev}", style="dim"))
        for w in a.warnings:
            out.print(Text(f"{'warning':>10}: {w}", style="yellow"))
        out.print()
        for b in a.blocks:
            out.print(Text(b.text, style="bold" if b.kind == "heading" else ""))
            out.print()
        if removed:
            out.print(Text(f"removed by cleaning ({_count(len(a.removed), 'line')}):", style="bold"))
            for r in a.removed:
                out.print(Text(f"  line {r.line + 1:>3}  {r.rule:<15} {r.text}"))


@app.command("search")
def search_cli(
    query: Annotated[str, typer.Argument(
        metavar="QUERY", help='Words to find (all must match); "quotes" for a phrase. A name finds every spelling '
                              "the corpus uses (Kiev finds Kyiv).")],
    db: DbOption = DEFAULT_DB,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 20,
    outlet: Annotated[Optional[str], typer.Option(help="Only articles from this outlet.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Only articles published on or after DATE (YYYY-MM-DD).")
                     ] = None,
    until: Annotated[Optional[str], typer.Option(help="Only articles published on or before DATE (YYYY-MM-DD).")
                     ] = None,
    json_out: JsonOption = False,
) -> None:
    """Full-text search over titles and cleaned text, best matches first."""
    with _corpus(db) as corpus:
        hits = corpus.search(query, limit=limit, outlet=outlet, since=_parse_date(since), until=_parse_date(until))
        if json_out:
            _print_json([{**article_dict(h.article), "snippet": h.snippet, "rank": h.rank} for h in hits])
            return
        for h in hits:
            out.print(Text(f"#{h.article.id}  {h.article.outlet}  {_date_label(h.article)}  ", style="bold")
                      + _title_cell(h.article), soft_wrap=False)
            out.print(Text("    " + " ".join(h.snippet.split())), soft_wrap=False)
        if not hits:
            err.print(Text(f"no matches for {query!r}"))


@app.command("export")
def export_cli(
    out_path: Annotated[Path, typer.Option("--out", metavar="FILE", help="File to write.")],
    format: Annotated[Optional[str], typer.Option("--format", help=f"One of {', '.join(FORMATS)} "
                                                                   "(default: from --out's suffix).")] = None,
    what: Annotated[str, typer.Option("--what", help="articles, quotes, entities, claims, stories (one row per "
                                                      "story and article) or key-dates (of --story: one row per date "
                                                      "and summary sentence).")] = "articles",
    story: Annotated[Optional[str], typer.Option(metavar="STORY_ID", help="Only what belongs to this story or "
                                                                          "storyline (L1).")] = None,
    db: DbOption = DEFAULT_DB,
) -> None:
    """Export every article (or quote, entity, claim, story; a story's key dates) as JSON Lines, CSV or Parquet.
    CSV cells that a spreadsheet would run as a formula are written with a leading apostrophe."""
    with _corpus(db) as corpus:
        n = corpus.export(out_path, format, what, story=story)
        rows = {"stories": "stories, one per story and article",
                "key-dates": "key dates, one per date and summary sentence"}.get(what, what)
        err.print(Text(f"wrote {_count(n, 'row')} ({rows}) to {out_path}"))


@app.command("annotate")
def annotate_cli(
    db: DbOption = DEFAULT_DB,
    redo: Annotated[bool, typer.Option("--redo", help="Annotate every article again (after an upgrade).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Find entities, quotes and claims in stored articles that have none yet (all with --redo)."""
    with _corpus(db) as corpus:
        report = _batch_work(corpus.annotate, redo, quiet)
        if not quiet:
            err.print(Text(f"annotated {_count(len(report.added), 'article')} in {corpus.path}"))


def _batch_work(method, redo: bool, quiet: bool):
    """Run a corpus method that takes ``redo`` and a progress callback, with a progress bar on a terminal, and
    print its warnings unless quiet."""
    with _progress(not quiet and err.is_terminal) as tick:
        report = method(redo=redo, progress=lambda k: [tick("added") for _ in range(k)])
    if not quiet:
        for w in report.warnings:
            err.print(Text(f"warning: {w}"))
    return report


@app.command("dedupe")
def dedupe_cli(db: DbOption = DEFAULT_DB) -> None:
    """Check stored articles that were never checked for duplicates (ingest checks new ones itself)."""
    with _corpus(db) as corpus:
        n = corpus.dedupe()
        err.print(Text(f"checked {_count(n, 'article')} for duplicates in {corpus.path}"))


@app.command("duplicates")
def duplicates_cli(
    db: DbOption = DEFAULT_DB,
    min_size: Annotated[int, typer.Option(min=1, help="Only groups of at least this many articles.")] = 2,
    limit: LimitOption = None,
    json_out: JsonOption = False,
) -> None:
    """List groups of copies of one text (wire copies, re-posts) with the outlet of every copy."""
    with _corpus(db) as corpus:
        groups, shown = corpus.duplicates(min_size), _rows_to_show(limit, json_out)
        if json_out:
            _print_json([duplicate_group_dict(g) for g in groups[:shown]])
            return
        for g in groups[:shown]:
            out.print(Text(f"#{g.canonical}  {_count(len(g.members), 'copy')} in {_count(len(g.outlets), 'outlet')}",
                           style="bold"))
            for m in g.members:
                similarity = "canonical" if m.article == g.canonical else \
                    (f"{m.jaccard:.2f} like #{m.matched}" if m.matched else "")
                out.print(Text(f"   #{m.article:<6} {m.outlet:24} {similarity:18} {m.source}"))
        if shown is not None and len(groups) > shown:
            _more_note(shown, "groups", len(groups))
        if not groups:
            err.print(f"no duplicate groups in {corpus.path}")


@app.command("quotes")
def quotes_cli(
    db: DbOption = DEFAULT_DB,
    speaker: Annotated[Optional[str], typer.Option(help="Only this speaker: any alias or spelling "
                                                        "(Zelensky, Zelenskyy, 'the spokesman').")] = None,
    article: Annotated[Optional[int], typer.Option(help="Only quotes in this article.")] = None,
    direct: Annotated[Optional[bool], typer.Option("--direct/--indirect", help="Only direct quotations, or only "
                                                                               "reported speech.")] = None,
    since: Annotated[Optional[str], typer.Option(help="Only quotes in articles published on or after DATE "
                                                      "(YYYY-MM-DD).")] = None,
    limit: LimitOption = None,
    json_out: JsonOption = False,
) -> None:
    """List who said what: quotes with their canonical speaker, outlet and article."""
    with _corpus(db) as corpus:
        shown = _rows_to_show(limit, json_out)
        items = corpus.quotes(speaker=speaker, article=article, direct=direct, since=_parse_date(since),
                              limit=None if shown is None else shown + 1)  # one more: are there more?
        more = shown is not None and len(items) > shown
        items = items[:shown]
        if json_out:
            _print_json([quote_dict(q) for q in items])
            return
        table = _table([("article", "right"), ("outlet", "left"), ("speaker", "left"), ("", "left"),
                        ("quote", "left")], wrap={"outlet": 1, "speaker": 1, "quote": 4})
        for q in items:
            table.add_row(str(q.article), Text(q.outlet), Text(q.speaker or "?"), "\u201c" if q.direct else "~",
                          Text(q.content.text.replace("\n", " ")))
        out.print(table)
        if more:
            _more_note(len(items), "quotes")
        if not items:
            err.print("no quotes" + (f" by {speaker!r}" if speaker else "") + f" in {corpus.path}")


@app.command("entities")
def entities_cli(
    db: DbOption = DEFAULT_DB,
    type: Annotated[Optional[str], typer.Option("--type", help="person, org or place.")] = None,  # noqa: A002
    name: Annotated[Optional[str], typer.Option(help="Only the entity this name refers to (any spelling).")] = None,
    min_mentions: Annotated[int, typer.Option(help="Hide entities mentioned fewer times.")] = 1,
    limit: LimitOption = None,
    json_out: JsonOption = False,
) -> None:
    """List canonical entities: people, organisations and places with their aliases and who used which."""
    with _corpus(db) as corpus:
        shown = _rows_to_show(limit, json_out)
        items = [corpus.entity(name)] if name else corpus.entities(
            type=type, min_mentions=min_mentions, limit=None if shown is None else shown + 1)  # one more: any more?
        more = shown is not None and len(items) > shown
        items = items[:shown]
        if json_out:
            _print_json([entity_dict(e) for e in items])
            return
        table = _table([("name", "left"), ("type", "left"), ("mentions", "right"), ("articles", "right"),
                        ("aliases (outlets)", "left")], wrap={"name": 1, "aliases (outlets)": 3})
        for e in items:
            table.add_row(Text(e.name), e.type, str(e.mentions), str(e.articles),
                          Text(_alias_usage(e, whole=name is not None)))
        out.print(table)
        if more:
            _more_note(len(items), "entities")


# In the list of entities, each entity's most used aliases and, for each, the outlets that used it: on a large
# store the name of a head of state has dozens of spellings over dozens of outlets, a wall of text in one cell.
# --name (one entity) and --json give them all.
ALIASES_SHOWN = 6
OUTLETS_SHOWN = 5


def _alias_usage(e, whole: bool = False) -> str:
    """'alias (outlet, outlet +3 more); ...' for an entity, most used alias first."""
    uses = {alias: sum(c.get(alias, 0) for c in e.outlets.values()) for alias in e.aliases}
    aliases = sorted(e.aliases, key=lambda a: (-uses[a], a))
    parts = []
    for alias in aliases if whole else aliases[:ALIASES_SHOWN]:
        outlets = sorted((o for o, c in e.outlets.items() if alias in c), key=lambda o: (-e.outlets[o][alias], o))
        shown = outlets if whole or len(outlets) <= OUTLETS_SHOWN else outlets[:OUTLETS_SHOWN - 1]
        rest = f" +{len(outlets) - len(shown)} more" if len(shown) < len(outlets) else ""
        parts.append(f"{alias} ({', '.join(shown)}{rest})")
    left = len(aliases) - len(parts)
    return "; ".join(parts) + (f"; +{left} more aliases (--name for all)" if left else "")


@app.command("cluster")
def cluster_cli(
    db: DbOption = DEFAULT_DB,
    redo: Annotated[bool, typer.Option("--redo", help="Forget every event and storyline and cluster the whole "
                                                      "corpus again (after changing settings or upgrading).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
) -> None:
    """Group stored articles into events and storylines (ingest does this for new articles itself)."""
    with _corpus(db) as corpus:
        report = _batch_work(corpus.cluster, redo, quiet)
        if not quiet:
            err.print(Text(f"clustered {_count(len(report.added), 'article')}; {corpus.path} has "
                           f"{_count(len(corpus.story_rows()), 'story')} in "
                           f"{_count(corpus.count_storylines(), 'storyline')}"))


def _story_dates(s) -> str:
    return _event_dates(s.date_range, s.undated)


def _event_dates(rng: tuple[dt.date, dt.date] | None, undated: bool) -> str:
    """'2025-09-12..2025-09-14' for a story's reports, '~...' when its dates are estimates."""
    if rng is None:
        return "undated"
    text = rng[0].isoformat() if rng[0] == rng[1] else f"{rng[0].isoformat()}..{rng[1].isoformat()}"
    return f"~{text}" if undated else text


def _range_label(rng: tuple[dt.date, dt.date] | None) -> str:
    """'2025-09-12' for one day, '~2025-05-01..2025-12-31' for an estimated range, '' for none."""
    if rng is None:
        return ""
    return rng[0].isoformat() if rng[0] == rng[1] else f"~{rng[0].isoformat()}..{rng[1].isoformat()}"


@app.command("stories")
def stories_cli(
    db: DbOption = DEFAULT_DB,
    since: Annotated[Optional[str], typer.Option(help="Only stories still running on or after DATE "
                                                      "(YYYY-MM-DD).")] = None,
    storyline: Annotated[Optional[str], typer.Option(help="Only the stories of this storyline (L1 or 1).")] = None,
    min_articles: Annotated[int, typer.Option(min=1, help="Only stories with at least this many articles.")] = 1,
    limit: LimitOption = None,
    json_out: JsonOption = False,
) -> None:
    """List stories (events): one happening with its reports from every outlet, oldest first."""
    with _corpus(db) as corpus:
        line = int(storyline.strip().lstrip("Ll#")) if storyline and storyline.strip().lstrip("Ll#").isdigit() \
            else None
        if storyline and line is None:
            raise typer.BadParameter(f"{storyline!r} is not a storyline id (L1, or 1)", param_hint="--storyline")
        day, shown = _parse_date(since), _rows_to_show(limit, json_out)
        if json_out:
            _print_json(map(story_dict, iter(corpus.stories(since=day, storyline=line, min_articles=min_articles,
                                                           limit=shown))))
            return
        # the table needs no story's articles: rows (size, outlets, dates) are one query
        items = [r for r in corpus.story_rows(since=day, storyline=line) if r.articles >= min_articles]
        table = _table([("id", "right"), ("dates", "left"), ("articles", "right"), ("title", "left"),
                        ("outlets", "left")], wrap={"title": 3, "outlets": 1})
        for s in items[:shown]:
            table.add_row(str(s.id), _story_dates(s), str(s.articles), Text(s.title), Text(", ".join(s.outlets)))
        out.print(table)
        if shown is not None and len(items) > shown:
            _more_note(shown, "stories", len(items))
        if not items and (day or line or min_articles > 1):
            err.print(f"no stories in {corpus.path} match --since, --storyline or --min-articles as given")
        elif not items:
            err.print(f"no stories in {corpus.path}; ingest articles (or run `newsweave cluster`) first")


@app.command("story")
def story_cli(
    story_id: Annotated[str, typer.Argument(metavar="STORY_ID", help="A story id from `newsweave stories`, or a "
                                                                     "storyline id (L1) for each of its stories.")],
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """Show one story: its articles with outlets, dates, duplicate groups and how each joined."""
    with _corpus(db) as corpus:
        kind, number = parse_ref(story_id)
        stories = [corpus.story(number)] if kind == "story" else \
            [corpus.story(i) for i in corpus.storyline(number).stories]
        if json_out:
            _print_json(story_dict(stories[0]) if kind == "story" else [story_dict(s) for s in stories])
            return
        for s in stories:
            _print_story(s)


def _print_story(s: Story) -> None:
    out.print(Text(f"story #{s.id}: {s.title}", style="bold"))
    out.print(Text(f"{_story_dates(s)} · {_count(len(s.articles), 'article')} · "
                   f"{_count(len(s.outlets), 'outlet')} · "
                   f"storyline L{s.storyline}"))
    rows = []
    for a in s.articles:
        if a.date_from_story:
            date = f"~{a.date_from_story.earliest}..{a.date_from_story.latest} (story)"
        elif a.date:
            date = str(a.date.earliest) if a.date.exact else f"~{a.date.earliest}..{a.date.latest}"
        else:
            date = "undated"
        how = f"copy of #{a.duplicate_of}" if a.duplicate_of else a.how + (f" {a.score:.2f}" if a.score else "")
        rows.append((str(a.id), a.outlet, date, how, a.heading))
    table = _table([("id", "right"), ("outlet", "left"), ("date", "left"), ("joined by", "left"), ("title", "left")],
                   wrap={"outlet": 1, "title": 3})
    for r in rows:
        table.add_row(*(Text(c) for c in r))
    out.print(table)


@app.command("storylines")
def storylines_cli(
    db: DbOption = DEFAULT_DB,
    min_stories: Annotated[int, typer.Option(min=1, help="Only storylines of at least this many stories.")] = 1,
    limit: LimitOption = None,
    json_out: JsonOption = False,
) -> None:
    """List storylines: stories that continue each other, with their main actors and time span."""
    with _corpus(db) as corpus:
        shown = _rows_to_show(limit, json_out)
        items = corpus.storylines(min_stories=min_stories, limit=shown)
        if json_out:
            _print_json([{"ref": storyline_ref(line.id), **storyline_dict(line)} for line in items])
            return
        for line in items:
            rng = line.date_range
            span = (f"{rng[0]}" if rng[0] == rng[1] else f"{rng[0]} .. {rng[1]}") if rng else ""
            out.print(Text(f"{storyline_ref(line.id)}  {line.title}", style="bold"))
            out.print(Text(f"   {_count(len(line.stories), 'story')}{', ' + span if span else ''}: "
                           + " → ".join(f"#{i}" for i in line.stories)))
        if shown is not None and len(items) == shown and (total := corpus.count_storylines(min_stories)) > shown:
            _more_note(shown, "storylines", total)
        if not items:
            err.print(f"no storylines in {corpus.path}")


StoryRef = Annotated[str, typer.Argument(metavar="STORY_ID",
                                          help="A story id (`newsweave stories`) or a storyline id such as L1 "
                                               "(`newsweave storylines`).")]


@app.command("compare")
def compare_cli(story_id: StoryRef, db: DbOption = DEFAULT_DB, json_out: JsonOption = False) -> None:
    """Compare a story's outlets: statements each reports, facts they agree and disagree on, how each frames it.
    Answers from the comparison kept in the store when it is current (`newsweave analyse`), else keeps it."""
    with _corpus(db) as corpus:
        with _working(f"comparing the outlets of {story_id}"):
            c = corpus.view("compare", story_id)  # comparison_dict(corpus.compare(story_id)), cached
        if json_out:
            _print_json(c)
            return
        scope = c["scope"]
        out.print(Text(f"{scope['kind']} {scope['ref']}: {scope['title']}", style="bold"))
        out.print(Text(f"{_count(len(scope['articles']), 'article')} · {_count(len(scope['outlets']), 'outlet')}"))
        out.print(Text("\nStatements reported by more than one outlet", style="bold"))
        for st in c["statements"]:
            out.print(Text(f"s{st['id']}  {st['speaker']} ({_count(len(st['outlets']), 'outlet')})"))
            for w in st["members"]:
                shown = ("" if w["stance"] == "neutral" else f" [{w['stance']}]") + language_mark(w["language"])
                out.print(Text(f"     {w['outlet']}{shown}: {w['text']}"))
        if not c["statements"]:
            out.print("  none")
        out.print(Text("\nFacts", style="bold"))
        for k in c["claims"]:
            if k["status"] != "single-source":
                out.print(Text(f"{k['id']:>4}  {k['status']:<18} {k['subject']}: {k['summary']}"))
        single = sum(k["status"] == "single-source" for k in c["claims"])
        if single:
            out.print(Text(f"      and {_count(single, 'single-source fact')} (`newsweave claims {scope['ref']} "
                           "--status single-source`)"))
        out.print(Text("\nOutlets", style="bold"))
        for f in c["framing"].values():
            first = _range_label(date_range(f["first_report"]))
            out.print(Text(f"{f['outlet']}  first report {first or 'undated'}", style="bold"))
            names = "; ".join(f"{n['variant']}{' (quoted)' if n['quoted'] == n['count'] else ''} ×{n['count']}"
                              for n in f["names"])
            if names:
                out.print(Text(f"   names: {names}"))
            if f["quotes"]:
                out.print(Text("   quotes: " + ", ".join(f"{q['speaker']} {q['quotes']}" for q in f["quotes"][:6])))
            if f["only_here"]:
                out.print(Text(f"   only here: {', '.join(f['only_here'])}"))
            if f["omits"]:
                out.print(Text(f"   omits: {', '.join(f['omits'])}"))


@app.command("claims")
def claims_cli(
    story_id: StoryRef,
    status: Annotated[Optional[str], typer.Option(help="Only facts of this status: corroborated, single-source, "
                                                       "contradicted, changed-over-time or disputed.")] = None,
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """List a story's facts, each labelled corroborated, single-source, contradicted, changed-over-time or
    disputed (one outlet states it, another reports it denied)."""
    with _corpus(db) as corpus:
        with _working(f"comparing the facts of {story_id}"):
            items = corpus.claim_comparisons(story_id, status)
        if json_out:
            _print_json([claim_comparison_dict(k) for k in items])
            return
        for k in items:
            out.print(Text(f"{k.id}  {k.status}  {k.subject}: {k.summary}", style="bold"))
            for v in k.values:
                when = ("before " if v.earlier and v.as_of else "") + _range_label(v.as_of)
                out.print(Text(f"   {v.value}  ({v.outlet}, #{v.article}{', ' + when if when else ''}): {v.sentence}"
                               + language_mark(v.language)))
        if not items:
            err.print(f"no facts{' of status ' + status if status else ''} in {story_id}")


_PLURALS = {"story": "stories", "copy": "copies", "story or storyline": "stories and storylines",
            "large story or storyline": "large stories and storylines"}


def _count(n: int, noun: str) -> str:
    """``"1 article"``, ``"2 articles"``, ``"3 stories"``."""
    return f"{n} {noun if n == 1 else _PLURALS.get(noun, noun + 's')}"


@app.command("timeline")
def timeline_cli(
    story_id: Annotated[Optional[str], typer.Argument(
        metavar="STORY_ID", help="A story id or a storyline id such as L1; optional with --query or "
                                   "--storyline.")] = None,
    dates: Annotated[Optional[int], typer.Option("--dates", help="Show the K dates that matter most, each with a "
                                                                 "cited summary, instead of every event.")] = None,
    query: Annotated[Optional[str], typer.Option(help="A subject: every article matching these words (full-text "
                                                      "search), across storylines. Implies --dates 10.")] = None,
    storyline: Annotated[Optional[list[str]], typer.Option(
        "--storyline", metavar="L",
        help="Add a storyline's articles (repeat for several). Implies --dates 10.")] = None,
    sentences: Annotated[int, typer.Option(help="Summary sentences per date (with --dates).")] = 2,
    since: Annotated[Optional[str], typer.Option(help="Only dates on or after DATE (YYYY-MM-DD). Implies --dates "
                                                      "10.")] = None,
    until: Annotated[Optional[str], typer.Option(help="Only dates on or before DATE (YYYY-MM-DD). Implies --dates "
                                                      "10.")] = None,
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """Show a story's or storyline's dated events and each prominent actor's positions over time; with --dates,
    the dates that matter most (of a story, storylines or a subject) with what happened on each."""
    with _corpus(db) as corpus:
        if dates is not None or query or storyline or since or until:
            with _working("choosing the key dates"):
                k = TIMELINE_KEY_DATES if dates is None else dates
                items = corpus.key_dates(story_id, k=k, sentences=sentences, query=query, storylines=storyline or (),
                                         since=_parse_date(since), until=_parse_date(until))
            if json_out:
                _print_json([key_date_dict(d) for d in items])
                return
            _print_key_dates([key_date_dict(d) for d in items])
            if not items:
                err.print("no dated reports or date references in what was asked for")
            if query:  # where the subject lies: the storylines a user may open one by one
                _print_storylines_held(corpus.storylines_of(corpus.matching(query)))
            return
        if story_id is None:
            raise UsageError("give a story or storyline id, or --query / --storyline with --dates")
        with _working(f"building the timeline of {story_id}"):
            t = corpus.view("timeline", story_id)  # timeline_dict(corpus.timeline(story_id)), cached
        if json_out:
            _print_json(t)
            return
        if t["key_dates"]:
            out.print(Text("Key dates", style="bold"))
            _print_key_dates(t["key_dates"], indent="  ")
            out.print()
        out.print(Text("Events", style="bold"))
        for s in t["events"]:
            dates = _event_dates(date_range(s["date_range"]), s["undated"])
            out.print(Text(f"  {dates:<24} #{s['id']}  {s['title']}  ({_count(len(s['articles']), 'article')}: "
                           + ", ".join(map(str, s["articles"])) + ")"))
        for actor, positions in t["positions"].items():
            out.print(Text(f"\n{actor}", style="bold"))
            for p in positions:
                when = "" if p["when"] is None else p["when"][0] if p["when"][0] == p["when"][1] else f"~{p['when'][0]}"
                mark = "*" if p["changed"] else " "
                out.print(Text(f" {mark} {when:<12} #{p['story']}  {p['text']}{language_mark(p['language'])}  "
                               f"({', '.join(p['outlets'])})"))
        if t["positions"]:
            out.print(Text("\n* a position the actor had not stated before"))


# A subject's timeline names at most this many of the storylines its articles lie in.
SUBJECT_STORYLINES_SHOWN = 5


def _print_storylines_held(held: list[tuple[int, int]]) -> None:
    """Where a subject's articles lie, after its key dates: 'The matching articles lie in 4 storylines: L60 (151),
    L76 (1), ...; `newsweave timeline L60` shows the largest.'"""
    if len(held) == 1:
        out.print(Text(f"\nThe matching articles all lie in storyline L{held[0][0]}: `newsweave timeline "
                       f"L{held[0][0]}` shows its events."))
    elif held:
        shown = ", ".join(f"L{line} ({n:,})" for line, n in held[:SUBJECT_STORYLINES_SHOWN])
        more = f" and {len(held) - SUBJECT_STORYLINES_SHOWN} more" if len(held) > SUBJECT_STORYLINES_SHOWN else ""
        out.print(Text(f"\nThe matching articles lie in {len(held)} storylines: {shown}{more}; `newsweave timeline "
                       f"L{held[0][0]}` shows the largest."))


def _print_key_dates(items: list[dict], indent: str = "") -> None:
    """Key dates (as :func:`records.key_date_dict`), each with its cited summary."""
    for d in items:
        outlets = ", ".join(d["outlets"][:4]) + ("…" if len(d["outlets"]) > 4 else "")
        out.print(Text(f"{indent}{d['date']}  {_count(d['reports'], 'report')} that day, named in "
                       f"{_count(d['mentions'], 'article')}  ({outlets})", style="bold"))
        for sent in d["summary"]:
            out.print(Text(f"{indent}   {sent['text']} [{', '.join(f'#{i}' for i in sent['citations'])}]"))


@app.command("brief")
def brief_cli(
    story_id: StoryRef,
    format: Annotated[str, typer.Option("--format", help="text, markdown or html.")] = "text",  # noqa: A002
    sentences: Annotated[Optional[int], typer.Option(
        min=1, metavar="N", help="At most this many sentences (default 8 for a story, 10 for a storyline).")] = None,
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """Write a short neutral brief of a story or storyline; every sentence cites its articles."""
    with _corpus(db) as corpus:
        if format not in ("text", "markdown", "html"):
            raise typer.BadParameter("choose text, markdown or html", param_hint="--format")
        with _working(f"writing the brief of {story_id}"):  # of the default length: cached
            b = corpus.view("brief", story_id) if sentences is None else \
                brief_dict(corpus.brief(story_id, sentences=sentences))
        if json_out:
            _print_json(b)
            return
        from .across.brief import brief_html, brief_markdown

        lines = [brief_sentence(s) for s in b["sentences"]]
        cited = sorted({i for s in lines for i in s.citations})
        sources = {a.id: f"{a.outlet}: {stand_in_title(a.title, a.text)}" for a in map(corpus.article, cited)}
        if format == "markdown":
            _write(brief_markdown(b["title"], lines, sources))
        elif format == "html":
            _write(brief_html(b["title"], lines, sources))
        else:
            out.print(Text(b["title"], style="bold"))
            for s in lines:
                out.print(Text(f"• {s.text}{language_mark(s.language)} " + "".join(f"[{i}]" for i in s.citations)))
            out.print(Text("\n" + "\n".join(f"[{i}] {sources[i]}" for i in cited)))


@app.command("analyse")
def analyse_cli(
    story_ids: Annotated[Optional[list[str]], typer.Argument(
        metavar="[STORY_ID]...", help="Stories or storylines (L1) to analyse; by default every one of "
                                      f"{ANALYSE_FROM} articles or more, reported by two or more outlets, whose "
                                      "analysis is not current.")] = None,
    min_articles: Annotated[Optional[int], typer.Option(
        min=1, help=f"Without STORY_ID: those of at least this many articles (default {ANALYSE_FROM}).")] = None,
    db: DbOption = DEFAULT_DB,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary; errors only.")] = False,
    json_out: JsonOption = False,
) -> None:
    """Compute ahead the compare, brief and timeline of large stories and storylines and keep them in the store:
    those commands and the web app then answer at once, until a new article joins (then the sentence vectors
    kept make a new answer quicker than the first)."""
    with _corpus(db) as corpus:
        done = _analyse(corpus, story_ids, not quiet and not json_out and err.is_terminal, min_articles)
        if json_out:
            _print_json({"analysed": done.refs, "views": done.views, "seconds": round(done.seconds, 3)})
        elif not quiet:
            err.print(Text(done.summary()))


@app.command("failures")
def failures_cli(db: DbOption = DEFAULT_DB, json_out: JsonOption = False) -> None:
    """List inputs that could not be ingested, with the reason."""
    with _corpus(db) as corpus:
        items = corpus.failures()
        if json_out:
            _print_json([f.__dict__ for f in items])
            return
        for f in items:
            out.print(Text(f"{f.at}  {f.code}  {f.source}: {f.reason}"))


@app.command("watch")
def watch_cli(
    feeds: Annotated[list[str], typer.Argument(metavar="FEED_URL...", help="RSS or Atom feeds to poll.")],
    db: DbOption = DEFAULT_DB,
    every: Annotated[str, typer.Option(help="How often to poll each feed: 30s, 10m, 2h, 1d.")] = "10m",
    until: Annotated[Optional[str], typer.Option(help="Stop after this long (2h) or at this time "
                                                      "(2026-12-01T18:00, local unless a zone is given).")] = None,
    once: Annotated[bool, typer.Option("--once", help="Poll each feed once and stop (for cron).")] = False,
    fetch_links: FetchLinksOption = False,
    fetch_timeout: FetchTimeoutOption = FETCH_TIMEOUT_S,
    no_annotate: Annotated[bool, typer.Option("--no-annotate", help="Skip entities, quotes and claims.")] = False,
    workers: Annotated[int, typer.Option(min=1, help="Processes for the per-article work of one poll (a feed "
                                                    "brings few items at a time: one is usually best).")] = 1,
    analyse: Annotated[bool, typer.Option(
        "--analyse/--no-analyse", help=f"Between polls, compute ahead the compare, brief and timeline of the "
                                       f"stories and storylines of {ANALYSE_FROM} articles or more that new items "
                                       "changed (until the next poll is due).")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Failed polls only.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="One JSON object per poll (JSON lines).")] = False,
) -> None:
    """Poll feeds and ingest their new items as they appear, until stopped (Ctrl+C or SIGTERM: the poll under
    way finishes first). A feed that fails is retried with backoff; the others go on. With --once or --until,
    exit code 2 when a feed's last poll failed."""
    import signal
    import threading

    from .records import watched_feed_dict
    from .watch import parse_duration, parse_until

    stop = threading.Event()
    try:
        interval = parse_duration(every)
        deadline = parse_until(until, dt.datetime.now(dt.timezone.utc)) if until else None
    except NewsweaveError as e:
        err.print(Text(f"error: {e}"))
        raise typer.Exit(EXIT_ERROR) from None
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    options = Options(fetch_links=fetch_links, fetch_timeout=fetch_timeout)

    def on_poll(poll) -> None:
        f = poll.feed
        if json_out:
            sys.stdout.write(json_safe(json.dumps(watched_feed_dict(f), ensure_ascii=False)) + "\n")
            sys.stdout.flush()
        when = f.polled_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        if poll.failed:
            wait = (f.next_poll_at - f.polled_at).total_seconds()
            err.print(Text(f"{when}  error: {f.url}: {f.error}; next try in {_duration(wait)}"))
        elif not quiet and not json_out:
            report = poll.report
            counts = (f"{len(report.added)} new, {len(report.existing)} already stored"
                      + (f", {len(report.failed)} failed" if report.failed else "")) if report else "not modified"
            out.print(Text(f"{when}  {f.url}: {counts}"))
        if poll.report and not quiet:
            for e in poll.report.failed:
                if e.source != f.url:
                    err.print(Text(f"{when}  error: {e.source}: {e.reason} [{e.code}]"))

    with _corpus(db, create=True) as corpus:
        if not quiet and not json_out:
            err.print(Text(f"newsweave: watching {len(feeds)} feed{'s' * (len(feeds) != 1)} every "
                           f"{_duration(interval)} into {corpus.path}" + (" (Ctrl+C to stop)" if not once else "")))
        try:
            last = corpus.watch(feeds, interval, until=deadline, once=once, options=options,
                                annotate=not no_annotate, workers=workers, stop=stop, on_poll=on_poll,
                                analyse=analyse)
        except NewsweaveError as e:
            err.print(Text(f"error: {e}"))
            raise typer.Exit(EXIT_ERROR) from None
    if (once or until) and any(p.failed for p in last.values()):
        raise typer.Exit(EXIT_SOME_INPUTS_FAILED)


def _duration(seconds: float) -> str:
    """``90`` → ``1m30s``; ``7200`` → ``2h``."""
    seconds = round(seconds)
    parts = [(seconds // 86400, "d"), (seconds % 86400 // 3600, "h"), (seconds % 3600 // 60, "m"), (seconds % 60, "s")]
    return "".join(f"{n}{unit}" for n, unit in parts if n) or "0s"


@app.command("feeds")
def feeds_cli(db: DbOption = DEFAULT_DB, json_out: JsonOption = False) -> None:
    """List the feeds `watch` polls into this store, with how the last poll of each went."""
    from .records import watched_feed_dict

    with _corpus(db) as corpus:
        items = corpus.watched_feeds()
        if json_out:
            _print_json([watched_feed_dict(f) for f in items])
            return
        table = _table([("url", "left"), ("last poll", "left"), ("status", "left"), ("added", "right"),
                        ("next poll", "left")], wrap={"url": 3, "status": 2})
        for f in items:
            status = f"failed {f.failures}x: {f.error}" if f.status == "failed" else (f.status or "")
            table.add_row(Text(f.url), _local(f.polled_at), Text(status), str(f.added), _local(f.next_poll_at))
        out.print(table)


def _local(when: dt.datetime | None) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M") if when else ""


@app.command("serve")
def serve_cli(
    db: DbOption = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Address to listen on. Anything but loopback lets other "
                                      "machines in: pair it with --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[Optional[str], typer.Option("--token", envvar="NEWSWEAVE_TOKEN",
                                                 help="Require this token on every request (give it once as "
                                                 "?token=..., the browser then keeps it).")] = None,
) -> None:
    """Start the local web app: stories, outlets side by side, timelines, who said what (JSON twins under /api)."""
    import uvicorn

    from .net import LOOPBACK_NAMES, is_loopback
    from .store.postgres import display
    from .web.app import create_app

    try:
        web = create_app(db, token=token, allowed_hosts=[*LOOPBACK_NAMES] if is_loopback(host) else None,
                         warm=True)
    except NewsweaveError as e:
        err.print(Text(f"error: {e}"))
        raise typer.Exit(EXIT_ERROR) from None
    if not is_loopback(host):
        err.print(Text(f"warning: listening on {host}, not loopback: other machines can reach this server"
                       + ("" if token else "; anyone who can reach it can read and ingest (give --token)")))
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else shown}:{port}/" + (f"?token={token}" if token else "")
    err.print(Text(f"newsweave: serving {display(db)} at {url} (Ctrl+C to stop)"))
    uvicorn.run(web, host=host, port=port, log_level="warning")


if __name__ == "__main__":  # pragma: no cover
    app()
