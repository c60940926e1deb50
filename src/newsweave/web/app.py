"""The web app: FastAPI routes over :class:`~newsweave.Corpus`, as thin as the CLI's commands.

Every page is one function registered twice (:func:`twin`): at ``/path`` it renders its template, at
``/api/path`` it returns the same data as JSON (documented at ``/docs``). Views in ``views.py`` build that data;
templates in ``templates/`` show it (one per page, partials start with ``_``); everything scraped is escaped on
the way out (Jinja2 autoescaping, with control characters made visible first) and no page runs inline script
(a Content-Security-Policy header forbids it). Library errors become HTTP errors here, at the boundary.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, pass_environment, select_autoescape
from jinja2.filters import do_truncate
from markupsafe import Markup
from starlette.background import BackgroundTask

from .. import __version__
from .. import open as open_corpus
from ..corpus import TIMELINE_KEY_DATES, Corpus
from ..errors import NewsweaveError, NotFound, UsageError
from ..export import export_rows
from ..settings import MAX_DOCUMENT_BYTES
from . import views
from .jobs import MAX_FILES, Jobs, safe_name, save_upload
from ..normalize import printable
from .markup import Span, mark
from .svg import counts_chart, events_chart, reports_chart

HERE = Path(__file__).parent
# Bytes one upload request may carry in all (each file is further held to ingest's own size limit).
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
# No inline script or style, nothing from elsewhere; forms post only here; no framing.
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
TOKEN_COOKIE = "newsweave_token"
# A subject's page (/timeline) shows at most this many key dates (a timeline, not a calendar), and puts together at
# most this many storylines.
MAX_KEY_DATES = 100
MAX_STORYLINES = 50


def _safe_url(url: str | None) -> str | None:
    """A scraped URL fit for a link: http(s) only (no ``javascript:``, ``data:``)."""
    if not url:
        return None
    return url if urlsplit(url.strip()).scheme.lower() in ("http", "https") else None


def _shown(value: Any) -> Any:
    """Every value a template prints, before autoescaping: text with its control characters shown as escapes
    (markup the app made itself has had its text treated so already)."""
    return printable(value) if isinstance(value, str) and not isinstance(value, Markup) else value


@pass_environment
def _truncate(env: Environment, text: str, length: int = 255) -> str:
    """Jinja's ``truncate`` with "…" for what was cut: its "..." would read as the text's own, and a stand-in title
    that already ends in "…" would end in "..." when cut again."""
    return do_truncate(env, text, length, end="…")


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                      finalize=_shown, trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["safe_url"] = _safe_url
    env.filters["truncate"] = _truncate
    env.globals["version"] = __version__
    return env


class _Corpora(threading.local):
    """One open corpus per server thread (SQLite connections are cheap, and each thread reads on its own)."""

    corpus: Corpus | None = None


def create_app(db: str | Path, token: str | None = None, allowed_hosts: list[str] | None = None,
               max_bytes: int = MAX_DOCUMENT_BYTES, warm: bool = False) -> FastAPI:
    """The web app over the store at ``db``. With ``token``, every request must carry it (``?token=``, once:
    it is then kept in a cookie; or an ``Authorization: Bearer`` header). ``allowed_hosts``, when given, are
    the only Host headers answered (a guard against DNS rebinding of a loopback server). Uploads are held to
    ``max_bytes`` each, as ``newsweave ingest --max-bytes`` holds files. With ``warm``, a background thread
    compares every story two or more outlets reported (latest first), so stories can be filtered by the labels
    of their facts, then analyses ahead the large stories and storylines."""
    db = str(db)
    open_corpus(db, create=False).close()  # a missing store fails now, with the store's own message
    app = FastAPI(title="newsweave", version=__version__, docs_url=None, redoc_url=None,
                  description="Each page of the web app has a JSON twin here, built from the same data.")
    templates = Jinja2Templates(env=_environment())
    corpora = _Corpora()
    jobs = Jobs(db, max_bytes)
    app.state.jobs = jobs
    if warm:
        threading.Thread(target=_warm, args=(db,), name="compare-all", daemon=True).start()

    def corpus() -> Corpus:
        if corpora.corpus is None:
            corpora.corpus = open_corpus(db, create=False)
        return corpora.corpus

    # --- the boundary: security headers, token, hosts, request size; library errors as HTTP errors ------------
    @app.middleware("http")
    async def guard(request: Request, call_next: Callable) -> Response:
        if allowed_hosts is not None and request.url.hostname not in allowed_hosts:
            return _secured(Response("unknown host", status_code=400, media_type="text/plain"))
        if request.method not in ("GET", "HEAD"):
            origin = request.headers.get("origin")
            if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
                return _secured(Response("cross-site request refused", status_code=403, media_type="text/plain"))
            length = request.headers.get("content-length")
            if length and length.isdigit() and int(length) > MAX_UPLOAD_BYTES:
                return _secured(Response(f"request larger than {MAX_UPLOAD_BYTES} bytes", status_code=413,
                                         media_type="text/plain"))
        set_cookie = False
        if token is not None:
            given = request.query_params.get("token")
            bearer = request.headers.get("authorization", "")
            presented = given or request.cookies.get(TOKEN_COOKIE) or \
                (bearer[7:] if bearer.lower().startswith("bearer ") else None)
            if not presented or not hmac.compare_digest(presented.encode(), token.encode()):
                return _secured(Response("a token is needed: open the URL newsweave serve printed",
                                         status_code=401, media_type="text/plain"))
            set_cookie = given is not None
        began = time.perf_counter()
        response = await call_next(request)
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - began) * 1000:.1f}"
        if set_cookie:
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        return _secured(response)

    @app.exception_handler(NewsweaveError)
    async def library_error(request: Request, error: NewsweaveError) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(error), "code": error.code}, status_code=error.status)
        return templates.TemplateResponse(request, "error.html", {"error": str(error), "code": error.code},
                                          status_code=error.status)

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def twin(path: str, summary: str) -> Callable:
        """Register a page's route at ``path`` (HTML) and at ``/api`` + ``path`` (its JSON twin); the route
        builds its data once and :func:`respond` renders it as the path asks."""

        def register(build: Callable) -> Callable:
            app.get(path, include_in_schema=False, response_class=HTMLResponse, name=build.__name__)(build)
            app.get("/api" + path, summary=summary, name=f"api_{build.__name__}")(build)
            return build

        return register

    def respond(request: Request, template: str, data: dict[str, Any], **extra: Any) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse(data)
        partial = request.headers.get("hx-request") == "true" and extra.pop("partial", None)
        return templates.TemplateResponse(request, partial or template, {"data": data, **extra})

    # --- pages -----------------------------------------------------------------------------------------------
    @twin("/", "Stories, ranked by recency or size, filtered; the largest storylines")
    @twin("/stories", "Stories, ranked by recency or size, filtered; the largest storylines")
    def home(request: Request, page: int = 1, since: str | None = None, until: str | None = None,
             outlet: str | None = None, entity: str | None = None, label: str | None = None,
             sort: Annotated[str, Query(pattern="^(recent|size)$")] = "recent") -> Response:
        data = views.home(corpus(), page, _day(since), _day(until), outlet, entity, sort, label)
        return respond(request, "home.html", data, partial="_stories.html")

    @twin("/search", "Full-text search over articles, entities (any alias) and quotes")
    def search(request: Request, q: str = "", page: int = 1, outlet: str | None = None,
               since: str | None = None, until: str | None = None) -> Response:
        return respond(request, "search.html", views.search(corpus(), q, page, outlet, _day(since), _day(until)))

    @twin("/stories/{story_id}", "A story: brief, coverage, claims, statements, framing")
    def story(request: Request, story_id: int, full: bool = False) -> Response:
        # The page answers at once for a large story compared for the first time, and fetches its comparison
        # after (an htmx request for this same page, or ?full=1 without script); the JSON twin is always whole.
        wait = full or request.url.path.startswith("/api/") or request.headers.get("hx-request") == "true"
        data = views.story(corpus(), story_id, wait=wait)
        return respond(request, "story.html", data, chart=reports_chart(data["story"]["articles"]))

    @twin("/storylines/{storyline_id}", "A storyline: its events in order, actors' positions")
    def storyline(request: Request, storyline_id: int) -> Response:
        data = views.storyline(corpus(), storyline_id)
        return respond(request, "storyline.html", data, chart=events_chart(data["events"]))

    @twin("/timeline", "A subject across storylines: the dates that matter most in every article matching q and "
                       "in the storylines given, each with cited sentences")
    def subject(request: Request, q: str = "", k: Annotated[int, Query(ge=1, le=MAX_KEY_DATES)] = TIMELINE_KEY_DATES,
                since: str | None = None, until: str | None = None,
                storyline: Annotated[list[int], Query(max_length=MAX_STORYLINES)] = []  # noqa: B006 - FastAPI query
                ) -> Response:
        return respond(request, "timeline.html", views.subject(corpus(), q, k, _day(since), _day(until), storyline))

    @twin("/entities/{entity_id}", "An actor: names by outlet, quotes over time, positions, stories")
    def entity(request: Request, entity_id: int) -> Response:
        data = views.entity(corpus(), entity_id)
        return respond(request, "entity.html", data, chart=counts_chart(data["quotes_per_day"]))

    @twin("/outlets/{name:path}", "An outlet: stories covered and missed, whom it quotes, its names")
    def outlet(request: Request, name: str) -> Response:
        return respond(request, "outlet.html", views.outlet(corpus(), name))

    @twin("/articles/{article_id}", "An article: text, removed lines, date evidence, annotations")
    def article(request: Request, article_id: int, hl: Annotated[str | None, Query(pattern=r"^\d+-\d+$")] = None
                ) -> Response:
        data = views.article(corpus(), article_id)
        return respond(request, "article.html", data, blocks=_marked_blocks(data, hl))

    @app.get("/api-docs", response_class=HTMLResponse, include_in_schema=False)
    def api_docs(request: Request) -> Response:
        """The JSON API, listed from its OpenAPI description (``/openapi.json``, its twin): Swagger UI would
        load its script from a CDN, which neither the CSP nor an offline machine allows."""
        routes = [{"path": path, "method": method.upper(), "summary": op.get("summary", ""),
                   "parameters": [(p["name"], p["in"], p.get("required", False)) for p in op.get("parameters", [])]}
                  for path, ops in app.openapi()["paths"].items() for method, op in ops.items()]
        return templates.TemplateResponse(request, "api.html", {"routes": routes})

    # --- ingest ----------------------------------------------------------------------------------------------
    @twin("/ingest", "Ingest runs started from the web, and inputs that failed before")
    def ingest_form(request: Request) -> Response:
        return respond(request, "ingest.html", {"jobs": [j.as_dict() for j in jobs.recent()],
                                                "failures": [f.__dict__ for f in corpus().failures()[-20:]]})

    @app.post("/ingest", include_in_schema=False)
    @app.post("/api/ingest", summary="Ingest uploaded files and URLs or feeds (one per line) in the background")
    def ingest(request: Request, files: Annotated[list[UploadFile], File()] = [],  # noqa: B006 - FastAPI form
               urls: Annotated[str, Form()] = "", outlet: Annotated[str, Form()] = "") -> Response:
        chosen = [f for f in files if f.filename]
        if len(chosen) > MAX_FILES:
            raise UsageError(f"at most {MAX_FILES} files in one upload, not {len(chosen)}")
        inputs = [u.strip() for u in urls.splitlines() if u.strip()]
        if any(not u.lower().startswith(("http://", "https://")) for u in inputs):
            raise UsageError("each line of URLs must start with http:// or https://")
        if chosen:
            folder = jobs.folder()
            for n, f in enumerate(chosen):
                target = folder / f"{n:03d}-{safe_name(f.filename, n)}"
                save_upload(f.file, target, max_bytes)
                inputs.append(str(target))
        if not inputs:
            raise UsageError("choose files to upload or give URLs")
        job = jobs.start(inputs, outlet.strip() or None)
        if request.url.path.startswith("/api/"):
            return JSONResponse(job.as_dict(), status_code=202)
        return RedirectResponse(f"/ingest/jobs/{job.id}", status_code=303)

    @twin("/ingest/jobs/{job_id}", "How far an ingest started from the web has got")
    def job(request: Request, job_id: int) -> Response:
        found = jobs.get(job_id)
        if found is None:
            raise NotFound(f"no ingest job {job_id} since this server started")
        return respond(request, "job.html", found.as_dict(), partial="_job.html")

    # --- exports: what a page shows, as JSONL or CSV -----------------------------------------------------
    @app.get("/export/{what}.{fmt}", summary="Export what a page shows: a story's or storyline's articles, "
             "quotes, claims, stories or key dates; an actor's quotes; an outlet's articles or quotes")
    def export(what: str, fmt: str, story: str | None = None, entity: int | None = None,
               outlet: str | None = None) -> Response:
        if fmt not in ("jsonl", "csv"):
            raise UsageError(f"export as jsonl or csv, not {fmt!r}")
        folder = Path(tempfile.mkdtemp(prefix="newsweave-export-"))
        path = folder / f"{what}.{fmt}"
        c = corpus()
        from .. import records
        if entity is not None or outlet is not None:
            if what != "quotes":
                raise UsageError("an actor's or outlet's export is of its quotes")
            rows = (records.quote_dict(q) for q in c.quotes(speaker=entity, outlet=outlet))
            export_rows(rows, records.QUOTE_COLUMNS, path, fmt)
        else:
            c.export(path, fmt, what, story)
        media = "text/csv" if fmt == "csv" else "application/x-ndjson"
        name = f"newsweave-{what}" + (f"-{story}" if story else "") + f".{fmt}"
        return FileResponse(path, media_type=media, filename=name,
                            background=BackgroundTask(_remove, folder))

    return app


def _warm(db: str) -> None:
    """Compare every multi-outlet story not compared yet, in the background (one pass; pages opened meanwhile
    compute their own), then analyse ahead the large stories and storylines (:meth:`Corpus.analyse`). A failure
    is logged, never raised: the app serves on without the labels."""
    try:
        with open_corpus(db, create=False) as corpus:
            corpus.compare_all()
            corpus.analyse()
    except Exception:
        logging.getLogger(__name__).exception("comparing stories in the background failed")


def _day(value: str | None) -> dt.date | None:
    """A date from a query parameter: YYYY-MM-DD, or nothing when the form left it empty."""
    if not value or not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _remove(folder: Path) -> None:
    for f in folder.iterdir():
        f.unlink()
    folder.rmdir()


def _secured(response: Response) -> Response:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    return response


def _marked_blocks(data: dict[str, Any], hl: str | None) -> list[dict[str, Any]]:
    """The article's blocks (paragraphs, headings) as HTML with quotes, names and numbers marked, and the
    sentence ``hl`` ("start-end") highlighted with ``id="hl"`` (a citation's target)."""
    a = data["article"]
    text = a["text"]
    spans: list[Span] = []
    if hl:
        start, end = (int(x) for x in hl.split("-"))
        spans.append(Span(start, end, "mark", {"id": "hl", "class": "cited"}, layer=0))
    for q in data["quotes"]:
        c = q["content"]
        who = q["speaker"] or "unknown speaker"
        spans.append(Span(c["start"], c["end"], "span", {
            "class": "quote direct" if q["direct"] else "quote", "tabindex": "0", "data-speaker": who,
            "title": f"{who} ({'quoted' if q['direct'] else 'reported'})"}, layer=1))
    for m in data["mentions"]:
        spans.append(Span(m["start"], m["end"], "a", {"class": "ent", "href": f"/entities/{m['entity']}",
                                                      "title": m["name"]}, layer=2))
    for c in data["claims"]:
        n = c["number"]
        spans.append(Span(n["start"], n["end"], "span", {"class": "num", "title": f"{c['subject']}: {c['value']}"},
                          layer=3))
    out = []
    for b in a["blocks"]:
        out.append({"kind": b["kind"], "html": mark(text, spans, b["start"], b["end"])})
    return out
