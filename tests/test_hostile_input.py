"""Hostile input, bounded resources and clean output (issue 13), each case through the real command line: a
``python -m newsweave`` process, its exit code, its one-line messages, what the store kept, and (where the case is
about memory) its peak RSS."""

from __future__ import annotations

import csv
import http.server
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pytest

from .helpers import PARAGRAPH, article_text, warc_record

# A message line: "error: SOURCE: REASON [NWnnn]" (or warning/skipped), nothing else, no traceback.
MESSAGE = re.compile(r"^(error|skipped|warning|hint): .+$|^\d+ added, \d+ already in .+, \d+ failed(, \d+ skipped)?$"
                     r"|^analysed \d+ (story or storyline|stories and storylines) \(\d+ answers? kept\) in [\d.]+ s$")
CODE = re.compile(r"\[NW\d{3}\]$")
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

# Peak RSS of the process itself, from VmHWM: ru_maxrss would also count the parent's memory at the fork (Linux
# carries the old address space's peak across exec), and pytest holds spaCy's models.
_RSS_PROBE = ("import atexit, re, sys\n"
              "atexit.register(lambda: sys.stderr.write('\\nMAXRSS ' + re.search(r'VmHWM:\\s+(\\d+)', "
              "open('/proc/self/status').read()).group(1) + '\\n'))\n"
              "from newsweave.cli import app\n"
              "app(prog_name='newsweave')\n")


class Run:
    def __init__(self, proc: subprocess.CompletedProcess, seconds: float):
        self.code = proc.returncode
        self.stdout = proc.stdout
        lines = proc.stderr.splitlines()
        self.rss_mb = next((int(x.split()[1]) / 1024 for x in lines if x.startswith("MAXRSS ")), None)
        self.stderr_lines = [x for x in lines if x.strip() and not x.startswith("MAXRSS ")]
        self.seconds = seconds

    def lines_about(self, text: str) -> list[str]:
        return [x for x in self.stderr_lines if text in x]


def nw(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 300) -> Run:
    """Run ``newsweave ARGS`` in a fresh process, as a user would."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _RSS_PROBE, *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, **(env or {})}, timeout=timeout)
    return Run(proc, time.perf_counter() - start)


def assert_clean(run: Run) -> None:
    """No traceback; every stderr line is a one-line message (errors and skips with their code)."""
    assert "Traceback" not in "\n".join(run.stderr_lines), run.stderr_lines
    for line in run.stderr_lines:
        assert MESSAGE.match(line), line
        if line.startswith(("error:", "skipped:")):
            assert CODE.search(line), line


def ids(db: Path) -> list[int]:
    return [a["id"] for a in json.loads(nw("articles", "--db", str(db), "--json").stdout)]


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


# --- 1. dates outside a sane window ---------------------------------------------------------------------------
@pytest.mark.parametrize("header", ["9999-12-31", "0001-01-01"])
def test_implausible_date_header_is_not_a_date_and_blocks_nothing(tmp_path, header):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(f" date {header}\n" + article_text(1))
    (folder / "b.txt").write_text(article_text(1))
    (folder / "c.txt").write_text(article_text(2, "Storm closes the coast road"))
    db = tmp_path / "d.db"
    first = nw("ingest", str(folder), "--db", str(db), "--no-annotate")
    assert first.code == 0, first.stderr_lines
    assert_clean(first)
    assert first.lines_about(f"implausible publication date {header}")
    assert nw("cluster", "--db", str(db)).code == 0
    again = nw("ingest", str(folder), "--db", str(db))
    assert again.code == 0 and again.lines_about("0 added, 3 already in")
    a = json.loads(nw("show", "1", "--db", str(db), "--json").stdout)[0]
    assert a["published"] is None
    assert integrity(db) == "ok"


# --- 2. annotation memory does not grow with the article --------------------------------------------------
def test_long_article_is_annotated_in_flat_memory(tmp_path):
    text = ('"The harbour will reopen," Mayor Ana Ruiz said on Monday. ' + PARAGRAPH + "\n\n") * 1800
    (tmp_path / "long.txt").write_text("Harbour reopens\n\n" + text)  # ~410,000 characters
    run = nw("ingest", str(tmp_path / "long.txt"), "--db", str(tmp_path / "l.db"))
    assert run.code == 0 and run.lines_about("1 added")
    assert_clean(run)
    # Before segments were let go and batched by characters, 400k characters took ~2 GB; the models alone
    # take ~0.8 GB (benchmarks/memory.py).
    assert run.rss_mb < 1400, run.rss_mb
    quotes = json.loads(nw("quotes", "--db", str(tmp_path / "l.db"), "--json").stdout)
    assert quotes and max(q["content"]["end"] for q in quotes) > len(text) - 1000  # the end was annotated too


def test_annotation_stops_at_its_character_limit(monkeypatch):
    from newsweave.nlp import pipeline as nlp

    monkeypatch.setattr(nlp, "MAX_ANNOTATE_CHARS", 400)
    text = ('"We will reopen the pier," Mayor Ana Ruiz said. ' * 30).strip()
    ann = next(nlp.annotate_many([(text, None, None)]))
    assert ann.quotes and all(q.content.end <= 400 for q in ann.quotes)
    assert any("only the first 400" in w for w in ann.warnings)


# --- 3. a WARC header line of hundreds of MB ---------------------------------------------------------------
def test_warc_header_is_bounded(tmp_path):
    gz = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [gz.compress(b"WARC/1.0\r\nWARC-Type: response\r\nX-Filler: ")]
    block = b"a" * (1 << 20)
    parts += [gz.compress(block) for _ in range(300)]  # a 300 MB header line in a ~300 kB gzip member
    parts += [gz.compress(b"\r\n\r\n"), gz.flush()]
    path = tmp_path / "crafted.warc.gz"
    path.write_bytes(b"".join(parts) + warc_record("https://coast.example/ok", "<html><body><article><p>"
                                                   + PARAGRAPH + "</p><p>" + PARAGRAPH + "</p></article>"
                                                   "</body></html>", gzip=True))
    run = nw("ingest", str(path), "--db", str(tmp_path / "w.db"), "--no-annotate")
    assert run.code == 2
    assert_clean(run)
    (line,) = run.lines_about("record headers longer than")
    assert line.startswith(f"error: {path}@0:") and line.endswith("[NW103]")
    assert run.lines_about("1 added")  # the record after it is kept
    assert run.rss_mb < 700 and run.seconds < 60, (run.rss_mb, run.seconds)


# --- 4. special files, symbolic links ------------------------------------------------------------------------
def test_device_named_explicitly_is_read_only_up_to_the_limit(tmp_path):
    (tmp_path / "ok.txt").write_text(article_text(1))
    run = nw("ingest", "/dev/zero", str(tmp_path / "ok.txt"), "--db", str(tmp_path / "z.db"), "--no-annotate",
             "--max-bytes", "1000000")
    assert run.code == 2
    assert_clean(run)
    assert run.lines_about("error: /dev/zero: larger than the") and run.lines_about("1 added")
    assert run.rss_mb < 500


def test_folder_walk_keeps_to_regular_files_inside_it(tmp_path):
    outside = tmp_path / "outside.txt"
    outside.write_text(article_text(9, "Secret outside the folder"))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.txt").write_text(article_text(1))
    (folder / "inner.txt").symlink_to(folder / "ok.txt")
    (folder / "status.txt").symlink_to("/proc/self/status")
    (folder / "out.txt").symlink_to(outside)
    os.mkfifo(folder / "pipe.txt")
    db = tmp_path / "s.db"
    run = nw("ingest", str(folder), "--db", str(db), "--no-annotate", timeout=60)
    assert run.code == 0, run.stderr_lines  # passed-over entries are skips, not failures
    assert_clean(run)
    assert run.lines_about("status.txt: symbolic link to /proc/") and run.lines_about("[NW109]")
    assert run.lines_about("out.txt: symbolic link to") and run.lines_about("pipe.txt: not a regular file (FIFO)")
    arts = json.loads(nw("articles", "--db", str(db), "--json").stdout)
    assert [a["title"] for a in arts] == ["Pier number 1 opens to ferries"]  # the link inside is the same text


def test_fifo_named_explicitly_is_read(tmp_path):
    fifo = tmp_path / "feed.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(article_text(3)))
    writer.start()
    run = nw("ingest", str(fifo), "--db", str(tmp_path / "f.db"), "--no-annotate", timeout=60)
    writer.join()
    assert run.code == 0 and run.lines_about("1 added")


def test_warc_fifo_is_refused_with_its_code(tmp_path):
    fifo = tmp_path / "a.warc"
    os.mkfifo(fifo)
    run = nw("ingest", str(fifo), "--db", str(tmp_path / "f.db"), "--no-annotate", timeout=60)
    assert run.code == 2
    assert_clean(run)
    assert run.lines_about("must be a regular file, not a FIFO") and run.lines_about("[NW108]")


# --- 5. terminal escapes ---------------------------------------------------------------------------------------
EVIL = "Evil\x1b[2J\x1b]0;owned\x07 News\u202e"
READ_COMMANDS = [["articles"], ["show", "1"], ["search", "pier"], ["quotes"], ["entities"], ["stories"],
                 ["story", "1"], ["duplicates"], ["brief", "1"], ["brief", "1", "--format", "markdown"],
                 ["compare", "1"], ["claims", "1"], ["timeline", "1"], ["failures"], ["storylines"]]


@pytest.fixture(scope="module")
def evil_store(tmp_path_factory) -> Path:
    """A store holding escapes: ingested through the normalisation step, then written raw into its rows (as a
    store from an older version would hold them), so output escaping is tested on its own."""
    tmp = tmp_path_factory.mktemp("evil")
    folder = tmp / "in"
    folder.mkdir()
    name = "x\x1b[2Jy\u202e.txt"
    body = f'Pier opens\n\n"We will open the pier," said Mayor Ana\u200d Ruiz of {EVIL}.\n\n{PARAGRAPH}\n'
    (folder / name).write_text(body)
    (folder / "copy.txt").write_text(body)
    db = tmp / "evil.db"
    run = nw("ingest", str(folder), "--db", str(db), "--outlet", EVIL)
    assert run.code == 0, run.stderr_lines
    assert "\x1b" not in "\n".join(run.stderr_lines)
    with sqlite3.connect(db) as conn:
        assert "\x1b" not in json.dumps(conn.execute("SELECT outlet, source, title, text FROM articles").fetchall())
        conn.execute("UPDATE articles SET outlet = ?, title = ? || title", (EVIL, EVIL))
        conn.execute("UPDATE quotes SET speaker = ?", (EVIL,))
        conn.execute("INSERT INTO failures (source, code, reason, at) VALUES (?, 'NW104', ?, 'now')", (EVIL, EVIL))
    return db


@pytest.mark.parametrize("command", READ_COMMANDS, ids=" ".join)
def test_no_command_prints_terminal_controls(evil_store, command):
    run = nw(*command, "--db", str(evil_store))
    assert run.code == 0, run.stderr_lines
    shown = run.stdout + "\n".join(run.stderr_lines)
    assert not UNSAFE.search(shown), repr(UNSAFE.search(shown))
    if command[0] in ("articles", "show", "stories"):
        assert "Evil\\x1b[2J" in shown  # shown, not obeyed


@pytest.mark.parametrize("command", [["articles"], ["quotes"], ["stories"], ["failures"]], ids=" ".join)
def test_json_output_escapes_controls_and_keeps_data(evil_store, command):
    run = nw(*command, "--db", str(evil_store), "--json")
    assert not UNSAFE.search(run.stdout)
    assert EVIL in run.stdout.encode().decode("unicode_escape", errors="ignore") or EVIL in json.dumps(
        json.loads(run.stdout), ensure_ascii=False)


def test_normalisation_folds_invisible_characters_into_one_speaker(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text('Talks stall\n\n"Talks are on pause," Dmitry Pes\u200dkov told reporters on '
                                  "Friday.\n\n" + PARAGRAPH + "\n")
    (folder / "b.txt").write_text('Kremlin speaks\n\n"We remain open to talks," Dmitry Peskov said on '
                                  "Friday.\n\n\ufeffDonald Trump spoke to reporters later.\n")
    db = tmp_path / "n.db"
    assert nw("ingest", str(folder), "--db", str(db)).code == 0
    speakers = {q["speaker"] for q in json.loads(nw("quotes", "--db", str(db), "--json").stdout)}
    assert {s for s in speakers if "kov" in s} == {"Dmitry Peskov"}
    people = {e["name"]: e["type"] for e in json.loads(nw("entities", "--db", str(db), "--json").stdout)}
    assert people.get("Donald Trump") == "person" and not any("\ufeff" in n or "\u200d" in n for n in people)


def test_nul_every_third_byte_is_not_decoded_as_utf16(tmp_path):
    raw = (PARAGRAPH * 3).encode()
    data = b"\xff\xfe" + b"".join(raw[i:i + 2] + b"\x00" for i in range(0, len(raw), 2))
    (tmp_path / "odd.txt").write_bytes(data)
    run = nw("ingest", str(tmp_path / "odd.txt"), "--db", str(tmp_path / "u.db"), "--no-annotate")
    assert run.code == 2
    assert_clean(run)
    assert run.lines_about("do not decode as utf-16-le text") and run.lines_about("[NW102]")


# --- 6. CSV cells a spreadsheet would run --------------------------------------------------------------------
def test_csv_exports_defuse_formulas(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    meta = tmp_path / "meta.csv"
    with meta.open("w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["path", "title"])
        for i, title in enumerate(['=HYPERLINK("http://evil.example","click")', "=1+2", "-2+3", "@SUM(A1:A9)"]):
            (folder / f"{i}.txt").write_text(f"{PARAGRAPH} Pier {i}.\n")
            w.writerow([f"{i}.txt", title])
    db = tmp_path / "c.db"
    assert nw("ingest", str(folder), "--db", str(db), "--outlet", "+Formula Times", "--meta", str(meta),
              "--no-annotate").code == 0
    out = tmp_path / "a.csv"
    assert nw("export", "--out", str(out), "--db", str(db)).code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert sorted(r["title"] for r in rows) == ["'-2+3", "'=1+2", "'=HYPERLINK(\"http://evil.example\",\"click\")",
                                                "'@SUM(A1:A9)"]
    assert {r["outlet"] for r in rows} == {"'+Formula Times"}
    jsonl = tmp_path / "a.jsonl"
    assert nw("export", "--out", str(jsonl), "--db", str(db)).code == 0
    assert "=1+2" in {json.loads(x)["title"] for x in jsonl.read_text().splitlines()}  # data itself unchanged


# --- 7. a server that trickles bytes -----------------------------------------------------------------------
class _Trickle(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - the http.server API
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(120):
                self.wfile.write(b"<")
                self.wfile.flush()
                time.sleep(0.25)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


def test_fetch_time_is_bounded_in_all(tmp_path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/slow"
        (tmp_path / "ok.txt").write_text(article_text(1))
        run = nw("ingest", url, str(tmp_path / "ok.txt"), "--db", str(tmp_path / "t.db"), "--no-annotate",
                 "--fetch-timeout", "2")
    finally:
        server.shutdown()
    assert run.code == 2 and run.seconds < 20, run.seconds
    assert_clean(run)
    assert run.lines_about(f"error: {url}: timed out after 2 s") and run.lines_about("1 added")


# --- 8. store errors --------------------------------------------------------------------------------------
def test_locked_store_is_waited_for_then_one_line_error(tmp_path):
    db = tmp_path / "k.db"
    (tmp_path / "a.txt").write_text(article_text(1))
    (tmp_path / "b.txt").write_text(article_text(2))
    assert nw("ingest", str(tmp_path / "a.txt"), "--db", str(db), "--no-annotate").code == 0
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    try:
        run = nw("--lock-timeout", "1", "ingest", str(tmp_path / "b.txt"), "--db", str(db), "--no-annotate")
        release = threading.Timer(2.0, lambda: holder.execute("COMMIT"))
        release.start()
        waited = nw("ingest", str(tmp_path / "b.txt"), "--db", str(db), "--no-annotate",
                    env={"NEWSWEAVE_LOCK_TIMEOUT": "30"})
        release.join()
    finally:
        holder.close()
    assert run.code == 1 and run.seconds < 20
    assert run.stderr_lines == [line for line in run.stderr_lines if "[NW202]" in line] and run.stderr_lines
    assert "is locked by another process (waited 1 s" in run.stderr_lines[0]
    assert waited.code == 0 and waited.lines_about("1 added")
    assert len(ids(db)) == 2 and integrity(db) == "ok"


def test_corrupt_and_missing_stores(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database " * 100)
    run = nw("articles", "--db", str(bad))
    assert run.code == 1 and len(run.stderr_lines) == 1 and run.stderr_lines[0].endswith("") \
        and "[NW203]" in run.stderr_lines[0]
    missing = tmp_path / "typo.db"
    for command in (["articles"], ["stories"], ["search", "x"], ["cluster"]):
        run = nw(*command, "--db", str(missing))
        assert run.code == 1 and "[NW206]" in run.stderr_lines[0] and "no database at" in run.stderr_lines[0]
    assert not missing.exists()


def test_full_disk_is_a_store_error_and_keeps_earlier_batches(tmp_path):
    import newsweave
    from newsweave.errors import StoreFull

    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(40):
        (folder / f"{i:02}.txt").write_text(article_text(i) + ("Filler sentence for size. " * 400))
    corpus = newsweave.open(tmp_path / "full.db")
    corpus.ingest([str(folder / "00.txt")], annotate=False)
    pages = corpus.store.conn.execute("PRAGMA page_count").fetchone()[0]
    corpus.store.conn.execute(f"PRAGMA max_page_count = {pages + 40}")
    with pytest.raises(StoreFull) as raised:
        corpus.ingest([str(folder)], annotate=False, options=newsweave.Options(batch_size=4))
    assert raised.value.code == "NW205" and "disk is full" in raised.value.message
    kept = corpus.store.count()
    assert 1 < kept < 40 and kept % 4 == 1  # whole batches only
    corpus.close()
    assert integrity(tmp_path / "full.db") == "ok"


# --- 9. feed items that are one paragraph or bare text ----------------------------------------------------
def test_feed_items_without_paragraph_markup_are_articles(tmp_path):
    from .helpers import rss

    sentences = [f"The port authority said on Monday that crossing number {i} would reopen after repairs. "
                 for i in range(30)]
    bodies = ["".join(sentences[:3]), "<div>" + "".join(sentences[:6]) + "</div>",
              "".join(sentences[:14]), "<span>" + "".join(sentences[:4]) + "</span><br>More to follow.",
              "<p>" + "".join(sentences[:10]) + "</p>"]
    items = [(f"Crossing news {i}", "Mon, 03 Mar 2025 10:00:00 GMT", b) for i, b in enumerate(bodies)]
    items += [(f"Item {i}", "Tue, 04 Mar 2025 10:00:00 GMT", sentences[i % 30] * 3 + f" Number {i}.")
              for i in range(300)]
    (tmp_path / "feed.xml").write_text(rss(items))
    db = tmp_path / "feed.db"
    run = nw("ingest", str(tmp_path / "feed.xml"), "--db", str(db), "--no-annotate")
    assert run.code == 0, run.stderr_lines[:3]
    assert run.lines_about("305 added, 0 already in")
    first = json.loads(nw("show", "1", "--db", str(db), "--json").stdout)[0]
    assert first["text"] == "".join(sentences[:3]).strip() and first["published"] == "2025-03-03"


# --- 11. nothing runs across block boundaries ---------------------------------------------------------------
def test_entities_and_claim_sentences_stay_inside_their_block(tmp_path):
    (tmp_path / "a.txt").write_text("Talks stall\n\nTalks with Volodymyr Zelenskyy\n\nVladimir Putin said nothing new on "
                                    "Friday.\n\nWhat's the story\n\nThe council approved 3 new schools on Monday.\n")
    db = tmp_path / "b.db"
    assert nw("ingest", str(tmp_path / "a.txt"), "--db", str(db)).code == 0
    names = [e["name"] for e in json.loads(nw("entities", "--db", str(db), "--json").stdout)]
    assert names and not any("\n" in n for n in names)
    assert nw("export", "--what", "claims", "--out", str(tmp_path / "c.jsonl"), "--db", str(db)).code == 0
    sentences = [json.loads(x)["sentence"]["text"] for x in (tmp_path / "c.jsonl").read_text().splitlines()]
    assert "The council approved 3 new schools on Monday." in sentences
    assert not any(s.startswith("What's the story") or "\n" in s for s in sentences)


# --- 12. failures once per input and reason -------------------------------------------------------------
def test_failures_do_not_pile_up(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "empty.txt").write_text("")
    (folder / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    db = tmp_path / "f.db"
    for _ in range(3):
        assert nw("ingest", str(folder), "--db", str(db), "--no-annotate").code == 2
    failures = json.loads(nw("failures", "--db", str(db), "--json").stdout)
    assert sorted((f["code"], f["times"]) for f in failures) == [("NW101", 3), ("NW102", 3)]
