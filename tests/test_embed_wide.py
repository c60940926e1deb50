"""Embeddings for languages the multilingual USE lacks (embed_wide.py): the real e5 model of the installed wheel and
the fitted map into USE's space."""

from __future__ import annotations

import numpy as np

from newsweave import embed_multilingual as ml
from newsweave import embed_wide as wide
from newsweave.across.statements import WIDE_LANGUAGE_MATCH

from .helpers import assert_other_model_file_refused

# one report's sentences in Ukrainian and in English (written here), and English sentences of other events
UKRAINIAN = ["Поромне сполучення відновили в понеділок після шторму.",
             "Центральний банк підвищив облікову ставку на пів відсотка.",
             "Уряд оголосив, що нові мости збудують до кінця року."]
ENGLISH = ["The ferry service resumed on Monday after the storm.",
           "The central bank raised interest rates by half a point.",
           "The government announced that the new bridges will be built by the end of the year."]


def test_only_languages_the_multilingual_model_lacks_take_this_path():
    assert wide.needed("uk") and wide.needed("be") and wide.needed("kk")
    assert not any(wide.needed(x) for x in ("en", "ru", "de", "tr", "zh", "und", None))


def test_a_ukrainian_sentence_lands_by_its_english_translation_in_the_multilingual_space():
    english = ml.embed(ENGLISH)
    mapped = ml.embed(UKRAINIAN, languages=["uk"] * 3)
    assert mapped.shape == (3, ml.DIMENSIONS) and np.allclose(np.linalg.norm(mapped, axis=1), 1, atol=1e-4)
    assert np.allclose(mapped, wide.embed(UKRAINIAN), atol=1e-5)
    cosines = mapped @ english.T
    # each translation is its sentence's nearest, around the threshold remarks in such a language are held to,
    # and far from the other sentences
    assert (cosines.argmax(axis=1) == np.arange(3)).all()
    assert cosines.diagonal().mean() >= WIDE_LANGUAGE_MATCH
    assert (cosines + np.eye(3) * -9).max() < WIDE_LANGUAGE_MATCH - 0.2
    # read by USE itself, the Ukrainian sentences fall short of it: what this path is for
    assert (ml.embed(UKRAINIAN) @ english.T).diagonal().mean() < cosines.diagonal().mean() - 0.1


def test_texts_in_one_call_are_routed_each_by_its_language():
    texts = [UKRAINIAN[0], ENGLISH[0], "", UKRAINIAN[1]]
    v = ml.embed(texts, languages=["uk", "en", "uk", None])
    assert np.allclose(v[[0, 1]], np.vstack([wide.embed(UKRAINIAN[:1]), ml.embed(ENGLISH[:1])]), atol=1e-5)
    assert not v[2].any()
    assert np.allclose(v[3], ml.embed([UKRAINIAN[1]])[0], atol=1e-5)  # no language said: USE


def test_the_model_loads_once_and_one_thread_gives_the_same_vectors(monkeypatch):
    assert wide.model() is wide.model()
    assert wide.embed(UKRAINIAN[:1], threads=1)[0] @ wide.embed(UKRAINIAN[:1])[0] > 0.999
    assert_other_model_file_refused(monkeypatch, wide, "MODEL_SHA256", wide.model)
