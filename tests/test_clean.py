"""Cleaning rules, table-driven: what goes, what stays, and what becomes a heading."""

from __future__ import annotations

import pytest

from newsweave.clean import clean

BODY = "The minister said on Monday that the agreement would be signed before the end of the month."


def run(*lines: str):
    kept, removed = clean([("line", x) for x in lines])
    return kept, {r.text: r.rule for r in removed}


@pytest.mark.parametrize("line,rule", [
    ("See also: Storm closes coastal road", "see_also"),
    ("READ MORE: Election date set for June", "see_also"),
    ("Related: Five things to know about the vote", "see_also"),
    ("Comments", "comment_prompt"),
    ("12 Comments", "comment_prompt"),
    ("Post a Comment", "comment_prompt"),
    ("Leave a comment", "comment_prompt"),
    ("Sign up for our daily newsletter and get the news in your inbox", "newsletter"),
    ("Subscribe to our newsletter", "newsletter"),
    ("Advertisement", "advert"),
    ("Share this article", "share_widget"),
    ("Comments are not pre-screened before they post.", "comment_prompt"),
    ("You agree that anything you post may be used, along with your name, under our Terms of Service.",
     "comment_prompt"),
    ("ly/Xq7Lm2 6:30 pm ET March 3, 2024 RETWEET Ferry timetable changes for the spring", "social_feed"),
    ("Copyright 2024 The Harbour Wire. All rights reserved. This material may not be published or redistributed.",
     "legal_notice"),
    ("\u00a9 2023 Harbour Daily Media Group", "legal_notice"),
    ("(c) Copyright Harbour Daily 2023", "legal_notice"),
    ("Site content (text and photos) belongs to Harbour Daily. All rights reserved.", "legal_notice"),
    ("Licence to publish news online 20231234", "legal_notice"),
    ("Registration No.: 448812 Registration No.: 448812", "legal_notice"),
])
def test_whole_line_rules(line, rule):
    kept, removed = run(BODY, line, BODY + " Again.")
    assert removed == {line: rule}
    assert [t for _, t in kept] == [BODY, BODY + " Again."]


def test_widget_run_removed_but_list_after_colon_kept():
    kept, removed = run("- Get link", "- Facebook", "- Other Apps", BODY)
    assert set(removed) == {"- Get link", "- Facebook", "- Other Apps"}
    kept, removed = run("The package includes:", "- Grain", "- Fuel", "- Medicine", BODY)
    assert removed == {}
    assert [t for _, t in kept][1:4] == ["- Grain", "- Fuel", "- Medicine"]


def test_embed_credit_is_cut_from_the_line_that_holds_the_post():
    line = '"We will rebuild." pic.twitter.com/AbC123 — City Desk (@citydesk) March 3, 2024'
    kept, removed = run(BODY, line)
    assert removed == {"pic.twitter.com/AbC123 — City Desk (@citydesk) March 3, 2024": "embed_credit"}
    assert kept[-1] == ("body", '"We will rebuild."')


def test_credit_only_line_is_removed_whole():
    kept, removed = run(BODY, "— Jane Roe (@janeroe) Sept. 1, 2023")
    assert list(removed.values()) == ["embed_credit"]
    assert len(kept) == 1


@pytest.mark.parametrize("lines,headings", [
    (["Background", BODY], ["Background"]),
    (["Official statement", "Minister rejects the plan", BODY], ["Official statement", "Minister rejects the plan"]),
    (["What's next?", BODY], ["What's next?"]),
    ([BODY, "No."], []),                                      # short, but punctuated: prose
    (['"We will win," he said', BODY], []),                   # a quote with attribution is prose
    (["*MINISTER: TALKS ARE OVER", BODY], []),                 # a wire flash, not a heading
    ([BODY, "The last line has no full stop"], []),            # nothing follows it: prose
])
def test_headings(lines, headings):
    kept, removed = run(*lines)
    assert not removed
    assert [t for k, t in kept if k == "heading"] == headings


def test_markup_headings_are_never_removed():
    kept, removed = clean([("heading", "Share"), ("line", BODY)])
    assert kept[0] == ("heading", "Share") and not removed


def test_removed_lines_keep_their_position():
    _, removed = clean([("line", BODY), ("line", ""), ("line", "Comments")])
    assert [(r.line, r.rule) for r in removed] == [(2, "comment_prompt")]


@pytest.mark.parametrize("line", ["Teilen", "Drucken", "Partager", "Compartir", "Поделиться", "Paylaş",
                                  "Udostępnij", "Link kopieren"])
def test_share_buttons_in_other_languages_are_furniture(line):
    body = "Die Gespräche über den Staudamm werden im Mai fortgesetzt, sagte die Ministerin am Montag."
    kept, removed = clean([("line", body), ("line", line)])
    assert [t for _, t in kept] == [body] and [(r.text, r.rule) for r in removed] == [(line, "share_widget")]


def test_a_share_bar_flattened_into_a_paragraph_is_cut_out():
    text = ("Berlin Wie soll die Bundeswehr reagieren? Teilen Teilen Weiterleiten Weiterleiten Tweeten Tweeten "
            "Drucken Von dpa Angesichts der Forderung stellt der Wehrbeauftragte den Einsatz infrage.")
    kept, removed = clean([("line", text)])
    assert kept[0][1] == ("Berlin Wie soll die Bundeswehr reagieren? Von dpa Angesichts der Forderung stellt der "
                          "Wehrbeauftragte den Einsatz infrage.")
    assert removed[0].rule == "share_widget" and removed[0].text.startswith("Teilen Teilen")
    prose = "Readers can print the form, email it or share it with a friend."
    assert clean([("line", prose)])[0][0][1] == prose  # the words in a sentence are not a share bar


@pytest.mark.parametrize("bar", ["SHARE TWEET E-MAIL", "share\tTweet   print", "ſhare ſhare ſhare",
                                 "PAYLAŞ YAZDIR GÖNDER", "yazdİr YAZDİR yazdİr", "ПОДЕЛИТЬСЯ Распечатать печать"])
def test_a_share_bar_is_cut_out_however_its_words_are_written(bar):
    # the quick test before the pattern must let through every spelling the pattern's case-blind match takes
    text = f"The dam talks resume in May, the minister said. {bar} Officials in both capitals welcomed the news."
    kept, removed = clean([("line", text)])
    assert [r.rule for r in removed] == ["share_widget"] and removed[0].text == bar
    assert kept[0][1] == ("The dam talks resume in May, the minister said. Officials in both capitals welcomed the "
                          "news.")


def test_a_time_and_date_in_prose_is_not_a_feed_item():
    line = "At 6:30 pm ET on March 3, 2024 the last ferry left the harbour, the port authority said."
    kept, removed = run(BODY, line)
    assert not removed and [t for _, t in kept] == [BODY, line]


def test_a_comment_thread_after_the_report_is_cut_to_the_end():
    reader = "This is a disgrace and the minister should resign before the month is out, mark my words."
    kept, removed = run(BODY, BODY + " Again.", BODY + " Once more.",
                        "We welcome comments that advance the story through relevant opinion, anecdotes and data.",
                        "Views expressed in the comments do not represent those of the Harbor Herald.", reader)
    assert [t for _, t in kept] == [BODY, BODY + " Again.", BODY + " Once more."]
    assert removed[reader] == "comment_thread"


@pytest.mark.parametrize("byline", [
    "March 3, 2024 at 6:19 pm | Not going to happen.",
    "Shame on them all. Posted by: harborfan | March 3, 2024 7:17 PM | Report abuse They knew.",
    "Posted by kiwireader | Report as abusive What can he do?",
])
def test_a_comments_byline_opens_the_thread_after_one_paragraph(byline):
    reader = "The minister knew all along and said nothing about it, which tells you all you need to know."
    kept, removed = run(BODY, byline, reader)
    assert [t for _, t in kept] == [BODY]
    assert removed[byline] == removed[reader] == "comment_thread"


def test_a_comment_prompt_above_the_report_cuts_nothing():
    lines = ("We welcome comments on this story.", BODY, BODY + " Again.", BODY + " Once more.")
    kept, _ = run(*lines)
    assert [t for _, t in kept] == list(lines)  # the prompt is no thread opener before any paragraph


@pytest.mark.parametrize("prose", [
    "Copyright law was changed in 2019, the minister said on Monday.",
    "The copyright holder said the licence had been revoked after a dispute over the registration of 12345 songs.",
    "The band registered 100000 fans on its licence page, its manager said.",
])
def test_prose_about_copyright_or_a_licence_is_no_legal_notice(prose):
    kept, removed = run(BODY, prose)
    assert removed == {} and [t for _, t in kept] == [BODY, prose]


def test_a_page_of_nothing_but_its_legal_notice_has_no_text():
    kept, removed = run("Copyright 1990 - . All rights reserved. Content on this site belongs to Harbour Daily.",
                        "Licence to publish news online 20231234")
    assert kept == [] and set(removed.values()) == {"legal_notice"}
