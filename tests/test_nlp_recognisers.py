"""Named-entity recognisers of other languages (newsweave.nlp.recognisers): French by spaCy, Russian by natasha,
on sentences written here."""

from __future__ import annotations

from newsweave.nlp.foreign import annotate
from newsweave.nlp.recognisers import natasha, recognise, spacy_pipeline

TEXT = ("Пресс-секретарь Кремля Дмитрий Песков заявил, что Владимир Путин встретится с Хаканом Фиданом в "
        "Анкаре. Песков добавил, что Фидана ждут в Москве. Министр Дмитрий Кулеба прилетел в Стамбул.")


def test_russian_names_are_given_in_the_nominative():
    found = {(r.text, r.name, r.kind) for r in recognise(TEXT, "ru")}
    assert {("Хаканом Фиданом", "Хакан Фидан", "person"), ("Фидана", "Фидан", "person"),
            ("Дмитрий Песков", "Дмитрий Песков", "person"), ("Анкаре", "Анкара", "place"),
            ("Москве", "Москва", "place")} <= found
    # a surname ending in -а is not read as the genitive of another word
    assert ("Дмитрий Кулеба", "Дмитрий Кулеба", "person") in found


def test_a_declined_name_is_one_person_under_the_full_nominative_name():
    people = {e.name: {m.span.text for m in e.mentions} for e in annotate(TEXT, "ru").entities
              if e.type == "person"}
    assert people["Хакан Фидан"] == {"Хаканом Фиданом", "Фидана"}
    assert people["Дмитрий Песков"] == {"Дмитрий Песков", "Песков"}


def test_each_recogniser_loads_once_and_other_languages_have_none():
    assert natasha() is natasha() and spacy_pipeline("fr") is spacy_pipeline("fr")
    assert recognise("Olaf Scholz traf Hakan Fidan in Berlin.", "de") == []
