"""The PostgreSQL backend on a real server started on 127.0.0.1: the same results as SQLite, full-text search on
a GIN index, writers taking turns, a server restart in the middle of an ingest, and four concurrent ingests."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from dataclasses import replace

import pytest

import newsweave
from newsweave.errors import StoreLocked
from newsweave.settings import Options
from newsweave.store import Store
from newsweave.store.postgres import display, translate

from .conftest import EXAMPLES, TODAY
from .helpers import article_text


def test_sql_is_translated_outside_quotes_only():
    sql = "SELECT x FROM t WHERE a LIKE ? ESCAPE '\\' AND b = '?%' AND \"c?\" = ? CROSS JOIN u ON u.x = t.x"
    assert translate(sql, True) == ("SELECT x FROM t WHERE a ILIKE %s ESCAPE '\\' AND b = '?%%' AND \"c?\" = %s "
                                    "JOIN u ON u.x = t.x")
    assert translate("SELECT 1 WHERE 'a%' LIKE 'a%'", False) == "SELECT 1 WHERE 'a%' ILIKE 'a%'"


def test_password_is_not_shown():
    assert display("postgresql://nw:s3cret@db.example:5432/news") == "postgresql://nw:***@db.example:5432/news"
    assert display("postgresql://nw@127.0.0.1/news") == "postgresql://nw@127.0.0.1/news"


def _summary(c) -> dict:
    s = c.store
    return {
        "articles": [(a.id, a.outlet, a.title, a.text, a.date) for a in c.articles()],
        "stories": s.story_rows(),
        "entities": [(e.id, e.name, e.type, e.aliases, e.mentions) for e in s.entities()],
        "quotes": [(q.id, q.speaker, q.content.text, q.confidence) for q in s.quotes()],
        "claims": [(x.id, x.claim.value, x.claim.unit) for x in s.claims()],
        "duplicates": s.duplicate_groups(),
        "search": sorted(h.article.id for h in s.search("harbour")),
        "compare": c.compare(1),
        "timeline": c.timeline("L1"),
        "members": s.events_members([row.id for row in s.story_rows()]),
        "compared": (c.compare_all(), sorted(c.compared()), sorted(r.id for r in c.story_rows(label="corroborated"))),
        "analysed": (c.unanalysed(min_articles=2), c.analyse(c.unanalysed(min_articles=2)), c.unanalysed(2),
                     c.view("brief", "L1")),
    }


def test_same_corpus_same_results_on_both_backends(tmp_path, postgres_url):
    results = []
    for db in (str(tmp_path / "a.db"), postgres_url):
        with newsweave.open(db) as c:
            c.ingest([str(EXAMPLES / "corpus")], meta=EXAMPLES / "meta.csv", today=TODAY)
            results.append(_summary(c))
    sqlite, pg = results
    assert pg["articles"] and pg["stories"] and pg["quotes"] and pg["search"] and pg["members"] and pg["compared"][1]
    assert pg["analysed"][0] and pg["analysed"][1] and not pg["analysed"][2]  # analysed ahead, nothing left
    for key in sqlite:
        assert pg[key] == sqlite[key], key


def test_full_text_search_uses_a_gin_index_and_synonyms(postgres_url):
    with newsweave.open(postgres_url) as c:
        c.ingest([str(EXAMPLES / "corpus")], meta=EXAMPLES / "meta.csv", today=TODAY, annotate=False)
        index = c.store.conn.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'articles_fts' "
                                     "AND schemaname = current_schema()").fetchone()[0]
        assert "USING gin (fts)" in index
        plain = {h.article.id for h in c.store.search("harbour")}
        either = {h.article.id for h in c.store.search("harbour", synonyms={"harbour": ["dam"]})}
        assert plain and plain < either
        assert c.store.search("NEAR( OR AND * & | !") == []  # tsquery operators are words, never syntax


def test_writers_take_turns_and_a_long_wait_is_a_clear_error(postgres_url):
    first, second = Store(postgres_url), Store(postgres_url, lock_timeout=0.5)
    with first.atomic():
        started = time.monotonic()
        with pytest.raises(StoreLocked) as raised:
            with second.atomic():
                pass
        assert 0.4 < time.monotonic() - started < 5
    assert raised.value.code == "NW202"
    with second.atomic():  # the first writer is done: the second goes ahead
        second.add_failure("x", "NW101", "empty")
    assert len(first.failures()) == 1
    first.close(), second.close()


def _texts(tmp_path, n: int, name: str = "in") -> list[str]:
    d = tmp_path / name
    d.mkdir()
    files = []
    for i in range(n):
        (d / f"{i:03d}.txt").write_text(article_text(i, f"Pier {i} in harbour {i % 5} opens to ferries"))
        files.append(str(d / f"{i:03d}.txt"))
    return files


def _assert_each_once(c, n: int) -> None:
    articles = c.articles()
    assert len(articles) == n and len({a.content_hash for a in articles}) == n
    in_stories = sorted(a.id for s in c.stories() for a in s.articles)
    assert in_stories == sorted(a.id for a in articles)  # each article in exactly one story
    assert c.store.conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == n


def test_server_restarted_during_ingest_the_run_retries_and_completes(tmp_path, postgres_server):
    url = postgres_server.new_url()
    files = _texts(tmp_path, 40)
    done: dict = {}

    def run():
        with newsweave.open(url) as c:
            try:
                done["report"] = c.ingest(files, options=replace(Options(), batch_size=2), today=TODAY, workers=1)
            except Exception as e:  # noqa: BLE001 - reported by the assertion below
                done["error"] = e

    thread = threading.Thread(target=run)
    thread.start()
    with Store(url) as watcher:
        deadline = time.monotonic() + 120
        while watcher.count() < 4 and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        written_before = watcher.count()
        postgres_server.restart()   # drops every connection, the ingest's mid-batch among them
    thread.join(timeout=300)
    assert "error" not in done, done.get("error")
    assert 4 <= written_before < 40, "the restart came too late to interrupt the run"
    assert len(done["report"].added) == 40 and not done["report"].failed
    with newsweave.open(url) as c:
        _assert_each_once(c, 40)


def test_four_concurrent_ingests_and_a_reader(tmp_path, postgres_url):
    n = 48
    files = _texts(tmp_path, n)
    parts = [files[:24], files[12:36], files[24:], files[:12] + files[36:]]  # each article in two parts
    cmd = [sys.executable, "-m", "newsweave.cli", "ingest", "--db", postgres_url, "--quiet", "--workers", "1",
           "--batch-size", "4", "--outlet", "Coast News"]
    procs = [subprocess.Popen(cmd + part, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for part in parts]
    reads, latencies = 0, []
    with Store(postgres_url) as reader:
        while any(p.poll() is None for p in procs):
            started = time.perf_counter()
            reader.story_rows()
            reader.search_ids("ferries")
            latencies.append(time.perf_counter() - started)
            reads += 1
            time.sleep(0.05)
    errors = [p.stderr.read() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    assert reads and sorted(latencies)[len(latencies) // 2] < 1.0
    with newsweave.open(postgres_url) as c:
        _assert_each_once(c, n)


def test_web_app_serves_a_postgresql_store_as_it_serves_sqlite(tmp_path, postgres_url):
    from fastapi.testclient import TestClient

    from newsweave.web.app import create_app

    pages = []
    for db in (str(tmp_path / "w.db"), postgres_url):
        with newsweave.open(db) as c:
            c.ingest([str(EXAMPLES / "corpus")], meta=EXAMPLES / "meta.csv", today=TODAY)
        client = TestClient(create_app(db))
        stories = client.get("/api/stories").json()
        first = stories["stories"][0]["id"]
        story = client.get(f"/api/stories/{first}")
        assert story.status_code == 200 and client.get(f"/stories/{first}").status_code == 200
        pages.append((stories, story.json()))
    assert pages[0] == pages[1]
