"""Acceptance: the seed articles' events and storyline against ../shared/corpus/seeds-gold.json, and no false
merge when unrelated articles (examples/) join them. Skipped when ../shared is absent."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import newsweave

from .conftest import EXAMPLES, SEEDS, SEEDS_GOLD, TODAY, needs_seeds

pytestmark = needs_seeds


@pytest.fixture(scope="module")
def gold():
    return json.loads(SEEDS_GOLD.read_text())


def _stem(story_article) -> str:
    return Path(story_article.source).stem


def _events(corpus) -> dict[frozenset[str], newsweave.model.Story]:
    return {frozenset(_stem(a) for a in s.articles): s for s in corpus.stories()}


def test_gold_events_come_out_exactly(seeds_corpus, gold):
    found = _events(seeds_corpus)
    expected = {frozenset(e["articles"]) for e in gold["events"]}
    assert set(found) == expected


def test_gold_events_form_one_storyline_in_order(seeds_corpus, gold):
    found = _events(seeds_corpus)
    by_gold = {e["id"]: found[frozenset(e["articles"])] for e in gold["events"]}
    assert len({s.storyline for s in by_gold.values()}) == 1
    line = seeds_corpus.storyline(next(iter(by_gold.values())).storyline)
    assert list(line.stories) == [by_gold[e].id for e in gold["storyline"]["events"]]


def test_undated_report_takes_its_date_from_the_story(seeds_corpus, gold):
    for article_id, expected in gold["articles"].items():
        if "date_estimate_with_story" not in expected:
            continue
        lo, hi = (dt.date.fromisoformat(d) for d in expected["date_estimate_with_story"])
        story = next(s for s in seeds_corpus.stories() if any(_stem(a) == article_id for a in s.articles))
        member = next(a for a in story.articles if _stem(a) == article_id)
        assert member.date_from_story is not None, article_id
        assert lo <= member.date_from_story.earliest <= member.date_from_story.latest <= hi
        assert member.date_from_story.evidence


def test_unrelated_articles_make_no_false_merge(tmp_path, seeds_corpus):
    with newsweave.open(tmp_path / "mixed.db") as c:
        c.ingest([str(SEEDS)], today=TODAY)
        c.ingest([str(EXAMPLES / "corpus")], meta=EXAMPLES / "meta.csv", today=TODAY)
        seeds = {_stem(a) for s in seeds_corpus.stories() for a in s.articles}
        for story in c.stories():
            names = {_stem(a) for a in story.articles}
            assert names <= seeds or not names & seeds, names
        assert {k for k in _events(c) if k <= seeds} == set(_events(seeds_corpus))
        lines = {s.storyline for s in c.stories() if {_stem(a) for a in s.articles} <= seeds}
        assert len(lines) == 1
        assert all(s.storyline not in lines for s in c.stories() if not {_stem(a) for a in s.articles} <= seeds)
