"""Attributions that cannot be right are not made (newsweave.nlp.quotes), on sentences written for these tests
and parsed by the real spaCy model."""

from __future__ import annotations

import pytest

import newsweave


def _credited(text: str) -> list[tuple[str, str]]:
    return [(q.speaker or "", q.content.text) for q in newsweave.annotate(text).quotes if q.speaker]


@pytest.mark.parametrize("text, wrong", [
    # a share of people is no speaker
    ("Varga leads Brell by 46 percent to 42 percent in the poll. Twelve percent indicated that they were not "
     "sure about either candidate.", "Varga"),
    # the speaker is never picked from the words attributed
    ("In a statement, the family's lawyer, Anna Berg, said the videos show Tomas Vale calmly leaving his car "
     "when asked to do so.", "Tomas Vale"),
    # an obligation is no report of speech
    ("Lena Varga needs to tell the truth about the dam and lay out a real plan for the valley.", "Lena Varga"),
    # the one praised is not the one praising
    ("The new Arvenia Bridge has been praised by one of the city's papers as a triumph of modern design.",
     "Arvenia Bridge"),
])
def test_attributions_that_cannot_be_right(text, wrong):
    assert not [c for c in _credited(text) if wrong in c[0]], _credited(text)


def test_what_a_speaker_answered_is_not_the_question():
    text = "Speaking to reporters, spokesman Tomas Vale responded to questions about the dam's budget on Monday."
    assert not [c for c in _credited(text) if c[1].startswith("to questions")]


def test_a_cue_is_never_inside_the_words_it_attributes():
    for q in newsweave.annotate("Varga was forced to apologize, which she later said she regretted doing. "
                                "Brell said the dam would hold.").quotes:
        if q.cue is not None:
            assert not q.content.start <= q.cue.start < q.content.end


def test_a_transcript_line_is_not_credited_to_a_name_nearby():
    text = ('Governor Lena Varga joined the programme on Sunday.\n\n"BRELL: If I may, governor, because we have '
            'limited time. Will the dam be finished this year?"')
    assert not [c for c in _credited(text) if c[1].startswith("BRELL:")]


def test_a_quote_with_its_own_cue_ends_the_reported_words_before_it():
    text = 'Vale dismissed the idea that the floods undermine the plan, stating, "No, I do not think so."'
    quotes = newsweave.annotate(text).quotes
    assert any(q.direct and q.content.text.startswith("No, I do not") for q in quotes)
    assert not [q for q in quotes if not q.direct and "stating" in q.content.text]


def test_a_quoted_phrase_of_the_speaker_stays_inside_the_reported_words():
    text = ("Mayor Lena Varga has repeatedly called for an immediate end to what she calls a \u201cdisgrace,\u201d "
            "criticizing the dam's budget.")
    reported = [c for c in _credited(text) if c[1].startswith("for an immediate end")]
    assert reported and reported[0][1].endswith("\u201cdisgrace,\u201d"), _credited(text)


def test_whom_a_speaker_told_is_not_what_they_said():
    text = 'Mayor Lena Varga told reporters, stating, "We are done with the dam."'
    assert not [c for c in _credited(text) if c[1] == "reporters"], _credited(text)


def test_a_number_as_subject_takes_the_name_in_its_own_words():
    text = ("Tomas Vale's relatives watched the video on Thursday, the family said. In a statement, one of the "
            "family's attorneys, Anna Berg, said the videos show the driver calmly leaving his car.")
    credited = [c for c in _credited(text) if c[1].startswith("the videos show")]
    assert credited and all("Berg" in speaker for speaker, _ in credited), credited


@pytest.mark.parametrize("text, speaker", [
    ("A statement from Prime Minister Tarmo Ilves said the ferry line would reopen.", "Tarmo Ilves"),
    ("A letter by Senator Jane Holt says the plan for the dam failed.", "Jane Holt"),
])
def test_a_statement_someone_issued_is_credited_to_them(text, speaker):
    assert [s for s, _ in _credited(text)] == [speaker]


def test_a_noun_the_tagger_takes_for_a_verb_cues_no_speech():
    # the tagger reads "shortstop" as a verb whose clause is "Lena Varga smiled"; no dictionary knows it as one
    text = "The Otters won the cup on Sunday. Otters shortstop Lena Varga smiled as the crowd sang."
    assert not [q for q in newsweave.annotate(text).quotes if q.cue and q.cue.text == "shortstop"]


@pytest.mark.parametrize("text, said", [
    ("The Otters called a players-only meeting in a gym next to their clubhouse.", None),
    ("Mayor Lena Varga called the police after the attack on the dam.", None),
    ("Mayor Lena Varga called the dam plan a disaster for the valley.", "the dam plan a disaster for the valley"),
    ("Mayor Lena Varga called for a ban on new dams in the valley.", "for a ban on new dams in the valley"),
    ("Mayor Lena Varga called Tomas Vale, a former coal trucking director, an outstanding leader.",
     "Tomas Vale, a former coal trucking director, an outstanding leader"),
    # the parser hangs the second object inside the first
    ("Mayor Lena Varga called the report fake news.", "the report fake news"),
    ("Mayor Lena Varga has called the notion of man-made global warming a hoax.",
     "the notion of man-made global warming a hoax"),
])
def test_calling_reports_words_when_someone_or_something_is_called_something(text, said):
    reported = [c[1] for c in _credited(text)]
    assert reported == ([said] if said else []), reported
