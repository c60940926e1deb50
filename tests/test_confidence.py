"""Attribution confidence: a speaker is trusted with words the text plainly gives them, less with the writer's."""

from __future__ import annotations

from newsweave import annotate
from newsweave.nlp.confidence import model, trusted_threshold

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
