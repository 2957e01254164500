"""Gold objects from the page: checked against SCHEMA's lists and formats, built from a prediction."""

from __future__ import annotations

import pytest

from pipeline.review.labels import check_date, check_gold, prediction_to_gold
from tests.review.samples import records

DATES = [("2024", "2024"), ("2024-03", "2024-03"), ("2024-02-29", "2024-02-29"), ("", None), (None, None)]
BAD_DATES = ["2024-13", "2024-02-30", "24-03-01", "mars 2024", "2024-3"]

CHECKED = [
    ({"victim_count": "12 000", "victim_unit": "customers"}, {"victim_count": 12000, "victim_unit": "customers"}),
    ({"victim_count": None, "victim_unit": "customers"}, {"victim_count": None}),
    ({"penalties": [["1500.50", "eur"]]}, {"penalties": [[1500.5, "EUR"]]}),
    ({"company": ["  Acme  SA ", "Acme", ""]}, {"company": ["Acme SA", "Acme"]}),
    ({"data_types": ["email", "email", "health"]}, {"data_types": ["email", "health"]}),
    ({"notes": "kept as is"}, {"notes": "kept as is"}),
]
PROBLEMS = [
    ({"data_types": ["emails"]}, "data_types: unknown code emails"),
    ({"cause": ["hack"]}, "cause: unknown code hack"),
    ({"victim_count": -3}, "victim_count"),
    ({"victim_count": "beaucoup"}, "victim_count"),
    ({"victim_unit": "people"}, "victim_unit: unknown unit"),
    ({"penalties": [[100, "euros"]]}, "ISO 4217"),
    ({"penalties": [[0, "EUR"]]}, "above 0"),
    ({"is_incident": "yes"}, "is_incident"),
    ({"doc_id": "other"}, "does not match"),
]


@pytest.mark.parametrize(("value", "expected"), DATES)
def test_dates_at_any_precision(value, expected) -> None:
    assert check_date(value) == expected


@pytest.mark.parametrize("value", BAD_DATES)
def test_bad_dates_are_messages(value) -> None:
    checked = check_gold({"date": value}, "d")
    assert not checked.ok and checked.problems[0].startswith("date: ")


@pytest.mark.parametrize(("data", "expected"), CHECKED)
def test_values_are_normalised(data, expected) -> None:
    checked = check_gold(data, "d")
    assert checked.ok, checked.problems
    assert checked.gold == {"doc_id": "d", **expected}


@pytest.mark.parametrize(("data", "message"), PROBLEMS)
def test_bad_values_are_messages(data, message) -> None:
    checked = check_gold(data, "d")
    assert any(message in problem for problem in checked.problems), checked.problems


def test_prediction_as_gold_keeps_boilerplate_phrases() -> None:
    acme = records()[0]
    gold = prediction_to_gold(acme, {"keep": ["Acme"], "drop": ["Abonnez-vous"]})
    assert gold == {"doc_id": "acme-fuite", "is_incident": True, "company": ["Acme"], "date": "2024-03-10",
                    "incident_date": "2024-03-03", "data_types": ["email"], "victim_count": 12000,
                    "victim_unit": "customers", "cause": ["cyberattack"], "penalties": [], "keep": ["Acme"],
                    "drop": ["Abonnez-vous"]}
    assert check_gold(gold, "acme-fuite").gold == gold
