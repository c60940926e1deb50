"""Entity mentions in one doc, each linked to one entity: names, titles, role nouns and pronouns.

How mentions are linked (measured in docs/benchmarks.md, "Mention resolution"):

1. Named mentions come from spaCy's NER (PERSON, ORG, GPE, LOC, FAC), extended leftwards over the title
   words that modify the name ("Kremlin spokesman Dmitry Peskov", "President-elect Donald Trump"); the
   title words are remembered for step 4.
2. Other spellings of a name already found are picked up by key (``resolve.name_key``): "ZELENSKIY" in a
   wire bulletin the tagger missed is still Zelensky.
3. Names are grouped by key; a one-word person name joins the most recent full name with that surname.
4. A definite role noun ("the spokesman", "the Ukrainian leader") links to the nearest preceding person
   whose titles include that noun (and its modifiers); "the east" links to the nearest place described as
   eastern.
5. A personal pronoun (he, she, him, her) links to the most salient compatible person: the subject of the
   nearest sentence that has a person as subject, else the nearest person mentioned before it; a person
   already referred to with the other gender's pronoun is skipped.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from ..lexicon import (COMPASS, HONORIFIC_GENDER, INSTITUTION_NOUNS, ORG_HEAD_NOUNS, ORG_TITLE_NOUNS, PLACE_NOUNS,
                       PREPOSITIONS, PRONOUN_GENDER, PUBLISH_VERBS, ROLE_NOUNS, TITLE_WORDS, time_zones)
from ..resolve import (STATE_POPULATION, entity_key, in_capitals, is_demonym, is_first_name, name_key, place_name,
                       place_population, surname_key, without_legal_form, written_as_place)
from .quotemarks import find_quoted
from .spans import doc_text

LABELS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}
_TITLE_DEPS = {"compound", "amod", "nmod", "npadvmod", "punct", "nummod", "poss"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
# How many sentences back a pronoun looks for its antecedent. News prose re-names a person at least every
# few sentences; three keeps "he" from reaching a person who left the story two paragraphs ago.
PRONOUN_WINDOW_SENTENCES = 3
MAX_TITLE_TOKENS = 6
# A one-word name the tagger calls a person is taken for a place only when the place is this large: Kyiv
# (2.9 million) is a capital nobody is named after, while Obama (a Japanese town of 30,000) is a surname.
RETYPE_MIN_POPULATION = 500_000


@dataclass
class Ment:
    """A mention inside one doc (token offsets), before it becomes a :class:`newsweave.model.Mention`."""

    start: int
    end: int
    kind: str
    type: str
    name: str
    titles: set[str] = field(default_factory=set)
    group: int = -1
    subject: bool = False
    publishes: bool = False  # the subject of "writes", "reported", "published"
    gender: str | None = None


@dataclass
class Group:
    """The mentions of one entity in one doc."""

    name: str
    type: str
    key: str
    titles: set[str] = field(default_factory=set)
    members: list[int] = field(default_factory=list)
    gender: str | None = None


def _strip_name(span: Span) -> Span | None:
    """The name inside an entity span: no leading article, title words or bracket, no trailing possessive; no word
    in lower case before its capitals but a name's particle (:data:`NAME_PARTICLES`); None for a piece of a longer
    name ("State of the Union": "of the Union") or a stance towards one ("pro-Mubarak", :data:`_STANCE_PREFIXES`)."""
    start, end = span.start, span.end
    doc = span.doc
    before = doc[start - 1] if start > 0 else None
    if doc[start].lower_ in _LINKING_WORDS and before is not None and before.is_title and not before.is_sent_start:
        return None  # (the tagger cut the name in two: "Department for International Development")
    if doc[start].lower_ in _STANCE_PREFIXES and start + 1 < end and doc[start + 1].text == "-" \
            and not doc[start].whitespace_:
        return None  # "pro-Mubarak supporters" are no person "pro-Mubarak" (his name in it is found as his later)
    known_place = span.label_ in _PLACE_LABELS and place_name(span.text) is not None  # "new York city": a slip
    titled = None  # where the first title word cut off stands
    while start < end and (doc[start].lower_ in ("the", "a", "an") or _title_word(doc[start])
                           or doc[start].text in _BRACKETS or doc[start].text in ("-", "\u2013")
                           or not known_place and _lower_case_lead(doc[start], doc[start + 1:end])):
        if doc[start].lower_ in _LINKING_WORDS and span.label_ != "PERSON":
            start = span.start if titled is None else titled
            break  # the title word cut before it opened the name: "State of the Union", "Defense and Security
            # Committee" (a person's goes on: "Minister of Defence Ben Wallace")
        if titled is None and _title_word(doc[start]):
            titled = start
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    return doc[start:end] if end > start else None


# Words in lower case that open names in many languages ("de Gaulle", "al-Qaeda", "van Gogh", "bin Laden"). Any
# other word in lower case before a name's capitals is the sentence's, which the tagger ran into it: "this White House",
# "federal Minerals Management Service", "marry Ryan Dorsey", "force Mubarak" (the entity lists of Timeline17 and
# ../shared/eval/stories held 53 such names, read one by one: none a name of its own).
NAME_PARTICLES = frozenset("""
al el ibn bin ben bint abu abd abdel de del della dei der den des di da das do dos du la le les van von ter ten zu y
""".split())
# Words that link the parts of one name ("State of the Union", "Department for International Development",
# "Intelligence and Security Committee"): no name opens on one after a capitalised word.
_LINKING_WORDS = frozenset({"of", "for", "and", "&"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Prefixes of a stance towards someone ("pro-Mubarak", "anti-Trump"): the word names a group by him, not him.
_STANCE_PREFIXES = frozenset({"pro", "anti"})


def _title_word(token: Token) -> bool:
    """Whether ``token`` is a role or a title word that stands before a name ("spokesman", "Sen.", "former")."""
    return token.lower_ in ROLE_NOUNS or token.lower_.rstrip(".") in TITLE_WORDS


def _lower_case_lead(token: Token, rest: Span) -> bool:
    """Whether ``token`` is a word in lower case before the capitals of ``rest`` that is no part of the name (not a
    particle, nor a brand's own spelling as "iPhone")."""
    return token.is_alpha and token.is_lower and token.lower_ not in NAME_PARTICLES \
        and any(t.text[:1].isupper() for t in rest)


# Square brackets inside a name are an editor's insertion into a quote ("both [Bernie] Sanders and [Donald] Trump"):
# the name is read without them.
_BRACKETS = ("[", "]")


def _name_text(name: Span) -> str:
    """The text of a name, brackets left out (each keeps the space after it)."""
    return "".join(t.whitespace_ if t.text in _BRACKETS else t.text_with_ws for t in name).strip()


def _uncapitalised(name: Span, capitalised: set[str]) -> bool:
    """A "name" with no capital letter in a script that has them ("arctic", "ministry", "east coast"): the
    tagger's guess, since a name is written with a capital; unless each of its words is ``capitalised`` in a
    name of the same text ("the gulf" where "Gulf of Mexico" is named: a house style's lower case)."""
    text = name.text
    return not any(ch.isupper() for ch in text) and any(ch.islower() for ch in text) and \
        not all(t.lower_ in capitalised for t in name if t.is_alpha)


# Words after a number that make it a time of day ("10:21 a.m. CDT", "4 pm EST"); with the clock's own form.
_CLOCK_WORDS = frozenset({"a.m.", "p.m.", "am", "pm", "a.m", "p.m", "hrs", "h"})
_CLOCK = re.compile(r"\d{1,2}(?:[:.]\d{2})?|\d{4}")


def _without_clock_zone(name: Span) -> Span | None:
    """The name without a time zone after a time of day at its front ("08.47 BST", "(1521 GMT)", "08.47 BST BP"),
    which the tagger takes for an organisation or a person, or into one; None when nothing else is left."""
    doc = name.doc
    if name[0].text not in time_zones():
        return name
    i = name.start - 1
    if i >= 0 and doc[i].text == "(":
        i -= 1
    if i < 0 or not (doc[i].lower_ in _CLOCK_WORDS or _CLOCK.fullmatch(doc[i].text)):
        return name
    return name[1:] if len(name) > 1 else None


def _compass(word: str) -> bool:
    """A point of the compass, as a word or an adjective ("south", "southern")."""
    return word in COMPASS or word in COMPASS.values()


def _title_start(doc: Doc, start: int, end: int) -> tuple[int, set[str]]:
    """Extend a name leftwards over the words that title it; return the new start and the title words."""
    titles: set[str] = set()
    nouns = False  # a noun of the title taken already ("giant" of "oil giant BP")
    i = start - 1
    while i >= 0 and start - i <= MAX_TITLE_TOKENS:
        tok = doc[i]
        if i == start - 1 and tok.ent_type_ and tok.ent_type_ not in ("NORP",):
            break  # "envoy to Ukraine Steve Witkoff": a name right before a name is not its title
        if tok.text in ("-", "\u2013") and (tok.whitespace_ or doc[i - 1].whitespace_):
            break  # a dash between words, not the hyphen of "President-elect"
        if tok.ent_type_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY") \
                or tok.text in time_zones():
            break  # "08.47 BST BP": a time of day's zone titles nothing
        if "\n" in tok.text or "\n" in tok.whitespace_ or tok.dep_ not in _TITLE_DEPS or tok.dep_ == "poss" or tok.head.i < i or tok.head.i >= end or \
                tok.is_punct and tok.text not in ("-", ".") or tok.pos_ in ("VERB", "ADP", "DET", "PRON", "NUM"):
            break
        if tok.pos_ == "ADJ" and not (nouns or tok.lower_ in TITLE_WORDS or _compass(tok.lower_) or tok.is_title):
            break  # "the massive Gulf of Mexico spill": an adjective describing, not titling, the name
        nouns = nouns or tok.pos_ in ("NOUN", "PROPN")
        if not tok.is_punct:
            titles.add(tok.lower_)
        i -= 1
    new_start = i + 1
    while new_start < start and doc[new_start].is_punct:
        new_start += 1
    return new_start, titles


class Lexicon(NamedTuple):
    """What the English model's lemmatizer knows of English words (WordNet's index, the table "lemma_index"): its
    adjectives, every word it lists as a noun, verb, adjective or adverb, and its verbs (empty: nothing known)."""

    adjectives: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    verbs: frozenset[str] = frozenset()


_DASHES = frozenset({"-", "--", "\u2013", "\u2014"})
_POSSESSIVES = ("'s", "\u2019s")  # (the tagger calls one inside a name a proper noun as often as a possessive)


def _person_name(name: Span, lexicon: Lexicon, elsewhere: Callable[[str], bool]) -> Span:
    """A person's name without what the tagger took in with it: what follows a dash with spaces around ("Charles
    Dharapak - AP", a photo's credit); the thing a name followed by a possessive owns
    ("Mr. Abe's Twitter account" names Mr. Abe); a label in capitals before it ("CLOSE Sheila E.", "BLACK CAT
    Superstitious Cubs fans ...", a caption's or a page's; "FBI Director James Comey": an acronym), while the name
    is written in lower case; a preposition ("Via Twitter, CNN's ... reported", "under Mubarak"); a word of English
    before a first name ("Astronaut Mark Kelly"); and an adjective or a verb's -ing form opening a sentence, a line
    or what follows such a label, where its capital says nothing ("Overjoyed Cubs fans ...", "Jubilant Trump
    supporters ...", "Defying Mubarak, thousands ..."): a word the English model's ``lexicon`` knows as an
    adjective (or whose stem it knows) and that is no first name (not "Rich", "Young", "Sterling"), before a name the
    text gives ``elsewhere`` ("the Cubs") or a first name."""
    doc = name.doc
    dash = next((t.i for t in name[1:] if t.text in _DASHES and doc[t.i - 1].whitespace_), None)
    if dash is not None:
        name = doc[name.start:dash]  # a name holds no dash with spaces around: "Charles Dharapak - AP" (a photo's
        # credit), "until Mubarak - Mubarak steps down" (a speaker's stammer), "Thad Allen - approved"
    owner = next((t.i for t in name[1:-1] if t.tag_ == "POS" or t.lower_ in _POSSESSIVES), None)
    if owner is not None:
        name = doc[name.start:owner]
    label = 0
    while label < len(name) - 1 and _label_word(name[label].text):
        label += 1
    if label and any(t.is_alpha and t.is_title and len(t) > 1 for t in name[label:]):
        name = _strip_name(name[label:]) or name
    if len(name) > 1 and name[0].lower_ in PREPOSITIONS and name[1].text[:1].isupper():
        return name[1:]  # "Via Twitter, CNN's Nic Robertson reported", "life under Mubarak": no name opens on one
    if len(name) > 2 and len(name[0]) >= 4 and name[0].is_title and name[0].lower_ in lexicon.words \
            and not is_first_name(name[0].text) and name[1].is_title and is_first_name(name[1].text):
        return name[1:]  # "Counsel Fred Bartlit", "Astronaut Mark Kelly": a word of English before a first name is
        # what he is, not his name (not "Ban Ki Moon", "Ho Chi Minh": no first name after a short word)
    return _without_opening_word(name, lexicon, elsewhere, bool(label), person=True)


def _without_opening_word(name: Span, lexicon: Lexicon, elsewhere: Callable[[str], bool],
                          labelled: bool = False, person: bool = False) -> Span:
    """A name without an adjective, a verb's -ing form or a verb in the imperative ("Tell Okafor to ...", "Join
    Okafor at ...", "Watch Okafor's interview": a page's call to its readers) opening a sentence, a line, a clause
    after a colon or what follows a label (``labelled``), where its capital says nothing (:func:`_person_name`)."""
    doc, first = name.doc, name[0]
    opens = labelled or first.is_sent_start or first.i == 0 or doc[first.i - 1].text.endswith(":") \
        or "\n" in doc[first.i - 1].text + doc[first.i - 1].whitespace_  # (a colon opens a clause: "(voice over): ")
    if len(name) > 1 and opens and first.is_title and not is_first_name(first.text) and (
            (first.lower_ in lexicon.adjectives or _gerund(first.lower_, lexicon) or first.tag_ == "VB")
            and (elsewhere(name[1:].text) or is_first_name(name[1].text))
            or person and first.lower_ in lexicon.verbs and name[1].is_title and _alone_elsewhere(name)):
        return name[1:]  # (not "Common Sense Media", "Catholic Charities": what is left must be a name the text gives
        # elsewhere, or open on a first name; a verb the tagger took for part of the name, "Watch Zakaria's take",
        # only before a name the text also gives without it: not "Mother Nature")
    return name


_WORD_BEFORE = re.compile(r"(\S+)\s+$")


def _alone_elsewhere(name: Span) -> bool:
    """Does the text give the rest of ``name`` as a name of its own elsewhere: after a word in lower case or a first
    name ("told Zakaria", "Fareed Zakaria" beside "Watch Zakaria"), not in a longer name ("The Sun Online" beside
    "Harvest Sun")?"""
    rest, text = name[1:].text, name.doc.text
    for m in re.finditer(r"(?<![\w'\u2019-])" + re.escape(rest) + r"(?![\w-])", text):
        before = _WORD_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if before is None or before.group(1)[:1].islower() or is_first_name(before.group(1)):
            return True
    return False


def _gerund(word: str, lexicon: Lexicon) -> bool:
    """Whether a word in lower case is the -ing form of a word the English model's ``lexicon`` knows ("defying",
    "expecting", "hoping", "running"), which opens a clause before a name ("Defying Mubarak, thousands marched")."""
    stem = word[:-3]
    return word.endswith("ing") and len(stem) >= 2 and (
        stem in lexicon.words or stem + "e" in lexicon.words or stem[-1:] == stem[-2:-1] and stem[:-1] in lexicon.words)


def _with_first_name(name: Span, lexicon: Lexicon) -> Span:
    """A person's name with the first name the tagger left out before it ("Celebrities from Chrissy Teigen": its
    person is "Teigen"): a proper noun right before the name that qualifies it, written with a capital, that is a
    known first name and no English word, title or honorific ("Captain Daly", "King Tutankhamun", "Hi Becky" stay
    as they are)."""
    if name.start == 0:
        return name
    tok = name.doc[name.start - 1]
    word = tok.lower_.rstrip(".")
    if tok.pos_ != "PROPN" or tok.ent_type_ or not tok.is_title or not tok.whitespace_ or "\n" in tok.whitespace_ \
            or tok.dep_ != "compound" or not name.start <= tok.head.i < name.end or not is_first_name(tok.text) \
            or word in lexicon.words or word in TITLE_WORDS or word in ROLE_NOUNS or word in HONORIFIC_GENDER:
        return name
    return name.doc[tok.i:name.end]


def _transcript_note(name: Span, lexicon: Lexicon) -> bool:
    """A word in capitals alone in brackets that the ``lexicon`` knows as an English word: a transcript's note
    ("(INAUDIBLE)", "(LAUGHTER)", "(APPLAUSE)"), which the tagger takes for an organisation; no name."""
    doc = name.doc
    return len(name) == 1 and in_capitals(name.text) and name.text.lower() in lexicon.words \
        and name.start > 0 and doc[name.start - 1].text == "(" and name.end < len(doc) and doc[name.end].text == ")"


def _label_word(word: str) -> bool:
    """A word of a label in capitals: three letters or more, not a Roman numeral nor a first name ("CLOSE", "FBI";
    not "JD", "III", or "MICHAEL" of "MICHAEL Sheen", a caption's way of opening on a name)."""
    return in_capitals(word) and not is_first_name(word)


def find_mentions(doc: Doc, lexicon: Lexicon = Lexicon()) -> tuple[list[Ment], list[Group]]:
    """The names in ``doc`` (with the titles before them, roles and pronouns that refer back to them) and their
    grouping into one entity each; ``lexicon``: what is known of English words (:func:`_person_name`,
    :func:`_with_first_name`)."""
    ments: list[Ment] = []
    taken = [False] * len(doc)
    capitalised = {t.lower_ for ent in doc.ents for t in ent if t.is_alpha and t.text[:1].isupper()}
    cased = any(t.text[:1].isupper() for t in doc)  # a text in lower case throughout keeps its names
    names = Counter(e.text for e in doc.ents) + Counter(e[-1].text for e in doc.ents if len(e) > 1)  # and surnames
    for ent in doc.ents:
        etype = LABELS.get(ent.label_)
        if etype is None:
            continue
        stripped = _strip_name(ent)
        name = stripped and _without_clock_zone(stripped)
        if name is not None and etype == "person" and any(t.lemma_.lower() in PLACE_NOUNS for t in name):
            etype = "place"  # "Lugansk People's Republic": no person (read whole, before a possessive cuts it)
        def elsewhere(word: str, ent: Span = ent) -> bool:  # another entity's name
            return names[word] > (word == ent.text) + (len(ent) > 1 and word == ent[-1].text)
        if name is not None and etype == "person":
            name = _with_first_name(_person_name(name, lexicon, elsewhere), lexicon)
        elif name is not None and etype == "org" and len(name) > 2:
            name = _without_opening_word(name, lexicon, elsewhere)  # "Jubilant Chicago Cubs fans ..." (not "United
            # Airlines" beside "American Airlines": two words of a name at least are left)
        if name is None or not any(t.is_alpha for t in name) or _transcript_note(name, lexicon):
            continue
        lead = name.start if name.start > stripped.start else ent.start  # a time zone cut off is no title
        if cased and _uncapitalised(name, capitalised):
            continue
        text = _name_text(name)
        if etype == "person" and "/" in text:
            continue  # "Dave Martin/AP", "Tony Hayward/Michael Caine": a photo's credit or caption, not a person
        if etype == "place" and is_demonym(text):
            continue  # "Ukrainian" says where someone is from; it names no place
        if etype in ("person", "org") and _qualifies_place(doc, name):
            etype = "place"  # "the Kherson and Zaporozhye regions": no person
        start, titles = _title_start(doc, name.start, name.end)
        if lead < name.start:
            titles |= {t.lower_ for t in doc[lead:name.start] if t.is_alpha and t.lower_ != "the"}
            if start == name.start and doc[lead].lower_ != "the":
                start = lead
        end = name.end
        if etype == "place":
            start, end, titles = _place_extent(doc, name, start, end, titles)
        m = Ment(min(start, name.start), end, "name", etype, text, titles)
        m.subject = name.root.dep_ in _SUBJECT_DEPS
        m.publishes = m.subject and name.root.head.lemma_.lower() in PUBLISH_VERBS
        ments.append(m)
        for i in range(m.start, m.end):
            taken[i] = True
    _retype_places(ments)
    _retype_surnames(doc, ments, lexicon)
    _retype_publishers(ments)
    _propagate(doc, ments, taken)
    ments.sort(key=lambda m: m.start)
    groups = _group_names(ments)
    _retype_determined(doc, ments, groups)
    _retype_organisations(doc, ments, groups)
    _link_roles(doc, ments, groups, taken)
    _link_pronouns(doc, ments, groups, _quoted_tokens(doc))
    ments.sort(key=lambda m: m.start)
    return ments, groups


def _qualifies_place(doc: Doc, name: Span) -> bool:
    """A name the sentence uses as a place whatever the tagger said: it qualifies a place noun, alone or in a
    coordination ("the Kherson and Zaporozhye regions"), is coordinated with one ("Donetsk and Lugansk
    People's Republics"), or is listed with "other" places ("Crimea and the other territories")."""
    root = name.root
    while root.dep_ == "conj" and root.head.i < root.i and root.head.pos_ == "PROPN":
        root = root.head  # "Zaporozhye" in "the Kherson and Zaporozhye regions": its first conjunct's role
    if root.dep_ in ("compound", "nmod", "amod") and root.head.lemma_.lower() in PLACE_NOUNS \
            and root.head.i > root.i:
        return True
    if any(c.dep_ == "conj" and c.lemma_.lower() in PLACE_NOUNS and c.pos_ == "NOUN" for c in name.root.children):
        return True
    after = list(doc[name.end:name.end + 4])  # tokens, not doc.text: that is rebuilt on every call
    words = [t.lower_ for t in after]
    if words[:1] not in (["and"], ["or"]):
        return False
    rest = after[2:] if words[1:2] == ["the"] else after[1:]
    return len(rest) >= 2 and rest[0].lower_ == "other" and rest[1].lemma_.lower() in PLACE_NOUNS


def _retype_publishers(ments: list[Ment]) -> None:
    """A one-word 'person' without a title who is the subject of "writes", "reported", "published", and whom no
    fuller name in the article introduces, is the publication ("Politico writes"): news names a person in full
    before it uses a bare surname, while outlets are always named by one word."""
    name_words = _full_name_words(ments)
    for m in ments:
        if m.type == "person" and m.publishes and " " not in m.name.strip() and not m.titles \
                and name_key(m.name) not in name_words:
            m.type = "org"


def _full_name_words(ments: list[Ment]) -> set[str]:
    """Keys of the words of every person's full (several-word) name in the doc."""
    return {w for m in ments if m.type == "person" and " " in m.name.strip() for w in name_key(m.name).split()}


def _retype_places(ments: list[Ment]) -> None:
    """A one-word 'person' or 'organisation' that names a major place (a country, or a city of at least
    RETYPE_MIN_POPULATION people), is written as that place (not "Cordoba" for Córdoba: written_as_place), has no
    personal title ("Mr. Obama") and is no part of a person's name here, is the place: the tagger often calls
    "Kyiv" a person."""
    name_words = _full_name_words(ments)
    for m in ments:
        if m.type != "place" and " " not in m.name.strip() and name_key(m.name) not in name_words \
                and not m.titles and place_population(m.name) >= RETYPE_MIN_POPULATION and written_as_place(m.name):
            m.type = "place"


# Words before a place that say it is one ("in Hayward", "near Garland"); not those as often before a person ("a
# letter to Hayward", "the future of Hayward", "an apology from Hayward": read in Timeline17's BP reports).
_LOCATIVE = frozenset({"in", "at", "near", "outside", "across", "into", "around", "throughout"})


def _retype_surnames(doc: Doc, ments: list[Ment], lexicon: Lexicon) -> None:
    """A one-word 'place' that is the surname of a person named in full before it ("Tony Hayward said ... Hayward
    added", where the tagger's place is Hayward, California; "Merrick Garland ... Garland") is that person: when the
    person's name opens on a first name (a known one, or a word with a capital the ``lexicon`` does not know: not
    "Upper Egypt", "Will Tunisia"), no preposition of place comes before the word ("in Hayward"; "in Hayward's view"
    is his) nor a place after it ("Garland, Texas"), and the place is no country, US state or city of
    RETYPE_MIN_POPULATION people ("Steve Israel ... Israel", "Dave Kansas ... Kansas", "Jeremy Paris ... Paris" stay
    places)."""
    named: dict[str, int] = {}  # surname -> where the first full name with it ends
    places_at = {m.start for m in ments if m.type == "place"}
    for m in sorted(ments, key=lambda m: m.start):
        words = m.name.split()
        opens = words[0] if len(words) > 1 else ""
        if m.type == "person" and opens and (is_first_name(opens) or opens.istitle() and opens.isalpha()
                                             and opens.lower() not in lexicon.words):
            named.setdefault(surname_key(m.name), m.end)
        elif m.type == "place" and len(words) == 1 and named.get(name_key(m.name), m.start + 1) <= m.start \
                and (m.start == 0 or doc[m.start - 1].lower_ not in _LOCATIVE
                     or m.end < len(doc) and doc[m.end].lower_ in _POSSESSIVES) \
                and not (m.end + 1 in places_at and doc[m.end].text == ",") \
                and (population := place_population(m.name)) < RETYPE_MIN_POPULATION \
                and population != STATE_POPULATION:
            m.type = "person"


def _place_extent(doc: Doc, name: Span, start: int, end: int, titles: set[str]):
    """'eastern Donbas region': a place name qualifying a place noun takes the noun and its adjectives."""
    root = name.root
    head = root.head
    if root.dep_ == "compound" and head.i == end and head.lemma_.lower() in PLACE_NOUNS:
        end = head.i + 1
        titles.add(head.lower_)
        for child in head.lefts:
            if child.dep_ == "amod" and child.i < start:
                start = child.i
                titles.add(child.lower_)
    return start, end, titles


def _propagate(doc: Doc, ments: list[Ment], taken: list[bool]) -> None:
    """Find further one-word mentions of names already found, however they are cased or spelled."""
    by_key: dict[str, Ment] = {}
    for m in ments:
        if m.type == "person":
            by_key.setdefault(surname_key(m.name), m)
        elif " " not in m.name:
            by_key.setdefault(name_key(m.name), m)
    if not by_key:
        return
    for tok in doc:
        if taken[tok.i] or not tok.is_alpha or tok.is_lower or len(tok) < 3:
            continue
        hit = by_key.get(name_key(tok.text))
        if hit is None:
            continue
        m = Ment(tok.i, tok.i + 1, "name", hit.type, tok.text)
        m.subject = tok.dep_ in _SUBJECT_DEPS
        ments.append(m)
        taken[tok.i] = True


def _group_names(ments: list[Ment]) -> list[Group]:
    groups: list[Group] = []
    by_key: dict[str, int] = {}
    by_surname: dict[str, int] = {}
    by_last_word: dict[str, int] = {}
    for idx, m in enumerate(ments):
        if m.type == "place":
            canonical = place_name(m.name)
            key = "place:" + name_key(canonical or m.name)
            name = canonical or m.name
        else:
            key = entity_key(m.name, m.type)  # (an organisation's without its legal form: "BP PLC" is BP)
            name = m.name
        gid = by_key.get(key)
        if gid is None and m.type != "place" and " " not in key:
            gid = by_surname.get(key)  # "Peskov" after "Dmitry Peskov"
        if gid is None and m.type == "org" and " " not in key:
            gid = by_last_word.get(key)  # an organisation's last word alone: "the Cubs" after "the Chicago Cubs"
        if gid is None and m.type in ("person", "org") and " " in key and "-" not in m.name.split()[-1]:
            # "Volodymyr Zelenskyy" after a bare "Zelensky" (not "TNK-BP" after "BP": a hyphen makes one word)
            single = by_key.get(surname_key(m.name))
            if single is not None and " " not in groups[single].key and groups[single].type != "place":
                gid = single
                groups[gid].key = key
                if m.type == "person":
                    groups[gid].type = "person"
                by_key[key] = gid
        if gid is None:
            gid = len(groups)
            groups.append(Group(name, m.type, key))
            by_key[key] = gid
        g = groups[gid]
        if g.type == "person" and m.type == "org":
            m.type = "person"  # the tagger called one mention of a person an organisation
        if m.type == "person" and _fullness(name) > _fullness(g.name):
            g.name = name  # the fullest form names the group
        if m.type == "person" and g.type != "person":
            g.type = "person"

        if m.type == "person" and " " in m.name.strip():
            by_surname.setdefault(surname_key(m.name), gid)  # the first full name: the story's main person
        elif m.type == "org" and _short_form(m.name):
            by_last_word.setdefault(surname_key(m.name), gid)  # "the Cubs" after "the Chicago Cubs"
        g.titles |= m.titles
        if g.gender is None:
            g.gender = next((HONORIFIC_GENDER[t] for t in m.titles if t in HONORIFIC_GENDER), None)
        g.members.append(idx)
        m.group = gid
    for g in groups:  # a legal form names a company ("Qualcomm Inc."), whatever the tagger called its other mentions
        if g.type == "person" and any(without_legal_form(ments[i].name) != ments[i].name for i in g.members):
            _make_organisation(g, ments)
    return groups


def _tagged_persons(ments: list[Ment], groups: list[Group]) -> Iterator[tuple[Group, list[Ment]]]:
    """Each group that is still a person's, with its mentions by name (a new list each)."""
    for g in groups:
        if g.type == "person":
            yield g, [ments[i] for i in g.members if ments[i].kind == "name"]


def _retype_determined(doc: Doc, ments: list[Ment], groups: list[Group]) -> None:
    """A 'person' named after "the" at least as often as not, in full or by its last word alone ("the Chicago Cubs
    won ... the Cubs' fans"), is no person: a team, a band, a ship ("the Rolling Stones", "the Deepwater Horizon
    sank"), an organisation. "the" counts when it is the name's own ("the Trump administration" is an
    administration's, "the late John McCain" has a word between)."""
    alone: dict[str, list[Ment]] = {}  # a one-word name -> its mentions
    for g in groups:
        if " " not in g.name:
            alone.setdefault(g.name, []).extend(ments[i] for i in g.members if ments[i].kind == "name")
    for g, names in _tagged_persons(ments, groups):
        if " " in g.name:
            names += alone.get(g.name.split()[-1], [])
        the = sum(1 for m in names if m.start > 0 and doc[m.start - 1].lower_ == "the"
                  and m.start <= doc[m.start - 1].head.i < m.end)
        if names and 2 * the >= len(names):
            _make_organisation(g, ments)


def _retype_organisations(doc: Doc, ments: list[Ment], groups: list[Group]) -> None:
    """A 'person' the text calls an organisation, and nothing says is a person, is an organisation: a noun of an
    organisation right before a mention or beside it ("chipmaker Qualcomm", "Boko Haram, the Islamist group,"), or a
    noun only an organisation's name qualifies ("Qualcomm shares", "Boko Haram fighters", "SpaceX founder Elon Musk");
    and no mention opening on a known first name, no honorific or role before one ("Mr.", "President")."""
    for g, names in _tagged_persons(ments, groups):
        if any(" " in m.name and is_first_name(m.name.split()[0]) for m in names) \
                or any(t in HONORIFIC_GENDER or t in ROLE_NOUNS for m in names for t in m.titles):
            continue
        if any(_called_organisation(doc, m) for m in names):
            _make_organisation(g, ments)


def _called_organisation(doc: Doc, m: Ment) -> bool:
    """Whether the words of a mention's title or around it call it an organisation's
    (:func:`_retype_organisations`)."""
    root = doc[m.start:m.end].root
    return bool(any(t in ORG_TITLE_NOUNS for t in m.titles)
                or m.start > 0 and doc[m.start - 1].lemma_.lower() in ORG_TITLE_NOUNS  # (however it is parsed)
                or any(c.dep_ == "appos" and c.lemma_.lower() in ORG_TITLE_NOUNS for c in root.children)
                or root.dep_ == "appos" and root.head.lemma_.lower() in ORG_TITLE_NOUNS
                or root.dep_ in ("compound", "poss", "nmod") and root.head.i >= m.end
                and root.head.lemma_.lower() in ORG_HEAD_NOUNS)


def _make_organisation(g: Group, ments: list[Ment]) -> None:
    """Make a group and its mentions an organisation's."""
    g.type = "org"
    for i in g.members:
        ments[i].type = "org"


def _short_form(name: str) -> bool:
    """Whether an organisation's last word alone stands for it ("Cubs" for the Chicago Cubs, "Times" for the New
    York Times): a name of several words, each with a capital and none a first name, ending on no acronym and no
    kind of institution (not "America" for the Bank of America, "BP" for a photo credit's "AP BP", "Blair" for the
    tagger's organisation "National Intelligence Dennis C. Blair", "House" for the White House)."""
    words = name.split()
    last = words[-1].lower().rstrip(".")
    return len(words) > 1 and all(w[:1].isupper() and not is_first_name(w) for w in words) \
        and not words[-1].isupper() and last not in INSTITUTION_NOUNS and last not in ORG_TITLE_NOUNS


def _fullness(name: str) -> tuple[bool, int]:
    """How fully a form writes a person's name: its words, a form with a label in capitals beside words in lower case
    ("BLACK CAT Superstitious Cubs", from a span the tagger called an organisation) after any other."""
    words = name.split()
    labelled = any(_label_word(w) for w in words) and \
        any(w[:1].isupper() and not w.isupper() for w in words)
    return not labelled, len(words)


def _link_roles(doc: Doc, ments: list[Ment], groups: list[Group], taken: list[bool]) -> None:
    """Definite role nouns and compass descriptions, linked to the nearest compatible named mention."""
    for chunk in doc.noun_chunks:
        if any(taken[i] for i in range(chunk.start, chunk.end)):
            continue
        first = chunk[0]
        if first.lower_ != "the" or len(chunk) > 4:
            continue
        root = chunk.root
        lemma = root.lemma_.lower()
        mods = {t.lower_ for t in chunk[1:] if t.i != root.i and t.is_alpha}
        if lemma in ROLE_NOUNS:
            gid = _nearest(ments, groups, chunk.start, lambda g: g.type == "person" and lemma in g.titles
                           and mods <= g.titles | {lemma})
            kind_type = "person"
        elif root.lower_ in COMPASS and not mods:
            adj = COMPASS[root.lower_]
            gid = _nearest(ments, groups, chunk.start, lambda g: g.type == "place" and adj in g.titles,
                           both_ways=True)
            kind_type = "place"
        else:
            continue
        if gid is None:
            continue
        m = Ment(chunk.start, chunk.end, "role", kind_type, groups[gid].name, group=gid)
        m.subject = root.dep_ in _SUBJECT_DEPS
        ments.append(m)
        groups[gid].members.append(len(ments) - 1)
        for i in range(chunk.start, chunk.end):
            taken[i] = True


def _nearest(ments: list[Ment], groups: list[Group], pos: int, ok, both_ways: bool = False) -> int | None:
    best, best_dist = None, None
    for m in ments:
        if m.kind != "name" or m.group < 0 or not ok(groups[m.group]):
            continue
        if m.start >= pos and not both_ways:
            continue
        dist = abs(pos - m.start) + (0 if m.start < pos else 1)
        if best_dist is None or dist < best_dist:
            best, best_dist = m.group, dist
    return best


def _quoted_tokens(doc: Doc) -> list[bool]:
    inside = [False] * len(doc)
    starts = [t.idx for t in doc]
    for q in find_quoted(doc_text(doc)):
        for i in range(bisect.bisect_left(starts, q.start), bisect.bisect_left(starts, q.end)):
            inside[i] = True
    return inside


def _link_pronouns(doc: Doc, ments: list[Ment], groups: list[Group], quoted: list[bool]) -> None:
    # A name inside a quotation is not what a pronoun outside it refers to ('"Donald has a plan," she said').
    persons = sorted((m for m in ments if m.type == "person" and m.group >= 0 and not quoted[m.start]),
                     key=lambda m: m.start)
    if not persons:
        return
    sents = list(doc.sents)
    sent_index = {}
    for si, s in enumerate(sents):
        for i in range(s.start, s.end):
            sent_index[i] = si
    for tok in doc:
        gender = PRONOUN_GENDER.get(tok.lower_)
        if gender is None or tok.pos_ != "PRON" or quoted[tok.i]:
            continue
        gid = _antecedent(tok, gender, persons, groups, sent_index)
        if gid is None:
            continue
        m = Ment(tok.i, tok.i + 1, "pronoun", "person", groups[gid].name, group=gid, gender=gender)
        m.subject = tok.dep_ in _SUBJECT_DEPS
        if groups[gid].gender is None:
            groups[gid].gender = gender
        groups[gid].members.append(len(ments))
        ments.append(m)
        persons.append(m)
        persons.sort(key=lambda x: x.start)


def _antecedent(tok: Token, gender: str, persons: list[Ment], groups: list[Group],
                sent_index: dict[int, int]) -> int | None:
    here = sent_index[tok.i]
    before = [m for m in persons if m.end <= tok.i and here - sent_index[m.start] <= PRONOUN_WINDOW_SENTENCES
              and groups[m.group].gender in (None, gender) and m.type == "person"]
    if not before:
        return None
    # the subject of this sentence before the pronoun, else anyone named earlier in it ("As for Trump's
    # view, he ..."), else the subject of the nearest earlier sentence that has a person as subject
    current = [m for m in before if sent_index[m.start] == here]
    subjects = [m for m in current if m.subject]
    if subjects:
        return subjects[-1].group
    if current:
        return current[-1].group
    for si in range(here - 1, here - PRONOUN_WINDOW_SENTENCES - 1, -1):
        subjects = [m for m in before if sent_index[m.start] == si and m.subject]
        if subjects:
            return subjects[0].group
    return before[-1].group
