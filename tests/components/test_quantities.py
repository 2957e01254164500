"""The quantity ruler: money, counts and dates matched around their triggers."""

from __future__ import annotations

import pytest

from pipeline.components.quantities import pattern_triggers


def spans(nlp, text: str, key: str) -> list[tuple[str, str]]:
    doc = nlp(text)
    return [(span.text, span.label_) for span in doc.spans[key]]


@pytest.mark.parametrize(("text", "expected"), [
    ("Les données de 2,15 millions de clients ont fuité.", [("2,15 millions de clients", "customers")]),
    ("Près de 1 700 patients sont concernés.", [("1 700 patients", "persons")]),
    ("Un million de comptes ont été piratés.", [("Un million de comptes", "accounts")]),
])
def test_counts_are_labelled_with_the_unit_of_their_head_noun(nlp, text, expected) -> None:
    assert spans(nlp, text, "counts") == expected


def test_un_and_une_alone_are_not_counts(nlp) -> None:
    assert spans(nlp, "Une cliente a reçu un courriel.", "counts") == []


def test_money_and_dates_in_the_same_sentence(nlp) -> None:
    doc = nlp("Le 3 mars 2024, la CNIL a infligé une amende de 20 M€ à la société.")
    assert [s.text for s in doc.spans["dates"]] == ["3 mars 2024"]
    assert [s.text for s in doc.spans["money"]] == ["20 M€"]


def test_a_pattern_without_a_trigger_is_refused() -> None:
    assert pattern_triggers([{"LOWER": "le"}, {"LOWER": "de"}]) is None
    assert pattern_triggers([{"LOWER": "le"}, {"LOWER": "mois"}, {"LOWER": "dernier"}]) == {"mois", "dernier"}
