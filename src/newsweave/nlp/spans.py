"""Spans cut at line breaks: the text newsweave annotates is blocks (paragraphs, headings) joined by blank lines,
and nothing found in it (an entity, a claim's sentence) should run from one block into the next."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span


def split_at_breaks(span: Span, mark: str = "\n\n") -> list[Span]:
    """``span`` cut at every token that holds ``mark`` (in its text or trailing whitespace); the pieces keep
    ``span``'s label and lose the break itself. ``[span]`` when it holds none."""
    if mark not in span.text:
        return [span]
    pieces, start = [], span.start
    for token in span:
        if mark in token.text or mark in token.whitespace_:
            end = token.i if mark in token.text else token.i + 1
            if end > start:
                pieces.append(Span(span.doc, start, end, label=span.label))
            start = token.i + 1
    if span.end > start:
        pieces.append(Span(span.doc, start, span.end, label=span.label))
    return pieces


def block_sentences(doc: Doc) -> Iterator[Span]:
    """The doc's sentences, each cut at blank lines: a heading the parser ran into the next paragraph's first
    sentence ("What's the story\n\nThe council approved ...") is a sentence of its own."""
    for sent in doc.sents:
        yield from split_at_breaks(sent)


# Where doc_text keeps a doc's text (spaCy's user_data, copied with the doc).
TEXT_KEY = "newsweave_text"


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc: spaCy joins every token's text on each call, so code that reads it per
    quote or per number is quadratic over a long article."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text
