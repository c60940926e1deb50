"""Events and storylines (newsweave.stories): the rules on their own, then whole corpora in real SQLite files
with the real spaCy and embedding models: the fictional examples/ corpus, bad input, and texts written here."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from typer.testing import CliRunner

import newsweave
from newsweave.cli import app
from newsweave.model import EventState
from newsweave.stories import (EVENT_MAX_GAP_DAYS, STATEMENT_SAME_EVENT, Clusterer, Features, content_words,
                               entity_overlap, statement_overlap)

from .conftest import EXAMPLES, TODAY

D = dt.date(2025, 5, 20).toordinal()


def run_cli(*args, check=True):
    result = CliRunner().invoke(app, list(args))
    if check:
        assert result.exit_code == 0, result.output
    return result


def test_content_words_drop_stop_words_and_short_words():
    assert content_words("It is probably more accurate to speak of a pause, he said.") == \
        {"probably", "accurate", "speak", "pause", "said"}


@pytest.mark.parametrize("a, b, expected", [
    # one speaker (1), the same remark in two translations: most content words shared
    ([(1, content_words("it is probably more accurate to speak of a pause"))],
     [(1, content_words("for now it is probably more accurate to talk about a pause"))], 0.75),
    # the same words from another speaker are not the same remark
    ([(1, content_words("it is probably more accurate to speak of a pause"))],
     [(2, content_words("it is probably more accurate to speak of a pause"))], 0.0),
    # topic words alone (fewer than three shared) are not a remark
    ([(1, content_words("peace talks with Ukraine continue slowly"))],
     [(1, content_words("peace talks resume next week in Istanbul"))], 0.0),
    ([], [(1, content_words("anything at all said here today"))], 0.0),
])
def test_statement_overlap(a, b, expected):
    assert statement_overlap(a, b) == pytest.approx(expected)


@pytest.mark.parametrize("a, b, expected", [
    ({1: 2, 2: 2}, {1: 1, 2: 1}, 1.0),
    ({1: 1}, {2: 1}, 0.0),
    ({1: 3, 2: 1}, {1: 1, 2: 3}, 0.5),
    ({}, {1: 1}, 0.0),
])
def test_entity_overlap(a, b, expected):
    assert entity_overlap(a, b) == pytest.approx(expected)


def _features(earliest, latest, exact):
    return Features(1, np.zeros(384, dtype=np.float32), {}, [], earliest, latest, exact)


def _event(day_min, day_max, dated):
    return EventState(1, 1, 1, dated, day_min, day_max, b"", 1)


@pytest.mark.parametrize("article, event, ok", [
    (_features(D, D, True), _event(D - 1, D, True), True),                       # a day later
    (_features(D, D, True), _event(D - EVENT_MAX_GAP_DAYS - 3, D - EVENT_MAX_GAP_DAYS - 1, True), False),  # too late
    (_features(D + 90, D + 90, True), _event(D, D, True), False),                # three months later
    (_features(D - 30, D + 30, False), _event(D, D, True), True),                # undated, range covers it
    (_features(D + 10, D + 40, False), _event(D, D, True), False),               # undated, range after it
    (_features(None, None, False), _event(D, D, True), True),                    # nothing known of the date
    (_features(D, D, True), _event(D - 10, D + 10, False), True),                # an undated event's range
])
def test_time_compatible(article, event, ok):
    assert Clusterer.time_compatible(article, event) is ok


# --- the examples corpus: one storyline over three months, a wire copy, a side story --------------------
@pytest.fixture(scope="module")
def examples(tmp_path_factory):
    c = newsweave.open(tmp_path_factory.mktemp("stories") / "ex.db")
    c.ingest([str(EXAMPLES / "corpus")], meta=EXAMPLES / "meta.csv", today=TODAY)
    yield c
    c.close()


def _by_outlet(story):
    return sorted(a.outlet for a in story.articles)


def _partition(corpus):
    return sorted(sorted(a.id for a in s.articles) for s in corpus.stories())


def test_examples_same_remark_in_other_words_is_one_event(examples):
    opening = [s for s in examples.stories() if "Harbor Daily" in s.outlets]
    assert len(opening) == 1
    assert _by_outlet(opening[0]) == ["Harbor Daily", "The Northern Ledger"]
    joined = [a for a in opening[0].articles if a.how != "new"]
    assert joined and joined[0].how in ("statement", "text") and joined[0].score >= STATEMENT_SAME_EVENT


def test_examples_wire_copy_is_in_the_event_of_its_original(examples):
    third = [s for s in examples.stories() if "Morning Post Meridian" in s.outlets and
             any(a.duplicate_of for a in s.articles)]
    assert len(third) == 1
    copies = [a for a in third[0].articles if a.duplicate_of]
    ids = {a.id for a in third[0].articles}
    assert all(a.duplicate_of in ids and a.how == "duplicate" for a in copies)
    assert "Coastline Times" in third[0].outlets


def test_examples_storyline_follows_the_talks_and_leaves_out_the_strike(examples):
    lines = examples.storylines()
    dam = lines[0]
    stories = {s.id: s for s in examples.stories()}
    assert len(dam.stories) >= 4
    starts = [stories[i].date_range[0] for i in dam.stories]
    assert starts == sorted(starts)
    assert {"Arvenia", "Dalmir"} <= set(dam.actors)
    strike = [s for s in stories.values() if "Port Selby" in s.title or "strike" in s.title.lower()]
    assert strike and all(s.storyline != dam.id for s in strike)


def test_examples_since_filters_stories(examples):
    assert all(s.date_range[1] >= dt.date(2025, 5, 1) for s in examples.stories(since=dt.date(2025, 5, 1)))
    assert len(examples.stories(since=dt.date(2025, 5, 1))) < len(examples.stories())


def test_reingest_changes_nothing_and_redo_gives_the_same_stories(examples):
    before = _partition(examples)
    report = examples.ingest([str(EXAMPLES / "corpus")], meta=EXAMPLES / "meta.csv", today=TODAY)
    assert not report.added
    assert _partition(examples) == before
    examples.cluster(redo=True)
    assert _partition(examples) == before


@pytest.mark.parametrize("kept_at_most", [0, 2])
def test_kept_term_centroids_cluster_as_centroids_read_afresh(examples, monkeypatch, kept_at_most):
    """A clusterer keeps the term centroids it read or made while their event or storyline keeps its size;
    clustering the corpus again with none kept, or so few that they are forgotten all the time, gives the same
    events, storylines and centroids."""
    store = examples.store

    def clusters():
        rows = [tuple(r) for r in store.conn.execute(
            "SELECT e.id, e.storyline_id, ea.article_id FROM events e JOIN event_articles ea ON ea.event_id = e.id "
            "ORDER BY ea.article_id")]
        events = store.event_states(sorted({r[0] for r in rows}))
        lines = store.storyline_states(sorted({r[1] for r in rows}))
        return rows, [(s.id, s.size, s.terms) for s in events], [(s.id, s.size, s.terms) for s in lines]

    examples.cluster(redo=True)
    kept = clusters()
    monkeypatch.setattr("newsweave.stories.TERMS_CACHED", kept_at_most)
    examples.cluster(redo=True)
    assert clusters() == kept and kept[2] and any(size > 1 for _, size, _ in kept[1])


def test_a_copy_joining_its_event_in_a_later_run_leaves_the_events_term_centroid_as_it_was(tmp_path):
    """A syndicated copy counts once, so its event is read without its term centroid; joining it must not write
    that empty centroid over the stored one (a later run, with nothing kept in memory, would read it back)."""
    text = ("The old rail bridge over the Selva river collapsed on Tuesday morning after days of heavy flooding, "
            "officials said. Engineers had warned last spring that the central pier was cracking badly. Freight "
            "trains between Orlo and Vantis have been diverted through the northern valley line.")
    for name, outlet, tail in (("first", "Harbor Daily", ""), ("copy", "Coastline Times", " Share this story.")):
        (tmp_path / f"{name}.jsonl").write_text(json.dumps({"id": name, "outlet": outlet, "published": "2025-03-04",
                                                            "title": "Selva bridge collapses", "text": text + tail}))
    with newsweave.open(tmp_path / "s.db") as corpus:  # one run for the original, one for its copy
        assert corpus.ingest([str(tmp_path / "first.jsonl")], today=TODAY).ok
        (event,) = corpus.store.event_states(sorted({s.id for s in corpus.stories()}))
    with newsweave.open(tmp_path / "s.db") as corpus:
        assert corpus.ingest([str(tmp_path / "copy.jsonl")], today=TODAY).ok
        (story,) = corpus.stories()
        assert [a.how for a in story.articles] == ["new", "duplicate"]
        after = corpus.store.event_states([event.id])[0]
    assert event.terms and after.terms == event.terms and after.size == event.size


def test_what_a_clusterer_keeps_is_given_back_only_at_the_size_it_was_made_at():
    from newsweave.stories import _BySize

    kept = _BySize(4)
    kept.put(1, 3, "centroid of event 1 at 3 reports")
    assert kept.get(1, 3) == "centroid of event 1 at 3 reports" and kept.get(1, 4) is None and kept.get(2, 3) is None
    for key in range(2, 6):  # full at 4: the least recently stored quarter (event 1) is forgotten
        kept.put(key, 1, key)
    assert kept.get(1, 3) is None and [kept.get(k, 1) for k in range(2, 6)] == [2, 3, 4, 5]
    kept.put(2, 2, "again")  # stored again: the most recent now, so 3 goes next
    kept.put(6, 1, 6)
    assert kept.get(3, 1) is None and kept.get(2, 2) == "again" and kept.get(2, 1) is None
    kept.pop(2)
    assert kept.get(2, 2) is None
    nothing = _BySize(0)
    nothing.put(1, 1, "x")
    assert nothing.get(1, 1) is None


def test_cli_stories_story_storylines_json(examples):
    data = json.loads(run_cli("stories", "--db", examples.path, "--json").stdout)
    assert data and {"id", "title", "first_published", "last_published", "articles", "outlets",
                     "storyline"} <= set(data[0])
    assert {"id", "source", "outlet", "duplicate_of"} <= set(data[0]["articles"][0])
    one = json.loads(run_cli("story", str(data[-1]["id"]), "--db", examples.path, "--json").stdout)
    assert one["id"] == data[-1]["id"] and one["articles"]
    lines = json.loads(run_cli("storylines", "--db", examples.path, "--json").stdout)
    assert {"id", "title", "stories"} <= set(lines[0])
    ids = [s["id"] for s in data]
    assert all(sid in ids for line in lines for sid in line["stories"])
    text = run_cli("stories", "--db", examples.path).stdout
    assert "Harbor Dail" in text  # the outlets column may be cut to the terminal width
    missing = run_cli("story", "99999", "--db", examples.path, check=False)
    assert missing.exit_code != 0 and "no story 99999" in missing.output


# --- bad input --------------------------------------------------------------------------------------------
REMARK = ("Talks with the Velmar delegation are, for now, best described as a pause rather than a collapse, "
          "and our negotiators remain in contact every week")


def _jsonl(path, records):
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return str(path)


def test_bad_input_clusters_sensibly(tmp_path):
    records = [
        {"outlet": "One Word", "title": "Brief", "published": "2025-06-02", "text": "Update."},
        {"outlet": "Empty", "title": "Nothing here", "published": "2025-06-02", "text": ""},
        {"outlet": "Daily A", "title": "Ostrava says Velmar talks paused", "published": "2025-06-02",
         "text": f'"{REMARK}," Ostrava foreign minister Petra Halloway told reporters in Brenn on Monday.\n\n'
                 "Halloway said the next meeting had not been scheduled."},
        {"outlet": "Weekly B", "title": "Halloway: a pause, not a collapse",
         "text": f'Petra Halloway, the foreign minister of Ostrava, said: "{REMARK}."\n\n'
                 "She spoke after meeting officials in Brenn."},
    ]
    with newsweave.open(tmp_path / "bad.db") as c:
        report = c.ingest([_jsonl(tmp_path / "in.jsonl", records)])
        assert len(report.failed) == 1 and "Empty" not in str(report.added)
        stories = c.stories()
        assert sorted(len(s.articles) for s in stories) == [1, 2]
        pause = next(s for s in stories if len(s.articles) == 2)
        undated = next(a for a in pause.articles if a.outlet == "Weekly B")
        assert undated.how == "statement"
        # the undated report takes its date from the dated one, with the evidence recorded
        assert undated.date_from_story is not None
        assert undated.date_from_story.earliest <= dt.date(2025, 6, 2) <= undated.date_from_story.latest
        assert any("Daily A" in e and "2025-06-02" in e for e in undated.date_from_story.evidence)
        shown = run_cli("show", str(undated.id), "--db", c.path).stdout
        assert f"story: #{pause.id}" in shown and "dated from its story" in shown


def test_undated_articles_cluster_by_text_with_a_flag(tmp_path):
    records = [{"outlet": o, "title": "Ostrava and Velmar pause talks",
                "text": f'"{REMARK}," Petra Halloway, the Ostrava foreign minister, said in Brenn.'}
               for o in ("Daily A", "Weekly B")]
    records[1]["text"] = f'Petra Halloway, Ostrava\'s foreign minister, said in Brenn: "{REMARK}"'
    with newsweave.open(tmp_path / "undated.db") as c:
        c.ingest([_jsonl(tmp_path / "in.jsonl", records)])
        stories = c.stories()
        assert len(stories) == 1 and stories[0].undated
        data = json.loads(run_cli("stories", "--db", c.path, "--json").stdout)
        assert data[0]["undated"] is True and data[0]["first_published"] is None


def test_500_copies_are_one_story(tmp_path):
    text = f'"{REMARK}," Petra Halloway, the Ostrava foreign minister, said in Brenn on Monday.'
    records = [{"outlet": f"Outlet {i:03}", "title": "Velmar talks paused", "published": "2025-06-02",
                "text": text} for i in range(500)]
    with newsweave.open(tmp_path / "copies.db") as c:
        report = c.ingest([_jsonl(tmp_path / "in.jsonl", records)])
        assert len(report.added) == 500
        stories = c.stories()
        assert len(stories) == 1 and len(stories[0].articles) == 500
        assert sum(1 for a in stories[0].articles if a.duplicate_of) == 499
        assert len(stories[0].outlets) == 500


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_export_stories(examples, tmp_path, fmt):
    from .helpers import read_export

    path = tmp_path / f"stories.{fmt}"
    n = examples.export(path, what="stories")
    rows = read_export(path)
    assert n == len(rows) == len(examples)
    assert {"story", "storyline", "article", "outlet", "duplicate_of"} <= set(rows[0])
    copies = [r for r in rows if r["duplicate_of"] not in (None, "")]
    assert copies and all(r["joined_by"] == "duplicate" for r in copies)


def test_cluster_fills_in_a_store_ingested_without_annotation(tmp_path):
    with newsweave.open(tmp_path / "later.db") as c:
        c.ingest([str(EXAMPLES / "corpus")], meta=EXAMPLES / "meta.csv", today=TODAY, annotate=False)
        assert c.stories() == []
        report = c.cluster()
        assert sorted(report.added) == sorted(a.id for a in c.articles())
        placed = sorted(a.id for s in c.stories() for a in s.articles)
        assert placed == sorted(a.id for a in c.articles())
        assert c.cluster().added == []  # nothing left to place
        assert any(len(s.articles) > 1 for s in c.stories())


# --- reports worded differently, many short reports, far dates, no date at all ----------------------------
FLOOD = [  # one happening, five outlets, no shared remark, each lead worded its own way
    ("Kessa Valley Radio", "2025-03-10", "Floodwaters breach Arvenia's Lomond dam, thousands evacuated",
     "The Lomond dam in northern Arvenia gave way early on Monday after days of heavy rain, sending floodwater "
     "into the towns of Brenn and Halvik. Emergency services evacuated about 12,000 residents overnight."),
    ("Harbor Daily", "2025-03-10", "Thousands flee as Lomond dam collapses after record rain",
     "Record rainfall caused part of the Lomond dam to collapse, and rescue crews in Brenn moved thousands of "
     "people to higher ground. Arvenia's interior ministry said 12,000 people had been evacuated."),
    ("The Northern Ledger", "2025-03-11", "Arvenia counts the damage after Lomond dam failure",
     "A day after the Lomond dam failed, flooded streets in Halvik and Brenn were still under water. Engineers "
     "blamed weeks of rain on the ageing dam, and Arvenia's government promised an inquiry into its upkeep."),
    ("Valley Gazette", "2025-03-11", "Lomond dam breach: what we know",
     "The breach of the Lomond dam forced the evacuation of some 12,000 Arvenians from Brenn and Halvik. "
     "Officials said the reservoir had risen to its highest level on record before the wall gave way."),
    ("Coastline Times", "2025-03-12", "Inquiry ordered into Lomond dam collapse as floods recede",
     "Arvenia's prime minister ordered an inquiry into the collapse of the Lomond dam as floodwater began to "
     "recede from Brenn. Evacuated residents of Halvik were told they could return within a week."),
]
STRIKE = [  # another happening the same days
    ("Harbor Daily", "2025-03-10", "Dalmir port workers walk out over pay",
     "Dock workers at the port of Sarnel in Dalmir began an indefinite strike on Monday, demanding a pay rise "
     "of eight percent. Container ships were left waiting outside the harbour."),
    ("Coastline Times", "2025-03-11", "Sarnel strike idles ships for a second day",
     "The strike by dock workers at Sarnel kept cranes idle for a second day, and Dalmir's transport minister "
     "urged the union and port operators to resume pay talks."),
]


def _record(outlet, published, title, text):
    return {"outlet": outlet, "published": published, "title": title, "text": text}


def _story_of(corpus, outlet, title):
    return next(s for s in corpus.stories() for a in s.articles if a.outlet == outlet and a.title == title)


# A subject and a side of it with actors of its own: a bank's failure told through its politicians, then the
# central bank's answer told through its governor and economist, and an unrelated report of the same days that
# names the central bank in passing.
BANK_CRISIS = [  # one storyline over ten days, its main actors politicians
    ("Nordland Herald", "2025-04-01", "Vantor Bank fails as Prime Minister Elena Varga promises rescue",
     "Vantor Bank, Nordland's third-largest lender, collapsed on Tuesday. Prime Minister Elena Varga said the "
     "government would protect savers, and Finance Minister Tomas Brekke called an emergency cabinet meeting. "
     "Opposition leader Ivo Stark blamed Varga and Brekke for lax rules. Varga said depositors would not lose "
     "their money. Brekke said the cabinet would meet again on Wednesday."),
    ("Coastal Post", "2025-04-04", "Varga and Brekke push bank rescue bill",
     "Prime Minister Elena Varga and Finance Minister Tomas Brekke asked parliament to pass a rescue of the "
     "failed Vantor Bank. Ivo Stark said his party would vote against the bill. Brekke said the rescue would "
     "cost 4 billion krona. Varga warned that other lenders were at risk; Stark called the rescue a gift to "
     "bankers."),
    ("Nordland Herald", "2025-04-08", "Parliament passes Vantor Bank rescue after Stark concedes",
     "Parliament passed the rescue of Vantor Bank on Tuesday after Ivo Stark's party abstained. Elena Varga "
     "said savers were safe. Tomas Brekke said the state would take over the bank's deposits. Stark said the "
     "vote was a defeat for taxpayers. Varga and Brekke thanked lawmakers. Central bank governor Paul Weber "
     "was consulted on the plan."),
    ("Coastal Post", "2025-04-11", "Bank crisis: Varga government faces no-confidence vote",
     "Ivo Stark filed a motion of no confidence in Elena Varga's government over the Vantor Bank collapse. "
     "Varga said the rescue had saved the banking system. Tomas Brekke defended the cost of the bailout. Stark "
     "said Brekke had ignored warnings about the lender."),
]
BANK_OTHER = [  # the same days, another subject
    ("Market Wire", "2025-04-17", "Halden chess open draws record field",
     "The Halden chess open began on Thursday with a record 400 players from twelve countries. Grandmaster "
     "Lena Ostrova, no relation to the economist, leads after two rounds. The Nordland Central Bank sponsors "
     "the prize fund this year, and organisers said Halden's town hall was full. Ostrova won her first two "
     "games with the white pieces."),
]
BANK_SIDE = [  # five days on: none of its main actors among the storyline's five
    ("Market Wire", "2025-04-16", "Central bank chief Paul Weber cuts rates as bank rescue steadies savers",
     "The Nordland Central Bank cut its main interest rate on Wednesday to calm the banking crisis that followed "
     "the collapse of a large lender and the state rescue of its savers. Governor Paul Weber said the rescue had "
     "protected depositors and that banks would get emergency loans. Chief economist Lena Ostrova said deposits "
     "were flowing back to lenders after the bailout. Weber told reporters in Halden that the cost of the rescue "
     "to taxpayers would be repaid. The International Monetary Fund welcomed the move, and Ostrova said the "
     "krona had steadied. Weber and Ostrova will testify in Halden next week."),
]


def test_a_side_of_the_subject_with_actors_of_its_own_joins_its_storyline(tmp_path):
    """The central bank's answer to a bank failure names none of the storyline's five main actors (the bank's
    politicians) but continues its subject: it joins that storyline as an event of its own, while a report of
    the same days on another subject that names the central bank in passing stays apart."""
    with newsweave.open(tmp_path / "bank.db") as c:
        c.ingest([_jsonl(tmp_path / "crisis.jsonl", [_record(*r) for r in BANK_CRISIS])])
        crisis = {_story_of(c, outlet, title).storyline for outlet, _, title, _ in BANK_CRISIS}
        assert len(crisis) == 1
        line = crisis.pop()
        actors = set(c.store.storyline_actors(line, 5))
        c.ingest([_jsonl(tmp_path / "later.jsonl", [_record(*r) for r in BANK_SIDE + BANK_OTHER])])
        side = _story_of(c, BANK_SIDE[0][0], BANK_SIDE[0][2])
        counts = c.store.entity_counts(side.articles[0].id)
        own = {c.store.entity_name(e) for e in sorted(counts, key=lambda e: -counts[e])[:5]}
        assert "Paul Weber" in own and not actors & own, (actors, own)
        assert side.storyline == line
        assert all(side.id != _story_of(c, outlet, title).id for outlet, _, title, _ in BANK_CRISIS)
        assert _story_of(c, BANK_OTHER[0][0], BANK_OTHER[0][2]).storyline != line

def test_reports_worded_differently_are_one_story(tmp_path):
    with newsweave.open(tmp_path / "flood.db") as c:
        c.ingest([_jsonl(tmp_path / "in.jsonl", [_record(*r) for r in FLOOD + STRIKE])])
        stories = c.stories()
        groups = sorted(sorted(a.outlet for a in s.articles) for s in stories)
        assert sorted(r[0] for r in FLOOD) in groups
        assert sorted(r[0] for r in STRIKE) in groups
        joined = [a for s in stories for a in s.articles if a.how == "text"]
        assert joined and all(0 < a.score <= 1 for a in joined)  # a calibrated probability, shown as evidence


STORM = [  # one storm told by five outlets, each naming the places once, and an interview naming its mayor eight times
    ("Coast Radio", "2025-01-14", "Storm floods Porto and Braga",
     "A winter storm flooded streets in Porto and Braga on Tuesday, and Portugal's civil protection agency moved "
     "hundreds of people from riverside homes."),
    ("Iberia Wire", "2025-01-14", "Hundreds evacuated as storm hits northern Portugal",
     "Rivers burst their banks in Porto and Braga as the storm crossed northern Portugal, and rescue crews "
     "evacuated hundreds of residents overnight."),
    ("The Atlantic Ledger", "2025-01-15", "Portugal counts the cost of the storm",
     "A day after the storm, parts of Porto and Braga were still under water, and Portugal's government promised "
     "emergency aid to the families who lost their homes."),
    ("Harbor Daily", "2025-01-15", "Storm in northern Portugal: what we know",
     "The storm that hit Porto and Braga brought the heaviest rain in decades to northern Portugal, and the "
     "civil protection agency said the evacuated families could return within days."),
    ("Valley Gazette", "2025-01-16", "Floodwaters recede in Porto",
     "Floodwaters began to recede in Porto and Braga on Thursday, and Portugal's prime minister visited the "
     "worst-hit streets along the river."),
    ("Braga Courier", "2025-01-15", "Braga's mayor on the storm that flooded Porto and Braga",
     "The storm that flooded Porto and Braga on Tuesday hit the lower town of Braga hardest, and rescue crews "
     "evacuated hundreds of residents, Braga's mayor said on Wednesday as northern Portugal counted the cost. "
     "Mayor Rui Carvalho said the storm had flooded the lower town without warning. Carvalho said the town had "
     "opened two shelters. Carvalho praised the rescue crews. Asked about the damage, Carvalho said it would take "
     "months to repair. Carvalho said the town would rebuild. Carvalho thanked the volunteers. Carvalho will meet "
     "ministers on Friday. Carvalho said the schools would reopen next week."),
]


def test_a_storyline_is_named_by_what_many_reports_name_not_one_page_repeating_a_name(tmp_path):
    with newsweave.open(tmp_path / "title.db") as c:
        c.ingest([_jsonl(tmp_path / "in.jsonl", [_record(*r) for r in STORM])])
        lines = {_story_of(c, r[0], r[2]).storyline for r in STORM}
        assert len(lines) == 1
        (storyline,) = [s for s in c.storylines() if s.id in lines]
        assert set(storyline.actors[:3]) == {"Porto", "Braga", "Portugal"}, storyline.actors


def test_many_short_reports_within_an_hour_are_one_story(tmp_path):
    leads = ["Lomond dam breached, {} evacuated from Brenn.", "Flood after Lomond dam collapse: {} people leave "
             "Brenn and Halvik.", "Arvenia evacuates {} as Lomond dam gives way in heavy rain.",
             "Lomond dam failure floods Brenn; {} residents moved to safety."]
    records = [_record(f"Wire {i:02}", "2025-03-10", f"Lomond dam update {i}", leads[i % 4].format(9000 + 100 * i))
               for i in range(40)]
    with newsweave.open(tmp_path / "short.db") as c:
        c.ingest([_jsonl(tmp_path / "in.jsonl", records + [_record(*STRIKE[0])])])
        sizes = sorted((len(s.articles) for s in c.stories()), reverse=True)
        assert sizes[0] >= 36, sizes  # nine in ten short reports in one story
        strike = _story_of(c, STRIKE[0][0], STRIKE[0][2])
        assert len(strike.articles) == 1


def test_report_dated_years_away_is_another_story_and_storyline(tmp_path):
    later = ("Valley Gazette", "2028-03-10", "Lomond dam gives way in heavy rain",
             "The Lomond dam in northern Arvenia gave way after days of heavy rain, flooding Brenn and Halvik; "
             "about 12,000 residents were evacuated overnight.")
    copy = ("Coastline Times", "2028-03-11", "Floodwaters breach Lomond dam", FLOOD[0][3])  # a copy, years on
    with newsweave.open(tmp_path / "years.db") as c:
        # "today" in 2028: a date after next year is not taken as a publication date
        c.ingest([_jsonl(tmp_path / "in.jsonl", [_record(*r) for r in FLOOD[:3] + [later, copy]])],
                 today=dt.date(2028, 3, 20))
        old = _story_of(c, FLOOD[0][0], FLOOD[0][2])
        for outlet, _, title, _ in (later, copy):
            new = _story_of(c, outlet, title)
            assert new.id != old.id
            assert new.storyline != old.storyline  # a storyline quiet for three years is over
        assert old.last_published == dt.date(2025, 3, 11)  # its dates are not stretched by the far copy


def test_article_without_date_or_cues_is_placed_and_listed(tmp_path):
    undated = {"outlet": "Blog", "title": "Notes on dams", "text": "Dams hold water. Some are old and some are new."}
    with newsweave.open(tmp_path / "nodate.db") as c:
        c.ingest([_jsonl(tmp_path / "in.jsonl", [_record(*r) for r in FLOOD[:2]] + [undated])])
        story = _story_of(c, "Blog", "Notes on dams")
        assert len(story.articles) == 1 and story.articles[0].date is None
        assert story.undated
        data = json.loads(run_cli("stories", "--db", c.path, "--json").stdout)
        assert any(s["id"] == story.id and s["first_published"] is None for s in data)


def test_story_rows_agree_with_the_stories_they_summarise(examples_corpus):
    corpus, _ = examples_corpus
    stories = corpus.stories()
    assert [r for r in corpus.story_rows()] == [s.row() for s in stories]
    outlet = stories[0].outlets[0]
    assert [r.id for r in corpus.story_rows(outlet=outlet)] == [s.id for s in stories if outlet in s.outlets]
    line = stories[0].storyline
    assert [r.id for r in corpus.story_rows(storyline=line)] == [s.id for s in stories if s.storyline == line]
    person = corpus.entities(type="person")[0]
    mentioned = {a for a in corpus.store.entity_articles(person.id)}
    assert {r.id for r in corpus.story_rows(entity=person.name)} == \
        {s.id for s in stories if any(a.id in mentioned for a in s.articles)}


def test_kept_story_rows_follow_every_change_reading_only_the_stories_changed(db_url, monkeypatch):
    """A long-lived Corpus (the web app's) keeps its story rows and, after a change to the store, reads again only
    the stories that changed (migration 17's marks): after new articles, an article moved to another event, a
    storyline merged into another and a full re-cluster, its rows are what a fresh read gives."""
    corpus = newsweave.open(db_url)
    store = corpus.store
    src = EXAMPLES / "corpus"
    corpus.ingest([str(src / "coastline-times.rss"), str(src / "kessa-radio.warc")], today=TODAY)

    def fresh():
        with newsweave.open(db_url) as other:
            return other.story_rows()

    assert corpus.story_rows() == fresh() and len(fresh()) >= 2
    asked: list = []
    read = store.story_rows
    monkeypatch.setattr(store, "story_rows", lambda event_ids=None: asked.append(event_ids) or read(event_ids))
    before = {r.id for r in corpus.story_rows()}
    assert asked == []  # nothing changed: nothing read
    store.commits += 1  # a commit that changed no story (on PostgreSQL, any WAL written moves the version)
    assert {r.id for r in corpus.story_rows()} == before and asked == []
    corpus.ingest([str(src / name) for name in ("harbor-daily", "northern-ledger", "valley-gazette",
                                                "morning-post.jsonl")], today=TODAY)
    rows = corpus.story_rows()
    assert rows == fresh() and len(asked) == 1
    assert {r.id for r in rows} - before <= set(asked[0])  # the new stories were read ...
    assert len(asked[0]) < len(rows)  # ... and those the new articles did not touch were kept, not read again

    first, second = rows[0], rows[-1]
    article = store.stories(event_ids=[first.id])[0].articles[0].id
    store.set_event_article(article, second.id, "moved by a test", None, False)
    store.merge_storyline(second.storyline, store.storyline_state(first.storyline), 5) \
        if second.storyline != first.storyline else None
    asked.clear()
    assert corpus.story_rows() == fresh() and set(asked[0]) == {first.id, second.id}
    corpus.cluster(redo=True)
    assert corpus.story_rows() == fresh()
