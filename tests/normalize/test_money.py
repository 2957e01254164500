"""Amounts of money and currencies: named example lists."""

from decimal import Decimal

import pytest

from pipeline.normalize.money import parse_money

DEVELOPMENT = [
    ("85 millions de dollars", 85000000, "USD"),
    ("1 million de dollars singapouriens", 1000000, "SGD"),
    ("800 000 $", 800000, "USD"),
    ("20 M€", 20000000, "EUR"),
    ("20M€", 20000000, "EUR"),
    ("150 000 euros", 150000, "EUR"),
    ("£20m", 20000000, "GBP"),
    ("20 millions de livres sterling", 20000000, "GBP"),
    ("1,2 milliard d'euros", 1200000000, "EUR"),
    ("1,2 milliard d’euros", 1200000000, "EUR"),
    ("2 millions de francs suisses", 2000000, "CHF"),
    ("CHF 2 mio", 2000000, "CHF"),
    ("US$ 5 milliards", 5000000000, "USD"),
    ("150 000 dollars canadiens", 150000, "CAD"),
    ("12 milliards de wons", 12000000000, "KRW"),
    ("65 millions de couronnes norvégiennes", 65000000, "NOK"),
    ("3 Md$", 3000000000, "USD"),
]
NEGATIVES = ["des millions d'euros", "20 lapins", "euros", "quelques dollars"]


@pytest.mark.parametrize(("text", "amount", "currency"), DEVELOPMENT)
def test_development_cases(text, amount, currency):
    money = parse_money(text)
    assert money is not None
    assert (money.amount, money.currency) == (Decimal(amount), currency)


@pytest.mark.parametrize("text", NEGATIVES)
def test_negatives_give_none(text):
    assert parse_money(text) is None
