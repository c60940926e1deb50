"""Where a sentence of news text ends: one rule for the comparisons (the sentence around a remark, the
sentences a brief or a dispute reads) and for the lists that show an untitled article by its first sentence."""

from __future__ import annotations

import re

from .lexicon import ROLE_NOUNS, TITLE_WORDS, WEEKDAYS, time_zones
from .resolve import in_capitals

# A break after ".", "!" or "?" (or one of them and a closing quote: '...a pause." Peskov said'), not after a
# quote that closes on a comma ('"... results," Peskov added'), nor inside a stock ticker ("(BP. L)", "(RIG. N)"),
# even one a line break cuts (texts kept one sentence a line, split there by their source).
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"\u201d\u2019']))\s+(?=[\"\u201c\u2018'A-Z0-9])"
                           r"(?![A-Z]{1,2}\))|\n+(?!\n)(?!(?:(?<=[A-Z]\.\n)|(?<=[A-Z]\.\n\n))[A-Z]{1,2}\))")
_ABBREVIATION = re.compile(r"(?:\b(?:[A-Z]\.)+|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gov|Sen|Rep|Gen|Lt|Col|Sgt|Capt|Prof|"
                           r"No|vs|Inc|Corp|Co|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec)\.)$")


def sentence_breaks(text: str) -> list[tuple[int, int]]:
    """(end of a sentence, start of the next) for each sentence break in text, not counting the full stop of an
    abbreviation ("U.S. President", "Mr. Peskov") nor that of a time of day before its time zone or day ("8:09 p.m.
    ET")."""
    return [(m.start(), m.end()) for m in _SENTENCE_END.finditer(text)
            if m.group(0).startswith("\n") or not _ABBREVIATION.search(text[max(0, m.start() - 12):m.start()])
            and not _clock_goes_on(text, m.start(), m.end())]


# How far back an open bracket keeps a time of day's full stop from ending a sentence: a live blog's update note.
CLOCK_BRACKET_CHARS = 40
_CLOCK_END = re.compile(r"\b[ap]\.m\.$", re.I)
_WORD = re.compile(r"[A-Z][A-Za-z]{1,8}\b")
_DAY_NAMES = frozenset(d.capitalize() for d in WEEKDAYS)


def _clock_goes_on(text: str, end: int, start: int) -> bool:
    """Whether the word at ``start`` goes on from a time of day ending at ``end``: its time zone or its day ("8:09
    p.m. ET Tuesday", "3:09 a.m. Wednesday in Cairo"), or anything inside the brackets the time opened in ("(Update
    2:04 p.m. Cairo, 7:04 a.m. ET)")."""
    if not _CLOCK_END.search(text, max(0, end - 5), end):
        return False
    before = text[max(0, end - CLOCK_BRACKET_CHARS):end]
    if before.rfind("(") > before.rfind(")") or before.rfind("[") > before.rfind("]"):
        return True
    word = _WORD.match(text, start)
    return word is not None and (word.group(0) in _DAY_NAMES or word.group(0) in time_zones())


# What opens a report before its first sentence's own words. A wire dateline: the place in capitals, perhaps a
# state or a day, perhaps the agency, then a dash ("ORVANE, May 20 (AWS) - ", "KYIV (Reuters) — ", "NEW ORLEANS --
# "); the date it may hold means the day of writing, not of the event. A page's time stamp ("Thursday, April 29,
# 2010; 4:49 PM "). And a page header before a wire dateline ("LONDON | Tue Apr 27, 2010 4:08 am EDT LONDON
# (Reuters) - "), looked for in the first LEAD_IN_SEARCH characters when no words of prose come first, or when
# the prose before it sits around the page's time stamp: a headline run into the page header ("BP agrees to fund
# WASHINGTON | Thu Jun 17, 2010 1:29 am IST WASHINGTON (Reuters) - "), an update note ("Wed Jun 16, 2010 2:56 pm
# EDT (Adds BP forgoing dividend) WASHINGTON, June 16 (Reuters) - ").
LEAD_IN_SEARCH = 200
_PLACE = r"[A-Z][A-Z.'\u2019/\\ -]{1,40}(?:,\s*[A-Z][\w.]*(?:\s+[\w.]+){0,2})?"
_DASH = r"\s*[-\u2013\u2014]+\s+(?=[A-Z\"\u201c'\u2018])"
_TITLED_PLACE = r"[A-Z][\w'\u2019.-]*(?:\s+[A-Z][\w'\u2019.-]*){0,2}"
# A place written in title case counts only before an agency's name in brackets ("Cairo, Egypt (CNN) -- "), and the
# agency's name alone opens a report too ("(CNN) -- ").
_DATELINE = re.compile(r"\A(?:" + _PLACE + r"\s*(?:\([^()\n]{1,30}\))?|(?:" + _TITLED_PLACE + r"(?:,\s*"
                       + _TITLED_PLACE + r")?\s*)?\([A-Z][A-Za-z]{1,12}\))" + _DASH)
_NAME = r"[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){1,3}"
# A dateline after an agency's name in brackets, or after a byline ("By Ann Lee and Bo Tan NEW YORK -- ").
_AGENCY_DATELINE = re.compile(r"(?:\b" + _PLACE + r"\s*\([^()\n]{1,30}\)|(?<=\s)\([A-Z][A-Za-z]{1,12}\)"
                              r"|\bBy\s+" + _NAME + r"(?:\s*(?:,|and)\s+" + _NAME + r")*\s+" + _PLACE + r")" + _DASH)
# Words before a wire dateline are a headline run into it ("Tens of thousands join protests Saturday (CNN) -- ")
# when there are at most HEADLINE_WORDS of them and no sentence ends among them; prose is neither.
HEADLINE_WORDS = 20
_SENTENCE_INSIDE = re.compile(r"[.!?][\"\u201d\u2019']?\s")
_TIME_STAMP = re.compile(r"\A(?:[A-Z][a-z]+day,?\s+)?[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4}[;,]?\s+\d{1,2}:\d\d\s*"
                         r"[AaPp]\.?[Mm]\.?\s+(?=[A-Z\"\u201c])")
_PAGE_STAMP = re.compile(r"\b[A-Z][a-z]{2}\s+[A-Z][a-z]{2}\s+\d{1,2},\s+\d{4}\s+\d{1,2}:\d\d\s*[ap]m\b")
_PAGE_HEADER_START = re.compile(r"\s*\b[A-Z][A-Z.' -]+\||\s*" + _PAGE_STAMP.pattern)  # "WASHINGTON | ", the stamp
# A live blog's note of when an entry was added: "(Update 2:49 p.m. Cairo, 7:49 a.m. ET) ", "-- [Updated at 10:05] ".
_UPDATE_NOTE = re.compile(r"\A(?:[-\u2013\u2014\u2022*]+\s*)?[(\[]\s*(?:Update[ds]?|UPDATED?)\b"
                          r"(?:[^()\[\]\n]|\([^()\n]{0,30}\)){0,100}[)\]]"
                          r"\s*(?=[A-Z\"\u201c'\u2018-])")
_PROSE = re.compile(r"(?<![\w'\u2019])[a-z]{4,}\b")  # a word of prose: lower case, four letters or more


def lead_in(text: str) -> int:
    """Where a report's (or its first sentence's) own words start: after a live blog's update note, a wire
    dateline, a page's time stamp, or a page header and the wire dateline after it; 0 when it opens with none."""
    note = _UPDATE_NOTE.match(text)
    if note:
        return note.end() + lead_in(text[note.end():])
    m = _DATELINE.match(text) or _TIME_STAMP.match(text)
    if m:
        return m.end()
    m = _AGENCY_DATELINE.search(text[:LEAD_IN_SEARCH])
    if m is None:
        return 0
    before = text[:m.start()]
    return m.end() if not _PROSE.search(before) or _PAGE_STAMP.search(before) or _headline(before) else 0


def glued_headline(text: str) -> str | None:
    """The headline a text without line breaks runs into its wire dateline or page header ("BP agrees to $20
    billion fund WASHINGTON | Thu Jun 17, 2010 1:29 am IST WASHINGTON (Reuters) - ..."), if it has one."""
    m = _AGENCY_DATELINE.search(text[:LEAD_IN_SEARCH])
    if m is None:
        return None
    before = text[:m.start()]
    header = _PAGE_HEADER_START.search(before)
    words = before[:header.start()] if header else before
    return words.strip() if _PROSE.search(words) and _headline(words) else None


def _headline(words: str) -> bool:
    return len(words.split()) <= HEADLINE_WORDS and not _SENTENCE_INSIDE.search(words)


# Openings that need what came before, or point at what comes after ("Here is a full list of the winners").
_NEEDS_CONTEXT = re.compile(r"^(?:[\"\u201c\u2018']|(?:He|She|They|It|This|These|That|Those|His|Her|Their|Its|"
                            r"But|And|However|Also|Meanwhile|Still|Yet|So|Then|Here(?:'s|\u2019s| is| are))\b)")


# "The spokesman gave ...", "The foreign minister said ...", "According to the spokesman, ...": a role standing
# for someone named earlier in the article (not "The president of France said", nor "The minister, Jean Dupont,
# said").
_ROLE = (r"(?:(?:" + "|".join(sorted(TITLE_WORDS)) + r")\s+){0,2}(?:"
         + "|".join(sorted(map(re.escape, ROLE_NOUNS))) + ")s?")
_ROLE_FOR_A_NAME = re.compile(r"^(?:The\s+" + _ROLE + r"\s+(?!of\b)[a-z]|According to the\s+" + _ROLE + ",)")


# Single quotation marks (the British style: 'He just wants his privacy,' a friend said): one opening before a
# word, one closing after a clause's punctuation. An apostrophe is neither ("didn't", "the Cubs' title", "'90s").
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[\u2014\u2013-]))['\u2018](?=[^\W\d_])")
_SINGLE_CLOSE = re.compile(r"(?<=[.,!?])(?<!\.[A-Z]\.)['\u2019](?=[\s)\]]|$)")  # (not "the U.S.' ally")


def standalone(sentence: str) -> bool:
    """A sentence a reader understands alone: not opening with a pronoun, a connective, a role that stands for
    a name ("The spokesman said") or a bare quote, and not the middle of a quotation (its quotation marks pair
    up, and no single quotation mark closes what the sentence did not open)."""
    straight = sentence.count('"') % 2 == 0
    curly = sentence.count("\u201c") == sentence.count("\u201d")
    close = _SINGLE_CLOSE.search(sentence)
    single = close is None or _SINGLE_OPEN.search(sentence, 0, close.start()) is not None
    return sentence[:1].isupper() and not _NEEDS_CONTEXT.match(sentence) and not _ROLE_FOR_A_NAME.match(sentence) \
        and straight and curly and single


# A photo's caption opens on the picture ("In this image made from video ...") or on its credit ("(AP
# Photo/Gerald Herbert) A boat ...", "Photograph: Win McNamee/Getty Images ..."), or on a gallery's heading
# ("Photos: Mass shooting at Las Vegas music festival Concertgoers dive ...", "Gallery: Protesters fill the
# streets ..."; the 105 sentences of ../shared/eval so opening are all a gallery's or a credit), or ends on its
# credit ("(Joe Raedle/Getty Images)") or on the day it was taken, written out with its year and no preposition
# before it ("Oil floats near a boat in the Gulf of Mexico June 2, 2010."), or places someone in the picture ("Thad
# Allen, left, and Jane Lubchenco release turtles", "Kevin Love (left)"): a picture described, not what happened.
_PHOTO_CREDIT = r"\([^()/]{0,40}\b[A-Za-z]+/[A-Z][^()]{0,40}\)"
_IN_THE_PICTURE = (r"|\b[A-Z][\w'.-]*,\s(?:left|right|cent(?:er|re)|second (?:from )?(?:left|right)),"
                   r"|\((?:left|right|cent(?:er|re)|middle|second (?:from )?(?:left|right))\)")
_CAPTION = re.compile(r"^(?i:(?:In )?(?:this|these) (?:\w+ )?(?:image|photo|picture|video (?:still|grab)|"
                      r"screen ?grab)s?)\b|^" + _PHOTO_CREDIT + r"|" + _PHOTO_CREDIT + r"[.\s]*$"
                      r"|^(?:Photograph|Photo|Picture|Image|Gallery|Slideshow|In pictures)s?:\s"  # a credit, a gallery
                      r"|(?<!\bon)(?<!\bof)(?<!\bin)(?<!\bsince)(?<!\buntil)(?<!\bby)(?<!\bfrom)(?<!\bto)\s"
                      r"(?:[A-Z][a-z]+day,? )?(?:[A-Z][a-z]+\.? \d{1,2}|\d{1,2} [A-Z][a-z]+),? \d{4}[.)]*$"
                      + _IN_THE_PICTURE)


def caption(sentence: str) -> bool:
    """Whether a sentence is a photo's caption rather than a report of what happened."""
    return bool(_CAPTION.search(sentence.rstrip()))


# A page's pointer to other content: "Watch Zakaria's take on ...", "Click here for the interview", "Read more about
# Suleiman ...", "Follow @CNNTravel on Twitter", "Tune in week nights at 2200 CET". Set by reading Timeline17: the 54
# of its 87,946 sentences that open so are all such pointers or a speaker's aside ("Watch out Wall street").
_PROMO = re.compile(r"^(?:Watch|Click|Listen to|Sign up|Subscribe|Follow (?:us|me|him|her|them|@)|Read more|"
                    r"Tune in)\b")


def promo(sentence: str) -> bool:
    """Whether a sentence points the reader to other content (a video, a link, a programme) rather than reports."""
    return bool(_PROMO.match(sentence.lstrip()))


# A page's time stamp run into the text: a date with its year and a clock time, in either order ("... leak Friday 4
# June 2010 18.15 BST Barack Obama surveys ...", "Clare Spencer | 09:51 UK time, Friday, 28 May 2010 Commentators
# react ...", "-- June 02, 2010 2:43 PM The leak footage ..."), or a date with its year before a byline
# ("February 09, 2011 | By Josh Levs, CNN Human Rights Watch says ..."): a headline, a byline or a blog's entry glued
# to the words after it, no sentence of a report. Set by reading Timeline17: 532 of its 87,946 sentences hold one
# with a clock time; of 30 drawn at random, all 30 are such stamps; the 17 with a byline are all CNN's pages.
_DATE_WITH_YEAR = r"(?:\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})"
_CLOCK = r"\d{1,2}[.:]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+(?:[A-Z]{2,4}\b|UK time))?"
_WEEKDAY = r"(?:[A-Z][a-z]+day,?\s+)?"
_STAMP = re.compile(r"\b" + _WEEKDAY + _DATE_WITH_YEAR + r",?\s+" + _CLOCK + r"|\b" + _CLOCK + r",?\s+" + _WEEKDAY
                    + _DATE_WITH_YEAR + r"|\b" + _DATE_WITH_YEAR + r"\s*\|\s*By\b")


def stamp_start(sentence: str) -> int | None:
    """Where a page's time stamp (a date with its year and a clock time) starts in a sentence, or None: page
    furniture run into the text, after a headline, a byline or before a blog's entry."""
    m = _STAMP.search(sentence)
    return m.start() if m else None


# Words in capitals in a row: a headline, a graphic's labels or a speaker's label run into the text ("LAS VEGAS
# FREEWAY EXCALIBUR HOTEL LUXOR HOTEL Mandalay Bay Resort and Casino The gunman shot ...", "NEW CAP FOR LEAKING OIL
# WELL When engineers ...", "FREDERIK PLEITGEN, CNN INTERNATIONAL CORRESPONDENT: Well, ...") or a reader's shout;
# no sentence of a report. Set by reading Timeline17, PolNeAR and ../shared/eval/stories: 584 of their 128,875
# sentences hold CAPITALS_RUN such words in a row (a wire's dateline is cut before: "PANAMA CITY BEACH, FLA. --");
# of 40 drawn at random, all 40 are such.
CAPITALS_RUN = 4
_EDGE_MARKS = ".,;:!?\"'()[]{}\u201c\u201d\u2018\u2019-\u2013\u2014"


def capitals_run(sentence: str) -> bool:
    """Whether CAPITALS_RUN words or more in capitals come in a row (:func:`newsweave.resolve.in_capitals`)."""
    run = 0
    for word in sentence.split():
        run = run + 1 if in_capitals(word.strip(_EDGE_MARKS)) else 0
        if run >= CAPITALS_RUN:
            return True
    return False


def ends_as_sentence(sentence: str, marks: tuple[str, ...] = (".", "!")) -> bool:
    """Whether a sentence ends as a statement does: on one of ``marks``, inside its closing quotation marks or
    brackets or before them (not a question, a heading, a caption's fragment "X and Y for 'Crocodile Dundee'", or
    a line that runs on: "On Monday, the firm released a statement:")."""
    return sentence.rstrip(" \"'\u201d\u2019)").endswith(marks)


def furniture(sentence: str) -> bool:
    """Whether a sentence is the page's rather than the report's: a photo's caption, a pointer to other content,
    text run into a page's time stamp, or into words in capitals (a headline, a graphic's labels)."""
    return caption(sentence) or promo(sentence) or stamp_start(sentence) is not None or capitals_run(sentence)


# A broadcast transcript: a speaker's label ("COOPER:", "UNIDENTIFIED MALE:", "RIVERA (voice-over):") opens
# TRANSCRIPT_TURNS of its lines or more. From the first label on, every sentence is someone's spoken words ("Today is
# the day for celebration."), which out of it read as the outlet's, as the middle of a quotation does; what comes
# before is the writer's (an article that prints an interview after its own account). Set by reading Timeline17: the
# 44 of its 2,028 texts with three labels or more are transcripts (CNN's shows, Fox News interviews, the Washington
# Post's of hearings and press conferences); the 29 with one or two hold a section's label ("NEW:", "GRAPHIC:",
# "SOURCES:"), not turns. In PolNeAR 2 of 924 texts have three or more: both print a TV interview after their report.
TRANSCRIPT_TURNS = 3
_SPEAKER_LABEL = re.compile(r"^[ \t]*[A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,3}(?: \([a-z -]{1,20}\))?:[ \t]",
                            re.M)


def transcript_start(text: str) -> int | None:
    """Where a broadcast's transcript (speakers' turns) starts in a text, or None when the text holds none."""
    labels = [m.start() for _, m in zip(range(TRANSCRIPT_TURNS), _SPEAKER_LABEL.finditer(text))]
    return labels[0] if len(labels) == TRANSCRIPT_TURNS else None
