"""French date expressions: precision, relative dates and the year rule of SCHEMA.md."""

import pytest

from pipeline.normalize.dates import parse_date_expression, parse_publication_date

EXPRESSIONS = [  # (text, base (publication date), expected)
    ("novembre 2013", None, "2013-11"),
    ("depuis novembre 2013", None, "2013-11"),
    ("le 3 mars 2022", None, "2022-03-03"),
    ("depuis 2013", None, "2013"),
    ("fin janvier 2022", None, "2022-01"),
    ("mi-mars 2022", None, "2022-03"),
    ("dimanche 1er août", "2021-08-02", "2021-08-01"),
    ("en avril", "2023-06-01", "2023-04"),
    ("le 14 juillet", "2023-07-20", "2023-07-14"),
    ("mardi dernier", "2023-03-10", "2023-03-07"),
    ("l'année dernière", "2023-03-10", "2022"),
    ("en décembre", "2023-03-10", "2022-12"),  # no year: the last December before publication
]
NO_YEAR_NO_BASE = ["en avril", "dimanche 1er août", "le 14 juillet", "mardi dernier"]


@pytest.mark.parametrize(("text", "base", "expected"), EXPRESSIONS)
def test_expressions(text, base, expected):
    assert parse_date_expression(text, base=base) == expected


@pytest.mark.parametrize("text", NO_YEAR_NO_BASE)
def test_a_date_without_year_needs_the_publication_date(text):
    assert parse_date_expression(text) is None


BYLINES = [
    ("Par Sebastien Veyrier, publié le 21 décembre 2018 à 14h30.", "2018-12-21"),
    ("Publié le 02/08/2021 07:26", "2021-08-02"),
    ("date 2020-05", "2020-05"),
    ("Rédaction — 14.06.2022", "2022-06-14"),
    ("Le 3 février 2022 à 18:05", "2022-02-03"),
    ("Mis à jour le 9 février 2024", "2024-02-09"),
]


@pytest.mark.parametrize(("text", "expected"), BYLINES)
def test_publication_dates_from_bylines(text, expected):
    assert parse_publication_date(text) == expected


@pytest.mark.parametrize("text", ["hier", "Par la rédaction", "Temps de lecture : 3 min."])
def test_bylines_without_a_date(text):
    assert parse_publication_date(text) is None
