"""Numbers in words and digits (newsweave.nlp.numbers)."""

import pytest

from newsweave.nlp.numbers import parse_digits, parse_number, parse_ordinal, split_hedge


@pytest.mark.parametrize("text, value", [
    ("three", 3), ("twenty-five", 25), ("1.2 million", 1_200_000), ("1,200", 1200), ("twice", 2),
    ("three-and-a-half", 3.5), ("a dozen", 12), ("two hundred thousand", 200_000), ("20%", 20),
    ("thousand", 1000), ("$5 billion", 5_000_000_000), ("a million", 1_000_000),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "several", "many people", "the"])
def test_not_numbers(text):
    assert parse_number(text) is None


def test_ordinals_and_hedges():
    assert parse_ordinal("third") == 3 and parse_ordinal("21st") == 21 and parse_ordinal("thirds") is None
    assert split_hedge("roughly 20%") == ("roughly", "20%")
    assert split_hedge("more than 300") == ("more than", "300")
    assert split_hedge("300") == (None, "300")


@pytest.mark.parametrize("text, decimal_comma, value", [
    ("1,5", True, 1.5), ("12.000", True, 12_000), ("12 000", True, 12_000), ("12\u00a0000", True, 12_000),
    ("1.234.567,8", True, 1_234_567.8), ("12,50", True, 12.5), ("0,125", True, 0.125),
    ("2,000", True, 2_000), ("1,500,000", True, 1_500_000), ("1.5", True, 1.5), ("40", True, 40),
    ("1,200", False, 1_200), ("3.25", False, 3.25),
])
def test_parse_digits_reads_a_language_s_decimal_comma_and_thousands(text, decimal_comma, value):
    assert parse_digits(text, decimal_comma) == value


def test_parse_digits_refuses_what_is_not_a_number():
    assert parse_digits("1,5", False) is None and parse_digits("12-3", True) is None
