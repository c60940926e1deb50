"""Key dates of a story, storyline or subject (newsweave.across.keydates) and ``newsweave timeline --dates``,
on a small storyline written here and stored in a real SQLite file."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

import newsweave
from newsweave.across.keydates import key_dates, score_dates
from newsweave.cli import app

from .helpers import read_export

BREACH = dt.date(2025, 3, 10)
ARTICLES = [
    ("Kessa Valley Radio", "2025-03-10", "Lomond dam breached, thousands evacuated",
     "The Lomond dam in northern Arvenia gave way early on Monday after days of heavy rain. Emergency services "
     "evacuated about 12,000 residents of Brenn and Halvik overnight."),
    ("Harbor Daily", "2025-03-10", "Thousands flee as Lomond dam collapses",
     "Record rainfall caused part of the Lomond dam to collapse on Monday, and rescue crews in Brenn moved "
     "thousands of people to higher ground."),
    ("The Northern Ledger", "2025-03-11", "Arvenia counts the damage",
     "A day after the Lomond dam failed on Monday, flooded streets in Halvik were still under water. Engineers "
     "blamed weeks of rain on the ageing dam."),
    ("Valley Gazette", "2025-03-20", "Brenn residents return home",
     "Residents of Brenn began returning home on Thursday, ten days after the dam broke on March 10. The town's "
     "mayor said the clean-up would take months."),
    ("Coastline Times", "2025-04-02", "Inquiry opens into Lomond dam collapse",
     "An inquiry into the collapse of the Lomond dam on March 10 opened in the capital on Wednesday. The "
     "engineers who inspected the dam last year will give evidence first."),
    ("Harbor Daily", "2025-04-28", "Inquiry hears dam warnings were ignored",
     "Engineers warned about cracks in the Lomond dam months before it broke on March 10, the inquiry heard on "
     "Monday. The dam's operator said it had followed every inspection rule."),
    ("Kessa Valley Radio", "2025-04-03", "Market prices steady",
     "Vegetable prices at the Brenn market were steady this week, traders said on Thursday."),
]


def _stored(tmp_path, name: str, rows) -> newsweave.Corpus:
    """A store ``name``.db of ``rows`` (outlet, published, title, text), ingested; the caller closes it."""
    path = tmp_path / f"{name}.jsonl"
    path.write_text("\n".join(json.dumps({"outlet": o, "published": p, "title": t, "text": x})
                              for o, p, t, x in rows) + "\n", encoding="utf-8")
    corpus = newsweave.open(tmp_path / f"{name}.db")
    corpus.ingest([str(path)])
    return corpus


def _corpus(tmp_path):
    return _stored(tmp_path, "dates", ARTICLES)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    c = _corpus(tmp_path_factory.mktemp("keydates"))
    yield c
    c.close()


def test_the_day_outlets_look_back_to_ranks_first(corpus):
    scored = score_dates(corpus.articles())
    best = max(scored, key=lambda d: scored[d][0])
    assert best == BREACH
    score, reports, named, outlets = scored[BREACH]
    assert reports == 2 and named >= 5 and len(outlets) >= 4
    # the market report's own day is published on and named, but nobody looks back to it
    assert scored[dt.date(2025, 4, 3)][0] < score / 3


def test_key_dates_are_in_date_order_with_cited_summaries(corpus):
    dates = corpus.key_dates(query="Lomond dam", k=3, sentences=2)
    assert len(dates) == 3 and [d.date for d in dates] == sorted(d.date for d in dates)
    assert BREACH in [d.date for d in dates]
    texts = {a.id: a.text for a in corpus.articles()}
    for d in dates:
        assert 1 <= len(d.summary) <= 2
        for sentence in d.summary:
            assert len(sentence.citations) == 1 and sentence.text in texts[sentence.citations[0]]
    breach = next(d for d in dates if d.date == BREACH)
    assert any("dam" in s.text for s in breach.summary)


def test_since_until_and_storylines(corpus):
    dates = corpus.key_dates(query="dam", k=5, since=dt.date(2025, 3, 15), until=dt.date(2025, 4, 30))
    assert dates and all(dt.date(2025, 3, 15) <= d.date <= dt.date(2025, 4, 30) for d in dates)
    line = corpus.storylines()[0]
    assert corpus.key_dates(storylines=[line.id], k=2)
    with pytest.raises(newsweave.errors.UsageError):
        corpus.key_dates(k=3)


def test_a_subject_is_every_article_that_names_it_in_any_spelling(tmp_path):
    rows = [("The Ledger", "2025-03-10", "Talks", "Negotiators met in Kiev on Monday and agreed a prisoner "
             "exchange, officials said after the talks."),
            ("The Courier", "2025-03-12", "Talks", "The prisoner exchange agreed in Kyiv on Monday will take place "
             "next week, the foreign minister said.")]
    with _stored(tmp_path, "talks", rows) as corpus:
        for query in ("Kiev", "Kyiv"):  # as `newsweave search` finds them: the place under either name
            day = next(d for d in corpus.key_dates(query=query, k=3) if d.date == dt.date(2025, 3, 10))
            assert day.mentions == 2 and set(day.outlets) == {"The Ledger", "The Courier"}, (query, day)


def test_the_storylines_a_subject_s_articles_lie_in(corpus):
    ids = corpus.matching("dam")
    held = corpus.storylines_of(ids)
    line_of = {a.id: s.storyline for s in corpus.stories() for a in s.articles}
    assert sum(n for _, n in held) == len(ids) and [n for _, n in held] == sorted((n for _, n in held), reverse=True)
    assert dict(held) == {line: sum(line_of[i] == line for i in ids) for line in {line_of[i] for i in ids}}
    assert corpus.storylines_of([]) == []


def test_a_storyline_s_timeline_holds_its_key_dates(corpus):
    line = max(corpus.storylines(), key=lambda s: len(s.stories))
    timeline = corpus.timeline(f"L{line.id}")
    assert timeline.key_dates and timeline.key_dates == tuple(corpus.key_dates(f"L{line.id}"))
    result = CliRunner().invoke(app, ["timeline", f"L{line.id}", "--json", "--db", corpus.path])
    assert [d["date"] for d in json.loads(result.stdout)["key_dates"]] == \
        [d.date.isoformat() for d in timeline.key_dates]
    text = CliRunner().invoke(app, ["timeline", f"L{line.id}", "--db", corpus.path]).stdout
    assert text.index("Key dates") < text.index(str(BREACH)) < text.index("Events")  # the key dates come first


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_a_storyline_s_key_dates_export_one_row_per_date_and_sentence(corpus, tmp_path, fmt):
    line = max(corpus.storylines(), key=lambda s: len(s.stories))
    held = corpus.timeline(f"L{line.id}").key_dates
    assert any(d.summary for d in held)
    out = tmp_path / f"kd.{fmt}"
    result = CliRunner().invoke(app, ["export", "--what", "key-dates", "--story", f"L{line.id}", "--out", str(out),
                                      "--db", corpus.path])
    rows = read_export(out)
    assert result.exit_code == 0 and f"wrote {len(rows)} row" in result.stderr
    assert len(rows) == sum(max(1, len(d.summary)) for d in held)
    outlet_of = {a.id: a.outlet for a in corpus.articles()}
    for d in held:
        mine = [r for r in rows if r["date"] == d.date.isoformat()]
        assert [r["sentence"] for r in mine] == [s.text for s in d.summary]
        assert [int(r["article"]) for r in mine] == [s.citations[0] for s in d.summary]
        assert all(r["outlet"] == outlet_of[int(r["article"])] and int(r["reports"]) == d.reports for r in mine)
    bare = CliRunner().invoke(app, ["export", "--what", "key-dates", "--out", str(out), "--db", corpus.path])
    assert bare.exit_code == 1 and "--story" in bare.output


def test_cli_timeline_dates(corpus):
    result = CliRunner().invoke(app, ["timeline", "--query", "Lomond dam", "--dates", "2", "--json", "--db",
                                      corpus.path])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert len(data) == 2 and {"date", "score", "reports", "mentions", "outlets", "summary"} <= set(data[0])
    assert "2025-03-10" in [d["date"] for d in data]
    text = CliRunner().invoke(app, ["timeline", "--query", "Lomond dam", "--db", corpus.path])
    assert text.exit_code == 0 and "2025-03-10" in text.stdout and "[#" in text.stdout
    # then where the subject lies: the storyline holding most of the matching articles, to open next
    (largest, _), *_ = corpus.storylines_of(corpus.matching("Lomond dam"))
    assert f"`newsweave timeline L{largest}`" in text.stdout.splitlines()[-1]
    missing = CliRunner().invoke(app, ["timeline", "--db", corpus.path])
    assert missing.exit_code != 0


def test_a_subject_that_matches_nothing_is_said_so_and_no_dates_is_refused(corpus):
    with pytest.raises(newsweave.errors.NotFound, match="matches 'glacier'"):
        corpus.key_dates(query="glacier")
    line = corpus.storylines()[0]
    assert corpus.key_dates(f"L{line.id}", query="glacier", k=1)  # a storyline's dates, nothing added by the query
    nothing = CliRunner().invoke(app, ["timeline", "--query", "glacier", "--db", corpus.path])
    assert nothing.exit_code == 1 and "NW300" in nothing.output and "matches 'glacier'" in nothing.output
    zero = CliRunner().invoke(app, ["timeline", f"L{line.id}", "--dates", "0", "--db", corpus.path])
    assert zero.exit_code == 1 and "NW400" in zero.output and "at least 1" in zero.output
    # --since/--until bound the key dates (they were ignored without --dates), and a bad date is refused
    later = CliRunner().invoke(app, ["timeline", f"L{line.id}", "--since", "2025-03-15", "--json", "--db",
                                     corpus.path])
    assert later.exit_code == 0 and all(d["date"] >= "2025-03-15" for d in json.loads(later.stdout))
    bad = CliRunner().invoke(app, ["timeline", f"L{line.id}", "--until", "2025-02-30", "--db", corpus.path])
    assert bad.exit_code == 1 and "not a date" in bad.output


def test_a_day_is_told_by_reports_from_it_not_by_plans_or_questions(tmp_path):
    rows = [("Harbor Daily", "2025-03-12", "Bridge",
             "Officials will open the new Halvik bridge on March 20 next week."),
            ("Valley Gazette", "2025-03-20", "Bridge", "Will the new Halvik bridge really open to traffic on Thursday? "
             "Crowds crossed the new Halvik bridge on Thursday after the mayor cut the ribbon at noon.")]
    with _stored(tmp_path, "bridge", rows) as corpus:
        (day,) = key_dates(corpus.articles(), k=1, sentences=1)
    assert day.date == dt.date(2025, 3, 20)
    assert [s.text for s in day.summary] == [
        "Crowds crossed the new Halvik bridge on Thursday after the mayor cut the ribbon at noon."]



def test_a_sentence_that_names_two_days_tells_the_first_and_is_not_repeated_under_the_other(tmp_path):
    march = ("Thousands marched through Brenn on Friday, four days after the protests began on Monday.")
    rows = [("Harbor Daily", "2025-03-10", "Protest", "Protesters gathered outside the Brenn town hall on Monday to "
             "demand new elections."),
            ("Valley Gazette", "2025-03-14", "March", march),
            ("Coastline Times", "2025-03-14", "Square", "Police closed the main square of Brenn on Friday as the "
             "march went on.")]
    with _stored(tmp_path, "march", rows) as corpus:
        days = {d.date: [s.text for s in d.summary] for d in key_dates(corpus.articles(), k=2, sentences=2)}
        alone = {d.date: [s.text for s in d.summary] for d in key_dates(corpus.articles()[1:2], k=2, sentences=2)}
    monday, friday = dt.date(2025, 3, 10), dt.date(2025, 3, 14)
    # under each date, another relative day is followed by its date, as in a brief; the date's own is not
    on_friday = march.replace("on Monday.", "on Monday [10 March 2025].")
    on_monday = march.replace("on Friday,", "on Friday [14 March 2025],")
    assert on_friday in days[friday] and not any("marched" in s for s in days[monday])
    assert days[monday] == ["Protesters gathered outside the Brenn town hall on Monday to demand new elections."]
    assert alone[monday] == [on_monday] and alone[friday] == [on_friday]  # nothing else to tell Monday: both


def test_a_day_is_told_by_a_report_before_a_turn_of_a_broadcast_transcript(tmp_path):
    report = "Thousands left Brenn on Monday after the Lomond dam failed."
    rows = [("Harbor Daily", "2025-03-10", "Dam fails", report),
            ("Valley Radio", "2025-03-10", "Evening show",
             "HOST: The Lomond dam gave way today and the water of the Lomond reached Brenn today.\n\n"
             "RIVERA: The Lomond dam gave way today and the water of the Lomond is still rising in Brenn today.\n\n"
             "HOST: Thank you, and stay safe near the Lomond dam today.\n")]
    with _stored(tmp_path, "show", rows) as corpus:
        (day,) = key_dates(corpus.articles(), k=1, sentences=1)
    assert [s.text for s in day.summary] == [report]


def test_a_headline_run_into_its_page_s_time_stamp_tells_the_day_without_the_stamp(tmp_path):
    headline = "Lomond dam gives way after weeks of rain and floods the town of Brenn"
    rows = [("Harbor Daily", "2025-03-10", "Dam fails",
             f"{headline} Monday 10 March 2025 18.15 GMT Rescue crews reached the town late in the evening.")]
    with _stored(tmp_path, "stamp", rows) as corpus:
        (day,) = key_dates(corpus.articles(), k=1, sentences=1)
    assert day.date == dt.date(2025, 3, 10) and [s.text for s in day.summary] == [headline + "."]


def test_a_day_long_before_the_story_is_background_unless_enough_reports_look_back_to_it(tmp_path):
    days = [dt.date(2025, 5, 1) + dt.timedelta(days=i) for i in range(12)]
    texts = [f"Crews cleared mud from the streets of Halvik on {d:%A}, the council said." for d in days]
    texts[5] += " The last flood of this size hit the town on March 4, 2019."
    earlier = dt.date(2019, 3, 4)

    def rows(texts):
        return [(("Harbor Daily", "Valley Gazette")[i % 2], str(d), f"Clean-up, day {i + 1}", t)
                for i, (d, t) in enumerate(zip(days, texts))]
    with _stored(tmp_path, "mud", rows(texts)) as corpus:
        articles = corpus.articles()
        assert [d.date for d in key_dates(articles, k=1)] == [days[0]]   # not 2019, which one report of 12 names
        assert earlier not in [d.date for d in key_dates(articles[3:8], k=6)]   # one of five: one report's list
    texts[6] += " It recalled the flood of March 4, 2019."
    with _stored(tmp_path, "mud-again", rows(texts)) as corpus:
        assert earlier in [d.date for d in key_dates(corpus.articles()[3:8], k=1)]   # two of five: enough


def test_a_day_is_told_by_sentences_that_read_alone_and_a_chronology_entry_by_its_own_day(tmp_path):
    rows = [("Harbor Daily", "2025-03-10", "Dam breaks",
             "-- March 10, 2025 2:43 PM ET\n\nThe Lomond dam gave way on Monday, forcing 12,000 people from Brenn. "
             "It gave way after weeks of heavy rain, officials said on Monday. "
             "Residents wade through a flooded street in Brenn, Arvenia March 10, 2025."),
            ("Valley Gazette", "2025-04-02", "Inquiry opens",
             "An inquiry into the collapse of the Lomond dam opened in the capital on Wednesday."),
            ("Coastline Times", "2025-04-20", "Timeline of the Lomond dam disaster",
             "Timeline of the Lomond dam disaster\n\n"
             "March 10 - The Lomond dam breaks after weeks of rain and floods the town of Brenn.\n"
             "March 14 - Officials say the dam's operator will face an inquiry on April 2.\n"
             "April 2 - The inquiry opens in the capital and hears from the engineers.")]
    with _stored(tmp_path, "chronology", rows) as corpus:
        days = {d.date: [s.text for s in d.summary] for d in key_dates(corpus.articles(), k=3, sentences=4)}
        two = {d.date: [s.text for s in d.summary] for d in key_dates(corpus.articles(), k=2, sentences=4)}
    breach, inquiry, warning = dt.date(2025, 3, 10), dt.date(2025, 4, 2), dt.date(2025, 3, 14)
    # the entry shown without its label; sentences that read alone before "It gave way ..." and the photo's
    # caption; the page's time stamp is no summary at all
    assert sorted(days[breach][:2]) == ["The Lomond dam breaks after weeks of rain and floods the town of Brenn.",
                                        "The Lomond dam gave way on Monday, forcing 12,000 people from Brenn."]
    assert set(days[breach][2:]) <= {"It gave way after weeks of heavy rain, officials said on Monday.",
                                     "Residents wade through a flooded street in Brenn, Arvenia March 10, 2025."}
    assert not any("2:43" in s for s in days[breach])
    # what the March 14 entry says of April 2 was a plan on March 14, though the chronology is of April 20: it
    # tells March 14, and April 2 only last when March 14 is not among the dates
    plan = "Officials say the dam's operator will face an inquiry on April 2."
    assert days[warning] == [plan] and plan not in days[inquiry]
    assert warning not in two and two[inquiry][-1] == plan


def test_only_a_day_that_opens_a_sentence_makes_it_a_chronology_entry(tmp_path):
    rows = [("Harbor Daily", "2025-04-20", "Spillway", "The spillway failed on March 12 - two days after the breach "
             "- and the water flooded Halvik.")]
    with _stored(tmp_path, "spillway", rows) as corpus:
        (day,) = key_dates(corpus.articles(), k=1, sentences=1, until=dt.date(2025, 4, 1))
    assert day.date == dt.date(2025, 3, 12)
    assert [s.text for s in day.summary] == [
        "The spillway failed on March 12 - two days after the breach - and the water flooded Halvik."]


def test_a_day_the_text_says_it_is_not_is_no_mention_of_it(tmp_path):
    rows = [("Harbor Daily", "2025-03-20", "Correction", "The council voted on the new pier on March 10, not March 11 "
             "as reported earlier. Work on the new pier will start in the summer.")]
    with _stored(tmp_path, "correction", rows) as corpus:
        scored = score_dates(corpus.articles())
    assert dt.date(2025, 3, 10) in scored and dt.date(2025, 3, 11) not in scored


def test_of_two_days_scored_alike_the_one_more_reports_were_published_on_comes_first(tmp_path):
    # 10 June: one report out of the blue (2 points); 20 June: two reports after a report a day (2 x (2 - 1) points)
    topics = ["the harbour dredging", "the ferry timetable", "the bridge tolls", "the quay repairs", "the fish market",
              "the lighthouse"]
    days = ["2025-06-10", "2025-06-17", "2025-06-18", "2025-06-19", "2025-06-20", "2025-06-20"]
    rows = [(("Harbor Daily", "Valley Gazette")[i % 2], day, f"Council notes {i}",
             f"The harbour council discussed {topic} and heard from {n} residents who asked for a vote.")
            for i, (day, topic, n) in enumerate(zip(days, topics, [12, 30, 41, 57, 63, 78]))]
    with _stored(tmp_path, "ties", rows) as corpus:
        scored = score_dates(corpus.articles())
        (day,) = key_dates(corpus.articles(), k=1, sentences=1)
    june_10, june_20 = dt.date(2025, 6, 10), dt.date(2025, 6, 20)
    assert scored[june_10][0] == scored[june_20][0] and (scored[june_10][1], scored[june_20][1]) == (1, 2)
    assert day.date == june_20


def test_copies_of_one_text_are_one_report(tmp_path):
    # 10 June: one report and a syndicated copy of it in another outlet; 20 June: two reports of their own
    story = ("The harbour council voted to close the old ferry quay for repairs after engineers found cracks in "
             "its pilings. Ferries will use the north pier while the work goes on, and the council expects the "
             "repairs to cost about 400,000 crowns. Fishermen asked for a second landing place during the work.")
    rows = [("Harbor Daily", "2025-06-10", "Ferry quay to close", story),
            ("Valley Gazette", "2025-06-10", "Ferry quay to close for repairs", story + " (Harbor Daily)"),
            ("Harbor Daily", "2025-06-20", "Bridge tolls rise", "The bridge company raised its tolls by a tenth, "
             "citing the cost of new cables and a rise in wages for its toll collectors."),
            ("Valley Gazette", "2025-06-20", "Lighthouse reopens", "The old lighthouse on the point reopened to "
             "visitors after a year of work on its lamp room and the stairs to the gallery.")]
    with _stored(tmp_path, "copies", rows) as corpus:
        assert [len(g.members) for g in corpus.duplicates()] == [2]
        (day,) = corpus.key_dates(articles=[a.id for a in corpus.articles()], k=1, sentences=1)
        assert day.date == dt.date(2025, 6, 20) and day.reports == 2
        (quay,) = corpus.key_dates(query="quay", k=1, sentences=1)
        assert quay.date == dt.date(2025, 6, 10) and quay.reports == 1
