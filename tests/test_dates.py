"""Dating: cues, estimates and the resolution of relative dates, table-driven."""

from __future__ import annotations

import datetime as dt

import pytest

from newsweave.dates import date_article, dateline, find_cues, resolve_times
from newsweave.model import DateEstimate

D = dt.date.fromisoformat
TODAY = dt.date(2026, 11, 24)


@pytest.mark.parametrize("text,lo,hi", [
    # title of office: between election and inauguration
    ("President-elect Barack Obama met advisers.", "2008-11-04", "2009-01-20"),
    # in office, narrowed by a past reference (a year written out does not rule out the current year: outlets
    # write "April 20, 2010" in 2010, and benchmarks/dates.py found that rule wrong on a third of articles)
    ("Chancellor Olaf Scholz spoke. The plant opened in March 2023.", "2023-03-01", "2025-05-05"),
    ("The rig exploded on April 20, 2010, killing 11 workers. In 2008 it had drilled a record well.", "2010-04-20",
     "2026-11-24"),
    # two titles of office that cannot both hold: neither overrules the other, both readings are kept
    ("President Bush met President Barack Obama.", "1989-01-20", "2017-01-19"),
    # duration of a known war, the war named by the places the article mentions
    ("The two-year-long war has displaced millions in Sudan, and Khartoum lies in ruins.", "2025-01-13", "2026-01-13"),
    ("In the three-and-a-half-year-long conflict, Ukraine and Russia traded strikes near Kyiv.", "2025-05-26", "2025-11-25"),
    # months of the current year, with a named year elsewhere
    ("Talks began earlier this year, starting in April. The plan was first floated in October 2023.", "2023-10-01",
     "2026-11-24"),
    # a month named with no word of the past around it may be ahead ("the summit of October 2023"): a lead is allowed
    ("Talks began earlier this year, starting in April. The summit of October 2023 drew leaders.", "2021-10-01",
     "2026-11-24"),
    ("Talks began earlier this year, starting in April. In October 2023 the plan was first floated.", "2023-10-01",
     "2026-11-24"),
])
def test_estimates(text, lo, hi):
    d = date_article(text, None, None, TODAY)
    assert d is not None and not d.exact
    assert (d.earliest, d.latest) == (D(lo), D(hi)), d.evidence


@pytest.mark.parametrize("text", [
    "Former President Barack Obama spoke at the library.",        # a past holder says nothing of the date
    "In 2010, President Obama signed the law.",                   # title in a dated past context
    "The weather was fine and the market was busy.",              # no cue at all
])
def test_no_office_cue(text):
    cues = find_cues(text, TODAY)
    assert not any("in office" in c.explain for c in cues)


@pytest.mark.parametrize("note", [
    "This article was amended on 19 May 2021. The original said the well was 5,000 feet deep.",
    "This caption was amended on 19 May 2021.",
    "The following correction was printed in the Corrections and clarifications column, Wednesday 19 May 2021",
    "A version appeared on p25 of the Main section of the Courier on 10.47 BST on Wednesday 19 May 2021",
    "Updated: May 19, 2021",
])
def test_a_note_the_page_gained_later_bounds_the_date_from_above(note):
    # the page is as old as its amendment or its print edition, or older: the report came out on 12 May
    d = date_article(f"The well was capped on 2 May 2021, the company said.\n\n{note}", None, None, TODAY)
    assert (d.earliest, d.latest) == (D("2021-05-02"), D("2021-05-19")), d.evidence
    assert not resolve_times(note, ANCHOR), "a note's date is not a date of the news"


@pytest.mark.parametrize("stamps", [
    "Posted by: river_watcher | May 20, 2021 8:27 AM | Report abuse Posted by: ArmyBrat1 | May 21, 2021 1:28 PM",
    "Posted by Willis E. Elliott, on May 20, 2021 7:13 AM Posted by Susan Brooks, on May 1, 2021 5:56 AM",
    "At 11:12 am on 20 May 2021, James wrote: Think.. At 3:17 pm on 21 May 2021, anne_b wrote: Not again.",
])
def test_comment_and_listed_post_stamps_are_no_bound(stamps):
    # comments come after the article, posts a page lists come either side of it: neither bounds its date
    text = f"The plant opened in March 2021.\n\n{stamps}"
    d = date_article(text, None, None, TODAY)
    assert (d.earliest, d.latest) == (D("2021-03-01"), TODAY), d.evidence
    assert [t.text for t in resolve_times(text, ANCHOR)] == ["March 2021"]


def test_a_past_update_of_something_else_is_still_a_past_reference():
    d = date_article("The company updated its forecast on 19 May 2021.", None, None, TODAY)
    assert D("2021-05-01") < d.earliest <= D("2021-05-19") and d.latest == TODAY, d.evidence


def test_future_reference_is_no_bound():
    # "will open in 2023" reads as ahead in time, but words before a year mislead too often to bound a date
    d = date_article("President Joe Biden said the plant will open in 2023.", None, None, TODAY)
    assert d.earliest == D("2021-01-20") and d.latest == D("2025-01-19")


def test_cues_that_cannot_both_hold_keep_both_readings():
    d = date_article("President-elect Joe Biden met aides. The talks were held in March 2022.", None, None, TODAY)
    assert (d.earliest, d.latest) == (D("2020-11-03"), TODAY)


def test_cue_against_the_majority_is_dropped_and_said():
    d = date_article("President Joe Biden spoke. The talks were held in March 2022. President Bush had begun them.",
                     None, None, TODAY)
    assert (d.earliest, d.latest) == (D("2022-03-01"), D("2025-01-19"))
    assert any(ev.startswith("ignored") for ev in d.evidence)


def test_metadata_beats_everything():
    d = date_article("President-elect Barack Obama met advisers.", D("2024-05-01"), "HTML metadata", TODAY)
    assert d.exact and d.earliest == D("2024-05-01") and d.evidence == ("HTML metadata: 2024-05-01",)


@pytest.mark.parametrize("text,day", [
    ("Published 12 September 2025\n\nThe minister said ...", "2025-09-12"),
    ("September 3, 2024 — The council voted ...", "2024-09-03"),
    ("Posted on: 2023-01-31 | 10:15 GMT\nText", "2023-01-31"),
    # a place first, as news agencies write it, in English and day first in other languages
    ("NEW YORK, Sept. 3, 2024 - The council voted ...", "2024-09-03"),
    ("ANKARA, 14 March 2024 - The minister met ...", "2024-03-14"),
    ("АНКАРА, 14 марта 2024 г. — Министр встретился ...", "2024-03-14"),
    ("КИЇВ, 14 березня 2024 р. — Міністр зустрівся ...", "2024-03-14"),   # Ukrainian "р." for "year"
    ("WARSZAWA, 14 marca 2024 r. - Minister spotkał ...", "2024-03-14"),
    ("Berlin (dpa), 14. März 2024 – Der Minister traf ...", "2024-03-14"),
    ("Ankara, le 14 mars 2024 – Le ministre a rencontré ...", "2024-03-14"),
    ("MADRID, 14 de marzo de 2024 – El ministro se reunió ...", "2024-03-14"),
])
def test_dateline(text, day):
    assert dateline(text)[0] == D(day)


@pytest.mark.parametrize("text", [
    "The council said on September 3, 2024 that it would vote.",
    "The minister, 14 March 2024 - said nothing.",   # not a place: words in lower case
    "Sie sagte am 14. März 2024 – dem Tag der Wahl – nichts.",
])
def test_no_dateline_in_running_text(text):
    assert dateline(text) is None


ANCHOR = DateEstimate(D("2025-09-12"), D("2025-09-12"), True, 1.0)  # a Friday


@pytest.mark.parametrize("text,lo,hi", [
    ("He spoke on Friday.", "2025-09-12", "2025-09-12"),
    ("He spoke on Tuesday.", "2025-09-09", "2025-09-09"),
    ("They will meet on Monday.", "2025-09-15", "2025-09-15"),
    ("It happened yesterday.", "2025-09-11", "2025-09-11"),
    ("It happened last week.", "2025-09-01", "2025-09-07"),
    ("It rained last month.", "2025-08-01", "2025-08-31"),
    ("Talks began in May.", "2025-05-01", "2025-05-31"),
    ("Talks resume in November.", "2024-11-01", "2024-11-30"),   # past tense by default: the last November
    ("Talks will resume in November.", "2025-11-01", "2025-11-30"),
    ("It opened three days ago.", "2025-09-09", "2025-09-09"),
    ("BP said last night it would try again.", "2025-09-11", "2025-09-11"),
    ("Protests began on the 25th of January.", "2025-01-25", "2025-01-25"),
    ("The protests of the 25th of January 2011 began it.", "2011-01-25", "2011-01-25"),
    ("It opened on June 2, 2021.", "2021-06-02", "2021-06-02"),
])
def test_relative_times(text, lo, hi):
    times = resolve_times(text, ANCHOR)
    assert len(times) == 1, times
    t = times[0]
    assert (t.earliest, t.latest) == (D(lo), D(hi))
    assert text[t.start:t.end] == t.text


@pytest.mark.parametrize("text,days", [
    # a day at the end of a sentence, and after a month's abbreviation (no sentence break inside "Aug. 11")
    ("The rig exploded on 20 August. Eleven men died.", ["2025-08-20"]),
    ("The well could be sealed as early as Sept. 21. Work goes on.", ["2025-09-21"]),
    ("Aug. 30: the last boom is laid.", ["2025-08-30"]),
    # "until", "by" right before a weekday look ahead; "by" a few words before it is no deadline
    ("They delayed the test until Tuesday after a leak.", ["2025-09-16"]),
    ("He was arrested by members of the police on Wednesday.", ["2025-09-10"]),
    ("Talks resume next week, the minister said Wednesday.", ["2025-09-10"]),   # the saying is past
    # a weekday after "for" is the day a plan is for; "for Tuesday's attack" names a deed, past
    ("Protesters said Wednesday they were organizing a march for Tuesday.", ["2025-09-10", "2025-09-16"]),
    ("He was charged for Tuesday's attack.", ["2025-09-09"]),
    # a day of a month said to be of last year, or past by its verb, is never ahead
    ("On September 20 of last year the rig sank.", ["2024-09-20"]),
    ("The platform exploded on 2 October, killing eleven.", ["2024-10-02"]),
    ("The vote on 2 October decides it.", ["2025-10-02"]),   # no verb of the past: the nearest, ahead
    # a clause opening on its day and going on in the future: ahead, unless someone said so on that day
    ("On Monday, the curfew will start an hour earlier.", ["2025-09-15"]),
    ("Tuesday's march is expected to draw thousands.", ["2025-09-16"]),
    ("Tuesday's march was expected to draw thousands.", ["2025-09-09"]),
    ("On Monday, the council said the curfew will start earlier.", ["2025-09-08"]),
    ("On Monday, the curfew started earlier and will end later.", ["2025-09-08"]),
    ("On Monday, a state-imposed curfew will start an hour earlier.", ["2025-09-15"]),   # "imposed": an adjective
    ("The curfew will run from 3 p.m. Monday to 8 a.m. Tuesday.", ["2025-09-15", "2025-09-16"]),  # one sentence
    # "two days later" counts from the day the text has just told, not from the publication
    ("It exploded on 20 August and sank two days later.", ["2025-08-20", "2025-08-22"]),
    ("It exploded on 20 August. The next day it sank.", ["2025-08-20", "2025-08-21"]),
    ("Prices fell on Tuesday, a day after a jump of 10% from the previous day.", ["2025-09-09", "2025-09-08"]),
    # a word of the future further back than a few words, with nothing of the past or of saying between
    ("The chief executive will be grilled about the disaster in the US on Thursday.", ["2025-09-18"]),
    ("The minister told MPs Tuesday that the company would attempt a final kill of the well Saturday.",
     ["2025-09-09", "2025-09-13"]),
    ("Fears that demand will fall sent the stock price plunging 31 percent in early trading Thursday.",
     ["2025-09-11"]),
    ("Crews will replace the section of pipe that divers found leaking on Thursday.", ["2025-09-11"]),
    ("Crews will finish the work, and the well they drilled is tested Thursday.", ["2025-09-11"]),
    ("The relief well will have been drilled to its target by the crews on Thursday.", ["2025-09-18"]),
    # by a day something was done: past; by a day something will be done: ahead
    ("By Tuesday engineers were waiting for the cement to set.", ["2025-09-09"]),
    ("About a dozen tar balls had been collected by Tuesday afternoon.", ["2025-09-09"]),
    ("By late Tuesday, they had hoped to hear an end to it.", ["2025-09-09"]),
    ("By late Tuesday, the cap will be on the seabed.", ["2025-09-16"]),
    ("BP was ordered to produce documents by October 3 into what was described as a failure.", ["2025-10-03"]),
    ("The cap should be on the seabed by Tuesday.", ["2025-09-16"]),
    # declining to comment is past, though it says "would"
    ("A spokesman would not comment Thursday night on the cause.", ["2025-09-11"]),
    # a weekday closing a range is the first such day after the one opening it, unless that puts a past deed ahead
    ("Activists rally in 40 cities from Friday through Sunday.", ["2025-09-12", "2025-09-14"]),
    ("The panel holds hearings Friday and Monday in Houston.", ["2025-09-12", "2025-09-15"]),
    ("The curfew ran from 6 p.m. Wednesday until Thursday morning.", ["2025-09-10", "2025-09-11"]),
    ("Two ministers resigned Friday and Monday.", ["2025-09-12", "2025-09-08"]),
    ("Storms reach the coast Friday night and Saturday morning.", ["2025-09-12", "2025-09-13"]),
    # weekdays that recur are no one day
    ("Protests go on every Tuesday and Friday, and each Monday.", []),
    # a day known by its date alone, with words of its event beside it; the same date otherwise is this year's
    ("The Sept. 11 attacks changed air travel.", ["2001-09-11"]),
    ("It was the worst shock since the attacks of September 11.", ["2001-09-11"]),
    ("He warned of a Sept. 11-style attack. Life post-Sept. 11 is different.", ["2001-09-11", "2001-09-11"]),
    ("The Sept. 11 board meeting was postponed.", ["2025-09-11"]),
])
def test_days_a_text_names(text, days):
    assert [t.earliest.isoformat() for t in resolve_times(text, ANCHOR) if t.earliest == t.latest] == days


def test_a_day_known_by_its_date_is_that_day_only_after_it():
    before = DateEstimate(D("2001-03-01"), D("2001-03-01"), True, 1.0, ())
    (t,) = resolve_times("The Sept. 11 attacks on the rebel camp were planned.", before)
    assert t.earliest == D("2000-09-11")   # before the day, the nearest 11 September, as for any date
    (t,) = resolve_times("The Sept. 11 attacks on the rebel camp were planned.", ANCHOR)
    assert t.earliest == D("2001-09-11")


@pytest.mark.parametrize("text", ["It sank two days later.", "The next day it sank."])
def test_a_day_counted_from_a_day_never_told_is_left_unresolved(text):
    (t,) = resolve_times(text, ANCHOR)
    assert t.earliest is None and t.latest is None


def test_the_entries_of_a_live_page_count_their_days_from_their_update_stamp():
    # published on a Friday; the page went on to Sunday and Monday
    text = ("Protesters filled the square. (Update 5:16 a.m. Monday in Cairo, 10:16 p.m. ET Sunday) Heavy gunfire "
            "was heard early Monday. Talks failed on Saturday. (Update 4:30 a.m. in Cairo) Crowds grew on Friday. "
            "(Update 9:00 a.m. Sunday in Cairo) Police left on Saturday.")
    days = [(t.text, t.earliest.isoformat()) for t in resolve_times(text, ANCHOR)]
    assert days == [("Monday", "2025-09-15"), ("Sunday", "2025-09-14"), ("early Monday", "2025-09-15"),
                    ("on Saturday", "2025-09-13"), ("on Friday", "2025-09-12"),   # a stamp with no day: the page's
                    ("Sunday", "2025-09-14"), ("on Saturday", "2025-09-13")]
    undated = resolve_times("Talks failed on Saturday. (Updated: 5 p.m. Monday)", None)
    assert [t.earliest for t in undated] == [None, None]
    # the day before in another time zone, though the entry under the stamp speaks of the future
    stamped = "(Update 12:41 a.m. Monday in Cairo, 5:41 p.m. ET Sunday) Networks will be shut down."
    assert [t.earliest.isoformat() for t in resolve_times(stamped, ANCHOR)] == ["2025-09-15", "2025-09-14"]
    # an entry opens after its stamp: a day that opens it and goes on in the future is ahead
    stamped = "(Update 6:30 p.m. Sunday in Cairo) On Monday, the curfew will start an hour earlier."
    assert [t.earliest.isoformat() for t in resolve_times(stamped, ANCHOR)] == ["2025-09-14", "2025-09-15"]


def test_a_span_from_now_is_no_day():
    assert resolve_times("A decision may come in the next day or two.", ANCHOR) == []


@pytest.mark.parametrize("text,day", [
    ("The print edition of Saturday 30 August 2025 carried it.", "2025-08-30"),
    ("Robert Peston | 15:39 UK time, Tuesday, 2 September 2025 Given the news", "2025-09-02"),
])
def test_the_weekday_of_a_full_date_is_part_of_it(text, day):
    # not also "Saturday" resolved against the publication day (2025-09-06, a week off)
    assert [(t.earliest, t.latest) for t in resolve_times(text, ANCHOR) if t.earliest] == [(D(day), D(day))]


def test_relative_times_over_an_estimated_range():
    rng = DateEstimate(D("2025-05-01"), D("2025-05-31"), False, 0.8)
    t = resolve_times("He spoke on Thursday.", rng)[0]
    assert t.earliest == D("2025-05-01") and t.latest == D("2025-05-29")


def test_unresolved_without_a_date():
    t = resolve_times("He spoke on Thursday.", None)[0]
    assert t.earliest is None and t.latest is None


@pytest.mark.parametrize("text, day", [
    ("Песков заявил 12 марта 2022 года, что переговоры продолжатся.", dt.date(2022, 3, 12)),
    ("Зеленський сказав 5 березня 2022 року, що перемовини тривають.", dt.date(2022, 3, 5)),
    ("Am 3. Mai 2021 sagte die Ministerin, die Gespräche gingen weiter.", dt.date(2021, 5, 3)),
    ("Le 1er mars 2022, le ministre a déclaré que les pourparlers continuaient.", dt.date(2022, 3, 1)),
    ("El 12 de marzo de 2022 el ministro dijo que las conversaciones seguían.", dt.date(2022, 3, 12)),
    ("Bakan 3 Şubat 2021 tarihinde görüşmelerin süreceğini söyledi.", dt.date(2021, 2, 3)),
    ("Der Vertrag vom 12.03.2022 gilt weiter.", dt.date(2022, 3, 12)),
])
def test_dates_written_day_first_in_other_languages(text, day):
    (expr,) = [t for t in resolve_times(text, None) if not t.relative]
    assert (expr.earliest, expr.latest) == (day, day) and text[expr.start:expr.end] == expr.text
    est = date_article(text, None, None, today=dt.date(2026, 11, 30))
    assert est.earliest <= day and est.latest == dt.date(2026, 11, 30)  # mentioned as past: published after


@pytest.mark.parametrize("text, month", [
    ("Im März 2022 begann der Streik der Lokführer.", (2022, 3)),
    ("En marzo de 2022 el Gobierno aprobó el plan.", (2022, 3)),
    ("В марте 2022 года переговоры прервались.", (2022, 3)),
    ("У березні 2022 року переговори перервалися.", (2022, 3)),
    ("W marcu 2022 r. rozmowy zostały przerwane.", (2022, 3)),
    ("Görüşmeler Mart 2022 tarihinde kesildi.", (2022, 3)),
    ("En mars 2022, les négociations ont été interrompues.", (2022, 3)),
    ("En mayo de 2019 se firmó el acuerdo.", (2019, 5)),
])
def test_a_month_of_a_year_in_other_languages(text, month):
    (expr,) = [t for t in resolve_times(text, None) if not t.relative]
    first = dt.date(*month, 1)
    assert expr.earliest == first and expr.latest.month == first.month and expr.latest.day >= 28


def test_foreign_month_words_alone_are_not_dates():
    # a month name without day and year, a day that does not exist, a version number: no date
    for text in ("Mars 2022 was a busy year for the rover.", "Am 31. Februar 2022 nicht.", "Version 1.2.3 of it",
                 "The County Mayo 2019 festival.", "The Mars 2020 rover landed."):
        assert [t for t in resolve_times(text, None) if not t.relative] == [], text


def test_a_deadline_in_another_language_is_no_bound():
    for text in ("Die Schulen bleiben bis zum 19. April 2020 geschlossen.",
                 "Las escuelas seguirán cerradas hasta el 19 de abril de 2020.",
                 "Школы закрыты до 19 апреля 2020 года."):
        assert date_article(text, None, None, today=dt.date(2026, 11, 30)) is None, text


def test_a_phrase_repeated_is_one_piece_of_evidence():
    # Two mentions of one title do not outvote a date the text gives: the reading of each is kept.
    text = ("Officials met on March 3, 2018 to discuss the plan. President Obama spoke about it. "
            "Later President Obama left.")
    est = date_article(text, None, None, today=dt.date(2026, 11, 30))
    assert est.earliest <= dt.date(2018, 3, 3) <= est.latest
    assert sum("President Obama" in e for e in est.evidence) == 1


@pytest.mark.parametrize("text, words, day", [
    ("Der Minister traf am Donnerstag seinen Amtskollegen.", "Donnerstag", "2025-09-11"),
    ("Министр встретился в четверг с коллегой.", "четверг", "2025-09-11"),
    ("Le ministre a rencontré jeudi son homologue.", "jeudi", "2025-09-11"),
    ("El ministro se reunió el martes con su homólogo.", "martes", "2025-09-09"),
    ("Bakan salı günü mevkidaşıyla görüştü.", "salı", "2025-09-09"),
    ("Міністр зустрівся у середу з колегою.", "середу", "2025-09-10"),
    ("Minister spotkał się we wtorek z kolegą.", "wtorek", "2025-09-09"),
    ("Il ministro è arrivato ieri a Roma.", "ieri", "2025-09-11"),
    ("Министр прилетел вчера в Анкару.", "вчера", "2025-09-11"),
    ("Der Minister ist heute in Berlin.", "heute", "2025-09-12"),
    # the day word starting a sentence: a sentence starts at a Cyrillic or accented capital as at a Latin one
    ("Міністр прибув до Анкари. Учора він зустрівся з колегою.", "Учора", "2025-09-11"),
    ("Министр прилетел в Анкару. Сегодня он встретится с коллегой.", "Сегодня", "2025-09-12"),
    ("Bakan Ankara'ya geldi. Çarşamba günü mevkidaşıyla görüştü.", "Çarşamba", "2025-09-10"),
])
def test_weekdays_and_yesterday_in_other_languages(text, words, day):
    [t] = resolve_times(text, ANCHOR)
    assert (t.text, t.earliest, t.latest, t.relative) == (words, D(day), D(day), True)


@pytest.mark.parametrize("text", [
    "The Mardi Gras parade passed Plácido Domingo's house.",  # capitalised: names, not days
    "Wir sind hier in Berlin.",                                # German "hier" is "here"
])
def test_foreign_day_words_that_are_not_days(text):
    assert resolve_times(text, ANCHOR) == []


SCANNED_TEXTS = [
    # sentences with and without years, relative words, foreign words, a name of the knowledge base, line breaks
    "Talks began in May. Nothing more was said.\nOn 3 June 2021 the port reopened! Was it on Tuesday? No.",
    "Der Vertrag wurde am 3. Mai 2021 unterzeichnet. Gestern sprach der Minister. Heute nicht.",
    "İstanbul'da dün toplantı yapıldı. The meeting of Monday was short. In 2019, it had failed.",
    "President Biden spoke this year. Later this year, in March, talks resume. Earlier this month it rained.",
    "Talks stalled. Chancellor Merkel said the plan would work. Later, President Obama agreed.",
    "Three days ago it opened.\n\n\"It works,\" she said. It closed on 12.03.2020 and two weeks later reopened.",
    "No date at all here. Nor here.",
]


@pytest.mark.parametrize("text", SCANNED_TEXTS)
def test_only_sentences_that_can_hold_a_time_are_scanned_and_nothing_is_missed(text, monkeypatch):
    # the sentences without a year, a relative word or a name are passed over; scanning every sentence must
    # find the very same time expressions and cues
    import newsweave.dates as dates

    today, published = D("2025-09-12"), ANCHOR
    skipping = (resolve_times(text, published), find_cues(text, today))
    monkeypatch.setattr(dates, "_sentences_holding", lambda text, sents, relative, names=(): range(len(sents)))
    assert (resolve_times(text, published), find_cues(text, today)) == skipping
    assert skipping[0] or skipping[1] or text.startswith("No date")


ODD_CASE_TEXT = ("On April 3, 2022 and in spring 2020 it rained. Five days ago, last Friday, talks began; next week "
                 "they resume. Am 12 lipca 2022 und am 3. Mai 2021 kam er, 12 de marzo de 2022, 1er mars 2022, "
                 "Kasım 2021. President Obama spoke earlier this year in March. The war is in its third year.")


@pytest.mark.parametrize("change", [
    str.upper, str.swapcase,
    lambda t: t.upper().replace("I", "\u0130"),   # the Turkish dotted capital I, which a case-blind pattern takes for i
    lambda t: t.replace("i", "\u0131"),          # and the dotless i
    lambda t: t.replace("s", "\u017f"),          # the long s, which it takes for s
])
def test_dates_in_any_case_never_break_the_date_stage(change):
    # the patterns match case-blind, so a word they match can be written in letters whose lower case is not in the
    # tables ("LİPCU".lower() is "li̇pcu"): every lookup goes through the same case folding as the match
    text = change(ODD_CASE_TEXT)
    today = D("2025-09-12")
    resolve_times(text, ANCHOR)
    resolve_times(text, None)
    find_cues(text, today)
    date_article(text, None, None, today)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("line", ["It had opened in May 2020 and ", "Am Dienstag wird er nach Berlin reisen und ",
                                  "On Tuesday he will come and "])
def test_a_text_without_full_stops_is_read_in_time_linear_in_its_length(line):
    # one sentence as long as the text, a date every few words: the words around each date are read within a few
    # hundred characters of it, not along the whole sentence (which was quadratic: a 240 kB line of dates took a
    # minute, 1 MB a quarter of an hour; now about a second)
    n = 300_000 // len(line)
    text = line * n
    assert len(resolve_times(text, ANCHOR)) == n
    assert date_article(text, None, None, TODAY) is not None or "2020" not in line
