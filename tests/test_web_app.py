"""The web app over a real SQLite store of the examples corpus (our own articles), through HTTP (TestClient):
every page and its JSON twin, security headers, the token, uploads, exports and cached views."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

import newsweave  # noqa: E402
from newsweave.web import app as web_app  # noqa: E402
from newsweave.web import views as web_views  # noqa: E402
from newsweave.web.app import create_app  # noqa: E402

from .conftest import EXAMPLES, TODAY  # noqa: E402

HOSTILE = ("Harbour council row\n\nThe harbour council met on Tuesday <script>window.__pwned=1;alert(1)</script> "
           "and <img src=x onerror=\"alert(2)\"> voted 7 to 2 for the new pier, the mayor \x1b[31msaid\x1b[0m. "
           "\"We will build it,\" said mayor Anna Lind. <a href=\"javascript:alert(3)\">more</a>\n")


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.db"
    with newsweave.open(path) as c:
        c.ingest([str(EXAMPLES / "corpus")], meta=EXAMPLES / "meta.csv", today=TODAY)
        src = tmp_path_factory.mktemp("hostile") / "hostile.txt"
        src.write_text(HOSTILE, encoding="utf-8")
        c.ingest([str(src)], outlet="Evil <b>Gazette</b>", today=TODAY)
    return path


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db))


def _first_story(client) -> dict:
    return client.get("/api/stories", params={"sort": "size"}).json()["stories"][0]


def test_every_page_and_its_json_twin(client):
    story = _first_story(client)
    data = client.get(f"/api/stories/{story['id']}").json()
    article = data["story"]["articles"][0]
    speaker = next(q for q in client.get(f"/api/articles/{article['id']}").json()["quotes"] if q["speaker_id"]) \
        if client.get(f"/api/articles/{article['id']}").json()["quotes"] else None
    pages = ["/", "/stories", f"/stories/{story['id']}", f"/storylines/{story['storyline']}",
             f"/articles/{article['id']}", f"/outlets/{article['outlet']}", "/search?q=dam", "/timeline?q=dam",
             "/ingest"]
    if speaker:
        pages.append(f"/entities/{speaker['speaker_id']}")
    for page in pages:
        html = client.get(page)
        twin = client.get("/api" + ("/stories" if page == "/" else page))
        assert html.status_code == 200 and twin.status_code == 200, page
        assert html.headers["content-type"].startswith("text/html"), page
        assert twin.headers["content-type"] == "application/json", page
        assert f'href="/api{"/stories" if page == "/" else quote(page.split("?")[0])}' in html.text, \
            f"{page} does not link its JSON twin"
    # the twin holds what the page shows
    assert data["story"]["title"][:40] in client.get(f"/stories/{story['id']}").text.replace("&#39;", "'")
    for name in ("brief", "compare", "facts", "storyline", "sources"):
        assert name in data
    assert set(data["compare"]["coverage"]["outlets"]) == set(data["story"]["outlets"])


def test_text_cut_short_on_a_page_ends_in_one_ellipsis_mark():
    cut = web_app._environment().from_string("{{ s|truncate(40) }}")
    heading = "The harbour council met on Tuesday and voted seven to two for the new pier …"
    assert cut.render(s=heading) == "The harbour council met on Tuesday and…"
    assert cut.render(s="A short heading") == "A short heading"


def test_a_large_story_page_answers_at_once_and_loads_its_comparison_after(db, monkeypatch):
    from newsweave.web import views

    monkeypatch.setattr(views, "ANALYSE_AT_ONCE", 0)
    client = TestClient(create_app(db))
    with newsweave.open(db) as corpus:  # a story not compared yet (by another test of this module)
        story = next(s for s in client.get("/api/stories").json()["stories"]
                     if not corpus.view_ready("compare", s["id"]))
    first = client.get(f"/stories/{story['id']}").text
    assert 'id="analysis" hx-get' in first and 'id="brief-h"' not in first and "?full=1" in first
    assert story["title"][:30] in first.replace("&#39;", "'")  # the story and its articles at once
    later = client.get(f"/stories/{story['id']}", headers={"hx-request": "true"}).text  # what htmx fetches
    assert 'id="brief-h"' in later and 'hx-get="/stories/' not in later
    again = client.get(f"/stories/{story['id']}").text  # kept: whole at once now
    assert 'id="brief-h"' in again
    assert client.get(f"/api/stories/{story['id']}").json()["brief"] is not None  # the JSON twin is whole


def test_pages_have_a_csp_and_no_inline_script_or_style(client):
    story = _first_story(client)
    for page in ["/", f"/stories/{story['id']}", "/ingest", "/api-docs", "/stories/99999", "/api/stories/99999"]:
        r = client.get(page)
        assert "script-src 'self'" in r.headers["content-security-policy"], page
        assert "unsafe-inline" not in r.headers["content-security-policy"]
        assert r.headers["x-content-type-options"] == "nosniff"
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", r.text), f"inline script on {page}"
        assert not re.search(r"\s(?:style|on[a-z]+)=", r.text), f"inline style or handler on {page}"


def test_missing_things_are_404_in_html_and_json(client):
    assert client.get("/stories/99999").status_code == 404
    r = client.get("/api/stories/99999")
    assert r.status_code == 404 and r.json()["code"].startswith("NW") and "no story 99999" in r.json()["error"]
    assert client.get("/api/entities/99999").status_code == 404
    assert client.get("/api/outlets/Nobody").status_code == 404
    assert client.get("/api/articles/abc").status_code == 422


def test_hostile_text_is_shown_as_text(client):
    hit = client.get("/api/search", params={"q": "harbour council"}).json()["articles"]
    article = next(a for a in hit if "Gazette" in a["outlet"])
    page = client.get(f"/articles/{article['id']}").text
    assert "<script>window.__pwned" not in page and "&lt;script&gt;window.__pwned" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=" in page
    assert "\x1b" not in page  # (the store keeps no control characters; test_web_markup shows them escaped)
    assert 'href="javascript:' not in page
    assert "<b>Gazette</b>" not in client.get("/").text  # the outlet's name is escaped in the filter list
    outlet = client.get("/api/outlets/" + article["outlet"])
    assert outlet.status_code == 200 and outlet.json()["outlet"] == "Evil <b>Gazette</b>"


def test_a_storyline_page_shows_its_key_dates_each_with_cited_sentences(client, db, tmp_path):
    line = _first_story(client)["storyline"]
    data = client.get(f"/api/storylines/{line}").json()
    with newsweave.open(db) as corpus:
        chosen = corpus.key_dates(f"L{line}")   # what `newsweave timeline L1 --dates` shows
    assert [d["date"] for d in data["key_dates"]] == [d.date.isoformat() for d in chosen] != []
    page = client.get(f"/storylines/{line}").text
    assert 'id="kd-h"' in page
    for d in data["key_dates"]:
        assert d["date"] in page
        for s in d["summary"]:
            assert s["text"][:40] in page.replace("&#39;", "'").replace("&#34;", '"')
            assert all(f'href="/articles/{a}"' in page for a in s["citations"])
    # a dated hostile report's day is told as text: its sentence (with a <script> inside) is escaped
    rows = [{"outlet": "Evil <b>Gazette</b>", "published": "2025-03-12", "title": "Pier vote",
             "text": HOSTILE.split("\n\n", 1)[1]},
            {"outlet": "Harbour Post", "published": "2025-03-13", "title": "Pier vote",
             "text": "The harbour council voted on Tuesday for the new pier, seven to two, after a long debate."}]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with newsweave.open(tmp_path / "hostile.db") as corpus:
        corpus.ingest([str(path)])
        (line,) = {s.storyline for s in corpus.stories()}
    hostile = TestClient(create_app(tmp_path / "hostile.db"))
    told = [s["text"] for d in hostile.get(f"/api/storylines/{line}").json()["key_dates"] for s in d["summary"]]
    assert any("<script>window.__pwned" in t for t in told)
    page = hostile.get(f"/storylines/{line}").text
    assert "<script>window.__pwned" not in page and "&lt;script&gt;window.__pwned" in page


def test_a_subject_page_shows_the_key_dates_of_every_article_that_names_it(client, db, monkeypatch):
    data = client.get("/api/timeline", params={"q": "dam", "k": 3}).json()
    with newsweave.open(db) as corpus:
        chosen = corpus.key_dates(query="dam", k=3)  # what `newsweave timeline --query dam --dates 3` shows
    assert [d["date"] for d in data["key_dates"]] == [d.date.isoformat() for d in chosen] != []
    page = client.get("/timeline", params={"q": "dam", "k": 3}).text
    assert 'id="kd-h"' in page
    for d in data["key_dates"]:
        assert d["date"] in page
        for s in d["summary"]:
            assert s["text"][:40] in page.replace("&#39;", "'").replace("&#34;", '"')
            assert all(f'href="/articles/{a}"' in page and str(a) in data["sources"] for a in s["citations"])
    assert 'href="/timeline?q=dam' in client.get("/search", params={"q": "dam"}).text  # a search leads there
    # the storylines the subject's articles lie in, most first, each linked
    held = [line["matching"] for line in data["storylines"]]
    assert held and held == sorted(held, reverse=True) and sum(held) <= data["articles_used"]
    assert data["storylines_total"] >= len(held)
    assert all(f'href="/storylines/{line["id"]}"' in page for line in data["storylines"])
    # ... each with a box to tick: the ticked storylines' key dates together, as `timeline --storyline L ...`
    first = data["storylines"][0]["id"]
    assert f'name="storyline" value="{first}"' in page
    together = client.get("/api/timeline", params={"storyline": [first], "k": 3}).json()
    with newsweave.open(db) as corpus:
        chosen = corpus.key_dates(storylines=[first], k=3)
    assert [d["date"] for d in together["key_dates"]] == [d.date.isoformat() for d in chosen]
    assert [line["id"] for line in together["given"]] == [first] and together["q"] == ""
    ticked = client.get("/timeline", params={"storyline": [first], "k": 3}).text
    assert f'value="{first}" id="line-{first}" aria-label=' in ticked and " checked" in ticked
    assert client.get("/timeline", params={"storyline": 999999}).status_code == 404
    nothing = client.get("/timeline", params={"q": "zyzzyva"})
    assert nothing.status_code == 200 and "No article matches" in nothing.text
    assert client.get("/api/timeline", params={"q": "zyzzyva"}).json()["key_dates"] == []
    undated = client.get("/timeline", params={"q": "pier"})  # the hostile report alone, with no date
    assert undated.status_code == 200 and "No dated report" in undated.text
    assert client.get("/timeline", params={"q": "dam", "k": 0}).status_code == 422
    assert client.get("/timeline", params={"q": "dam", "since": "2025-02-30"}).status_code == 400
    evil = client.get("/timeline", params={"q": "<script>alert(9)</script> pier"}).text
    assert "<script>alert(9)" not in evil and "&lt;script&gt;alert(9)" in evil
    # a subject of more articles than a page reads: the best matching, and the page says so
    monkeypatch.setattr(web_views, "SUBJECT_ARTICLES", 1)
    capped = client.get("/api/timeline", params={"q": "dam"}).json()
    assert capped["articles_used"] == capped["capped"] == 1 < capped["articles"] == data["articles"]
    assert "best-matching" in client.get("/timeline", params={"q": "dam"}).text


def test_article_page_marks_quotes_names_numbers_and_a_cited_sentence(client):
    story = _first_story(client)
    article = client.get(f"/api/stories/{story['id']}").json()["story"]["articles"][0]
    data = client.get(f"/api/articles/{article['id']}").json()
    text = data["article"]["text"]
    first = re.search(r"[^.]+\.", text)
    page = client.get(f"/articles/{article['id']}", params={"hl": f"{first.start()}-{first.end()}"}).text
    assert page.count('id="hl"') == 1 and 'class="cited"' in page
    if data["quotes"]:
        speaker = data["quotes"][0]["speaker"] or "unknown speaker"
        assert f'data-speaker="{speaker}"' in page.replace("&#39;", "'")
    assert client.get(f"/articles/{article['id']}", params={"hl": "1-x"}).status_code == 422


def test_brief_citations_point_at_sentences_the_articles_hold(client):
    for story in client.get("/api/stories").json()["stories"]:
        data = client.get(f"/api/stories/{story['id']}").json()
        for sentence in data["brief"]["sentences"]:
            for span in sentence["spans"]:
                assert span["article"] in sentence["citations"]
                text = client.get(f"/api/articles/{span['article']}").json()["article"]["text"]
                cited = text[span["start"]:span["end"]]
                assert cited and cited.strip() == cited and len(cited.split()) >= 3
            page = client.get(f"/stories/{story['id']}").text
            for span in sentence["spans"]:
                assert f'/articles/{span["article"]}?hl={span["start"]}-{span["end"]}#hl' in page


def test_home_filters_sort_and_pages(client, monkeypatch):
    everything = client.get("/api/stories").json()
    assert everything["pager"]["total"] == len(everything["stories"]) >= 3
    by_size = client.get("/api/stories", params={"sort": "size"}).json()["stories"]
    assert [len(s["outlets"]) for s in by_size] == sorted((len(s["outlets"]) for s in by_size), reverse=True)
    outlet = by_size[0]["outlets"][0]
    only = client.get("/api/stories", params={"outlet": outlet}).json()["stories"]
    assert only and all(outlet in s["outlets"] for s in only)
    late = client.get("/api/stories", params={"since": "2030-01-01"}).json()
    assert late["stories"] == [] and "No stories match" in client.get("/", params={"since": "2030-01-01"}).text
    assert client.get("/api/stories", params={"sort": "sideways"}).status_code == 422
    # a form leaves empty fields empty: they filter nothing; a date that is no date is a clear 400
    empty = client.get("/api/stories", params={"since": "", "until": "", "outlet": "", "entity": ""}).json()
    assert empty["pager"]["total"] == everything["pager"]["total"]
    bad = client.get("/api/stories", params={"since": "last week"})
    assert bad.status_code == 400 and "not a date" in bad.json()["error"]
    monkeypatch.setattr("newsweave.web.views.PAGE_SIZE", 2)
    first, second = (client.get("/api/stories", params={"page": n}).json() for n in (1, 2))
    assert len(first["stories"]) == 2 and first["pager"]["pages"] >= 2
    assert not {s["id"] for s in first["stories"]} & {s["id"] for s in second["stories"]}
    assert 'rel="next"' in client.get("/").text
    # htmx asks for the list alone
    partial = client.get("/", headers={"HX-Request": "true"}).text
    assert partial.lstrip().startswith('<section id="stories"') and "<html" not in partial


def test_search_finds_articles_entities_and_quotes(client):
    story = _first_story(client)
    quoted = next((q for a in client.get(f"/api/stories/{story['id']}").json()["story"]["articles"]
                   for q in client.get(f"/api/articles/{a['id']}").json()["quotes"] if q["speaker_id"]), None)
    assert quoted, "the examples corpus quotes someone"
    surname = quoted["speaker"].split()[-1]
    found = client.get("/api/search", params={"q": surname}).json()
    assert any(e["id"] == quoted["speaker_id"] for e in found["entities"])
    assert any(q["speaker_id"] == quoted["speaker_id"] for q in found["quotes"])
    words = " ".join(quoted["content"]["text"].split()[:3])
    assert any(q["id"] == quoted["id"] for q in client.get("/api/search", params={"q": words}).json()["quotes"])
    assert client.get("/api/search").json()["articles"] == []


def test_exports_of_what_a_page_shows(client):
    story = _first_story(client)
    ids = {a["id"] for a in client.get(f"/api/stories/{story['id']}").json()["story"]["articles"]}
    r = client.get("/export/articles.jsonl", params={"story": story["id"]})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert {json.loads(line)["id"] for line in r.text.splitlines()} == ids
    csv = client.get("/export/quotes.csv", params={"story": story["id"]})
    assert csv.text.splitlines()[0].startswith("id,article,source,outlet")
    assert client.get("/export/quotes.xml", params={"story": story["id"]}).status_code == 400
    assert client.get("/export/articles.csv", params={"outlet": story["outlets"][0]}).status_code == 400
    # a storyline's key dates, one row per date and summary sentence, linked from its page
    line = f"L{story['storyline']}"
    assert f'href="/export/key-dates.csv?story={line}"' in client.get(f"/storylines/{story['storyline']}").text
    rows = [json.loads(r) for r in client.get("/export/key-dates.jsonl", params={"story": line}).text.splitlines()]
    held = client.get(f"/api/storylines/{story['storyline']}").json()["key_dates"]
    assert [r["sentence"] for r in rows if r["sentence"]] == [s["text"] for d in held for s in d["summary"]] != []
    assert client.get("/export/key-dates.csv").status_code == 400  # of a story or storyline only


def test_token_is_needed_everywhere(db):
    c = TestClient(create_app(db, token="s3cret"))
    for path in ["/", "/api/stories", "/static/app.css", "/openapi.json"]:
        assert c.get(path).status_code == 401, path
    assert c.get("/", params={"token": "wrong"}).status_code == 401
    assert c.get("/api/stories", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    first = c.get("/", params={"token": "s3cret"})
    assert first.status_code == 200 and "newsweave_token" in first.headers["set-cookie"]
    assert "httponly" in first.headers["set-cookie"].lower()
    assert c.get("/api/stories").status_code == 200  # the cookie carries it from now on


def test_unknown_hosts_and_cross_site_posts_are_refused(db):
    c = TestClient(create_app(db, allowed_hosts=["127.0.0.1", "localhost"]), base_url="http://127.0.0.1")
    assert c.get("/").status_code == 200
    assert c.get("/", headers={"Host": "evil.example"}).status_code == 400
    r = c.post("/api/ingest", data={"urls": "https://example.org/a"}, headers={"Origin": "http://evil.example"})
    assert r.status_code == 403


def _wait(client, job: dict) -> dict:
    for _ in range(600):
        job = client.get(f"/api/ingest/jobs/{job['id']}").json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"ingest job {job} did not finish")


def test_upload_goes_through_ingest_with_its_limits(db, tmp_path, monkeypatch):
    c = TestClient(create_app(db))
    good = ("Ferry timetable changes\n\nThe ferry company said on Monday that the winter timetable would add two "
            "crossings a day between the islands from next month, after complaints from commuters.\n")
    files = [("files", ("../../etc/ferry news.txt", good.encode(), "text/plain")),
             ("files", ("empty.txt", b"", "text/plain"))]
    r = c.post("/api/ingest", files=files, data={"outlet": "Island Post"})
    assert r.status_code == 202
    job = _wait(c, r.json())
    assert job["state"] == "done" and len(job["added"]) == 1 and len(job["failed"]) == 1
    assert "empty.txt" in job["failed"][0]["source"] and job["failed"][0]["reason"]
    stored = c.get(f"/api/articles/{job['added'][0]}").json()["article"]
    assert stored["outlet"] == "Island Post" and "etc" not in Path(stored["source"]).parent.name
    assert Path(stored["source"]).parent.parent == Path(f"{db}.uploads")
    # the same bytes again change nothing
    again = _wait(c, c.post("/api/ingest", files=files[:1], data={"outlet": "Island Post"}).json())
    assert again["added"] == [] and again["existing"] == job["added"]
    # a file over ingest's size limit is cut off as it is saved and refused by the reader, with the reason
    c2 = TestClient(create_app(db, max_bytes=1000))
    big = _wait(c2, c2.post("/api/ingest", files=[("files", ("big.txt", b"word " * 100_000, "text/plain"))]).json())
    saved = Path(big["failed"][0]["source"]) if big["failed"] else None
    assert big["added"] == [] and saved is not None and saved.stat().st_size == 1001
    assert "limit per document" in big["failed"][0]["reason"]
    # nothing to ingest, or something that is not a URL
    assert c.post("/api/ingest", data={"urls": ""}).status_code == 400
    assert c.post("/api/ingest", data={"urls": "file:///etc/passwd"}).status_code == 400
    # a request larger than the app takes is refused before it is read
    monkeypatch.setattr(web_app, "MAX_UPLOAD_BYTES", 10)
    assert c.post("/api/ingest", files=[("files", ("a.txt", b"x" * 100, "text/plain"))]).status_code == 413


def test_an_upload_is_followed_by_the_analysis_of_the_large_stories_it_changed(db, tmp_path, monkeypatch):
    from newsweave import corpus as corpus_module

    monkeypatch.setattr(corpus_module, "ANALYSE_FROM", 2)  # what counts as large, for a story of two reports
    copy = _copy(db, tmp_path / "upload.db")
    quote = ('"We will not reopen the crossing until the pier is safe for every passenger," harbour master Lena '
             'Vukic told reporters on Monday.')
    reports = [("strait-gazette.txt", "Ferry crossing closed after pier damage\n\nThe Norrvik ferry crossing was "
                "closed on Monday after a storm damaged the main pier. " + quote + "\n"),
               ("island-voice.txt", "Storm shuts Norrvik ferry\n\nA storm damaged the Norrvik pier on Monday and "
                "the ferry crossing was shut. " + quote + " Repairs could take weeks.\n")]
    c = TestClient(create_app(copy))
    job = _wait(c, c.post("/api/ingest", files=[("files", (n, t.encode(), "text/plain")) for n, t in reports]).json())
    assert job["state"] == "done" and len(job["added"]) == 2
    with newsweave.open(copy) as corpus:
        story = corpus.story_of(job["added"][0])
        assert story is not None and len(story.outlets) == 2  # one story, two outlets: large enough here
        for _ in range(300):  # the job's thread analyses it after the job is done
            if not corpus.unanalysed():
                break
            time.sleep(0.1)
        assert corpus.unanalysed() == [] and corpus.view_ready("brief", story.id)


def test_upload_form_redirects_to_a_progress_page(db):
    c = TestClient(create_app(db))
    r = c.post("/ingest", data={"urls": "http://127.0.0.1:9/nothing-listens-here"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/ingest/jobs/")
    job = _wait(c, {"id": int(r.headers["location"].rsplit("/", 1)[1])})
    assert job["failed"] and "127.0.0.1:9" in job["failed"][0]["source"]
    page = c.get(r.headers["location"]).text
    assert "Inputs that failed" in page and "hx-trigger" not in page  # finished: no more polling
    assert "run " in c.get("/ingest").text


def test_views_are_cached_and_only_their_articles_invalidate_them(tmp_path):
    from .helpers import write_reports

    reports = {f"r{i}.txt": (f"Bridge vote {i}", f"Bridge vote {i}\n\nThe city council voted on Monday to build "
                             f"a new bridge over the river, mayor Tom Berg said. \"It will take {i + 2} years,\" "
                             "Berg said at the council meeting.") for i in range(2)}
    paths = write_reports(tmp_path, reports, {"r0.txt": "A Post", "r1.txt": "B News"}, "2025-03-03")
    with newsweave.open(tmp_path / "v.db") as c:
        c.ingest(paths[:1], meta=tmp_path / "meta.csv", today=TODAY)
        story = c.stories()[0].id
        first = c.view("brief", story)
        assert c.store.view("brief", str(story), _key(c, story)) is not None
        assert c.view("brief", story) == first
        other = tmp_path / "other.txt"
        other.write_text("Weather\n\nHeavy snow closed the mountain pass on Friday, police said.\n")
        c.ingest([str(other)], meta=None, outlet="C Radio", today=TODAY)
        assert c.store.view("brief", str(story), _key(c, story)) is not None  # untouched by an unrelated article
        c.view("compare", story)
        assert str(story) in c.compared()
        c.ingest(paths[1:], meta=tmp_path / "meta.csv", today=TODAY)
        joined = c.story_of(c.articles()[-1].id).id
        if joined == story:
            assert c.store.view("brief", str(story), _key(c, story)) is None  # its articles changed: stale
            assert len(c.view("brief", story)["scope"]["articles"]) == 2
            assert str(story) not in c.compared()  # nor are its labels current: compare_all does it again
            assert c.compare_all() == 1 and str(story) in c.compared()
        with pytest.raises(newsweave.NewsweaveError):
            c.view("sideways", story)


def test_a_view_cached_by_other_code_is_made_again(tmp_path, monkeypatch):
    from newsweave import corpus as corpus_module

    report = tmp_path / "r.txt"
    report.write_text("Bridge vote\n\nThe city council voted on Monday to build a new bridge, mayor Tom Berg said.\n")
    with newsweave.open(tmp_path / "v.db") as c:
        c.ingest([str(report)], meta=None, outlet="A Post", today=TODAY)
        story = c.stories()[0].id
        with monkeypatch.context() as m:  # a store written by an earlier release (or before an edit)
            m.setattr(corpus_module, "code_digest", lambda: "earlier code")
            c.store.put_view("brief", str(story), _key(c, story), '{"stale": true}', (), "earlier code")
            c.store.put_view("compare", str(story), _key(c, story), '{"claims": []}', ("contradicted",), "earlier code")
            assert c.view("brief", story) == {"stale": True}
        assert str(story) not in c.compared() and not c.story_rows(label="contradicted")  # its labels are not current
        assert c.store.view("brief", str(story), _key(c, story)) is None
        assert "stale" not in c.view("brief", story) and c.store.view("brief", str(story), _key(c, story))
        assert corpus_module.code_digest() == corpus_module.code_digest() != "earlier code"


def _key(corpus, story: int) -> str:
    from newsweave.corpus import view_key

    return view_key(corpus.store.scope_members(event_id=story))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(db, *args) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "newsweave", "serve", "--db", str(db), "--port", str(port), *args],
                            stderr=subprocess.PIPE, text=True)
    line = proc.stderr.readline()
    for _ in range(100):
        if subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True, text=True).stdout.strip():
            break
        time.sleep(0.1)
    return proc, line + "\n" + subprocess.run(["ss", "-ltnH", f"sport = :{port}"], capture_output=True,
                                              text=True).stdout


@pytest.mark.skipif(subprocess.run(["which", "ss"], capture_output=True).returncode != 0, reason="needs ss (iproute2)")
def test_serve_binds_loopback_and_warns_otherwise(db):
    proc, out = _serve(db)
    try:
        assert "serving" in out and "http://127.0.0.1:" in out
        listening = [line.split()[3] for line in out.splitlines()[1:] if line.strip()]
        assert listening and all(addr.startswith("127.0.0.1:") for addr in listening), listening
    finally:
        proc.terminate()
        proc.wait(10)
    # another address is warned about (a documentation-only address: the bind fails and no one is reached)
    other = subprocess.run([sys.executable, "-m", "newsweave", "serve", "--db", str(db), "--host", "192.0.2.1",
                            "--port", str(_free_port())], capture_output=True, text=True, timeout=60)
    assert other.stderr.startswith("warning: listening on 192.0.2.1") and "--token" in other.stderr
    missing = subprocess.run([sys.executable, "-m", "newsweave", "serve", "--db", str(db) + ".nope"],
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode != 0 and missing.stderr.startswith("error:")


def test_outlet_page_compares_the_names_it_uses(tmp_path):
    from .helpers import write_reports

    reports = {"a.txt": ("Talks", "Talks\n\nOfficials in Kiev said on Monday that delegates from Ankara would "
                         "arrive in Kiev next week."),
               "b.txt": ("Talks", "Talks\n\nOfficials in Kyiv said on Monday that delegates from Ankara would "
                         "arrive in Kyiv next week.")}
    paths = write_reports(tmp_path, reports, {"a.txt": "Old Style Post", "b.txt": "New Style News"}, "2025-03-03")
    with newsweave.open(tmp_path / "n.db") as c:
        c.ingest(paths, meta=tmp_path / "meta.csv", today=TODAY)
    data = TestClient(create_app(tmp_path / "n.db")).get("/api/outlets/Old Style Post").json()
    city = next(n for n in data["names"] if "Kiev" in n["here"])
    assert city["elsewhere"] == ["Kyiv"] and city["differs"]
    assert data["covered_total"] >= 1 and data["missed_total"] == 0
    assert all(not n["differs"] for n in data["names"] if n["name"] == "Ankara")


def test_stories_filter_by_the_labels_of_their_facts(tmp_path, db):
    copy = _copy(db, tmp_path / "labels.db")
    c = TestClient(create_app(copy))
    before = c.get("/api/stories", params={"label": "single-source"}).json()
    with newsweave.open(copy) as corpus:
        computed = corpus.compare_all()
        assert computed == before["labels"]["comparable"] - before["labels"]["compared"]
        assert corpus.compare_all() == 0  # once
        labelled = {s.id for s in corpus.story_rows()
                    if "single-source" in {k["status"] for k in corpus.view("compare", s.id)["claims"]}
                    and str(s.id) in corpus.compared()}
    after = c.get("/api/stories", params={"label": "single-source"}).json()
    assert {s["id"] for s in after["stories"]} == labelled and labelled
    assert after["labels"]["compared"] == after["labels"]["comparable"]
    assert c.get("/api/stories", params={"label": "bogus"}).status_code == 400
    assert "Facts are labelled in" not in c.get("/", params={"label": "single-source"}).text


def test_the_app_can_compare_stories_in_the_background(tmp_path, db):
    copy = _copy(db, tmp_path / "warm.db")
    c = TestClient(create_app(copy, warm=True))
    for _ in range(600):
        known = c.get("/api/stories").json()["labels"]
        if known["compared"] == known["comparable"]:
            break
        time.sleep(0.2)
    assert known["compared"] == known["comparable"] > 0


def _copy(src: Path, dst: Path) -> Path:
    """A consistent copy of a store that other connections may be writing to."""
    import sqlite3

    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


@pytest.mark.parametrize("row, shown", [
    # reports dated one day, events estimated wider (an undated report of an earlier event)
    ({"first_published": "2025-09-12", "last_published": "2025-09-12", "date_range": ["2024-12-01", "2026-12-01"]},
     "2025-09-12 (events ~2024-12-01 – 2026-12-01)"),
    ({"first_published": "2025-09-09", "last_published": "2025-09-12", "date_range": ["2025-09-09", "2025-09-12"]},
     "2025-09-09 – 2025-09-12"),
    ({"first_published": None, "last_published": None, "date_range": ["2024-12-01", "2024-12-31"]},
     "~2024-12-01 – 2024-12-31"),
])
def test_a_storyline_s_span_says_when_its_events_reach_beyond_its_dated_reports(row, shown):
    import re

    from newsweave.web.app import _environment

    html = _environment().from_string('{% from "_macros.html" import span %}{{ span(row) }}').render(row=row)
    assert " ".join(re.sub(r"<[^>]+>", "", html).split()) == shown
