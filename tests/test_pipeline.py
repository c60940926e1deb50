"""The stage registry: declared requirements, analysis, and refusal of a misbehaving stage."""

from __future__ import annotations

import datetime as dt

import pytest

from newsweave import pipeline
from newsweave.model import Origin, RawDocument

from .helpers import article_text


def test_default_pipeline_analyses_clean():
    assert pipeline.analyze() == []
    assert set(pipeline.DEFAULT_PIPELINE) <= set(pipeline.names())


def test_analyze_reports_unmet_requirements():
    problems = pipeline.analyze(("date", "clean", "nope"))
    assert any("'date' requires" in p for p in problems)
    assert any("unknown stage 'nope'" in p for p in problems)


def test_stage_returning_wrong_type_is_refused():
    @pipeline.register_stage("test_bad_stage", requires=("raw",))
    def bad(work, options):
        return "not work"

    raw = RawDocument(Origin("x.txt", "text"), article_text(1).encode(), "text")
    try:
        with pytest.raises(pipeline.PipelineError, match="returned str"):
            pipeline.process(raw, pipeline=("extract", "test_bad_stage"))
    finally:
        pipeline._REGISTRY.pop("test_bad_stage")


@pytest.mark.parametrize("source,hints_outlet,expected", [
    ("/data/coast-news/a.txt", None, ("a", "file")),
    ("https://www.coast.example/a", None, ("coast.example", "host")),
    ("/data/a.txt", "Coast News", ("Coast News", "reader")),
])
def test_outlet_fallbacks(source, hints_outlet, expected):
    from newsweave.model import Hints

    raw = RawDocument(Origin(source, "text"), article_text(1).encode(), "text", Hints(outlet=hints_outlet))
    a = pipeline.process(raw)
    assert (a.outlet, a.outlet_from) == expected


def test_an_embedded_posts_credit_dates_the_page_though_cleaning_removes_it():
    body = ("Harbour ferries stopped running after the storm, the port authority said.\n\n"
            "Crews were clearing the quay of fallen cranes and debris.\n\n"
            "— Port of Arven (@arvenport) March 3, 2024\n\n"
            "The authority said service would resume once the quay was safe.")
    a = pipeline.process(RawDocument(Origin("storm.txt", "text"), body.encode(), "text"))
    assert [r.rule for r in a.removed] == ["embed_credit"] and "@arvenport" not in a.text
    assert a.date is not None and not a.date.exact and a.date.earliest >= dt.date(2024, 2, 18)
    assert any("March 3, 2024" in e for e in a.date.evidence)


def test_the_page_metadata_is_read_only_where_the_reader_gave_less():
    from newsweave.model import Hints

    page = ("<html><head><title>Ferries halted | Coast News</title><meta name='author' content='Ana Page'>"
            "<meta property='article:published_time' content='2024-03-03'></head><body><article>"
            "<h1>Ferries halted</h1><p>" + article_text(1) + "</p></article></body></html>").encode()
    full = Hints(title="Ferries halted", outlet="Coast Feed", outlet_from="reader", published="2024-03-04",
                 author="Feed Author")
    a = pipeline.process(RawDocument(Origin("feed.xml", "feed"), page, "html", full))
    # the reader's title, date, outlet and author win, and the <h1> that repeats the title is not text
    assert (a.title, a.outlet, a.author, a.date.earliest) == ("Ferries halted", "Coast Feed", "Feed Author",
                                                             dt.date(2024, 3, 4))
    assert not a.text.startswith("Ferries halted")
    # without an author from the reader, the page's metadata is read again and gives it
    b = pipeline.process(RawDocument(Origin("feed.xml", "feed"), page, "html",
                                     Hints(title="Ferries halted", outlet="Coast Feed", published="2024-03-04")))
    assert b.author == "Ana Page" and b.text == a.text
