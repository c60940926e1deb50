"""Stories across languages (newsweave.stories with newsweave.embed_multilingual): one report written here in
six languages by six outlets, and two other events of the same days, through the real ingest."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

import newsweave
from newsweave.cli import app
from newsweave.stories import ML_SAME, Clusterer

from .conftest import EXAMPLES, TODAY

CORPUS = EXAMPLES / "multilingual.jsonl"
GRAIN = {"grain-en", "grain-ru", "grain-de", "grain-fr", "grain-es", "grain-tr"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    db = tmp_path_factory.mktemp("ml") / "ml.db"
    with newsweave.open(db) as c:
        report = c.ingest([str(CORPUS)], today=TODAY)
        assert not report.failed and len(report.added) == 9
    with newsweave.open(db) as c:
        yield c


def groups(c) -> list[set[str]]:
    by_id = {a.id: a.external_id for a in c.articles()}
    return [{by_id[a.id] for a in s.articles} for s in c.stories()]


def test_one_report_in_six_languages_is_one_story_and_other_events_stay_apart(corpus):
    languages = {a.external_id: a.language for a in corpus.articles()}
    assert {languages[i] for i in GRAIN} == {"en", "ru", "de", "fr", "es", "tr"}
    assert sorted(map(sorted, groups(corpus))) == sorted(map(sorted, [GRAIN, {"strike-de", "strike-en"},
                                                                      {"flood-es"}]))
    story = next(s for s in corpus.stories() if len(s.articles) == 6)
    joined = [a for a in story.articles if a.how != "new"]
    assert len(joined) == 5 and all(a.how == "text" and a.score >= ML_SAME for a in joined)


def test_dates_written_in_each_language_are_read(corpus):
    dates = {a.external_id: a.date for a in corpus.articles()}
    # the Russian and German reports carry no date but their datelines ("АНКАРА, 14 марта 2024 г. —",
    # "Ankara (dpa), 14. März 2024 –")
    for key in ("grain-ru", "grain-de"):
        assert dates[key].exact and dates[key].earliest == dt.date(2024, 3, 14), dates[key]
        assert "dateline" in dates[key].evidence[0]
    story = next(s for s in corpus.stories() if len(s.articles) == 6)
    assert (story.first_published, story.last_published) == (dt.date(2024, 3, 14), dt.date(2024, 3, 15))


def test_the_english_only_model_does_not_join_the_languages(corpus, tmp_path):
    """The same store clustered as English text (the benchmark's baseline): the report falls apart."""
    corpus.store.clear_stories()
    try:
        Clusterer(corpus.store, multilingual=False).cluster_new()
        assert not any(g >= GRAIN for g in groups(corpus))
    finally:
        corpus.cluster(redo=True)
    assert GRAIN in groups(corpus)


def test_a_store_without_multilingual_vectors_gets_them_on_cluster(corpus):
    """A store written before the multilingual model: ``cluster --redo`` embeds what is missing."""
    corpus.store.conn.execute("UPDATE article_vectors SET multilingual = NULL")
    corpus.store.conn.commit()
    assert len(corpus.store.unembedded()) == 9
    corpus.cluster(redo=True)
    assert not corpus.store.unembedded() and GRAIN in groups(corpus)


def test_list_commands_show_and_filter_by_language(corpus):
    db = str(corpus.store.path)
    result = CliRunner().invoke(app, ["articles", "--db", db, "--lang", "ru", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert [r["language"] for r in rows] == ["ru"] and rows[0]["title"].startswith("Украина")


def the_story(c):
    return next(s for s in c.stories() if len(s.articles) == 6)


def test_the_remark_in_six_languages_is_one_statement_and_names_are_one_entity_across_scripts(corpus):
    comparison = corpus.compare(the_story(corpus).id)
    assert len(comparison.statements) == 1
    statement = comparison.statements[0]
    assert statement.speaker == "Dmytro Kuleba" and len(statement.members) == 6
    assert {w.language or "en" for w in statement.members} == {"en", "ru", "de", "fr", "es", "tr"}
    entities = {e.name: e for e in corpus.entities()}
    assert entities["Dmytro Kuleba"].articles == 6 and "Дмитрий Кулеба" in entities["Dmytro Kuleba"].aliases
    assert entities["Istanbul"].articles == 6 and {"Стамбуле", "Estambul", "İstanbul"} <= set(
        entities["Istanbul"].aliases)
    assert entities["Ankara"].articles == 6 and "Анкаре" in entities["Ankara"].aliases


def test_the_brief_of_a_mixed_story_says_each_thing_once_in_the_readers_language_citing_all(corpus):
    brief = corpus.brief(the_story(corpus).id)
    assert 2 <= len(brief.sentences) <= 4
    # each sentence is cited to the outlets whose translation of it was left out, and shown in English
    assert all(len(s.citations) >= 4 and s.language == "en" for s in brief.sentences)
    texts = " ".join(s.text for s in brief.sentences)
    assert "Kuleba" in texts and "Кулеба" not in texts


def test_positions_show_the_remark_in_the_readers_language(corpus):
    timeline = corpus.timeline(the_story(corpus).id)
    [position] = timeline.positions["Dmytro Kuleba"]
    assert position.text.startswith("We will restart") and len(position.outlets) == 6


def test_the_report_s_number_is_corroborated_by_all_six_outlets_in_their_languages(corpus):
    grain = next(s for s in corpus.stories() if len(s.articles) == 6)
    facts = corpus.claim_comparisons(grain.id)
    ships = [c for c in facts if {v.number for v in c.values} == {40.0}]
    assert len(ships) == 1 and ships[0].status == "corroborated" and ships[0].subject == "ships"
    assert {v.language for v in ships[0].values} == {"en", "ru", "de", "fr", "es", "tr"}
    assert not [c for c in facts if c.status == "contradicted"]
