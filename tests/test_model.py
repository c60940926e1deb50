"""The typed records' helpers (newsweave.model)."""

from __future__ import annotations

import pytest

from newsweave.model import STAND_IN_WORDS, stand_in_title


@pytest.mark.parametrize("title,text,shown", [
    ("Ferries return", "The pier reopened. More.", "Ferries return"),
    ("  Ferries return ", "", "Ferries return"),
    (None, "The pier reopened on Monday. Ferries came back.\n\nMore.", "The pier reopened on Monday."),
    (None, "U.S. ferries returned to the pier. Crowds came.", "U.S. ferries returned to the pier."),
    (None, "Mr. Ilves opened the pier. Crowds came.", "Mr. Ilves opened the pier."),
    (None, "“We are back.” Ferries returned to the pier.", "“We are back.”"),
    (None, "The pier reopened at 9 a.m. on Monday", "The pier reopened at 9 a.m. on Monday"),
    (None, "PORT ELLIS | Tue Apr 27, 2010 4:08 am EDT PORT ELLIS, Maine (Reuters) - Ferries returned. More.",
     "Ferries returned."),
    (None, "HOLT/ARVANE, April 30 (AP) -- Ferries returned. More.", "Ferries returned."),
    (None, "Analysis | Why the ferries returned. More.", "Why the ferries returned."),
    (None, "The ferry (Reuters) - sank", "The ferry (Reuters) - sank"),  # no capitals: no dateline
    (None, "Ferries return to the pier HOLT (Reuters) - Ferries came. More.",  # a headline run into the dateline
     "Ferries return to the pier"),
    (None, "Ferries return PORT ELLIS | Tue Apr 27, 2010 4:08 am EDT PORT ELLIS (Reuters) - Ferries came.",
     "Ferries return"),
    (None, "The ferries came back on Monday. HOLT (Reuters) - Ferries came.",  # a sentence, no headline
     "The ferries came back on Monday."),
    (None, "Shares of Orvane Oil (ORV.\nL) fell.\nTraders sold.", "Shares of Orvane Oil (ORV. L) fell."),
    (None, "", "(untitled)"),
    (None, "  \n\n", "(untitled)"),
])
def test_an_untitled_article_stands_in_by_its_first_sentence(title, text, shown):
    assert stand_in_title(title, text) == shown


def test_a_long_first_sentence_is_cut_at_a_headlines_length_and_marked():
    words = [f"word{i}" for i in range(STAND_IN_WORDS + 5)]
    assert stand_in_title(None, " ".join(words) + ". Next.") == " ".join(words[:STAND_IN_WORDS]) + " \u2026"
    assert stand_in_title(None, " ".join(words[:STAND_IN_WORDS])) == " ".join(words[:STAND_IN_WORDS])
