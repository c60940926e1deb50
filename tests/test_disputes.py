"""Disputes between outlets (newsweave.across.disputes): cues on sentences written for these tests, and two
outlets' reports compared end to end through a real store."""

from __future__ import annotations

import datetime as dt

import pytest

import newsweave
from newsweave.across.disputes import dispute_cue, disputing_cue

from .helpers import write_reports


@pytest.mark.parametrize("sentence, cue, matter", [
    ("The ministry denied that the dam had cut water to the valley.", "denied that", "the dam had cut water"),
    ("Her lawyer rejected the claim that the contract was forged.", "rejected the claim", "the contract was forged"),
    ("The 35% figure drew condemnation from farmers.", "drew condemnation", "The 35% figure"),
    ("Officials said there was no evidence of tampering with the ballots.", "no evidence of", "tampering"),
    ("The company called the report false and misleading.", "called the report false", "the report"),
    ("The plan to cap fares at 2 euros, sparking an outcry among drivers, was shelved.", "sparking an outcry",
     "The plan to cap fares"),
])
def test_dispute_cues_and_their_matter(sentence, cue, matter):
    found = dispute_cue(sentence)
    assert found is not None and found.words == cue and matter in found.matter


@pytest.mark.parametrize("sentence", [
    "The judge denied the request to delay the hearing.",      # procedure, not a proposition
    "The senators voted to dismiss the case on Tuesday.",
    "The ministry said the dam had cut water to the valley.",
    "The union said 4,000 workers joined the strike.",
    "Two charges the prosecutors could bring are false statements to the regulator and obstruction.",  # a noun
])
def test_no_dispute_without_a_disputed_proposition(sentence):
    assert dispute_cue(sentence) is None


_REPORTS = {
    "valley-news.txt": ("Dam cut water to Lower Arven, ministry says", (
        "The water ministry said on Monday that the new Arven dam had cut water releases to the lower valley "
        "farms by half this spring.\n\n"
        "Farmers in the valley have asked for compensation for the lost harvest.")),
    "river-post.txt": ("Council disputes ministry on dam", (
        "The valley council on Monday rejected the claim that the Arven dam had cut water releases to the "
        "farms, saying river flows this spring were normal.\n\n"
        "The council will publish its own measurements next week.")),
    "valley-news-2.txt": ("Ministry report on the dam", (
        "The council rejected the claim that the Arven dam had cut water releases to the farms, the ministry "
        "acknowledged on Monday.\n\n"
        "The ministry will publish its figures next week.")),
}
_OUTLETS = {"valley-news.txt": "Valley News", "river-post.txt": "River Post", "valley-news-2.txt": "Valley News"}


@pytest.fixture(scope="module")
def dam(tmp_path_factory):
    d = tmp_path_factory.mktemp("dam")
    paths = write_reports(d, _REPORTS, _OUTLETS, "2025-04-14")
    db = d / "dam.db"
    with newsweave.open(db) as corpus:
        assert corpus.ingest(paths, meta=d / "meta.csv", today=dt.date(2025, 5, 1)).ok
        ids = {a.source.rsplit("/", 1)[-1]: a.id for a in corpus.articles()}
    return db, ids


def test_a_denial_by_another_outlet_is_a_dispute(dam):
    db, ids = dam
    with newsweave.open(db) as corpus:
        disputed = corpus.claims_between([ids["valley-news.txt"], ids["river-post.txt"]], status="disputed")
    assert len(disputed) == 1
    stated, disputing = disputed[0].values
    assert stated.outlet == "Valley News" and "cut water releases" in stated.sentence
    assert disputing.outlet == "River Post" and disputing.value == "rejected the claim"
    assert "Arven dam had cut water releases" in disputed[0].subject


def test_one_outlet_reporting_both_sides_is_not_a_dispute_between_outlets(dam):
    db, ids = dam
    with newsweave.open(db) as corpus:
        assert corpus.claims_between([ids["valley-news.txt"], ids["valley-news-2.txt"]], status="disputed") == []


@pytest.mark.parametrize("sentence", [
    "The mayor faces growing criticism over the flood defences.",
    "Both the ministry and the council have been criticised for their handling of the flood.",
])
def test_criticism_of_an_actor_disputes_no_matter(sentence):
    """A cue is found (the sentence states no plain fact another outlet could dispute), but it names nothing
    said or counted, so it disputes nothing either."""
    cue = dispute_cue(sentence)
    assert cue is not None and cue.matter == "" and disputing_cue(sentence) is None


def test_an_outlet_reporting_criticism_of_an_actor_does_not_dispute_another_outlets_report(tmp_path):
    reports = {
        "dam-daily.txt": ("Dam cuts water to Lower Arven", (
            "The water ministry said on Monday that the new Arven dam had cut water releases to the lower valley "
            "farms by half this spring.\n\nFarmers have asked for compensation.")),
        "arven-herald.txt": ("Ministry under fire over dam", (
            "The water ministry has faced growing criticism from valley farmers over the Arven dam and its water "
            "releases this spring.\n\nThe ministry will publish its figures next week.")),
    }
    paths = write_reports(tmp_path, reports, {"dam-daily.txt": "Dam Daily", "arven-herald.txt": "Arven Herald"},
                          "2025-04-14")
    with newsweave.open(tmp_path / "dam.db") as corpus:
        assert corpus.ingest(paths, meta=tmp_path / "meta.csv", today=dt.date(2025, 5, 1)).ok
        ids = [a.id for a in corpus.articles()]
        assert corpus.claims_between(ids, status="disputed") == []


_WATER = ["Water prices in the capital rose again in March.", "The water board met its engineers on Friday afternoon.",
          "Tourists came to see the water falling over the spillway.", "Fishermen said the water was colder this year.",
          "The region's water towers were painted blue last summer.", "Children learned about clean water at school.",
          "The water festival drew thousands of visitors to the lake.", "A new water park opened near the ring road.",
          "The old water mill is now a museum of rural life.", "Bottled water sales climbed during the heat wave.",
          "The city's water pipes date from the last century.", "Engineers tested the water pressure in the towers."]


def test_a_disputing_sentence_is_compared_with_the_few_sentences_that_hold_most_of_its_matter(tmp_path, monkeypatch):
    from newsweave.across import disputes

    reports = {
        "valley-news.txt": ("Dam cut water to Lower Arven, ministry says", "\n\n".join(
            _WATER[:6] + ["The water ministry said on Monday that the new Arven dam had cut water releases to the "
                          "lower valley farms by half this spring."] + _WATER[6:])),
        "river-post.txt": ("Council disputes ministry on dam", (
            "The valley council on Monday rejected the claim that the Arven dam had cut water releases to the "
            "farms, saying river flows this spring were normal.")),
    }
    paths = write_reports(tmp_path, reports, {"valley-news.txt": "Valley News", "river-post.txt": "River Post"},
                          "2025-04-14")
    embedded: list[str] = []
    real = disputes.embed_cached
    monkeypatch.setattr(disputes, "embed_cached", lambda texts: embedded.extend(texts) or real(texts))
    with newsweave.open(tmp_path / "dam.db") as corpus:
        assert corpus.ingest(paths, meta=tmp_path / "meta.csv", today=dt.date(2025, 5, 1)).ok
        ids = [a.id for a in corpus.articles()]
        disputed = corpus.claims_between(ids, status="disputed")
    assert len(disputed) == 1 and "cut water releases" in disputed[0].values[0].sentence
    # twelve other sentences of the report share a stem of the matter ("water"); the sentence that holds most of
    # it is among the few compared, and the rest are never embedded
    assert len(set(embedded) & set(_WATER)) == disputes.DISPUTE_CANDIDATES - 1
