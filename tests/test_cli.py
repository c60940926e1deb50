"""The CLI: contracts of --json output, exports, exit codes, escaping, and docs that cover every command."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsweave.cli import app
from newsweave.model import STAND_IN_WORDS

from .conftest import ROOT
from .helpers import PARAGRAPH, read_export

runner = CliRunner()
ARTICLE_FIELDS = {"id", "source", "outlet", "title", "published", "published_range", "date_evidence", "text",
                  "headings", "removed_lines"}


@pytest.fixture
def db(tmp_path: Path, db_url: str) -> str:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(f" date 2024-03-04\nPier opens to ferries\n\n{PARAGRAPH}\n\nSee also: Storm closes road\n")
    (src / "b.txt").write_text(f"[bold red]Markup[/] in a title\n\nBackground\n\n{PARAGRAPH} [link=http://x]x[/link]\n")
    result = runner.invoke(app, ["ingest", str(src), "--db", db_url])
    assert result.exit_code == 0, result.output
    return db_url


def test_every_command_has_help_and_docs():
    docs = (ROOT / "docs" / "cli.md").read_text()
    for command in app.registered_commands:
        name = command.name
        assert command.callback.__doc__, name
        assert f"newsweave {name}" in docs, f"docs/cli.md does not document {name}"
        assert runner.invoke(app, [name, "--help"]).exit_code == 0


def test_the_cli_starts_without_the_ingest_and_model_libraries():
    """A command that reads the store (stories, compare, serve) starts without extraction, fetching, parsing or
    embedding libraries: they load where they are used (a quarter to half a second each)."""
    import subprocess
    import sys

    heavy = ("numpy", "trafilatura", "httpx", "warcio", "feedparser", "lxml", "spacy", "onnxruntime", "torch",
             "newsweave.pipeline", "newsweave.readers", "newsweave.engine", "newsweave.embed")
    out = subprocess.run([sys.executable, "-c", "import sys, newsweave.cli; print(' '.join(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True).stdout.split()
    assert [m for m in heavy if m in out] == []


def test_articles_json_contract(db):
    result = runner.invoke(app, ["articles", "--db", str(db), "--json"])
    items = json.loads(result.stdout)
    assert len(items) == 2 and all(ARTICLE_FIELDS <= set(a) for a in items)
    a = items[0]
    assert a["published"] == "2024-03-04" and a["published_range"] == ["2024-03-04", "2024-03-04"]
    assert a["removed_lines"] == [{"text": "See also: Storm closes road", "rule": "see_also", "line": 3}]
    assert items[1]["headings"] == ["Background"] and items[1]["published"] is None


def test_db_from_environment(db):
    result = runner.invoke(app, ["articles", "--json"], env={"NEWSWEAVE_DB": str(db)})
    assert len(json.loads(result.stdout)) == 2


def test_scraped_markup_is_printed_literally(db):
    result = runner.invoke(app, ["show", "2", "--db", str(db)])
    assert "[bold red]Markup[/] in a title" in result.stdout
    assert "[link=http://x]x[/link]" in result.stdout
    table = runner.invoke(app, ["articles", "--db", str(db)], env={"COLUMNS": "200"})
    assert "[bold red]Markup[/]" in table.stdout


def test_show_removed_and_missing(db):
    result = runner.invoke(app, ["show", "1", "--removed", "--db", str(db)])
    assert "see_also" in result.stdout and "See also: Storm closes road" in result.stdout
    missing = runner.invoke(app, ["show", "99", "--db", str(db)])
    assert missing.exit_code == 1 and "no article with id 99" in missing.stderr


def test_show_raw_gives_original_bytes(db, tmp_path):
    result = runner.invoke(app, ["show", "1", "--raw", "--db", str(db)])
    assert result.stdout_bytes == (tmp_path / "in" / "a.txt").read_bytes()


def test_search_json(db):
    items = json.loads(runner.invoke(app, ["search", "ferries", "--db", str(db), "--json"]).stdout)
    assert len(items) == 2 and "snippet" in items[0] and ARTICLE_FIELDS <= set(items[0])
    assert runner.invoke(app, ["search", "zeppelin", "--db", str(db), "--json"]).stdout.strip() == "[]"


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export(db, tmp_path, fmt):
    out = tmp_path / f"out.{fmt}"
    result = runner.invoke(app, ["export", "--format", fmt, "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    rows = read_export(out)
    assert len(rows) == 2 and rows[0]["title"] == "Pier opens to ferries" and "ferries" in rows[0]["text"]
    assert [r["language"] for r in rows] == ["en", "en"]


def test_export_unknown_format(db, tmp_path):
    result = runner.invoke(app, ["export", "--format", "xls", "--out", str(tmp_path / "x.xls"), "--db", str(db)])
    assert result.exit_code == 1 and "unknown export format" in result.stderr


def test_ingest_json_summary_and_exit_code(tmp_path, db_url):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "ok.txt").write_text(f"Title\n\n{PARAGRAPH}\n")
    result = runner.invoke(app, ["ingest", str(tmp_path / "empty.txt"), str(tmp_path / "ok.txt"),
                                 "--db", db_url, "--json"])
    assert result.exit_code == 2
    summary = json.loads(result.stdout)
    assert len(summary["added"]) == 1 and summary["failed"][0]["code"] == "NW101"
    # where the time went: every per-article stage and every step of the writer, for the one article added
    assert {"extract", "normalize", "clean", "date", "fingerprint", "terms", "annotate", "embed", "store", "dedupe",
            "annotations", "stories"} <= set(summary["seconds"]) and all(s >= 0 for s in summary["seconds"].values())


def test_no_progress_when_piped(tmp_path, db_url):
    (tmp_path / "ok.txt").write_text(f"Title\n\n{PARAGRAPH}\n")
    result = runner.invoke(app, ["ingest", str(tmp_path / "ok.txt"), "--db", db_url, "--quiet"])
    assert result.exit_code == 0 and result.stderr == "" and result.stdout == ""


# --- rough edges a new user hit (issue 13) ------------------------------------------------------------------
LONG_TITLE = ("Harbour authority confirms that the northern pier will reopen to ferries in the spring after two "
              "years of building work and a dispute over costs")


def test_tables_wrap_long_cells_instead_of_cutting_them(tmp_path, db_url):
    from .test_hostile_input import nw

    (tmp_path / "a.txt").write_text(f"{LONG_TITLE}\n\n{PARAGRAPH}\n")
    db = db_url
    assert nw("ingest", str(tmp_path / "a.txt"), "--db", str(db)).code == 0
    for command in (["articles"], ["stories"]):
        run = nw(*command, "--db", str(db), env={"COLUMNS": "80"})
        assert all(len(line) <= 80 for line in run.stdout.splitlines()), run.stdout
        printed = iter(run.stdout.split())
        assert all(word in printed for word in LONG_TITLE.split()), run.stdout  # every word, in order: none cut


def test_json_and_exports_carry_whole_titles(tmp_path, db_url):
    (tmp_path / "a.txt").write_text(f"{LONG_TITLE}\n\n{PARAGRAPH}\n")
    db = db_url
    assert runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(db), "--no-annotate"]).exit_code == 0
    assert runner.invoke(app, ["cluster", "--db", str(db)]).exit_code == 0
    stories = json.loads(runner.invoke(app, ["stories", "--db", str(db), "--json"]).stdout)
    assert stories[0]["title"] == LONG_TITLE
    out = tmp_path / "s.csv"
    result = runner.invoke(app, ["export", "--what", "stories", "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0 and "wrote 1 row (stories, one per story and article)" in result.stderr
    assert read_export(out)[0]["story_title"] == LONG_TITLE


def test_an_untitled_article_is_shown_by_the_start_of_its_first_sentence(tmp_path, db_url):
    """A text file that opens with its lead has no title: lists show its first sentence, or its first
    STAND_IN_WORDS words and "…" when that sentence runs on; the article keeps its title empty and its text."""
    lead = "An untitled report opens with a long sentence " + "that goes on " * 12 + "before it ends."
    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "a.txt").write_text(f"{lead} It has a second sentence.\n\n{PARAGRAPH}\n")
    (texts / "b.txt").write_text("Mr. Ilves spoke at the library on Tuesday. It will close.\n\nThe city council voted "
                                    "on Tuesday to close the old library for repairs that will last most of next year, "
                                    "officials said.\n")
    db = db_url
    assert runner.invoke(app, ["ingest", str(texts), "--db", str(db), "--no-annotate"]).exit_code == 0
    assert runner.invoke(app, ["cluster", "--db", str(db)]).exit_code == 0
    articles = {Path(a["source"]).name: a for a in
                json.loads(runner.invoke(app, ["articles", "--db", str(db), "--json"]).stdout)}
    assert articles["a.txt"]["title"] is None and articles["b.txt"]["title"] is None
    titles = {s["title"] for s in json.loads(runner.invoke(app, ["stories", "--db", str(db), "--json"]).stdout)}
    shown = " ".join(lead.split()[:STAND_IN_WORDS]) + " \u2026"
    assert titles == {shown, "Mr. Ilves spoke at the library on Tuesday."}
    story = json.loads(runner.invoke(app, ["story", "1", "--db", str(db), "--json"]).stdout)
    assert [a["heading"] for a in story["articles"]] == [story["title"]] and story["articles"][0]["title"] is None
    listed = runner.invoke(app, ["articles", "--db", str(db)], env={"COLUMNS": "200"}).stdout
    printed = iter(listed.split())
    assert all(word in printed for word in shown.split()), listed  # every word, in order
    assert "ends." not in listed and "close." not in listed


def test_a_long_list_shows_its_first_rows_and_says_how_to_see_the_rest(db, tmp_path, monkeypatch):
    # Drawing a table of 100,000 articles takes minutes: text lists stop at TEXT_ROWS unless --limit says
    # otherwise, and say what they left out; --json gives every row unless --limit is given.
    from newsweave import cli

    other = tmp_path / "vote.txt"
    other.write_text(" date 2024-05-20\nCouncil votes on the school budget\n\nThe town council voted nine to two on "
                     "Monday night to raise the school budget by four percent, after teachers filled the hall.\n")
    assert runner.invoke(app, ["ingest", str(other), "--db", db]).exit_code == 0
    monkeypatch.setattr(cli, "TEXT_ROWS", 1)
    first = runner.invoke(app, ["articles", "--db", db])
    assert "Pier opens" in first.stdout and "Markup" not in first.stdout
    assert "1 of 3 articles shown; --limit N for another number, --limit 0 for all" in first.stderr
    every = runner.invoke(app, ["articles", "--db", db, "--limit", "0"])
    assert "Pier opens" in every.stdout and "Markup" in every.stdout and "shown" not in every.stderr
    assert runner.invoke(app, ["articles", "--db", db, "--limit", "3"]).stderr == ""  # all three: nothing left out
    assert len(json.loads(runner.invoke(app, ["articles", "--db", db, "--json"]).stdout)) == 3
    assert len(json.loads(runner.invoke(app, ["articles", "--db", db, "--json", "--limit", "1"]).stdout)) == 1
    stories = json.loads(runner.invoke(app, ["stories", "--db", db, "--json"]).stdout)
    assert len(stories) == 2  # the pier (two reports) and the vote
    listed = runner.invoke(app, ["stories", "--db", db])
    assert "1 of 2 stories shown" in listed.stderr and stories[0]["title"][:12] in listed.stdout
    assert stories[1]["title"][:12] not in listed.stdout
    # the first story of the JSON list, with its articles, is the first row of the table
    assert json.loads(runner.invoke(app, ["stories", "--db", db, "--json", "--limit", "1"]).stdout) == stories[:1]
    assert "1 of 2 storylines shown" in runner.invoke(app, ["storylines", "--db", db]).stderr
    assert runner.invoke(app, ["storylines", "--db", db, "--limit", "5"]).stderr == ""
    # a filter that leaves nothing says so, and does not send the user to ingest a corpus they have
    later = runner.invoke(app, ["stories", "--db", db, "--since", "2030-01-01"])
    assert later.exit_code == 0 and "match --since" in later.stderr and "ingest" not in later.stderr


def test_wording_plurals_and_storyline_ids(db):
    shown = runner.invoke(app, ["show", "1", "--db", str(db)]).stdout
    assert "(2 articles, storyline L1)" in shown and "storyline #" not in shown
    for command in app.registered_commands:
        text = runner.invoke(app, [command.name, "--help"]).stdout
        assert "JSON array" not in text and "<list[str]>" not in text and "{" not in text.splitlines()[0], text
        assert not re.search(r"--[\w-]+ None\b", text), text  # every option shows its metavar
    assert "Usage: newsweave ingest [OPTIONS] INPUT..." in runner.invoke(app, ["ingest", "--help"]).stdout


def _jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_search_filters_and_spellings(tmp_path, db_url):
    records = [
        {"id": "a", "outlet": "Coast News", "published": "2025-03-01", "title": "Talks in Kyiv",
         "text": "Officials met in Kyiv on Monday to discuss the harbour treaty. " + PARAGRAPH},
        {"id": "b", "outlet": "Valley Gazette", "published": "2025-03-09", "title": "Delegates leave Kiev",
         "text": "The delegates left Kiev on Sunday after the harbour treaty talks. " + PARAGRAPH},
        {"id": "c", "outlet": "Coast News", "published": "2025-04-20", "title": "Harbour treaty signed",
         "text": "The harbour treaty was signed in Geneva. " + PARAGRAPH},
    ]
    db = db_url
    assert runner.invoke(app, ["ingest", str(_jsonl(tmp_path / "in.jsonl", records)), "--db", str(db)]).exit_code == 0

    def found(*args: str) -> set[str]:
        return {h["title"] for h in json.loads(runner.invoke(app, ["search", *args, "--db", str(db), "--json"]).stdout)}

    assert found("treaty") == {"Talks in Kyiv", "Delegates leave Kiev", "Harbour treaty signed"}
    assert found("treaty", "--outlet", "Coast News") == {"Talks in Kyiv", "Harbour treaty signed"}
    assert found("treaty", "--since", "2025-03-05", "--until", "2025-03-31") == {"Delegates leave Kiev"}
    assert found("Kiev") == {"Talks in Kyiv", "Delegates leave Kiev"}  # one city, two spellings
    assert found("Kyiv") == found("Kiev")
    assert found("harbour Kiev") == found("Kyiv harbour") == found("Kiev")  # a spelling beside other words


def test_quotes_since_and_export_of_one_story(tmp_path, db_url):
    records = [
        {"id": "a", "outlet": "Coast News", "published": "2025-03-01", "title": "Pier talks",
         "text": '"The pier will open in May," Mayor Ana Ruiz said on Saturday. ' + PARAGRAPH},
        {"id": "b", "outlet": "Valley Gazette", "published": "2025-09-09", "title": "Storm closes coast road",
         "text": '"The road stays shut until Friday," county engineer Tom Hale said of the storm damage.'},
    ]
    db = db_url
    assert runner.invoke(app, ["ingest", str(_jsonl(tmp_path / "in.jsonl", records)), "--db", str(db)]).exit_code == 0
    quotes = json.loads(runner.invoke(app, ["quotes", "--since", "2025-06-01", "--db", str(db), "--json"]).stdout)
    assert {q["speaker"] for q in quotes} == {"Tom Hale"}
    stories = json.loads(runner.invoke(app, ["stories", "--db", str(db), "--json"]).stdout)
    road = next(s for s in stories if s["title"] == "Storm closes coast road")
    out = tmp_path / "one.jsonl"
    result = runner.invoke(app, ["export", "--story", str(road["id"]), "--out", str(out), "--db", str(db)])
    assert result.exit_code == 0 and [r["title"] for r in read_export(out)] == ["Storm closes coast road"]
    result = runner.invoke(app, ["export", "--what", "quotes", "--story", str(road["id"]), "--out",
                                 str(tmp_path / "q.csv"), "--db", str(db)])
    assert [r["speaker"] for r in read_export(tmp_path / "q.csv")] == ["Tom Hale"]


def test_story_ids_survive_a_full_recluster(tmp_path, db_url):
    late = {"id": "late", "outlet": "Coast News", "published": "2025-06-20", "title": "Ferry strike ends",
            "text": "Ferry crews ended their strike on Friday after a pay deal with the port. " + PARAGRAPH}
    early = {"id": "early", "outlet": "Valley Gazette", "published": "2025-02-02", "title": "Flood hits valley",
             "text": "Floodwaters covered the valley farms on Sunday as the river burst its banks."}
    db = db_url
    for record in (late, early):  # ingested out of date order: a re-cluster takes them in date order
        assert runner.invoke(app, ["ingest", str(_jsonl(tmp_path / f"{record['id']}.jsonl", [record])),
                                   "--db", str(db)]).exit_code == 0

    def ids() -> dict[str, tuple[int, int]]:
        return {s["title"]: (s["id"], s["storyline"]) for s in
                json.loads(runner.invoke(app, ["stories", "--db", str(db), "--json"]).stdout)}

    before = ids()
    assert before["Ferry strike ends"][0] == 1
    assert runner.invoke(app, ["cluster", "--redo", "--db", str(db)]).exit_code == 0
    assert ids() == before
    assert runner.invoke(app, ["cluster", "--redo", "--db", str(db)]).exit_code == 0
    assert ids() == before


def test_one_host_is_one_outlet_whatever_its_port(tmp_path, db_url):
    page = "<html><body><article><p>" + PARAGRAPH + "</p><p>" + PARAGRAPH + " Again.</p></article></body></html>"
    records = [{"id": "a", "url": "http://news.example:8080/a", "html": page},
               {"id": "b", "url": "https://www.news.example/b", "html": page.replace("Again", "Once more")}]
    db = db_url
    assert runner.invoke(app, ["ingest", str(_jsonl(tmp_path / "in.jsonl", records)), "--db", str(db),
                               "--no-annotate"]).exit_code == 0
    outlets = {a["outlet"] for a in json.loads(runner.invoke(app, ["articles", "--db", str(db), "--json"]).stdout)}
    assert outlets == {"news.example"}


def test_many_skips_of_one_feed_are_summed_up(tmp_path, db_url):
    from .helpers import rss

    teasers = [(f"Teaser {i}", "Mon, 03 Mar 2025 10:00:00 GMT", f"Short teaser number {i}.") for i in range(10)]
    (tmp_path / "feed.xml").write_text(rss(teasers))
    result = runner.invoke(app, ["ingest", str(tmp_path / "feed.xml"), "--db", db_url, "--json"])
    lines = [x for x in result.stderr.splitlines() if x.startswith("skipped:")]
    assert len(lines) == 4 and lines[-1].startswith(f"skipped: {tmp_path / 'feed.xml'}: 7 more items: feed item has")
    assert len(json.loads(result.stdout)["skipped"]) == 10  # every one is still in the JSON summary


def test_an_entity_row_shows_its_most_used_aliases_and_the_outlets_that_used_them():
    from newsweave.cli import ALIASES_SHOWN, OUTLETS_SHOWN, _alias_usage
    from newsweave.model import CanonicalEntity

    aliases = [f"Alias{i}" for i in range(ALIASES_SHOWN + 2)]
    outlets = {f"Outlet{o}": {a: (o + 1) * (10 - i) for i, a in enumerate(aliases)} for o in range(OUTLETS_SHOWN + 2)}
    outlets["Outlet0"]["Alias7"] = 1000  # one outlet's favourite makes Alias7 the most used overall
    e = CanonicalEntity(1, "Alias0", "person", tuple(aliases), outlets, 0, 0)
    row = _alias_usage(e)
    assert row.startswith("Alias7 (Outlet0, ") and "; Alias0 (" in row  # most used first, its users likewise
    assert row.count(" (Outlet") == ALIASES_SHOWN and row.endswith("; +2 more aliases (--name for all)")
    assert f"+{len(outlets) - OUTLETS_SHOWN + 1} more)" in row
    whole = _alias_usage(e, whole=True)
    assert whole.count(" (Outlet") == len(aliases) and "more" not in whole and all(o in whole for o in outlets)


def test_a_json_list_is_printed_a_record_at_a_time_as_one_dump_would_print_it(capsys):
    from newsweave.cli import _print_json
    from newsweave.normalize import json_safe

    records = [{"id": 1, "text": "line one\nline two \u202e", "spans": [[0, 4], {"a": None}]}, {"id": 2, "x": []},
               [], "plain"]
    for data in (records, [], [{}], {"one": "object"}):
        _print_json(iter(data) if isinstance(data, list) else data)
        assert capsys.readouterr().out == json_safe(json.dumps(data, ensure_ascii=False, indent=2)) + "\n"
