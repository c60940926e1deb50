"""Where a sentence of news text ends, and where a report's own words start (newsweave.sentences)."""

from __future__ import annotations

import pytest

from newsweave.sentences import lead_in, sentence_breaks


@pytest.mark.parametrize("text, rest", [
    ("ORVANE, May 20 (AWS) - The ferry sank.", "The ferry sank."),
    ("KYIV (Reuters) \u2014 Talks resumed.", "Talks resumed."),
    ("PORT ELLIS, Maine -- Boats returned on Monday.", "Boats returned on Monday."),
    ("HOLT/ARVANE, April 30 (AWS) - Boats returned.", "Boats returned."),
    ("PORT ELLIS | Tue Apr 27, 2010 4:08 am EDT PORT ELLIS (AWS) - Boats returned.", "Boats returned."),
    ("Thursday, April 29, 2010; 4:49 PM A slick reached the coast.", "A slick reached the coast."),
    # none: a headline first, an ordinary sentence, a dash inside prose
    ("Boats return to the pier HOLT (AWS) - Crews came.", "Boats return to the pier HOLT (AWS) - Crews came."),
    ("The ferry sank on Monday.", "The ferry sank on Monday."),
    ("The mayor - who resigned - spoke.", "The mayor - who resigned - spoke."),
])
def test_a_report_opens_after_its_dateline(text, rest):
    assert text[lead_in(text):] == rest


def test_no_break_inside_a_stock_ticker():
    text = "Shares of Orvane Oil (ORV. L) fell. Traders sold."
    assert [text[:a] for a, _ in sentence_breaks(text)] == ["Shares of Orvane Oil (ORV. L) fell."]
