"""CLI and API for annotations: quotes, entities, annotate, exports; re-ingest and re-annotate idempotence."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import newsweave
from newsweave.cli import app
from newsweave.store import Store

from .helpers import read_export

runner = CliRunner()

KIEV = ("Dalmiri spokesman Tomas Brell said on Monday that the delegation of 12 negotiators would travel to Kiev.\n\n"
        "\"We are ready to talk,\" Brell told reporters. \"The date is not fixed.\"\n")
KYIV = ("Talks resume in Kyiv, the Arvenian minister Lena Varga said.\n\n"
        "\u201cThe delegation from Dalmir arrives on Tuesday,\u201d Varga said. Tomas Brell confirmed it.\n\n"
        "BRELL: <b>WE WILL NOT SIGN</b> A BAD DEAL\n")
QUOTE_FIELDS = {"article", "source", "content", "speaker", "speaker_mention", "direct"}
ENTITY_FIELDS = {"name", "type", "aliases", "outlets"}


@pytest.fixture
def db(tmp_path: Path, db_url: str) -> str:
    src = tmp_path / "in"
    src.mkdir()
    (src / "ledger.txt").write_text(KIEV)
    (src / "courier.txt").write_text(KYIV)
    result = runner.invoke(app, ["ingest", str(src), "--db", db_url])
    assert result.exit_code == 0, result.output
    return db_url


def run_json(*args):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_quotes_json_contract(db):
    quotes = run_json("quotes", "--db", str(db))
    assert quotes and all(QUOTE_FIELDS <= set(q) for q in quotes)
    direct = [q for q in quotes if q["direct"]]
    assert {q["speaker"] for q in direct} >= {"Tomas Brell", "Lena Varga"}
    for q in quotes:  # offsets point into the stored article text
        text = newsweave.open(db).article(q["article"]).text
        assert text[q["content"]["start"]:q["content"]["end"]] == q["content"]["text"]
        assert q["source"].endswith(".txt")


@pytest.mark.parametrize("name", ["Brell", "BRELL", "Tomas Brell", "Dalmiri spokesman Tomas Brell"])
def test_quotes_by_any_spelling_of_the_speaker(db, name):
    quotes = run_json("quotes", "--db", str(db), "--speaker", name)
    assert quotes and {q["speaker"] for q in quotes} == {"Tomas Brell"}
    assert {Path(q["source"]).name for q in quotes} == {"ledger.txt", "courier.txt"}


def test_entities_json_contract_and_outlet_spellings(db):
    entities = run_json("entities", "--db", str(db))
    assert all(ENTITY_FIELDS <= set(e) for e in entities)
    kyiv = next(e for e in entities if e["name"] == "Kyiv")
    assert kyiv["type"] == "place" and {"Kiev", "Kyiv"} <= set(kyiv["aliases"])
    assert kyiv["outlets"] == {"ledger": {"Kiev": 1}, "courier": {"Kyiv": 1}}
    brell = run_json("entities", "--db", str(db), "--name", "Brell")
    assert [e["name"] for e in brell] == ["Tomas Brell"]


def test_unknown_entity_is_a_clear_error(db):
    result = runner.invoke(app, ["entities", "--db", str(db), "--name", "Nobody Atall"])
    assert result.exit_code == 1 and "no entity named 'Nobody Atall'" in result.stderr


def test_scraped_markup_in_quotes_is_printed_literally(db):
    result = runner.invoke(app, ["quotes", "--db", str(db)])
    assert result.exit_code == 0
    assert "<b>" in result.stdout or "WE WILL NOT SIGN" in result.stdout


def test_reingest_and_reannotate_add_nothing(db, tmp_path):
    def counts():
        with Store(db) as store:
            return [store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                    for t in ("articles", "annotations", "mentions", "quotes", "claims", "entities")]

    before = counts()
    assert runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", str(db)]).exit_code == 0
    assert counts() == before
    assert runner.invoke(app, ["annotate", "--db", str(db), "--redo"]).exit_code == 0
    assert counts() == before


def test_no_annotate_then_annotate(tmp_path, db_url):
    (tmp_path / "a.txt").write_text(KIEV)
    path = db_url
    assert runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(path), "--no-annotate"]).exit_code == 0
    assert run_json("quotes", "--db", str(path)) == []
    result = runner.invoke(app, ["annotate", "--db", str(path)])
    assert result.exit_code == 0 and "annotated 1 article in" in result.stderr
    assert run_json("quotes", "--db", str(path))


@pytest.mark.parametrize("what", ["quotes", "entities", "claims"])
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_annotations(db, tmp_path, what, fmt):
    out = tmp_path / f"{what}.{fmt}"
    result = runner.invoke(app, ["export", "--db", str(db), "--what", what, "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = read_export(out)
    assert rows
    if what == "quotes":
        assert {"speaker", "direct", "article", "source"} <= set(rows[0])


def test_api_annotate_contract():
    ann = newsweave.annotate('"We are ready," said Brell.')
    q = ann.quotes[0]
    assert (q.content.text, q.speaker, q.direct, q.cue.text, q.speaker_mention.text) == \
        ("We are ready,", "Brell", True, "said", "Brell")


def test_non_english_article_is_stored_flagged_and_not_parsed(tmp_path):
    (tmp_path / "de.txt").write_text(
        "Gespräche am Staudamm\n\nDie Gespräche über den Staudamm am Fluss Kessa werden im Mai fortgesetzt, "
        "sagte die Außenministerin am Montag. \u201eWir haben uns auf einen Zeitplan geeinigt\u201c, sagte sie.\n")
    path = tmp_path / "de.db"
    result = runner.invoke(app, ["ingest", str(tmp_path / "de.txt"), "--db", str(path)])
    assert result.exit_code == 0
    assert "not English (detected 'de')" in result.stderr
    corpus = newsweave.open(path)
    article = corpus.articles()[0]
    assert corpus.store.annotation_status(article.id) == ("de", [
        "text is not English (detected 'de'); not parsed: quotes by quote marks and speech verbs, entities from "
        "the gazetteer, speakers and people named in full, claims by numbers and the word after them"])
    assert corpus.quotes() == [] and corpus.entities() == []


def test_articles_by_language(tmp_path, db_url):
    (tmp_path / "de.txt").write_text(
        "Gespräche am Staudamm\n\nDie Gespräche über den Staudamm am Fluss Kessa werden im Mai fortgesetzt, "
        "sagte die Außenministerin am Montag. Beide Seiten wollen eine Einigung bis zum Sommer.\n")
    (tmp_path / "en.txt").write_text(KIEV)
    assert runner.invoke(app, ["ingest", str(tmp_path / "de.txt"), str(tmp_path / "en.txt"), "--db", db_url,
                               "--outlet", "Wire"]).exit_code == 0
    every = run_json("articles", "--db", db_url)
    assert sorted(a["language"] for a in every) == ["de", "en"]
    (german,) = run_json("articles", "--db", db_url, "--lang", "de")
    assert german["title"] == "Gespräche am Staudamm"
    assert run_json("articles", "--db", db_url, "--lang", "ru") == []
    assert "match --since/--outlet/--lang" in runner.invoke(app, ["articles", "--db", db_url, "--lang", "ru"]).stderr
    table = runner.invoke(app, ["articles", "--db", db_url], env={"COLUMNS": "120"}).stdout
    assert " de " in table and " en " in table
    assert newsweave.open(db_url).search("Staudamm")[0].article.language == "de"
