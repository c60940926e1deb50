"""Where the per-article work runs (engine.py): worker processes give the store one process would."""

from __future__ import annotations

import json

import pytest

import newsweave
from newsweave.engine import Engine, Prepared, prepare
from newsweave.settings import default_workers
from newsweave.errors import UsageError
from newsweave.model import Hints, Origin, RawDocument
from newsweave.settings import Options

from .conftest import TODAY
from .helpers import article_text


def _raw(n: int, text: str | None = None) -> RawDocument:
    data = (text if text is not None else article_text(n)).encode()
    return RawDocument(Origin(f"mem/{n}.txt", "text"), data, "text", Hints(outlet="Coast News"))


def test_prepare_keeps_going_past_a_bad_document():
    out = prepare([_raw(1), _raw(2, ""), _raw(3)], Options(), TODAY, annotate=False)
    assert [p.article is not None for p in out] == [True, False, True]
    failure = out[1].failure()
    assert failure is not None and failure.source == "mem/2.txt" and failure.code.startswith("NW1")
    assert Prepared(_raw(4)).failure() is None and default_workers() >= 1


def test_one_batch_runs_here_and_more_run_in_order(monkeypatch):
    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started for one batch")

    monkeypatch.setattr("newsweave.engine.ProcessPoolExecutor", no_pool)
    engine = Engine(4, Options(), TODAY, annotate=False)
    assert [len(b) for b in engine.map([[_raw(1), _raw(2)]])] == [2]
    assert list(Engine(1, Options(), TODAY, annotate=False).map([])) == []
    with pytest.raises(UsageError, match="unknown engine 'spark'"):
        Engine(2, Options(), TODAY, annotate=False, engine="spark")


def test_workers_give_the_same_store_as_one_process(tmp_path):
    records = [{"id": f"r{n}", "outlet": ["Coast News", "Valley Gazette"][n % 2],
                "published": f"2025-03-0{1 + n % 5}",
                "text": article_text(n, f"Pier {n} in harbour {n % 7} opens to ferries")} for n in range(24)]
    records.append({"id": "dup", "outlet": "Coast News", "published": "2025-03-01", "text": records[0]["text"]})
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in records) + "\n")
    stores = {}
    for workers in (1, 2):
        with newsweave.open(tmp_path / f"w{workers}.db") as c:
            report = c.ingest([str(src)], options=Options(batch_size=5), today=TODAY, workers=workers)
            assert len(report.added) == 24 and len(report.existing) == 1 and not report.failed
            again = c.ingest([str(src)], options=Options(batch_size=5), today=TODAY, workers=workers)
            assert again.added == [] and len(again.existing) == 25  # idempotent
            stores[workers] = ([(a.id, a.outlet, a.title, a.published) for a in c.articles()],
                               [(q.article, q.content.text, q.speaker) for q in c.quotes()],
                               [(s.id, [a.id for a in s.articles]) for s in c.stories()])
    assert stores[1] == stores[2]
    assert stores[2][1] and stores[2][2]  # annotated and clustered


def test_the_workers_make_the_fingerprint_and_terms_the_writer_stores():
    """MinHash and weighted terms are per-article work: made with the article (on a worker), not by the writer."""
    from newsweave.dedupe import fingerprint
    from newsweave.terms import article_terms

    plain, annotated = (prepare([_raw(1)], Options(), TODAY, annotate=a)[0] for a in (False, True))
    expected = fingerprint(plain.article.text)
    for p in (plain, annotated):
        assert p.fingerprint.shingles == expected.shingles and p.fingerprint.bands == expected.bands
        assert (p.fingerprint.signature == expected.signature).all() and "fingerprint" in p.seconds
    assert plain.terms is None and annotated.terms == article_terms(annotated.article.title, annotated.article.text)
