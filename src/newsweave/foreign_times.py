"""Relative time in other languages: the words German, French, Spanish, Italian, Russian, Ukrainian, Turkish and
Polish news uses for days, weeks, months and years counted from the day it is written.

Found here, resolved in :mod:`newsweave.dates` by the same calendar arithmetic as the English ones:

* a day by its name or by "yesterday" / "today" / "tomorrow" and the days either side ("am Donnerstag", «вчера»,
  "demain", "pasado mañana", "przedwczoraj");
* a weekday with "last" or "next" ("am vergangenen Dienstag", "mardi prochain", "el próximo martes", «в прошлый
  четверг», "минулого вівторка", "geçen salı", "w przyszły wtorek");
* a number of days, weeks, months or years ago or ahead ("vor drei Tagen", "il y a deux semaines", "hace un
  año", "tre giorni fa", «неделю назад», "через два дні", "iki gün önce", "za tydzień");
* this, last or next week, month or year ("letzte Woche", "l'année dernière", "la semana pasada", "il mese
  prossimo", «в прошлом году», "минулого тижня", "geçen yıl", "w przyszłym roku").

A bare weekday is the nearest such day on or before the day of writing, unless the words around it say the
sentence is about what is to come ("wird", «будет», "se tiendra", "yapılacak"; :data:`FUTURE`), as in English.
News in these languages writes the words in lower case (German nouns and weekdays capitalised): a word found
capitalised where its language writes it in lower case counts only at the start of a sentence, and a bare weekday
not even there, so "Mardi Gras", Plácido Domingo or Larry Sabato in English text are no days.

References are found from the words around a unit, weekday or day word (:func:`references`), not by one pattern
of all the forms: a case-blind pattern of them took 5 ms a kilobyte of text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .lexicon import FOREIGN_NUMBER_WORDS
from .normalize import fold_case

def _apostrophes(words: Iterable[str]) -> list[str]:
    """``words``, each written with "'" also written with "’"."""
    return [form for word in words for form in dict.fromkeys((word, word.replace("'", "’")))]


# Each weekday, Monday first, as news writes it alone or after a preposition (Russian, Ukrainian and Polish in
# the accusative of "в среду", "у середу", "w środę", and the nominative).
_WEEKDAY_WORDS = [_apostrophes(names.split()) for names in [
    "Montag lundi lunes lunedì понедельник понеділок pazartesi poniedziałek",
    "Dienstag mardi martes martedì вторник вівторок salı wtorek",
    "Mittwoch mercredi miércoles mercoledì среду среда середу середа çarşamba środę środa",
    "Donnerstag jeudi jueves giovedì четверг четвер perşembe czwartek",
    "Freitag vendredi viernes venerdì пятницу пятница п'ятницю п'ятниця cuma piątek",
    "Samstag Sonnabend samedi sábado sabato субботу суббота суботу субота cumartesi sobotę sobota",
    "Sonntag dimanche domingo domenica воскресенье неділю неділя pazar niedzielę niedziela"]]
# ... and in the genitive, which Ukrainian puts after "last" and "next" ("минулого вівторка"): only there, since
# alone it follows "until" ("до понеділка").
_GENITIVE_WORDS = [_apostrophes([name]) for name in "понеділка вівторка середи четверга п'ятниці суботи неділі".split()]
WEEKDAYS = {fold_case(name): day for day, names in enumerate(_WEEKDAY_WORDS) for name in names}
_GENITIVE_WEEKDAYS = {fold_case(name): day for day, names in enumerate(_GENITIVE_WORDS) for name in names}

# Month names in other languages, per month: (the names a date takes either way; those only a date written day
# first takes: Slavic genitives, and "mars", "mayo", "april", "august", "september", "november" whose other
# readings are English words or places; those only a month and a year take: nominatives and Slavic locatives).
_FOREIGN_MONTH_WORDS = [
    ("januar jänner janvier enero gennaio ocak", "января січня stycznia",
     "январь январе січень січні styczeń styczniu"),
    ("februar février fevrier febrero febbraio şubat subat", "февраля лютого lutego",
     "февраль феврале лютий лютому luty lutym"),
    ("märz maerz marzo mart", "mars марта березня marca", "март марте березень березні marzec marcu"),
    ("avril abril aprile nisan", "april апреля квітня kwietnia", "апрель апреле квітень квітні kwiecień kwietniu"),
    ("mai maggio mayıs mayis", "mayo мая травня maja", "май мае травень травні maj maju"),
    ("juni juin junio giugno haziran", "июня червня czerwca", "июнь июне червень червні czerwiec czerwcu"),
    ("juli juillet julio luglio temmuz", "июля липня lipca", "июль июле липень липні lipiec lipcu"),
    ("août aout agosto ağustos agustos", "august августа серпня sierpnia",
     "август августе серпень серпні sierpień sierpniu"),
    ("septembre septiembre setiembre settembre eylül eylul", "september сентября вересня września",
     "сентябрь сентябре вересень вересні wrzesień wrześniu"),
    ("oktober octobre octubre ottobre ekim", "октября жовтня października",
     "октябрь октябре жовтень жовтні październik październiku"),
    ("novembre noviembre kasım kasim", "november ноября листопада listopada",
     "ноябрь ноябре листопад листопаді listopad listopadzie"),
    ("dezember décembre decembre diciembre dicembre aralık aralik", "декабря грудня grudnia",
     "декабрь декабре грудень грудні grudzień grudniu"),
]
# Dates written day first ("12. März 2022", "12 mars 2022", "12 de marzo de 2022", "12 марта 2022 года",
# "12 березня 2022", "12 Mart 2022", "12 marca 2022", "12 marzo 2022") and the numeric "12.03.2022" of most of
# Europe take these, in lower case.
FOREIGN_MONTHS = {name: month for month, (both, day_first, _) in enumerate(_FOREIGN_MONTH_WORDS, 1)
                  for name in f"{both} {day_first}".split()}
# A month and a year ("im März 2022", "en marzo de 2022", "в марте 2022 года", "у березні 2022", "w marcu 2022",
# "Mart 2022") take these. English text is read with this too, so French "mars" counts only after "en" ("the
# Mars 2020 rover") and Spanish "mayo" only before "de" (County Mayo); the names English shares (April,
# August ...) are read as English.
FOREIGN_MONTHS_WITH_YEAR = {name: month for month, (both, _, with_year) in enumerate(_FOREIGN_MONTH_WORDS, 1)
                            for name in f"{both} {with_year}".split()}
# The same, keyed by each word case-folded as the case-blind patterns match it ("LİPCU", "KASIM"): the words that
# differ only in the Turkish i ("kasım", "kasim") name one month. A day and month without a year ("am 20.
# Januar", "le 12 mars", "el 12 de marzo", «12 марта»; not "3 Şubat'ta": a suffix) take these; those English
# shares ("12 April") only after the German dot ("am 12. April"), "mars" and "mayo" only in lower case (the
# planet, County Mayo).
FOLDED_FOREIGN_MONTHS = {fold_case(name): month for name, month in FOREIGN_MONTHS.items()}
_SHARED_WITH_ENGLISH = {"april", "august", "september", "november"}
_LOWER_CASE_ONLY = {"mars", "mayo"}
# Days counted from the day of writing. The French "hier" is left out: in German it means "here".
_DAY_WORDS = {shift: _apostrophes(words.split(", ")) for shift, words in {
    -2: "vorgestern, avant-hier, anteayer, l'altro ieri, позавчера, позавчора, evvelsi gün, przedwczoraj",
    -1: "gestern, ayer, ieri, вчера, вчора, учора, dün, wczoraj",
    0: "heute, aujourd'hui, hoy, oggi, сегодня, сьогодні, bugün, dzisiaj, dziś",
    1: "morgen, demain, mañana, domani, завтра, yarın, jutro",
    2: "übermorgen, après-demain, pasado mañana, dopodomani, послезавтра, післязавтра, öbür gün, pojutrze",
}.items()}
DAYS = {fold_case(word): shift for shift, words in _DAY_WORDS.items() for word in words}
# A day word that means another thing after these words: "la mañana" is the morning, "heute morgen" this morning.
NOT_A_DAY_AFTER = {"mañana": ("la", "esta", "una", "cada", "media", "de"),
                   "morgen": ("heute", "gestern", "vorgestern", "am", "jeden")}

# A weekday word that is another word before these (word starts): the Turkish "pazar" is also the market ("pazar
# yerleri", "pazar tezgahları"), "cuma" the Friday prayer, which is held every week ("cuma namazı").
NOT_A_WEEKDAY_BEFORE = {"pazar": ("yer", "tezgah", "esnaf", "alan"), "cuma": ("namaz", "hutbe")}

# Per language: its words for days, weeks, months and years ("|" between the units); the words that count a
# number of units back ("vor _", "_ fa") and ahead ("in _", "_ sonra"), "_" where the number and unit stand; the
# stems of "last" and "next" ("vergangen" for "vergangenen", "vergangenes"), matched as the start of a word; and
# the words of "this" (words, not stems: "ce" would take "certaine"). A unit is counted, or called last, this or
# next, only by words of its own language: the Turkish "bir an önce" (at once) is no year ago.
LANGUAGE_WORDS = {lang: dict(zip(("units", "ago", "ahead", "last", "next", "this"), fields)) for lang, fields in {
    "de": ("Tag Tage Tagen | Woche Wochen | Monat Monate Monaten Monats | Jahr Jahre Jahren Jahres", "vor _", "in _",
           "letzt vergangen vorig", "nächst kommend", "diese dieser dieses diesen"),
    "fr": ("jour jours | semaine semaines | mois | an ans année années l'an l'année", "il y a _", "dans _",
           "dernier dernière passé passée", "prochain prochaine", "cette ce cet"),
    "es": ("día días | semana semanas | mes meses | año años", "hace _", "dentro de _", "pasad", "próxim",
           "este esta"),
    "it": ("giorno giorni | settimana settimane | mese mesi | anno anni l'anno quest'anno", "_ fa", "tra _, fra _",
           "scors", "prossim", "questo questa quest"),
    "ru": ("день дня дней | неделю недели недель неделе | месяц месяца месяцев месяце | год года лет году",
           "_ назад", "через _", "прошл минувш", "следующ будущ ближайш", "этой этом этот эту этого"),
    "uk": ("день дні днів | тиждень тижні тижнів тижня | місяць місяці місяців місяця | рік роки років року році",
           "_ тому", "через _", "минул", "наступн", "цього цьому цей цю цієї"),
    "tr": ("gün | hafta | ay | yıl sene", "_ önce", "_ sonra", "geçen", "gelecek önümüzdeki", "bu"),
    "pl": ("dzień dni | tydzień tygodnie tygodni tygodniu tygodnia | miesiąc miesiące miesięcy miesiącu miesiąca | "
           "rok lata lat roku", "_ temu", "za _", "zeszł ubiegł ostatni", "przyszł najbliższ",
           "tym ten tego bieżącym bieżącego"),
}.items()}
_UNIT_NAMES = ("day", "week", "month", "year")
_UNIT_WORDS = [w for words in LANGUAGE_WORDS.values() for w in _apostrophes(words["units"].replace("|", " ").split())]
# word -> {language: unit}
UNITS: dict[str, dict[str, str]] = {}
for _lang, _words in LANGUAGE_WORDS.items():
    for _unit, _forms in zip(_UNIT_NAMES, _words["units"].split("|"), strict=True):
        for _form in _apostrophes(_forms.split()):
            UNITS.setdefault(fold_case(_form), {})[_lang] = _unit
# (language, words before the number, words after the unit, sign)
_COUNTING = [(lang, tuple(fold_case(w) for w in before.split()), tuple(fold_case(w) for w in after.split()), sign)
             for lang, words in LANGUAGE_WORDS.items() for sign, key in ((-1, "ago"), (1, "ahead"))
             for phrase in words[key].split(", ") for before, after in [phrase.split("_")]]
# stem -> (language, shift), and "this" word -> languages
MODIFIERS = {fold_case(stem): (lang, shift) for lang, words in LANGUAGE_WORDS.items()
             for shift, key in ((-1, "last"), (1, "next")) for stem in words[key].split()}
_THIS_WORDS: dict[str, set[str]] = {}
for _lang, _words in LANGUAGE_WORDS.items():
    for _w in _words["this"].split():
        _THIS_WORDS.setdefault(fold_case(_w), set()).add(_lang)
_STEMS_LONGEST_FIRST = sorted(MODIFIERS, key=len, reverse=True)
_THIS_YEAR = {"quest'anno", "quest’anno"}  # one word
# A form that means one unit without a number ("неделю назад", "tydzień temu"); every other one needs its number
# ("vor drei Tagen"; not "несколько дней назад").
_ALONE_MEANS_ONE = {fold_case(w) for w in "день неделю месяц год тиждень місяць рік dzień tydzień miesiąc rok".split()}
# Plural words: "in den letzten Jahren", "ces derniers mois", "los días pasados" are recent times, not last year.
_PLURAL = {fold_case(w) for w in (
    "Tage Tagen Wochen Monate Monaten Jahre Jahren jours semaines années ans derniers dernières passés passées "
    "prochains prochaines días semanas meses años pasados pasadas próximos próximas giorni settimane mesi anni "
    "scorsi scorse prossimi prossime дней дні днів недель тижнів месяцев місяців лет роки років последние минулі "
    "наступні dni tygodnie tygodni miesiące miesięcy lata lat ostatnie przyszłe").split()}
# "One" in each language (the numbers from two on are the lexicon's, shared with the claims).
_ONE = "ein eine einem einer einen eins un une uno una один одну одна одно одного bir jeden jedna jedną"
NUMBERS = {fold_case(word): n for words in FOREIGN_NUMBER_WORDS.values() for word, n in words.items()} | {
    fold_case(word): 1 for word in _ONE.split()}
# Prepositions a reference may start with ("в прошлом году", "w przyszły wtorek", "на этой неделе").
_PREPOSITIONS = {"в", "во", "у", "на", "w", "we"}

# Words that put a sentence ahead in time, within a few words of a weekday in its clause (six before, four after;
# after it not the French "sera", which is the Italian "evening" in "martedì sera"): auxiliaries and verbs of what
# is planned, and the Turkish future ending.
FUTURE = re.compile(
    r"(?<![\w'’-])(?:wird|werden|soll|sollen|geplant|sera|seront|aura\s+lieu|se\s+tiendra|doit|doivent|devrait|"
    r"prévue?s?|va|vont|será|serán|tendrá\s+lugar|se\s+celebrará|prevista?|previsto|van\s+a|sarà|saranno|"
    r"si\s+terrà|dovrebbe|будет|будут|состоится|состоятся|планирует|планируется|намерен[аы]?|буде|будуть|"
    r"відбудеться|відбудуться|планує|планується|będzie|będą|odbędzie|odbędą|planuje|\w+(?:acak|ecek)(?:tır|tir|lar|"
    r"ler)?)(?![\w'’-])", re.I)

# How far around a weekday its clause is read (a few words; bounded, so that a sentence as long as a whole text
# without full stops is not read once for each of its weekdays).
AROUND_CHARS = 400
_CLAUSE_BREAK = re.compile(r"[,;:\"“”„«»()–—]")

# Words one of which every reference holds, in lower case: a text with none of them is not searched. Left out: the
# Turkish "ay" (month) and French "an" (year), too short to tell; the English "tag", too common; the month names
# English shares ("April"). Their references hold "önce", "geçen", "l'an", "Tagen", "il y a" or a day with the
# German dot before such a month ("am 12. April"), the last two looked for as such.
KEYS = frozenset(
    w for w in (*(w for ws in _WEEKDAY_WORDS + _GENITIVE_WORDS for w in ws),
                *(w for ws in _DAY_WORDS.values() for w in ws), *_UNIT_WORDS, *FOREIGN_MONTHS,
                "önce", "sonra", "geçen", "gelecek", "önümüzdeki", "mois-ci")
    for w in w.lower().split() if w not in ("ay", "an", "ans", "tag", *_SHARED_WITH_ENGLISH))
_PHRASE_KEYS = (" y a ",)
_DOTTED_DAY_OF_SHARED_MONTH = re.compile(r"\d\.\s+(?:" + "|".join(sorted(_SHARED_WITH_ENGLISH)) + r")\b")  # "12. April"
_EDGES = ".,;:!?()[]{}«»„“”‚‘’\"'…—–-*/"  # stripped from the ends of a word before it is looked up
# The words of the tables that their language writes with a capital (German nouns and weekdays).
_TITLED = {fold_case(w) for w in "Tag Tage Tagen Woche Wochen Monat Monate Monaten Monats Jahr Jahre Jahren Jahres "
                                 "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonnabend Sonntag".split()}
_WORDS = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class Reference:
    """A reference to a day or period counted from the day of writing, as found (not yet resolved).

    ``kind`` is one of "ago", "ahead", "weekday_mod", "period", "day", "weekday", "day_month"; ``shift`` is the
    number of units (signed: -3 for "three days ago"), of days for "day", -1 / 0 / 1 for last / this / next;
    ``unit`` is "day", "week", "month" or "year"; ``weekday`` 0 (Monday) to 6; ``month`` and ``day`` those of a
    day and month; ``future`` whether the words around a bare weekday or a day and month put it ahead."""

    text: str
    start: int
    end: int
    kind: str
    shift: int = 0
    unit: str = "day"
    weekday: int | None = None
    future: bool = False
    month: int | None = None  # a day and month: "day_month"
    day: int | None = None


def may_hold(text: str) -> bool:
    """Whether ``text`` may hold a reference: it holds one of :data:`KEYS` as a word, "il y a" or "12. April" (a
    necessary condition, tested on the set of its words: faster than a search for each key)."""
    low = text.lower()
    if any(k in low for k in _PHRASE_KEYS) or _DOTTED_DAY_OF_SHARED_MONTH.search(low):
        return True
    words = set(low.split())
    return not KEYS.isdisjoint(words) or not KEYS.isdisjoint({w.strip(_EDGES) for w in words})


def references(sentence: str) -> list[Reference]:
    """The references to a day or period in one sentence, in order: each found around a word of the tables (a
    unit, a weekday, a day), from the words next to it."""
    if _ANCHORS.isdisjoint({w.strip(_EDGES) for w in fold_case(sentence).split()}):
        return []  # (most sentences: told faster than by reading their words one by one)
    tokens = [_Token(m.start(), m.end(), m.group(), fold_case(m.group())) for m in _WORDS.finditer(sentence)]
    out: list[Reference] = []
    taken = -1  # the last token a reference holds: references do not overlap
    for i, t in enumerate(tokens):
        if i <= taken or t.word not in _ANCHORS:
            continue
        found = _day(tokens, i, sentence) or _around_unit(tokens, i, sentence) \
            or _around_weekday(tokens, i, sentence) or _day_month(tokens, i, sentence)
        if found is None:
            continue
        first, last, ref = found
        if first <= taken or not _written_as_such(tokens, first, ref):
            continue
        taken = last
        text = sentence[tokens[first].start:tokens[last].end]
        out.append(_with(ref, text=text, start=tokens[first].start, end=tokens[last].end))
    # the weekday of a day and month is part of it ("Miércoles 10 de junio", "am Donnerstag (2. Januar)")
    return [r for n, r in enumerate(out) if not (r.kind == "weekday" and n + 1 < len(out)
                                                  and out[n + 1].kind == "day_month" and out[n + 1].start - r.end <= 3)]


# The words a reference is found around: the first word of a day, a unit, a weekday.
_ANCHORS = frozenset(w.split()[0] for w in DAYS) | UNITS.keys() | WEEKDAYS.keys() | _GENITIVE_WEEKDAYS.keys() | {
    "mois-ci"} | FOLDED_FOREIGN_MONTHS.keys()


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    word: str  # folded


def _then(tokens: list[_Token], i: int, sentence: str) -> bool:
    """Is token ``i`` followed by token ``i + 1`` with only spaces between them?"""
    return 0 <= i < len(tokens) - 1 and not sentence[tokens[i].end:tokens[i + 1].start].strip()


def _phrase_before(tokens: list[_Token], i: int, sentence: str, phrase: tuple[str, ...]) -> int | None:
    """The index of the first token of ``phrase`` (folded words) right before token ``i``, or None."""
    k = i - len(phrase)
    if k >= 0 and all(tokens[k + j].word == w and _then(tokens, k + j, sentence)
                      for j, w in enumerate(phrase)):
        return k
    return None


def _number(word: str) -> int | None:
    if word.isdigit() and len(word) <= 3:
        return int(word)
    return NUMBERS.get(word)


def _day(tokens: list[_Token], i: int, sentence: str) -> tuple[int, int, Reference] | None:
    """A day word ("gestern", "pasado mañana") starting at token ``i``."""
    for n in (2, 1):
        if i + n <= len(tokens) and (n == 1 or _then(tokens, i, sentence)):
            phrase = " ".join(t.word for t in tokens[i:i + n])
            if phrase in DAYS:
                before = tokens[i - 1].word if i else ""
                if before in NOT_A_DAY_AFTER.get(phrase, ()):
                    return None
                return i, i + n - 1, Reference("", 0, 0, "day", shift=DAYS[phrase])
    return None


def _around_unit(tokens: list[_Token], i: int, sentence: str) -> tuple[int, int, Reference] | None:
    """A number of units ago or ahead, or this, last or next unit, around the unit word at token ``i``."""
    word = tokens[i].word.removesuffix("-ci")  # "ce mois-ci"
    units = UNITS.get(word)
    if units is None:
        return None
    first = i
    number = _number(tokens[i - 1].word) if _then(tokens, i - 1, sentence) else None
    if number is not None:
        first = i - 1
    elif word not in _ALONE_MEANS_ONE:
        first = None  # a unit without its number counts no time back or ahead
    if first is not None:
        after = tokens[i + 1].word if _then(tokens, i, sentence) else None
        for lang, before, after_words, sign in _COUNTING:
            if lang not in units or (after_words and after_words[0] != after):
                continue
            start = _phrase_before(tokens, first, sentence, before) if before else first
            if start is not None:
                kind = "ago" if sign < 0 else "ahead"
                return start, i + len(after_words), Reference("", 0, 0, kind, sign * (number or 1), units[lang])
    if word in _THIS_YEAR:
        return i, i, Reference("", 0, 0, "period", 0, "year")
    if word in _PLURAL:
        return None  # "in den letzten Jahren": recent times, not last year
    shift, lang, first, last = _modified(tokens, i, sentence, units)
    if shift is None or units[lang] == "day":
        return None  # "los días pasados": recent days, not yesterday
    return first, last, Reference("", 0, 0, "period", shift, units[lang])


def _around_weekday(tokens: list[_Token], i: int, sentence: str) -> tuple[int, int, Reference] | None:
    """A weekday at token ``i``, with "last" or "next" if the words next to it say so."""
    word = tokens[i].word
    day = WEEKDAYS.get(word, _GENITIVE_WEEKDAYS.get(word))
    if day is None:
        return None
    shift, _, first, last = _modified(tokens, i, sentence, None)
    if shift is not None and shift != 0:
        return first, last, Reference("", 0, 0, "weekday_mod", shift, "day", day)
    if word not in WEEKDAYS:
        return None  # a genitive alone: "до понеділка", until Monday
    if i + 1 < len(tokens) and tokens[i + 1].word.startswith(NOT_A_WEEKDAY_BEFORE.get(word, ())):
        return None
    return i, i, Reference("", 0, 0, "weekday", 0, "day", day, future=_ahead(sentence, tokens[i].start, tokens[i].end))


def _day_month(tokens: list[_Token], i: int, sentence: str) -> tuple[int, int, Reference] | None:
    """A day and month without a year, the month at token ``i`` ("20. Januar", "12 de marzo", "12 марта")."""
    t = tokens[i]
    month = FOLDED_FOREIGN_MONTHS.get(t.word)
    if month is None or t.word in _LOWER_CASE_ONLY and t.text != t.word:
        return None
    k = i - 1
    if k >= 1 and tokens[k].word == "de" and _then(tokens, k, sentence):
        k -= 1  # "12 de marzo"
    if k < 0 or (k < i - 1 and not _then(tokens, k, sentence)):
        return None
    number = tokens[k].word.removesuffix("er").removesuffix("º")
    gap = sentence[tokens[k].end:tokens[k + 1].start]
    dotted = gap.strip() == "." and gap.startswith(".")
    if not (number.isdigit() and 1 <= int(number) <= 31) or not (gap.isspace() or dotted) \
            or (t.word in _SHARED_WITH_ENGLISH and not dotted):
        return None
    ahead = _ahead(sentence, tokens[k].start, t.end)
    return k, i, Reference("", 0, 0, "day_month", month=month, day=int(number), future=ahead)


def _ahead(sentence: str, start: int, end: int) -> bool:
    """Do the words of the clause around ``sentence[start:end]`` put it ahead in time (:data:`FUTURE`)?"""
    before = _CLAUSE_BREAK.split(sentence[max(0, start - AROUND_CHARS):start])[-1].split()[-6:]
    after = _CLAUSE_BREAK.split(sentence[end:end + AROUND_CHARS])[0].split()[:4]
    return bool(FUTURE.search(" ".join(before))
                or FUTURE.search(" ".join(w for w in after if w.strip(_EDGES).lower() != "sera")))


def _modified(tokens: list[_Token], i: int, sentence: str, languages: dict[str, str] | None
              ) -> tuple[int | None, str, int, int]:
    """The shift (-1 last, 0 this, 1 next) that the word before token ``i`` or the words after it give it, in one
    of ``languages`` (any, if None), with that language and the first and last token of the whole; (None, "", i,
    i) if none does."""
    if _then(tokens, i - 1, sentence):
        before = tokens[i - 1].word
        found = _modifier(before, languages)
        if found is not None and before not in _PLURAL:
            first = i - 1
            if _then(tokens, i - 2, sentence) and tokens[i - 2].word in _PREPOSITIONS:
                first = i - 2
            return found[1], found[0], first, i
    if _then(tokens, i, sentence):
        after = tokens[i + 1].word
        if after == "que" and _then(tokens, i + 1, sentence) and tokens[i + 2].word == "viene" \
                and (languages is None or "es" in languages):
            return 1, "es", i, i + 2
        found = _modifier(after, languages)
        if found is not None and found[1] != 0 and after not in _PLURAL:
            return found[1], found[0], i, i + 1
    return None, "", i, i


def _modifier(word: str, languages: dict[str, str] | None) -> tuple[str, int] | None:
    """(language, shift) for a word of "this" (0) or starting with a stem of "last" (-1) or "next" (1) in one of
    ``languages`` (any, if None), else None."""
    for lang in _THIS_WORDS.get(word, ()):
        if languages is None or lang in languages:
            return lang, 0
    for stem in _STEMS_LONGEST_FIRST:
        if word.startswith(stem) and (languages is None or MODIFIERS[stem][0] in languages):
            return MODIFIERS[stem]
    return None


def _written_as_such(tokens: list[_Token], first: int, ref: Reference) -> bool:
    """A reference's first word written with a capital where its language writes it in lower case is a name
    ("Mardi Gras", Plácido Domingo, the newspaper Domani), unless it starts the sentence; a bare weekday of such a
    language even then ("Sabato said", of Larry Sabato), unless the word "day" follows it ("Salı günü")."""
    if tokens[first].word in _PREPOSITIONS and first + 1 < len(tokens):
        first += 1  # "W najbliższą niedzielę" after a headline without a full stop: the word after it tells
    t = tokens[first]
    if not t.text[:1].isupper() or t.word in _TITLED:
        return True
    return first == 0 and (ref.kind != "weekday" or first + 1 < len(tokens) and tokens[first + 1].word == "günü")


def _with(ref: Reference, **changes) -> Reference:
    return Reference(**{**ref.__dict__, **changes})
