"""The CLI: contracts of --json output, exports, exit codes, escaping, and docs that cover every command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsweave.cli import app

from .conftest import ROOT
from .helpers import PARAGRAPH, read_export

runner = CliRunner()
ARTICLE_FIELDS = {"id", "source", "outlet", "title", "published", "published_range", "date_evidence", "text",
                  "headings", "removed_lines"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(f" date 2024-03-04\nPier opens to ferries\n\n{PARAGRAPH}\n\nSee also: Storm closes road\n")
    (src / "b.txt").write_text(f"[bold red]Markup[/] in a title\n\nBackground\n\n{PARAGRAPH} [link=http://x]x[/link]\n")
    path = tmp_path / "cli.db"
    result = runner.invoke(app, ["ingest", str(src), "--db", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_every_command_has_help_and_docs():
    docs = (ROOT / "docs" / "cli.md").read_text()
    for command in app.registered_commands:
        name = command.name
        assert command.callback.__doc__, name
        assert f"newsweave {name}" in docs, f"docs/cli.md does not document {name}"
        assert runner.invoke(app, [name, "--help"]).exit_code == 0


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


def test_export_unknown_format(db, tmp_path):
    result = runner.invoke(app, ["export", "--format", "xls", "--out", str(tmp_path / "x.xls"), "--db", str(db)])
    assert result.exit_code == 1 and "unknown export format" in result.stderr


def test_ingest_json_summary_and_exit_code(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "ok.txt").write_text(f"Title\n\n{PARAGRAPH}\n")
    result = runner.invoke(app, ["ingest", str(tmp_path / "empty.txt"), str(tmp_path / "ok.txt"),
                                 "--db", str(tmp_path / "j.db"), "--json"])
    assert result.exit_code == 2
    summary = json.loads(result.stdout)
    assert len(summary["added"]) == 1 and summary["failed"][0]["code"] == "NW101"


def test_no_progress_when_piped(tmp_path):
    (tmp_path / "ok.txt").write_text(f"Title\n\n{PARAGRAPH}\n")
    result = runner.invoke(app, ["ingest", str(tmp_path / "ok.txt"), "--db", str(tmp_path / "p.db"), "--quiet"])
    assert result.exit_code == 0 and result.stderr == "" and result.stdout == ""
