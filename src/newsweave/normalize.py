"""One normalisation step for everything that enters the store, and one escaping step for everything shown.

Scraped text carries characters a reader never sees but every comparison does: a zero-width joiner inside a
name ("Pes\\u200dkov" would be a second speaker), a byte-order mark before one ("\\ufeffDonald Trump"), direction
overrides that reorder what a terminal shows (U+202E), C0/C1 controls and NULs, terminal escape sequences, and
the same letter composed two ways. :func:`text` (article text) and :func:`meta` (one-line metadata: titles,
outlets, authors, paths, reasons) remove or unify all of them; the pipeline's ``normalize`` stage applies them
to every article and the store applies :func:`meta` to every failure it records, so nothing that is stored has
skipped it.

:func:`printable` is the output side: what a terminal would act on rather than show (controls, escapes,
direction overrides) becomes a visible ``\\x1b``-style escape. The CLI's consoles apply it to every segment they
print, so no command can forget it.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that are invisible in text and carry no meaning in the languages newsweave reads: zero-width
# space, word joiner, byte-order mark / zero-width no-break space, soft hyphen, Mongolian vowel separator,
# invisible operators, interlinear annotation marks, and the bidi marks, embeddings, overrides and isolates.
_INVISIBLE = ("\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064"
              "\u2066-\u206f\ufeff\ufff9-\ufffb")
# C0 controls other than tab and newline, DEL, and the C1 controls (U+0080-U+009F: 0x9B is a one-byte CSI).
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f"
# An ANSI/VT escape sequence (CSI, OSC terminated by BEL or ST, or a two-character escape): dropped whole, so
# no leftover such as "[2J" ends up inside a title or an entity alias.
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b\n]{0,256}(?:\x07|\x1b\\)?|[@-Z\\-_])"
                              r"|\x9b[0-?]*[ -/]*[@-~]")
_DROP = re.compile(f"[{_INVISIBLE}{_CONTROLS}]")
# Zero-width (non-)joiners shape Arabic, Persian and Indic script and emoji sequences; between letters of
# scripts that never use them (Latin, Greek, Cyrillic, Armenian: below U+0590) they only split a word.
_JOINER = re.compile(r"(?<=[\u0000-\u058f])[\u200c\u200d]+|[\u200c\u200d]+(?=[\u0000-\u058f])")
# Spaces other than the ASCII one (no-break, thin, em, ideographic...) become one ASCII space; line and
# paragraph separators become newlines.
_SPACE_CHARS = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SPACES = re.compile(f"[{_SPACE_CHARS}]")
_LINE_SEPARATORS = re.compile(r"[\u2028\u2029\u0085]|\r\n?")
# A character every one of the patterns above starts with (escapes begin with \x1b or \x9b and \r is a control):
# a value without one is changed only by the NFC step.
_ANY_CHANGED = re.compile(f"[{_INVISIBLE}{_CONTROLS}\u200c\u200d{_SPACE_CHARS}\u2028\u2029]")


def strip_escape_sequences(value: str) -> str:
    """``value`` without terminal escape sequences (each removed whole, parameters and all)."""
    return _ESCAPE_SEQUENCE.sub("", value)


def text(value: str) -> str:
    """Article text as it is stored: NFC, no escape sequences, controls (bar tab and newline), invisible or
    direction-control characters, one kind of space, ``\\n`` line ends; a slash a JSON encoder escaped twice
    ("Dave Martin\\/AP") is a slash."""
    if "\\/" in value:
        value = value.replace("\\/", "/")
    if value.isascii() and value.isprintable():
        return value  # nothing below would change it (most lines of English text)
    if not _ANY_CHANGED.search(value):
        return unicodedata.normalize("NFC", value)  # (most lines of the rest: curly quotes, accents)
    value = _LINE_SEPARATORS.sub("\n", value)
    value = _ESCAPE_SEQUENCE.sub("", value)
    value = _JOINER.sub("", value)
    value = _DROP.sub("", value)
    value = _SPACES.sub(" ", value)
    return unicodedata.normalize("NFC", value)


def fold_case(value: str) -> str:
    """``value`` with the letters a case-blind pattern (``re.IGNORECASE``) takes for one another made one, for a quick
    test of words before such a pattern runs: ``casefold``, and the Turkish dotted and dotless i as "i" (checked over
    all of Unicode for the letters of the share-button and month words such tests look for)."""
    return value.replace("\u0130", "i").casefold().replace("\u0131", "i")


def meta(value: str | None) -> str | None:
    """A metadata value (title, outlet, author, URL, path, reason) as it is stored: :func:`text` on one line,
    with runs of whitespace collapsed and the ends trimmed. ``None`` (and a value that normalises to nothing)
    stays ``None``."""
    if value is None:
        return None
    value = " ".join(text(value).split())
    return value or None


_UNPRINTABLE = re.compile(f"[{_INVISIBLE}{_CONTROLS}\u2028\u2029]")


def printable(value: str) -> str:
    """``value`` safe to write to a terminal: every control, escape and direction-control character is shown as
    an escape (``\\x1b``, ``\\u202e``) instead of acted on. Tab and newline are kept."""
    return _UNPRINTABLE.sub(_show, value)


def _show(m: re.Match) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


_JSON_UNSAFE = re.compile(f"[\x7f-\x9f{_INVISIBLE}\u200c\u200d\u2028\u2029]")


def json_safe(dumped: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``, which escapes only C0 controls) with DEL, C1,
    invisible and direction-control characters written as ``\\uXXXX`` escapes: the same data, safe on a
    terminal."""
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", dumped)
