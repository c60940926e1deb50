"""Word lists the rule-based components use: reporting verbs, role nouns, pronouns.

These are general English and general news vocabulary (how reporters attribute speech, what offices people
hold), written from style guides and grammar references, never from the articles we test on.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import pkgutil
from pathlib import Path

# Verbs that introduce speech or a written statement; the lemma of a cue ("said", "told", "writes").
SPEECH_VERBS = frozenset("""
say tell add argue stress reiterate caution ask explain write note insist claim warn state declare announce
conclude remark reply respond answer tweet post joke quip recall acknowledge admit suggest urge complain predict
promise vow accuse allege assert contend confirm deny report testify maintain emphasize emphasise observe
point_out continue comment counter concede boast lament mock scoff tout describe call brag proclaim pledge
repeat retort shout cry yell whisper mutter recount reveal disclose indicate charge muse wonder quote cite
exclaim chant echo label scream plead beg demand advise instruct assure reassure inform remind concur
interject chime gush rave rant snap fume sneer grumble groan blast slam decry denounce condemn praise hail
applaud question query inquire enquire propose recommend publish speak talk swear threaten forecast
conclude show demonstrate imply hint signal confess mention elaborate clarify characterize characterise
dub term brand deride dismiss ridicule tease chide scold lecture preach implore appeal pose text email
opine retweet share thank criticize criticise attack defend insist read sing
""".split())

# Verbs of thought and stance: attribution of beliefs, wishes and knowledge (PolNeAR counts these too).
BELIEF_VERBS = frozenset("""
believe think feel know expect hope fear worry doubt suspect assume reckon guess want wish agree disagree
understand realize realise recognize recognise estimate argue consider find predict imagine insist
""".split())

ATTRIBUTION_VERBS = SPEECH_VERBS | BELIEF_VERBS

# Verbs of stance and speech acts whose object or infinitive is the attributed content ("accused Trump of
# using divisive rhetoric", "vowed to win Florida", "called for a ban").
STANCE_VERBS = frozenset("""
accuse blame criticize criticise praise congratulate thank urge call mention name cite deny confirm announce
reveal predict propose reject endorse oppose vow pledge promise threaten refuse want hope plan intend expect
demand ask tell warn advise encourage invite challenge dismiss describe label brand dub condemn denounce
slam blast attack defend applaud welcome acknowledge admit concede suggest recommend insist argue
support back prefer vote favor favour like love hate dislike bemoan respond refer cast avoid question
doubt trust distrust approve disapprove offer regard view consider foretell rail complain
""".split())

# Nouns that introduce reported content ("the claim that ...", "his statement that ...").
SPEECH_NOUNS = frozenset("""
claim statement assertion argument allegation suggestion belief view warning promise pledge assurance
remark comment report accusation insistence fear hope expectation announcement prediction
""".split())

# Offices and roles that stand before a name ("Kremlin spokesman Dmitry Peskov") and, with "the", stand
# for it later ("the spokesman"). Lower-case lemmas.
ROLE_NOUNS = frozenset("""
president vice-president leader chairman chairwoman chair chief spokesman spokeswoman spokesperson
minister secretary chancellor premier senator representative congressman congresswoman governor mayor
official officer envoy ambassador diplomat negotiator adviser advisor aide candidate nominee king queen
prince princess general admiral commander colonel judge justice prosecutor attorney lawyer director
executive ceo founder head speaker lawmaker legislator mp deputy commissioner president-elect
pope cardinal bishop sheikh emir ayatollah dictator strongman monarch chancellor-elect candidate
""".split())

# Words in a title that are not roles but qualify one (kept as titles, never taken for names), and the
# abbreviations of titles in news style (AP's: "Adm. Thad Allen", "Sgt. Maj.", "Cmdr.", "Supt.").
TITLE_WORDS = frozenset("""
former acting interim deputy vice senior chief foreign defence defense finance treasury state interior
prime first lady then elect sen rep gov gen col lt dr mr mrs ms prof rev hon
adm capt cmdr cdr maj sgt cpl pvt pfc brig det insp supt atty amb
""".split())

# Nouns that say the name beside them is an organisation's: one right before it ("chipmaker Qualcomm", "the Islamist
# group Boko Haram") or in apposition to it ("Qualcomm, the chip supplier,"); and nouns a name qualifies only when it
# is an organisation's ("Qualcomm shares", "Boko Haram fighters", "Tesla founder Elon Musk"). Lemmas.
ORG_TITLE_NOUNS = frozenset("""
company firm group giant maker chipmaker carmaker automaker drugmaker startup conglomerate manufacturer supplier
producer retailer airline carrier bank lender insurer network broadcaster newspaper publisher agency militia team
club band label studio brand organisation organization charity
""".split())
# Nouns naming a kind of institution, which alone stand for many ("the House" after "the White House" is the House
# of Representatives; "the Department", "the Council", "the Party"): an organisation's last word that is one of these
# (or of ORG_TITLE_NOUNS) is no short form of its name.
INSTITUTION_NOUNS = frozenset("""
house department council committee court senate office ministry service commission board university college
school association union fund institute authority assembly congress parliament government administration
""".split())
ORG_HEAD_NOUNS = frozenset("""
share stock stockholder shareholder investor employee headquarters subsidiary founder co-founder cofounder ceo
militant fighter insurgent
""".split())

# English prepositions: no name opens on one ("Via Twitter, CNN's Nic Robertson reported", "life under Mubarak",
# "Amid Shafiq's resignation" are no persons "Via Twitter", "under Mubarak", "Amid Shafiq"). A name's particles
# ("de Gaulle", "van Gogh", "bin Laden") are not English prepositions.
PREPOSITIONS = frozenset("""
about above across after against along amid amidst among amongst around at before behind below beneath beside
besides between beyond by despite during except for from inside into near of off on onto outside over past per
since through throughout till to toward towards under underneath unlike until upon versus via with within without
""".split())

COMPASS = {"east": "eastern", "west": "western", "north": "northern", "south": "southern",
           "northeast": "northeastern", "northwest": "northwestern", "southeast": "southeastern",
           "southwest": "southwestern"}

# Nouns naming a kind of place that a place name can qualify ("Donbas region", "Kherson oblast").
PLACE_NOUNS = frozenset("""
region province oblast state city town village county district area republic territory peninsula island
capital border valley river sea coast front
""".split())

# Verbs whose subject is typically a publication ("Politico writes", "Reuters reported").
PUBLISH_VERBS = frozenset("write report publish reveal".split())

PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m",
                  "she": "f", "her": "f", "hers": "f", "herself": "f"}

# Verbs that take a clause without attributing it to anyone ("it seems that", "made sure that").
NOT_ATTRIBUTION = frozenset("""
be have do make let help seem appear mean ensure happen become get go come take give keep need try
""".split())

# Honorifics that tell a person's gender ("Mrs. Clinton"), used to keep "he" from resolving to her.
HONORIFIC_GENDER = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f",
                    "sir": "m", "lady": "f", "madam": "f", "king": "m", "queen": "f", "prince": "m",
                    "princess": "f", "congressman": "m", "congresswoman": "f", "chairman": "m",
                    "chairwoman": "f", "spokesman": "m", "spokeswoman": "f"}


@functools.cache
def stop_words(language: str = "en") -> frozenset[str]:
    """spaCy's stop words of ``language`` (empty for a language spaCy has none for), read from spaCy's own list
    without importing spaCy (whose import, ~0.4 s, compare, brief and timeline otherwise pay for one word
    list)."""
    spec = importlib.util.find_spec("spacy")  # finds the package without importing it
    path = Path(next(iter(spec.submodule_search_locations))) / "lang" / language / "stop_words.py"
    if not language.isalpha() or not path.is_file():
        return frozenset()
    module_spec = importlib.util.spec_from_file_location(f"_newsweave_spacy_{language}_stop_words", path)
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)  # a plain word list: no imports
    return frozenset(module.STOP_WORDS)


@functools.cache
def common_words(language: str) -> frozenset[str]:
    """Common words of ``language`` in lower case: spaCy's stop words and the word lists of Faker's lorem
    providers for the language's locales (its few hundred to thousand most used words: "auch", "mann", "ende"
    in German), read as data. Empty for a language neither has. What tells a capitalised common word at a
    sentence's start, or a German noun, from a place the gazetteer knows by the same letters ("Auch", a French
    town; "Man"; "Ende", Indonesia)."""
    import faker.providers.lorem as lorem  # only data: no Faker instance is made

    words = set(stop_words(language))
    for module in pkgutil.iter_modules(lorem.__path__):
        if module.name.split("_")[0] == language:
            found = getattr(importlib.import_module(f"{lorem.__name__}.{module.name}").Provider, "word_list", ())
            words.update(w.lower() for w in found if isinstance(w, str))
    return frozenset(words)


@functools.lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """First names of people of many countries, as written (Faker's person lists for every locale it has, read
    as data): what tells a person's name from a capitalised noun in a language newsweave does not parse
    ("Annalena Baerbock" / "Die Kinder"). :func:`newsweave.resolve.is_first_name` folds them."""
    import faker.providers.person as people  # only data: no Faker instance is made

    names: set[str] = set()
    for module in pkgutil.iter_modules(people.__path__):
        provider = importlib.import_module(f"{people.__name__}.{module.name}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female", "first_names_nonbinary"):
            found = getattr(provider, attr, None)
            if isinstance(found, (dict, list, tuple, set, frozenset)):
                names.update(n for n in found if isinstance(n, str))
    return frozenset(names)


# Speech verbs of other languages, as they stand beside a quotation in news (past and present forms, lower
# case), for attributing quotes in text with no parser (newsweave.nlp.foreign). A multi-word verb ("a
# déclaré") is found by its last word. "selon", "laut", «по словам», "según" attribute too.
FOREIGN_SPEECH_VERBS: dict[str, frozenset[str]] = {lang: frozenset(words.split()) for lang, words in {
    "de": "sagte sagt sagten erklärte erklärt betonte betont meinte meint fügte hinzu teilte mit warnte warnt "
          "kündigte an versicherte bekräftigte sprach schrieb schreibt antwortete forderte räumte ein laut "
          "zufolge so",
    "fr": "déclaré dit affirmé ajouté souligné expliqué indiqué estimé assuré annoncé averti répondu écrit "
          "raconté confié déclare dit affirme ajoute souligne explique indique estime assure annonce selon",
    "es": "dijo afirmó declaró aseguró señaló añadió agregó explicó indicó subrayó advirtió anunció respondió "
          "escribió contó comentó manifestó dice afirma declara asegura señala añade explica según",
    "it": "detto dichiarato affermato aggiunto sottolineato spiegato annunciato scritto raccontato dice afferma "
          "dichiara aggiunge secondo",
    "pt": "disse afirmou declarou acrescentou sublinhou explicou anunciou escreveu segundo",
    "ru": "заявил заявила заявили сказал сказала сказали сообщил сообщила сообщили отметил отметила "
          "подчеркнул подчеркнула добавил добавила пояснил пояснила объяснил объяснила заверил заверила "
          "ответил ответила предупредил предупредила написал написала рассказал рассказала признал признала "
          "признался призналась уточнил уточнила словам заявляет говорит пишет",
    "uk": "заявив заявила заявили сказав сказала сказали повідомив повідомила наголосив наголосила "
          "зазначив зазначила додав додала пояснив пояснила відповів відповіла написав написала розповів "
          "розповіла підкреслив підкреслила запевнив запевнила попередив попередила визнав визнала уточнив "
          "уточнила повідомили словами заявляє каже говорить пише",
    "tr": "dedi söyledi açıkladı belirtti vurguladı ekledi kaydetti ifade aktardı bildirdi yazdı göre",
    "pl": "powiedział powiedziała oświadczył oświadczyła stwierdził stwierdziła dodał dodała podkreślił "
          "podkreśliła zaznaczył zaznaczyła napisał napisała według",
    "nl": "zei zegt verklaarde benadrukte voegde schreef volgens",
}.items()}


# Languages whose verb closes the clause: a quote stands between its speaker and the speech verb, and the word
# after a counted noun is more often the verb than more of the noun phrase.
VERB_FINAL = frozenset({"tr", "ja", "ko"})


# Numbers in other languages, for claims in text with no parser (newsweave.nlp.foreign_claims). Number words
# are given for 2..12 and the tens to 100, in that order (alternatives joined by "/": gender and case forms;
# "-" where a word is left out because it is also a common word: Italian "sei", "you are"). "One" is the
# indefinite article in most of these languages, so it is never a count.
_FOREIGN_NUMBER_VALUES = (2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 20, 30, 40, 50, 60, 70, 80, 90, 100)
FOREIGN_NUMBER_WORDS: dict[str, dict[str, int]] = {lang: {
    word: value for value, slot in zip(_FOREIGN_NUMBER_VALUES, words.split(), strict=True)
    for word in slot.split("/") if word != "-"} for lang, words in {
    "de": "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig vierzig fünfzig sechzig "
          "siebzig achtzig neunzig hundert",
    "fr": "deux trois quatre cinq six sept huit neuf dix onze douze vingt trente quarante cinquante soixante "
          "soixante-dix quatre-vingts quatre-vingt-dix cent",
    "es": "dos tres cuatro cinco seis siete ocho nueve diez once doce veinte treinta cuarenta cincuenta sesenta "
          "setenta ochenta noventa cien/ciento",
    "it": "due tre quattro cinque - sette otto nove dieci undici dodici venti trenta quaranta cinquanta sessanta "
          "settanta ottanta novanta cento",
    "pt": "dois/duas três quatro cinco seis sete oito nove dez onze doze vinte trinta quarenta cinquenta sessenta "
          "setenta oitenta noventa cem/cento",
    "ru": "два/две/двух трёх/трех/три четыре/четырёх/четырех пять/пяти шесть/шести семь/семи восемь/восьми "
          "девять/девяти десять/десяти одиннадцать двенадцать двадцать/двадцати тридцать/тридцати сорок/сорока "
          "пятьдесят шестьдесят семьдесят восемьдесят девяносто сто",
    "uk": "два/дві/двох три/трьох чотири/чотирьох п'ять/п’ять/п'яти/п’яти шість/шести сім/семи вісім/восьми "
          "дев'ять/дев’ять десять/десяти одинадцять дванадцять двадцять тридцять сорок п'ятдесят/п’ятдесят "
          "шістдесят сімдесят вісімдесят дев'яносто/дев’яносто сто",
    "tr": "iki üç dört beş altı yedi sekiz dokuz on onbir oniki yirmi otuz kırk elli altmış yetmiş seksen doksan "
          "yüz",
    "pl": "dwa/dwie/dwóch/dwoje trzy/trzech cztery/czterech pięć/pięciu sześć/sześciu siedem/siedmiu osiem/ośmiu "
          "dziewięć/dziewięciu dziesięć/dziesięciu jedenaście dwanaście dwadzieścia trzydzieści czterdzieści "
          "pięćdziesiąt sześćdziesiąt siedemdziesiąt osiemdziesiąt dziewięćdziesiąt sto",
    "nl": "twee drie vier vijf zes zeven acht negen tien elf twaalf twintig dertig veertig vijftig zestig "
          "zeventig tachtig negentig honderd",
}.items()}
# Words and abbreviations that multiply the number before them ("1,5 Mio.", "12 тыс.", "mil millones": each
# multiplies in turn).
FOREIGN_SCALES: dict[str, int] = {word: scale for scale, words in {
    1_000: "tausend tsd. mille mil mila тыс. тысяч тысячи тысяча тис. тисяч тисячі тисяча bin tys. tysięcy "
           "tysiące tysiąc duizend",
    1_000_000: "mio. mio million millionen millions millón millones milione milioni mln mln. milhão milhões "
               "млн млн. миллион миллиона миллионов мільйон мільйона мільйонів milyon milion miliony milionów "
               "miljoen",
    1_000_000_000: "mrd. mrd milliarde milliarden milliard milliards md millardo miliardo miliardi mld mld. "
                   "bilhão bilhões млрд млрд. миллиард миллиарда миллиардов мільярд мільярда мільярдів milyar "
                   "miliard miliardy miliardów miljard",
}.items() for word in words.split()}
# Words that make a number a share: after it ("20 Prozent", "20 процентов"), or before it (Turkish "yüzde 20").
FOREIGN_PERCENT_AFTER = ("prozent", "pour cent", "por ciento", "per cento", "por cento", "процент", "відсот",
                         "procent", "proc.")
FOREIGN_PERCENT_BEFORE = ("yüzde",)
# Currencies named after an amount ("40 Millionen Euro", "5 млрд долларов").
FOREIGN_CURRENCIES = frozenset("euro euros евро євро dollar dollars dólares dollari долларов доллара доллар "
                               "доларів долара рублей рубля рублів гривень гривні dolar lira liras lire "
                               "dolarów złotych zł франков francs".split())
# Units of time after a number: the number is a duration ("35 Stunden", "три года").
FOREIGN_DURATIONS: dict[str, str] = {word: unit for unit, words in {
    "duration-hours": "stunde stunden heure heures hora horas ora ore час часа часов годину години годин saat "
                      "godzin godziny godzinę uur",
    "duration-days": "tag tage tagen jour jours día días giorno giorni dia dias день дня дней днів доби gün "
                     "dni dzień dag dagen",
    "duration-weeks": "woche wochen semaine semaines semana semanas settimana settimane неделю недели недель "
                      "тижні тижнів тиждень hafta tygodnie tygodni week weken",
    "duration-months": "monat monate monaten mois mes meses mese mesi месяц месяца месяцев місяць місяці "
                       "місяців ay miesiąc miesiące miesięcy maand maanden",
    "duration-years": "jahr jahre jahren an ans año años anno anni ano anos год года лет рік роки років yıl "
                      "yil rok lata lat jaar jaren",
}.items() for word in words.split()}
# Hedges before a number, as the English hedge they mean (the comparison reads "more than", "at least", ...).
FOREIGN_HEDGES: dict[str, dict[str, str]] = {lang: {
    phrase.strip(): english for english, phrases in spec.items() for phrase in phrases.split(",")}
    for lang, spec in {
    "de": {"more than": "mehr als, über", "at least": "mindestens", "nearly": "fast, knapp, beinahe",
           "about": "etwa, rund, ungefähr, circa, ca.", "up to": "bis zu", "less than": "weniger als"},
    "fr": {"more than": "plus de", "at least": "au moins", "nearly": "près de, presque",
           "about": "environ, quelque", "up to": "jusqu'à, jusqu’à", "less than": "moins de"},
    "es": {"more than": "más de", "at least": "al menos, por lo menos", "nearly": "casi, cerca de",
           "about": "unos, unas, alrededor de, aproximadamente", "up to": "hasta", "less than": "menos de"},
    "it": {"more than": "più di, oltre", "at least": "almeno", "nearly": "quasi",
           "about": "circa", "up to": "fino a", "less than": "meno di"},
    "pt": {"more than": "mais de", "at least": "pelo menos", "nearly": "quase",
           "about": "cerca de, aproximadamente", "up to": "até", "less than": "menos de"},
    "ru": {"more than": "более, свыше, больше", "at least": "не менее, по меньшей мере, как минимум",
           "nearly": "почти", "about": "около, примерно, порядка", "up to": "до", "less than": "менее, меньше"},
    "uk": {"more than": "понад, більше", "at least": "щонайменше, принаймні", "nearly": "майже",
           "about": "близько, приблизно", "up to": "до", "less than": "менше"},
    "tr": {"at least": "en az", "nearly": "neredeyse", "about": "yaklaşık"},
    "pl": {"more than": "ponad, więcej niż", "at least": "co najmniej", "nearly": "prawie, blisko",
           "about": "około, ok.", "up to": "do", "less than": "mniej niż"},
    "nl": {"more than": "meer dan, ruim", "at least": "minstens, ten minste", "nearly": "bijna",
           "about": "ongeveer, circa", "up to": "tot", "less than": "minder dan"},
}.items()}


@functools.lru_cache(maxsize=1)
def time_zones() -> frozenset[str]:
    """Abbreviations of the world's time zones (the tz database's, winter and summer: BST, CDT, MSK, SAST ...),
    with the season-free form of a zone that has both (EST and EDT: ET); read once, when first needed (~0.2 s)."""
    import datetime as dt
    import zoneinfo

    names = {"GMT", "UTC"}
    for zone in zoneinfo.available_timezones():
        try:
            tz = zoneinfo.ZoneInfo(zone)
        except (OSError, ValueError):
            continue
        for month in (1, 7):
            abbreviation = dt.datetime(2020, month, 1, tzinfo=tz).tzname() or ""
            if abbreviation.isalpha() and abbreviation.isupper():
                names.add(abbreviation)
    names |= {n[0] + "T" for n in names if len(n) == 3 and n.endswith("ST") and n[0] + "DT" in names}  # EST, EDT: ET
    return frozenset(names)


WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
