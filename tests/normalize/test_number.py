"""French numbers: named example lists (development cases, bugs caught, negatives)."""

from decimal import Decimal

import pytest

from pipeline.normalize.number import parse_number

DEVELOPMENT = [
    ("1 700", 1700),
    ("1\u00a0700", 1700),
    ("1\u202f200\u202f000", 1200000),
    ("1.700.000", 1700000),
    ("250'000", 250000),
    ("2,15 millions", 2150000),
    ("36,8 millions", 36800000),
    ("1,2 Md", 1200000000),
    ("1,2 milliard", 1200000000),
    ("3 Mds", 3000000000),
    ("20 M", 20000000),
    ("10k", 10000),
    ("trois millions", 3000000),
    ("vingt-deux mille", 22000),
    ("quatre-vingt-dix", 90),
    ("soixante et onze", 71),
    ("deux cent cinquante mille", 250000),
    ("un million", 1000000),
    ("mille", 1000),
]
NEGATIVES = ["des milliers", "millions", "une vingtaine", "beaucoup", "", "2 lapins", "1,2,3"]


@pytest.mark.parametrize(("text", "expected"), DEVELOPMENT)
def test_development_cases(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", NEGATIVES)
def test_negatives_give_none(text):
    assert parse_number(text) is None


def test_decimal_comma_without_scale_stays_decimal():
    assert parse_number("1,5") == Decimal("1.5")
