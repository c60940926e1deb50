"""Units of measure (newsweave.measures): which counted nouns are units, in what dimension, of what size."""

from __future__ import annotations

import pytest

from newsweave.measures import is_unit, measure


@pytest.mark.parametrize("head, words, dimension, factor", [
    ("mile", ["52 miles"], "length", 1609.344),
    ("km", ["84km"], "length", 1000.0),
    ("foot", ["5,000 feet", "feet of water"], "length", 0.3048),
    ("mile", ["about 580 sq miles", "miles"], "area", 1609.344 ** 2),
    ("km", ["1,500", "square km"], "area", 1e6),
    ("acre", ["40 acres"], "area", 4046.8564224),
    ("barrel", ["1,000 barrels", "barrels of oil"], "volume", 42 * 3.785411784),
    ("gallon", ["42,000 gallons"], "volume", 3.785411784),
    ("foot", ["2 million cubic feet"], "volume", 0.3048 ** 3 * 1000),
    ("tonne", ["300 tonnes"], "mass", 1000.0),
    ("lb", ["12 lbs"], "mass", 0.45359237),
])
def test_a_unit_has_a_dimension_and_a_size_in_its_base_unit(head, words, dimension, factor):
    found = measure(head, *words)
    assert found is not None and found.dimension == dimension and found.factor == pytest.approx(factor)


def test_a_barrel_of_oil_is_42_gallons():
    assert 1000 * measure("barrel").factor == pytest.approx(42_000 * measure("gallon").factor)


@pytest.mark.parametrize("head", ["worker", "ship", "degree", "m", "people", ""])
def test_other_nouns_are_no_unit(head):
    assert measure(head) is None


def test_units_as_written():
    assert all(is_unit(w) for w in ("miles", "km", "feet", "inches", "tonnes", "Gallons"))
    assert not any(is_unit(w) for w in ("water", "oil", "workers", "sq"))
