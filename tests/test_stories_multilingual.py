"""Stories across languages (newsweave.stories with newsweave.embed_multilingual): one report written here in
six languages by six outlets, and two other events of the same days, through the real ingest."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from typer.testing import CliRunner

import newsweave
from newsweave import embed_multilingual
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


def test_relative_time_written_in_each_language_is_read(corpus):
    # Kuleba's "next week" in six languages ("на следующей неделе", "nächste Woche", "la semaine prochaine", "la
    # próxima semana", "gelecek hafta") is the week after the meeting, from each report's own date (the Spanish
    # one a day later, still that week); the meeting's "on Thursday" ("в четверг", "am Donnerstag") its day
    times = {a.external_id: a.times for a in corpus.articles()}
    for key in GRAIN:
        periods = {(t.earliest, t.latest) for t in times[key] if t.relative}
        assert (dt.date(2024, 3, 18), dt.date(2024, 3, 24)) in periods, (key, times[key])
    for key in ("grain-en", "grain-ru", "grain-de"):
        assert (dt.date(2024, 3, 14), dt.date(2024, 3, 14)) in {(t.earliest, t.latest) for t in times[key]
                                                                if t.relative}, (key, times[key])


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
    by_id = {a.id: a.external_id for a in corpus.articles()}
    # the English ones are embedded when first compared across languages, as at ingest
    assert sorted(by_id[i] for i in corpus.store.unembedded()) == sorted(set(by_id.values()) - {"grain-en",
                                                                                                 "strike-en"})
    corpus.cluster(redo=True)
    assert not corpus.store.unembedded() and GRAIN in groups(corpus)
    assert_multilingual_sums_are_whole(corpus)


def assert_multilingual_sums_are_whole(c) -> None:
    """Every event's multilingual sum is None or the sum of the vectors of all its distinct texts."""
    store = c.store
    for state in store.event_states(sorted(store.event_ids())):
        if state.ml_sum is not None:
            texts = store.event_texts(state.id)
            vectors = store.multilingual_vectors(texts)
            assert sorted(vectors) == texts, state.id
            total = sum(np.frombuffer(v, dtype=np.float32) for v in vectors.values())
            assert np.allclose(np.frombuffer(state.ml_sum, dtype=np.float32), total, atol=1e-5), state.id


def test_english_news_never_runs_the_multilingual_model_until_another_language_arrives(corpus, db_url, tmp_path):
    """Workers embed only articles in other languages on the multilingual model. A store of English reports
    has no multilingual vector and the model is not loaded; reports in other languages that arrive later are
    still compared with the English events (whose reports are embedded then) and end as they end when all
    arrive at once."""
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    english = [line for line in lines if json.loads(line)["id"].endswith("-en")]
    (tmp_path / "en.jsonl").write_text("\n".join(english) + "\n", encoding="utf-8")
    (tmp_path / "other.jsonl").write_text("\n".join(sorted(set(lines) - set(english))) + "\n", encoding="utf-8")
    embed_multilingual.model.cache_clear()
    with newsweave.open(db_url) as c:
        assert len(c.ingest([str(tmp_path / "en.jsonl")], today=TODAY).added) == 2
        assert embed_multilingual.model.cache_info().currsize == 0
        assert c.store.multilingual_vectors(sorted(a.id for a in c.articles())) == {}
        assert len(c.ingest([str(tmp_path / "other.jsonl")], today=TODAY).added) == 7
        assert len(c.store.multilingual_vectors(sorted(a.id for a in c.articles()))) == 9
        assert sorted(map(sorted, groups(c))) == sorted(map(sorted, groups(corpus)))
        assert_multilingual_sums_are_whole(c)
        # now that the store has other languages, the workers embed English reports too, compared or not
        later = json.loads(english[0]) | {"id": "far-en", "published": "2025-06-01",
                                          "text": "An unrelated report. " * 9}
        (tmp_path / "far.jsonl").write_text(json.dumps(later) + "\n", encoding="utf-8")
        added = c.ingest([str(tmp_path / "far.jsonl")], today=TODAY).added
        assert len(added) == 1 and list(c.store.multilingual_vectors(added)) == added


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


WAGE_TALKS = [  # two rounds of one negotiation, four days apart: two events of one storyline
    ("Anka Haber", "2025-05-05", "Ankara'da asgari ücret görüşmeleri başladı",
     "Asgari ücret tespit komisyonu Ankara'da ilk toplantısını yaptı. Çalışma Bakanı Vedat Işıkhan, işçi ve işveren "
     "temsilcileriyle görüştü. Sendikalar yüzde 50 artış talep ediyor. Işıkhan, enflasyonun altında bir artış "
     "olmayacağını söyledi."),
    ("Ege Gazetesi", "2025-05-09", "Asgari ücrette ikinci toplantı: sendikalar yeni teklif bekliyor",
     "Asgari ücret komisyonu Ankara'da ikinci kez toplandı. Vedat Işıkhan, işveren tarafının teklifini sundu. "
     "Türk-İş başkanı Ergün Atalay, teklifin yetersiz olduğunu açıkladı. Atalay, işçilerin geçim sıkıntısı "
     "çektiğini vurguladı."),
]
SNOW = ("Anka Haber", "2025-05-12", "Ankara'da kar yağışı trafiği felç etti",
        "Ankara'da gece boyunca etkili olan kar yağışı nedeniyle birçok yol kapandı. Belediye ekipleri sabaha kadar "
        "tuz serpti. Okullar bir gün tatil edildi. Meteoroloji, soğuk havanın hafta sonuna kadar süreceğini bildirdi.")


def test_a_report_in_another_language_joins_a_storyline_on_its_subject_not_on_one_shared_city(tmp_path):
    """Reports in one language sit close on the English model whatever their subject, and a report that names one
    place shares all of its few actors with any storyline naming that place: the snowstorm in Ankara is not a
    round of the wage talks held there, while the talks' second round continues their storyline."""
    records = [{"outlet": o, "published": p, "title": t, "text": x} for o, p, t, x in WAGE_TALKS + [SNOW]]
    path = tmp_path / "tr.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    with newsweave.open(tmp_path / "tr.db") as c:
        assert len(c.ingest([str(path)], today=TODAY).added) == 3
        line = {a.title: s.storyline for s in c.stories() for a in s.articles}
        assert {a.language for a in c.articles()} == {"tr"}
        assert line[WAGE_TALKS[0][2]] == line[WAGE_TALKS[1][2]]
        assert line[SNOW[2]] != line[WAGE_TALKS[0][2]]


GRAIN_UK = {  # the grain report once more, as a Ukrainian outlet would write it (written here)
    "id": "grain-uk", "outlet": "dniprovisti.example", "published": "2024-03-14",
    "title": "Україна і Туреччина домовилися відновити переговори щодо зернового коридору",
    "text": "АНКАРА, 14 березня 2024 року — Міністр закордонних справ України Дмитро Кулеба зустрівся в четвер в "
            "Анкарі зі своїм турецьким колегою Хаканом Фіданом, щоб обговорити судноплавство в Чорному морі.\n"
            "Після зустрічі Кулеба сказав журналістам: «Ми відновимо переговори щодо зернового коридору наступного "
            "тижня в Стамбулі».\nФідан заявив, що Туреччина готова прийняти переговори і що біля Босфору чекають "
            "40 суден."}


def test_a_report_in_ukrainian_joins_the_story_and_its_remark_the_statement(tmp_path):
    """Ukrainian is not among the multilingual USE's languages: its report is embedded on e5 carried into USE's
    space (newsweave.embed_wide), so it joins its story on what it says, and the remark in Ukrainian is the
    remark the six other outlets reported."""
    path = tmp_path / "uk.jsonl"
    path.write_text(CORPUS.read_text(encoding="utf-8") + json.dumps(GRAIN_UK, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    with newsweave.open(tmp_path / "uk.db") as c:
        assert len(c.ingest([str(path)], today=TODAY).added) == 10
        languages = {a.external_id: a.language for a in c.articles()}
        assert languages["grain-uk"] == "uk"
        assert sorted(map(sorted, groups(c))) == sorted(map(sorted, [GRAIN | {"grain-uk"},
                                                                      {"strike-de", "strike-en"}, {"flood-es"}]))
        story = next(s for s in c.stories() if len(s.articles) == 7)
        [uk] = [a for a in story.articles if a.language == "uk"]
        assert uk.how == "text" and uk.score >= ML_SAME + 0.1  # not by a narrow margin (0.57 on USE alone)
        [statement] = c.compare(story.id).statements
        assert len(statement.members) == 7 and "uk" in {w.language for w in statement.members}
        entities = {e.name: e for e in c.entities()}
        assert "Дмитро Кулеба" in entities["Dmytro Kuleba"].aliases and entities["Dmytro Kuleba"].articles == 7
        assert "Стамбулі" in entities["Istanbul"].aliases and "Анкарі" in entities["Ankara"].aliases
        # its count of ships ("40 суден") is the same fact as the six others', by its e5 margin (claims.WIDE_...)
        [ships] = [f for f in c.claim_comparisons(story.id) if {v.number for v in f.values} == {40.0}]
        assert ships.status == "corroborated" and len({v.language for v in ships.values}) == 7


FERRY = [  # one event told by an English and a Ukrainian outlet (written here), numbers in each language's words
    {"id": "ferry-en", "outlet": "harbourwire.example", "published": "2024-05-06",
     "title": "Ferry fire off Odesa injures passengers",
     "text": "ODESA, 6 May 2024 - A fire broke out on a passenger ferry near the port of Odesa on Monday.\n"
             "Rescuers said 12 passengers were injured and 140 people were evacuated from the ship.\n"
             "The harbour master said the fire started in the engine room."},
    {"id": "ferry-uk", "outlet": "dniprovisti.example", "published": "2024-05-06",
     "title": "Пожежа на поромі біля Одеси: постраждали пасажири",
     "text": "ОДЕСА, 6 травня 2024 року — У понеділок біля порту Одеси спалахнула пожежа на пасажирському поромі.\n"
             "Рятувальники повідомили, що 12 пасажирів отримали поранення, а 140 людей евакуювали з судна.\n"
             "Капітан порту заявив, що пожежа почалася в машинному відділенні."},
]


def test_a_ukrainian_report_corroborates_the_english_one_s_numbers(tmp_path):
    """Two reports only, so nothing but the two texts carries the join (USE alone left them two stories), and each
    count in Ukrainian words links with the English one (subjects compared on e5 by their margin over their
    neighbours, sentences on the map; by the e5 cosine alone the 12 injured stayed apart)."""
    path = tmp_path / "ferry.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in FERRY), encoding="utf-8")
    with newsweave.open(tmp_path / "ferry.db") as c:
        assert len(c.ingest([str(path)], today=TODAY).added) == 2
        [story] = c.stories()
        assert {a.language for a in story.articles} == {"en", "uk"}
        for number in (140.0, 12.0):  # evacuated, injured: each one fact told in both languages
            [fact] = [f for f in c.claim_comparisons(story.id) if {v.number for v in f.values} == {number}]
            assert fact.status == "corroborated" and {v.language for v in fact.values} == {"en", "uk"}
