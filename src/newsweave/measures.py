"""Units of measure: a count of miles, feet, barrels or tonnes is a measure, and two measures of one thing compare
only once they are in one unit ("1,000 barrels" of oil a day is "42,000 gallons"; "84km" is "52 miles").

:func:`measure` reads a claim's counted noun (its head lemma, as newsweave.nlp.claims gives it) and the words of
its number and subject, and returns the dimension and the size of one such unit in the dimension's base unit
(metre, square metre, litre, kilogram). A length squared or cubed ("sq km", "square miles", "cubic feet") is an
area or a volume. Temperatures, angles and speeds are left out: their units do not convert by a factor, or news
rarely states one quantity in two of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Metres in one unit of length, by the forms a lemmatiser leaves ("feet" -> "foot"; abbreviations as written; no
# one-letter abbreviation: "m" is as often a million).
LENGTH = {
    "metre": 1.0, "meter": 1.0, "kilometre": 1000.0, "kilometer": 1000.0, "km": 1000.0,
    "centimetre": 0.01, "centimeter": 0.01, "cm": 0.01, "millimetre": 0.001, "millimeter": 0.001, "mm": 0.001,
    "mile": 1609.344, "mi": 1609.344, "foot": 0.3048, "feet": 0.3048, "ft": 0.3048, "yard": 0.9144, "yd": 0.9144,
    "inch": 0.0254, "nautical mile": 1852.0,
}
# Square metres in one unit of area that is not a length squared.
AREA = {"acre": 4046.8564224, "hectare": 10_000.0, "ha": 10_000.0}
# Litres in one unit of volume. A barrel is the petroleum barrel of 42 US gallons, the one news counts oil in;
# a gallon the US gallon.
VOLUME = {
    "litre": 1.0, "liter": 1.0, "millilitre": 0.001, "milliliter": 0.001, "ml": 0.001,
    "gallon": 3.785411784, "gal": 3.785411784, "barrel": 158.987294928, "bbl": 158.987294928,
}
# Kilograms in one unit of mass. "Ton" is read as the metric tonne, as most news uses it (a US short ton is 9%
# less, which the comparison's tolerance for a hedged value nearly covers).
MASS = {
    "kilogram": 1.0, "kg": 1.0, "gram": 0.001, "tonne": 1000.0, "ton": 1000.0,
    "pound": 0.45359237, "lb": 0.45359237, "lbs": 0.45359237, "ounce": 0.028349523125, "oz": 0.028349523125,
}
# Units whose name is also a currency's: an amount the tagger calls money in them may well be money.
CURRENCY_UNITS = frozenset({"pound"})
_SQUARE = re.compile(r"\b(?:sq|square)\b\.?|²", re.I)
_CUBIC = re.compile(r"\b(?:cu|cubic)\b\.?|³", re.I)


@dataclass(frozen=True)
class Measure:
    """A unit of measure: its dimension (length, area, volume, mass) and its size in the base unit."""

    dimension: str
    factor: float


def measure(head: str, *words: str) -> Measure | None:
    """The unit a counted noun ``head`` is (None for a noun that is no unit: "workers", "ships"); ``words`` (the
    number and the subject as written) say whether a length is squared or cubed."""
    unit = head.lower().rstrip(".")
    text = " ".join(words)
    if unit in LENGTH:
        size = LENGTH[unit]
        if _SQUARE.search(text):
            return Measure("area", size * size)
        if _CUBIC.search(text):
            return Measure("volume", size ** 3 * 1000.0)  # a cubic metre holds 1,000 litres
        return Measure("length", size)
    for dimension, table in (("area", AREA), ("volume", VOLUME), ("mass", MASS)):
        if unit in table:
            return Measure(dimension, table[unit])
    return None


def is_unit(word: str) -> bool:
    """Whether a word as written names a unit of measure ("miles", "km", "inches", "tonnes")."""
    w = word.lower().rstrip(".")
    return any(measure(form) is not None for form in (w, w[:-1] if w.endswith("s") else w,
                                                      w[:-2] if w.endswith("es") else w))
