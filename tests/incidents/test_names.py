"""Organisation names across outlets: which spellings are one organisation, which only share a word."""

from __future__ import annotations

import pytest

from pipeline.incidents.names import OrgName

SAME = [  # (one spelling, another): the same organisation
    ("TransAlpin Mobilité SA", "TransAlpin"),
    ("TransAlpin Mobilité", "TransAlpin Mobilité France"),
    ("CHIVA", "Centre hospitalier intercommunal du Val-d'Arnon"),
    ("FFRC", "Fédération française de randonnée cycliste"),
    ("Mutuelle Arcadie", "Arcadie Mutuelle"),
    ("RayonVert.fr", "Rayon Vert"),
    ("Ferrand Immo", "Ferrand Immobilier"),
    ("FERRAND IMMOBILIER", "Ferrand Immobilier SAS"),
    ("Alexa", "Amazon"),  # a product names its company (models/lexicons/products.tsv)
]
PARTIAL = [  # only the distinctive words agree: other evidence must decide
    ("Orvalis Assurances", "Orvalis Mutuelle"),
    ("Clinique Arcadie", "Arcadie Mutuelle"),
]
DIFFERENT = [
    ("Lumina Énergie", "Lumina Mobilité"),
    ("Crédit Rhodanien", "Crédit Agricole"),
    ("Nordel Télécom", "Boréalis Commerce"),
    ("Im", "Immobilier Ferrand"),
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_spellings_of_one_organisation_match(a, b):
    assert OrgName.of(a).match(OrgName.of(b)) == 1.0
    assert OrgName.of(b).match(OrgName.of(a)) == 1.0


@pytest.mark.parametrize(("a", "b"), PARTIAL)
def test_names_sharing_their_distinctive_words_match_in_part(a, b):
    assert OrgName.of(a).match(OrgName.of(b)) == 0.5


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_other_organisations_do_not_match(a, b):
    assert OrgName.of(a).match(OrgName.of(b)) == 0.0


def test_matching_names_share_a_blocking_key():
    for a, b in SAME + PARTIAL:
        assert OrgName.of(a).blocking_keys() & OrgName.of(b).blocking_keys(), (a, b)


def test_a_two_letter_acronym_is_no_blocking_key():
    """"VA" would put every "Valmor Assurances", "Vexia Assistance"... in one block."""
    assert "w:va" not in OrgName.of("Valmor Assurances").blocking_keys()
    assert "w:chiva" in OrgName.of("Centre hospitalier intercommunal du Val-d'Arnon").blocking_keys()
