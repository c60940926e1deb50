"""The web app in a real browser: Debian's Chromium driven by Playwright (no browser is downloaded: Playwright
launches the system one by path). The server is the real app under uvicorn on 127.0.0.1.

Screenshots of every page, at desktop and phone width, are written to ``test-output/screenshots/`` (or
``$NEWSWEAVE_TEST_OUTPUT/screenshots``); axe-core (vendored under ``tests/vendor``) checks each page inside the
browser for serious or critical accessibility violations.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import sqlite3
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install .[test])")

import newsweave  # noqa: E402

from .conftest import EXAMPLES, ROOT, SEEDS, TODAY  # noqa: E402

CHROMIUM = Path(os.environ.get("NEWSWEAVE_CHROMIUM", "/usr/lib/chromium/chromium"))
AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
OUT = Path(os.environ.get("NEWSWEAVE_TEST_OUTPUT", ROOT / "test-output")) / "screenshots"
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}

pytestmark = [pytest.mark.skipif(not CHROMIUM.exists(), reason=f"{CHROMIUM} is absent: `make test` installs "
                                 "Debian's chromium with apt (or set NEWSWEAVE_CHROMIUM)"), pytest.mark.slow]


class _Server:
    """The app under uvicorn on a free loopback port, in a thread."""

    def __init__(self, db: Path):
        import uvicorn

        from newsweave.net import LOOPBACK_NAMES
        from newsweave.web.app import create_app

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        app = create_app(db, allowed_hosts=list(LOOPBACK_NAMES))
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        for _ in range(200):
            if self.server.started:
                break
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


def _copy(src: str, dst: Path) -> Path:
    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


@pytest.fixture(scope="module")
def store(tmp_path_factory, request) -> Path:
    """A copy of the seed store (uploads must not change the session's), else the examples corpus."""
    folder = tmp_path_factory.mktemp("browser")
    if SEEDS.is_dir():
        seeds = request.getfixturevalue("seeds_corpus")
        return _copy(seeds.path, folder / "seeds.db")
    with newsweave.open(folder / "examples.db") as c:
        c.ingest([str(EXAMPLES / "corpus")], meta=EXAMPLES / "meta.csv", today=TODAY)
    return folder / "examples.db"


@pytest.fixture(scope="module")
def server(store):
    s = _Server(store)
    yield s
    s.stop()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=dict(zip(("width", "height"), SIZES["desktop"])))
    pg = context.new_page()
    pg.dialogs, pg.errors = [], []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def _api(server: _Server, path: str):
    import urllib.request

    with urllib.request.urlopen(server.url + "/api" + path, timeout=120) as r:
        return json.load(r)


def _pause_story(server: _Server) -> dict:
    stories = _api(server, "/stories?sort=size")["stories"]
    return next((s for s in stories if "pause" in s["title"].lower()), stories[0])


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"{SEEDS} is absent: the seed corpus lives in ../shared")
def test_a_desk_editor_follows_the_pause_story(server, page, tmp_path):
    page.goto(server.url + "/")
    # the filters update the list in place (htmx) and the address, so the view can be shared
    page.evaluate("window.__same_page = true")
    page.select_option("#sort", "size")
    page.get_by_role("button", name="Filter").click()
    for _ in range(100):  # pushed by htmx, not loaded (and the CSP lets no test code be eval'd in the page)
        if "sort=size" in page.evaluate("location.search"):
            break
        time.sleep(0.1)
    assert "sort=size" in page.evaluate("location.search")
    assert page.evaluate("window.__same_page") is True
    page.locator(".story-row").first.wait_for()
    page.locator(".story-row a.title").first.click()  # the largest story: the pause, three outlets
    page.wait_for_url(re.compile(r"/stories/\d+$"))
    # the coverage matrix: the three outlets, and the contradicted fact (the rounds of talks)
    headers = page.locator("table.coverage thead th").all_inner_texts()
    assert len(headers) == 4, headers
    assert page.locator("table.coverage .status-contradicted").count() >= 1
    assert page.locator("#claims-h ~ ul .status-contradicted").count() >= 1
    # a citation opens its article at the cited sentence, highlighted
    cite = page.locator("ol.brief-sentences a.cite[href*='hl=']").first
    sentence = cite.locator("xpath=..").inner_text()
    cite.click()
    page.wait_for_url(re.compile(r"/articles/\d+\?hl=\d+-\d+#hl$"))
    marked = page.locator("mark.cited").all_inner_texts()
    assert marked and page.locator("#hl").is_visible()
    cited = set(re.findall(r"\w+", " ".join(marked).lower()))
    assert len(cited & set(re.findall(r"\w+", sentence.lower()))) >= 0.5 * len(cited)
    # search for a speaker by part of his name, and open him
    page.fill("#q", "Peskov")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=Peskov"))
    page.get_by_role("link", name="Dmitry Peskov").first.click()
    page.wait_for_url(re.compile(r"/entities/\d+$"))
    assert page.locator("h1").inner_text() == "Dmitry Peskov"
    assert page.locator("#q-h ~ ol.quotes li").count() >= 3
    # upload a file and watch it go in
    upload = tmp_path / "ferry.txt"
    upload.write_text("Ferry timetable changes\n\nThe ferry company said on Monday that the winter timetable "
                      "would add two crossings a day between the islands from next month.\n", encoding="utf-8")
    page.goto(server.url + "/ingest")
    page.set_input_files("#files", str(upload))
    page.fill("#outlet-in", "Island Post")
    page.get_by_role("button", name="Ingest").click()
    page.wait_for_url(re.compile(r"/ingest/jobs/\d+$"))
    page.locator(".state-done").wait_for(timeout=120_000)
    assert "1 added" in page.locator("#job").inner_text()
    page.locator("ul.added a").first.click()
    assert page.locator("h1").inner_text() == "Ferry timetable changes"
    assert page.dialogs == []
    assert page.errors == []  # no script error, nothing the CSP had to refuse (htmx runs within it)


def _pages(server: _Server) -> dict[str, str]:
    story = _pause_story(server)
    data = _api(server, f"/stories/{story['id']}")
    article = data["story"]["articles"][0]
    quoted = next((q for a in data["story"]["articles"] for q in _api(server, f"/articles/{a['id']}")["quotes"]
                   if q["speaker_id"]), None)
    first = next((s for s in data["brief"]["sentences"] if s["spans"]), None)
    hl = f"?hl={first['spans'][0]['start']}-{first['spans'][0]['end']}" if first else ""
    pages = {"home": "/", "story": f"/stories/{story['id']}", "storyline": f"/storylines/{story['storyline']}",
             "article": f"/articles/{(first['spans'][0]['article'] if first else article['id'])}{hl}",
             "outlet": f"/outlets/{article['outlet']}", "search": "/search?q=talks", "subject": "/timeline?q=talks",
             "ingest": "/ingest", "api-docs": "/api-docs", "not-found": "/stories/999999"}
    if quoted:
        pages["actor"] = f"/entities/{quoted['speaker_id']}"
    pages["ingest-run"] = f"/ingest/jobs/{_failed_job(server)}"
    return pages


def _failed_job(server: _Server) -> int:
    """An ingest run from the web that failed its one input (a URL nothing answers on), once it has finished."""
    import urllib.parse
    import urllib.request

    body = urllib.parse.urlencode({"urls": "http://127.0.0.1:9/nothing-listens-here"}).encode()
    with urllib.request.urlopen(urllib.request.Request(server.url + "/api/ingest", data=body), timeout=60) as r:
        job = json.load(r)
    for _ in range(300):
        if _api(server, f"/ingest/jobs/{job['id']}")["state"] in ("done", "failed"):
            break
        time.sleep(0.1)
    return job["id"]


def test_every_page_at_desktop_and_phone_width_passes_axe(server, browser):
    OUT.mkdir(parents=True, exist_ok=True)
    axe = AXE.read_text(encoding="utf-8")
    problems = []
    for size, (w, h) in SIZES.items():
        # axe is injected as a script, which the app's CSP rightly refuses: this context alone bypasses it
        context = browser.new_context(viewport={"width": w, "height": h}, bypass_csp=True)
        pg = context.new_page()
        for name, path in _pages(server).items():
            pg.goto(server.url + path)
            pg.screenshot(path=str(OUT / f"{name}-{size}.png"), full_page=True)
            overflow = pg.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            if overflow > 2:
                problems.append(f"{name} at {size} width scrolls sideways by {overflow}px")
            pg.add_script_tag(content=axe)
            result = pg.evaluate("axe.run(document, {resultTypes: ['violations']})")
            for v in result["violations"]:
                if v["impact"] in ("serious", "critical"):
                    problems.append(f"{name} ({size}): {v['id']} {v['impact']}: {v['help']} "
                                    f"{[n['target'] for n in v['nodes'][:3]]}")
        context.close()
    assert not problems, "\n".join(problems)


def test_keyboard_alone_reaches_a_story(server, page):
    page.goto(server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.title')"):
            break
    else:
        raise AssertionError("no story link is reachable with Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/stories/\d+$"))
    # a quote's speaker shows on keyboard focus, not only on hover
    page.goto(server.url + _pages(server)["article"])
    quote = page.locator(".quote[tabindex='0']").first
    if quote.count():
        quote.focus()
        shown = page.evaluate("getComputedStyle(document.activeElement, '::after').content")
        assert quote.get_attribute("data-speaker") in shown


def test_a_large_story_shows_its_articles_at_once_and_its_comparison_when_ready(server, page, monkeypatch):
    import urllib.request

    from newsweave.web import views

    monkeypatch.setattr(views, "ANALYSE_AT_ONCE", 0)  # every story is "large"; those compared before are cached

    def html(story_id: int) -> str:
        with urllib.request.urlopen(f"{server.url}/stories/{story_id}", timeout=60) as r:
            return r.read().decode()

    waiting = next((s["id"] for s in _api(server, "/stories")["stories"] if 'aria-busy="true"' in html(s["id"])),
                   None)
    assert waiting is not None, "every story's comparison is cached already"
    page.goto(f"{server.url}/stories/{waiting}")
    assert page.locator("table.articles tbody tr").count() >= 1  # the articles at once
    page.locator("#brief-h").wait_for(timeout=120_000)  # then the comparison, swapped in by htmx
    assert page.locator("#analysis[aria-busy]").count() == 0 and page.locator("#cov-h").count() == 1
    assert page.errors == [] and page.url.endswith(f"/stories/{waiting}")
    assert 'aria-busy="true"' not in html(waiting)  # kept: the next visit gets the whole page at once


HOSTILE_JSONL = [
    {"title": "Council <script>window.__pwned = 1; alert('title')</script> row", "outlet": "Evil <i>Times</i>",
     "url": "javascript:alert('url')", "published": "2025-03-04",
     "html": "<p>The harbour council met on Tuesday and voted 7 to 2 for the new pier, mayor Anna Lind said.</p>"
             "<p>&lt;script&gt;window.__pwned = 2; alert('text')&lt;/script&gt; and "
             "&lt;img src=x onerror=\"window.__pwned = 3; alert('img')\"&gt; and "
             "&lt;a href=\"javascript:alert('link')\"&gt;click&lt;/a&gt; broken &lt;b&gt;markup "
             "\u001b[31mred\u001b[0m</p><p>\"We will build it,\" Lind said.</p>"},
]


def test_hostile_articles_are_shown_never_run(browser, tmp_path):
    src = tmp_path / "hostile.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in HOSTILE_JSONL) + "\n", encoding="utf-8")
    broken = tmp_path / "broken.html"
    broken.write_text("<html><head><title>Cut <script>alert('cut')</script></title></head><body><article><p>"
                      "The harbour council voted for the pier on Tuesday, mayor Anna Lind said, <img src=x "
                      "onerror=alert('broken')><p>and then the page was cut", encoding="utf-8")
    with newsweave.open(tmp_path / "hostile.db") as c:
        report = c.ingest([str(src), str(broken)], today=TODAY)
        assert len(report.added) == 2, report.failed
        ids = report.added
    server = _Server(tmp_path / "hostile.db")
    try:
        context = browser.new_context()
        pg = context.new_page()
        dialogs, violations = [], []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        paths = ["/", "/search?q=council", *(f"/articles/{i}" for i in ids), "/outlets/Evil <i>Times</i>"]
        for path in paths:
            response = pg.goto(server.url + path)
            assert response.status == 200, path
            assert "script-src 'self'" in response.headers["content-security-policy"]
            assert pg.evaluate("window.__pwned") is None, path
            for link in pg.locator("a").all():
                assert not (link.get_attribute("href") or "").lower().startswith("javascript:"), path
        pg.goto(server.url + f"/articles/{ids[0]}")
        body = pg.locator("article.text").inner_text()
        assert "<script>window.__pwned = 2" in body and "onerror=" in body  # shown as text
        assert "<i>Times</i>" in pg.locator(".meta .outlet").first.inner_text()
        assert dialogs == [] and violations == []
        context.close()
    finally:
        server.stop()
        shutil.rmtree(tmp_path / "hostile.db.uploads", ignore_errors=True)
