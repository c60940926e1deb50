"""Relative time in other languages (newsweave.foreign_times), resolved by the date stage, table-driven."""

from __future__ import annotations

import datetime as dt

import pytest

from newsweave import foreign_times
from newsweave.dates import resolve_times
from newsweave.model import DateEstimate

D = dt.date.fromisoformat
ANCHOR = DateEstimate(D("2025-09-12"), D("2025-09-12"), True, 1.0)  # a Friday

RESOLVED = [
    # days either side of the day of writing
    ("Der Vertrag wurde vorgestern unterzeichnet.", "vorgestern", "2025-09-10", "2025-09-10"),
    ("Le ministre arrivera demain à Paris.", "demain", "2025-09-13", "2025-09-13"),
    ("La reunión será pasado mañana.", "pasado mañana", "2025-09-14", "2025-09-14"),
    ("Il ministro è arrivato l'altro ieri.", "l'altro ieri", "2025-09-10", "2025-09-10"),
    ("Министр прилетит послезавтра.", "послезавтра", "2025-09-14", "2025-09-14"),
    ("Вчора міністр прилетів до Києва.", "Вчора", "2025-09-11", "2025-09-11"),
    ("Bakan yarın Ankara'ya gidecek.", "yarın", "2025-09-13", "2025-09-13"),
    ("Minister przyjedzie pojutrze.", "pojutrze", "2025-09-14", "2025-09-14"),
    # a number of units ago or ahead
    ("Vor drei Tagen kam der Minister an.", "Vor drei Tagen", "2025-09-09", "2025-09-09"),
    ("Il y a deux semaines, le ministre est arrivé.", "Il y a deux semaines", "2025-08-29", "2025-08-29"),
    ("El ministro llegó hace un año.", "hace un año", "2024-08-28", "2024-09-27"),
    ("Il ministro è arrivato tre giorni fa.", "tre giorni fa", "2025-09-09", "2025-09-09"),
    ("Министр прилетел неделю назад.", "неделю назад", "2025-09-05", "2025-09-05"),
    ("Міністр приїде через два дні.", "через два дні", "2025-09-14", "2025-09-14"),
    ("Bakan iki ay önce geldi.", "iki ay önce", "2025-06-28", "2025-07-28"),
    ("Minister przyjechał 5 dni temu.", "5 dni temu", "2025-09-07", "2025-09-07"),
    ("Die Wahl findet in zwei Wochen statt.", "in zwei Wochen", "2025-09-26", "2025-09-26"),
    ("La decisión llegará dentro de tres días.", "dentro de tres días", "2025-09-15", "2025-09-15"),
    # a weekday called last or next
    ("Am vergangenen Dienstag kam er an.", "vergangenen Dienstag", "2025-09-09", "2025-09-09"),
    ("Il reviendra vendredi prochain.", "vendredi prochain", "2025-09-19", "2025-09-19"),
    ("Llegó el martes pasado.", "martes pasado", "2025-09-09", "2025-09-09"),
    ("Volverá el próximo lunes.", "próximo lunes", "2025-09-15", "2025-09-15"),
    ("Он приехал в прошлый четверг.", "в прошлый четверг", "2025-09-11", "2025-09-11"),
    ("Він приїхав минулого вівторка.", "минулого вівторка", "2025-09-09", "2025-09-09"),
    ("Geçen cuma geldi.", "Geçen cuma", "2025-09-05", "2025-09-05"),
    ("Przyjedzie w przyszły wtorek.", "w przyszły wtorek", "2025-09-16", "2025-09-16"),
    # this, last or next week, month or year
    ("Letzte Woche traf er den Minister.", "Letzte Woche", "2025-09-01", "2025-09-07"),
    ("Les prix ont augmenté l'an dernier.", "l'an dernier", "2024-01-01", "2024-12-31"),
    ("Los precios subieron la semana pasada.", "semana pasada", "2025-09-01", "2025-09-07"),
    ("I prezzi sono saliti il mese scorso.", "mese scorso", "2025-08-01", "2025-08-31"),
    ("I prezzi sono saliti quest'anno.", "quest'anno", "2025-01-01", "2025-12-31"),
    ("Цены выросли в прошлом году.", "в прошлом году", "2024-01-01", "2024-12-31"),
    ("Ціни зросли минулого тижня.", "минулого тижня", "2025-09-01", "2025-09-07"),
    ("Fiyatlar geçen yıl arttı.", "geçen yıl", "2024-01-01", "2024-12-31"),
    ("Ceny wzrosły w tym roku.", "w tym roku", "2025-01-01", "2025-12-31"),
    ("Le sommet aura lieu le mois prochain.", "mois prochain", "2025-10-01", "2025-10-31"),
    # a day and month without a year: the nearest such day, behind preferred (ahead when the clause says so)
    ("Der Vertrag wurde am 20. Januar unterzeichnet.", "20. Januar", "2025-01-20", "2025-01-20"),
    ("El 3 de marzo llegó el ministro.", "3 de marzo", "2025-03-03", "2025-03-03"),
    ("Министр прилетел 12 марта в Анкару.", "12 марта", "2025-03-12", "2025-03-12"),
    ("Bakan 12 Mart günü geldi.", "12 Mart", "2025-03-12", "2025-03-12"),
    ("Le ministre est arrivé le 1er septembre.", "1er septembre", "2025-09-01", "2025-09-01"),
    ("Die Wahl findet am 20. Oktober statt.", "20. Oktober", "2025-10-20", "2025-10-20"),  # 38 days ahead, 327 back
    ("Il vertice si terrà il 2 febbraio.", "2 febbraio", "2026-02-02", "2026-02-02"),     # "si terrà": ahead
    ("Il vertice si è tenuto il 2 febbraio.", "2 febbraio", "2025-02-02", "2025-02-02"),
    ("Die Polizei berichtete am Donnerstag (2. Januar) davon.", "2. Januar", "2025-01-02", "2025-01-02"),
    ("Am 12. April kam er an.", "12. April", "2025-04-12", "2025-04-12"),      # a month English shares, dotted
]


@pytest.mark.parametrize("text, words, lo, hi", RESOLVED)
def test_relative_time_in_other_languages(text, words, lo, hi):
    [t] = resolve_times(text, ANCHOR)
    assert (t.text, t.earliest, t.latest, t.relative) == (words, D(lo), D(hi), True)
    assert text[t.start:t.end] == t.text


@pytest.mark.parametrize("text", [t for t, *_ in RESOLVED])
def test_a_text_with_a_reference_is_searched(text):
    # the quick test of a whole text is a necessary condition: it never passes over a text that holds one
    assert foreign_times.may_hold(text)


@pytest.mark.parametrize("text, day", [
    ("Am Donnerstag wird der Minister nach Ankara reisen.", "2025-09-18"),   # the auxiliary after the weekday
    ("Министр будет в Анкаре в четверг.", "2025-09-18"),
    ("Le sommet se tiendra jeudi à Paris.", "2025-09-18"),
    ("Salı günü toplantı yapılacak.", "2025-09-16"),                         # Turkish future ending
    ("Der Minister kam am Donnerstag an.", "2025-09-11"),                    # past: the day on or before
    ("Das Ergebnis sei offen, hieß es am Donnerstag.", "2025-09-11"),        # "werden" of another clause is not
    ("La festa si è tenuta a Roma giovedì sera.", "2025-09-11"),             # "sera" is the Italian evening
])
def test_a_weekday_is_ahead_when_its_clause_says_so(text, day):
    [t] = resolve_times(text, ANCHOR)
    assert t.earliest == t.latest == D(day)


@pytest.mark.parametrize("text", [
    "The Mardi Gras parade passed Plácido Domingo's house.",   # capitalised inside a sentence: names
    "Sabato said the race was close.",                          # a lower-case language's weekday starting it
    "In den letzten Jahren stiegen die Preise.",                # recent years, not last year
    "Ces derniers mois, les prix ont augmenté.",
    "Los días pasados fueron difíciles.",
    "Министр прилетел несколько дней назад.",                   # a few days: no number to count
    "Переговоры отложены до понеділка.",                        # a genitive weekday alone: "until Monday"
    "Salgının bir an önce bitmesini bekliyoruz.",               # "bir an önce" is "at once", not a year ago
    "Pazar yerlerinde maske zorunlu.",                          # "pazar" is also the market
    "Wir sind hier in Berlin.",                                 # German "hier" is "here"
    "Esta mañana llovió.",                                      # the morning, not tomorrow
    "The Mars rover took 12 Mars samples.",                     # "mars" a month only in lower case
])
def test_words_that_are_no_reference(text):
    assert resolve_times(text, ANCHOR) == []


def test_heute_morgen_is_this_morning():
    assert [t.text for t in resolve_times("Er kam heute morgen an.", ANCHOR)] == ["heute"]


def test_the_weekday_of_a_full_date_in_another_language_is_part_of_it():
    text = "Der Unfall ereignete sich am Dienstag, 28. Januar 2020, gegen 21 Uhr."
    assert [(t.text, t.relative) for t in resolve_times(text, ANCHOR)] == [("28. Januar 2020", False)]
