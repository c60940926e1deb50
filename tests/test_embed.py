"""The embedding (embed.py): the real int8 ONNX model, its checks, and vectors kept in the store."""

from __future__ import annotations

import numpy as np
import pytest

import newsweave
from newsweave import embed

from .conftest import TODAY
from .helpers import write_reports


def test_vectors_are_unit_length_and_meaningful():
    v = embed.embed(["The ferry service resumed on Monday after the storm.",
                     "Ferries started running again on Monday once the storm had passed.",
                     "The central bank raised interest rates by half a point.", "   "])
    assert v.shape == (4, embed.DIMENSIONS) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v[:3], axis=1), 1, atol=1e-4) and not v[3].any()
    assert v[0] @ v[1] > 0.7 > 0.3 > v[0] @ v[2]
    # batching and order do not change a text's vector
    again = embed.embed(["The central bank raised interest rates by half a point.",
                         "The ferry service resumed on Monday after the storm."] + ["filler text"] * 9)
    assert np.allclose(again[0], v[2], atol=1e-5) and np.allclose(again[1], v[0], atol=1e-5)


def test_a_model_file_that_is_not_the_measured_one_is_refused(monkeypatch):
    monkeypatch.setattr(embed, "MODEL_SHA256", "0" * 64)
    embed.model.cache_clear()
    try:
        with pytest.raises(embed.EmbeddingModelMissing, match="sha256 differs"):
            embed.model()
    finally:
        monkeypatch.undo()
        embed.model.cache_clear()
    embed.set_threads(1)  # a worker's setting: one thread, same vectors
    try:
        assert embed.embed(["one thread"])[0] @ embed.embed(["one thread"])[0] > 0.999
    finally:
        embed.set_threads(0)


def test_text_keys_name_the_text_and_the_model(monkeypatch):
    key = embed.text_key("Talks are paused.")
    assert len(key) == 16 and key == embed.text_key("Talks are paused.") != embed.text_key("Talks are paused")
    monkeypatch.setattr(embed, "MODEL_SHA256", "f" * 64)
    assert embed.text_key("Talks are paused.") != key


def test_comparisons_keep_their_vectors_in_the_store_for_the_next_call(tmp_path, monkeypatch):
    reports = {
        "a.txt": ("Mayor pauses pier talks", 'Mayor Ana Ruiz said on Monday that "the talks on the new pier are '
                  'paused for now." The pier will cost 40 million euros, the council said.'),
        "b.txt": ("Pier talks on hold", 'Mayor Ana Ruiz said "the talks on the new pier are paused for now" on '
                  'Monday. The council put the cost of the pier at 45 million euros.'),
    }
    paths = write_reports(tmp_path, reports, {"a.txt": "Coast News", "b.txt": "Valley Gazette"}, "2025-03-03")
    db = tmp_path / "v.db"
    with newsweave.open(db) as c:
        c.ingest(paths, meta=tmp_path / "meta.csv", today=TODAY)
        story = next(s.id for s in c.stories() if len(s.articles) == 2)
        first = c.compare(story)
        kept = c.store.conn.execute("SELECT count(*) FROM text_vectors").fetchone()[0]
        assert kept > 0 and first.statements
    # another process (here: an empty in-memory cache, and no model at all) reads them back
    embed._cache.clear()

    def no_model(texts):
        raise AssertionError(f"embedded again: {list(texts)[:2]}")

    monkeypatch.setattr(embed, "embed", no_model)
    with newsweave.open(db) as c:
        again = c.compare(story)
        assert c.store.conn.execute("SELECT count(*) FROM text_vectors").fetchone()[0] == kept
    assert again == first
