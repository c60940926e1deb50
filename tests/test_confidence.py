"""Attribution confidence: a speaker is trusted with words the text plainly gives them, less with the writer's."""

from __future__ import annotations

from newsweave import annotate
from newsweave.nlp import load
from newsweave.nlp.confidence import CROSSED, _crossed, features, model, trusted_threshold

TEXT = ('"We will reopen the pier in May," Mayor Ana Ruiz said on Monday.\n\n'
        "While Ruiz claims the pier is safe, there is no indication that the repairs are finished.\n\n"
        "According to the harbour authority, 40 ferries a week will call at the new pier.")


def test_model_file_is_a_fitted_model():
    m = model()
    assert 0.0 < trusted_threshold() < 1.0 and len(m["weights"]) > 50 and "PolNeAR train" in m["about"]


def test_plain_attributions_are_trusted_and_the_writers_sentence_less_so():
    quotes = {q.content.text: q for q in annotate(TEXT).quotes}
    said = quotes["We will reopen the pier in May,"]
    according = next(q for t, q in quotes.items() if t.startswith("40 ferries"))
    claims = next(q for t, q in quotes.items() if t.startswith("the pier is safe"))
    assert said.confidence >= trusted_threshold() and according.confidence >= trusted_threshold()
    assert claims.confidence < min(said.confidence, according.confidence)
    assert all(0.0 <= q.confidence <= 1.0 for q in quotes.values())


def test_features_say_how_the_parse_ties_speaker_cue_and_words():
    doc = load()(TEXT)
    quotes = {doc.text[q.content[0]:q.content[1]][:12]: features(q, doc, doc._.quotes) for q in doc._.quotes}
    said, claims, according = quotes["We will reop"], quotes["the pier is "], quotes["40 ferries a"]
    assert said["spk_dep=nsubj"] == said["spk_before"] == said["spk_dist=1"] == said["cue_dep=ROOT"] == 1.0
    assert claims["cue_dep=advcl"] == claims["cue_subordinate"] == 1.0
    # "According to the harbour authority": the speaker hangs off the cue's object, after it, in lower case
    assert according["spk_after"] == according["spk_dep=far"] == according["spk_lower"] == 1.0
    # pairs of the crossed families: the subordinate cue together with the cue's dependency
    assert "cue_dep=advcl&cue_subordinate" in claims and not any(k.startswith("cue_subordinate&") for k in said)


def test_only_present_one_hot_features_of_crossed_families_are_paired():
    out = _crossed({"bias": 1.0, "how=x": 1.0, "speaker=name": 1.0, "direct": 0.0, "log_words": 0.4,
                    "cue=say": 1.0, "spk_before": 1.0})
    assert {"how", "speaker", "direct", "cue"} <= CROSSED and "spk_before" not in CROSSED
    assert [k for k in out if "&" in k] == ["how=x&speaker=name"]
