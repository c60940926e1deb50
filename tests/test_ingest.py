"""Ingest as a whole: a batch of bad inputs, idempotence, and a real SIGKILL mid-run."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsweave
from newsweave.cli import app

from .helpers import BROKEN_WARC_RECORD, ENTITY_BOMB_FEED, article_html, article_text, warc_record

CYRILLIC = "Министр заявил в понедельник, что новый причал откроется весной. " * 5


@pytest.fixture
def bad_batch(tmp_path: Path) -> Path:
    d = tmp_path / "batch"
    d.mkdir()
    (d / "good1.txt").write_text(article_text(1))
    (d / "good2.html").write_text(article_html(2))
    (d / "empty.txt").write_bytes(b"")
    (d / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    (d / "latin1-slip.txt").write_bytes(article_text(3).encode() + b"caf\xe9 au lait.\n")
    (d / "cp1251.txt").write_bytes(("Причал открыт\n\n" + CYRILLIC).encode("cp1251"))
    (d / "utf16.txt").write_bytes(("Pier 4 opens\n\n" + article_text(4)).encode("utf-16"))
    (d / "truncated.html").write_text(article_html(5)[:-60])
    (d / "bomb.rss").write_text(ENTITY_BOMB_FEED)
    (d / "mixed.warc").write_bytes(warc_record("https://a.example/6", article_html(6)) + BROKEN_WARC_RECORD
                                   + warc_record("https://a.example/7", article_html(7)))
    (d / "records.jsonl").write_text(json.dumps({"text": article_text(8)}) + "\n{oops\n"
                                     + json.dumps({"text": article_text(9)}) + "\n")
    return d


def test_bad_batch_goes_on_and_exits_2(bad_batch, tmp_path):
    db = tmp_path / "b.db"
    result = CliRunner().invoke(app, ["ingest", str(bad_batch), "--db", str(db)])
    assert result.exit_code == 2, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    expected_failures = ["empty.txt", "image.txt", "bomb.rss", "mixed.warc@", "records.jsonl:2"]
    assert len(errors) == len(expected_failures), errors
    for name in expected_failures:
        assert sum(name in e for e in errors) == 1, (name, errors)
    with newsweave.open(db) as c:
        arts = {Path(a.source).name + (f"@{a.origin.offset}" if a.origin.format == "jsonl" else ""): a
                for a in c.articles()}
        assert len(c) == 10
        assert any("replaced" in w for w in arts["latin1-slip.txt"].warnings)  # decoded with a warning, kept
        assert "Министр" in arts["cp1251.txt"].text and arts["cp1251.txt"].encoding == "cp1251"
        assert "ferries" in arts["utf16.txt"].text
        assert "Officials expect" in arts["truncated.html"].text
        assert len(c.failures()) == len(expected_failures)


def test_warning_lines_name_the_input(bad_batch, tmp_path):
    result = CliRunner().invoke(app, ["ingest", str(bad_batch / "latin1-slip.txt"), "--db", str(tmp_path / "w.db")])
    assert result.exit_code == 0
    assert "warning: " + str(bad_batch / "latin1-slip.txt") in result.stderr


def test_reingest_changes_nothing(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    for i in range(5):
        (d / f"{i}.txt").write_text(article_text(i))
    with newsweave.open(tmp_path / "i.db") as c:
        first = c.ingest([str(d)])
        snapshot = [(a.id, a.content_hash, a.text) for a in c.articles()]
        second = c.ingest([str(d)])
        assert len(first.added) == 5 and not second.added and sorted(second.existing) == sorted(first.added)
        assert [(a.id, a.content_hash, a.text) for a in c.articles()] == snapshot


def test_same_bytes_from_two_named_outlets_are_two_articles(tmp_path):
    p = tmp_path / "wire.txt"
    p.write_text(article_text(1))
    with newsweave.open(tmp_path / "o.db") as c:
        c.ingest([str(p)], outlet="Coast News")
        c.ingest([str(p)], outlet="Harbour Herald")
        c.ingest([str(p)], outlet="Coast News")
        assert sorted(a.outlet for a in c.articles()) == ["Coast News", "Harbour Herald"]


def _count(db: Path) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def _children(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (Linux /proc)."""
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _alive(pids: list[int]) -> list[int]:
    """Those of ``pids`` still running (not gone, not a zombie)."""
    out = []
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            out.append(pid)
    return out


@pytest.mark.slow
def test_sigkill_mid_run_then_resume(tmp_path):
    n = 3000
    d = tmp_path / "many"
    d.mkdir()
    for i in range(n):
        (d / f"{i:05d}.txt").write_text(article_text(i))
    db = tmp_path / "k.db"
    cmd = [sys.executable, "-m", "newsweave.cli", "ingest", str(d), "--db", str(db), "--quiet", "--batch-size", "50",
           "--no-analyse"]  # a bulk load: the kill and resume are what is tested
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while _count(db) < 200 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.02)
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    killed_at = _count(db)
    # its worker processes leave with it instead of hanging on, each holding its models' memory
    deadline = time.time() + 10
    while _alive(workers) and time.time() < deadline:
        time.sleep(0.1)
    assert not _alive(workers), f"workers {_alive(workers)} outlived the killed driver"
    assert 0 < killed_at < n, f"the kill did not land mid-run ({killed_at} of {n})"
    assert killed_at % 50 == 0, "a batch is all or nothing"
    assert subprocess.run(cmd).returncode == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == n
        assert conn.execute("SELECT count(DISTINCT content_hash) FROM articles").fetchone()[0] == n
        assert conn.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'ferries'").fetchone()[0] == n
        # annotations were written in the same transactions: one per article, none doubled by the re-run
        assert conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == n
        assert conn.execute("SELECT count(*) FROM quotes").fetchone()[0] >= n
        assert conn.execute("SELECT count(*) FROM (SELECT 1 FROM quotes GROUP BY article_id, content_start "
                            "HAVING count(*) > 1)").fetchone()[0] == 0


@pytest.mark.slow
def test_concurrent_ingests_into_one_new_sqlite_store_wait_for_each_other(tmp_path):
    """Four processes ingest overlapping sets into one store that none has created yet, while a reader
    queries it: writers wait for the lock instead of failing, and every article is stored exactly once."""
    n = 48
    d = tmp_path / "all"
    d.mkdir()
    files = []
    for i in range(n):
        (d / f"{i:03d}.txt").write_text(article_text(i, f"Pier {i} in harbour {i % 5} opens to ferries"))
        files.append(str(d / f"{i:03d}.txt"))
    db = tmp_path / "shared.db"
    parts = [files[:24], files[12:36], files[24:], files[:12] + files[36:]]  # each article in two parts
    # eight processes on the machine's cores: on a loaded machine a writer may wait past the default minute
    cmd = [sys.executable, "-m", "newsweave.cli", "--lock-timeout", "300", "ingest", "--db", str(db), "--quiet",
           "--workers", "1", "--batch-size", "4", "--outlet", "Coast News"]
    procs = [subprocess.Popen(cmd + part, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
             for part in parts]
    reads, read_errors = 0, []
    while any(p.poll() is None for p in procs):
        if db.exists():
            try:
                with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30) as conn:
                    conn.execute("SELECT count(*) FROM articles").fetchone()
                    reads += 1
            except sqlite3.OperationalError as e:  # the schema may not be there yet in the first moments
                if "no such table" not in str(e):
                    read_errors.append(str(e))
        time.sleep(0.05)
    errors = [p.stderr.read() for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0, 0], errors
    assert not any("locked" in e for e in errors) and not read_errors and reads
    with newsweave.open(db) as c:
        articles = c.articles()
        assert len(articles) == n and len({a.content_hash for a in articles}) == n
        assert sorted(a.id for s in c.stories() for a in s.articles) == sorted(a.id for a in articles)
        assert c.store.conn.execute("SELECT count(*) FROM annotations").fetchone()[0] == n


@pytest.mark.slow
def test_100mb_file_is_refused_in_bounded_memory(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:
        chunk = (article_text(1) * 200).encode()
        while f.tell() < 100 * 1024 * 1024:
            f.write(chunk)
    (tmp_path / "ok.txt").write_text(article_text(2))
    probe = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
             "print(r.returncode); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); "
             "print(r.stderr, file=sys.stderr)")
    # --no-annotate: this measures reading; the spaCy model alone takes ~150 MB once annotation starts
    cmd = [sys.executable, "-c", probe, sys.executable, "-m", "newsweave.cli", "ingest", str(big),
           str(tmp_path / "ok.txt"), "--db", str(tmp_path / "m.db"), "--no-annotate"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    code, peak_kb = map(int, result.stdout.split())
    assert code == 2
    assert f"error: {big}: 100 MB is larger than the 20 MB limit" in result.stderr
    assert peak_kb < 250_000, f"peak memory {peak_kb} kB"
    assert _count(tmp_path / "m.db") == 1
