"""Entity types decided by how the sentence uses a name (newsweave.nlp.mentions), on sentences written for these
tests and parsed by the real spaCy model."""

from __future__ import annotations

import pytest

from newsweave.nlp import load
from newsweave.nlp.mentions import Lexicon, find_mentions


@pytest.fixture(scope="module")
def types():
    nlp = load()

    def of(text: str) -> dict[str, str]:
        ments, _ = find_mentions(nlp(text))
        return {m.name: m.type for m in ments if m.kind == "name"}
    return of


def test_names_qualifying_a_place_noun_are_places(types):
    # the tagger calls these an organisation and a person
    assert types("The army left the Poltava and Sumy regions in the spring.") == {"Poltava": "place", "Sumy": "place"}


def test_a_name_listed_with_other_places_is_a_place(types):
    found = types("The treaty demanded that the army withdraw from Marrowdale and the other territories it holds.")
    assert found == {"Marrowdale": "place"}  # tagged a person


def test_a_lone_name_that_writes_is_a_publication(types):
    found = types('Breitbart writes, "The minister told the council that the bridge would close."')
    assert found == {"Breitbart": "org"}  # tagged a person


def test_a_person_introduced_in_full_who_writes_stays_a_person(types):
    found = types("Columnist Maria Lindqvist covers the council. Lindqvist writes that the bridge will close.")
    assert found.get("Lindqvist") in (None, "person") and found.get("Maria Lindqvist") == "person"


def test_an_editors_brackets_are_no_part_of_a_name(types):
    # "[Jane] Alderwick": the tagger's span starts inside the bracket and kept "]" in the name
    found = types("The minister said [Jane] Alderwick would resign, and [Tom Pellow] agreed on Friday.")
    assert "Jane Alderwick" in found and not any("[" in n or "]" in n for n in found)


def test_a_time_zone_after_a_time_of_day_and_a_word_without_a_capital_are_no_names(types):
    found = types("The ferry sank at 10:21 a.m. CDT (1521 GMT) near Marrowdale, the harbour ministry said on "
                  "Tuesday 27 April 2010 08.47 BST.")
    assert found == {"Marrowdale": "place"}


def test_a_lower_case_name_stands_where_the_text_also_writes_it_with_a_capital(types):
    assert types("The town shivered through an arctic blast.") == {}  # the tagger's place
    assert types("Residents of the east coast braced for the storm.") == {}
    found = types("Oil spread across the Gulf of Mexico on Monday, and fishermen left the gulf.")
    assert found == {"Gulf of Mexico": "place", "gulf": "place"}
    assert types("residents of marrowdale said the mayor of kherson had not called.") != {}  # lower case throughout


def test_an_adjective_describing_a_name_is_no_title_of_it():
    nlp = load()
    doc = nlp("The massive Gulf of Mexico oil spill reached southern Louisiana, and British oil giant BP paid.")
    shown = {doc[m.start:m.end].text for m in find_mentions(doc)[0] if m.kind == "name"}
    assert shown == {"Gulf of Mexico", "southern Louisiana", "British oil giant BP"}


def test_a_photo_credit_is_no_person(types):
    # the tagger's person "Maria Lind/Reuters Ferries": a credit glued to the next sentence
    found = types("Photograph: Maria Lind/Reuters Ferries returned to the pier on Monday, Tomas Vale said.")
    assert found == {"Tomas Vale": "person"}


def test_a_hyphened_name_is_not_the_name_it_ends_with():
    nlp = load()
    _, groups = find_mentions(nlp("BP owns half of TNK-BP, its Russian joint venture. BP said TNK-BP would pay."))
    assert sorted((g.name, len(g.members)) for g in groups) == [("BP", 2), ("TNK-BP", 2)]


def test_a_time_zone_run_into_a_name_is_cut_off_it():
    nlp = load()
    doc = nlp("08.47 BST BP shares fell 3% after the news.")
    assert [(doc[m.start:m.end].text, m.name) for m in find_mentions(doc)[0] if m.kind == "name"] == [("BP", "BP")]


@pytest.mark.parametrize("text, groups", [
    # an adjective opening a sentence, run into the name by the tagger ("Jubilant Varga", "Overjoyed Alderwick")
    ("Jubilant Varga supporters cheered in the square. Lena Varga thanked them on Sunday.", ["Lena Varga"]),
    ("Overjoyed Alderwick voters danced. Jane Alderwick won the seat.", ["Jane Alderwick"]),
    # a first name that is an adjective too stays a first name
    ("Young Harriet Vane wrote the letter.", ["Harriet Vane"]),
    # the thing a name followed by a possessive owns is no part of it (the tagger's person "Okonkwo's Twitter")
    ("A message on Mr. Okonkwo\u2019s Twitter account said he was fine.", ["Okonkwo"]),
])
def test_a_person_s_name_holds_neither_an_adjective_before_it_nor_what_it_owns(text, groups):
    doc = load()(text)  # the pipeline's component: the model's own lexicon of adjectives
    assert [g.name for g in doc._.groups if g.type == "person"] == groups


def test_an_adjective_opening_a_caption_s_line_is_no_part_of_the_name_after_it():
    doc = load()("The sign above the stadium read: 'Champions'\nOverjoyed Okafor fans celebrate outside the ground\n"
                 "Tom Okafor scored twice on Sunday.")
    assert [g.name for g in doc._.groups] == ["Tom Okafor"]  # the tagger's person "Overjoyed Okafor"


@pytest.mark.parametrize("text, spans, name", [
    ("CLOSE Maria Lindqvist performed at the show.", [(0, 3)], "Maria Lindqvist"),   # a page's label in capitals
    ("FBI Director Lena Varga testified on Monday.", [(0, 4)], "Lena Varga"),        # an acronym, then a title
    ("THE CURSE Superstitious Okafor fans point to one moment. Okafor left.", [(1, 4), (10, 11)],
     "Okafor"),                                                                       # a label, then an adjective
    ("JD Vance said the talks would go on.", [(0, 2)], "JD Vance"),                  # initials are the name's
    ("MICHAEL Okafor arrives at the premiere.", [(0, 2)], "MICHAEL Okafor"),         # a caption's first name
    ("HILLARY CLINTON WINS THE VOTE", [(0, 2)], "HILLARY CLINTON"),                    # a headline's capitals
])
def test_a_label_in_capitals_run_into_a_person_s_name_is_no_part_of_it(text, spans, name):
    from spacy.tokens import Span

    nlp = load()
    doc = nlp(text)
    doc.ents = [Span(doc, *span, label="PERSON") for span in spans]  # the tagger's spans, as it gave them on pages
    adjectives = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")["adj"]
    assert [g.name for g in find_mentions(doc, Lexicon(frozenset(adjectives)))[1]] == [name]


def test_a_form_with_a_label_in_capitals_does_not_name_the_person_s_group():
    from spacy.tokens import Span

    doc = load()("Okafor scored twice. THE CURSE Superstitious Okafor fans cheered on Sunday.")
    # the tagger's organisation run into a caption's label, as on a real page ("... THE BLACK CAT Superstitious Cubs")
    doc.ents = [Span(doc, 0, 1, label="PERSON"), Span(doc, 5, 8, label="ORG")]
    _, groups = find_mentions(doc)
    assert [(g.name, g.type, len(g.members)) for g in groups] == [("Okafor", "person", 2)]


@pytest.mark.parametrize("text, spans, name", [
    ("Common Sense Media said the app was unsafe.", [(0, 3)], "Common Sense Media"),  # no surname left alone
    ("Jubilant Tom Okafor waved to the crowd.", [(0, 3)], "Tom Okafor"),
    ("Jubilant Brenn Otters fans sang. Brenn Otters won.", [(0, 3), (6, 8)], "Brenn Otters"),  # given elsewhere
    ("CALM ODALYS SAID NOTHING", [(0, 2)], "CALM ODALYS"),                             # capitals say nothing
    ("Robert S. Mueller III said nothing. Mueller left.", [(0, 4), (7, 8)], "Robert S. Mueller III"),  # a numeral
])
def test_an_adjective_is_cut_from_a_name_only_where_a_name_is_left(text, spans, name):
    from spacy.tokens import Span

    nlp = load()
    doc = nlp(text)
    doc.ents = [Span(doc, *span, label="PERSON") for span in spans]
    adjectives = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")["adj"]
    assert [g.name for g in find_mentions(doc, Lexicon(frozenset(adjectives)))[1]] == [name]


def test_an_adjective_is_cut_only_before_a_name_the_text_gives_elsewhere():
    from spacy.tokens import Span

    nlp = load()
    adjectives = frozenset(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")["adj"])
    doc = nlp("Catholic Charities opened a shelter on Monday.")
    doc.ents = [Span(doc, 0, 2, label="PERSON")]  # the tagger's person
    assert [g.name for g in find_mentions(doc, Lexicon(adjectives))[1]] == ["Catholic Charities"]
    doc = nlp("Overjoyed Okafor fans cheered. Okafor scored twice.")
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 5, 6, label="PERSON")]
    assert [g.name for g in find_mentions(doc, Lexicon(adjectives))[1]] == ["Okafor"]


def test_a_person_s_name_with_a_place_noun_after_a_possessive_is_that_place():
    from spacy.tokens import Span

    nlp = load()
    doc = nlp("Fighting spread to the Arvenian People\u2019s Republic on Monday.")
    doc.ents = [Span(doc, 4, 8, label="PERSON")]  # the tagger's person, as it gave "Lugansk People's Republics"
    adjectives = frozenset(nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")["adj"])
    assert [(m.name, m.type) for m in find_mentions(doc, adjectives)[0]] == [("Arvenian People\u2019s Republic",
                                                                             "place")]


@pytest.mark.parametrize("text, span, name", [
    ("Celebrities from Chrissy Okafor to Tom Hanks chimed in.", (3, 4), "Chrissy Okafor"),  # the tagger's "Okafor"
    ("Fans cheered as Captain Okafor lifted the cup.", (4, 5), "Okafor"),                # a title, not a first name
    ("Fans cheered as King Okafor lifted the cup.", (4, 5), "Okafor"),                   # a first name that is a word
])
def test_a_first_name_the_tagger_left_out_is_the_name_s(text, span, name):
    from spacy.tokens import Span

    from newsweave.nlp.pipeline import _lexicon

    nlp = load()
    doc = nlp(text)
    doc.ents = [Span(doc, *span, label="PERSON")]
    assert [g.name for g in find_mentions(doc, _lexicon(nlp))[1]] == [name]


def test_a_name_with_a_legal_form_is_a_company_whatever_the_tagger_called_its_other_mentions():
    from spacy.tokens import Span

    doc = load()("Norvale Inc. rejected the offer on Monday. Norvale said the bid undervalued it.")
    second = [t.i for t in doc if t.text == "Norvale"][1]
    doc.ents = [Span(doc, 0, 2, label="ORG"), Span(doc, second, second + 1, label="PERSON")]  # as it gave "Qualcomm"
    _, groups = find_mentions(doc)
    assert [(g.name, g.type, len(g.members)) for g in groups] == [("Norvale Inc.", "org", 2)]


@pytest.mark.parametrize("text, person, places, groups", [
    # the tagger's place "Brellwood" after the person named in full: his surname
    ("Chief executive Tomas Brellwood said the leak was small. Brellwood later apologised.", (2, 4), [(10, 11)],
     [("Tomas Brellwood", "person", 2)]),
    # after a preposition that as often comes before a person, or one of place before his possessive: his
    ("Tomas Brellwood said the leak was small. A letter to Brellwood asked why.", (0, 2), [(11, 12)],
     [("Tomas Brellwood", "person", 2)]),
    ("Tomas Brellwood said the leak was small. In Brellwood's view it was over.", (0, 2), [(9, 10)],
     [("Tomas Brellwood", "person", 2)]),
    # a preposition of place before it, or a place after it: the place
    ("Tomas Brellwood said the leak was small. Crews in Brellwood worked on.", (0, 2), [(10, 11)],
     [("Tomas Brellwood", "person", 1), ("Brellwood", "place", 1)]),
    ("Tomas Brellwood said the leak was small. Brellwood, Texas, was spared.", (0, 2), [(8, 9), (10, 11)],
     [("Tomas Brellwood", "person", 1), ("Brellwood", "place", 1), ("Texas", "place", 1)]),
    # a country stays one ("Rep. Steve Israel ... Israel")
    ("Rep. Tomas Israel said the deal was bad. Israel rejected it.", (1, 3), [(9, 10)],
     [("Tomas Israel", "person", 1), ("Israel", "place", 1)]),
])
def test_a_place_that_is_the_surname_of_a_person_named_before_is_that_person(text, person, places, groups):
    from spacy.tokens import Span

    from newsweave.nlp.pipeline import _lexicon

    nlp = load()
    doc = nlp(text)
    doc.ents = [Span(doc, *person, label="PERSON")] + [Span(doc, *span, label="GPE") for span in places]
    _, found = find_mentions(doc, _lexicon(nlp))
    assert [(g.name, g.type, len(g.members)) for g in found] == groups


def test_a_transcript_s_note_in_brackets_is_no_name():
    from spacy.tokens import Span

    from newsweave.nlp.pipeline import _lexicon

    nlp = load()
    doc = nlp("OKAFOR: The talks -- (INAUDIBLE) -- went on. NASA (NASA) said so.")
    notes = [t.i for t in doc if t.text in ("INAUDIBLE", "NASA")]
    doc.ents = [Span(doc, i, i + 1, label="ORG") for i in notes]  # as the tagger gave "(INAUDIBLE)" on CNN's pages
    assert [g.name for g in find_mentions(doc, _lexicon(nlp))[1]] == ["NASA"]


@pytest.mark.parametrize("text, spans, names", [
    ("Life under Okafor was hard, the students said. Okafor left.", [(1, 3), (9, 10)], ["Okafor"]),
    ("Via Twitter, the reporter Lena Varga wrote that the square was full.", [(0, 2), (5, 7)],
     ["Twitter", "Lena Varga"]),                                                   # "Via" no first name
    ("Amid Okafor's resignation, the cabinet met.", [(0, 2)], ["Okafor"]),
    ("Defying Okafor, thousands marched to the square. Okafor stayed.", [(0, 2), (9, 10)], ["Okafor"]),
    ("Tell Okafor to stop the dam now. Okafor refused.", [(0, 2), (8, 9)], ["Okafor"]),    # a page's imperative
    # a verb the tagger took for a name's first word, when the text gives the name without it too
    ("Varga spoke to Okafor on Sunday. Watch Okafor's interview here.", [(3, 4), (7, 9)], ["Okafor"]),
    ("Mother Okafor spoke on Sunday. Mother Okafor's sermon was long.", [(0, 2), (6, 8)], ["Mother Okafor"]),
    ("Harvest Okafor Trading was sold. The Okafor Times said so.", [(0, 2)], ["Harvest Okafor"]),
    ("Spike Okafor said the dam was done. Spike Okafor left.", [(0, 2), (8, 10)], ["Spike Okafor"]),  # a name
    ("LENA VARGA (voice over): Defying Okafor, they marched. Okafor stayed.", [(6, 8), (12, 13)], ["Okafor"]),
    ("Adm. Lena Varga said the well was sealed.", [(0, 3)], ["Lena Varga"]),        # a title's abbreviation
    ("Sterling Okafor scored twice. Okafor left.", [(0, 2), (5, 6)], ["Sterling Okafor"]),  # a first name stays
    ("Charles de Gaulle spoke in Paris.", [(0, 3)], ["Charles de Gaulle"]),           # a particle stays
    # no name holds a dash with spaces around it: a photo's credit, a stammer
    ("The minister arrives. (Lena Varga - AP) Varga waved.", [(5, 9), (10, 11)], ["Lena Varga"]),
    ("I will not talk until Okafor - Okafor steps down.", [(5, 8)], ["Okafor"]),
    ("Jean-Luc Okafor spoke.", [(0, 4)], ["Jean-Luc Okafor"]),                        # a hyphen is no dash
    # a word of English before a first name is what the person is
    ("The crew met Astronaut Lena Varga on Monday.", [(3, 6)], ["Lena Varga"]),
    ("Wearing Lena Varga's jersey, he scored.", [(0, 3)], ["Lena Varga"]),
    ("Ban Ki Moon spoke. Ho Chi Minh City grew.", [(0, 3)], ["Ban Ki Moon"]),        # no first name after
])
def test_what_the_tagger_takes_in_with_a_persons_name_is_cut(text, spans, names):
    from spacy.tokens import Span

    from newsweave.nlp.pipeline import _lexicon

    nlp = load()
    doc = nlp(text)
    doc.ents = [Span(doc, *span, label="PERSON") for span in spans]  # the tagger's spans, as it gave them on pages
    assert [g.name for g in find_mentions(doc, _lexicon(nlp))[1]] == names


@pytest.mark.parametrize("text, label, spans, names", [
    # a word of the sentence in lower case run into a name is no part of it
    ("The vote went to this Arvenian Senate on Monday.", "ORG", [(4, 7)], ["Arvenian Senate"]),
    ("Rebels tried to force Okafor out. Okafor stayed.", "PERSON", [(3, 5), (7, 8)], ["Okafor"]),
    ("Ships crossed the eastern Gulf of Brell.", "LOC", [(3, 7)], ["Gulf of Brell"]),
    # a name's particle and a brand's own spelling stay
    ("Lena van Okafor spoke. The al-Brell group denied it.", "PERSON", [(0, 3)], ["Lena van Okafor"]),
    ("The new iBrell sold out.", "ORG", [(2, 3)], ["iBrell"]),
    # a piece of a longer name the tagger cut, and a stance towards someone, name no one
    ("He gave the State of the Union address.", "ORG", [(4, 7)], []),
    # a title word that opens a name stays when words linking its parts follow; a person's is cut
    ("He gave the State of the Union address.", "ORG", [(3, 7)], ["State of the Union"]),
    ("The Defense and Security Committee met.", "ORG", [(0, 5)], ["Defense and Security Committee"]),
    ("He gave these State of the Union addresses.", "ORG", [(2, 8)], ["State of the Union addresses"]),
    ("Minister of Defence Lena Varga spoke.", "PERSON", [(0, 5)], ["Lena Varga"]),
    ("Snow fell on new York city.", "GPE", [(3, 6)], ["New York City"]),  # a known place written with a slip
    ("Hundreds of pro-Okafor supporters marched. Okafor waved.", "PERSON", [(2, 5), (8, 9)], ["Okafor"]),
])
def test_a_word_in_lower_case_opening_a_name_is_no_part_of_it(text, label, spans, names):
    from spacy.tokens import Span

    doc = load()(text)
    doc.ents = [Span(doc, *span, label=label) for span in spans]  # the tagger's spans, as it gave them on pages
    assert [g.name for g in find_mentions(doc)[1]] == names


@pytest.mark.parametrize("text, spans, kind", [
    ("The Brenn Otters won the cup on Sunday. The Otters' fans cheered.", [(1, 3), (9, 10)], "org"),  # a team
    ("The Lomond Star sank off the coast.", [(1, 3)], "org"),                                          # a ship
    ("The Okafor administration said no. Okafor left.", [(1, 2), (6, 7)], "person"),   # the administration's "the"
    ("The late Tom Okafor was a senator.", [(2, 4)], "person"),
    ("Tom Okafor spoke. Okafor left. The Okafor we knew is gone.", [(0, 2), (4, 5), (8, 9)], "person"),  # 1 in 3
])
def test_a_name_after_the_as_often_as_not_is_no_person(text, spans, kind):
    from spacy.tokens import Span

    doc = load()(text)
    doc.ents = [Span(doc, *span, label="PERSON") for span in spans]  # the tagger's spans, as it gave them on pages
    ments, groups = find_mentions(doc)
    assert {g.type for g in groups} == {kind}


@pytest.mark.parametrize("text, spans, groups", [
    ("The Brenn Otters won the cup. The Otters flew home.", [(1, 3), (8, 9)], [("Brenn Otters", 2)]),
    ("The Bank of Arvenia lent more. Arvenia borrowed.", [(1, 4), (7, 8)], [("Bank of Arvenia", 1), ("Arvenia", 1)]),
    ("AP BP shares fell. BP said so.", [(0, 2), (5, 6)], [("AP BP", 1), ("BP", 1)]),          # an acronym
    ("The White House and the House agreed.", [(1, 3), (5, 6)], [("White House", 1), ("House", 1)]),  # a kind
    ("Arvenian Intelligence Tom Okafor spoke. Okafor left.", [(0, 4), (6, 7)],
     [("Arvenian Intelligence Tom Okafor", 1), ("Okafor", 1)]),                                   # a person's name
])
def test_an_organisation_s_last_word_alone_after_its_full_name_is_that_organisation(text, spans, groups):
    from spacy.tokens import Span

    doc = load()(text)
    doc.ents = [Span(doc, *span, label="ORG") for span in spans]
    _, found = find_mentions(doc)
    assert [(g.name, len(g.members)) for g in found] == groups


@pytest.mark.parametrize("text, groups", [
    ("Varnex shares rose 5 percent on Monday after Varnex rejected the bid.", [("Varnex", "org")]),
    ("The Islamist group Okoro Dan attacked the town.", [("Okoro Dan", "org")]),
    ("Okoro Dan fighters fled the town.", [("Okoro Dan", "org")]),
    ("The chipmaker Varnex rejected the offer.", [("Varnex", "org")]),
    ("Okoro Dan, the militant group, attacked the town.", [("Okoro Dan", "org")]),
    ("Varnex founder Tom Okafor spoke.", [("Varnex", "org"), ("Tom Okafor", "person")]),
    ("Okafor shares his views on Monday, Okafor said.", [("Okafor", "person")]),         # a verb, no shares
    ("Tom Okafor shares rose after Okafor sold them.", [("Tom Okafor", "person")]),      # a first name: a person
    ("President Okafor shares the view.", [("Okafor", "person")]),
])
def test_a_person_the_text_calls_an_organisation_is_one(text, groups):
    from spacy.tokens import Span

    from newsweave.nlp.pipeline import _lexicon

    nlp = load()
    doc = nlp(text)
    known = {"Varnex", "Okoro Dan", "Tom Okafor", "Okafor"}
    doc.ents = [Span(doc, e.start, e.end, label="PERSON") if e.text in known else e for e in doc.ents
                if e.text in known]  # the tagger's persons, as it gave them for companies on real pages
    assert [(g.name, g.type) for g in find_mentions(doc, _lexicon(nlp))[1]] == groups


@pytest.mark.parametrize("text, spans, names", [
    ("Jubilant Brenn Otters fans sang. The Brenn Otters won.", [(0, 3), (7, 9)], ["Brenn Otters"]),
    ("United Airlines flew on. American Airlines did not.", [(0, 2), (5, 7)], ["United Airlines", "American Airlines"]),
])
def test_an_adjective_opening_a_sentence_is_cut_from_an_organisation_s_name_only_where_a_name_is_left(
        text, spans, names):
    from spacy.tokens import Span

    from newsweave.nlp.pipeline import _lexicon

    nlp = load()
    doc = nlp(text)
    doc.ents = [Span(doc, *span, label="ORG") for span in spans]
    assert [g.name for g in find_mentions(doc, _lexicon(nlp))[1]] == names
