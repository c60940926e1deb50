"""The embedding (embed.py, embed_build.py): the real quantised ONNX model, how it is built, its checks, and vectors
kept in the store."""

from __future__ import annotations

import hashlib

import numpy as np

import newsweave
from newsweave import embed, embed_build
from newsweave.model import Article, Origin, layout_blocks

from .conftest import TODAY
from .helpers import assert_other_model_file_refused, write_reports


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
    checks = ((embed, "MODEL_SHA256", embed.model), (embed_build, "BUILT_SHA256", embed.passage_model))
    for module, name, load in checks:
        assert_other_model_file_refused(monkeypatch, module, name, load)
    embed.set_threads(1)  # a worker's setting: one thread, same vectors
    try:
        assert embed.embed(["one thread"])[0] @ embed.embed(["one thread"])[0] > 0.999
    finally:
        embed.set_threads(0)


def _article(title: str, text: str) -> Article:
    return Article(Origin("x.txt", "text"), "0", "Outlet", "file", title=title, blocks=layout_blocks([("body", text)]))


FERRY = _article("Ferries return", "The ferry service resumed on Monday after the storm had closed the harbour for "
                                   "three days, the port authority said.")
BANK = _article("Rates rise", "The central bank raised interest rates by half a point on Thursday, its third rise "
                              "this year, to bring down inflation.")
FERRY_AGAIN = _article("Ferry service back", "Ferries started running again on Monday once the storm that shut the "
                                             "harbour for three days had passed.")


def test_article_vectors_come_from_the_quantised_model_and_do_not_depend_on_their_batch():
    v = embed.embed_articles([FERRY, BANK, FERRY_AGAIN])
    assert np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-4)
    assert v[0] @ v[2] > 0.6 > 0.3 > v[0] @ v[1]
    alone = embed.embed_articles([FERRY_AGAIN])
    assert np.allclose(alone[0], v[2], atol=1e-6)  # quantised per call: one passage a call, so no batch effect
    wheel = embed.embed([embed.passage(FERRY)])[0]
    assert 0.95 < wheel @ v[0] < 0.99999  # another model, of the same meaning


def test_the_quantised_model_is_built_from_the_wheel_when_missing(tmp_path, monkeypatch):
    """What make install builds, a process without it builds on first use: the same bytes (the pinned sha256),
    so the same vectors."""
    built = tmp_path / "share" / embed_build.BUILT_NAME
    monkeypatch.setattr(embed_build, "built_path", lambda: built)
    embed.passage_model.cache_clear()
    try:
        v = embed.embed_articles([FERRY])
        assert hashlib.sha256(built.read_bytes()).hexdigest() == embed_build.BUILT_SHA256
        assert [p.name for p in built.parent.iterdir()] == [embed_build.BUILT_NAME]  # nothing half-written left
    finally:
        monkeypatch.undo()
        embed.passage_model.cache_clear()
    assert np.allclose(v, embed.embed_articles([FERRY]), atol=1e-6)


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
