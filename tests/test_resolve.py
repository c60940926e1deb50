"""Canonical names: transliteration keys, the gazetteer, and corpus-wide resolution on a real store."""

import pytest

from newsweave.resolve import (Resolver, entity_key, is_demonym, name_key, place_name, surname_key, without_legal_form,
                              written_as_place)
from newsweave.store import Store


@pytest.mark.parametrize("variants", [
    ["Zelensky", "Zelenskyy", "Zelenskiy", "ZELENSKIY", "Zelenskij", "Zelenski"],
    ["Donbas", "Donbass"],
    ["Dmitry", "Dmitriy"],
    ["Türkiye", "Turkiye", "TURKIYE"],
    ["Trump's", "Trump\u2019s", "Trump"],
    ["J. D. Vance", "J.D. Vance", "JD Vance"],
])
def test_spelling_variants_share_a_key(variants):
    assert len({name_key(v) for v in variants}) == 1


@pytest.mark.parametrize("a, b", [("Putin", "Peskov"), ("Kyiv", "Kiev"), ("Paris", "Paros")])
def test_different_names_keep_different_keys(a, b):
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize("alias, canonical", [
    ("Kiev", "Kyiv"), ("Kyiv", "Kyiv"), ("Kiew", "Kyiv"),
    ("Türkiye", "Turkey"), ("Turkey", "Turkey"),
    # countries by their names in other languages (pycountry's translations)
    ("Україна", "Ukraine"), ("Ucrania", "Ukraine"), ("Deutschland", "Germany"), ("Турция", "Turkey"),
    ("Russian Federation", "Russia"), ("USA", "United States"),
    # names English news uses that neither list has; a code is its own letters ("CNN" is no "CN"), and three long
    ("UK", "United Kingdom"), ("U.K.", "United Kingdom"), ("Britain", "United Kingdom"),
    ("UAE", "United Arab Emirates"),
    ("Burma", "Myanmar"), ("CNN", None), ("CN", None), ("TALLINN", "Tallinn"), ("CHN", "China"),
    ("GM", None), ("GE", None), ("AL", None),   # General Motors, General Electric, Alabama: no two-letter codes
    ("Nowhere-on-Sea-Upon-Nothing", None),
    # a city's other names that spell its name, or abbreviate it as English does ...
    ("Bombay", "Mumbai"), ("Peking", "Beijing"), ("Vegas", "Las Vegas"), ("L.A.", "Los Angeles"), ("LA", "Los Angeles"),
    ("D.C.", "Washington"), ("Cherson", "Kherson"), ("Venedig", "Venice"), ("Cologne", "K\u00f6ln"),
    ("Africa", "Africa"), ("Europe", "Europe"),   # continents, before any town GeoNames gives that other name
    # ... but none that is another thing's name (GeoNames' translations, nicknames and old names), a first name, or a
    # small town's other name
    ("White House", None), ("Google", None), ("Stalin", None), ("Newtown", None), ("Lester", None), ("North", None),
    ("Pringles", None),
    # a doubled letter folded meets a city's name only in a city of some size: "Odessa" is Odesa (a million
    # people), "Casino" no Cassino (36,000); accents fold at any size
    ("Odessa", "Odesa"), ("Casino", None), ("Cassino", "Cassino"), ("Lanus", "Lan\u00fas"),
])
def test_gazetteer_names_places(alias, canonical):
    assert place_name(alias) == canonical


def test_short_words_are_not_country_codes():
    assert place_name("us") is None and place_name("US") == "United States"


def test_surname_skips_generational_suffixes():
    assert surname_key("Brent Bozell III") == name_key("Bozell")
    assert surname_key("Martin Luther King Jr.") == name_key("King")


def test_resolver_links_names_across_articles(tmp_path):
    store = Store(tmp_path / "r.db")
    r = Resolver(store)
    alone = r.resolve("Brell", "person")              # first seen alone...
    full = r.resolve("Tomas Brell", "person")          # ...then in full: the same entity takes the full name
    assert alone == full and store.entity_name(full) == "Tomas Brell"
    assert r.resolve("BRELL", "person") == full       # case and spelling fold
    assert r.resolve("Lena Varga", "person") != full
    assert r.resolve("Lena K. Varga", "person") == r.resolve("Lena Varga", "person")  # middle initial
    kiev, kyiv = r.resolve("Kiev", "place"), r.resolve("Kyiv", "place")
    assert kiev == kyiv and store.entity_name(kyiv) == "Kyiv"
    # a surname shared by two full names is ambiguous: a bare mention gets its own entity
    r.resolve("Anna Varga", "person")
    assert r.resolve("Varga", "person") not in (r.resolve("Lena Varga", "person"), r.resolve("Anna Varga", "person"))
    assert r.find("Kiev") == kyiv and r.find("Tomas Brell") == full
    store.close()


@pytest.mark.parametrize("word, demonym", [("Ukrainian", True), ("Russians", True), ("Syrian", True),
                                           ("Georgian", True), ("Ukraine", False), ("Peskov", False),
                                           ("Milan", False), ("Bergen", False), ("Indiana", False)])
def test_demonyms(word, demonym):
    assert is_demonym(word) is demonym


def test_a_name_the_corpus_knows_as_a_person_is_not_a_place(fresh_store):
    r = Resolver(fresh_store)
    person = r.resolve("Dmitry Peskov", "person")
    assert r.resolve("Peskov", "place") == person  # the tagger's place in one sentence
    assert r.resolve("Moscow", "place") != person


def test_a_lone_surname_is_the_known_person_though_a_city_of_that_name_is_known_too(fresh_store):
    r = Resolver(fresh_store)
    city = r.resolve("Lancaster", "place")
    person = r.resolve("Maeve Lancaster", "person")
    assert r.resolve("Lancaster", "person") == person != city  # the tagger's person, the corpus's person
    assert r.resolve("Lancaster", "place") == city             # the tagger's place stays the city of 161,000


def test_a_small_towns_name_tagged_a_place_is_the_known_person_of_that_surname(fresh_store):
    r = Resolver(fresh_store)
    person = r.resolve("Oren Ashford", "person")
    assert r.resolve("Ashford", "place") == person  # a town of 63,000 people
    assert r.resolve("Whitby", "place") != person   # a city of 139,000 named by no one known
    assert fresh_store.entity_name(r.resolve("Whitby", "place")) == "Whitby"


def test_a_small_towns_name_tagged_a_place_is_the_person_of_several_an_article_called_by_it(fresh_store):
    r = Resolver(fresh_store)
    oren = r.resolve("Oren Ashford", "person", aliases=("Ashford",))  # "Oren Ashford ... Ashford said"
    lia = r.resolve("Lia Ashford", "person")
    assert r.resolve("Ashford", "place") == oren != lia


def test_a_word_that_meets_a_place_only_once_accents_are_folded_is_no_place_when_tagged_a_person(fresh_store):
    assert written_as_place("Córdoba") and written_as_place("CÓRDOBA") and written_as_place("Kiev")
    assert not written_as_place("Cordoba")  # the key folds accents: Cordoba meets Córdoba (2.1 million)
    r = Resolver(fresh_store)
    city = r.resolve("Córdoba", "person")  # written as the city: the city
    assert fresh_store.entity_for_key(entity_key("Córdoba", "place"), ("place",)) == city
    assert fresh_store.entity_name(r.resolve("Cordoba", "person")) == "Cordoba"  # though the city is in the corpus


@pytest.mark.parametrize("first, second, same", [
    ("Dmytro Kuleba", "Дмитрий Кулеба", True),       # another script: the first initial agrees
    ("Владимир Зеленский", "Volodymyr Zelensky", True),
    ("Dmytro Kuleba", "Dmitro Kuleba", True),        # another transliteration of the first name
    ("Joe Biden", "Jill Biden", False),              # one family, one script: two people
    ("Mark Smith", "Mary Smith", False),
    ("Dmytro Kuleba", "Андрей Кулеба", False),       # another first initial
    ("Volodymyr Zelensky", "Wolodymyr Selenskyj", True),  # the German transliteration, either order
    ("Wolodymyr Selenskyj", "Volodymyr Zelensky", True),
    ("Sergei Lavrov", "Sergej Lawrow", True),
    ("Володимир Зеленський", "Volodymyr Zelensky", True),  # Ukrainian, with its soft sign
    ("Mark Wolf", "Mary Volf", False),               # either spelling, but two first names
    ("Hakan Fidan", "Хакан Фидан", True),            # a foreign H is Х in Russian, Г in Ukrainian
    ("Hakan Fidan", "Гакан Фідан", True),
    ("Yevgeny Prigozhin", "Евгений Пригожин", True),  # Е written ye
    ("Хакан Фидан", "Sinan Fidan", False),
    ("Евгений Пригожин", "Andrei Prigozhin", False),
])
def test_a_person_in_another_transliteration_is_one_entity(fresh_store, first, second, same):
    r = Resolver(fresh_store)
    assert (r.resolve(first, "person") == r.resolve(second, "person")) is same


def test_a_lone_surname_in_the_other_transliteration_is_the_known_person(fresh_store):
    r = Resolver(fresh_store)
    zelensky = r.resolve("Volodymyr Zelensky", "person")
    assert r.resolve("Selenskyj", "person") == zelensky and r.resolve("Зеленський", "person") == zelensky
    assert r.resolve("Sanders", "person") != zelensky


def test_only_one_known_person_of_that_surname_is_taken(fresh_store):
    r = Resolver(fresh_store)
    a, b = r.resolve("Dmytro Kuleba", "person"), r.resolve("Daria Kuleba", "person")
    assert a != b and r.resolve("Дмитрий Кулеба", "person") not in (a, b)  # two candidates: no guess


def _reports_corpus(tmp_path, reports: list[tuple[str, str]]):
    """A store with each (language, text) ingested as one report of its own outlet, all of 17 October 2024."""
    import json

    import newsweave

    source = tmp_path / "reports.jsonl"
    source.write_text("".join(json.dumps({"id": lang, "outlet": f"{lang}.example", "title": text[:40],
                                          "text": text, "published": "2024-10-17"}) + "\n"
                              for lang, text in reports), encoding="utf-8")
    corpus = newsweave.open(tmp_path / "reports.db")
    assert corpus.ingest([str(source)]).ok
    return corpus


def test_one_president_in_four_languages_and_three_scripts_is_one_entity(tmp_path):
    reports = [
        ("en", "Ukrainian President Volodymyr Zelensky met European leaders in Brussels on Thursday. Zelensky "
               "asked them for more air defence systems before the winter."),
        ("de", "Der ukrainische Präsident Wolodymyr Selenskyj hat am Donnerstag in Brüssel die europäischen "
               "Staats- und Regierungschefs getroffen. Selenskyj bat sie vor dem Winter um mehr Luftabwehr."),
        ("ru", "Президент Украины Владимир Зеленский в четверг встретился в Брюсселе с европейскими лидерами. "
               "Зеленский попросил у них больше систем противовоздушной обороны до зимы."),
        ("uk", "Президент України Володимир Зеленський у четвер зустрівся в Брюсселі з європейськими лідерами. "
               "Зеленський попросив у них більше систем протиповітряної оборони до зими."),
    ]
    with _reports_corpus(tmp_path, reports) as corpus:
        people = corpus.entities(type="person")
    zelensky = [e for e in people if "elensk" in name_key(e.name)]
    assert len(zelensky) == 1, [e.name for e in people]
    assert zelensky[0].name == "Volodymyr Zelensky"


def test_a_speaker_a_ukrainian_report_names_in_another_case_is_the_english_report_s_speaker(tmp_path):
    reports = [
        ("en", "Polish Prime Minister Donald Tusk met President Volodymyr Zelensky in Warsaw on Thursday. \"Poland "
               "will keep sending ammunition next month,\" Tusk said after the meeting."),
        ("uk", "Президент Володимир Зеленський у четвер зустрівся у Варшаві з прем'єр-міністром Польщі Дональдом "
               "Туском. За словами Туска, «Польща продовжить постачання боєприпасів наступного місяця»."),
    ]
    with _reports_corpus(tmp_path, reports) as corpus:
        tusk = [e for e in corpus.entities(type="person") if "tusk" in name_key(e.name)]
        quotes = corpus.quotes(speaker="Donald Tusk")
    assert [e.name for e in tusk] == ["Donald Tusk"]  # not "Туска", a declined form, as a person of its own
    assert sorted((q.outlet, q.speaker_mention.text) for q in quotes) == [("en.example", "Tusk"),
                                                                         ("uk.example", "Туска")]


def test_a_person_first_named_in_capitals_takes_the_name_as_written_in_prose(fresh_store):
    r = Resolver(fresh_store)
    first = r.resolve("MAEVE LANCASTER", "person")  # a caption
    assert r.resolve("Maeve Lancaster", "person") == first
    assert fresh_store.entity_name(first) == "Maeve Lancaster"
    henry = r.resolve("Henry VIII", "person")
    assert r.resolve("HENRY VIII", "person") == henry and fresh_store.entity_name(henry) == "Henry VIII"
    agency = r.resolve("NASA", "org")
    assert r.resolve("Nasa", "person") == agency and fresh_store.entity_name(agency) == "NASA"


@pytest.mark.parametrize("name, shown", [
    ("Norvale PLC", "Norvale"), ("Norvale plc", "Norvale"), ("Norvale Inc.", "Norvale"), ("Norvale, Inc.", "Norvale"),
    ("Norvale Group Inc.", "Norvale Group"), ("Norvale Oil Co", "Norvale Oil"), ("Norvale & Co.", "Norvale"),
    ("Norvale Bank AG", "Norvale Bank"), ("Norvale Electronics Co Ltd", "Norvale Electronics"),
    ("The Norvale Company", "The Norvale Company"),   # "Company" is often the name's own word
    ("Inc.", "Inc."), ("Corp", "Corp"),                # nothing but a legal form stays
])
def test_an_organisation_s_legal_form_is_no_part_of_its_name(name, shown):
    assert without_legal_form(name) == shown


def test_an_organisation_is_one_entity_with_or_without_its_legal_form(tmp_path):
    store = Store(tmp_path / "r.db")
    r = Resolver(store)
    norvale = r.resolve("Norvale PLC", "org")
    assert store.entity_name(norvale) == "Norvale"
    assert r.resolve("Norvale", "org") == r.resolve("NORVALE plc", "org") == norvale
    assert r.resolve("Norvale Oil", "org") != norvale
    store.close()


def test_a_company_first_taken_for_a_place_is_one_entity_and_a_company_once_its_legal_form_is_seen(tmp_path):
    store = Store(tmp_path / "r.db")
    r = Resolver(store)
    rig = r.resolve("Norvale Drilling", "place")            # the tagger's place
    assert r.resolve("Norvale Drilling Ltd.", "org") == rig  # its legal form: the same entity, a company
    def entity_type(entity_id):
        return store.conn.execute("SELECT type FROM entities WHERE id = ?", (entity_id,)).fetchone()[0]

    assert entity_type(rig) == "org" and store.entity_name(rig) == "Norvale Drilling"
    assert r.resolve("Norvale Drilling", "place") == r.resolve("Norvale Drilling", "org") == rig
    kyiv = r.resolve("Kyiv", "place")
    assert r.resolve("Kyiv", "org") == kyiv and entity_type(kyiv) == "place"  # "Kyiv said": the city's
    store.close()
