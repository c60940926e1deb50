"""Where a sentence of news text ends, and where a report's own words start (newsweave.sentences)."""

from __future__ import annotations

import pytest

from newsweave.sentences import (caption, ends_as_sentence, furniture, glued_headline, lead_in, promo, sentence_breaks,
                                 stamp_start, standalone, transcript_start)


@pytest.mark.parametrize("text, rest", [
    ("ORVANE, May 20 (AWS) - The ferry sank.", "The ferry sank."),
    ("KYIV (Reuters) \u2014 Talks resumed.", "Talks resumed."),
    ("PORT ELLIS, Maine -- Boats returned on Monday.", "Boats returned on Monday."),
    ("HOLT/ARVANE, April 30 (AWS) - Boats returned.", "Boats returned."),
    ("PORT ELLIS | Tue Apr 27, 2010 4:08 am EDT PORT ELLIS (AWS) - Boats returned.", "Boats returned."),
    ("Thursday, April 29, 2010; 4:49 PM A slick reached the coast.", "A slick reached the coast."),
    ("Boats return to the pier PORT ELLIS | Tue Apr 27, 2010 4:08 am EDT PORT ELLIS (AWS) - Boats returned.",
     "Boats returned."),   # a headline run into the page header
    ("Tue Apr 27, 2010 4:08 am EDT (Adds quotes) PORT ELLIS, April 27 (AWS) - Boats returned.",
     "Boats returned."),   # an update note after the page's time stamp
    ("(Update 2:49 p.m. Holt, 7:49 a.m. ET) Boats returned.", "Boats returned."),   # a live blog's entry
    ("(Updated 5:31 p.m. (0031 in Holt)) Boats returned.", "Boats returned."),
    ("-- [Updated at 10:05] HOLT (AWS) - Boats returned.", "Boats returned."),
    ("Holt, Arvane (AWS) -- Boats returned.", "Boats returned."),   # a place in title case before the agency
    ("(AWS) -- Boats returned.", "Boats returned."),
    ("Boats return to the pier HOLT (AWS) - Crews came.", "Crews came."),   # a headline run into the dateline
    ("Boats return to the pier (AWS) -- Crews came.", "Crews came."),
    ("(Ann Lee/AWS) By Bo Tan and Cy Ode PORT ELLIS -- Crews came.", "Crews came."),   # a credit and a byline
    # none: a sentence before the dateline, an ordinary sentence, a dash inside prose
    ("The boats came back. HOLT (AWS) - Crews came.", "The boats came back. HOLT (AWS) - Crews came."),
    ("The ferry sank on Monday.", "The ferry sank on Monday."),
    ("The mayor - who resigned - spoke.", "The mayor - who resigned - spoke."),
])
def test_a_report_opens_after_its_dateline(text, rest):
    assert text[lead_in(text):] == rest


def test_no_break_between_a_time_of_day_and_its_zone_or_day():
    text = "(Update 3:09 a.m. Sunday in Holt, 8:09 p.m. ET Saturday) Boats returned. It ended at 5 p.m. Crews left."
    assert [text[:a] for a, _ in sentence_breaks(text)] == [text[:text.index(" It")], text[:text.index(" Crews")]]
    text = "(Update 2:04 p.m. Holt, 7:04 a.m. ET) Boats returned."
    assert sentence_breaks(text) == []


def test_no_break_inside_a_stock_ticker():
    text = "Shares of Orvane Oil (ORV. L) fell. Traders sold."
    assert [text[:a] for a, _ in sentence_breaks(text)] == ["Shares of Orvane Oil (ORV. L) fell."]
    text = "Shares of Orvane Oil (ORV.\n\nL) fell.\nTraders sold."   # one sentence a line, cut inside the ticker
    assert [text[:a] for a, _ in sentence_breaks(text)] == ["Shares of Orvane Oil (ORV.\n\nL) fell."]
    text = "Pick one:\nA) the ferry\nB) the bridge"   # a list's items are no ticker
    assert len(sentence_breaks(text)) == 2


@pytest.mark.parametrize("text, headline", [
    ("Boats return to the pier HOLT (AWS) - Crews came.", "Boats return to the pier"),
    ("Boats return PORT ELLIS | Tue Apr 27, 2010 4:08 am EDT PORT ELLIS (AWS) - Crews came.", "Boats return"),
    ("Tue Apr 27, 2010 4:08 am EDT (Adds quotes) PORT ELLIS, April 27 (AWS) - Boats returned.", None),
    ("HOLT (AWS) - Crews came.", None),
    ("The boats came back on Monday. HOLT (AWS) - Crews came.", None),
])
def test_a_headline_run_into_the_dateline(text, headline):
    assert glued_headline(text) == headline


@pytest.mark.parametrize("sentence, alone", [
    ("The spokesman gave a short but conclusive reply: \u201cNo.\u201d", False),  # which spokesman?
    ("The foreign minister said the talks would resume.", False),
    ("According to the spokesman, the army is on the advance.", False),
    ("He said the talks would resume.", False),
    ("The president of France said the talks would resume.", True),
    ("The minister, Jean Dupont, said the talks would resume.", True),
    ("According to the Kremlin, the talks are on pause.", True),
    ("The council voted on Monday to build a new bridge.", True),
    ("Here is a full list of Sunday night's winners.", False),   # points at what follows
    ("Here's what we know about the storm.", False),
    ("Heresy charges were dropped against the bishop on Monday.", True),
    # the end of a quotation in single marks (a British house style) that opened in the sentence before
    ("Unimpeded by things blown out of proportion,' his friend told reporters.", False),
    ("Unimpeded by things blown out of proportion,\u2019 his friend told reporters.", False),
    ("A friend said it was 'blown out of proportion,' and left.", True),    # opened in the sentence itself
    ("Officials at the U.S.' embassy didn't comment on the Cubs' title.", True),   # apostrophes, no quotation
])
def test_a_sentence_reads_alone_unless_it_opens_on_someone_or_something_named_before(sentence, alone):
    assert standalone(sentence) is alone


@pytest.mark.parametrize("sentence, is_caption", [
    ("Oil floats near a work boat in the Gulf of Mexico June 2, 2010.", True),
    ("Traders work on the floor of the New York Stock Exchange Wednesday, Nov. 5, 2008.", True),
    ("In this image made from video, the well leaks oil, June 2, 2010.", True),
    ("This photo shows the rig before the blast.", True),
    ("Photograph: Win McNamee/Getty Images With a final shot of cement, BP killed its well.", True),
    ("Photograph archives show the rig before the blast, and the agency/ministry said so.", False),
    ("Photos: Floods in Brenn Residents wade through the main street on Monday.", True),   # a gallery's heading
    ("Gallery: Protesters fill the streets The march reached the square at noon.", True),
    ("Photo: Brenn Gazette Smog over the river in Brenn.", True),                         # a credit, no slash
    ("Photos of the flood were shared widely: the river rose two metres.", False),
    ("The rig exploded on April 20, 2010.", False),          # a preposition: a day of the story
    ("The well was capped July 15, 2010, after 87 days.", False),
    ("Sales rose in the year to June 2010.", False),
    ("It was reprinted at page 3, 2010.", False),
    # someone placed in the picture
    ("Governor Lena Varga, left, and Mayor Tom Okafor tour the flooded streets.", True),
    ("Lena Varga (second left) and Tom Okafor (right) cut the ribbon.", True),
    ("The mayor, Tom Okafor, left the town hall on Monday.", False),     # "left" a verb
    ("Right now, in Brenn, right now the water is falling.", False),
])
def test_a_photo_caption_is_told_from_a_report(sentence, is_caption):
    assert caption(sentence) is is_caption


TURNS = ("HOST: Good evening. Protesters filled the square again tonight.\n\n"
         "We go now to our correspondent.\n\n"
         "RIVERA (on camera): Thanks. The crowd is larger than yesterday.\n\n"
         "UNIDENTIFIED MALE: We will stay until he leaves.\n")


@pytest.mark.parametrize("text,is_transcript", [
    (TURNS, True),
    (TURNS.replace("RIVERA (on camera)", "RIVERA"), True),
    (TURNS.replace("RIVERA (on camera):", "Rivera said:"), False),  # two turns are not enough
    # a report with a section's label or two is no transcript, nor one that quotes a title with a colon
    ("NEW: The council voted on Monday.\n\nGRAPHIC: Where the water rose.\n\nThe mayor said the town would "
     "recover.\n", False),
    ("The Senate hearing, titled OIL SPILL: LESSONS LEARNED, opened on Tuesday. SOURCES: Coast Guard.\n", False),
])
def test_a_broadcast_transcript_is_told_by_its_speakers_turns(text, is_transcript):
    assert (transcript_start(text) is not None) == is_transcript


def test_a_transcript_starts_at_its_first_turn_after_the_writer_s_own_account():
    report = "The mayor spoke to our station on Monday about the flood.\n\nHere is the interview.\n\n"
    assert transcript_start(report + TURNS) == len(report)
    assert transcript_start(TURNS) == 0


@pytest.mark.parametrize("sentence,is_promo", [
    ("Watch the oil spill's path since May 2 and view how the coastline is at risk.", True),
    ("Click here for the entire interview.", True),
    ("Read more about the minister and her rise to the top.", True),
    ("Follow @HarborDaily on Twitter for the latest updates.", True),
    ("Tune in week nights at 2200 CET.", True),
    ("Watchdog groups said the dam had not been inspected since 2019.", False),
    ("Follow-up talks are planned for June in Orvane.", False),
    ("Officials said residents should watch for rising water overnight.", False),
])
def test_a_pointer_to_other_content_is_told_from_a_report(sentence, is_promo):
    assert promo(sentence) == is_promo


@pytest.mark.parametrize("sentence,start", [
    ("Hayward hands over the clean-up as a new cap is placed on the leak Friday 4 June 2010 18.15 BST Barack Obama "
     "surveys the coast.", "Friday 4 June"),
    ("Clare Spencer | 09:51 UK time, Friday, 28 May 2010 Commentators react to the spill.", "09:51"),
    ("-- June 02, 2010 2:43 PM The leak footage is grim.", "June 02"),
    ("Unrest spreads February 09, 2011 | By Tom Okafor, Harbor Daily Rights groups say the crackdown widens.",
     "February 09"),                                                       # a byline after its page's date
    ("The vote of March 3, 2011 | the one that split the council | comes back.", None),
    ("The rig exploded on April 20, 2010, and sank two days later.", None),
    ("The hearing starts at 10:30 a.m. on Tuesday in Washington.", None),
])
def test_a_page_s_time_stamp_run_into_the_text_is_found(sentence, start):
    at = stamp_start(sentence)
    assert (at is None) if start is None else sentence[at:].startswith(start)


def test_a_page_s_furniture_is_a_caption_a_pointer_or_text_run_into_a_time_stamp():
    assert furniture("Oil floats near a work boat in the Gulf of Mexico June 2, 2010.")
    assert furniture("Click here for the entire interview.")
    assert furniture("Dam gives way Monday 10 March 2025 18.15 GMT Crews reached the town.")
    assert not furniture("The Lomond dam gave way on Monday after weeks of heavy rain, officials said.")


@pytest.mark.parametrize("sentence, is_furniture", [
    ("BRENN HALVIK RING ROAD LOMOND DAM Reservoir The wall gave way at its north end.", True),  # a graphic's labels
    ("NEW CAP FOR THE DAM When engineers removed it, water flowed again.", True),             # a headline run in
    ("WHAT HAS THE MINISTER DONE SINCE MONDAY?", True),                                      # a reader's shout
    ("NATO, the EU, the FBI and the CIA met on Monday.", False),                             # acronyms apart
    ("The NATO FBI CIA talks went on; VIII Corps held.", False),                             # three in a row at most
])
def test_words_in_capitals_in_a_row_are_the_page_s(sentence, is_furniture):
    assert furniture(sentence) is is_furniture


@pytest.mark.parametrize("sentence, ends", [
    ("The dam gave way on Monday.", True),
    ('He called it "a disgrace."', True),
    ("He called it 'a disgrace'.", True),
    ("The town will rebuild!", True),
    ("Tom Okafor and Lena Varga for 'Brenn Nights'", False),   # a caption's fragment
    ('He called it "a disgrace"', False),
    ("Will the dam hold?", False),
    ("On Monday, the ministry released a statement:", False),
])
def test_a_sentence_ends_as_a_statement(sentence, ends):
    assert ends_as_sentence(sentence) is ends
