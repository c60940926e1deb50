"""Property-based tests (Hypothesis): random bytes, random Unicode and random metadata through every reader and the
whole pipeline. Whatever comes in: no exception escapes, every failure is a one-line message with its code, each
input is accounted for, ingest is idempotent, and the store stays consistent (``PRAGMA integrity_check``).

The budget is fixed (``max_examples``, derandomized) so ``make test`` takes the same time on every run; the last
test drives the real command line over a folder of such inputs and bounds its memory.
"""

from __future__ import annotations

import csv
import json
import random
import re
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import newsweave
from newsweave.errors import InputError

from .helpers import PARAGRAPH, rss, warc_record
from .test_hostile_input import assert_clean, nw

BUDGET = settings(max_examples=30, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Unicode worth throwing at a parser: controls, invisible and direction characters, surrogates' neighbours,
# combining marks, other scripts, markup and quote characters, newlines.
_NASTY = ("\x00\x07\x1b\x7f\x85\x9b\u00ad\u200b\u200d\u202e\u2066\ufeff\ufffd"
          "\u0301\u0410\u05d0\u4e2d<>&\"'«»„“\n\r\t")
texts = st.text(alphabet=st.one_of(st.characters(codec="utf-8"), st.sampled_from(_NASTY)), max_size=600)
words = st.lists(st.sampled_from(PARAGRAPH.split() + ["Ruiz", "said", '"', "\n\n", "2025-03-04", "Kyiv"]),
                 max_size=120).map(" ".join)
metadata = st.one_of(st.none(), texts, st.sampled_from(["9999-12-31", "0001-01-01", "2025-02-30", "-1", "",
                                                         "\x1b[2J", "=1+2", "2025-03-04T10:00:00Z"]))
encodings = st.sampled_from(["utf-8", "utf-16", "utf-16-le", "latin-1", "cp1251", "utf-32"])


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


@st.composite
def input_files(draw) -> dict[str, bytes]:
    """A handful of files of every kind newsweave reads, with random content where each reader looks."""
    files: dict[str, bytes] = {}
    for i in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["bytes", "text", "prose", "html", "jsonl", "feed", "warc", "gz"]))
        if kind == "bytes":
            files[f"{i}.txt"] = draw(st.binary(max_size=2000))
        elif kind == "text":
            files[f"{i}.txt"] = _encode(draw(texts), draw(encodings))
        elif kind == "prose":
            header = draw(st.sampled_from(["", " date 9999-12-31\n", " date 2025-03-04\n"]))
            files[f"{i}.txt"] = _encode(header + draw(words) + "\n\n" + draw(texts), draw(encodings))
        elif kind == "html":
            body = draw(texts) if draw(st.booleans()) else draw(words)
            cut = draw(st.integers(0, 400))
            page = f"<html><head><title>{draw(texts)}</title></head><body><p>{body}</p><p>{PARAGRAPH}</p>"
            files[f"{i}.html"] = _encode(page[: len(page) - cut], draw(encodings))
        elif kind == "jsonl":
            lines = []
            for _ in range(draw(st.integers(1, 3))):
                record = {k: draw(metadata) for k in ("outlet", "title", "published", "url", "author", "id")}
                record[draw(st.sampled_from(["text", "html", "body"]))] = draw(st.one_of(texts, words))
                lines.append(json.dumps(record) if draw(st.booleans()) else draw(texts).replace("\n", " "))
            files[f"{i}.jsonl"] = "\n".join(lines).encode("utf-8", errors="replace")
        elif kind == "feed":
            items = [(draw(texts).replace("]]>", ""), draw(st.sampled_from(["Mon, 03 Mar 2025 10:00:00 GMT", "x"])),
                      (draw(words) + " " + draw(texts)).replace("]]>", "")) for _ in range(draw(st.integers(0, 3)))]
            feed = rss(items, title=draw(texts).replace("<", ""))
            files[f"{i}.xml"] = feed[: len(feed) - draw(st.integers(0, 200))].encode("utf-8", errors="replace")
        elif kind == "warc":
            record = warc_record(f"https://x.example/{i}", "<html><body><p>" + draw(words) + "</p></body></html>",
                                 gzip=draw(st.booleans()))
            files[f"{i}.warc"] = record[: len(record) - draw(st.integers(0, 60))] + draw(st.binary(max_size=200))
        else:
            import gzip

            data = gzip.compress((draw(words) + "\n\n" + PARAGRAPH).encode())
            files[f"{i}.txt.gz"] = data[: len(data) - draw(st.integers(0, 30))]
    return files


def _sidecar(draw_values: list[str | None], names: list[str], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["path", "outlet", "title", "published"])
        for name, value in zip(names, draw_values):
            w.writerow([name, value or "", value or "", value or ""])


def _integrity(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


@BUDGET
@given(files=input_files(), meta=st.lists(metadata, min_size=4, max_size=4), annotate=st.booleans())
def test_any_input_is_stored_or_reported_in_one_line(files, meta, annotate):
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = root / "in"
        folder.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        sidecar = root / "meta.csv"
        _sidecar(meta, sorted(files), sidecar)
        db = root / "p.db"
        with newsweave.open(db) as corpus:
            report = corpus.ingest([str(folder)], meta=sidecar, annotate=annotate)
            for e in report.failed + report.skipped:
                assert isinstance(e, InputError) and re.fullmatch(r"NW\d{3}", e.code)
                assert "\n" not in str(e) and e.source
            assert len(report.added) + len(report.existing) + len(report.failed) + len(report.skipped) >= 1
            assert corpus.store.count() == len(set(report.added))
            again = corpus.ingest([str(folder)], meta=sidecar, annotate=annotate)
            assert again.added == [] and corpus.store.count() == len(set(report.added))
            assert len(corpus.failures()) == len({(f.source, f.code, f.reason) for f in corpus.failures()})
            for a in corpus.articles():
                for value in (a.outlet, a.title or "", a.text, a.source):
                    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2066-\u2069\ufeff]",
                                         value), value
            if annotate:
                corpus.cluster()
                assert len(corpus.store.unclustered()) == 0
        assert _integrity(db) == "ok"


def _random_folder(folder: Path, seed: int, n: int) -> None:
    """``n`` files of random bytes, random Unicode and random metadata, from a fixed seed."""
    rng = random.Random(seed)
    alphabet = [chr(c) for c in range(0x20, 0x250)] + list(_NASTY) + [chr(c) for c in range(0x400, 0x450)]
    for i in range(n):
        kind = rng.choice(["bytes", "unicode", "jsonl", "prose"])
        if kind == "bytes":
            data = rng.randbytes(rng.randint(0, 5000))
        elif kind == "unicode":
            data = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 3000))).encode(
                rng.choice(["utf-8", "utf-16", "utf-32"]), errors="replace")
        elif kind == "jsonl":
            field = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
            data = json.dumps({"outlet": field, "title": field, "published": field,
                               "text": PARAGRAPH + field}).encode()
        else:
            data = (f"Story {i}\n\n{PARAGRAPH} " + " ".join(rng.choice(PARAGRAPH.split()) for _ in range(200))).encode()
        suffix = ".jsonl" if kind == "jsonl" else rng.choice([".txt", ".html", ".xml", ".warc", ".md"])
        (folder / f"f{i:03}{suffix}").write_bytes(data)


def test_command_line_over_random_inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _random_folder(folder, seed=13, n=60)
    db = tmp_path / "r.db"
    run = nw("ingest", str(folder), "--db", str(db))
    assert run.code in (0, 2), run.stderr_lines
    assert_clean(run)
    assert run.rss_mb < 1500, run.rss_mb
    summary = re.search(r"(\d+) added, (\d+) already in .+, (\d+) failed(?:, (\d+) skipped)?$", run.stderr_lines[-1])
    added, _, failed, skipped = (int(x or 0) for x in summary.groups())
    assert added + failed + int(skipped or 0) >= 60 and added >= 15
    assert len(json.loads(nw("articles", "--db", str(db), "--json").stdout)) == added
    again = nw("ingest", str(folder), "--db", str(db), "--json")
    assert json.loads(again.stdout)["added"] == [] and again.code == run.code
    assert _integrity(db) == "ok"


@pytest.mark.parametrize("seed", [1, 2])
def test_random_bytes_through_each_reader(tmp_path, seed):
    """Every reader (by suffix) on random bytes: each input is one clean line or an article, never a crash."""
    rng = random.Random(seed)
    folder = tmp_path / "in"
    folder.mkdir()
    for suffix in (".txt", ".html", ".xml", ".rss", ".jsonl", ".warc", ".warc.gz", ".txt.gz", ".md", ".atom"):
        (folder / f"r{suffix}").write_bytes(rng.randbytes(rng.randint(1, 3000)))
    with newsweave.open(tmp_path / "b.db") as corpus:
        report = corpus.ingest([str(folder)], annotate=False)
    assert len(report.failed) + len(report.added) + len(report.skipped) >= 10
    assert all("\n" not in str(e) for e in report.failed)
