"""Across outlets on small texts written for these tests: reference parsing, value compatibility, subject
linking, and a three-outlet story end to end through the API and the CLI (JSON contracts)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

import newsweave
from newsweave.across.claims import (WIDE_SUBJECT_MARGIN, compatible, gerund, interval, margins, neighbourhoods,
                                     subject_phrase)
from newsweave.across.framing import name_uses
from newsweave.across.scope import parse_ref
from newsweave.across.statements import sentence_spans
from newsweave.cli import app
from newsweave.errors import NotFound, UsageError
from newsweave.model import Claim, StoredClaim, TextSpan

from .helpers import write_reports


@pytest.mark.parametrize("ref, expected", [("12", ("story", 12)), ("#3", ("story", 3)), ("L3", ("storyline", 3)),
                                           ("l7", ("storyline", 7)), (5, ("story", 5))])
def test_parse_ref(ref, expected):
    assert parse_ref(ref) == expected


@pytest.mark.parametrize("ref", ["", "x1", "L", "3L", "1.5"])
def test_parse_ref_rejects(ref):
    with pytest.raises(UsageError):
        parse_ref(ref)


def test_a_storyline_s_title_names_no_labels_in_capitals(tmp_path):
    from newsweave.across.scope import title_actors
    from newsweave.model import StorylineState
    from newsweave.store import Store

    store = Store(tmp_path / "t.db")
    names = ["Las Vegas", "Mandalay Bay", "LUXOR HOTEL BROKEN", "NATO", "Stephen Paddock"]
    ids = [store.add_entity(n, "person" if " " in n else "org", None) for n in names]
    state = StorylineState(0, b"", 1)
    state.id = store.add_storyline(state)
    store.update_storyline(state, {e: 10.0 - i for i, e in enumerate(ids)}, 5)  # most mentioned first
    assert title_actors(store, state.id) == ["Las Vegas", "Mandalay Bay", "NATO"]  # an acronym is no label
    store.close()


@pytest.mark.parametrize("verb, expected", [("meet", "meeting"), ("vote", "voting"), ("stop", "stopping"),
                                            ("die", "dying"), ("agree", "agreeing"), ("visit", "visiting")])
def test_gerund(verb, expected):
    assert gerund(verb) == expected


def test_adverb_counts_compare_as_events():
    assert subject_phrase("met", "meet", "twice") == "meetings"
    assert subject_phrase("rounds of talks", "round", "three") == "rounds of talks"


def _claim(value, qualifier=None, unit="count"):
    return StoredClaim(1, 1, "s", "o", Claim(TextSpan(0, 3, "x y"), TextSpan(2, 3, "y"), "talks", value, unit, qualifier))


@pytest.mark.parametrize("a, b, ok", [
    ((3.0,), (3.0,), True), ((2.0,), (3.0,), False), ((1_200_000.0,), (1_210_000.0,), True),
    ((1_200_000.0, "over"), (1_500_000.0,), True), ((1_200_000.0, "over"), (1_000_000.0,), False),
    ((100.0, "about"), (110.0,), True), ((100.0, "nearly"), (110.0,), False), ((50.0, "up to"), (40.0,), True),
    (("Istanbul", None, "place"), ("istanbul", None, "place"), True),
    (("Istanbul", None, "place"), ("Geneva", None, "place"), False)])
def test_compatible(a, b, ok):
    assert compatible(_claim(*a), _claim(*b)) is ok
    assert compatible(_claim(*b), _claim(*a)) is ok


def test_interval_of_a_lower_bound_is_open():
    assert interval(5, "more than") == (5, float("inf"))


def test_name_uses_counts_quoted_terms_apart_and_needs_context():
    text = ('Officials in Kyiv said the invasion continues. The Kremlin calls it a "special military operation".')
    uses = name_uses(text)
    assert ("Ukraine's capital", "Kyiv", False) in uses
    assert ("Russia's war in Ukraine", "special military operation", True) in uses
    assert ("Russia's war in Ukraine", "operation", False) not in uses  # the longest variant wins
    assert not [u for u in name_uses("The trade war goes on.") if u[1] == "war"]  # no context, no match


def test_sentences_inside_a_quotation_are_known():
    from newsweave.across.statements import quoted_sentences

    text = ('Brell spoke on Monday. "The dam will hold. When the rain came, we were ready. Nobody left," he '
            'said. Farmers disagreed.')
    assert quoted_sentences(text) == {2}  # "When the rain came, ...": the middle of his quotation


def test_sentence_spans_skip_abbreviations():
    text = "Remarks from U.S. President Smith came late. Mr. Jones replied.\nNext line"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Remarks from U.S. President Smith came late.", "Mr. Jones replied.", "Next line"]


# --- a three-outlet story, written for this test -------------------------------------------------------------
_PORT = {
    "harbor-herald.txt": ("Dockworkers strike closes Port Valmora", (
        "Dockworkers at Port Valmora walked off the job on Monday, halting all cargo traffic, union leader "
        "Marta Ilves said.\n\n"
        '"We will not return until the safety rules are rewritten from the first line to the last," Ilves told '
        "reporters at the gates.\n\n"
        "The union said 4,000 workers joined the strike in Valmora.\n\n"
        "Shipping agents said 12 vessels were waiting offshore by the evening.")),
    "coastal-times.txt": ("Port Valmora shut as dockworkers strike", (
        "Cargo traffic at Port Valmora stopped on Monday as dockworkers went on strike, union leader Marta "
        "Ilves said.\n\n"
        '"We are not going back until the safety rules are rewritten from the first line to the last one," '
        "Ilves said at the port gates.\n\n"
        "About 2,500 workers joined the strike, according to the port authority.\n\n"
        "The strike in Valmora is the first since the port was privatised.")),
}
_PORT["wire-copy.txt"] = _PORT["coastal-times.txt"]  # a syndicated copy under another outlet
_OUTLETS = {"harbor-herald.txt": "Harbor Herald", "coastal-times.txt": "Coastal Times", "wire-copy.txt": "Bay Daily"}


@pytest.fixture(scope="module")
def port(tmp_path_factory):
    d = tmp_path_factory.mktemp("port")
    paths = write_reports(d, _PORT, _OUTLETS, "2024-05-06")
    db = d / "port.db"
    with newsweave.open(db) as corpus:
        report = corpus.ingest(paths, meta=d / "meta.csv", today=dt.date(2024, 6, 1))
        assert report.ok
        stories = corpus.stories()
        assert len(stories) == 1 and len(stories[0].articles) == 3
    return db, stories[0].id


def test_port_statement_is_matched_across_outlets(port):
    db, story = port
    with newsweave.open(db) as corpus:
        c = corpus.compare(story)
    remark = [s for s in c.statements if s.speaker.endswith("Ilves") and any("safety rules" in w.text
                                                                            for w in s.members)]
    assert remark and {w.outlet for w in remark[0].members} >= {"Harbor Herald", "Coastal Times"}


def test_port_strikers_count_is_contradicted_and_the_copy_counts_once(port):
    db, story = port
    with newsweave.open(db) as corpus:
        claims = corpus.claim_comparisons(story)
        contradicted = corpus.claim_comparisons(story, status="contradicted")
    workers = [c for c in contradicted if "worker" in c.subject]
    assert len(workers) == 1
    assert sorted({v.number for v in workers[0].values}) == [2500.0, 4000.0]
    # "first since the port was privatised" is in the original and its copy only: one independent report
    first = [c for c in claims if any("privatised" in v.sentence for v in c.values)]
    assert first and all(c.status == "single-source" for c in first)
    assert {v.outlet for c in first for v in c.values} == {"Coastal Times", "Bay Daily"}


def test_port_brief_and_timeline(port):
    db, story = port
    with newsweave.open(db) as corpus:
        brief = corpus.brief(story)
        timeline = corpus.timeline(story)
    assert brief.sentences and all(s.citations for s in brief.sentences)
    assert any(s.kind == "contested" and "4,000" in s.text and "2,500" in s.text for s in brief.sentences)
    assert [e.id for e in timeline.events] == [story]


def test_unknown_story_is_not_found(port):
    db, _ = port
    with newsweave.open(db) as corpus:
        with pytest.raises(NotFound):
            corpus.compare("999")
        with pytest.raises(NotFound):
            corpus.brief("L999")
        with pytest.raises(UsageError):
            corpus.claim_comparisons("1", status="maybe")


runner = CliRunner()


def _json(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_json_contracts(port):
    db, story = port
    claims = _json(["claims", str(story), "--db", str(db), "--json"])
    assert {"status", "subject", "values"} <= set(claims[0])
    assert {"value", "article", "source", "outlet", "as_of", "sentence"} <= set(claims[0]["values"][0])
    compare = _json(["compare", str(story), "--db", str(db), "--json"])
    assert {"statements", "framing", "coverage", "claims"} <= set(compare)
    member = compare["statements"][0]["members"][0]
    assert {"article", "source", "outlet", "text"} <= set(member) and "speaker" in compare["statements"][0]
    assert set(compare["framing"]) == {"Harbor Herald", "Coastal Times", "Bay Daily"}
    assert {"names", "quotes", "only_here"} <= set(compare["framing"]["Harbor Herald"])
    timeline = _json(["timeline", str(story), "--db", str(db), "--json"])
    assert [e["id"] for e in timeline["events"]] == [story] and "positions" in timeline
    brief = _json(["brief", str(story), "--db", str(db), "--json"])
    assert all({"text", "citations"} <= set(s) and s["citations"] for s in brief["sentences"])
    line = _json(["storylines", "--db", str(db), "--json"])[0]["ref"]
    assert _json(["brief", line, "--db", str(db), "--json"])["scope"]["kind"] == "storyline"


def test_cli_brief_formats_escape_text(port):
    db, story = port
    html = runner.invoke(app, ["brief", str(story), "--db", str(db), "--format", "html"])
    assert html.exit_code == 0 and html.stdout.startswith('<article class="brief">')
    md = runner.invoke(app, ["brief", str(story), "--db", str(db), "--format", "markdown"])
    assert md.exit_code == 0 and "Sources:" in md.stdout
    bad = runner.invoke(app, ["compare", "nope", "--db", str(db)])
    assert bad.exit_code == 1 and "NW400" in bad.stderr


def test_analyse_keeps_each_answer_and_the_commands_give_it_until_an_article_joins(port, tmp_path):
    from newsweave.across.claims import compare_claims
    from newsweave.across.scope import load_scope
    from newsweave.corpus import code_digest, view_key
    from newsweave.records import brief_dict, comparison_dict, timeline_dict

    db = tmp_path / "port.db"
    shutil.copy(port[0], db)
    story = port[1]
    with newsweave.open(db) as corpus:
        corpus.store.clear_views()  # (other tests' commands kept theirs)
        line = f"L{corpus.story(story).storyline}"
        assert corpus.unanalysed() == []  # three articles answer quickly on demand: nothing to do ahead
        assert sorted(corpus.unanalysed(min_articles=2)) == sorted([str(story), line])
    done = _json(["analyse", "--min-articles", "2", "--db", str(db), "--json"])
    assert sorted(done["analysed"]) == sorted([str(story), line]) and done["views"] == 6
    assert _json(["analyse", "--min-articles", "2", "--db", str(db), "--json"]) | {"seconds": 0} == \
        {"analysed": [], "views": 0, "seconds": 0}
    with newsweave.open(db) as corpus:
        assert corpus.unanalysed(min_articles=2) == []
        now = {"compare": comparison_dict(corpus.compare(story)), "brief": brief_dict(corpus.brief(story)),
               "timeline": timeline_dict(corpus.timeline(story))}
        kept_facts = corpus.claim_comparisons(story)  # read from the kept comparison: the same records
        assert kept_facts == compare_claims(load_scope(corpus.store, story)) and kept_facts
    for kind, computed in now.items():  # what is kept is what a computation now gives
        assert _json([kind, str(story), "--db", str(db), "--json"]) == json.loads(json.dumps(computed)), kind
    with newsweave.open(db) as corpus:  # and the commands answer from it: mark the kept answers and look
        key = view_key(corpus.store.scope_members(event_id=story))
        for kind in now:
            kept = json.loads(corpus.store.view(kind, str(story), key))
            kept["scope"]["title"] = "Kept <b>title</b>"
            kept.setdefault("title", kept["scope"]["title"])
            kept["title"] = "Kept <b>title</b>"
            if kind == "compare":
                kept["claims"][0]["summary"] = "kept summary"
            corpus.store.put_view(kind, str(story), key, json.dumps(kept), (), code_digest())
    def command(*args: str) -> str:  # a fresh process, as a user runs it (this one keeps answers parsed)
        done = subprocess.run([sys.executable, "-m", "newsweave.cli", *args, "--db", str(db)], capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    assert f"story {story}: Kept <b>title</b>" in command("compare", str(story))
    assert "<h1>Kept &lt;b&gt;title&lt;/b&gt;</h1>" in command("brief", str(story), "--format", "html")  # escaped
    assert "Kept" not in command("brief", str(story), "--sentences", "2")  # another length: computed
    assert "kept summary" in command("claims", str(story))
    # another outlet's report joins the story: what was kept of it is stale, and computed again when asked
    (tmp_path / "late.txt").write_text(_PORT["harbor-herald.txt"][1].replace("Monday", "Monday morning") + "\n")
    with newsweave.open(db) as corpus:
        corpus.ingest([str(tmp_path / "late.txt")], outlet="Gulf Wire", today=dt.date(2024, 6, 1))
        assert corpus.story_of(corpus.articles()[-1].id).id == story
        assert str(story) in corpus.unanalysed(min_articles=2)
    assert "Kept" not in command("compare", str(story))


def test_a_read_only_store_still_answers_and_keeps_nothing(port, tmp_path):
    db = tmp_path / "port.db"
    shutil.copy(port[0], db)
    with newsweave.open(db) as corpus:
        corpus.store.clear_views()
        corpus.store.conn.execute("PRAGMA query_only = 1")  # what a read-only file (or database role) does to writes
        assert corpus.view("brief", port[1])["sentences"] and not corpus.view_ready("brief", port[1])
        assert corpus.analyse([str(port[1])]) == 3 and corpus.unanalysed(min_articles=2)


def test_a_brief_takes_the_facts_of_a_kept_comparison_instead_of_comparing_again(port, tmp_path, monkeypatch):
    from newsweave.across import claims
    from newsweave.records import brief_dict

    db = tmp_path / "port.db"
    shutil.copy(port[0], db)
    with newsweave.open(db) as corpus:
        corpus.store.clear_views()
        computed = brief_dict(corpus.brief(port[1]))  # no kept comparison: the facts are compared here
        corpus.view("compare", port[1])

        def compared_again(material):
            raise AssertionError("the facts were compared again")

        monkeypatch.setattr(claims, "compare_claims", compared_again)
        assert brief_dict(corpus.brief(port[1])) == computed  # the kept facts: the same brief
        corpus.store.clear_views()
        with pytest.raises(AssertionError, match="compared again"):
            corpus.brief(port[1])


def test_ingest_analyses_ahead_the_large_stories_its_articles_are_in_and_nothing_else(tmp_path, monkeypatch):
    from newsweave import corpus as corpus_module

    monkeypatch.setattr(corpus_module, "ANALYSE_FROM", 2)  # what counts as large, for stories of three reports
    db, port, buffer = str(tmp_path / "i.db"), tmp_path / "port", tmp_path / "buffer"
    port.mkdir(), buffer.mkdir()
    paths = write_reports(port, _PORT, _OUTLETS, "2024-05-06")
    plain = runner.invoke(app, ["ingest", *paths, "--meta", str(port / "meta.csv"), "--workers", "1", "--db", db,
                                "--no-analyse"])  # a bulk load: a hint of what is waiting
    assert plain.exit_code == 0 and "hint: 2 large stories and storylines without a kept analysis" in plain.stderr
    with newsweave.open(db) as corpus:
        waiting = corpus.unanalysed()
    assert len(waiting) == 2
    paths = write_reports(buffer, _BUFFER, _BUFFER_OUTLETS, "2024-05-06")
    done = _json(["ingest", *paths, "--meta", str(buffer / "meta.csv"), "--workers", "1", "--db", db, "--json"])
    assert len(done["added"]) == len(_BUFFER) and done["views"] == 3 * len(done["analysed"])
    with newsweave.open(db) as corpus:
        assert corpus.unanalysed() == waiting  # the stories those articles did not join are left for their first call
        assert all(corpus.view_ready(k, r) for k in corpus.VIEWS for r in done["analysed"])
        joined = {ref for ref in done["analysed"] if not ref.startswith("L")}
        assert joined == {str(s.id) for a in done["added"] if (s := corpus.story_of(a)) and len(s.outlets) >= 2}
    again = _json(["ingest", *paths, "--meta", str(buffer / "meta.csv"), "--workers", "1", "--db", db, "--json"])
    assert again["added"] == [] and "analysed" not in again  # nothing new, nothing to analyse
    resumed = _json(["ingest", *write_reports(port, _PORT, _OUTLETS, "2024-05-06"), "--meta", str(port / "meta.csv"),
                     "--workers", "1", "--db", db, "--json"])  # as a run killed before its analysis, run again
    assert resumed["added"] == [] and sorted(resumed["analysed"]) == sorted(waiting)
    with newsweave.open(db) as corpus:
        assert corpus.unanalysed() == []


def test_analyse_stops_when_told_and_unknown_refs_fail_at_the_boundary(port, tmp_path):
    db = tmp_path / "port.db"
    shutil.copy(port[0], db)
    with newsweave.open(db) as corpus:
        corpus.store.clear_views()
        todo = corpus.unanalysed(min_articles=2)
        asked = []
        assert corpus.analyse(todo, stop=lambda: asked.append(1) or len(asked) > 2) == 2  # two views, then stop
        assert len(corpus.unanalysed(min_articles=2)) == len(todo)  # none whole yet
        assert corpus.analyse(todo) == 3 * len(todo) - 2 and corpus.unanalysed(min_articles=2) == []
    bad = runner.invoke(app, ["analyse", "999", "--db", str(db)])
    assert bad.exit_code == 1 and "no story 999" in bad.stderr


# Floors pinned from benchmarks/brief.py (docs/benchmarks.md); lower them only on purpose.
BRIEF_CITATION_PRECISION_FLOOR = 0.95


def test_port_brief_citations_hold_and_no_sentence_repeats(port):
    from newsweave.across.brief import redundant_pairs, supports

    db, story = port
    with newsweave.open(db) as corpus:
        brief = corpus.brief(story)
    texts = {a.id: a.text for a in brief.scope.articles}
    pairs = [(s, a) for s in brief.sentences for a in s.citations]
    good = sum(supports(texts[a], s) for s, a in pairs)
    assert pairs and good / len(pairs) >= BRIEF_CITATION_PRECISION_FLOOR
    assert redundant_pairs(brief) == []
    # the syndicated copy is cited beside its original, never a candidate of its own
    copy = next(a.id for a in brief.scope.articles if a.copy_of)
    assert all(s.citations != (copy,) for s in brief.sentences)


def test_brief_resolves_relative_days_and_keeps_the_articles_words():
    import datetime as dt

    from newsweave.across.brief import dated, without_insertions

    friday = (dt.date(2025, 9, 12), dt.date(2025, 9, 12))
    s = "Peskov told a briefing on Friday that talks were on pause, a day after he spoke yesterday to reporters."
    out = dated(s, friday, True)
    assert out == ("Peskov told a briefing on Friday [12 September 2025] that talks were on pause, a day after he "
                   "spoke yesterday [11 September 2025] to reporters.")
    assert without_insertions(out) == s
    assert dated(s, friday, False) is None  # its day is not known: the sentence cannot be used
    assert dated("The talks resumed in Istanbul.", None, False) == "The talks resumed in Istanbul."
    # a date written out is no relative day: nothing is inserted after it
    assert dated("The talks, on May 12, ended on Friday.", friday, True) == \
        "The talks, on May 12, ended on Friday [12 September 2025]."
    # after a possessive, not inside it; and not for the day the reader is given (a key date's own)
    assert dated("Friday's talks ended early.", friday, True) == "Friday's [12 September 2025] talks ended early."
    assert dated(s, friday, True, told=dt.date(2025, 9, 12)) == \
        s.replace("yesterday", "yesterday [11 September 2025]")


def _brief_of_one_story(tmp_path, texts: dict[str, str], today: dt.date):
    """The brief of the one story that the texts (file name -> text, one outlet's) make."""
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with newsweave.open(tmp_path / "d.db") as corpus:
        corpus.ingest([str(tmp_path / n) for n in texts], outlet="Wire", today=today)
        (story,) = corpus.stories()
        return corpus.brief(story.id)


def test_brief_drops_a_wire_dateline_and_locates_what_it_cites(tmp_path):
    texts = {"a.txt": "Dam talks end\n\nORVANE, May 20 (AWS) - The third round of talks between Arvenia and "
                      "Dalmir over the river dam ended without an agreement on water releases, officials said.\n",
             "b.txt": "Dam talks end\n\nThe third round of talks between Arvenia and Dalmir over the river dam "
                      "ended without an agreement on water releases, officials from both sides said.\n"}
    brief = _brief_of_one_story(tmp_path, texts, dt.date(2025, 6, 1))
    texts_by_id = {a.id: a.text for a in brief.scope.articles}
    first = brief.sentences[0]
    assert first.text.startswith("The third round") and "ORVANE" not in first.text
    for article, start, end in first.spans:
        assert article in first.citations
        assert texts_by_id[article][start:end].startswith("The third round")


def test_a_brief_leaves_out_a_photo_caption(tmp_path):
    caption = "Divers inspect the damaged sluice gate of the river dam near Orvane May 19, 2025."
    texts = {"a.txt": f"Dam talks end\n\n{caption} The third round of talks between Arvenia and Dalmir over the "
                      "river dam ended without an agreement on water releases, officials said.\n",
             "b.txt": f"Dam talks end\n\n{caption} Talks between Arvenia and Dalmir over the river dam ended on "
                      "Tuesday without an agreement on water releases, officials from both sides said.\n"}
    brief = _brief_of_one_story(tmp_path, texts, dt.date(2025, 5, 20))
    assert brief.sentences and all("sluice" not in s.text for s in brief.sentences)


def test_a_brief_leaves_out_a_pointer_to_other_content(tmp_path):
    pointer = "Watch the video of the flooded valley below the new sluice gate, filmed by a reader from Orvane."
    texts = {"a.txt": f"Dam talks end\n\nThe third round of talks between Arvenia and Dalmir over the river dam "
                      f"ended without an agreement on water releases, officials said. {pointer}\n"}
    brief = _brief_of_one_story(tmp_path, texts, dt.date(2025, 5, 20))
    assert brief.sentences and all("Watch" not in s.text for s in brief.sentences)


def test_a_brief_leaves_out_a_headline_run_into_its_page_s_time_stamp(tmp_path):
    glued = ("River dam talks end without a deal on water releases 20 May 2025 18.15 BST Ministers of Arvenia "
             "and Dalmir left Orvane without signing the accord on the river dam.")
    texts = {"a.txt": f"Dam talks end\n\n{glued}\n\nThe third round of talks between Arvenia and Dalmir over the "
                      "river dam ended without an agreement on water releases, officials said.\n"}
    brief = _brief_of_one_story(tmp_path, texts, dt.date(2025, 5, 20))
    assert brief.sentences and all("BST" not in s.text for s in brief.sentences)


def test_a_brief_cites_no_turn_of_a_broadcast_transcript(tmp_path):
    report = ("The third round of talks between Arvenia and Dalmir over the river dam ended without an agreement on "
              "water releases, officials said.")
    turns = ("HOST: The talks over the river dam ended without any agreement at all tonight.\n\n"
             "LIND: We came here ready to sign a fair deal on the water releases.\n\n"
             "HOST: Will the two sides meet again before the summer?\n\n"
             "LIND: The next round of talks on the river dam will be held in Orvane in June.\n")
    texts = {"b.txt": f"Dam talks end\n\n{report}\n\nThe Arvenian minister, Lena Lind, spoke to our programme "
                      f"after the talks in Orvane.\n\n{turns}"}
    brief = _brief_of_one_story(tmp_path, texts, dt.date(2025, 5, 20))
    assert brief.sentences and all(not any(line[:30] in s.text for line in turns.split("\n\n"))
                                   for s in brief.sentences)
    assert any(s.text.startswith("The third round") for s in brief.sentences)


def test_a_negated_report_keeps_its_negation_or_is_no_position(tmp_path):
    from newsweave.across.scope import load_articles
    from newsweave.across.statements import remarks

    texts = {"a.txt": "Hospital stay\n\nWhen the diagnosis was confirmed, Lena Varga did not want to remain in the "
                      "hospital, but was treated as an outpatient.\n\nLena Varga did not say that the clinic was "
                      "closing, a spokesman added.\n",
             "b.txt": "Clinic visit\n\nLena Varga said the clinic in Arven was well run.\n"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with newsweave.open(tmp_path / "x.db") as corpus:
        corpus.ingest([str(tmp_path / n) for n in texts], today=dt.date(2025, 1, 1))
        found = {r.text: r.position for r in remarks(load_articles(corpus.store, [1, 2]))}
    assert found.get("did not want to remain in the hospital") is True  # not "want to remain ..."
    assert found.get("the clinic was closing") is False                 # nothing was said
    assert found.get("the clinic in Arven was well run") is True


# --- one strike reported in three languages, written for this test ----------------------------------------------
_STRIKE = {
    "harbor-herald.txt": ("Dockworkers strike closes Port Valmora", (
        "Dockworkers at Port Valmora walked off the job on Monday, halting all cargo traffic, union leader "
        "Marta Ilves said.\n\n"
        "The union said 4,000 workers joined the strike at the port.\n\n"
        "Shipping agents said 12 vessels were waiting offshore by the evening.")),
    "vestnik.txt": ("Забастовка докеров закрыла порт Вальмора", (
        "Докеры порта Вальмора в понедельник прекратили работу, остановив все грузовые перевозки, заявила "
        "лидер профсоюза Марта Илвес.\n\n"
        "По словам профсоюза, к забастовке в порту присоединились 4 тыс. рабочих.\n\n"
        "Судовые агенты сообщили, что к вечеру у берега ожидали 12 судов.")),
    "nordkurier.txt": ("Streik der Hafenarbeiter legt Port Valmora lahm", (
        "Die Hafenarbeiter von Port Valmora haben am Montag die Arbeit niedergelegt und den gesamten "
        "Frachtverkehr gestoppt, sagte die Gewerkschaftsführerin Marta Ilves.\n\n"
        "Die Gewerkschaft sagte, rund 2.500 Arbeiter hätten sich dem Streik im Hafen angeschlossen.\n\n"
        "Der Hafen wurde vor 30 Jahren privatisiert.")),
}
_STRIKE_OUTLETS = {"harbor-herald.txt": "Harbor Herald", "vestnik.txt": "Vestnik", "nordkurier.txt": "Nordkurier"}


def test_numbers_are_compared_across_languages(tmp_path):
    paths = write_reports(tmp_path, _STRIKE, _STRIKE_OUTLETS, "2024-05-06")
    with newsweave.open(tmp_path / "strike.db") as corpus:
        assert corpus.ingest(paths, meta=tmp_path / "meta.csv", today=dt.date(2024, 6, 1)).ok
        claims = corpus.claims_between([a.id for a in corpus.articles()])
    by_value = {}
    for c in claims:
        for v in c.values:
            by_value.setdefault(v.number, set()).add((c.status, c.subject))
    # 4,000 workers (en) and 4 тыс. рабочих (ru) against rund 2.500 Arbeiter (de): one count, two values
    workers = [c for c in claims if {v.number for v in c.values} >= {4000.0, 2500.0}]
    assert len(workers) == 1 and workers[0].status == "contradicted", by_value
    assert {v.language for v in workers[0].values} == {"en", "ru", "de"}
    assert workers[0].subject == "workers"  # named in English where an English report states it
    # 12 vessels / 12 судов: corroborated by two outlets in two languages
    vessels = [c for c in claims if {v.number for v in c.values} == {12.0}]
    assert len(vessels) == 1 and vessels[0].status == "corroborated"
    assert {v.outlet for v in vessels[0].values} == {"Harbor Herald", "Vestnik"}
    # "vor 30 Jahren" is a fact of its own
    assert all(c.status == "single-source" for c in claims if 30.0 in {v.number for v in c.values})


_BUFFER = {
    "valley-post.txt": ("Board halves the buffer around new wells", (
        "The regional water board cut the required buffer between new wells and the river from 60 metres to "
        "30 metres, citing new studies of seepage.\n\n"
        "Between 300 and 400 farms applied for permits under the new rule, officials said.")),
    "metro-daily.txt": ("New wells may sit closer to the river", (
        "The regional water board had previously said new wells must keep 60 metres from the river to limit "
        "seepage.\n\n"
        "The board now requires new wells to keep 30 metres from the river, officials said.\n\n"
        "About 350 farms applied for permits under the new rule.")),
    "county-wire.txt": ("Anglers reject the smaller buffer", (
        "New wells must still keep 60 metres from the river to limit seepage, the anglers' association "
        "insisted, rejecting the board's rule.\n\n"
        "About 900 farms applied for permits under the new rule, the association said.")),
}
_BUFFER_OUTLETS = {"valley-post.txt": "Valley Post", "metro-daily.txt": "Metro Daily",
                   "county-wire.txt": "County Wire"}


def test_a_stated_change_is_a_change_over_time_and_a_range_is_an_interval(tmp_path):
    paths = write_reports(tmp_path, _BUFFER, _BUFFER_OUTLETS, "2024-05-06")
    with newsweave.open(tmp_path / "buffer.db") as corpus:
        assert corpus.ingest(paths, meta=tmp_path / "meta.csv", today=dt.date(2024, 6, 1)).ok
        assert {c.claim.value for c in corpus.claims() if c.claim.earlier} == {60.0}  # stored and read back
        claims = corpus.claims_between([a.id for a in corpus.articles()])
        brief = corpus.brief(corpus.stories()[0].id)
        outlet_of = {a.id: a.outlet for a in corpus.articles()}
    metres = [c for c in claims if "metre" in c.subject]
    # the brief tells the change, not the superseded value as news; and no outlet is cited for a figure it
    # contradicts ("About 900 farms" does not vouch for "Between 300 and 400 farms")
    assert not any("previously said" in s.text for s in brief.sentences)
    farms = [s for s in brief.sentences if s.text.startswith("Between 300 and 400 farms")]
    assert farms and "County Wire" not in {outlet_of[i] for i in farms[0].citations}

    def outlets(c, value):
        return {v.outlet for v in c.values if v.number == value}

    # "from 60 metres to 30 metres" and "had previously said ... 60 metres": 60 became 30, no contradiction
    changed = [c for c in metres if c.status == "changed-over-time"]
    assert len(changed) == 1 and outlets(changed[0], 60.0) == outlets(changed[0], 30.0) == {"Valley Post",
                                                                                            "Metro Daily"}
    # the anglers' "still 60 metres" is today's value against the board's 30
    contradicted = [c for c in metres if c.status == "contradicted"]
    assert len(contradicted) == 1 and outlets(contradicted[0], 60.0) == {"County Wire"}
    assert outlets(contradicted[0], 30.0) == {"Valley Post", "Metro Daily"}
    # 300 to 400 farms holds 350 but not 900
    farms = [c for c in claims if "farm" in c.subject and c.status == "contradicted"]
    assert len(farms) == 1 and 900.0 in {v.number for v in farms[0].values}
    assert not any(c.status == "contradicted" and {v.number for v in c.values} <= {300.0, 400.0, 350.0}
                   for c in claims)
    # shown as a user reads them: a range's ends carry their bound, a superseded value held before its report
    assert {v.value for c in claims for v in c.values if v.number in (300.0, 400.0)} == {"at least 300",
                                                                                         "up to 400"}
    assert "60 metres (Metro Daily, Valley Post, before 2024-05-06) → 30 metres" in changed[0].summary
    assert {v.earlier for v in changed[0].values if v.number == 60.0} == {True}
    assert "the regional water board" in {v.attributed_to for v in changed[0].values}  # read mid-sentence



# Five outlets on one collapse, each telling the same facts in its own words (for the brief's laziness)
_BRIDGE = [
    "The old rail bridge over the Selva river collapsed on Tuesday morning after days of heavy flooding, "
    "officials said. Engineers had warned last spring that the central pier was cracking badly. Freight trains "
    "between Orlo and Vantis have been diverted through the northern valley line. The regional transport "
    "office said a temporary crossing could open within six weeks. Residents gathered along the muddy banks "
    "to watch rescue boats search the flooded river.",
    "Heavy flooding brought down the old rail bridge over the Selva river on Tuesday morning, regional "
    "officials said. A report last spring had warned that the central pier of the bridge was cracking. "
    "Freight between Orlo and Vantis now runs on the northern valley line instead. A temporary crossing could "
    "open within six weeks, according to the regional transport office. Rescue boats searched the flooded "
    "river while residents watched from the banks.",
    "After days of heavy flooding, the old Selva river rail bridge collapsed on Tuesday, officials said. "
    "Engineers warned last spring that its central pier was cracking, the report shows. Trains between Orlo "
    "and Vantis are diverted through the northern valley line for now. The regional transport office expects "
    "a temporary crossing to open within six weeks. Dozens of residents lined the banks as rescue boats "
    "searched the river.",
    "The rail bridge across the Selva river collapsed on Tuesday morning following heavy flooding, officials "
    "confirmed. The central pier had been cracking since last spring, engineers said in a report. Freight "
    "trains from Orlo to Vantis have been diverted to the northern valley line. Officials at the regional "
    "transport office said a temporary crossing may open within six weeks. Rescue boats combed the flooded "
    "river as residents gathered on the banks.",
    "Floodwater brought down the Selva river rail bridge on Tuesday morning, officials said. Engineers had "
    "flagged a badly cracking central pier in a report last spring. Freight traffic between Orlo and Vantis "
    "was moved to the northern valley line. A temporary crossing could open within six weeks, the regional "
    "transport office said. Residents watched from the banks as rescue boats searched the flooded river.",
]


def _counted_story(texts: list[str], monkeypatch):
    """A story of one article per outlet on one day, and the list every text the embedding model is given is
    added to."""
    from newsweave import embed
    from newsweave.across.scope import Material
    from newsweave.model import Scope, ScopeArticle, Story

    day = (dt.date(2025, 3, 4), dt.date(2025, 3, 4))
    articles = tuple(ScopeArticle(n, f"{n}.txt", f"Outlet {n}", "Selva bridge collapses", text, 1, day, True,
                                  None, "en") for n, text in enumerate(texts, 1))
    material = Material(Scope("1", "story", 1, "Selva bridge collapses", (Story(1, "Selva bridge", 1, ()),),
                              articles))
    embedded: list[str] = []
    real = embed.embed
    monkeypatch.setattr(embed, "embed", lambda texts: (embedded.extend(texts), real(texts))[1])
    return material, embedded


def test_a_brief_embeds_only_the_possible_carriers_of_what_it_may_choose(monkeypatch):
    """A candidate's possible carriers (other articles' sentences sharing its telling words) are embedded only
    when its best possible score reaches the top: a one-sentence brief embeds fewer of them than a full one,
    and cites for its sentence what the full brief cites for it."""
    from newsweave import embed
    from newsweave.across.brief import make_brief

    material, embedded = _counted_story(_BRIDGE, monkeypatch)
    runs = {}
    for limit in (8, 1):
        embed._cache.clear()
        embedded.clear()
        runs[limit] = (make_brief(material, [], limit), len(embedded))
    (full, full_embedded), (short, short_embedded) = runs[8], runs[1]
    assert len(short.sentences) == 1 and short_embedded < full_embedded
    same = [s for s in full.sentences if s.text == short.sentences[0].text]
    assert same and same[0].citations == short.sentences[0].citations and same[0].spans == short.sentences[0].spans
    assert len(short.sentences[0].citations) >= 3


def test_a_brief_stops_embedding_a_candidates_carriers_once_it_cannot_reach_the_top(monkeypatch):
    """A candidate whose telling words recur in ten other outlets, each time in a sentence asking something
    else, may be carried by all of them until their sentences are read: one outlet at a time, it falls behind
    the sentence six outlets carry after a few, and the sentences of the outlets left are never embedded."""
    from newsweave import embed
    from newsweave.across.brief import make_brief

    carried = "The old rail bridge over the Selva river collapsed on Tuesday after heavy flooding, officials said."
    lone = "Freight trains between Orlo and Vantis will use the northern valley line until a temporary crossing opens."
    unlike = [f"Which singers toured the northern valley in {year} by train, crossing the border at a temporary line?"
              for year in range(1930, 2010, 8)]  # questions: never candidates
    texts = [f"{lone} {carried} Rescue boats searched the river."] + [
        f"{carried} {other} Residents watched from the banks." for other in unlike[:5]] + [
        f"{other} Residents watched from the banks as the water rose." for other in unlike[5:]]
    material, embedded = _counted_story(texts, monkeypatch)
    embed._cache.clear()
    brief = make_brief(material, [], 1)
    assert len(brief.sentences) == 1 and brief.sentences[0].text.startswith(carried[:48])
    assert len(brief.sentences[0].citations) == 6
    assert 0 < len(set(embedded) & set(unlike)) < len(unlike)


def test_a_subject_across_languages_is_judged_by_its_margin_over_its_neighbours():
    # cross-lingual cosines of short phrases sit close together: a claim of article 0 against two of article 1 at
    # 0.90 and 0.85, both high, is the same subject as the closer one only
    import numpy as np

    x = [1.0, 0.0, 0.0]
    a, b = [0.9, (1 - 0.81) ** 0.5, 0.0], [0.85, 0.0, (1 - 0.85 ** 2) ** 0.5]
    vectors = np.array([x, a, b])
    column, near = neighbourhoods(vectors, [0, 1, 1])
    assert near[0, column[1]] == pytest.approx(0.875)  # x's two closest in article 1
    assert near[1, column[0]] == pytest.approx(0.9) and near[2, column[0]] == pytest.approx(0.85)  # one there
    margin = margins(vectors @ vectors.T, near, np.array([column[0], column[1], column[1]]))
    assert margin[0, 1] >= WIDE_SUBJECT_MARGIN > margin[0, 2] and margin[1, 0] == margin[0, 1]
    # two claims each alone of their unit in their article: a margin of 1, whatever their cosine
    column, near = neighbourhoods(vectors[:2], [0, 1])
    assert margins(vectors[:2] @ vectors[:2].T, near, np.array([0, 1]))[0, 1] >= 1.0


# --- measures: one quantity in two units, and distances that say not of what ----------------------------------
_SPILL = {
    "harbor-herald.txt": ("Tanker leaks oil off Valmora", (
        "Some 1,000 barrels of oil a day are leaking from the damaged tanker Arvane near Port Valmora, the "
        "coastguard said on Monday.\n\n"
        "The Arvane ran aground 52 miles off the Valmora coast on Sunday night.")),
    "coastal-times.txt": ("Oil leaking from grounded tanker Arvane", (
        "As much as 42,000 gallons of oil a day is leaking from the damaged tanker Arvane near Port Valmora, "
        "coastguard officials said on Monday.\n\n"
        "By Monday evening the slick from the Arvane was about 20 miles offshore, south of Valmora.")),
}


def _claims_of_one_story(folder, reports: dict[str, tuple[str, str]], published: str):
    """The facts of a two-outlet story written for a test, ingested into a fresh store (one story, checked)."""
    outlets = {"harbor-herald.txt": "Harbor Herald", "coastal-times.txt": "Coastal Times"}
    paths = write_reports(folder, reports, outlets, published)
    with newsweave.open(folder / "story.db") as corpus:
        assert corpus.ingest(paths, meta=folder / "meta.csv", today=dt.date(2024, 6, 1)).ok
        assert len(corpus.stories()) == 1
        return corpus.claim_comparisons(corpus.stories()[0].id)


def test_a_measure_in_two_units_is_one_value_and_a_distance_of_nothing_named_is_not_contradicted(tmp_path):
    claims = _claims_of_one_story(tmp_path, _SPILL, "2024-05-06")
    oil = [c for c in claims if any("barrels" in v.value for v in c.values)]
    assert len(oil) == 1 and oil[0].status == "corroborated" and oil[0].unit == "measure-volume"
    assert {v.value for v in oil[0].values} == {"Some 1,000 barrels", "As much as 42,000 gallons"}
    assert not [c for c in claims if c.status == "contradicted"]  # 52 miles off the coast, the slick 20 miles out


_CRASH = {
    "harbor-herald.txt": ("Tram overturns in Valmora", (
        "A tram overturned on a sharp curve in Valmora on Wednesday morning, and dozens of passengers were "
        "injured, the fire service said.\n\nThe line stays closed.")),
    "coastal-times.txt": ("Valmora tram crash injures many", (
        "More than 50 passengers were injured when a tram overturned on a sharp curve in Valmora on Wednesday "
        "morning, the fire service said.\n\nInvestigators are at the scene.")),
}


def test_a_round_number_in_the_plural_contradicts_no_figure(tmp_path):
    claims = _claims_of_one_story(tmp_path, _CRASH, "2024-05-08")
    values = {v.value for c in claims for v in c.values}
    assert {"dozens", "More than 50"} <= values  # both read, as counts of passengers
    assert not [c for c in claims if c.status == "contradicted"]
