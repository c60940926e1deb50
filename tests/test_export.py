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


def test_parquet_keeps_numbers_and_truth_values_typed(examples_corpus, tmp_path):
    corpus, _ = examples_corpus
    typed = {"quotes": {"id": int, "article": int, "direct": bool, "confidence": float},
             "stories": {"story": int, "storyline": int, "article": int, "score": float},
             "claims": {"id": int, "earlier": bool}, "entities": {"mentions": int, "articles": int}}
    for what, columns in typed.items():
        rows = read_export(tmp_path / f"{what}.parquet") if corpus.export(tmp_path / f"{what}.parquet", what=what) \
            else []
        assert rows, what
        for column, kind in columns.items():
            values = [r[column] for r in rows if r[column] is not None]
            assert values and all(isinstance(v, kind) for v in values), (what, column, values[:3])


def test_an_export_that_fails_leaves_nothing_behind(tmp_path):
    def rows():
        yield {"id": 1, "text": "a row"}
        raise OSError("the store went away")

    path = tmp_path / "rows.parquet"
    path.write_text("an earlier export")
    with pytest.raises(OSError):
        export.export_rows(rows(), ["id", "text"], path)
    assert path.read_text() == "an earlier export" and not path.with_name(path.name + ".part").exists()
