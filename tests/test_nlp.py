"""newsweave.annotate on small texts we wrote: quotes in every common style, speakers, mentions, claims.

The texts are fictional (the Arvenia/Dalmir dam talks of examples/), so nothing here is tuned to the seeds
or the evaluation data.
"""

import datetime as dt

import pytest

import newsweave
from newsweave.nlp import annotate_many, segments

TEXT = """Arvenian Foreign Minister Lena Varga said on Monday that the talks on the Kessa River dam would resume in May.

"We have agreed on a schedule, and both delegations will meet in Tarsk," Varga told reporters. "Nobody expects a quick deal."

"The water-sharing formula is still open.

"But the technical teams have met twice this year," she added.

Dalmiri government spokesman Tomas Brell was more cautious. He said the Dalmiri side wanted "clear guarantees on the flow" before any signature.

The spokesman added: "We will not sign a text that leaves our farmers without water."

According to Brell, more than 1,200 farmers have left the valley since 2019.

The Harbor Daily writes, \u201cThe dam has become a symbol of the rivalry between the two capitals.\u201d

Brell accused Varga of "playing for time", and Varga called the claim \u201cabsurd\u201d.

\u201cIt is [the Arvenian] position that the river belongs to no one,\u201d he said.

Roughly 20% of the valley's farmland now lies fallow, according to Dalmiri estimates.
"""


@pytest.fixture(scope="module")
def ann():
    return newsweave.annotate(TEXT, dt.date(2025, 4, 14))


def find(ann, start):
    hits = [q for q in ann.quotes if q.content.text.startswith(start)]
    assert hits, f"no quote starting {start!r}; found {[q.content.text[:30] for q in ann.quotes]}"
    return hits[0]


def test_spans_are_offsets_into_the_text(ann):
    for q in ann.quotes:
        for span in (q.content, q.cue, q.speaker_mention):
            if span is not None:
                assert TEXT[span.start:span.end] == span.text
    for e in ann.entities:
        for m in e.mentions:
            assert TEXT[m.span.start:m.span.end] == m.span.text
    for c in ann.claims:
        assert TEXT[c.number.start:c.number.end] == c.number.text


@pytest.mark.parametrize("start, speaker, direct, mention", [
    ("We have agreed on a schedule", "Lena Varga", True, "Varga"),             # straight quotes, cue after
    ("Nobody expects a quick deal", "Lena Varga", True, "Varga"),               # same paragraph, no cue
    ("The water-sharing formula", "Lena Varga", True, None),                    # quote spanning paragraphs
    ("But the technical teams", "Lena Varga", True, "she"),                     # pronoun speaker
    ("clear guarantees on the flow", "Tomas Brell", True, "He"),                # partial quote
    ("We will not sign a text", "Tomas Brell", True, "The spokesman"),          # colon; role noun
    ("The dam has become a symbol", "Harbor Daily", True, "Harbor Daily"),  # written source
    ("playing for time", "Tomas Brell", True, "Brell"),                         # partial quote, accused
    ("It is [the Arvenian] position", "Tomas Brell", True, "he"),               # bracketed insertion
    ("the talks on the Kessa River dam", "Lena Varga", False, "Arvenian Foreign Minister Lena Varga"),
    ("more than 1,200 farmers", "Tomas Brell", False, "Brell"),                 # according to X
])
def test_quotes_and_speakers(ann, start, speaker, direct, mention):
    q = find(ann, start)
    assert q.speaker == speaker
    assert q.direct is direct
    if mention is not None:
        assert q.speaker_mention is not None and q.speaker_mention.text == mention


def test_continuation_paragraph_has_no_cue_of_its_own(ann):
    q = find(ann, "The water-sharing formula")
    assert q.cue is None and q.speaker == "Lena Varga"


def test_entities_link_names_titles_roles_and_pronouns(ann):
    by_name = {e.name: e for e in ann.entities}
    brell = by_name["Tomas Brell"]
    assert brell.type == "person"
    assert {"Dalmiri government spokesman Tomas Brell", "Brell", "The spokesman"} <= set(brell.aliases)
    assert any(m.kind == "pronoun" for m in brell.mentions)
    assert by_name["Lena Varga"].type == "person"
    assert "Arvenian Foreign Minister Lena Varga" in by_name["Lena Varga"].aliases


def test_claims_are_normalised(ann):
    by_number = {c.number.text: c for c in ann.claims}
    twice = by_number["twice"]
    assert twice.value == 2 and twice.head == "meet"
    farmers = next(c for c in ann.claims if c.value == 1200)
    assert farmers.qualifier == "more than" and "farmers" in farmers.subject and farmers.source == "Tomas Brell"
    assert farmers.as_of == dt.date(2025, 4, 14)          # "since 2019" opens a period running to now
    share = next(c for c in ann.claims if c.unit == "percent")
    assert share.value == 20 and share.qualifier == "roughly" and "valley" in share.subject


@pytest.mark.parametrize("sentence, value, unit, head", [
    ("The sides have held three rounds of talks.", 3, "count", "round"),
    ("It was the third round of talks.", 3, "ordinal", "round"),
    ("They agreed thousand-for-thousand prisoner swaps.", 1000, "count", "swap"),
    ("The three-and-a-half-year-long conflict goes on.", 3.5, "duration-years", "conflict"),
    ("Over 1.2 million people have been killed or injured.", 1_200_000, "count", "people"),
])
def test_claim_table(sentence, value, unit, head):
    claims = newsweave.annotate(sentence).claims
    hit = [c for c in claims if c.unit == unit]
    assert hit and hit[0].value == value and hit[0].head == head


@pytest.mark.parametrize("sentence, expected", [
    # a range: at least its first number, up to its second (the scale of the second is the first's too)
    ("Between 300 and 400 wells ran dry in the valley.", [(300, "at least", False), (400, "up to", False)]),
    ("Forecasters expect 2 to 3 inches of rain over the hills.", [(2, "at least", False), (3, "up to", False)]),
    ("About 30-35 fishermen lost their boats.", [(30, "at least", False), (35, "up to", False)]),
    ("The mill employs 2 to 3 million seasonal workers.", [(2e6, "at least", False), (3e6, "up to", False)]),
    ("Readings ranging from 10 to 15 degrees were taken at the wells.",
     [(10, "at least", False), (15, "up to", False)]),
    # a change: the first value is superseded
    ("The board cut the buffer from 6 metres to 3 metres for new wells.", [(6, None, True), (3, None, False)]),
    ("The jobless rate fell to 6.2 percent from 6.7 percent.", [(6.2, None, False), (6.7, None, True)]),
    ("The agency, which had previously recommended 6 metres, now says 3 metres is enough.",
     [(6, None, True), (3, None, False)]),
    ("Officials initially reported 20 deaths in the valley.", [(20, None, True)]),
    # neither: a score, a season, a date that says when, a point of comparison
    ("The Rovers won 8-7 against the Harbour club.", [(8, None, False)]),
    ("Earlier this week, 30 wells ran dry in the valley.", [(30, None, False)]),
    ("Before the vote earlier Thursday, the bill needed 60 votes.", [(60, None, False)]),
])
def test_ranges_changes_and_superseded_values(sentence, expected):
    claims = [c for c in newsweave.annotate(sentence, dt.date(2025, 5, 1)).claims if not c.unit.startswith("dur")]
    assert [(c.value, c.qualifier, c.earlier) for c in claims] == expected


@pytest.mark.parametrize("sentence, expected", [
    ("Photo Apr. 21: Crews fight the blazing remains of the ferry.", []),  # a day of a month, not 21 of "Apr."
    ("As much as 42,000 gallons of oil a day leaked from the tanker.", [(42_000, "as much as", "gallon")]),
])
def test_a_day_of_a_month_is_no_count_and_as_much_as_is_a_hedge(sentence, expected):
    claims = [c for c in newsweave.annotate(sentence, dt.date(2025, 5, 1)).claims if c.unit == "count"]
    assert [(c.value, c.qualifier, c.head) for c in claims] == expected


def test_a_past_date_in_the_sentence_sets_as_of():
    c = [c for c in newsweave.annotate("In June 2024, the ministry counted 400 wells.", dt.date(2025, 5, 1)).claims
         if c.unit == "count"][0]
    assert c.as_of == dt.date(2024, 6, 30)


def test_headline_quote():
    ann = newsweave.annotate("Talks will resume in May: Varga\n\nThe Arvenian minister Lena Varga spoke on Monday.")
    q = find(ann, "Talks will resume in May")
    assert q.direct and q.speaker == "Lena Varga" and q.speaker_mention.text == "Varga"


# --- bad input: a result or a clear message, never a crash ----------------------------------------------
def test_unbalanced_quotation_marks():
    ann = newsweave.annotate('Varga said "the talks will resume.\n\nBrell said nothing." And "then\n\n"')
    assert all(q.content.start < q.content.end for q in ann.quotes)


@pytest.mark.parametrize("text", ["", "   \n\n ", "12 34 56 -- 78", "!!!???...", "\u201c\u201d\u201c"])
def test_no_sentences(text):
    ann = newsweave.annotate(text)
    assert ann.quotes == () and ann.claims == () and ann.language == "und"
    assert ann.warnings


def test_non_english_text_is_flagged_not_parsed():
    german = ("Die Gespräche über den Staudamm am Fluss Kessa werden im Mai fortgesetzt, sagte die "
              "Außenministerin am Montag. \u201eWir haben uns auf einen Zeitplan geeinigt\u201c, sagte sie.")
    ann = newsweave.annotate(german)
    assert ann.language == "de" and ann.quotes == () and ann.entities == ()
    assert "not English" in ann.warnings[0]


def test_segments_cut_long_text_at_boundaries():
    text = ("A sentence about the dam. " * 40 + "\n\n") * 30
    parts = list(segments(text, limit=2000))
    assert "".join(p for _, p in parts) == text
    assert all(len(p) <= 2000 for _, p in parts)
    assert all(text[o:o + len(p)] == p for o, p in parts)


@pytest.mark.slow
def test_two_megabyte_single_paragraph():
    sentence = 'Varga said "the dam will hold" and Brell said 300 farmers left. '
    text = sentence * (2_000_000 // len(sentence) + 1)
    ann = next(annotate_many([(text, None, None)]))
    assert len(text) > 2_000_000
    assert len(ann.quotes) > 1000 and all(text[q.content.start:q.content.end] == q.content.text for q in ann.quotes)


def test_scare_quotes_and_names_of_works_are_not_speech():
    text = ('Brell criticised the so-called "water alliance" on Monday, he told the podcast "Rivers Of Dalmir" '
            'in a long interview that was broadcast across the valley and beyond.')
    ann = newsweave.annotate(text)
    assert not [q for q in ann.quotes if q.direct]


@pytest.mark.parametrize("name, titles, full_names, expected", [
    ("Kyiv", set(), [], "place"),              # a capital the tagger called a person
    ("Obama", set(), [], "person"),            # a Japanese town of 30,000, but a surname first
    ("Kyiv", {"mr."}, [], "person"),           # a title makes it a person
    ("Paris", set(), ["Paris Hilton"], "person"),  # someone's name in this text
])
def test_one_word_names_the_tagger_calls_people(name, titles, full_names, expected):
    from newsweave.nlp.mentions import Ment, _retype_places

    ments = [Ment(0, 1, "name", "person", name, set(titles))] + \
        [Ment(5, 7, "name", "person", full) for full in full_names]
    _retype_places(ments)
    assert ments[0].type == expected
