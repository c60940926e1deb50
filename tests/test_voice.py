"""The outlet's voice in a sentence (newsweave.across.voice), on sentences written for these tests."""

from __future__ import annotations

import pytest

from newsweave.across.voice import editorial, evaluative_lexicon, evaluative_words, own_words, stance


def test_the_lexicon_is_read_and_keeps_judging_words_only():
    words = evaluative_lexicon()
    assert len(words) > 300  # TextBlob's adjective lexicon, read as data
    assert {"horrible", "disastrous", "ridiculous"} <= words
    assert not {"possible", "key", "final", "only", "likely"} & words  # subjective but not polar


def test_quoted_words_are_the_speakers_not_the_outlets():
    sentence = 'The minister called the plan "a disastrous mistake" on Monday.'
    assert evaluative_words(sentence) == ["disastrous"]
    assert "disastrous" not in own_words(sentence)
    assert editorial(sentence) == []


@pytest.mark.parametrize("sentence", [
    "The summit was a disastrous failure for the coalition.",
    "This is what most observers should consider obvious at this point: the talks are over.",
    "Obviously, the ceasefire will not hold through the winter.",
    "We have warned about the dam for years.",
    "The ministry confirmed on Friday what most observers should consider obvious: the talks are over.",
])
def test_the_outlets_own_judgement_is_editorial(sentence):
    assert editorial(sentence)


@pytest.mark.parametrize("sentence", [
    "The US and the EU met in Geneva on Friday to discuss grain exports.",
    "Officials confirmed that three ships left the port on Tuesday.",
    "The council would decide by March whether the town needs a new bridge, a spokesman told reporters.",
])
def test_a_plain_report_is_not_editorial(sentence):
    assert editorial(sentence) == []


@pytest.mark.parametrize("sentence, evidence, expected", [
    ('"The harbour is safe," the mayor said.', "the mayor said", "neutral"),
    ("The mayor claimed the harbour was safe.", "The mayor claimed", "distancing"),
    ("The mayor pointed out that the harbour had been dredged.", "The mayor pointed", "endorsing"),
    ("The mayor said the harbour was safe, a claim the port authority denied.", "The mayor said", "disputing"),
])
def test_stance_of_a_report(sentence, evidence, expected):
    assert stance(sentence, evidence) == expected
