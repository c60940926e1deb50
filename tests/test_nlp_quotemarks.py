"""Quoted passages in every common style (newsweave.nlp.quotemarks)."""

import pytest

from newsweave.nlp.quotemarks import find_quoted


def inner(text):
    return [text[slice(*q.inner)] for q in find_quoted(text)]


@pytest.mark.parametrize("text, expected", [
    ('He said "the ferry is late" today.', ["the ferry is late"]),
    ("He said \u201cthe ferry is late\u201d today.", ["the ferry is late"]),
    ("Elle a dit \u00able bac est en retard\u00bb hier.", ["le bac est en retard"]),
    ("Er sagte \u201eder Fahrplan gilt\u201c gestern.", ["der Fahrplan gilt"]),
    ("She called it \u2018a disgrace\u2019 and left.", ["a disgrace"]),
    ("She called it 'a disgrace' and left.", ["a disgrace"]),
    ("The port's captain didn't say it's closed.", []),           # apostrophes are not quotes
    ("The \u201990s were calm; rock \u2019n\u2019 roll.", []),
    ('Ryan said,\u201cLook, no.\u201d', ["Look, no."]),               # no space before the mark
    ('<tweet author="x">hi</tweet>', []),                          # markup attributes are not quotes
])
def test_quote_styles(text, expected):
    assert inner(text) == expected


def test_quote_spanning_paragraphs_is_marked_continued():
    text = "\u201cFirst paragraph of the quote.\n\n\u201cSecond paragraph,\u201d she said."
    quotes = find_quoted(text)
    assert [q.closed for q in quotes] == [False, True]
    assert quotes[1].continues and not quotes[0].continues


def test_unbalanced_quote_is_closed_at_paragraph_end():
    text = 'He said "the ferry never came\n\nNext paragraph without quotes.'
    quotes = find_quoted(text)
    assert len(quotes) == 1 and not quotes[0].closed
    assert text[slice(*quotes[0].inner)] == "the ferry never came"


def test_typewriter_double_quotes():
    text = "''Fixing it is easy,'' he said, and ''the end'' came. Don't ''"
    assert inner(text)[:2] == ["Fixing it is easy,", "the end"]
