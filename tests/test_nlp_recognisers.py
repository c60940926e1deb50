"""Named-entity recognisers of other languages (newsweave.nlp.recognisers): French by spaCy, Russian by natasha,
Ukrainian people by pymorphy2's Ukrainian dictionaries, on sentences written here."""

from __future__ import annotations

from newsweave.nlp.foreign import annotate
from newsweave.nlp.recognisers import natasha, recognise, spacy_pipeline, ukrainian_morphology

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
    assert ukrainian_morphology() is ukrainian_morphology() is not None
    assert recognise("Olaf Scholz traf Hakan Fidan in Berlin.", "de") == []


UKRAINIAN = ("Президент Володимир Зеленський зустрівся з прем'єр-міністром Польщі Дональдом Туском у Варшаві. "
             "«Польща залишається нашим найближчим союзником», — заявив Зеленський. За словами Туска, «Варшава "
             "продовжить постачання боєприпасів наступного місяця». Туску подякувала Олена Зеленська. Міністр "
             "Сергій Лавров зустрівся з Олександром Ушаковим; Лаврова критикували. Андрій Сибіга прибув, Сибігою "
             "задоволені. Слава Україні!")


def test_ukrainian_people_are_found_in_any_case_and_named_in_the_nominative():
    found = {(r.text, r.name) for r in recognise(UKRAINIAN, "uk")}
    # these and no more: "Слава" is a first name, but "Україні" after it does not agree with it in case
    assert found == {
        ("Володимир Зеленський", "Володимир Зеленський"), ("Зеленський", "Зеленський"),
        ("Дональдом Туском", "Дональд Туск"), ("Туска", "Туск"), ("Туску", "Туск"),
        # a surname that declines as an adjective keeps its gender; one in -ов does not become "Лавровий"
        ("Олена Зеленська", "Олена Зеленська"), ("Сергій Лавров", "Сергій Лавров"), ("Лаврова", "Лавров"),
        ("Олександром Ушаковим", "Олександр Ушаков"),
        # a surname the dictionaries lack, as written in the nominative and then in another case
        ("Андрій Сибіга", "Андрій Сибіга"), ("Сибігою", "Сибіга")}


def test_a_declined_ukrainian_surname_credits_the_quote_to_the_person_named_in_full():
    ann = annotate(UKRAINIAN, "uk")
    assert [(q.speaker, q.speaker_mention.text) for q in ann.quotes] == \
        [("Володимир Зеленський", "Зеленський"), ("Дональд Туск", "Туска")]
    people = {e.name: {m.span.text for m in e.mentions} for e in ann.entities if e.type == "person"}
    assert people["Дональд Туск"] == {"Дональдом Туском", "Туска", "Туску"}
    assert "Туска" not in people and "pymorphy2's Ukrainian morphology" in ann.warnings[0]
