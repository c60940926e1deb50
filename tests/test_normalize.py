"""The one normalisation step (what is stored) and the one escaping step (what is printed)."""

from __future__ import annotations

import json
import unicodedata

import pytest

from newsweave import normalize


@pytest.mark.parametrize("raw, stored", [
    ("Pes\u200dkov", "Peskov"),                       # a joiner inside a Latin name splits nothing
    ("\ufeffDonald Trump", "Donald Trump"),           # byte-order mark
    ("a\x1b[2Jb", "ab"),                               # CSI sequence removed whole, no "[2J" left
    ("x\x1b]0;title\x07y", "xy"),                      # OSC with its payload
    ("x\x9b2Jy", "xy"),                                # one-byte CSI
    ("\u202eevil\u202c", "evil"),                      # direction override and pop
    ("caf\u0065\u0301", "caf\u00e9"),                  # NFC
    ("A\u00a0B\u2009C\u3000D", "A B C D"),             # every kind of space is one space
    ("one\u2028two\r\nthree\rfour", "one\ntwo\nthree\nfour"),
    ("bell\x07 nul\x00 del\x7f", "bell nul del"),
    ("\u0645\u200c\u0627", "\u0645\u200c\u0627"),      # Persian keeps its zero-width non-joiner
    ("Photograph: Maria Lind\\/AP", "Photograph: Maria Lind/AP"),  # a slash escaped twice by a JSON encoder
])
def test_text(raw, stored):
    assert normalize.text(raw) == stored


def test_unterminated_osc_does_not_swallow_the_text():
    assert normalize.text("x\x1b]0;no end\nthe rest of the article") == "x\nthe rest of the article"


def test_meta_is_one_line_or_none():
    assert normalize.meta("  Coast\n\tNews \u200b ") == "Coast News"
    assert normalize.meta("\u200b\ufeff") is None and normalize.meta(None) is None


def test_printable_shows_what_a_terminal_would_obey():
    assert normalize.printable("Evil\x1b[2J News\u202e\x07") == "Evil\\x1b[2J News\\u202e\\x07"
    assert normalize.printable("caf\u00e9 \u0645\u200c\u0627\n\tok") == "caf\u00e9 \u0645\u200c\u0627\n\tok"


def test_json_safe_keeps_the_data():
    value = {"t": "a\x9b\u202eb\u200bc"}
    dumped = normalize.json_safe(json.dumps(value, ensure_ascii=False))
    assert "\x9b" not in dumped and "\u202e" not in dumped and json.loads(dumped) == value


@pytest.mark.parametrize("char", ["\u2009", "\u00a0", "\u2028", "\u0085", "\r", "\u200b", "\u200d", "\x1b", "\x9b",
                                  "\u202e", "\u00ad", "\x00"])
def test_each_character_a_rule_changes_is_changed_even_alone_among_accented_letters(char):
    # text() skips its rules for a value holding none of the characters they change: every one of them must count
    value = f"caf\u00e9 d{char}e\u0301j\u00e0"
    assert normalize.text(value) != unicodedata.normalize("NFC", value)
