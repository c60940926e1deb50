"""Term vectors for event clustering (newsweave.terms)."""

from __future__ import annotations

import math

import pytest

from newsweave.terms import (CENTROID_TERMS, MAX_TERMS, TITLE_WEIGHT, add_to_centroid, article_terms, combine, idf,
                             tfidf_cosine, tokens)


def test_tokens_keep_content_words_and_long_numbers():
    assert tokens("The dam's wall gave way in 2025, and 12 of them were at the site.") == \
        ["dam", "wall", "gave", "way", "2025", "site"]


def test_article_terms_weigh_the_headline_and_are_sublinear():
    terms = article_terms("Dam breach", "The dam failed. The dam had been repaired twice.")
    assert terms["dam"] == pytest.approx(1 + math.log(2 + TITLE_WEIGHT))
    assert terms["breach"] == pytest.approx(1 + math.log(TITLE_WEIGHT))
    assert terms["repaired"] == pytest.approx(1.0)
    many = article_terms(None, " ".join(f"word{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(400)))
    assert len(many) == MAX_TERMS


def test_idf_is_smoothed():
    assert idf(10, 10) == pytest.approx(1.0 + math.log(11 / 11))
    assert idf(0, 10) > idf(5, 10) > idf(10, 10)


def test_tfidf_cosine():
    weight = {"dam": 1.0, "flood": 2.0, "strike": 2.0, "port": 3.0}.__getitem__
    a = {"dam": 1.0, "flood": 1.0}
    assert tfidf_cosine(a, a, weight) == pytest.approx(1.0)
    assert tfidf_cosine(a, {"strike": 1.0, "port": 1.0}, weight) == 0.0
    assert tfidf_cosine(a, {}, weight) == 0.0
    # a rare shared term counts for more than a common one
    assert tfidf_cosine({"flood": 1.0, "port": 1.0}, {"flood": 1.0, "strike": 1.0}, weight) < \
        tfidf_cosine({"flood": 1.0, "port": 1.0}, {"port": 1.0, "strike": 1.0}, weight)


def test_centroids_add_unit_vectors_and_stay_bounded():
    c = add_to_centroid({}, {"dam": 3.0, "flood": 4.0})
    assert c == pytest.approx({"dam": 0.6, "flood": 0.8})
    c = add_to_centroid(c, {"dam": 1.0})
    assert c["dam"] == pytest.approx(1.6)
    big = combine({f"a{i}": 1.0 for i in range(CENTROID_TERMS)}, {f"b{i}": 2.0 for i in range(10)})
    assert len(big) == CENTROID_TERMS and all(f"b{i}" in big for i in range(10))
