"""Numbers written in words or digits, normalised: 'three' 3, '1.2 million' 1200000, 'twice' 2,
'three-and-a-half' 3.5, 'a dozen' 12, 'roughly 20%' 20 (with the hedge kept apart)."""

from __future__ import annotations

import re

_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "trillion": 1_000_000_000_000, "bn": 1_000_000_000, "m": 1_000_000, "k": 1_000}
_OTHER = {"a": 1, "an": 1, "dozen": 12, "half": 0.5, "quarter": 0.25, "once": 1, "twice": 2, "thrice": 3,
          "single": 1, "double": 2, "triple": 3, "couple": 2, "dozens": 24, "hundreds": 200, "thousands": 2000}
ADVERB_COUNTS = {"once": 1, "twice": 2, "thrice": 3}
_ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())}
NUMBER_WORDS = set(_UNITS) | set(_TENS) | set(_SCALES) - {"m", "k"} | {"dozen", "half", "twice", "once", "thrice"}
HEDGES = ("more than", "less than", "fewer than", "at least", "at most", "up to", "nearly", "almost",
          "roughly", "about", "around", "approximately", "over", "under", "some", "an estimated", "some",
          "close to", "upwards of", "as many as", "as few as", "as much as", "as little as")
_DIGITS = re.compile(r"^[$\u20ac\u00a3]?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?%?$")


def parse_number(text: str) -> float | None:
    """The value of a number phrase, or None when it is not one."""
    words = [w for w in re.split(r"[\s\-]+", text.lower().strip().replace("per cent", "%")) if w and w != "and"]
    if not words:
        return None
    total = 0.0
    current = 0.0
    seen = False
    for w in words:
        w = w.strip(",")
        m = _DIGITS.match(w)
        if m:
            current += float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else ""))
            seen = True
        elif w in _UNITS:
            current += _UNITS[w]
            seen = True
        elif w in _TENS:
            current += _TENS[w]
            seen = True
        elif w in ("half", "quarter"):
            current = current + _OTHER[w] if current else _OTHER[w]
            seen = True
        elif w in _SCALES:
            scale = _SCALES[w]
            current = (current or 1) * scale
            if scale >= 1000:
                total += current
                current = 0
            seen = True
        elif w in _OTHER:
            current += _OTHER[w] if w not in ("a", "an") else 0
            if w in ("a", "an"):
                continue
            seen = True
        elif w == "%":
            continue
        else:
            return None
    value = total + current
    return value if seen else None


def parse_ordinal(text: str) -> int | None:
    t = text.lower()
    if t in _ORDINALS:
        return _ORDINALS[t]
    m = re.match(r"^(\d+)(st|nd|rd|th)$", t)
    return int(m.group(1)) if m else None


def split_hedge(text: str) -> tuple[str | None, str]:
    """('roughly', '20%') from 'roughly 20%'."""
    low = text.lower()
    for hedge in sorted(HEDGES, key=len, reverse=True):
        if low.startswith(hedge + " "):
            return hedge, text[len(hedge) + 1:]
    return None, text


# Languages that write a decimal comma and group thousands with a point or a space ("1,5", "12.000", "12 000").
DECIMAL_COMMA = frozenset({"de", "fr", "es", "it", "pt", "ru", "uk", "tr", "pl", "nl"})
_GROUPED = re.compile(r"^\d{1,3}(?:[.\u00a0\u202f '’]\d{3})+(?:,\d+)?$")


def parse_digits(text: str, decimal_comma: bool) -> float | None:
    """The value of a number written in digits the way a language writes it: with ``decimal_comma``, "1,5" is
    1.5 and "12.000" or "12 000" twelve thousand. A comma before exactly three digits groups thousands whatever
    the language ("2,000" in a Mexican outlet or a machine translation: a decimal written to three places is
    rare in news), unless the whole part is 0 ("0,125")."""
    t = text.strip()
    if not decimal_comma or re.fullmatch(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?", t):
        m = _DIGITS.match(t)
        return float(m.group(1).replace(",", "") + ("." + m.group(2) if m.group(2) else "")) if m else None
    if _GROUPED.match(t):
        whole, _, fraction = t.partition(",")
        return float(re.sub(r"\D", "", whole) + ("." + fraction if fraction else ""))
    if re.fullmatch(r"\d+(?:,\d+)?", t):
        return float(t.replace(",", "."))
    if re.fullmatch(r"\d+\.\d+", t):  # "1.5" in a language of decimal commas: an outlet writing the English way
        return float(t)
    return None
