"""Exports of quotes, claims and entities: streamed, a batch at a time, with the same rows however they are cut."""

from __future__ import annotations

import pytest

from newsweave import corpus as corpus_module
from newsweave import export

from .helpers import read_export


def test_rows_are_written_as_they_come(tmp_path):
    def rows():  # a generator: the export may read it once only, and never needs it whole
        for i in range(5):
            yield {"id": i, "text": f"row {i}", "direct": i % 2 == 0, "spans": [i, i + 1]}

    columns = ["id", "text", "direct", "spans"]
    for fmt in export.FORMATS:
        path = tmp_path / f"rows.{fmt}"
        assert export.export_rows(rows(), columns, path) == 5
        got = read_export(path)
        assert [str(r["id"]) for r in got] == ["0", "1", "2", "3", "4"] and str(got[4]["text"]) == "row 4"
        assert not path.with_name(path.name + ".part").exists()
    assert export.export_rows(iter(()), columns, tmp_path / "none.parquet") == 0
    assert read_export(tmp_path / "none.parquet") == []


@pytest.mark.parametrize("what", ["quotes", "claims"])
def test_an_export_cut_into_batches_has_the_same_rows(examples_corpus, tmp_path, monkeypatch, what):
    corpus, _ = examples_corpus
    whole = {fmt: corpus.export(tmp_path / f"whole.{fmt}", what=what) for fmt in ("jsonl", "parquet")}
    assert whole["jsonl"] == whole["parquet"] > 1
    monkeypatch.setattr(corpus_module, "EXPORT_ARTICLES", 1)  # one article's rows at a time
    monkeypatch.setattr(export, "_PARQUET_BATCH", 2)  # two rows to a Parquet batch
    for fmt in ("jsonl", "parquet"):
        assert corpus.export(tmp_path / f"cut.{fmt}", what=what) == whole[fmt]
        assert read_export(tmp_path / f"cut.{fmt}") == read_export(tmp_path / f"whole.{fmt}")
